"""Department names and their aliases: ``水务湖泊局`` means ``区水务湖泊局``.

One rule serves the ``--dept`` filter and department questions: compare canonical forms
(full-width folded, a leading 区/市/武昌区 dropped). An exact canonical match wins; only when
nothing matches exactly does a name that contains the asked one count (``生态环境局`` →
``市生态环境局武昌分局``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from wrsearch.text import fold

_PREFIX_RE = re.compile(r"^(?:武汉市|武昌区|市|区)(?=.{2,})")


def canonical(name: str) -> str:
    """``区水务湖泊局`` → ``水务湖泊局``; ``市生态环境局武昌分局`` → ``生态环境局武昌分局``."""
    return _PREFIX_RE.sub("", re.sub(r"\s+", "", fold(name)))


def match_departments(asked: str, known: Iterable[str]) -> set[str]:
    """The known department names that ``asked`` refers to (empty if none)."""
    key = canonical(asked)
    if not key:
        return set()
    known = set(known)
    exact = {name for name in known if canonical(name) == key}
    if exact:
        return exact
    return {name for name in known if len(key) >= 2 and key in canonical(name)}
