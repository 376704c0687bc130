"""Round 8: dense query form x heading share of the dense side x z-score bonus, through the real
fusion on the captured inputs; leave-one-set-out (never below either half per (set, type), then
mean nDCG@10 per set, ties to the values in use)."""
import os
from pathlib import Path

WORK = os.environ.get("ROUND8_WORK", "/tmp/ret7")  # where ranker_features.py wrote features.pkl
import itertools
import pickle
import statistics
import sys

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from wrsearch.evaluate import ndcg
from wrsearch.search import fusion
from wrsearch.search.fusion import LexicalEvidence, Mode, Weights

rows = pickle.load(open(WORK + "/rows_forms.pkl","rb"))
D = pickle.load(open(WORK + "/features.pkl", "rb")); calib, setidx = D["calibration"], D["sets"]
SETS = list(dict.fromkeys(r["set"] for r in rows)); RANKED=("topic","factoid","dept")
def z(v, m):
    k = v[m]; return (v-k.mean())/(k.std() or 1.0)
def result(r, form, head, zb):
    if "F" not in r: return r["hybrid"], r["hybrid_confident"]
    c = r["captured"]; cal = calib[setidx[r["set"]]]
    if form == "orig": ranking = c["ranking"]
    else:
        if form not in r["forms"]: ranking = c["ranking"]
        else:
            best, task = r["forms"][form]; ranking = best - 0.5*(best - task)
    if head and r["head_sim"] is not None:
        ranking = ranking + head*(r["head_sim"] - ranking)
    lex = LexicalEvidence(c["scores"], c["cover"], c["literal"], c["informative"])
    out = fusion.fuse(c["dense"], lex, c["mask"], Mode.HYBRID, cal, Weights(*c["weights"]), keep_all=c["keep_all"], dense_ranking=ranking)
    if zb:
        zz = z(ranking, c["mask"])
        sc = {s.index: s.score + zb*zz[s.index] for s in out}
        out = sorted(out, key=lambda s: -sc[s.index])
    nos = r["nos"]
    return [nos[s.index] for s in out[:10]], [s.confident for s in out[:10]]
def metric(r, lst, cf):
    if r["type"]=="none": return 0.0 if any(cf) else 1.0
    return ndcg(lst, r["relevant"])
H = {}
for mode in ("bm25","dense"):
    for r in rows: H.setdefault((mode,r["set"],r["type"]),[]).append(metric(r, r[mode], r[mode+"_confident"]))
H = {k: statistics.fmean(v) for k,v in H.items()}
GRID = list(itertools.product(["orig","qp","qhead","qtask"], [0.0,0.1,0.2,0.3], [0.0,0.02,0.04]))
table = []
for cfg in GRID:
    per = {}
    for r in rows: per.setdefault((r["set"], r["type"]), []).append(metric(r, *result(r, *cfg)))
    table.append({k: statistics.fmean(v) for k,v in per.items()})
n = {k: sum(1 for r in rows if (r["set"],r["type"])==k) for k in table[0]}
def pooled(per, kinds=("topic",), sets=None):
    ks=[k for k in per if k[1] in kinds and (sets is None or k[0] in sets)]
    return sum(per[k]*n[k] for k in ks)/sum(n[k] for k in ks)
def never_below(per, sets):
    return sum(per[k] >= max(H[("bm25",)+k],H[("dense",)+k]) - 1e-9 for k in per if k[0] in sets)
def setmean(per, sets):
    return statistics.fmean(pooled(per, RANKED, [s]) for s in sets)
for i, cfg in enumerate(GRID):
    print(cfg, round(pooled(table[i]),4), round(pooled(table[i],("none",)),3), never_below(table[i], SETS), " ".join(f"{k[0]}:{table[i][k]:.3f}" for k in table[i] if k[1]=="topic"))
inuse = GRID.index(("orig",0.0,0.0))
print("LOSO")
tot = {}
for s in SETS:
    rest = [x for x in SETS if x != s]
    best = max(range(len(GRID)), key=lambda c: (never_below(table[c], rest), round(setmean(table[c], rest),6), c==inuse))
    print(s, GRID[best], "left-out topic", round(table[best][(s,"topic")],4), "in use", round(table[inuse][(s,"topic")],4), "never_below", never_below(table[best],[s]), "of", sum(1 for k in table[best] if k[0]==s))
    for k in table[best]:
        if k[0]==s: tot[k] = table[best][k]
print("pooled left-out topic", round(pooled(tot),4), "in use", round(pooled(table[inuse]),4), "ranked", round(pooled(tot,RANKED),4), round(pooled(table[inuse],RANKED),4))
