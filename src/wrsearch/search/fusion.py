"""Hybrid retrieval: BM25 over items, dense similarity over chunks (max-pooled to items), fused.

Scores of the two sides live on different scales, so each is mapped to [0, 1] first:
dense cosine through the range measured when the index was built (``index/calibrate.py``),
BM25 relative to the best-scoring item. The fused score is their weighted sum, the lexical
side weighted by how much of the query the best item holds and by how much the item itself
holds (half the query's terms: half its BM25). Dense and hybrid rank every item; whether a hit
is close enough to claim is the ``confident`` flag, not a cut. Every weight here was chosen by
cross-validation over the development sets (``benchmarks/tune_retrieval.py``, docs/retrieval-history.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wrsearch.index.calibrate import Calibration
from wrsearch.options import Choice


class Mode(Choice):
    __choice_name__ = "mode"
    """Which retriever ranks the items."""

    HYBRID = "hybrid"
    BM25 = "bm25"
    DENSE = "dense"


@dataclass(frozen=True)
class Weights:
    """Fusion weights: the dense side's and the lexical side's share of the score (see
    ``WEIGHTS`` for the values in use and how they were chosen)."""

    dense: float = 0.5
    lexical: float = 0.5


# Chosen by cross-validation on the development sets (docs/retrieval-history.md): the default, and
# figure questions (多少, 几…), which lean on exact words, figures sitting next to the words naming them.
WEIGHTS = Weights(dense=0.4, lexical=0.6)
FIGURE_WEIGHTS = Weights(dense=0.3, lexical=0.7)
# An item holding at least this share of the query's informative words is a confident hit…
CONFIDENT_COVER = 0.8
# …and so is one at or above the calibrated floor whose similarity (best chunk blended with the
# task, as it ranks) stands this many standard deviations above the query's mean over the items…
CLOSE_Z = 3.625
# …or this many, if it also holds this share of the query's informative words: meaning and words
# agree. Both chosen by leave-one-set-out cross-validation over the dev sets' none rows (nothing
# in the report: no confident hit) against their topic and factoid rows (the first relevant hit
# confident), docs/retrieval-history.md: a query about what the report does not hold (养狗办证, 人口普查)
# lands 3–3.8 deviations above the mean on some item by chance, as often as a real match does.
# Round 13 (twenty sets, benchmarks/round13/confidence.py): 花溪区's 高标准农田建设 is claimed here
# (z 3.35, held 0.5: 标准 of 标准地 + boiler-plate 建设); SUPPORTED_COVER 0.55 clears it but unclaims
# eleven first relevant hits (物业不管事 ×3, 低保怎么申请…), and left out no fold gains a none row.
SUPPORTED_Z = 3.0
SUPPORTED_COVER = 0.5
# In hybrid, an item holding none of the query's words, not even a report word of the synonym list
# (cover 0), is close in meaning only this many deviations above the mean: with no word to agree,
# meaning alone must stand out further (征兵工作 lands 4.0 deviations above the mean on 退役军人就业安置,
# a report with nothing on conscription). Chosen by leave-one-set-out over the twelve dev sets'
# none rows first, then the share of first relevant hits confident (round 9, docs/retrieval-round9.md).
# Round 12 re-ran it over sixteen sets (benchmarks/round12/confidence.py): 4.375 would clear 银滩区's
# 征兵工作 (4.29) but unclaim five first relevant hits at 4.14–4.33 (讨薪, 摆摊, 社保…), and left out
# no fold gains a none row by it (nested: 4.125 on every fold), so it stays (docs/retrieval-round12.md).
# Round 13 over twenty sets: still 4.125 on every nested fold; 花溪区's two claimed none rows hold a
# word (花溪, the district's own name; 标准 of 标准地), so no bare threshold reaches them.
BARE_CLOSE_Z = 4.125
# Share of the dense side's [0, 1] scale taken from the query's own spread (the rest from the
# index calibration): BM25 is scaled to its best item, so a lone weak word match scores 1.0
# while the closest item by meaning, on a compressed cosine scale, scored a fraction.
DENSE_RELATIVE = 0.0
# The lexical side of an item is scaled by its own share of the query's words to this power…
ITEM_COVER_POWER = 1.0
# …and is this share its share of the words (held at all), the rest its BM25 relative to the best
# item: BM25 saturates and penalises length, so a long item naming the query's one word once
# scores a tenth of the best and would lose to items that do not name it at all.
COVER_SHARE = 0.0
# Adaptive fusion, chosen by leave-one-set-out over the eight dev sets (docs/retrieval-history.md;
# benchmarks/tune_retrieval.py --only adaptive: first never below either half per set and type,
# then mean nDCG@10). A query term an item holds only through the synonym list (道路 for 修路)
# counts this share of a literal match in the ranking's cover (the best item's, which sets how
# much the lexical side counts, and the item's own): a report word standing in for an everyday
# one is weaker evidence, so where only such words match, meaning counts more.
SYNONYM_COVER = 0.5
# The lexical side's strength is also scaled by how informative the query's own words are (their
# mean weight: 1 for full words, 0.2 for boiler-plate alone) to this power (0: off, as the
# cross-validation chose; the cover already weighs boiler-plate words at 0.2).
INFORMATIVE_POWER = 0.0
# When one item holds every one of the query's words as written and none of them is boiler-plate
# or a lone character (rare, informative words, fully matched), the lexical side's weight is
# raised by this share of itself (0: off, as the cross-validation chose; 0.5 was tried).
FULL_MATCH_BOOST = 0.0
# When no item holds any of the query's own words as written (雾霾, 修路, 看病贵: only the synonym
# list's report words match), the lexical side's strength is scaled by this: the list's words
# (扬尘 for 雾霾, 道路 for 修路) are a guess at what the query means, the dense side reads it.
# Chosen by leave-one-set-out over the nine dev sets (round 7, docs/retrieval-history.md).
SYNONYM_ONLY_STRENGTH = 1.0
# When no item holds a specific word of the query (only boiler-plate or lone characters: 乱 of
# 乱搭乱建 cut 乱 / 搭乱建), the lexical side's strength is scaled by this (1: off). Round 13 tried
# 0 and 0.5 by leave-one-set-out over twenty dev sets (benchmarks/round13/no_specific.py,
# docs/retrieval-round13.md).
NO_SPECIFIC_STRENGTH = 1.0
# For the ``confident`` flag an item's words count as its cover only if it holds at least this
# share of the query's own words literally (else its literal share alone counts): an item found
# only through the synonym list (修路 → 道路) is shown, but as closest, low confidence, unless its
# meaning stands out on its own. 1e-6: any literal word (a rule from issue 14, not tuned).
CONFIDENT_LITERAL = 1e-6


@dataclass
class LexicalEvidence:
    """The lexical side of a query: weighted BM25 per item, the share of the query's
    informative words (or their report words) each item holds (``cover``, 0–1), the share of
    the query's own words it holds as written (``literal``, default ``cover``), how
    informative the query's words are (``informative``, 0–1, default 1), and the share held of
    the terms weighing more than boiler-plate (``specific``, default ``cover``; read by the flag
    study benchmarks/round12/confidence.py, not by the flag). ``cover`` and ``literal`` rank;
    the ``confident`` flag reads ``flag_cover`` and ``flag_literal`` (default the same), which
    count a query word held only as a fragment of a longer word in full (round 12b's
    ``searcher.FRAGMENT_CREDIT`` was chosen for the ranking, not for the flag)."""

    scores: np.ndarray
    cover: np.ndarray
    literal: np.ndarray | None = None
    informative: float = 1.0
    specific: np.ndarray | None = None
    flag_cover: np.ndarray | None = None
    flag_literal: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.literal is None:
            self.literal = self.cover
        if self.specific is None:
            self.specific = self.cover
        if self.flag_cover is None:
            self.flag_cover = self.cover
        if self.flag_literal is None:
            self.flag_literal = self.literal


@dataclass
class Scored:
    """An item's position in the index with its fused and per-side scores."""

    index: int
    score: float
    dense: float
    lexical: float
    confident: bool = True  # close in meaning or holding the query's informative words


def pool_max(chunk_scores: np.ndarray, chunk_item: np.ndarray, n_items: int) -> np.ndarray:
    """Best chunk score per item (-1 for items without a scored chunk)."""
    pooled = np.full(n_items, -1.0, dtype=np.float32)
    np.maximum.at(pooled, chunk_item, chunk_scores)
    return pooled


def normalise_dense(similarity: np.ndarray, calibration: Calibration) -> np.ndarray:
    """Map cosine similarity to [0, 1]: the floor lands at 1/3, a clear match at 1."""
    low = calibration.floor - 0.5 * (calibration.high - calibration.floor)
    return np.clip((similarity - low) / max(calibration.high - low, 1e-6), 0.0, 1.0)


def relative_dense(similarity: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Map cosine similarity to [0, 1] by the query's own spread: the query's mean item at 0,
    its closest item at 1."""
    scored = mask & (similarity > -1)
    if not scored.any():
        return np.zeros_like(similarity)
    values = similarity[scored]
    mean, top = float(values.mean()), float(values.max())
    return np.clip((similarity - mean) / max(top - mean, 1e-6), 0.0, 1.0)


def standing_out(similarity: np.ndarray, mask: np.ndarray, z: float | None = None) -> np.ndarray:
    """Items whose similarity stands out from this query's own spread (``z`` standard
    deviations above its mean over the items of ``mask``, default ``CLOSE_Z``): a cosine
    means little across queries (a query naming the district is close to every item of it),
    its distance above the query's typical item does."""
    scored = mask & (similarity > -1)
    if scored.sum() < 3:
        return scored
    values = similarity[scored]
    spread = float(values.std()) or 1.0
    return (similarity - float(values.mean())) / spread >= (CLOSE_Z if z is None else z)


def fuse(
    dense_similarity: np.ndarray | None,
    lexical: LexicalEvidence,
    mask: np.ndarray,
    mode: Mode,
    calibration: Calibration,
    weights: Weights = Weights(),
    keep_all: bool = False,
    limit: int | None = None,
    dense_ranking: np.ndarray | None = None,
    synonym_cover: float | None = None,
    order_ranking: np.ndarray | None = None,
) -> list[Scored]:
    """Rank the items allowed by ``mask``, best first, at most ``limit`` (default all).

    BM25 ranks the items holding a query word; dense and hybrid rank every item (a floor
    would cut lists short) and mark as ``confident`` only those standing out in meaning
    (above the calibrated floor and ``CLOSE_Z`` deviations above the query's mean, in hybrid
    ``BARE_CLOSE_Z`` for an item holding none of the query's words; in hybrid ``SUPPORTED_Z``
    with half the query's informative words) or holding most of those words —
    synonym-list words counting only beside one of the query's own words (``CONFIDENT_LITERAL``). In
    hybrid, the lexical side counts as much as the best item's share of those words: a
    query whose words are all there leans on them, one whose words are nowhere (or only
    boiler-plate) is ranked by meaning alone. ``dense_ranking`` (default: ``dense_similarity``)
    is the similarity that ranks; ``dense_similarity`` the one the calibration and the
    ``confident`` flag read. ``synonym_cover`` (default ``SYNONYM_COVER``): what a term held only
    through the synonym list counts in the ranking's cover. ``order_ranking`` (default
    ``dense_ranking``): the similarity the hybrid's dense part ranks by, when it differs from the
    one the flag reads (``searcher.TYPICAL_QUERY_WEIGHT``)."""
    scores = np.where(mask, lexical.scores, 0.0)
    cover = np.where(mask, lexical.cover, 0.0)
    literal = np.where(mask, lexical.literal, 0.0)
    flag_cover = np.where(mask, lexical.flag_cover, 0.0)
    flag_literal = np.where(mask, lexical.flag_literal, 0.0)
    word_held = flag_cover > 0  # any of the query's words, as written or through the synonym list
    # What the flag counts as held: synonym-list matches only beside a literal one.
    held = np.where(flag_literal >= CONFIDENT_LITERAL, flag_cover, flag_literal)
    # What the ranking counts as held: synonym-list matches at a discount.
    cover = literal + (SYNONYM_COVER if synonym_cover is None else synonym_cover) * (cover - literal)
    lexical_top = float(scores.max()) if scores.size else 0.0
    lexical_norm = scores / lexical_top if lexical_top > 0 else np.zeros_like(scores)
    if dense_similarity is None:
        dense_similarity = np.full(scores.shape, -1.0, dtype=np.float32)
    ranking = dense_similarity if dense_ranking is None else dense_ranking
    dense_norm = normalise_dense(ranking, calibration)
    above_floor = dense_similarity >= calibration.floor
    close = standing_out(ranking, mask) & above_floor
    supported = standing_out(ranking, mask, SUPPORTED_Z) & above_floor & (held >= SUPPORTED_COVER)
    # Meaning alone, with no word of the query held, must stand out further (``BARE_CLOSE_Z``).
    close_hybrid = close & (word_held | standing_out(ranking, mask, BARE_CLOSE_Z))
    confident = close_hybrid | supported | (held >= CONFIDENT_COVER)

    if mode is Mode.BM25:
        score, candidate = lexical_norm, scores > 0
        confident = held >= CONFIDENT_COVER
    elif mode is Mode.DENSE:
        score, candidate = dense_norm + 1e-3 * ranking, dense_similarity > -1
        confident = close
    else:
        strength = float(cover.max()) if cover.size else 0.0
        if float(literal.max(initial=0.0)) < CONFIDENT_LITERAL:
            # No item holds one of the query's own words: the lexical side is the synonym list's guess.
            strength *= SYNONYM_ONLY_STRENGTH
        if NO_SPECIFIC_STRENGTH != 1.0 and float(np.where(mask, lexical.specific, 0.0).max(initial=0.0)) <= 0:
            strength *= NO_SPECIFIC_STRENGTH
        strength *= lexical.informative**INFORMATIVE_POWER
        # A model that failed its calibration (see calibrate.py) gets a smaller say.
        order = ranking if order_ranking is None else order_ranking
        if order_ranking is not None:
            dense_norm = normalise_dense(order, calibration)
        dense_part = (1 - DENSE_RELATIVE) * dense_norm + DENSE_RELATIVE * relative_dense(order, mask)
        lexical_part = strength * (COVER_SHARE * cover + (1 - COVER_SHARE) * lexical_norm)
        if ITEM_COVER_POWER:
            lexical_part = lexical_part * cover**ITEM_COVER_POWER
        lexical_weight = weights.lexical
        if FULL_MATCH_BOOST and lexical.informative >= 1.0 and float(literal.max(initial=0.0)) >= 1.0 - 1e-6:
            lexical_weight *= 1.0 + FULL_MATCH_BOOST
        score = weights.dense * calibration.dense_trust * dense_part + lexical_weight * lexical_part
        score = score + 1e-4 * order  # ties (nothing close, nothing matched) go to meaning
        candidate = (scores > 0) | (dense_similarity > -1)
    candidate = mask if keep_all else candidate & mask
    positions = np.flatnonzero(candidate)
    if limit is not None and len(positions) > limit:  # the best `limit` without sorting them all
        positions = positions[np.argpartition(-score[positions], limit - 1)[:limit]]
    positions = positions[np.argsort(-score[positions], kind="stable")]
    return [
        Scored(int(i), float(score[i]), float(dense_similarity[i]), float(scores[i]), bool(confident[i]))
        for i in positions
    ]
