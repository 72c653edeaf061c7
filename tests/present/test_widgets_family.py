"""Widget callbacks of notebooks 04–06 (yibao_helpers.present.widgets.family, .balance, .flexible, .gaps).

The callbacks must compute exactly what the tested calculators return for the same inputs
(family_year.simulate_family_year, balance_change.explain_change, flexible.compare_with_resident,
gaps.restart_date / account_during_gap), print the key numbers, and print a short Chinese
message — never a traceback — on bad input. The analyses themselves are tested in tests/scenarios
(test_family, test_balance, test_flexible, test_gaps), the charts in tests/present/test_charts_family.py.
"""

import datetime as dt
import re

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from yibao_helpers.params import data_as_of  # noqa: E402
from yibao_helpers.present.widgets import balance as wb  # noqa: E402
from yibao_helpers.present.widgets import family as wf  # noqa: E402
from yibao_helpers.present.widgets import flexible as wx  # noqa: E402
from yibao_helpers.present.widgets import gaps as wg  # noqa: E402
from yibao_helpers.rules import account, balance_change, family_year, flexible, gaps  # noqa: E402
from yibao_helpers.scenarios import balance, family  # noqa: E402
from yibao_helpers.scenarios import flexible as sx  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
NEWEST = data_as_of()


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


def test_family_explorer_builds_and_recomputes():
    pytest.importorskip("ipywidgets")
    box = wf.family_explorer(monthly_salary=9000)
    salary = box.children[0].children[0]
    assert salary.value == 9000 and salary.description == "月工资（元）"
    dates = box.children[3].children[1]
    # family.csv lines 2-14: rule dates 2021-04-13, 2024-07-26, 2026-01-09 (and the day before the first); the
    # default date NEWEST = 2025-07-01 is none of them: rule_dates gives it in its place, and the explorer uses them
    assert [d for _, d in family.rule_dates()] == [
        dt.date(2021, 4, 12),
        dt.date(2021, 4, 13),
        dt.date(2024, 7, 26),
        dt.date(2025, 7, 1),
        dt.date(2026, 1, 9),
    ]
    assert dates.value == NEWEST == dt.date(2025, 7, 1)
    assert list(dates.options) == family.rule_dates()
    # a date of the caller's own goes in date order too
    other = wf.family_explorer(rule_date="2022-01-01").children[3].children[1]
    assert [d for _, d in other.options][2:4] == [dt.date(2022, 1, 1), dt.date(2024, 7, 26)]
    salary.value = 0  # triggers the callback; must not raise
    dates.value = dt.date(2021, 4, 12)


# =========================================================================== 05 balance change


def test_render_change_equals_explain_change(capsys):
    ex = wb.render_change(8000, 9000, 44, 2020, None, 1000, 4000, 5000, 8000, "national", draw=False)
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
    assert wb.render_change(*args, draw=False) is None
    out = capsys.readouterr().out
    no_traceback(out)
    assert param in out


def test_change_explorer_builds_and_recomputes():
    pytest.importorskip("ipywidgets")
    box = wb.change_explorer()
    year_before = box.children[2].children[0]
    # default: last year against this year (the newest data year)
    assert (
        year_before.value == NEWEST.year - 1
        and year_before.min == balance.first_data_year()
        and year_before.max == NEWEST.year
    )
    year_before.value = year_before.min


# =========================================================================== 06 flexible employment and gaps


def test_render_flexible_equals_compare_with_resident(capsys):
    ex = wx.render_flexible(60, 40, "national", draw=False)
    direct = flexible.compare_with_resident(0.6, region="national", age=40)
    pd.testing.assert_frame_equal(ex.compare, direct)
    t1 = direct.set_index("option").loc["tier1"]
    # NEWEST = 2025-07-01; base 60% (contribution.csv line 59) of the 全口径 wage — the example city's 96,793
    # (wages.csv line 51; national has none): 0.6 × 96,793 / 12 = 4,839.65; a month 4,839.65 × (6% + 2%)
    # (contribution.csv lines 2-3) = 387.17 → × 12 = 4,646.04; to the account 4,839.65 × 2% (account.csv line 6)
    # = 96.79 → × 12 = 1,161.48 (was 6,472.05 / 6,213.12 / 1,553.28 on the non-private wage 129,441)
    assert (t1["base"], t1["cost"], t1["to_account"]) == (4839.65, 4646.04, 1161.48)
    out = capsys.readouterr().out
    assert f"每年缴 {t1['cost']:,.2f} 元" in out and "没有个人账户" in out
    grid = ex.by_base
    assert grid["base_ratio"].iloc[0] == 0.6 and grid["base_ratio"].iloc[-1] == 3.0
    pd.testing.assert_frame_equal(grid, flexible.flexible_cost(sx.base_grid(), region="national", age=40))


@pytest.mark.parametrize(
    "pct, param", [(50, "base_ratio"), (301, "base_ratio"), ("六十", "base_percent"), (True, "base_percent")]
)
def test_render_flexible_bad_input(pct, param, capsys):
    assert wx.render_flexible(pct, 40, "national", draw=False) is None
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
    ex = wg.render_gap(months, years, made, salary, age, balance, region, employment=employment, draw=False)
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
        wg.render_gap(
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
    box = wx.flexible_explorer(base_percent=100)
    pct = box.children[0].children[0]
    lo, hi, _ = flexible.base_range()
    assert (pct.min, pct.max, pct.value) == (round(lo * 100), round(hi * 100), 100)
    pct.value = pct.max
    box = wg.gap_explorer()
    years, made = box.children[0].children[1], box.children[1].children[0]
    years.value = 10
    made.value = 10
    years.value = 0  # made-up years now exceed the gap: a message, not an exception
