"""Department names and their aliases: ``水务湖泊局`` and ``水务局`` mean ``区水务湖泊局``.

One rule serves the ``--dept`` filter and department questions: compare canonical forms
(full-width folded, a leading 区/市/区委/市委/武昌区 dropped, then an alias group of the
packaged ``data/departments.txt`` resolved to its first name: 武昌交通大队 and 区交通大队 are
both ``交通大队``). An exact canonical match wins; only when nothing matches exactly does a
name that contains the asked one count (``生态环境局武昌分局`` for ``生态环境``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

from wrsearch.text import fold

_PREFIX_RE = re.compile(r"^(?:武汉市|武昌区|区委|市委|市|区)(?=.{2,})")


@cache
def alias_groups() -> dict[str, str]:
    """``{alias: group name}`` from the packaged ``data/departments.txt`` (names without 区/市)."""
    text = resources.files("wrsearch").joinpath("data/departments.txt").read_text("utf-8")
    groups: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#") or "=" not in line:
            continue
        name, aliases = line.split("=", 1)
        name = fold(name.strip())
        for alias in [name, *aliases.split()]:
            groups[fold(alias)] = name
    return groups


def canonical(name: str) -> str:
    """``区水务湖泊局`` → ``水务湖泊局``; ``水务局`` → ``水务湖泊局``; ``武昌交通大队`` → ``交通大队``."""
    key = _PREFIX_RE.sub("", re.sub(r"\s+", "", fold(name)))
    groups = alias_groups()
    if key in groups:
        return groups[key]
    # 梧桐生态环境分局, 鹿鸣交通大队: a place's name (up to 3 characters) before a unit the data
    # knows is that unit; the rest must be a known name of ≥ 3 characters.
    for cut in range(1, 4):
        rest = key[cut:]
        if len(rest) >= 3 and rest in groups:
            return groups[rest]
    return key


def own_forms(name: str) -> set[str]:
    """The ways a department's own name is written, no alias: ``区经信局`` → 区经信局, 经信局."""
    folded = re.sub(r"\s+", "", fold(name))
    return {folded, _PREFIX_RE.sub("", folded)}


def forms(name: str) -> set[str]:
    """Every way staff may write a department: its name, canonical form and the aliases of its group."""
    key = canonical(name)
    return {fold(name), key} | {alias for alias, group in alias_groups().items() if group == key}


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
