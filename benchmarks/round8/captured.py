"""Round 8: the rankings ranker_features.py captured (rows_f.pkl, features.pkl) and one engine per
dev set's index, shared by misses.py and perq.py."""

from __future__ import annotations

import os
import pickle
import sys
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
from wrsearch.engine import Engine  # noqa: E402

WORK = os.environ.get("ROUND8_WORK", "/tmp/ret7")  # where ranker_features.py wrote features.pkl


def captured_rows() -> list[dict]:
    """Every labelled row with the rankings captured before the change (``rows_f.pkl``)."""
    with open(WORK + "/rows_f.pkl", "rb") as file:
        return pickle.load(file)


@cache
def engine_for(set_name: str) -> Engine:
    """The engine over ``set_name``'s report indexed alone, as ranker_features.py built it."""
    with open(WORK + "/features.pkl", "rb") as file:
        set_index = pickle.load(file)["sets"]
    return Engine(f"{WORK}/idx-{set_index[set_name]}")
