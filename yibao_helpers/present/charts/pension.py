"""Charts of notebook 08 and the dashboard: the monthly pension as stacked parts, one bar per scenario, and a
province's 计发基数 by year.

``plot_pension_stack`` draws exactly the frame it is given (:func:`yibao_helpers.scenarios.pension.pension_by_years`
or :func:`~yibao_helpers.scenarios.pension.resident_scenarios`); ``plot_base_history`` the frame of
:func:`yibao_helpers.scenarios.pension_province.base_history`. Each ends with the source footnote.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...params.sources import as_of_of
from .. import footnotes, style
from ..style import money_axis

PART_ZH = {
    "basic": "基础养老金",
    "account": "养老保险个人账户养老金",
    "transitional": "过渡性养老金",
    "adjustment": "过渡期调整额",
    "extra": "地方加发",
}
PART_COLORS = {
    "basic": "#2b6cb0",
    "account": "#38a169",
    "transitional": "#d69e2e",
    "adjustment": "#dd6b20",
    "extra": "#805ad5",
}


def plot_pension_stack(
    df: pd.DataFrame,
    *,
    title: str | None = None,
    xlabel: str = "累计缴费年限（年）",
    extra: str = "",
    ax=None,
    region: str | None = None,
    on=None,
):
    """Stacked bars per scenario: basic (blue), 养老保险个人账户 (green), transitional (gold) and, for a province,
    its phase-in adjustment (orange) and extras (purple); total on top.

    ``df`` has ``basic, account`` and optionally ``transitional``, ``adjustment``, ``extra``, a ``label`` per bar
    and optionally ``is_person`` (that bar is outlined). Bar segments are exactly the frame's values.
    """
    if ax is None and style.in_slider_redraw():
        return style.kept_or_drawn(
            "pension",
            _layout(df, title, xlabel, extra, region, on),
            lambda: _draw_pension(df, title, xlabel, extra, None, region, on),
            lambda fig: _update_pension(fig, df),
        )
    return _draw_pension(df, title, xlabel, extra, ax, region, on)


def _parts(data: pd.DataFrame) -> list:
    return [c for c in PART_ZH if c in data.columns and float(data[c].abs().sum()) > 0]


def _totals(data: pd.DataFrame, bottom: np.ndarray) -> np.ndarray:
    """The amount written on each bar: the frame's total (a province may round it, e.g. 浙江 up to the jiao),
    else the sum of the drawn parts."""
    return data["total"].to_numpy(dtype=float) if "total" in data.columns else bottom


def _layout(df: pd.DataFrame, title, xlabel, extra, region, on) -> tuple:
    """What :func:`_update_pension` cannot change: the bars (labels, parts drawn, the person's bar), the
    axis labels, the title, the footnote and the freshness warning."""
    data = style.plain(df)
    page = footnotes.page(df, region, on)
    sources = df.attrs.get("sources")
    return (
        tuple(data["label"].tolist()),
        tuple(_parts(data)),
        tuple(data["is_person"].tolist()) if "is_person" in data.columns else None,
        title,
        xlabel,
        footnotes.footnote_text(sources, as_of_of(sources), extra),
        footnotes.freshness_warning(page["region"], page["on"]),
    )


def _update_pension(fig, df: pd.DataFrame):
    """The amounts of ``df`` into a figure :func:`_draw_pension` drew for the same :func:`_layout`."""
    (ax,) = fig.axes
    data = style.plain(df)
    x = np.arange(len(data))
    bottom = np.zeros(len(data))
    containers = list(ax.containers)
    for part, bars in zip(_parts(data), containers):
        vals = data[part].to_numpy(dtype=float)
        for rect, b, h in zip(bars, bottom, vals):
            rect.set_y(b)
            rect.set_height(h)
        bottom = bottom + vals
    outlines = containers[len(_parts(data)) :]  # the person's bar, outlined
    if "is_person" in data.columns:
        tops = [top for me, top in zip(data["is_person"], bottom) if me]
        for bars, top in zip(outlines, tops):
            bars[0].set_height(top)
    for text, xi, top, total in zip(ax.texts, x, bottom, _totals(data, bottom)):
        text.set_position((xi, top * 1.01))
        text.set_text(f"{total:,.2f}")
    ax.set_ylim(0, max(float(bottom.max()), 1.0) * 1.18)
    fig.stale = True
    return fig


def _draw_pension(df: pd.DataFrame, title, xlabel, extra, ax, region, on):
    data = style.plain(df)  # sliced below; its attrs are read from df
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.6)) if own else (ax.figure, ax)
    x = np.arange(len(df))
    bottom = np.zeros(len(df))
    parts = _parts(data)
    for part in parts:
        vals = data[part].to_numpy(dtype=float)
        ax.bar(x, vals, bottom=bottom, width=0.6, color=PART_COLORS[part], label=PART_ZH[part])
        bottom = bottom + vals
    if "is_person" in data.columns:
        for xi, me, top in zip(x, data["is_person"], bottom):
            if me:
                ax.bar([xi], [top], width=0.6, fill=False, edgecolor="#1a202c", lw=2)
    for xi, top, total in zip(x, bottom, _totals(data, bottom)):
        ax.text(xi, top * 1.01, f"{total:,.2f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x)
    ax.set_xticklabels(data["label"], fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("每月养老金（元/月）")
    ax.set_ylim(0, max(float(bottom.max()), 1.0) * 1.18)
    money_axis(ax.yaxis)
    ax.set_title(title or "每月养老金 = 基础养老金 + 养老保险个人账户养老金 + 过渡性养老金")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    if own:
        footnotes.source_footnote(fig, df.attrs.get("sources"), extra=extra, **footnotes.page(df, region, on))
    return fig


def plot_base_history(df: pd.DataFrame, *, title: str | None = None, used_year=None, extra: str = "", ax=None):
    """A province's 计发基数 by year (元/月), one point per year of use; the year a result used is ringed.

    ``df``: ``year, value, confidence`` (:func:`yibao_helpers.scenarios.pension_province.base_history`, whose
    ``attrs["sources"]`` the footnote names). Points are exactly the frame's values; a secondary value is a
    hollow point (二手, not the official document).
    """
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.2)) if own else (ax.figure, ax)
    years = df["year"].to_numpy(dtype=int)
    values = df["value"].to_numpy(dtype=float)
    ax.plot(years, values, color=PART_COLORS["basic"], lw=1.6, zorder=2)
    official = (df["confidence"] == "official").to_numpy()
    if official.any():
        ax.scatter(years[official], values[official], color=PART_COLORS["basic"], zorder=3, label="官方数值")
    if (~official).any():
        hollow = dict(facecolor="white", edgecolor=PART_COLORS["basic"], zorder=3, label="二手数值（读自公开仓库）")
        ax.scatter(years[~official], values[~official], **hollow)
    if used_year is not None and used_year in set(years):
        v = float(values[years == used_year][0])
        ax.scatter(
            [used_year], [v], s=160, facecolor="none", edgecolor="#1a202c", lw=1.6, zorder=4, label="本例用的一年"
        )
    step = max(1, len(years) // 8)
    for y, v in list(zip(years, values))[::-step][::-1]:
        ax.annotate(f"{v:,.0f}", (y, v), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=7.5)
    ax.set_xticks(years[::step])
    ax.set_xticklabels([str(y) for y in years[::step]], fontsize=8)
    ax.set_xlabel("使用年份（年）")
    ax.set_ylabel("计发基数（元/月）")
    ax.set_ylim(0, max(float(values.max()), 1.0) * 1.15)
    money_axis(ax.yaxis)
    ax.set_title(title or "计发基数逐年")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    if own:
        footnotes.source_footnote(fig, df.attrs.get("sources"), extra=extra)
    return fig


__all__ = ["PART_COLORS", "PART_ZH", "plot_base_history", "plot_pension_stack"]
