"""Flexible employment (灵活就业, notebook 06): employee insurance at a chosen base next to resident insurance.

* :func:`flexible_example` — :func:`~yibao_helpers.rules.flexible.compare_with_resident` with every tier
  the region has and :func:`~yibao_helpers.rules.flexible.flexible_cost` over the grid of base ratios;
  a year the region lacks data for moves to the year :func:`~yibao_helpers.params.resolve.with_data_year`
  finds with ``fallback=("earlier",)`` (the latest earlier year with the missing rows), said in ``notes``;
* :func:`flexible_trace` — how each yuan of the tier-1 year was computed, from
  :func:`~yibao_helpers.rules.contribution.employee_flows`' own results;
* :func:`available_tiers`, :func:`base_grid`, :func:`flexible_summary`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.money import MONTHS
from ..params import check_region, merge_sources, rule_year, with_data_year
from ..rules import account, contribution, flexible
from .stand_ins import moved_note

EMPLOYER_ADD_ONS = ("employee.large_amount_employer_rate", "employee.local_supplement_employer_rate")
INDIVIDUAL_ADD_ONS = ("employee.large_amount_individual",)


def available_tiers(region: str = "national", year: int | None = None) -> tuple:
    """The employee tiers a region has in a year: (1,) plus 2 and 3 where the data have them (深圳)."""
    pol = account.policy_for_year(region, rule_year(year))
    return (1,) + tuple(t for t in (2, 3) if pol.has("employee.tier_base", f"tier={t}"))


@dataclass
class FlexibleExample:
    """Flexible employment at one base ratio next to resident insurance, and the cost over all base ratios."""

    compare: pd.DataFrame  # flexible.compare_with_resident
    by_base: pd.DataFrame  # flexible.flexible_cost over the grid of ratios
    base_ratio: float
    year: int
    notes: list = field(default_factory=list)

    @property
    def sources(self) -> pd.DataFrame:
        return merge_sources(self.compare.attrs["sources"], self.by_base.attrs["sources"])

    @property
    def tier1(self) -> pd.Series:
        """The tier-1 row of :attr:`compare` (base, cost, to_account …)."""
        return self.compare.set_index("option").loc["tier1"]

    @property
    def resident(self) -> pd.Series:
        """The resident-insurance row of :attr:`compare`."""
        return self.compare.set_index("option").loc["resident"]


def base_grid(region: str = "national", year: int | None = None, step: float = 0.05) -> np.ndarray:
    """Base ratios from the data's floor to its ceiling ratio, every ``step`` (for charts and sliders)."""
    lo, hi, _ = flexible.base_range(region=region, year=year)
    n = int(round((hi - lo) / step)) + 1
    return np.round(np.linspace(lo, hi, n), 4)


def flexible_example(base_ratio, *, region: str = "national", year: int | None = None, age=40) -> FlexibleExample:
    """:func:`flexible.compare_with_resident` (every tier the region has) and :func:`flexible.flexible_cost` over
    the ratio grid; a year whose data are incomplete for the region moves to the latest earlier year that has
    the missing rows (:func:`with_data_year`, ``fallback=("earlier",)``), with a note."""
    check_region(region)
    asked = rule_year(year)

    def compute(y):
        tiers = available_tiers(region, y)
        compare = flexible.compare_with_resident(base_ratio, tiers=tiers, region=region, year=y, age=age)
        by_base = flexible.flexible_cost(base_grid(region, y), region=region, year=y, age=age)
        return compare, by_base

    (compare, by_base), y, moved = with_data_year(compute, region, asked, fallback=("earlier",))
    notes = [moved_note(region, asked, y, moved, "本节")] if y != asked else []
    return FlexibleExample(compare, by_base, float(base_ratio), int(y), notes)


def flexible_summary(ex: FlexibleExample) -> str:
    c = ex.compare.set_index("option")
    t1, res = ex.tier1, ex.resident
    text = (
        f"{ex.year} 年，按 {ex.base_ratio:.0%} 基数（{t1['base']:,.2f} 元/月）参加职工医保：每年缴 {t1['cost']:,.2f} 元，"
        f"其中进个人账户 {t1['to_account']:,.2f} 元、进统筹 {t1['to_pool']:,.2f} 元；"
        f"城乡居民医保个人每年缴 {res['cost']:,.2f} 元，没有个人账户。"
    )
    for opt in ("tier2", "tier3"):
        if opt in c.index:
            text += f"{c.loc[opt, '选项'].split('（')[0]}每年 {c.loc[opt, 'cost']:,.2f} 元，进个人账户 {c.loc[opt, 'to_account']:,.2f} 元。"
    return text


def flexible_trace(ex: FlexibleExample) -> pd.DataFrame:
    """How each yuan of the flexible worker's tier-1 year was computed (步骤, 规则, 金额（元）, 来源).

    Every amount is a result of :func:`contribution.employee_flows` for the example's base (the same
    call :func:`flexible.flexible_cost` makes); the rates in the texts are the data's. The employer and
    the individual part include the local add-ons (大额互助 / 地方补充), shown again as the part that goes
    to other funds.
    """
    region = ex.compare.attrs["region"]
    pol = account.policy_for_year(region, ex.year)
    lo, hi, avg = flexible.base_range(region=region, year=ex.year)
    salary = float(flexible.chosen_base(ex.base_ratio, region=region, year=ex.year))
    flows = contribution.employee_flows(salary, region=region, year=ex.year).iloc[0]
    emp_rate, ind_rate = float(pol["employee.employer_rate"]), float(pol["employee.individual_rate"])

    def add_on(*names: str) -> str:  # the local add-ons the data have for this side (contribution._tier1_flows)
        return "，含大额互助 / 地方补充" if any(pol.has(n) and float(pol[n]) for n in names) else ""

    steps = [
        (
            "缴费基数（月）",
            f"上年月平均工资 {avg:,.2f} × {ex.base_ratio:.0%}（可选 {lo:.0%}–{hi:.0%}），再限定在当地基数上下限之间",
            flows["base"],
            pol.source("employee.base_floor_ratio"),
        ),
        (
            "单位部分（灵活就业自己缴）",
            f"基数 × {emp_rate:.1%} × {MONTHS} 个月{add_on(*EMPLOYER_ADD_ONS)}",
            flows["employer"],
            pol.source("employee.employer_rate"),
        ),
        (
            "个人部分",
            f"基数 × {ind_rate:.1%} × {MONTHS} 个月{add_on(*INDIVIDUAL_ADD_ONS)}",
            flows["employee"],
            pol.source("employee.individual_rate"),
        ),
        ("全年缴费合计", "单位部分 + 个人部分", flows["total"], ""),
        (
            "其中划入个人账户",
            "改革后只划入个人缴费部分（每月划入 × 12）",
            flows["to_account"],
            pol.source("account.post.individual_credit_rate")
            if flows["regime"] == "post_2021"
            else pol.source("account.pre.individual_credit_rate"),
        ),
        ("其中进统筹基金", "其余部分（用于全体参保人的报销）", flows["to_pool"], pol.source("employee.employer_rate")),
    ]
    if flows["to_other"]:
        steps.append(("其中进大额互助 / 地方补充", "按当地规定另缴，进其他基金", flows["to_other"], "见规则表"))
    return pd.DataFrame(steps, columns=["步骤", "规则", "金额（元）", "来源"])


def compare_table(ex: FlexibleExample) -> pd.DataFrame:
    """The options of :func:`flexible_example` side by side, with Chinese headers (resident insurance is a flat
    yearly amount: its base is shown as —)."""
    c = ex.compare
    return (
        c[["选项", "base", "cost", "to_account", "to_pool", "to_other"]]
        .assign(base=c["base"].map(lambda v: "—" if pd.isna(v) else f"{v:.2f}"))
        .rename(
            columns={
                "base": "基数（元/月）",
                "cost": "本人每年缴（元）",
                "to_account": "进个人账户",
                "to_pool": "进统筹",
                "to_other": "大额互助/地方补充",
            }
        )
    )
