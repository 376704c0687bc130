"""Round 8 part b's general rules for who, progress and list questions (docs/ask-round8b.md),
each family tried on an invented report (``tests/fixtures/ask8b/wutong-2027-h1.txt``, 梧桐区,
written for these tests) with nouns none of the labelled sets use, and on pure functions."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.answer.words import contracted, recut

from conftest import assert_answer, assert_listed, report_fixtures

REPORT = Path(__file__).parent / "fixtures" / "ask8b" / "wutong-2027-h1.txt"
ID = "wutong-2027-h1"


# the 梧桐区 report indexed alone (~5-20 s), and an Engine on it
index, engine = report_fixtures(REPORT)


# Words: a long form the report writes short (科学普及 → 科普), a pair the tokenizer glued across
# two words (银杏 + 湖创 → 银杏湖 + 创), 哪几家在做 asks who.
def test_contracted_long_form_becomes_the_reports_short_form():
    corpus = "开展科普进社区活动120场 普通 学习"
    assert contracted(["科学", "普及", "活动"], "科学普及活动是谁在抓", corpus.count) == ["科普", "活动"]
    # 普通 + 学习: both report words, so 普学 is no contraction even if the corpus held it
    assert contracted(["普通", "学习"], "普通学习", (corpus + " 普学").count) == ["普通", "学习"]


def test_recut_gives_the_first_character_to_the_word_before():
    corpus = "银杏湖景区创建国家5A级旅游景区"
    assert recut(["银杏", "湖创", "5a"], "银杏湖创5A进展如何", corpus.count) == ["银杏湖", "创", "5a"]
    # 项目 + 中标: 中标 is a dictionary word, never cut however the corpus reads
    assert recut(["项目", "中标"], "项目中标单位", "重点项目中已开工 中标".count) == ["项目", "中标"]


@pytest.mark.parametrize(
    ("question", "item", "departments"),
    [
        ("科学普及活动是谁在抓", 1, "区科协"),
        ("公共自行车站点哪几家在做", 7, "区交通局"),
    ],
)
def test_who_in_long_forms_and_spoken_asking(engine, question, item, departments):
    assert_answer(engine, question, intent="who", source=f"{ID}#{item}", answer=departments)


# Progress: whether it happened, said as staff say it (那项完成了吗, 达标了没有), answered by the
# progress of the item whose task names the subject when no clause says it in status words;
# 成效 asks what the work achieved.
@pytest.mark.parametrize(
    ("question", "item", "expected"),
    [
        ("总部企业那项完成了吗", 4, "总部已落户"),
        ("地表水水质达标了没有", 11, "未达到年度目标"),
        ("古城墙保护修缮成效", 12, "修缮120米"),
        ("银杏湖创5A进展如何", 5, "已通过景观质量评审"),
        ("哪几段古城墙还没修好,为什么", 12, "因考古发掘"),  # the cause asked: not a count, not a list
    ],
)
def test_progress_in_staff_words(engine, question, item, expected):
    assert_answer(engine, question, expected, source=f"{ID}#{item}")


# Several items' figures at once: parts named (…和…分别), counted (两个项目) with the department,
# or with the plan asked (目标分别是多少: every figure the task sets).
@pytest.mark.parametrize(
    ("question", "items", "expected"),
    [
        ("城发集团承建的两个项目各完成投资多少", {2, 3}, ["3.6亿元", "1.9亿元"]),
        ("社区食堂和公共自行车站点分别新建了多少个", {6, 7}, ["21个", "26个"]),
        ("职业技能培训和高校毕业生两件事目标分别是多少", {9, 10}, ["2万人次", "3000名"]),
    ],
)
def test_one_figure_per_item_named_or_counted(engine, question, items, expected):
    assert_answer(engine, question, *expected, leading=items)


def test_parts_in_one_item_stay_a_comparison(engine):
    # 建成 and 其余 are both in the 社区食堂 item: not several items
    assert_answer(engine, "社区食堂目标和已建成数分别是多少", "30个", "21个", source=f"{ID}#6")


# Lists: 这类…任务 and …的事项 ask items; 哪几项 asks items, not a figure; a unit's head after 、
# before 方面 is a topic; each subject a list names brings the item about it.
@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("消防、河道清淤这类安全任务", {13, 14}),
        ("老年大学和职业技能培训的事项", {8, 9}),
        ("技能培训、毕业生引进的活有哪几项", {9, 10}),
        ("科普、体育、旅游方面有哪些重点工作", {1, 3, 5}),
        ("水质和消防隐患整改方面有哪些工作", {11, 13}),
    ],
)
def test_lists_of_several_subjects(engine, question, items):
    assert_listed(engine, question, items, intent="list")


def test_how_many_items_is_still_a_figure(engine):
    assert_answer(engine, "今年要新增几家总部企业", "5家", intent="target")
