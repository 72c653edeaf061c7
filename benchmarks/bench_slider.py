"""Slider callbacks: compute + redraw, against a bare redraw of the same figures.

For every explorer in the collection (the ``自己试试`` sections and the dashboard), the first slider is
moved between two values; the time from setting ``slider.value`` until the Output widget holds the
new text and PNG is the *callback*. The *bare redraw* is rendering the very figures that callback
produced to PNG again, the way the inline backend does (``display(fig)``), with nothing recomputed.
Target (issue #8): callback ≤ 1.5 × bare redraw. Best of 5, in an IPython shell with the inline
backend, as in JupyterLab; all numbers come from this one run.

Run: ``make bench`` or ``python benchmarks/bench_slider.py`` (a Markdown table);
``python benchmarks/bench_slider.py --json`` prints a JSON list of
``{"section", "callback_ms", "redraw_ms", "ratio"}`` instead (``null`` where a section failed or drew nothing).
"""

from __future__ import annotations

import argparse
import io
import json
import sys

import matplotlib

matplotlib.use("Agg")

import ipywidgets as w  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from IPython.core.pylabtools import select_figure_formats  # noqa: E402
from IPython.utils.capture import capture_output  # noqa: E402
from matplotlib.backend_bases import FigureCanvasBase  # noqa: E402
from timing import best  # noqa: E402

from yibao_helpers.present import style  # noqa: E402

TARGET = 1.5


def explorers():
    """(name, zero-argument builder) of every slider section."""
    from yibao_helpers.present import dashboard, widgets

    return [
        ("widgets.account.balance_explorer (01)", lambda: widgets.account.balance_explorer()),
        ("widgets.reimburse.flow_explorer (02)", lambda: widgets.reimburse.flow_explorer()),
        ("widgets.reimburse.reimbursement_explorer (03)", lambda: widgets.reimburse.reimbursement_explorer()),
        ("widgets.family.family_explorer (04)", lambda: widgets.family.family_explorer()),
        ("widgets.balance.change_explorer (05)", lambda: widgets.balance.change_explorer()),
        ("widgets.flexible.flexible_explorer (06)", lambda: widgets.flexible.flexible_explorer()),
        ("widgets.retirement.retirement_explorer (07)", lambda: widgets.retirement.retirement_explorer()),
        ("widgets.pension.pension_explorer (08)", lambda: widgets.pension.pension_explorer()),
        ("widgets.maternity.maternity_explorer (09)", lambda: widgets.maternity.maternity_explorer()),
        ("dashboard.dashboard (看板)", lambda: dashboard.dashboard()),
    ]


def sliders(widget) -> list:
    """Every numeric slider inside a widget tree, in display order."""
    found, stack = [], [widget]
    while stack:
        node = stack.pop(0)
        if isinstance(node, (w.IntSlider, w.FloatSlider)):
            found.append(node)
        stack[0:0] = list(getattr(node, "children", ()))
    return found


def measure(build):
    """(slider label, figures drawn, callback seconds, bare-redraw seconds), or None without a slider.

    Every PNG rendering goes through ``FigureCanvasBase.print_figure`` (the inline backend's
    ``display(fig)`` and the dashboard's ``savefig`` alike); recording its calls gives the exact
    figures and options a callback rendered, which the bare redraw replays.
    """
    rendered = []
    original = FigureCanvasBase.print_figure

    def recording(canvas, filename, *args, **kwargs):
        rendered.append((canvas, args, kwargs))
        return original(canvas, filename, *args, **kwargs)

    FigureCanvasBase.print_figure = recording
    try:
        with capture_output():
            root = build()
        root = getattr(root, "widget", root)  # the dashboard returns its object; its widget tree is .widget
        found = sliders(root)
        if not found:
            return None
        slider = found[0]
        values = [slider.value, min(slider.max, slider.value + slider.step * 2)]
        if values[1] == values[0]:
            values[1] = max(slider.min, slider.value - slider.step * 2)
        flip = iter(range(1, 10**6))  # 1, 2, 3, ...: every call changes the value

        def callback():
            rendered.clear()
            with capture_output():
                slider.value = values[next(flip) % 2]

        t_callback = best(callback)
        renders = list(rendered)

        def bare():
            for canvas, args, kwargs in renders:
                original(canvas, io.BytesIO(), *args, **kwargs)

        t_bare = best(bare) if renders else float("nan")
        return slider.description, len(renders), t_callback, t_bare
    finally:
        FigureCanvasBase.print_figure = original


def results():
    """(section, slider label, figures drawn, callback s, bare-redraw s, error text) for every explorer."""
    for name, build in explorers():
        try:
            result = measure(build)
        except Exception as exc:  # report and go on
            yield name, None, 0, None, None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:60]}"
            continue
        if result is None:
            yield name, None, 0, None, None, ""
            continue
        label, n_figs, t_cb, t_bare = result
        yield name, label, n_figs, t_cb, t_bare, ""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of the Markdown table")
    args = parser.parse_args(argv)
    shell = InteractiveShell.instance()
    select_figure_formats(shell, {"png"})  # display(fig) renders a PNG, as %matplotlib inline does
    style.setup()
    if args.json:
        rows = []
        for name, _label, n_figs, t_cb, t_bare, _error in results():
            ok = t_cb is not None and n_figs
            rows.append(
                {
                    "section": name,
                    "callback_ms": round(t_cb * 1e3, 1) if t_cb is not None else None,
                    "redraw_ms": round(t_bare * 1e3, 1) if ok else None,
                    "ratio": round(t_cb / t_bare, 2) if ok else None,
                }
            )
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print("| 滑块 slider section | 拖动的滑块 | 图数 | 回调（计算+重画） | 只重画 | 比值 | 目标 ≤ 1.5× |")
    print("|---|---|---:|---:|---:|---:|:--:|")
    for name, label, n_figs, t_cb, t_bare, error in results():
        if error:
            print(f"| `{name}` | 出错 {error} | | | | | ✗ |")
        elif t_cb is None:
            print(f"| `{name}` | （没有滑块） | | | | | |")
        else:
            ratio = t_cb / t_bare if n_figs else float("nan")
            ok = n_figs and ratio <= TARGET
            print(
                f"| `{name}` | {label} | {n_figs} | {t_cb * 1e3:.0f} ms | {t_bare * 1e3:.0f} ms | {ratio:.2f}× | "
                f"{'✓' if ok else '✗'} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
