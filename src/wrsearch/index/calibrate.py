"""Calibrate an embedder's cosine scale on the corpus itself, at index time.

Cosine similarities mean different things for different models (e5 puts unrelated text at
0.85, other models at 0.2). The index measures the scale with pseudo-queries: the first
clause of each task, embedded as a query, against every item. Its own item gives the
"clear match" level, the others the "unrelated" level. How often the own item comes first
says how far the dense side can be trusted at all (a random model scores ~1/N).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import numpy as np

MAX_PSEUDO_QUERIES = 200
UNRELATED_PERCENTILE = 85  # floor: 85 % of unrelated item scores lie below it
_CLAUSE_RE = re.compile(r"[,，。;；:：]")


@dataclass(frozen=True)
class Calibration:
    """``floor``: below it an item is unrelated; ``high``: a clear match; ``self_top1``:
    share of pseudo-queries whose own item ranks first."""

    floor: float
    high: float
    self_top1: float

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def dense_trust(self) -> float:
        """1.0 for a model that finds half of the pseudo-queries' items first, less below that."""
        return float(min(1.0, self.self_top1 / 0.5))


def task_as_query(task: str, max_chars: int = 20) -> str:
    return _CLAUSE_RE.split(task, maxsplit=1)[0][:max_chars]


def tuning_queries(tasks: list[str], query_embed, n: int = MAX_PSEUDO_QUERIES) -> np.ndarray:
    """Query embeddings of pseudo-questions (first clauses of tasks) to tune an ANN index with."""
    rng = np.random.default_rng(1)
    sample = rng.choice(len(tasks), size=min(len(tasks), n), replace=False)
    return np.stack([query_embed(task_as_query(tasks[i])) for i in sample]).astype(np.float32)


def calibrate(tasks: list[str], chunk_vectors: np.ndarray, chunk_item: np.ndarray, query_embed) -> Calibration:
    """Measure the cosine scale; ``query_embed(text)`` embeds one query."""
    n_items = len(tasks)
    if n_items < 3 or chunk_vectors.shape[0] == 0:
        return Calibration(floor=0.0, high=1.0, self_top1=0.0)
    rng = np.random.default_rng(0)
    sample = rng.choice(n_items, size=min(n_items, MAX_PSEUDO_QUERIES), replace=False)
    own, unrelated, firsts = [], [], 0
    for item in sample:
        scores = chunk_vectors @ query_embed(task_as_query(tasks[item]))
        pooled = np.full(n_items, -np.inf, dtype=np.float32)
        np.maximum.at(pooled, chunk_item, scores)
        own.append(pooled[item])
        others = np.delete(pooled, item)
        unrelated.extend(others[np.isfinite(others)])
        firsts += int(pooled[item] >= others.max())
    floor = float(np.percentile(unrelated, UNRELATED_PERCENTILE))
    high = max(float(np.median(own)), floor + 1e-3)
    return Calibration(round(floor, 4), round(high, 4), round(firsts / len(sample), 4))
