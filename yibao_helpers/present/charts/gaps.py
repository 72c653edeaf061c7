"""Charts for gaps in contributions (断缴, notebook 06): waiting periods after a gap and the account during it.

Each function draws what a calculator returned (no rule is computed here) and ends with
:func:`~yibao_helpers.present.footnotes.source_footnote`:

* :func:`plot_resident_waiting` — :func:`~yibao_helpers.rules.gaps.resident_waiting` by case, stacked by part;
* :func:`plot_employee_waiting` — :func:`~yibao_helpers.rules.gaps.employee_waiting` over gap months for
  several regions or kinds of employment;
* :func:`plot_gap_account` — :func:`~yibao_helpers.rules.gaps.account_during_gap`: the balance with and
  without the gap, the gap years shaded.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from ...params import merge_sources
from .. import footnotes, style

style.setup()

COLORS = {"account": "#2b6cb0", "gap": "#718096", "without": "#38a169"}
LINE_COLORS = ["#2b6cb0", "#c05621", "#38a169", "#805ad5", "#d69e2e", "#319795", "#e53e3e"]


def plot_resident_waiting(
    table: pd.DataFrame, *, title: str | None = None, ax=None, region: str | None = None, on=None
):
    """Stacked bars of a resident waiting period by case: fixed, variable, minus make-up, floor top-up.

    ``table``: :func:`yibao_helpers.gaps.resident_waiting` (one row per case, e.g. gaps 0…8 years);
    ``region`` / ``on`` (default: the table's payment date): for the footnote's freshness warning.
    """
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.2)) if own else (ax.figure, ax)
    x = np.arange(len(table))
    fixed = table["fixed"].to_numpy()
    kept = (table["variable"] - table["reduction"]).to_numpy()
    top = table["floor_top_up"].to_numpy()
    ax.bar(x, fixed, color="#2b6cb0", label=style.legend_label("固定等待期", fixed))
    ax.bar(x, kept, bottom=fixed, color="#dd6b20", label=style.legend_label("变动等待期（断保年数 − 补缴年数）", kept))
    ax.bar(x, top, bottom=fixed + kept, color="#805ad5", label=style.legend_label("长期断保下限补足", top))
    for xi, w in zip(x, table["waiting_months"]):
        ax.text(xi, w + 0.1, f"{w}", ha="center", va="bottom", fontsize=8)
    ax.set_ylim(0, max(float(table["waiting_months"].max()), 1.0) * 1.2)
    ax.set_xticks(x)
    ax.set_xticklabels([f"断{g}年\n补{m}年" for g, m in zip(table["gap_years"], table["made_up_years"])], fontsize=8)
    ax.set_ylabel("等待期（月）")
    ax.set_xlabel("断保年数 / 补缴年数")
    ax.set_title(title or f"居民医保断保后的待遇等待期（{table.attrs.get('paid_on', '')} 缴费）")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    if own:
        footnotes.source_footnote(fig, table.attrs.get("sources"), **footnotes.page(table, region, on))
    return fig


def plot_employee_waiting(tables: dict, *, title: str | None = None, ax=None):
    """Step lines: waiting months (y) after a break of x months, one line per rule (regions with the same
    waiting months share a line and its label).

    ``tables``: ``{label: employee_waiting(...)}``, each over the same grid of ``gap_months``.
    """
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.2)) if own else (ax.figure, ax)
    frames = list(tables.values())
    # regions whose rules give the same waiting months share one line (labelled with all their names) instead
    # of lines nudged apart, which would draw values that no rule gives
    groups: dict[tuple, list] = {}
    for label, df in tables.items():
        key = (tuple(df["gap_months"]), tuple(df["waiting_months"]))
        groups.setdefault(key, [label, df, []])[2].append(label)
    top = 1.0
    for i, (_label, df, names) in enumerate(groups.values()):
        ax.step(
            df["gap_months"],
            df["waiting_months"],
            where="post",
            lw=2.6 - 0.4 * min(i, 3),
            color=LINE_COLORS[i % len(LINE_COLORS)],
            label="、".join(str(n) for n in names),
        )
        top = max(top, float(df["waiting_months"].max()))
    ax.set_ylim(-0.5, top * 1.45 + 0.5)
    ax.set_xlabel("中断缴费的月数（月）")
    ax.set_ylabel("续缴后的待遇等待期（月）")
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_title(title or "职工医保中断后续缴：等多久才能报销")
    ax.legend(loc="upper left", fontsize=8, frameon=False, ncol=2)
    if own:
        parts = [df.attrs.get("sources") for df in frames]
        sources = merge_sources(*parts) if any(p is not None and len(p) for p in parts) else None
        footnotes.source_footnote(fig, sources)
    return fig


def plot_gap_account(df: pd.DataFrame, *, title: str | None = None, ax=None, region: str | None = None, on=None):
    """Year-end balance with the gap (bars) and without it (line); gap years shaded; credit lost annotated.

    ``df``: :func:`yibao_helpers.gaps.account_during_gap` for one person.
    """
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.4)) if own else (ax.figure, ax)
    years = df["year"].to_numpy()
    in_gap = df["in_gap"].to_numpy(dtype=bool)
    ax.bar(years, df["balance"], color=np.where(in_gap, COLORS["gap"], COLORS["account"]), alpha=0.9, width=0.7)
    (line,) = ax.plot(
        years, df["balance_without_gap"], "o-", color=COLORS["without"], ms=3, lw=1.5, label="如果没有断缴的年末余额"
    )
    handles = [line, Patch(color=COLORS["account"], label="年末余额（正常缴费年份）")]
    if in_gap.any():
        handles.append(Patch(color=COLORS["gap"], label="年末余额（断缴年份：不划入，照常计息、可用）"))
        for y in years[in_gap]:
            ax.axvspan(y - 0.5, y + 0.5, color=COLORS["gap"], alpha=0.10, lw=0)
    lost = float(df["credit_lost"].sum())
    top = float(max(df["balance"].max(), df["balance_without_gap"].max(), 1.0))
    ax.text(
        0.99,
        0.97,
        f"断缴少划入 {lost:,.2f} 元",
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=9,
        color="#2d3748",
        bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="none", alpha=0.85),
    )
    ax.set_ylim(0, top * 1.3)
    ax.set_ylabel("账户余额（元）")
    ages = df["age"].to_numpy()
    ax.set_xticks(years)
    ax.set_xticklabels([f"{y}\n{a:g}岁" for y, a in zip(years, ages)], fontsize=8)
    ax.set_xlabel("年份（年）/ 年龄（岁）")
    style.money_axis(ax.yaxis)
    ax.set_title(title or "断缴期间个人账户：不再划入，但余额不清零、照常计息")
    ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False)
    if own:
        footnotes.source_footnote(fig, df.attrs.get("sources"), **footnotes.projection_page(df, region, on))
    return fig
