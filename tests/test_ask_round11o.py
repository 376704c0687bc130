"""Round 11's rules for who, target, done, dept, list and comparison questions
(docs/ask-round11o.md), each family tried in wordings other than the dev questions that showed
the cause, on an invented report written for these tests (``tests/fixtures/ask11o/heshan-2030-h1.txt``,
禾山区 上半年, nouns no labelled set uses: 禾山智造园, 充电棚, 换电柜, 噪声监测站, 老年助餐点) and on
pure functions."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.intent import Intent, comparison_parts

from conftest import assert_answer, assert_listed, classified, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask11o" / "heshan-2030-h1.txt"


# the 禾山区 report indexed alone (~5-20 s), and an Engine on it
index, engine = report_fixtures(REPORT)


# Lists by theme: several subjects before 方面 / 领域 ask the items about each, even with 做了哪些.
@pytest.mark.parametrize(
    "question", ["噪声和油烟方面做了哪些", "噪声扰民和餐饮油烟领域", "助餐和照料这块都做了哪些工作"]
)
def test_several_subjects_before_a_theme_ask_a_list(question):
    assert classified(question) is Intent.LIST


def test_one_subject_with_work_done_stays_progress():
    assert classified("噪声防治方面做了哪些工作") is Intent.PROGRESS


@pytest.mark.parametrize("question", ["噪声和油烟方面做了哪些", "噪声扰民和餐饮油烟领域"])
def test_theme_list_names_each_subjects_item(engine, question):
    assert_listed(engine, question, {11, 12}, exact=True, cited=False)


# Comparison parts: a lead-in (a theme, or words asking nothing), a theme after the parts and a
# count of them are no parts.
@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("充电棚和换电柜这些电动车设施各建了多少", ["充电棚", "换电柜"]),
        ("养老方面,助餐点、日间照料中心各完成了多少", ["助餐点", "日间照料中心"]),
        ("稳就业,城镇新增就业多少人、发放创业担保贷款多少", ["城镇新增就业多少人", "发放创业担保贷款多少"]),
        ("工业、外贸、财政三项指标增速分别多少", ["工业", "外贸", "财政增速"]),
        ("高等教育和职业教育各投入多少", ["高等教育", "职业教育"]),  # 等 inside a word stays
    ],
)
def test_comparison_parts_without_lead_in_theme_or_count(question, parts):
    assert comparison_parts(question) == parts


@pytest.mark.parametrize(
    ("question", "items", "figures"),
    [
        ("充电棚和换电柜这些电动车设施各建了多少", {9}, ("186处", "132组")),
        ("养老方面,助餐点、日间照料中心各完成了多少", {8}, ("27个", "6个")),
        ("稳就业,城镇新增就业多少人、发放创业担保贷款多少", {6}, ("5120人", "1.16亿元")),
        # each part's item is searched for and cited; the rate named last is every part's
        (
            "工业增加值、外贸进出口、一般公共预算收入三项指标上半年增速分别多少",
            {1, 2, 3},
            ("6.2%", "3.4%", "4.8%"),
        ),
    ],
)
def test_comparison_figures_per_part(engine, question, items, figures):
    assert_answer(engine, question, *figures, cites=items)


# A part's subject may be named at the start of its sentence (智造园…,累计完成投资21.6亿元).
def test_part_subject_from_its_sentence_start(engine):
    assert_answer(engine, "智造园项目完成投资多少、新开工项目几个", "21.6亿元")


# Target: the figure is of what the question counts (投资), not another figure of its subject;
# 总量 is the reports' 总数.
@pytest.mark.parametrize(
    ("question", "item", "figure"),
    [
        ("智造园年度投资计划多少", 4, "40亿元"),
        ("专精特新企业总量目标是多少", 5, "150家"),
    ],
)
def test_target_of_the_thing_counted(engine, question, item, figure):
    assert_answer(engine, question, figure, item=item)


# Done: 比以前 / 较原来 is a baseline, not the subject; 接待 says a result (the whole's, not a
# part's 累计接待); 房子 = 房屋.
@pytest.mark.parametrize(
    ("question", "item", "figures"),
    [
        ("残疾人生活补贴比以前提高了多少", 7, ("120元", "150元")),
        ("1-6月来了多少游客", 10, ("318万人次",)),
        ("危房排查了多少栋房子", 14, ("6120栋",)),
    ],
)
def test_done_figures(engine, question, item, figures):
    assert_answer(engine, question, *figures, item=item, absent=("9万人次",))


# Who: whether one unit holds it asks who does; a unit's everyday name (政务办).
@pytest.mark.parametrize("question", ["河湖保洁是水务局一家负责吗", "噪声监测是不是生态环境分局单独在管"])
def test_one_unit_alone_asks_who(question):
    assert classified(question) is Intent.WHO


def test_who_answers_the_units(engine):
    assert_answer(engine, "河湖保洁是水务局一家负责吗", answer="区水务局")


def test_everyday_unit_name(engine):
    assert_listed(engine, "政务办负责哪些事项", {15}, intent="department", exact=True, cited=False)


# A sentence start counts for a part only when it names the part's own subject (上半年,全区规模以上
# 工业增加值… names no 外贸), and a change asked (增长多少) counts nothing.
def test_sentence_start_of_another_subject_does_not_count(engine):
    assert_answer(
        engine, "工业增加值、外贸进出口、一般公共预算收入上半年各增长多少", "6.2%", "3.4%", "4.8%", absent=("9.1%",)
    )
