"""Reimbursement scenarios of notebook 03 and the sentences of its 常见误区 table.

The tables must be the engine's results (rules.reimburse, rules.outpatient) arranged; milestones must
sit where the rules put them (hand arithmetic in comments, data/ values cited); each claim sentence must
show the numbers a hand computation gives.
"""

import numpy as np
import pytest

from yibao_helpers.content.claims import claims_table
from yibao_helpers.content.demos import sayings
from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.rules import outpatient
from yibao_helpers.rules.reimburse import reimburse
from yibao_helpers.scenarios import reimburse as sr

# notebook 03's default bill: 50,000 元 at a 三级 hospital, 丙类 5 %, 乙类 20 %, first admission, at home
BILL = dict(cost=50000, hospital_level=3, excluded_share=0.05, partial_share=0.2, admission=1, referral="local")


def test_oop_curves_are_the_engine_results():
    curves = sr.oop_curves(
        50000, region="nanchang", year=2025, excluded_share=0.05, partial_share=0.2, max_cost=200000, points=21
    )
    assert 50000 in set(curves["cost"]) and curves.attrs["cost"] == 50000
    for (level, group), d in curves.groupby(["level", "group"]):
        scheme, member, _ = sr.GROUPS[group]
        r = reimburse(
            d["cost"].to_numpy(),
            scheme=scheme,
            member=member,
            region="nanchang",
            year=2025,
            hospital_level=level,
            excluded_share=0.05,
            partial_share=0.2,
        )
        np.testing.assert_allclose(d["out_of_pocket"], r.out_of_pocket)
        np.testing.assert_allclose(d["fund_pays"] + d["out_of_pocket"], d["cost"])


def test_oop_curves_keep_the_level_asked_for():
    # attrs['level'] is hospital_level (it used to be the last level of the loop, 3, whatever was asked)
    assert sr.oop_curves(1000, points=3, hospital_level=1).attrs["level"] == 1
    assert sr.oop_curves(1000, points=3).attrs["level"] == 3


def test_where_catastrophic_insurance_starts():
    # national 居民 三级 borrows the example city (illustrative): 起付 1000 (inpatient.csv line 13), 60 %
    # (inpatient.csv line 17: example resident level-3 ratio 0.6, was 0.7); 大病 起付 = 50 % (catastrophic.csv
    # line 2) × 43377 (income.csv line 14) = 21688.5, 大病 60 % (catastrophic.csv line 3).
    # Person's policy-range burden = 1000 + 40 % × (cost − 1000) = 0.4 × cost + 600 > 21688.5
    # ⇔ cost > 21088.5 / 0.4 = 52721.25 (was 69961.67 with 70 %). In fen: at 52721.26 the fund's total
    # 60 % × 51721.26 + 60 % × 0.004 = 31032.7584 rounds to 31032.76 = the 统筹 part alone (大病 0); at 52721.27
    # 60 % × 51721.27 + 60 % × 0.008 = 31032.7668 rounds to 31032.77, one fen of 大病: the first fen is 52721.27.
    ms = sr.milestones(year=2026, levels=[3])
    start = ms[(ms["group"] == "resident") & (ms["kind"] == "catastrophic")]["cost"].iloc[0]
    assert start == 52721.27
    assert reimburse(start, scheme="resident", year=2026).catastrophic > 0
    assert reimburse(start - 0.01, scheme="resident", year=2026).catastrophic == 0
    # 南昌 居民 三级: the 10万 ceiling is reached at 600 + 100000 / 60 % = 167266.67
    ms = sr.milestones(region="nanchang", year=2025, levels=[3])
    ceiling = ms[(ms["group"] == "resident") & (ms["kind"] == "ceiling")]["cost"].iloc[0]
    assert ceiling == pytest.approx(600 + 100000 / 0.6, abs=0.02)
    assert set(ms.loc[ms["group"] == "employee_in_service", "kind"]) == {"fund_starts", "ceiling"}
    table = sr.milestone_table(ms, 3)
    assert "居民大病保险开始支付" in set(table["从总费用多少起"])


def test_first_cost_on_a_simple_rule():
    assert sr.first_cost(lambda c: c >= 1234.56) == 1234.56
    assert sr.first_cost(lambda c: c > 1e12) is None
    assert sr.first_cost(lambda c: c >= 0) == 0.0


def test_referral_table_is_the_engine_per_referral():
    table = sr.referral_table(50000, year=2026)
    for ref, label in (
        ("local", "参保地就医"),
        ("referred", "异地转诊/急诊"),
        ("unregistered", "其他临时外出就医（含未备案）"),
    ):
        row = table[(table["就医方式"] == label) & (table["险种"] == "职工医保·在职")].iloc[0]
        assert row["个人负担"] == reimburse(50000, scheme="employee", year=2026, referral=ref).out_of_pocket
    # national 职工 三级 (example city): 起付 1000 (inpatient.csv line 4), 85 % (inpatient.csv line 8: example
    # employee level-3 ratio 0.85, was 0.8). Cost 50,000: local 85 % × 49000 = 41650; unregistered −20 points
    # (cross_region.csv line 4) → 65 % × 49000 = 31850 (was 29400); 41650 − 31850 = 9800 more for the person
    unreg = table[(table["就医方式"] == "其他临时外出就医（含未备案）") & (table["险种"] == "职工医保·在职")].iloc[0]
    assert unreg["基金支付"] == 31850 and unreg["比本地多付"] == 9800
    # before the cross-region rows (2022-07-01) the rows say so instead of failing
    early = sr.referral_table(50000, year=2021)
    assert early["个人负担"].isna().sum() == 6 and early["规则"].str.startswith("无数据").sum() == 6


def test_small_bill_of_the_k28_claim():
    # national 职工门诊一级 (illustrative 滁州 values): 起付 800/年, 60 %. A 50 元 box of medicine:
    # first bill of the year → 0 (inside the deductible); after the deductible → 60 % × 50 = 30;
    # 乙类: 10 % paid first → 45 in the policy range → 60 % × 45 = 27.
    jia = sr.small_bill(50, year=2026)
    yi = sr.small_bill(50, year=2026, yi=True)
    assert (jia["first_of_year"], jia["after_deductible"], jia["deductible"]) == (0, 30, 800)
    assert (yi["policy_range"], yi["after_deductible"]) == (45, 27)
    check = outpatient.pool_year([800, 50], on=2026, hospital_level=1)
    assert check["fund_pays"].iloc[1] == jia["after_deductible"]


def test_bill_comparison_and_slips():
    bills = sr.bill_comparison(50000, region="nanchang", year=2025, excluded_share=0.1, partial_share=0.2)
    row = bills.set_index("group")
    # 南昌 职工 三级 在职 (test_reimburse): 20000 → …; here 50,000: 目录外 5000, 乙类先付 1000,
    # policy range 44000, 起付 800, 统筹 (44000 − 800) × 85 % = 36720 → person 13280
    assert row.loc["employee_in_service", "fund_pays"] == 36720
    assert row.loc["employee_in_service", "out_of_pocket"] == 13280
    assert row.loc["employee_in_service", "oop_share"] == pytest.approx(13280 / 50000)
    slips = sr.slips_side_by_side(bills)
    assert list(slips.columns[:2]) == ["名称", "结算单字段"]
    assert slips.set_index("结算单字段").loc["hifp_pay", "职工医保·在职"] == 36720
    zero = sr.bill_comparison(0)
    assert zero["oop_share"].isna().all() and (zero["out_of_pocket"] == 0).all()
    trace = sr.trace_table(bills.attrs["results"]["resident"])
    assert {"步骤", "规则", "金额（元）", "来源"} <= set(trace.columns)


def test_account_balance_bills_pay_the_same_fund():
    # national 职工 三级 2026, 50,000 with 丙类 5 % / 乙类 20 %: 目录外 2500, 乙类先付 50000 × 20 % × 10 %
    # (inpatient.csv line 19) = 1000, policy range 46500, 起付 1000 (inpatient.csv line 4), 统筹 85 % (inpatient.csv
    # line 8: example employee level-3 ratio 0.85) × 45500 = 38675 (was 36400); the person's 50000 − 38675 = 11325
    # (was 13600), half = 5662.50 from the account (was 6800)
    two = sr.account_balance_bills(50000, year=2026, excluded_share=0.05, partial_share=0.2)
    empty, half = two["empty"], two["half"]
    assert (empty.hifp_pay, empty.acct_pay, empty.psn_cash_pay) == (38675, 0, 11325)
    assert (half.hifp_pay, half.acct_pay, half.psn_cash_pay) == (38675, 5662.5, 5662.5)


def test_ratio_text_and_member_code():
    # national 职工 三级 borrows the example city: inpatient.csv line 8, example employee level-3 ratio 0.85 (was 0.8)
    assert sr.ratio_text(reimburse(1, scheme="employee", year=2026).table) == "85%"
    assert sr.member_code("退休") == "retired" and sr.member_code("in_service") == "in_service"
    with pytest.raises(YibaoInputError, match="member"):
        sr.member_code("student")


def test_bad_inputs_name_the_parameter():
    with pytest.raises(YibaoInputError, match="cost"):
        sr.oop_curves(-5)
    with pytest.raises(YibaoInputError, match="member"):
        sr.referral_table(1000, member="student")


# --------------------------------------------------------------------------- sentences of notebook 03


def _said(cid, **inputs):
    out = sayings()[cid].func(**inputs)
    return out[0] if isinstance(out, tuple) else out


def test_k03_sentence_compares_the_bill_with_a_years_pool_contribution():
    # the bill's 统筹 85 % × 45500 = 38,675 (inpatient.csv line 8; see test_account_balance_bills_pay_the_same_fund;
    # was 36,400 at 80 %); salary 8,000 × 6 % × 12 = 5,760 to the pool
    text = _said("K03", year=2026, monthly_salary=8000, **BILL)
    assert text.startswith("这次住院统筹付 38,675.00 元，而月工资 8,000 元的职工一年缴进统筹 5,760.00 元")


def test_k04_and_k33_sentences_show_the_fund_ignores_the_account():
    # see test_account_balance_bills_pay_the_same_fund: 统筹 85 % × 45500 = 38675 (inpatient.csv line 8), the
    # person's 11325, half of it 5662.50 in the account (were 36400 / 13600 / 6800 at 80 %)
    text = _said("K04", year=2026, **BILL)
    assert "账户只有 5,662.50 元时：账户付 5,662.50、现金 5,662.50 元；统筹仍付 38,675.00 元" in text
    assert "和账户为 0 时（38,675.00）一样" in text
    assert _said("K33", year=2026, **BILL).startswith("账户余额 0 元：统筹付 38,675.00 元、现金 11,325.00 元")


def test_k17_sentence_gives_the_ratios_and_the_share_of_the_bill():
    # ratios 85 % / 60 % (inpatient.csv line 8: example employee level-3 ratio 0.85; line 17: example resident
    # level-3 ratio 0.6; were 80 % / 70 %). Of the whole bill: employee 85 % × 45500 = 38675 → 38675 / 50000 =
    # 0.7735, shown with one decimal as 77.3 % (the float 0.7735 is 0.77349999…); resident 60 % × 45500 = 27300,
    # burden 46500 − 27300 = 19200 < 大病 起付 21688.5 (no 大病) → 27300 / 50000 = 54.6 % (were 72.8 % / 63.7 %)
    text = _said("K17", year=2026, **BILL)
    # the ratios are the example city's (inpatient.csv lines 8, 17): the sentence says whose, not "全国"
    assert text.startswith(
        "示例城市的示例值，不是全国的数字（三级医院）：职工 85%、居民 60%；但按总费用算，本例职工实际报 77.3%、居民 54.6%"
    )
    assert "实际报 —、居民 —" in _said("K17", year=2026, **{**BILL, "cost": 0})  # a zero bill has no share


def test_k18_sentence_is_the_outpatient_tables():
    # national's chain ends in the example city, which holds every outpatient value (illustrative): employee 三级
    # 50 % (outpatient.csv line 6), limit 2,000 元/年 (line 8); resident 三级 50 % (outpatient_resident.csv line 5),
    # limit 400 元/年 (outpatient_resident.csv line 16, the M5 resident limit)
    text = _said("K18", year=2026)
    assert text.startswith(
        "示例城市的示例值，不是全国的数字：职工三级 50%、年限额 2,000 元；居民三级 50%、年限额 400 元。"
    )


def test_k21_sentence_lists_the_resident_bill_per_referral():
    # resident 三级 (inpatient.csv line 17: example resident level-3 ratio 0.6, was 0.7), policy range 46500,
    # 起付 1000, 大病 起付 50 % × 43377 = 21688.5 at 60 % (catastrophic.csv lines 2–3, income.csv line 14):
    # local 60 % × 45500 = 27300 (burden 19200, no 大病); registered −0 (cross_region.csv line 2) → 27300;
    # referred −10 (cross_region.csv line 3) → 50 % × 45500 = 22750, burden 46500 − 22750 = 23750, plus 大病
    # 60 % × (23750 − 21688.5) = 1236.90 → 23986.90; unregistered −20 (cross_region.csv line 4) → 40 % × 45500
    # = 18200, burden 28300, plus 大病 60 % × (28300 − 21688.5) = 3966.90 → 22166.90
    # (were 31850 / 31850 / 27300 / 23986.90 at 70 %)
    text = _said("K21", year=2026, **{k: v for k, v in BILL.items() if k not in ("admission", "referral")})
    for part in (
        "参保地就医 基金付 27,300.00 元",
        "异地长期居住（已备案） 基金付 27,300.00 元",
        "异地转诊/急诊 基金付 23,986.90 元",
        "其他临时外出就医（含未备案） 基金付 22,166.90 元",
    ):
        assert part in text
    # before the cross-region rows (2022-07-01): only the local bill. 2021: 大病 起付 50 % × 32189 (income.csv
    # line 9) = 16094.5; local 60 % × 45500 = 27300, burden 19200 > 16094.5 → 大病 60 % × 3105.5 = 1863.30
    # → 29163.30 (was 31850: at 70 % the burden 14650 stayed under the threshold)
    text = _said("K21", year=2021)
    assert "参保地就医 基金付 29,163.30 元" in text and "异地长期居住（已备案） 无数据" in text


def test_k27_sentence_splits_the_bill_in_three():
    # 50,000 = 目录外 2,500 + 乙类先付 1,000 + policy range 46,500
    text = _said("K27", year=2026, **BILL)
    assert text.startswith("本例 50,000.00 元 = 目录外自费 2,500.00 + 先行自付 1,000.00 + 政策范围内 46,500.00")


def test_k28_sentence_is_the_small_bill():
    # see test_small_bill_of_the_k28_claim: 起付 800, first bill 0, after the deductible 30 (甲类) / 27 (乙类)
    text = _said("K28", year=2026)
    assert "起付线（800 元）以内，统筹付 0.00 元；起付线满了以后甲类付 30.00 元、乙类付 27.00 元" in text


def test_k53_sentence_is_a_year_of_outpatient_visits():
    # 12 visits × 300 at 三级 (national: 起付 800/年, 50 %, limit 2000): (3600 − 800) × 50 % = 1400
    assert _said("K53", year=2026) == "门诊：一年 12 次、每次 300 元，账户为 0 时统筹照样付 1,400.00 元"
    # 4 visits × 250: (1000 − 800) × 50 % = 100
    assert "一年 4 次、每次 250 元，账户为 0 时统筹照样付 100.00 元" in _said(
        "K53", year=2026, outpatient_visit_cost=250, outpatient_visits=4
    )


def test_notebook_03_claims_table_has_the_rows_and_verdicts():
    ids = ["K03", "K04", "K17", "K18", "K21", "K27", "K28", "K33", "K35", "K53"]
    t = claims_table(ids, region="national", year=2026, monthly_salary=8000, age=40, **BILL)
    assert list(t["编号"]) == ids
    # data/claims/claims.csv verdicts: correct 对, wrong 错, regional 地方, unverified 待核, partly 部分对
    assert list(t["结论"]) == ["对", "错", "对", "地方", "地方", "对", "待核", "对", "部分对", "对"]
    assert not t["用数字说话"].str.startswith("无法计算").any()


def test_milestones_are_searched_once_per_set_of_inputs_and_forgotten_when_the_data_change():
    """03's slider moves the bill, not the inputs of the milestone search (≈ 90 % of its callback): the search runs
    once, later calls give the same table (a copy each), and clearing the caches (a new policy_file) forgets it."""
    import pandas as pd

    from yibao_helpers.params.store import clear_caches

    clear_caches()
    kw = dict(region="nanchang", year=2025, excluded_share=0.05, partial_share=0.2)
    first = sr.milestones(**kw)
    again = sr.milestones(**kw)
    assert sr._milestones.cache_info().hits == 1 and sr._milestones.cache_info().misses == 1
    pd.testing.assert_frame_equal(first, again)
    assert first is not again  # a copy: a caller changing its table cannot change the next caller's
    searched = sr._search_milestones("nanchang", 2025, tuple(sr.LEVELS), 0.05, 0.2, 1, "local")
    pd.testing.assert_frame_equal(first, searched)
    clear_caches()
    assert sr._milestones.cache_info().currsize == 0
