"""The read side: one generation of an index loaded for searching (:class:`LoadedIndex`), and
the list of its reports."""

from __future__ import annotations

import json
import weakref
from functools import cached_property
from pathlib import Path

import numpy as np

from wrsearch.errors import IndexUnavailable
from wrsearch.index.layout import SCHEMA_VERSION, ReaderHold, default_index_dir, hold_current
from wrsearch.index.lexical import BM25Index, Tokenizer
from wrsearch.index.vectors import configure
from wrsearch.models import Item


class LoadedIndex:
    """Everything a search needs, read from one generation. Chunk texts load only when asked
    for (``chunks``): searching needs just the chunk → item positions.

    While it lives it holds a reader claim on its generation (``hold``), so no writer deletes
    the files it still reads (chunks.jsonl, the memory-mapped vectors); :meth:`close` or
    garbage collection gives the claim up."""

    def __init__(
        self,
        folder: Path,
        manifest: dict,
        reports: list[dict],
        items: list[Item],
        chunk_item: np.ndarray,
        vectors: np.ndarray,
        faiss_index: object,
        bm25: BM25Index,
        tokenizer: Tokenizer,
        hold: ReaderHold | None = None,
    ) -> None:
        self.folder, self.manifest, self.reports, self.items = folder, manifest, reports, items
        self.chunk_item, self.vectors, self.faiss_index = chunk_item, vectors, faiss_index
        self.bm25, self.tokenizer = bm25, tokenizer
        self._release = weakref.finalize(self, hold.release) if hold is not None else None

    def close(self) -> None:
        """Give up the reader claim now (it is also given up when the index is collected)."""
        if self._release is not None:
            self._release()

    @cached_property
    def chunks(self) -> list[dict]:
        with (self.folder / "chunks.jsonl").open(encoding="utf-8") as lines:
            return [json.loads(line) for line in lines]


def hold_live(index_dir: Path):
    """The live generation's folder and a reader hold on it; :class:`IndexUnavailable` if none."""
    held = hold_current(index_dir)
    if held is None:
        raise IndexUnavailable(f"{index_dir} 中没有索引;请先建立索引:wrsearch index")
    return held


def load_index(index_dir: str | Path | None = None) -> LoadedIndex:
    """Load the live generation of an index; raises :class:`IndexUnavailable` if there is none."""
    index_dir = default_index_dir(index_dir)
    folder, hold = hold_live(index_dir)
    try:
        return _load_generation(index_dir, folder, hold)
    except BaseException:
        hold.release()
        raise


def _load_generation(index_dir: Path, folder: Path, hold: ReaderHold) -> LoadedIndex:
    import faiss

    if not (folder / "manifest.json").exists():
        raise IndexUnavailable(f"{index_dir} 中没有索引;请先建立索引:wrsearch index")
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        if manifest.get("schema_version") != SCHEMA_VERSION:
            raise IndexUnavailable(
                f"{index_dir}: index schema {manifest.get('schema_version')} is not {SCHEMA_VERSION}; "
                "rebuild it with: wrsearch index"
            )
        with (folder / "items.jsonl").open(encoding="utf-8") as lines:
            items = [Item.from_record(json.loads(line)) for line in lines]
        faiss_index, bm25 = None, None  # the Milvus backend searches its collection instead
        if manifest.get("backend", "local") == "local":
            faiss_index = faiss.read_index(str(folder / "faiss.index"))
            configure(faiss_index, manifest.get("faiss_index", {}))
            bm25 = BM25Index.load(folder)
        return LoadedIndex(
            folder=folder,
            manifest=manifest,
            reports=json.loads((folder / "reports.json").read_text("utf-8")),
            items=items,
            chunk_item=np.load(folder / "chunk_items.npy"),
            vectors=np.load(folder / "vectors.npy", mmap_mode="r"),
            faiss_index=faiss_index,
            bm25=bm25,
            tokenizer=Tokenizer.load(folder),
            hold=hold,
        )
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as error:
        # RuntimeError: faiss on a damaged faiss.index; TypeError: a record of another shape.
        raise IndexUnavailable(f"{index_dir}:索引无法读取({error});请重建:wrsearch index") from None


REPORT_FIELDS = ("id", "title", "year", "period", "issuer", "found", "kind", "items", "origin", "added", "source")


def report_rows(infos: list[dict]) -> list[dict]:
    """The listed fields of ``reports.json`` records."""
    return [{name: info.get(name) for name in REPORT_FIELDS} for info in infos]


def list_reports(index_dir: str | Path | None = None) -> list[dict]:
    """id, title, year, period, kind, items, origin, added and source of every report of the
    live generation (held while it is read, so a writer cannot delete it underneath)."""
    index_dir = default_index_dir(index_dir)
    folder, hold = hold_live(index_dir)
    try:
        infos = json.loads((folder / "reports.json").read_text("utf-8"))
        if not isinstance(infos, list) or not all(isinstance(info, dict) for info in infos):
            raise ValueError("reports.json is not a list of reports")
    except (OSError, ValueError) as error:
        raise IndexUnavailable(f"{index_dir}:索引无法读取({error});请重建:wrsearch index") from None
    finally:
        hold.release()
    return report_rows(infos)
