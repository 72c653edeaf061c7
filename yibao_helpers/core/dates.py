"""Dates and calendar years as the calculators accept them: one range, one parser, one bilingual error."""

from __future__ import annotations

import datetime as _dt

import numpy as np

from .checks import as_int
from .errors import YibaoInputError

# Calendar years any function accepts (a rule year, the first year of a projection, a gap year): the data
# begin in 1998 and the open-ended rows are in force to the end of the range, so a year inside the range
# either has data or gets a data-gap error that names the periods with data.
YEAR_MIN, YEAR_MAX = 1900, 2200


def _checked_year(value, name: str) -> int:
    return as_int(name, value, lo=YEAR_MIN, hi=YEAR_MAX, unit_zh="（日历年）", unit_en="(calendar year)")


def year(year, name: str = "year") -> int:
    """A calendar year between :data:`YEAR_MIN` and :data:`YEAR_MAX` (whole number), or the bilingual error
    about ``name`` (the caller's own argument, e.g. ``start_year``)."""
    return _checked_year(year, name)


def mid_year(year, name: str = "year") -> _dt.date:
    """1 July of a calendar year: the day whose rules count for the whole year."""
    return _dt.date(_checked_year(year, name), 7, 1)


def as_date(on, param: str = "on") -> _dt.date | None:
    """Accept a date, an ISO string ('2024-07-01' or '2024-07'), or a year (meaning 1 July); None stays None."""
    if on is None:
        return None
    if isinstance(on, _dt.datetime):
        return on.date()
    if isinstance(on, _dt.date):
        return on
    if isinstance(on, (int, np.integer)) and not isinstance(on, bool):
        if YEAR_MIN <= int(on) <= YEAR_MAX:
            return _dt.date(int(on), 7, 1)
        raise YibaoInputError(
            param,
            on,
            f"年份应在 {YEAR_MIN} 到 {YEAR_MAX} 之间",
            f"a year must be between {YEAR_MIN} and {YEAR_MAX}",
        )
    if isinstance(on, str):
        text = on.strip()
        try:
            if len(text) == 7:
                return _dt.date.fromisoformat(text + "-01")
            if len(text) == 4 and text.isdigit():
                return as_date(int(text), param)
            return _dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise YibaoInputError(
        param,
        on,
        "应为日期（datetime.date 或 'YYYY-MM-DD'）或年份",
        "must be a date (datetime.date or 'YYYY-MM-DD') or a year",
    )


def years_before(day: _dt.date, years: int) -> _dt.date:
    """The same day ``years`` earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def year_span(first: int, n_years: int, name: str = "first") -> np.ndarray:
    """The calendar years ``first`` … ``first + n_years − 1``, which must all lie in :data:`YEAR_MIN`–:data:`YEAR_MAX`."""
    last = int(first) + int(n_years) - 1
    if last > YEAR_MAX:
        raise YibaoInputError(
            name,
            first,
            f"从 {first} 年起算 {n_years} 年，最后一年 {last} 超过 {YEAR_MAX} 年",
            f"{n_years} years from {first} end in {last}, after {YEAR_MAX}",
        )
    return int(first) + np.arange(int(n_years))
