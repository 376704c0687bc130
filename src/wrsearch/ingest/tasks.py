"""Task identity across reports: the same task in the 1-3月, 1-6月, 1-9月 and 全年 reports.

Two items of the same issuer and year are one task when their task texts are equal after
folding punctuation and whitespace, or nearly equal (character-bigram Jaccard ≥ 0.8, for
an edited word or two). The issuer is the report id before its year (``wuchang`` of
``wuchang-2021-q1``), else the header's 发布机构.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from wrsearch.models import Report
from wrsearch.text import fold

NEAR_EQUAL = 0.8
_ISSUER_RE = re.compile(r"^(.*?)[-_]*(?:19|20)\d{2}")
_PERIOD_ORDER = {"1-3月": 3, "1-6月": 6, "1-9月": 9, "全年": 12, None: 12}


def issuer(report: Report) -> str:
    match = _ISSUER_RE.match(report.id)
    return (match.group(1) if match and match.group(1) else None) or report.header.get("发布机构") or report.id


def normalise(task: str) -> str:
    """Task text without punctuation, spaces or width differences."""
    return re.sub(r"[\W_]+", "", fold(task)).lower()


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def period_rank(period: str | None) -> int:
    """Months covered: 1-3月 → 3, 1-6月 → 6, 全年 or none → 12 (unknown forms: their end month)."""
    if period in _PERIOD_ORDER:
        return _PERIOD_ORDER[period]
    match = re.search(r"(\d+)\s*月$", period or "")
    return int(match.group(1)) if match else 12


def assign_task_keys(reports: list[Report]) -> dict[str, str]:
    """``{item id: task key}`` for every numbered item (passages get none)."""
    keys: dict[str, str] = {}
    groups: dict[tuple[str, int | None], list[Report]] = defaultdict(list)
    for report in reports:
        if report.kind == "items":
            groups[(issuer(report), report.year)].append(report)
    for (who, year), members in groups.items():
        seen: list[tuple[str, set[str], str, str]] = []  # (normalised, bigrams, key, report id)
        exact: dict[str, str] = {}
        for report in sorted(members, key=lambda r: period_rank(r.period)):
            for item in report.items:
                text = normalise(item.task)
                key = exact.get(text)
                if key is None:
                    grams = bigrams(text)
                    for other_text, other_grams, other_key, other_report in seen:
                        if (
                            other_report != report.id
                            and len(grams & other_grams) / len(grams | other_grams) >= NEAR_EQUAL
                        ):
                            key = other_key
                            break
                    if key is None:
                        key = f"{who}-{year}-{hashlib.sha1(text.encode()).hexdigest()[:10]}"
                    seen.append((text, grams, key, report.id))
                    exact[text] = key
                keys[item.id] = key
    return keys
