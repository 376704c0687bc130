"""Round 8: the fused score plus alpha times one feature, every set, in-sample (which signals could
help at all)."""
import os
from pathlib import Path

WORK = os.environ.get("ROUND8_WORK", "/tmp/ret7")  # where ranker_features.py wrote features.pkl
import sys

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from learn import *


def run(w_vec, cols):
    return evaluate(rows, w_vec, cols)
def pooled(per, kinds=("topic",)):
    n = {k: sum(1 for r in rows if (r["set"], r["type"])==k) for k in per}
    ks=[k for k in per if k[1] in kinds]
    return sum(per[k]*n[k] for k in ks)/sum(n[k] for k in ks)
for f in ["z_rank","z_best","z_task","z_item","z_head","z_pbest","z_ptask","prf","lexpart","cover","literal","dnorm"]:
    cols=[0, FEATS.index(f)]
    for a in (-0.04,-0.02,0.01,0.02,0.04,0.08,0.16):
        per = run(np.array([1.0,a]), cols)
        print(f, a, round(pooled(per),4), " ".join(f"{k[0]}:{per[k]:.3f}" for k in per if k[1]=="topic"), "none:", round(pooled(per,("none",)),3), "fd:", round(pooled(per,("factoid","dept")),4))
