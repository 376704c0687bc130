"""Round 14 (issue 14): capture, per related dev row and candidate, every feature a related ranker
could read, over the seventeen related dev sets (round 12's fifteen, 云龙区 and 花溪区).

The features are ``benchmarks/tune_related.py``'s (task meaning, whole-item meaning,
task-to-other-item cross meaning, the rare words' BM25, same heading, heading opener, shared
department, items nearer) plus four cheap new ones:

- ``shared``: how many of the item's salient words (``Relations.salient_terms``, the first
  ``TOPIC_TERMS``, never boiler-plate, not :func:`~wrsearch.search.relations.not_topics`) the
  candidate holds;
- ``gap``: how far apart the two items' numbers are (a report lists a theme's tasks together);
- ``hsim``: character-bigram Jaccard of the two items' headings (1 under the same heading, 0
  where either has none): headings of one theme read alike across a city+district report;
- ``issuer``: both items are of the same issuer (区 or 市) within the report.

Each report indexed alone (``$ROUND14_WORK/idx/<index>``, default /tmp/r14r). The capture checks
that ``tune_related``'s simulation with the weights in use gives the real ``related`` hit@5 on
every row. Written to ``$ROUND14_WORK/related-features.pkl`` for ``related_study.py``.

    ROUND14_WORK=/tmp/r14r python benchmarks/round14/related_features.py
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/: tune_related, tune_retrieval
from tune_related import SETS, features, hit, ranking, weights_in_use  # noqa: E402

from wrsearch.engine import Engine  # noqa: E402
from wrsearch.search import relations  # noqa: E402
from wrsearch.search.relations import Relations, not_topics  # noqa: E402
from wrsearch.text import fold  # noqa: E402

WORK = Path(os.environ.get("ROUND14_WORK", "/tmp/r14r"))


def bigrams(text: str | None) -> set[str]:
    """Character bigrams of a heading (its numbering such as 一、 left out)."""
    text = (text or "").lstrip("一二三四五六七八九十、.（）() ")
    return {text[n : n + 2] for n in range(len(text) - 1)}


def extra(engine: Engine, row: dict) -> dict:
    """The new features of one captured row, over the same candidates (all items of the report)."""
    searcher = engine.searcher
    rel, c = Relations(searcher), searcher.columns
    report = engine.index.reports[0]["id"]
    i = rel.position(f"{report}#{row['item']}")
    positions = rel.report_positions(i)
    items = searcher.items_at(positions)
    skip = not_topics()
    terms = [fold(t).lower() for t in rel.salient_terms(i)[: relations.TOPIC_TERMS] if t not in skip]
    shared = np.array([sum(t in searcher.folded_text(int(p)) for t in terms) for p in positions.tolist()], float)
    own = bigrams(searcher.items[i].section)
    theirs = [bigrams(o.section) for o in items]
    hsim = np.array([len(own & b) / len(own | b) if own and b else 0.0 for b in theirs], float)
    return {
        "shared": shared,
        "gap": np.array([abs((o.no or 0) - row["item"]) for o in items], float),
        "hsim": hsim,
        "issuer": (c.issuer[positions] == c.issuer[i]).astype(float),
        "no": np.array([o.no or 0 for o in items]),
    }


def main() -> None:
    engines: dict[str, Engine] = {}
    rows = []
    for name, (which, path, split) in SETS.items():
        if which not in engines:
            engines[which] = Engine(str(WORK / "idx" / which))
        for row in features(engines[which], name, path, split):
            row.update(extra(engines[which], row))
            rows.append(row)
        print(name, sum(r["set"] == name for r in rows), file=sys.stderr)
    in_use = weights_in_use()
    simulated = [hit(r, ranking(r, **in_use)) for r in rows]
    assert simulated == [r["real_hit"] for r in rows], "the simulation must give the real related hit@5"
    (WORK / "related-features.pkl").write_bytes(pickle.dumps(rows))
    print(len(rows), "rows; in use hit@5", round(float(np.mean(simulated)), 3), file=sys.stderr)


if __name__ == "__main__":
    main()
