"""Property tests (hypothesis) of project_balance and pool_year: invariants that hold for any valid input.

Money inputs are drawn in whole fen (0.01 元), as real amounts are; amounts are compared to the fen.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yibao_helpers.rules import account, outpatient

FEN = 0.01
SETTINGS = settings(deadline=None, database=None)  # examples: the hypothesis profile (tests/conftest.py)


def fen_amounts(max_yuan):
    return st.integers(min_value=0, max_value=int(max_yuan * 100)).map(lambda c: c / 100)


salaries = st.floats(min_value=0, max_value=200_000, allow_nan=False, allow_infinity=False)
spendings = fen_amounts(30_000)
openings = fen_amounts(200_000)


@st.composite
def person(draw):
    """A valid projection: region, start year with data, age and a horizon that ends by age 100."""
    region = draw(st.sampled_from(["national", "beijing"]))
    # national data (wages, interest rates) from 2016; beijing's own bases from 2021-07
    start = draw(st.integers(2016, 2030) if region == "national" else st.integers(2021, 2030))
    age = draw(st.integers(16, 95))
    years = draw(st.integers(1, min(12, 101 - age)))
    regime = draw(st.sampled_from([None, "pre_2021"])) if region == "beijing" else None
    return dict(
        age=age,
        years=years,
        region=region,
        start_year=start,
        regime=regime,
        salary_growth=draw(st.sampled_from([0.0, 0.03, -0.05, 0.1])),
        retire_age=draw(st.sampled_from([None, 55, 60, 65])),
        interest_rate=draw(st.sampled_from([None, None, 0.0, 0.02])),
    )


def project(salary, spending=0.0, opening=0.0, **kw):
    return account.project_balance(
        salary, kw.pop("age"), kw.pop("years"), annual_spending=spending, opening_balance=opening, **kw
    )


# --------------------------------------------------------------------------- project_balance


@SETTINGS
@given(p=person(), salary=salaries, spending=spendings, opening=openings)
def test_money_is_conserved_and_nothing_is_negative(p, salary, spending, opening):
    df = project(salary, spending, opening, **p)
    # totals: credited + interest − spent = final balance − opening balance
    assert df["credited"].sum() + df["interest"].sum() - df["spent"].sum() == pytest.approx(
        df["balance"].iloc[-1] - opening, abs=FEN
    )
    # row by row: balance_t = balance_{t-1} + credited − spent + interest
    previous = np.concatenate([[opening], df["balance"].to_numpy()[:-1]])
    np.testing.assert_allclose(df["balance"], previous + df["credited"] - df["spent"] + df["interest"], atol=FEN)
    # spending is either paid from the account or reported unpaid
    np.testing.assert_allclose(df["spent"] + df["unpaid"], spending, atol=FEN)
    for name in ("credited", "interest", "spent", "unpaid", "balance"):
        assert (df[name] >= 0).all(), name
    # the account never pays more than it holds
    assert (df["spent"] <= previous + df["credited"] + FEN).all()
    # unpaid only when the account is empty at year end
    assert ((df["unpaid"] == 0) | (df["balance"] == 0)).all()


@SETTINGS
@given(p=person(), s1=salaries, s2=salaries, spending=spendings, opening=openings)
def test_more_salary_never_lowers_a_credit_or_the_balance(p, s1, s2, spending, opening):
    low, high = sorted((s1, s2))
    df = project(np.array([low, high]), np.array([spending, spending]), np.array([opening, opening]), **p)
    a, b = df[df.person == 0], df[df.person == 1]
    assert (b["credited"].to_numpy() >= a["credited"].to_numpy()).all()
    assert (b["balance"].to_numpy() >= a["balance"].to_numpy()).all()


@SETTINGS
@given(p=person(), salary=salaries, sp1=spendings, sp2=spendings, opening=openings)
def test_more_spending_never_raises_the_balance(p, salary, sp1, sp2, opening):
    less, more = sorted((sp1, sp2))
    df = project(np.array([salary, salary]), np.array([less, more]), np.array([opening, opening]), **p)
    a, b = df[df.person == 0], df[df.person == 1]
    assert (b["balance"].to_numpy() <= a["balance"].to_numpy()).all()
    assert (b["spent"].sum() + b["unpaid"].sum()) >= (a["spent"].sum() + a["unpaid"].sum()) - FEN


@SETTINGS
@given(p=person(), o1=openings, o2=openings)
def test_more_opening_balance_never_lowers_the_balance(p, o1, o2):
    less, more = sorted((o1, o2))
    df = project(np.array([8000.0, 8000.0]), 0.0, np.array([less, more]), **p)
    a, b = df[df.person == 0], df[df.person == 1]
    assert (b["balance"].to_numpy() >= a["balance"].to_numpy()).all()


@SETTINGS
@given(p=person(), data=st.data())
def test_vector_equals_scalar(p, data):
    n = data.draw(st.integers(2, 4))
    sal = data.draw(st.lists(salaries, min_size=n, max_size=n))
    spend = data.draw(st.lists(spendings, min_size=n, max_size=n))
    opening = data.draw(st.lists(openings, min_size=n, max_size=n))
    # ages may differ; the horizon must end by 100 for the oldest
    ages = data.draw(st.lists(st.integers(16, 100 - p["years"] + 1), min_size=n, max_size=n))
    kw = {k: v for k, v in p.items() if k != "age"}
    vec = account.project_balance(
        np.array(sal),
        np.array(ages),
        kw.pop("years"),
        annual_spending=np.array(spend),
        opening_balance=np.array(opening),
        **kw,
    )
    for i in range(n):
        one = project(sal[i], spend[i], opening[i], **{**p, "age": ages[i]})
        mine = vec[vec["person"] == i].drop(columns="person").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, one)


# --------------------------------------------------------------------------- pool_year

costs_lists = st.lists(fen_amounts(8_000), min_size=1, max_size=25)
levels = st.sampled_from([1, 2, 3])
members = st.sampled_from(["in_service", "retired"])
# in force on these dates: national example (2021-04-13..) or chuzhou (2022-12-12..), same numbers
places = st.sampled_from([("national", 2022), ("national", 2026), ("chuzhou", "2023-03-01")])
RATIO = {1: 0.60, 2: 0.55, 3: 0.50}  # outpatient.csv; retirees + 0.05
DEDUCTIBLE, LIMIT = 800.0, 2000.0


@SETTINGS
@given(costs=costs_lists, level=levels, member=members, place=places)
def test_pool_year_conserves_money_and_respects_the_rule(costs, level, member, place):
    region, on = place
    df = outpatient.pool_year(costs, region=region, on=on, hospital_level=level, member=member)
    cost = np.array(costs)
    fund, person_ = df["fund_pays"].to_numpy(), df["person_pays"].to_numpy()
    np.testing.assert_allclose(fund + person_, cost, atol=1e-9)  # every visit adds up
    assert (fund >= 0).all() and (person_ >= 0).all()
    assert (df["limit_left"] >= 0).all() and df["fund_ytd"].is_monotonic_increasing
    # the year's total, from the rule: min(limit, ratio × (total cost − deductible)⁺), to the fen
    ratio = RATIO[level] + (0.05 if member == "retired" else 0.0)
    expected = min(LIMIT, ratio * max(0.0, cost.sum() - DEDUCTIBLE))
    assert fund.sum() == pytest.approx(expected, abs=FEN)
    # no visit gets more than ratio × its cost
    assert (fund <= ratio * cost + FEN + 1e-9).all()  # cumulative rounding may move one fen to a visit


@SETTINGS
@given(costs=costs_lists, level=levels, i=st.integers(0, 24), extra=fen_amounts(5_000))
def test_pool_year_more_cost_never_lowers_what_the_fund_pays(costs, level, i, extra):
    base = outpatient.pool_year(costs, on=2024, hospital_level=level)
    more = list(costs)
    i %= len(costs)
    more[i] = round(more[i] + extra, 2)
    bigger = outpatient.pool_year(more, on=2024, hospital_level=level)
    assert bigger["fund_pays"].sum() >= base["fund_pays"].sum() - 1e-9
    retired = outpatient.pool_year(costs, on=2024, hospital_level=level, member="retired")
    assert retired["fund_pays"].sum() >= base["fund_pays"].sum() - 1e-9


@SETTINGS
@given(costs=costs_lists, level=levels, member=members)
def test_pool_year_vector_of_levels_equals_scalar_level(costs, level, member):
    one = outpatient.pool_year(costs, on=2024, hospital_level=level, member=member)
    per_visit = outpatient.pool_year(costs, on=2024, hospital_level=[level] * len(costs), member=member)
    pd.testing.assert_frame_equal(one, per_visit)


@SETTINGS
@given(monthly=fen_amounts(3_000), years=st.integers(1, 4), level=levels, member=members)
def test_limit_by_month_scalar_equals_pattern_and_resets_each_year(monthly, years, level, member):
    flat = outpatient.limit_by_month(monthly, years, start_year=2022, hospital_level=level, member=member)
    pattern = outpatient.limit_by_month([monthly] * 12, years, start_year=2022, hospital_level=level, member=member)
    pd.testing.assert_frame_equal(flat, pattern)
    np.testing.assert_allclose(flat["fund_pays"] + flat["person_pays"], flat["cost"], atol=1e-9)
    ratio = RATIO[level] + (0.05 if member == "retired" else 0.0)
    expected = min(LIMIT, ratio * max(0.0, 12 * monthly - DEDUCTIBLE))
    for _, year in flat.groupby("year"):
        assert year["fund_pays"].sum() == pytest.approx(expected, abs=FEN)  # same every year: nothing carried
        assert year["fund_ytd"].iloc[0] == year["fund_pays"].iloc[0]  # January starts from zero
