"""Hybrid search on the seed index: the issue's examples, filters, highlights, quality floor."""

from __future__ import annotations

import pytest

from wrsearch.errors import BadInput
from wrsearch.evaluate import evaluate, load_qrels
from wrsearch.search.fusion import Mode

from conftest import DEV_SET


def numbers(response):
    return [hit.no for hit in response.hits]


def test_water_question_puts_the_water_items_first(engine):
    response = engine.search("哪些事项涉及水处理")
    assert {34, 35} <= set(numbers(response)[:3])
    first = response.hits[0]
    assert first.departments and first.progress and first.report == "wuchang-2021-q1"


def test_exact_term_gives_its_item(engine):
    assert numbers(engine.search("雨污分流", k=1)) == [35]


def test_department_filter_with_query(engine):
    assert numbers(engine.search("扫黑除恶", dept="区扫黑办")) == [48]


@pytest.mark.parametrize("alias", ["水务湖泊局", "区水务湖泊局", "区水务湖泊局 "])
def test_department_alias(engine, alias):
    hits = engine.search("水", dept=alias, k=100).hits
    assert hits and all("区水务湖泊局" in hit.departments for hit in hits)


def test_department_substring_when_no_exact_match(engine):
    hits = engine.search("空气质量", dept="生态环境局").hits
    assert hits and all("市生态环境局武昌分局" in hit.departments for hit in hits)


def test_unknown_department_gives_no_hits(engine):
    assert engine.search("扫黑除恶", dept="不存在的部门").hits == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"year": 2021}, True),
        ({"year": 2020}, False),
        ({"period": "1-3月"}, True),
        ({"period": "1-6月"}, False),
        ({"report": "wuchang-2021-q1"}, True),
        ({"report": "other"}, False),
    ],
)
def test_year_period_report_filters(engine, filters, expected):
    assert bool(engine.search("口袋公园", **filters).hits) is expected


def test_unrelated_query_gives_no_confident_hit(engine):
    # The ranking has no floor: the closest items come back, marked as not confident.
    for query in ("火星探测任务", "qwertyuiop", "武昌区人口有多少"):
        hits = engine.search(query).hits
        assert hits and not any(h.confident for h in hits), query


def test_colloquial_query_finds_its_items_marked_low_confidence(engine):
    # 修路 is in no item: the road items (19, 20, 28) are found through the synonym list alone
    # (修路 → 道路), so they come first but are not claimed as confident.
    hits = engine.search("修路").hits
    assert {20, 28} <= {h.no for h in hits[:3]}
    assert not any(h.confident for h in hits)
    # A literal word of the query keeps its items confident; a synonym-only match beside it does not.
    assert engine.search("道路").hits[0].confident


def test_synonym_only_matches_are_not_confident_in_any_mode(engine):
    for mode in ("hybrid", "bm25"):
        hits = engine.search("修路", mode=mode).hits
        assert hits and not any(h.confident for h in hits), mode


def test_highlights_skip_single_characters_and_boilerplate(engine):
    for hit in engine.search("哪些事项涉及水处理", k=3).hits:
        marked = " ".join(hit.highlights.task + hit.highlights.progress)
        assert "<em>水</em>" not in marked  # not every 水 (区水务湖泊局…)
    water_bodies = next(h for h in engine.search("哪些事项涉及水处理", k=5).hits if h.no == 34)
    assert "<em>水体治理</em>" in water_bodies.highlights.task[0]
    marked = " ".join(engine.search("深入实施蓝天保卫战", k=1).hits[0].highlights.task)
    assert "<em>蓝天保卫战</em>" in marked and "<em>深入</em>" not in marked and "<em>实施</em>" not in marked


def test_highlights_mark_the_query_words(engine):
    hit = engine.search("雨污分流", k=1).hits[0]
    assert any("<em>雨污分流</em>" in s for s in hit.highlights.task)
    assert any("<em>雨污分流</em>" in s for s in hit.highlights.progress)
    assert all(len(s) < 120 for s in hit.highlights.progress)


@pytest.mark.parametrize("mode", list(Mode))
def test_every_mode_finds_an_exact_term(engine, mode):
    assert numbers(engine.search("口袋公园", k=3, mode=mode))[0] == 32


@pytest.mark.parametrize("query", ["", "   ", "\n", "x" * 1001])
def test_bad_queries_are_rejected(engine, query):
    with pytest.raises(BadInput):
        engine.search(query)


@pytest.mark.parametrize("k", [0, -1, 101])
def test_k_out_of_range(engine, k):
    with pytest.raises(BadInput, match="k 须在"):
        engine.search("口袋公园", k=k)


def test_unknown_mode_lists_the_valid_ones(engine):
    with pytest.raises(BadInput, match="hybrid, bm25, dense"):
        engine.search("口袋公园", mode="fuzzy")


def test_show_and_unknown_id(engine):
    assert len(engine.show("wuchang-2021-q1#18").departments) == 5
    with pytest.raises(BadInput, match="没有事项"):
        engine.show("wuchang-2021-q1#70")


def test_topic_quality_on_the_dev_set(engine):
    result = evaluate(engine, load_qrels(DEV_SET), Mode.HYBRID)
    assert result["by_type"]["topic"]["ndcg@10"] >= 0.90
