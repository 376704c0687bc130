"""Year and period of a report from its title (``2021年…1-3月份完成情况`` → 2021, ``1-3月``)."""

from __future__ import annotations

import re

_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD_RE = re.compile(r"(\d{1,2})\s*[-—–~至到]\s*(\d{1,2})\s*月")


def parse_year_period(title: str) -> tuple[int | None, str | None]:
    """Year and period from a title: ``2021年…1-3月份完成情况`` → ``(2021, "1-3月")``."""
    year_match = _YEAR_RE.search(title)
    year = int(year_match.group(1)) if year_match else None
    period_match = _PERIOD_RE.search(title)
    if period_match:
        period = f"{int(period_match.group(1))}-{int(period_match.group(2))}月"
    elif re.search(r"全年|年度", title):
        period = "全年"
    else:
        period = None
    return year, period
