"""Round 16r: does a heading count as a theme only where its items are about one thing?

The related ranking lifts a candidate under the item's own heading (``SECTION_WEIGHT``, and the
heading's opener ``HEADING_OPENER_WEIGHT``). A city-and-district report (花溪区) files twenty
unrelated city items under one heading 《市政府工作报告》上半年完成情况: a source, not a theme. A
heading's coherence: the mean meaning score (task share 0.25 + whole item 0.75, as in
``Relations.items_nearer``) over pairs of its numbered items, in standard deviations above the mean
over all pairs of the report's numbered items. Variant: the heading terms apply only where the
item's heading has coherence ≥ ``c``. Chosen and scored with tune_related.py's grid and protocol
(floor-kept, nested leave one set out), over every related dev set including 栗山区 and 鸣泉区.

    python benchmarks/round16/related_heading.py --idx-root /tmp/ret16r/idx -o benchmarks/round16/related-heading.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from reasons_dump import SETS  # noqa: E402
from tune_related import BEFORE, GRID, VARIANTS, features, hit, ranking, weights_in_use  # noqa: E402

from wrsearch.engine import Engine  # noqa: E402

COHERENCE = (None, 0.0, 0.1, 0.2)  # None: every heading is a theme (in use)


def heading_coherence(engine: Engine, item: int) -> float:
    rel = engine.relations
    s = engine.searcher
    report = engine.index.reports[0]["id"]
    position = rel.position(f"{report}#{item}")
    positions = rel.report_positions(position)
    numbered = np.array([n for n, p in enumerate(positions.tolist()) if s.columns.numbered[p]])
    tasks = np.asarray(s.retriever.task_vectors())[positions[numbered]]
    whole = rel.whole_similarity(positions)[np.ix_(numbered, numbered)]
    meaning = 0.25 * (tasks @ tasks.T) + 0.75 * whole
    upper = meaning[np.triu_indices(len(numbered), 1)]
    sections = [it.section for it in s.items_at(positions[numbered])]
    own = s.items[position].section
    mine = [n for n, sec in enumerate(sections) if own is not None and sec == own]
    if len(mine) < 2:
        return 0.0
    sub = meaning[np.ix_(mine, mine)]
    mean = (sub.sum() - np.trace(sub)) / (len(mine) * (len(mine) - 1))
    return float((mean - upper.mean()) / upper.std())


def rank_with(r: dict, coh: float | None, **weights) -> np.ndarray:
    if coh is not None and r["hcoh"] < coh:
        r = {**r, "sec": np.zeros_like(r["sec"])}
    return ranking(r, **weights)


def feature_rows(idx_root: Path, progress: bool = False) -> list[dict]:
    """tune_related's feature rows of every related dev set (each report's index under ``idx_root``),
    with each row's heading coherence (``hcoh``)."""
    engines: dict[str, Engine] = {}
    rows = []
    for name, (which, path, split) in SETS.items():
        engine = engines.setdefault(which, Engine(str(idx_root / which)))
        for r in features(engine, name, path, split):
            r["hcoh"] = heading_coherence(engine, r["item"])
            rows.append(r)
        if progress:
            print(name, file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idx-root", required=True)
    parser.add_argument("-o", "--output")
    args = parser.parse_args()
    rows = feature_rows(Path(args.idx_root))
    names = list(SETS)
    sets = np.array([r["set"] for r in rows])
    in_use = weights_in_use()
    assert [hit(r, ranking(r, **in_use)) for r in rows] == [r["real_hit"] for r in rows]
    configs = [
        {**dict(zip(GRID, values)), "coh": coh} for coh in COHERENCE for values in itertools.product(*GRID.values())
    ]
    quick = {coh: [hit(r, rank_with(r, coh, **in_use)) for r in rows] for coh in COHERENCE}
    for coh, got in quick.items():  # the weights in use, each coherence threshold (fitted)
        print(
            coh,
            round(float(np.mean(got)), 4),
            {n: int(sum(g for g, r in zip(got, rows) if r["set"] == n)) for n in names},
            file=sys.stderr,
        )
    table = np.array(
        [[hit(r, rank_with(r, c["coh"], **{k: v for k, v in c.items() if k != "coh"})) for r in rows] for c in configs]
    )
    # hits per configuration and set: every choice below reads only these sums
    S = np.stack([table[:, sets == n].sum(1) for n in names], axis=1)
    col = {n: k for k, n in enumerate(names)}
    before_cfg = {**BEFORE, "coh": None}
    before = configs.index(before_cfg)
    use = configs.index({**in_use, "coh": None})
    distance = np.array([sum(c[k] != v for k, v in before_cfg.items()) for c in configs])

    def allowed(variant: dict, cohs: tuple) -> np.ndarray:
        return np.array([all(c[k] in v for k, v in variant.items()) and c["coh"] in cohs for c in configs])

    def pick(train: list[str], ok: np.ndarray) -> int:
        idx = [col[n] for n in train]
        keeps = np.all(S[:, idx] >= S[before, idx], axis=1)
        score = np.where(ok & keeps, S[:, idx].sum(1) * 1000 - distance, -1e18)
        return int(np.argmax(score))

    def loso(within: list[str], ok: np.ndarray) -> float:
        return sum(S[pick([n for n in within if n != name], ok), col[name]] for name in within)

    def nested(cohs: tuple) -> tuple[float, dict, list]:
        total, per, folds = 0.0, {}, []
        for name in names:
            rest = [n for n in names if n != name]
            inner = {v: loso(rest, allowed(spec, cohs)) for v, spec in VARIANTS.items()}
            variant = max(inner, key=lambda v: (inner[v], v == "rel6 form"))
            best = pick(rest, allowed(VARIANTS[variant], cohs))
            got = S[best, col[name]]
            total += got
            per[name] = int(got)
            folds.append({"left_out": name, "variant": variant, "chosen": configs[best]})
        return total / len(rows), per, folds

    result = {
        "rows": len(rows),
        "in use, fitted, by set": {n: int(S[use, col[n]]) for n in names},
        "in use": float(table[use].mean()),
    }
    for label, cohs in (("headings as now (current weights' nested)", (None,)), ("with heading coherence", COHERENCE)):
        score, per, folds = nested(cohs)
        result[label] = {"nested floor-kept hit@5": round(score, 4), "rows by set": per, "folds": folds}
    for coh in COHERENCE[1:]:
        c = configs.index({**in_use, "coh": coh})
        result[f"in use + coherence {coh} (fitted)"] = {
            "hit@5": float(table[c].mean()),
            "by set": {n: int(S[c, col[n]]) for n in names},
        }
    text = json.dumps(result, ensure_ascii=False, indent=1, default=float)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
