"""Property tests (hypothesis) of family mutual aid and of contribution gaps, in every region.

Covers family.{may_use, rule, scope, simulate_family_year} and gaps.{restart_month, resident_waiting,
employee_waiting, restart_date} (gaps.account_during_gap is in test_properties_account.py). tests/test_family.py
and tests/test_gaps.py check conservation, priority and vector = scalar (national, fixed dates) and the resident
formula on one date; the tests here add the other regions and dates, the directions of the rules (time, binding,
cross-province, making up), order independence and permutations. Money inputs are whole fen.
"""

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from property_support import cols, fen, regions, with_data, yuan

from yibao_helpers.rules import family, family_year, gaps


def month_index(d) -> int:
    d = np.datetime64(d, "D").astype(dt.date)
    return d.year * 12 + d.month - 1


# --------------------------------------------------------------------------- restart_month


@given(
    paid=st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)),
    waiting=st.lists(st.integers(0, 120), min_size=1, max_size=10),
    data=st.data(),
)
def test_restart_month_counts_whole_months(paid, waiting, data):
    # gaps module convention: the payment month counts as the first waiting month and benefits restart on the
    # 1st of the month after the waiting period; no waiting → the payment date itself. Later for longer waits.
    w = np.array(waiting)
    got = gaps.restart_month(paid, w)
    assert got.dtype == np.dtype("datetime64[D]") and got.shape == w.shape
    for wi, r in zip(w, got):
        day = r.astype(dt.date)
        if wi == 0:
            assert day == paid
        else:
            assert day.day == 1 and day > paid and month_index(day) - month_index(paid) == wi
    order = np.argsort(w, kind="stable")
    assert (got[order][1:] >= got[order][:-1]).all()
    perm = np.array(data.draw(st.permutations(range(w.size))))
    np.testing.assert_array_equal(gaps.restart_month(paid, w[perm]), got[perm])
    assert gaps.restart_month(paid, int(w[perm[0]])) == got[perm[0]]


# --------------------------------------------------------------------------- resident_waiting


@given(
    region=regions,
    paid=st.dates(dt.date(2023, 1, 1), dt.date(2030, 12, 31)),
    cases=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=8),
    in_period=st.booleans(),
    exempt=st.booleans(),
    data=st.data(),
)
def test_resident_waiting_adds_up_and_moves_the_right_way(region, paid, cases, in_period, exempt, data):
    # 国办发〔2024〕38号 (from 2025): waiting = fixed 3 + 1 per year of break − 1 per year made up (never below
    # the fixed part) + a top-up to 6 after a break of 4+ years; none for newborns (exempt) or continuous
    # enrolment in the enrolment period; no national rule before 2025. So: the parts add up, none is negative,
    # a longer break never shortens the wait and making up more never lengthens it; each case is independent.
    gap = np.array([g for g, _ in cases])
    made = np.minimum([m for _, m in cases], gap)
    kw = dict(paid_on=paid, in_enrollment_period=in_period, exempt=exempt, region=region)
    c = cols(gaps.resident_waiting(gap, made, **kw))
    np.testing.assert_array_equal(c["fixed"] + c["variable"] - c["reduction"] + c["floor_top_up"], c["waiting_months"])
    for k in ("fixed", "variable", "reduction", "floor_top_up", "waiting_months"):
        assert (c[k] >= 0).all(), k
    assert (c["reduction"] <= c["variable"]).all() and (c["waiting_months"] >= c["fixed"]).all()
    assert (c["restart"] >= np.datetime64(paid, "D")).all()
    in_force = paid >= dt.date(2025, 1, 1)
    assert (c["rule_in_force"] == in_force).all()
    if exempt or not in_force:
        assert (c["waiting_months"] == 0).all()
    np.testing.assert_array_equal(c["restart"], gaps.restart_month(paid, c["waiting_months"]))
    # one call: the same people with one more year of break, then with one more year made up
    both = cols(
        gaps.resident_waiting(np.concatenate([gap + 1, gap]), np.concatenate([made, np.minimum(made + 1, gap)]), **kw)
    )
    longer, more = both["waiting_months"][: gap.size], both["waiting_months"][gap.size :]
    assert (longer >= c["waiting_months"]).all()
    assert (more <= c["waiting_months"]).all()
    perm = np.array(data.draw(st.permutations(range(gap.size))))[: data.draw(st.integers(1, gap.size))]
    some = cols(gaps.resident_waiting(gap[perm], made[perm], **kw))
    for k in ("fixed", "variable", "reduction", "floor_top_up", "waiting_months", "restart"):
        np.testing.assert_array_equal(some[k], c[k][perm], err_msg=k)


# --------------------------------------------------------------------------- employee_waiting


@given(
    region=regions,
    paid=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    gap=st.lists(st.integers(0, 120), min_size=1, max_size=8),
    employment=st.sampled_from(["unit", "flexible", "单位", "灵活就业"]),
    first=st.booleans(),
    data=st.data(),
)
def test_employee_waiting_making_up_never_lengthens(region, paid, gap, employment, first, data):
    # 《基本医疗保险关系转移接续暂行办法》 and local rules (facts §12): a short break that is made up counts as
    # continuous (no waiting), so making up never lengthens the wait; a break within the grace months has no
    # waiting; a first enrolment waits the same whatever the (meaningless) gap; benefits never restart before
    # the payment; each case is independent of the others (permuted subset).
    g = np.array(gap)
    kw = dict(paid_on=paid, region=region, employment=employment, first_enrolment=first)
    made = cols(gaps.employee_waiting(g, made_up=True, **kw))
    not_made = cols(gaps.employee_waiting(g, made_up=False, **kw))
    assert (made["waiting_months"] <= not_made["waiting_months"]).all()
    for c in (made, not_made):
        assert (c["waiting_months"] >= 0).all() and (c["restart"] >= np.datetime64(paid, "D")).all()
        assert (c["waiting_months"][c["within_grace"]] == 0).all()
        np.testing.assert_array_equal(c["restart"], gaps.restart_month(paid, c["waiting_months"]))
    if first:
        assert (made["waiting_months"] == made["waiting_months"][0]).all()
    else:
        assert made["within_grace"][g == 0].all() and (made["waiting_months"][g == 0] == 0).all()
    perm = np.array(data.draw(st.permutations(range(g.size))))[: data.draw(st.integers(1, g.size))]
    some = cols(gaps.employee_waiting(g[perm], made_up=True, **kw))
    for k in ("grace_months", "within_grace", "waiting_months", "restart"):
        np.testing.assert_array_equal(some[k], made[k][perm], err_msg=k)


# --------------------------------------------------------------------------- restart_date


@given(
    scheme=st.sampled_from(["resident", "employee", "居民", "职工"]),
    region=regions,
    paid=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    gap_years=st.integers(0, 20),
    made_years=st.integers(0, 20),
    gap_months=st.integers(0, 60),
    made_up=st.booleans(),
    employment=st.sampled_from(["unit", "flexible"]),
    first=st.booleans(),
    in_period=st.booleans(),
    exempt=st.booleans(),
)
def test_restart_date_breakdown_adds_up(
    scheme, region, paid, gap_years, made_years, gap_months, made_up, employment, first, in_period, exempt
):
    # the explained answer for one person: the steps of the breakdown add up to the waiting months (the last
    # row, 合计), which are those of the vectorised rule (resident_waiting / employee_waiting), and the restart
    # date follows the month-counting convention (restart_month).
    made_years = min(made_years, gap_years)
    r = gaps.restart_date(
        scheme,
        paid,
        region=region,
        gap_years=gap_years,
        made_up_years=made_years,
        gap_months=gap_months,
        made_up=made_up,
        employment=employment,
        first_enrolment=first,
        in_enrollment_period=in_period,
        exempt=exempt,
    )
    months = [int(m) for m in r.breakdown["月数"]]
    assert r.breakdown["步骤"].iloc[-1] == "合计" and months[-1] == r.waiting_months == sum(months[:-1])
    if r.scheme == "resident":
        row = gaps.resident_waiting(
            gap_years, made_years, paid_on=paid, in_enrollment_period=in_period, exempt=exempt, region=region
        )
    else:
        row = gaps.employee_waiting(
            gap_months, paid_on=paid, region=region, employment=employment, made_up=made_up, first_enrolment=first
        )
    assert r.waiting_months == int(cols(row)["waiting_months"][0]) >= 0
    assert r.restart == gaps.restart_month(paid, r.waiting_months).astype(dt.date) >= paid
    assert r.summary_zh


# --------------------------------------------------------------------------- may_use / rule / scope

RELATION_NAMES = [*family.RELATIONS, "配偶", "父母", "母亲", "子女", "兄弟姐妹", "外祖父母", "外孙女"]
family_dates = st.dates(dt.date(2019, 1, 1), dt.date(2030, 12, 31))


@given(
    relation=st.sampled_from(RELATION_NAMES),
    d1=family_dates,
    d2=family_dates,
    cross=st.booleans(),
    bound=st.booleans(),
    region=regions,
)
def test_may_use_only_widens(relation, d1, d2, cross, bound, region):
    # 国办发〔2021〕14号 → 国办发〔2024〕38号 → 跨省共济 (2026-01-09): the circle of relatives has only widened, so
    # a use allowed on a date stays allowed later; a cross-province use is never allowed when the same use
    # within the province is not, and binding (绑定) never forbids what not binding allows. scope() lists
    # exactly the relations may_use allows within the province, and grows with time.
    early, late = sorted((d1, d2))
    code = family.relation_code(relation)
    kw = dict(cross_province=cross, bound=bound, region=region)
    verdict = family.rule(relation, early, **kw)
    allowed = family.may_use(relation, early, **kw)
    assert verdict.allowed == allowed and verdict.relation == code and (verdict.reason_zh == "") == allowed
    if allowed:
        assert family.may_use(code, late, **kw)
        assert family.may_use(relation, early, region=region)  # within the province
        assert family.may_use(relation, early, cross_province=cross, bound=True, region=region)
    s_early, s_late = family.scope(early, region=region), family.scope(late, region=region)
    assert set(s_early) <= set(s_late)
    assert (code in s_early) == family.may_use(code, early, region=region)
    if s_early:
        assert "spouse" in s_early  # the spouse is in every circle


# --------------------------------------------------------------------------- simulate_family_year

relatives = st.fixed_dictionaries(
    {
        "relation": st.sampled_from(RELATION_NAMES),
        "medical": yuan(30_000),
        "premium": st.sampled_from([0, 380, 400, "standard"]),
        "ltc_premium": st.sampled_from([0, 0, 120]),
        "cross_province": st.booleans(),
        "bound": st.booleans(),
    }
)


@given(
    region=regions,
    on=st.dates(dt.date(2016, 1, 1), dt.date(2030, 12, 31)),
    balances=st.lists(yuan(50_000), min_size=1, max_size=4),
    credit=yuan(10_000),
    worker=yuan(20_000),
    people=st.lists(relatives, max_size=3),
    order=st.permutations(["worker", "premium", "medical"]),
    data=st.data(),
)
def test_family_year_totals_are_order_free_and_monotone(region, on, balances, credit, worker, people, order, data):
    # family module docstring / 国办发〔2021〕14号: the account pays allowed items until the money available
    # (opening + credit) runs out, so what it pays in total is min(available, Σ allowed amounts) whatever the
    # priority order or the order of the relatives; a larger opening balance never lowers the year-end balance
    # nor raises the cash paid; each scenario is independent of the others (permuted scenarios).
    b = np.array(balances)
    res = with_data(
        family_year.simulate_family_year,
        b,
        credit,
        people,
        on=on,
        order=tuple(order),
        worker_costs=worker,
        region=region,
    )
    items, summary = cols(res.items), cols(res.summary)
    n = b.size
    eligible = fen(items["amount"] * items["allowed"]).reshape(n, -1).sum(axis=1)
    np.testing.assert_array_equal(fen(summary["paid_from_account"]), np.minimum(fen(summary["available"]), eligible))
    np.testing.assert_array_equal(fen(summary["available"]), fen(b) + fen(credit))
    order_b = np.argsort(b, kind="stable")
    assert (np.diff(summary["year_end_balance"][order_b]) >= 0).all()
    assert (np.diff(summary["cash"][order_b]) <= 0).all()

    perm = np.array(data.draw(st.permutations(range(n))))
    other_order = tuple(data.draw(st.permutations(["worker", "premium", "medical"])))
    shuffled_people = [people[j] for j in data.draw(st.permutations(range(len(people))))]
    again = cols(
        family_year.simulate_family_year(
            b[perm], credit, shuffled_people, on=on, order=other_order, worker_costs=worker, region=region
        ).summary
    )
    for k in ("opening_balance", "available", "paid_from_account", "cash", "interest", "year_end_balance"):
        np.testing.assert_array_equal(fen(again[k]), fen(summary[k][perm]), err_msg=k)
