"""The read side: one generation of an index loaded for searching (:class:`LoadedIndex`), and
the list of its reports."""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

import numpy as np

from wrsearch.errors import IndexUnavailable
from wrsearch.index.layout import SCHEMA_VERSION, current_generation, default_index_dir
from wrsearch.index.lexical import BM25Index, Tokenizer
from wrsearch.index.vectors import configure
from wrsearch.models import Item


class LoadedIndex:
    """Everything a search needs, read from one generation. Chunk texts load only when asked
    for (``chunks``): searching needs just the chunk → item positions."""

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
    ) -> None:
        self.folder, self.manifest, self.reports, self.items = folder, manifest, reports, items
        self.chunk_item, self.vectors, self.faiss_index = chunk_item, vectors, faiss_index
        self.bm25, self.tokenizer = bm25, tokenizer

    @cached_property
    def chunks(self) -> list[dict]:
        return [json.loads(line) for line in (self.folder / "chunks.jsonl").open(encoding="utf-8")]


def load_index(index_dir: str | Path | None = None) -> LoadedIndex:
    """Load the live generation of an index; raises :class:`IndexUnavailable` if there is none."""
    import faiss

    index_dir = default_index_dir(index_dir)
    folder = current_generation(index_dir)
    if folder is None or not (folder / "manifest.json").exists():
        raise IndexUnavailable(f"no index in {index_dir}; build it with: wrsearch index")
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        if manifest.get("schema_version") != SCHEMA_VERSION:
            raise IndexUnavailable(
                f"{index_dir}: index schema {manifest.get('schema_version')} is not {SCHEMA_VERSION}; "
                "rebuild it with: wrsearch index"
            )
        items = [Item.from_record(json.loads(line)) for line in (folder / "items.jsonl").open(encoding="utf-8")]
        faiss_index = faiss.read_index(str(folder / "faiss.index"))
        configure(faiss_index, manifest.get("faiss_index", {}))
        return LoadedIndex(
            folder=folder,
            manifest=manifest,
            reports=json.loads((folder / "reports.json").read_text("utf-8")),
            items=items,
            chunk_item=np.load(folder / "chunk_items.npy"),
            vectors=np.load(folder / "vectors.npy", mmap_mode="r"),
            faiss_index=faiss_index,
            bm25=BM25Index.load(folder),
            tokenizer=Tokenizer.load(folder),
        )
    except (OSError, ValueError, KeyError) as error:
        raise IndexUnavailable(f"{index_dir}: index unreadable ({error}); rebuild it with: wrsearch index") from None


def list_reports(index_dir: str | Path | None = None) -> list[dict]:
    """id, title, year, period, kind, items, origin, added and source of every report."""
    index_dir = default_index_dir(index_dir)
    generation = current_generation(index_dir)
    if generation is None:
        raise IndexUnavailable(f"no index in {index_dir}; build it with: wrsearch index")
    infos = json.loads((generation / "reports.json").read_text("utf-8"))
    fields = ("id", "title", "year", "period", "issuer", "found", "kind", "items", "origin", "added", "source")
    return [{name: info.get(name) for name in fields} for info in infos]
