"""Round 16t, step 1: capture what the hybrid fuses, per dev row, over every search dev set
(twenty-two sets over twenty reports, each report indexed alone), so that dense-side variants
(how an item's similarity mixes its best chunk, task chunk, heading and whole-item vector),
pseudo-relevance feedback, a per-query gate between hybrid and dense, and the ``confident``
flag can be replayed through the real ``fusion.fuse`` without re-running the search.

Per index: every chunk vector with its item and kind, the task and whole-item vectors, each
item's heading (``section``) embedded as a passage, the calibration. Per row: the query vector
(of the text the dense side embeds), the inputs of ``searcher.fuse`` in hybrid (the lexical
evidence, the mask, the weights), and the real hybrid / bm25 / dense top 10 with flags.

    ROUND16_WORK=/tmp/r16t python benchmarks/round16/capture.py   # indexes $ROUND16_WORK/idx/<index>

Output: ``$ROUND16_WORK/capture.pkl``. Every set is dev (held-out rows are never read).
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

import numpy as np

from wrsearch.engine import Engine
from wrsearch.evaluate import load_qrels
from wrsearch.search import searcher as searcher_module
from wrsearch.search.query import QueryKind

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from fusion_capture import HybridCapture  # noqa: E402
from tune_retrieval import DATA  # noqa: E402
from tune_retrieval import SETS as TWENTY  # noqa: E402

# the twenty sets of rounds 13–14 and the two measured once on main c0feb4b, dev since
SETS = {
    **TWENTY,
    "lishan": ("lishan", DATA / "retrieval_blind16.jsonl", "dev"),
    "mingquan": ("mingquan", DATA / "retrieval_blind17.jsonl", "dev"),
}
WORK = Path(os.environ.get("ROUND16_WORK", "/tmp/r16t"))
TYPES = ("topic", "factoid", "dept", "none")


def index_record(engine: Engine) -> dict:
    """What the dense variants need of one index."""
    s = engine.searcher
    index = s.retriever.index
    n = len(s.columns)
    items = [s.items[i] for i in range(n)]
    sections = [item.section or "" for item in items]
    unique = sorted({x for x in sections if x})
    embedder = s._embedder()
    head_vectors = embedder.passages(unique) if unique else np.zeros((0, index.vectors.shape[1]), np.float32)
    by_text = {text: head_vectors[i] for i, text in enumerate(unique)}
    heading = np.zeros((n, index.vectors.shape[1]), np.float32)
    has_heading = np.zeros(n, bool)
    for i, text in enumerate(sections):
        if text:
            heading[i], has_heading[i] = by_text[text], True
    return {
        "nos": [item.no for item in items],
        "sections": sections,
        "tasks": [item.task for item in items],
        "chunk_vectors": np.asarray(index.vectors, np.float32),
        "chunk_item": np.asarray(index.chunk_item),
        "chunk_kind": [c["kind"] for c in index.chunks],
        "task_vectors": np.asarray(s.retriever.task_vectors(), np.float32),
        "item_vectors": np.asarray(s.retriever.item_vectors(), np.float32),
        "heading_vectors": heading,
        "has_heading": has_heading,
        "calibration": s.calibration,
    }


def main() -> None:
    # the base the variants are replayed against: the ranking before round 16t's correction
    # (``replay.py`` adds it as a variant, ``csls``/``bg`` ``synonyms-mean``)
    searcher_module.TYPICAL_QUERY_WEIGHT = 0.0
    capture = HybridCapture()  # the inputs of the hybrid call
    searcher_module.fuse = capture
    engines: dict[str, Engine] = {}
    indexes: dict[str, dict] = {}
    rows = []
    try:
        for name, (which, path, split) in SETS.items():
            if which not in engines:
                engines[which] = Engine(WORK / "idx" / which)
                indexes[which] = index_record(engines[which])
            engine = engines[which]
            s = engine.searcher
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
                    "report": row.report,
                    "relevant": {int(k): v for k, v in row.relevant.items()},
                }
                record.update(capture.search_every_mode(engine, query, row.report))
                if capture.last is not None:
                    plan = s.search_plan(query)
                    record["remainder"] = plan.remainder
                    record["words"] = list(plan.words)
                    record["weights_terms"] = s.term_weights(plan)
                    record["figure"] = plan.kind is QueryKind.FIGURE
                    record["qvec"] = np.asarray(s._embedder().query(plan.remainder), np.float32).reshape(-1)
                rows.append(record)
            print(name, sum(r["set"] == name for r in rows), flush=True)
    finally:
        searcher_module.fuse = capture.original
    (WORK / "capture.pkl").write_bytes(pickle.dumps({"rows": rows, "indexes": indexes}))


if __name__ == "__main__":
    main()
