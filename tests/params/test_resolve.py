"""The one resolution rule (params.resolve): which row answers for a parameter, region and date, and how.

Every expected value is read off the data rows named in the comments (file and line of data/), by hand.
"""

import datetime as dt

import pytest

import yibao_helpers as yb
from yibao_helpers.core.errors import MissingDataError, YibaoInputError
from yibao_helpers.params import resolve, with_data_year
from yibao_helpers.params.store import parent_of
from yibao_helpers.rules.contribution import resident_flows

# --------------------------------------------------------------------------- the chain: region, province, national


def test_a_region_row_in_force_is_local():
    # contribution.csv line 22: shanghai employee.base_floor 2024-07-01..2025-06-30 = 7384 yuan/month
    r = resolve("employee.base_floor", "shanghai", 2024)
    assert (r.how, r.value, r.unit, r.shifted, r.year) == ("local", 7384.0, "yuan/month", False, 2024)
    assert r.row.line == 22 and r.row.file == "contribution.csv"
    assert r.kinds == ("local",) and r.note_zh() == ""
    assert list(r.sources()["value"]) == [7384.0]


def test_a_city_inherits_its_provinces_row_before_the_national_one():
    # regions.csv: wuxi's parent is jiangsu; maternity.csv line 8: jiangsu maternity.extension = 60 days, now graded
    # illustrative (wuxi has no row of its own); before the parent rule, wuxi got no extension at all
    assert parent_of("wuxi") == "jiangsu" and parent_of("beijing") is None
    r = resolve("maternity.extension", "wuxi", 2024)
    assert (r.how, r.value, r.answered_by, r.illustrative) == ("province", 60.0, "jiangsu", True)
    assert r.kinds == ("province", "illustrative")
    assert r.note_zh() == "无锡没有自己的数据，沿用江苏的数据；这是示例值（illustrative），只说明量级。"
    assert yb.load_policy("wuxi", 2024)["maternity.extension"] == 60.0
    # regions.csv: nanchang's parent is jiangxi; maternity.csv line 25: jiangxi 60 days from 2025-08-13, secondary
    assert parent_of("nanchang") == "jiangxi"
    r = resolve("maternity.extension", "nanchang", 2026)
    assert (r.how, r.value, r.answered_by, r.row.line, r.illustrative) == ("province", 60.0, "jiangxi", 25, False)
    assert r.note_zh() == "南昌没有自己的数据，沿用江西的数据。"
    # gaps.csv line 9: jiangsu gap.employee.waiting_months = 3 answers for xuzhou (national line 8 says 6)
    assert yb.load_policy("xuzhou", 2025)["gap.employee.waiting_months"] == 3.0
    assert yb.load_policy("beijing", 2025)["gap.employee.waiting_months"] == 6.0


def test_national_rows_and_illustrative_flags():
    # REWRITTEN for issue 13: no national row is illustrative any more; the illustrative 2025/2026 resident
    # standards moved to the example city. contribution.csv line 51: national 2024 = 400, secondary
    r = resolve("resident.individual_contribution", "national", 2024)
    assert (r.how, r.value, r.illustrative, r.row.line) == ("national", 400.0, False, 51)
    assert r.kinds == ("national",) and r.note_zh() == ""
    # contribution.csv line 55: the example city's 2026 standard 400 (illustrative); national law has no 2026 row
    # (its series ends 2024-12-31), so the example value stands in — borrowed, and the note says so
    r = resolve("resident.individual_contribution", "national", 2026)
    assert (r.how, r.value, r.illustrative, r.answered_by, r.row.line) == ("borrowed", 400.0, True, "example", 55)
    assert r.kinds == ("borrowed", "illustrative")
    note = r.note_zh()
    assert "借用示例城市的数据（不是全国的数字）" in note and note.endswith("这是示例值（illustrative），只说明量级。")
    # the example city's own row is local to it
    assert resolve("resident.individual_contribution", "example", 2026).how == "local"


def test_a_value_the_user_supplied_wins():
    r = resolve("employee.base_floor", "shanghai", 2025, user=8000.0)
    assert (r.how, r.value, r.row, r.answered_by) == ("user", 8000.0, None, None)
    assert len(r.sources()) == 0


# --------------------------------------------------------------------------- gaps raise unless a stand-in is named


ALL_UNITS = "wage.avg_annual_all_units_prev_year"


def test_a_gap_raises_and_says_which_periods_have_data():
    # REWRITTEN for issue 13: shanghai's 2025-07 base floor is now in the data (contribution.csv line 71), so the
    # gap is another one. wages.csv lines 26-30: jiangxi's 全口径 wage has a row per calendar year 2021..2025
    # (the last 2025-01-01..2025-12-31 = 78,300); 2026-07-01 is after them: a gap (not "before the first row")
    with pytest.raises(MissingDataError) as err:
        resolve(ALL_UNITS, "jiangxi", "2026-07-01")
    exc = err.value
    assert (exc.param, exc.parameter, exc.region, exc.on) == ("on", ALL_UNITS, "jiangxi", "2026-07-01")
    assert [s.isoformat() for s, _ in exc.periods] == [f"{y}-01-01" for y in range(2021, 2026)]
    assert "2025-01-01–2025-12-31" in str(exc)


@pytest.mark.parametrize("fallback", [("earlier",), ("nearest",), ("newest",)])
def test_nearest_year_stand_ins_after_the_last_row(fallback):
    # wages.csv line 30: jiangxi 2025-01-01..2025-12-31 = 78,300 is the row before the gap, the nearest and the
    # newest; its only 1 July is 2025-07-01, so the year used is 2025
    r = resolve(ALL_UNITS, "jiangxi", "2026-07-01", fallback=fallback)
    assert (r.how, r.value, r.shifted, r.year, r.gap_of) == ("local", 78300.0, True, 2025, "jiangxi")
    assert (r.row.file, r.row.line) == ("wages.csv", 30)
    assert r.kinds == ("local", "nearest_year")
    assert r.note_zh() == "江西 2026 年没有数据，用 2025 年的数据。"


def test_later_finds_nothing_after_the_last_row():
    with pytest.raises(MissingDataError):
        resolve(ALL_UNITS, "jiangxi", "2026-07-01", fallback=("later",))


def test_a_city_shifted_to_its_provinces_nearest_year():
    # nanchang has no 全口径 wage of its own: its province's series answers, shifted as above (wages.csv line 30)
    r = resolve(ALL_UNITS, "nanchang", "2026-07-01", fallback=("nearest",))
    assert (r.how, r.value, r.year, r.gap_of, r.answered_by) == ("province", 78300.0, 2025, "jiangxi", "jiangxi")
    assert r.note_zh() == "江西 2026 年没有数据，用 2025 年的数据；南昌没有自己的数据，沿用江西的数据。"


def drop_line(data_copy, file, line, starts):
    lines = data_copy.lines(file)
    assert lines[line - 1].startswith(starts), lines[line - 1]
    data_copy.write(file, lines[: line - 1] + lines[line:])


@pytest.mark.parametrize(
    "fallback, value, year",
    [
        (("earlier",), 7384.0, 2024),  # line 22 ends 2025-06-30: its last 1 July is 2024-07-01
        (("later",), 7546.0, 2026),  # line 24 starts 2026-07-01
        # both one year away: a tie goes to the later row (as the old family example did: later years first)
        (("nearest",), 7546.0, 2026),
        (("newest",), 7546.0, 2026),
    ],
)
def test_nearest_year_stand_ins_between_two_rows(data_copy, fallback, value, year):
    # the gap between two rows of a region, in a copy of data/ without contribution.csv line 71 (shanghai
    # 2025-07-01..2026-06-30 = 7460): shanghai's floor then has lines 20 (2023-07..2024-06, 7310), 22 (2024-07..
    # 2025-06, 7384) and 24 (from 2026-07, 7546), and 2025-07-01 falls between 22 and 24
    drop_line(data_copy, "contribution.csv", 71, "shanghai,employee.base_floor,,,,2025-07-01,2026-06-30,7460,")
    with pytest.raises(MissingDataError):
        resolve("employee.base_floor", "shanghai", "2025-07-01", data_dir=str(data_copy))
    r = resolve("employee.base_floor", "shanghai", "2025-07-01", fallback=fallback, data_dir=str(data_copy))
    assert (r.how, r.value, r.shifted, r.year, r.gap_of) == ("local", value, True, year, "shanghai")
    assert "nearest_year" in r.kinds
    assert r.note_zh() == f"上海 2025 年没有数据，用 {year} 年的数据。"


def test_nearest_before_all_data_is_the_first_row():
    # 2022 precedes shanghai's first row (line 20, from 2023-07-01 = 7310), and no other region of its chain has an
    # absolute floor (national and the example city have only the ratios, lines 59-60 and 79-80)
    with pytest.raises(MissingDataError):
        resolve("employee.base_floor", "shanghai", 2022)
    r = resolve("employee.base_floor", "shanghai", 2022, fallback="nearest")
    assert (r.value, r.year) == (7310.0, 2023)


def test_the_national_stand_in_and_the_order_of_stand_ins():
    # contribution.csv line 57: chongqing resident.individual_contribution only for 2023 (350);
    # line 51: national 2024 = 400 (secondary)
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
    # national has no absolute base floor (only the ratio, contribution.csv line 59); borrowing shanghai's is
    # allowed only when asked for, and the page is told it is not the region's number
    with pytest.raises(MissingDataError):
        resolve("employee.base_floor", "national", 2024)
    r = resolve("employee.base_floor", "national", 2024, fallback=("shanghai",))
    assert (r.how, r.value, r.answered_by) == ("borrowed", 7384.0, "shanghai")
    assert "借用上海的数据" in r.note_zh() and "不是全国的数字" in r.note_zh()


def test_age_bands():
    # account.csv lines 11-13: beijing account.pre.employer_credit_rate bands <35: 0.8%, 35–45: 1%, ≥45: 2%
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
    # REWRITTEN for issue 13 (shanghai's 2025 base floor, the old example, is now in the data): chongqing's resident
    # contribution has only the 2023 row (contribution.csv line 57: 350), so chongqing's 2024 resident flows lack
    # it; the nearest row is 2023's, and the computation moves to 2023: 350 + the national 2023 subsidy 640
    # (line 50; chongqing has no subsidy row) = 990
    def total(year):
        return float(resident_flows(year, region="chongqing")["total"].iloc[0])

    with pytest.raises(MissingDataError) as err:
        total(2024)
    exc = err.value
    assert (exc.param, exc.parameter, exc.region, exc.on) == (
        "on",
        "resident.individual_contribution",
        "chongqing",
        "2024-07-01",
    )
    value, year, moves = with_data_year(total, "chongqing", 2024, fallback=("nearest",))
    assert (value, year) == (990.0, 2023)
    assert [(m.parameter, m.year, m.row.line) for m in moves] == [("resident.individual_contribution", 2023, 57)]
    # a year with data is not moved
    assert with_data_year(total, "chongqing", 2023) == (990.0, 2023, [])


def test_with_data_year_re_raises_when_no_stand_in_exists():
    # outpatient.ratio rows (the example city's, outpatient.csv lines 4-6) start 2021-04-13: "later" finds them,
    # but "earlier" has nothing
    def pool(year):
        from yibao_helpers.rules import outpatient

        return outpatient.pool_year([400], on=year)

    with pytest.raises(MissingDataError):
        with_data_year(pool, "national", 2016, fallback=("earlier",))
    result, year, _ = with_data_year(pool, "national", 2016, fallback=("later",))
    assert year == 2021 and float(result["cost"].sum()) == 400.0
    assert dt.date(year, 7, 1) >= dt.date(2021, 4, 13)
