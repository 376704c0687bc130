"""Round 13: round 12's study of the hybrid's ``confident`` flag, over twenty search dev sets.

Round 12's ``benchmarks/round12/confidence.py`` with 云龙区 (retrieval_blind14) and 花溪区
(retrieval_blind15) added, and the flag's own covers read (``LexicalEvidence.flag_cover`` /
``flag_literal``, round 12b: the fragment rule is kept out of the flag). It also dumps, for every
none row with a confident hit, which rule claimed it (``close`` with a word, ``bare`` meaning alone,
``supported``, ``cover``) and the words held.

Every topic, factoid and none row of the twenty search dev sets (eighteen reports) is captured and
the flag recomputed over the same grid (``CLOSE_Z``, ``BARE_CLOSE_Z``, what counts as "no word",
``NOTHING_CLOSE_Z``) with the same nested leave-one-set-out objective: round 12's module docstring
states both, and its ``FlagStudy`` and capture are imported here, not restated.

    ROUND13_WORK=/tmp/r13 python benchmarks/round13/confidence.py   # indexes $ROUND13_WORK/idx/<index>

Output: ``benchmarks/results/round13-confidence.json``. The capture asserts that the flag it
recomputes with the values in use is the real one on every hit.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from pathlib import Path

from wrsearch.search import fusion

ROOT = Path(__file__).resolve().parents[2]
# round 12's sets by name, so that sets another branch adds to tune_retrieval.SETS do not count twice
ROUND12_NAMES = (
    "v2",
    "shared",
    "own",
    "older",
    "qingchuan",
    "donggang",
    "fengqiao",
    "qingshi",
    "jinqiao",
    "yuquan",
    "yanhu",
    "luwan",
    "lanwan",
    "xinglin",
    "guihu",
    "anlan",
    "yintan",
    "yuehu",
)
sys.path.insert(0, str(ROOT / "benchmarks"))
from round12.confidence import GRID, FlagStudy, capture, print_nested, print_variants, scores  # noqa: E402
from tune_retrieval import DATA  # noqa: E402
from tune_retrieval import SETS as EIGHTEEN  # noqa: E402

# round 12's eighteen sets and the two measured once on main 96f97e1, dev since (each report alone)
SETS = {
    **{name: spec for name, spec in EIGHTEEN.items() if name in ROUND12_NAMES},
    "yunlong": ("yunlong", DATA / "retrieval_blind14.jsonl", "dev"),
    "huaxi": ("huaxi", DATA / "retrieval_blind15.jsonl", "dev"),
}
WORK = Path(os.environ.get("ROUND13_WORK", "/tmp/r13"))
# round 13: the two rules that claimed 花溪区's none rows, each made stricter
WORD_MIN = (0.0, 0.34, 0.5, 0.67)  # a "word held" for CLOSE_Z needs at least this flag cover (0: any)
SUPPORTED_COVERS = (0.5, 0.55, 0.625, 0.75)  # fusion.SUPPORTED_COVER
SUPPORTED_ZS = (3.0, 3.25, 3.5)  # fusion.SUPPORTED_Z
IN_USE = {
    "close_z": 3.625,
    "bare_z": 4.125,
    "bare_by": "cover",
    "nothing_z": 0.0,
    "word_min": 0.0,
    "supported_cover": 0.5,
    "supported_z": 3.0,
}


def flag(item: dict, row: dict, config: dict) -> bool:
    """Round 12's flag with round 13's two stricter rules (word min; supported cover and z from ``config``)."""
    z, above = item["z"], item["above"]
    word = item["cover" if config["bare_by"] == "cover" else "specific"]
    has_word = word > 0 and word >= config["word_min"]
    need = config["close_z"] if has_word else max(config["close_z"], config["bare_z"])
    if config["nothing_z"] and row["nothing_specific"]:
        need = max(need, config["nothing_z"])
    close = above and z >= need
    supported = above and z >= config["supported_z"] and item["held"] >= config["supported_cover"]
    return close or supported or item["held"] >= fusion.CONFIDENT_COVER


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
                out.append(
                    {
                        "set": name,
                        "id": row["id"],
                        "query": row["query"],
                        "no": item["no"],
                        "rules": rules,
                        **{k: item[k] for k in ("z", "cover", "specific", "held")},
                        "nothing_specific": row["nothing_specific"],
                    }
                )
    return out


def changes(captured: dict[str, list[dict]], config: dict) -> list[dict]:
    """Rows whose outcome differs from the values in use under ``config`` (none claimed/freed, first hit flag)."""
    out = []
    for name, rows in captured.items():
        for row in rows:
            before, after = scores([row], IN_USE, flag), scores([row], config, flag)
            if before != after:
                out.append(
                    {
                        "set": name,
                        "id": row["id"],
                        "type": row["type"],
                        "query": row["query"],
                        "before": before,
                        "after": after,
                    }
                )
    return out


def main() -> None:
    cache = WORK / "round13-confidence-capture.json"
    captured = (
        json.loads(cache.read_text())
        if cache.exists()
        else capture(SETS, WORK, covers=("flag_cover", "flag_literal"))  # round 12b: the flag's own covers
    )
    cache.write_text(json.dumps(captured, ensure_ascii=False))
    round13_keys = {k: IN_USE[k] for k in ("word_min", "supported_cover", "supported_z")}
    configs = [{**dict(zip(GRID, v)), **round13_keys} for v in itertools.product(*GRID.values())]
    configs = [c for c in configs if not (c["nothing_z"] and c["nothing_z"] <= c["bare_z"])]  # off or stricter
    # round 13's rules, the round-12 values in use otherwise
    for close_z, word_min, supported_cover, supported_z in itertools.product(
        GRID["close_z"], WORD_MIN, SUPPORTED_COVERS, SUPPORTED_ZS
    ):
        config = {
            **IN_USE,
            "close_z": close_z,
            "word_min": word_min,
            "supported_cover": supported_cover,
            "supported_z": supported_z,
        }
        if config not in configs:
            configs.append(config)

    def round12(c: dict) -> bool:
        return all(c[k] == IN_USE[k] for k in round13_keys)

    variants = {
        "in use (round 9)": lambda c: c == IN_USE,
        "bare z only": lambda c: (
            round12(c) and c["bare_by"] == "cover" and not c["nothing_z"] and c["close_z"] == 3.625
        ),
        "bare by specific": lambda c: (
            round12(c) and c["bare_by"] == "specific" and not c["nothing_z"] and c["close_z"] == 3.625
        ),
        "nothing z": lambda c: (
            round12(c) and c["bare_by"] == "cover" and c["bare_z"] == 4.125 and c["close_z"] == 3.625
        ),
        "all (round 12's grid)": round12,
        "word min": lambda c: all(c[k] == IN_USE[k] for k in IN_USE if k != "word_min"),
        "supported": lambda c: all(c[k] == IN_USE[k] for k in IN_USE if k not in ("supported_cover", "supported_z")),
        "round 13 all": lambda c: c["bare_z"] == IN_USE["bare_z"] and not c["nothing_z"] and c["bare_by"] == "cover",
    }
    study = FlagStudy(captured, configs, IN_USE, flag)
    report = study.report(variants)
    names = study.names
    report["claimed_none"] = claimed_none(captured)
    report["changes_on_all"] = {
        label: changes(captured, configs[study.pick(names, allowed)]) for label, allowed in variants.items()
    }
    out = ROOT / "benchmarks" / "results" / "round13-confidence.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    print_variants(report)
    for label, moved in report["changes_on_all"].items():
        for m in moved:
            print("moves under", label, m)
    for c in report["claimed_none"]:
        print("claimed none:", c)
    print_nested(report)


if __name__ == "__main__":
    main()
