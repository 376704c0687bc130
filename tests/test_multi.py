"""Many reports: periods, years, prose passages; timeline, similar, related and links."""

from __future__ import annotations

import io
import json
import re

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wrsearch.api import create_app
from wrsearch.cli import app
from wrsearch.evaluate import evaluate, load_qrels
from wrsearch.ingest.read import parse_file, parse_text
from wrsearch.search.graph import build_graph, export

from conftest import DEV_SET, FIXTURE_DUNHAO, NATIONAL, NATIONAL_2018

SEED_35 = "wuchang-2021-q1#35"


def test_all_reports_are_indexed(multi_engine):
    reports = {r["id"]: r for r in multi_engine.index.reports}
    assert set(reports) == {"wuchang-2021-q1", "wuchang-2021-h1", "wuchang-2022-q1", NATIONAL_2018}
    assert reports[NATIONAL_2018]["kind"] == "prose" and reports["wuchang-2021-h1"]["period"] == "1-6月"


def test_timeline_lists_both_periods_in_order_with_their_progress(multi_engine):
    result = multi_engine.timeline(SEED_35)
    assert [(i.report, i.period) for i in result.timeline] == [
        ("wuchang-2021-q1", "1-3月"),
        ("wuchang-2021-h1", "1-6月"),
    ]
    assert "25.03公里" in result.timeline[0].progress and "40公里" in result.timeline[1].progress
    # from either end the same timeline
    assert [i.id for i in multi_engine.timeline("wuchang-2021-h1#35").timeline] == [i.id for i in result.timeline]


def test_near_equal_task_text_is_the_same_task(multi_engine):
    q1, h1 = multi_engine.show("wuchang-2021-q1#32"), multi_engine.show("wuchang-2021-h1#32")
    assert q1.task != h1.task and q1.task_key == h1.task_key
    assert multi_engine.show("wuchang-2021-q1#31").task_key != q1.task_key


def test_other_years_are_other_tasks(multi_engine):
    assert multi_engine.show("wuchang-2022-q1#2").task_key != multi_engine.show("wuchang-2021-q1#32").task_key


def test_similar_puts_the_repeated_task_first_and_excludes_the_own_report(multi_engine):
    hits = multi_engine.similar(SEED_35, k=10).hits
    assert hits[0].id == "wuchang-2021-h1#35" and hits[0].same_task
    assert all(hit.report != "wuchang-2021-q1" for hit in hits)
    assert any(hit.report == NATIONAL_2018 or hit.report == "wuchang-2022-q1" for hit in hits)


def test_similar_finds_national_paragraphs_the_task_echoes(multi_engine):
    hits = multi_engine.similar("wuchang-2021-q1#37", k=20).hits  # 蓝天保卫战
    national = [hit for hit in hits if hit.report == NATIONAL_2018]
    assert national and national[0].no is None and national[0].id.startswith(f"{NATIONAL_2018}#p")


def test_dunhao_report_with_roles_and_restarted_sections(multi_engine):
    item = multi_engine.show("wuchang-2022-q1#1")
    assert item.lead_departments == ["市水务局", "区水务湖泊局", "区城管局"]
    assert item.roles["市级牵头单位"] == ["市水务局"]
    assert item.section.startswith("《市政府工作报告》")
    restarted = multi_engine.show("wuchang-2022-q1#101")
    assert restarted.label == "1" and restarted.section.startswith("《区政府工作报告》")


def test_parse_restarted_numbering_keeps_ids_unique():
    report = parse_text(FIXTURE_DUNHAO, "wuchang-2022-q1")
    assert [i.no for i in report.items] == [1, 2, 101]


def test_related_rows_of_the_dev_set(multi_engine, engine):
    result = evaluate(engine, load_qrels(DEV_SET))
    assert result["by_type"]["related"]["hit@5"] == 1.0


def test_related_items_belong_to_other_departments_and_say_why(engine):
    result = engine.related("wuchang-2021-q1#33", k=5)
    own = set(result.item.departments)
    assert result.hits and all(not set(hit.departments) <= own for hit in result.hits)
    assert 37 in [hit.no for hit in result.hits]
    assert all(hit.reason for hit in result.hits)
    assert any(hit.shared_terms for hit in result.hits)


def test_issue_examples_of_related_items(engine):
    assert 60 in [h.no for h in engine.related("wuchang-2021-q1#12", k=5).hits]  # 5G基站 ↔ 智慧城市
    assert 36 in [h.no for h in engine.related("wuchang-2021-q1#34", k=5).hits]  # 水体治理 ↔ 长江禁捕


@pytest.mark.parametrize("path", sorted(NATIONAL.glob("*.txt")), ids=lambda p: p.stem[-30:])
def test_national_texts_become_clean_passages(path):
    report = parse_file(path)
    assert report.kind == "prose" and report.items
    for passage in report.items:
        assert passage.no is None and passage.id == f"{path.stem}#p{passage.passage}"
        assert not re.search("[\u200b\u200c\u200d\u2060\ufeff]", passage.task)
        assert not re.search(r"本作品|Public domain|公有领域|维基文库|SOURCE:|TITLE:", passage.task)
        assert 0 < len(passage.task) <= 300
    assert [p.passage for p in report.items] == list(range(1, len(report.items) + 1))


def test_search_within_a_national_report(multi_engine):
    hits = multi_engine.search("蓝天保卫战", report=NATIONAL_2018).hits
    assert hits and "蓝天保卫战" in hits[0].task
    assert hits[0].year == 2018 and hits[0].period is None and hits[0].no is None


def test_links_graphml_loads_in_networkx(multi_engine):
    graph = build_graph(multi_engine)
    loaded = nx.read_graphml(io.BytesIO(export(graph, "graphml").encode("utf-8")))
    assert loaded.number_of_nodes() == len(graph["nodes"]) and loaded.number_of_edges() == len(graph["edges"])
    assert loaded.nodes["dept:区水务湖泊局"]["type"] == "department"
    assert loaded.has_edge("dept:区水务湖泊局", SEED_35)
    assert any(d["type"] == "related" for _, _, d in loaded.edges(data=True))


def test_links_csv_and_json(multi_engine):
    graph = build_graph(multi_engine)
    text = export(graph, "csv")
    assert text.startswith("\ufeffsource,") and "responsible" in text
    assert json.loads(export(graph, "json"))["nodes"]


def test_cli_timeline_similar_related_links(multi_index, monkeypatch, tmp_path):
    monkeypatch.setenv("WRSEARCH_INDEX", str(multi_index))
    runner = CliRunner()
    result = runner.invoke(app, ["timeline", SEED_35, "--json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)["timeline"]) == 2
    result = runner.invoke(app, ["similar", SEED_35, "-k", "3", "--json"])
    assert json.loads(result.stdout)["hits"][0]["id"] == "wuchang-2021-h1#35"
    result = runner.invoke(app, ["related", SEED_35, "-k", "3"])
    assert result.exit_code == 0 and "共同词" in result.stdout or "内容相近" in result.stdout
    out = tmp_path / "graph.graphml"
    result = runner.invoke(app, ["links", "--format", "graphml", "-o", str(out)])
    assert result.exit_code == 0 and nx.read_graphml(out).number_of_nodes() > 0
    bad = runner.invoke(app, ["links", "--format", "xls"])
    assert bad.exit_code == 2 and "valid: json, csv, graphml" in bad.stderr
    assert runner.invoke(app, ["timeline", "nope#1"]).exit_code == 2


def test_http_timeline_similar_related(multi_engine):
    client = TestClient(create_app(multi_engine))
    assert len(client.get("/items/wuchang-2021-q1%2335/timeline").json()["timeline"]) == 2
    assert client.get("/items/wuchang-2021-q1%2335/similar", params={"k": 2}).json()["hits"][0]["same_task"]
    assert client.get("/items/wuchang-2021-q1%2335/related").json()["hits"][0]["reason"]
    assert client.get("/items/nope%231/related").status_code == 404
    assert client.get("/items/wuchang-2021-q1%2335/similar", params={"k": 0}).status_code == 422
