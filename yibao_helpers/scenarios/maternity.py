"""Maternity scenarios (notebook 09): the same birth in several regions, and where flexible workers are covered.

Every number comes from :mod:`yibao_helpers.rules.maternity` (and through it from ``data/``).
"""

from __future__ import annotations

import pandas as pd

from ..params import check_region, load_policy, merge_sources, region_name, regions
from ..rules import maternity

LEAVE_PARTS = ("base", "dystocia", "multiple", "extension")  # the parts of rules.maternity's leave days
_STEP_PART = {
    "基本产假": "base",
    "难产": "dystocia",
    "多胞胎": "multiple",
    "地方延长": "extension",
}  # leave_breakdown's 步骤
COMPARE = ("national", "beijing", "shanghai", "jiangsu", "zhejiang")  # regions with their own leave rules in the data


def daily_rule(region: str = "national", on=None) -> str:
    """The region's daily allowance rule as a short formula: ``÷ 30``, or ``× 12 ÷ 365`` where a month's wage is
    first multiplied (``maternity.daily_wage_months`` ≠ 1)."""
    p = load_policy(region, on)
    months, days = float(p["maternity.daily_wage_months"]), float(p["maternity.daily_wage_days"])
    return f"÷ {days:g}" if months == 1 else f"× {months:g} ÷ {days:g}"


def maternity_scenarios(
    avg_monthly_wage: float,
    *,
    region: str = "national",
    babies: int = 1,
    dystocia: bool = False,
    child_order: int = 1,
    within_policy: bool = True,
    compare=COMPARE,
    on=None,
) -> pd.DataFrame:
    """The same birth in several regions: leave days by part and the allowance (wage ÷ 30 × days).

    One row per region of ``compare`` plus ``region`` (last, ``is_person``): ``region, name, base,
    dystocia, multiple, extension, days, allowance``. ``days`` equals :func:`maternity.leave_days`,
    ``allowance`` :func:`maternity.maternity_allowance` of that region. Sources in ``.attrs``; ``daily_rule``
    (:func:`daily_rule` of ``region``), ``wage``, ``region`` and ``on`` too.
    """
    check_region(region)
    rows, sources = [], []
    for reg in [*(c for c in dict.fromkeys(compare) if c != region), region]:  # the person's region last
        bd = maternity.leave_breakdown(
            babies=babies, dystocia=dystocia, child_order=child_order, within_policy=within_policy, region=reg, on=on
        )
        parts = dict.fromkeys(LEAVE_PARTS, 0)
        for step, days in zip(bd["步骤"], bd["天数"]):
            if step in _STEP_PART:
                parts[_STEP_PART[step]] = int(days)
        total = int(bd["天数"].iloc[-1])
        allowance = maternity.allowance_breakdown(avg_monthly_wage, total, region=reg, on=on)
        sources += [bd.attrs["sources"], allowance.attrs["sources"]]
        rows.append(
            {
                "region": reg,
                "name": region_name(reg),
                **parts,
                "days": total,
                "allowance": float(allowance["金额（元）"].iloc[-1]),
                "is_person": reg == region,
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["sources"] = merge_sources(sources)
    out.attrs["as_of"] = max(out.attrs["sources"]["effective_from"])
    out.attrs["wage"] = float(avg_monthly_wage)
    out.attrs["region"], out.attrs["on"] = region, on
    out.attrs["daily_rule"] = daily_rule(region, on)
    return out


def flexible_covered_regions(on=None) -> list[str]:
    """The regions with data where flexible workers insured in employee medical insurance are in maternity
    insurance on ``on`` (:func:`maternity.flexible_worker_covered`), in the order of :func:`regions`."""
    return [c for c in regions() if maternity.flexible_worker_covered(region=c, on=on)["covered"]]


__all__ = ["COMPARE", "LEAVE_PARTS", "daily_rule", "flexible_covered_regions", "maternity_scenarios"]
