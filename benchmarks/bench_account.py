"""Speed of project_balance on 1,000,000 person-years (25,000 people × 40 years).

Prints, measured in the same run (best of several repeats):
* project_balance (DataFrame result) ÷ one numpy pass over an array of the same size (target ≤ 5×)
* the array kernel alone (project_arrays, no DataFrame) ÷ the same numpy pass
* a per-person Python loop (project_balance called once per person) ÷ the vectorised call (target ≥ 100×)
The loop is timed on a sample of people and scaled, so the benchmark finishes in seconds.
"""

from __future__ import annotations

import numpy as np
from timing import best  # benchmarks/timing.py (scripts run from this folder)

from yibao_helpers.rules import account

PEOPLE, YEARS = 25_000, 40
LOOP_SAMPLE = 200


def main() -> None:
    rng = np.random.default_rng(20261125)
    salary = rng.uniform(3_000, 50_000, PEOPLE).round(0)
    age = rng.integers(20, 50, PEOPLE).astype(float)
    spending = rng.uniform(0, 3_000, PEOPLE).round(0)
    size = PEOPLE * YEARS
    flat = rng.uniform(0, 1, size)

    def vectorised():
        return account.project_balance(salary, age, YEARS, annual_spending=spending)

    df = vectorised()  # warm caches (data loaded and validated once per process)
    assert len(df) == size
    t_numpy = best(lambda: flat * 1.0001)
    t_vec = best(vectorised)

    def loop():
        for i in range(LOOP_SAMPLE):
            account.project_balance(float(salary[i]), float(age[i]), YEARS, annual_spending=float(spending[i]))

    t_loop = best(loop, repeat=2) * PEOPLE / LOOP_SAMPLE
    calendar = 2026 + np.arange(YEARS)
    policies = [account.policy_for_year("national", y) for y in calendar]
    t_kernel = best(
        lambda: account.project_arrays(salary, age, spending, np.zeros(PEOPLE), calendar, policies, retire_age=60.0)
    )
    print(f"project_balance on {PEOPLE:,} people × {YEARS} years = {size:,} person-years")
    print(f"  one numpy pass (x * c) over {size:,}: {t_numpy * 1e3:8.2f} ms")
    print(
        f"  project_balance, vectorised:        {t_vec * 1e3:8.2f} ms  -> {t_vec / t_numpy:6.1f}× a numpy pass (target ≤ 5×)"
    )
    print(
        f"  of which the array kernel:          {t_kernel * 1e3:8.2f} ms  -> {t_kernel / t_numpy:6.1f}× (the rest builds the DataFrame)"
    )
    print(
        f"  per-person Python loop (scaled):    {t_loop:8.2f} s   -> vectorised is {t_loop / t_vec:,.0f}× faster (target ≥ 100×)"
    )


if __name__ == "__main__":
    main()
