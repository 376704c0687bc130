"""Choose the retrieval weights by cross-validation over the development sets.

Every combination of the grid below is run through the real search (``Engine.search``) on
every dev row of every set; per query nDCG@10 (topic, factoid, dept rows) is kept. Then
leave-one-set-out: for each set, the combination with the best mean over the *other* sets
(each set weighing the same) is chosen and scored on the set left out. The report lists the
folds, the choice on all sets, and per set × type hybrid against its two halves.

    python benchmarks/tune_retrieval.py --seed-index IDX --qingchuan-index IDX2 [-o results.json]

``--seed-index``: ``corpus/wuchang-2021-q1.txt`` indexed alone; ``--qingchuan-index``:
``tests/fixtures/status2/qingchuan-2022-y.txt`` indexed alone (default embedder both).
Held-out sets are never read here.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
from pathlib import Path

from wrsearch.engine import Engine
from wrsearch.evaluate import CUTOFF, load_qrels, query_metrics
from wrsearch.search import fusion, searcher
from wrsearch.search.fusion import Mode, Weights

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared" / "eval" / "dev.jsonl"

# name → (which index, file, split)
SETS = {
    "v2": ("seed", DATA / "retrieval_v2.jsonl", "dev"),
    "shared": ("seed", SHARED, None),
    "own": ("seed", DATA / "own.jsonl", None),
    "older": ("seed", DATA / "heldout.jsonl", None),
    "qingchuan": ("qingchuan", DATA / "retrieval_qingchuan.jsonl", "dev"),
}
RANKED = ("topic", "factoid", "dept")

GRID = {
    "dense_weight": (0.4, 0.5),  # lexical = 1 − dense; figure questions 0.1 less dense
    "dense_relative": (0.0, 1.0),  # fusion.DENSE_RELATIVE
    "item_cover_power": (0.0, 1.0),  # fusion.ITEM_COVER_POWER
    "cover_share": (0.0, 0.5),  # fusion.COVER_SHARE
    "task_dense_share": (0.0, 0.25, 0.5),  # searcher.TASK_DENSE_SHARE
    "cover_by_word": (False, True),  # searcher.COVER_BY_WORD
    "piece_credit": (0.0, 0.5, 1.0),  # searcher.PIECE_CREDIT
}


def apply(config: dict) -> None:
    """Set the module constants the search reads to ``config``."""
    dense = config["dense_weight"]
    searcher.WEIGHTS = Weights(dense=dense, lexical=round(1 - dense, 2))
    searcher.FIGURE_WEIGHTS = Weights(dense=round(dense - 0.1, 2), lexical=round(1.1 - dense, 2))
    fusion.DENSE_RELATIVE = config["dense_relative"]
    fusion.ITEM_COVER_POWER = config["item_cover_power"]
    fusion.COVER_SHARE = config["cover_share"]
    searcher.TASK_DENSE_SHARE = config["task_dense_share"]
    searcher.COVER_BY_WORD = config["cover_by_word"]
    searcher.PIECE_CREDIT = config["piece_credit"]


def run(engines: dict[str, Engine], rows: dict[str, list], mode: Mode) -> dict[str, dict[str, float]]:
    """Per set, per row id: nDCG@10 (ranked rows) or 1/0 for 'no confident hit' (none rows)."""
    out: dict[str, dict[str, float]] = {}
    for name, (which, _, _) in SETS.items():
        engine = engines[which]
        scores = out[name] = {}
        for row in rows[name]:
            response = engine.search(str(row.query), k=CUTOFF, report=row.report, mode=mode)
            if row.type == "none":
                scores[row.id] = 0.0 if any(hit.confident for hit in response.hits) else 1.0
            elif row.type in RANKED:
                relevant = {int(no): grade for no, grade in row.relevant.items()}
                scores[row.id] = query_metrics([h.no for h in response.hits], relevant)["ndcg@10"]
    return out


def set_mean(scores: dict[str, float], rows: list, types=RANKED) -> float:
    values = [scores[row.id] for row in rows if row.type in types]
    return statistics.fmean(values) if values else float("nan")


RELATED_GRID = {
    "task_share": (0.0, 0.25, 0.5),  # relations.TASK_SHARE
    "terms_weight": (0.0, 0.0125, 0.025, 0.05, 0.1),  # relations.TERMS_WEIGHT
    "topic_terms": (10, 40),  # relations.TOPIC_TERMS
}
RELATED_FOLDS = 6


def tune_related(engine: Engine) -> dict:
    """Related items: hit@5 per pair for every combination of ``RELATED_GRID``, then 6-fold
    cross-validation by pair (pair i in fold i mod 6) over the related pairs and the shared dev
    set's related rows."""
    from wrsearch.evaluate import related_metrics
    from wrsearch.search import relations

    rows = load_qrels(DATA / "related_pairs.jsonl", "dev") + [
        row for row in load_qrels(SHARED) if row.type == "related"
    ]
    report = engine.index.reports[0]["id"]
    configs = [dict(zip(RELATED_GRID, values)) for values in itertools.product(*RELATED_GRID.values())]
    hits = []
    for config in configs:
        relations.TASK_SHARE, relations.TERMS_WEIGHT = config["task_share"], config["terms_weight"]
        relations.TOPIC_TERMS = config["topic_terms"]
        hits.append(
            [
                related_metrics(engine, f"{report}#{int(row.query)}", {int(n): g for n, g in row.relevant.items()})[
                    "hit@5"
                ]
                for row in rows
            ]
        )
    folds, right = [], 0.0
    for fold in range(RELATED_FOLDS):
        train = [i for i in range(len(rows)) if i % RELATED_FOLDS != fold]
        test = [i for i in range(len(rows)) if i % RELATED_FOLDS == fold]
        best = max(range(len(configs)), key=lambda c: sum(hits[c][i] for i in train))
        right += sum(hits[best][i] for i in test)
        folds.append(
            {
                "fold": fold,
                "chosen": configs[best],
                "test_hit@5": round(statistics.fmean(hits[best][i] for i in test), 4),
            }
        )
    order = sorted(range(len(configs)), key=lambda c: sum(hits[c]), reverse=True)
    return {
        "folds": folds,
        "cv_hit@5": round(right / len(rows), 4),
        "best_on_all": [{"config": configs[c], "hit@5": round(statistics.fmean(hits[c]), 4)} for c in order[:8]],
        "grid": [{"config": configs[c], "hit@5": round(statistics.fmean(hits[c]), 4)} for c in range(len(configs))],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed-index", required=True)
    parser.add_argument("--qingchuan-index", required=True)
    parser.add_argument("-o", "--output", default=None)
    args = parser.parse_args()
    engines = {"seed": Engine(args.seed_index), "qingchuan": Engine(args.qingchuan_index)}
    related = tune_related(engines["seed"])
    print(json.dumps({k: related[k] for k in ("folds", "cv_hit@5", "best_on_all")}, ensure_ascii=False, indent=1))
    rows = {name: load_qrels(path, split) for name, (_, path, split) in SETS.items()}
    configs = [dict(zip(GRID, values)) for values in itertools.product(*GRID.values())]
    results = []
    for n, config in enumerate(configs, 1):
        apply(config)
        results.append({"config": config, "hybrid": run(engines, rows, Mode.HYBRID)})
        print(f"{n}/{len(configs)} {config}", flush=True)

    def objective(result: dict, names: list[str]) -> float:
        return statistics.fmean(set_mean(result["hybrid"][name], rows[name]) for name in names)

    folds = []
    for left_out in SETS:
        rest = [name for name in SETS if name != left_out]
        best = max(results, key=lambda r: objective(r, rest))
        folds.append(
            {
                "left_out": left_out,
                "chosen": best["config"],
                "train": round(objective(best, rest), 4),
                "left_out_ndcg": round(set_mean(best["hybrid"][left_out], rows[left_out]), 4),
            }
        )
    overall = sorted(results, key=lambda r: objective(r, list(SETS)), reverse=True)
    report = {
        "related": related,
        "folds": folds,
        "cv_mean": round(statistics.fmean(f["left_out_ndcg"] for f in folds), 4),
        "best_on_all": [{"config": r["config"], "mean": round(objective(r, list(SETS)), 4)} for r in overall[:10]],
        "grid": [
            {
                "config": r["config"],
                "by_set": {name: round(set_mean(r["hybrid"][name], rows[name]), 4) for name in SETS},
                "topic": {name: round(set_mean(r["hybrid"][name], rows[name], ("topic",)), 4) for name in SETS},
                "none": {name: round(set_mean(r["hybrid"][name], rows[name], ("none",)), 4) for name in SETS},
            }
            for r in results
        ],
    }
    text = json.dumps(report, ensure_ascii=False, indent=1)
    if args.output:
        Path(args.output).write_text(text, "utf-8")
    print(json.dumps({k: report[k] for k in ("folds", "cv_mean", "best_on_all")}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
