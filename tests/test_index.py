"""The index on disk: manifest, incremental embedding, atomic swap, failures that change nothing."""

from __future__ import annotations

import errno
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import wrsearch
from wrsearch.engine import Engine
from wrsearch.errors import BadInput, ConfigError, IndexUnavailable
from wrsearch.index.build import build_index
from wrsearch.index.corpus import CorpusError, current_entries
from wrsearch.index.layout import current_generation, writer_lock
from wrsearch.index.loaded import list_reports, load_index

from conftest import SEED


def test_manifest_records_embedder_dimension_hashes_and_counts(seed_index):
    manifest = json.loads((current_generation(seed_index) / "manifest.json").read_text("utf-8"))
    assert manifest["embedder"] == "e5-small" and manifest["dim"] == 384
    assert manifest["schema_version"] == 5
    assert manifest["counts"]["items"] == 69 and manifest["counts"]["reports"] == 1
    assert len(manifest["corpus"]["wuchang-2021-q1"]) == 64
    assert manifest["faiss_index"]["kind"] == "flat-ip"  # small: exact search


def test_rebuilding_an_unchanged_corpus_embeds_nothing(seed_corpus, index_copy):
    summary = build_index(seed_corpus, index_copy)
    assert summary.embedded == 0 and summary.items == 69


def test_a_changed_item_re_embeds_only_that_item(tmp_path, index_copy):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = SEED.read_text("utf-8").replace("完成管网修复25.03公里", "完成管网修复26.5公里")
    (corpus / SEED.name).write_text(text, "utf-8")
    summary = build_index(corpus, index_copy)
    assert 1 <= summary.embedded <= 3  # the progress windows of item 35 that hold the figure
    assert "26.5公里" in Engine(index_copy).show("wuchang-2021-q1#35").progress


def test_a_bad_file_fails_the_build_and_leaves_the_index_untouched(tmp_path, index_copy):
    before = current_generation(index_copy)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus)
    (corpus / "notes.txt").write_text("这里没有任何编号事项。", "utf-8")
    with pytest.raises(CorpusError, match="notes.txt"):
        build_index(corpus, index_copy)
    assert current_generation(index_copy) == before
    assert not list(index_copy.glob(".tmp-*"))
    assert Engine(index_copy).health().items == 69


@pytest.mark.parametrize("setup", ["missing", "empty"])
def test_missing_or_empty_corpus_folder(tmp_path, setup):
    corpus = tmp_path / "corpus"
    if setup == "empty":
        corpus.mkdir()
    with pytest.raises(CorpusError):
        build_index(corpus, tmp_path / "index")
    assert not (tmp_path / "index" / "CURRENT").exists()


def test_a_failure_while_writing_leaves_no_half_written_index(seed_corpus, index_copy, monkeypatch):
    before = current_generation(index_copy)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("wrsearch.index.build.np.save", broken)
    with pytest.raises(IndexUnavailable, match="原索引未改动"):
        build_index(seed_corpus, index_copy)
    assert current_generation(index_copy) == before
    assert not list(index_copy.glob(".tmp-*"))


def test_no_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexUnavailable, match="wrsearch index"):
        Engine(tmp_path / "nothing")


def test_searching_with_another_embedder_is_an_error(seed_index):
    with pytest.raises(BadInput, match="嵌入模型是 'e5-small'"):
        Engine(seed_index, embedder="st:some/other-model")


def test_unknown_embedder_name_lists_the_valid_ones(seed_corpus, tmp_path):
    with pytest.raises(BadInput, match="valid: e5-small, e5-small-onnx, e5-small-onnx-fp32, st:"):
        build_index(seed_corpus, tmp_path / "index", embedder="word2vec")


# --- hardening (issue 16) ------------------------------------------------------------------
def test_a_full_disk_is_a_clear_error_and_the_old_index_stays(seed_corpus, index_copy, monkeypatch):
    before = current_generation(index_copy)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("wrsearch.index.build.np.save", full)
    with pytest.raises(IndexUnavailable, match="磁盘空间不足") as raised:
        build_index(seed_corpus, index_copy)
    assert "原索引未改动" in str(raised.value)
    assert current_generation(index_copy) == before
    assert not list(index_copy.glob(".tmp-*")) and sorted(index_copy.glob("gen-*")) == [before]
    assert Engine(index_copy).health().items == 69


def test_a_full_disk_while_switching_current_leaves_the_old_index(seed_corpus, index_copy, monkeypatch):
    before = current_generation(index_copy)
    real_replace = os.replace

    def full(source, target, *args, **kwargs):
        if Path(target).name == "CURRENT":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr("wrsearch.index.layout.os.replace", full)
    with pytest.raises(IndexUnavailable, match="磁盘空间不足"):
        build_index(seed_corpus, index_copy)
    assert current_generation(index_copy) == before
    assert sorted(index_copy.glob("gen-*")) == [before] and not list(index_copy.glob(".CURRENT.*"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names open files through /proc")
def test_the_new_generation_is_on_disk_before_current_switches(seed_corpus, index_copy, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    def replace(source, target, *args, **kwargs):
        events.append(("replace", str(target)))
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    build_index(seed_corpus, index_copy)
    new = current_generation(index_copy)
    switch = events.index(("replace", str(index_copy / "CURRENT")))
    synced = {path for kind, path in events[:switch] if kind == "fsync"}
    root = index_copy.resolve()
    for name in ("manifest.json", "items.sqlite", "columns.npz", "chunks.jsonl", "vectors.npy", "faiss.index", "bm25"):
        assert str(root / new.name / name) in synced, name
    assert str(root / new.name) in synced and str(root) in synced  # the folders, for the new names
    assert any(Path(path).name.startswith(".CURRENT.") for path in synced)  # the new pointer itself
    assert ("fsync", str(root)) in events[switch:]  # and the switch


def test_index_files_are_closed_after_reading(seed_index):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        loaded = load_index(seed_index)
        assert len(loaded.chunks) == loaded.manifest["counts"]["chunks"]
        assert current_entries(seed_index)
        del loaded
        gc.collect()
    # Only this index's files: garbage of other tests (sockets…) may be collected here too.
    leaks = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert not [leak for leak in leaks if str(seed_index) in leak], leaks


def test_a_damaged_report_list_is_a_clear_error(index_copy):
    (current_generation(index_copy) / "reports.json").write_text("{not json", "utf-8")
    with pytest.raises(IndexUnavailable, match="索引无法读取"):
        list_reports(index_copy)


def test_nothing_imports_a_posix_only_locking_module(tmp_path):
    src = Path(wrsearch.__file__).parent
    assert not [p.name for p in src.rglob("*.py") if re.search(r"^\s*(import|from)\s+fcntl", p.read_text(), re.M)]
    # On a system without fcntl (Windows) the index modules import and the writer lock works.
    script = (
        "import sys; sys.modules['fcntl'] = None\n"
        "from pathlib import Path\n"
        "import wrsearch.index.build, wrsearch.index.loaded\n"
        "from wrsearch.index.layout import writer_lock\n"
        f"with writer_lock(Path({str(tmp_path)!r})):\n"
        "    print('locked')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "locked" in result.stdout, result.stderr[-2000:]


def test_a_bad_lock_wait_is_a_clear_error(index_copy, monkeypatch):
    monkeypatch.setenv("WRSEARCH_LOCK_WAIT", "soon")
    with pytest.raises(ConfigError, match="WRSEARCH_LOCK_WAIT"):
        with writer_lock(index_copy):
            pass


def _source(tmp_path: Path, report_id: str):
    from wrsearch.ingest.read import parse_bytes

    raw = (
        "2021年区《政府工作报告》责任分解事项 1-9月份完成情况\n"
        "1.建设智慧停车场3处。(责任单位:区城管局)\n完成情况:【测试数据】已建成2处。\n"
    ).encode()
    return (parse_bytes(raw, f"{report_id}.txt"), raw, f"{report_id}.txt")


READER = """
import sys
from wrsearch.index.loaded import load_index
index = load_index(sys.argv[1])
print(index.folder.name, flush=True)
sys.stdin.readline()
"""


@pytest.mark.slow
def test_generations_in_use_are_kept_until_their_readers_go(index_copy, tmp_path):
    from wrsearch.index.build import add_reports, remove_report

    first = Engine(index_copy)  # a reader in this process (a server's engine)
    add_reports([_source(tmp_path, "t-2021-q3")], index_copy)
    second = current_generation(index_copy).name
    # A reader in another process, as `wrsearch serve` next to `wrsearch add`.
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(index_copy)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert reader.stdout.readline().strip() == second
        remove_report("t-2021-q3", index_copy)
        third = current_generation(index_copy).name
        add_reports([_source(tmp_path, "t-2021-q3")], index_copy)
        # Both read generations survive two and three later writes; the unread third does not.
        names = {p.name for p in index_copy.glob("gen-*")}
        assert {first.generation, second} <= names and third not in names
        assert len(first.index.chunks) == first.index.manifest["counts"]["chunks"]  # its files are there
        assert first.search("口袋公园").hits[0].id == "wuchang-2021-q1#32"
    finally:
        reader.kill()  # like kill -9: its claim dies with it
        reader.wait()
    old = first.generation
    del first
    gc.collect()
    remove_report("t-2021-q3", index_copy)
    assert [p.name for p in index_copy.glob("gen-*")] == [current_generation(index_copy).name]
    assert old not in {p.name.split(".", 1)[0] for p in (index_copy / "readers").glob("*")}  # markers cleaned
    assert Engine(index_copy).health().items == 69
