"""ipywidgets controls that redraw the same chart functions as the static cells.

Bad combinations (e.g. a region with no data for the chosen year) print a short
Chinese message instead of a traceback.
"""

from __future__ import annotations

from ...core.errors import YibaoInputError
from ...params import region_name, regions
from .. import figures
from ..charts import account as account_charts

STYLE = {"description_width": "initial"}


def message(exc: Exception) -> str:
    """The short Chinese message a callback prints for bad input (first line of the bilingual error)."""
    return "无法计算：" + str(exc).splitlines()[0]


def live_output(fn, controls: dict):
    """Like ``ipywidgets.interactive_output``: an Output widget redrawn by ``fn(**values)`` on every change.

    ``fn``'s printed text and displayed figures are captured with IPython's ``capture_output`` and set on
    the Output widget directly, never with ``with out:``. Capturing through ``with out:`` inside a cell that
    nbclient/papermill/nbval executes sometimes leaves nbclient waiting for ever (upstream
    jupyter/nbclient#312; measured here: 1 hang in 18 concurrent headless runs of a minimal
    ``interactive_output`` notebook).
    """
    import ipywidgets as w
    from IPython.utils.capture import capture_output

    out = w.Output()

    def redraw(_change=None):
        with capture_output() as captured:
            fn(**{name: control.value for name, control in controls.items()})
        shown = []
        if captured.stdout:
            shown.append({"output_type": "stream", "name": "stdout", "text": captured.stdout})
        for item in captured.outputs:
            shown.append({"output_type": "display_data", "data": item.data, "metadata": item.metadata})
        out.outputs = tuple(shown)

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    return out


def slider(value, lo, hi, description: str, *, step=1, **options):
    """A slider in the project's style that redraws on release; float when ``step`` is, integer otherwise.

    ``value`` is clamped into [lo, hi] (a parameters cell may hold more than the slider's range);
    ``options`` go to the widget as they are (e.g. ``layout``, ``readout_format``).
    """
    import ipywidgets as w

    kind, cast = (w.FloatSlider, float) if isinstance(step, float) else (w.IntSlider, int)
    return kind(
        value=cast(min(max(value, lo), hi)),
        min=lo,
        max=hi,
        step=step,
        description=description,
        style=STYLE,
        continuous_update=False,
        **options,
    )


def explorer(draw, controls: dict, rows: list):
    """Wire ``controls`` (keyword → widget) to ``draw(**values)`` with :func:`live_output` and display them.

    ``rows``: the layout, a list of rows of keywords (a row of one is the control itself, of more an HBox);
    the output area comes last. Returns the VBox.
    """
    import ipywidgets as w
    from IPython.display import display

    out = live_output(draw, controls)
    lines = [controls[r[0]] if len(r) == 1 else w.HBox([controls[k] for k in r]) for r in rows]
    box = w.VBox([*lines, out])
    display(box)
    return box


def region_dropdown(value: str = "national"):
    import ipywidgets as w

    return w.Dropdown(
        options=[(f"{region_name(c)}（{c}）", c) for c in regions()],
        value=value,
        description="地区 region",
        style=STYLE,
    )


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
    import functools

    controls = {
        "monthly_salary": slider(monthly_salary, 0, 60000, "月工资（元）", step=500),
        "age": slider(age, 16, 100, "年龄（岁）"),
        "years": slider(years, 1, 60, "年数（年）"),
        "annual_spending": slider(annual_spending, 0, 20000, "每年支出（元）", step=100),
        "region": region_dropdown(region),
    }
    rows = [["monthly_salary", "age"], ["years", "annual_spending"], ["region"]]
    return explorer(functools.partial(render_balance, start_year=start_year), controls, rows)
