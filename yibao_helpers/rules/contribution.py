"""Where contributions go (缴费去向): employer, employee, personal account, pool.

Rules (values from ``data/contribution.csv``, ``data/contribution_tiers.csv``,
``data/account.csv``, ``data/wages.csv``, each with its source):

* 职工医保, tier 1 (the ordinary scheme): the monthly base is the salary clamped to the
  region's floor and ceiling (:func:`yibao_helpers.account.contribution_base`; 国发〔1998〕44号
  local rules: 60 %–300 % of last year's average wage). Employer pays
  ``employee.employer_rate`` × base (national principle ≈6 %), the employee
  ``employee.individual_rate`` × base (2 %). Local add-ons paid with them go to other funds
  (大额医疗互助 ``employee.large_amount_employer_rate`` / ``large_amount_individual``, 深圳 地方补充
  ``employee.local_supplement_employer_rate``).
* Personal account: before the 2021 reform the employee's 2 % plus an age-banded part of the
  employer's contribution; after it (国办发〔2021〕14号) only the employee's own 2 %; the rest goes
  to the pool (统筹基金). The regime of a year and the credit come from
  :func:`yibao_helpers.account.regime_of` and :func:`yibao_helpers.account.monthly_credit`.
  A retiree pays nothing; the pool credits the retiree's account (shown as a negative pool flow).
* Flexible-employment tiers (深圳 二档/三档, facts §1; qualifier ``tier=2``/``tier=3``): base =
  ``employee.tier_base`` (last year's average monthly wage), employer/individual rates of the
  tier, **no personal account** (``account.credit_rate`` = 0): everything goes to the pool.
* 城乡居民医保: the individual contribution ``resident.individual_contribution`` and the fiscal
  subsidy ``resident.fiscal_subsidy`` of that year (文件年度), all to the pool; no personal account.

Amounts are yuan per year: monthly amounts are rounded to the fen, then × 12.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import checks
from ..core.errors import YibaoInputError
from ..core.money import MONTHS, fen
from ..params import Policy, check_region, rule_year, sources_frame
from . import account
from .codes import MEMBERS, TIERS  # noqa: F401

EMPLOYEE_COLUMNS = [
    "monthly_salary",
    "base",
    "employer",
    "employee",
    "total",
    "to_account",
    "to_pool",
    "to_other",
    "regime",
]


def _optional(policy: Policy, rows: list, name: str, qualifier: str = "") -> float:
    """A rate that only some regions have (大额互助, 地方补充): 0 where the data have none."""
    if not policy.has(name, qualifier):
        return 0.0
    rows.append(policy.row(name, qualifier))
    return float(policy.get(name, qualifier))


def _used(policy: Policy, rows: list, name: str, qualifier: str = "") -> float:
    rows.append(policy.row(name, qualifier))
    return float(policy.get(name, qualifier))


def _tier_flows(policy: Policy, tier: int, n: int, rows: list) -> dict:
    """深圳-style tiers 2/3: base = last year's average monthly wage, small rates, no personal account."""
    q = f"tier={tier}"
    for name in ("employee.tier_base", "employee.employer_rate", "employee.individual_rate", "account.credit_rate"):
        if not policy.has(name, q):
            raise YibaoInputError(
                "tier",
                tier,
                f"地区 {policy.region} 在 {policy.on.isoformat()} 没有第{tier}档的数据（参数 {name}[{q}]）",
                f"region {policy.region} has no tier-{tier} data on {policy.on.isoformat()} ({name}[{q}])",
            )
    base = np.full(n, _used(policy, rows, "employee.tier_base", q))
    return {
        "base": base,
        "employer": fen(base * _used(policy, rows, "employee.employer_rate", q)),
        "employee": fen(base * _used(policy, rows, "employee.individual_rate", q)),
        "employer_other": fen(base * _optional(policy, rows, "employee.local_supplement_employer_rate", q)),
        "employee_other": 0.0,
        "credit": fen(base * _used(policy, rows, "account.credit_rate", q)),
    }


def _base_rows(policy: Policy) -> list:
    names = (
        ["employee.base_floor", "employee.base_ceiling"]
        if policy.has("employee.base_floor")
        else ["employee.base_floor_ratio", "employee.base_ceiling_ratio", account.BASE_WAGE]
    )
    return [policy.row(name) for name in names]


def _credit_rows(policy: Policy, regime: str, retired: bool) -> list:
    if not retired:
        names = (
            ["account.post.individual_credit_rate"]
            if regime == "post_2021"
            else ["account.pre.individual_credit_rate", "account.pre.employer_credit_rate"]
        )
    elif regime == "pre_2021":
        names = ["account.pre.retiree_credit_rate_of_avg_wage", "wage.avg_annual_prev_year"]
    elif policy.has("account.post.retiree_credit_fixed"):
        names = ["account.post.retiree_credit_fixed"]
    else:
        names = ["account.post.retiree_credit_rate_of_avg_pension", "account.post.avg_pension_monthly"]
    return [r for name in names for r in policy.rows(name)]


def _tier1_flows(policy: Policy, salary: np.ndarray, age: np.ndarray, regime: str, rows: list) -> dict:
    """The ordinary scheme: clamped base, employer/employee rates, local add-ons, account credit."""
    base = account.contribution_base(policy, salary)
    rows += _base_rows(policy) + _credit_rows(policy, regime, retired=False)
    employer_other = _optional(policy, rows, "employee.large_amount_employer_rate") + _optional(
        policy, rows, "employee.local_supplement_employer_rate"
    )
    return {
        "base": base,
        "employer": fen(base * _used(policy, rows, "employee.employer_rate")),
        "employee": fen(base * _used(policy, rows, "employee.individual_rate")),
        "employer_other": fen(base * employer_other),
        "employee_other": _optional(policy, rows, "employee.large_amount_individual"),
        "credit": account.monthly_credit(policy, regime, base, age, np.zeros(salary.size, dtype=bool)),
    }


def _retiree_flows(policy: Policy, n: int, age: np.ndarray, regime: str, monthly_pension, rows: list) -> dict:
    """A retiree pays nothing; the pool credits the account (a negative flow to the pool)."""
    rows += _credit_rows(policy, regime, retired=True)
    credit = account.monthly_credit(policy, regime, np.zeros(n), age, np.ones(n, dtype=bool), monthly_pension)
    return {
        "base": np.zeros(n),
        "employer": 0.0,
        "employee": 0.0,
        "employer_other": 0.0,
        "employee_other": 0.0,
        "credit": credit,
    }


def employee_flows(
    monthly_salary,
    *,
    region: str = "national",
    year: int | None = None,
    age=40,
    member: str = "in_service",
    tier=1,
    regime: str | None = None,
    monthly_pension=None,
) -> pd.DataFrame:
    """Yearly 职工医保 contributions and where they go, for one or many monthly salaries.

    Parameters
    ----------
    monthly_salary : 元/月, a number or 1-D array (not used for tiers 2/3 and for retirees)
    region, year : region code; calendar year whose 1 July rules apply (None = newest data)
    age : age in that year (pre-2021 employer credits and retiree credits may depend on it)
    member : ``"in_service"`` or ``"retired"``
    tier : 1 (ordinary), 2 or 3 (深圳-style flexible-employment tiers, where the data have them)
    regime : ``"pre_2021"`` / ``"post_2021"`` to override the account regime chosen by date
    monthly_pension : 元/月, for a post-reform retiree credit that is a share of the pension

    Returns a DataFrame, one row per salary: ``monthly_salary, base`` (元/月) and yearly
    ``employer, employee, total, to_account, to_pool, to_other`` (元/年; ``to_other`` = 大额互助 /
    地方补充), ``regime``. ``total == to_account + to_pool + to_other``; ``attrs['sources']`` lists
    the data rows used.
    """
    check_region(region)
    salary = checks.as_array(
        "monthly_salary", monthly_salary, lo=0, hi=account.SALARY_MAX, unit_zh="元/月", unit_en="yuan/month"
    )
    ages = checks.as_array("age", age, lo=checks.AGE_MIN, hi=checks.AGE_MAX, unit_zh="岁", unit_en="years of age")
    sized = {"monthly_salary": salary, "age": ages}
    if monthly_pension is not None:  # checked for everyone, though only a retiree's credit uses it
        sized["monthly_pension"] = checks.as_array(
            "monthly_pension", monthly_pension, lo=0, hi=account.SALARY_MAX, unit_zh="元/月", unit_en="yuan/month"
        )
    n, arr = checks.broadcast(**sized)
    member = checks.choice("member", member, MEMBERS)
    tier = checks.choice("tier", tier, TIERS)
    calendar_year = rule_year(year)
    policy = account.policy_for_year(region, calendar_year)
    reg = account.regime_of(policy, calendar_year, regime)
    rows: list = [policy.row("account.reform_date")]
    if member == "retired":
        flows = _retiree_flows(policy, n, arr["age"], reg, arr.get("monthly_pension"), rows)
    elif tier == 1:
        flows = _tier1_flows(policy, np.asarray(arr["monthly_salary"], dtype=float), arr["age"], reg, rows)
    else:
        flows = _tier_flows(policy, tier, n, rows)
    return _employee_frame(
        arr["monthly_salary"], flows, reg if tier == 1 or member == "retired" else f"tier{tier}", policy, rows
    )


def _employee_frame(salary, flows: dict, label: str, policy: Policy, rows: list) -> pd.DataFrame:
    n = len(flows["base"])
    year = {
        k: np.broadcast_to(MONTHS * np.asarray(flows[k], dtype=float), (n,))
        for k in ("employer", "employee", "employer_other", "employee_other", "credit")
    }
    basic = year["employer"] + year["employee"]
    frame = pd.DataFrame(
        {
            "monthly_salary": np.broadcast_to(np.asarray(salary, dtype=float), (n,)),
            "base": flows["base"],
            "employer": fen(year["employer"] + year["employer_other"]),
            "employee": fen(year["employee"] + year["employee_other"]),
            "total": fen(basic + year["employer_other"] + year["employee_other"]),
            "to_account": fen(year["credit"]),
            "to_pool": fen(basic - year["credit"]),
            "to_other": fen(year["employer_other"] + year["employee_other"]),
            "regime": label,
        }
    )
    frame.attrs.update(
        region=policy.region,
        year=policy.on.year,
        sources=sources_frame(rows),
        as_of=max(r.effective_from for r in rows).isoformat(),
    )
    return frame


def resident_flows(year=None, *, region: str = "national", tier=1) -> pd.DataFrame:
    """城乡居民医保 per person and year: individual contribution + fiscal subsidy, all to the pool.

    ``year``: a calendar year or a list of years (None = newest data). ``tier=2`` where a region has
    a higher contribution tier (重庆 二档). Returns one row per year: ``year, individual, subsidy,
    total, to_account (0), to_pool``; ``attrs['sources']`` lists the rows used.
    """
    check_region(region)
    tier = checks.choice("tier", tier, {1: TIERS[1], 2: TIERS[2]})
    years = [rule_year(year)] if year is None or np.ndim(year) == 0 else [rule_year(y) for y in year]
    if not years:
        raise YibaoInputError("year", "[]", "至少给出一个年份", "give at least one year")
    out, rows = [], []
    for y in years:
        policy = account.policy_for_year(region, y)
        q = f"tier={tier}" if tier > 1 else ""
        individual = policy.row("resident.individual_contribution", q)
        subsidy = policy.row("resident.fiscal_subsidy")
        rows += [individual, subsidy]
        total = float(individual.value) + float(subsidy.value)
        out.append(
            {
                "year": y,
                "individual": float(individual.value),
                "subsidy": float(subsidy.value),
                "total": total,
                "to_account": 0.0,
                "to_pool": total,
            }
        )
    frame = pd.DataFrame(out)
    frame.attrs.update(
        region=region, sources=sources_frame(rows), as_of=max(r.effective_from for r in rows).isoformat()
    )
    return frame
