"""The wrong lessons of ``shared/reviews/data-truth.md`` (lessons 1, 2, 5; M4, M5, M6), as tests that would have
caught them: over every region with data, not one chosen example.

1. (M4) For the same inpatient bill at the same hospital level, an in-service employee never pays more out of
   pocket than a resident — except where the resident's deductible is lower, and then by no more than the
   difference of the two deductibles (a local rule, e.g. 北京: 职工 1,300 元 at every level, 居民 300 元 at a
   level-1 hospital). From 20,000 元 on (above every deductible ten times over) the employee pays no more, full stop.
   Before issue 13 the national table had no 大额 cover and the example ratios came from the 人社部 2017 national
   averages: a resident paid less than an employee for every bill above ≈168,000 元 (national, 北京, 上海).
2. (M5) The resident outpatient pool never pays more than the employee's for the same visits.
3. (M6) 98 days of maternity leave appear only where no local extension is in the data, and every region that
   has one gets 98 + its extension (北京 158: 北京市人口与计划生育条例第十九条, maternity.csv line 33).
4. (lesson 5) Missing data are not a national fact: the K48 sentence says 未收录, not "其余没有规定".
"""

from __future__ import annotations

import numpy as np
import pytest

from yibao_helpers import load_policy, regions
from yibao_helpers.content.claims import claims_table
from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.rules import maternity, outpatient
from yibao_helpers.rules.reimburse import reimburse

YEAR = 2025  # the pages' default rule year (data_as_of: 2025-07-01)
BILLS = np.arange(1_000, 400_001, 500, dtype=float)  # 1,000 … 400,000 元, every 500 元
BIG = 20_000  # from here on no deductible difference is an excuse


def _deductible(region: str, scheme: str, level: int) -> float:
    return float(load_policy(region, YEAR).get(f"inpatient.{scheme}.deductible", f"level={level}"))


@pytest.mark.parametrize("level", [1, 2, 3])
@pytest.mark.parametrize("region", regions())
def test_an_employee_never_pays_more_than_a_resident_for_the_same_bill(region, level):
    try:
        emp = reimburse(BILLS, scheme="employee", region=region, year=YEAR, hospital_level=level)
        res = reimburse(BILLS, scheme="resident", region=region, year=YEAR, hospital_level=level)
    except YibaoInputError as exc:  # a region whose data have no inpatient table for that year
        pytest.skip(f"no inpatient table: {exc}")
    more = np.asarray(emp.out_of_pocket) - np.asarray(res.out_of_pocket)
    allowed = max(0.0, _deductible(region, "employee", level) - _deductible(region, "resident", level))
    worst = int(np.argmax(more))
    assert more.max() <= allowed + 0.005, (
        f"{region} level {level}: at {BILLS[worst]:,.0f} 元 the employee pays {more[worst]:,.2f} 元 more than a "
        f"resident (the deductibles differ by {allowed:,.2f})"
    )
    big = BILLS >= BIG
    assert (more[big] <= 0.005).all(), f"{region} level {level}: a resident pays less for a bill ≥ {BIG:,} 元"


def test_the_deductible_exception_is_real_and_small():
    # 北京 level 1 (inpatient.csv, beijing rows): 职工起付 1,300, 居民 300 → on a 1,000 元 bill the employee pays all
    # 1,000 (below the deductible), the resident (1,000 − 300) × 居民 ratio less; never more than 1,000 apart
    emp = reimburse(1000, scheme="employee", region="beijing", year=YEAR, hospital_level=1)
    res = reimburse(1000, scheme="resident", region="beijing", year=YEAR, hospital_level=1)
    assert emp.out_of_pocket == 1000 and 0 < emp.out_of_pocket - res.out_of_pocket <= 1300 - 300


@pytest.mark.parametrize("region", regions())
def test_the_resident_outpatient_pool_never_pays_more_than_the_employees(region):
    # notebook 03's comparison: 12 visits of 300 元 at a level-3 hospital in one year — the employee's pool year
    # (rules.outpatient.pool_year) and the resident's outpatient table for the same 3,600 元
    try:
        emp = outpatient.pool_year([300.0] * 12, region=region, on=YEAR, hospital_level=3)
        res = reimburse(
            3600, scheme="resident", setting="outpatient", hospital_level=3, region=region, year=YEAR, age=40
        )
    except YibaoInputError as exc:
        pytest.skip(f"no outpatient table: {exc}")
    assert res.fund_pays <= emp["fund_pays"].sum() + 0.005, (region, res.fund_pays, emp["fund_pays"].sum())


@pytest.mark.parametrize("region", regions())
def test_98_days_only_where_no_local_extension_is_in_the_data(region):
    policy = load_policy(region, YEAR)
    days = maternity.leave_days(region=region, on=YEAR)
    base = float(policy["maternity.leave_base"])  # 98: 女职工劳动保护特别规定第七条 (maternity.csv line 2)
    if policy.has("maternity.extension") or policy.has("maternity.extension", "child=1"):
        ext = float(
            policy.get("maternity.extension", "child=1" if policy.has("maternity.extension", "child=1") else "")
        )
        assert days == base + ext > base
    else:
        assert days == base == 98


def test_beijing_and_shanghai_mothers_get_158_days():
    # M6: 北京 98 + 60 (北京市人口与计划生育条例第十九条), 上海 98 + 60 (上海市人口与计划生育条例), maternity.csv
    assert maternity.leave_days(region="beijing", on=YEAR) == 158
    assert maternity.leave_days(region="shanghai", on=YEAR) == 158


def test_k48_says_missing_data_are_missing():
    text = claims_table(["K48"], year=YEAR)["用数字说话"].iloc[0]
    assert "未收录，不等于当地不纳入" in text and "其余没有规定" not in text
