"""The one resolution rule (params.resolve): which row answers for a parameter, region and date, and how.

Every expected value is read off the data rows named in the comments (file and line of data/), by hand.
"""

import datetime as dt

import pytest

import yibao_helpers as yb
from yibao_helpers.core.errors import MissingDataError, YibaoInputError
from yibao_helpers.params import resolve, with_data_year
from yibao_helpers.params.store import parent_of
from yibao_helpers.rules import account

# --------------------------------------------------------------------------- the chain: region, province, national


def test_a_region_row_in_force_is_local():
    # contribution.csv line 24: shanghai employee.base_floor 2024-07-01..2025-06-30 = 7384 yuan/month
    r = resolve("employee.base_floor", "shanghai", 2024)
    assert (r.how, r.value, r.unit, r.shifted, r.year) == ("local", 7384.0, "yuan/month", False, 2024)
    assert r.row.line == 24 and r.row.file == "contribution.csv"
    assert r.kinds == ("local",) and r.note_zh() == ""
    assert list(r.sources()["value"]) == [7384.0]


def test_a_city_inherits_its_provinces_row_before_the_national_one():
    # regions.csv: wuxi's parent is jiangsu; maternity.csv line 8: jiangsu maternity.extension = 60 days
    # (wuxi has no row of its own); before the parent rule, wuxi got no extension at all
    assert parent_of("wuxi") == "jiangsu" and parent_of("beijing") is None
    r = resolve("maternity.extension", "wuxi", 2024)
    assert (r.how, r.value, r.answered_by) == ("province", 60.0, "jiangsu")
    assert r.note_zh() == "无锡没有自己的数据，沿用江苏的数据。"
    assert yb.load_policy("wuxi", 2024)["maternity.extension"] == 60.0
    # gaps.csv line 9: jiangsu gap.employee.waiting_months = 3 answers for xuzhou (national line 8 says 6)
    assert yb.load_policy("xuzhou", 2025)["gap.employee.waiting_months"] == 3.0
    assert yb.load_policy("beijing", 2025)["gap.employee.waiting_months"] == 6.0


def test_national_rows_and_illustrative_flags():
    # contribution.csv line 57: national resident.individual_contribution from 2026-01-01 = 400, illustrative
    r = resolve("resident.individual_contribution", "national", 2026)
    assert (r.how, r.value, r.illustrative) == ("national", 400.0, True)
    assert r.kinds == ("national", "illustrative")
    assert r.note_zh() == "这是示例值（illustrative），只说明量级。"


def test_a_value_the_user_supplied_wins():
    r = resolve("employee.base_floor", "shanghai", 2025, user=8000.0)
    assert (r.how, r.value, r.row, r.answered_by) == ("user", 8000.0, None, None)
    assert len(r.sources()) == 0


# --------------------------------------------------------------------------- gaps raise unless a stand-in is named


def test_a_gap_raises_and_says_which_periods_have_data():
    # shanghai's base floor has rows 2023-07-01..2024-06-30, 2024-07-01..2025-06-30 and from 2026-07-01
    # (contribution.csv lines 22, 24, 26): 2025-07-01 falls in the gap
    with pytest.raises(MissingDataError) as err:
        resolve("employee.base_floor", "shanghai", "2025-07-01")
    exc = err.value
    assert (exc.param, exc.parameter, exc.region, exc.on) == ("on", "employee.base_floor", "shanghai", "2025-07-01")
    assert [s.isoformat() for s, _ in exc.periods] == ["2023-07-01", "2024-07-01", "2026-07-01"]
    assert "2024-07-01–2025-06-30" in str(exc)


@pytest.mark.parametrize(
    "fallback, value, year",
    [
        (("earlier",), 7384.0, 2024),  # line 24 ends 2025-06-30: its last 1 July is 2024-07-01
        (("later",), 7546.0, 2026),  # line 26 starts 2026-07-01
        # both one year away: a tie goes to the later row (as the old family example did: later years first)
        (("nearest",), 7546.0, 2026),
        (("newest",), 7546.0, 2026),
    ],
)
def test_nearest_year_stand_ins(fallback, value, year):
    r = resolve("employee.base_floor", "shanghai", "2025-07-01", fallback=fallback)
    assert (r.how, r.value, r.shifted, r.year, r.gap_of) == ("local", value, True, year, "shanghai")
    assert "nearest_year" in r.kinds
    assert r.note_zh() == f"上海 2025 年没有数据，用 {year} 年的数据。"


def test_nearest_before_all_data_is_the_first_row():
    # 2022 precedes shanghai's first row (line 22, from 2023-07-01 = 7310)
    r = resolve("employee.base_floor", "shanghai", 2022, fallback="nearest")
    assert (r.value, r.year) == (7310.0, 2023)


def test_the_national_stand_in_and_the_order_of_stand_ins():
    # contribution.csv line 59: chongqing resident.individual_contribution only for 2023 (350);
    # line 53: national 2024 = 400 (secondary)
    with pytest.raises(MissingDataError):
        resolve("resident.individual_contribution", "chongqing", 2024)
    national = resolve("resident.individual_contribution", "chongqing", 2024, fallback=("national",))
    assert (national.how, national.value, national.shifted) == ("national", 400.0, False)
    assert national.note_zh() == "重庆 2024 年没有数据，用全国的数据。"
    earlier = resolve("resident.individual_contribution", "chongqing", 2024, fallback=("earlier", "national"))
    assert (earlier.how, earlier.value, earlier.year) == ("local", 350.0, 2023)
    # nothing later for chongqing: "later" gives nothing and the next stand-in answers
    later = resolve("resident.individual_contribution", "chongqing", 2024, fallback=("later", "national"))
    assert (later.how, later.value) == ("national", 400.0)


def test_a_borrowed_value_names_where_it_came_from():
    # national has no absolute base floor (only the ratio, contribution.csv line 4); borrowing shanghai's is
    # allowed only when asked for, and the page is told it is not the region's number
    with pytest.raises(MissingDataError):
        resolve("employee.base_floor", "national", 2024)
    r = resolve("employee.base_floor", "national", 2024, fallback=("shanghai",))
    assert (r.how, r.value, r.answered_by) == ("borrowed", 7384.0, "shanghai")
    assert "借用上海的数据" in r.note_zh() and "不是全国的数字" in r.note_zh()


def test_age_bands():
    # account.csv: beijing account.pre.employer_credit_rate bands <35: 0.8%, 35–45: 1%, ≥45: 2%
    assert resolve("account.pre.employer_credit_rate", "beijing", 2020, age=40).value == pytest.approx(0.01)
    assert resolve("account.pre.employer_credit_rate", "beijing", 2020, age=50).value == pytest.approx(0.02)


def test_bad_input_names_the_argument():
    cases = [
        (dict(parameter="employee.no_such_rate"), "parameter"),
        (dict(parameter="employee.base_floor", region="atlantis"), "region"),
        (dict(parameter="employee.base_floor", fallback=("sideways",)), "fallback"),
        (dict(parameter="employee.base_floor", user="8000"), "user"),
        (dict(parameter="account.pre.employer_credit_rate", age=200), "age"),
    ]
    for kwargs, param in cases:
        with pytest.raises(YibaoInputError) as err:
            resolve(**kwargs)
        assert err.value.param == param, kwargs


# --------------------------------------------------------------------------- a whole computation that needs a year


def test_with_data_year_moves_a_computation_to_the_year_the_rule_finds():
    # a projection for shanghai from 2025 lacks the 2025-07-01 base floor; the nearest row is 2026's
    def credit(year):
        return float(account.project_balance(8000, 30, 1, region="shanghai", start_year=year)["credited"].iloc[0])

    with pytest.raises(MissingDataError) as err:
        credit(2025)
    assert (err.value.param, err.value.parameter, err.value.on) == ("start_year", "employee.base_floor", "2025-07-01")
    value, year, moves = with_data_year(credit, "shanghai", 2025, fallback=("nearest",))
    assert year == 2026 and value == credit(2026)
    assert [(m.parameter, m.year) for m in moves] == [("employee.base_floor", 2026)]
    # a year with data is not moved
    assert with_data_year(credit, "shanghai", 2024)[1:] == (2024, [])


def test_with_data_year_re_raises_when_no_stand_in_exists():
    # outpatient.ratio rows start 2021-04-13 (outpatient.csv): "later" finds them, but "earlier" has nothing
    def pool(year):
        from yibao_helpers.rules import outpatient

        return outpatient.pool_year([400], on=year)

    with pytest.raises(MissingDataError):
        with_data_year(pool, "national", 2016, fallback=("earlier",))
    result, year, _ = with_data_year(pool, "national", 2016, fallback=("later",))
    assert year == 2021 and float(result["cost"].sum()) == 400.0
    assert dt.date(year, 7, 1) >= dt.date(2021, 4, 13)
