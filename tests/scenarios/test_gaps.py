"""Gap scenarios (yibao_helpers.scenarios.gaps) and the sentences of notebook 06's 常见误区 table.

* gap_example equals rules.gaps for the same inputs; where a year of the projection lacks the region's data,
  the projection starts in the default data year (data_as_of), where params.resolve finds the missing row (said
  on the page);
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
    # no region of 上海's chain (上海 → national → example) has an account interest rate before 2015-10-24 (the
    # first row, national, account.csv line 9): a projection from 2015 (1 July) cannot run, the newest year can
    with pytest.raises(YibaoInputError):
        gaps.account_during_gap(8000, 40, 5, gap_years=[2016, 2017], region="shanghai", start_year=2015)
    ex = sg.gap_example(gap_years=2, monthly_salary=8000, age=40, region="shanghai", start_year=2015)
    assert ex.gap_years == [NEWEST.year + 1, NEWEST.year + 2] and "2015" in ex.notes[0]
    pd.testing.assert_frame_equal(
        ex.account,
        gaps.account_during_gap(8000, 40, 5, gap_years=ex.gap_years, region="shanghai", start_year=NEWEST.year),
    )


def test_gap_projection_stand_in_by_hand():
    # the projection 2015–2019 fails on 2015-07-01: the current-year interest rate's first row is national,
    # 2015-10-24 (account.csv line 9), and 上海's chain has nothing earlier; the default date 2025-07-01 (data_as_of)
    # has it: the projection starts in 2025, the gap years 2026 and 2027.
    # (上海's 2025-07 – 2026-06 bases are in the data now, contribution.csv lines 71–72: no gap there any more.)
    ex = sg.gap_example(gap_years=2, monthly_salary=0, age=40, region="shanghai", start_year=2015)
    assert ex.notes == [
        "上海 2015–2019 年间没有当年划入部分利率（活期）的数据，个人账户一节改用 2025 年的数据（从 2025 年算起）。"
    ]
    assert list(ex.account["year"]) == [2025, 2026, 2027, 2028, 2029]
    # salary 0: 上海's 2025-07 floor 7460 (contribution.csv line 71) × 2 % (account.csv line 6) = 149.20/月, × 12 = 1790.40
    assert ex.account["credited"].iloc[0] == 12 * round(7460 * 0.02, 2)
    assert list(ex.in_gap["year"]) == [2026, 2027] and (ex.in_gap["credited"] == 0).all()
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
    assert "职工断缴补缴宽限期" in set(table["规则"])  # the catalogue's name, never the id grace_months
    values = sg.values_of(gaps.restart_date("resident", "2026-07-01", gap_years=1).sources)
    assert values["gap.resident.fixed_waiting_months"] == 3  # 国办发〔2024〕38号


# --------------------------------------------------------------------------- sentences


def said(cid, **inputs) -> str:
    return claims_table([cid], **{**PAGE, **inputs})["用数字说话"].iloc[0]


def test_k06_no_reset_no_stop_of_interest():
    # national 2025 (the default date 2025-07-01): base 60 % (contribution.csv line 59) of the example city's 全口径
    # wage 96,793 / 12 = 8066.08 (wages.csv line 51) = 4839.65; gap years 2026 and 2027: no credit, interest continues
    ex = sg.gap_example(gap_months=5, gap_years=2, monthly_salary=4839.65, age=40, opening_balance=3000)
    gap = ex.in_gap
    assert list(gap["credited"]) == [0, 0]
    start = float(ex.account.loc[ex.account["year"] == NEWEST.year, "balance"].iloc[0])
    text = said("K06")
    assert text == (
        f"断缴 2 年：划入 0.00 元，利息 {gap['interest'].sum():,.2f} 元，余额 {start:,.2f} → {gap['balance'].iloc[-1]:,.2f} 元；"
        f"既没停息也没清零。停的是报销待遇：{ex.employee.summary_zh}"
    )
    # 2025: credit fen(4839.65 × 2 %) = 96.79/月 × 12 = 1161.48 (account.csv line 6); interest
    # fen(1161.48 × 0.35 % × 78/144 + 3000 × 1.10 %) = fen(2.20 + 33.00) = 35.20 (account.csv lines 9–10, the
    # credits' mean holding time 78/144 year) → 3000 + 1161.48 + 35.20 = 4196.68;
    # 2026: fen(4196.68 × 1.10 %) = 46.16 → 4242.84; 2027: fen(4242.84 × 1.10 %) = 46.67 → 4289.51; 46.16 + 46.67 = 92.83
    assert text.startswith("断缴 2 年：划入 0.00 元，利息 92.83 元，余额 4,196.68 → 4,289.51 元")
    # the national employee rule (data/gaps.csv): a break of 5 months is past the grace period → 6 months of waiting
    assert "等待 6 个月" in text
    # no gap on the page: one gap year for the number, credit 0
    assert said("K06", gap_years=0).startswith("本例没有断缴；若断缴 1 年：划入 0 元，利息 ")


def test_k13_and_k29_by_hand():
    # 60 % base nationally (2025): 0.6 × 96,793 / 12 = 4839.65 (contribution.csv line 59, wages.csv line 51, example
    # city); fen(4839.65 × 8 %) = 387.17/月 × 12 = 4646.04 (6 % + 2 %, contribution.csv lines 2–3); 江苏 covers
    # flexible workers from 2026-02-05 (maternity.csv line 22); its maternity leave is 98 days (国务院令第619号,
    # maternity.csv line 2) + 60 days (江苏, maternity.csv line 8) = 158. The national chain has no
    # maternity.flexible_worker_since row (maternity.csv has only 江苏 line 22 and 徐州 line 23): the sentence says
    # the data hold no such rule for here (未收录), not that there is none
    assert said("K13") == (
        "全国灵活就业参加职工医保每年 4,646.04 元，本项目数据中没有这里把灵活就业纳入生育保险的规定（未收录，不等于没有）；"
        "江苏 2026-02-05 起已把参加职工医保的灵活就业人员纳入生育保险：顺产可按 158 天领生育津贴"
    )
    # a payment date after 江苏's rule (the page's paid_on): 江苏's own flexible workers are covered
    jiangsu = said("K13", region="jiangsu", paid_on="2026-03-01")
    assert (
        jiangsu.startswith("江苏灵活就业参加职工医保每年 4,646.04 元") and "已纳入生育保险（2026-02-05 起）" in jiangsu
    )
    # 深圳 (contribution.csv lines 26–30, contribution_tiers.csv): 一档 base = max(0.6 × 8066.08 = 4839.65, floor 5585)
    # = 5585; fen(5585 × (6 % + 0.2 % + 2 %)) = 457.97 × 12 = 5495.64, account fen(5585 × 2 %) = 111.70 × 12 = 1340.40;
    # 二档 9309 × (0.5 % + 0.1 % + 0.2 %) = fen(74.472) = 74.47 × 12 = 893.64, no account; 全国一档 96.79 × 12 = 1161.48
    text = said("K29")
    assert text.startswith(
        "深圳：职工医保一档每年缴 5,495.64 元、进账户 1,340.40 元；职工医保二档每年缴 893.64 元、进账户 0.00 元"
    )
    # 三档 9309 × (0.4 % + 0.05 % + 0.1 %) = fen(51.1995) = 51.20 × 12 = 614.40
    assert "职工医保三档每年缴 614.40 元、进账户 0.00 元" in text
    assert text.endswith("全国一档（基数 60%）每年进账户 1,161.48 元")
