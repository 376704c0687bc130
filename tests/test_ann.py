"""The vector index by size: exact below the threshold, IVF with tuned nprobe above it."""

from __future__ import annotations

import numpy as np

from wrsearch.index.vectors import build_vector_index, exact_top, jittered_vectors, recall_at_10


def clustered(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(64, dim))
    vectors = centres[rng.integers(0, 64, n)] + 0.3 * rng.normal(size=(n, dim))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_small_collections_use_exact_search():
    vectors = clustered(500)
    index, info = build_vector_index(vectors, threshold=1000)
    assert info["kind"] == "flat-ip" and index.ntotal == 500
    queries = jittered_vectors(vectors, 20)
    assert recall_at_10(index, vectors, queries) == 1.0


def test_large_collections_use_ivf_with_tuned_recall():
    vectors = clustered(20_000)
    index, info = build_vector_index(vectors, threshold=10_000)
    assert info["kind"] == "ivf-flat" and info["nlist"] >= 256 and info["recall@10"] >= 0.97
    assert index.nprobe == info["nprobe"]
    queries = jittered_vectors(vectors, 100, seed=1)  # other queries than the tuning ones
    assert recall_at_10(index, vectors, queries) >= 0.9


def test_exact_top_matches_brute_force():
    vectors = clustered(3000)
    queries = jittered_vectors(vectors, 10)
    truth = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]
    found = exact_top(vectors, queries, 10, block=700)
    assert all(set(a) == set(b) for a, b in zip(truth, found))
