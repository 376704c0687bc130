"""The typical staff query, for the dense side's hubness correction (issue 14, round 16t).

Some items are close to almost every query by meaning — a short task full of figures, a
generic enforcement or complaints-hotline item — and come up as the second or third hit of
queries they have nothing to do with (银滩区 item 12 断头路 intruded on 17 dev queries, 玉泉区
item 57 12315投诉举报 on 16). How close an item is to a *typical* query says how much of its
closeness to this one is its own: :func:`typical_query` is the mean query vector of staff's
everyday words (the left sides of ``data/synonyms.txt``: 修路, 看病贵, 下水道…), and
``Searcher.typicality`` each item's similarity to it, which the ranking subtracts
(``searcher.TYPICAL_QUERY_WEIGHT``). The vector depends only on the embedder and the word list,
so it is computed once per machine (about 3 s: 271 words) and kept in the cache folder.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np

from wrsearch.index.embed import Embedder
from wrsearch.index.jieba_cache import cache_dir
from wrsearch.search.query import synonyms


def everyday_queries() -> list[str]:
    """Staff's everyday words: every left side of the synonym list, once each, in order."""
    return sorted({word for left, _ in synonyms() for word in left})


def cache_path(embedder_name: str, words: list[str]) -> Path:
    digest = hashlib.sha1("\n".join([embedder_name, *words]).encode("utf-8")).hexdigest()[:16]
    return cache_dir() / f"typical-query-{digest}.npy"


def typical_query(embedder: Embedder) -> np.ndarray:
    """The mean of ``embedder``'s query vectors of :func:`everyday_queries` (not normalised), read
    from the cache folder when computed before; a cache that cannot be read or written only
    costs the time."""
    words = everyday_queries()
    path = cache_path(embedder.name, words)
    try:
        vector = np.load(path)
        if vector.shape == (embedder.dim,):
            return vector.astype(np.float32)
    except (OSError, ValueError):
        pass
    vector = np.mean([np.asarray(embedder.query(w), dtype=np.float32).reshape(-1) for w in words], axis=0)
    vector = vector.astype(np.float32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npy", delete=False) as handle:
            np.save(handle, vector)
        os.replace(handle.name, path)
    except OSError:
        pass
    return vector
