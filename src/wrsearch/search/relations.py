"""Items in relation to one item: the same task over time, similar tasks elsewhere, related
items of other departments, and the department–item graph built from them."""

from __future__ import annotations

import re

import numpy as np

from wrsearch.errors import NotFound
from wrsearch.index.lexical import boilerplate
from wrsearch.ingest.periods import period_rank
from wrsearch.schema import ItemOut, Neighbours, Timeline, TimelineEntry, status_fields
from wrsearch.search.fusion import Scored
from wrsearch.search.highlight import term_pattern
from wrsearch.search.searcher import Searcher
from wrsearch.text import fold
from wrsearch.validate import check_k

# A figure with its unit: 58.3亿元, 48.6%, 27个.
_FIGURE_RE = re.compile(
    r"\d[\d,.]*\s*(?:%|％|[万亿千百]?(?:元|个|项|户|人|套|处|公里|米|平方米|亩|家|所|条|座|张|次|件|吨|万方))"
)


# related: the task's meaning counts this much against the whole item's (chosen on the dev
# related pairs, see README "Quality"; a bonus for shared topic words lost a shared-dev pair).
TASK_SHARE = 0.25


class Relations:
    """Timeline, similar and related items of one item, over a :class:`Searcher`'s items."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.items = searcher.items

    def position(self, item_id: str) -> int:
        """Position of an item by id (``report#no``); :class:`NotFound` if unknown."""
        position = self.searcher.by_id.get(item_id.strip())
        if position is None:
            raise NotFound(f"索引中没有事项 '{item_id[:60]}'(编号形如 'wuchang-2021-q1#18')")
        return position

    def item_similarity(self, position: int) -> np.ndarray:
        """Best chunk similarity of every item to the item at ``position`` as a whole."""
        retriever = self.searcher.retriever
        return retriever.dense_similarity(retriever.item_vectors()[position], exhaustive=True)

    def counterparts(self, position: int, similarity: np.ndarray) -> set[int]:
        """The item's task in other years: per report of the same publisher and issuer in
        another year, its most similar numbered item, if that is a clear match."""
        item = self.items[position]
        if not item.task_key or item.no is None:
            return set()
        publisher = item.task_key.rsplit("-", 2)[0]
        best: dict[str, int] = {}
        for i, other in enumerate(self.items):
            if (
                other.no is None
                or other.year == item.year
                or other.issuer != item.issuer
                or not other.task_key
                or other.task_key.rsplit("-", 2)[0] != publisher
            ):
                continue
            if other.report not in best or similarity[i] > similarity[best[other.report]]:
                best[other.report] = i
        return {i for i in best.values() if similarity[i] >= self.searcher.calibration.high}

    def timeline(self, item_id: str) -> Timeline:
        """The item's task in every report of its issuer and year, oldest period first, each
        period with its status and how that changed (``1-3月 滞后 → 1-6月 正常推进``)."""
        position = self.position(item_id)
        item = self.items[position]
        statuses = self.searcher.statuses
        same = [n for n, i in enumerate(self.items) if item.task_key and i.task_key == item.task_key] or [position]
        same.sort(key=lambda n: (self.items[n].year or 0, period_rank(self.items[n].period), self.items[n].report))
        entries, before, previous = [], None, None
        for n in same:
            other, status = self.items[n], statuses.of(n)
            figures = list(dict.fromkeys(_FIGURE_RE.findall(other.progress)))
            new = [f for f in figures if before is not None and f not in before]
            change = None
            if previous is not None and status is not None and previous[1].status != status.status:
                change = f"{previous[0]} {previous[1].status.value} → {other.period or '本期'} {status.status.value}"
            entries.append(
                TimelineEntry(**other.to_record(), **status_fields(status), new_figures=new, status_change=change)
            )
            before = set(figures)
            previous = (other.period or "上期", status) if status is not None else previous
        return Timeline(item=ItemOut.of(item, statuses.of(position)), timeline=entries)

    def similar(self, item_id: str, k: int = 10) -> Neighbours:
        """Items and passages of other reports most like this one: the same task in other
        periods first, then its counterpart in other years of the same publisher and issuer
        (the previous year first: ``counterpart``), then the rest by similarity."""
        check_k(k)
        position = self.position(item_id)
        item = self.items[position]
        similarity = self.item_similarity(position)
        counterparts = self.counterparts(position, similarity)
        ranked = []
        for i, other in enumerate(self.items):
            if other.report == item.report or similarity[i] <= -1:
                continue
            same = bool(item.task_key) and other.task_key == item.task_key
            year_gap = abs((item.year or 0) - (other.year or 0)) if i in counterparts else 99
            ranked.append((same, year_gap, float(similarity[i]), i))
        ranked.sort(key=lambda r: (not r[0], r[1], -r[2]))
        pattern = term_pattern(self.salient_terms(position))
        hits = []
        for same, year_gap, score, i in ranked[:k]:
            hit = self.searcher.hit(Scored(i, score, score, 0.0), pattern)
            hits.append(hit.model_copy(update={"same_task": same, "counterpart": year_gap < 99}))
        return Neighbours(item=ItemOut.of(item, self.searcher.statuses.of(position)), hits=hits)

    def related(self, item_id: str, k: int = 10) -> Neighbours:
        """Items of the same report that other departments own, by topic, with shared words.

        "Other departments": the candidate names at least one department that the item
        does not (so 蓝天保卫战 of four departments can relate to 环保督察 of one of them)."""
        check_k(k)
        position = self.position(item_id)
        item = self.items[position]
        own = set(item.departments)
        retriever = self.searcher.retriever
        tasks = retriever.task_vectors()
        # What the work is (the task's meaning) and what the item says overall; the reason
        # shown is the topic words both use — never boiler-plate such as 推进, 落实, 数据.
        similarity = TASK_SHARE * (tasks @ tasks[position]) + (1 - TASK_SHARE) * self.item_similarity(position)
        terms = self.salient_terms(position)
        candidates = [
            i
            for i, other in enumerate(self.items)
            if i != position
            and other.report == item.report
            and other.no is not None
            and not set(other.departments) <= own
            and not (item.task_key and other.task_key == item.task_key)
        ]
        candidates.sort(key=lambda i: -similarity[i])
        pattern = term_pattern(terms)
        hits = []
        for i in candidates[:k]:
            shared = self.shared_terms(terms, i)
            hit = self.searcher.hit(Scored(i, float(similarity[i]), float(similarity[i]), 0.0), pattern)
            reason = f"共同词: {'、'.join(shared)}" if shared else "内容相近"
            hits.append(hit.model_copy(update={"shared_terms": shared, "reason": reason}))
        return Neighbours(item=ItemOut.of(item, self.searcher.statuses.of(position)), hits=hits)

    def salient_terms(self, position: int, limit: int = 40) -> list[str]:
        """The item's rarest words of two or more characters, no figures (rarity over all items)."""
        item = self.items[position]
        tokens = list(dict.fromkeys(self.searcher.tokenizer.words(f"{item.task} {item.progress}")))
        n = len(self.items)
        scored = [
            (self.searcher.document_frequency(t), t) for t in tokens if len(t) >= 2 and not any(c.isdigit() for c in t)
        ]
        # Shared with a few, not with many; boiler-plate never (it says work is done, not what).
        scored = [(df, t) for df, t in scored if 1 < df <= max(2, n // 8) and t not in boilerplate()]
        return [t for _, t in sorted(scored)[:limit]]

    def shared_terms(self, terms: list[str], position: int, limit: int = 4) -> list[str]:
        text = self.searcher.folded_texts[position]
        return [t for t in terms if fold(t).lower() in text][:limit]
