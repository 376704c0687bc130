"""The Answerer: from a question to an answer with citations, dispatching on its intent.

:class:`Answerer` classifies the question (:mod:`~wrsearch.answer.intent`), retrieves candidate
items through the searcher, and hands them to the rule for that intent: figures, who/progress,
comparison, lists, status, several items' figures, or a mixed question's parts; the conflict
check (:mod:`~wrsearch.answer.conflict`) withdraws answers whose item says something else.

``confidence`` is the share of the question's rare words that the answer's item covers, times
the evidence for the expected kind of answer. Questions about things no report mentions
(高铁站什么时候建成) leave their rarest words uncovered and fall under ``ANSWER_THRESHOLD``:
then ``answer`` is null and the closest items come back only as citations.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from wrsearch.answer.clauses import ANSWER_THRESHOLD, Answer
from wrsearch.answer.comparison import (
    comparison_answer,
    with_plan_figure,
    with_verdict,
    without_plan_check,
)
from wrsearch.answer.conflict import conflict, item_text
from wrsearch.answer.figures import _CHANGE_WORD_RE, counted_alike, extract, plan_done_answer
from wrsearch.answer.intent import (
    PARTS_END_RE,
    PROGRESS_RE,
    WHO_FILLER,
    WHO_RE,
    Intent,
    classify,
    comparison_parts,
    met_plan_asked,
    plan_done_parts,
    without_count_theme,
    year_only_plan_cue,
)
from wrsearch.answer.lists import (
    LIST_FILLER,
    MAX_LIST_ITEMS,
    figures_answer,
    list_answer,
    list_lines,
    missing_subjects,
    unit_names,
)
from wrsearch.answer.scope import holds_both_levels, without_levels
from wrsearch.answer.status import asked_status, latest_per_task
from wrsearch.answer.vocabulary import REASON_ASKED
from wrsearch.answer.who import progress_answer, who_answer, who_parts
from wrsearch.answer.words import (
    _ASK_TOKEN_RE,
    TermWeights,
    abbreviation_forms,
    answer_words,
    contracted,
    coverage,
    has_subject,
    idf_weights,
    is_act,
    joined_phrases,
    known_pieces,
    recut,
    rejoined,
    split_glued,
    subject_item,
    word_forms,
)
from wrsearch.models import Item
from wrsearch.schema import AskResponse
from wrsearch.search.fusion import Mode, Scored, normalise_dense
from wrsearch.search.highlight import term_pattern
from wrsearch.search.query import QueryPlan, expand
from wrsearch.text import fold
from wrsearch.validate import check_query

if TYPE_CHECKING:
    from wrsearch.search.searcher import Searcher

MAX_SECTION_ITEMS = 20  # 民生保障方面有哪些任务 lists its section's items, all of them
MAX_DEPARTMENT_ITEMS = 40  # 区X局负责哪些事项 lists all of them: a department with 10 items is not cut at 8
CANDIDATE_ITEMS = 5
CITATIONS = 5
# The list parameters below were chosen by leave-one-set-out over the list rows of the 18 read ask dev
# sets (docs/ask-round12l.md): 17 of 18 folds chose these values.
LIST_CLOSENESS_BAND = 0.15  # a list found by meaning lists the items this close to the nearest
SUBJECT_SEARCH_DEPTH = 2  # a subject a list names alone: its item among its own first this many
SUBJECT_REMIT_DEPTH = 10  # …or, when no task there names it, the first this deep whose unit's name does
# 空气和环保督察整改, 安全生产、燃气、防汛: a list naming several subjects.
_ENUMERATED_RE = re.compile(r"[\u4e00-\u9fff](?:、|和|与|及|以及|比如|例如)[\u4e00-\u9fff]")
LIST_SCORE_SHARE = 0.4  # a 哪些… answer lists the items scoring at least this share of the best
# Answers rank with a synonym-list match counting in full (search counts it half, fusion.SYNONYM_COVER):
# a question is asked in everyday words (哪些事项涉及水处理: 42 holds 供水 and 水质, not 水处理), and
# LIST_SCORE_SHARE and the extractors were chosen on that scale.
ANSWER_SYNONYM_COVER = 1.0
MAX_STATUS_ITEMS = 20  # a 哪些事项滞后 answer lists up to this many items, each cited
# Words that say what shape of answer is wanted, not what it is about.
INTENT_WORDS = frozenset(
    "部门 单位 负责 谁 牵头 管 归 由 是谁 哪个 哪家 哪几个 怎么样 怎样 进展 如何 现在 目前 搞 弄 做 干 到 哪一步 一步 "
    "建得 搞得 弄得 做得 干得 推进得 得 今年 要 计划 目标 定 一共 分别 各 年初 报告 里 那边 那 这 区里 "
    "做到 弄到 搞到 到哪 哪 咋样 咋 怎么 现在 情况 长度 里程 面积 数 数量 总数 户数 金额 人数 件数 个数 "
    "达到 达 要求 预期 任务 任务数 任务量 年度 全年 形势 程度 地步 阶段 块 方面 工作 事情 事儿 举措 措施 建到 推进到 进行到 干到 进展到 "
    "进度 动作 动静 举动 有结果 结果 "
    # 控制线和实际数, 目标对照实际完成额, 原本要降多少: which figure, not what it is of
    "对照 原本 原定 控制线 上限 额 完成额 实际数 实际值 场次 次数 "
    # 上半年实绩, 最后完成多少, 目标和已完成数比较, 增速定的多少: which figure, said otherwise
    "实绩 业绩 比较 相比 最后 最终 定的 初定 "
    # 今年的装机指标: the plan's figure asked, not what it is of
    "指标 "
    # 剩下那2所幼儿园在干嘛: which part of the work (the report: 另2所), not what it is of
    "剩下 剩余 其余 余下 另外".split()
)
# A name glossed in brackets right after it: 一老一小(养老、托育), 两新(新基建、新型城镇化).
_GLOSS_RE = re.compile(r"([\u4e00-\u9fff\w]{2,8})[(（][^)）]{2,30}[)）]")
_EXAMPLE_MARK_RE = re.compile(r"^(?:比如|例如|诸如|譬如|像是|包括)(?=.{2,})")
# What is left of a who-question around its subject once the asking is cut (归哪个部门管 → 个部门管,
# 是哪个部门在管 → 是 / 在管, 谁来抓 → 抓): never the subject.
# 是哪些单位配合推进的, 该找哪个部门: how the units take part (配合, 协助) and that one should ask
# (该, 应当) say who is asked, not what about (配合 asks every unit of the item).
_WHO_EDGE_RE = re.compile(
    rf"^(?:[是由在的]|的事|配合|协助|协同|参与|{WHO_FILLER})+"
    rf"|(?:个?部门|个?单位|[是由在来的?？]|的事情?|负责|牵头|主抓|分管|主管|承担|管|抓|分别|各自|各"
    rf"|配合|协助|协同|参与|推进|应当|应该|该|{WHO_FILLER})+$"
)


_REASON_ASKED_RE = re.compile(REASON_ASKED)
# 花出去, 花掉, 砸进去, 装上: a verb and its result, as staff say an act done
_SPOKEN_RESULT_RE = re.compile(r"[\u4e00-\u9fff](?:出去|进去|出来|下去|掉|上|完)$")
# 实际到位, 已到账: money asked as arrived, which is how the result is asked, not what it is of.
_ARRIVED_RE = re.compile(r"(?:实际|已经?|均已|全部)(到位|到账)")
# 分别由谁负责, 各自归哪个部门: one answer per subject named.
_EACH_RE = re.compile(r"分别|各自|各由|各归|各是")
# 养老方面有哪些任务 | 中心和食堂各建了多少: a list asked, then a figure of each part it names.
# (文体方面的任务,健身场地和公益演出各完成多少: a theme's items named, with no 哪些, list them too)
_LIST_PIECE_RE = re.compile(r"哪些|哪几|有啥|有什么|(?:方面|领域|这块|这一块|板块)的?(?:任务|工作|事项|措施|举措)")
_PARTS_FIGURES_RE = re.compile(
    r"[\u4e00-\u9fff]{2,}[和与及、][\u4e00-\u9fff]{2,}?(?:分别|各)[\u4e00-\u9fff]{0,6}?(?:多少|几)"
)
# 国企改革和化债这两件事, 低保和医保参保率分别, 空气和地表水各自: several subjects, each asked on
# its own (the words that say so, then what is asked of each).
_EACH_SUBJECT_RE = re.compile(
    r"(?:分别|各自|各)(?:是|都)?$|(?:这|那)?[两三四几](?:件|项|块|个|类)(?:事情?|任务|工作)?的?$"
)
_SUBJECT_JOIN_RE = re.compile(r"和|与|及|以及|、")
# The other half of a mixed who-question asks a figure or how it went (…谁负责,改了多少).
_OTHER_ASK_RE = re.compile(r"多少|几|怎么样|怎样|如何|进展|情况|哪一步|到哪")


class Answerer:
    """Answers questions with what a :class:`~wrsearch.search.searcher.Searcher` retrieves."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher

    def ask(self, question: str, llm: bool = False) -> AskResponse:
        """Answer a question from the reports, with citations (default: extractive).

        A question naming one period or year (上半年, 2021年, 去年) is answered from that
        time's reports; naming several (一季度和上半年分别…) it gets one answer per time, each
        cited. With ``llm`` and ``$WRSEARCH_LLM_URL`` set, a chat model writes the answer from
        the top items; any failure of it falls back to the extractive answer."""
        searcher = self.searcher
        question = check_query(question)
        mixed = (
            self._mixed(question, llm)
            or self._list_then_figures(question, llm)
            or self._progress_per_part(question, llm)
        )
        if mixed is not None:
            return mixed
        plan = searcher.plan(question)
        if WHO_RE.search(question) and not plan.department_only:
            # Retrieve by the subject alone: "部门" and "负责" match every item's 责任单位 text.
            subject = " ".join(_WHO_EDGE_RE.sub("", piece) for piece in WHO_RE.sub(" ", question).split()).strip(
                " ?？的是"
            )
            plan = replace(searcher.plan(subject or question), text=question)
        intent = classify(plan)
        times = searcher.time_masks(plan)
        missing = searcher.missing_time(plan) if intent not in (Intent.WHO, Intent.DEPARTMENT) else None
        if missing and intent is Intent.TARGET and plan.periods == ["全年"]:
            # 充电桩全年建多少个 with only 1-3月 reports indexed: no 全年 report, but the year's plan is
            # in every report's task; only another year missing declines it.
            yearless = replace(plan, periods=[])
            if searcher.missing_time(yearless) is None:
                plan, missing, times = yearless, None, searcher.time_masks(yearless)
        if intent is Intent.STATUS_LIST:
            if missing:
                result, cited = Answer(None, 0.0), []
            else:
                result, cited = self._status_list(plan, times)
        elif missing:  # 2020年… when no report of 2020 is indexed: answering from another year misleads
            _, cited = self._answer(plan, intent, np.ones(len(searcher.columns), dtype=bool))
            result = Answer(None, 0.0)
        elif len(times) > 1 and intent not in (Intent.WHO, Intent.DEPARTMENT, Intent.LIST):
            result, cited = self._answer_per_time(plan, times)
        else:
            mask = times[0][1] if times else np.ones(len(searcher.columns), dtype=bool)
            result, cited = self._answer(plan, intent, mask)
        not_in_report = None
        if result.text is not None and intent not in (Intent.DEPARTMENT, Intent.STATUS_LIST):
            positions = result.sources or ([result.item_index] if result.item_index is not None else [])
            answered = searcher.items_at([cited[i].index for i in positions if i < len(cited)])
            figure = result.text if intent in (Intent.TARGET, Intent.DONE, Intent.FIGURE, Intent.COMPARISON) else None
            not_in_report = conflict(question, answered, self._corpus_text(), figure, result.text)
            if not_in_report:
                # 2022年… from a 2023 report, 5号线 from the 3号线 item: the report does not say.
                result = Answer(None, round(min(result.confidence, ANSWER_THRESHOLD) / 2, 3))
        order = list(range(len(cited)))
        for rank, index in enumerate(result.sources or ([result.item_index] if result.item_index is not None else [])):
            order.remove(index)  # the answer's items are cited first
            order.insert(rank, index)
        limit = {
            Intent.LIST: MAX_LIST_ITEMS,
            Intent.DEPARTMENT: MAX_DEPARTMENT_ITEMS,
            Intent.STATUS_LIST: len(cited),
        }.get(intent, CITATIONS)
        limit = max(limit, len(result.sources))  # every item an answer lists is cited
        pattern = term_pattern(
            [*plan.highlight_terms, *([result.text] if result.text and "\n" not in result.text else [])]
        )
        citations = [searcher.hit(cited[i], pattern) for i in order[:limit]]
        response = AskResponse(
            question=question,
            answer=result.text,
            citations=citations,
            confidence=result.confidence,
            kind=plan.kind.value,
            intent=intent.value,
            field=result.field,
            source=citations[0].id if result.text and citations else None,
            department=result.department,
            mode="extractive",
            not_in_report=not_in_report or None,
        )
        if llm:
            from wrsearch.answer.llm import ask_llm

            response = ask_llm(response)
        return response

    def _corpus_text(self) -> str:
        """Every indexed item's text, folded (for :func:`~wrsearch.answer.conflict.conflict`)."""
        if getattr(self, "_corpus", None) is None:
            self._corpus = " ".join(
                f"{item_text(item)} {fold(item.section or '')} {fold(item.title)}" for item in self.searcher.items
            )
        return self._corpus

    def _answer(self, plan: QueryPlan, intent: Intent, mask: np.ndarray) -> tuple[Answer, list[Scored]]:
        """The answer from the items within ``mask``, and the items retrieved for it."""
        searcher = self.searcher
        n_items = len(searcher.items)
        ranked = searcher.rank(
            plan, mask, Mode.HYBRID, limit=max(CITATIONS, MAX_LIST_ITEMS), synonym_cover=ANSWER_SYNONYM_COVER
        )
        if not ranked:  # nothing matched: still show the closest items
            ranked = searcher.closest(plan.remainder, CITATIONS)
        cited = ranked[: MAX_DEPARTMENT_ITEMS if intent is Intent.DEPARTMENT else max(CITATIONS, MAX_LIST_ITEMS)]
        items = searcher.items_at([s.index for s in cited])
        scores = [s.score for s in cited]
        closeness = [float(c) for c in normalise_dense(np.array([s.dense for s in cited]), searcher.calibration)]
        drop = (
            INTENT_WORDS
            if intent in (Intent.WHO, Intent.PROGRESS, Intent.TARGET, Intent.COMPARISON, Intent.FIGURES)
            # 外贸形势怎么样,为什么没完成: a cause asked beside how it went; 形势, 怎么样 name no subject
            or (intent is Intent.TOPIC and _REASON_ASKED_RE.search(plan.text))
            else frozenset()
        )
        if intent in (Intent.DONE, Intent.FIGURE) and (arrived := _ARRIVED_RE.search(plan.text)):
            # 外资实际到位多少 (the report: 实际利用外资): 实际到位 asks the result, as 实际完成 does;
            # 到位 names no subject.
            drop = drop | {arrived.group(1)}
        asked = plan
        if intent is Intent.COMPARISON:  # the words before 分别…: what is compared
            # (三大指标: a count of the parts names none of them, and glued to one it breaks it: 投三大)
            asked = replace(plan, remainder=without_count_theme(PARTS_END_RE.split(plan.remainder)[0]))
        if intent in (Intent.COMPARISON, Intent.DONE, Intent.FIGURE):  # 超没超目标, 和计划比呢: which figures
            asked = replace(asked, remainder=without_plan_check(asked.remainder))
        elif intent is Intent.PROGRESS:
            # 社区书院创建推进情况: 推进情况 asks how it went; its 推进 names no subject (an item
            # whose task says 推进… is no more about it).
            asked = replace(plan, remainder=PROGRESS_RE.sub(" ", plan.remainder))
        if holds_both_levels(searcher.items):  # 我们区, 市里: the level, not the subject
            asked = replace(asked, remainder=without_levels(asked.remainder))
        words = answer_words(asked, searcher.tokenizer, drop) or answer_words(plan, searcher.tokenizer)
        words = rejoined(words, plan.remainder, searcher.document_frequency)
        words = recut(split_glued(words), plan.remainder, self._corpus_text().count)
        words = contracted(words, plan.remainder, self._corpus_text().count)
        # A single character no report holds (修 of 修中山路) is how the act is said, not the subject.
        words = [w for w in words if len(w) > 1 or searcher.document_frequency(w) > 0] or words
        if intent in (Intent.DONE, Intent.FIGURE):
            # 人民医院二期钱花出去多少了 (the report: 完成投资2.7亿元): a verb with its result (花出去,
            # 花掉, 砸进去) no report says is how staff say the result asked, not what it is of.
            # (Not any act no report holds: 报销, 提高 of 医保报销比例提高了多少 name the measure.)
            words = [
                w
                for w in words
                if not (_SPOKEN_RESULT_RE.search(w) and is_act(w) and searcher.document_frequency(w) == 0)
            ] or words
        corpus = self._corpus_text()
        words = list(
            dict.fromkeys(
                piece
                for w in words
                # 保租房: a word the synonym list reads as a long form the reports hold stays whole
                for piece in (
                    [w]
                    if len(w) >= 3 and any(fold(f).lower() in corpus for f in expand(w))
                    else known_pieces(w, searcher.document_frequency)
                )
            )
        )
        abbreviations = self._abbreviations(words)
        spans = {form for forms in abbreviations.values() for form in forms}
        weights = idf_weights(words, self._frequency_with(spans), n_items, abbreviations)
        top_items, top_scores = items[:CANDIDATE_ITEMS], scores[:CANDIDATE_ITEMS]
        if intent is Intent.TARGET and top_items and top_items[0].period == "全年" and year_only_plan_cue(plan.text):
            # 社零总额全年是多少 asked of a whole-year report: the year's result, from the progress.
            intent = Intent.DONE
        if intent is Intent.DEPARTMENT:
            result = Answer(list_lines(items, MAX_DEPARTMENT_ITEMS), 1.0, 0)
        elif intent is Intent.LIST:
            strong = [i for i, s in zip(items, scores) if s >= LIST_SCORE_SHARE * scores[0]]
            # 比如雨污 (the tokenizer glued the example to its marker): the example only.
            listed_words = [_EXAMPLE_MARK_RE.sub("", w) or w for w in plan.words]
            # 社会治安: an everyday phrase the synonym list knows is one subject, whatever the cut.
            listed_words = joined_phrases(listed_words, plan.text)
            listed_words = [w for w in listed_words if not _ASK_TOKEN_RE.match(w)] or listed_words  # 这几场
            # 一老一小(养老、托育): the brackets say what a name no report uses means; the name goes.
            glossed = "".join(m.group(1) for m in _GLOSS_RE.finditer(fold(plan.text).lower()))
            listed_words = [
                w for w in listed_words if not (w in glossed and searcher.document_frequency(w) == 0)
            ] or listed_words
            # 住房保障 (the reports write 保障性租赁住房): a subject that no report holds in any of its
            # forms is read as the pieces they do hold. Whole, it held in no item, and the list was
            # declined with its items on top.
            corpus = self._corpus_text()
            listed_words = list(
                dict.fromkeys(
                    piece
                    for w in listed_words
                    for piece in (
                        [w]
                        if any(fold(f).lower() in corpus for f in word_forms(w))
                        else known_pieces(w, searcher.document_frequency)
                    )
                )
            )
            retrieval_words = idf_weights(list(dict.fromkeys(listed_words)), searcher.document_frequency, n_items)
            section = self._section_of(retrieval_words, mask)
            if section:
                # 数字政府建设包括哪些工作: the report's own heading names the subject; its items are
                # the answer, whatever words each one uses.
                known = {s.index: s for s in cited}
                cited = [known.get(i, Scored(i, 0.0, 0.0, 0.0)) for i in section] + [
                    s for s in cited if s.index not in section
                ]
                listed = searcher.items_at(section)
                return Answer(list_lines(listed, len(listed)), 1.0, 0, None, None, list(range(len(listed)))), cited
            about: list[Item] = []
            if _ENUMERATED_RE.search(plan.remainder):
                # 空气和环保督察整改方面, 比如安全生产、燃气、防汛: each subject named has its own
                # item, which the whole question may not retrieve; it joins the list and the citations.
                held, searched = self._subject_items(retrieval_words, items, mask)
                about += held
                strong += [item for item in held if item not in strong]
                for scored in searched:
                    cited.append(scored)
                    found = searcher.items_at([scored.index])[0]
                    items.append(found)
                    scores.append(scores[-1] if scores else 0.0)
                    closeness.append(closeness[-1] if closeness else 0.0)
                    strong.append(found)
                    about.append(found)
            strong += missing_subjects(items, strong, retrieval_words)
            result = list_answer(strong, scores, retrieval_words, plan.text, about=about)
            if result.text is None and result.confidence > 0:
                # 种粮和茶产业: staff's words (种粮) are not the report's (粮食): the listed items'
                # closeness in meaning counts half, as for who and progress answers.
                near = sorted((closeness[items.index(i)] for i in strong), reverse=True)[:2]
                blended = round(0.5 * result.confidence + 0.5 * sum(near) / len(near), 3)
                if blended >= ANSWER_THRESHOLD:
                    # …and only the items near the best in meaning are listed: no fillers.
                    top = near[0]
                    close = [i for i in strong if closeness[items.index(i)] >= top - LIST_CLOSENESS_BAND]
                    result = list_answer(close, scores, retrieval_words, plan.text, floor=blended)
                    strong = close
            if result.sources:  # the listed items, by their place among the cited ones
                result = replace(result, sources=[items.index(strong[i]) for i in result.sources])
        elif intent is Intent.WHO and _EACH_RE.search(plan.text) and len(who_parts(without_levels(plan.remainder))) > 1:
            return self._who_per_part(plan, mask)
        elif intent is Intent.WHO:
            # 停车位增加这块谁负责: who is in charge of a subject; an act said with it that no
            # candidate's task holds (增加; the task says 新增) is how staff say the work, not the
            # subject. (充电 of 充电桩建设 is in its task: the subject's own word; 防 + 溺 + 水 of
            # 防溺水 are pieces of one, and a subject of one character is none: all are kept.)
            forms = getattr(weights, "forms", {})
            tasks = " ".join(item.task for item in top_items)
            subject = TermWeights(
                {
                    w: v
                    for w, v in weights.items()
                    if len(w) < 2 or not is_act(w) or coverage(TermWeights({w: v}, forms), tasks) > 0
                },
                forms,
            )
            if not any(len(w) >= 2 for w in subject):
                subject = weights
            result = who_answer(top_items, top_scores, subject, closeness, plan.text)
        elif intent is Intent.PROGRESS:
            result = progress_answer(top_items, top_scores, weights, closeness, plan.departments, plan.text)
            result = with_plan_figure(plan.text, result, top_items, weights)  # …跟年度任务比: the plan too
        elif intent is Intent.STATUS and (
            named := self._named_segment_answer(plan, top_items, top_scores, weights, closeness)
        ):
            # 城管局停车泊位那块报进度了没: the department named answers in its own part of the item
            result = named
        elif intent is Intent.STATUS:
            result = extract(plan, top_items, top_scores, weights, intent)
            if result.text is None:
                # 亿元楼宇那项完成了吗, 空气质量达标了没有: no clause says it in status words (完成,
                # 建成); the progress of the item about the subject says how far it got.
                # (the act asked, 完成 / 达标, is the status, not the subject)
                status_drop = TermWeights(
                    {w: v for w, v in weights.items() if w not in INTENT_WORDS and not is_act(w)},
                    getattr(weights, "forms", {}),
                )
                fallback = progress_answer(
                    top_items, top_scores, status_drop or weights, closeness, plan.departments, plan.text
                )
                result = fallback if fallback.text is not None else result
        elif intent is Intent.FIGURES:
            result = figures_answer(plan, top_items, top_scores, weights, closeness)
        elif intent in (Intent.COMPARISON, Intent.FIGURES, Intent.TARGET, Intent.DONE) and (
            # (…建了多少,跟目标比呢: the plan it is set against is no other item)
            several := self._items_figures(
                replace(plan, text=without_plan_check(plan.text), remainder=without_plan_check(plan.remainder)),
                items,
                closeness,
            )
        ):
            result = several
        elif (
            intent is Intent.COMPARISON
            and plan_done_parts(plan.text)
            and not PARTS_END_RE.search(plan.text)
            and (paired := plan_done_answer(plan, top_items, top_scores, weights))
            # (能耗下降目标达到了吗: 下降2.5% is not met by 节能监察16家; no result yet is a status)
            and (not met_plan_asked(plan.text) or counted_alike(paired.text))
        ):
            result = with_verdict(plan.text, paired, top_items)  # 达标了没有: the report's own word too
        elif (
            intent is Intent.COMPARISON
            and met_plan_asked(plan.text)
            and plan_done_parts(plan.text, met_plan=False) is None
        ):
            # 水质达标了吗 with no plan figure to set the result against: asked as it would be alone
            return self._answer(plan, classify(plan, met_plan=False), mask)
        elif intent is Intent.COMPARISON:
            if len(comparison_parts(plan.text)) >= 3:
                # GDP、社零、固投…分别多少: each subject named has its own item, which the whole
                # question may not retrieve (as for lists); it joins the candidates and the citations.
                subjects = TermWeights(
                    {w: v for w, v in weights.items() if has_subject({w: v}) and not _CHANGE_WORD_RE.match(w)},
                    getattr(weights, "forms", {}),
                )
                _, searched = self._subject_items(subjects, top_items, mask)
                top_items, top_scores = list(top_items), list(top_scores)
                closeness = closeness[: len(top_items)]
                for scored in searched:
                    if scored.index not in {s.index for s in cited}:
                        cited.append(scored)
                    top_items.append(searcher.items_at([scored.index])[0])
                    top_scores.append(top_scores[-1] if top_scores else 0.0)
                    closeness.append(closeness[-1] if closeness else 0.0)
            result = comparison_answer(
                plan, top_items, top_scores, weights, searcher.tokenizer, closeness, searcher.document_frequency
            )
            if result.sources:  # by the items' places among the cited ones
                ids = [item.id for item in searcher.items_at([s.index for s in cited])]
                result = replace(result, sources=[ids.index(top_items[p].id) for p in result.sources])
        else:
            result = extract(plan, top_items, top_scores, weights, intent)
            if intent in (Intent.DONE, Intent.FIGURE):  # 新增了多少,跟目标比呢: the plan too
                result = with_plan_figure(plan.text, result, top_items, weights)
        return result, cited

    def _named_segment_answer(
        self,
        plan: QueryPlan,
        items: list[Item],
        scores: list[float],
        weights: dict[str, float],
        closeness: list[float],
    ) -> Answer | None:
        """The progress of the named department's own part of the item about the subject, when
        the question names a department and that item has several departments' parts (else None)."""
        if not plan.departments or not items:
            return None
        position, _ = subject_item(items, scores, weights, plan.text)
        item = items[position]
        if len(item.segments) < 2 or not any(s.department in plan.departments for s in item.segments):
            return None
        result = progress_answer(items, scores, weights, closeness, plan.departments, plan.text)
        return result if result.text is not None else None

    def _subject_items(
        self, weights: TermWeights, items: list[Item], mask: np.ndarray
    ) -> tuple[list[Item], list[Scored]]:
        """The item *about* each subject word (≥ 2 characters, no list filler) when a list names
        several: ``(held, searched)`` — the first of ``items`` whose task names the word, and,
        for a word no task of ``items`` names, the first of its own top ``SUBJECT_SEARCH_DEPTH``
        items (within ``mask``) whose task does."""
        searcher = self.searcher
        forms = getattr(weights, "forms", {})
        held: list[Item] = []
        found: list[Scored] = []
        seen = {item.id for item in items}
        for word in weights:
            if word in LIST_FILLER or len(word) < 2 or is_act(word):
                continue
            single = TermWeights({word: 1.0}, {word: forms.get(word, (word,))})
            holder = next((item for item in items if coverage(single, item.task)), None)
            if holder is not None:
                if holder not in held:
                    held.append(holder)
                continue
            ranked = searcher.rank(searcher.plan(word), mask, Mode.HYBRID, limit=SUBJECT_REMIT_DEPTH)
            # 招商: no task names it, but a unit one of whose names does (招商局) holds it as its remit.
            for depth, holds in ((SUBJECT_SEARCH_DEPTH, lambda i: i.task), (SUBJECT_REMIT_DEPTH, unit_names)):
                hit = next(
                    (
                        scored
                        for scored in ranked[:depth]
                        if (item := searcher.items_at([scored.index])[0]).id not in seen
                        and coverage(single, holds(item))
                    ),
                    None,
                )
                if hit is not None:
                    seen.add(searcher.items_at([hit.index])[0].id)
                    found.append(hit)
                    break
        return held, found

    def _items_figures(self, plan: QueryPlan, items: list[Item], closeness: list[float]) -> Answer | None:
        """:func:`~wrsearch.answer.items_figures.items_figures_answer` when the question asks one
        figure of each of several items (…和…分别新建了多少, 三个项目各完成投资多少), else None."""
        from wrsearch.answer.items_figures import items_figures_answer  # it builds on this module

        searcher = self.searcher
        return items_figures_answer(
            plan, items, closeness, searcher.tokenizer, searcher.document_frequency, len(searcher.items)
        )

    def _section_of(self, weights: TermWeights, mask: np.ndarray) -> list[int]:
        """The positions of the items under the one section heading (within ``mask``) that holds
        every subject word of a list question, when there is exactly one such heading with
        2–``MAX_SECTION_ITEMS`` items; else empty."""
        subject = TermWeights(
            {w: v for w, v in weights.items() if w not in LIST_FILLER and len(w) >= 2}, getattr(weights, "forms", {})
        )
        if len(subject) < 2:  # one word (教育) is too loose to stand for a whole section
            return []
        searcher = self.searcher
        positions: dict[tuple[str, str], list[int]] = {}
        for position, item in enumerate(searcher.items_at(range(len(searcher.items)))):
            if mask[position] and item.section:
                positions.setdefault((item.report, item.section), []).append(position)
        matching = [
            found
            for (_, heading), found in positions.items()
            if 2 <= len(found) <= MAX_SECTION_ITEMS and coverage(subject, heading) >= 1.0
        ]
        return matching[0] if len(matching) == 1 else []

    def _abbreviations(self, words: list[str]) -> dict[str, tuple[str, ...]]:
        """The long forms (:func:`abbreviation_forms`) of the ``words`` no item holds."""
        absent = [w for w in words if self.searcher.document_frequency(w) == 0]
        if not absent:
            return {}
        texts = [f"{item.task} {item.progress}" for item in self.searcher.items]
        found = {}
        for w in absent:
            # 社卫 + 中心: a two-character piece is read with the word after it (社卫中心).
            following = words[words.index(w) + 1] if len(w) == 2 and words.index(w) + 1 < len(words) else ""
            forms = abbreviation_forms(w, texts) or (following and abbreviation_forms(w + following, texts))
            if forms:
                found[w] = forms
        return found

    def _frequency_with(self, spans: set[str]):
        """``document_frequency``, also for ``spans`` of text no token holds (保障性租赁住房):
        the items that hold them."""
        if not spans:
            return self.searcher.document_frequency
        counts = {span: sum(span in f"{i.task} {i.progress}" for i in self.searcher.items) for span in spans}
        return lambda word: counts[word] if word in counts else self.searcher.document_frequency(word)

    def _mixed(self, question: str, llm: bool) -> AskResponse | None:
        """燃气管网改造谁负责,改了多少: a who-question and another question about the same
        subject, each answered (the second with the subject it leaves out), joined, the who
        answer's item cited first; None when the question is not of that shape or either part
        goes unanswered (then it is answered whole)."""
        pieces = [p for p in re.split(r"[,，;；]", question.strip(" ?？")) if p.strip()]
        if len(pieces) != 2 or sum(bool(WHO_RE.search(p)) for p in pieces) != 1:
            return None
        who, other = pieces if WHO_RE.search(pieces[0]) else pieces[::-1]
        if not _OTHER_ASK_RE.search(other):
            return None
        subject = " ".join(_WHO_EDGE_RE.sub("", piece) for piece in WHO_RE.sub(" ", who).split()).strip(" ?？的是")
        # 老旧小区改造进展怎么样,谁负责: the subject is in the other half, before its asking words.
        subject = subject or _OTHER_ASK_RE.split(other)[0].strip(" ?？的了是")
        if len(subject) < 2:
            return None
        first = self.ask(who if WHO_RE.sub("", who).strip(" ?？的是") else f"{subject}{who}")
        second = self.ask(other if subject in other else f"{subject}{other}")
        if first.answer is None or second.answer is None:
            return None
        seen = {hit.id for hit in first.citations}
        response = first.model_copy(
            update={
                "question": question,
                "answer": f"{first.answer};{second.answer}",
                "citations": [*first.citations, *(hit for hit in second.citations if hit.id not in seen)],
                "confidence": min(first.confidence, second.confidence),
            }
        )
        if llm:
            from wrsearch.answer.llm import ask_llm

            response = ask_llm(response)
        return response

    def _progress_per_part(self, question: str, llm: bool) -> AskResponse | None:
        """国企改革和化债这两件事进展怎么样: how each subject named went, ``国企改革:…;化债:…``, each
        subject's item cited first. None when the question is not of that shape (a progress
        question naming two or more subjects, and 分别/各自/这两件事 saying each is asked) or a
        subject goes unanswered (then it is answered whole), or the parts are departments."""
        asked = PROGRESS_RE.search(question)
        if asked is None or re.search(r"多少|几[个件项条家所]", question):
            return None
        head = question[: asked.start()].strip(" ,，")
        each = _EACH_SUBJECT_RE.search(head)
        if each is None:
            return None
        parts = [p.strip(" 的") for p in _SUBJECT_JOIN_RE.split(head[: each.start()])]
        if len(parts) < 2 or any(len(p) < 2 for p in parts):
            return None
        plan = self.searcher.plan(question)
        # 双减工作教育局和公安分局分别做了什么: the parts are departments, each answered from its
        # own paragraph by the department path, not as subjects of their own
        if plan.departments or classify(plan) is not Intent.PROGRESS:
            return None
        tail = question[asked.start() :]
        answers = [self.ask(f"{part}{tail}") for part in parts]
        if any(a.answer is None or a.source is None for a in answers):
            return None
        first = {hit.id: hit for a in answers for hit in a.citations if hit.id == a.source}
        rest = {hit.id: hit for a in answers for hit in a.citations if hit.id not in first}
        response = answers[0].model_copy(
            update={
                "question": question,
                "answer": ";".join(f"{part}:{a.answer}" for part, a in zip(parts, answers)),
                "citations": [*first.values(), *rest.values()][: max(CITATIONS, len(first))],
                "confidence": min(a.confidence for a in answers),
            }
        )
        if llm:
            from wrsearch.answer.llm import ask_llm

            response = ask_llm(response)
        return response

    def _list_then_figures(self, question: str, llm: bool) -> AskResponse | None:
        """养老方面有哪些任务,中心和食堂各建了多少: a list, then one figure of each part it names;
        the figures (each part's item cited first), then the list's other lines. None when the
        question is not of that shape or the figures go unanswered (then it is answered whole)."""
        pieces = [p for p in re.split(r"[,，;；]", question.strip(" ?？")) if p.strip()]
        if len(pieces) != 2 or not _LIST_PIECE_RE.search(pieces[0]) or not _PARTS_FIGURES_RE.search(pieces[1]):
            return None
        figures = self.ask(pieces[1])
        if figures.answer is None or figures.intent not in (Intent.COMPARISON.value, Intent.FIGURES.value):
            return None
        listed = self.ask(pieces[0])
        seen = {hit.id for hit in figures.citations}
        extra = [hit for hit in listed.citations if hit.id not in seen] if listed.answer else []
        response = figures.model_copy(
            update={
                "question": question,
                "answer": figures.answer + (f"\n{listed.answer}" if listed.answer else ""),
                "citations": [*figures.citations, *extra],
            }
        )
        if llm:
            from wrsearch.answer.llm import ask_llm

            response = ask_llm(response)
        return response

    def _who_per_part(self, plan: QueryPlan, mask: np.ndarray) -> tuple[Answer, list[Scored]]:
        """托位和岸线整治分别由谁负责: each subject's departments, ``托位:区卫健局;岸线整治:…``, each
        subject's item cited first; null unless every subject is answered."""
        lines, confidences, cited, sources = [], [], [], []
        for part in who_parts(plan.remainder):
            result, ranked = self._answer(replace(self.searcher.plan(part), text=part), Intent.WHO, mask)
            confidences.append(result.confidence)
            if result.text is None or result.item_index is None:
                continue
            chosen = ranked[result.item_index]
            if chosen.index not in {s.index for s in cited}:
                sources.append(len(cited))
                cited.append(chosen)
            lines.append(f"{part}:{result.text}")
        confidence = round(min(confidences, default=0.0), 3)
        if len(lines) < len(confidences):
            return Answer(None, confidence), cited
        return Answer(";".join(lines), confidence, sources[0], None, "departments", sources), cited

    def _status_list(self, plan: QueryPlan, times: list[tuple[str, np.ndarray]]) -> tuple[Answer, list[Scored]]:
        """哪些事项进展滞后: the items of the status asked, one line each with its reason, each
        cited — within the departments and times the question names; without a time, each
        task in its latest report."""
        searcher = self.searcher
        wanted = asked_status(plan.text)
        mask = np.zeros(len(searcher.columns), dtype=bool)
        for _, time_mask in times:
            mask |= time_mask
        if not times:
            mask[:] = True
        positions = [int(n) for n in np.flatnonzero(mask & searcher.columns.numbered)]
        if not times:
            positions = latest_per_task(searcher.items, positions)
        book = searcher.statuses
        listed: list[tuple[int, str, str]] = []  # (position, who, reason)
        for position in positions:
            item = searcher.items[position]
            asked = [d for d in item.departments if d in plan.departments] if plan.departments else [None]
            for name in asked:
                status = book.of(position) if name is None else book.for_department(position, name)
                if status is not None and status.status == wanted:
                    listed.append((position, name or "、".join(item.departments), status.reason))
                    break
        scope = "、".join(sorted(plan.departments)) if plan.departments else ""
        if not listed:
            return Answer(f"没有{scope}进度为“{wanted.value}”的事项。", 1.0, None, None, "progress"), []
        lines = []
        for position, who, reason in listed[:MAX_STATUS_ITEMS]:
            item = searcher.items[position]
            task = item.task[:30] + ("…" if len(item.task) > 30 else "")
            lines.append(f"{item.no}. {task}({who}):{reason}")
        if len(listed) > MAX_STATUS_ITEMS:
            lines.append(
                f"……共 {len(listed)} 项,只列出前 {MAX_STATUS_ITEMS} 项(全部见 wrsearch status --status {wanted.value})"
            )
        shown = listed[:MAX_STATUS_ITEMS]
        cited = [Scored(position, 1.0, -1.0, 0.0) for position, _, _ in shown]
        department = scope or None
        return Answer("\n".join(lines), 1.0, 0, department, "progress", list(range(len(shown)))), cited

    def _answer_per_time(self, plan: QueryPlan, times: list[tuple[str, np.ndarray]]) -> tuple[Answer, list[Scored]]:
        """One answer per period or year the question names: ``一季度:86.4亿元;上半年:178.9亿元``."""
        intent = (
            Intent.TARGET
            if classify(replace(plan, text=re.sub(r"分别|各", "", plan.text))) is Intent.TARGET
            else Intent.FIGURE
        )
        plan = replace(
            plan, remainder=re.sub(r"分别|各自|各是|和|与|及", " ", plan.remainder)
        )  # the asking, not the subject
        parts, confidences, cited, sources = [], [], [], []
        for label, mask in times:
            result, ranked = self._answer(plan, intent, mask)
            if result.text is not None and result.item_index is not None:
                scored = ranked[result.item_index]
                parts.append(f"{label}:{result.text}")
                sources.append(len(cited))
                cited.append(scored)
                confidences.append(result.confidence)
            else:
                confidences.append(result.confidence)
        seen = {s.index for s in cited}
        for _, mask in times:  # then the rest of each time's best items
            for scored in self._answer(plan, intent, mask)[1][:2]:
                if scored.index not in seen:
                    seen.add(scored.index)
                    cited.append(scored)
        if not parts:
            return Answer(None, max(confidences, default=0.0)), cited
        confidence = round(min(confidences), 3)
        if confidence < ANSWER_THRESHOLD:
            return Answer(None, confidence), cited
        return Answer(";".join(parts), confidence, sources[0], None, "progress", sources), cited
