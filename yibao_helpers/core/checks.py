"""Input checking shared by every calculator: one place, one bilingual error."""

from __future__ import annotations

import numbers

import numpy as np

from .errors import YibaoInputError

# Plausibility limits of the inputs (not policy numbers): what a person can enter.
AGE_MIN, AGE_MAX = 16, 100
MONEY_MAX = 1e9


def _fmt(x) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def as_array(
    name: str,
    value,
    *,
    lo: float,
    hi: float,
    unit_zh: str = "",
    unit_en: str = "",
    lo_open: bool = False,
    integer: bool = False,
) -> np.ndarray:
    """Check a scalar or 1-D array of numbers against [lo, hi] and return it as float array.

    Rejects bool, text, None, NaN, inf, empty arrays and 2-D input with the
    project's bilingual error that names the parameter and the allowed range.
    """
    rng_zh = f"应在 {'大于 ' if lo_open else ''}{_fmt(lo)} 到 {_fmt(hi)} {unit_zh}之间".rstrip()
    if lo_open:
        rng_en = f"must be greater than {_fmt(lo)} and at most {_fmt(hi)} {unit_en}".rstrip()
    else:
        rng_en = f"must be between {_fmt(lo)} and {_fmt(hi)} {unit_en}".rstrip()
    if isinstance(value, (bool, np.bool_)) or value is None or isinstance(value, (str, bytes)):
        raise YibaoInputError(name, value, f"应为数字，{rng_zh}", f"must be a number; {rng_en}")
    if isinstance(value, numbers.Number):
        arr = np.asarray([value], dtype=float)
    else:
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise YibaoInputError(
                name, value, f"应为数字或数字数组，{rng_zh}", f"must be a number or an array of numbers; {rng_en}"
            ) from None
        arr = arr.reshape(1) if arr.ndim == 0 else arr
    if arr.ndim != 1:
        raise YibaoInputError(name, f"shape {arr.shape}", "应为一个数或一维数组", "must be a number or a 1-D array")
    if arr.size == 0:
        raise YibaoInputError(name, "[]", "数组不能为空", "the array must not be empty")
    # fast path: two reductions, no temporary arrays (NaN propagates through min and max)
    low, high = arr.min(), arr.max()
    if np.isfinite(low) and np.isfinite(high) and (low > lo if lo_open else low >= lo) and high <= hi:
        if not integer or np.array_equal(arr, np.round(arr)):
            return arr
    bad = ~np.isfinite(arr)
    if bad.any():
        raise YibaoInputError(
            name, arr[bad][0], f"不能是 NaN 或无穷大，{rng_zh}", f"must not be NaN or infinite; {rng_en}"
        )
    too_low = arr <= lo if lo_open else arr < lo
    out = too_low | (arr > hi)
    if out.any():
        raise YibaoInputError(name, value if isinstance(value, numbers.Number) else arr[out][0].item(), rng_zh, rng_en)
    if integer and np.any(arr != np.round(arr)):
        raise YibaoInputError(
            name, arr[arr != np.round(arr)][0].item(), f"应为整数，{rng_zh}", f"must be a whole number; {rng_en}"
        )
    return arr


def as_int(name: str, value, *, lo: int, hi: int, unit_zh: str = "", unit_en: str = "") -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, float, np.floating)):
        raise YibaoInputError(
            name,
            value,
            f"应为整数，在 {lo} 到 {hi} {unit_zh}之间",
            f"must be a whole number between {lo} and {hi} {unit_en}".rstrip(),
        )
    arr = as_array(name, value, lo=lo, hi=hi, unit_zh=unit_zh, unit_en=unit_en, integer=True)
    return int(arr[0])


def choice(name: str, value, choices: dict) -> str:
    """Map ``value`` (English code or Chinese name) to its code, or raise.

    Only a single text or number can match: a list, an array or a bool (True == 1) never does.
    """
    single = isinstance(value, (str, numbers.Number)) and not isinstance(value, (bool, np.bool_))
    if single and isinstance(value, np.generic):  # numpy's 2 (e.g. from a DataFrame column) is the same choice as 2
        value = value.item()
    for code, names in choices.items() if single else []:
        if value == code or (isinstance(names, (list, tuple, set)) and value in names) or value == names:
            return code
    shown = ", ".join(f"{k}（{v if isinstance(v, str) else '/'.join(v)}）" for k, v in choices.items())
    raise YibaoInputError(name, value, f"应为以下之一：{shown}", f"must be one of: {', '.join(map(str, choices))}")


def broadcast(**arrays: np.ndarray) -> tuple[int, dict[str, np.ndarray]]:
    """Broadcast 1-element arrays to a common length; other lengths must match."""
    sizes = {k: a.size for k, a in arrays.items()}
    n = max(sizes.values())
    for k, size in sizes.items():
        if size not in (1, n):
            others = {o: s for o, s in sizes.items() if s not in (1,)}
            raise YibaoInputError(
                k,
                f"长度 length {size}",
                f"各数组长度应相同（{others}）或为单个数",
                f"arrays must have the same length ({others}) or be single numbers",
            )
    return n, {k: (np.broadcast_to(a, (n,)) if a.size == 1 else a) for k, a in arrays.items()}


def as_float(
    name: str,
    value,
    *,
    lo: float,
    hi: float,
    unit_zh: str = "",
    unit_en: str = "",
    lo_open: bool = False,
    integer: bool = False,
) -> float:
    """One number (not a list or an array) within [lo, hi], as a Python float; see :func:`as_array`."""
    if np.ndim(value) != 0 and not isinstance(value, (str, bytes)):
        raise YibaoInputError(
            name,
            value,
            f"应为单个数（不是列表或数组），在 {_fmt(lo)} 到 {_fmt(hi)} {unit_zh}之间".rstrip(),
            f"must be a single number (not a list or an array) between {_fmt(lo)} and {_fmt(hi)} {unit_en}".rstrip(),
        )
    arr = as_array(name, value, lo=lo, hi=hi, unit_zh=unit_zh, unit_en=unit_en, lo_open=lo_open, integer=integer)
    return float(arr[0])


def as_flag(name: str, value) -> bool:
    """True or False only (numpy bools too): 1, "yes" or None are not flags."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise YibaoInputError(name, value, "应为 True 或 False", "must be True or False")


def as_bools(name: str, value) -> np.ndarray:
    """True/False or a non-empty 1-D array of them, as a bool array."""
    if isinstance(value, np.ndarray) and value.dtype == bool and value.ndim == 1 and value.size:
        return value
    arr = np.atleast_1d(np.asarray(value, dtype=object))
    if arr.ndim != 1 or arr.size == 0 or not all(isinstance(v, (bool, np.bool_)) for v in arr):
        raise YibaoInputError(
            name, value, "应为 True 或 False（或其一维数组）", "must be True or False (or a 1-D array of them)"
        )
    return arr.astype(bool)


def same_shape(arr: np.ndarray, original):
    """``arr`` (checked, 1-D) back in the shape the caller gave: a 0-d array for a single number."""
    return arr.reshape(()) if np.ndim(original) == 0 else arr
