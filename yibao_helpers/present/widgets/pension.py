"""ipywidgets controls for notebook 08 (the monthly pension and its parts).

:func:`render_pension` computes with :func:`yibao_helpers.scenarios.pension.pension_by_years` (for a province:
its 计发基数 and rules), prints the person's pension in Chinese and redraws
:func:`yibao_helpers.present.charts.pension.plot_pension_stack`; bad input (an age outside the 计发月数 table …)
prints ``无法计算：…`` instead of a traceback and returns ``None``.
"""

from __future__ import annotations

import functools

from ...core.errors import YibaoInputError
from ...params import pension_tables
from ...scenarios import pension as scenarios
from .. import figures
from ..charts import pension as charts
from .common import STYLE, explorer, message, region_dropdown, slider

# Slider ranges: what a person can enter (not policy numbers).
INDEX_RANGE = (0.0, 3.0)
YEARS_RANGE = (1, 50)
AGE_RANGE = (40, 70)
BALANCE_MAX = 1_000_000


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
    province: str | None = None,
    retire_year: int | None = None,
):
    """The person's monthly pension and its parts; draws :func:`charts.plot_pension_stack`. With ``province``
    (and ``retire_year``) the province's base and rules (:func:`yibao_helpers.scenarios.pension_province.province_person`)."""
    try:
        df = scenarios.pension_by_years(
            avg_wage,
            index,
            years,
            balance,
            age,
            extra_months=extra_months,
            pre_account_years=pre_account_years,
            region=region,
            province=province,
            retire_year=retire_year,
        )
    except YibaoInputError as exc:
        print(message(exc))
        return None
    me = df[df["is_person"]].iloc[0]
    more = "".join(
        f" + {label} {me[key]:,.2f}"
        for key, label in (("adjustment", "过渡期调整"), ("extra", "地方加发"))
        if me.get(key)
    )
    print(
        f"每月约 {me['total']:,.2f} 元 = 基础 {me['basic']:,.2f} + 养老保险个人账户 {me['account']:,.2f}"
        f"（÷ 计发月数 {me['annuity_months']:g}）+ 过渡性 {me['transitional']:,.2f}{more} 元。"
    )
    figures.show(charts.plot_pension_stack(df, extra=scenarios.OTHER_YEARS_ZH))
    return me


def pension_province_dropdown(value: str):
    """The 31 provinces (their own 计发基数 and rules)."""
    import ipywidgets as w

    table = pension_tables.provinces()
    options = [(f"{zh}（{code}）", code) for code, zh in zip(table["code"], table["name_zh"])]
    return w.Dropdown(options=options, value=value, description="省份 province", style=STYLE)


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
    province: str | None = None,
    retire_year: int | None = None,
):
    """Sliders for the contribution index, years, retirement age (+ months) and 养老保险个人账户 balance → stacked
    chart; a region dropdown, or with ``province`` a province dropdown (the pension rules are provincial)."""
    controls = {
        "index": slider(index, *INDEX_RANGE, "平均缴费指数", step=0.05),
        "years": slider(years, *YEARS_RANGE, "缴费年限（年）", step=0.5),
        "age": slider(age, *AGE_RANGE, "退休年龄（岁）"),
        "extra_months": slider(extra_months, 0, 11, "另加（个月）"),
        "balance": slider(balance, 0, BALANCE_MAX, "养老保险个人账户储存额（元）", step=5000),
    }
    if province is None:
        controls["region"] = region_dropdown(region)
        last = "region"
        draw = functools.partial(render_pension, pre_account_years=pre_account_years, avg_wage=avg_wage)
    else:
        controls["province"] = pension_province_dropdown(pension_tables.check_province(province))
        last = "province"
        draw = functools.partial(
            render_pension,
            pre_account_years=pre_account_years,
            avg_wage=avg_wage,
            region=region,
            retire_year=retire_year,
        )
    return explorer(draw, controls, [["index", "years"], ["age", "extra_months"], ["balance", last]])
