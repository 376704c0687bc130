"""Round 7a rules (branch ``ask7a``), each family checked on invented sentences with nouns no
labelled set uses: a plan and a result asked together (comparison), a plan noun ending the
question (target), the things already built (done), and a question naming something the
answer's item holds another of (unanswerable, :mod:`wrsearch.answer.conflict`).

Pure functions on invented text: no index, fast."""

from __future__ import annotations

import pytest

from wrsearch.answer.conflict import conflict, item_text
from wrsearch.answer.figures import figure_evidence, is_plan
from wrsearch.answer.intent import Intent, plan_done_parts
from wrsearch.models import Item
from wrsearch.search.query import analyze


def item(task: str, progress: str, year: int = 2024, departments: tuple[str, ...] = ("区园林局",)) -> Item:
    return Item(report="test", no=1, task=task, departments=list(departments), progress=progress, year=year)


PARK = item(
    "新建口袋公园20个,绿道长度达到60公里。",
    "1-6月,建成口袋公园7个,其中桂园、枫林2个已开放;新建绿道18公里;地铁2号线沿线绿化完成65%。",
)
CORPUS = item_text(PARK) + " 石门区 石门镇 桂园社区"


def classified(question: str) -> Intent:
    from wrsearch.answer.intent import classify
    from wrsearch.index.lexical import Tokenizer

    return classify(analyze(question, Tokenizer({})))


@pytest.mark.parametrize(
    "question, parts",
    [
        ("口袋公园年度目标和上半年完成数", ("口袋公园年度目标", "上半年完成数")),
        ("绿道计划建多少公里,现在建了多少", ("绿道计划建多少公里", "现在建了多少")),
        ("路灯改造全年要换3000盏,目前换了几盏", ("路灯改造全年要换3000盏", "目前换了几盏")),
        ("充电桩数量目标vs实际", ("充电桩数量目标", "实际")),
        ("垃圾中转站离年底目标还差几座", ("垃圾中转站离年底目标还差几座", "还差")),
    ],
)
def test_a_plan_cue_and_a_done_cue_in_two_parts_ask_both(question, parts):
    got = plan_done_parts(question)
    assert got is not None and got[1] == parts[1] and parts[0].endswith(got[0][-4:]), got
    assert classified(question) is Intent.COMPARISON


@pytest.mark.parametrize(
    "question",
    [
        "完成了全年目标的多少",
        "占年度计划多少",
        "今年新建的公厕有多少座",
        "绿道建了多少,占目标多少",
        "公厕完成数和目标比怎么样",
    ],
)
def test_one_part_naming_both_is_no_plan_done_pair(question):
    assert plan_done_parts(question) is None  # a share of the plan, or what was built


@pytest.mark.parametrize(
    "question", ["口袋公园年度目标", "全年绿道建设任务?", "河道清淤今年任务数", "绿道任务多少公里"]
)
def test_a_plan_noun_ending_the_question_asks_the_target(question):
    assert classified(question) is Intent.TARGET


@pytest.mark.parametrize("question", ["今年新建的口袋公园有多少个", "新增的公交线路有几条"])
def test_the_things_already_built_ask_the_result(question):
    assert classified(question) is Intent.DONE


def test_what_the_work_needs_or_covers_is_no_result():
    assert is_plan("需迁移管线3200米") and is_plan("共涉及商户420户")
    need = figure_evidence(Intent.DONE, "需迁移管线3200米", False, False, asked_text="已迁移多少米")
    done = figure_evidence(Intent.DONE, "已迁移2100米", False, False, asked_text="已迁移多少米")
    assert need < done


def test_the_plan_word_must_be_in_the_figures_sentence():
    clause = "但仍低于年度目标;绿化覆盖率为41.2%"
    plan = "绿化覆盖率达到43%"
    assert figure_evidence(Intent.TARGET, clause, False, True) < figure_evidence(Intent.TARGET, plan, True, True)


@pytest.mark.parametrize(
    "question, answer, why",
    [
        ("2021年口袋公园建了多少个", "建成口袋公园7个", "2021年"),  # another year, the text gives none
        ("地铁5号线沿线绿化完成多少", "地铁2号线沿线绿化完成65%", "5号线"),  # another line
        ("青枫区口袋公园建设进展", None, "青枫区"),  # a district no report names
        ("石门镇新建了几个口袋公园", "建成口袋公园7个", "石门镇"),  # named, but not this item's figure
        # a 区 the reports name is the report's own district: its figure is the whole district's
        ("石门区新建了几个口袋公园", "建成口袋公园7个", None),
        ("已开放的2个口袋公园是哪些", None, None),  # named before their count: answerable
        ("新建的7个口袋公园是哪几个", None, "7个"),  # names the item never lists
    ],
)
def test_a_specific_thing_the_item_holds_another_of_is_declined(question, answer, why):
    assert conflict(question, [PARK], CORPUS, answer) == why


def test_the_same_year_line_and_place_do_not_conflict():
    assert conflict("2024年口袋公园建了多少个", [PARK], CORPUS, "建成口袋公园7个") is None
    assert conflict("地铁2号线沿线绿化完成多少", [PARK], CORPUS, "地铁2号线沿线绿化完成65%") is None
    assert conflict("比2023年多建了几个口袋公园", [PARK], CORPUS, "建成口袋公园7个") is None  # a baseline
    assert conflict("到2026年口袋公园目标是多少", [PARK], CORPUS, "新建口袋公园20个") is None  # a deadline
    assert conflict("绿道完成率多少", [PARK], CORPUS, "新建绿道18公里,完成年度目标的30%") is None


@pytest.mark.parametrize(
    "question, task, progress, answer, why",
    [
        (
            "城镇居民医保参保人数是多少",
            "农村居民医保参保率稳定在95%",
            "农村居民参保12.3万人",
            "农村居民参保12.3万人",
            "城镇",
        ),
        ("PM10年均浓度是多少", "PM2.5浓度控制在35微克", "PM2.5浓度为31微克", "PM2.5浓度为31微克", "pm10"),
        ("出口额增长了多少", "进口额增长5%", "进口额同比增长6.1%", "进口额同比增长6.1%", "出口"),
        ("科技型中小企业实际评定了多少家", "评定科技型中小企业200家", "组织85家企业申报", "组织85家企业申报", "评定"),
        (
            "一季度就业率是多少",
            "新增就业5000人",
            "新增就业1600人,完成年度目标的32%",
            "新增就业1600人,完成年度目标的32%",
            "就业率",
        ),
    ],
)
def test_another_indicator_or_stage_is_declined(question, task, progress, answer, why):
    one = item(task, progress)
    assert conflict(question, [one], item_text(one), answer) == why
