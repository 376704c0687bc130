"""Round 8: rows whose hybrid or bm25 top 10 changed against the captured (before) rankings."""
from captured import captured_rows, engine_for

from wrsearch.evaluate import ndcg

for r in captured_rows():
    if r["type"] not in ("topic", "factoid", "dept", "none"):
        continue
    e = engine_for(r["set"])
    for mode in ("hybrid","bm25"):
        hits = e.search(r["query"], k=10, mode=mode).hits
        new = [h.no for h in hits]
        old = r[mode]
        if new != old:
            if r["type"]=="none":
                print(r["set"], mode, r["query"], "none conf", any(h.confident for h in hits))
            else:
                print(f"{r['set']:9} {mode:6} {r['query']:10} {ndcg(old, r['relevant']):.3f} -> {ndcg(new, r['relevant']):.3f}")
