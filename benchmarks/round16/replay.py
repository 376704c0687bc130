"""Round 16t: replay the hybrid over captured rows (``benchmarks/round16/capture.py``) with a
different dense side or lexical strength, through the real ``fusion.fuse``.

A variant is a dict:
- ``mix``: (best chunk, task chunk, heading, whole item, best progress chunk) shares of an
  item's dense similarity (in use: 0.5 best + 0.5 task);
- ``prf``: (k, beta) pseudo-relevance feedback — the query vector plus beta × the mean task
  vector of the dense top k, renormalised (0: off);
- ``gate``: when no item holds at least this share of the query's specific words (weight above
  boiler-plate), the lexical side is switched off and meaning alone ranks (0: off);
- ``hub``: lambda of a hubness correction — an item close to the report's centroid (its task
  vector against the normalised mean of every chunk vector) is close to every query, so its
  similarity loses lambda × (that closeness − the report's mean closeness) (0: off);
- ``csls``: (K, lambda) — hubness by the queries of the *other* reports' dev sets (never the
  report's own): an item's mean similarity (the blend in use) to its K closest such queries;
  its similarity loses lambda × that (minus the report's mean), as CSLS does (0: off);
- ``bg``: the CSLS background: ``others`` (other reports' dev queries), ``self-tasks`` (the
  report's own task texts embedded as queries), ``self-chunks`` (every chunk text of the report
  embedded as a query);
- ``scope``: ``both`` (the corrected similarity ranks in hybrid and in dense mode) or
  ``hybrid`` (only the hybrid's dense part is corrected; ``--mode dense`` ranks as in use);
- ``dw``: added to the dense side's fusion weight (taken from the lexical side's), for every
  query kind (0: the weights in use, 0.4 / 0.6 and 0.3 / 0.7 for figure questions);
- ``flag``: "variant" (the flag reads the variant's similarity) or "in use" (it reads the blend
  in use: only the order changes).
"""

from __future__ import annotations

import os
import pickle
from functools import lru_cache
from pathlib import Path

import numpy as np

from wrsearch.evaluate import CUTOFF, ndcg
from wrsearch.search import fusion
from wrsearch.search.fusion import Mode, Weights

WORK_SELF = Path(os.environ.get("ROUND16_WORK", "/tmp/r16t")) / "self_queries.pkl"
IN_USE = {"mix": (0.5, 0.5, 0.0, 0.0, 0.0), "prf": (0, 0.0), "gate": 0.0, "flag": "variant", "hub": 0.0, "dw": 0.0, "csls": (0, 0.0), "bg": "others", "scope": "both"}


class Index:
    """One captured index with the per-item pieces the dense side mixes."""

    def __init__(self, record: dict) -> None:
        self.r = record
        self.chunks = record["chunk_vectors"]
        self.chunk_item = record["chunk_item"].astype(np.int64)
        self.n = len(record["nos"])
        kinds = np.array(record["chunk_kind"])
        self.progress_mask = kinds != "task"
        self.nos = np.array(record["nos"])
        centroid = self.chunks.mean(axis=0)
        centroid /= np.linalg.norm(centroid)
        hub = record["task_vectors"] @ centroid
        self.hub = (hub - hub.mean()).astype(np.float32)

    def csls(self, k: int, bg: str = "others") -> np.ndarray:
        """Per item: mean blended similarity to its ``k`` closest background queries, centred."""
        cache = self.__dict__.setdefault("_csls", {})
        if (k, bg) not in cache:
            if bg == "synonyms-mean":  # one vector: the mean of the synonym list's everyday words as queries
                Q = SYNONYM_QUERIES().mean(axis=0, keepdims=True).T
                k = 1
            elif bg == "others-mean":  # one vector: the mean of the other reports' queries
                Q = self.background.mean(axis=0, keepdims=True).T
                k = 1
            else:
                Q = (self.background if bg == "others" else self.backgrounds[bg]).T
            sims = self.chunks @ Q
            best = np.full((self.n, Q.shape[1]), -1.0, np.float32)
            np.maximum.at(best, self.chunk_item, sims)
            blend = 0.5 * best + 0.5 * (self.r["task_vectors"] @ Q)
            top = -np.sort(-blend, axis=1)[:, :k]
            r = top.mean(axis=1)
            cache[(k, bg)] = (r - r.mean()).astype(np.float32)
        return cache[(k, bg)]

    def pieces(self, q: np.ndarray) -> dict[str, np.ndarray]:
        """Per item: best chunk, task chunk, heading, whole item and best non-task chunk cosines."""
        sims = self.chunks @ q
        best = np.full(self.n, -1.0, np.float32)
        np.maximum.at(best, self.chunk_item, sims)
        prog = np.full(self.n, -1.0, np.float32)
        np.maximum.at(prog, self.chunk_item[self.progress_mask], sims[self.progress_mask])
        task = self.r["task_vectors"] @ q
        prog = np.where(prog > -1, prog, task)  # an item with no progress chunk: its task
        head = np.where(self.r["has_heading"], self.r["heading_vectors"] @ q, task)
        whole = self.r["item_vectors"] @ q
        return {"best": best, "task": task, "head": head, "item": whole, "prog": prog}


@lru_cache(maxsize=1)
def _synonym_queries() -> np.ndarray:
    return pickle.loads((WORK_SELF.parent / "synonym_queries.pkl").read_bytes())["V"]


SYNONYM_QUERIES = _synonym_queries


def attach_background(indexes: dict[str, "Index"], rows: list[dict]) -> None:
    """Give every index the query vectors of the other reports' dev rows (its CSLS background)."""
    for name, index in indexes.items():
        vectors = [r["qvec"] for r in rows if r.get("qvec") is not None and r["index"] != name]
        index.background = np.stack(vectors).astype(np.float32)
    own = WORK_SELF.exists() and pickle.loads(WORK_SELF.read_bytes())
    for name, index in indexes.items():
        index.backgrounds = {"self-tasks": own[name]["tasks"]} if own else {}


def mixed(p: dict[str, np.ndarray], mix) -> np.ndarray:
    b, t, h, i, g = mix
    return (b * p["best"] + t * p["task"] + h * p["head"] + i * p["item"] + g * p["prog"]).astype(np.float32)


def query_vector(row: dict, index: Index, prf) -> np.ndarray:
    q = row["qvec"]
    k, beta = prf
    if not k or not beta:
        return q
    p = index.pieces(q)
    base = mixed(p, IN_USE["mix"])
    mask = row["captured"]["mask"]
    order = np.argsort(-np.where(mask, base, -9))[:k]
    feedback = index.r["task_vectors"][order].mean(axis=0)
    v = q + beta * feedback
    return (v / np.linalg.norm(v)).astype(np.float32)


def replay(row: dict, index: Index, variant: dict) -> dict:
    """The hybrid and dense top 10 (item numbers) and the hybrid top 10's flags under ``variant``."""
    cap = row["captured"]
    v = {**IN_USE, **variant}
    q = query_vector(row, index, v["prf"])
    p = index.pieces(q)
    best = p["best"]
    ranking = mixed(p, v["mix"])
    if v["csls"][0] and v["csls"][1]:
        ranking = (ranking - v["csls"][1] * index.csls(v["csls"][0], v["bg"])).astype(np.float32)
    if v["hub"]:
        ranking = (ranking - v["hub"] * index.hub).astype(np.float32)
    lex = fusion.LexicalEvidence(
        cap["scores"], cap["cover"], cap["literal"], cap["informative"], cap["specific"], cap["flag_cover"], cap["flag_literal"]
    )
    if v["gate"] and float(np.where(cap["mask"], cap["specific"], 0).max(initial=0.0)) < v["gate"] - 1e-9:
        lex = fusion.LexicalEvidence(np.zeros_like(cap["scores"]), np.zeros_like(cap["cover"]), np.zeros_like(cap["cover"]),
                                     cap["informative"], np.zeros_like(cap["cover"]), cap["flag_cover"], cap["flag_literal"])
    weights = Weights(round(cap["weights"][0] + v["dw"], 3), round(cap["weights"][1] - v["dw"], 3))
    cal = index.r["calibration"]
    fused = fusion.fuse(best, lex, cap["mask"], Mode.HYBRID, cal, weights, keep_all=cap["keep_all"], limit=CUTOFF, dense_ranking=ranking)
    dense_ranking = ranking
    if v["scope"] == "hybrid":
        p0 = index.pieces(row["qvec"])
        best, dense_ranking = p0["best"], mixed(p0, IN_USE["mix"])
    dense = fusion.fuse(best, lex, cap["mask"], Mode.DENSE, cal, weights, keep_all=cap["keep_all"], limit=CUTOFF, dense_ranking=dense_ranking)
    out = {
        "hybrid": [int(index.nos[s.index]) for s in fused],
        "dense": [int(index.nos[s.index]) for s in dense],
        "hybrid_confident": [s.confident for s in fused],
        "dense_confident": [s.confident for s in dense],
    }
    if v["flag"] == "in use":
        # the flag as in use: recomputed over the in-use similarity for the same items
        p0 = index.pieces(row["qvec"])
        full = fusion.fuse(p0["best"], fusion.LexicalEvidence(cap["scores"], cap["cover"], cap["literal"], cap["informative"],
                           cap["specific"], cap["flag_cover"], cap["flag_literal"]), cap["mask"], Mode.HYBRID, cal, weights,
                           keep_all=cap["keep_all"], dense_ranking=mixed(p0, IN_USE["mix"]))
        flags = {int(index.nos[s.index]): s.confident for s in full}
        out["hybrid_confident"] = [flags.get(no, False) for no in out["hybrid"]]
    return out


def score(row: dict, top: list[int], confident: list[bool] | None = None) -> float:
    """nDCG@10 for ranked rows, 1/0 (no confident hit) for none rows."""
    if row["type"] == "none":
        return 0.0 if any(confident or []) else 1.0
    return ndcg(top, row["relevant"])
