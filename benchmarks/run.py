"""wrsearch benchmarks: one command, a table on the terminal, JSON in benchmarks/results/.

    .venv/bin/python benchmarks/run.py            # everything (~35 min on 2 cores)
    .venv/bin/python benchmarks/run.py --quick    # seed and 100k only, national index reused

Measures, on this machine:
1. index build on the seed and on the national corpus (../shared/corpus/national): items/s,
   chunks/s, and the raw embedder throughput on the same chunk texts in the same run;
2. query latency in-process (BM25, dense, fusion, total; p50/p95) and over HTTP on loopback
   with 1, 8 and 32 concurrent clients, at: the seed, the national corpus, and synthetic
   scale-ups to 100k and 1M chunks;
3. the vector index chosen at each size, and the ANN's recall@10 against exact search;
4. resident memory of the serving process at each size;
5. a cold `wrsearch search` as a fresh process on the seed index, and whether torch is imported.

Synthetic scale-ups are built from the real texts: the national corpus plus the seed, copied
as many times as needed, each copy a report of its own; each copy's vectors are the real
chunk vectors plus Gaussian noise (σ = 0.02 a dimension, cosine ≈ 0.93 to the original,
re-normalised), and its BM25 documents are the real items' tokens. Queries are the dev and
own labelled queries, embedded for real.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WRSEARCH_SHARED", ROOT.parent / "shared"))
NATIONAL = SHARED / "corpus" / "national"
SEED = ROOT / "corpus" / "wuchang-2021-q1.txt"
WORK = Path(os.environ.get("WRSEARCH_BENCH_DIR", ROOT.parent / "bench"))
RESULTS = ROOT / "benchmarks" / "results"
EXE = str(Path(sys.executable).with_name("wrsearch"))
NOISE = 0.02


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = (
        int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        // 1024
    )
    import faiss

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_mb": memory,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "faiss": faiss.__version__,
        "platform": platform.platform(),
    }


def queries() -> list[str]:
    rows = []
    for path in (
        SHARED / "eval" / "dev.jsonl",
        ROOT / "tests" / "data" / "own.jsonl",
        ROOT / "tests" / "data" / "heldout.jsonl",
    ):
        rows += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [row["query"] for row in rows if row["type"] != "related"]


# -- 1. index build ---------------------------------------------------------------------
def raw_embedder_throughput(texts: list[str]) -> float:
    from wrsearch.index.build import EMBED_BATCH
    from wrsearch.index.embed import load_embedder

    embedder = load_embedder()
    embedder.passages(texts[:4])
    started = time.perf_counter()
    for start in range(0, len(texts), EMBED_BATCH):
        embedder.passages(texts[start : start + EMBED_BATCH])
    return len(texts) / (time.perf_counter() - started)


def build(corpus: Path, index: Path) -> dict:
    from wrsearch.index.build import build_index

    shutil.rmtree(index, ignore_errors=True)
    summary = build_index(corpus, index)
    return {
        "items": summary.items,
        "chunks": summary.chunks,
        "seconds": summary.seconds,
        "items_per_s": summary.items / summary.seconds,
        "chunks_per_s": summary.chunks / summary.seconds,
    }


def chunk_texts(corpus: Path) -> list[str]:
    from wrsearch.index.chunk import item_chunks
    from wrsearch.index.corpus import read_corpus

    return [c.text for e in read_corpus(corpus) for item in e.report.items for c in item_chunks(item)]


# -- 2. synthetic scale-ups -----------------------------------------------------------------
def scale_source(base: Path) -> dict:
    """What a synthetic scale-up copies from ``base``'s current generation: its item records, chunk
    vectors and their items, manifest, reports, tokenizer and each item's BM25 tokens."""
    from wrsearch.index.corpus import stored_items
    from wrsearch.index.layout import current_generation
    from wrsearch.index.lexical import Tokenizer, search_text

    source = current_generation(base)
    items = [item.to_record() for item in stored_items(source)]
    tokenizer = Tokenizer.load(source)
    return {
        "items": items,
        "vectors": np.load(source / "vectors.npy"),
        "chunk_items": np.load(source / "chunk_items.npy"),
        "manifest": json.loads((source / "manifest.json").read_text("utf-8")),
        "reports": json.loads((source / "reports.json").read_text("utf-8")),
        "tokenizer": tokenizer,
        "tokens": [tokenizer.tokens(search_text(i["task"], i["departments"], i["progress"])) for i in items],
    }


def scale_up(base: Path, target_chunks: int, out: Path, old_layout: Path | None = None) -> dict:
    """A generation of ~``target_chunks`` chunks made of noisy copies of ``base`` (see module doc).

    ``old_layout``: also write the same index as schema 4 (items in ``items.jsonl``, before
    the item store) there, its large files hard-linked, for a before/after comparison."""
    from wrsearch.index.layout import SCHEMA_VERSION
    from wrsearch.index.lexical import BM25Index
    from wrsearch.index.store import ItemColumns, write_item_vectors, write_items
    from wrsearch.index.vectors import build_vector_index
    from wrsearch.models import Item

    started = time.perf_counter()
    src = scale_source(base)
    items, vectors, chunk_items, tokens = src["items"], src["vectors"], src["chunk_items"], src["tokens"]
    manifest, reports, tokenizer = src["manifest"], src["reports"], src["tokenizer"]
    copies = math.ceil(target_chunks / len(vectors))
    rng = np.random.default_rng(0)

    shutil.rmtree(out, ignore_errors=True)
    folder = out / "gen-synthetic"
    folder.mkdir(parents=True)
    all_vectors = np.empty((copies * len(vectors), vectors.shape[1]), dtype=np.float32)
    all_chunk_items = np.empty(copies * len(chunk_items), dtype=np.int64)
    all_reports, documents = [], []

    def records():
        for copy in range(copies):
            prefix = f"synth{copy:04d}-"
            for item in items:
                yield {
                    **item,
                    "report": prefix + item["report"],
                    "id": prefix + item["id"],
                    "task_key": prefix + item["task_key"] if item["task_key"] else None,
                }

    write_items(folder, (Item.from_record(record) for record in records()))
    ItemColumns.of_items(Item.from_record(record) for record in records()).save(folder)
    if old_layout is not None:
        shutil.rmtree(old_layout, ignore_errors=True)
        (old_layout / folder.name).mkdir(parents=True)
        with (old_layout / folder.name / "items.jsonl").open("w", encoding="utf-8") as handle:
            for record in records():
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    for copy in range(copies):
        prefix = f"synth{copy:04d}-"
        documents.extend(tokens)
        noisy = vectors + rng.normal(0, NOISE, vectors.shape).astype(np.float32) if copy else vectors
        rows = slice(copy * len(vectors), (copy + 1) * len(vectors))
        all_vectors[rows] = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
        all_chunk_items[copy * len(chunk_items) : (copy + 1) * len(chunk_items)] = chunk_items + copy * len(items)
        all_reports += [{**r, "id": prefix + r["id"]} for r in reports]
    np.save(folder / "vectors.npy", all_vectors)
    np.save(folder / "chunk_items.npy", all_chunk_items)
    write_item_vectors(folder, all_vectors, all_chunk_items, copies * len(items))
    (folder / "chunks.jsonl").write_text("", "utf-8")
    (folder / "reports.json").write_text(json.dumps(all_reports, ensure_ascii=False), "utf-8")
    from wrsearch.index.calibrate import tuning_queries
    from wrsearch.index.embed import load_embedder

    queries = tuning_queries([item["task"] for item in items], load_embedder(manifest["embedder"]).query)
    build_started = time.perf_counter()
    index, info = build_vector_index(all_vectors, queries=queries)
    ann_seconds = time.perf_counter() - build_started
    import faiss

    faiss.write_index(index, str(folder / "faiss.index"))
    BM25Index.build(documents).save(folder)
    tokenizer.save(folder)
    counts = {"reports": len(all_reports), "items": copies * len(items), "chunks": len(all_vectors)}
    (folder / "manifest.json").write_text(
        json.dumps({**manifest, "schema_version": SCHEMA_VERSION, "faiss_index": info, "counts": counts, "corpus": {}}),
        "utf-8",
    )
    (out / "CURRENT").write_text(folder.name)
    if old_layout is not None:
        for path in folder.iterdir():
            if path.name.startswith(("items.", "columns.", "item_vectors", "task_vectors")):
                continue
            target = old_layout / folder.name / path.name
            if path.is_dir():
                shutil.copytree(path, target, copy_function=os.link)
            else:
                os.link(path, target)
        manifest_4 = json.loads((folder / "manifest.json").read_text("utf-8")) | {"schema_version": 4}
        (old_layout / folder.name / "manifest.json").unlink()
        (old_layout / folder.name / "manifest.json").write_text(json.dumps(manifest_4), "utf-8")
        (old_layout / "CURRENT").write_text(folder.name)
    return {
        "copies": copies,
        **counts,
        "faiss_index": info,
        "ann_build_seconds": round(ann_seconds, 1),
        "build_seconds": round(time.perf_counter() - started, 1),
    }


# -- 3. latency -----------------------------------------------------------------------------
def in_process(index: Path, texts: list[str], rounds: int = 3, embedder=None) -> dict:
    """ms p50/p95 of the stages of a hybrid search: BM25 (with the cover of the query's words), dense,
    fusion, and a whole ``search``. With the default embedder each stage embeds its query afresh; an
    ``embedder`` given (milvus.py's memo of precomputed query vectors) keeps embedding out of the figures."""
    from wrsearch.engine import Engine
    from wrsearch.search.fusion import FIGURE_WEIGHTS, WEIGHTS, Mode, fuse
    from wrsearch.search.query import QueryKind

    engine = Engine(index, embedder=embedder)
    engine.search(texts[0])
    stages = {"bm25": [], "dense": [], "fusion": [], "total": []}
    mask = np.ones(len(engine.index.items), dtype=bool)
    # The engine keeps recent query vectors; each measurement embeds its query afresh.
    forget = getattr(engine.embedder.query, "cache_clear", lambda: None) if embedder is None else lambda: None
    for _ in range(rounds):
        for text in texts:
            plan = engine.searcher.plan(text)
            forget()
            t0 = time.perf_counter()
            lexical = engine.searcher.lexical_evidence(plan)
            t1 = time.perf_counter()
            dense, ranking = engine.searcher.item_closeness(plan.remainder)
            t2 = time.perf_counter()
            weights = FIGURE_WEIGHTS if plan.kind is QueryKind.FIGURE else WEIGHTS
            fuse(dense, lexical, mask, Mode.HYBRID, engine.calibration, weights, limit=10, dense_ranking=ranking)
            t3 = time.perf_counter()
            forget()
            engine.search(text)
            t4 = time.perf_counter()
            for name, value in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                stages[name].append(value * 1000)
    engine.close()
    result = {f"{name}_p50_ms": round(pct(v, 0.5), 2) for name, v in stages.items()}
    result |= {f"{name}_p95_ms": round(pct(v, 0.95), 2) for name, v in stages.items()}
    return result


def ann_recall(index: Path, texts: list[str]) -> dict:
    """recall@10 of the index's vector search against exact search, on real query vectors."""
    from wrsearch.engine import Engine
    from wrsearch.index.vectors import exact_top

    engine = Engine(index)
    query_vectors = np.stack([engine.embedder.query(t) for t in texts]).astype(np.float32)
    vectors = np.asarray(engine.index.vectors)
    truth = exact_top(vectors, query_vectors, 10)
    timings, found = [], []
    for vector in query_vectors:
        started = time.perf_counter()
        _, ids = engine.index.faiss_index.search(vector.reshape(1, -1), 10)
        timings.append((time.perf_counter() - started) * 1000)
        found.append(ids[0])
    recall = float(np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth, found)]))
    exact = []
    for vector in query_vectors[:20]:
        started = time.perf_counter()
        exact_top(vectors, vector.reshape(1, -1), 10)
        exact.append((time.perf_counter() - started) * 1000)
    return {
        "kind": engine.index.manifest["faiss_index"]["kind"],
        "recall@10": round(recall, 4),
        "search_p50_ms": round(pct(timings, 0.5), 2),
        "exact_p50_ms": round(pct(exact, 0.5), 2),
    }


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(index: Path, texts: list[str], clients: tuple[int, ...] = (1, 8, 32), per_level: int = 200) -> dict:
    import httpx

    port = free_port()
    env = {**os.environ, "WRSEARCH_INDEX": str(index)}
    started = time.perf_counter()
    server = subprocess.Popen([EXE, "serve", "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    result: dict = {}
    try:
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
            if server.poll() is not None or time.perf_counter() - started > 600:
                raise RuntimeError("server did not start")
        result["startup_s"] = round(time.perf_counter() - started, 2)
        for n in clients:
            latencies: list[float] = []
            errors = 0
            lock = threading.Lock()
            counter = iter(range(per_level))

            def client() -> None:
                nonlocal errors
                with httpx.Client(timeout=60) as session:
                    while True:
                        with lock:
                            i = next(counter, None)
                        if i is None:
                            return
                        t0 = time.perf_counter()
                        try:
                            session.get(f"{base}/search", params={"q": texts[i % len(texts)]}).raise_for_status()
                        except Exception:
                            with lock:
                                errors += 1
                            continue
                        with lock:
                            latencies.append((time.perf_counter() - t0) * 1000)

            t0 = time.perf_counter()
            threads = [threading.Thread(target=client) for _ in range(n)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - t0
            result[f"c{n}"] = {
                "p50_ms": round(pct(latencies, 0.5), 1),
                "p95_ms": round(pct(latencies, 0.95), 1),
                "rps": round(len(latencies) / elapsed, 1),
                "errors": errors,
            }
        result["rss_mb"] = round(rss_mb(server.pid), 1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return result


# -- 5. cold start --------------------------------------------------------------------------
def cold_start(index: Path, runs: int = 5) -> dict:
    env = {**os.environ, "WRSEARCH_INDEX": str(index)}
    timings, imports = [], []
    for _ in range(runs):  # side by side: the search, then the bare import of the CLI
        started = time.perf_counter()
        subprocess.run([EXE, "search", "口袋公园", "-k", "3", "--json"], env=env, check=True, capture_output=True)
        timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import wrsearch.cli"], env=env, check=True, capture_output=True)
        imports.append(time.perf_counter() - started)
    probe = (
        "import sys; from typer.testing import CliRunner; from wrsearch.cli import app; "
        "r = CliRunner().invoke(app, ['search', '口袋公园', '--json']); assert r.exit_code == 0, r.output; "
        "print(int('torch' in sys.modules), int('sentence_transformers' in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    return {
        "median_s": round(statistics.median(timings), 3),
        "min_s": round(min(timings), 3),
        "import_cli_median_s": round(statistics.median(imports), 3),
        "torch_imported": out[0] == "1",
        "sentence_transformers_imported": out[1] == "1",
    }


# -- driver ---------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="seed and 100k only; reuse the national index")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    parser.add_argument(
        "--reuse-builds",
        type=Path,
        metavar="JSON",
        help="skip the seed and national builds; take their figures from an earlier result",
    )
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    texts = queries()
    report: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M"), "sizes": {}}
    log = lambda message: print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)  # noqa: E731

    seed_corpus = WORK / "seed-corpus"
    seed_corpus.mkdir(exist_ok=True)
    shutil.copy(SEED, seed_corpus)
    national_corpus = WORK / "national-corpus"
    national_corpus.mkdir(exist_ok=True)
    for path in NATIONAL.glob("*.txt"):
        if not (national_corpus / path.name).exists():
            (national_corpus / path.name).symlink_to(path)

    indexes = {"seed": WORK / "seed-index", "national": WORK / "national-index"}
    if args.reuse_builds:
        earlier = json.loads(args.reuse_builds.read_text("utf-8"))
        report["build"], report["embedder_raw_chunks_per_s"] = earlier["build"], earlier["embedder_raw_chunks_per_s"]
        report["build_measured"] = earlier["date"]
    else:
        log("raw embedder throughput")
        national_texts = chunk_texts(national_corpus)
        sample = national_texts[:: max(1, len(national_texts) // 400)][:400]
        raw = raw_embedder_throughput(sample)
        seed_raw = raw_embedder_throughput(chunk_texts(seed_corpus))
        report["embedder_raw_chunks_per_s"] = {"national_sample": round(raw, 2), "seed": round(seed_raw, 2)}
        log("build: seed")
        report["build"] = {"seed": build(seed_corpus, indexes["seed"])}
        report["build"]["seed"]["ratio_to_raw"] = round(report["build"]["seed"]["chunks_per_s"] / seed_raw, 3)
    if not args.reuse_builds and (not args.quick or current_or_none(indexes["national"]) is None):
        log("build: national corpus (about 10 minutes)")
        report["build"]["national"] = build(national_corpus, indexes["national"])
        report["build"]["national"]["ratio_to_raw"] = round(report["build"]["national"]["chunks_per_s"] / raw, 3)
    sizes = {"100k": 100_000} if args.quick else {"100k": 100_000, "1M": 1_000_000}
    for name, target in sizes.items():
        log(f"synthetic scale-up: {name}")
        indexes[name] = WORK / f"synthetic-{name}"
        report.setdefault("synthetic", {})[name] = scale_up(indexes["national"], target, indexes[name])

    for name, index in indexes.items():
        log(f"latency: {name}")
        entry = {"in_process": in_process(index, texts), "vector_index": ann_recall(index, texts)}
        log(f"http: {name}")
        entry["http"] = http(index, texts)
        report["sizes"][name] = entry
    log("cold start")
    report["cold_start"] = cold_start(indexes["seed"])

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    print_table(report)
    print(f"\nJSON: {args.out}")


def current_or_none(index: Path):
    from wrsearch.index.layout import current_generation

    return current_generation(index)


def print_table(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    m = report["machine"]
    console.print(
        f"[bold]machine[/]: {m['cpu']}, {m['cores']} cores, {m['memory_mb']} MB; "
        f"Python {m['python']}, numpy {m['numpy']}, faiss {m['faiss']}"
    )
    builds = Table(title="index build")
    for column in ("corpus", "items", "chunks", "seconds", "items/s", "chunks/s", "raw embedder chunks/s", "ratio"):
        builds.add_column(column, justify="right")
    raws = report["embedder_raw_chunks_per_s"]
    for name, b in report["build"].items():
        raw = raws["seed"] if name == "seed" else raws["national_sample"]
        builds.add_row(
            name,
            str(b["items"]),
            str(b["chunks"]),
            f"{b['seconds']:.1f}",
            f"{b['items_per_s']:.1f}",
            f"{b['chunks_per_s']:.1f}",
            f"{raw:.1f}",
            f"{b['ratio_to_raw']:.2f}",
        )
    console.print(builds)
    table = Table(title="queries (ms; p50 / p95)")
    for column in (
        "size",
        "chunks",
        "vector index",
        "recall@10",
        "bm25",
        "dense",
        "fusion",
        "total",
        "http c1",
        "http c8",
        "http c32",
        "rss MB",
    ):
        table.add_column(column, justify="right")
    for name, s in report["sizes"].items():
        ip, vi, h = s["in_process"], s["vector_index"], s["http"]
        chunks = report.get("synthetic", {}).get(name, {}).get("chunks") or report["build"].get(name, {}).get(
            "chunks", ""
        )
        fmt = lambda stage: f"{ip[stage + '_p50_ms']:.1f} / {ip[stage + '_p95_ms']:.1f}"  # noqa: E731
        table.add_row(
            name,
            str(chunks),
            vi["kind"],
            f"{vi['recall@10']:.3f}",
            fmt("bm25"),
            fmt("dense"),
            fmt("fusion"),
            fmt("total"),
            *(f"{h[c]['p50_ms']:.0f} / {h[c]['p95_ms']:.0f}" for c in ("c1", "c8", "c32")),
            f"{h['rss_mb']:.0f}",
        )
    console.print(table)
    c = report["cold_start"]
    console.print(
        f"cold `wrsearch search` on the seed: median {c['median_s']:.2f} s (min {c['min_s']:.2f} s; "
        f"`import wrsearch.cli` alone {c.get('import_cli_median_s', float('nan')):.2f} s); "
        f"torch imported: {c['torch_imported']}"
    )


if __name__ == "__main__":
    main()
