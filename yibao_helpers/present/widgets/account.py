"""The 自己试试 explorer of notebook 01 (personal account): sliders and a region dropdown redraw the balance chart.

A bad combination (e.g. a region without data for the chosen year) prints a short Chinese message
instead of a traceback.
"""

from __future__ import annotations

import functools

from ...core.errors import YibaoInputError
from .. import figures
from ..charts import account as account_charts
from .common import explorer, message, region_dropdown, slider


def render_balance(monthly_salary, age, years, annual_spending, region, start_year=None):
    """Compute and draw one balance projection; a bad combination prints a short Chinese message."""
    from ...rules import account

    years = min(years, 100 - age + 1)
    try:
        df = account.project_balance(
            monthly_salary, age, years, region=region, start_year=start_year, annual_spending=annual_spending
        )
    except YibaoInputError as exc:
        print(message(exc))
        return None
    last = df.iloc[-1]
    print(
        f"{int(last['year'])} 年末余额 {last['balance']:,.2f} 元；累计划入 {df['credited'].sum():,.2f} 元，"
        f"利息 {df['interest'].sum():,.2f} 元，支出 {df['spent'].sum():,.2f} 元，账户不足自付 {df['unpaid'].sum():,.2f} 元。"
    )
    figures.show(account_charts.plot_balance(df))
    return df


def balance_explorer(
    *,
    region: str = "national",
    monthly_salary: float = 8000,
    age: int = 30,
    years: int = 30,
    annual_spending: float = 0,
    start_year: int | None = None,
):
    """Sliders for salary, age, years and yearly spending plus a region dropdown → balance chart."""
    controls = {
        "monthly_salary": slider(monthly_salary, 0, 60000, "月工资（元）", step=500),
        "age": slider(age, 16, 100, "年龄（岁）"),
        "years": slider(years, 1, 60, "年数（年）"),
        "annual_spending": slider(annual_spending, 0, 20000, "每年支出（元）", step=100),
        "region": region_dropdown(region),
    }
    rows = [["monthly_salary", "age"], ["years", "annual_spending"], ["region"]]
    return explorer(functools.partial(render_balance, start_year=start_year), controls, rows)
