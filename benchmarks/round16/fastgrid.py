"""Round 16r: tune_related.py's hit table computed for the whole grid at once per row (numpy),
the same ranking as ``tune_related.ranking`` and hit as ``tune_related.hit``: the slow loop takes
an hour on shared cores, this takes seconds. ``table(rows, grid, transforms)``: one column per row,
one line per configuration (the grid's product, times each transform of the row's features)."""

from __future__ import annotations

import itertools

import numpy as np


def _hits(scores: np.ndarray, r: dict) -> np.ndarray:
    """hit@5 per line of ``scores`` (configurations × candidates), as tune_related.hit."""
    keep = r["keep"]
    order = np.argsort(-scores[:, keep], axis=1, kind="stable")[:, :5]
    best = r["grades"][keep] == r["grades"].max()
    return best[order].any(axis=1)


def row_table(r: dict, grid: dict) -> np.ndarray:
    """hit@5 of row ``r`` for every configuration of ``grid`` (keys of tune_related.GRID, in order)."""
    keep = r["keep"]
    out = []
    for values in itertools.product(*grid.values()):
        c = dict(zip(grid, values))
        out.append(c)
    ts = np.array([c["ts"] for c in out])[:, None]
    tw = np.array([c["tw"] for c in out])[:, None]
    cross = np.array([c["cross"] for c in out])[:, None]
    rw = np.array([c["rw"] for c in out])[:, None]
    sw = np.array([c["sw"] for c in out])[:, None]
    first = np.array([c["first"] for c in out])[:, None]
    dsh = np.array([c["dsh"] for c in out])[:, None]
    local = ts * r["tt"][None] + (1 - ts) * r["ww"][None] + tw * r["lex"][None] + cross * r["cross"][None]
    std_local = local[:, keep].std(axis=1, keepdims=True)
    rank = np.where(rw > 0, local - rw * std_local * np.log1p(r["nearer"])[None], local)
    spread = rank[:, keep].std(axis=1, keepdims=True)
    rank = rank + sw * spread * r["sec"][None] + first * spread * (r["sec"] * r["first"])[None]
    if r["multi"]:
        rank = rank + dsh * spread * r["dshare"][None]
    return _hits(rank, r)


def table(rows: list[dict], grid: dict, transforms: dict[str, callable] | None = None) -> tuple[list[dict], np.ndarray]:
    """Configurations (grid × transforms, the transform's name under "variant") and their hit table."""
    transforms = transforms or {"as is": lambda r: r}
    configs, blocks = [], []
    for name, transform in transforms.items():
        configs += [{**dict(zip(grid, values)), "variant": name} for values in itertools.product(*grid.values())]
        blocks.append(np.stack([row_table(transform(r), grid) for r in rows], axis=1))
    return configs, np.concatenate(blocks, axis=0).astype(np.int8)
