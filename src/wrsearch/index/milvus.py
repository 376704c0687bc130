"""The Milvus backend's writing side: where the index lives (:class:`Backend`, :class:`MilvusConfig`),
client-side BM25 as sparse vectors (:class:`TermTable`), one collection per generation.

Design (issue 15):

- **The local generation folder stays the unit of truth and of atomicity.** It keeps the
  manifest (naming the backend, the Milvus URI and database and the generation's collection),
  reports, items, chunk texts, the jieba dictionary, the term table below, and
  ``vectors.npy`` — the embedding cache, which incremental ``add``/``remove`` need so that
  only changed chunks are embedded. No ``faiss.index`` and no ``bm25/`` arrays: queries go to
  Milvus. The manifest is written only after the collection is complete and counted, and
  ``CURRENT`` switches folders, so switching the folder switches the collection: a reader sees
  the old collection or the new one, never a half-filled one. The readers' holds on a
  generation (``index/layout.py``) also hold its collection: a collection is dropped only when
  its generation folder is cleaned up. A Milvus alias would switch under a reader mid-request
  and keep no such claim, so none is used.
- **One collection per generation, one row per chunk**: ``dense`` (FLOAT_VECTOR, metric IP on
  L2-normalised vectors: the same scores as FAISS's ``IndexFlatIP``), ``sparse`` (the item's
  BM25 document vector, on the item's first chunk only; its other chunks carry a single
  reserved term no query holds, because Milvus refuses empty sparse vectors), ``item`` (the
  item's position), ``lexical`` (whether the row carries the BM25 vector), and filter fields
  (``departments`` as ``|a|b|`` for a vectorised ``like``, ``year``, ``period``, ``issuer``,
  ``report``, ``kind``) for filtered queries on a large deployment (docs/milvus.md).
- **BM25 client-side** with wrsearch's own jieba tokenizer, so it is the same on milvus-lite
  and a cluster (lite's server-side BM25 with a Chinese analyzer is broken): a document row
  carries tf/(tf + k1·(1 − b + b·dl/avgdl)) per term, a query carries idf × the searcher's
  term weight, and their inner product is bm25s's Lucene score. Term ids are positions in the
  generation's vocabulary (``terms.json``, which also gives document frequencies and idf
  without asking Milvus): no hash collisions, and each generation has its own collection.
- An update (``index``, ``add``, ``remove``) writes a whole new collection: adding a report
  changes avgdl and so every document's BM25 weights. Vectors come from the local embedding
  cache, so only changed chunks are embedded.

pymilvus is imported only here and in :mod:`wrsearch.search.milvus_retriever`, lazily, so the
local backend never loads it.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from wrsearch.errors import BadInput, IndexUnavailable
from wrsearch.options import Choice

log = logging.getLogger("wrsearch.index")

URI_ENV = "WRSEARCH_MILVUS_URI"
TOKEN_ENV = "WRSEARCH_MILVUS_TOKEN"
DB_ENV = "WRSEARCH_MILVUS_DB"
DEFAULT_LITE_FILE = "milvus.db"  # inside the index folder when no URI is given
TERMS_FILE = "terms.json"
COLLECTION_PREFIX = "wrsearch_"
K1, B = 1.5, 0.75  # bm25s's defaults (index/lexical.py builds the local index with them)
NO_TERM = 2**32 - 2  # the reserved sparse dimension of rows that carry no BM25 vector
INSERT_BATCH = 2000
CONNECT_TIMEOUT = 10.0  # seconds
MAX_FIELD = 4096  # VARCHAR length of the department field


class Backend(Choice):
    """Where the searchable index lives: ``local`` (FAISS + bm25s arrays in the generation
    folder, the default) or ``milvus`` (a collection in Milvus or milvus-lite)."""

    __choice_name__ = "backend"
    __choice_error__ = "未知的后端 '{value}';可用:{valid}"

    LOCAL = "local"
    MILVUS = "milvus"


@dataclass(frozen=True)
class MilvusConfig:
    """Where the collections live: ``uri`` is a milvus-lite file (an absolute path ending in
    ``.db``) or a server (``http(s)://host:19530``); ``db`` the server's database (default
    ``default``). The token is never recorded: it comes from ``$WRSEARCH_MILVUS_TOKEN``."""

    uri: str
    db: str = ""

    @property
    def is_lite(self) -> bool:
        return not re.match(r"^(https?|tcp|unix)://", self.uri)

    @classmethod
    def resolve(cls, uri: str | None, index_dir: Path) -> MilvusConfig:
        """The configuration from ``uri``, else ``$WRSEARCH_MILVUS_URI``, else a milvus-lite file
        ``milvus.db`` in the index folder; :class:`BadInput` for a URI that cannot be one."""
        raw = (uri or os.environ.get(URI_ENV) or "").strip()
        if not raw:
            return cls(str((index_dir / DEFAULT_LITE_FILE).resolve()), "")
        db = os.environ.get(DB_ENV, "").strip()
        if "://" in raw:
            if not re.match(r"^(https?|tcp|unix)://[^\s/]+", raw):
                raise BadInput(
                    f"Milvus 地址无效:'{raw[:80]}';应为 http://主机:19530 这样的服务器地址,或以 .db 结尾的 milvus-lite 文件路径"
                )
            return cls(raw, db)
        if not raw.endswith(".db"):
            raise BadInput(f"Milvus 地址无效:'{raw[:80]}';milvus-lite 的文件路径须以 .db 结尾(如 index/milvus.db)")
        path = Path(raw).expanduser().resolve()
        if path.exists() and not path.is_dir():
            raise BadInput(f"Milvus 地址无效:'{raw[:80]}' 是一个普通文件,不是 milvus-lite 数据库文件夹")
        return cls(str(path), "")

    @classmethod
    def from_manifest(cls, manifest: dict) -> MilvusConfig:
        info = manifest.get("milvus") or {}
        return cls(info.get("uri", ""), info.get("db", ""))

    def describe(self) -> str:
        return self.uri + (f" (数据库 {self.db})" if self.db else "")


def check_workers(index_dir: Path, workers: int) -> None:
    """:class:`BadInput` for several server workers on a milvus-lite index: lite lets one
    process open its file."""
    from wrsearch.index.layout import live_manifest

    manifest = live_manifest(index_dir)
    if workers > 1 and manifest.get("backend") == Backend.MILVUS.value and MilvusConfig.from_manifest(manifest).is_lite:
        raise BadInput(
            f"{index_dir} 的索引在 milvus-lite 文件中,只允许一个进程打开:请用 --workers 1,或改用 Milvus 服务器(docs/milvus.md)"
        )


def import_pymilvus():
    """pymilvus, or :class:`BadInput` saying how to install it."""
    try:
        import pymilvus
    except ImportError:
        raise BadInput("Milvus 后端需要 pymilvus 与 milvus-lite:pip install 'wrsearch[milvus]'") from None
    return pymilvus


_clients: dict[tuple[str, str], object] = {}
LITE_LOCKED = "它正被另一个进程打开(milvus-lite 只允许一个进程使用,例如正在运行的 wrsearch serve)"


def connect(config: MilvusConfig, for_writing: bool = False):
    """A client for ``config`` (one per URI and database in a process: milvus-lite lets only one
    process open a file, and its in-process server is shared). A connection failure is
    :class:`BadInput` when writing (the URI was just given) and :class:`IndexUnavailable` when
    reading an index that named it."""
    key = (config.uri, config.db)
    if key in _clients:
        return _clients[key]
    pymilvus = import_pymilvus()
    kwargs: dict = {"uri": config.uri, "timeout": CONNECT_TIMEOUT}
    if not config.is_lite:
        token = os.environ.get(TOKEN_ENV, "")
        if token:
            kwargs["token"] = token
        if config.db:
            kwargs["db_name"] = config.db
    else:
        Path(config.uri).parent.mkdir(parents=True, exist_ok=True)
        # pymilvus pings every 10 s; lite's in-process gRPC server answers an idle client's
        # pings with GOAWAY (too_many_pings), logged on stderr and a reconnect. On loopback
        # keepalive guards nothing: off.
        kwargs["grpc_options"] = {"grpc.keepalive_time_ms": 2**31 - 1, "grpc.keepalive_permit_without_calls": 0}
        if _lite_locked(config.uri):  # fail at once, not after pymilvus's connection timeout
            raise (BadInput if for_writing else IndexUnavailable)(f"无法连接 Milvus {config.describe()}:{LITE_LOCKED}")
    # milvus-lite logs a traceback when its file is locked; the message below says it plainly.
    logging.getLogger("milvus_lite").setLevel(logging.CRITICAL)
    try:
        client = pymilvus.MilvusClient(**kwargs)
        client.list_collections()
    except Exception as error:  # pymilvus raises MilvusException, ConnectionError, ValueError…
        if config.is_lite and _lite_locked(config.uri):
            reason = LITE_LOCKED
        else:
            reason = _short(error)
        message = f"无法连接 Milvus {config.describe()}:{reason}"
        raise (BadInput if for_writing else IndexUnavailable)(message) from None
    _clients[key] = client
    return client


def _lite_locked(path: str) -> bool:
    """Whether another process holds the milvus-lite folder's ``LOCK`` (lite takes an exclusive
    lock on it, flock on POSIX, msvcrt on Windows, as ``filelock`` does)."""
    from filelock import FileLock, Timeout

    if not (Path(path) / "LOCK").exists():
        return False
    probe = FileLock(Path(path) / "LOCK", thread_local=False)
    try:
        probe.acquire(timeout=0)
    except Timeout:
        return True
    except OSError:
        return False
    probe.release()
    return False


def _short(error: Exception) -> str:
    text = getattr(error, "message", None) or str(error) or type(error).__name__
    return " ".join(str(text).split())[:200]


def collection_name(generation: str) -> str:
    """The collection of a generation folder ``gen-<stamp>-<hex>``: ``wrsearch_gen_<stamp>_<hex>``."""
    return COLLECTION_PREFIX + re.sub(r"\W", "_", generation)


# -- client-side BM25 ------------------------------------------------------------------------
@dataclass
class TermTable:
    """The generation's vocabulary for client-side BM25: each term's sparse dimension and
    document frequency, the number of documents and their mean length (bm25s's Lucene
    variant: idf = ln(1 + (N − df + 0.5)/(df + 0.5)), k1 = 1.5, b = 0.75)."""

    terms: dict[str, tuple[int, int]]  # term → (dimension, document frequency)
    n_docs: int
    avgdl: float
    k1: float = K1
    b: float = B

    @classmethod
    def build(cls, documents: Sequence[list[str]]) -> TermTable:
        df: Counter[str] = Counter()
        for tokens in documents:
            df.update(set(tokens))
        lengths = [len(tokens) for tokens in documents]
        avgdl = sum(lengths) / max(len(lengths), 1)
        return cls({t: (n, c) for n, (t, c) in enumerate(sorted(df.items()))}, len(documents), avgdl)

    def document_frequency(self, token: str) -> int:
        entry = self.terms.get(token)
        return 0 if entry is None else entry[1]

    def idf(self, df: int) -> float:
        return math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))

    def document_vector(self, tokens: list[str]) -> dict[int, float]:
        """A document's BM25 weights: tf/(tf + k1·(1 − b + b·dl/avgdl)) per term."""
        norm = self.k1 * (1 - self.b + self.b * len(tokens) / (self.avgdl or 1.0))
        vector = {self.terms[t][0]: tf / (tf + norm) for t, tf in Counter(tokens).items() if t in self.terms}
        return vector or {NO_TERM: 1.0}

    def query_vector(self, tokens: list[str], weights: dict[str, float] | None = None) -> dict[int, float]:
        """A query's weights: idf × the term's weight (default 1) for every known term."""
        vector: dict[int, float] = {}
        for token in dict.fromkeys(t for t in tokens if t):
            weight = 1.0 if weights is None else weights.get(token, 0.0)
            entry = self.terms.get(token)
            if entry is not None and weight > 0:
                vector[entry[0]] = weight * self.idf(entry[1])
        return vector

    def save(self, folder: Path) -> None:
        data = {k: v for k, v in asdict(self).items() if k != "terms"}
        data["terms"] = {t: list(v) for t, v in self.terms.items()}
        (folder / TERMS_FILE).write_text(json.dumps(data, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, folder: Path) -> TermTable:
        data = json.loads((folder / TERMS_FILE).read_text("utf-8"))
        terms = {t: (int(v[0]), int(v[1])) for t, v in data.pop("terms").items()}
        return cls(terms, **data)


# -- writing a generation's collection ------------------------------------------------------------
def _schema(client, dim: int):
    from pymilvus import DataType

    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("chunk", DataType.INT64, is_primary=True)
    schema.add_field("item", DataType.INT64)
    schema.add_field("lexical", DataType.BOOL)
    schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("report", DataType.VARCHAR, max_length=512)
    schema.add_field("departments", DataType.VARCHAR, max_length=MAX_FIELD)
    schema.add_field("year", DataType.INT64)
    schema.add_field("period", DataType.VARCHAR, max_length=64)
    schema.add_field("issuer", DataType.VARCHAR, max_length=64)
    schema.add_field("kind", DataType.VARCHAR, max_length=32)
    return schema


def _index_params(client, config: MilvusConfig):
    params = client.prepare_index_params()
    if config.is_lite:
        # Lite searches exactly either way; FLAT keeps the local backend's exact scores.
        params.add_index("dense", index_type="FLAT", metric_type="IP")
    else:
        params.add_index("dense", index_type="HNSW", metric_type="IP", params={"M": 16, "efConstruction": 200})
        for field in ("report", "period", "issuer", "kind", "year", "item"):
            params.add_index(field, index_type="INVERTED")
    params.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    return params


def write_collection(
    config: MilvusConfig,
    generation: str,
    items: Sequence,
    documents: Sequence[list[str]],
    chunk_item: np.ndarray,
    vectors: np.ndarray,
    terms: TermTable,
) -> str:
    """Create the generation's collection and fill it; returns its name once every row is
    counted in it. On any failure the collection is dropped and the error raised (the caller
    then keeps the old generation)."""
    client = connect(config, for_writing=True)
    name = collection_name(generation)
    if client.has_collection(name):
        client.drop_collection(name)
    client.create_collection(
        name,
        schema=_schema(client, int(vectors.shape[1])),
        index_params=_index_params(client, config),
        consistency_level="Strong",  # a search sees every row written before the switch
    )
    try:
        first = np.ones(len(chunk_item), dtype=bool)
        first[1:] = chunk_item[1:] != chunk_item[:-1]  # chunks are stored item by item, task first
        rows: list[dict] = []
        for position, item_position in enumerate(chunk_item.tolist()):
            item = items[item_position]
            rows.append(
                {
                    "chunk": position,
                    "item": item_position,
                    "lexical": bool(first[position]),
                    "dense": vectors[position].tolist(),
                    "sparse": terms.document_vector(documents[item_position]) if first[position] else {NO_TERM: 1.0},
                    "report": item.report,
                    "departments": ("|" + "|".join(item.departments) + "|")[:MAX_FIELD],
                    "year": item.year if item.year is not None else -1,
                    "period": item.period or "",
                    "issuer": item.issuer or "",
                    "kind": item.kind or "",
                }
            )
            if len(rows) >= INSERT_BATCH:
                client.insert(name, rows)
                rows = []
        if rows:
            client.insert(name, rows)
        client.flush(name)
        client.load_collection(name)
        counted = client.query(name, filter="", output_fields=["count(*)"])[0]["count(*)"]
        if counted != len(chunk_item):
            raise IndexUnavailable(f"Milvus 集合 {name} 只写入了 {counted}/{len(chunk_item)} 行;原索引未改动")
    except BaseException:
        drop_collection(config, name)
        raise
    return name


def drop_collection(config: MilvusConfig, name: str) -> None:
    """Drop a collection if it exists; failures are logged (a leftover costs space, not answers)."""
    try:
        client = connect(config)
        if client.has_collection(name):
            client.drop_collection(name)
    except Exception as error:
        log.warning("cannot drop Milvus collection %s at %s: %s", name, config.uri, _short(error))


def drop_generation(folder: Path) -> None:
    """Drop the collection of a generation folder that is being deleted, if it has one."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return
    if manifest.get("backend") == Backend.MILVUS.value and (manifest.get("milvus") or {}).get("collection"):
        drop_collection(MilvusConfig.from_manifest(manifest), manifest["milvus"]["collection"])
