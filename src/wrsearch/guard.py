"""Checks of report uploads and deletions before any of the body is read (pure ASGI).

FastAPI parses a multipart body before its dependencies run, so a token check or a size check
in the endpoint comes after the server has spooled the whole upload, whatever its size and
whoever sent it. :class:`UploadGuard` sits in front of the app and, for the write routes
(``POST /reports``, ``DELETE /reports/{id}``):

- checks ``Authorization: Bearer <token>`` from the headers alone: 401 without one, 403 with a
  wrong one or when the server has no token configured;
- refuses a declared ``Content-Length`` above the limit with 413, before reading;
- counts the bytes the app actually receives (chunked bodies declare no length) and answers
  413 the moment the limit is passed, closing the connection instead of reading on.

Every refusal is ``{"detail": "<reason>"}`` with ``Connection: close``, so the server does not
go on reading a body nobody wants.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_ENV = "WRSEARCH_API_TOKEN"
MAX_UPLOAD_ENV = "WRSEARCH_MAX_UPLOAD_MB"
WRITE_PATH = "/reports"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def megabytes(limit: int) -> str:
    """``20 MB``, ``1.5 MB``, or bytes below 1 MB."""
    mb = limit / (1024 * 1024)
    return f"{round(mb, 2):g} MB" if mb >= 1 else f"{limit} 字节"


def too_large(limit: int) -> str:
    return f"上传内容超过 {megabytes(limit)} 的上限({MAX_UPLOAD_ENV})"


def json_response(status: int, detail: str, extra: list[tuple[bytes, bytes]] = ()) -> tuple[Message, Message]:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
        *extra,
    ]
    return (
        {"type": "http.response.start", "status": status, "headers": headers},
        {"type": "http.response.body", "body": body, "more_body": False},
    )


class _TooLarge(Exception):
    """Raised into the app when its body passes the limit; the 413 is already sent."""


class UploadGuard:
    """ASGI middleware guarding the write routes; other requests pass untouched."""

    def __init__(self, app: ASGIApp, token: str | None, max_bytes: int) -> None:
        self.app, self.token, self.max_bytes = app, token, max_bytes

    @staticmethod
    def guards(scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            return False
        path = scope.get("path", "")
        return path == WRITE_PATH or path.startswith(WRITE_PATH + "/")

    def refusal(self, headers: dict[bytes, bytes]) -> tuple[int, str, list] | None:
        """Status, reason and extra headers for a request refused on its headers alone."""
        if self.token is None:
            return 403, f"服务器未开启通过 HTTP 修改报告的功能:请在服务器上设置 {TOKEN_ENV}", []
        scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return 401, "缺少访问令牌:请发送 'Authorization: Bearer <令牌>'", [(b"www-authenticate", b"Bearer")]
        if not secrets.compare_digest(token.strip().encode("latin-1"), self.token.encode("utf-8")):
            return 403, "访问令牌不正确", []
        length = headers.get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                return 400, "Content-Length 无效", []
            if declared > self.max_bytes:
                return 413, too_large(self.max_bytes), []
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.guards(scope):
            await self.app(scope, receive, send)
            return
        headers = {name.lower(): value for name, value in scope.get("headers", [])}
        refused = self.refusal(headers)
        if refused is not None:
            status, detail, extra = refused
            for message in json_response(status, detail, extra):
                await send(message)
            return

        received = 0
        responded = False  # the app started its response, or we sent the 413

        async def counting_receive() -> Message:
            nonlocal received, responded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    if not responded:
                        responded = True
                        for reply in json_response(413, too_large(self.max_bytes)):
                            await send(reply)
                    raise _TooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal responded
            if message["type"] == "http.response.start":
                if responded:
                    return  # the 413 went out already; drop what the app makes of the abort
                responded = True
            elif received > self.max_bytes:
                return
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _TooLarge:
            pass
