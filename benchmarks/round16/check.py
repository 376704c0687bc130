"""Round 16t: the captured real figures per set × type × mode, and a check that the replay
with the values in use reproduces every fused row's hybrid and dense top 10 and flags."""

from __future__ import annotations

import os
import pickle
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from replay import IN_USE, Index, replay, score  # noqa: E402

WORK = Path(os.environ.get("ROUND16_WORK", "/tmp/r16t"))


def main() -> None:
    data = pickle.loads((WORK / "capture.pkl").read_bytes())
    rows, indexes = data["rows"], {k: Index(v) for k, v in data["indexes"].items()}
    bad = 0
    fused = 0
    for row in rows:
        if row["captured"] is None:
            continue
        fused += 1
        out = replay(row, indexes[row["index"]], IN_USE)
        if out["hybrid"] != row["hybrid"] or out["dense"] != row["dense"] or out["hybrid_confident"] != row["hybrid_confident"]:
            bad += 1
            if bad < 5:
                print("MISMATCH", row["set"], row["id"], row["query"], out["hybrid"], row["hybrid"], out["dense"], row["dense"])
    print(f"replay check: {fused - bad}/{fused} fused rows reproduced")
    sets = dict.fromkeys(r["set"] for r in rows)
    for name in sets:
        parts = []
        for t in ("topic", "factoid", "dept", "none"):
            sel = [r for r in rows if r["set"] == name and r["type"] == t]
            if not sel:
                continue
            figs = [statistics.fmean(score(r, r[m], r[m + "_confident"]) for r in sel) for m in ("hybrid", "bm25", "dense")]
            parts.append(f"{t} " + "/".join(f"{f:.3f}" for f in figs))
        print(name, " | ".join(parts))


if __name__ == "__main__":
    main()
