"""Run the HTTP app with uvicorn: raw UTF-8 in request lines, JSON for requests the HTTP parser
rejects, and several worker processes on request.

``curl 'http://127.0.0.1:8000/search?q=口袋公园'`` sends the query as raw UTF-8 bytes, which
HTTP parsers reject ("Invalid HTTP request received"). Staff type such URLs, so the request
line of each new request has its non-ASCII bytes percent-encoded before parsing, exactly as a
browser would have sent them — also when the line arrives in several pieces. Bodies are never
touched.

A request head larger than :data:`MAX_HEAD_BYTES` (a query of thousands of characters) is
answered 414 (or 431 for big headers) as JSON, like every other rejection, instead of
uvicorn's plain-text 400; the rest of what the client sends is read and dropped for a moment
(bounded in bytes and time) so the client gets to read the answer before the connection closes.
"""

from __future__ import annotations

import json
import logging
import os
import re

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from wrsearch.engine import Engine

# The longest query (1000 characters, 9 bytes each when percent-encoded) fits many times over.
MAX_HEAD_BYTES = 64 * 1024
LINGER_SECONDS = 2.0  # after a rejection, drop what the client still sends for this long…
LINGER_BYTES = 4 * 1024 * 1024  # …or this much, then close
WORKERS_INDEX_ENV = "WRSEARCH_INDEX"
WORKERS_QUERY_RUNTIME_ENV = "WRSEARCH_QUERY_RUNTIME"  # the --query-runtime of `serve`, for its workers
# A browser keeps a connection open for about a minute; closing it sooner races with the next
# request on it (the client sees a dropped connection).
KEEP_ALIVE_SECONDS = 75

_NON_ASCII_RE = re.compile(rb"[\x80-\xff]")
log = logging.getLogger("wrsearch.server")


def percent_encode_request_line(data: bytes) -> bytes:
    """Percent-encode non-ASCII bytes up to the first line break (the request line)."""
    end = data.find(b"\r\n")
    line, rest = (data, b"") if end < 0 else (data[:end], data[end:])
    return _NON_ASCII_RE.sub(lambda m: b"%%%02X" % m.group()[0], line) + rest


def json_error(status: int, reason: str, detail: str) -> bytes:
    """A complete HTTP/1.1 response with a JSON body that closes the connection."""
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class Utf8RequestLineProtocol(H11Protocol):
    """uvicorn's h11 protocol, tolerant of raw UTF-8 in the request target, answering what it
    cannot parse with JSON."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lingering = False
        self._dropped = 0

    def _head_buffer(self) -> bytes:
        return bytes(self.conn.trailing_data[0])

    def data_received(self, data: bytes) -> None:
        if self._lingering:
            self._dropped += len(data)
            if self._dropped > LINGER_BYTES:
                self.transport.close()
            return
        if self.conn.their_state is h11.IDLE:
            buffered = self._head_buffer()
            # Still inside the request line (it may come in many pieces): encode this piece too.
            if b"\r\n" not in buffered and not (buffered.endswith(b"\r") and data.startswith(b"\n")):
                data = percent_encode_request_line(data)
            pending = len(buffered) + len(data)
            if pending > MAX_HEAD_BYTES and b"\r\n\r\n" not in buffered + data[:MAX_HEAD_BYTES]:
                in_line = b"\r\n" not in buffered + data
                self.reject_head(
                    414 if in_line else 431,
                    "URI Too Long" if in_line else "Request Header Fields Too Large",
                    f"请求{'地址' if in_line else '头'}过长(超过 {MAX_HEAD_BYTES // 1024} KB);检索词最多 1000 个字符",
                )
                return
        super().data_received(data)

    def reject_head(self, status: int, reason: str, detail: str) -> None:
        """Answer now, stop parsing, read and drop the rest for a moment, then close."""
        self.logger.warning("rejected a request: %s %s", status, reason)
        self._unset_keepalive_if_required()
        self.transport.write(json_error(status, reason, detail))
        self._lingering = True
        try:
            self.transport.write_eof()  # the client reads the answer, then end of stream
        except (NotImplementedError, OSError, RuntimeError):
            self.transport.close()
            return
        self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def send_400_response(self, msg: str) -> None:
        # uvicorn's plain-text "Invalid HTTP request received." as JSON.
        self.transport.write(json_error(400, "Bad Request", "无效的 HTTP 请求"))
        self.transport.close()


def one_thread_per_request() -> None:
    """Run numpy's BLAS and faiss's OpenMP pool with one thread each in a server process.

    A server already runs requests side by side (a thread per request, a process per
    worker); each also splitting its matrix products over every core makes them fight for
    the same 2 cores: a query vector took 46–98 ms with 2 BLAS threads under load and 23 ms
    with one. The CLI keeps the libraries' defaults (one query, idle cores)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    try:
        import faiss

        faiss.omp_set_num_threads(1)
    except ImportError:  # faiss is a dependency; only a broken install lacks it
        pass


def worker_app():
    """The app of one worker process (``wrsearch serve --workers N``): each loads the index
    named by ``$WRSEARCH_INDEX``; the vectors are memory-mapped read-only, so the workers share
    them through the page cache."""
    from wrsearch.api import create_app

    engine = Engine(os.environ.get(WORKERS_INDEX_ENV), query_runtime=os.environ.get(WORKERS_QUERY_RUNTIME_ENV, "auto"))
    engine.embedder  # load the model at start, not on the first request
    one_thread_per_request()
    return create_app(engine)


def serve(
    engine: Engine | None,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    index_dir=None,
    query_runtime: str = "auto",
) -> None:
    """Serve over HTTP until interrupted (default 127.0.0.1:8000): ``engine`` in this process,
    or ``workers`` processes each with its own engine over ``index_dir`` computing query
    vectors as ``query_runtime`` says (default ``auto``)."""
    options = dict(
        host=host,
        port=port,
        http=Utf8RequestLineProtocol,
        log_level="warning",
        h11_max_incomplete_event_size=MAX_HEAD_BYTES,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    if workers > 1:
        os.environ[WORKERS_INDEX_ENV] = str(index_dir)  # the workers are new processes
        os.environ[WORKERS_QUERY_RUNTIME_ENV] = str(query_runtime)
        uvicorn.run("wrsearch.server:worker_app", factory=True, workers=workers, **options)
        return
    from wrsearch.api import create_app

    one_thread_per_request()
    uvicorn.run(create_app(engine), **options)
