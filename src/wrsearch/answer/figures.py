"""Figures: the clause holding what a question asks, and target / done / plan-result answers.

:func:`extract` scores each clause of the candidate items by the question's words, the kind of
answer expected (多少 → a quantity, 是否 → a status, 进展 → recent steps, 为什么 → a cause)
and its item's retrieval score, and returns the best. :func:`figure_evidence` weighs a figure
clause against what is asked (a target or what was done, the act, the unit);
:func:`plan_done_answer` gives a plan beside its result.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import numpy as np

from wrsearch.answer.clauses import (
    _CHANGE_ASK_RE,
    _DATE_RE,
    _DONE_WORD_RE,
    _PERCENT_RE,
    _QUANTITY_RE,
    _RANK_RE,
    _TARGET_WORD_RE,
    _THINGS_UNIT,
    ANSWER_THRESHOLD,
    Answer,
    asked_unit,
    clauses,
    counted_after,
    counted_word,
    has_quantity,
    only_percentages,
    quantities,
    sentence_leads,
    span_around,
    unit_fits,
    with_later_stage,
)
from wrsearch.answer.conflict import RATE_NAMED_RE
from wrsearch.answer.intent import ATTRIBUTE_RE, CHANGE_VERBS, Intent, classify, plan_done_parts
from wrsearch.answer.scope import district_share_in_task, level_factor, opens_with_plan, plan_field, planned_only
from wrsearch.answer.status import NO_DATA_RE
from wrsearch.answer.vocabulary import REASON_ASKED, SCHOOL_TIME, STATUS_ASKED, WHEN_ASKED
from wrsearch.answer.words import (
    TermWeights,
    coverage,
    is_act,
    is_noun,
    is_time_word,
    names_thing,
    subject_coverage,
    subject_item,
    word_forms,
)
from wrsearch.models import Item
from wrsearch.search.query import QueryKind, QueryPlan
from wrsearch.text import fold

ACT_ELSEWHERE_FACTOR = 0.8  # a status clause without the act asked, when another clause has it
NOT_DONE_FACTOR = 0.8  # a done question answered by a clause that names nothing done
ABSENT_COUNTED_FACTOR = 0.8  # the thing a figure question counts is in no report: much less sure
UNIT_MISMATCH_FACTOR = 0.5  # 花了多少钱 answered by 已完工6个: an amount, but not of what was asked
PERCENT_FOR_COUNT_FACTOR = 0.6  # 常住人口有多少 answered by 签约覆盖率42.6%: a rate, not the count asked
WHEN_WITHOUT_DATE_FACTOR = 0.5  # a when-question (几月) read as a figure question, answered with no date
PAIRED_DONE_THRESHOLD = 0.45  # the result beside a plan found on the same item (plan_done_answer)
LEFT_FOR_DONE_FACTOR = 0.5  # a done question answered by a figure of what is left (剩余4公里)
PLANNED_FOR_DONE_FACTOR = 0.5  # a done question answered by a clause that opens with the year's plan
OTHER_RATE_FACTOR = 0.8  # a result beside a plan naming another rate (签约率) than the plan's (覆盖率)
# 固投目标定的多少 ← 固定资产投资增长8% (全年完成固定资产投资420亿元 beside it): a level asked, not
# how it changed; a tie-break between two clauses of one item, low enough to keep a lone change answered.
CHANGE_FOR_LEVEL_FACTOR = 0.9
# 增长8%, 下降9.8%, 增速6%: a figure that says how a measure changed, not how much of it there is.
_CHANGE_FIGURE_RE = re.compile(rf"(?:{CHANGE_VERBS}|增速|增幅|降幅|[增降])[^\d,，;；。]{{0,4}}[\d.]+\s*[%％]")
# 增速多少, 同比, 增长率: the question asks how it changed.
_CHANGE_NAMED_RE = re.compile(rf"{CHANGE_VERBS}|增速|增幅|降幅|同比|比去年|比上年|[增降涨升减]|百分")
_STATUS_RE = re.compile(
    r"未出|暂无|尚未|未完成|已完成|完成|已建成|建成|启动|推进|开工|完工|正在"
    # 投用了吗, 上线了吗, 通车了吗: the event that ends a project is a status too
    r"|投入使用|投入运营|投入运行|上线|开馆|开通|通车|交付|印发|出台|审议|批复|挂牌"
    # 封顶了没有, 投产了吗: a building's or plant's milestones (竣工验收 is not: 投用了吗 is
    # answered by 开馆投入使用, not by the 竣工验收 before it)
    r"|封顶|投产|试生产|试运行|开业|开园|落地|签约|通水|通气|并网|运营"
    r"|待[^,，。;；]{0,12}(?:公布|核定|发布|确认)|征求意见|评审|整改|滞后|公布|揭晓"  # 降了没有 → 待…核定后公布: not yet known
    # 批下来没有 → 方案已报省厅审核: sent up for approval, not yet approved
    r"|已(?:上)?报[^,，。;；]{0,12}?(?:审核|审批|审查|批复|备案|审定|初审|复审|终审)|报批|报审|送审"
    # 完成了没有 → 数据需年底核算, 暂未报送: the figure is not out (status.py's one table of it)
    rf"|{NO_DATA_RE.pattern}"
)
_NOT_YET_RE = re.compile(r"(?:相关)?数据(?:尚)?未出|暂无(?:相关)?数据|数据尚未公布")
# (几点开门, 开放时间: an hour of day, which no progress report gives, is a time asked too)
_WHEN_QUESTION_RE = re.compile(WHEN_ASKED)
# 为啥进度慢, 外贸为什么没完成: the cause asked; a clause giving one (因…, 受…影响, 主要是…) answers it.
_REASON_QUESTION_RE = re.compile(rf"{REASON_ASKED}|怎么回事|咋回事|咋这么|怎么这么")
_REASON_RE = re.compile(r"因|由于|受[^,，。;；]{1,16}影响|原因|主要是|导致|致使")
# A time a clause gives without a month number: 预计年底前, 年内, 下半年.
_WHEN_RE = re.compile(
    r"年底|年内|年初|年中|月底|月初|月中|季度末|上半年|下半年|近期|春节前|国庆前"
    r"|(?:明年|次年|下年|今年|年)?(?:第?[一二三四]季度|[一二三四]季度末)|明年|次年|(?:下|本)月|月内|节前|汛前|年前"  # 将于明年一季度交付
    rf"|{SCHOOL_TIME}"
)
_RATE_QUESTION_RE = re.compile(
    r"增长|涨了?多少|涨幅|增幅|降幅|(?:下|降低|减|上升)?降了?多少|下降了?多少|增速|同比|比例|占比|百分|率|(?:全年|年度|目标|任务|计划)的多少|几成|占[^多少几]{0,8}(?:多少|几)|占[^多少几]{0,8}$"
)
_STATUS_QUESTION_RE = re.compile(
    rf"{STATUS_ASKED}|怎么样了|进展"
    r"|有结果|出来了?没|能[\u4e00-\u9fff]{1,3}吗"  # 方案出来没有, 有结果了吗, 能达标吗
)


def kind_evidence(
    kind: QueryKind,
    clause: str,
    status_question: bool,
    rate_question: bool = False,
    when_question: bool = False,
    reason_question: bool = False,
) -> float:
    """1.0 when the clause holds the kind of answer asked for, lower when it does not; a
    ``when_question`` (什么时候开工, default no) wants a date (3月, 6月18日), a
    ``reason_question`` (为啥滞后, default no) a cause (受…影响)."""
    if reason_question:
        return 1.0 if _REASON_RE.search(clause) else 0.3  # the cause is often a clause apart from the subject
    if when_question:
        return 1.0 if _DATE_RE.search(clause) or _WHEN_RE.search(clause) else 0.6
    if kind is QueryKind.FIGURE:
        if _NOT_YET_RE.search(clause):
            return 1.0
        if rate_question:  # 增长了多少 asks for a rate: a percentage beats an amount
            return 1.0 if _PERCENT_RE.search(clause) else 0.6 if has_quantity(clause) else 0.3
        return 1.0 if has_quantity(clause) else 0.3
    if status_question:
        return 1.0 if _STATUS_RE.search(clause) else 0.6
    return 1.0


def department_of(item: Item, clause: str) -> str | None:
    """The department whose progress segment holds ``clause`` (multi-department items)."""
    for segment in item.segments:
        if clause.strip()[:20] in segment.text:
            return segment.department
    return item.departments[0] if len(item.departments) == 1 else None


# Done words that name no particular act (已, 共, 累计): any done clause fits them.
_GENERIC_DONE_WORDS = frozenset({"已", "共", "累计", "实际"})
# 还差多少, 还剩几户: what is left, which only a clause about what is left answers.
_REMAINING_ASK_RE = re.compile(r"还差|还剩|剩余|剩下|尚差|尚余|余下|没完成的|未完成的")
_REMAINING_RE = re.compile(r"剩|余下|尚余|尚差|差距|缺口|未完成|尚未|其余")
# 剩余4公里, 其余3个: a figure of what is left, not of what was done.
_LEFT_FIGURE_RE = re.compile(r"(?:剩余|剩下|其余|尚余|尚有|尚差|还差|还剩)[^\d,，;；。]{0,6}\d")
# A plan word right before a done word keeps it a plan: 全年计划实现…311亿元, 目标为完成….
# (任务完成数 is done: only words of intent make a plan of what follows.)
_PLANNED_DONE_RE = re.compile(rf"(?:计划|目标|力争|确保|拟|要求)[为是要]?(?:{_DONE_WORD_RE.pattern})")


def is_plan(text: str) -> bool:
    """Names a planned figure (目标, 计划, 任务数…) and nothing achieved (完成, 已, 实际…);
    ``计划实现``, ``目标为完成`` are plans."""
    return bool(_TARGET_WORD_RE.search(text)) and not _DONE_WORD_RE.search(_PLANNED_DONE_RE.sub("", text))


def planned_clause(clause: str, local: str) -> bool:
    """Whether a progress clause gives a plan's figure: read alone when it says itself which it is
    (计划新增学位1.2万个 | 实际新增9800个), else with the clause before it (``local``), which often
    names it (全年计划…,86户). 已完成10所,计划新增…: the clause before names another figure."""
    return is_plan(clause) if is_plan(clause) or is_done(clause) else is_plan(local)


def is_done(text: str) -> bool:
    """Names something achieved (完成, 已, 累计…) that is not a plan (计划实现…)."""
    return bool(_DONE_WORD_RE.search(_PLANNED_DONE_RE.sub("", text)))


_BUILT_THINGS_RE = re.compile(r"(新建|新增|建成|引进|签约|新开|改造|认定)的[^,，?？]{1,12}?(?:有|是|共)?(?:多少|几)")


# 申报的企业通过了几家: a stage passed, which the tagger reads as a preposition (通过) or a noun.
_STAGE_ACTS = frozenset({"通过", "获批", "认定", "验收", "备案"})
_DONE_ADVERBS = frozenset({"已经", "已", "都", "一共", "总共", "累计"})


@lru_cache(maxsize=256)
def asked_act(question: str) -> str | None:
    """The act said right before 了多少 / 了几 (违建拆了多少 → 拆, 改完了几个 → 改完), if a verb."""
    import jieba

    built = _BUILT_THINGS_RE.search(question)
    if built:  # 今年新建的5G基站有多少个: the act is said before 的
        return built.group(1)
    tokens = jieba.lcut(question)
    for index, token in enumerate(tokens[1:-1], 1):
        if (
            token == "了"
            and re.match(r"多少|几", tokens[index + 1])
            and (is_act(tokens[index - 1]) or tokens[index - 1] in _STAGE_ACTS)
        ):
            return tokens[index - 1]
        if (
            # 专项债已经发了多少: the tokenizer glued the act to 了 (发了), said after 已经 as done
            # (…原计划改造几个?改了几个 repeats the plan's act: not read so)
            tokens[index - 1] in _DONE_ADVERBS
            and len(token) >= 2
            and token.endswith("了")
            and re.match(r"多少|几", tokens[index + 1])
            and is_act(token[:-1])
        ):
            return token[:-1]
    return None


# 完成多少 is answered by what was finished, however the report says it (已完工交付29部, 已办结186件),
# not by what was only started (新开工46部).
# 建成几个了 is answered by 4个已完成建设 (the act written apart, or its end: 完工, 竣工) before 10个…已开工.
_DONE_FORMS = {
    "完成": ("完成", "完工", "竣工", "建成", "办结", "交付", "结案", "验收"),
    "建成": ("建成", "完成建设", "建设完成", "完工", "竣工"),
}


def asked_done_words(question: str) -> set[str]:
    """The particular done words a question asks (完成, 办结…; not 已, 累计)."""
    return {m.group() for m in _DONE_WORD_RE.finditer(question)} - _GENERIC_DONE_WORDS


def says_act_asked(text: str, question: str) -> bool:
    """Whether ``text`` says one of the done acts ``question`` asks, in any of its forms (the act
    asked by 办结了多少, its stem: 拆 of 拆了, 改 of 改完)."""
    forms = {form for word in asked_done_words(question) for form in _DONE_FORMS.get(word, (word,))}
    act = act_stem(asked_act(question))
    return any(form in text for form in forms) or bool(act and act in text)


def act_stem(act: str | None) -> str | None:
    """The part of an act a report says too: 改 of 改完 / 修好 (the ending says it is finished),
    the whole of 办结 or 认定 (its first character alone, 办, is in 承办 too)."""
    if not act:
        return None
    return act[0] if len(act) == 1 or act[-1] in "完好掉成" and act not in ("完成", "建成") else act


def only_changes(clause: str) -> bool:
    """Every amount of the clause is a change (固定资产投资增长8%), none a level (420亿元)."""
    found = quantities(clause)
    return bool(found) and len(_CHANGE_FIGURE_RE.findall(clause)) >= len(found)


def figure_evidence(
    intent: Intent,
    clause: str,
    in_task: bool,
    rate_question: bool,
    unit: re.Pattern[str] | None = None,
    local: str = "",
    counted: str | None = None,
    asked_text: str = "",
) -> float:
    """How well a clause holds the figure the intent asks for: the plan (in the task text)
    for ``target``, the achieved figure for ``done``, any figure for ``figure``; in the unit
    asked (default: any) or naming the thing ``counted``, ``local`` being the clause with the
    one before it."""
    if _NOT_YET_RE.search(clause) and intent is not Intent.TARGET:
        return 1.0
    if not has_quantity(clause):
        return 0.3
    quantity = 1.0 if not rate_question or _PERCENT_RE.search(clause) else 0.6
    if not unit_fits(clause, unit, counted, local):  # 压减15% does not say how much money was saved
        quantity *= UNIT_MISMATCH_FACTOR
    elif (
        not rate_question
        and unit is None
        and intent is Intent.FIGURE
        and not _CHANGE_ASK_RE.search(asked_text)
        and only_percentages(clause)
    ):
        quantity *= PERCENT_FOR_COUNT_FACTOR
    elif (
        not rate_question
        and unit is None
        and intent in (Intent.TARGET, Intent.DONE)
        and not _CHANGE_NAMED_RE.search(asked_text)
        and only_changes(clause)
    ):
        quantity *= CHANGE_FOR_LEVEL_FACTOR
    if intent is Intent.TARGET:
        # 但仍高于年度控制目标;空气质量优良天数比例为80.1%: the plan word must be in the sentence
        # holding the figure, not in one before it.
        figure_sentences = [p for p in re.split(r"[;；。]", local or clause) if has_quantity(p)] or [local or clause]
        if in_task and ATTRIBUTE_RE.search(clause) and not ATTRIBUTE_RE.search(asked_text):
            # 年度投资计划多少 ← 项目总投资3.5亿元 (the task) or 年度计划投资1.8亿元 (the progress):
            # what the task states of the project is no plan of the year; a plan said elsewhere wins.
            quantity *= 0.5
        return quantity * (1.0 if in_task else 0.85 if any(is_plan(p) for p in figure_sentences) else 0.5)
    if in_task:  # the plan, when the question did not ask for it
        return quantity * 0.5
    if _REMAINING_ASK_RE.search(asked_text) and not _REMAINING_RE.search(local or clause):
        quantity *= 0.3  # 还差多少公里 is not answered by 完成9.6公里: as good as no figure
    if intent is Intent.DONE:
        if is_plan(clause):
            return quantity * 0.5
        if _LEFT_FIGURE_RE.search(clause) and not _REMAINING_ASK_RE.search(asked_text):
            quantity *= LEFT_FOR_DONE_FACTOR  # 建成了多少 is not answered by 剩余4公里…于2023年建成
        if asked_done_words(asked_text) and not says_act_asked(local or clause, asked_text):
            quantity *= 0.9  # 完成了几个: 2个已完成改造 beats 6个…已进场施工
        # 违建拆了多少: the act asked, in the clause, says it is the result (拆除违法建设5.6万平方米),
        # not 发现新增违建苗头57起 beside it.
        act = act_stem(asked_act(asked_text))
        if act and act not in clause:
            quantity *= 0.9
        # 一季度完成166.68亿 answers 完成了多少 better than 增幅58.5% beside it.
        return quantity * (1.0 if is_done(local or clause) or (act and act in clause) else NOT_DONE_FACTOR)
    return quantity


# 占年度计划的53.2%, 完成全年目标的71.3%: the clause before it is the result set against the plan.
_AGAINST_PLAN_RE = re.compile(r"^(?:占|完成|达到?|为)(?:年度|全年|年)?(?:计划|目标|任务)[数量额]?的?\s*\d")
UNCOUNTED_FACTOR = 0.9  # a figure clause (with the one before it) not naming the thing counted
AGAINST_PLAN_FACTOR = 0.7  # a result asked beside its plan, not set against it while another is


SUBSTEP_FACTOR = (
    0.5  # a done figure counting a step on the way (设计方案审查22个), while another clause counts the thing
)
# How a result clause says it was done before naming what it counts (已完成设计方案审查22个).
_DONE_LEAD_RE = re.compile(r"^.*?(?:已经|已|累计|共计|共|完成)+")


_FIGURE_UNIT_RE = re.compile(r"^[\d,.\s]+")  # 22个 → 个, 1.2亿美元 → 亿美元
_COUNT_UNIT_RE = re.compile(r"[个户部处条家套间栋座所台辆名人项件场批]")  # what a step counts in
# A stage before the end (开工12个 of …完成多少): a step on the way unless the question asks it.
_START_STAGE_RE = re.compile(r"开工|动工|启动|在建|正在|开始|进场")
# The end of the way (完工, 建成投用): what a 完成多少 counts.
_END_STAGE_RE = re.compile(r"完工|建成|竣工|投用|投入使用|投入运营|投入运行|交付|通车|开通|上线|开业|开园|并网|投产")


def counts_substep(clause: str, weights: TermWeights, task: str, question: str = "") -> bool:
    """Whether the first figure of ``clause`` counts a step on the way to the task's result, not
    the result: the words right before the figure, after the last word asked (and after the done
    verb), name a noun neither the question nor the ``task`` holds. 已完成设计方案审查22个 and
    完成…无障碍改造需求评估310户 count steps; 完工3个, 已完成改造85户 count the thing;
    开工12个 is a step when the ``question`` (default none) does not ask 开工."""
    cleaned = _RANK_RE.sub(" ", _DATE_RE.sub(" ", clause))
    if len(_QUANTITY_RE.findall(cleaned)) != 1:
        return False  # (23起、罚款4600元: each figure has its own head; the clause is not judged)
    figure = _QUANTITY_RE.search(cleaned)
    run = re.search(r"[\u4e00-\u9fff]+$", cleaned[: figure.start()]) if figure else None
    # A step counts what the task counts, in the task's unit (审查22个 of 改造36个); a sum of money or a
    # rate beside it (签约金额418亿元, 同比增长6.8%) is another measure, not a step.
    unit = _FIGURE_UNIT_RE.sub("", figure.group()).strip() if figure else ""
    if not run or not _COUNT_UNIT_RE.fullmatch(unit):
        return False
    if unit not in {_FIGURE_UNIT_RE.sub("", q).strip() for q in quantities(task)}:
        return False
    head = fold(run.group()).lower()
    if _END_STAGE_RE.search(head):
        return False  # 已完工交付使用29部: the end of the way, whatever follows it
    forms = getattr(weights, "forms", {})
    ends = {head.rfind(f) + len(f): w for w in weights for f in forms.get(w, (w,)) if len(f) >= 1 and f in head}
    last = max(ends, default=None)
    tail = head[last:] if last is not None else _DONE_LEAD_RE.sub("", head)
    if last is not None and is_act(ends[last]) and len(tail) <= 2:
        return False  # 已通过认定公示41家: the act asked (认定), with a word of how it ended
    if _START_STAGE_RE.fullmatch(tail):
        # (开工98个 of 今年安排了几个: no completion asked, no step to skip)
        return tail not in question and bool(re.search(rf"完成|已|{_END_STAGE_RE.pattern}", question))
    # (完工投用29部 says the end; 新增5个 counts the thing the task names in other words)
    # (雨污分流管网改造9.6公里 of 改造雨污分流管网18公里: the task's words in another order)
    task_words = fold(f"{task} {question}").lower()
    if len(tail) < 2 or any(tail[i : i + 2] in task_words for i in range(len(tail) - 1)) or _END_STAGE_RE.search(tail):
        return False
    return not re.fullmatch(rf"新[\u4e00-\u9fff]|{CHANGE_VERBS}", tail)


def counts_named(clause: str, named: TermWeights) -> bool:
    """Whether a figure of ``clause`` stands right after the thing ``named`` (新增泊位1460个)."""
    folded = fold(clause).lower()
    return any(re.search(rf"{re.escape(form)}\s*\d", folded) for forms in named.forms.values() for form in forms)


def held_in(word: str, weights: TermWeights, item: Item) -> bool:
    """Whether ``item`` holds ``word`` in one of its synonym forms (社零额 as 社会消费品零售总额):
    then the thing is in the report, though no index token is the word."""
    folded = fold(f"{item.task} {item.progress}").lower()
    return any(len(form) >= 2 and form in folded for form in getattr(weights, "forms", {}).get(word, ()))


def figure_intent(intent: Intent) -> bool:
    """Whether ``intent`` asks a figure (a target, a done figure, any figure)."""
    return intent in (Intent.TARGET, Intent.DONE, Intent.FIGURE)


_RUNNING_TOTAL_RE = re.compile(r"累计|总数达|总量达|总数为|总量为")


def is_running_total(clause: str, parts: list[str], question: str, weights: dict[str, float]) -> bool:
    """Whether ``clause`` gives a running total (累计建成…2136个) that the ``question`` does not
    ask, right after a clause of ``parts`` that counts the subject in the same measure word (全年新建
    5G基站912个). (累计完成投资213.6亿元,占年度计划的76.3% is the year's result, set against the plan.)"""
    if not _RUNNING_TOTAL_RE.search(clause) or _RUNNING_TOTAL_RE.search(question) or not has_quantity(clause):
        return False
    index = parts.index(clause) if clause in parts else -1
    if index < 1 or (index + 1 < len(parts) and _AGAINST_PLAN_RE.match(parts[index + 1].strip())):
        return False
    before = parts[index - 1]
    measures = {measure_word(_MAGNITUDE_RE.sub("", q).strip()) for q in quantities(clause)}
    return (
        has_quantity(before)
        and not _RUNNING_TOTAL_RE.search(before)
        and not before.strip().startswith("其中")
        and coverage(weights, before) > 0
        and bool(measures & {measure_word(_MAGNITUDE_RE.sub("", q).strip()) for q in quantities(before)})
    )


def result_of_plan(before: str, clause: str) -> bool:
    """Whether ``clause`` is the result of the plan ``before`` states (计划建设…30个 | 已建成26个):
    a done clause counting in the plan's measure word."""
    if not (is_plan(before) and is_done(clause) and has_quantity(before) and has_quantity(clause)):
        return False

    def measures(text: str) -> set[str]:
        return {measure_word(_MAGNITUDE_RE.sub("", q).strip()) for q in quantities(text)}

    return bool(measures(before) & measures(clause))


def extract(
    plan: QueryPlan,
    items: list[Item],
    item_scores: list[float],
    weights: dict[str, float],
    intent: Intent | None = None,
    threshold: float = ANSWER_THRESHOLD,
    beside_plan: bool = False,
    plan_rate: str | None = None,
    plan_unit: str | None = None,
) -> Answer:
    """Best answer among ``items`` (retrieved, best first) for a factual question: a clause of
    the progress (and, for targets, of the task text) chosen by ``intent`` (default: from the plan);
    None below ``threshold`` (default ``ANSWER_THRESHOLD``). With ``beside_plan`` (default off: the
    result asked beside its plan), a result the report sets against the plan (…,占年度计划的53.2%)
    is preferred, and with ``plan_rate`` (default none: the plan's rate word, 覆盖率) a clause naming
    another rate is less sure; ``plan_unit`` (default none) is the unit of the plan's figure, which
    a question asking no unit wants its result in too."""
    intent = intent or classify(plan)
    status_question = intent is Intent.STATUS or bool(_STATUS_QUESTION_RE.search(plan.text))
    rate_question = bool(_RATE_QUESTION_RE.search(plan.text))
    when_question = bool(_WHEN_QUESTION_RE.search(plan.text))
    reason_question = bool(_REASON_QUESTION_RE.search(plan.text)) and not figure_intent(intent)
    if reason_question:
        # 外贸为啥没完成: the subject is before the asking; what follows (没完成, 进度慢) is the
        # symptom, which the report words otherwise (进度滞后) and which must not lower sureness.
        before = fold(_REASON_QUESTION_RE.split(plan.text, 1)[0]).lower()
        kept = {w: v for w, v in weights.items() if w in before}
        if kept:
            weights = TermWeights(kept, getattr(weights, "forms", {}), getattr(weights, "absent", frozenset()))
    if when_question:  # 指挥中心什么时候投入使用: the event after the when-word picks the clause
        after = fold(_WHEN_QUESTION_RE.split(plan.text, 1)[-1]).lower()
        weights = TermWeights(
            {w: v * (1.5 if w in after else 1.0) for w, v in weights.items()},
            getattr(weights, "forms", {}),
            getattr(weights, "absent", frozenset()),
        )
    figure = intent in (Intent.TARGET, Intent.DONE, Intent.FIGURE)
    if status_question and not figure:
        # 青云山创4A有眉目了吗: the search cut gives a name and its pieces (青云山, 青云, 云山); counted
        # thrice, the name outweighs the stage asked (创4A), which picks the clause.
        whole = [w for w in weights if len(w) >= 3]
        pieces = {w for w in weights if any(w != other and w in other for other in whole)}
        if pieces and len(pieces) < len(weights):
            weights = TermWeights(
                {w: v for w, v in weights.items() if w not in pieces},
                getattr(weights, "forms", {}),
                getattr(weights, "absent", frozenset()),
            )
    # 示范村开始建了吗: the act asked (开始建 → 开工) picks, among an item's status clauses, the
    # one saying it happened (…已开工建设), not another status of the same thing (规划已完成).
    acts = (
        # (封顶, 投产: a milestone word is the act asked, whatever jieba tags it)
        TermWeights(
            {w: v for w, v in weights.items() if is_act(w) or _STATUS_RE.fullmatch(w)}, getattr(weights, "forms", {})
        )
        if status_question and not figure
        else TermWeights({})
    )
    unit = asked_unit(plan.text) or (re.compile(re.escape(plan_unit)) if plan_unit else None)
    counted = counted_word(plan.text, list(weights))
    counted_forms = (
        TermWeights({counted: 1.0}, {counted: getattr(weights, "forms", {}).get(counted, word_forms(counted))})
        # (a change asked, 增长多少, counts nothing: 同比下降3.6% answers it as well)
        if figure and counted and counted in weights and not _CHANGE_WORD_RE.match(counted)
        else None
    )
    named_after = counted_after(plan.text, list(weights)) if figure and unit is None else None
    # 装了多少个报警器 ← 安装燃气报警器4310台: 多少个 asks a count of the thing named right after it,
    # which a clause naming that thing answers in its own measure word.
    thing_after = (
        counted_after(plan.text, list(weights)) if figure and unit is not None and unit.pattern == _THINGS_UNIT else None
    )
    named_forms = (
        TermWeights(
            {named_after: 1.0}, {named_after: getattr(weights, "forms", {}).get(named_after, word_forms(named_after))}
        )
        if named_after and not _CHANGE_WORD_RE.match(named_after)
        else None
    )
    stated = stated_figures(plan.text)
    best: tuple[float, float, int, str, str] | None = None
    top_score = max(item_scores, default=0.0) or 1.0
    # 南湖大道什么时候开工: a when-question is about one thing; its date is in that item, not in
    # another item that happens to say 开工 with a date.
    about = subject_item(items, item_scores, weights)[0] if when_question and not figure and items else None
    for position, (item, item_score) in enumerate(zip(items, item_scores)):
        if about is not None and position != about:
            continue
        context = f"{item.task} {' '.join(item.departments)}"
        # Sureness is about the subject: a shape word the text words otherwise (完成率 for
        # 达目标进度的104%, 建成 for 新建) does not count against it.
        item_cover = subject_coverage(weights, f"{context} {item.progress}")
        fields = [("progress", item.progress)]
        if intent is Intent.TARGET or (figure and not has_quantity(item.progress)):
            fields.insert(0, ("task", item.task))
        # (示范 of 示范村 tags as a verb: an act word the task holds is the subject's, not the act asked;
        # a milestone the task plans, 年内主体封顶, stays the act asked: 封顶了没有)
        item_acts = TermWeights(
            {
                w: v
                for w, v in acts.items()
                if not coverage(TermWeights({w: v}, acts.forms), item.task) or _STATUS_RE.fullmatch(w)
            },
            acts.forms,
        )
        act_found = bool(item_acts) and coverage(item_acts, item.progress) > 0
        for field_name, text in fields:
            parts = clauses(text)
            leads = sentence_leads(text)
            # 累计完成投资138.4亿元,占年度计划的53.2%: the result the report sets against the plan is
            # the plan's; another part's (城投集团承担的23个项目…完成投资41.2亿元) is a share of it.
            # (已筹集…1580套,其中新建1120套、改建460套,完成年度任务的79%: a 其中 clause breaks the
            # figure before it down; the share is of that figure)
            against_plan = {
                index - 1 - (index >= 2 and parts[index - 1].strip().startswith("其中"))
                for index, part in enumerate(parts)
                if index and _AGAINST_PLAN_RE.match(part.strip())
            }
            labels = {*item.departments, *(segment.department for segment in item.segments)}
            for index, clause in enumerate(parts):
                if clause.strip().rstrip("：:") in labels:
                    continue  # 区水务局: (a department's part begins) names who, it answers nothing
                # A clause often names its subject one clause earlier: "建成…平台,汇聚数据3.27亿条",
                # or at the start of its sentence: "加大柴油车排气执法力度,…,罚款1400元".
                local = (parts[index - 1] if index else "") + clause
                own_cover = coverage(weights, clause)
                if (
                    intent is Intent.DONE
                    and index
                    and says_act_asked(clause, plan.text)
                    and not says_act_asked(parts[index - 1], plan.text)
                ):
                    # 承办…提案176件,已办结186件: the act asked is said in the clause after the one
                    # naming the subject; that clause's subject is its own.
                    own_cover = max(own_cover, coverage(weights, parts[index - 1]))
                elif intent is Intent.DONE and index and result_of_plan(parts[index - 1], clause):
                    # 计划建设社区养老服务站30个,已建成26个: the result right after its plan counts
                    # what the plan's clause names.
                    own_cover = max(own_cover, coverage(weights, parts[index - 1]))
                as_plan = plan_field(plan.text, item, field_name, clause) if intent is Intent.TARGET else None
                if as_plan and (
                    (field_name == "progress" and opens_with_plan(clause))
                    or district_share_in_task(item, field_name, clause)
                ):
                    # 本区年度改造任务6个, 樟坪区分解任务38个: the district's plan of the task's thing,
                    # whose words it need not say
                    own_cover = max(own_cover, coverage(weights, item.task))
                local_cover = (
                    0.6 * own_cover + 0.25 * coverage(weights, local) + 0.15 * coverage(weights, leads[index] + clause)
                )
                context_cover = coverage(weights, leads[index] + local + context)
                if figure:
                    # (scope: the district's plan in a city item's progress is a plan as its task is)
                    evidence = figure_evidence(
                        intent,
                        clause,
                        as_plan or field_name == "task",
                        rate_question,
                        unit,
                        local,
                        thing_after if thing_after and thing_after in fold(local or clause).lower() else counted,
                        plan.text,
                    ) * level_factor(plan.text, item, field_name, clause)
                    if intent is Intent.DONE and field_name == "progress" and planned_only(clause):
                        evidence *= PLANNED_FOR_DONE_FACTOR  # 年度计划新建学校9所、新增学位6300个: planned
                    if (
                        named_forms is not None
                        and not coverage(named_forms, local)
                        and any(counts_named(p, named_forms) for p in parts)
                    ):
                        # 停车场增加了多少泊位: the thing named after 多少 is what the figure counts, as a
                        # unit is (新增泊位1460个, not 新建公共停车场9处 before it), when another clause
                        # counts it so: its figure right after it. (受理欠薪投诉案件214件 counts cases.)
                        evidence *= UNIT_MISMATCH_FACTOR
                    if intent is Intent.DONE and stated and restates(clause, stated):
                        # 15条道路建完了几条: 全年新建改造道路15条 repeats the figure the question
                        # states (the plan); the result asked is another (已完工13条).
                        evidence *= RESTATED_FACTOR
                    if beside_plan and against_plan and index not in against_plan and has_quantity(clause):
                        evidence *= AGAINST_PLAN_FACTOR
                    if beside_plan and is_running_total(clause, parts, plan.text, weights):
                        # 全年新建5G基站912个,累计建成5G基站2136个: the plan's result is the period's
                        # figure, not the running total of all years beside it.
                        evidence *= AGAINST_PLAN_FACTOR
                    # 签约覆盖率目标…目前达到多少: the result is of the plan's rate (签约覆盖率38.2%), not
                    # another rate beside it (重点人群签约率73.5%), however the question names it.
                    if plan_rate and plan_rate not in clause and RATE_NAMED_RE.search(clause):
                        evidence *= OTHER_RATE_FACTOR
                    # 重点项目年度投资计划多少: the figure is of what the question counts (投资), not
                    # another figure of its subject (实施重点项目120个), when a figure clause beside
                    # it names that (…,完成年度投资260亿元). It ranks, it does not make less sure.
                    # 老旧小区…完成多少: 完工3个, not 已完成设计方案审查22个 (a step on the way), when
                    # another figure clause of the item counts the thing itself.
                    if (
                        intent is Intent.DONE
                        and field_name == "progress"
                        and counts_substep(clause, weights, item.task, plan.text)
                        and any(
                            has_quantity(p) and not counts_substep(p, weights, item.task, plan.text)
                            for p in parts
                            if p != clause
                        )
                    ):
                        uncounted_step = SUBSTEP_FACTOR
                    else:
                        uncounted_step = 1.0
                    uncounted = (
                        UNCOUNTED_FACTOR
                        if counted_forms is not None
                        and not coverage(counted_forms, local)
                        and any(has_quantity(p) and coverage(counted_forms, p) for p in parts)
                        else 1.0
                    )
                else:
                    evidence = kind_evidence(
                        plan.kind, clause, status_question, rate_question, when_question, reason_question
                    )
                    # (数据需年底核算 answers whether any act happened: not known yet)
                    if act_found and not coverage(item_acts, clause) and not NO_DATA_RE.search(clause):
                        evidence *= ACT_ELSEWHERE_FACTOR
                score = evidence * (0.55 * local_cover + 0.25 * context_cover + 0.2 * item_score / top_score)
                if figure:
                    score *= uncounted * uncounted_step  # (ranking only: sureness is the subject's)
                confidence = (
                    0.4 * item_cover
                    + 0.3 * subject_coverage(weights, leads[index] + local + context)
                    + 0.3 * local_cover
                ) * evidence
                if best is None or score > best[0]:
                    span = span_around(parts, index)
                    if status_question and not figure:
                        span = with_later_stage(parts, index, span)
                    best = (score, confidence, position, span, field_name)
    if best is None:
        return Answer(None, 0.0)
    _, confidence, position, span, field_name = best
    if when_question and figure and not (_DATE_RE.search(span) or _WHEN_RE.search(span)):
        confidence *= WHEN_WITHOUT_DATE_FACTOR  # 拆完要到几月 is not answered by 共涉及1230户
    absent = getattr(weights, "absent", frozenset())
    if figure and (after := counted_after(plan.text, list(weights))) and after in absent:
        # 新建了多少个充电桩 where no report names 充电桩: no count of it can be in them.
        confidence *= ABSENT_COUNTED_FACTOR * ABSENT_COUNTED_FACTOR
    elif (
        counted and counted in absent and names_thing(counted) and not held_in(counted, weights, items[position])
    ) or (figure and any(len(w) >= 2 and w != counted and is_noun(w) for w in absent)):
        # 接待游客多少人次 answered by 接待读者2.1万人次: the thing counted is in no report; nor is
        # what a figure is of, 租金 of 租赁住房租金标准是多少; nor 充电桩 of 新建充电桩多少个
        # (round 11: a noun jieba cuts as 充电 + 桩 names a thing too; 新建 is no part of it).
        # (round 16: 社零额, which no token holds, is in the item as 社会消费品零售总额: held.)
        confidence *= ABSENT_COUNTED_FACTOR
    confidence = round(float(np.clip(confidence, 0.0, 1.0)), 3)
    if confidence < threshold:
        return Answer(None, confidence, position)
    department = department_of(items[position], span) if field_name == "progress" else None
    return Answer(span, confidence, position, department, field_name)


_PAIR_CUE_RE = re.compile(
    r"^(?:年度|全年|年底|年初|目标|计划|任务|任务数|任务量|要求|预期|完成|完成数|完成量|实际|现状|现在|目前|已经"
    r"|情况|对比|比差|差|还差|差距|实现|对照|原本|原定|控制线|上限|额|完成额|实际数|实际值|完成率|完成度"
    r"|实绩|业绩|比较|相比|最后|最终|定的|结果"
    r"|进度|盘子|总盘子|建成数|幅度)$"  # 目标和进度, 总盘子多少, 下降幅度: which figure, not what it is of
)


# 同期, 增长, 降幅: how a result changed, which a plan part does not ask unless it says so.
_CHANGE_WORD_RE = re.compile(
    rf"^(?:同比|同期|去年同期|去年|上年|比|较|{CHANGE_VERBS}|增速|增幅|降幅|增长率|[增减降涨升])$"
)


# A rate's name, closing quote included (“一网通办”率 → 通办”率).
_QUOTED_RATE_RE = re.compile(r"[\u4e00-\u9fff]{2}[”\"’」』]?率")


# 1.5万人, 40亿元: the number and its magnitude, leaving the unit (人, 元).
_MAGNITUDE_RE = re.compile(r"^[\d,.\s]+[万亿千百]?")
_PERCENT_UNIT_RE = re.compile(r"[%％]|百分点")


# A unit of more than one character (平方米, 人次); any other unit is its first character.
_LONG_UNIT_RE = re.compile(r"^(?:百分点|平方(?:公里|米)|公里|千米|公顷|千瓦时?|美元|元|人次|户次|车次|标准箱)")


def measure_word(unit: str) -> str:
    """The measure word of an amount's unit as :func:`quantities` reads it, without the noun after
    it: ``家企业`` → ``家``, ``平方米`` stays, ``%`` stays."""
    long_unit = _LONG_UNIT_RE.match(unit)
    return long_unit.group() if long_unit else unit[:1]


RESTATED_FACTOR = 0.5  # a done figure that only repeats the figure the question states


def stated_figures(text: str) -> set[tuple[str, str]]:
    """The amounts ``text`` states, each as (number, measure word): ``15条道路建完了几条`` →
    ``{("15", "条")}``."""
    found = set()
    for amount in quantities(text):
        number = re.match(r"[\d,.]+", amount.strip())
        if number:
            rest = amount.strip()[number.end() :].strip()
            magnitude = rest[:1] if rest[:1] in "万亿千百" and len(rest) > 1 else ""
            found.add((number.group() + magnitude, measure_word(rest[len(magnitude) :])))
    return found


def restates(clause: str, stated: set[tuple[str, str]]) -> bool:
    """Every amount of ``clause`` is one of the ``stated`` ones (and it has one)."""
    own = stated_figures(clause)
    return bool(own) and own <= stated


# A figure per head or area (每千人, 每万人, 人均, 户均): a plan said so is met by a result said so.
_PER_UNIT_PLAN_RE = re.compile(r"每[十百千万]+[人户]|人均|户均|每平方公里")


def counted_alike(paired: str) -> bool:
    """Whether a ``plan;result`` answer's result is counted as its plan is (下降2.5% | 下降3.1%,
    建成800个 | 新建912个; not 下降2.5% | 节能监察16家). One clause holding both agrees."""
    plan, _, result = paired.partition(";")
    if not result:
        return True

    def measures(text: str) -> set[str]:
        return {measure_word(_MAGNITUDE_RE.sub("", q).strip()) for q in quantities(text)}

    return bool(measures(plan) & measures(result))


# The words right before a plan's figure (完成技改投资 of 完成技改投资15亿元), without the plan's own
# words before them (全年, 计划, 力争…).
_PHRASE_BEFORE_FIGURE_RE = re.compile(r"([\u4e00-\u9fff]{4,10})\d")
_PLAN_LEAD_RE = re.compile(r"^(?:全年|年度|年内|今年|计划|力争|目标|确保|累计)+")


def plan_phrases(plan_text: str) -> list[str]:
    """What each figure of the plan's text counts, in the plan's own words (4 characters or more):
    ``全年新增绿地面积50万平方米`` → ``[新增绿地面积]``."""
    found = (_PLAN_LEAD_RE.sub("", m.group(1)) for m in _PHRASE_BEFORE_FIGURE_RE.finditer(plan_text))
    return list(dict.fromkeys(p for p in found if len(p) >= 4))


def plan_done_answer(
    plan: QueryPlan, items: list[Item], item_scores: list[float], weights: dict[str, float]
) -> Answer | None:
    """目标多少,现在到哪了: the plan figure (task text first) and the done figure (progress) of the
    one item about the subject, ``plan;done``; None when either is not found (then the parts are
    read as any comparison). Both are read with the whole question (its unit, its rate, its act);
    a gap asked (还差多少) is read off the two figures, not from a clause about what is left."""
    if not items:
        return None
    # The cues (年度, 目标, 完成, 现状, 还差) say which figure, not what it is of.
    subject = {w: v for w, v in weights.items() if not _PAIR_CUE_RE.search(w)}
    if subject:
        weights = TermWeights(subject, getattr(weights, "forms", {}), getattr(weights, "absent", frozenset()))
    about, _ = subject_item(items, item_scores, weights)
    # (任务完成率怎么样,目标几处完成几处: the two figures say the rate; it asks no percentage of them)
    asked = replace(plan, text=re.sub(r"完成[率度]", "", _REMAINING_ASK_RE.sub("", plan.text)))
    one, score = [items[about]], [item_scores[about]]
    # 游客比去年同期增长多少?全年目标是多少: the plan is read without the result's part (its 增长多少
    # asks a percentage the plan 800万人次 is not) and without the change words only that part says.
    plan_part, done_part = plan_done_parts(plan.text) or ("", "")
    target_asked, target_weights = asked, weights
    if done_part and done_part in asked.text and plan_part and done_part != plan_part:
        target_asked = replace(asked, text=asked.text.replace(done_part, " ", 1))
        kept = {w: v for w, v in weights.items() if w in plan_part or not _CHANGE_WORD_RE.match(w)}
        target_weights = TermWeights(kept, getattr(weights, "forms", {}), getattr(weights, "absent", frozenset()))
    target = extract(target_asked, one, score, target_weights, Intent.TARGET)
    if target.text is None:
        return None
    # The result is of the thing the plan counts: 新增公共停车泊位652个 answers 全年新增公共停车泊位
    # 3000个, not 接入泊位1.2万个 beside it. The plan's nouns weigh in, lightly, when reading the result.
    import jieba

    mean = sum(weights.values()) / len(weights) if weights else 1.0
    # (only the plan's clauses that name the subject: 新增托位600个, not 新建…托育机构6家 before it)
    plan_text = "".join(c for c in clauses(target.text) if coverage(weights, c) > 0) or target.text
    # (技改投资计划多少,完成多少: of the plan's clauses, the one with the thing counted, 完成技改投资
    # 40亿元, not 实施…技改项目50个 beside it, whose 项目 would pull the result to a count of projects)
    # (工业技改投资 asked, 完成技改投资 written: the longest end of the thing counted that some
    # clause holds and not every one)
    counted = counted_word(plan_part or asked.text, list(weights)) or ""
    plan_clauses = clauses(plan_text)
    for start in range(max(len(counted) - 1, 0)):
        own = [c for c in plan_clauses if counted[start:] in fold(c).lower()]
        if own:
            plan_text = "".join(own) if len(own) < len(plan_clauses) else plan_text
            break
    plan_nouns = {
        w: 0.5 * mean
        for w in jieba.lcut(plan_text)
        if len(w) >= 2 and w not in weights and not re.search(r"\d", w) and not is_time_word(w) and is_noun(w)
    }
    # 每千人6批次 planned: the result is said per thousand too (折合每千人5.3批次, not 抽检4860批次).
    # (it outweighs the rest: the clause before it holds the subject's other words)
    plan_per_unit = {w: sum(weights.values()) for w in _PER_UNIT_PLAN_RE.findall(plan_text)}
    # 完成技改投资15亿元 planned, 完成技改投资8.7亿元 done: the report writes the result in its plan's
    # words, which pick it out of the other figures of the item (…技改项目完成设备购置投资3.9亿元).
    # (only a phrase naming nothing the question does not: 改造老旧燃气管网40公里、供水管网25公里
    # planned, 燃气管网…完成多少 asked — 供水管网 is another thing)
    asked_folded = fold(plan.text).lower()
    plan_wording = {
        phrase: sum(weights.values())
        for phrase in plan_phrases(plan_text)
        if any(phrase in c and has_quantity(c) for c in clauses(items[about].progress))
        and all(len(w) < 2 or w in asked_folded or is_act(w) for w in jieba.lcut(fold(phrase).lower()))
    }
    # 实际折合多少: the words of the result's own part say which result (折合每千人3.9批次).
    done_weights = TermWeights(
        {
            **{w: v * (2.0 if w in done_part else 1.0) for w, v in weights.items()},
            **plan_nouns,
            **plan_per_unit,
            **plan_wording,
        },
        getattr(weights, "forms", {}),
        getattr(weights, "absent", frozenset()),
    )
    # 完成数, 完成情况 name the result's shape, not an act the clause must say (新增…652个 is done).
    shape_free = replace(asked, text=re.sub(r"完成(?:数|量|情况)", "", asked.text))
    # The plan found on the item vouches for it: its result may be said in fewer of the words asked
    # (农民…涨了多少 → 农村居民人均可支配收入…同比增长7.3%).
    # (“一网通办”率: a rate named in quotes keeps its closing quote, 通办”率, as the result writes it)
    plan_rate = _QUOTED_RATE_RE.search(plan_text)
    # 健身场地要建多少,建了多少 (plan 30处): the result is counted as the plan is (建成…18处), not
    # another figure of the item (举办…赛事活动46场) — when the progress says one in that unit.
    # (30家企业: the measure word 家, not the noun read with it; the result may say 已完成改造8家)
    units = {measure_word(_MAGNITUDE_RE.sub("", q).strip()) for q in quantities(plan_text)}
    plan_unit = units.pop() if len(units) == 1 else None
    if plan_unit and (
        _PERCENT_UNIT_RE.search(plan_unit)
        or not any(plan_unit in _MAGNITUDE_RE.sub("", q) for q in quantities(items[about].progress))
    ):
        plan_unit = None
    done = extract(
        shape_free,
        one,
        score,
        done_weights,
        Intent.DONE,
        PAIRED_DONE_THRESHOLD,
        beside_plan=True,
        plan_rate=plan_rate.group() if plan_rate else None,
        plan_unit=plan_unit,
    )
    if done.text is None:
        return None
    if not counted_alike(f"{target.text};{done.text}"):
        # 社会消费品零售总额增长7.5%,达到365亿元 planned, 实现…371.8亿元 done: the plan is the figure
        # counted as the result is (365亿元), not the rate beside it.
        task = clauses(items[about].task)
        alike = [i for i, c in enumerate(task) if counted_alike(f"{c};{done.text}")]
        if alike:
            target = replace(target, text=span_around(task, alike[0]))
    if done.text in target.text or target.text in done.text:  # one clause holds both
        text = max(target.text, done.text, key=len)
    else:
        text = f"{target.text};{done.text}"
    confidence = round((target.confidence + done.confidence) / 2, 3)
    return Answer(text, confidence, about, done.department, "progress", [about])
