"""The index on disk: manifest, incremental embedding, atomic swap, failures that change nothing."""

from __future__ import annotations

import json
import shutil

import pytest

from wrsearch.engine import Engine
from wrsearch.errors import BadInput, IndexUnavailable
from wrsearch.index.build import build_index
from wrsearch.index.corpus import CorpusError
from wrsearch.index.layout import current_generation

from conftest import SEED


def test_manifest_records_embedder_dimension_hashes_and_counts(seed_index):
    manifest = json.loads((current_generation(seed_index) / "manifest.json").read_text("utf-8"))
    assert manifest["embedder"] == "e5-small" and manifest["dim"] == 384
    assert manifest["schema_version"] == 4
    assert manifest["counts"]["items"] == 69 and manifest["counts"]["reports"] == 1
    assert len(manifest["corpus"]["wuchang-2021-q1"]) == 64
    assert manifest["faiss_index"]["kind"] == "flat-ip"  # small: exact search


def test_rebuilding_an_unchanged_corpus_embeds_nothing(seed_corpus, index_copy):
    summary = build_index(seed_corpus, index_copy)
    assert summary.embedded == 0 and summary.items == 69


def test_a_changed_item_re_embeds_only_that_item(tmp_path, index_copy):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = SEED.read_text("utf-8").replace("完成管网修复25.03公里", "完成管网修复26.5公里")
    (corpus / SEED.name).write_text(text, "utf-8")
    summary = build_index(corpus, index_copy)
    assert 1 <= summary.embedded <= 3  # the progress windows of item 35 that hold the figure
    assert "26.5公里" in Engine(index_copy).show("wuchang-2021-q1#35").progress


def test_a_bad_file_fails_the_build_and_leaves_the_index_untouched(tmp_path, index_copy):
    before = current_generation(index_copy)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus)
    (corpus / "notes.txt").write_text("这里没有任何编号事项。", "utf-8")
    with pytest.raises(CorpusError, match="notes.txt"):
        build_index(corpus, index_copy)
    assert current_generation(index_copy) == before
    assert not list(index_copy.glob(".tmp-*"))
    assert Engine(index_copy).health().items == 69


@pytest.mark.parametrize("setup", ["missing", "empty"])
def test_missing_or_empty_corpus_folder(tmp_path, setup):
    corpus = tmp_path / "corpus"
    if setup == "empty":
        corpus.mkdir()
    with pytest.raises(CorpusError):
        build_index(corpus, tmp_path / "index")
    assert not (tmp_path / "index" / "CURRENT").exists()


def test_a_failure_while_writing_leaves_no_half_written_index(seed_corpus, index_copy, monkeypatch):
    before = current_generation(index_copy)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("wrsearch.index.build.np.save", broken)
    with pytest.raises(OSError):
        build_index(seed_corpus, index_copy)
    assert current_generation(index_copy) == before
    assert not list(index_copy.glob(".tmp-*"))


def test_no_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexUnavailable, match="wrsearch index"):
        Engine(tmp_path / "nothing")


def test_searching_with_another_embedder_is_an_error(seed_index):
    with pytest.raises(BadInput, match="built with embedder 'e5-small'"):
        Engine(seed_index, embedder="st:some/other-model")


def test_unknown_embedder_name_lists_the_valid_ones(seed_corpus, tmp_path):
    with pytest.raises(BadInput, match="valid: e5-small, st:"):
        build_index(seed_corpus, tmp_path / "index", embedder="word2vec")
