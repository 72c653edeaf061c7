"""Claims about 缴费 settled with numbers (registered with :mod:`yibao_helpers.content.demos`)."""

from __future__ import annotations

from ...params import load_policy, rule_year, sources_frame
from . import compared, demo, rows_frame


@demo("K05", needs=("contribution",))
def _k05(numbers, year=None):
    from ...rules import contribution

    y = rule_year(year)
    flows = contribution.resident_flows(y)
    rule = float(flows["individual"].iloc[0])
    claim = numbers["contribution"]
    to_account = float(flows["to_account"].iloc[0])
    expl = (
        f"说法里的 {claim:,.0f} 元只是某一年的标准；{y} 年全国城乡居民医保个人缴费标准为 {rule:,.0f} 元"
        f"（另有财政补助 {float(flows['subsidy'].iloc[0]):,.0f} 元），划入个人账户 {to_account:,.0f} 元——"
        f"“不设个人账户”这一半是对的。"
    )
    pairs = compared(("个人缴费（元/年）", claim, rule, "yuan/year"), ("划入个人账户", 0.0, to_account, "yuan/year"))
    return f"{y} 年居民医保个人缴费", claim, rule, "yuan/year", expl, flows.attrs["sources"], pairs


@demo("K32", needs=("employer_rate", "individual_rate", "large_amount_individual"))
def _k32(numbers, year=None):
    y = rule_year(year)
    pol = load_policy("beijing", y)
    employer = round(float(pol["employee.employer_rate"]) + float(pol["employee.large_amount_employer_rate"]), 6)
    individual = float(pol["employee.individual_rate"])
    extra = float(pol["employee.large_amount_individual"])
    src = rows_frame(
        pol,
        "employee.employer_rate",
        "employee.large_amount_employer_rate",
        "employee.individual_rate",
        "employee.large_amount_individual",
    )
    expl = (
        f"北京：单位缴 {employer:.0%}（基本医疗 {float(pol['employee.employer_rate']):.0%} + 大额互助 "
        f"{float(pol['employee.large_amount_employer_rate']):.0%}），个人缴 {individual:.0%} 再加每月 {extra:g} 元大额互助，"
        f"不是每月 {numbers['large_amount_individual']:g} 元。"
    )
    pairs = compared(
        ("个人大额互助（元/月）", numbers["large_amount_individual"], extra, "yuan/month"),
        ("单位费率（含大额互助）", numbers["employer_rate"], employer, "ratio"),
        ("个人费率", numbers["individual_rate"], individual, "ratio"),
    )
    return "个人每月另缴的大额互助", numbers["large_amount_individual"], extra, "yuan/month", expl, src, pairs


@demo("K41", needs=("floor_ratio", "ceiling_ratio"))
def _k41(numbers, region="national", year=None):
    y = rule_year(year)
    pol = load_policy(region, y)
    lo, hi = float(pol["employee.base_floor_ratio"]), float(pol["employee.base_ceiling_ratio"])
    emp = float(pol["employee.employer_rate"])
    src = rows_frame(pol, "employee.base_floor_ratio", "employee.base_ceiling_ratio", "employee.employer_rate")
    expl = (
        f"缴费基数按上年平均工资的 {lo:.0%} 封底、{hi:.0%} 封顶，与说法一致；地区 {region} 单位费率为 {emp:.1%}，"
        f"在说法的 6%–12% 之间。"
    )
    pairs = compared(
        ("基数下限（占平均工资）", numbers["floor_ratio"], lo, "ratio"),
        ("基数上限（占平均工资）", numbers["ceiling_ratio"], hi, "ratio"),
    )
    return "基数下限占平均工资", numbers["floor_ratio"], lo, "ratio", expl, src, pairs


@demo("K42", needs=("year", "floor", "ceiling"))
def _k42(numbers):
    y = int(numbers["year"])  # the year the claim is about
    pol = load_policy("shanghai", f"{y}-07-01")
    lo, hi = float(pol["employee.base_floor"]), float(pol["employee.base_ceiling"])
    src = rows_frame(pol, "employee.base_floor", "employee.base_ceiling")
    since = pol.row("employee.base_ceiling").effective_from.isoformat()
    expl = (
        f"上海 {y} 年 7 月起（{since} 生效）的缴费基数为每月 {lo:,.0f}–{hi:,.0f} 元；"
        f"说法的 {numbers['floor']:,.0f}–{numbers['ceiling']:,.0f} 元是旧数。"
    )
    pairs = compared(
        ("基数上限", numbers["ceiling"], hi, "yuan/month"), ("基数下限", numbers["floor"], lo, "yuan/month")
    )
    return f"上海 {y} 年缴费基数上限", numbers["ceiling"], hi, "yuan/month", expl, src, pairs


@demo("K45", needs=("year",))
def _k45(numbers):
    pol = load_policy("national")
    row = pol.row("employee.employer_rate")
    rule = float(row.effective_from.year)
    expl = (
        f"数据中全国职工医保缴费规则的最早生效日期是 {row.effective_from.isoformat()}（{row.source}），"
        f"即 {rule:.0f} 年。"
    )
    pairs = compared(("统筹制度开始的年份", numbers["year"], rule, "year"))
    return "统筹制度开始的年份", numbers["year"], rule, "year", expl, sources_frame([row]), pairs
