"""The read side: one generation of an index loaded for searching (:class:`LoadedIndex`), and
the list of its reports."""

from __future__ import annotations

import json
import sqlite3
import weakref
from functools import cached_property
from pathlib import Path

import numpy as np

from wrsearch.errors import IndexUnavailable
from wrsearch.index.layout import SCHEMA_VERSION, ReaderHold, default_index_dir, hold_current
from wrsearch.index.lexical import BM25Index, Tokenizer
from wrsearch.index.store import ITEM_VECTORS_FILE, ITEMS_FILE, TASK_VECTORS_FILE, ItemColumns, ItemStore
from wrsearch.index.vectors import configure, read_vector_index


class LoadedIndex:
    """Everything a search needs, read from one generation. Items are read by position when
    needed (``items``, an :class:`ItemStore`); what every query filters on is in ``columns``;
    vectors and the FAISS index are memory-mapped. Chunk texts load only when asked for
    (``chunks``): searching needs just the chunk → item positions.

    While it lives it holds a reader claim on its generation (``hold``), so no writer deletes
    the files it still reads (chunks.jsonl, the memory-mapped vectors); :meth:`close` or
    garbage collection gives the claim up."""

    def __init__(
        self,
        folder: Path,
        manifest: dict,
        reports: list[dict],
        items: ItemStore,
        chunk_item: np.ndarray,
        vectors: np.ndarray,
        faiss_index: object,
        bm25: BM25Index,
        tokenizer: Tokenizer,
        hold: ReaderHold | None = None,
        columns: ItemColumns | None = None,
    ) -> None:
        self.folder, self.manifest, self.reports, self.items = folder, manifest, reports, items
        self.chunk_item, self.vectors, self.faiss_index = chunk_item, vectors, faiss_index
        self.bm25, self.tokenizer = bm25, tokenizer
        self.columns = columns if columns is not None else ItemColumns.of_items(items)
        self._release = weakref.finalize(self, hold.release) if hold is not None else None

    def close(self) -> None:
        """Give up the reader claim now (it is also given up when the index is collected).
        The item store stays readable: requests still running on this generation finish."""
        if self._release is not None:
            self._release()

    @cached_property
    def item_vectors(self) -> np.ndarray:
        """Each item's mean chunk vector, L2-normalised (memory-mapped)."""
        return np.load(self.folder / ITEM_VECTORS_FILE, mmap_mode="r")

    @cached_property
    def task_vectors(self) -> np.ndarray:
        """Each item's task chunk vector (memory-mapped)."""
        return np.load(self.folder / TASK_VECTORS_FILE, mmap_mode="r")

    @cached_property
    def chunks(self) -> list[dict]:
        with (self.folder / "chunks.jsonl").open(encoding="utf-8") as lines:
            return [json.loads(line) for line in lines]


def hold_live(index_dir: Path):
    """The live generation's folder and a reader hold on it; :class:`IndexUnavailable` if none."""
    held = hold_current(index_dir)
    if held is None:
        raise IndexUnavailable(f"{index_dir} 中没有索引;请先建立索引:wrsearch index")
    return held


def load_index(index_dir: str | Path | None = None) -> LoadedIndex:
    """Load the live generation of an index; raises :class:`IndexUnavailable` if there is none."""
    index_dir = default_index_dir(index_dir)
    folder, hold = hold_live(index_dir)
    try:
        return _load_generation(index_dir, folder, hold)
    except BaseException:
        hold.release()
        raise


def _load_generation(index_dir: Path, folder: Path, hold: ReaderHold) -> LoadedIndex:
    if not (folder / "manifest.json").exists():
        raise IndexUnavailable(f"{index_dir} 中没有索引;请先建立索引:wrsearch index")
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        if manifest.get("schema_version") != SCHEMA_VERSION:
            raise IndexUnavailable(
                f"{index_dir}:索引格式版本不符(index schema {manifest.get('schema_version')},"
                f"本程序读 schema {SCHEMA_VERSION});请重建:wrsearch index"
            )
        faiss_index, bm25 = None, None  # the Milvus backend searches its collection instead
        if manifest.get("backend", "local") == "local":
            faiss_index = read_vector_index(folder / "faiss.index")
            configure(faiss_index, manifest.get("faiss_index", {}))
            bm25 = BM25Index.load(folder)
        parts = {
            "reports": json.loads((folder / "reports.json").read_text("utf-8")),
            "chunk_item": np.load(folder / "chunk_items.npy", mmap_mode="r"),
            "vectors": np.load(folder / "vectors.npy", mmap_mode="r"),
            "bm25": bm25,
            "tokenizer": Tokenizer.load(folder),
            "columns": ItemColumns.load(folder),
        }
        items = ItemStore(folder / ITEMS_FILE)  # last: nothing after it can fail and leave it open
        if len(items) != len(parts["columns"]):
            items.close()
            raise ValueError(f"{ITEMS_FILE} has {len(items)} items, the columns {len(parts['columns'])}")
        return LoadedIndex(folder=folder, manifest=manifest, items=items, faiss_index=faiss_index, hold=hold, **parts)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, sqlite3.Error) as error:
        # RuntimeError: faiss on a damaged faiss.index; TypeError: a record of another shape;
        # sqlite3.Error: a damaged items.sqlite.
        raise IndexUnavailable(f"{index_dir}:索引无法读取({error});请重建:wrsearch index") from None


REPORT_FIELDS = ("id", "title", "year", "period", "issuer", "found", "kind", "items", "origin", "added", "source")


def report_rows(infos: list[dict]) -> list[dict]:
    """The listed fields of ``reports.json`` records."""
    return [{name: info.get(name) for name in REPORT_FIELDS} for info in infos]


def list_reports(index_dir: str | Path | None = None) -> list[dict]:
    """id, title, year, period, kind, items, origin, added and source of every report of the
    live generation (held while it is read, so a writer cannot delete it underneath)."""
    index_dir = default_index_dir(index_dir)
    folder, hold = hold_live(index_dir)
    try:
        infos = json.loads((folder / "reports.json").read_text("utf-8"))
        if not isinstance(infos, list) or not all(isinstance(info, dict) for info in infos):
            raise ValueError("reports.json is not a list of reports")
    except (OSError, ValueError) as error:
        raise IndexUnavailable(f"{index_dir}:索引无法读取({error});请重建:wrsearch index") from None
    finally:
        hold.release()
    return report_rows(infos)
