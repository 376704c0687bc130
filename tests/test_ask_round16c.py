"""Round 16c (docs/ask-round16c.md): city or district. A district's report holding the city's items
too (the city's task, both levels' lead units, the district's own part and plan in the progress):
a question naming a level (市里/全市, 区里/我区/咱们区) gets that level's figure, one naming none the
district's own plan when its progress states one, the city's when only the task does. Tried in
wordings other than the dev questions that showed it, on an invented report
(``tests/fixtures/ask_round16c/lugang-2031-q3.txt``, 芦岗区 2031年1-9月: items 1-8 the city's, 9-13
the district's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.scope import Level, asked_levels, planned_only, without_levels

from conftest import assert_answer, assert_cli_answer, assert_no_answer, cited_numbers, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask_round16c" / "lugang-2031-q3.txt"


# the 芦岗区 report indexed alone, and an Engine on it
index, engine = report_fixtures(REPORT)


# -- the level asked ------------------------------------------------------------------------------


def test_the_levels_a_question_names():
    assert asked_levels("咱们区托位今年要新增多少个") == {Level.DISTRICT}
    assert asked_levels("市里绿道要建多少公里") == {Level.CITY}
    assert asked_levels("棚户区改造市里和区里分别是谁牵头") == {Level.CITY, Level.DISTRICT}
    # 市级重点项目, 市场主体, 区级一般公共预算收入 name things, not a level
    assert asked_levels("市级重点项目完成投资多少") == set()
    assert asked_levels("新登记市场主体多少户") == set()
    assert without_levels("我们区保租房任务多少套") == " 保租房任务多少套"


def test_a_plan_with_only_its_share_is_no_result():
    assert planned_only("完成全年任务(1.2万人次)的81.7%。")
    assert planned_only("我区全年计划新增托位1500个、新建托育机构8家,")
    assert not planned_only("完成年度目标的102.5%")  # a share of the plan, no plan figure
    assert not planned_only("全区开展职业技能培训9800人次,")


@pytest.mark.parametrize(
    ("question", "item", "expected", "not_expected"),
    [
        # the district named: its own plan in the progress, not the city's task
        ("咱们区托位今年要新增多少个", 3, "1500个", "2万个"),
        ("农村公路全区要新改建多少公里", 12, "40公里", None),  # a district item: its task
        # the city named: the task
        ("市里托位目标新增多少个", 3, "2万个", "1500个"),
        ("市里绿道要建多少公里", 1, "300公里", "28公里"),
        ("全市农贸市场改造提升目标是多少", 2, "80个", "6个"),
        # no level named: the district's plan when its progress states one…
        ("农贸市场改造任务多少个", 2, "6个", "80个"),
        # …the city's task when only the task holds a plan
        ("公共厕所今年要建多少座", 8, "200座", None),
    ],
)
def test_a_target_is_the_level_asked(engine, question, item, expected, not_expected):
    assert_answer(engine, question, expected, item=item, absent=(not_expected,) if not_expected else ())


@pytest.mark.parametrize(
    ("question", "item", "plan", "done", "city"),
    [
        ("区里职业技能培训全年任务多少,完成多少", 4, "1.2万人次", "9800人次", "15万人次"),
        ("我区棚改任务多少户,签约了多少", 5, "1300户", "1046户", "1.5万户"),
        ("我区绿道全年任务多少公里,建了多少", 1, "28公里", "21.5公里", "300公里"),
        # no level named, the district's plan in the progress
        ("停车泊位年度计划和已新增数", 6, "2400个", "1730个", "5万个"),
    ],
)
def test_plan_and_result_are_the_districts(engine, question, item, plan, done, city):
    assert_answer(engine, question, plan, done, item=item, absent=(city,))


def test_a_done_figure_is_not_the_plan_stated_first(engine):
    # 我区全年计划新增托位1500个 says 新增, a done word elsewhere; the plan's clause is no result.
    assert_answer(engine, "托位前三季度新增了多少", "1120个", item=3, absent=("1500个",))


def test_who_leads_at_both_levels_through_the_cli(index):
    # 市里和区里分别…: the two levels are no two subjects; the item's block names each level's units.
    names = ("市住建委", "市房管局", "区住建局", "区征收中心")
    assert_cli_answer(index, "棚户区改造市里和区里分别是谁牵头", *names, intent="who", first="lugang-2031-q3#5")


def test_level_words_do_not_touch_a_district_item(engine):
    assert_answer(engine, "全区一般公共预算收入1-9月多少", "31.2亿元", item=9)


def test_a_measure_named_with_a_done_cue_still_asks_its_target(engine):
    # 实际使用外资 is the measure's name; 目标 asks the plan (the task), not the result beside it.
    assert_answer(engine, "实际使用外资今年的目标是多少", "2亿美元", item=13, absent=("1.46亿美元",))
    response = assert_answer(engine, "实际使用外资前三季度完成多少", "1.46亿美元")
    assert cited_numbers(response), response  # cited, as every answer is


@pytest.mark.parametrize("question", ["11个社区食堂都建在哪里", "公共厕所建在哪儿"])
def test_where_asked_needs_a_place_named(engine, question):
    # 哪里 asks a place of any kind, as 哪些地方 does: a count (已建成社区食堂11个) names none.
    assert_no_answer(engine, question)


def test_where_asked_is_answered_by_a_place_named(engine):
    assert_answer(engine, "生态修复工程在哪里", "芦岗河", item=11)
