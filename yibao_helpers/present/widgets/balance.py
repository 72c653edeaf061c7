"""Sliders for why the balance changed (notebook 05): two account years → the waterfall of the difference."""

from __future__ import annotations

from ...params import data_as_of
from ...scenarios import balance as scenario
from ..charts import balance as charts
from .common import explorer, money_slider, region_dropdown, show_example, slider


def render_change(
    monthly_salary_before,
    monthly_salary_after,
    age_before,
    year_before,
    year_after=None,
    spending_before=0.0,
    spending_after=0.0,
    opening_balance_before=0.0,
    opening_balance_after=0.0,
    region: str = "national",
    *,
    draw: bool = True,
):
    """Callback: decompose the change between two account years (:func:`scenarios.balance.change_example`)
    and draw :func:`charts.balance.plot_waterfall`."""

    def build():
        before, after = scenario.change_situations(
            monthly_salary_before,
            monthly_salary_after,
            age_before,
            year_before,
            year_after,
            spending_before=spending_before,
            spending_after=spending_after,
            opening_balance_before=opening_balance_before,
            opening_balance_after=opening_balance_after,
            region=region,
        )
        return scenario.change_example(before, after)

    def chart(ex):
        title = "余额变化拆解：每个因素各变了多少（元/年）"
        return charts.plot_waterfall(ex.table, title=title, region=region, on=ex.after["year"])

    return show_example(build, scenario.change_summary, chart, draw)


def change_explorer(
    *,
    region: str = "national",
    monthly_salary_before: float = 7500,
    monthly_salary_after: float = 8000,
    age_before: int = 34,
    year_before: int | None = None,
    year_after: int | None = None,
    spending_before: float = 1000,
    spending_after: float = 4000,
    opening_balance_before: float = 5000,
    opening_balance_after: float = 8000,
):
    """Sliders for the two years (salary, age, years, spending, opening balance) → waterfall chart."""
    newest = data_as_of().year
    lo = scenario.first_data_year(region)
    after = newest if year_after is None else year_after
    year_before = after - 1 if year_before is None else year_before
    controls = {
        "monthly_salary_before": money_slider(monthly_salary_before, "以前月工资（元）"),
        "monthly_salary_after": money_slider(monthly_salary_after, "现在月工资（元）"),
        "age_before": slider(age_before, 16, 100, "以前年龄（岁）"),
        "region": region_dropdown(region),
        "year_before": slider(year_before, lo, newest, "以前年份（年）"),
        "year_after": slider(after, lo, newest, "现在年份（年）"),
        "spending_before": money_slider(spending_before, "以前年支出（元/年）", hi=20000, step=100),
        "spending_after": money_slider(spending_after, "现在年支出（元/年）", hi=20000, step=100),
        "opening_balance_before": money_slider(opening_balance_before, "以前年初余额（元）"),
        "opening_balance_after": money_slider(opening_balance_after, "现在年初余额（元）"),
    }
    rows = [
        ["monthly_salary_before", "monthly_salary_after"],
        ["age_before", "region"],
        ["year_before", "year_after"],
        ["spending_before", "spending_after"],
        ["opening_balance_before", "opening_balance_after"],
    ]
    return explorer(render_change, controls, rows)
