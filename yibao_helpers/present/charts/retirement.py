"""Charts of notebook 07: statutory retirement ages, the medical-insurance years by region, the top-up cost.

The ``plot_*`` functions draw exactly the frame they are given (built by :mod:`yibao_helpers.scenarios.retirement`
from the tested calculators), use the packaged CJK font (:mod:`yibao_helpers.present.style`) and end with
:func:`yibao_helpers.present.footnotes.source_footnote` (sources, as-of date, illustrative flag).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ...core.money import MONTHS
from ...params import region_name
from ...rules.retirement import GROUP_ZH, SEX_ZH
from .. import footnotes, style
from ..style import COLORS, money_axis

GROUP_COLORS = {"male": "#2b6cb0", "female_cadre": "#805ad5", "female_worker": "#c05621"}
SEX_COLORS = {"male": "#2b6cb0", "female": "#d53f8c"}


def plot_retirement_ages(grid: pd.DataFrame, *, person: pd.DataFrame | None = None, title: str | None = None, ax=None):
    """Step lines: statutory retirement age (岁) by birth month, one line per group; the person marked.

    ``grid``: :func:`~yibao_helpers.scenarios.retirement.retirement_age_grid`; ``person``: a one-row
    :func:`~yibao_helpers.rules.retirement.retirement_table`.
    """
    attrs_of = grid  # sliced below without its attrs; the footnote reads them from here
    grid = style.plain(grid)
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.6)) if own else (ax.figure, ax)
    for g in [g for g in GROUP_ZH if g in set(grid["group"])]:
        part = grid[grid["group"] == g]
        ax.step(
            part["x"],
            part["age_total"],
            where="post",
            color=GROUP_COLORS[g],
            lw=2,
            label=f"{GROUP_ZH[g]}：{part['old_age'].min():g}→{part['age_total'].max():g} 岁",
        )
    if person is not None and len(person):
        row = person.iloc[0]
        y, m = (int(v) for v in row["birth"].split("-"))
        x, age = y + (m - 1) / MONTHS, row["age_years"] + row["age_months"] / MONTHS
        date = pd.Timestamp(row["retirement_date"])
        ax.plot(
            [x],
            [age],
            "o",
            ms=9,
            mfc="white",
            mec="#1a202c",
            mew=2,
            zorder=5,
            label=f"你：{y}年{m}月出生 → {row['age']}（{date.year}年{date.month}月）",
        )
    ax.set_xlabel("出生年月（年）")
    ax.set_ylabel("法定退休年龄（岁）")
    lo, hi = float(grid["age_total"].min()), float(grid["age_total"].max())
    ax.set_ylim(math.floor(lo) - 1, math.ceil(hi) + 3.5)
    ax.set_title(title or "延迟退休：出生越晚，法定退休年龄越高（2025年起逐步实施）")
    ax.legend(loc="upper left", fontsize=8, frameon=False, ncol=2)
    if own:
        footnotes.source_footnote(fig, attrs_of.attrs.get("sources"))
    return fig


def plot_medical_years(
    table: pd.DataFrame,
    *,
    years: float | None = None,
    region: str | None = None,
    title: str | None = None,
    ax=None,
    on=None,
):
    """Grouped bars: minimum cumulative years (男 / 女) by region; hatched where the rows are illustrative;
    a dashed line at ``years`` (the person's years) and the person's ``region`` in orange (whose data's
    freshness at ``on`` the footnote checks)."""
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.4)) if own else (ax.figure, ax)
    x = np.arange(len(table))
    width = 0.38
    for i, sex in enumerate(("male", "female")):
        bars = ax.bar(
            x + (i - 0.5) * width,
            table[sex],
            width=width,
            color=SEX_COLORS[sex],
            label=f"{SEX_ZH[sex]}性（累计年限）",
            hatch=None,
            edgecolor="white",
        )
        for b, conf, v in zip(bars, table["confidence"], table[sex]):
            if conf == "illustrative":
                b.set_hatch("//")
            ax.text(b.get_x() + b.get_width() / 2, v + 0.3, f"{v:g}", ha="center", va="bottom", fontsize=8)
    if years is not None:
        ax.axhline(years, color="#1a202c", ls="--", lw=1.2, label=f"你的累计年限 {years:g} 年")
    ax.set_xticks(x)
    ax.set_xticklabels(
        [f"{n}\n其中本地≥{loc:g}年" if loc > 0 else n for n, loc in zip(table["name"], table["local"])], fontsize=9
    )
    for lab, reg in zip(ax.get_xticklabels(), table["region"]):
        if reg == region:
            lab.set_color(COLORS["highlight"])
    top = max(float(table[["male", "female"]].to_numpy().max()), years or 0)
    ax.set_ylim(0, top * 1.3)
    ax.set_ylabel("最低累计缴费年限（年）")
    ax.set_xlabel("地区（斜线 = 来源质量低的示例值）")
    ax.set_title(title or "退休后享受职工医保要缴满多少年：各地不同，国家没有统一年限")
    ax.legend(loc="upper right", fontsize=8, frameon=False, ncol=3)
    if own:
        footnotes.source_footnote(fig, table.attrs.get("sources"), region=region, on=on)
    return fig


def plot_topup(
    curve: pd.DataFrame,
    *,
    person: dict | None = None,
    title: str | None = None,
    ax=None,
    region: str | None = None,
    on=None,
):
    """Bars: one-time top-up cost (元) by cumulative years at retirement; the person's case marked.

    ``curve``: :func:`~yibao_helpers.scenarios.retirement.topup_curve`; ``person``: ``{"total_years",
    "missing_years", "cost"}`` (e.g. :func:`~yibao_helpers.scenarios.retirement.topup_trace`'s attrs), drawn as a
    point with its label.
    """
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.4)) if own else (ax.figure, ax)
    ax.bar(
        curve["total_years"],
        curve["cost"],
        width=0.8,
        color="#a0aec0",
        label="还差的年限一次性补缴（所有年限都在本地缴）",
    )
    req = curve.attrs.get("required")
    if req is not None:
        ax.axvline(req, color="#38a169", lw=1.5, ls="--", label=f"最低年限 {req:g} 年：达到即不用补缴")
    if person is not None:
        ax.plot(
            [person["total_years"]],
            [person["cost"]],
            "o",
            ms=9,
            color=COLORS["highlight"],
            zorder=5,
            label=f"你：{person['total_years']:g} 年，差 {person['missing_years']:g} 年，补缴 {person['cost']:,.2f} 元",
        )
    ax.set_xlabel("退休时累计缴费年限（年）")
    ax.set_ylabel("一次性补缴金额（元）")
    money_axis(ax.yaxis)
    ax.set_ylim(0, max(float(curve["cost"].max()), person["cost"] if person else 0, 1.0) * 1.3)
    sex = SEX_ZH.get(curve.attrs.get("sex"), "")
    name = region_name(curve.attrs["region"]) if "region" in curve.attrs else ""
    ax.set_title(title or f"{name}（{sex}）：退休时年限不够，一次性补缴要多少钱")
    ax.legend(loc="upper center", bbox_to_anchor=(0.6, 1.0), fontsize=8, frameon=True, framealpha=0.9, edgecolor="none")
    if own:
        footnotes.source_footnote(fig, curve.attrs.get("sources"), **footnotes.page(curve, region, on))
    return fig


__all__ = ["GROUP_COLORS", "SEX_COLORS", "plot_medical_years", "plot_retirement_ages", "plot_topup"]
