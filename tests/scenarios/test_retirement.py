"""Retirement-age and medical-years scenarios (yibao_helpers.scenarios.retirement) and notebook 07's claim sentences.

* the grids, traces and tables agree with the tested calculators (rules.retirement, rules.medical_years) for the
  same inputs;
* the 常见误区 sentences of K38 and K39 (content.demos.retirement) show hand-computed numbers.
"""

import numpy as np
import pandas as pd
import pytest

from yibao_helpers import YibaoInputError
from yibao_helpers.content.claims import claims_table
from yibao_helpers.rules import medical_years, retirement
from yibao_helpers.scenarios import retirement as scen

YEAR = 2026  # the rule year of the hand values below (1 July 2026; the default date is 2025-07-01)


def said(cid, **inputs) -> str:
    return claims_table([cid], year=YEAR, **inputs)["用数字说话"].iloc[0]


# --------------------------------------------------------------------------- builders = calculators


def test_retirement_grid_equals_helper():
    grid = scen.retirement_age_grid(1960, 1990)
    assert len(grid) == 3 * 31 * 12
    for g in retirement.GROUP_ZH:
        part = grid[grid["group"] == g]
        years, months = retirement.retirement_age(list(part["birth"]), g)
        np.testing.assert_allclose(part["age_total"], years + months / 12)
    assert grid["x"].min() == 1960 and grid["x"].max() == pytest.approx(1990 + 11 / 12)
    # a birth outside the range widens it
    wide = scen.retirement_age_grid(1960, 1970, include="1985-03")
    assert wide["x"].max() == pytest.approx(1985 + 11 / 12)
    # the rows read (data/retirement.csv): the 1978 ages (lines 2–4) and the reform start (line 5) are secondary
    # (read on pages that name no 文号 and article), the 2024 targets and steps (lines 6–11) official; none illustrative
    src = wide.attrs["sources"].set_index("parameter")["confidence"]
    assert set(src) == {"official", "secondary"}
    assert (src[src.index.str.startswith(("retirement.old_age", "retirement.reform_start"))] == "secondary").all()
    assert (src[src.index.str.startswith(("retirement.target_age", "retirement.months_per_step"))] == "official").all()
    # one group only: the grid holds that group's births alone
    one = scen.retirement_age_grid(1975, 1975, groups=["female_worker"])
    assert set(one["group"]) == {"female_worker"} and len(one) == 12


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
    trace = scen.retirement_trace(birth, group, contribution_years=20)
    result = dict(zip(trace["步骤"], trace["结果"]))
    assert trace.attrs["delay_months"] == retirement.delay_months(birth, group)
    assert result["延迟月数"] == f"{retirement.delay_months(birth, group)} 个月"
    table = retirement.retirement_table(birth, group).iloc[0]
    assert result["法定退休年龄"] == table["age"]
    assert result["法定退休日期"] == pd.Timestamp(table["retirement_date"]).date().isoformat()
    window = retirement.flexible_window(birth, group).iloc[0]
    assert result["弹性提前（最早）"].startswith(window["earliest_age"])
    assert result["养老金最低缴费年限"] == f"{window['min_years_at_statutory']:g} 年"


def test_retirement_trace_hand_values():
    # 全国人大常委会决定 (2024-09-13) and its 办法 第一条: men 60 → 63, one month per 4 months of birth from
    # 1965-01; born 1975-06 is k = 125 months later: min(⌈126 ÷ 4⌉, 36) = 32 months → 62岁8个月 on 2038-02-01
    result = dict(zip(*(scen.retirement_trace("1975-06", "male")[c] for c in ("步骤", "结果"))))
    assert result["第一个受影响的出生月"] == "1965年1月" and result["你的出生月序 k"] == "125"
    assert result["延迟月数"] == "32 个月" and result["法定退休日期"] == "2038-02-01"


def test_medical_years_table_equals_helper():
    table = scen.medical_years_table()
    assert list(table["region"]) == scen.medical_years_regions()
    assert {"beijing", "shanghai", "xuzhou", "chongqing"} <= set(table["region"])
    for _, row in table.iterrows():
        assert row["male"] == medical_years.medical_min_years(row["region"], "male")["total_years"]
        assert row["female"] == medical_years.medical_min_years(row["region"], "female")["total_years"]
        assert row["local"] == medical_years.medical_min_years(row["region"], "male")["local_years"]
    assert table.set_index("region").loc["chongqing", "confidence"] == "illustrative"


def test_topup_trace_and_curve_equal_helpers():
    t = scen.topup_trace("xuzhou", "male", 18, 8)
    # 徐州 25 years total and 10 local: missing max(25 − 18, 10 − 8) = 7 years
    assert t.attrs["missing_years"] == 7 and not t.attrs["qualifies"]
    assert t.attrs["cost"] == medical_years.topup_cost("xuzhou", 7)["cost"].iloc[0]
    assert t["结果"].iloc[-1] == f"{t.attrs['cost']:,.2f} 元"
    ok = scen.topup_trace("shanghai", "female", 30)
    assert ok.attrs["qualifies"] and ok.attrs["cost"] == 0
    curve = scen.topup_curve("chongqing", "female")
    assert curve.attrs["required"] == 25 and len(curve) == 26
    np.testing.assert_allclose(
        curve["cost"], medical_years.topup_cost("chongqing", 25 - curve["total_years"].to_numpy())["cost"]
    )
    with pytest.raises(YibaoInputError, match="region"):
        scen.topup_curve("national", "male")


# --------------------------------------------------------------------------- the 常见误区 sentences


def test_k38_sentence_hand_values():
    # data/medical_years.csv: 长沙、重庆、中山 30/25 years (the claim's 辽宁 numbers), 北京、徐州 25/20, 上海 15/15;
    # 徐州 also 10 local years (徐州市人社局2012年答复). A man with 18 years: the claim's 30 − 18 = 12 missing,
    # 徐州's max(25 − 18, 10 − 18) = 7.
    assert said("K38", region="xuzhou", group="male", years_at_retirement=18) == (
        "数据里没有辽宁/沈阳的年限（未找到原文）；同样的 30/25 年见于长沙、重庆、中山，其他地区男性 15–25 年。"
        "你（男，18 年）按说法差 12 年，按徐州数据差 7 年"
    )
    # a woman cadre with 22 years in 北京 (20 years for women): the claim's 25 − 22 = 3, 北京's 0
    assert said("K38", region="beijing", group="female_cadre", years_at_retirement=22).endswith(
        "你（女，22 年）按说法差 3 年，按北京数据差 0 年"
    )
    # no minimum years for the region (there is no national number)
    assert said("K38", region="national", group="male", years_at_retirement=18).endswith("按全国数据差 无数据")


def test_k39_sentence_hand_values():
    # the claim: 5480 × 7% × 12 = 4603.20; the data (辽宁 has no top-up rows, nor has national: the example city's):
    # base = 1.0 (medical_years.csv line 19) × 129441 ÷ 12 (2026: national wages end 2026-06-30, so the example
    # city's row, wages.csv line 13) = 10786.75 元/月, rate 8% (medical_years.csv line 20):
    # 10786.75 × 8% × 12 = 10355.28 — none of it 辽宁's, so the sentence must not say "辽宁的补缴参数"
    assert said("K39") == (
        "按说法补 1 年 = 5,480 × 7% × 12 = 4,603.20 元；按示例城市的示例值，不是辽宁的数字"
        "（基数 10,786.75 元/月 × 8%）补 1 年 10,355.28 元；原文未找到"
    )
