"""The words shown as why two items are related are topics, not places: the report's own
district (its name read from the report id or the title) and a place name many of the report's
items hold say where the work is, not what it is. Over an invented report (松河区, 24 items)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from wrsearch.cli import app
from wrsearch.engine import Engine
from wrsearch.search import relations
from wrsearch.search.relations import is_own_district

from conftest import ROOT, index_report_alone

REPORT = ROOT / "tests" / "fixtures" / "related_places" / "songhe-2024-h1.txt"


@pytest.fixture(scope="module")
def songhe_index(tmp_path_factory):
    return index_report_alone(tmp_path_factory, REPORT)


def shared_words(index, monkeypatch, no: int) -> dict[int, list[str]]:
    """Per related item of ``no`` (all 23 others asked for), the words shown, through the CLI."""
    monkeypatch.setenv("WRSEARCH_INDEX", str(index))
    result = CliRunner().invoke(app, ["related", f"songhe-2024-h1#{no}", "-k", "23", "--json"])
    assert result.exit_code == 0, result.output
    return {hit["no"]: hit["shared_terms"] or [] for hit in json.loads(result.stdout)["hits"]}


def test_the_district_and_a_place_many_items_hold_are_no_reason(songhe_index, monkeypatch):
    # 松河 (the report id's songhe) is in two items: 松河大道 (6) and 松河医院 (13).
    assert all("松河" not in words for words in shared_words(songhe_index, monkeypatch, 13).values())
    assert all("松河" not in words for words in shared_words(songhe_index, monkeypatch, 6).values())
    # 清溪 (科技园, 文旅小镇, 清溪河) is in 3 of the 24 items: more than PLACE_SHARE.
    for no in (3, 5, 9):
        assert all("清溪" not in words for words in shared_words(songhe_index, monkeypatch, no).values())
    # What the work is stays a reason; so does a place only two items share (白沙路: the junction
    # the new road and the 快速化改造 both work at), shown by the whole name both hold (round 17).
    assert "污水" in shared_words(songhe_index, monkeypatch, 9)[10]
    assert "白沙路" in shared_words(songhe_index, monkeypatch, 7)[6]


def test_without_the_place_rules_those_words_were_shown(songhe_index, monkeypatch):
    """The same words are shown once both rules are off: the rules are what removes them."""
    monkeypatch.setattr(relations, "PLACE_SHARE", 1.0)
    monkeypatch.setattr(relations, "is_own_district", lambda word, report, title="": False)
    engine = Engine(songhe_index)
    shown = {
        no: {word for hit in engine.related(f"songhe-2024-h1#{no}", k=23).hits for word in hit.shared_terms or []}
        for no in (3, 13)
    }
    assert "松河" in shown[13] and "清溪" in shown[3], shown


def test_the_own_district_is_read_from_the_report_id_or_the_title():
    assert is_own_district("金桥", "jinqiao-2024-q3") and is_own_district("金桥区", "jinqiao-2024-q3")
    assert is_own_district("玉泉", "yuquan-2025-h1")
    assert not is_own_district("医院", "jinqiao-2024-q3") and not is_own_district("金桥", "yuquan-2025-h1")
    assert is_own_district("东港", "report-2022", "东港区2022年《政府工作报告》重点工作完成情况")
    # 开发区, 老旧小区 name no district
    assert not is_own_district("开发", "report-2022", "开发区2022年重点工作")
    assert not is_own_district("老旧", "report-2022", "老旧小区改造")
