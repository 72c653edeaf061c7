"""Flexible employment scenarios (yibao_helpers.scenarios.flexible).

The example equals rules.flexible for the same inputs; a year the region lacks data for moves to the
latest earlier year with the missing rows (params.with_data_year, fallback "earlier"), said on the page;
the trace is contribution.employee_flows' own result, step by step.
"""

import pandas as pd
import pytest

from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.rules import contribution, flexible
from yibao_helpers.scenarios import flexible as sx


def test_flexible_example_equals_compare_with_resident():
    ex = sx.flexible_example(0.6, region="national", age=40)
    pd.testing.assert_frame_equal(ex.compare, flexible.compare_with_resident(0.6, region="national", age=40))
    t1 = ex.tier1
    # national 2025 (default date 2025-07-01): 0.6 (contribution.csv line 59) × round(96,793 / 12, 2) = 8066.08 (the
    # example city's 全口径 wage, wages.csv line 51) = 4839.65; cost fen(4839.65 × 8 %) = 387.17 × 12 = 4646.04
    # (6 % + 2 %, contribution.csv lines 2–3); account fen(4839.65 × 2 %) = 96.79 × 12 = 1161.48 (account.csv line 6)
    assert (t1["base"], t1["cost"], t1["to_account"]) == (4839.65, 4646.04, 1161.48)
    grid = ex.by_base
    assert grid["base_ratio"].iloc[0] == 0.6 and grid["base_ratio"].iloc[-1] == 3.0
    pd.testing.assert_frame_equal(grid, flexible.flexible_cost(sx.base_grid(), region="national", age=40))
    # resident 2025: national rows end 2024, the example city's 400 (contribution.csv line 53)
    assert ex.resident["cost"] == 400 and "没有个人账户" in sx.flexible_summary(ex)


def test_flexible_example_tiers_and_year_fallback():
    sz = sx.flexible_example(1.0, region="shenzhen")
    assert list(sz.compare["option"]) == ["tier1", "tier2", "tier3", "resident"]
    assert (sz.compare.set_index("option").loc[["tier2", "tier3"], "to_account"] == 0).all()  # K29
    # 重庆: no resident standard after 2023 in the data → the latest year that has one
    with pytest.raises(YibaoInputError):
        flexible.compare_with_resident(0.6, region="chongqing")
    cq = sx.flexible_example(0.6, region="chongqing")
    assert cq.year == 2023 and "2023" in cq.notes[0]
    pd.testing.assert_frame_equal(cq.compare, flexible.compare_with_resident(0.6, region="chongqing", year=2023))


def test_flexible_year_stand_in_by_hand():
    # fallback=("earlier",): 重庆's resident standard has one row, 2023-01-01 – 2023-12-31, 350 元 (data/contribution.csv)
    for asked in (2024, 2026):
        cq = sx.flexible_example(0.6, region="chongqing", year=asked)
        assert cq.year == 2023 and cq.resident["cost"] == 350
        assert cq.notes == [f"重庆 {asked} 年没有居民医保个人缴费标准的数据，本节改用 2023 年的数据。"]
    assert sx.flexible_example(0.6, region="chongqing", year=2023).notes == []


@pytest.mark.parametrize("ratio, region", [(0.6, "national"), (3.0, "national"), (1.0, "beijing"), (3.0, "shenzhen")])
def test_flexible_trace_adds_up(ratio, region):
    ex = sx.flexible_example(ratio, region=region)
    tr = sx.flexible_trace(ex).set_index("步骤")["金额（元）"]
    t1 = ex.tier1
    parts = tr.drop(["缴费基数（月）", "全年缴费合计", "其中划入个人账户", "其中进统筹基金"])
    parts = parts.drop([s for s in parts.index if s.startswith("其中")])  # the shares of the total, not addends
    assert round(parts.sum(), 2) == tr["全年缴费合计"] == t1["cost"]
    assert round(tr["其中划入个人账户"] + tr["其中进统筹基金"] + t1["to_other"], 2) == t1["cost"]
    assert tr["缴费基数（月）"] == t1["base"]


def test_flexible_trace_is_the_calculators_result():
    # 北京 2025 at 60 %: 0.6 (contribution.csv line 75) × 北京's 全口径 wage 143,244 / 12 = 11937.00 (wages.csv line 39)
    # = 7162.20, just above 北京's floor 7162 (contribution.csv line 16): base 7162.20; employee_flows' own split
    ex = sx.flexible_example(0.6, region="beijing")
    tr = sx.flexible_trace(ex).set_index("步骤")
    assert ex.year == 2025 and tr.loc["缴费基数（月）", "金额（元）"] == 7162.20
    flows = contribution.employee_flows(round(0.6 * 143244 / 12, 2), region="beijing", year=ex.year).iloc[0]
    amounts = tr["金额（元）"]
    assert (amounts["单位部分（灵活就业自己缴）"], amounts["个人部分"]) == (flows["employer"], flows["employee"])
    # employer 9 % + 大额 1 % (contribution.csv lines 4–5): fen(716.22) × 12 = 8594.64; individual 2 % (line 6):
    # fen(143.244) = 143.24 × 12 + 3 元/月 × 12 (line 7) = 1718.88 + 36 = 1754.88
    assert (amounts["单位部分（灵活就业自己缴）"], amounts["个人部分"]) == (8594.64, 1754.88)
    assert amounts["其中进大额互助 / 地方补充"] == flows["to_other"] == 895.44  # fen(71.622) = 71.62 × 12 + 3 × 12
    assert "含大额互助" in tr.loc["个人部分", "规则"] and "9.0%" in tr.loc["单位部分（灵活就业自己缴）", "规则"]
    # 深圳 has only an employer add-on (地方补充): the individual part is 2 % alone, on 深圳's floor 5585
    # (contribution.csv lines 28–29; 0.6 × 8066.08 = 4839.65 is below it): fen(111.70) × 12 = 1340.40
    sz = sx.flexible_trace(sx.flexible_example(0.6, region="shenzhen")).set_index("步骤")
    assert "含大额互助" not in sz.loc["个人部分", "规则"] and sz.loc["个人部分", "金额（元）"] == 1340.40
    # no add-on nationally: no such row
    assert "其中进大额互助 / 地方补充" not in set(sx.flexible_trace(sx.flexible_example(0.6))["步骤"])
