"""Flexible employment (灵活就业): employee insurance at a chosen base and tier, compared with resident insurance.

Rules (reused from :mod:`yibao_helpers.contribution`, which reads ``data/contribution.csv``,
``data/contribution_tiers.csv``, ``data/account.csv`` and ``data/wages.csv``):

* Tier 1 (一档, the ordinary employee scheme): the person chooses a base between the floor and the
  ceiling ratio of last year's average monthly wage (``employee.base_floor_ratio`` /
  ``employee.base_ceiling_ratio``, 60 %–300 %, 国发〔1998〕44号 local rules); the base is then clamped
  to the region's published floor and ceiling where it has them (:func:`account.contribution_base`).
  A flexible worker pays **both** shares (employer rate + individual rate) — the common arrangement;
  local flexible-employment rates (e.g. 北京's old 70 % × 7 %) are not in the data. The account
  receives the credit of :func:`account.monthly_credit` (after 国办发〔2021〕14号 the person's own 2 %),
  the rest goes to the pool; 大额互助 / 地方补充 go to other funds.
* Tiers 2 and 3 (深圳 二档/三档): base = the tier base, small rates, no personal account (K29).
* Resident insurance for the same person: the individual contribution of the year (the person
  pays) plus the fiscal subsidy, all to the pool, no account (``resident.*`` rows).

``average wage`` is the region's ``wage.avg_annual_prev_year`` (the national illustrative series
where the region has none), so for regions with published absolute floors/ceilings the chosen
ratio is an approximation that is then clamped to the published limits.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import checks
from ..core.errors import YibaoInputError
from ..core.money import MONTHS
from ..params import check_region, rule_year
from . import account, contribution
from .codes import TIERS

COLUMNS = ["option", "选项", "tier", "base_ratio", "base", "cost", "to_account", "to_pool", "to_other", "pooled_cost"]


def base_range(*, region: str = "national", year: int | None = None) -> tuple[float, float, float]:
    """(floor ratio, ceiling ratio, average monthly wage) used to turn a base ratio into yuan."""
    check_region(region)
    pol = account.policy_for_year(region, rule_year(year))
    return (
        float(pol["employee.base_floor_ratio"]),
        float(pol["employee.base_ceiling_ratio"]),
        round(float(pol[account.BASE_WAGE]) / MONTHS, 2),
    )


def chosen_base(ratio, *, region: str = "national", year: int | None = None):
    """The monthly base a flexible worker chooses as ``ratio`` × last year's average monthly wage, to the fen:
    the ratio of the unrounded wage (3 × 100516 ÷ 12 = 25129.00, the ceiling; not 3 × 8376.33 = 25128.99)."""
    check_region(region)
    lo, hi, _ = base_range(region=region, year=year)
    arr = checks.as_array("ratio", ratio, lo=lo, hi=hi, unit_zh="倍上年平均工资", unit_en="× last year's average wage")
    pol = account.policy_for_year(region, rule_year(year))
    return checks.same_shape(np.round(arr * float(pol[account.BASE_WAGE]) / MONTHS, 2), ratio)


def flexible_cost(base_ratio=0.6, *, tier=1, region: str = "national", year: int | None = None, age=40) -> pd.DataFrame:
    """Yearly cost of employee insurance for a flexible worker, vectorised over base ratios.

    base_ratio : the chosen base as a share of last year's average monthly wage (a number or array,
        within the data's floor and ceiling ratio, e.g. 0.6–3.0); ignored for tiers 2/3
    tier : 1, 2 or 3 (一档/二档/三档; tiers 2/3 only where the data have them, e.g. 深圳)
    region, year : region code; calendar year whose 1 July rules apply (None = newest data)
    age : the person's age (only matters for pre-2021 age bands)

    Returns a DataFrame, one row per ratio: ``base_ratio, base`` (元/月), yearly ``cost`` (both
    shares, paid by the person), ``to_account``, ``to_pool``, ``to_other``, ``pooled_cost``
    (= cost − to_account: the part that does not stay in the person's own account) and
    ``resident_cost`` (resident individual contribution of the year). ``cost == to_account +
    to_pool + to_other``; ``attrs['sources']`` lists the rows used.
    """
    check_region(region)
    y = rule_year(year)
    lo, hi, avg = base_range(region=region, year=y)
    tier_code = checks.choice("tier", tier, TIERS)
    ratio = checks.as_array(
        "base_ratio", base_ratio, lo=lo, hi=hi, unit_zh="倍上年平均工资", unit_en="× last year's average wage"
    )
    salary = chosen_base(ratio, region=region, year=y)
    flows = contribution.employee_flows(salary, region=region, year=y, age=age, tier=tier_code)
    resident = contribution.resident_flows(y, region=region)
    out = pd.DataFrame(
        {
            "base_ratio": ratio,
            "base": flows["base"].to_numpy(),
            "cost": flows["total"].to_numpy(),
            "to_account": flows["to_account"].to_numpy(),
            "to_pool": flows["to_pool"].to_numpy(),
            "to_other": flows["to_other"].to_numpy(),
        }
    )
    out["pooled_cost"] = np.round(out["cost"] - out["to_account"], 2)
    out["resident_cost"] = float(resident["individual"].iloc[0])
    sources = pd.concat([flows.attrs["sources"], resident.attrs["sources"]], ignore_index=True).drop_duplicates()
    out.attrs.update(
        region=region,
        year=y,
        tier=tier_code,
        sources=sources.reset_index(drop=True),
        as_of=max(flows.attrs["as_of"], resident.attrs["as_of"]),
        average_monthly_wage=avg,
        # one ratio whose base the local limits moved: "下限" / "上限" (the label says the base is the limit)
        clamped=_clamped(salary, out["base"].to_numpy()) if out.shape[0] == 1 else "",
    )
    return out


def _clamped(salary, base) -> str:
    s, b = float(np.ravel(salary)[0]), float(np.ravel(base)[0])
    return "下限" if b > s else "上限" if b < s else ""


def compare_with_resident(
    base_ratio=0.6, *, tiers=(1,), region: str = "national", year: int | None = None, age=40
) -> pd.DataFrame:
    """Flexible employment at one base ratio (each tier asked for) next to resident insurance, for one person.

    Returns one row per option: ``option`` (``tier1`` … / ``resident``), ``选项`` (Chinese label),
    ``tier``, ``base_ratio``, ``base`` (元/月), yearly ``cost`` (what the person pays), ``to_account``,
    ``to_pool`` (for residents: individual + fiscal subsidy), ``to_other``, ``pooled_cost``
    (cost − to_account). ``attrs``: ``sources``, ``subsidy`` (the resident fiscal subsidy).
    """
    if np.ndim(base_ratio) != 0:
        raise YibaoInputError(
            "base_ratio",
            base_ratio,
            "这里只比较一个基数比例（多个比例请用 flexible_cost）",
            "give one ratio here (use flexible_cost for arrays)",
        )
    if isinstance(tiers, (str, int)) or not hasattr(tiers, "__iter__"):
        tiers = (tiers,)
    tiers = [checks.choice("tiers", t, TIERS) for t in tiers]
    if not tiers:
        raise YibaoInputError("tiers", "[]", "至少给出一个档次（1、2 或 3）", "give at least one tier (1, 2 or 3)")
    rows, sources = [], []
    tier_zh = {1: "一档", 2: "二档", 3: "三档"}
    for t in tiers:
        df = flexible_cost(base_ratio, tier=t, region=region, year=year, age=age)
        r = df.iloc[0]
        code = df.attrs["tier"]
        if code != 1:
            label = f"职工医保{tier_zh[code]}（灵活就业，无个人账户）"
        elif df.attrs.get("clamped"):  # the chosen share fell outside the local base limits: the limit is the base
            label = f"职工医保{tier_zh[code]}（灵活就业，按当地基数{df.attrs['clamped']} {float(r['base']):,.2f} 元）"
        else:
            label = f"职工医保{tier_zh[code]}（灵活就业，基数 {float(r['base_ratio']):.0%} 平均工资）"
        rows.append(
            {
                "option": f"tier{code}",
                "选项": label,
                "tier": code,
                "base_ratio": float(r["base_ratio"]) if code == 1 else np.nan,
                "base": float(r["base"]),
                "cost": float(r["cost"]),
                "to_account": float(r["to_account"]),
                "to_pool": float(r["to_pool"]),
                "to_other": float(r["to_other"]),
                "pooled_cost": float(r["pooled_cost"]),
            }
        )
        sources.append(df.attrs["sources"])
    res = contribution.resident_flows(rule_year(year), region=region).iloc[0]
    rows.append(
        {
            "option": "resident",
            "选项": "城乡居民医保（个人缴费；另有财政补助进统筹）",
            "tier": 0,
            "base_ratio": np.nan,
            "base": np.nan,
            "cost": float(res["individual"]),
            "to_account": 0.0,
            "to_pool": float(res["to_pool"]),
            "to_other": 0.0,
            "pooled_cost": float(res["individual"]),
        }
    )
    sources.append(contribution.resident_flows(rule_year(year), region=region).attrs["sources"])
    out = pd.DataFrame(rows, columns=COLUMNS)
    out.attrs.update(
        region=region,
        year=rule_year(year),
        subsidy=float(res["subsidy"]),
        sources=pd.concat(sources, ignore_index=True).drop_duplicates().reset_index(drop=True),
    )
    return out
