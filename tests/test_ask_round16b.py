"""Round 16b (docs/ask-round16b.md): comparisons that showed one figure, and lists that were
declined or cut short. Tried in wordings other than the dev questions that showed each cause, on
an invented report (``tests/fixtures/ask_round16b/digang-2031-h1.txt``, 荻港区 2031年上半年:
外贸进出口总额, 科技型中小企业, 充电站, 农贸市场, 口袋公园, PM2.5 and VOCs, 村卫生室, 城市书房…)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.comparison import part_is_plan, without_plan_check
from wrsearch.answer.figures import counted_alike, is_running_total, result_of_plan
from wrsearch.answer.intent import met_plan_asked, plan_done_parts

from conftest import assert_answer, assert_cli_answer, assert_listed, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask_round16b" / "digang-2031-h1.txt"
ID = "digang-2031-h1"


# the 荻港区 report indexed alone, and an Engine on it
index, engine = report_fixtures(REPORT)


# Whether the plan was met (达到目标没有, 达标没, 超没超目标, 任务完成了没有) asks the plan and the
# result together: both figures, from the one item about the subject.
@pytest.mark.parametrize(
    ("question", "item", "texts"),
    [
        ("PM2.5浓度降幅达到目标没有", 9, ["3%", "4.6%"]),  # a rate target against the rate reached
        ("优良天数比例达标没", 9, ["86%", "84.1%"]),
        ("科技型中小企业认定任务完成了没有,认定了几家", 4, ["120家", "74家"]),
        ("充电站建成数超没超目标", 5, ["40座", "27座"]),
    ],
)
def test_whether_the_plan_was_met_gives_the_plan_and_the_result(engine, question, item, texts):
    assert_answer(engine, question, *texts, intent="comparison", source=f"{ID}#{item}")


def test_the_reports_own_verdict_joins_the_two_figures(engine):
    assert_answer(engine, "垃圾回收利用率达标没有", "38%", "39.2%", "超过年度目标")


# 能耗降幅达到目标了吗: the plan is a rate (下降3%) and no rate is reported yet; 节能监察21家 is no
# result of it. The question is answered as whether it happened: the data are not in.
@pytest.mark.parametrize("question", ["能耗降幅达到目标了吗", "能耗下降任务完成没有"])
def test_a_result_counted_otherwise_than_its_plan_is_no_result(engine, question):
    assert counted_alike("建成5G基站800个;全年新建5G基站912个")
    assert not counted_alike("单位GDP能耗下降2.5%;完成重点用能单位节能监察16家")
    assert_answer(engine, question, "待年底核算", source=f"{ID}#17")


def test_the_running_total_is_not_the_periods_result(engine):
    # 上半年新建充电站27座,累计建成充电站318座: the plan (40座) is met by the half-year's figure
    assert_answer(engine, "充电站建成数超没超目标", absent=("318座",))


def test_a_running_total_set_against_the_plan_is_the_result(engine):
    # 累计完成投资118.6亿元,占年度计划的56.5% is the year's result so far, not a total of all years
    assert_answer(engine, "重点项目年度计划投资多少,目前完成多少", "210亿元", "118.6亿元", absent=("32.4亿元",))


def test_whether_met_without_a_plan_figure_is_asked_as_it_would_be_alone():
    assert met_plan_asked("水质达标了吗") and met_plan_asked("招商任务完成了没有") and met_plan_asked("超没超计划")
    assert not met_plan_asked("污水处理厂达标排放了吗") and not met_plan_asked("河道清淤开工了吗")
    assert plan_done_parts("降幅达标没有") == ("降幅", "达标没有")
    assert plan_done_parts("降幅达标没有", met_plan=False) is None


def test_a_status_question_with_no_plan_check_stays_a_status(engine):
    response = engine.ask("河道清淤开工了吗")
    assert response.intent == "status"


# 定了多少家 is the plan as it was set; 认定了多少家 is a result.
def test_what_was_set_is_the_plan_and_what_was_certified_the_result(engine):
    assert part_is_plan("科技型中小企业定了多少家")
    assert not part_is_plan("认定了多少家")
    response = assert_answer(engine, "科技型中小企业定了多少家 认定了多少家", "120家", "74家")
    assert response.answer.index("120家") < response.answer.index("74家"), response


# 计划改造城区农贸市场9个,已改造6个: the result right after its plan's clause counts what that
# clause names, whatever other figure of the subject the progress gives first (城郊…3个).
def test_the_result_after_its_plan_clause_counts_what_the_plan_names(engine):
    assert result_of_plan("计划改造城区农贸市场9个,", "已改造6个,")
    assert not result_of_plan("全年计划实现固定资产投资311亿元,", "增幅14%。")  # no result, another measure
    assert_answer(engine, "城区农贸市场改造了几个", "6个", source=f"{ID}#6")
    assert_answer(engine, "农贸市场原计划改造几个?改了几个", "6个")


def test_a_running_total_is_only_one_beside_the_periods_figure():
    parts = ["上半年新建充电站27座,", "累计建成充电站318座,", "充电桩总数达4620个。"]
    weights = {"充电站": 1.0}
    assert is_running_total(parts[1], parts, "充电站建了多少", weights)
    assert not is_running_total(parts[1], parts, "充电站累计建了多少", weights)  # the total asked
    against = ["90个重点项目已开工81个,", "累计完成投资118.6亿元,", "占年度计划的56.5%。"]
    assert not is_running_total(against[1], against, "重点项目完成投资多少", {"投资": 1.0})


# …建了多少,跟目标比呢: the result asked with the plan it is set against; the plan's figure joins.
@pytest.mark.parametrize("question", ["口袋公园建了多少,跟目标比呢", "口袋公园建成了多少个,和计划比怎么样"])
def test_a_result_asked_against_the_plan_gives_the_plan_too(engine, question):
    assert_answer(engine, question, "25个", "17个", source=f"{ID}#7")


def test_the_plan_check_words_name_no_subject():
    assert without_plan_check("口袋公园建了多少,跟目标比呢").strip(" ,呢") == "口袋公园建了多少"
    assert "超" not in without_plan_check("充电站建成数超没超目标")


# Lists.
# 进出口总额和利用外资这两块有啥任务: 总额 is in the subject's name (no figure is asked), 这两块
# counts the pieces named: both items, listed.
@pytest.mark.parametrize("question", ["进出口总额和利用外资这两块有啥任务", "利用外资、进出口总额这两项有什么任务"])
def test_two_subjects_and_their_count_list_both_items(engine, question):
    assert_listed(engine, question, {1, 2}, intent="list", cited=False)


# 大气污染防治: no item says 大气 or 污染; PM2.5 and VOCs are what it is.
def test_air_pollution_in_staff_words_lists_its_items(engine):
    assert_listed(engine, "大气污染防治有哪些任务", {9, 10}, cited=False)


# 社区卫生服务中心和村卫生室各新建了多少: the first item counts both together (14个); the second
# part's own figure is in another item (新建标准化村卫生室9个), not the first item's joint clause.
def test_each_part_naming_its_own_subject_takes_its_own_figure(engine):
    assert_answer(engine, "社区卫生服务中心和村卫生室各新建了多少个", "14个", "9个", cites={12, 13})


# 文体方面的任务,城市书房和全民健身赛事各完成多少: a theme's items (no 哪些), then each part's figure.
def test_a_theme_then_each_parts_figure_gives_figures_and_items(index):
    question = "文体方面的任务,城市书房和全民健身赛事各完成多少"
    assert_cli_answer(index, question, "7家", "13场", cites={f"{ID}#14", f"{ID}#15"})


def test_a_theme_in_staff_words_lists_its_items(engine):
    assert_listed(engine, "文体方面有哪些任务", {14, 15}, cited=False)
