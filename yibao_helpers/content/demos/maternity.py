"""Claims about 生育保险 (notebook 09): the sentences of its 常见误区 table (registered with
:mod:`yibao_helpers.content.demos`).

Each function takes the page's inputs as keywords (``claims_table`` passes the ones it accepts): the region,
the unit's average monthly wage and the birth (``babies, dystocia, child_order, within_policy``), and
recomputes the numbers with :mod:`yibao_helpers.rules.maternity`.
"""

from __future__ import annotations

from ...core.money import MONTHS
from ...params import load_policy, region_name, regions, rule_year, sources_frame
from . import origin_zh, says

# The claims' own numbers (claims.csv, claim_zh of K24 and K47), not data: nothing in data/ says so.
K24_SAID_DAYS = (10, 15)  # 江苏护理假 10 到 15 天
K24_REGION = "jiangsu"
K46_REGION = "zhejiang"  # 绍兴's province
K47_SAID_MIN_WAGE = 1000  # an example minimum wage (元/月): the claim gives no amount
K47_SAID_RATIOS = (0.8, 0.9)  # 最低工资 ÷ 30 × 天数 × 80% 或 90%
K47_REGION = "shandong"  # 临沂's province


def _birth(babies, dystocia, child_order, within_policy) -> dict:
    return dict(babies=babies, dystocia=dystocia, child_order=child_order, within_policy=within_policy)


def _leave_and_pay(region, on, avg_monthly_wage, birth) -> tuple[int, float]:
    """(leave days, allowance) of the page's birth and wage in ``region``."""
    from ...rules import maternity

    days = maternity.leave_days(region=region, on=on, **birth)
    return days, float(maternity.maternity_allowance(avg_monthly_wage, days, region=region, on=on))


@says("K22")
def _k22_says(
    *, region="national", year=None, avg_monthly_wage=9000, babies=1, dystocia=False, child_order=1, within_policy=True
):
    from ...rules import maternity

    on = rule_year(year)
    spouse = maternity.spouse_birth_coverage(region=region, on=on)
    _days, amount = _leave_and_pay(region, on, avg_monthly_wage, _birth(babies, dystocia, child_order, within_policy))
    return f"社会保险法第五十四条（{spouse['since']} 起）：报销生育医疗费用；但生育津贴 0 元——对比本人参保的 {amount:,.2f} 元"


@says("K23")
def _k23_says(
    *, region="national", year=None, avg_monthly_wage=9000, babies=1, dystocia=False, child_order=1, within_policy=True
):
    on = rule_year(year)
    merged = load_policy("national", on).row("maternity.merged_with_medical_since").value
    _days, amount = _leave_and_pay(region, on, avg_monthly_wage, _birth(babies, dystocia, child_order, within_policy))
    return (
        f"{merged.isoformat()} 起合并实施（国办发〔2019〕10号）；生育医疗费只从职工医保基金付一次，"
        f"生育津贴照发：本例 {amount:,.2f} 元"
    )


@says("K24")
def _k24_says(*, year=None, avg_monthly_wage=9000):
    from ...rules import maternity

    on = rule_year(year)
    per = float(load_policy("national", on)["maternity.daily_wage_days"])
    pay = [maternity.maternity_allowance(avg_monthly_wage, d, region=K24_REGION, on=on) for d in K24_SAID_DAYS]
    return (
        f"数据里没有护理假天数和津贴规则（未找到原文）；若按生育津贴同样的 ÷{per:g} 算法，"
        f"月平均工资 {avg_monthly_wage:,} 元时 {K24_SAID_DAYS[0]}/{K24_SAID_DAYS[1]} 天 = {pay[0]:,.2f}/{pay[1]:,.2f} 元"
    )


@says("K46")
def _k46_says(*, year=None, avg_monthly_wage=9000, babies=1, dystocia=False, child_order=1, within_policy=True):
    from ...rules import maternity
    from ...scenarios.maternity import daily_rule

    on = rule_year(year)
    days, legal = _leave_and_pay(K46_REGION, on, avg_monthly_wage, _birth(babies, dystocia, child_order, within_policy))
    wage = load_policy("national", on).row("wage.avg_annual_prev_year")
    avg_social = float(wage.value) / MONTHS
    social = maternity.maternity_allowance(avg_social, days, region=K46_REGION, on=on)
    return (
        f"法定口径是单位上年度职工月平均工资：{region_name(K46_REGION)} {days} 天，{avg_monthly_wage:,} 元 "
        f"{daily_rule(K46_REGION, on)} × {days} = {legal:,.2f} 元；数据里没有绍兴规定，也没有浙江的“全口径”工资；"
        f"用数据中的城镇非私营单位月平均工资 {avg_social:,.2f} 元（{origin_zh(sources_frame([wage]))}）作基数则是 "
        f"{social:,.2f} 元"
    )


@says("K47")
def _k47_says(*, year=None, avg_monthly_wage=9000, babies=1, dystocia=False, child_order=1, within_policy=True):
    from ...rules import maternity

    on = rule_year(year)
    days, legal = _leave_and_pay(K47_REGION, on, avg_monthly_wage, _birth(babies, dystocia, child_order, within_policy))
    said = [
        maternity.maternity_allowance(K47_SAID_MIN_WAGE * r, days, region=K47_REGION, on=on) for r in K47_SAID_RATIOS
    ]
    return (
        f"数据里没有临沂规定和最低工资；按说法每 {K47_SAID_MIN_WAGE:,} 元最低工资、{days} 天 = "
        f"{said[0]:,.2f}/{said[1]:,.2f} 元；法定口径按单位上年度职工月平均工资（本例 {avg_monthly_wage:,} 元）是 "
        f"{legal:,.2f} 元"
    )


@says("K48")
def _k48_says(*, year=None):
    from ...scenarios.maternity import flexible_covered_regions

    on = rule_year(year)
    covered = flexible_covered_regions(on=on)
    later = [c for c in flexible_covered_regions(on=rule_year(None) + 5) if c not in covered]
    shown = "、".join(region_name(c) for c in covered) or "无"
    soon = f"；{'、'.join(region_name(c) for c in later)}的规定在此之后生效" if later else ""
    # missing data are not a national fact (reviews/data-truth.md lesson 5): say what the data hold, and no more
    return (
        f"{on} 年本项目收录的 {len(regions())} 个地区里，数据中已有纳入规定的是 {len(covered)} 个（{shown}）{soon}；"
        "其余地区数据中没有这条规定——未收录，不等于当地不纳入"
    )
