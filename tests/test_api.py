"""The HTTP API through TestClient and through a real `wrsearch serve` process."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from wrsearch.api import create_app
from wrsearch.engine import Engine
from wrsearch.index.layout import current_generation

from conftest import running_server


@pytest.fixture(scope="module")
def client(engine):
    return TestClient(create_app(engine))


def test_health(client):
    body = client.get("/health").json()
    assert {k: body[k] for k in ("status", "items", "reports", "embedder")} == {
        "status": "ok",
        "items": 69,
        "reports": 1,
        "embedder": "e5-small",
    }
    assert body["generation"].startswith("gen-")


def test_search_returns_the_contract_json(client):
    response = client.get("/search", params={"q": "口袋公园"})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "口袋公园"
    assert body["hits"][0]["id"] == "wuchang-2021-q1#32"
    assert "<em>口袋公园</em>" in "".join(body["hits"][0]["highlights"]["task"])


def test_search_filters(client):
    body = client.get("/search", params={"q": "扫黑除恶", "dept": "区扫黑办"}).json()
    assert [hit["no"] for hit in body["hits"]] == [48]
    assert client.get("/search", params={"q": "扫黑除恶", "dept": "不存在的部门"}).json()["hits"] == []


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "   "},
        {"q": "口袋公园", "k": 0},
        {"q": "口袋公园", "k": 101},
        {"q": "口袋公园", "k": "ten"},
        {"q": "口袋公园", "year": "x"},
    ],
)
def test_bad_parameters_give_422_with_a_reason(client, params):
    response = client.get("/search", params=params)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_item_by_encoded_id_and_unknown_id(client):
    response = client.get("/items/wuchang-2021-q1%2318")
    assert response.status_code == 200 and len(response.json()["departments"]) == 5
    missing = client.get("/items/wuchang-2021-q1%23999")
    assert missing.status_code == 404 and "没有事项" in missing.json()["detail"]


def raw_get(port: int, target: str) -> tuple[int, bytes]:
    """A GET with the target's UTF-8 bytes unencoded, read until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_percent_encoding_of_raw_request_lines():
    from wrsearch.server import percent_encode_request_line

    raw = "GET /search?q=口袋 HTTP/1.1\r\nHost: x\r\n\r\n体".encode()
    assert percent_encode_request_line(raw) == "GET /search?q=%E5%8F%A3%E8%A2%8B HTTP/1.1\r\nHost: x\r\n\r\n体".encode()


@pytest.mark.slow
def test_real_server_process(seed_index):
    with running_server(seed_index) as base:
        body = httpx.get(f"{base}/search", params={"q": "口袋公园"}, timeout=10).json()
        assert body["hits"][0]["id"] == "wuchang-2021-q1#32"
        assert httpx.get(f"{base}/search", params={"q": ""}, timeout=10).status_code == 422
        assert httpx.get(f"{base}/items/wuchang-2021-q1%2335", timeout=10).json()["no"] == 35
        # What `curl 'http://127.0.0.1:8000/search?q=口袋公园'` sends: raw UTF-8 in the request line.
        port = int(base.rsplit(":", 1)[1])
        status, body = raw_get(port, "/search?q=口袋公园&k=1")
        assert status == 200 and json.loads(body)["hits"][0]["id"] == "wuchang-2021-q1#32"


# --- hardening (issue 16) ------------------------------------------------------------------
def test_docs_and_redoc_work_offline(client):
    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert assets and all(a.startswith("/") for a in assets), assets  # nothing from a CDN
        for asset in assets:
            assert client.get(asset).status_code == 200, asset
    assert client.get("/openapi.json").json()["info"]["title"] == "wrsearch"


async def asgi_get(app, path: str, query: bytes) -> tuple[int, bytes]:
    """A GET straight into the app: test clients refuse URLs this long."""
    sent = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"test")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.mark.parametrize("query", ["a" * 100_000, "口袋公园" * 25_000])
def test_a_too_long_query_is_422_echoing_only_a_prefix(engine, query):
    status, body = asyncio.run(asgi_get(create_app(engine), "/search", b"q=" + quote(query).encode()))
    assert status == 422 and len(body) < 1000, body[:200]
    error = json.loads(body)["detail"][0]
    assert error["loc"] == ["query", "q"] and "1000" in error["msg"]
    assert error["input"].startswith(query[:50]) and len(error["input"]) < 100


def test_validation_reasons_are_chinese(client):
    detail = client.get("/search", params={"q": "口袋公园", "k": "ten"}).json()["detail"][0]
    assert detail["msg"] == "应为整数" and detail["input"] == "ten"
    assert client.get("/search").json()["detail"][0]["msg"] == "缺少必填参数"


def new_generation(index: Path, name: str, change=None) -> str:
    """A copy of the live generation under another name, changed, made live."""
    folder = index / name
    shutil.copytree(current_generation(index), folder)
    if change:
        change(folder)
    (index / "CURRENT").write_text(name)
    return name


def newer_schema(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    (folder / "manifest.json").write_text(json.dumps({**manifest, "schema_version": 99}), "utf-8")


def other_dimension(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    (folder / "manifest.json").write_text(json.dumps({**manifest, "dim": 768}), "utf-8")


def damaged(folder: Path) -> None:
    (folder / "faiss.index").write_bytes(b"not a faiss index")


@pytest.mark.parametrize(("change", "reason"), [(newer_schema, "schema 99"), (other_dimension, "768"), (damaged, "")])
def test_a_generation_that_cannot_load_leaves_the_old_one_serving(engine, index_copy, monkeypatch, change, reason):
    served = Engine(index_copy, embedder=engine.embedder)
    old = served.generation
    app = create_app(served)
    holder, now = app.state.holder, [1000.0]
    holder.clock = lambda: now[0]
    attempts = []
    reopen = Engine.reopen
    monkeypatch.setattr(Engine, "reopen", lambda self: (attempts.append(1), reopen(self))[1])
    client = TestClient(app)
    bad = new_generation(index_copy, "gen-99990101000000-broken", change)

    for _ in range(10):
        response = client.get("/search", params={"q": "口袋公园"})
        assert response.status_code == 200 and response.json()["generation"] == old
    assert len(attempts) == 1  # not once a request: it backs off
    health = client.get("/health").json()
    assert health["generation"] == old and bad in health["reload_error"] and reason in health["reload_error"]
    assert client.get("/reports").status_code == 200 and client.get("/items/wuchang-2021-q1%2332").status_code == 200

    now[0] += 1.1  # after 1 s one more try, then 2 s, 4 s…
    client.get("/health")
    client.get("/health")
    assert len(attempts) == 2
    now[0] += 1.1
    client.get("/health")
    assert len(attempts) == 2
    now[0] += 1.0
    client.get("/health")
    assert len(attempts) == 3

    # A good generation is loaded at once, whatever the back-off.
    (index_copy / "CURRENT").write_text(old)
    good = new_generation(index_copy, "gen-99990102000000-good")
    health = client.get("/health").json()
    assert health["generation"] == good and health["reload_error"] is None


def test_the_guard_counts_a_chunked_body_and_stops_at_the_limit():
    from wrsearch.guard import UploadGuard

    received = []

    async def app(scope, receive, send):  # reads the whole body, as a form parser would
        while (await receive())["more_body"]:
            pass
        await send({"type": "http.response.start", "status": 201, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def receive():
        received.append(1)
        return {"type": "http.request", "body": b"x" * 65536, "more_body": len(received) < 1000}

    async def run():
        sent = []

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/reports", "headers": [(b"authorization", b"Bearer t")]}
        await UploadGuard(app, token="t", max_bytes=1024 * 1024)(scope, receive, send)
        return sent

    sent = asyncio.run(run())
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [413]
    assert "WRSEARCH_MAX_UPLOAD_MB" in json.loads(sent[1]["body"])["detail"]
    assert len(received) == 17  # 1 MB and one chunk more, not 1000 chunks


@pytest.fixture(scope="module")
def guarded_server(seed_index):
    """A real server with uploads enabled and a 1 MB limit."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WRSEARCH_API_TOKEN", "s3cret")
        patch.setenv("WRSEARCH_MAX_UPLOAD_MB", "1")
        with running_server(seed_index) as base:
            yield int(base.rsplit(":", 1)[1])


def stream_upload(port: int, headers: str, total: int = 64 * 1024 * 1024) -> tuple[int, dict, int, float]:
    """POST a chunked multipart body of up to ``total`` bytes, reading the answer meanwhile;
    stops sending when the answer comes. Returns status, JSON body, bytes sent, seconds."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    answer = []

    def read():
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except OSError:
            pass
        answer.append(data)

    reader = threading.Thread(target=read)
    started = time.monotonic()
    sock.sendall(
        (
            "POST /reports HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            f"Content-Type: multipart/form-data; boundary=B0undary\r\n{headers}\r\n"
        ).encode()
    )
    reader.start()
    first = b'--B0undary\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n\r\n'
    sent = 0
    try:
        while sent < total and not answer:
            piece = (first if sent == 0 else b"") + "完成情况:".encode() * 4096
            sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            sent += len(piece)
    except OSError:
        pass  # the server closed the connection after answering
    reader.join(30)
    seconds = time.monotonic() - started
    sock.close()
    head, _, body = answer[0].partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body), sent, seconds


@pytest.mark.slow
@pytest.mark.parametrize(
    ("headers", "status"),
    [("", 401), ("Authorization: Bearer wrong\r\n", 403), ("Authorization: Bearer s3cret\r\n", 413)],
)
def test_uploads_are_refused_before_the_body_is_read(guarded_server, headers, status):
    got, body, sent, seconds = stream_upload(guarded_server, headers)
    assert got == status and body["detail"]
    # 64 MB offered: the server answered after at most the 1 MB limit plus socket buffers.
    assert sent < 16 * 1024 * 1024 and seconds < 10, (sent, seconds)


@pytest.mark.slow
def test_a_declared_length_over_the_limit_is_refused_before_any_body(guarded_server):
    with socket.create_connection(("127.0.0.1", guarded_server), timeout=10) as sock:
        sock.sendall(
            b"POST /reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret\r\n"
            b"Content-Type: multipart/form-data; boundary=B\r\nContent-Length: 524288000\r\n\r\n"
        )
        data = b""
        while chunk := sock.recv(65536):  # no body sent: the answer cannot wait for one
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.split()[1] == b"413" and "MB" in json.loads(body)["detail"]


def raw_request(port: int, data: bytes, pieces: int = 1) -> tuple[int, bytes, bytes]:
    """Send raw bytes (in ``pieces`` packets), read until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        step = -(-len(data) // pieces)
        for start in range(0, len(data), step):
            sock.sendall(data[start : start + step])
            if pieces > 1:
                time.sleep(0.05)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), head, body


@pytest.mark.slow
def test_the_real_server_answers_json_to_what_it_cannot_parse(guarded_server):
    port = guarded_server
    # 100k Chinese characters as curl sends them (raw UTF-8): a 414 in JSON, not plain text.
    status, head, body = raw_request(port, f"GET /search?q={'口袋公园' * 25_000} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert status == 414 and b"application/json" in head and "1000" in json.loads(body)["detail"]
    status, head, body = raw_request(port, f"GET /search?q={'a' * 100_000} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert 400 <= status < 500 and json.loads(body)["detail"] and len(body) < 1000
    # Just over the query limit but a short enough line: FastAPI's 422 with a short echo.
    # (Connection: close: the connection is kept alive after a 422, and this reads until it closes.)
    request = f"GET /search?q={'口' * 1500} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    status, head, body = raw_request(port, request.encode())
    assert status == 422 and len(body) < 1000
    status, head, body = raw_request(port, b"NONSENSE\r\n\r\n")
    assert status == 400 and json.loads(body)["detail"]
    # Raw UTF-8 in a request line that arrives in several packets.
    request = "GET /search?q=口袋公园&k=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    status, head, body = raw_request(port, request, pieces=5)
    assert status == 200 and json.loads(body)["hits"][0]["id"] == "wuchang-2021-q1#32"


FORMULAS = ['=HYPERLINK("http://example.invalid","点此")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


def formula_hits():
    from wrsearch.schema import Highlights, Hit

    return [
        Hit(
            id=f"r#{n}",
            report="r",
            no=n,
            title="标题",
            year=2021,
            period="1-3月",
            departments=[text],
            task=text,
            progress="完成情况" + text,  # not at the start: left alone
            score=-0.5,
            highlights=Highlights(),
        )
        for n, text in enumerate(FORMULAS, 1)
    ]


def test_csv_export_neutralises_formulas():
    import csv
    import io

    from wrsearch.export import to_csv

    rows = list(csv.reader(io.StringIO(to_csv(formula_hits()).decode("utf-8-sig"), newline="")))
    header = rows[0]
    for row, text in zip(rows[1:], FORMULAS):
        cells = dict(zip(header, row))
        assert cells["任务"] == "'" + text and cells["责任单位"] == "'" + text
        assert cells["完成情况"] == "完成情况" + text and cells["相关度"] == "-0.5"  # numbers untouched


def test_xlsx_export_keeps_formulas_as_text():
    import io

    from openpyxl import load_workbook

    from wrsearch.export import to_xlsx

    sheet = load_workbook(io.BytesIO(to_xlsx(formula_hits()))).active
    header = [cell.value for cell in sheet[1]]
    for row, text in zip(sheet.iter_rows(min_row=2), FORMULAS):
        cells = dict(zip(header, row))
        assert cells["任务"].data_type == "s" and cells["任务"].value == text and cells["任务"].quotePrefix
        assert cells["相关度"].value == -0.5


def test_links_csv_neutralises_formulas():
    from wrsearch.search.graph import to_csv

    graph = {
        "nodes": [{"id": "d:=1+1", "label": "=1+1"}, {"id": "r#1", "label": "@task"}],
        "edges": [
            {"source": "d:=1+1", "target": "r#1", "type": "responsible", "role": "lead", "weight": 1, "reason": "-x"}
        ],
    }
    text = to_csv(graph)
    assert ",'=1+1," in text and ",'@task," in text and ",'-x" in text


def test_search_marks_items_only_close_in_meaning(client):
    """The JSON over HTTP: 修路's road items come first with ``confident: false``; 武昌区人口有多少
    has no confident hit; a literal match (口袋公园) is confident."""
    roads = client.get("/search", params={"q": "修路"}).json()["hits"]
    assert {20, 28} <= {hit["no"] for hit in roads[:3]}
    assert not any(hit["confident"] for hit in roads)
    people = client.get("/search", params={"q": "武昌区人口有多少"}).json()["hits"]
    assert people and not any(hit["confident"] for hit in people)
    assert client.get("/search", params={"q": "口袋公园"}).json()["hits"][0]["confident"]


def test_ask_says_what_the_closest_items_do_not_hold(client):
    body = client.get("/ask", params={"q": "2021年地铁5号线建设进展如何"}).json()
    assert body["answer"] is None and body["not_in_report"] == "5号线"  # the report has 11、12号线
    assert client.get("/ask", params={"q": "5G基站建成了几个"}).json()["not_in_report"] is None
