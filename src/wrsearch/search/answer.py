"""Extractive question answering over retrieved items: the clause that holds the answer.

The retrieved items' progress texts are cut into clauses (a number keeps its unit and the
words before it). Each clause is scored by how much of the question's vocabulary it and
its item carry (weighted by rarity, so 高龄津贴 counts more than 完成), by whether it holds
what the question expects (多少/几 → a quantity, 是否/完成了吗 → a status, 进展 → recent
steps) and by its item's retrieval score. The best clause, with a neighbour when it is too
short to stand alone, is the answer.

``confidence`` is the share of the question's rare words that the answer's item covers,
times the evidence for the expected kind of answer. Questions about things no report
mentions (高铁站什么时候建成) leave their rarest words uncovered and fall under the
threshold: then ``answer`` is null and the closest items come back only as citations.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from wrsearch.models import Item
from wrsearch.schema import AskResponse
from wrsearch.search.fusion import Mode
from wrsearch.search.highlight import term_pattern
from wrsearch.search.query import QueryKind, QueryPlan
from wrsearch.text import fold, split_sentences
from wrsearch.validate import check_query

if TYPE_CHECKING:
    from wrsearch.search.searcher import Searcher

ANSWER_THRESHOLD = 0.6  # measured: answerable questions ≥ 0.667, unanswerable ≤ 0.578
MAX_ANSWER_CHARS = 120
MAX_LIST_ITEMS = 8
CANDIDATE_ITEMS = 5
CITATIONS = 5
LIST_SCORE_SHARE = 0.5  # a 哪些… answer lists the items scoring at least half the best
# A clause ends at Chinese/ASCII commas, but not at a thousands separator (460,931).
_CLAUSE_SPLIT_RE = re.compile(r"(?<=，)|(?<=,)(?!\d{3})|(?<=：)|(?<=:)(?!\d)")
_QUANTITY_RE = re.compile(r"\d[\d,.]*\s*(?:%|％|[万亿千百]?[^\d\s,，。;；、:：()（）“”]{0,3})")
_STATUS_RE = re.compile(r"未出|暂无|尚未|未完成|已完成|完成|已建成|建成|启动|推进|开工|完工|正在")
_NOT_YET_RE = re.compile(r"(?:相关)?数据(?:尚)?未出|暂无(?:相关)?数据|数据尚未公布")
_PERCENT_RE = re.compile(r"\d\s*[%％]|百分点")
_RATE_QUESTION_RE = re.compile(r"增长|增幅|增速|同比|比例|占比|百分|率")
_STATUS_QUESTION_RE = re.compile(r"是否|完成了吗|有没有|建成了吗|开工了吗|启动了吗|怎么样了|进展")


@dataclass
class Answer:
    """The answer text (None when the reports do not answer), its item and department."""

    text: str | None
    confidence: float
    item_index: int | None = None
    department: str | None = None


def clauses(text: str) -> list[str]:
    """Progress text → clauses, each ending in its own punctuation."""
    result = []
    for sentence in split_sentences(text):
        result.extend(piece for piece in _CLAUSE_SPLIT_RE.split(sentence) if piece.strip())
    return result


# Words that only make a question a question; everything else, even 完成, helps pick the clause.
QUESTION_WORDS = frozenset(
    "哪些 哪个 哪里 哪 什么 是什么 怎么 怎么样 怎样 如何 多少 几 几个 多大 是否 有没有 吗 呢 吧 啊 的 了 是 请问 一下 "
    "情况 有关 相关 关于 百分之 百分 之 比例 多少钱 钱".split()
)


def answer_words(plan: QueryPlan, tokenizer) -> list[str]:
    """The question's words for picking a clause: all but question words and department names."""
    tokens = [t for t in tokenizer.tokens(plan.remainder) if t not in QUESTION_WORDS]
    # "完成了" is "完成" asked about: keep the stem only.
    tokens = [t[:-1] if t.endswith("了") and len(t) > 2 else t for t in tokens]
    return list(dict.fromkeys(tokens))


def idf_weights(words: list[str], document_frequency, n_documents: int) -> dict[str, float]:
    """Rarity of each word; a word in no document weighs most (it is what the reports lack)."""
    return {w: math.log(1 + n_documents / max(document_frequency(w), 0.5)) for w in words}


def coverage(words: dict[str, float], text: str) -> float:
    """Weighted share of ``words`` that occur in ``text``."""
    total = sum(words.values())
    if not total:
        return 0.0
    folded = fold(text).lower()
    return sum(weight for word, weight in words.items() if word in folded) / total


def kind_evidence(kind: QueryKind, clause: str, status_question: bool, rate_question: bool = False) -> float:
    """1.0 when the clause holds the kind of answer asked for, lower when it does not."""
    if kind is QueryKind.FIGURE:
        if _NOT_YET_RE.search(clause):
            return 1.0
        if rate_question:  # 增长了多少 asks for a rate: a percentage beats an amount
            return 1.0 if _PERCENT_RE.search(clause) else 0.6 if _QUANTITY_RE.search(clause) else 0.3
        return 1.0 if _QUANTITY_RE.search(clause) else 0.3
    if status_question:
        return 1.0 if _STATUS_RE.search(clause) else 0.6
    return 1.0


def span_around(parts: list[str], best: int) -> str:
    """The best clause, with the clause before it when it is too short to stand alone."""
    span = parts[best]
    if len(span) < 14 and best > 0:
        span = parts[best - 1] + span
    span = span.strip().rstrip(",，;；:：")
    return span[:MAX_ANSWER_CHARS]


def department_of(item: Item, clause: str) -> str | None:
    """The department whose progress segment holds ``clause`` (multi-department items)."""
    for segment in item.segments:
        if clause.strip()[:20] in segment.text:
            return segment.department
    return item.departments[0] if len(item.departments) == 1 else None


def extract(
    plan: QueryPlan,
    items: list[Item],
    item_scores: list[float],
    weights: dict[str, float],
) -> Answer:
    """Best answer among ``items`` (retrieved, best first) for a factual question."""
    status_question = bool(_STATUS_QUESTION_RE.search(plan.text))
    rate_question = bool(_RATE_QUESTION_RE.search(plan.text))
    best: tuple[float, float, int, str] | None = None
    top_score = max(item_scores, default=0.0) or 1.0
    for position, (item, item_score) in enumerate(zip(items, item_scores)):
        context = f"{item.task} {' '.join(item.departments)}"
        item_cover = coverage(weights, f"{context} {item.progress}")
        parts = clauses(item.progress)
        for index, clause in enumerate(parts):
            # A clause often names its subject one clause earlier: "建成…平台,汇聚数据3.27亿条".
            local = (parts[index - 1] if index else "") + clause
            local_cover = 0.7 * coverage(weights, clause) + 0.3 * coverage(weights, local)
            context_cover = coverage(weights, local + context)
            evidence = kind_evidence(plan.kind, clause, status_question, rate_question)
            score = evidence * (0.55 * local_cover + 0.25 * context_cover + 0.2 * item_score / top_score)
            confidence = (0.5 * item_cover + 0.5 * context_cover) * evidence
            if best is None or score > best[0]:
                best = (score, confidence, position, span_around(parts, index))
    if best is None:
        return Answer(None, 0.0)
    _, confidence, position, span = best
    confidence = round(float(np.clip(confidence, 0.0, 1.0)), 3)
    if confidence < ANSWER_THRESHOLD:
        return Answer(None, confidence, position)
    return Answer(span, confidence, position, department_of(items[position], span))


def list_lines(items: list[Item]) -> str:
    """One line an item: number, the start of its task, its departments."""
    return "\n".join(
        f"{item.no}. {item.task[:40]}{'…' if len(item.task) > 40 else ''}({'、'.join(item.departments)})"
        for item in items[:MAX_LIST_ITEMS]
    )


def list_answer(items: list[Item], item_scores: list[float], weights: dict[str, float]) -> Answer:
    """A 哪些… question: the matching items, one line each."""
    if not items:
        return Answer(None, 0.0)
    covers = [coverage(weights, f"{i.task} {i.progress} {' '.join(i.departments)}") for i in items]
    confidence = round(float(max(covers)), 3)
    if confidence < ANSWER_THRESHOLD:
        return Answer(None, confidence, 0)
    return Answer(list_lines(items), confidence, 0)


class Answerer:
    """Answers questions with what a :class:`~wrsearch.search.searcher.Searcher` retrieves."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher

    def ask(self, question: str, llm: bool = False) -> AskResponse:
        """Answer a question from the reports, with citations (default: extractive).

        With ``llm`` and ``$WRSEARCH_LLM_URL`` set, a chat model writes the answer from the
        top items; any failure of it falls back to the extractive answer."""
        searcher = self.searcher
        question = check_query(question)
        plan = searcher.plan(question)
        n_items = len(searcher.items)
        mask = np.ones(n_items, dtype=bool)
        ranked = searcher.rank(plan, mask, Mode.HYBRID, limit=max(CITATIONS, MAX_LIST_ITEMS))
        if not ranked:  # nothing matched: still show the closest items
            ranked = searcher.closest(plan.remainder, CITATIONS)
        cited = ranked[: max(CITATIONS, MAX_LIST_ITEMS)]
        items = [searcher.items[s.index] for s in cited]
        scores = [s.score for s in cited]
        weights = idf_weights(answer_words(plan, searcher.tokenizer), searcher.document_frequency, n_items)
        if plan.department_only and plan.departments:
            result = Answer(list_lines(items), 1.0, 0)
        elif plan.kind is QueryKind.LIST:
            strong = [i for i, s in zip(items, scores) if s >= LIST_SCORE_SHARE * scores[0]]
            retrieval_words = idf_weights(plan.words, searcher.document_frequency, n_items)
            result = list_answer(strong, scores, retrieval_words)
        else:
            result = extract(plan, items[:CANDIDATE_ITEMS], scores[:CANDIDATE_ITEMS], weights)
        order = list(range(len(cited)))
        if result.item_index is not None:  # the answer's item is cited first
            order.remove(result.item_index)
            order.insert(0, result.item_index)
        limit = MAX_LIST_ITEMS if plan.kind is QueryKind.LIST or plan.department_only else CITATIONS
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
            source=citations[0].id if result.text and citations else None,
            department=result.department,
            mode="extractive",
        )
        if llm:
            from wrsearch.search.llm import ask_llm

            response = ask_llm(response)
        return response
