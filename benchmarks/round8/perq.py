"""Round 8: rows whose hybrid or bm25 top 10 changed against the captured (before) rankings."""
import os
from pathlib import Path

WORK = os.environ.get("ROUND8_WORK", "/tmp/ret7")  # where ranker_features.py wrote features.pkl
import pickle
import sys

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from wrsearch.engine import Engine
from wrsearch.evaluate import ndcg

rows = pickle.load(open(WORK + "/rows_f.pkl","rb"))
D = pickle.load(open(WORK + "/features.pkl", "rb")); setidx = D["sets"]
eng = {}
for r in rows:
    if r["type"] not in ("topic","factoid","dept","none"): continue
    e = eng.setdefault(setidx[r["set"]], Engine(f"{WORK}/idx-{setidx[r['set']]}"))
    for mode in ("hybrid","bm25"):
        hits = e.search(r["query"], k=10, mode=mode).hits
        new = [h.no for h in hits]
        old = r[mode]
        if new != old:
            if r["type"]=="none":
                print(r["set"], mode, r["query"], "none conf", any(h.confident for h in hits))
            else:
                print(f"{r['set']:9} {mode:6} {r['query']:10} {ndcg(old, r['relevant']):.3f} -> {ndcg(new, r['relevant']):.3f}")
