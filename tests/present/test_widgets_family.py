"""Widget callbacks and wrappers of notebooks 04–06 (yibao_helpers.widgets_family) and their charts (charts_life).

The callbacks must compute exactly what the tested calculators return for the same inputs
(family_year.simulate_family_year, balance_change.explain_change, flexible.compare_with_resident,
gaps.restart_date / account_during_gap), print the key numbers, and print a short Chinese
message — never a traceback — on bad input. The charts must show the data passed to them.
"""

import datetime as dt
import re
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from yibao_helpers.core.errors import YibaoInputError  # noqa: E402
from yibao_helpers.present.charts import life as charts_life
from yibao_helpers.present.widgets import family as wf  # noqa: E402
from yibao_helpers.rules import (
    account,
    balance_change,
    family,
    family_year,
    flexible,
    gaps,  # noqa: E402
)
from yibao_helpers.scenarios import balance

CJK = re.compile(r"[\u4e00-\u9fff]")
NEWEST = wf.data_as_of()


def no_traceback(out: str):
    assert out.startswith("无法计算：参数 "), out
    assert "Traceback" not in out and "Invalid" not in out and CJK.search(out)


# =========================================================================== 04 family


def test_render_family_equals_the_simulation(capsys):
    ex = wf.render_family(8000, 35, 4000, 500, 3000, 1200, 1500, "national", sibling_cross_province=True, draw=False)
    credit = account.project_balance(8000, 35, 1, start_year=NEWEST.year)["credited"].iloc[0]
    direct = family_year.simulate_family_year(
        4000,
        credit,
        [
            {"relation": "母亲", "medical": 3000, "premium": "standard"},
            {"relation": "配偶", "medical": 1200},
            {"relation": "哥哥", "medical": 1500, "cross_province": True, "bound": True},
        ],
        on=NEWEST,
        worker_costs=500,
    )
    pd.testing.assert_frame_equal(ex.result.summary, direct.summary)
    pd.testing.assert_frame_equal(ex.result.items, direct.items)
    assert ex.credit == credit == 1920.0  # 8000 × 2% × 12 (国办发〔2021〕14号)
    out = capsys.readouterr().out
    s = direct.summary.iloc[0]
    assert f"年末余额 {s['year_end_balance']:,.2f} 元" in out and f"现金支付 {s['cash']:,.2f} 元" in out


def test_render_family_before_near_relatives_names_the_reason(capsys):
    # on 2024-03-01 siblings are outside the circle (国办发〔2024〕38号 from 2024-07-26)
    ex = wf.render_family(8000, 35, 4000, 0, 0, 0, 1500, "national", rule_date="2024-03-01", draw=False)
    per = ex.result.per_person().set_index("who")
    assert per.loc["哥哥", "cash"] == 1500 and per.loc["哥哥", "from_account"] == 0
    assert "哥哥：" in capsys.readouterr().out and "2024-07-26" in ex.result.items["reason"].str.cat()


@pytest.mark.parametrize(
    "args, kwargs, param",
    [
        ((-1, 35, 4000, 0, 0, 0, 0), {}, "monthly_salary"),
        ((8000, 150, 4000, 0, 0, 0, 0), {}, "age"),
        ((8000, 35, -5, 0, 0, 0, 0), {}, "balance"),
        ((8000, 35, 4000, 0, float("nan"), 0, 0), {}, "relatives[0].medical"),
        ((8000, 35, 4000, 0, 0, 0, 0), {"rule_date": "2024-02-30"}, "on"),
        ((8000, 35, 4000, 0, 0, 0, 0), {"rule_date": "2010-01-01"}, "start_year"),  # no wage data in 2010
        ((8000, 35, 4000, 0, 0, 0, 0), {"parent_premium": "lots"}, "relatives[0].premium"),
    ],
)
def test_render_family_bad_input_prints_a_chinese_message(args, kwargs, param, capsys):
    assert wf.render_family(*args, "national", draw=False, **kwargs) is None
    out = capsys.readouterr().out
    no_traceback(out)
    assert param in out


def test_render_family_unknown_region(capsys):
    assert wf.render_family(8000, 35, 4000, 0, 0, 0, 0, "atlantis", draw=False) is None
    no_traceback(capsys.readouterr().out)


def test_resident_premium_and_its_fallback():
    value, src, note = wf.resident_premium("national", "2024-07-01")
    assert value == 400 and note == "" and "医保发〔2024〕19号" in src["source"].iloc[0]  # 2024 standard
    # 重庆's own series stops in 2023 (data/contribution.csv): the latest row of the region, with a note
    value, src, note = wf.resident_premium("chongqing", NEWEST)
    assert value == 350 and "2023" in note and src["region"].iloc[0] == "chongqing"
    ex = wf.family_example(
        8000, 35, account_balance=1000, relatives=[{"relation": "母亲", "premium": "standard"}], region="chongqing"
    )
    items = ex.result.items.set_index("item")
    assert items.loc["resident_premium", "amount"] == 350 and ex.notes == [note]
    assert "resident.individual_contribution" in set(ex.sources["parameter"])
    with pytest.raises(YibaoInputError):
        wf.resident_premium("national", "2015-01-01")  # before any resident standard in the data


def test_rule_dates_scope_table_and_milestones_come_from_the_data():
    opts = wf.rule_dates()
    dates = [d for _, d in opts]
    assert dates[:4] == [dt.date(2021, 4, 12), dt.date(2021, 4, 13), dt.date(2024, 7, 26), dt.date(2026, 1, 9)]
    assert dates[-1] == NEWEST and "国办发〔2024〕38号" in opts[2][0]
    table = wf.scope_table()
    assert list(table.columns) == [d.isoformat() for d in dates]
    for rel, row in table.iterrows():
        code = family.relation_code(rel)
        for day, cell in row.items():
            inside = family.may_use(code, day)
            across = family.may_use(code, day, cross_province=True)
            assert cell == ("省内、跨省都可以" if inside and across else "省内可以" if inside else "不可以")
    assert table.loc["兄弟姐妹", "2024-07-26"] == "省内可以" and table.loc["兄弟姐妹", "2021-04-13"] == "不可以"
    assert (wf.scope_table(bound=False)["2026-01-09"] == "省内可以").all()  # K54: binding first
    m = wf.milestones()
    assert m["core"] == (dt.date(2021, 4, 13), "国办发〔2021〕14号")
    assert m["near"] == (dt.date(2024, 7, 26), "国办发〔2024〕38号")
    assert m["cross"][0] == dt.date(2026, 1, 9) and m["ltc"][0] == dt.date(2026, 1, 9)


def test_family_example_with_scenarios_matches_scalar_runs():
    costs = np.array([0.0, 3000.0, 20000.0])
    rels = wf.family_relatives(costs, 1200, 1500)
    vec = wf.family_example(8000, 35, account_balance=4000, relatives=rels, worker_costs=500)
    for i, c in enumerate(costs):
        one = wf.family_example(
            8000, 35, account_balance=4000, relatives=wf.family_relatives(c, 1200, 1500), worker_costs=500
        )
        row = vec.result.summary.iloc[i].drop("scenario")
        pd.testing.assert_series_equal(row, one.result.summary.iloc[0], check_names=False)


def test_family_explorer_builds_and_recomputes():
    pytest.importorskip("ipywidgets")
    box = wf.family_explorer(monthly_salary=9000)
    salary = box.children[0].children[0]
    assert salary.value == 9000 and salary.description == "月工资（元）"
    dates = box.children[3].children[1]
    assert dates.value == NEWEST and len(dates.options) == len(wf.rule_dates())
    salary.value = 0  # triggers the callback; must not raise
    dates.value = dt.date(2021, 4, 12)


# =========================================================================== 05 balance change


def test_render_change_equals_explain_change(capsys):
    ex = wf.render_change(8000, 9000, 44, 2020, None, 1000, 4000, 5000, 8000, "national", draw=False)
    before = dict(monthly_salary=8000, age=44, year=2020, region="national", annual_spending=1000, opening_balance=5000)
    after = dict(
        monthly_salary=9000,
        age=44 + NEWEST.year - 2020,
        year=NEWEST.year,
        region="national",
        annual_spending=4000,
        opening_balance=8000,
    )
    direct = balance_change.explain_change(before, after)
    pd.testing.assert_frame_equal(ex.table, direct)
    assert ex.notes == [] and ex.after["age"] == after["age"]
    amounts = dict(zip(direct["factor"], direct["amount"]))
    assert amounts["reform"] == -1944.0  # 9000 × 1.8% × 12 no longer credited (K31)
    out = capsys.readouterr().out
    assert f"相差 {direct.attrs['total']:+,.2f} 元" in out and "门诊共济改革 -1,944.00" in out


def test_change_example_moves_a_year_without_data():
    # 北京 publishes contribution bases only from 2021-07 (data/contribution.csv)
    before, after = wf.change_situations(8000, 9000, 44, 2019, 2026, region="beijing")
    with pytest.raises(YibaoInputError):
        balance_change.explain_change(before, after)
    ex = wf.change_example(before, after)
    assert ex.before["year"] == 2021 and ex.before["age"] == 46 and "2019" in ex.notes[0] and "2021" in ex.notes[0]
    pd.testing.assert_frame_equal(ex.table, balance_change.explain_change(dict(before, year=2021, age=46), after))
    # 上海 has no 2025 base (2025-07 – 2026-06 not found): an after-year of 2025 moves back to 2024
    before, after = wf.change_situations(8000, 9000, 44, 2023, 2025, region="shanghai")
    ex = wf.change_example(before, after)
    assert ex.after["year"] == 2024 and ex.after["age"] == 45 and ex.before["year"] == 2023


@pytest.mark.parametrize(
    "args, param",
    [
        ((8000, 9000, 99, 2020, 2026), "after.age"),  # 99 + 6 = 105 > 100
        ((-8000, 9000, 44, 2020, 2026), "before.monthly_salary"),
        ((8000, 9000, 44, 1850, 2026), "before.year"),
        ((8000, 9000, 44, 2020, "2026"), "after.year"),
    ],
)
def test_render_change_bad_input_prints_a_chinese_message(args, param, capsys):
    assert wf.render_change(*args, draw=False) is None
    out = capsys.readouterr().out
    no_traceback(out)
    assert param in out


def test_change_explorer_builds_and_recomputes():
    pytest.importorskip("ipywidgets")
    box = wf.change_explorer()
    year_before = box.children[2].children[0]
    assert year_before.value == 2020 and year_before.min == wf.first_data_year() and year_before.max == NEWEST.year
    year_before.value = year_before.min


# =========================================================================== 06 flexible employment and gaps


def test_render_flexible_equals_compare_with_resident(capsys):
    ex = wf.render_flexible(60, 40, "national", draw=False)
    direct = flexible.compare_with_resident(0.6, region="national", age=40)
    pd.testing.assert_frame_equal(ex.compare, direct)
    t1 = direct.set_index("option").loc["tier1"]
    assert (t1["base"], t1["cost"], t1["to_account"]) == (6472.05, 6213.12, 1553.28)  # see test_balance_change
    out = capsys.readouterr().out
    assert f"每年缴 {t1['cost']:,.2f} 元" in out and "没有个人账户" in out
    grid = ex.by_base
    assert grid["base_ratio"].iloc[0] == 0.6 and grid["base_ratio"].iloc[-1] == 3.0
    pd.testing.assert_frame_equal(grid, flexible.flexible_cost(wf.base_grid(), region="national", age=40))


def test_flexible_example_tiers_and_year_fallback():
    sz = wf.flexible_example(1.0, region="shenzhen")
    assert list(sz.compare["option"]) == ["tier1", "tier2", "tier3", "resident"]
    assert (sz.compare.set_index("option").loc[["tier2", "tier3"], "to_account"] == 0).all()  # K29
    # 重庆: no resident standard after 2023 in the data → the latest year that has one
    with pytest.raises(YibaoInputError):
        flexible.compare_with_resident(0.6, region="chongqing")
    cq = wf.flexible_example(0.6, region="chongqing")
    assert cq.year == 2023 and "2023" in cq.notes[0]
    pd.testing.assert_frame_equal(cq.compare, flexible.compare_with_resident(0.6, region="chongqing", year=2023))


@pytest.mark.parametrize("ratio, region", [(0.6, "national"), (3.0, "national"), (1.0, "beijing"), (3.0, "shenzhen")])
def test_flexible_trace_adds_up(ratio, region):
    ex = wf.flexible_example(ratio, region=region)
    tr = wf.flexible_trace(ex).set_index("步骤")["金额（元）"]
    t1 = ex.compare.set_index("option").loc["tier1"]
    parts = tr.drop(["缴费基数（月）", "全年缴费合计", "其中划入个人账户", "其中进统筹基金"]).sum()
    assert round(parts, 2) == tr["全年缴费合计"] == t1["cost"]
    assert round(tr["其中划入个人账户"] + tr["其中进统筹基金"] + t1["to_other"], 2) == t1["cost"]
    assert tr["缴费基数（月）"] == t1["base"]


@pytest.mark.parametrize(
    "pct, param", [(50, "base_ratio"), (301, "base_ratio"), ("六十", "base_percent"), (True, "base_percent")]
)
def test_render_flexible_bad_input(pct, param, capsys):
    assert wf.render_flexible(pct, 40, "national", draw=False) is None
    out = capsys.readouterr().out
    no_traceback(out)
    assert param in out


@pytest.mark.parametrize(
    "months, years, made, salary, age, balance, region, employment",
    [
        (5, 2, 0, 6500, 40, 3000, "national", "flexible"),
        (0, 0, 0, 6500, 40, 3000, "national", "flexible"),  # no gap at all
        (120, 10, 10, 32360.25, 40, 0, "national", "flexible"),  # ten years, all made up, zero balance
        (1, 3, 1, 8000, 45, 5000, "hefei", "unit"),  # 合肥: unit break ≤ 1 month counts as continuous
        (4, 1, 0, 0, 30, 0, "shanghai", "flexible"),  # zero salary and balance
    ],
)
def test_render_gap_equals_the_helpers(months, years, made, salary, age, balance, region, employment, capsys):
    ex = wf.render_gap(months, years, made, salary, age, balance, region, employment=employment, draw=False)
    emp = gaps.restart_date("employee", None, region=region, gap_months=months, employment=employment)
    res = gaps.restart_date("resident", None, region=region, gap_years=years, made_up_years=made)
    assert (ex.employee.waiting_months, ex.employee.restart) == (emp.waiting_months, emp.restart)
    assert (ex.resident.waiting_months, ex.resident.restart) == (res.waiting_months, res.restart)
    gap_list = [NEWEST.year + 1 + i for i in range(years)]
    direct = gaps.account_during_gap(
        salary, age, years + 3, gap_years=gap_list, region=region, start_year=NEWEST.year, opening_balance=balance
    )
    pd.testing.assert_frame_equal(ex.account, direct)
    out = capsys.readouterr().out
    assert emp.summary_zh in out and res.summary_zh in out
    assert f"{direct['balance'].iloc[-1]:,.2f} 元" in out
    if years:
        assert (ex.account.loc[ex.account["in_gap"], "credited"] == 0).all()


def test_gap_example_by_hand():
    # 国办发〔2024〕38号: 3 + 10 − 10 = 3 → at least 6 after a gap of 4 years or more
    ex = wf.gap_example(gap_years=10, made_up_years=10, monthly_salary=8000, age=40)
    assert ex.resident.waiting_months == 6 and len(ex.gap_years) == 10 and len(ex.account) == 13
    # 合肥 unit employees: a break of 1 month made up counts as continuous
    assert (
        wf.gap_example(
            gap_months=1, monthly_salary=8000, age=40, region="hefei", employment="unit"
        ).employee.waiting_months
        == 0
    )
    # near age 100 the projection stops at 100: fewer gap years are drawn, with a note
    old = wf.gap_example(gap_years=5, monthly_salary=0, age=99)
    assert len(old.account) == 2 and old.gap_years == [NEWEST.year + 1] and "100" in old.notes[0]


@pytest.mark.parametrize(
    "kwargs, param",
    [
        (dict(gap_months=2, gap_years=2, made_up_years=3), "made_up_years"),
        (dict(gap_months=-1, gap_years=0, made_up_years=0), "gap_months"),
        (dict(gap_months=0, gap_years=1.5, made_up_years=0), "gap_years"),
        (dict(gap_months=0, gap_years=0, made_up_years=0, age=120), "age"),
        (dict(gap_months=0, gap_years=0, made_up_years=0, employment="freelance"), "employment"),
        (dict(gap_months=0, gap_years=0, made_up_years=0, paid_on="2026/03/15"), "paid_on"),
    ],
)
def test_render_gap_bad_input_prints_a_chinese_message(kwargs, param, capsys):
    args = dict(monthly_salary=6500, age=40, opening_balance=0)
    args.update(kwargs)
    extra = {k: args.pop(k) for k in ("employment", "paid_on") if k in args}
    assert (
        wf.render_gap(
            args["gap_months"],
            args["gap_years"],
            args["made_up_years"],
            args["monthly_salary"],
            args["age"],
            args["opening_balance"],
            "national",
            draw=False,
            **extra,
        )
        is None
    )
    out = capsys.readouterr().out
    no_traceback(out)
    assert param in out


def test_flexible_and_gap_explorers_build_and_recompute():
    pytest.importorskip("ipywidgets")
    box = wf.flexible_explorer(base_percent=100)
    pct = box.children[0].children[0]
    lo, hi, _ = flexible.base_range()
    assert (pct.min, pct.max, pct.value) == (round(lo * 100), round(hi * 100), 100)
    pct.value = pct.max
    box = wf.gap_explorer()
    years, made = box.children[0].children[1], box.children[1].children[0]
    years.value = 10
    made.value = 10
    years.value = 0  # made-up years now exceed the gap: a message, not an exception


# =========================================================================== charts


def drawn(fig):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing CJK glyph is a UserWarning
        fig.canvas.draw()
    return fig.axes[0]


def test_family_cost_curve_shows_the_scenarios():
    costs = np.arange(0, 20001, 500)
    ex = wf.family_example(
        8000, 35, account_balance=4000, relatives=wf.family_relatives(costs, 1200, 1500), worker_costs=500
    )
    fig = charts_life.plot_family_cost_curve(ex.result, costs)
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
        charts_life.plot_family_cost_curve(ex.result, costs[:3])


def test_gap_account_chart_shows_the_balances():
    df = gaps.account_during_gap(8000, 40, 5, gap_years=[2027, 2028], start_year=2026, opening_balance=3000)
    fig = charts_life.plot_gap_account(df)
    ax = drawn(fig)
    bars = ax.patches[: len(df)]
    assert [round(b.get_height(), 2) for b in bars] == list(df["balance"])
    gray = matplotlib.colors.to_rgba(charts_life.COLORS["gap"], 0.9)
    assert [b.get_facecolor() == gray for b in bars] == list(df["in_gap"])
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), df["balance_without_gap"].to_numpy())
    assert f"{df['credit_lost'].sum():,.2f}" in " ".join(t.get_text() for t in ax.texts)
    assert [t.get_text() for t in ax.get_legend().get_texts()][1:] == [
        "年末余额（正常缴费年份）",
        "年末余额（断缴年份：不划入，照常计息、可用）",
    ]
    assert ax.get_ylabel() == "账户余额（元）"


def test_flexible_by_base_chart_shows_the_costs():
    df = flexible.flexible_cost(wf.base_grid(), region="beijing")
    fig = charts_life.plot_flexible_by_base(df, chosen=1.0)
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
    fig = charts_life.plot_employee_waiting(tables)
    ax = drawn(fig)
    assert len(ax.lines) == 3 and [t.get_text() for t in ax.get_legend().get_texts()] == list(tables)
    for line, df in zip(ax.lines, tables.values()):
        shown = np.asarray(line.get_ydata(), dtype=float)
        np.testing.assert_allclose(np.round(shown), df["waiting_months"].to_numpy())  # offsets < 0.5 month
        np.testing.assert_array_equal(line.get_xdata(), gaps_)
    assert ax.get_ylabel() == "续缴后的待遇等待期（月）" and "沪医保规〔2025〕7号" in fig.texts[-1].get_text()


def test_waterfall_wrapper_keeps_the_bars_and_fixes_negative_labels():
    t = balance_change.explain_change(
        dict(monthly_salary=8000, age=44, year=2020, opening_balance=5000, annual_spending=1000),
        dict(monthly_salary=9000, age=50, year=2026, opening_balance=8000, annual_spending=4000),
    )
    w = balance.waterfall_data(t)
    fig = charts_life.plot_waterfall(t)
    ax = drawn(fig)
    heights = [round(p.get_height(), 2) for p in ax.patches]
    assert heights == [round(h, 2) for h in (w["top"] - w["bottom"])]
    assert w["amount"].iloc[-1] < 0
    end_label = ax.texts[len(w) - 1]
    assert end_label.get_text() == f"{w['amount'].iloc[-1]:,.2f}" and end_label.get_va() == "top"
    assert end_label.get_position()[1] < w["top"].iloc[-1]  # under the bar, not inside it
    lo, hi = ax.get_ylim()
    assert lo < min(w["bottom"].min(), w["top"].min()) and hi > max(w["bottom"].max(), w["top"].max())


def test_gap_example_moves_a_projection_without_data():
    # 上海 has no contribution base for 2025-07 – 2026-06: a projection from 2024 cannot run, the newest year can
    with pytest.raises(YibaoInputError):
        gaps.account_during_gap(8000, 40, 5, gap_years=[2025, 2026], region="shanghai", start_year=2024)
    ex = wf.gap_example(gap_years=2, monthly_salary=8000, age=40, region="shanghai", start_year=2024)
    assert ex.gap_years == [NEWEST.year + 1, NEWEST.year + 2] and "2024" in ex.notes[0]
    pd.testing.assert_frame_equal(
        ex.account,
        gaps.account_during_gap(8000, 40, 5, gap_years=ex.gap_years, region="shanghai", start_year=NEWEST.year),
    )
