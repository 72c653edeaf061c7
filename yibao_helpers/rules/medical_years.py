"""Minimum medical-insurance contribution years at retirement (医保最低缴费年限) and the cost of topping up.

A retiree keeps 职工医保 without paying only after the region's minimum years (men and women often
differ; some regions also require years paid locally). :func:`medical_min_years` gives the region's
rule, :func:`medical_qualifies` checks a person, :func:`topup_cost` prices the missing years.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import checks
from ..core.errors import YibaoInputError
from ..core.money import MONTHS
from ..params import Policy, check_region, load_policy, sources_frame, tables, usage
from .retirement import YEARS_MAX, sex_code

MEDICAL_PARAMETERS = [
    "medical.min_years",
    "medical.min_local_years",
    "medical.topup_base",
    "medical.topup_base_ratio",
    "medical.topup_rate",
]


def regions_with(parameter: str) -> list[str]:
    """The regions with rows of ``parameter`` (its own rows, not inherited)."""
    t = tables()
    return sorted(set(t.loc[t["parameter"] == parameter, "region"]))


def _has_or_gap(policy: Policy, name: str, qualifier: str = "") -> bool:
    """True when the region (or national) has rows for the parameter, even if none is in force on the date
    (so that a gap raises instead of silently falling back to another rule)."""
    return policy.knows(name, qualifier)


def medical_min_years(region: str, sex, *, on=None) -> dict:
    """The region's minimum years for medical insurance after retirement.

    Returns ``{"region", "sex", "total_years", "local_years", "sources"}``: ``local_years`` is the
    local actual-contribution condition (0 where the region sets none in the data); ``sources`` a
    DataFrame with each row's source and confidence. Raises for a region without such data.
    """
    check_region(region)
    sex = sex_code(sex)
    p = load_policy(region, on)
    q = f"sex={sex}"
    if not _has_or_gap(p, "medical.min_years", q):
        usage.note_missing(p, "medical.min_years", q)
        known = regions_with("medical.min_years")
        raise YibaoInputError(
            "region",
            region,
            f"该地区没有退休后医保最低缴费年限的数据（国家没有统一年限，由各地规定；已有数据的地区：{known}）",
            f"no data on the minimum medical-insurance years for this region (there is no national "
            f"number; regions with data: {known})",
        )
    rows = list(p.rows("medical.min_years", q))
    local = 0.0
    if _has_or_gap(p, "medical.min_local_years"):
        rows += p.rows("medical.min_local_years")
        local = float(p["medical.min_local_years"])
    return {
        "region": region,
        "sex": sex,
        "total_years": float(rows[0].value),
        "local_years": local,
        "sources": sources_frame(rows),
    }


def medical_qualifies(region: str, sex, total_years, local_years=None, *, on=None) -> pd.DataFrame:
    """Whether each person meets the region's medical-insurance years at retirement, and what is missing.

    ``total_years``: cumulative years (including deemed years); ``local_years``: years actually paid in
    the region (default: all of ``total_years``). One row per person with ``required_total``,
    ``required_local``, ``missing_total``, ``missing_local``, ``missing_years`` (years still to pay in
    the region: paying there counts toward both conditions) and ``qualifies``.
    """
    rule = medical_min_years(region, sex, on=on)
    total = checks.as_array("total_years", total_years, lo=0, hi=YEARS_MAX, unit_zh="年", unit_en="years")
    local = (
        total
        if local_years is None
        else checks.as_array("local_years", local_years, lo=0, hi=YEARS_MAX, unit_zh="年", unit_en="years")
    )
    n, arr = checks.broadcast(total_years=total, local_years=local)
    total, local = arr["total_years"], arr["local_years"]
    if np.any(local > total + 1e-9):
        bad = local[local > total + 1e-9][0]
        raise YibaoInputError(
            "local_years",
            float(bad),
            "本地实际缴费年限不能超过累计缴费年限 total_years",
            "local actual years cannot exceed total_years",
        )
    missing_total = np.maximum(rule["total_years"] - total, 0.0)
    missing_local = np.maximum(rule["local_years"] - local, 0.0)
    missing = np.maximum(missing_total, missing_local)
    out = pd.DataFrame(
        {
            "sex": rule["sex"],
            "total_years": total,
            "local_years": local,
            "required_total": rule["total_years"],
            "required_local": rule["local_years"],
            "missing_total": missing_total,
            "missing_local": missing_local,
            "missing_years": missing,
            "qualifies": missing <= 0,
        }
    )
    out.attrs["region"] = region
    out.attrs["sources"] = rule["sources"]
    out.attrs["as_of"] = max(rule["sources"]["effective_from"])
    return out


def topup_cost(region: str, missing_years, *, on=None) -> pd.DataFrame:
    """Cost of buying the missing medical-insurance years in one payment (一次性补缴/趸缴).

    cost = monthly base × rate × missing months (a part month counts as a whole month). One row per
    value of ``missing_years``: ``missing_years, months, base_monthly, rate, cost``; the rows used
    (with their confidence — mostly illustrative) are in ``.attrs["sources"]``.
    """
    check_region(region)
    years = checks.as_array("missing_years", missing_years, lo=0, hi=YEARS_MAX, unit_zh="年", unit_en="years")
    p = load_policy(region, on)
    rows = []
    if _has_or_gap(p, "medical.topup_base"):
        row = p.row("medical.topup_base")
        base = float(row.value) / (MONTHS if row.unit == "yuan/year" else 1)
        rows.append(row)
    else:
        wage = p.row("wage.avg_annual_prev_year")
        ratio = p.row("medical.topup_base_ratio")
        base = float(ratio.value) * float(wage.value) / MONTHS
        rows += [ratio, wage]
    rate_row = p.row("medical.topup_rate")
    rows.append(rate_row)
    months = np.ceil(np.round(years * MONTHS, 6))
    cost = np.round(base * float(rate_row.value) * months, 2)
    out = pd.DataFrame(
        {
            "missing_years": years,
            "months": months.astype(int),
            "base_monthly": round(base, 2),
            "rate": float(rate_row.value),
            "cost": cost,
        }
    )
    out.attrs["region"] = region
    out.attrs["sources"] = sources_frame(rows)
    out.attrs["as_of"] = max(out.attrs["sources"]["effective_from"])
    return out
