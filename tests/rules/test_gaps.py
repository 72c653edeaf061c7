"""Gaps in contribution: waiting periods and restart dates (data/gaps.csv), and the account during a gap (K06).

Resident rule, 国办发〔2024〕38号 (from 2025): fixed 3 months; +1 month per year of gap; −1 month per
year made up (only off the variable part); after a gap of 4 years or more at least 6 months in total.
Employee rule, 《基本医疗保险关系转移接续暂行办法》: ≤ 3 months made up → same month; longer → up to 6
months. Local rules: 合肥, 武汉, 无锡, 上海 (沪医保规〔2025〕7号, from 2025-09-10), 江苏 ≤ 3 months.
Convention: the payment month is the first waiting month; benefits from the 1st of the month after.
"""

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.rules import account, gaps

CJK = re.compile(r"[\u4e00-\u9fff]")
PAID = "2025-03-15"


# --------------------------------------------------------------------------- resident, by hand


@pytest.mark.parametrize(
    "gap, made_up, expected",
    [
        # no make-up: 3 + gap
        (0, 0, 3),  # outside the concentrated period: the fixed 3 months only
        (1, 0, 4),  # 3 + 1
        (3, 0, 6),  # 3 + 3
        (4, 0, 7),  # 3 + 4 (≥ 6 anyway)
        (6, 0, 9),  # 3 + 6
        # with make-up: −1 month per year made up, never below the fixed 3
        (1, 1, 3),  # 3 + 1 − 1
        (3, 3, 3),  # 3 + 3 − 3
        (3, 1, 5),  # 3 + 3 − 1
        (4, 4, 6),  # 3 + 4 − 4 = 3 → at least 6 after a gap of 4 years or more
        (4, 1, 6),  # 3 + 4 − 1 = 6
        (5, 3, 6),  # 3 + 5 − 3 = 5 → 6
        (6, 6, 6),  # 3 + 6 − 6 = 3 → 6
        (6, 2, 7),  # 3 + 6 − 2 = 7
    ],
)
def test_resident_waiting_by_hand(gap, made_up, expected):
    df = gaps.resident_waiting(gap, made_up, paid_on=PAID)
    r = df.iloc[0]
    assert r["waiting_months"] == expected
    assert r["fixed"] + r["variable"] - r["reduction"] + r["floor_top_up"] == expected
    assert r["rule_in_force"]
    assert "国办发〔2024〕38号" in df.attrs["sources"]["source"].iloc[0]


def test_resident_no_waiting_cases():
    # enrolled in the concentrated period without a gap, or exempt (newborns …): no waiting
    assert gaps.resident_waiting(0, paid_on=PAID, in_enrollment_period=True)["waiting_months"].iloc[0] == 0
    assert gaps.resident_waiting(0, paid_on=PAID, in_enrollment_period=True)["restart"].iloc[0] == pd.Timestamp(PAID)
    # a gap still counts inside the concentrated period (未连续参保)
    assert gaps.resident_waiting(2, paid_on=PAID, in_enrollment_period=True)["waiting_months"].iloc[0] == 5
    assert gaps.resident_waiting(6, paid_on=PAID, exempt=True)["waiting_months"].iloc[0] == 0


def test_resident_rule_only_from_2025():
    before = gaps.resident_waiting(3, paid_on="2024-12-31")
    assert not before["rule_in_force"].iloc[0] and before["waiting_months"].iloc[0] == 0
    assert gaps.resident_waiting(3, paid_on="2025-01-01")["waiting_months"].iloc[0] == 6


def test_resident_vector_equals_scalar():
    g = [0, 1, 3, 4, 6, 4, 6]
    m = [0, 0, 0, 0, 0, 4, 6]
    vec = gaps.resident_waiting(g, m, paid_on=PAID)
    assert list(vec["waiting_months"]) == [3, 4, 6, 7, 9, 6, 6]
    for i in range(len(g)):
        one = gaps.resident_waiting(g[i], m[i], paid_on=PAID)
        pd.testing.assert_frame_equal(vec.iloc[[i]].reset_index(drop=True), one)


def test_resident_restart_date_and_breakdown():
    # paid 2025-03-15, gap 1 year: 4 months = March–June → benefits from 2025-07-01
    r = gaps.restart_date("resident", PAID, gap_years=1)
    assert (r.waiting_months, r.restart) == (4, dt.date(2025, 7, 1))
    steps = r.breakdown
    assert list(steps["步骤"]) == ["固定等待期", "变动等待期", "合计"]
    assert steps["月数"].iloc[:-1].sum() == steps["月数"].iloc[-1] == 4
    # gap 5, 3 years made up: 3 + 5 − 3 = 5 → 6 (gap ≥ 4 years) → 2025-09-01
    r = gaps.restart_date("居民", PAID, gap_years=5, made_up_years=3)
    assert (r.waiting_months, r.restart) == (6, dt.date(2025, 9, 1))
    assert list(r.breakdown["月数"]) == [3, 5, -3, 1, 6]
    assert "1 个月" in r.breakdown["规则"].iloc[1] and "4 年及以上" in r.breakdown["规则"].iloc[3]
    assert "2025-09-01" in r.summary_zh
    r = gaps.restart_date("resident", PAID, gap_years=0, in_enrollment_period=True)
    assert (r.waiting_months, r.restart) == (0, dt.date(2025, 3, 15))
    r = gaps.restart_date("resident", "2024-06-01", gap_years=2)
    assert r.waiting_months == 0 and "尚未施行" in r.breakdown["规则"].iloc[0]


# --------------------------------------------------------------------------- employees, by hand


@pytest.mark.parametrize(
    "region, employment, gap, made_up, expected",
    [
        # national transfer rule: ≤ 3 months made up → none; longer → 6 (the upper bound)
        ("national", "unit", 0, True, 0),
        ("national", "unit", 2, True, 0),
        ("national", "unit", 3, True, 0),
        ("national", "unit", 2, False, 6),
        ("national", "unit", 4, True, 6),
        ("national", "flexible", 12, True, 6),
        ("jiangsu", "unit", 4, True, 3),  # 江苏: at most 3 months
        # 合肥: unit ≤ 1 month, flexible ≤ 3 months; else 3 months of contributions first
        ("hefei", "unit", 1, True, 0),
        ("hefei", "unit", 2, True, 3),
        ("hefei", "flexible", 3, True, 0),
        ("hefei", "flexible", 4, True, 3),
        # 无锡 flexible: > 3 months → the 6 months again; unit employees: 无锡 has no row of its own, so the
        # province's (jiangsu, gaps.csv: at most 3 months) answers before the national 6 (regions.csv parent)
        ("wuxi", "flexible", 3, True, 0),
        ("wuxi", "flexible", 4, True, 6),
        ("wuxi", "unit", 4, True, 3),
        # 上海 flexible (沪医保规〔2025〕7号 from 2025-09-10): within 3 months exempt, else 6
        ("shanghai", "flexible", 3, True, 0),
        ("shanghai", "flexible", 5, True, 6),
    ],
)
def test_employee_waiting_by_hand(region, employment, gap, made_up, expected):
    df = gaps.employee_waiting(gap, paid_on="2025-10-20", region=region, employment=employment, made_up=made_up)
    assert df["waiting_months"].iloc[0] == expected


@pytest.mark.parametrize(
    "region, paid_on, expected_months, expected_restart",
    [
        ("wuhan", "2025-03-05", 6, dt.date(2025, 9, 1)),  # 武汉: from the 7th month (March = month 1)
        ("wuxi", "2025-03-05", 6, dt.date(2025, 9, 1)),
        ("shanghai", "2025-10-20", 6, dt.date(2026, 4, 1)),  # 沪医保规〔2025〕7号
        ("shanghai", "2025-09-09", 0, dt.date(2025, 9, 9)),  # before 2025-09-10: no Shanghai row, no national one
        ("national", "2025-03-05", 0, dt.date(2025, 3, 5)),
    ],
)
def test_first_enrolment_of_flexible_workers(region, paid_on, expected_months, expected_restart):
    r = gaps.restart_date("employee", paid_on, region=region, employment="灵活就业", first_enrolment=True)
    assert (r.waiting_months, r.restart) == (expected_months, expected_restart)
    assert r.breakdown["月数"].iloc[-1] == expected_months


def test_employee_restart_dates():
    # 合肥 flexible, gap 4 months, paid 2025-05-10: contributions May, June, July → from 2025-08-01 ("次月")
    r = gaps.restart_date("职工", "2025-05-10", region="hefei", gap_months=4, employment="flexible")
    assert (r.waiting_months, r.restart) == (3, dt.date(2025, 8, 1))
    assert "合肥" in r.breakdown["来源"].iloc[0]
    # national, gap 2 months made up: the same month, the gap covered retroactively
    r = gaps.restart_date("employee", "2025-05-10", gap_months=2)
    assert (r.waiting_months, r.restart) == (0, dt.date(2025, 5, 10)) and "追溯" in r.breakdown["规则"].iloc[0]
    # Shanghai before its 2025 rule: the national rule applies
    assert (
        gaps.restart_date(
            "employee", "2025-05-10", region="shanghai", gap_months=5, employment="flexible"
        ).waiting_months
        == 6
    )


def test_employee_vector():
    df = gaps.employee_waiting([0, 1, 2, 3, 4, 7], paid_on="2025-10-01", region="hefei", employment="unit")
    assert list(df["waiting_months"]) == [0, 0, 3, 3, 3, 3]
    assert list(df["restart"].dt.strftime("%Y-%m-%d")) == ["2025-10-01", "2025-10-01"] + ["2026-01-01"] * 4


# --------------------------------------------------------------------------- the account meanwhile (K06)


def test_account_during_gap_keeps_balance_and_interest():
    df = gaps.account_during_gap(8000, 40, 5, gap_years=[2026, 2027], start_year=2025, opening_balance=3000)
    gap = df[df["in_gap"]]
    assert list(gap["year"]) == [2026, 2027]
    assert (gap["credited"] == 0).all() and (gap["interest"] > 0).all()
    # no credit, no spending: the balance grows by the interest only, never reset
    prev = df.set_index("year")["balance"]
    assert prev[2026] == pytest.approx(prev[2025] + gap.set_index("year").loc[2026, "interest"], abs=1e-9)
    # what the gap cost: the credit of those years (8000 × 2% × 12 = 1920, 国办发〔2021〕14号)
    assert list(gap["credit_lost"]) == [1920.0, 1920.0]
    assert (df["balance_without_gap"] >= df["balance"]).all()
    same = account.project_balance(8000, 40, 5, start_year=2025, opening_balance=3000, gap_years=[2026, 2027])
    np.testing.assert_array_equal(df["balance"].to_numpy(), same["balance"].to_numpy())


def test_account_can_be_spent_during_gap():
    df = gaps.account_during_gap(
        8000, 40, 3, gap_years=2026, start_year=2025, annual_spending=500, opening_balance=2000
    )
    row = df.set_index("year").loc[2026]
    assert row["credited"] == 0 and row["spent"] == 500 and row["unpaid"] == 0


# --------------------------------------------------------------------------- properties


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(gap=st.integers(0, 30), made=st.integers(0, 30), in_period=st.booleans())
def test_resident_waiting_properties(gap, made, in_period):
    made = min(made, gap)
    w = int(
        gaps.resident_waiting(gap, made, paid_on="2025-06-01", in_enrollment_period=in_period)["waiting_months"].iloc[0]
    )
    if gap == 0 and in_period:
        assert w == 0
    else:
        assert w >= 3  # never below the fixed period
        assert w <= 3 + gap  # make-up never adds
        if gap >= 4:
            assert w >= 6
        assert w == max(3 + gap - made, 6 if gap >= 4 else 0)
    # monotone: a longer gap never shortens the wait; making up more never lengthens it
    longer = int(
        gaps.resident_waiting(gap + 1, made, paid_on="2025-06-01", in_enrollment_period=in_period)[
            "waiting_months"
        ].iloc[0]
    )
    assert longer >= w
    if made < gap:
        more = int(
            gaps.resident_waiting(gap, made + 1, paid_on="2025-06-01", in_enrollment_period=in_period)[
                "waiting_months"
            ].iloc[0]
        )
        assert more <= w


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(
    gaps_=st.lists(st.integers(0, 120), min_size=1, max_size=6),
    region=st.sampled_from(["national", "hefei", "wuhan", "wuxi", "shanghai", "jiangsu"]),
    employment=st.sampled_from(["unit", "flexible"]),
    made_up=st.booleans(),
    paid=st.dates(dt.date(2022, 1, 1), dt.date(2027, 12, 31)),
)
def test_employee_vector_equals_scalar_and_is_monotone(gaps_, region, employment, made_up, paid):
    vec = gaps.employee_waiting(gaps_, paid_on=paid, region=region, employment=employment, made_up=made_up)
    for i, g in enumerate(gaps_):
        one = gaps.employee_waiting(g, paid_on=paid, region=region, employment=employment, made_up=made_up)
        pd.testing.assert_frame_equal(vec.iloc[[i]].reset_index(drop=True), one)
    order = np.argsort(gaps_, kind="stable")
    assert (np.diff(vec["waiting_months"].to_numpy()[order]) >= 0).all()
    assert (vec["restart"] >= pd.Timestamp(paid)).all()
    assert (vec["waiting_months"] <= 6).all()


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, param",
    [
        (lambda: gaps.resident_waiting(-1, paid_on=PAID), "gap_years"),
        (lambda: gaps.resident_waiting(1.5, paid_on=PAID), "gap_years"),
        (lambda: gaps.resident_waiting("3", paid_on=PAID), "gap_years"),
        (lambda: gaps.resident_waiting(2, 3, paid_on=PAID), "made_up_years"),
        (lambda: gaps.resident_waiting(2, -1, paid_on=PAID), "made_up_years"),
        (lambda: gaps.resident_waiting(2, paid_on="2025-02-30"), "paid_on"),
        (lambda: gaps.resident_waiting(2, paid_on="15/03/2025"), "paid_on"),
        (lambda: gaps.resident_waiting(2, paid_on=PAID, exempt="no"), "exempt"),
        (lambda: gaps.employee_waiting(-2, paid_on=PAID), "gap_months"),
        (lambda: gaps.employee_waiting(2, paid_on=PAID, employment="freelance"), "employment"),
        (lambda: gaps.employee_waiting(2, paid_on=PAID, region="mars"), "region"),
        (lambda: gaps.restart_date("pension", PAID), "scheme"),
        (lambda: gaps.restart_date("resident", PAID, gap_years=[1, 2]), "gap_years"),
        (lambda: gaps.restart_date("employee", PAID, gap_months=-3), "gap_months"),
        (lambda: gaps.account_during_gap(8000, 40, 3, gap_years=[-2025]), "gap_years"),
    ],
)
def test_bad_input_is_bilingual_and_names_the_parameter(call, param):
    with pytest.raises(YibaoInputError) as exc:
        call()
    msg = str(exc.value)
    assert f"参数 {param} " in msg and f"Invalid {param} = " in msg, msg
    assert CJK.search(msg.splitlines()[0])
