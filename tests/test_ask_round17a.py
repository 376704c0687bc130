"""Round 17a (docs/ask-round17a.md): comparisons that gave one figure (or the wrong one) and
lists declined for staff's own theme words. Tried in wordings other than the dev questions that
showed each cause, on an invented report (``tests/fixtures/ask_round17a/lichuan-2032-q3.txt``,
藜川区 2032年1-9月: 城市绿道, 健身驿站, 公共厕所, 充电桩, 农村危房, 物流园区, 区级财政收入,
停车泊位, 老旧小区, 垃圾分类, 平安建设, 植树造林, 易涝点…)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.clauses import quantities
from wrsearch.answer.figures import plan_phrases, planned_clause
from wrsearch.answer.intent import met_plan_asked, plan_done_parts

from conftest import classified, cli_json, listed_numbers, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask_round17a" / "lichuan-2032-q3.txt"
ID = "lichuan-2032-q3"


# the 藜川区 report indexed alone, and an Engine on it
index, engine = report_fixtures(REPORT)


def assert_both(response, item: int, texts: list[str]) -> None:
    assert response.answer is not None, response
    assert all(text in response.answer for text in texts), response.answer
    assert response.source == f"{ID}#{item}"


# The result named as progress so far (进度), by its act's end (建成数, 装完, 建成几座了), and the
# whole plan as 总盘子: a plan and its result, both figures.
@pytest.mark.parametrize(
    ("question", "item", "texts"),
    [
        ("城市绿道目标和进度", 5, ["18公里", "11.2公里"]),
        ("公共厕所建成几座了,全年要建几座", 7, ["16座", "11座"]),
        ("充电桩要装多少个,装完几个了", 8, ["900个", "610个"]),
        ("农村危房改造总盘子多少户,完成多少", 10, ["260户", "188户"]),
        # (下降幅度 says which figure, a rate, not what it is of)
        ("一般性支出压减目标和实际下降幅度", 20, ["6%", "7.3%"]),
    ],
)
def test_a_result_named_otherwise_is_set_beside_its_plan(engine, question, item, texts):
    response = engine.ask(question)
    assert response.intent == "comparison"
    assert_both(response, item, texts)


def test_the_cues_that_name_the_result_and_the_whole_plan():
    assert plan_done_parts("城市绿道目标和进度") == ("城市绿道目标", "进度")
    assert plan_done_parts("健身驿站年度任务数和建成数") == ("健身驿站年度任务数", "建成数")
    assert plan_done_parts("农村危房改造总盘子多少户,完成多少") is not None
    assert plan_done_parts("公厕建成几座了,全年要建几座") is not None
    # (one piece naming no plan is no comparison)
    assert plan_done_parts("城市绿道建设进度") is None


# 年度任务数和建成数, the plan given in the progress (年度计划14个) and a number inside a quoted
# name in the task ("10分钟健身圈"), which is no figure of the plan.
def test_a_number_in_a_quoted_name_is_no_figure(engine):
    assert quantities('打造"10分钟健身圈",建设社区健身驿站。') == []
    assert quantities("打造“15分钟便民生活圈”12个") == ["12个"]
    response = engine.ask("社区健身驿站年度任务数和建成数")
    assert response.intent == "comparison"
    assert_both(response, 9, ["14个", "9个"])


# 计划新增停车泊位3000个,实际新增2260个: a clause saying itself whether it is the plan or the result
# is read alone, not with the clause before it (已完成公共停车场建设5处).
def test_a_clause_that_says_which_figure_it_is_is_read_alone(engine):
    assert planned_clause("计划新增学位1.2万个", "已完成10所计划新增学位1.2万个")
    assert not planned_clause("实际新增9800个", "计划新增学位1.2万个实际新增9800个")
    assert planned_clause("86户", "全年计划改造86户")
    response = engine.ask("新增停车泊位计划和实际分别是多少")
    assert_both(response, 6, ["3000个", "2260个"])


# 改造老旧小区35个,惠及居民1.1万户 planned; …,其中完工7个,惠及居民3560户 done: the result written in
# the plan's words, not the step beside it (35个…已全部完成设计方案).
def test_the_result_is_the_one_written_in_the_plans_words(engine):
    assert plan_phrases("全年新增绿地面积50万平方米") == ["新增绿地面积"]
    assert plan_phrases("改造老旧小区35个,惠及居民1.1万户") == ["改造老旧小区", "惠及居民"]
    assert plan_phrases("计划建绿道18公里") == []  # (4 characters or more, the plan's words cut)
    response = engine.ask("老旧小区改造惠及居民,计划和已完成的")
    assert_both(response, 19, ["1.1万户", "3560户"])
    assert "设计方案" not in response.answer
    # (改造老旧燃气管网30公里、供水管网12公里: 供水管网 names a thing not asked, its result is no mirror)
    response = engine.ask("燃气管网改造年度任务多少公里,完成多少")
    assert_both(response, 18, ["30公里", "22公里"])
    assert "10.6公里" not in response.answer


# 区级财政收入增长6%,达到31亿元 planned, 完成24.9亿元 done: the plan is the figure counted as the
# result is, not the rate beside it.
def test_the_plan_is_counted_as_its_result(index):
    data = cli_json("ask", "区级财政收入目标和完成数对比一下", "--index", str(index))
    assert data["answer"] is not None
    assert "31亿元" in data["answer"] and "24.9亿元" in data["answer"]
    assert data["source"] == f"{ID}#1"


# 比目标多还是少: whether the result is above or below the plan asks both figures.
def test_more_or_less_than_the_plan_asks_both_figures(engine):
    assert met_plan_asked("城镇新增就业比目标多还是少") and met_plan_asked("和计划比是高是低")
    assert not met_plan_asked("绿道比绿地多还是少")
    response = engine.ask("城镇新增就业比目标多还是少")
    assert response.intent == "comparison"
    assert_both(response, 4, ["1.2万人", "0.98万人"])


# Themes staff name in a word of their own (环卫, 种树, 财税, 防涝; data/synonyms.txt), and
# 要抓的事 after two subjects and 方面: the items on them.
@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("环卫方面有哪些任务", {12, 13}),
        ("种树这块有哪些事", {16}),
        ("财税方面有哪些事项", {1}),
        ("地下管网、防涝方面做了什么", {17, 18}),
        ("安全生产和平安建设方面要抓的事", {14, 15}),
    ],
)
def test_a_theme_in_staff_words_lists_its_items(engine, question, items):
    response = engine.ask(question)
    assert response.intent == "list"
    assert response.answer is not None
    assert items <= listed_numbers(response)


def test_two_subjects_and_what_is_to_be_done_ask_the_items():
    assert classified("安全生产和平安建设方面要抓的事").value == "list"
    assert classified("消防和燃气安全相关要做的工作").value == "list"


# 安全生产和平安建设这两件事进展怎么样: several subjects, each asked on its own (分别, 各自, 这两件事):
# how each went, each subject's item cited first.
@pytest.mark.parametrize(
    ("question", "labels", "texts", "items"),
    [
        ("垃圾分类和市容整治这两件事进展怎么样", ["垃圾分类:", "市容整治:"], ["40.3%", "1860处"], [12, 13]),
        ("植树造林和易涝点整治各自什么情况", ["植树造林:", "易涝点整治:"], ["860亩", "7处"], [16, 17]),
    ],
)
def test_each_subject_named_gets_its_own_progress(engine, question, labels, texts, items):
    response = engine.ask(question)
    assert response.answer is not None
    assert all(text in response.answer for text in [*labels, *texts]), response.answer
    assert [int(hit.id.split("#")[1]) for hit in response.citations[:2]] == items


def test_only_several_subjects_asked_each_are_answered_per_subject(engine):
    assert "市容整治:" in (engine.ask("垃圾分类、市容整治分别怎么样了").answer or "")
    # (one subject: as before; 多少 asked: a comparison, not how each went)
    assert ":" not in (engine.ask("垃圾分类进展怎么样").answer or "")
    response = engine.ask("垃圾分类和市容整治分别完成多少")
    assert response.intent == "comparison"
