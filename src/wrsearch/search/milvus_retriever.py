"""The Milvus backend's read side: :class:`MilvusRetriever`, the :class:`Retriever` over one
generation's collection (written by :mod:`wrsearch.index.milvus`).

Per query it makes at most two Milvus searches, fused by wrsearch's own fusion like the local
backend's scores (not by Milvus's RRF), so that both backends rank alike:

- ``lexical_scores``: one sparse IP search of the query's idf × term weights against the
  items' BM25 document vectors — bm25s's score of every item that holds a query term. The
  hits come back with their sparse vectors, so the items holding each query term
  (``items_with``, the searcher's cover) are read from them without another search;
- ``dense_similarity``: one dense IP search for the nearest chunks, max-pooled per item.

Served locally, without Milvus: document frequencies (``terms.json``, for term weights and
idf), and item and task vectors for relations (mean and first chunk vector of each item) and
the exhaustive similarity of ``similar``/``related``, computed from the generation's
memory-mapped embedding cache ``vectors.npy``, which incremental updates need anyway.

Milvus returns at most ``SEARCH_LIMIT`` (16,384, Milvus's top-k cap) hits a search; the local
backend scores up to 20,000 nearest chunks and every item holding a word. The two backends
therefore agree exactly up to 16,384 chunks (and items per query word); beyond that, items past
the cap count as unscored on the Milvus side, which changes only the tail of long lists.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from wrsearch.errors import IndexUnavailable
from wrsearch.index.loaded import LoadedIndex
from wrsearch.index.milvus import MilvusConfig, TermTable, connect
from wrsearch.search.fusion import pool_max
from wrsearch.search.retriever import DENSE_CANDIDATES, LocalRetriever

SEARCH_LIMIT = 16_384  # Milvus's largest top-k
TERM_CACHE = 4096  # query terms whose items are remembered


class MilvusRetriever:
    """:class:`~wrsearch.search.retriever.Retriever` over a generation's Milvus collection."""

    def __init__(self, index: LoadedIndex) -> None:
        self.index = index
        self.n_items = len(index.items)
        self.n_chunks = len(index.chunk_item)
        info = index.manifest.get("milvus") or {}
        self.config = MilvusConfig.from_manifest(index.manifest)
        self.collection = info.get("collection", "")
        try:
            self.terms = TermTable.load(index.folder)
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise IndexUnavailable(f"{index.folder}:索引无法读取({error});请重建:wrsearch index") from None
        self.client = connect(self.config)
        if not self.client.has_collection(self.collection):
            raise IndexUnavailable(
                f"Milvus {self.config.describe()} 中没有本索引的集合 {self.collection};请重建:wrsearch index"
            )
        self.client.load_collection(self.collection)
        self._local = LocalRetriever(index)  # item and task vectors from the embedding cache
        self._term_items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    # -- words -----------------------------------------------------------------------------
    def document_frequency(self, token: str) -> int:
        return self.terms.document_frequency(token)

    def lexical_scores(self, tokens: list[str], weights: dict[str, float] | None = None) -> np.ndarray:
        result = np.zeros(self.n_items, dtype=np.float32)
        query = self.terms.query_vector(tokens, weights)
        if not query:
            return result
        hits = self._search("sparse", query, min(self.n_items, SEARCH_LIMIT), ["item", "sparse"])
        positions = np.array([hit["entity"]["item"] for hit in hits], dtype=np.int64)
        result[positions] = [hit["distance"] for hit in hits]
        if len(hits) < SEARCH_LIMIT:  # every item holding a query term is here: remember which
            for token in dict.fromkeys(tokens):
                entry = self.terms.terms.get(token)
                if entry is not None and entry[0] in query:  # a term left out (weight 0) was not searched
                    holding = [p for p, hit in zip(positions, hits) if entry[0] in hit["entity"]["sparse"]]
                    self._remember(token, np.array(sorted(holding), dtype=np.int64))
        return result

    def items_with(self, token: str) -> np.ndarray:
        entry = self.terms.terms.get(token)
        if entry is None:
            return np.zeros(0, dtype=np.int64)
        with self._lock:
            known = self._term_items.get(token)
        if known is not None:
            return known
        hits = self._search("sparse", {entry[0]: 1.0}, min(entry[1], SEARCH_LIMIT), ["item"])
        found = np.array(sorted(hit["entity"]["item"] for hit in hits), dtype=np.int64)
        self._remember(token, found)
        return found

    def substring_frequency(self, text: str) -> int:
        """How many items hold ``text`` inside one of their tokens (as the local backend counts
        a word within longer words): the union of the items of every vocabulary term holding it."""
        holding = [term for term in self.terms.terms if text and text in term]
        if len(holding) <= 1:
            return self.terms.document_frequency(holding[0]) if holding else 0
        return int(len(np.unique(np.concatenate([self.items_with(term) for term in holding]))))

    def _remember(self, token: str, positions: np.ndarray) -> None:
        with self._lock:
            self._term_items[token] = positions
            self._term_items.move_to_end(token)
            while len(self._term_items) > TERM_CACHE:
                self._term_items.popitem(last=False)

    # -- meaning ---------------------------------------------------------------------------
    def dense_similarity(self, vector: np.ndarray, exhaustive: bool = False) -> np.ndarray:
        if exhaustive:  # every chunk: from the local embedding cache, exactly as the local backend
            return self._local.dense_similarity(vector, exhaustive=True)
        limit = min(self.n_chunks, DENSE_CANDIDATES, SEARCH_LIMIT)
        # Only the key: with no output fields milvus-lite returns every field, vectors included.
        hits = self._search("dense", np.asarray(vector, dtype=np.float32).reshape(-1).tolist(), limit, ["chunk"])
        chunks = np.array([hit["chunk"] for hit in hits], dtype=np.int64)
        scores = np.array([hit["distance"] for hit in hits], dtype=np.float32)
        return pool_max(scores, self.index.chunk_item[chunks], self.n_items)

    def dense_similarity_of(self, vector: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Best chunk similarity of the items at ``positions``, from the local embedding cache."""
        return self._local.dense_similarity_of(vector, positions)

    def item_vectors(self) -> np.ndarray:
        return self._local.item_vectors()

    def task_vectors(self) -> np.ndarray:
        return self._local.task_vectors()

    # -- Milvus ----------------------------------------------------------------------------
    def _search(self, field: str, query, limit: int, output_fields: list[str]) -> list[dict]:
        try:
            result = self.client.search(
                self.collection,
                data=[query],
                anns_field=field,
                limit=limit,
                output_fields=output_fields,
                search_params={"metric_type": "IP"},
            )
        except Exception as error:  # a server gone away, a dropped collection
            raise IndexUnavailable(f"Milvus {self.config.describe()} 检索失败:{_short(error)}") from None
        return list(result[0])


def _short(error: Exception) -> str:
    text = getattr(error, "message", None) or str(error) or type(error).__name__
    return " ".join(str(text).split())[:200]
