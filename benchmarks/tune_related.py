"""Choose the related-items weights by leave-one-set-out over every related dev set (round rel7).

Per related row the real :class:`~wrsearch.search.relations.Relations` gives each candidate's
features (task and whole-item similarity, the rare-words BM25, same heading, the heading's
opening item, a shared department, the reciprocal rank, and task-to-other-item cross
similarity); the ranking of ``Relations.related`` is then recomputed from them for every
combination of ``GRID`` (checked first: with the weights in use it gives the real ``related``
hit@5 of every row). Reported: leave one set out (chosen on the other sets, scored on the one
left out) per variant, the same choosing only among weights that lose no training set's hits
against the weights of round rel6 ("floor-kept": the tests' floors are never lowered), nested
leave-one-set-out choosing the variant by an inner leave-one-set-out, and a logistic model over
the same features fitted by leave-one-set-out.

    python benchmarks/tune_related.py --seed-index IDX --donggang-index IDX --fengqiao-index IDX
        --qingshi-index IDX --jinqiao-index IDX --yuquan-index IDX --yanhu-index IDX --luwan-index IDX
        --lanwan-index IDX --xinglin-index IDX
        [-o results.json]

Each index: its report indexed alone (``corpus/wuchang-2021-q1.txt``; ``tests/fixtures/
retrieval_blind{,2,3,4,5,6,7,8,9}/*.txt``). Only dev rows are read.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import numpy as np
from tune_retrieval import RELATED_SETS  # the same folder: benchmarks/

from wrsearch.engine import Engine
from wrsearch.evaluate import load_qrels, related_metrics
from wrsearch.search import relations
from wrsearch.search.relations import Relations, other_departments

ROOT = Path(__file__).resolve().parents[1]
# name → (which index, file, split): the related dev sets, one list with tune_retrieval.py's
SETS = RELATED_SETS
# task share, words weight, heading, reciprocal, cross similarity, heading opener, shared department
GRID = {
    "ts": (0.0, 0.25, 0.5),
    "tw": (0.025, 0.05, 0.1),
    "sw": (1.0, 1.5, 2.0),
    "rw": (0.0, 0.25, 0.5),
    "cross": (0.0, 0.25, 0.5, 1.0),
    "first": (0.0, 0.5, 1.0, 1.5),
    "dsh": (0.0, 0.5),
}
BEFORE = {"ts": 0.25, "tw": 0.025, "sw": 1.5, "rw": 0.0, "cross": 0.0, "first": 0.0, "dsh": 0.0}  # round rel6
VARIANTS = {
    "rel6 form": {"cross": (0.0,), "first": (0.0,), "dsh": (0.0,)},
    "+cross": {"first": (0.0,), "dsh": (0.0,)},
    "+opener": {"cross": (0.0,), "dsh": (0.0,)},
    "+department": {"cross": (0.0,), "first": (0.0,)},
    "all": {},
}


def weights_in_use() -> dict[str, float]:
    """The weights ``relations`` ranks related items by, as :func:`ranking`'s keyword arguments
    (``cross`` is not in use: 0.0)."""
    return {
        "ts": relations.TASK_SHARE,
        "tw": relations.TERMS_WEIGHT,
        "sw": relations.SECTION_WEIGHT,
        "rw": relations.RECIPROCAL_WEIGHT,
        "cross": 0.0,
        "first": relations.HEADING_OPENER_WEIGHT,
        "dsh": relations.SHARED_DEPARTMENT_WEIGHT,
    }


def features(engine: Engine, name: str, path: Path, split: str | None) -> list[dict]:
    """Per related row, per candidate of the item's report, what ``Relations.related`` ranks by."""
    searcher = engine.searcher
    rel, c, retriever = Relations(searcher), searcher.columns, searcher.retriever
    report = engine.index.reports[0]["id"]
    tasks = np.asarray(retriever.task_vectors())
    out = []
    for row in load_qrels(path, split):
        if row.type != "related":
            continue
        i = rel.position(f"{report}#{int(row.query)}")
        positions = rel.report_positions(i)
        own = c.departments_of(i)
        whole = rel.whole_similarity(positions)
        me = int(np.flatnonzero(positions == i)[0])
        terms = rel.salient_terms(i)
        lexical = np.asarray(retriever.lexical_scores(terms[: relations.TOPIC_TERMS]), dtype=np.float32)[positions]
        lexical[positions == i] = 0.0
        meaning = 0.25 * (tasks[positions] @ tasks[positions].T) + 0.75 * whole
        np.fill_diagonal(meaning, -np.inf)
        keep = [
            n
            for n, p in enumerate(positions.tolist())
            if p != i
            and c.numbered[p]
            and other_departments(c.departments_of(p), own)
            and not (searcher.items[i].task_key and c.task[p] == c.task[i])
        ]
        grades = {int(k): g for k, g in row.relevant.items()}
        out.append(
            {
                "set": name,
                "item": int(row.query),
                "keep": np.array(keep),
                "grades": np.array([grades.get(item.no, 0) for item in searcher.items_at(positions)]),
                "tt": tasks[positions] @ tasks[i],
                "ww": whole[me],
                "cross": (
                    retriever.dense_similarity_of(tasks[i], positions)
                    + np.array([retriever.dense_similarity_of(tasks[p], np.array([i]))[0] for p in positions])
                )
                / 2,
                "lex": lexical / lexical.max() if lexical.max() > 0 else lexical,
                "sec": rel.same_section(i, positions),
                "first": rel.heading_openers(positions),
                "nearer": (meaning > meaning[:, [me]]).sum(axis=1).astype(np.float32),
                "dshare": np.array(
                    [bool(set(c.departments_of(p).tolist()) & set(own.tolist())) for p in positions.tolist()]
                ),
                "multi": len(set(own.tolist())) > 1,
                "real_hit": related_metrics(engine, f"{report}#{int(row.query)}", grades)["hit@5"],
            }
        )
    return out


def ranking(r: dict, ts: float, tw: float, sw: float, rw: float, cross: float, first: float, dsh: float) -> np.ndarray:
    """``Relations.related``'s order from the features (the task-share meaning of the reciprocal
    rank is the one in use, 0.25)."""
    local = ts * r["tt"] + (1 - ts) * r["ww"] + tw * r["lex"] + cross * r["cross"]
    keep = r["keep"]
    rank = local - rw * np.std(local[keep]) * np.log1p(r["nearer"]) if rw else local.copy()
    spread = np.std(rank[keep])
    rank = rank + sw * spread * r["sec"] + first * spread * r["sec"] * r["first"]
    if dsh and r["multi"]:
        rank = rank + dsh * spread * r["dshare"]
    return rank


def hit(r: dict, scores: np.ndarray) -> float:
    keep = r["keep"]
    order = keep[np.argsort(-scores[keep], kind="stable")]
    best = set(np.flatnonzero(r["grades"] == r["grades"].max()).tolist())
    return float(bool(best & set(order[:5].tolist())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for which in dict.fromkeys(which for which, _, _ in SETS.values()):
        parser.add_argument(f"--{which}-index", required=True)
    parser.add_argument("-o", "--output")
    args = parser.parse_args()
    engines = {which: Engine(getattr(args, f"{which}_index")) for which in {w for w, _, _ in SETS.values()}}
    rows = [r for name, (which, path, split) in SETS.items() for r in features(engines[which], name, path, split)]
    names = list(SETS)
    sets = np.array([r["set"] for r in rows])
    in_use = weights_in_use()
    simulated = [hit(r, ranking(r, **in_use)) for r in rows]
    assert simulated == [r["real_hit"] for r in rows], "the simulation must give the real related hit@5"
    configs = [dict(zip(GRID, values)) for values in itertools.product(*GRID.values())]
    table = np.array([[hit(r, ranking(r, **config)) for r in rows] for config in configs])
    distance = np.array([sum(config[k] != v for k, v in BEFORE.items()) for config in configs])
    before = configs.index(BEFORE)

    def by_set(c: int) -> dict[str, float]:
        return {n: round(float(table[c, sets == n].mean()), 3) for n in names}

    def allowed(variant: dict) -> np.ndarray:
        return np.array([all(config[k] in values for k, values in variant.items()) for config in configs])

    def pick(train: list[str], ok: np.ndarray, floor_kept: bool) -> int:
        if floor_kept:
            keeps = np.all([table[:, sets == n].sum(1) >= table[before, sets == n].sum() for n in train], axis=0)
            ok = ok & keeps
        score = np.where(ok, table[:, np.isin(sets, train)].sum(1) * 1000 - distance, -1e18)
        return int(np.argmax(score))  # ties: the fewest settings changed from round rel6

    def loso(within: list[str], ok: np.ndarray, floor_kept: bool) -> tuple[float, list[dict]]:
        hits, folds = 0.0, []
        for name in within:
            best = pick([n for n in within if n != name], ok, floor_kept)
            hits += table[best, sets == name].sum()
            folds.append(
                {
                    "left_out": name,
                    "n": int((sets == name).sum()),
                    "chosen": configs[best],
                    "left_out_hit@5": round(float(table[best, sets == name].mean()), 3),
                }
            )
        return hits, folds

    results: dict = {"before (rel6)": by_set(before), "in use": by_set(configs.index(in_use)), "variants": {}}
    for floor_kept in (False, True):
        key = "floor-kept" if floor_kept else "unconstrained"
        for variant, spec in VARIANTS.items():
            hits, folds = loso(names, allowed(spec), floor_kept)
            chosen = pick(names, allowed(spec), floor_kept)
            results["variants"][f"{key}: {variant}"] = {
                "pooled_left_out_hit@5": round(hits / len(rows), 3),
                "folds": folds,
                "chosen_on_all": configs[chosen],
                "on_all_by_set": by_set(chosen),
            }
        nested, total = [], 0.0
        for name in names:
            rest = [n for n in names if n != name]
            inner = {v: loso(rest, allowed(spec), floor_kept)[0] for v, spec in VARIANTS.items()}
            variant = max(inner, key=lambda v: (inner[v], v == "rel6 form"))
            best = pick(rest, allowed(VARIANTS[variant]), floor_kept)
            total += table[best, sets == name].sum()
            nested.append(
                {
                    "left_out": name,
                    "inner_hits": inner,
                    "variant": variant,
                    "chosen": configs[best],
                    "left_out_hit@5": round(float(table[best, sets == name].mean()), 3),
                }
            )
        results[f"nested {key}"] = {"pooled_left_out_hit@5": round(total / len(rows), 3), "folds": nested}
    results["logistic"] = logistic(rows, sets, names)
    text = json.dumps(results, ensure_ascii=False, indent=1, default=float)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    print(text)


def logistic(rows: list[dict], sets: np.ndarray, names: list[str]) -> dict:
    """A logistic model over the per-candidate features (similarities standardised within each
    item's candidates), fitted by leave-one-set-out; the candidates ranked by its score."""
    from sklearn.linear_model import LogisticRegression  # only here: not a dependency of wrsearch

    def matrix(r: dict) -> np.ndarray:
        keep = r["keep"]

        def z(x: np.ndarray) -> np.ndarray:
            x = x[keep].astype(float)
            return (x - x.mean()) / (x.std() + 1e-9)

        return np.column_stack(
            [
                z(r["tt"]),
                z(r["ww"]),
                z(r["cross"]),
                r["lex"][keep],
                r["sec"][keep],
                np.log1p(r["nearer"][keep]),
                (r["first"] * r["sec"])[keep],
                r["dshare"][keep] * float(r["multi"]),
            ]
        )

    features = [matrix(r) for r in rows]
    out = {}
    for label in ("top grade", "any grade"):
        for strength in (0.01, 0.1, 1.0):
            hits, per_set = 0.0, {}
            for name in names:
                train = [i for i in range(len(rows)) if sets[i] != name]
                y = [
                    (rows[i]["grades"][rows[i]["keep"]] == rows[i]["grades"].max())
                    if label == "top grade"
                    else rows[i]["grades"][rows[i]["keep"]] > 0
                    for i in train
                ]
                model = LogisticRegression(C=strength, max_iter=2000, class_weight="balanced")
                model.fit(np.vstack([features[i] for i in train]), np.concatenate(y).astype(int))
                got = []
                for i in np.flatnonzero(sets == name):
                    scores = np.full(len(rows[i]["grades"]), -1e9)
                    scores[rows[i]["keep"]] = model.decision_function(features[i])
                    got.append(hit(rows[i], scores))
                per_set[name] = round(float(np.mean(got)), 3)
                hits += sum(got)
            out[f"{label}, C={strength}"] = {"pooled_left_out_hit@5": round(hits / len(rows), 3), "by_set": per_set}
    return out


if __name__ == "__main__":
    main()
