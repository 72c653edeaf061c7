"""explain_slip on the two real settlement slips of facts §13 B, on our own results, and on bad input."""

import math

import pytest

from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.rules.reimburse import SLIP_FIELDS, explain_slip, reimburse

# 内蒙古, 职工医保, 门诊, 2026-02-12 (OCR copy): total 188.21, within policy 169.87, 起付 0,
# 统筹 101.92 (= 169.87 × 60 %, inferred), 个人账户 86.29, cash 0.00.
MONGOLIA = dict(
    medfee_sumamt=188.21, inscp_scp_amt=169.87, act_pay_dedc=0.0, hifp_pay=101.92, acct_pay=86.29, psn_cash_pay=0.0
)
# 上海, 三级甲等 inpatient, 2021-03/04: total 276,020.66 = 统筹 217,609.89 + cash 58,410.77
# (of which 个人自付 31,695.57 and 自费 26,715.20). The slip prints no policy-range amount; we take
# total − 自费 as the policy range (no separate 先行自付 printed).
SHANGHAI = dict(
    medfee_sumamt=276020.66,
    fulamt_ownpay_amt=26715.20,
    inscp_scp_amt=276020.66 - 26715.20,
    hifp_pay=217609.89,
    psn_cash_pay=58410.77,
)


def test_inner_mongolia_outpatient_slip_implies_60_percent():
    r = explain_slip(**MONGOLIA)
    # 101.92 ÷ (169.87 − 0) = 0.59999 → 60 %
    assert r.implied_ratio == pytest.approx(0.60, abs=1e-4)
    assert r.adds_up and r.gap == 0  # 101.92 + 86.29 + 0 = 188.21
    # 188.21 − 169.87 = 18.34 not itemised on the slip (全自费/先行自付/超限价)
    assert not r.categories_add_up and r.category_gap == pytest.approx(18.34, abs=1e-9)
    assert any("60.00%" in f for f in r.findings)
    assert any("18.34" in f for f in r.findings)
    assert r.fund_total == 101.92 and r.person_total == 86.29


def test_inner_mongolia_slip_against_the_tables():
    # national borrows the example city's employee outpatient pooling 一级 60 % (outpatient.csv line 4, illustrative)
    r = explain_slip(**MONGOLIA, region="national", year=2026)
    assert any("一致" in f and "职工医保普通门诊一级" in f for f in r.findings)
    assert len(r.candidates) > 0 and {"label", "ratio", "source", "confidence"} <= set(r.candidates.columns)
    narrowed = explain_slip(
        **MONGOLIA,
        region="national",
        year=2026,
        scheme="employee",
        setting="outpatient",
        hospital_level=1,
        member="in_service",
    )
    assert len(narrowed.candidates) == 1
    # by the table: 60 % × 169.87 = 101.92 → the slip differs by 0.00; the table's 起付线 (800/年) differs
    assert any("统筹应付 101.92 元" in f for f in narrowed.findings)
    assert any("起付线" in f and "800.00" in f for f in narrowed.findings)


def test_shanghai_inpatient_slip_adds_up():
    r = explain_slip(**SHANGHAI)
    # 217,609.89 + 58,410.77 = 276,020.66
    assert r.adds_up and abs(r.gap) < 0.005
    assert r.categories_add_up
    # the OCR split of the cash part is consistent: 个人自付 31,695.57 + 自费 26,715.20 = 58,410.77
    assert round(31695.57 + 26715.20, 2) == SHANGHAI["psn_cash_pay"]
    assert r.implied_ratio == pytest.approx(217609.89 / 249305.46)
    assert any("276,020.66" in f and "一致" in f for f in r.findings)


def test_shanghai_slip_compared_with_data_says_which_values_are_borrowed():
    r = explain_slip(**SHANGHAI, region="shanghai", year=2021)
    assert any("都不一致" in f or "一致" in f for f in r.findings)
    # 上海's own inpatient ratios are not in the data: the example city's (inpatient.csv lines 6-8, 15-17) are
    # borrowed, and the finding says whose they are (nearest: 二级 85 % + retirees 3 points = 88 %, lines 7, 9)
    assert any("示例城市的值" in f for f in r.findings)
    assert any("88%（示例城市的值）" in f for f in r.findings)


def test_a_slip_that_does_not_add_up():
    r = explain_slip(medfee_sumamt=1000, inscp_scp_amt=1000, hifp_pay=500, psn_cash_pay=400)
    assert not r.adds_up and r.gap == 100
    assert any("少 100.00 元" in f for f in r.findings)


def test_our_own_results_read_back():
    # a bill computed by the engine, written as a slip, adds up and gives back the table ratio
    res = reimburse(30000, scheme="employee", region="nanchang", year=2025, excluded_share=0.1, partial_share=0.2)
    slip = {f: getattr(res, f) for f in SLIP_FIELDS if f != "fund_pay_sumamt"}
    r = explain_slip(
        **slip,
        region="nanchang",
        year=2025,
        scheme="employee",
        setting="inpatient",
        hospital_level=3,
        member="in_service",
    )
    assert r.adds_up and r.categories_add_up
    assert r.implied_ratio == pytest.approx(0.85, abs=1e-9)
    assert any("一致" in f for f in r.findings)
    assert any("相差 0.00 元" in f for f in r.findings)


def test_no_reimbursable_part_gives_nan():
    r = explain_slip(medfee_sumamt=500, inscp_scp_amt=500, act_pay_dedc=500, hifp_pay=0, psn_cash_pay=500)
    assert math.isnan(r.implied_ratio) and r.adds_up
    assert any("无法推算" in f for f in r.findings)


def test_impossible_categories_are_flagged():
    r = explain_slip(medfee_sumamt=100, inscp_scp_amt=150, hifp_pay=50, psn_cash_pay=50)
    assert any("不可能" in f for f in r.findings)


@pytest.mark.parametrize("field", ["medfee_sumamt", "hifp_pay", "inscp_scp_amt", "acct_pay"])
def test_bad_amount_names_the_field(field):
    args = dict(medfee_sumamt=100, inscp_scp_amt=100, hifp_pay=50, psn_cash_pay=50)
    args[field] = -1
    with pytest.raises(YibaoInputError) as exc:
        explain_slip(**args)
    assert f"参数 {field}" in str(exc.value) and f"Invalid {field}" in str(exc.value)


def test_bad_region_and_filters():
    with pytest.raises(YibaoInputError, match="region"):
        explain_slip(**MONGOLIA, region="atlantis")
    with pytest.raises(YibaoInputError, match="hospital_level"):
        explain_slip(**MONGOLIA, region="national", hospital_level=7)


def test_a_table_mixing_two_places_names_the_lender_in_the_finding():
    """南昌 retired employee, 三级 inpatient, 2025: the ratio 85 % is 南昌's own (inpatient.csv line 25) but the retiree
    bonus of 3 points is the example city's (line 9), so the table's rows come from "example/nanchang". A slip read
    back against it matches 85 % + 3 % = 88 % and the finding says whose value is borrowed (a mixed table once raised
    "Invalid code 'example/nanchang'" in the book's gallery for 退休职工)."""
    # 50,000 元 bill, all within policy: 起付 800 (line 22); fund (50,000 − 800) × 88 % = 43,296; cash 6,704
    r = explain_slip(
        medfee_sumamt=50000,
        inscp_scp_amt=50000,
        act_pay_dedc=800,
        hifp_pay=43296,
        psn_cash_pay=6704,
        region="nanchang",
        year=2025,
        scheme="employee",
        setting="inpatient",
        hospital_level=3,
        member="retired",
    )
    assert r.implied_ratio == pytest.approx(0.88)
    assert any("88%（示例城市的值）" in f and "南昌数据中的" in f for f in r.findings), r.findings
