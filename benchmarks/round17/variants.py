"""Round 17: score search variants on every search dev set (each fixture report indexed alone,
the seed report for the seed's sets), hybrid, every query type, per set — for a leave-one-set-out
choice (``choose.py``). The validation sets (retrieval_blind18, retrieval_blind19) are never run.

usage: PYTHONPATH=src python benchmarks/round17/variants.py OUT.json NAME=K:V[,K:V] ...
where each NAME is a variant setting module constants of ``wrsearch.search.searcher``
(``base`` = the values in use). Query vectors are memoised across variants."""

from __future__ import annotations

import json
import shutil
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
WORK = Path("/tmp/ret17/idx")
VALIDATION = {"rongwan", "lingxi"}  # held out this round: in no tuning run (reasons.py VALIDATION=1 at the end)


def index_for(sets) -> Path:
    """The set's report indexed alone under ``WORK`` (built once; the seed report for the seed's sets)."""
    import test_quality
    from wrsearch.index.build import build_index

    key = (sets.report or "seed").replace("/", "_")
    folder = WORK / key
    if not (folder / "CURRENT").exists():
        corpus = WORK / (key + "-corpus")
        corpus.mkdir(parents=True, exist_ok=True)
        source = test_quality.FIXTURES / sets.report if sets.report else ROOT / "corpus" / "wuchang-2021-q1.txt"
        shutil.copy(source, corpus / source.name)
        build_index(corpus, folder)
    return folder


def engines():
    import test_quality
    from wrsearch.engine import Engine

    seen: dict[Path, Engine] = {}
    for sets in test_quality.SETS:
        if sets.name in VALIDATION or not sets.search:
            continue
        folder = index_for(sets)
        if folder not in seen:
            seen[folder] = Engine(folder)
        yield sets, seen[folder]


def main() -> None:
    from wrsearch.evaluate import evaluate, load_qrels
    from wrsearch.index.jieba_cache import use_cached_dictionary
    from wrsearch.search import searcher as S

    use_cached_dictionary()
    out = Path(sys.argv[1])
    variants = {}
    for spec in sys.argv[2:]:
        name, _, rest = spec.partition("=")
        variants[name] = {k: (float(v) if v.replace(".", "").isdigit() else v) for k, v in (kv.split(":") for kv in rest.split(",") if kv)}
    results = json.loads(out.read_text()) if out.exists() else {}
    defaults = {k: getattr(S, k) for v in variants.values() for k in v}
    for sets, engine in engines():
        embedder = engine.searcher._embedder()
        if not hasattr(embedder, "_memo"):
            embedder._memo = lru_cache(maxsize=None)(embedder.query)
            embedder.query = embedder._memo
        rows = load_qrels(sets.search, sets.split)
        for name, setting in variants.items():
            if sets.name in results.get(name, {}):
                continue  # scored by an earlier run into the same file
            for k, v in {**defaults, **setting}.items():
                setattr(S, k, v)
            engine.searcher.__dict__.pop("typicality", None)  # a cached property the variant may change
            modes = ["hybrid"]  # the variants change the hybrid only; bm25 and dense: retrun.py
            for mode in modes:
                res = evaluate(engine, rows, mode)["by_type"]
                results.setdefault(name, {}).setdefault(sets.name, {})[mode] = res
            print(name, sets.name, json.dumps({t: round(v.get("ndcg@10", v.get("no_confident_hit", 0)), 4) for t, v in results[name][sets.name]["hybrid"].items()}), flush=True)
        for k, v in defaults.items():
            setattr(S, k, v)
        out.write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
