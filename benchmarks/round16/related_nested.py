"""Round 16r: ranking candidates for the related misses, each chosen and scored the way
tune_related.py chooses weights (its grid, floor-kept against round rel6, the variant chosen by an
inner leave one set out: "nested"), over all nineteen related dev sets (栗山区 and 鸣泉区 added).

Candidates (transforms of each row's features, crossed with the whole grid):
- heading coherence ≥ c (c 0 / 0.1 / 0.2): the heading lift (and the opener's) applies only where the
  item's heading is a theme, its items nearer each other than the report's items on average (a
  city-and-district report files twenty unrelated city items under one source heading);
- a shared department for every item (not only an item of several departments), weight 0 / 0.5 / 1.0;
- the words the reason rules call no topic left out of the item's terms the ranking's BM25 reads.

    python benchmarks/round16/related_nested.py --idx-root /tmp/ret16r/idx [--cache /tmp/ret16r/rows.pkl]
        -o benchmarks/round16/related-nested.json
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from fastgrid import table  # noqa: E402
from reasons_dump import SETS  # noqa: E402
from related_heading import feature_rows  # noqa: E402
from tune_related import BEFORE, GRID, VARIANTS, hit, ranking, weights_in_use  # noqa: E402

from wrsearch.engine import Engine  # noqa: E402
from wrsearch.search import relations  # noqa: E402

GRID_HERE = {**GRID, "dsh": (0.0, 0.5, 1.0)}


def without_heading_below(c: float):
    return lambda r: r if r["hcoh"] >= c else {**r, "sec": np.zeros_like(r["sec"])}


def add_filtered_lexical(rows: list[dict], idx_root: str) -> None:
    """Per row, ``lex_f``: the rare-words BM25 of tune_related.features with the words the reason
    rules call no topic (``relations.form_says_not_topic``) left out of the item's terms."""
    engines: dict[str, Engine] = {}
    for r in rows:
        which = SETS[r["set"]][0]
        engine = engines.setdefault(which, Engine(str(Path(idx_root) / which)))
        rel, retriever = engine.relations, engine.searcher.retriever
        i = rel.position(f"{engine.index.reports[0]['id']}#{r['item']}")
        positions = rel.report_positions(i)
        terms = [t for t in rel.salient_terms(i) if not relations.form_says_not_topic(t)]
        lexical = np.asarray(retriever.lexical_scores(terms[: relations.TOPIC_TERMS]), dtype=np.float32)[positions]
        lexical[positions == i] = 0.0
        r["lex_f"] = lexical / lexical.max() if lexical.max() > 0 else lexical


TRANSFORMS = {
    "as is": lambda r: r,
    "heading coherence >= 0": without_heading_below(0.0),
    "heading coherence >= 0.1": without_heading_below(0.1),
    "heading coherence >= 0.2": without_heading_below(0.2),
    "department for every item": lambda r: {**r, "multi": True},
    "no-topic words out of the ranking's terms": lambda r: {**r, "lex": r["lex_f"]},
}
CANDIDATES = {  # label → (transforms allowed, dsh values allowed)
    "current (as is, dsh 0/0.5)": (("as is",), (0.0, 0.5)),
    "dsh 1.0 allowed": (("as is",), (0.0, 0.5, 1.0)),
    "heading coherence": (
        ("as is", "heading coherence >= 0", "heading coherence >= 0.1", "heading coherence >= 0.2"),
        (0.0, 0.5),
    ),
    "department for every item": (("as is", "department for every item"), (0.0, 0.5, 1.0)),
    "no-topic words out of the ranking's terms": (("as is", "no-topic words out of the ranking's terms"), (0.0, 0.5)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idx-root", required=True)
    parser.add_argument("--cache")
    parser.add_argument("-o", "--output")
    args = parser.parse_args()
    if args.cache and Path(args.cache).exists():
        rows = pickle.loads(Path(args.cache).read_bytes())
    else:
        rows = feature_rows(Path(args.idx_root), progress=True)
        if args.cache:
            Path(args.cache).write_bytes(pickle.dumps(rows))
    add_filtered_lexical(rows, args.idx_root)
    names = list(SETS)
    sets = np.array([r["set"] for r in rows])
    in_use = weights_in_use()
    configs, T = table(rows, GRID_HERE, TRANSFORMS)
    use = configs.index({**in_use, "variant": "as is"})
    real = np.array([r["real_hit"] for r in rows])
    assert (T[use] == real).all(), "the fast table must give the real related hit@5 with the weights in use"
    rng = np.random.default_rng(0)  # and tune_related's own ranking on a sample of configurations
    for c in rng.choice(len(configs) // len(TRANSFORMS), 40, replace=False):
        slow = [hit(r, ranking(r, **{k: v for k, v in configs[c].items() if k != "variant"})) for r in rows]
        assert (np.array(slow) == T[c]).mean() > 0.998, configs[c]
    S = np.stack([T[:, sets == n].sum(1) for n in names], axis=1).astype(np.int64)
    col = {n: k for k, n in enumerate(names)}
    before_cfg = {**BEFORE, "variant": "as is"}
    before = configs.index(before_cfg)
    distance = np.array([sum(c[k] != v for k, v in before_cfg.items()) for c in configs])

    def allowed(spec: dict, transforms: tuple, dshs: tuple) -> np.ndarray:
        return np.array(
            [
                all(c[k] in v for k, v in spec.items()) and c["variant"] in transforms and c["dsh"] in dshs
                for c in configs
            ]
        )

    def pick(train: list[str], ok: np.ndarray) -> int:
        idx = [col[n] for n in train]
        keeps = np.all(S[:, idx] >= S[before, idx], axis=1)
        score = np.where(ok & keeps, S[:, idx].sum(1) * 1000 - distance, -(10**12))
        return int(np.argmax(score))

    def loso(within: list[str], ok: np.ndarray) -> int:
        return sum(int(S[pick([n for n in within if n != name], ok), col[name]]) for name in within)

    result: dict = {
        "rows": len(rows),
        "in use (fitted)": {"hit@5": round(float(T[use].mean()), 4), "by set": {n: int(S[use, col[n]]) for n in names}},
    }
    for label, (transforms, dshs) in CANDIDATES.items():
        masks = {v: allowed(spec, transforms, dshs) for v, spec in VARIANTS.items()}
        total, per, folds = 0, {}, []
        for name in names:
            rest = [n for n in names if n != name]
            inner = {v: loso(rest, m) for v, m in masks.items()}
            variant = max(inner, key=lambda v: (inner[v], v == "rel6 form"))
            best = pick(rest, masks[variant])
            got = int(S[best, col[name]])
            total += got
            per[name] = got
            folds.append({"left_out": name, "variant": variant, "chosen": configs[best]})
        chosen_all = pick(names, masks[max(masks, key=lambda v: (loso(names, masks[v]), v == "rel6 form"))])
        result[label] = {
            "nested floor-kept hit@5": round(total / len(rows), 4),
            "rows": total,
            "rows by set": per,
            "chosen on all": configs[chosen_all],
            "folds": folds,
        }
        print(label, round(total / len(rows), 4), total, per, file=sys.stderr)
    text = json.dumps(result, ensure_ascii=False, indent=1, default=float)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
