"""Bad input → YibaoInputError (a ValueError) whose message names the parameter and the bad value,
in Chinese and in English (design.md: "one exception type for bad input")."""

import math
import re

import numpy as np
import pytest

import yibao_helpers as yb
from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.rules import account, account_trace, contribution, outpatient

CJK = re.compile(r"[\u4e00-\u9fff]")
NAN, INF = float("nan"), float("inf")


def pb(salary=8000, age=30, years=5, **kw):
    kw.setdefault("start_year", 2024)
    return account.project_balance(salary, age, years, **kw)


def py(costs=(500, 1000), **kw):
    kw.setdefault("on", 2024)
    return outpatient.pool_year(list(costs) if isinstance(costs, tuple) else costs, **kw)


def lm(cost=500, years=2, **kw):
    kw.setdefault("start_year", 2024)
    return outpatient.limit_by_month(cost, years, **kw)


# (id, call, parameter named in the message, text of the bad value shown in the message)
CASES = [
    # ---- project_balance
    ("pb-negative-salary", lambda: pb(salary=-1), "monthly_salary", "-1"),
    ("pb-nan-salary", lambda: pb(salary=NAN), "monthly_salary", "nan"),
    ("pb-inf-salary", lambda: pb(salary=INF), "monthly_salary", "inf"),
    ("pb-minus-inf-salary", lambda: pb(salary=-INF), "monthly_salary", "-inf"),
    ("pb-string-salary", lambda: pb(salary="8000"), "monthly_salary", "'8000'"),
    ("pb-bool-salary", lambda: pb(salary=True), "monthly_salary", "True"),
    ("pb-none-salary", lambda: pb(salary=None), "monthly_salary", "None"),
    ("pb-huge-salary", lambda: pb(salary=1e12), "monthly_salary", "1000000000000"),
    ("pb-nan-in-array", lambda: pb(salary=np.array([8000, NAN]), age=np.array([30, 40])), "monthly_salary", "nan"),
    ("pb-text-in-array", lambda: pb(salary=["8000", "abc"]), "monthly_salary", "abc"),
    ("pb-2d-salary", lambda: pb(salary=np.ones((2, 2)) * 8000), "monthly_salary", "(2, 2)"),
    ("pb-empty-salary", lambda: pb(salary=np.array([])), "monthly_salary", "[]"),
    ("pb-age-15", lambda: pb(age=15), "age", "15"),
    ("pb-age-101", lambda: pb(age=101, years=1), "age", "101"),
    ("pb-age-200", lambda: pb(age=200), "age", "200"),
    ("pb-age-negative", lambda: pb(age=-30), "age", "-30"),
    ("pb-age-nan", lambda: pb(age=NAN), "age", "nan"),
    ("pb-age-bool", lambda: pb(age=False), "age", "False"),
    ("pb-age-15-in-array", lambda: pb(salary=np.array([8000, 9000]), age=np.array([30, 15])), "age", "15"),
    ("pb-years-negative", lambda: pb(years=-1), "years", "-1"),
    ("pb-years-zero", lambda: pb(years=0), "years", "0"),
    ("pb-years-fraction", lambda: pb(years=2.5), "years", "2.5"),
    ("pb-years-string", lambda: pb(years="5"), "years", "'5'"),
    ("pb-years-nan", lambda: pb(years=NAN), "years", "nan"),
    ("pb-years-past-100", lambda: pb(age=90, years=12), "years", "12"),
    (
        "pb-years-past-100-array",
        lambda: pb(salary=np.array([8000, 8000]), age=np.array([30, 95]), years=7),
        "years",
        "7",
    ),
    ("pb-unknown-region", lambda: pb(region="atlantis"), "region", "'atlantis'"),
    ("pb-region-wrong-case", lambda: pb(region="Beijing"), "region", "'Beijing'"),
    ("pb-region-none", lambda: pb(region=None), "region", "None"),
    ("pb-start-year-1980", lambda: pb(start_year=1980), "start_year", "1980"),
    ("pb-start-year-text", lambda: pb(start_year="2024"), "start_year", "'2024'"),
    (
        "pb-mismatched-arrays",
        lambda: pb(salary=np.array([8000, 9000]), age=np.array([30, 40, 50])),
        "monthly_salary",
        "length 2",
    ),
    # lengths 2 and 3: the message names the first array that does not fit the longest and lists all lengths
    (
        "pb-mismatched-spending",
        lambda: pb(salary=np.array([8000, 9000]), annual_spending=np.array([1, 2, 3])),
        "monthly_salary",
        "'annual_spending': 3",
    ),
    ("pb-negative-spending", lambda: pb(annual_spending=-100), "annual_spending", "-100"),
    ("pb-nan-opening", lambda: pb(opening_balance=NAN), "opening_balance", "nan"),
    ("pb-growth-500pct", lambda: pb(salary_growth=5), "salary_growth", "5"),
    ("pb-interest-negative", lambda: pb(interest_rate=-0.01), "interest_rate", "-0.01"),
    ("pb-interest-as-percent", lambda: pb(interest_rate=1.5), "interest_rate", "1.5"),
    ("pb-retire-age-10", lambda: pb(retire_age=10), "retire_age", "10"),
    ("pb-unknown-regime", lambda: pb(regime="old"), "regime", "'old'"),
    ("pb-negative-pension", lambda: pb(monthly_pension=-1), "monthly_pension", "-1"),
    ("pb-gap-year-text", lambda: pb(gap_years=["2025"]), "gap_years", "'2025'"),
    # ---- pool_year
    ("py-negative-cost", lambda: py(costs=[100, -1]), "costs", "-1"),
    ("py-nan-cost", lambda: py(costs=[NAN]), "costs", "nan"),
    ("py-inf-cost", lambda: py(costs=[100, INF]), "costs", "inf"),
    ("py-string-cost", lambda: py(costs="1000"), "costs", "'1000'"),
    ("py-bool-cost", lambda: py(costs=True), "costs", "True"),
    ("py-empty-costs", lambda: py(costs=[]), "costs", "[]"),
    ("py-level-4", lambda: py(hospital_level=4), "hospital_level", "4"),
    ("py-level-0", lambda: py(hospital_level=0), "hospital_level", "0"),
    ("py-level-text", lambda: py(hospital_level="四级"), "hospital_level", "'四级'"),
    ("py-level-bool", lambda: py(hospital_level=True), "hospital_level", "True"),
    ("py-level-in-list", lambda: py(hospital_level=[1, 5]), "hospital_level", "5"),
    ("py-levels-mismatched", lambda: py(costs=[1, 2, 3], hospital_level=[1, 2]), "hospital_level", "length 2"),
    ("py-unknown-member", lambda: py(member="boss"), "member", "'boss'"),
    ("py-member-none", lambda: py(member=None), "member", "None"),
    ("py-unknown-region", lambda: py(region="atlantis"), "region", "'atlantis'"),
    ("py-bad-date", lambda: py(on="next year"), "on", "'next year'"),
    ("py-year-1800", lambda: py(on=1800), "on", "1800"),
    # ---- limit_by_month
    ("lm-negative-cost", lambda: lm(cost=-5), "monthly_cost", "-5"),
    ("lm-nan-cost", lambda: lm(cost=NAN), "monthly_cost", "nan"),
    ("lm-inf-cost", lambda: lm(cost=INF), "monthly_cost", "inf"),
    ("lm-string-cost", lambda: lm(cost="500"), "monthly_cost", "'500'"),
    ("lm-bool-cost", lambda: lm(cost=True), "monthly_cost", "True"),
    ("lm-empty-cost", lambda: lm(cost=[]), "monthly_cost", "[]"),
    ("lm-five-months", lambda: lm(cost=[100] * 5), "monthly_cost", "length 5"),
    ("lm-years-negative", lambda: lm(years=-1), "years", "-1"),
    ("lm-years-zero", lambda: lm(years=0), "years", "0"),
    ("lm-years-fraction", lambda: lm(years=1.5), "years", "1.5"),
    ("lm-years-200", lambda: lm(years=200), "years", "200"),
    ("lm-level-4", lambda: lm(hospital_level=4), "hospital_level", "4"),
    ("lm-level-bool", lambda: lm(hospital_level=True), "hospital_level", "True"),
    ("lm-unknown-member", lambda: lm(member="boss"), "member", "'boss'"),
    ("lm-unknown-region", lambda: lm(region="atlantis"), "region", "'atlantis'"),
    ("lm-start-year-1980", lambda: lm(start_year=1980), "start_year", "1980"),
    # ---- load_policy
    ("lp-unknown-region", lambda: yb.load_policy("atlantis"), "region", "'atlantis'"),
    ("lp-region-none", lambda: yb.load_policy(None), "region", "None"),
    ("lp-region-number", lambda: yb.load_policy(5), "region", "5"),
    ("lp-bad-date-text", lambda: yb.load_policy("national", "tomorrow"), "on", "'tomorrow'"),
    ("lp-month-13", lambda: yb.load_policy("national", "2024-13-01"), "on", "'2024-13-01'"),
    ("lp-day-32", lambda: yb.load_policy("national", "2024-01-32"), "on", "'2024-01-32'"),
    ("lp-year-1800", lambda: yb.load_policy("national", 1800), "on", "1800"),
    ("lp-year-2300", lambda: yb.load_policy("national", 2300), "on", "2300"),
    ("lp-negative-year", lambda: yb.load_policy("national", -5), "on", "-5"),
    ("lp-bool-date", lambda: yb.load_policy("national", True), "on", "True"),
    ("lp-float-date", lambda: yb.load_policy("national", 2024.5), "on", "2024.5"),
    ("lp-list-date", lambda: yb.load_policy("national", [2024]), "on", "[2024]"),
    (
        "lp-banded-without-age",
        lambda: yb.load_policy("beijing", 2024).get("account.pre.employer_credit_rate"),
        "age",
        "None",
    ),
    ("lp-unknown-parameter", lambda: yb.load_policy("national", 2024)["employee.no_such_thing"], "on", "2024-07-01"),
]


@pytest.mark.parametrize("call, param, shown", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_raises_bilingual_error(call, param, shown):
    with pytest.raises(YibaoInputError) as err:
        call()
    exc = err.value
    msg = str(exc)
    assert isinstance(exc, ValueError)
    assert exc.param == param
    assert param in msg, msg
    assert shown in msg, msg
    assert CJK.search(msg), msg  # Chinese …
    assert "must" in msg or "Invalid" in msg, msg  # … and English
    zh, en = msg.split("\n", 1)
    assert CJK.search(zh) and en.startswith(("Invalid", "Bad data"))


def test_unknown_region_message_lists_the_known_regions():
    with pytest.raises(YibaoInputError) as err:
        pb(region="atlantis")
    for code in yb.regions():
        assert code in str(err.value)


def test_years_past_100_message_states_the_limit():
    # age 90: at most 11 years (ages 90..100)
    with pytest.raises(YibaoInputError) as err:
        pb(age=90, years=12)
    msg = str(err.value)
    assert "11" in msg and "100" in msg
    assert pb(age=90, years=11)["age"].iloc[-1] == 100  # the limit itself is allowed


# A year with no data. The message names the date the year stands for ('on' = 1 July of it) and the
# parameter that has no data; it does not say 'start_year' (see the report: naming the caller's
# argument would be clearer, left as a design question).
NO_DATA = [
    # national employee.individual_rate starts 1998-12-14 (国发〔1998〕44号)
    (
        "lp-1990",
        lambda: yb.load_policy("national", 1990)["employee.individual_rate"],
        "1990-07-01",
        "employee.individual_rate",
    ),
    # the base floor's 全口径 wage (M1) starts 2015-07-01 (wages.csv line 41, example city; national has none):
    # 2005 has none
    ("pb-2005", lambda: pb(start_year=2005), "2005-07-01", "wage.avg_annual_all_units_prev_year"),
    # interest rates start 2015-10-24 (account.csv lines 9-10): 1 July 2015 has none
    ("pb-2015", lambda: pb(start_year=2015), "2015-07-01", "account.interest_rate_current"),
    # Rewritten: shanghai's 2025-07..2026-06 bases now exist (contribution.csv lines 71-72), and no projection runs
    # into a gap in the real data any more. A gap *after* a region's rows: 重庆's resident contributions end
    # 2023-12-31 (contribution.csv lines 57-58), so a series of years that reaches 2024 stops there
    (
        "rf-chongqing-gap",
        lambda: contribution.resident_flows([2023, 2024], region="chongqing"),
        "2024-07-01",
        "resident.individual_contribution",
    ),
    # outpatient rows start 2021-04-13 (outpatient.csv lines 2-8)
    ("lm-2019", lambda: lm(start_year=2019), "2019-07-01", "outpatient."),
    ("py-2019", lambda: py(on=2019), "2019-07-01", "outpatient."),
]


@pytest.mark.parametrize("case, call, date, missing", NO_DATA, ids=[c[0] for c in NO_DATA])
def test_year_without_data(case, call, date, missing):
    with pytest.raises(YibaoInputError) as err:
        call()
    msg = str(err.value)
    # a projection over years (pb-*, lm-*) names the caller's start_year and the date that lacks data; a look-up
    # names `on`
    assert err.value.param == ("start_year" if case.startswith(("pb-", "lm-")) else "on")
    assert date in msg and missing in msg
    assert CJK.search(msg) and "Invalid" in msg and "no data" in msg
    # each region asked is named once (national's chain is national → example city)
    assert "national 及 national" not in msg and "neither national nor national" not in msg


def test_error_is_a_value_error_for_callers_that_catch_value_error():
    with pytest.raises(ValueError):
        pb(salary=-1)
    assert issubclass(YibaoInputError, ValueError)


def test_valid_edge_values_are_accepted():
    # the bounds themselves are valid: age 16 and 100, salary 0, level '3' as text, member in Chinese
    assert pb(age=16, years=1)["age"].iloc[0] == 16
    assert pb(age=100, years=1)["status"].iloc[0] == "retired"
    assert pb(salary=0, years=1)["credited"].iloc[0] > 0  # the floor applies
    assert py(hospital_level="3", member="退休")["fund_pays"].sum() >= 0
    assert not math.isnan(lm(cost=[0] * 12, years=1)["limit_left"].iloc[0])


# --------------------------------------------------------------------------- regressions found by the matrix
# (tests/test_bad_input_matrix.py covers every function × parameter × bad class; these pin the subtle ones)


def test_cached_benefit_table_never_serves_true_as_admission_1():
    # True == 1 and hash(True) == hash(1): a cache asked before checking returned the table of admission 1
    from yibao_helpers.rules import reimburse

    reimburse.reimburse(10_000, scheme="employee", year=2024, admission=1)  # fills the cache
    with pytest.raises(YibaoInputError) as err:
        reimburse.reimburse(10_000, scheme="employee", year=2024, admission=True)
    assert err.value.param == "admission"


def test_benefit_table_cache_key_is_the_checked_code():
    # 三级 and 3 are one table (the cache key is the checked code, not the spelling)
    from yibao_helpers.rules import benefits

    pol = yb.load_policy("national", 2024)
    one = benefits.cached_benefit_table(pol, scheme="职工", hospital_level="三级")
    assert benefits.cached_benefit_table(pol, scheme="employee", hospital_level=3) is one


def test_regime_typo_is_not_read_as_post_2021():
    pol = yb.load_policy("national", 2024)
    with pytest.raises(YibaoInputError) as err:
        account.monthly_credit(pol, "post-2021", 6000.0, 40, False)
    assert err.value.param == "regime"
    # the spellings without the underscore are aliases (benchmarks/bench_calculators.py uses "post2021")
    assert account.monthly_credit(pol, "post2021", 6000.0, 40, False) == account.monthly_credit(
        pol, "post_2021", 6000.0, 40, False
    )


def test_slip_comparison_arguments_are_checked_without_region():
    from yibao_helpers.rules import slip

    fields = dict(medfee_sumamt=10000, inscp_scp_amt=9000, act_pay_dedc=1000, hifp_pay=6400, psn_cash_pay=3600)
    for kw, param in [({"year": "2024-13-01"}, "year"), ({"scheme": "雇员"}, "scheme"), ({"age": -1}, "age")]:
        with pytest.raises(YibaoInputError) as err:
            slip.explain_slip(**fields, **kw)
        assert err.value.param == param


def test_banded_edges_start_at_0_with_one_ratio_per_band():
    # the edges are the bands' lower edges, the first one 0; the ratios one per edge (edges [1e4, 5e4] with
    # three ratios used to be zipped silently into two bands)
    from yibao_helpers.rules import benefits

    with pytest.raises(YibaoInputError) as err:
        benefits.banded(60_000.0, 1_000.0, np.array([10_000.0, 50_000.0]), np.array([0.6, 0.7, 0.8]))
    assert err.value.param == "edges"
    got = benefits.banded(60_000.0, 1_000.0, np.array([0.0, 10_000.0, 50_000.0]), np.array([0.6, 0.7, 0.8]))
    assert got == pytest.approx(0.6 * 9_000 + 0.7 * 40_000 + 0.8 * 10_000)


def test_trace_year_is_for_one_person():
    with pytest.raises(YibaoInputError) as err:
        account_trace.trace_year([8000, 9000], 30, 2024)
    assert err.value.param == "monthly_salary" and "一个人" in str(err.value)
