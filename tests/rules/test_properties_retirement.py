"""Property tests (hypothesis) of retirement, pensions and maternity, in every region with data.

Covers retirement.{retirement_age, retirement_date, delay_months, min_pension_years, flexible_window,
medical_min_years, medical_qualifies, topup_cost}, pension.{annuity_months, basic_pension, account_pension,
transitional_pension, estimate_pension, resident_pension, resident_basic_minimum} and maternity.{leave_days,
leave_breakdown, miscarriage_leave_days, maternity_allowance, allowance_breakdown}. The tests of test_retirement.py,
test_pension.py and test_maternity.py check bounds and monotonicity for single people in national data; the tests
here add arrays (vector = scalar, permutations), the other regions and dates, and the consistency between the
functions. Money inputs are whole fen; amounts compared in fen.
"""

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from property_support import cols, fen, regions, with_data, yuan

import yibao_helpers as yb
from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.rules import maternity, medical_years, pension, retirement

NATIONAL = yb.load_policy("national")
GROUPS = ["male", "female_cadre", "female_worker", "男", "女干部", "女工人"]


def group_limits(group):
    """(old age, target age, months of birth per month of delay) of a group, in months, from the data."""
    q = f"group={retirement.group_code(group)}"
    return (
        round(12 * NATIONAL.get("retirement.old_age", q)),
        round(12 * NATIONAL.get("retirement.target_age", q)),
        NATIONAL.get("retirement.months_per_step", q),
    )


def month_index(d) -> int:
    return d.year * 12 + d.month - 1


births = st.dates(dt.date(1940, 1, 1), dt.date(2010, 12, 31))


# --------------------------------------------------------------------------- retirement age and date


@given(born=st.lists(births, min_size=1, max_size=8), group=st.sampled_from(GROUPS), data=st.data())
def test_retirement_age_date_and_delay_agree(born, group, data):
    # 全国人大常委会 2024-09-13 决定: the new age is the old age + the delay, the delay is 0 … (target − old)
    # years and grows by at most one month per birth month (one month per 4, or 2, months of birth), so a
    # later birth never retires younger or earlier; the date is the day the age is reached (day clipped to the
    # month's end). Arrays: one person alone gives the same answer; permuting people permutes the answers.
    old, target, _ = group_limits(group)
    years, months = retirement.retirement_age(born, group)
    total = years * 12 + months
    delay = np.asarray(retirement.delay_months(born, group))
    dates = retirement.retirement_date(born, group)
    assert ((months >= 0) & (months < 12)).all()
    np.testing.assert_array_equal(total, old + delay)
    assert ((delay >= 0) & (delay <= target - old)).all()
    for b, t, d in zip(born, total, dates):
        day = d.astype(dt.date)
        assert month_index(day) == month_index(b) + t
        assert day.day == b.day or (day.day < b.day and (day + dt.timedelta(days=1)).day == 1)
    order = np.argsort(np.array(born, dtype="datetime64[D]"), kind="stable")
    assert (np.diff(total[order]) >= 0).all() and (dates[order][1:] >= dates[order][:-1]).all()
    next_month = [f"{b.year + b.month // 12}-{b.month % 12 + 1:02d}" for b in born]
    step = np.asarray(retirement.delay_months(next_month, group)) - delay
    assert ((step == 0) | (step == 1)).all()

    perm = data.draw(st.permutations(range(len(born))))[: data.draw(st.integers(1, len(born)))]
    some = [born[j] for j in perm]
    ys, ms = retirement.retirement_age(some, group)
    np.testing.assert_array_equal(ys * 12 + ms, total[perm])
    np.testing.assert_array_equal(retirement.retirement_date(some, group), dates[perm])
    one = born[perm[0]]
    assert retirement.retirement_age(one, group) == (int(years[perm[0]]), int(months[perm[0]]))
    assert retirement.retirement_date(one, group) == dates[perm[0]].astype(dt.date)
    assert retirement.delay_months(one, group) == delay[perm[0]]

    # 《国务院关于渐进式延迟法定退休年龄的办法》第四条, for the years these people retire in (and a year later):
    # 15 years up to 2029, then + 6 months per calendar year up to 20; never lower for a later year, never
    # more than 6 months up from one year to the next; array = one call per year, in any order.
    y = dates.astype("datetime64[Y]").astype(int) + 1970
    need, nxt = retirement.min_pension_years(y), retirement.min_pension_years(y + 1)
    assert ((need >= 15) & (need <= 20)).all() and ((nxt - need >= 0) & (nxt - need <= 0.5)).all()
    np.testing.assert_array_equal(retirement.min_pension_years(y[perm]), need[perm])
    assert retirement.min_pension_years(int(y[perm[0]])) == need[perm[0]]


@given(
    born=st.lists(births, min_size=1, max_size=5),
    group=st.sampled_from(GROUPS),
    contribution=st.one_of(st.none(), st.integers(0, 80 * 12).map(lambda m: m / 12)),
)
def test_flexible_window_brackets_the_statutory_age(born, group, contribution):
    # 《国务院关于渐进式延迟法定退休年龄的办法》第二、三条: early retirement at most 3 years before the statutory age
    # and never before the old age; late retirement up to 3 years after; early retirement needs the minimum
    # pension years of that year. The statutory part is that of retirement_age / retirement_date.
    old, _, _ = group_limits(group)
    early_max = round(12 * NATIONAL["retirement.flexible_early_max"])
    late_max = round(12 * NATIONAL["retirement.flexible_late_max"])
    c = cols(retirement.flexible_window(born, group, contribution_years=contribution))
    e, s, lt = c["earliest_months_total"], c["statutory_months_total"], c["latest_months_total"]
    assert (e >= old).all() and (e <= s).all() and (s - e <= early_max).all() and (lt - s == late_max).all()
    assert (c["earliest_date"] <= c["statutory_date"]).all() and (c["statutory_date"] < c["latest_date"]).all()
    years, months = retirement.retirement_age(born, group)
    np.testing.assert_array_equal(s, years * 12 + months)
    np.testing.assert_array_equal(c["statutory_date"], retirement.retirement_date(born, group))
    early_year = c["earliest_date"].astype("datetime64[Y]").astype(int) + 1970
    np.testing.assert_array_equal(c["min_years_at_earliest"], retirement.min_pension_years(early_year))
    if contribution is not None:
        ok = c["early_allowed"]
        assert (c["contribution_years"][ok] >= c["min_years_at_earliest"][ok]).all() and (e[ok] < s[ok]).all()


# regression test of /work/notes/property_findings.md #3 (marked xfail until the calculator was fixed); only the
# lengths matter here, so hypothesis enumerates the 3 × 3 cases
@given(
    born=st.integers(1, 3).map(lambda n: [dt.date(1965, 1, 15), dt.date(1972, 8, 31), dt.date(1980, 2, 29)][:n]),
    years=st.integers(1, 3).map(lambda m: [10, 22.5, 30][:m]),
)
def test_flexible_window_contribution_years_one_or_one_per_person(born, years):
    # flexible_window docstring: contribution_years are each person's cumulative years; one value for all, or one
    # per person, gives one row per person; any other length is answered row by row or refused with the
    # project's error (design: one exception type), never a bare pandas error.
    try:
        df = retirement.flexible_window(born, "male", contribution_years=years)
    except YibaoInputError:
        assert len(years) not in (1, len(born))
        return
    assert len(df) == max(len(born), len(years))
    np.testing.assert_array_equal(
        df["contribution_years"].to_numpy(), np.broadcast_to(np.array(years, dtype=float), (len(df),))
    )


# --------------------------------------------------------------------------- medical-insurance years

_t = yb.policy.tables()
MEDICAL_REGIONS = sorted(set(_t.loc[_t["parameter"] == "medical.min_years", "region"]))
# (region, year) whose data have the minimum years and the top-up base on 1 July (read from the data, not from a
# calculator), so that few examples are rejected; with_data still guards the calls
MEDICAL_PLACES = [
    (r, y)
    for r in MEDICAL_REGIONS
    for y in range(2012, 2031)
    if all(yb.load_policy(r, y).has("medical.min_years", f"sex={s}") for s in ("male", "female"))
    and not any(yb.load_policy(r, y).has_gap(n) for n in ("wage.avg_annual_prev_year", "medical.topup_base"))
]


@given(
    place=st.sampled_from(MEDICAL_PLACES),
    sex=st.sampled_from(["male", "female", "男", "女"]),
    people=st.lists(st.tuples(st.integers(0, 480), st.integers(0, 480)), min_size=1, max_size=8),
    extra=st.integers(0, 120),
    data=st.data(),
)
def test_medical_years_qualify_and_top_up(place, sex, people, extra, data):
    # 社会保险法第二十七条 and the local rules: a retiree qualifies when the cumulative years reach the region's
    # minimum and the local years its local minimum; more years never disqualify nor raise what is missing, and
    # paying the missing years locally (一次性补缴) qualifies. The top-up costs base × rate per month, rounded up to
    # whole months: never negative, never less for more years, and additive over whole months (to the fen).
    region, on = place
    rule = with_data(medical_years.medical_min_years, region, sex, on=on)
    assert rule["total_years"] > 0 and 0 <= rule["local_years"] <= rule["total_years"]
    total = np.array([t for t, _ in people]) / 12
    local = np.minimum([lo for _, lo in people], [t for t, _ in people]) / 12
    q = cols(medical_years.medical_qualifies(region, sex, total, local, on=on))
    assert (q["missing_years"] >= 0).all()
    np.testing.assert_array_equal(q["qualifies"], q["missing_years"] == 0)
    meets = (total >= rule["total_years"] - 1e-9) & (local >= rule["local_years"] - 1e-9)
    np.testing.assert_array_equal(q["qualifies"], meets)
    # one permuted call: people with `extra` more years (rows 0..n-1), people who paid what was missing (n..2n-1)
    n = total.size
    more_t = np.concatenate([total + extra / 12, total + q["missing_years"]])
    more_l = np.concatenate([local + extra / 12, local + q["missing_years"]])
    perm = np.array(data.draw(st.permutations(range(2 * n))))
    shuffled = cols(medical_years.medical_qualifies(region, sex, more_t[perm], more_l[perm], on=on))
    back = np.empty(2 * n, dtype=int)
    back[perm] = np.arange(2 * n)
    more = {k: v[back] for k, v in shuffled.items()}
    assert (more["qualifies"][:n] >= q["qualifies"]).all()
    assert (more["missing_years"][:n] <= q["missing_years"] + 1e-9).all()
    assert more["qualifies"][n:].all()

    months = np.array([t for t, _ in people])
    asked = np.concatenate([months, [months[0] + extra, extra]]) / 12
    part = months[0] / 12 - 1 / 24 if months[0] else 0.0  # half a month less: a part month counts as a whole month
    cost = cols(with_data(medical_years.topup_cost, region, np.append(asked, part), on=on))
    np.testing.assert_array_equal(cost["months"][: months.size], months)
    assert cost["months"][-1] == months[0]
    assert (cost["cost"] >= 0).all()
    order = np.argsort(asked, kind="stable")
    assert (np.diff(cost["cost"][: asked.size][order]) >= 0).all()
    both, one, other = cost["cost"][months.size], cost["cost"][0], cost["cost"][months.size + 1]
    assert abs(fen(both) - fen(one) - fen(other)) <= 1  # additive over whole months; three amounts rounded to the fen


# --------------------------------------------------------------------------- pensions


@given(
    ages=st.lists(st.tuples(st.integers(40, 69), st.integers(0, 11)), min_size=1, max_size=8),
    on=st.sampled_from([None, 2010, 2024, 2026]),
    data=st.data(),
)
def test_annuity_months_between_the_table_values(ages, on, data):
    # 国发〔2005〕38号 table (139 at 60), refined by month after 2025 (facts §14): the value for y years m months
    # lies between the table values of y and y + 1, never rises with a later retirement age, and a fractional
    # age y + m/12 means the same as extra_months = m.
    y = np.array([a for a, _ in ages])
    # months beyond the age exist from the 2025 reform (the precision row starts 2025-01-01)
    m = np.array([b for _, b in ages]) * (on is None or on >= 2025)
    got = with_data(pension.annuity_months, y, m, on=on)
    this, nxt = pension.annuity_months(y, on=on), pension.annuity_months(y + 1, on=on)
    assert ((got <= this) & (got >= nxt) & (got > 0)).all()
    np.testing.assert_array_equal(got[m == 0], this[m == 0])
    order = np.argsort(y * 12 + m, kind="stable")
    assert (np.diff(got[order]) <= 0).all()
    np.testing.assert_array_equal(pension.annuity_months(y + m / 12, on=on), got)
    perm = np.array(data.draw(st.permutations(range(y.size))))
    np.testing.assert_array_equal(pension.annuity_months(y[perm], m[perm], on=on), got[perm])
    assert pension.annuity_months(int(y[perm[0]]), int(m[perm[0]]), on=on) == got[perm[0]]


wages = yuan(50_000, 1_000)
indexes = st.integers(0, 300).map(lambda i: i / 100)
contribution_years = st.integers(0, 50 * 12).map(lambda m: m / 12)


@given(
    region=regions,
    on=st.integers(2006, 2030),
    people=st.lists(st.tuples(wages, indexes, contribution_years, yuan(500_000)), min_size=1, max_size=6),
    more=st.tuples(yuan(5_000), indexes, contribution_years, yuan(100_000)),
    age=st.tuples(st.integers(50, 65), st.integers(0, 11)),
    data=st.data(),
)
def test_pension_parts_add_up_and_grow(region, on, people, more, age, data):
    # 国发〔2005〕38号: basic = wage × (1 + index) ÷ 2 × years × 1 % (linear in the years), account = balance ÷
    # 计发月数, transitional = wage × index × deemed years × coefficient; more wage, index, years or balance never
    # lower a part, a later retirement age never lowers the account part; the estimate's total is the sum of the
    # parts to the fen, each part equal to its own function; people are independent (permutation).
    w, i, y, b = (np.array(c, dtype=float) for c in zip(*people))
    dw, di, dy, db = more
    a, m = age
    m = m if on >= 2025 else 0  # months beyond the age exist from the 2025 reform (precision row from 2025)
    kw = dict(region=region, on=on)
    n = w.size
    # one call each, three blocks: as drawn, with more of everything, with half the years
    three_w = np.concatenate([w, w + dw, w])
    three_i = np.concatenate([i, np.minimum(i + di, 10), i])
    basic3 = with_data(
        pension.basic_pension, three_w, three_i, np.concatenate([y, np.minimum(y + dy, 80), y / 2]), **kw
    )
    basic, more_basic, halves = basic3.reshape(3, n)
    assert (basic >= 0).all() and (more_basic >= basic).all()
    assert (np.abs(fen(basic) - 2 * fen(halves)) <= 1).all()  # linear in the years (three roundings)
    trans3 = pension.transitional_pension(
        three_w,
        np.concatenate([i, np.minimum(i + di, 10), np.zeros(n)]),
        np.concatenate([y / 3, np.minimum(y / 3 + dy, 80), y]),
        **kw,
    )
    trans, more_trans, no_index = trans3.reshape(3, n)
    assert (trans >= 0).all() and (more_trans >= trans).all() and (no_index == 0).all()
    acc3 = pension.account_pension(np.concatenate([b, b + db, b]), np.repeat([a, a, a + 1], n), extra_months=m, on=on)
    acc, more_acc, later = acc3.reshape(3, n)
    assert (more_acc >= acc).all() and (later >= acc).all()
    est = cols(pension.estimate_pension(w, i, y, b, a, extra_months=m, pre_account_years=y / 3, **kw))
    np.testing.assert_array_equal(fen(est["total"]), fen(est["basic"]) + fen(est["account"]) + fen(est["transitional"]))
    np.testing.assert_array_equal(est["basic"], basic)
    np.testing.assert_array_equal(est["transitional"], trans)
    np.testing.assert_array_equal(est["account"], acc)
    np.testing.assert_array_equal(est["annuity_months"], pension.annuity_months(a, m, on=on))
    perm = np.array(data.draw(st.permutations(range(w.size))))
    np.testing.assert_array_equal(pension.basic_pension(w[perm], i[perm], y[perm], **kw), basic[perm])
    j = int(perm[0])
    one = cols(pension.estimate_pension(w[j], i[j], y[j], b[j], a, extra_months=m, pre_account_years=y[j] / 3, **kw))
    for k in ("basic", "account", "transitional", "total"):
        assert one[k][0] == est[k][j], k
    assert pension.basic_pension(float(w[j]), float(i[j]), float(y[j]), **kw) == basic[j]


@given(
    region=regions,
    on=st.dates(dt.date(2014, 7, 1), dt.date(2030, 12, 31)),
    later=st.dates(dt.date(2014, 7, 1), dt.date(2030, 12, 31)),
    balances=st.lists(yuan(300_000), min_size=1, max_size=8),
    basic=st.one_of(st.none(), yuan(3_000)),
    data=st.data(),
)
def test_resident_pension_parts(region, on, later, balances, basic, data):
    # 国发〔2014〕8号: resident pension = basic (at least the national minimum of the date; never lowered since
    # 2014) + account balance ÷ 139; the parts add up to the fen, the account part grows with the balance and
    # is 0 for an empty account; each balance's row is independent (permutation).
    b = np.array(balances)
    df = cols(with_data(pension.resident_pension, b, on=on, basic=basic, region=region))
    np.testing.assert_array_equal(fen(df["total"]), fen(df["basic"]) + fen(df["account"]))
    minimum = pension.resident_basic_minimum(on)
    assert minimum > 0
    assert (df["basic"] == (minimum if basic is None else basic)).all()
    order = np.argsort(b, kind="stable")
    assert (np.diff(df["account"][order]) >= 0).all() and (df["account"][b == 0] == 0).all()
    if later >= on:
        assert pension.resident_basic_minimum(later) >= minimum
    perm = np.array(data.draw(st.permutations(range(b.size))))
    again = cols(pension.resident_pension(b[perm], on=on, basic=basic, region=region))
    np.testing.assert_array_equal(again["total"], df["total"][perm])


# --------------------------------------------------------------------------- maternity


@given(
    region=regions,
    on=st.dates(dt.date(2012, 5, 1), dt.date(2030, 12, 31)),
    births=st.lists(
        st.tuples(st.integers(1, 4), st.booleans(), st.integers(1, 4), st.booleans()), min_size=1, max_size=8
    ),
    months=st.lists(st.integers(0, 110).map(lambda x: x / 10), min_size=1, max_size=8),
    data=st.data(),
)
def test_leave_days_add_up_and_grow(region, on, births, months, data):
    # 《女职工劳动保护特别规定》第七条 + provincial extensions: 98 days, + dystocia, + each extra baby, + the
    # extension for a birth within the local regulation; so never below 98, never fewer with dystocia, more
    # babies or within the regulation; the breakdown adds up to the days. Miscarriage: 15 days before 4 months,
    # 42 from 4 months, never more for an earlier one and always less than the leave for a birth.
    babies, dys, order, within = (list(c) for c in zip(*births))
    kw = dict(region=region, on=on)
    n = len(babies)
    # one call, six blocks: as drawn; dystocia on / off; within the regulation on / off; one more baby
    days6 = with_data(
        maternity.leave_days,
        babies=babies * 5 + [b + 1 for b in babies],
        dystocia=dys + [True] * n + [False] * n + dys * 3,
        child_order=order * 6,
        within_policy=within * 3 + [True] * n + [False] * n + within,
        **kw,
    ).reshape(6, n)
    days, dys_on, dys_off, within_on, within_off, extra = days6
    base = maternity.leave_days(babies=1, dystocia=False, child_order=1, within_policy=False, **kw)
    assert (days >= base).all() and base >= 98
    assert (dys_on >= days).all() and (days >= dys_off).all()
    assert (within_on >= days).all() and (days >= within_off).all()
    assert (extra > days).all()
    j = data.draw(st.integers(0, len(babies) - 1))
    one = maternity.leave_days(babies=babies[j], dystocia=dys[j], child_order=order[j], within_policy=within[j], **kw)
    assert one == days[j]
    br = maternity.leave_breakdown(
        babies=babies[j], dystocia=dys[j], child_order=order[j], within_policy=within[j], **kw
    )
    steps = [int(d) for d in br["天数"]]
    assert br["步骤"].iloc[-1] == "合计" and steps[-1] == one == sum(steps[:-1])

    mo = np.array(months)
    mis = maternity.miscarriage_leave_days(mo, **kw)
    srt = np.argsort(mo, kind="stable")
    assert (np.diff(mis[srt]) >= 0).all() and (mis > 0).all() and (mis < base).all()
    perm = np.array(data.draw(st.permutations(range(mo.size))))
    np.testing.assert_array_equal(maternity.miscarriage_leave_days(mo[perm], **kw), mis[perm])
    assert maternity.miscarriage_leave_days(float(mo[perm[0]]), **kw) == mis[perm[0]]


@given(
    region=regions,
    on=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    pay=st.lists(st.tuples(yuan(100_000), st.integers(0, 400)), min_size=1, max_size=8),
    method=st.sampled_from([None, "per_30", "per_365"]),
    data=st.data(),
)
def test_maternity_allowance_grows_with_wage_and_days(region, on, pay, method, data):
    # 社会保险法第五十六条: allowance = the employer's average monthly wage ÷ 30 (or × 12 ÷ 365) × leave days (the
    # wage first clamped to 60 %–300 % of the social average where the region says so, 北京): never negative,
    # never lower for a higher wage or more days, never higher with × 12 ÷ 365 (= ÷ 30.42) than with ÷ 30;
    # the breakdown ends at the allowance; arrays equal one call per person, in any order.
    w = np.array([p for p, _ in pay])
    d = np.array([q for _, q in pay], dtype=float)
    kw = dict(region=region, on=on, method=method)
    a = with_data(maternity.maternity_allowance, w, d, **kw)
    assert (a >= 0).all()
    by_wage = maternity.maternity_allowance(w, d[0], **kw)
    assert (np.diff(by_wage[np.argsort(w, kind="stable")]) >= 0).all()
    order = np.argsort(d, kind="stable")
    at_max = maternity.maternity_allowance(w.max(), d, **kw)
    assert (np.diff(at_max[order]) >= 0).all()
    assert (
        maternity.maternity_allowance(w, d, **{**kw, "method": "per_365"})
        <= maternity.maternity_allowance(w, d, **{**kw, "method": "per_30"})
    ).all()
    perm = np.array(data.draw(st.permutations(range(w.size))))
    np.testing.assert_array_equal(maternity.maternity_allowance(w[perm], d[perm], **kw), a[perm])
    j = int(perm[0])
    assert maternity.maternity_allowance(float(w[j]), float(d[j]), **kw) == a[j]
    br = maternity.allowance_breakdown(float(w[j]), float(d[j]), **kw)
    assert br["步骤"].iloc[-1] == "生育津贴" and fen(br["金额（元）"].iloc[-1]) == fen(a[j])
