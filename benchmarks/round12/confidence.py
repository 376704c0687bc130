"""Round 12: the hybrid's ``confident`` flag when the query's informative words match nothing.

Captures, for every topic, factoid and none row of the eighteen search dev sets (sixteen reports), the hybrid's top 10
with what the flag reads (the ranking similarity's deviations above the query's mean, the
calibrated floor, the share of the query's words held — all, and only those weighing more than
boiler-plate, ``specific``), then recomputes the flag for every combination of:

- ``CLOSE_Z`` (3.5, 3.625, 3.75);
- ``BARE_CLOSE_Z`` (4.125 … 5.0, never), the deviations an item needs with no word of the query;
- what counts as "no word": no word at all (``cover``, round 9) or no word weighing more than
  boiler-plate (``specific``: 工作 of 征兵工作, a lone 水);
- ``NOTHING_CLOSE_Z`` (off, 4.25 … 5.0, never): the deviations any item needs when *no item* holds a
  specific word of the query (the lexical side has nothing to say, so meaning alone must stand out
  further still).

Objective, leave one set out (round 9's): none rows with no confident hit, pooled over the training
sets; then the share of topic/factoid rows whose first relevant hit in the ten is confident; ties go
to the values in use. Nested: the same choice is what a fold ships, so the left-out figures are the
estimate.

    ROUND12_WORK=/tmp/r12 python benchmarks/round12/confidence.py   # indexes $ROUND12_WORK/idx/<index>

Output: ``benchmarks/results/round12-confidence.json``. The capture asserts that the flag it
recomputes with the values in use is the real one on every hit.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

from wrsearch.engine import Engine
from wrsearch.evaluate import load_qrels
from wrsearch.search import fusion, searcher

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from tune_retrieval import SETS  # noqa: E402

WORK = Path(os.environ.get("ROUND12_WORK", "/tmp/r12"))
NEVER = 99.0
GRID = {
    "close_z": (3.5, 3.625, 3.75),
    "bare_z": (4.125, 4.25, 4.375, 4.5, 4.75, 5.0, NEVER),
    "bare_by": ("cover", "specific"),
    "nothing_z": (0.0, 4.25, 4.375, 4.5, 4.75, 5.0, NEVER),  # 0: no separate threshold
}
IN_USE = {"close_z": 3.625, "bare_z": 4.125, "bare_by": "cover", "nothing_z": 0.0}


def capture(
    sets: dict = SETS, work: Path = WORK, covers: tuple[str, str] = ("cover", "literal")
) -> dict[str, list[dict]]:
    """Per set, per topic/factoid/none row: the top 10 (relevant or not) with the flag's inputs.

    ``covers`` names the two ``LexicalEvidence`` fields the flag reads (default ``cover``/``literal``,
    round 12's; round 12b gave the flag its own, ``flag_cover``/``flag_literal``).
    """
    cover_field, literal_field = covers
    last: dict = {}
    original = searcher.fuse

    def capturing_fuse(dense_similarity, lexical, mask, mode, calibration, *args, **kwargs):
        out = original(dense_similarity, lexical, mask, mode, calibration, *args, **kwargs)
        ranking = kwargs.get("dense_ranking")
        ranking = dense_similarity if ranking is None else ranking
        values = ranking[mask & (ranking > -1)]
        z = (ranking - values.mean()) / (values.std() or 1.0)
        cover = np.where(mask, getattr(lexical, cover_field), 0.0)
        literal = np.where(mask, getattr(lexical, literal_field), 0.0)
        specific = np.where(mask, lexical.specific, 0.0)
        held = np.where(literal >= fusion.CONFIDENT_LITERAL, cover, literal)
        last["query"] = {"nothing_specific": bool(specific.max() <= 0)}
        last["items"] = {
            s.index: {
                "z": float(z[s.index]),
                "above": bool(dense_similarity[s.index] >= calibration.floor),
                "cover": float(cover[s.index]),
                "specific": float(specific[s.index]),
                "held": float(held[s.index]),
                "confident": s.confident,
            }
            for s in out
        }
        return out

    searcher.fuse = capturing_fuse
    engines: dict[str, Engine] = {}
    out: dict[str, list[dict]] = {}
    try:
        for name, (which, path, split) in sets.items():
            engine = engines.setdefault(which, Engine(work / "idx" / which))
            rows = out[name] = []
            for row in load_qrels(path, split):
                if row.type not in ("topic", "factoid", "none"):
                    continue
                last.clear()
                hits = engine.search(str(row.query), k=10, report=row.report).hits
                if not last:  # a department listing: no fusion
                    continue
                items = []
                for hit in hits:
                    features = dict(last["items"][engine.searcher.position_of(hit.id)])
                    assert features["confident"] == hit.confident
                    items.append({**features, "no": hit.no, "relevant": str(hit.no) in row.relevant})
                rows.append({"id": row.id, "type": row.type, "query": str(row.query), **last["query"], "items": items})
    finally:
        searcher.fuse = original
    return out


def flag(item: dict, row: dict, config: dict) -> bool:
    """The hybrid's flag for ``item`` under ``config`` (fusion.fuse's rule, SUPPORTED_Z and the covers as in use)."""
    z, above = item["z"], item["above"]
    has_word = item["cover" if config["bare_by"] == "cover" else "specific"] > 0
    need = config["close_z"] if has_word else max(config["close_z"], config["bare_z"])
    if config["nothing_z"] and row["nothing_specific"]:
        need = max(need, config["nothing_z"])
    close = above and z >= need
    supported = above and z >= fusion.SUPPORTED_Z and item["held"] >= fusion.SUPPORTED_COVER
    return close or supported or item["held"] >= fusion.CONFIDENT_COVER


FlagRule = Callable[[dict, dict, dict], bool]


def scores(rows: list[dict], config: dict, rule: FlagRule = flag) -> tuple[list[float], list[float]]:
    """(none rows: 1 if no hit confident; topic/factoid rows: 1 if the first relevant hit in the ten is confident)."""
    none, hit = [], []
    for row in rows:
        flags = [rule(item, row, config) for item in row["items"]]
        if row["type"] == "none":
            none.append(0.0 if any(flags) else 1.0)
        else:
            first = next((f for item, f in zip(row["items"], flags) if item["relevant"]), False)
            hit.append(1.0 if first else 0.0)
    return none, hit


class FlagStudy:
    """Every config scored on every set, and the leave-one-set-out choices over them.

    Objective (round 9's): none rows with no confident hit, pooled; then the share of topic/factoid rows
    whose first relevant hit is confident; ties go to the config nearest the values in use.
    """

    def __init__(self, captured: dict[str, list[dict]], configs: list[dict], in_use: dict, rule: FlagRule = flag):
        self.configs, self.in_use = configs, in_use
        self.names = list(captured)
        self.table = {i: {n: scores(rows, c, rule) for n, rows in captured.items()} for i, c in enumerate(configs)}
        self.sums = {i: {n: (sum(a), len(a), sum(b), len(b)) for n, (a, b) in t.items()} for i, t in self.table.items()}
        # the check: the flag recomputed with the values in use is the real one on every hit
        for rows in captured.values():
            for row in rows:
                assert all(rule(item, row, in_use) == item["confident"] for item in row["items"]), row["query"]

    def pooled(self, i: int, names: list[str]) -> tuple[float | None, float]:
        none_sum, none_n, hit_sum, hit_n = (sum(self.sums[i][n][k] for n in names) for k in range(4))
        return (none_sum / none_n if none_n else None), hit_sum / hit_n

    def objective(self, i: int, names: list[str]) -> tuple:
        none, hit = self.pooled(i, names)
        distance = sum(self.configs[i][k] != v for k, v in self.in_use.items())
        return (none if none is not None else 1.0, hit, -distance)

    def pick(self, names: list[str], allowed: Callable[[dict], bool] = lambda c: True) -> int:
        return max(
            (i for i in range(len(self.configs)) if allowed(self.configs[i])), key=lambda i: self.objective(i, names)
        )

    def left_out_rows(self, folds: list[dict]) -> tuple[list[float], list[float]]:
        """Each fold's left-out set scored with the config that fold chose."""
        chosen = [(self.configs.index(f["chosen"]), f["left_out"]) for f in folds]
        return (
            [v for i, n in chosen for v in self.table[i][n][0]],
            [v for i, n in chosen for v in self.table[i][n][1]],
        )

    def report(self, variants: dict[str, Callable[[dict], bool]]) -> dict:
        """Per variant: leave one set out; then nested (the variant chosen by an inner leave-one-set-out)."""
        names = self.names
        out: dict = {
            "variants": {},
            "in_use_by_set": {n: self.pooled(self.configs.index(self.in_use), [n]) for n in names},
        }
        for label, allowed in variants.items():
            folds = []
            for left_out in names:
                best = self.pick([n for n in names if n != left_out], allowed)
                none, hit = self.pooled(best, [left_out])
                folds.append(
                    {"left_out": left_out, "chosen": self.configs[best], "none": none, "first_relevant_confident": hit}
                )
            none_rows, hit_rows = self.left_out_rows(folds)
            best_all = self.pick(names, allowed)
            out["variants"][label] = {
                "folds": folds,
                "left_out_none": statistics.fmean(none_rows),
                "left_out_first_relevant_confident": statistics.fmean(hit_rows),
                "chosen_on_all": self.configs[best_all],
                "on_all": self.pooled(best_all, names),
                "on_all_by_set": {n: self.pooled(best_all, [n]) for n in names},
            }
        nested = []
        for left_out in names:
            rest = [n for n in names if n != left_out]

            def inner(label: str) -> tuple:
                none, hit = [], []
                for inner_out in rest:
                    best = self.pick([n for n in rest if n != inner_out], variants[label])
                    none += self.table[best][inner_out][0]
                    hit += self.table[best][inner_out][1]
                return (statistics.fmean(none), statistics.fmean(hit))

            label = max(variants, key=inner)
            best = self.pick(rest, variants[label])
            nested.append(
                {
                    "left_out": left_out,
                    "variant": label,
                    "chosen": self.configs[best],
                    "scores": self.pooled(best, [left_out]),
                }
            )
        none_rows, hit_rows = self.left_out_rows(nested)
        out["nested"] = {
            "folds": nested,
            "none": statistics.fmean(none_rows),
            "first_relevant_confident": statistics.fmean(hit_rows),
        }
        return out


def print_variants(report: dict) -> None:
    for label, v in report["variants"].items():
        print(
            label,
            "left out none",
            round(v["left_out_none"], 4),
            "first relevant confident",
            round(v["left_out_first_relevant_confident"], 4),
            "chosen on all",
            v["chosen_on_all"],
            "on all",
            v["on_all"],
        )


def print_nested(report: dict) -> None:
    print("nested", round(report["nested"]["none"], 4), round(report["nested"]["first_relevant_confident"], 4))
    for f in report["nested"]["folds"]:
        print(f)


def main() -> None:
    cache = WORK / "round12-confidence-capture.json"
    captured = json.loads(cache.read_text()) if cache.exists() else capture()
    cache.write_text(json.dumps(captured, ensure_ascii=False))
    configs = [dict(zip(GRID, v)) for v in itertools.product(*GRID.values())]
    configs = [c for c in configs if not (c["nothing_z"] and c["nothing_z"] <= c["bare_z"])]  # off or stricter
    variants = {
        "in use (round 9)": lambda c: c == IN_USE,
        "bare z only": lambda c: c["bare_by"] == "cover" and not c["nothing_z"] and c["close_z"] == 3.625,
        "bare by specific": lambda c: c["bare_by"] == "specific" and not c["nothing_z"] and c["close_z"] == 3.625,
        "nothing z": lambda c: c["bare_by"] == "cover" and c["bare_z"] == 4.125 and c["close_z"] == 3.625,
        "all": lambda c: True,
    }
    report = FlagStudy(captured, configs, IN_USE).report(variants)
    out = ROOT / "benchmarks" / "results" / "round12-confidence.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    print_variants(report)
    print_nested(report)


if __name__ == "__main__":
    main()
