"""The index on disk: build it from a corpus folder, swap it in atomically, load it back.

Layout of an index folder (default ``index/``, or ``--index DIR`` / ``WRSEARCH_INDEX``)::

    index/CURRENT          name of the live generation (replaced atomically)
    index/.lock            writers hold an exclusive lock on it
    index/gen-<stamp>/     manifest.json, reports.json, items.jsonl, chunks.jsonl,
                           vectors.npy, chunk_items.npy, faiss.index, bm25/, jieba.dict

A build writes a new generation in a temporary folder and only then points CURRENT at
it, so readers see the old index or the new one, never a mix, and a failed build leaves
the old one untouched. Embeddings are cached by chunk content: re-indexing an unchanged
corpus embeds nothing, a changed item re-embeds only its changed chunks.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from wrsearch.ann import ANN_THRESHOLD, build_vector_index, configure
from wrsearch.calibrate import Calibration, calibrate, tuning_queries
from wrsearch.chunk import Chunk, chunk_item
from wrsearch.embed import DEFAULT_EMBEDDER, Embedder, load_embedder
from wrsearch.errors import BadInput, IndexUnavailable, NotFound
from wrsearch.lexical import BM25Index, Tokenizer, collect_terms
from wrsearch.parse import Item, Report, Segment
from wrsearch.tasks import assign_task_keys

SCHEMA_VERSION = 3
DEFAULT_INDEX_DIR = "index"
DEFAULT_CORPUS_DIR = "corpus"
INDEX_ENV = "WRSEARCH_INDEX"
EMBED_BATCH = 16
LOCK_WAIT_SECONDS = 60.0


class CorpusError(BadInput):
    """The corpus folder or one of its files is unusable (bad input)."""


def default_index_dir(index_dir: str | Path | None = None) -> Path:
    """``index_dir`` if given, else ``$WRSEARCH_INDEX``, else ``index/``."""
    return Path(index_dir or os.environ.get(INDEX_ENV) or DEFAULT_INDEX_DIR)


@dataclass
class BuildSummary:
    """What ``wrsearch index`` reports."""

    reports: int
    items: int
    chunks: int
    embedded: int
    seconds: float
    index: str
    embedder: str
    dim: int
    dropped_lines: dict[str, list[str]] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def item_record(item: Item, report: Report, task_key: str | None = None) -> dict:
    """The JSON form of an item: the contract's fields, then extras."""
    return {
        "id": item.id,
        "report": report.id,
        "no": item.no,
        "title": report.title,
        "year": report.year,
        "period": report.period,
        "departments": item.departments,
        "task": item.task,
        "progress": item.progress,
        "roles": item.roles,
        "lead_departments": item.lead_departments,
        "segments": [asdict(s) for s in item.segments],
        "section": item.section,
        "passage": item.passage,
        "label": item.label,
        "task_key": task_key,
        "kind": "passage" if item.no is None else "item",
    }


@dataclass
class Entry:
    """A report in the index with where it came from: ``origin`` is ``corpus`` (the corpus
    folder, synced by ``wrsearch index``) or ``added`` (``wrsearch add`` / upload, kept
    until removed)."""

    report: Report
    sha256: str
    origin: str
    added: str
    source: str

    @property
    def id(self) -> str:
        return self.report.id


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def read_corpus(corpus_dir: Path) -> list[Entry]:
    """Parse every report file of a folder (.txt, .html, .docx, .pdf), in name order."""
    from wrsearch.ingest import SUFFIXES, read_report

    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    files = sorted(p for p in corpus_dir.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise CorpusError(f"{corpus_dir}: no report files ({', '.join(SUFFIXES)})")
    entries: list[Entry] = []
    for path in files:
        try:
            report = read_report(path)
        except BadInput as error:
            raise CorpusError(str(error)) from None
        if any(entry.id == report.id for entry in entries):
            raise CorpusError(f"two report files with the id '{report.id}' in {corpus_dir}")
        entries.append(Entry(report, hashlib.sha256(path.read_bytes()).hexdigest(), "corpus", now(), path.name))
    return entries


@contextmanager
def writer_lock(index_dir: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the index's exclusive writer lock; wait up to ``wait`` seconds for another writer
    (default ``$WRSEARCH_LOCK_WAIT`` or 60)."""
    if wait is None:
        wait = float(os.environ.get("WRSEARCH_LOCK_WAIT", LOCK_WAIT_SECONDS))
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise IndexUnavailable(
                        f"{index_dir}: another process is writing the index (waited {wait:g} s); try again"
                    ) from None
                time.sleep(0.2)
        # A writer killed mid-build leaves its temporary folder behind; nobody else writes now.
        for stale in index_dir.glob(".tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_generation(index_dir: Path) -> Path | None:
    """The live generation folder, or None if no index has been built there."""
    pointer = index_dir / "CURRENT"
    if not pointer.exists():
        return None
    generation = index_dir / pointer.read_text().strip()
    return generation if generation.is_dir() else None


def _previous_manifest(index_dir: Path) -> dict:
    generation = current_generation(index_dir)
    try:
        return json.loads((generation / "manifest.json").read_text("utf-8")) if generation else {}
    except (OSError, ValueError):
        return {}


def _calibration(
    index_dir: Path, entries: list[Entry], chunks: list[Chunk], vectors: np.ndarray, embedder: Embedder
) -> Calibration:
    """The previous index's calibration if corpus and embedder are unchanged, else a new one."""
    previous = _previous_manifest(index_dir)
    reports = [(e.report, e.sha256) for e in entries]
    corpus = {r.id: digest for r, digest in reports}
    if previous.get("embedder") == embedder.name and previous.get("corpus") == corpus and "calibration" in previous:
        return Calibration(**previous["calibration"])
    item_ids = [item.id for report, _ in reports for item in report.items]
    position = {item_id: n for n, item_id in enumerate(item_ids)}
    tasks = [item.task for report, _ in reports for item in report.items]
    chunk_item = np.array([position[c.item_id] for c in chunks], dtype=np.int64)
    return calibrate(tasks, vectors, chunk_item, embedder.query)


def _cached_vectors(index_dir: Path, embedder_name: str) -> dict[str, np.ndarray]:
    """Embeddings of the live generation by chunk key, if it used the same embedder."""
    generation = current_generation(index_dir)
    if generation is None:
        return {}
    try:
        manifest = json.loads((generation / "manifest.json").read_text("utf-8"))
        if manifest.get("embedder") != embedder_name:
            return {}
        keys = [json.loads(line)["key"] for line in (generation / "chunks.jsonl").open(encoding="utf-8")]
        vectors = np.load(generation / "vectors.npy")
    except (OSError, ValueError, KeyError):
        return {}  # an unreadable old index only costs a full re-embed
    return dict(zip(keys, vectors))


def _embed_chunks(
    chunks: list[Chunk],
    embedder: Embedder,
    cache: dict[str, np.ndarray],
    on_progress: Callable[[int, int], None] | None,
) -> tuple[np.ndarray, int]:
    """Vectors for all chunks, embedding only those whose content is not cached."""
    vectors = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
    missing = [i for i, chunk in enumerate(chunks) if chunk.key not in cache]
    for i, chunk in enumerate(chunks):
        if chunk.key in cache:
            vectors[i] = cache[chunk.key]
    if on_progress:
        on_progress(0, len(missing))
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start : start + EMBED_BATCH]
        vectors[batch] = embedder.passages([chunks[i].text for i in batch])
        if on_progress:
            on_progress(min(start + EMBED_BATCH, len(missing)), len(missing))
    return vectors, len(missing)


def _write_generation(
    folder: Path,
    entries: list[Entry],
    chunks: list[Chunk],
    vectors: np.ndarray,
    embedder: Embedder,
    calibration: Calibration,
) -> None:
    import faiss

    reports = [(e.report, e.sha256) for e in entries]
    items = [(item, report) for report, _ in reports for item in report.items]
    departments = sorted({d for item, _ in items for d in item.departments})
    texts = [item_search_text(item) for item, _ in items]
    tokenizer = Tokenizer.for_corpus(texts, collect_terms(texts, departments))
    bm25 = BM25Index.build([tokenizer.tokens(text) for text in texts])

    folder.mkdir(parents=True)
    task_keys = assign_task_keys([report for report, _ in reports])
    with (folder / "items.jsonl").open("w", encoding="utf-8") as out:
        for item, report in items:
            record = item_record(item, report, task_keys.get(item.id))
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    with (folder / "chunks.jsonl").open("w", encoding="utf-8") as out:
        for chunk in chunks:
            out.write(json.dumps({**asdict(chunk), "key": chunk.key}, ensure_ascii=False) + "\n")
    reports_json = [
        {
            "id": r.id,
            "title": r.title,
            "year": r.year,
            "period": r.period,
            "header": r.header,
            "kind": r.kind,
            "items": len(r.items),
            "sha256": e.sha256,
            "origin": e.origin,
            "added": e.added,
            "source": e.source,
        }
        for e in entries
        for r in [e.report]
    ]
    (folder / "reports.json").write_text(json.dumps(reports_json, ensure_ascii=False, indent=1), "utf-8")
    np.save(folder / "vectors.npy", vectors)
    positions = {item.id: n for n, (item, _) in enumerate(items)}
    np.save(folder / "chunk_items.npy", np.array([positions[c.item_id] for c in chunks], dtype=np.int64))
    queries = None
    if len(vectors) >= ANN_THRESHOLD:  # an ANN index is tuned on real query embeddings
        queries = tuning_queries([item.task for item, _ in items], embedder.query)
    faiss_index, index_kind = build_vector_index(vectors, queries=queries)
    faiss.write_index(faiss_index, str(folder / "faiss.index"))
    bm25.save(folder)
    tokenizer.save(folder)
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "embedder": embedder.name,
        "dim": embedder.dim,
        "faiss_index": index_kind,
        "calibration": calibration.to_dict(),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "corpus": {r.id: digest for r, digest in reports},
        "counts": {"reports": len(reports), "items": len(items), "chunks": len(chunks)},
    }
    # The manifest goes last: a generation without one is incomplete.
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")


def search_text(task: str, departments: list[str], progress: str) -> str:
    """The text BM25 sees for an item: task (twice, it is the item's summary), departments, progress."""
    return f"{task}\n{task}\n{' '.join(departments)}\n{progress}"


def item_search_text(item: Item) -> str:
    return search_text(item.task, item.departments, item.progress)


def item_search_text_from_record(record: dict) -> str:
    """:func:`search_text` of a stored item record."""
    return search_text(record["task"], record["departments"], record["progress"])


def _swap_in(index_dir: Path, folder: Path) -> None:
    """Point CURRENT at ``folder`` atomically; keep the previous generation for open readers."""
    previous = current_generation(index_dir)
    pointer_tmp = index_dir / f".CURRENT.{uuid.uuid4().hex}"
    pointer_tmp.write_text(folder.name)
    os.replace(pointer_tmp, index_dir / "CURRENT")
    keep = {folder.name, previous.name if previous else None}
    for old in index_dir.glob("gen-*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def _commit(
    index_dir: Path,
    entries: list[Entry],
    embedder: Embedder,
    on_progress: Callable[[int, int], None] | None,
    started: float,
) -> BuildSummary:
    """Write ``entries`` as the new generation and swap it in; the caller holds the writer lock."""
    reports = [e.report for e in entries]
    chunks = [chunk for report in reports for item in report.items for chunk in chunk_item(item)]
    cache = _cached_vectors(index_dir, embedder.name)
    vectors, embedded = _embed_chunks(chunks, embedder, cache, on_progress)
    calibration = _calibration(index_dir, entries, chunks, vectors, embedder)
    tmp = index_dir / f".tmp-{uuid.uuid4().hex}"
    final = index_dir / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
    try:
        _write_generation(tmp, entries, chunks, vectors, embedder, calibration)
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap_in(index_dir, final)
    return BuildSummary(
        reports=len(reports),
        items=sum(len(r.items) for r in reports),
        chunks=len(chunks),
        embedded=embedded,
        seconds=round(time.perf_counter() - started, 3),
        index=str(index_dir),
        embedder=embedder.name,
        dim=embedder.dim,
        dropped_lines={r.id: r.dropped_lines for r in reports if r.dropped_lines},
    )


def current_entries(index_dir: Path) -> list[Entry]:
    """The reports of the live generation, rebuilt from what it stored."""
    generation = current_generation(index_dir)
    if generation is None:
        return []
    try:
        infos = json.loads((generation / "reports.json").read_text("utf-8"))
        by_report: dict[str, list[Item]] = {info["id"]: [] for info in infos}
        for line in (generation / "items.jsonl").open(encoding="utf-8"):
            record = json.loads(line)
            by_report[record["report"]].append(
                Item(
                    report=record["report"],
                    no=record["no"],
                    task=record["task"],
                    departments=record["departments"],
                    progress=record["progress"],
                    roles=record["roles"],
                    segments=[Segment(**seg) for seg in record["segments"]],
                    section=record["section"],
                    passage=record.get("passage"),
                    label=record.get("label"),
                )
            )
    except (OSError, ValueError, KeyError) as error:
        raise IndexUnavailable(f"{index_dir}: index unreadable ({error}); rebuild it with: wrsearch index") from None
    return [
        Entry(
            Report(
                info["id"],
                info["title"],
                info["year"],
                info["period"],
                info.get("header", {}),
                by_report[info["id"]],
                kind=info.get("kind", "items"),
            ),
            info["sha256"],
            info.get("origin", "corpus"),
            info.get("added", ""),
            info.get("source", ""),
        )
        for info in infos
    ]


def _index_embedder(index_dir: Path, embedder: str | Embedder | None) -> Embedder:
    """The given embedder, else the live index's, else the default."""
    if embedder is None:
        embedder = _previous_manifest(index_dir).get("embedder", DEFAULT_EMBEDDER)
    return load_embedder(embedder) if isinstance(embedder, str) else embedder


def build_index(
    corpus_dir: str | Path = DEFAULT_CORPUS_DIR,
    index_dir: str | Path | None = None,
    embedder: str | Embedder = DEFAULT_EMBEDDER,
    on_progress: Callable[[int, int], None] | None = None,
) -> BuildSummary:
    """Build or update the index from ``corpus_dir`` (default ``corpus/``): its reports replace
    the corpus reports of the index; reports added with ``wrsearch add`` stay."""
    started = time.perf_counter()
    index_dir = default_index_dir(index_dir)
    entries = read_corpus(Path(corpus_dir))
    embedder = _index_embedder(index_dir, embedder)
    with writer_lock(index_dir):
        previous = {e.id: e for e in current_entries(index_dir)}
        for entry in entries:
            old = previous.get(entry.id)
            if old and old.sha256 == entry.sha256:
                entry.added = old.added  # unchanged: keep when it first came in
        ids = {e.id for e in entries}
        kept = [e for e in previous.values() if e.origin == "added" and e.id not in ids]
        return _commit(index_dir, entries + kept, embedder, on_progress, started)


def add_reports(
    sources: list[tuple[Report, bytes, str]],
    index_dir: str | Path | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> BuildSummary:
    """Add or replace reports, given as (parsed report, file bytes, file name). Only new or
    changed text is embedded; re-adding an unchanged report embeds nothing."""
    started = time.perf_counter()
    index_dir = default_index_dir(index_dir)
    ids = [report.id for report, _, _ in sources]
    if len(set(ids)) != len(ids):
        raise BadInput(f"the same report id twice: {', '.join(sorted({i for i in ids if ids.count(i) > 1}))}")
    embedder = _index_embedder(index_dir, None)
    with writer_lock(index_dir):
        previous = current_entries(index_dir)
        existing = {e.id for e in previous}
        new = [Entry(report, hashlib.sha256(raw).hexdigest(), "added", now(), name) for report, raw, name in sources]
        entries = [e for e in previous if e.id not in set(ids)] + new
        summary = _commit(index_dir, entries, embedder, on_progress, started)
    summary.added = [i for i in ids if i not in existing]
    summary.replaced = [i for i in ids if i in existing]
    return summary


def remove_report(report_id: str, index_dir: str | Path | None = None) -> BuildSummary:
    """Remove a report and all its items from every part of the index."""
    started = time.perf_counter()
    index_dir = default_index_dir(index_dir)
    with writer_lock(index_dir):
        previous = current_entries(index_dir)
        if not previous:
            raise IndexUnavailable(f"no index in {index_dir}; build it with: wrsearch index")
        if report_id not in {e.id for e in previous}:
            raise NotFound(f"no report '{report_id}' in the index")
        entries = [e for e in previous if e.id != report_id]
        if not entries:
            raise BadInput(f"'{report_id}' is the only report; an index needs at least one")
        summary = _commit(index_dir, entries, _index_embedder(index_dir, None), None, started)
    summary.removed = [report_id]
    return summary


def list_reports(index_dir: str | Path | None = None) -> list[dict]:
    """id, title, year, period, kind, items, origin, added and source of every report."""
    index_dir = default_index_dir(index_dir)
    generation = current_generation(index_dir)
    if generation is None:
        raise IndexUnavailable(f"no index in {index_dir}; build it with: wrsearch index")
    infos = json.loads((generation / "reports.json").read_text("utf-8"))
    fields = ("id", "title", "year", "period", "kind", "items", "origin", "added", "source")
    return [{name: info.get(name) for name in fields} for info in infos]


class LoadedIndex:
    """Everything a search needs, read from one generation. Chunk texts load only when asked
    for (``chunks``): searching needs just the chunk → item positions."""

    def __init__(
        self,
        folder: Path,
        manifest: dict,
        reports: list[dict],
        items: list[dict],
        chunk_item: np.ndarray,
        vectors: np.ndarray,
        faiss_index: object,
        bm25: BM25Index,
        tokenizer: Tokenizer,
    ) -> None:
        self.folder, self.manifest, self.reports, self.items = folder, manifest, reports, items
        self.chunk_item, self.vectors, self.faiss_index = chunk_item, vectors, faiss_index
        self.bm25, self.tokenizer = bm25, tokenizer

    @cached_property
    def chunks(self) -> list[dict]:
        return [json.loads(line) for line in (self.folder / "chunks.jsonl").open(encoding="utf-8")]


def load_index(index_dir: str | Path | None = None) -> LoadedIndex:
    """Load the live generation of an index; raises :class:`IndexUnavailable` if there is none."""
    import faiss

    index_dir = default_index_dir(index_dir)
    folder = current_generation(index_dir)
    if folder is None or not (folder / "manifest.json").exists():
        raise IndexUnavailable(f"no index in {index_dir}; build it with: wrsearch index")
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        if manifest.get("schema_version") != SCHEMA_VERSION:
            raise IndexUnavailable(
                f"{index_dir}: index schema {manifest.get('schema_version')} is not {SCHEMA_VERSION}; "
                "rebuild it with: wrsearch index"
            )
        items = [json.loads(line) for line in (folder / "items.jsonl").open(encoding="utf-8")]
        faiss_index = faiss.read_index(str(folder / "faiss.index"))
        configure(faiss_index, manifest.get("faiss_index", {}))
        return LoadedIndex(
            folder=folder,
            manifest=manifest,
            reports=json.loads((folder / "reports.json").read_text("utf-8")),
            items=items,
            chunk_item=np.load(folder / "chunk_items.npy"),
            vectors=np.load(folder / "vectors.npy", mmap_mode="r"),
            faiss_index=faiss_index,
            bm25=BM25Index.load(folder),
            tokenizer=Tokenizer.load(folder),
        )
    except (OSError, ValueError, KeyError) as error:
        raise IndexUnavailable(f"{index_dir}: index unreadable ({error}); rebuild it with: wrsearch index") from None
