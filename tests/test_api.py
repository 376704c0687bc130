"""The HTTP API through TestClient and through a real `wrsearch serve` process."""

from __future__ import annotations

import json
import socket

import httpx
import pytest
from fastapi.testclient import TestClient

from wrsearch.api import create_app

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
    assert missing.status_code == 404 and "no item" in missing.json()["detail"]


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
