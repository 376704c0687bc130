"""The answer stage's package: its exports load when first used, not with search."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import wrsearch

SRC = Path(wrsearch.__file__).parents[1]  # the code under test, not the venv's install


def imported_after(code: str) -> set[str]:
    """The wrsearch.answer modules a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in sys.modules if m.startswith('wrsearch.answer')))"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return set(
        subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
        ).stdout.split()
    )


def test_a_search_process_does_not_load_the_answer_rules():
    loaded = imported_after("import wrsearch.engine, wrsearch.search.searcher")
    assert "wrsearch.answer.status" in loaded  # the searcher's status filters read it
    assert not loaded & {"wrsearch.answer.answerer", "wrsearch.answer.figures", "wrsearch.answer.words"}


def test_the_package_exports_load_when_first_used():
    loaded = imported_after("from wrsearch.answer import Answerer, warm_up")
    assert {"wrsearch.answer.answerer", "wrsearch.answer.words"} <= loaded
    import wrsearch.answer

    with pytest.raises(AttributeError, match="no attribute 'answer'"):
        wrsearch.answer.answer  # the old module's name is gone, not re-exported
