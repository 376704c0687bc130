"""Task identity across reports: the same task in the 1-3月, 1-6月, 1-9月 and 全年 reports.

Two items of the same publisher, issuer level and year are one task when their task texts
are equal after folding punctuation and whitespace, or nearly equal (character-bigram
Jaccard ≥ 0.8, for an edited word or two), whatever their numbers. The publisher is the
report id before its year (``wuchang`` of ``wuchang-2021-q1``), else the header's 发布机构;
the level is the item's issuer (区 or 市…): the city's 社会消费品零售总额增长15% is never the
district's 增长10%, however alike the words.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from difflib import SequenceMatcher

from wrsearch.ingest.periods import period_rank
from wrsearch.models import Report
from wrsearch.text import fold

NEAR_EQUAL = 0.8
SAME_FIGURES_RATIO = 0.75
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_ISSUER_RE = re.compile(r"^(.*?)[-_]*(?:19|20)\d{2}")


def publisher(report: Report) -> str:
    """Who publishes the report: its id before the year, else 发布机构, else the id."""
    match = _ISSUER_RE.match(report.id)
    return (match.group(1) if match and match.group(1) else None) or report.header.get("发布机构") or report.id


def normalise(task: str) -> str:
    """Task text without punctuation, spaces or width differences."""
    return re.sub(r"[\W_]+", "", fold(task)).lower()


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def near_equal(text: str, grams: set[str], other: str, other_grams: set[str]) -> bool:
    """Nearly the same task: bigram Jaccard ≥ 0.8 (a character or two edited), or the same
    figures and a character match ratio ≥ 0.75 (a word replaced: 改造提升 → 提档升级)."""
    jaccard = len(grams & other_grams) / len(grams | other_grams)
    if jaccard >= NEAR_EQUAL:
        return True
    if jaccard < 0.4 or _NUMBER_RE.findall(text) != _NUMBER_RE.findall(other):
        return False
    return SequenceMatcher(None, text, other, autojunk=False).ratio() >= SAME_FIGURES_RATIO


def assign_task_keys(reports: list[Report]) -> dict[str, str]:
    """``{item id: task key}`` for every numbered item (passages get none)."""
    keys: dict[str, str] = {}
    groups: dict[tuple[str, str | None, int | None], list] = defaultdict(list)
    for report in reports:
        if report.kind == "items":
            for item in report.items:
                groups[(publisher(report), item.issuer, report.year)].append(item)
    for (who, level, year), members in groups.items():
        seen: list[tuple[str, set[str], str, str]] = []  # (normalised, bigrams, key, report id)
        exact: dict[str, str] = {}
        for item in sorted(members, key=lambda i: period_rank(i.period)):
            text = normalise(item.task)
            key = exact.get(text)
            if key is None:
                grams = bigrams(text)
                for other_text, other_grams, other_key, other_report in seen:
                    if other_report != item.report and near_equal(text, grams, other_text, other_grams):
                        key = other_key
                        break
                if key is None:
                    digest = hashlib.sha1(f"{level}|{text}".encode()).hexdigest()[:10]
                    key = f"{who}-{year}-{digest}"
                seen.append((text, grams, key, item.report))
                exact[text] = key
            keys[item.id] = key
    return keys
