"""What the hybrid fusion fuses, kept per search for the ranker studies that replay it
(``benchmarks/round14/capture.py``, ``benchmarks/round16/capture.py``)."""

from __future__ import annotations

import numpy as np

from wrsearch.evaluate import CUTOFF
from wrsearch.search import searcher as searcher_module
from wrsearch.search.fusion import Mode


class HybridCapture:
    """Wraps ``searcher.fuse`` (install it as ``searcher_module.fuse``, put ``original`` back after):
    ``last`` keeps the inputs of the last hybrid call — the dense and lexical evidence, the mask,
    the weights — and, with ``full_order``, the calibration and the full order, fused scores and
    ``confident`` flags the fusion gives with no limit. Other modes pass through untouched."""

    def __init__(self, full_order: bool = False) -> None:
        self.original = searcher_module.fuse
        self.full_order = full_order
        self.last: dict | None = None

    def __call__(self, dense, lexical, mask, mode, calibration, weights, **kwargs):
        if mode is Mode.HYBRID:
            full = None
            if self.full_order:
                full = self.original(dense, lexical, mask, mode, calibration, weights, **{**kwargs, "limit": None})
            self.last = {
                "best": np.array(dense),
                "ranking": np.array(kwargs.get("dense_ranking")),
                "scores": np.array(lexical.scores),
                "cover": np.array(lexical.cover),
                "literal": np.array(lexical.literal),
                "specific": np.array(lexical.specific),
                "flag_cover": np.array(lexical.flag_cover),
                "flag_literal": np.array(lexical.flag_literal),
                "informative": lexical.informative,
                "mask": np.array(mask),
                "keep_all": kwargs.get("keep_all", False),
                "weights": (weights.dense, weights.lexical),
            }
            if full is not None:
                self.last.update(
                    calibration=(calibration.floor, calibration.high, calibration.dense_trust),
                    order=np.array([s.index for s in full]),
                    fused=np.array([s.score for s in full]),
                    confident=np.array([s.confident for s in full]),
                )
        return self.original(dense, lexical, mask, mode, calibration, weights, **kwargs)

    def search_every_mode(self, engine, query: str, report: str | None) -> dict:
        """``query`` searched (in ``report``) in bm25, dense and hybrid mode while installed: each
        mode's top ``CUTOFF`` item numbers and ``confident`` flags (``bm25``, ``bm25_confident``…),
        then ``captured``, what the hybrid call fused (``None`` where that search fused nothing)."""
        record: dict = {}
        for mode in (Mode.BM25, Mode.DENSE, Mode.HYBRID):
            self.last = None
            hits = engine.search(query, k=CUTOFF, report=report, mode=mode).hits
            record[mode.value] = [h.no for h in hits]
            record[mode.value + "_confident"] = [h.confident for h in hits]
        record["captured"] = self.last
        return record
