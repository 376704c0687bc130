"""Round 14d (docs/ask-round14d.md): the right item was found but the answer declined or took the
wrong clause — an act said the staff's way in a who-question (…增加这块谁负责), the stage asked
after 到哪个 (…做到哪个节点了), a progress asked with a request after it (…的情况讲一下), a result
said with 好 / 完 (搭好几处), a figure whose counted thing follows 多少 (添了多少餐位), and
everyday names (旧楼, 反诈, 隐债, 春季开学). Tried in wordings other than the dev questions that
showed the causes, on an invented report (``tests/fixtures/ask_round14d/weitang-2031-q3.txt``,
苇塘区 2031年前三季度)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import assert_answer, assert_cli_answer, assert_no_answer, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask_round14d" / "weitang-2031-q3.txt"


# the 苇塘区 report indexed alone, and an Engine on it
index, engine = report_fixtures(REPORT)


def source(item: int) -> str:
    return f"weitang-2031-q3#{item}"


# Who: the departments of the item about the subject, the act said beside it (增加, 装) being how
# staff say the work; a subject the report does not hold is still declined.
@pytest.mark.parametrize(
    ("question", "departments", "item"),
    [
        ("厕所增加这块归哪个部门", ("区城管局", "区卫健委"), 3),  # the task says 新建改造
        ("旧楼装电梯的事归哪个单位", ("区住建局", "各街道"), 4),  # 旧楼: the report's 既有住宅
        ("充电车棚搭建是哪家单位负责", ("区消防救援大队", "各街道"), 7),
        ("厕所增加这事哪些单位管", ("区城管局", "区卫健委"), 3),  # 这事: pointing, no subject
        ("长者食堂建设归哪个局", ("区民政局",), 8),  # 归哪个局 whole (个局 was left as a subject)
    ],
)
def test_who_answers_with_the_subject_items_departments(engine, question, departments, item):
    assert_answer(engine, question, *departments, intent="who", source=source(item))


@pytest.mark.parametrize(
    "question",
    [
        "地铁站建设增加这一块由哪个部门负责",
        "防溺水宣传是哪个部门负责",  # (防 + 溺 + 水: no act is dropped that leaves no subject)
        "游泳馆扩建推进到哪个节点了",
        "体育馆情况讲一下",
        "地铁已经修好多少公里了",
    ],
)
def test_a_subject_the_report_does_not_hold_is_still_declined(engine, question):
    assert_no_answer(engine, question)


# Progress: the stage asked (节点, 环节) and a request to be told (讲一下) are no part of the subject;
# the answer is the item's progress, never a department's name alone.
@pytest.mark.parametrize(
    ("question", "expected", "item"),
    [
        ("污水厂三期推进到什么节点了", "主体结构施工", 5),
        ("垃圾分类推进的情况讲一下", "93.4%", 6),
        ("河长制情况讲一下", "0.86万人次", 12),  # (not 区水务局, its part's label)
        ("反诈工作成效如何", "12.3%", 10),  # 反诈: the report's 电信网络诈骗, 电诈
    ],
)
def test_progress_is_the_items_progress(engine, question, expected, item):
    assert_answer(engine, question, expected, intent="progress", source=source(item))


# Done figures: 搭好 says finished as the report's 完成搭建 does; the thing after 多少 is what the
# figure counts (餐位, not the canteens before it); everyday names read as the report's.
@pytest.mark.parametrize(
    ("question", "figure", "item"),
    [
        ("车棚搭好几处了", "86处", 7),
        ("民政局新建社区长者食堂添了多少餐位", "980个", 8),
        ("长者食堂新建了多少餐位", "980个", 8),
        ("春季开学新增了多少学位", "1850个", 9),
        ("隐债化解了多少", "4.4亿元", 11),
    ],
)
def test_a_done_figure_is_the_result_counted(engine, question, figure, item):
    assert_answer(engine, question, figure, intent="done", source=source(item))


def test_through_the_cli(index):
    assert_cli_answer(index, "垃圾分类推进的情况讲一下", "区城管局", "93.4%", intent="progress", first=source(6))
