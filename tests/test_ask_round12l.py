"""Round 12's list and comparison rules (docs/ask-round12l.md), each family tried in wordings
other than the dev questions that showed the cause, on an invented report written for these
tests (``tests/fixtures/ask12l/qingfeng-2031-h1.txt``, 青枫区 上半年, nouns no labelled set uses:
冷链物流园, 枫溪, 数据中台, 人才驿站, 农贸市场, 适老化, 社区食堂, 充电枪, 街角花园, 滨河慢行道)
and on pure functions."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.intent import Intent, plan_done_parts

from conftest import assert_answer, assert_listed, classified, listed_numbers, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask12l" / "qingfeng-2031-h1.txt"


# the 青枫区 report indexed alone (~5-20 s), and an Engine on it
index, engine = report_fixtures(REPORT)


# Lists: a subject the synonym list names whole (数据共享) that no report holds in any of its
# forms is read as the pieces the report holds (数据互通共享, 开放共享接口), not declined.
@pytest.mark.parametrize("question", ["数据共享涉及哪些事项", "和数据共享有关的任务有哪些", "数据共享方面有哪些工作"])
def test_list_subject_absent_whole_is_read_in_pieces(engine, question):
    assert_listed(engine, question, {5, 6}, cited=False)


# Lists: several subjects, then 这类 / 这些 and a long theme, then 的事 / 的事项.
@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("街角花园、慢行道和沿街立面整治这类城市颜值提升的事", {12, 13, 14}),
        ("农贸市场、社区食堂这些家门口便民设施建设的事项", {8, 10}),
        ("人才驿站和数据中台这类营商环境软硬件建设的工作", {6, 7}),
    ],
)
def test_list_with_a_long_theme_after_the_subjects(engine, question, items):
    assert classified(question) is Intent.LIST
    assert_listed(engine, question, items, cited=False)


# Comparison: a figure (asked or stated) with its unit, then the result asked, are two parts.
@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("农贸市场计划改多少个完成多少", ("农贸市场计划改多少个", "完成多少")),
        ("充电枪目标多少个已建多少", ("充电枪目标多少个", "已建多少")),
        ("重大项目计划80个开工了多少", ("重大项目计划80个", "开工了多少")),
        ("慢行道全年要建15公里实际建了多少", ("慢行道全年要建15公里", "实际建了多少")),
    ],
)
def test_plan_figure_then_result_are_two_parts(question, parts):
    assert plan_done_parts(question) == parts


@pytest.mark.parametrize(
    ("question", "item", "figures"),
    [
        ("重大项目计划80个开工了多少", 1, ["80个", "51个"]),
        ("外资目标2亿美元完成了多少", 2, ["2亿美元", "9300万美元"]),
        ("农贸市场计划改多少个完成多少", 8, ["20个", "完工5个"]),
        ("适老化改造目标多少户已改多少", 9, ["600户", "215户"]),
        ("社区食堂计划建多少个建成多少", 10, ["12个", "建成投用6个"]),
    ],
)
def test_plan_and_result_of_one_item(engine, question, item, figures):
    assert_answer(engine, question, *figures, item=item)


# Done figures: a figure counting a step on the way (方案评审14个, 点位勘察900个) is not the
# result when another clause of the item counts the thing itself.
def test_step_on_the_way_is_not_the_result(engine):
    response = engine.ask("农贸市场计划改多少个完成多少")
    assert "评审14个" not in (response.answer or ""), response.answer


def test_several_items_done_figures_skip_steps(engine):
    assert_answer(engine, "社区食堂和充电枪分别完成多少", "建成投用6个", "建成投用610个", cites={10, 11})


# Several items' figures: the names may be listed after the question, after a colon.
@pytest.mark.parametrize(
    "question",
    ["两个国资集团的项目分别完成投资多少：冷链物流园、枫溪整治", "国资集团两个项目各完成投资多少:枫溪整治和冷链物流园"],
)
def test_names_listed_after_the_question(engine, question):
    assert_answer(engine, question, "5.8亿元", "2.7亿元", cites={3, 4})


# Lists by theme that ask figures too: 方面的任务 names the items (no plan part), and each listed
# item carries its figure.
@pytest.mark.parametrize("question", ["冷链物流和枫溪整治方面的任务和上半年数据", "枫溪整治和冷链物流方面的工作和1-6月数据", "冷链物流和枫溪整治这块的任务及上半年数据"])
def test_theme_list_with_figures(engine, question):
    assert plan_done_parts(question) is None
    response = assert_answer(engine, question, "5.8亿元", "2.1公里")
    assert {3, 4} <= listed_numbers(response), response.answer
