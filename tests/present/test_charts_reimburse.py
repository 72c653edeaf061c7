"""Charts and widgets of notebooks 02 (职工 vs 居民: where the money goes) and 03 (reimbursement).

Each chart must show exactly the data passed to it (read back from the matplotlib artists); the
widget callbacks print a Chinese message, not a traceback, on bad input. The data helpers are tested
in tests/scenarios/test_contributions.py and tests/scenarios/test_reimburse.py.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.present.charts import contributions as cc
from yibao_helpers.present.charts import reimburse as cr
from yibao_helpers.present.widgets import reimburse as widgets
from yibao_helpers.rules import contribution
from yibao_helpers.rules.reimburse import reimburse
from yibao_helpers.scenarios import contributions as sc
from yibao_helpers.scenarios import reimburse as sr


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# =========================================================================== notebook 02


def test_contribution_flow_chart_shows_the_table():
    t = sc.flow_table(8000, region="beijing", year=2026, retiree_age=72)
    fig = cc.plot_contribution_flows(t)
    ax = fig.axes[0]
    groups = list(dict.fromkeys(t["group"]))
    drawn = {}
    for container in ax.containers:
        side, part = container.patches[0].get_gid().split(":")
        for g, patch in zip(groups, container.patches):
            drawn[(g, side, part)] = patch.get_height()
    for row in t.itertuples():
        assert drawn.get((row.group, row.side, row.part), 0.0) == pytest.approx(row.amount)
    # stacked: every part starts where the previous one ended
    for container in ax.containers:
        for patch in container.patches:
            assert patch.get_y() >= -1e-9
    assert ax.get_ylabel() == "金额（元/年）"
    assert "北京" in ax.get_title()
    footer = fig.texts[-1].get_text()
    assert "数据截至" in footer and "示例" in footer  # 北京 retiree credit is illustrative (data/account.csv)


def test_flows_by_salary_chart_lines_are_the_data():
    salaries = np.linspace(0, 40000, 41)
    frame = sc.flows_by_salary(salaries, year=2026)
    fig = cc.plot_flows_by_salary(frame, salary=8000)
    lines = {line.get_gid(): line for line in fig.axes[0].get_lines() if line.get_gid()}
    np.testing.assert_allclose(lines["total"].get_ydata(), frame["total"])
    np.testing.assert_allclose(lines["employee"].get_ydata(), frame["employee"])
    # 2026: the example city's resident standard 400 + subsidy 724 (contribution.csv lines 55-56, illustrative)
    assert set(lines["resident_total"].get_ydata()) == {1124.0}
    # base limits (M1): 60% / 300% (contribution.csv lines 59-60, 国办发〔2019〕13号) of the 全口径 wage; national
    # publishes none, so the example city's 2026 value 100,516 (wages.csv line 52): 0.6 × 100,516 / 12 = 5,025.80,
    # 3 × 100,516 / 12 = 25,129.00 (was 60% / 300% of the non-private wage 129,441: 6,472.05 / 32,360.25)
    assert frame.attrs["base_floor"] == 5025.8 and frame.attrs["base_ceiling"] == 25129.0
    assert fig.axes[0].get_xlabel() == "月工资（元/月）"


# =========================================================================== notebook 03


def test_oop_chart_shows_the_curves_and_the_bars():
    curves = sr.oop_curves(80000, excluded_share=0.1, partial_share=0.3, max_cost=300000, points=31)
    fig = cr.plot_oop_vs_cost(curves, level=2, member="retired")
    left, right = fig.axes
    lines = {line.get_gid(): line for line in left.get_lines() if line.get_gid()}
    for g in sr.GROUPS:
        d = curves[(curves["level"] == 2) & (curves["group"] == g)]
        np.testing.assert_allclose(lines[g].get_xdata(), d["cost"])
        np.testing.assert_allclose(lines[g].get_ydata(), d["out_of_pocket"])
    assert lines["employee_retired"].get_linewidth() > lines["employee_in_service"].get_linewidth()
    bars = {p.get_gid(): p.get_height() for p in right.patches if p.get_gid()}
    for level in (1, 2, 3):
        for g, (scheme, member, _) in sr.GROUPS.items():
            expected = reimburse(
                80000, scheme=scheme, member=member, hospital_level=level, excluded_share=0.1, partial_share=0.3
            ).out_of_pocket
            assert bars[f"bar:{g}:{level}"] == pytest.approx(expected)
    assert left.get_xlabel() == "住院总费用（元）" and left.get_ylabel() == "个人负担（元）"
    # national has no inpatient table: the example city's (inpatient.csv lines 2-18, illustrative) is borrowed
    assert "示例" in fig.texts[-1].get_text()


def test_illustrative_note():
    bills = sr.bill_comparison(50000)
    assert "示例值" in cr.illustrative_note(bills.attrs["sources"])
    src = bills.attrs["sources"].assign(confidence="official")
    assert cr.illustrative_note(src) == ""


def test_bad_inputs_name_the_parameter():
    with pytest.raises(YibaoInputError, match="member"):
        cr.plot_oop_vs_cost(sr.oop_curves(1000, points=3), member="student")


# =========================================================================== widgets


def test_flow_widget_callback_prints_the_helper_numbers(capsys):
    table = widgets.render_flows(10000, "national", 2026)
    assert table is not None
    out = capsys.readouterr().out
    assert "7,200.00" in out and "2,400.00 元进个人账户" in out and "个人账户 0.00 元" in out


def test_flow_widget_callback_shows_chinese_message_not_traceback(capsys):
    # REWRITTEN for issue 13: 上海 2025 (the old gap) now has its base (contribution.csv line 71), and before a
    # region's first row the next region answers, so no region/year of 2016– lacks a flow. 2010 precedes every
    # 全口径 wage of shanghai's chain (wages.csv line 31: shanghai's from 2023-07-01; line 41: the example city's
    # from 2015-07-01; national has none): the base limits cannot be computed
    assert widgets.render_flows(8000, "shanghai", 2010) is None
    out = capsys.readouterr().out
    assert out.startswith("无法计算：") and "Traceback" not in out and "shanghai" in out
    assert "wage.avg_annual_all_units_prev_year" in out and "2010-07-01" in out


def test_reimbursement_widget_callback(capsys):
    curves = widgets.render_reimbursement(50000, 0.2, 0.05, 3, "退休")
    assert curves is not None
    out = capsys.readouterr().out
    expected = reimburse(50000, scheme="employee", member="retired", excluded_share=0.05, partial_share=0.2)
    assert f"个人负担 {expected.out_of_pocket:,.2f} 元" in out and "大病保险从总费用约" in out


@pytest.mark.parametrize(
    "args, name",
    [
        ((50000, 0.6, 0.5, 3, "retired"), "partial_share"),
        ((50000, 0.1, 0.1, 5, "retired"), "hospital_level"),
        ((50000, 0.1, 0.1, 3, "student"), "member"),
        ((-1, 0.1, 0.1, 3, "retired"), "cost"),
    ],
)
def test_reimbursement_widget_callback_shows_chinese_message(capsys, args, name):
    assert widgets.render_reimbursement(*args) is None
    out = capsys.readouterr().out
    assert out.startswith("无法计算：") and f"参数 {name}" in out and "Traceback" not in out


def test_explorers_build_and_redraw_on_change():
    box = widgets.flow_explorer(monthly_salary=9000, year=2026)
    salary, out = box.children[0].children[0], box.children[2]
    assert salary.value == 9000 and salary.description == "月工资（元/月）"
    salary.value = 12000  # the observer redraws into the Output widget
    total = contribution.employee_flows(12000, year=2026).iloc[0]["total"]
    assert f"职工在职每年缴 {total:,.2f} 元" in out.outputs[0]["text"]
    assert [o["output_type"] for o in out.outputs] == ["stream", "display_data"]
    box.children[0].children[1].value = 2016  # 2016: still a valid year for national
    assert out.outputs[0]["text"].startswith("职工在职每年缴")

    box = widgets.reimbursement_explorer(cost=2_000_000, member="retired", excluded_share=0.05)
    cost_w, shares, choice, out = box.children[0], box.children[1], box.children[2], box.children[4]
    assert cost_w.value == 2_000_000 and cost_w.max >= 2_000_000
    assert [s.description for s in shares.children] == ["乙类占比", "丙类（目录外）占比"]
    assert choice.children[1].value == "retired"
    choice.children[0].value = 1
    expected = reimburse(
        2_000_000, scheme="employee", member="retired", hospital_level=1, excluded_share=0.05, partial_share=0.2
    ).out_of_pocket
    assert f"个人负担 {expected:,.2f} 元" in out.outputs[0]["text"]
    shares.children[0].value = 0.99  # 乙类 0.99 + 丙类 0.05 > 1: a Chinese message, no chart, no exception
    assert out.outputs[0]["text"].startswith("无法计算：") and len(out.outputs) == 1
    assert not math.isnan(cost_w.value)
