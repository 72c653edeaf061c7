"""The reimbursement engine: hand-computed bills (arithmetic and rule cited next to each), the
山东 大病保险 worked example, 乌兰察布 segmented bands, invariants (hypothesis), vector = scalar,
and bad input.

Data used (data/inpatient.csv, catastrophic.csv, cross_region.csv, outpatient*.csv, income.csv):
* 南昌 2025 (secondary sites): employee 三级 起付 800 (inpatient.csv line 22) / 85 % from 2025-07-01 (line 25),
  统筹 cap 10万 (line 26), 大额 90 % (catastrophic.csv line 16, illustrative) up to 40万 (line 15); resident 三级
  起付 600 / 60 %, cap 10万 (lines 29, 32, 33), 大病 起付 17000, 60 %, cap 30万 (catastrophic.csv lines 9-11);
  outpatient 起付 300, 65/60/55 %, retirees +5, limit 2000 / 3000 (outpatient_local.csv lines 2-8).
* national law has no inpatient table: national (and every region without its own rows) borrows the example city's
  (illustrative): employee 三级 1000 / 80 %, resident 三级 1000 / 70 %, retirees +3 points, repeat admission
  起付 −50 % (inpatient.csv lines 2-18); employee ceiling 150,000 元 (line 61) with 大额 90 % above it up to 40万
  (catastrophic.csv lines 21-22, M4); resident ceiling 6 × income (line 18), resident 大病 cap 30万 (line 23);
  resident outpatient limit 400 元 (outpatient_resident.csv line 16, M5); 乙类先行自付 10 % (line 19);
  cross-region −10/−20 points (cross_region.csv lines 3-4).
"""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from yibao_helpers import load_policy
from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.rules import outpatient
from yibao_helpers.rules.benefits import banded, banded_inverse, benefit_table
from yibao_helpers.rules.reimburse import SLIP_FIELDS, reimburse

FEN = 0.005


def trace_amount(result, step_prefix):
    trace = result.trace
    return float(trace.loc[trace["step"].str.startswith(step_prefix), "amount"].iloc[0])


# --------------------------------------------------------------------------- hand-computed bills


def test_nanchang_employee_bill_with_excluded_and_yi_items():
    # 南昌 职工 三级, in service, 2025. Cost 20,000: 10 % outside the catalogue, 20 % 乙类.
    # 目录外 20000 × 10 % = 2000 (全自费); 乙类先行自付 20000 × 20 % × 10 % (南昌, inpatient.csv line 58, illustrative) = 400;
    # policy range 20000 − 2000 − 400 = 17600; 起付线 三级 800;
    # 统筹 (17600 − 800) × 85 % = 14280 (below the 10万 ceiling, so no 大额).
    # Person: 2000 + 400 + 800 + 16800 × 15 % (= 2520) = 5720.
    r = reimburse(20000, scheme="employee", region="nanchang", year=2025, excluded_share=0.1, partial_share=0.2)
    assert (r.fulamt_ownpay_amt, r.preselfpay_amt, r.inscp_scp_amt) == (2000, 400, 17600)
    assert r.deductible == r.act_pay_dedc == 800
    assert r.hifp_pay == 14280 and r.fund_pays == 14280 and r.supplement == 0 and r.catastrophic == 0
    assert r.out_of_pocket == 5720 == r.psn_cash_pay
    assert trace_amount(r, "10 ") == 2520  # 个人共付


def test_bill_that_crosses_the_ceiling():
    # Rewritten for M4: national 职工 三级 2026 borrows the example city's table (illustrative): 起付 1000, 85 %
    # (inpatient.csv lines 4, 8) and an absolute ceiling 150,000 元/年 (line 61, used before the 6 × wage ratio of
    # line 10); above the ceiling 大额 pays 90 % up to 40万 (catastrophic.csv lines 21-22).
    # The fund already paid 130,000 this year → 20,000 left. Cost 100,000:
    # uncapped 统筹 (100000 − 1000) × 85 % = 84150 → capped at 20000 (the ceiling takes back 64,150);
    # the fund reaches its ceiling at 1000 + 20000 / 0.85 = 24529.41 of the policy-range cost;
    # 大额 90 % × (100000 − 24529.41) = 67923.53 (< 40万); out of pocket 100000 − 20000 − 67923.53 = 12076.47.
    r = reimburse(100000, scheme="employee", year=2026, ytd_fund_paid=130000)
    assert r.hifp_pay == 20000
    assert trace_amount(r, "5 ") == 84150
    assert trace_amount(r, "7 ") == 20000 - 84150  # the ceiling takes back 64,150
    assert r.hifob_pay == r.supplement == 67923.53
    assert r.fund_pays == 87923.53 and r.out_of_pocket == 12076.47
    assert "150,000" in r.trace.loc[6, "rule"]
    # a basic fund that has already paid the whole ceiling pays nothing more; 大额 then takes the policy-range cost
    # above the deductible: 90 % × (100000 − 1000) = 89100
    full = reimburse(100000, scheme="employee", year=2026, ytd_fund_paid=150000)
    assert full.hifp_pay == 0 and full.supplement == 89100 and full.out_of_pocket == 10900


def test_resident_bill_that_reaches_catastrophic_insurance():
    # 南昌 居民 三级 2025, cost 250,000: 起付 600; 统筹 (250000 − 600) × 60 % = 149640 → cap 100000.
    # 大病保险 (赣医保发〔2024〕10号): person's policy-range burden 250000 − 100000 = 150000;
    # above 起付线 17000 at 60 %: (150000 − 17000) × 60 % = 79800 (cap 30万 not reached).
    r = reimburse(250000, scheme="resident", region="nanchang", year=2025)
    assert r.hifp_pay == 100000
    assert r.catastrophic == r.hifmi_pay == 79800
    assert r.fund_pays == 179800 and r.out_of_pocket == 70200


def test_employee_large_amount_supplement_above_the_ceiling():
    # 南昌 职工 三级, retired, 2nd admission of 2025, cost 400,000:
    # 起付 800 (inpatient.csv line 22) halved (the example city's repeat rule −50 %, line 5) = 400;
    # ratio 85 % (line 25) + 3 points (example city, line 9) = 88 %;
    # 统筹 cap 10万 (line 26) reached at x* = 400 + 100000 / 0.88 = 114,036.36 (running policy-range total);
    # 大额 pays 90 % (catastrophic.csv line 16) × (400000 − 114036.36) = 257,367.27 (< 40万 cap, line 15).
    # fund 100000 + 257367.27 = 357367.27; out of pocket 400000 − 357367.27 = 42632.73
    r = reimburse(400000, scheme="employee", region="nanchang", year=2025, member="retired", admission=2)
    assert r.act_pay_dedc == 400
    assert r.hifp_pay == 100000
    assert r.hifob_pay == pytest.approx(0.9 * (400000 - (400 + 100000 / 0.88)), abs=0.01)
    assert r.fund_pays == 357367.27 and r.out_of_pocket == 42632.73
    assert r.hifob_pay == r.supplement == 257367.27  # stated in whole fen, like every slip field


def test_account_balance_pays_first():
    r = reimburse(
        400000, scheme="employee", region="nanchang", year=2025, member="retired", admission=2, account_balance=5000
    )
    # out of pocket 42632.73 (above): the account pays 5000 of it, cash 37632.73
    assert r.acct_pay == 5000 and r.psn_cash_pay == 37632.73
    assert r.acct_pay + r.psn_cash_pay == pytest.approx(r.out_of_pocket, abs=FEN)


def test_repeat_admission_rules_ratio_and_yuan():
    # national: from the 2nd admission the 起付线 is halved (1000 → 500); 乌兰察布 居民: "100 less" (1200 → 1100)
    assert reimburse(10000, scheme="employee", admission=2).deductible == 500
    assert reimburse(10000, scheme="employee", admission=1).deductible == 1000
    assert reimburse(10000, scheme="resident", region="wulanchabu", admission=2).deductible == 1100
    assert reimburse(10000, scheme="resident", region="wulanchabu", admission=3).deductible == 1100


def test_beijing_employee_deductible_1300_then_650():
    # 北京市基本医疗保险规定 (2001): 起付 1300 at any level (inpatient.csv lines 54-56), 650 from the 2nd admission
    # of the year (line 57); 三级 85 % (第三十六条, line 59): (30000 − 650) × 85 % = 24947.50.
    # Beijing has no ceiling or 大额 rows: the example city's 150,000 ceiling (line 61, not reached) and 大额 rows
    # are borrowed, so the sources name both places.
    assert reimburse(30000, scheme="employee", region="beijing", hospital_level=1).deductible == 1300
    r = reimburse(30000, scheme="employee", region="beijing", admission=2)
    assert r.deductible == 650 and r.hifp_pay == 24947.50
    assert "example" in set(r.sources["region"]) and "beijing" in set(r.sources["region"])


def test_bill_below_the_deductible():
    r = reimburse(500, scheme="resident", region="nanchang", year=2025)
    assert r.deductible == 500 and r.fund_pays == 0 and r.out_of_pocket == 500


def test_cross_region_percentage_points():
    # national 职工 三级 2026, cost 50,000: local 85 % (the example city, inpatient.csv line 8) × 49000 = 41650;
    # other temporary trips (未备案 included; example cut 20 points, cross_region.csv line 4): 65 % × 49000 = 31850;
    # referred: −10 → 75 % = 36750; registered long-term residents keep the home ratio: 41650 (医保发〔2022〕22号)
    local = reimburse(50000, scheme="employee", year=2026)
    assert local.hifp_pay == 41650
    r = reimburse(50000, scheme="employee", year=2026, referral="unregistered")
    assert r.hifp_pay == 31850 and trace_amount(r, "6 ") == -9800
    assert reimburse(50000, scheme="employee", year=2026, referral="referred").hifp_pay == 36750
    assert reimburse(50000, scheme="employee", year=2026, referral="registered").hifp_pay == 41650


def test_cross_region_first_self_pay_of_wulanchabu():
    # 乌兰察布 转外就医: the person pays 20 % of the policy-range cost first (no extra point cut);
    # cost 10,000 → 先行自付 2000, policy range 8000, 起付 1200, 65 % × 6800 = 4420.
    r = reimburse(10000, scheme="resident", region="wulanchabu", referral="referred")
    assert r.preselfpay_amt == 2000 and r.inscp_scp_amt == 8000
    assert r.hifp_pay == 4420


# --------------------------------------------------------------------------- worked examples


def test_shandong_catastrophic_worked_example_to_the_yuan():
    # 山东 居民大病保险 (2014, 人社厅 press conference; facts §13 A): total 30万, within policy 27万,
    # basic insurance paid 10万 → 17万 left within policy. 起付 1万; 1万–10万 50 %, above 10万 60 %:
    # (100000 − 10000) × 50 % = 45000; (170000 − 100000) × 60 % = 42000; 大病 pays 87000; with basic 187000.
    pol = load_policy("shandong", 2018)
    t = benefit_table(pol, scheme="resident")
    assert banded(170000.0, t.cat_threshold, t.cat_edges, t.cat_ratios) == 87000
    # the same through the engine: 10 % outside the catalogue, and the basic fund has exactly 10万 left
    # (resident ceiling 2018 = 6 × 上年居民人均可支配收入 25974 = 155844, so ytd = 55844)
    ceiling = 6 * 25974
    r = reimburse(
        300000, scheme="resident", region="shandong", year=2018, excluded_share=0.1, ytd_fund_paid=ceiling - 100000
    )
    assert r.inscp_scp_amt == 270000 and r.hifp_pay == 100000
    assert r.catastrophic == 87000
    assert r.fund_pays == 187000
    assert r.out_of_pocket == 113000


def test_bands_are_measured_including_the_deductible():
    # the alternative reading (bands on the amount after subtracting the 起付线) would give
    # (100000 − 10000) × 50 % = 45000 + (160000 − 90000)... ≠ 87000; only the running-total reading gives 87000
    edges, ratios = np.array([0.0, 100000.0]), np.array([0.5, 0.6])
    assert banded(170000.0, 10000.0, edges, ratios) == 87000
    assert banded(160000.0, 0.0, edges, ratios) != 87000


def test_wulanchabu_segmented_resident_bands():
    # 乌兰察布 居民 三级 (hospital page, facts §13 C): 起付 1200; 起付–3万 65 %, 3–7万 70 %, 7–20万 75 %, >20万 80 %.
    # Cost 100,000: (30000 − 1200) × 65 % = 18720; (70000 − 30000) × 70 % = 28000; (100000 − 70000) × 75 % = 22500
    # → 统筹 69220 (cap 16万 not reached). 大病: (100000 − 69220 − 14000) × 60 % = 10068.
    r = reimburse(100000, scheme="resident", region="wulanchabu")
    assert r.hifp_pay == 18720 + 28000 + 22500 == 69220
    assert r.catastrophic == 10068
    assert r.out_of_pocket == 100000 - 69220 - 10068
    # Cost 250,000 reaches the 4th band and the 16万 cap: 18720 + 28000 + 97500 + 40000 = 184220 → 160000.
    r = reimburse(250000, scheme="resident", region="wulanchabu")
    assert trace_amount(r, "5 ") == 184220 and r.hifp_pay == 160000
    assert "80%" in r.trace.loc[4, "rule"]


def test_wulanchabu_segmented_employee_bands():
    # 在职职工 起付–5万 85 %, 5–15万 90 %, >15万 95 %; 起付线 not on the page → the example city's 1000 (inpatient.csv line 4).
    # Cost 200,000: (50000 − 1000) × 85 % = 41650; 100000 × 90 % = 90000; 50000 × 95 % = 47500 → 179150.
    r = reimburse(200000, scheme="employee", region="wulanchabu")
    assert r.hifp_pay == 41650 + 90000 + 47500
    # a retiree gets +3 points (the example city's, inpatient.csv line 9) in every band
    retired = reimburse(200000, scheme="employee", region="wulanchabu", member="retired")
    assert retired.hifp_pay == pytest.approx(179150 + 0.03 * 199000, abs=0.01)


def test_banded_inverse_finds_where_the_ceiling_is_reached():
    edges, ratios = np.array([0.0, 30000.0, 70000.0]), np.array([0.65, 0.7, 0.75])
    for target in (0.0, 1000.0, 18720.0, 30000.0, 46720.0, 100000.0):
        x = float(banded_inverse(target, 1200.0, edges, ratios))
        assert banded(x, 1200.0, edges, ratios) == pytest.approx(target, abs=1e-6)


# --------------------------------------------------------------------------- outpatient (reuses outpatient.py)


def test_outpatient_matches_pool_year_and_uses_the_retired_limit():
    # 南昌 职工门诊 一级 2025: 起付 300; in service 65 % × 4700 = 3055 → limit 2000;
    # retired (65 + 5) % × 4700 = 3290 → limit 3000 (outpatient.annual_limit_retired).
    r_in = reimburse(5000, scheme="employee", setting="outpatient", hospital_level=1, region="nanchang", year=2025)
    r_ret = reimburse(
        5000, scheme="employee", setting="outpatient", hospital_level=1, region="nanchang", year=2025, member="retired"
    )
    assert (r_in.hifp_pay, r_ret.hifp_pay) == (2000, 3000)
    for member, result in (("in_service", r_in), ("retired", r_ret)):
        year = outpatient.pool_year([5000], region="nanchang", on=2025, hospital_level=1, member=member)
        assert year["fund_pays"].iloc[0] == result.hifp_pay
    small = reimburse(1000, scheme="employee", setting="outpatient", hospital_level=3, region="nanchang", year=2025)
    assert small.hifp_pay == 385  # 55 % × (1000 − 300)
    assert small.catastrophic == 0 and "门诊不适用" in small.trace.loc[7, "rule"]


def test_resident_outpatient_age_dependent_deductible():
    # 上海 居民门诊 (illustrative): 起付 500 at 18–59, 300 at 60+ (outpatient_resident.csv lines 7-8); 一级 70 % (line 9).
    # Shanghai has no annual limit: the example city's 400 元 (line 16, M5) is borrowed. A bill of 800 stays below it:
    r = reimburse(800, scheme="resident", setting="outpatient", hospital_level=1, region="shanghai", age=30)
    assert r.deductible == 500 and r.hifp_pay == 210  # 70 % × (800 − 500)
    r = reimburse(800, scheme="resident", setting="outpatient", hospital_level=1, region="shanghai", age=65)
    assert r.deductible == 300 and r.hifp_pay == 350  # 70 % × (800 − 300)
    # 3000: 70 % × (3000 − 500) = 1750 → the 400 limit (M5: not uncapped)
    r = reimburse(3000, scheme="resident", setting="outpatient", hospital_level=1, region="shanghai", age=30)
    assert r.deductible == 500 and r.hifp_pay == 400
    with pytest.raises(YibaoInputError, match="age"):
        reimburse(3000, scheme="resident", setting="outpatient", region="shanghai")


# --------------------------------------------------------------------------- result shape, trace, sources


def test_result_fields_trace_and_sources():
    r = reimburse(80000, scheme="resident", region="nanchang", year=2025, excluded_share=0.05, partial_share=0.1)
    for name in ("fund_pays", "out_of_pocket", "deductible", "catastrophic", *SLIP_FIELDS):
        assert isinstance(getattr(r, name), float), name
    trace = r.trace
    assert list(trace.columns) == ["step", "rule", "payer", "field", "amount", "remaining", "source"]
    assert [s.split(" ", 1)[1] for s in trace["step"]][:5] == [
        "目录外（丙类/自费）",
        "乙类先行自付",
        "异地转诊先行自付",
        "起付线",
        "统筹基金按比例支付",
    ]
    assert trace["remaining"].iloc[-1] == 0
    person = trace.loc[trace["payer"] == "个人", "amount"].sum()
    assert person == pytest.approx(r.out_of_pocket, abs=FEN)
    assert trace.loc[trace["payer"] != "个人", "amount"].sum() == pytest.approx(r.fund_pays, abs=FEN)
    assert all(trace.loc[trace["amount"] != 0, "source"].str.len() > 0)
    src = r.sources
    assert {"inpatient.resident.ratio[level=3]", "catastrophic.resident.threshold"} <= set(src["parameter"])
    assert src["source"].str.len().min() > 0
    slip = r.slip()
    assert list(slip["field"]) == list(SLIP_FIELDS)
    assert "总费用 80,000.00 元" in r.summary()


def test_catastrophic_gap_is_a_note_not_an_error():
    # 山东's rows end in 2018: in 2026 its 大病 parameters have a gap; the bill is still settled, with a note
    r = reimburse(50000, scheme="resident", region="shandong", year=2026)
    assert r.catastrophic == 0 and r.notes and "shandong" in r.notes[0]


def test_vector_trace_has_one_block_per_cost():
    r = reimburse([1000, 50000, 300000], scheme="employee", region="nanchang", year=2025)
    assert len(r.trace) == 30 and list(r.trace["item"].unique()) == [0, 1, 2]
    frame = r.to_frame()
    assert len(frame) == 3 and frame.attrs["sources"] is not None


# --------------------------------------------------------------------------- invariants (hypothesis)

REGIONS = [("national", 2026), ("nanchang", 2025), ("wulanchabu", 2026), ("shandong", 2018), ("shanghai", 2026)]
money = st.floats(min_value=0, max_value=3_000_000, allow_nan=False, allow_infinity=False)


@st.composite
def bills(draw):
    region, year = draw(st.sampled_from(REGIONS))
    excluded = draw(st.floats(0, 1))
    partial = draw(st.floats(0, 1 - excluded)) if year >= 2021 else 0.0
    # employee outpatient pooling (门诊共济) starts in 2021 (国办发〔2021〕14号): no data before
    setting = draw(st.sampled_from(["inpatient", "outpatient"])) if year >= 2021 else "inpatient"
    return dict(
        scheme=draw(st.sampled_from(["employee", "resident"])),
        setting=setting,
        hospital_level=draw(st.sampled_from([1, 2, 3])),
        region=region,
        year=year,
        excluded_share=excluded,
        partial_share=partial,
        ytd_fund_paid=draw(money),
        admission=draw(st.integers(1, 4)),
        age=draw(st.integers(0, 100)),
        referral=draw(st.sampled_from(["local", "registered", "referred", "unregistered"]))
        if year >= 2022 or region == "wulanchabu"
        else "local",
        account_balance=draw(st.sampled_from([0.0, 100.0, 5000.0])),
    )


def cross_region_data(kw):
    return kw["referral"] == "local" or kw["year"] >= 2022


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(cost=money, kw=bills())
def test_money_is_conserved(cost, kw):
    assume(cross_region_data(kw))
    r = reimburse(cost, **kw)
    assert abs(r.fund_pays + r.out_of_pocket - r.cost) < FEN
    assert abs(r.cost - cost) <= FEN + 1e-9  # the cost is counted in fen
    assert abs(r.fulamt_ownpay_amt + r.preselfpay_amt + r.inscp_scp_amt - r.medfee_sumamt) < FEN
    assert abs(r.hifp_pay + r.hifmi_pay + r.hifob_pay - r.fund_pay_sumamt) < FEN
    assert abs(r.acct_pay + r.psn_cash_pay - r.out_of_pocket) < FEN
    assert abs(r.trace["amount"].sum() - r.cost) < 0.05  # ten rounded rows


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(cost=money, kw=bills())
def test_out_of_pocket_never_negative_and_fund_parts_non_negative(cost, kw):
    assume(cross_region_data(kw))
    r = reimburse(cost, **kw)
    assert r.out_of_pocket >= 0 and r.psn_cash_pay >= 0 and r.acct_pay >= 0
    assert r.hifp_pay >= 0 and r.hifmi_pay >= 0 and r.hifob_pay >= 0
    assert r.fund_pays <= r.inscp_scp_amt + FEN
    assert r.deductible <= r.inscp_scp_amt + FEN


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(a=money, b=money, kw=bills())
def test_more_cost_never_lowers_out_of_pocket(a, b, kw):
    assume(cross_region_data(kw))
    low, high = sorted((a, b))
    r = reimburse([low, high], **kw)
    assert r.out_of_pocket[1] >= r.out_of_pocket[0] - 1e-9


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(cost=money, kw=bills())
def test_retired_never_pays_more_than_in_service(cost, kw):
    assume(cross_region_data(kw))
    kw = {**kw, "scheme": "employee"}
    in_service = reimburse(cost, member="in_service", **kw)
    retired = reimburse(cost, member="retired", **kw)
    assert retired.out_of_pocket <= in_service.out_of_pocket + 1e-9


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(costs=st.lists(money, min_size=1, max_size=8), kw=bills())
def test_vector_equals_scalar(costs, kw):
    assume(cross_region_data(kw))
    vec = reimburse(np.array(costs), **kw)
    for i, c in enumerate(costs):
        one = reimburse(c, **kw)
        for name in ("fund_pays", "out_of_pocket", "deductible", "catastrophic", *SLIP_FIELDS):
            assert getattr(vec, name)[i] == getattr(one, name), name


def test_vector_shares_and_ytd():
    costs = np.array([10000.0, 20000.0, 30000.0])
    shares = np.array([0.0, 0.1, 0.2])
    ytd = np.array([0.0, 0.0, 1e6])
    vec = reimburse(costs, scheme="employee", excluded_share=shares, ytd_fund_paid=ytd, year=2026)
    for i in range(3):
        one = reimburse(costs[i], scheme="employee", excluded_share=shares[i], ytd_fund_paid=ytd[i], year=2026)
        assert vec.out_of_pocket[i] == one.out_of_pocket
    # the basic fund's ceiling (150,000, inpatient.csv line 61) was used up: it pays nothing; 大额 (catastrophic.csv
    # line 21) pays 90 % of the policy-range cost above the deductible: 0.9 × (30000 × 0.8 − 1000) = 20700
    assert vec.hifp_pay[2] == 0
    assert vec.fund_pays[2] == vec.supplement[2] == 20700


# --------------------------------------------------------------------------- bad input


def bilingual(exc, name):
    msg = str(exc.value)
    assert f"参数 {name}" in msg and f"Invalid {name}" in msg, msg
    return msg


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(cost=-1), "cost"),
        (dict(cost=float("nan")), "cost"),
        (dict(cost=[100, -5]), "cost"),
        (dict(cost="1000"), "cost"),
        (dict(excluded_share=1.5), "excluded_share"),
        (dict(excluded_share=-0.1), "excluded_share"),
        (dict(partial_share=2), "partial_share"),
        (dict(excluded_share=0.6, partial_share=0.5), "partial_share"),
        (dict(hospital_level=4), "hospital_level"),
        (dict(hospital_level="特级"), "hospital_level"),
        (dict(scheme="civil_servant"), "scheme"),
        (dict(setting="dental"), "setting"),
        (dict(member="student"), "member"),
        (dict(referral="abroad"), "referral"),
        (dict(admission=0), "admission"),
        (dict(ytd_fund_paid=-1), "ytd_fund_paid"),
        (dict(region="atlantis"), "region"),
        (dict(year="next year"), "year"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    args = {"cost": 1000, "scheme": "employee", **kwargs}
    with pytest.raises(YibaoInputError) as exc:
        reimburse(args.pop("cost"), **args)
    msg = bilingual(exc, name)
    if name == "partial_share" and "excluded_share" in kwargs:
        assert "excluded_share + partial_share" in msg


def test_shares_summing_above_one_in_arrays():
    with pytest.raises(YibaoInputError) as exc:
        reimburse([100, 200], scheme="resident", excluded_share=[0.5, 0.9], partial_share=0.2)
    bilingual(exc, "partial_share")


def test_partial_share_without_data_is_refused():
    # the national 乙类 self-pay ratio row starts 2020-09-01 (国家医保局令第1号)
    with pytest.raises(YibaoInputError) as exc:
        reimburse(1000, scheme="resident", year=2019, partial_share=0.3)
    bilingual(exc, "partial_share")
    assert reimburse(1000, scheme="resident", year=2019).fund_pays >= 0


def test_chinese_names_are_accepted():
    a = reimburse(
        30000, scheme="职工", setting="住院", hospital_level="三级", member="退休", region="nanchang", year=2025
    )
    b = reimburse(30000, scheme="employee", hospital_level=3, member="retired", region="nanchang", year=2025)
    assert a.fund_pays == b.fund_pays


def test_no_policy_number_in_the_engine():
    # every rate, amount and band edge comes from data/: the modules' numeric literals are only
    # 0/1 (shares, caps of a ratio), 100 (fen), 12 (months), tolerances, input plausibility bounds,
    # default arguments (hospital level 3, an example age of 40), cache sizes (256, 2048)
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "yibao_helpers" / "rules"
    allowed = {0, 1, 2, 3, 5, 12, 40, 100, 256, 2048, 120, 366, 1990, 2100, 0.005, 1e-12}
    for name in ("reimburse.py", "benefits.py", "banded.py", "slip.py", "contribution.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        numbers = {
            node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and type(node.value) in (int, float)
        }
        assert numbers <= allowed, (name, numbers - allowed)
