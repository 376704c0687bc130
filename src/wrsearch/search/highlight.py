"""Highlights: the query's words marked with ``<em>`` in short snippets of a text.

Text outside the marks is HTML-escaped so that a page can insert snippets as they are.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

DEFAULT_CONTEXT = 30
DEFAULT_MAX_SNIPPETS = 3


def term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """One regex for all terms, longest first so that 雨污分流 wins over 雨污."""
    unique = sorted({t for t in terms if t and t.strip()}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, unique)), re.IGNORECASE) if unique else None


def highlight(
    text: str,
    pattern: re.Pattern[str] | None,
    context: int = DEFAULT_CONTEXT,
    max_snippets: int = DEFAULT_MAX_SNIPPETS,
) -> list[str]:
    """Snippets of ``text`` around matches (default ±30 characters, at most 3), matches in ``<em>``."""
    if pattern is None:
        return []
    matches = list(pattern.finditer(text))
    if not matches:
        return []
    # Merge the windows around matches that touch each other.
    windows: list[list[int]] = []
    for match in matches:
        start, end = max(0, match.start() - context), min(len(text), match.end() + context)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    snippets = []
    for start, end in windows[:max_snippets]:
        piece, pos, out = text[start:end], 0, []
        for match in pattern.finditer(piece):
            out.append(html.escape(piece[pos : match.start()], quote=False))
            out.append(f"<em>{html.escape(match.group(), quote=False)}</em>")
            pos = match.end()
        out.append(html.escape(piece[pos:], quote=False))
        # Adjacent matches read as one: 雨污 + 分流 → <em>雨污分流</em>.
        body = "".join(out).replace("</em><em>", "").replace("\n", " ")
        snippets.append(("…" if start > 0 else "") + body + ("…" if end < len(text) else ""))
    return snippets
