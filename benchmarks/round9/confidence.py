"""Round 9: the ``confident`` flag's thresholds by leave-one-set-out over the twelve search dev sets.

Captures, for every topic, factoid and none dev row, the hybrid's top 10 with what the flag reads
(the ranking similarity's deviations above the query's mean, the calibrated floor, the share of
the query's words held as written and through the synonym list), then recomputes the flag for every
combination of ``CLOSE_Z`` × ``SUPPORTED_COVER`` × ``BARE_CLOSE_Z`` (0: no separate threshold for an
item holding none of the query's words) × what counts as holding none (no word at all — ``cover`` —
or no word as written — ``literal``). Two objectives, each by leave one set out: balanced accuracy
(none rows with no confident hit, first relevant hit confident), and none rows first (the hybrid
never below BM25 on them), then the first relevant hit confident.

    ROUND9_WORK=/tmp/r9 python benchmarks/round9/confidence.py   # indexes $ROUND9_WORK/idx-<report>

Output: ``benchmarks/results/round9-confidence.json``. The capture asserts that the flag it
recomputes with the values in use is the real one on every hit.
"""

from __future__ import annotations

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
sys.path.insert(0, str(ROOT / "benchmarks"))
from tune_retrieval import SETS  # noqa: E402

WORK = Path(os.environ.get("ROUND9_WORK", "/tmp/r9"))
last: dict = {}
original = fusion.fuse


def capturing_fuse(dense_similarity, lexical, mask, mode, calibration, *args, **kwargs):
    out = original(dense_similarity, lexical, mask, mode, calibration, *args, **kwargs)
    ranking = kwargs.get("dense_ranking")
    ranking = dense_similarity if ranking is None else ranking
    scored = mask & (ranking > -1)
    values = ranking[scored]
    z = (ranking - values.mean()) / (values.std() or 1.0)
    literal = np.where(mask, lexical.literal, 0.0)
    cover = np.where(mask, lexical.cover, 0.0)
    held = np.where(literal >= fusion.CONFIDENT_LITERAL, cover, literal)
    last["rec"] = {
        s.index: {
            "z": float(z[s.index]),
            "above": bool(dense_similarity[s.index] >= calibration.floor),
            "held": float(held[s.index]),
            "literal": float(literal[s.index]),
            "cover": float(cover[s.index]),
        }
        for s in out[:50]
    }
    return out


def capture() -> dict[str, list[dict]]:
    fusion.fuse = searcher.fuse = capturing_fuse
    fusion.BARE_CLOSE_Z = 0.0  # the flag as it was, so that the check below reads the old rule
    out = {}
    engines: dict[str, Engine] = {}
    for name, (which, path, split) in SETS.items():
        engine = engines.setdefault(which, Engine(WORK / f"idx-{which}"))
        rows = []
        for row in load_qrels(path, split):
            if row.type not in ("topic", "factoid", "none"):
                continue
            hits = engine.search(str(row.query), k=10).hits
            by_no = {engine.searcher.items[i].no: r for i, r in last["rec"].items()}
            found = [{"no": h.no, **by_no[h.no]} for h in hits]
            for h, r in zip(hits, found):
                assert confident(r, 3.625, 0.5, 0.0, "cover") == h.confident, (row.query, h.no)
            rows.append({"type": row.type, "relevant": row.relevant, "hits": found})
        out[name] = rows
    return out


def confident(h: dict, close_z: float, supported_cover: float, bare_z: float, bare_by: str) -> bool:
    close = h["z"] >= close_z and h["above"] and (h[bare_by] > 0 or h["z"] >= bare_z)
    return close or (h["z"] >= fusion.SUPPORTED_Z and h["above"] and h["held"] >= supported_cover) or h["held"] >= 0.8


def shares(res, config, names) -> tuple[float, float | None, float]:
    none, hit = [], []
    for name in names:
        for r in res[name]:
            if r["type"] == "none":
                none.append(0.0 if any(confident(h, *config) for h in r["hits"]) else 1.0)
            else:
                first = next((h for h in r["hits"] if str(h["no"]) in r["relevant"]), None)
                hit.append(1.0 if first and confident(first, *config) else 0.0)
    none_share = statistics.fmean(none) if none else None
    hit_share = statistics.fmean(hit)
    return ((none_share + hit_share) / 2 if none else hit_share), none_share, hit_share


IN_USE = (3.625, 0.5, 0.0, "cover")
GRID = [
    (cz, sc, bare, by)
    for cz in [3.0 + 0.125 * i for i in range(11)]
    for sc in (0.3, 0.4, 0.5, 0.6, 1.1)
    for bare in [0.0] + [3.75 + 0.125 * i for i in range(11)]
    for by in ("cover", "literal")
    if not (bare == 0.0 and by == "literal")
]


def distance(c) -> float:
    return abs(c[0] - 3.625) + abs(c[1] - 0.5) + (c[2] != 0.0) + 0.5 * (c[3] != "cover")


def main() -> None:
    res = capture()
    names = list(res)
    objectives = {
        "balanced": lambda c, ns: (round(shares(res, c, ns)[0], 6), -distance(c)),
        "none_first": lambda c, ns: (round(shares(res, c, ns)[1] or 0, 6), round(shares(res, c, ns)[2], 6), -distance(c)),
    }
    report = {}
    for label, key in objectives.items():
        folds = []
        for left_out in names:
            rest = [n for n in names if n != left_out]
            chosen = max(GRID, key=lambda c: key(c, rest))
            _, none_share, hit_share = shares(res, chosen, [left_out])
            _, none_before, hit_before = shares(res, IN_USE, [left_out])
            folds.append({"left_out": left_out, "chosen": chosen, "none": none_share, "first_relevant_confident": round(hit_share, 4),
                          "before_none": none_before, "before_first_relevant_confident": round(hit_before, 4)})
        chosen = max(GRID, key=lambda c: key(c, names))
        report[label] = {"folds": folds, "chosen_on_all": chosen, "on_all": shares(res, chosen, names), "before_on_all": shares(res, IN_USE, names)}
    text = json.dumps(report, ensure_ascii=False, indent=1)
    (ROOT / "benchmarks" / "results" / "round9-confidence.json").write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
