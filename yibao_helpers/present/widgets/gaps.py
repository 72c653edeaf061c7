"""Sliders for gaps in contributions (断缴, notebook 06): months and years of gap → restart dates and the account."""

from __future__ import annotations

import functools

from ...scenarios import gaps as scenario
from ..charts import gaps as charts
from .common import STYLE, explorer, money_slider, region_dropdown, show_example, slider


def render_gap(
    gap_months,
    gap_years,
    made_up_years,
    monthly_salary,
    age,
    opening_balance=0.0,
    region: str = "national",
    *,
    employment: str = "flexible",
    made_up: bool = True,
    paid_on=None,
    draw: bool = True,
):
    """Callback: restart dates after a gap and the account during it (:func:`scenarios.gaps.gap_example`,
    :func:`charts.gaps.plot_gap_account`)."""

    def build():
        return scenario.gap_example(
            gap_months=gap_months,
            gap_years=gap_years,
            made_up_years=made_up_years,
            monthly_salary=monthly_salary,
            age=age,
            opening_balance=opening_balance,
            region=region,
            employment=employment,
            made_up=made_up,
            paid_on=paid_on,
        )

    return show_example(build, scenario.gap_summary, lambda ex: charts.plot_gap_account(ex.account), draw)


def gap_explorer(
    *,
    region: str = "national",
    gap_months: int = 5,
    gap_years: int = 2,
    made_up_years: int = 0,
    monthly_salary: float = 6500,
    age: int = 40,
    opening_balance: float = 3000,
    employment: str = "flexible",
    paid_on=None,
):
    """Sliders for months of gap (employee), years of gap and years made up (resident, account), salary,
    age and balance; employment and region dropdowns → account-during-gap chart and restart dates."""
    import ipywidgets as w

    controls = {
        "gap_months": slider(gap_months, 0, 36, "职工医保中断（月）"),
        "gap_years": slider(gap_years, 0, 10, "断保/断缴（年）"),
        "made_up_years": slider(made_up_years, 0, 10, "居民医保补缴（年）"),
        "monthly_salary": money_slider(monthly_salary, "缴费基数（元/月）"),
        "age": slider(age, 16, 100, "年龄（岁）"),
        "opening_balance": money_slider(opening_balance, "年初账户余额（元）"),
        "employment": w.Dropdown(
            options=[(label, code) for code, label in reversed(scenario.EMPLOYMENT_ZH.items())],
            value=employment,
            description="参保方式",
            style=STYLE,
        ),
        "region": region_dropdown(region),
    }
    rows = [
        ["gap_months", "gap_years"],
        ["made_up_years", "monthly_salary"],
        ["age", "opening_balance"],
        ["employment", "region"],
    ]
    return explorer(functools.partial(render_gap, paid_on=paid_on), controls, rows)
