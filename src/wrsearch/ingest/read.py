"""Read a report: file or bytes of any supported format → text → :class:`~wrsearch.models.Report`
(numbered items, or passages for prose). The one entry point of the CLI, the upload endpoint
and corpus indexing.
"""

from __future__ import annotations

import re
from pathlib import Path

from wrsearch.errors import BadInput, ParseError
from wrsearch.ingest.formats import ReportFormat, decode_text, to_text
from wrsearch.ingest.items import header_lines, parse_header, parse_items
from wrsearch.ingest.periods import (
    canonical_period,
    find_issuer,
    find_period,
    find_year,
    period_aliases,
    year_from_header,
    year_from_name,
)
from wrsearch.ingest.prose import is_prose, parse_prose
from wrsearch.models import Report
from wrsearch.text import clean_text


def parse_text(text: str, report_id: str, source: str | None = None) -> Report:
    """Parse the text of a report: numbered items, or passages if it is prose (see
    :mod:`wrsearch.ingest.prose`). Raises :class:`ParseError` if it is neither."""
    source = source or report_id
    lines = [line.strip() for line in clean_text(text).split("\n")]
    heads = header_lines(lines)
    header = parse_header(heads)
    title, items, dropped = parse_items([line for line in lines if line not in heads], report_id)
    # Numbered paragraphs of a speech are not tasks: tasks carry departments or progress.
    is_task_list = sum(bool(i.departments or i.progress) for i in items) >= max(1, len(items) // 2)
    if not (items and is_task_list):
        if is_prose(text):
            return date_report(parse_prose(text, report_id), source)
        raise ParseError(f"{source}:没有找到编号事项(应有形如 '1.任务…(责任单位:…)' 的行)")
    title = header.get("名称") or title
    return date_report(Report(report_id, title, None, None, header, items, dropped), source)


def date_report(report: Report, source: str, year: int | None = None, period: str | None = None) -> Report:
    """Set the report's year, period and issuer, noting where each came from (``report.found``),
    and copy them onto its items (a section heading may name its own issuer and period).

    ``year``/``period`` given (``add --year --period``) win; else the title, the section
    headings, the header, the file name. What cannot be found stays None with a warning."""
    sections = [item.section for item in report.items if item.section]
    section_periods = {p for p in map(find_period, sections) if p}
    found: dict[str, str] = {}
    if year is not None:
        report.year, found["year"] = year, "given"
    elif (title_year := find_year(report.title)) is not None:
        report.year, found["year"] = title_year, "title"
    if period is not None:
        canonical = canonical_period(period)
        if canonical is None:
            raise BadInput(f"未知的时段 '{period}';可用:{period_aliases()}")
        report.period, found["period"] = canonical, "given"
    elif (title_period := find_period(report.title)) is not None:
        report.period, found["period"] = title_period, "title"
    elif len(section_periods) == 1:
        report.period, found["period"] = section_periods.pop(), "section"
    if report.year is None and (header_year := year_from_header(report.header, report.period)) is not None:
        report.year, found["year"] = header_year, "header"
    if report.year is None and (name_year := year_from_name(f"{source} {report.id}")) is not None:
        report.year, found["year"] = name_year, "filename"
    issuer = find_issuer(report.title)
    section_issuers = {i for i in map(find_issuer, sections) if i}
    if len(section_issuers) > 1:  # one file, the district's and the city's sections: each item has its own
        found["issuer"] = "section"
    elif issuer:
        report.issuer, found["issuer"] = issuer, "title"
    elif len(section_issuers) == 1:
        report.issuer, found["issuer"] = section_issuers.pop(), "section"
    report.found = found
    report.warnings = [
        f"{source}: 找不到{what}(标题、表头和文件名都没有写),已按空值索引;可用 wrsearch add --{option} 指定"
        for what, option, value in (("年份", "year", report.year), ("时段", "period", report.period))
        if value is None and report.kind == "items"
    ]
    for item in report.items:
        item.title, item.year = report.title, report.year
        item.period = (find_period(item.section) if item.section else None) or report.period
        item.issuer = (find_issuer(item.section) if item.section else None) or report.issuer
    return report


def parse_file(path: str | Path) -> Report:
    """Parse a text report file; the report id is the file stem (any format: :func:`read_report`)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ParseError(f"{path}:无法读取({error.strerror})") from None
    return parse_text(decode_text(raw, str(path)), path.stem, source=str(path))


def read_report(path: str | Path, report_id: str | None = None) -> Report:
    """Parse a report file of any supported type; the id defaults to the file stem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ParseError(f"{path}:无法读取({error.strerror})") from None
    return parse_bytes(raw, path.name, report_id)


def parse_bytes(raw: bytes, filename: str, report_id: str | None = None) -> Report:
    """Parse uploaded bytes named ``filename``; the id defaults to the file stem."""
    report_id = check_report_id(report_id or Path(filename).stem)
    return parse_text(to_text(raw, filename), report_id, source=filename)


def check_sources(names: list[str], report_id: str | None = None) -> None:
    """Fail before anything is read: an unsupported type (415) or one id for several files."""
    if report_id and len(names) > 1:
        raise BadInput("报告编号只能对应一个文件;请逐个添加,或不指定编号")
    for name in names:
        ReportFormat.of(name)


def parse_sources(
    named: list[tuple[str, bytes]],
    report_id: str | None = None,
    year: int | None = None,
    period: str | None = None,
) -> list[tuple[Report, bytes, str]]:
    """``(file name, bytes)`` pairs → ``(report, bytes, file name)`` as
    :func:`wrsearch.index.build.add_reports` takes them; ``year``/``period`` override what the
    files say."""
    check_sources([name for name, _ in named], report_id)
    if period is not None and canonical_period(period) is None:
        raise BadInput(f"未知的时段 '{period}';可用:{period_aliases()}")
    parsed = []
    for name, raw in named:
        report = parse_bytes(raw, name, report_id)
        if year is not None or period is not None:
            report = date_report(report, name, year, period)
        parsed.append((report, raw, name))
    return parsed


_REPORT_ID_RE = re.compile(r"^[\w.\-\u4e00-\u9fff]{1,120}$")


def check_report_id(report_id: str) -> str:
    """Report ids become file names and URL parts: letters, digits, CJK, ``._-``; no ``#`` or ``/``."""
    report_id = report_id.strip()
    if not _REPORT_ID_RE.match(report_id) or report_id.startswith("."):
        raise BadInput(f"报告编号 '{report_id[:60]}' 不可用:只能用字母、数字、汉字、'.'、'_' 或 '-'")
    return report_id
