"""Employee and resident pensions: hand values (国发〔2005〕38号, 国发〔2014〕8号, facts §9 and §14),
properties, bad input, and a check against official approval sheets (/work/shared/validation)."""

import json
import os
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yibao_helpers import YibaoInputError
from yibao_helpers.rules import pension as p
from yibao_helpers.rules import retirement

# the project's shared/ folder lies beside the repository (also in CI); YIBAO_PENSION_CASES overrides
CASES_DIR = Path(
    os.environ.get(
        "YIBAO_PENSION_CASES", Path(__file__).resolve().parents[3] / "shared" / "validation" / "pension_cases"
    )
)
NOTES = Path(__file__).resolve().parents[2] / "data" / "notes" / "pension_validation.md"


# --------------------------------------------------------------------------- 计发月数


@pytest.mark.parametrize(
    "age, months",
    [
        (40, 233),
        (45, 216),
        (46, 212),
        (47, 208),
        (48, 204),
        (50, 195),
        (55, 170),
        (60, 139),
        (63, 117),
        (65, 101),
        (70, 56),
    ],
)
def test_annuity_table(age, months):
    # 国发〔2005〕38号 attachment; 47 → 208 (facts §14: 福建省政府公报 reprint; 207 in some calculators)
    assert p.annuity_months(age) == months


@pytest.mark.parametrize(
    "age, extra, expected",
    [
        # facts §14: M(y,m) = M(y) − (M(y) − M(y+1)) × m ÷ 12, one decimal, half up
        (60, 1, 138.4),  # 139 − 7/12 = 138.42 (济南 12345 reply)
        (60, 3, 137.3),  # 139 − 1.75 = 137.25 → 137.3 (Zhengzhou sheet): half up, not half to even
        (60, 4, 136.7),  # 139 − 2.33 (Shenzhen sheet)
        (50, 1, 194.6),  # 195 − 5/12 (济南)
        (50, 6, 192.5),  # 195 − 2.5
        (50, 3, 193.8),  # 195 − 1.25 = 193.75 → 193.8 (Shaanxi sheet)
        (51, 11, 185.4),  # 190 − 55/12 (Hubei sheet)
        (69, 11, 56.8),  # 65 − 9 × 11/12 = 56.75 → 56.8
    ],
)
def test_annuity_months_refined_by_month(age, extra, expected):
    assert p.annuity_months(age, extra) == expected
    assert p.annuity_months(age + extra / 12) == expected  # fractional age, rounded to whole months


def test_annuity_vector_equals_scalar():
    ages = np.array([40, 47, 50.5, 60, 60.25, 69.9, 70])
    vec = p.annuity_months(ages)
    assert list(vec) == [p.annuity_months(float(a)) for a in ages]
    assert list(p.annuity_months(60, [0, 1, 2, 3])) == [139, 138.4, 137.8, 137.3]


def test_annuity_47_dispute_is_noted_in_data():
    import yibao_helpers as y

    row = y.load_policy("national").row("pension.annuity_months", age=47)
    assert row.value == 208 and "207" in row.note


# --------------------------------------------------------------------------- employee pension


def test_basic_pension_hand_value():
    # 国发〔2005〕38号: 8000 × (1 + 1.0) / 2 × 30 × 1% = 2400
    assert p.basic_pension(8000, 1.0, 30) == 2400.0
    # 7999 × 1.8498 / 2 × 42.5 × 1% = 3144.27 (Anhui sheet, with its half-year round-up of the years)
    assert p.basic_pension(7999, 0.8498, 42.5) == 3144.27
    assert p.basic_pension(8000, 0.6, 15) == 960.0


def test_account_pension_hand_value():
    # balance ÷ 计发月数: 139000 / 139 = 1000; 115090.38 / 137.3 = 838.24 (60y3m)
    assert p.account_pension(139000, 60) == 1000.0
    assert p.account_pension(115090.38, 60, extra_months=3) == 838.24
    assert p.account_pension(115090.38, divisor=137.3) == 838.24


def test_transitional_pension_by_province():
    # common form base × index × pre-account years × coefficient: national 1.2 % (illustrative), 沈阳/辽宁 1.4 %
    assert p.transitional_pension(8000, 1.0, 5) == 480.0
    assert p.transitional_pension(8000, 1.0, 5, region="shenyang") == 560.0
    assert p.transitional_pension(7346, 0.8684, 11.08, region="liaoning") == round(7346 * 0.8684 * 11.08 * 0.014, 2)
    assert p.transitional_pension(8000, 1.0, 5, region="guangdong") == 480.0


def test_estimate_pension_adds_up_with_sources():
    df = p.estimate_pension(8000, 1.0, 30, 139000, 60, pre_account_years=5, region="shenyang")
    row = df.iloc[0]
    assert (row["basic"], row["account"], row["transitional"]) == (2400.0, 1000.0, 560.0)
    assert row["total"] == 3960.0 and row["annuity_months"] == 139
    src = df.attrs["sources"]
    assert {"pension.basic_rate_per_year", "pension.annuity_months", "pension.transitional_coefficient"} <= set(
        src["parameter"]
    )
    trace = p.trace_pension(8000, 1.0, 30, 139000, 60, pre_account_years=5, region="shenyang")
    assert list(trace["金额（元）"]) == [2400.0, 1000.0, 560.0, 3960.0]
    # illustrative national coefficient is flagged
    assert "illustrative" in set(p.estimate_pension(8000, 1, 30, 1e5).attrs["sources"]["confidence"])


def test_estimate_vector_equals_scalar():
    wages = np.array([6000, 8000, 12000.0])
    idx = np.array([0.6, 1.0, 2.5])
    yrs = np.array([15, 30, 42.5])
    bal = np.array([5e4, 1.5e5, 4e5])
    ages = np.array([50, 60.25, 63])
    df = p.estimate_pension(wages, idx, yrs, bal, ages, pre_account_years=[0, 3, 8])
    for i in range(3):
        one = p.estimate_pension(wages[i], idx[i], yrs[i], bal[i], ages[i], pre_account_years=[0, 3, 8][i]).iloc[0]
        assert df.iloc[i].to_dict() == one.to_dict()
    np.testing.assert_array_equal(
        p.basic_pension(wages, idx, yrs), [p.basic_pension(w, i, y) for w, i, y in zip(wages, idx, yrs)]
    )


# --------------------------------------------------------------------------- residents


def test_resident_basic_minimum_by_year():
    # facts §14: 2018 88, 2020 93, 2021/2022 98, 2023 103, 2024 123, 2025 143, 2026 163
    expected = {2018: 88, 2019: 88, 2020: 93, 2021: 98, 2022: 98, 2023: 103, 2024: 123, 2025: 143, 2026: 163}
    assert {y: p.resident_basic_minimum(y) for y in expected} == expected


def test_resident_pension_and_claim_k11():
    # K11: 15万 ÷ 139 + 150 (assumed basic) ≈ 1229 元/月 — the arithmetic is right, the 150 is an assumption
    df = p.resident_pension(150000, basic=150)
    assert df["account"].iloc[0] == 1079.14 and df["total"].iloc[0] == 1229.14
    # with the national minimum of 2025 (143)
    assert p.resident_pension(150000, on=2025)["total"].iloc[0] == 1222.14
    assert list(p.resident_pension([0, 13900], on=2024)["total"]) == [123.0, 223.0]


# --------------------------------------------------------------------------- properties

money = st.floats(0, 1e6, allow_nan=False)
index = st.floats(0, 3, allow_nan=False)
years = st.floats(0, 50, allow_nan=False)


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(
    w=st.floats(1000, 50000),
    i1=index,
    i2=index,
    y1=years,
    y2=years,
    b1=money,
    b2=money,
    age=st.integers(40 * 12, 70 * 12),
)
def test_pension_non_negative_and_monotone(w, i1, i2, y1, y2, b1, b2, age):
    lo_i, hi_i = sorted((i1, i2))
    lo_y, hi_y = sorted((y1, y2))
    lo_b, hi_b = sorted((b1, b2))
    a = age / 12
    low = p.estimate_pension(w, lo_i, lo_y, lo_b, a, pre_account_years=lo_y / 3).iloc[0]
    assert min(low["basic"], low["account"], low["transitional"], low["total"]) >= 0
    assert p.basic_pension(w, lo_i, 20) <= p.basic_pension(w, hi_i, 20)
    assert p.basic_pension(w, 1.0, lo_y) <= p.basic_pension(w, 1.0, hi_y)
    assert p.account_pension(lo_b, a) <= p.account_pension(hi_b, a)
    assert p.transitional_pension(w, lo_i, 5) <= p.transitional_pension(w, hi_i, 5)
    high = p.estimate_pension(w, hi_i, hi_y, hi_b, a, pre_account_years=hi_y / 3).iloc[0]
    assert high["total"] >= low["total"] - 0.02  # rounding of three parts to the fen


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(t1=st.integers(40 * 12, 70 * 12), t2=st.integers(40 * 12, 70 * 12))
def test_annuity_months_decrease_with_age(t1, t2):
    lo, hi = sorted((t1, t2))
    assert p.annuity_months(lo / 12) >= p.annuity_months(hi / 12) > 0


# --------------------------------------------------------------------------- bad input


def _bilingual(exc, param):
    text = str(exc.value)
    assert f"参数 {param}" in text and f"Invalid {param}" in text


@pytest.mark.parametrize(
    "call, param",
    [
        (lambda: p.annuity_months(200), "age"),
        (lambda: p.annuity_months(39), "age"),
        (lambda: p.annuity_months(float("nan")), "age"),
        (lambda: p.annuity_months(70, 1), "age"),
        (lambda: p.annuity_months(60, 12), "extra_months"),
        (lambda: p.annuity_months("sixty"), "age"),
        (lambda: p.basic_pension(-1, 1, 30), "avg_wage"),
        (lambda: p.basic_pension(8000, float("nan"), 30), "index"),
        (lambda: p.basic_pension(8000, 1, -5), "years"),
        (lambda: p.account_pension(-100, 60), "balance"),
        (lambda: p.account_pension(100, 200), "age"),
        (lambda: p.account_pension(100), "age"),
        (lambda: p.account_pension(100, divisor=0), "divisor"),
        (lambda: p.transitional_pension(8000, 1, float("inf")), "pre_account_years"),
        (lambda: p.estimate_pension(8000, 1, 30, float("nan"), 60), "balance"),
        (lambda: p.estimate_pension([8000, 9000], 1, [30, 31, 32], 1e5, 60), "avg_wage"),
        (lambda: p.resident_pension(-1), "balance"),
        (lambda: p.basic_pension(8000, 1, 30, region="atlantis"), "region"),
    ],
)
def test_bad_input(call, param):
    with pytest.raises(YibaoInputError) as exc:
        call()
    _bilingual(exc, param)


# --------------------------------------------------------------------------- official sheets


def _cases():
    if not CASES_DIR.is_dir():
        pytest.skip(f"validation cases not found at {CASES_DIR} (set YIBAO_PENSION_CASES)")
    out = []
    for path in sorted(CASES_DIR.glob("*/*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        out.append((f"{path.parent.name}/{path.name}", case))
    return out


def test_national_formula_reproduces_official_sheets():
    """basic = base × (1 + index) / 2 × years × 1 %, account = balance ÷ months: ≥ 140 of the sheets agree
    within 1 元; every sheet that does not is listed with its reason in data/notes/pension_validation.md."""
    agree, differ = [], []
    for name, c in _cases():
        expected = c.get("expected", {})
        if not expected.get("basic_pension"):
            continue
        if "base_number" not in c:
            differ.append(name)
            continue
        basic = p.basic_pension(c["base_number"], c["avg_index"], c["total_years"])
        account = p.account_pension(c["personal_account"], divisor=c["months"])
        ok = (
            abs(basic - expected["basic_pension"]) <= 1
            and abs(account - expected.get("personal_pension", account)) <= 1
        )
        (agree if ok else differ).append(name)
    assert len(agree) >= 140, (len(agree), differ)
    listed = set(re.findall(r"^- ([a-z]+/[\w.-]+\.json) — ", NOTES.read_text(encoding="utf-8"), flags=re.M))
    assert set(differ) <= listed, sorted(set(differ) - listed)
    assert f"**{len(agree)}**" in NOTES.read_text(encoding="utf-8")  # the note states the current count


def test_fractional_sheet_months_lie_on_the_monthly_table():
    """Every fractional 计发月数 on a sheet is M(y, m) of the month-refined table for some age."""
    grid_months = np.arange(40 * 12, 70 * 12 + 1)
    grid = p.annuity_months(grid_months / 12)
    fractional = [(n, c) for n, c in _cases() if c["months"] != int(c["months"])]
    assert len(fractional) >= 20
    for name, c in fractional:
        assert np.isclose(grid, c["months"]).any(), name


def test_sheet_retirement_ages_fit_statutory_or_flexible_window():
    """The age implied by a fractional 计发月数 equals the statutory age, or lies in the flexible ±3-year
    window, unless it is below the old statutory age (special types, Tibet)."""
    grid_months = np.arange(40 * 12, 70 * 12 + 1)
    grid = p.annuity_months(grid_months / 12)
    exact = window = below = 0
    for name, c in _cases():
        if c["months"] == int(c["months"]) or not c.get("birth_year"):
            continue
        implied = int(grid_months[np.isclose(grid, c["months"])][0])
        birth = f"{c['birth_year']}-{c['birth_month']:02d}"
        groups = ["male"] if c["gender"] in ("男", "male") else ["female_worker", "female_cadre"]
        stats = {g: retirement.flexible_window(birth, g).iloc[0] for g in groups}
        if any(implied == s["statutory_months_total"] for s in stats.values()):
            exact += 1
        elif any(s["earliest_months_total"] <= implied <= s["latest_months_total"] for s in stats.values()):
            window += 1
        else:
            old = min(retirement.retirement_table(birth, g)["old_age"].iloc[0] for g in groups) * 12
            assert implied < old, (name, implied)
            below += 1
    assert exact >= 10 and window >= 3 and below <= 4, (exact, window, below)
