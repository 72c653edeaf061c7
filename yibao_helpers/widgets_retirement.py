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

from . import charts_retirement as charts
from . import plotting, retirement
from .errors import YibaoInputError
from .policy import region_name, regions
from .widgets import live_output

STYLE = {"description_width": "initial"}
SEX_OPTIONS = [("男", "male"), ("女", "female")]
# Slider ranges: what a person can enter (not policy numbers).
BIRTH_YEAR_RANGE = (1950, 2005)
YEARS_RANGE = (0, 50)
INDEX_RANGE = (0.0, 3.0)
AGE_RANGE = (40, 70)
BALANCE_MAX = 1_000_000
WAGE_MAX = 60_000


def _fail(exc: YibaoInputError) -> None:
    print("无法计算：" + str(exc).splitlines()[0])


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
    plotting.show(charts.plot_retirement_ages(_grid(lo, hi), person=person))
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
    import ipywidgets as w
    from IPython.display import display

    y, m = (int(v) for v in str(birth)[:7].split("-"))
    year_w = w.IntSlider(
        value=min(max(y, BIRTH_YEAR_RANGE[0]), BIRTH_YEAR_RANGE[1]),
        min=BIRTH_YEAR_RANGE[0],
        max=BIRTH_YEAR_RANGE[1],
        description="出生年（年）",
        style=STYLE,
        continuous_update=False,
    )
    month_w = w.IntSlider(value=m, min=1, max=12, description="出生月", style=STYLE, continuous_update=False)
    group_w = _dropdown([(z, g) for g, z in retirement.GROUP_ZH.items()], retirement.group_code(group), "人员类别")

    def draw(birth_year, birth_month, group):
        render_retirement(birth_year, birth_month, group, years_paid, first_year=first_year, last_year=last_year)

    out = live_output(draw, {"birth_year": year_w, "birth_month": month_w, "group": group_w})
    box = w.VBox([w.HBox([year_w, month_w]), group_w, out])
    display(box)
    return box


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
    plotting.show(charts.plot_topup(curve, person=a))
    return trace


def topup_calculator(
    *, region: str = "xuzhou", sex: str = "male", years_paid: float = 18, local_years: float | None = None
):
    """Region dropdown (regions with medical-years data), sex, years paid and local years → top-up chart."""
    import ipywidgets as w
    from IPython.display import display

    reg = _dropdown(_region_options(charts.medical_years_regions()), region, "地区 region")
    sex_w = _dropdown(SEX_OPTIONS, retirement.sex_code(sex), "性别")
    total_w = w.FloatSlider(
        value=float(years_paid),
        min=YEARS_RANGE[0],
        max=YEARS_RANGE[1],
        step=0.5,
        description="累计缴费年限（年）",
        style=STYLE,
        continuous_update=False,
    )
    local_w = w.FloatSlider(
        value=float(years_paid if local_years is None else local_years),
        min=YEARS_RANGE[0],
        max=YEARS_RANGE[1],
        step=0.5,
        description="其中本地实际（年）",
        style=STYLE,
        continuous_update=False,
    )

    def draw(region, sex, years_paid, local_years):
        render_topup(region, sex, years_paid, local_years)

    out = live_output(draw, {"region": reg, "sex": sex_w, "years_paid": total_w, "local_years": local_w})
    box = w.VBox([w.HBox([reg, sex_w]), w.HBox([total_w, local_w]), out])
    display(box)
    return box


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
    plotting.show(charts.plot_pension_stack(df, extra="其他年限的账户余额按年限等比例估算（同样缴费水平、不计利息）"))
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
    import ipywidgets as w
    from IPython.display import display

    index_w = w.FloatSlider(
        value=float(index),
        min=INDEX_RANGE[0],
        max=INDEX_RANGE[1],
        step=0.05,
        description="平均缴费指数",
        style=STYLE,
        continuous_update=False,
    )
    years_w = w.FloatSlider(
        value=float(years),
        min=1,
        max=YEARS_RANGE[1],
        step=0.5,
        description="缴费年限（年）",
        style=STYLE,
        continuous_update=False,
    )
    age_w = w.IntSlider(
        value=int(age),
        min=AGE_RANGE[0],
        max=AGE_RANGE[1],
        description="退休年龄（岁）",
        style=STYLE,
        continuous_update=False,
    )
    months_w = w.IntSlider(
        value=int(extra_months), min=0, max=11, description="另加（个月）", style=STYLE, continuous_update=False
    )
    balance_w = w.IntSlider(
        value=int(balance),
        min=0,
        max=BALANCE_MAX,
        step=5000,
        description="账户余额（元）",
        style=STYLE,
        continuous_update=False,
    )
    reg = _dropdown(_region_options(regions()), region, "地区 region")

    def draw(index, years, age, extra_months, balance, region):
        render_pension(
            index,
            years,
            age,
            extra_months,
            balance,
            pre_account_years=pre_account_years,
            avg_wage=avg_wage,
            region=region,
        )

    out = live_output(
        draw,
        {
            "index": index_w,
            "years": years_w,
            "age": age_w,
            "extra_months": months_w,
            "balance": balance_w,
            "region": reg,
        },
    )
    box = w.VBox([w.HBox([index_w, years_w]), w.HBox([age_w, months_w]), w.HBox([balance_w, reg]), out])
    display(box)
    return box


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
    plotting.show(charts.plot_maternity(table))
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
    from IPython.display import display

    wage_w = w.IntSlider(
        value=int(avg_monthly_wage),
        min=0,
        max=WAGE_MAX,
        step=500,
        description="单位月平均工资（元）",
        style=STYLE,
        continuous_update=False,
    )
    reg = _dropdown(_region_options(regions()), region, "地区 region")
    babies_w = w.IntSlider(value=int(babies), min=1, max=4, description="婴儿数", style=STYLE, continuous_update=False)
    order_w = w.IntSlider(
        value=int(child_order), min=1, max=4, description="第几孩", style=STYLE, continuous_update=False
    )
    dys_w = w.Checkbox(value=bool(dystocia), description="难产或剖宫产", style=STYLE)
    within_w = w.Checkbox(value=bool(within_policy), description="符合当地生育条例", style=STYLE)

    def draw(avg_monthly_wage, region, babies, dystocia, child_order, within_policy):
        render_maternity(avg_monthly_wage, region, babies, dystocia, child_order, within_policy)

    out = live_output(
        draw,
        {
            "avg_monthly_wage": wage_w,
            "region": reg,
            "babies": babies_w,
            "dystocia": dys_w,
            "child_order": order_w,
            "within_policy": within_w,
        },
    )
    box = w.VBox([w.HBox([wage_w, reg]), w.HBox([babies_w, order_w]), w.HBox([dys_w, within_w]), out])
    display(box)
    return box
