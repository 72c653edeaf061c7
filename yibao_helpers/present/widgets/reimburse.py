"""ipywidgets controls for notebooks 02 and 03: they redraw the same chart functions as the static cells.

``*_view`` functions compute one state: a Chinese sentence, the chart (data from
:mod:`yibao_helpers.scenarios.contributions` / :mod:`yibao_helpers.scenarios.reimburse`, drawn by
:mod:`yibao_helpers.present.charts`) and the data; a bad combination of inputs (shares adding up to more
than 1, a region without data in the chosen year, …) gives ``无法计算：…`` instead of a traceback.
``render_*`` print and show a view in the cell; ``*_explorer`` build the sliders and write each new view
into an Output widget (directly, as :func:`_show_in` explains; the tests read those outputs back).
"""

from __future__ import annotations

import functools
import math

from ...core.errors import YibaoInputError
from ...params import data_as_of
from ...rules.outpatient import level_code
from ...scenarios import contributions, reimburse
from .. import figures, style
from ..charts import contributions as contribution_charts
from ..charts import reimburse as reimburse_charts
from ..labels import LEVEL_ZH, MEMBER_ZH
from .common import STYLE, message, region_dropdown, slider


def _render(text, fig, result):
    """Print the text and show the figure in the cell (as the static cells do)."""

    print(text)
    if fig is not None:
        figures.show(fig)
    return result


def _show_in(out, text, fig, _result=None) -> None:
    """Replace the contents of an Output widget with the text and the figure.

    The outputs are set directly (``append_stdout`` and a display-data bundle) instead of capturing
    with ``with out:``: capturing inside a cell that nbclient/papermill executes sometimes leaves
    nbclient waiting for ever (upstream jupyter/nbclient#312; 3 hangs in 50 headless runs of a
    minimal notebook with ``interactive_output``, none in 60 with direct outputs).
    """
    import matplotlib.pyplot as plt

    out.outputs = ()
    out.append_stdout(text + "\n")
    if fig is not None:
        try:
            out.outputs += ({"output_type": "display_data", "data": figures.figure_bundle(fig), "metadata": {}},)
        finally:
            plt.close(fig)


def _explorer(view, controls: dict, rows: list):
    """Display ``controls`` (laid out in ``rows``, as :func:`~yibao_helpers.present.widgets.common.explorer`) above
    an Output widget that shows ``view(**values)`` now and on every change."""
    import ipywidgets as w
    from IPython.display import display

    out = w.Output()

    def draw(*_):
        with style.slider_redraw():  # as live_output: the same PNGs, text measured once
            _show_in(out, *view(**{name: control.value for name, control in controls.items()}))

    for control in controls.values():
        control.observe(draw, names="value")
    draw()
    lines = [controls[r[0]] if len(r) == 1 else w.HBox([controls[k] for k in r]) for r in rows]
    box = w.VBox([*lines, out])
    display(box)
    return box


def flow_sentence(table) -> str:
    """One sentence about :func:`~yibao_helpers.scenarios.contributions.flow_table`: who pays, what reaches the account."""
    a = table.set_index(["group", "part"])["amount"]
    return (
        f"职工在职每年缴 {a['employee_in_service', 'employer'] + a['employee_in_service', 'individual']:,.2f} 元"
        f"（单位 {a['employee_in_service', 'employer']:,.2f}、个人 {a['employee_in_service', 'individual']:,.2f}），"
        f"其中 {a['employee_in_service', 'account']:,.2f} 元进个人账户；退休后统筹每年划入 "
        f"{a['employee_retired', 'account']:,.2f} 元；居民每年个人缴 {a['resident', 'individual']:,.2f} 元、"
        f"财政补助 {a['resident', 'subsidy']:,.2f} 元，全部进统筹，个人账户 {a['resident', 'account']:,.2f} 元。"
    )


def flows_view(monthly_salary, region: str = "national", year=None, age=40, retiree_age=65):
    """(text, figure or None, table or None) for :func:`~yibao_helpers.scenarios.contributions.flow_table`;
    a bad input gives the Chinese message."""
    try:
        table = contributions.flow_table(monthly_salary, region=region, year=year, age=age, retiree_age=retiree_age)
    except YibaoInputError as exc:
        return message(exc), None, None
    lines = [flow_sentence(table)] + ["说明：" + note for note in table.attrs["notes"]]
    return "\n".join(lines), contribution_charts.plot_contribution_flows(table), table


def render_flows(monthly_salary, region: str = "national", year=None, age=40, retiree_age=65):
    """Print the sentence and draw the flow chart (or print the Chinese message); returns the table or None."""
    return _render(*flows_view(monthly_salary, region, year, age, retiree_age))


def flow_explorer(
    *, region: str = "national", monthly_salary: float = 8000, year=None, age: int = 40, retiree_age: int = 65
):
    """A salary slider, a year slider and a region dropdown → the contribution-flow chart."""
    newest = data_as_of().year
    controls = {
        "monthly_salary": slider(int(monthly_salary), 0, max(60000, int(monthly_salary)), "月工资（元/月）", step=500),
        "year": slider(int(year or newest), 2016, max(newest, int(year or newest)), "年份（年）"),
        "region": region_dropdown(region),
    }
    return _explorer(
        functools.partial(flows_view, age=age, retiree_age=retiree_age),
        controls,
        [["monthly_salary", "year"], ["region"]],
    )


def reimbursement_sentence(curves, level, member) -> str:
    """One sentence about the bill of interest in :func:`~yibao_helpers.scenarios.reimburse.oop_curves`."""
    cost = curves.attrs["cost"]
    at = curves[(curves["level"] == level) & (curves["cost"] == cost)].set_index("group")["out_of_pocket"]
    emp = at[f"employee_{member}"]
    share = (lambda x: f"（{x / cost:.1%}）") if cost > 0 else (lambda x: "")
    return (
        f"{LEVEL_ZH[level]}医院住院总费用 {cost:,.2f} 元：职工医保（{MEMBER_ZH[member]}）个人负担 {emp:,.2f} 元"
        f"{share(emp)}，城乡居民医保个人负担 {at['resident']:,.2f} 元{share(at['resident'])}。"
    )


def reimbursement_view(
    cost,
    partial_share=0.0,
    excluded_share=0.0,
    hospital_level=3,
    member="in_service",
    region: str = "national",
    year=None,
    max_cost=None,
):
    """(text, figure or None, curves or None) for :func:`~yibao_helpers.scenarios.reimburse.oop_curves`;
    bad input gives the Chinese message."""
    try:
        level = level_code(hospital_level)
        member = reimburse.member_code(member)
        curves = reimburse.oop_curves(
            cost,
            region=region,
            year=year,
            excluded_share=excluded_share,
            partial_share=partial_share,
            max_cost=max_cost,
            hospital_level=level,
        )
        fig = reimburse_charts.plot_oop_vs_cost(curves, level=level, member=member)
    except YibaoInputError as exc:
        return message(exc), None, None
    lines = [reimbursement_sentence(curves, level, member)]
    ms = curves.attrs["milestones"]
    cat = ms[(ms["group"] == "resident") & (ms["kind"] == "catastrophic") & (ms["level"] == level)]
    if len(cat):
        lines.append(f"居民大病保险从总费用约 {cat['cost'].iloc[0]:,.0f} 元起开始支付。")
    return "\n".join(lines), fig, curves


def render_reimbursement(
    cost,
    partial_share=0.0,
    excluded_share=0.0,
    hospital_level=3,
    member="in_service",
    region: str = "national",
    year=None,
    max_cost=None,
):
    """Print the sentence and draw the out-of-pocket chart (or print the Chinese message); returns the curves or None."""
    return _render(
        *reimbursement_view(cost, partial_share, excluded_share, hospital_level, member, region, year, max_cost)
    )


def reimbursement_explorer(
    *,
    region: str = "national",
    cost: float = 50000,
    partial_share: float = 0.2,
    excluded_share: float = 0.05,
    hospital_level: int = 3,
    member: str = "in_service",
    year=None,
    max_cost: float | None = None,
):
    """Sliders for the bill, the 乙类 and 丙类 shares, a hospital-level dropdown, an in-service/retired toggle
    and a region dropdown → the out-of-pocket chart."""
    import ipywidgets as w

    top = max(1_000_000, int(math.ceil(cost)))
    controls = {
        "cost": slider(int(round(cost)), 0, top, "住院总费用（元）", step=1000, layout=w.Layout(width="480px")),
        "partial_share": slider(float(partial_share), 0, 1, "乙类占比", step=0.01, readout_format=".0%"),
        "excluded_share": slider(float(excluded_share), 0, 1, "丙类（目录外）占比", step=0.01, readout_format=".0%"),
        "hospital_level": w.Dropdown(
            options=[(f"{v}医院", k) for k, v in LEVEL_ZH.items()],
            value=int(hospital_level),
            description="医院级别",
            style=STYLE,
        ),
        "member": w.ToggleButtons(
            options=[(MEMBER_ZH[k], k) for k in ("in_service", "retired")],
            value=member,
            description="职工",
            style=STYLE,
        ),
        "region": region_dropdown(region),
    }
    view = functools.partial(reimbursement_view, year=year, max_cost=max_cost)
    rows = [["cost"], ["partial_share", "excluded_share"], ["hospital_level", "member"], ["region"]]
    return _explorer(view, controls, rows)
