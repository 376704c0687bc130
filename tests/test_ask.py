"""Question answering: figures with their source, lists, 'not in the reports', the LLM mode."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from wrsearch.answer.clauses import ANSWER_THRESHOLD, MAX_ANSWER_CHARS, clauses
from wrsearch.api import create_app
from wrsearch.cli import app
from wrsearch.errors import BadInput
from wrsearch.evaluate import load_qrels

from conftest import DEV_SET, SEED

DATA = Path(__file__).parent / "data"


def factoids():
    rows = [*load_qrels(DEV_SET), *load_qrels(DATA / "own.jsonl"), *load_qrels(DATA / "qa_heldout.jsonl")]
    return [row for row in rows if row.type == "factoid"]


def unanswerable():
    rows = [*load_qrels(DATA / "unanswerable.jsonl"), *load_qrels(DATA / "qa_heldout.jsonl")]
    return [row for row in rows if row.type == "unanswerable"]


def test_figure_answers_contain_the_expected_text_and_cite_the_item(engine):
    rows = factoids()
    assert len(rows) >= 25 + 5
    correct, cited = 0, 0
    for row in rows:
        response = engine.ask(row.query)
        expected_item = f"wuchang-2021-q1#{next(iter(row.relevant))}"
        if response.answer and row.answer in response.answer and len(response.answer) <= MAX_ANSWER_CHARS:
            correct += 1
        cited += response.source == expected_item or response.citations[0].id == expected_item
    assert correct / len(rows) >= 0.95
    assert cited == len(rows)


def test_unanswerable_questions_get_no_answer_but_citations(engine):
    rows = unanswerable()
    assert len(rows) >= 12
    responses = [engine.ask(row.query) for row in rows]
    assert sum(r.answer is None for r in responses) / len(rows) >= 0.9
    for response in responses:
        if response.answer is None:
            assert response.citations and response.confidence < ANSWER_THRESHOLD and response.source is None


def test_issue_example_high_age_allowance(engine):
    response = engine.ask("高龄津贴发了多少")
    assert "为全区1.3万名老年人发放高龄津贴1300万元" in response.answer
    assert response.source == "wuchang-2021-q1#57" and response.department == "区民政局"
    assert response.kind == "figure" and response.confidence >= ANSWER_THRESHOLD


def test_data_not_out_yet_is_the_answer(engine):
    response = engine.ask("城镇居民人均可支配收入增长了多少")
    assert "相关数据未出" in response.answer and response.source == "wuchang-2021-q1#4"


def test_multi_department_item_cites_the_department_that_answers(engine):
    response = engine.ask("区级大气巡查多少次")
    assert "1500余次" in response.answer
    assert response.source == "wuchang-2021-q1#37" and response.department == "市生态环境局武昌分局"


def test_list_question_gets_one_line_per_item(engine):
    response = engine.ask("哪些事项涉及水处理")
    lines = response.answer.splitlines()
    assert len(lines) >= 2 and any(line.startswith("35.") for line in lines)
    assert response.kind == "list"


def test_department_question_lists_its_items(engine):
    response = engine.ask("区水务湖泊局负责哪些事项")
    assert [line.split(".")[0] for line in response.answer.splitlines()] == ["34", "35", "41", "42"]


@pytest.mark.parametrize("question", ["", "   ", "问" * 1001])
def test_empty_and_too_long_questions_are_bad_input(engine, question):
    with pytest.raises(BadInput):
        engine.ask(question)


def test_a_very_long_question_still_answers_or_declines(engine):
    long_question = SEED.read_text("utf-8")[2000:2990] + "这些工作完成了多少?"
    response = engine.ask(long_question)
    assert response.citations and (response.answer is None or len(response.answer) <= MAX_ANSWER_CHARS)


def test_clauses_keep_thousands_separators_and_units():
    parts = clauses("地方一般公共预算收入完成460,931万元,同比增收197,017万元,增长74.7%。")
    assert parts == ["地方一般公共预算收入完成460,931万元,", "同比增收197,017万元,", "增长74.7%。"]


def test_cli_ask_json_and_text(engine, seed_index, monkeypatch):
    monkeypatch.setenv("WRSEARCH_INDEX", str(seed_index))
    runner = CliRunner()
    result = runner.invoke(app, ["ask", "新冠疫苗累计接种多少剂次", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"question", "answer", "citations", "confidence"}
    assert "25.52万剂次" in data["answer"] and data["citations"][0]["id"] == "wuchang-2021-q1#39"
    text = runner.invoke(app, ["ask", "新冠疫苗累计接种多少剂次"])
    assert text.exit_code == 0 and "25.52万剂次" in text.stdout and "第 39 项" in text.stdout
    declined = runner.invoke(app, ["ask", "高铁站什么时候建成"])
    assert declined.exit_code == 0 and "报告中没有找到答案" in declined.stdout
    assert runner.invoke(app, ["ask", ""]).exit_code == 2


def test_http_ask(engine):
    client = TestClient(create_app(engine))
    body = client.get("/ask", params={"q": "高龄津贴发了多少"}).json()
    assert "1300万元" in body["answer"] and body["citations"][0]["id"] == "wuchang-2021-q1#57"
    assert client.get("/ask", params={"q": "高铁站什么时候建成"}).json()["answer"] is None
    assert client.get("/ask", params={"q": ""}).status_code == 422


class FakeChat(BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint on loopback: behaviour chosen by the server's mode."""

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)
        mode = self.server.mode
        if mode == "slow":
            time.sleep(2)
        if mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        content = "为全区1.3万名老年人发放高龄津贴1300万元[1]。" if mode == "ok" else "报告中没有相关内容。"
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def chat_server(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeChat)
    server.requests, server.mode = [], "ok"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("WRSEARCH_LLM_URL", f"http://127.0.0.1:{server.server_port}/v1/chat/completions")
    monkeypatch.setenv("WRSEARCH_LLM_TIMEOUT", "1")
    yield server
    server.shutdown()


def test_llm_answer_with_its_citations(engine, chat_server):
    response = engine.ask("高龄津贴发了多少", llm=True)
    assert response.mode == "llm" and "1300万元" in response.answer
    assert response.source == response.citations[0].id == "wuchang-2021-q1#57"
    sent = chat_server.requests[0]["messages"][1]["content"]
    assert "[1] wuchang-2021-q1#57" in sent and "高龄津贴发了多少" in sent


def test_llm_saying_no_answer_gives_null(engine, chat_server):
    chat_server.mode = "none"
    response = engine.ask("高铁站什么时候建成", llm=True)
    assert response.mode == "llm" and response.answer is None


@pytest.mark.parametrize("mode", ["slow", "error"])
def test_llm_failure_falls_back_to_extractive(engine, chat_server, mode):
    chat_server.mode = mode
    response = engine.ask("高龄津贴发了多少", llm=True)
    assert response.mode == "extractive" and response.llm_error
    assert "1300万元" in response.answer


def test_llm_without_url_falls_back(engine, monkeypatch):
    monkeypatch.delenv("WRSEARCH_LLM_URL", raising=False)
    response = engine.ask("高龄津贴发了多少", llm=True)
    assert response.mode == "extractive" and "WRSEARCH_LLM_URL" in response.llm_error


def test_http_ask_llm(engine, chat_server):
    client = TestClient(create_app(engine))
    body = client.get("/ask", params={"q": "高龄津贴发了多少", "llm": 1}).json()
    assert body["mode"] == "llm" and "1300万元" in body["answer"]


# --- hardening (issue 16) ------------------------------------------------------------------
class BrokenChat(BaseHTTPRequestHandler):
    """Replies that http.client cannot read: no status line, or a body cut short."""

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        if self.server.mode == "bad-status":
            self.wfile.write(b"NONSENSE\r\n\r\n")
        else:  # a body shorter than its Content-Length, then the connection closes
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("mode", ["bad-status", "incomplete"])
def test_malformed_llm_replies_fall_back_to_extractive(engine, monkeypatch, mode):
    server = ThreadingHTTPServer(("127.0.0.1", 0), BrokenChat)
    server.mode = mode
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("WRSEARCH_LLM_URL", f"http://127.0.0.1:{server.server_port}/v1/chat/completions")
    monkeypatch.setenv("WRSEARCH_LLM_TIMEOUT", "2")
    try:
        response = TestClient(create_app(engine)).get("/ask", params={"q": "高龄津贴发了多少", "llm": 1})
    finally:
        server.shutdown()
    assert response.status_code == 200
    body = response.json()
    assert body["mode"] == "extractive" and "1300万元" in body["answer"]
    assert body["llm_error"].startswith(("BadStatusLine", "IncompleteRead", "RemoteDisconnected"))


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan", "inf"])
def test_a_bad_llm_timeout_is_a_clear_message(engine, chat_server, monkeypatch, value):
    monkeypatch.setenv("WRSEARCH_LLM_TIMEOUT", value)
    response = engine.ask("高龄津贴发了多少", llm=True)
    assert response.mode == "extractive" and "1300万元" in response.answer
    assert "WRSEARCH_LLM_TIMEOUT" in response.llm_error and "秒" in response.llm_error
    assert not chat_server.requests  # nothing was sent with a timeout that makes no sense
