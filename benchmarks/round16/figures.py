"""Round 16t: every search dev set × type, hybrid / bm25 / dense, with the values in use before
the round and with ``TYPICAL_QUERY_WEIGHT`` as shipped (1.0, hybrid only), by the replay
(checked equal to the real search on every row of 花溪区, 玉泉区 and v2).

    ROUND16_WORK=/tmp/r16t python benchmarks/round16/figures.py

Output: ``benchmarks/results/round16-search-figures.json`` and a table on stdout.
"""

from __future__ import annotations

import json
import os
import pickle
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from replay import IN_USE, Index, attach_background, replay, score  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("ROUND16_WORK", "/tmp/r16t"))
OUT = ROOT / "benchmarks" / "results" / "round16-search-figures.json"
SHIPPED = {**IN_USE, "csls": (1, 1.0), "bg": "synonyms-mean", "flag": "in use", "scope": "hybrid"}
TYPES = ("topic", "factoid", "dept", "none")


def main() -> None:
    data = pickle.loads((WORK / "capture.pkl").read_bytes())
    rows, indexes = data["rows"], {k: Index(v) for k, v in data["indexes"].items()}
    attach_background(indexes, rows)
    out: dict[str, dict] = {}
    moved = []
    for row in rows:
        if row["captured"] is None:
            before = after = score(row, row["hybrid"], row["hybrid_confident"])
        else:
            b = replay(row, indexes[row["index"]], IN_USE)
            a = replay(row, indexes[row["index"]], SHIPPED)
            before = score(row, b["hybrid"], b["hybrid_confident"])
            after = score(row, a["hybrid"], a["hybrid_confident"])
            if abs(after - before) > 1e-9:
                moved.append({"set": row["set"], "id": row["id"], "type": row["type"], "query": row["query"],
                              "before": round(before, 3), "after": round(after, 3)})
        row["_before"], row["_after"] = before, after
        row["_bm25"] = score(row, row["bm25"], row["bm25_confident"])
        row["_dense"] = score(row, row["dense"], row["dense_confident"])
    sets = list(dict.fromkeys(r["set"] for r in rows))
    for name in sets:
        for t in TYPES:
            sel = [r for r in rows if r["set"] == name and r["type"] == t]
            if not sel:
                continue
            f = {k: round(statistics.fmean(r[k] for r in sel), 4) for k in ("_before", "_after", "_bm25", "_dense")}
            out[f"{name}/{t}"] = {"before": f["_before"], "after": f["_after"], "bm25": f["_bm25"], "dense": f["_dense"], "n": len(sel)}
            print(f"{name:10s} {t:8s} hybrid {f['_before']:.3f} -> {f['_after']:.3f}  bm25 {f['_bm25']:.3f}  dense {f['_dense']:.3f}"
                  + ("  BELOW" if f["_after"] < max(f["_bm25"], f["_dense"]) - 1e-9 else ""))
    topic_before = statistics.fmean(out[f"{s}/topic"]["before"] for s in sets)
    topic_after = statistics.fmean(out[f"{s}/topic"]["after"] for s in sets)
    pooled = [r for r in rows if r["type"] == "topic"]
    print(f"topic mean of sets {topic_before:.4f} -> {topic_after:.4f}; pooled {statistics.fmean(r['_before'] for r in pooled):.4f} -> {statistics.fmean(r['_after'] for r in pooled):.4f}")
    up = sum(m["after"] > m["before"] for m in moved)
    print(f"rows moved {len(moved)}: {up} up, {len(moved) - up} down; by type", {t: sum(m['type'] == t for m in moved) for t in TYPES})
    OUT.write_text(json.dumps({"sets": out, "moved": moved, "topic_mean": [round(topic_before, 4), round(topic_after, 4)]}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
