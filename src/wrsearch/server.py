"""Run the HTTP app with uvicorn, accepting raw UTF-8 in request lines.

``curl 'http://127.0.0.1:8000/search?q=口袋公园'`` sends the query as raw UTF-8 bytes, which
HTTP parsers reject ("Invalid HTTP request received"). Staff type such URLs, so the
request line of each new request has its non-ASCII bytes percent-encoded before parsing,
exactly as a browser would have sent them. Bodies are never touched.
"""

from __future__ import annotations

import re

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from wrsearch.engine import Engine

_NON_ASCII_RE = re.compile(rb"[\x80-\xff]")


def percent_encode_request_line(data: bytes) -> bytes:
    """Percent-encode non-ASCII bytes up to the first line break (the request line)."""
    end = data.find(b"\r\n")
    line, rest = (data, b"") if end < 0 else (data[:end], data[end:])
    return _NON_ASCII_RE.sub(lambda m: b"%%%02X" % m.group()[0], line) + rest


class Utf8RequestLineProtocol(H11Protocol):
    """uvicorn's h11 protocol, tolerant of raw UTF-8 in the request target."""

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE and not self.conn.trailing_data[0]:
            data = percent_encode_request_line(data)
        super().data_received(data)


def serve(engine: Engine, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``engine`` over HTTP until interrupted (default 127.0.0.1:8000)."""
    from wrsearch.api import create_app

    uvicorn.run(create_app(engine), host=host, port=port, http=Utf8RequestLineProtocol, log_level="warning")
