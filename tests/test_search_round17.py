"""Round 17 (issue 14): the words `related` shows as why two items belong together name a thing.

Three rules by form (`relations.REASON_RULES`: function_cut, task_word, place_whole), no word list:
- a word jieba cuts into function words only (较原 = 较 + 原) is no reason;
- a verb or a time word is a reason only where one of the two items' tasks names it (就业 of two
  employment tasks), not where both only tell of it in their progress (压缩 of 企业开办 and 工程审批
  times, 春节 and 夜间 of a shopping street, a gas item and a park);
- a place name is shown only as the whole name both items hold (梅岭路 and 梅岭湖 share no place).

Over an invented report (蒲溪区, 20 items, tests/fixtures/search_round17/), through the engine, the
real CLI and HTTP.
"""

from __future__ import annotations

import httpx

from wrsearch.engine import Engine
from wrsearch.search import relations
from wrsearch.search.relations import form_says_not_topic

from conftest import ROOT, cli_json, report_fixtures, running_server

REPORT = ROOT / "tests" / "fixtures" / "search_round17" / "puxi-2025-q3.txt"
REPORT_ID = "puxi-2025-q3"
index, engine = report_fixtures(REPORT)

# Words two items of the report share without sharing a topic, each in their progress only: 较原
# (1 GDP / 5 产业项目), 压缩 (2 企业开办 / 3 工程审批), 夜间 (4 消费街区 / 8 公园照明), 春节 (4 促消费 /
# 10 燃气); and 梅岭 of 6 梅岭路 and 7 梅岭湖.
NOT_TOPICS = {"较原", "压缩", "夜间", "春节", "梅岭"}
ASKED = (1, 2, 3, 4, 5, 6, 7, 8, 10)
RULES = {"function_cut", "task_word", "place_whole"}  # the three rules of round 17


def shown(engine: Engine, no: int) -> dict[int, list[str]]:
    """Per other item of ``no`` (all 19 asked for), the words shown."""
    return {hit.no: hit.shared_terms or [] for hit in engine.related(f"{REPORT_ID}#{no}", k=19).hits}


def test_a_time_a_progress_verb_or_a_piece_of_a_place_name_is_no_reason(engine):
    words = {w for no in ASKED for terms in shown(engine, no).values() for w in terms}
    assert not words & NOT_TOPICS, words & NOT_TOPICS


def test_the_round17_rules_are_what_removes_them(index, engine, monkeypatch):
    """The same pairs show those words with the three rules off, and only then."""
    on = {w for no in ASKED for terms in shown(engine, no).values() for w in terms}
    monkeypatch.setattr(relations, "REASON_RULES", relations.REASON_RULES - RULES)
    off = {w for no in ASKED for terms in shown(Engine(index), no).values() for w in terms}
    assert NOT_TOPICS <= off, NOT_TOPICS - off
    assert not NOT_TOPICS & on and on - {"梅岭"} <= off, (on, off)


def test_a_verb_a_task_names_stays_a_reason_one_told_in_progress_does_not(index, monkeypatch):
    # through the real CLI: 11 新增就业 ↔ 12 灵活就业 (both tasks name 就业) and 2 市场主体 ↔ 15
    # 不动产登记 (15's task names 登记) keep their verb; 2 ↔ 3 share 压缩 in their progress only
    monkeypatch.setenv("WRSEARCH_INDEX", str(index))
    hits = {no: {h["no"]: h for h in cli_json("related", f"{REPORT_ID}#{no}", "-k", "19")["hits"]} for no in (2, 11)}
    assert "就业" in hits[11][12]["shared_terms"] and "共同词" in hits[11][12]["reason"]
    assert "登记" in hits[2][15]["shared_terms"]
    assert "压缩" not in (hits[2][3]["shared_terms"] or []), hits[2][3]


def test_the_function_cut_reads_words_no_report_holds():
    # cut into function words only (均 + 已: "all already"); nouns, verbs, times and compounds stay
    # to the rules that read the two items (a verb or a time may name the work)
    for word in ("较原", "均已"):
        assert form_says_not_topic(word) == "function_cut", word
    for word in ("燃气", "消防", "防汛", "充电", "就业", "暑期", "老年食堂"):
        assert form_says_not_topic(word) is None, word


def test_over_http_no_such_word_is_a_reason(index):
    with running_server(index) as base:
        words = set()
        for no in (2, 4, 6):
            got = httpx.get(f"{base}/items/{REPORT_ID}%23{no}/related", params={"k": 19}, timeout=60)
            assert got.status_code == 200
            words |= {w for hit in got.json()["hits"] for w in hit["shared_terms"] or []}
        assert words and not words & NOT_TOPICS, words
