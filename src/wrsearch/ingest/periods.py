"""Time and issuer of a report: which year, which cumulative period, whose 《政府工作报告》.

Periods are cumulative spans with one canonical value each (what the index stores and
filters compare), a Chinese label and a sort order by the months they cover:

| canonical | label | also written |
|---|---|---|
| ``1-3月`` | 一季度 | 第一季度, 1—3月, 1至3月, 一至三月, 1-3月份 |
| ``1-6月`` | 上半年 | 半年, 1-6月, 1至6月, 一至六月 |
| ``1-9月`` | 前三季度 | 三季度, 1-9月, 一至九月 |
| ``全年`` | 全年 | 年度 (not after a year: ``2021年度`` is the year), 1-12月, 年终 |
| ``1-N月`` | 1-N月 | any other span from January |

The year comes from the title (``2021年…``, ``2021《…》``, ``2021年度…``), else the header
(索引号 ``737546075/2021-52546``; 公开日期, where a 全年 report published in January or
February belongs to the year before), else the file name. The issuer is the level whose
report the progress is about — 区, 市, 县, 省 or 国务院 — from ``区《政府工作报告》``,
``《市政府工作报告》`` and the like, in the title or a section heading.
"""

from __future__ import annotations

import re

CANONICAL = ("1-3月", "1-6月", "1-9月", "全年")
LABELS = {"1-3月": "一季度", "1-6月": "上半年", "1-9月": "前三季度", "全年": "全年"}
ISSUERS = ("区", "市", "县", "省", "国务院")

_CN = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_MONTH = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_SPAN_RE = re.compile(rf"(?<![\d.])(?:1|一)\s*(?:[-—–~～]|至|到)\s*{_MONTH}\s*月")
# Period words in the order they must be tried: the longer (前三季度) before the shorter (三季度).
_WORDS = (
    ("前三季度", "1-9月"),
    ("第三季度", "1-9月"),
    ("三季度", "1-9月"),
    ("上半年", "1-6月"),
    ("半年", "1-6月"),
    ("第一季度", "1-3月"),
    ("一季度", "1-3月"),
    ("首季", "1-3月"),
    ("全年", "全年"),
    ("年终", "全年"),
    ("年底", "全年"),
)
_WORD_RE = re.compile("|".join(word for word, _ in _WORDS))
_WORD_PERIOD = dict(_WORDS)
# 年度 is 全年 only where it does not belong to a year: "2021年度…" names the year.
_ANNUAL_RE = re.compile(r"(?<!\d)(?<!\d\s)(?<!年)年度")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)\s*(?=年|《|届|[-_—]|区|市|县|省|$)")
_INDEX_NO_RE = re.compile(r"/\s*((?:19|20)\d{2})\s*-")
_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})")
_FILE_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_ISSUER_RE = re.compile(
    r"(国务院)|(区|市|县|省)\s*《\s*政府工作报告|《\s*(区|市|县|省)\s*政府工作报告|(区|市|县|省)政府工作报告"
)


def _month(text: str) -> int:
    return int(text) if text.isdigit() else _CN[text]


def _span(months: int) -> str | None:
    if not 1 <= months <= 12:
        return None
    return "全年" if months == 12 else f"1-{months}月"


def canonical_period(value: str | None) -> str | None:
    """The canonical period a value names as a whole (``上半年``, ``1至6月``, ``1-6月份`` → ``1-6月``),
    or None if it names none."""
    text = re.sub(r"\s+|份", "", value or "")
    if not text:
        return None
    if text in CANONICAL:
        return text
    if text in _WORD_PERIOD:
        return _WORD_PERIOD[text]
    if text in ("年度", "1-12月", "全年度"):
        return "全年"
    match = _SPAN_RE.fullmatch(text)
    return _span(_month(match.group(1))) if match else None


def find_periods(text: str) -> list[str]:
    """Every period named in ``text``, in order, each once (``一季度和上半年`` → ``[1-3月, 1-6月]``)."""
    found: list[tuple[int, str]] = []
    taken: list[range] = []
    for match in _SPAN_RE.finditer(text):
        period = _span(_month(match.group(1)))
        if period:
            found.append((match.start(), period))
            taken.append(range(match.start(), match.end()))
    for match in _WORD_RE.finditer(text):
        if not any(match.start() in span for span in taken):
            found.append((match.start(), _WORD_PERIOD[match.group(0)]))
    if not found:
        found += [(match.start(), "全年") for match in _ANNUAL_RE.finditer(text)]
    periods: list[str] = []
    for _, period in sorted(found):
        if period not in periods:
            periods.append(period)
    return periods


def find_period(title: str) -> str | None:
    """The period a title names: the first span (``1-3月份``, ``上半年``, ``前三季度``…), 全年 only
    when nothing narrower is named."""
    periods = find_periods(title)
    narrower = [p for p in periods if p != "全年"]
    return narrower[0] if narrower else (periods[0] if periods else None)


def find_years(text: str) -> list[int]:
    """Four-digit years named in ``text`` (``2021年``, ``2021《``), in order, each once."""
    years: list[int] = []
    for match in _YEAR_RE.finditer(text):
        year = int(match.group(1))
        if year not in years:
            years.append(year)
    return years


def find_year(title: str) -> int | None:
    years = find_years(title)
    return years[0] if years else None


def year_from_header(header: dict[str, str], period: str | None) -> int | None:
    """The year from 索引号 (``…/2021-52546``) or 公开日期; a 全年 report published in
    January or February reports on the year before."""
    match = _INDEX_NO_RE.search(header.get("索引号", ""))
    if match:
        return int(match.group(1))
    match = _DATE_RE.search(header.get("公开日期", ""))
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        return year - 1 if period == "全年" and month <= 2 else year
    return None


def year_from_name(name: str) -> int | None:
    match = _FILE_YEAR_RE.search(name)
    return int(match.group(1)) if match else None


def find_issuer(text: str | None) -> str | None:
    """Whose report: 区, 市, 县, 省 or 国务院 (``区《政府工作报告》``, ``《市政府工作报告》``), or None."""
    match = _ISSUER_RE.search(text or "")
    if not match:
        return None
    return next(group for group in match.groups() if group)


def period_rank(period: str | None) -> int:
    """Months covered: 1-3月 → 3, 1-6月 → 6, 全年 or none → 12."""
    if not period or period == "全年":
        return 12
    match = re.search(r"(\d+)\s*月$", period)
    return int(match.group(1)) if match else 12


def period_label(period: str | None) -> str:
    """一季度, 上半年, 前三季度, 全年, or the span itself (``1-4月``)."""
    return LABELS.get(period or "全年", period or "全年")


def period_aliases() -> str:
    """The accepted period values, for error messages."""
    return "、".join(f"{p}({LABELS[p]})" for p in CANONICAL) + "、1-N月"


def parse_year_period(title: str) -> tuple[int | None, str | None]:
    """Year and period a title names: ``2021年…1-3月份完成情况`` → ``(2021, "1-3月")``."""
    return find_year(title), find_period(title)
