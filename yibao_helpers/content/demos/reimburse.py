"""Claims about 报销 settled with numbers (registered with :mod:`yibao_helpers.content.demos`)."""

from __future__ import annotations

import math

from ...core.errors import YibaoInputError
from ...params import load_policy, merge_sources, region_name, rule_year, sources_frame
from ...rules import contribution, outpatient
from ...rules.benefits import benefit_table
from ...rules.codes import LEVEL_ZH
from ...rules.outpatient import level_code
from ...scenarios import reimburse
from . import compared, demo, origin_zh, says


@demo("K17", needs=("employee_ratio", "resident_ratio"))
def _k17(numbers, region="national", year=None):
    y = rule_year(year)
    pol = load_policy(region, y)
    emp = benefit_table(pol, scheme="employee", hospital_level=3)
    res = benefit_table(pol, scheme="resident", hospital_level=3)
    e, r = float(emp.ratios[0]), float(res.ratios[0])
    src = sources_frame(emp.rows.get("ratio", []) + res.rows.get("ratio", []))
    expl = (
        f"{y} 年三级医院住院、政策范围内（起付线以上）统筹基金支付比例：职工 {e:.0%}，居民 {r:.0%}"
        f"（{origin_zh(src, region)}）；说法给的是全国总体水平。"
    )
    pairs = compared(
        ("职工住院支付比例（三级）", numbers["employee_ratio"], e, "ratio"),
        ("居民住院支付比例（三级）", numbers["resident_ratio"], r, "ratio"),
    )
    return "职工住院支付比例", numbers["employee_ratio"], e, "ratio", expl, src, pairs


# --------------------------------------------------------------------------- sentences of notebook 03 (常见误区)
# Each takes the page's bill (the inputs of notebook 03's parameters cell) and recomputes its numbers with the
# calculators (rules.reimburse, rules.outpatient, rules.contribution) and scenarios.reimburse.


def _amount(x) -> str:
    """A number as a reader typed it: 8,000, 12.5."""
    return f"{float(x):,.0f}" if float(x).is_integer() else f"{float(x):,.2f}"


def _share(part, cost) -> str:
    return f"{part / cost:.1%}" if cost > 0 else "—"


@says("K03")
def _k03_says(*, monthly_salary=8000, age=40, **page):
    b = reimburse.Bill.of(page)
    bills = reimburse.bill_comparison(b.cost, **b.keywords())
    mine = bills.attrs["results"]["employee_" + reimburse.member_code(b.member)]
    flows = contribution.employee_flows(monthly_salary, region=b.region, year=rule_year(b.year), age=age)
    return (
        f"这次住院统筹付 {mine.hifp_pay:,.2f} 元，而月工资 {_amount(monthly_salary)} 元的职工一年缴进统筹 "
        f"{flows['to_pool'].iloc[0]:,.2f} 元：统筹是大家共用的钱，按规则报销，不记在你名下",
        merge_sources(mine.sources, flows.attrs["sources"]),
    )


@says("K04")
def _k04_says(**page):
    b = reimburse.Bill.of(page)
    two = reimburse.account_balance_bills(b.cost, member=b.member, **b.keywords())
    empty, half = two["empty"], two["half"]
    return (
        f"账户只有 {half.acct_pay:,.2f} 元时：账户付 {half.acct_pay:,.2f}、现金 {half.psn_cash_pay:,.2f} 元；统筹仍付 "
        f"{half.hifp_pay:,.2f} 元，和账户为 0 时（{empty.hifp_pay:,.2f}）一样——统筹不替个人负担垫钱",
        half.sources,
    )


@says("K17")
def _k17_says(**page):
    b = reimburse.Bill.of(page)
    bills = reimburse.bill_comparison(b.cost, **b.keywords())
    mine = "employee_" + reimburse.member_code(b.member)
    emp, res = bills.attrs["results"][mine], bills.attrs["results"]["resident"]
    level_zh = LEVEL_ZH[level_code(b.hospital_level)] + "医院"
    return (
        f"{origin_zh(bills.attrs['sources'], b.region)}（{level_zh}）：职工 {reimburse.ratio_text(emp.table)}、居民 "
        f"{reimburse.ratio_text(res.table)}；但按总费用算，本例职工实际报 {_share(emp.fund_pays, emp.cost)}、居民 "
        f"{_share(res.fund_pays, res.cost)}（起付线、乙类先付、目录外都要自己出）",
        bills.attrs["sources"],
    )


@says("K18")
def _k18_says(*, region="national", year=None, member="in_service", age=40):
    policy = load_policy(region, rule_year(year))
    level = 3  # the claim is about 三甲 hospitals
    emp = benefit_table(
        policy, scheme="employee", setting="outpatient", hospital_level=level, member=reimburse.member_code(member)
    )
    try:
        res = benefit_table(policy, scheme="resident", setting="outpatient", hospital_level=level, age=age)
        limit = f"{res.ceiling:,.0f} 元" if math.isfinite(res.ceiling) else "数据中未设"
        res_text = f"居民{LEVEL_ZH[level]} {res.ratios[0]:.0%}、年限额 {limit}"
    except YibaoInputError:
        res, res_text = None, "居民门诊无数据"
    rows = emp.all_rows() + ([] if res is None else res.all_rows())
    return (
        f"{origin_zh(sources_frame(rows), region)}：职工{LEVEL_ZH[level]} {emp.ratios[0]:.0%}、年限额 {emp.ceiling:,.0f} 元；{res_text}。"
        "门诊待遇各地差别很大，说法中的数字找不到出处",
        sources_frame(rows),
    )


@says("K21")
def _k21_says(**page):
    b = reimburse.Bill.of(page)
    bill = {k: v for k, v in b.keywords().items() if k not in ("admission", "referral")}  # every way of seeking care
    table = reimburse.referral_table(b.cost, member=b.member, **bill)
    paid = table[table["险种"] == reimburse.GROUPS["resident"][2]].set_index("就医方式")["基金支付"]
    each = "；".join(f"{k} 基金付 {v:,.2f} 元" if not math.isnan(v) else f"{k} 无数据" for k, v in paid.items())
    return f"本数据中居民这笔账单：{each}。{region_name('chongqing')}的具体数字未找到原文", table.attrs["sources"]


@says("K27")
def _k27_says(**page):
    b = reimburse.Bill.of(page)
    bills = reimburse.bill_comparison(b.cost, **b.keywords())
    r = bills.attrs["results"]["employee_" + reimburse.member_code(b.member)]
    return (
        f"本例 {r.cost:,.2f} 元 = 目录外自费 {r.fulamt_ownpay_amt:,.2f} + 先行自付 {r.preselfpay_amt:,.2f} + 政策范围内 "
        f"{r.inscp_scp_amt:,.2f}；只有最后一类进入起付线和比例报销",
        r.sources,
    )


@says("K28")
def _k28_says(*, region="national", year=None, member="in_service", box_price=50):
    # box_price: the claim's own example, a box of medicine at 50 元 (claims.csv K28)
    kw = dict(region=region, year=rule_year(year), hospital_level=1, member=reimburse.member_code(member))
    jia = reimburse.small_bill(box_price, **kw)
    yi = reimburse.small_bill(box_price, yi=True, **kw)
    return (
        f"按{region_name(region)}职工门诊一级数据：当年第一笔只付起付线（{jia['deductible']:,.0f} 元）以内，统筹付 "
        f"{jia['first_of_year']:,.2f} 元；起付线满了以后甲类付 {jia['after_deductible']:,.2f} 元、乙类付 "
        f"{yi['after_deductible']:,.2f} 元。报多少取决于甲乙类、起付线和比例",
        merge_sources(jia["sources"], yi["sources"]),
    )


@says("K33")
def _k33_says(**page):
    b = reimburse.Bill.of(page)
    two = reimburse.account_balance_bills(b.cost, member=b.member, **b.keywords())
    empty = two["empty"]
    return (
        f"账户余额 0 元：统筹付 {empty.hifp_pay:,.2f} 元、现金 {empty.psn_cash_pay:,.2f} 元；报销与账户余额无关",
        empty.sources,
    )


@says("K53")
def _k53_says(
    *,
    region="national",
    year=None,
    hospital_level=3,
    member="in_service",
    outpatient_visit_cost=300,
    outpatient_visits=12,
):
    visits = outpatient.pool_year(
        [outpatient_visit_cost] * int(outpatient_visits),
        region=region,
        on=rule_year(year),
        hospital_level=level_code(hospital_level),
        member=reimburse.member_code(member),
    )
    return (
        f"门诊：一年 {int(outpatient_visits)} 次、每次 {_amount(outpatient_visit_cost)} 元，账户为 0 时统筹照样付 "
        f"{visits['fund_pays'].sum():,.2f} 元"
    )
