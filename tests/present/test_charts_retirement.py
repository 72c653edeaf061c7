"""Charts, table builders and widgets of notebooks 07–09 (yibao_helpers.charts_retirement, widgets_retirement).

* the builders agree with the tested calculators (retirement, pension, maternity) for the same inputs;
* each chart shows exactly the data it was given (bar heights / widths, line values, the person's marker)
  and carries a footnote with sources, as-of date and the illustrative flag where it applies;
* each widget callback prints the helper's numbers, and a short Chinese message (no traceback) on bad input.
"""

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from yibao_helpers import YibaoInputError
from yibao_helpers.present.charts import retirement as charts
from yibao_helpers.rules import maternity, medical_years, pension, retirement

ROOT = Path(__file__).resolve().parents[2]


def footer(fig) -> str:
    return fig.texts[-1].get_text()


# --------------------------------------------------------------------------- builders = calculators


def test_retirement_grid_equals_helper():
    grid = charts.retirement_age_grid(1960, 1990)
    assert len(grid) == 3 * 31 * 12
    for g in charts.GROUP_ORDER:
        part = grid[grid["group"] == g]
        years, months = retirement.retirement_age(list(part["birth"]), g)
        np.testing.assert_allclose(part["age_total"], years + months / 12)
    assert grid["x"].min() == 1960 and grid["x"].max() == pytest.approx(1990 + 11 / 12)
    # a birth outside the range widens it
    wide = charts.retirement_age_grid(1960, 1970, include="1985-03")
    assert wide["x"].max() == pytest.approx(1985 + 11 / 12)
    assert set(wide.attrs["sources"]["confidence"]) == {"official"}


@pytest.mark.parametrize(
    "birth, group",
    [
        ("1964-12", "male"),
        ("1965-01", "male"),
        ("1975-06", "male"),
        ("1990-12", "男"),
        ("1970-01", "female_cadre"),
        ("1978-08", "女干部"),
        ("1975-02", "female_worker"),
        ("1984-12", "female_worker"),
        ("1960-03", "female_worker"),
    ],
)
def test_retirement_trace_agrees_with_helper(birth, group):
    trace = charts.retirement_trace(birth, group, contribution_years=20)
    result = dict(zip(trace["步骤"], trace["结果"]))
    assert trace.attrs["delay_months"] == retirement.delay_months(birth, group)
    assert result["延迟月数"] == f"{retirement.delay_months(birth, group)} 个月"
    table = retirement.retirement_table(birth, group).iloc[0]
    assert result["法定退休年龄"] == table["age"]
    assert result["法定退休日期"] == pd.Timestamp(table["retirement_date"]).date().isoformat()
    window = retirement.flexible_window(birth, group).iloc[0]
    assert result["弹性提前（最早）"].startswith(window["earliest_age"])
    assert result["养老金最低缴费年限"] == f"{window['min_years_at_statutory']:g} 年"


def test_medical_years_table_equals_helper():
    table = charts.medical_years_table()
    assert list(table["region"]) == charts.medical_years_regions()
    assert {"beijing", "shanghai", "xuzhou", "chongqing"} <= set(table["region"])
    for _, row in table.iterrows():
        assert row["male"] == medical_years.medical_min_years(row["region"], "male")["total_years"]
        assert row["female"] == medical_years.medical_min_years(row["region"], "female")["total_years"]
        assert row["local"] == medical_years.medical_min_years(row["region"], "male")["local_years"]
    assert table.set_index("region").loc["chongqing", "confidence"] == "illustrative"


def test_topup_trace_and_curve_equal_helpers():
    t = charts.topup_trace("xuzhou", "male", 18, 8)
    # 徐州 25 years total and 10 local: missing max(25 − 18, 10 − 8) = 7 years
    assert t.attrs["missing_years"] == 7 and not t.attrs["qualifies"]
    assert t.attrs["cost"] == medical_years.topup_cost("xuzhou", 7)["cost"].iloc[0]
    assert t["结果"].iloc[-1] == f"{t.attrs['cost']:,.2f} 元"
    ok = charts.topup_trace("shanghai", "female", 30)
    assert ok.attrs["qualifies"] and ok.attrs["cost"] == 0
    curve = charts.topup_curve("chongqing", "female")
    assert curve.attrs["required"] == 25 and len(curve) == 26
    np.testing.assert_allclose(
        curve["cost"], medical_years.topup_cost("chongqing", 25 - curve["total_years"].to_numpy())["cost"]
    )
    with pytest.raises(YibaoInputError, match="region"):
        charts.topup_curve("national", "male")


def test_pension_by_years_person_row_equals_estimate():
    df = charts.pension_by_years(8000, 1.2, 30, 150000, 63, extra_months=4, pre_account_years=3, region="shenyang")
    assert list(df["years"]) == [20, 25, 30, 35, 40]
    me = df[df["is_person"]].iloc[0]
    one = pension.estimate_pension(
        8000, 1.2, 30, 150000, 63, extra_months=4, pre_account_years=3, region="shenyang"
    ).iloc[0]
    for col in ("basic", "account", "transitional", "total", "annuity_months"):
        assert me[col] == one[col]
    # other years: balance in proportion to years (model convention), each row equal to the helper
    other = df.iloc[0]
    assert other["balance"] == 100000
    assert (
        other["total"]
        == pension.estimate_pension(8000, 1.2, 20, 100000, 63, extra_months=4, pre_account_years=3, region="shenyang")[
            "total"
        ].iloc[0]
    )
    # no wage given: the data's average wage ÷ 12, with its source
    base, src = charts.pension_base()
    d = charts.pension_by_years(None, 1.0, 15, 0, 50)
    assert d.attrs["avg_wage"] == base and "wage.avg_annual_prev_year" in set(d.attrs["sources"]["parameter"])
    assert d[d["is_person"]]["basic"].iloc[0] == pension.basic_pension(base, 1.0, 15)


def test_resident_balance_hand_values():
    assert charts.resident_balance(10000, 15) == 150000
    # 10000 × (1.03^15 − 1) / 0.03 = 185989.14
    assert charts.resident_balance(10000, 15, interest_rate=0.03) == 185989.14
    assert charts.resident_balance(10000, 15, subsidy=60) == 150900
    np.testing.assert_allclose(charts.resident_balance([1000, 2000], 10), [10000, 20000])
    for bad in ({"years": 1.5}, {"interest_rate": -0.01}, {"subsidy": float("nan")}, {"years": -1}):
        kwargs = {"annual_contribution": 1000, "years": 10, **bad}
        with pytest.raises(YibaoInputError):
            charts.resident_balance(kwargs.pop("annual_contribution"), kwargs.pop("years"), **kwargs)


def test_resident_scenarios_settle_k11():
    r = charts.resident_scenarios(10000, 15, claimed_basic=150, interest_rate=0.03, subsidy=60).set_index("case")
    assert r.loc["claim", "total"] == 1229.14  # 150000 ÷ 139 + 150
    assert r.loc["data_basic", "basic"] == pension.resident_basic_minimum()
    assert r.loc["data_basic", "total"] == pension.resident_pension(150000)["total"].iloc[0]
    assert r.loc["interest", "total"] == pension.resident_pension(185989.14)["total"].iloc[0]
    assert (
        r.loc["claim", "total"]
        < r.loc["data_basic", "total"]
        < r.loc["interest", "total"]
        < r.loc["interest_subsidy", "total"]
    )


def test_pension_sheet_agreement_matches_note(tmp_path):
    note = (ROOT / "data" / "notes" / "pension_validation.md").read_text(encoding="utf-8")
    fallback = charts.pension_sheet_agreement(cases_dir=tmp_path / "missing")
    assert not fallback["computed"] and f"**{fallback['agree']}**" in note and fallback["computable"] == 167
    result = charts.pension_sheet_agreement()
    if not result["computed"]:
        pytest.skip("validation cases not found beside the repository")
    assert result["matches_note"] and result["agree"] == fallback["agree"] >= 140


def test_maternity_scenarios_equal_helpers():
    t = charts.maternity_scenarios(9000, region="xuzhou", dystocia=True, babies=2)
    assert list(t["region"]) == ["national", "jiangsu", "zhejiang", "xuzhou"] and t["is_person"].tolist() == [
        0,
        0,
        0,
        1,
    ]
    for _, row in t.iterrows():
        days = maternity.leave_days(region=row["region"], dystocia=True, babies=2)
        assert row["days"] == days == row[["base", "dystocia", "multiple", "extension"]].sum()
        assert row["allowance"] == maternity.maternity_allowance(9000, days, region=row["region"])
    assert t.attrs["daily_rule"] == "÷ 30"
    bj = charts.maternity_scenarios(3000, region="beijing")
    assert bj["allowance"].iloc[-1] == maternity.maternity_allowance(3000, 98, region="beijing") > 3000 / 30 * 98


# --------------------------------------------------------------------------- charts show the data passed


def test_retirement_chart_shows_grid_and_person():
    grid = charts.retirement_age_grid(1955, 1995)
    person = retirement.retirement_table("1975-06", "male")
    fig = charts.plot_retirement_ages(grid, person=person)
    ax = fig.axes[0]
    lines = ax.get_lines()
    for line, g in zip(lines[:3], charts.GROUP_ORDER):
        np.testing.assert_allclose(line.get_ydata(), grid.loc[grid["group"] == g, "age_total"])
    marker = lines[3]
    assert marker.get_xdata()[0] == pytest.approx(1975 + 5 / 12)
    assert marker.get_ydata()[0] == pytest.approx(62 + 8 / 12)
    assert "62岁8个月" in marker.get_label()
    assert ax.get_ylabel() == "法定退休年龄（岁）" and "年" in ax.get_xlabel()
    assert "延迟法定退休年龄" in footer(fig) and f"数据截至 {grid.attrs['as_of']}" in footer(fig)
    assert "示例" not in footer(fig)


def test_medical_chart_shows_table():
    table = charts.medical_years_table()
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
    curve = charts.topup_curve("xuzhou", "female")
    person = charts.topup_trace("xuzhou", "female", 12.5).attrs
    fig = charts.plot_topup(curve, person=person)
    ax = fig.axes[0]
    np.testing.assert_allclose([b.get_height() for b in ax.containers[0]], curve["cost"])
    point = [line for line in ax.get_lines() if line.get_marker() == "o"][0]
    assert (point.get_xdata()[0], point.get_ydata()[0]) == (12.5, person["cost"])
    assert f"{person['cost']:,.2f}" in point.get_label()
    assert ax.get_ylabel() == "一次性补缴金额（元）" and "示例" in footer(fig)


def test_pension_stack_shows_parts():
    df = charts.pension_by_years(8000, 1.0, 30, 150000, 60, pre_account_years=5)
    fig = charts.plot_pension_stack(df, extra="测试说明")
    ax = fig.axes[0]
    basic, account, trans = ax.containers[:3]
    np.testing.assert_allclose([b.get_height() for b in basic], df["basic"])
    np.testing.assert_allclose([b.get_height() for b in account], df["account"])
    np.testing.assert_allclose([b.get_y() for b in account], df["basic"])
    np.testing.assert_allclose([b.get_height() for b in trans], df["transitional"])
    labels = [t.get_text() for t in ax.texts]
    assert [f"{v:,.2f}" for v in df["total"]] == labels
    assert ax.get_ylabel() == "每月养老金（元/月）"
    assert "测试说明" in footer(fig) and "示例" in footer(fig)  # the national transitional coefficient is illustrative
    # the resident example has no transitional part: two segments only
    res = charts.resident_scenarios(10000, 15, claimed_basic=150, interest_rate=0.03, subsidy=60)
    fig2 = charts.plot_pension_stack(res, xlabel="算法")
    assert len(fig2.axes[0].containers) == 2
    np.testing.assert_allclose([b.get_height() for b in fig2.axes[0].containers[1]], res["account"])


def test_maternity_chart_shows_days_and_allowance():
    t = charts.maternity_scenarios(9000, region="zhejiang", child_order=2, dystocia=True)
    fig = charts.plot_maternity(t)
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
                charts.retirement_age_grid(1960, 1970), person=retirement.retirement_table("1965-05", "女工人")
            ),
            charts.plot_medical_years(charts.medical_years_table(), years=20, region="beijing"),
            charts.plot_topup(
                charts.topup_curve("beijing", "male"), person=charts.topup_trace("beijing", "male", 3).attrs
            ),
            charts.plot_pension_stack(charts.pension_by_years(None, 3.0, 40, 500000, 65, extra_months=11)),
            charts.plot_maternity(charts.maternity_scenarios(50000, region="beijing", babies=3, dystocia=True)),
        ]
        for i, fig in enumerate(figs):
            fig.savefig(tmp_path / f"{i}.png")
    assert all((tmp_path / f"{i}.png").stat().st_size > 10_000 for i in range(len(figs)))


# --------------------------------------------------------------------------- widgets

wr = pytest.importorskip("yibao_helpers.widgets_retirement")


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
    me = wr.render_pension(0.6, 15, 50, 0, 0)
    base, _ = charts.pension_base()
    expected = pension.estimate_pension(base, 0.6, 15, 0, 50).iloc[0]
    assert me["total"] == expected["total"]
    assert f"{expected['total']:,.2f} 元" in capsys.readouterr().out


def test_render_maternity_prints_helper_allowance(capsys):
    table = wr.render_maternity(12000, "zhejiang", 1, False, 2)
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
        (lambda: wr.render_pension(1.0, 30, 70, 3, 150000), "计发月数"),
        (lambda: wr.render_pension(-1, 30, 60, 0, 150000), "index"),
        (lambda: wr.render_maternity(-5, "jiangsu"), "avg_monthly_wage"),
        (lambda: wr.render_maternity(9000, "atlantis"), "region"),
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
    assert calc.children[0].children[0].value == charts.medical_years_regions()[0]  # falls back to a region with data
    assert calc.children[0].children[1].value == "female"
    calc.children[1].children[0].value = 30
    pen = wr.pension_explorer(index=0.6, years=15, age=50, balance=0)
    assert pen.children[0].children[0].description == "平均缴费指数"
    pen.children[1].children[0].value = 70
    pen.children[1].children[1].value = 5  # 70 years 5 months: message, no exception
    mat = wr.maternity_explorer(region="zhejiang", child_order=2)
    assert mat.children[0].children[1].value == "zhejiang"
    mat.children[2].children[0].value = True
