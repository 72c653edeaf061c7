"""Faster slider callbacks must show exactly what a fresh drawing shows (yibao_helpers.present.style.slider_redraw).

The explorers' callbacks build their figures on a canvas whose renderer (and so its text-size cache)
is shared by all figures of a size, encode the PNG faster, and the balance chart and the waterfall
update the figure of the previous move in place when only amounts (and, for the balance, years and
title) change. The PNG a callback shows must be byte for byte the one a fresh pyplot figure of the
same inputs gives — after a region change too: a kept figure or a reused renderer must never show
the previous state's pixels or numbers.
"""

import base64

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from yibao_helpers.present import dashboard as app  # noqa: E402
from yibao_helpers.present import figures, style  # noqa: E402
from yibao_helpers.present.charts import account as account_charts  # noqa: E402
from yibao_helpers.present.widgets import account as account_widgets  # noqa: E402
from yibao_helpers.present.widgets import reimburse as widgets  # noqa: E402
from yibao_helpers.rules import account  # noqa: E402

pytest.importorskip("ipywidgets")


def shown_png(out) -> bytes:
    """The PNG an explorer's Output widget shows."""
    (image,) = [o["data"]["image/png"] for o in out.outputs if o["output_type"] == "display_data"]
    return base64.b64decode(image)


def fresh_png(fig) -> bytes:
    """The PNG of a figure drawn outside any callback (a pyplot figure with its own renderer)."""
    try:
        return base64.b64decode(figures.figure_bundle(fig)["image/png"])
    finally:
        plt.close(fig)


def test_subplots_is_pyplot_outside_a_callback_and_shares_renderers_inside():
    fig, ax = style.subplots(figsize=(4, 3))
    assert plt.fignum_exists(fig.number) and ax.figure is fig
    plt.close(fig)
    with style.slider_redraw():
        one, _ = style.subplots(figsize=(4, 3))
        two, (left, right) = style.subplots(1, 2, figsize=(4, 3))
        other, _ = style.subplots(figsize=(5, 3))
    assert isinstance(one.canvas, style.SharedRendererCanvas) and right.figure is two
    assert one not in plt.get_fignums() and plt.get_fignums() == []
    assert one.canvas.get_renderer() is two.canvas.get_renderer()
    assert one.canvas.get_renderer() is not other.canvas.get_renderer()
    after, _ = style.subplots(figsize=(4, 3))  # the block is over: pyplot again
    assert plt.fignum_exists(after.number)
    plt.close(after)


def test_a_shared_renderer_draws_the_same_pixels_as_a_fresh_one():
    first = account.project_balance(8000, 40, 10, region="national")
    second = account.project_balance(15000, 30, 20, region="beijing")
    with style.slider_redraw():
        a = fresh_png(account_charts.plot_balance(first))
        b = fresh_png(account_charts.plot_balance(second))  # same size: the same renderer as a
        c = fresh_png(account_charts.plot_balance(first))
    assert a == c == fresh_png(account_charts.plot_balance(first))
    assert b == fresh_png(account_charts.plot_balance(second)) != a


def test_balance_chart_updated_in_place_is_the_fresh_chart():
    states = [  # (salary, age, years, region, yearly spending, start year, title)
        (8000, 40, 10, "national", 0, 2025, None),
        (9500, 40, 10, "national", 0, 2025, None),  # amounts only
        (30000, 40, 10, "national", 0, 2025, "月工资 30,000 元"),  # and the title
        (30000, 40, 10, "national", 0, 2022, "月工资 30,000 元"),  # other years (the dashboard's year slider)
        (30000, 40, 10, "beijing", 0, 2022, None),  # another region: other footnote, other numbers
        (30000, 40, 10, "beijing", 800, 2022, None),  # spending: a second line
        (12000, 40, 10, "beijing", 800, 2022, None),
        (12000, 55, 10, "beijing", 800, 2022, None),  # retires within the years: shading, other ages
        (9000, 56, 10, "beijing", 800, 2024, None),  # shading moves with the years
        (9000, 56, 12, "beijing", 800, 2024, None),  # more years
        (9000, 40, 10, "national", 0, 2025, None),
    ]
    shown, reused, last = [], [], None
    for salary, age, years, region, spending, start, title in states:
        df = account.project_balance(salary, age, years, region=region, annual_spending=spending, start_year=start)
        with style.slider_redraw():
            fig = account_charts.plot_balance(df, title=title)
            reused.append(fig is last)
            last = fig
            shown.append(fresh_png(fig))
        assert shown[-1] == fresh_png(account_charts.plot_balance(df, title=title)), (salary, age, region, start)
    # the moves that keep the layout (amounts, title, years) updated the figure in place; the others drew anew
    assert reused == [False, True, True, True, False, False, True, False, False, False, False]
    assert len(set(shown)) == len(states)


def test_reimbursement_explorer_shows_the_fresh_chart_after_slider_and_region_changes():
    box = widgets.reimbursement_explorer(cost=50000, region="national")
    cost, out, region = box.children[0], box.children[4], box.children[3]
    kw = dict(partial_share=0.2, excluded_share=0.05, hospital_level=3, member="in_service")
    for value, code in ((52000, "national"), (52000, "beijing"), (80000, "beijing"), (80000, "national")):
        cost.value, region.value = value, code
        text, fig, _ = widgets.reimbursement_view(value, region=code, **kw)
        assert out.outputs[0]["text"] == text + "\n"
        assert shown_png(out) == fresh_png(fig), (value, code)


def test_reimbursement_chart_updated_in_place_is_the_fresh_chart():
    from yibao_helpers.present.charts import reimburse as reimburse_charts
    from yibao_helpers.scenarios import reimburse as scenarios

    states = [  # (cost, region, hospital level, member, shares)
        (50000, "national", 3, "in_service", (0.05, 0.2)),
        (52000, "national", 3, "in_service", (0.05, 0.2)),  # the bill only: updated in place
        (80000, "national", 3, "in_service", (0.05, 0.2)),  # a larger bill: other milestones may show
        (81000, "national", 3, "in_service", (0.05, 0.2)),
        (81000, "national", 3, "retired", (0.05, 0.2)),  # another member: other bold lines, a new figure
        (300000, "national", 3, "retired", (0.05, 0.2)),
        (300000, "beijing", 3, "retired", (0.05, 0.2)),  # another region: other numbers and footnote
        (310000, "beijing", 1, "retired", (0.05, 0.2)),  # another level
        (300000, "beijing", 1, "retired", (0.0, 0.0)),  # other shares (the title)
        (305000, "beijing", 1, "retired", (0.0, 0.0)),  # (the resident ceiling, 310,155 元, stays off the chart)
        (320000, "beijing", 1, "retired", (0.0, 0.0)),  # now on it: a milestone more, a new figure
    ]
    shown, reused, last = [], [], None
    for cost, region, level, member, (es, ps) in states:
        curves = scenarios.oop_curves(cost, region=region, excluded_share=es, partial_share=ps, hospital_level=level)
        with style.slider_redraw():
            fig = reimburse_charts.plot_oop_vs_cost(curves, level=level, member=member)
            reused.append(fig is last)
            last = fig
            shown.append(fresh_png(fig))
        assert shown[-1] == fresh_png(reimburse_charts.plot_oop_vs_cost(curves, level=level, member=member)), cost
    assert reused[1] and reused[3] and reused[9]  # bill moves keep the figure
    assert not any(reused[i] for i in (0, 4, 6, 7, 8, 10))  # member, region, level, shares, milestones: anew
    assert len(set(shown)) == len(states)


@pytest.fixture
def shell():
    """An IPython shell for the test (``display`` publishes bundles, as in a notebook); removed afterwards."""
    from IPython.core.interactiveshell import InteractiveShell

    yield InteractiveShell.instance()
    InteractiveShell.clear_instance()


def test_balance_explorer_shows_the_fresh_chart_after_a_region_change(shell):
    from IPython.utils.capture import capture_output

    with capture_output():
        box = account_widgets.balance_explorer(monthly_salary=9000, age=40, years=5)
    salary, region, out = box.children[0].children[0], box.children[2], box.children[3]
    salary.value = 12000
    region.value = "beijing"
    with capture_output() as static:  # the same call outside the explorer: a pyplot figure of its own
        df = account_widgets.render_balance(12000, 40, 5, 0, "beijing")
    assert f"{df['balance'].iloc[-1]:,.2f} 元" in out.outputs[0]["text"] == static.stdout
    assert shown_png(out) == base64.b64decode(static.outputs[0].data["image/png"])


def test_dashboard_chart_is_the_fresh_chart_after_a_region_change():
    board = app.Dashboard(region="national", monthly_salary=8000, age=30, years=20, year=2025)
    board.salary.value = 12000
    board.region.value = "beijing"
    expected = app.balance_view(region="beijing", monthly_salary=12000, age=30, years=20, year=2025)
    assert board.panels["balance"].chart.value == expected.chart


def test_waterfall_updated_in_place_is_the_fresh_chart(shell):
    from IPython.utils.capture import capture_output

    from yibao_helpers.present.widgets import balance as balance_widgets

    states = [  # (salary before, salary after, spending before, spending after, region)
        (7500, 8000, 1000, 4000, "national"),
        (8500, 8000, 1000, 4000, "national"),  # the salary factor turns from up to down
        (12000, 8000, 1000, 4000, "national"),  # amounts only
        (12000, 8000, 1000, 4000, "beijing"),
        (12000, 9000, 1000, 4000, "beijing"),
        (12000, 9000, 4000, 4000, "beijing"),  # the spending factor becomes 0 元 and is left out
        (7500, 8000, 1000, 4000, "national"),
    ]
    pictures, reused, last = [], [], None
    for before, after, spent_before, spent_after, region in states:
        args = (before, after, 34, 2024, 2025, spent_before, spent_after, 5000, 8000, region)
        with capture_output() as static:
            balance_widgets.render_change(*args)
        with capture_output() as moved, style.slider_redraw():
            balance_widgets.render_change(*args)
        assert moved.stdout == static.stdout
        fig = style._KEPT["waterfall"][1]  # the figure the callback drew or updated
        reused.append(fig is last)
        last = fig
        png = base64.b64decode(moved.outputs[0].data["image/png"])
        assert png == base64.b64decode(static.outputs[0].data["image/png"]), (before, after, region)
        pictures.append(png)
    # the same factors (amounts, signs): updated in place; another region or factor left out: drawn anew
    assert reused == [False, True, True, False, True, False, False]
    assert len(set(pictures)) == len(states) - 1  # the first and the last state are the same


def test_maternity_chart_updated_in_place_is_the_fresh_chart(shell):
    from IPython.utils.capture import capture_output

    from yibao_helpers.present.widgets import maternity as maternity_widgets

    states = [  # (wage, region, babies)
        (9000, "national", 1),
        (10000, "national", 1),  # the wage: only the allowances and the title change
        (31500, "national", 1),
        (31500, "beijing", 1),  # another region: other days
        (12000, "beijing", 1),
        (12000, "beijing", 2),  # twins: other days
        (9000, "national", 1),
    ]
    pictures, reused, last = [], [], None
    for wage, region, babies in states:
        with capture_output() as static:
            maternity_widgets.render_maternity(wage, region, babies)
        with capture_output() as moved, style.slider_redraw():
            maternity_widgets.render_maternity(wage, region, babies)
        assert moved.stdout == static.stdout
        fig = style._KEPT["maternity"][1]
        reused.append(fig is last)
        last = fig
        png = base64.b64decode(moved.outputs[0].data["image/png"])
        assert png == base64.b64decode(static.outputs[0].data["image/png"]), (wage, region, babies)
        pictures.append(png)
    assert reused == [False, True, True, False, True, False, False]
    assert len(set(pictures)) == len(states) - 1  # the first and the last state are the same


def test_pension_chart_updated_in_place_is_the_fresh_chart(shell):
    from IPython.utils.capture import capture_output

    from yibao_helpers.present.widgets import pension as pension_widgets

    states = [  # (contribution index, years, region)
        (1.0, 30, "national"),
        (1.1, 30, "national"),  # the index: only amounts change
        (2.5, 30, "national"),
        (2.5, 30, "beijing"),  # another region
        (0.6, 30, "beijing"),
        (0.6, 20, "beijing"),  # other years: other bars
        (1.0, 30, "national"),
    ]
    pictures, reused, last = [], [], None
    for index, years, region in states:
        args = (index, years, 60, 0, 150000)
        with capture_output() as static:
            pension_widgets.render_pension(*args, region=region)
        with capture_output() as moved, style.slider_redraw():
            pension_widgets.render_pension(*args, region=region)
        assert moved.stdout == static.stdout
        fig = style._KEPT["pension"][1]
        reused.append(fig is last)
        last = fig
        png = base64.b64decode(moved.outputs[0].data["image/png"])
        assert png == base64.b64decode(static.outputs[0].data["image/png"]), (index, years, region)
        pictures.append(png)
    assert reused == [False, True, True, False, True, False, False]
    assert len(set(pictures)) == len(states) - 1  # the first and the last state are the same
