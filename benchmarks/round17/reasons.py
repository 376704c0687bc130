"""Round 17: the reasons `related` shows on the top 5 of every related dev row (each report indexed
alone by ``variants.py`` in /tmp/ret17/idx; the validation sets related_blind18/19 never run), with
related hit@5 per set; one JSON line per hit (set, item, hit, rank, grade, shown words).

usage: PYTHONPATH=src python benchmarks/round17/reasons.py OUT.jsonl [RULES]
RULES: comma-separated ``relations.REASON_RULES`` to use (default: those in use). With
VALIDATION=1 in the environment, the validation sets only (for the one measurement at the end)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from variants import ROOT, VALIDATION, index_for  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    import test_quality
    from wrsearch.engine import Engine
    from wrsearch.evaluate import evaluate, load_qrels
    from wrsearch.index.jieba_cache import use_cached_dictionary
    from wrsearch.search import relations

    use_cached_dictionary()
    if len(sys.argv) > 2:
        relations.REASON_RULES = frozenset(r for r in sys.argv[2].split(",") if r)
    validation = os.environ.get("VALIDATION") == "1"
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        for sets in test_quality.SETS[::-1]:
            if (sets.name in VALIDATION) != validation or not sets.related:
                continue
            engine = Engine(index_for(sets))
            rows = [r for r in load_qrels(sets.related, "dev") if r.type == "related"]
            hit5 = evaluate(engine, rows)["by_type"]["related"]["hit@5"]
            reports = {r["id"] for r in engine.index.reports}
            for row in rows:
                report = row.report or (next(iter(reports)) if len(reports) == 1 else None)
                grades = {int(k): g for k, g in row.relevant.items()}
                for rank, hit in enumerate(engine.related(f"{report}#{int(row.query)}", k=5).hits, 1):
                    line = {"set": sets.name, "item": int(row.query), "hit": hit.no, "rank": rank,
                            "grade": grades.get(hit.no, 0), "shown": hit.shared_terms or []}
                    out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.write(json.dumps({"set": sets.name, "hit@5": hit5}) + "\n")
            print(sets.name, hit5, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
