"""Retrieval quality floors on labelled sets (a little below what was measured, so that
regressions fail), and the hybrid against each of its halves."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.evaluate import evaluate, load_qrels
from wrsearch.search.fusion import Mode

from conftest import DEV_SET

DATA = Path(__file__).parent / "data"
SETS = {"dev": DEV_SET, "own": DATA / "own.jsonl", "heldout": DATA / "heldout.jsonl"}
# Measured hybrid topic nDCG@10: dev 0.973, own 0.997 (synonyms written while labelling
# it), heldout 0.864 (labelled after tuning, never tuned on).
TOPIC_FLOOR = {"dev": 0.95, "own": 0.97, "heldout": 0.84}


@pytest.fixture(scope="module")
def results(engine):
    return {
        name: {mode: evaluate(engine, load_qrels(path), mode)["by_type"] for mode in Mode}
        for name, path in SETS.items()
    }


@pytest.mark.parametrize("name", SETS)
def test_topic_ndcg_floor(results, name):
    assert results[name][Mode.HYBRID]["topic"]["ndcg@10"] >= TOPIC_FLOOR[name]


@pytest.mark.parametrize("name", ["dev", "own"])
def test_factoids_first_and_departments_exact(results, name):
    by_type = results[name][Mode.HYBRID]
    assert by_type["factoid"]["top1"] == 1.0
    assert by_type["dept"]["precision"] == 1.0 and by_type["dept"]["recall"] == 1.0


@pytest.mark.parametrize("name", SETS)
def test_hybrid_is_never_worse_than_either_half(results, name):
    for kind, metrics in results[name][Mode.HYBRID].items():
        best_half = max(results[name][Mode.BM25][kind]["ndcg@10"], results[name][Mode.DENSE][kind]["ndcg@10"])
        assert metrics["ndcg@10"] >= best_half - 0.01, kind


def test_own_set_is_big_enough():
    rows = load_qrels(SETS["own"]) + load_qrels(SETS["heldout"])
    kinds = {row.type for row in rows}
    assert len(rows) >= 40 and {"topic", "factoid", "dept"} <= kinds
