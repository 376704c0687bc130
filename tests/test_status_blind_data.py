"""The blind status sets (``tests/data/status_blind{,2,3,4,5}.jsonl`` over
``tests/fixtures/status{,2,3,4,5}``) are well formed: the reports parse with their year, period and
item count; every item, or department segment, is labelled exactly once; every clause is found
verbatim in the text it labels; each status has at least four rows; and each set is in the split
its history says (1–4 measured once as held-out, then moved to dev; 5 still held-out; see
docs/status-blind*.md). Checks the data only: the classifier is measured on these sets in
tests/test_status.py."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from wrsearch.ingest.read import read_report

ROOT = Path(__file__).resolve().parents[1]
STATUSES = {"滞后", "正常推进", "超进度", "已完成", "未启动", "数据未出"}
BASE_FIELDS = {"report", "item", "segment", "status", "clause", "split"}


@dataclass(frozen=True)
class BlindStatusSet:
    """One blind set and what its writer's note says about it."""

    name: str
    fixtures: str
    reports: dict[str, tuple[int, str, int]]  # report stem → (year, period, items)
    split: str
    # Whether the writer labelled both an item and each of its department segments ("both"), or
    # only the segments of an item that has them ("segments").
    units: str
    fields: set[str] = field(default_factory=lambda: set(BASE_FIELDS))
    segmented_items: int | None = None  # items with a paragraph per department, where the note counts them
    city_items: dict[str, int] = field(default_factory=dict)  # report stem → items of the city's report
    rows: int | None = None


SETS = [
    BlindStatusSet(
        "status_blind",
        "status",
        {"songling-2022-h1": (2022, "1-6月", 29), "songling-2022-q3": (2022, "1-9月", 28)},
        split="dev",
        units="segments",
        rows=63,
    ),
    BlindStatusSet(
        "status_blind2",
        "status2",
        {"qingchuan-2022-y": (2022, "全年", 28), "qingchuan-2023-q1": (2023, "1-3月", 30)},
        split="dev",
        units="segments",
    ),
    BlindStatusSet(
        "status_blind3",
        "status3",
        {"nanhu-2023-h1": (2023, "1-6月", 30), "nanhu-2024-m10": (2024, "1-10月", 30)},
        split="dev",
        units="segments",
        city_items={"nanhu-2024-m10": 6},
    ),
    BlindStatusSet(
        "status_blind4",
        "status4",
        {"beitang-2024-q3": (2024, "1-9月", 30), "beitang-2025-q1": (2025, "1-3月", 30)},
        split="dev",
        units="both",
        fields=BASE_FIELDS | {"moved"},
        segmented_items=5,
        rows=70,
    ),
    BlindStatusSet(
        "status_blind5",
        "status5",
        {"xiling-2023-y": (2023, "全年", 30), "xiling-2024-h1": (2024, "1-6月", 31)},
        split="heldout",
        units="both",
        segmented_items=5,
        rows=72,
    ),
]


@pytest.fixture(scope="module", params=SETS, ids=lambda s: s.name)
def blind_set(request) -> tuple[BlindStatusSet, dict, list[dict]]:
    """A set, its reports parsed, and its rows."""
    spec: BlindStatusSet = request.param
    reports = {
        path.stem: read_report(path) for path in sorted((ROOT / "tests" / "fixtures" / spec.fixtures).glob("*.txt"))
    }
    labels = ROOT / "tests" / "data" / f"{spec.name}.jsonl"
    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    return spec, reports, rows


def labelled_texts(spec: BlindStatusSet, reports: dict) -> dict[tuple[str, int, str | None], str]:
    """Every unit that needs a label, mapped to the text its clause must come from."""
    units = {}
    for stem, report in reports.items():
        for item in report.items:
            if spec.units == "both" or not item.segments:
                units[(stem, item.no, None)] = item.progress
            for segment in item.segments:
                units[(stem, item.no, segment.department)] = segment.text
    return units


def test_reports_parse_with_their_year_period_and_items(blind_set):
    spec, reports, _ = blind_set
    assert set(reports) == set(spec.reports)
    for stem, (year, period, count) in spec.reports.items():
        report = reports[stem]
        assert (report.year, report.period, len(report.items)) == (year, period, count)
        assert all(item.period == period and item.year == year for item in report.items)
    for stem, count in spec.city_items.items():
        city = [item for item in reports[stem].items if item.issuer == "市"]
        assert len(city) == count and all(item.lead_departments for item in city)
    if spec.segmented_items is not None:
        segmented = [item for report in reports.values() for item in report.items if item.segments]
        assert len(segmented) == spec.segmented_items


def test_every_unit_labelled_exactly_once(blind_set):
    spec, reports, rows = blind_set
    keys = [(row["report"], row["item"], row["segment"]) for row in rows]
    assert not [key for key, n in Counter(keys).items() if n > 1]
    assert set(keys) == set(labelled_texts(spec, reports))
    if spec.rows is not None:
        assert len(rows) == spec.rows


def test_clauses_are_verbatim_in_the_labelled_text(blind_set):
    spec, reports, rows = blind_set
    units = labelled_texts(spec, reports)
    missing = [row for row in rows if row["clause"] not in units[(row["report"], row["item"], row["segment"])]]
    assert not missing


def test_fields_split_and_every_status_on_four_rows(blind_set):
    spec, _, rows = blind_set
    for row in rows:
        assert set(row) == spec.fields
        assert row["status"] in STATUSES and row["split"] == spec.split and row["clause"]
    per_status = Counter(row["status"] for row in rows)
    assert set(per_status) == STATUSES and min(per_status.values()) >= 4
