"""Set split dev and add a moved field on every row of the given JSONL files.
Part of benchmarks/measure (docs/blind-sets-howto.md)."""

import json
import sys

commit = sys.argv[1]
for f in sys.argv[2:]:
    rows = [json.loads(line) for line in open(f, encoding="utf-8") if line.strip()]
    for d in rows:
        d["split"] = "dev"
        d["moved"] = f"heldout→dev 2026-11-29 after its one measurement (main {commit})"
    open(f, "w", encoding="utf-8").write("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in rows))
