"""Round 16t: what the topic misses of the weakest dev reports have in common.

For every topic row of the named sets whose hybrid nDCG@10 is below 1: the graded items with
their ranks in hybrid / dense / bm25, and every *intruder* — a non-relevant item the hybrid
ranks above a relevant one — with what put it there:
- ``word``: it holds a specific query word (weight above boiler-plate) and the hybrid ranks it
  higher than dense does (the lexical side lifted it); where the word is (task, progress only,
  a department name) and how common it is in the report;
- ``meaning``: dense ranks it above the relevant item too; whether its best chunk is its task
  or a progress chunk, and whether its heading is closer to the query than the relevant item's;
- ``fusion``: neither (it holds no specific word and dense ranks it below, yet the fused order
  puts it above: the relevant item's own lexical part is missing).
Each row's loss (1 − nDCG@10) is charged to the families of its intruders.

    ROUND16_WORK=/tmp/r16t python benchmarks/round16/misses.py [SET…]

Output: ``benchmarks/results/round16-misses.json`` and a table on stdout.
"""

from __future__ import annotations

import collections
import json
import os
import pickle
import sys
from pathlib import Path

import numpy as np

from wrsearch.engine import Engine
from wrsearch.evaluate import ndcg
from wrsearch.search import searcher as searcher_module
from wrsearch.text import fold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from replay import Index  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("ROUND16_WORK", "/tmp/r16t"))
OUT = ROOT / "benchmarks" / "results" / "round16-misses.json"
WEAK = ("lishan", "huaxi", "anlan", "yintan", "guihu", "yuquan", "yanhu")


def rank_of(order: list[int], no: int) -> int | None:
    return order.index(no) + 1 if no in order else None


def main() -> None:
    names = sys.argv[1:] or list(WEAK)
    data = pickle.loads((WORK / "capture.pkl").read_bytes())
    rows, indexes = data["rows"], data["indexes"]
    engines: dict[str, Engine] = {}
    report = []
    family_loss: dict[str, float] = collections.Counter()
    family_rows: dict[str, int] = collections.Counter()
    for row in rows:
        if row["set"] not in names or row["type"] != "topic" or row["captured"] is None:
            continue
        h = ndcg(row["hybrid"], row["relevant"])
        if h >= 0.999:
            continue
        which = row["index"]
        engine = engines.setdefault(which, Engine(WORK / "idx" / which))
        s = engine.searcher
        idx = Index(indexes[which])
        cap = row["captured"]
        nos = list(idx.nos)
        mask = cap["mask"]
        # full orders: dense by the in-use blend, bm25 by score, hybrid as captured top 10
        dense_full = [nos[i] for i in np.argsort(-np.where(mask, cap["ranking"], -9), kind="stable")]
        bm25_full = [nos[i] for i in np.argsort(-np.where(mask, cap["scores"], -1), kind="stable") if cap["scores"][i] > 0]
        pieces = idx.pieces(row["qvec"])
        weights = row["weights_terms"]
        specific = [t for t, w in weights.items() if w > searcher_module.BOILERPLATE_WEIGHT + 1e-9]
        n = len(nos)
        graded = {no: g for no, g in sorted(row["relevant"].items(), key=lambda kv: -kv[1])}
        relevant_ranks = {no: (rank_of(row["hybrid"], no), rank_of(dense_full, no), rank_of(bm25_full, no)) for no in graded}
        worst_relevant = max((r[0] or 11) for r in relevant_ranks.values())
        intruders = []
        for pos, no in enumerate(row["hybrid"], 1):
            if no in graded or pos > worst_relevant:
                continue
            i = nos.index(no)
            held = []
            for t in specific:
                at = set(int(x) for x in s.retriever.items_with(t))
                if i in at:
                    item = s.items[i]
                    where = "task" if t in fold(item.task).lower() else (
                        "progress" if t in fold(item.progress).lower() else "dept/other")
                    held.append({"word": t, "where": where, "df": len(at), "share": round(len(at) / n, 3)})
            d_rank = rank_of(dense_full, no)
            # the relevant item the intruder stands above, the best graded one
            target = next((r for r in graded if (relevant_ranks[r][0] or 11) > pos), None)
            t_dense = relevant_ranks[target][1] if target else None
            ti = nos.index(target) if target else None
            if held and (d_rank or 99) > pos:
                family = "word"
                held_top = held[0]
                sub = f"word:{held_top['where']}" + (":common" if held_top["share"] > 0.1 else "")
                if cap["literal"][i] <= 0 and cap["cover"][i] > 0:
                    sub = "word:synonym-list"
            elif (d_rank or 99) < (t_dense or 99):
                family = "meaning"
                kind = "task" if pieces["task"][i] >= pieces["best"][i] - 1e-6 else "progress"
                head_closer = ti is not None and pieces["head"][i] > pieces["head"][ti] + 1e-6 and idx.r["sections"][i] != idx.r["sections"][ti]
                sub = f"meaning:best-{kind}" + (":heading-closer" if head_closer else "")
                if held:
                    sub += ":word-too"
            else:
                family = "fusion"
                sub = "fusion:relevant-lacks-words" if ti is not None and cap["cover"][ti] == 0 else "fusion:other"
            intruders.append({
                "no": no, "rank": pos, "dense_rank": d_rank, "family": family, "sub": sub, "held": held,
                "cover": round(float(cap["cover"][i]), 3), "task": idx.r["tasks"][i][:40],
                "section": idx.r["sections"][i][:20], "above": target,
            })
        loss = 1 - h
        subs = collections.Counter(x["sub"] for x in intruders) or collections.Counter({"order-only": 1})
        total = sum(subs.values())
        for sub, c in subs.items():
            family_loss[sub] += loss * c / total
            family_rows[sub] += 1
        report.append({
            "set": row["set"], "id": row["id"], "query": row["query"], "hybrid": round(h, 3),
            "dense": round(ndcg(row["dense"], row["relevant"]), 3), "bm25": round(ndcg(row["bm25"], row["relevant"]), 3),
            "specific_words": specific, "graded": {str(k): v for k, v in graded.items()},
            "ranks_hybrid_dense_bm25": {str(k): v for k, v in relevant_ranks.items()},
            "relevant_tasks": {str(k): idx.r["tasks"][nos.index(k)][:40] for k in graded if k in nos},
            "intruders": intruders,
        })
    for r in report:
        print(f"{r['set']} {r['id']} {r['query']}  h/d/b {r['hybrid']}/{r['dense']}/{r['bm25']}  words {r['specific_words']}")
        print("   graded:", {k: (v, r["ranks_hybrid_dense_bm25"][k]) for k, v in r["graded"].items()})
        for x in r["intruders"]:
            print(f"   #{x['no']} h{x['rank']} d{x['dense_rank']} {x['sub']} held={[(w['word'], w['where'], w['df']) for w in x['held']]} | {x['task']} [{x['section']}]")
    print("\nfamily: rows, loss (sum of 1 − nDCG@10 shared among a row's intruders)")
    for sub, loss in sorted(family_loss.items(), key=lambda kv: -kv[1]):
        print(f"  {sub:45s} {family_rows[sub]:3d} {loss:.3f}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"sets": names, "rows": report, "families": {k: {"rows": family_rows[k], "loss": round(v, 4)} for k, v in family_loss.items()}}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
