"""Round 8, step 2: per (query, item) features from the captured fusion inputs of
benchmarks/ranker_features.py (z-scores per query of each dense signal, the fused score, the
lexical parts, PRF); checks that the fused score reproduces the shipped hybrid ranking on every row."""
import os
from pathlib import Path

WORK = os.environ.get("ROUND8_WORK", "/tmp/ret7")  # where ranker_features.py wrote features.pkl
import pickle
import sys

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from wrsearch.search import fusion
from wrsearch.search.fusion import LexicalEvidence, Mode, Weights

D = pickle.load(open(WORK + "/features.pkl", "rb"))
rows, calib, setidx = D["rows"], D["calibration"], D["sets"]

def z(v, m):
    k = v[m]
    if k.size < 3: return np.zeros_like(v)
    return (v - k.mean()) / (k.std() or 1.0)

def base_parts(r):
    c = r["captured"]; cal = calib[setidx[r["set"]]]
    lex = LexicalEvidence(c["scores"], c["cover"], c["literal"], c["informative"])
    out = fusion.fuse(c["dense"], lex, c["mask"], Mode.HYBRID, cal, Weights(*c["weights"]), keep_all=c["keep_all"], dense_ranking=c["ranking"])
    n = len(c["mask"]); score = np.full(n, -9.0)
    for s in out: score[s.index] = s.score
    mask = c["mask"]
    literal = c["literal"]; cover = literal + 0.5*(c["cover"]-literal)
    top = c["scores"][mask].max() if mask.any() else 0
    lexn = c["scores"]/top if top>0 else np.zeros(n)
    strength = cover[mask].max() if mask.any() else 0
    lexpart = strength*lexn*cover
    return score, lexpart, cover, literal, lexn

FEATS = ["base","z_rank","z_best","z_task","z_item","z_head","z_pbest","z_ptask","lexpart","cover","literal","prf","dnorm"]
def features(r):
    c = r["captured"]; m = c["mask"].copy(); cal = calib[setidx[r["set"]]]
    score, lexpart, cover, literal, lexn = base_parts(r)
    dn = fusion.normalise_dense(c["ranking"], cal)
    head = r["head_sim"]
    F = np.stack([score, z(c["ranking"],m), z(c["dense"],m), z(r["task_sim"],m), z(r["item_sim"],m),
                  z(head,m) if head is not None else np.zeros(len(m)),
                  z(r["passage_best"],m), z(r["passage_task"],m), lexpart, cover, literal, r["prf"], dn], 1)
    return F, m

for r in rows:
    if r["captured"] is not None and "task_sim" in r:
        r["F"], r["m"] = features(r)
        # check base reproduces
        nos = np.array(r["nos"]); order = np.flatnonzero(r["m"])
        order = order[np.argsort(-r["F"][order,0], kind="stable")][:10]
        if list(nos[order]) != r["hybrid"]:
            print("MISMATCH", r["set"], r["id"], r["query"], list(nos[order]), r["hybrid"])
pickle.dump(rows, open(WORK + "/rows_f.pkl","wb"))
print("ok", sum("F" in r for r in rows), len(rows))
