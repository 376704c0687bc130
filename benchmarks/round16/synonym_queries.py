"""Round 16t: the synonym list's everyday words embedded as queries (what
``search/typical.py`` averages into the typical staff query), for the replay's ``synonyms-mean``
background.

    ROUND16_WORK=/tmp/r16t python benchmarks/round16/synonym_queries.py

Output: ``$ROUND16_WORK/synonym_queries.pkl``.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import numpy as np

from wrsearch.engine import Engine
from wrsearch.search.typical import everyday_queries

WORK = Path(os.environ.get("ROUND16_WORK", "/tmp/r16t"))


def main() -> None:
    embedder = Engine(next((WORK / "idx").iterdir())).searcher._embedder()
    words = everyday_queries()
    vectors = np.stack([np.asarray(embedder.query(w), np.float32).reshape(-1) for w in words])
    (WORK / "synonym_queries.pkl").write_bytes(pickle.dumps({"words": words, "V": vectors}))
    print(len(words), "words")


if __name__ == "__main__":
    main()
