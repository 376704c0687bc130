"""Cold command-line latency: one new ``wrsearch ask`` / ``wrsearch search`` process per question.

Staff ask from a shell, one process per question, so what they wait for is Python's imports,
jieba's dictionary and the answer together. This times whole processes, each source tree
given in turn (interleaved, so a noisy machine slows every tree alike), and prints the
median and the spread of wall time and of CPU time (user + system, which load disturbs less).

    python benchmarks/cli_latency.py [TREE ...] [--runs 7] [--index DIR]

TREE (default: this checkout) is a source tree with ``src/wrsearch``; two trees print side
by side (before, after). The seed report is indexed once with the first tree unless
``--index`` is given. Every tree runs each command once untimed first (file caches, and
the jieba cache file of :mod:`wrsearch.index.jieba_cache`, written once per machine).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "wuchang-2021-q1.txt"
# One question per answer path the seed index exercises most (a figure, a department, a list).
COMMANDS = {
    "ask": [["ask", "高龄津贴发了多少"], ["ask", "老旧小区改造是哪个部门负责"], ["ask", "哪些事项进度滞后"]],
    "search": [["search", "哪些事项涉及水处理"], ["search", "雨污分流"], ["search", "青山区老旧小区改造"]],
}


def cli(tree: Path, args: list[str], index: Path) -> tuple[float, float]:
    """Run one ``wrsearch`` process from ``tree``; its wall and CPU seconds (CPU: 0 off Unix)."""
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "WRSEARCH_INDEX": str(index)}
    before = os.times()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "from wrsearch.cli import main; main()", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):5.2f} s ({min(values):.2f}–{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*", type=Path, default=[ROOT], help="source trees (default: this one)")
    parser.add_argument("--runs", type=int, default=7, help="timed processes per command and tree (default 7)")
    parser.add_argument("--index", type=Path, help="an index of the seed report (default: built in a temp dir)")
    options = parser.parse_args()
    trees = [tree.resolve() for tree in options.trees]
    work = Path(tempfile.mkdtemp(prefix="cli-latency-"))
    try:
        index = options.index
        if index is None:
            corpus = work / "corpus"
            corpus.mkdir()
            shutil.copy(SEED, corpus)
            index = work / "index"
            env = {**os.environ, "PYTHONPATH": str(trees[0] / "src")}
            subprocess.run(
                [sys.executable, "-c", "from wrsearch.cli import main; main()", "index", str(corpus),
                 "--index", str(index)],
                env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        for tree in trees:  # untimed: file caches, and each tree's one-off cache files
            for runs in COMMANDS.values():
                cli(tree, runs[0], index)
        wall: dict[tuple[str, Path], list[float]] = {}
        cpu: dict[tuple[str, Path], list[float]] = {}
        for run in range(options.runs):
            for command, questions in COMMANDS.items():
                for tree in trees:
                    seconds, cpu_seconds = cli(tree, questions[run % len(questions)], index)
                    wall.setdefault((command, tree), []).append(seconds)
                    cpu.setdefault((command, tree), []).append(cpu_seconds)
        print(f"cold CLI, seed index, {options.runs} processes per cell: median (min–max)")
        header = "".join(f" | {str(tree)[-28:]:>28}" for tree in trees)
        print(f"{'command':<14}{header}")
        for command in COMMANDS:
            for label, table in (("wall", wall), ("cpu", cpu)):
                row = "".join(f" | {summary(table[command, tree]):>28}" for tree in trees)
                print(f"{command + ' ' + label:<14}{row}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
