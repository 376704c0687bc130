"""The JSON shapes of ``../shared/CONTRACT.md`` as pydantic models (what the CLI prints and HTTP
returns), built from :mod:`wrsearch.models`; nothing else uses them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from wrsearch.answer.status import Status
    from wrsearch.models import Item


class SegmentOut(BaseModel):
    department: str
    text: str


class ItemOut(BaseModel):
    """One numbered task of a report (contract fields first, then additions)."""

    id: str
    report: str
    no: int | None
    title: str
    year: int | None
    period: str | None
    departments: list[str]
    task: str
    progress: str
    roles: dict[str, list[str]] = Field(default_factory=dict, description="departments by role, e.g. 责任单位")
    lead_departments: list[str] = Field(default_factory=list, description="departments in a 牵头 role")
    segments: list[SegmentOut] = Field(default_factory=list, description="progress per department")
    section: str | None = None
    passage: int | None = Field(None, description="k of a prose passage (id report#pk)")
    label: str | None = Field(None, description="the number as printed, where a section restarted numbering")
    task_key: str | None = Field(None, description="the same task in other periods of the same year shares it")
    kind: str = Field("item", description="item or passage")
    issuer: str | None = Field(None, description="whose 《政府工作报告》 the item belongs to: 区, 市, 县, 省, 国务院")
    status: str | None = Field(None, description="进度: 已完成, 超进度, 正常推进, 滞后, 未启动 or 数据未出")
    status_reason: str | None = Field(None, description="the clause and the rule behind the status, in Chinese")

    @classmethod
    def of(cls, item: Item, status: Status | None = None) -> ItemOut:
        return cls(**item.to_record(), **status_fields(status))


def status_fields(status: Status | None) -> dict:
    """``status`` and ``status_reason`` of an item's JSON (empty when there is none)."""
    return {"status": status.status.value, "status_reason": status.reason} if status else {}


class Highlights(BaseModel):
    task: list[str] = Field(default_factory=list)
    progress: list[str] = Field(default_factory=list)


class Hit(ItemOut):
    """A search result: an item with its score and highlighted snippets."""

    score: float
    highlights: Highlights
    confident: bool = Field(
        True, description="close in meaning or holding the query's words; false: only the closest there is"
    )
    dense: float | None = Field(None, description="best chunk cosine similarity")
    lexical: float | None = Field(None, description="BM25 score of the item")
    same_task: bool | None = Field(None, description="similar: the same task in another period")
    counterpart: bool | None = Field(
        None, description="similar: the same task in another year (its targets may differ)"
    )
    shared_terms: list[str] | None = Field(None, description="related: the words both items use")
    reason: str | None = Field(None, description="related: why it belongs with the item")


class SearchResponse(BaseModel):
    query: str
    hits: list[Hit]
    question: bool = Field(False, description="the query asks something: /ask may answer it")
    generation: str | None = Field(None, description="the index generation that answered")


class Health(BaseModel):
    status: str
    items: int
    reports: int
    embedder: str
    query_embedder: str | None = Field(
        None,
        description="what computes query vectors: the index's embedder or its ONNX twin (null until the first query)",
    )
    generation: str | None = None
    reload_error: str | None = Field(
        None, description="why the index's newest generation could not be loaded (the one above still serves)"
    )


class ReportRecord(BaseModel):
    """A report in the index, as ``wrsearch reports`` lists it."""

    id: str
    title: str
    year: int | None
    period: str | None
    issuer: str | None = Field(None, description="whose 《政府工作报告》: 区, 市, 县, 省, 国务院")
    found: dict[str, str] = Field(
        default_factory=dict,
        description="where year, period and issuer came from: title, section, header, filename, given",
    )
    kind: str | None = None
    items: int
    origin: str | None = None
    added: str | None = None
    source: str | None = None


class ChangeSummary(BaseModel):
    """What an add or remove did."""

    reports: int
    items: int
    chunks: int
    embedded: int
    seconds: float
    added: list[str] = Field(default_factory=list)
    replaced: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    notices: list[str] = Field(
        default_factory=list, description="what to know about the change (a corpus report that index will bring back)"
    )


class AskResponse(BaseModel):
    """An answer with its citations; ``answer`` is null when the reports do not answer."""

    question: str
    answer: str | None
    citations: list[Hit]
    confidence: float
    kind: str = Field("topic", description="figure, list or topic")
    intent: str | None = Field(
        None, description="what the question asks: who, target, done, figure, progress, status, list, comparison…"
    )
    field: str | None = Field(None, description="where in the source item the answer is: task, progress, departments")
    source: str | None = Field(None, description="id of the item the answer comes from")
    department: str | None = Field(None, description="department whose progress holds the answer")
    mode: str = Field("extractive", description="extractive or llm")
    llm_error: str | None = Field(None, description="why the llm answer fell back to extractive")
    not_in_report: str | None = Field(
        None,
        description="when answer is null because the question names something the closest items do not hold "
        "(another year, line, place or indicator: 2019年, 5号线, PM10): that thing",
    )


class Neighbours(BaseModel):
    """``similar`` and ``related``: the item and its neighbours."""

    item: ItemOut
    hits: list[Hit]


class TimelineEntry(ItemOut):
    """The task in one period, with what changed since the period before."""

    new_figures: list[str] = Field(
        default_factory=list, description="figures in this period's progress that the period before did not report"
    )
    status_change: str | None = Field(
        None, description="how the status changed since the period before: 1-3月 滞后 → 1-6月 正常推进"
    )


class Timeline(BaseModel):
    """The same task in every report, ordered by year and period."""

    item: ItemOut
    timeline: list[TimelineEntry]


class DepartmentCount(BaseModel):
    name: str
    items: int


class ReportInfo(BaseModel):
    id: str
    title: str
    year: int | None
    period: str | None
    issuer: str | None = None
    kind: str
    items: int


class Facets(BaseModel):
    """What the filters can take: every department with its item count, years, periods, reports."""

    departments: list[DepartmentCount]
    years: list[int]
    periods: list[str]
    reports: list[ReportInfo]
    issuers: list[str] = Field(default_factory=list, description="whose reports the items belong to: 区, 市…")


class StatusRow(BaseModel):
    """One item (or one department's part of it) in the supervision view."""

    id: str
    report: str
    no: int | None
    label: str | None = None
    title: str
    year: int | None
    period: str | None
    issuer: str | None = None
    departments: list[str]
    department: str | None = Field(None, description="the department this row speaks for (with a dept filter)")
    task: str
    progress: str
    status: str
    status_reason: str
    clause: str = Field(description="the clause of the progress text the status rests on")
    rate: float | None = Field(None, description="the share measured, % of the target (or of the schedule)")
    expected: float | None = Field(None, description="the share expected by the period's end, %")

    @classmethod
    def of(cls, item: Item, status: Status) -> StatusRow:
        record = item.to_record()
        return cls(
            **{k: record[k] for k in ("id", "report", "no", "label", "title", "year", "period", "issuer")},
            departments=item.departments,
            department=status.department,
            task=item.task,
            progress=item.progress,
            status=status.status.value,
            status_reason=status.reason,
            clause=status.clause,
            rate=status.rate,
            expected=status.expected,
        )


class DepartmentStatus(BaseModel):
    name: str
    counts: dict[str, int] = Field(description="items per status, lagging first")
    total: int


class StatusOverview(BaseModel):
    """Where every task stands: counts per department and status, then the items, lagging first."""

    statuses: list[str] = Field(description="the statuses, lagging first")
    band: float = Field(description="± percentage points around the expected share counted as 正常推进")
    dept: str | None = None
    status: str | None = None
    report: str | None = None
    latest_only: bool = Field(True, description="each task in its latest report (no report filter)")
    totals: dict[str, int]
    departments: list[DepartmentStatus]
    items: list[StatusRow]


class ErrorOut(BaseModel):
    """Every rejection: ``detail`` is a reason, or FastAPI's list of the fields at fault."""

    detail: str | list[dict]
