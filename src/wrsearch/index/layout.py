"""Where an index lives on disk and how a new generation replaces the old one.

Layout of an index folder (default ``index/``, or ``--index DIR`` / ``WRSEARCH_INDEX``)::

    index/CURRENT          name of the live generation (replaced atomically)
    index/.lock            writers hold an exclusive lock on it
    index/readers/         one locked marker file per loaded generation a process reads
    index/cache/           what changes keep beyond the live generation (index/cache.py)
    index/gen-<stamp>/     manifest.json, reports.json, chunks.jsonl, vectors.npy,
                           chunk_items.npy, faiss.index, bm25/, jieba.dict, and the item
                           store (index/store.py): items.sqlite, columns.npz, columns.json,
                           item_vectors.npy, task_vectors.npy
                           (Milvus backend: terms.json instead of faiss.index and bm25/;
                           the generation's collection is dropped with its folder)

A build writes a new generation in a temporary folder, flushes it to disk and only then
points CURRENT at it, so readers see the old index or the new one, never a mix, and a failed
build (or a power cut) leaves the old one untouched. Old generations are deleted only when
no reader holds a marker on them. Locks are ``filelock``'s, so this runs on Windows too.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from wrsearch.errors import ConfigError, IndexUnavailable

SCHEMA_VERSION = 5  # 4: issuer on items and reports, where year/period came from; 5: the item store
DEFAULT_INDEX_DIR = "index"
INDEX_ENV = "WRSEARCH_INDEX"
LOCK_WAIT_ENV = "WRSEARCH_LOCK_WAIT"
LOCK_WAIT_SECONDS = 60.0
READERS_DIR = "readers"

log = logging.getLogger("wrsearch.index")


def default_index_dir(index_dir: str | Path | None = None) -> Path:
    """``index_dir`` if given, else ``$WRSEARCH_INDEX``, else ``index/``."""
    return Path(index_dir or os.environ.get(INDEX_ENV) or DEFAULT_INDEX_DIR)


def lock_wait(wait: float | None = None) -> float:
    """``wait``, else ``$WRSEARCH_LOCK_WAIT``, else 60 seconds."""
    if wait is not None:
        return wait
    raw = os.environ.get(LOCK_WAIT_ENV, "")
    try:
        value = float(raw) if raw.strip() else LOCK_WAIT_SECONDS
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise ConfigError(f"{LOCK_WAIT_ENV}={raw!r} 无效:应为不小于 0 的秒数")
    return value


@contextmanager
def writer_lock(index_dir: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the index's exclusive writer lock; wait up to ``wait`` seconds for another writer
    (default ``$WRSEARCH_LOCK_WAIT`` or 60)."""
    wait = lock_wait(wait)
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(index_dir / ".lock")
    try:
        lock.acquire(timeout=wait, poll_interval=0.2)
    except Timeout:
        raise IndexUnavailable(f"{index_dir}:另一个进程正在写索引(已等待 {wait:g} 秒);请稍后再试") from None
    try:
        # A writer killed mid-build leaves its temporary folder behind; nobody else writes now.
        for stale in index_dir.glob(".tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        yield
    finally:
        lock.release()


def current_generation(index_dir: Path) -> Path | None:
    """The live generation folder, or None if no index has been built there."""
    pointer = index_dir / "CURRENT"
    try:
        name = pointer.read_text().strip()
    except FileNotFoundError:
        return None
    if not name:
        return None
    generation = index_dir / name
    return generation if generation.is_dir() else None


def live_manifest(index_dir: Path) -> dict:
    """The live generation's manifest, or {} when there is none or it is unreadable."""
    generation = current_generation(index_dir)
    try:
        return json.loads((generation / "manifest.json").read_text("utf-8")) if generation else {}
    except (OSError, ValueError):
        return {}


# -- readers ---------------------------------------------------------------------------------
class ReaderHold:
    """A reader's claim on one generation: a locked marker file ``readers/<gen>.<pid>.<id>.lock``.

    The lock (not the file) is the claim, so a reader that dies, even by ``kill -9``, frees it;
    its leftover file is removed by the next writer."""

    def __init__(self, index_dir: Path, generation: str) -> None:
        self.generation = generation
        self.path: Path | None = None
        self._lock: FileLock | None = None
        folder = index_dir / READERS_DIR
        try:
            folder.mkdir(exist_ok=True)
            path = folder / f"{generation}.{os.getpid()}.{uuid.uuid4().hex[:8]}.lock"
            lock = FileLock(path, thread_local=False)
            lock.acquire(timeout=0)
        except (OSError, Timeout) as error:
            # A read-only index can still be searched; its generations are not cleaned up either.
            log.warning("cannot mark generation %s as read (%s); reading it unmarked", generation, error)
            return
        self.path, self._lock = path, lock

    def release(self) -> None:
        lock, self._lock = self._lock, None
        if lock is None:
            return
        try:
            lock.release()
            self.path.unlink(missing_ok=True)
        except OSError:  # the next writer removes the file
            pass


def hold_current(index_dir: Path) -> tuple[Path, ReaderHold] | None:
    """The live generation with a reader claim on it, or None if there is none.

    The claim is made, then CURRENT read again: a writer deletes only generations that are not
    CURRENT, after switching, so a claim made while CURRENT still named the generation is seen."""
    for _ in range(20):
        folder = current_generation(index_dir)
        if folder is None:
            return None
        hold = ReaderHold(index_dir, folder.name)
        again = current_generation(index_dir)
        if again is not None and again.name == folder.name:
            return folder, hold
        hold.release()  # a writer switched meanwhile: claim the new one
    raise IndexUnavailable(f"{index_dir}: 索引切换过于频繁,无法读取;请稍后再试")


def held_generations(index_dir: Path) -> set[str]:
    """Generations some live reader holds; leftover markers of dead readers are removed."""
    held: set[str] = set()
    folder = index_dir / READERS_DIR
    if not folder.is_dir():
        return held
    for marker in folder.glob("*.lock"):
        probe = FileLock(marker, thread_local=False)
        try:
            probe.acquire(timeout=0)
        except Timeout:
            held.add(marker.name.split(".", 1)[0])
            continue
        except OSError:
            held.add(marker.name.split(".", 1)[0])  # cannot tell: keep its generation
            continue
        probe.release()
        try:
            marker.unlink()
        except OSError:
            pass
    return held


# -- writing -------------------------------------------------------------------------------
def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (new names, renames) to disk; not possible on Windows."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(folder: Path) -> None:
    """Flush every file of a folder, then the folders themselves, deepest first."""
    folders = [folder]
    for path in sorted(folder.rglob("*")):
        if path.is_dir():
            folders.append(path)
        else:
            # Windows flushes only handles open for writing; POSIX any handle.
            with open(path, "r+b" if os.name == "nt" else "rb") as handle:
                os.fsync(handle.fileno())
    for path in reversed(folders):
        fsync_dir(path)


def swap_in(index_dir: Path, folder: Path) -> None:
    """Point CURRENT at ``folder`` atomically, once the folder is safely on disk; then delete
    the generations that no reader holds. The caller holds the writer lock."""
    fsync_tree(folder)
    fsync_dir(index_dir)  # the folder's name, after its rename from .tmp-*
    pointer_tmp = index_dir / f".CURRENT.{uuid.uuid4().hex}"
    try:
        with open(pointer_tmp, "w", encoding="utf-8") as handle:
            handle.write(folder.name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(pointer_tmp, index_dir / "CURRENT")
    except BaseException:
        pointer_tmp.unlink(missing_ok=True)
        raise
    try:  # CURRENT is switched: what follows may fail without undoing the change
        fsync_dir(index_dir)
        remove_old_generations(index_dir, keep=folder.name)
    except OSError as error:
        log.warning("after switching %s to %s: %s", index_dir, folder.name, error)


def drop_backend_data(generation: Path) -> None:
    """Drop what a generation keeps outside its folder (its Milvus collection), if anything."""
    try:
        backend = json.loads((generation / "manifest.json").read_text("utf-8")).get("backend")
    except (OSError, ValueError):
        return
    if backend == "milvus":
        from wrsearch.index.milvus import drop_generation

        drop_generation(generation)


def remove_old_generations(index_dir: Path, keep: str) -> list[str]:
    """Delete every generation but ``keep`` that no live reader holds; returns the deleted."""
    held = held_generations(index_dir)
    removed = []
    for old in index_dir.glob("gen-*"):
        if old.name != keep and old.name not in held:
            drop_backend_data(old)
            shutil.rmtree(old, ignore_errors=True)
            removed.append(old.name)
    return removed
