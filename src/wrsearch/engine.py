"""The engine: one loaded index and embedder, and every operation the CLI and HTTP offer.

The CLI, the HTTP API and the web page are thin shells over :class:`Engine`; all checks of
user input happen here so that every shell reports them the same way.
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property
from pathlib import Path

import numpy as np

from wrsearch.answer import (
    CANDIDATE_ITEMS,
    MAX_LIST_ITEMS,
    Answer,
    answer_words,
    extract,
    idf_weights,
    list_answer,
    list_lines,
)
from wrsearch.calibrate import Calibration
from wrsearch.departments import match_departments
from wrsearch.embed import Embedder, load_embedder
from wrsearch.errors import BadInput, IndexUnavailable
from wrsearch.highlight import highlight, term_pattern
from wrsearch.query import QueryKind, QueryPlan, analyze
from wrsearch.relations import RelationsMixin
from wrsearch.retrieve import FIGURE_WEIGHTS, Mode, Scored, Weights, fuse, pool_max
from wrsearch.schema import (
    AskResponse,
    DepartmentCount,
    Facets,
    Health,
    Highlights,
    Hit,
    Item,
    ReportInfo,
    SearchResponse,
)
from wrsearch.store import LoadedIndex, current_generation, default_index_dir, load_index
from wrsearch.tasks import period_rank
from wrsearch.text import fold
from wrsearch.validate import check_k, check_query

CITATIONS = 5
LIST_SCORE_SHARE = 0.5  # a 哪些… answer lists the items scoring at least half the best
EXPANSION_WEIGHT = 0.5
DENSE_CANDIDATES = 20_000  # nearest chunks scored by meaning; the rest count as unrelated  # synonym expansions count half as much as the user's own words


class Engine(RelationsMixin):
    """Search over one index (default ``index/`` or ``$WRSEARCH_INDEX``).

    The index loads on creation; the embedder on the first query that needs it, unless
    given. ``embedder`` may name one (``"st:…"``) to check it against the index's.
    """

    def __init__(self, index_dir: str | Path | None = None, embedder: str | Embedder | None = None) -> None:
        self.index_dir = default_index_dir(index_dir)
        self.index: LoadedIndex = load_index(self.index_dir)
        self.embedder_name: str = self.index.manifest["embedder"]
        self._embedder: Embedder | None = None
        if embedder is not None:
            name = embedder if isinstance(embedder, str) else embedder.name
            if name != self.embedder_name:
                raise BadInput(
                    f"index {self.index_dir} was built with embedder '{self.embedder_name}', not '{name}'; "
                    f"rebuild it with: wrsearch index --embedder {name}"
                )
            if not isinstance(embedder, str):
                self._set_embedder(embedder)
        self.calibration = Calibration(**self.index.manifest["calibration"])
        items = self.index.items
        self._by_id = {item["id"]: n for n, item in enumerate(items)}
        self._chunk_item = self.index.chunk_item
        # Columns for filters, so that a filter is one vectorised comparison, not a loop.
        self._years = np.array([item["year"] if item["year"] is not None else -1 for item in items], dtype=np.int64)
        self._periods = np.array([item["period"] or "" for item in items], dtype=object)
        self._reports = np.array([item["report"] for item in items], dtype=object)
        self._by_department: dict[str, list[int]] = {}
        for n, item in enumerate(items):
            for name in item["departments"]:
                self._by_department.setdefault(name, []).append(n)

    # -- loading -------------------------------------------------------------------------
    @property
    def generation(self) -> str:
        """Name of the index generation this engine reads."""
        return self.index.folder.name

    def is_current(self) -> bool:
        """Whether the index folder still points at this engine's generation."""
        current = current_generation(self.index_dir)
        return current is not None and current.name == self.generation

    def reopen(self) -> Engine:
        """An engine over the index's current generation, reusing the loaded model if it fits."""
        if self._embedder is not None:
            try:
                return Engine(self.index_dir, embedder=self._embedder)
            except BadInput:  # rebuilt with another embedder
                pass
        return Engine(self.index_dir)

    def _set_embedder(self, embedder: Embedder) -> None:
        if embedder.dim != self.index.manifest["dim"]:
            raise IndexUnavailable(
                f"embedder '{embedder.name}' gives {embedder.dim} dimensions, the index has {self.index.manifest['dim']}"
            )
        self._embedder = embedder

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._set_embedder(load_embedder(self.embedder_name))
        return self._embedder

    @cached_property
    def department_counts(self) -> dict[str, int]:
        """Every department with its number of items, most items first."""
        counts = Counter(d for item in self.index.items for d in item["departments"])
        return dict(counts.most_common())

    # -- operations ----------------------------------------------------------------------
    def health(self) -> Health:
        return Health(
            status="ok",
            items=len(self.index.items),
            reports=len(self.index.reports),
            embedder=self.embedder_name,
            generation=self.generation,
        )

    def show(self, item_id: str) -> Item:
        """One item by id (``report#no``); :class:`NotFound` if unknown."""
        return Item(**self.index.items[self._position(item_id)])

    def filter_mask(
        self, dept: str | None = None, year: int | None = None, period: str | None = None, report: str | None = None
    ) -> np.ndarray:
        """Items allowed by the filters; an unknown department allows nothing."""
        mask = np.ones(len(self.index.items), dtype=bool)
        if dept is not None and dept.strip():
            mask &= self.department_mask(match_departments(dept, self.department_counts))
        if year is not None:
            mask &= self._years == year
        if period is not None and period.strip():
            mask &= self._periods == period.strip().replace("份", "")
        if report is not None and report.strip():
            mask &= self._reports == report.strip()
        return mask

    def dense_similarity(self, query: str) -> np.ndarray:
        """Best chunk cosine similarity per item; -1 for items with no chunk among the nearest
        ``DENSE_CANDIDATES`` (all chunks of a small index)."""
        vector = self.embedder.query(query).reshape(1, -1).astype(np.float32)
        n_chunks = self.index.faiss_index.ntotal
        scores, ids = self.index.faiss_index.search(vector, min(n_chunks, DENSE_CANDIDATES))
        valid = ids[0] >= 0
        return pool_max(scores[0][valid], self._chunk_item[ids[0][valid]], len(self.index.items))

    def plan(self, query: str) -> QueryPlan:
        return analyze(query, self.index.tokenizer, self.department_counts)

    def lexical_scores(self, plan: QueryPlan) -> np.ndarray:
        """BM25 of the query's words plus, at a lower weight, of its expansions."""
        scores = self.index.bm25.scores(plan.words)
        extra = [t for t in self.index.tokenizer.tokens(" ".join(plan.expansions)) if t not in plan.words]
        if extra:
            scores = scores + EXPANSION_WEIGHT * self.index.bm25.scores(extra)
        return scores

    def rank(
        self,
        plan: QueryPlan,
        mask: np.ndarray,
        mode: Mode = Mode.HYBRID,
        dept_given: bool = False,
        limit: int | None = None,
    ) -> list[Scored]:
        """All candidate items for a query within ``mask``, best first.

        A department named in the query (and no ``--dept``) narrows the search to its
        items and returns all of them; a query that is only a department name lists
        them lead department first, then in report order."""
        keep_all = bool(plan.departments) and not dept_given
        if keep_all:
            mask = mask & self.department_mask(plan.departments)
            if plan.department_only:
                return self._department_listing(plan.departments, mask)
        n = len(mask)
        lexical = self.lexical_scores(plan) if mode is not Mode.DENSE else np.zeros(n, np.float32)
        dense = self.dense_similarity(plan.remainder) if mode is not Mode.BM25 else None
        weights = FIGURE_WEIGHTS if plan.kind is QueryKind.FIGURE else Weights()
        return fuse(dense, lexical, mask, mode, self.calibration, weights, keep_all=keep_all, limit=limit)

    def department_mask(self, departments: set[str]) -> np.ndarray:
        mask = np.zeros(len(self.index.items), dtype=bool)
        for name in departments:
            mask[self._by_department.get(name, [])] = True
        return mask

    def _department_listing(self, departments: set[str], mask: np.ndarray) -> list[Scored]:
        listed = []
        for i in np.flatnonzero(mask):
            names = self.index.items[i]["departments"]
            position = min(names.index(d) for d in departments if d in names)
            listed.append(Scored(int(i), 1.0 / (1 + position), -1.0, 0.0))
        return sorted(listed, key=lambda s: -s.score)

    def search(
        self,
        query: str,
        k: int = 10,
        dept: str | None = None,
        year: int | None = None,
        period: str | None = None,
        report: str | None = None,
        mode: Mode | str = Mode.HYBRID,
    ) -> SearchResponse:
        """Hybrid search (default 10 hits) with optional department/year/period/report filters."""
        query = check_query(query)
        check_k(k)
        mode = Mode.parse(mode)
        mask = self.filter_mask(dept, year, period, report)
        plan = self.plan(query)
        given = dept is not None and bool(dept.strip())
        ranked = self.rank(plan, mask, mode, dept_given=given, limit=k)[:k] if mask.any() else []
        pattern = term_pattern(plan.highlight_terms)
        hits = [self._hit(scored, pattern) for scored in ranked]
        return SearchResponse(query=query, hits=hits, question=plan.is_question, generation=self.generation)

    def facets(self) -> Facets:
        """Every department (with its item count), year, period and report in the index."""
        reports = [ReportInfo(**{k: r.get(k) for k in ReportInfo.model_fields}) for r in self.index.reports]
        return Facets(
            departments=[DepartmentCount(name=n, items=c) for n, c in self.department_counts.items()],
            years=sorted({r.year for r in reports if r.year is not None}, reverse=True),
            periods=sorted({r.period for r in reports if r.period}, key=period_rank),
            reports=reports,
        )

    def _hit(self, scored: Scored, pattern) -> Hit:
        item = self.index.items[scored.index]
        return Hit(
            **item,
            score=round(scored.score, 4),
            dense=round(scored.dense, 4) if scored.dense > -1 else None,
            lexical=round(scored.lexical, 4),
            highlights=Highlights(
                task=highlight(item["task"], pattern, context=200, max_snippets=1),
                progress=highlight(item["progress"], pattern),
            ),
        )

    # -- question answering --------------------------------------------------------------
    @cached_property
    def _folded_items(self) -> list[str]:
        return [fold(f"{i['task']} {i['progress']} {' '.join(i['departments'])}").lower() for i in self.index.items]

    def document_frequency(self, word: str) -> int:
        """Items whose text contains ``word``."""
        word = fold(word).lower()
        return sum(word in text for text in self._folded_items)

    def ask(self, question: str, llm: bool = False) -> AskResponse:
        """Answer a question from the reports, with citations (default: extractive).

        With ``llm`` and ``$WRSEARCH_LLM_URL`` set, a chat model writes the answer from the
        top items; any failure of it falls back to the extractive answer."""
        question = check_query(question)
        plan = self.plan(question)
        mask = np.ones(len(self.index.items), dtype=bool)
        ranked = self.rank(plan, mask, Mode.HYBRID, limit=max(CITATIONS, MAX_LIST_ITEMS))
        if not ranked:  # nothing matched: still show the closest items
            ranked = self.closest(plan.remainder, CITATIONS)
        cited = ranked[: max(CITATIONS, MAX_LIST_ITEMS)]
        items = [self.index.items[s.index] for s in cited]
        scores = [s.score for s in cited]
        weights = idf_weights(answer_words(plan, self.index.tokenizer), self.document_frequency, len(self.index.items))
        if plan.department_only and plan.departments:
            result = Answer(list_lines(items), 1.0, 0)
        elif plan.kind is QueryKind.LIST:
            strong = [i for i, s in zip(items, scores) if s >= LIST_SCORE_SHARE * scores[0]]
            retrieval_words = idf_weights(plan.words, self.document_frequency, len(self.index.items))
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
        citations = [self._hit(cited[i], pattern) for i in order[:limit]]
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
            from wrsearch.llm import ask_llm

            response = ask_llm(response)
        return response

    def closest(self, text: str, n: int) -> list[Scored]:
        """The ``n`` items nearest by meaning, with no relevance floor."""
        similarity = self.dense_similarity(text)
        order = np.argsort(-similarity)[:n]
        return [Scored(int(i), 0.0, float(similarity[i]), 0.0) for i in order]
