"""Gap scenarios (yibao_helpers.scenarios.gaps) and the sentences of notebook 06's 常见误区 table.

* gap_example equals rules.gaps for the same inputs; where a year of the projection lacks the region's data,
  the projection starts in the newest data year, where params.resolve finds the missing row (said on the page);
* the sentences of K06, K13 and K29 (content.demos.gaps) show hand-computed numbers.
"""

import pandas as pd
import pytest

from yibao_helpers.content.claims import claims_table
from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.params import data_as_of
from yibao_helpers.rules import gaps
from yibao_helpers.scenarios import gaps as sg

NEWEST = data_as_of()
# notebook 06's default inputs (its parameters cell)
PAGE = dict(base_ratio=0.6, age=40, employment="flexible", gap_months=5, made_up=True, gap_years=2, made_up_years=0,
            opening_balance=3000, paid_on=None)  # fmt: skip


def test_gap_example_by_hand():
    # 国办发〔2024〕38号: 3 + 10 − 10 = 3 → at least 6 after a gap of 4 years or more
    ex = sg.gap_example(gap_years=10, made_up_years=10, monthly_salary=8000, age=40)
    assert ex.resident.waiting_months == 6 and len(ex.gap_years) == 10 and len(ex.account) == 13
    # 合肥 unit employees: a break of 1 month made up counts as continuous
    assert (
        sg.gap_example(
            gap_months=1, monthly_salary=8000, age=40, region="hefei", employment="unit"
        ).employee.waiting_months
        == 0
    )
    # near age 100 the projection stops at 100: fewer gap years are drawn, with a note
    old = sg.gap_example(gap_years=5, monthly_salary=0, age=99)
    assert len(old.account) == 2 and old.gap_years == [NEWEST.year + 1] and "100" in old.notes[0]


def test_gap_example_moves_a_projection_without_data():
    # 上海 has no contribution base for 2025-07 – 2026-06: a projection from 2024 cannot run, the newest year can
    with pytest.raises(YibaoInputError):
        gaps.account_during_gap(8000, 40, 5, gap_years=[2025, 2026], region="shanghai", start_year=2024)
    ex = sg.gap_example(gap_years=2, monthly_salary=8000, age=40, region="shanghai", start_year=2024)
    assert ex.gap_years == [NEWEST.year + 1, NEWEST.year + 2] and "2024" in ex.notes[0]
    pd.testing.assert_frame_equal(
        ex.account,
        gaps.account_during_gap(8000, 40, 5, gap_years=ex.gap_years, region="shanghai", start_year=NEWEST.year),
    )


def test_gap_projection_stand_in_by_hand():
    # the projection 2024–2028 fails on 2025-07-01 (上海's base floor: rows 2024-07 – 2025-06 and from 2026-07-01,
    # 7546 元); the newest data date 2026-07-01 has it: the projection starts in 2026, the gap years 2027 and 2028
    ex = sg.gap_example(gap_years=2, monthly_salary=0, age=40, region="shanghai", start_year=2024)
    assert ex.notes == ["上海 2024–2028 年间没有缴费基数下限的数据，个人账户一节改用 2026 年的数据（从 2026 年算起）。"]
    assert list(ex.account["year"]) == [2026, 2027, 2028, 2029, 2030]
    assert ex.account["credited"].iloc[0] == round(7546 * 0.02 * 12, 2)  # salary 0: the floor × 2 % × 12
    assert list(ex.in_gap["year"]) == [2027, 2028] and (ex.in_gap["credited"] == 0).all()
    # a projection that starts in the newest year already has no stand-in: its own error
    assert sg.gap_example(gap_years=2, monthly_salary=0, age=40, region="shanghai").notes == []


def test_employee_gap_rules_and_regions_come_from_the_data():
    table = sg.employee_gap_rules()
    assert list(table.columns) == ["地区", "规则", "适用", "月数", "生效", "来源", "可信度"]
    regions = sg.employee_gap_regions()
    assert regions[0] == "national" and {"hefei", "shanghai"} <= set(regions)
    assert set(table["适用"]) <= {"单位参保", "灵活就业", "全部"}
    hefei = table[(table["地区"] == "合肥") & (table["适用"] == "单位参保")]
    assert len(hefei)  # 合肥's rule for unit employees (the 1-month case above)
    values = sg.values_of(gaps.restart_date("resident", "2026-07-01", gap_years=1).sources)
    assert values["gap.resident.fixed_waiting_months"] == 3  # 国办发〔2024〕38号


# --------------------------------------------------------------------------- sentences


def said(cid, **inputs) -> str:
    return claims_table([cid], **{**PAGE, **inputs})["用数字说话"].iloc[0]


def test_k06_no_reset_no_stop_of_interest():
    # base 60 % of 10786.75 = 6472.05; gap years 2027 and 2028: no credit, interest on the balance continues
    ex = sg.gap_example(gap_months=5, gap_years=2, monthly_salary=6472.05, age=40, opening_balance=3000)
    gap = ex.in_gap
    assert list(gap["credited"]) == [0, 0]
    start = float(ex.account.loc[ex.account["year"] == NEWEST.year, "balance"].iloc[0])
    text = said("K06")
    assert text == (
        f"断缴 2 年：划入 0.00 元，利息 {gap['interest'].sum():,.2f} 元，余额 {start:,.2f} → {gap['balance'].iloc[-1]:,.2f} 元；"
        f"既没停息也没清零。停的是报销待遇：{ex.employee.summary_zh}"
    )
    assert text.startswith("断缴 2 年：划入 0.00 元，利息 101.52 元，余额 4,589.22 → 4,690.74 元")
    # the national employee rule (data/gaps.csv): a break of 5 months is past the grace period → 6 months of waiting
    assert "等待 6 个月" in text
    # no gap on the page: one gap year for the number, credit 0
    assert said("K06", gap_years=0).startswith("本例没有断缴；若断缴 1 年：划入 0 元，利息 ")


def test_k13_and_k29_by_hand():
    # 60 % base nationally: 6472.05 × 8 % × 12 = 6213.12; 江苏 covers flexible workers from 2026-02-05; its
    # maternity leave is 98 days (国务院令第619号) + 60 days (江苏, maternity.csv line 8) = 158
    assert said("K13") == (
        "全国灵活就业参加职工医保每年 6,213.12 元，数据中没有把灵活就业纳入生育保险的规定；"
        "江苏 2026-02-05 起已把参加职工医保的灵活就业人员纳入生育保险：顺产可按 158 天领生育津贴"
    )
    assert said("K13", region="jiangsu").startswith(
        "江苏灵活就业参加职工医保每年 "
    ) and "已纳入生育保险（2026-02-05 起）" in said("K13", region="jiangsu")
    # 深圳 二档、三档 have no account (data/contribution_tiers.csv); 一档 credits 6472.05 × 2 % × 12 = 1553.28
    text = said("K29")
    assert text.startswith(
        "深圳：职工医保一档每年缴 6,368.40 元、进账户 1,553.28 元；职工医保二档每年缴 893.64 元、进账户 0.00 元"
    )
    assert text.endswith("全国一档（基数 60%）每年进账户 1,553.28 元")
