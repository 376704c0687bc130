"""Round 16r: how much the items that hold a word are about one thing, per progress report.

For every word of two or more characters (no digits) that two or more numbered items of a report
hold, every pair of those items' task similarity (task vector · task vector), as standard
deviations above the mean over all pairs of the report's items. A topic word's items are about one
thing (充电: the charging-pile items); a scheduling, counting or status word's items are about
anything (在建, 滞后, 月底: a school, a road, a hospital). Output per report:
{word: [sum of z, pairs, items]}.

    python benchmarks/round16/word_coherence.py IDX_DIR... -o benchmarks/round16/coherence-by-report.json

Each IDX_DIR: one report indexed alone.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from wrsearch.engine import Engine


def report_coherence(engine: Engine) -> dict[str, list[float]]:
    searcher = engine.searcher
    c = searcher.columns
    positions = [i for i in range(len(searcher.items)) if c.numbered[i]]
    tasks = np.asarray(searcher.retriever.task_vectors(), dtype=np.float32)[positions]
    sim = tasks @ tasks.T
    upper = sim[np.triu_indices(len(positions), 1)]
    z = (sim - upper.mean()) / upper.std()
    holders: dict[str, list[int]] = defaultdict(list)
    for n, item in enumerate(searcher.items_at(np.array(positions))):
        words = set(searcher.tokenizer.words(f"{item.task} {item.progress}"))
        for w in words:
            if len(w) >= 2 and not any(ch.isdigit() for ch in w):
                holders[w].append(n)
    out = {}
    for w, ns in holders.items():
        if len(ns) >= 2:
            pairs = list(itertools.combinations(ns, 2))
            out[w] = [round(float(sum(z[a, b] for a, b in pairs)), 3), len(pairs), len(ns)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("indexes", nargs="+")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    result = {Path(d).name: report_coherence(Engine(d)) for d in args.indexes}
    Path(args.output).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
