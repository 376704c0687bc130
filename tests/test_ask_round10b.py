"""Round 10 part b's general rules for who, dept, progress and list questions (docs/ask-round10b.md),
each family tried on an invented report (``tests/fixtures/ask10b/lanxi-2029-q1.txt``, 兰溪区 1-3月,
written for these tests) in wordings other than the dev questions that showed the cause, and on
pure functions."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.intent import WHO_RE
from wrsearch.answer.status import NO_DATA_RE
from wrsearch.answer.words import is_place_name, subject_pieces
from wrsearch.search.query import find_departments, is_short_form

from conftest import assert_answer, assert_listed, listed_numbers, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask10b" / "lanxi-2029-q1.txt"
ID = "lanxi-2029-q1"
KNOWN = ["区农业农村和水利局", "区民政局", "区财政局", "各街道", "区城管局", "区人力资源和社会保障局"]


# the 兰溪区 report indexed alone (~5-20 s), and an Engine on it
index, engine = report_fixtures(REPORT)


# Pure functions.
def test_short_unit_name_is_made_of_the_full_names_characters():
    assert is_short_form("农水局", "农业农村和水利局")
    assert is_short_form("人社局", "人力资源和社会保障局")
    assert not is_short_form("水农局", "农业农村和水利局")  # out of order
    assert not is_short_form("农水委", "农业农村和水利局")  # another kind of unit
    assert not is_short_form("民政局", "民政局")  # its own name, not a short form


@pytest.mark.parametrize(
    ("question", "unit", "rest"),
    [
        ("农水局负责哪些事项", "区农业农村和水利局", "负责哪些事项"),
        ("街道这次要配合哪些工作", "各街道", "这次要配合哪些工作"),
        ("民政在报告里管哪些", "区民政局", "在报告里管哪些"),
        ("人社这回牵头哪些事", "区人力资源和社会保障局", "这回牵头哪些事"),
    ],
)
def test_unit_named_by_its_head_or_short_name(question, unit, rest):
    assert find_departments(question, KNOWN) == ({unit}, rest)


@pytest.mark.parametrize("question", ["民政养老服务怎么样", "街道整治由哪些部门负责", "财政收支方面的任务有哪些"])
def test_a_topic_word_stays_a_topic(question):
    assert find_departments(question, KNOWN)[0] == set()


def test_kinds_of_area_are_no_place_names():
    assert [is_place_name(w) for w in ("兰溪区", "社区", "园区", "扩区", "小区", "经开区")] == [
        True,
        False,
        False,
        False,
        False,
        False,
    ]


def test_staff_phrase_of_the_synonym_list_stays_whole():
    assert subject_pieces("财政收入", lambda word: {"财政": 3, "收入": 2}.get(word, 0)) == ["财政收入"]


@pytest.mark.parametrize(
    "question",
    ["病险水库整治归口到哪里", "公厕建设是哪家的活", "挂牌上市这事归属哪个口子管", "农田建设是哪家单位的工作"],
)
def test_who_said_as_staff_say_it(question):
    assert WHO_RE.search(question)


def test_which_company_is_no_who_question():
    assert not WHO_RE.search("高标准农田项目中标单位是哪家")


@pytest.mark.parametrize("clause", ["单位GDP能耗数据需年底核算", "认定结果有待省厅确认", "区交通局:暂未报送"])
def test_figures_not_out_yet(clause):
    assert NO_DATA_RE.search(clause)


# Who: the subject stripped of how staff say "whose work" (落到…头上, 这件事, 的活).
@pytest.mark.parametrize(
    ("question", "item", "departments"),
    [
        ("病险水库整治归口到哪里", 18, "区农业农村和水利局、各街道"),
        ("企业挂牌上市这件事压在谁身上", 6, "区经信局、区金融办"),
        ("公厕建设是哪家的活", 11, "区城管局、区交通局"),
        ("养老床位落到哪些单位头上", 10, "区民政局、各街道"),
        ("信访积案化解归属哪个口子管", 19, "区信访局、各街道"),
    ],
)
def test_who_in_other_words(engine, question, item, departments):
    assert_answer(engine, question, intent="who", source=f"{ID}#{item}", answer=departments)


# Dept: a unit's short name, its head with words between it and the asking, a group without 各.
@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("农水局负责哪些事项", {18}),
        ("街道这次要配合哪些工作", {7, 10, 12, 18, 19}),
        ("民政在报告里管哪些", {10}),
        ("财政今年负责哪些", {1, 3}),
    ],
)
def test_department_items(engine, question, items):
    assert_listed(engine, question, items, intent="department", exact=True, cited=False)


# Progress and status: a named department's own part, figures due later, sent up for approval,
# a subject with 社区 in it.
@pytest.mark.parametrize(
    ("question", "item", "said"),
    [
        ("交通局停车泊位那块报上来没有", 11, "暂未报送"),
        ("能耗下降目标达到了吗", 16, "需年底核算"),
        ("东区扩容方案批下来了吗", 5, "已报省政府审批"),
        ("社区书院创建推进情况", 7, "社区书院建设工作已启动"),
    ],
)
def test_progress_and_status(engine, question, item, said):
    assert_answer(engine, question, said, source=f"{ID}#{item}")


# Lists: the items of a kind (这些…的事情), staff phrases the data knows (财政收支, 产业园区).
@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("垃圾分类、公厕这些城市管理的事情", {11, 12}),
        ("财政收支方面有哪些任务", {1, 3}),
        ("产业园区方面有哪些工作", {4, 5}),
    ],
)
def test_list_items(engine, question, items):
    response = assert_listed(engine, question, items, cited=False)
    assert len(listed_numbers(response)) <= len(items) + 1  # no run of fillers


# Several items' figures: names run together under a count, names after a topic's count, a part
# with a time word.
@pytest.mark.parametrize(
    ("question", "figures"),
    [
        ("碧水净土两个保卫战的目标各是多少", ["100%", "92%"]),
        ("文体旅的几件事,惠民演出和游客分别完成多少", ["41场", "152万人次"]),
        ("GDP、财政收入一季度各增长多少", ["5.7%", "3.6%"]),
        ("固投、财政收入1-3月分别增长多少", ["6.4%", "3.6%"]),
    ],
)
def test_several_items_figures(engine, question, figures):
    assert_answer(engine, question, *figures)
