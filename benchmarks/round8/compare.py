"""Round 8: per set, mode and type, nDCG@10 (none: no confident hit) before -> after, from two
folders of `wrsearch eval --json` outputs (evalall.sh)."""
import os

WORK = os.environ.get("ROUND8_WORK", "/tmp/ret7")  # where ranker_features.py wrote features.pkl
import json
import sys

a, b = sys.argv[1], sys.argv[2]
for name in "v2 shared own older qingchuan donggang fengqiao qingshi jinqiao yuquan".split():
    for mode in ("hybrid","bm25","dense"):
        x = json.load(open(f"{a}/{name}-{mode}.json"))["by_type"]; y = json.load(open(f"{b}/{name}-{mode}.json"))["by_type"]
        out=[]
        for k in x:
            m = "no_confident_hit" if k=="none" else "ndcg@10"
            if k == "related": continue
            flag = "" if x[k][m]==y[k][m] else " *"
            out.append(f"{k}({x[k]['n']}) {x[k][m]:.4f}->{y[k][m]:.4f}{flag}")
        print(f"{name:9} {mode:6}", "; ".join(out))
