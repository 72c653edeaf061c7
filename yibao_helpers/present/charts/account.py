"""Charts of the personal account (notebook 01, the dashboard): the balance year by year, balance vs the outpatient limit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...params.sources import as_of_of
from .. import style
from ..footnotes import footnote_text, freshness_warning, projection_page, source_footnote
from ..style import COLORS, money_axis, years_axis

BALANCE_TITLE = "个人账户余额逐年累积：年底不清零"


def plot_balance(df: pd.DataFrame, *, title: str | None = None, ax=None, region: str | None = None, on=None):
    """Year-end account balance (bars) with yearly credit and spending; retirement shaded.

    ``df`` is one person's :func:`yibao_helpers.account.project_balance` result. The freshness warning
    (:func:`source_footnote`) is for ``region`` (default: the projection's) at ``on`` (default: 1 July
    of the projection's first year).

    Within :func:`~yibao_helpers.present.style.slider_redraw` (a slider's callback) the chart of the
    previous call is updated in place when its layout is the same (:func:`_layout`): the years, the
    amounts, the title and the axis ranges change (:func:`_update_balance`), nothing else is built
    again; the picture is the one a new figure would give.
    """
    if ax is None and style.in_slider_redraw():
        return style.kept_or_drawn(
            "balance",
            _layout(df, region, on),
            lambda: _draw_balance(df, title, None, region, on),
            lambda fig: _update_balance(fig, df, title),
        )
    return _draw_balance(df, title, ax, region, on)


def _layout(df: pd.DataFrame, region, on) -> tuple:
    """What :func:`_update_balance` cannot change in a drawn balance chart: the number of years, which of
    them are retired (the shading), whether spending is drawn, the footnote and the freshness warning."""
    page = projection_page(df, region, on)
    sources = df.attrs.get("sources")
    return (
        len(df),
        tuple((df["status"].astype(str) == "retired").tolist()),
        bool(df["spent"].sum() > 0),
        footnote_text(sources, as_of_of(sources)),
        freshness_warning(page["region"], page["on"]),
    )


def _update_balance(fig, df: pd.DataFrame, title):
    """``df`` (years, ages, amounts) and ``title`` into a figure :func:`_draw_balance` drew for the same
    :func:`_layout`: each artist gets the values a new figure would give it."""
    ax, flow = fig.axes
    years = df["year"].to_numpy()
    bars = list(ax.containers[0])
    for bar, x, height in zip(bars, years, df["balance"].to_numpy(dtype=float)):
        bar.set_x(x - bar.get_width() / 2)
        bar.set_height(height)
    retired = df["status"].astype(str).to_numpy() == "retired"
    for span in (p for p in ax.patches if not any(p is b for b in bars)):  # the retirement shading
        xmin, xmax = years[retired][0] - 0.5, years[-1] + 0.5
        span.set_x(xmin)
        span.set_width(xmax - xmin)
    years_axis(ax, years, df["age"].to_numpy())
    ax.set_title(title or BALANCE_TITLE)
    flow.lines[0].set_data(years, df["credited"].to_numpy())
    if len(flow.lines) > 1:
        flow.lines[1].set_data(years, df["spent"].to_numpy())
    flow.set_ylim(0, float(max(df["credited"].max(), df["spent"].max(), 1.0)) * 1.6)
    for axes in (flow, ax):
        axes.relim()
        axes.autoscale_view()
    fig.stale = True
    return fig


def _draw_balance(df: pd.DataFrame, title, ax, region, on):
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.4)) if own else (ax.figure, ax)
    years = df["year"].to_numpy()
    ax.bar(years, df["balance"], color=COLORS["balance"], alpha=0.85, label="年末余额（结转，不清零；左轴）")
    retired = df["status"].astype(str).to_numpy() == "retired"
    if retired.any():
        first = years[retired][0]
        ax.axvspan(first - 0.5, years[-1] + 0.5, color=COLORS["retired"], alpha=0.12, label="退休后")
    ax.set_ylabel("年末余额（元）")
    years_axis(ax, years, df["age"].to_numpy())
    ax.set_title(title or BALANCE_TITLE)
    money_axis(ax.yaxis)
    # the yearly credit (and spending) is a few thousand 元 against a balance of tens of thousands: on its own
    # right axis, so its change at retirement can be seen
    flow = ax.twinx()
    flow.plot(years, df["credited"], "o-", color=COLORS["credited"], ms=3, lw=1.8, label="当年划入（右轴）")
    if df["spent"].sum() > 0:
        flow.plot(years, df["spent"], "s--", color=COLORS["spent"], ms=3, lw=1.4, label="当年支出（右轴）")
    top = float(max(df["credited"].max(), df["spent"].max(), 1.0))
    flow.set_ylim(0, top * 1.6)
    flow.set_ylabel("每年划入 / 支出（元/年）", color=COLORS["credited"])
    money_axis(flow.yaxis)
    flow.spines["right"].set_visible(True)
    handles, labels = ax.get_legend_handles_labels()
    more, more_labels = flow.get_legend_handles_labels()
    ax.legend(handles + more, labels + more_labels, loc="upper left", fontsize=8, frameon=False)
    if own:
        source_footnote(fig, df.attrs.get("sources"), **projection_page(df, region, on))
    return fig


def plot_balance_vs_limit(
    balance: pd.DataFrame,
    limit: pd.DataFrame,
    *,
    title: str | None = None,
    sources: pd.DataFrame | None = None,
    region: str | None = None,
    on=None,
):
    """Top: account balance at each year end (carries over). Bottom: outpatient-pool limit left by month (resets).

    ``balance`` from ``project_balance``; ``limit`` from ``outpatient.limit_by_month`` over the same years.
    """
    fig, (top, bottom) = style.subplots(2, 1, figsize=(8, 5.6), sharex=True)
    years = balance["year"].to_numpy()
    first = balance.iloc[0]
    opening = first["balance"] - first["credited"] - first["interest"] + first["spent"]
    top.step(
        np.r_[years[0], years + 1], np.r_[opening, balance["balance"]], where="post", color=COLORS["balance"], lw=2
    )
    top.plot(years + 1, balance["balance"], "o", color=COLORS["balance"], ms=4, label="年末余额：结转到下一年")
    top.set_ylabel("账户余额（元）")
    top.set_title(title or "个人账户余额逐年结转，门诊统筹限额每年1月重新计算")
    top.legend(loc="upper left", fontsize=8, frameon=False)
    t = limit["year"].to_numpy() + (limit["month"].to_numpy() - 1) / 12
    bottom.step(
        np.r_[t, t[-1] + 1 / 12],
        np.r_[limit["limit_left"], limit["limit_left"].iloc[-1]],
        where="post",
        color=COLORS["limit"],
        lw=2,
        label="门诊统筹当年剩余限额",
    )
    bottom.plot(
        t[limit["month"].to_numpy() == 1],
        limit["limit"].to_numpy()[limit["month"].to_numpy() == 1],
        "v",
        color=COLORS["limit"],
        ms=6,
        label="1月1日：限额重置（不结转）",
    )
    bottom.set_ylabel("剩余限额（元）")
    bottom.set_xlabel("时间（年）")
    bottom.set_ylim(0, float(limit["limit"].max()) * 1.45)
    bottom.legend(loc="upper center", ncol=2, fontsize=8, frameon=False)
    for ax in (top, bottom):
        money_axis(ax.yaxis)
    source_footnote(
        fig, sources if sources is not None else balance.attrs.get("sources"), **projection_page(balance, region, on)
    )
    return fig
