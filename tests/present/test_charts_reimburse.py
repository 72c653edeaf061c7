"""Charts and widgets of notebooks 02 (职工 vs 居民: where the money goes) and 03 (reimbursement).

Each chart must show exactly the data passed to it (read back from the matplotlib artists); the data
helpers must agree with the calculators they wrap (hand arithmetic in comments, data/ values cited);
the widget callbacks print a Chinese message, not a traceback, on bad input.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.present.charts import reimburse as cr
from yibao_helpers.rules import contribution, outpatient
from yibao_helpers.rules.reimburse import reimburse


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# =========================================================================== notebook 02


def test_flow_table_adds_up_and_matches_the_calculators():
    # national 2026, salary 10,000: employer 6 % → 7200/年, employee 2 % → 2400/年 (国发〔1998〕44号);
    # after 国办发〔2021〕14号 only the 2400 goes to the account, the employer's 7200 to the pool.
    t = cr.flow_table(10000, year=2026)
    a = t.set_index(["group", "part"])["amount"]
    assert (a["employee_in_service", "employer"], a["employee_in_service", "individual"]) == (7200, 2400)
    assert (a["employee_in_service", "account"], a["employee_in_service", "pool"]) == (2400, 7200)
    # resident 2026: 400 + 724 (data/contribution.csv), all to the pool
    assert (a["resident", "individual"], a["resident", "subsidy"], a["resident", "account"], a["resident", "pool"]) == (
        400,
        724,
        0,
        1124,
    )
    # the retiree pays nothing; the pool credits 2 % of the (illustrative) 3000 average pension: 60/月 → 720/年
    assert a["employee_retired", "pool_credit"] == a["employee_retired", "account"] == 720
    sums = t.groupby(["group", "side"])["amount"].sum().unstack()
    np.testing.assert_allclose(sums["source"], sums["use"])
    emp = contribution.employee_flows(10000, year=2026).iloc[0]
    assert sums.loc["employee_in_service", "source"] == emp["total"]
    assert set(t.attrs["sources"]["parameter"]) >= {"employee.employer_rate", "resident.fiscal_subsidy"}
    assert t.attrs["notes"] == []


def test_resident_gap_falls_back_to_the_national_standard_with_a_note():
    # 重庆 has resident contributions for 2023 only: 2026 is a gap → national 400 + 724, with a note
    frame, note = cr.resident_flows_for(2026, region="chongqing")
    assert (frame["individual"].iloc[0], frame["subsidy"].iloc[0]) == (400, 724)
    assert "重庆" in note and "全国标准" in note
    own, none = cr.resident_flows_for(2023, region="chongqing")
    assert own["individual"].iloc[0] == 350 and none == ""
    t = cr.flow_table(8000, region="chongqing", year=2026)
    assert t.attrs["notes"] == [note]
    with pytest.raises(YibaoInputError):
        cr.resident_flows_for(1990)  # national has no resident rows that early: no fallback to hide it


def test_contribution_flow_chart_shows_the_table():
    t = cr.flow_table(8000, region="beijing", year=2026, retiree_age=72)
    fig = cr.plot_contribution_flows(t)
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


def test_flow_trace_amounts_are_the_calculators():
    trace = cr.flow_trace(50000, region="national", year=2026)
    emp = contribution.employee_flows(50000, year=2026).iloc[0]
    amounts = dict(zip(trace["步骤"], trace["金额（元/年）"]))
    # salary 50,000 above the ceiling 300 % × 129441 / 12 = 32360.25 → base 32360.25
    assert amounts["缴费基数（元/月）"] == emp["base"] == 32360.25
    assert amounts["单位缴费"] == emp["employer"] and amounts["划入个人账户"] == emp["to_account"]
    assert amounts["进统筹基金"] == emp["to_pool"] and amounts["合计"] == emp["total"]
    old = cr.flow_trace(8000, year=2019, age=50)
    assert "改革前" in old.loc[old["步骤"] == "划入个人账户", "规则"].iloc[0]


def test_flows_by_salary_chart_lines_are_the_data():
    salaries = np.linspace(0, 40000, 41)
    frame = cr.flows_by_salary(salaries, year=2026)
    fig = cr.plot_flows_by_salary(frame, salary=8000)
    lines = {line.get_gid(): line for line in fig.axes[0].get_lines() if line.get_gid()}
    np.testing.assert_allclose(lines["total"].get_ydata(), frame["total"])
    np.testing.assert_allclose(lines["employee"].get_ydata(), frame["employee"])
    assert set(lines["resident_total"].get_ydata()) == {1124.0}
    assert frame.attrs["base_floor"] == 6472.05 and frame.attrs["base_ceiling"] == 32360.25
    assert fig.axes[0].get_xlabel() == "月工资（元/月）"


def test_scheme_comparison_and_resident_history():
    table = cr.scheme_comparison(region="nanchang", year=2025, hospital_level=3)
    row = table.set_index("项目")
    assert row.loc["个人账户", "城乡居民医保"].startswith("没有")
    # 南昌 三级: employee 起付 800 / 85 %, resident 600 / 60 % (洪医保发〔2025〕27号 via a secondary site)
    assert row.loc["住院起付线（三级医院）", "职工医保"] == "800 元"
    assert row.loc["住院起付线（三级医院）", "城乡居民医保"] == "600 元"
    assert row.loc["住院支付比例（三级医院，政策范围内）", "城乡居民医保"] == "60%"
    history = cr.resident_history(2024)
    assert list(history["year"])[-3:] == [2022, 2023, 2024] and (history["to_account"] == 0).all()


# =========================================================================== notebook 03


def test_oop_curves_are_the_engine_results():
    curves = cr.oop_curves(
        50000, region="nanchang", year=2025, excluded_share=0.05, partial_share=0.2, max_cost=200000, points=21
    )
    assert 50000 in set(curves["cost"]) and curves.attrs["cost"] == 50000
    for (level, group), d in curves.groupby(["level", "group"]):
        scheme, member, _ = cr.GROUPS[group]
        r = reimburse(
            d["cost"].to_numpy(),
            scheme=scheme,
            member=member,
            region="nanchang",
            year=2025,
            hospital_level=level,
            excluded_share=0.05,
            partial_share=0.2,
        )
        np.testing.assert_allclose(d["out_of_pocket"], r.out_of_pocket)
        np.testing.assert_allclose(d["fund_pays"] + d["out_of_pocket"], d["cost"])


def test_oop_chart_shows_the_curves_and_the_bars():
    curves = cr.oop_curves(80000, excluded_share=0.1, partial_share=0.3, max_cost=300000, points=31)
    fig = cr.plot_oop_vs_cost(curves, level=2, member="retired")
    left, right = fig.axes
    lines = {line.get_gid(): line for line in left.get_lines() if line.get_gid()}
    for g in cr.GROUPS:
        d = curves[(curves["level"] == 2) & (curves["group"] == g)]
        np.testing.assert_allclose(lines[g].get_xdata(), d["cost"])
        np.testing.assert_allclose(lines[g].get_ydata(), d["out_of_pocket"])
    assert lines["employee_retired"].get_linewidth() > lines["employee_in_service"].get_linewidth()
    bars = {p.get_gid(): p.get_height() for p in right.patches if p.get_gid()}
    for level in (1, 2, 3):
        for g, (scheme, member, _) in cr.GROUPS.items():
            expected = reimburse(
                80000, scheme=scheme, member=member, hospital_level=level, excluded_share=0.1, partial_share=0.3
            ).out_of_pocket
            assert bars[f"bar:{g}:{level}"] == pytest.approx(expected)
    assert left.get_xlabel() == "住院总费用（元）" and left.get_ylabel() == "个人负担（元）"
    assert "示例" in fig.texts[-1].get_text()  # national reimbursement parameters are illustrative


def test_where_catastrophic_insurance_starts():
    # national 居民 三级 (illustrative): 起付 1000, 70 %; 大病 起付 = 50 % × 43377 = 21688.5, 60 %.
    # Person's policy-range burden = 1000 + 30 % × (cost − 1000) = 0.3 × cost + 700 > 21688.5
    # ⇔ cost > 69961.67; the engine pays its first fen just above that.
    ms = cr.milestones(year=2026, levels=[3])
    start = ms[(ms["group"] == "resident") & (ms["kind"] == "catastrophic")]["cost"].iloc[0]
    assert start == pytest.approx(69961.67, abs=0.05)
    assert reimburse(start, scheme="resident", year=2026).catastrophic > 0
    assert reimburse(start - 0.01, scheme="resident", year=2026).catastrophic == 0
    # 南昌 居民 三级: the 10万 ceiling is reached at 600 + 100000 / 60 % = 167266.67
    ms = cr.milestones(region="nanchang", year=2025, levels=[3])
    ceiling = ms[(ms["group"] == "resident") & (ms["kind"] == "ceiling")]["cost"].iloc[0]
    assert ceiling == pytest.approx(600 + 100000 / 0.6, abs=0.02)
    assert set(ms.loc[ms["group"] == "employee_in_service", "kind"]) == {"fund_starts", "ceiling"}
    table = cr.milestone_table(ms, 3)
    assert "居民大病保险开始支付" in set(table["从总费用多少起"])


def test_first_cost_on_a_simple_rule():
    assert cr.first_cost(lambda c: c >= 1234.56) == 1234.56
    assert cr.first_cost(lambda c: c > 1e12) is None
    assert cr.first_cost(lambda c: c >= 0) == 0.0


def test_referral_table_is_the_engine_per_referral():
    table = cr.referral_table(50000, year=2026)
    for ref, label in (
        ("local", "参保地就医"),
        ("referred", "异地转诊/急诊"),
        ("unregistered", "异地临时外出（未备案）"),
    ):
        row = table[(table["就医方式"] == label) & (table["险种"] == "职工医保·在职")].iloc[0]
        assert row["个人负担"] == reimburse(50000, scheme="employee", year=2026, referral=ref).out_of_pocket
    # national 职工 三级, cost 50,000: local 80 % × 49000 = 39200; unregistered −20 points → 29400 (9800 more for the person)
    unreg = table[(table["就医方式"] == "异地临时外出（未备案）") & (table["险种"] == "职工医保·在职")].iloc[0]
    assert unreg["基金支付"] == 29400 and unreg["比本地多付"] == 9800
    # before the cross-region rows (2022-07-01) the rows say so instead of failing
    early = cr.referral_table(50000, year=2021)
    assert early["个人负担"].isna().sum() == 6 and early["规则"].str.startswith("无数据").sum() == 6


def test_small_bill_of_the_k28_claim():
    # national 职工门诊一级 (illustrative 滁州 values): 起付 800/年, 60 %. A 50 元 box of medicine:
    # first bill of the year → 0 (inside the deductible); after the deductible → 60 % × 50 = 30;
    # 乙类: 10 % paid first → 45 in the policy range → 60 % × 45 = 27.
    jia = cr.small_bill(50, year=2026)
    yi = cr.small_bill(50, year=2026, yi=True)
    assert (jia["first_of_year"], jia["after_deductible"], jia["deductible"]) == (0, 30, 800)
    assert (yi["policy_range"], yi["after_deductible"]) == (45, 27)
    check = outpatient.pool_year([800, 50], on=2026, hospital_level=1)
    assert check["fund_pays"].iloc[1] == jia["after_deductible"]


def test_bill_comparison_and_slips():
    bills = cr.bill_comparison(50000, region="nanchang", year=2025, excluded_share=0.1, partial_share=0.2)
    row = bills.set_index("group")
    # 南昌 职工 三级 在职 (test_reimburse): 20000 → …; here 50,000: 目录外 5000, 乙类先付 1000,
    # policy range 44000, 起付 800, 统筹 (44000 − 800) × 85 % = 36720 → person 13280
    assert row.loc["employee_in_service", "fund_pays"] == 36720
    assert row.loc["employee_in_service", "out_of_pocket"] == 13280
    assert row.loc["employee_in_service", "oop_share"] == pytest.approx(13280 / 50000)
    slips = cr.slips_side_by_side(bills)
    assert slips.set_index("field").loc["hifp_pay", "职工医保·在职"] == 36720
    zero = cr.bill_comparison(0)
    assert zero["oop_share"].isna().all() and (zero["out_of_pocket"] == 0).all()
    trace = cr.trace_table(bills.attrs["results"]["resident"])
    assert {"步骤", "规则", "金额（元）", "来源"} <= set(trace.columns)


def test_illustrative_note():
    bills = cr.bill_comparison(50000)
    assert "示例值" in cr.illustrative_note(bills.attrs["sources"])
    src = bills.attrs["sources"].assign(confidence="official")
    assert cr.illustrative_note(src) == ""


def test_bad_inputs_name_the_parameter():
    with pytest.raises(YibaoInputError, match="member"):
        cr.plot_oop_vs_cost(cr.oop_curves(1000, points=3), member="student")
    with pytest.raises(YibaoInputError, match="monthly_salary"):
        cr.flow_table([8000, 9000])
    with pytest.raises(YibaoInputError, match="cost"):
        cr.oop_curves(-5)


# =========================================================================== widgets


def test_flow_widget_callback_prints_the_helper_numbers(capsys):
    widgets = pytest.importorskip("yibao_helpers.widgets_reimburse")
    table = widgets.render_flows(10000, "national", 2026)
    assert table is not None
    out = capsys.readouterr().out
    assert "7,200.00" in out and "2,400.00 元进个人账户" in out and "个人账户 0.00 元" in out


def test_flow_widget_callback_shows_chinese_message_not_traceback(capsys):
    widgets = pytest.importorskip("yibao_helpers.widgets_reimburse")
    # 上海 has no contribution base for 2025-07 … 2026-06 (data/contribution.csv): a data gap
    assert widgets.render_flows(8000, "shanghai", 2025) is None
    out = capsys.readouterr().out
    assert out.startswith("无法计算：") and "Traceback" not in out and "shanghai" in out


def test_reimbursement_widget_callback(capsys):
    widgets = pytest.importorskip("yibao_helpers.widgets_reimburse")
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
    widgets = pytest.importorskip("yibao_helpers.widgets_reimburse")
    assert widgets.render_reimbursement(*args) is None
    out = capsys.readouterr().out
    assert out.startswith("无法计算：") and f"参数 {name}" in out and "Traceback" not in out


def test_explorers_build_and_redraw_on_change():
    widgets = pytest.importorskip("yibao_helpers.widgets_reimburse")
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
