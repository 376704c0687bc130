"""Round 13 (docs/ask-round13.md): a department asked by a name the report does not write — its
full name (区卫生健康委员会 for the report's 区卫健委, 区人力资源和社会保障局 for 区人社局) or its
head said with where it holds work (城管手上, 住建手里) — answers with that department's items,
as its report name does. Tried in wordings other than the dev questions that showed the cause, on
an invented half-year report (``tests/fixtures/ask13/lanxi-2032-h1.txt``, 兰溪区 2032年上半年)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.search.query import find_departments

from conftest import assert_answer, assert_cli_answer, assert_listed, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask13" / "lanxi-2032-h1.txt"
KNOWN = ["区发改局", "区统计局", "区商务局", "区人社局", "区城管局", "区住建局", "区卫健委", "区城投公司", "区教育局"]


# the 兰溪区 report indexed alone, and an Engine on it
index, engine = report_fixtures(REPORT)


@pytest.mark.parametrize(
    ("question", "department", "items"),
    [
        ("区卫生健康委员会负责哪些工作", "区卫健委", {7, 8, 9}),
        ("卫生健康委员会手上有什么任务", "区卫健委", {7, 8, 9}),
        ("区人力资源和社会保障局有哪些任务", "区人社局", {3}),
        ("城管手上有哪些任务", "区城管局", {4, 5}),
        ("住建手里有啥活", "区住建局", {5, 6}),
        ("区发展和改革委员会管哪几块", "区发改局", {1, 2}),
    ],
)
def test_a_department_by_another_name_answers_with_its_items(engine, question, department, items):
    response = assert_listed(engine, question, items, intent="department", exact=True, confidence=0.9)
    assert department in response.answer, response


def test_the_full_name_is_cut_whole_from_the_question():
    # (区…员会 left over would be ranked as if it were a subject)
    departments, rest = find_departments("区卫生健康委员会有哪些任务", KNOWN)
    assert departments == {"区卫健委"} and rest == "有哪些任务"


@pytest.mark.parametrize("question", ["区教育发展局有哪些任务", "人才公寓有哪些", "区人民政府办公室有哪些任务"])
def test_a_name_that_writes_out_no_unit_of_the_report_is_none(question):
    departments, _ = find_departments(question, KNOWN)
    assert departments == set()


def test_through_the_cli(index):
    question = "区卫生健康委员会有哪些任务"
    answer = assert_cli_answer(index, question, intent="department")
    assert [c["id"] for c in answer["citations"]] == [f"lanxi-2032-h1#{n}" for n in (7, 8, 9)]


# Targets: where the plan's figure lives (the task) and which of its figures the question counts.
@pytest.mark.parametrize(
    ("question", "figure", "item"),
    [
        ("创新港研发用房准备建多大面积", "6万平方米", 11),  # 准备: what is to be built
        ("今年准备引进多少大学毕业生", "8000人", 12),  # 大学毕业生: the report's 高校毕业生
        ("乡村道路改造目标里程是多少", "25公里", 13),  # 里程: the measure asked, not the subject
        ("社区养老服务中心新增床位的目标", "400张", 14),  # 新增床位的目标: the beds, not the centres
    ],
)
def test_a_target_is_the_task_figure_the_question_counts(engine, question, figure, item):
    assert_answer(engine, question, figure, intent="target", source=f"lanxi-2032-h1#{item}")


# Plan and result side by side: the result is of the plan's figure — the clause that holds what the
# question counts (技改投资, not 技改项目) and, with no unit asked, in the plan's unit (处, not 场).
@pytest.mark.parametrize(
    ("question", "figures", "item"),
    [
        ("全民健身场地要建多少 建了多少", ("24处", "11处"), 15),
        ("技改投资计划多少 完成多少", ("32亿元", "17.8亿元"), 16),
        ("工业技改投资目标多少,目前完成多少", ("32亿元", "17.8亿元"), 16),
    ],
)
def test_the_result_beside_a_plan_is_of_the_plan_figure(engine, question, figures, item):
    assert_answer(engine, question, *figures, intent="comparison", source=f"lanxi-2032-h1#{item}")


def test_a_written_out_name_no_alias_knows_is_the_unit_it_abbreviates():
    # (区农经局: no alias group; its characters stand in order in the name written out)
    departments, rest = find_departments("区农村经济管理局手上有哪些任务", [*KNOWN, "区农经局"])
    assert departments == {"区农经局"} and rest == "手上有哪些任务"
