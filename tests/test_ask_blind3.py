"""The third blind question set (``tests/data/ask_blind3.jsonl``, 140 questions over the
invented 红岭区 report ``tests/fixtures/ask_blind3/hongling-2022-y.txt``): written by someone who
never saw the answerer, measured once as held-out on main 6843042, then moved to dev and tuned on
in round 6 (branch ``ask6``). These floors are the dev counts per kind after that round, so they
only guard against regressions (README, "Questions
and answers"); they are not estimates of accuracy elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import answers_right_per_kind, index_report_alone

ROOT = Path(__file__).parent
QUESTIONS = ROOT / "data" / "ask_blind3.jsonl"
REPORT = ROOT / "fixtures" / "ask_blind3" / "hongling-2022-y.txt"
# Right answers per kind on dev after round 6 (branch ask6; n in brackets). When measured once
# as held-out on main 6843042: who 16, target 15, done 14, progress 13, dept 14, list 11,
# comparison 12, unanswerable 26.
MEASURED = {
    "who": 16,  # (16)
    "target": 16,  # (16)
    "done": 16,  # (16)
    "progress": 17,  # (17)
    "dept": 17,  # (17)
    "list": 16,  # (16)
    "comparison": 16,  # (16)
    "unanswerable": 26,  # (26)
}


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    """The 红岭区 report indexed alone (~5-20 s)."""
    return index_report_alone(tmp_path_factory, REPORT)


def test_every_question_was_moved_to_dev():
    rows = [json.loads(line) for line in QUESTIONS.read_text("utf-8").splitlines() if line.strip()]
    assert len(rows) == 140 and all(row["split"] == "dev" for row in rows)


def test_dev_answers_do_not_regress(index, monkeypatch):
    right, by_kind = answers_right_per_kind(index, QUESTIONS, "dev", monkeypatch)
    low = {
        kind: (right[kind], MEASURED[kind], by_kind[kind]["wrong"]) for kind in MEASURED if right[kind] < MEASURED[kind]
    }
    assert not low, low
