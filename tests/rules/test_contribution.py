"""Contribution flows: employer/employee amounts, personal account vs pool (before/after 2021),
flexible-employment tiers without an account, resident contribution + subsidy. Hand arithmetic in comments."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.rules import contribution


def test_national_after_the_reform():
    # national 2026 (1 July 2026): base floor/ceiling = 60 % / 300 % (contribution.csv lines 59-60) × the 全口径 wage
    # 100516 / 12 (wages.csv line 52, borrowed from the example city; M1) = 5025.80 / 25129.00 (元/月).
    # Salary 10,000 → base 10,000; employer 6 % = 600/月 → 7200/年; employee 2 % = 200/月 → 2400/年.
    # 国办发〔2021〕14号: only the employee's 2 % goes to the account (2400); the employer's 7200 all to the pool.
    row = contribution.employee_flows(10000, year=2026).iloc[0]
    assert (row.base, row.employer, row.employee, row.total) == (10000, 7200, 2400, 9600)
    assert (row.to_account, row.to_pool, row.to_other) == (2400, 7200, 0)
    assert row.regime == "post_2021"


def test_base_is_clamped_to_floor_and_ceiling():
    df = contribution.employee_flows([3000, 50000], year=2026)
    # floor 0.6 × 100516 / 12 = 5025.80, ceiling 3.0 × 100516 / 12 = 25129.00 (wages.csv line 52; lines 59-60)
    assert list(df["base"]) == [5025.80, 25129.00]
    # employer 6 % (contribution.csv line 2) × 5025.80 = 301.548 → 301.55/月 × 12 = 3618.60
    assert df["employer"].iloc[0] == 3618.60


def test_before_the_reform():
    # national 2019: account = base × (individual 2 % + employer part 1.8 % (6 % × 30 %, 国发〔1998〕44号))
    # = 10000 × 3.8 % = 380/月 → 4560/年; pool = 9600 − 4560 = 5040.
    row = contribution.employee_flows(10000, year=2019).iloc[0]
    assert row.regime == "pre_2021"
    assert (row.to_account, row.to_pool) == (4560, 5040)
    # a later year with the pre-reform rule forced gives the old split again
    forced = contribution.employee_flows(10000, year=2024, regime="pre_2021").iloc[0]
    assert (forced.to_account, forced.to_pool) == (4560, 5040)


def test_beijing_age_bands_and_large_amount_fund():
    # 北京 2024 (pre-reform rule forced): employer 9 % + 大额互助 1 %, employee 2 % + 3元/月;
    # account at 50: 2 % + 2 % (≥45 band) = 400/月 → 4800/年; pool (900 + 200) × 12 − 4800 = 8400;
    # 大额互助 (100 + 3) × 12 = 1236 goes to the other fund.
    row = contribution.employee_flows(10000, region="beijing", year=2024, age=50, regime="pre_2021").iloc[0]
    assert (row.employer, row.employee) == (12000, 2436)
    assert (row.to_account, row.to_pool, row.to_other) == (4800, 8400, 1236)
    young = contribution.employee_flows(10000, region="beijing", year=2024, age=30, regime="pre_2021").iloc[0]
    assert young.to_account == 12 * 10000 * (0.02 + 0.008)  # under 35: 0.8 %


def test_shenzhen_tiers_without_personal_account():
    # 深圳 二档: 单位 0.5 % + 0.1 %, 个人 0.2 % of 9309 (上年在岗月均工资, derived); 三档 0.4 % + 0.05 %, 0.1 %.
    # No personal account: all basic contributions go to the pool.
    two = contribution.employee_flows(10000, region="shenzhen", tier=2).iloc[0]
    assert two.base == 9309 and two.to_account == 0
    assert two.employer == pytest.approx(12 * 9309 * (0.005 + 0.001), abs=0.12)
    assert two.employee == pytest.approx(12 * 9309 * 0.002, abs=0.12)
    assert two.to_pool == pytest.approx(12 * 9309 * (0.005 + 0.002), abs=0.12)
    assert two.to_other == pytest.approx(12 * 9309 * 0.001, abs=0.12)
    three = contribution.employee_flows(10000, region="shenzhen", tier=3).iloc[0]
    assert three.to_account == 0 and three.total < two.total
    assert three.to_pool == pytest.approx(12 * 9309 * (0.004 + 0.001), abs=0.12)
    one = contribution.employee_flows(10000, region="shenzhen", tier=1).iloc[0]
    assert one.to_account > 0 and one.to_other == 240  # 地方补充 0.2 % × 10000 × 12
    assert two.regime == "tier2"


def test_tier_sources_are_listed():
    df = contribution.employee_flows(10000, region="shenzhen", tier=2)
    params = set(df.attrs["sources"]["parameter"])
    assert {"employee.tier_base[tier=2]", "account.credit_rate[tier=2]", "employee.employer_rate[tier=2]"} <= params


def test_tier_without_data_is_refused():
    with pytest.raises(YibaoInputError) as exc:
        contribution.employee_flows(10000, region="beijing", tier=2)
    assert "参数 tier" in str(exc.value) and "Invalid tier" in str(exc.value)


def test_retiree_pays_nothing_and_the_pool_credits_the_account():
    # 北京 after the reform: retiree 70+ credited 110 元/月 (illustrative) → 1320/年 out of the pool
    row = contribution.employee_flows(10000, region="beijing", year=2024, age=72, member="retired").iloc[0]
    assert (row.employer, row.employee, row.to_account, row.to_pool) == (0, 0, 1320, -1320)


def test_resident_contribution_and_subsidy():
    # 2021: 个人 320 + 财政 580 = 900 (新华社 2021-06-09); 2024: 400 + 670 = 1070 (医保发〔2024〕19号); all to the pool
    df = contribution.resident_flows([2021, 2024])
    assert list(df["individual"]) == [320, 400] and list(df["subsidy"]) == [580, 670]
    assert list(df["total"]) == [900, 1070] and list(df["to_pool"]) == [900, 1070]
    assert (df["to_account"] == 0).all()
    assert "医保发〔2024〕19号" in " ".join(df.attrs["sources"]["source"])
    # 重庆 二档 2023: 个人 725 + national subsidy 640
    cq = contribution.resident_flows(2023, region="chongqing", tier=2).iloc[0]
    assert (cq.individual, cq.subsidy) == (725, 640)


def test_bad_inputs():
    with pytest.raises(YibaoInputError, match="monthly_salary"):
        contribution.employee_flows(-1)
    with pytest.raises(YibaoInputError, match="member"):
        contribution.employee_flows(8000, member="student")
    with pytest.raises(YibaoInputError, match="tier"):
        contribution.employee_flows(8000, tier=4)
    with pytest.raises(YibaoInputError, match="year"):
        contribution.resident_flows(1800)


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(salary=st.floats(0, 200_000), year=st.integers(2016, 2026), age=st.integers(18, 65))
def test_flows_add_up_and_more_salary_never_lowers_the_credit(salary, year, age):
    df = contribution.employee_flows(np.array([salary, salary + 500]), year=year, age=age)
    assert np.allclose(df["total"], df["to_account"] + df["to_pool"] + df["to_other"], atol=0.011)
    assert np.allclose(df["total"], df["employer"] + df["employee"], atol=0.011)
    assert (df["to_pool"] >= 0).all()
    assert df["to_account"].iloc[1] >= df["to_account"].iloc[0]
