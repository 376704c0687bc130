"""The Milvus backend on milvus-lite (issue 15): the same rankings, metrics, filters, errors and
HTTP API as the local backend, atomic collection switches, and bad URIs refused in Chinese.

milvus-lite lets one process open a database folder at a time, so the in-process tests and
the CLI/HTTP tests use separate indexes, each with its own milvus-lite file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pymilvus", reason="pymilvus is not installed: pip install 'wrsearch[milvus]'")
pytest.importorskip("milvus_lite", reason="milvus-lite is not installed: pip install 'wrsearch[milvus]'")

from wrsearch.engine import Engine
from wrsearch.evaluate import evaluate, load_qrels
from wrsearch.index.build import build_index
from wrsearch.index.embed import load_embedder
from wrsearch.index.layout import current_generation
from wrsearch.search.fusion import Mode

from conftest import DEV_SET, SEED, make_h1_fixture, running_server

EXE = shutil.which("wrsearch") or os.path.join(os.path.dirname(sys.executable), "wrsearch")
QUERIES = ["哪些事项涉及水处理", "高龄津贴发了多少", "口袋公园", "区水务湖泊局负责哪些事项", "5G基站"]


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "160"}
    env.pop("WRSEARCH_MILVUS_URI", None)
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=900)


def collections(uri: Path) -> list[str]:
    """The collections of a milvus-lite file, read in a separate process (lite locks its folder)."""
    code = f"from pymilvus import MilvusClient; print(' '.join(sorted(MilvusClient({str(uri)!r}).list_collections())))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def manifest(index: Path) -> dict:
    return json.loads((current_generation(index) / "manifest.json").read_text("utf-8"))


# -- in process: the dev set and filters -------------------------------------------------------
@pytest.fixture(scope="module")
def embedder():
    return load_embedder("e5-small")


@pytest.fixture(scope="module")
def engines(seed_index, seed_corpus, tmp_path_factory, embedder) -> tuple[Engine, Engine]:
    """(local engine, Milvus engine) over the seed; the Milvus index reuses the local one's
    embeddings (a copy of the index, rebuilt with --backend milvus, embeds nothing)."""
    folder = tmp_path_factory.mktemp("milvus-dev") / "index"
    shutil.copytree(seed_index, folder)
    summary = build_index(seed_corpus, folder, backend="milvus", milvus_uri=str(folder.parent / "dev.db"))
    assert summary.embedded == 0 and summary.backend == "milvus"
    return Engine(seed_index, embedder=embedder), Engine(folder, embedder=embedder)


@pytest.mark.slow
def test_the_dev_set_gives_the_same_metrics_and_top3_on_both_backends(engines):
    local, milvus = engines
    rows = load_qrels(DEV_SET, None)
    for mode in Mode:
        a, b = evaluate(local, rows, mode), evaluate(milvus, rows, mode)
        for kind, metrics in a["by_type"].items():
            for name, value in metrics.items():
                assert abs(value - b["by_type"][kind][name]) <= 0.01, (
                    mode,
                    kind,
                    name,
                    value,
                    b["by_type"][kind][name],
                )
    for row in rows:
        if row.type == "related":
            continue
        for mode in Mode:
            top = [[h.id for h in e.search(str(row.query), k=3, mode=mode).hits] for e in (local, milvus)]
            assert top[0] == top[1], (row.id, mode, top)


@pytest.mark.parametrize(
    "filters",
    [
        {"dept": "区水务湖泊局"},
        {"dept": "扫黑办"},
        {"year": 2021},
        {"period": "一季度"},
        {"report": "wuchang-2021-q1"},
        {"issuer": "区"},
        {"year": 2019},
    ],
)
def test_filters_give_the_same_hits(engines, filters):
    local, milvus = engines
    for query in QUERIES:
        hits = [[(h.id, h.score, h.confident) for h in e.search(query, k=10, **filters).hits] for e in (local, milvus)]
        assert [h[0] for h in hits[0]] == [h[0] for h in hits[1]]
        assert all(abs(x[1] - y[1]) < 1e-3 and x[2] == y[2] for x, y in zip(*hits))


def test_ask_similar_related_timeline_are_the_same(engines):
    local, milvus = engines
    for question in ("长江禁捕由哪个部门负责", "一季度5G基站建成了几个", "公租房筹集得怎么样了"):
        assert local.ask(question).model_dump()["answer"] == milvus.ask(question).model_dump()["answer"]
    for item in ("wuchang-2021-q1#35", "wuchang-2021-q1#18"):
        for operation in ("similar", "related", "timeline"):
            a, b = getattr(local, operation)(item).model_dump(), getattr(milvus, operation)(item).model_dump()
            assert a == b, operation


def test_lexical_side_reproduces_bm25s(engines):
    local, milvus = engines
    tokens = ["雨污分流", "水", "公租房", "改造", "没有这个词"]
    weights = {"雨污分流": 1.0, "水": 0.2, "公租房": 0.5, "改造": 0.12}
    a = local.searcher.retriever.lexical_scores(tokens, weights)
    b = milvus.searcher.retriever.lexical_scores(tokens, weights)
    assert (a > 0).sum() > 10 and abs(a - b).max() < 1e-4
    for token in tokens:
        assert list(local.searcher.retriever.items_with(token)) == list(milvus.searcher.retriever.items_with(token))
        assert local.searcher.retriever.document_frequency(token) == milvus.searcher.retriever.document_frequency(token)


# -- through the CLI and HTTP: a second index with its own milvus-lite file -------------------------
@pytest.fixture(scope="module")
def cli_index(seed_index, seed_corpus, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("milvus-cli") / "index"
    shutil.copytree(seed_index, folder)
    done = cli("index", str(seed_corpus), "--index", str(folder), "--backend", "milvus", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["backend"] == "milvus" and json.loads(done.stdout)["embedded"] == 0
    return folder


@pytest.mark.slow
def test_cli_searches_the_milvus_index_without_flags(cli_index, seed_index):
    info = manifest(cli_index)
    assert info["backend"] == "milvus" and info["milvus"]["uri"] == str((cli_index / "milvus.db").resolve())
    assert not (current_generation(cli_index) / "faiss.index").exists()
    results = [
        json.loads(cli("search", "雨污分流", "-k", "3", "--dept", "水务局", "--index", str(i), "--json").stdout)
        for i in (seed_index, cli_index)
    ]
    assert [h["id"] for h in results[0]["hits"]] == [h["id"] for h in results[1]["hits"]] != []


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ("search", "水", "--period", "第五季度"),
        ("search", "水", "--issuer", "村"),
        ("search", "   "),
        ("show", "wuchang-2021-q1#999"),
        ("similar", "nosuch#1"),
        ("timeline", "wuchang-2021-q1#0"),
        ("related", "wuchang-2021-q1"),
        ("remove", "nosuch-report"),
    ],
)
def test_errors_are_the_same_as_on_the_local_backend(cli_index, seed_index, args):
    local, milvus = (cli(*args, "--index", str(i)) for i in (seed_index, cli_index))
    assert local.returncode == milvus.returncode == 2
    assert local.stderr == milvus.stderr and "错误" in milvus.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("ftp://example.org/x", "Milvus 地址无效"),
        ("not-a-milvus-file.txt", "须以 .db 结尾"),
        ("http://127.0.0.1:9", "无法连接 Milvus"),
    ],
)
def test_bad_uris_are_refused_in_chinese_and_leave_the_index(cli_index, uri, reason):
    before = current_generation(cli_index).name
    done = cli("index", str(SEED.parent), "--index", str(cli_index), "--backend", "milvus", "--milvus-uri", uri)
    assert done.returncode == 2 and reason in done.stderr and "Traceback" not in done.stderr
    assert current_generation(cli_index).name == before


def test_unknown_backend_lists_the_valid_ones(tmp_path):
    done = cli("index", str(SEED.parent), "--index", str(tmp_path / "i"), "--backend", "elastic")
    assert done.returncode == 2 and "未知的后端 'elastic'" in done.stderr and "local, milvus" in done.stderr
    assert not (tmp_path / "i" / "CURRENT").exists()


@pytest.mark.slow
def test_add_and_remove_switch_whole_collections(cli_index, tmp_path):
    lite = cli_index / "milvus.db"
    first = manifest(cli_index)["milvus"]["collection"]
    assert collections(lite) == [first]
    h1 = tmp_path / "wuchang-2021-h1.txt"
    h1.write_text(make_h1_fixture(SEED.read_text("utf-8")), "utf-8")
    added = cli("add", str(h1), "--index", str(cli_index), "--json")
    assert added.returncode == 0, added.stderr
    summary = json.loads(added.stdout)
    assert summary["added"] == ["wuchang-2021-h1"] and summary["embedded"] < 20  # only changed chunks
    second = manifest(cli_index)["milvus"]["collection"]
    assert second != first and collections(lite) == [second]  # the old collection is dropped
    hits = json.loads(
        cli("search", "紫阳湖综合整治", "--report", "wuchang-2021-h1", "--index", str(cli_index), "--json").stdout
    )["hits"]
    assert hits[0]["report"] == "wuchang-2021-h1"
    removed = cli("remove", "wuchang-2021-h1", "--index", str(cli_index), "--json")
    assert removed.returncode == 0 and json.loads(removed.stdout)["removed"] == ["wuchang-2021-h1"]
    assert collections(lite) == [manifest(cli_index)["milvus"]["collection"]]
    done = cli("search", "紫阳湖", "--report", "wuchang-2021-h1", "--index", str(cli_index), "--json")
    assert json.loads(done.stdout)["hits"] == []


@pytest.mark.slow
def test_http_api_against_milvus(cli_index, seed_index, tmp_path, monkeypatch):
    import httpx

    monkeypatch.setenv("WRSEARCH_API_TOKEN", "s3cret")
    auth = {"Authorization": "Bearer s3cret"}
    answers = []
    for index in (seed_index, cli_index):
        with running_server(index) as base:
            search = httpx.get(f"{base}/search", params={"q": "口袋公园", "k": 3}, timeout=30).json()
            similar = httpx.get(f"{base}/items/wuchang-2021-q1%2335/similar", timeout=30).json()
            missing = httpx.get(f"{base}/items/wuchang-2021-q1%23999", timeout=30)
            bad = httpx.get(f"{base}/search", params={"q": "水", "period": "第五季度"}, timeout=30)
            answers.append(
                (
                    [h["id"] for h in search["hits"]],
                    similar,
                    missing.status_code,
                    missing.json(),
                    bad.status_code,
                    bad.json(),
                )
            )
            if index == cli_index:  # an upload and a removal through the API switch collections too
                raw = make_h1_fixture(SEED.read_text("utf-8")).encode()
                files = {"files": ("wuchang-2021-h1.txt", raw)}
                assert httpx.post(f"{base}/reports", files=files, headers=auth, timeout=300).status_code == 201
                found = httpx.get(
                    f"{base}/search", params={"q": "紫阳湖综合整治", "report": "wuchang-2021-h1"}, timeout=30
                )
                assert found.json()["hits"][0]["report"] == "wuchang-2021-h1"
                assert httpx.delete(f"{base}/reports/wuchang-2021-h1", headers=auth, timeout=300).status_code == 200
                assert httpx.delete(f"{base}/reports/nosuch", headers=auth, timeout=30).status_code == 404
    assert answers[0] == answers[1]
    assert answers[1][2] == 404 and answers[1][4] == 422
