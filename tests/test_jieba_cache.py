"""jieba's dictionary read word by word from a cache file (wrsearch.index.jieba_cache): the
same cuts and tags as jieba's own tables, written once, and a missing, corrupt or unwritable
cache leaves a command's answer unchanged."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from wrsearch.index.jieba_cache import LazyTable, cache_file, write_cache

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "wuchang-2021-q1.txt"
QUESTION = "青山区老旧小区改造了多少个"


def cli(cache_dir: Path, index: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "WRSEARCH_CACHE_DIR": str(cache_dir), "WRSEARCH_INDEX": str(index)}
    return subprocess.run(
        [sys.executable, "-c", "from wrsearch.cli import main; main()", *args],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip


def the_cache(cache_dir: Path, monkeypatch) -> Path:
    monkeypatch.setenv("WRSEARCH_CACHE_DIR", str(cache_dir))
    return cache_file()


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    """jieba's own tokenizer and tagger, and the same read through a cache file written from them."""
    import jieba
    import jieba.posseg

    full = jieba.Tokenizer()
    full.initialize()
    tagger = jieba.posseg.POSTokenizer(full)  # reads dict.txt's tags as jieba.posseg does
    path = tmp_path_factory.mktemp("cache") / "jieba.sqlite"
    write_cache(path, full.FREQ, full.total, tagger.word_tag_tab)
    connection = sqlite3.connect(path, check_same_thread=False)
    lock = threading.Lock()
    cached = jieba.Tokenizer()
    cached.FREQ = LazyTable(connection, "freq", lock, dict)
    cached.total, cached.initialized = full.total, True
    cached_tagger = object.__new__(jieba.posseg.POSTokenizer)
    cached_tagger.tokenizer = cached
    cached_tagger.word_tag_tab = LazyTable(connection, "tag", lock, dict)
    yield (full, tagger), (cached, cached_tagger)
    connection.close()


def test_the_cache_cuts_and_tags_the_seed_report_as_jieba_does(tables):
    (full, tagger), (cached, cached_tagger) = tables
    lines = [line for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    questions = [QUESTION, "高龄津贴发了多少", "违建拆了多少", "桃花谷创4A进展如何", "金桥区哪些事项滞后"]
    for text in lines + questions:
        assert cached.lcut(text) == full.lcut(text), text
        assert cached.lcut_for_search(text) == full.lcut_for_search(text), text
        assert [tuple(p) for p in cached_tagger.cut(text)] == [tuple(p) for p in tagger.cut(text)], text
    assert cached.FREQ.get("老旧小区") == full.FREQ.get("老旧小区")
    assert ("区老旧" in cached.FREQ) == ("区老旧" in full.FREQ)


def test_an_unreadable_cache_mid_use_falls_back_to_the_whole_table(tmp_path):
    path = tmp_path / "jieba.sqlite"
    write_cache(path, {"改造": 5, "改": 0}, 5, {"改造": "vn"})
    connection = sqlite3.connect(path)
    table = LazyTable(connection, "freq", threading.Lock(), lambda: {"改造": 5, "老旧": 7})
    assert table.get("改造") == 5
    connection.close()  # every later query fails: the whole table is loaded instead
    assert table.get("老旧") == 7 and "改造" in table and table.get("没有") is None


def test_the_cache_is_written_once_and_answers_stay_the_same(seed_index, tmp_path, monkeypatch):
    # a folder name with a space and Chinese characters, as on a Windows user's profile
    cache_dir = tmp_path / "用户 缓存"
    path = the_cache(cache_dir, monkeypatch)
    blocked = tmp_path / "a-file"  # a cache folder that cannot be made: no cache at all
    blocked.write_text("x")
    without = cli(blocked / "cache", seed_index, "ask", QUESTION, "--json")
    assert without.returncode == 0 and "Traceback" not in without.stderr, without.stderr
    assert not path.exists()

    first = cli(cache_dir, seed_index, "ask", QUESTION, "--json")  # loads jieba, writes the cache
    assert first.returncode == 0, first.stderr
    assert path.is_file()
    written = path.stat().st_mtime_ns
    second = cli(cache_dir, seed_index, "ask", QUESTION, "--json")  # reads it
    assert second.returncode == 0, second.stderr
    assert path.stat().st_mtime_ns == written  # not written again
    assert [p.name for p in cache_dir.iterdir()] == [path.name]  # no temporary file left
    assert json.loads(first.stdout) == json.loads(second.stdout) == json.loads(without.stdout)


def test_a_corrupt_cache_is_replaced_and_the_answer_unchanged(seed_index, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    path = the_cache(cache_dir, monkeypatch)
    reference = cli(tmp_path / "elsewhere", seed_index, "ask", QUESTION, "--json")
    assert reference.returncode == 0, reference.stderr
    cache_dir.mkdir()
    path.write_bytes(b"not a database" * 100)
    broken = cli(cache_dir, seed_index, "ask", QUESTION, "--json")
    assert broken.returncode == 0 and "Traceback" not in broken.stderr, broken.stderr
    assert json.loads(broken.stdout) == json.loads(reference.stdout)
    with sqlite3.connect(path) as connection:  # rewritten whole
        assert int(connection.execute("SELECT value FROM meta WHERE key = 'total'").fetchone()[0]) > 0


def test_search_never_writes_the_cache(seed_index, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    path = the_cache(cache_dir, monkeypatch)
    done = cli(cache_dir, seed_index, "search", "青山区老旧小区改造", "-k", "3", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["hits"]
    assert not path.exists()
