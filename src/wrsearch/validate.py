"""Checks of user input shared by every operation (and so by the CLI and HTTP alike)."""

from __future__ import annotations

from wrsearch.errors import BadInput

MAX_QUERY_CHARS = 1000
MAX_K = 100


def check_k(k: int) -> None:
    if not 1 <= k <= MAX_K:
        raise BadInput(f"k 须在 1 到 {MAX_K} 之间,收到 {k}")


def check_query(query: str | None) -> str:
    """A stripped, non-empty query of at most 1000 characters, or :class:`BadInput`."""
    query = (query or "").strip()
    if not query:
        raise BadInput("检索内容为空")
    if len(query) > MAX_QUERY_CHARS:
        raise BadInput(f"检索内容超过 {MAX_QUERY_CHARS} 个字")
    return query
