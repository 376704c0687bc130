"""Round 10: the reason words `related` shows in the first five of every related dev row, per set,
with hit@5 (the reasons study of docs/retrieval-round10.md).

    python benchmarks/round10/reasons.py INDEX_ROOT OUT.json

``INDEX_ROOT`` holds one index per report, each indexed alone, named as the ``which`` of
``benchmarks/tune_retrieval.py``'s ``RELATED_SETS`` (seed, donggang, …, yintan, yuehu). Each
word is kept with the row's item, the hit shown and the hit's grade (0: not labelled related).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/, for tune_retrieval
from tune_retrieval import RELATED_SETS  # noqa: E402

from wrsearch.engine import Engine  # noqa: E402
from wrsearch.evaluate import load_qrels  # noqa: E402


def main() -> None:
    root, output = Path(sys.argv[1]), Path(sys.argv[2])
    out = {}
    for name, (which, path, split) in RELATED_SETS.items():
        engine = Engine(root / which)
        report = engine.index.reports[0]["id"]
        rows = [r for r in load_qrels(path) if r.type == "related" and (split is None or r.split == split)]
        words, hits = [], []
        for row in rows:
            relevant = {int(k): v for k, v in row.relevant.items()}
            top = max(relevant.values())
            shown = engine.related(f"{report}#{int(row.query)}", k=10).hits[:5]
            hits.append(any(relevant.get(h.no, 0) == top for h in shown))
            words += [(w, int(row.query), h.no, relevant.get(h.no, 0)) for h in shown for w in h.shared_terms]
        out[name] = {"hit@5": sum(hits) / len(hits), "n": len(rows), "words": words}
        print(name, len(rows), round(out[name]["hit@5"], 3), len(words), flush=True)
    output.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
