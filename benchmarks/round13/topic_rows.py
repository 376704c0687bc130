"""Round 13: the topic rows of one dev set where the hybrid ranks below dense alone, with what each side held.

For every topic row: nDCG@10 of hybrid, dense and BM25, the hybrid's and dense's top 3, and, for the
hybrid's first item when it differs from dense's, the query words the lexical side found there (the
search's highlights). Used on 花溪区 (retrieval_blind15, dev since main 96f97e1).

    python benchmarks/round13/topic_rows.py INDEX QRELS   # e.g. /tmp/r13/idx/huaxi tests/data/retrieval_blind15.jsonl

Prints one block per row where hybrid < dense (default: all topic rows, ``--below`` only those).
"""

from __future__ import annotations

import argparse

from wrsearch.engine import Engine
from wrsearch.evaluate import CUTOFF, load_qrels, ndcg
from wrsearch.search.fusion import Mode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("qrels")
    parser.add_argument("--below", action="store_true", help="only rows where hybrid < dense (default: all)")
    args = parser.parse_args()
    engine = Engine(args.index)
    totals = {mode: 0.0 for mode in Mode}
    rows = [row for row in load_qrels(args.qrels, "dev") if row.type == "topic"]
    for row in rows:
        relevant = {int(no): grade for no, grade in row.relevant.items()}
        results = {mode: engine.search(str(row.query), k=CUTOFF, mode=mode).hits for mode in Mode}
        figures = {mode: ndcg([h.no for h in hits], relevant) for mode, hits in results.items()}
        for mode in Mode:
            totals[mode] += figures[mode]
        if args.below and figures[Mode.HYBRID] >= figures[Mode.DENSE] - 1e-9:
            continue
        print(row.id, row.query, {m.value: round(v, 3) for m, v in figures.items()}, "relevant", relevant)
        for mode in (Mode.HYBRID, Mode.DENSE):
            print(" ", mode.value, [h.no for h in results[mode]])
        top = results[Mode.HYBRID][0]
        if top.no != results[Mode.DENSE][0].no:
            print("  hybrid first", top.no, top.task[:50], "| held:", top.highlights)
    print({m.value: round(v / len(rows), 4) for m, v in totals.items()}, "topic rows", len(rows))


if __name__ == "__main__":
    main()
