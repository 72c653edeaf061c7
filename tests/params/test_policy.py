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
        (None, 129441),  # newest data: 2026-07-01.. (open-ended)
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


def newest_effective_from():
    newest = dt.date.min
    for path in DATA.glob("*.csv"):
        if path.name != "regions.csv":
            with open(path, encoding="utf-8", newline="") as f:
                newest = max([newest] + [dt.date.fromisoformat(r["effective_from"]) for r in csv.DictReader(f)])
    return newest


def test_none_means_the_newest_effective_date():
    # the newest effective_from anywhere in data/ (2026-07-01 when written: wages.csv, contribution.csv shanghai)
    newest = newest_effective_from()
    assert newest >= dt.date(2026, 7, 1)
    assert yb.data_as_of() == newest
    assert yb.load_policy().on == newest
    assert yb.load_policy().region == "national"


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
    # account.csv: account.reform_date value 2021-04-13, unit date (国办发〔2021〕14号)
    assert yb.load_policy("national", 2024)["account.reform_date"] == dt.date(2021, 4, 13)


def test_qualified_parameters():
    # outpatient.csv: outpatient.ratio level=1/2/3 = 0.6/0.55/0.5 (滁州 example used as national)
    pol = yb.load_policy("national", 2024)
    assert [pol.get("outpatient.ratio", f"level={k}") for k in (1, 2, 3)] == [0.6, 0.55, 0.5]
    assert pol["outpatient.ratio", "level=2"] == 0.55  # tuple key
    assert ("outpatient.ratio", "level=3") in pol
    assert "outpatient.ratio" not in pol  # no unqualified row


# --------------------------------------------------------------------------- inheritance and gaps


def test_region_overrides_national():
    # contribution.csv: national employee.employer_rate 0.06 (国发〔1998〕44号); beijing 0.09 from 2001-04-01
    assert yb.load_policy("national", 2024)["employee.employer_rate"] == 0.06
    assert yb.load_policy("beijing", 2024)["employee.employer_rate"] == 0.09
    assert yb.load_policy("beijing", 2024).row("employee.employer_rate").region == "beijing"


def test_region_inherits_national_for_parameters_it_has_no_rows_for():
    # beijing has no account.post.individual_credit_rate rows → national 0.02 (国办发〔2021〕14号)
    pol = yb.load_policy("beijing", 2024)
    assert pol["account.post.individual_credit_rate"] == 0.02
    row = pol.row("account.post.individual_credit_rate")
    assert row.region == "national" and row.source == "国办发〔2021〕14号"
    # beijing has no wage rows → national wage; chuzhou (outpatient only) inherits the account rules
    assert pol[WAGE] == 120698
    assert yb.load_policy("chuzhou", 2024)["account.interest_rate_carried"] == 0.011


def test_region_own_rows_by_period():
    # contribution.csv shanghai employee.base_floor: 2023-07..2024-06 7310; 2024-07..2025-06 7384; 2026-07.. 7546
    assert yb.load_policy("shanghai", "2024-06-30")["employee.base_floor"] == 7310
    assert yb.load_policy("shanghai", "2025-06-30")["employee.base_floor"] == 7384
    assert yb.load_policy("shanghai", "2026-07-01")["employee.base_floor"] == 7546
    assert yb.load_policy("shanghai", "2026-07-01")["employee.base_ceiling"] == 37731


def test_gap_in_region_rows_raises_instead_of_using_another_period():
    # shanghai 2025-07..2026-06 (7460–37302) was not found in an original source: no row for that period
    pol = yb.load_policy("shanghai", "2025-09-01")
    assert not pol.has("employee.base_floor")
    with pytest.raises(YibaoInputError) as err:
        pol["employee.base_floor"]
    msg = str(err.value)
    assert "employee.base_floor" in msg and "shanghai" in msg and "2025-09-01" in msg
    assert "2026-07-01" in msg  # it lists the periods that do have data


@pytest.mark.parametrize(
    "region, on, name, qualifier, national_value",
    [
        # shanghai employee.individual_rate starts 2023-07-01; national 0.02 is in force in 2022
        ("shanghai", "2022-01-01", "employee.individual_rate", "", 0.02),
        # shenzhen employee.employer_rate starts 2022-07-01; national 0.06 in force in 2020
        ("shenzhen", 2020, "employee.employer_rate", "", 0.06),
        # chuzhou outpatient rows start 2022-12-12; national outpatient example from 2021-04-13
        ("chuzhou", "2022-07-01", "outpatient.deductible", "", 800),
        ("chuzhou", "2022-07-01", "outpatient.ratio", "level=3", 0.5),
    ],
)
def test_gap_never_falls_back_to_national(region, on, name, qualifier, national_value):
    assert yb.load_policy("national", on).get(name, qualifier) == national_value  # national HAS a value then
    pol = yb.load_policy(region, on)
    assert not pol.has(name, qualifier)
    with pytest.raises(YibaoInputError) as err:
        pol.get(name, qualifier)
    assert name in str(err.value) and region in str(err.value)


def test_values_come_from_the_data_directory(data_copy):
    # change national employee.individual_rate (contribution.csv line 3) in a copy: the loader reads the copy
    data_copy.replace_in_line("contribution.csv", 3, ",0.02,ratio,", ",0.03,ratio,")
    assert yb.load_policy("national", 2024, data_dir=str(data_copy))["employee.individual_rate"] == 0.03
    assert yb.load_policy("national", 2024)["employee.individual_rate"] == 0.02


# --------------------------------------------------------------------------- sources and rows


def test_source_of_a_value():
    pol = yb.load_policy("national", 2024)
    assert pol.source("account.post.individual_credit_rate") == "国办发〔2021〕14号"
    assert pol.source("employee.individual_rate") == "国发〔1998〕44号"
    assert pol.source(WAGE) == "国家统计局2023年平均工资公报（城镇非私营单位）"
    bj = yb.load_policy("beijing", 2024)
    assert "linianhui" in bj.source("employee.base_floor")


def test_row_carries_its_file_line_and_confidence():
    row = yb.load_policy("national", 2024).row("account.post.avg_pension_monthly")
    # account.csv line 8 (header = line 1): 3000 yuan/month, illustrative
    assert (row.file, row.line) == ("account.csv", 8)
    assert (row.value, row.unit, row.confidence) == (3000.0, "yuan/month", "illustrative")
    assert row.effective_from == dt.date(2021, 4, 13) and row.effective_to is None
    with open(DATA / "account.csv", encoding="utf-8", newline="") as f:
        line8 = list(csv.reader(f))[7]
    assert line8[1] == "account.post.avg_pension_monthly" and line8[9] == row.source


# --------------------------------------------------------------------------- age bands


def test_by_age_beijing_employer_credit_bands():
    # account.csv beijing account.pre.employer_credit_rate: <35 0.8%, [35,45) 1%, ≥45 2% (《北京市基本医疗保险规定》)
    pol = yb.load_policy("beijing", 2024)
    ages = np.array([16, 34, 34.99, 35, 44.5, 45, 60, 100])
    expected = [0.008, 0.008, 0.008, 0.01, 0.01, 0.02, 0.02, 0.02]
    np.testing.assert_allclose(pol.by_age("account.pre.employer_credit_rate", ages), expected)
    assert pol.get("account.pre.employer_credit_rate", age=35) == 0.01
    assert pol.get("account.pre.employer_credit_rate", age=34) == 0.008
    assert "w.sf024.com" in pol.source("account.pre.employer_credit_rate", age=50)


def test_by_age_beijing_retiree_fixed_credit():
    # account.csv beijing account.post.retiree_credit_fixed: <70 100 元/月, ≥70 110 元/月
    pol = yb.load_policy("beijing", 2026)
    np.testing.assert_array_equal(
        pol.by_age("account.post.retiree_credit_fixed", [60, 69, 70, 85]), [100, 100, 110, 110]
    )


def test_unbanded_parameter_by_age_is_the_same_for_all_ages():
    # national account.pre.employer_credit_rate has one row, no band: 0.018
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
