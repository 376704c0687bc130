"""Comparisons: two or more parts of a question, each answered, side by side.

:func:`comparison_answer` answers 甲和乙哪个多 / 计划和完成对比 / 各部门分别多少 by finding
each part's figure (:func:`figures_per_department` for the departments of one item).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import numpy as np

from wrsearch.answer.clauses import (
    _DONE_WORD_RE,
    _PERCENT_RE,
    ANSWER_THRESHOLD,
    MAX_ANSWER_CHARS,
    Answer,
    add_span,
    asked_unit,
    clauses,
    has_quantity,
    quantities,
    sentence_leads,
    span_around,
    unit_fits,
)
from wrsearch.answer.figures import (
    _MAGNITUDE_RE,
    _PLANNED_DONE_RE,
    _RATE_QUESTION_RE,
    _REMAINING_ASK_RE,
    SUBSTEP_FACTOR,
    counts_substep,
    department_of,
    extract,
    is_plan,
    is_running_total,
    measure_word,
    planned_clause,
)
from wrsearch.answer.intent import _MET_PLAN_ASKED_RE, DONE_RE, PARTS_END_RE, Intent, comparison_parts
from wrsearch.answer.words import (
    _ASK_TOKEN_RE,
    _FILLER_RE,
    _GLUED_ASK,
    _MEASURES,
    _TIME_WORDS_RE,
    QUESTION_WORDS,
    TermWeights,
    coverage,
    has_subject,
    is_act,
    is_place_name,
    joined_phrases,
    subject_coverage,
    subject_item,
    subject_pieces,
    word_forms,
)
from wrsearch.ingest.departments import forms as department_forms
from wrsearch.models import Item
from wrsearch.search.query import QueryPlan
from wrsearch.text import fold

# A comparison part's clause read with the start of its sentence counts this share of its cover.
LEAD_COVER_SHARE = 0.75
_SHARE_RE = re.compile(r"占[^多少几]{0,8}(?:多少|几|$)|完成了?(?:全年|年度)")
# The last of these words in a comparison part says whether it asks the plan: 新增达标面积目标 is
# a plan, 计划改造和已完成的长度 a plan and a result; 年初定的 the plan as first set.
# (定了多少家 is the plan as set; 认定了, 核定了 name a result)
_PART_PLAN_RE = re.compile(r"目标|计划|任务数|任务|要求|力争|年初|原定|原计划|定的|(?<![认核评鉴审确制])定了")
_PART_ORIGINAL_RE = re.compile(r"年初|原定|原计划|最初|当初|起初")
_PART_ADJUSTED_RE = re.compile(r"调整|调后|变更|修改后|调增|调减")


def part_is_plan(part: str) -> bool:
    """A comparison part asks the plan when its last plan-or-result word is a plan word."""
    plans = [m.end() for m in _PART_PLAN_RE.finditer(part)]
    dones = [m.end() for m in _DONE_WORD_RE.finditer(_PLANNED_DONE_RE.sub("", part))]
    return bool(plans) and (not dones or max(plans) >= max(dones))


# A rate word ending the last part (房屋征收的完成率) and a collective noun (…的战果, …的数据).
_SHARED_RATE_RE = re.compile(r"的?(?:完成率|增长率|增幅|增速|比例|占比|[\u4e00-\u9fff]{1,2}率)$")
_COLLECTIVE_RE = re.compile(r"的?(?:战果|成果|成效|数据|数字|指标|情况)$")
# A part that names a kind, not one thing (各类纠纷, 其中各项): every figure of it.
_GENERIC_PART_RE = re.compile(r"^(?:各类|各项|各种|各个|各|其中|具体)")


_SUM_RE = re.compile(r"合计|总计|共计|加总|两家共|两个部门共")
# 两个部门各新增了多少, 各单位分别完成多少: the parts are the departments that wrote the item.
_EACH_DEPARTMENT_RE = re.compile(r"(?:[两三四几各每]个?|各)(?:部门|单位)(?:各|分别)?|分部门|按部门")


def figures_per_department(
    plan: QueryPlan,
    items: list[Item],
    item_scores: list[float],
    weights: dict[str, float],
    closeness: list[float] | None,
) -> Answer | None:
    """停车泊位两个部门各新增了多少: in the item about the subject, each department's segment's
    best figure in the unit asked, ``区甲局:…;区乙局:…``; None when that item has no segments."""
    position, cover = subject_item(items, item_scores, weights)
    item = items[position]
    if len(item.segments) < 2:
        return None
    unit = asked_unit(plan.text)
    spans = []
    for segment in item.segments:
        pieces = clauses(segment.text)
        scored = [
            # 全年合计新增…5440个 is the departments' sum, not this one's own figure
            (
                coverage(weights, clause)
                + (0.5 if unit_fits(clause, unit) else 0.0)
                - 0.5 * bool(_SUM_RE.search(clause)),
                index,
            )
            for index, clause in enumerate(pieces)
            if has_quantity(clause)
        ]
        if not scored:
            continue
        best = max(scored)[1]
        spans.append(f"{segment.department}:{pieces[best].strip().rstrip(',，;；。')}")
    if not spans:
        return None
    near = closeness[position] if closeness else cover
    confidence = round(float(0.5 * cover + 0.5 * near), 3)
    if confidence < ANSWER_THRESHOLD:
        return Answer(None, confidence, position)
    return Answer(";".join(spans), confidence, position, None, "progress")


def comparison_answer(
    plan: QueryPlan,
    items: list[Item],
    item_scores: list[float],
    weights: dict[str, float],
    tokenizer,
    closeness: list[float] | None = None,
    document_frequency=None,
) -> Answer:
    """…和…分别是多少: one figure per part of the question, each the best clause for that part.

    A part takes the unit it asks (剩余的户数 → 户), else the one asked after 分别 (…分别是多少处)
    or by the last part for all (已征收和剩余的户数); a rate part (增幅) wants a percentage; a part
    naming a kind (各类纠纷) gets every figure of that kind in the first part's item. When the
    later parts are single words (…设计、立项、开工、完工), the first part is the shared subject
    and its last word. Confidence counts the item's closeness in meaning (default: none) as much
    as its words, since staff name the subject in their own words (房屋征收 for 征收)."""
    if _EACH_DEPARTMENT_RE.search(plan.text) and items:
        per_department = figures_per_department(plan, items, item_scores, weights, closeness)
        if per_department is not None:
            return per_department
    parts = comparison_parts(plan.text)
    if len(parts) < 2 or not items:
        return extract(plan, items, item_scores, weights, Intent.FIGURE)
    pieces = PARTS_END_RE.split(plan.text)
    tail = pieces[-1] if len(pieces) > 1 else ""  # …办了多少件、结案多少件: no words after the parts
    shared_unit = asked_unit(tail) or asked_unit(parts[-1])
    short_rest = len(parts) >= 3 and all(len(p.strip(" ?？")) <= 4 for p in parts[1:])
    last = parts[-1].strip(" ?？")
    # …分别增长了多少, or 征地和房屋征收的完成率: a rate for every part (not 开工、完成和开工率,
    # where the rate is a part of its own).
    tail_rate = bool(_RATE_QUESTION_RE.search(tail))
    shared_rate = tail_rate or (
        not short_rest and bool(_SHARED_RATE_RE.search(last)) and len(_SHARED_RATE_RE.sub("", last)) >= 2
    )
    # 打电诈和毒品的战果: a collective noun after the last part makes every part a kind of figure.
    collective = not short_rest and bool(_COLLECTIVE_RE.search(last))
    if collective:
        parts = [*parts[:-1], _COLLECTIVE_RE.sub("", last)]
    # The verb after the parts (各罚了多少, 各办了多少) is every part's: it helps pick clauses.
    tail_words = {
        t: 0.5 * weights.get(t, 1.0)
        for t in tokenizer.tokens(_FILLER_RE.sub(" ", tail))
        if t not in QUESTION_WORDS
        and not _ASK_TOKEN_RE.match(t)
        and re.fullmatch(r"[\u4e00-\u9fff]+", t)
        and not re.fullmatch(f"[{_MEASURES}个钱元]", t)
    }
    if shared_rate and not tail_rate and (rate := _SHARED_RATE_RE.search(last)):
        # GDP、社零、固投全年增速: the rate the last part names is every part's (同比增长5.9%, not
        # another figure of GDP beside it), as much as the part's own words.
        rate_word = rate.group().lstrip("的")
        tail_words[rate_word] = weights.get(rate_word, max(weights.values(), default=1.0))
    spans: list[str] = []
    confidences: list[float] = []
    positions: list[int] = []  # the items the parts' figures come from, in the parts' order
    first_position: int | None = None
    # A clause answers as many parts as it has figures: 推文12期59篇 holds both 多少期 and 多少篇.
    used: Counter[tuple[int, str, int]] = Counter()
    top = max(item_scores, default=0.0) or 1.0
    generic: list[tuple[str, TermWeights]] = []
    for number, part in enumerate(parts):
        # 交通大队和城管局各罚了多少: a part naming a department is read in its segment only, and
        # is about what the other parts share.
        part_departments = {
            d for d in plan.departments if any(f in fold(part) for f in department_forms(d) if len(f) >= 2)
        }
        part_text = part
        for name in part_departments:
            for form in sorted(department_forms(name), key=len, reverse=True):
                part_text = part_text.replace(form, " ")
        # 固投前三季度: a time word is cut apart from the subject (not 固投前 + 三季).
        part_text = _TIME_WORDS_RE.sub(lambda m: f" {m.group()} ", part_text)
        part_words = [
            t
            for t in tokenizer.tokens(_FILLER_RE.sub(" ", part_text))
            if t not in QUESTION_WORDS and not _ASK_TOKEN_RE.match(t) and not is_place_name(t)
        ]
        # 剩几项 (the tokenizer glued the word to the question word): the word only.
        part_words = [re.split(_GLUED_ASK, t)[0] if re.search(_GLUED_ASK, t) else t for t in part_words]
        part_words = [t[:-1] if t.endswith("了") and len(t) >= 2 else t for t in part_words]  # 通了 → 通
        part_words = joined_phrases([t for t in part_words if t], part_text)
        if _REMAINING_ASK_RE.search(part):  # 还剩几个: 还 says nothing; 剩 is the report's 其余, 尚余…
            part_words = [w for w in part_words if w != "还"]
        if document_frequency is not None:  # 打电诈 → 电诈, as for the whole question
            part_words = list(dict.fromkeys(p for w in part_words for p in subject_pieces(w, document_frequency)))
        if number == 0 and short_rest:  # 二次供水改造设计: the subject is everyone's, 设计 is this part's
            own = [t for t in part_words if len(t) >= 2][-1:]
            part_words = own or part_words
        # Time words weigh little but stay: 全年 and 一季度 tell the plan from the result in one item.
        part_weights = (
            TermWeights(
                {w: weights.get(w, 1.0) * (0.3 if _TIME_WORDS_RE.fullmatch(w) else 1.0) for w in part_words},
                {w: word_forms(w) for w in part_words},
            )
            if part_words
            else weights
        )
        if (collective or _GENERIC_PART_RE.match(part.strip())) and part_words:
            generic.append((part, part_weights))
            continue
        # 一季度完成, 上半年建成: a part with no subject of its own is about the parts' shared subject;
        # a later part saying only an act (通了几条, 改了几处) has none either.
        own_subject = has_subject(part_weights) and (
            number == 0
            or bool(part_words)
            and has_subject({w: v for w, v in part_weights.items() if len(w) >= 2 and not is_act(w)})
        )
        shared = {} if own_subject else {w: v for w, v in weights.items() if has_subject({w: v})}
        scoring_weights = TermWeights(
            {**{w: v for w, v in tail_words.items() if w not in part_weights}, **shared, **part_weights},
            {**{w: word_forms(w) for w in [*tail_words, *shared]}, **getattr(part_weights, "forms", {})},
        )
        # 优良天数比例目标多少,实际多少: a part borrowing the subject borrows its rate too.
        rate_part = (
            bool(_RATE_QUESTION_RE.search(part))
            or shared_rate
            or (
                not own_subject
                and number > 0
                and bool(_SHARED_RATE_RE.search(parts[0].split("目标")[0].split("计划")[0]))
            )
        )
        plan_part = part_is_plan(part) and not _SHARE_RE.search(part)  # 占年度计划多少: a share of the result
        original = bool(_PART_ORIGINAL_RE.search(part))
        adjusted = bool(_PART_ADJUSTED_RE.search(part))
        unit = asked_unit(part) or shared_unit
        # (the part's subject words: not its time, 前三季度 cut into 前 / 三季 / 季度)
        part_times = " ".join(m.group() for m in _TIME_WORDS_RE.finditer(part))
        part_subject = TermWeights(
            {w: v for w, v in part_weights.items() if len(w) >= 2 and has_subject({w: v}) and w not in part_times},
            getattr(part_weights, "forms", {}),
        )
        best = None
        for position, (item, score) in enumerate(zip(items, item_scores)):
            if part_departments and not part_departments & set(item.departments):
                continue
            context = f"{item.task} {' '.join(item.departments)}"
            item_text = f"{context} {item.progress}"
            # Parts may come from different items (新增就业和新增市场主体的完成率): an item covering
            # its part's own subject is as good as one covering the whole question.
            item_cover = max(
                subject_coverage(weights, item_text),
                subject_coverage(part_weights, item_text) if has_subject(part_weights) else 0.0,
            )
            for field_name, text in (("task", item.task), ("progress", item.progress)):
                pieces = clauses(text)
                leads = sentence_leads(text)
                for index, clause in enumerate(pieces):
                    if used[position, field_name, index] >= len(quantities(clause)):
                        continue
                    if part_departments and item.segments and field_name == "progress":
                        if department_of(item, clause) not in part_departments:
                            continue
                    local = (pieces[index - 1] if index else "") + clause
                    span = span_around(pieces, index)
                    # A short clause (86户) is read with its neighbour, a little less than itself.
                    # A clause names its subject at the start of its sentence, as extract reads it too:
                    # 实施区级重点项目120个,计划投资300亿元,实际完成投资286.5亿元 (重点项目完成投资多少).
                    # (only a sentence start naming the part's own subject: 前三季度,全区地区生产总值…
                    # names no 固投, whatever time and change words it shares)
                    clause_cover = max(
                        coverage(scoring_weights, clause),
                        0.8 * coverage(scoring_weights, span),
                        LEAD_COVER_SHARE * coverage(scoring_weights, leads[index] + clause)
                        if part_subject and coverage(part_subject, leads[index])
                        else 0.0,
                    )
                    if rate_part and _PERCENT_RE.search(clause) and coverage(scoring_weights, local) > clause_cover:
                        # 城镇新增就业1.43万人,完成年度目标任务的95.3%: the rate's subject is the clause before
                        clause_cover = 0.8 * coverage(scoring_weights, local)
                        span = local.strip().rstrip(",，;；:：")[:MAX_ANSWER_CHARS]
                    # A planned figure sits in the task text or next to 目标/计划; a done one does not.
                    fits = 1.0 if (field_name == "task" or planned_clause(clause, local)) == plan_part else 0.7
                    if original and field_name != "task":  # the plan as first set is the task's
                        fits *= 0.7
                    if (
                        not plan_part
                        and field_name == "progress"
                        and is_running_total(clause, pieces, plan.text, scoring_weights)
                    ):
                        fits *= 0.7  # 累计建成…2136个 beside 全年新建…912个: the period's result is asked
                    if adjusted and not _PART_ADJUSTED_RE.search(local.replace("调整至", "调整")):
                        fits *= 0.7
                    # 起数和死亡人数分别降了多少: a change asked after the parts wants a rate; the
                    # parts' units (起, 人) name what changed, not the answer's unit.
                    if not unit_fits(clause, unit) and not (tail_rate and _PERCENT_RE.search(clause)):
                        fits *= 0.7
                    if rate_part and not _PERCENT_RE.search(clause):
                        fits *= 0.7
                    elif (
                        not rate_part and quantities(clause) and all(_PERCENT_RE.search(q) for q in quantities(clause))
                    ):  # 开工多少 asks a count: 开工率95.2% is not it
                        # (the less so when another part asks the rate: 完成了多少,占计划多少)
                        fits *= 0.6 if any(_RATE_QUESTION_RE.search(p) for p in parts if p != part) else 0.8
                    # 电梯和老旧小区改造分别完成多少: 完工投用29部, not 已完成加装电梯审批68部 (a step on
                    # the way), when another figure clause of the item counts the thing itself.
                    if (
                        not plan_part
                        and field_name == "progress"
                        and DONE_RE.search(part + tail)
                        and counts_substep(clause, scoring_weights, item.task, plan.text)
                        and any(
                            has_quantity(p) and not counts_substep(p, scoring_weights, item.task, plan.text)
                            for p in pieces
                            if p != clause
                        )
                    ):
                        step = SUBSTEP_FACTOR
                    else:
                        step = 1.0
                    # The parts share their subject: later parts stay with the first part's item.
                    # (学校和幼儿园各新增了多少学位: a later part naming its own subject shares none; its
                    # figure is where that subject is counted, whichever item)
                    same_subject = 0.3 if position == first_position and not (number and own_subject) else 0.0
                    score_ = (
                        step
                        * fits
                        * (  # (a step ranks lower; sureness stays the subject's)
                            0.5 * clause_cover
                            + 0.2 * coverage(part_weights, local)
                            + 0.2 * coverage(weights, local + context)
                            + 0.1 * score / top
                            + same_subject
                        )
                    )
                    near = closeness[position] if closeness else item_cover
                    confidence = fits * (
                        0.3 * item_cover
                        + 0.3 * near
                        + 0.4
                        * subject_coverage(part_weights if own_subject else scoring_weights, local + context, weights)
                    )
                    if best is None or score_ > best[0]:
                        best = (score_, confidence, position, field_name, index, span)
        if best is None:
            continue
        _, confidence, position, field_name, index, span = best
        used[position, field_name, index] += 1
        if position not in positions:
            positions.append(position)
        add_span(spans, span)
        confidences.append(confidence)
        first_position = position if first_position is None else first_position
    if first_position is None and generic:  # every part a kind: the item that holds them all

        def holds_all(position: int) -> float:
            item = items[position]
            text = f"{item.task} {' '.join(item.departments)} {item.progress}"
            return min(coverage(w, text) for _, w in generic)

        first_position = max(range(len(items)), key=lambda p: (holds_all(p), item_scores[p]))
        near = closeness[first_position] if closeness else holds_all(first_position)
        confidences.append(0.5 * holds_all(first_position) + 0.5 * near)
    if first_position is None:
        return Answer(None, 0.0)
    for part, part_weights in generic:  # every figure of the kind, in the first part's item
        pieces = clauses(items[first_position].progress)
        for index, clause in enumerate(pieces):
            if used[first_position, "progress", index] >= len(quantities(clause)):
                continue
            if subject_coverage(part_weights, clause) >= 0.5 and unit_fits(clause, asked_unit(part) or shared_unit):
                add_span(spans, span_around(pieces, index))
    if not spans:
        return Answer(None, 0.0)
    confidence = round(float(np.clip(min(confidences), 0.0, 1.0)), 3)
    if confidence < ANSWER_THRESHOLD:
        return Answer(None, confidence, first_position)
    # Parts from several items cite each (GDP、社零、固投: three items); one item is the answer's item.
    sources = positions if len(positions) > 1 else []
    return Answer(";".join(spans), confidence, first_position, None, "progress", sources)


# 养老床位跟年度任务比,完成得怎么样: the result set against the plan, asked in words (no 多少).
_AGAINST_PLAN_ASKED_RE = re.compile(
    r"(?:和|与|跟|同)(?:年初|年度|全年)?(?:的)?(?:目标|计划|任务)(?:数|值)?(?:相)?比(?!差)"
    r"|(?:对照|对比)(?:年初|年度|全年)?(?:的)?(?:目标|计划|任务)"
)


def without_plan_check(text: str) -> str:
    """``text`` without the words asking whether, or how, the result meets the plan (超没超目标,
    和计划比呢): they say which figures are wanted, not what they are of."""
    return _AGAINST_PLAN_ASKED_RE.sub(" ", _MET_PLAN_ASKED_RE.sub(" ", text))


# 尚未达到年度目标要求, 低于年度目标, 超额完成全年任务: the report's own word on whether the plan was met.
_VERDICT_RE = re.compile(
    r"(?:达到|未达到?|没有达到|完成|超额完成|超过|超出|低于|高于|实现|快于|慢于|落后于?)(?:了)?(?:年度|全年|序时|既定)?"
    r"(?:目标|计划|任务|进度)"
)


def with_verdict(question: str, answer: Answer, items: list[Item]) -> Answer:
    """The plan-and-result answer to whether the plan was met (PM2.5达标了没有) with the clause of the
    item's progress that says so itself (尚未达到年度目标要求), when the answer lacks it; else ``answer``."""
    if answer.text is None or answer.item_index is None or not _MET_PLAN_ASKED_RE.search(question):
        return answer
    verdicts = [
        c.strip().rstrip(",，;；。") for c in clauses(items[answer.item_index].progress) if _VERDICT_RE.search(c)
    ]
    verdicts = [v for v in verdicts if v and v not in answer.text]
    if not verdicts:
        return answer
    return replace(answer, text=f"{answer.text};{verdicts[0]}")


# The progress already sets its result against the plan: 完成年度目标的102.5%, 低于年度目标.
_PLAN_NAMED_RE = re.compile(r"目标|计划|任务|预期")


def with_plan_figure(question: str, answer: Answer, items: list[Item], weights: dict[str, float]) -> Answer:
    """The progress answer to a question setting the result against the plan (…跟年度任务比,完成得
    怎么样) with the plan's figure before it (``新增养老床位500张;…新增养老床位120张``), when the
    answer says nothing of the plan itself (完成年度目标的102.5% does) and the item's task states a
    figure of the subject; else ``answer`` unchanged."""
    if answer.text is None or answer.item_index is None or not _AGAINST_PLAN_ASKED_RE.search(question):
        return answer
    if _PLAN_NAMED_RE.search(answer.text):
        return answer
    task_clauses = [c for c in clauses(items[answer.item_index].task) if has_quantity(c)]
    scored = [(coverage(weights, c), -i) for i, c in enumerate(task_clauses)]
    if not scored or max(scored)[0] <= 0:
        return answer
    best = task_clauses[-max(scored)[1]].strip().rstrip(",，;；。")
    return replace(answer, text=f"{best};{answer.text}")
