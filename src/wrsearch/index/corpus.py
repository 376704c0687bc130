"""The reports an index is built from: a corpus folder's files, or the live generation's reports,
each with where it came from (:class:`Entry`)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wrsearch.errors import BadInput, IndexUnavailable
from wrsearch.index.layout import current_generation
from wrsearch.index.store import ITEMS_FILE, ItemStore
from wrsearch.models import Item, Report

DEFAULT_CORPUS_DIR = "corpus"


class CorpusError(BadInput):
    """The corpus folder or one of its files is unusable (bad input)."""


@dataclass
class Entry:
    """A report in the index with where it came from: ``origin`` is ``corpus`` (the corpus
    folder, synced by ``wrsearch index``) or ``added`` (``wrsearch add`` / upload, kept
    until removed)."""

    report: Report
    sha256: str
    origin: str
    added: str
    source: str

    @property
    def id(self) -> str:
        return self.report.id

    @property
    def content(self) -> str:
        """Digest of what the report says, item by item (number, task, departments, progress),
        whatever the file's encoding, format or id: equal for a GB18030 copy of a UTF-8 file."""
        items = [[i.no, i.task, list(i.departments), i.progress] for i in self.report.items]
        return hashlib.sha256(json.dumps(items, ensure_ascii=False).encode("utf-8")).hexdigest()


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def read_corpus(corpus_dir: Path) -> list[Entry]:
    """Parse every report file of a folder (.txt, .html, .docx, .pdf), in name order."""
    from wrsearch.ingest.formats import SUFFIXES
    from wrsearch.ingest.read import read_report

    if not corpus_dir.is_dir():
        raise CorpusError(f"找不到报告文件夹:{corpus_dir}")
    files = sorted(p for p in corpus_dir.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise CorpusError(f"{corpus_dir}:没有报告文件({', '.join(SUFFIXES)})")
    entries: list[Entry] = []
    for path in files:
        try:
            report = read_report(path)
        except BadInput as error:
            raise CorpusError(str(error)) from None
        if any(entry.id == report.id for entry in entries):
            raise CorpusError(f"{corpus_dir} 中有两个编号都是 '{report.id}' 的报告文件")
        entries.append(Entry(report, hashlib.sha256(path.read_bytes()).hexdigest(), "corpus", now(), path.name))
    return entries


def stored_items(generation: Path) -> Iterator[Item]:
    """Every item of a generation: from its item store, or from the ``items.jsonl`` of an
    index written before the store (schema 4), so that ``wrsearch index`` can rebuild it."""
    if not (generation / ITEMS_FILE).exists() and (generation / "items.jsonl").exists():
        with (generation / "items.jsonl").open(encoding="utf-8") as lines:
            yield from (Item.from_record(json.loads(line)) for line in lines)
        return
    items = ItemStore(generation / ITEMS_FILE)
    try:
        yield from items
    finally:
        items.close()


def current_entries(index_dir: Path) -> list[Entry]:
    """The reports of the live generation, rebuilt from what it stored."""
    generation = current_generation(index_dir)
    if generation is None:
        return []
    try:
        infos = json.loads((generation / "reports.json").read_text("utf-8"))
        by_report: dict[str, list[Item]] = {info["id"]: [] for info in infos}
        for item in stored_items(generation):
            by_report[item.report].append(item)
    except (OSError, ValueError, KeyError, sqlite3.Error) as error:
        raise IndexUnavailable(f"{index_dir}:索引无法读取({error});请重建:wrsearch index") from None
    return [
        Entry(
            Report(
                info["id"],
                info["title"],
                info["year"],
                info["period"],
                info.get("header", {}),
                by_report[info["id"]],
                kind=info.get("kind", "items"),
                issuer=info.get("issuer"),
                found=info.get("found") or {},
                warnings=info.get("warnings") or [],
            ),
            info["sha256"],
            info.get("origin", "corpus"),
            info.get("added", ""),
            info.get("source", ""),
        )
        for info in infos
    ]
