"""Reports over time: periods and their aliases, years, issuers, the same task across periods
and years, and questions that name a time — on fixtures written for these tests
(``tests/fixtures/periods``: invented 江滨区 items in the real title styles)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wrsearch.api import create_app
from wrsearch.cli import app
from wrsearch.engine import Engine
from wrsearch.errors import BadInput
from wrsearch.ingest.periods import (
    canonical_period,
    find_issuer,
    find_period,
    find_year,
    period_rank,
    year_from_header,
)
from wrsearch.ingest.read import parse_text

FIXTURES = Path(__file__).parent / "fixtures" / "periods"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text("utf-8"))
FOUR_PERIODS = ["jiangbin-2022-q1", "jiangbin-2022-h1", "jiangbin-2022-q3", "jiangbin-2022-y"]


@pytest.fixture(scope="module")
def periods(periods_index) -> Engine:
    return Engine(periods_index)


def item_id(stem: str, no: int, section: str | None = None) -> str:
    """A restarted section's items are numbered 101, 102… (their printed number is the label)."""
    return f"{stem}#{no + 100 if section == '二' else no}"


# -- the vocabulary ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, canonical",
    [
        ("一季度", "1-3月"),
        ("第一季度", "1-3月"),
        ("1—3月", "1-3月"),
        ("一至三月", "1-3月"),
        ("1-3月份", "1-3月"),
        ("上半年", "1-6月"),
        ("半年", "1-6月"),
        ("1至6月", "1-6月"),
        ("1-6月", "1-6月"),
        ("前三季度", "1-9月"),
        ("三季度", "1-9月"),
        ("1-9月", "1-9月"),
        ("全年", "全年"),
        ("年度", "全年"),
        ("1-12月", "全年"),
        ("年终", "全年"),
        ("1-4月", "1-4月"),
        ("下个月", None),
        ("", None),
    ],
)
def test_every_alias_names_one_canonical_period(value, canonical):
    assert canonical_period(value) == canonical


@pytest.mark.parametrize(
    "title, year, period, issuer",
    [
        ("2021《区政府工作报告》半年完成情况通报", 2021, "1-6月", "区"),
        ("2021年市《政府工作报告》前三季度完成情况通报", 2021, "1-9月", "市"),
        ("2021年区《政府工作报告》责任分解事项 1-3月份完成情况", 2021, "1-3月", "区"),
        ("2021年度区《政府工作报告》上半年完成情况", 2021, "1-6月", "区"),  # 年度 here is the year's
        ("2022年度区《政府工作报告》全年完成情况", 2022, "全年", "区"),
        ("一、《市政府工作报告》前三季度完成情况", None, "1-9月", "市"),
        ("关于政府工作报告的决议", None, None, None),
    ],
)
def test_titles_in_the_real_styles(title, year, period, issuer):
    assert (find_year(title), find_period(title), find_issuer(title)) == (year, period, issuer)


def test_year_from_the_header_when_the_title_has_none():
    assert year_from_header({"索引号": "737546075/2021-52546"}, "1-3月") == 2021
    assert year_from_header({"公开日期": "2022-01-20"}, "全年") == 2021  # reports on the year before
    assert year_from_header({"公开日期": "2022-04-20"}, "1-3月") == 2022
    report = parse_text("区《政府工作报告》完成情况\n1.建设学校。(责任单位:区教育局)\n完成情况:已开工。", "x-2023-q1")
    assert report.year == 2023 and report.found["year"] == "filename"


def test_period_order_follows_the_months():
    assert sorted(["全年", "1-9月", "1-3月", "1-6月"], key=period_rank) == ["1-3月", "1-6月", "1-9月", "全年"]


# -- the fixtures parse right ------------------------------------------------------------------
def test_fixtures_parse_to_their_year_period_and_issuer(periods):
    reports = {r["id"]: r for r in periods.index.reports}
    for stem, want in EXPECTED.items():
        if not isinstance(want, dict) or "year" not in want:
            continue
        got = reports[stem]
        assert (got["year"], got["period"], got["issuer"], got["items"]) == (
            want["year"],
            want["period"],
            want["issuer"],
            want["items"],
        ), stem


def test_sections_give_their_items_their_own_issuer(periods):
    for section in EXPECTED["mixed-2022-q3"]["sections"]:
        ids = [item_id("mixed-2022-q3", no, section["section"]) for no in range(1, section["items"] + 1)]
        assert {periods.show(i).issuer for i in ids} == {section["issuer"]}
        assert {periods.show(i).period for i in ids} == {section["period"]}


def test_a_report_without_year_or_period_is_indexed_with_a_warning(periods):
    report = next(r for r in periods.index.reports if r["id"] == "noyear")
    assert report["year"] is None and report["period"] is None
    assert any("年份" in w for w in report["warnings"]) and any("时段" in w for w in report["warnings"])


def test_reports_say_where_year_and_period_came_from(periods_index, monkeypatch):
    monkeypatch.setenv("WRSEARCH_INDEX", str(periods_index))
    monkeypatch.setenv("COLUMNS", "240")
    rows = {r["id"]: r for r in json.loads(CliRunner().invoke(app, ["reports", "--json"]).stdout)}
    assert rows["jiangbin-2022-h1"]["found"] == {"year": "title", "period": "title", "issuer": "title"}
    assert rows["mixed-2022-q3"]["found"]["period"] == "section"
    table = CliRunner().invoke(app, ["reports"]).stdout
    assert "1-6月(上半年)" in table and "标题" in table


# -- the same task over time ---------------------------------------------------------------------
def test_timeline_lists_the_four_periods_in_order(periods):
    timeline = periods.timeline("jiangbin-2022-h1#1").timeline
    assert [t.report for t in timeline] == FOUR_PERIODS
    assert [t.period for t in timeline] == ["1-3月", "1-6月", "1-9月", "全年"]


def test_same_task_across_periods_even_renumbered_or_edited(periods):
    for group in EXPECTED["same_task"]:
        keys = {periods.show(i).task_key for i in group}
        assert len(keys) == 1 and None not in keys, group
    renumbered = [g for g in EXPECTED["same_task"] if len({i.split("#")[1] for i in g}) > 1]
    assert renumbered  # the fixtures do renumber


def test_look_alikes_of_another_issuer_or_year_are_other_tasks(periods):
    for a, b in EXPECTED["not_same_task"]:
        assert periods.show(a).task_key != periods.show(b).task_key, (a, b)


def test_similar_puts_the_same_task_then_last_years_counterpart_first(periods):
    hits = periods.similar("jiangbin-2022-y#1", k=6).hits
    same = [h for h in hits if h.same_task]
    assert {h.report for h in same} == set(FOUR_PERIODS) - {"jiangbin-2022-y"}
    following = hits[len(same)]
    assert following.id == "jiangbin-2021-y#1" and following.counterpart and not following.same_task
    assert hits[: len(same)] == same  # the same task before anything else


# -- filters and questions that name a time -----------------------------------------------------
@pytest.mark.parametrize("alias", ["上半年", "半年", "1-6月", "1至6月"])
def test_every_period_alias_filters_the_same(periods, alias):
    hits = periods.search("社会消费品零售总额", period=alias).hits
    assert hits and {h.period for h in hits} == {"1-6月"}
    assert [h.id for h in hits] == [h.id for h in periods.search("社会消费品零售总额", period="1-6月").hits]


def test_period_filter_over_http_and_unknown_period_is_a_422(periods_index):
    client = TestClient(create_app(index_dir=periods_index))
    a = client.get("/search", params={"q": "口袋公园", "period": "上半年"}).json()["hits"]
    b = client.get("/search", params={"q": "口袋公园", "period": "1-6月"}).json()["hits"]
    assert a and [h["id"] for h in a] == [h["id"] for h in b]
    bad = client.get("/search", params={"q": "口袋公园", "period": "下个月"})
    assert bad.status_code == 422 and "时段" in bad.json()["detail"]
    assert client.get("/search", params={"q": "社会消费品零售总额", "issuer": "市"}).json()["hits"][0]["issuer"] == "市"


def test_unknown_period_on_the_cli_is_exit_2(periods_index, monkeypatch):
    monkeypatch.setenv("WRSEARCH_INDEX", str(periods_index))
    result = CliRunner().invoke(app, ["search", "口袋公园", "--period", "第五季度"])
    assert result.exit_code == 2 and "可用" in result.stderr


def test_a_period_in_the_query_restricts_search(periods):
    hits = periods.search("前三季度口袋公园").hits
    assert hits and {h.period for h in hits} == {"1-9月"}


def test_period_questions_are_answered_from_their_period(periods):
    questions = [q for q in EXPECTED["period_questions"] if "answers" not in q]
    right = []
    for q in questions:
        response = periods.ask(q["query"])
        want = item_id(q["report"], q["item"], q.get("section"))
        right.append(bool(response.answer) and q["answer"] in response.answer and response.source == want)
    # 16 of 18 at the time of writing (see the README); a floor, not a promise of all
    assert sum(right) / len(right) >= 0.85, [q["query"] for q, ok in zip(questions, right) if not ok]


def test_comparison_of_periods_answers_each_with_its_citation(periods):
    for q in (q for q in EXPECTED["period_questions"] if "answers" in q):
        response = periods.ask(q["query"])
        cited = [c.id for c in response.citations]
        for part in q["answers"]:
            assert part["answer"] in response.answer, q["query"]
            assert f"{part['report']}#{part['item']}" in cited[: len(q["answers"])], q["query"]


def test_a_time_the_reports_do_not_cover_gets_no_answer(engine):
    response = engine.ask("上半年固定资产投资完成多少")  # only 1-3月 is indexed
    assert response.answer is None and response.citations
    assert engine.ask("2020年全年地区生产总值是多少").answer is None


def test_add_with_year_and_period_overrides_the_file(periods_index, tmp_path, monkeypatch):
    index = tmp_path / "index"
    shutil.copytree(periods_index, index)
    monkeypatch.setenv("WRSEARCH_INDEX", str(index))
    result = CliRunner().invoke(app, ["add", str(FIXTURES / "noyear.txt"), "--year", "2023", "--period", "上半年"])
    assert result.exit_code == 0, result.output
    report = next(r for r in json.loads(CliRunner().invoke(app, ["reports", "--json"]).stdout) if r["id"] == "noyear")
    assert (report["year"], report["period"], report["found"]["year"], report["found"]["period"]) == (
        2023,
        "1-6月",
        "given",
        "given",
    )
    bad = CliRunner().invoke(app, ["add", str(FIXTURES / "noyear.txt"), "--period", "第五季度"])
    assert bad.exit_code == 2 and "时段" in bad.stderr


def test_cli_search_table_shows_period_and_issuer(periods_index, monkeypatch):
    monkeypatch.setenv("WRSEARCH_INDEX", str(periods_index))
    monkeypatch.setenv("COLUMNS", "240")
    out = CliRunner().invoke(app, ["search", "社会消费品零售总额", "-k", "6"]).stdout
    assert "上半年" in out and "一季度" in out and "市·" in out


def test_bad_period_value_is_bad_input(periods):
    with pytest.raises(BadInput, match="可用"):
        periods.search("口袋公园", period="春季")
