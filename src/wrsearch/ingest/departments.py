"""Department names and their aliases: ``水务湖泊局`` and ``水务局`` mean ``区水务湖泊局``.

One rule serves the ``--dept`` filter and department questions: compare canonical forms
(full-width folded, a leading 区/市/区委/市委/武昌区 dropped, then an alias group of the
packaged ``data/departments.txt`` resolved to its first name: 武昌交通大队 and 区交通大队 are
both ``交通大队``). An exact canonical match wins; only when nothing matches exactly does a
name that contains the asked one count (``生态环境局武昌分局`` for ``生态环境``).

One report may also write one unit two ways (区应急局 and 区应急管理局, 区卫健委 and 区卫生健康委):
:func:`same_unit` joins a short name to the one long name of the report it abbreviates, by
structure rather than by a word list.
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


# The kind of unit spelled in full (卫生健康委员会) is its one-character kind (委).
_LONG_KIND_RE = re.compile(r"(?<=委)员会$|(?<=办)公室$")


def short_kind(name: str) -> str:
    """``卫生健康委员会`` → ``卫生健康委``: the kind of unit spelled in full folded to its one character."""
    return _LONG_KIND_RE.sub("", name)
_LEADING_RE = re.compile(r"^(?:武汉市|武昌区|区委|市委|市|区)")


def _parts(name: str) -> tuple[str, str]:
    """``区卫生健康委员会`` → (``区``, ``卫生健康委``): its leading 区/市 and the rest, kind folded."""
    folded = _LONG_KIND_RE.sub("", re.sub(r"\s+", "", fold(name)))
    lead = _LEADING_RE.match(folded)
    prefix = lead.group() if lead and len(folded) - lead.end() >= 2 else ""
    return prefix, folded[len(prefix) :]


# 应急(管理)局, 退役军人(事务)局: the words a unit's full name adds after its whole short head.
_GENERIC_MIDDLE = frozenset({"管理", "事务", "服务"})


def _abbreviates(short: str, long: str) -> bool:
    """``市场监管局`` abbreviates ``市场监督管理局``: same first character and kind of unit (last
    character), the others in order, and the long one longer. When the short head stands whole at
    the start of the long name, only a generic word may follow it (应急 + 管理 + 局): 城管 + 执法 + 局
    is another unit (区城管局 and 区城管执法局 are two in one report)."""
    if len(long) <= len(short) or len(short) < 3 or short[0] != long[0] or short[-1] != long[-1]:
        return False
    rest = iter(long[1:-1])
    if not all(char in rest for char in short[1:-1]):
        return False
    head = short[:-1]
    return not long.startswith(head) or long[len(head) : -1] in _GENERIC_MIDDLE


def same_unit(known: Iterable[str]) -> dict[str, set[str]]:
    """``{name: the other names of its unit}`` among ``known``, one report's department names:
    区市场监管局 and 区市场监督管理局 are one unit when the short one abbreviates the long one
    (same leading 区/市, same kind of unit, its characters in order: :func:`_abbreviates`) and no
    other name of the report fits it (区科技局 beside 区科学技术局 and 区科技创新局 stays alone)."""
    parts = {name: _parts(name) for name in set(known)}
    joined: dict[str, set[str]] = {}
    for short, (short_prefix, short_rest) in parts.items():
        longs = [
            long
            for long, (long_prefix, long_rest) in parts.items()
            if long != short and long_prefix == short_prefix and _abbreviates(short_rest, long_rest)
        ]
        if len(longs) == 1:
            joined.setdefault(short, set()).add(longs[0])
            joined.setdefault(longs[0], set()).add(short)
    return joined


def with_same_unit(names: set[str], known: Iterable[str]) -> set[str]:
    """``names`` and every other name of the same unit among ``known`` (:func:`same_unit`)."""
    joined = same_unit(known)
    return set(names).union(*(joined.get(name, set()) for name in names))


def match_departments(asked: str, known: Iterable[str]) -> set[str]:
    """The known department names that ``asked`` refers to (empty if none); a unit the report
    writes two ways (区应急局, 区应急管理局) is matched under both."""
    key = canonical(asked)
    if not key:
        return set()
    known = set(known)
    exact = {name for name in known if canonical(name) == key}
    if exact:
        return with_same_unit(exact, known)
    return with_same_unit({name for name in known if len(key) >= 2 and key in canonical(name)}, known)
