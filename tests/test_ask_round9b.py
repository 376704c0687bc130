"""Round 9 part b's general rules for who, dept, progress and list questions (docs/ask-round9b.md),
each family tried on an invented report (``tests/fixtures/ask9b/qingfeng-2028-y.txt``, 青枫区,
written for these tests) in wordings other than the dev questions that showed the cause, and on
pure functions."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.words import _rejoin_glued
from wrsearch.ingest.departments import canonical

from conftest import assert_answer, assert_listed, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask9b" / "qingfeng-2028-y.txt"
ID = "qingfeng-2028-y"


# the 青枫区 report indexed alone (~5-20 s), and an Engine on it
index, engine = report_fixtures(REPORT)


# Pure functions: a place's name before a unit the data knows (青枫生态环境分局 is the 环保局);
# a synonym phrase the tokenizer glued to the character after it is cut back.
def test_place_name_before_a_known_unit_is_that_unit():
    assert canonical("青枫生态环境分局") == canonical("环保局") == canonical("区生态环境分局")
    assert canonical("区数据局") == canonical("大数据局")
    assert canonical("城发集团") == canonical("区城市发展集团")
    assert canonical("区热力公司") != canonical("环保局")  # an unknown unit stays itself


def test_glued_synonym_phrase_is_cut_back():
    assert _rejoin_glued(["招商", "引资有", "任务"], "招商引资", "招商引资有哪些任务") == ["招商引资", "有", "任务"]
    assert _rejoin_glued(["抓招", "商引资"], "招商引资", "抓招商引资") == ["抓", "招商引资"]
    assert _rejoin_glued(["招商引资", "任务"], "招商引资", "招商引资任务") == ["招商引资", "任务"]


# Who: 谁 with any act (谁在建, 是谁装的, 谁来筹) asks who does it.
@pytest.mark.parametrize(
    ("question", "item", "departments"),
    [
        ("体育公园谁在建", 8, "区城市发展集团、区体育局"),
        ("智能安防小区是谁装的", 19, "区公安分局"),
        ("人才公寓谁来筹", 9, "区委人才办、区房管局"),
    ],
)
def test_who_with_any_act(engine, question, item, departments):
    assert_answer(engine, question, intent="who", source=f"{ID}#{item}", answer=departments)


# Dept: staff's names for units the report writes otherwise (大数据局 for 区数据局, 环保局 for
# 青枫生态环境分局, 城发集团), and asking words around the name (帮我列一下, 责任的, 分别是什么).
@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("大数据局负责什么", {3, 4}),
        ("环保局涉及的工作", {10, 11, 12}),
        ("城发集团负责的项目都列一下", {7, 8}),
        ("帮我列一下住建局的任务", {5, 10, 20}),
        ("公安分局责任的事项有几项，分别是什么", {19}),
    ],
)
def test_department_in_staff_names(engine, question, items):
    assert_listed(engine, question, items, intent="department", exact=True, listed=False)


# Progress and status: 是不是…了 asks whether, 拖后腿 is 滞后; a milestone the task plans (封顶)
# is the act asked; 明年二季度 is a time; a subject only the progress names (午餐服务) beats a
# task sharing its generic words (签约服务覆盖率).
@pytest.mark.parametrize(
    ("question", "item", "expected"),
    [
        ("利用外资是不是拖后腿了", 2, "进度滞后"),
        ("妇幼保健院新院封顶了没有", 7, "已于10月封顶"),
        ("剩下的人才公寓什么时候交付", 9, "明年二季度"),
        ("中小学午餐覆盖得怎么样", 13, "午餐服务实现全覆盖"),
        ("午餐服务目前覆盖情况", 13, "午餐服务实现全覆盖"),
    ],
)
def test_progress_in_other_wordings(engine, question, item, expected):
    assert_answer(engine, question, expected, source=f"{ID}#{item}")


# Lists: 哪几条 asks items (not a count); subjects named before 的工作 ask their items; a name
# glossed in brackets is read as its gloss; staff phrases (招商引资, 社会治理) in data.
@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("空气质量、土壤污染，报告里是哪几条", {10, 12}),
        ("养老、托育的工作", {15, 16}),
        ("一老一小（养老、托育）方面有哪些任务", {15, 16}),
        ("招商引资有哪些任务", {2}),
        ("社会治理方面有哪些工作", {18}),
    ],
)
def test_lists_in_other_wordings(engine, question, items):
    assert_listed(engine, question, items, intent="list")


# Several items' figures: a total after its parts (两项合计) is the item's figure; a one-character
# part counts when the count names every part; an indicator asked is the task's lead measure.
@pytest.mark.parametrize(
    ("question", "items", "expected"),
    [
        ("修路和改管网各完成了多少公里", {6, 5}, ["19.6公里", "51.7公里"]),
        ("空气、水、土壤三项指标分别做到多少", {10, 11, 12}, ["35微克/立方米", "达标率100%", "93.6%"]),
    ],
)
def test_one_figure_per_item(engine, question, items, expected):
    assert_answer(engine, question, *expected, leading=items)
