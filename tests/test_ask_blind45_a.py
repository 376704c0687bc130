"""Floors for round 7 part a's kinds (target, done, comparison, unanswerable) on the two
blind sets by other writers, now dev: ``tests/data/ask_blind4.jsonl`` over
``tests/fixtures/ask_blind4/yunxi-2025-q1.txt`` (云溪区 1-3月) and ``tests/data/ask_blind5.jsonl``
over ``tests/fixtures/ask_blind5/liutang-2023-h1.txt`` (柳塘区 1-6月). Measured once as held-out
on main d56d98e (round-6 code): ask_blind4 target 15/20, done 20/20, comparison 7/20,
unanswerable 19/26; ask_blind5 target 16/20, done 17/20, comparison 12/20, unanswerable 17/26.
Round 7a (branch ``ask7a``) then tuned on their misses; the floors are its dev counts, so they
only guard against regressions (docs/ask-round7a.md). Part b keeps its kinds' floors in
``tests/test_ask_blind45_b.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import answers_right_per_kind, index_report_alone

ROOT = Path(__file__).parent
SETS = {
    "ask_blind4": ROOT / "fixtures" / "ask_blind4" / "yunxi-2025-q1.txt",
    "ask_blind5": ROOT / "fixtures" / "ask_blind5" / "liutang-2023-h1.txt",
}
# Right answers per kind on dev after round 7a (n in brackets).
MEASURED = {
    "ask_blind4": {"target": 20, "done": 20, "comparison": 19, "unanswerable": 26},  # (20, 20, 20, 26)
    "ask_blind5": {"target": 20, "done": 20, "comparison": 20, "unanswerable": 26},  # (20, 20, 20, 26)
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_dev_answers_of_part_a_kinds_do_not_regress(name, tmp_path_factory, monkeypatch):
    index = index_report_alone(tmp_path_factory, SETS[name])
    right, by_kind = answers_right_per_kind(index, ROOT / "data" / f"{name}.jsonl", "dev", monkeypatch)
    floors = MEASURED[name]
    low = {kind: (right[kind], floor, by_kind[kind]["wrong"]) for kind, floor in floors.items() if right[kind] < floor}
    assert not low, low
