"""Claims about 缴费 settled with numbers (registered with :mod:`yibao_helpers.content.demos`)."""

from __future__ import annotations

from ...params import load_policy, region_name, rule_year, sources_frame
from ...params.text import short_source
from ...rules import contribution
from ...scenarios import contributions
from ..claims import claim_row, parse_numbers
from . import compared, demo, origin_zh, rows_frame, says


def standard_zh(sources, year: int) -> str:
    """How a page names the resident standard it used: ``全国城乡居民医保个人缴费标准`` when the rows are national,
    else the stand-in said as one (the year's national standard is not in the data)."""
    if len(sources) and (sources["region"] == "national").all():
        return "全国城乡居民医保个人缴费标准"
    return f"城乡居民医保个人缴费（{year} 年全国标准未收录，用{region_name(sources['region'].iloc[0])}的示例值）"


@demo("K05", needs=("contribution",))
def _k05(numbers, year=None):
    y = rule_year(year)
    flows = contribution.resident_flows(y)
    rule = float(flows["individual"].iloc[0])
    claim = numbers["contribution"]
    to_account = float(flows["to_account"].iloc[0])
    expl = (
        f"说法里的 {claim:,.0f} 元只是某一年的标准；{y} 年{standard_zh(flows.attrs['sources'], y)}为 {rule:,.0f} 元"
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
        f"缴费基数按上年全口径平均工资的 {lo:.0%} 封底、{hi:.0%} 封顶（{short_source(pol.source('employee.base_floor_ratio'))}），"
        f"与说法一致；{region_name(region)}单位费率为 {emp:.1%}（{origin_zh(src, region)}），在说法的 6%–12% 之间。"
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


# --------------------------------------------------------------------------- sentences of notebook 02 (常见误区)


def _claimed(claim_id: str) -> dict[str, float]:
    """The claim's own numbers (``claim_numbers`` of the claims table)."""
    return parse_numbers(claim_row(claim_id)["claim_numbers"])


def _amount(x) -> str:
    """A number as the claim says it: 350, 8,000, 12.5."""
    return f"{float(x):,.0f}" if float(x).is_integer() else f"{float(x):,.2f}"


@says("K05")
def _k05_says(*, year=None):
    # the national resident standard of every year with data (data/contribution.csv, national rows)
    history = contributions.resident_history(rule_year(year))
    claimed = _claimed("K05")["contribution"]
    years = "、".join(str(y) for y in history.loc[history["individual"] == claimed, "year"]) or "没有任何一"
    latest = history.iloc[-1]
    return (
        f"不设账户对：个人缴费全部进统筹，划入账户 {latest['to_account']:,.0f} 元；但 {_amount(claimed)} 元只是 "
        f"{years} 年的全国标准，{int(latest['year'])} 年是 {latest['individual']:,.0f} 元",
        history.attrs["sources"],
    )


@says("K14")
def _k14_says(*, region="national", year=None):
    res = contributions.resident_flows_resolved(year, region=region)
    r = res.iloc[0]
    return (
        f"每人每年个人 {r['individual']:,.2f} + 财政 {r['subsidy']:,.2f} = {r['total']:,.2f} 元，"
        f"进个人账户 {r['to_account']:,.0f} 元：没有账户就没有余额；查到的是缴费记录（个人缴 {r['individual']:,.2f} 元）",
        res.attrs["sources"],
    )


@says("K20")
def _k20_says(*, year=None):
    region = "chongqing"  # the claim is about 重庆
    history = contributions.resident_history(rule_year(year), region=region)
    cq = history.iloc[-1]
    return (
        f"{region_name(region)} {int(cq['year'])} 年居民个人缴 {cq['individual']:,.0f} 元，"
        f"进个人账户 {cq['to_account']:,.0f} 元",
        history.attrs["sources"],
    )


@says("K25")
def _k25_says(*, region="national", year=None, monthly_salary=8000, age=40, retiree_age=65):
    flows = contributions.flow_table(monthly_salary, region=region, year=year, age=age, retiree_age=retiree_age)
    emp, ret, res = (flows.attrs[k].iloc[0] for k in ("employee", "retired", "resident"))
    return (
        f"在职职工每年划入 {emp['to_account']:,.2f} 元，退休职工 {ret['to_account']:,.2f} 元；"
        f"城乡居民 {res['to_account']:,.0f} 元（没有账户）",
        flows.attrs["sources"],
    )


@says("K32")
def _k32_says(*, year=None, monthly_salary=8000):
    region = "beijing"  # the claim is about 北京
    y = rule_year(year)
    pol = load_policy(region, y)
    basic, large = float(pol["employee.employer_rate"]), float(pol["employee.large_amount_employer_rate"])
    individual, extra = float(pol["employee.individual_rate"]), float(pol["employee.large_amount_individual"])
    flows = contribution.employee_flows(monthly_salary, region=region, year=y)
    return (
        f"{region_name(region)} {y} 年：单位缴 {round(basic + large, 6):.0%}（基本医疗 {basic:.0%} + 大额互助 {large:.0%}），"
        f"个人缴 {individual:.0%} 再加每月 {extra:g} 元大额互助，不是每月 {_amount(_claimed('K32')['large_amount_individual'])} 元；"
        f"月工资 {_amount(monthly_salary)} 元时个人一年共缴 {flows['employee'].iloc[0]:,.2f} 元",
        flows.attrs["sources"],
    )
