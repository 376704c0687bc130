"""Text clean-up and sentence splitting shared by the parser, the chunker and the answerer."""

from __future__ import annotations

import re
import unicodedata

# Zero-width and BOM characters that wiki and web copies carry.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES_RE = re.compile("[\u00a0\u3000\t ]+")
# A sentence ends at 。！？；; or a line break; the closing quote stays with its sentence.
_SENTENCE_RE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』)]?|\n|$)")


def clean_text(text: str) -> str:
    """Drop invisible characters, unify line breaks and runs of spaces; keep punctuation as written."""
    text = _INVISIBLE_RE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))


def fold(text: str) -> str:
    """Fold full-width forms to half-width (NFKC) for comparisons; never shown to users."""
    return unicodedata.normalize("NFKC", text)


def split_sentences(text: str) -> list[str]:
    """Split Chinese text into sentences, keeping the end punctuation with each."""
    return [piece.strip() for piece in _SENTENCE_RE.findall(text) if piece.strip()]
