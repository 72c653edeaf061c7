"""Claims about 个人账户 settled with numbers (registered with :mod:`yibao_helpers.content.demos`)."""

from __future__ import annotations

from ...core.errors import YibaoInputError
from ...params import merge_sources, rule_year
from . import compared, demo


@demo("K01", needs=("credit_rate",))
def _k01(numbers, monthly_salary=8000, age=30, region="national", year=None):
    from ...rules import account

    y = rule_year(year)
    pol = account.policy_for_year(region, y)
    regime = account.regime_of(pol, y)
    df = account.project_balance(monthly_salary, age, 1, region=region, start_year=y)
    pre = account.project_balance(monthly_salary, age, 1, region=region, start_year=y, regime="pre_2021")
    rate = numbers["credit_rate"]
    claim = round(float(monthly_salary) * rate, 2)
    rule = round(float(df["credited"].iloc[0]) / 12, 2)
    base = float(account.contribution_base(pol, monthly_salary))
    regime_zh = "改革后（单位缴费全部进统筹）" if regime == "post_2021" else "改革前（个人缴费加单位缴费的一部分）"
    status = df["status"].iloc[0]
    who = "退休人员按定额划入" if status == "retired" else f"缴费基数 {base:,.2f} 元"
    expl = (
        f"按“工资的 {rate:.0%}”算，月工资 {float(monthly_salary):,.0f} 元每月应进账 {claim:,.2f} 元；"
        f"{y} 年的规则是{regime_zh}，{who}，每月实际划入 {rule:,.2f} 元。"
    )
    pairs = compared(
        (f"{y} 年规则：每月划入", claim, rule, "yuan/month"),
        ("改革前口径（参考）", claim, round(float(pre["credited"].iloc[0]) / 12, 2), "yuan/month"),
    )
    return (
        "每月划入个人账户",
        claim,
        rule,
        "yuan/month",
        expl,
        merge_sources(df.attrs["sources"], pre.attrs["sources"]),
        pairs,
    )


@demo("K02", "K26")
def _k02(numbers, monthly_salary=8000, age=30, region="national", year=None):
    from ...rules import account

    y = rule_year(year)
    a = min(float(age), 99)
    df = account.project_balance(monthly_salary, a, 2, region=region, start_year=y)
    end1 = float(df["balance"].iloc[0])
    r2 = df.iloc[1]
    opening2 = round(float(r2["balance"] - r2["credited"] - r2["interest"] + r2["spent"]), 2)
    expl = (
        f"{y} 年末余额 {end1:,.2f} 元；{y + 1} 年初账户里仍是 {opening2:,.2f} 元，一分没有被清零，"
        f"{y + 1} 年末又涨到 {float(r2['balance']):,.2f} 元。"
    )
    pairs = compared((f"{y} 年末余额 → {y + 1} 年初余额", end1, opening2, "yuan"))
    return "年末余额 → 次年初余额", end1, opening2, "yuan", expl, df.attrs["sources"], pairs


@demo("K37", needs=("carry_over_share",))
def _k37(numbers, region="national", year=None):
    from ...rules import outpatient

    y = rule_year(year)
    lim = outpatient.limit_by_month(0, 2, region=region, start_year=y)
    left1 = float(lim["limit_left"].iloc[11])
    jan2 = float(lim["limit_left"].iloc[12])
    claim = round(float(lim["limit"].iloc[12]) + numbers["carry_over_share"] * left1, 2)
    expl = (
        f"{y} 年一分门诊统筹额度都没用（年底剩 {left1:,.0f} 元）。如果额度能累计，{y + 1} 年 1 月应有 {claim:,.0f} 元；"
        f"实际 {y + 1} 年 1 月仍是 {jan2:,.0f} 元——没用完的部分作废，不结转。"
    )
    pairs = compared((f"{y + 1} 年 1 月的门诊统筹额度", claim, jan2, "yuan/year"))
    return "次年 1 月的门诊统筹额度", claim, jan2, "yuan/year", expl, lim.attrs["sources"], pairs


@demo("K51")
def _k51(numbers, monthly_salary=8000, age=30, region="national", year=None, years=10):
    from ...rules import account

    y = rule_year(year)
    n = int(min(int(years), 101 - float(age)))
    if n < 1:
        raise YibaoInputError(
            "years", years, "至少 1 年（且最后一年不超过 100 岁）", "at least 1 year (last age ≤ 100)"
        )
    pol = account.policy_for_year(region, y)
    rule_df = account.project_balance(monthly_salary, age, n, region=region, start_year=y)
    flat = account.project_balance(
        monthly_salary, age, n, region=region, start_year=y, interest_rate=pol["account.interest_rate_current"]
    )
    claim = round(float(flat["interest"].sum()), 2)
    rule = round(float(rule_df["interest"].sum()), 2)
    expl = (
        f"{n} 年的利息：全部按活期利率 {pol['account.interest_rate_current']:.2%} 计为 {claim:,.2f} 元；"
        f"按国发〔1998〕44号口径（当年划入按活期、上年结转按三个月定期 {pol['account.interest_rate_carried']:.2%}）"
        f"为 {rule:,.2f} 元。两者都是一年结一次息。"
    )
    pairs = compared(
        (f"{n} 年利息合计", claim, rule, "yuan"),
        (f"{n} 年后余额", float(flat["balance"].iloc[-1]), float(rule_df["balance"].iloc[-1]), "yuan"),
    )
    return f"{n} 年利息合计", claim, rule, "yuan", expl, rule_df.attrs["sources"], pairs
