"""Round 16d (README "How well it answers"): the district's share of a city task given in the task
itself by the district's name (全市新增学位6万个,檀溪区分解任务5200个), and questions naming the
district by its name (檀溪要新增…) or by a bare 区 before the share handed down (区分解任务是几个).
Found on ask_blind20 (樟坪区) after its one held-out measurement; tried here in other wordings on an
invented report (``tests/fixtures/ask_round16d/tanxi-2032-h1.txt``, 檀溪区 2032年上半年: items 1-4 the
city's, 5-6 the district's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.scope import Level, asked_levels, clause_level, own_district_at

from conftest import assert_answer, assert_cli_answer, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask_round16d" / "tanxi-2032-h1.txt"
REPORT_ID = "tanxi-2032-h1"

# the 檀溪区 report indexed alone, and an Engine on it
index, engine = report_fixtures(REPORT)


def test_the_district_named_by_its_name_is_the_district_level():
    assert own_district_at("全市加装电梯1500部,檀溪区分解任务160部", REPORT_ID) == 12
    assert own_district_at("全市加装电梯1500部", REPORT_ID) == -1
    assert own_district_at("全市加装电梯1500部", "") == -1  # no report id, no name to read
    assert clause_level("檀溪区分解任务160部", "task", REPORT_ID) is Level.DISTRICT
    assert clause_level("全市加装电梯1500部", "task", REPORT_ID) is Level.CITY
    assert asked_levels("檀溪今年要加装多少部电梯", REPORT_ID) == {Level.DISTRICT}
    assert asked_levels("电梯加装区分解任务是多少") == {Level.DISTRICT}
    # 小区, 社区, 园区 before 分 are no level
    assert asked_levels("老旧小区分到多少资金") == set()


@pytest.mark.parametrize(
    ("question", "item", "expected", "not_expected"),
    [
        # the district's share is shown (beside the city's figure it is a share of, when in one sentence)
        ("檀溪今年要新增多少个中小学学位", 1, "5200个", "2100个"),
        ("电梯加装区分解任务是多少部", 3, "160部", "74部"),
        ("嵌入式养老机构区里任务几家", 4, "9家", "4家"),
        ("保租房檀溪区的任务是多少套", 2, "2600套", "1350套"),
        # the city named: the city's figure
        ("全市加装电梯目标多少部", 3, "1500部", "74部"),
    ],
)
def test_the_level_named_picks_its_share_of_the_task(engine, question, item, expected, not_expected):
    """The plan asked, of the level named; never the result in the progress."""
    assert_answer(engine, question, expected, item=item, absent=(not_expected,))


def test_the_district_share_against_its_result_through_the_cli(index):
    question = "檀溪区学位分解任务多少个,上半年新增了多少"
    assert_cli_answer(index, question, "5200个", "2100个", first=f"{REPORT_ID}#1")


def test_a_district_item_keeps_its_task(engine):
    assert_answer(engine, "口袋公园区里全年要建几个", "12个", item=5)
