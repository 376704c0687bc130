"""Round 8: topic rows with hybrid nDCG@10 below 0.85 on every dev set, with the dense half."""
from captured import captured_rows, engine_for

from wrsearch.evaluate import ndcg

for r in captured_rows():
    if r["type"] != "topic":
        continue
    v = ndcg(r["hybrid"], r["relevant"])
    if v < 0.85:
        e = engine_for(r["set"])
        items = {it.no: it for it in e.index.items}
        rel = max(r["relevant"], key=r["relevant"].get)
        print(f"{r['set']:9} {r['query']:12} h={v:.2f} d={ndcg(r['dense'], r['relevant']):.2f} top={r['hybrid'][:3]} rel={r['relevant']} | {items[rel].task[:40]}")
