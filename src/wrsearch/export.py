"""Result lists as spreadsheets: CSV (UTF-8 with BOM, so Excel reads Chinese) and XLSX.

Two lists: search hits (:func:`export_hits`) and the supervision view's items with their
status and reason (:func:`export_status`); both are a header row of Chinese names, then one
row an entry."""

from __future__ import annotations

import csv
import io

from wrsearch.options import Choice
from wrsearch.schema import Hit, StatusRow

COLUMNS = {
    "id": "编号",
    "report": "报告",
    "title": "报告标题",
    "year": "年度",
    "period": "期间",
    "no": "序号",
    "departments": "责任单位",
    "lead_departments": "牵头单位",
    "task": "任务",
    "progress": "完成情况",
    "section": "部分",
    "task_key": "任务标识",
    "score": "相关度",
}
STATUS_COLUMNS = {
    "id": "编号",
    "report": "报告",
    "year": "年度",
    "period": "期间",
    "no": "序号",
    "departments": "责任单位",
    "department": "本行所指单位",
    "task": "任务",
    "status": "进度",
    "status_reason": "判定依据",
    "clause": "依据原文",
    "rate": "完成比例(%)",
    "expected": "应有进度(%)",
    "progress": "完成情况",
}
WIDTHS = {"任务": 60, "完成情况": 80, "判定依据": 50, "依据原文": 40, "责任单位": 24, "报告标题": 30}


class SheetFormat(Choice):
    __choice_name__ = "format"
    CSV = "csv"
    XLSX = "xlsx"


# A cell starting with one of these is a formula to Excel and LibreOffice (=1+1, @SUM(…),
# -2+3, and a tab or CR before them); report text comes from uploads, so it is never trusted.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula, prefixed with ' so it stays text."""
    return "'" + value if is_formula_like(value) else value


def table_of(records: list[dict], columns: dict[str, str], neutral: bool = True) -> list[list]:
    """A header row of Chinese column names, then one row a record (lists joined with 、); text
    that looks like a formula prefixed with ' unless ``neutral`` is false (XLSX marks such
    cells as text instead)."""
    table = [list(columns.values())]
    for record in records:
        cells = ["、".join(v) if isinstance(v, list) else v for v in (record[k] for k in columns)]
        table.append([neutralise(cell) for cell in cells] if neutral else cells)
    return table


def rows(hits: list[Hit], neutral: bool = True) -> list[list]:
    """A header row of Chinese column names, then one row a hit with every field."""
    return table_of([hit.model_dump() for hit in hits], COLUMNS, neutral)


def csv_bytes(table: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(table)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(table: list[list], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in table:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if is_formula_like(cell.value):
                # Text, shown as written: a string cell (never a formula) with Excel's quote prefix.
                cell.data_type = "s"
                cell.quotePrefix = True
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, name in zip(sheet.columns, table[0]):
        sheet.column_dimensions[column[0].column_letter].width = WIDTHS.get(name, 14)
        for cell in column[1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_csv(hits: list[Hit]) -> bytes:
    return csv_bytes(rows(hits))


def to_xlsx(hits: list[Hit]) -> bytes:
    return xlsx_bytes(rows(hits, neutral=False), "检索结果")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def export_hits(hits: list[Hit], fmt: SheetFormat | str) -> tuple[bytes, str]:
    """File content and media type."""
    fmt = SheetFormat.parse(fmt)
    if fmt is SheetFormat.CSV:
        return to_csv(hits), CSV_TYPE
    return to_xlsx(hits), XLSX_TYPE


def export_status(items: list[StatusRow], fmt: SheetFormat | str) -> tuple[bytes, str]:
    """The supervision view's items (status, reason, clause, shares) as a file: content and media type."""
    fmt = SheetFormat.parse(fmt)
    records = [item.model_dump() for item in items]
    if fmt is SheetFormat.CSV:
        return csv_bytes(table_of(records, STATUS_COLUMNS)), CSV_TYPE
    return xlsx_bytes(table_of(records, STATUS_COLUMNS, neutral=False), "进度"), XLSX_TYPE
