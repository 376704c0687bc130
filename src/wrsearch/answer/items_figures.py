"""One figure for each of several items asked at once: 城投集团承担的科创谷、道路、新院区三个项目各完成
投资多少, 5G基站和充电桩分别新建了多少个, 城投集团承建的三个项目各完成投资多少.

A comparison reads its parts in one item (任务数和完成数); these questions name, or count,
several items, and each part's figure is in its own item. The parts are the names before
分别/各 (or in brackets: 两项任务(游客、送戏下乡)); when none are named (三个项目, 有哪些…分别), they
are the items of the department named, or about the subject, that hold the figure asked. What
is asked of every part (完成投资, 新建…个, 目标) comes after 分别/各 or after the count; a list
after the question word (分别到位、完成了多少钱; 各新增了多少床位、托位) pairs with the parts in order.
"""

from __future__ import annotations

import re

from wrsearch.answer.answerer import INTENT_WORDS
from wrsearch.answer.clauses import (
    ANSWER_THRESHOLD,
    Answer,
    asked_unit,
    clauses,
    has_quantity,
    quantities,
    sentence_leads,
    span_around,
    unit_fits,
)
from wrsearch.answer.comparison import LEAD_COVER_SHARE
from wrsearch.answer.figures import _RATE_QUESTION_RE, SUBSTEP_FACTOR, counts_substep, planned_clause
from wrsearch.answer.intent import PARTS_END_RE, plan_done_parts
from wrsearch.answer.words import (
    _FILLER_RE,
    QUESTION_WORDS,
    TermWeights,
    coverage,
    has_subject,
    is_place_name,
    is_time_word,
    subject_pieces,
    word_forms,
)
from wrsearch.ingest.departments import forms as department_forms
from wrsearch.models import Item
from wrsearch.search.query import QueryPlan

# 三个项目, 两项指标, 这两件事, 两项任务: how many items are asked, not what they are.
# (空气、水、土壤三个污染防治指标: the kind of item may come between the count and its noun)
_COUNT_RE = re.compile(
    r"(?:这|那)?[两二三四五六七八九十几]+(?:(?:个|项|件|类|大)?(?:重点)?|(?:个|项|件|类|大)[\u4e00-\u9fff]{1,6}?)"
    r"(?:项目|指标|任务|事项|事情|事|工作|工程|方面|战役|战|行动|领域|板块)"  # 三个保卫战, 三大攻坚战
)
# 三个指标分别做到多少: each item's own measure (the unit its task sets the figure in) is asked.
_INDICATOR_RE = re.compile(r"指标")
# 城投集团承担的…, 住建局负责的…: how a department holds the items, not one of them.
_HOLDS_RE = re.compile(r"(?:承担|承建|负责|牵头|实施|推进|建设|抓)的")
# 有哪些,分别…: the items are asked without names.
_WHICH_ITEMS_RE = re.compile(r"有哪些|哪些|哪几")
_BRACKETS_RE = re.compile(r"[(（]([^)）]+)[)）]")
# …分别完成投资多少:地铁、零部件园、鹭溪治理: a list of names after the question, ending it.
_LISTED_AFTER_RE = re.compile(r"(?<=多少|几[个项件])\s*[:：]\s*([^:：?？]+(?:、|和|与|及)[^:：?？]+?)[?？。]?$")
_JOINS_RE = re.compile(r"和|与|及|以及|、|,|，|跟")
_PLAN_WORD_RE = re.compile(r"目标|计划|任务数|要求|预期")
_ASK_RE = re.compile(r"(?:是|有|为)?(?:多少|几)")
# 新增数, 新增量: how many were added, said of no thing (has_subject knows 完成数, 建成数 already).
_GENERIC_ACT_RE = re.compile(r"^(?:新增|增加|新开|新签|引进|新引进)[数量]?$")
# Words that ask for a result in general, naming no measure: 完成多少, 实现多少, 达到多少.
_RESULT_WORDS = frozenset({"完成", "实现", "达到", "完成了"})
_NUMBERS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
MIN_PART_COVER = 0.5  # a part's item holds at least this share of the part's words
MAX_UNNAMED_ITEMS = 6  # 有哪些…分别: at most this many items, each with its figure


def _words(text: str, tokenizer, document_frequency) -> list[str]:
    """The subject words of a piece of the question: no question, filler, time or place words."""
    tokens = [
        t
        for t in tokenizer.tokens(_FILLER_RE.sub(" ", text))
        if t not in QUESTION_WORDS and not is_place_name(t) and not is_time_word(t) and re.search(r"\w", t)
    ]
    tokens = [t[:-1] if t.endswith("了") and len(t) >= 2 else t for t in tokens]
    tokens = [t for t in tokens if t and not _ASK_RE.fullmatch(t)]
    return list(dict.fromkeys(p for t in tokens for p in subject_pieces(t, document_frequency)))


def _weights(words: list[str], document_frequency, n_items: int) -> TermWeights:
    """Rarer words weigh more (as in :func:`~wrsearch.answer.words.idf_weights`, simply)."""
    import math

    return TermWeights(
        {w: math.log(1 + n_items / max(document_frequency(w), 0.5)) * (0.5 if len(w) == 1 else 1.0) for w in words},
        {w: word_forms(w) for w in words},
    )


def split_question(plan: QueryPlan) -> tuple[list[str], str, bool]:
    """``(parts, asked, counted)``: the names of the items asked (maybe none), what is asked of
    each (完成投资多少), and whether the question counts the items (三个项目) or asks which they are."""
    text = plan.remainder
    for name in plan.departments:
        for form in sorted(department_forms(name), key=len, reverse=True):
            if len(form) >= 2:
                text = text.replace(form, " ")
    text = _HOLDS_RE.sub(" ", text)
    # 三个项目分别完成投资多少:地铁、零部件园、鹭溪治理: the names listed after the question, as
    # in brackets.
    listed_after = _LISTED_AFTER_RE.search(text)
    if listed_after:
        text = f"{text[: listed_after.start()]}({listed_after.group(1)})"
    bracket = _BRACKETS_RE.search(text)
    pieces = PARTS_END_RE.split(text, 1)
    head, tail = (pieces[0], pieces[1]) if len(pieces) > 1 else (text, "")
    count = _COUNT_RE.search(head)
    counted = bool(count) or bool(_WHICH_ITEMS_RE.search(head))
    if listed_after:
        names = bracket.group(1)
        asked = tail.replace(bracket.group(), "")
    elif bracket:  # 文旅两项任务(游客、送戏下乡)上半年各完成多少
        names = bracket.group(1)
        asked = text[bracket.end() :]
    else:
        if count:  # 粮食生产和受污染耕地两件事目标分别是多少: the names, then what is asked of them
            names, asked = head[: count.start()], head[count.end() :] + " " + tail
        else:
            names, asked = head, tail
        names = re.split(r"[:：]", names)[-1]  # 一老一小:养老和托育
        names = _WHICH_ITEMS_RE.split(names)[0]
    pieces = [p.strip(" ?？的") for p in _JOINS_RE.split(names) if p.strip(" ?？的")]
    wanted = _NUMBERS.get(count.group().lstrip("这那")[:1]) if count and not bracket else None
    # 空气、水、土壤三个…: a one-character name counts when the count says every name is a part.
    parts = pieces if wanted and len(pieces) == wanted else [p for p in pieces if len(p) >= 2]
    if len(parts) < 2 and count and not bracket:
        # 文化体育旅游的几项工作,演出场次和游客各完成多少: the topic, its count, then the names.
        listed = [p.strip(" ?？的") for p in _JOINS_RE.split(head[count.end() :]) if len(p.strip(" ?？的")) >= 2]
        if len(listed) >= 2:
            parts, asked = listed, tail
    return parts, asked, counted


def _paired(asked: str, n_parts: int) -> list[str]:
    """What each part is asked, when a list after the question word pairs with the parts
    (分别到位、完成了多少钱 → 到位, 完成了多少钱); else the same for all."""
    before, _, after = asked.partition("多少") if "多少" in asked else asked.partition("几")
    for side in (after, before):
        listed = [p for p in re.split(r"、|和|与", side) if p.strip(" ?？")]
        if len(listed) == n_parts:
            return [asked.replace(side, p) for p in listed]
    return [asked] * n_parts


# How a report gives the sum of the parts it has just listed: 两项合计, 共计, 以上合计.
_TOTAL_RE = re.compile(r"^(?:[两二三四五六七八九十几各]项|以上|上述|全部|总)?(?:合计|共计|总计|累计共|加总|总共)")


def _task_unit(item: Item, part_words: TermWeights) -> re.Pattern[str] | None:
    """The unit of the figure the item's task sets about the part (its clause, with the one before
    it, holding most of the part's words; the first on a tie: 打好蓝天保卫战,PM2.5…32微克/立方米 →
    微克; 引进…项目43个,实际利用外资1.5亿美元 asked of 外资 → 美元), None if it sets none."""
    pieces = clauses(item.task)
    best: tuple[float, str] | None = None
    for index, clause in enumerate(pieces):
        units = [re.sub(r"^[\d.,]+\s*", "", q)[:2] for q in quantities(clause)]
        units = [u for u in units if u and not u[0].isdigit()]
        if units:
            cover = coverage(part_words, (pieces[index - 1] if index else "") + clause)
            if best is None or cover > best[0]:
                best = (cover, units[0])
    return re.compile(re.escape(best[1])) if best else None


def _figure(
    item: Item, asked_words: TermWeights, part_words: TermWeights, asked: str, indicator: bool = False
) -> tuple[float, str] | None:
    """The clause of ``item`` holding the figure asked, and how well it fits; None if none has one.
    With ``indicator`` (default no: 三个指标分别做到多少) and no unit asked, the unit is the task's."""
    plan_wanted = bool(_PLAN_WORD_RE.search(asked))
    unit = asked_unit(asked)
    if unit is None and indicator:
        unit = _task_unit(item, part_words)
    fields = [("task", item.task)] if plan_wanted else [("progress", item.progress)]
    if not plan_wanted and not has_quantity(item.progress):
        fields.append(("task", item.task))
    if plan_wanted:
        # An item's target is every figure its task sets (播种面积5.2万亩以上,产量2.1万吨): the
        # question names the item, not one of its measures.
        pieces = clauses(item.task)
        numbered = [index for index, clause in enumerate(pieces) if has_quantity(clause)]
        if numbered:
            return 1.0, "".join(pieces[numbered[0] : numbered[-1] + 1]).strip().rstrip(",，;；")
    best = None
    # An indicator asked is the task's lead measure: a clause in its unit, when one is, whatever
    # other words a clause in another unit shares with the question.
    only_fitting = (
        indicator
        and unit is not None
        and any(unit_fits(clause, unit) for _, text in fields for clause in clauses(text) if has_quantity(clause))
    )
    both = TermWeights(
        {**asked_words, **part_words}, {**getattr(asked_words, "forms", {}), **getattr(part_words, "forms", {})}
    )
    for field_name, text in fields:
        pieces = clauses(text)
        leads = sentence_leads(text)
        for index, clause in enumerate(pieces):
            if not has_quantity(clause) or (only_fitting and not unit_fits(clause, unit)):
                continue
            local = (pieces[index - 1] if index else "") + clause
            fits = 1.0 if unit_fits(clause, unit) else 0.6
            if field_name == "progress" and planned_clause(clause, local):
                fits *= 0.7  # 全年计划…, 计划新增3家: a plan where the result is asked
            # 电梯…完成多少: 完工投用29部, not 已完成加装电梯审批68部 (a step on the way), when another
            # figure clause of the item counts the thing itself (as figures.extract reads it).
            if (
                field_name == "progress"
                and counts_substep(clause, both, item.task, asked)
                and any(
                    has_quantity(p) and not counts_substep(p, both, item.task, asked) for p in pieces if p != clause
                )
            ):
                fits *= SUBSTEP_FACTOR
            # 完成供水及雨污管网改造47.2公里,两项合计83.7公里: a total right after a part is about
            # what the part is about, and is the whole item's figure (it wins a tie).
            total = bool(index and _TOTAL_RE.match(clause.strip()))
            # 年度计划改造老旧小区36个,已完成…,开工12个,完工3个: a clause names its part at the start
            # of its sentence, as extract and comparison_answer read it.
            part_cover = max(
                coverage(part_words, local), LEAD_COVER_SHARE * coverage(part_words, leads[index] + clause)
            )
            score = fits * (
                0.5 * coverage(asked_words, local if total else clause)
                + 0.2 * coverage(asked_words, local)
                + 0.3 * part_cover
                + 0.1
            )
            if best is None or score > best[0] or (total and score >= best[0]):
                best = (score, span_around(pieces, index))
    return best


def items_figures_answer(
    plan: QueryPlan,
    items: list[Item],
    closeness: list[float],
    tokenizer,
    document_frequency,
    n_items: int,
) -> Answer | None:
    """One figure per item the question names or counts, ``span;span;…``, each item cited
    (``sources``); None when the question is not of that shape (its parts are in one item, or
    it names fewer than two), so that the comparison reading answers it."""
    if len(items) < 2 or plan_done_parts(plan.text) or _RATE_QUESTION_RE.search(plan.text):
        # 托位目标和完成数 (a plan and its result), 社零和外贸分别增长了多少 (rates): a comparison's
        return None
    parts, asked, counted = split_question(plan)
    count = _COUNT_RE.search(plan.remainder)
    wanted = _NUMBERS.get(count.group().lstrip("这那")[:1]) if count else None
    if wanted and len(parts) == 1:
        # 蓝天碧水净土三个保卫战: the names run together; the words the count says, one a part.
        cut = getattr(tokenizer, "question_tokens", tokenizer.tokens)
        words = [w for w in cut(parts[0]) if len(w) >= 2 and w in parts[0]]
        if len(words) == wanted and len("".join(words)) == len(parts[0]):
            parts = words
    asked_list = _paired(asked, len(parts)) if len(parts) >= 2 else [asked]
    # (各完成多少: 完成 alone says a result is asked, not which figure; 惠民演出58场 is one, 施工完成60%
    # no better. 完成投资多少 keeps it: the report says 完成投资 of what is asked.)
    asked_weights = [
        _weights(
            [w for w in words if w not in _RESULT_WORDS] if all(w in _RESULT_WORDS for w in words) else words,
            document_frequency,
            n_items,
        )
        for words in (_words(a, tokenizer, document_frequency) for a in asked_list)
    ]
    texts = [f"{i.task} {' '.join(i.departments)} {i.progress}" for i in items]
    chosen: list[tuple[int, float, TermWeights, TermWeights, str]] = []  # position, cover, part, asked, asked text
    if len(parts) >= 2:
        part_weights = [_weights(_words(p, tokenizer, document_frequency), document_frequency, n_items) for p in parts]
        if any(
            not has_subject(
                {w: v for w, v in weights.items() if w not in INTENT_WORDS and not _GENERIC_ACT_RE.match(w)}
            )
            for weights in part_weights
        ):
            return None  # 目标和新增数: a part naming no thing of its own is a comparison's
        # Parts in one item (行政复议、行政诉讼、普法宣传 of the 司法局 item): one item covers every
        # part as well as any item does; they are a comparison's.
        best = [max(coverage(w, text) for text in texts) for w in part_weights]
        if any(all(coverage(w, text) >= top for w, top in zip(part_weights, best)) for text in texts):
            return None
        used: set[int] = set()
        for number, weights in enumerate(part_weights):
            # the best-covering item not taken by an earlier part (the first retrieved on a tie)
            covers = [
                (coverage(weights, text), -position) for position, text in enumerate(texts) if position not in used
            ]
            if not covers:
                return None
            cover, position = max(covers)
            position = -position
            if cover < MIN_PART_COVER:
                return None
            used.add(position)
            # 演出场次和游客各完成多少: a part naming its measure (场次) asks its figure in that unit
            asked_text = asked_list[number] if asked_unit(asked_list[number]) else parts[number] + asked_list[number]
            chosen.append((position, cover, weights, asked_weights[number], asked_text))
    elif counted and (plan.departments or parts):
        # 城投集团承建的三个项目各完成投资多少, 管网改造有哪些,分别改了多少公里: the items are those of
        # the department named, or about the subject, that hold what is asked.
        weights = asked_weights[0]
        subject = (
            _weights(_words(parts[0], tokenizer, document_frequency), document_frequency, n_items) if parts else None
        )
        if not weights:
            return None
        for position, item in enumerate(items):
            if plan.departments and not plan.departments & set(item.departments):
                continue
            cover = coverage(subject, texts[position]) if subject else 1.0
            if cover < MIN_PART_COVER or coverage(weights, item.progress) < MIN_PART_COVER:
                continue
            chosen.append((position, cover, subject or weights, weights, asked_list[0]))
        count = _COUNT_RE.search(plan.remainder)
        wanted = _NUMBERS.get(count.group().lstrip("这那")[:1]) if count else None
        chosen = chosen[: wanted or MAX_UNNAMED_ITEMS]
        if len(chosen) < 2 or (wanted and len(chosen) < wanted):
            return None
    else:
        return None
    spans, confidences, sources = [], [], []
    for position, cover, part, asked_w, asked_text in chosen:
        found = _figure(items[position], asked_w, part, asked_text, bool(_INDICATOR_RE.search(plan.text)))
        if found is None:
            return None
        spans.append(found[1])
        sources.append(position)
        confidences.append(0.5 * cover + 0.5 * closeness[position])
    confidence = round(min(confidences), 3)
    if confidence < ANSWER_THRESHOLD:
        return Answer(None, confidence, sources[0])
    return Answer(";".join(spans), confidence, sources[0], None, "progress", sources)
