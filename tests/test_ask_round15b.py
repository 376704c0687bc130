"""Round 15b (docs/ask-round15b.md): plan and result read apart, and lists without passing
mentions. Tried in wordings other than the dev questions that showed each cause, on an invented
report (``tests/fixtures/ask_round15b/sangyuan-2034-y.txt``, 桑园区 2034年全年: 研发投入占比,
数字化车间, 公共充电桩, 市政道路, 一网通办, 营商环境 section, 直播带货, 农村居民收入…)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.figures import restates, stated_figures
from wrsearch.answer.intent import plan_done_parts

from conftest import assert_answer, assert_cli_answer, assert_listed, listed_numbers, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask_round15b" / "sangyuan-2034-y.txt"


# the 桑园区 report indexed alone, and an Engine on it
index, engine = report_fixtures(REPORT)


# A plan and its result asked together: each figure from its own clause — the estimate (预计为) is
# the result beside the plan; the plan's unit is its measure word (25家企业 → 家, so 已完成改造9家
# counts); a rate named in quotes (“一网通办”率) is the result's rate, not another one beside it.
@pytest.mark.parametrize(
    ("question", "item", "texts"),
    [
        ("研发投入占比目标和预计数", 2, ["2.6%", "2.48%"]),  # 占比目标 is the ratio's plan, not a share
        ("数字化车间改造任务数和已完成数", 3, ["25家", "9家"]),  # not 为37家企业提供免费咨询
        ("一网通办率年度目标多少,目前达到多少", 13, ["90%", "92.4%"]),  # not 网上受理率达到99%
    ],
)
def test_a_plan_and_its_result_come_from_their_own_clauses(engine, question, item, texts):
    assert_answer(engine, question, *texts, intent="comparison", source=f"sangyuan-2034-y#{item}")


def test_a_rate_beside_the_one_asked_is_not_the_result(engine):
    assert_answer(engine, "一网通办率年度目标多少,目前达到多少", absent=("99%",))


def test_an_estimate_asked_beside_a_plan_is_its_result():
    parts = plan_done_parts("研发投入占比目标和预计数")
    assert parts is not None and parts[1] == "预计数"
    assert plan_done_parts("研发投入占比目标是多少") is None


# 跟年度计划比,进度怎么样: the result against the plan asked in words; the plan's figure is given
# with the progress when the progress does not set itself against the plan. When it does
# (完成年度目标的107.5%), the progress alone answers.
@pytest.mark.parametrize("question", ["公共充电桩跟年度计划比，进度怎么样", "公共充电桩和年度目标比,建得怎么样了"])
def test_a_result_set_against_the_plan_in_words_gives_the_plan_too(engine, question):
    assert_answer(engine, question, "800个", "310个", source="sangyuan-2034-y#9")


def test_a_result_that_names_its_share_of_the_plan_needs_no_plan_clause(engine):
    assert_answer(engine, "养老床位跟年度任务比,完成得怎么样", "107.5%", absent=("400张",))


# 20条市政道路修好了几条: the question states the plan's figure; the result asked is another one.
def test_a_figure_the_question_states_is_not_the_result(engine):
    assert_answer(engine, "20条市政道路修好了几条", "14条", intent="done", source="sangyuan-2034-y#7")


# 年度计划新增数: the plan noun, the act it counts, then 数 asks the plan (新建公共充电桩800个), not
# the result the progress gives.
@pytest.mark.parametrize(
    ("question", "text", "item"),
    [("公共充电桩年度计划新建数", "800个", 9), ("托位今年目标新增量", "600个", 16)],
)
def test_a_plan_noun_with_the_act_it_counts_asks_the_plan(engine, question, text, item):
    assert_answer(engine, question, text, intent="target", source=f"sangyuan-2034-y#{item}")


# 征地 is the reports' 征收土地.
def test_land_taken_is_read_as_the_reports_word(engine):
    assert_answer(engine, "轨道交通沿线征地搞了多少亩", "260亩", source="sangyuan-2034-y#6")


def test_stated_figures_are_read_by_their_measure_word():
    assert stated_figures("20条市政道路修好了几条") == {("20", "条")}
    assert restates("全年新建改造市政道路20条,", {("20", "条")})
    assert not restates("已完工14条、在建6条", {("20", "条")})
    assert not restates("全年新建改造市政道路20条,", set())


# Lists: an item mentioning the subject in passing in one department's part (整治道路交通违法行为)
# is no item about it when another item's task holds that subject; a section heading (打造一流营商
# 环境) names its items' theme; 修路 takes in 农村公路; 农民 is the reports' 农村居民.
def test_an_item_mentioning_the_subject_in_passing_is_not_listed(engine):
    response = assert_listed(engine, "道路建设和地铁有关的事项", {6, 7}, intent="list", cited=False)
    assert 11 not in listed_numbers(response), response


@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("营商环境、项目审批提效有哪些举措", {13, 14}),  # 营商环境: only the section heading says it
        ("修路相关的任务有哪些", {7, 8}),  # 农村公路 is road building too
        ("农民增收和直播带货相关的事项有哪些", {4, 5}),  # 农村居民人均可支配收入
    ],
)
def test_a_list_finds_items_by_their_section_and_the_reports_words(engine, question, items):
    response = assert_listed(engine, question, items, intent="list", confidence=0.6)
    assert 11 not in listed_numbers(response), response


def test_through_the_cli(index):
    assert_cli_answer(index, "数字化车间改造任务数和已完成数", "25家", "9家", absent=("37家",))
