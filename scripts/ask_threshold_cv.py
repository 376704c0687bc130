"""Choose ``ANSWER_THRESHOLD`` and the confidence factors (answer/) by cross-validation
on dev questions only, leaving one report out per fold.

Each labelled set is about one report and is indexed alone. For every setting of the factors in
``GRID`` each dev question is asked once with the threshold off; each fold takes the setting
and threshold best on the other reports (ties: nearest the current values) and scores them on
the report left out. Also prints answered-and-right / answered per threshold at the current
setting.

    PYTHONPATH=src .venv/bin/python scripts/ask_threshold_cv.py
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from wrsearch.answer import answerer, clauses, comparison, figures, lists, who, words
from wrsearch.engine import Engine
from wrsearch.evaluate import answer_correct, load_ask_rows
from wrsearch.index.build import build_index

ROOT = Path(__file__).resolve().parents[1]
# (questions, the one report they are about)
SETS = (
    (ROOT / "tests/data/ask_intents.jsonl", ROOT / "corpus/wuchang-2021-q1.txt"),
    (ROOT / "tests/data/ask_songling.jsonl", ROOT / "tests/fixtures/status/songling-2022-h1.txt"),
    (ROOT / "tests/data/ask_songling_q3.jsonl", ROOT / "tests/fixtures/status/songling-2022-q3.txt"),
    (ROOT / "tests/data/ask_blind.jsonl", ROOT / "tests/fixtures/ask_blind/linjiang-2023-h1.txt"),
    (ROOT / "tests/data/ask_blind2.jsonl", ROOT / "tests/fixtures/ask_blind2/baisha-2024-q3.txt"),
    (ROOT / "tests/data/ask_blind3.jsonl", ROOT / "tests/fixtures/ask_blind3/hongling-2022-y.txt"),
    (ROOT / "tests/data/ask_qingshi.jsonl", ROOT / "tests/fixtures/retrieval_blind3/qingshi-2024-h1.txt"),
)
CANDIDATES = tuple(round(x / 200, 3) for x in range(60, 181))  # 0.30 … 0.90
# Factor settings tried (name in answer/ → values).
GRID = {
    "UNIT_MISMATCH_FACTOR": (0.5, 0.6),
    "ABSENT_ACT_FACTOR": (0.3, 0.5),
    "PERCENT_FOR_COUNT_FACTOR": (0.6, 0.8),
}

# The modules answer.py was split into: each reads the constants it imported, so a setting is set
# in every one holding it (items_figures keeps its own, as before the split).
ANSWER_MODULES = (words, clauses, figures, who, comparison, lists, answerer)


def get_setting(name: str) -> float:
    return next(getattr(module, name) for module in ANSWER_MODULES if hasattr(module, name))


def set_setting(name: str, value: float) -> None:
    for module in ANSWER_MODULES:
        if hasattr(module, name):
            setattr(module, name, value)


def records(engines: list[tuple[str, Engine, Path]]) -> list[dict]:
    """Every dev question with its confidence, whether it was answered, and whether the answer
    would be right if given (unanswerable: never)."""
    rows = []
    for report, engine, questions in engines:
        for row in load_ask_rows(questions, "dev"):
            response = engine.ask(row.query)
            right = row.kind != "unanswerable" and response.answer is not None and answer_correct(engine, row)[0]
            rows.append(
                {
                    "report": report,
                    "kind": row.kind,
                    "confidence": response.confidence,
                    "answered": response.answer is not None,
                    "right": right,
                }
            )
    return rows


def scored_right(row: dict, threshold: float) -> bool:
    given = row["answered"] and row["confidence"] >= threshold
    return not given if row["kind"] == "unanswerable" else given and row["right"]


def accuracy(rows: list[dict], threshold: float) -> float:
    return sum(scored_right(r, threshold) for r in rows) / max(len(rows), 1)


def main() -> None:
    current = {name: get_setting(name) for name in ("ANSWER_THRESHOLD", *GRID)}
    by_setting: dict[tuple[float, ...], list[dict]] = {}
    with tempfile.TemporaryDirectory() as work:
        engines = []
        for questions, report in SETS:
            corpus, index = Path(work) / f"{report.stem}-corpus", Path(work) / f"{report.stem}-index"
            corpus.mkdir()
            shutil.copy(report, corpus / report.name)
            build_index(corpus, index)
            engines.append((report.stem, Engine(index), questions))
        set_setting("ANSWER_THRESHOLD", 0.0)
        try:
            for setting in itertools.product(*GRID.values()):
                for name, value in zip(GRID, setting):
                    set_setting(name, value)
                by_setting[setting] = records(engines)
        finally:
            for name, value in current.items():
                set_setting(name, value)
    now = tuple(current[name] for name in GRID)
    reports = [report.stem for _, report in SETS]

    def best(train_reports: list[str]) -> tuple[tuple[float, ...], float, float]:
        choices = []
        for setting, rows in by_setting.items():
            train = [r for r in rows if r["report"] in train_reports]
            for threshold in CANDIDATES:
                distance = abs(threshold - current["ANSWER_THRESHOLD"]) + sum(abs(a - b) for a, b in zip(setting, now))
                choices.append((accuracy(train, threshold), -distance, setting, threshold))
        score, _, setting, threshold = max(choices)
        return setting, threshold, score

    print("factors:", ", ".join(GRID))
    for held in reports:
        setting, threshold, train_score = best([r for r in reports if r != held])
        rows = [r for r in by_setting[setting] if r["report"] == held]
        print(
            f"fold held={held}: n={len(rows)} factors={setting} threshold={threshold} "
            f"train accuracy={train_score:.3f} held accuracy={accuracy(rows, threshold):.3f}"
        )
    setting, threshold, score = best(reports)
    print(
        f"all dev questions: best factors {setting} threshold {threshold} accuracy {score:.3f} (current {now} {current['ANSWER_THRESHOLD']})"
    )
    rows = by_setting[now]
    for threshold in (0.5, 0.55, 0.58, 0.6, 0.62, 0.65):
        given = [r for r in rows if r["answered"] and r["confidence"] >= threshold]
        calibrated = sum(r["right"] for r in given) / max(len(given), 1)
        print(
            f"threshold {threshold}: accuracy {accuracy(rows, threshold):.3f}, "
            f"answered-and-right/answered {calibrated:.3f} ({len(given)})"
        )


if __name__ == "__main__":
    main()
