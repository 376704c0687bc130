"""Where an index lives on disk and how a new generation replaces the old one.

Layout of an index folder (default ``index/``, or ``--index DIR`` / ``WRSEARCH_INDEX``)::

    index/CURRENT          name of the live generation (replaced atomically)
    index/.lock            writers hold an exclusive lock on it
    index/gen-<stamp>/     manifest.json, reports.json, items.jsonl, chunks.jsonl,
                           vectors.npy, chunk_items.npy, faiss.index, bm25/, jieba.dict

A build writes a new generation in a temporary folder and only then points CURRENT at
it, so readers see the old index or the new one, never a mix, and a failed build leaves
the old one untouched.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from wrsearch.errors import IndexUnavailable

SCHEMA_VERSION = 4  # 4: issuer on items and reports, where year/period came from
DEFAULT_INDEX_DIR = "index"
INDEX_ENV = "WRSEARCH_INDEX"
LOCK_WAIT_SECONDS = 60.0


def default_index_dir(index_dir: str | Path | None = None) -> Path:
    """``index_dir`` if given, else ``$WRSEARCH_INDEX``, else ``index/``."""
    return Path(index_dir or os.environ.get(INDEX_ENV) or DEFAULT_INDEX_DIR)


@contextmanager
def writer_lock(index_dir: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the index's exclusive writer lock; wait up to ``wait`` seconds for another writer
    (default ``$WRSEARCH_LOCK_WAIT`` or 60)."""
    if wait is None:
        wait = float(os.environ.get("WRSEARCH_LOCK_WAIT", LOCK_WAIT_SECONDS))
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise IndexUnavailable(
                        f"{index_dir}: another process is writing the index (waited {wait:g} s); try again"
                    ) from None
                time.sleep(0.2)
        # A writer killed mid-build leaves its temporary folder behind; nobody else writes now.
        for stale in index_dir.glob(".tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_generation(index_dir: Path) -> Path | None:
    """The live generation folder, or None if no index has been built there."""
    pointer = index_dir / "CURRENT"
    if not pointer.exists():
        return None
    generation = index_dir / pointer.read_text().strip()
    return generation if generation.is_dir() else None


def live_manifest(index_dir: Path) -> dict:
    """The live generation's manifest, or {} when there is none or it is unreadable."""
    generation = current_generation(index_dir)
    try:
        return json.loads((generation / "manifest.json").read_text("utf-8")) if generation else {}
    except (OSError, ValueError):
        return {}


def swap_in(index_dir: Path, folder: Path) -> None:
    """Point CURRENT at ``folder`` atomically; keep the previous generation for open readers."""
    previous = current_generation(index_dir)
    pointer_tmp = index_dir / f".CURRENT.{uuid.uuid4().hex}"
    pointer_tmp.write_text(folder.name)
    os.replace(pointer_tmp, index_dir / "CURRENT")
    keep = {folder.name, previous.name if previous else None}
    for old in index_dir.glob("gen-*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
