"""``ask`` on reports written by someone else (issue 13, round 4, branch ``ask3``).

The blind set ``tests/data/ask_blind.jsonl`` (over ``tests/fixtures/ask_blind/linjiang-2023-h1.txt``)
was measured once as held-out on main 75d4557 and is dev since (``"moved": "heldout→dev
2026-11-28 after its one measurement"``): its misses were grouped into causes, each fixed by a
general rule. Here it runs through the CLI's ``eval-answers`` with per-kind floors, and each
cause is exercised by invented questions over *other* reports (the seed, ``status2/qingchuan``,
``status3/nanhu``), never over the blind report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wrsearch.engine import Engine

from conftest import assert_answer, assert_kinds_at_floor, assert_no_answer, index_report_alone

FIXTURES = Path(__file__).parent / "fixtures"
BLIND = Path(__file__).parent / "data" / "ask_blind.jsonl"
# Per-kind accuracy on ask_blind as dev after round 4: 1.00 in every kind (README, "ask").
BLIND_FLOOR = 0.95
SEED = "wuchang-2021-q1#"
QC = "qingchuan-2022-y#"


@pytest.fixture(scope="module")
def blind_index(tmp_path_factory) -> Path:
    return index_report_alone(tmp_path_factory, FIXTURES / "ask_blind" / "linjiang-2023-h1.txt")


@pytest.fixture(scope="module")
def qingchuan(tmp_path_factory) -> Engine:
    return Engine(index_report_alone(tmp_path_factory, FIXTURES / "status2" / "qingchuan-2022-y.txt"))


@pytest.fixture(scope="module")
def nanhu(tmp_path_factory) -> Engine:
    return Engine(index_report_alone(tmp_path_factory, FIXTURES / "status3" / "nanhu-2023-h1.txt"))


def test_blind_set_is_dev_now_and_clears_its_floors_through_the_cli(blind_index, monkeypatch):
    rows = [json.loads(line) for line in BLIND.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert {row["split"] for row in rows} == {"dev"}
    assert_kinds_at_floor(blind_index, BLIND, BLIND_FLOOR, monkeypatch)


# Cause: a department by the head of its name with a word pointing at it (城管那边), or asked with
# fillers (这次报告里有几项工作, 管哪几件事): every item of the unit, not a figure or a topic.
@pytest.mark.parametrize(
    "question, department",
    [
        ("城管那边牵头了哪些工作?", "区城管局"),
        ("民政局这次报告里有几项工作,都是什么?", "区民政局"),
        ("司法局管哪几件事?", "区司法局"),
    ],
)
def test_department_short_forms_and_fillers(engine, question, department):
    response = engine.ask(question)
    assert response.intent == "department"
    owned = {f"{SEED}{item.no}" for item in engine.searcher.items if department in item.departments}
    assert owned and owned <= {hit.id for hit in response.citations}


# Cause: the act said in everyday words no report uses (新修, 改好, 建好) or an abbreviation
# (社卫中心 for 社区卫生服务中心) weighed as the missing subject, so right answers fell under the
# threshold; 改好了 asks what was finished.
@pytest.mark.parametrize(
    "question, source, expected",
    [
        ("今年计划新修多少公里绿道?", f"{SEED}32", "3公里"),
        ("二次供水设施改好了几处?", f"{SEED}42", "完工44处"),
    ],
)
def test_everyday_acts_on_the_seed(engine, question, source, expected):
    assert_answer(engine, question, expected, source=source)


@pytest.mark.parametrize(
    "question, intent, expected",
    [
        ("今年要新建几个社卫中心?", "target", "社区卫生服务中心2个"),
        ("社卫中心建好了几个?", "done", "2个社区卫生服务中心"),
    ],
)
def test_abbreviations_read_as_their_long_form(qingchuan, question, intent, expected):
    assert_answer(qingchuan, question, expected, intent=intent)


# Cause: a theme given with examples (治水,比如…; …这类长江保护): any of them found is the theme found.
@pytest.mark.parametrize(
    "question, item",
    [
        ("哪些事项涉及治水,比如雨污分流、管涵清淤?", 35),
        ("哪些事项涉及禁捕、渔政这类长江保护?", 36),
        ("哪些事项涉及低保、临时救助这类兜底保障?", 57),
    ],
)
def test_theme_with_examples(engine, question, item):
    response = engine.ask(question)
    assert response.intent == "list" and response.answer is not None, response
    assert f"{SEED}{item}" in {hit.id for hit in response.citations[:3]}


def test_a_listed_item_shows_the_clause_naming_what_its_task_does_not(engine):
    response = engine.ask("哪些事项里提到了处罚?")
    line = next(line for line in response.answer.splitlines() if line.startswith("37."))
    assert "处罚超标车辆7台" in line


# Cause: two changes asked after the parts (分别降了多少) want the rates, whatever the parts' units.
def test_changes_of_two_parts_are_rates(qingchuan):
    assert_answer(qingchuan, "事故起数和死亡人数分别降了多少?", "40%", "25%", intent="comparison")


def test_a_change_asked_takes_a_rate(qingchuan):
    assert_answer(qingchuan, "人民医院门诊楼日均接诊量提升了多少?", "30%")


# Cause: unanswerables answered with a figure of another kind: money asked of a count
# (总投资多少 → 2个), an amount asked and only a share given (税收有多少 → 占比81.2%).
def test_investment_is_asked_in_money(engine):
    assert_no_answer(engine, "区公共卫生服务中心总投资多少?")


def test_a_share_is_no_answer_to_how_much(nanhu):
    assert_no_answer(nanhu, "全区税收有多少?")
