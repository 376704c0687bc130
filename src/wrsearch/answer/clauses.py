"""Clauses, quantities and units: the pieces of progress text an answer is cut from.

:func:`clauses` cuts a progress text into clauses (a number keeps its unit and the words before
it); :func:`quantities`, :func:`asked_unit`, :func:`unit_fits` and :func:`counted_word` say
what figure a clause holds and whether it is of the kind asked. :class:`Answer` is what every
answering rule returns; ``ANSWER_THRESHOLD`` the confidence under which it gives no text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from wrsearch.answer.intent import CHANGE_ASK_RE
from wrsearch.answer.words import _MEASURES, coverage
from wrsearch.text import fold, split_sentences

ANSWER_THRESHOLD = 0.6  # leave-one-report-out CV over 912 dev questions, 7 reports: every fold picks 0.6
MAX_ANSWER_CHARS = 120
# A clause ends at Chinese/ASCII commas, but not at a thousands separator (460,931).
_CLAUSE_SPLIT_RE = re.compile(r"(?<=，)|(?<=,)(?!\d{3})|(?<=：)|(?<=:)(?!\d)")
# A code (5G, B3地块, A1) is no amount: no Latin letter right before or after the number.
_QUANTITY_RE = re.compile(
    r"(?<![A-Za-z\d.])\d[\d,.]*(?![\d.,]*[A-Za-z])\s*(?:%|％|[万亿千百]?[^\d\s,，。;；、:：()（）“”]{0,3})"
)
_DATE_RE = re.compile(
    r"\d{4}\s*年(?:\d{1,2}\s*月)?(?:\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*月(?:底|末|份)?"
)
_PERCENT_RE = re.compile(r"\d\s*[%％]|百分点")
# 提升了多少, 减少了几: a change, which a rate answers as well as an amount.
_CHANGE_ASK_RE = CHANGE_ASK_RE


@dataclass
class Answer:
    """The answer text (None when the reports do not answer), its item and department."""

    text: str | None
    confidence: float
    item_index: int | None = None
    department: str | None = None
    field: str | None = None  # where in the item it was found: task, progress, departments
    sources: list[int] = dataclass_field(default_factory=list)  # several items, when parts come from several


def clauses(text: str) -> list[str]:
    """Progress text → clauses, each ending in its own punctuation."""
    result = []
    for sentence in split_sentences(text):
        result.extend(piece for piece in _CLAUSE_SPLIT_RE.split(sentence) if piece.strip())
    return result


def sentence_leads(text: str) -> list[str]:
    """For each clause of :func:`clauses`, the clauses before it in its sentence."""
    leads = []
    for sentence in split_sentences(text):
        before = ""
        for piece in _CLAUSE_SPLIT_RE.split(sentence):
            if piece.strip():
                leads.append(before)
                before += piece
    return leads


# A rank (排名前2, 第3) or a date is a number but not an amount.
_RANK_RE = re.compile(r"(?:排名|排|位列|居)?(?:前|第)\s*\d+\s*(?:名|位)?")
# 3号线, 1号楼, 5号地块: a number naming a thing (an ordinal), no amount of it.
_ORDINAL_RE = re.compile(r"\d+\s*号")
# “15分钟社区便民生活圈”, "1+N": a number inside quotation marks is part of a name, no amount.
_QUOTED_NAME_RE = re.compile(r"“[^”\d]{0,12}\d[^”]{0,16}”|\"[^\"\d]{0,12}\d[^\"]{0,16}\"")


def quantities(clause: str) -> list[str]:
    """The amounts in a clause, each a number with its unit; dates (2021年, 3月31日), ranks
    (排名前2), ordinal names (3号线) and numbers in a quoted name (“15分钟生活圈”) do not count."""
    named = _QUOTED_NAME_RE.sub(" ", clause)
    return _QUANTITY_RE.findall(_ORDINAL_RE.sub(" ", _RANK_RE.sub(" ", _DATE_RE.sub(" ", named))))


def only_percentages(clause: str) -> bool:
    """Every amount of the clause is a percentage (签约覆盖率42.6%)."""
    found = quantities(clause)
    return bool(found) and all(_PERCENT_RE.search(q) for q in found)


def has_quantity(clause: str) -> bool:
    """A number with its unit, dates (2021年, 3月31日) and ranks (排名前2) not counting."""
    return bool(quantities(clause))


_UNIT_ASKS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(asked), unit)
    for asked, unit in (
        (
            r"多少钱|多少资金|多少经费|多少元|[多少几]+[万亿]元|金额|资金量|投资额?[是有为]?多少|花了多少|罚了多少"
            # 计划投资和完成投资差多少: an amount invested ends a part, its question word after it
            r"|(?:投资|投资额|营收|产值|经费)(?=$|[和与及跟、,，;；?？\s]|[是有为]?(?:差|各|分别|对比|相比|比较))",
            "元|亿",
        ),
        (r"多少亿", "亿"),
        # 企业开办现在平均几天 ← 平均开办时间0.8个工作日: a span of days, however the report says it
        (r"几天|多少天|天数(?!比例|占比|比重|率)|几个?工作日|多少个?工作日", "天|日|工作|小时"),
        (r"多长时间", "天|日|工作|小时|月|年"),  # (not 多长: a length)
        (r"多长|多少公里|多少米|长度|里程|几公里", "公里|米"),
        (r"多大面积|面积|多少平方|多少平米|多少亩|多少万方|几亩", "平方|平米|万方|亩|㎡"),
        (
            r"人数|多少人|几人|多少名|几名|多少人次"
            # 有多少职工参加: people counted, by who they are (参与职工3400人次, not 开展竞赛12场)
            r"|(?:多少|几)(?:名|位)?(?:职工|员工|群众|居民|市民|学生|游客|老人|老年人|儿童|青少年|农民工|人员|选手|观众|志愿者|家长|患者)",
            "人|名",
        ),
        (r"户数|多少户|几户", "户"),
        (r"件数|多少件|几件", "件"),
        (r"场次|多少场|几场", "场"),  # 演出场次: a count of shows, 58场 (not 主体施工的60%)
    )
)
_MEASURE_ASK_RE = re.compile(rf"(?:多少|几)([{_MEASURES}])")
# 几个/多少个 counts things; 21所学校, 457人次 or 54.22万元 count something else.
_COUNT_ASK_RE = re.compile(r"(?:多少|几)个")
_THINGS_UNIT = "^(?:个|项|家|处|座|条|栋|批|类|只|片|宗)"


def asked_unit(question: str) -> re.Pattern[str] | None:
    """The unit the question wants its figure in, as a pattern over an amount (None: any)."""
    change = _CHANGE_ASK_RE.search(question)
    for asked, unit in _UNIT_ASKS:
        if found := asked.search(question):
            if change and found.end() <= change.start():
                # 游客人数增长了多少: the change of a count, which a rate says as well (增长12.6%)
                return re.compile(rf"{unit}|%|％|百分点")
            return re.compile(unit)
    measure = _MEASURE_ASK_RE.search(question)
    if measure:
        return re.compile(measure.group(1))
    return re.compile(_THINGS_UNIT) if _COUNT_ASK_RE.search(question) else None


def unit_fits(clause: str, unit: re.Pattern[str] | None, counted: str | None = None, local: str = "") -> bool:
    """Whether one of the clause's amounts is in ``unit`` (always, without one), or, for 几个,
    the clause (with the one before it, ``local``) names the thing ``counted`` (多少个学校 → 3所学校)."""
    if unit is None:
        return True
    if unit.pattern == _THINGS_UNIT and counted and counted in fold(local or clause).lower():
        return True  # 3所学校 answers 多少个学校; an explicit unit (多少钱) is never waived
    # (1.35万个 is in 个: a magnitude before the unit is part of the number)
    rests = [re.sub(r"^[\d,.\s]+", "", q) for q in quantities(clause)]
    return any(unit.search(rest) or unit.search(re.sub(r"^[万亿千百]+", "", rest)) for rest in rests)


def counted_word(question: str, words: list[str]) -> str | None:
    """The thing a 多少/几 question counts: of the answer ``words``, the last one (two characters
    or more, not a verb of doing or planning) before the question word (学位 in
    普惠性幼儿园学位新增了多少个)."""
    # (新增学位的目标: with no 多少, a plan noun ending the question asks the thing before it)
    asked = re.search(r"多少|几", question) or re.search(
        r"的?(?:目标|计划|任务|指标)[数值量]?(?:是|为)?[?？\s]*$", question
    )
    if not asked:
        return None
    head = fold(question[: asked.start()]).lower()
    candidates = [
        (head.rfind(w), w)
        for w in words
        if len(w) >= 2 and w in head and not _DONE_WORD_RE.search(w) and not _TARGET_WORD_RE.search(w)
    ]
    if not candidates:
        return None
    start, counted = max(candidates)
    # 口袋公园 cut as 口袋 + 公园: the counted thing is the whole run of words ending there.
    extended = True
    while extended:
        extended = False
        for w in words:
            if (
                len(w) >= 2
                and start >= len(w)
                and head[start - len(w) : start] == w
                # (新建 + 充电桩: the act before the thing is no part of its name)
                and not _DONE_WORD_RE.search(w)
                and not _TARGET_WORD_RE.search(w)
            ):
                start, counted, extended = start - len(w), w + counted, True
                break
    return counted


def counted_after(question: str, words: list[str]) -> str | None:
    """The thing a question counts right after its question word (新建了多少个充电桩 → 充电桩,
    增加了多少泊位 → 泊位), if one of the answer ``words``; else None."""
    after = re.search(r"(?:多少|几)[个家所座条处项名位台辆]?([\u4e00-\u9fff]{2,6})", fold(question).lower())
    if not after:
        return None
    tail = [w for w in words if len(w) >= 2 and after.group(1).startswith(w)]
    return max(tail, key=len) if tail else None


# 两项合计83.7公里, 共计…: the whole of the figures just said, which the answer keeps beside them.
_TOTAL_AFTER_RE = re.compile(r"^(?:[两三四五六七八九十\d]+[项类个家部门]*)?(?:合计|共计|总计|加总|总共|合共)")


def span_around(parts: list[str], best: int) -> str:
    """The best clause, with the clause before it when it is too short to stand alone, and the
    total right after it (…47.2公里,两项合计83.7公里)."""
    span = parts[best]
    # (not across a sentence end: 已储备…2个。各类总部项目已报1个 joins two facts)
    if len(span) < 14 and best > 0 and not re.search(r"[。;；!！?？]\s*$", parts[best - 1]):
        span = parts[best - 1] + span
    if (
        best + 1 < len(parts)
        and not re.search(r"[。;；!！?？]\s*$", parts[best])
        and _TOTAL_AFTER_RE.match(parts[best + 1].strip())
        and has_quantity(parts[best + 1])
    ):
        span += parts[best + 1]
    span = span.strip().rstrip(",，;；:：")
    return span[:MAX_ANSWER_CHARS]


# 已报市政府审批, 正在进行内部装修: a later stage of the same thing, said right after it.
_LATER_STAGE_RE = re.compile(r"^(?:并|且|现|目前|当前|现已)?(?:已|正在)[\u4e00-\u9fff]")


def with_later_stage(parts: list[str], best: int, span: str) -> str:
    """``span`` (of clause ``best``) with the clause after it when that one, in the same sentence,
    says a later stage of the same thing (完成…规划编制,已报市政府审批): whether it is done is
    answered by where it now stands. A clause with a figure of its own is another fact."""
    if best + 1 >= len(parts) or re.search(r"[。;；!！?？]\s*$", parts[best]):
        return span
    after = parts[best + 1].strip()
    if not _LATER_STAGE_RE.match(after) or has_quantity(after) or len(after) > 24:
        return span
    # (joined by the report's own comma: the answer stays a piece of the item's text)
    mark = parts[best].rstrip()[-1:]
    return (span.rstrip(",，") + (mark if mark in ",，" else "，") + after.rstrip("。;；,，"))[:MAX_ANSWER_CHARS]


# 预计 is no plan word here: in a progress text 预计完成370亿元 is the estimated result.
# 需征收土地486亩, 共涉及1230户: what the work needs or covers, the whole, not what was done.
_TARGET_WORD_RE = re.compile(r"目标|计划|任务数|任务|调整至|要求|力争|确保|拟|需要?|涉及")
_DONE_WORD_RE = re.compile(
    r"完成|已|实际|建成|开工|完工|竣工|发放|累计|办结|(?<!需)共(?!涉及)|实现|签约|引进|新增|处罚|罚款|接入|整合|办理|筹集"
    r"|开展|检查|查处|接待|受理"  # 接待游客683万人次, 受理工单8.6万件: what was served, a result
    r"|(?<![要需拟将])新建"  # 新建社区卫生服务站4个 in a progress text is built (要新建 is the plan)
)


def summary(text: str, weights: dict[str, float], limit: int) -> str:
    """A progress text's sentences with the subject's words and figures first, in their order,
    within ``limit`` characters."""
    sentences = [s for s in split_sentences(text) if s.strip()]
    ranked = sorted(
        range(len(sentences)),
        key=lambda i: -(coverage(weights, sentences[i]) + 0.5 * bool(has_quantity(sentences[i])) + 0.3 * (i == 0)),
    )
    chosen: list[int] = []
    length = 0
    for i in ranked:
        if length and length + len(sentences[i]) > limit:
            continue
        chosen.append(i)
        length += len(sentences[i])
    return "".join(sentences[i] for i in sorted(chosen))[:limit]


def add_span(spans: list[str], span: str) -> None:
    """Append ``span`` unless a listed span holds it; it replaces a listed span it holds."""
    if any(span in listed for listed in spans):
        return
    for position, listed in enumerate(spans):
        if listed in span:
            spans[position] = span
            return
    spans.append(span)
