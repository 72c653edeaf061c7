"""Personal-account analyses built from several calculator calls (notebook 01, its claims, the dashboard).

* :func:`reform_rules_year` — the year whose rules settle a claim about the 2021 reform (the page's year,
  or — before the reform reached the region — the first year after it, found by :func:`~yibao_helpers.params.resolve`);
* :func:`balance_and_limit` — the account balance and the outpatient-pool limit over the same years
  (the account carries over, the limit resets every 1 January);
* :func:`contribution_index` — a salary's contribution base ÷ the pension's 计发基数 (the dashboard's
  pension tab turns its salary slider into the index the pension formula takes).
"""

from __future__ import annotations

import pandas as pd

from ..core.dates import mid_year
from ..params import Resolution, merge_sources, resolve, rule_year
from ..rules import account, outpatient

REFORM_PARAMETER = "account.post.individual_credit_rate"  # the row that exists from the 2021 reform on


def reform_rules_year(region: str = "national", year=None) -> tuple[int, Resolution]:
    """(year, resolution): the year whose rules check the claims about the 2021 reform, and how it was found.

    ``year`` (None = the newest data year) when the post-reform credit rate is in force on its 1 July;
    otherwise the first year whose 1 July lies in the region's first post-reform row (the resolution is
    ``shifted`` and its ``row.effective_from`` is the reform date).
    """
    y = rule_year(year)
    found = resolve(REFORM_PARAMETER, region, y, fallback=("later",))
    return found.year, found


def reform_date_zh(region: str = "national", year=None) -> str:
    """When the 2021 account rules began for ``region``, said as a page should say it: the region's (or its
    province's) own implementation date with its document, or — where the data have none — that the local date is
    not known and which date the page used (the State Council document's date; reviews/data-truth.md M2)."""
    from ..params import region_name
    from ..params.text import short_source

    found = resolve("account.reform_date", region, mid_year(rule_year(year)))
    row = found.row
    if found.how in ("local", "province"):
        return f"{row.value:%Y-%m-%d} 起（{short_source(row.source)}）"
    place = "各地" if region == "national" else region_name(region)
    grade = "，示例值" if row.confidence == "illustrative" else ""
    return (
        f"{place}的实施日期本项目未收录（各地实施日期不同），这里按{short_source(row.source)}的日期 "
        f"{row.value:%Y-%m-%d} 计（{region_name(row.region)}的数据{grade}）"
    )


def balance_and_limit(
    monthly_salary,
    age,
    years: int,
    *,
    region: str = "national",
    start_year: int | None = None,
    annual_spending=0.0,
    monthly_cost=0.0,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(balance, limit, sources): :func:`~yibao_helpers.rules.account.project_balance` and
    :func:`~yibao_helpers.rules.outpatient.limit_by_month` (``monthly_cost`` of outpatient bills a month)
    over the same ``years`` from ``start_year``, and the distinct data rows behind both.

    A year before the outpatient pool existed raises the limit's
    :class:`~yibao_helpers.core.errors.YibaoInputError` (the page shows its no-data message).
    """
    balance = account.project_balance(
        monthly_salary, age, years, region=region, start_year=start_year, annual_spending=annual_spending
    )
    limit = outpatient.limit_by_month(monthly_cost, years, region=region, start_year=start_year)
    return balance, limit, merge_sources(balance.attrs["sources"], limit.attrs["sources"])


def contribution_index(monthly_salary, *, region: str = "national", year=None) -> dict:
    """The pension inputs of a salary: 计发基数 ``avg_wage`` (元/月, :func:`yibao_helpers.scenarios.pension.pension_base`
    on 1 July of ``year``), the contribution ``base`` (:func:`~yibao_helpers.rules.account.contribution_base`: the
    salary clamped to the region's floor and ceiling), ``index`` = base ÷ avg_wage (4 decimals) and the
    ``sources`` of the 计发基数."""
    from .pension import pension_base

    y = rule_year(year)
    avg_wage, sources = pension_base(region, mid_year(y))
    base = float(account.contribution_base(account.policy_for_year(region, y), monthly_salary))
    return {"avg_wage": avg_wage, "index": round(base / avg_wage, 4), "base": base, "sources": sources}
