"""Pension scenarios (yibao_helpers.scenarios.pension) and notebook 08's claim sentences.

* the person's pension and the other-years scenarios equal rules.pension for the same inputs;
* the resident account and K11's variants follow the stated convention (hand values);
* the official approval sheets: read from disk, checked with the national formulas, and the counts of the note;
* the 常见误区 sentences of K09, K10, K11 (content.demos.pension) show hand-computed numbers.
"""

import json

import numpy as np
import pytest

from yibao_helpers import YibaoInputError
from yibao_helpers.content.claims import claims_table
from yibao_helpers.core.paths import ROOT
from yibao_helpers.rules import pension
from yibao_helpers.scenarios import pension as scen

YEAR = 2026  # the rule year of the hand values below (1 July 2026; the default date is 2025-07-01)


def said(cid, **inputs) -> str:
    return claims_table([cid], year=YEAR, **inputs)["用数字说话"].iloc[0]


# --------------------------------------------------------------------------- employee pensions


def test_pension_by_years_person_row_equals_estimate():
    df = scen.pension_by_years(8000, 1.2, 30, 150000, 63, extra_months=4, pre_account_years=3, region="shenyang")
    assert list(df["years"]) == [20, 25, 30, 35, 40]
    me = df[df["is_person"]].iloc[0]
    one = pension.estimate_pension(
        8000, 1.2, 30, 150000, 63, extra_months=4, pre_account_years=3, region="shenyang"
    ).iloc[0]
    for col in ("basic", "account", "transitional", "total", "annuity_months"):
        assert me[col] == one[col]
    # other years: balance in proportion to years (model convention), each row equal to the helper
    other = df.iloc[0]
    assert other["balance"] == 100000
    assert (
        other["total"]
        == pension.estimate_pension(8000, 1.2, 20, 100000, 63, extra_months=4, pre_account_years=3, region="shenyang")[
            "total"
        ].iloc[0]
    )
    # no wage given: the data's average wage ÷ 12, with its source
    base, src = scen.pension_base()
    d = scen.pension_by_years(None, 1.0, 15, 0, 50)
    assert d.attrs["avg_wage"] == base and "wage.avg_annual_prev_year" in set(d.attrs["sources"]["parameter"])
    assert d[d["is_person"]]["basic"].iloc[0] == pension.basic_pension(base, 1.0, 15)


def test_person_pension_equals_estimate_with_default_base():
    # no wage: 计发基数 = 129441 ÷ 12 = 10786.75 (2026: national wages end 2026-06-30, so the example city's row,
    # wages.csv line 13, illustrative)
    est = scen.person_pension(None, 1.0, 30, 150000, 60, pre_account_years=3, on=YEAR)
    assert est.attrs["avg_wage"] == 10786.75 and not est.attrs["base_given"]
    assert "wage.avg_annual_prev_year" in set(est.attrs["sources"]["parameter"])
    one = pension.estimate_pension(10786.75, 1.0, 30, 150000, 60, pre_account_years=3, on=YEAR).iloc[0]
    assert est.iloc[0]["total"] == one["total"]
    given = scen.person_pension(8000, 1.0, 30, 150000, 60, on=YEAR)
    assert given.attrs["avg_wage"] == 8000 and given.attrs["base_given"]
    assert "wage.avg_annual_prev_year" not in set(given.attrs["sources"]["parameter"])


# --------------------------------------------------------------------------- residents


def test_resident_balance_hand_values():
    assert scen.resident_balance(10000, 15) == 150000
    # 10000 × (1.03^15 − 1) / 0.03 = 185989.14
    assert scen.resident_balance(10000, 15, interest_rate=0.03) == 185989.14
    assert scen.resident_balance(10000, 15, subsidy=60) == 150900
    np.testing.assert_allclose(scen.resident_balance([1000, 2000], 10), [10000, 20000])
    for bad in ({"years": 1.5}, {"interest_rate": -0.01}, {"subsidy": float("nan")}, {"years": -1}):
        kwargs = {"annual_contribution": 1000, "years": 10, **bad}
        with pytest.raises(YibaoInputError):
            scen.resident_balance(kwargs.pop("annual_contribution"), kwargs.pop("years"), **kwargs)


def test_resident_scenarios_settle_k11():
    r = scen.resident_scenarios(10000, 15, claimed_basic=150, interest_rate=0.03, subsidy=60).set_index("case")
    assert r.loc["claim", "total"] == 1229.14  # 150000 ÷ 139 + 150
    assert r.loc["data_basic", "basic"] == pension.resident_basic_minimum()
    assert r.loc["data_basic", "total"] == pension.resident_pension(150000)["total"].iloc[0]
    assert r.loc["interest", "total"] == pension.resident_pension(185989.14)["total"].iloc[0]
    # the default date 2025-07-01: national law has no 2025 minimum (pension.csv line 44 ends 2024-12-31), so the
    # example city's 143 元 (line 45, illustrative) — below the claim's assumed 150 (claims.csv K11 says 143 too):
    # 143 + fen(150000 ÷ 139) = 143 + 1079.14 = 1222.14; + interest: 143 + fen(185989.14 ÷ 139) = 143 + 1338.05 =
    # 1481.05; + subsidy: 10060 × (1.03^15 − 1) / 0.03 = 187105.07 → 143 + fen(187105.07 ÷ 139) = 143 + 1346.08 = 1489.08
    assert r.loc["data_basic", "basic"] == 143
    assert r["total"].tolist() == [1229.14, 1222.14, 1481.05, 1489.08]
    assert (
        r.loc["data_basic", "total"]
        < r.loc["claim", "total"]
        < r.loc["interest", "total"]
        < r.loc["interest_subsidy", "total"]
    )
    # 2026: the example city's 163 元 (pension.csv line 46) is above the claim's 150: then the claim is the lowest
    r26 = scen.resident_scenarios(10000, 15, claimed_basic=150, interest_rate=0.03, subsidy=60, on=2026)
    r26 = r26.set_index("case")
    assert r26["total"].tolist() == [1229.14, 1242.14, 1501.05, 1509.08]  # 163 + 1079.14, + 1338.05, + 1346.08
    assert (
        r26.loc["claim", "total"]
        < r26.loc["data_basic", "total"]
        < r26.loc["interest", "total"]
        < r26.loc["interest_subsidy", "total"]
    )


# --------------------------------------------------------------------------- official approval sheets


def test_pension_sheet_agreement_matches_note(tmp_path):
    note = (ROOT / "data" / "notes" / "pension_validation.md").read_text(encoding="utf-8")
    fallback = scen.pension_sheet_agreement(cases_dir=tmp_path / "missing")
    assert not fallback["computed"] and f"**{fallback['agree']}**" in note and fallback["computable"] == 167
    result = scen.pension_sheet_agreement()
    if not result["computed"]:
        pytest.skip("validation cases not found beside the repository")
    assert result["matches_note"] and result["agree"] == fallback["agree"] >= 140


def test_note_counts_read_the_result_table(tmp_path):
    note = tmp_path / "note.md"
    note.write_text(
        "# x\n\n| | cases |\n|---|---|\n| with an expected basic pension | 9 |\n"
        "| of which with `base_number` (computable) | 8 |\n| agree within 1 元 (basic and account) | **7** |\n",
        encoding="utf-8",
    )
    assert scen.note_counts(note) == {"with_basic": 9, "computable": 8, "agree": 7}
    assert scen.note_counts(tmp_path / "none.md") == {"with_basic": None, "computable": None, "agree": None}
    # the project's note: 172 sheets with a basic pension, 167 computable, 151 agree (data/notes/pension_validation.md)
    assert scen.note_counts() == {"with_basic": 172, "computable": 167, "agree": 151}


def _case(folder, name, **fields):
    path = folder / "p" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(fields), encoding="utf-8")


def test_sheet_agreement_hand_cases(tmp_path):
    # basic = base × (1 + index) ÷ 2 × years × 1% (国发〔2005〕38号): 8000 × 2 ÷ 2 × 30 × 1% = 2400;
    # account = balance ÷ months: 139000 ÷ 139 = 1000
    good = dict(base_number=8000, avg_index=1.0, total_years=30, personal_account=139000, months=139)
    _case(tmp_path, "a.json", **good, expected={"basic_pension": 2400.5, "personal_pension": 1000})
    _case(tmp_path, "b.json", **good, expected={"basic_pension": 2402.0})  # 2 元 off the basic: disagrees
    _case(tmp_path, "c.json", avg_index=1.0, expected={"basic_pension": 1})  # no base_number: not computable
    _case(tmp_path, "d.json", **good, expected={})  # no basic pension on the sheet
    cases = scen.load_cases(tmp_path)
    assert [n for n, _ in cases] == ["p/a.json", "p/b.json", "p/c.json", "p/d.json"]
    assert scen.sheet_agreement(cases) == {"with_basic": 3, "computable": 2, "agree": 1}
    assert scen.sheet_agreement(cases, tolerance=2.0)["agree"] == 2
    result = scen.pension_sheet_agreement(cases_dir=tmp_path)
    assert result["computed"] and result["agree"] == 1 and result["note_agree"] == 151 and not result["matches_note"]
    assert scen.load_cases(tmp_path / "missing") == []
    with pytest.raises(YibaoInputError, match="cases_dir"):
        scen.load_cases(5)
    with pytest.raises(YibaoInputError, match="tolerance"):
        scen.sheet_agreement(cases, tolerance=-1)
    with pytest.raises(YibaoInputError, match="cases"):
        scen.sheet_agreement("p/a.json")


# --------------------------------------------------------------------------- the 常见误区 sentences

PERSON = dict(
    avg_wage=None,
    index=1.0,
    contribution_years=30,
    retire_age=60,
    retire_extra_months=0,
    account_balance=150000,
    pre_account_years=3,
)


def test_k09_sentence_hand_values():
    # base 10786.75 (2026: the example city's 129,441 ÷ 12, wages.csv line 13): basic 10786.75 × (1 + 1) ÷ 2 × 30 × 1%
    # (pension.csv line 33) = 3236.025 → 3236.02; account 150000 ÷ 139 (计发月数 at 60, 国发〔2005〕38号附件, line 22)
    # = 1079.14; transitional 10786.75 × 1 × 3 × 1.2% (the example city's coefficient, line 34) = 388.32; total 4703.48
    assert said("K09", **PERSON).startswith("本例 3,236.02 + 1,079.14 + 388.32 = 4,703.48 元/月（国发〔2005〕38号；")
    # a given base of 8000 and no deemed years: 8000 × 30 × 1% = 2400, no transitional part
    assert said("K09", **{**PERSON, "avg_wage": 8000, "pre_account_years": 0}).startswith(
        "本例 2,400.00 + 1,079.14 + 0.00 = 3,479.14 元/月"
    )


def test_k10_sentence_hand_values():
    # the claim's formula with its 1%: (10786.75 + 10786.75) ÷ 2 × 30 × 1% = 3236.0250; the calculator rounds to
    # the fen: 3236.02 (a difference of 0.0050)
    agree = scen.pension_sheet_agreement()["agree"]
    assert said("K10", **PERSON) == (
        "照说法手算 (10,786.75 + 10,786.75) ÷ 2 × 30 × 1% = 3,236.0250 元，计算器到分 3,236.02 元"
        f"（差 0.0050 元，只是舍入）；并与 {agree} 份官方核定表一致"
    )
    # index 0.6 and 15 years: (10786.75 + 6472.05) ÷ 2 × 15 × 1% = 1294.41
    assert "= 1,294.4100 元，计算器到分 1,294.41 元" in said(
        "K10", **{**PERSON, "index": 0.6, "contribution_years": 15}
    )


def test_k11_sentence_hand_values():
    # 10000 × 15 = 150000 ÷ 139 = 1079.14 (国发〔2014〕8号, pension.csv line 38); + the claim's 150 = 1229.14; + the
    # minimum of 2026, which national law does not give (line 44 ends 2024-12-31): the example city's 163 (line 46,
    # illustrative) = 1242.14; with 3% interest 185989.14 ÷ 139 = 1338.05 + 163 = 1501.05; with a 60 元 subsidy
    # 10060 × 18.5989 = 187105.07 ÷ 139 = 1346.08 + 163 = 1509.08
    assert said("K11") == (
        "139 对（数据 139），算术也对：1,229.14 元；但 150 元是假设，按数据的最低基础 163 元"
        "（示例城市的示例值，不是全国的数字）是 1,242.14 元；"
        "再计利息（假设年 3.0%）1,501.05 元，加补贴（假设 60 元/年）1,509.08 元"
    )
    # 200 元 a year for 15 years, no interest and no subsidy: 3000 ÷ 139 = 21.58; + 163 = 184.58
    low = said("K11", resident_annual=200, resident_interest_rate=0.0, resident_subsidy=0)
    assert (
        "按数据的最低基础 163 元（示例城市的示例值，不是全国的数字）是 184.58 元" in low
        and "再计利息（假设年 0.0%）184.58 元" in low
    )
