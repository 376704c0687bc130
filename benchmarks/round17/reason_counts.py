"""Round 17: count the reasons shown on the related top 5s before and after (``reasons.py`` output)
against a judge list: round 16's hand labels (benchmarks/round16/reason_labels.tsv: T topic, W weak,
N not a topic) and round 17's own labels for words it did not hold (``JUDGE`` below, also in
docs/retrieval-round17.md). Prints per set: hit@5, words shown, N shown, W shown, hits with no word,
and pooled: T words lost, hits that showed a T word before and show none after.

usage: python benchmarks/round17/reason_counts.py BEFORE.jsonl AFTER.jsonl [--counts-only]
(--counts-only: no word printed — for the validation sets, whose words are not to be read)"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

LABELS = Path(__file__).resolve().parents[1] / "round16" / "reason_labels.tsv"
# Round 17's labels for shown words round 16's file lacks (same scale), set before counting.
JUDGE: dict[str, str] = {"紫阳湖": "T", "小学主体": "W"}


def labels() -> dict[str, str]:
    found = dict(JUDGE)
    for line in LABELS.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if not line.startswith("#") and len(parts) >= 2:
            found.setdefault(parts[0], parts[1])
    return found


def read(path: str) -> tuple[dict, dict]:
    hits, hit5 = {}, {}
    for line in open(path, encoding="utf-8"):
        row = json.loads(line)
        if "hit@5" in row:
            hit5[row["set"]] = row["hit@5"]
        else:
            hits[(row["set"], row["item"], row["hit"])] = row["shown"]
    return hits, hit5


def main() -> None:
    judge = labels()
    before, hit5_before = read(sys.argv[1])
    after, hit5_after = read(sys.argv[2])
    table = collections.defaultdict(lambda: collections.Counter())
    unlabelled = collections.Counter()
    lost_t = collections.Counter()
    emptied = 0
    for key, words in before.items():
        now = after.get(key, [])
        for side, shown in (("b", words), ("a", now)):
            t = table[key[0]]
            t[side + "words"] += len(shown)
            t[side + "empty"] += not shown
            for w in shown:
                label = judge.get(w)
                if label is None:
                    unlabelled[w] += 1
                t[side + (label or "?")] += 1
        lost_t.update(w for w in words if judge.get(w) == "T" and w not in now)
        if any(judge.get(w) == "T" for w in words) and not any(judge.get(w) == "T" for w in now):
            emptied += 1
    total = collections.Counter()
    print("set\thit@5 before→after\twords\tN\tW\tunlabelled\tno word")
    for name, t in table.items():
        total.update(t)
        print(f"{name}\t{hit5_before.get(name)}→{hit5_after.get(name)}\t{t['bwords']}→{t['awords']}\t{t['bN']}→{t['aN']}"
              f"\t{t['bW']}→{t['aW']}\t{t['b?']}→{t['a?']}\t{t['bempty']}→{t['aempty']}")
    t = total
    print(f"all\t\t{t['bwords']}→{t['awords']}\t{t['bN']}→{t['aN']}\t{t['bW']}→{t['aW']}\t{t['b?']}→{t['a?']}\t{t['bempty']}→{t['aempty']}")
    print("hits that showed a T word before and none after:", emptied)
    if "--counts-only" in sys.argv:
        print("T words no longer shown:", sum(lost_t.values()), "unlabelled shown:", sum(unlabelled.values()))
        return
    print("T words no longer shown:", dict(lost_t.most_common()))
    print("unlabelled shown words:", dict(unlabelled.most_common()))


if __name__ == "__main__":
    main()
