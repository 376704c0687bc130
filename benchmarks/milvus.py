"""Local backend vs milvus-lite, side by side in one run: index time and query latency.

    .venv/bin/python benchmarks/milvus.py                    # seed and national
    .venv/bin/python benchmarks/milvus.py --sizes seed,national,100k --rounds 2

For each size the same corpus is indexed into both backends and the same labelled queries
(dev, own, held-out; 126 without the related rows) are searched on both in the same process:

- **index**: embedding is the same for both backends (and done once: the first build fills
  the embedding cache); what is timed is a full re-index with every embedding cached — jieba,
  BM25, then FAISS + bm25s files (local) or a new collection filled and counted (milvus) —
  and the generation switch. Chunks/s of that is the backend's indexing throughput.
- **open**: creating an :class:`~wrsearch.engine.Engine` (milvus: importing pymilvus and
  opening the lite file included).
- **queries**: ms p50/p95 of the in-process stages (BM25 with the cover of the query's words,
  dense vector search, fusion, a whole search), each query embedded once beforehand (the
  embedding is the same for both backends), and whether both backends return the same top 3
  and top 10.
- **100k** (optional) is synthetic like ``benchmarks/run.py``'s: the national index copied with
  Gaussian noise (σ = 0.02) on the chunk vectors, each copy its own report; both backends'
  generations are written from the same arrays (lite insert time reported as its index time);
  ``--base seed`` copies the seed instead, and only the first ``--synthetic-queries`` queries
  are searched there (lite is slow at that size).

The national corpus is read from ../shared/corpus/national (linked, never copied into the
repo); work files go to $WRSEARCH_BENCH_DIR (default ../bench-milvus).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import NATIONAL, NOISE, RESULTS, ROOT, SEED, in_process, machine, queries, scale_source  # noqa: E402

WORK = Path(os.environ.get("WRSEARCH_BENCH_DIR", ROOT.parent / "bench-milvus"))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def corpus_folder(name: str) -> Path:
    folder = WORK / f"{name}-corpus"
    folder.mkdir(parents=True, exist_ok=True)
    sources = [SEED] if name == "seed" else sorted(NATIONAL.glob("*.txt"))
    for path in sources:
        if not (folder / path.name).exists():
            (folder / path.name).symlink_to(path)
    return folder


def embedding_cache(name: str, corpus: Path) -> tuple[Path, dict]:
    """A local index of the corpus (built once, embedding every chunk), whose vectors both
    backends' builds reuse."""
    from wrsearch.index.build import build_index
    from wrsearch.index.layout import current_generation

    cache = WORK / f"{name}-cache"
    if current_generation(cache) is not None:
        return cache, {"embedded_now": False}
    summary = build_index(corpus, cache)
    return cache, {"embedded_now": True, "seconds": summary.seconds, "chunks_per_s": summary.chunks / summary.seconds}


def indexed(name: str, corpus: Path, cache: Path, backend: str) -> tuple[Path, dict]:
    from wrsearch.index.build import build_index

    index = WORK / f"{name}-{backend}"
    shutil.rmtree(index, ignore_errors=True)
    shutil.copytree(cache, index, ignore=shutil.ignore_patterns("readers", ".lock"))
    uri = str(index / "milvus.db") if backend == "milvus" else None
    started = time.perf_counter()
    summary = build_index(corpus, index, backend=backend, milvus_uri=uri)
    seconds = time.perf_counter() - started
    assert summary.embedded == 0, summary.embedded
    return index, {
        "items": summary.items,
        "chunks": summary.chunks,
        "seconds": round(seconds, 2),
        "chunks_per_s": round(summary.chunks / seconds, 1),
    }


def synthetic(base: Path, target_chunks: int) -> tuple[dict[str, Path], dict]:
    """Local and Milvus generations of ~``target_chunks`` noisy copies of ``base`` (module doc)."""
    from wrsearch.index.layout import SCHEMA_VERSION
    from wrsearch.index.lexical import BM25Index
    from wrsearch.index.milvus import Backend, MilvusConfig, TermTable, collection_name, write_collection
    from wrsearch.index.store import write_store
    from wrsearch.index.vectors import build_vector_index
    from wrsearch.models import Item

    # the base's items from its item store (schema 5 has no items.jsonl)
    src = scale_source(base)
    records, vectors, chunk_items, tokens = src["items"], src["vectors"], src["chunk_items"], src["tokens"]
    manifest, reports, tokenizer = src["manifest"], src["reports"], src["tokenizer"]
    copies = math.ceil(target_chunks / len(vectors))
    rng = np.random.default_rng(0)
    all_vectors = np.empty((copies * len(vectors), vectors.shape[1]), dtype=np.float32)
    all_chunk_items = np.empty(copies * len(chunk_items), dtype=np.int64)
    all_records, all_reports, documents = [], [], []
    for copy in range(copies):
        prefix = f"synth{copy:04d}-"
        for record in records:
            key = record.get("task_key")
            all_records.append(
                {
                    **record,
                    "report": prefix + record["report"],
                    "id": prefix + record["id"],
                    "task_key": prefix + key if key else None,
                }
            )
        documents.extend(tokens)
        noisy = vectors + rng.normal(0, NOISE, vectors.shape).astype(np.float32) if copy else vectors
        rows = slice(copy * len(vectors), (copy + 1) * len(vectors))
        all_vectors[rows] = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
        all_chunk_items[rows] = chunk_items + copy * len(records)
        all_reports += [{**r, "id": prefix + r["id"]} for r in reports]
    items = [Item.from_record(r) for r in all_records]
    counts = {"reports": len(all_reports), "items": len(all_records), "chunks": len(all_vectors)}
    info: dict = {"copies": copies, **counts}
    folders: dict[str, Path] = {}
    for backend in ("local", "milvus"):
        out = WORK / f"100k-{backend}"
        shutil.rmtree(out, ignore_errors=True)
        name = f"gen-synthetic-{backend}"
        folder = out / name
        folder.mkdir(parents=True)
        write_store(folder, items, all_vectors, all_chunk_items)  # the item store, as build.py writes it
        np.save(folder / "vectors.npy", all_vectors)
        np.save(folder / "chunk_items.npy", all_chunk_items)
        (folder / "chunks.jsonl").write_text("", "utf-8")
        (folder / "reports.json").write_text(json.dumps(all_reports, ensure_ascii=False), "utf-8")
        tokenizer.save(folder)
        started = time.perf_counter()
        if backend == "local":
            import faiss

            index, kind = build_vector_index(all_vectors)  # jittered tuning queries: a build-time choice only
            faiss.write_index(index, str(folder / "faiss.index"))
            BM25Index.build(documents).save(folder)
            extra = {"faiss_index": kind}
        else:
            config = MilvusConfig(str((out / "milvus.db").resolve()))
            terms = TermTable.build(documents)
            terms.save(folder)
            collection = write_collection(config, name, items, documents, all_chunk_items, all_vectors, terms)
            assert collection == collection_name(name)
            extra = {
                "backend": Backend.MILVUS.value,
                "milvus": {"uri": config.uri, "db": "", "collection": collection},
                "faiss_index": {},
            }
        seconds = time.perf_counter() - started
        info[f"{backend}_index_seconds"] = round(seconds, 1)
        info[f"{backend}_chunks_per_s"] = round(len(all_vectors) / seconds, 1)
        body = {**manifest, **extra, "schema_version": SCHEMA_VERSION, "counts": counts, "corpus": {}}
        if backend == "milvus":
            body.pop("faiss_index", None)
        (folder / "manifest.json").write_text(json.dumps(body), "utf-8")
        (out / "CURRENT").write_text(name)
        folders[backend] = out
    return folders, info


class MemoEmbedder:
    """The real embedder, each query embedded once: the query embedding (the same for both
    backends, ~10 ms on a quiet machine) is left out of the timings, which then compare the
    backends alone."""

    def __init__(self, embedder) -> None:
        self.embedder, self.name, self.dim = embedder, embedder.name, embedder.dim
        self.memo: dict[str, np.ndarray] = {}

    def query(self, text: str) -> np.ndarray:
        if text not in self.memo:
            self.memo[text] = self.embedder.query(text)
        return self.memo[text]

    def passages(self, texts: list[str]) -> np.ndarray:
        return self.embedder.passages(texts)


def opened(index: Path, texts: list[str], embedder: MemoEmbedder) -> tuple[float, dict[str, list[str]]]:
    """Seconds to open an engine, and its top 10 ids for every query (embedding them once)."""
    from wrsearch.engine import Engine

    started = time.perf_counter()
    engine = Engine(index, embedder=embedder)
    seconds = time.perf_counter() - started
    top = {text: [hit.id for hit in engine.search(text).hits] for text in texts}
    engine.close()
    return seconds, top


def measure(indexes: dict[str, Path], texts: list[str], rounds: int, embedder: MemoEmbedder) -> dict:
    result: dict = {}
    tops = {}
    for backend, index in indexes.items():
        seconds, tops[backend] = opened(index, texts, embedder)
        result[backend] = {"open_seconds": round(seconds, 2), **in_process(index, texts, rounds, embedder=embedder)}
    same = sum(tops["local"][t] == tops["milvus"][t] for t in texts)
    same3 = sum(tops["local"][t][:3] == tops["milvus"][t][:3] for t in texts)
    result["same_top10"], result["same_top3"], result["queries"] = same, same3, len(texts)
    return result


def print_table(report: dict) -> None:
    print(
        "\n| size | chunks | backend | index s (embeddings cached) | chunks/s | open s | BM25 p50/p95 | dense p50/p95 | total p50/p95 | same top-3 / top-10 |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size, entry in report["sizes"].items():
        for backend in ("local", "milvus"):
            build, q = entry["index"][backend], entry["queries"][backend]
            same = f"{entry['queries']['same_top3']}/{entry['queries']['queries']} · {entry['queries']['same_top10']}/{entry['queries']['queries']}"
            print(
                f"| {size} | {build['chunks']:,} | {backend} | {build['seconds']} | {build['chunks_per_s']} | {q['open_seconds']} "
                f"| {q['bm25_p50_ms']} / {q['bm25_p95_ms']} | {q['dense_p50_ms']} / {q['dense_p95_ms']} "
                f"| **{q['total_p50_ms']}** / {q['total_p95_ms']} | {same if backend == 'milvus' else ''} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="seed,national", help="comma-separated: seed, national, 100k")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the queries per backend (default 2)")
    parser.add_argument("--out", type=Path, default=RESULTS / "milvus-latest.json")
    parser.add_argument("--queries", type=int, default=None, help="only the first N labelled queries")
    parser.add_argument("--base", default="national", help="what 100k copies: national (default) or seed")
    parser.add_argument("--synthetic-queries", type=int, default=40, help="queries searched at 100k (default 40)")
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    texts = queries()[: args.queries]
    from wrsearch.index.embed import load_embedder

    embedder = MemoEmbedder(load_embedder())
    import milvus_lite
    import pymilvus

    report: dict = {
        "queries_searched": len(texts),
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "versions": {"pymilvus": pymilvus.__version__, "milvus_lite": milvus_lite.__version__},
        "sizes": {},
    }
    caches: dict[str, Path] = {}
    for size in sizes:
        entry: dict = {"index": {}}
        if size in ("seed", "national"):
            corpus = corpus_folder(size)
            log(f"{size}: embedding cache")
            caches[size], entry["embedding"] = embedding_cache(size, corpus)
            indexes = {}
            for backend in ("local", "milvus"):
                log(f"{size}: index ({backend})")
                indexes[backend], entry["index"][backend] = indexed(size, corpus, caches[size], backend)
        elif size == "100k":
            base = caches.get(args.base) or embedding_cache(args.base, corpus_folder(args.base))[0]
            log(f"100k: synthetic generations from {args.base}")
            indexes, info = synthetic(base, 100_000)
            info["base"] = args.base
            entry["synthetic"] = info
            for backend in ("local", "milvus"):
                entry["index"][backend] = {
                    "chunks": info["chunks"],
                    "seconds": info[f"{backend}_index_seconds"],
                    "chunks_per_s": info[f"{backend}_chunks_per_s"],
                }
        else:
            raise SystemExit(f"unknown size {size!r}: seed, national or 100k")
        log(f"{size}: queries")
        searched = texts if size != "100k" else texts[: args.synthetic_queries]
        entry["queries"] = measure(indexes, searched, args.rounds if size != "100k" else 1, embedder)
        report["sizes"][size] = entry
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    print_table(report)
    print(f"\nJSON: {args.out}")


if __name__ == "__main__":
    main()
