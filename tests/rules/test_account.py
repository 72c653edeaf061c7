"""project_balance: every expected number is computed by hand from the rules in data/, arithmetic in comments.

Rules used (data/account.csv, contribution.csv, wages.csv, retirement.csv):
* base = monthly salary clamped to [floor, ceiling]; national floor/ceiling = 0.6 / 3.0 (contribution.csv lines 59-60,
  国办发〔2019〕13号, from 2019-05-01; before that the example city's 0.6 / 3, lines 79-80) × the 全口径 average wage
  wage.avg_annual_all_units_prev_year / 12 (M1). National statistics publish no 全口径 wage, so national borrows the
  example city's illustrative (non-private + private) / 2 (wages.csv lines 41-52: 2024-07.. 94519, 2025-07.. 96793,
  2026-07.. 100516). beijing and shanghai publish absolute floors/ceilings (contribution.csv lines 8-25, 71-72, 77-78).
* after the reform (国办发〔2021〕14号): in-service credit = base × individual 2 % (account.csv line 6); retiree credit =
  2 % (line 7) × average pension (example city, illustrative 3000 元/月, line 8) or beijing's fixed 100 (<70) /
  110 (≥70) 元/月 (lines 16-17, illustrative).
* before the reform (国发〔1998〕44号): credit = base × (individual 2 % + employer share by age band);
  national 1.8 % (6 % × 30 %, example city line 4); beijing 0.8 % (<35), 1 % (35–<45), 2 % (≥45) (lines 11-13);
  retirees a rate of last year's average monthly (non-private) wage wage.avg_annual_prev_year (beijing 4.3 % <70,
  4.8 % ≥70, lines 14-15).
* regime by 1 July of the year vs account.reform_date: 2021-04-13 for national and beijing (the example city's
  illustrative date, account.csv line 2), 2023-01-01 for 江西 (line 18).
* retirement (M3): a person aged a in the start year is taken as born 1 July of (start year − a) and retires at the
  statutory age of the 2024 reform (retirement.csv lines 2-11): men 60 → 63, one month later per 4 birth months from
  1965-01, i.e. delay = min(ceil((k + 1) / 4), 36) months for a birth k months after 1965-01. The projection counts
  whole years of age, so a year is "retired" when age ≥ that age.
* interest (国发〔1998〕44号; PBOC rates since 2015-10-24): this year's credits left at year end × 0.35 % × 78/144
  (credits posted at the start of each month are held Σ(13−m)/144 = 78/144 of a year on average) + carried
  balance left × 1.10 %; rounded to the fen. Monthly credits are rounded to the fen.
* spending: from this year's credits first, then the carried balance; the rest is `unpaid`.
"""

import shutil

import numpy as np
import pandas as pd
import pytest

from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.params import load_policy, store
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


# national 2024 (rows in force on 2024-07-01): ratios 0.6 / 3.0 (contribution.csv lines 59-60) × the 全口径 wage,
# borrowed from the example city: wages.csv line 50, 94519 (M1: not the non-private 120698 of line 11)
#   average month = 94519 / 12 = 7876.5833; floor = 0.6 × 7876.5833 = 4725.95; ceiling = 3.0 × … = 23629.75
@pytest.mark.parametrize(
    "salary, base",
    [
        (3000, 4725.95),  # below the floor → floor
        (4725.95, 4725.95),  # exactly at the floor
        (10000, 10000.0),  # inside
        (23629.75, 23629.75),  # exactly at the ceiling
        (50000, 23629.75),  # above the ceiling → ceiling
        (0, 4725.95),  # no salary still pays on the floor
    ],
)
def test_contribution_base_national_2024(salary, base):
    pol = account.policy_for_year("national", 2024)
    assert account.base_limits(pol) == (money(4725.95), money(23629.75))
    assert float(account.contribution_base(pol, salary)) == money(base)


@pytest.mark.parametrize(
    "salary, monthly, interest",
    [
        # credit = base × 2 % (国办发〔2021〕14号, account.csv line 6), rounded to the fen each month
        # 4725.95 × 0.02 = 94.519 → 94.52 /month → 1134.24 /year; interest 1134.24 × 0.0035 × 78/144 = 2.1503 → 2.15
        (3000, 94.52, 2.15),
        # 10000 × 0.02 = 200 → 2400; interest 2400 × 0.0035 × 78/144 = 4.55
        (10000, 200.00, 4.55),
        # 23629.75 × 0.02 = 472.595 → 472.60 → 5671.20; interest 5671.20 × 0.0035 × 78/144 = 10.7517 → 10.75
        (50000, 472.60, 10.75),
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
    # salary 3000 is below every floor: 2024 floor 4725.95 (全口径 wage 94519, wages.csv line 50) → 1134.24;
    # 2025 floor 0.6 × 96793/12 (wages.csv line 51) = 4839.65 → 96.793 → 96.79 → 1161.48 /year.
    # interest_rate=0 isolates the credits.
    df = account.project_balance(3000, 30, 2, start_year=2024, interest_rate=0)
    assert col(df, "credited") == [money(1134.24), money(1161.48)]
    assert col(df, "balance") == [money(1134.24), money(1134.24 + 1161.48)]


def test_regime_switches_in_2021():
    # 2020-07-01 < 2021-04-13 (account.reform_date, account.csv line 2) → pre; 2021-07-01 → post.
    # 2020: 全口径 wage 72052 (wages.csv line 46) → floor 0.6 × 6004.33 = 3602.60, salary 5000 inside:
    #       pre credit 5000 × (2 % + 1.8 %) = 190 → 2280 /year (国发〔1998〕44号: 6 % × 30 % = 1.8 %, lines 3-4)
    # 2021: 全口径 wage 77553 (line 47) → floor 3877.65, salary 5000 inside: post credit 5000 × 2 % = 100 → 1200
    df = account.project_balance(5000, 40, 2, start_year=2020, interest_rate=0)
    assert col(df, "regime") == ["pre_2021", "post_2021"]
    assert col(df, "credited") == [money(2280), money(1200)]
    assert col(df, "balance") == [money(2280), money(3480)]


def test_national_before_2021_with_interest():
    # 2016: 全口径 wage 50809 (wages.csv line 42) × the example city's pre-2019 0.6 / 3 (contribution.csv lines 79-80)
    #   → floor 0.6 × 4234.08 = 2540.45, ceiling 12702.25; salary 5000 inside
    #   credit 5000 × 3.8 % = 190 → 2280; interest 2280 × 0.0035 × 78/144 = 4.3225 → 4.32; balance 2284.32
    # 2017: credit 2280 again (floor 0.6 × 55201/12 = 2760.05, line 43); interest 4.3225 + 2284.32 × 0.011 (= 25.1275) = 29.4500 → 29.45
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
    # 《北京市基本医疗保险规定》: retiree <70 4.3 %, ≥70 4.8 % of last year's average monthly wage (account.csv
    # lines 14-15); beijing has no wage.avg_annual_prev_year rows → national (wages.csv lines 11-12):
    #   2024 120698/12 = 10058.17 × 0.043 = 432.50 → 5190.00; 2025 124110/12 = 10342.50 × 0.048 = 496.44 → 5957.28
    # (age 69 in 2024: born 1955, statutory age 60 — before the 2024 reform — so retired)
    df = account.project_balance(10000, 69, 2, region="beijing", start_year=2024, regime="pre_2021", interest_rate=0)
    assert col(df, "status") == ["retired", "retired"]
    assert col(df, "credited") == [money(5190.00), money(5957.28)]


def test_region_gap_in_base_is_an_error_not_a_national_fallback(tmp_path):
    # Rewritten for the re-sourced data: shanghai's 2025-07..2026-06 bases now exist (contribution.csv lines 71-72),
    # so the real data have no gap. The rule is pinned on a copy of data/ without those two lines: shanghai then has
    # absolute bases for 2024-07..2025-06 (lines 22-23) and from 2026-07 (lines 24-25) but none on 2025-07-01,
    # a gap *between* its rows, which must raise rather than use 0.6 × shanghai's 全口径 wage (lines 73, 33).
    data = tmp_path / "data"
    shutil.copytree(store.DATA_DIR, data)
    path = data / "contribution.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[70].startswith("shanghai,employee.base_floor,,,,2025-07-01,2026-06-30,7460,")
    assert lines[71].startswith("shanghai,employee.base_ceiling,,,,2025-07-01,2026-06-30,37302,")
    path.write_text("".join(lines[:70] + lines[72:]), encoding="utf-8")
    with pytest.raises(YibaoInputError) as err:
        account.base_limits(load_policy("shanghai", "2025-07-01", data_dir=str(data)))
    assert "employee.base_floor" in str(err.value) and "2025" in str(err.value)
    # the real data: 2025 floor 7460 (line 71) → salary 5000 → 7460 × 2 % = 149.20 → 1790.40;
    # 2026 floor 7546 (line 24) → 7546 × 2 % = 150.92 → 1811.04
    ok = account.project_balance(5000, 30, 2, region="shanghai", start_year=2025, interest_rate=0)
    assert col(ok, "credited") == [money(1790.40), money(1811.04)]


# --------------------------------------------------------------------------- retirement


def test_national_retirement_transition():
    # Rewritten for M3 (account.default_retire_age is gone): the default retire age is the statutory age of the
    # 2024 reform. Age 59 in 2024 → born 1965-07-01, k = 6 months after 1965-01 → delay ceil(7/4) = 2 months
    # (retirement.csv lines 2, 5, 6, 9) → 60 years 2 months. Whole-year ages: 59 and 60 in service, 61 retired.
    # 2024, 2025 in service: 10000 × 2 % = 200 → 2400 (inside the floors 4725.95 / 4839.65)
    # 2026 retired: 2 % × 3000 (account.csv lines 7-8, avg_pension_monthly illustrative) = 60 /month → 720 /year
    df = account.project_balance(10000, 59, 3, start_year=2024, interest_rate=0)
    assert col(df, "status") == ["in_service", "in_service", "retired"]
    assert col(df, "credited") == [money(2400), money(2400), money(720)]
    assert col(df, "balance") == [money(2400), money(4800), money(5520)]


@pytest.mark.parametrize(
    "ages, group, expected",
    [
        # born 1 July of (2024 − age); retirement.csv lines 2-4 (old ages), 6-8 (targets), 9-11 (months per step)
        ([59], "male", [60 + 2 / 12]),  # 1965-07: k = 6 → ceil(7/4) = 2 months
        ([30], "male", [63.0]),  # 1994-07: after 1976-09 → the full 36 months
        ([64], "male", [60.0]),  # 1960-07: retired at 60 in 2020, before the reform
        ([49], "female_worker", [50 + 4 / 12]),  # 1975-07: k = 6 → ceil(7/2) = 4 months
        # women cadres 55 → 58 from 1970-01: 1975-07 is k = 66 → ceil(67/4) = 17 months; 1994-07 → the full 36
        ([49, 30], "female_cadre", [55 + 17 / 12, 58.0]),
    ],
)
def test_statutory_retire_age(ages, group, expected):
    np.testing.assert_allclose(account.statutory_retire_age(ages, 2024, group), expected, atol=1e-12)


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
    # 2026-07 beijing floor 7270 – ceiling 36348 (contribution.csv lines 77-78); age 59 in 2026 → born 1967-07,
    # k = 30 months after 1965-01 → delay ceil(31/4) = 8 months → statutory 60 years 8 months (retirement.csv
    # lines 2, 6, 9). Salary 10000 → 200 → 2400 at ages 59 and 60; 2028 age 61 retired → beijing's fixed
    # 100 元/月 (account.csv line 16) × 12 = 1200
    df = account.project_balance(10000, 59, 3, region="beijing", start_year=2026, interest_rate=0)
    assert col(df, "status") == ["in_service", "in_service", "retired"]
    assert col(df, "credited") == [money(2400), money(2400), money(1200)]


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
    # 1134.24 × 0.0035 × 78/144 = 2.150330 → 2.15 (not 2.150330): compared tighter than the fen on purpose,
    # since the unrounded value is within 0.01 of the rounded one (credit 1134.24: see the 2024 floor above)
    df = account.project_balance(3000, 30, 1, start_year=2024)
    assert df["interest"].iloc[0] == pytest.approx(2.15, abs=1e-9)
    assert df["balance"].iloc[0] == pytest.approx(1136.39, abs=1e-9)


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
    # national 2024.., salary 3000 → 1134.24 in 2024, 1161.48 in 2025, 2026 floor 0.6 × 100516/12 (wages.csv
    #   line 52) = 5025.80 → 100.516 → 100.52 → 1206.24; spending 2000/year: all credits spent, balance 0
    #   unpaid = 2000 − credits: 865.76, 838.52, 793.76
    df = account.project_balance(3000, 30, 3, start_year=2024, annual_spending=2000)
    assert col(df, "balance") == [0, 0, 0]
    assert col(df, "unpaid") == [money(865.76), money(838.52), money(793.76)]
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
    # −50 % (−20 % no longer reaches the lower 全口径 floors): 10000, 5000, 2500; 2025 floor 4839.65 < 5000 →
    # 100 → 1200; 2026 floor 5025.80 (wages.csv line 52) > 2500 → base 5025.80 × 2 % = 100.516 → 100.52 → 1206.24
    df = account.project_balance(10000, 30, 3, start_year=2024, salary_growth=-0.50, interest_rate=0)
    assert col(df, "credited") == [money(2400), money(1200), money(1206.24)]


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
    # hand check of person 0, 2024 row (second year): salary 3000 × 1.03 = 3090 < floor 4725.95 → 1134.24
    assert vec[(vec.person == 0) & (vec.year == 2024)]["credited"].iloc[0] == money(1134.24)


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
    # age 59 in 2024 works 2024-2025 and is retired in 2026 (statutory 60 years 2 months, see above)
    df = account.project_balance(10000, 59, 3, start_year=2024)
    sources = df.attrs["sources"]
    # account.csv lines 6-7: the post-reform rates cite 国办发〔2021〕14号 (with where they were read)
    assert any(s.startswith("国办发〔2021〕14号") for s in sources["source"])
    assert {
        "account.post.individual_credit_rate",
        account.BASE_WAGE,  # M1: the limits' wage is the 全口径 one (wages.csv lines 50-52)
        "account.post.avg_pension_monthly",
    } <= set(sources["parameter"])
    assert account.BASE_WAGE == "wage.avg_annual_all_units_prev_year"
    assert "wage.avg_annual_prev_year" not in set(sources["parameter"])  # the non-private wage is not used
    assert "account.pre.employer_credit_rate" not in set(sources["parameter"])  # post regime only


def test_trace_year_matches_projection():
    # the 2024 national floor 4725.95 (above): 94.52 a month, 1134.24 a year, interest 2.15
    trace = account_trace.trace_year(3000, 30, 2024)
    amounts = dict(zip(trace["步骤"], trace["金额（元）"]))
    assert amounts["缴费基数（月）"] == money(4725.95)
    assert amounts["每月划入"] == money(94.52)
    assert amounts["全年划入"] == money(1134.24)
    assert amounts["利息"] == money(2.15)
    assert amounts["年末余额"] == money(1136.39)
