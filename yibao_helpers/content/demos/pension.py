"""Claims about 养老金 settled with numbers (registered with :mod:`yibao_helpers.content.demos`)."""

from __future__ import annotations

import pandas as pd

from ...core.errors import YibaoInputError
from ...params import rule_year
from . import compared, demo, rows_frame


@demo("K10", needs=("rate_per_year",))
def _k10(numbers, monthly_salary=8000, region="national", year=None, contribution_years=30):
    from ...rules import account, pension

    y = rule_year(year)
    pol = account.policy_for_year(region, y)
    avg = float(pol["wage.avg_annual_prev_year"]) / 12
    base = float(account.contribution_base(pol, monthly_salary))
    index = round(base / avg, 4)
    years = float(contribution_years)
    rate = numbers["rate_per_year"]
    claim = round((avg + avg * index) / 2 * years * rate, 2)
    rule = float(pension.basic_pension(avg, index, years, region=region, on=y))
    src = rows_frame(pol, "pension.basic_rate_per_year", "wage.avg_annual_prev_year")
    expl = (
        f"计发基数 {avg:,.2f} 元/月、平均缴费指数 {index:g}（月工资 {float(monthly_salary):,.0f} 元对应的缴费基数 ÷ 平均工资）、"
        f"缴费 {years:g} 年：按说法的公式得 {claim:,.2f} 元/月，项目计算器按国发〔2005〕38号得 {rule:,.2f} 元/月。"
    )
    pairs = compared(("基础养老金", claim, rule, "yuan/month"))
    return "基础养老金", claim, rule, "yuan/month", expl, src, pairs


@demo("K11", needs=("yearly_payment", "years", "annuity_months", "basic", "monthly"))
def _k11(numbers, year=None, interest_rate=0.0):
    from ...rules import pension

    y = rule_year(year)
    r = float(interest_rate)
    if not 0 <= r <= 0.2:
        raise YibaoInputError(
            "interest_rate",
            interest_rate,
            "应在 0 到 0.2 之间（年利率，0.02 表示 2%）",
            "must be between 0 and 0.2 (a yearly rate, 0.02 = 2%)",
        )
    pay, n = numbers["yearly_payment"], int(numbers["years"])
    plain = pay * n
    grown = round(float(sum(pay * (1 + r) ** (n - k) for k in range(n))), 2)  # paid at the start of each year
    no_int = pension.resident_pension(plain, on=y)
    with_int = pension.resident_pension(grown, on=y)
    claim = numbers["monthly"]
    rule = float(with_int["total"].iloc[0])
    basic = float(no_int["basic"].iloc[0])
    expl = (
        f"说法：{plain:,.0f} 元 ÷ {numbers['annuity_months']:g} + {numbers['basic']:g} 元 ≈ {claim:,.0f} 元/月。"
        f"按 {y} 年的数据：基础养老金全国最低标准 {basic:g} 元/月；不计利息每月 {float(no_int['total'].iloc[0]):,.2f} 元"
    )
    if r > 0:
        expl += (
            f"，按假设年利率 {r:.2%} 计息，15 年后账户约 {grown:,.2f} 元，每月 {rule:,.2f} 元。"
            "两者都还没算政府缴费补贴，地方基础养老金通常也高于全国最低标准。"
        )
    else:
        expl += "。这里也没算利息和政府缴费补贴。"
    pairs = compared(
        ("每月养老金（不计利息）", claim, float(no_int["total"].iloc[0]), "yuan/month"),
        ("其中基础养老金", numbers["basic"], basic, "yuan/month"),
    )
    if r > 0:
        pairs = pd.concat(
            [compared((f"每月养老金（年利率 {r:.2%}）", claim, rule, "yuan/month")), pairs], ignore_index=True
        )
    label = "每月养老金" + ("（按假设利率计息）" if r > 0 else "（不计利息）")
    return label, claim, rule, "yuan/month", expl, with_int.attrs["sources"], pairs
