"""The sentence-transformers backend with a tiny model that this test builds and saves itself."""

from __future__ import annotations

import json

import pytest

from wrsearch.engine import Engine
from wrsearch.errors import BadInput
from wrsearch.index.build import build_index
from wrsearch.index.embed import load_embedder
from wrsearch.index.layout import current_generation

from conftest import SEED

st = pytest.importorskip("sentence_transformers", reason="install the st extra: pip install -e '.[st]'")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A 2-layer BERT with a character vocabulary of the seed report, saved as an ST model."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from transformers import BertConfig, BertModel, BertTokenizerFast

    torch.manual_seed(0)
    folder = tmp_path_factory.mktemp("tiny-st")
    chars = sorted(set(SEED.read_text("utf-8")) - set(" \n\t"))
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]), "utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(vocab))
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=256,
    )
    transformer_dir = folder / "transformer"
    BertModel(config).save_pretrained(transformer_dir)
    tokenizer.save_pretrained(transformer_dir)
    word = Transformer(str(transformer_dir), max_seq_length=128)
    pooling = Pooling(config.hidden_size, pooling_mode="mean")
    model_dir = folder / "model"
    SentenceTransformer(modules=[word, pooling], device="cpu").save(str(model_dir))
    return model_dir


def test_st_embedder_gives_normalised_vectors(tiny_model):
    embedder = load_embedder(f"st:{tiny_model}")
    assert embedder.name == f"st:{tiny_model}" and embedder.dim == 32
    vectors = embedder.passages(["雨污分流改造", "口袋公园"])
    assert vectors.shape == (2, 32)
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-4
    assert embedder.query("口袋公园").shape == (32,)


def test_index_and_search_with_a_st_model(tiny_model, seed_corpus, tmp_path):
    name = f"st:{tiny_model}"
    summary = build_index(seed_corpus, tmp_path / "index", embedder=name)
    assert summary.embedder == name and summary.dim == 32 and summary.embedded == summary.chunks
    manifest = json.loads((current_generation(tmp_path / "index") / "manifest.json").read_text("utf-8"))
    assert manifest["embedder"] == name and manifest["dim"] == 32
    engine = Engine(tmp_path / "index")
    # A random tiny model knows no meaning, but the hybrid still finds exact terms lexically.
    assert engine.search("雨污分流", k=1).hits[0].no == 35
    assert build_index(seed_corpus, tmp_path / "index", embedder=name).embedded == 0
    with pytest.raises(BadInput, match="用的嵌入模型是"):
        Engine(tmp_path / "index", embedder="e5-small")


def test_missing_st_model_is_a_clear_error(tmp_path):
    with pytest.raises(BadInput, match="cannot load sentence-transformers model"):
        load_embedder(f"st:{tmp_path / 'no-such-model'}")
