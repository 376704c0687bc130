"""The CLI through typer's runner and as a real process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from wrsearch.cli import app

runner = CliRunner()


@pytest.fixture
def run(seed_index, monkeypatch):
    monkeypatch.setenv("WRSEARCH_INDEX", str(seed_index))
    monkeypatch.setenv("COLUMNS", "160")

    def invoke(*args: str):
        return runner.invoke(app, list(args))

    return invoke


def hits(result):
    assert result.exit_code == 0, result.output
    return [hit["no"] for hit in json.loads(result.stdout)["hits"]]


def test_search_json_follows_the_contract(run):
    result = run("search", "哪些事项涉及水处理", "--json")
    data = json.loads(result.stdout)
    assert data["query"] == "哪些事项涉及水处理"
    hit = data["hits"][0]
    for field in (
        "id",
        "report",
        "no",
        "title",
        "year",
        "period",
        "departments",
        "task",
        "progress",
        "score",
        "highlights",
    ):
        assert field in hit
    assert set(hit["highlights"]) == {"task", "progress"}
    assert {34, 35} <= set(hits(result)[:3])


def test_issue_examples(run):
    assert hits(run("search", "雨污分流", "-k", "1", "--json")) == [35]
    assert hits(run("search", "扫黑除恶", "--dept", "区扫黑办", "--json")) == [48]
    assert hits(run("search", "扫黑除恶", "--dept", "不存在的部门", "--json")) == []
    shown = run("show", "wuchang-2021-q1#18", "--json")
    assert shown.exit_code == 0 and len(json.loads(shown.stdout)["departments"]) == 5


def test_people_get_a_table_with_highlights(run):
    result = run("search", "口袋公园", "-k", "3")
    assert result.exit_code == 0
    assert "wuchang-2021-q1#32" in result.stdout and "区城管局" in result.stdout
    assert "<em>" not in result.stdout


def test_no_hits_says_so(run):
    result = run("search", "火星探测任务")
    assert result.exit_code == 0 and "没有与" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", ""], "检索内容为空"),
        (["search", "   "], "检索内容为空"),
        (["search", "口袋公园", "-k", "0"], "k 须在"),
        (["search", "口袋公园", "--mode", "fuzzy"], "valid: hybrid, bm25, dense"),
        (["show", "wuchang-2021-q1#999"], "没有事项"),
        (["index", "/nonexistent/corpus"], "找不到报告文件夹"),
        (["eval", "/nonexistent.jsonl"], "标注文件不存在"),
    ],
)
def test_bad_input_exits_2_with_one_line(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) <= 2


def test_missing_index_exits_1(tmp_path, monkeypatch):
    monkeypatch.setenv("WRSEARCH_INDEX", str(tmp_path / "none"))
    result = runner.invoke(app, ["search", "口袋公园"])
    assert result.exit_code == 1 and "wrsearch index" in result.stderr


def test_index_json_summary_and_second_run_embeds_nothing(run, seed_corpus, index_copy):
    result = run("index", str(seed_corpus), "--index", str(index_copy), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert {k: summary[k] for k in ("reports", "items", "embedded")} == {"reports": 1, "items": 69, "embedded": 0}
    assert summary["chunks"] > 69 and summary["seconds"] >= 0


def test_eval_json_by_type(run, seed_index):
    from conftest import DEV_SET

    result = run("eval", str(DEV_SET), "--mode", "bm25", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["mode"] == "bm25"
    assert {"ndcg@10", "top1", "mrr", "recall@10", "n"} <= set(data["by_type"]["topic"])


def test_real_console_script(seed_index):
    exe = shutil.which("wrsearch") or os.path.join(os.path.dirname(sys.executable), "wrsearch")
    env = {**os.environ, "WRSEARCH_INDEX": str(seed_index)}
    done = subprocess.run(
        [exe, "search", "口袋公园", "-k", "1", "--json"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["hits"][0]["id"] == "wuchang-2021-q1#32"
    empty = subprocess.run([exe, "search", ""], capture_output=True, text=True, env=env, timeout=60)
    assert empty.returncode == 2 and "检索内容为空" in empty.stderr and "Traceback" not in empty.stderr


def test_redirected_output_is_utf8_whatever_the_locale(seed_index):
    """Chinese Windows gives a redirected stream GBK (cp936); PYTHONIOENCODING=gbk does the
    same here. ✗ (not in GBK) in the query is echoed back in the JSON and in the table."""
    exe = shutil.which("wrsearch") or os.path.join(os.path.dirname(sys.executable), "wrsearch")
    env = {**os.environ, "WRSEARCH_INDEX": str(seed_index), "PYTHONIOENCODING": "gbk"}
    as_json = subprocess.run(
        [exe, "search", "口袋公园✗", "-k", "1", "--json"], capture_output=True, env=env, timeout=60
    )
    assert as_json.returncode == 0, as_json.stderr.decode("utf-8", "replace")
    data = json.loads(as_json.stdout.decode("utf-8"))
    assert data["query"] == "口袋公园✗" and data["hits"][0]["id"] == "wuchang-2021-q1#32"
    empty = subprocess.run([exe, "search", "✗"], capture_output=True, env=env, timeout=60)
    assert empty.returncode in (0, 2) and "Traceback" not in empty.stderr.decode("utf-8")
    assert "UnicodeEncodeError" not in empty.stderr.decode("utf-8")


@pytest.mark.parametrize(
    "args, message",
    [
        (["search"], "缺少参数 query"),
        (["search", "口袋公园", "-k", "abc"], "的值无效:应为整数"),
        (["search", "口袋公园", "--kk", "3"], "没有选项 --kk"),
        (["serch", "口袋公园"], "没有命令 'serch'。是不是 'search'"),
        (["search", "口袋", "公园"], "多余的参数:公园"),
    ],
)
def test_command_line_mistakes_are_told_in_chinese(seed_index, args, message):
    exe = shutil.which("wrsearch") or os.path.join(os.path.dirname(sys.executable), "wrsearch")
    env = {**os.environ, "WRSEARCH_INDEX": str(seed_index)}
    done = subprocess.run([exe, *args], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "--help 查看用法" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "Missing" not in done.stderr and "No such" not in done.stderr


def test_help_is_in_chinese():
    exe = shutil.which("wrsearch") or os.path.join(os.path.dirname(sys.executable), "wrsearch")
    done = subprocess.run([exe, "search", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    for words in ("混合检索", "返回条数", "显示本帮助并退出", "选项", "[默认:10]"):
        assert words in done.stdout, words
    assert "Show this message" not in done.stdout
    top = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60)
    assert top.returncode == 0 and "根据报告回答问题" in top.stdout and "命令" in top.stdout


def test_search_marks_items_only_close_in_meaning(run):
    """修路 (in no item, found through the synonym list): road items first, each marked 低置信;
    武昌区人口有多少 (nothing in the report): no confident hit either."""
    result = run("search", "修路", "--json")
    data = json.loads(result.stdout)
    assert {20, 28} <= {hit["no"] for hit in data["hits"][:3]}
    assert not any(hit["confident"] for hit in data["hits"])
    shown = run("search", "修路", "-k", "3")
    assert shown.exit_code == 0, shown.output
    assert "以下是意思最相近的(低置信)" in shown.stdout
    assert shown.stdout.count("相近·低置信") == 3
    people = json.loads(run("search", "武昌区人口有多少", "--json").stdout)
    assert people["hits"] and not any(hit["confident"] for hit in people["hits"])
    # A literal match: not headed as nothing found; exactly its unsure rows are marked.
    parks = json.loads(run("search", "口袋公园", "-k", "3", "--json").stdout)["hits"]
    assert parks[0]["confident"]
    shown = run("search", "口袋公园", "-k", "3")
    assert "明确相符" not in shown.stdout
    assert shown.stdout.count("相近·低置信") == sum(not hit["confident"] for hit in parks)


def test_ask_says_what_the_closest_items_do_not_hold(run):
    """A question about another year than the report's: no answer, and the CLI and JSON say
    which thing the closest items do not mention; a question they do answer carries none."""
    result = run("ask", "2019年5G基站建成了几个")
    assert result.exit_code == 0, result.output
    assert "报告中没有找到答案" in result.stdout and "最接近的事项没有提到“2019年”" in result.stdout
    data = json.loads(run("ask", "2019年5G基站建成了几个", "--json").stdout)
    assert data["answer"] is None and data["not_in_report"] == "2019年"
    answered = json.loads(run("ask", "5G基站建成了几个", "--json").stdout)
    assert answered["answer"] and answered["not_in_report"] is None
