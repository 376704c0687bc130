"""Round 9a rules (branch ``ask9a``), each family checked on invented sentences in wordings other
than the questions that showed the miss, with nouns no labelled set uses (公厕, 路灯, 驿站, 枫林,
桂园): plans and results asked in more words (comparison), a plan noun with the measure it sets
(target), a done act said in any of its forms (done), staff's everyday words kept whole when a
question is cut, and near misses the answer's item does not answer (unanswerable).

Pure functions on invented text: no index, fast."""

from __future__ import annotations

import pytest

from wrsearch.answer.clauses import asked_unit, span_around, unit_fits
from wrsearch.answer.conflict import conflict, item_text
from wrsearch.answer.figures import act_stem, figure_evidence, says_act_asked
from wrsearch.answer.intent import Intent, year_only_plan_cue
from wrsearch.index.lexical import Tokenizer
from wrsearch.search.query import analyze

from conftest import assert_plan_and_result, classified, invented_item

item = invented_item  # 2025, 区城管局 by default


TOILETS = item(
    "完成枫林、桂园2个片区公厕建设，新建公厕40座，改造路灯3000盏。",
    "桂园片区公厕已全部建成。全年新开工公厕26座，已竣工交付18座；完成路灯改造2100盏，全年发生安全生产事故2起。",
)
CORPUS = item_text(TOILETS) + " 石门区 枫林 桂园"


@pytest.mark.parametrize(
    "question, done_part",
    [
        ("公厕数量定的多少，最后建成多少", "最后建成多少"),  # the plan said as what was set, the result as 最后
        ("路灯改造年度目标和前三季度实绩对比", "前三季度实绩"),  # 实绩 is the result
        ("驿站原定建几个，最终建了几个", "最终建了几个"),
        ("公厕目标和已完成数比较", "已完成数"),  # 比较 joins the parts
    ],
)
def test_a_plan_and_its_result_in_other_words(question, done_part):
    assert_plan_and_result(question, done_part)


@pytest.mark.parametrize("question", ["地区生产总值年度预期增幅", "财政收入全年目标增速", "驿站建设计划规模"])
def test_a_plan_noun_with_the_measure_it_sets_asks_the_target(question):
    assert classified(question) is Intent.TARGET


@pytest.mark.parametrize("question", ["地区生产总值全年预期增速", "全年预计完成投资多少", "全年控制在多少以内"])
def test_the_year_of_a_plan_names_no_report_period(question):
    assert analyze(question, Tokenizer({})).periods == []


@pytest.mark.parametrize(
    "question, only_year",
    [
        ("游客接待量全年是多少", True),  # in a whole-year report: the year's result
        ("今年新增驿站多少个", True),
        ("游客接待全年目标是多少", False),  # a plan word: the plan whatever the report
        ("今年要新建多少座公厕", False),
        ("公厕年度任务是多少", False),
    ],
)
def test_the_year_alone_is_no_plan_word(question, only_year):
    assert year_only_plan_cue(question) is only_year


@pytest.mark.parametrize(
    "question, word",
    [
        ("停车位年初定的目标是多少", "停车位"),
        ("新认定的国高企有几家", "国高企"),
        ("保租房一季度筹集了多少套", "保租房"),
    ],
)
def test_everyday_words_are_cut_whole(question, word):
    # a corpus dictionary that knows neither word (as the index of a report that never says them)
    tokenizer = Tokenizer({"停车": 50, "泊位": 50, "认定": 50, "高新技术企业": 50, "租房": 50, "筹集": 50, "年初": 50})
    assert word in tokenizer.question_tokens(question)
    assert word not in tokenizer.tokens(question)  # documents are cut as before


def test_targets_and_results_compared_by_cut_off_words():
    tokenizer = Tokenizer({"完成": 50, "审计": 50, "项目": 50})
    assert "比较" in tokenizer.question_tokens("路灯改造目标和已完成数比较")


@pytest.mark.parametrize(
    "question", ["驿站计划投资和完成投资差多少", "重点项目计划投资和目前完成投资", "公厕建设投资、完成投资各多少"]
)
def test_an_amount_invested_asks_money(question):
    unit = asked_unit(question)
    assert unit_fits("完成投资3.2亿元", unit)
    assert not unit_fits("实施项目12个", unit)


@pytest.mark.parametrize(
    "clause, question, says",
    [
        ("已竣工交付18座", "公厕计划多少,完成多少", True),  # 竣工 is a form of 完成
        ("全年新开工公厕26座", "公厕计划多少,完成多少", False),  # started is not finished
        ("已办结建议86件", "建议办结了多少件", True),
        ("承办建议120件", "建议办结了多少件", False),  # 办 of 承办 is not 办结
        ("拆除违建3万平方米", "违建拆了多少", True),
        ("路灯改好2100盏", "路灯改完了几盏", True),
    ],
)
def test_a_done_act_in_any_of_its_forms(clause, question, says):
    assert says_act_asked(clause, question) is says


def test_the_stem_of_an_act():
    assert act_stem("办结") == "办结"
    assert act_stem("改完") == "改"
    assert act_stem("拆") == "拆"
    assert act_stem(None) is None


def test_a_project_total_in_the_task_is_no_plan_of_the_year():
    asked = "驿站年度投资计划多少"
    total = figure_evidence(Intent.TARGET, "项目总投资5亿元", True, False, asked_text=asked)
    planned = figure_evidence(Intent.TARGET, "项目年度计划投资2亿元", False, False, asked_text=asked)
    assert planned > total
    # …unless the total is asked
    assert figure_evidence(Intent.TARGET, "项目总投资5亿元", True, False, asked_text="驿站总投资多少") == 1.0


def test_a_total_after_the_figure_stays_in_the_answer():
    assert span_around(["完成雨水管网改造12.5公里", "两项合计30.2公里"], 0).endswith("30.2公里")
    assert span_around(["完成雨水管网改造12.5公里", "整治易涝点3处"], 0) == "完成雨水管网改造12.5公里"


@pytest.mark.parametrize(
    "question, figure, answer, why",
    [
        ("枫林片区公厕建好了吗", None, "桂园片区公厕已全部建成。", "枫林片区"),  # another named 片区
        ("公厕建在哪几个社区", None, "新建公厕40座", "具体社区"),  # the places of the kind asked
        ("路灯改造补贴标准是多少", "完成路灯改造2100盏", "完成路灯改造2100盏", "补贴标准"),  # no rate per unit
        ("驿站几点开门", None, "桂园片区公厕已全部建成。", "时间"),  # an hour asked
        ("驿站开放时间是什么", None, "桂园片区公厕已全部建成。", "时间"),
    ],
)
def test_near_misses_are_declined(question, figure, answer, why):
    assert conflict(question, [TOILETS], CORPUS, figure, answer) == why


def test_an_incident_of_another_kind_is_no_answer():
    fires = item("加强安全生产。", "全年发生生产安全事故3起、死亡2人。", departments=("区应急管理局",))
    corpus = item_text(fires)
    assert conflict("今年火灾发生了几起", [fires], corpus, "全年发生生产安全事故3起") == "火灾"
    assert conflict("生产安全事故发生了几起", [fires], corpus, "全年发生生产安全事故3起") is None


def test_the_same_place_kind_or_standard_does_not_conflict():
    assert conflict("桂园片区公厕建好了吗", [TOILETS], CORPUS, None, "桂园片区公厕已全部建成。") is None
    assert conflict("路灯改造补贴标准是多少", [TOILETS], CORPUS, "每盏补贴300元", "每盏补贴300元") is None
    assert conflict("公厕建在哪几个片区", [TOILETS], CORPUS, None, "完成枫林、桂园2个片区公厕建设") is None


def test_the_result_set_against_the_plan_answers_beside_the_plan():
    from wrsearch.answer.figures import plan_done_answer
    from wrsearch.answer.words import TermWeights

    stations = item(
        "全年建设驿站20个，完成投资8亿元。",
        "区城管局：20个驿站已开工16个，累计完成投资5.1亿元，占年度计划的63.8%。区城投公司：承担的6个驿站上半年完成投资1.2亿元。",
        departments=("区城管局", "区城投公司"),
    )
    weights = TermWeights({"驿站": 2.0, "投资": 1.0})
    for question in ("驿站计划投资和目前完成投资", "驿站年度计划投资多少,完成了多少"):
        answer = plan_done_answer(analyze(question, Tokenizer({})), [stations], [1.0], weights)
        assert answer is not None and "8亿元" in answer.text and "5.1亿元" in answer.text, answer
