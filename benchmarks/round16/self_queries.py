"""Round 16t: each report's own item texts embedded as *queries* (e5's query side), the
self-contained background for the hubness correction (no other report's queries needed).

    ROUND16_WORK=/tmp/r16t python benchmarks/round16/self_queries.py

Output: ``$ROUND16_WORK/self_queries.pkl`` (per index: task texts and progress windows as
query vectors).
"""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import numpy as np

from wrsearch.engine import Engine

WORK = Path(os.environ.get("ROUND16_WORK", "/tmp/r16t"))


def main() -> None:
    out = {}
    for folder in sorted((WORK / "idx").iterdir()):
        started = time.time()
        engine = Engine(folder)
        s = engine.searcher
        embedder = s._embedder()
        chunks = s.retriever.index.chunks
        tasks = [s.items[i].task for i in range(len(s.columns))]
        out[folder.name] = {
            "tasks": np.stack([np.asarray(embedder.query(t), np.float32).reshape(-1) for t in tasks]),
            "chunks": None,  # (every chunk as a query: 1 min a report here, not run)
        }
        print(folder.name, len(tasks), len(chunks), f"{time.time() - started:.1f}s", flush=True)
    (WORK / "self_queries.pkl").write_bytes(pickle.dumps(out))


if __name__ == "__main__":
    main()
