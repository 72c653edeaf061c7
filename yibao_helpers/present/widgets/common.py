"""The shared widget helpers: ipywidgets controls that redraw the same chart functions as the static cells.

:func:`live_output`, :func:`slider`, :func:`explorer`, :func:`region_dropdown`, :func:`message` and
:data:`STYLE` serve every topic's ``widgets/<topic>.py`` (notebook 01's explorer is in
:mod:`yibao_helpers.present.widgets.account`). Bad combinations (e.g. a region with no data for the chosen
year) print a short Chinese message instead of a traceback.
"""

from __future__ import annotations

from ...core.errors import YibaoInputError
from ...params import region_name, regions
from .. import figures, style

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
    ``interactive_output`` notebook). ``fn`` runs within :func:`~yibao_helpers.present.style.slider_redraw`
    (its figures reuse the text measurements of the previous ones; the PNGs are the same).
    """
    import ipywidgets as w
    from IPython.utils.capture import capture_output

    out = w.Output()

    def redraw(_change=None):
        with capture_output() as captured, style.slider_redraw():
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


MAX_MONEY_SLIDER = 60000  # slider ranges (UI choices, not policy numbers)


def show_example(build, summary, chart, draw: bool = True):
    """What a ``render_*`` callback does: ``build()`` the example with a scenario function (bad input → the
    short Chinese :func:`message`, ``None``), print ``summary(example)`` and the example's notes, then show
    ``chart(example)`` (when ``draw``), the same chart function as the notebook's static cell."""
    try:
        ex = build()
    except YibaoInputError as exc:
        print(message(exc))
        return None
    print(summary(ex))
    for note in ex.notes:
        print("注：" + note)
    if draw:
        figures.show(chart(ex))
    return ex


def money_slider(value, description: str, hi: int = MAX_MONEY_SLIDER, step: int = 500):
    """A slider for an amount of money from 0 to ``hi`` 元."""
    return slider(value, 0, hi, description, step=step)
