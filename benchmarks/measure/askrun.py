"""Answer ask sets, each over its report indexed alone, with the code on PYTHONPATH.
usage: PYTHONPATH=$CODE/src:$CODE/tests python askrun.py OUT SPLIT SET[=fixture/rel/path.txt] ...
  SET alone: its fixture is taken from tests/test_ask_floors.SETS; 'ALL' = every floors set.
Writes OUT/summary.txt (per kind right/n, calibration) and OUT/misses.txt.
Part of benchmarks/measure (docs/blind-sets-howto.md)."""

import os
import shutil
import sys
from collections import defaultdict
from pathlib import Path

out, split, names = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
code = Path(os.environ["PYTHONPATH"].split(":")[0]).parent
out.mkdir(parents=True, exist_ok=True)
sys.path.insert(0, str(code / "tests"))
import alone  # noqa: E402  (this folder, on sys.path when run as a script)

from wrsearch.evaluate import answer_correct, load_ask_rows  # noqa: E402
from wrsearch.index.jieba_cache import use_cached_dictionary  # noqa: E402

use_cached_dictionary()
fixtures = {}
try:
    import test_ask_floors  # noqa: E402

    fixtures = {s.name: s.report for s in test_ask_floors.SETS}
except Exception as e:
    print("no floors module:", e)
if "ALL" in names:
    names = [n for n in names if n != "ALL"] + list(fixtures)
KINDS = ("who", "target", "done", "progress", "dept", "list", "comparison", "unanswerable")
summ = open(out / "summary.txt", "a")
miss = open(out / "misses.txt", "a")
for spec in names:
    name, _, fx = spec.partition("=")
    fx = fx or fixtures[name]
    report = code / "tests" / "fixtures" / fx
    engine, tmp = alone.engine_on_report_alone(report, f"askrun-{name}-")
    rows = load_ask_rows(code / "tests" / "data" / f"{name}.jsonl", None if split == "any" else split)
    right, n = defaultdict(int), defaultdict(int)
    answered = ok_answered = 0
    for row in rows:
        ok, answer = answer_correct(engine, row)
        n[row.kind] += 1
        right[row.kind] += ok
        if answer is not None:
            answered += 1
            ok_answered += ok
        if not ok:
            src = engine.ask(row.query).source if answer is not None else None
            miss.write(
                f"{name}\t{row.id}\t{row.kind}\t{row.query}\twant={row.answer} item={row.item} items={row.items}\tsrc={src}\tgot={(answer or '')[:300]!r}\n"
            )
    cells = " ".join(f"{k}={right[k]}/{n[k]}" for k in KINDS if n[k])
    line = f"{name}\t{cells}\tcalib={ok_answered}/{answered}={ok_answered / max(answered, 1):.3f}"
    print(line, flush=True)
    summ.write(line + "\n")
    summ.flush()
    miss.flush()
    shutil.rmtree(tmp, ignore_errors=True)
