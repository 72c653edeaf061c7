"""Employee medical-insurance personal account (职工医保个人账户): year-by-year projection.

Rules (each value comes from ``data/account.csv``, ``data/contribution.csv``,
``data/wages.csv`` with its source):

* Contribution base (缴费基数): the monthly salary clamped to the region's floor and
  ceiling; where a region publishes no absolute floor/ceiling, ``base_floor_ratio``
  and ``base_ceiling_ratio`` times last year's average monthly wage.
* Before the 2021 reform (国发〔1998〕44号 and local rules): in-service credit =
  base × (individual credit rate + employer credit rate of the person's age band);
  retirees: a rate of last year's average monthly wage, by age band.
* After the reform (国办发〔2021〕14号): in-service credit = base × individual
  credit rate (the person's own 2%); retirees: a fixed monthly amount — the
  region's fixed credit where it has one, otherwise rate × average pension.
* The regime of a year is chosen by comparing 1 July of that year with the
  region's ``account.reform_date``; ``regime=`` overrides it.
* Spending is paid from this year's credits first, then from the carried
  balance; what the account cannot pay is reported as ``unpaid`` (paid in cash):
  the balance never goes below zero.
* Interest (国发〔1998〕44号): this year's credits that remain at year end earn the
  demand-deposit rate for their average holding time, the carried balance that
  remains earns the 3-month time-deposit rate for the whole year; interest is
  posted on 31 December. The balance is never reset at year end.

Model conventions (not policy numbers): credits are posted monthly at the start
of each month, so a year's credits are held on average
Σ_{m=1..12} (13 − m) / 12 / 12 = 78/144 of a year; amounts are rounded to the fen
(0.01 元) monthly for credits and yearly for interest; the person's age is taken
as constant within a calendar year (age + t in year start_year + t), and the
person is retired in the years where that age is at least ``retire_age``.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from ..core import checks
from ..core.dates import mid_year, year_span
from ..core.dates import year as calendar_year
from ..core.errors import YibaoInputError
from ..core.money import MONTHS, fen
from ..params import Policy, check_policy, check_region, dates_of, load_policy, rule_year, sources_frame

# Average holding time (in years) of credits posted at the start of each month.
MEAN_HOLDING_YEARS = sum(13 - m for m in range(1, MONTHS + 1)) / MONTHS / MONTHS
REGIMES = {"pre_2021": ("改革前", "age_band"), "post_2021": ("改革后", "individual_only")}
REGIME_NAMES = {"pre_2021": ["改革前", "age_band", "pre2021"], "post_2021": ["改革后", "individual_only", "post2021"]}
SALARY_MAX = 10_000_000  # input plausibility bound (yuan/month), not a policy number

# the parameters this module reads, for rules tables and footnotes
# the wage the contribution-base limits are a share of: the province's 全口径 (all urban units) average wage,
# 国办发〔2019〕13号 — not the urban non-private average wage (wage.avg_annual_prev_year)
BASE_WAGE = "wage.avg_annual_all_units_prev_year"
PARAMETERS = [
    "employee.individual_rate",
    "employee.base_floor",
    "employee.base_ceiling",
    "employee.base_floor_ratio",
    "employee.base_ceiling_ratio",
    "wage.avg_annual_prev_year",
    BASE_WAGE,
    "account.reform_date",
    "account.pre.individual_credit_rate",
    "account.pre.employer_credit_rate",
    "account.pre.retiree_credit_rate_of_avg_wage",
    "account.post.individual_credit_rate",
    "account.post.retiree_credit_rate_of_avg_pension",
    "account.post.avg_pension_monthly",
    "account.post.retiree_credit_fixed",
    "account.interest_rate_current",
    "account.interest_rate_carried",
]


def policy_for_year(region: str, year: int) -> Policy:
    """The parameters used for a calendar year: those in force on 1 July of it."""
    return load_policy(region, mid_year(year))


def contribution_base(policy: Policy, monthly_salary) -> np.ndarray:
    """Monthly contribution base: salary clamped to the floor and ceiling in force."""
    check_policy(policy)
    salary = checks.as_array(
        "monthly_salary", monthly_salary, lo=0, hi=SALARY_MAX, unit_zh="元/月", unit_en="yuan/month"
    )
    return _contribution_base(policy, checks.same_shape(salary, monthly_salary))


def _contribution_base(policy: Policy, salary) -> np.ndarray:
    """:func:`contribution_base` on a checked salary (the projection's inner loop)."""
    floor, ceiling = base_limits(policy)
    return np.clip(np.asarray(salary, dtype=float), floor, ceiling)


def base_limits(policy: Policy) -> tuple[float, float]:
    """(floor, ceiling) of the monthly base: absolute values if the region has them, else ratios × the province's
    全口径 average wage (:data:`BASE_WAGE`)."""
    check_policy(policy)
    if policy.has("employee.base_floor") and policy.has("employee.base_ceiling"):
        return float(policy["employee.base_floor"]), float(policy["employee.base_ceiling"])
    for name in ("employee.base_floor", "employee.base_ceiling"):
        if policy.has_gap(name):  # the region publishes absolute limits, but none for this date:
            policy.rows(name)  # raise (a data gap), never fall back to national-derived limits
    avg_month = float(policy[BASE_WAGE]) / MONTHS
    return (
        fen(policy["employee.base_floor_ratio"] * avg_month),
        fen(policy["employee.base_ceiling_ratio"] * avg_month),
    )


def regime_of(policy: Policy, year: int, regime: str | None = None) -> str:
    """``pre_2021`` or ``post_2021``: ``regime`` when given, else by 1 July of ``year`` against the reform date."""
    check_policy(policy)
    year = calendar_year(year)
    if regime is not None:
        return checks.choice("regime", regime, REGIME_NAMES)
    return "post_2021" if _dt.date(year, 7, 1) >= policy["account.reform_date"] else "pre_2021"


def monthly_credit(policy: Policy, regime: str, base, age, retired, monthly_pension=None) -> np.ndarray:
    """Monthly credit to the account (元/月, rounded to the fen) for arrays of people.

    ``regime``: ``pre_2021`` / ``post_2021`` (see :func:`regime_of`); ``base``: the monthly contribution base;
    ``age``; ``retired``: True/False per person; ``monthly_pension``: the pension a post-reform retiree rate
    applies to (default: the data's average pension). Numbers or 1-D arrays of one length.
    """
    check_policy(policy)
    regime = checks.choice("regime", regime, REGIME_NAMES)
    given = {"base": base, "age": age, "retired": retired}
    arrays = {
        "base": checks.as_array("base", base, lo=0, hi=SALARY_MAX, unit_zh="元/月", unit_en="yuan/month"),
        "age": checks.as_array("age", age, lo=checks.AGE_MIN, hi=checks.AGE_MAX, unit_zh="岁", unit_en="years of age"),
        "retired": checks.as_bools("retired", retired),
    }
    if monthly_pension is not None:
        given["monthly_pension"] = monthly_pension
        arrays["monthly_pension"] = checks.as_array(
            "monthly_pension", monthly_pension, lo=0, hi=SALARY_MAX, unit_zh="元/月", unit_en="yuan/month"
        )
    checks.broadcast(**arrays)
    shaped = {k: checks.same_shape(a, given[k]) for k, a in arrays.items()}
    return _monthly_credit(
        policy, regime, shaped["base"], shaped["age"], shaped["retired"], shaped.get("monthly_pension")
    )


def _monthly_credit(policy: Policy, regime: str, base, age, retired, monthly_pension=None) -> np.ndarray:
    """:func:`monthly_credit` on checked inputs (the projection's inner loop)."""
    age = np.asarray(age, dtype=float)
    retired = np.asarray(retired, dtype=bool)
    base = np.asarray(base, dtype=float)
    if regime == "pre_2021":
        working = base * (
            policy["account.pre.individual_credit_rate"] + policy.by_age("account.pre.employer_credit_rate", age)
        )
        avg_month = float(policy["wage.avg_annual_prev_year"]) / MONTHS if retired.any() else 0.0
        pension_credit = (
            policy.by_age("account.pre.retiree_credit_rate_of_avg_wage", age) * avg_month if retired.any() else 0.0
        )
    else:
        working = base * policy["account.post.individual_credit_rate"]
        if not retired.any():
            pension_credit = 0.0
        elif policy.knows("account.post.retiree_credit_fixed"):  # a dated gap raises, never falls back
            pension_credit = policy.by_age("account.post.retiree_credit_fixed", age)
        else:
            pension = policy["account.post.avg_pension_monthly"] if monthly_pension is None else monthly_pension
            pension_credit = policy["account.post.retiree_credit_rate_of_avg_pension"] * np.asarray(
                pension, dtype=float
            )
    return fen(np.where(retired, pension_credit, working))


def project_balance(
    monthly_salary,
    age,
    years,
    *,
    region: str = "national",
    start_year: int | None = None,
    salary_growth: float = 0.0,
    annual_spending=0.0,
    retire_age: float | None = None,
    interest_rate: float | None = None,
    regime: str | None = None,
    opening_balance=0.0,
    monthly_pension=None,
    gap_years=(),
    group: str = "male",
) -> pd.DataFrame:
    """Project the personal-account balance year by year.

    Parameters
    ----------
    monthly_salary : number or 1-D array, 元/月 (this year's salary; many people at once as an array)
    age : number or 1-D array, age in ``start_year`` (16–100)
    years : number of calendar years to project (1 or more; the last age must be ≤ 100)
    region : a code from :func:`yibao_helpers.regions`
    start_year : first calendar year (default: the year of the newest data)
    salary_growth : yearly growth of the salary, e.g. 0.03 for 3 %
    annual_spending : number or array, 元/年 spent from the account each year
    retire_age : age from which the person is retired (default: the statutory age of the 2024 reform for
        someone of ``age`` in ``start_year`` — born 1 July of ``start_year − age`` — and ``group``,
        :func:`yibao_helpers.rules.retirement.retirement_age`; e.g. 63 for a man born in 1995)
    group : ``male`` / ``female_cadre`` / ``female_worker`` (男 / 女干部 / 女工人), for the statutory age
    interest_rate : one rate for both parts instead of the data's demand / 3-month rates
    regime : ``"pre_2021"`` / ``"post_2021"`` to override the regime chosen by date
    opening_balance : number or array, balance carried into ``start_year``
    monthly_pension : 元/月, the pension to which a post-reform retiree rate applies (default: data value)
    gap_years : calendar years in which no contribution is paid (断缴): nothing is credited,
        but the balance stays, earns interest and can be spent

    Returns
    -------
    DataFrame with one row per person and year: ``year, age, status, regime, credited,
    interest, spent, unpaid, balance`` (``person`` first when any input is an array).
    ``balance`` is the year-end balance; ``df.attrs["sources"]`` lists the parameters used.
    """
    check_region(region)
    vector = any(np.ndim(v) > 0 for v in (monthly_salary, age, annual_spending, opening_balance))
    salary = checks.as_array(
        "monthly_salary", monthly_salary, lo=0, hi=SALARY_MAX, unit_zh="元/月", unit_en="yuan/month"
    )
    ages = checks.as_array("age", age, lo=checks.AGE_MIN, hi=checks.AGE_MAX, unit_zh="岁", unit_en="years of age")
    spend = checks.as_array(
        "annual_spending", annual_spending, lo=0, hi=checks.MONEY_MAX, unit_zh="元/年", unit_en="yuan/year"
    )
    opening = checks.as_array(
        "opening_balance", opening_balance, lo=0, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan"
    )
    n, arr = checks.broadcast(monthly_salary=salary, age=ages, annual_spending=spend, opening_balance=opening)
    salary, ages, spend, opening = arr["monthly_salary"], arr["age"], arr["annual_spending"], arr["opening_balance"]
    max_years = int(checks.AGE_MAX - ages.max() + 1)
    n_years = checks.as_int(
        "years",
        years,
        lo=1,
        hi=max(max_years, 1),
        unit_zh=f"年（年龄 {ages.max():g} 岁时最多 {max_years} 年，到 {checks.AGE_MAX} 岁为止）",
        unit_en=f"years (at most {max_years} from age {ages.max():g}, up to age {checks.AGE_MAX})",
    )
    first_year = rule_year(start_year, "start_year")
    growth = float(checks.as_array("salary_growth", salary_growth, lo=-0.5, hi=1.0)[0])
    if interest_rate is not None:
        interest_rate = float(checks.as_array("interest_rate", interest_rate, lo=0, hi=0.2)[0])
    if monthly_pension is not None:
        monthly_pension = checks.as_array(
            "monthly_pension", monthly_pension, lo=0, hi=SALARY_MAX, unit_zh="元/月", unit_en="yuan/month"
        )
        if monthly_pension.size not in (1, n):
            checks.broadcast(monthly_pension=monthly_pension, monthly_salary=salary)
    years_idx = np.arange(n_years)
    calendar = year_span(first_year, n_years, "start_year")
    gaps = _gap_year_set(gap_years)
    policies = [policy_for_year(region, y) for y in calendar]
    if retire_age is None:
        retire_age = statutory_retire_age(ages, first_year, group)
    else:
        from .retirement import group_code

        group_code(group)  # checked also when a retirement age of the caller's own makes it unused
        retire_age = float(
            checks.as_array(
                "retire_age", retire_age, lo=checks.AGE_MIN, hi=checks.AGE_MAX, unit_zh="岁", unit_en="years of age"
            )[0]
        )

    with dates_of("start_year", first_year):
        arrays, regimes = project_arrays(
            salary,
            ages,
            spend,
            opening,
            calendar,
            policies,
            retire_age=retire_age,
            growth=growth,
            interest_rate=interest_rate,
            regime=regime,
            monthly_pension=monthly_pension,
            gaps=gaps,
        )
    credited, interest, spent, unpaid, balance = (
        arrays[k] for k in ("credited", "interest", "spent", "unpaid", "balance")
    )

    age_grid = ages[:, None] + years_idx[None, :]
    regime_codes = np.array([list(REGIMES).index(r) for r in regimes], dtype=np.int8)
    out = pd.DataFrame(
        {
            "year": np.broadcast_to(calendar, (n, n_years)).ravel(),
            "age": age_grid.ravel(),
            "status": pd.Categorical.from_codes(
                (age_grid >= np.reshape(retire_age, (-1, 1))).ravel().astype(np.int8),
                categories=["in_service", "retired"],
            ),
            "regime": pd.Categorical.from_codes(
                np.broadcast_to(regime_codes, (n, n_years)).ravel(), categories=list(REGIMES)
            ),
            "credited": credited.ravel(),
            "interest": interest.ravel(),
            "spent": spent.ravel(),
            "unpaid": unpaid.ravel(),
            "balance": balance.ravel(),
        },
        copy=False,
    )
    if np.all(ages == np.round(ages)):
        out["age"] = out["age"].astype(int)
    if vector:
        out.insert(0, "person", np.repeat(np.arange(n), n_years))
    out.attrs["region"] = region
    status = age_grid >= np.reshape(retire_age, (-1, 1))
    out.attrs["sources"] = used_sources(
        policies,
        regimes,
        (~status).any(axis=0),
        status.any(axis=0),
        pension_given=monthly_pension is not None,
        interest_given=interest_rate is not None,
    )
    out.attrs["as_of"] = max(out.attrs["sources"]["effective_from"])
    return out


def statutory_retire_age(ages, start_year: int, group: str = "male") -> np.ndarray:
    """The statutory retirement age (years, with months as a fraction) of people aged ``ages`` in ``start_year``
    under the 2024 reform, taking each as born on 1 July of ``start_year − age`` (the model counts whole years)."""
    from .retirement import group_code, retirement_age

    ages = checks.as_array("ages", ages, lo=checks.AGE_MIN, hi=checks.AGE_MAX, unit_zh="岁", unit_en="years of age")
    start_year = calendar_year(start_year, "start_year")
    group_code(group)
    births = np.asarray(np.round(start_year - ages), dtype=int)
    dates = (births - 1970).astype("datetime64[Y]").astype("datetime64[M]") + np.timedelta64(6, "M")  # 1 July
    try:
        years, months = retirement_age(dates, group)
    except YibaoInputError as exc:
        param = "group" if exc.param == "group" else "age"
        raise YibaoInputError(param, exc.value, exc.allowed_zh, exc.allowed_en) from None
    return np.asarray(years, dtype=float) + np.asarray(months, dtype=float) / MONTHS


def _gap_year_set(gap_years, name: str = "gap_years") -> set[int]:
    """Calendar years without contributions: one year or a list of years (1990–2200); () = none."""
    if gap_years is None or isinstance(gap_years, (str, bytes, dict)):
        raise YibaoInputError(
            name,
            gap_years,
            "应为年份或年份列表（如 [2025, 2026]）",
            "must be a year or a list of years (e.g. [2025, 2026])",
        )
    try:
        years = list(gap_years)  # a list, tuple, set, range or array of years
    except TypeError:
        years = [gap_years]  # one year
    return {calendar_year(y, name) for y in years}


def project_arrays(
    salary,
    ages,
    spend,
    opening,
    calendar,
    policies,
    *,
    retire_age,
    growth=0.0,
    interest_rate=None,
    regime=None,
    monthly_pension=None,
    gaps=frozenset(),
):
    """The vectorised core of :func:`project_balance` on checked inputs: 2-D arrays (people × years).

    Returns ({credited, interest, spent, unpaid, balance}, [regime of each year]). The loop runs over
    years (each year depends on the last); every step is a numpy operation over all people at once.
    """
    n, n_years = salary.size, len(calendar)
    out = {k: np.empty((n, n_years)) for k in ("credited", "interest", "spent", "unpaid", "balance")}
    regimes = []
    carried = opening.astype(float).copy()
    growth_factor = (1.0 + growth) ** np.arange(n_years)
    for t, (year, pol) in enumerate(zip(calendar, policies)):
        reg = regime_of(pol, year, regime)
        regimes.append(reg)
        age_t = ages + t
        retired = age_t >= retire_age
        base = _contribution_base(pol, salary * growth_factor[t]) if not retired.all() else 0.0
        credit = (
            0.0 * ages if year in gaps else MONTHS * _monthly_credit(pol, reg, base, age_t, retired, monthly_pension)
        )
        from_current = np.minimum(spend, credit)
        from_carried = np.minimum(spend - from_current, carried)
        current_left = credit - from_current
        carried_left = carried - from_carried
        r_cur = pol["account.interest_rate_current"] if interest_rate is None else interest_rate
        r_car = pol["account.interest_rate_carried"] if interest_rate is None else interest_rate
        gain = fen(current_left * r_cur * MEAN_HOLDING_YEARS + carried_left * r_car)
        carried = fen(carried_left + current_left + gain)
        paid = from_current + from_carried
        out["credited"][:, t] = credit
        out["interest"][:, t] = gain
        out["spent"][:, t] = fen(paid)
        out["unpaid"][:, t] = fen(spend - paid)
        out["balance"][:, t] = carried
    return out, regimes


def used_sources(
    policies: list[Policy],
    regimes: list[str],
    working=None,
    retired=None,
    *,
    pension_given: bool = False,
    interest_given: bool = False,
) -> pd.DataFrame:
    """The rows behind a projection (see :func:`yibao_helpers.policy.sources_frame`): only the rows a year used —
    the base and credit rates in years someone works, the retiree credit in years someone is retired, not the
    rates a user supplied (``working`` / ``retired``: one flag per year; ``None`` = every year)."""
    rows = []
    n = len(policies)
    working = [True] * n if working is None else list(working)
    retired = [True] * n if retired is None else list(retired)
    for pol, reg, works, rests in zip(policies, regimes, working, retired):
        names = []
        if works:
            names += ["employee.individual_rate"]
            if pol.has("employee.base_floor"):
                names += ["employee.base_floor", "employee.base_ceiling"]
            else:
                names += ["employee.base_floor_ratio", "employee.base_ceiling_ratio", BASE_WAGE]
            names += (
                ["account.pre.individual_credit_rate", "account.pre.employer_credit_rate"]
                if reg == "pre_2021"
                else ["account.post.individual_credit_rate"]
            )
        if rests:
            if reg == "pre_2021":
                names += ["account.pre.retiree_credit_rate_of_avg_wage", "wage.avg_annual_prev_year"]
            elif pol.knows("account.post.retiree_credit_fixed"):
                names += ["account.post.retiree_credit_fixed"]
            else:
                names += ["account.post.retiree_credit_rate_of_avg_pension"]
                names += [] if pension_given else ["account.post.avg_pension_monthly"]
        names += ["account.reform_date"]
        names += [] if interest_given else ["account.interest_rate_current", "account.interest_rate_carried"]
        for name in names:
            if pol.has(name):
                rows.extend(pol.rows(name))
    return sources_frame(rows)


def summary(df: pd.DataFrame) -> dict:
    """Totals of a single person's projection: credited, interest, spent, unpaid, final balance."""
    return {
        "credited": float(df["credited"].sum()),
        "interest": float(df["interest"].sum()),
        "spent": float(df["spent"].sum()),
        "unpaid": float(df["unpaid"].sum()),
        "final_balance": float(df["balance"].iloc[-1]),
    }
