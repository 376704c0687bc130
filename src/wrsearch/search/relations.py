"""Items in relation to one item: the same task over time, similar tasks elsewhere, related
items of other departments, and the department–item graph built from them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, cached_property
from importlib import resources

import numpy as np

from wrsearch.errors import NotFound
from wrsearch.index.lexical import boilerplate
from wrsearch.ingest.departments import own_forms
from wrsearch.ingest.periods import period_rank
from wrsearch.options import Choice
from wrsearch.schema import ItemOut, Neighbours, Timeline, TimelineEntry, status_fields
from wrsearch.search.fusion import Scored
from wrsearch.search.highlight import term_pattern
from wrsearch.search.searcher import Searcher, is_place_name
from wrsearch.text import fold
from wrsearch.validate import check_k

# A figure with its unit: 58.3亿元, 48.6%, 27个.
_FIGURE_RE = re.compile(
    r"\d[\d,.]*\s*(?:%|％|[万亿千百]?(?:元|个|项|户|人|套|处|公里|米|平方米|亩|家|所|条|座|张|次|件|吨|万方))"
)


# A measure word alone (公里, 亿元, 万人次, 家次, 百分点): how work is counted, never what it is.
_UNIT_RE = re.compile(
    r"^(?:百分点|[万亿千百余多]*(?:元|美元|个|项|户|人|套|处|公里|千米|米|平方米|立方米|公顷|亩|家|所|条|座|张|次|件|吨|方|台|辆|批|场|起|株|标箱|天)+次?)$"
)


# related: the task's meaning counts this much against the whole item's, and the item's rarest
# words (at most TOPIC_TERMS, never boiler-plate) searched by BM25 over the report add up to
# TERMS_WEIGHT (relative to the best-matching item): chosen by cross-validation on the related
# pairs (docs/retrieval-history.md, benchmarks/tune_retrieval.py).
TASK_SHARE = 0.25
TERMS_WEIGHT = 0.025
TOPIC_TERMS = 40
# related: a candidate under the same heading of the report (一、…) as the item gains this many
# standard deviations of the item's scores over its candidates: a report groups its tasks by
# theme, and the theme's other departments are the partners (交通拥堵 → 停车, 道路 under
# 完善城市功能). Relative to the spread, so it means the same whatever the model's cosine
# scale. Chosen by leave-one-set-out over the five related dev sets (docs/retrieval-history.md).
SECTION_WEIGHT = 1.5
# related: a candidate loses this many standard deviations × log(1 + r), r = how many items of
# the report stand nearer to the candidate (by the same meaning score) than the item does: an
# item close to everything is not everyone's partner, a partner whose nearest is the item gains
# (reciprocal rank). 0.25, with HEADING_OPENER_WEIGHT and SHARED_DEPARTMENT_WEIGHT: chosen
# together on the seven related dev sets among the weights that lose no set's hits, the form
# checked by nested leave-one-set-out (round rel7, docs/related-round8.md,
# benchmarks/tune_related.py); alone it cost the seed's pairs a row (rel6).
RECIPROCAL_WEIGHT = 0.25
# related: the first numbered item under the item's own heading gains this many standard
# deviations more: a report opens a heading with the outcome the heading's work serves (PM2.5
# 平均浓度 over 扬尘治理 and 柴油货车淘汰; 地区生产总值 over the growth items), and the outcome
# shares no word and little meaning with that work. Round rel7, docs/related-round8.md; 1.0 → 1.5
# in round 10 (floor-kept leave-one-set-out over eleven related sets, docs/retrieval-round10.md).
HEADING_OPENER_WEIGHT = 1.5
# related: for an item of several departments, a candidate of one of them gains this many
# standard deviations: the departments that share the work carry it on in their other items
# (基础设施攻坚 of 区城改局 and 区建设局 → 留改拆 of both and three more: 6th → 4th). Round rel7,
# docs/related-round8.md.
SHARED_DEPARTMENT_WEIGHT = 0.5
# related: a place name (jieba tags it ns or nr) that more than this share of the report's items
# hold says where the work is, not what it is (金桥 of 金桥医院, 金桥大道, 金桥湾; 城市 of 城市书房,
# 城市支路): never shown as a reason. A rule for reasons only; the ranking still counts the word.
PLACE_SHARE = 0.1
# similar: up to this many items every chunk is scored; above, the vector index's nearest
# chunks (DENSE_CANDIDATES of them), so that a query does not read a million vectors.
EXACT_SIMILAR_ITEMS = 50_000


@cache
def not_topics() -> frozenset[str]:
    """Words two items share without sharing a topic (``data/not_topics.txt``: scheduling and
    reporting words such as 目标, 年度, 新建, abstract ones such as 措施, 机制): never shown as
    the reason two items are related."""
    text = resources.files("wrsearch").joinpath("data/not_topics.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


# related reasons: parts of speech (jieba.posseg) of a word that can modify a following noun
# and mean nothing whole without it (人民 of 人民医院, 地区 of 地区生产总值, 雨污 of 雨污分流);
# and of the noun that can be its head. Verbs and adjectives are left alone (整治, 老旧 stand
# before many nouns and are topics by themselves).
MODIFIER_FLAGS = ("n", "nr", "ns", "nz", "j", "t")
HEAD_FLAGS = ("n", "nz")
# related reasons: 区别词 (jieba's b: 高频, 临时, 大型) only ever qualify a noun; alone they are
# no topic.
ATTRIBUTE_ONLY_FLAG = "b"


# related reasons, by rule (round 16r, docs/related-round16.md): a word of one of these forms says
# when, how much or in what order the work is done, not what it is, and is never a reason:
# - function parts of speech (jieba.posseg, the word read whole): numerals and measures (m, mq, q:
#   第一, 第二), locatives (f: 以内, 以下, 前期), adverbs (d, ad: 分别, 按时, 尚未), pronouns
#   (r: 各项, 其余), prepositions, conjunctions and particles (p, c, u…); a word jieba cuts into a
#   preposition and more (用时 = 用 + 时); a roman numeral (IV类水质's iv);
FUNCTION_FLAGS = frozenset(
    {"m", "mq", "q", "f", "d", "ad", "r", "p", "c", "u", "ud", "uj", "ul", "uv", "uz", "ug", "y", "e", "o"}
)
_ROMAN_RE = re.compile(r"^[ivxl]+$")
# - a time or deadline by its last character (秋季, 月底, 年初, 年末, 工作日内, 上旬);
_TIME_END_RE = re.compile(r"^..*[季底初末内旬]$")
# - a quantity by its last character: a rate, amount, number or margin (满意率, 数据量, 金额,
#   人数, 增幅);
_MEASURE_END_RE = re.compile(r"^..*[率量额数幅]$")
# - an administrative level (市级, 省级, 区级, 国家级): the tier that does the work.
_LEVEL_RE = re.compile(r"^(?:国家|省|市|区|县|镇|街)级$")
# - a comparison or relation verb, by its 于 (低于, 高于, 优于, 用于, 属于): it needs its object.
_COMPARISON_RE = re.compile(r"^.{1,3}于$")
# Round 17 (docs/retrieval-round17.md), by form again:
# - a word jieba cuts into nothing but function words (较原 = 较 + 原: "than the original");
# - a verb (v, vd, vi, vg) or a time (t, tg) that neither item's task names: the two tell of the
#   same action or moment in their progress (压缩, 运行, 登记, 整改; 春节, 夜间), not of the same
#   work. One a task names says what the work is (就业, 停车, 审批; 老年 of 老年食堂: jieba tags
#   老年 and 青年 as times). A time both items hold with the same one-character noun after it is
#   shown as that name (老年 + 人 → 老年人). Verbal nouns (vn: 防汛, 培训) are nouns here;
TIME_FLAGS = frozenset({"t", "tg"})
VERB_FLAGS = frozenset({"v", "vd", "vi", "vg"})
# - a place name (jieba: ns, nr) that both items hold only as a piece of longer names, and not of
#   the same one (梅岭 of 梅岭路 and of 梅岭湖): a piece of two names is no shared place. Where both
#   hold the same name it is shown whole (梅岭湖). The name is the word with the character after it
#   that ends a place's name (data/place_ends.txt: 路, 湖, 河, 村); anything else after it is a word
#   of its own (镜湖 + 水质). A word jieba mis-tags as a name (养老, 幼儿园: nr) is never only a piece
#   of names, so it stays;
PLACE_FLAGS = ("ns", "nr")
NAME_END_FLAGS = ("n", "ns", "ng", "nr", "s")  # a time's one-character noun after it (老年 + 人)
# - a stage or status of the work, as the answerer reads one (its status-question words and the
#   stages before and at the end of a project: 在建, 竣工, 投用, 交付, 封顶, 滞后, 通车; see
#   ``stage_pattern``): how far the work went, which any task can say.


class ReasonRule(Choice):
    """The rules above by name, and two report rules measured and not applied (round 16r):
    ``progress_only``, a verb or verbal noun the report uses in no item's task, only in progress
    texts (在建, 竣工, 滞后 — but also 审批, 招聘, 装修: it removed topic words), and
    ``progress_only_v``, the same for verbs only."""

    __choice_name__ = "理由规则"
    __choice_error__ = "未知的理由规则 '{value}';可选:{valid}"
    FUNCTION = "function"
    TIME = "time"
    MEASURE = "measure"
    LEVEL = "level"
    COMPARISON = "comparison"
    STAGE = "stage"
    FUNCTION_CUT = "function_cut"
    TASK_WORD = "task_word"
    PLACE_WHOLE = "place_whole"
    PROGRESS_ONLY = "progress_only"
    PROGRESS_ONLY_V = "progress_only_v"


# The rules applied: chosen by leave one set out over the nineteen related dev sets, against hand
# labels of every word they could show (benchmarks/round16/reason_rule.py; every fold chose these
# six: no topic word removed, 114 → 38 not-topic words shown on the top 5s).
REASON_RULES: frozenset[str] = frozenset(
    {
        ReasonRule.FUNCTION,
        ReasonRule.TIME,
        ReasonRule.MEASURE,
        ReasonRule.LEVEL,
        ReasonRule.COMPARISON,
        ReasonRule.STAGE,
        ReasonRule.FUNCTION_CUT,
        ReasonRule.TASK_WORD,
        ReasonRule.PLACE_WHOLE,
    }
)
# The parts of speech of the progress-only rule (a noun used only in progress texts, 案件 or 隐患,
# still names the matter).
PROGRESS_ONLY_FLAGS = frozenset({"v", "vn"})


def form_says_not_topic(word: str, rules: frozenset[str] | None = None) -> str | None:
    """The form rule (of ``rules``, default ``REASON_RULES``) by which ``word`` is no topic —
    "function", "time", "measure", "level", "comparison" or "stage" — or None."""
    rules = REASON_RULES if rules is None else rules
    if "function" in rules:
        import jieba.posseg  # loaded only for the words shown as reasons

        tagged = list(jieba.posseg.cut(word))
        if (len(tagged) == 1 and tagged[0].flag in FUNCTION_FLAGS) or (len(tagged) > 1 and tagged[0].flag == "p"):
            return "function"
        if _ROMAN_RE.match(word):
            return "function"
    if "time" in rules and _TIME_END_RE.match(word):
        return "time"
    if "measure" in rules and _MEASURE_END_RE.match(word):
        return "measure"
    if "level" in rules and _LEVEL_RE.match(word):
        return "level"
    if "comparison" in rules and _COMPARISON_RE.match(word):
        return "comparison"
    if "stage" in rules and stage_pattern().fullmatch(word):
        return "stage"
    if "function_cut" in rules and function_cut(word):
        return "function_cut"
    return None


def function_cut(word: str) -> bool:
    """Whether jieba cuts ``word`` into two or more pieces, each a function word (较原 = 较 + 原)."""
    import jieba.posseg  # loaded only for the words shown as reasons

    flags = [token.flag for token in jieba.posseg.cut(word)]
    return len(flags) > 1 and all(flag in FUNCTION_FLAGS for flag in flags)


@cache
def place_ends() -> frozenset[str]:
    """The characters that end a place's name (``data/place_ends.txt``: 路, 湖, 河, 村…)."""
    text = resources.files("wrsearch").joinpath("data/place_ends.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


@cache
def stage_pattern() -> re.Pattern[str]:
    """The answerer's words for how far work went (``answer.figures``: what a status question asks —
    完成, 投用, 封顶, 滞后… — and the stages before and at a project's end — 在建, 开工, 竣工,
    交付…), as one pattern."""
    from wrsearch.answer import figures  # only for the words shown as reasons

    parts = (figures._STATUS_RE, figures._START_STAGE_RE, figures._END_STAGE_RE)
    # and the work put off, as answer.status reads it (its _NEGATED_RE: 暂缓实施, 推迟开工)
    return re.compile("|".join(f"(?:{p.pattern})" for p in parts) + "|暂缓|暂停|推迟|延期|延后")


@cache
def word_flag(word: str) -> str:
    """jieba's part of speech of ``word`` read as one word, "" when jieba cuts it in two."""
    import jieba.posseg  # loaded only for the words shown as reasons

    tagged = list(jieba.posseg.cut(word))
    return tagged[0].flag if len(tagged) == 1 else ""


# A heading naming a report (一、《市政府工作报告》1-3月完成情况) says whose task an item is, not what
# work it is: a district's file holding the city's report and its own puts unrelated work under one
# such heading, and the city's task and the district's own on the same work under two (round 16).
SOURCE_HEADING_RE = re.compile(r"政府工作报告")
SOURCE_HEADINGS_ARE_THEMES = False


def theme_heading(section: str | None) -> str | None:
    """The heading as a theme two items share, or None when there is none or it names a report
    (``SOURCE_HEADINGS_ARE_THEMES`` off)."""
    if section is None or (not SOURCE_HEADINGS_ARE_THEMES and SOURCE_HEADING_RE.search(section)):
        return None
    return section


@cache
def is_own_district(word: str, report: str, title: str = "") -> bool:
    """Whether ``word`` names the report's own district (every item is its work, so it is no
    reason two items belong together): read aloud it is the report id's name
    (``jinqiao-2024-q3`` → 金桥, 金桥区), or the title names it with 区 (东港区2022年…)."""
    from pypinyin import lazy_pinyin  # only for the words shown as reasons

    name = word[:-1] if word.endswith("区") and len(word) > 2 else word
    head = re.match(r"[a-z]+", report.lower())
    if head and "".join(lazy_pinyin(name)) == head.group(0):
        return True
    return f"{name}区" in title and is_place_name(f"{name}区")


@cache
def is_place_word(word: str) -> bool:
    """Whether jieba's tagger reads ``word`` as one place or proper name (ns, nr: 金桥, 湖滨)."""
    import jieba.posseg  # loaded only for the words shown as reasons

    tagged = list(jieba.posseg.cut(word))
    return len(tagged) == 1 and tagged[0].flag in ("ns", "nr")


def best_first(scores: np.ndarray, positions: np.ndarray, k: int | None = None) -> np.ndarray:
    """``positions`` by descending score (ties: lower position first), at most ``k``; only
    the best k are sorted."""
    if k is not None and len(positions) > k:
        kth = np.partition(-scores[positions], k - 1)[k - 1]
        positions = positions[-scores[positions] <= kth]
    ordered = positions[np.argsort(-scores[positions], kind="stable")]
    return ordered if k is None else ordered[:k]


def other_departments(candidate: np.ndarray, own: np.ndarray) -> bool:
    """Whether another department's work is in ``candidate`` for an item of ``own``
    (department codes): the two do not name the same set of departments. A department on
    one side only makes the other's work someone else's: 区园林局's own 绿道 item for the
    健身步道 item of 区文旅局 and 区园林局, and the other way round."""
    return set(candidate.tolist()) != set(own.tolist())


class Relations:
    """Timeline, similar and related items of one item, over a :class:`Searcher`'s items."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.items = searcher.items
        self.columns = searcher.columns
        self._whole: dict[tuple[int, int], np.ndarray] = {}
        self._holding: dict[tuple[str, int, int], int] = {}
        self._tasks: dict[tuple[int, int], str] = {}
        self._pieces: dict[tuple[int, int], list[str]] = {}
        self._meaning: dict[tuple[int, int, float], np.ndarray] = {}

    def position(self, item_id: str) -> int:
        """Position of an item by id (``report#no``); :class:`NotFound` if unknown."""
        position = self.searcher.position_of(item_id.strip())
        if position is None:
            raise NotFound(f"索引中没有事项 '{item_id[:60]}'(编号形如 'wuchang-2021-q1#18')")
        return position

    def item_similarity(self, position: int) -> np.ndarray:
        """Best chunk similarity of every item to the item at ``position`` as a whole (-1: not
        among the nearest, above ``EXACT_SIMILAR_ITEMS`` items)."""
        retriever = self.searcher.retriever
        exhaustive = len(self.columns) <= EXACT_SIMILAR_ITEMS
        return retriever.dense_similarity(np.asarray(retriever.item_vectors()[position]), exhaustive=exhaustive)

    def report_positions(self, position: int) -> np.ndarray:
        """Positions of the items of the item's report, in order."""
        report = self.columns.report
        if self._grouped:  # a report's items are one run of positions: no scan
            low, high = np.searchsorted(report, [report[position], report[position] + 1])
            return np.arange(low, high)
        return np.flatnonzero(report == report[position])

    @cached_property
    def _grouped(self) -> bool:
        return bool(np.all(np.diff(self.columns.report) >= 0))

    def similarity_within(self, position: int, positions: np.ndarray) -> np.ndarray:
        """Best chunk similarity of the items at ``positions`` to the item as a whole."""
        retriever = self.searcher.retriever
        vector = np.asarray(retriever.item_vectors()[position])
        if hasattr(retriever, "dense_similarity_of"):
            return retriever.dense_similarity_of(vector, positions)
        return retriever.dense_similarity(vector, exhaustive=True)[positions]

    def counterparts(self, position: int, similarity: np.ndarray) -> set[int]:
        """The item's task in other years: per report of the same publisher and issuer in
        another year, its most similar numbered item, if that is a clear match."""
        c = self.columns
        if c.task[position] < 0 or not c.numbered[position]:
            return set()
        candidates = np.flatnonzero(
            c.numbered
            & (c.year != c.year[position])
            & (c.issuer == c.issuer[position])
            & (c.task >= 0)
            & (c.publisher == c.publisher[position])
        )
        # Per report, the first of its most similar items.
        order = candidates[np.lexsort((candidates, -similarity[candidates], c.report[candidates]))]
        reports = c.report[order]
        best = order[np.flatnonzero(np.r_[True, reports[1:] != reports[:-1]])] if len(order) else order
        return {int(i) for i in best if similarity[i] >= self.searcher.calibration.high}

    def timeline(self, item_id: str) -> Timeline:
        """The item's task in every report of its issuer and year, oldest period first, each
        period with its status and how that changed (``1-3月 滞后 → 1-6月 正常推进``)."""
        position = self.position(item_id)
        item = self.items[position]
        statuses = self.searcher.statuses
        task = self.columns.task[position]
        same = [int(n) for n in np.flatnonzero(self.columns.task == task)] if item.task_key else [position]
        others = dict(zip(same, self.searcher.items_at(same)))
        same.sort(key=lambda n: (others[n].year or 0, period_rank(others[n].period), others[n].report))
        entries, before, previous = [], None, None
        for n in same:
            other, status = others[n], statuses.of(n)
            figures = list(dict.fromkeys(_FIGURE_RE.findall(other.progress)))
            new = [f for f in figures if before is not None and f not in before]
            change = None
            if previous is not None and status is not None and previous[1].status != status.status:
                change = f"{previous[0]} {previous[1].status.value} → {other.period or '本期'} {status.status.value}"
            entries.append(
                TimelineEntry(**other.to_record(), **status_fields(status), new_figures=new, status_change=change)
            )
            before = set(figures)
            previous = (other.period or "上期", status) if status is not None else previous
        return Timeline(item=ItemOut.of(item, statuses.of(position)), timeline=entries)

    def similar(self, item_id: str, k: int = 10) -> Neighbours:
        """Items and passages of other reports most like this one: the same task in other
        periods first, then its counterpart in other years of the same publisher and issuer
        (the previous year first: ``counterpart``), then the rest by similarity."""
        check_k(k)
        position = self.position(item_id)
        item = self.items[position]
        similarity = self.item_similarity(position)
        counterparts = self.counterparts(position, similarity)
        c = self.columns
        candidates = (c.report != c.report[position]) & (similarity > -1)
        same_task = candidates & (c.task == c.task[position]) if item.task_key else np.zeros_like(candidates)
        # The same task first, then counterparts by year gap, then the rest by similarity.
        ranked = [(True, 99, float(similarity[i]), int(i)) for i in best_first(similarity, np.flatnonzero(same_task))]
        gaps = {i: abs((item.year or 0) - (c.year[i] if c.year[i] >= 0 else 0)) for i in counterparts}
        paired = [i for i in best_first(similarity, np.array(sorted(counterparts), dtype=np.int64)) if candidates[i]]
        ranked += sorted(
            ((False, gaps[int(i)], float(similarity[i]), int(i)) for i in paired if not same_task[i]),
            key=lambda r: r[1],
        )
        rest = candidates & ~same_task
        rest[list(counterparts)] = False
        ranked += [(False, 99, float(similarity[i]), int(i)) for i in best_first(similarity, np.flatnonzero(rest), k)]
        pattern = term_pattern(self.salient_terms(position))
        hits = []
        for same, year_gap, score, i in ranked[:k]:
            hit = self.searcher.hit(Scored(i, score, score, 0.0), pattern)
            hits.append(hit.model_copy(update={"same_task": same, "counterpart": year_gap < 99}))
        return Neighbours(item=ItemOut.of(item, self.searcher.statuses.of(position)), hits=hits)

    def related(self, item_id: str, k: int = 10) -> Neighbours:
        """Items of the same report that other departments own, by topic, with shared words (and
        the heading both stand under, where they do).

        "Other departments": the candidate and the item do not name the same departments (see
        :func:`other_departments`: 蓝天保卫战 of four departments relates to 环保督察 of one of
        them, and 环保督察 to 蓝天保卫战)."""
        check_k(k)
        position = self.position(item_id)
        item = self.items[position]
        c = self.columns
        own = c.departments_of(position)
        tasks = self.searcher.retriever.task_vectors()
        # Only the item's own report can hold related items: score just its items.
        positions = self.report_positions(position)
        # What the work is (the task's meaning) and what the item says overall; the reason
        # shown is the topic words both use — never boiler-plate such as 推进, 落实, 数据.
        local = TASK_SHARE * (np.asarray(tasks[positions]) @ np.asarray(tasks[position])) + (
            1 - TASK_SHARE
        ) * self.similarity_within(position, positions)
        terms = self.salient_terms(position)
        if TERMS_WEIGHT and terms:
            scores = self.searcher.retriever.lexical_scores(terms[:TOPIC_TERMS])
            lexical = np.asarray(scores, dtype=np.float32)[positions]
            lexical[positions == position] = 0.0
            if lexical.max() > 0:
                local = local + TERMS_WEIGHT * lexical / lexical.max()
        keep = [
            n
            for n, i in enumerate(positions.tolist())
            if i != position
            and c.numbered[i]
            and other_departments(c.departments_of(i), own)
            and not (item.task_key and c.task[i] == c.task[position])
        ]
        same_heading = self.same_section(position, positions)
        # The heading (and its opener), a shared department and the reciprocal rank order the
        # list; the score shown stays the similarity, so that `links`' calibrated threshold
        # means the same with or without them.
        ranking = local
        if RECIPROCAL_WEIGHT and keep:
            nearer = self.items_nearer(position, positions)
            ranking = ranking - RECIPROCAL_WEIGHT * float(np.std(local[keep])) * np.log1p(nearer)
        spread = float(np.std(ranking[keep])) if keep else 0.0
        if SECTION_WEIGHT:
            ranking = ranking + SECTION_WEIGHT * spread * same_heading
        if HEADING_OPENER_WEIGHT:
            ranking = ranking + HEADING_OPENER_WEIGHT * spread * same_heading * self.heading_openers(positions)
        if SHARED_DEPARTMENT_WEIGHT and len(set(own.tolist())) > 1:
            shares = np.array([bool(set(c.departments_of(i).tolist()) & set(own.tolist())) for i in positions.tolist()])
            ranking = ranking + SHARED_DEPARTMENT_WEIGHT * spread * shares
        pattern = term_pattern(terms)
        hits = []
        for n in best_first(ranking, np.array(keep, dtype=np.int64), k):
            i = int(positions[n])
            shared = self.shared_terms(terms, i, positions, source=position)
            score = float(local[n])
            hit = self.searcher.hit(Scored(i, score, score, 0.0), pattern)
            # The words both use, and the heading both stand under: what a reader can check.
            reasons = [f"共同词: {'、'.join(shared)}"] if shared else []
            if same_heading[n]:
                reasons.append(f"同属“{item.section}”")
            reason = ";".join(reasons) or "内容相近"
            hits.append(hit.model_copy(update={"shared_terms": shared, "reason": reason}))
        return Neighbours(item=ItemOut.of(item, self.searcher.statuses.of(position)), hits=hits)

    def items_nearer(self, position: int, positions: np.ndarray) -> np.ndarray:
        """For each item at ``positions``: how many other items of ``positions`` are nearer to it
        than the item at ``position`` is (0: the item is its nearest), by the meaning score of
        :meth:`related` (task share of the task's meaning, the rest the whole item's best chunk).
        The entry of the item at ``position`` itself means nothing (it is never a candidate)."""
        key = (int(positions[0]), len(positions), TASK_SHARE)  # kept per report, like whole_similarity
        if key not in self._meaning:
            tasks = np.asarray(self.searcher.retriever.task_vectors()[positions], dtype=np.float32)
            meaning = TASK_SHARE * (tasks @ tasks.T) + (1 - TASK_SHARE) * self.whole_similarity(positions)
            np.fill_diagonal(meaning, -np.inf)  # an item is not its own neighbour
            self._meaning[key] = meaning
        meaning = self._meaning[key]
        me = int(np.flatnonzero(positions == position)[0])
        return (meaning > meaning[:, [me]]).sum(axis=1).astype(np.float32)

    def whole_similarity(self, positions: np.ndarray) -> np.ndarray:
        """Best chunk similarity between every two items of one report's ``positions`` (rows: the
        item as a whole), computed once per report and kept (a report's items are few)."""
        key = (int(positions[0]), len(positions))  # one engine reads one unchanging generation
        if key not in self._whole:
            self._whole[key] = np.stack([self.similarity_within(int(i), positions) for i in positions])
        return self._whole[key]

    def heading_openers(self, positions: np.ndarray) -> np.ndarray:
        """1.0 where the item at ``positions`` is the first numbered item under its heading of the
        report, else 0.0 (items without a heading: 0.0)."""
        seen: set[str] = set()
        openers = np.zeros(len(positions), dtype=np.float32)
        for n, (i, other) in enumerate(zip(positions.tolist(), self.searcher.items_at(positions))):
            section = theme_heading(other.section)
            if section is not None and self.columns.numbered[i] and section not in seen:
                seen.add(section)
                openers[n] = 1.0
        return openers

    def same_section(self, position: int, positions: np.ndarray) -> np.ndarray:
        """1.0 where the item at ``positions`` stands under the same heading of the report as the
        item at ``position``, else 0.0 (no heading: 0.0 everywhere)."""
        sections = [theme_heading(other.section) for other in self.searcher.items_at(positions)]
        own = theme_heading(self.items[position].section)
        return np.array([own is not None and section == own for section in sections], dtype=np.float32)

    def salient_terms(self, position: int, limit: int = 40) -> list[str]:
        """The item's rarest words of two or more characters, no figures (rarity over all items)."""
        item = self.items[position]
        tokens = list(dict.fromkeys(self.searcher.tokenizer.words(f"{item.task} {item.progress}")))
        n = len(self.items)
        scored = [
            (self.searcher.document_frequency(t), t) for t in tokens if len(t) >= 2 and not any(c.isdigit() for c in t)
        ]
        # Shared with a few, not with many; boiler-plate never (it says work is done, not what).
        # A department's name is who does the work, not what it is (multi-department progress
        # texts name them): never a topic, else items sharing a department look related.
        names = self.department_names
        scored = [
            (df, t)
            for df, t in scored
            if 1 < df <= max(2, n // 8) and t not in boilerplate() and t not in names and not _UNIT_RE.match(t)
        ]
        return [t for _, t in sorted(scored)[:limit]]

    @cached_property
    def department_names(self) -> set[str]:
        """Every way the index's departments are written (folded, with and without 区/市)."""
        return {form.lower() for name in self.columns.departments for form in own_forms(name)}

    def shared_terms(
        self,
        terms: list[str],
        position: int,
        report: np.ndarray | None = None,
        limit: int = 4,
        source: int | None = None,
    ) -> list[str]:
        """Up to ``limit`` (default 4) of ``terms`` that the item at ``position`` holds too, rarest
        first, leaving out :func:`not_topics` (they still count in the ranking: without them
        related hit@5 on the seed's pairs fell from 0.944 to 0.907, round rel5), the report's own
        district and place names more than ``PLACE_SHARE`` of the report's items hold (``report``:
        the report's positions, default the item's report), and by ``REASON_RULES`` (round 17: a
        verb or time neither the item nor ``source``, the item asked about, names in its task; a
        place the two hold only as pieces of different names, shown whole where they share one)."""
        text = self.searcher.folded_text(position)
        skip = not_topics()
        shared = [t for t in terms if t not in skip and fold(t).lower() in text]
        if report is None:
            report = self.report_positions(position)
        shown: list[str] = []
        for word in shared:
            if self.is_place_of_report(word, report) or word_flag(word) == ATTRIBUTE_ONLY_FLAG:
                continue
            if self.is_not_topic(word, report):
                continue
            # A fragment is shown as the whole word it always stands in (both items hold it).
            whole = self.whole_word(word, report)
            if whole != word and self.is_not_topic(whole, report):
                continue
            flag = word_flag(whole)
            if whole == word and flag in PLACE_FLAGS + tuple(TIME_FLAGS) and ReasonRule.PLACE_WHOLE in REASON_RULES:
                # a place, or a time, by the name both items hold (梅岭湖, 老年人); the task-word
                # rule below then reads a time left alone
                here, there = self.names_with(word, position), self.names_with(word, source)
                longer = sorted(name for name in here & there if name != fold(word).lower())
                if longer:
                    whole = max(longer, key=len)
                elif flag in PLACE_FLAGS and fold(word).lower() not in here | there:
                    continue  # only ever a piece of two different names (梅岭路, 梅岭湖)
            if ReasonRule.TASK_WORD in REASON_RULES and word_flag(whole) in VERB_FLAGS | TIME_FLAGS:
                if not self.in_a_task(whole, [position, source]):
                    continue  # an action or a moment both tell of in their progress only
            if whole not in shown:
                shown.append(whole)
        return shown[:limit]

    def in_a_task(self, word: str, positions: Sequence[int | None]) -> bool:
        """Whether the task text of one of the items at ``positions`` (None: no item) holds ``word``."""
        folded = fold(word).lower()
        return any(p is not None and folded in fold(self.items[p].task).lower() for p in positions)

    def names_with(self, word: str, position: int | None) -> set[str]:
        """The names ``word`` stands in, in the item at ``position`` (None: none), over every
        occurrence of it in the item's precise cut: a place with the character after it that ends
        a place's name (:func:`place_ends`: 梅岭 + 路, 梅岭 + 湖, whatever the cut made of the rest),
        a time with the piece after it where that is one character tagged a noun (老年 + 人), else
        the word alone."""
        if position is None:
            return set()
        text, spans = self.searcher.item_pieces(position)
        folded = fold(word).lower()
        place = word_flag(word) in PLACE_FLAGS
        names = set()
        for n, (_, end, piece) in enumerate(spans):
            if piece != folded:
                continue
            if place:
                after = text[end : end + 1]
                named = after in place_ends()
            else:
                after = spans[n + 1][2] if n + 1 < len(spans) else ""
                named = len(after) == 1 and re.fullmatch(r"[\u4e00-\u9fff]", after) and word_flag(after) in NAME_END_FLAGS
            names.add(folded + after if named else folded)
        return names

    def is_not_topic(self, word: str, report: np.ndarray, rules: frozenset[str] | None = None) -> bool:
        """Whether ``word`` is no topic by ``rules`` (default ``REASON_RULES``): its form
        (:func:`form_says_not_topic`) or, with "progress_only", a verb (``PROGRESS_ONLY_FLAGS``)
        that no task of the report at ``report`` (its positions) uses: the report says it only of
        how the work went (在建, 竣工, 滞后, 投用, 推迟), never of what the work is."""
        rules = REASON_RULES if rules is None else rules
        if form_says_not_topic(word, rules):
            return True
        if "progress_only" in rules and word_flag(word) in PROGRESS_ONLY_FLAGS and not self.in_some_task(word, report):
            return True
        return "progress_only_v" in rules and word_flag(word) == "v" and not self.in_some_task(word, report)

    def in_some_task(self, word: str, report: np.ndarray) -> bool:
        """Whether the task text of an item of the report at ``report`` (its positions) holds ``word``."""
        key = (int(report[0]), len(report))  # one engine reads one unchanging generation
        if key not in self._tasks:
            self._tasks[key] = "\n".join(fold(item.task).lower() for item in self.searcher.items_at(report))
        return fold(word).lower() in self._tasks[key]

    def whole_word(self, word: str, report: np.ndarray) -> str:
        """``word``, or the longer word it is a fragment of: where ``word`` can modify a noun
        (``MODIFIER_FLAGS``) and, everywhere in the report at ``report`` (its positions), stands
        right before the same noun (``HEAD_FLAGS``), that noun phrase (人民 → 人民医院 where the
        report says 人民 only in 区人民医院). Read from the report itself, no list."""
        if word_flag(word) not in MODIFIER_FLAGS:
            return word
        key = (int(report[0]), len(report))  # one engine reads one unchanging generation
        if key not in self._pieces:
            tokenizer = self.searcher.tokenizer
            self._pieces[key] = [
                piece
                for item in self.searcher.items_at(report)
                for piece in [*tokenizer.pieces(f"{item.task} {item.progress}"), "\n"]
            ]
        pieces = self._pieces[key]
        heads = {pieces[n + 1] for n, piece in enumerate(pieces[:-1]) if piece == word}
        if len(heads) != 1:
            return word
        head = heads.pop()
        if len(head) < 2 or any(c.isdigit() for c in head) or word_flag(head) not in HEAD_FLAGS:
            return word
        return word + head

    def is_place_of_report(self, word: str, report: np.ndarray) -> bool:
        """Whether ``word`` is where the work of the report at ``report`` (its positions) is
        rather than what it is: the report's own district (:func:`is_own_district`), or a place
        name more than ``PLACE_SHARE`` of its items hold."""
        first = self.items[int(report[0])]
        if is_own_district(word, first.report, first.title):
            return True
        if not is_place_word(word):
            return False
        key = (word, int(report[0]), len(report))  # one engine reads one unchanging generation
        if key not in self._holding:
            folded = fold(word).lower()
            self._holding[key] = sum(folded in self.searcher.folded_text(int(i)) for i in report.tolist())
        return self._holding[key] > PLACE_SHARE * len(report)
