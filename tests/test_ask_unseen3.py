"""``ask`` on the causes found in round 6 (branch ``ask6``): the misses of ``ask_blind3`` (红岭区,
dev since its one measurement) and of ``ask_qingshi`` (青石区, dev, written before its first run).
Each cause is fixed by a general rule and exercised here by invented questions over *other*
reports — the seed, ``status/songling-2022-h1`` and ``status2/qingchuan-2022-y`` — never over
the two reports the misses came from.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.engine import Engine

from conftest import assert_answer, assert_no_answer, index_report_alone

SEED = "wuchang-2021-q1#"
SONGLING = "songling-2022-h1#"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def songling(tmp_path_factory) -> Engine:
    return Engine(index_report_alone(tmp_path_factory, FIXTURES / "status" / "songling-2022-h1.txt"))


# -- departments asked with more words ------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("区民政局的工作清单", {23}),  # 清单: the unit's items
        ("民政局要完成的重点工作有哪些?", None),  # 要完成的: filler around the unit
    ],
)
def test_department_with_list_words(songling, engine, question, items):
    response = (songling if items else engine).ask(question)
    assert response.intent == "department" and response.answer is not None, response
    expected = {f"{SONGLING}{no}" for no in items} if items else {f"{SEED}{no}" for no in (57, 62, 63)}
    assert expected <= {hit.id for hit in response.citations}


def test_head_of_a_unit_with_bumen_is_that_unit_alone(songling):
    # songling lists 区住建局 and 区建设局 apart: 住建部门 is the first only, 建设部门 the second
    housing = songling.ask("住建部门负责什么?")
    assert housing.intent == "department", housing
    assert {hit.id for hit in housing.citations} == {f"{SONGLING}11"}
    building = songling.ask("建设部门有哪些事项")
    assert building.intent == "department", building
    assert {hit.id for hit in building.citations} == {f"{SONGLING}13", f"{SONGLING}15"}


# -- question shapes ------------------------------------------------------------------------
def test_related_work_is_a_list(engine):
    response = engine.ask("老旧小区改造相关的工作")
    assert response.intent == "list" and response.answer is not None, response
    assert f"{SEED}19" in {hit.id for hit in response.citations}


def test_what_was_done_asks_progress(songling):
    assert_answer(songling, "环保督察问题整改做了哪些?", "已完成整改10项", intent="progress", source=f"{SONGLING}24")


def test_certified_is_a_result_not_the_plan(songling):
    # 认定了多少 asks what was certified; 定了 alone (年初定了多少) stays the plan
    assert songling.ask("今年新认定了多少家高新技术企业?").intent == "done"
    assert songling.ask("高新技术企业年初定了多少家?").intent == "target"


@pytest.mark.parametrize(
    ("question", "expected", "item"),
    [
        ("停车泊位原计划新增多少个?", "2000个", 14),  # 原 glued to the subject (泊位原) is filler
        ("雨污分流管网原计划改造多少公里?", "18公里", 12),
        ("城镇新增就业最后完成了多少人?", "1.12万人", 18),  # 最后: when, not what
    ],
)
def test_time_fillers_are_not_the_subject(songling, question, expected, item):
    response = assert_answer(songling, question, expected, source=f"{SONGLING}{item}")
    assert response.confidence >= 0.85, response


def test_this_year_is_no_subject(engine):
    assert_answer(engine, "禁捕这一年都做了些什么?", source=f"{SEED}36")


# -- comparisons whose later part says only an act ------------------------------------------
@pytest.mark.parametrize(
    ("question", "expected", "item"),
    [
        ("5G基站计划建几个,建了几个?", ["300个", "156个"], 17),
        ("菜市场计划改几个,改了几个?", ["6个"], 25),
        ("停车泊位目标多少,实际多少?", ["2000个", "1420个"], 14),
    ],
)
def test_comparison_part_with_only_an_act_takes_the_shared_subject(songling, question, expected, item):
    assert_answer(songling, question, *expected, intent="comparison", source=f"{SONGLING}{item}")


# -- words no report holds ------------------------------------------------------------------
def test_a_noun_no_report_holds_is_not_read_as_its_piece(engine):
    # 中医院 is in no item; the seed's 中医 (中医特色诊疗) or 医院 must not answer it
    assert_no_answer(engine, "区中医院扩建进展如何?")
    assert_no_answer(engine, "中医院新院区建得怎么样了?")
    # a suffix may still go: 网格化管理 is the seed's 网格 work
    assert_answer(engine, "网格化管理由哪个部门负责?")


# -- lists asking names ---------------------------------------------------------------------
def test_list_of_names_shows_the_names_before_their_count(tmp_path_factory):
    qingchuan = Engine(index_report_alone(tmp_path_factory, FIXTURES / "status2" / "qingchuan-2022-y.txt"))
    # 桃源、柳塘2个社区卫生服务中心已全部完工: the names, then how many of them
    assert_answer(qingchuan, "哪些社区卫生服务中心已经完工了?", "桃源", "柳塘", intent="list")


# -- status questions about the event that ends a project -----------------------------------
def test_put_into_use_is_answered_by_the_clause_saying_it(songling):
    # 投用了吗: 6月18日正式开馆投入使用, not 5月竣工验收 before it
    assert_answer(songling, "区图书馆新馆投用了吗?", "6月18日", source=f"{SONGLING}10")


# -- one figure per department --------------------------------------------------------------
def test_each_department_gets_its_own_figure(songling):
    texts = ("区水务局:", "0.3平方公里", "区建设局:")
    assert_answer(songling, "海绵城市两个部门各新增了多少?", *texts, source=f"{SONGLING}15")


# -- lists naming several subjects ----------------------------------------------------------
@pytest.mark.parametrize(
    ("report", "question", "items"),
    [
        ("songling", "老旧小区改造和外贸进出口相关的工作", {11, 27}),
        ("seed", "长江禁捕和扫黑除恶相关的工作", {36, 48}),
    ],
)
def test_each_subject_of_a_list_brings_its_item(songling, engine, report, question, items):
    asked = songling if report == "songling" else engine
    prefix = SONGLING if report == "songling" else SEED
    response = asked.ask(question)
    assert response.intent == "list" and response.answer is not None, response
    lines = response.answer.splitlines()
    assert {no for no in items if any(line.startswith(f"{no}. ") for line in lines)} == items, response
    assert {f"{prefix}{no}" for no in items} <= {hit.id for hit in response.citations}


# -- a subject the report's own section heading names ---------------------------------------
@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("城市建设与管理包括哪些工作?", range(9, 17)),  # 二、城市建设与管理: items 9-16
        ("民生保障方面有哪些任务?", range(17, 30)),  # 三、民生保障: items 17-29, more than 8
    ],
)
def test_a_section_heading_lists_its_items(songling, question, items):
    response = songling.ask(question)
    assert response.intent == "list" and response.answer is not None, response
    assert {f"{SONGLING}{no}" for no in items} <= {hit.id for hit in response.citations}
    assert len(response.answer.splitlines()) == len(items), response


# -- an amount beside its share -------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "expected", "item"),
    [
        ("雨污分流管网改了多少,占计划多少?", ["9.6公里", "53.3%"], 12),
        ("停车泊位新增了多少,占目标多少?", ["1420个", "71%"], 14),
    ],
)
def test_amount_and_share_are_two_figures_of_one_item(songling, question, expected, item):
    assert_answer(songling, question, *expected, source=f"{SONGLING}{item}")


def test_two_measures_before_one_question_word_are_a_comparison(songling):
    question = "城镇新增就业人数和登记失业率是多少?"
    assert_answer(songling, question, "1.12万人", "3.1%", intent="comparison", source=f"{SONGLING}18")


def test_themes_pointed_at_with_zhe_ji_are_a_list(songling):
    # 这几项 points at the themes named before it: no number is asked, each theme is a subject
    response = songling.ask("口袋公园、停车泊位、5G基站这几项对应哪些事项?")
    assert response.intent == "list" and response.answer is not None, response
    lines = response.answer.splitlines()
    assert {no for no in (9, 14, 17) if any(line.startswith(f"{no}. ") for line in lines)} == {9, 14, 17}
