"""Round 11's unanswerable rules (docs/ask-round11u.md): what a question measures that the
answer's clause measures otherwise, each family tried in wordings other than the dev questions
that showed the cause, with nouns no labelled set uses — on invented items (pure
:func:`~wrsearch.answer.conflict.conflict`) and on an invented report written for these tests
(``tests/fixtures/ask11u/zhuqiao-2030-h1.txt``, 竹桥区 1-6月: 雨水泵站, 公共自行车站点, 稳岗补贴,
区妇幼保健院)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.clauses import counted_word
from wrsearch.answer.conflict import conflict, item_text
from wrsearch.answer.words import names_thing
from wrsearch.models import Segment

from conftest import assert_answer, assert_no_answer, invented_item, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask11u" / "zhuqiao-2030-h1.txt"


# the 竹桥区 report indexed alone (~5-20 s), and an Engine on it
index, engine = report_fixtures(REPORT)


def asked(question: str, item, answer: str, figure: bool = True) -> str | None:
    """The conflict of ``question`` answered by ``answer`` from ``item`` alone."""
    return conflict(question, [item], f"竹桥区 {item_text(item)}", answer if figure else None, answer)


PUMPS = invented_item("全年新建雨水泵站8座。", "上半年新建雨水泵站3座，完成排水管网清淤62公里。")
BIKES = invented_item("全年新增公共自行车站点120个。", "1-6月新增公共自行车站点47个，全区站点总数达到410个。")


# Family 1a: the whole stock asked (总量, 现有, 一共有), answered by the new ones of the year.
@pytest.mark.parametrize("question", ["全区雨水泵站总量有多少座", "全区现有多少座雨水泵站", "雨水泵站一共有几座"])
def test_a_total_is_not_answered_by_the_new_ones(question):
    assert asked(question, PUMPS, "上半年新建雨水泵站3座") == "总数"


def test_a_total_stated_answers_the_total_and_new_ones_answer_the_new():
    assert asked("公共自行车站点一共有多少个", BIKES, "全区站点总数达到410个") is None
    assert asked("上半年新建了多少座雨水泵站", PUMPS, "上半年新建雨水泵站3座") is None


# Family 1b: a noun's count asked, answered by its rate or by another kind of the same head.
WATER = invented_item("实施农村饮水提质工程。", "完成农村饮水提质工程12处，新增服务人口0.9万人。")
ELDERLY = invented_item("做好老年人健康管理。", "上半年老年人口体检率为68.5%。")


@pytest.mark.parametrize(("question", "noun"), [("竹桥区户籍人口有多少", "户籍人口"), ("全区流动人口多少", "流动人口")])
def test_a_population_is_not_another_kind_of_population(question, noun):
    assert asked(question, WATER, "新增服务人口0.9万人") == noun


def test_a_count_is_not_the_nouns_rate():
    assert asked("老年人口有多少", ELDERLY, "老年人口体检率为68.5%") == "老年人口"
    assert asked("老年人口体检率多少", ELDERLY, "老年人口体检率为68.5%") is None
    assert asked("服务人口新增了多少", WATER, "新增服务人口0.9万人") is None


# Family 1c: a measure ending the question (人数, 人次, 金额) in no unit of it; a bound not stated.
GAMES = invented_item("丰富群众体育生活。", "上半年举办竹桥龙舟邀请赛等群众体育赛事45场。")
SIGNED = invented_item("强化招商引资。", "上半年新签约5亿元以上项目12个，协议总投资186亿元。")


@pytest.mark.parametrize(("question", "measure"), [("竹桥龙舟邀请赛参赛人数", "人数"), ("龙舟邀请赛观众人次", "人次")])
def test_a_measure_asked_needs_its_unit(question, measure):
    assert asked(question, GAMES, "上半年举办竹桥龙舟邀请赛等群众体育赛事45场", figure=False) == measure


def test_a_bound_and_names_asked_need_the_answer_to_say_them():
    assert asked("签约的20亿元以上项目有几个", SIGNED, "上半年新签约5亿元以上项目12个") == "20亿元以上"
    assert asked("5亿元以上项目签约了多少个", SIGNED, "上半年新签约5亿元以上项目12个") is None
    assert asked("签约的项目是哪几家公司", SIGNED, "上半年新签约5亿元以上项目12个") == "是哪几家公司"


# Family 2: a department named whose own part of the item is silent.
SUBSIDY = invented_item(
    "落实稳岗政策，全年发放稳岗补贴1.5亿元。",
    "区财政局：上半年发放稳岗补贴0.6亿元，惠及企业2300家。区人社局：暂未报送。",
    departments=("区财政局", "区人社局"),
)
SUBSIDY.segments = [
    Segment("区财政局", "上半年发放稳岗补贴0.6亿元，惠及企业2300家。"),
    Segment("区人社局", "暂未报送。"),
]


@pytest.mark.parametrize("question", ["区人社局发放了多少稳岗补贴", "人社局稳岗补贴发了多少"])
def test_a_silent_departments_figure_is_not_anothers(question):
    assert asked(question, SUBSIDY, "上半年发放稳岗补贴0.6亿元") == "区人社局"


def test_a_departments_own_figure_is_answered():
    assert asked("区财政局发放稳岗补贴多少", SUBSIDY, "上半年发放稳岗补贴0.6亿元") is None


# Family 3: next year, which the report covers only where it names it.
NURSERY = invented_item("发展普惠托育。", "上半年新增托育托位140个。", year=2030)
COLD = invented_item("推进城东冷链仓库建设。", "城东冷链仓库完成桩基施工，计划2031年建成冷链仓库2座。", year=2030)


@pytest.mark.parametrize(
    ("question", "time"), [("下一年度托位计划新增多少", "下一年"), ("明年托育托位要新增几个", "明年")]
)
def test_next_year_is_not_this_years_figure(question, time):
    assert asked(question, NURSERY, "上半年新增托育托位140个") == time


def test_next_year_named_by_its_number_is_answered():
    assert asked("冷链仓库明年建成几座", COLD, "计划2031年建成冷链仓库2座") is None


# Family 4: a named institution no report names; the counted thing in no report.
HOSPITAL = invented_item("推进区妇幼保健院迁建工程。", "区妇幼保健院迁建工程主体结构已封顶，正在进行外立面施工。")


@pytest.mark.parametrize(
    ("question", "name"), [("区儿童医院扩建进展", "儿童医院"), ("竹桥实验小学建设进度", "实验小学")]
)
def test_a_named_institution_no_report_names(question, name):
    found = asked(question, HOSPITAL, "区妇幼保健院迁建工程主体结构已封顶", figure=False)
    assert found is not None and name in found


def test_an_institution_the_report_names_is_answered():
    assert asked("妇幼保健院迁建进展", HOSPITAL, "区妇幼保健院迁建工程主体结构已封顶", figure=False) is None


def test_the_counted_thing_is_the_noun_not_the_act_before_it():
    words = ["新建", "换电柜", "个"]
    assert counted_word("新建换电柜多少个", words) == "换电柜"
    assert names_thing("换电柜") and names_thing("充电桩") and not names_thing("建好")


# Through the engine, on the invented report: declined, and the neighbours still answered.
@pytest.mark.parametrize(
    "question",
    [
        "全区雨水泵站总量有多少座",
        "公共自行车站点一共有多少个",
        "竹桥龙舟邀请赛参赛人数",
        "签约的20亿元以上项目有几个",
        "区人社局发放了多少稳岗补贴",
        "新建多少个换电柜",
    ],
)
def test_declined_on_the_report(engine, question):
    assert_no_answer(engine, question)


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("上半年新建了多少座雨水泵站", "3座"),
        ("群众体育赛事办了多少场", "45场"),
        ("5亿元以上项目签约了多少个", "12个"),
        ("区财政局发放稳岗补贴多少", "0.6亿元"),
        ("老年人口体检率多少", "68.5%"),
        ("冷链仓库明年建成几座", "2座"),
    ],
)
def test_answered_on_the_report(engine, question, figure):
    assert_answer(engine, question, figure)
