"""Nested leave-one-set-out for the learned ranker: per outer fold, the variant (feature set, C)
is chosen by an inner leave-one-set-out on the other nine sets (pooled nDCG@10 of ranked rows),
then refit on the nine and scored on the one left out."""
import os
from pathlib import Path

WORK = os.environ.get("ROUND8_WORK", "/tmp/ret7")  # where ranker_features.py wrote features.pkl

import json
import sys

sys.path.insert(0, str(Path(__file__).resolve().parent))
from learn import *

VARIANTS = {
    "current": None,
    "base+dense z C=1": (["base","z_rank","z_best","z_task"], 1.0),
    "base+all dense C=1": (["base","z_rank","z_best","z_task","z_item","z_head","z_pbest","z_ptask"], 1.0),
    "base+prf C=1": (["base","prf"], 1.0),
    "all C=1": (FEATS, 1.0),
}
def scored(sub, w, cols):
    per = evaluate(sub, w, cols)
    return per
def pooled_of(per, kinds=RANKED):
    n = {k: sum(1 for r in rows if (r["set"], r["type"])==k) for k in per}
    ks=[k for k in per if k[1] in kinds]
    return sum(per[k]*n[k] for k in ks)/sum(n[k] for k in ks) if ks else float("nan")
out = {"folds": []}
total = {}
for s in SETS:
    rest = [x for x in SETS if x != s]
    inner = {}
    for name, spec in VARIANTS.items():
        per = {}
        for t in rest:
            train = [r for r in rows if r["set"] in rest and r["set"] != t]
            test = [r for r in rows if r["set"] == t]
            if spec is None: per.update(evaluate(test, None, None))
            else:
                cols = [FEATS.index(f) for f in spec[0]]
                per.update(evaluate(test, fit(train, cols, spec[1]), cols))
        inner[name] = round(pooled_of(per), 4)
    best = max(inner, key=lambda v: (inner[v], v == "current"))
    spec = VARIANTS[best]
    test = [r for r in rows if r["set"] == s]
    if spec is None: per = evaluate(test, None, None)
    else:
        cols = [FEATS.index(f) for f in spec[0]]
        per = evaluate(test, fit([r for r in rows if r["set"] != s], cols, spec[1]), cols)
    total.update(per)
    fold = {"left_out": s, "inner_left_out_ranked": inner, "chosen": best, "left_out": s,
            "by_type": {k[1]: round(v, 4) for k, v in per.items()},
            "halves": {k[1]: [round(H[("bm25",)+k],4), round(H[("dense",)+k],4)] for k in per}}
    out["folds"].append(fold); print(json.dumps(fold, ensure_ascii=False), flush=True)
out["nested_pooled_topic"] = round(pooled_of(total, ("topic",)), 4)
out["nested_pooled_ranked"] = round(pooled_of(total), 4)
cur = evaluate(rows, None, None)
out["current_pooled_topic"] = round(pooled_of(cur, ("topic",)), 4)
out["current_pooled_ranked"] = round(pooled_of(cur), 4)
print(json.dumps({k: v for k, v in out.items() if k != "folds"}))
json.dump(out, open(WORK + "/nested.json", "w"), ensure_ascii=False, indent=1)
