"""The HTTP API (FastAPI): a thin shell over the :class:`~wrsearch.engine.Engine`.

The engine loads once, when the app is created, never per request. Each request takes the
current engine once (:class:`EngineHolder`), so it reads one index generation from start to
end; when a report is added or removed — over HTTP or by ``wrsearch add`` in another process —
the next requests get an engine over the new generation while running ones finish on the old.
A generation that cannot be loaded leaves the old engine serving (``reload_error`` in /health).

Errors map to status codes, always as ``{"detail": …}`` JSON: bad input 422, unknown ids 404,
an unusable index 503, and for uploads 401/403 (token), 413 (too large), 415 (file type),
checked by :mod:`wrsearch.guard` before the body is read; never a 500 for bad input, and
never more than a short prefix of what the client sent echoed back.
"""

import logging
import math
import os
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Callable
from urllib.parse import quote

from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from wrsearch.answer.words import warm_up
from wrsearch.engine import Engine
from wrsearch.errors import BadInput, ConfigError, Duplicate, NotFound, WrsearchError
from wrsearch.export import SheetFormat, export_hits, export_status
from wrsearch.guard import MAX_UPLOAD_ENV, TOKEN_ENV, UploadGuard, megabytes
from wrsearch.index.build import add_reports, remove_report
from wrsearch.index.layout import current_generation
from wrsearch.index.loaded import report_rows
from wrsearch.ingest.formats import UnsupportedFormat
from wrsearch.ingest.read import check_sources, parse_sources
from wrsearch.schema import (
    AskResponse,
    ChangeSummary,
    ErrorOut,
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
DEFAULT_MAX_UPLOAD_MB = 20
ECHO_CHARS = 50  # at most this much of a rejected input goes back to the client
RETRY_FIRST, RETRY_MAX = 1.0, 300.0  # seconds before retrying a generation that failed to load

log = logging.getLogger("wrsearch.api")


def max_upload_bytes() -> int:
    """``$WRSEARCH_MAX_UPLOAD_MB`` (default 20) in bytes; a bad value is a clear error."""
    raw = os.environ.get(MAX_UPLOAD_ENV, "")
    try:
        value = float(raw) if raw.strip() else DEFAULT_MAX_UPLOAD_MB
    except ValueError:
        value = math.nan
    if not 0 < value < math.inf:
        raise ConfigError(f"{MAX_UPLOAD_ENV}={raw!r} 无效:应为大于 0 的兆字节数,例如 20")
    return int(value * 1024 * 1024)


class EngineHolder:
    """The engine of the index's current generation, swapped without stopping readers.

    When CURRENT moves to a generation that cannot be loaded (a newer schema, another
    dimension, damaged files), the loaded engine keeps serving, the reason is kept in
    :attr:`reload_error` (shown by /health) and logged, and that generation is tried again only
    after a back-off (1 s, doubling, at most 5 minutes) — not on every request."""

    def __init__(self, engine: Engine, clock=time.monotonic) -> None:
        self._engine = engine
        self._reloading = threading.Lock()
        self.clock = clock  # a test may replace it
        self.reload_error: str | None = None
        self._failed: str | None = None  # the generation that failed to load
        self._failures = 0
        self._retry_at = 0.0

    def current(self) -> Engine:
        engine = self._engine
        # One reader reloads; the others keep answering from the generation they have.
        if not engine.is_current() and self._reloading.acquire(blocking=False):
            try:
                self._reload(force=False)
            finally:
                self._reloading.release()
        return self._engine

    def refresh(self) -> Engine:
        """After a write in this process: move to the new generation now, back-off or not."""
        with self._reloading:
            self._reload(force=True)
            return self._engine

    def _reload(self, force: bool) -> None:
        engine = self._engine
        target = current_generation(engine.index_dir)
        if target is not None and target.name == engine.generation:
            return
        if target is None:
            self.reload_error = f"{engine.index_dir} 的 CURRENT 没有指向可用的索引版本;继续使用 {engine.generation}"
            return
        if not force and target.name == self._failed and self.clock() < self._retry_at:
            return
        try:
            fresh = engine.reopen()
        except Exception as error:  # whatever the files hold, the loaded engine keeps serving
            self._failures = self._failures + 1 if target.name == self._failed else 1
            self._failed = target.name
            delay = min(RETRY_MAX, RETRY_FIRST * 2 ** (self._failures - 1))
            self._retry_at = self.clock() + delay
            self.reload_error = (
                f"无法载入索引版本 {target.name}({type(error).__name__}: {error});"
                f"继续使用 {engine.generation},{delay:g} 秒后重试"
            )[:500]
            log.warning("%s", self.reload_error)
            return
        self._engine, self.reload_error, self._failed, self._failures = fresh, None, None, 0


def short(value: Any) -> Any:
    """A rejected input as it may be echoed: strings cut to a short prefix, anything else
    replaced by a short prefix of its text when long."""
    if isinstance(value, str):
        return value if len(value) <= ECHO_CHARS else value[:ECHO_CHARS] + f"…(共 {len(value)} 个字符)"
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = repr(value)
    return value if len(text) <= ECHO_CHARS else text[:ECHO_CHARS] + "…"


# Chinese reasons for the validation errors these endpoints can raise (else pydantic's text).
VALIDATION_MESSAGES = {
    "missing": "缺少必填参数",
    "string_too_short": "至少需要 {min_length} 个字符",
    "string_too_long": "不能超过 {max_length} 个字符",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "greater_than": "必须大于 {gt}",
    "less_than": "必须小于 {lt}",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true/false 或 1/0",
}


def validation_detail(errors: list[dict]) -> list[dict]:
    detail = []
    for error in errors:
        error = dict(error)
        if "input" in error:
            error["input"] = short(error["input"])
        template = VALIDATION_MESSAGES.get(error.get("type", ""))
        if template:
            try:
                error["msg"] = template.format(**(error.get("ctx") or {}))
            except (KeyError, IndexError):
                pass
        if "ctx" in error:
            error["ctx"] = {k: short(v) if isinstance(v, str) else v for k, v in error["ctx"].items()}
        detail.append(error)
    return jsonable_encoder(detail)


ERROR_RESPONSES = {404: "未找到", 409: "与已有报告内容相同", 422: "参数有误", 503: "索引不可用"}


# Requests of one process that compute at once (FastAPI's default is 40 threads): more only take
# turns on the GIL and stretch every one of them; the rest wait in line, first come first served.
REQUEST_THREADS = 4


@asynccontextmanager
async def _lifespan(app: FastAPI):
    """At startup: the request thread limit, and the answerer's lazy loads (jieba's dictionary
    and tagger, ~1 s) warmed in a background thread, so neither startup nor the first ``/ask``
    waits for them; requests are served meanwhile (one arriving first loads what it needs itself)."""
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
    warm = app.state.warm
    if warm is not None:
        app.state.warming = threading.Thread(target=_warm_quietly, args=(warm,), name="wrsearch-warm-up", daemon=True)
        app.state.warming.start()
    yield


def _warm_quietly(warm: Callable[[], None]) -> None:
    """Run ``warm``; a failure only costs the first question its time, so it is logged, not raised."""
    try:
        warm()
    except Exception:  # noqa: BLE001 - warming is an optimisation
        logging.getLogger(__name__).warning("预热失败(不影响服务)", exc_info=True)


def create_app(
    engine: Engine | None = None,
    index_dir: str | Path | None = None,
    warm: Callable[[], None] | None = warm_up,
) -> FastAPI:
    """An app serving ``engine`` (default: an engine over ``index_dir``, loaded now); at startup
    ``warm`` (default :func:`~wrsearch.answer.words.warm_up`; None: nothing) runs in a background
    thread (``app.state.warming``).

    Uploads (``POST /reports``, ``DELETE /reports/{id}``) are enabled only when
    ``$WRSEARCH_API_TOKEN`` is set; ``$WRSEARCH_MAX_UPLOAD_MB`` caps a request (default 20).
    /docs and /redoc are served from packaged files (fastapi-offline), so they work offline."""
    max_upload = max_upload_bytes()
    api_token = os.environ.get(TOKEN_ENV) or None
    holder = EngineHolder(engine or Engine(index_dir))
    app = FastAPIOffline(
        lifespan=_lifespan,
        title="wrsearch",
        summary="Search government work-report progress reports",
        # What every rejection looks like: a reason in Chinese (or, from FastAPI's own
        # checks, the list of fields at fault), documented so that clients can rely on it.
        responses={code: {"model": ErrorOut, "description": text} for code, text in ERROR_RESPONSES.items()},
    )
    app.state.holder = holder
    app.state.warm = warm
    app.state.warming = None
    # Before FastAPI reads a byte of the body (it parses multipart before any dependency runs).
    app.add_middleware(UploadGuard, token=api_token, max_bytes=max_upload)
    # A local alias: no `from __future__ import annotations` here, so FastAPI sees the real type.
    Current = Annotated[Engine, Depends(holder.current)]

    @app.exception_handler(NotFound)
    async def not_found(_: Request, error: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=404)

    @app.exception_handler(Duplicate)
    async def duplicate(_: Request, error: Duplicate) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=409)

    @app.exception_handler(UnsupportedFormat)
    async def unsupported(_: Request, error: UnsupportedFormat) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=415)

    @app.exception_handler(BadInput)
    async def bad_input(_: Request, error: BadInput) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=422)

    @app.exception_handler(WrsearchError)
    async def unavailable(_: Request, error: WrsearchError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=503)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": validation_detail(list(error.errors()))}, status_code=422)

    @app.exception_handler(Exception)
    async def internal(request: Request, error: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return JSONResponse({"detail": f"服务器内部错误({type(error).__name__}),请查看服务器日志"}, status_code=500)

    def changed(summary) -> ChangeSummary:
        """After a write: move readers to the new generation, report what changed."""
        holder.refresh()
        return ChangeSummary(**{k: getattr(summary, k) for k in ChangeSummary.model_fields})

    @app.get("/health")
    def health(engine: Current) -> Health:
        return engine.health().model_copy(update={"reload_error": holder.reload_error})

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
        # The reports of the generation this request reads, like every other answer.
        return [ReportRecord(**r) for r in report_rows(engine.index.reports)]

    @app.post("/reports", status_code=201)
    def upload(
        engine: Current,
        files: Annotated[list[UploadFile], File(description="report files: .txt .html .docx .pdf")],
        report_id: Annotated[str | None, Form(description="id for a single file [default: file stem]")] = None,
        year: Annotated[
            int | None, Form(description="the reports' year, when the files do not say", ge=1949, le=2100)
        ] = None,
        period: Annotated[
            str | None, Form(description="their period: 1-3月/一季度, 1-6月/上半年, 1-9月/前三季度, 全年")
        ] = None,
        replace: Annotated[
            bool, Form(description="a report equal to an indexed one under another id replaces it (else 409)")
        ] = False,
    ) -> ChangeSummary:
        """Add or replace reports; nothing changes unless every file parses. Token and size
        are checked before the body is read (:class:`~wrsearch.guard.UploadGuard`)."""
        names = [Path(upload.filename or "report.txt").name for upload in files]
        check_sources(names, report_id)  # 415 before reading anything
        named = []
        for name, upload in zip(names, files):
            raw = upload.file.read(max_upload + 1)
            if len(raw) > max_upload:  # the guard counts the whole body; this is the same cap per file
                raise HTTPException(413, f"{name} 超过 {megabytes(max_upload)} 的上限({MAX_UPLOAD_ENV})")
            named.append((name, raw))
        return changed(add_reports(parse_sources(named, report_id, year, period), engine.index_dir, replace=replace))

    @app.delete("/reports/{report_id}")
    def delete(engine: Current, report_id: str) -> ChangeSummary:
        return changed(remove_report(report_id, engine.index_dir))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse((WEB_DIR / "index.html").read_text("utf-8"))

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    return app
