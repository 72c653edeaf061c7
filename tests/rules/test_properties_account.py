"""Property tests (hypothesis) of the personal account and the outpatient pool, in every region with data.

Covers account.{base_limits, contribution_base, monthly_credit, project_arrays, project_balance, trace_year},
gaps.account_during_gap and outpatient.{pool_ratio, annual_limit, pool_year, limit_by_month}.
tests/test_properties.py already checks project_balance (national/beijing: conservation, monotonicity, vector =
scalar) and pool_year (three places); the tests here add every region and year, permutations, vector = scalar of
the other functions, the order of visits and months, and the functions it leaves out.

Money inputs are whole fen (integers / 100); amounts are compared in whole fen. An example whose region and
date have no data (YibaoInputError naming the date) is rejected, never any other error.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from property_support import fen, regions, with_data, yuan

import yibao_helpers as yb
from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.rules import account, account_trace, gaps, outpatient, retirement

HALF_FEN = 0.005 + 1e-9


salaries = yuan(100_000)
ages = st.integers(16, 100)
spendings = yuan(20_000)
openings = yuan(100_000)


# --------------------------------------------------------------------------- base and monthly credit


@given(
    region=regions,
    year=st.integers(2016, 2030),
    salary=st.lists(salaries, min_size=1, max_size=8),
    age=st.integers(16, 100),
    retiree_age=st.integers(50, 100),
    regime=st.sampled_from([None, "pre_2021", "post_2021"]),
    k=st.integers(2, 5),
    data=st.data(),
)
def test_contribution_base_and_monthly_credit(region, year, salary, age, retiree_age, regime, k, data):
    # 国发〔1998〕44号 (local rules): the base is the salary clamped to the floor and ceiling;
    # the in-service credit is a rate of the base (before 2021: individual + age-banded employer part;
    # 国办发〔2021〕14号: the individual 2 % only), so it is proportional to the base and never above the
    # contributions paid on it; a retiree's credit does not depend on any salary (retirees do not contribute).
    pol = account.policy_for_year(region, year)
    floor, ceiling = with_data(account.base_limits, pol)
    assert 0 < floor <= ceiling
    s = np.array(salary)
    n = s.size
    base = account.contribution_base(pol, s)
    assert ((base >= floor) & (base <= ceiling)).all()
    inside = (s >= floor) & (s <= ceiling)
    assert (base[inside] == s[inside]).all()
    order = np.argsort(s, kind="stable")
    assert (np.diff(base[order]) >= 0).all()  # more salary never lowers the base
    perm = np.array(data.draw(st.permutations(range(n))))
    np.testing.assert_array_equal(account.contribution_base(pol, s[perm]), base[perm])
    i = int(perm[0])
    assert float(account.contribution_base(pol, s[i])) == base[i]

    reg = account.regime_of(pol, year) if regime is None else regime
    a = np.full(n, float(age))
    working = np.zeros(n, dtype=bool)
    credit = with_data(account.monthly_credit, pol, reg, base, a, working)
    assert (credit >= 0).all()
    assert (np.diff(credit[order]) >= 0).all()  # more salary never lowers a credit
    scaled = account.monthly_credit(pol, reg, k * base, a, working)
    assert (np.abs(scaled - k * credit) <= k * HALF_FEN + HALF_FEN).all()  # proportional, each rounded to the fen
    if pol.has("employee.employer_rate") and pol.has("employee.individual_rate"):
        paid = base * (float(pol["employee.employer_rate"]) + float(pol["employee.individual_rate"]))
        assert (credit <= paid + HALF_FEN).all()
    np.testing.assert_array_equal(account.monthly_credit(pol, reg, base[perm], a, working), credit[perm])

    r_age = np.full(n, float(retiree_age))
    retired = np.ones(n, dtype=bool)
    r1 = with_data(account.monthly_credit, pol, reg, base, r_age, retired)
    r2 = account.monthly_credit(pol, reg, np.full(n, floor), r_age, retired)
    assert (r1 >= 0).all()
    np.testing.assert_array_equal(r1, r2)

    # vector = scalar with mixed ages and statuses
    mixed_age = np.where(np.arange(n) % 2 == 0, a, r_age)
    mixed_ret = np.arange(n) % 2 == 1
    vec = account.monthly_credit(pol, reg, base, mixed_age, mixed_ret)
    for i in perm[:2]:
        one = account.monthly_credit(pol, reg, base[i : i + 1], mixed_age[i : i + 1], mixed_ret[i : i + 1])
        assert one[0] == vec[i]


# --------------------------------------------------------------------------- project_arrays (the vectorised core)


@st.composite
def array_inputs(draw):
    region = draw(regions)
    start = draw(st.integers(2016, 2028))
    n_years = draw(st.integers(1, 6))
    n = draw(st.integers(1, 5))
    calendar = start + np.arange(n_years)
    column = st.lists(st.integers(0, 3_000_000), min_size=n, max_size=n)
    return dict(
        region=region,
        calendar=calendar,
        salary=np.array(draw(column)) / 100,
        ages=np.array(draw(st.lists(st.integers(16, 100 - n_years + 1), min_size=n, max_size=n)), dtype=float),
        spend=np.array(draw(st.lists(st.integers(0, 2_000_000), min_size=n, max_size=n))) / 100,
        opening=np.array(draw(column)) / 100,
        retire_age=float(draw(st.sampled_from([50, 55, 60, 63, 65]))),
        growth=draw(st.sampled_from([0.0, 0.03, -0.05])),
        interest_rate=draw(st.sampled_from([None, None, 0.0, 0.015])),
        gaps=frozenset(int(y) for y in draw(st.sets(st.sampled_from(list(calendar)), max_size=n_years))),
        perm=np.array(draw(st.permutations(range(n)))),
        keep=draw(st.integers(1, n)),
        more=np.array(draw(st.lists(st.integers(0, 2_000_000), min_size=3, max_size=3))) / 100,
    )


def run_arrays(p, salary, ages, spend, opening):
    policies = [account.policy_for_year(p["region"], y) for y in p["calendar"]]
    out, regimes = with_data(
        account.project_arrays,
        salary,
        ages,
        spend,
        opening,
        p["calendar"],
        policies,
        retire_age=p["retire_age"],
        growth=p["growth"],
        interest_rate=p["interest_rate"],
        gaps=p["gaps"],
    )
    assert len(regimes) == len(p["calendar"])
    return out


@given(p=array_inputs())
def test_project_arrays_conserves_money_monotone_and_per_person(p):
    # 国发〔1998〕44号: the balance carries over and earns interest (rates ≥ 0); spending is paid from the account
    # only up to what it holds (the rest is cash, reported as unpaid); no credit in a gap year (断缴).
    # 国办发〔2021〕14号: more salary never lowers a credit or a balance; a larger opening balance or less
    # spending never lowers a balance. Each person's account is independent of the others in the array:
    # a permuted subset of the people gives the same rows.
    sal, age, spend, opening, (d_sal, d_open, d_spend) = p["salary"], p["ages"], p["spend"], p["opening"], p["more"]
    n = sal.size
    # people n, n+1: person 0 with more salary; with more opening balance and less spending
    out = run_arrays(
        p,
        np.append(sal, [sal[0] + d_sal, sal[0]]),
        np.append(age, [age[0], age[0]]),
        np.append(spend, [spend[0], max(spend[0] - d_spend, 0.0)]),
        np.append(opening, [opening[0], opening[0] + d_open]),
    )
    opening_all = np.append(opening, [opening[0], opening[0] + d_open])
    spend_all = np.append(spend, [spend[0], max(spend[0] - d_spend, 0.0)])
    previous = np.concatenate([opening_all[:, None], out["balance"][:, :-1]], axis=1)
    np.testing.assert_array_equal(
        fen(out["balance"]), fen(previous) + fen(out["credited"]) - fen(out["spent"]) + fen(out["interest"])
    )
    np.testing.assert_array_equal(
        fen(out["spent"]) + fen(out["unpaid"]), np.repeat(fen(spend_all)[:, None], len(p["calendar"]), 1)
    )
    for name in ("credited", "interest", "spent", "unpaid", "balance"):
        assert (out[name] >= 0).all(), name
    assert (fen(out["spent"]) <= fen(previous) + fen(out["credited"])).all()
    for t, year in enumerate(p["calendar"]):
        if int(year) in p["gaps"]:
            assert (out["credited"][:, t] == 0).all()
    assert (out["credited"][n] >= out["credited"][0]).all() and (out["balance"][n] >= out["balance"][0]).all()
    assert (out["balance"][n + 1] >= out["balance"][0]).all() and (out["unpaid"][n + 1] <= out["unpaid"][0]).all()

    pick = p["perm"][: p["keep"]]
    some = run_arrays(p, sal[pick], age[pick], spend[pick], opening[pick])
    for name, arr in some.items():
        np.testing.assert_array_equal(arr, out[name][pick], err_msg=name)


# --------------------------------------------------------------------------- project_balance in every region

COLUMNS = ["year", "age", "credited", "interest", "spent", "unpaid", "balance"]


@given(
    region=regions,
    start=st.integers(2016, 2030),
    years=st.integers(1, 6),
    people=st.lists(st.tuples(salaries, st.integers(16, 95), spendings, openings), min_size=1, max_size=5),
    extra=yuan(30_000),
)
def test_project_balance_every_region_conserves_and_salary(region, start, years, people, extra):
    # 国发〔1998〕44号: balance_t = balance_{t-1} + credited − spent + interest, never negative, in every region;
    # 国办发〔2021〕14号: more salary never lowers a credit or the balance (last person = person 0, richer).
    # (Per-person independence: project_arrays above; vector = scalar: tests/test_properties.py.)
    sal, age, spend, opening = (np.array(c, dtype=float) for c in zip(*people))
    sal = np.append(sal, sal[0] + extra)
    age, spend, opening = np.append(age, age[0]), np.append(spend, spend[0]), np.append(opening, opening[0])
    n = sal.size
    kw = dict(region=region, start_year=start)
    df = with_data(account.project_balance, sal, age, years, annual_spending=spend, opening_balance=opening, **kw)
    assert len(df) == n * years
    df.attrs = {}
    grid = {c: df[c].to_numpy().reshape(n, years) for c in COLUMNS}
    np.testing.assert_array_equal(grid["year"], np.broadcast_to(start + np.arange(years), (n, years)))
    np.testing.assert_array_equal(grid["age"], age[:, None] + np.arange(years))
    bal = grid["balance"]
    previous = np.concatenate([opening[:, None], bal[:, :-1]], axis=1)
    np.testing.assert_array_equal(
        fen(bal), fen(previous) + fen(grid["credited"]) - fen(grid["spent"]) + fen(grid["interest"])
    )
    np.testing.assert_array_equal(fen(grid["spent"]) + fen(grid["unpaid"]), np.repeat(fen(spend)[:, None], years, 1))
    assert all((grid[c] >= 0).all() for c in ("credited", "interest", "spent", "unpaid", "balance"))
    assert (grid["credited"][-1] >= grid["credited"][0]).all() and (bal[-1] >= bal[0]).all()


# --------------------------------------------------------------------------- trace_year


@given(
    region=regions,
    year=st.integers(2016, 2030),
    salary=salaries,
    age=ages,
    opening=st.one_of(st.just(0.0), openings),
    spending=st.one_of(st.just(0.0), spendings),
    retire_age=st.sampled_from([None, 55, 60, 65]),
)
def test_trace_year_adds_up(region, year, salary, age, opening, spending, retire_age):
    # 国发〔1998〕44号: year-end balance = opening + the year's credit − spending + interest; the credit is posted
    # monthly (12 × the monthly credit of account.monthly_credit for the person's base, age and status); the
    # account pays the spending up to what it holds (opening + credit), the rest is cash; interest ≥ 0.
    kw = dict(region=region, retire_age=retire_age, opening_balance=opening, annual_spending=spending)
    trace = with_data(account_trace.trace_year, salary, age, year, **kw)
    amounts = dict(zip(trace["步骤"], trace["金额（元）"]))
    pol = account.policy_for_year(region, year)
    # M3: without retire_age, the statutory age of the 2024 reform for a man born 1 July of (year − age)
    # (retirement.csv lines 2-11; account.default_retire_age is gone)
    if retire_age is None:
        years_, months_ = retirement.retirement_age(f"{year - age:04d}-07-01", "male")
        retire_age = years_ + months_ / 12
    retired = age >= retire_age
    base = 0.0 if retired else float(account.contribution_base(pol, salary))
    monthly = account.monthly_credit(pol, account.regime_of(pol, year), [base], [age], [retired])[0]
    assert fen(amounts["每月划入"]) == fen(monthly)
    assert fen(amounts["全年划入"]) == fen(12 * monthly)
    paid = min(fen(spending), fen(opening) + fen(amounts["全年划入"]))
    assert -fen(amounts.get("当年支出", 0.0)) == paid
    assert fen(amounts["年末余额"]) == (
        fen(amounts.get("上年结转", 0.0)) + fen(amounts["全年划入"]) - paid + fen(amounts["利息"])
    )
    assert fen(amounts.get("上年结转", 0.0)) == fen(opening)
    assert amounts["利息"] >= 0 and amounts["年末余额"] >= 0
    if not retired:
        floor, ceiling = account.base_limits(pol)
        assert floor <= amounts["缴费基数（月）"] <= ceiling and fen(amounts["缴费基数（月）"]) == fen(base)


# --------------------------------------------------------------------------- account_during_gap


@given(
    region=regions,
    start=st.integers(2016, 2027),
    years=st.integers(2, 4),
    people=st.lists(st.tuples(salaries, st.integers(16, 90), spendings, openings), min_size=1, max_size=3),
    data=st.data(),
)
def test_account_during_gap_only_stops_credits(region, start, years, people, data):
    # K06 / 国发〔1998〕44号: during a gap (断缴) credits stop, but the balance stays, earns interest and can be
    # spent; the credits of the other years do not depend on the balance, so nothing else is lost.
    gap_years = sorted(data.draw(st.sets(st.integers(start, start + years - 1), min_size=1, max_size=years)))
    sal, age, spend, opening = (np.array(c, dtype=float) for c in zip(*people))
    df = with_data(
        gaps.account_during_gap,
        sal,
        age,
        years,
        gap_years=gap_years,
        region=region,
        start_year=start,
        annual_spending=spend,
        opening_balance=opening,
    )
    in_gap = df["year"].isin(gap_years).to_numpy()
    np.testing.assert_array_equal(df["in_gap"].to_numpy(), in_gap)
    assert (df.loc[in_gap, "credited"] == 0).all()
    assert (df["credit_lost"] >= 0).all()
    assert (df.loc[~in_gap, "credit_lost"] == 0).all()
    assert (df["balance"] >= 0).all()
    assert (fen(df["balance"]) <= fen(df["balance_without_gap"])).all()


# --------------------------------------------------------------------------- outpatient pool: parameters and pool_year


@given(
    region=regions,
    year=st.integers(2021, 2030),
    costs=st.lists(yuan(6_000), min_size=1, max_size=12),
    level=st.sampled_from([1, 2, 3]),
    mixed=st.lists(st.sampled_from([1, 2, 3, "一级", "二级", "三级"]), min_size=1, max_size=12),
    member=st.sampled_from(["in_service", "retired"]),
    extra=yuan(6_000),
    data=st.data(),
)
def test_pool_parameters_and_pool_year(region, year, costs, level, mixed, member, extra, data):
    # 国办发〔2021〕14号: the pool's share is a ratio in (0, 1] that leans towards primary care (lower level, higher
    # ratio) and towards retirees (ratio and limit never lower than in service). Within a year the pool pays
    # ratio × (total cost − deductible)⁺ up to the annual limit (the order of visits does not matter for the
    # total: see the month permutation of limit_by_month below); a later visit never changes what earlier
    # visits got and never lowers the total; with mixed levels the total lies between the totals at the lowest
    # and the highest ratio. pool_ratio over an array of levels equals it level by level, in any order.
    pol = yb.load_policy(region, year)
    kw = dict(region=region, on=year, member=member)
    df = with_data(outpatient.pool_year, costs, hospital_level=level, **kw)
    levels = (mixed * len(costs))[: len(costs)]
    r = outpatient.pool_ratio(pol, levels, member)
    working, retired = (
        outpatient.pool_ratio(pol, [1, 2, 3], "in_service"),
        outpatient.pool_ratio(pol, [1, 2, 3], "retired"),
    )
    assert ((working > 0) & (retired <= 1) & (retired >= working)).all()
    assert working[0] >= working[1] >= working[2] and retired[0] >= retired[1] >= retired[2]
    by_level = retired if member == "retired" else working
    code = {1: 1, 2: 2, 3: 3, "一级": 1, "二级": 2, "三级": 3}
    np.testing.assert_array_equal(r, [by_level[code[lv] - 1] for lv in levels])
    perm = np.array(data.draw(st.permutations(range(len(levels)))))
    np.testing.assert_array_equal(outpatient.pool_ratio(pol, [levels[j] for j in perm], member), r[perm])
    limit = outpatient.annual_limit(pol, member)
    assert 0 < outpatient.annual_limit(pol, "in_service") <= outpatient.annual_limit(pol, "retired")

    ratio = float(by_level[level - 1])
    deductible = float(pol["outpatient.deductible"])
    total = float(np.sum(costs))
    assert df["fund_pays"].sum() == pytest.approx(min(limit, ratio * max(0.0, total - deductible)), abs=HALF_FEN)
    c = {k: df[k].to_numpy() for k in ("cost", "deductible_part", "fund_pays", "person_pays", "fund_ytd", "limit_left")}
    np.testing.assert_array_equal(fen(c["fund_pays"]) + fen(c["person_pays"]), fen(costs))
    assert (c["fund_pays"] >= 0).all() and (c["person_pays"] >= 0).all() and (c["limit_left"] >= 0).all()
    longer = outpatient.pool_year([*costs, extra], hospital_level=level, **kw)
    for k, v in c.items():
        np.testing.assert_array_equal(longer[k].to_numpy()[:-1], v, err_msg=k)
    assert fen(longer["fund_pays"].sum()) >= fen(c["fund_pays"].sum())
    mix = outpatient.pool_year(costs, hospital_level=levels, **kw)
    above = max(0.0, total - deductible)
    assert min(limit, r.min() * above) - HALF_FEN <= mix["fund_pays"].sum() <= min(limit, r.max() * above) + HALF_FEN


# --------------------------------------------------------------------------- limit_by_month


@given(
    region=regions,
    start=st.integers(2021, 2029),
    years=st.integers(1, 2),
    pattern=st.lists(yuan(2_000), min_size=12, max_size=12),
    level=st.sampled_from([1, 2, 3]),
    member=st.sampled_from(["in_service", "retired"]),
    data=st.data(),
)
def test_limit_by_month_resets_and_ignores_month_order(region, start, years, pattern, level, member, data):
    # 国办发〔2021〕14号: the deductible and the annual limit start again each January (nothing carried over),
    # so each year's total is min(limit, ratio × (year's cost − deductible)⁺) of that year's rules, whatever
    # the order of the months.
    kw = dict(region=region, hospital_level=level, member=member)
    df = with_data(outpatient.limit_by_month, pattern, years, start_year=start, **kw)
    perm = data.draw(st.permutations(range(12)))
    shuffled = outpatient.limit_by_month([pattern[j] for j in perm], years, start_year=start, **kw)
    fund = df["fund_pays"].to_numpy().reshape(years, 12)
    ytd = df["fund_ytd"].to_numpy().reshape(years, 12)
    np.testing.assert_array_equal(
        fen(fund) + fen(df["person_pays"].to_numpy().reshape(years, 12)), fen([pattern] * years)
    )
    assert (df["limit_left"].to_numpy() >= 0).all() and (fund >= 0).all()
    assert (np.diff(ytd, axis=1) >= 0).all() and (ytd[:, 0] == fund[:, 0]).all()  # January starts from zero
    fund_shuffled = shuffled["fund_pays"].to_numpy().reshape(years, 12)
    for t, y in enumerate(range(start, start + years)):
        pol = yb.load_policy(region, f"{y}-07-01")
        ratio = float(outpatient.pool_ratio(pol, level, member)[0])
        limit = outpatient.annual_limit(pol, member)
        expected = min(limit, ratio * max(0.0, sum(pattern) - float(pol["outpatient.deductible"])))
        assert fund[t].sum() == pytest.approx(expected, abs=HALF_FEN)
        # to the fen; an exact half-fen total may round either way with another month order (notes, obs. A)
        assert abs(fen(fund_shuffled[t].sum()) - fen(fund[t].sum())) <= 1


# regression test of /work/notes/property_findings.md #2 (marked xfail until the calculator was fixed); only the
# lengths matter here, so hypothesis enumerates the 4 × 4 cases
@given(
    costs=st.integers(1, 4).map(lambda n: [120.5, 0.0, 3_000.0, 899.99][:n]),
    levels=st.integers(1, 4).map(lambda m: [1, 3, 2, 1][:m]),
)
def test_pool_year_one_level_or_one_per_visit(costs, levels):
    # pool_year docstring: hospital_level is one for all visits or one per visit; any other number of levels is
    # bad input, reported with the project's error (design: one exception type), never a bare numpy error.
    if len(levels) in (1, len(costs)):
        df = outpatient.pool_year(costs, on=2024, hospital_level=levels)
        assert len(df) == len(costs)
    else:
        with pytest.raises(YibaoInputError):
            outpatient.pool_year(costs, on=2024, hospital_level=levels)
