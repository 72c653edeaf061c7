"""Maternity scenarios (yibao_helpers.scenarios.maternity) and notebook 09's claim sentences.

* the regional comparison agrees with the tested calculators (rules.maternity) for the same birth;
* the 常见误区 sentences of K22, K23, K24, K46, K47, K48 (content.demos.maternity) show hand-computed numbers.
"""

from yibao_helpers.content.claims import claims_table
from yibao_helpers.params import regions
from yibao_helpers.rules import maternity
from yibao_helpers.scenarios import maternity as scen

YEAR = 2026  # the rule year of the hand values below (1 July 2026; the default date is 2025-07-01)


def said(cid, **inputs) -> str:
    return claims_table([cid], year=YEAR, **inputs)["用数字说话"].iloc[0]


def test_maternity_scenarios_equal_helpers():
    t = scen.maternity_scenarios(9000, region="xuzhou", dystocia=True, babies=2)
    # the regions with their own leave rules (北京、上海 from issue 13's research, maternity.csv lines 26, 31) and the person's
    assert list(t["region"]) == ["national", "beijing", "shanghai", "jiangsu", "zhejiang", "xuzhou"]
    assert t["is_person"].tolist() == [0, 0, 0, 0, 0, 1]
    for _, row in t.iterrows():
        days = maternity.leave_days(region=row["region"], dystocia=True, babies=2)
        assert row["days"] == days == row[["base", "dystocia", "multiple", "extension"]].sum()
        assert row["allowance"] == maternity.maternity_allowance(9000, days, region=row["region"])
    assert t.attrs["daily_rule"] == "÷ 30"
    # 北京 (M6): 98 days (maternity.csv line 2) + 60 (北京市人口与计划生育条例第十九条, line 33) = 158; a wage of 3000 is
    # below 北京's 60 % floor (line 18) of 北京's own average wage — the 全口径 wage 北京 publishes, 143,244 ÷ 12 =
    # 11,937 (2025-07, wages.csv line 39), not the national series: 7162.20 ÷ 30 (lines 34–35) = 238.74 a day
    # × 158 = 37720.92 > 3000 ÷ 30 × 158 = 15800
    bj = scen.maternity_scenarios(3000, region="beijing").set_index("region").loc["beijing"]  # one of the compared
    assert bj["days"] == maternity.leave_days(region="beijing") == 158 and bj["is_person"]
    assert bj["allowance"] == maternity.maternity_allowance(3000, 158, region="beijing") == 37720.92
    assert bj["allowance"] > 3000 / 30 * 158


def test_daily_rule_and_covered_regions():
    # data/maternity.csv: the national rule is the month's wage ÷ 30 (社会保险法第五十六条)
    assert scen.daily_rule("zhejiang") == "÷ 30"
    # 江苏 has taken flexible workers into maternity insurance since 2026-02-05 (江苏省医保局政策问答); its cities
    # 无锡 and 徐州 inherit the row; 上海 since 2025-01-01 (沪医保规〔2025〕1号 第一条, maternity.csv line 36); no other
    # region has such a rule in the data
    assert scen.flexible_covered_regions(2026) == ["jiangsu", "shanghai", "wuxi", "xuzhou"]
    assert scen.flexible_covered_regions(2025) == ["shanghai"]


BIRTH = dict(avg_monthly_wage=9000, babies=1, dystocia=False, child_order=1, within_policy=True)


def test_k22_k23_sentences_hand_values():
    # 江苏: 98 days (《女职工劳动保护特别规定》第七条) + 60 (江苏省人口与计划生育条例) = 158; 9000 ÷ 30 × 158 = 47400
    assert said("K22", region="jiangsu", **BIRTH) == (
        "社会保险法第五十四条（2011-07-01 起）：报销生育医疗费用；但生育津贴 0 元——对比本人参保的 47,400.00 元"
    )
    assert said("K23", region="jiangsu", **BIRTH) == (
        "2019-03-06 起合并实施（国办发〔2019〕10号）；生育医疗费只从职工医保基金付一次，生育津贴照发：本例 47,400.00 元"
    )
    # nationally 98 days: 9000 ÷ 30 × 98 = 29400; a caesarean adds 15 days: 113 × 300 = 33900
    assert said("K23", region="national", **BIRTH).endswith("本例 29,400.00 元")
    assert said("K22", region="national", **{**BIRTH, "dystocia": True}).endswith("33,900.00 元")


def test_k24_sentence_hand_values():
    # the claim's 10 and 15 days at the allowance's ÷ 30: 9000 ÷ 30 × 10 = 3000, × 15 = 4500
    assert said("K24", avg_monthly_wage=9000) == (
        "数据里没有护理假天数和津贴规则（未找到原文）；若按生育津贴同样的 ÷30 算法，"
        "月平均工资 9,000 元时 10/15 天 = 3,000.00/4,500.00 元"
    )


def test_k46_sentence_hand_values():
    # 浙江 first child: 98 + 60 = 158 days; 9000 ÷ 30 × 158 = 47400; the average wage of 2026, 129441 ÷ 12 =
    # 10786.75 (national wages end 2026-06-30: the example city's row, wages.csv line 13) ÷ 30 × 158 = 56810.22
    assert said("K46", **BIRTH) == (
        "法定口径是单位上年度职工月平均工资：浙江 158 天，9,000 元 ÷ 30 × 158 = 47,400.00 元；"
        "数据里没有绍兴规定，也没有浙江的“全口径”工资；用数据中的城镇非私营单位月平均工资 10,786.75 元"
        "（示例城市的示例值，不是全国的数字）作基数则是 56,810.22 元"
    )
    # second child in 浙江: + 90 days = 188; 9000 ÷ 30 × 188 = 56400
    assert "浙江 188 天，9,000 元 ÷ 30 × 188 = 56,400.00 元" in said("K46", **{**BIRTH, "child_order": 2})


def test_k47_sentence_hand_values():
    # 山东 has no extension in the data: 98 days; the claim: 1000 × 80% ÷ 30 × 98 = 2613.33, × 90% = 2940;
    # the legal rule: 9000 ÷ 30 × 98 = 29400
    assert said("K47", **BIRTH) == (
        "数据里没有临沂规定和最低工资；按说法每 1,000 元最低工资、98 天 = 2,613.33/2,940.00 元；"
        "法定口径按单位上年度职工月平均工资（本例 9,000 元）是 29,400.00 元"
    )


def test_k48_sentence_hand_values():
    # 江苏 (and its cities 无锡、徐州) since 2026-02-05 (江苏省医保局政策问答): maternity.csv line 22 (江苏),
    # line 23 (徐州), and 无锡 through its province (regions.csv line 17, parent jiangsu); 上海 since 2025-01-01
    # (沪医保规〔2025〕1号, line 36); on 1 July 2026 (YEAR) all four are in force, and no other region's rule starts
    # later, so the sentence has no "在此之后生效" part.
    # The other regions' missing rows are said to be missing from the data, not a rule that they are not covered.
    assert said("K48") == (
        f"2026 年本项目收录的 {len(regions())} 个地区里，数据中已有纳入规定的是 4 个（江苏、上海、无锡、徐州）；"
        "其余地区数据中没有这条规定——未收录，不等于当地不纳入"
    )
