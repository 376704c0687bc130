"""Round 12: the fusion's per-query lexical trust and the dense item score, re-fitted over eighteen search dev sets (sixteen reports).

Runs ``tune_retrieval.tune_adaptive`` (leave one set out; per fold the most (set, type) pairs where
the hybrid is at least each half, then the mean nDCG@10, then the values in use) over ``GRID``:

- ``synonym_only_strength`` (``fusion.SYNONYM_ONLY_STRENGTH``): the lexical side's strength when
  no item holds one of the query's own words (only the synonym list's words match);
- ``informative_power`` (``fusion.INFORMATIVE_POWER``): strength × the query words' mean weight to
  this power (boiler-plate and lone characters weigh less);
- ``full_match_boost`` (``fusion.FULL_MATCH_BOOST``): more lexical weight when one item holds
  every informative query word as written;
- ``task_dense_share`` (``searcher.TASK_DENSE_SHARE``): 0 is the item's best chunk alone, which is
  max(task chunk, best chunk) — the task chunk is one of the item's chunks —; 0.5 the blend in use.

Query vectors are cached per index and text (the model gives the same vector each time), which
changes no figure. ``ROUND12_WORK=/tmp/r12 python benchmarks/round12/trust.py`` (indexes
``$ROUND12_WORK/idx/<index>``); output ``benchmarks/results/round12-trust.json``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from tune_retrieval import INDEXES, SETS, tune_adaptive  # noqa: E402

from wrsearch.engine import Engine  # noqa: E402
from wrsearch.evaluate import load_qrels  # noqa: E402
from wrsearch.search import searcher  # noqa: E402

WORK = Path(os.environ.get("ROUND12_WORK", "/tmp/r12"))
GRID = {
    "dense_weight": (0.4,),
    "synonym_only_strength": (0.0, 0.25, 0.5, 0.75, 1.0),
    "informative_power": (0.0, 1.0),
    "full_match_boost": (0.0, 0.5),
    "task_dense_share": (0.0, 0.5),
}
IN_USE = {
    "dense_weight": 0.4,
    "synonym_only_strength": 1.0,
    "informative_power": 0.0,
    "full_match_boost": 0.0,
    "task_dense_share": 0.5,
}


def cache_query_vectors() -> None:
    """Embed each (index, text) once."""
    vectors: dict = {}
    plain = searcher.Searcher.item_closeness

    def item_closeness(self, text):
        key = (id(self), text)
        if key not in vectors:
            vectors[key] = self._embedder().query(text)
        vector = vectors[key]

        class Cached:
            def query(self, _text):
                return vector

        real, self._embedder = self._embedder, lambda: Cached()
        try:
            return plain(self, text)
        finally:
            self._embedder = real

    searcher.Searcher.item_closeness = item_closeness


def main() -> None:
    cache_query_vectors()
    engines = {which: Engine(WORK / "idx" / which) for which in INDEXES}
    rows = {name: load_qrels(path, split) for name, (_, path, split) in SETS.items()}
    result = tune_adaptive(engines, rows, GRID, IN_USE)
    out = ROOT / "benchmarks" / "results" / "round12-trust.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "grid"}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
