"""``ask`` on the causes found in the second blind set (``tests/data/ask_blind2.jsonl``, measured
once as held-out on main e55b161, dev since; branch ``ask5``): each cause is fixed by a general
rule and exercised here by invented questions over the seed report and ``status/songling-2022-h1``,
never over the blind one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.engine import Engine

from conftest import assert_answer, assert_no_answer, index_report_alone

SEED = "wuchang-2021-q1#"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("question", "intent", "expected", "item"),
    [
        # 总额/总量 says the shape of the answer, not its subject
        ("一季度城建投资总额是多少?", "done", "35亿元", 18),
        # an act with 了 right before 多少 asks a result, even beside 今年
        ("今年新增了多少四板挂牌企业?", "done", "1家", 8),
        # 要求…多少 asks the plan, in the task
        ("二次供水改造要求完成多少处?", "target", "133处", 42),
    ],
)
def test_figure_question_shapes(engine, question, intent, expected, item):
    assert_answer(engine, question, expected, intent=intent, source=f"{SEED}{item}")


@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("区财政局牵头或参与的事项有哪些?", {2, 62, 67}),  # 或 between two ways of holding work
        ("区民政局负责的工作进展", {57, 62, 63}),  # 工作进展 of a unit: its items
    ],
)
def test_department_asked_with_more_words(engine, question, items):
    response = engine.ask(question)
    assert response.intent == "department" and response.answer is not None, response
    assert {f"{SEED}{no}" for no in items} <= {hit.id for hit in response.citations}


def test_a_year_no_report_covers_is_not_answered(engine):
    # 2022年的…目标: the seed is 2021; its target is no answer to another year's
    assert_no_answer(engine, "2022年的地区生产总值目标定的多少?")
    # 到2025年的目标 is a deadline, not a report's year: the question is still read
    assert_answer(engine, "到2025年的地区生产总值目标定的多少?")


def test_this_indicator_is_filler_in_a_who_question(engine):
    assert_answer(engine, "社会消费品零售总额这个指标由哪个部门负责?", answer="区商务局", source=f"{SEED}3")


@pytest.mark.parametrize(
    ("question", "item", "names"),
    [
        # a 哪些 question asking names, not items: the clause listing them, (…、…) or …、…等
        ("立体停车库选了哪些点位?", 21, ("人民医院东区", "地球村", "陆军总医院")),
        ("新引进了哪些金融企业?", 13, ("武汉合众易宝科技有限公司", "湖北省文化金融服务中心有限公司")),
    ],
)
def test_a_list_of_names_shows_the_clause_naming_them(engine, question, item, names):
    response = engine.ask(question)
    assert response.intent == "list" and response.answer is not None, response
    line = next(line for line in response.answer.splitlines() if line.startswith(f"{item}."))
    assert all(name in line for name in names), line


@pytest.fixture(scope="module")
def songling(tmp_path_factory) -> Engine:
    index = index_report_alone(tmp_path_factory, FIXTURES / "status" / "songling-2022-h1.txt")
    return Engine(index)


@pytest.mark.parametrize(
    ("question", "texts", "item"),
    [
        # 还剩几项 (glued by the tokenizer): what is left, which the report calls 其余
        ("反馈问题整改了几项,还剩几项?", ("10项", "2项"), 24),
        ("口袋公园建了几个,剩下几个?", ("1个", "4个"), 9),
    ],
)
def test_what_is_left_is_a_part_of_its_own(songling, question, texts, item):
    assert_answer(songling, question, *texts, intent="comparison", source=f"songling-2022-h1#{item}")


def test_each_with_no_word_between_is_a_comparison(songling):
    # 各几个: one figure per part, as 各有多少
    assert songling.ask("口袋公园建成和设计中的各几个?").intent == "comparison"


def test_figures_by_kind_are_every_figure_of_the_item(engine):
    # 按类型分别多少件: the figures the report breaks the whole into, not one part
    assert_answer(engine, "调处的纠纷按类型分别是多少件?", "15件", "4件", "105件", intent="figures", source=f"{SEED}46")


def test_genre_abbreviations_read_as_their_long_form(engine):
    # 固投 (固定资产投资), as 规上 and 社零: the genre's own shorthand, in data/synonyms.txt
    assert_answer(engine, "固投的目标是多少?", "300亿元", source=f"{SEED}1")


def test_when_the_rest_will_be_done(tmp_path_factory):
    # 剩下的…什么时候: the report says what is left with 其余
    index = index_report_alone(tmp_path_factory, FIXTURES / "status3" / "nanhu-2024-m10.txt")
    assert_answer(Engine(index), "剩下的养老服务中心什么时候能弄完?", "11月底")
