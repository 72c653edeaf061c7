"""ipywidgets controls for notebooks 02 and 03: they redraw the same chart functions as the static cells.

``*_view`` functions compute one state: a Chinese sentence, the chart (from :mod:`charts_reimburse`)
and the data; a bad combination of inputs (shares adding up to more than 1, a region without data in
the chosen year, …) gives ``无法计算：…`` instead of a traceback. ``render_*`` print and show a view in
the cell; ``*_explorer`` build the sliders and write each new view into an Output widget.
"""

from __future__ import annotations

import math

from ...core.errors import YibaoInputError
from ...params import data_as_of
from ...rules.benefits import LEVEL_ZH
from .. import figures
from ..charts import reimburse as cr
from .common import STYLE, region_dropdown, slider


def _message(exc: YibaoInputError) -> str:
    return "无法计算：" + str(exc).splitlines()[0]


def _render(text, fig, result):
    """Print the text and show the figure in the cell (as the static cells do)."""

    print(text)
    if fig is not None:
        figures.show(fig)
    return result


def _show_in(out, text, fig, _result=None) -> None:
    """Replace the contents of an Output widget with the text and the figure.

    The outputs are set directly (``append_stdout``/``append_display_data``) instead of capturing
    with ``with out:``: capturing inside a cell that nbclient/papermill executes sometimes leaves
    nbclient waiting for ever (upstream jupyter/nbclient#312; 3 hangs in 50 headless runs of a
    minimal notebook with ``interactive_output``, none in 60 with direct outputs).
    """
    import matplotlib.pyplot as plt

    out.outputs = ()
    out.append_stdout(text + "\n")
    if fig is not None:
        from ..figures import figure_bundle

        try:
            out.outputs += ({"output_type": "display_data", "data": figure_bundle(fig), "metadata": {}},)
        finally:
            plt.close(fig)


def _wire(draw, *controls) -> None:
    """Redraw on every change of a control's value, and once now (the initial state)."""
    for control in controls:
        control.observe(draw, names="value")
    draw()


def flow_sentence(table) -> str:
    """One sentence about :func:`charts_reimburse.flow_table`: who pays, what reaches the account."""
    a = table.set_index(["group", "part"])["amount"]
    return (
        f"职工在职每年缴 {a['employee_in_service', 'employer'] + a['employee_in_service', 'individual']:,.2f} 元"
        f"（单位 {a['employee_in_service', 'employer']:,.2f}、个人 {a['employee_in_service', 'individual']:,.2f}），"
        f"其中 {a['employee_in_service', 'account']:,.2f} 元进个人账户；退休后统筹每年划入 "
        f"{a['employee_retired', 'account']:,.2f} 元；居民每年个人缴 {a['resident', 'individual']:,.2f} 元、"
        f"财政补助 {a['resident', 'subsidy']:,.2f} 元，全部进统筹，个人账户 {a['resident', 'account']:,.2f} 元。"
    )


def flows_view(monthly_salary, region: str = "national", year=None, age=40, retiree_age=65):
    """(text, figure or None, table or None) for :func:`charts_reimburse.flow_table`; a bad input gives the Chinese message."""
    try:
        table = cr.flow_table(monthly_salary, region=region, year=year, age=age, retiree_age=retiree_age)
    except YibaoInputError as exc:
        return _message(exc), None, None
    lines = [flow_sentence(table)] + ["说明：" + note for note in table.attrs["notes"]]
    return "\n".join(lines), cr.plot_contribution_flows(table), table


def render_flows(monthly_salary, region: str = "national", year=None, age=40, retiree_age=65):
    """Print the sentence and draw the flow chart (or print the Chinese message); returns the table or None."""
    return _render(*flows_view(monthly_salary, region, year, age, retiree_age))


def flow_explorer(
    *, region: str = "national", monthly_salary: float = 8000, year=None, age: int = 40, retiree_age: int = 65
):
    """A salary slider, a year slider and a region dropdown → the contribution-flow chart."""
    import ipywidgets as w
    from IPython.display import display

    newest = data_as_of().year
    salary = slider(int(monthly_salary), 0, max(60000, int(monthly_salary)), "月工资（元/月）", step=500)
    year_w = slider(int(year or newest), 2016, max(newest, int(year or newest)), "年份（年）")
    reg = region_dropdown(region)
    out = w.Output()

    def draw(*_):
        _show_in(out, *flows_view(salary.value, reg.value, year_w.value, age, retiree_age))

    _wire(draw, salary, year_w, reg)
    box = w.VBox([w.HBox([salary, year_w]), reg, out])
    display(box)
    return box


def reimbursement_sentence(curves, level, member) -> str:
    """One sentence about the bill of interest in :func:`charts_reimburse.oop_curves`."""
    cost = curves.attrs["cost"]
    at = curves[(curves["level"] == level) & (curves["cost"] == cost)].set_index("group")["out_of_pocket"]
    emp = at[f"employee_{member}"]
    share = (lambda x: f"（{x / cost:.1%}）") if cost > 0 else (lambda x: "")
    return (
        f"{LEVEL_ZH[level]}医院住院总费用 {cost:,.2f} 元：职工医保（{cr.MEMBER_ZH[member]}）个人负担 {emp:,.2f} 元"
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
    """(text, figure or None, curves or None) for :func:`charts_reimburse.oop_curves`; bad input gives the Chinese message."""
    from ...rules.outpatient import level_code

    try:
        level = level_code(hospital_level)
        member = cr.member_code(member)
        curves = cr.oop_curves(
            cost,
            region=region,
            year=year,
            excluded_share=excluded_share,
            partial_share=partial_share,
            max_cost=max_cost,
            hospital_level=level,
        )
        fig = cr.plot_oop_vs_cost(curves, level=level, member=member)
    except YibaoInputError as exc:
        return _message(exc), None, None
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
    from IPython.display import display

    top = max(1_000_000, int(math.ceil(cost)))
    cost_w = slider(int(round(cost)), 0, top, "住院总费用（元）", step=1000, layout=w.Layout(width="480px"))
    yi = slider(float(partial_share), 0, 1, "乙类占比", step=0.01, readout_format=".0%")
    bing = slider(float(excluded_share), 0, 1, "丙类（目录外）占比", step=0.01, readout_format=".0%")
    level = w.Dropdown(
        options=[(f"{v}医院", k) for k, v in LEVEL_ZH.items()],
        value=int(hospital_level),
        description="医院级别",
        style=STYLE,
    )
    who = w.ToggleButtons(
        options=[("在职", "in_service"), ("退休", "retired")], value=member, description="职工", style=STYLE
    )
    reg = region_dropdown(region)

    out = w.Output()

    def draw(*_):
        _show_in(
            out,
            *reimbursement_view(cost_w.value, yi.value, bing.value, level.value, who.value, reg.value, year, max_cost),
        )

    _wire(draw, cost_w, yi, bing, level, who, reg)
    box = w.VBox([cost_w, w.HBox([yi, bing]), w.HBox([level, who]), reg, out])
    display(box)
    return box
