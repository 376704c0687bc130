"""Round 14: check that ``wrsearch related`` ranks as the study simulated, under both rankers.

For every row of ``$ROUND14_WORK/related-features.pkl`` (``related_features.py``), the real
``Engine.related`` top 10 under ``--ranker learned`` (the shipped ``data/related_ranker.json``) and
``--ranker hand`` is compared with the study's simulation of the same ranker over the captured
features (``related_study.columns`` with the shipped weights; ``tune_related.ranking`` with the
hand weights in use). Prints the rows that differ and each ranker's real hit@5 and nDCG@5 by set.

The learned ranker was not adopted, so it is not in ``src/``: this check runs with
``benchmarks/round14/related-learned-ranker.patch`` applied (``git apply``; it adds
``relations.RelatedRanker``, ``related --ranker learned|hand`` with ``hand`` the default, and
``data/related_ranker.json``, the weights of the form chosen on all seventeen sets).

    git apply benchmarks/round14/related-learned-ranker.patch
    ROUND14_WORK=/tmp/r14r python benchmarks/round14/related_check.py [-o FILE]
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/
sys.path.insert(0, str(Path(__file__).resolve().parent))
from related_features import WORK  # noqa: E402
from related_study import columns, ndcg5  # noqa: E402
from tune_related import SETS, hit, ranking, weights_in_use  # noqa: E402

from wrsearch.engine import Engine  # noqa: E402
from wrsearch.evaluate import ndcg  # noqa: E402
from wrsearch.search import relations  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output")
    args = parser.parse_args()
    rows = pickle.loads((WORK / "related-features.pkl").read_bytes())
    names, weights = relations.learned_ranker()
    in_use = weights_in_use()
    engines: dict[str, Engine] = {}
    results: dict = {"differ": [], "by_set": {}}
    for r in rows:
        which = SETS[r["set"]][0]
        engine = engines.setdefault(which, Engine(str(WORK / "idx" / which)))
        report = engine.index.reports[0]["id"]
        relevant = {int(r["no"][n]): int(g) for n, g in enumerate(r["grades"]) if g > 0}
        best = {no for no, g in relevant.items() if g == max(r["grades"])}
        cols = columns(r)
        simulated = {
            "learned": np.full(len(r["grades"]), -1e9),
            "hand": ranking(r, **in_use),
        }
        simulated["learned"][r["keep"]] = np.column_stack([cols[n] for n in names]) @ weights
        for ranker, scores in simulated.items():
            real = [h.no for h in engine.related(f"{report}#{r['item']}", k=10, ranker=ranker).hits]
            keep = r["keep"]
            expected = [int(r["no"][n]) for n in keep[np.argsort(-scores[keep], kind="stable")][:10]]
            if real[:5] != expected[:5]:
                results["differ"].append(
                    {"set": r["set"], "item": r["item"], "ranker": ranker, "real": real[:5], "simulated": expected[:5]}
                )
            assert float(bool(best & set(expected[:5]))) == hit(r, scores)
            got = results["by_set"].setdefault(r["set"], {}).setdefault(ranker, {"hits": 0, "n": 0, "ndcg": 0.0})
            got["hits"] += int(bool(best & set(real[:5])))
            got["n"] += 1
            got["ndcg"] += ndcg(real, relevant, cutoff=5)
            assert abs(ndcg(expected, relevant, cutoff=5) - ndcg5(r, scores)) < 1e-9
    for by in results["by_set"].values():
        for got in by.values():
            got["hit@5"] = round(got["hits"] / got["n"], 3)
            got["ndcg@5"] = round(got.pop("ndcg") / got["n"], 4)
    n = len(rows)
    results["pooled"] = {
        ranker: {
            "hit@5": round(sum(b[ranker]["hits"] for b in results["by_set"].values()) / n, 4),
            "ndcg@5": round(sum(b[ranker]["ndcg@5"] * b[ranker]["n"] for b in results["by_set"].values()) / n, 4),
        }
        for ranker in ("learned", "hand")
    }
    text = json.dumps(results, ensure_ascii=False, indent=1)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
