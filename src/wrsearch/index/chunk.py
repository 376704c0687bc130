"""Cut items into chunks, the units that are embedded and scored.

Results are items; chunks are several views of an item so that a question about one
figure in a long progress text still lands on its item. Views:

- ``task``: the task text with its departments;
- ``progress``: windows of whole sentences, at most ``max_chars`` long, overlapping by one sentence;
- ``segment``: one department's part of a multi-department progress text, windowed the same way;
- ``passage``: a prose passage (national reports), already of bounded length.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from wrsearch.models import Item
from wrsearch.text import split_sentences

DEFAULT_MAX_CHARS = 160


@dataclass(frozen=True)
class Chunk:
    """A piece of text belonging to one item; ``text`` is what gets embedded."""

    item_id: str
    kind: str  # "task" | "progress" | "segment" | "passage"
    text: str

    @property
    def key(self) -> str:
        """Content hash: the embedding cache key (with the embedder name)."""
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()


def windows(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[str]:
    """Pack whole sentences into windows of at most ``max_chars`` (a longer sentence is
    cut), each window repeating the last sentence of the one before."""
    pieces: list[str] = []
    for sentence in split_sentences(text):
        pieces.extend(sentence[i : i + max_chars] for i in range(0, len(sentence), max_chars))
    result: list[str] = []
    current: list[str] = []
    for piece in pieces:
        if current and sum(map(len, current)) + len(piece) > max_chars:
            result.append("".join(current))
            current = [current[-1]] if len(current[-1]) + len(piece) <= max_chars else []
        current.append(piece)
    if current:
        result.append("".join(current))
    return result


def item_chunks(item: Item, max_chars: int = DEFAULT_MAX_CHARS) -> list[Chunk]:
    """All chunks of one item (default window length 160 characters); a prose passage is one chunk."""
    if item.no is None:
        return [Chunk(item.id, "passage", item.task)]
    chunks = [Chunk(item.id, "task", f"{item.task}(责任单位:{'、'.join(item.departments)})")]
    # The short task head gives a progress window its subject, which the progress text often omits.
    head = item.task[:40]
    chunks += [Chunk(item.id, "progress", f"{head}:{w}") for w in windows(item.progress, max_chars)]
    for segment in item.segments:
        chunks += [Chunk(item.id, "segment", f"{segment.department}:{w}") for w in windows(segment.text, max_chars)]
    return chunks
