"""Personal-account scenarios (scenarios/account.py): the same numbers as the calculators they combine, by hand.

National 2026 rules (data/): national statistics end 2026-06-30, so the example city's values answer for 1 July
2026: average wage 129,441 元/年 (wages.csv line 13, illustrative), the 计发基数; contribution base between 60% and
300% (国办发〔2019〕13号, contribution.csv lines 59–60) of the 全口径 wage, which national does not publish: the example
city's 100,516 元/年 (wages.csv line 52); outpatient limit 2,000 元 a year from 2021-04-13 (example values).
"""

import pytest

from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.params import merge_sources
from yibao_helpers.rules import account, outpatient
from yibao_helpers.scenarios import account as account_scenarios

AVG_WAGE = (
    10786.75  # 129,441 ÷ 12 元/月 (wages.csv line 13): the 计发基数 the dashboard uses (上年度在岗职工月平均工资)
)


def test_contribution_index_is_the_base_over_the_pension_base():
    # the dashboard's pension tab once computed this itself (present/dashboard.pension_inputs): same numbers
    inputs = account_scenarios.contribution_index(9000, region="national", year=2026)
    assert inputs["avg_wage"] == AVG_WAGE
    assert inputs["base"] == 9000.0 and inputs["index"] == 0.8344  # 9,000 ÷ 10,786.75 = 0.83436
    assert list(inputs["sources"]["parameter"]) == ["wage.avg_annual_prev_year"]
    # clamped: a salary of 0 pays on the floor, 50,000 on the ceiling — 60 % / 300 % of the 全口径 wage (M1), not of
    # the 计发基数: floor fen(0.6 × 100516 / 12) = 5025.80, ceiling 3 × 100516 / 12 = 25129.00 (wages.csv line 52);
    # index 5025.80 ÷ 10786.75 = 0.46592 → 0.4659, 25129.00 ÷ 10786.75 = 2.32962 → 2.3296
    assert account_scenarios.contribution_index(0, region="national", year=2026)["index"] == 0.4659
    assert account_scenarios.contribution_index(50_000, region="national", year=2026)["index"] == 2.3296
    assert account_scenarios.contribution_index(0, region="national", year=2026)["base"] == 5025.80
    assert account_scenarios.contribution_index(50_000, region="national", year=2026)["base"] == 25129.00


def test_balance_and_limit_are_the_two_calculators_over_the_same_years():
    bal, lim, sources = account_scenarios.balance_and_limit(
        8000, 30, 5, region="national", start_year=2026, annual_spending=500, monthly_cost=400
    )
    expected = account.project_balance(8000, 30, 5, region="national", start_year=2026, annual_spending=500)
    limits = outpatient.limit_by_month(400, 5, region="national", start_year=2026)
    assert bal.equals(expected) and lim.equals(limits)
    assert sources.equals(merge_sources(expected.attrs["sources"], limits.attrs["sources"]))
    assert not sources.duplicated().any()
    # 400 a month: (4,800 − 800 deductible) × 50% = 2,000 = the whole limit by December, every year; reset in January
    december = lim[lim["month"] == 12]
    assert list(december["fund_ytd"]) == [2000.0] * 5 and list(december["limit_left"]) == [0.0] * 5
    assert list(lim[lim["month"] == 1]["limit"]) == [2000.0] * 5


def test_balance_and_limit_before_the_outpatient_pool_raises():
    with pytest.raises(YibaoInputError):
        account_scenarios.balance_and_limit(8000, 30, 3, region="national", start_year=2019)
