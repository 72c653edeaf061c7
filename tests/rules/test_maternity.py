"""Maternity leave and allowance: hand values with their rules (《女职工劳动保护特别规定》第七条,
社会保险法第五十四、五十六条, 北京市人民政府令第154号, Jiangsu/Xuzhou and Zhejiang regulations; facts §10)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yibao_helpers import YibaoInputError
from yibao_helpers.rules import maternity as m

# --------------------------------------------------------------------------- leave


@pytest.mark.parametrize(
    "kwargs, days",
    [
        ({}, 98),  # 第七条: 98 days
        ({"dystocia": True}, 113),  # + 15 dystocia
        ({"babies": 2}, 113),  # + 15 per extra baby
        ({"babies": 3, "dystocia": True}, 143),  # 98 + 15 + 2 × 15
        ({"child_order": 3}, 98),  # national rule does not depend on birth order
    ],
)
def test_national_leave(kwargs, days):
    assert m.leave_days(**kwargs) == days


@pytest.mark.parametrize(
    "region, kwargs, days",
    [
        # 徐州医保局2023-05-10通知 (苏医保发〔2023〕2号): within the regulation 158 natural / 173 caesarean; outside 98 / 113
        ("jiangsu", {}, 158),
        ("jiangsu", {"dystocia": True}, 173),
        ("jiangsu", {"within_policy": False}, 98),
        ("jiangsu", {"within_policy": False, "dystocia": True}, 113),
        ("xuzhou", {}, 158),
        ("xuzhou", {"dystocia": True}, 173),
        # 浙江 2021-11-25: first child 158, second and third 188
        ("zhejiang", {"child_order": 1}, 158),
        ("zhejiang", {"child_order": 2}, 188),
        ("zhejiang", {"child_order": 3}, 188),
        ("zhejiang", {"child_order": 2, "dystocia": True}, 203),
        # M6: 《北京市人口与计划生育条例》第十九条 (2021-11-26), maternity.csv line 33: + 60 → 98 + 60 = 158;
        # dystocia 158 + 15 (line 3) = 173
        ("beijing", {}, 158),
        ("beijing", {"dystocia": True}, 173),
        # 《上海市人口与计划生育条例》第三十一条 (2021-11-25), line 28: + 60 → 158
        ("shanghai", {}, 158),
        # 江西 (line 25, from 2025-08-13; default date 2025-07-01 is before it, so the date is given): 158;
        # 南昌 has no row of its own and takes its province's (regions.csv: nanchang → jiangxi)
        ("jiangxi", {"on": "2025-09-01"}, 158),
        ("nanchang", {"on": "2025-09-01"}, 158),
        # no extension row in the region's chain (重庆: no maternity rows, no parent): the national 98 days (line 2)
        ("chongqing", {}, 98),
    ],
)
def test_provincial_leave(region, kwargs, days):
    assert m.leave_days(region=region, **kwargs) == days


def test_extension_not_before_it_applies():
    assert m.leave_days(region="zhejiang", child_order=2, on="2021-06-01") == 98
    assert m.leave_days(region="jiangsu", on="2021-12-31") == 98
    assert m.leave_days(region="beijing", on="2021-11-25") == 98  # line 33 applies from 2021-11-26


def test_leave_vector_equals_scalar_and_breakdown():
    orders = [1, 2, 3]
    dys = [False, True, False]
    vec = m.leave_days(region="zhejiang", child_order=orders, dystocia=dys)
    assert list(vec) == [m.leave_days(region="zhejiang", child_order=o, dystocia=d) for o, d in zip(orders, dys)]
    bd = m.leave_breakdown(region="xuzhou", dystocia=True, babies=2)
    assert list(bd["天数"]) == [98, 15, 15, 60, 188]
    assert bd["来源"].iloc[0].startswith("《女职工劳动保护特别规定》")


def test_miscarriage_leave():
    # 第七条: < 4 months of pregnancy 15 days; ≥ 4 months 42 days
    assert m.miscarriage_leave_days(2) == 15
    assert m.miscarriage_leave_days(3.9) == 15
    assert m.miscarriage_leave_days(4) == 42
    assert list(m.miscarriage_leave_days([1, 4, 7])) == [15, 42, 42]


# --------------------------------------------------------------------------- allowance


def test_allowance_hand_values():
    # 社会保险法第五十六条 / 北京市政府令154号: wage ÷ 30 × days
    assert m.maternity_allowance(9000, 98) == 29400.0
    assert m.maternity_allowance(9000, 158, region="jiangsu") == 47400.0
    # the ×12÷365 method (facts §10: some regions): 9000 × 12 / 365 × 98 = 28997.26
    assert m.maternity_allowance(9000, 98, method="per_365") == 28997.26
    assert m.maternity_allowance(9000, 98, method="per_30") == 29400.0


def test_beijing_clamps_to_60_and_300_percent_of_social_average():
    # 北京市人民政府令第154号: below 60 % / above 300 % of last year's city average → at the limit
    social = 11937.0
    got = m.maternity_allowance([3000, 9000, 50000], 128, region="beijing", social_avg_monthly_wage=social)
    np.testing.assert_allclose(
        got, [round(0.6 * social / 30 * 128, 2), 9000 / 30 * 128, round(3 * social / 30 * 128, 2)]
    )
    # elsewhere no clamp
    assert m.maternity_allowance(3000, 128) == 12800.0
    bd = m.allowance_breakdown(3000, 128, region="beijing", social_avg_monthly_wage=social)
    assert bd["金额（元）"].iloc[1] == round(0.6 * social, 2)
    assert bd["金额（元）"].iloc[-1] == got[0]


def test_allowance_vector_equals_scalar():
    wages = np.array([4000.0, 9000, 25000])
    days = np.array([98, 113, 158])
    vec = m.maternity_allowance(wages, days)
    assert list(vec) == [m.maternity_allowance(float(w), float(d)) for w, d in zip(wages, days)]


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(
    w=st.floats(0, 100000, allow_nan=False),
    d1=st.integers(0, 300),
    d2=st.integers(0, 300),
    region=st.sampled_from(["national", "beijing", "jiangsu"]),
)
def test_allowance_linear_in_days(w, d1, d2, region):
    a1 = m.maternity_allowance(w, d1, region=region, social_avg_monthly_wage=10000)
    a2 = m.maternity_allowance(w, d2, region=region, social_avg_monthly_wage=10000)
    a12 = m.maternity_allowance(w, d1 + d2, region=region, social_avg_monthly_wage=10000)
    assert a12 == pytest.approx(a1 + a2, abs=0.011)
    assert min(a1, a2, a12) >= 0
    if d1:
        daily = m.maternity_allowance(w, 1, region=region, social_avg_monthly_wage=10000)
        assert a1 == pytest.approx(daily * d1, abs=0.005 * d1 + 0.006)


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(
    babies=st.integers(1, 5),
    order=st.integers(1, 5),
    dys=st.booleans(),
    region=st.sampled_from(["national", "jiangsu", "zhejiang", "xuzhou"]),
)
def test_leave_at_least_98_and_more_babies_more_days(babies, order, dys, region):
    d = m.leave_days(babies=babies, child_order=order, dystocia=dys, region=region)
    assert d >= 98
    assert m.leave_days(babies=babies + 1, child_order=order, dystocia=dys, region=region) == d + 15


# --------------------------------------------------------------------------- coverage (K22, K23, K13/K48)


def test_spouse_coverage_k22():
    rule = m.spouse_birth_coverage()
    assert rule["covered"] is True and "第五十四条" in rule["source"] and rule["confidence"] == "official"
    assert "生育津贴" in rule["not_covered"] and "K22" in rule["claims"]
    assert rule["merged_with_medical"] and "国办发〔2019〕10号" in rule["merged_source"]
    assert m.spouse_birth_coverage(on="2010-01-01")["covered"] is False


def test_flexible_workers_k13_k48():
    # maternity.csv line 22: 江苏 from 2026-02-05, citing 国办发〔2024〕48号. The date is given: the default date is
    # now 2025-07-01 (data_as_of: the newest year with non-illustrative national statistics), before the rule
    js = m.flexible_worker_covered(region="jiangsu", on="2026-03-01")
    assert js["covered"] is True and "国办发〔2024〕48号" in js["source"]
    # before the rule: not yet, and the page is told from when (line 22), not "no local rule"
    before = m.flexible_worker_covered(region="jiangsu", on="2025-07-01")
    assert before["covered"] is False and before["since"] == "2026-02-05" and "国办发〔2024〕48号" in before["source"]
    assert m.flexible_worker_covered()["covered"] is False


# --------------------------------------------------------------------------- bad input


def _bilingual(exc, param):
    text = str(exc.value)
    assert f"参数 {param}" in text and f"Invalid {param}" in text


@pytest.mark.parametrize(
    "call, param",
    [
        (lambda: m.maternity_allowance(-1, 98), "avg_monthly_wage"),
        (lambda: m.maternity_allowance(float("nan"), 98), "avg_monthly_wage"),
        (lambda: m.maternity_allowance(9000, float("nan")), "days"),
        (lambda: m.maternity_allowance(9000, -3), "days"),
        (lambda: m.maternity_allowance(9000, 98, method="weekly"), "method"),
        (
            lambda: m.maternity_allowance(9000, 98, region="beijing", social_avg_monthly_wage=0),
            "social_avg_monthly_wage",
        ),
        (lambda: m.maternity_allowance([1, 2], [1, 2, 3]), "avg_monthly_wage"),
        (lambda: m.leave_days(babies=0), "babies"),
        (lambda: m.leave_days(babies=1.5), "babies"),
        (lambda: m.leave_days(dystocia="yes"), "dystocia"),
        (lambda: m.leave_days(child_order=-1), "child_order"),
        (lambda: m.leave_days(region="atlantis"), "region"),
        (lambda: m.miscarriage_leave_days(-1), "pregnancy_months"),
        (lambda: m.miscarriage_leave_days(float("nan")), "pregnancy_months"),
    ],
)
def test_bad_input(call, param):
    with pytest.raises(YibaoInputError) as exc:
        call()
    _bilingual(exc, param)
