"""Evaluate retrieval/related sets over their report alone. usage:
PYTHONPATH=$CODE/src python retrun.py OUT SPLIT NAME=fixture/rel.txt:retrieval.jsonl,related.jsonl ...
Part of benchmarks/measure (docs/blind-sets-howto.md)."""

import json
import os
import shutil
import sys
from pathlib import Path

out, split, specs = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
code = Path(os.environ["PYTHONPATH"].split(":")[0]).parent
out.mkdir(parents=True, exist_ok=True)
import alone  # noqa: E402  (this folder, on sys.path when run as a script)

from wrsearch.evaluate import evaluate, load_qrels  # noqa: E402
from wrsearch.index.jieba_cache import use_cached_dictionary  # noqa: E402

use_cached_dictionary()
summ = open(out / "summary.txt", "a")
if specs == ["ALL"]:  # every fixture-backed set of tests/test_quality.SETS
    sys.path.insert(0, str(code / "tests"))
    import test_quality  # noqa: E402

    specs = [
        f"{s.name}={s.report}:" + ",".join(p.name for p in (s.search, s.related) if p)
        for s in test_quality.SETS
        if s.report
    ]
for spec in specs:
    name, _, rest = spec.partition("=")
    fx, _, files = rest.partition(":")
    report = code / "tests" / "fixtures" / fx
    engine, tmp = alone.engine_on_report_alone(report, f"retrun-{name}-")
    for f in files.split(","):
        qrels = load_qrels(code / "tests" / "data" / f, None if split == "any" else split)
        modes = ["hybrid"] if all(q.type == "related" for q in qrels) else ["hybrid", "bm25", "dense"]
        for mode in modes:
            res = evaluate(engine, qrels, mode)
            line = f"{name}\t{f}\t{mode}\t" + json.dumps(res["by_type"], ensure_ascii=False)
            print(line, flush=True)
            summ.write(line + "\n")
            summ.flush()
    shutil.rmtree(tmp, ignore_errors=True)
