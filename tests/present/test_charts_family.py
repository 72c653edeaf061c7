"""Charts of notebooks 04–06 (yibao_helpers.present.charts.family, .balance, .flexible, .gaps) show the data given.

Moved from tests/present/test_widgets_family.py (the charts of the old charts_life module).
"""

import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from yibao_helpers.present.charts import balance as charts_balance  # noqa: E402
from yibao_helpers.present.charts import family as charts_family  # noqa: E402
from yibao_helpers.present.charts import flexible as charts_flexible  # noqa: E402
from yibao_helpers.present.charts import gaps as charts_gaps  # noqa: E402
from yibao_helpers.rules import balance_change, flexible, gaps  # noqa: E402
from yibao_helpers.scenarios import balance, family  # noqa: E402
from yibao_helpers.scenarios import flexible as sx  # noqa: E402


def drawn(fig):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing CJK glyph is a UserWarning
        fig.canvas.draw()
    return fig.axes[0]


def test_family_cost_curve_shows_the_scenarios():
    costs = np.arange(0, 20001, 500)
    ex = family.family_example(
        8000, 35, account_balance=4000, relatives=family.family_relatives(costs, 1200, 1500), worker_costs=500
    )
    fig = charts_family.plot_family_cost_curve(ex.result, costs)
    ax = drawn(fig)
    paid = ex.result.summary["paid_from_account"].to_numpy()
    cash = ex.result.summary["cash"].to_numpy()
    lower, upper = (c.get_paths()[0].vertices for c in ax.collections[:2])
    for x, p, c in zip(costs, paid, cash):
        assert any(np.isclose(v, [x, p]).all() for v in lower)
        assert any(np.isclose(v, [x, p + c]).all() for v in upper)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), ex.result.summary["available"].to_numpy())
    assert ax.get_xlabel().endswith("（元/年）") and "数据截至" in fig.texts[-1].get_text()
    with pytest.raises(ValueError):
        charts_family.plot_family_cost_curve(ex.result, costs[:3])


def test_gap_account_chart_shows_the_balances():
    df = gaps.account_during_gap(8000, 40, 5, gap_years=[2027, 2028], start_year=2026, opening_balance=3000)
    fig = charts_gaps.plot_gap_account(df)
    ax = drawn(fig)
    bars = ax.patches[: len(df)]
    assert [round(b.get_height(), 2) for b in bars] == list(df["balance"])
    gray = matplotlib.colors.to_rgba(charts_gaps.COLORS["gap"], 0.9)
    assert [b.get_facecolor() == gray for b in bars] == list(df["in_gap"])
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), df["balance_without_gap"].to_numpy())
    assert f"{df['credit_lost'].sum():,.2f}" in " ".join(t.get_text() for t in ax.texts)
    assert [t.get_text() for t in ax.get_legend().get_texts()][1:] == [
        "年末余额（正常缴费年份）",
        "年末余额（断缴年份：不划入，照常计息、可用）",
    ]
    assert ax.get_ylabel() == "账户余额（元）"


def test_flexible_by_base_chart_shows_the_costs():
    df = flexible.flexible_cost(sx.base_grid(), region="beijing")
    fig = charts_flexible.plot_flexible_by_base(df, chosen=1.0)
    ax = drawn(fig)
    top = ax.collections[2].get_paths()[0].vertices
    for pct, cost in zip(df["base_ratio"] * 100, df["cost"]):
        assert any(np.isclose(v, [pct, cost]).all() for v in top)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), df["resident_cost"].to_numpy())
    assert ax.get_ylabel() == "每年缴费（元/年）" and "（占上年当地月平均工资的 %）" in ax.get_xlabel()
    assert any(f"{df.set_index('base_ratio').loc[1.0, 'cost']:,.0f}" in t.get_text() for t in ax.texts)


def test_employee_waiting_chart_shows_the_months():
    gaps_ = np.arange(0, 13)
    tables = {
        r: gaps.employee_waiting(gaps_, paid_on="2026-01-01", region=r, employment="flexible")
        for r in ("national", "hefei", "shanghai")
    }
    fig = charts_gaps.plot_employee_waiting(tables)
    ax = drawn(fig)
    # regions with the same waiting months share one line labelled with all their names; every line draws
    # exactly the months its rule gives (no jitter: values that no rule gives are never drawn)
    groups: dict = {}
    for name, df in tables.items():
        groups.setdefault(tuple(df["waiting_months"]), []).append(name)
    assert len(ax.lines) == len(groups) >= 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["、".join(n) for n in groups.values()]
    for line, (months, _names) in zip(ax.lines, groups.items()):
        np.testing.assert_array_equal(np.asarray(line.get_ydata(), dtype=float), np.array(months, dtype=float))
        np.testing.assert_array_equal(line.get_xdata(), gaps_)
    assert ax.get_ylabel() == "续缴后的待遇等待期（月）" and "沪医保规〔2025〕7号" in fig.texts[-1].get_text()


def test_waterfall_wrapper_keeps_the_bars_and_fixes_negative_labels():
    t = balance_change.explain_change(
        dict(monthly_salary=8000, age=44, year=2020, opening_balance=5000, annual_spending=1000),
        dict(monthly_salary=9000, age=50, year=2026, opening_balance=8000, annual_spending=4000),
    )
    w = balance.waterfall_data(t)
    fig = charts_balance.plot_waterfall(t)
    ax = drawn(fig)
    heights = [round(p.get_height(), 2) for p in ax.patches]
    assert heights == [round(h, 2) for h in (w["top"] - w["bottom"])]
    assert w["amount"].iloc[-1] < 0
    end_label = ax.texts[len(w) - 1]
    assert end_label.get_text() == f"{w['amount'].iloc[-1]:,.2f}" and end_label.get_va() == "top"
    assert end_label.get_position()[1] < w["top"].iloc[-1]  # under the bar, not inside it
    lo, hi = ax.get_ylim()
    assert lo < min(w["bottom"].min(), w["top"].min()) and hi > max(w["bottom"].max(), w["top"].max())


# moved from tests/rules/test_balance_change.py and tests/rules/test_gaps.py (the rules' tests keep the data checks)


def test_waterfall_chart_of_a_balance_change():
    a = dict(monthly_salary=8000, age=44, year=2019, opening_balance=5000, annual_spending=1000)
    b = dict(monthly_salary=9000, age=47, year=2024, opening_balance=9000, annual_spending=3000)
    t = balance_change.explain_change(a, b)
    w = balance.waterfall_data(t)
    fig = charts_balance.plot_waterfall(t)
    ax = fig.axes[0]
    heights = [round(p.get_height(), 2) for p in ax.patches]
    assert heights == [round(h, 2) for h in (w["top"] - w["bottom"])]
    assert [tick.get_text() for tick in ax.get_xticklabels()] == list(w["label"])
    assert ax.get_ylabel() == "金额（元）" and "国办发〔2021〕14号" in fig.texts[-1].get_text()


def test_flexible_vs_resident_chart():
    t = flexible.compare_with_resident(1.0, year=2026)
    fig = charts_flexible.plot_flexible_vs_resident(t)
    ax = fig.axes[0]
    bars = [round(p.get_height(), 2) for p in ax.patches]
    assert bars == list(t["to_account"]) + list(t["to_pool"]) + list(t["to_other"])
    assert ax.get_ylabel() == "金额（元/年）" and "数据截至" in fig.texts[-1].get_text()


def test_resident_waiting_chart_shows_the_months():
    df = gaps.resident_waiting([0, 1, 3, 4, 6, 4, 6], [0, 0, 0, 0, 0, 4, 6], paid_on="2025-03-15")
    fig = charts_gaps.plot_resident_waiting(df)
    ax = fig.axes[0]
    n = len(df)
    heights = np.array([p.get_height() for p in ax.patches]).reshape(3, n)
    np.testing.assert_array_equal(heights.sum(axis=0), df["waiting_months"].to_numpy())
    assert ax.get_ylabel() == "等待期（月）" and "国办发〔2024〕38号" in fig.texts[-1].get_text()


def test_resident_waiting_legend_lists_only_what_a_bar_shows():
    """Review reading.md, notebook 06: the legend listed 长期断保下限补足 though no bar showed it. Over gaps of 0–8
    years with nothing made up, the waiting period is 3 fixed months + 1 month per year of gap (国办发〔2024〕38号:
    固定等待期 3 个月，每多断保 1 年增加 1 个月) with no floor top-up, so the legend has two items."""
    df = gaps.resident_waiting(list(range(9)), [0] * 9, paid_on="2025-07-01")
    assert (df["floor_top_up"] == 0).all() and list(df["waiting_months"]) == [3 + g for g in range(9)]
    fig = charts_gaps.plot_resident_waiting(df)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["固定等待期", "变动等待期（断保年数 − 补缴年数）"]
