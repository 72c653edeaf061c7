"""Sliders for family mutual aid (家庭共济, notebook 04): the callback draws one family year with
:func:`.common.show_example` (build, summary, chart) and ``family_explorer`` builds the controls."""

from __future__ import annotations

import functools

from ...params import as_date, data_as_of
from ...scenarios import family as scenario
from ..charts import family as charts
from .common import STYLE, explorer, money_slider, region_dropdown, show_example, slider


def render_family(
    monthly_salary,
    age,
    account_balance,
    worker_costs,
    parent_medical,
    spouse_medical,
    sibling_medical,
    region: str = "national",
    *,
    rule_date=None,
    parent_premium="standard",
    sibling_cross_province: bool = False,
    sibling_bound: bool = True,
    draw: bool = True,
):
    """Callback: simulate the example family's year (:func:`scenarios.family.family_example`) and draw
    :func:`charts.family.plot_family_year`."""

    def build():
        rels = scenario.family_relatives(
            parent_medical,
            spouse_medical,
            sibling_medical,
            parent_premium=parent_premium,
            sibling_cross_province=sibling_cross_province,
            sibling_bound=sibling_bound,
        )
        return scenario.family_example(
            monthly_salary,
            age,
            account_balance=account_balance,
            relatives=rels,
            worker_costs=worker_costs,
            on=rule_date,
            region=region,
        )

    def summary(ex):
        refused = scenario.refusals(ex)
        return "\n".join([scenario.family_summary(ex), *(f"{who}：{why}" for who, why in refused.items())])

    return show_example(build, summary, lambda ex: charts.plot_family_year(ex.result, region=region), draw)


def family_explorer(
    *,
    region: str = "national",
    monthly_salary: float = 8000,
    age: int = 35,
    account_balance: float = 4000,
    worker_costs: float = 500,
    parent_medical: float = 3000,
    spouse_medical: float = 1200,
    sibling_medical: float = 1500,
    rule_date=None,
    parent_premium="standard",
    sibling_cross_province: bool = True,
    sibling_bound: bool = True,
):
    """Sliders (salary, age, balance, each family member's costs), rule date, cross-province switches."""
    import ipywidgets as w

    options = scenario.rule_dates(region)
    default = as_date(rule_date, "on") or data_as_of()
    if default not in [d for _, d in options]:  # a date the caller chose, in its place among the rule dates
        options = sorted([*options, (default.isoformat(), default)], key=lambda option: option[1])
    controls = {
        "monthly_salary": money_slider(monthly_salary, "月工资（元）"),
        "age": slider(age, 16, 100, "年龄（岁）"),
        "account_balance": money_slider(account_balance, "年初账户余额（元）"),
        "worker_costs": money_slider(worker_costs, "本人医疗费（元/年）", hi=20000, step=100),
        "parent_medical": money_slider(parent_medical, "母亲医疗费（元/年）", step=100),
        "spouse_medical": money_slider(spouse_medical, "配偶医疗费（元/年）", step=100),
        "sibling_medical": money_slider(sibling_medical, "哥哥医疗费（元/年）", step=100),
        "rule_date": w.Dropdown(options=options, value=default, description="规则日期", style=STYLE),
        "sibling_cross_province": w.Checkbox(
            value=bool(sibling_cross_province), description="哥哥在外省参保（跨省共济）", style=STYLE
        ),
        "sibling_bound": w.Checkbox(value=bool(sibling_bound), description="已建立共济关系（绑定）", style=STYLE),
        "region": region_dropdown(region),
    }
    rows = [
        ["monthly_salary", "age"],
        ["account_balance", "worker_costs"],
        ["parent_medical", "spouse_medical"],
        ["sibling_medical", "rule_date"],
        ["sibling_cross_province", "sibling_bound"],
        ["region"],
    ]
    return explorer(functools.partial(render_family, parent_premium=parent_premium), controls, rows)
