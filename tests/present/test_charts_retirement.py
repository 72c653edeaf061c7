"""Charts and widgets of notebooks 07–09 (yibao_helpers.present.charts.retirement / pension / maternity and
present.widgets.retirement / pension / maternity).

* each chart shows exactly the data it was given (bar heights / widths, line values, the person's marker)
  and carries a footnote with sources, as-of date and the illustrative flag where it applies;
* each widget callback prints the helper's numbers, and a short Chinese message (no traceback) on bad input.

The analyses behind the charts are tested in tests/scenarios/test_retirement.py, test_pension.py, test_maternity.py.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

from yibao_helpers.present.charts import maternity as maternity_charts
from yibao_helpers.present.charts import pension as pension_charts
from yibao_helpers.present.charts import retirement as charts
from yibao_helpers.rules import maternity, medical_years, pension, retirement
from yibao_helpers.scenarios import maternity as maternity_scen
from yibao_helpers.scenarios import pension as pension_scen
from yibao_helpers.scenarios import retirement as scen


def footer(fig) -> str:
    return fig.texts[-1].get_text()


# --------------------------------------------------------------------------- charts show the data passed


def test_retirement_chart_shows_grid_and_person():
    grid = scen.retirement_age_grid(1955, 1995)
    person = retirement.retirement_table("1975-06", "male")
    fig = charts.plot_retirement_ages(grid, person=person)
    ax = fig.axes[0]
    lines = ax.get_lines()
    for line, g in zip(lines[:3], retirement.GROUP_ZH):
        np.testing.assert_allclose(line.get_ydata(), grid.loc[grid["group"] == g, "age_total"])
    marker = lines[3]
    assert marker.get_xdata()[0] == pytest.approx(1975 + 5 / 12)
    assert marker.get_ydata()[0] == pytest.approx(62 + 8 / 12)
    assert "62岁8个月" in marker.get_label()
    assert ax.get_ylabel() == "法定退休年龄（岁）" and "年" in ax.get_xlabel()
    assert "延迟法定退休年龄" in footer(fig) and f"数据截至 {grid.attrs['as_of']}" in footer(fig)
    assert "示例" not in footer(fig)


def test_medical_chart_shows_table():
    table = scen.medical_years_table()
    fig = charts.plot_medical_years(table, years=18, region="xuzhou")
    ax = fig.axes[0]
    male, female = ax.containers[:2]
    np.testing.assert_allclose([b.get_height() for b in male], table["male"])
    np.testing.assert_allclose([b.get_height() for b in female], table["female"])
    hatched = [b.get_hatch() for b in male]
    assert [h == "//" for h in hatched] == list(table["confidence"] == "illustrative")
    assert any(np.allclose(line.get_ydata(), 18) for line in ax.get_lines())
    assert ax.get_ylabel() == "最低累计缴费年限（年）"
    assert "示例" in footer(fig) and "数据截至" in footer(fig)


def test_topup_chart_shows_curve_and_person():
    curve = scen.topup_curve("xuzhou", "female")
    person = scen.topup_trace("xuzhou", "female", 12.5).attrs
    fig = charts.plot_topup(curve, person=person)
    ax = fig.axes[0]
    np.testing.assert_allclose([b.get_height() for b in ax.containers[0]], curve["cost"])
    point = [line for line in ax.get_lines() if line.get_marker() == "o"][0]
    assert (point.get_xdata()[0], point.get_ydata()[0]) == (12.5, person["cost"])
    assert f"{person['cost']:,.2f}" in point.get_label()
    assert ax.get_ylabel() == "一次性补缴金额（元）" and "示例" in footer(fig)


def test_pension_stack_shows_parts():
    df = pension_scen.pension_by_years(8000, 1.0, 30, 150000, 60, pre_account_years=5)
    fig = pension_charts.plot_pension_stack(df, extra="测试说明")
    ax = fig.axes[0]
    basic, account, trans = ax.containers[:3]
    np.testing.assert_allclose([b.get_height() for b in basic], df["basic"])
    np.testing.assert_allclose([b.get_height() for b in account], df["account"])
    np.testing.assert_allclose([b.get_y() for b in account], df["basic"])
    np.testing.assert_allclose([b.get_height() for b in trans], df["transitional"])
    labels = [t.get_text() for t in ax.texts]
    assert [f"{v:,.2f}" for v in df["total"]] == labels
    assert ax.get_ylabel() == "每月养老金（元/月）"
    # the transitional coefficient is the example city's (pension.csv line 34), illustrative
    assert "测试说明" in footer(fig) and "示例" in footer(fig)
    # the resident example has no transitional part: two segments only
    res = pension_scen.resident_scenarios(10000, 15, claimed_basic=150, interest_rate=0.03, subsidy=60)
    fig2 = pension_charts.plot_pension_stack(res, xlabel="算法")
    assert len(fig2.axes[0].containers) == 2
    np.testing.assert_allclose([b.get_height() for b in fig2.axes[0].containers[1]], res["account"])


def test_maternity_chart_shows_days_and_allowance():
    t = maternity_scen.maternity_scenarios(9000, region="zhejiang", child_order=2, dystocia=True)
    fig = maternity_charts.plot_maternity(t)
    ax = fig.axes[0]
    base, dys, ext = ax.containers
    np.testing.assert_allclose([b.get_width() for b in base], t["base"])
    np.testing.assert_allclose([b.get_width() for b in dys], t["dystocia"])
    np.testing.assert_allclose([b.get_width() for b in ext], t["extension"])
    texts = [x.get_text() for x in ax.texts]
    for _, row in t.iterrows():
        assert f"{row['days']} 天 → 津贴 {row['allowance']:,.2f} 元" in texts
    assert ax.get_xlabel() == "产假天数（天）" and "÷ 30" in ax.get_title()
    assert "女职工劳动保护特别规定" in footer(fig)


def test_charts_render_chinese_without_warnings(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figs = [
            charts.plot_retirement_ages(
                scen.retirement_age_grid(1960, 1970), person=retirement.retirement_table("1965-05", "女工人")
            ),
            charts.plot_medical_years(scen.medical_years_table(), years=20, region="beijing"),
            charts.plot_topup(scen.topup_curve("beijing", "male"), person=scen.topup_trace("beijing", "male", 3).attrs),
            pension_charts.plot_pension_stack(
                pension_scen.pension_by_years(None, 3.0, 40, 500000, 65, extra_months=11)
            ),
            maternity_charts.plot_maternity(
                maternity_scen.maternity_scenarios(50000, region="beijing", babies=3, dystocia=True)
            ),
        ]
        for i, fig in enumerate(figs):
            fig.savefig(tmp_path / f"{i}.png")
    assert all((tmp_path / f"{i}.png").stat().st_size > 10_000 for i in range(len(figs)))


# --------------------------------------------------------------------------- widgets

pytest.importorskip("ipywidgets")
from yibao_helpers.present.widgets import maternity as wm  # noqa: E402
from yibao_helpers.present.widgets import pension as wp  # noqa: E402
from yibao_helpers.present.widgets import retirement as wr  # noqa: E402


def test_render_retirement_prints_helper_values(capsys):
    person = wr.render_retirement(1975, 6, "male", 20)
    table = retirement.retirement_table("1975-06", "male").iloc[0]
    assert person["age"].iloc[0] == table["age"]
    out = capsys.readouterr().out
    assert table["age"] in out and pd.Timestamp(table["retirement_date"]).date().isoformat() in out


def test_render_topup_prints_helper_cost(capsys):
    trace = wr.render_topup("chongqing", "female", 20, 5)
    cost = medical_years.topup_cost("chongqing", 5)["cost"].iloc[0]
    assert trace.attrs["cost"] == cost
    assert f"{cost:,.2f} 元" in capsys.readouterr().out


def test_render_pension_prints_helper_total(capsys):
    me = wp.render_pension(0.6, 15, 50, 0, 0)
    base, _ = pension_scen.pension_base()
    expected = pension.estimate_pension(base, 0.6, 15, 0, 50).iloc[0]
    assert me["total"] == expected["total"]
    assert f"{expected['total']:,.2f} 元" in capsys.readouterr().out


def test_render_maternity_prints_helper_allowance(capsys):
    table = wm.render_maternity(12000, "zhejiang", 1, False, 2)
    amount = maternity.maternity_allowance(12000, 188, region="zhejiang")
    assert table["allowance"].iloc[-1] == amount
    assert f"产假 188 天，生育津贴 {amount:,.2f} 元" in capsys.readouterr().out


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: wr.render_retirement(1850, 6, "male"), "birth"),
        (lambda: wr.render_retirement(1975, 13, "male"), "birth"),
        (lambda: wr.render_retirement("abc", 1, "male"), "出生年月"),
        (lambda: wr.render_topup("national", "male", 18), "医保最低缴费年限"),
        (lambda: wr.render_topup("beijing", "female", 20, 25), "本地实际缴费年限不能超过"),
        (lambda: wp.render_pension(1.0, 30, 70, 3, 150000), "计发月数"),
        (lambda: wp.render_pension(-1, 30, 60, 0, 150000), "index"),
        (lambda: wm.render_maternity(-5, "jiangsu"), "avg_monthly_wage"),
        (lambda: wm.render_maternity(9000, "atlantis"), "region"),
    ],
)
def test_callbacks_print_chinese_message_on_bad_input(call, words, capsys):
    assert call() is None
    out = capsys.readouterr().out
    assert out.startswith("无法计算：") and words in out and "Traceback" not in out
    assert len(out.strip().splitlines()) == 1


def test_explorers_build_and_recompute():
    box = wr.retirement_explorer(birth="1968-03", group="female_cadre")
    year = box.children[0].children[0]
    assert year.value == 1968 and box.children[1].value == "female_cadre"
    year.value = 1990  # triggers the callback; must not raise
    calc = wr.topup_calculator(region="national", sex="女", years_paid=10)
    assert calc.children[0].children[0].value == scen.medical_years_regions()[0]  # falls back to a region with data
    assert calc.children[0].children[1].value == "female"
    calc.children[1].children[0].value = 30
    pen = wp.pension_explorer(index=0.6, years=15, age=50, balance=0)
    assert pen.children[0].children[0].description == "平均缴费指数"
    pen.children[1].children[0].value = 70
    pen.children[1].children[1].value = 5  # 70 years 5 months: message, no exception
    mat = wm.maternity_explorer(region="zhejiang", child_order=2)
    assert mat.children[0].children[1].value == "zhejiang"
    mat.children[2].children[0].value = True
