"""Round 14: two of the new features as added terms of the hand weights, chosen nested.

The logistic study (``related_study.py``) gave the item's salient words held (``shared``) and the
headings' bigram overlap (``hsim``) clear weight. Here they are added to ``Relations.related``'s hand
ranking with every other weight as in use: ``+ ws × spread × log(1 + shared)`` and
``+ wh × spread × hsim`` for a candidate under another heading (the same heading already gains
``SECTION_WEIGHT``), ``spread`` the candidates' deviation as for the heading. Chosen by
``tune_related.py``'s floor-kept rule (no training set loses hits against the weights in use; ties:
the fewest terms added, then the smaller weights), nested by leave-one-set-out over the seventeen
related dev sets of ``$ROUND14_WORK/related-features.pkl``.

    ROUND14_WORK=/tmp/r14r python benchmarks/round14/related_hand_extra.py
    # → benchmarks/results/round14-related-hand-extra.json
"""

from __future__ import annotations

import itertools
import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/
from related_features import WORK  # noqa: E402  (this folder)
from related_study import ndcg5  # noqa: E402
from tune_related import hit, ranking, weights_in_use  # noqa: E402

OUTPUT = Path(__file__).resolve().parents[1] / "results" / "round14-related-hand-extra.json"
SHARED_WEIGHTS = (0.0, 0.25, 0.5, 1.0)
HEADING_OVERLAP_WEIGHTS = (0.0, 0.5, 1.0, 1.5)


def extended(r: dict, in_use: dict, ws: float, wh: float) -> np.ndarray:
    """The hand ranking in use plus the two terms."""
    rank = ranking(r, **in_use)
    keep = r["keep"]
    local = in_use["ts"] * r["tt"] + (1 - in_use["ts"]) * r["ww"] + in_use["tw"] * r["lex"]
    spread = np.std((local - in_use["rw"] * np.std(local[keep]) * np.log1p(r["nearer"]))[keep])
    return rank + ws * spread * np.log1p(r["shared"]) + wh * spread * r["hsim"] * (1 - r["sec"])


def main() -> None:
    rows = pickle.loads((WORK / "related-features.pkl").read_bytes())
    sets = np.array([r["set"] for r in rows])
    names = list(dict.fromkeys(sets.tolist()))
    in_use = weights_in_use()
    configs = list(itertools.product(SHARED_WEIGHTS, HEADING_OVERLAP_WEIGHTS))
    scores = [[extended(r, in_use, ws, wh) for r in rows] for ws, wh in configs]
    table = np.array([[hit(r, s) for r, s in zip(rows, row)] for row in scores])
    gains = np.array([[ndcg5(r, s) for r, s in zip(rows, row)] for row in scores])
    assert table[0].tolist() == [r["real_hit"] for r in rows]  # (0, 0) is the ranking in use
    cost = np.array([(ws > 0) + (wh > 0) + (ws + wh) / 10 for ws, wh in configs])

    def pick(train: list[str]) -> int:
        keeps = np.all([table[:, sets == n].sum(1) >= table[0, sets == n].sum() for n in train], axis=0)
        return int(np.argmax(np.where(keeps, table[:, np.isin(sets, train)].sum(1) * 1000 - cost, -1e18)))

    folds, hits, ndcg_total = {}, 0, 0.0
    for name in names:
        best = pick([n for n in names if n != name])
        left = sets == name
        folds[name] = {
            "chosen": dict(zip(("shared", "heading overlap"), configs[best])),
            "hits": int(table[best, left].sum()),
            "in use hits": int(table[0, left].sum()),
            "ndcg@5": round(float(gains[best, left].mean()), 4),
        }
        hits += table[best, left].sum()
        ndcg_total += gains[best, left].sum()
    chosen = pick(names)
    out = {
        "nested floor-kept": {
            "pooled_hit@5": round(hits / len(rows), 4),
            "pooled_ndcg@5": round(ndcg_total / len(rows), 4),
            "folds": folds,
        },
        "in use": {"pooled_hit@5": round(float(table[0].mean()), 4), "pooled_ndcg@5": round(float(gains[0].mean()), 4)},
        "chosen_on_all": dict(zip(("shared", "heading overlap"), configs[chosen])),
        "fitted, every config": {
            f"shared {ws}, heading overlap {wh}": {
                "hit@5": round(float(table[c].mean()), 4),
                "ndcg@5": round(float(gains[c].mean()), 4),
                "sets losing hits": [n for n in names if table[c, sets == n].sum() < table[0, sets == n].sum()],
            }
            for c, (ws, wh) in enumerate(configs)
        },
    }
    OUTPUT.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
