"""The engine: one loaded index generation and its embedder, and every operation the CLI,
the HTTP API and the web page offer — a facade that delegates.

- search: :class:`~wrsearch.search.searcher.Searcher` (filters, both retrievers, fusion);
- ask: :class:`~wrsearch.answer.answerer.Answerer`;
- show / timeline / similar / related: :class:`~wrsearch.search.relations.Relations`;
- status (where every task stands): :class:`~wrsearch.answer.status.StatusBook`, computed
  once per engine when first asked for;
- the index itself behind a :class:`~wrsearch.search.retriever.Retriever`.

All checks of user input happen below this facade, so every shell reports them the same way.
"""

from __future__ import annotations

import weakref
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from wrsearch.errors import BadInput, IndexUnavailable
from wrsearch.index.calibrate import Calibration
from wrsearch.index.embed import QUERY_TWINS, CachedQueries, Embedder, QueryRuntime, load_query_embedder
from wrsearch.index.layout import current_generation, default_index_dir
from wrsearch.index.loaded import LoadedIndex, load_index
from wrsearch.ingest.periods import ISSUERS, period_rank
from wrsearch.schema import (
    AskResponse,
    DepartmentCount,
    Facets,
    Health,
    ItemOut,
    Neighbours,
    ReportInfo,
    SearchResponse,
    StatusOverview,
    Timeline,
)
from wrsearch.search.fusion import Mode
from wrsearch.search.retriever import open_retriever
from wrsearch.search.searcher import Searcher

if TYPE_CHECKING:  # imported when first used: a search process needs neither (~0.5 s of imports)
    from wrsearch.answer.answerer import Answerer
    from wrsearch.search.relations import Relations


class Engine:
    """Search over one index (default ``index/`` or ``$WRSEARCH_INDEX``).

    The index loads on creation; the embedder on the first query that needs it, unless
    given. ``embedder`` may name one (``"st:…"``) to check it against the index's.
    ``query_runtime`` (default ``model``) says how query vectors are computed: the server
    passes ``auto``, which takes the index embedder's ONNX twin when it is installed.
    """

    def __init__(
        self,
        index_dir: str | Path | None = None,
        embedder: str | Embedder | None = None,
        query_runtime: QueryRuntime | str = QueryRuntime.MODEL,
    ) -> None:
        self.index_dir = default_index_dir(index_dir)
        self.query_runtime = QueryRuntime.parse(query_runtime)
        self.index: LoadedIndex = load_index(self.index_dir)
        self.embedder_name: str = self.index.manifest["embedder"]
        self._embedder: Embedder | None = None
        if embedder is not None:
            name = embedder if isinstance(embedder, str) else embedder.name
            if name not in (self.embedder_name, QUERY_TWINS.get(self.embedder_name)):
                raise BadInput(
                    f"索引 {self.index_dir} 用的嵌入模型是 '{self.embedder_name}',不是 '{name}';"
                    f"如要换用,请重建:wrsearch index --embedder {name}"
                )
            if not isinstance(embedder, str):
                self._set_embedder(embedder if isinstance(embedder, CachedQueries) else CachedQueries(embedder))
        self.calibration = Calibration(**self.index.manifest["calibration"])
        # A weak reference: without a cycle the engine is freed (and its claim on the
        # generation given up) as soon as the last request using it ends.
        engine = weakref.ref(self)
        self.searcher = Searcher(
            self.index.items,
            open_retriever(self.index),
            self.index.tokenizer,
            self.calibration,
            lambda: engine().embedder,
            columns=self.index.columns,
        )

    @cached_property
    def answerer(self) -> Answerer:
        """The question answerer over this engine's searcher (made on the first question)."""
        from wrsearch.answer.answerer import Answerer

        return Answerer(self.searcher)

    @cached_property
    def relations(self) -> Relations:
        """Items by id, timelines, neighbours (made when first needed)."""
        from wrsearch.search.relations import Relations

        return Relations(self.searcher)

    # -- the generation and the model -----------------------------------------------------
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
                return Engine(self.index_dir, embedder=self._embedder, query_runtime=self.query_runtime)
            except BadInput:  # rebuilt with another embedder
                pass
        return Engine(self.index_dir, query_runtime=self.query_runtime)

    def close(self) -> None:
        """Release this engine's claim on its generation, so the next writer may delete it."""
        self.index.close()

    def _set_embedder(self, embedder: Embedder) -> None:
        if embedder.dim != self.index.manifest["dim"]:
            raise IndexUnavailable(
                f"嵌入模型 '{embedder.name}' 输出 {embedder.dim} 维向量,索引是 {self.index.manifest['dim']} 维;请重建:wrsearch index"
            )
        self._embedder = embedder

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            # A server runs requests side by side: one ONNX thread each, as for BLAS.
            self._set_embedder(CachedQueries(load_query_embedder(self.embedder_name, self.query_runtime, threads=1)))
        return self._embedder

    # -- operations ----------------------------------------------------------------------
    def health(self) -> Health:
        return Health(
            status="ok",
            items=len(self.index.items),
            reports=len(self.index.reports),
            embedder=self.embedder_name,
            query_embedder=self._embedder.name if self._embedder is not None else None,
            generation=self.generation,
        )

    def search(
        self,
        query: str,
        k: int = 10,
        dept: str | None = None,
        year: int | None = None,
        period: str | None = None,
        report: str | None = None,
        mode: Mode | str = Mode.HYBRID,
        issuer: str | None = None,
    ) -> SearchResponse:
        """Hybrid search (default 10 hits) with optional department/year/period/report/issuer filters."""
        return self.searcher.search(
            query, k, dept, year, period, report, mode, generation=self.generation, issuer=issuer
        )

    def ask(self, question: str, llm: bool = False) -> AskResponse:
        """Answer a question from the reports, with citations (see :class:`Answerer`)."""
        return self.answerer.ask(question, llm=llm)

    def show(self, item_id: str) -> ItemOut:
        """One item by id (``report#no``) with its status; :class:`NotFound` if unknown."""
        position = self.relations.position(item_id)
        return ItemOut.of(self.index.items[position], self.searcher.statuses.of(position))

    def status(self, dept: str | None = None, status: str | None = None, report: str | None = None) -> StatusOverview:
        """Where every task stands: per department and status, the items lagging first
        (see :mod:`~wrsearch.answer.status`); each task in its latest report unless ``report``."""
        return self.searcher.statuses.overview(dept, status, report)

    def timeline(self, item_id: str) -> Timeline:
        return self.relations.timeline(item_id)

    def similar(self, item_id: str, k: int = 10) -> Neighbours:
        return self.relations.similar(item_id, k)

    def related(self, item_id: str, k: int = 10) -> Neighbours:
        return self.relations.related(item_id, k)

    def facets(self) -> Facets:
        """Every department (with its item count), year, period and report in the index."""
        reports = [ReportInfo(**{k: r.get(k) for k in ReportInfo.model_fields}) for r in self.index.reports]
        return Facets(
            departments=[DepartmentCount(name=n, items=c) for n, c in self.searcher.department_counts.items()],
            years=sorted({r.year for r in reports if r.year is not None}, reverse=True),
            periods=sorted({r.period for r in reports if r.period}, key=period_rank),
            issuers=sorted(self.index.columns.issuers, key=ISSUERS.index),
            reports=reports,
        )
