"""ipywidgets controls for notebook 07 (retirement age, medical-insurance years and their top-up).

Each ``render_*`` callback computes with the scenarios of :mod:`yibao_helpers.scenarios.retirement`, prints the
key numbers in Chinese and redraws the same chart function as the notebook's static cell
(:mod:`yibao_helpers.present.charts.retirement`); bad input (a region without data, local years above the
total …) prints ``无法计算：…`` instead of a traceback and returns ``None``. The ``*_explorer`` /
``*_calculator`` builders wire sliders to a callback.
"""

from __future__ import annotations

import functools

import pandas as pd

from ...core.errors import YibaoInputError
from ...params import region_name
from ...rules import retirement
from ...scenarios import retirement as scenarios
from .. import figures
from ..charts import retirement as charts
from .common import STYLE, explorer, message, slider

SEX_OPTIONS = [(zh, code) for code, zh in scenarios.SEX_ZH.items()]
# Slider ranges: what a person can enter (not policy numbers).
BIRTH_YEAR_RANGE = (1950, 2005)
YEARS_RANGE = (0, 50)


@functools.lru_cache(maxsize=16)
def _grid(first_year: int, last_year: int) -> pd.DataFrame:
    return scenarios.retirement_age_grid(first_year, last_year)


def _dropdown(options, value, description):
    """A dropdown of (label, value) options; a value not among them selects the first option."""
    import ipywidgets as w

    values = [v for _, v in options]
    return w.Dropdown(
        options=options, value=value if value in values else values[0], description=description, style=STYLE
    )


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
            print(message(exc))
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
        trace = scenarios.topup_trace(region, sex, years_paid, local_years)
        curve = scenarios.topup_curve(region, sex)
    except YibaoInputError as exc:
        print(message(exc))
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
    """Region dropdown (regions with medical-years data; another region selects the first of them), sex,
    years paid and local years → top-up chart."""
    controls = {
        "region": _dropdown(
            [(f"{region_name(c)}（{c}）", c) for c in scenarios.medical_years_regions()], region, "地区 region"
        ),
        "sex": _dropdown(SEX_OPTIONS, retirement.sex_code(sex), "性别"),
        "years_paid": slider(years_paid, *YEARS_RANGE, "累计缴费年限（年）", step=0.5),
        "local_years": slider(
            years_paid if local_years is None else local_years, *YEARS_RANGE, "其中本地实际（年）", step=0.5
        ),
    }
    return explorer(render_topup, controls, [["region", "sex"], ["years_paid", "local_years"]])
