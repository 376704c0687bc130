"""Round 16r: the related dev rows whose top-grade partner is not in the first five, with what the
item and the partner are and where the partner ranks (and what stands above it).

    python benchmarks/round16/related_misses.py --idx-root /tmp/ret16r/idx [--sets mingquan huaxi …]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from reasons_dump import SETS  # noqa: E402

from wrsearch.engine import Engine  # noqa: E402
from wrsearch.evaluate import load_qrels  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idx-root", required=True)
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    args = parser.parse_args()
    for name in args.sets:
        which, path, split = SETS[name]
        engine = Engine(str(Path(args.idx_root) / which))
        report = engine.index.reports[0]["id"]
        items = {it.no: it for it in engine.searcher.items if it.report == report}
        rows = [r for r in load_qrels(path, split) if r.type == "related"]
        hits = 0
        for row in rows:
            grades = {int(k): g for k, g in row.relevant.items()}
            top = max(grades.values())
            ranked = [h.no for h in engine.related(f"{report}#{int(row.query)}", k=80).hits]
            best = [no for no, g in grades.items() if g == top]
            rank = min((ranked.index(no) + 1 for no in best if no in ranked), default=None)
            if rank is not None and rank <= 5:
                hits += 1
                continue
            it = items[int(row.query)]
            print(f"[{name}] {row.query} {it.departments} {it.section or ''} | {it.task[:60]}")
            for no in best:
                p = items[no]
                r = ranked.index(no) + 1 if no in ranked else None
                print(f"    partner {no} rank {r} {p.departments} {p.section or ''} | {p.task[:60]}")
            for no in ranked[:5]:
                print(f"    top {no} g{grades.get(no, 0)} {items[no].departments} | {items[no].task[:50]}")
        print(f"[{name}] hit@5 {hits}/{len(rows)} = {hits / len(rows):.3f}")


if __name__ == "__main__":
    main()
