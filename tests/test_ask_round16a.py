"""Round 16a (docs/ask-round16a.md): who, done, progress, department and unanswerable questions
that main declined or answered wrong on ask_blind22/23, tried in other wordings on an invented
report (``tests/fixtures/ask_round16a/liaowan-2037-q3.txt``, 蓼湾区 2037年前三季度: 协同推进 with
three units, 半程马拉松, 社零's cause, 其余3条正在办理用地手续, 规划…已提交审议, 完成投资, 实际利用市外
资金, 新增学位1.1万个, 参赛2600人次, 各村, 区招商服务中心, 共享单车, 总投资…)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.clauses import asked_unit, unit_fits, with_later_stage
from wrsearch.answer.intent import Intent, classify
from wrsearch.answer.words import split_glued
from wrsearch.search.query import find_departments

from conftest import assert_answer, assert_listed, assert_no_answer, cli_json, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask_round16a" / "liaowan-2037-q3.txt"


# the 蓼湾区 report indexed alone, and an Engine on it
index, engine = report_fixtures(REPORT)


# -- who ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "item", "expected"),
    [
        # how the units take part (协助推进) is the asking, not the subject: every unit of the item
        ("城际快线蓼湾段是哪几家单位协助推进的", 5, ["区重点项目中心", "区交通局", "相关镇街"]),
        # 应当 / 该 before 找 / 问: that one should ask, not what about
        ("普惠托育的事应当找哪个单位", 16, ["区卫健局", "区妇联"]),
        ("托位的事该问谁", 16, ["区卫健局", "区妇联"]),
    ],
)
def test_who_is_asked_however_the_units_take_part(engine, question, item, expected):
    assert_answer(engine, question, *expected, intent="who", item=item)


# -- progress -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "item", "expected"),
    [
        ("半马哪天开跑", 17, "12月开跑"),  # 半马: staff's word for 半程马拉松 (data/synonyms.txt)
        # a cause asked, the subject in a synonym's form (社零总额 → 社会消费品零售总额) with a plan
        # noun ending the question: the item holds the subject, so the cause clause answers
        ("社零总额为什么没达到全年目标", 1, "餐饮消费恢复偏慢"),
        # where the work is stuck: the stage, though a count (几条) names which part
        ("剩余几条断头路卡在什么环节", 6, "正在办理用地手续"),
        ("断头路卡在哪了", 6, "正在办理用地手续"),
        # the events held: the progress naming them, not the item's task line
        ("阅读月都搞了哪些活动", 18, "名家讲座"),
        # whether it is done: the stage it stands at now, said right after the step done
        ("中心片区控规修编做完了吗", 8, "已提交区规委会审议"),
    ],
)
def test_progress_asked_in_other_shapes(engine, question, item, expected):
    assert_answer(engine, question, expected, item=item)


def test_the_stage_asked_is_a_progress_question_whatever_count_is_said(engine):
    plan = engine.answerer.searcher.plan
    assert classify(plan("剩下几条断头路卡在哪个环节")) is Intent.PROGRESS
    assert classify(plan("地铁站建设到了什么阶段")) is Intent.PROGRESS
    # a count asked of a stage named is still a count
    assert classify(plan("还有几条卡在征迁环节")) is not Intent.PROGRESS


def test_a_later_stage_joins_only_when_it_follows_in_the_same_sentence():
    parts = ["完成片区规划编制,", "已报市政府审批。", "新建道路3条。"]
    assert with_later_stage(parts, 0, "完成片区规划编制") == "完成片区规划编制,已报市政府审批"
    # (a figure of its own is another fact; across a sentence end nothing joins)
    assert with_later_stage(["完成规划编制,", "已开工项目5个。"], 0, "完成规划编制") == "完成规划编制"
    assert with_later_stage(["完成规划编制。", "已报市政府审批。"], 0, "完成规划编制") == "完成规划编制"


# -- done -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "item", "expected"),
    [
        # the result's measure ends the question, no 多少: the done figure, not the plan
        ("湖滨医院迁建项目今年实际完成投资", 9, "2.1亿元"),
        ("市外资金实际到位多少", 2, "86.3亿元"),  # 实际到位 asks the result, as 实际完成 does
        # 1.1万个 is in the 个 asked; the 幼儿园 line of the 实事 item has another count
        ("新建学校提供了多少个学位", 12, "1.1万个"),
        # people counted: 参赛2600人次, not the 8场 of the clause naming 职工
        ("职工技能大赛有多少职工参加", 15, "2600人次"),
    ],
)
def test_done_figures_asked_in_other_words(engine, question, item, expected):
    assert_answer(engine, question, expected, item=item)


def test_a_glued_everyday_word_is_cut_from_the_word_beside_it():
    assert split_glued(["半马冠军", "打电诈", "社零额"]) == ["半马", "冠军", "打电诈", "社零额"]


def test_a_count_of_people_asks_a_unit_of_people():
    unit = asked_unit("技能竞赛有多少职工参加")
    assert unit is not None and unit.search("人次") and not unit.search("场")
    # a magnitude before the unit is part of the number
    assert unit_fits("新增学位1.35万个", asked_unit("新增了多少个学位"))


# -- department -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("各村承担了什么任务", {10, 11}),  # a group of units named by its kind: two characters
        ("招商中心这一年要干啥", {2, 3}),  # 招商中心: 区招商服务中心 shortened; 这一年: the report's time
        ("交通局这一年要干啥", {5, 6, 10, 21}),
    ],
)
def test_a_units_items_asked_in_everyday_words(engine, question, items):
    assert_listed(engine, question, items, intent="department", exact=True)


def test_short_names_of_a_centre_need_a_head_of_two_characters():
    known = ["区招商服务中心", "区重点项目中心", "区交通局"]
    assert find_departments("招商中心负责什么", known)[0] == {"区招商服务中心"}
    # 服务中心 of a topic is no unit's short name
    assert find_departments("社区养老服务中心建了几个", known)[0] == set()


def test_dept_query_through_the_cli(index):
    found = cli_json("ask", "各村承担了什么任务", "--index", str(index))
    assert found["intent"] == "department"
    assert {hit["id"] for hit in found["citations"]} == {"liaowan-2037-q3#10", "liaowan-2037-q3#11"}


# -- unanswerable: declined, and the same shapes answered when the report says it ------------------


@pytest.mark.parametrize(
    "question",
    [
        "共享单车怎么收费",  # a price asked; the item gives only how many were put out
        "湖滨医院迁建项目总投资多少",  # the year's plan and result, never the whole project's
        "专精特新企业认定通过了几家",  # the report says 申报, an earlier stage
        # 半马 + 冠军 glued by the tokenizer: 半程马拉松 covers 半马, not the 冠军 asked
        "半马冠军成绩是多少",
    ],
)
def test_what_the_item_does_not_say_is_declined(engine, question):
    assert_no_answer(engine, question)


@pytest.mark.parametrize(
    ("question", "item", "expected"),
    [
        ("蓼湖大道沿线停车场怎么收费", 21, "首小时免费"),
        ("蓼湾体育中心总投资多少", 22, "9.8亿元"),
    ],
)
def test_the_same_shapes_are_answered_when_the_item_says_it(engine, question, item, expected):
    assert_answer(engine, question, expected, item=item)


def test_an_unanswerable_through_the_cli_is_null(index):
    found = cli_json("ask", "共享单车怎么收费", "--index", str(index))
    assert found["answer"] is None
    assert found["citations"]  # the closest items still come back
