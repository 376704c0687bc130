"""Choose ``ANSWER_THRESHOLD`` (search/answer.py) by k-fold cross-validation on dev questions only.

Each labelled set is indexed alone (its report), every dev question is asked once with the
threshold off, and each fold's threshold is the one best on the other folds (ties: nearest the
current value), scored on the held fold. Also prints answered-and-right / answered per threshold.

    PYTHONPATH=src .venv/bin/python scripts/ask_threshold_cv.py [--folds 5] [--seed 13]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import wrsearch.search.answer as answer_module
from wrsearch.engine import Engine
from wrsearch.evaluate import answer_correct, load_ask_rows
from wrsearch.index.build import build_index

ROOT = Path(__file__).resolve().parents[1]
# (questions, the one report they are about)
SETS = (
    (ROOT / "tests/data/ask_intents.jsonl", ROOT / "corpus/wuchang-2021-q1.txt"),
    (ROOT / "tests/data/ask_songling.jsonl", ROOT / "tests/fixtures/status/songling-2022-h1.txt"),
    (ROOT / "tests/data/ask_songling_q3.jsonl", ROOT / "tests/fixtures/status/songling-2022-q3.txt"),
)
CANDIDATES = tuple(round(x / 200, 3) for x in range(60, 181))  # 0.30 … 0.90


def records(work: Path) -> list[dict]:
    """Every dev question with its confidence, whether it was answered, and whether the answer
    would be right if given (unanswerable: never)."""
    current = answer_module.ANSWER_THRESHOLD
    answer_module.ANSWER_THRESHOLD = 0.0
    rows = []
    try:
        for questions, report in SETS:
            corpus, index = work / f"{report.stem}-corpus", work / f"{report.stem}-index"
            corpus.mkdir()
            shutil.copy(report, corpus / report.name)
            build_index(corpus, index)
            engine = Engine(index)
            for row in load_ask_rows(questions, "dev"):
                response = engine.ask(row.query)
                right = row.kind != "unanswerable" and answer_correct(engine, row)[0]
                rows.append(
                    {
                        "id": row.id,
                        "kind": row.kind,
                        "confidence": response.confidence,
                        "answered": response.answer is not None,
                        "right": right,
                    }
                )
    finally:
        answer_module.ANSWER_THRESHOLD = current
    return rows


def scored_right(row: dict, threshold: float) -> bool:
    given = row["answered"] and row["confidence"] >= threshold
    return not given if row["kind"] == "unanswerable" else given and row["right"]


def best_threshold(rows: list[dict], current: float) -> float:
    return max(CANDIDATES, key=lambda t: (sum(scored_right(r, t) for r in rows), -abs(t - current)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        rows = records(Path(work))
    current = answer_module.ANSWER_THRESHOLD
    shuffled = rows[:]
    random.Random(args.seed).shuffle(shuffled)
    folds = [shuffled[i :: args.folds] for i in range(args.folds)]
    for number, held in enumerate(folds, 1):
        train = [r for other in folds if other is not held for r in other]
        threshold = best_threshold(train, current)
        accuracy = sum(scored_right(r, threshold) for r in held) / len(held)
        print(f"fold {number}: n={len(held)} threshold={threshold} held-fold accuracy={accuracy:.3f}")
    print(f"all {len(rows)} dev questions: best threshold {best_threshold(rows, current)} (current {current})")
    for threshold in (0.55, 0.58, 0.6, 0.62, 0.65):
        given = [r for r in rows if r["answered"] and r["confidence"] >= threshold]
        calibrated = sum(r["right"] for r in given) / max(len(given), 1)
        accuracy = sum(scored_right(r, threshold) for r in rows) / len(rows)
        print(
            f"threshold {threshold}: accuracy {accuracy:.3f}, answered-and-right/answered {calibrated:.3f} ({len(given)})"
        )


if __name__ == "__main__":
    main()
