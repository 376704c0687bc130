"""Round 8, step 3: a pairwise logistic ranker (scikit-learn) over the features, leave-one-set-out
over the ten dev sets; per variant (feature set, C) the pooled left-out nDCG@10 and every (set,
type) where it falls below either half."""
import os
from pathlib import Path

WORK = os.environ.get("ROUND8_WORK", "/tmp/ret7")  # where ranker_features.py wrote features.pkl
import json
import pickle
import statistics
import sys

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from sklearn.linear_model import LogisticRegression

from wrsearch.evaluate import ndcg
from wrsearch.search import fusion
from wrsearch.search.fusion import LexicalEvidence, Mode, Weights

rows = pickle.load(open(WORK + "/rows_f.pkl","rb"))
D = pickle.load(open(WORK + "/features.pkl", "rb")); calib, setidx = D["calibration"], D["sets"]
FEATS = ["base","z_rank","z_best","z_task","z_item","z_head","z_pbest","z_ptask","lexpart","cover","literal","prf","dnorm"]
SETS = list(dict.fromkeys(r["set"] for r in rows))
RANKED = ("topic","factoid","dept")

def conf(r):
    c = r["captured"]; cal = calib[setidx[r["set"]]]
    lex = LexicalEvidence(c["scores"], c["cover"], c["literal"], c["informative"])
    out = fusion.fuse(c["dense"], lex, c["mask"], Mode.HYBRID, cal, Weights(*c["weights"]), keep_all=c["keep_all"], dense_ranking=c["ranking"])
    a = np.zeros(len(c["mask"]), bool)
    for s in out: a[s.index] = s.confident
    return a
for r in rows:
    if "F" in r: r["conf"] = conf(r)

def ranked_list(r, w, cols):
    if "F" not in r or w is None: return r["hybrid"], r["hybrid_confident"]
    s = r["F"][:, cols] @ w
    order = np.flatnonzero(r["m"]); order = order[np.argsort(-s[order], kind="stable")][:10]
    nos = np.array(r["nos"])
    return list(nos[order]), list(r["conf"][order])

def metric(r, lst, confs):
    if r["type"] == "none": return 0.0 if any(confs) else 1.0
    return ndcg(lst, r["relevant"])

def pairs(train, cols):
    X, y = [], []
    for r in train:
        if "F" not in r or r["type"] not in RANKED: continue
        F = r["F"][:, cols]; nos = r["nos"]; m = r["m"]
        g = np.array([r["relevant"].get(no, 0) for no in nos])
        idx = np.flatnonzero(m)
        rel = [i for i in idx if g[i] > 0]
        # negatives: the 15 highest-scoring non-relevant by base (where the ranking is decided) + random
        non = [i for i in idx if g[i] == 0]
        non = sorted(non, key=lambda i: -r["F"][i,0])[:15]
        for i in rel:
            for j in non:
                X.append(F[i]-F[j]); y.append(1); X.append(F[j]-F[i]); y.append(0)
            for j in rel:
                if g[i] > g[j]:
                    X.append(F[i]-F[j]); y.append(1); X.append(F[j]-F[i]); y.append(0)
    return np.array(X), np.array(y)

def fit(train, cols, C):
    X, y = pairs(train, cols)
    lr = LogisticRegression(C=C, fit_intercept=False, max_iter=2000).fit(X, y)
    return lr.coef_[0]

def evaluate(rowsub, w, cols):
    out = {}
    for r in rowsub:
        lst, cf = ranked_list(r, w, cols)
        out.setdefault((r["set"], r["type"]), []).append(metric(r, lst, cf))
    return {k: statistics.fmean(v) for k, v in out.items()}

def halves():
    out = {}
    for mode in ("bm25","dense"):
        for r in rows:
            out.setdefault((mode, r["set"], r["type"]), []).append(metric(r, r[mode], r[mode+"_confident"]))
    return {k: statistics.fmean(v) for k, v in out.items()}
H = halves()

def loso(cols, C, verbose=False):
    per = {}
    folds = {}
    for s in SETS:
        train = [r for r in rows if r["set"] != s]
        test = [r for r in rows if r["set"] == s]
        w = fit(train, cols, C)
        folds[s] = w
        per.update(evaluate(test, w, cols))
    return per, folds

def summary(per, label):
    base = evaluate(rows, None, None)
    topic_rows = [r for r in rows if r["type"]=="topic"]
    n = {k: sum(1 for r in rows if (r["set"], r["type"])==k) for k in per}
    pooled_topic = sum(per[k]*n[k] for k in per if k[1]=="topic")/sum(n[k] for k in per if k[1]=="topic")
    pooled_ranked = sum(per[k]*n[k] for k in per if k[1] in RANKED)/sum(n[k] for k in per if k[1] in RANKED)
    below = [(k, round(per[k],4), round(max(H[("bm25",)+k], H[("dense",)+k]),4)) for k in per if per[k] < max(H[("bm25",)+k], H[("dense",)+k]) - 1e-9]
    return {"label": label, "pooled_topic": round(pooled_topic,4), "pooled_ranked": round(pooled_ranked,4),
            "topic_by_set": {k[0]: round(v,4) for k, v in per.items() if k[1]=="topic"}, "below_half": below}

if __name__ == "__main__":
    base = evaluate(rows, None, None)
    print(json.dumps(summary(base, "current"), ensure_ascii=False))
    variants = {
        "base+dense z": ["base","z_rank","z_best","z_task"],
        "base+all dense": ["base","z_rank","z_best","z_task","z_item","z_head","z_pbest","z_ptask"],
        "base+prf": ["base","prf"],
        "base+lex": ["base","lexpart","cover","literal"],
        "all": FEATS,
        "no base": [f for f in FEATS if f != "base"],
    }
    for name, feats in variants.items():
        cols = [FEATS.index(f) for f in feats]
        for C in (0.1, 1.0):
            per, folds = loso(cols, C)
            out = summary(per, f"{name} C={C}")
            print(json.dumps(out, ensure_ascii=False))
