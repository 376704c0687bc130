"""The backend seam: what search needs from an index, behind one protocol.

A :class:`Retriever` scores every item of one index generation, by words (BM25) and by
meaning (best chunk cosine), and gives each item's overall vector for relations. Search,
answers and relations use only this protocol and the items, so another backend (Milvus,
say) is one module implementing it. :class:`LocalRetriever` is today's: bm25s arrays and a
FAISS index on local disk; :func:`open_retriever` picks the one a generation's manifest names
(``milvus``: :class:`~wrsearch.search.milvus_retriever.MilvusRetriever`).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from wrsearch.index.loaded import LoadedIndex
from wrsearch.search.fusion import pool_max

# Nearest chunks scored by meaning; items without one among them count as unrelated (-1).
DENSE_CANDIDATES = 20_000


class Retriever(Protocol):
    """Per-item scores over one index generation; positions are indexes into its items."""

    def lexical_scores(self, tokens: list[str], weights: dict[str, float] | None = None) -> np.ndarray:
        """BM25 score of every item for these tokens, each weighted (default 1; 0 where none occurs)."""
        ...

    def items_with(self, token: str) -> np.ndarray:
        """Positions of the items whose text holds ``token``."""
        ...

    def document_frequency(self, token: str) -> int:
        """How many items hold ``token``."""
        ...

    def dense_similarity(self, vector: np.ndarray, exhaustive: bool = False) -> np.ndarray:
        """Best chunk cosine similarity per item to a query vector; -1 for items with no
        chunk among the nearest candidates (``exhaustive``: score every chunk)."""
        ...

    def dense_similarity_of(self, vector: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Best chunk cosine similarity to a query vector of the items at ``positions`` (in
        that order; -1 for an item without chunks), scoring only their chunks."""
        ...

    def item_vectors(self) -> np.ndarray:
        """Each item's mean chunk vector, L2-normalised: what the item is about as a whole."""
        ...

    def task_vectors(self) -> np.ndarray:
        """Each item's task chunk vector (its first chunk): what the work is."""
        ...


class LocalRetriever:
    """:class:`Retriever` over a generation on local disk (bm25s arrays, FAISS)."""

    def __init__(self, index: LoadedIndex) -> None:
        self.index = index
        self.n_items = len(index.items)

    def lexical_scores(self, tokens: list[str], weights: dict[str, float] | None = None) -> np.ndarray:
        return self.index.bm25.scores(tokens, weights)

    def items_with(self, token: str) -> np.ndarray:
        return self.index.bm25.documents_with(token)

    def document_frequency(self, token: str) -> int:
        return self.index.bm25.document_frequency(token)

    def substring_frequency(self, text: str) -> int:
        """How many items hold ``text`` within a token (optional: ``Searcher.document_frequency``
        falls back to :meth:`document_frequency` for a backend without it)."""
        return self.index.bm25.substring_frequency(text)

    def dense_similarity(self, vector: np.ndarray, exhaustive: bool = False) -> np.ndarray:
        if exhaustive:
            scores = np.asarray(self.index.vectors, dtype=np.float32) @ vector.reshape(-1)
            return pool_max(scores, self.index.chunk_item, self.n_items)
        query = vector.reshape(1, -1).astype(np.float32)
        n_chunks = self.index.faiss_index.ntotal
        scores, ids = self.index.faiss_index.search(query, min(n_chunks, DENSE_CANDIDATES))
        valid = ids[0] >= 0
        return pool_max(scores[0][valid], self.index.chunk_item[ids[0][valid]], self.n_items)

    def dense_similarity_of(self, vector: np.ndarray, positions: np.ndarray) -> np.ndarray:
        positions = np.asarray(positions, dtype=np.int64)
        if not len(positions):
            return np.zeros(0, dtype=np.float32)
        # Chunks are stored item by item: the items' chunks are one run of rows per item.
        chunk_item = self.index.chunk_item
        low, high = np.searchsorted(chunk_item, [positions.min(), positions.max() + 1])
        rows = np.arange(low, high)
        rows = rows[np.isin(chunk_item[low:high], positions)]
        scores = np.asarray(self.index.vectors[rows], dtype=np.float32) @ vector.reshape(-1)
        first = int(positions.min())
        pooled = pool_max(scores, chunk_item[rows] - first, int(positions.max()) - first + 1)
        return pooled[positions - first]

    def item_vectors(self) -> np.ndarray:
        # Computed at build time (index/store.py) and memory-mapped: rows are read when used.
        return self.index.item_vectors

    def task_vectors(self) -> np.ndarray:
        return self.index.task_vectors


def open_retriever(index: LoadedIndex) -> Retriever:
    """The retriever of the backend the generation was built for (``backend`` in its manifest)."""
    if index.manifest.get("backend", "local") == "milvus":
        from wrsearch.search.milvus_retriever import MilvusRetriever

        return MilvusRetriever(index)
    return LocalRetriever(index)
