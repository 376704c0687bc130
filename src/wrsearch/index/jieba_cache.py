"""jieba's default dictionary and part-of-speech table read word by word from a cache file.

A cold ``wrsearch ask`` spends ~1.3 s unmarshalling jieba's default dictionary (350k words with
their prefixes) and ~1.1 s more reading ``dict.txt`` again for ``jieba.posseg``'s tag table,
yet one question looks up a few hundred words. :func:`use_cached_dictionary` builds, once, an
SQLite file holding jieba's own ``FREQ``, ``total`` and word tags (made by jieba itself, so
the same entries) in the user cache dir, and hands jieba read-only mappings that look each
word up there when first asked. Cuts and tags are therefore exactly jieba's.

Where the cache cannot be read or written (missing, corrupt, a read-only folder) jieba loads
its dictionary the usual way. ``wrsearch serve`` does not use this: it loads jieba once.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sqlite3
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import ModuleType

# Bump when the file's layout changes; part of the file name, with jieba's version.
FORMAT = 1
_MISSING = object()
# (info, not warning: a cache that cannot be used costs time, not an answer; nothing to tell staff)
log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """``$WRSEARCH_CACHE_DIR`` (default ``~/.cache/wrsearch``, where the models live too)."""
    return Path(os.environ.get("WRSEARCH_CACHE_DIR") or Path.home() / ".cache" / "wrsearch")


def cache_file() -> Path:
    """The cache of the installed jieba's default dictionary: named by jieba's version and the
    size and modification time of its ``dict.txt`` (a changed dictionary gets a new file)."""
    import jieba

    dictionary = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    stat = dictionary.stat()
    return cache_dir() / f"jieba-{jieba.__version__}-{stat.st_size}-{int(stat.st_mtime)}-v{FORMAT}.sqlite"


class LazyTable(Mapping[str, object]):
    """A read-only mapping over one column of the cache, each word looked up once.

    If the file fails mid-way (truncated, removed on Windows), ``load_all`` gives the whole
    table the usual way and it is used from then on."""

    def __init__(self, connection: sqlite3.Connection, column: str, lock: threading.Lock, load_all: Callable[[], dict]):
        self._connection, self._lock, self._load_all = connection, lock, load_all
        self._query = f"SELECT {column} FROM words WHERE word = ?"
        self._known: dict[str, object] = {}
        self._whole: dict | None = None

    def _lookup(self, word: str) -> object:
        value = self._known.get(word, _MISSING)
        if value is not _MISSING:
            return value
        if self._whole is not None:
            return self._whole.get(word, None)
        try:
            with self._lock:
                row = self._connection.execute(self._query, (word,)).fetchone()
        except sqlite3.Error as error:
            log.info("jieba cache unreadable (%s); loading the dictionary", error)
            self._whole = self._load_all()
            return self._whole.get(word, None)
        value = None if row is None else row[0]
        self._known[word] = value
        return value

    def __getitem__(self, word: str) -> object:
        value = self._lookup(word)
        if value is None:
            raise KeyError(word)
        return value

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._lookup(word) is not None

    def get(self, word, default=None):  # noqa: ANN001 (Mapping's signature); faster than Mapping.get
        value = self._lookup(word) if isinstance(word, str) else None
        return default if value is None else value

    def __iter__(self) -> Iterator[str]:
        return iter(self._everything())

    def __len__(self) -> int:
        return len(self._everything())

    def _everything(self) -> dict:
        """The whole table (only for code that walks the dictionary; none of wrsearch's does)."""
        if self._whole is None:
            self._whole = self._load_all()
        return self._whole


def _default_frequencies() -> dict[str, int]:
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer.FREQ


def _default_tags() -> dict[str, str]:
    import jieba
    import jieba.posseg

    tagger = object.__new__(jieba.posseg.POSTokenizer)  # only its table reader, no second tokenizer
    tagger.load_word_tag(jieba.Tokenizer().get_dict_file())
    return tagger.word_tag_tab


def write_cache(path: Path, frequencies: Mapping[str, int], total: int, tags: Mapping[str, str]) -> None:
    """Write the cache file whole, then move it into place (another process sees the old file or
    the new one, never half of one). Raises OSError or sqlite3.Error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.stem, suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            connection.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER, tag TEXT) WITHOUT ROWID")
            rows = ((word, freq, tags.get(word)) for word, freq in frequencies.items())
            tag_only = ((word, None, tag) for word, tag in tags.items() if word not in frequencies)
            connection.executemany("INSERT INTO words VALUES (?, ?, ?)", rows)
            connection.executemany("INSERT INTO words VALUES (?, ?, ?)", tag_only)
            connection.execute("INSERT INTO meta VALUES ('total', ?)", (str(total),))
            connection.commit()
        finally:
            connection.close()
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.remove(temporary)


def _open(path: Path) -> tuple[sqlite3.Connection, int] | None:
    """The cache read-only and jieba's ``total``, or None if it is missing or unreadable."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
        try:
            total = int(connection.execute("SELECT value FROM meta WHERE key = 'total'").fetchone()[0])
            connection.execute("SELECT freq, tag FROM words LIMIT 1").fetchone()
        except Exception:
            connection.close()
            raise
    except (sqlite3.Error, TypeError, ValueError) as error:
        log.info("jieba cache %s unreadable (%s)", path, error)
        return None
    return connection, total


def use_cached_dictionary(build: bool = True) -> bool:
    """Give jieba's default tokenizer (and ``jieba.posseg``'s) their words from the cache file.

    Does nothing if jieba's default dictionary is already loaded or replaced. Without a usable
    cache and with ``build`` (default true), jieba loads its dictionary and tag table the usual
    way and the cache is written from them for the next process (if the folder is writable).
    Returns whether the cache is in use."""
    import jieba

    tokenizer = jieba.dt
    if tokenizer.initialized or tokenizer.dictionary != jieba.DEFAULT_DICT:
        return False
    jieba.setLogLevel(logging.WARNING)
    path = cache_file()
    opened = _open(path)
    if opened is None:
        if build:
            _build(path)
        return False
    connection, total = opened
    lock = threading.Lock()
    with tokenizer.lock:
        tokenizer.FREQ = LazyTable(connection, "freq", lock, _default_frequencies)
        tokenizer.total = total
        tokenizer.initialized = True
    tags = LazyTable(connection, "tag", lock, _default_tags)
    _tag_from(tags)
    return True


def _tag_from(tags: LazyTable) -> None:
    """Have ``jieba.posseg``, when first imported, take ``tags`` as its table: its module-level
    tagger would read ``dict.txt`` for it (~1 s); it is given an empty file instead. (Imported
    already, it keeps its own table.)"""
    import jieba

    from wrsearch.imports import when_imported

    if "jieba.posseg" in sys.modules:
        return

    def around(module: ModuleType, run: Callable[[], None]) -> None:
        jieba.dt.get_dict_file = lambda: io.BytesIO(b"")
        try:
            run()
        finally:
            del jieba.dt.get_dict_file
        module.dt.word_tag_tab = tags

    when_imported("jieba.posseg", around)


def _build(path: Path) -> None:
    """Load jieba's dictionary and tag table the usual way and write the cache from them."""
    import jieba
    import jieba.posseg

    jieba.dt.check_initialized()
    tags = jieba.posseg.dt.word_tag_tab
    try:
        write_cache(path, jieba.dt.FREQ, jieba.dt.total, tags)
    except (OSError, sqlite3.Error) as error:
        log.info("jieba cache not written to %s (%s)", path, error)
