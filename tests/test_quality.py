"""Retrieval quality floors on labelled sets (a little below what was measured, so that
regressions fail), and the hybrid against each of its halves."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.evaluate import evaluate, load_qrels
from wrsearch.search.fusion import Mode

from conftest import DEV_SET

DATA = Path(__file__).parent / "data"
SETS = {
    "dev": (DEV_SET, None),
    "own": (DATA / "own.jsonl", None),
    "heldout": (DATA / "heldout.jsonl", None),
    "v2-dev": (DATA / "retrieval_v2.jsonl", "dev"),
    "v2-heldout": (DATA / "retrieval_v2.jsonl", "heldout"),
}
# Measured hybrid topic nDCG@10 (README, "Quality"): dev 0.969, own 0.96+, heldout 0.90+
# (labelled after the first tuning, never tuned on), retrieval_v2 dev 0.942 / held-out 0.948
# (written before anything ran; weights chosen by cross-validation on the dev rows only).
TOPIC_FLOOR = {"dev": 0.95, "own": 0.95, "heldout": 0.86, "v2-dev": 0.93, "v2-heldout": 0.93}


@pytest.fixture(scope="module")
def results(engine):
    return {
        name: {mode: evaluate(engine, load_qrels(path, split), mode)["by_type"] for mode in Mode}
        for name, (path, split) in SETS.items()
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
        if kind == "none":
            continue
        best_half = max(results[name][Mode.BM25][kind]["ndcg@10"], results[name][Mode.DENSE][kind]["ndcg@10"])
        assert metrics["ndcg@10"] >= best_half - 0.01, kind


def test_nothing_to_find_means_no_confident_hit(results):
    for name in ("v2-dev", "v2-heldout"):
        assert results[name][Mode.HYBRID]["none"]["no_confident_hit"] >= 0.85, name


def test_related_pairs_and_their_reasons(engine):
    from wrsearch.evaluate import evaluate as run
    from wrsearch.index.lexical import boilerplate

    pairs = load_qrels(DATA / "related_pairs.jsonl", "dev")
    assert run(engine, pairs)["by_type"]["related"]["hit@5"] >= 0.85
    for row in load_qrels(DATA / "related_pairs.jsonl"):
        for hit in engine.related(f"wuchang-2021-q1#{row.query}", k=5).hits:
            assert not set(hit.shared_terms or []) & boilerplate(), (row.query, hit.id, hit.shared_terms)


def test_own_set_is_big_enough():
    rows = load_qrels(SETS["own"][0]) + load_qrels(SETS["heldout"][0])
    kinds = {row.type for row in rows}
    assert len(rows) >= 40 and {"topic", "factoid", "dept"} <= kinds
