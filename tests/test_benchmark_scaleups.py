"""The benchmarks' synthetic scale-ups (``benchmarks/run.py`` and ``benchmarks/milvus.py``) write
generations the engine opens: the item store of the current schema, and the same top item as their
source for a real query. A scale-up the engine cannot open measures nothing (milvus.py's was left
writing the old ``items.jsonl`` layout when the item store came in)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from wrsearch.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import run  # noqa: E402

QUERY = "修路"


def source_top(seed_index: Path) -> int:
    return Engine(seed_index).search(QUERY, k=1).hits[0].no


def test_run_scale_up_opens_and_ranks_like_its_source(seed_index, tmp_path):
    info = run.scale_up(seed_index, 300, tmp_path / "scaled")
    engine = Engine(tmp_path / "scaled")
    assert len(engine.index.items) == info["items"] == info["copies"] * len(Engine(seed_index).index.items)
    assert engine.search(QUERY, k=1).hits[0].no == source_top(seed_index)


def test_milvus_synthetic_opens_on_both_backends(seed_index, tmp_path, monkeypatch):
    pytest.importorskip("pymilvus", reason="pymilvus is not installed: pip install 'wrsearch[milvus]'")
    pytest.importorskip("milvus_lite", reason="milvus-lite is not installed: pip install 'wrsearch[milvus]'")
    import milvus

    monkeypatch.setattr(milvus, "WORK", tmp_path)
    folders, info = milvus.synthetic(seed_index, 300)
    want = source_top(seed_index)
    for backend, folder in folders.items():
        engine = Engine(folder)
        assert len(engine.index.items) == info["items"], backend
        assert engine.search(QUERY, k=1).hits[0].no == want, backend
