"""Claims about 灵活就业与断缴 (notebook 06): the sentences of its 常见误区 table (registered with
:mod:`yibao_helpers.content.demos`).

Each function takes the page's inputs as keywords (``claims_table`` passes the ones it accepts): the region
and year, the flexible worker's base ratio and age, the gap (``gap_months, made_up, gap_years,
made_up_years, opening_balance, employment, paid_on``), and recomputes the numbers with
:func:`yibao_helpers.scenarios.flexible.flexible_example` and :func:`yibao_helpers.scenarios.gaps.gap_example`.
A page about another person (notebook 01) may give ``monthly_salary`` for the contribution base instead.
"""

from __future__ import annotations

import functools

from ...core.errors import YibaoInputError
from ...params import as_date, data_as_of, merge_sources, region_name, rule_year
from . import says

K13_REGION = "jiangsu"  # the province the claim's exception is known for (claims.csv rule_zh of K13)
K29_REGION = "shenzhen"  # the city with tiers without an account (claims.csv rule_zh of K29)


@functools.lru_cache(maxsize=32)
def _flexible(base_ratio, region, year, age):
    """Notebook 06's flexible worker."""
    from ...scenarios.flexible import flexible_example

    return flexible_example(base_ratio, region=region, year=year, age=age)


@says("K06")
def _k06_says(
    *,
    region="national",
    year=None,
    base_ratio=0.6,
    age=40,
    monthly_salary=None,
    employment="flexible",
    gap_months=5,
    made_up=True,
    gap_years=2,
    made_up_years=0,
    opening_balance=3000,
    paid_on=None,
):
    from ...rules import gaps
    from ...scenarios.gaps import gap_example

    if monthly_salary is None:  # notebook 06's flexible worker at base_ratio of the average wage
        flex = _flexible(base_ratio, region, year, age)
        base, start = float(flex.tier1["base"]), flex.year
    else:  # the page's own person (notebook 01)
        base, start = monthly_salary, rule_year(year)
    gap = gap_example(
        gap_months=gap_months,
        gap_years=gap_years,
        made_up_years=made_up_years,
        monthly_salary=base,
        age=age,
        opening_balance=opening_balance,
        region=region,
        employment=employment,
        made_up=made_up,
        paid_on=paid_on,
        start_year=start,
    )
    acct, in_gap = gap.account, gap.in_gap
    if len(in_gap):
        before = acct.loc[acct["year"] < in_gap["year"].iloc[0], "balance"]
        start = float(before.iloc[-1]) if len(before) else float(opening_balance)
        text = (
            f"断缴 {len(in_gap)} 年：划入 {in_gap['credited'].sum():,.2f} 元，利息 {in_gap['interest'].sum():,.2f} 元，"
            f"余额 {start:,.2f} → {in_gap['balance'].iloc[-1]:,.2f} 元；既没停息也没清零"
        )
        sources = gap.sources
    else:  # no gap in this example: one gap year after the same start, for the number
        one = gaps.account_during_gap(
            base, min(age, 98), 3, gap_years=[start + 1], start_year=start,
            opening_balance=opening_balance, region=region,
        )  # fmt: skip
        d = one[one["in_gap"]].iloc[0]
        text = (
            f"本例没有断缴；若断缴 1 年：划入 0 元，利息 {d['interest']:,.2f} 元，"
            f"年末余额 {d['balance']:,.2f} 元（前一年末 {one['balance'].iloc[0]:,.2f} 元）"
        )
        sources = merge_sources(gap.employee.sources, one.attrs["sources"])
    return text + f"。停的是报销待遇：{gap.employee.summary_zh}", sources


@says("K13")
def _k13_says(*, region="national", year=None, base_ratio=0.6, age=40, paid_on=None):
    from ...rules import maternity

    flex = _flexible(base_ratio, region, year, age)
    on = as_date(paid_on, "paid_on") or data_as_of()  # the page's payment date
    here = maternity.flexible_worker_covered(region=region, on=on)
    known = maternity.flexible_worker_covered(region=K13_REGION, on=on)
    days = maternity.leave_days(region=K13_REGION, on=on)
    covered = (
        f"已纳入生育保险（{here['since']} 起）"
        if here["covered"]
        else "本项目数据中没有这里把灵活就业纳入生育保险的规定（未收录，不等于没有）"
    )
    return (
        f"{region_name(region)}灵活就业参加职工医保每年 {flex.tier1['cost']:,.2f} 元，{covered}；"
        f"{region_name(K13_REGION)} {known['since']} 起已把参加职工医保的灵活就业人员纳入生育保险："
        f"顺产可按 {days} 天领生育津贴"
    ), flex.sources


@says("K29")
def _k29_says(*, region="national", year=None, base_ratio=0.6, age=40):
    from ...rules import flexible
    from ...scenarios.flexible import available_tiers

    flex = _flexible(base_ratio, region, year, age)
    name = region_name(K29_REGION)
    try:
        tiers = flexible.compare_with_resident(
            base_ratio, tiers=available_tiers(K29_REGION), region=K29_REGION
        ).set_index("option")
        shown = "；".join(
            f"{r['选项'].split('（')[0]}每年缴 {r['cost']:,.2f} 元、进账户 {r['to_account']:,.2f} 元"
            for opt, r in tiers.iterrows()
            if opt != "resident"
        )
        sources = merge_sources(flex.sources, tiers.attrs["sources"])
    except YibaoInputError:
        shown, sources = f"{name}二、三档数据缺失", flex.sources
    return (
        f"{name}：{shown}。{region_name(region)}一档（基数 {base_ratio:.0%}）每年进账户 {flex.tier1['to_account']:,.2f} 元"
    ), sources
