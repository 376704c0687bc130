"""Round 12b: a query word matched only inside a longer word of the item (a fragment) counts less.

``searcher.FRAGMENT_CREDIT`` (1: off, 0.75, 0.5, 0.25, 0) is what an item's match of a query word
counts, in its cover and its BM25 for that word, when the item holds the word only inside longer
words of its own precise-mode cut (湖水 inside 月湖水务集团). Two variants of "fragment"
(``searcher.FRAGMENT_RULE``): ``inside`` (any longer word) and ``across`` (only where the match
crosses a boundary between the longer word's own parts: 湖水 in 月湖|水务|集团, not 经济 in 数字|经济).

Every combination runs through the real search (hybrid) on every ranked row of the search dev sets
of ``benchmarks/tune_retrieval.py`` (eighteen in round 12b; twenty since round 12c added yunlong and
huaxi); BM25 and dense alone once. Then, as
``tune_adaptive``: leave one set out, the choice on the other sets being first the most
(set, type) pairs with the hybrid ≥ each half, then the mean nDCG@10 (each set weighing the same),
then the value nearest the one in use (off). Per variant, and nested: the variant chosen by an inner
leave-one-set-out on the other sets, then its credit on them, scored on the set left out.

    ROUND12_WORK=/tmp/r12c python benchmarks/round12/fragments.py   # indexes $ROUND12_WORK/idx/<index>

Output: ``benchmarks/results/round12c-fragments.json`` (round 12b's eighteen-set run is
``round12-fragments.json``).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "benchmarks" / "round12"))
from trust import cache_query_vectors  # noqa: E402
from tune_retrieval import INDEXES, SETS, pairs_never_below, run, set_mean, type_means  # noqa: E402

from wrsearch.engine import Engine  # noqa: E402
from wrsearch.evaluate import load_qrels  # noqa: E402
from wrsearch.search import searcher  # noqa: E402
from wrsearch.search.fusion import Mode  # noqa: E402

WORK = Path(os.environ.get("ROUND12_WORK", "/tmp/r12"))
CREDITS = (1.0, 0.75, 0.5, 0.25, 0.0)
VARIANTS = tuple(searcher.FragmentRule)
IN_USE = 1.0  # off (ties go to it: the values before this round)


def main() -> None:
    cache_query_vectors()
    engines = {which: Engine(WORK / "idx" / which) for which in INDEXES}
    rows = {name: load_qrels(path, split) for name, (_, path, split) in SETS.items()}
    shipped = searcher.FRAGMENT_RULE, searcher.FRAGMENT_CREDIT
    searcher.FRAGMENT_CREDIT = IN_USE  # the halves as before the round (the rule moves BM25 alone too)
    halves = {mode.value: run(engines, rows, mode) for mode in (Mode.BM25, Mode.DENSE)}
    searcher.FRAGMENT_RULE, searcher.FRAGMENT_CREDIT = shipped
    bm25_shipped = run(engines, rows, Mode.BM25)
    configs = [(VARIANTS[0], 1.0)] + [(v, c) for v in VARIANTS for c in CREDITS if c < 1.0]
    results = []
    for rule, credit in configs:
        searcher.FRAGMENT_RULE, searcher.FRAGMENT_CREDIT = rule, credit
        results.append(run(engines, rows, Mode.HYBRID))
        print(rule.value, credit, flush=True)
    searcher.FRAGMENT_RULE, searcher.FRAGMENT_CREDIT = shipped

    def by_type(scores: dict, name: str) -> dict[str, float]:
        return type_means(scores, rows, name)

    def never_below(c: int, names: list[str]) -> int:
        return pairs_never_below(results[c], halves, rows, names)

    def mean(c: int, names: list[str]) -> float:
        return statistics.fmean(set_mean(results[c][name], rows[name]) for name in names)

    def objective(c: int, names: list[str]) -> tuple:
        return never_below(c, names), round(mean(c, names), 6), -abs(configs[c][1] - IN_USE)

    def family(variant) -> list[int]:
        return [c for c, (rule, credit) in enumerate(configs) if rule is variant or credit == IN_USE]

    def left_out_scores(best: int, left_out: str) -> dict:
        """What a fold reports of its left-out set: the config chosen, its nDCG and pairs never below
        a half against the config in use, and the hybrid's means per type under each."""
        return {
            "chosen": [configs[best][0].value, configs[best][1]],
            "left_out_ndcg": round(mean(best, [left_out]), 4),
            "in_use_ndcg": round(mean(0, [left_out]), 4),
            "left_out_never_below": never_below(best, [left_out]),
            "in_use_never_below": never_below(0, [left_out]),
            "hybrid": by_type(results[best], left_out),
            "hybrid_in_use": by_type(results[0], left_out),
        }

    def loso(members: list[int], names: list[str]) -> tuple[float, list[dict]]:
        folds = []
        for left_out in names:
            rest = [n for n in names if n != left_out]
            best = max(members, key=lambda c: objective(c, rest))
            folds.append(
                {
                    "left_out": left_out,
                    **left_out_scores(best, left_out),
                    "bm25": by_type(halves["bm25"], left_out),
                    "dense": by_type(halves["dense"], left_out),
                }
            )
        return statistics.fmean(f["left_out_ndcg"] for f in folds), folds

    names = list(SETS)
    report: dict = {"configs": [[r.value, c] for r, c in configs], "variants": {}}
    for variant in VARIANTS:
        pooled, folds = loso(family(variant), names)
        report["variants"][variant.value] = {"left_out_mean": round(pooled, 4), "folds": folds}
    nested = []
    for left_out in names:
        rest = [n for n in names if n != left_out]
        inner = {v.value: loso(family(v), rest)[0] for v in VARIANTS}
        chosen = max(VARIANTS, key=lambda v: (round(inner[v.value], 6), v is searcher.FragmentRule.INSIDE))
        best = max(family(chosen), key=lambda c: objective(c, rest))
        nested.append(
            {
                "left_out": left_out,
                "inner": {k: round(v, 5) for k, v in inner.items()},
                "variant": chosen.value,
                **left_out_scores(best, left_out),
            }
        )
    report["nested"] = nested
    # the choice to ship: the same two steps on all the sets (the rule by leave-one-set-out, then its credit)
    pooled = {v.value: loso(family(v), names)[0] for v in VARIANTS}
    variant = max(VARIANTS, key=lambda v: (round(pooled[v.value], 6), v is searcher.FragmentRule.INSIDE))
    best = max(family(variant), key=lambda c: objective(c, names))
    report["chosen_on_all"] = {
        "inner": {k: round(v, 5) for k, v in pooled.items()},
        "variant": variant.value,
        "chosen": [configs[best][0].value, configs[best][1]],
    }
    report["nested_left_out_mean"] = round(statistics.fmean(f["left_out_ndcg"] for f in nested), 4)
    report["in_use_mean"] = round(mean(0, names), 4)
    report["on_all"] = [
        {
            "config": [configs[c][0].value, configs[c][1]],
            "never_below": never_below(c, names),
            "mean": round(mean(c, names), 5),
            "topic_mean": round(statistics.fmean(set_mean(results[c][n], rows[n], ("topic",)) for n in names), 5),
            "by_set": {n: by_type(results[c], n) for n in names},
        }
        for c in range(len(configs))
    ]
    report["halves"] = {mode: {n: by_type(scores, n) for n in names} for mode, scores in halves.items()}
    report["bm25_shipped"] = {n: by_type(bm25_shipped, n) for n in names}
    report["rows"] = {
        f"{rule.value} {credit}": {n: results[c][n] for n in ("yintan", "yuehu", "yunlong", "huaxi")}
        for c, (rule, credit) in enumerate(configs)
    }
    out = ROOT / "benchmarks" / "results" / "round12c-fragments.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    print(
        json.dumps(
            {k: v for k, v in report.items() if k not in ("on_all", "rows", "halves")}, ensure_ascii=False, indent=1
        )
    )
    for entry in report["on_all"]:
        print(entry["config"], entry["never_below"], entry["mean"], entry["topic_mean"])


if __name__ == "__main__":
    main()
