"""The HTTP API (FastAPI): a thin shell over the :class:`~wrsearch.engine.Engine`.

The engine loads once, when the app is created, never per request. Each request takes the
current engine once (:class:`EngineHolder`), so it reads one index generation from start to
end; when a report is added or removed — over HTTP or by ``wrsearch add`` in another process —
the next requests get an engine over the new generation while running ones finish on the old.

Errors map to status codes: bad input 422, unknown ids 404, an unusable index 503, and for
uploads 401/403 (token), 413 (too large), 415 (file type); never a 500 for bad input.
"""

import os
import secrets
import threading
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, FastAPI, File, Form, Header, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from wrsearch.engine import Engine
from wrsearch.errors import BadInput, NotFound, WrsearchError
from wrsearch.export import SheetFormat, export_hits, export_status
from wrsearch.index.build import add_reports, remove_report
from wrsearch.index.loaded import list_reports
from wrsearch.ingest.formats import UnsupportedFormat
from wrsearch.ingest.read import check_sources, parse_sources
from wrsearch.schema import (
    AskResponse,
    ChangeSummary,
    Facets,
    Health,
    ItemOut,
    Neighbours,
    ReportRecord,
    SearchResponse,
    StatusOverview,
    Timeline,
)
from wrsearch.validate import MAX_K, MAX_QUERY_CHARS

WEB_DIR = Path(__file__).parent / "web"
TOKEN_ENV = "WRSEARCH_API_TOKEN"
MAX_UPLOAD_ENV = "WRSEARCH_MAX_UPLOAD_MB"
DEFAULT_MAX_UPLOAD_MB = 20


class EngineHolder:
    """The engine of the index's current generation, swapped without stopping readers."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._reloading = threading.Lock()

    def current(self) -> Engine:
        engine = self._engine
        # One reader reloads; the others keep answering from the generation they have.
        if not engine.is_current() and self._reloading.acquire(blocking=False):
            try:
                if not self._engine.is_current():
                    self._engine = self._engine.reopen()
            finally:
                self._reloading.release()
        return self._engine

    def refresh(self) -> Engine:
        with self._reloading:
            if not self._engine.is_current():
                self._engine = self._engine.reopen()
            return self._engine


def create_app(engine: Engine | None = None, index_dir: str | Path | None = None) -> FastAPI:
    """An app serving ``engine`` (default: an engine over ``index_dir``, loaded now).

    Uploads (``POST /reports``, ``DELETE /reports/{id}``) are enabled only when
    ``$WRSEARCH_API_TOKEN`` is set; ``$WRSEARCH_MAX_UPLOAD_MB`` caps a request (default 20)."""
    holder = EngineHolder(engine or Engine(index_dir))
    api_token = os.environ.get(TOKEN_ENV) or None
    max_upload = int(float(os.environ.get(MAX_UPLOAD_ENV, DEFAULT_MAX_UPLOAD_MB)) * 1024 * 1024)
    app = FastAPI(title="wrsearch", summary="Search government work-report progress reports")
    app.state.holder = holder
    # A local alias: no `from __future__ import annotations` here, so FastAPI sees the real type.
    Current = Annotated[Engine, Depends(holder.current)]

    @app.exception_handler(NotFound)
    async def not_found(_: Request, error: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=404)

    @app.exception_handler(UnsupportedFormat)
    async def unsupported(_: Request, error: UnsupportedFormat) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=415)

    @app.exception_handler(BadInput)
    async def bad_input(_: Request, error: BadInput) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=422)

    @app.exception_handler(WrsearchError)
    async def unavailable(_: Request, error: WrsearchError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=503)

    def changed(summary) -> ChangeSummary:
        """After a write: move readers to the new generation, report what changed."""
        holder.refresh()
        return ChangeSummary(**{k: getattr(summary, k) for k in ChangeSummary.model_fields})

    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        if api_token is None:
            raise HTTPException(403, f"changing reports over HTTP is disabled: set {TOKEN_ENV} on the server")
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise HTTPException(401, "send 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"})
        if not secrets.compare_digest(token.encode(), api_token.encode()):
            raise HTTPException(403, "wrong token")

    @app.get("/health")
    def health(engine: Current) -> Health:
        return engine.health()

    @app.get("/search")
    def search(
        engine: Current,
        q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="question or keywords")],
        k: Annotated[int, Query(ge=1, le=MAX_K)] = 10,
        dept: str | None = None,
        year: int | None = None,
        period: Annotated[
            str | None, Query(description="1-3月/一季度, 1-6月/上半年/半年, 1-9月/前三季度, 全年")
        ] = None,
        report: str | None = None,
        issuer: Annotated[str | None, Query(description="区, 市, 县, 省 or 国务院")] = None,
    ) -> SearchResponse:
        return engine.search(q, k=k, dept=dept, year=year, period=period, report=report, issuer=issuer)

    @app.get("/export.{fmt}", response_class=Response)
    def export(
        engine: Current,
        fmt: str,
        q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
        k: Annotated[int, Query(ge=1, le=MAX_K)] = MAX_K,
        dept: str | None = None,
        year: int | None = None,
        period: str | None = None,
        report: str | None = None,
        issuer: str | None = None,
    ) -> Response:
        """The result list of the same search as a CSV or XLSX file, every field."""
        fmt = SheetFormat.parse(fmt)
        hits = engine.search(q, k=k, dept=dept, year=year, period=period, report=report, issuer=issuer).hits
        content, media_type = export_hits(hits, fmt)
        filename = quote(f"wrsearch-{q[:20]}.{fmt.value}")
        headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"}
        return Response(content, media_type=media_type, headers=headers)

    @app.get("/ask")
    def ask(
        engine: Current,
        q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="a question")],
        llm: Annotated[bool, Query(description="use the chat model at $WRSEARCH_LLM_URL")] = False,
    ) -> AskResponse:
        return engine.ask(q, llm=llm)

    StatusQuery = Annotated[
        str | None, Query(description="只看此状态:滞后, 未启动, 数据未出, 正常推进, 超进度, 已完成")
    ]

    @app.get("/status")
    def status(
        engine: Current,
        dept: Annotated[str | None, Query(description="只看此责任单位(可用简称)")] = None,
        status: StatusQuery = None,
        report: Annotated[str | None, Query(description="只看此报告 [默认:每项任务取最新一期]")] = None,
    ) -> StatusOverview:
        """Where every task stands: per department and status, the items lagging first, with reasons."""
        return engine.status(dept=dept, status=status, report=report)

    @app.get("/status.{fmt}", response_class=Response)
    def status_export(
        engine: Current,
        fmt: str,
        dept: str | None = None,
        status: StatusQuery = None,
        report: str | None = None,
    ) -> Response:
        """The supervision view's items as a CSV or XLSX file."""
        fmt = SheetFormat.parse(fmt)
        content, media_type = export_status(engine.status(dept=dept, status=status, report=report).items, fmt)
        filename = quote(f"wrsearch-进度{'-' + status if status else ''}.{fmt.value}")
        headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"}
        return Response(content, media_type=media_type, headers=headers)

    @app.get("/facets")
    def facets(engine: Current) -> Facets:
        return engine.facets()

    @app.get("/items/{item_id}")
    def show(engine: Current, item_id: str) -> ItemOut:
        return engine.show(item_id)

    @app.get("/items/{item_id}/timeline")
    def timeline(engine: Current, item_id: str) -> Timeline:
        return engine.timeline(item_id)

    @app.get("/items/{item_id}/similar")
    def similar(engine: Current, item_id: str, k: Annotated[int, Query(ge=1, le=MAX_K)] = 10) -> Neighbours:
        return engine.similar(item_id, k=k)

    @app.get("/items/{item_id}/related")
    def related(engine: Current, item_id: str, k: Annotated[int, Query(ge=1, le=MAX_K)] = 10) -> Neighbours:
        return engine.related(item_id, k=k)

    @app.get("/reports")
    def reports(engine: Current) -> list[ReportRecord]:
        return [ReportRecord(**r) for r in list_reports(engine.index_dir)]

    @app.post("/reports", status_code=201, dependencies=[Depends(require_token)])
    def upload(
        request: Request,
        engine: Current,
        files: Annotated[list[UploadFile], File(description="report files: .txt .html .docx .pdf")],
        report_id: Annotated[str | None, Form(description="id for a single file [default: file stem]")] = None,
        year: Annotated[
            int | None, Form(description="the reports' year, when the files do not say", ge=1949, le=2100)
        ] = None,
        period: Annotated[
            str | None, Form(description="their period: 1-3月/一季度, 1-6月/上半年, 1-9月/前三季度, 全年")
        ] = None,
    ) -> ChangeSummary:
        """Add or replace reports; nothing changes unless every file parses."""
        if int(request.headers.get("content-length") or 0) > max_upload:
            raise HTTPException(413, f"upload larger than {max_upload // (1024 * 1024)} MB")
        names = [Path(upload.filename or "report.txt").name for upload in files]
        check_sources(names, report_id)  # 415 before reading anything
        named = []
        for name, upload in zip(names, files):
            raw = upload.file.read(max_upload + 1)
            if len(raw) > max_upload:
                raise HTTPException(413, f"{name} is larger than {max_upload // (1024 * 1024)} MB")
            named.append((name, raw))
        return changed(add_reports(parse_sources(named, report_id, year, period), engine.index_dir))

    @app.delete("/reports/{report_id}", dependencies=[Depends(require_token)])
    def delete(engine: Current, report_id: str) -> ChangeSummary:
        return changed(remove_report(report_id, engine.index_dir))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse((WEB_DIR / "index.html").read_text("utf-8"))

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    return app
