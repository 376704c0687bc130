"""Round 16r: the words `related` shows as why two items belong together are topics, by rule.

A word that says when (月底, 秋季), how much (满意率), how far the work went (在建, 竣工) or where
in the text (内部) is no reason, whatever report it comes from: `relations.form_says_not_topic`
reads its form (part of speech, last character, the answerer's stage words), not a list. Over an
invented report (蒿塘区, 24 items, tests/fixtures/related_round16/), through the real CLI and HTTP.
"""

from __future__ import annotations

import os
import subprocess
import sys

import httpx

from wrsearch.engine import Engine
from wrsearch.search import relations
from wrsearch.search.relations import form_says_not_topic

from conftest import ROOT, cli_json, report_fixtures, running_server

REPORT = ROOT / "tests" / "fixtures" / "related_round16" / "haotang-2025-h1.txt"
index, engine = report_fixtures(REPORT)

# Words two unrelated items of the report share: a deadline (2 商圈 / 20 燃气 / 23 储备库), a stage
# (3 产业项目 / 8 断头路 / 22 易涝点: 在建; 7 / 23: 竣工), a measure (13 老年食堂 / 17 12345: 满意率),
# a season and a place in the text (12 幼儿园 / 18 托育: 秋季, 内部).
NOT_TOPICS = {"月底", "在建", "竣工", "满意率", "秋季", "秋季开学", "内部"}


def shown(index, monkeypatch, no: int) -> dict[int, list[str]]:
    """Per related item of ``no`` (all 23 others asked for), the words shown, through the CLI."""
    monkeypatch.setenv("WRSEARCH_INDEX", str(index))
    return {
        hit["no"]: hit["shared_terms"] or [] for hit in cli_json("related", f"haotang-2025-h1#{no}", "-k", "23")["hits"]
    }


def test_topic_words_are_the_reasons(index, monkeypatch):
    # 6 充电桩 and 19 消防 (both on 电动自行车 charging), 15 招聘会 and 16 见习岗位, 22 易涝点 and 23 储备库
    assert {"电动自行车", "充电"} & set(shown(index, monkeypatch, 6)[19])
    assert {"就业", "岗位", "招聘会"} <= set(shown(index, monkeypatch, 15)[16])
    assert "防汛" in shown(index, monkeypatch, 23)[22]


def test_a_time_measure_or_stage_word_is_never_a_reason(index):
    # over HTTP (one server for the eleven items that hold such a word)
    with running_server(index) as base:
        for no in (2, 3, 7, 8, 12, 13, 17, 18, 20, 22, 23):
            got = httpx.get(f"{base}/items/haotang-2025-h1%23{no}/related", params={"k": 23}, timeout=60)
            assert got.status_code == 200
            words = {w for hit in got.json()["hits"] for w in hit["shared_terms"] or []}
            assert not words & NOT_TOPICS, (no, words & NOT_TOPICS)


def test_without_the_rules_those_words_were_shown(index, monkeypatch):
    """The same words are shown with the rules off: the rules are what removes them."""
    monkeypatch.setattr(relations, "REASON_RULES", frozenset())
    off = Engine(index)
    words = {
        w
        for no in (2, 3, 12, 13, 23)
        for hit in off.related(f"haotang-2025-h1#{no}", k=23).hits
        for w in hit.shared_terms
    }
    assert {"月底", "在建", "竣工", "满意率", "秋季开学", "内部"} <= words, words


def test_the_rule_reads_the_form_of_words_no_list_names():
    # words of no dev report: a deadline, a rate, a count, an order, a comparison, a level, a stage
    for word in ("月初", "周末", "季末", "出勤率", "客流量", "成交额", "户数", "第三", "高于", "县级", "开工"):
        assert form_says_not_topic(word), word
    for word in ("托育", "燃气", "充电", "招聘会", "老年人", "防汛", "湿地", "食堂"):
        assert form_says_not_topic(word) is None, word


def test_http_related_shows_topic_words_and_a_missing_item_is_a_chinese_404(index):
    with running_server(index) as base:
        got = httpx.get(f"{base}/items/haotang-2025-h1%2319/related", params={"k": 23}, timeout=60)
        assert got.status_code == 200
        hits = {hit["no"]: hit["shared_terms"] or [] for hit in got.json()["hits"]}
        assert {"电动自行车", "充电"} & set(hits[6])
        assert not {w for ws in hits.values() for w in ws} & NOT_TOPICS
        missing = httpx.get(f"{base}/items/haotang-2025-h1%2399/related", timeout=60)
        assert missing.status_code == 404 and "没有事项" in missing.json()["detail"]


def test_cli_missing_item_is_a_chinese_error(index):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "WRSEARCH_INDEX": str(index)}
    done = subprocess.run(
        [sys.executable, "-c", "from wrsearch.cli import main; main()", "related", "haotang-2025-h1#99"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 2 and "索引中没有事项" in done.stderr and "Traceback" not in done.stderr
