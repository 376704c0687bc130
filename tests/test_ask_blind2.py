"""The second blind question set (``tests/data/ask_blind2.jsonl``, 143 questions over the
invented 白沙区 report ``tests/fixtures/ask_blind2/baisha-2024-q3.txt``): written by someone who
never saw the answerer and measured once as held-out on main e55b161 (who 16/17, target 15/17,
done 16/19, progress 17/18, dept 14/16, list 10/16, comparison 13/16, unanswerable 23/24); then
moved to dev (2026-11-28) and tuned on, so these figures are no longer estimates of accuracy on
unseen reports. The floors are the dev counts reached after tuning: they guard against
regressions only (README, "Questions and answers")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import answers_right_per_kind, index_report_alone

ROOT = Path(__file__).parent
QUESTIONS = ROOT / "data" / "ask_blind2.jsonl"
REPORT = ROOT / "fixtures" / "ask_blind2" / "baisha-2024-q3.txt"
# Right answers per kind on dev after tuning (n in brackets); the held-out figures of record
# are in the docstring.
MEASURED = {
    "who": 16,  # (17)
    "target": 17,  # (17)
    "done": 18,  # (19)
    "progress": 18,  # (18)
    "dept": 16,  # (16)
    "list": 15,  # (16); 14 before round 6 (c093 right since)
    "comparison": 16,  # (16)
    "unanswerable": 24,  # (24)
}


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    """The 白沙区 report indexed alone (~5-20 s)."""
    return index_report_alone(tmp_path_factory, REPORT)


def test_every_question_is_dev():
    rows = [json.loads(line) for line in QUESTIONS.read_text("utf-8").splitlines() if line.strip()]
    assert len(rows) == 143 and all(row["split"] == "dev" for row in rows)
    assert {row["moved"] for row in rows} == {"heldout→dev 2026-11-28 after its one measurement"}


def test_dev_answers_do_not_regress(index, monkeypatch):
    right, by_kind = answers_right_per_kind(index, QUESTIONS, "dev", monkeypatch)
    low = {
        kind: (right[kind], MEASURED[kind], by_kind[kind]["wrong"]) for kind in MEASURED if right[kind] < MEASURED[kind]
    }
    assert not low, low
