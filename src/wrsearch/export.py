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


def table_of(records: list[dict], columns: dict[str, str]) -> list[list]:
    """A header row of Chinese column names, then one row a record (lists joined with 、)."""
    table = [list(columns.values())]
    for record in records:
        table.append(["、".join(v) if isinstance(v, list) else v for v in (record[k] for k in columns)])
    return table


def rows(hits: list[Hit]) -> list[list]:
    """A header row of Chinese column names, then one row a hit with every field."""
    return table_of([hit.model_dump() for hit in hits], COLUMNS)


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
    return xlsx_bytes(rows(hits), "检索结果")


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
    table = table_of([item.model_dump() for item in items], STATUS_COLUMNS)
    if fmt is SheetFormat.CSV:
        return csv_bytes(table), CSV_TYPE
    return xlsx_bytes(table, "进度"), XLSX_TYPE
