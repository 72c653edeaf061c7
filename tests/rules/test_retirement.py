"""Retirement age under the 2025 reform, flexible window, minimum pension years, medical-insurance years.

Hand values: 全国人大常委会关于实施渐进式延迟法定退休年龄的决定 (2024-09-13) and the attached
《国务院关于渐进式延迟法定退休年龄的办法》 (comparison table points), facts §8; medical years: facts §8 table.
"""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yibao_helpers import YibaoInputError
from yibao_helpers.rules import medical_years
from yibao_helpers.rules import retirement as r

# --------------------------------------------------------------------------- known points


@pytest.mark.parametrize(
    "birth, group, expected",
    [
        # men: 60 → 63, one month per 4 birth months from 1965-01 (决定; official comparison table)
        ("1964-12", "male", (60, 0)),  # original retirement 2024-12, before 2025-01-01: no delay
        ("1965-01", "male", (60, 1)),  # first affected month
        ("1965-04", "男", (60, 1)),
        ("1965-05", "男性", (60, 2)),  # table: 1965-05..08 → 60岁2个月
        ("1970-01", "male", (61, 4)),  # k = 60 → ceil(61/4) = 16 months
        ("1976-08", "male", (62, 11)),  # k = 139 → ceil(140/4) = 35
        ("1976-09", "male", (63, 0)),  # k = 140 → 36 = cap
        ("1976-12", "male", (63, 0)),
        ("1990-06", "male", (63, 0)),
        # women cadres: 55 → 58, one month per 4 from 1970-01
        ("1969-12", "female_cadre", (55, 0)),
        ("1970-01", "女干部", (55, 1)),
        ("1981-12", "female_cadre", (58, 0)),
        # women workers: 50 → 55, one month per 2 from 1975-01
        ("1974-12", "female_worker", (50, 0)),
        ("1975-01", "女工人", (50, 1)),
        ("1975-02", "female_worker", (50, 1)),
        ("1975-03", "female_worker", (50, 2)),
        ("1984-12", "female_worker", (55, 0)),  # k = 119 → ceil(120/2) = 60 = cap
    ],
)
def test_statutory_age_known_points(birth, group, expected):
    assert r.retirement_age(birth, group) == expected


def test_retirement_date_is_birth_plus_age():
    # 1965-01 + 60y1m = 2025-02 (official table: 1965年1月 → 2025年2月)
    assert r.retirement_date("1965-01", "male") == dt.date(2025, 2, 1)
    assert r.retirement_date(dt.date(1965, 1, 31), "male") == dt.date(2025, 2, 28)  # day clipped to month end
    assert r.retirement_date("1975-01-15", "female_worker") == dt.date(2025, 2, 15)
    assert r.retirement_date("1990-06-10", "male") == dt.date(2053, 6, 10)


def test_delay_months_and_table():
    assert r.delay_months("1965-01", "male") == 1
    assert r.delay_months("1980-01", "male") == 36
    t = r.retirement_table(["1965-01", "1975-03"], ["male", "female_worker"])
    assert list(t["age"]) == ["60岁1个月", "50岁2个月"]
    assert list(t["delay_months"]) == [1, 2]
    src = t.attrs["sources"]
    by_name = src.groupby(src["parameter"].str.split("[").str[0])
    conf = {name: set(group["confidence"]) for name, group in by_name}
    # retirement.csv lines 6-11: the target ages and the months per step are the 2024 决定 / 办法 (official);
    # lines 2-5: the old ages (1978 rules, read on a law Q&A page) and the start date are secondary
    assert conf == {
        "retirement.target_age": {"official"},
        "retirement.months_per_step": {"official"},
        "retirement.old_age": {"secondary"},
        "retirement.reform_start": {"secondary"},
    }
    reform = src[~src["parameter"].str.startswith("retirement.old_age")]
    assert reform["source"].str.contains("延迟法定退休年龄").all()


def test_vector_equals_scalar():
    births = ["1960-03", "1965-01", "1968-07-09", "1975-02", "1981-12", "1999-01"]
    groups = ["male", "female_cadre", "female_worker", "女工人", "男", "女干部"]
    years, months = r.retirement_age(births, groups)
    dates = r.retirement_date(births, groups)
    for i, (b, g) in enumerate(zip(births, groups)):
        assert (years[i], months[i]) == r.retirement_age(b, g)
        assert dates[i].astype(dt.date) == r.retirement_date(b, g)
    # one group for many births; numpy datetime64 input
    y2, m2 = r.retirement_age(np.array(["1965-01-01", "1976-12-01"], dtype="datetime64[D]"), "male")
    assert list(zip(y2, m2)) == [(60, 1), (63, 0)]
    # one birth, several groups: 1975-01 → men 62y7m (k = 120 → ceil(121/4) = 31), cadres 56y4m, workers 50y1m
    y3, m3 = r.retirement_age("1975-01", ["male", "女干部", "女工人"])
    assert list(zip(y3, m3)) == [(62, 7), (56, 4), (50, 1)]


# --------------------------------------------------------------------------- flexible window


def test_flexible_window():
    # 办法第二、三条: early ≤ 3 years but not before the old age (60); late ≤ 3 years
    w = r.flexible_window(["1965-01", "1980-05", "1970-01"], "male", contribution_years=[16, 14, 20])
    assert list(w["statutory_age"]) == ["60岁1个月", "63岁", "61岁4个月"]
    assert list(w["earliest_age"]) == ["60岁", "60岁", "60岁"]  # 57y1m / 60 / 58y4m → floor 60
    assert list(w["latest_age"]) == ["63岁1个月", "66岁", "64岁4个月"]
    # minimum pension years in the earliest year: 2025 → 15; 2040 → 20; 2030 → 15.5
    assert list(w["min_years_at_earliest"]) == [15.0, 20.0, 15.5]
    assert list(w["min_years_at_statutory"]) == [15.0, 20.0, 16.0]  # 1970-01 + 61y4m = 2031-05 → 16 years
    assert list(w["early_allowed"]) == [True, False, True]
    assert w["earliest_date"].iloc[0] == np.datetime64("2025-01-01")


def test_no_early_option_before_the_reform():
    w = r.flexible_window("1960-05", "female_worker", contribution_years=30)
    assert w["earliest_age"].iloc[0] == w["statutory_age"].iloc[0] == "50岁"
    assert not w["early_allowed"].iloc[0]


# --------------------------------------------------------------------------- minimum pension years


def test_min_pension_years():
    # 办法第四条: 15 until 2029; from 2030 + 6 months a year; 20 from 2039
    assert r.min_pension_years(2025) == 15.0
    assert r.min_pension_years(2029) == 15.0
    assert r.min_pension_years(2030) == 15.5
    assert r.min_pension_years(2034) == 17.5
    assert r.min_pension_years(2039) == 20.0
    assert r.min_pension_years(2050) == 20.0
    np.testing.assert_array_equal(r.min_pension_years([2029, 2031, 2039]), [15.0, 16.0, 20.0])


# --------------------------------------------------------------------------- medical years


def test_medical_min_years_by_region_and_sex():
    # facts §8: 北京 25/20, 上海 15, 徐州 25/20 + 10, 长沙/重庆 30/25 + 10, 中山 30/25 + 10 (men 25 until 2025-12)
    assert medical_years.medical_min_years("beijing", "male")["total_years"] == 25
    assert medical_years.medical_min_years("beijing", "女")["total_years"] == 20
    assert medical_years.medical_min_years("beijing", "male")["local_years"] == 0
    assert medical_years.medical_min_years("shanghai", "female")["total_years"] == 15
    assert medical_years.medical_min_years("xuzhou", "male")["local_years"] == 10
    assert medical_years.medical_min_years("changsha", "male")["total_years"] == 30
    assert medical_years.medical_min_years("zhongshan", "male", on="2024-07-01")["total_years"] == 25
    assert medical_years.medical_min_years("zhongshan", "male", on="2026-07-01")["total_years"] == 30
    assert medical_years.medical_min_years("zhongshan", "female_worker")["total_years"] == 25
    cq = medical_years.medical_min_years("chongqing", "male")
    assert (cq["total_years"], cq["local_years"]) == (30, 10)
    assert set(cq["sources"]["confidence"]) == {"illustrative"}  # low-quality single source


def test_medical_qualifies_and_missing_years():
    df = medical_years.medical_qualifies("chongqing", "female", [20, 26, 30], [5, 12, 8])
    # required 25 total and 10 local: missing total 5/0/0, local 5/0/2 → years to pay 5/0/2
    assert list(df["missing_total"]) == [5, 0, 0]
    assert list(df["missing_local"]) == [5, 0, 2]
    assert list(df["missing_years"]) == [5, 0, 2]
    assert list(df["qualifies"]) == [False, True, False]
    one = medical_years.medical_qualifies("beijing", "male", 24.5)
    assert one["missing_years"].iloc[0] == 0.5 and not one["qualifies"].iloc[0]


def test_region_without_medical_years_says_so():
    with pytest.raises(YibaoInputError, match="region") as exc:
        medical_years.medical_min_years("national", "male")
    assert "已有数据的地区" in str(exc.value) and "regions with data" in str(exc.value)


def test_topup_cost():
    # 重庆2023趸缴基数 73272 元/年 → 6106 元/月; rate 10.5 % (illustrative); 5 years = 60 months
    df = medical_years.topup_cost("chongqing", [5, 1.5, 0])
    assert list(df["months"]) == [60, 18, 0]
    np.testing.assert_allclose(df["cost"], [6106 * 0.105 * 60, 6106 * 0.105 * 18, 0])
    assert "illustrative" in set(df.attrs["sources"]["confidence"])
    # elsewhere: ratio 1.0 × last year's average wage × 8 % (example city, medical_years.csv lines 19-20); on
    # 2026-07-01 national has no wage row (wages.csv line 12 ends 2026-06-30), so the example city's illustrative
    # 129441 (line 13) stands in: 129441 / 12 × 0.08 × 24 months
    bj = medical_years.topup_cost("beijing", 2, on="2026-07-01")
    assert bj["cost"].iloc[0] == pytest.approx(round(129441 / 12 * 0.08 * 24, 2))
    # a part month counts as a whole month
    assert medical_years.topup_cost("chongqing", 1 / 24)["months"].iloc[0] == 1


# --------------------------------------------------------------------------- properties

GROUP_LIMITS = {"male": (60, 63), "female_cadre": (55, 58), "female_worker": (50, 55)}
births = st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2010, 12, 31))


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(birth=births, group=st.sampled_from(sorted(GROUP_LIMITS)))
def test_age_between_old_and_target(birth, group):
    years, months = r.retirement_age(birth, group)
    old, target = GROUP_LIMITS[group]
    assert old * 12 <= years * 12 + months <= target * 12
    assert 0 <= months < 12


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(a=births, b=births, group=st.sampled_from(sorted(GROUP_LIMITS)))
def test_age_and_date_monotone_in_birth(a, b, group):
    a, b = min(a, b), max(a, b)
    ya, ma = r.retirement_age(a, group)
    yb, mb = r.retirement_age(b, group)
    assert ya * 12 + ma <= yb * 12 + mb
    assert r.retirement_date(a, group) <= r.retirement_date(b, group)


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(year=st.integers(1990, 2100))
def test_min_years_monotone_and_bounded(year):
    assert 15 <= r.min_pension_years(year) <= r.min_pension_years(year + 1) <= 20


# --------------------------------------------------------------------------- bad input


def _bilingual(exc, param):
    text = str(exc.value)
    assert f"参数 {param}" in text and f"Invalid {param}" in text


@pytest.mark.parametrize(
    "birth",
    [
        "1965/01",
        "65-01",
        "1965-13",
        "1965-02-30",
        "",
        "birthday",
        196501,
        None,
        1965.0,
        ["1965-01", "bad"],
        [],
        "1850-01",
    ],
)
def test_bad_birth(birth):
    with pytest.raises(YibaoInputError) as exc:
        r.retirement_age(birth, "male")
    _bilingual(exc, "birth")


@pytest.mark.parametrize("group", ["child", "女", "", None, 3])
def test_unknown_group(group):
    with pytest.raises(YibaoInputError) as exc:
        r.retirement_age("1970-01", group)
    _bilingual(exc, "group")
    assert "female_worker" in str(exc.value) and "女工人" in str(exc.value)


def test_bad_numbers():
    with pytest.raises(YibaoInputError) as exc:
        r.min_pension_years(float("nan"))
    _bilingual(exc, "retire_year")
    with pytest.raises(YibaoInputError) as exc:
        r.min_pension_years(2030.5)
    _bilingual(exc, "retire_year")
    with pytest.raises(YibaoInputError) as exc:
        medical_years.medical_qualifies("beijing", "male", -1)
    _bilingual(exc, "total_years")
    with pytest.raises(YibaoInputError) as exc:
        medical_years.medical_qualifies("beijing", "male", 20, 25)
    _bilingual(exc, "local_years")
    with pytest.raises(YibaoInputError) as exc:
        medical_years.topup_cost("chongqing", float("nan"))
    _bilingual(exc, "missing_years")
    with pytest.raises(YibaoInputError) as exc:
        medical_years.medical_min_years("beijing", "unknown")
    _bilingual(exc, "sex")
    with pytest.raises(YibaoInputError) as exc:
        r.flexible_window("1970-01", "male", contribution_years=-2)
    _bilingual(exc, "contribution_years")
    with pytest.raises(YibaoInputError) as exc:
        medical_years.topup_cost("atlantis", 1)
    _bilingual(exc, "region")
