"""Claims about 养老金 settled with numbers, and the sentences of notebook 08's 常见误区 table (registered with
:mod:`yibao_helpers.content.demos`)."""

from __future__ import annotations

import inspect

import pandas as pd

from ...core.errors import YibaoInputError
from ...params import load_policy, rule_year
from ..claims import claim_row, parse_numbers
from . import compared, demo, origin_zh, rows_frame, says


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
        f"按 {y} 年的数据：基础养老金最低标准 {basic:g} 元/月（{origin_zh(no_int.attrs['sources'])}）；不计利息每月 {float(no_int['total'].iloc[0]):,.2f} 元"
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


# =========================================================================== sentences for notebook 08's 常见误区 table
# Each takes the page's inputs as keywords (``claims_table`` passes the ones it accepts from the signature).


def _person_pension(
    *,
    region="national",
    year=None,
    avg_wage=None,
    index=1.0,
    contribution_years=30,
    retire_age=60,
    retire_extra_months=0,
    account_balance=150000,
    pre_account_years=3,
):
    """Notebook 08's person (the names and defaults of its parameters cell): their
    :func:`~yibao_helpers.scenarios.pension.person_pension`, with ``index`` and ``years`` kept in the attrs."""
    from ...scenarios import pension as scen

    est = scen.person_pension(
        avg_wage,
        index,
        contribution_years,
        account_balance,
        retire_age,
        extra_months=retire_extra_months,
        pre_account_years=pre_account_years,
        region=region,
        on=rule_year(year),
    )
    est.attrs.update(index=index, years=contribution_years)
    return est


def _of_person(func):
    """``func(est)`` as a sentence function that takes the page inputs of :func:`_person_pension`."""

    def sentence(**inputs):
        return func(_person_pension(**inputs))

    sentence.__signature__ = inspect.signature(_person_pension)  # the inputs claims_table passes
    return sentence


@says("K09")
@_of_person
def _k09_says(est):
    row = est.iloc[0]
    text = (
        f"本例 {row['basic']:,.2f} + {row['account']:,.2f} + {row['transitional']:,.2f} = {row['total']:,.2f} 元/月"
        "（国发〔2005〕38号；各省过渡性养老金的算法不同，08 号笔记本按所选省份的规则算）"
    )
    return text, est.attrs["sources"]


@says("K10")
@_of_person
def _k10_says(est):
    from ...scenarios import pension as scen

    basic, base, index, years = float(est["basic"].iloc[0]), *(est.attrs[k] for k in ("avg_wage", "index", "years"))
    rate = parse_numbers(claim_row("K10")["claim_numbers"])["rate_per_year"]  # the claim's 1% per year
    by_hand = (base + base * index) / 2 * years * rate
    sheets = scen.pension_sheet_agreement()
    text = (
        f"照说法手算 ({base:,.2f} + {base * index:,.2f}) ÷ 2 × {years:g} × {rate:.0%} = {by_hand:,.4f} 元，"
        f"计算器到分 {basic:,.2f} 元（差 {abs(by_hand - basic):.4f} 元，只是舍入）；并与 {sheets['agree']} 份官方核定表一致"
    )
    return text, est.attrs["sources"]


@says("K11")
def _k11_says(*, year=None, resident_annual=10000, resident_years=15, resident_interest_rate=0.03, resident_subsidy=60):
    from ...scenarios import pension as scen

    on = rule_year(year)
    said = parse_numbers(claim_row("K11")["claim_numbers"])  # 139 months, a basic pension of 150 元
    r = scen.resident_scenarios(
        resident_annual,
        resident_years,
        claimed_basic=said["basic"],
        interest_rate=resident_interest_rate,
        subsidy=resident_subsidy,
        on=on,
    )
    months = float(load_policy("national", on)["pension.resident_annuity_months"])
    r = r.set_index("case")
    text = (
        f"{said['annuity_months']:g} 对（数据 {months:g}），算术也对：{r.loc['claim', 'total']:,.2f} 元；"
        f"但 {said['basic']:g} 元是假设，按数据的最低基础 {r.loc['data_basic', 'basic']:g} 元"
        f"（{origin_zh(r.attrs['sources'])}）是 "
        f"{r.loc['data_basic', 'total']:,.2f} 元；再计利息（假设年 {resident_interest_rate:.1%}）"
        f"{r.loc['interest', 'total']:,.2f} 元，加补贴（假设 {resident_subsidy:g} 元/年）"
        f"{r.loc['interest_subsidy', 'total']:,.2f} 元"
    )
    return text, r.attrs["sources"]
