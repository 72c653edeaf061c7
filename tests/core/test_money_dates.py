"""core.money and core.dates: one rounding to the fen, one calendar-year range, one date parser."""

import datetime as dt

import numpy as np
import pytest

from yibao_helpers.core import dates, money
from yibao_helpers.core.errors import MissingDataError, YibaoInputError, renamed


def test_fen_rounds_half_to_even_on_the_cent_grid():
    # numpy's round: ×100 in floating point, round half to even, ÷100 — 0.125 → 12.5 → 12 → 0.12;
    # 0.135 → 13.500…02 → 0.14; 1.005 → 100.49999… → 1.0; 2.675 → exactly 267.5 → 268 → 2.68 (Python's round,
    # which the reimbursement engine used for single numbers before, gives 2.67: now numbers and arrays agree)
    assert money.fen(0.125) == 0.12 and money.fen(0.135) == 0.14
    assert list(money.fen(np.array([1.004, 1.005, 2.675]))) == [1.0, 1.0, 2.68]


def test_fen_inplace_rounds_the_array_it_is_given_and_gives_the_same_digits():
    x = np.array([1.234, 5.678, 0.125])
    same = money.fen(x.copy())
    out = money.fen_inplace(x)
    assert out is x and list(x) == list(same) == [1.23, 5.68, 0.12]
    assert money.fen_inplace(2.675) == 2.68 == money.fen_inplace(np.array([2.675]))[0]
    assert isinstance(money.fen_inplace(2.675), float)


def test_whole_fen():
    assert money.to_fen(123.455) == 12346 and money.from_fen(12346) == 123.46
    assert money.MONTHS == 12


def test_one_year_range_for_every_calendar_year():
    assert (dates.YEAR_MIN, dates.YEAR_MAX) == (1900, 2200)
    assert dates.year(2024) == 2024 and dates.year(2024.0) == 2024
    assert dates.mid_year(2024) == dt.date(2024, 7, 1)
    for bad in (1899, 2201, 2024.5, "2024", True, None):
        with pytest.raises(YibaoInputError) as err:
            dates.year(bad, "start_year")
        assert err.value.param == "start_year"


def test_year_span_ends_by_2200():
    assert list(dates.year_span(2198, 3)) == [2198, 2199, 2200]
    with pytest.raises(YibaoInputError) as err:
        dates.year_span(2199, 3, "start_year")
    assert err.value.param == "start_year" and "2201" in str(err.value)


def test_as_date_accepts_dates_iso_text_and_years():
    assert dates.as_date("2024-07") == dt.date(2024, 7, 1)
    assert dates.as_date("2024") == dt.date(2024, 7, 1) == dates.as_date(2024)
    assert dates.as_date(dt.datetime(2024, 3, 5, 12)) == dt.date(2024, 3, 5)
    assert dates.as_date(None) is None
    with pytest.raises(YibaoInputError):
        dates.as_date("2024-13-01")
    assert dates.years_before(dt.date(2024, 2, 29), 2) == dt.date(2022, 2, 28)


def test_renamed_keeps_a_missing_data_error_one():
    gap = MissingDataError("shanghai", "2025-07-01", "employee.base_floor", "", [], "缺数据", "no data")
    again = renamed(gap, "start_year", 2025, "从该年起缺数据", "lacks data from this year")
    assert isinstance(again, MissingDataError)
    assert (again.param, again.value, again.parameter, again.on) == (
        "start_year",
        2025,
        "employee.base_floor",
        "2025-07-01",
    )
    plain = renamed(YibaoInputError("on", 1, "x", "y"), "start_year", 2025, "甲", "b")
    assert type(plain) is YibaoInputError and plain.param == "start_year"
