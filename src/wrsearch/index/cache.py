"""What index changes keep between generations, so that a change embeds and segments only
new text: embeddings (:class:`VectorCache`) and dictionary words (:class:`WordCache`).

The live generation's own vectors serve every chunk that is still in the corpus. What it
does not hold is kept beside the generations, in ``index/cache/<embedder>.npz``:

- chunks of reports that were removed or replaced (re-adding one embeds nothing), bounded
  to the :data:`SPARE_CHUNKS` most recently dropped;
- query vectors of the pseudo-questions that calibrate the cosine scale and tune an ANN
  index: ~70–200 queries that each change would otherwise embed again (most of the time
  of adding a report to the seed index: 8 s of 12 s on a busy machine).

:class:`WordCache` keeps, per text, the words of jieba's full dictionary found in it (the
corpus dictionary is made of them): loading that dictionary alone takes ~1.5 s, and
segmenting every text with it again is half of re-indexing a large corpus.

Files are written under the writer lock, to a temporary name and then renamed, so a
crash leaves the old cache or the new one; an unreadable cache only costs embedding again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from wrsearch.index.embed import Embedder

CACHE_DIR = "cache"
SPARE_CHUNKS = 20_000  # dropped chunks kept; 20k × 384 float32 ≈ 30 MB
SPARE_QUERIES = 2_000  # query vectors not used by the last change, kept for the next ones
SPARE_TEXTS = 20_000  # word lists of texts no longer indexed
WORDS_FILE = "words.json"
QUERY_PREFIX = "query:"


def query_key(text: str) -> str:
    return QUERY_PREFIX + hashlib.sha1(text.encode("utf-8")).hexdigest()


def cache_file(index_dir: Path, embedder_name: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", embedder_name)[:80]
    digest = hashlib.sha1(embedder_name.encode("utf-8")).hexdigest()[:8]
    return index_dir / CACHE_DIR / f"{slug}-{digest}.npz"


class VectorCache:
    """Vectors by key for one embedder: the live generation's chunks plus the spare file.

    :meth:`embedder` wraps an embedder so that its query vectors come from and go to the
    cache; :meth:`save` keeps what the new generation does not hold."""

    def __init__(self, index_dir: Path, embedder_name: str, live: dict[str, np.ndarray]) -> None:
        self.path = cache_file(index_dir, embedder_name)
        self.vectors: dict[str, np.ndarray] = {}
        self.used_queries: set[str] = set()
        try:
            with np.load(self.path, allow_pickle=False) as stored:
                keys = json.loads(str(stored["keys"]))
                self.vectors.update(zip(keys, stored["vectors"]))
        except (OSError, ValueError, KeyError):
            pass  # no cache yet, or a damaged one: embed again
        self.vectors.update(live)  # the live generation is the newest word on its chunks

    def __contains__(self, key: str) -> bool:
        return key in self.vectors

    def __getitem__(self, key: str) -> np.ndarray:
        return self.vectors[key]

    def embedder(self, embedder: Embedder) -> Embedder:
        return _CachingEmbedder(embedder, self)

    def save(self, kept_by_generation: Iterable[str]) -> None:
        """Write the query vectors this change used (and up to :data:`SPARE_QUERIES` others),
        and the most recent :data:`SPARE_CHUNKS` chunk vectors that the new generation
        (holding ``kept_by_generation``) does not hold."""
        kept = set(kept_by_generation)
        older = [k for k in self.vectors if k.startswith(QUERY_PREFIX) and k not in self.used_queries]
        queries = older[-SPARE_QUERIES:] + [k for k in self.vectors if k in self.used_queries]
        # Insertion order: file entries first, then the old live generation's; keep the newest.
        spare = [k for k in self.vectors if k not in kept and not k.startswith(QUERY_PREFIX)][-SPARE_CHUNKS:]
        keys = queries + spare
        if not keys:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp.npz")
        vectors = np.stack([np.asarray(self.vectors[k], dtype=np.float32) for k in keys])
        np.savez(tmp, keys=np.array(json.dumps(keys)), vectors=vectors)
        os.replace(tmp, self.path)


class _CachingEmbedder:
    """An embedder whose query vectors are looked up in (and added to) a :class:`VectorCache`."""

    def __init__(self, inner: Embedder, cache: VectorCache) -> None:
        self.inner, self.cache, self.name, self.dim = inner, cache, inner.name, inner.dim

    def query(self, text: str) -> np.ndarray:
        key = query_key(text)
        self.cache.used_queries.add(key)
        if key not in self.cache.vectors:
            self.cache.vectors[key] = np.asarray(self.inner.query(text), dtype=np.float32)
        return self.cache.vectors[key]

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.passages(texts)


class WordCache:
    """Dictionary words found in each text (a dict by :func:`wrsearch.index.lexical.words_key`),
    read from and written to ``index/cache/words.json``."""

    def __init__(self, index_dir: Path) -> None:
        self.path = index_dir / CACHE_DIR / WORDS_FILE
        self.words = _UseRecording()
        try:
            loaded = json.loads(self.path.read_text("utf-8"))
            if isinstance(loaded, dict):
                self.words.update((k, v) for k, v in loaded.items() if isinstance(v, dict))
        except (OSError, ValueError):
            pass

    def save(self) -> None:
        """Keep the entries this build looked up or added, and up to :data:`SPARE_TEXTS` others."""
        used = [k for k in self.words.used if k in self.words]
        chosen = set(used)
        spare = [k for k in self.words if k not in chosen][-SPARE_TEXTS:]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({k: self.words[k] for k in spare + used}, ensure_ascii=False), "utf-8")
        os.replace(tmp, self.path)


class _UseRecording(dict):
    """A dict that remembers which keys were looked up (``get``) or set."""

    def __init__(self) -> None:
        super().__init__()
        self.used: dict[str, None] = {}

    def get(self, key, default=None):
        self.used[key] = None
        return super().get(key, default)

    def __setitem__(self, key, value) -> None:
        self.used[key] = None
        super().__setitem__(key, value)
