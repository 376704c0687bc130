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
from wrsearch.ingest.periods import parse_year_period
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
            return parse_prose(text, report_id)
        raise ParseError(f"{source}: no numbered items found (expected lines like '1.任务…(责任单位:…)')")
    title = header.get("名称") or title
    year, period = parse_year_period(title)
    return Report(report_id, title, year, period, header, items, dropped)


def parse_file(path: str | Path) -> Report:
    """Parse a text report file; the report id is the file stem (any format: :func:`read_report`)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ParseError(f"{path}: cannot read ({error.strerror})") from None
    return parse_text(decode_text(raw, str(path)), path.stem, source=str(path))


def read_report(path: str | Path, report_id: str | None = None) -> Report:
    """Parse a report file of any supported type; the id defaults to the file stem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ParseError(f"{path}: cannot read ({error.strerror})") from None
    return parse_bytes(raw, path.name, report_id)


def parse_bytes(raw: bytes, filename: str, report_id: str | None = None) -> Report:
    """Parse uploaded bytes named ``filename``; the id defaults to the file stem."""
    report_id = check_report_id(report_id or Path(filename).stem)
    return parse_text(to_text(raw, filename), report_id, source=filename)


def check_sources(names: list[str], report_id: str | None = None) -> None:
    """Fail before anything is read: an unsupported type (415) or one id for several files."""
    if report_id and len(names) > 1:
        raise BadInput("a report id names one file; add the files one by one or without it")
    for name in names:
        ReportFormat.of(name)


def parse_sources(named: list[tuple[str, bytes]], report_id: str | None = None) -> list[tuple[Report, bytes, str]]:
    """``(file name, bytes)`` pairs → ``(report, bytes, file name)`` as :func:`wrsearch.index.build.add_reports` takes them."""
    check_sources([name for name, _ in named], report_id)
    return [(parse_bytes(raw, name, report_id), raw, name) for name, raw in named]


_REPORT_ID_RE = re.compile(r"^[\w.\-\u4e00-\u9fff]{1,120}$")


def check_report_id(report_id: str) -> str:
    """Report ids become file names and URL parts: letters, digits, CJK, ``._-``; no ``#`` or ``/``."""
    report_id = report_id.strip()
    if not _REPORT_ID_RE.match(report_id) or report_id.startswith("."):
        raise BadInput(f"bad report id '{report_id}': use letters, digits, Chinese, '.', '_' or '-'")
    return report_id
