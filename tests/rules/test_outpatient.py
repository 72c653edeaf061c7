"""Outpatient pooling (门诊共济), by hand from data/outpatient.csv.

the example city (outpatient.csv lines 3-8, illustrative, borrowed from 安徽滁州 医院公告 2022-12-12; national has
only the 50 % minimum ratio, line 2, so national borrows these) and chuzhou (lines 9-14, from 2022-12-12, the same
numbers, illustrative): deductible 800 元/年; pool ratio 60 % / 55 % / 50 % at level 1 / 2 / 3; retirees + 5 points;
annual limit 2000 元 paid by the pool; deductible and limit start again on 1 January (限额不结转).
Rule: costs fill the deductible first; above it the pool pays ratio × cost until it has paid 2000 this year.
"""

import numpy as np
import pytest

from yibao_helpers.params import resolve
from yibao_helpers.rules import outpatient

FEN = 0.01


def money(x):
    return pytest.approx(x, abs=FEN)


def amounts(series):
    return [money(v) for v in series]


def test_pool_year_level3_in_service():
    # costs 300, 600, 1000, 3000, 2000 at level 3 (50 %):
    #   running total      300   900  1900  4900  6900
    #   above deductible     0   100  1100  4100  6100 → this visit's part above: 0, 100, 1000, 3000, 2000
    #   × 50 %               0    50   500  1500  1000 → running 0, 50, 550, 2050 → capped at 2000, 2000
    #   fund pays            0    50   500  1450     0
    #   person pays        300   550   500  1550  2000
    df = outpatient.pool_year([300, 600, 1000, 3000, 2000], on=2024)
    assert df["fund_pays"].tolist() == amounts([0, 50, 500, 1450, 0])
    assert df["person_pays"].tolist() == amounts([300, 550, 500, 1550, 2000])
    assert df["deductible_part"].tolist() == amounts([300, 500, 0, 0, 0])
    assert df["fund_ytd"].tolist() == amounts([0, 50, 550, 2000, 2000])
    assert df["limit_left"].tolist() == amounts([2000, 1950, 1450, 0, 0])
    assert df["visit"].tolist() == [1, 2, 3, 4, 5]


def test_pool_year_retired_level1():
    # level 1 60 % + retiree 5 points = 65 %; costs 1000, 2000, 3000:
    #   above deductible per visit 200, 2000, 3000 → × 65 % = 130, 1300, 1950 → running 130, 1430, 3380 → cap 2000
    #   fund 130, 1300, 570; person 870, 700, 2430
    df = outpatient.pool_year([1000, 2000, 3000], on=2024, hospital_level=1, member="retired")
    assert df["fund_pays"].tolist() == amounts([130, 1300, 570])
    assert df["person_pays"].tolist() == amounts([870, 700, 2430])


@pytest.mark.parametrize(
    "level, member, ratio",
    [
        (1, "in_service", 0.60),
        (2, "in_service", 0.55),
        (3, "in_service", 0.50),
        (1, "retired", 0.65),
        (2, "retired", 0.60),
        (3, "retired", 0.55),
        ("一级", "在职", 0.60),
        ("二级", "退休", 0.60),
        ("三级", "in-service", 0.50),
    ],
)
def test_ratio_by_level_and_member(level, member, ratio):
    # one visit of 1800: 1000 above the deductible → fund = 1000 × ratio
    df = outpatient.pool_year([1800], on=2024, hospital_level=level, member=member)
    assert df["fund_pays"].iloc[0] == money(1000 * ratio)
    assert df["person_pays"].iloc[0] == money(1800 - 1000 * ratio)


def test_per_visit_hospital_levels():
    # costs 800 (L1), 1000 (L2), 1000 (L3), 1000 (二级): the first fills the deductible exactly
    #   above: 0, 1000, 1000, 1000 × 60 / 55 / 50 / 55 % = 0, 550, 500, 550 (running 1600 < 2000)
    df = outpatient.pool_year([800, 1000, 1000, 1000], on=2024, hospital_level=[1, 2, 3, "二级"])
    assert df["fund_pays"].tolist() == amounts([0, 550, 500, 550])
    assert df["person_pays"].tolist() == amounts([800, 450, 500, 450])
    assert df["limit_left"].iloc[-1] == money(2000 - 1600)


def test_visit_straddling_the_deductible():
    # 500 then 500: the second visit's first 300 completes the 800 deductible, 200 above × 50 % = 100
    df = outpatient.pool_year([500, 500], on=2024)
    assert df["deductible_part"].tolist() == amounts([500, 300])
    assert df["fund_pays"].tolist() == amounts([0, 100])


def test_costs_under_the_deductible_pay_nothing():
    df = outpatient.pool_year([200, 300, 299.99], on=2024, hospital_level=1)
    assert (df["fund_pays"] == 0).all()
    assert df["person_pays"].tolist() == amounts([200, 300, 299.99])


def test_chuzhou_parameters_and_source():
    # chuzhou rows from 2022-12-12 (安徽滁州医院公告): same numbers as the national example
    df = outpatient.pool_year([300, 600, 1000, 3000, 2000], region="chuzhou", on="2023-06-01")
    assert df["fund_pays"].tolist() == amounts([0, 50, 500, 1450, 0])
    sources = df.attrs["sources"]
    assert set(sources["region"]) == {"chuzhou"}
    assert "安徽滁州医院公告（2022-12-12）" in set(sources["source"])


def test_chuzhou_before_its_rows_takes_the_next_region():
    # Rewritten for the new look-up rule (params/policy.py): before chuzhou's first rows (2022-12-12, outpatient.csv
    # lines 9-14) chuzhou had no rule of its own, so the next region of its chain answers: chuzhou has no parent,
    # national has no deductible/ratio rows, so the example city (lines 3-8) does, and the value is borrowed.
    # 1000 at level 3: (1000 − 800) × 50 % = 100 from the pool, 900 paid by the person.
    df = outpatient.pool_year([1000], region="chuzhou", on="2022-07-01")
    assert df["fund_pays"].tolist() == amounts([100]) and df["person_pays"].tolist() == amounts([900])
    regions = set(df.attrs["sources"]["region"])
    assert "example" in regions and "chuzhou" not in regions
    r = resolve("outpatient.deductible", "chuzhou", "2022-07-01")
    assert (r.value, r.how, r.row.region, r.row.line) == (800.0, "borrowed", "example", 3)


@pytest.mark.parametrize(
    "costs, level, member",
    [
        ([123.45, 678.9, 333.33, 1.01, 2500.17, 999.99], 2, "in_service"),
        ([0.01] * 5 + [5000.55], 1, "retired"),
        ([10000.0], 3, "retired"),
        ([0.0, 0.0], 3, "in_service"),
    ],
)
def test_fund_plus_person_equals_cost(costs, level, member):
    df = outpatient.pool_year(costs, on=2024, hospital_level=level, member=member)
    np.testing.assert_allclose(df["fund_pays"] + df["person_pays"], costs, atol=1e-9)
    assert (df["fund_pays"] >= 0).all() and (df["person_pays"] >= 0).all()
    assert df["fund_ytd"].iloc[-1] <= 2000 + 1e-9


# --------------------------------------------------------------------------- limit_by_month


def test_limit_by_month_resets_on_1_january():
    # 500 a month at level 3 (50 %), in service:
    #   Jan 500 (deductible 500 of 800); Feb: 300 completes it, 200 × 50 % = 100;
    #   Mar–Sep: 500 × 50 % = 250 each → running 100, 350, 600, 850, 1100, 1350, 1600, 1850;
    #   Oct: 250 would make 2100 > 2000 → 150; Nov, Dec: 0 (limit used up)
    #   1 January: deductible and limit start again → the same pattern in the second year
    fund = [0, 100, 250, 250, 250, 250, 250, 250, 250, 150, 0, 0]
    ytd = [0, 100, 350, 600, 850, 1100, 1350, 1600, 1850, 2000, 2000, 2000]
    df = outpatient.limit_by_month(500, 2, start_year=2024)
    assert df["year"].tolist() == [2024] * 12 + [2025] * 12
    assert df["month"].tolist() == list(range(1, 13)) * 2
    assert df["fund_pays"].tolist() == amounts(fund * 2)
    assert df["fund_ytd"].tolist() == amounts(ytd * 2)
    assert df["limit_left"].tolist() == amounts([2000 - x for x in ytd] * 2)
    assert df["person_pays"].tolist() == amounts([500 - f for f in fund] * 2)
    assert (df["limit"] == 2000).all()


def test_unused_limit_is_not_carried_over():
    # nothing spent in year 1: year 2 still has only 2000 (not 4000)
    pattern = [0] * 12
    quiet = outpatient.limit_by_month(pattern, 1, start_year=2024)
    assert quiet["limit_left"].iloc[-1] == money(2000)
    busy = outpatient.limit_by_month(3000, 2, start_year=2024)
    # Jan of each year: 3000 − 800 = 2200 × 50 % = 1100; Feb: 3000 × 50 % = 1500 → capped: 900; then 0
    assert busy["fund_pays"].tolist() == amounts(([1100, 900] + [0] * 10) * 2)
    assert busy.groupby("year")["fund_pays"].sum().tolist() == amounts([2000, 2000])


def test_limit_by_month_twelve_month_pattern():
    # all the cost in December: 5000 − 800 = 4200 × 50 % = 2100 → capped at 2000
    df = outpatient.limit_by_month([0] * 11 + [5000], 1, start_year=2024)
    assert df["fund_pays"].tolist() == amounts([0] * 11 + [2000])
    assert df["person_pays"].iloc[-1] == money(3000)


def test_limit_by_month_retired_level1():
    # 65 %: Jan 1000 − 800 = 200 × 0.65 = 130; Feb, Mar 650 each → 1430; Apr 650 → 2080 > 2000 → 570
    df = outpatient.limit_by_month(1000, 1, start_year=2024, hospital_level=1, member="retired")
    assert df["fund_pays"].tolist() == amounts([130, 650, 650, 570] + [0] * 8)


def test_limit_by_month_fund_plus_person_equals_cost():
    pattern = [123.45, 0, 999.99, 250.5, 1, 0.01, 3000, 17.17, 800, 0, 45.6, 700]
    df = outpatient.limit_by_month(pattern, 3, start_year=2024, hospital_level=2)
    np.testing.assert_allclose(df["fund_pays"] + df["person_pays"], pattern * 3, atol=1e-9)
    assert (df.groupby("year")["fund_pays"].sum() <= 2000 + 1e-9).all()


def test_limit_by_month_sources():
    df = outpatient.limit_by_month(500, 1, start_year=2024)
    assert {"outpatient.deductible", "outpatient.annual_limit"} <= set(df.attrs["sources"]["parameter"])
