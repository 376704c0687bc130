"""Round 14: round 12's logistic (``tune_related.logistic``: lbfgs, balanced classes, C not nested)
rerun on the captured features, over round 12's fifteen related sets and over all seventeen.

Reads ``$ROUND14_WORK/related-features.pkl`` (``related_features.py``); writes
``benchmarks/results/round14-related-r12repro.json``.

    ROUND14_WORK=/tmp/r14r python benchmarks/round14/related_r12repro.py
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/
from related_features import WORK  # noqa: E402  (this folder)
from tune_related import logistic  # noqa: E402

OUTPUT = Path(__file__).resolve().parents[1] / "results" / "round14-related-r12repro.json"


def main() -> None:
    rows = pickle.loads((WORK / "related-features.pkl").read_bytes())
    out = {}
    for label, dropped in (("15 sets (round 12's)", {"yunlong", "huaxi"}), ("17 sets", set())):
        kept = [r for r in rows if r["set"] not in dropped]
        sets = np.array([r["set"] for r in kept])
        found = logistic(kept, sets, list(dict.fromkeys(sets.tolist())))
        out[label] = {"rows": len(kept), **{k: v["pooled_left_out_hit@5"] for k, v in found.items()}}
        print(label, out[label], file=sys.stderr)
    OUTPUT.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
