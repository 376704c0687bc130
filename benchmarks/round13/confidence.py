"""Round 13: round 12's study of the hybrid's ``confident`` flag, over twenty search dev sets.

Round 12's ``benchmarks/round12/confidence.py`` with 云龙区 (retrieval_blind14) and 花溪区
(retrieval_blind15) added, and the flag's own covers read (``LexicalEvidence.flag_cover`` /
``flag_literal``, round 12b: the fragment rule is kept out of the flag). It also dumps, for every
none row with a confident hit, which rule claimed it (``close`` with a word, ``bare`` meaning alone,
``supported``, ``cover``) and the words held.

Captures, for every topic, factoid and none row of the twenty search dev sets (eighteen reports), the hybrid's top 10
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

    ROUND13_WORK=/tmp/r13 python benchmarks/round13/confidence.py   # indexes $ROUND13_WORK/idx/<index>

Output: ``benchmarks/results/round13-confidence.json``. The capture asserts that the flag it
recomputes with the values in use is the real one on every hit.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import sys
from pathlib import Path

import numpy as np

from wrsearch.engine import Engine
from wrsearch.evaluate import load_qrels
from wrsearch.search import fusion, searcher

ROOT = Path(__file__).resolve().parents[2]
# round 12's sets by name, so that sets another branch adds to tune_retrieval.SETS do not count twice
ROUND12_NAMES = (
    "v2", "shared", "own", "older", "qingchuan", "donggang", "fengqiao", "qingshi", "jinqiao",
    "yuquan", "yanhu", "luwan", "lanwan", "xinglin", "guihu", "anlan", "yintan", "yuehu",
)
sys.path.insert(0, str(ROOT / "benchmarks"))
from tune_retrieval import DATA  # noqa: E402
from tune_retrieval import SETS as EIGHTEEN  # noqa: E402

# round 12's eighteen sets and the two measured once on main 96f97e1, dev since (each report alone)
SETS = {
    **{name: spec for name, spec in EIGHTEEN.items() if name in ROUND12_NAMES},
    "yunlong": ("yunlong", DATA / "retrieval_blind14.jsonl", "dev"),
    "huaxi": ("huaxi", DATA / "retrieval_blind15.jsonl", "dev"),
}
WORK = Path(os.environ.get("ROUND13_WORK", "/tmp/r13"))
NEVER = 99.0
GRID = {
    "close_z": (3.5, 3.625, 3.75),
    "bare_z": (4.125, 4.25, 4.375, 4.5, 4.75, 5.0, NEVER),
    "bare_by": ("cover", "specific"),
    "nothing_z": (0.0, 4.25, 4.375, 4.5, 4.75, 5.0, NEVER),  # 0: no separate threshold
}
# round 13: the two rules that claimed 花溪区's none rows, each made stricter
WORD_MIN = (0.0, 0.34, 0.5, 0.67)  # a "word held" for CLOSE_Z needs at least this flag cover (0: any)
SUPPORTED_COVERS = (0.5, 0.55, 0.625, 0.75)  # fusion.SUPPORTED_COVER
SUPPORTED_ZS = (3.0, 3.25, 3.5)  # fusion.SUPPORTED_Z
IN_USE = {
    "close_z": 3.625, "bare_z": 4.125, "bare_by": "cover", "nothing_z": 0.0,
    "word_min": 0.0, "supported_cover": 0.5, "supported_z": 3.0,
}
last: dict = {}
original = searcher.fuse


def capturing_fuse(dense_similarity, lexical, mask, mode, calibration, *args, **kwargs):
    out = original(dense_similarity, lexical, mask, mode, calibration, *args, **kwargs)
    ranking = kwargs.get("dense_ranking")
    ranking = dense_similarity if ranking is None else ranking
    values = ranking[mask & (ranking > -1)]
    z = (ranking - values.mean()) / (values.std() or 1.0)
    # the flag's covers (round 12b keeps the fragment rule out of the flag)
    cover = np.where(mask, lexical.flag_cover, 0.0)
    literal = np.where(mask, lexical.flag_literal, 0.0)
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


def capture() -> dict[str, list[dict]]:
    """Per set, per topic/factoid/none row: the top 10 (relevant or not) with the flag's inputs."""
    searcher.fuse = capturing_fuse
    engines: dict[str, Engine] = {}
    out: dict[str, list[dict]] = {}
    for name, (which, path, split) in SETS.items():
        engine = engines.setdefault(which, Engine(WORK / "idx" / which))
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
    searcher.fuse = original
    return out


def flag(item: dict, row: dict, config: dict) -> bool:
    """The hybrid's flag for ``item`` under ``config`` (fusion.fuse's rule, SUPPORTED_Z and the covers as in use)."""
    z, above = item["z"], item["above"]
    word = item["cover" if config["bare_by"] == "cover" else "specific"]
    has_word = word > 0 and word >= config["word_min"]
    need = config["close_z"] if has_word else max(config["close_z"], config["bare_z"])
    if config["nothing_z"] and row["nothing_specific"]:
        need = max(need, config["nothing_z"])
    close = above and z >= need
    supported = above and z >= config["supported_z"] and item["held"] >= config["supported_cover"]
    return close or supported or item["held"] >= fusion.CONFIDENT_COVER


def scores(rows: list[dict], config: dict) -> tuple[list[float], list[float]]:
    """(none rows: 1 if no hit confident; topic/factoid rows: 1 if the first relevant hit in the ten is confident)."""
    none, hit = [], []
    for row in rows:
        flags = [flag(item, row, config) for item in row["items"]]
        if row["type"] == "none":
            none.append(0.0 if any(flags) else 1.0)
        else:
            first = next((f for item, f in zip(row["items"], flags) if item["relevant"]), False)
            hit.append(1.0 if first else 0.0)
    return none, hit


def claimed_none(captured: dict[str, list[dict]]) -> list[dict]:
    """Every none row with a confident hit (values in use): the item, and which of the flag's rules claimed it."""
    out = []
    for name, rows in captured.items():
        for row in rows:
            if row["type"] != "none":
                continue
            for item in row["items"]:
                if not item["confident"]:
                    continue
                rules = []
                if item["held"] >= fusion.CONFIDENT_COVER:
                    rules.append("cover")
                if item["above"] and item["z"] >= fusion.SUPPORTED_Z and item["held"] >= fusion.SUPPORTED_COVER:
                    rules.append("supported")
                if item["above"] and item["z"] >= IN_USE["close_z"]:
                    rules.append("close (a word held)" if item["cover"] > 0 else "bare (meaning alone)")
                out.append({"set": name, "id": row["id"], "query": row["query"], "no": item["no"], "rules": rules,
                            **{k: item[k] for k in ("z", "cover", "specific", "held")},
                            "nothing_specific": row["nothing_specific"]})
    return out


def changes(captured: dict[str, list[dict]], config: dict) -> list[dict]:
    """Rows whose outcome differs from the values in use under ``config`` (none claimed/freed, first hit flag)."""
    out = []
    for name, rows in captured.items():
        for row in rows:
            before, after = scores([row], IN_USE), scores([row], config)
            if before != after:
                out.append({"set": name, "id": row["id"], "type": row["type"], "query": row["query"],
                            "before": before, "after": after})
    return out


def main() -> None:
    cache = WORK / "round13-confidence-capture.json"
    captured = json.loads(cache.read_text()) if cache.exists() else capture()
    cache.write_text(json.dumps(captured, ensure_ascii=False))
    round13_keys = {k: IN_USE[k] for k in ("word_min", "supported_cover", "supported_z")}
    configs = [{**dict(zip(GRID, v)), **round13_keys} for v in itertools.product(*GRID.values())]
    configs = [c for c in configs if not (c["nothing_z"] and c["nothing_z"] <= c["bare_z"])]  # off or stricter
    # round 13's rules, the round-12 values in use otherwise
    for close_z, word_min, supported_cover, supported_z in itertools.product(
        GRID["close_z"], WORD_MIN, SUPPORTED_COVERS, SUPPORTED_ZS
    ):
        config = {**IN_USE, "close_z": close_z, "word_min": word_min, "supported_cover": supported_cover,
                  "supported_z": supported_z}
        if config not in configs:
            configs.append(config)
    table = {i: {name: scores(rows, c) for name, rows in captured.items()} for i, c in enumerate(configs)}
    sums = {i: {n: (sum(a), len(a), sum(b), len(b)) for n, (a, b) in t.items()} for i, t in table.items()}
    in_use = configs.index(IN_USE)
    # the check: the flag recomputed with the values in use is the real one on every hit
    for rows in captured.values():
        for row in rows:
            assert all(flag(item, row, IN_USE) == item["confident"] for item in row["items"]), row["query"]

    def pooled(i: int, names: list[str]) -> tuple[float | None, float]:
        none_sum, none_n, hit_sum, hit_n = (sum(sums[i][n][k] for n in names) for k in range(4))
        return (none_sum / none_n if none_n else None), hit_sum / hit_n

    def objective(i: int, names: list[str]) -> tuple:
        none, hit = pooled(i, names)
        distance = sum(configs[i][k] != v for k, v in IN_USE.items())
        return (none if none is not None else 1.0, hit, -distance)

    def pick(names: list[str], allowed=lambda c: True) -> int:
        return max((i for i in range(len(configs)) if allowed(configs[i])), key=lambda i: objective(i, names))

    def round12(c: dict) -> bool:
        return all(c[k] == IN_USE[k] for k in round13_keys)

    variants = {
        "in use (round 9)": lambda c: c == IN_USE,
        "bare z only": lambda c: round12(c) and c["bare_by"] == "cover" and not c["nothing_z"] and c["close_z"] == 3.625,
        "bare by specific": lambda c: round12(c) and c["bare_by"] == "specific" and not c["nothing_z"] and c["close_z"] == 3.625,
        "nothing z": lambda c: round12(c) and c["bare_by"] == "cover" and c["bare_z"] == 4.125 and c["close_z"] == 3.625,
        "all (round 12's grid)": round12,
        "word min": lambda c: all(c[k] == IN_USE[k] for k in IN_USE if k != "word_min"),
        "supported": lambda c: all(c[k] == IN_USE[k] for k in IN_USE if k not in ("supported_cover", "supported_z")),
        "round 13 all": lambda c: c["bare_z"] == IN_USE["bare_z"] and not c["nothing_z"] and c["bare_by"] == "cover",
    }
    names = list(captured)
    report: dict = {"variants": {}, "in_use_by_set": {n: pooled(in_use, [n]) for n in names}}
    for label, allowed in variants.items():
        folds = []
        for left_out in names:
            best = pick([n for n in names if n != left_out], allowed)
            none, hit = pooled(best, [left_out])
            folds.append({"left_out": left_out, "chosen": configs[best], "none": none, "first_relevant_confident": hit})
        none_rows = [v for f in folds for v in table[configs.index(f["chosen"])][f["left_out"]][0]]
        hit_rows = [v for f in folds for v in table[configs.index(f["chosen"])][f["left_out"]][1]]
        best_all = pick(names, allowed)
        report["variants"][label] = {
            "folds": folds,
            "left_out_none": statistics.fmean(none_rows),
            "left_out_first_relevant_confident": statistics.fmean(hit_rows),
            "chosen_on_all": configs[best_all],
            "on_all": pooled(best_all, names),
            "on_all_by_set": {n: pooled(best_all, [n]) for n in names},
        }
    # nested: the variant chosen by an inner leave-one-set-out on the training sets
    nested = []
    for left_out in names:
        rest = [n for n in names if n != left_out]

        def inner(label: str) -> tuple:
            none, hit = [], []
            for inner_out in rest:
                best = pick([n for n in rest if n != inner_out], variants[label])
                none += table[best][inner_out][0]
                hit += table[best][inner_out][1]
            return (statistics.fmean(none), statistics.fmean(hit))

        label = max(variants, key=inner)
        best = pick(rest, variants[label])
        nested.append(
            {"left_out": left_out, "variant": label, "chosen": configs[best], "scores": pooled(best, [left_out])}
        )
    report["nested"] = {
        "folds": nested,
        "none": statistics.fmean(v for f in nested for v in table[configs.index(f["chosen"])][f["left_out"]][0]),
        "first_relevant_confident": statistics.fmean(
            v for f in nested for v in table[configs.index(f["chosen"])][f["left_out"]][1]
        ),
    }
    report["claimed_none"] = claimed_none(captured)
    report["changes_on_all"] = {
        label: changes(captured, configs[pick(names, allowed)]) for label, allowed in variants.items()
    }
    out = ROOT / "benchmarks" / "results" / "round13-confidence.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
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
    for label, moved in report["changes_on_all"].items():
        for m in moved:
            print("moves under", label, m)
    for c in report["claimed_none"]:
        print("claimed none:", c)
    print("nested", round(report["nested"]["none"], 4), round(report["nested"]["first_relevant_confident"], 4))
    for f in report["nested"]["folds"]:
        print(f)


if __name__ == "__main__":
    main()
