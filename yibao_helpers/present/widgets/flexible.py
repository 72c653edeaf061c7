"""Sliders for flexible employment (灵活就业, notebook 06): a base percentage → flexible vs resident insurance."""

from __future__ import annotations

import functools

import numpy as np

from ...core.errors import YibaoInputError
from ...rules import flexible
from ...scenarios import flexible as scenario
from ..charts import flexible as charts
from .common import explorer, region_dropdown, show_example, slider


def render_flexible(base_percent, age=40, region: str = "national", *, year: int | None = None, draw: bool = True):
    """Callback: a flexible worker at ``base_percent`` % of the average wage vs resident insurance
    (:func:`scenarios.flexible.flexible_example`, :func:`charts.flexible.plot_flexible_vs_resident`)."""

    def build():
        if isinstance(base_percent, bool) or not isinstance(base_percent, (int, float, np.integer, np.floating)):
            raise YibaoInputError(
                "base_percent",
                base_percent,
                "应为数字（缴费基数占平均工资的百分数，如 60）",
                "must be a number (the base as a percentage of the average wage, e.g. 60)",
            )
        return scenario.flexible_example(base_percent / 100, region=region, year=year, age=age)

    return show_example(build, scenario.flexible_summary, lambda ex: charts.plot_flexible_vs_resident(ex.compare), draw)


def flexible_explorer(*, region: str = "national", base_percent: int = 60, age: int = 40, year: int | None = None):
    """A base-percentage slider (the data's floor to ceiling), age and region → flexible vs resident chart."""
    lo, hi, _ = flexible.base_range(region=region, year=year)
    controls = {
        "base_percent": slider(round(base_percent), round(lo * 100), round(hi * 100), "缴费基数（% 平均工资）", step=5),
        "age": slider(age, 16, 100, "年龄（岁）"),
        "region": region_dropdown(region),
    }
    return explorer(functools.partial(render_flexible, year=year), controls, [["base_percent", "age"], ["region"]])
