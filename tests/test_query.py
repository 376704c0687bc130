"""Query understanding: synonyms, figure questions, departments named in the query."""

from __future__ import annotations

import pytest

from wrsearch.search.query import QueryKind, expand, find_departments, synonyms

KNOWN = ["区水务湖泊局", "区金融工作局", "市生态环境局武昌分局", "区城管局", "区委宣传部", "区委组织部"]


def test_synonym_rules_load_from_the_data_file():
    rules = synonyms()
    assert len(rules) > 30 and all(left and right for left, right in rules)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("下水道改造", "排水管网"),
        ("地铁建设", "轨道交通"),
        ("GDP增长", "地区生产总值"),
        ("堵车", "交通拥堵"),
        ("城管", "城市管理"),
    ],
)
def test_everyday_words_expand_to_report_words(query, expected):
    assert expected in expand(query)


def test_no_expansion_for_plain_report_words():
    assert "口袋公园" not in expand("口袋公园")  # never the words already in the query
    assert expand("") == []


@pytest.mark.parametrize(
    ("query", "departments", "rest"),
    [
        ("区水务湖泊局负责哪些事项", {"区水务湖泊局"}, "负责哪些事项"),
        ("水务湖泊局的工作", {"区水务湖泊局"}, "的工作"),
        ("区金融工作局", {"区金融工作局"}, ""),
        ("生态环境局武昌分局 空气", {"市生态环境局武昌分局"}, "空气"),
        ("城管的市容管理", set(), "城管的市容管理"),  # 城管 is a topic, not 区城管局
        # a unit's head asked about as a unit (负责, 那边), its pointer a space apart or not
        ("城管 负责哪些事", {"区城管局"}, "负责哪些事"),
        ("城管负责哪些事", {"区城管局"}, "负责哪些事"),
        ("水务湖泊 那边的工作", {"区水务湖泊局"}, "那边的工作"),
        ("区委宣传部", {"区委宣传部"}, ""),
        ("", set(), ""),
    ],
)
def test_departments_named_in_a_query(query, departments, rest):
    found, remainder = find_departments(query, KNOWN)
    assert found == departments and remainder == rest


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("新冠疫苗累计接种多少剂次", QueryKind.FIGURE),
        ("有几家企业", QueryKind.FIGURE),
        ("完成率是多少", QueryKind.FIGURE),
        ("哪些事项涉及水处理", QueryKind.LIST),
        ("口袋公园", QueryKind.TOPIC),
    ],
)
def test_query_kind(engine, query, kind):
    assert engine.searcher.plan(query).kind is kind


@pytest.mark.parametrize("query", ["区水务湖泊局负责哪些事项", "水务湖泊局的工作", "区水务湖泊局"])
def test_department_intent_returns_all_its_items_and_only_them(engine, query):
    hits = engine.search(query, k=100).hits
    assert sorted(hit.no for hit in hits) == [34, 35, 41, 42]


def test_department_intent_lists_lead_department_first(engine):
    hits = engine.search("区金融工作局", k=100).hits
    assert sorted(h.no for h in hits) == [7, 8, 13, 14]
    assert hits[-1].no == 7  # co-responsible there, lead on the others


def test_department_with_a_topic_ranks_within_the_department(engine):
    hits = engine.search("区水务湖泊局 二次供水", k=100).hits
    assert hits[0].no == 42 and {h.no for h in hits} == {34, 35, 41, 42}


def test_explicit_dept_filter_wins_over_intent(engine):
    assert [h.no for h in engine.search("扫黑除恶", dept="区扫黑办").hits] == [48]


def test_expansions_are_highlighted(engine):
    hit = engine.search("下水道", k=3).hits
    assert any(
        "<em>" in s and ("排水" in s or "管网" in s or "雨污分流" in s)
        for h in hit
        for s in h.highlights.progress + h.highlights.task
    )
