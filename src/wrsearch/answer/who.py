"""Who and progress: the department in charge of a subject, and how far its work has come.

:func:`~wrsearch.answer.words.subject_item` finds the item a question is about;
:func:`who_answer` names its departments, :func:`progress_answer` its progress (the asking
department's part, when the progress names several).
"""

from __future__ import annotations

import re

from wrsearch.answer.clauses import ANSWER_THRESHOLD, MAX_ANSWER_CHARS, Answer, summary
from wrsearch.answer.figures import department_of
from wrsearch.answer.words import TASK_NAMES_SUBJECT, coverage, own_words, subject_item, task_cover
from wrsearch.models import Item

MAX_SEGMENT_CHARS = 80  # a department's part of a progress answer naming several departments


def who_answer(
    items: list[Item], item_scores: list[float], weights: dict[str, float], closeness: list[float], question: str = ""
) -> Answer:
    """哪个部门负责…: the responsible departments of the item about the subject, by role
    (``question``, default none, as for :func:`subject_item`)."""
    if not items:
        return Answer(None, 0.0)
    position, cover = subject_item(items, item_scores, weights, question)
    item = items[position]
    # Staff name the subject in their own words (厕所 for 公厕): closeness in meaning counts half.
    # A short subject (PM2.5) is far in meaning from any long task, yet a task naming every
    # word of it is about it: then the task's cover alone is enough.
    confidence = round(
        float(max(0.5 * cover + 0.5 * closeness[position], TASK_NAMES_SUBJECT * task_cover(weights, item))), 3
    )
    if confidence < ANSWER_THRESHOLD:
        return Answer(None, confidence, position)
    if len(item.roles) > 1:  # 市级牵头单位:X;区级牵头单位:Y
        text = ";".join(f"{role}:{'、'.join(names)}" for role, names in item.roles.items())
    else:
        text = "、".join(item.departments)
    return Answer(text, confidence, position, None, "departments")


def progress_answer(
    items: list[Item],
    item_scores: list[float],
    weights: dict[str, float],
    closeness: list[float],
    departments: set[str] = frozenset(),
    question: str = "",
) -> Answer:
    """…建得怎么样了: the latest progress of the item about the subject, its sentences with
    figures and the subject's words first, cut to ``MAX_ANSWER_CHARS``. With ``departments``
    named (双减工作教育局和公安分局分别做了什么) and their segments in the item, each one's segment,
    ``MAX_SEGMENT_CHARS`` each. ``question`` (default none) as for :func:`subject_item`."""
    if not items:
        return Answer(None, 0.0)
    position, cover = subject_item(items, item_scores, weights, question)
    item = items[position]
    # Staff name the subject in their own words (厕所 for 公厕): closeness in meaning counts half.
    # A task naming every word of the subject is about it, however far a short subject is in
    # meaning from a long task (亿元楼宇 and 发展楼宇经济,新增税收亿元楼宇2栋), as for who answers.
    confidence = round(
        float(max(0.5 * cover + 0.5 * closeness[position], TASK_NAMES_SUBJECT * task_cover(weights, item))), 3
    )
    if confidence < ANSWER_THRESHOLD or not item.progress.strip():
        return Answer(None, confidence, position)
    named = [segment for segment in item.segments if segment.department in departments]
    if not named and len(item.segments) > 1:
        # 东湾村征收到什么程度了: a subject word the task lacks (东湾) names the one department's
        # part that is about it; that part, whole, is the answer.
        named = [segment for segment in item.segments if coverage(own_words(weights, item.task), segment.text) > 0]
        if len(named) == len(item.segments):
            named = []
        # 地铁石港段施工进度如何: 施工 (an act: how the work goes, not what it is) is in the land
        # office's part (保障施工用地), but the transit office's part says more of the subject
        # (地铁…石港段): a part named only by acts the task lacks yields to the part holding more of
        # the subject. (湿地公园二期工程: 工程 names a thing, and its part stays the answer.)
        own = own_words(weights, item.task)
        whole = {id(segment): coverage(weights, segment.text) for segment in item.segments}
        most = max(whole.values(), default=0.0)
        if named and all(names_act(word) for word in own) and all(whole[id(segment)] < most for segment in named):
            named = [segment for segment in item.segments if whole[id(segment)] == most]
        if named:
            share = MAX_ANSWER_CHARS // len(named)
            text = ";".join(f"{s.department}:{summary(s.text, weights, share)}" for s in named)
            return Answer(text, confidence, position, named[0].department if len(named) == 1 else None, "progress")
    if named:
        text = ";".join(f"{segment.department}:{segment.text[:MAX_SEGMENT_CHARS]}" for segment in named)
        return Answer(text, confidence, position, named[0].department if len(named) == 1 else None, "progress")
    if len(item.segments) > 1:
        # Several departments wrote the progress (one designs, one builds): each one's summary,
        # the asked subject's sentences first, so that no department's part is left out.
        share = max(MAX_ANSWER_CHARS // len(item.segments), MAX_SEGMENT_CHARS // 2)
        text = ";".join(f"{segment.department}:{summary(segment.text, weights, share)}" for segment in item.segments)
        return Answer(text, confidence, position, None, "progress")
    text = summary(item.progress, weights, MAX_ANSWER_CHARS)
    return Answer(text, confidence, position, department_of(item, text), "progress")


def names_act(word: str) -> bool:
    """Every piece of ``word`` is tagged a verb (施工 vn, 征收 v): an act, how work is done, not
    a thing (工程, 栈道) nor a place (东湾)."""
    import jieba.posseg

    return all(piece.flag.startswith("v") for piece in jieba.posseg.cut(word))


def who_parts(subject: str) -> list[str]:
    """The subjects of a who-question naming several (托位和岸线整治 → 托位, 岸线整治)."""
    return [p.strip(" ?？的") for p in re.split(r"和|与|及|以及|、|跟|,|，", subject) if len(p.strip(" ?？的")) >= 2]
