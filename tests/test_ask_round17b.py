"""Round 17b (docs/ask-round17b.md): done, progress, dept, target and unanswerable questions that
fresh reports still missed. Tried in wordings other than the dev questions that showed each rule,
on an invented report (``tests/fixtures/ask_round17b/zhiyang-2032-y.txt``, 芷阳区 2032年全年):
units asked by a short or second name, a level asked rather than its change, a department's own
paragraph, the stage a piece of work is at, and near misses that must stay unanswered."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.conflict import conflict
from wrsearch.answer.intent import Intent
from wrsearch.search.query import expand, find_departments

from conftest import classified, cited_numbers, cli_json, invented_item, listed_numbers, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask_round17b" / "zhiyang-2032-y.txt"

# the 芷阳区 report indexed alone, and an Engine on it
index, engine = report_fixtures(REPORT)


def _answered_as(engine, question: str, item: int, expected: str, not_expected: str | None = None) -> None:
    """``question`` is answered from ``item`` with ``expected`` in the answer (and not ``not_expected``)."""
    response = engine.ask(question)
    assert response.answer is not None, (question, response.confidence, response.not_in_report)
    assert cited_numbers(response)[0] == item, question
    assert expected in response.answer
    assert not_expected is None or not_expected not in response.answer


# -- dept: a unit asked by a short or second name, in the words staff use ------------------------


@pytest.mark.parametrize(
    ("question", "items"),
    [
        # 卫健委 for 区卫生健康委员会: the kind spelled in full ends in its one character
        ("卫健委负责的是哪几条", {20, 21}),
        # 经信局 is the unit it abbreviates (区经济和信息化局), not 区科技局 its alias group joins it to
        ("经信局今年要干哪些活", {7, 9}),
        # 城投 for 区城投集团: a company named by its head, as a bureau is
        ("城投名下有哪些任务", {11, 20}),
        # how staff say a unit holds work: 挂了, 需要…一起, 牵头或者配合, 相关的事项
        ("投促中心挂了哪些任务", {2, 6}),
        ("需要各街道一起落实的任务有哪些", {6, 13}),
        ("住建局牵头或者配合的任务都有哪些", {10, 13, 14, 15, 22}),
        ("水务局相关的事项", {18, 19, 31}),
        # a city unit's name asked with no level: the district's unit of its alias group too
        ("政务服务局负责哪几项", {26, 27}),
    ],
)
def test_a_unit_asked_by_another_name_lists_its_items(engine, question, items):
    response = engine.ask(question)
    assert response.intent == Intent.DEPARTMENT.value, question
    assert listed_numbers(response) == items


def test_short_names_resolve_to_the_one_unit():
    known = ["区科技局", "区经济和信息化局", "区卫生健康委员会", "区城投集团"]
    assert find_departments("经信局负责哪些", known)[0] == {"区经济和信息化局"}
    assert find_departments("卫健委负责哪些", known)[0] == {"区卫生健康委员会"}
    assert find_departments("城投名下有哪些任务", known)[0] == {"区城投集团"}
    assert find_departments("科技局负责哪些", known)[0] == {"区科技局"}  # a unit asked as itself stays itself


def test_the_cli_lists_a_units_items_by_its_short_name(index):
    response = cli_json("ask", "卫健委负责的是哪几条", "--index", str(index))
    assert response["intent"] == "department"
    assert {hit["id"] for hit in response["citations"]} == {"zhiyang-2032-y#20", "zhiyang-2032-y#21"}
    assert "区卫生健康委员会" in response["answer"]


def test_the_cli_declines_a_quarter_a_full_year_report_does_not_give(index):
    response = cli_json("ask", "第四季度GDP增速是多少", "--index", str(index))
    assert response["answer"] is None
    assert response["not_in_report"] == "第四季度"


# -- abbreviations staff use for places and projects ---------------------------------------------


def test_everyday_abbreviations_reach_the_reports_words():
    assert "综合保税区" in expand("综保区进出口")
    assert "城市运行管理中心" in expand("城运中心二期")
    assert "中央商务区" in expand("CBD地下环路")


@pytest.mark.parametrize(
    ("question", "item", "expected"),
    [
        ("综保区进出口是谁负责", 3, "芷阳综合保税区管委会"),  # 综保区 is no unknown place
        ("综保区全年进出口完成多少", 3, "24.6亿元"),
        ("CBD地下环路施工进度", 12, "58%"),
    ],
)
def test_an_abbreviation_answers(engine, question, item, expected):
    _answered_as(engine, question, item, expected)


# -- target and done: the figure asked, not the plan, the change or another stage ----------------


@pytest.mark.parametrize(
    ("question", "item", "expected", "not_expected"),
    [
        # a level asked (定的多少), not how it changes (增长9%)
        ("今年固投目标定的多少", 2, "260亿元", "增长9%"),
        # a change's measure ending the question asks the change reached
        ("社零全年增速", 4, "6.6%", None),
        # 多少个报警器 counts 报警器, which the report counts in 台; in the unit's own paragraph
        ("住建局燃气整治装了多少个报警器", 15, "2870台", None),
        # 建成 said as 完成建设, not 8个…已全部开工
        ("示范村建成几个了?", 17, "5个", None),
        # 通过 is the stage asked, not 申报
        ("专精特新申报的企业通过了几家", 9, "16家", None),
        # 发了多少 (the tokenizer glues 发了): the act asked, 已发行, not the quota beside it
        ("专项债已经发了多少", 28, "9.8亿元", None),
        # 花掉 is no report's word: how staff say the result asked (完成投资), not what it is of
        ("人民医院二期花掉了多少钱", 29, "2.1亿元", None),
    ],
)
def test_the_figure_asked(engine, question, item, expected, not_expected):
    _answered_as(engine, question, item, expected, not_expected)


def test_a_change_asked_at_the_end_is_a_done_question():
    assert classified("社零全年增速") is Intent.DONE
    assert classified("GDP上半年增幅") is Intent.DONE


# -- progress: the stage the work is at ----------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "item", "expected"),
    [
        ("9号线芷阳段卡在哪里", 10, "管线迁改滞后"),  # 卡在哪里: a stage asked, not a place
        ("剩下那1个社区卫生服务中心在干嘛", 20, "正在进行内部装修"),  # 剩下 names no subject
        ("半马筹备情况", 25, "报名工作已启动"),  # 筹备情况: how an event's run-up goes
        ("外贸形势怎么样,为什么没完成", 5, "机电产品出口订单减少"),  # a cause beside how it went
    ],
)
def test_how_the_work_stands(engine, question, item, expected):
    _answered_as(engine, question, item, expected)


# -- unanswerable: near misses stay unanswered ---------------------------------------------------


@pytest.mark.parametrize(
    ("question", "missing", "control", "item", "expected"),
    [
        # a full-year report gives no quarter after the first; its own span is answered
        ("第四季度GDP增速是多少", "第四季度", "全年GDP增速是多少", 1, "5.8%"),
        ("四季度社零增长多少", "四季度", None, None, None),
        # another household measure than the one the report gives
        ("城镇居民人均消费支出多少", "消费支出", "城镇居民人均可支配收入多少", 24, "61200元"),
        # only the signing is said, not the start of work
        ("签约的亿元以上项目开工了几个", "开工", None, None, None),
        # the 学位 figure is other schools'; what the item says of 三中 is answered
        ("芷阳三中扩建后新增多少学位", "三中", "芷阳三中扩建什么情况", 22, "主体完工"),
        # another kind of pipe network than the item's
        ("集中供暖管网改造情况", "供暖", "雨污管网改造情况", 31, "26.3公里"),
        # another district (the tagger cut 槐 + 林区); the report's own district is answered
        ("槐林区加装电梯完成了多少部", "槐林区", "芷阳区加装电梯完成了多少部", 14, "96部"),
    ],
)
def test_a_near_miss_is_not_answered(engine, question, missing, control, item, expected):
    response = engine.ask(question)
    assert response.answer is None
    assert response.not_in_report == missing
    if control:  # the same kind of question on what the report does say is still answered
        _answered_as(engine, control, item, expected)


def test_a_standard_raised_to_needs_a_standard():
    item = invented_item(
        "加强困难群众救助。", "全年累计发放城乡低保、特困供养等救助资金7300万元。", departments=("区民政局",)
    )
    figure = "全年累计发放城乡低保、特困供养等救助资金7300万元"
    assert conflict("城乡低保标准提高到多少了?", [item], "", figure, figure) == "低保标准"
    raised = invented_item("提高低保标准。", "城乡低保标准提高到每人每月980元。", departments=("区民政局",))
    assert conflict("城乡低保标准提高到多少了?", [raised], "", "城乡低保标准提高到每人每月980元", None) is None


def test_a_ratio_or_a_rent_needs_its_own_figure():
    firms = invented_item("新增国家高新技术企业50家。", "新增国家高新技术企业53家。", departments=("区科技局",))
    figure = "新增国家高新技术企业53家"
    assert conflict("研发投入强度达到多少了", [firms], "", figure, figure) == "投入强度"
    flats = invented_item("筹集人才公寓400套。", "已筹集人才公寓430套。", departments=("区人社局",))
    assert conflict("人才公寓租金怎么收", [flats], "", None, "已筹集人才公寓430套") == "租金"
