"""City or district: which level a question asks, and which level a clause of an item speaks for.

A district's progress report often holds the city's 《政府工作报告》 too: each of those items has the
city's task (全市新增城镇就业60万人), both levels' units (``roles``: 市级牵头单位 / 区级牵头单位) and the
district's own part in its progress (全区城镇新增就业1.12万人,完成全年任务(2.1万人)的53.3%), sometimes
with the district's own plan (我区年度任务高标准农田1.2万亩). :func:`level_factor` and
:func:`plan_field` are the hooks where figures are chosen (``figures.extract``):

- a question naming one level (市里/全市 or 区里/我区/我们区/全区) wants the figures that level's
  clauses give: on an item holding both levels, a clause speaking for the other ranks lower;
- the district's plan stated in the progress is a plan as the task is, unless the city is asked;
- a question naming no level is read as the report's, the district's, when the progress states a
  plan: the city's task then ranks a little lower (``UNNAMED_CITY_FACTOR``); when only the task
  holds a plan, that plan answers.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import cache

from wrsearch.answer.clauses import quantities
from wrsearch.models import Item


class Level(str, Enum):
    """A level of government a question or a clause speaks for."""

    CITY = "市"
    DISTRICT = "区"


LEVEL_MISMATCH_FACTOR = 0.5  # a clause of the other level than the one the question names
UNNAMED_CITY_FACTOR = 0.6  # no level named, the district's plan in the progress: the city's task is less likely
# (市级重点项目, 市场主体, 区级一般公共预算收入 name things, not the level asked: only these words ask one)
# (在全市排名第几, 居全市前列: a rank among the city's districts, not the city's figure)
_CITY_ASKED_RE = re.compile(
    r"市里|(?<![在于居列])全市(?!排名|排位|第|前|平均)|市上|市一级|市级层面|市政府(?:要求|定的|的目标)"
)
# (改造区分解任务: a bare 区 before the city's share handed down — 分解, 分到 — is the district; 小区 is not)
_DISTRICT_ASKED_RE = re.compile(
    r"区里|我区|我们区|咱们区|咱区|(?<![在于])全区(?!排名|排位|第|前)|本区|区上|区一级|区级层面"
    r"|(?<![小社园校])区(?=分解|分到|分得|分配)"
)
# A clause's own level marker; the first one in the clause speaks for it (全区…,低于全市平均 is the district's).
_LEVEL_PAIR_RE = re.compile(
    rf"(?:{_CITY_ASKED_RE.pattern}|{_DISTRICT_ASKED_RE.pattern}|市级|区级)(?:和|与|及|、|跟|还有)"
    rf"(?:{_CITY_ASKED_RE.pattern}|{_DISTRICT_ASKED_RE.pattern}|市级|区级)"
)
_CLAUSE_LEVEL_RE = re.compile(r"全市|全区|我区|本区|区级(?!以上)|辖区")
# The district's own plan stated in its progress: 我区年度任务数68个, 年度目标新增120家, 完成全年任务(300个).
_PLAN_STATEMENT_RE = re.compile(r"(?:年度|全年)[^\d,，;；。]{0,6}?(?:计划|任务|目标)[^\d,，;；。]{0,16}?[(（]?\d")

_PLAN_LEAD_RE = re.compile(r"(?:我区|全区|本区)?(?:年度|全年)[^\d,，;；。]{0,6}?(?:计划|任务|目标)(?!完成)")


@cache
def _report_sound(report: str) -> str:
    """The report id's place part (``zhangping-2023-q3`` → ``zhangping``): its district's name read aloud."""
    head = re.match(r"[a-z]+", report.lower())
    return head.group(0) if head else ""


@cache
def own_district_at(text: str, report: str) -> int:
    """Where ``text`` first names the report's own district by name (樟坪区分解任务38个, 樟坪要新增…):
    two or three characters read aloud as the report id's place part; -1 when it does not."""
    sound = _report_sound(report)
    if not sound:
        return -1
    from pypinyin import lazy_pinyin  # a report id read back as its place name, as related reasons do

    for start in range(len(text) - 1):
        for size in (2, 3):
            piece = text[start : start + size]
            if len(piece) == size and re.fullmatch(r"[\u4e00-\u9fff]+", piece) and "".join(lazy_pinyin(piece)) == sound:
                return start
    return -1


def asked_levels(question: str, report: str = "") -> set[Level]:
    """The levels a question names: ``{CITY}`` (市里, 全市), ``{DISTRICT}`` (区里, 我区, 我们区, 全区,
    the report's own district by name), both (市里和区里分别…), or none."""
    found = set()
    if _CITY_ASKED_RE.search(question):
        found.add(Level.CITY)
    if _DISTRICT_ASKED_RE.search(question) or (report and own_district_at(question, report) >= 0):
        found.add(Level.DISTRICT)
    return found


def without_levels(text: str) -> str:
    """``text`` without the words naming a level (我们区保租房 → 保租房): they say whose figure, not
    what it is of."""
    text = _LEVEL_PAIR_RE.sub(" ", text)  # 市里和区里分别…: both levels, no second subject
    return _DISTRICT_ASKED_RE.sub(" ", _CITY_ASKED_RE.sub(" ", text))


_HOLDS_BOTH: dict[tuple[int, int], bool] = {}


def holds_both_levels(items: list[Item]) -> bool:
    """Whether any of ``items`` (an index's) holds both levels; only then does a level named say
    whose figure (elsewhere 全市, 全区 are words of the subject as any other). Kept per list."""
    key = (id(items), len(items))
    if key not in _HOLDS_BOTH:
        _HOLDS_BOTH[key] = any(spans_levels(item) for item in items)
    return _HOLDS_BOTH[key]


def spans_levels(item: Item) -> bool:
    """Whether the item holds both levels: the city's task with the district's part (its roles name a
    市级… and a 区级… unit, or a city report's item lists a 区 unit)."""
    roles = [role for role in item.roles if role]
    if any(role.startswith("市") for role in roles) and any(role.startswith("区") for role in roles):
        return True
    return item.issuer == "市" and any(name.startswith("区") for name in item.departments)


def clause_level(clause: str, field: str, report: str = "") -> Level:
    """The level a clause of an item holding both speaks for: its own first marker (全市 → city;
    全区, 我区, 本区, the report's own district by name → district), else its field's (the task is
    the city's, the progress the district's)."""
    marker = _CLAUSE_LEVEL_RE.search(clause)
    named = own_district_at(clause, report) if report else -1
    if named >= 0 and (not marker or named < marker.start()):
        return Level.DISTRICT  # 全市改造300个,樟坪区分解任务38个: the district's share in the task
    if marker:
        return Level.CITY if marker.group() == "全市" else Level.DISTRICT
    return Level.CITY if field == "task" else Level.DISTRICT


def district_share_in_task(item: Item, field: str, clause: str) -> bool:
    """Whether a task clause of an item holding both levels gives the district's share by its name
    (樟坪区分解任务38个): a plan of the task's thing, whose words it need not say."""
    return field == "task" and spans_levels(item) and own_district_at(clause, item.report) >= 0


def states_plan(clause: str) -> bool:
    """Whether a progress clause states the year's plan figure (年度任务…N, 全年任务(N))."""
    return bool(_PLAN_STATEMENT_RE.search(clause))


def opens_with_plan(clause: str) -> bool:
    """Whether a clause begins by stating the year's plan (我区年度计划…, 本区年度改造任务6个)."""
    return bool(_PLAN_LEAD_RE.match(clause.strip()))


def planned_only(clause: str) -> bool:
    """Whether a clause's amounts are all planned, whatever act it names (新增 is a done word
    elsewhere): it begins by stating the plan (我区年度计划新建…9所、新增学位6300个), or it gives the
    plan beside only a share of it (完成全年任务(1.2万人次)的81.7%)."""
    if opens_with_plan(clause):
        return True
    stated = _PLAN_STATEMENT_RE.search(clause)
    if not stated:
        return False
    figure = quantities(clause[stated.end() - 1 :])[:1]
    if not figure or re.search(r"[%％]|百分点", figure[0]):
        return False  # 完成年度目标的102.5%: a share of the plan, no plan figure
    rest = clause[: stated.start()] + clause[stated.end() - 1 :].replace(figure[0], "", 1)
    return all(re.search(r"[%％]|百分点", amount) for amount in quantities(rest))


def district_plan_stated(item: Item) -> bool:
    """Whether the progress of an item holding both levels states the district's own plan."""
    return spans_levels(item) and bool(_PLAN_STATEMENT_RE.search(item.progress))


def plan_field(question: str, item: Item, field: str, clause: str) -> bool:
    """Whether ``clause`` of ``field`` states the plan a target question asks: the task, or, on an
    item holding both levels, the district's plan in the progress (unless only the city is asked)."""
    if field == "task":
        return True
    return spans_levels(item) and states_plan(clause) and asked_levels(question, item.report) != {Level.CITY}


def level_factor(question: str, item: Item, field: str, clause: str) -> float:
    """How well a clause's level fits the question's (1.0 when it does or the item has one level):
    ``LEVEL_MISMATCH_FACTOR`` for the other level than the one named, ``UNNAMED_CITY_FACTOR`` for a
    city clause when no level is named and the district states its own plan."""
    if not spans_levels(item):
        return 1.0
    asked = asked_levels(question, item.report)
    level = clause_level(clause, field, item.report)
    if len(asked) == 1:
        return 1.0 if level in asked else LEVEL_MISMATCH_FACTOR
    if not asked and level is Level.CITY and district_plan_stated(item):
        return UNNAMED_CITY_FACTOR
    return 1.0
