"""Prose reports (no numbered tasks), such as the national 政府工作报告: cut into passages.

Web copies carry noise: ``SOURCE:``/``TITLE:`` lines, zero-width characters and a trailing
licence block (本作品是中华人民共和国的法律…, Public domain). All of it is removed. Passages
follow paragraphs: a short heading line (一、过去五年工作回顾) becomes the section of the
passages under it, short paragraphs join the next one, and long ones are cut into windows
of whole sentences of at most ``MAX_PASSAGE_CHARS``. Passage ids are ``<report>#p<k>``.
"""

from __future__ import annotations

import re

from wrsearch.errors import ParseError
from wrsearch.models import Item, Report
from wrsearch.text import clean_text, split_sentences

MAX_PASSAGE_CHARS = 300
MIN_PASSAGE_CHARS = 40
MIN_PROSE_CHARS = 150  # shorter text without items is an error, not a report
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_SOURCE_RE = re.compile(r"^(?:SOURCE|TITLE)\s*:\s*(.*)$")
_LICENCE_RE = re.compile(r"^(?:本作品|Public domain|注：中文维基文库|此作品|This work)")
_HEADING_END_RE = re.compile(r"[。；;！!？?，,]$")


def is_prose(text: str) -> bool:
    """Long enough and mostly Chinese (noise removed): worth indexing as passages."""
    body = re.sub(r"\s+", "", "".join(strip_noise(text)[1]))
    return len(body) >= MIN_PROSE_CHARS and len(_CJK_RE.findall(body)) >= 0.5 * len(body)


def strip_noise(text: str) -> tuple[str | None, list[str]]:
    """The TITLE line's value and the body lines without source lines and licence block."""
    title = None
    lines = clean_text(text).split("\n")
    body: list[str] = []
    for line in lines:
        line = line.strip()
        source = _SOURCE_RE.match(line)
        if source:
            if line.startswith("TITLE"):
                title = source.group(1).strip()
            continue
        if _LICENCE_RE.match(line) and body:  # the licence block ends the text
            break
        body.append(line)
    return title, body


def _windows(paragraph: str) -> list[str]:
    pieces, current = [], ""
    for sentence in split_sentences(paragraph):
        while len(sentence) > MAX_PASSAGE_CHARS:  # one overlong sentence: cut it
            pieces.append(current) if current else None
            current = ""
            pieces.append(sentence[:MAX_PASSAGE_CHARS])
            sentence = sentence[MAX_PASSAGE_CHARS:]
        if current and len(current) + len(sentence) > MAX_PASSAGE_CHARS:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


def parse_prose(text: str, report_id: str) -> Report:
    """Passages of a prose report (default at most 300 characters each)."""
    title, lines = strip_noise(text)
    passages: list[Item] = []
    section: str | None = None

    def add(text: str) -> None:
        passages.append(Item(report_id, None, text, [], "", section=section, passage=len(passages) + 1))

    pending = ""
    for line in lines:
        if not line:
            continue
        if len(line) < MIN_PASSAGE_CHARS and not _HEADING_END_RE.search(line) and not pending:
            section = line.rstrip("：:")  # a heading
            continue
        paragraph = pending + line
        if len(paragraph) < MIN_PASSAGE_CHARS:
            pending = paragraph
            continue
        pending = ""
        for window in _windows(paragraph):
            add(window)
    if pending:
        add(pending)
    if not passages:
        raise ParseError(f"{report_id}:没有可索引的文字")
    title = title or next((line for line in lines if line), report_id)
    return Report(report_id, title, None, None, {}, passages, kind="prose")
