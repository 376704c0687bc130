"""Round 8, dense query forms: the query embedded as query+passage, with its nearest heading, and in
a task template; best chunk and task similarity per item for each."""
import os
from pathlib import Path

WORK = os.environ.get("ROUND8_WORK", "/tmp/ret7")  # where ranker_features.py wrote features.pkl
import pickle
import sys

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from wrsearch.engine import Engine

rows = pickle.load(open(WORK + "/rows_f.pkl","rb"))
D = pickle.load(open(WORK + "/features.pkl", "rb")); setidx = D["sets"]
engines = {n: Engine(f"{WORK}/idx-{n}") for n in set(setidx.values())}
heads = {}
for r in rows:
    if "F" not in r: continue
    e = engines[setidx[r["set"]]]; s = e.searcher; emb = s._embedder()
    n = len(s.columns)
    key = setidx[r["set"]]
    if key not in heads:
        secs = sorted(set((s.items[i].section or "") for i in range(n)) - {""})
        heads[key] = (secs, emb.passages(secs) if secs else None)
    plan = s.search_plan(r["query"]); q = plan.remainder
    qv = emb.query(q).reshape(-1); pv = emb.passages([q])[0]
    tv = np.asarray(s.retriever.task_vectors(), np.float32)
    forms = {}
    b = qv + pv; b /= np.linalg.norm(b)
    forms["qp"] = b
    secs, hv = heads[key]
    if hv is not None:
        j = int(np.argmax(hv @ qv))
        forms["qhead"] = emb.query(f"{q}({secs[j]})").reshape(-1)
    forms["qtask"] = emb.query(f"哪些工作任务涉及{q}").reshape(-1)
    r["forms"] = {k: (s.retriever.dense_similarity(v), tv @ v) for k, v in forms.items()}
pickle.dump(rows, open(WORK + "/rows_forms.pkl","wb"))
print("done")
