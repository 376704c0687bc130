"""Result lists as spreadsheets: CSV (UTF-8 with BOM, so Excel reads Chinese) and XLSX."""

from __future__ import annotations

import csv
import io

from wrsearch.options import Choice
from wrsearch.schema import Hit

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


def rows(hits: list[Hit], neutral: bool = True) -> list[list]:
    """A header row of Chinese column names, then one row a hit with every field; text that
    looks like a formula prefixed with ' unless ``neutral`` is false (XLSX marks such cells
    as text instead)."""
    table = [list(COLUMNS.values())]
    for hit in hits:
        record = hit.model_dump()
        cells = ["、".join(v) if isinstance(v, list) else v for v in (record[k] for k in COLUMNS)]
        table.append([neutralise(cell) for cell in cells] if neutral else cells)
    return table


def to_csv(hits: list[Hit]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows(hits))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(hits: list[Hit]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "检索结果"
    for row in rows(hits, neutral=False):
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if is_formula_like(cell.value):
                # Text, shown as written: a string cell (never a formula) with Excel's quote prefix.
                cell.data_type = "s"
                cell.quotePrefix = True
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = {"任务": 60, "完成情况": 80, "责任单位": 24, "报告标题": 30}
    for column, name in zip(sheet.columns, COLUMNS.values()):
        sheet.column_dimensions[column[0].column_letter].width = widths.get(name, 14)
        for cell in column[1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_hits(hits: list[Hit], fmt: SheetFormat | str) -> tuple[bytes, str]:
    """File content and media type."""
    fmt = SheetFormat.parse(fmt)
    if fmt is SheetFormat.CSV:
        return to_csv(hits), "text/csv; charset=utf-8"
    return to_xlsx(hits), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
