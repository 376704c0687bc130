"""Checks of user input shared by every operation (and so by the CLI and HTTP alike)."""

from __future__ import annotations

from wrsearch.errors import BadInput

MAX_QUERY_CHARS = 1000
MAX_K = 100


def check_k(k: int) -> None:
    if not 1 <= k <= MAX_K:
        raise BadInput(f"k must be between 1 and {MAX_K}, got {k}")


def check_query(query: str | None) -> str:
    """A stripped, non-empty query of at most 1000 characters, or :class:`BadInput`."""
    query = (query or "").strip()
    if not query:
        raise BadInput("the query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise BadInput(f"the query is longer than {MAX_QUERY_CHARS} characters")
    return query
