"""The second blind status set (tests/data/status_blind2.jsonl, docs/status-blind2.md) is well formed:
each label names a real item or segment of its fixture, quotes its clause verbatim, and every item
(or, where the parser splits it, every department's segment) is labelled exactly once. Checks the
data only. Written blind and measured once held out (0.809); now a development set (all rows
``"split": "dev"``); the rules are measured on it in tests/test_status.py."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from wrsearch.ingest.read import read_report

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "status2"
LABELS = ROOT / "tests" / "data" / "status_blind2.jsonl"
STATUSES = {"滞后", "正常推进", "超进度", "已完成", "未启动", "数据未出"}


def load_rows() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_fixtures_parse_with_their_periods():
    periods = {path.stem: read_report(path).period for path in FIXTURES.glob("*.txt")}
    assert periods == {"qingchuan-2022-y": "全年", "qingchuan-2023-q1": "1-3月"}


def test_every_label_quotes_its_item_or_segment():
    reports = {path.stem: {item.no: item for item in read_report(path).items} for path in FIXTURES.glob("*.txt")}
    rows = load_rows()
    keys = Counter((row["report"], row["item"], row["segment"]) for row in rows)
    assert max(keys.values()) == 1
    for row in rows:
        assert row["status"] in STATUSES and row["split"] == "dev"
        item = reports[row["report"]][row["item"]]
        segments = {segment.department: segment.text for segment in item.segments}
        text = segments[row["segment"]] if row["segment"] else item.progress
        assert not (row["segment"] is None and segments), f"{item.id} has segments"
        assert row["clause"] in text, (item.id, row["segment"], row["clause"])
    for name, items in reports.items():
        for item in items.values():
            wanted = {(name, item.no, s.department) for s in item.segments} or {(name, item.no, None)}
            assert wanted <= keys.keys(), wanted - keys.keys()


def test_every_status_has_at_least_four_rows():
    counts = Counter(row["status"] for row in load_rows())
    assert set(counts) == STATUSES and min(counts.values()) >= 4
