"""Round 14 (issue 14): a learned related ranker against the hand weights, both chosen by nested
leave-one-set-out over the seventeen related dev sets, in one run.

Reads ``$ROUND14_WORK/related-features.pkl`` (``related_features.py``). Two rankers:

- **hand weights**: ``benchmarks/tune_related.py``'s grid and variants, chosen by its floor-kept
  rule (only weights that lose no training set's hits against round rel6's), the variant by an
  inner leave-one-set-out: round 12's "nested, floor-kept" over seventeen sets;
- **logistic**: one weight per feature, fitted by scikit-learn's ``LogisticRegression`` (balanced
  classes) either pointwise (a candidate of the row's top grade or not) or pairwise (a top-grade
  candidate against another candidate of the same row, no intercept), over the round-12 feature
  set (``r12``) or with the four new features (``r14``); similarities standardised within each row's candidates. The form (features,
  label, C) is chosen by an inner leave-one-set-out on the training sets (most hits, ties to the
  simpler form and the smaller C), then fitted on the training sets and scored on the set left out.

Reported per left-out set and pooled: hit@5 (a top-grade item among the first five) and nDCG@5
(gains 2^grade − 1). Also the form chosen on all seventeen sets and its weights fitted on all of
them (what would ship), as ``shipped``.

    ROUND14_WORK=/tmp/r14r python benchmarks/round14/related_study.py [-o FILE]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import pickle
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression  # the study only: wrsearch never imports it

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/
from tune_related import BEFORE, GRID, VARIANTS, hit, ranking  # noqa: E402

from wrsearch.evaluate import ndcg  # noqa: E402

WORK = Path(os.environ.get("ROUND14_WORK", "/tmp/r14r"))
STRENGTHS = (0.01, 0.1, 1.0)
LABELS = ("pointwise", "pairwise")
FEATURE_SETS = {
    "r12": ("tt", "ww", "cross", "lex", "sec", "nearer", "opener", "dshare"),
    "r14": ("tt", "ww", "cross", "lex", "sec", "nearer", "opener", "dshare", "shared", "gap", "hsim", "issuer"),
}


def z(x: np.ndarray) -> np.ndarray:
    x = x.astype(float)
    return (x - x.mean()) / (x.std() + 1e-9)


def columns(r: dict) -> dict[str, np.ndarray]:
    """Every feature of a row's candidates (``keep``), as the runtime ranker would compute them."""
    keep = r["keep"]
    return {
        "tt": z(r["tt"][keep]),
        "ww": z(r["ww"][keep]),
        "cross": z(r["cross"][keep]),
        "lex": r["lex"][keep].astype(float),
        "sec": r["sec"][keep].astype(float),
        "nearer": np.log1p(r["nearer"][keep]),
        "opener": (r["first"] * r["sec"])[keep].astype(float),
        "dshare": r["dshare"][keep] * float(r["multi"]),
        "shared": np.log1p(r["shared"][keep]),
        "gap": np.log1p(r["gap"][keep]),
        "hsim": r["hsim"][keep],
        "issuer": r["issuer"][keep],
    }


def scores_of(r: dict, candidate_scores: np.ndarray) -> np.ndarray:
    scores = np.full(len(r["grades"]), -1e9)
    scores[r["keep"]] = candidate_scores
    return scores


def ndcg5(r: dict, scores: np.ndarray) -> float:
    keep = r["keep"]
    order = keep[np.argsort(-scores[keep], kind="stable")][:5]
    relevant = {int(r["no"][n]): int(g) for n, g in enumerate(r["grades"]) if g > 0}
    return ndcg([int(r["no"][n]) for n in order], relevant, cutoff=5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output")
    args = parser.parse_args()
    rows = pickle.loads((WORK / "related-features.pkl").read_bytes())
    sets = np.array([r["set"] for r in rows])
    names = list(dict.fromkeys(sets.tolist()))
    results: dict = {"rows": {n: int((sets == n).sum()) for n in names}}

    # Hand weights: tune_related.py's table, floor-kept pick and nested variant choice.
    configs = [dict(zip(GRID, values)) for values in itertools.product(*GRID.values())]
    table = np.array([[hit(r, ranking(r, **config)) for r in rows] for config in configs])
    distance = np.array([sum(config[k] != v for k, v in BEFORE.items()) for config in configs])
    before = configs.index(BEFORE)
    print("hand table done", file=sys.stderr)

    def allowed(variant: dict) -> np.ndarray:
        return np.array([all(config[k] in values for k, values in variant.items()) for config in configs])

    def pick(train: list[str], ok: np.ndarray) -> int:
        keeps = np.all([table[:, sets == n].sum(1) >= table[before, sets == n].sum() for n in train], axis=0)
        score = np.where(ok & keeps, table[:, np.isin(sets, train)].sum(1) * 1000 - distance, -1e18)
        return int(np.argmax(score))

    def loso_hits(within: list[str], ok: np.ndarray) -> float:
        return sum(table[pick([n for n in within if n != name], ok), sets == name].sum() for name in within)

    hand = {}
    for name in names:
        rest = [n for n in names if n != name]
        inner = {v: loso_hits(rest, allowed(spec)) for v, spec in VARIANTS.items()}
        variant = max(inner, key=lambda v: (inner[v], v == "rel6 form"))
        best = pick(rest, allowed(VARIANTS[variant]))
        left = [i for i in np.flatnonzero(sets == name)]
        got = [ranking(rows[i], **configs[best]) for i in left]
        hand[name] = {
            "variant": variant,
            "chosen": configs[best],
            "hits": int(table[best, left].sum()),
            "hit@5": round(float(table[best, left].mean()), 3),
            "ndcg@5": round(float(np.mean([ndcg5(rows[i], s) for i, s in zip(left, got)])), 4),
        }
        print("hand", name, hand[name]["hit@5"], file=sys.stderr)
    in_use = {"ts": 0.25, "tw": 0.025, "sw": 1.5, "rw": 0.25, "cross": 0.0, "first": 1.5, "dsh": 0.5}
    use = configs.index(in_use)
    results["in use (fitted)"] = {
        n: {
            "hits": int(table[use, sets == n].sum()),
            "hit@5": round(float(table[use, sets == n].mean()), 3),
            "ndcg@5": round(
                float(np.mean([ndcg5(rows[i], ranking(rows[i], **in_use)) for i in np.flatnonzero(sets == n)])), 4
            ),
        }
        for n in names
    }
    results["hand nested floor-kept"] = pooled(hand, rows, sets)

    # Logistic: fits for every training set that leaves out one or two sets, shared by the outer
    # and inner folds (the fit without {A, B} serves outer A's inner fold B and outer B's inner A).
    cols = [columns(r) for r in rows]
    forms = [(f, label, c) for f in FEATURE_SETS for label in LABELS for c in STRENGTHS]

    def design(i: int, f: str) -> np.ndarray:
        return np.column_stack([cols[i][k] for k in FEATURE_SETS[f]])

    designs = {f: [design(i, f) for i in range(len(rows))] for f in FEATURE_SETS}
    tops = [(r["grades"][r["keep"]] == r["grades"].max()) for r in rows]

    def fit(train: np.ndarray, form: tuple) -> np.ndarray:
        f, label, c = form
        if label == "pointwise":
            x = np.vstack([designs[f][i] for i in train])
            y = np.concatenate([tops[i] for i in train]).astype(int)
            model = LogisticRegression(C=c, solver="newton-cholesky", class_weight="balanced").fit(x, y)
            return model.coef_[0]
        diffs = []
        for i in train:
            x, top = designs[f][i], tops[i]
            diffs.append((x[top][:, None, :] - x[~top][None, :, :]).reshape(-1, x.shape[1]))
        x = np.vstack(diffs)
        sign = np.where(np.arange(len(x)) % 2 == 0, 1.0, -1.0)  # both classes, each pair once
        model = LogisticRegression(C=c, solver="newton-cholesky", fit_intercept=False).fit(x * sign[:, None], sign > 0)
        return model.coef_[0]

    def evaluate(weights: np.ndarray, form: tuple, left: list[int]) -> tuple[list[float], list[float]]:
        hits, gains = [], []
        for i in left:
            s = scores_of(rows[i], designs[form[0]][i] @ weights)
            hits.append(hit(rows[i], s))
            gains.append(ndcg5(rows[i], s))
        return hits, gains

    fits: dict[tuple, np.ndarray] = {}
    for out in itertools.combinations_with_replacement(names, 2):
        train = np.flatnonzero(~np.isin(sets, list(out)))
        for form in forms:
            fits[(frozenset(out), form)] = fit(train, form)
        print("fitted without", out, file=sys.stderr)

    # hits of the set left out per (training sets = all but `without`, form)
    def left_hits(without: frozenset, name: str, form: tuple) -> float:
        return sum(evaluate(fits[(without, form)], form, list(np.flatnonzero(sets == name)))[0])

    def inner_choice(within: list[str], exclude: set[str]) -> tuple[tuple, dict]:
        totals = {form: sum(left_hits(frozenset(exclude | {n}), n, form) for n in within) for form in forms}
        order = {form: n for n, form in enumerate(forms)}  # ties: r12 first, pointwise, smaller C
        return max(forms, key=lambda form: (totals[form], -order[form])), totals

    per_form = {form: {} for form in forms}
    nested = {}
    nested_c = {(f, label): {} for f in FEATURE_SETS for label in LABELS}
    for name in names:
        rest = [n for n in names if n != name]
        left = list(np.flatnonzero(sets == name))
        chosen, totals = inner_choice(rest, {name})
        for form in forms:
            h, g = evaluate(fits[(frozenset({name}), form)], form, left)
            per_form[form][name] = {
                "hits": int(sum(h)),
                "hit@5": round(float(np.mean(h)), 3),
                "ndcg@5": round(float(np.mean(g)), 4),
            }
        nested[name] = dict(per_form[chosen][name], form=list(chosen))
        for family in nested_c:
            best = max((form for form in forms if form[:2] == family), key=lambda form: (totals[form], -form[2]))
            nested_c[family][name] = dict(per_form[best][name], C=best[2])
        print("logistic", name, nested[name], file=sys.stderr)
    results["logistic nested (form and C)"] = pooled(nested, rows, sets)
    results["logistic nested C, per family"] = {
        f"{f}, {label}": pooled(v, rows, sets) for (f, label), v in nested_c.items()
    }
    results["logistic left out, C not nested"] = {
        f"{f}, {label}, C={c}": pooled(v, rows, sets) for (f, label, c), v in per_form.items()
    }
    chosen, totals = inner_choice(names, set())
    weights = fit(np.arange(len(rows)), chosen)
    results["shipped"] = {
        "form": list(chosen),
        "features": list(FEATURE_SETS[chosen[0]]),
        "weights": [round(float(w), 6) for w in weights],
        "loso_hits_by_form": {", ".join(map(str, form)): int(t) for form, t in totals.items()},
        "fitted_on_all": pooled(
            {
                n: dict(zip(("hits", "ndcg"), map(list, evaluate(weights, chosen, list(np.flatnonzero(sets == n))))))
                for n in names
            },
            rows,
            sets,
            raw=True,
        ),
    }
    text = json.dumps(results, ensure_ascii=False, indent=1, default=float)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    print(text)


def pooled(by_set: dict, rows: list, sets: np.ndarray, raw: bool = False) -> dict:
    """Pooled hit@5 and nDCG@5 (every row weighing the same) and the per-set figures."""
    if raw:
        by_set = {
            n: {
                "hits": int(sum(v["hits"])),
                "hit@5": round(float(np.mean(v["hits"])), 3),
                "ndcg@5": round(float(np.mean(v["ndcg"])), 4),
            }
            for n, v in by_set.items()
        }
    n_rows = {n: int((sets == n).sum()) for n in by_set}
    total = sum(n_rows.values())
    return {
        "pooled_hit@5": round(sum(v["hits"] for v in by_set.values()) / total, 4),
        "pooled_ndcg@5": round(sum(v["ndcg@5"] * n_rows[n] for n, v in by_set.items()) / total, 4),
        "by_set": by_set,
    }


if __name__ == "__main__":
    main()
