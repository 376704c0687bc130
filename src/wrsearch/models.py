"""The one item type, from the parser to the API: :class:`Report`, :class:`Item`, :class:`Segment`.

The parser makes them, the index stores them (``Item.to_record`` → ``items.sqlite``) and
reads them back (``Item.from_record``), search and answers read their attributes, and the
API's pydantic models (``schema.py``) are built from ``to_record()``. Plain slotted
dataclasses: loading 100k+ of them stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Segment:
    """The part of an item's progress written by one department."""

    department: str
    text: str


@dataclass(slots=True)
class Item:
    """One numbered task of a report (or one passage of a prose report) with its departments
    and progress, and the report facts a hit shows (title, year, period).

    ``task_key`` is the same for the same task in other periods of its issuer and year; the
    index assigns it."""

    report: str
    no: int | None
    task: str
    departments: list[str]
    progress: str
    roles: dict[str, list[str]] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)
    section: str | None = None
    passage: int | None = None  # k of a prose passage (then no is None)
    label: str | None = None  # the number as printed when it differs from no (restarted sections)
    title: str = ""
    year: int | None = None
    period: str | None = None
    task_key: str | None = None
    issuer: str | None = None  # whose 《政府工作报告》: 区, 市, 县, 省, 国务院

    @property
    def id(self) -> str:
        return f"{self.report}#{self.no}" if self.no is not None else f"{self.report}#p{self.passage}"

    @property
    def kind(self) -> str:
        """``item`` (a numbered task) or ``passage`` (prose)."""
        return "passage" if self.no is None else "item"

    @property
    def lead_departments(self) -> list[str]:
        """Departments in a 牵头 role (市级牵头单位, 区级牵头单位…), in order."""
        return [name for role, names in self.roles.items() if "牵头" in role for name in names]

    def to_record(self) -> dict:
        """The JSON form: the contract's fields first, then the additions."""
        return {
            "id": self.id,
            "report": self.report,
            "no": self.no,
            "title": self.title,
            "year": self.year,
            "period": self.period,
            "departments": self.departments,
            "task": self.task,
            "progress": self.progress,
            "roles": self.roles,
            "lead_departments": self.lead_departments,
            "segments": [{"department": s.department, "text": s.text} for s in self.segments],
            "section": self.section,
            "passage": self.passage,
            "label": self.label,
            "task_key": self.task_key,
            "kind": self.kind,
            "issuer": self.issuer,
        }

    @classmethod
    def from_record(cls, record: dict) -> Item:
        """An item from its JSON form (derived fields such as ``id`` are ignored)."""
        return cls(
            report=record["report"],
            no=record["no"],
            task=record["task"],
            departments=record["departments"],
            progress=record["progress"],
            roles=record.get("roles") or {},
            segments=[Segment(s["department"], s["text"]) for s in record.get("segments") or []],
            section=record.get("section"),
            passage=record.get("passage"),
            label=record.get("label"),
            title=record.get("title") or "",
            year=record.get("year"),
            period=record.get("period"),
            task_key=record.get("task_key"),
            issuer=record.get("issuer"),
        )


@dataclass
class Report:
    """A parsed report: its id (the file stem), header fields, title, year, period and items."""

    id: str
    title: str
    year: int | None
    period: str | None
    header: dict[str, str]
    items: list[Item]
    dropped_lines: list[str] = field(default_factory=list)
    kind: str = "items"  # "items" (numbered tasks) or "prose" (passages)
    issuer: str | None = None
    # Where year, period and issuer came from: title, section, header, filename, given, or none.
    found: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
