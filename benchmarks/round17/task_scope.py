"""Round 17: the task-word rule's scope, pair (one of the two items' tasks names the verb or time)
or report (some task of the report does), chosen by leave one set out over the related dev sets:
on the other sets, the scope with the most judged not-topic words removed (N or W of
``reason_counts.labels``) less topic words removed (T), ties to the narrower rule (report); scored
on the set left out. Inputs: ``reasons.py`` outputs before, with TASK_SCOPE=pair and =report.

usage: python benchmarks/round17/task_scope.py BEFORE.jsonl PAIR.jsonl REPORT.jsonl"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reason_counts import labels, read  # noqa: E402


def gains(before: dict, after: dict, judge: dict) -> dict[str, tuple[int, int, int]]:
    """Per set: (not-topic words removed, topic words removed, hits left with no topic word)."""
    out = collections.defaultdict(lambda: [0, 0, 0])
    for key, words in before.items():
        now = after[key]
        removed = [w for w in words if w not in now]
        out[key[0]][0] += sum(judge.get(w) in ("N", "W") for w in removed)
        out[key[0]][1] += sum(judge.get(w) == "T" for w in removed)
        out[key[0]][2] += any(judge.get(w) == "T" for w in words) and not any(judge.get(w) == "T" for w in now)
    return {k: tuple(v) for k, v in out.items()}


def main() -> None:
    judge = labels()
    before, _ = read(sys.argv[1])
    scopes = {"pair": gains(before, read(sys.argv[2])[0], judge), "report": gains(before, read(sys.argv[3])[0], judge)}
    sets = list(scopes["pair"])
    total = collections.Counter()
    for left in sets:
        score = {s: sum(g[t][0] - g[t][1] for t in sets if t != left) for s, g in scopes.items()}
        pick = max(score, key=lambda s: (score[s], s == "report"))
        n, t, e = scopes[pick][left]
        total.update({"not-topic removed": n, "topic removed": t, "emptied": e, pick: 1})
        print(left, pick, scopes[pick][left])
    print(dict(total))
    for s, g in scopes.items():
        print(s, "all sets: not-topic removed, topic removed, emptied", [sum(v[i] for v in g.values()) for i in range(3)])


if __name__ == "__main__":
    main()
