"""Round 17: leave-one-set-out choice among search variants (``variants.py`` outputs), the rule of
round 16t (``tune_retrieval.py``): fewest (set, type) pairs where the hybrid is below bm25 or dense,
then the best topic mean (each set the same weight), ties to the values in use (``base``). Plain
(one pool of variants) and nested (the family chosen by an inner leave-one-set-out on the training
sets, then its variant). bm25 and dense per set: ``variants.py``'s base run for the seed's sets,
``retrun.py``'s summary for the others (they do not change with the variants).

usage: python benchmarks/round17/choose.py RETRUN_SUMMARY.txt VARIANTS.json... """

from __future__ import annotations

import json
import sys
from statistics import mean

TYPES = ("topic", "factoid", "dept", "none")


def metric(scores: dict, kind: str) -> float | None:
    got = scores.get(kind)
    return None if got is None else got["no_confident_hit" if kind == "none" else "ndcg@10"]


def load(summary: str, files: list[str]) -> tuple[dict, dict]:
    halves: dict = {}
    hybrid: dict = {}
    for path in files:
        for name, sets in json.load(open(path)).items():
            for set_name, modes in sets.items():
                hybrid.setdefault(name, {})[set_name] = modes["hybrid"]
                for mode in ("bm25", "dense"):
                    if mode in modes:
                        halves.setdefault(set_name, {})[mode] = modes[mode]
    for line in open(summary, encoding="utf-8"):
        set_name, file, mode, scores = line.rstrip("\n").split("\t")
        if mode in ("bm25", "dense") and file.startswith("retrieval"):
            halves.setdefault(set_name, {})[mode] = json.loads(scores)
    every = set(hybrid["base"])
    return halves, {v: s for v, s in hybrid.items() if set(s) >= every}


def below(halves: dict, scores: dict, set_name: str) -> int:
    count = 0
    for kind in TYPES:
        got = metric(scores, kind)
        if got is None:
            continue
        best = max(metric(halves[set_name][m], kind) for m in ("bm25", "dense"))
        count += got < best - 1e-9
    return count


def choose(variants: list[str], sets: list[str], halves: dict, hybrid: dict) -> str:
    def key(v: str):
        return (
            -sum(below(halves, hybrid[v][s], s) for s in sets),
            mean(metric(hybrid[v][s], "topic") for s in sets),
            v == "base",
        )

    return max(variants, key=key)


def main() -> None:
    halves, hybrid = load(sys.argv[1], sys.argv[2:])
    sets = list(hybrid["base"])
    variants = list(hybrid)
    families: dict[str, list[str]] = {}
    for v in variants:
        families.setdefault("base" if v == "base" else v.rstrip("0123456789h"), []).append(v)
    print("variants scored on every set:", variants)
    print("families:", families)
    plain, nested = {}, {}
    for left in sets:
        train = [s for s in sets if s != left]
        plain[left] = choose(variants, train, halves, hybrid)
        # nested: each family's inner left-out score on train, the best family, then its variant on train
        inner = {}
        for fam, members in families.items():
            pool = members + (["base"] if fam != "base" else [])
            picks = {s: choose(pool, [t for t in train if t != s], halves, hybrid) for s in train}
            inner[fam] = (
                -sum(below(halves, hybrid[picks[s]][s], s) for s in train),
                mean(metric(hybrid[picks[s]][s], "topic") for s in train),
                fam == "base",
            )
        fam = max(inner, key=inner.get)
        nested[left] = choose(families[fam] + (["base"] if fam != "base" else []), train, halves, hybrid)
    print("set\tbase topic\tplain pick\tplain topic\tnested pick\tnested topic\tbelow base/nested")
    for s in sets:
        print(f"{s}\t{metric(hybrid['base'][s], 'topic'):.4f}\t{plain[s]}\t{metric(hybrid[plain[s]][s], 'topic'):.4f}"
              f"\t{nested[s]}\t{metric(hybrid[nested[s]][s], 'topic'):.4f}"
              f"\t{below(halves, hybrid['base'][s], s)}/{below(halves, hybrid[nested[s]][s], s)}")
    for label, picks in (("base", {s: "base" for s in sets}), ("plain", plain), ("nested", nested)):
        print(label, "topic mean", round(mean(metric(hybrid[picks[s]][s], "topic") for s in sets), 4),
              "pairs below", sum(below(halves, hybrid[picks[s]][s], s) for s in sets))
    for v in variants:
        print("all sets:", v, round(mean(metric(hybrid[v][s], "topic") for s in sets), 4),
              "pairs below", sum(below(halves, hybrid[v][s], s) for s in sets))


if __name__ == "__main__":
    main()
