"""Shown reasons on the related top 5 of held-out related sets. usage:
PYTHONPATH=$CODE/src python reasons_held.py OUT.jsonl fixture:related.jsonl ...
Part of benchmarks/measure (docs/blind-sets-howto.md)."""

import json
import os
import sys
from pathlib import Path

code = Path(os.environ["PYTHONPATH"].split(":")[0]).parent
import alone  # noqa: E402  (this folder, on sys.path when run as a script)

from wrsearch.evaluate import load_qrels  # noqa: E402
from wrsearch.index.jieba_cache import use_cached_dictionary  # noqa: E402

use_cached_dictionary()
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for spec in sys.argv[2:]:
        fx, rel = spec.split(":")
        report = code / "tests" / "fixtures" / fx
        engine, tmp = alone.engine_on_report_alone(report, "reasons-")
        rid = engine.index.reports[0]["id"]
        for row in load_qrels(code / "tests" / "data" / rel):
            grades = {int(k): g for k, g in row.relevant.items()}
            for rank, hit in enumerate(engine.related(f"{rid}#{int(row.query)}", k=5).hits, 1):
                out.write(
                    json.dumps(
                        {
                            "set": rel,
                            "item": int(row.query),
                            "hit": hit.no,
                            "rank": rank,
                            "grade": grades.get(hit.no, 0),
                            "shown": hit.shared_terms or [],
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
