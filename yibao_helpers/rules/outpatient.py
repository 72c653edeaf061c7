"""Employee outpatient pooling (门诊共济 / 普通门诊统筹): the annual limit that resets each January.

Rule (国办发〔2021〕14号; parameters from ``data/outpatient.csv``): within a calendar
year, policy-range outpatient costs first fill the annual deductible (起付线); above
it the pool pays ``ratio`` (by hospital level, retirees + ``retiree_bonus``) until
the pool has paid ``annual_limit`` in that year (retirees: ``annual_limit_retired``
where a region has one, e.g. 南昌 3000 vs 2000); the rest is the person's. The
deductible and the limit start again on 1 January: unused limit is not carried
over, unlike the personal-account balance.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from ..core import checks
from ..core.dates import year_span
from ..core.errors import YibaoInputError
from ..core.money import fen
from ..params import Policy, check_policy, check_region, dates_of, load_policy, rule_year, sources_frame
from .codes import LEVELS, MEMBERS  # noqa: F401

PARAMETERS = [
    "outpatient.deductible",
    "outpatient.ratio",
    "outpatient.retiree_bonus",
    "outpatient.annual_limit",
    "outpatient.annual_limit_retired",
]


def level_code(level) -> int:
    return checks.choice("hospital_level", level, LEVELS)


def _levels(level) -> np.ndarray:
    """Hospital levels (one, or a non-empty 1-D list) as codes 1/2/3."""
    levels = np.atleast_1d(np.asarray(level, dtype=object))
    if levels.ndim != 1 or levels.size == 0:
        raise YibaoInputError(
            "hospital_level",
            level,
            "应为 1、2、3（一级/二级/三级）或它们的一维非空列表",
            "must be 1, 2 or 3 (一级/二级/三级) or a non-empty 1-D list of them",
        )
    return np.array(
        [level_code(int(x) if isinstance(x, (np.integer, int)) and not isinstance(x, bool) else x) for x in levels]
    )


def _member(member) -> str:
    return checks.choice("member", member, MEMBERS)


def pool_ratio(policy: Policy, level, member: str) -> np.ndarray:
    """The pool's share of costs above the deductible, by level (array) and member."""
    check_policy(policy)
    member = _member(member)
    codes = _levels(level)
    table = {c: float(policy.get("outpatient.ratio", f"level={c}")) for c in np.unique(codes)}
    ratio = np.vectorize(table.__getitem__, otypes=[float])(codes)
    if member == "retired":
        ratio = np.minimum(ratio + float(policy["outpatient.retiree_bonus"]), 1.0)
    return ratio


def limit_parameter(policy: Policy, member: str) -> str:
    """The annual-limit parameter that applies: ``outpatient.annual_limit_retired`` for retirees where the data have it."""
    check_policy(policy)
    member = _member(member)
    return (
        "outpatient.annual_limit_retired"
        if member == "retired" and policy.has("outpatient.annual_limit_retired")
        else "outpatient.annual_limit"
    )


def annual_limit(policy: Policy, member: str) -> float:
    """The pool's annual limit (元/年) for an in-service or retired member."""
    check_policy(policy)
    member = _member(member)
    return float(policy[limit_parameter(policy, member)])


def pool_year(
    costs, *, region: str = "national", on=None, hospital_level=3, member: str = "in_service"
) -> pd.DataFrame:
    """What the outpatient pool pays for one calendar year of visits, in order.

    ``costs``: the policy-range cost of each visit (元), in date order.
    ``hospital_level``: 1, 2 or 3 (or 一级/二级/三级), one for all visits or one per visit.
    Returns one row per visit: ``cost, deductible_part, fund_pays, person_pays, fund_ytd, limit_left``;
    ``fund_pays + person_pays == cost`` for every visit.
    """
    check_region(region)
    member = _member(member)
    cost = checks.as_array("costs", costs, lo=0, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan")
    levels = _levels(hospital_level)
    if levels.size not in (1, cost.size):  # one level for all visits, or one per visit
        raise YibaoInputError(
            "hospital_level",
            f"长度 length {levels.size}",
            f"应为一个级别，或每次门诊一个（{cost.size} 次）",
            f"must be one level, or one per visit ({cost.size} visits)",
        )
    policy = load_policy(region, on)
    ratio = np.broadcast_to(pool_ratio(policy, levels, member), cost.shape)
    fund, deductible_part = _pool_rows(
        cost[None, :], ratio[None, :], float(policy["outpatient.deductible"]), annual_limit(policy, member)
    )
    fund, deductible_part = fund[0], deductible_part[0]
    limit = annual_limit(policy, member)
    out = pd.DataFrame(
        {
            "visit": np.arange(1, cost.size + 1),
            "cost": cost,
            "deductible_part": deductible_part,
            "fund_pays": fund,
            "person_pays": fen(cost - fund),
            "fund_ytd": fen(np.cumsum(fund)),
        }
    )
    out["limit_left"] = fen(limit - out["fund_ytd"])
    _attach_sources(out, [policy], region)
    return out


def _attach_sources(frame: pd.DataFrame, policies: list[Policy], region: str) -> None:
    rows = [r for p in policies for key in p.names() if key[0] in PARAMETERS for r in p.rows(*key)]
    frame.attrs["region"] = region
    frame.attrs["sources"] = sources_frame(rows)
    frame.attrs["as_of"] = max(frame.attrs["sources"]["effective_from"])


def _pool_rows(cost: np.ndarray, ratio: np.ndarray, deductible, limit):
    """Vectorised core over rows = years (2-D: years × visits). Returns (fund, deductible part)."""
    deductible = np.asarray(deductible, dtype=float).reshape(-1, 1)
    limit = np.asarray(limit, dtype=float).reshape(-1, 1)
    cum = np.cumsum(cost, axis=1)
    above = np.maximum(cum - deductible, 0.0)
    above_step = np.diff(above, axis=1, prepend=0.0)  # this visit's cost above the deductible
    uncapped_cum = np.cumsum(above_step * ratio, axis=1)
    fund_cum = fen(np.minimum(uncapped_cum, limit))
    fund = np.diff(fund_cum, axis=1, prepend=0.0)
    return fen(fund), fen(cost - above_step)


def limit_by_month(
    monthly_cost,
    years: int,
    *,
    region: str = "national",
    start_year: int | None = None,
    hospital_level=3,
    member: str = "in_service",
) -> pd.DataFrame:
    """Month by month over ``years`` calendar years: pool paid so far this year and the limit left.

    ``monthly_cost``: policy-range outpatient cost per month (one number, or 12 numbers for a year's pattern).
    Shows the annual limit starting again each January. Parameters of a year are those in force on 1 July.
    """
    check_region(region)
    member = _member(member)
    monthly = checks.as_array(
        "monthly_cost", monthly_cost, lo=0, hi=checks.MONEY_MAX, unit_zh="元/月", unit_en="yuan/month"
    )
    if monthly.size not in (1, 12):
        raise YibaoInputError(
            "monthly_cost",
            f"长度 length {monthly.size}",
            "应为一个数或12个月的数组",
            "must be one number or 12 monthly numbers",
        )
    n_years = checks.as_int("years", years, lo=1, hi=100, unit_zh="年", unit_en="years")
    first = rule_year(start_year, "start_year")
    calendar = year_span(first, n_years, "start_year")
    level = level_code(hospital_level)
    with dates_of("start_year", first):
        policies = [load_policy(region, _dt.date(int(y), 7, 1)) for y in calendar]
        ratio = np.array([pool_ratio(p, level, member)[0] for p in policies])[:, None]
        deductible = np.array([float(p["outpatient.deductible"]) for p in policies])
        limit = np.array([annual_limit(p, member) for p in policies])
    cost = np.broadcast_to(monthly, (n_years, 12)).astype(float)
    fund, _ = _pool_rows(cost, np.broadcast_to(ratio, cost.shape), deductible, limit)
    fund_ytd = fen(np.cumsum(fund, axis=1))
    out = pd.DataFrame(
        {
            "year": np.repeat(calendar, 12),
            "month": np.tile(np.arange(1, 13), n_years),
            "cost": cost.ravel(),
            "fund_pays": fund.ravel(),
            "person_pays": fen(cost - fund).ravel(),
            "fund_ytd": fund_ytd.ravel(),
            "limit": np.repeat(limit, 12),
            "limit_left": fen(limit[:, None] - fund_ytd).ravel(),
        }
    )
    _attach_sources(out, policies, region)
    return out
