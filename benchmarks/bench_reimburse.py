"""Speed of reimburse on 1,000,000 costs (a curve of bills), against one numpy pass of the same size.

Prints, measured in the same run (best of 5 each):
* one numpy pass ``x * 1.01`` over 1,000,000 floats (the yardstick; target: reimburse ≤ 5× it)
* reimburse(costs, scheme="resident") — national tables, 大病保险 on — and a heavier case
  (乌兰察布: four cost bands, 目录外 and 乙类 shares, 大病保险)
* for context, the two floors the engine cannot go below in numpy: checking and rounding the
  input (as_array + rounding to the fen), and allocating as many fresh result arrays as the
  result holds (first-touch page faults)
* a per-bill Python loop (reimburse called once per cost; timed on a sample and scaled)
"""

from __future__ import annotations

import numpy as np
from timing import best  # benchmarks/timing.py (scripts run from this folder)

from yibao_helpers.core import checks
from yibao_helpers.rules.reimburse import RESULT_FIELDS, reimburse

N = 1_000_000
LOOP_SAMPLE = 300


def fresh_arrays(x: np.ndarray, k: int) -> list:
    """k new arrays the size of x, each written once (what a result with k array fields must pay)."""
    return [x * 1.0 for _ in range(k)]


def result_arrays(result) -> int:
    """How many distinct full-size arrays a result holds (zero fields are broadcast views of one number)."""
    roots = {}
    for name in RESULT_FIELDS:
        a = getattr(result, name)
        while a.base is not None:
            a = a.base
        if a.size == N:
            roots[id(a)] = a
    return len(roots)


def main() -> None:
    rng = np.random.default_rng(20261125)
    costs = rng.lognormal(mean=10, sigma=1.2, size=N).round(2)  # median ≈ 22,000 元, long tail
    typical = dict(scheme="resident")
    heavy = dict(scheme="resident", region="wulanchabu", excluded_share=0.1, partial_share=0.2)

    result = reimburse(costs, **typical)  # warm caches (data loaded and validated once per process)
    assert np.allclose(result.fund_pays + result.out_of_pocket, result.cost, atol=0.005)
    arrays = result_arrays(result)

    t_numpy = best(lambda: costs * 1.01)
    t_typical = best(lambda: reimburse(costs, **typical))
    t_heavy = best(lambda: reimburse(costs, **heavy))
    t_inputs = best(lambda: np.round(checks.as_array("cost", costs, lo=0, hi=checks.MONEY_MAX), 2))
    t_fresh = best(lambda: fresh_arrays(costs, arrays))
    sample = costs[:LOOP_SAMPLE]
    t_loop = best(lambda: [reimburse(float(c), **typical) for c in sample], repeat=2) * N / LOOP_SAMPLE

    print(f"reimburse on {N:,} costs (best of 5)")
    print(f"  one numpy pass (x * 1.01):               {t_numpy * 1e3:8.2f} ms")
    print(
        f"  reimburse, resident, national:           {t_typical * 1e3:8.2f} ms  -> {t_typical / t_numpy:6.1f}× "
        f"a numpy pass (target ≤ 5×)"
    )
    print(f"  reimburse, 乌兰察布 bands + shares:        {t_heavy * 1e3:8.2f} ms  -> {t_heavy / t_numpy:6.1f}×")
    print(f"  floor 1: check + round the input:        {t_inputs * 1e3:8.2f} ms  -> {t_inputs / t_numpy:6.1f}×")
    print(f"  floor 2: {arrays} fresh result arrays:          {t_fresh * 1e3:8.2f} ms  -> {t_fresh / t_numpy:6.1f}×")
    print(
        f"  per-bill Python loop (scaled):           {t_loop:8.2f} s   -> vectorised is "
        f"{t_loop / t_typical:,.0f}× faster"
    )
    print(f"  per bill: {t_typical / N * 1e9:.1f} ns vectorised, {t_loop / N * 1e6:.0f} µs in a loop")


if __name__ == "__main__":
    main()
