"""Round 16t: the query cut. A query is cut with the report's own dictionary (jieba's words
found in the report, its terms, staff's everyday words) and jieba's HMM, which glues the
characters of words the report does not hold into non-words: 下雨积水 → 下雨积 / 水, 湖水发臭 →
湖水发 / 臭, 外贸进出口 → 外贸进 / 出口, 物业不作为 → 物业 / 不作 (``benchmarks/results/round16-cuts.json``
lists every dev row whose cut crosses a word of jieba's full dictionary).

Variants of ``Tokenizer.question_tokens`` run through the real search (hybrid and bm25; the
dense side embeds the query text, which no cut changes) over every search dev set:
- ``in use``;
- ``no-hmm``: the same dictionary, no HMM (unknown characters stay single);
- ``oov-full``: no HMM, and every run of two or more single characters the report's dictionary
  leaves is cut again by jieba's full dictionary (下雨积水 → 下雨 / 积水; 湖水 / 发臭);
- ``full``: the whole query cut by jieba's full dictionary and the everyday words, no HMM.
Each is chosen or not by the nested leave-one-set-out of ``study.py`` (fewest (set, type) pairs
below a half, then the mean topic nDCG@10 of the sets).

    ROUND16_WORK=/tmp/r16t python benchmarks/round16/cuts.py
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import statistics
import sys
from pathlib import Path

import jieba

from wrsearch.engine import Engine
from wrsearch.evaluate import CUTOFF, ndcg
from wrsearch.index import lexical
from wrsearch.index.lexical import Tokenizer, everyday_words
from wrsearch.search.fusion import Mode
from wrsearch.text import fold

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("ROUND16_WORK", "/tmp/r16t"))
OUT = ROOT / "benchmarks" / "results" / "round16-cuts.json"
TYPES = ("topic", "factoid", "dept", "none")
ORIGINAL = Tokenizer.question_tokens
_FULL = None


def full_dictionary():
    global _FULL
    if _FULL is None:
        jieba.setLogLevel(logging.WARNING)
        _FULL = jieba.Tokenizer()
        _FULL.initialize()
        for word, freq in everyday_words({}).items():
            _FULL.add_word(word, freq=freq)
    return _FULL


def query_cutter(self: Tokenizer):
    if getattr(self, "_query_jieba", None) is None:
        self._query_jieba = Tokenizer({**self.frequencies, **everyday_words(self.frequencies)})._jieba
    return self._query_jieba


def no_hmm(self: Tokenizer, text: str) -> list[str]:
    return [t for t in query_cutter(self).cut_for_search(fold(text).lower(), HMM=False) if lexical._WORD_RE.search(t)]


def oov_full(self: Tokenizer, text: str) -> list[str]:
    cutter, full = query_cutter(self), full_dictionary()
    text = fold(text).lower()
    pieces = list(cutter.cut(text, HMM=False))
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 2:
            out.extend(full.cut_for_search("".join(run), HMM=False))
        else:
            out.extend(run)
        run.clear()

    for piece in pieces:
        if len(piece) == 1 and lexical._WORD_RE.search(piece) and not cutter.FREQ.get(piece):
            run.append(piece)
            continue
        flush()
        out.extend(cutter.cut_for_search(piece, HMM=False))
    flush()
    return [t for t in out if lexical._WORD_RE.search(t)]


def full_cut(self: Tokenizer, text: str) -> list[str]:
    return [t for t in full_dictionary().cut_for_search(fold(text).lower(), HMM=False) if lexical._WORD_RE.search(t)]


VARIANTS = {"in use": ORIGINAL, "no-hmm": no_hmm, "oov-full": oov_full, "full": full_cut}


def main() -> None:
    data = pickle.loads((WORK / "capture.pkl").read_bytes())
    captured = {(r["set"], r["id"]): r for r in data["rows"]}
    engines: dict[str, Engine] = {}
    results: dict[str, dict] = {}
    for name, fn in VARIANTS.items():
        Tokenizer.question_tokens = fn
        for e in engines.values():  # plans are not cached across variants
            pass
        res = results[name] = {}
        for (set_name, rid), row in captured.items():
            which = row["index"]
            engine = engines.setdefault(which, Engine(WORK / "idx" / which))
            out = {}
            for mode in (Mode.HYBRID, Mode.BM25):
                hits = engine.search(row["query"], k=CUTOFF, report=row["report"], mode=mode).hits
                if row["type"] == "none":
                    out[mode.value] = 0.0 if any(h.confident for h in hits) else 1.0
                else:
                    out[mode.value] = ndcg([h.no for h in hits], row["relevant"])
            if row["type"] == "none":
                out["dense"] = 0.0 if any(row["dense_confident"]) else 1.0
            else:
                out["dense"] = ndcg(row["dense"], row["relevant"])
            res[f"{set_name}/{rid}"] = out
        print(name, "done", flush=True)
    Tokenizer.question_tokens = ORIGINAL
    sets = list(dict.fromkeys(r["set"] for r in captured.values()))
    rows_of = {(s, t): [f"{s}/{r['id']}" for r in captured.values() if r["set"] == s and r["type"] == t] for s in sets for t in TYPES}
    rows_of = {k: v for k, v in rows_of.items() if v}
    base = results["in use"]

    def figs(name):
        res = results[name]
        return {p: (statistics.fmean(res[i]["hybrid"] for i in ids), statistics.fmean(base[i]["bm25"] for i in ids),
                    statistics.fmean(res[i]["bm25"] for i in ids), statistics.fmean(base[i]["dense"] for i in ids)) for p, ids in rows_of.items()}

    F = {name: figs(name) for name in VARIANTS}

    def below(f, s_list):
        return sum(1 for (s, t), x in f.items() if s in s_list and x[0] < max(x[1:]) - 1e-9)

    def topic(f, s_list):
        return statistics.fmean(x[0] for (s, t), x in f.items() if s in s_list and t == "topic")

    def choose(s_list):
        best, val = "in use", (-below(F["in use"], s_list), topic(F["in use"], s_list))
        for name in VARIANTS:
            v = (-below(F[name], s_list), topic(F[name], s_list))
            if v > val:
                best, val = name, v
        return best

    report = {"on_all": {n: {"below": below(F[n], sets), "topic": round(topic(F[n], sets), 4)} for n in VARIANTS}, "left_out": {}}
    for n in VARIANTS:
        print(n, report["on_all"][n], flush=True)
    lo = {}
    for s in sets:
        c = choose([x for x in sets if x != s])
        lo[s] = {"chosen": c, "topic": round(F[c][(s, "topic")][0], 4), "in_use_topic": round(F["in use"][(s, "topic")][0], 4),
                 "below": [t for t in TYPES if (s, t) in F[c] and F[c][(s, t)][0] < max(F[c][(s, t)][1:]) - 1e-9]}
        print(s, lo[s], flush=True)
    report["left_out"] = lo
    report["left_out_topic_mean"] = round(statistics.fmean(v["topic"] for v in lo.values()), 4)
    report["left_out_below"] = sum(len(v["below"]) for v in lo.values())
    report["per_set"] = {n: {"/".join(p): [round(x, 4) for x in f] for p, f in F[n].items()} for n in VARIANTS}
    report["moved_topic_rows"] = {
        n: {k: [round(base[k]["hybrid"], 3), round(v["hybrid"], 3)] for k, v in results[n].items() if abs(v["hybrid"] - base[k]["hybrid"]) > 1e-9}
        for n in VARIANTS if n != "in use"
    }
    print("left out topic mean", report["left_out_topic_mean"], "below", report["left_out_below"])
    OUT.write_text(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
