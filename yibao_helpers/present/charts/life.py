"""More charts for notebooks 04–06 (family mutual aid, balance changes, flexible employment and gaps).

Like :mod:`yibao_helpers.charts_family`, each function only draws what a calculator returned (no
rule is computed here), uses the packaged CJK font via :func:`yibao_helpers.style.setup` and ends
with :func:`yibao_helpers.footnotes.source_footnote` (sources and as-of date of the rows used).

* :func:`plot_family_cost_curve` — a vector :func:`yibao_helpers.family_year.simulate_family_year`
  against the relative's cost that varies: what the account pays and what is paid in cash.
* :func:`plot_gap_account` — :func:`yibao_helpers.gaps.account_during_gap`: the balance with and
  without the gap, the gap years shaded.
* :func:`plot_flexible_by_base` — :func:`yibao_helpers.flexible.flexible_cost` over a grid of base
  ratios: where a flexible worker's yearly contribution goes, next to the resident contribution.
* :func:`plot_employee_waiting` — :func:`yibao_helpers.gaps.employee_waiting` over gap months for
  several regions or kinds of employment: the waiting months after a break.
* :func:`plot_waterfall` — :func:`yibao_helpers.charts_family.plot_waterfall` with room below
  negative values and the label of a negative start/end bar under the bar (the original draws it
  inside the bar and clips the lowest bar at the axis).
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from .. import footnotes, style

style.setup()

COLORS = {
    "account": "#2b6cb0",
    "cash": "#c05621",
    "pool": "#dd6b20",
    "other": "#a0aec0",
    "resident": "#805ad5",
    "gap": "#718096",
    "without": "#38a169",
}
LINE_COLORS = ["#2b6cb0", "#c05621", "#38a169", "#805ad5", "#d69e2e", "#319795", "#e53e3e"]


def _money_axis(axis):
    axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))


def plot_family_cost_curve(
    result,
    x,
    *,
    x_label: str = "亲属的个人负担医疗费（元/年）",
    title: str | None = None,
    ax=None,
    region: str | None = None,
):
    """Stacked areas against a varying cost: paid from the account (blue) and in cash (orange), whole family.

    ``result``: a vector :func:`yibao_helpers.family_year.simulate_family_year` (one scenario per value of ``x``);
    ``x``: the varying amount (元/年), same length as the scenarios. The dashed line is the money the
    account had in the year (opening balance + credit): the blue area never rises above it.
    """
    x = np.asarray(x, dtype=float)
    summary = result.summary
    if len(summary) != x.size:
        raise ValueError(f"x has {x.size} values but the result has {len(summary)} scenarios")
    paid = summary["paid_from_account"].to_numpy(dtype=float)
    cash = summary["cash"].to_numpy(dtype=float)
    available = summary["available"].to_numpy(dtype=float)
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.4)) if own else (ax.figure, ax)
    ax.stackplot(
        x,
        paid,
        cash,
        colors=[COLORS["account"], COLORS["cash"]],
        alpha=0.85,
        labels=["个人账户支付（全家）", "现金支付（全家）"],
    )
    ax.plot(x, available, "--", color="#1a202c", lw=1.2, label="当年账户可用的钱（年初余额 + 当年划入）")
    out = np.flatnonzero(paid >= available - 0.005)
    if out.size and available[out[0]] > 0:
        ax.axvline(x[out[0]], color="#4a5568", lw=0.8, ls=":")
        ax.annotate(
            f"约 {x[out[0]]:,.0f} 元起账户用完，\n再多的费用全部付现金",
            (x[out[0]], available[out[0]]),
            xytext=(8, 18),
            textcoords="offset points",
            fontsize=8,
            color="#2d3748",
            bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="none", alpha=0.85),
        )
    ax.set_xlabel(x_label)
    ax.set_ylabel("金额（元/年）")
    _money_axis(ax.xaxis)
    _money_axis(ax.yaxis)
    ax.set_xlim(float(x.min()), float(x.max()))
    ax.set_ylim(0, float((paid + cash).max()) * 1.15 or 1.0)
    ax.set_title(title or "亲属看病花得越多，账户付多少、现金付多少")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    if own:
        footnotes.source_footnote(
            fig, result.sources, extra=f"规则日期 {result.on.isoformat()}", **footnotes.page(result, region)
        )
    return fig


def plot_gap_account(df: pd.DataFrame, *, title: str | None = None, ax=None, region: str | None = None, on=None):
    """Year-end balance with the gap (bars) and without it (line); gap years shaded; credit lost annotated.

    ``df``: :func:`yibao_helpers.gaps.account_during_gap` for one person.
    """
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.4)) if own else (ax.figure, ax)
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
    _money_axis(ax.yaxis)
    ax.set_title(title or "断缴期间个人账户：不再划入，但余额不清零、照常计息")
    ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False)
    if own:
        footnotes.source_footnote(fig, df.attrs.get("sources"), **footnotes.projection_page(df, region, on))
    return fig


def plot_flexible_by_base(
    df: pd.DataFrame,
    *,
    chosen: float | None = None,
    title: str | None = None,
    ax=None,
    region: str | None = None,
    on=None,
):
    """Stacked areas over base ratios: to the personal account, to the pool, to other funds (元/年).

    ``df``: :func:`yibao_helpers.flexible.flexible_cost` over a grid of ``base_ratio`` (sorted). The
    dashed line is the resident individual contribution (``resident_cost``) of the same year; ``chosen``
    marks one ratio with a vertical line.
    """
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.4)) if own else (ax.figure, ax)
    pct = df["base_ratio"].to_numpy(dtype=float) * 100
    acc, pool, other = (df[c].to_numpy(dtype=float) for c in ("to_account", "to_pool", "to_other"))
    ax.stackplot(
        pct,
        acc,
        pool,
        other,
        colors=[COLORS["account"], COLORS["pool"], COLORS["other"]],
        alpha=0.85,
        labels=["进个人账户", "进统筹基金", "大额互助 / 地方补充"],
    )
    ax.plot(
        pct,
        df["resident_cost"],
        "--",
        color=COLORS["resident"],
        lw=1.8,
        zorder=3,
        label="城乡居民医保个人缴费（同一年）",
    )
    if chosen is not None:
        ax.axvline(chosen * 100, color="#1a202c", lw=0.8, ls=":")
        i = int(np.argmin(np.abs(pct - chosen * 100)))
        right = pct[i] < (pct.min() + pct.max()) / 2  # write the label on the side with room
        ax.plot([pct[i]], [df["cost"].iloc[i]], "o", color="#1a202c", ms=5, zorder=4)
        ax.annotate(
            f"基数 {pct[i]:.0f}%：每年 {df['cost'].iloc[i]:,.0f} 元",
            (pct[i], df["cost"].iloc[i]),
            xytext=(8 if right else -8, 8),
            textcoords="offset points",
            fontsize=8,
            ha="left" if right else "right",
            bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="none", alpha=0.85),
        )
    ax.set_xlabel("缴费基数（占上年当地月平均工资的 %）")
    ax.set_ylabel("每年缴费（元/年）")
    _money_axis(ax.yaxis)
    ax.set_xlim(pct.min(), pct.max())
    ax.set_ylim(0, float(df["cost"].max()) * 1.15 or 1.0)
    avg = df.attrs.get("average_monthly_wage")
    ax.set_title(
        title
        or (
            f"灵活就业参加职工医保：基数越高缴得越多（{df.attrs.get('year', '')}年，月平均工资 {avg:,.0f} 元）"
            if avg
            else "灵活就业参加职工医保：基数越高缴得越多"
        ),
        fontsize=10,
    )
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    if own:
        footnotes.source_footnote(fig, df.attrs.get("sources"), **footnotes.page(df, region, on))
    return fig


def plot_employee_waiting(tables: dict, *, title: str | None = None, ax=None):
    """Step lines: waiting months (y) after a break of x months, one line per labelled table.

    ``tables``: ``{label: employee_waiting(...)}``, each over the same grid of ``gap_months``.
    """
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.2)) if own else (ax.figure, ax)
    frames = list(tables.values())
    n = len(frames)
    top = 1.0
    for i, (label, df) in enumerate(tables.items()):
        offset = (i - (n - 1) / 2) * 0.06  # small vertical offset so equal lines stay visible
        ax.step(
            df["gap_months"],
            df["waiting_months"] + offset,
            where="post",
            lw=1.8,
            color=LINE_COLORS[i % len(LINE_COLORS)],
            label=label,
        )
        top = max(top, float(df["waiting_months"].max()))
    ax.set_ylim(-0.5, top * 1.45 + 0.5)
    ax.set_xlabel("中断缴费的月数（月）")
    ax.set_ylabel("续缴后的待遇等待期（月）")
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_title(title or "职工医保中断后续缴：等多久才能报销")
    ax.legend(loc="upper left", fontsize=8, frameon=False, ncol=2)
    if own:
        parts = [
            df.attrs["sources"] for df in frames if df.attrs.get("sources") is not None and len(df.attrs["sources"])
        ]
        sources = pd.concat(parts, ignore_index=True).drop_duplicates().reset_index(drop=True) if parts else None
        footnotes.source_footnote(fig, sources)
    return fig


def plot_waterfall(
    table: pd.DataFrame,
    *,
    title: str | None = None,
    start_label: str | None = None,
    end_label: str | None = None,
    drop_zero: bool = True,
    region: str | None = None,
    on=None,
):
    """:func:`yibao_helpers.charts_family.plot_waterfall`, with two fixes for negative values.

    The original puts the amount of a negative start or end bar inside the bar and leaves no room
    below the lowest bar (the label then sits on the axis frame). Here the bars are the same
    (:func:`yibao_helpers.balance.waterfall_data`); the label of a bar that reaches below zero
    is moved under it and the y-axis gets a margin on both sides.
    """
    from ...scenarios.balance import waterfall_data
    from .family import plot_waterfall as _plot

    bars = (
        table
        if "kind" in table.columns
        else waterfall_data(table, start_label=start_label, end_label=end_label, drop_zero=drop_zero)
    )
    fig = _plot(bars, title=title, region=region, on=on)
    ax = fig.axes[0]
    lo = float(min(bars["bottom"].min(), bars["top"].min(), 0.0))
    hi = float(max(bars["bottom"].max(), bars["top"].max(), 0.0))
    span = (hi - lo) or 1.0
    labels = [t for t in ax.texts if t.get_position()[0] in range(len(bars))][: len(bars)]
    for text, (_, row) in zip(labels, bars.iterrows()):
        if row["kind"] in ("start", "end") and row["amount"] < 0:
            text.set_position((text.get_position()[0], min(row["bottom"], row["top"]) - span * 0.015))
            text.set_va("top")
    ax.set_ylim(lo - (0.12 * span if lo < 0 else 0.0), hi + 0.12 * span)
    return fig
