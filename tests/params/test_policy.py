"""load_policy: which row is in force on a date, inheritance from `national`, gaps, date forms, sources.

Expected values are read off the CSV rows in data/ (file and row named in each comment).
"""

import csv
import datetime as dt

import numpy as np
import pytest

import yibao_helpers as yb
from tests.conftest import DATA
from yibao_helpers import params as policy_mod
from yibao_helpers.core.errors import YibaoInputError

WAGE = "wage.avg_annual_prev_year"


# --------------------------------------------------------------------------- values in force on a date


@pytest.mark.parametrize(
    "on, expected",
    [
        # wages.csv: 2024-07-01..2025-06-30 → 120698 (2023 NBS average); 2025-07-01..2026-06-30 → 124110 (2024)
        (dt.date(2025, 6, 30), 120698),  # last day of the earlier period (effective_to is inclusive)
        (dt.date(2025, 7, 1), 124110),  # first day of the later period
        ("2025-06-30", 120698),
        ("2025-07-01", 124110),
        ("2025-06", 120698),  # 'YYYY-MM' = first day of the month
        ("2025-07", 124110),
        (2025, 124110),  # an int year = 1 July of it
        (np.int64(2024), 120698),  # numpy ints are years too
        ("2024", 120698),  # a 4-digit string is a year
        (dt.datetime(2025, 6, 30, 23, 59), 120698),  # a datetime counts by its date
        (2016, 62029),  # 2016-07-01..2017-06-30
        # None = data_as_of() = 2025-07-01 (see test_none_means_...): wages.csv line 12, 2025-07-01..2026-06-30
        (None, 124110),
    ],
)
def test_wage_in_force_on_each_date_form(on, expected):
    assert yb.load_policy("national", on)[WAGE] == expected


@pytest.mark.parametrize(
    "on, day",
    [
        (2025, dt.date(2025, 7, 1)),
        ("2025-03", dt.date(2025, 3, 1)),
        ("2025-03-09", dt.date(2025, 3, 9)),
        (dt.date(2020, 2, 29), dt.date(2020, 2, 29)),
    ],
)
def test_policy_remembers_the_date_it_was_asked_for(on, day):
    assert yb.load_policy("national", on).on == day


def cell(file, line, column):
    """One field of data/<file> (1-based line, header = line 1), read with the csv module."""
    with open(DATA / file, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[line - 1][rows[0].index(column)]


def newest_july_of_real_national_statistics():
    """The latest 1 July that every national statistics series (wage.*, income.*) covers with a row that is not
    illustrative, read from the CSVs with the csv module."""
    ends = {}
    for name in ("wages.csv", "income.csv"):
        with open(DATA / name, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                if r["region"] == "national" and r["confidence"] != "illustrative":
                    end = dt.date.fromisoformat(r["effective_to"]) if r["effective_to"] else dt.date.max
                    key = (r["parameter"], r["qualifier"])
                    ends[key] = max(ends.get(key, dt.date.min), end)
    last = min(ends.values())
    return dt.date(last.year, 7, 1) if dt.date(last.year, 7, 1) <= last else dt.date(last.year - 1, 7, 1)


def test_none_means_1_july_of_the_newest_year_with_real_national_statistics():
    # REWRITTEN for issue 13 (was: None = the newest effective_from anywhere, 2026-07-01). The default date is
    # 1 July of the newest year whose national statistics are not illustrative:
    # wages.csv line 12 (national wage, secondary) ends 2026-06-30 — line 13 (2026-07-01.., 129,441) is the
    # example city's, illustrative; wages.csv line 24 (private wage, secondary) ends 2026-06-30; income.csv
    # line 14 (national income, secondary) is open from 2026-01-01. 2026-07-01 is past 2026-06-30 → 2025-07-01.
    assert newest_july_of_real_national_statistics() == dt.date(2025, 7, 1)
    assert yb.data_as_of() == dt.date(2025, 7, 1)
    assert yb.load_policy().on == dt.date(2025, 7, 1)
    assert yb.load_policy().region == "national"
    # the next year has only the illustrative example wage: wages.csv line 13, 129,441, borrowed from example
    row = yb.load_policy("national", "2026-07-01").row(WAGE)
    assert (row.value, row.region, row.confidence, row.line) == (129441.0, "example", "illustrative", 13)


def test_open_ended_row_is_in_force_far_in_the_future():
    # account.csv: national account.post.individual_credit_rate from 2021-04-13, effective_to blank
    assert yb.load_policy("national", 2100)["account.post.individual_credit_rate"] == 0.02


def test_row_not_yet_in_force_is_not_used():
    # account.post.* start on 2021-04-13: on 2021-04-12 the parameter is absent, on 2021-04-13 present
    before = yb.load_policy("national", "2021-04-12")
    on_day = yb.load_policy("national", "2021-04-13")
    assert not before.has("account.post.individual_credit_rate")
    assert on_day["account.post.individual_credit_rate"] == 0.02


def test_date_valued_parameter():
    # account.csv line 2: account.reform_date value 2021-04-13, unit date — an example-city row (national has none;
    # each province sets its own date, e.g. jiangxi line 18: 2023-01-01), so national borrows it
    assert yb.load_policy("national", 2024)["account.reform_date"] == dt.date(2021, 4, 13)


def test_qualified_parameters():
    # outpatient.csv lines 4-6: example-city outpatient.ratio level=1/2/3 = 0.6/0.55/0.5 (national has none)
    pol = yb.load_policy("national", 2024)
    assert [pol.get("outpatient.ratio", f"level={k}") for k in (1, 2, 3)] == [0.6, 0.55, 0.5]
    assert pol["outpatient.ratio", "level=2"] == 0.55  # tuple key
    assert ("outpatient.ratio", "level=3") in pol
    assert "outpatient.ratio" not in pol  # no unqualified row


# --------------------------------------------------------------------------- inheritance and gaps


def test_region_overrides_national():
    # contribution.csv line 2: national employee.employer_rate 0.06 (国发〔1998〕44号); line 4: beijing 0.09 from
    # 2001-04-01
    assert yb.load_policy("national", 2024)["employee.employer_rate"] == 0.06
    assert yb.load_policy("beijing", 2024)["employee.employer_rate"] == 0.09
    assert yb.load_policy("beijing", 2024).row("employee.employer_rate").region == "beijing"


def test_region_inherits_national_for_parameters_it_has_no_rows_for():
    # beijing has no account.post.individual_credit_rate rows → national 0.02 (account.csv line 6, 国办发〔2021〕14号)
    pol = yb.load_policy("beijing", 2024)
    assert pol["account.post.individual_credit_rate"] == 0.02
    row = pol.row("account.post.individual_credit_rate")
    assert (row.region, row.file, row.line) == ("national", "account.csv", 6)
    assert row.source == cell("account.csv", 6, "source") and row.source.startswith("国办发〔2021〕14号")
    # beijing has no wage.avg_annual_prev_year rows → national (wages.csv line 11, 120,698 for 2024-07..2025-06);
    # chuzhou (outpatient only) inherits the account rules (account.csv line 10: 1.10%)
    assert pol[WAGE] == 120698
    assert yb.load_policy("chuzhou", 2024)["account.interest_rate_carried"] == 0.011


def test_region_own_rows_by_period():
    # contribution.csv shanghai employee.base_floor: line 20 2023-07..2024-06 7310; line 22 2024-07..2025-06 7384;
    # line 71 2025-07..2026-06 7460; line 24 2026-07.. 7546 (line 25: ceiling 37731)
    assert yb.load_policy("shanghai", "2024-06-30")["employee.base_floor"] == 7310
    assert yb.load_policy("shanghai", "2025-06-30")["employee.base_floor"] == 7384
    assert yb.load_policy("shanghai", "2025-09-01")["employee.base_floor"] == 7460
    assert yb.load_policy("shanghai", "2026-07-01")["employee.base_floor"] == 7546
    assert yb.load_policy("shanghai", "2026-07-01")["employee.base_ceiling"] == 37731


def test_gap_in_region_rows_raises_instead_of_using_another_period():
    # REWRITTEN for issue 13: shanghai's 2025-07..2026-06 base floor is now in the data (contribution.csv line 71).
    # contribution.csv line 69: nanchang resident.individual_contribution only for 2025-01-01..2025-12-31 (400);
    # 2026-03-01 is after nanchang's rows: a gap, and the 2025 row (another period) is not used
    pol = yb.load_policy("nanchang", "2026-03-01")
    assert not pol.has("resident.individual_contribution") and pol.has_gap("resident.individual_contribution")
    with pytest.raises(YibaoInputError) as err:
        pol["resident.individual_contribution"]
    msg = str(err.value)
    assert "resident.individual_contribution" in msg and "nanchang" in msg and "2026-03-01" in msg
    assert "2025-01-01–2025-12-31" in msg  # it lists the periods that do have data


@pytest.mark.parametrize(
    "region, on, name, qualifier, value, answered_by, line",
    [
        # contribution.csv line 19: shanghai employee.individual_rate starts 2023-07-01; line 3: national 0.02
        ("shanghai", "2022-01-01", "employee.individual_rate", "", 0.02, "national", ("contribution.csv", 3)),
        # contribution.csv line 26: shenzhen employee.employer_rate starts 2022-07-01; line 2: national 0.06
        ("shenzhen", 2020, "employee.employer_rate", "", 0.06, "national", ("contribution.csv", 2)),
        # outpatient.csv lines 9-14: chuzhou rows start 2022-12-12; national has no outpatient pool values, so the
        # example city answers (outpatient.csv line 3: deductible 800; line 6: level-3 ratio 0.5, from 2021-04-13)
        ("chuzhou", "2022-07-01", "outpatient.deductible", "", 800, "example", ("outpatient.csv", 3)),
        ("chuzhou", "2022-07-01", "outpatient.ratio", "level=3", 0.5, "example", ("outpatient.csv", 6)),
    ],
)
def test_before_a_regions_first_row_the_next_region_answers(region, on, name, qualifier, value, answered_by, line):
    # REWRITTEN for issue 13 (was test_gap_never_falls_back_to_national with these cases raising): before a
    # region's first row of a parameter the region had no rule of its own yet, so the next region of its chain
    # (region → parent → national → example) answers
    pol = yb.load_policy(region, on)
    assert pol.has(name, qualifier) and not pol.has_gap(name, qualifier)
    row = pol.row(name, qualifier)
    assert (row.value, row.region, (row.file, row.line)) == (value, answered_by, line)


@pytest.mark.parametrize(
    "region, on, name, national_value",
    [
        # contribution.csv line 57: chongqing resident.individual_contribution only for 2023; line 51: national 400
        # for 2024
        ("chongqing", 2024, "resident.individual_contribution", 400),
        # catastrophic.csv line 5: shandong catastrophic.resident.ratio 2014-01-01..2018-12-31; line 3: national 0.6
        # from 2019-01-01
        ("shandong", 2020, "catastrophic.resident.ratio", 0.6),
        # income.csv line 15: jiangxi income.disposable_prev_year only for 2025; line 14: national 43,377 from 2026
        ("jiangxi", 2026, "income.disposable_prev_year", 43377),
    ],
)
def test_a_gap_after_a_regions_rows_never_falls_back_to_national(region, on, name, national_value):
    assert yb.load_policy("national", on)[name] == national_value  # national HAS a value then
    pol = yb.load_policy(region, on)
    assert not pol.has(name) and pol.has_gap(name)
    with pytest.raises(YibaoInputError) as err:
        pol[name]
    assert name in str(err.value) and region in str(err.value)


def test_a_date_national_law_does_not_cover_takes_the_example_citys_value():
    # income.csv: national rows for 2014 (line 2) and 2016 (line 4); 2015 (line 3, 20,167) is the example city's,
    # illustrative: the national series has a gap on 2015-07-01 and the example city's value stands in
    row = yb.load_policy("national", 2015).row("income.disposable_prev_year")
    assert (row.value, row.region, row.confidence, row.line) == (20167.0, "example", "illustrative", 3)
    # contribution.csv lines 51 / 53: national resident standard 400 for 2024 (secondary), example 400 for 2025
    assert yb.load_policy("national", 2024).row("resident.individual_contribution").region == "national"
    assert yb.load_policy("national", 2025).row("resident.individual_contribution").region == "example"


def test_values_come_from_the_data_directory(data_copy):
    # change national employee.individual_rate (contribution.csv line 3, 0.02) in a copy: the loader reads the copy
    data_copy.replace_in_line("contribution.csv", 3, ",0.02,ratio,", ",0.03,ratio,")
    assert yb.load_policy("national", 2024, data_dir=str(data_copy))["employee.individual_rate"] == 0.03
    assert yb.load_policy("national", 2024)["employee.individual_rate"] == 0.02


# --------------------------------------------------------------------------- sources and rows


def test_source_of_a_value():
    # the source column of the row in force: account.csv line 6, contribution.csv line 3, wages.csv line 11
    pol = yb.load_policy("national", 2024)
    assert pol.source("account.post.individual_credit_rate") == cell("account.csv", 6, "source")
    assert pol.source("account.post.individual_credit_rate").startswith("国办发〔2021〕14号")
    assert pol.source("employee.individual_rate") == cell("contribution.csv", 3, "source")
    assert pol.source("employee.individual_rate").startswith("国发〔1998〕44号")
    assert pol.source(WAGE) == cell("wages.csv", 11, "source")
    assert pol.source(WAGE).startswith("国家统计局2023年城镇单位就业人员年平均工资情况")
    # contribution.csv line 14: beijing 2024-07..2025-06 base floor 6821, read from linianhui/blog
    bj = yb.load_policy("beijing", 2024)
    assert "linianhui" in bj.source("employee.base_floor")


def test_row_carries_its_file_line_and_confidence():
    row = yb.load_policy("national", 2024).row("account.post.avg_pension_monthly")
    # account.csv line 8 (header = line 1): the example city's 3000 yuan/month, illustrative (national has none)
    assert (row.file, row.line, row.region) == ("account.csv", 8, "example")
    assert (row.value, row.unit, row.confidence) == (3000.0, "yuan/month", "illustrative")
    assert row.effective_from == dt.date(2021, 4, 13) and row.effective_to is None
    with open(DATA / "account.csv", encoding="utf-8", newline="") as f:
        line8 = list(csv.reader(f))[7]
    assert line8[1] == "account.post.avg_pension_monthly" and line8[9] == row.source


# --------------------------------------------------------------------------- age bands


def test_by_age_beijing_employer_credit_bands():
    # account.csv lines 11-13: beijing account.pre.employer_credit_rate <35 0.8%, [35,45) 1%, ≥45 2%
    # (《北京市基本医疗保险规定》第二十一条)
    pol = yb.load_policy("beijing", 2024)
    ages = np.array([16, 34, 34.99, 35, 44.5, 45, 60, 100])
    expected = [0.008, 0.008, 0.008, 0.01, 0.01, 0.02, 0.02, 0.02]
    np.testing.assert_allclose(pol.by_age("account.pre.employer_credit_rate", ages), expected)
    assert pol.get("account.pre.employer_credit_rate", age=35) == 0.01
    assert pol.get("account.pre.employer_credit_rate", age=34) == 0.008
    # the ≥45 band's own row (line 13): its source names the regulation and the article
    assert pol.source("account.pre.employer_credit_rate", age=50) == cell("account.csv", 13, "source")
    assert "《北京市基本医疗保险规定》第二十一条" in pol.source("account.pre.employer_credit_rate", age=50)
    assert pol.row("account.pre.employer_credit_rate", age=50).line == 13


def test_by_age_beijing_retiree_fixed_credit():
    # account.csv lines 16-17: beijing account.post.retiree_credit_fixed <70 100 元/月, ≥70 110 元/月 (illustrative)
    pol = yb.load_policy("beijing", 2026)
    np.testing.assert_array_equal(
        pol.by_age("account.post.retiree_credit_fixed", [60, 69, 70, 85]), [100, 100, 110, 110]
    )


def test_unbanded_parameter_by_age_is_the_same_for_all_ages():
    # account.csv line 4: account.pre.employer_credit_rate has one row (the example city's), no band: 0.018
    pol = yb.load_policy("national", 2020)
    np.testing.assert_allclose(pol.by_age("account.pre.employer_credit_rate", [20, 50, 80]), [0.018] * 3)


def test_banded_parameter_needs_an_age():
    pol = yb.load_policy("beijing", 2024)
    with pytest.raises(YibaoInputError) as err:
        pol.get("account.pre.employer_credit_rate")
    assert "age" in str(err.value)


# --------------------------------------------------------------------------- regions and tables


def test_regions_lists_national_first_then_sorted_codes_with_data():
    codes = yb.regions()
    assert codes[0] == "national"
    assert codes[1:] == sorted(codes[1:])
    assert set(codes) == set(policy_mod.tables()["region"])
    with open(DATA / "regions.csv", encoding="utf-8", newline="") as f:
        listed = {r["code"] for r in csv.DictReader(f)}
    assert set(codes) <= listed
    assert {"beijing", "shanghai", "shenzhen", "chongqing", "chuzhou"} <= set(codes)
    # codes listed in regions.csv without any row in a table are not offered (when written: e.g. wuhan, qingdao)
    with_rows = set()
    for path in DATA.glob("*.csv"):
        if path.name != "regions.csv":
            with open(path, encoding="utf-8", newline="") as f:
                with_rows |= {r["region"] for r in csv.DictReader(f)}
    assert set(codes) == with_rows


def test_region_name():
    assert yb.region_name("beijing") == "北京"
    assert yb.region_name("national") == "全国"
