"""Query understanding: what a plain-language question asks for, before any scoring.

- words: jieba tokens without question and filler words;
- expansions: report vocabulary for everyday words (``data/synonyms.txt``: 下水道 → 排水管网);
- departments named in the query (``区水务湖泊局负责哪些事项``, ``水务湖泊局的工作``), by the
  same alias rule as ``--dept``; the rest of the query is what is left to rank by;
- kind: a figure question (多少, 几, 比例…) leans on exact words, which find figures better;
- time: periods (一季度, 上半年, 1-9月…) and years (2021年, 今年, 去年) named, which restrict
  search and answers to those reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from importlib import resources

from wrsearch.answer.conflict import NOT_PLACE_RE
from wrsearch.index.lexical import Tokenizer, stopwords
from wrsearch.ingest.departments import canonical, own_forms, short_kind, with_same_unit
from wrsearch.ingest.departments import forms as department_forms
from wrsearch.ingest.periods import find_issuer, find_periods
from wrsearch.text import fold

_FIGURE_RE = re.compile(
    r"多少|几[个家所项条次人天名处座台月年]?|比例|百分之|百分比|占比|增长率|增幅|率是|金额|数量|总额|规模"
    r"|多[长大宽高远久重深]"  # 改多长, 多大面积: a measure asked
)
_QUESTION_RE = re.compile(r"[?？]|吗|呢|如何|怎么|怎样|是否|什么|哪|谁|何时|进展")
LIST_ASKED_RE = _LIST_RE = re.compile(
    r"哪些|哪几|有什么|都有|列出|清单|(?:相关|有关|沾边|涉及[^的]{1,12})的(?:事项|工作|任务|项目|措施|举措)"
    # 孩子上学方面有啥任务, 种粮这块抓什么, 这些科创工作, 外资相关事项: the items on a subject asked
    r"|有啥|抓(?:什么|啥)|安排了?(?:什么|啥)|(?:方面|这块|这些|相关|有关)[\u4e00-\u9fff]{0,4}?的?(?:事项|工作|任务|项目|措施|举措|安排)"
)
# Filler around a department name: "负责哪些事项", "的工作", "有哪些任务", brackets round a
# second name: "环保局(生态环境分局)"; how staff say a unit holds work (身上有哪些任务, 今年分到了
# 哪些工作, 手上有哪些活, 涉及/参与了哪些事项, 名下, 负责些什么); the report's time (今年, 上半年).
_DEPT_FILLER_RE = re.compile(
    r"或者|或是|[的和与及或、,，?？!！()（）/\s]|负责|承担|牵头|分管|主管|哪些|哪几|什么|事项|任务|工作|情况|今年|主要|包括"
    r"|身上|手上|手里|手头|头上|肩上|名下|分到|分得|分配|分给|分了|承办|参与|涉及|担负|肩负|落实|具体|重点|职责|分工"
    r"|事情|事务|内容|方面|板块|条线|项目|进展|进度|啥|活儿?|本年|全年|年度|上半年|下半年|前三季度|第?[一二三四]季度"
    r"|这一?年|这半年|一年|这一?季度?|本季度"  # 交通局这一年要干啥: the report's time, said as staff say it
    r"|[那这]边|[那这]里|[这那]块|这次|本次|这回|这份|报告[里中]?|里面"  # 发改那边, 这次报告里有几项: where, not what
    r"|完成|开展|推进|清单|一览|列表|名单"  # 要完成的重点工作有哪些, 的工作清单: the unit's items asked
    r"|配合|协助|协办|支持|参加"  # 各街道要配合哪些工作: a unit's share of work, however it is said
    # 牵头或者配合的任务, 需要各街道一起落实的, 投促中心挂了哪些任务, 涉及哪些条目, 有哪些工作要报,
    # 水务局相关的事项:
    # how staff say which of the report's items carry a unit's name
    r"|需要|一起|共同|挂|条目|要报|上报|报送|相关|有关"
    r"|责任|分别|各自|政府工作报告|(?:都|帮我|请)?(?:列|说|讲|看|梳理|汇总|介绍)(?:一下|一列|出来|出|下|说|讲|看)?"  # 都列一下: asking, not what
    r"|[有了吗呢都管几项事要干做些哪是在由归抓到上着过个件桩样条]|(?<=几)块"  # 管哪几块: which parts of its work
)


# A department's items asked (哪些事项, 几项, 哪几件, 什么任务): with it, words the filler does not know
# (人社局有哪些事项要办, 统计局出现在哪些事项里) may be phrasing; see :func:`leftover_words`.
WHICH_ITEMS_RE = re.compile(r"哪些|哪几|几[项件条个]|什么(?:事项|工作|任务)")


def leftover_words(plan: QueryPlan) -> list[str]:
    """The query's words (the index tokenizer's, as searched) of two characters or more that are
    neither department filler nor part of a department's name it names (民政 of 民政上有哪些事是民政局的);
    the searcher reads them as phrasing when no item says any of them (a topic that narrows a
    department's items is a word some item says)."""
    return [
        word
        for word in plan.words
        if len(word) >= 2 and _DEPT_FILLER_RE.sub("", word) and not any(word in name for name in plan.departments)
    ]


# "全年目标", "全年计划", "全年预期增速": the year's plan, asked of any report, not the 全年 report.
# …or a share of it: 完成了全年的多少, 占全年的比例.
_PLAN_YEAR_RE = re.compile(
    r"(?:全年|年度|年底|年终)(?=[^,，。;；?？完成已]{0,12}?(?:目标|计划|任务|考核|要|打算|准备|定|力争|预期|预计|指标|规划|控制|拟|原定|安排))|(?<=[成占达超])了?(?:全年|年度)"
)
_REPORT_YEAR_RE = re.compile(
    r"((?:19|20)\d{2})\s*年(?=度|全年|上半年|下半年|前三季度|第?[一二三四]季度|1\s*[-—至到]\s*\d{1,2}\s*月|年终|年底)"
    # 2025年的目标: that year's plan or figures, asked of its report (到2025年的目标 is a deadline)
    r"|(?<![到至前])((?:19|20)\d{2})\s*年的"
)
# Years relative to the newest in the index: 0 this year, -1 the year before.
_RELATIVE_YEARS = (("今年", 0), ("本年", 0), ("去年", -1), ("上年", -1), ("前年", -2))
_BASELINE_YEAR_RE = re.compile(r"(?:比|较|与|和|跟|同|对比)(?:去年|上年|前年)(?:同期)?")


class QueryKind(str, Enum):
    TOPIC = "topic"
    FIGURE = "figure"
    LIST = "list"


@dataclass
class QueryPlan:
    """A query taken apart; see the module docstring."""

    text: str
    words: list[str]
    expansions: list[str] = field(default_factory=list)
    departments: set[str] = field(default_factory=set)
    remainder: str = ""
    kind: QueryKind = QueryKind.TOPIC
    periods: list[str] = field(default_factory=list)  # canonical periods named: 一季度 → 1-3月
    years: list[int] = field(default_factory=list)  # years named: 2021年; 今年/去年 as 0/-1 (relative)
    issuer: str | None = None  # whose report the question names: 市政府工作报告 → 市
    # set by the searcher: the words left beside the department name are phrasing, not a topic
    # (see :func:`leftover_words`)
    phrasing_only: bool = False

    @property
    def department_only(self) -> bool:
        """The query names departments and asks nothing else (``区金融工作局``)."""
        return bool(self.departments) and (self.phrasing_only or not _DEPT_FILLER_RE.sub("", self.remainder))

    @property
    def is_question(self) -> bool:
        """Asks something (多少, 哪些, 吗, ?…) rather than naming a topic: worth an answer."""
        return self.kind is not QueryKind.TOPIC or bool(_QUESTION_RE.search(self.text))

    @property
    def highlight_terms(self) -> list[str]:
        return [*self.words, *self.expansions]


@cache
def synonyms() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """Rules ``(left words, right words)`` from the packaged ``data/synonyms.txt``."""
    text = resources.files("wrsearch").joinpath("data/synonyms.txt").read_text("utf-8")
    rules = []
    for line in text.splitlines():
        if line.startswith("#") or "=" not in line:
            continue
        left, right = line.split("=", 1)
        rules.append((tuple(w.strip() for w in left.split(",") if w.strip()), tuple(right.split())))
    return tuple(rules)


# expand: an everyday word that the query holds only inside a longer everyday word of the list
# (看病 of 看病贵) brings nothing of its own; the longer word's rule speaks for it. Round 10.
LONGEST_RULE_ONLY = True


def _spans(word: str, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(word)) for m in re.finditer(re.escape(word), text)] if word else []


def expand(text: str) -> list[str]:
    """Report words for the everyday words in ``text`` (no repeats, none already in it); a word
    found only inside a longer word of the list counts as that word (``LONGEST_RULE_ONLY``)."""
    folded = fold(text).lower()
    found: dict[str, None] = {}
    held = {fold(w).lower() for left, _ in synonyms() for w in left if fold(w).lower() in folded}
    longer = [_spans(w, folded) for w in held]
    longer_of = {
        w: [span for other, spans in zip(held, longer) if w != other and w in other for span in spans] for w in held
    }

    def stands_alone(word: str) -> bool:
        if not LONGEST_RULE_ONLY:
            return True
        outer = longer_of.get(word, [])
        return any(not any(a <= start and end <= b for a, b in outer) for start, end in _spans(word, folded))

    for left, right in synonyms():
        if any(fold(word).lower() in folded and stands_alone(fold(word).lower()) for word in left):
            for word in right:
                if fold(word).lower() not in folded:
                    found.setdefault(word, None)
    return list(found)


# The head of a unit's name (发改局 → 发改) and the words after a bare head that say it is the unit.
# (城投名下有哪些任务 for 区城投集团: a company is named by its head as a bureau is)
_UNIT_SUFFIX_RE = re.compile(r"(?:管理局|分局|局|委员会|委|办公室|办|中心|集团|公司)$")
# 住建部门, 教育部门: the head of a unit's name with 部门 is that unit.
# 城管负责的工作: a unit's head right before how a unit holds work is that unit, too.
# 民政这次报告里管哪些, 街道要承担哪些工作: a few words (when, where) may stand between the head and
# how a unit holds work, when items are asked right after it.
_UNIT_POINTER_RE = re.compile(
    r"那边|这边|那里|这里|这块|那块|部门|口(?=[的牵负管有])|方面(?=[的牵负管有])|(?=负责|牵头|承担|名下|分管|主抓|配合)"
    # 城管手上有哪些任务, 民政身上有啥活: where a unit holds its work, right after its head
    r"|(?=(?:手上|手里|手头|身上|肩上|头上)[\u4e00-\u9fff]{0,3}?(?:哪些|哪几|什么|啥))"
    r"|(?=[\u4e00-\u9fff]{1,6}?(?:负责|牵头|承担|分管|主抓|配合|管)(?:了|的|着)?(?:哪些|哪几|什么|啥))"
)
# 各街道, 各乡镇: a group of units is named without its 各 (街道要承担哪些工作).
_UNIT_GROUP_RE = re.compile(r"^各(?=[\u4e00-\u9fff]{2})")
# 政数局 for 区政务服务和数据管理局, 人社局 for 人力资源和社会保障局: a short name made of the full
# name's characters in order, with its first character and its kind of unit (局, 委, 办).
# 卫健委 written out as 卫生健康委员会: what follows a unit's last character when its kind is
# spelled in full (taken with the name, if there).
_LONG_KIND = {"委": "(?:员会)?", "办": "(?:公室)?"}
# 投促中心 for 区投资促进服务中心: a 中心 is shortened so too (its head of two characters at least).
_SHORT_UNIT_RE = re.compile(r"[\u4e00-\u9fff]{2,3}(?:局|委|办|中心)")


def is_short_form(short: str, name: str) -> bool:
    """Whether ``short`` (政数局) abbreviates the unit ``name`` (政务服务和数据管理局): same first and
    last character, the others in order, and the name at least two characters longer.
    卫健委 abbreviates 卫生健康委员会: a kind spelled in full (委员会, 办公室) ends in its one character."""
    name = short_kind(name)
    if len(name) < len(short) + 2 or short[0] != name[0] or short[-1] != name[-1]:
        return False
    rest = iter(name[1:-1])
    return all(char in rest for char in short[1:-1])


def _written_out(short: str) -> str:
    """A pattern for the unit ``short`` (人社局) written out in full: its characters in order, a few
    others between, a leading 区/市 and the long kind of unit (委员会, 办公室) taken with it."""
    # (a short name takes the head of each word: 人|力资源和|社|会保障|局, so its first character
    # stands before a gap; 教育发展局 does not write out 教育局)
    middle = "".join(
        f"[\u4e00-\u9fff]{{{1 if place == 0 else 0},6}}?{re.escape(char)}" for place, char in enumerate(short[1:-1])
    )
    return rf"(?:[区市])?{re.escape(short[0])}{middle}[\u4e00-\u9fff]{{0,6}}?{re.escape(short[-1])}{_LONG_KIND.get(short[-1], '')}"


def _abbreviated_unit(folded: str, known: list[str]) -> tuple[set[str], str]:
    """The one unit (by canonical form) of ``known`` that a short name in ``folded`` abbreviates
    (政数局 → 政务服务和数据管理局), and that short name; empty when none or several fit."""
    for short in _SHORT_UNIT_RE.findall(folded):
        kind = 2 if short.endswith("中心") else 1
        # 民政数局 → 政数局 too: the question's cut is unknown
        for start in range(len(short) - kind - 1):
            abbreviated = {
                canonical(name) for name in known if any(is_short_form(short[start:], f) for f in own_forms(name))
            }
            if len(abbreviated) == 1:
                return abbreviated, short[start:]
    return set(), ""


def find_departments(text: str, known: Iterable[str]) -> tuple[set[str], str]:
    """Known departments named in ``text`` (full name or its canonical form, ≥ 3 characters)
    and the text with those names cut out. Longer names are matched first."""
    folded = fold(text)
    known = list(known)

    def cut(pairs: list[tuple[str, str]]) -> set[str]:
        nonlocal folded
        found: set[str] = set()
        for form, name in sorted(pairs, key=lambda pair: len(pair[0]), reverse=True):
            if form in folded:
                found.add(name)
                # 区卫生健康委员会 for 卫生健康委: the written-out kind of unit (委员会, 办公室) and
                # a leading 区/市 go with the name, or 区…员会 is left as if it were a subject.
                folded = re.sub(rf"(?:[区市](?!$))?{re.escape(form)}{_LONG_KIND.get(form[-1], '')}", " ", folded)
        return found

    # A unit named as itself (经信局 where the report has 区经信局) is that unit, even when an
    # alias group joins it to another the same report lists apart (区科技局); the group's other
    # names count only when they hold the name asked (武昌交通大队 for 交通大队).
    # (大数据局 where the report has 区数据局: a name of its group that holds its own name is cut
    # whole, or 大 would be left as if it were a subject.)
    own = cut(
        [
            (form, name)
            for name in known
            for form in {
                *own_forms(name),
                *(alias for alias in department_forms(name) if any(o in alias for o in own_forms(name))),
            }
            # (各镇, 各村: a group of units named by its kind alone is one, though two characters)
            if len(form) >= 3 or (len(form) == 2 and form.startswith("各"))
        ]
    )
    found = own | {
        other
        for name in own
        for other in known
        if canonical(other) == canonical(name) and any(form in fold(other) for form in own_forms(name))
    }
    if own and all(name.startswith("市") for name in own):
        # 政务服务局负责哪几项 where the report has 市政务服务局 only in a city task's block and the
        # district's unit of its alias group as 区行政审批局: a unit asked with no level is the
        # district's own too (the staff asking are the district's).
        found |= {other for name in own for other in known if canonical(other) == canonical(name) and other.startswith("区")}
    before_alias = folded
    by_alias = cut([(form, name) for name in known for form in department_forms(name) if len(form) >= 3])
    if by_alias and not found:
        # 经信局 where the report lists 区经济和信息化局 and 区科技局 apart: a short name that
        # abbreviates one unit the report lists is that unit, though an alias group (科经局 = 科技局
        # 经信局, one unit in another district) joins it to the other.
        abbreviated, _ = _abbreviated_unit(before_alias, known)
        if abbreviated and not abbreviated & {canonical(name) for name in by_alias}:
            by_alias = {name for name in known if canonical(name) in abbreviated}

    # 发改那边, 应急这块: a unit's name without its 局/委/办, said with a word that points at a
    # unit (那边, 这块, 口), is the unit; a bare 发改 may be a topic, so it needs that word.
    def stems(forms_of) -> list[tuple[str, str]]:
        return [
            (stem + gap + pointer.group(), name)
            for name in known
            for form in forms_of(name)
            if len(stem := _UNIT_GROUP_RE.sub("", _UNIT_SUFFIX_RE.sub("", form))) >= 2 and stem != form
            for pointer in _UNIT_POINTER_RE.finditer(folded)
            # (城管 负责哪些事: the head and its pointer may stand a space apart)
            if (head := folded[: pointer.start()].rstrip()).endswith(stem)
            and not (gap := folded[len(head) : pointer.start()]).strip()
            # 医疗医保方面的事项: a topic among topics, not the unit; 方面 names a unit only
            # when the head stands alone before it (医保方面的事项, 民政方面负责…); after 、 it ends
            # a list of topics (文化、旅游、体育方面). 这块 / 那块 likewise (文化体育这块: a topic).
            and not (
                pointer.group().startswith(("方面", "这块", "那块"))
                and re.search(r"[\u4e00-\u9fff、]$", head[: -len(stem)])
                # (区建设方面: the district's unit; 产业园区建设方面: a kind of area, then a topic)
                and not (re.search(r"[区市县]$", head[: -len(stem)]) and not NOT_PLACE_RE.search(head[: -len(stem)]))
            )
        ]

    # A unit's own head (住建部门 where the report lists 区住建局 and 区建设局 apart) is that unit
    # alone, as its own name is; only a head of no unit's own name is read through the groups.
    own_stem = cut(stems(own_forms))
    # (区城管局 and 市城管局 share the head 城管: both, as for a full name)
    found |= own_stem | {other for name in own_stem for other in known if own_forms(other) & own_forms(name)}
    if not own_stem:
        by_alias |= cut(stems(department_forms))
    if not found and not by_alias:
        # 政数局 where the report has 区政务服务和数据管理局 and no alias says so: the one unit (by
        # canonical form) whose own name the short name abbreviates.
        abbreviated, short = _abbreviated_unit(folded, known)
        if abbreviated:
            by_alias |= {name for name in known if canonical(name) in abbreviated}
            folded = folded.replace(short, " ")
    if not found and not by_alias:
        # 区人力资源和社会保障局 where the report has 区人社局 and no alias says so: the question
        # writes out in full the short name the report uses (its characters in order, first and
        # last the same, the kind of unit maybe spelled 委员会/办公室); one unit, by canonical form.
        spans = {
            canonical(name): match
            for name in known
            for form in own_forms(name)
            if len(form) >= 3
            and form[-1] in "局委办"
            and (match := re.search(_written_out(form), folded))
            and len(match.group()) >= len(form) + 2
        }
        if len(spans) == 1:
            ((key, match),) = spans.items()
            by_alias |= {name for name in known if canonical(name) == key}
            folded = folded.replace(match.group(), " ")
    # Every department with the same canonical form counts (区X局 and 市X局 when both exist).
    keys = {canonical(name) for name in by_alias}
    found |= by_alias | {name for name in known if canonical(name) in keys}
    # 区应急局 and 区应急管理局 in one report: one unit written two ways, asked by either name.
    return with_same_unit(found, known), folded.strip()


def analyze(text: str, tokenizer: Tokenizer, known_departments: Iterable[str] = ()) -> QueryPlan:
    """Take a query apart; ``known_departments`` are the index's department names."""
    departments, remainder = find_departments(text, known_departments)
    words = tokenizer.query_tokens(remainder if departments else text)
    if _FIGURE_RE.search(text):
        kind = QueryKind.FIGURE
    elif _LIST_RE.search(text):
        kind = QueryKind.LIST
    else:
        kind = QueryKind.TOPIC
    expansions = [w for w in expand(text) if w not in words]
    # A year restricts to its reports only with a period (2020年全年, 2021年上半年): "2020年那批项目" is a batch.
    years: list[int] = list(dict.fromkeys(int(m.group(1) or m.group(2)) for m in _REPORT_YEAR_RE.finditer(text)))
    # 比去年增长多少: last year is the baseline of a growth figure, not the time asked.
    relative_text = _BASELINE_YEAR_RE.sub(" ", text)
    years += [offset for word, offset in _RELATIVE_YEARS if word in relative_text and offset not in years]
    stop = stopwords()
    return QueryPlan(
        text=text,
        words=[w for w in words if w not in stop],
        expansions=expansions,
        departments=departments,
        remainder=remainder if departments else text,
        kind=kind,
        periods=find_periods(_PLAN_YEAR_RE.sub("", text)),
        years=years,
        issuer=find_issuer(text),
    )
