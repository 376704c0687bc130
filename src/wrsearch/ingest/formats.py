"""Report files in the formats offices have — .txt, .html, .docx, .pdf — turned into text for
the one parser (:mod:`wrsearch.ingest.read`).

- ``.txt``: UTF-8 (with or without BOM) or GB18030;
- ``.html``/``.htm``: a saved government web page; the article body is kept (``<article>``
  or the usual content containers), navigation, scripts and styles are dropped;
- ``.docx``: paragraphs and table cells (python-docx);
- ``.pdf``: the text layer of every page (pypdf); a scanned PDF without one has no text.
"""

from __future__ import annotations

import io
import re
from enum import Enum
from pathlib import Path

from wrsearch.errors import BadInput, ParseError

# Containers that government sites put the article in, most specific first.
_CONTENT_SELECTORS = (
    "article",
    "#zoom",
    ".TRS_Editor",
    "#content",
    ".content",
    ".article",
    ".article-content",
    "#article",
    ".main-content",
    "main",
)
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button", "select")
_BLOCK_TAGS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "table", "article")


class UnsupportedFormat(BadInput):
    """A file type wrsearch cannot read (HTTP 415)."""


class ReportFormat(str, Enum):
    TXT = "txt"
    HTML = "html"
    DOCX = "docx"
    PDF = "pdf"

    @classmethod
    def of(cls, filename: str) -> ReportFormat:
        suffix = Path(filename).suffix.lower().lstrip(".")
        suffix = {"htm": "html", "text": "txt"}.get(suffix, suffix)
        try:
            return cls(suffix)
        except ValueError:
            valid = ", ".join(f".{f.value}" for f in cls)
            raise UnsupportedFormat(f"{filename}:不支持的文件类型;可用:{valid}") from None


SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")


def decode_text(raw: bytes, source: str) -> str:
    """Text of a UTF-8 (BOM or not) or GB18030 file; :class:`ParseError` for anything else."""
    if b"\x00" in raw[:4096]:
        raise ParseError(f"{source}:不是 UTF-8 或 GB18030 编码的文本文件")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParseError(f"{source}:不是 UTF-8 或 GB18030 编码的文本文件")


def html_to_text(raw: bytes) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup(list(_DROP_TAGS)):
        tag.decompose()
    body = next((node for selector in _CONTENT_SELECTORS if (node := soup.select_one(selector))), None)
    body = body or soup.body or soup
    for tag in body.find_all(list(_BLOCK_TAGS)):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = body.get_text()
    title = soup.title.get_text(strip=True) if soup.title else ""
    # Keep the page title first when the body does not start with it: it carries year and period.
    if title and title not in text[:200]:
        text = f"{title}\n{text}"
    return re.sub(r"\n\s*\n+", "\n\n", text)


def docx_to_text(raw: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(raw))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def pdf_to_text(raw: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(raw))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def to_text(raw: bytes, filename: str) -> str:
    """The text of a report file; :class:`UnsupportedFormat` for other types, :class:`ParseError`
    for a file of the right type that cannot be read."""
    fmt = ReportFormat.of(filename)
    try:
        if fmt is ReportFormat.TXT:
            return decode_text(raw, filename)
        if fmt is ReportFormat.HTML:
            return html_to_text(raw)
        if fmt is ReportFormat.DOCX:
            return docx_to_text(raw)
        return pdf_to_text(raw)
    except (ParseError, UnsupportedFormat):
        raise
    except Exception as error:  # broken zip, broken PDF…: the file is bad input, whatever the library
        raise ParseError(f"{filename}:无法读取这个 {fmt.value} 文件({type(error).__name__}: {error})") from None
