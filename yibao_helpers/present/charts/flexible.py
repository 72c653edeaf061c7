"""Charts for flexible employment (灵活就业, notebook 06): what a flexible worker pays and where it goes.

Each function draws what a calculator returned (no rule is computed here) and ends with
:func:`~yibao_helpers.present.footnotes.source_footnote`:

* :func:`plot_flexible_vs_resident` — :func:`~yibao_helpers.rules.flexible.compare_with_resident`: per option,
  what goes to the account, the pool and other funds;
* :func:`plot_flexible_by_base` — :func:`~yibao_helpers.rules.flexible.flexible_cost` over a grid of base
  ratios, next to the resident contribution.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib import patheffects

from .. import footnotes, style

style.setup()

COLORS = {"account": "#2b6cb0", "pool": "#dd6b20", "other": "#a0aec0", "resident": "#805ad5"}


def plot_flexible_vs_resident(
    table: pd.DataFrame, *, title: str | None = None, ax=None, region: str | None = None, on=None
):
    """Stacked bars per option: what goes to the personal account, to the pool and to other funds (元/年).

    ``table``: :func:`yibao_helpers.flexible.compare_with_resident`. For resident insurance the pool
    part includes the fiscal subsidy; the dot marks what the person pays (``cost``).
    """
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.4)) if own else (ax.figure, ax)
    x = np.arange(len(table))
    acc, pool, other = (table[c].to_numpy(dtype=float) for c in ("to_account", "to_pool", "to_other"))
    ax.bar(x, acc, color=COLORS["account"], width=0.55, label=style.legend_label("进个人账户", acc))
    ax.bar(
        x,
        pool,
        bottom=acc,
        color=COLORS["pool"],
        width=0.55,
        label=style.legend_label("进统筹基金（居民含财政补助）", pool),
    )
    ax.bar(
        x,
        other,
        bottom=acc + pool,
        color=COLORS["other"],
        width=0.55,
        label=style.legend_label("大额互助 / 地方补充", other),
    )
    ax.plot(x, table["cost"], "o", color="#1a202c", ms=6, label="本人每年缴费")
    for xi, c in zip(x, table["cost"]):
        ax.text(xi + 0.3, c, f"{c:,.0f}", va="center", fontsize=8)
    ax.set_xticks(x)
    ax.set_xticklabels([s.split("（")[0] for s in table["选项"]], fontsize=9)
    ax.set_ylabel("金额（元/年）")
    ax.set_ylim(0, float(np.nanmax(np.r_[acc + pool + other, table["cost"]])) * 1.15 or 1.0)  # room for the dot
    style.money_axis(ax.yaxis)
    ax.set_title(title or f"灵活就业参加职工医保 vs 城乡居民医保（{table.attrs.get('year', '')}年）")
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    if own:  # freshness warning for the table's region and year unless given
        footnotes.source_footnote(fig, table.attrs.get("sources"), **footnotes.page(table, region, on))
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
    fig, ax = style.subplots(figsize=(8, 4.4)) if own else (ax.figure, ax)
    pct = df["base_ratio"].to_numpy(dtype=float) * 100
    acc, pool, other = (df[c].to_numpy(dtype=float) for c in ("to_account", "to_pool", "to_other"))
    ax.stackplot(
        pct,
        acc,
        pool,
        other,
        colors=[COLORS["account"], COLORS["pool"], COLORS["other"]],
        alpha=0.85,
        labels=[
            style.legend_label(name, v)
            for name, v in (("进个人账户", acc), ("进统筹基金", pool), ("大额互助 / 地方补充", other))
        ],
    )
    # drawn over the areas with a white outline, so the resident line stays visible where it crosses the blue
    ax.plot(
        pct,
        df["resident_cost"],
        "--",
        color=COLORS["resident"],
        lw=2.2,
        zorder=6,
        path_effects=[patheffects.Stroke(linewidth=4.2, foreground="white"), patheffects.Normal()],
        label="城乡居民医保个人缴费（同一年）",
    )
    last = df["resident_cost"].iloc[-1]
    if np.isfinite(last):
        ax.annotate(
            f"居民 {last:,.0f} 元/年",
            (pct[-1], last),
            xytext=(-4, 6),
            textcoords="offset points",
            ha="right",
            fontsize=8,
            color=COLORS["resident"],
            zorder=7,
            bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.9),
        )
    if chosen is not None:
        ax.axvline(chosen * 100, color="#1a202c", lw=1.3, ls="--", zorder=5)
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
    style.money_axis(ax.yaxis)
    pad = 0.03 * float(pct.max() - pct.min()) or 1.0  # room for the chosen line when it sits on an end (60 %)
    ax.set_xlim(pct.min() - pad, pct.max() + pad)
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
