"""Every vectorised calculator over 1,000,000 inputs, against one numpy pass and against its memory-traffic floor.

The yardstick ("one numpy pass") is ``x * 1.01`` over 1,000,000 float64 values: one read and one
fresh write of the array. Target (issue #8): each calculator ≤ 5× that. All timings come from the
same run (best of 5 after a warm-up call, so data files are loaded and validated once per process,
as in a notebook). Prints one line per calculator and a Markdown table for the README.

The floor (issue #16, deliverable 5): the time to write the calculator's output columns once at this
machine's copy bandwidth, measured in the same run (best of 10 ``np.copyto`` of a 128 MB float64 array
into an already-touched one, four times the 32 MB L3 cache). Bandwidth here means **bytes written per
second while copying** (the array's size ÷ the copy time; the read + write figure, twice that, is
printed too), so ``floor = output bytes ÷ written bandwidth`` = the time to copy the outputs. Why:
every output column is computed from something the calculator has to read, so one read + one write
per output byte — what ``x * 1.01`` does — is the cheapest pass it can honestly be held to; pricing
output bytes at the read + write rate would assume outputs appear without reading anything.
Output bytes are the memory of every array in the result (numpy arrays; tuples, lists, dicts and
dataclasses of them; pandas DataFrame/Series columns and non-range indexes), each buffer counted once
(aliases such as ``medfee_sumamt is cost`` and broadcast scalars take their real memory, not
``.nbytes``) and buffers of the inputs left out (passed through, not written). Target: ≤ 2× the
floor; the calculators that miss it are listed after the table with the reason in ``WHY`` (from the
calculator's code; "(no explanation recorded)" when a miss has none).

Run: ``make bench`` or ``python benchmarks/bench_calculators.py`` (from the repository root);
``--json`` prints a list of ``{"name", "ms", "numpy_ratio", "floor_ms", "floor_ratio"}`` instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys

import numpy as np
import pandas as pd
from numpy.lib.array_utils import byte_bounds
from timing import best  # benchmarks/timing.py (scripts run from this folder)

from yibao_helpers.params import load_policy
from yibao_helpers.rules import (
    account,
    benefits,
    contribution,
    maternity,
    outpatient,
    pension,
    pension_province,
    reimburse,
    retirement,
)

N = 1_000_000
TARGET = 5.0
FLOOR_TARGET = 2.0
COPY_N = 16 * 1024 * 1024  # float64: 128 MB per array, well beyond the 32 MB L3 cache of this machine
COPY_REPEAT = 10

# Why a calculator misses 2× its floor: one line each, from its code in yibao_helpers/rules/. Printed only for
# the calculators that miss in this run, so the list follows the numbers (a miss without a line says so).
# "ops" are whole-array numpy operations over the 1,000,000 inputs, each at least one read and one write;
# fen = np.round(x, 2) costs about two of them, a gather (table[idx]) two, a cumsum five or more.
WHY = {
    "account.project_arrays (核心数组)": (
        "the loop of project_balance without its checks and DataFrame: 40 years × ~20 ops over 25,000 people, "
        "each year's 5 results written as strided columns of people × years arrays (a cache miss per value)"
    ),
    "account.project_balance": (
        "a Python loop over 40 years, each ~20 ops over 25,000 people (clip, credit, np.where, 4 fen) and 5 "
        "strided column writes into people × years arrays; then 10 DataFrame columns from ravel/broadcast copies"
    ),
    "account.contribution_base": "checks.as_array reads the salaries twice (min, max) before np.clip's one pass",
    "account.monthly_credit": (
        "~10 ops for 1 output: the benchmark's ages >= 60, three checked inputs (min/max each, int ages → float "
        "copy), base × rate, retired.any(), np.where over the mask, then fen"
    ),
    "reimburse.reimburse（居民）": (
        "~35 ops for 6 distinct output arrays: the cost copied and rounded in place (3), clip, two banded sums "
        "(统筹, 大病: 4 ops a band and a scratch array), inscp − hifp, a .copy() and 5 more fen_inplace (3 ops each)"
    ),
    "reimburse.reimburse（职工）": (
        "~55 ops for 10 distinct arrays: as 居民 plus the excluded and 乙类 parts (x × share, rounded, "
        "subtracted) and the 大额 step's banded_inverse (np.interp, np.where, clip, × ratio)"
    ),
    "benefits.banded": (
        "~13 ops for 1 output: min/max checks, then per band subtract, clip, multiply, add (3 bands, a scratch array)"
    ),
    "outpatient.pool_year": (
        "3 sequential cumsums (running cost, uncapped fund, fund_ytd), diff ×2, maximum, minimum, 6 fen, then "
        "pandas copies each column into the DataFrame and limit_left is one more Series op + fen"
    ),
    "contribution.employee_flows": (
        "~40 ops: clip base, 3 products + fen, monthly_credit on a fresh bool array, 12 × 5 flows, 6 sums + fen, "
        "then the DataFrame copies 8 float columns and fills a 1M-row str column from one label"
    ),
    "pension.annuity_months": (
        "~15 ops for 1 output: int ages → float copy + min/max, ×12, round, astype, range check, int64 divmod "
        "and by_age's min/max, subtract, two gathers (table[lut[age − lo]]) and a negative-index check"
    ),
    "pension_province.province_pension（广东）": (
        "~120 ops for 6 parts and 7 detail columns: every variant of the formula is evaluated for everybody (two "
        "bases, a coefficient, rounded years, the new and old transitional methods, the phase-in by retirement "
        "year, nine extras), each part rounded (3 ops), then a DataFrame of 13 columns"
    ),
    "pension.basic_pension": "~9 ops for 1 output: min/max of index and years, 4 arithmetic temporaries, fen",
    "pension.account_pension": (
        "all of annuity_months (~15 ops) for the divisor, then balance min/max, one division and fen"
    ),
    "pension.estimate_pension": (
        "basic_pension + annuity_months + transitional_pension (~35 ops), _total_months again and np.unique (a "
        "sort of 1M months) to cite the table rows, then the DataFrame copies its 5 columns"
    ),
    "maternity.maternity_allowance": (
        "~9 ops for 1 output: min/max of wage and days (int days → float copy), wage × months ÷ days, × days, fen"
    ),
    "retirement.retirement_age": (
        "~20 int64/datetime64 ops for 2 outputs: datetime64 → days → months → int64 casts, NaT and year checks, "
        "day of month, 3 group-parameter gathers, the delay (÷, ceil, astype, np.where, minimum) and divmod"
    ),
}


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
    # project_arrays on the checked inputs project_balance hands it: floats, one policy per calendar year, and
    # the statutory retirement age of each person (as project_balance computes it)
    calendar = np.arange(2025, 2025 + horizon)
    year_policies = [account.policy_for_year("national", int(y)) for y in calendar]
    a_salary, a_ages, a_zero = p_wages.astype(float), p_ages.astype(float), np.zeros(people)
    a_retire = account.statutory_retire_age(a_ages, 2025, "male")
    # one province's rules for 1,000,000 retirees of 2021–2026 (72 retirement months: the phase-in varies by year)
    province_people = {
        "base_number": 9307.0,
        "avg_index": index,
        "total_years": years,
        "sight_years": rng.uniform(0, 10, N).round(2),
        "personal_account": balances,
        "months": 139.0,
        "retire_year": rng.integers(2021, 2027, N),
        "retire_month": rng.integers(1, 13, N),
        "xuzhang": rng.uniform(0, 20_000, N).round(2),
    }
    return [
        (
            "account.project_balance",
            "25,000 人 × 40 年",
            lambda: account.project_balance(p_wages, p_ages, horizon, start_year=2025),
        ),
        (
            "account.project_arrays (核心数组)",
            "25,000 人 × 40 年",
            lambda: account.project_arrays(
                a_salary, a_ages, a_zero, a_zero, calendar, year_policies, retire_age=a_retire
            ),
        ),
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
        (
            "pension_province.province_pension（广东）",
            "100 万人",
            lambda: pension_province.province_pension("guangdong", province_people),
        ),
        ("maternity.maternity_allowance", "100 万人", lambda: maternity.maternity_allowance(wages, days)),
        ("retirement.retirement_age", "100 万个出生日期", lambda: retirement.retirement_age(births, "male")),
    ]


def copy_bandwidth() -> float:
    """Bytes written per second by ``np.copyto`` of COPY_N float64 into an already-touched array (best of
    COPY_REPEAT): the written bandwidth of the floor; the read + write bandwidth is twice this."""
    src = np.ones(COPY_N)
    dst = np.zeros(COPY_N)  # touched below, so the timed copies pay no page faults
    np.copyto(dst, src)
    return dst.nbytes / best(lambda: np.copyto(dst, src), repeat=COPY_REPEAT)


def _arrays(value, seen: dict):
    """Every numpy array in ``value`` (arrays; tuples, lists, dicts, dataclasses of them; pandas columns), or
    ``(None, nbytes)`` for a pandas column that holds no numpy buffer to look at."""
    if id(value) in seen or value is None or isinstance(value, (str, bytes, int, float, complex, dt.date)):
        return
    seen[id(value)] = value  # kept alive: a temporary column's id must not be reused by the next one
    if isinstance(value, np.ndarray):
        yield value, value.nbytes
    elif isinstance(value, pd.DataFrame):
        for _name, column in value.items():
            yield from _arrays(column, seen)
        if not isinstance(value.index, pd.RangeIndex):
            yield from _arrays(value.index, seen)
    elif isinstance(value, (pd.Series, pd.Index)):
        data = value.array
        if isinstance(data, pd.Categorical):
            yield data.codes, data.codes.nbytes
        elif isinstance(value.dtype, np.dtype):
            column = value.to_numpy(copy=False)
            yield column, column.nbytes
        else:  # extension arrays (e.g. python strings): their own count of the bytes they hold
            yield None, int(data.nbytes)
        if isinstance(value, pd.Series) and not isinstance(value.index, pd.RangeIndex):
            yield from _arrays(value.index, seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _arrays(item, seen)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _arrays(item, seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _arrays(getattr(value, field.name), seen)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Byte ranges with overlapping ones joined."""
    out: list[list[int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def output_bytes(result, inputs=()) -> int:
    """Bytes of memory the result's arrays occupy, each buffer once, leaving out the buffers of ``inputs``.

    A broadcast (stride-0) view counts the few bytes it really holds, an alias of another output counts
    once, and an output that lies in an input's memory is not counted: it was not written.
    """
    taken = _merged([byte_bounds(a) for a, _ in _arrays(inputs, {}) if a is not None and a.size])
    spans, loose = [], 0
    for arr, nbytes in _arrays(result, {}):
        if arr is None:
            loose += nbytes
        elif arr.size:
            lo, hi = byte_bounds(arr)
            if not any(lo < t_hi and t_lo < hi for t_lo, t_hi in taken):
                spans.append((lo, lo + min(hi - lo, nbytes)))  # a stride-0 view holds less than .nbytes
    return loose + sum(hi - lo for lo, hi in _merged(spans))


def _inputs_of(call) -> list:
    """The arrays a benchmark's lambda closes over (its inputs)."""
    return [cell.cell_contents for cell in call.__closure__ or ()]


def main(argv=None) -> int:
    as_json = "--json" in (sys.argv[1:] if argv is None else argv)
    rng = np.random.default_rng(20261125)
    x = rng.uniform(0, 10_000, N)
    rows = []
    bandwidth_before = copy_bandwidth()  # measured before and after the calculators, the better one kept
    table = cases(rng)
    # the array kernel of project_balance, on the same inputs as project_balance
    frame = account.project_balance(x[:25_000], np.full(25_000, 30), 40, start_year=2025)
    del frame
    for name, what, call in table:
        if call is None:
            continue
        try:
            result = call()  # warm-up: load and validate data once; its result gives the output bytes
            nbytes = output_bytes(result, _inputs_of(call))
            del result
            rows.append((name, what, best(call), nbytes))
        except Exception as exc:  # a benchmark reports, it does not stop at the first problem
            rows.append((name, what, f"{type(exc).__name__}: {str(exc).splitlines()[0][:80]}", 0))
    t_numpy = best(lambda: x * 1.01)
    bandwidth = max(bandwidth_before, copy_bandwidth())  # bytes written per second (less disturbed of the two)
    numpy_floor = column_floor = x.nbytes / bandwidth  # one 1M-float64 column copied at the measured bandwidth

    if as_json:
        out = []
        for name, _what, t, nbytes in rows:
            floor = nbytes / bandwidth
            if isinstance(t, str):
                out.append(
                    {
                        "name": name,
                        "ms": None,
                        "numpy_ratio": None,
                        "floor_ms": round(floor * 1e3, 3),
                        "floor_ratio": None,
                        "error": t,
                    }
                )
            else:
                out.append(
                    {
                        "name": name,
                        "ms": round(t * 1e3, 3),
                        "numpy_ratio": round(t / t_numpy, 2),
                        "floor_ms": round(floor * 1e3, 3),
                        "floor_ratio": round(t / floor, 2) if floor else None,
                    }
                )
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0

    print(
        f"one numpy pass (x * 1.01) over {N:,} float64: {t_numpy * 1e3:.2f} ms  (target: each calculator ≤ {TARGET:g}×)"
    )
    print(
        f"copy bandwidth (np.copyto, {COPY_N * 8 / 2**20:.0f} MB float64, best of {COPY_REPEAT} before and after): "
        f"{bandwidth / 1e9:.1f} GB/s written ({2 * bandwidth / 1e9:.1f} GB/s read + written); "
        f"floor = output bytes ÷ {bandwidth / 1e9:.1f} GB/s  (target: each calculator ≤ {FLOOR_TARGET:g}× its floor)"
    )
    print(
        f"for scale: the numpy pass writes {x.nbytes / 1e6:.0f} MB, floor {numpy_floor * 1e3:.2f} ms, "
        f"so it runs at {t_numpy / numpy_floor:.1f}× its own floor"
        + (
            f" — below 1×: {x.nbytes / 2**20:.0f} MB in and out stay in the 32 MB L3 cache, so for outputs "
            "that fit in cache this DRAM floor is generous, not a bound"
            if t_numpy < numpy_floor
            else ""
        )
    )
    print()
    print(
        "| 计算器 calculator | 输入 | 时间 | ÷ numpy 一遍 | 目标 ≤ 5× | 输出 output | 下限 floor | ÷ 下限 | 目标 ≤ 2× |"
    )
    print("|---|---|---:|---:|:--:|---:|---:|---:|:--:|")
    missed = missed_floor = 0
    misses = []
    for name, what, t, nbytes in rows:
        if isinstance(t, str):
            print(f"| `{name}` | {what} | 出错 {t} | | ✗ | | | | ✗ |")
            missed += 1
            missed_floor += 1
            misses.append((name, None))
            continue
        ratio = t / t_numpy
        ok = ratio <= TARGET
        missed += not ok
        floor = nbytes / bandwidth
        floor_ratio = t / floor if floor else float("inf")
        floor_ok = floor_ratio <= FLOOR_TARGET
        missed_floor += not floor_ok
        if not floor_ok:
            misses.append((name, (t - floor) / column_floor))
        print(
            f"| `{name}` | {what} | {t * 1e3:.1f} ms | {ratio:.1f}× | {'✓' if ok else '✗'} "
            f"| {nbytes / 1e6:.0f} MB | {floor * 1e3:.2f} ms | {floor_ratio:.1f}× | {'✓' if floor_ok else '✗'} |"
        )
    print()
    print(f"{len(rows) - missed} of {len(rows)} within {TARGET:g}× ({dt.date(2026, 1, 1):%Y} data, 2-core machine)")
    print(f"{len(rows) - missed_floor} of {len(rows)} within {FLOOR_TARGET:g}× of the memory-traffic floor")
    if misses:
        print()
        print(
            f"Missing {FLOOR_TARGET:g}× the floor, and why (time beyond the floor, in copies of one {N:,}-float64 column "
            f"= {column_floor * 1e3:.2f} ms):"
        )
        for name, extra in misses:
            beyond = "error" if extra is None else f"+{extra:.0f} column copies"
            print(f"- `{name}` ({beyond}): {WHY.get(name, '(no explanation recorded)')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
