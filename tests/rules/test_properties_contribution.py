"""Property tests (hypothesis) of contributions and where they go, in every region with data.

Covers contribution.{employee_flows, resident_flows}, flexible.{base_range, flexible_cost, compare_with_resident}
and balance_change.{explain_change, paid_vs_credited, waterfall_data}. Money inputs are whole fen; amounts are
compared in whole fen. An example whose region and date have no data (YibaoInputError naming the date) is
rejected, never any other error.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from property_support import REGIONS, cols, fen, regions, with_data, yuan

import yibao_helpers as yb
from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.rules import account, contribution, flexible
from yibao_helpers.rules import balance_change as bc
from yibao_helpers.scenarios import balance


def years_with_data(names, years=range(2015, 2031)):
    """{region: [years]} whose data cover the parameters ``names`` on 1 July (read from the data, not from a
    calculator), so that few examples are rejected; with_data still guards every call."""
    out = {}
    for region in REGIONS:
        ok = [y for y in years if not any(yb.load_policy(region, y).has_gap(n) for n in names)]
        if ok:
            out[region] = ok
    return out


EMPLOYEE_NAMES = [
    "employee.base_floor",
    "employee.base_ceiling",
    "employee.base_floor_ratio",
    "employee.base_ceiling_ratio",
    "wage.avg_annual_prev_year",
    "employee.employer_rate",
    "employee.individual_rate",
]
RESIDENT_NAMES = ["resident.individual_contribution", "resident.fiscal_subsidy"]
EMPLOYEE = years_with_data(EMPLOYEE_NAMES)
FLEXIBLE = years_with_data(EMPLOYEE_NAMES + RESIDENT_NAMES)  # flexible_cost also shows the resident contribution
RESIDENT = years_with_data(RESIDENT_NAMES)
employee_places = st.sampled_from([(r, y) for r, ys in EMPLOYEE.items() for y in ys])
flexible_places = st.sampled_from([(r, y) for r, ys in FLEXIBLE.items() for y in ys])


# --------------------------------------------------------------------------- employee_flows


@given(
    place=employee_places,
    salary=st.lists(yuan(100_000), min_size=1, max_size=8),
    age=st.integers(18, 65),
    retiree_age=st.integers(55, 95),
    data=st.data(),
)
def test_employee_flows_add_up_and_are_monotone(place, salary, age, retiree_age, data):
    # 国发〔1998〕44号 / 国办发〔2021〕14号: what employer and employee pay (base × rates) is split, to the fen,
    # between the personal account, the pool and the local add-on funds; the account gets part of what is
    # paid, never more; more salary never lowers the base, the payment or the credit. A retiree pays nothing
    # and the pool credits the account. Each salary's row is independent of the others (permutation).
    region, year = place
    s = np.array(salary)
    df = cols(with_data(contribution.employee_flows, s, region=region, year=year, age=age))
    total, acc, pool, other = (fen(df[c]) for c in ("total", "to_account", "to_pool", "to_other"))
    np.testing.assert_array_equal(total, acc + pool + other)
    np.testing.assert_array_equal(total, fen(df["employer"]) + fen(df["employee"]))
    assert (acc >= 0).all() and (pool >= 0).all() and (other >= 0).all()
    floor, ceiling = account.base_limits(account.policy_for_year(region, year))
    assert ((df["base"] >= floor) & (df["base"] <= ceiling)).all()
    order = np.argsort(s, kind="stable")
    for c in ("base", "total", "to_account", "to_pool", "employer", "employee"):
        assert (np.diff(df[c][order]) >= 0).all(), c
    # a permuted subset (a single salary as a number) gives the same rows
    perm = np.array(data.draw(st.permutations(range(s.size))))[: data.draw(st.integers(1, s.size))]
    again = cols(
        contribution.employee_flows(s[perm] if perm.size > 1 else float(s[perm[0]]), region=region, year=year, age=age)
    )
    for c in ("base", "employer", "employee", "total", "to_account", "to_pool", "to_other"):
        np.testing.assert_array_equal(again[c], df[c][perm], err_msg=c)

    retired = cols(contribution.employee_flows(s, region=region, year=year, age=retiree_age, member="retired"))
    assert (retired["total"] == 0).all() and (retired["employer"] == 0).all() and (retired["employee"] == 0).all()
    assert (retired["to_account"] >= 0).all()
    np.testing.assert_array_equal(fen(retired["to_pool"]), -fen(retired["to_account"]))
    assert (retired["to_account"] == retired["to_account"][0]).all()  # the same credit whatever the salary

    if region == "shenzhen" and year >= 2022:  # 深圳 二档/三档 (facts §1, K29): tier base, no personal account
        for tier in (2, 3):
            t = cols(contribution.employee_flows(s, region=region, year=year, tier=tier))
            assert (t["to_account"] == 0).all() and (t["total"] > 0).all()
            assert all((t[c] == t[c][0]).all() for c in ("base", "total", "to_pool"))
            np.testing.assert_array_equal(fen(t["total"]), fen(t["to_pool"]) + fen(t["to_other"]))


# --------------------------------------------------------------------------- resident_flows


@st.composite
def resident_years(draw):
    region = draw(st.sampled_from(sorted(RESIDENT)))
    return region, draw(st.lists(st.sampled_from(RESIDENT[region]), min_size=1, max_size=6))


@given(place=resident_years(), data=st.data())
def test_resident_flows_add_up_and_follow_the_years(place, data):
    # 城乡居民医保 (国家医保局 annual notices): individual contribution + fiscal subsidy, all to the pool, no
    # personal account; one row per year asked, in the order asked (permutation), each equal to that year alone.
    region, years = place
    df = cols(with_data(contribution.resident_flows, years, region=region))
    assert df["year"].tolist() == years
    np.testing.assert_array_equal(fen(df["total"]), fen(df["individual"]) + fen(df["subsidy"]))
    np.testing.assert_array_equal(fen(df["to_pool"]), fen(df["total"]))
    assert (df["to_account"] == 0).all() and (df["individual"] > 0).all() and (df["subsidy"] > 0).all()
    # a permuted subset of the years (a single year as a number) gives the same rows
    perm = list(data.draw(st.permutations(range(len(years)))))[: data.draw(st.integers(1, len(years)))]
    asked = [years[j] for j in perm] if len(perm) > 1 else years[perm[0]]
    again = cols(contribution.resident_flows(asked, region=region))
    for c in ("year", "individual", "subsidy", "total", "to_pool"):
        np.testing.assert_array_equal(again[c], df[c][perm], err_msg=c)


# --------------------------------------------------------------------------- flexible employment


@given(place=flexible_places, ratios=st.lists(st.integers(0, 100), min_size=1, max_size=6))
def test_flexible_cost_adds_up_and_grows_with_the_base(place, ratios):
    # 国发〔1998〕44号 local rules: a flexible worker chooses a base between the floor and ceiling ratio of the
    # average wage and pays both shares; what is paid is split to the fen between account, pool and other funds;
    # a higher chosen base never costs less nor credits less (国办发〔2021〕14号: credit = 2 % of the base).
    # (Rows are employee_flows rows, whose permutation is tested above; vector = scalar in the next test.)
    region, year = place
    lo, hi, avg = with_data(flexible.base_range, region=region, year=year)
    assert 0 < lo < hi and avg > 0
    r = np.round(lo + (hi - lo) * np.array(ratios) / 100, 4)
    df = cols(with_data(flexible.flexible_cost, r, region=region, year=year))
    cost, acc, pool, other = (fen(df[c]) for c in ("cost", "to_account", "to_pool", "to_other"))
    np.testing.assert_array_equal(cost, acc + pool + other)
    np.testing.assert_array_equal(fen(df["pooled_cost"]), cost - acc)
    assert (acc >= 0).all() and (pool >= 0).all() and (df["resident_cost"] > 0).all()
    assert (df["resident_cost"] == df["resident_cost"][0]).all()
    order = np.argsort(r, kind="stable")
    for c in ("base", "cost", "to_account", "to_pool"):
        assert (np.diff(df[c][order]) >= 0).all(), c


# The comparison is for one person and one ratio; its arithmetic is flexible_cost's (tested above over all
# ratios), so the ratio is drawn from three points and the years from five: hypothesis enumerates the
# 20 regions × 5 years × 3 points instead of drawing 1,000 examples of a 5 ms call.
@given(
    region=regions,
    year=st.sampled_from([2016, 2021, 2023, 2026, 2030]),
    point=st.sampled_from([0, 1, 2]),
)
def test_compare_with_resident_is_consistent(region, year, point):
    # the comparison shows the employee option exactly as flexible_cost computes it for that ratio (scalar =
    # vector), next to resident insurance: the person pays the individual contribution, the pool also gets the
    # fiscal subsidy, no personal account (城乡居民医保); 深圳 tiers 2/3 have no account (K29).
    lo, hi, _ = with_data(flexible.base_range, region=region, year=year)
    r = np.round([lo, (lo + hi) / 2, hi], 4)
    df = cols(with_data(flexible.flexible_cost, r, region=region, year=year))
    tiers = (1, 2, 3) if region == "shenzhen" and year >= 2022 else (1,)
    cmp = flexible.compare_with_resident(float(r[point]), tiers=tiers, region=region, year=year)
    subsidy = cmp.attrs["subsidy"]
    c = cols(cmp)
    t1 = list(c["option"]).index("tier1")
    for name in ("base", "cost", "to_account", "to_pool", "to_other", "pooled_cost"):
        assert c[name][t1] == df[name][point], name
    res = list(c["option"]).index("resident")
    assert c["to_account"][res] == 0 and c["to_pool"][res] >= c["cost"][res] > 0
    assert fen(c["to_pool"][res] - c["cost"][res]) == fen(subsidy)
    assert c["cost"][res] == df["resident_cost"][point]
    np.testing.assert_array_equal(fen(c["pooled_cost"]), fen(c["cost"]) - fen(c["to_account"]))
    assert (c["to_account"][c["tier"] > 1] == 0).all()


# --------------------------------------------------------------------------- explain_change / paid_vs_credited


@st.composite
def situations(draw):
    region = draw(regions)
    year = draw(st.integers(2016, 2030))
    return dict(
        monthly_salary=draw(yuan(60_000)),
        age=draw(st.integers(18, 80)),
        year=year,
        region=region,
        annual_spending=draw(yuan(10_000)),
        opening_balance=draw(yuan(50_000)),
        has_account=draw(st.booleans()),
        # 深圳 二档/三档 (contribution_tiers.csv) exist from 2022-07
        tier=draw(st.sampled_from([1, 2, 3])) if region == "shenzhen" and year >= 2022 else 1,
    )


@given(a=situations(), b=situations(), measure=st.sampled_from(["balance_change", "credit"]))
def test_explain_change_sums_exactly_and_unchanged_inputs_give_zero(a, b, measure):
    # sequential substitution (module docstring): the factors sum to the change to the fen, and a factor whose
    # input is the same in both situations contributes nothing (switching it changes no credit); each side's
    # year adds up (opening + credited + interest − spent = year-end balance, nothing negative).
    t = with_data(bc.explain_change, a, b, measure=measure)
    attrs, c = t.attrs, cols(t)
    amounts = dict(zip(c["factor"], fen(c["amount"])))
    assert sum(amounts.values()) == fen(attrs["total"]) == fen(attrs["end"]) - fen(attrs["start"])
    before, after = attrs["before"], attrs["after"]
    for side in (before, after):
        assert fen(side["balance_change"]) == fen(side["credited"]) + fen(side["interest"]) - fen(side["spent"])
        assert fen(side["year_end_balance"]) == fen(side["opening_balance"]) + fen(side["balance_change"])
        assert min(side["credited"], side["interest"], side["spent"], side["year_end_balance"]) >= 0
    if (a["region"], a["year"]) == (b["region"], b["year"]):  # same rules, same regime
        assert amounts["parameters"] == 0 and amounts["reform"] == 0
    if a["age"] == b["age"]:
        assert amounts["age_band"] == 0
    if (a["has_account"] and a["tier"] == 1) == (b["has_account"] and b["tier"] == 1):  # tiers 2/3: no account
        assert amounts["no_account"] == 0
    if measure == "balance_change":
        assert amounts["spending"] == -(fen(after["spent"]) - fen(before["spent"]))
        assert amounts["interest"] == fen(after["interest"]) - fen(before["interest"])


@given(s=situations())
def test_paid_vs_credited_signs(s):
    # 国办发〔2021〕14号 (and the pre-2021 age bands): the account is credited out of what is paid, so in
    # service no contribution grows on its way to the account (both "to pool" rows ≤ 0); a retiree pays
    # nothing and is credited by the pool. The rows sum exactly to credited − paid.
    t = with_data(bc.paid_vs_credited, s)
    attrs, c = t.attrs, cols(t)
    rows = dict(zip(c["factor"], fen(c["amount"])))
    assert sum(rows.values()) == fen(attrs["end"]) - fen(attrs["start"])
    assert fen(attrs["start"]) == fen(attrs["paid_employer"]) + fen(attrs["paid_individual"])
    assert attrs["end"] >= 0 and attrs["paid_employer"] >= 0 and attrs["paid_individual"] >= 0
    assert rows["employer_to_pool"] <= 0 and rows["individual_to_pool"] <= 0
    assert rows["retiree_credit"] >= 0
    if rows["retiree_credit"] > 0:
        assert fen(attrs["start"]) == 0


@given(
    amounts=st.lists(st.integers(-5_000_000, 5_000_000), min_size=1, max_size=10),
    start=st.integers(0, 10_000_000),
    drop_zero=st.booleans(),
)
def test_waterfall_bars_chain_exactly(amounts, start, drop_zero):
    # a waterfall shows start + Σ factors = end, each floating bar spanning its amount from the running level.
    table = pd.DataFrame({"因素": [f"f{i}" for i in range(len(amounts))], "amount": np.array(amounts) / 100})
    w = balance.waterfall_data(table, start=start / 100, drop_zero=drop_zero)
    assert w["kind"].iloc[0] == "start" and w["kind"].iloc[-1] == "end"
    assert fen(w["top"].iloc[0]) == start and fen(w["bottom"].iloc[0]) == 0
    level = start
    bars = w.iloc[1:-1]
    assert len(bars) == (sum(a != 0 for a in amounts) if drop_zero else len(amounts))
    for amount, bottom, top, kind in zip(fen(bars["amount"]), fen(bars["bottom"]), fen(bars["top"]), bars["kind"]):
        assert top - bottom == abs(amount) and bottom <= top
        assert (bottom if amount >= 0 else top) == level
        assert kind == ("up" if amount > 0 else "down")
        level += amount
    assert fen(w["amount"].iloc[-1]) == level == start + sum(amounts)


# regression test of /work/notes/property_findings.md #4 (marked xfail until the calculator was fixed)
@given(
    amounts=st.lists(st.sampled_from([-150, 0, 225]), min_size=0, max_size=3),
    bad=st.sampled_from([float("nan"), float("inf"), -float("inf")]),
    at=st.integers(0, 3),
)
def test_waterfall_refuses_a_non_finite_amount(amounts, bad, at):
    # design (one exception type for bad input, naming the parameter): a factor amount that is not a number of
    # yuan (NaN, ±inf) in the table given to waterfall_data is refused with YibaoInputError, as `start` is.
    values = [a / 100 for a in amounts]
    values.insert(min(at, len(values)), bad)
    table = pd.DataFrame({"因素": [f"f{i}" for i in range(len(values))], "amount": values})
    with pytest.raises(YibaoInputError):
        balance.waterfall_data(table, start=0.0)
