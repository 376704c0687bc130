"""Round 16t, step 2: which dense-side or gating change, if any, raises topic nDCG@10 left out
over every search dev set (twenty-two sets, each report indexed alone) without putting more
(set, type) pairs below a half?

Variants are replayed through the real fusion (``replay.py``) over the capture of
``capture.py``. Families: ``mix`` (an item's similarity as a mix of best chunk, task chunk,
heading and whole-item vector), ``mix+weight`` (the same with the dense fusion weight moved),
``hub`` (a hubness correction by the report's centroid), ``csls-others`` (CSLS by the other
reports' dev queries), ``csls-synonyms`` / ``csls-synonyms-hybrid`` (by the typical staff query,
``search/typical.py``, in both modes / in the hybrid only), ``typical`` (hybrid only, the fusion
weights as in use: what round 16t adopted), ``prf`` (pseudo-relevance feedback from the dense top
k), ``gate`` (meaning alone when the items hold too little of the query), and ``all`` (every
variant of the families run). ``ROUND16_FAMILIES`` (comma-separated) picks the families.

Choice on a group of sets (as ``tune_retrieval.py`` chooses, with the brief's rule first):
the fewest (set, type) pairs where the hybrid is below bm25, below dense as in use or below the
variant's own dense mode; then the mean topic nDCG@10 of the sets (each set the same weight);
ties to the values in use. Plain leave-one-set-out per family, and nested: the family chosen by
an inner leave-one-set-out over the other twenty-one sets, then its variant chosen on those
twenty-one and scored on the set left out.

    ROUND16_WORK=/tmp/r16t [ROUND16_FAMILIES=typical] python benchmarks/round16/study.py
    (csls backgrounds: ``self_queries.py`` and ``$ROUND16_WORK/synonym_queries.pkl``, the synonym
    list's everyday words embedded as queries, as ``search/typical.py`` does)

Output: ``benchmarks/results/round16-search-<families>.json`` (``-dense`` by default).
"""

from __future__ import annotations

import itertools
import json
import os
import pickle
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from replay import IN_USE, Index, attach_background, replay, score  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("ROUND16_WORK", "/tmp/r16t"))
OUT = ROOT / "benchmarks" / "results" / f"round16-search-{os.environ.get('ROUND16_FAMILIES', 'dense').replace(',', '+')}.json"
TYPES = ("topic", "factoid", "dept", "none")


def key(v: dict) -> str:
    return json.dumps({k: v[k] for k in sorted(v)}, sort_keys=True)


def mixes() -> list[tuple]:
    """(best, task, heading, item, progress) shares summing to 1, in steps of 0.125."""
    out = []
    steps = [x / 8 for x in range(9)]
    for b, t, h, i in itertools.product(steps, steps, (0.0, 0.125, 0.25), (0.0, 0.125, 0.25, 0.5)):
        if abs(b + t + h + i - 1) < 1e-9:
            out.append((b, t, h, i, 0.0))
    return out


FAMILIES = {
    "mix": [{**IN_USE, "mix": m} for m in mixes()],
    "mix+weight": [{**IN_USE, "mix": m, "dw": dw} for m in mixes() for dw in (0.05, 0.1)],
    "hub": [{**IN_USE, "hub": lam} for lam in (0.1, 0.2, 0.3, 0.5, 0.75, 1.0)],
    "csls-others": [{**IN_USE, "csls": (k, lam), "bg": "others", "flag": "in use", "dw": dw}
                    for k in (10, 50, 1000000) for lam in (0.5, 1.0, 1.5) for dw in (0.0, 0.05, 0.1)],
    "csls-synonyms": [{**IN_USE, "csls": (1, lam), "bg": "synonyms-mean", "flag": flag, "dw": dw}
                      for lam in (0.5, 0.75, 1.0, 1.25, 1.5) for dw in (0.0, 0.05, 0.1) for flag in ("in use", "variant")],
    "csls-synonyms-hybrid": [{**IN_USE, "csls": (1, lam), "bg": "synonyms-mean", "flag": flag, "dw": dw, "scope": "hybrid"}
                             for lam in (0.5, 0.75, 1.0, 1.25, 1.5) for dw in (0.0, 0.05, 0.1) for flag in ("in use", "variant")],
    # the same, the fusion weights as in use (the grid above lets a fold move them, and the folds
    # that leave own or huaxi out moved them to their cost): run after seeing that grid
    "typical": [{**IN_USE, "csls": (1, lam), "bg": "synonyms-mean", "flag": "in use", "scope": "hybrid"}
                for lam in (0.5, 0.75, 1.0, 1.25, 1.5)],
    "prf": [{**IN_USE, "prf": (k, beta)} for k in (1, 3, 5) for beta in (0.1, 0.2, 0.35, 0.5)],
    "gate": [{**IN_USE, "gate": g} for g in (0.01, 0.34, 0.5, 0.67, 1.0)],
}
# ROUND16_FAMILIES (default: the dense-side families, mix … gate) picks which to run: the whole
# grid takes 20 minutes on two shared cores.
_RUN = os.environ.get("ROUND16_FAMILIES", "mix,mix+weight,hub,prf,gate").split(",")
FAMILIES = {k: v for k, v in FAMILIES.items() if k in _RUN}
FAMILIES["all"] = [v for vs in FAMILIES.values() for v in vs if v not in (IN_USE,)]


def evaluate(rows, indexes, variant) -> dict[str, dict]:
    """Per row id: hybrid figure and the variant's dense figure."""
    out = {}
    for row in rows:
        rid = (row["set"], row["id"])
        if row["captured"] is None:
            h = score(row, row["hybrid"], row["hybrid_confident"])
            out[rid] = (h, score(row, row["dense"], row["dense_confident"]))
            continue
        r = replay(row, indexes[row["index"]], variant)
        out[rid] = (score(row, r["hybrid"], r["hybrid_confident"]), score(row, r["dense"], r["dense_confident"]))
    return out


def table(rows, results, sets) -> dict:
    """Per set × type: hybrid, bm25, dense in use, dense of the variant."""
    t = {}
    for name in sets:
        for typ in TYPES:
            sel = [r for r in rows if r["set"] == name and r["type"] == typ]
            if not sel:
                continue
            t[(name, typ)] = sel
    return t


def figures(rows_by_pair, res, base, pairs):
    """Mean per (set, type) of hybrid, bm25, dense in use, variant dense."""
    out = {}
    for p in pairs:
        sel = rows_by_pair[p]
        ids = [(r["set"], r["id"]) for r in sel]
        out[p] = (
            statistics.fmean(res[i][0] for i in ids),
            statistics.fmean(r["_bm25"] for r in sel),
            statistics.fmean(base[i][1] for i in ids),
            statistics.fmean(res[i][1] for i in ids),
        )
    return out


def objective(figs, sets) -> tuple:
    below = sum(1 for (s, t), f in figs.items() if s in sets and f[0] < max(f[1], f[2], f[3]) - 1e-9)
    topic = statistics.fmean(f[0] for (s, t), f in figs.items() if s in sets and t == "topic")
    return (-below, round(topic, 10))


def main() -> None:
    started = time.time()
    data = pickle.loads((WORK / "capture.pkl").read_bytes())
    rows, indexes = data["rows"], {k: Index(v) for k, v in data["indexes"].items()}
    attach_background(indexes, rows)
    for r in rows:
        r["_bm25"] = score(r, r["bm25"], r["bm25_confident"])
    sets = list(dict.fromkeys(r["set"] for r in rows))
    rows_by_pair = table(rows, None, sets) if False else {}
    for name in sets:
        for typ in TYPES:
            sel = [r for r in rows if r["set"] == name and r["type"] == typ]
            if sel:
                rows_by_pair[(name, typ)] = sel
    pairs = list(rows_by_pair)
    variants = {key(v): v for v in [IN_USE, *FAMILIES["all"]]}
    results = {}
    for n, (k, v) in enumerate(variants.items()):
        results[k] = evaluate(rows, indexes, v)
        if n % 20 == 0:
            print(f"{n}/{len(variants)} variants, {time.time() - started:.0f}s", flush=True)
    base = results[key(IN_USE)]
    figs = {k: figures(rows_by_pair, res, base, pairs) for k, res in results.items()}

    def choose(candidates, train) -> str:
        best = key(IN_USE)
        best_obj = objective(figs[best], train)
        for v in candidates:
            k = key(v)
            o = objective(figs[k], train)
            if o > best_obj:
                best, best_obj = k, o
        return best

    def left_out(family, sets_):
        """Plain leave-one-set-out over ``sets_``: per set, the variant chosen on the others."""
        return {s: choose(FAMILIES[family], [x for x in sets_ if x != s]) for s in sets_}

    report = {"sets": sets, "variants": len(variants), "in_use": {}, "families": {}, "nested": {}}
    for p in pairs:
        report["in_use"]["/".join(p)] = [round(x, 4) for x in figs[key(IN_USE)][p]]
    for family in FAMILIES:
        chosen = left_out(family, sets)
        on_all = choose(FAMILIES[family], sets)
        report["families"][family] = {
            "chosen_on_all": json.loads(on_all),
            "on_all": objective(figs[on_all], sets),
            "left_out": {s: {"variant": json.loads(c), **{t: round(figs[c][(s, t)][0], 4) for t in TYPES if (s, t) in figs[c]}} for s, c in chosen.items()},
        }
        lo_topic = statistics.fmean(figs[c][(s, "topic")][0] for s, c in chosen.items())
        below = sum(1 for s, c in chosen.items() for t in TYPES if (s, t) in figs[c] and figs[c][(s, t)][0] < max(figs[c][(s, t)][1:]) - 1e-9)
        report["families"][family]["left_out_topic_mean"] = round(lo_topic, 4)
        report["families"][family]["left_out_below"] = below
        print(f"{family}: chosen on all {on_all} {objective(figs[on_all], sets)}; left out topic {lo_topic:.4f}, below {below}", flush=True)
    # nested: the family by an inner leave-one-set-out
    nested = {}
    for s in sets:
        train = [x for x in sets if x != s]
        best_family, best_val = None, None
        for family in [None, *FAMILIES]:
            if family is None:
                inner = {t: key(IN_USE) for t in train}
            else:
                inner = {t: choose(FAMILIES[family], [x for x in train if x != t]) for t in train}
            topic = statistics.fmean(figs[c][(t, "topic")][0] for t, c in inner.items())
            below = sum(1 for t, c in inner.items() for ty in TYPES if (t, ty) in figs[c] and figs[c][(t, ty)][0] < max(figs[c][(t, ty)][1:]) - 1e-9)
            val = (-below, round(topic, 10))
            if best_val is None or val > best_val:
                best_family, best_val = family, val
        c = key(IN_USE) if best_family is None else choose(FAMILIES[best_family], train)
        nested[s] = {"family": best_family or "in use", "variant": json.loads(c), **{t: round(figs[c][(s, t)][0], 4) for t in TYPES if (s, t) in figs[c]},
                     "halves": {t: [round(x, 4) for x in figs[c][(s, t)][1:]] for t in TYPES if (s, t) in figs[c]},
                     "below": [t for t in TYPES if (s, t) in figs[c] and figs[c][(s, t)][0] < max(figs[c][(s, t)][1:]) - 1e-9]}
        print(s, nested[s]["family"], nested[s].get("topic"), "in use", round(figs[key(IN_USE)][(s, "topic")][0], 4), nested[s]["below"], flush=True)
    report["nested"] = nested
    n_topic = statistics.fmean(v["topic"] for v in nested.values())
    u_topic = statistics.fmean(figs[key(IN_USE)][(s, "topic")][0] for s in sets)
    print(f"nested topic mean of sets {n_topic:.4f} (in use {u_topic:.4f}); below {sum(len(v['below']) for v in nested.values())}")
    report["nested_topic_mean"], report["in_use_topic_mean"] = round(n_topic, 4), round(u_topic, 4)
    # per-variant figures on all sets, for the record
    report["all_variants"] = [
        {"variant": json.loads(k), "objective_all": objective(f, sets)} for k, f in figs.items()
    ]
    report["seconds"] = round(time.time() - started)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str))


if __name__ == "__main__":
    main()
