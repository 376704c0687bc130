"""Round 14l (docs/ask-round14l.md): lists that name their pieces or a theme, and plan/result
pairs read the way the report sets them out. Tried in wordings other than the dev questions that
showed each cause, on an invented report (``tests/fixtures/ask_round14l/huaitang-2033-q3.txt``,
槐塘区 2033年前三季度: 噪声, 扬尘, 黑臭水体, 瞪羚企业, 绿道, 投促中心, 托育点, 人才公寓…)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.conflict import conflict, item_text
from wrsearch.answer.intent import Intent, classify, plan_done_parts
from wrsearch.search.query import find_departments

from conftest import assert_answer, assert_cli_answer, assert_listed, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask_round14l" / "huaitang-2033-q3.txt"


# the 槐塘区 report indexed alone, and an Engine on it
index, engine = report_fixtures(REPORT)


# A list that names its pieces (A、B、C这几项…, A、B、C这些, …的活) or a theme the report writes in
# other words (增绿 → 绿道, 植树造林; 招商 → the 投促中心's item; 教育 → 区教育局's item): one item per
# piece, answered, each listed.
@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("噪声、扬尘、黑臭水体这几项环境指标的任务", {11, 12, 13}),  # the pointer 这几项 is no piece
        ("引进企业方面：瞪羚企业、独角兽、上市后备这些", {4, 5}),  # three pieces, then only 这些
        ("道路、桥梁、公交站这些交通的活", {7, 8}),  # 的活 names the items, as 的事 does
        ("增绿方面的措施有哪些", {9, 10}),  # 增绿: 绿道, 植树造林, 绿地
        ("招商和消费相关的工作", {2, 3}),  # 招商: no task says it; the 区投促中心 item is about it
        ("教育体育这块都安排了啥", {17, 18}),  # 体育这块 glued to 教育: a topic, not 区体育局
    ],
)
def test_a_list_naming_its_pieces_lists_an_item_for_each(engine, question, items):
    assert_listed(engine, question, items, intent="list", confidence=0.6)


def test_a_department_heading_is_not_shown_as_the_clause_about_the_subject(engine):
    # (区投促中心： starts that unit's part of the progress; it says nothing about 招商)
    response = engine.ask("招商和消费相关的工作")
    line = next(line for line in response.answer.splitlines() if line.startswith("2."))
    assert not line.endswith(("：", ":"))


def test_a_topic_glued_to_a_unit_head_before_zhekuai_is_no_department():
    known = ["区教育局", "区体育局", "区城管局"]
    assert find_departments("教育体育这块都安排了啥", known)[0] == set()
    assert find_departments("体育这块都安排了啥", known)[0] == {"区体育局"}  # alone, still the unit


def test_a_list_then_each_parts_figure_answers_both(engine):
    # each part's result, each part's item cited first
    assert_answer(engine, "托育方面有哪些任务，托育点和托位各建了多少", "11个", "620个", leading={15, 16})


@pytest.mark.parametrize(
    ("question", "figures", "item"),
    [
        # 做到多少: the result asked (a space between the parts); in the plan's unit, not 8.4公里
        ("污水处理率要求多少 做到多少", ("95%", "93.6%"), 14),
        # 每千人4批次 planned: the result per thousand too, not the count of batches
        ("农产品抽检每千人要求几批次，实际多少", ("每千人4批次", "每千人3.6批次"), 20),
        # 其中新建500套、改建360套 breaks 860套 down; the share of the plan is of 860套
        ("人才公寓计划多少套，目前已有多少", ("1200套", "860套"), 19),
    ],
)
def test_the_result_beside_a_plan_is_the_one_the_plan_measures(engine, question, figures, item):
    response = assert_answer(engine, question, intent="comparison")
    assert response.source.endswith(f"#{item}"), response
    plan, done = response.answer.split(";")[:2]
    assert figures[0] in plan and figures[1] in done


@pytest.mark.parametrize(
    ("question", "pair"),
    [
        ("签约率要求多少 做到多少", True),
        ("签约率要求多少 做到了没有", True),
        ("签约率要做到多少", False),  # 要做到 is the plan itself
    ],
)
def test_zuodao_asks_what_was_reached(question, pair):
    assert (plan_done_parts(question) is not None) is pair


def test_a_change_said_after_its_noun_is_not_a_conflict(engine):
    item = next(i for i in engine.searcher.items if i.no == 21)
    corpus = item_text(item)
    question = "道路交通事故比去年下降多少"
    assert conflict(question, [item], corpus, "同比分别下降18%和9%") is None
    # (a noun the clause before does not name is still another thing's change)
    other = next(i for i in engine.searcher.items if i.no == 12)
    assert conflict("扬尘比去年下降多少", [item, other], f"{corpus} {item_text(other)}", "同比分别下降18%和9%")


def test_a_pointer_at_three_pieces_is_a_list_question(engine):
    plan = engine.searcher.plan("引进企业方面：瞪羚企业、独角兽、上市后备这些")
    assert classify(plan) is Intent.LIST


def test_through_the_cli(index):
    assert_cli_answer(index, "增绿方面的措施有哪些", intent="list", cites={"huaitang-2033-q3#9", "huaitang-2033-q3#10"})
