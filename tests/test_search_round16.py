"""Issue 14, round 16t: the hybrid ranks its dense part by an item's similarity less its closeness
to the typical staff query (``searcher.TYPICAL_QUERY_WEIGHT``, ``search/typical.py``), so that
items close to every query by meaning (here 18 安全生产 and 20 违法建设) stop coming up second or
third for queries they have nothing to do with. ``--mode dense`` and the ``confident`` flag read
the similarity as it is.

Over an invented report (蕨溪区 1-6月 2035, ``tests/fixtures/search_round16/``), indexed alone.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from wrsearch.search import searcher as searcher_module
from wrsearch.search import typical

from conftest import ROOT, cli_json, report_fixtures

REPORT = ROOT / "tests" / "fixtures" / "search_round16" / "juexi-2035-h1.txt"
index, engine = report_fixtures(REPORT)


def numbers(response: dict) -> list[int]:
    return [hit["no"] for hit in response["hits"]]


def test_the_correction_is_on():
    assert searcher_module.TYPICAL_QUERY_WEIGHT > 0


def test_the_items_close_to_every_query_are_the_most_typical(engine):
    typicality = engine.searcher.typicality
    by_no = {item.no: n for n, item in enumerate(engine.searcher.items)}
    most = sorted(by_no, key=lambda no: -typicality[by_no[no]])[:2]
    assert set(most) == {18, 20}  # 安全生产 and 违法建设: generic enforcement items
    assert abs(float(typicality.mean())) < 1e-6  # centred over the index's items


def test_a_colloquial_query_no_longer_brings_up_the_generic_items(index):
    hybrid = numbers(cli_json("search", "小孩没人带", "-k", "6", "--index", str(index)))
    dense = numbers(cli_json("search", "小孩没人带", "-k", "6", "--index", str(index), "--mode", "dense"))
    assert hybrid[0] == 11  # 托育
    # 12 (中小学和幼儿园) comes before the two generic items in the hybrid…
    assert all(hybrid.index(12) < (hybrid.index(no) if no in hybrid else 99) for no in (18, 20))
    # …while meaning alone, which the correction does not touch, still puts them above it
    assert dense.index(18) < dense.index(12) and dense.index(20) < dense.index(12)


def test_the_confident_flag_reads_the_similarity_as_it_is(engine, monkeypatch):
    queries = ("小孩没人带", "找工作", "被骗了", "路灯", "托育")  # meaning only; words held
    shipped = {q: {hit.no: hit.confident for hit in engine.search(q, k=20).hits} for q in queries}
    monkeypatch.setattr(searcher_module, "TYPICAL_QUERY_WEIGHT", 0.0)
    plain = {q: {hit.no: hit.confident for hit in engine.search(q, k=20).hits} for q in queries}
    assert shipped == plain
    assert any(any(flags.values()) for flags in shipped.values())


def test_the_typical_query_is_computed_once_and_kept_in_the_cache_folder(index, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "WRSEARCH_CACHE_DIR": str(tmp_path)}
    command = "from wrsearch.cli import main; main()"

    def search() -> list[int]:
        done = subprocess.run(
            [sys.executable, "-c", command, "search", "小孩没人带", "-k", "6", "--index", str(index), "--json"],
            capture_output=True, text=True, env=env, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        import json

        return numbers(json.loads(done.stdout))

    first = search()
    files = list(tmp_path.glob("typical-query-*.npy"))
    assert len(files) == 1 and np.load(files[0]).shape == (384,)
    assert search() == first  # read back: the same ranking
    files[0].write_bytes(b"not an array")  # a corrupt cache only costs the time
    assert search() == first


def test_the_typical_query_is_the_mean_of_staff_everyday_words(engine):
    words = typical.everyday_queries()
    assert {"修路", "看病贵", "下水道"} <= set(words)
    embedder = engine.searcher._embedder()
    expected = np.mean([np.asarray(embedder.query(w), dtype=np.float32).reshape(-1) for w in words], axis=0)
    assert np.allclose(typical.typical_query(embedder), expected, atol=1e-5)


@pytest.mark.parametrize("query", ["路灯不亮", "燃气泄漏", "电信诈骗"])
def test_queries_naming_their_item_keep_it_first(index, query):
    expected = {"路灯不亮": 7, "燃气泄漏": 17, "电信诈骗": 19}[query]
    assert numbers(cli_json("search", query, "-k", "3", "--index", str(index)))[0] == expected
