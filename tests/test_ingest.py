"""Adding, replacing and removing reports: formats, round trips, HTTP auth and limits,
a writer killed mid-ingest, searches during an ingest, two writers, a fuzzed parser."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from wrsearch.api import create_app
from wrsearch.engine import Engine
from wrsearch.errors import BadInput, ConfigError, IndexUnavailable, NotFound, ParseError
from wrsearch.index.build import add_reports, remove_report
from wrsearch.index.layout import current_generation, writer_lock
from wrsearch.index.loaded import list_reports
from wrsearch.ingest.formats import UnsupportedFormat
from wrsearch.ingest.read import parse_bytes, parse_text, read_report

from conftest import NATIONAL, NATIONAL_2018, running_server

# TEST FIXTURE, invented figures: a small 1-9月 report.
FIXTURE_ID = "testdistrict-2021-q3"
FIXTURE_LINES = [
    "2021年区《政府工作报告》责任分解事项 1-9月份完成情况",
    "1.建设智慧停车场3处。(责任单位:区城管局、区交通大队)",
    "完成情况:【测试数据】已建成智慧停车场2处,新增泊位860个。",
    "2.推进社区食堂建设。(责任单位:区民政局)",
    "完成情况:【测试数据】新建社区食堂11家,日均服务老人2300人次。",
    "3.开展垃圾分类示范片区创建。(责任单位:区城管局)",
    "完成情况:【测试数据】创建示范片区4个。",
]
FIXTURE_TEXT = "\n".join(FIXTURE_LINES) + "\n"


def make_docx(path: Path) -> Path:
    from docx import Document

    document = Document()
    for line in FIXTURE_LINES:
        document.add_paragraph(line)
    document.save(path)
    return path


def make_pdf(path: Path) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path))
    page.setFont("STSong-Light", 11)
    for n, line in enumerate(FIXTURE_LINES):
        page.drawString(40, 800 - 18 * n, line)
    page.save()
    return path


def make_html(path: Path) -> Path:
    body = "".join(f"<p>{line}</p>" for line in FIXTURE_LINES[1:])
    path.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>" + FIXTURE_LINES[0] + "</title>"
        "<script>var nav = '1.不是事项。(责任单位:脚本)';</script><style>p{color:red}</style></head><body>"
        "<nav><a href='/'>首页</a> <a href='/zwgk'>政务公开</a> 1.导航里的编号。(责任单位:网站)</nav>"
        f"<div class='TRS_Editor'>{body}</div><footer>主办单位:区政府办 版权所有</footer></body></html>",
        "utf-8",
    )
    return path


MAKERS = {
    "txt": lambda p: (p.write_text(FIXTURE_TEXT, "utf-8"), p)[1],
    "html": make_html,
    "docx": make_docx,
    "pdf": make_pdf,
}


@pytest.mark.parametrize("fmt", list(MAKERS))
def test_every_format_parses_to_the_same_items(tmp_path, fmt):
    path = MAKERS[fmt](tmp_path / f"{FIXTURE_ID}.{fmt}")
    report = read_report(path)
    assert report.id == FIXTURE_ID and (report.year, report.period) == (2021, "1-9月")
    assert [i.no for i in report.items] == [1, 2, 3]
    assert report.items[0].departments == ["区城管局", "区交通大队"]
    assert "新增泊位860个" in report.items[0].progress
    assert "脚本" not in json.dumps([i.departments for i in report.items], ensure_ascii=False)


@pytest.mark.parametrize("name", ["report.xls", "report.doc", "report", "report.exe"])
def test_unsupported_types(name):
    with pytest.raises(UnsupportedFormat, match="可用:.txt, .html, .docx, .pdf"):
        parse_bytes(b"x", name)


@pytest.mark.parametrize(
    ("name", "raw"), [("bad.docx", b"not a zip"), ("bad.pdf", b"%PDF-1.4 broken"), ("empty.txt", b"")]
)
def test_broken_files_are_parse_errors(name, raw):
    with pytest.raises(ParseError, match=name):
        parse_bytes(raw, name)


@pytest.mark.parametrize("bad", ["a/b", "../x", "x#1", "   ", ".hidden"])
def test_bad_report_ids(bad):
    with pytest.raises(BadInput, match="报告编号"):
        parse_bytes(FIXTURE_TEXT.encode(), "r.txt", report_id=bad)


def source(path: Path, report_id: str | None = None):
    raw = path.read_bytes()
    return (parse_bytes(raw, path.name, report_id), raw, path.name)


def consistent(index: Path) -> dict:
    """Every part of the index agrees: items, chunks, vectors, FAISS, BM25, manifest."""
    engine = Engine(index)
    manifest = engine.index.manifest
    n_items, n_chunks = len(engine.index.items), len(engine.index.chunks)
    assert manifest["counts"] == {"reports": len(engine.index.reports), "items": n_items, "chunks": n_chunks}
    assert engine.index.faiss_index.ntotal == n_chunks == len(engine.index.vectors)
    assert engine.index.bm25.size == n_items
    assert set(manifest["corpus"]) == {r["id"] for r in engine.index.reports}
    return {"items": n_items, "reports": {r["id"] for r in engine.index.reports}, "engine": engine}


def test_add_replace_remove_round_trip(tmp_path, index_copy):
    html = make_html(tmp_path / f"{FIXTURE_ID}.html")
    first = add_reports([source(html)], index_copy)
    assert first.added == [FIXTURE_ID] and first.embedded > 0
    state = consistent(index_copy)
    assert state["items"] == 72 and FIXTURE_ID in state["reports"]
    hits = state["engine"].search("智慧停车场", report=FIXTURE_ID).hits
    assert hits[0].id == f"{FIXTURE_ID}#1"

    again = add_reports([source(html)], index_copy)
    assert again.replaced == [FIXTURE_ID] and again.embedded == 0  # unchanged: nothing embedded

    changed = tmp_path / f"{FIXTURE_ID}.txt"
    changed.write_text(FIXTURE_TEXT.replace("新建社区食堂11家", "新建社区食堂15家"), "utf-8")
    replaced = add_reports([source(changed)], index_copy)
    assert 1 <= replaced.embedded <= 3
    engine = consistent(index_copy)["engine"]
    assert "15家" in engine.show(f"{FIXTURE_ID}#2").progress

    removed = remove_report(FIXTURE_ID, index_copy)
    assert removed.removed == [FIXTURE_ID]
    state = consistent(index_copy)
    assert state["items"] == 69 and FIXTURE_ID not in state["reports"]
    assert state["engine"].search("智慧停车场", report=FIXTURE_ID).hits == []
    with pytest.raises(NotFound):
        state["engine"].show(f"{FIXTURE_ID}#1")


def test_reports_list_and_index_keeps_added_reports(tmp_path, seed_corpus, index_copy):
    add_reports([source(make_docx(tmp_path / f"{FIXTURE_ID}.docx"))], index_copy)
    rows = {row["id"]: row for row in list_reports(index_copy)}
    assert rows[FIXTURE_ID]["origin"] == "added" and rows[FIXTURE_ID]["items"] == 3 and rows[FIXTURE_ID]["added"]
    assert rows["wuchang-2021-q1"]["period"] == "1-3月"
    from wrsearch.index.build import build_index

    summary = build_index(seed_corpus, index_copy)  # re-syncing the corpus folder keeps uploads
    assert summary.embedded == 0 and FIXTURE_ID in {r["id"] for r in list_reports(index_copy)}


def test_remove_errors(index_copy):
    with pytest.raises(NotFound):
        remove_report("nope", index_copy)
    with pytest.raises(BadInput, match="唯一的报告"):
        remove_report("wuchang-2021-q1", index_copy)


@pytest.fixture
def upload_client(index_copy, monkeypatch):
    monkeypatch.setenv("WRSEARCH_API_TOKEN", "s3cret")
    return TestClient(create_app(index_dir=index_copy)), index_copy


AUTH = {"Authorization": "Bearer s3cret"}


def post(client, name: str, raw: bytes, headers=AUTH, **data):
    return client.post("/reports", files={"files": (name, raw)}, data=data, headers=headers)


@pytest.mark.parametrize(
    ("name", "raw", "headers", "status"),
    [
        (f"{FIXTURE_ID}.txt", FIXTURE_TEXT.encode(), {}, 401),
        (f"{FIXTURE_ID}.txt", FIXTURE_TEXT.encode(), {"Authorization": "Bearer wrong"}, 403),
        (f"{FIXTURE_ID}.txt", FIXTURE_TEXT.encode(), {"Authorization": "Basic s3cret"}, 401),
        (f"{FIXTURE_ID}.xls", b"whatever", AUTH, 415),
        ("notes.txt", "这里没有任何编号事项。".encode(), AUTH, 422),
        ("broken.pdf", b"%PDF-1.4 broken", AUTH, 422),
    ],
)
def test_rejected_uploads_change_nothing(upload_client, name, raw, headers, status):
    client, index = upload_client
    before = current_generation(index)
    response = post(client, name, raw, headers)
    assert response.status_code == status and response.json()["detail"]
    assert current_generation(index) == before


def test_upload_too_large_is_413(index_copy, monkeypatch):
    monkeypatch.setenv("WRSEARCH_API_TOKEN", "s3cret")
    monkeypatch.setenv("WRSEARCH_MAX_UPLOAD_MB", "0.0001")  # ~100 bytes
    client = TestClient(create_app(index_dir=index_copy))
    before = current_generation(index_copy)
    response = post(client, f"{FIXTURE_ID}.txt", FIXTURE_TEXT.encode())
    assert response.status_code == 413 and "MB" in response.json()["detail"]
    assert current_generation(index_copy) == before


def test_upload_then_search_then_delete(upload_client):
    client, _ = upload_client
    response = post(client, "any-name.txt", FIXTURE_TEXT.encode(), report_id=FIXTURE_ID)
    assert response.status_code == 201, response.text
    assert response.json()["added"] == [FIXTURE_ID] and response.json()["embedded"] > 0
    hits = client.get("/search", params={"q": "社区食堂", "report": FIXTURE_ID}).json()["hits"]
    assert hits and hits[0]["id"] == f"{FIXTURE_ID}#2"
    assert FIXTURE_ID in {r["id"] for r in client.get("/reports").json()}
    assert post(client, "x.txt", FIXTURE_TEXT.encode(), report_id=FIXTURE_ID).json()["embedded"] == 0
    assert client.delete(f"/reports/{FIXTURE_ID}", headers={}).status_code == 401
    deleted = client.delete(f"/reports/{FIXTURE_ID}", headers=AUTH)
    assert deleted.status_code == 200 and deleted.json()["removed"] == [FIXTURE_ID]
    assert client.get("/search", params={"q": "社区食堂", "report": FIXTURE_ID}).json()["hits"] == []
    assert client.delete(f"/reports/{FIXTURE_ID}", headers=AUTH).status_code == 404


def test_uploads_are_disabled_without_a_token(index_copy, monkeypatch):
    monkeypatch.delenv("WRSEARCH_API_TOKEN", raising=False)
    client = TestClient(create_app(index_dir=index_copy))
    response = post(client, f"{FIXTURE_ID}.txt", FIXTURE_TEXT.encode())
    assert response.status_code == 403 and "WRSEARCH_API_TOKEN" in response.json()["detail"]


@pytest.mark.parametrize("value", ["lots", "0", "-1", "inf"])
def test_a_bad_upload_limit_is_a_clear_error(index_copy, monkeypatch, value):
    monkeypatch.setenv("WRSEARCH_MAX_UPLOAD_MB", value)
    with pytest.raises(ConfigError, match="WRSEARCH_MAX_UPLOAD_MB"):
        create_app(index_dir=index_copy)


def wrsearch_exe() -> str:
    return shutil.which("wrsearch") or os.path.join(os.path.dirname(sys.executable), "wrsearch")


@pytest.mark.slow
def test_kill_9_mid_ingest_leaves_the_last_good_index(index_copy, tmp_path):
    before = current_generation(index_copy)
    big = tmp_path / f"{NATIONAL_2018}.txt"
    shutil.copy(NATIONAL / big.name, big)  # 122 passages: several seconds of embedding
    env = {**os.environ, "WRSEARCH_INDEX": str(index_copy)}
    writer = subprocess.Popen([wrsearch_exe(), "add", str(big), "--json"], env=env, stdout=subprocess.PIPE)
    time.sleep(4)
    assert writer.poll() is None, "the ingest ended before it could be killed"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert current_generation(index_copy) == before
    assert Engine(index_copy).health().items == 69
    # The lock died with the writer; the next writer cleans up and succeeds.
    summary = add_reports([source(MAKERS["txt"](tmp_path / f"{FIXTURE_ID}.txt"))], index_copy)
    assert summary.added == [FIXTURE_ID] and not list(index_copy.glob(".tmp-*"))


def test_a_second_writer_waits_then_fails_clearly(index_copy, tmp_path, monkeypatch):
    held = threading.Event()
    release = threading.Event()

    def hold():
        with writer_lock(index_copy):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    monkeypatch.setenv("WRSEARCH_LOCK_WAIT", "0.5")
    fixture = source(MAKERS["txt"](tmp_path / f"{FIXTURE_ID}.txt"))
    with pytest.raises(IndexUnavailable, match="另一个进程正在写索引"):
        add_reports([fixture], index_copy)
    monkeypatch.setenv("WRSEARCH_LOCK_WAIT", "20")
    threading.Timer(0.5, release.set).start()
    assert add_reports([fixture], index_copy).added == [FIXTURE_ID]  # waited for the first
    thread.join()


@pytest.mark.slow
def test_searches_keep_working_during_an_ingest(index_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("WRSEARCH_API_TOKEN", "s3cret")
    new_report = make_html(tmp_path / f"{FIXTURE_ID}.html")
    results, errors, stop = [], [], threading.Event()

    def searcher():
        with httpx.Client(timeout=30) as client:
            while not stop.is_set():
                try:
                    response = client.get(f"{base}/search", params={"q": "智慧停车场 口袋公园", "k": 20})
                    response.raise_for_status()
                    results.append(response.json())
                except Exception as error:  # any failure counts
                    errors.append(repr(error))

    with running_server(index_copy) as base:
        old = httpx.get(f"{base}/health").json()["generation"]
        threads = [threading.Thread(target=searcher) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(1)
        with new_report.open("rb") as handle:
            response = httpx.post(
                f"{base}/reports", files={"files": (new_report.name, handle)}, headers=AUTH, timeout=120
            )
        assert response.status_code == 201, response.text
        deadline = time.monotonic() + 20
        while httpx.get(f"{base}/health").json()["generation"] == old and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
        stop.set()
        for thread in threads:
            thread.join()
        new = httpx.get(f"{base}/health").json()["generation"]

    assert not errors, errors[:3]
    generations = {r["generation"] for r in results}
    assert generations <= {old, new} and new in generations and len(results) > 20
    for result in results:  # one index per answer: the new report only in the new generation
        reports = {hit["report"] for hit in result["hits"]}
        assert (FIXTURE_ID in reports) == (result["generation"] == new)
    print(f"\nconcurrent ingest: {len(results)} searches served, {len(errors)} errors")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_fuzzed_text_raises_only_parse_error(text):
    try:
        report = parse_text(text, "fuzz")
    except ParseError:
        return
    assert report.items and all(item.id.startswith("fuzz#") for item in report.items)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "1.",
                "2、",
                "(一)",
                "完成情况:",
                "(责任单位:区财政局)",
                "。",
                "\n",
                "一、",
                "区建设局:",
                "人大",
                "预算",
                "（",
                "）",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_fuzzed_report_like_text_raises_only_parse_error(text):
    try:
        parse_text(text, "fuzz")
    except ParseError:
        pass


def test_vectors_of_added_reports_match_a_fresh_embedding(tmp_path, index_copy):
    add_reports([source(MAKERS["txt"](tmp_path / f"{FIXTURE_ID}.txt"))], index_copy)
    engine = Engine(index_copy)
    row = next(i for i, c in enumerate(engine.index.chunks) if c["item_id"] == f"{FIXTURE_ID}#1")
    fresh = engine.embedder.passages([engine.index.chunks[row]["text"]])[0]
    assert float(np.dot(fresh, engine.index.vectors[row])) > 0.999


def test_cli_add_reports_remove(index_copy, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from wrsearch.cli import app

    monkeypatch.setenv("WRSEARCH_INDEX", str(index_copy))
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()
    pdf = make_pdf(tmp_path / "scan.pdf")
    result = runner.invoke(app, ["add", str(pdf), "--report-id", FIXTURE_ID, "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["added"] == [FIXTURE_ID] and summary["embedded"] > 0 and summary["items"] == 72
    again = json.loads(runner.invoke(app, ["add", str(pdf), "--report-id", FIXTURE_ID, "--json"]).stdout)
    assert again["embedded"] == 0 and again["replaced"] == [FIXTURE_ID]
    listing = runner.invoke(app, ["reports"])
    assert listing.exit_code == 0 and FIXTURE_ID in listing.stdout and "1-9月" in listing.stdout
    assert runner.invoke(app, ["remove", FIXTURE_ID]).exit_code == 0
    assert FIXTURE_ID not in runner.invoke(app, ["reports", "--json"]).stdout
    bad = runner.invoke(app, ["add", str(tmp_path / "report.xls")])
    assert bad.exit_code == 2 and "不支持的文件类型" in bad.stderr
    missing = runner.invoke(app, ["remove", "nope"])
    assert missing.exit_code == 2 and "没有报告 'nope'" in missing.stderr


@pytest.mark.slow
def test_several_workers_serve_one_index_and_all_follow_a_change(index_copy, monkeypatch):
    monkeypatch.setenv("WRSEARCH_API_TOKEN", "s3cret")
    with running_server(index_copy, "--workers", "2") as base:
        old = httpx.get(f"{base}/health", timeout=10).json()["generation"]
        response = httpx.post(
            f"{base}/reports", files={"files": (f"{FIXTURE_ID}.txt", FIXTURE_TEXT.encode())}, headers=AUTH, timeout=120
        )
        assert response.status_code == 201, response.text
        new = current_generation(index_copy).name
        # Whichever worker answers (new connections spread over both), it reads the new generation.
        answers = [
            httpx.get(f"{base}/search", params={"q": "社区食堂", "report": FIXTURE_ID}, timeout=30).json()
            for _ in range(20)
        ]
    assert new != old and {a["generation"] for a in answers} == {new}
    assert all(a["hits"][0]["id"] == f"{FIXTURE_ID}#2" for a in answers)


# --- issue 16: add and remove that are fast and do not forget ------------------------------
def test_a_copy_under_another_id_is_refused_and_replace_swaps_it_in(index_copy, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from wrsearch.cli import app

    monkeypatch.setenv("WRSEARCH_INDEX", str(index_copy))
    runner = CliRunner()
    original = MAKERS["txt"](tmp_path / f"{FIXTURE_ID}.txt")
    assert runner.invoke(app, ["add", str(original)]).exit_code == 0
    copy = tmp_path / "copy-in-gb18030.txt"
    copy.write_bytes(FIXTURE_TEXT.encode("gb18030"))
    before = current_generation(index_copy)
    refused = runner.invoke(app, ["add", str(copy)])
    assert refused.exit_code == 2 and FIXTURE_ID in refused.stderr and "--replace" in refused.stderr
    assert current_generation(index_copy) == before  # nothing written
    swapped = runner.invoke(app, ["add", str(copy), "--replace", "--json"])
    assert swapped.exit_code == 0, swapped.output
    summary = json.loads(swapped.stdout)
    assert summary["added"] == ["copy-in-gb18030"] and summary["removed"] == [FIXTURE_ID]
    assert summary["embedded"] == 0  # the same text: every vector comes from the old report
    ids = {row["id"] for row in list_reports(index_copy)}
    assert "copy-in-gb18030" in ids and FIXTURE_ID not in ids


def test_an_uploaded_copy_is_409_naming_the_indexed_report(upload_client):
    client, index = upload_client
    assert post(client, f"{FIXTURE_ID}.txt", FIXTURE_TEXT.encode()).status_code == 201
    before = current_generation(index)
    response = post(client, "again.txt", FIXTURE_TEXT.encode("gb18030"))
    assert response.status_code == 409 and FIXTURE_ID in response.json()["detail"]
    assert current_generation(index) == before
    replaced = post(client, "again.txt", FIXTURE_TEXT.encode("gb18030"), replace="true")
    assert replaced.status_code == 201 and replaced.json()["removed"] == [FIXTURE_ID]


def test_removing_a_corpus_report_says_index_brings_it_back(index_copy, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from wrsearch.cli import app

    monkeypatch.setenv("WRSEARCH_INDEX", str(index_copy))
    runner = CliRunner()
    other = tmp_path / "other-2021-q3.txt"
    other.write_text(FIXTURE_TEXT.replace("新建社区食堂11家", "新建社区食堂12家"), "utf-8")
    for path in (MAKERS["txt"](tmp_path / f"{FIXTURE_ID}.txt"), other):
        assert runner.invoke(app, ["add", str(path)]).exit_code == 0
    # An uploaded report has no file in the corpus folder: nothing to warn about.
    plain = json.loads(runner.invoke(app, ["remove", FIXTURE_ID, "--json"]).stdout)
    assert plain["removed"] == [FIXTURE_ID] and plain["notices"] == []
    removed = runner.invoke(app, ["remove", "wuchang-2021-q1"])
    assert removed.exit_code == 0 and "wrsearch index" in removed.stderr and "重新加入" in removed.stderr


def test_add_and_remove_again_embed_and_segment_nothing(index_copy, tmp_path, monkeypatch):
    """After one add and remove, the same add and remove embed no passage and no query and
    never load jieba's full dictionary: vectors of removed reports, calibration queries and
    dictionary words are kept between generations."""
    from wrsearch.index import embed, lexical

    path = MAKERS["txt"](tmp_path / f"{FIXTURE_ID}.txt")
    add_reports([source(path)], index_copy)
    remove_report(FIXTURE_ID, index_copy)
    calls = {"query": 0, "passages": 0, "dictionary": 0}

    def counted(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(embed.E5Small, "query", counted("query", embed.E5Small.query))
    monkeypatch.setattr(embed.E5Small, "passages", counted("passages", embed.E5Small.passages))
    monkeypatch.setattr(lexical, "_full_dictionary", counted("dictionary", lexical._full_dictionary))
    again = add_reports([source(path)], index_copy)
    assert again.embedded == 0
    remove_report(FIXTURE_ID, index_copy)
    assert calls == {"query": 0, "passages": 0, "dictionary": 0}
    assert consistent(index_copy)["items"] == 69


def test_cached_dictionary_words_give_the_same_tokenizer(seed_corpus):
    from wrsearch.index.lexical import Tokenizer, collect_terms, item_search_text
    from wrsearch.ingest.read import read_report

    report = read_report(next(seed_corpus.glob("*.txt")))
    texts = [item_search_text(item) for item in report.items]
    terms = collect_terms(texts, sorted({d for item in report.items for d in item.departments}))
    known: dict = {}
    first = Tokenizer.for_corpus(texts, terms, known)
    assert len(known) == len(set(texts)) + 1  # each text, and the stop words
    again = Tokenizer.for_corpus(texts, terms, known)
    assert again.frequencies == first.frequencies == Tokenizer.for_corpus(texts, terms).frequencies
    # Other domain terms segment differently: the cached words are not reused for them.
    other = Tokenizer.for_corpus(texts[:5], [*terms, "口袋公园建设"], known)
    assert len(known) > len(set(texts)) + 1 and other.frequencies
