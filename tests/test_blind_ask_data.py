"""Checks the ask_blind set (`tests/data/ask_blind.jsonl`) against its report; blind when written,
dev since its one held-out measurement.

Only the parser runs here (never the answerer): every expected text must sit verbatim in the
field it is labelled with, and department/list labels must match the parsed 责任单位.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from wrsearch.ingest.read import read_report

DATA = Path(__file__).parent / "data" / "ask_blind.jsonl"
FIXTURES = Path(__file__).parent / "fixtures" / "ask_blind"
ROWS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def items():
    report = read_report(FIXTURES / "linjiang-2023-h1.txt")
    return {item.no: item for item in report.items}


def test_set_shape():
    assert len({row["id"] for row in ROWS}) == len(ROWS)
    assert {row["split"] for row in ROWS} == {"dev"}
    assert {row["moved"] for row in ROWS} == {"heldout→dev 2026-11-28 after its one measurement"}
    assert {row["report"] for row in ROWS} == {"linjiang-2023-h1"}
    counts = Counter(row["kind"] for row in ROWS)
    kinds = ("who", "target", "done", "progress", "dept", "list", "comparison")
    assert all(counts[kind] >= 14 for kind in kinds) and counts["unanswerable"] >= 22


def test_report_parses(items):
    assert sorted(items) == list(range(1, 62))


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_labels_match_report(row, items):
    kind = row["kind"]
    if kind == "who":
        assert sorted(items[row["item"]].departments) == sorted(row["answer"])
    elif kind in ("target", "done", "progress", "comparison"):
        text = getattr(items[row["item"]], row["field"])
        assert all(answer in text for answer in row["answer"])
    elif kind == "dept":
        owned = sorted(no for no, item in items.items() if row["department"] in item.departments)
        assert owned == sorted(row["items"])
    elif kind == "list":
        assert row["items"] and all(no in items for no in row["items"])
        progress = "".join(items[no].progress for no in row["items"])
        assert all(answer in progress for answer in row["answer"])
    else:
        assert kind == "unanswerable" and row["items"] == [] and row["answer"] == []
