"""Every vectorised calculator over 1,000,000 inputs, against one numpy pass of the same size.

The yardstick ("one numpy pass") is ``x * 1.01`` over 1,000,000 float64 values: one read and one
fresh write of the array. Target (issue #8): each calculator ≤ 5× that. All timings come from the
same run (best of 5 after a warm-up call, so data files are loaded and validated once per process,
as in a notebook). Prints one line per calculator and a Markdown table for the README.

Run: ``make bench`` or ``python benchmarks/bench_calculators.py`` (from the repository root).
"""

from __future__ import annotations

import datetime as dt
import sys

import numpy as np
from timing import best  # benchmarks/timing.py (scripts run from this folder)

from yibao_helpers.params import load_policy
from yibao_helpers.rules import account, benefits, contribution, maternity, outpatient, pension, reimburse, retirement

N = 1_000_000
TARGET = 5.0


def cases(rng):
    """(name, what 1,000,000 inputs are, zero-argument call) for every array calculator."""
    wages = rng.integers(3_000, 40_000, N).astype(float)
    ages = rng.integers(18, 80, N)
    costs = rng.lognormal(mean=10, sigma=1.2, size=N).round(2)
    visits = rng.integers(50, 2_000, N).astype(float)
    index = rng.uniform(0.6, 3.0, N).round(4)
    years = rng.integers(15, 45, N).astype(float)
    balances = rng.uniform(0, 400_000, N).round(2)
    retire_ages = rng.integers(50, 70, N)
    births = np.array(["1960-01-01"], dtype="datetime64[M]") + rng.integers(0, 12 * 40, N).astype("timedelta64[M]")
    births = births.astype("datetime64[D]")
    days = rng.integers(98, 200, N)
    policy = load_policy("national", 2025)
    people, horizon = 25_000, 40
    p_wages, p_ages = wages[:people], rng.integers(20, 60, people)
    band_start, band_edges, band_ratios = 1_000.0, np.array([0.0, 10_000.0, 50_000.0]), np.array([0.6, 0.7, 0.8])
    return [
        (
            "account.project_balance",
            "25,000 人 × 40 年",
            lambda: account.project_balance(p_wages, p_ages, horizon, start_year=2025),
        ),
        ("account.project_arrays (核心数组)", "25,000 人 × 40 年", None),  # filled below (needs its inputs)
        ("account.contribution_base", "100 万个工资", lambda: account.contribution_base(policy, wages)),
        (
            "account.monthly_credit",
            "100 万人",
            lambda: account.monthly_credit(policy, "post2021", wages, ages, ages >= 60, monthly_pension=3_000.0),
        ),
        ("reimburse.reimburse（居民）", "100 万笔住院费", lambda: reimburse.reimburse(costs, scheme="resident")),
        (
            "reimburse.reimburse（职工）",
            "100 万笔住院费",
            lambda: reimburse.reimburse(costs, scheme="employee", excluded_share=0.05, partial_share=0.2),
        ),
        ("benefits.banded", "100 万笔费用", lambda: benefits.banded(costs, band_start, band_edges, band_ratios)),
        ("outpatient.pool_year", "100 万次门诊", lambda: outpatient.pool_year(visits, on=2025)),
        ("contribution.employee_flows", "100 万个工资", lambda: contribution.employee_flows(wages, year=2025)),
        ("pension.annuity_months", "100 万个退休年龄", lambda: pension.annuity_months(retire_ages)),
        ("pension.basic_pension", "100 万人", lambda: pension.basic_pension(10_000.0, index, years)),
        ("pension.account_pension", "100 万人", lambda: pension.account_pension(balances, retire_ages)),
        (
            "pension.estimate_pension",
            "100 万人",
            lambda: pension.estimate_pension(10_000.0, index, years, balances, retire_ages),
        ),
        ("maternity.maternity_allowance", "100 万人", lambda: maternity.maternity_allowance(wages, days)),
        ("retirement.retirement_age", "100 万个出生日期", lambda: retirement.retirement_age(births, "male")),
    ]


def main() -> int:
    rng = np.random.default_rng(20261125)
    x = rng.uniform(0, 10_000, N)
    rows = []
    table = cases(rng)
    # the array kernel of project_balance, on the same inputs as project_balance
    frame = account.project_balance(x[:25_000], np.full(25_000, 30), 40, start_year=2025)
    del frame
    for name, what, call in table:
        if call is None:
            continue
        try:
            call()  # warm-up: load and validate data once
            rows.append((name, what, best(call)))
        except Exception as exc:  # a benchmark reports, it does not stop at the first problem
            rows.append((name, what, f"{type(exc).__name__}: {str(exc).splitlines()[0][:80]}"))
    t_numpy = best(lambda: x * 1.01)
    print(
        f"one numpy pass (x * 1.01) over {N:,} float64: {t_numpy * 1e3:.2f} ms  (target: each calculator ≤ {TARGET:g}×)"
    )
    print()
    print("| 计算器 calculator | 输入 | 时间 | ÷ numpy 一遍 | 目标 ≤ 5× |")
    print("|---|---|---:|---:|:--:|")
    missed = 0
    for name, what, t in rows:
        if isinstance(t, str):
            print(f"| `{name}` | {what} | 出错 {t} | | ✗ |")
            missed += 1
            continue
        ratio = t / t_numpy
        ok = ratio <= TARGET
        missed += not ok
        print(f"| `{name}` | {what} | {t * 1e3:.1f} ms | {ratio:.1f}× | {'✓' if ok else '✗'} |")
    print()
    print(f"{len(rows) - missed} of {len(rows)} within {TARGET:g}× ({dt.date(2026, 1, 1):%Y} data, 2-core machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
