"""Lists: 哪些… questions answered with one line per item.

:func:`list_answer` lists the items on a subject (or of a section, or a department),
:func:`list_lines` formats them, :func:`figures_answer` lists one item's figures.
"""

from __future__ import annotations

import re

from wrsearch.answer.clauses import ANSWER_THRESHOLD, Answer, asked_unit, clauses, has_quantity, span_around, unit_fits
from wrsearch.answer.figures import department_of
from wrsearch.answer.words import TermWeights, coverage, subject_item
from wrsearch.ingest.departments import forms as department_forms
from wrsearch.models import Item
from wrsearch.search.query import QueryPlan
from wrsearch.text import fold

MAX_LIST_ITEMS = 8
MAX_LIST_CLAUSE_CHARS = 40  # the clause naming a listed item's subject, when its task does not
LIST_COVER_SHARE = 0.5  # a listed item holds at least this share of the best item's subject cover
MAX_FIGURES = 10  # a 哪些…各多少 answer lists up to this many figures of its item


def figures_answer(
    plan: QueryPlan, items: list[Item], item_scores: list[float], weights: dict[str, float], closeness: list[float]
) -> Answer:
    """发了哪些补贴,各多少钱: every figure of the progress of the item about the subject, each
    clause with its words, in the report's order; with 各/分别 only the figures in the unit asked."""
    if not items:
        return Answer(None, 0.0)
    position, cover = subject_item(items, item_scores, weights)
    confidence = round(float(0.5 * cover + 0.5 * closeness[position]), 3)
    item = items[position]
    unit = asked_unit(plan.text) if re.search(r"各|分别", plan.text) else None
    parts = clauses(item.progress)
    spans = [
        span_around(parts, index)
        for index, clause in enumerate(parts)
        if has_quantity(clause) and unit_fits(clause, unit)
    ]
    spans = list(dict.fromkeys(spans))
    # (已建成…中心9个 and 已建成…中心9个，在建3个: a span another one holds is said once)
    spans = [s for s in spans if not any(s != other and s in other for other in spans)][:MAX_FIGURES]
    if confidence < ANSWER_THRESHOLD or not spans:
        return Answer(None, confidence, position)
    text = ";".join(spans)
    return Answer(text, confidence, position, department_of(item, spans[0]), "progress")


# Names listed inside a clause: (B1路、B2路), “甲”“乙”, 甲、乙等 — what a 新开了哪些线路 asks.
_ENUMERATION_RE = re.compile(
    r"[(（][^)）]{1,30}、[^)）]{1,30}[)）]|“[^”]{1,15}”、?“[^”]{1,15}”|(?:[\u4e00-\u9fff\w]{2,}|[)）])、[^,，;；。]{2,40}等"
    # 甲、乙2条断头路已建成: names, then how many of them
    r"|[\u4e00-\u9fff]{2,}、[\u4e00-\u9fff、]{2,30}?\d+[个条家所座处栋项部]"
)
MAX_ENUMERATION_CHARS = 80
# 哪些事项/工作/任务/措施…: the items are asked, not the things one of them names.
_ITEMS_ASKED_RE = re.compile(r"事项|工作|任务|项目|措施|举措|事情|方面")


# 消费和外贸方面的任务和一季度数据: a list that asks each item's figures as well.
# (asked at the end: 数字经济方面引进了哪些企业 asks names, its 数字 is the subject's)
_LIST_FIGURES_RE = re.compile(r"(?:数据|数字|完成情况|进度情况)[?？]?$")


def list_lines(
    items: list[Item],
    limit: int = MAX_LIST_ITEMS,
    subject: TermWeights | None = None,
    names_asked: bool = False,
    figures_asked: bool = False,
) -> str:
    """One line an item (at most ``limit``, default ``MAX_LIST_ITEMS``): number, the start of
    its task, its departments; with a ``subject`` (default: none) its task does not name, the
    progress clause that does (哪些事项提到了罚款 → …:罚款186万元). With ``names_asked``
    (default off: 新开了哪些公交线路), the progress clause about the subject that lists names
    (B21路、B22路) is shown, whatever the task says. With ``figures_asked`` (default off: …的任务和一季度
    数据), the item's first progress clause with a figure (about the subject, if one is) follows."""
    lines = []
    for item in items[:limit]:
        line = f"{item.no}. {item.task[:40]}{'…' if len(item.task) > 40 else ''}({'、'.join(item.departments)})"
        if figures_asked:
            numbered = [c for c in clauses(item.progress) if has_quantity(c)]
            about = [c for c in numbered if subject and coverage(subject, c) > 0]
            if numbered:
                found = (about or numbered)[0]
                lines.append(line + ":" + found.strip().rstrip(",，;；。")[:MAX_LIST_CLAUSE_CHARS])
                continue
        listing = (
            next(
                (c for c in clauses(item.progress) if coverage(subject, c) > 0 and _ENUMERATION_RE.search(c)),
                None,
            )
            if subject and names_asked
            else None
        )
        if listing:
            line += ":" + listing.strip().rstrip(",，;；。")[:MAX_ENUMERATION_CHARS]
        elif subject and not coverage(subject, item.task):
            # (not a part's heading, 区投促局：, whose unit's name is all that holds the subject)
            found = next(
                (c for c in clauses(item.progress) if coverage(subject, c) > 0 and not _UNIT_HEADING_RE.match(c)),
                None,
            )
            if found:
                line += ":" + found.strip().rstrip(",，;；。")[:MAX_LIST_CLAUSE_CHARS]
        lines.append(line)
    return "\n".join(lines)


# 区投促局：, 石湾高新区管委会: — a department's part of the progress begins.
_UNIT_HEADING_RE = re.compile(r"^\s*[^,，;；。:：]{2,16}[:：]\s*$")


def unit_names(item: Item) -> str:
    """An item's departments with every name data/departments.txt gives them, as one text
    (区投促局 is also 招商局: its items are about 招商, which no task of theirs may say)."""
    return " ".join(form for name in item.departments for form in sorted({name, *department_forms(name)}))


# How a 哪些事项… question says "about": never its subject.
LIST_FILLER = frozenset(
    "事项 事 项 工作 任务 跟 和 与 同 有关 相关 关于 涉及 提到 提 提及 包括 包含 里 中 有 都 些 哪 哪些 说 讲 了 到 "
    "比如 例如 诸如 譬如 像 这类 那类 之类 这些 类 等 给 是 在 情况 "
    "沾边 挂钩 关联 有关系 关系 联系 牵涉 方面 领域 板块 条线 范畴 口 这块 那块 对应 属于 归属 归入 "
    "啥 什么 抓 措施 举措 安排 做了 干了 活 活儿 活有 "  # 稳就业的活有哪几项: 活 is the work
    # A、B、C这几项生态指标: the pointer at the pieces named, never a piece
    "这几 这几项 这几个 这几类 这几块 这几件 那几项 那几个".split()
) | frozenset(  # 固投和社零这两块, 医保和养老这三方面: the count of the pieces named, never a piece
    f"{this}{count}{kind}"
    for this in ("", "这", "那")
    for count in "两三四五六几"
    for kind in ("", "块", "项", "个", "类", "件", "方面", "大块", "大项")
    if len(f"{this}{count}{kind}") >= 2
)


# A theme with examples: 治水,比如防涝、水质 / 充电桩、光伏这类新能源 — the examples and the theme
# name one thing; any of them found is the thing found.
_EXAMPLES_AFTER_RE = re.compile(
    r"([\u4e00-\u9fff]{2,8})[,，、]?(?:比如|例如|诸如|譬如|像是?|包括)(.+?)(?:等|这类|之类|[?？]|$)"
)
_EXAMPLES_BEFORE_RE = re.compile(
    r"((?:[\u4e00-\u9fff]{2,8}[、,，和及])+[\u4e00-\u9fff]{2,8})(?:等|这类|之类|这些|一类|这几[场项个类件])(?:的)?([\u4e00-\u9fff]{2,8})"
)


def example_group(question: str, words: dict[str, float]) -> set[str]:
    """The words of a theme and its examples (:data:`_EXAMPLES_AFTER_RE`), empty if none."""
    found = _EXAMPLES_AFTER_RE.search(question) or _EXAMPLES_BEFORE_RE.search(question)
    if not found:
        return set()
    span = fold(found.group(1) + " " + found.group(2)).lower()
    return {w for w in words if w not in LIST_FILLER and w in span}


def grouped_coverage(words: TermWeights, text: str, group: set[str]) -> float:
    """:func:`coverage` with the ``group`` one word: as heavy as its heaviest, found if any is."""
    if len(group) < 2:
        return coverage(words, text)
    forms = getattr(words, "forms", {})
    single = TermWeights({w: v for w, v in words.items() if w not in group}, forms)
    folded = fold(text).lower()
    group_weight = max(words[w] for w in group)
    group_found = any(any(f in folded for f in forms.get(w, (w,))) for w in group)
    total = sum(single.values()) + group_weight
    return (coverage(single, text) * sum(single.values()) + group_weight * group_found) / total


def missing_subjects(items: list[Item], listed: list[Item], weights: TermWeights) -> list[Item]:
    """Items to add to a list so that each subject word is held by one (安全生产和社会治安: the
    best-ranked item about 社会治安 joins, even when retrieval scored it under the share)."""
    forms = getattr(weights, "forms", {})
    added: list[Item] = []
    for word in weights:
        if word in LIST_FILLER or len(word) < 2:
            continue
        single = TermWeights({word: 1.0}, {word: forms.get(word, (word,))})

        def holds(item: Item) -> bool:
            return coverage(single, f"{item.task} {item.progress}") > 0

        if any(holds(item) for item in [*listed, *added]):
            continue
        # (教育体育: 教育 in no item's text, but 区教育局's items are about it — its remit)
        found = next((item for item in items if holds(item)), None) or next(
            (item for item in items if coverage(single, unit_names(item)) > 0), None
        )
        if found is not None:
            added.append(found)
    return added


def without_passing_mentions(listed: list[Item], subject: TermWeights, about: list[Item] = ()) -> list[Item]:
    """``listed`` without the items that only mention the subject in passing: an item whose task
    (and section heading) holds none of the subject, and whose progress holds only words another listed item's task
    holds (修路和地铁相关的任务: 加强安全生产…, whose 区交通运输局 part says 整治道路交通安全隐患,
    beside 新建改造道路15条). Items in ``about`` stay; a list that would be emptied stays whole."""
    forms = getattr(subject, "forms", {})
    words = [w for w in subject if len(w) >= 2]

    def holds(word: str, text: str) -> bool:
        return coverage(TermWeights({word: 1.0}, {word: forms.get(word, (word,))}), text) > 0

    in_tasks = {w for w in words if any(holds(w, item.task) for item in listed)}
    if not in_tasks:
        return listed
    kept = [
        item
        for item in listed
        if item in about
        or any(holds(w, f"{item.task} {item.section or ''}") for w in words)
        or not {w for w in words if holds(w, f"{item.progress} {unit_names(item)}")} <= in_tasks
    ]
    return kept or listed


_WHICH_NOUN_RE = re.compile(r"(?:哪些|哪几[个条家所项座处]?|哪[两三四五六][个条家所项座处]?)([\u4e00-\u9fff]*)")


def list_answer(
    items: list[Item],
    item_scores: list[float],
    weights: dict[str, float],
    question: str = "",
    floor: float = 0.0,
    about: list[Item] = (),
) -> Answer:
    """A 哪些… question: the matching items, one line each. Confidence is the share of the
    subject's words that the listed items cover together (管网和管线: one item each); a theme
    with examples in the ``question`` (default: none) counts as one word. ``floor`` (default 0)
    is a confidence found otherwise (closeness in meaning) that it is at least. Items in
    ``about`` (default none: the items about one of several subjects named) are listed whatever
    share of the subject they hold. ``sources`` are the listed items' positions in ``items``."""
    if not items:
        return Answer(None, 0.0)
    subject = TermWeights({w: v for w, v in weights.items() if w not in LIST_FILLER}, getattr(weights, "forms", {}))
    subject = subject if subject else weights
    group = example_group(question, subject)
    # (an item's section heading names its theme: 持续优化营商环境 heads items none of which says 营商)
    texts = [f"{i.task} {i.progress} {unit_names(i)} {i.section or ''}" for i in items]
    # Each listed item must hold some of the subject; together they must hold all of it.
    held = [text for text in texts if coverage(subject, text) > 0]
    confidence = round(float(grouped_coverage(subject, " ".join(held), group)), 3) if held else 0.0
    confidence = max(confidence, floor)
    if confidence < ANSWER_THRESHOLD:
        return Answer(None, confidence, 0)
    # The noun after 哪些 says what is asked: 哪些工作 the items, 哪些重点企业 / 哪两条路 the names
    # (数字经济方面引进了哪些企业: a 方面 before it does not make it an items question).
    asked_noun = _WHICH_NOUN_RE.search(question)
    names_asked = bool(question) and (
        not _ITEMS_ASKED_RE.match(asked_noun.group(1))
        if asked_noun and asked_noun.group(1)
        else not _ITEMS_ASKED_RE.search(question)
    )
    # Only the items that hold some of the subject are listed (no fillers that merely scored
    # well); when none does (found by meaning alone), all of them.
    # (产业 alone, when 种粮和茶产业 was asked, is a word any item may hold: an item must hold at
    # least LIST_COVER_SHARE of what the best-covering one holds.)
    covers = [coverage(subject, text) for text in texts]
    best_cover = max(covers, default=0.0)
    listed = [
        item for item, c in zip(items, covers) if (c > 0 and c >= LIST_COVER_SHARE * best_cover) or item in about
    ] or items
    listed = without_passing_mentions(listed, subject, about)
    sources = [items.index(item) for item in listed[:MAX_LIST_ITEMS]]
    figures_asked = bool(_LIST_FIGURES_RE.search(question))
    return Answer(
        list_lines(listed, subject=subject, names_asked=names_asked, figures_asked=figures_asked),
        confidence,
        0,
        sources=sources,
    )
