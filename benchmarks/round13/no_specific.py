"""Round 13: ``fusion.NO_SPECIFIC_STRENGTH`` (the lexical side's strength when no item holds a
specific word of the query) by leave-one-set-out over the twenty search dev sets.

Runs BM25 and dense once, and the hybrid at each value (1: off, the value in use; 0.5; 0), over the
topic, factoid and dept rows of the twenty sets of ``benchmarks/round13/confidence.py`` (each report
indexed alone, ``$ROUND13_WORK/idx/<index>``, default /tmp/r13). Each fold chooses as
``tune_retrieval.tune_adaptive`` does: first the most (set, type) pairs with the hybrid ≥ each half,
then the mean nDCG@10 (each set weighing the same), ties to the value in use; scored on the set
left out.

    ROUND13_WORK=/tmp/r13 python benchmarks/round13/no_specific.py

Output: ``benchmarks/results/round13-no-specific.json``.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

from wrsearch.engine import Engine
from wrsearch.evaluate import CUTOFF, load_qrels, ndcg
from wrsearch.search import fusion

sys.path.insert(0, str(Path(__file__).resolve().parent))
from confidence import ROOT, SETS, WORK  # noqa: E402

VALUES = (1.0, 0.5, 0.0)  # 1.0 first: the value in use, ties go to it
RANKED = ("topic", "factoid", "dept")


def run(engines: dict[str, Engine], mode: str) -> dict[str, dict[str, float]]:
    """Per set, per row id: nDCG@10 in ``mode``."""
    out: dict[str, dict[str, float]] = {}
    for name, (which, path, split) in SETS.items():
        engine = engines.setdefault(which, Engine(WORK / "idx" / which))
        out[name] = {}
        for row in load_qrels(path, split):
            if row.type not in RANKED:
                continue
            relevant = {int(no): grade for no, grade in row.relevant.items()}
            hits = engine.search(str(row.query), k=CUTOFF, report=row.report, mode=mode).hits
            out[name][f"{row.type}:{row.id}"] = ndcg([h.no for h in hits], relevant)
    return out


def by_type(figures: dict[str, float]) -> dict[str, float]:
    kinds: dict[str, list[float]] = {}
    for key, value in figures.items():
        kinds.setdefault(key.split(":")[0], []).append(value)
    return {kind: statistics.fmean(v) for kind, v in kinds.items()}


def main() -> None:
    engines: dict[str, Engine] = {}
    halves = {mode: run(engines, mode) for mode in ("bm25", "dense")}
    hybrid = {}
    for value in VALUES:
        fusion.NO_SPECIFIC_STRENGTH = value
        for engine in engines.values():  # query results may be cached per engine
            getattr(engine.searcher, "clear_cache", lambda: None)()
        hybrid[value] = run(engines, "hybrid")
    fusion.NO_SPECIFIC_STRENGTH = 1.0

    def pairs_ok(value: float, names: list[str]) -> int:
        count = 0
        for name in names:
            h, b, d = by_type(hybrid[value][name]), by_type(halves["bm25"][name]), by_type(halves["dense"][name])
            count += sum(h[k] >= max(b[k], d[k]) - 1e-9 for k in h)
        return count

    def mean(value: float, names: list[str]) -> float:
        return statistics.fmean(statistics.fmean(hybrid[value][n].values()) for n in names)

    def pick(names: list[str]) -> float:
        return max(VALUES, key=lambda v: (pairs_ok(v, names), mean(v, names), v == 1.0))

    names = list(SETS)
    folds = []
    for left_out in names:
        chosen = pick([n for n in names if n != left_out])
        folds.append({
            "left_out": left_out, "chosen": chosen, "mean": mean(chosen, [left_out]),
            "off": mean(1.0, [left_out]), "pairs_ok": pairs_ok(chosen, [left_out]), "pairs_ok_off": pairs_ok(1.0, [left_out]),
            "topic": by_type(hybrid[chosen][left_out]).get("topic"), "topic_off": by_type(hybrid[1.0][left_out]).get("topic"),
        })
    moved = {
        str(v): {n: {k: (round(hybrid[1.0][n][k], 3), round(x, 3)) for k, x in hybrid[v][n].items()
                     if abs(x - hybrid[1.0][n][k]) > 1e-9} for n in names}
        for v in VALUES[1:]
    }
    report = {
        "folds": folds,
        "left_out_mean": statistics.fmean(f["mean"] for f in folds),
        "left_out_mean_off": statistics.fmean(f["off"] for f in folds),
        "on_all": {str(v): {"pairs_ok": pairs_ok(v, names), "mean": mean(v, names),
                            "topic": statistics.fmean(by_type(hybrid[v][n])["topic"] for n in names)} for v in VALUES},
        "moved": moved,
        "by_set": {n: {"hybrid": {str(v): by_type(hybrid[v][n]) for v in VALUES},
                       "bm25": by_type(halves["bm25"][n]), "dense": by_type(halves["dense"][n])} for n in names},
    }
    out = ROOT / "benchmarks" / "results" / "round13-no-specific.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    for f in folds:
        print(f)
    print("left out", round(report["left_out_mean"], 4), "off", round(report["left_out_mean_off"], 4))
    print(json.dumps(report["on_all"]))
    print(json.dumps({v: {n: m for n, m in d.items() if m} for v, d in moved.items()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
