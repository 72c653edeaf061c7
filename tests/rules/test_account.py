"""project_balance: every expected number is computed by hand from the rules in data/, arithmetic in comments.

Rules used (data/account.csv, contribution.csv, wages.csv):
* base = monthly salary clamped to [floor, ceiling]; national floor/ceiling = 0.6 / 3.0 × wage.avg_annual_prev_year / 12
  (国发〔1998〕44号 local rules, e.g. 北京); beijing publishes absolute floors/ceilings (linianhui/blog, per July year).
* after the reform (国办发〔2021〕14号): in-service credit = base × individual 2 %; retiree credit = 2 % × average
  pension (national illustrative 3000 元/月) or beijing's fixed 100 (<70) / 110 (≥70) 元/月 (illustrative).
* before the reform (国发〔1998〕44号): credit = base × (individual 2 % + employer share by age band);
  national 1.8 % (6 % × 30 %); beijing 0.8 % (<35), 1 % (35–<45), 2 % (≥45); retirees a rate of the average
  monthly wage (beijing 4.3 % <70, 4.8 % ≥70).
* regime by 1 July of the year vs account.reform_date 2021-04-13 (national).
* interest (国发〔1998〕44号; PBOC rates since 2015-10-24): this year's credits left at year end × 0.35 % × 78/144
  (credits posted at the start of each month are held Σ(13−m)/144 = 78/144 of a year on average) + carried
  balance left × 1.10 %; rounded to the fen. Monthly credits are rounded to the fen.
* spending: from this year's credits first, then the carried balance; the rest is `unpaid`.
"""

import numpy as np
import pandas as pd
import pytest

from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.rules import account, account_trace

FEN = 0.01
HOLD = 78 / 144  # average holding time of monthly credits, in years


def money(x):
    return pytest.approx(x, abs=FEN)


def col(df, name):
    return df[name].tolist()


def people(df):
    """One frame per person (a scalar projection is one person)."""
    return [d for _, d in df.groupby("person")] if "person" in df else [df]


def assert_identity(df, opening=0.0):
    """balance_t = balance_{t-1} + credited − spent + interest, for every row (per person)."""
    parts = people(df)
    for d, start in zip(parts, np.broadcast_to(np.atleast_1d(np.asarray(opening, dtype=float)), (len(parts),))):
        prev = start
        for row in d.itertuples():
            assert row.balance == money(prev + row.credited - row.spent + row.interest)
            prev = row.balance


# --------------------------------------------------------------------------- after the 2021 reform (national)


# national 2024 (rows in force on 2024-07-01): wage.avg_annual_prev_year = 120698 (NBS 2023)
#   average month = 120698 / 12 = 10058.1667; floor = 0.6 × 10058.1667 = 6034.90; ceiling = 3.0 × … = 30174.50
@pytest.mark.parametrize(
    "salary, base",
    [
        (3000, 6034.90),  # below the floor → floor
        (6034.90, 6034.90),  # exactly at the floor
        (10000, 10000.0),  # inside
        (30174.50, 30174.50),  # exactly at the ceiling
        (50000, 30174.50),  # above the ceiling → ceiling
        (0, 6034.90),  # no salary still pays on the floor
    ],
)
def test_contribution_base_national_2024(salary, base):
    pol = account.policy_for_year("national", 2024)
    assert account.base_limits(pol) == (money(6034.90), money(30174.50))
    assert float(account.contribution_base(pol, salary)) == money(base)


@pytest.mark.parametrize(
    "salary, monthly, interest",
    [
        # credit = base × 2 % (国办发〔2021〕14号), rounded to the fen each month
        # 6034.90 × 0.02 = 120.698 → 120.70 /month → 1448.40 /year; interest 1448.40 × 0.0035 × 78/144 = 2.7459 → 2.75
        (3000, 120.70, 2.75),
        # 10000 × 0.02 = 200 → 2400; interest 2400 × 0.0035 × 78/144 = 4.55
        (10000, 200.00, 4.55),
        # 30174.50 × 0.02 = 603.49 → 7241.88; interest 7241.88 × 0.0035 × 78/144 = 13.7294 → 13.73
        (50000, 603.49, 13.73),
    ],
)
def test_in_service_after_2021_one_year(salary, monthly, interest):
    df = account.project_balance(salary, 30, 1, start_year=2024)
    row = df.iloc[0]
    assert (row["year"], row["age"], row["status"], row["regime"]) == (2024, 30, "in_service", "post_2021")
    assert row["credited"] == money(12 * monthly)
    assert row["interest"] == money(interest)
    assert row["balance"] == money(12 * monthly + interest)
    assert row["spent"] == 0 and row["unpaid"] == 0


def test_in_service_floor_follows_the_wage_of_each_year():
    # salary 3000 is below every floor: 2024 floor 6034.90 (wage 120698); 2025 floor 0.6 × 124110/12 = 6205.50
    # 2025 credit 6205.50 × 0.02 = 124.11 → 1489.32 /year. interest_rate=0 isolates the credits.
    df = account.project_balance(3000, 30, 2, start_year=2024, interest_rate=0)
    assert col(df, "credited") == [money(1448.40), money(1489.32)]
    assert col(df, "balance") == [money(1448.40), money(1448.40 + 1489.32)]


def test_regime_switches_in_2021():
    # 2020-07-01 < 2021-04-13 (account.reform_date) → pre; 2021-07-01 → post.
    # 2020: wage 90501 → floor 0.6 × 7541.75 = 4525.05, salary 5000 inside:
    #       pre credit 5000 × (2 % + 1.8 %) = 190 → 2280 /year (国发〔1998〕44号: 6 % × 30 % = 1.8 %)
    # 2021: wage 97379 → floor 4868.95, salary 5000 inside: post credit 5000 × 2 % = 100 → 1200 /year
    df = account.project_balance(5000, 40, 2, start_year=2020, interest_rate=0)
    assert col(df, "regime") == ["pre_2021", "post_2021"]
    assert col(df, "credited") == [money(2280), money(1200)]
    assert col(df, "balance") == [money(2280), money(3480)]


def test_national_before_2021_with_interest():
    # 2016: wage 62029 → floor 0.6 × 5169.08 = 3101.45, ceiling 15507.25; salary 5000 inside
    #   credit 5000 × 3.8 % = 190 → 2280; interest 2280 × 0.0035 × 78/144 = 4.3225 → 4.32; balance 2284.32
    # 2017: credit 2280 again (floor 3378.45); interest 4.3225 + 2284.32 × 0.011 (= 25.1275) = 29.4500 → 29.45
    #   balance 2284.32 + 2280 + 29.45 = 4593.77
    df = account.project_balance(5000, 44, 2, start_year=2016)
    assert col(df, "regime") == ["pre_2021", "pre_2021"]
    assert col(df, "credited") == [money(2280), money(2280)]
    assert col(df, "interest") == [money(4.32), money(29.45)]
    assert col(df, "balance") == [money(2284.32), money(4593.77)]


# --------------------------------------------------------------------------- before the reform: beijing age bands


def test_beijing_pre_2021_crosses_the_35_and_45_bands():
    # regime forced to pre_2021 on beijing's dated bases (2022-07..: 5869–31884, …, 2025-07..: 7162–35811);
    # salary 10000 is inside every year's range. Credit = 10000 × (2 % + employer band), 《北京市基本医疗保险规定》:
    #   age 34 (2022):            0.02 + 0.008 = 2.8 % → 280 /month → 3360 /year
    #   ages 35–44 (2023–2032):   0.02 + 0.01  = 3 %   → 300 → 3600 /year (10 years)
    #   age 45 (2033):            0.02 + 0.02  = 4 %   → 400 → 4800 /year
    df = account.project_balance(10000, 34, 12, region="beijing", start_year=2022, regime="pre_2021", interest_rate=0)
    assert col(df, "age") == list(range(34, 46))
    assert col(df, "credited") == [money(3360)] + [money(3600)] * 10 + [money(4800)]
    assert df["balance"].iloc[-1] == money(3360 + 10 * 3600 + 4800)  # 44160
    assert set(df["regime"]) == {"pre_2021"}


def test_beijing_pre_2021_floor_and_ceiling():
    # salary 5000 below beijing's floors: 2022 5869 × 2.8 % = 164.332 → 164.33 → 1971.96 (age 34)
    #   2023 6326 × 3 % = 189.78 → 2277.36 (age 35); 2024 6821 × 3 % = 204.63 → 2455.56 (age 36)
    low = account.project_balance(5000, 34, 3, region="beijing", start_year=2022, regime="pre_2021", interest_rate=0)
    assert col(low, "credited") == [money(1971.96), money(2277.36), money(2455.56)]
    # salary 40000 above the 2024 ceiling 35283, age 50: 35283 × 4 % = 1411.32 → 16935.84
    high = account.project_balance(40000, 50, 1, region="beijing", start_year=2024, regime="pre_2021", interest_rate=0)
    assert high["credited"].iloc[0] == money(16935.84)


def test_beijing_after_2021_uses_its_own_base_but_no_age_band():
    # 2024 beijing floor 6821: salary 5000 → 6821 × 2 % = 136.42 → 1637.04 at any age (employer share goes to the pool)
    df = account.project_balance(
        np.array([5000, 5000]), np.array([30, 50]), 1, region="beijing", start_year=2024, interest_rate=0
    )
    assert col(df, "credited") == [money(1637.04), money(1637.04)]
    assert set(df["regime"]) == {"post_2021"}


def test_beijing_pre_2021_retiree_rate_of_average_wage():
    # 《北京市基本医疗保险规定》: retiree <70 4.3 %, ≥70 4.8 % of last year's average monthly wage
    # (beijing has no wage rows → national): 2024 120698/12 = 10058.17 × 0.043 = 432.50 → 5190.00
    #                                        2025 124110/12 = 10342.50 × 0.048 = 496.44 → 5957.28
    df = account.project_balance(10000, 69, 2, region="beijing", start_year=2024, regime="pre_2021", interest_rate=0)
    assert col(df, "status") == ["retired", "retired"]
    assert col(df, "credited") == [money(5190.00), money(5957.28)]


def test_region_gap_in_base_is_an_error_not_a_national_fallback():
    # shanghai has absolute bases for 2024-07..2025-06 and from 2026-07 but none for 2025-07..2026-06:
    # the 2025 projection must fail rather than use national 0.6 × avg wage (bug fixed in account.base_limits)
    with pytest.raises(YibaoInputError) as err:
        account.project_balance(10000, 30, 2, region="shanghai", start_year=2024)
    assert "employee.base_floor" in str(err.value) and "2025" in str(err.value)
    # the years with data work: 2026 floor 7546 → salary 5000 → 7546 × 2 % = 150.92 → 1811.04
    ok = account.project_balance(5000, 30, 1, region="shanghai", start_year=2026, interest_rate=0)
    assert ok["credited"].iloc[0] == money(1811.04)


# --------------------------------------------------------------------------- retirement


def test_national_retirement_transition():
    # default retire_age 60 (account.default_retire_age, 国发〔1978〕104号)
    # 2024 age 59 in service: 10000 × 2 % = 200 → 2400
    # 2025, 2026 retired: 2 % × 3000 (avg_pension_monthly, illustrative) = 60 /month → 720 /year (国办发〔2021〕14号)
    df = account.project_balance(10000, 59, 3, start_year=2024, interest_rate=0)
    assert col(df, "status") == ["in_service", "retired", "retired"]
    assert col(df, "credited") == [money(2400), money(720), money(720)]
    assert col(df, "balance") == [money(2400), money(3120), money(3840)]


def test_retiree_credit_from_own_pension():
    # monthly_pension 5000: 2 % × 5000 = 100 /month → 1200 /year
    df = account.project_balance(10000, 65, 1, start_year=2024, monthly_pension=5000, interest_rate=0)
    assert df["credited"].iloc[0] == money(1200)


def test_retire_age_override():
    # retire_age 63: ages 62 (in service, 2400), 63 (retired, 720)
    df = account.project_balance(10000, 62, 2, start_year=2024, retire_age=63, interest_rate=0)
    assert col(df, "status") == ["in_service", "retired"]
    assert col(df, "credited") == [money(2400), money(720)]


def test_beijing_retiree_fixed_credit_under_and_over_70():
    # beijing post-reform fixed credit (illustrative): 100 元/月 under 70, 110 元/月 at 70+
    # 2026 age 68: 1200; 2027 age 69: 1200; 2028 age 70: 1320
    df = account.project_balance(10000, 68, 3, region="beijing", start_year=2026, interest_rate=0)
    assert col(df, "credited") == [money(1200), money(1200), money(1320)]
    assert col(df, "balance") == [money(1200), money(2400), money(3720)]


def test_beijing_work_then_retire():
    # 2026 beijing floor 7162 – ceiling 35811; age 59, salary 10000 → 200 → 2400; 2027 age 60 retired → 100 × 12
    df = account.project_balance(10000, 59, 2, region="beijing", start_year=2026, interest_rate=0)
    assert col(df, "status") == ["in_service", "retired"]
    assert col(df, "credited") == [money(2400), money(1200)]


# --------------------------------------------------------------------------- interest


def test_interest_on_current_and_carried_parts():
    # 2024, salary 10000 → 2400 credited; opening 1000 carried.
    #   current: 2400 × 0.0035 × 78/144 = 4.55; carried: 1000 × 0.011 = 11.00 → 15.55; balance 3415.55
    # 2025: current 4.55; carried 3415.55 × 0.011 = 37.5711 → 42.1211 → 42.12; balance 3415.55 + 2400 + 42.12 = 5857.67
    df = account.project_balance(10000, 30, 2, start_year=2024, opening_balance=1000)
    assert col(df, "interest") == [money(15.55), money(42.12)]
    assert col(df, "balance") == [money(3415.55), money(5857.67)]
    assert_identity(df, 1000)


def test_interest_rounded_to_the_fen():
    # 1448.40 × 0.0035 × 78/144 = 2.745925 → 2.75 (not 2.745925): compared tighter than the fen on purpose,
    # since the unrounded value is within 0.01 of the rounded one
    df = account.project_balance(3000, 30, 1, start_year=2024)
    assert df["interest"].iloc[0] == pytest.approx(2.75, abs=1e-9)
    assert df["balance"].iloc[0] == pytest.approx(1451.15, abs=1e-9)


def test_interest_rate_override_applies_to_both_parts():
    # rate 2 %: 2400 × 0.02 × 78/144 = 26.00; 1000 × 0.02 = 20.00 → 46.00; balance 3446.00
    df = account.project_balance(10000, 30, 1, start_year=2024, opening_balance=1000, interest_rate=0.02)
    assert df["interest"].iloc[0] == money(46.00)
    assert df["balance"].iloc[0] == money(3446.00)


def test_no_interest_with_zero_rate():
    df = account.project_balance(10000, 30, 5, start_year=2024, opening_balance=1000, interest_rate=0)
    assert (df["interest"] == 0).all()
    assert df["balance"].iloc[-1] == money(1000 + 5 * 2400)


def test_opening_balance_alone_earns_the_carried_rate():
    # 断缴 year (gap_years): nothing credited, so only the carried 5000 earns interest: 5000 × 0.011 = 55.00
    df = account.project_balance(10000, 30, 1, start_year=2024, opening_balance=5000, gap_years=[2024])
    assert df["credited"].iloc[0] == 0
    assert df["interest"].iloc[0] == money(55.00)
    assert df["balance"].iloc[0] == money(5055.00)


# --------------------------------------------------------------------------- spending


@pytest.mark.parametrize(
    "spending, spent, unpaid, interest, balance",
    [
        # 2024, credited 2400, opening 1000 (rates 0.35 % × 78/144 on current, 1.10 % on carried)
        # 1000 from this year's credits: current left 1400 × 0.0035 × 78/144 = 2.6542; carried 1000 × 0.011 = 11
        #   → 13.6542 → 13.65; balance 1400 + 1000 + 13.65 = 2413.65
        #   (had the carried balance been used first, interest would be 2400 × … = 4.55 + 0 = 4.55)
        (1000, 1000, 0, 13.65, 2413.65),
        # 2400 uses exactly this year's credits: carried 1000 earns 11.00 → 1011.00
        (2400, 2400, 0, 11.00, 1011.00),
        # 3000: 2400 current + 600 carried; carried left 400 × 0.011 = 4.40 → 404.40
        (3000, 3000, 0, 4.40, 404.40),
        # 3400 empties the account exactly
        (3400, 3400, 0, 0, 0),
        # 5000 > 3400 available: 3400 spent, 1600 unpaid (paid in cash), balance 0, no interest
        (5000, 3400, 1600, 0, 0),
    ],
)
def test_spending(spending, spent, unpaid, interest, balance):
    df = account.project_balance(10000, 30, 1, start_year=2024, opening_balance=1000, annual_spending=spending)
    row = df.iloc[0]
    assert row["spent"] == money(spent)
    assert row["unpaid"] == money(unpaid)
    assert row["interest"] == money(interest)
    assert row["balance"] == money(balance)
    assert row["spent"] + row["unpaid"] == money(spending)


def test_spending_more_than_credits_every_year_keeps_balance_at_zero():
    # national 2024.., salary 3000 → 1448.40 in 2024, 1489.32 in 2025, 2026 floor 0.6 × 129441/12 = 6472.05
    #   → 129.441 → 129.44 → 1553.28; spending 2000/year: all credits spent, balance 0
    #   unpaid = 2000 − credits: 551.60, 510.68, 446.72
    df = account.project_balance(3000, 30, 3, start_year=2024, annual_spending=2000)
    assert col(df, "balance") == [0, 0, 0]
    assert col(df, "unpaid") == [money(551.60), money(510.68), money(446.72)]
    assert (df["balance"] >= 0).all()


def test_balance_never_resets_at_year_end():
    df = account.project_balance(10000, 30, 10, start_year=2024, interest_rate=0)
    assert df["balance"].is_monotonic_increasing
    assert df["balance"].iloc[-1] == money(10 * 2400)


# --------------------------------------------------------------------------- growth, gaps, vectors


def test_salary_growth():
    # growth 10 %: 10000, 11000, 12100 (all inside 2024–2026 ranges) → ×2 % → 200, 220, 242 /month
    df = account.project_balance(10000, 30, 3, start_year=2024, salary_growth=0.10, interest_rate=0)
    assert col(df, "credited") == [money(2400), money(2640), money(2904)]


def test_negative_salary_growth_stops_at_the_floor():
    # −20 %: 10000, 8000, 6400; 2026 floor 6472.05 → base 6472.05 × 2 % = 129.44 → 1553.28
    df = account.project_balance(10000, 30, 3, start_year=2024, salary_growth=-0.20, interest_rate=0)
    assert col(df, "credited") == [money(2400), money(1920), money(1553.28)]


def test_gap_year_credits_nothing_but_keeps_the_balance():
    # 断缴 in 2025: 2400, 0, 2400
    df = account.project_balance(10000, 30, 3, start_year=2024, interest_rate=0, gap_years=[2025])
    assert col(df, "credited") == [money(2400), 0, money(2400)]
    assert col(df, "balance") == [money(2400), money(2400), money(4800)]


def test_vector_input_equals_scalar_results():
    salaries = np.array([3000.0, 10000.0, 50000.0, 8000.0])
    ages = np.array([30, 45, 58, 70])
    spending = np.array([0.0, 1000.0, 20000.0, 300.0])
    opening = np.array([0.0, 500.0, 100.0, 2000.0])
    vec = account.project_balance(
        salaries, ages, 4, start_year=2023, annual_spending=spending, opening_balance=opening, salary_growth=0.03
    )
    assert list(vec.columns) == [
        "person",
        "year",
        "age",
        "status",
        "regime",
        "credited",
        "interest",
        "spent",
        "unpaid",
        "balance",
    ]
    assert len(vec) == 4 * 4
    for i in range(4):
        one = account.project_balance(
            float(salaries[i]),
            int(ages[i]),
            4,
            start_year=2023,
            annual_spending=float(spending[i]),
            opening_balance=float(opening[i]),
            salary_growth=0.03,
        )
        mine = vec[vec["person"] == i].drop(columns="person").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, one)
    assert_identity(vec, opening)
    # hand check of person 0, 2024 row (second year): salary 3000 × 1.03 = 3090 < floor 6034.90 → 1448.40
    assert vec[(vec.person == 0) & (vec.year == 2024)]["credited"].iloc[0] == money(1448.40)


def test_scalar_broadcasts_against_arrays_and_series():
    ages = pd.Series([30, 40, 50])
    df = account.project_balance(10000, ages, 1, start_year=2024, interest_rate=0)
    assert col(df, "person") == [0, 1, 2]
    assert col(df, "credited") == [money(2400)] * 3


def test_no_person_column_for_scalar_input():
    df = account.project_balance(10000, 30, 2, start_year=2024)
    assert list(df.columns) == ["year", "age", "status", "regime", "credited", "interest", "spent", "unpaid", "balance"]
    assert col(df, "year") == [2024, 2025] and col(df, "age") == [30, 31]


def test_default_start_year_is_the_newest_data_year():
    import yibao_helpers as yb

    df = account.project_balance(10000, 30, 1)
    assert df["year"].iloc[0] == yb.data_as_of().year


def test_years_up_to_age_100():
    # age 91 in start year: years 10 ends at age 100 (allowed)
    df = account.project_balance(10000, 91, 10, start_year=2024)
    assert df["age"].iloc[-1] == 100


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(monthly_salary=8000, age=25, years=40, start_year=2024, annual_spending=1500, opening_balance=300),
        dict(
            monthly_salary=np.array([4000, 60000]),
            age=np.array([55, 40]),
            years=8,
            start_year=2019,
            annual_spending=np.array([3000, 0]),
        ),
        dict(
            monthly_salary=12000,
            age=33,
            years=15,
            region="beijing",
            start_year=2022,
            regime="pre_2021",
            annual_spending=2500,
        ),
        dict(monthly_salary=9000, age=58, years=20, region="beijing", start_year=2026, annual_spending=900),
    ],
)
def test_balance_identity_every_row(kwargs):
    df = account.project_balance(**kwargs)
    assert_identity(df, kwargs.get("opening_balance", 0.0))
    assert (df[["credited", "interest", "spent", "unpaid", "balance"]] >= 0).all().all()
    n = len(people(df))
    spend = np.repeat(np.broadcast_to(np.atleast_1d(kwargs.get("annual_spending", 0.0)), (n,)), kwargs["years"])
    np.testing.assert_allclose(df["spent"] + df["unpaid"], spend, atol=FEN)


def test_sources_are_attached():
    df = account.project_balance(10000, 59, 2, start_year=2024)
    sources = df.attrs["sources"]
    assert "国办发〔2021〕14号" in set(sources["source"])
    assert {
        "account.post.individual_credit_rate",
        "wage.avg_annual_prev_year",
        "account.post.avg_pension_monthly",
    } <= set(sources["parameter"])
    assert "account.pre.employer_credit_rate" not in set(sources["parameter"])  # post regime only


def test_trace_year_matches_projection():
    trace = account_trace.trace_year(3000, 30, 2024)
    amounts = dict(zip(trace["步骤"], trace["金额（元）"]))
    assert amounts["缴费基数（月）"] == money(6034.90)
    assert amounts["每月划入"] == money(120.70)
    assert amounts["全年划入"] == money(1448.40)
    assert amounts["利息"] == money(2.75)
    assert amounts["年末余额"] == money(1451.15)
