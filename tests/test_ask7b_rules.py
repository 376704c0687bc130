"""Round 7 part b's general rules for who, dept, list and progress questions, each family
tried on an invented report (``tests/fixtures/ask7b/maple-2026-q1.txt``, 枫岭区, written for
these tests) with nouns none of the labelled sets use (docs/ask-round7b.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.intent import Intent, classify
from wrsearch.engine import Engine

from conftest import index_report_alone

REPORT = Path(__file__).parent / "fixtures" / "ask7b" / "maple-2026-q1.txt"
ID = "maple-2026-q1"


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    """The 枫岭区 report indexed alone (~5-20 s)."""
    return Engine(index_report_alone(tmp_path_factory, REPORT))


# who = the item's whole 责任单位 list, however the question names the unit list.
@pytest.mark.parametrize(
    ("question", "item", "departments"),
    [
        ("装备产业园厂房建设责任单位", 1, "枫岭经开区管委会、区城投集团"),  # 责任单位 alone, no 是
        ("专精特新那条的责任单位是哪几个", 2, "区科技局"),  # 那条 points, names nothing
        ("研发投入是哪几家负责", 2, "区科技局"),  # 哪几家负责
        ("PM2.5谁负责", 6, "区生态环境分局"),  # a short subject the task names whole
    ],
)
def test_who_is_the_items_whole_department_list(engine, question, item, departments):
    response = engine.ask(question)
    assert response.intent == Intent.WHO.value
    assert response.source == f"{ID}#{item}"
    assert response.answer == departments


# Staff's names for units: aliases in data (交通运输局, 投资促进局), a unit's head before how a
# unit holds work (城管负责), 各街道 with 配合.
@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("交通运输局负责哪些工作", {4, 5}),
        ("投资促进局承担哪些工作", {3}),
        ("城管负责的工作", {7}),
        ("各街道要配合哪些工作", {7}),
    ],
)
def test_department_questions_in_staff_words(engine, question, items):
    response = engine.ask(question)
    assert response.intent == Intent.DEPARTMENT.value
    assert {int(hit.id.split("#")[1]) for hit in response.citations} == items
    assert response.answer is not None


# Lists: the items on a subject, asked without 哪些 (有啥任务, 这些…项目, 方面的事项), in
# everyday words the synonym list maps (上学 → 学校/学位).
@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("孩子上学方面有啥任务", {8}),
        ("道路和公路这些交通项目", {4, 5}),
        ("看病就医、医疗方面的事项有哪些", {9}),
    ],
)
def test_list_questions_without_which(engine, question, items):
    response = engine.ask(question)
    assert classify(engine.searcher.plan(question)) is Intent.LIST
    assert response.answer is not None
    listed = {int(line.split(".")[0]) for line in response.answer.splitlines()}
    assert items <= listed


# Progress: the clause the question's shape asks for (when, why, has it happened), from the
# item about the subject; the department part that names the subject.
@pytest.mark.parametrize(
    ("question", "item", "expected"),
    [
        ("枫林大道改造啥时候开工?", 4, "计划5月开工"),  # 啥时候: a date
        ("农村公路为啥进度慢", 5, "受连续阴雨影响"),  # 为啥: the cause
        ("专精特新有结果了吗", 2, "评审结果年底公布"),  # 有结果了吗: a status
        ("PM2.5达标了没有?", 6, "尚未达到年度目标要求"),  # 达标 → 达到…目标
        ("社区医院创建情况怎样", 9, "正在整改"),  # …情况怎样: progress
        ("新建学校的建设进度", 8, "正在施工"),  # …进度
        ("枫林大道改造到什么程度了", 4, "区城投集团:枫林大道"),  # the part that names 枫林大道
        ("残疾人这块一季度做了哪些工作", 10, "专场招聘会"),  # 做了哪些工作: what was done
        ("森林防火方面应急局做了哪些工作", 11, "区应急局:修订森林火灾应急预案"),
    ],
)
def test_progress_answers_what_the_question_asks(engine, question, item, expected):
    response = engine.ask(question)
    assert response.source == f"{ID}#{item}"
    assert expected in (response.answer or "")


def test_the_part_naming_the_subject_answers_alone(engine):
    answer = engine.ask("枫林大道改造到什么程度了").answer or ""
    assert "区交通局" not in answer  # the other department's part does not name 枫林大道


def test_a_status_question_takes_the_clause_with_the_act_asked(engine):
    # 开始建 (→ 开工/施工, data/synonyms.txt): the clause saying the building began, not the
    # first status clause of the item (整治占道经营…).
    response = engine.ask("洁净街巷开始建了吗")
    assert response.source == f"{ID}#7"
    assert "正在施工" in (response.answer or "")
