"""ipywidgets controls for notebooks 07–09 (retirement and medical years, pensions, maternity).

Each ``render_*`` callback computes with the tested calculators, prints the key numbers in
Chinese and redraws the same chart function as the notebook's static cell
(:mod:`yibao_helpers.charts_retirement`); bad input (a region without data, local years above
the total, an age outside the 计发月数 table …) prints ``无法计算：…`` instead of a traceback and
returns ``None``. The ``*_explorer`` / ``*_calculator`` builders wire sliders to a callback.
"""

from __future__ import annotations

import functools

import pandas as pd

from ...core.errors import YibaoInputError
from ...params import region_name, regions
from ...rules import retirement
from .. import figures
from ..charts import retirement as charts
from .common import STYLE, explorer, message, slider

SEX_OPTIONS = [("男", "male"), ("女", "female")]
# Slider ranges: what a person can enter (not policy numbers).
BIRTH_YEAR_RANGE = (1950, 2005)
YEARS_RANGE = (0, 50)
INDEX_RANGE = (0.0, 3.0)
AGE_RANGE = (40, 70)
BALANCE_MAX = 1_000_000
WAGE_MAX = 60_000


def _fail(exc: YibaoInputError) -> None:
    print(message(exc))


@functools.lru_cache(maxsize=16)
def _grid(first_year: int, last_year: int) -> pd.DataFrame:
    return charts.retirement_age_grid(first_year, last_year)


def _dropdown(options, value, description):
    import ipywidgets as w

    values = [v for _, v in options]
    return w.Dropdown(
        options=options, value=value if value in values else values[0], description=description, style=STYLE
    )


def _region_options(codes):
    return [(f"{region_name(c)}（{c}）", c) for c in codes]


# --------------------------------------------------------------------------- retirement age


def render_retirement(
    birth_year: int,
    birth_month: int,
    group: str,
    years_paid: float | None = None,
    *,
    first_year: int = 1955,
    last_year: int = 1995,
):
    """Statutory age and date for one birth month and group; draws :func:`charts.plot_retirement_ages`."""
    try:
        birth = f"{int(birth_year):04d}-{int(birth_month):02d}"
        person = retirement.retirement_table(birth, group)
        window = retirement.flexible_window(birth, group, contribution_years=years_paid).iloc[0]
    except (YibaoInputError, ValueError) as exc:
        if isinstance(exc, YibaoInputError):
            _fail(exc)
        else:
            print(f"无法计算：出生年月 {birth_year}-{birth_month} 无效")
        return None
    row = person.iloc[0]
    early = (
        ""
        if years_paid is None
        else (
            "，已满足弹性提前的最低缴费年限"
            if window["early_allowed"]
            else f"，缴费 {years_paid:g} 年不够弹性提前（需 {window['min_years_at_earliest']:g} 年）"
        )
    )
    print(
        f"{birth_year}年{birth_month}月出生的{retirement.GROUP_ZH[row['group']]}：法定退休年龄 {row['age']}"
        f"（延迟 {row['delay_months']} 个月），{pd.Timestamp(row['retirement_date']).date().isoformat()} 退休；"
        f"弹性区间 {window['earliest_age']} 至 {window['latest_age']}{early}。"
    )
    lo, hi = min(first_year, int(birth_year)), max(last_year, int(birth_year))
    figures.show(charts.plot_retirement_ages(_grid(lo, hi), person=person))
    return person


def retirement_explorer(
    *,
    birth: str = "1975-06",
    group: str = "male",
    years_paid: float | None = None,
    first_year: int = 1955,
    last_year: int = 1995,
):
    """Birth year / month sliders and a group dropdown → retirement-age chart with the person marked."""
    y, m = (int(v) for v in str(birth)[:7].split("-"))
    controls = {
        "birth_year": slider(y, *BIRTH_YEAR_RANGE, "出生年（年）"),
        "birth_month": slider(m, 1, 12, "出生月"),
        "group": _dropdown([(z, g) for g, z in retirement.GROUP_ZH.items()], retirement.group_code(group), "人员类别"),
    }
    draw = functools.partial(render_retirement, years_paid=years_paid, first_year=first_year, last_year=last_year)
    return explorer(draw, controls, [["birth_year", "birth_month"], ["group"]])


# --------------------------------------------------------------------------- medical years top-up


def render_topup(region: str, sex: str, years_paid: float, local_years: float | None = None):
    """Missing medical-insurance years and the one-time top-up; draws :func:`charts.plot_topup`."""
    try:
        trace = charts.topup_trace(region, sex, years_paid, local_years)
        curve = charts.topup_curve(region, sex)
    except YibaoInputError as exc:
        _fail(exc)
        return None
    a = trace.attrs
    if a["qualifies"]:
        print(f"{region_name(region)}：{a['total_years']:g} 年已达到最低年限，退休后不用再缴费，也不用补缴。")
    else:
        print(
            f"{region_name(region)}：还差 {a['missing_years']:g} 年，一次性补缴约 {a['cost']:,.2f} 元（补缴基数和费率多为示例值）。"
        )
    figures.show(charts.plot_topup(curve, person=a))
    return trace


def topup_calculator(
    *, region: str = "xuzhou", sex: str = "male", years_paid: float = 18, local_years: float | None = None
):
    """Region dropdown (regions with medical-years data), sex, years paid and local years → top-up chart."""
    controls = {
        "region": _dropdown(_region_options(charts.medical_years_regions()), region, "地区 region"),
        "sex": _dropdown(SEX_OPTIONS, retirement.sex_code(sex), "性别"),
        "years_paid": slider(years_paid, *YEARS_RANGE, "累计缴费年限（年）", step=0.5),
        "local_years": slider(
            years_paid if local_years is None else local_years, *YEARS_RANGE, "其中本地实际（年）", step=0.5
        ),
    }
    return explorer(render_topup, controls, [["region", "sex"], ["years_paid", "local_years"]])


# --------------------------------------------------------------------------- pension


def render_pension(
    index: float,
    years: float,
    age: int,
    extra_months: int,
    balance: float,
    *,
    pre_account_years: float = 0.0,
    avg_wage: float | None = None,
    region: str = "national",
):
    """The person's monthly pension and its three parts; draws :func:`charts.plot_pension_stack`."""
    try:
        df = charts.pension_by_years(
            avg_wage,
            index,
            years,
            balance,
            age,
            extra_months=extra_months,
            pre_account_years=pre_account_years,
            region=region,
        )
    except YibaoInputError as exc:
        _fail(exc)
        return None
    me = df[df["is_person"]].iloc[0]
    print(
        f"每月约 {me['total']:,.2f} 元 = 基础 {me['basic']:,.2f} + 个人账户 {me['account']:,.2f}"
        f"（÷ 计发月数 {me['annuity_months']:g}）+ 过渡性 {me['transitional']:,.2f} 元。"
    )
    figures.show(charts.plot_pension_stack(df, extra="其他年限的账户余额按年限等比例估算（同样缴费水平、不计利息）"))
    return me


def pension_explorer(
    *,
    index: float = 1.0,
    years: float = 30,
    age: int = 60,
    extra_months: int = 0,
    balance: float = 150000,
    pre_account_years: float = 0.0,
    avg_wage: float | None = None,
    region: str = "national",
):
    """Sliders for the contribution index, years, retirement age (+ months) and account balance → stacked chart."""
    controls = {
        "index": slider(index, *INDEX_RANGE, "平均缴费指数", step=0.05),
        "years": slider(years, 1, YEARS_RANGE[1], "缴费年限（年）", step=0.5),
        "age": slider(age, *AGE_RANGE, "退休年龄（岁）"),
        "extra_months": slider(extra_months, 0, 11, "另加（个月）"),
        "balance": slider(balance, 0, BALANCE_MAX, "账户余额（元）", step=5000),
        "region": _dropdown(_region_options(regions()), region, "地区 region"),
    }
    draw = functools.partial(render_pension, pre_account_years=pre_account_years, avg_wage=avg_wage)
    return explorer(draw, controls, [["index", "years"], ["age", "extra_months"], ["balance", "region"]])


# --------------------------------------------------------------------------- maternity


def render_maternity(
    avg_monthly_wage: float,
    region: str,
    babies: int = 1,
    dystocia: bool = False,
    child_order: int = 1,
    within_policy: bool = True,
):
    """Leave days and allowance here and in the comparison provinces; draws :func:`charts.plot_maternity`."""
    try:
        table = charts.maternity_scenarios(
            avg_monthly_wage,
            region=region,
            babies=babies,
            dystocia=dystocia,
            child_order=child_order,
            within_policy=within_policy,
        )
    except YibaoInputError as exc:
        _fail(exc)
        return None
    me = table[table["is_person"]].iloc[0]
    print(
        f"{me['name']}：产假 {me['days']} 天，生育津贴 {me['allowance']:,.2f} 元"
        f"（月平均工资 {avg_monthly_wage:,.0f} 元 {table.attrs['daily_rule']} × {me['days']} 天）。"
    )
    figures.show(charts.plot_maternity(table))
    return table


def maternity_explorer(
    *,
    avg_monthly_wage: float = 9000,
    region: str = "national",
    babies: int = 1,
    dystocia: bool = False,
    child_order: int = 1,
    within_policy: bool = True,
):
    """Wage slider, region dropdown, babies, caesarean/dystocia and birth order → leave-and-allowance chart."""
    import ipywidgets as w

    controls = {
        "avg_monthly_wage": slider(avg_monthly_wage, 0, WAGE_MAX, "单位月平均工资（元）", step=500),
        "region": _dropdown(_region_options(regions()), region, "地区 region"),
        "babies": slider(babies, 1, 4, "婴儿数"),
        "child_order": slider(child_order, 1, 4, "第几孩"),
        "dystocia": w.Checkbox(value=bool(dystocia), description="难产或剖宫产", style=STYLE),
        "within_policy": w.Checkbox(value=bool(within_policy), description="符合当地生育条例", style=STYLE),
    }
    rows = [["avg_monthly_wage", "region"], ["babies", "child_order"], ["dystocia", "within_policy"]]
    return explorer(render_maternity, controls, rows)
