"""Round 16r: a shared department for every item, not only an item of several departments.

``SHARED_DEPARTMENT_WEIGHT`` lifts a candidate that shares a department with the item only when
the item names several departments. Several missed partners share the item's one department
while naming another too (花溪区 21 区发改局 → 4 市发改委/区发改局/区重点办; 金桥区 8 区投促局 →
5 区商务局/区投促局; 花溪区 38 区城管局 → 11 …/区城管局). Variant: the lift for every item
(``dall`` 1), with the weight 0 / 0.5 / 1.0. Chosen and scored with tune_related.py's grid and
protocol (floor-kept, nested leave one set out), over every related dev set including 栗山区 and
鸣泉区.

    python benchmarks/round16/related_department.py --idx-root /tmp/ret16r/idx -o benchmarks/round16/related-department.json
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
from tune_related import BEFORE, GRID, VARIANTS, features, hit, ranking  # noqa: E402

from wrsearch.engine import Engine  # noqa: E402
from wrsearch.search import relations  # noqa: E402

GRID_HERE = {**GRID, "dsh": (0.0, 0.5, 1.0)}
DALL = (0, 1)  # 0: only for an item of several departments (in use)


def rank_with(r: dict, dall: int, **weights) -> np.ndarray:
    return ranking({**r, "multi": True} if dall else r, **weights)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idx-root", required=True)
    parser.add_argument("-o", "--output")
    args = parser.parse_args()
    engines: dict[str, Engine] = {}
    rows = []
    for name, (which, path, split) in SETS.items():
        engine = engines.setdefault(which, Engine(str(Path(args.idx_root) / which)))
        rows += features(engine, name, path, split)
    names = list(SETS)
    sets = np.array([r["set"] for r in rows])
    in_use = {"ts": relations.TASK_SHARE, "tw": relations.TERMS_WEIGHT, "sw": relations.SECTION_WEIGHT,
              "rw": relations.RECIPROCAL_WEIGHT, "cross": 0.0, "first": relations.HEADING_OPENER_WEIGHT,
              "dsh": relations.SHARED_DEPARTMENT_WEIGHT}
    assert [hit(r, ranking(r, **in_use)) for r in rows] == [r["real_hit"] for r in rows]
    for dall in DALL:
        for dsh in GRID_HERE["dsh"]:
            got = [hit(r, rank_with(r, dall, **{**in_use, "dsh": dsh})) for r in rows]
            print(dall, dsh, round(float(np.mean(got)), 4),
                  {n: int(sum(g for g, r in zip(got, rows) if r["set"] == n)) for n in names}, file=sys.stderr)
    configs = [{**dict(zip(GRID_HERE, values)), "dall": dall} for dall in DALL
               for values in itertools.product(*GRID_HERE.values())]
    table = np.array([[hit(r, rank_with(r, c["dall"], **{k: v for k, v in c.items() if k != "dall"})) for r in rows]
                      for c in configs], dtype=np.int8)
    S = np.stack([table[:, sets == n].sum(1) for n in names], axis=1)
    col = {n: k for k, n in enumerate(names)}
    before_cfg = {**BEFORE, "dall": 0}
    before = configs.index(before_cfg)
    use = configs.index({**in_use, "dall": 0})
    distance = np.array([sum(c[k] != v for k, v in before_cfg.items()) for c in configs])

    def allowed(variant: dict, dalls: tuple, dshs: tuple) -> np.ndarray:
        return np.array([all(c[k] in v for k, v in variant.items()) and c["dall"] in dalls and c["dsh"] in dshs
                         for c in configs])

    def pick(train: list[str], ok: np.ndarray) -> int:
        idx = [col[n] for n in train]
        keeps = np.all(S[:, idx] >= S[before, idx], axis=1)
        score = np.where(ok & keeps, S[:, idx].sum(1) * 1000 - distance, -1e18)
        return int(np.argmax(score))

    def loso(within: list[str], ok: np.ndarray) -> float:
        return sum(S[pick([n for n in within if n != name], ok), col[name]] for name in within)

    def nested(dalls: tuple, dshs: tuple) -> tuple[float, dict, list]:
        total, per, folds = 0.0, {}, []
        for name in names:
            rest = [n for n in names if n != name]
            inner = {v: loso(rest, allowed(spec, dalls, dshs)) for v, spec in VARIANTS.items()}
            variant = max(inner, key=lambda v: (inner[v], v == "rel6 form"))
            best = pick(rest, allowed(VARIANTS[variant], dalls, dshs))
            got = S[best, col[name]]
            total += got
            per[name] = int(got)
            folds.append({"left_out": name, "variant": variant, "chosen": configs[best]})
        return total / len(rows), per, folds

    result = {"rows": len(rows), "in use (fitted)": round(float(table[use].mean()), 4),
              "in use, fitted, by set": {n: int(S[use, col[n]]) for n in names}}
    for label, dalls, dshs in (("current grid (current weights' nested)", (0,), (0.0, 0.5)),
                               ("weight 1.0 allowed", (0,), (0.0, 0.5, 1.0)),
                               ("every item, weights 0/0.5/1.0", (0, 1), (0.0, 0.5, 1.0))):
        score, per, folds = nested(dalls, dshs)
        result[label] = {"nested floor-kept hit@5": round(score, 4), "rows by set": per, "folds": folds}
        print(label, round(score, 4), per, file=sys.stderr)
    text = json.dumps(result, ensure_ascii=False, indent=1, default=float)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
