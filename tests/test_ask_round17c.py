"""A department's items asked in words no filler list knows (README "How well it answers"): a
question naming a unit and asking which items (哪些事项, 几项) is a department question when the
rest of its words are said by no item of the report (人社局有哪些事项要办, 统计局出现在哪些事项里,
市场监管局一共负责几项); a word some item says (充电桩, 就业) stays a topic that narrows the unit's items.
Found on ask_blind26 (蕙湖区) after its one held-out measurement (dept 15 → 19 of 20, dev now); tried
here in other wordings on an invented report (``tests/fixtures/ask_round17c/hengchuan-2033-q1.txt``,
蘅川区 2033年1-3月, six items)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import assert_listed, cli_json, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask_round17c" / "hengchuan-2033-q1.txt"

# the 蘅川区 report indexed alone, and an Engine on it
index, engine = report_fixtures(REPORT)


@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("人社局有哪些事项要办", {1, 2}),  # 要办: a verb no item says
        ("统计局出现在哪些事项里", {4, 5}),
        ("市场监管局一共负责几项", {6}),
        ("发改局名下一共挂着几项，分别是哪些", {3, 4}),
    ],
)
def test_a_units_items_asked_in_words_no_item_says(engine, question, items):
    assert engine.searcher.plan(question).department_only, question
    assert_listed(engine, question, items, intent="department", exact=True)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("人社局培训方面有哪些事项", "培训"),  # items 1 and 2 say 培训: the unit's items on it
        ("发改局充电桩有哪些事项", "充电"),
    ],
)
def test_a_word_some_item_says_stays_a_topic(engine, question, topic):
    plan = engine.searcher.plan(question)
    assert plan.departments and not plan.department_only, (question, plan)
    assert engine.searcher.document_frequency(topic) > 0


def test_which_items_must_be_asked(engine):
    # no 哪些/几项: a unit and a verb no item says is not read as a listing of the unit's items
    assert not engine.searcher.plan("人社局要办").department_only


def test_through_the_cli(index):
    response = cli_json("ask", "统计局出现在哪些事项里", "--index", str(index))
    assert response["intent"] == "department"
    assert {c["id"].rsplit("#", 1)[1] for c in response["citations"]} == {"4", "5"}


def test_the_units_own_name_said_again_is_no_topic(engine):
    # 民政 is said by items (区民政局 in their progress) but it is the unit's own name: phrasing
    assert_listed(engine, "民政上有哪些事是民政局的", {2}, intent="department", exact=True)
