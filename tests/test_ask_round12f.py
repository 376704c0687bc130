"""Round 12, part f (docs/ask-round12f.md): single-answer kinds and unanswerables — what the
question asks (a plan's figure, days, a person, places, the whole stock) checked against what the
answer holds, each family tried in wordings other than the dev questions that showed the cause,
with nouns no labelled set uses, on an invented whole-year report written for these tests
(``tests/fixtures/ask12f/botang-2031-y.txt``, 柏塘区 2031年全年: 有轨电车2号线, 适老化改造,
不动产登记, 公共充电桩, 柏塘实验学校, 滨水步道, 城际铁路柏塘站, 区第二人民医院) and on invented items."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.clauses import asked_unit, has_quantity
from wrsearch.answer.conflict import conflict, item_text
from wrsearch.engine import Engine

from conftest import assert_answer, assert_no_answer, classified, invented_item, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask12f" / "botang-2031-y.txt"
HALF_YEAR = Path(__file__).parent / "fixtures" / "ask11u" / "zhuqiao-2030-h1.txt"


# the 柏塘区 whole-year report indexed alone (~5-20 s), and an Engine on it
index, engine = report_fixtures(REPORT)


# An ordinal (2号线, 3号楼) names a thing: a clause with no other number holds no figure.
@pytest.mark.parametrize("clause", ["推进有轨电车2号线柏塘段建设", "完成3号楼外立面改造", "5号地块完成出让"])
def test_an_ordinal_is_no_amount(clause):
    assert not has_quantity(clause)


def test_an_amount_beside_an_ordinal_still_counts():
    assert has_quantity("2号线完成年度投资9亿元")


@pytest.mark.parametrize("question", ["有轨电车2号线柏塘段年度投资计划", "有轨电车2号线今年计划投资多少"])
def test_a_plan_figure_is_not_the_task_sentence_without_it(engine, question):
    assert_answer(engine, question, "9亿元")


# 目标户数, 计划人数: a plan noun with the measure it counts ends the question: a target.
@pytest.mark.parametrize(
    ("question", "figure"),
    [("适老化改造目标户数", "400户"), ("高素质农民培训目标人数", "600人"), ("适老化改造的计划户数是多少", "400户")],
)
def test_a_plan_noun_with_its_measure_asks_the_plan(engine, question, figure):
    assert classified(question).value == "target"
    assert_answer(engine, question, figure, source=f"botang-2031-y#{6 if '适老化' in question else 7}")


# 几天, 天数: days asked, answered by 个工作日 / 日 however the report says the span.
@pytest.mark.parametrize(
    ("question", "figure"),
    [("不动产登记现在平均要几天", "2.5个工作日"), ("不动产一般登记办理天数多少", "2.5个工作日"), ("抵押登记现在几天能办好", "1日")],
)
def test_days_asked_are_answered_in_working_days(engine, question, figure):
    assert_answer(engine, question, figure)


@pytest.mark.parametrize("question", ["绿化达标天数比例目标多少", "水质达标天数占比是多少"])
def test_a_share_of_days_asks_no_days(question):
    unit = asked_unit(question)
    assert unit is None or not unit.search("天")


# The whole stock asked is not answered by the work planned (任务数) any more than by the new ones.
@pytest.mark.parametrize("question", ["全区公共充电桩总数有多少个", "公共充电桩一共有多少个"])
def test_a_total_is_not_answered_by_a_task_figure(engine, question):
    assert_no_answer(engine, question, not_in_report="总数")


def test_a_total_plan_asked_is_still_the_plan():
    item = invented_item("新建公共充电桩300个。", "纳入考核的公共充电桩任务数300个，已建成268个。")
    corpus = f"柏塘区 {item_text(item)}"
    assert conflict("公共充电桩总数目标是多少", [item], corpus, "任务数300个", "任务数300个") is None


# A person asked (校长, 院长) is not answered by a list of departments.
@pytest.mark.parametrize(("question", "title"), [("柏塘实验学校的校长是谁", "校长"), ("区中心医院院长叫什么", "院长")])
def test_a_person_is_not_a_department(engine, question, title):
    assert_no_answer(engine, question, not_in_report=title)


# Places asked with no kind (哪些地方, 哪些地点) need a place named, not a count of sites.
def test_places_asked_are_not_answered_by_a_count(engine):
    assert_no_answer(engine, "滨水步道具体选址在哪些地方", not_in_report="具体地点")


def test_places_named_answer_where():
    item = invented_item("改造社区篮球场10片。", "在东岗社区、西湖村等地改造社区篮球场10片。")
    corpus = f"柏塘区 {item_text(item)}"
    answer = "在东岗社区、西湖村等地改造社区篮球场10片"
    assert conflict("社区篮球场改造在哪些地点", [item], corpus, None, answer) is None


# Who, in the question's own words: an item saying them beats one saying only a synonym's form.
# (医院's synonym forms hold 社区卫生服务中心: item 12 says only that, item 13 says 医院.)
@pytest.mark.parametrize("question", ["新医院由哪个单位建", "新的医院归谁建"])
def test_who_prefers_the_subject_in_its_own_words(engine, question):
    assert_answer(engine, question, answer="区卫健局、区城投公司", source="botang-2031-y#13")


# 落在哪几个单位头上 is a who-question: the measure word does not make it a where-question.
@pytest.mark.parametrize("question", ["充电桩建设的任务落在哪几个单位头上", "适老化改造落在哪些单位头上"])
def test_units_asked_are_no_places(engine, question):
    response = assert_answer(engine, question)
    assert response.not_in_report is None, response


# A part named only by an act the task lacks (施工 of 保障施工用地) is not the answer when another
# part says more of the subject (城际铁路柏塘站…); one named by a thing (主体工程) still is.
def test_the_part_about_the_subject_answers_progress(engine):
    response = assert_answer(engine, "城际铁路柏塘站施工进展怎么样", absent=("征收",))
    assert response.answer.startswith("区铁路办"), response


def test_a_part_named_by_a_thing_stays_the_answer(engine):
    response = assert_answer(engine, "第二人民医院新院区主体工程干到哪了")
    assert response.answer.startswith("区城投公司"), response


@pytest.mark.parametrize(("word", "act"), [("施工", True), ("征收", True), ("工程", False), ("栈道", False)])
def test_an_act_is_told_from_a_thing(word, act):
    from wrsearch.answer.who import names_act

    assert names_act(word) is act


# 去年 asked of a whole-year report (read the year after): that report's year.
@pytest.mark.parametrize(("question", "figure"), [("去年一般公共预算收入完成多少", "41.3亿元"), ("去年充电桩建成了多少个", "268个")])
def test_last_year_of_a_whole_year_report_is_its_year(engine, question, figure):
    assert_answer(engine, question, figure)


def test_last_year_of_a_half_year_report_is_not_indexed(tmp_path_factory):
    from conftest import index_report_alone

    half = Engine(index_report_alone(tmp_path_factory, HALF_YEAR))
    assert_no_answer(half, "去年新建了多少座雨水泵站")


# 社零总额 is held in its report form (社会消费品零售总额): no other kind of 总额.
@pytest.mark.parametrize("question", ["前三季度社零总额是多少", "1-6月社零总额有多少"])
def test_a_noun_in_its_report_form_is_held(question):
    item = invented_item("社会消费品零售总额增长6%。", "1-9月社会消费品零售总额完成210.4亿元，同比增长5.1%。")
    corpus = f"柏塘区 {item_text(item)}"
    figure = "1-9月社会消费品零售总额完成210.4亿元"
    assert conflict(question, [item], corpus, figure, figure) is None
