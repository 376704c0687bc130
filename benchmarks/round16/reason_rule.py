"""Round 16r: score the reason rules (``relations.REASON_RULES``) against the hand labels.

Per hit of the dump (``reasons_dump.py``: every related dev row's top 5, with the words it could
show under the rules of round 15, uncapped), the real ``Relations.shared_terms`` is rerun with each
rule alone; a rule removes a word where the word is gone. Each word carries its hand label
(``reason_labels.tsv``: T topic, W weak, N not a topic). The rules to apply are chosen by leave one
set out: on the other sets' hits, the subset of rules with the most N removed less T removed (ties:
fewer rules), scored on the hits of the set left out. Reported per set and pooled: precision (share
of removed words labelled N; lenient: N or W), recall (share of the set's N words removed), and the
not-topic words shown (first four) before and after.

    python benchmarks/round16/reason_rule.py --idx-root /tmp/ret16r/idx -o benchmarks/round16/reason-rule.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from reasons_dump import SETS  # noqa: E402

from wrsearch.engine import Engine  # noqa: E402
from wrsearch.search import relations  # noqa: E402

RULES = ("function", "time", "measure", "level", "comparison", "stage", "progress_only", "progress_only_v")


def labels() -> dict[str, str]:
    out = {}
    for line in (HERE / "reason_labels.tsv").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            word, label, *_ = line.split("\t")
            out[word] = label
    return out


def removed_by_rule(idx_root: str, hits: list[dict]) -> list[dict[str, set[str]]]:
    """Per hit, per rule: the words of its uncapped list that rule alone removes."""
    engines: dict[str, Engine] = {}
    out = []
    for h in hits:
        which = SETS[h["set"]][0]
        engine = engines.setdefault(which, Engine(str(Path(idx_root) / which)))
        rel = engine.relations
        report = engine.index.reports[0]["id"]
        position = rel.position(f"{report}#{h['item']}")
        positions = rel.report_positions(position)
        terms = rel.salient_terms(position)
        i = rel.position(f"{report}#{h['hit']}")
        per = {}
        for rule in RULES:
            relations.REASON_RULES = frozenset({rule})
            per[rule] = set(h["could"]) - set(rel.shared_terms(terms, i, positions, limit=100))
        relations.REASON_RULES = frozenset()
        assert rel.shared_terms(terms, i, positions, limit=100) == h["could"], "the dump must be the rules-off list"
        out.append(per)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idx-root", required=True)
    parser.add_argument("--dump", default=str(HERE / "reasons-before.jsonl"))
    parser.add_argument("-o", "--output")
    args = parser.parse_args()
    label = labels()
    hits = [json.loads(line) for line in open(args.dump, encoding="utf-8")]
    removed = removed_by_rule(args.idx_root, hits)
    names = list(dict.fromkeys(h["set"] for h in hits))
    subsets = [frozenset(c) for n in range(len(RULES) + 1) for c in itertools.combinations(RULES, n)]

    def tally(subset: frozenset[str], sets: list[str]) -> Counter:
        t: Counter = Counter()
        for h, per in zip(hits, removed):
            if h["set"] not in sets:
                continue
            gone = set().union(*(per[r] for r in subset)) if subset else set()
            for w in h["could"]:
                t[(label[w], w in gone)] += 1
            before, after = h["could"][:4], [w for w in h["could"] if w not in gone][:4]
            t["shown N before"] += sum(label[w] == "N" for w in before)
            t["shown N after"] += sum(label[w] == "N" for w in after)
            t["shown W before"] += sum(label[w] == "W" for w in before)
            t["shown W after"] += sum(label[w] == "W" for w in after)
            t["shown before"] += len(before)
            t["shown after"] += len(after)
            t["empty before"] += not before
            t["empty after"] += not after
            t["T shown before"] += any(label[w] == "T" for w in before)
            t["T shown after"] += any(label[w] == "T" for w in after)
        return t

    by_set = {s: {name: tally(s, [name]) for name in names} for s in subsets}

    def summed(subset: frozenset[str], sets: list[str]) -> Counter:
        return sum((by_set[subset][n] for n in sets), Counter())

    def objective(t: Counter) -> int:
        return t[("N", True)] - t[("T", True)]

    def figures(t: Counter) -> dict:
        gone = t[("N", True)] + t[("W", True)] + t[("T", True)]
        n_all = t[("N", True)] + t[("N", False)]
        return {
            "removed": gone,
            "removed N": t[("N", True)],
            "removed W": t[("W", True)],
            "removed T": t[("T", True)],
            "precision": round(t[("N", True)] / gone, 3) if gone else None,
            "precision lenient (N or W)": round((t[("N", True)] + t[("W", True)]) / gone, 3) if gone else None,
            "recall": round(t[("N", True)] / n_all, 3) if n_all else None,
            **{
                k: t[k]
                for k in (
                    "shown before",
                    "shown after",
                    "shown N before",
                    "shown N after",
                    "shown W before",
                    "shown W after",
                    "empty before",
                    "empty after",
                    "T shown before",
                    "T shown after",
                )
            },
        }

    folds, pooled = [], Counter()
    for name in names:
        train = [n for n in names if n != name]
        best = max(subsets, key=lambda s: (objective(summed(s, train)), -len(s)))
        t = by_set[best][name]
        pooled += t
        folds.append({"left_out": name, "chosen": sorted(best), **figures(t)})
    chosen_all = max(subsets, key=lambda s: (objective(summed(s, names)), -len(s)))
    per_rule = {r: figures(tally(frozenset({r}), names)) for r in RULES}
    words_removed: dict[str, Counter] = defaultdict(Counter)
    for h, per in zip(hits, removed):
        for r in RULES:
            for w in per[r]:
                words_removed[r][f"{w}/{label[w]}"] += 1
    result = {
        "left out, pooled": figures(pooled),
        "folds": folds,
        "chosen on all sets": sorted(chosen_all),
        "on all sets with it (fitted)": figures(summed(chosen_all, names)),
        "on all sets, every subset": {"+".join(sorted(s)) or "none": figures(summed(s, names)) for s in subsets},
        "each rule alone, all sets": per_rule,
        "words each rule removes (word/label: hits)": {r: dict(c.most_common()) for r, c in words_removed.items()},
    }
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    print(
        json.dumps(
            {k: result[k] for k in ("left out, pooled", "chosen on all sets", "each rule alone, all sets")},
            ensure_ascii=False,
            indent=1,
        )
    )
    for f in folds:
        print(f["left_out"], f["chosen"], f["precision"], f["recall"], f["shown N before"], f["shown N after"])


if __name__ == "__main__":
    main()
