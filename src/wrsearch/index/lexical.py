"""The lexical side: jieba tokens with a corpus user dictionary, and a BM25 index (bm25s).

Documents are cut in jieba's search mode (words plus their sub-words), so ``雨污分流改造``
matches ``雨污分流`` and ``改造``. Every department name and quoted term of the corpus is
added to the dictionary so that ``区水务湖泊局`` or ``口袋公园`` stay whole. Queries
lose their question and filler words (``data/stopwords.txt``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Sequence
from functools import cache, cached_property, lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from wrsearch.models import Item
from wrsearch.text import fold

_QUOTED_TERM_RE = re.compile(r"[“\"《「]([^”\"》」]{2,12})[”\"》」]")
_WORD_RE = re.compile(r"\w")  # a token must hold a letter or digit (drops punctuation)
DICT_FILE = "jieba.dict"
BM25_DIR = "bm25"


@cache
def stopwords() -> frozenset[str]:
    """Question and filler words, from the packaged ``data/stopwords.txt``."""
    text = resources.files("wrsearch").joinpath("data/stopwords.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


@cache
def boilerplate() -> frozenset[str]:
    """Words of government prose that say work is done, not what it is (``data/boilerplate.txt``)."""
    text = resources.files("wrsearch").joinpath("data/boilerplate.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


@lru_cache(maxsize=1)
def _everyday_words() -> tuple[str, ...]:
    """Staff's everyday words of three characters or more: the left sides of ``data/synonyms.txt``
    (停车位, 国高企, 保租房)."""
    text = resources.files("wrsearch").joinpath("data/synonyms.txt").read_text("utf-8")
    words: dict[str, None] = {}
    for line in text.splitlines():
        if line.startswith("#") or "=" not in line:
            continue
        for word in line.split("=", 1)[0].split(","):
            word = fold(word.strip()).lower()
            # (three characters or more: 停车位, 国高企, 保租房 are cut apart without them; a pair
            # such as 修好 is how an act is said, and kept whole it would weigh as a subject word)
            if len(word) >= 3 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
                words.setdefault(word, None)
    return tuple(words)


def everyday_words(frequencies: dict[str, int]) -> dict[str, int]:
    """The everyday words a query tokenizer knows beside the corpus's (those not in it), each
    as frequent as a domain term: the synonym list's left sides and the stop words (an index
    built before a stop word was listed still cuts 完成数比较 as 完成 + 数 + 比较)."""
    return {w: max(2000, 400 * len(w)) for w in (*_everyday_words(), *stopwords()) if w not in frequencies}


def collect_terms(texts: Iterable[str], departments: Iterable[str]) -> list[str]:
    """Domain terms for the user dictionary: department names (with and without their
    区/市 prefix) and short quoted terms such as “口袋公园” or 《政府工作报告》."""
    terms: dict[str, None] = {}
    for name in departments:
        terms.setdefault(name, None)
        if len(name) > 3 and name[0] in "区市":
            terms.setdefault(name[1:], None)
    for text in texts:
        for term in _QUOTED_TERM_RE.findall(text):
            if not re.search(r"[，,。；;：:、\s]", term):
                terms.setdefault(term, None)
    return list(terms)


def terms_digest(terms: Sequence[str]) -> str:
    return hashlib.sha1("\n".join(terms).encode("utf-8")).hexdigest()[:16]


def words_key(text: str, digest: str) -> str:
    """Cache key of a text's dictionary words: the text and the domain terms segmenting it."""
    return hashlib.sha1(f"{digest}\n{text}".encode()).hexdigest()


def _full_dictionary(terms: Sequence[str]):
    """jieba's full dictionary (~1.5 s to load) with the domain terms added."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    full = jieba.Tokenizer()
    full.initialize()
    for term in terms:
        full.add_word(term, freq=max(2000, 400 * len(term)))
    return full


class Tokenizer:
    """jieba search-mode tokenizer over a dictionary of the corpus's own words.

    jieba's full dictionary (350k words) takes ~1.5 s to load; the index keeps only the
    words that occur in its corpus, the domain terms and the stop words, which segment
    the same text the same way and load in a few milliseconds.
    """

    def __init__(self, frequencies: dict[str, int]) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self.frequencies = frequencies
        self._jieba = jieba.Tokenizer()
        # Build jieba's prefix dictionary directly (what Tokenizer.gen_pfdict does from a file).
        prefixes: dict[str, int] = {}
        for word, freq in frequencies.items():
            prefixes[word] = freq
            for end in range(1, len(word)):
                prefixes.setdefault(word[:end], 0)
        self._jieba.FREQ, self._jieba.total = prefixes, max(sum(frequencies.values()), 1)
        self._jieba.initialized = True

    @classmethod
    def for_corpus(
        cls, texts: Sequence[str], terms: Sequence[str] = (), known: dict[str, dict[str, int]] | None = None
    ) -> Tokenizer:
        """The corpus dictionary: jieba's words found in ``texts``, plus ``terms`` and stop words.

        ``known`` (default none) holds the words found in texts segmented before, by
        :func:`words_key`; it is read and filled in, and jieba's full dictionary is loaded
        only if some text is not in it."""
        known = {} if known is None else known
        digest = terms_digest(terms)
        full = None
        frequencies: dict[str, int] = {}
        for text in texts:
            key = words_key(text, digest)
            found = known.get(key)
            if found is None:
                full = full or _full_dictionary(terms)
                found = {t: full.FREQ[t] for t in full.cut_for_search(fold(text).lower()) if full.FREQ.get(t)}
                known[key] = found
            frequencies.update(found)
        stop_key = words_key("\n".join(sorted(stopwords())), digest)
        found = known.get(stop_key)
        if found is None:
            full = full or _full_dictionary(terms)
            found = known[stop_key] = {word: full.FREQ.get(word) or 1000 for word in sorted(stopwords())}
        frequencies.update(found)
        return cls(frequencies)

    def tokens(self, text: str) -> list[str]:
        """All search-mode tokens of ``text``, lower-cased and half-width, punctuation dropped."""
        text = fold(text).lower()
        return [t for t in self._jieba.cut_for_search(text) if _WORD_RE.search(t)]

    def words(self, text: str) -> list[str]:
        """Whole words only (jieba's precise mode, no sub-words), stop words dropped."""
        stop = stopwords()
        text = fold(text).lower()
        return [t for t in self._jieba.cut(text) if _WORD_RE.search(t) and t not in stop]

    def pieces(self, text: str) -> list[str]:
        """Every piece of ``text`` in jieba's precise mode, in order, stop words and punctuation
        kept (so that two pieces next to each other here are next to each other in the text)."""
        return list(self._jieba.cut(fold(text).lower()))

    def inner_pieces(self, word: str) -> list[str]:
        """How ``word`` itself would be cut were it not a word of the dictionary: jieba's best
        route through the corpus dictionary (log frequencies, an unknown character as a word of
        frequency 1) without the edge spanning the whole word. 月湖水务集团 → 月湖 / 水务 / 集团, so a
        query's 湖水 crosses a boundary inside the name while its 水务 is one of its parts."""
        import math

        freq, log_total, n = self._jieba.FREQ, math.log(self._jieba.total), len(word)
        best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
        for start in range(n - 1, -1, -1):
            options = []
            for end in range(start + 1, n + 1):
                if (start, end) == (0, n):
                    continue
                count = freq.get(word[start:end])
                if count or end == start + 1:
                    options.append((math.log(count or 1) - log_total + best[end][0], end))
            best[start] = max(options)
        pieces, start = [], 0
        while start < n:
            end = best[start][1]
            pieces.append(word[start:end])
            start = end
        return pieces

    def query_tokens(self, text: str) -> list[str]:
        """Tokens of a query without question and filler words (order kept, no repeats).

        A query is cut knowing staff's everyday words too (the left sides of
        ``data/synonyms.txt``: 停车位, 国高企), which the corpus dictionary lacks: without them
        停车位年初 was cut 停车 + 位年 + 初."""
        stop = stopwords()
        return list(dict.fromkeys(t for t in self.question_tokens(text) if t not in stop))

    def question_tokens(self, text: str) -> list[str]:
        """All search-mode tokens of a question (as :meth:`tokens`), cut knowing staff's
        everyday words too (see :meth:`query_tokens`)."""
        if getattr(self, "_query_jieba", None) is None:
            self._query_jieba = Tokenizer({**self.frequencies, **everyday_words(self.frequencies)})._jieba
        return [t for t in self._query_jieba.cut_for_search(fold(text).lower()) if _WORD_RE.search(t)]

    def save(self, directory: Path) -> None:
        lines = (f"{word} {freq}" for word, freq in self.frequencies.items())
        (directory / DICT_FILE).write_text("\n".join(lines), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> Tokenizer:
        frequencies = {}
        for line in (directory / DICT_FILE).read_text("utf-8").splitlines():
            word, _, freq = line.rpartition(" ")
            if word:
                frequencies[word] = int(freq)
        return cls(frequencies)


class BM25Index:
    """BM25 over pre-tokenized documents (bm25s, Lucene variant, k1 = 1.5, b = 0.75).

    bm25s builds and saves the index. Searching reads its saved arrays directly: importing
    bm25s pulls in scipy (~0.35 s), which a cold ``wrsearch search`` cannot afford, and the
    scoring of a saved Lucene index is a sum over the query tokens' columns.
    """

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, vocab: dict[str, int], size: int):
        self._data, self._indices, self._indptr, self._vocab = data, indices, indptr, vocab
        self.size = size

    @classmethod
    def build(cls, documents: Sequence[list[str]]) -> BM25Index:
        import bm25s

        retriever = bm25s.BM25()  # Lucene variant: no non-occurrence term to add at search time
        # An empty document still needs a token so that indices stay aligned.
        retriever.index([doc or [""] for doc in documents], show_progress=False)
        scores = retriever.scores
        return cls(scores["data"], scores["indices"], scores["indptr"], retriever.vocab_dict, int(scores["num_docs"]))

    def scores(self, query_tokens: list[str], weights: dict[str, float] | None = None) -> np.ndarray:
        """BM25 score of every document, each token's column times its weight (default 1);
        zeros when no query token is in the vocabulary."""
        result = np.zeros(self.size, dtype=np.float32)
        for token in dict.fromkeys(t for t in query_tokens if t):
            weight = 1.0 if weights is None else weights.get(token, 0.0)
            column = self._vocab.get(token)
            if column is not None and weight > 0:
                start, end = self._indptr[column], self._indptr[column + 1]
                np.add.at(result, self._indices[start:end], weight * self._data[start:end])
        return result

    def documents_with(self, token: str) -> np.ndarray:
        """Positions of the documents that contain ``token``."""
        column = self._vocab.get(token)
        if column is None:
            return np.zeros(0, dtype=np.int64)
        return np.asarray(self._indices[self._indptr[column] : self._indptr[column + 1]])

    def document_frequency(self, token: str) -> int:
        """How many documents contain ``token``."""
        column = self._vocab.get(token)
        return 0 if column is None else int(self._indptr[column + 1] - self._indptr[column])

    def substring_frequency(self, text: str) -> int:
        """How many documents hold ``text`` inside one of their tokens: what a substring test
        of the texts counts for a single character or a word inside longer words (水处理 in
        污水处理) — from the vocabulary and the postings, without reading any text."""
        if not text:
            return 0
        columns = [column for token, column in self._tokens_by_char.get(text[0], ()) if text in token]
        if len(columns) == 1:
            return int(self._indptr[columns[0] + 1] - self._indptr[columns[0]])
        seen = np.zeros(self.size, dtype=bool)
        for column in columns:
            seen[self._indices[self._indptr[column] : self._indptr[column + 1]]] = True
        return int(seen.sum())

    @cached_property
    def _tokens_by_char(self) -> dict[str, list[tuple[str, int]]]:
        """Each character → the vocabulary tokens holding it, with their columns."""
        index: dict[str, list[tuple[str, int]]] = {}
        for token, column in self._vocab.items():
            for char in set(token):
                index.setdefault(char, []).append((token, column))
        return index

    def save(self, directory: Path) -> None:
        folder = directory / BM25_DIR
        folder.mkdir(parents=True, exist_ok=True)
        for name, array in (("data", self._data), ("indices", self._indices), ("indptr", self._indptr)):
            np.save(folder / f"{name}.csc.index.npy", array)
        (folder / "vocab.index.json").write_text(json.dumps(self._vocab, ensure_ascii=False), "utf-8")
        (folder / "params.index.json").write_text(json.dumps({"method": "lucene", "num_docs": self.size}), "utf-8")

    @classmethod
    def load(cls, directory: Path) -> BM25Index:
        folder = directory / BM25_DIR
        params = json.loads((folder / "params.index.json").read_text("utf-8"))
        if params.get("method", "lucene") != "lucene":
            raise ValueError(f"BM25 variant {params['method']} is not supported")
        # Memory-mapped: a query reads only its tokens' postings (a million items hold ~10⁸).
        arrays = [np.load(folder / f"{name}.csc.index.npy", mmap_mode="r") for name in ("data", "indices", "indptr")]
        vocab = json.loads((folder / "vocab.index.json").read_text("utf-8"))
        return cls(*arrays, vocab, int(params["num_docs"]))


def search_text(task: str, departments: list[str], progress: str) -> str:
    """The text BM25 sees for an item: task (twice, it is the item's summary), departments, progress."""
    return f"{task}\n{task}\n{' '.join(departments)}\n{progress}"


def item_search_text(item: Item) -> str:
    """:func:`search_text` of an item."""
    return search_text(item.task, item.departments, item.progress)
