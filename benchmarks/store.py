"""Item store benchmark (issue 15): the HTTP server's start time, memory and query latency,
before (a git ref, default ``main``) and after (this tree), and FAISS threads side by side.

    PYTHONPATH=src .venv/bin/python benchmarks/store.py                  # seed, national, 100k, 1M
    PYTHONPATH=src .venv/bin/python benchmarks/store.py --sizes seed,100k

Indexes live in ``$WRSEARCH_BENCH_DIR`` (default ``../bench``), built as in ``run.py`` (the
seed and the national corpus embedded for real, then synthetic scale-ups). Each index is
written in both layouts: this tree's (item store, schema 5) and the one before it (schema 4,
items in ``items.jsonl``), the other files hard-linked, so both versions serve the same index.

Per size and version, one server at a time (never two large ones at once): seconds from
process start to the first ``/health`` answer, resident memory after start and after the
queries (``VmRSS``, split into anonymous memory and mapped files: memory-mapped vectors and
FAISS lists count as file pages, shared and reclaimable), and ``/search`` p50/p95 with one
client over the dev, own and held-out queries. Then, in this process on this tree's code,
query latency by stage with one FAISS thread and with one per core, and the vector index's
recall@10 against exact search.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (the shared helpers: builds, scale-ups, percentiles)

ROOT = run.ROOT
SIZES = {"seed": None, "national": None, "100k": 100_000, "1M": 1_000_000}


def rss_detail(pid: int) -> dict:
    """VmRSS, RssAnon, RssFile and the peak VmHWM of a process, MB."""
    wanted = ("VmRSS", "RssAnon", "RssFile", "VmHWM")
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name = line.split(":", 1)[0]
        if name in wanted:
            values[name] = round(int(line.split()[1]) / 1024, 1)
    return values


def before_source(ref: str, work: Path) -> Path:
    """``src`` of ``ref`` in the repository, unpacked under ``work``."""
    target = work / f"src-{ref.replace('/', '_')}"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "src"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / "src"


def old_layout(index: Path, target: Path) -> None:
    """``index``'s live generation in the schema-4 layout at ``target`` (items.jsonl; the
    other files hard-linked)."""
    from wrsearch.index.corpus import stored_items
    from wrsearch.index.layout import current_generation

    generation = current_generation(index)
    shutil.rmtree(target, ignore_errors=True)
    folder = target / generation.name
    folder.mkdir(parents=True)
    for path in generation.iterdir():
        if path.name.startswith(("items.", "columns.", "item_vectors", "task_vectors", "manifest")):
            continue
        if path.is_dir():
            shutil.copytree(path, folder / path.name, copy_function=os.link)
        else:
            os.link(path, folder / path.name)
    with (folder / "items.jsonl").open("w", encoding="utf-8") as handle:
        for item in stored_items(generation):
            handle.write(json.dumps(item.to_record(), ensure_ascii=False) + "\n")
    manifest = json.loads((generation / "manifest.json").read_text("utf-8")) | {"schema_version": 4}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    (target / "CURRENT").write_text(generation.name)


def serve_and_measure(source: Path, index: Path, texts: list[str], queries: int = 200) -> dict:
    """Start ``wrsearch serve`` from ``source`` on ``index``; start time, memory, latency."""
    port = run.free_port()
    env = {**os.environ, "WRSEARCH_INDEX": str(index), "PYTHONPATH": str(source)}
    command = [sys.executable, "-c", "from wrsearch.cli import main; main()", "serve", "--port", str(port)]
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    result: dict = {}
    try:
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
            if server.poll() is not None:
                raise RuntimeError(f"server did not start: {server.stderr.read()[-2000:]}")
            if time.perf_counter() - started > 900:
                raise RuntimeError("server did not start in 15 minutes")
        result["startup_s"] = round(time.perf_counter() - started, 2)
        result["rss_after_start_mb"] = rss_detail(server.pid)
        latencies = []
        with httpx.Client(timeout=120) as session:
            session.get(f"{base}/search", params={"q": texts[0]}).raise_for_status()  # the embedder loads
            for i in range(queries):
                t0 = time.perf_counter()
                session.get(f"{base}/search", params={"q": texts[i % len(texts)]}).raise_for_status()
                latencies.append((time.perf_counter() - t0) * 1000)
        result["search_c1"] = {
            "p50_ms": round(run.pct(latencies, 0.5), 1),
            "p95_ms": round(run.pct(latencies, 0.95), 1),
            "queries": queries,
        }
        result["rss_after_queries_mb"] = rss_detail(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return result


def threads_side_by_side(index: Path, texts: list[str]) -> dict:
    """Query latency by stage in this process with 1 FAISS thread and with one per core."""
    import faiss

    from wrsearch.engine import Engine

    result = {}
    cores = os.cpu_count() or 1
    embedder = None
    for threads in (cores, 1, cores, 1):  # alternated twice: load on the machine drifts
        os.environ["WRSEARCH_FAISS_THREADS"] = str(threads)
        timings = run.in_process(index, texts, rounds=1)
        assert faiss.omp_get_max_threads() == threads
        if embedder is None:
            embedder = Engine(index).embedder
        embed = []
        for text in texts:
            t0 = time.perf_counter()
            embedder.query(text)
            embed.append((time.perf_counter() - t0) * 1000)
        timings["embed_query_p50_ms"] = round(run.pct(embed, 0.5), 2)
        result.setdefault(f"faiss_threads_{threads}", []).append(timings)
    os.environ.pop("WRSEARCH_FAISS_THREADS")
    return result


def sq8_recall(index: Path, texts: list[str]) -> dict:
    """recall@10 of an IVF-SQ8 index (same lists as the IVF-flat one) on the real queries."""
    import faiss

    from wrsearch.engine import Engine
    from wrsearch.index.vectors import NPROBES, exact_top

    engine = Engine(index)
    info = engine.index.manifest["faiss_index"]
    vectors = np.asarray(engine.index.vectors)
    queries = np.stack([engine.embedder.query(t) for t in texts]).astype(np.float32)
    truth = exact_top(vectors, queries, 10)
    quantizer = faiss.IndexFlatIP(vectors.shape[1])
    sq8 = faiss.IndexIVFScalarQuantizer(
        quantizer, vectors.shape[1], info["nlist"], faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
    )
    rng = np.random.default_rng(0)
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    started = time.perf_counter()
    sq8.train(vectors[rng.choice(len(vectors), size=min(len(vectors), 32 * info["nlist"]), replace=False)])
    for start in range(0, len(vectors), 200_000):
        sq8.add(np.ascontiguousarray(vectors[start : start + 200_000]))
    seconds = time.perf_counter() - started
    faiss.omp_set_num_threads(1)
    by_nprobe = {}
    for nprobe in NPROBES:
        if nprobe > info["nlist"]:
            break
        sq8.nprobe = nprobe
        _, found = sq8.search(queries, 10)
        by_nprobe[nprobe] = round(float(np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth, found)])), 4)
    sq8.nprobe = info["nprobe"]
    _, found = sq8.search(queries, 10)
    return {
        "nlist": info["nlist"],
        "flat_nprobe": info["nprobe"],
        "recall@10_at_flat_nprobe": round(float(np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth, found)])), 4),
        "recall@10_by_nprobe": by_nprobe,
        "size_mb": round(sq8.sa_code_size() * sq8.ntotal / 2**20, 1),
        "build_seconds": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default="main", help="git ref of the version before (default main)")
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma-separated: seed,national,100k,1M")
    parser.add_argument("--no-build", action="store_true", help="use the seed and national indexes as they are")
    parser.add_argument(
        "--base",
        choices=("national", "seed"),
        default="national",
        help="the index the scale-ups copy (default national)",
    )
    parser.add_argument("--sq8", action="store_true", help="also measure an IVF-SQ8 index's recall at the largest size")
    parser.add_argument("--out", type=Path, default=run.RESULTS / f"store-{time.strftime('%Y-%m-%d')}.json")
    args = parser.parse_args()
    sizes = [s for s in args.sizes.split(",") if s]
    work = run.WORK
    work.mkdir(parents=True, exist_ok=True)
    log = lambda message: print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)  # noqa: E731
    texts = run.queries()
    after_source = ROOT / "src"
    before = before_source(args.before, work)
    report: dict = {
        "machine": run.machine(),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "before": args.before,
        "before_commit": subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", args.before], capture_output=True, text=True
        ).stdout.strip(),
        "after_commit": subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip(),
        "sizes": {},
    }
    indexes = {"seed": work / "seed-index", "national": work / "national-index"}
    seed_corpus = work / "seed-corpus"
    seed_corpus.mkdir(exist_ok=True)
    shutil.copy(run.SEED, seed_corpus)
    national_corpus = work / "national-corpus"
    national_corpus.mkdir(exist_ok=True)
    for path in run.NATIONAL.glob("*.txt"):
        if not (national_corpus / path.name).exists():
            (national_corpus / path.name).symlink_to(path)
    from wrsearch.index.build import build_index

    for name, corpus in (("seed", seed_corpus), ("national", national_corpus)):
        if name in sizes or (name == args.base and any(SIZES.get(s) for s in sizes)):
            if not args.no_build:
                log(f"index: {name} (embeds only what the index does not hold)")
                build_index(corpus, indexes[name])  # rewrites an old layout from its cached vectors
            if name in sizes:
                old_layout(indexes[name], work / f"{name}-index-before")
    synthetic = {}
    for name in sizes:
        if SIZES.get(name):
            log(f"synthetic scale-up: {name}")
            indexes[name] = work / f"synthetic-{name}"
            synthetic[name] = run.scale_up(
                indexes[args.base], SIZES[name], indexes[name], old_layout=work / f"synthetic-{name}-before"
            ) | {"base": args.base}
    for name in sizes:
        if name == "national" and name not in indexes:
            continue
        entry: dict = {"synthetic": synthetic.get(name)}
        before_index = work / (f"synthetic-{name}-before" if SIZES.get(name) else f"{name}-index-before")
        for version, source, index in (("before", before, before_index), ("after", after_source, indexes[name])):
            log(f"serve: {name}, {version}")
            entry[version] = serve_and_measure(source, index, texts)
            log(f"  {entry[version]}")
        if name != "1M":
            log(f"threads: {name}")
            entry["threads"] = threads_side_by_side(indexes[name], texts)
        log(f"vector index: {name}")
        entry["vector_index"] = run.ann_recall(indexes[name], texts)
        report["sizes"][name] = entry
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    if args.sq8:
        largest = [s for s in sizes if SIZES.get(s)][-1]
        log(f"IVF-SQ8 recall: {largest}")
        report["sq8"] = {largest: sq8_recall(indexes[largest], texts)}
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    print(markdown(report))
    print(f"\nJSON: {args.out}")


def markdown(report: dict) -> str:
    """The tables of a result, in Markdown."""
    lines = [
        f"before: {report['before']} ({report['before_commit']}), after: {report['after_commit']}; "
        f"{report['machine']['cores']} cores, {report['date']}",
        "",
        "| size | chunks | version | start s | RSS after start MB (anon + file) | RSS after 200 queries MB (anon + file) | /search p50 / p95 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, entry in report["sizes"].items():
        chunks = (entry.get("synthetic") or {}).get("chunks", "")
        for version in ("before", "after"):
            r = entry[version]
            start, end = r["rss_after_start_mb"], r["rss_after_queries_mb"]
            lines.append(
                f"| {name} | {chunks} | {version} | {r['startup_s']:.1f} | "
                f"{start['VmRSS']:.0f} ({start['RssAnon']:.0f} + {start['RssFile']:.0f}) | "
                f"{end['VmRSS']:.0f} ({end['RssAnon']:.0f} + {end['RssFile']:.0f}) | "
                f"{r['search_c1']['p50_ms']:.0f} / {r['search_c1']['p95_ms']:.0f} |"
            )
    lines += [
        "",
        "| size | FAISS threads | dense (embed + search) p50 / p95 ms | total p50 / p95 ms | embed query p50 ms |",
        "|---|---|---|---|---|",
    ]
    for name, entry in report["sizes"].items():
        for key, runs in (entry.get("threads") or {}).items():
            for timings in runs:
                lines.append(
                    f"| {name} | {key.rsplit('_', 1)[1]} | {timings['dense_p50_ms']:.1f} / {timings['dense_p95_ms']:.1f} | "
                    f"{timings['total_p50_ms']:.1f} / {timings['total_p95_ms']:.1f} | {timings['embed_query_p50_ms']:.1f} |"
                )
    lines += ["", "| size | vector index | recall@10 | search p50 ms |", "|---|---|---|---|"]
    for name, entry in report["sizes"].items():
        v = entry["vector_index"]
        lines.append(f"| {name} | {v['kind']} | {v['recall@10']:.3f} | {v['search_p50_ms']:.2f} |")
    for name, sq8 in (report.get("sq8") or {}).items():
        lines.append(
            f"\nIVF-SQ8 at {name}: recall@10 {sq8['recall@10_at_flat_nprobe']:.3f} at the flat index's "
            f"nprobe {sq8['flat_nprobe']}; by nprobe {sq8['recall@10_by_nprobe']}; {sq8['size_mb']} MB"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
