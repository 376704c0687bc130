"""Answer: from a question to an answer with citations, over what search/ retrieves.

The stage after search (ingest → index → search → answer). Its modules, in pipeline order:

- ``intent``: what a question asks (who, target, done, figure, progress, status, list, comparison…);
- ``vocabulary``: the regex tables more than one module reads (a date asked, a cause asked…);
- ``words``: the question's words and their weights (:class:`TermWeights`, :func:`idf_weights`);
- ``clauses``: progress text cut into clauses; quantities and units; :class:`Answer`;
- ``figures``: the clause holding the figure asked; target / done / plan-result answers;
- ``who``: the department in charge of a subject, and its progress;
- ``comparison``: parts of a question answered side by side; ``lists``: 哪些… answers;
- ``items_figures``: several items' figures in one question;
- ``status``: where each task stands against its target (also read by search for filters);
- ``conflict``: answers withdrawn when their item says something else;
- ``answerer``: :class:`Answerer`, the dispatcher the engine calls; ``llm``: the optional generative mode.

``Answerer`` and ``warm_up`` are imported when first used (a search process needs neither:
importing the answer rules costs ~0.5 s).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wrsearch.answer.answerer import Answerer
    from wrsearch.answer.words import warm_up

__all__ = ["Answerer", "warm_up"]


def __getattr__(name: str):
    # Lazy exports (PEP 562): search/ imports answer.status, which must not load the rules.
    if name == "Answerer":
        from wrsearch.answer.answerer import Answerer

        return Answerer
    if name == "warm_up":
        from wrsearch.answer.words import warm_up

        return warm_up
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
