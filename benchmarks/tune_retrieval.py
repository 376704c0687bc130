"""Choose the retrieval weights by cross-validation over the development sets.

Every combination of the grid below is run through the real search (``Engine.search``) on
every dev row of every set; per query nDCG@10 (topic, factoid, dept rows) is kept. Then
leave-one-set-out: for each set, the combination with the best mean over the *other* sets
(each set weighing the same) is chosen and scored on the set left out. The report lists the
folds, the choice on all sets, and per set × type hybrid against its two halves.

    python benchmarks/tune_retrieval.py --seed-index IDX --qingchuan-index IDX2 --donggang-index IDX3
        --fengqiao-index IDX4 … --huaxi-index IDX18 [--only fusion|related|confidence|adaptive|round7|round7b] [-o results.json]

(one ``--<name>-index`` per index of ``INDEXES``; round 12 added guihu, anlan, yintan and yuehu:
``tests/fixtures/retrieval_blind{10,11,12,13}/*.txt``, each indexed alone; round 12c added yunlong
and huaxi: ``tests/fixtures/retrieval_blind{14,15}/*.txt``, dev since their one measurement.)

``--seed-index``: ``corpus/wuchang-2021-q1.txt`` indexed alone; ``--qingchuan-index``:
``tests/fixtures/status2/qingchuan-2022-y.txt`` indexed alone; ``--donggang-index``:
``tests/fixtures/retrieval_blind/donggang-2022-q3.txt`` indexed alone (default embedder all;
its sets were held out until their one measurement, dev since 2026-11-28); ``--fengqiao-index``
and ``--qingshi-index``: ``tests/fixtures/retrieval_blind2/fengqiao-2023-h1.txt`` and
``tests/fixtures/retrieval_blind3/qingshi-2024-h1.txt`` indexed alone (the second and third blind
sets, dev since their one measurement); ``--jinqiao-index``:
``tests/fixtures/retrieval_blind4/jinqiao-2024-q3.txt`` indexed alone (the fourth blind set, dev
since its one measurement on main d56d98e); ``--yuquan-index``:
``tests/fixtures/retrieval_blind5/yuquan-2025-h1.txt`` indexed alone (the fifth blind set, dev
since its one measurement on main 524e2c9). Round 8's study of new evidence (a learned ranker,
dense query forms, pseudo-relevance feedback) is ``benchmarks/ranker_features.py`` and
``benchmarks/round8/``.
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
    "donggang": ("donggang", DATA / "retrieval_blind.jsonl", "dev"),
    "fengqiao": ("fengqiao", DATA / "retrieval_blind2.jsonl", "dev"),
    "qingshi": ("qingshi", DATA / "retrieval_blind3.jsonl", "dev"),
    "jinqiao": ("jinqiao", DATA / "retrieval_blind4.jsonl", "dev"),
    "yuquan": ("yuquan", DATA / "retrieval_blind5.jsonl", "dev"),
    "yanhu": ("yanhu", DATA / "retrieval_blind6.jsonl", "dev"),
    "luwan": ("luwan", DATA / "retrieval_blind7.jsonl", "dev"),
    "lanwan": ("lanwan", DATA / "retrieval_blind8.jsonl", "dev"),
    "xinglin": ("xinglin", DATA / "retrieval_blind9.jsonl", "dev"),
    "guihu": ("guihu", DATA / "retrieval_blind10.jsonl", "dev"),
    "anlan": ("anlan", DATA / "retrieval_blind11.jsonl", "dev"),
    "yintan": ("yintan", DATA / "retrieval_blind12.jsonl", "dev"),
    "yuehu": ("yuehu", DATA / "retrieval_blind13.jsonl", "dev"),
    "yunlong": ("yunlong", DATA / "retrieval_blind14.jsonl", "dev"),
    "huaxi": ("huaxi", DATA / "retrieval_blind15.jsonl", "dev"),
}
RANKED = ("topic", "factoid", "dept")
# every index the sets read, each a report indexed alone (``--<name>-index``)
INDEXES = tuple(dict.fromkeys(which for which, _, _ in SETS.values()))

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


def type_means(scores: dict[str, dict[str, float]], rows: dict[str, list], name: str) -> dict[str, float]:
    """One set's mean per query type (the ranked types and ``none``), to four places."""
    return {
        kind: round(set_mean(scores[name], rows[name], (kind,)), 4)
        for kind in (*RANKED, "none")
        if any(row.type == kind for row in rows[name])
    }


def pairs_never_below(hybrid: dict, halves: dict[str, dict], rows: dict[str, list], names: list[str]) -> int:
    """(set, type) pairs of ``names`` where the hybrid scores are at least each half's."""
    count = 0
    for name in names:
        mixed, bm25, dense = (
            type_means(hybrid, rows, name),
            type_means(halves["bm25"], rows, name),
            type_means(halves["dense"], rows, name),
        )
        count += sum(mixed[kind] >= max(bm25[kind], dense[kind]) for kind in RANKED if kind in mixed)
    return count


RELATED_GRID = {
    "task_share": (0.0, 0.25, 0.5),  # relations.TASK_SHARE
    "terms_weight": (0.025, 0.05, 0.1),  # relations.TERMS_WEIGHT
    "topic_terms": (10, 40),  # relations.TOPIC_TERMS
    "section_weight": (0.0, 1.0, 1.5, 2.0),  # relations.SECTION_WEIGHT
    "reciprocal_weight": (0.0, 0.25, 0.5),  # relations.RECIPROCAL_WEIGHT
}
# Ties go to the configuration nearest these: the weights before the reciprocal rank (round
# rel6), so the reciprocal rank must win on its own. (Round rel7's grid is narrower than rel5's
# 0/0.0125/0.2 word weights, 20 words and heading 0.5, which never won a fold there, so that the
# six sets × three reciprocal weights run in minutes.)
RELATED_IN_USE = {
    "task_share": 0.25,
    "terms_weight": 0.025,
    "topic_terms": 40,
    "section_weight": 1.5,
    "reciprocal_weight": 0.0,
}
RELATED_FOLDS = 6
# name → (which index, file, split)
RELATED_SETS = {
    "pairs": ("seed", DATA / "related_pairs.jsonl", "dev"),
    "donggang": ("donggang", DATA / "related_blind.jsonl", "dev"),
    "shared": ("seed", SHARED, None),
    "fengqiao": ("fengqiao", DATA / "related_blind2.jsonl", "dev"),
    "qingshi": ("qingshi", DATA / "related_blind3.jsonl", "dev"),
    "jinqiao": ("jinqiao", DATA / "related_blind4.jsonl", "dev"),
    "yuquan": ("yuquan", DATA / "related_blind5.jsonl", "dev"),
    "yanhu": ("yanhu", DATA / "related_blind6.jsonl", "dev"),
    "luwan": ("luwan", DATA / "related_blind7.jsonl", "dev"),
    "lanwan": ("lanwan", DATA / "related_blind8.jsonl", "dev"),
    "xinglin": ("xinglin", DATA / "related_blind9.jsonl", "dev"),
    "guihu": ("guihu", DATA / "related_blind10.jsonl", "dev"),
    "anlan": ("anlan", DATA / "related_blind11.jsonl", "dev"),
    "yintan": ("yintan", DATA / "related_blind12.jsonl", "dev"),
    "yuehu": ("yuehu", DATA / "related_blind13.jsonl", "dev"),
    "yunlong": ("yunlong", DATA / "related_blind14.jsonl", "dev"),
    "huaxi": ("huaxi", DATA / "related_blind15.jsonl", "dev"),
}
# Round rel7 (heading opener, shared department, cross similarity, a logistic model) was chosen by
# benchmarks/tune_related.py over all seven related sets; this grid leaves those weights as they are.
# Variants compared by nested cross-validation: the reciprocal rank or not (round rel6; rel5
# compared the heading signal or not).
RELATED_VARIANTS = {"no reciprocal": {"reciprocal_weight": (0.0,)}, "reciprocal": {}}
OLD_VARIANT = "no reciprocal"


def choose(
    configs: list[dict], table: list[list[float]], rows: list[int], in_use: dict, allowed: dict | None = None
) -> int:
    """The configuration with the most right on ``rows``; ties go to the one nearest the values
    in use (by how many settings differ). ``allowed`` (default all) limits settings to the
    values it lists."""
    candidates = [
        c for c in range(len(configs)) if all(configs[c][k] in values for k, values in (allowed or {}).items())
    ]
    return max(
        candidates,
        key=lambda c: (sum(table[c][i] for i in rows), -sum(configs[c][k] != v for k, v in in_use.items())),
    )


def tune_related(engines: dict[str, Engine]) -> dict:
    """Related items: hit@5 per row for every combination of ``RELATED_GRID`` over the related
    rows of ``RELATED_SETS`` (those whose index is given); then leave one set out, 6-fold
    cross-validation by row (row i in fold i mod 6), and nested leave-one-set-out choosing
    between ``RELATED_VARIANTS`` by an inner leave-one-set-out on the training sets."""
    from wrsearch.evaluate import related_metrics
    from wrsearch.search import relations

    sets = {name: spec for name, spec in RELATED_SETS.items() if spec[0] in engines}
    rows = []
    for name, (which, path, split) in sets.items():
        engine = engines[which]
        report = engine.index.reports[0]["id"]
        rows += [(name, row, engine, report) for row in load_qrels(path, split) if row.type == "related"]
    configs = [dict(zip(RELATED_GRID, values)) for values in itertools.product(*RELATED_GRID.values())]
    table = []
    in_use = {
        "task_share": relations.TASK_SHARE,
        "terms_weight": relations.TERMS_WEIGHT,
        "topic_terms": relations.TOPIC_TERMS,
        "section_weight": relations.SECTION_WEIGHT,
        "reciprocal_weight": relations.RECIPROCAL_WEIGHT,
    }
    for config in configs:
        relations.TASK_SHARE, relations.TERMS_WEIGHT = config["task_share"], config["terms_weight"]
        relations.TOPIC_TERMS, relations.SECTION_WEIGHT = config["topic_terms"], config["section_weight"]
        relations.RECIPROCAL_WEIGHT = config["reciprocal_weight"]
        table.append(
            [
                related_metrics(engine, f"{report}#{int(row.query)}", {int(n): g for n, g in row.relevant.items()})[
                    "hit@5"
                ]
                for _, row, engine, report in rows
            ]
        )
    relations.TASK_SHARE, relations.TERMS_WEIGHT = in_use["task_share"], in_use["terms_weight"]
    relations.TOPIC_TERMS, relations.SECTION_WEIGHT = in_use["topic_terms"], in_use["section_weight"]
    relations.RECIPROCAL_WEIGHT = in_use["reciprocal_weight"]

    def mean(c: int, members: list[int]) -> float:
        return round(statistics.fmean(table[c][i] for i in members), 4)

    def members(names: set[str]) -> list[int]:
        return [i for i, r in enumerate(rows) if r[0] in names]

    def leave_one_set_out(names: set[str], allowed: dict | None = None) -> tuple[float, list[dict]]:
        """Per set of ``names`` left out: chosen on the others of ``names``; (hits, folds)."""
        hits, out = 0.0, []
        for name in sorted(names):
            test, train = members({name}), members(names - {name})
            best = choose(configs, table, train, RELATED_IN_USE, allowed)
            hits += sum(table[best][i] for i in test)
            out.append(
                {
                    "left_out": name,
                    "n": len(test),
                    "chosen": configs[best],
                    "train_hit@5": mean(best, train),
                    "left_out_hit@5": mean(best, test),
                    "old_weights_hit@5": mean(configs.index(RELATED_IN_USE), test),
                }
            )
        return hits, out

    everything_sets = set(sets)
    _, by_set = leave_one_set_out(everything_sets)
    by_variant = {
        variant: leave_one_set_out(everything_sets, allowed)[1] for variant, allowed in RELATED_VARIANTS.items()
    }
    nested, nested_hits = [], 0.0
    for name in sorted(everything_sets):
        rest = everything_sets - {name}
        inner = {variant: leave_one_set_out(rest, allowed)[0] for variant, allowed in RELATED_VARIANTS.items()}
        variant = max(inner, key=lambda v: (inner[v], v == OLD_VARIANT))  # a tie keeps the old scoring
        best = choose(configs, table, members(rest), RELATED_IN_USE, RELATED_VARIANTS[variant])
        nested_hits += sum(table[best][i] for i in members({name}))
        nested.append(
            {
                "left_out": name,
                "inner_left_out_hits": inner,
                "variant": variant,
                "chosen": configs[best],
                "left_out_hit@5": mean(best, members({name})),
            }
        )
    folds, right = [], 0.0
    for fold in range(RELATED_FOLDS):
        train = [i for i in range(len(rows)) if i % RELATED_FOLDS != fold]
        test = [i for i in range(len(rows)) if i % RELATED_FOLDS == fold]
        best = choose(configs, table, train, RELATED_IN_USE)
        right += sum(table[best][i] for i in test)
        folds.append({"fold": fold, "chosen": configs[best], "test_hit@5": mean(best, test)})
    everything = list(range(len(rows)))
    order = sorted(range(len(configs)), key=lambda c: sum(table[c]), reverse=True)

    def per_set(c: int) -> dict:
        return {name: mean(c, [i for i, r in enumerate(rows) if r[0] == name]) for name in sets}

    grid = [{"config": configs[c], "hit@5": mean(c, everything), "by_set": per_set(c)} for c in range(len(configs))]
    sizes = {name: sum(1 for r in rows if r[0] == name) for name in sets}
    return {
        "by_set": by_set,
        "floor_kept": floor_kept(grid, sizes),
        "by_set_pooled_hit@5": round(sum(f["left_out_hit@5"] * f["n"] for f in by_set) / len(rows), 4),
        "by_variant": by_variant,
        "nested": nested,
        "nested_hit@5": round(nested_hits / len(rows), 4),
        "folds": folds,
        "cv_hit@5": round(right / len(rows), 4),
        "chosen_on_all": configs[choose(configs, table, everything, RELATED_IN_USE)],
        "best_on_all": [{"config": configs[c], "hit@5": mean(c, everything), "by_set": per_set(c)} for c in order[:8]],
        "grid": grid,
    }


def floor_kept(grid: list[dict], sizes: dict[str, int]) -> dict:
    """Leave one set out again, choosing only among configurations that lose nothing against
    the weights in use (``RELATED_IN_USE``) on any training set: the tests' floors are never
    lowered (round rel6). ``grid``: per configuration its hit@5 per set; ``sizes``: rows per
    set. Returns the folds, the pooled left-out hit@5 and the choice on all sets."""
    old = next(g for g in grid if g["config"] == RELATED_IN_USE)["by_set"]

    def pick(names: list[str]) -> dict:
        def hits(g: dict) -> float:
            return sum(g["by_set"][n] * sizes[n] for n in names)

        allowed = [g for g in grid if all(g["by_set"][n] >= old[n] for n in names)]
        return max(
            allowed,
            key=lambda g: (round(hits(g), 6), -sum(g["config"][k] != v for k, v in RELATED_IN_USE.items())),
        )

    folds, right = [], 0.0
    for name in sizes:
        best = pick([n for n in sizes if n != name])
        right += best["by_set"][name] * sizes[name]
        folds.append({"left_out": name, "chosen": best["config"], "left_out_hit@5": best["by_set"][name]})
    return {
        "folds": folds,
        "pooled_hit@5": round(right / sum(sizes.values()), 4),
        "chosen_on_all": pick(list(sizes))["config"],
    }


CONFIDENCE_GRID = {
    "close_z": tuple(3.0 + 0.125 * i for i in range(11)),  # fusion.CLOSE_Z
    "supported_cover": (0.3, 0.4, 0.5, 0.6, 1.1),  # fusion.SUPPORTED_COVER (1.1: never)
}
CONFIDENCE_IN_USE = {"close_z": 3.625, "supported_cover": 0.5}
CONFIDENCE_TYPES = ("none", "topic", "factoid")


def confidence_scores(engines: dict[str, Engine], rows: dict[str, list]) -> dict[str, dict[str, tuple[str, float]]]:
    """Per set, per row: ("none", 1 if no hit is confident) or ("hit", 1 if the first relevant
    hit among the ten is confident) for the hybrid as the fusion constants stand."""
    out: dict[str, dict[str, tuple[str, float]]] = {}
    for name, (which, _, _) in SETS.items():
        scores = out[name] = {}
        for row in rows[name]:
            if row.type not in CONFIDENCE_TYPES:
                continue
            hits = engines[which].search(str(row.query), k=CUTOFF, report=row.report).hits
            if row.type == "none":
                scores[row.id] = ("none", 0.0 if any(hit.confident for hit in hits) else 1.0)
            else:
                first = next((hit for hit in hits if str(hit.no) in row.relevant), None)
                scores[row.id] = ("hit", 1.0 if first is not None and first.confident else 0.0)
    return out


def balanced(scores: dict[str, dict[str, tuple[str, float]]], names: list[str]) -> tuple[float, float | None, float]:
    """(balanced accuracy, share of none rows without a confident hit, share of topic/factoid
    rows whose first relevant hit is confident) over the rows of ``names`` pooled; with no none
    rows the balanced accuracy is the second share alone."""
    none = [v for name in names for kind, v in scores[name].values() if kind == "none"]
    hit = [v for name in names for kind, v in scores[name].values() if kind == "hit"]
    none_share = statistics.fmean(none) if none else None
    hit_share = statistics.fmean(hit)
    return ((none_share + hit_share) / 2 if none else hit_share), none_share, hit_share


def tune_confidence(engines: dict[str, Engine], rows: dict[str, list]) -> dict:
    """The ``confident`` flag: every combination of ``CONFIDENCE_GRID`` through the real search,
    then leave one set out on the balanced accuracy of none rows against topic/factoid rows."""
    configs = [dict(zip(CONFIDENCE_GRID, values)) for values in itertools.product(*CONFIDENCE_GRID.values())]
    results = []
    for config in configs:
        fusion.CLOSE_Z, fusion.SUPPORTED_COVER = config["close_z"], config["supported_cover"]
        results.append(confidence_scores(engines, rows))
    fusion.CLOSE_Z, fusion.SUPPORTED_COVER = CONFIDENCE_IN_USE["close_z"], CONFIDENCE_IN_USE["supported_cover"]

    def pick(names: list[str]) -> int:
        return max(
            range(len(configs)),
            key=lambda c: (
                balanced(results[c], names)[0],
                -sum(abs(configs[c][k] - v) for k, v in CONFIDENCE_IN_USE.items()),
            ),
        )

    folds = []
    for left_out in SETS:
        rest = [name for name in SETS if name != left_out]
        best = pick(rest)
        _, none_share, hit_share = balanced(results[best], [left_out])
        folds.append(
            {
                "left_out": left_out,
                "chosen": configs[best],
                "train_balanced": round(balanced(results[best], rest)[0], 4),
                "left_out_none": none_share,
                "left_out_first_relevant_confident": round(hit_share, 4),
            }
        )
    everything = list(SETS)
    return {
        "folds": folds,
        "chosen_on_all": configs[pick(everything)],
        "grid": [
            {
                "config": configs[c],
                "all": [round(x, 4) if x is not None else None for x in balanced(results[c], everything)],
                "by_set": {
                    name: [round(x, 4) if x is not None else None for x in balanced(results[c], [name])[1:]]
                    for name in SETS
                },
            }
            for c in range(len(configs))
        ],
    }


ADAPTIVE_GRID = {
    "dense_weight": (0.4, 0.5),  # lexical = 1 − dense; figure questions 0.1 less dense
    "synonym_cover": (0.0, 0.25, 0.5, 0.75, 1.0),  # fusion.SYNONYM_COVER
    "informative_power": (0.0, 1.0),  # fusion.INFORMATIVE_POWER
    "full_match_boost": (0.0, 0.5),  # fusion.FULL_MATCH_BOOST
    "piece_credit": (0.0, 0.5),  # searcher.PIECE_CREDIT
}
# The values before this grid (the first run of the grid, with dense weight 0.3 and
# informative power 2 too, chose neither on any fold).
ADAPTIVE_IN_USE = {
    "dense_weight": 0.4,
    "synonym_cover": 1.0,
    "informative_power": 0.0,
    "full_match_boost": 0.0,
    "piece_credit": 0.0,
}


# Round 7 (issue 14, with the jinqiao set): how far meaning decides among the items that hold the
# query's words — the dense weight, the share of the lexical side that is the item's cover (held
# or not) rather than its BM25 (BM25 prefers the item repeating a word, 税收 in 5 over 4), the
# task's share of the dense side, and the power of the item's own cover.
ROUND7_GRID = {
    "dense_weight": (0.4, 0.5, 0.6),
    "cover_share": (0.0, 0.5, 1.0),  # fusion.COVER_SHARE
    "task_dense_share": (0.5, 0.75),  # searcher.TASK_DENSE_SHARE
    "item_cover_power": (0.5, 1.0),  # fusion.ITEM_COVER_POWER
}
ROUND7_IN_USE = {"dense_weight": 0.4, "cover_share": 0.0, "task_dense_share": 0.5, "item_cover_power": 1.0}
# Its first run (results/tune-round7-2026-11-28.json) chose the values in use on every fold; the
# second asks whether the synonym list's words should count less when they alone match.
ROUND7B_GRID = {
    "dense_weight": (0.4, 0.5),
    "synonym_cover": (0.25, 0.5, 0.75),  # fusion.SYNONYM_COVER
    "synonym_only_strength": (0.0, 0.25, 0.5, 0.75, 1.0),  # fusion.SYNONYM_ONLY_STRENGTH
}
ROUND7B_IN_USE = {"dense_weight": 0.4, "synonym_cover": 0.5, "synonym_only_strength": 1.0}

SETTERS = {
    "synonym_cover": lambda v: setattr(fusion, "SYNONYM_COVER", v),
    "informative_power": lambda v: setattr(fusion, "INFORMATIVE_POWER", v),
    "full_match_boost": lambda v: setattr(fusion, "FULL_MATCH_BOOST", v),
    "piece_credit": lambda v: setattr(searcher, "PIECE_CREDIT", v),
    "cover_share": lambda v: setattr(fusion, "COVER_SHARE", v),
    "task_dense_share": lambda v: setattr(searcher, "TASK_DENSE_SHARE", v),
    "item_cover_power": lambda v: setattr(fusion, "ITEM_COVER_POWER", v),
    "synonym_only_strength": lambda v: setattr(fusion, "SYNONYM_ONLY_STRENGTH", v),
}


def apply_adaptive(config: dict) -> None:
    """Set the module constants of ``ADAPTIVE_GRID`` (or ``ROUND7_GRID``) to ``config``."""
    dense = config["dense_weight"]
    searcher.WEIGHTS = Weights(dense=dense, lexical=round(1 - dense, 2))
    searcher.FIGURE_WEIGHTS = Weights(dense=round(dense - 0.1, 2), lexical=round(1.1 - dense, 2))
    for key, value in config.items():
        if key in SETTERS:
            SETTERS[key](value)


def tune_adaptive(
    engines: dict[str, Engine], rows: dict[str, list], grid: dict = ADAPTIVE_GRID, in_use: dict = ADAPTIVE_IN_USE
) -> dict:
    """How much the lexical side counts by what the query's words match: every combination of
    ``grid`` (default ``ADAPTIVE_GRID``; ``ROUND7_GRID``, ``ROUND7B_GRID``; ties go to ``in_use``) through the real search on the ranked rows of every set, then leave one set
    out. The choice on the other sets is, first, the most (set, type) pairs where the hybrid's
    nDCG@10 is at least that of BM25 and of dense alone (the goal: never below either half), then
    the best mean nDCG@10 (each set weighing the same), then the values in use (``folds``);
    ``folds_by_mean`` chooses on the mean alone. Each fold reports, per type on the set left out,
    the chosen hybrid against BM25 and dense alone (which these settings do not change)."""
    configs = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
    values_in_use = in_use
    results = []
    for n, config in enumerate(configs, 1):
        apply_adaptive(config)
        results.append(run(engines, rows, Mode.HYBRID))
        print(f"{n}/{len(configs)} {config}", flush=True)
    apply_adaptive(values_in_use)
    halves = {mode.value: run(engines, rows, mode) for mode in (Mode.BM25, Mode.DENSE)}

    def by_type(scores: dict[str, dict[str, float]], name: str) -> dict[str, float]:
        return type_means(scores, rows, name)

    def never_below(c: int, names: list[str]) -> int:
        return pairs_never_below(results[c], halves, rows, names)

    def by_mean(c: int, names: list[str]) -> tuple[float, float]:
        mean = statistics.fmean(set_mean(results[c][name], rows[name]) for name in names)
        return round(mean, 6), -sum(abs(configs[c][k] - v) for k, v in values_in_use.items())

    def objective(c: int, names: list[str]) -> tuple[int, float, float]:
        return (never_below(c, names), *by_mean(c, names))

    in_use = configs.index(values_in_use)

    def fold(left_out: str, choose_by) -> dict:
        rest = [name for name in SETS if name != left_out]
        best = max(range(len(configs)), key=lambda c: choose_by(c, rest))
        return {
            "left_out": left_out,
            "chosen": configs[best],
            "train_never_below": never_below(best, rest),
            "train": by_mean(best, rest)[0],
            "left_out_never_below": never_below(best, [left_out]),
            "left_out_ndcg": round(set_mean(results[best][left_out], rows[left_out]), 4),
            "in_use_ndcg": round(set_mean(results[in_use][left_out], rows[left_out]), 4),
            "hybrid": by_type(results[best], left_out),
            "hybrid_in_use": by_type(results[in_use], left_out),
            "bm25": by_type(halves["bm25"], left_out),
            "dense": by_type(halves["dense"], left_out),
        }

    folds = [fold(left_out, objective) for left_out in SETS]
    folds_by_mean = [fold(left_out, by_mean) for left_out in SETS]
    everything = list(SETS)
    order = sorted(range(len(configs)), key=lambda c: objective(c, everything), reverse=True)
    return {
        "folds": folds,
        "cv_mean": round(statistics.fmean(f["left_out_ndcg"] for f in folds), 4),
        "in_use_mean": round(statistics.fmean(f["in_use_ndcg"] for f in folds), 4),
        "chosen_on_all": configs[order[0]],
        "best_on_all": [
            {"config": configs[c], "never_below": objective(c, everything)[0], "mean": objective(c, everything)[1]}
            for c in order[:10]
        ],
        "folds_by_mean": folds_by_mean,
        "cv_mean_by_mean": round(statistics.fmean(f["left_out_ndcg"] for f in folds_by_mean), 4),
        "grid": [
            {"config": configs[c], "by_set": {name: by_type(results[c], name) for name in SETS}}
            for c in range(len(configs))
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for which in INDEXES:
        parser.add_argument(f"--{which}-index", required=True)
    parser.add_argument(
        "--only", choices=("fusion", "related", "confidence", "adaptive", "round7", "round7b"), default=None
    )
    parser.add_argument("-o", "--output", default=None)
    args = parser.parse_args()
    engines = {which: Engine(getattr(args, f"{which}_index")) for which in INDEXES}
    rows = {name: load_qrels(path, split) for name, (_, path, split) in SETS.items()}
    if args.only in ("related", "confidence", "adaptive", "round7", "round7b"):
        tune = {
            "related": lambda: tune_related(engines),
            "confidence": lambda: tune_confidence(engines, rows),
            "round7": lambda: tune_adaptive(engines, rows, ROUND7_GRID, ROUND7_IN_USE),
            "round7b": lambda: tune_adaptive(engines, rows, ROUND7B_GRID, ROUND7B_IN_USE),
        }
        part = tune.get(args.only, lambda: tune_adaptive(engines, rows))()
        text = json.dumps(part, ensure_ascii=False, indent=1)
        if args.output:
            Path(args.output).write_text(text, "utf-8")
        print(json.dumps({k: v for k, v in part.items() if k != "grid"}, ensure_ascii=False, indent=1))
        return
    related = tune_related(engines)
    print(
        json.dumps(
            {k: related[k] for k in ("by_set", "nested", "folds", "cv_hit@5", "best_on_all")},
            ensure_ascii=False,
            indent=1,
        )
    )
    confidence = tune_confidence(engines, rows)
    print(json.dumps({k: confidence[k] for k in ("folds", "chosen_on_all")}, ensure_ascii=False, indent=1))
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
        "confidence": confidence,
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
