"""Banded arithmetic: a fund that pays a different ratio on each band of a running total.

:func:`banded` sums ratio × (the part of [start, x] inside each band); :func:`banded_inverse` finds
where that sum first reaches a target. Both check their inputs; ``banded_kernel`` and
``banded_inverse_kernel`` are the same arithmetic for callers that have checked them already (the
reimbursement engine and the settlement-slip check call them on every bill).
"""

from __future__ import annotations

import math

import numpy as np

from ..core import checks
from ..core.errors import YibaoInputError


def _money(name: str, value, scalar: bool = False):
    if scalar:
        return checks.as_float(name, value, lo=0, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan")
    arr = checks.as_array(name, value, lo=0, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan")
    return float(arr[0]) if np.ndim(value) == 0 else arr


def _band_arrays(edges, ratios) -> tuple[np.ndarray, np.ndarray]:
    """Checked band edges (ascending, the first one 0) and ratios (0–1, one per edge)."""
    e = checks.as_array("edges", edges, lo=0, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan")
    if e[0] != 0 or np.any(np.diff(e) <= 0):
        raise YibaoInputError(
            "edges", e.tolist(), "各段起点应从 0 开始并严格递增", "band edges must start at 0 and strictly increase"
        )
    r = checks.as_array("ratios", ratios, lo=0, hi=1, unit_zh="（支付比例）", unit_en="(fund ratio)")
    if r.size != e.size:
        raise YibaoInputError(
            "ratios",
            f"长度 length {r.size}",
            f"每段一个比例：应与 edges 一样长（{e.size}）",
            f"one ratio per band: must be as long as edges ({e.size})",
        )
    return e, r


def banded(x, start: float, edges: np.ndarray, ratios: np.ndarray, *, overwrite: bool = False):
    """Σ over bands of ratio × (the part of [start, x] inside the band); 0 where x ≤ start.

    ``edges``: the bands' lower edges (ascending, the first one 0); the last band is open.
    ``ratios``: the ratio of each band (0–1), as many as ``edges``.
    ``start``: a number (the deductible or threshold; the band edges are measured from 0, so the
    part below ``start`` counts towards the first edges). ``x``: a number or an array;
    ``overwrite=True`` lets an array ``x`` be used as scratch space. Written as a sum of ramps,
    Σ_k (r_k − r_{k−1}) × max(x − max(edge_k, start), 0), with in-place numpy passes.
    """
    x_checked = _money("x", x)
    start = _money("start", start, scalar=True)
    edges, ratios = _band_arrays(edges, ratios)
    overwrite = checks.as_flag("overwrite", overwrite)
    return banded_kernel(x_checked, start, edges, ratios, overwrite=overwrite)


def banded_kernel(x, start: float, edges: np.ndarray, ratios: np.ndarray, *, overwrite: bool = False):
    """:func:`banded` without the input checks: the reimbursement engine's inner step, for inputs it has
    already checked (a number or a float array ``x``, a number ``start``, edges and ratios as
    :func:`banded` requires)."""
    steps = np.diff(ratios, prepend=0.0)
    knees = np.maximum(edges, start)
    if np.ndim(x) == 0:
        return float(sum(d * max(float(x) - k, 0.0) for d, k in zip(steps, knees)))
    x = np.asarray(x, dtype=float)
    total = np.subtract(x, knees[0], out=x if overwrite and len(knees) == 1 else None)
    np.clip(total, 0.0, np.inf, out=total)
    total *= steps[0]
    scratch = np.empty_like(total) if len(knees) > 1 else None
    for step, knee in zip(steps[1:], knees[1:]):
        np.subtract(x, knee, out=scratch)
        np.clip(scratch, 0.0, np.inf, out=scratch)
        scratch *= step
        total += scratch
    return total


def banded_inverse(target, start: float, edges: np.ndarray, ratios: np.ndarray):
    """The running total x at which :func:`banded` (from ``start``) first reaches ``target`` (inf if never)."""
    checked = checks.same_shape(
        checks.as_array("target", target, lo=0, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan"), target
    )
    start = _money("start", start, scalar=True)
    edges, ratios = _band_arrays(edges, ratios)
    return banded_inverse_kernel(checked, start, edges, ratios)


def banded_inverse_kernel(target, start: float, edges: np.ndarray, ratios: np.ndarray):
    """:func:`banded_inverse` without the input checks (inputs as :func:`banded_inverse_kernel` requires)."""
    target = np.asarray(target, dtype=float)
    knots = np.concatenate(([start], edges[edges > start]))
    paid = np.array([banded_kernel(k, start, edges, ratios) for k in knots])
    last_ratio = ratios[np.searchsorted(edges, knots[-1], side="right") - 1]
    beyond = knots[-1] + (target - paid[-1]) / last_ratio if last_ratio > 0 else np.full(target.shape, math.inf)
    inside = np.interp(target, paid, knots) if len(knots) > 1 else np.full(target.shape, knots[0])
    return np.where(target <= paid[-1], inside, beyond)
