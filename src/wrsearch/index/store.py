"""The item store of one generation: full items in SQLite, read by position when needed, and
the few fields every query filters on as compact numpy columns.

Held as Python objects, a million chunks' items cost gigabytes and tens of seconds to read
at start, while a query needs only its hits. So a generation keeps:

- ``items.sqlite``: one row an item (position, id, JSON record), read through a small LRU
  cache by :class:`ItemStore`, a read-only sequence (``len``, indexing, iteration) that
  stands where the list of items stood;
- ``columns.npz`` and ``columns.json``: each item's report, year, period, issuer, kind
  (numbered or passage), task and publisher as integer codes, and its departments as codes
  in CSR form (:class:`ItemColumns`), loaded at start: a filter is one vectorised comparison;
- ``item_vectors.npy`` and ``task_vectors.npy``: each item's mean chunk vector and its task
  chunk's vector (:func:`item_vector_files`), memory-mapped: similar and related read the
  rows they need.

SQLite (the standard library's) because one file a generation reads any row by key in
microseconds, needs no server, and is written once and never changed: readers open it
``immutable``, without locks.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wrsearch.models import Item

ITEMS_FILE = "items.sqlite"
COLUMNS_FILE = "columns.npz"
LABELS_FILE = "columns.json"
ITEM_VECTORS_FILE = "item_vectors.npy"
TASK_VECTORS_FILE = "task_vectors.npy"
CACHE_ITEMS = 4096  # items kept decoded: a page of hits, its statuses and answers reuse them
WRITE_BATCH = 5000
READ_BATCH = 2000


def publisher_of(task_key: str | None) -> str | None:
    """Who publishes the task's reports: ``wuchang`` of ``wuchang-2021-4dd0673d6e``."""
    return task_key.rsplit("-", 2)[0] if task_key else None


# -- columns --------------------------------------------------------------------------------
class _Codes:
    """Values → small integer codes in order of first appearance (-1 for None)."""

    def __init__(self) -> None:
        self.labels: list[str] = []
        self._code: dict[str, int] = {}

    def __call__(self, value: str | None) -> int:
        if value is None:
            return -1
        code = self._code.get(value)
        if code is None:
            code = self._code[value] = len(self.labels)
            self.labels.append(value)
        return code


@dataclass
class ItemColumns:
    """The fields of every item that filters and relations compare, as numpy arrays (one
    entry an item, by position) with their labels. Codes are -1 where the field is None."""

    report: np.ndarray  # int32 code into ``reports``
    year: np.ndarray  # int32, -1 for none
    period: np.ndarray  # int16 code into ``periods``
    issuer: np.ndarray  # int16 code into ``issuers``
    numbered: np.ndarray  # bool: a numbered item (not a prose passage)
    task: np.ndarray  # int32 code of the task key (the same task in other periods)
    publisher: np.ndarray  # int32 code of the task key's publisher
    dept_indptr: np.ndarray  # int64, n + 1: the departments of item i are dept_ids[indptr[i]:indptr[i+1]]
    dept_ids: np.ndarray  # int32 code into ``departments``, in the item's order
    reports: list[str]
    periods: list[str]
    issuers: list[str]
    departments: list[str]  # in order of first appearance

    ARRAYS = ("report", "year", "period", "issuer", "numbered", "task", "publisher", "dept_indptr", "dept_ids")
    LABELS = ("reports", "periods", "issuers", "departments")

    def __len__(self) -> int:
        return len(self.year)

    @classmethod
    def of_items(cls, items: Iterable[Item]) -> ItemColumns:
        """Columns of ``items`` (streamed: they are not kept)."""
        reports, periods, issuers, tasks, publishers, departments = (_Codes() for _ in range(6))
        rows: list[tuple[int, int, int, int, bool, int, int]] = []
        indptr, dept_ids = [0], []
        for item in items:
            rows.append(
                (
                    reports(item.report),
                    item.year if item.year is not None else -1,
                    periods(item.period or None),
                    issuers(item.issuer or None),
                    item.no is not None,
                    tasks(item.task_key or None),
                    publishers(publisher_of(item.task_key)),
                )
            )
            dept_ids.extend(departments(name) for name in item.departments)
            indptr.append(len(dept_ids))
        table = np.array(rows, dtype=np.int64).reshape(-1, 7)
        return cls(
            report=table[:, 0].astype(np.int32),
            year=table[:, 1].astype(np.int32),
            period=table[:, 2].astype(np.int16),
            issuer=table[:, 3].astype(np.int16),
            numbered=table[:, 4].astype(bool),
            task=table[:, 5].astype(np.int32),
            publisher=table[:, 6].astype(np.int32),
            dept_indptr=np.array(indptr, dtype=np.int64),
            dept_ids=np.array(dept_ids, dtype=np.int32),
            reports=reports.labels,
            periods=periods.labels,
            issuers=issuers.labels,
            departments=departments.labels,
        )

    def save(self, folder: Path) -> None:
        with open(folder / COLUMNS_FILE, "wb") as handle:
            np.savez(handle, **{name: getattr(self, name) for name in self.ARRAYS})
        labels = {name: getattr(self, name) for name in self.LABELS}
        (folder / LABELS_FILE).write_text(json.dumps(labels, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, folder: Path) -> ItemColumns:
        with np.load(folder / COLUMNS_FILE) as arrays:
            loaded = {name: arrays[name] for name in cls.ARRAYS}
        labels = json.loads((folder / LABELS_FILE).read_text("utf-8"))
        return cls(**loaded, **{name: labels[name] for name in cls.LABELS})

    # -- masks ------------------------------------------------------------------------------
    def equals(self, column: str, value: str | None) -> np.ndarray:
        """Items whose ``column`` (report, period or issuer) is ``value``; none if it is unknown."""
        labels: list[str] = getattr(self, f"{column}s")
        codes: np.ndarray = getattr(self, column)
        if value is None:
            return codes == -1
        try:
            return codes == labels.index(value)
        except ValueError:
            return np.zeros(len(codes), dtype=bool)

    def label(self, column: str, position: int) -> str | None:
        code = int(getattr(self, column)[position])
        return getattr(self, f"{column}s")[code] if code >= 0 else None

    def department_counts(self) -> dict[str, int]:
        """Every department with its number of items, most first (ties: first seen first)."""
        counts = np.bincount(self.dept_ids, minlength=len(self.departments))
        return dict(Counter(dict(zip(self.departments, counts.tolist()))).most_common())

    def department_codes(self, names: Iterable[str]) -> np.ndarray:
        index = {name: code for code, name in enumerate(self.departments)}
        return np.array([index[name] for name in names if name in index], dtype=np.int32)

    def _entry_rows(self) -> np.ndarray:
        return np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.dept_indptr))

    def department_mask(self, names: Iterable[str]) -> np.ndarray:
        """Items that name any of ``names`` among their departments."""
        mask = np.zeros(len(self), dtype=bool)
        wanted = np.isin(self.dept_ids, self.department_codes(names))
        mask[self._entry_rows()[wanted]] = True
        return mask

    def first_department_offset(self, names: Iterable[str], mask: np.ndarray) -> np.ndarray:
        """For each item: where the first of ``names`` stands among its departments (0: it
        is listed first); a large number for items outside ``mask`` or without any of them."""
        rows = self._entry_rows()
        offsets = np.arange(len(self.dept_ids), dtype=np.int64) - self.dept_indptr[rows]
        wanted = np.isin(self.dept_ids, self.department_codes(names)) & mask[rows]
        best = np.full(len(self), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(best, rows[wanted], offsets[wanted])
        return best

    def departments_of(self, position: int) -> np.ndarray:
        return self.dept_ids[self.dept_indptr[position] : self.dept_indptr[position + 1]]


# -- items ----------------------------------------------------------------------------------
def write_items(folder: Path, items: Iterable[Item]) -> int:
    """Write ``items`` (in position order) to ``items.sqlite``; returns how many."""
    path = folder / ITEMS_FILE
    connection = sqlite3.connect(path)
    try:
        # Written once into a folder that is flushed and swapped in as a whole: no journal needed.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("CREATE TABLE items (position INTEGER PRIMARY KEY, id TEXT NOT NULL, record TEXT NOT NULL)")
        count = 0
        batch: list[tuple[int, str, str]] = []
        for item in items:
            batch.append((count, item.id, json.dumps(item.to_record(), ensure_ascii=False, separators=(",", ":"))))
            count += 1
            if len(batch) >= WRITE_BATCH:
                connection.executemany("INSERT INTO items VALUES (?, ?, ?)", batch)
                batch.clear()
        connection.executemany("INSERT INTO items VALUES (?, ?, ?)", batch)
        connection.execute("CREATE UNIQUE INDEX items_id ON items (id)")
        connection.commit()
    finally:
        connection.close()
    return count


class ItemStore(Sequence[Item]):
    """The items of one generation, read from ``items.sqlite`` by position on demand.

    Supports ``len``, ``store[i]`` (negative too), slices and iteration, like the list it
    replaces; :meth:`position` finds an item by id. The last ``cache`` (default 4096)
    items read stay decoded. Thread-safe: the HTTP server reads from several threads."""

    def __init__(self, path: Path, cache: int = CACHE_ITEMS) -> None:
        self.path = path
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        self._connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        # Closed when the store is collected, not with its LoadedIndex: an iteration over
        # ``Engine(...).index.items`` outlives the engine.
        self._closer = weakref.finalize(self, self._connection.close)
        self._lock = threading.Lock()
        self._cache: OrderedDict[int, Item] = OrderedDict()
        self._cache_size = cache
        (self._length,) = self._connection.execute("SELECT count(*) FROM items").fetchone()

    def close(self) -> None:
        with self._lock:
            self._closer()

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.many(range(*index.indices(self._length)))
        position = int(index)
        if position < 0:
            position += self._length
        if not 0 <= position < self._length:
            raise IndexError(f"item position {index} out of range")
        with self._lock:
            item = self._cache.get(position)
            if item is not None:
                self._cache.move_to_end(position)
                return item
            row = self._connection.execute("SELECT record FROM items WHERE position = ?", (position,)).fetchone()
            item = Item.from_record(json.loads(row[0]))
            self._remember(position, item)
        return item

    def _remember(self, position: int, item: Item) -> None:
        self._cache[position] = item
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def many(self, positions: Iterable[int]) -> list[Item]:
        """The items at ``positions``, in that order, read in one query for those not cached."""
        positions = [int(p) for p in positions]
        missing = sorted({p for p in positions if p not in self._cache})
        found: dict[int, Item] = {}
        with self._lock:
            for start in range(0, len(missing), 500):  # SQLite's limit on parameters
                part = missing[start : start + 500]
                marks = ",".join("?" * len(part))
                query = f"SELECT position, record FROM items WHERE position IN ({marks})"
                for position, record in self._connection.execute(query, part):
                    found[position] = Item.from_record(json.loads(record))
            for position, item in found.items():
                self._remember(position, item)
        return [found[p] if p in found else self[p] for p in positions]

    def __iter__(self) -> Iterator[Item]:
        """Every item in order, read in batches (without filling the cache)."""
        for start in range(0, self._length, READ_BATCH):
            with self._lock:
                rows = self._connection.execute(
                    "SELECT record FROM items WHERE position >= ? AND position < ? ORDER BY position",
                    (start, start + READ_BATCH),
                ).fetchall()
            yield from (Item.from_record(json.loads(record)) for (record,) in rows)

    def position(self, item_id: str) -> int | None:
        """Position of the item with this id, or None."""
        with self._lock:
            row = self._connection.execute("SELECT position FROM items WHERE id = ?", (item_id,)).fetchone()
        return None if row is None else int(row[0])


# -- per-item vectors -----------------------------------------------------------------------
def item_vector_arrays(vectors: np.ndarray, chunk_item: np.ndarray, n_items: int) -> tuple[np.ndarray, np.ndarray]:
    """Each item's mean chunk vector (L2-normalised) and its task chunk's vector (the first
    chunk: ``item_chunks`` writes it first, and chunks are stored item by item)."""
    starts = np.searchsorted(chunk_item, np.arange(n_items))
    ends = np.append(starts[1:], len(chunk_item))
    sums = np.zeros((n_items, vectors.shape[1]), dtype=np.float32)
    present = np.flatnonzero(ends > starts)
    for first in range(0, len(present), 65536):  # bounded memory on a memory-mapped array
        rows = present[first : first + 65536]
        low, high = starts[rows[0]], ends[rows[-1]]
        block = np.asarray(vectors[low:high], dtype=np.float32)
        sums[rows] = np.add.reduceat(block, starts[rows] - low, axis=0)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    centroids = sums / np.where(norms == 0, 1, norms)
    tasks = np.zeros_like(sums)
    tasks[present] = np.asarray(vectors[starts[present]], dtype=np.float32)
    return centroids, tasks


def write_item_vectors(folder: Path, vectors: np.ndarray, chunk_item: np.ndarray, n_items: int) -> None:
    centroids, tasks = item_vector_arrays(vectors, chunk_item, n_items)
    np.save(folder / ITEM_VECTORS_FILE, centroids)
    np.save(folder / TASK_VECTORS_FILE, tasks)


def write_store(folder: Path, items: Sequence[Item], vectors: np.ndarray, chunk_item: np.ndarray) -> None:
    """Write the item store of a generation: items, columns and per-item vectors."""
    write_items(folder, items)
    ItemColumns.of_items(items).save(folder)
    write_item_vectors(folder, vectors, chunk_item, len(items))
