"""Province pension rules (yibao_helpers.rules.pension_province): hand-computed values from each rule.

Rules are the rows of data/pension/rules.csv (each cites where it was read: liubigfatty/pension-calculator's
province files and engine, a secondary source); the national form is 国发〔2005〕38号:
basic = base × (1 + index) ÷ 2 × years × 1 %, account = balance ÷ 计发月数.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.params import pension_tables as tables
from yibao_helpers.rules import pension_province as pp
from yibao_helpers.rules.pension_province_trace import trace_province_pension


def one(province, city="", **person):
    person = {"retire_year": 2025, "retire_month": 6, **person}
    return pp.province_pension(province, {k: [v] for k, v in person.items()}, city=city).iloc[0]


def test_national_form_where_a_province_has_no_variant():
    # 湖南: national basic and account; transitional = base × index × deemed years × 1.3 % (hunan.js TRANS_COEF)
    r = one(
        "hunan", base_number=8000, avg_index=1.0, total_years=30, personal_account=139000, months=139, sight_years=10
    )
    assert r["basic"] == 8000 * (1 + 1.0) / 2 * 30 * 0.01 == 2400.0
    assert r["account"] == 1000.0
    assert r["transitional"] == pytest.approx(8000 * 1.0 * 10 * 0.013) == 1040.0
    assert r["total"] == 4440.0 and r["extra"] == 0


def test_henan_two_bases():
    # 河南 (豫政〔2006〕29号 per the engine's note): (province base + place base × index) ÷ 2 × years × 1 %;
    # the 洛阳 sheet: (6738 + 6573 × 0.7388) ÷ 2 × 36.9167 × 1 % = 2140.09
    r = one(
        "henan", base_number=6573, base_prov=6738, avg_index=0.7388, total_years=36.9167, personal_account=0, months=139
    )
    assert r["basic"] == round((6738 + 6573 * 0.7388) / 2 * 36.9167 * 0.01, 2) == 2140.09


def test_jilin_two_bases_the_other_way_round_and_banded_extra():
    # 吉林: (place base + province base × index) ÷ 2 × years × 1 % — the 长春 sheet jilin/3: 3022.76
    r = one(
        "jilin",
        base_number=7320.86,
        base_prov=7058.67,
        avg_index=0.99,
        total_years=42.25,
        personal_account=0,
        months=139,
        sight_years=14.67,
        actual_years=27.58,
    )
    assert r["basic"] == round((7320.86 + 7058.67 * 0.99) / 2 * 42.25 * 0.01, 2) == 3022.76
    # 增发 (jilin.js EXTRA_PARAMS): actual years > 20 → round((place + province × index) ÷ 2) × (5 × 0.15 % + 5 × 0.2 %
    # + (42.25 − 30) × 0.25 %)
    avg = round((7320.86 + 7058.67 * 0.99) / 2, 2)
    assert r["extra_banded"] == round(avg * (5 * 0.0015 + 5 * 0.002 + 12.25 * 0.0025), 2)
    short = one("jilin", base_number=7000, avg_index=1, total_years=42, actual_years=20, personal_account=0, months=139)
    assert short["extra_banded"] == 0  # 20 actual years do not exceed the trigger


def test_jilin_coefficient_depends_on_actual_years():
    # jilin.js TRANS_COEF: 1.4 % above 20 actual years, else 1.2 %
    long = one(
        "jilin",
        base_number=7000,
        avg_index=1,
        total_years=40,
        sight_years=10,
        actual_years=30,
        personal_account=0,
        months=139,
    )
    short = one(
        "jilin",
        base_number=7000,
        avg_index=1,
        total_years=25,
        sight_years=10,
        actual_years=15,
        personal_account=0,
        months=139,
    )
    assert long["transitional"] == 7000 * 10 * 0.014 and short["transitional"] == 7000 * 10 * 0.012


def test_guangdong_low_index_coefficient_not_in_shenzhen():
    # 广东: a = index ÷ 0.6 below 0.6 → (10000 × 0.5 + 10000 × 0.3) ÷ 2 × 20 × 1 % = 800; 深圳 keeps a = 1
    kw = dict(base_number=10000, avg_index=0.3, total_years=20, personal_account=0, months=139)
    assert one("guangdong", **kw)["basic"] == 800.0
    assert one("guangdong", city="shenzhen", **kw)["basic"] == (10000 + 3000) / 2 * 20 * 0.01 == 1300.0


def test_anhui_years_round_up():
    # anhui.js rounding: years to 1 decimal, only up (只进不退): 42年5月 = 42.4167 → 42.5
    r = one("anhui", base_number=7999, avg_index=0.85, total_years=42 + 5 / 12, personal_account=0, months=139)
    assert r["basic"] == round(7999 * 1.85 / 2 * 42.5 * 0.01, 2)


def test_shanghai_months_and_jiao():
    # 上海: whole years × 1 % + remaining months × 0.083 %, each part rounded to the jiao (sheet shanghai/2: 5500.7)
    r = one(
        "shanghai",
        base_number=12434,
        avg_index=1.8776,
        total_years=30.75,
        personal_account=414359,
        months=139,
        sight_years=4.42,
        xuzhang=33716,
    )
    raw = (12434 + 12434 * 1.8776) / 2 * (30 * 0.01 + 9 * 0.00083)
    assert r["basic"] == round(raw, 1) == 5500.7
    assert r["account"] == round(414359 / 139, 1)
    # transitional: base × 1.0 × deemed years × 1.2 % + notional balance ÷ 120
    assert r["transitional"] == round(12434 * 4.42 * 0.012 + 33716 / 120, 1)


def test_weighted_and_floored_transitional_index():
    # 辽宁 weighted: (base + base × index) ÷ 2 × years × 1.4 %; 内蒙古: an index below 1 counts as 1 (1.2 %)
    r = one("liaoning", base_number=8000, avg_index=0.5, total_years=30, sight_years=10, personal_account=0, months=139)
    assert r["transitional"] == (8000 + 8000 * 0.5) / 2 * 10 * 0.014
    r = one(
        "neimenggu", base_number=8000, avg_index=0.5, total_years=30, sight_years=10, personal_account=0, months=139
    )
    assert r["transitional"] == 8000 * 1 * 10 * 0.012


def test_beijing_two_part_transitional_from_dates():
    # 北京: G同 = base × deemed years × 1.0 × 1 %; G实 = base × actual years 1992-10…1998-06 (the month included)
    # × own index × 1 %; work from 1997-04 → 15 months = 1.25 years (the 朝阳 sheet: 12049 × 2.4328 × 1.25 × 1 % = 366.41)
    r = one(
        "beijing",
        base_number=12049,
        avg_index=2.0,
        trans_index=2.4328,
        total_years=28,
        personal_account=0,
        months=139,
        work_year=1997,
        work_month=4,
    )
    assert r["transitional"] == round(12049 * 2.4328 * 1.25 * 0.01, 2) == 366.41
    r = one(
        "beijing",
        base_number=10000,
        avg_index=1,
        trans_index=1.2,
        total_years=40,
        sight_years=8,
        pre_account_years=5.5,
        personal_account=0,
        months=139,
    )
    assert r["transitional"] == pytest.approx(10000 * (8 * 1.0 + 5.5 * 1.2) * 0.01)


def test_guangdong_phase_in_adjustment_and_allowances():
    # 广东 2025: item = 视同账户额 ÷ 120 + 100 + 4 × whole years; adjustment = (new − old − 4 × years) × 100 %, separate;
    # from 2026 the new method + the allowances in the item, no adjustment
    kw = dict(
        base_number=9307,
        avg_index=0.5938,
        total_years=27.92,
        personal_account=0,
        months=195,
        xuzhang=13615.08,
        new_method_years=4.41845,
    )
    r = one("guangdong", **kw)
    old = round(13615.08 / 120, 2)
    new = round(9307 * 4.41845 * 0.012, 2)
    assert r["transitional"] == round(old + 100 + 27 * 4, 2) == 321.46
    assert r["adjustment"] == round(new - old - 27 * 4, 2) == 272.01
    later = one("guangdong", **{**kw, "retire_year": 2026})
    assert later["transitional"] == round(new + 100 + 108, 2) and later["adjustment"] == 0


def test_extras():
    kw = dict(base_number=8000, avg_index=1.0, total_years=30, personal_account=0, months=139)
    z = one("zhejiang", **kw)  # 150 补贴 + 调节金 480 + index × years × 3; the total rounded up to the jiao
    assert z["extra"] == 150 + 480 + 1.0 * 30 * 3
    assert one("xinjiang", **kw)["extra"] == 120
    assert one("qinghai", city="xining", **kw)["extra"] == 12 and one("qinghai", **kw)["extra"] == 13
    c = one("chongqing", one_child=True, **kw)  # 3 % of basic + account + transitional
    assert c["extra"] == round(c["basic"] * 0.03, 2)
    assert one("chongqing", one_child=False, **kw)["extra"] == 0
    s = one("sichuan", extra_rate=0.002, **kw)  # indexed wage × rate × years
    assert s["extra"] == round(8000 * 1.0 * 0.002 * 30, 2)
    assert one("sichuan", one_child=False, extra_fixed_amount=60, **kw)["extra"] == 60


def test_vectorised_equals_one_by_one():
    rng = np.random.default_rng(7)
    n = 50
    people = pd.DataFrame(
        {
            "base_number": rng.uniform(5000, 12000, n).round(2),
            "avg_index": rng.uniform(0.3, 3, n).round(4),
            "total_years": rng.uniform(15, 45, n).round(2),
            "sight_years": rng.uniform(0, 10, n).round(2),
            "personal_account": rng.uniform(0, 4e5, n).round(2),
            "months": 139,
            "retire_year": rng.integers(2021, 2027, n),
            "retire_month": rng.integers(1, 13, n),
        }
    )
    for province in ("guangdong", "jilin", "shanghai", "henan", "beijing"):
        together = pp.province_pension(province, people)
        for i in (0, 17, 49):
            alone = pp.province_pension(province, people.iloc[[i]].reset_index(drop=True))
            assert together.iloc[i][pp.PARTS].tolist() == alone.iloc[0][pp.PARTS].tolist(), (province, i)


def test_trace_adds_up_and_names_sources():
    person = dict(
        base_number=7320.86,
        base_prov=7058.67,
        avg_index=0.99,
        total_years=42.25,
        sight_years=14.67,
        actual_years=27.58,
        personal_account=112694.1,
        months=139,
        retire_year=2023,
        retire_month=1,
    )
    trace = trace_province_pension("jilin", person)
    assert list(trace.columns) == ["步骤", "规则", "金额（元）", "来源"]
    parts = trace[trace["步骤"] != "合计（每月）"]["金额（元）"].sum()
    assert round(parts, 2) == trace.iloc[-1]["金额（元）"] == one("jilin", **person)["total"]
    assert trace["步骤"].iloc[1] == "养老保险个人账户养老金"
    assert "jilin.js" in " ".join(trace["来源"])


def test_sources_are_the_rows_read():
    r = pp.province_pension(
        "guangdong",
        {
            "base_number": [9000],
            "avg_index": [0.5],
            "total_years": [30],
            "personal_account": [0],
            "months": [139],
            "retire_year": [2024],
        },
    )
    params = set(r.attrs["sources"]["parameter"])
    assert {
        "pension.basic.low_index_threshold",
        "pension.transitional_coefficient",
        "pension.transitional.phase_in",
    } <= params
    assert set(r.attrs["sources"]["confidence"]) <= {"secondary", "official", "illustrative"}


@pytest.mark.parametrize(
    "call, param, shown",
    [
        (
            lambda: one("atlantis", base_number=1, avg_index=1, total_years=1, personal_account=0, months=139),
            "province",
            "atlantis",
        ),
        (
            lambda: one("hunan", base_number=-5, avg_index=1, total_years=1, personal_account=0, months=139),
            "base_number",
            "-5",
        ),
        (
            lambda: one(
                "hunan", base_number=8000, avg_index=float("nan"), total_years=1, personal_account=0, months=139
            ),
            "avg_index",
            "nan",
        ),
        (
            lambda: one("hunan", base_number=8000, avg_index=1, total_years=200, personal_account=0, months=139),
            "total_years",
            "200",
        ),
        (lambda: one("hunan", base_number=8000, avg_index=1, total_years=30, personal_account=0), "months", ""),
        (
            lambda: one(
                "hunan", city="atlantis", base_number=8000, avg_index=1, total_years=30, personal_account=0, months=139
            ),
            "city",
            "atlantis",
        ),
        (
            lambda: pp.province_pension(
                "hunan",
                {"avg_index": [1], "total_years": [30], "personal_account": [0], "retire_year": [2025], "wage": [1]},
            ),
            "wage",
            "",
        ),
        (
            lambda: pp.province_pension("hunan", {"total_years": [30], "personal_account": [0], "retire_year": [2025]}),
            "avg_index",
            "",
        ),
        (lambda: pp.province_pension("hunan", [1, 2]), "people", "list"),
        (lambda: trace_province_pension("hunan", {"avg_index": [1, 2]}), "avg_index", ""),
        (lambda: tables.check_province(7), "province", "7"),
    ],
)
def test_bad_input_names_the_value(call, param, shown):
    with pytest.raises(YibaoInputError) as exc:
        call()
    text = str(exc.value)
    assert f"参数 {param}" in text and f"Invalid {param}" in text
    assert shown in text
