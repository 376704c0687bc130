"""Search over one index generation: filters, query understanding, both retrievers, fusion,
and hits with highlights. :class:`~wrsearch.engine.Engine` delegates ``search`` here, and
answers and relations build on it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property

import numpy as np

from wrsearch.answer.status import Status, StatusBook
from wrsearch.errors import BadInput
from wrsearch.index.calibrate import Calibration
from wrsearch.index.embed import Embedder
from wrsearch.index.lexical import Tokenizer, boilerplate
from wrsearch.index.store import ItemColumns, ItemStore
from wrsearch.ingest.departments import match_departments
from wrsearch.ingest.periods import ISSUERS, canonical_period, period_aliases, period_label
from wrsearch.models import Item
from wrsearch.options import Choice
from wrsearch.schema import Highlights, Hit, SearchResponse, status_fields
from wrsearch.search.fusion import FIGURE_WEIGHTS, WEIGHTS, LexicalEvidence, Mode, Scored, fuse
from wrsearch.search.highlight import highlight, term_pattern
from wrsearch.search.query import WHICH_ITEMS_RE, QueryKind, QueryPlan, analyze, leftover_words, synonyms
from wrsearch.search.retriever import Retriever
from wrsearch.text import fold
from wrsearch.validate import check_k, check_query

EXPANSION_WEIGHT = 0.5  # synonym expansions count half as much as the user's own words
SUBWORD_WEIGHT = 0.6  # a query word inside another query word (循环 of 微循环)
SINGLE_WEIGHT = 0.2  # a single character among longer words (水 of 水处理: it matches 区水务湖泊局 too)
BOILERPLATE_SHARE = 0.25  # a word in more than this share of the items is boiler-plate…
BOILERPLATE_WEIGHT = 0.2  # …and counts this much
# An item's dense score: its best chunk, blended with its task chunk (what the work is) by this share…
TASK_DENSE_SHARE = 0.5
# In hybrid search (``Searcher.search``; answers keep the ranking they were measured on), an
# item's dense part is ranked by its similarity less this share of its closeness to
# the typical staff query (``search/typical.py``: the mean query vector of the synonym list's
# everyday words), less the index's mean: an item close to every query (a short task of figures,
# a generic hotline or enforcement item) is close to each one partly by chance. The ``confident``
# flag and ``--mode dense`` read the similarity as it is. 0: off. Round 16t (issue 14,
# docs/retrieval-round16.md, benchmarks/round16/study.py): nested leave-one-set-out over the
# twenty-two search dev sets, topic nDCG@10 0.9485 left out against 0.9404 off, (set, type) pairs
# with the hybrid below a half 3 both; 1.0 chosen on 21 of 22 folds (0.75 on the fold leaving 花溪区 out).
# In ``--mode dense`` too it puts more pairs below dense (v2 dept, 花溪区 topic): hybrid only.
TYPICAL_QUERY_WEIGHT = 1.0
# …for the items closest by their best chunk, at most this many (task vectors read per query);
# the rest lose the largest drop seen among those, so that none rises above them for it.
TASK_BLEND_LIMIT = 2000
# cover counts each query term once (see ``word_cover``); False: the older count, every token
# and expansion adding up on its own (kept for benchmarks/tune_retrieval.py).
COVER_BY_WORD = True
# A term held only in pieces counts this share of it: a query word the item lacks whose pieces
# it holds (土地 … 出让 for 土地出让), a four-character term of two words (数据共享, 电信诈骗) of
# which it holds one word, or both apart (平安城市 … 智慧平安小区 for 智慧城市). 0.5 by the
# leave-one-set-out over the eight dev sets (docs/retrieval-history.md: 市民热线 → 便民热线 … 热线); 0 before.
PIECE_CREDIT = 0.5
# A phrase's words found together are checked in the item's text for the phrase itself when at
# most this many items hold them all (more: they count as the phrase, so no query reads them all).
PHRASE_CHECK_LIMIT = 200


class FragmentRule(Choice):
    """Which matches inside a longer word of the item count as fragments (``FRAGMENT_RULE``)."""

    __choice_name__ = "fragment rule"

    INSIDE = "inside"  # the query word is only ever inside a longer word (by the item's precise cut)
    ACROSS = "across"  # …and there crosses a boundary of that word's own parts (湖水 in 月湖|水务|集团)
    UNIT = "unit"  # …across the parts of a unit's name the index lists (月湖水务集团, 区水务湖泊局)


# A query word (two characters or more) that an item holds only inside longer words of its own
# precise-mode cut — 湖水 inside the company name 月湖水务集团 — counts this share of a whole-word
# match, in the item's cover and in its BM25 for that word (1: no difference). ``FRAGMENT_RULE``
# says which such matches count as fragments. Checked where at most ``PHRASE_CHECK_LIMIT`` items
# hold the word (more: each counts whole, no item is read). Issue 14: round 12b chose inside at
# 0.75 over eighteen search dev sets (left out 0.9653 against 0.9650 off). Round 12c re-ran the same
# nested leave-one-set-out over twenty (yunlong and huaxi added; benchmarks/round12/fragments.py,
# docs/retrieval-round12.md): inside 0.75 cost both new sets (left out 0.9445 / 0.9265 against
# 0.9481 / 0.9296 off), and the choice is now unit at 0, which moves one dev row (月湖区 t035 湖水)
# and is left out equal to off (0.9624 both).
FRAGMENT_CREDIT = 0.0
FRAGMENT_RULE = FragmentRule.UNIT
# A place name ending in 区 (two or three characters before it, a place name by jieba's tagger:
# 金桥区, 武昌区 — not 老旧小区, 开发区 or 经开区) opening a query…
DISTRICT_RE = re.compile(r"[\u4e00-\u9fff]{2,3}?区")
# …is read as this, when it names the report's own district (see ``Searcher.own_district``).
OWN_DISTRICT = "全区"


def is_place_name(name: str) -> bool:
    """Whether jieba's part-of-speech tagger reads ``name`` (…区) as a place: the whole of it,
    or all but its 区, one word tagged ``ns`` (金桥区, 武昌区, 淮海 + 区; not 开发区, 老 + 小区)."""
    import jieba.posseg  # loaded only for queries opening with …区

    tagged = list(jieba.posseg.cut(name))
    return tagged[0].flag == "ns" and len(tagged[0].word) >= len(name) - 1


def to_hit(item: Item, scored: Scored, pattern, status: Status | None = None) -> Hit:
    """An item as a search hit: its scores, the query's words highlighted, and its status."""
    return Hit(
        **item.to_record(),
        **status_fields(status),
        score=round(scored.score, 4),
        confident=scored.confident,
        dense=round(scored.dense, 4) if scored.dense > -1 else None,
        lexical=round(scored.lexical, 4),
        highlights=Highlights(
            task=highlight(item.task, pattern, context=200, max_snippets=1),
            progress=highlight(item.progress, pattern),
        ),
    )


class Searcher:
    """Ranks the ``items`` of one generation for a query (``retriever`` scores them;
    ``embed_query`` is called only when a query needs meaning).

    ``items`` is read only for the hits a query returns; filters and relations compare the
    ``columns`` (default: computed from the items), so no query reads every item."""

    def __init__(
        self,
        items: Sequence[Item],
        retriever: Retriever,
        tokenizer: Tokenizer,
        calibration: Calibration,
        embedder: Callable[[], Embedder],
        columns: ItemColumns | None = None,
    ) -> None:
        self.items, self.retriever, self.tokenizer, self.calibration = items, retriever, tokenizer, calibration
        self._embedder = embedder
        self.columns = columns if columns is not None else ItemColumns.of_items(items)
        self._years = self.columns.year
        known = self._years[self._years >= 0]
        self.newest_year = int(known.max()) if known.size else None

    def position_of(self, item_id: str) -> int | None:
        """Position of an item by id, or None."""
        if isinstance(self.items, ItemStore):
            return self.items.position(item_id)
        return self._positions.get(item_id)

    def items_at(self, positions) -> list[Item]:
        """The items at ``positions``, in that order (one read of the store for them all)."""
        if isinstance(self.items, ItemStore):
            return self.items.many(positions)
        return [self.items[int(p)] for p in positions]

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {item.id: n for n, item in enumerate(self.items)}

    @cached_property
    def statuses(self) -> StatusBook:
        """Each item's status (see :mod:`~wrsearch.answer.status`), computed when first asked for."""
        return StatusBook(self.items)

    @cached_property
    def department_counts(self) -> dict[str, int]:
        """Every department with its number of items, most items first."""
        return self.columns.department_counts()

    # -- filters and scores ----------------------------------------------------------------
    def filter_mask(
        self,
        dept: str | None = None,
        year: int | None = None,
        period: str | None = None,
        report: str | None = None,
        issuer: str | None = None,
    ) -> np.ndarray:
        """Items allowed by the filters; an unknown department allows nothing. ``period``
        takes every alias (上半年 = 半年 = 1-6月); an unknown period or issuer is :class:`BadInput`."""
        mask = np.ones(len(self.columns), dtype=bool)
        if dept is not None and dept.strip():
            mask &= self.department_mask(match_departments(dept, self.department_counts))
        if year is not None:
            mask &= self._years == year
        if period is not None and period.strip():
            canonical = canonical_period(period)
            if canonical is None:
                raise BadInput(f"未知的时段 '{period.strip()[:20]}';可用:{period_aliases()}")
            mask &= self._period(canonical)
        if report is not None and report.strip():
            mask &= self.columns.equals("report", report.strip())
        if issuer is not None and issuer.strip():
            if issuer.strip() not in ISSUERS:
                raise BadInput(f"未知的层级 '{issuer.strip()[:20]}';可用:{'、'.join(ISSUERS)}")
            mask &= self._issuer(issuer.strip())
        return mask

    def _period(self, period: str) -> np.ndarray:
        return self.columns.equals("period", period)

    def _issuer(self, issuer: str) -> np.ndarray:
        return self.columns.equals("issuer", issuer)

    def asked_years(self, plan: QueryPlan) -> list[int]:
        """The years a query names, a relative one (今年 0, 去年 -1) counted from the newest
        indexed year. 去年 asked of a whole-year report with no report of the year before it is
        that report's year: a year's report is read the year after it (石港区2022年全年: 去年GDP
        增速目标; a 1-3月 or 1-6月 report's 去年 stays the year before, which is not indexed)."""
        newest = self.newest_year
        years = [newest + y if y <= 0 and newest else y for y in plan.years]
        if newest and -1 in plan.years and not (self._years == newest - 1).any():
            whole_year = (self._years == newest) & self._period("全年")
            if whole_year.any():
                years = [newest if y == newest - 1 else y for y in years]
        return years

    def missing_time(self, plan: QueryPlan) -> str | None:
        """The time a query names that no indexed report covers (``2020年``, ``上半年``), or None
        when it names none or the index holds what it names."""
        years = self.asked_years(plan)
        have_years = [y for y in years if y and (self._years == y).any()]
        have_periods = [p for p in plan.periods if p in self.columns.periods]
        if years and not have_years:
            return "、".join(f"{y}年" for y in years if y)
        if plan.periods and not have_periods:
            return "、".join(period_label(p) for p in plan.periods)
        return None

    def time_masks(self, plan: QueryPlan) -> list[tuple[str, np.ndarray]]:
        """The periods and years a query names, each as (label, items of that time), within
        the issuer it names (市政府工作报告 → 市) — only those the index holds. Empty when the
        query names neither time nor issuer (or none indexed)."""
        slots: list[tuple[str, np.ndarray]] = []
        scope = np.ones(len(self.columns), dtype=bool)
        if plan.issuer and plan.issuer in self.columns.issuers:
            scope = self._issuer(plan.issuer)
        years = self.asked_years(plan)
        years = [y for y in dict.fromkeys(years) if y and (self._years == y).any()]
        periods = [p for p in plan.periods if p in self.columns.periods]
        if len(years) > 1:
            for year in years:
                mask = self._years == year
                if len(periods) == 1:
                    mask &= self._period(periods[0])
                slots.append((f"{year}年{period_label(periods[0]) if len(periods) == 1 else ''}", mask))
        elif periods:
            base = self._years == years[0] if years else np.ones(len(self.columns), dtype=bool)
            for period in periods:
                slots.append((period_label(period), base & self._period(period)))
        elif years:
            slots.append((f"{years[0]}年", self._years == years[0]))
        elif plan.issuer and not scope.all():
            slots.append((plan.issuer, scope))
        return [(label, mask & scope) for label, mask in slots if (mask & scope).any()]

    def department_mask(self, departments: set[str]) -> np.ndarray:
        return self.columns.department_mask(departments)

    def plan(self, query: str) -> QueryPlan:
        """The query taken apart (:func:`~wrsearch.search.query.analyze`). A question naming a
        department and asking which items (哪些事项, 几项) whose other words no item says asks the
        department's items: those words are phrasing (有哪些事项要办, 出现在哪些事项里), not a
        topic — however staff phrase it, without a filler list that knows each wording. A word
        some item says (充电桩 in 充电桩建设牵头单位是哪些) stays a topic."""
        plan = analyze(query, self.tokenizer, self.department_counts)
        if plan.departments and not plan.department_only and WHICH_ITEMS_RE.search(plan.remainder):
            plan.phrasing_only = not any(self.document_frequency(word) for word in leftover_words(plan))
        return plan

    def search_plan(self, query: str) -> QueryPlan:
        """:meth:`plan` for ranking search hits: a district the query opens with read as 全区
        (see :meth:`own_district`). ``ask`` keeps the query as written (it tells a question about
        a district apart itself)."""
        district = self.own_district(query)
        if district:
            return self.plan(OWN_DISTRICT + query.strip()[len(district) :])
        return self.plan(query)

    def own_district(self, query: str) -> str | None:
        """The district a query opens with (金桥区常住人口有多少 → 金桥区), when the reports do not
        tell it apart from the rest: no item names it as written, or more than
        ``BOILERPLATE_SHARE`` of them do. A report is its own district's, so the name says
        "the whole district" (全区) — read literally it matched 金桥湾 and 金桥医院 by meaning and
        made a confident hit of a question the report does not answer. A name the reports use
        for some items only (武昌区 in the seed report) stays a word of the query. None when the
        query does not open with a place name (老旧小区, 园区, 开发区 are words of their own)."""
        found = DISTRICT_RE.match(query.strip())
        if not found or found.group(0) == query.strip():
            return None
        name = found.group(0)
        if not is_place_name(name):
            return None
        share = self.document_frequency(name) / max(len(self.columns), 1)
        return name if share == 0 or share > BOILERPLATE_SHARE else None

    def term_weights(self, plan: QueryPlan) -> dict[str, float]:
        """How much each query word counts on the lexical side: a single character little unless
        the query is nothing but single characters (水 of 水处理 matches 区水务湖泊局); a word inside
        another query word less (循环 of 微循环); boiler-plate (in more than ``BOILERPLATE_SHARE``
        of the items: 推进, 加强, 落实…) little; synonym expansions half."""
        n = max(len(self.columns), 1)
        words = plan.words
        only_singles = all(len(w) == 1 for w in words)
        # Everyday terms the synonym list knows (水处理, 修路): their pieces are fragments.
        folded = fold(plan.text).lower()
        terms = [fold(w).lower() for left, _ in synonyms() for w in left if fold(w).lower() in folded]
        weights: dict[str, float] = {}
        # Expansions are matched as the index tokenized them (水体治理 → 水体治理, 水体, 治理).
        expanded = [t for e in plan.expansions for t in self.tokenizer.tokens(e) if t not in words]
        terms += [fold(e).lower() for e in plan.expansions]
        for word in [*words, *dict.fromkeys(expanded)]:
            weight = 1.0 if word in words else EXPANSION_WEIGHT
            if len(word) == 1 and not only_singles:
                weight *= SINGLE_WEIGHT
            if any(word != other and word in other for other in [*words, *terms]):
                weight *= SUBWORD_WEIGHT
            if word in boilerplate() or self.retriever.document_frequency(word) > BOILERPLATE_SHARE * n:
                weight *= BOILERPLATE_WEIGHT
            weights[word] = max(weights.get(word, 0.0), weight)
        return weights

    def lexical_evidence(self, plan: QueryPlan) -> LexicalEvidence:
        """Weighted BM25 of the query's words and expansions, and each item's share of them."""
        weights = self.term_weights(plan)
        scores = self.retriever.lexical_scores(list(weights), weights)
        for token, weight in weights.items():
            whole = self.whole_share(token, weights)
            if whole is not None:  # the token's BM25 again, its fragment matches discounted
                scores = scores - (1.0 - whole) * self.retriever.lexical_scores([token], {token: weight})
        if COVER_BY_WORD:
            cover, literal, specific = self.word_cover(plan, weights)
            flag_cover, flag_literal = cover, literal
            if FRAGMENT_CREDIT < 1.0:  # the flag counts fragments in full (see LexicalEvidence)
                flag_cover, flag_literal, _ = self.word_cover(plan, weights, fragments=False)
            informative = self.informative_share(plan, weights)
            return LexicalEvidence(scores, cover, literal, informative, specific, flag_cover, flag_literal)
        cover = np.zeros(len(self.columns), dtype=np.float32)
        asked = sum(w for t, w in weights.items() if t in plan.words) or sum(weights.values())
        for token, weight in weights.items():
            # A report word found for an everyday one stands for it in full.
            cover[self.retriever.items_with(token)] += weight if token in plan.words else weight / EXPANSION_WEIGHT
        cover = np.clip(cover / asked, 0.0, 1.0) if asked else cover
        return LexicalEvidence(scores, cover, cover, self.informative_share(plan, weights))

    def informative_share(self, plan: QueryPlan, weights: dict[str, float]) -> float:
        """How informative the query's own words are (0–1): their mean weight (see
        :meth:`term_weights`), 1 for words that each count in full, 0.2 for boiler-plate alone
        (推进 落实), 0 when the query has no word."""
        asked = [weights.get(w, 0.0) for w in plan.words if not any(w != o and w in o for o in plan.words)]
        return sum(asked) / len(asked) if asked else 0.0

    def word_cover(
        self, plan: QueryPlan, weights: dict[str, float], fragments: bool = True
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each item's share of the query's terms (0–1), each weighted as in :meth:`term_weights`,
        its *literal* share: the same, counting only the query's own words as written (a
        report word found through the synonym list, 道路 for 修路, is not one), and its *specific*
        share: the same, counting only terms weighing more than boiler-plate (not 工作, not a lone 水).

        A term is a query word, or a four-character query term of two words (智慧城市, 数据共享),
        which is one unit. An item holds a term whole — the word, the unit as written, or a report
        word of the synonym rule it belongs to (修路 → 道路) — or only in pieces (电信 of 电信诈骗,
        幼儿 of 幼儿园, 智慧 … 城市 apart), which earn ``PIECE_CREDIT`` of it by their share.
        ``fragments`` (default True): a word held only as a fragment of longer words counts
        ``FRAGMENT_CREDIT`` (see :meth:`whole_share`); False, in full."""
        n = len(self.columns)
        rule = weights if fragments else None  # the query's terms, or no fragment rule
        query = fold(plan.text).lower()
        asked = [w for w in plan.words if not any(w != other and w in other for other in plan.words)]
        terms: list[tuple[float, np.ndarray, np.ndarray, list[str]]] = []  # (weight, whole, literally, pieces)
        in_units: set[str] = set()
        for segment in re.split(r"[\s,，、;；。?？!！]+", query):
            words = self.tokenizer.words(segment)
            if len(segment) == 4 and len(words) == 2 and all(len(w) == 2 and w in asked for w in words):
                in_units.update(words)
                held = self.holding(segment)
                literal = held * self.whole_or_one(fold(segment).lower(), rule, np.flatnonzero(held))
                whole = np.maximum(literal, self.synonym_held(segment, query))
                terms.append((sum(weights.get(w, 0.0) for w in words), whole, literal, words))
        for word in asked:
            if word not in in_units:
                literal = self.held_share(word, rule)
                pieces = [p for p in plan.words if p != word and p in word]
                terms.append(
                    (weights.get(word, 0.0), np.maximum(literal, self.synonym_held(word, query)), literal, pieces)
                )
        cover = np.zeros(n, dtype=np.float32)
        literal_cover = np.zeros(n, dtype=np.float32)
        specific_cover = np.zeros(n, dtype=np.float32)
        total = 0.0
        for weight, whole, literal, pieces in terms:
            if weight <= 0:
                continue
            total += weight
            credit, literal_credit = whole.astype(np.float32), literal.astype(np.float32)
            piece_weight = sum(weights.get(p, 0.0) for p in pieces)
            if piece_weight and PIECE_CREDIT:
                share = np.zeros(n, dtype=np.float32)
                for piece in pieces:
                    share += self.held_share(piece, rule) * (weights.get(piece, 0.0) / piece_weight)
                credit = np.maximum(credit, PIECE_CREDIT * share)
                literal_credit = np.maximum(literal_credit, PIECE_CREDIT * share)  # the query's own characters
            cover += weight * credit
            literal_cover += weight * literal_credit
            if weight > BOILERPLATE_WEIGHT + 1e-9:  # boiler-plate and lone characters weigh 0.2 or less
                specific_cover += weight * credit
        if not total:
            return cover, literal_cover, specific_cover
        return cover / total, literal_cover / total, specific_cover / total

    def held_share(self, token: str, query_terms: Iterable[str] | None = ()) -> np.ndarray:
        """Per item: 1 where it holds ``token`` as a word, ``FRAGMENT_CREDIT`` where only as a
        fragment of longer words (see :meth:`whole_share`), 0 where not at all; ``query_terms``
        None: 1 for a fragment too."""
        held = np.zeros(len(self.columns), dtype=np.float32)
        held[self.retriever.items_with(token)] = 1.0
        return held * self.whole_or_one(token, query_terms)

    def whole_or_one(
        self, token: str, query_terms: Iterable[str] | None = (), positions: np.ndarray | None = None
    ) -> np.ndarray | float:
        """:meth:`whole_share`, 1 where it is None or ``query_terms`` is None (no rule)."""
        if query_terms is None:
            return 1.0
        whole = self.whole_share(token, query_terms, positions)
        return 1.0 if whole is None else whole

    def whole_share(
        self, token: str, query_terms: Iterable[str] = (), positions: np.ndarray | None = None
    ) -> np.ndarray | None:
        """Per item, what its match of ``token`` counts: ``FRAGMENT_CREDIT`` for an item holding it
        only as a fragment (inside longer words of its precise cut, by ``FRAGMENT_RULE``, that hold
        no longer term of the query around it: 业生 of the query's 毕业生 is no fragment of 毕业生),
        else 1. None when nothing is discounted (the rule off, a single character — those already
        count ``SINGLE_WEIGHT`` —, no fragment, or more than ``PHRASE_CHECK_LIMIT`` items to read).
        ``positions``: the items holding it (default: those with ``token`` as an index token; a
        four-character unit that is none, 古城保护, passes the items :meth:`holding` it)."""
        if FRAGMENT_CREDIT >= 1.0 or len(token) < 2:
            return None
        if positions is None:
            positions = self.retriever.items_with(token)
        if not len(positions) or len(positions) > PHRASE_CHECK_LIMIT:
            return None
        around = [term for term in query_terms if token in term and term != token]
        fragments = [int(p) for p in positions if self.only_fragment(token, int(p), around)]
        if not fragments:
            return None
        share = np.ones(len(self.columns), dtype=np.float32)
        share[fragments] = FRAGMENT_CREDIT
        return share

    def only_fragment(self, token: str, position: int, around: Sequence[str] = ()) -> bool:
        """Whether every occurrence of ``token`` in the item at ``position`` lies inside a longer
        word of its precise-mode cut that holds none of the query's terms ``around`` it (and, for
        ``FragmentRule.ACROSS``, crosses a boundary between that word's own parts: 湖水 in
        月湖水务集团, not 水务 nor 供水 in 供水管网; for ``FragmentRule.UNIT``, that word is also a
        unit named in the index)."""
        text, spans = self.item_pieces(position)
        found = False
        for match in re.finditer(re.escape(token), text):
            start, end = match.start(), match.end()
            # the piece holding this occurrence, if one longer than the token does
            span = next((s for s in spans if s[0] <= start and end <= s[1] and s[1] - s[0] > len(token)), None)
            if span is None or any(term in span[2] for term in around):
                return False
            if not self.fragment_of(span[2], start - span[0], len(token)):
                return False
            found = True
        return found

    def fragment_of(self, piece: str, offset: int, length: int) -> bool:
        """Whether ``length`` characters at ``offset`` of ``piece`` count as a fragment of it by
        ``FRAGMENT_RULE``: any part (``INSIDE``), or one crossing a boundary between its own
        parts and not whole parts (``ACROSS``; ``UNIT``: of a unit named in the index)."""
        if FRAGMENT_RULE is FragmentRule.INSIDE:
            return True
        if FRAGMENT_RULE is FragmentRule.UNIT and piece not in self._unit_names:
            return False
        bounds, at = {0}, 0
        for part in self.tokenizer.inner_pieces(piece):
            at += len(part)
            bounds.add(at)
        start, end = offset, offset + length
        aligned = start in bounds and end in bounds
        return not aligned and any(start < b < end for b in bounds)

    def item_pieces(self, position: int) -> tuple[str, list[tuple[int, int, str]]]:
        """The item's folded text and its precise-mode words (``Tokenizer.pieces``) with their
        spans, cached."""
        cache = self._pieces_cache
        if position not in cache:
            if len(cache) > 20_000:  # a long-running server: keep the cache bounded
                cache.clear()
            text = fold(self.folded_text(position)).lower()
            spans, at = [], 0
            for piece in self.tokenizer.pieces(text):
                spans.append((at, at + len(piece), piece))
                at += len(piece)
            cache[position] = (text, spans)
        return cache[position]

    @cached_property
    def _pieces_cache(self) -> dict[int, tuple[str, list[tuple[int, int, str]]]]:
        return {}

    @cached_property
    def _unit_names(self) -> frozenset[str]:
        """The index's department names, folded, with and without their 区/市 prefix."""
        names = {fold(name).lower() for name in self.department_counts}
        return frozenset(names | {name[1:] for name in names if len(name) > 3 and name[0] in "区市"})

    def synonym_held(self, term: str, query: str) -> np.ndarray:
        """Items holding a report word of a synonym rule that ``term`` of ``query`` (folded)
        belongs to: the rule's everyday word is in the query and holds the term or lies within it."""
        held = np.zeros(len(self.columns), dtype=bool)
        for left, rights in synonyms():
            lefts = [fold(w).lower() for w in left]
            if any(w in query and (term in w or w in term) for w in lefts):
                for right in rights:
                    held |= self.holding(right)
        return held

    def holding(self, phrase: str) -> np.ndarray:
        """Items holding ``phrase``: as one token where the index has it, else all its words."""
        n = len(self.columns)
        token = fold(phrase).lower()
        held = np.zeros(n, dtype=bool)
        if self.retriever.document_frequency(token):
            held[self.retriever.items_with(token)] = True
            return held
        held[:] = True
        words = self.tokenizer.words(phrase) or [token]
        for word in words:
            part = np.zeros(n, dtype=bool)
            part[self.retriever.items_with(word)] = True
            held &= part
        # Its words apart are not the phrase (智慧 … 交通 is not 智慧交通), where few enough to read.
        found = np.flatnonzero(held)
        if len(words) > 1 and len(found) <= PHRASE_CHECK_LIMIT:
            held[[int(i) for i in found if token not in self.folded_text(int(i))]] = False
        return held

    def lexical_scores(self, plan: QueryPlan) -> np.ndarray:
        """Weighted BM25 of the query's words and expansions (see :meth:`term_weights`)."""
        return self.lexical_evidence(plan).scores

    def dense_similarity(self, text: str) -> np.ndarray:
        """Best chunk cosine similarity per item to ``text`` as a query (-1: not among the nearest)."""
        return self.retriever.dense_similarity(self._embedder().query(text))

    def item_closeness(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Per item: the best chunk's cosine similarity to ``text`` (what the calibration and the
        ``confident`` flag read) and the similarity that ranks — the best chunk blended with the
        item's task chunk by ``TASK_DENSE_SHARE`` (-1 for both: not among the nearest)."""
        vector = self._embedder().query(text)
        best = self.retriever.dense_similarity(vector)
        ranking = best.copy()
        if TASK_DENSE_SHARE:
            found = np.flatnonzero(best > -1)
            rest = found[:0]
            if len(found) > TASK_BLEND_LIMIT:
                order = np.argpartition(-best[found], TASK_BLEND_LIMIT - 1)
                found, rest = np.sort(found[order[:TASK_BLEND_LIMIT]]), found[order[TASK_BLEND_LIMIT:]]
            task = np.asarray(self.retriever.task_vectors()[found], dtype=np.float32) @ vector.reshape(-1)
            drop = TASK_DENSE_SHARE * (best[found] - task)
            ranking[found] -= drop
            if len(rest):
                ranking[rest] -= float(drop.max())
        return best, ranking

    @cached_property
    def typicality(self) -> np.ndarray:
        """Per item: its similarity to the typical staff query (:func:`~wrsearch.search.typical.typical_query`),
        its best chunk blended with its task chunk as a query's is (``TASK_DENSE_SHARE``), less the
        mean over the index's items (0 for an item without chunks)."""
        from wrsearch.search.typical import typical_query

        vector = typical_query(self._embedder())
        best = self.retriever.dense_similarity(vector, exhaustive=True)
        task = np.asarray(self.retriever.task_vectors(), dtype=np.float32) @ vector
        closeness = best - TASK_DENSE_SHARE * (best - task)
        found = best > -1
        if not found.any():
            return np.zeros(len(best), dtype=np.float32)
        centred = np.where(found, closeness - float(closeness[found].mean()), 0.0)
        return centred.astype(np.float32)

    # -- ranking ---------------------------------------------------------------------------
    def rank(
        self,
        plan: QueryPlan,
        mask: np.ndarray,
        mode: Mode = Mode.HYBRID,
        dept_given: bool = False,
        limit: int | None = None,
        synonym_cover: float | None = None,
        typical: bool = False,
    ) -> list[Scored]:
        """All candidate items for a query within ``mask``, best first (``synonym_cover``: see
        :func:`~wrsearch.search.fusion.fuse`, default ``fusion.SYNONYM_COVER``; ``typical``: the
        hybrid's dense part corrected by ``TYPICAL_QUERY_WEIGHT``, default off — measured for
        search, not for the answers built on this ranking).

        A department named in the query (and no ``--dept``) narrows the search to its
        items and returns all of them; a query that is only a department name lists
        them lead department first, then in report order."""
        keep_all = bool(plan.departments) and not dept_given
        if keep_all:
            mask = mask & self.department_mask(plan.departments)
            if plan.department_only:
                return self._department_listing(plan.departments, mask)
        n = len(mask)
        if mode is Mode.DENSE:
            lexical = LexicalEvidence(np.zeros(n, np.float32), np.zeros(n, np.float32))
        else:
            lexical = self.lexical_evidence(plan)
        dense, ranking = self.item_closeness(plan.remainder) if mode is not Mode.BM25 else (None, None)
        weights = FIGURE_WEIGHTS if plan.kind is QueryKind.FIGURE else WEIGHTS
        order = None
        if typical and TYPICAL_QUERY_WEIGHT and mode is Mode.HYBRID:
            order = ranking - TYPICAL_QUERY_WEIGHT * self.typicality
        return fuse(
            dense,
            lexical,
            mask,
            mode,
            self.calibration,
            weights,
            keep_all=keep_all,
            limit=limit,
            dense_ranking=ranking,
            synonym_cover=synonym_cover,
            order_ranking=order,
        )

    def _department_listing(self, departments: set[str], mask: np.ndarray) -> list[Scored]:
        """The items of ``mask`` (each names one of ``departments``), those listing one of them
        first before those listing it second…, then in report order."""
        offsets = self.columns.first_department_offset(departments, mask)
        positions = np.flatnonzero(mask)
        positions = positions[np.argsort(offsets[positions], kind="stable")]
        return [Scored(int(i), 1.0 / (1 + int(offsets[i])), -1.0, 0.0) for i in positions]

    def closest(self, text: str, n: int) -> list[Scored]:
        """The ``n`` items nearest by meaning, with no relevance floor."""
        similarity = self.dense_similarity(text)
        order = np.argsort(-similarity)[:n]
        return [Scored(int(i), 0.0, float(similarity[i]), 0.0) for i in order]

    def search(
        self,
        query: str,
        k: int = 10,
        dept: str | None = None,
        year: int | None = None,
        period: str | None = None,
        report: str | None = None,
        mode: Mode | str = Mode.HYBRID,
        generation: str | None = None,
        issuer: str | None = None,
    ) -> SearchResponse:
        """Hybrid search (default 10 hits) with optional department/year/period/report filters."""
        query = check_query(query)
        check_k(k)
        mode = Mode.parse(mode)
        mask = self.filter_mask(dept, year, period, report, issuer)
        plan = self.search_plan(query)
        times = self.time_masks(plan)
        if len(times) == 1 and year is None and not (period and period.strip()):
            mask = mask & times[0][1]  # 上半年… in the query: that period's reports
        given = dept is not None and bool(dept.strip())
        ranked = self.rank(plan, mask, mode, dept_given=given, limit=k, typical=True)[:k] if mask.any() else []
        # Only the words that count are marked: not every 水, not boiler-plate such as 深入.
        counted = {t for t, w in self.term_weights(plan).items() if w >= EXPANSION_WEIGHT * SUBWORD_WEIGHT}
        pattern = term_pattern([*(t for t in plan.words if t in counted), *plan.expansions] or plan.highlight_terms)
        hits = [self.hit(scored, pattern) for scored in ranked]
        return SearchResponse(query=query, hits=hits, question=plan.is_question, generation=generation)

    def hit(self, scored: Scored, pattern) -> Hit:
        return to_hit(self.items[scored.index], scored, pattern, self.statuses.of(scored.index))

    # -- word statistics -------------------------------------------------------------------
    def folded_text(self, position: int) -> str:
        """An item's task, progress and departments, folded for substring tests."""
        item = self.items[position]
        return fold(f"{item.task} {item.progress} {' '.join(item.departments)}").lower()

    def document_frequency(self, word: str) -> int:
        """About how many items hold ``word``, from the lexical index (no item is read): those
        with a token that holds it, where the backend can tell (``substring_frequency``),
        else those with the word as a token."""
        word = fold(word).lower()
        substring_frequency = getattr(self.retriever, "substring_frequency", None)
        if substring_frequency is not None:
            return substring_frequency(word)
        return self.retriever.document_frequency(word)
