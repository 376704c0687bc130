"""Round 8: topic rows with hybrid nDCG@10 below 0.85 on every dev set, with the dense half."""
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
    if r["type"] != "topic": continue
    v = ndcg(r["hybrid"], r["relevant"])
    if v < 0.85:
        e = eng.setdefault(setidx[r["set"]], Engine(f"{WORK}/idx-{setidx[r['set']]}"))
        items = {it.no: it for it in e.index.items}
        rel = max(r["relevant"], key=r["relevant"].get)
        print(f"{r['set']:9} {r['query']:12} h={v:.2f} d={ndcg(r['dense'], r['relevant']):.2f} top={r['hybrid'][:3]} rel={r['relevant']} | {items[rel].task[:40]}")
