"""Write the index: build it from a corpus folder, add, replace or remove reports.

Every change embeds only chunks whose content is not cached (re-indexing an unchanged
corpus embeds nothing), writes a complete new generation and swaps it in
(:mod:`wrsearch.index.layout`). The searchable part goes to the generation's backend: FAISS and
bm25s arrays in the folder (``local``) or a new Milvus collection (``milvus``,
:mod:`wrsearch.index.milvus`), chosen by ``wrsearch index --backend`` and kept by later changes.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from wrsearch.errors import BadInput, Duplicate, IndexUnavailable, NotFound
from wrsearch.index.cache import VectorCache, WordCache
from wrsearch.index.calibrate import Calibration, calibrate, tuning_queries
from wrsearch.index.chunk import Chunk, item_chunks
from wrsearch.index.corpus import DEFAULT_CORPUS_DIR, CorpusError, Entry, current_entries, now, read_corpus
from wrsearch.index.embed import DEFAULT_EMBEDDER, Embedder, load_embedder
from wrsearch.index.layout import (
    SCHEMA_VERSION,
    current_generation,
    default_index_dir,
    live_manifest,
    swap_in,
    writer_lock,
)
from wrsearch.index.lexical import BM25Index, Tokenizer, collect_terms, item_search_text
from wrsearch.index.milvus import URI_ENV, Backend, MilvusConfig, TermTable
from wrsearch.index.store import write_store
from wrsearch.index.vectors import ANN_THRESHOLD, build_vector_index
from wrsearch.ingest.tasks import assign_task_keys
from wrsearch.models import Report

__all__ = ["BuildSummary", "CorpusError", "add_reports", "build_index", "remove_report"]

EMBED_BATCH = 16
log = logging.getLogger("wrsearch.index")


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
    backend: str = Backend.LOCAL.value
    dropped_lines: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what the user should know about the change


def _calibration(
    index_dir: Path, entries: list[Entry], chunks: list[Chunk], vectors: np.ndarray, embedder: Embedder
) -> Calibration:
    """The previous index's calibration if corpus and embedder are unchanged, else a new one."""
    previous = live_manifest(index_dir)
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
        with (generation / "chunks.jsonl").open(encoding="utf-8") as lines:
            keys = [json.loads(line)["key"] for line in lines]
        vectors = np.load(generation / "vectors.npy")
    except (OSError, ValueError, KeyError):
        return {}  # an unreadable old index only costs a full re-embed
    return dict(zip(keys, vectors))


def _embed_chunks(
    chunks: list[Chunk],
    embedder: Embedder,
    cache: VectorCache,
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
    words: WordCache,
    milvus: MilvusConfig | None = None,
    generation: str = "",
) -> None:
    """Write a generation into ``folder``; with ``milvus``, its searchable part goes into a new
    collection named after ``generation`` instead of FAISS and bm25s files."""
    reports = [(e.report, e.sha256) for e in entries]
    items = [(item, report) for report, _ in reports for item in report.items]
    departments = sorted({d for item, _ in items for d in item.departments})
    texts = [item_search_text(item) for item, _ in items]
    tokenizer = Tokenizer.for_corpus(texts, collect_terms(texts, departments), words.words)
    documents = [tokenizer.tokens(text) for text in texts]

    folder.mkdir(parents=True)
    task_keys = assign_task_keys([report for report, _ in reports])
    for item, _ in items:
        item.task_key = task_keys.get(item.id)
    with (folder / "chunks.jsonl").open("w", encoding="utf-8") as out:
        for chunk in chunks:
            out.write(json.dumps({**asdict(chunk), "key": chunk.key}, ensure_ascii=False) + "\n")
    reports_json = [
        {
            "id": r.id,
            "title": r.title,
            "year": r.year,
            "period": r.period,
            "issuer": r.issuer,
            "found": r.found,
            "warnings": r.warnings,
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
    chunk_item = np.array([positions[c.item_id] for c in chunks], dtype=np.int64)
    np.save(folder / "chunk_items.npy", chunk_item)
    write_store(folder, [item for item, _ in items], vectors, chunk_item)
    tokenizer.save(folder)
    if milvus is None:
        backend = {"faiss_index": _write_local(folder, documents, vectors, [item for item, _ in items], embedder)}
    else:
        terms = TermTable.build(documents)
        terms.save(folder)
        from wrsearch.index.milvus import write_collection

        name = write_collection(milvus, generation, [i for i, _ in items], documents, chunk_item, vectors, terms)
        backend = {"backend": Backend.MILVUS.value, "milvus": {"uri": milvus.uri, "db": milvus.db, "collection": name}}
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "embedder": embedder.name,
        "dim": embedder.dim,
        **backend,
        "calibration": calibration.to_dict(),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "corpus": {r.id: digest for r, digest in reports},
        "counts": {"reports": len(reports), "items": len(items), "chunks": len(chunks)},
    }
    # The manifest goes last: a generation without one is incomplete.
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")


def _write_local(
    folder: Path, documents: list[list[str]], vectors: np.ndarray, items: list, embedder: Embedder
) -> dict:
    """The local backend's files: the FAISS index and the bm25s arrays; returns the FAISS choice."""
    import faiss

    queries = None
    if len(vectors) >= ANN_THRESHOLD:  # an ANN index is tuned on real query embeddings
        queries = tuning_queries([item.task for item in items], embedder.query)
    faiss_index, index_kind = build_vector_index(vectors, queries=queries)
    faiss.write_index(faiss_index, str(folder / "faiss.index"))
    BM25Index.build(documents).save(folder)
    return index_kind


def _commit(
    index_dir: Path,
    entries: list[Entry],
    embedder: Embedder,
    on_progress: Callable[[int, int], None] | None,
    started: float,
    milvus: MilvusConfig | None = None,
) -> BuildSummary:
    """Write ``entries`` as the new generation and swap it in (into a new Milvus collection with
    ``milvus``); the caller holds the writer lock."""
    reports = [e.report for e in entries]
    chunks = [chunk for report in reports for item in report.items for chunk in item_chunks(item)]
    cache = VectorCache(index_dir, embedder.name, _cached_vectors(index_dir, embedder.name))
    embedder = cache.embedder(embedder)
    vectors, embedded = _embed_chunks(chunks, embedder, cache, on_progress)
    calibration = _calibration(index_dir, entries, chunks, vectors, embedder)
    words = WordCache(index_dir)
    tmp = index_dir / f".tmp-{uuid.uuid4().hex}"
    final = index_dir / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
    try:
        _write_generation(tmp, entries, chunks, vectors, embedder, calibration, words, milvus, final.name)
        os.rename(tmp, final)
        swap_in(index_dir, final)
    except BaseException as error:
        shutil.rmtree(tmp, ignore_errors=True)
        live = current_generation(index_dir)
        if live is None or live.name != final.name:
            shutil.rmtree(final, ignore_errors=True)
            if milvus is not None:
                from wrsearch.index.milvus import collection_name, drop_collection

                drop_collection(milvus, collection_name(final.name))
        if isinstance(error, OSError):
            raise IndexUnavailable(write_failure(index_dir, error)) from error
        raise
    try:
        cache.save(chunk.key for chunk in chunks)
        words.save()
    except OSError as error:  # the new index is live; a missing cache only costs time later
        log.warning("embedding cache not saved: %s", error)
    return BuildSummary(
        reports=len(reports),
        items=sum(len(r.items) for r in reports),
        chunks=len(chunks),
        embedded=embedded,
        seconds=round(time.perf_counter() - started, 3),
        index=str(index_dir),
        embedder=embedder.name,
        dim=embedder.dim,
        backend=Backend.MILVUS.value if milvus is not None else Backend.LOCAL.value,
        dropped_lines={r.id: r.dropped_lines for r in reports if r.dropped_lines},
        warnings=[w for r in reports for w in r.warnings],
    )


def write_failure(index_dir: Path, error: OSError) -> str:
    """The message for a write that failed: disk full says so; the old index is untouched."""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        reason = "磁盘空间不足"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "没有写入权限"
    else:
        reason = "写入失败"
    detail = error.strerror or str(error)
    return f"{index_dir}: {reason}({detail}),新索引未写成;原索引未改动,仍可检索。请释放空间或检查权限后重试"


def _index_embedder(index_dir: Path, embedder: str | Embedder | None) -> Embedder:
    """The given embedder, else the live index's, else the default."""
    if embedder is None:
        embedder = live_manifest(index_dir).get("embedder", DEFAULT_EMBEDDER)
    return load_embedder(embedder) if isinstance(embedder, str) else embedder


def _index_backend(index_dir: Path, backend: str | Backend | None, milvus_uri: str | None) -> MilvusConfig | None:
    """Where a new generation goes (None: local). The backend: the given one, else ``milvus``
    if a URI is given, else the live index's, else local. The Milvus URI: the given one, else
    ``$WRSEARCH_MILVUS_URI`` when ``--backend milvus`` is given, else the live index's, else
    ``milvus.db`` in the index folder. ``add`` and ``remove`` (no backend, no URI) keep the
    live index's backend and URI."""
    live = live_manifest(index_dir)
    live_backend = live.get("backend", Backend.LOCAL.value)
    chosen = Backend.parse(backend or (Backend.MILVUS.value if milvus_uri else live_backend))
    if chosen is Backend.LOCAL:
        if milvus_uri:
            raise BadInput("--milvus-uri 只能与 --backend milvus 一起使用")
        return None
    if milvus_uri or (backend is not None and os.environ.get(URI_ENV)):
        config = MilvusConfig.resolve(milvus_uri, index_dir)
    elif live_backend == Backend.MILVUS.value:
        config = MilvusConfig.from_manifest(live)
    else:
        config = MilvusConfig.resolve(None, index_dir)
    from wrsearch.index.milvus import connect

    # Connect now, before any embedding: a wrong URI fails at once. A URI just given is bad
    # input; the live index's server being down is not.
    connect(config, for_writing=backend is not None or bool(milvus_uri))
    return config


def build_index(
    corpus_dir: str | Path = DEFAULT_CORPUS_DIR,
    index_dir: str | Path | None = None,
    embedder: str | Embedder = DEFAULT_EMBEDDER,
    on_progress: Callable[[int, int], None] | None = None,
    backend: str | Backend | None = None,
    milvus_uri: str | None = None,
) -> BuildSummary:
    """Build or update the index from ``corpus_dir`` (default ``corpus/``): its reports replace
    the corpus reports of the index; reports added with ``wrsearch add`` stay. ``backend``
    (default: the live index's, else ``local``) and ``milvus_uri`` say where it is searched."""
    started = time.perf_counter()
    index_dir = default_index_dir(index_dir)
    milvus = _index_backend(index_dir, backend, milvus_uri)
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
        return _commit(index_dir, entries + kept, embedder, on_progress, started, milvus)


def add_reports(
    sources: list[tuple[Report, bytes, str]],
    index_dir: str | Path | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    replace: bool = False,
) -> BuildSummary:
    """Add or replace reports, given as (parsed report, file bytes, file name). Only new or
    changed text is embedded; re-adding an unchanged report embeds nothing.

    A report whose items equal an indexed report's under another id (a copy in another
    encoding or format, a renamed file) is refused with :class:`Duplicate` naming that id,
    unless ``replace`` (default false): then the new one takes the old one's place."""
    started = time.perf_counter()
    index_dir = default_index_dir(index_dir)
    ids = [report.id for report, _, _ in sources]
    if len(set(ids)) != len(ids):
        raise BadInput(f"同一报告编号出现两次:{', '.join(sorted({i for i in ids if ids.count(i) > 1}))}")
    embedder = _index_embedder(index_dir, None)
    with writer_lock(index_dir):
        previous = current_entries(index_dir)
        existing = {e.id for e in previous}
        new = [Entry(report, hashlib.sha256(raw).hexdigest(), "added", now(), name) for report, raw, name in sources]
        superseded = _duplicates(new, previous)
        if superseded and not replace:
            pairs = "、".join(f"{n} 与已有的 {o}" for n, o in superseded.items())
            raise Duplicate(f"报告内容相同(事项逐条一致):{pairs};如确要以新编号替换原报告,请加 --replace")
        gone = set(ids) | set(superseded.values())
        entries = [e for e in previous if e.id not in gone] + new
        summary = _commit(index_dir, entries, embedder, on_progress, started, _index_backend(index_dir, None, None))
    summary.added = [i for i in ids if i not in existing]
    summary.replaced = [i for i in ids if i in existing]
    summary.removed = sorted(set(superseded.values()) - set(ids))
    return summary


def _duplicates(new: list[Entry], previous: list[Entry]) -> dict[str, str]:
    """New report id → the id of an indexed report (another id) with the same items."""
    by_content = {e.content: e.id for e in previous if e.report.items}
    found = {}
    for entry in new:
        old = by_content.get(entry.content)
        if old is not None and old != entry.id:
            found[entry.id] = old
    return found


def remove_report(report_id: str, index_dir: str | Path | None = None) -> BuildSummary:
    """Remove a report and all its items from every part of the index."""
    started = time.perf_counter()
    index_dir = default_index_dir(index_dir)
    with writer_lock(index_dir):
        previous = current_entries(index_dir)
        if not previous:
            raise IndexUnavailable(f"{index_dir} 中没有索引;请先建立索引:wrsearch index")
        if report_id not in {e.id for e in previous}:
            raise NotFound(f"索引中没有报告 '{report_id[:60]}'")
        entries = [e for e in previous if e.id != report_id]
        if not entries:
            raise BadInput(f"'{report_id}' 是索引中唯一的报告;索引至少要有一份报告")
        embedder = _index_embedder(index_dir, None)
        summary = _commit(index_dir, entries, embedder, None, started, _index_backend(index_dir, None, None))
        origin = next(e for e in previous if e.id == report_id)
    summary.removed = [report_id]
    if origin.origin == "corpus":
        summary.notices.append(
            f"{report_id} 来自语料文件夹中的 {origin.source};下次运行 wrsearch index 会把它重新加入。"
            "要永久删除,请同时删除或移走该文件"
        )
    return summary
