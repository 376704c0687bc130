"""Round 14t, step 1: capture per (query, item) what the hybrid fusion fuses, over the twenty
search dev sets (eighteen reports, each indexed alone), for the learned-ranker study
(``benchmarks/round14/learn.py``).

For every topic, factoid, dept and none row: the hybrid, bm25 and dense top 10 with their
``confident`` flags (the figures the study compares against), and, where the search fused, the
inputs of ``fusion.fuse`` re-run with no limit (the full hybrid order), plus query-level facts
the fusion does not see: the number of specific query words (weight above boiler-plate), figure
question or not, and each item's heading's share of the specific words.

    ROUND14_WORK=/tmp/r14t python benchmarks/round14/capture.py   # indexes $ROUND14_WORK/idx/<index>

Output: ``$ROUND14_WORK/capture.pkl``. Held-out rows are never read (the sets are dev).
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

import numpy as np

from wrsearch.engine import Engine
from wrsearch.evaluate import CUTOFF, load_qrels
from wrsearch.search import searcher as searcher_module
from wrsearch.search.query import QueryKind
from wrsearch.text import fold

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "benchmarks" / "round13"))
from confidence import SETS  # noqa: E402  the twenty sets of round 13
from fusion_capture import HybridCapture  # noqa: E402

WORK = Path(os.environ.get("ROUND14_WORK", "/tmp/r14t"))
TYPES = ("topic", "factoid", "dept", "none")


def heading_share(s, plan, weights: dict[str, float]) -> tuple[np.ndarray, int]:
    """Per item, the share of the query's specific words (weight above boiler-plate) its
    heading holds, and how many specific words the query has."""
    specific = [w for w in plan.words if weights.get(w, 0.0) > searcher_module.BOILERPLATE_WEIGHT + 1e-9]
    n = len(s.columns)
    share = np.zeros(n, np.float32)
    if specific:
        for i in range(n):
            head = fold(s.items[i].section or "").lower()
            if head:
                share[i] = sum(w in head for w in specific) / len(specific)
    return share, len(specific)


def main() -> None:
    capture = HybridCapture(full_order=True)  # the inputs, and the full hybrid order
    searcher_module.fuse = capture
    engines: dict[str, Engine] = {}
    rows = []
    try:
        for name, (which, path, split) in SETS.items():
            engine = engines.setdefault(which, Engine(WORK / "idx" / which))
            s = engine.searcher
            nos = [s.items[i].no for i in range(len(s.columns))]
            for row in load_qrels(path, split):
                if row.type not in TYPES:
                    continue
                query = str(row.query)
                record = {
                    "set": name,
                    "index": which,
                    "id": row.id,
                    "type": row.type,
                    "query": query,
                    "relevant": {int(k): v for k, v in row.relevant.items()},
                    "nos": nos,
                }
                record.update(capture.search_every_mode(engine, query, row.report))
                if capture.last is not None:
                    plan = s.search_plan(query)
                    weights = s.term_weights(plan)
                    record["head"], record["n_specific"] = heading_share(s, plan, weights)
                    record["figure"] = plan.kind is QueryKind.FIGURE
                    top = [nos[i] for i in capture.last["order"][:CUTOFF]]
                    record["reproduced"] = top == record["hybrid"]
                rows.append(record)
            done = [r for r in rows if r["set"] == name]
            print(
                name,
                len(done),
                "fused",
                sum(r["captured"] is not None for r in done),
                "reproduced",
                sum(bool(r.get("reproduced")) for r in done),
                flush=True,
            )
    finally:
        searcher_module.fuse = capture.original
    (WORK / "capture.pkl").write_bytes(pickle.dumps(rows))


if __name__ == "__main__":
    main()
