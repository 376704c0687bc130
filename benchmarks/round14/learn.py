"""Round 14t, step 2: does a learned combination of the ranking features beat the hand fusion
left out, over the twenty search dev sets? (issue 14; round 8's study, docs/retrieval-round8.md,
had ten sets.)

Reads ``$ROUND14_WORK/capture.pkl`` (``benchmarks/round14/capture.py``). Per (query, item) the
features the fusion already computes — the fused score itself, the dense side (calibrated
blended similarity; z-scores within the query of the blended, best-chunk and task-chunk
similarity; dense rank), the lexical side (BM25 relative to the best item, its z, lexical rank;
the item's cover, literal and specific cover; the lexical part, best cover × BM25 × cover) and
the heading's share of the query's specific words — and query-level facts (best cover,
informativeness, number of specific words, figure question, any literal word held) kept only as
products with item features (a pairwise model cancels plain query-level terms).

Model: pairwise logistic regression (scikit-learn, no intercept) on feature differences within a
query — each relevant item against the 15 best-fused non-relevant ones and against less relevant
ones — trained on topic and factoid rows only, each query weighing the same; features scaled by
their spread over the training pairs. It re-orders the hybrid's own candidates; the
``confident`` flag is the fusion's.

Nested leave-one-set-out: per outer fold (one set left out), each variant (feature set × C, or
the hand fusion) is scored by an inner leave-one-set-out over the other nineteen sets (pooled
topic nDCG@10 of their rows; ties to the hand fusion); the chosen one is refit on the nineteen and
scored on the set left out. A second nested run chooses as ``tune_retrieval.py`` does — first
the most (set, type) pairs where the figure is at least each half's, then pooled topic — since the
brief's objective also counts those pairs. Also: the plain leave-one-set-out figures of every
variant. Inner models for the outer fold s and inner fold t train on the same sets (all but s and
t), so each of the 190 set pairs is fitted once and scored both ways.

    ROUND14_WORK=/tmp/r14t python benchmarks/round14/learn.py

Output: ``benchmarks/results/round14-learned-ranker.json``.
"""

from __future__ import annotations

import itertools
import json
import os
import pickle
import statistics
import time
from pathlib import Path

# One BLAS thread, set before numpy loads: on two shared cores, threaded BLAS makes each small
# fit ten times slower.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from wrsearch.evaluate import CUTOFF, ndcg  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("ROUND14_WORK", "/tmp/r14t"))
OUT = ROOT / "benchmarks" / "results" / "round14-learned-ranker.json"
TRAIN_TYPES = ("topic", "factoid")
TYPES = ("topic", "factoid", "dept", "none")
NEGATIVES = 15  # non-relevant items per relevant one: the best-fused, where the order is decided

ITEM = [
    "base",
    "dn",
    "z_rank",
    "z_best",
    "z_task",
    "drank",
    "lexn",
    "z_lex",
    "lrank",
    "cover",
    "literal",
    "specific",
    "lexpart",
    "head",
]
QUERY = ["q_strength", "q_informative", "q_nspec", "q_figure", "q_literal"]
CROSSED = ["dn", "z_rank", "lexn", "cover", "lexpart"]
INTER = [f"{q}*{f}" for q in QUERY for f in CROSSED]
FEATS = ITEM + INTER
VARIANTS = {
    "base+dense z": ["base", "z_rank", "z_best", "z_task"],
    "items": ITEM,
    "items+interactions": FEATS,
    "no base": [f for f in FEATS if f != "base"],
}
CS = (0.01, 0.1, 1.0, 10.0)


def zscore(values: np.ndarray) -> np.ndarray:
    spread = float(values.std())
    return (values - float(values.mean())) / (spread or 1.0)


def rank_signal(values: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """1/log2(2 + rank) by ``values`` among ``valid`` items, 0 elsewhere."""
    out = np.zeros(len(values), np.float32)
    order = np.flatnonzero(valid)
    order = order[np.argsort(-values[order], kind="stable")]
    out[order] = 1.0 / np.log2(2.0 + np.arange(len(order)))
    return out


def features(r: dict) -> np.ndarray:
    """The feature matrix over the hybrid's candidates, in the captured (hybrid) order."""
    c = r["captured"]
    idx = c["order"]
    floor, high, trust = c["calibration"]
    best, ranking = c["best"][idx], c["ranking"][idx]
    task = np.where(best > -1, 2 * ranking - best, -1.0)  # ranking = best − 0.5 (best − task)
    low = floor - 0.5 * (high - floor)
    dn = np.clip((ranking - low) / max(high - low, 1e-6), 0, 1)
    scores = c["scores"][idx]
    top = float(c["scores"][c["mask"]].max(initial=0.0))
    lexn = scores / top if top > 0 else np.zeros_like(scores)
    literal = c["literal"][idx]
    cover = literal + 0.5 * (c["cover"][idx] - literal)  # fusion.SYNONYM_COVER
    strength = float(cover.max(initial=0.0))
    f = {
        "base": c["fused"],
        "dn": dn,
        "z_rank": zscore(ranking),
        "z_best": zscore(best),
        "z_task": zscore(task),
        "drank": rank_signal(ranking, best > -1),
        "lexn": lexn,
        "z_lex": zscore(scores),
        "lrank": rank_signal(scores, scores > 0),
        "cover": cover,
        "literal": literal,
        "specific": c["specific"][idx],
        "lexpart": strength * lexn * cover,
        "head": r["head"][idx],
    }
    q = {
        "q_strength": strength,
        "q_informative": c["informative"],
        "q_nspec": min(r["n_specific"], 4) / 4,
        "q_figure": float(r["figure"]),
        "q_literal": float(literal.max(initial=0.0) > 0),
    }
    for name in INTER:
        qn, fn = name.split("*")
        f[name] = q[qn] * f[fn]
    return np.stack([np.asarray(f[k], np.float64) for k in FEATS], axis=1)


def pairs(r: dict) -> tuple[np.ndarray, np.ndarray]:
    """Difference vectors (better − worse) of one query's training pairs."""
    nos = [r["nos"][i] for i in r["captured"]["order"]]
    grade = np.array([r["relevant"].get(no, 0) for no in nos])
    rel = np.flatnonzero(grade > 0)
    non = np.flatnonzero(grade == 0)[:NEGATIVES]  # captured order is the fused order
    better, worse = [], []
    for i in rel:
        for j in [*non, *(j for j in rel if grade[i] > grade[j])]:
            better.append(i)
            worse.append(j)
    X = r["X"]
    return X[better] - X[worse], np.ones(len(better)) / max(len(better), 1)


def metric(r: dict, listed: list, confident: list) -> float:
    if r["type"] == "none":
        return 0.0 if any(confident) else 1.0
    return ndcg(listed, r["relevant"])


def learned_list(r: dict, w: np.ndarray | None, cols: list[int]) -> tuple[list, list]:
    if w is None or r["captured"] is None:
        return r["hybrid"], r["hybrid_confident"]
    c = r["captured"]
    order = np.argsort(-(r["X"][:, cols] @ w), kind="stable")[:CUTOFF]
    return [r["nos"][c["order"][i]] for i in order], [bool(c["confident"][i]) for i in order]


def newton_logistic(X: np.ndarray, weight: np.ndarray, C: float, iterations: int = 50) -> np.ndarray:
    """scikit-learn's L2 logistic regression with no intercept and every label 1 — minimise
    ½‖β‖² + C Σ weightᵢ log(1 + exp(−xᵢ·β)) — by Newton steps: with a few dozen features the
    Hessian is tiny, and a fit takes a fraction of ``LogisticRegression``'s time on these pairs (the
    two agree, checked by ``check_against_sklearn``)."""
    beta = np.zeros(X.shape[1])
    for _ in range(iterations):
        margin = X @ beta
        p = 0.5 * (1 + np.tanh(-margin / 2))  # σ(−margin), overflow-free
        gradient = beta - C * (X.T @ (weight * p))
        hessian = np.eye(len(beta)) + C * (X.T * (weight * p * (1 - p))) @ X
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def fit(train: list[dict], cols: list[int], C: float, solver: str = "newton") -> np.ndarray:
    parts = [r["pairs"] for r in train if r["pairs"] is not None and r["type"] in TRAIN_TYPES]
    X = np.concatenate([p[0] for p in parts])[:, cols]
    weight = np.concatenate([p[1] for p in parts])
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    if solver == "newton":
        # symmetric pairs (d, 1) and (−d, 0) have the same loss with no intercept: weight 2
        return newton_logistic(X / scale, 2 * weight, C) / scale
    sign = np.where(np.arange(len(X)) % 2 == 0, 1.0, -1.0)  # every other pair flipped to (−d, 0)
    model = LogisticRegression(C=C, fit_intercept=False, solver="lbfgs", max_iter=5000, tol=1e-8)
    model.fit(X / scale * sign[:, None], (sign > 0).astype(int), sample_weight=2 * weight)
    return model.coef_[0] / scale


def check_against_sklearn(rows: list[dict], cols: list[int], C: float) -> float:
    """Largest relative difference of the Newton fit's coefficients from scikit-learn's."""
    ours, theirs = fit(rows, cols, C), fit(rows, cols, C, solver="sklearn")
    return float(np.abs(ours - theirs).max() / np.abs(theirs).max())


def per_row(rows: list[dict], w, cols) -> dict[tuple, float]:
    return {(r["set"], r["id"], r["type"]): metric(r, *learned_list(r, w, cols)) for r in rows}


def by_set_type(scores: dict[tuple, float]) -> dict[tuple[str, str], float]:
    groups: dict[tuple[str, str], list[float]] = {}
    for (name, _, kind), value in scores.items():
        groups.setdefault((name, kind), []).append(value)
    return {k: statistics.fmean(v) for k, v in groups.items()}


def pooled(scores: dict[tuple, float], kind: str) -> float:
    values = [v for k, v in scores.items() if k[2] == kind]
    return statistics.fmean(values) if values else float("nan")


def main() -> None:
    rows = pickle.loads((WORK / "capture.pkl").read_bytes())
    for r in rows:
        r["X"] = features(r) if r["captured"] is not None else None
        r["pairs"] = pairs(r) if r["captured"] is not None and r["type"] in TRAIN_TYPES and r["relevant"] else None
    sets = list(dict.fromkeys(r["set"] for r in rows))
    by_set = {s: [r for r in rows if r["set"] == s] for s in sets}
    halves = {
        mode: by_set_type({(r["set"], r["id"], r["type"]): metric(r, r[mode], r[mode + "_confident"]) for r in rows})
        for mode in ("bm25", "dense")
    }
    current = per_row(rows, None, None)
    configs = [(name, C) for name in VARIANTS for C in CS]
    cols_of = {name: [FEATS.index(f) for f in feats] for name, feats in VARIANTS.items()}

    # Plain leave-one-set-out of every config, and the outer models.
    loso: dict[tuple, dict[tuple, float]] = {}
    for s in sets:
        train = [r for r in rows if r["set"] != s]
        for name, C in configs:
            loso.setdefault((name, C), {}).update(per_row(by_set[s], fit(train, cols_of[name], C), cols_of[name]))
    for config in configs:
        print(
            "loso",
            config,
            round(pooled(loso[config], "topic"), 4),
            round(pooled(loso[config], "factoid"), 4),
            "hand fusion",
            round(pooled(current, "topic"), 4),
            flush=True,
        )

    # Models trained on every set but a pair {s, t}: the inner fold (outer s, inner t) and (outer t, inner s).
    started = time.time()
    inner: dict[tuple, dict[tuple, float]] = {}  # (config, outer) → inner left-out row scores
    for s, t in itertools.combinations(sets, 2):
        train = [r for r in rows if r["set"] not in (s, t)]
        for name, C in configs:
            w = fit(train, cols_of[name], C)
            inner.setdefault(((name, C), s), {}).update(per_row(by_set[t], w, cols_of[name]))
            inner.setdefault(((name, C), t), {}).update(per_row(by_set[s], w, cols_of[name]))
        print("pair", s, t, round(time.time() - started), flush=True)

    def below(scores: dict[tuple, float]) -> list:
        figures = by_set_type(scores)
        return [
            [k[0], k[1], round(v, 4), round(halves["bm25"][k], 4), round(halves["dense"][k], 4)]
            for k, v in sorted(figures.items())
            if v < max(halves["bm25"][k], halves["dense"][k]) - 1e-9
        ]

    def summary(scores: dict[tuple, float]) -> dict:
        return {"pooled": {kind: round(pooled(scores, kind), 4) for kind in TYPES}, "below_a_half": below(scores)}

    (WORK / "learn-scores.pkl").write_bytes(
        pickle.dumps({"inner": inner, "loso": loso, "current": current, "halves": halves})
    )

    def never_below(scores: dict[tuple, float]) -> int:
        """(set, type) pairs where ``scores`` are at least each half's."""
        return sum(v >= max(halves["bm25"][k], halves["dense"][k]) - 1e-9 for k, v in by_set_type(scores).items())

    def nested_run(rule: str) -> tuple[dict[tuple, float], list[dict]]:
        """Nested leave-one-set-out; ``rule`` "topic": the inner choice is the best pooled topic
        nDCG@10; "halves first": the most (set, type) pairs at least each half, then pooled topic."""
        nested: dict[tuple, float] = {}
        folds = []
        for s in sets:
            candidates = {"hand fusion": {k: v for k, v in current.items() if k[0] != s}}
            for config in configs:
                candidates[f"{config[0]} C={config[1]}"] = inner[(config, s)]
            figures = {
                k: (never_below(v) if rule == "halves first" else 0, round(pooled(v, "topic"), 6))
                for k, v in candidates.items()
            }
            chosen = max(figures, key=lambda k: (*figures[k], k == "hand fusion"))
            if chosen == "hand fusion":
                left = {k: v for k, v in current.items() if k[0] == s}
            else:
                config = next(c for c in configs if f"{c[0]} C={c[1]}" == chosen)
                left = {k: v for k, v in loso[config].items() if k[0] == s}
            nested.update(left)
            fold = {
                "left_out": s,
                "chosen": chosen,
                "inner": {
                    k: [v[0], round(v[1], 4)] if rule == "halves first" else round(v[1], 4) for k, v in figures.items()
                },
                "left_out_by_type": {k[1]: round(v, 4) for k, v in by_set_type(left).items()},
                "hand_fusion_by_type": {k[1]: round(v, 4) for k, v in by_set_type(current).items() if k[0] == s},
                "halves_by_type": {
                    k[1]: [round(halves["bm25"][k], 4), round(halves["dense"][k], 4)]
                    for k in halves["bm25"]
                    if k[0] == s
                },
            }
            folds.append(fold)
            print(
                rule,
                json.dumps(
                    {k: fold[k] for k in ("left_out", "chosen", "left_out_by_type", "hand_fusion_by_type")},
                    ensure_ascii=False,
                ),
                flush=True,
            )
        return nested, folds

    nested, folds = nested_run("topic")
    nested_halves, folds_halves = nested_run("halves first")

    out = {
        "sets": sets,
        "rows": {kind: sum(r["type"] == kind for r in rows) for kind in TYPES},
        "features": FEATS,
        "variants": VARIANTS,
        "C": CS,
        "hand_fusion": summary(current),
        "nested": summary(nested),
        "folds": folds,
        "nested_halves_first": {
            **summary(nested_halves),
            "topic_by_set": {k[0]: round(v, 4) for k, v in by_set_type(nested_halves).items() if k[1] == "topic"},
        },
        "folds_halves_first": folds_halves,
        "loso": {
            f"{n} C={C}": {
                **summary(loso[(n, C)]),
                "topic_by_set": {k[0]: round(v, 4) for k, v in by_set_type(loso[(n, C)]).items() if k[1] == "topic"},
            }
            for n, C in configs
        },
        "hand_fusion_topic_by_set": {k[0]: round(v, 4) for k, v in by_set_type(current).items() if k[1] == "topic"},
        "nested_topic_by_set": {k[0]: round(v, 4) for k, v in by_set_type(nested).items() if k[1] == "topic"},
        "halves_topic_by_set": {
            k[0]: [round(halves["bm25"][k], 4), round(halves["dense"][k], 4)] for k in halves["bm25"] if k[1] == "topic"
        },
    }
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    print(json.dumps({k: out[k] for k in ("hand_fusion", "nested", "nested_halves_first")}, ensure_ascii=False))
    for name, fig in out["loso"].items():
        print(name, fig["pooled"], len(fig["below_a_half"]))


if __name__ == "__main__":
    main()
