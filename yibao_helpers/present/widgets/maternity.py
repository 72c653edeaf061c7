"""ipywidgets controls for notebook 09 (maternity leave days and the allowance).

:func:`render_maternity` computes with :func:`yibao_helpers.scenarios.maternity.maternity_scenarios`, prints the
leave and allowance in Chinese and redraws :func:`yibao_helpers.present.charts.maternity.plot_maternity`; bad
input prints ``无法计算：…`` instead of a traceback and returns ``None``.
"""

from __future__ import annotations

from ...core.errors import YibaoInputError
from ...scenarios import maternity as scenarios
from .. import figures
from ..charts import maternity as charts
from .common import STYLE, explorer, message, region_dropdown, slider

# Slider ranges: what a person can enter (not policy numbers).
WAGE_MAX = 60_000


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
        table = scenarios.maternity_scenarios(
            avg_monthly_wage,
            region=region,
            babies=babies,
            dystocia=dystocia,
            child_order=child_order,
            within_policy=within_policy,
        )
    except YibaoInputError as exc:
        print(message(exc))
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
        "region": region_dropdown(region),
        "babies": slider(babies, 1, 4, "婴儿数"),
        "child_order": slider(child_order, 1, 4, "第几孩"),
        "dystocia": w.Checkbox(value=bool(dystocia), description="难产或剖宫产", style=STYLE),
        "within_policy": w.Checkbox(value=bool(within_policy), description="符合当地生育条例", style=STYLE),
    }
    rows = [["avg_monthly_wage", "region"], ["babies", "child_order"], ["dystocia", "within_policy"]]
    return explorer(render_maternity, controls, rows)
