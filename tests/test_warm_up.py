"""The HTTP server warms the answerer's lazy loads (jieba's dictionary and tagger) in a
background thread at startup: startup does not wait for it, and requests are answered while
it runs."""

from __future__ import annotations

import logging
import threading

from fastapi.testclient import TestClient

from wrsearch.api import create_app


def test_the_server_answers_while_warming(engine):
    started, release = threading.Event(), threading.Event()

    def slow_warm() -> None:
        started.set()
        release.wait(timeout=60)

    app = create_app(engine, warm=slow_warm)
    try:
        with TestClient(app) as client:  # runs the lifespan: the warm-up thread starts
            assert started.wait(timeout=10)
            warming = app.state.warming
            assert warming.is_alive()  # still warming…
            response = client.get("/ask", params={"q": "高龄津贴发了多少"})
            assert response.status_code == 200
            assert "1300万元" in response.json()["answer"]  # …and answered all the same
            assert client.get("/health").json()["status"] == "ok"
            assert warming.is_alive()
    finally:
        release.set()
    warming.join(timeout=10)
    assert not warming.is_alive()


def test_the_real_warm_up_finishes_and_the_server_answers(engine, caplog):
    import jieba

    app = create_app(engine)
    with caplog.at_level(logging.WARNING, logger="wrsearch.api"), TestClient(app) as client:
        app.state.warming.join(timeout=120)
        assert not app.state.warming.is_alive()
        assert jieba.dt.initialized
        body = client.get("/ask", params={"q": "长江禁捕由哪个部门负责"}).json()
        assert body["answer"] == "区市场监管局"
    assert "预热失败" not in caplog.text


def test_a_failing_warm_up_is_logged_and_the_server_still_answers(engine, caplog):
    def broken() -> None:
        raise RuntimeError("词典损坏")

    app = create_app(engine, warm=broken)
    with caplog.at_level(logging.WARNING, logger="wrsearch.api"), TestClient(app) as client:
        app.state.warming.join(timeout=10)
        assert client.get("/ask", params={"q": "高龄津贴发了多少"}).status_code == 200
    assert "预热失败" in caplog.text


def test_no_warm_up_when_asked_for_none(engine):
    app = create_app(engine, warm=None)
    with TestClient(app) as client:
        assert app.state.warming is None
        assert client.get("/health").status_code == 200
