"""Claims about 个人账户 settled with numbers (registered with :mod:`yibao_helpers.content.demos`)."""

from __future__ import annotations

from ...core.errors import YibaoInputError
from ...params import merge_sources, region_name, rule_year
from . import compared, demo, rows_frame, says


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


# =========================================================================== sentences for the 常见误区 tables
# Each takes the page's inputs as keywords (``claims_table`` passes the ones it accepts) and recomputes the
# numbers with the calculators; the claims about the 2021 reform use the rules of
# :func:`yibao_helpers.scenarios.account.reform_rules_year` (the page's year, or the first post-reform year).

EXAMPLE_AGES = (30, 50)  # K30: a younger and an older worker with the same salary (an example, not a rule)
OLD_BANDS_EXAMPLE = "beijing"  # K30: a region whose pre-reform age bands are in account.csv (named on the page)


def _span(years, age) -> int:
    """A projection's length: ``years``, at least 1 and up to age 100 (as notebook 01 counts it)."""
    return int(max(1, min(int(years), 101 - float(age))))


@says("K01")
def _k01_says(*, region="national", year=None, monthly_salary=8000, age=30):
    from ...rules import account
    from ...scenarios.account import REFORM_PARAMETER, reform_rules_year

    y, _ = reform_rules_year(region, year)
    pol = account.policy_for_year(region, y)
    post = account.project_balance(monthly_salary, age, 1, region=region, start_year=y, regime="post_2021")
    claimed = pol["employee.employer_rate"] + pol["employee.individual_rate"]
    base = float(account.contribution_base(pol, monthly_salary))
    text = (
        f"按 {claimed:.0%} 算每月 {float(monthly_salary) * claimed:,.2f} 元；实际每月划入 "
        f"{post['credited'].iloc[0] / 12:,.2f} 元（基数 {base:,.2f} × {pol[REFORM_PARAMETER]:.0%}）"
    )
    return text, merge_sources(post.attrs["sources"], rows_frame(pol, "employee.employer_rate"))


@says("K02", "K26")
def _k02_says(*, region="national", year=None, monthly_salary=8000, age=30, years=10, annual_spending=0):
    from ...rules import account

    n = _span(years, age)
    df = account.project_balance(
        monthly_salary, age, n, region=region, start_year=rule_year(year), annual_spending=annual_spending
    )
    balances = df["balance"].to_numpy()
    text = f"{n} 年里年末余额最低 {balances.min():,.2f} 元，最后 {balances[-1]:,.2f} 元；没有一年被清零"
    return text, df.attrs["sources"]


@says("K15")
def _k15_says(*, year=None):
    from ...rules import account

    pol = account.policy_for_year("national", rule_year(year))  # the national standard
    fee = pol["resident.individual_contribution"]
    src = rows_frame(pol, "resident.individual_contribution")
    said = "全国标准" if (src["region"] == "national").all() else f"{pol.on.year} 年全国标准未收录，示例值"
    text = f"职工对；居民医保个人每年缴（{said}）{fee:,.0f} 元，全部进统筹，划入个人账户 0 元——没有账户可清"
    return text, src


@says("K30")
def _k30_says(*, region="national", year=None, monthly_salary=8000):
    from ...rules import account, balance_change
    from ...scenarios.account import reform_rules_year

    y, _ = reform_rules_year(region, year)
    young, older = (
        account.project_balance(monthly_salary, a, 1, region=region, start_year=y, regime="post_2021")
        for a in EXAMPLE_AGES
    )
    # before the reform the employer's part was credited by age band: 北京's old bands (account.csv) as the example
    old = dict(monthly_salary=monthly_salary, year=y, region=OLD_BANDS_EXAMPLE, regime="pre_2021")
    bands = balance_change.explain_change(
        dict(old, age=EXAMPLE_AGES[0]), dict(old, age=EXAMPLE_AGES[1]), measure="credit"
    )
    by_band = dict(zip(bands["factor"], bands["amount"]))["age_band"]
    text = (
        f"改革后 {EXAMPLE_AGES[0]} 岁与 {EXAMPLE_AGES[1]} 岁每年都划入 {young['credited'].iloc[0]:,.2f} / "
        f"{older['credited'].iloc[0]:,.2f} 元，与年龄无关；只与基数有关。改革前按年龄段划入（以"
        f"{region_name(OLD_BANDS_EXAMPLE)}旧规定为例）相差 {by_band:+,.2f} 元"
    )
    return text, merge_sources(young.attrs["sources"], older.attrs["sources"], bands.attrs["sources"])


@says("K31")
def _k31_says(*, region="national", year=None, monthly_salary=8000, age=30):
    from ...rules import account
    from ...scenarios.account import reform_rules_year

    y, _ = reform_rules_year(region, year)
    pre, post = (
        account.project_balance(monthly_salary, age, 1, region=region, start_year=y, regime=regime)
        for regime in ("pre_2021", "post_2021")
    )
    before, after = float(pre["credited"].iloc[0]), float(post["credited"].iloc[0])
    text = f"同一人改革前每年划入 {before:,.2f} 元，改革后 {after:,.2f} 元（少 {before - after:,.2f} 元，单位那部分进了统筹）"
    return text, merge_sources(pre.attrs["sources"], post.attrs["sources"])


@says("K35")
def _k35_says(*, outpatient_visit_cost=300, outpatient_visits=12, **page):
    import math

    from ...rules import outpatient
    from ...rules.reimburse import reimburse
    from ...scenarios.reimburse import Bill

    b = Bill.of(page)
    bill = dict(scheme="employee", member=b.member, **b.keywords())
    cost, y = b.cost, bill["year"]
    this_year = reimburse(cost, **bill)
    visits = outpatient.pool_year(
        [outpatient_visit_cost] * int(outpatient_visits),
        region=b.region,
        on=y,
        hospital_level=b.hospital_level,
        member=b.member,
    )
    ceiling = this_year.table.ceiling
    if math.isfinite(ceiling):
        used_up = reimburse(cost, ytd_fund_paid=ceiling, **bill)
        # above the pool's ceiling the employee's 大额 cover (hifob_pay) pays on where the region has it (M4)
        above = (
            f"，大额医疗费用补助付 {used_up.hifob_pay:,.2f} 元" if used_up.hifob_pay else "，本地区数据里没有大额补助"
        )
        text = (
            f"统筹不是个人账户，没有余额可清；但年度封顶线 {ceiling:,.0f} 元每年重算：今年统筹已付满后再花 {float(cost):,.0f} 元，"
            f"统筹付 {used_up.hifp_pay:,.2f} 元{above}；明年 1 月起同样的费用统筹付 {this_year.hifp_pay:,.2f} 元"
        )
    else:
        text = "统筹不是个人账户，没有余额可清；本地区数据未设封顶线"
    text += f"。门诊统筹年底剩余限额 {visits['limit_left'].iloc[-1]:,.2f} 元作废"
    extra = used_up.sources if math.isfinite(ceiling) else None
    return text, merge_sources(this_year.sources, extra, visits.attrs["sources"])


@says("K37")
def _k37_says(*, region="national", year=None):
    from ...rules import outpatient

    y = rule_year(year)
    try:
        unused = outpatient.limit_by_month(0, 2, region=region, start_year=y)
    except YibaoInputError:  # the outpatient pool started with 国办发〔2021〕14号: no limit in earlier years
        return f"{y} 年还没有门诊统筹（2021 年国办发〔2021〕14号起才建立），谈不上累计；此后每年 1 月重置、不累计"
    text = (
        f"第一年一分没用（剩 {unused['limit_left'].iloc[11]:,.0f} 元），第二年 1 月的限额仍是 "
        f"{unused['limit_left'].iloc[12]:,.0f} 元，没有翻倍"
    )
    return text, unused.attrs["sources"]


@says("K50")
def _k50_says(
    *, region="national", year=None, monthly_salary=8000, age=30, years=1, annual_spending=0, account_balance=0
):
    from ...params.text import doc_head
    from ...rules import account

    n = _span(years, age)
    df = account.project_balance(
        monthly_salary,
        age,
        n,
        region=region,
        start_year=rule_year(year),
        annual_spending=annual_spending,
        opening_balance=account_balance,
    )
    pol = account.policy_for_year(region, int(df["year"].iloc[-1]))
    rule = pol.row("family.may_not.cash_withdrawal")  # no cash out; emigration or death: paid out or inherited
    text = (
        f"本例年末余额 {df['balance'].iloc[-1]:,.2f} 元只能继续用于看病买药和缴费；能提现的金额 0 元"
        f"（{doc_head(rule.source)}）"
    )
    return text, merge_sources(df.attrs["sources"], rows_frame(pol, "family.may_not.cash_withdrawal"))


@says("K51")
def _k51_says(*, region="national", year=None, monthly_salary=8000, age=30, years=10, annual_spending=0):
    from ...rules import account

    y = rule_year(year)
    n = _span(years, age)
    pol = account.policy_for_year(region, y)
    kw = dict(region=region, start_year=y, annual_spending=annual_spending)
    rule = account.project_balance(monthly_salary, age, n, **kw)
    flat = account.project_balance(monthly_salary, age, n, interest_rate=pol["account.interest_rate_current"], **kw)
    text = (
        f"{n} 年利息：按 44 号文口径（当年活期、结转三个月定期）{rule['interest'].sum():,.2f} 元；"
        f"全按活期只有 {flat['interest'].sum():,.2f} 元"
    )
    return text, rule.attrs["sources"]


@says("K52")
def _k52_says(*, region="national", year=None, monthly_salary=8000, age=30, retiree_age=65):
    from ...rules import account

    y = rule_year(year)
    working_age = min(age, int(account.statutory_retire_age([age], y)[0]) - 1)  # the same person while at work
    working = account.project_balance(monthly_salary, working_age, 1, region=region, start_year=y)
    retired = account.project_balance(0, retiree_age, 1, region=region, start_year=y)
    text = (
        f"在职：每月按缴费划入 {working['credited'].iloc[0] / 12:,.2f} 元（{y} 年，月工资 {monthly_salary:,}）；"
        f"退休（{retiree_age} 岁）不再缴费，每月由统筹定额划入 {retired['credited'].iloc[0] / 12:,.2f} 元，"
        "与工资无关；划入日期各地不同"
    )
    return text, merge_sources(working.attrs["sources"], retired.attrs["sources"])
