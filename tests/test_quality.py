"""Retrieval quality floors on labelled sets (a little below what was measured, so that
regressions fail), and the hybrid against each of its halves."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.engine import Engine
from wrsearch.evaluate import evaluate, load_qrels
from wrsearch.search.fusion import Mode

from conftest import DEV_SET, ROOT, index_report_alone

DATA = Path(__file__).parent / "data"
QINGCHUAN = ROOT / "tests" / "fixtures" / "status2" / "qingchuan-2022-y.txt"
DONGGANG = ROOT / "tests" / "fixtures" / "retrieval_blind" / "donggang-2022-q3.txt"
# name → (file, split, index): every set is a development set now (README, "Quality").
SETS = {
    "dev": (DEV_SET, None, "seed"),
    "own": (DATA / "own.jsonl", None, "seed"),
    "heldout": (DATA / "heldout.jsonl", None, "seed"),  # the older set: measured too often to be held out
    "v2": (DATA / "retrieval_v2.jsonl", "dev", "seed"),  # both halves dev since 2026-11-28
    "qingchuan": (DATA / "retrieval_qingchuan.jsonl", "dev", "qingchuan"),  # a report nothing was tuned on
    # the first blind set: held out until its one measurement, dev since 2026-11-28
    "donggang": (DATA / "retrieval_blind.jsonl", "dev", "donggang"),
}
# Measured hybrid topic nDCG@10 (README, "Quality"): dev 0.981, own 0.997, heldout 0.989,
# v2 0.959, qingchuan 0.977, donggang 0.958 (0.956 before the adaptive fusion); the floors sit a little below.
TOPIC_FLOOR = {"dev": 0.97, "own": 0.99, "heldout": 0.98, "v2": 0.955, "qingchuan": 0.97, "donggang": 0.955}


def index_alone(report: Path, tmp_path_factory) -> Engine:
    """``report`` indexed alone (~5-20 s)."""
    return Engine(index_report_alone(tmp_path_factory, report))


@pytest.fixture(scope="module")
def qingchuan_engine(tmp_path_factory) -> Engine:
    """qingchuan-2022-y indexed alone (28 items)."""
    return index_alone(QINGCHUAN, tmp_path_factory)


@pytest.fixture(scope="module")
def donggang_engine(tmp_path_factory) -> Engine:
    """donggang-2022-q3 indexed alone (68 items)."""
    return index_alone(DONGGANG, tmp_path_factory)


@pytest.fixture(scope="module")
def results(engine, qingchuan_engine, donggang_engine):
    engines = {"seed": engine, "qingchuan": qingchuan_engine, "donggang": donggang_engine}
    return {
        name: {mode: evaluate(engines[which], load_qrels(path, split), mode)["by_type"] for mode in Mode}
        for name, (path, split, which) in SETS.items()
    }


@pytest.mark.parametrize("name", SETS)
def test_topic_ndcg_floor(results, name):
    assert results[name][Mode.HYBRID]["topic"]["ndcg@10"] >= TOPIC_FLOOR[name]


@pytest.mark.parametrize("name", ["dev", "own"])
def test_factoids_first_and_departments_exact(results, name):
    by_type = results[name][Mode.HYBRID]
    assert by_type["factoid"]["top1"] == 1.0
    assert by_type["dept"]["precision"] == 1.0 and by_type["dept"]["recall"] == 1.0


@pytest.mark.parametrize("name", SETS)
def test_hybrid_is_never_worse_than_either_half(results, name):
    """Per query type, on every set: the hybrid at least as good as the better retriever alone."""
    for kind, metrics in results[name][Mode.HYBRID].items():
        if kind in ("none", "related"):
            continue
        best_half = max(results[name][Mode.BM25][kind]["ndcg@10"], results[name][Mode.DENSE][kind]["ndcg@10"])
        assert metrics["ndcg@10"] >= best_half, (kind, metrics["ndcg@10"], best_half)


@pytest.mark.parametrize("name", ["v2", "qingchuan", "donggang"])
def test_nothing_to_find_means_no_confident_hit(results, name):
    """Queries about what the report does not hold: no hit of the hybrid claims to be close, as
    none of BM25 does (measured 1.0 on all three sets; the dense side's chance matches at 3–3.8
    deviations above the mean made it 0.93 on v2 and 0.625 on donggang before)."""
    none = {mode: results[name][mode]["none"]["no_confident_hit"] for mode in Mode}
    assert none[Mode.HYBRID] >= max(none[Mode.BM25], none[Mode.DENSE]), none


def reasons_are_topics(engine: Engine, rows) -> None:
    """The words shown as why two items belong together: never boiler-plate, a word shared
    without a topic (data/not_topics.txt: 目标, 年度, 新建, 措施…), a department's name or a
    measure word alone."""
    import re

    from wrsearch.index.lexical import boilerplate
    from wrsearch.ingest.departments import own_forms
    from wrsearch.search.relations import not_topics

    names = {form.lower() for name in engine.searcher.columns.departments for form in own_forms(name)}
    report = engine.index.reports[0]["id"]
    for row in rows:
        for hit in engine.related(f"{report}#{row.query}", k=5).hits:
            shared = set(hit.shared_terms or [])
            assert not shared & boilerplate(), (row.query, hit.id, shared)
            assert not shared & not_topics(), (row.query, hit.id, shared)
            assert not shared & names, (row.query, hit.id, shared)
            assert not [w for w in shared if re.fullmatch(r"[万亿千百余]*(?:公里|亿元|万元|人次|家次|批次)", w)], shared


def test_related_pairs_and_their_reasons(engine):
    from wrsearch.evaluate import evaluate as run

    pairs = load_qrels(DATA / "related_pairs.jsonl", "dev")  # all 54 pairs (both halves dev since 2026-11-28)
    # measured 0.944 (51 of 54; 0.963 before co-owners' own items became candidates, which
    # put two items of 区卫健局 alone above p051's partners)
    assert run(engine, pairs)["by_type"]["related"]["hit@5"] >= 0.94
    reasons_are_topics(engine, load_qrels(DATA / "related_pairs.jsonl"))


def test_related_items_of_the_donggang_report(donggang_engine):
    """The first blind set's 40 related rows (dev since 2026-11-28): 0.825 when measured
    blind, 0.925 (37 of 40) after co-owners' own items became candidates and department names
    stopped counting as shared topic words, 0.95 (38) with the report's headings (round rel5)."""
    from wrsearch.evaluate import evaluate as run

    rows = load_qrels(DATA / "related_blind.jsonl", "dev")
    assert run(donggang_engine, rows)["by_type"]["related"]["hit@5"] >= 0.94
    reasons_are_topics(donggang_engine, rows)


def test_own_set_is_big_enough():
    rows = load_qrels(SETS["own"][0]) + load_qrels(SETS["heldout"][0])
    kinds = {row.type for row in rows}
    assert len(rows) >= 40 and {"topic", "factoid", "dept"} <= kinds


# -- the second blind set: measured once as held-out, now dev (README "Quality") ----------------------------
FENGQIAO = ROOT / "tests" / "fixtures" / "retrieval_blind2" / "fengqiao-2023-h1.txt"


@pytest.fixture(scope="module")
def fengqiao_engine(tmp_path_factory) -> Engine:
    """fengqiao-2023-h1 indexed alone (66 items)."""
    return index_alone(FENGQIAO, tmp_path_factory)


def test_second_blind_set_held_out_floors(fengqiao_engine):
    """Measured once as held-out on main e55b161 (dev since the next session): hybrid topic 0.958, dept 0.961, factoid
    1.0, none 1.0, related hit@5 0.75; the hybrid at least each half in every type. These floors
    only guard against regressions; they are not estimates."""
    rows = load_qrels(DATA / "retrieval_blind2.jsonl", "dev")
    assert (
        len(rows) == len(load_qrels(DATA / "retrieval_blind2.jsonl")) == 128
    )  # every row moved to dev after its one measurement
    by_mode = {mode: evaluate(fengqiao_engine, rows, mode)["by_type"] for mode in Mode}
    hybrid = by_mode[Mode.HYBRID]
    assert hybrid["topic"]["ndcg@10"] >= 0.955 and hybrid["dept"]["ndcg@10"] >= 0.955
    assert hybrid["factoid"]["ndcg@10"] == 1.0 and hybrid["none"]["no_confident_hit"] == 1.0
    for kind in ("topic", "dept", "factoid"):
        assert hybrid[kind]["ndcg@10"] >= max(by_mode[m][kind]["ndcg@10"] for m in (Mode.BM25, Mode.DENSE)), kind
    related = load_qrels(DATA / "related_blind2.jsonl", "dev")
    assert evaluate(fengqiao_engine, related)["by_type"]["related"]["hit@5"] >= 0.75
    reasons_are_topics(fengqiao_engine, related)


# -- the third blind set: measured once as held-out, now dev (README "Quality") -----------------------------
QINGSHI = ROOT / "tests" / "fixtures" / "retrieval_blind3" / "qingshi-2024-h1.txt"


@pytest.fixture(scope="module")
def qingshi_engine(tmp_path_factory) -> Engine:
    """qingshi-2024-h1 indexed alone (66 items)."""
    return index_alone(QINGSHI, tmp_path_factory)


def test_third_blind_set_held_out_floors(qingshi_engine):
    """Measured once as held-out on main 6843042 (dev since the next session): hybrid topic 0.9465 (dense 0.9506: the
    hybrid was below its dense half here), dept 1.0, factoid 1.0, none 1.0, related hit@5 0.829. Tuned on
    since: topic 0.9510, at least each half in every type (branch ret5, adaptive fusion); related
    1.0 (round rel5, the heading signal, among the other dev sets). These floors only guard
    against regressions; they are not estimates."""
    rows = load_qrels(DATA / "retrieval_blind3.jsonl", "dev")
    assert (
        len(rows) == len(load_qrels(DATA / "retrieval_blind3.jsonl")) == 100
    )  # every row moved to dev after its one measurement
    by_mode = {mode: evaluate(qingshi_engine, rows, mode)["by_type"] for mode in Mode}
    hybrid = by_mode[Mode.HYBRID]
    assert hybrid["topic"]["ndcg@10"] >= 0.95 and hybrid["dept"]["ndcg@10"] == 1.0
    for kind in ("topic", "dept", "factoid"):
        assert hybrid[kind]["ndcg@10"] >= max(by_mode[m][kind]["ndcg@10"] for m in (Mode.BM25, Mode.DENSE)), kind
    assert hybrid["factoid"]["ndcg@10"] == 1.0 and hybrid["none"]["no_confident_hit"] == 1.0
    related = load_qrels(DATA / "related_blind3.jsonl", "dev")
    assert evaluate(qingshi_engine, related)["by_type"]["related"]["hit@5"] >= 0.97
    reasons_are_topics(qingshi_engine, related)


def test_related_items_under_the_same_heading_come_first(qingshi_engine):
    """The report's headings are a topic signal: under 完善城市功能,提升交通出行品质 the road
    repairs of another department (11) are the new roads' (10) partner; ranked by meaning and
    words alone they came 8th, behind 城中村改造 and 全民健身 of other headings; 拥堵治理 (13) came 14th."""
    result = qingshi_engine.related("qingshi-2024-h1#10", k=10)
    first = [hit.no for hit in result.hits[:5]]
    assert {11, 13, 14} <= set(first), first
    partners = [hit for hit in result.hits if hit.no in (11, 13, 14)]
    assert all(hit.section == result.item.section for hit in partners)
    assert all(f"同属“{result.item.section}”" in hit.reason for hit in partners), [h.reason for h in partners]


def test_the_heading_orders_related_items_but_leaves_their_similarity(qingshi_engine, monkeypatch):
    """The score shown (and so `links`' calibrated threshold) is the items' similarity: the same
    with or without the heading signal, which only changes the order."""
    from wrsearch.search import relations

    with_heading = qingshi_engine.related("qingshi-2024-h1#10", k=66).hits
    monkeypatch.setattr(relations, "SECTION_WEIGHT", 0.0)
    without = {hit.no: hit.score for hit in qingshi_engine.related("qingshi-2024-h1#10", k=66).hits}
    assert {hit.no: hit.score for hit in with_heading} == without
    assert [hit.no for hit in with_heading] != sorted(without, key=lambda no: -without[no])


# -- the fourth blind set: measured once as held-out, now dev (README "Quality", docs/retrieval-round7.md, docs/related-round7.md) --
JINQIAO = ROOT / "tests" / "fixtures" / "retrieval_blind4" / "jinqiao-2024-q3.txt"


@pytest.fixture(scope="module")
def jinqiao_engine(tmp_path_factory) -> Engine:
    """jinqiao-2024-q3 indexed alone (68 items, 14 headings)."""
    return index_alone(JINQIAO, tmp_path_factory)


def test_fourth_blind_set_floors(jinqiao_engine):
    """Measured once as held-out on main d56d98e (dev since): hybrid topic 0.927 (dense 0.908),
    dept 1.0, factoid 1.0, none 0.917 (金桥区常住人口有多少 had a confident hit), related hit@5
    0.84. Since (branch ret6, docs/retrieval-round7.md): none 1.0 (the query's own district read as
    全区), topic 0.927 unchanged (no weight of the round-7 grids did better left out). These floors
    only guard against regressions; they are not estimates."""
    rows = load_qrels(DATA / "retrieval_blind4.jsonl", "dev")
    assert len(rows) == len(load_qrels(DATA / "retrieval_blind4.jsonl")) == 110  # every row moved to dev
    by_mode = {mode: evaluate(jinqiao_engine, rows, mode)["by_type"] for mode in Mode}
    hybrid = by_mode[Mode.HYBRID]
    assert hybrid["topic"]["ndcg@10"] >= 0.92 and hybrid["dept"]["ndcg@10"] == 1.0
    for kind in ("topic", "dept", "factoid"):
        assert hybrid[kind]["ndcg@10"] >= max(by_mode[m][kind]["ndcg@10"] for m in (Mode.BM25, Mode.DENSE)), kind
    assert hybrid["factoid"]["ndcg@10"] == 1.0 and hybrid["none"]["no_confident_hit"] == 1.0
    related = load_qrels(DATA / "related_blind4.jsonl", "dev")
    assert evaluate(jinqiao_engine, related)["by_type"]["related"]["hit@5"] >= 0.84
    reasons_are_topics(jinqiao_engine, related)


def test_a_query_opening_with_its_own_district_reads_it_as_the_whole_district(jinqiao_engine):
    """金桥区 is named by no item (金桥湾, 金桥医院 are): read literally it made a confident hit of
    a population question the report does not answer; read as 全区 it finds what it asks."""
    searcher = jinqiao_engine.searcher
    assert searcher.own_district("金桥区常住人口有多少") == "金桥区"
    for query in ("老旧小区改造", "开发区建设", "科技园区孵化", "全区常住人口有多少", "金桥区"):
        assert searcher.own_district(query) is None, query
    hits = jinqiao_engine.search("金桥区常住人口有多少").hits
    assert hits and not any(hit.confident for hit in hits)
    assert {hit.no for hit in jinqiao_engine.search("金桥区的污水处理").hits[:2]} == {19, 20}


def test_the_reciprocal_rank_lifts_mutual_partners_and_leaves_their_similarity(jinqiao_engine, monkeypatch):
    """With the reciprocal rank on (``RECIPROCAL_WEIGHT`` 0.5, the unconstrained CV's choice),
    金桥大道快速化改造 (13) finds 打通断头路 (14), the labelled partner, among its first five
    (7th without); the score shown stays the items' similarity."""
    from wrsearch.search import relations

    monkeypatch.setattr(relations, "RECIPROCAL_WEIGHT", 0.0)
    without = jinqiao_engine.related("jinqiao-2024-q3#13", k=67).hits
    monkeypatch.setattr(relations, "RECIPROCAL_WEIGHT", 0.5)
    monkeypatch.setattr(relations, "TASK_SHARE", 0.0)
    with_rank = jinqiao_engine.related("jinqiao-2024-q3#13", k=67).hits
    assert 14 not in [hit.no for hit in without[:5]] and 14 in [hit.no for hit in with_rank[:5]]
    monkeypatch.setattr(relations, "RECIPROCAL_WEIGHT", 0.0)
    plain = {hit.no: hit.score for hit in jinqiao_engine.related("jinqiao-2024-q3#13", k=67).hits}
    assert {hit.no: hit.score for hit in with_rank} == plain


# -- the fifth blind set: measured once as held-out on main 524e2c9, now dev (README "Quality") --
YUQUAN = ROOT / "tests" / "fixtures" / "retrieval_blind5" / "yuquan-2025-h1.txt"


@pytest.fixture(scope="module")
def yuquan_engine(tmp_path_factory) -> Engine:
    """yuquan-2025-h1 indexed alone (68 items, 14 headings; item 57 opens with a figure)."""
    return index_alone(YUQUAN, tmp_path_factory)


def test_fifth_blind_set_floors(yuquan_engine):
    """Measured once as held-out on main 524e2c9: hybrid topic 0.905 (dense 0.862, bm25 0.559),
    dept, factoid and none 1.0 in every mode, related hit@5 0.90. These floors only guard
    against regressions; they are not estimates."""
    rows = load_qrels(DATA / "retrieval_blind5.jsonl", "dev")
    assert len(rows) == len(load_qrels(DATA / "retrieval_blind5.jsonl")) == 110  # every row moved to dev
    assert len(yuquan_engine.index.items) == 68
    by_mode = {mode: evaluate(yuquan_engine, rows, mode)["by_type"] for mode in Mode}
    hybrid = by_mode[Mode.HYBRID]
    assert hybrid["topic"]["ndcg@10"] >= 0.90 and hybrid["dept"]["ndcg@10"] == 1.0
    assert hybrid["factoid"]["ndcg@10"] == 1.0 and hybrid["none"]["no_confident_hit"] == 1.0
    for kind in ("topic", "dept", "factoid"):
        assert hybrid[kind]["ndcg@10"] >= max(by_mode[m][kind]["ndcg@10"] for m in (Mode.BM25, Mode.DENSE)), kind
    related = load_qrels(DATA / "related_blind5.jsonl", "dev")
    assert evaluate(yuquan_engine, related)["by_type"]["related"]["hit@5"] >= 0.9
    reasons_are_topics(yuquan_engine, related)
