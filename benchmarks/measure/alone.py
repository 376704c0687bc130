"""One report indexed alone in a temporary folder, and an Engine on it: how every measurement here
reads a labelled set (its item numbers are the report's own). Part of benchmarks/measure
(docs/blind-sets-howto.md); the tests' twin is ``conftest.index_report_alone``."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path


def engine_on_report_alone(report: Path, prefix: str = "measure-"):
    """``(engine, folder)``: ``report`` indexed alone below a new temporary ``folder`` (remove it
    when done), and a :class:`~wrsearch.engine.Engine` on that index."""
    from wrsearch.engine import Engine
    from wrsearch.index.build import build_index

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    (folder / "c").mkdir()
    shutil.copy(report, folder / "c" / report.name)
    build_index(folder / "c", folder / "i")
    return Engine(folder / "i"), folder
