"""Property tests (hypothesis) of the reimbursement engine, in every region and year with data.

Covers benefits.{banded, banded_inverse, benefit_table}, reimburse.{reimburse, settle} and slip.explain_slip.
tests/test_reimburse.py already checks conservation, non-negativity, out-of-pocket monotone in the cost,
retired ≤ in service and vector = scalar in five places; the tests here add what the fund pays, the other
inputs (year-to-date payments, catalogue shares, repeat admissions, cross-region care), permutations, all
regions and years, and the functions it leaves out. Money inputs are whole fen; amounts compared in fen.
"""

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from property_support import REGIONS, fen, with_data, yuan

import yibao_helpers as yb
from yibao_helpers.rules import benefits, contribution, outpatient
from yibao_helpers.rules.reimburse import reimburse, settle
from yibao_helpers.rules.slip import explain_slip

FIELDS = ("fund_pays", "out_of_pocket", "deductible", "hifp_pay", "hifmi_pay", "hifob_pay", "acct_pay", "psn_cash_pay")


costs = yuan(400_000)
shares = st.integers(0, 100).map(lambda p: p / 100)


@st.composite
def bills(draw):
    """The keyword arguments of one bill: a region and year, scheme, setting, level, member, …"""
    region = draw(st.sampled_from(REGIONS))
    year = draw(st.integers(2018, 2030))
    excluded = draw(shares)
    # 乙类先行自付 needs the catalogue ratio of the date (国家医保局令第1号); without it partial_share must be 0
    has_ratio = yb.load_policy(region, year).has("catalogue.preselfpay_ratio")
    partial = draw(st.integers(0, round(100 - 100 * excluded)).map(lambda p: p / 100)) if has_ratio else 0.0
    return dict(
        scheme=draw(st.sampled_from(["employee", "resident"])),
        setting=draw(st.sampled_from(["inpatient", "inpatient", "outpatient"])),
        hospital_level=draw(st.sampled_from([1, 2, 3])),
        member=draw(st.sampled_from(["in_service", "retired"])),
        region=region,
        year=year,
        excluded_share=excluded,
        partial_share=partial,
        ytd_fund_paid=draw(st.one_of(st.just(0.0), yuan(300_000))),
        admission=draw(st.integers(1, 3)),
        referral=draw(st.sampled_from(["local", "local", "registered", "referred", "unregistered"])),
        account_balance=draw(st.one_of(st.just(0.0), yuan(20_000))),
        age=draw(st.integers(0, 100)),
    )


# --------------------------------------------------------------------------- banded arithmetic


@st.composite
def bands(draw):
    k = draw(st.integers(1, 4))
    edges = [0.0] + sorted(draw(st.sets(st.integers(1, 50_000_000), min_size=k - 1, max_size=k - 1)))
    # 分段累进: the ratio rises (or stays) from band to band (benefit_table builds level ratio + band bonus)
    ratios = sorted(draw(st.lists(st.integers(0, 100), min_size=k, max_size=k)))
    return np.array(edges, dtype=float) / 100, np.array(ratios, dtype=float) / 100


def band_by_band(x, start, edges, ratios):
    """Σ_k ratio_k × |[start, x] ∩ [edge_k, edge_{k+1})|: the rule written band by band (an independent oracle)."""
    uppers = np.append(edges[1:], math.inf)
    return sum(r * max(0.0, min(x, hi) - max(start, lo)) for lo, hi, r in zip(edges, uppers, ratios))


@given(
    band=bands(),
    start=yuan(100_000),
    xs=st.lists(yuan(1_000_000), min_size=1, max_size=8),
    targets=st.lists(yuan(500_000), min_size=1, max_size=8),
    data=st.data(),
)
def test_banded_and_its_inverse(band, start, xs, targets, data):
    # 分段累进 (benefits module docstring, facts §13 A/C): each band pays its ratio on the part of [start, x]
    # inside it, so the amount is 0 up to the start, never negative, never decreasing in x, and grows by at
    # most the largest (at least the smallest) ratio per yuan; one array call equals one call per amount, in
    # any order. The inverse (where the fund reaches its ceiling; 大额补助 starts there) gives back the target,
    # never lies below the start, never decreases with the target and is the first such point; a target beyond
    # what the bands can pay (last ratio 0) is never reached (inf).
    edges, ratios = band
    x = np.array(xs)
    got = benefits.banded(x, start, edges, ratios)
    expected = np.array([band_by_band(v, start, edges, ratios) for v in xs])
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-6)
    assert (got >= 0).all() and (got[x <= start] == 0).all()
    order = np.argsort(x, kind="stable")
    steps, dx = np.diff(got[order]), np.diff(np.maximum(x[order], start))
    assert (steps >= -1e-9).all()
    assert (steps <= ratios.max() * dx + 1e-6).all() and (steps >= ratios.min() * dx - 1e-6).all()
    perm = np.array(data.draw(st.permutations(range(len(xs)))))
    np.testing.assert_array_equal(benefits.banded(x[perm], start, edges, ratios), got[perm])
    j = int(perm[0])  # the scalar path sums in Python, the array path in numpy: equal to 1e-9
    assert abs(benefits.banded(xs[j], start, edges, ratios) - got[j]) <= 1e-9 * max(1.0, got[j])

    t = np.array(targets)
    inv = benefits.banded_inverse(t, start, edges, ratios)
    assert (inv >= start).all()
    order = np.argsort(t, kind="stable")
    assert (inv[order][1:] >= inv[order][:-1]).all()
    finite = np.isfinite(inv)
    if finite.any():
        back = benefits.banded(inv[finite], start, edges, ratios)
        np.testing.assert_allclose(back, t[finite], rtol=1e-9, atol=1e-6)
    if ratios[-1] > 0:
        assert finite.all()
    else:  # the bands pay at most what they pay up to the last edge
        cap = band_by_band(max(edges[-1], start), start, edges, ratios)
        assert (finite == (t <= cap + 1e-9)).all()
    if (ratios > 0).all() and finite.any():  # strictly increasing: just below the inverse the target is not reached
        below = benefits.banded(np.maximum(inv[finite] - 0.01, start), start, edges, ratios)
        assert (below <= t[finite] + 1e-9).all() and (below[t[finite] > 0] < t[finite][t[finite] > 0]).all()


# --------------------------------------------------------------------------- benefit_table


@given(kw=bills())
def test_benefit_table_ranges_and_directions(kw):
    # 国办发〔2021〕14号 / local rules: ratios are shares in [0, 1] rising by band (分段累进); primary care gets
    # a lower deductible and a higher ratio than higher-level hospitals (分级诊疗); retired employees never get
    # less than in-service ones; a repeat admission never has a higher deductible (减半/降低); cross-region care
    # only cuts the ratio (异地就医降比例); the annual ceiling is positive.
    pol = yb.load_policy(kw["region"], kw["year"])
    keys = dict(scheme=kw["scheme"], setting=kw["setting"], member=kw["member"], referral=kw["referral"], age=kw["age"])
    tables = [with_data(benefits.benefit_table, pol, hospital_level=lv, **keys) for lv in (1, 2, 3)]
    for t in tables:
        assert t.edges[0] == 0 and (np.diff(t.edges) > 0).all() and len(t.edges) == len(t.ratios)
        assert ((t.ratios >= 0) & (t.ratios <= 1)).all() and (np.diff(t.ratios) >= 0).all()
        assert t.deductible >= 0 and t.ceiling > 0 and 0 <= t.cross_cut <= 1 and 0 <= t.cross_preselfpay < 1
        if t.cat_ratios is not None:
            assert ((t.cat_ratios >= 0) & (t.cat_ratios <= 1)).all() and t.cat_threshold >= 0 and t.cat_cap > 0
        if t.sup_ratio is not None:
            assert 0 <= t.sup_ratio <= 1 and t.sup_cap > 0
    assert tables[0].deductible <= tables[1].deductible <= tables[2].deductible
    assert tables[0].ratios[0] >= tables[1].ratios[0] >= tables[2].ratios[0]
    t = tables[kw["hospital_level"] - 1]
    if kw["scheme"] == "employee":
        other = {"in_service": "retired", "retired": "in_service"}[kw["member"]]
        o = benefits.benefit_table(pol, **{**keys, "member": other}, hospital_level=kw["hospital_level"])
        working, retired = (t, o) if kw["member"] == "in_service" else (o, t)
        assert (retired.ratios >= working.ratios).all() and retired.ceiling >= working.ceiling
    if kw["setting"] == "inpatient":
        repeat = benefits.benefit_table(pol, **keys, hospital_level=kw["hospital_level"], admission=kw["admission"] + 1)
        assert 0 <= repeat.deductible <= t.deductible


# --------------------------------------------------------------------------- reimburse


@given(
    kw=bills(),
    amounts=st.lists(costs, min_size=1, max_size=10),
    more_ytd=yuan(100_000),
    more_excluded=shares,
    data=st.data(),
)
def test_reimburse_fund_monotone_and_order_free(kw, amounts, more_ytd, more_excluded, data):
    # 国办发〔2021〕14号 and local rules: more already paid this year never raises what the basic fund pays (年度最高支付限额); a larger share outside the catalogue never raises the fund's part;
    # a repeat admission (lower deductible) never lowers it; care outside the home region (异地就医降比例,
    # 转外先行自付) never gets more than local care. Bills are independent: permuting them permutes the results,
    # and one bill alone gives the same result as in the array.
    x = np.array(amounts)
    n = x.size
    perm = np.array(data.draw(st.permutations(range(n))))
    excl = min(1.0 - kw["partial_share"], kw["excluded_share"] + more_excluded)
    # one call, four blocks of bills: as drawn, permuted, with more paid this year, with more outside the catalogue
    per_bill = {
        **kw,
        "ytd_fund_paid": np.repeat(
            [kw["ytd_fund_paid"], kw["ytd_fund_paid"], kw["ytd_fund_paid"] + more_ytd, kw["ytd_fund_paid"]], n
        ),
        "excluded_share": np.repeat([kw["excluded_share"]] * 3 + [excl], n),
        "partial_share": np.full(4 * n, kw["partial_share"]),
        "account_balance": np.full(4 * n, kw["account_balance"]),
    }
    everything = with_data(reimburse, np.concatenate([x, x[perm], x, x]), **per_bill)
    block = {name: np.atleast_1d(getattr(everything, name)).reshape(4, n) for name in FIELDS}
    fund = block["fund_pays"][0]
    assert (fund <= x + 1e-9).all() and (fund >= 0).all()
    # (a larger bill never lowers the fund's part: test_fund_never_lower_for_a_larger_bill below)
    for name in FIELDS:
        np.testing.assert_array_equal(block[name][1], block[name][0][perm], err_msg=name)
    one = reimburse(float(x[perm[0]]), **kw)
    for name in FIELDS:
        assert getattr(one, name) == block[name][0][perm[0]], name
    assert (fen(block["hifp_pay"][2]) <= fen(block["hifp_pay"][0])).all()
    assert (fen(block["fund_pays"][3]) <= fen(fund)).all()
    if kw["setting"] == "inpatient":
        repeat = reimburse(x, **{**kw, "admission": kw["admission"] + 1})
        assert (fen(repeat.fund_pays) >= fen(fund)).all()
    if kw["referral"] != "local":
        local = reimburse(x, **{**kw, "referral": "local"})
        assert (fen(fund) <= fen(local.fund_pays)).all()


# regression test of /work/notes/property_findings.md #5 (marked xfail until the calculator was fixed)
@given(kw=bills(), start=st.integers(0, 40_000_000))
def test_fund_never_lower_for_a_larger_bill(kw, start):
    # 国办发〔2021〕14号 and local rules: a larger bill never lowers what the fund pays (every step — ratio,
    # ceiling, 大病, 大额 — is non-decreasing in the cost). Money is counted in fen (module docstring): the
    # policy-range amount and the deductible, slip amounts obtained by subtracting whole-fen parts from a
    # whole-fen cost, are whole fen. One example checks 2,000 bills one fen apart.
    x = (start + np.arange(2_000)) / 100
    r = with_data(reimburse, x, **kw)
    assert (np.diff(fen(r.fund_pays)) >= 0).all()
    for name in ("inscp_scp_amt", "act_pay_dedc"):
        amount = np.atleast_1d(getattr(r, name))
        np.testing.assert_array_equal(amount, fen(amount) / 100, err_msg=name)


# --------------------------------------------------------------------------- settle (the engine on one table)


@given(
    kw=bills(),
    amounts=st.lists(costs, min_size=1, max_size=8),
    balance=st.lists(yuan(20_000), min_size=1, max_size=1),
    i=st.integers(0, 7),
)
def test_settle_parts_add_up_to_the_fen(kw, amounts, balance, i):
    # facts §13 D (national settlement slip): categories add up (全自费 + 先行自付 + 政策范围 = 总额), payers add up
    # (统筹 + 大病 + 大额 = 基金; 基金 + 个人 = 总额; 账户 + 现金 = 个人), the deductible lies within the policy-range
    # amount and the account pays at most its balance. One cost alone (a 1-element array, as reimburse passes it)
    # gives the same parts as in the array.
    pol = yb.load_policy(kw["region"], kw["year"])
    keys = ("scheme", "setting", "hospital_level", "member", "admission", "referral", "age")
    t = with_data(benefits.benefit_table, pol, **{k: kw[k] for k in keys})
    x = np.array(amounts)
    es, ps, ytd, bal = kw["excluded_share"], kw["partial_share"], kw["ytd_fund_paid"], np.array(balance)
    out = settle(t, x.copy(), es, ps, ytd, bal)
    parts = {k: np.broadcast_to(np.asarray(v, dtype=float), x.shape) for k, v in out.items()}
    f = {k: fen(v) for k, v in parts.items()}
    np.testing.assert_array_equal(f["excluded"] + f["preselfpay"] + f["cross_preselfpay"] + f["inscp"], fen(x))
    np.testing.assert_array_equal(f["hifp_pay"] + f["hifmi_pay"] + f["hifob_pay"], f["fund_pay_sumamt"])
    np.testing.assert_array_equal(f["fund_pay_sumamt"] + f["out_of_pocket"], fen(x))
    np.testing.assert_array_equal(f["acct_pay"] + f["psn_cash_pay"], f["out_of_pocket"])
    assert all((parts[k] >= 0).all() for k in parts), {k: v.min() for k, v in parts.items()}
    assert (f["deductible"] <= f["inscp"]).all() and (f["acct_pay"] <= fen(bal[0])).all()
    assert (f["fund_pay_sumamt"] <= f["inscp"]).all()
    i %= x.size
    one = settle(t, x[i : i + 1].copy(), es, ps, ytd, bal)
    for k, v in one.items():
        assert np.asarray(v, dtype=float).reshape(-1)[0] == parts[k][i], k


# --------------------------------------------------------------------------- explain_slip


@given(kw=bills(), cost=costs, delta=st.integers(1, 100_000), k=st.integers(2, 5))
def test_explain_slip_reads_a_settlement(kw, cost, delta, k):
    # facts §13 D: on a slip produced by the engine every yuan has a payer (adds_up) and the categories add up;
    # the implied ratio 统筹 ÷ (政策范围 − 起付线) is a share in [0, 1]; an amount missing from a payer shows as
    # the gap (to the fen); multiplying every amount by k changes neither the verdict nor the ratio.
    r = with_data(reimburse, cost, **kw)
    slip = {
        f: float(getattr(r, f))
        for f in (
            "medfee_sumamt",
            "inscp_scp_amt",
            "act_pay_dedc",
            "hifp_pay",
            "fulamt_ownpay_amt",
            "preselfpay_amt",
            "hifmi_pay",
            "hifob_pay",
            "acct_pay",
            "psn_cash_pay",
        )
    }
    s = explain_slip(**slip)
    assert s.adds_up and s.categories_add_up and fen(s.gap) == 0 and fen(s.category_gap) == 0
    assert fen(s.fund_total) == fen(r.fund_pays) and fen(s.person_total) == fen(r.out_of_pocket)
    if slip["inscp_scp_amt"] > slip["act_pay_dedc"]:
        assert 0 <= s.implied_ratio <= 1 + 1e-9
    else:
        assert math.isnan(s.implied_ratio)
    assert s.findings and all(isinstance(f, str) and f for f in s.findings)
    short = explain_slip(**{**slip, "psn_cash_pay": max(slip["psn_cash_pay"] - delta / 100, 0.0)})
    missing = fen(slip["psn_cash_pay"]) - fen(max(slip["psn_cash_pay"] - delta / 100, 0.0))
    assert fen(short.gap) == missing and short.adds_up == (missing == 0)
    scaled = explain_slip(**{f: round(v * k, 2) for f, v in slip.items()})
    assert scaled.adds_up and scaled.categories_add_up
    if not math.isnan(s.implied_ratio):
        assert abs(scaled.implied_ratio - s.implied_ratio) <= 1e-9


# --------------------------------------------------------------------------- numpy integers as choices


# regression test of /work/notes/property_findings.md #1 (marked xfail until the calculator was fixed); the
# type of the level is what matters here, so the costs come from four values and hypothesis enumerates the cases
@given(
    cost=st.sampled_from([0.0, 1_500.0, 80_000.0, 400_000.0]),
    level=st.sampled_from([1, 2, 3]),
    scheme=st.sampled_from(["employee", "resident"]),
    tier=st.sampled_from([2, 3]),
)
def test_numpy_integer_choices_are_the_same_choice(cost, level, scheme, tier):
    # design (one exception type for bad input): a hospital level or a tier read from a numpy array or a
    # DataFrame column (numpy.int64) is the same level or tier as the Python int, with the same result.
    r = reimburse(cost, scheme=scheme, hospital_level=level, year=2024)
    again = reimburse(cost, scheme=scheme, hospital_level=np.int64(level), year=2024)
    for name in FIELDS:
        assert getattr(again, name) == getattr(r, name), name
    one = outpatient.limit_by_month(round(cost / 12, 2), 1, start_year=2024, hospital_level=level)
    two = outpatient.limit_by_month(round(cost / 12, 2), 1, start_year=2024, hospital_level=np.int64(level))
    np.testing.assert_array_equal(one["fund_pays"].to_numpy(), two["fund_pays"].to_numpy())
    flows = contribution.employee_flows(8000.0, region="shenzhen", year=2024, tier=tier)
    flows_np = contribution.employee_flows(8000.0, region="shenzhen", year=2024, tier=np.int64(tier))
    np.testing.assert_array_equal(flows["total"].to_numpy(), flows_np["total"].to_numpy())
