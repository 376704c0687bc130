"""The HTTP API (FastAPI): a thin shell over one :class:`~wrsearch.engine.Engine`.

The engine is created once, when the app is created, never per request. Errors map to
status codes: bad input 422, unknown ids 404, an unusable index 503; never a 500 for bad input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from wrsearch.engine import Engine
from wrsearch.errors import BadInput, NotFound, WrsearchError
from wrsearch.export import SheetFormat, export_hits
from wrsearch.schema import AskResponse, Facets, Health, Item, Neighbours, SearchResponse, Timeline
from wrsearch.validate import MAX_K, MAX_QUERY_CHARS


WEB_DIR = Path(__file__).parent / "web"


def create_app(engine: Engine | None = None, index_dir: str | Path | None = None) -> FastAPI:
    """An app serving ``engine`` (default: an engine over ``index_dir``, loaded now)."""
    engine = engine or Engine(index_dir)
    app = FastAPI(title="wrsearch", summary="Search government work-report progress reports")
    app.state.engine = engine

    @app.exception_handler(NotFound)
    async def not_found(_: Request, error: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=404)

    @app.exception_handler(BadInput)
    async def bad_input(_: Request, error: BadInput) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=422)

    @app.exception_handler(WrsearchError)
    async def unavailable(_: Request, error: WrsearchError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=503)

    @app.get("/health")
    def health() -> Health:
        return engine.health()

    @app.get("/search")
    def search(
        q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="question or keywords")],
        k: Annotated[int, Query(ge=1, le=MAX_K)] = 10,
        dept: str | None = None,
        year: int | None = None,
        period: str | None = None,
        report: str | None = None,
    ) -> SearchResponse:
        return engine.search(q, k=k, dept=dept, year=year, period=period, report=report)

    @app.get("/export.{fmt}", response_class=Response)
    def export(
        fmt: str,
        q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
        k: Annotated[int, Query(ge=1, le=MAX_K)] = MAX_K,
        dept: str | None = None,
        year: int | None = None,
        period: str | None = None,
        report: str | None = None,
    ) -> Response:
        """The result list of the same search as a CSV or XLSX file, every field."""
        fmt = SheetFormat.parse(fmt)
        hits = engine.search(q, k=k, dept=dept, year=year, period=period, report=report).hits
        content, media_type = export_hits(hits, fmt)
        filename = quote(f"wrsearch-{q[:20]}.{fmt.value}")
        headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"}
        return Response(content, media_type=media_type, headers=headers)

    @app.get("/facets")
    def facets() -> Facets:
        return engine.facets()

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse((WEB_DIR / "index.html").read_text("utf-8"))

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")

    @app.get("/ask")
    def ask(
        q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="a question")],
        llm: Annotated[bool, Query(description="use the chat model at $WRSEARCH_LLM_URL")] = False,
    ) -> AskResponse:
        return engine.ask(q, llm=llm)

    @app.get("/items/{item_id}")
    def show(item_id: str) -> Item:
        return engine.show(item_id)

    @app.get("/items/{item_id}/timeline")
    def timeline(item_id: str) -> Timeline:
        return engine.timeline(item_id)

    @app.get("/items/{item_id}/similar")
    def similar(item_id: str, k: Annotated[int, Query(ge=1, le=MAX_K)] = 10) -> Neighbours:
        return engine.similar(item_id, k=k)

    @app.get("/items/{item_id}/related")
    def related(item_id: str, k: Annotated[int, Query(ge=1, le=MAX_K)] = 10) -> Neighbours:
        return engine.related(item_id, k=k)

    return app
