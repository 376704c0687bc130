"""Items in relation to one item: the same task over time, similar tasks elsewhere, related
items of other departments, and the department–item graph built from them."""

from __future__ import annotations

from functools import cached_property

import numpy as np

from wrsearch.errors import NotFound
from wrsearch.highlight import term_pattern
from wrsearch.retrieve import Scored, pool_max
from wrsearch.schema import Item, Neighbours, Timeline
from wrsearch.tasks import period_rank
from wrsearch.text import fold
from wrsearch.validate import check_k


class RelationsMixin:
    """Timeline, similar and related for :class:`~wrsearch.engine.Engine` (needs its index, ``_hit``,
    ``_by_id``, ``_chunk_item``, ``document_frequency`` and ``_folded_items``)."""

    def _position(self, item_id: str) -> int:
        position = self._by_id.get(item_id.strip())
        if position is None:
            raise NotFound(f"no item '{item_id}' in the index (ids look like 'wuchang-2021-q1#18')")
        return position

    @cached_property
    def item_centroids(self) -> np.ndarray:
        """Each item's mean chunk vector, normalised: what the item is about as a whole."""
        vectors = np.asarray(self.index.vectors, dtype=np.float32)
        sums = np.zeros((len(self.index.items), vectors.shape[1]), dtype=np.float32)
        np.add.at(sums, self._chunk_item, vectors)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return sums / np.where(norms == 0, 1, norms)

    def item_similarity(self, position: int) -> np.ndarray:
        """Best chunk similarity of every item to the item at ``position`` as a whole."""
        scores = np.asarray(self.index.vectors, dtype=np.float32) @ self.item_centroids[position]
        return pool_max(scores, self._chunk_item, len(self.index.items))

    def timeline(self, item_id: str) -> Timeline:
        """The item's task in every report of its issuer and year, oldest period first."""
        position = self._position(item_id)
        item = self.index.items[position]
        same = [i for i in self.index.items if item["task_key"] and i["task_key"] == item["task_key"]] or [item]
        same.sort(key=lambda i: (i["year"] or 0, period_rank(i["period"]), i["report"]))
        return Timeline(item=Item(**item), timeline=[Item(**i) for i in same])

    def similar(self, item_id: str, k: int = 10) -> Neighbours:
        """Items and passages of other reports most like this one; the same task first."""
        check_k(k)
        position = self._position(item_id)
        item = self.index.items[position]
        similarity = self.item_similarity(position)
        ranked = []
        for i, other in enumerate(self.index.items):
            if other["report"] == item["report"] or similarity[i] <= -1:
                continue
            same = bool(item["task_key"]) and other["task_key"] == item["task_key"]
            ranked.append((same, float(similarity[i]), i))
        ranked.sort(key=lambda r: (not r[0], -r[1]))
        pattern = term_pattern(self.salient_terms(position))
        hits = []
        for same, score, i in ranked[:k]:
            hit = self._hit(Scored(i, score, score, 0.0), pattern)
            hits.append(hit.model_copy(update={"same_task": same}))
        return Neighbours(item=Item(**item), hits=hits)

    def related(self, item_id: str, k: int = 10) -> Neighbours:
        """Items of the same report that other departments own, by topic, with shared words.

        "Other departments": the candidate names at least one department that the item
        does not (so 蓝天保卫战 of four departments can relate to 环保督察 of one of them)."""
        check_k(k)
        position = self._position(item_id)
        item = self.index.items[position]
        own = set(item["departments"])
        similarity = self.item_similarity(position)
        candidates = [
            i
            for i, other in enumerate(self.index.items)
            if i != position
            and other["report"] == item["report"]
            and other["no"] is not None
            and not set(other["departments"]) <= own
            and not (item["task_key"] and other["task_key"] == item["task_key"])
        ]
        candidates.sort(key=lambda i: -similarity[i])
        terms = self.salient_terms(position)
        pattern = term_pattern(terms)
        hits = []
        for i in candidates[:k]:
            shared = self.shared_terms(terms, i)
            hit = self._hit(Scored(i, float(similarity[i]), float(similarity[i]), 0.0), pattern)
            reason = f"共同词: {'、'.join(shared)}" if shared else "内容相近"
            hits.append(hit.model_copy(update={"shared_terms": shared, "reason": reason}))
        return Neighbours(item=Item(**item), hits=hits)

    def salient_terms(self, position: int, limit: int = 40) -> list[str]:
        """The item's rarest words of two or more characters, no figures (rarity over all items)."""
        item = self.index.items[position]
        tokens = list(dict.fromkeys(self.index.tokenizer.words(f"{item['task']} {item['progress']}")))
        n = len(self.index.items)
        scored = [(self.document_frequency(t), t) for t in tokens if len(t) >= 2 and not any(c.isdigit() for c in t)]
        scored = [(df, t) for df, t in scored if 1 < df <= max(2, n // 8)]  # shared with a few, not with many
        return [t for _, t in sorted(scored)[:limit]]

    def shared_terms(self, terms: list[str], position: int, limit: int = 4) -> list[str]:
        text = self._folded_items[position]
        return [t for t in terms if fold(t).lower() in text][:limit]
