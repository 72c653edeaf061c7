"""Money and calendar constants shared by every rule: one ``MONTHS``, one rounding to the fen."""

from __future__ import annotations

import numpy as np

MONTHS = 12  # months in a year (contributions, credits and pensions are paid monthly)


def fen(x):
    """Round yuan to the fen (0.01 元): multiply by 100, round half to even, divide (numpy's ``round``).

    A number gives a numpy float, an array a new array.
    """
    return np.round(x, 2)


def fen_inplace(x):
    """:func:`fen` without a new array: an array is rounded in place (pass a temporary you own), a number
    gives a Python float. The same digits as :func:`fen`."""
    if np.ndim(x) == 0:
        return float(np.round(float(x), 2))
    x *= 100.0
    np.rint(x, out=x)
    x /= 100.0
    return x


def to_fen(x) -> int:
    """Yuan as a whole number of fen (for sums that must add up exactly)."""
    return int(np.round(float(x) * 100))


def from_fen(n: int) -> float:
    """A whole number of fen back in yuan."""
    return round(n / 100, 2)
