"""The item store (index/store.py): items read by position from SQLite, filter columns, an
old index refused and rebuilt, and queries that read only the items they return."""

from __future__ import annotations

import json

import numpy as np
import pytest

from wrsearch.engine import Engine
from wrsearch.errors import IndexUnavailable
from wrsearch.index.build import build_index
from wrsearch.index.corpus import read_corpus
from wrsearch.index.layout import current_generation
from wrsearch.index.loaded import load_index
from wrsearch.search.retriever import LocalRetriever


def parsed_items(seed_corpus):
    return [item for entry in read_corpus(seed_corpus) for item in entry.report.items]


def test_the_store_holds_the_parsed_items_in_order(seed_index, seed_corpus):
    loaded = load_index(seed_index)
    store, parsed = loaded.items, parsed_items(seed_corpus)
    assert len(store) == len(parsed) == 69
    assert [item.id for item in store] == [item.id for item in parsed]
    assert [(i.task, i.departments, i.progress, i.roles) for i in store] == [
        (i.task, i.departments, i.progress, i.roles) for i in parsed
    ]
    assert store[-1].id == parsed[-1].id and [i.id for i in store[3:6]] == [i.id for i in parsed[3:6]]
    assert store.position("wuchang-2021-q1#18") == [i.id for i in parsed].index("wuchang-2021-q1#18")
    assert store.position("wuchang-2021-q1#999") is None
    with pytest.raises(IndexError):
        store[69]
    loaded.close()


def test_the_columns_agree_with_the_items(seed_index):
    loaded = load_index(seed_index)
    columns = loaded.columns
    for position, item in enumerate(loaded.items):
        assert columns.label("report", position) == item.report
        assert columns.label("period", position) == item.period
        assert columns.label("issuer", position) == item.issuer
        assert int(columns.year[position]) == (item.year if item.year is not None else -1)
        assert bool(columns.numbered[position]) == (item.no is not None)
        names = [columns.departments[code] for code in columns.departments_of(position)]
        assert names == item.departments
    counts = columns.department_counts()
    assert counts["区水务湖泊局"] == sum("区水务湖泊局" in item.departments for item in loaded.items)
    loaded.close()


def test_a_search_reads_only_the_items_it_returns(seed_index):
    engine = Engine(seed_index)
    engine.search("雨污分流", k=1)  # the embedder and the statuses of the first hit load
    store = engine.index.items
    store._cache.clear()
    engine.searcher.statuses._items.clear()
    statements: list[str] = []
    store._connection.set_trace_callback(statements.append)
    response = engine.search("雨污分流", k=3, dept="区水务湖泊局")
    store._connection.set_trace_callback(None)
    reads = [s for s in statements if "FROM items" in s]
    assert len(response.hits) == 3 and len(reads) == 3, reads


def test_item_similarity_within_a_report_is_the_exhaustive_one(engine):
    retriever = engine.searcher.retriever
    assert isinstance(retriever, LocalRetriever)
    vector = np.asarray(retriever.item_vectors()[17])
    everything = retriever.dense_similarity(vector, exhaustive=True)
    positions = np.arange(10, 40)
    assert np.array_equal(retriever.dense_similarity_of(vector, positions), everything[positions])


def test_an_index_of_the_old_layout_is_refused_then_rebuilt_without_embedding(index_copy, seed_corpus):
    generation = current_generation(index_copy)
    loaded = load_index(index_copy)
    records = [item.to_record() for item in loaded.items]
    loaded.close()
    # What an index written before the item store holds: items.jsonl, schema 4.
    with (generation / "items.jsonl").open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    for name in ("items.sqlite", "columns.npz", "columns.json", "item_vectors.npy", "task_vectors.npy"):
        (generation / name).unlink()
    manifest = json.loads((generation / "manifest.json").read_text("utf-8"))
    (generation / "manifest.json").write_text(json.dumps({**manifest, "schema_version": 4}), "utf-8")
    with pytest.raises(IndexUnavailable, match="schema 4.*请重建:wrsearch index"):
        Engine(index_copy)
    summary = build_index(seed_corpus, index_copy)
    assert summary.embedded == 0 and summary.items == 69
    assert Engine(index_copy).search("雨污分流", k=1).hits[0].id == "wuchang-2021-q1#35"
