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
from collections import Counter
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from wrsearch.answer.conflict import NOT_PLACE_RE, RATE_NAMED_RE, conflict, item_text
from wrsearch.answer.intent import (
    ATTRIBUTE_RE,
    CHANGE_ASK_RE,
    CHANGE_VERBS,
    DONE_RE,
    PARTS_END_RE,
    PROGRESS_RE,
    WHO_FILLER,
    WHO_RE,
    Intent,
    classify,
    comparison_parts,
    plan_done_parts,
    without_count_theme,
    year_only_plan_cue,
)
from wrsearch.answer.status import NO_DATA_RE, asked_status, latest_per_task
from wrsearch.ingest.departments import forms as department_forms
from wrsearch.models import Item
from wrsearch.schema import AskResponse
from wrsearch.search.fusion import Mode, Scored, normalise_dense
from wrsearch.search.highlight import term_pattern
from wrsearch.search.query import QueryKind, QueryPlan, expand, synonyms
from wrsearch.text import fold, split_sentences
from wrsearch.validate import check_query

if TYPE_CHECKING:
    from wrsearch.search.searcher import Searcher

ANSWER_THRESHOLD = 0.6  # leave-one-report-out CV over 912 dev questions, 7 reports: every fold picks 0.6
MAX_ANSWER_CHARS = 120
ACT_ELSEWHERE_FACTOR = 0.8  # a status clause without the act asked, when another clause has it
MAX_SEGMENT_CHARS = 80  # a department's part of a progress answer naming several departments
NOT_DONE_FACTOR = 0.8  # a done question answered by a clause that names nothing done
ABSENT_COUNTED_FACTOR = 0.8  # the thing a figure question counts is in no report: much less sure
UNIT_MISMATCH_FACTOR = 0.5  # 花了多少钱 answered by 已完工6个: an amount, but not of what was asked
PERCENT_FOR_COUNT_FACTOR = 0.6  # 常住人口有多少 answered by 签约覆盖率42.6%: a rate, not the count asked
WHEN_WITHOUT_DATE_FACTOR = 0.5  # a when-question (几月) read as a figure question, answered with no date
PAIRED_DONE_THRESHOLD = 0.45  # the result beside a plan found on the same item (plan_done_answer)
LEFT_FOR_DONE_FACTOR = 0.5  # a done question answered by a figure of what is left (剩余4公里)
OTHER_RATE_FACTOR = 0.8  # a result beside a plan naming another rate (签约率) than the plan's (覆盖率)
ABSENT_ACT_FACTOR = 0.3  # 改好, 提到, 新修: how staff say the act, in no report: weighs little
MAX_LIST_ITEMS = 8
MAX_SECTION_ITEMS = 20  # 民生保障方面有哪些任务 lists its section's items, all of them
MAX_LIST_CLAUSE_CHARS = 40  # the clause naming a listed item's subject, when its task does not
MAX_DEPARTMENT_ITEMS = 40  # 区X局负责哪些事项 lists all of them: a department with 10 items is not cut at 8
CANDIDATE_ITEMS = 5
CITATIONS = 5
# The list parameters below were chosen by leave-one-set-out over the list rows of the 18 read ask dev
# sets (docs/ask-round12l.md): 17 of 18 folds chose these values.
LIST_CLOSENESS_BAND = 0.15  # a list found by meaning lists the items this close to the nearest
LIST_COVER_SHARE = 0.5  # a listed item holds at least this share of the best item's subject cover
SUBJECT_SEARCH_DEPTH = 2  # a subject a list names alone: its item among its own first this many
# 空气和环保督察整改, 安全生产、燃气、防汛: a list naming several subjects.
_ENUMERATED_RE = re.compile(r"[\u4e00-\u9fff](?:、|和|与|及|以及|比如|例如)[\u4e00-\u9fff]")
# A comparison part's clause read with the start of its sentence counts this share of its cover.
LEAD_COVER_SHARE = 0.75
LIST_SCORE_SHARE = 0.4  # a 哪些… answer lists the items scoring at least this share of the best
# Answers rank with a synonym-list match counting in full (search counts it half, fusion.SYNONYM_COVER):
# a question is asked in everyday words (哪些事项涉及水处理: 42 holds 供水 and 水质, not 水处理), and
# LIST_SCORE_SHARE and the extractors were chosen on that scale.
ANSWER_SYNONYM_COVER = 1.0
MAX_STATUS_ITEMS = 20  # a 哪些事项滞后 answer lists up to this many items, each cited
# A clause ends at Chinese/ASCII commas, but not at a thousands separator (460,931).
_CLAUSE_SPLIT_RE = re.compile(r"(?<=，)|(?<=,)(?!\d{3})|(?<=：)|(?<=:)(?!\d)")
# A code (5G, B3地块, A1) is no amount: no Latin letter right before or after the number.
_QUANTITY_RE = re.compile(
    r"(?<![A-Za-z\d.])\d[\d,.]*(?![\d.,]*[A-Za-z])\s*(?:%|％|[万亿千百]?[^\d\s,，。;；、:：()（）“”]{0,3})"
)
_DATE_RE = re.compile(
    r"\d{4}\s*年(?:\d{1,2}\s*月)?(?:\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*月(?:底|末|份)?"
)
_STATUS_RE = re.compile(
    r"未出|暂无|尚未|未完成|已完成|完成|已建成|建成|启动|推进|开工|完工|正在"
    # 投用了吗, 上线了吗, 通车了吗: the event that ends a project is a status too
    r"|投入使用|投入运营|投入运行|上线|开馆|开通|通车|交付|印发|出台|审议|批复|挂牌"
    # 封顶了没有, 投产了吗: a building's or plant's milestones (竣工验收 is not: 投用了吗 is
    # answered by 开馆投入使用, not by the 竣工验收 before it)
    r"|封顶|投产|试生产|试运行|开业|开园|落地|签约|通水|通气|并网|运营"
    r"|待[^,，。;；]{0,12}(?:公布|核定|发布|确认)|征求意见|评审|整改|滞后|公布|揭晓"  # 降了没有 → 待…核定后公布: not yet known
    # 批下来没有 → 方案已报省厅审核: sent up for approval, not yet approved
    r"|已(?:上)?报[^,，。;；]{0,12}?(?:审核|审批|审查|批复|备案|审定)|报批|报审|送审"
    # 完成了没有 → 数据需年底核算, 暂未报送: the figure is not out (status.py's one table of it)
    rf"|{NO_DATA_RE.pattern}"
)
_NOT_YET_RE = re.compile(r"(?:相关)?数据(?:尚)?未出|暂无(?:相关)?数据|数据尚未公布")
# (几点开门, 开放时间: an hour of day, which no progress report gives, is a time asked too)
_WHEN_QUESTION_RE = re.compile(
    r"什么时候|啥时候?|何时|哪天|哪一天|几月|几号|哪个月|什么时间|多会儿|几点|几时|(?:开放|营业|办公|开门)时间"
)
# 为啥进度慢, 外贸为什么没完成: the cause asked; a clause giving one (因…, 受…影响, 主要是…) answers it.
_REASON_QUESTION_RE = re.compile(r"为啥|为什么|为何|什么原因|啥原因|原因是|怎么回事|咋回事|咋这么|怎么这么")
_REASON_RE = re.compile(r"因|由于|受[^,，。;；]{1,16}影响|原因|主要是|导致|致使")
# A time a clause gives without a month number: 预计年底前, 年内, 下半年.
_WHEN_RE = re.compile(
    r"年底|年内|年初|年中|月底|月初|月中|季度末|上半年|下半年|近期|春节前|国庆前"
    r"|(?:明年|次年|下年|今年|年)?(?:第?[一二三四]季度|[一二三四]季度末)|明年|次年|(?:下|本)月|月内|节前|汛前|年前"  # 将于明年一季度交付
)
_PERCENT_RE = re.compile(r"\d\s*[%％]|百分点")
# 提升了多少, 减少了几: a change, which a rate answers as well as an amount.
_CHANGE_ASK_RE = CHANGE_ASK_RE
_SHARE_RE = re.compile(r"占[^多少几]{0,8}(?:多少|几|$)|完成了?(?:全年|年度)")
_RATE_QUESTION_RE = re.compile(
    r"增长|涨了?多少|涨幅|增幅|降幅|(?:下|降低|减|上升)?降了?多少|下降了?多少|增速|同比|比例|占比|百分|率|(?:全年|年度|目标|任务|计划)的多少|几成|占[^多少几]{0,8}(?:多少|几)|占[^多少几]{0,8}$"
)
_STATUS_QUESTION_RE = re.compile(
    r"是否|是不是|能不能|会不会|算不算|完成了吗|有没有|建成了吗|开工了吗|启动了吗|怎么样了|进展"
    r"|了吗|了没有?|没有[?？]?$|有结果|出来了?没|能[\u4e00-\u9fff]{1,3}吗"  # 方案出来没有, 有结果了吗, 能达标吗
)


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


_ASK_TOKEN_RE = re.compile(r"^(?:几|多少|分别|各)")
# A question word a token may hold after a verb: 修几条, 改多长.
_GLUED_ASK = r"几|多少|多[长大宽高远久重深]"


# A rank (排名前2, 第3) or a date is a number but not an amount.
_RANK_RE = re.compile(r"(?:排名|排|位列|居)?(?:前|第)\s*\d+\s*(?:名|位)?")
# 3号线, 1号楼, 5号地块: a number naming a thing (an ordinal), no amount of it.
_ORDINAL_RE = re.compile(r"\d+\s*号")


def quantities(clause: str) -> list[str]:
    """The amounts in a clause, each a number with its unit; dates (2021年, 3月31日), ranks
    (排名前2) and ordinal names (3号线) do not count."""
    return _QUANTITY_RE.findall(_ORDINAL_RE.sub(" ", _RANK_RE.sub(" ", _DATE_RE.sub(" ", clause))))


def only_percentages(clause: str) -> bool:
    """Every amount of the clause is a percentage (签约覆盖率42.6%)."""
    found = quantities(clause)
    return bool(found) and all(_PERCENT_RE.search(q) for q in found)


def has_quantity(clause: str) -> bool:
    """A number with its unit, dates (2021年, 3月31日) and ranks (排名前2) not counting."""
    return bool(quantities(clause))


# The unit a question asks its figure in (多少钱 → 元, 户数 → 户): a clause whose amounts are in
# another unit (压减15% for 压减了多少钱) does not answer it. 几个/多少个 fits any count.
_MEASURES = "吨路张床座所处条家项栋层例份台辆场次批件户人名亩期篇套根剂把起天届周支辆间"
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
        (r"人数|多少人|几人|多少名|几名|多少人次", "人|名"),
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
    return any(unit.search(re.sub(r"^[\d,.\s]+", "", q)) for q in quantities(clause))


def counted_word(question: str, words: list[str]) -> str | None:
    """The thing a 多少/几 question counts: of the answer ``words``, the last one (two characters
    or more, not a verb of doing or planning) before the question word (学位 in
    普惠性幼儿园学位新增了多少个)."""
    asked = re.search(r"多少|几", question)
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
    """The thing a question counts right after its question word (新建了多少个充电桩 → 充电桩), if
    one of the answer ``words``; else None."""
    after = re.search(r"(?:多少|几)[个家所座条处项名位台辆]([\u4e00-\u9fff]{2,6})", fold(question).lower())
    if not after:
        return None
    tail = [w for w in words if len(w) >= 2 and after.group(1).startswith(w)]
    return max(tail, key=len) if tail else None


def warm_up() -> None:
    """Load what the first question of a process would otherwise wait for (~1 s): jieba's default
    dictionary and its part-of-speech tagger, which :func:`dictionary_word`, :func:`is_noun`,
    :func:`is_act`, :func:`~wrsearch.answer.conflict.places` and
    :func:`~wrsearch.search.searcher.is_place_name` load lazily. Safe to call from any thread."""
    from wrsearch.answer.conflict import places
    from wrsearch.search.searcher import is_place_name

    dictionary_word("老旧小区")
    is_noun("游客")
    is_act("改好")
    places("青山区老旧小区改造了多少个")
    is_place_name("金桥区")


def is_noun(word: str) -> bool:
    """Whether jieba tags the word's last piece a noun (游客, 学位; not 建好, 新修)."""
    import jieba.posseg

    pieces = list(jieba.posseg.cut(word))
    return bool(pieces) and pieces[-1].flag.startswith("n")


def names_thing(word: str) -> bool:
    """Whether ``word`` names a thing one counts: a noun (游客, 学位), or a word ending in a
    measure word, which jieba cuts off a noun it does not know (充电 + 桩); not an act (建好)."""
    import jieba.posseg

    pieces = list(jieba.posseg.cut(word))
    return is_noun(word) or (len(pieces) > 1 and pieces[-1].flag == "q")


# Words that only make a question a question; everything else, even 完成, helps pick the clause.
QUESTION_WORDS = frozenset(
    "哪些 哪个 哪里 哪 什么 是什么 怎么 怎么样 怎样 如何 多少 几 几个 多大 是否 有没有 吗 呢 吧 啊 的 了 是 请问 一下 "
    "情况 有关 相关 关于 百分之 百分 之 比例 多少钱 钱 多长 多宽 多高 多远 多久 多重 和 与 及 跟 vs 分别 各自 时候 何时 时间 哪天 几月 几号".split()
)


# Time is answered by choosing the reports (Searcher.time_masks), not by words in the text;
# the district's own name is in no item's text.
_TIME_WORDS_RE = re.compile(
    r"(?:19|20)\d{2}\s*年度?|前三季度|第?[一二三四]季度|上半年|下半年|半年|全年|年终|年底|今年|去年|本年|上年|前年"
    r"|1\s*[-—–~至到]\s*\d{1,2}\s*月份?|[区市县省]?《?[区市县省]?政府工作报告》?"
)
# (社区, 园区, 扩区, 示范区: a kind of area or what is done to one is a subject, not a place's name)
_PLACE_RE = re.compile(r"^[\u4e00-\u9fff]{1,4}[区县]$")
_AREA_KINDS = frozenset({"社区", "街区", "园区", "片区", "景区", "城区", "小区", "校区", "厂区", "新区"})
_THE_DISTRICT_RE = re.compile(r"^[全本我该此][区县]$")  # the district itself, said as a whole


def is_place_name(word: str) -> bool:
    """Whether ``word`` looks like a district's or county's name (凤台区) or stands for the district
    (全区, 本区), not a kind of area (社区, 园区)."""
    if word in _AREA_KINDS:  # 社区医院, 社区书院: the kind of area, no community's name
        return False
    return bool(_PLACE_RE.match(word)) and (bool(_THE_DISTRICT_RE.match(word)) or not NOT_PLACE_RE.search(word))


# Spoken filler around the subject: it says how the question is asked, never what it is about,
# and being in no report it would otherwise weigh most (那批老旧小区, 一共罚了, 已经接进来).
_FILLER_RE = re.compile(
    r"[那这哪]批|[那这]几[个栋条项家座所处]?|[那这]些|[那这]个(?:指标|项目|事)?|一共|总共|共计|总计|合计|已经|到底|究竟|实际上?|大概|大约|差不多"
    r"|目前|现在|到现在|为止|截至|眼下|进来|出来|下来|起来|过来|上来|到了|了没有?|没有|有着落|有眉目|有下文"
    r"|最后(?!一)|最终|到头来|原(?=计划|定)"  # 最后完成了多少, 断头路原计划…: when, not what
    r"|[比较](?:原来|以前|过去|原先|之前)"  # 比原来提高了多少: the change's baseline (as 比去年), not what changed
    r"|这一?年来?|一年来|(?:这)?一年(?:下来|到头)|这半年|半年来|这段时间|这阵子"  # 普法这一年都做了些什么: the report's time
    r"|[这那]一?块|[这那]方面|[这那]边"
    r"|[那这]一?[条项件](?=的|[\s,，]|$)"  # GDP增长那条的责任单位: points at an item, names nothing
    r"|[那这]一?项"  # 亿元楼宇那项完成了吗: 项 is never part of a subject after 那/这
    r"|(?<![\d])[一二两三四五六七八九十]+[个所项家座条处名位只栋批]"  # 两所新学校: a count, not the subject
    # a modal 要 (要征收, 签约额要达到), not 要 of 主要/需要/要求
    r"|(?<![主重需只必不])要(?![求素点害闻件])|打算|准备"
    r"|^[帮替给](?=[\u4e00-\u9fff]{2})"
    r"|^区(?![级属内域委直])(?=[\u4e00-\u9fff]{3})"  # 区中医院: the district is every item's  # 帮农民工追回…: for whom, said before the subject
)


def answer_words(plan: QueryPlan, tokenizer, drop: frozenset[str] = frozenset()) -> list[str]:
    """The question's words for picking a clause: all but question words, ``drop``, time words,
    spoken filler, place names and department names."""
    text = _FILLER_RE.sub(" ", _TIME_WORDS_RE.sub(" ", plan.remainder))
    cut = getattr(tokenizer, "question_tokens", tokenizer.tokens)
    tokens = [t for t in cut(text) if t not in QUESTION_WORDS and t not in drop and not is_place_name(t)]
    # "完成了", "建了" are "完成", "建" asked about: keep the stem only.
    tokens = [t[:-1] if t.endswith("了") and len(t) >= 2 else t for t in tokens]
    tokens = [t for t in tokens if not _ASK_TOKEN_RE.match(t)]  # 几条, 多少钱: the question, not the subject
    # 修几条 (the tokenizer glued the verb to the question word): the verb only, if a word.
    tokens = [re.split(_GLUED_ASK, t)[0] if re.search(_GLUED_ASK, t) else t for t in tokens]
    tokens = [t for t in tokens if t]
    # 多少条路: the tokenizer glued the measure to the thing counted (条路): the thing only.
    # (家餐 + 饮 of 多少家餐饮: the single character left joins the next one, 餐饮.)
    unglued: list[str] = []
    for t in tokens:
        if unglued and unglued[-1].startswith("\0"):
            rest = unglued.pop()[1:]
            unglued.append(rest + t if len(t) == 1 else rest)
            if len(t) == 1:
                continue
        if len(t) >= 2 and t[0] in _MEASURES and re.search(rf"(?:多少|几){t}", text):
            unglued.append("\0" + t[1:] if len(t) == 2 else t[1:])
        else:
            unglued.append(t)
    tokens = [t.lstrip("\0") for t in unglued]
    return list(dict.fromkeys(joined_phrases(tokens, text)))


def joined_phrases(tokens: list[str], text: str) -> list[str]:
    """``tokens`` of ``text`` with an everyday phrase the synonym list knows (网上办事, 花出去) as
    one word, whatever the tokenizer cut."""
    folded = fold(text).lower()
    for lefts, _ in synonyms():
        for left in lefts:
            phrase = fold(left).lower()
            pieces = [t for t in tokens if t in phrase]
            if len(phrase) >= 3 and phrase in folded and len(pieces) >= 2:
                tokens = [phrase if t == pieces[0] else t for t in tokens if t == pieces[0] or t not in pieces]
            elif len(phrase) >= 3 and phrase in folded:
                tokens = _rejoin_glued(tokens, phrase, folded)
    return tokens


def _rejoin_glued(tokens: list[str], phrase: str, folded: str) -> list[str]:
    """``tokens`` with two neighbours that hold ``phrase`` and a glued character past it
    (招商 + 引资有 → 招商引资 + 有; 老 + 旧小区改 → …) cut as the phrase and the rest."""
    for index, (first, second) in enumerate(zip(tokens, tokens[1:])):
        pair = first + second
        if pair not in folded or phrase not in pair or first in phrase and second in phrase:
            continue
        start = pair.index(phrase)
        if start >= len(first) or start + len(phrase) <= len(first):
            continue  # the phrase lies inside one token: nothing was glued across
        before, after = pair[:start], pair[start + len(phrase) :]
        return [
            *tokens[:index],
            *([before] if before else []),
            phrase,
            *([after] if after else []),
            *tokens[index + 2 :],
        ]
    return tokens


def rejoined(words: list[str], text: str, document_frequency) -> list[str]:
    """``words`` with a single character the tokenizer cut off a dictionary noun that no report
    holds joined back to it (中 + 医院, 中医 + 院 → 中医院): the character tells it apart."""
    folded = fold(text).lower()
    joined: list[str] = []
    skip = False
    for index, word in enumerate(words):
        if skip:
            skip = False
            continue
        following = words[index + 1] if index + 1 < len(words) else ""
        whole = word + following
        if (
            following
            and min(len(word), len(following)) == 1
            and not re.fullmatch(_AFFIXES, following)
            and whole in folded
            and dictionary_word(whole)
            and is_noun(whole)
            and document_frequency(whole) == 0
        ):
            joined.append(whole)
            skip = True
        else:
            joined.append(word)
    return joined


def recut(words: list[str], text: str, document_frequency) -> list[str]:
    """``words`` with a two-character word no report holds whose last character belongs to the
    word after it cut again there when both pieces are report words: 老管 + 道 → 老 + 管道
    (燃气老管道), the tokenizer having glued the wrong pair; likewise one whose first character
    belongs to the word before it (桃花 + 谷创 → 桃花谷 + 创)."""
    folded = fold(text).lower()
    out = list(words)
    for index in range(len(out) - 1):
        word, following = out[index], out[index + 1]
        if (
            len(word) == 2
            and document_frequency(word) == 0
            and word + following in folded
            and document_frequency(word[1] + following) > 0
        ):
            out[index], out[index + 1] = word[0], word[1] + following
    for index in range(1, len(out)):
        # 桃花 + 谷创 → 桃花谷 + 创 (桃花谷创4A): the first character belongs to the word before it
        # (only a pair the tokenizer's dictionary does not know: 中标 of 项目中标 is a word).
        previous, word = out[index - 1], out[index]
        if (
            len(word) == 2
            and previous
            and not known_to_tokenizer(word)
            and document_frequency(word) == 0
            and previous + word in folded
            and document_frequency(previous + word[0]) > 0
            and document_frequency(word[1]) > 0
        ):
            out[index - 1], out[index] = previous + word[0], word[1]
    return [w for w in out if w]


# Suffixes that make a word of a word without changing what it names (网格化, 规范性, 装配式).
def contracted(words: list[str], text: str, corpus_count) -> list[str]:
    """``words`` with two two-character words that make a long form no report holds (招商 + 引资)
    replaced by its contraction of their first characters when reports hold that (招引): the
    report writes the short form of what the question says in full."""
    folded = fold(text).lower()
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        short = word[:1] + following[:1]
        if (
            len(word) == 2
            and len(following) == 2
            and _CJK_RE.fullmatch(word + following)
            and word + following in folded
            and corpus_count(word + following) == 0
            and min(corpus_count(word), corpus_count(following)) == 0  # (新增 + 就业: both report words)
            and corpus_count(short) > 0
        ):
            out.append(short)
            index += 2
            continue
        out.append(word)
        index += 1
    return out


_AFFIXES = r"[化性式型类级]"


def known_pieces(word: str, document_frequency) -> list[str]:
    """A word no report holds, cut into the longest pieces (two characters or more) that reports
    do hold, when they cover it all but one character: 普惠托位 → 普惠, 托位 (the reports write
    普惠性托位). Otherwise the word itself."""
    if len(word) < 3 or document_frequency(word) > 0:
        return [word]
    pieces, start, covered = [], 0, 0
    while start < len(word):
        for end in range(len(word), start + 1, -1):
            if document_frequency(word[start:end]) > 0:
                pieces.append(word[start:end])
                covered += end - start
                start = end
                break
        else:
            start += 1
    if len(pieces) == 1 and covered < len(word):
        # One piece is not the word when what it drops tells the word apart: a modifier before
        # it (中医院 → 医院, 运管服 → 管服) or the rest of a noun of its own (中医院 → 中医). Only
        # how staff say the act (打电诈 → 电诈) or a suffix (网格化 → 网格) may go.
        dropped = word.replace(pieces[0], "", 1)
        modifier = word.endswith(pieces[0]) and not is_act(dropped)
        if not re.fullmatch(_AFFIXES, dropped) and (modifier or (dictionary_word(word) and is_noun(word))):
            return [word]
    return pieces if pieces and covered >= len(word) - 1 else [word]


def subject_pieces(word: str, document_frequency) -> list[str]:
    """:func:`known_pieces`, except that a staff phrase the synonym list names whole (财政收入, whose
    report words are 一般公共预算收入) stays whole when its pieces (财政, 收入) would lose its forms."""
    pieces = known_pieces(word, document_frequency)
    named_whole = len(word) >= 3 and any(
        fold(word).lower() == fold(left).lower() for lefts, _ in synonyms() for left in lefts
    )
    # (打电诈 → 电诈 is cut: the piece is a staff word of its own, with the same forms)
    if named_whole and len(pieces) > 1 and not any(expand(piece) for piece in pieces):
        return [word]
    return pieces


class TermWeights(dict):
    """``{word: weight}`` with the other ``forms`` that count as the word in a text (the report
    words of an everyday word: GDP → 地区生产总值)."""

    def __init__(
        self,
        weights: dict[str, float],
        forms: dict[str, tuple[str, ...]] | None = None,
        absent: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(weights)
        self.forms = forms or {}
        self.absent = absent  # words no indexed item holds in any form


def known_to_tokenizer(word: str) -> bool:
    """Whether the tokenizer's dictionary holds ``word`` (any length): a pair it does not know
    was glued by its guesswork (谷创 of 桃花谷创4A)."""
    import jieba

    jieba.dt.check_initialized()
    return bool(jieba.dt.FREQ.get(word))


def dictionary_word(word: str) -> bool:
    """Whether the tokenizer's dictionary holds ``word`` as one word (中医院; not 打电诈)."""
    import jieba

    jieba.dt.check_initialized()
    return len(word) >= 3 and bool(jieba.dt.FREQ.get(word))


def word_forms(word: str) -> tuple[str, ...]:
    """The word, the report words for it, and an everyday word inside it (电诈 of 打电诈)."""
    # (not in a dictionary word of its own: 中医院 is no 医院)
    inner = (
        []
        if dictionary_word(word)
        else [left for lefts, _ in synonyms() for left in lefts if len(left) >= 2 and left != word and left in word]
    )
    left_over = _REMAINING_FORMS if _REMAINING_WORD_RE.fullmatch(word) else ()  # 剩下 → 其余, 尚余…
    own_word = dictionary_word(word) and not any(word in lefts for lefts, _ in synonyms())
    return tuple(dict.fromkeys((word, *([] if own_word else expand(word)), *inner, *left_over)))


def is_act(word: str) -> bool:
    """A verb with what follows it, no noun (改好, 提到, 新修): how a question says the act, which
    reports say in their own words (完成改造, 提高至, 新建)."""
    import jieba.posseg

    flags = [piece.flag for piece in jieba.posseg.cut(word)]
    # 旅游 (vn) names a thing as much as an act: not an act here.
    return any(flag in ("v", "vd", "vg") for flag in flags) and not any(
        flag[0] == "n" or flag == "vn" for flag in flags
    )


_CJK_RE = re.compile(r"[\u4e00-\u9fff]+")


def abbreviation_forms(word: str, texts: list[str]) -> tuple[str, ...]:
    """The long form of an abbreviation no report holds (保租房 → 保障性租赁住房): the most common
    span of ``texts`` with the word's characters in order, up to 3 others between each, starting
    with its first and ending with its last. Only for words of 3–4 characters (shorter ones match
    by chance); empty when none."""
    if not (3 <= len(word) <= 4 and _CJK_RE.fullmatch(word)):
        return ()
    pattern = re.compile("[\u4e00-\u9fff]{0,3}?".join(map(re.escape, word)))
    spans = Counter(m.group() for text in texts for m in pattern.finditer(text) if len(m.group()) > len(word))
    return (spans.most_common(1)[0][0],) if spans else ()


def idf_weights(
    words: list[str],
    document_frequency,
    n_documents: int,
    extra_forms: dict[str, tuple[str, ...]] | None = None,
) -> TermWeights:
    """Rarity of each word; a word in no document weighs most (it is what the reports lack) —
    unless it is an act said in everyday words (:func:`is_act`): then ``ABSENT_ACT_FACTOR``.
    A word's synonyms (and its ``extra_forms``, default none) count as the word, and its rarity
    is that of its most common form."""
    extra_forms = extra_forms or {}
    forms = {w: tuple(dict.fromkeys((*word_forms(w), *extra_forms.get(w, ())))) for w in words}
    absent = {w for w in words if max(document_frequency(f) for f in forms[w]) == 0}
    return TermWeights(
        # A single character (修, 建) says little of what the question is about: half weight.
        {
            w: math.log(1 + n_documents / max(max(document_frequency(f) for f in forms[w]), 0.5))
            * (0.5 if len(w) == 1 else 1.0)
            # a single-character verb (来 of 来了多少游客) is how the act is said even when some
            # report holds it: it weighs like an absent act.
            * (ABSENT_ACT_FACTOR if (w in absent or len(w) == 1) and is_act(w) else 1.0)
            for w in words
        },
        {w: tuple(fold(f).lower() for f in fs) for w, fs in forms.items() if len(fs) > 1},
        frozenset(absent),
    )


def coverage(words: dict[str, float], text: str) -> float:
    """Weighted share of ``words`` that occur in ``text``."""
    total = sum(words.values())
    if not total:
        return 0.0
    folded = fold(text).lower()
    forms = getattr(words, "forms", {})
    return sum(weight for word, weight in words.items() if any(f in folded for f in forms.get(word, (word,)))) / total


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
# How a question says what is left (剩, 剩下), and how reports say it.
_REMAINING_WORD_RE = re.compile(r"还?(?:剩下?|剩余|余下|差)")
_REMAINING_FORMS = ("剩", "余下", "尚余", "尚差", "差距", "缺口", "未完成", "尚未", "其余")
# 剩余4公里, 其余3个: a figure of what is left, not of what was done.
_LEFT_FIGURE_RE = re.compile(r"(?:剩余|剩下|其余|尚余|尚有|尚差|还差|还剩)[^\d,，;；。]{0,6}\d")
# 预计 is no plan word here: in a progress text 预计完成370亿元 is the estimated result.
# 需征收土地486亩, 共涉及1230户: what the work needs or covers, the whole, not what was done.
_TARGET_WORD_RE = re.compile(r"目标|计划|任务数|任务|调整至|要求|力争|确保|拟|需要?|涉及")
_DONE_WORD_RE = re.compile(
    r"完成|已|实际|建成|开工|完工|竣工|发放|累计|办结|(?<!需)共(?!涉及)|实现|签约|引进|新增|处罚|罚款|接入|整合|办理|筹集"
    r"|开展|检查|查处|接待|受理"  # 接待游客683万人次, 受理工单8.6万件: what was served, a result
    r"|(?<![要需拟将])新建"  # 新建社区卫生服务站4个 in a progress text is built (要新建 is the plan)
)
# Words that say what shape of answer is wanted, not what it is about.
INTENT_WORDS = frozenset(
    "部门 单位 负责 谁 牵头 管 归 由 是谁 哪个 哪家 哪几个 怎么样 怎样 进展 如何 现在 目前 搞 弄 做 干 到 哪一步 一步 "
    "建得 搞得 弄得 做得 干得 推进得 得 今年 要 计划 目标 定 一共 分别 各 年初 报告 里 那边 那 这 区里 "
    "做到 弄到 搞到 到哪 哪 咋样 咋 怎么 现在 情况 长度 面积 数 数量 总数 户数 金额 人数 件数 个数 "
    "达到 达 要求 预期 任务 任务数 任务量 年度 全年 形势 程度 地步 阶段 块 方面 工作 事情 事儿 举措 措施 建到 推进到 进行到 干到 进展到 "
    "进度 动作 动静 举动 有结果 结果 "
    # 控制线和实际数, 目标对照实际完成额, 原本要降多少: which figure, not what it is of
    "对照 原本 原定 控制线 上限 额 完成额 实际数 实际值 场次 次数 "
    # 上半年实绩, 最后完成多少, 目标和已完成数比较, 增速定的多少: which figure, said otherwise
    "实绩 业绩 比较 相比 最后 最终 定的 初定 "
    # 今年的装机指标: the plan's figure asked, not what it is of
    "指标".split()
)


# A plan word right before a done word keeps it a plan: 全年计划实现…311亿元, 目标为完成….
# (任务完成数 is done: only words of intent make a plan of what follows.)
_PLANNED_DONE_RE = re.compile(rf"(?:计划|目标|力争|确保|拟|要求)[为是要]?(?:{_DONE_WORD_RE.pattern})")


def is_plan(text: str) -> bool:
    """Names a planned figure (目标, 计划, 任务数…) and nothing achieved (完成, 已, 实际…);
    ``计划实现``, ``目标为完成`` are plans."""
    return bool(_TARGET_WORD_RE.search(text)) and not _DONE_WORD_RE.search(_PLANNED_DONE_RE.sub("", text))


def is_done(text: str) -> bool:
    """Names something achieved (完成, 已, 累计…) that is not a plan (计划实现…)."""
    return bool(_DONE_WORD_RE.search(_PLANNED_DONE_RE.sub("", text)))


_BUILT_THINGS_RE = re.compile(r"(新建|新增|建成|引进|签约|新开|改造|认定)的[^,，?？]{1,12}?(?:有|是|共)?(?:多少|几)")


@lru_cache(maxsize=256)
def asked_act(question: str) -> str | None:
    """The act said right before 了多少 / 了几 (违建拆了多少 → 拆, 改完了几个 → 改完), if a verb."""
    import jieba

    built = _BUILT_THINGS_RE.search(question)
    if built:  # 今年新建的5G基站有多少个: the act is said before 的
        return built.group(1)
    tokens = jieba.lcut(question)
    for index, token in enumerate(tokens[1:-1], 1):
        if token == "了" and re.match(r"多少|几", tokens[index + 1]) and is_act(tokens[index - 1]):
            return tokens[index - 1]
    return None


# 完成多少 is answered by what was finished, however the report says it (已完工交付29部, 已办结186件),
# not by what was only started (新开工46部).
_DONE_FORMS = {"完成": ("完成", "完工", "竣工", "建成", "办结", "交付", "结案", "验收")}


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


SUBSTEP_FACTOR = 0.5  # a done figure counting a step on the way (设计方案审查22个), while another clause counts the thing
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
    ends = {
        head.rfind(f) + len(f): w for w in weights for f in forms.get(w, (w,)) if len(f) >= 1 and f in head
    }
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


def figure_intent(intent: Intent) -> bool:
    """Whether ``intent`` asks a figure (a target, a done figure, any figure)."""
    return intent in (Intent.TARGET, Intent.DONE, Intent.FIGURE)


def extract(
    plan: QueryPlan,
    items: list[Item],
    item_scores: list[float],
    weights: dict[str, float],
    intent: Intent | None = None,
    threshold: float = ANSWER_THRESHOLD,
    beside_plan: bool = False,
    plan_rate: str | None = None,
) -> Answer:
    """Best answer among ``items`` (retrieved, best first) for a factual question: a clause of
    the progress (and, for targets, of the task text) chosen by ``intent`` (default: from the plan);
    None below ``threshold`` (default ``ANSWER_THRESHOLD``). With ``beside_plan`` (default off: the
    result asked beside its plan), a result the report sets against the plan (…,占年度计划的53.2%)
    is preferred, and with ``plan_rate`` (default none: the plan's rate word, 覆盖率) a clause naming
    another rate is less sure."""
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
    unit = asked_unit(plan.text)
    counted = counted_word(plan.text, list(weights))
    counted_forms = (
        TermWeights({counted: 1.0}, {counted: getattr(weights, "forms", {}).get(counted, word_forms(counted))})
        # (a change asked, 增长多少, counts nothing: 同比下降3.6% answers it as well)
        if figure and counted and counted in weights and not _CHANGE_WORD_RE.match(counted)
        else None
    )
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
            against_plan = {
                index - 1 for index, part in enumerate(parts) if index and _AGAINST_PLAN_RE.match(part.strip())
            }
            for index, clause in enumerate(parts):
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
                local_cover = (
                    0.6 * own_cover + 0.25 * coverage(weights, local) + 0.15 * coverage(weights, leads[index] + clause)
                )
                context_cover = coverage(weights, leads[index] + local + context)
                if figure:
                    evidence = figure_evidence(
                        intent, clause, field_name == "task", rate_question, unit, local, counted, plan.text
                    )
                    if beside_plan and against_plan and index not in against_plan and has_quantity(clause):
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
                    best = (score, confidence, position, span_around(parts, index), field_name)
    if best is None:
        return Answer(None, 0.0)
    _, confidence, position, span, field_name = best
    if when_question and figure and not (_DATE_RE.search(span) or _WHEN_RE.search(span)):
        confidence *= WHEN_WITHOUT_DATE_FACTOR  # 拆完要到几月 is not answered by 共涉及1230户
    absent = getattr(weights, "absent", frozenset())
    if figure and (after := counted_after(plan.text, list(weights))) and after in absent:
        # 新建了多少个充电桩 where no report names 充电桩: no count of it can be in them.
        confidence *= ABSENT_COUNTED_FACTOR * ABSENT_COUNTED_FACTOR
    elif (counted and counted in absent and names_thing(counted)) or (
        figure and any(len(w) >= 2 and w != counted and is_noun(w) for w in absent)
    ):
        # 接待游客多少人次 answered by 接待读者2.1万人次: the thing counted is in no report; nor is
        # what a figure is of, 租金 of 租赁住房租金标准是多少; nor 充电桩 of 新建充电桩多少个
        # (round 11: a noun jieba cuts as 充电 + 桩 names a thing too; 新建 is no part of it).
        confidence *= ABSENT_COUNTED_FACTOR
    confidence = round(float(np.clip(confidence, 0.0, 1.0)), 3)
    if confidence < threshold:
        return Answer(None, confidence, position)
    department = department_of(items[position], span) if field_name == "progress" else None
    return Answer(span, confidence, position, department, field_name)


_PAIR_CUE_RE = re.compile(
    r"^(?:年度|全年|年底|年初|目标|计划|任务|任务数|任务量|要求|预期|完成|完成数|完成量|实际|现状|现在|目前|已经"
    r"|情况|对比|比差|差|还差|差距|实现|对照|原本|原定|控制线|上限|额|完成额|实际数|实际值|完成率|完成度"
    r"|实绩|业绩|比较|相比|最后|最终|定的|结果)$"
)


# 同期, 增长, 降幅: how a result changed, which a plan part does not ask unless it says so.
_CHANGE_WORD_RE = re.compile(
    rf"^(?:同比|同期|去年同期|去年|上年|比|较|{CHANGE_VERBS}|增速|增幅|降幅|增长率|[增减降涨升])$"
)


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
    plan_nouns = {
        w: 0.5 * mean
        for w in jieba.lcut(plan_text)
        if len(w) >= 2 and w not in weights and not re.search(r"\d", w) and not is_time_word(w) and is_noun(w)
    }
    # 实际折合多少: the words of the result's own part say which result (折合每千人3.9批次).
    done_weights = TermWeights(
        {**{w: v * (2.0 if w in done_part else 1.0) for w, v in weights.items()}, **plan_nouns},
        getattr(weights, "forms", {}),
        getattr(weights, "absent", frozenset()),
    )
    # 完成数, 完成情况 name the result's shape, not an act the clause must say (新增…652个 is done).
    shape_free = replace(asked, text=re.sub(r"完成(?:数|量|情况)", "", asked.text))
    # The plan found on the item vouches for it: its result may be said in fewer of the words asked
    # (农民…涨了多少 → 农村居民人均可支配收入…同比增长7.3%).
    plan_rate = RATE_NAMED_RE.search(plan_text)
    done = extract(
        shape_free,
        one,
        score,
        done_weights,
        Intent.DONE,
        PAIRED_DONE_THRESHOLD,
        beside_plan=True,
        plan_rate=plan_rate.group() if plan_rate else None,
    )
    if done.text is None:
        return None
    if done.text in target.text or target.text in done.text:  # one clause holds both
        text = max(target.text, done.text, key=len)
    else:
        text = f"{target.text};{done.text}"
    confidence = round((target.confidence + done.confidence) / 2, 3)
    return Answer(text, confidence, about, done.department, "progress", [about])


LITERAL_TASK_SHARE = 0.1  # the subject's own words in the task, beside its synonyms' forms


def subject_item(
    items: list[Item], item_scores: list[float], weights: dict[str, float], question: str = ""
) -> tuple[int, float]:
    """The retrieved item that is *about* the question's subject, and how much of the subject it
    covers: an item whose task names the subject beats one that mentions it in passing. With the
    ``question`` (default: none), only words side by side in it make a phrase, and a phrase held
    by the progress alone counts half."""
    top = max(item_scores, default=0.0) or 1.0
    best, best_key, best_cover = 0, -1.0, 0.0
    # 托育服务: a task holding the subject's words together, as asked, is about it more than one
    # holding them apart (社区养老、托育…服务网点).
    words = [w for w in weights if len(w) >= 2]
    phrases = [a + b for a, b in zip(words, words[1:])]
    asked = fold(question).lower()
    if asked:
        # 课后服务现在覆盖情况: 服务 + 覆盖 were apart as asked; 签约服务覆盖率 holds no phrase of it.
        phrases = [phrase for phrase in phrases if phrase in asked]
    for position, (item, score) in enumerate(zip(items, item_scores)):
        cover = coverage(weights, f"{item.task} {' '.join(item.departments)} {item.progress}")
        task_subject = coverage(weights, item.task)
        key = 0.45 * task_subject + 0.35 * cover + 0.2 * score / top
        # 新医院 ← 建成区人民医院新院区, not 新建社区卫生服务中心: a task saying the subject in the
        # question's own words is about it more than one saying only a synonym list's form of it.
        key -= LITERAL_TASK_SHARE * (task_subject - coverage(dict(weights), item.task))
        if phrases:
            task = fold(item.task).lower()
            held = sum(phrase in task for phrase in phrases) / len(phrases)
            if asked:
                # …and a phrase of a subject the item holds only in part (服务覆盖 of 签约服务覆盖率,
                # when 课后服务覆盖 was asked) counts for that part only.
                progress = fold(item.progress).lower()
                in_progress = sum(phrase in progress and phrase not in task for phrase in phrases) / len(phrases)
                held = cover * held + 0.5 * in_progress
            key += 0.25 * held
        if key > best_key:
            best, best_key, best_cover = position, key, cover
    return best, best_cover


TASK_NAMES_SUBJECT = 0.7  # confidence when an item's own task names every word of the subject


def task_cover(weights: dict[str, float], item: Item) -> float:
    """How much of the subject the item's task names (1.0 when every subject word of ≥ 2
    characters is in it; 0 when the subject has no such word)."""
    subject = TermWeights({w: v for w, v in weights.items() if len(w) >= 2}, getattr(weights, "forms", {}))
    return coverage(subject, item.task) if subject else 0.0


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
        if (
            named
            and all(names_act(word) for word in own)
            and all(whole[id(segment)] < most for segment in named)
        ):
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


# Words any department's part may hold (建设, 推进): they tell no part from another.
_PART_GENERIC_WORDS = frozenset("建设 推进 实施 创建 开展 完成 工作 进度 情况 进展 新建 改造 动作 动静 结果 有".split())


def names_act(word: str) -> bool:
    """Every piece of ``word`` is tagged a verb (施工 vn, 征收 v): an act, how work is done, not
    a thing (工程, 栈道) nor a place (东湾)."""
    import jieba.posseg

    return all(piece.flag.startswith("v") for piece in jieba.posseg.cut(word))


def own_words(weights: dict[str, float], task: str) -> TermWeights:
    """The subject words (≥ 2 characters) that ``task`` does not hold: what tells one part of
    the item's progress from another (empty when the task holds them all)."""
    forms = getattr(weights, "forms", {})
    folded = fold(task).lower()
    return TermWeights(
        {
            w: v
            for w, v in weights.items()
            if len(w) >= 2 and not any(f in folded for f in forms.get(w, (w,))) and w not in _PART_GENERIC_WORDS
        },
        forms,
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


# Words that say which figure of a subject is wanted (the plan, the result), not the subject:
# they pick the clause but do not make the answer more or less sure (建成 asked, 新建 written).
_SHAPE_WORD_RE = re.compile(
    r"(?:全年|年初|今年|实际|已经?|调整后?|定的?)?(?:任务|目标|计划|完成|建成|建|实际|调整|定|实现|累计|新建|已|总)?数?(?:量|额)?的?"
    r"|(?:完成|开工|建成|办结|签约)?(?:率|比例|进度)|增幅|增速|增长率|占比"
)


def subject_coverage(weights: TermWeights, text: str, shared: dict[str, float] | None = None) -> float:
    """:func:`coverage` where a shape word (任务, 目标, 建成, 实际…) or a time word missing from
    ``text`` does not count against it: the text may say 新建 for 建成, and the report is the
    time; a word present still counts. With nothing else left, the ``shared`` subject's coverage
    (a part 上半年建成 is about the subject of the part before it)."""
    folded = fold(text).lower()
    forms = getattr(weights, "forms", {})
    kept = {
        w: v
        for w, v in weights.items()
        if not (_SHAPE_WORD_RE.fullmatch(w) or is_time_word(w)) or any(f in folded for f in forms.get(w, (w,)))
    }
    if not kept:
        return coverage(shared, text) if shared is not None else coverage(weights, text)
    return coverage(TermWeights(kept, forms), text)


# Pieces of time words as the tokenizer cuts them (上半年 → 上半, 半年).
_TIME_PIECE_RE = re.compile(r"上半|下半|[一二三四]季|季度|前三|半年|全年|今年|年度|年初|年底")


def is_time_word(word: str) -> bool:
    """A time word or a piece of one (上半 of 上半年)."""
    return bool(_TIME_WORDS_RE.fullmatch(word) or _TIME_PIECE_RE.fullmatch(word))


def has_subject(weights: dict[str, float]) -> bool:
    """Whether ``weights`` hold a word that is neither a shape word nor a time word (上半年建成 holds none)."""
    return any(not (_SHAPE_WORD_RE.fullmatch(w) or is_time_word(w)) for w in weights)


# The last of these words in a comparison part says whether it asks the plan: 新增达标面积目标 is
# a plan, 计划改造和已完成的长度 a plan and a result; 年初定的 the plan as first set.
_PART_PLAN_RE = re.compile(r"目标|计划|任务数|任务|要求|力争|年初|原定|原计划|定的")
_PART_ORIGINAL_RE = re.compile(r"年初|原定|原计划|最初|当初|起初")
_PART_ADJUSTED_RE = re.compile(r"调整|调后|变更|修改后|调增|调减")


def part_is_plan(part: str) -> bool:
    """A comparison part asks the plan when its last plan-or-result word is a plan word."""
    plans = [m.end() for m in _PART_PLAN_RE.finditer(part)]
    dones = [m.end() for m in _DONE_WORD_RE.finditer(_PLANNED_DONE_RE.sub("", part))]
    return bool(plans) and (not dones or max(plans) >= max(dones))


def add_span(spans: list[str], span: str) -> None:
    """Append ``span`` unless a listed span holds it; it replaces a listed span it holds."""
    if any(span in listed for listed in spans):
        return
    for position, listed in enumerate(spans):
        if listed in span:
            spans[position] = span
            return
    spans.append(span)


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
                    fits = 1.0 if (field_name == "task" or is_plan(local)) == plan_part else 0.7
                    if original and field_name != "task":  # the plan as first set is the task's
                        fits *= 0.7
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
                    same_subject = 0.3 if position == first_position else 0.0
                    score_ = step * fits * (  # (a step ranks lower; sureness stays the subject's)
                        0.5 * clause_cover
                        + 0.2 * coverage(part_weights, local)
                        + 0.2 * coverage(weights, local + context)
                        + 0.1 * score / top
                        + same_subject
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
    spans = list(dict.fromkeys(spans))[:MAX_FIGURES]
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
            found = next((c for c in clauses(item.progress) if coverage(subject, c) > 0), None)
            if found:
                line += ":" + found.strip().rstrip(",，;；。")[:MAX_LIST_CLAUSE_CHARS]
        lines.append(line)
    return "\n".join(lines)


# How a 哪些事项… question says "about": never its subject.
LIST_FILLER = frozenset(
    "事项 事 项 工作 任务 跟 和 与 同 有关 相关 关于 涉及 提到 提 提及 包括 包含 里 中 有 都 些 哪 哪些 说 讲 了 到 "
    "比如 例如 诸如 譬如 像 这类 那类 之类 这些 类 等 给 是 在 情况 "
    "沾边 挂钩 关联 有关系 关系 联系 牵涉 方面 领域 板块 条线 范畴 口 这块 那块 对应 属于 归属 归入 "
    "啥 什么 抓 措施 举措 安排 做了 干了 活 活儿 活有".split()  # 稳就业的活有哪几项: 活 is the work
)


# A theme with examples: 治水,比如防涝、水质 / 充电桩、光伏这类新能源 — the examples and the theme
# name one thing; any of them found is the thing found.
_EXAMPLES_AFTER_RE = re.compile(
    r"([\u4e00-\u9fff]{2,8})[,，、]?(?:比如|例如|诸如|譬如|像是?|包括)(.+?)(?:等|这类|之类|[?？]|$)"
)
_EXAMPLES_BEFORE_RE = re.compile(
    r"((?:[\u4e00-\u9fff]{2,8}[、,，和及])+[\u4e00-\u9fff]{2,8})(?:等|这类|之类|这些|一类|这几[场项个类件])(?:的)?([\u4e00-\u9fff]{2,8})"
)


# A name glossed in brackets right after it: 一老一小(养老、托育), 两新(新基建、新型城镇化).
_GLOSS_RE = re.compile(r"([\u4e00-\u9fff\w]{2,8})[(（][^)）]{2,30}[)）]")
_EXAMPLE_MARK_RE = re.compile(r"^(?:比如|例如|诸如|譬如|像是|包括)(?=.{2,})")


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
        found = next((item for item in items if holds(item)), None)
        if found is not None:
            added.append(found)
    return added


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
    texts = [f"{i.task} {i.progress} {' '.join(i.departments)}" for i in items]
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
    sources = [items.index(item) for item in listed[:MAX_LIST_ITEMS]]
    figures_asked = bool(_LIST_FIGURES_RE.search(question))
    return Answer(
        list_lines(listed, subject=subject, names_asked=names_asked, figures_asked=figures_asked),
        confidence,
        0,
        sources=sources,
    )


# What is left of a who-question around its subject once the asking is cut (归哪个部门管 → 个部门管,
# 是哪个部门在管 → 是 / 在管, 谁来抓 → 抓): never the subject.
_WHO_EDGE_RE = re.compile(
    rf"^(?:[是由在的]|的事|{WHO_FILLER})+"
    rf"|(?:个?部门|个?单位|[是由在来的?？]|的事情?|负责|牵头|主抓|分管|主管|承担|管|抓|分别|各自|各|{WHO_FILLER})+$"
)


# 分别由谁负责, 各自归哪个部门: one answer per subject named.
_EACH_RE = re.compile(r"分别|各自|各由|各归|各是")


def who_parts(subject: str) -> list[str]:
    """The subjects of a who-question naming several (托位和岸线整治 → 托位, 岸线整治)."""
    return [p.strip(" ?？的") for p in re.split(r"和|与|及|以及|、|跟|,|，", subject) if len(p.strip(" ?？的")) >= 2]


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
        mixed = self._mixed(question, llm)
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
            else frozenset()
        )
        asked = plan
        if intent is Intent.COMPARISON:  # the words before 分别…: what is compared
            # (三大指标: a count of the parts names none of them, and glued to one it breaks it: 投三大)
            asked = replace(plan, remainder=without_count_theme(PARTS_END_RE.split(plan.remainder)[0]))
        elif intent is Intent.PROGRESS:
            # 社区书院创建推进情况: 推进情况 asks how it went; its 推进 names no subject (an item
            # whose task says 推进… is no more about it).
            asked = replace(plan, remainder=PROGRESS_RE.sub(" ", plan.remainder))
        words = answer_words(asked, searcher.tokenizer, drop) or answer_words(plan, searcher.tokenizer)
        words = rejoined(words, plan.remainder, searcher.document_frequency)
        words = recut(words, plan.remainder, self._corpus_text().count)
        words = contracted(words, plan.remainder, self._corpus_text().count)
        # A single character no report holds (修 of 修中山路) is how the act is said, not the subject.
        words = [w for w in words if len(w) > 1 or searcher.document_frequency(w) > 0] or words
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
        elif intent is Intent.WHO and _EACH_RE.search(plan.text) and len(who_parts(plan.remainder)) > 1:
            return self._who_per_part(plan, mask)
        elif intent is Intent.WHO:
            result = who_answer(top_items, top_scores, weights, closeness, plan.text)
        elif intent is Intent.PROGRESS:
            result = progress_answer(top_items, top_scores, weights, closeness, plan.departments, plan.text)
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
            several := self._items_figures(plan, items, closeness)
        ):
            result = several
        elif (
            intent is Intent.COMPARISON
            and plan_done_parts(plan.text)
            and not PARTS_END_RE.search(plan.text)
            and (paired := plan_done_answer(plan, top_items, top_scores, weights))
        ):
            result = paired
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
            for scored in searcher.rank(searcher.plan(word), mask, Mode.HYBRID, limit=SUBJECT_SEARCH_DEPTH):
                item = searcher.items_at([scored.index])[0]
                if item.id not in seen and coverage(single, item.task):
                    seen.add(item.id)
                    found.append(scored)
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
