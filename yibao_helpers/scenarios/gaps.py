"""Gaps in contributions (断缴, notebook 06): when benefits restart, and the personal account during a gap.

* :func:`gap_example` — :func:`~yibao_helpers.rules.gaps.restart_date` for both schemes and
  :func:`~yibao_helpers.rules.gaps.account_during_gap`; where a year of the projection lacks the
  region's data, the projection starts in the newest data year, where
  :func:`~yibao_helpers.params.resolve.resolve` finds the missing parameter (上海 2025-07 – 2026-06
  bases: 2026), said in ``notes``;
* :func:`gap_summary`, :func:`employee_gap_regions`, :func:`employee_gap_rules` (the employee gap rules
  in the data, for the page's table), :func:`values_of`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..core import checks
from ..core.errors import MissingDataError
from ..params import CONFIDENCE, data_as_of, merge_sources, region_name, resolve, rule_year, tables
from ..params.catalogue import label_of
from ..rules import gaps
from .stand_ins import moved_note

EMPLOYMENT_ZH = {"unit": "单位参保", "flexible": "灵活就业"}


@dataclass
class GapExample:
    """After a gap: when each scheme's benefits restart, and the personal account during the gap."""

    employee: gaps.Restart
    resident: gaps.Restart
    account: pd.DataFrame  # gaps.account_during_gap
    gap_years: list
    notes: list = field(default_factory=list)

    @property
    def sources(self) -> pd.DataFrame:
        return merge_sources(self.employee.sources, self.resident.sources, self.account.attrs["sources"])

    @property
    def in_gap(self) -> pd.DataFrame:
        """The rows of :attr:`account` in the gap years."""
        return self.account[self.account["in_gap"]]


def gap_example(
    *,
    gap_months=0,
    gap_years=0,
    made_up_years=0,
    monthly_salary,
    age,
    opening_balance=0.0,
    region: str = "national",
    employment: str = "flexible",
    made_up: bool = True,
    paid_on=None,
    start_year: int | None = None,
) -> GapExample:
    """Restart dates (:func:`gaps.restart_date`, employee after ``gap_months``, resident after ``gap_years``)
    and :func:`gaps.account_during_gap` for ``gap_years`` calendar years starting the year after
    ``start_year`` (None = newest data), drawn over one year before and two after (up to age 100).
    If a year of that projection lacks the region's data, the projection starts in the newest data year
    instead, where :func:`resolve` finds the missing parameter (else the error stands), with a note."""
    employee = gaps.restart_date(
        "employee", paid_on, region=region, gap_months=gap_months, made_up=made_up, employment=employment
    )
    resident = gaps.restart_date("resident", paid_on, region=region, gap_years=gap_years, made_up_years=made_up_years)
    g = int(gap_years)
    first = rule_year(start_year, "start_year")
    age_ok = checks.as_array("age", age, lo=checks.AGE_MIN, hi=checks.AGE_MAX, unit_zh="岁", unit_en="years of age")[0]
    years = int(min(g + 3, checks.AGE_MAX - age_ok + 1))
    gap_list = [first + 1 + i for i in range(g) if 1 + i < years]
    notes = []
    if len(gap_list) < g:
        notes.append(f"年龄所限，账户只算到 {checks.AGE_MAX} 岁：断缴的 {g} 年中只画出 {len(gap_list)} 年。")

    def projection(start: int, gap_list: list) -> pd.DataFrame:
        return gaps.account_during_gap(
            monthly_salary,
            age,
            years,
            gap_years=gap_list,
            region=region,
            start_year=start,
            opening_balance=opening_balance,
        )

    try:
        df = projection(first, gap_list)
    except MissingDataError as exc:
        newest = data_as_of()
        if first >= newest.year:
            raise
        try:  # the missing parameter on the newest data date: the projection starts in that year
            res = resolve(exc.parameter, exc.region, newest, qualifier=exc.qualifier)
        except MissingDataError:
            raise exc from None
        notes.append(
            moved_note(
                region, (first, first + years - 1), newest.year, [res], "个人账户一节", f"（从 {newest.year} 年算起）"
            )
        )
        gap_list = [y - first + newest.year for y in gap_list]
        df = projection(newest.year, gap_list)
    return GapExample(employee, resident, df, gap_list, notes)


def gap_summary(ex: GapExample) -> str:
    df = ex.account
    gap = ex.in_gap
    text = f"职工医保：{ex.employee.summary_zh}居民医保：{ex.resident.summary_zh}"
    if len(gap):
        text += (
            f"个人账户：断缴 {len(gap)} 年少划入 {gap['credit_lost'].sum():,.2f} 元，其间利息 {gap['interest'].sum():,.2f} 元照常计入；"
            f"{int(df['year'].iloc[-1])} 年末余额 {df['balance'].iloc[-1]:,.2f} 元"
            f"（不断缴为 {df['balance_without_gap'].iloc[-1]:,.2f} 元）。"
        )
    else:
        text += f"个人账户：没有断缴年份，{int(df['year'].iloc[-1])} 年末余额 {df['balance'].iloc[-1]:,.2f} 元。"
    return text


def values_of(sources: pd.DataFrame) -> dict:
    """``{parameter: value}`` of a sources frame (qualified names keep their ``[qualifier]``), to quote rules in text."""
    if sources is None or not len(sources):
        return {}
    return dict(zip(sources["parameter"], sources["value"]))


def employee_gap_regions() -> list:
    """Region codes with their own employee gap rules in ``data/gaps.csv`` (plus ``national``), in data order."""
    return list(dict.fromkeys(["national"] + list(_employee_gap_rows()["region"])))


def _employee_gap_rows() -> pd.DataFrame:
    rows = tables()
    return rows[rows["parameter"].str.startswith("gap.employee.")]


def employee_gap_rules() -> pd.DataFrame:
    """The employee gap rules in the data, for readers: 地区, 规则, 适用, 月数, 生效, 来源, 可信度."""
    rows = _employee_gap_rows()
    return pd.DataFrame(
        {
            "地区": rows["region"].map(region_name),
            "规则": rows["parameter"].map(label_of),
            "适用": rows["qualifier"].str.replace("employment=", "", regex=False).map(EMPLOYMENT_ZH).fillna("全部"),
            "月数": rows["value"],
            "生效": rows["effective_from"],
            "来源": rows["source"],
            "可信度": rows["confidence"].map(CONFIDENCE),
        }
    ).reset_index(drop=True)


def employee_waiting_by_region(paid_on, employment: str = "flexible", months_max: int = 12) -> dict:
    """Region name → :func:`yibao_helpers.rules.gaps.employee_waiting` for gaps of 0 … ``months_max`` months, for
    every region with its own employee gap rules (:func:`employee_gap_regions`)."""
    months = checks.as_int("months_max", months_max, lo=0, hi=gaps.GAP_MONTHS_MAX, unit_zh="月", unit_en="months")
    return {
        region_name(code): gaps.employee_waiting(
            list(range(months + 1)), paid_on=paid_on, region=code, employment=employment
        )
        for code in employee_gap_regions()
    }
