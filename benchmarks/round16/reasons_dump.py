"""Round 16r: every reason word `related` shows on the top 5 of every related dev row, with the
words it could have shown (the row's shared salient words past the current filters, uncapped)
and the candidate's grade. Output: one JSON line per hit, for labelling and for scoring a rule.

    python benchmarks/round16/reasons_dump.py --idx-root /tmp/ret16r/idx -o benchmarks/round16/reasons-before.jsonl

Each index: its report indexed alone, in IDX_ROOT/<name> (names of tune_retrieval.RELATED_SETS'
first field, plus lishan and mingquan). Only dev rows are read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tune_retrieval import RELATED_SETS  # noqa: E402

from wrsearch.engine import Engine  # noqa: E402
from wrsearch.evaluate import load_qrels  # noqa: E402
from wrsearch.text import fold  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
SETS = {
    **RELATED_SETS,
    "lishan": ("lishan", DATA / "related_blind16.jsonl", "dev"),
    "mingquan": ("mingquan", DATA / "related_blind17.jsonl", "dev"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idx-root", required=True)
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    engines: dict[str, Engine] = {}
    with open(args.output, "w", encoding="utf-8") as out:
        for name in args.sets:
            which, path, split = SETS[name]
            engine = engines.setdefault(which, Engine(str(Path(args.idx_root) / which)))
            rel = engine.relations
            report = engine.index.reports[0]["id"]
            for row in load_qrels(path, split):
                if row.type != "related":
                    continue
                grades = {int(k): g for k, g in row.relevant.items()}
                item_id = f"{report}#{int(row.query)}"
                position = rel.position(item_id)
                positions = rel.report_positions(position)
                terms = rel.salient_terms(position)
                for rank, hit in enumerate(engine.related(item_id, k=5).hits, 1):
                    i = rel.searcher.position_of(hit.id)
                    text = rel.searcher.folded_text(i)
                    out.write(
                        json.dumps(
                            {
                                "set": name,
                                "item": int(row.query),
                                "hit": hit.no,
                                "rank": rank,
                                "grade": grades.get(hit.no, 0),
                                "top": max(grades.values()),
                                "shown": hit.shared_terms or [],
                                "could": rel.shared_terms(terms, i, positions, limit=100),
                                "raw": [t for t in terms if fold(t).lower() in text],
                                "heading": "同属" in (hit.reason or ""),
                            },
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
            print(name, file=sys.stderr)


if __name__ == "__main__":
    main()
