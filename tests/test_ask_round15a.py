"""Round 15a (docs/ask-round15a.md): one unit under two names in one report, declines with the
right item first, and the clause a question asks for. Tried in wordings other than the dev
questions that showed each cause, on an invented report
(``tests/fixtures/ask_round15a/weiwan-2035-h1.txt``, 苇湾区 2035年上半年: 区医保局 and
区医疗保障局, 区退役军人局 and 区退役军人事务局, 区城管局 beside 区城管执法局, 春播备耕, 征收土地,
秋季开学, 科技园二期…)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.ingest.departments import match_departments, same_unit
from wrsearch.search.query import find_departments

from conftest import assert_answer, assert_listed, assert_no_answer, cli_json, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask_round15a" / "weiwan-2035-h1.txt"


# the 苇湾区 report indexed alone, and an Engine on it
index, engine = report_fixtures(REPORT)


# -- one unit, two names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("医保局负责的事项有哪些", {15, 16}),  # the short name asked: the long one's item too
        ("医疗保障局负责哪些工作", {15, 16}),  # the long name asked: the short one's item too
        ("退役军人事务局有哪些任务", {11, 12}),  # 退役军人 + 事务 + 局: a generic word added
    ],
)
def test_a_unit_the_report_writes_two_ways_is_asked_by_either_name(engine, question, items):
    assert_listed(engine, question, items, intent="department", exact=True)


def test_units_an_alias_group_joins_but_the_report_lists_apart_stay_apart(engine):
    # 科技局 and 科信局 share a line of data/departments.txt, and 科学技术协会 holds 科技's
    # characters: none of them is 区科技局 written another way.
    assert_listed(engine, "科技局负责哪些事项", {14}, exact=True, cited=False)


def test_a_unit_whose_name_adds_a_function_to_another_is_another_unit(engine):
    # 城管 + 执法 + 局: not 区城管局 written out; each is asked alone.
    assert_listed(engine, "城管局负责哪些事项", {6, 17}, exact=True, cited=False)
    assert_listed(engine, "城管执法局负责哪些事项", {18}, exact=True, cited=False)


def test_the_short_form_rule_needs_the_same_lead_and_kind_and_one_long_name():
    assert same_unit(["区应急局", "区应急管理局"]) == {"区应急局": {"区应急管理局"}, "区应急管理局": {"区应急局"}}
    assert same_unit(["区卫健委", "区卫生健康委员会"])["区卫健委"] == {"区卫生健康委员会"}  # 委员会 is 委
    assert same_unit(["市应急局", "区应急管理局"]) == {}  # another level of government
    assert same_unit(["区科技局", "区科学技术协会"]) == {}  # another kind of unit
    assert same_unit(["区城管局", "区城管执法局"]) == {}  # a function added, not a generic word
    # two long names fit the short one: which one it is, the report does not say
    assert same_unit(["区体育局", "区体育发展局", "区体育产业局"]) == {}


def test_the_dept_filter_and_the_query_parser_take_both_names():
    known = ["区医保局", "区医疗保障局", "区财政局"]
    assert match_departments("医保局", known) == {"区医保局", "区医疗保障局"}
    assert find_departments("医疗保障局负责哪些工作", known)[0] == {"区医保局", "区医疗保障局"}


def test_search_dept_filter_through_the_cli(index):
    found = cli_json("search", "退役军人", "--dept", "退役军人局", "--index", str(index))
    ids = {hit["id"] for hit in found["hits"]}
    assert {"weiwan-2035-h1#11", "weiwan-2035-h1#12"} <= ids


# -- answered, with the right item first --------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "item", "expected"),
    [
        ("春耕搞得如何了", 2, "春播备耕"),  # everyday 春耕 for the report's 春播备耕
        ("苇湾站征地完成了多少亩", 5, "260亩"),  # 征地 for 征收土地
        ("新建的幼儿园啥时候能用上", 10, "秋季开学"),  # a school's time of year answers when
        ("公共充电桩年度计划新增数", 7, "1200个"),  # 年度计划…数: the plan, from the task
        ("芦花荡创4A有眉目了吗", 4, "初审"),  # the stage asked, not the name's other clause
        ("20条背街小巷改完了几条", 6, "14条"),  # the question's own 20条 is not the answer
    ],
)
def test_answered_from_the_right_clause(engine, question, item, expected):
    assert_answer(engine, question, expected, item=item)


# -- unanswerable: declined ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "冬季供暖管网改了多少公里",  # 供暖, while the item is about 供水
        "科技园一期入驻了多少家企业",  # 一期, while the item is about 二期
        "正在施工的那3座桥叫什么名字",  # names asked; the report gives only their count
    ],
)
def test_another_thing_of_the_same_kind_is_no_answer(engine, question):
    assert_no_answer(engine, question)


def test_the_names_when_the_report_lists_them_are_answered(engine):
    assert_answer(engine, "已通车的2座桥叫什么名字", "苇溪桥")
