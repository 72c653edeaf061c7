"""Contribution scenarios of notebook 02 (职工 vs 居民: where the money goes) and the sentences of its 常见误区 table.

The tables must agree with the calculators they arrange (hand arithmetic in comments, data/ values
cited); the resident stand-in must be the one resolution rule's (params.resolve with a national
fallback) and say so; each claim sentence must show the numbers a hand computation gives.
"""

import datetime as dt

import numpy as np
import pytest

from yibao_helpers.content.claims import claims_table
from yibao_helpers.content.demos import sayings
from yibao_helpers.core.errors import MissingDataError, YibaoInputError
from yibao_helpers.params import resolve
from yibao_helpers.rules import contribution
from yibao_helpers.scenarios import contributions as sc
from yibao_helpers.scenarios.stand_ins import value_note


def test_flow_table_adds_up_and_matches_the_calculators():
    # national 2026, salary 10,000: employer 6 % → 7200/年, employee 2 % → 2400/年 (国发〔1998〕44号);
    # after 国办发〔2021〕14号 only the 2400 goes to the account, the employer's 7200 to the pool.
    t = sc.flow_table(10000, year=2026)
    a = t.set_index(["group", "part"])["amount"]
    assert (a["employee_in_service", "employer"], a["employee_in_service", "individual"]) == (7200, 2400)
    assert (a["employee_in_service", "account"], a["employee_in_service", "pool"]) == (2400, 7200)
    # resident 2026: national has no 2026 row (contribution.csv lines 35–52 end 2024-12-31), so the example city's
    # 400 + 724 stand in (contribution.csv lines 55–56), all to the pool
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


def test_groups_are_labelled_from_the_codes():
    # the group labels are built from rules.codes (SCHEME_ZH · MEMBER_ZH), not copied
    assert [label for _, _, label in sc.GROUPS.values()] == ["职工医保·在职", "职工医保·退休", "城乡居民医保"]
    assert set(sc.SIDES["source"][1]) | set(sc.SIDES["use"][1]) == set(sc.PART_ZH)


# --------------------------------------------------------------------------- the resident stand-in (params.resolve)


def test_resident_gap_falls_back_to_the_national_standard_with_a_note():
    # 重庆 has resident contributions for 2023 only (contribution.csv line 57): 2026 is a gap → the national
    # stand-in; national law has no 2026 row (lines 35–52 end 2024-12-31), so the example city's 400 + 724
    # answer for it (contribution.csv lines 55–56), with a note that names 重庆 and the example city
    frame = sc.resident_flows_resolved(2026, region="chongqing")
    assert (frame["individual"].iloc[0], frame["subsidy"].iloc[0]) == (400, 724)
    (note,) = frame.attrs["notes"]
    assert "重庆" in note and "示例城市" in note
    own = sc.resident_flows_resolved(2023, region="chongqing")
    assert own["individual"].iloc[0] == 350 and own.attrs["notes"] == [] and own.attrs["resolutions"] == []
    t = sc.flow_table(8000, region="chongqing", year=2026)
    assert t.attrs["notes"] == [note]
    with pytest.raises(YibaoInputError):
        sc.resident_flows_resolved(1990)  # national has no resident rows that early: no fallback to hide it


def test_resident_stand_in_is_the_resolution_rules_national_row():
    # 重庆 2026: the chain 重庆 → national → example finds 重庆's own series (2023-01-01–2023-12-31 only,
    # contribution.csv line 57) with a gap; fallback=("national",) asks national for 2026-07-01, whose own rows
    # end 2024-12-31 (line 51), so the example city's row in force stands in (a date national law does not
    # cover): contribution.csv line 55, example resident.individual_contribution from 2026-01-01, 400 元/年,
    # confidence illustrative — a borrowed value.
    frame = sc.resident_flows_resolved(2026, region="chongqing")
    (found,) = frame.attrs["resolutions"]
    assert (found.parameter, found.region, found.how, found.answered_by) == (
        "resident.individual_contribution",
        "chongqing",
        "borrowed",
        "example",
    )
    assert (
        found.value == 400 and found.row.effective_from == dt.date(2026, 1, 1) and found.row.file == "contribution.csv"
    )
    assert found.illustrative and not found.shifted
    assert found == resolve("resident.individual_contribution", "chongqing", 2026, fallback=("national",))
    # the note is the resolution's own (label and value, then note_zh), not a sentence written here
    assert frame.attrs["notes"] == [value_note(found)]
    note = frame.attrs["notes"][0]
    assert "400 元/年" in note and "重庆 2026 年没有数据" in note and "借用示例城市的数据" in note and "示例值" in note
    # the amounts are the example city's of that year (lines 55–56: 400 + 724), and its rows are the sources
    assert frame[["individual", "subsidy", "total"]].iloc[0].tolist() == [400, 724, 1124]
    assert set(frame.attrs["sources"]["region"]) == {"example"}


def test_resident_stand_in_of_a_sourced_year_says_no_illustrative():
    # 重庆 2024: national 2024 row 400 元/年 (contribution.csv line 51, 医保发〔2024〕19号 without an article:
    # secondary, not illustrative), subsidy 670 (line 52) → 1070
    frame = sc.resident_flows_resolved(2024, region="chongqing")
    (found,) = frame.attrs["resolutions"]
    assert (found.row.region, found.row.line, found.how) == ("national", 51, "national")
    assert found.row.effective_from == dt.date(2024, 1, 1) and found.row.confidence == "secondary"
    assert frame["total"].iloc[0] == 400 + 670
    assert "重庆 2024 年没有数据，用全国的数据" in frame.attrs["notes"][0] and "示例值" not in frame.attrs["notes"][0]


def test_resident_stand_in_raises_where_national_has_no_row_either():
    # 重庆 二档 (tier=2) exists for 2023 only and national has no tier=2 rows: no stand-in, the gap is raised
    with pytest.raises(MissingDataError) as err:
        sc.resident_flows_resolved(2026, region="chongqing", tier=2)
    assert err.value.parameter == "resident.individual_contribution" and err.value.qualifier == "tier=2"


def test_flow_trace_amounts_are_the_calculators():
    trace = sc.flow_trace(50000, region="national", year=2026)
    emp = contribution.employee_flows(50000, year=2026).iloc[0]
    amounts = dict(zip(trace["步骤"], trace["金额（元/年）"]))
    # salary 50,000 above the ceiling: 300 % (contribution.csv line 60, 国办发〔2019〕13号) × the 全口径 wage, which
    # national does not publish, so the example city's 100,516 (wages.csv line 52) → 3 × 100516 / 12 = 25129.00
    assert amounts["缴费基数（元/月）"] == emp["base"] == 25129.0
    assert amounts["单位缴费"] == emp["employer"] and amounts["划入个人账户"] == emp["to_account"]
    assert amounts["进统筹基金"] == emp["to_pool"] and amounts["合计"] == emp["total"]
    old = sc.flow_trace(8000, year=2019, age=50)
    assert "改革前" in old.loc[old["步骤"] == "划入个人账户", "规则"].iloc[0]


def test_flows_by_salary_marks_the_base_limits():
    frame = sc.flows_by_salary(np.linspace(0, 40000, 41), year=2026)
    # national 2026: 60 % and 300 % (contribution.csv lines 59–60) of the 全口径 wage, from the example city
    # (wages.csv line 52: 100,516 / 12 = 8376.33) → 0.6 × 100516 / 12 = 5025.80 and 3 × 100516 / 12 = 25129.00
    assert frame.attrs["base_floor"] == 5025.8 and frame.attrs["base_ceiling"] == 25129.0
    assert set(frame["resident_total"]) == {1124.0} and set(frame["resident_individual"]) == {400.0}
    assert (
        sc.flows_by_salary([8000], region="chongqing", year=2026).attrs["notes"]
        == (sc.resident_flows_resolved(2026, region="chongqing").attrs["notes"])
    )


def test_retiree_and_resident_rows_are_the_flow_table():
    t = sc.flow_table(8000, year=2026, retiree_age=72)
    rows = sc.retiree_and_resident(t).set_index("人群")
    # retiree: pays nothing, 720 credited by the pool (−720 to the pool); resident 400 + 724, all to the pool
    # the retiree's 720 comes out of the pool into the account: shown as 统筹基金划入, never as −720 into the pool
    assert rows.loc["职工退休（72 岁）", ["本人缴费", "统筹基金划入", "进个人账户", "进统筹基金"]].tolist() == [
        0,
        720,
        720,
        0,
    ]
    assert rows.loc["城乡居民", ["本人缴费", "财政补助", "统筹基金划入", "进个人账户", "进统筹基金"]].tolist() == [
        400,
        724,
        0,
        0,
        1124,
    ]
    # where the money comes from adds up to where it goes, in every row
    inflow = rows[["本人缴费", "单位缴费", "财政补助", "统筹基金划入"]].sum(axis=1)
    assert (inflow == rows[["进个人账户", "进统筹基金"]].sum(axis=1)).all()


def test_scheme_comparison_and_resident_history():
    table = sc.scheme_comparison(region="nanchang", year=2025, hospital_level=3)
    row = table.set_index("项目")
    assert row.loc["个人账户", "城乡居民医保"].startswith("没有")
    # 南昌 三级: employee 起付 800 / 85 %, resident 600 / 60 % (洪医保发〔2025〕27号 via a secondary site)
    assert row.loc["住院起付线（三级医院）", "职工医保"] == "800 元"
    assert row.loc["住院起付线（三级医院）", "城乡居民医保"] == "600 元"
    assert row.loc["住院支付比例（三级医院，政策范围内）", "城乡居民医保"] == "60%"
    history = sc.resident_history(2024)
    assert list(history["year"])[-3:] == [2022, 2023, 2024] and (history["to_account"] == 0).all()


def test_bad_inputs_name_the_parameter():
    with pytest.raises(YibaoInputError, match="monthly_salary"):
        sc.flow_table([8000, 9000])
    with pytest.raises(YibaoInputError, match="region"):
        sc.resident_history(2020, region="chongqing")  # 重庆's own rows start in 2023
    with pytest.raises(YibaoInputError, match="year"):
        sc.resident_flows_resolved(1800)


# --------------------------------------------------------------------------- sentences of notebook 02


def _said(cid, **inputs):
    return sayings()[cid].func(**inputs)[0]


def test_k05_sentence_names_the_years_of_the_claimed_amount():
    # national resident individual contribution (contribution.csv lines 35–52, national rows 2016–2024): 350 only
    # in 2022 (line 47; the claim's contribution=350, claims.csv K05); the newest national year is 2024: 400
    # (line 51) — 2025 and 2026 are the example city's (lines 53, 55), not a national standard; no account (0)
    text = _said("K05", year=2026)
    assert "划入账户 0 元" in text and "350 元只是 2022 年的全国标准" in text and "2024 年是 400 元" in text
    assert "2026 年" not in text


def test_k14_sentence_is_the_resident_standard_with_the_stand_in():
    # national 2026: 400 + 724 = 1,124.00; 重庆 2026 uses the same national standard (stand-in)
    text = _said("K14", region="national", year=2026)
    assert "个人 400.00 + 财政 724.00 = 1,124.00 元" in text and "进个人账户 0 元" in text
    assert _said("K14", region="chongqing", year=2026) == text
    # 2019: 250 + 520 = 770 (医保发〔2019〕30号)
    assert "个人 250.00 + 财政 520.00 = 770.00 元" in _said("K14", year=2019)


def test_k20_sentence_is_chongqing_own_year():
    # 重庆's own resident rows: 2023, 一档 350 元 (data/contribution.csv), no account
    assert _said("K20", year=2026) == "重庆 2023 年居民个人缴 350 元，进个人账户 0 元"
    with pytest.raises(YibaoInputError, match="region"):
        _said("K20", year=2019)  # no 重庆 rows up to 2019: claims_table shows 无法计算


def test_k25_sentence_is_the_three_accounts():
    # salary 8,000 national 2026: 8000 × 2 % × 12 = 1920 (国办发〔2021〕14号); retiree 2 % × 3000 × 12 = 720; resident 0
    text = _said("K25", region="national", year=2026, monthly_salary=8000)
    assert text == "在职职工每年划入 1,920.00 元，退休职工 720.00 元；城乡居民 0 元（没有账户）"
    # salary 10,000: 10000 × 2 % × 12 = 2400
    assert "在职职工每年划入 2,400.00 元" in _said("K25", year=2026, monthly_salary=10000)


def test_k32_sentence_is_beijing_rates_and_the_persons_yearly_share():
    # 北京 2026 (data/contribution.csv): employer 9 % + 大额互助 1 % = 10 %; individual 2 % + 3 元/月 (claim: 120);
    # salary 8,000: 8000 × 2 % × 12 + 3 × 12 = 1920 + 36 = 1956
    text = _said("K32", year=2026, monthly_salary=8000)
    assert "单位缴 10%（基本医疗 9% + 大额互助 1%）" in text and "每月 3 元大额互助" in text
    assert "不是每月 120 元" in text and "1,956.00 元" in text


def test_notebook_02_claims_table_has_the_rows_and_verdicts():
    t = claims_table(["K05", "K14", "K20", "K25", "K32"], region="chongqing", year=2019, monthly_salary=8000)
    assert list(t["编号"]) == ["K05", "K14", "K20", "K25", "K32"]
    assert list(t["结论"]) == ["部分对", "错", "对", "错", "错"]  # data/claims/claims.csv
    said = dict(zip(t["编号"], t["用数字说话"]))
    assert said["K20"].startswith("无法计算：")  # no 重庆 rows up to 2019: a message, not an error
    assert "个人 250.00 + 财政 520.00 = 770.00 元" in said["K14"]  # 重庆 2019 → national 2019 stand-in


def test_retiree_and_resident_needs_a_flow_table():
    with pytest.raises(YibaoInputError, match="flows"):
        sc.retiree_and_resident(contribution.resident_flows(2026))
