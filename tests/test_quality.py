"""Retrieval quality floors on labelled sets (a little below what was measured, so that
regressions fail), and the hybrid against each of its halves.

Every set is a development set now (README "How well it searches"; docs/retrieval-history.md). The blind ones were written by someone
who never saw the search code, measured once as held-out (the figure of record is in ``held_out``),
then moved to dev and tuned on: their floors guard against regressions; they are not estimates
of quality on an unseen report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from wrsearch.engine import Engine
from wrsearch.evaluate import evaluate, load_qrels
from wrsearch.search.fusion import Mode

from conftest import DEV_SET, ROOT, index_report_alone

DATA = Path(__file__).parent / "data"
FIXTURES = ROOT / "tests" / "fixtures"


@dataclass(frozen=True)
class RetrievalSets:
    """The labelled sets over one report and the floors they keep (hybrid mode).

    ``floors`` maps a query type to its least nDCG@10 (``none``: the share of queries with no
    confident hit; ``related``: hit@5 of the related rows)."""

    name: str
    report: str | None  # fixture below tests/fixtures, indexed alone; None: the seed index
    search: Path | None
    related: Path | None
    floors: dict[str, float]
    held_out: str  # the one held-out measurement, or how the set came to be
    rows: int | None = None  # every row of the file is dev (a blind set after its measurement)
    split: str | None = "dev"
    exact: tuple[str, ...] = field(default=())  # types whose top-1 and dept precision/recall are 1.0
    # types where the hybrid was measured below a half on a fresh report and no round has fixed it
    # yet: left out of the hybrid-vs-halves check (said in the README), their floors still hold
    hybrid_below: tuple[str, ...] = field(default=())


SETS = [
    RetrievalSets(
        "dev",
        None,
        DEV_SET,
        None,
        {"topic": 0.97},
        "../shared/eval/dev.jsonl: topic 0.981",
        split=None,
        exact=("factoid", "dept"),
    ),
    RetrievalSets(
        "own",
        None,
        DATA / "own.jsonl",
        None,
        {"topic": 0.99},
        "written here: topic 0.997",
        split=None,
        exact=("factoid", "dept"),
    ),
    RetrievalSets(
        "heldout",
        None,
        DATA / "heldout.jsonl",
        None,
        {"topic": 0.98},
        "the older set, measured too often to be held out: topic 0.989",
        split=None,
    ),
    RetrievalSets(
        "v2",
        None,
        DATA / "retrieval_v2.jsonl",
        None,
        {"topic": 0.954, "none": 1.0},
        "both halves dev since 2026-11-28: topic 0.959; 0.9548 since round 17's synonym lines (every left side"
        " moves the typical-query vector of round 16t)",
    ),
    RetrievalSets(
        "seed pairs",
        None,
        None,
        DATA / "related_pairs.jsonl",
        {"related": 0.94},
        "54 pairs, both halves dev since 2026-11-28: 0.944 (51; 0.963 before co-owners' own items "
        "became candidates, which put two items of 区卫健局 alone above p051's partners)",
    ),
    RetrievalSets(
        "qingchuan",
        "status2/qingchuan-2022-y.txt",
        DATA / "retrieval_qingchuan.jsonl",
        None,
        {"topic": 0.98, "none": 1.0},
        "a report nothing was tuned on: topic 0.977; 0.986 since ret7 (开公司 → 市场主体)",
    ),
    RetrievalSets(
        "donggang",
        "retrieval_blind/donggang-2022-q3.txt",
        DATA / "retrieval_blind.jsonl",
        DATA / "related_blind.jsonl",
        {"topic": 0.96, "none": 1.0, "related": 0.94},
        "first blind set: topic 0.956, related 0.825 when measured; related 0.95 since rel5 (headings); topic 0.964 since ret7",
    ),
    RetrievalSets(
        "fengqiao",
        "retrieval_blind2/fengqiao-2023-h1.txt",
        DATA / "retrieval_blind2.jsonl",
        DATA / "related_blind2.jsonl",
        {"topic": 0.965, "dept": 0.955, "factoid": 1.0, "none": 1.0, "related": 0.78},
        "main e55b161: topic 0.958, dept 0.961, factoid 1.0, none 1.0, related 0.75; topic 0.968 since ret7, related 0.781 since rel7",
        rows=128,
    ),
    RetrievalSets(
        "qingshi",
        "retrieval_blind3/qingshi-2024-h1.txt",
        DATA / "retrieval_blind3.jsonl",
        DATA / "related_blind3.jsonl",
        {"topic": 0.95, "dept": 1.0, "factoid": 1.0, "none": 1.0, "related": 0.97},
        "main 6843042: topic 0.9465 (dense 0.9506), related 0.829; since: topic 0.951 (ret5), related 1.0 (rel5)",
        rows=100,
    ),
    RetrievalSets(
        "jinqiao",
        "retrieval_blind4/jinqiao-2024-q3.txt",
        DATA / "retrieval_blind4.jsonl",
        DATA / "related_blind4.jsonl",
        {"topic": 0.925, "dept": 1.0, "factoid": 1.0, "none": 1.0, "related": 0.92},
        "main d56d98e: topic 0.927 (dense 0.908), none 0.917, related 0.84; since: none 1.0 (ret6), related 0.92 (rel7)",
        rows=110,
    ),
    RetrievalSets(
        "yuquan",
        "retrieval_blind5/yuquan-2025-h1.txt",
        DATA / "retrieval_blind5.jsonl",
        DATA / "related_blind5.jsonl",
        {"topic": 0.915, "dept": 1.0, "factoid": 1.0, "none": 1.0, "related": 0.96},
        "main 524e2c9: topic 0.905 (dense 0.862, bm25 0.559), dept/factoid/none 1.0, related 0.90; since: topic 0.920 (ret7), related 0.96 (rel7)",
        rows=110,
    ),
    RetrievalSets(
        "yanhu",
        "retrieval_blind6/yanhu-2025-q3.txt",
        DATA / "retrieval_blind6.jsonl",
        DATA / "related_blind6.jsonl",
        {"topic": 0.925, "dept": 1.0, "factoid": 1.0, "none": 1.0, "related": 0.92},
        "main a2310e1: topic 0.907 (dense 0.895, bm25 0.727), dept/factoid 1.0, none 0.917 (征兵工作), related 0.92; "
        "since: none 1.0 and topic 0.928 (ret8: BARE_CLOSE_Z; 修路 → 断头路, 看书 → 城市书房)",
        rows=110,
    ),
    RetrievalSets(
        "luwan",
        "retrieval_blind7/luwan-2026-q1.txt",
        DATA / "retrieval_blind7.jsonl",
        DATA / "related_blind7.jsonl",
        {"topic": 0.93, "dept": 1.0, "factoid": 1.0, "none": 1.0, "related": 0.94},
        "main a2310e1: topic 0.933 (dense 0.918, bm25 0.805), dept/factoid/none 1.0, related 0.94; since: topic 0.934 (ret8)",
        rows=110,
    ),
    RetrievalSets(
        "lanwan",
        "retrieval_blind8/lanwan-2024-y.txt",
        DATA / "retrieval_blind8.jsonl",
        DATA / "related_blind8.jsonl",
        {"topic": 0.913, "dept": 1.0, "factoid": 1.0, "none": 1.0, "related": 0.9},
        "main 27035c6: topic 0.913 (dense 0.895, bm25 0.677), dept/factoid/none 1.0, related 0.90",
        rows=110,
    ),
    RetrievalSets(
        "xinglin",
        "retrieval_blind9/xinglin-2026-h1.txt",
        DATA / "retrieval_blind9.jsonl",
        DATA / "related_blind9.jsonl",
        {"topic": 0.939, "dept": 1.0, "factoid": 1.0, "none": 0.916, "related": 0.9},
        "main 27035c6: topic 0.940 (dense 0.933, bm25 0.774), dept/factoid 1.0, none 0.917 (bm25 0.917, dense 0.833), "
        "related 0.88",
        rows=110,
    ),
    RetrievalSets(
        "guihu",
        "retrieval_blind10/guihu-2023-q3.txt",
        DATA / "retrieval_blind10.jsonl",
        DATA / "related_blind10.jsonl",
        {"topic": 0.9, "dept": 1.0, "factoid": 1.0, "none": 1.0, "related": 1.0},
        "main 724a281: topic 0.901 (dense 0.887, bm25 0.756), dept/factoid 1.0, none 1.0 (bm25 1.0, dense 0.917), "
        "related 1.0",
        rows=110,
    ),
    RetrievalSets(
        "anlan",
        "retrieval_blind11/anlan-2026-y.txt",
        DATA / "retrieval_blind11.jsonl",
        DATA / "related_blind11.jsonl",
        {"topic": 0.889, "dept": 0.986, "factoid": 1.0, "none": 1.0, "related": 0.94},
        "main 724a281: topic 0.890 (dense 0.884, bm25 0.647), dept 0.987 (all modes), factoid 1.0 (bm25 0.98), "
        "none 1.0, related 0.94",
        rows=110,
    ),
    # Measured once as held-out on the round-11 code (c179e9a); dev in round 12 (nothing shipped moved them).
    RetrievalSets(
        "yintan",
        "retrieval_blind12/yintan-2025-h1.txt",
        DATA / "retrieval_blind12.jsonl",
        DATA / "related_blind12.jsonl",
        {"topic": 0.886, "dept": 1.0, "factoid": 1.0, "none": 0.916, "related": 0.92},
        "main c179e9a: topic 0.887 (dense 0.878, bm25 0.709), dept/factoid 1.0, none 0.917 (bm25 1.0, dense 0.917), "
        "related 0.92",
        rows=110,
        hybrid_below=("none",),
    ),
    RetrievalSets(
        "yuehu",
        "retrieval_blind13/yuehu-2022-y.txt",
        DATA / "retrieval_blind13.jsonl",
        DATA / "related_blind13.jsonl",
        {"topic": 0.947, "dept": 1.0, "factoid": 1.0, "none": 1.0, "related": 0.96},
        "main c179e9a: topic 0.943 (dense 0.937, bm25 0.792), dept/factoid/none 1.0 (all modes), related 0.96",
        rows=110,
    ),
    # Measured once as held-out on the round-12 code (96f97e1); not tuned on yet.
    RetrievalSets(
        "yunlong",
        "retrieval_blind14/yunlong-2024-y.txt",
        DATA / "retrieval_blind14.jsonl",
        DATA / "related_blind14.jsonl",
        {"topic": 0.914, "dept": 1.0, "factoid": 1.0, "none": 1.0, "related": 1.0},
        "main 96f97e1: topic 0.909 (dense 0.857, bm25 0.630), dept/none 1.0 (all modes), factoid 1.0 (dense 0.97), "
        "related 1.0",
        rows=110,
    ),
    RetrievalSets(
        "huaxi",
        "retrieval_blind15/huaxi-2021-h1.txt",
        DATA / "retrieval_blind15.jsonl",
        DATA / "related_blind15.jsonl",
        {"topic": 0.884, "dept": 1.0, "factoid": 1.0, "none": 0.833, "related": 0.94},
        "main 96f97e1: topic 0.880 (dense 0.897, bm25 0.699), dept/factoid 1.0 (all modes), none 0.833 "
        "(bm25 1.0, dense 0.917), related 0.84",
        rows=110,
        # topic: 0.901 ≥ dense 0.897 since round 16t (TYPICAL_QUERY_WEIGHT)
        hybrid_below=("none",),
    ),
    # Measured once as held-out on the round-14 code (c0feb4b); not tuned on yet.
    RetrievalSets(
        "lishan",
        "retrieval_blind16/lishan-2023-q3.txt",
        DATA / "retrieval_blind16.jsonl",
        DATA / "related_blind16.jsonl",
        {"topic": 0.931, "dept": 0.99, "factoid": 1.0, "none": 0.916, "related": 0.94},
        "main c0feb4b: topic 0.932 (dense 0.902, bm25 0.667), dept 0.991 and none 0.917 (all modes), factoid 1.0 "
        "(all modes), related 0.94",
        rows=110,
    ),
    RetrievalSets(
        "mingquan",
        "retrieval_blind17/mingquan-2026-h1.txt",
        DATA / "retrieval_blind17.jsonl",
        DATA / "related_blind17.jsonl",
        {"topic": 0.951, "dept": 1.0, "factoid": 1.0, "none": 1.0, "related": 0.88},
        "main c0feb4b: topic 0.952 (dense 0.909, bm25 0.788), dept/factoid/none 1.0 (all modes), related 0.88",
        rows=110,
    ),
    # Measured once as held-out on the round-16 code (bf76aa8; round 15's e7ddd82 gave topic 0.932 and 0.894).
    RetrievalSets(
        "rongwan",
        "retrieval_blind18/rongwan-2022-y.txt",
        DATA / "retrieval_blind18.jsonl",
        DATA / "related_blind18.jsonl",
        {"topic": 0.933, "dept": 1.0, "factoid": 1.0, "none": 1.0, "related": 0.92},
        "main bf76aa8: topic 0.934 (dense 0.912, bm25 0.711), dept/factoid 1.0 (all modes), none 1.0 (dense 0.833), "
        "related 0.92",
        rows=110,
    ),
    RetrievalSets(
        "lingxi",
        "retrieval_blind19/lingxi-2024-q1.txt",
        DATA / "retrieval_blind19.jsonl",
        DATA / "related_blind19.jsonl",
        {"topic": 0.912, "dept": 0.995, "factoid": 1.0, "none": 0.916, "related": 0.90},
        "main bf76aa8 (city and district): topic 0.913 (dense 0.900, bm25 0.664), dept 0.995 and factoid 1.0 "
        "(all modes), none 0.917 (bm25 1.0, dense 0.917), related 0.76 (0.90 once a heading naming a report is no theme)",
        rows=110,
        hybrid_below=("none",),
    ),
    RetrievalSets(
        "xuanling",
        "retrieval_blind20/xuanling-2023-h1.txt",
        DATA / "retrieval_blind20.jsonl",
        DATA / "related_blind20.jsonl",
        {"topic": 0.919, "dept": 1.0, "factoid": 1.0, "none": 0.833, "related": 0.88},
        "main e370788: topic 0.920 (dense 0.927, bm25 0.704), dept 1.0 (bm25 0.944, dense 0.984), factoid 1.0 "
        "(all modes), none 0.833 (bm25 0.917, dense 0.833), related 0.88",
        rows=110,
        hybrid_below=("topic", "none"),
    ),
    RetrievalSets(
        "jiaohu",
        "retrieval_blind21/jiaohu-2025-q1.txt",
        DATA / "retrieval_blind21.jsonl",
        DATA / "related_blind21.jsonl",
        {"topic": 0.936, "dept": 1.0, "factoid": 1.0, "none": 1.0, "related": 0.94},
        "main e370788 (city and district): topic 0.937 (dense 0.901, bm25 0.780), dept 1.0 (dense 0.992), "
        "factoid and none 1.0 (all modes), related 0.94",
        rows=110,
    ),
]
BY_NAME = {s.name: s for s in SETS}


@pytest.fixture(scope="module")
def engine_for(engine, tmp_path_factory):
    """The engine over a set's report: the seed's session index, or the fixture indexed alone
    (~5-20 s, once per report)."""
    engines: dict[str | None, Engine] = {None: engine}

    def get(report: str | None) -> Engine:
        if report not in engines:
            engines[report] = Engine(index_report_alone(tmp_path_factory, FIXTURES / report))
        return engines[report]

    return get


@pytest.fixture(scope="module")
def by_mode(engine_for):
    """Per set: each mode's scores per query type, computed once."""
    cache: dict[str, dict] = {}

    def get(sets: RetrievalSets) -> dict:
        if sets.name not in cache:
            rows = load_qrels(sets.search, sets.split)
            cache[sets.name] = {mode: evaluate(engine_for(sets.report), rows, mode)["by_type"] for mode in Mode}
        return cache[sets.name]

    return get


SEARCH_SETS = [s for s in SETS if s.search]
RELATED_SETS = [s for s in SETS if s.related]


@pytest.mark.parametrize("sets", SEARCH_SETS, ids=lambda s: s.name)
def test_search_floors(by_mode, sets):
    scores = by_mode(sets)[Mode.HYBRID]
    for kind, floor in sets.floors.items():
        if kind == "related":
            continue
        got = scores[kind]["no_confident_hit" if kind == "none" else "ndcg@10"]
        assert got >= floor, (kind, got, floor)
    for kind in sets.exact:
        if kind == "factoid":
            assert scores["factoid"]["top1"] == 1.0
        else:
            assert scores["dept"]["precision"] == 1.0 and scores["dept"]["recall"] == 1.0


@pytest.mark.parametrize("sets", SEARCH_SETS, ids=lambda s: s.name)
def test_hybrid_is_never_worse_than_either_half(by_mode, sets):
    """Per query type, on every set: the hybrid at least as good as the better retriever alone;
    for queries about what the report does not hold, no hit of the hybrid claims to be close
    where neither half's does (the dense side's chance matches at 3–3.8 deviations above the mean
    made it 0.93 on v2 and 0.625 on donggang before)."""
    modes = by_mode(sets)
    for kind, metrics in modes[Mode.HYBRID].items():
        metric = "no_confident_hit" if kind == "none" else "ndcg@10"
        best_half = max(modes[Mode.BM25][kind][metric], modes[Mode.DENSE][kind][metric])
        if kind in sets.hybrid_below:  # known and said; fail once fixed, so the mark is dropped
            assert metrics[metric] < best_half, (kind, "fixed: drop hybrid_below", metrics[metric], best_half)
            continue
        assert metrics[metric] >= best_half, (kind, metrics[metric], best_half)


@pytest.mark.parametrize("sets", RELATED_SETS, ids=lambda s: s.name)
def test_related_floors_and_their_reasons(engine_for, sets):
    engine = engine_for(sets.report)
    rows = load_qrels(sets.related, "dev")
    assert evaluate(engine, rows)["by_type"]["related"]["hit@5"] >= sets.floors["related"]
    reasons_are_topics(engine, rows)


@pytest.mark.parametrize("sets", [s for s in SETS if s.rows], ids=lambda s: s.name)
def test_blind_sets_are_whole_and_dev_after_their_one_measurement(sets):
    rows = load_qrels(sets.search)
    assert len(rows) == sets.rows and all(row.split == "dev" for row in rows)
    assert all(row.split == "dev" for row in load_qrels(sets.related))


def test_own_set_is_big_enough():
    rows = load_qrels(BY_NAME["own"].search) + load_qrels(BY_NAME["heldout"].search)
    kinds = {row.type for row in rows}
    assert len(rows) >= 40 and {"topic", "factoid", "dept"} <= kinds


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


# -- behaviour the blind sets showed --------------------------------------------------------------------
@pytest.fixture(scope="module")
def qingshi_engine(engine_for) -> Engine:
    return engine_for(BY_NAME["qingshi"].report)


@pytest.fixture(scope="module")
def jinqiao_engine(engine_for) -> Engine:
    return engine_for(BY_NAME["jinqiao"].report)


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


def test_the_reciprocal_rank_lifts_mutual_partners_and_leaves_their_similarity(engine_for, monkeypatch):
    """With the reciprocal rank (``RECIPROCAL_WEIGHT`` 0.25, what ships since rel7) 全力做好保交楼
    (玉泉区 48) finds its labelled partner 化解不动产办证难 (47) among its first five (6th without:
    新增经营主体 and 消除易涝积水点, near many items, stood above it); the score shown stays the
    items' similarity."""
    from wrsearch.search import relations

    engine = engine_for(BY_NAME["yuquan"].report)
    assert relations.RECIPROCAL_WEIGHT > 0
    with_rank = engine.related("yuquan-2025-h1#48", k=67).hits
    monkeypatch.setattr(relations, "RECIPROCAL_WEIGHT", 0.0)
    without = engine.related("yuquan-2025-h1#48", k=67).hits
    assert 47 not in [hit.no for hit in without[:5]] and 47 in [hit.no for hit in with_rank[:5]]
    assert {hit.no: hit.score for hit in with_rank} == {hit.no: hit.score for hit in without}


@pytest.mark.parametrize(
    ("name", "query", "first", "within", "confident"),
    [
        ("fengqiao", "煤气安全", 53, 1, True),  # 城镇燃气安全专项整治: holds 安全 as written, 燃气 for 煤气
        ("yuquan", "注册公司", 10, 1, False),  # 新增经营主体
        # 城乡居民医保…集采药品; first on round 8's code, second on round 9's (看病贵 cut whole, and
        # 看病's expansions counted too: 医联体 33, graded 1, above it), first again since round 10
        # (看病 held only inside 看病贵 brings no expansions of its own).
        ("yuquan", "看病贵", 34, 1, False),
        ("qingchuan", "开公司", 5, 1, False),  # 新增市场主体
    ],
)
def test_everyday_words_reach_the_report_word(engine_for, name, query, first, within, confident):
    """Round 8's synonym entries (each backed by dev rows of two reports or more): the everyday
    word finds the item that says it in report words, first. An item
    holding none of the query's own words is shown as closest, not claimed (the literal rule of
    ``confident``); one that also holds a word as written (安全) is claimed."""
    hits = engine_for(BY_NAME[name].report).search(query).hits
    assert first in [hit.no for hit in hits[:within]], [hit.no for hit in hits[:5]]
    assert hits[0].confident is confident


@pytest.mark.parametrize(
    ("name", "query", "first", "confident", "without_rule"),
    [
        ("luwan", "沙尘暴", 26, False, True),  # 强化扬尘污染治理: a storm is not the report's work
        ("yanhu", "找个地方健身", 67, True, True),  # meaning alone stands out far enough
    ],
)
def test_meaning_alone_must_stand_out_further(engine_for, monkeypatch, name, query, first, confident, without_rule):
    """Invented queries (round 9): an item holding none of the query's words, not even through the
    synonym list, is claimed only at ``BARE_CLOSE_Z`` deviations above the query's mean, not at
    ``CLOSE_Z``; it is still shown first either way."""
    from wrsearch.search import fusion

    engine = engine_for(BY_NAME[name].report)
    hits = engine.search(query).hits
    assert hits[0].no == first and hits[0].confident is confident, [(h.no, h.confident) for h in hits[:3]]
    monkeypatch.setattr(fusion, "BARE_CLOSE_Z", fusion.CLOSE_Z)
    again = engine.search(query).hits
    assert again[0].no == first and again[0].confident is without_rule


@pytest.mark.parametrize(
    ("sets", "item", "partner"),
    [("yuquan", 23, 22), ("jinqiao", 27, 25)],
)
def test_the_outcome_a_heading_opens_with_is_its_works_partner(engine_for, monkeypatch, sets, item, partner):
    """A heading opens with the outcome its work serves: under 打好蓝天保卫战 the PM2.5 target
    (玉泉区 22, 金桥区 25) is the partner of 扬尘管控 and VOCs 治理, though it shares no word with
    them (13th and 6th without ``HEADING_OPENER_WEIGHT``). The score shown stays the similarity."""
    from wrsearch.search import relations

    engine = engine_for(BY_NAME[sets].report)
    report = engine.index.reports[0]["id"]
    hits = engine.related(f"{report}#{item}", k=67).hits
    monkeypatch.setattr(relations, "HEADING_OPENER_WEIGHT", 0.0)
    without = engine.related(f"{report}#{item}", k=67).hits
    assert partner in [hit.no for hit in hits[:5]] and partner not in [hit.no for hit in without[:5]]
    assert {hit.no: hit.score for hit in hits} == {hit.no: hit.score for hit in without}


@pytest.mark.parametrize(("sets", "district"), [("jinqiao", "金桥"), ("yuquan", "玉泉")])
def test_the_report_own_district_is_never_a_reason(engine_for, sets, district):
    """金桥 was the most frequent reason on 金桥区 (in 11 first-five lists: 金桥医院, 金桥大道 and
    金桥湾 are different things); no item of either report shows its district as a reason."""
    engine = engine_for(BY_NAME[sets].report)
    report = engine.index.reports[0]["id"]
    numbered = [item.no for item in engine.searcher.items if item.no is not None]
    shown = {w for no in numbered for hit in engine.related(f"{report}#{no}", k=5).hits for w in hit.shared_terms or []}
    assert shown and not {w for w in shown if district in w and len(w) <= len(district) + 1}, shown


@pytest.mark.parametrize(
    ("sets", "item", "fragment", "whole"),
    [("xinglin", 36, "人民", "人民医院"), ("yuquan", 32, "人民", "人民医院"), ("lanwan", 1, "地区", "地区生产总值")],
)
def test_a_reason_is_the_whole_word_not_its_fragment(engine_for, monkeypatch, sets, item, fragment, whole):
    """Round 10: a noun that the report writes only right before one same noun (人民 only in
    区人民医院, 地区 only in 地区生产总值) is shown as that whole word, never alone; with the rule
    off the fragment is shown (read from the report itself, no list)."""
    from wrsearch.search import relations

    engine = engine_for(BY_NAME[sets].report)
    report = engine.index.reports[0]["id"]
    shown = [w for hit in engine.related(f"{report}#{item}", k=5).hits for w in hit.shared_terms]
    assert whole in shown and fragment not in shown, shown
    monkeypatch.setattr(relations, "MODIFIER_FLAGS", ())
    before = [w for hit in Relations_of(engine).related(f"{report}#{item}", k=5).hits for w in hit.shared_terms]
    assert fragment in before and whole not in before, before


def Relations_of(engine):
    """A fresh ``Relations`` over the engine's searcher (its word caches empty)."""
    from wrsearch.search.relations import Relations

    return Relations(engine.searcher)


@pytest.mark.parametrize(("sets", "item"), [("qingshi", 56), ("luwan", 63), ("lanwan", 61)])
def test_an_attribute_only_word_is_no_reason(engine_for, sets, item):
    """高频 (jieba's 区别词, b: it only qualifies a noun, 高频事项) was shown as the reason on
    青石区, 芦湾区 and 蓝湾区 before round 10; now no attribute-only word is."""
    from wrsearch.search.relations import ATTRIBUTE_ONLY_FLAG, word_flag

    engine = engine_for(BY_NAME[sets].report)
    report = engine.index.reports[0]["id"]
    shown = [w for hit in engine.related(f"{report}#{item}", k=5).hits for w in hit.shared_terms]
    assert shown and not [w for w in shown if word_flag(w) == ATTRIBUTE_ONLY_FLAG], shown
