"""Charts for why the balance changed (notebook 05): the waterfall of a factor decomposition.

:func:`plot_waterfall` draws :func:`~yibao_helpers.scenarios.balance.waterfall_data` of an
:func:`~yibao_helpers.rules.balance_change.explain_change` or ``paid_vs_credited`` table (no rule is
computed here) and ends with :func:`~yibao_helpers.present.footnotes.source_footnote`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...params.sources import as_of_of
from ...scenarios.balance import waterfall_data
from .. import footnotes, style

style.setup()

KIND_COLORS = {"start": "#2b6cb0", "end": "#2b6cb0", "up": "#38a169", "down": "#dd6b20"}


def plot_waterfall(
    table: pd.DataFrame,
    *,
    title: str | None = None,
    ax=None,
    start_label: str | None = None,
    end_label: str | None = None,
    drop_zero: bool = True,
    x_label: str = "因素（按固定顺序依次替换）",
    region: str | None = None,
    on=None,
):
    """Waterfall of a decomposition: start bar, one floating bar per factor (green up, orange down), end bar.

    ``table``: a result of :func:`yibao_helpers.rules.balance_change.explain_change` or ``paid_vs_credited``
    (or already :func:`~yibao_helpers.scenarios.balance.waterfall_data`). Bar heights are the data's amounts.
    The amount of a start or end bar below zero is written under the bar, and the y-axis leaves room on
    both sides. ``x_label``: what the bars are; the factors of 0 元 left out are named after it.
    ``region`` / ``on``: the region and date of the page, for the footnote's freshness warning.
    """
    bars = (
        table
        if "kind" in table.columns
        else waterfall_data(table, start_label=start_label, end_label=end_label, drop_zero=drop_zero)
    )
    if ax is None and style.in_slider_redraw():
        return style.kept_or_drawn(
            "waterfall",
            _layout(bars, title, x_label, region, on),
            lambda: _draw_waterfall(bars, title, None, x_label, region, on),
            lambda fig: _update_waterfall(fig, bars),
        )
    return _draw_waterfall(bars, title, ax, x_label, region, on)


def _layout(bars: pd.DataFrame, title, x_label, region, on) -> tuple:
    """What :func:`_update_waterfall` cannot change: the bars' labels, the axis labels, the title, the
    footnote and the freshness warning (a factor may turn from up to down: its colour is updated)."""
    page = footnotes.page(bars, region, on)
    sources = bars.attrs.get("sources")
    return (
        tuple(bars["label"].tolist()),
        tuple(bars.attrs.get("dropped") or []),
        title,
        x_label,
        footnotes.footnote_text(sources, as_of_of(sources)),
        footnotes.freshness_warning(page["region"], page["on"]),
    )


def _positions(data: pd.DataFrame):
    """Bar heights, the value labels (x, y, text, va), the connector levels and the y range of the waterfall."""
    x = np.arange(len(data))
    heights = (data["top"] - data["bottom"]).to_numpy()
    span = float(max(data["top"].max(), 0) - min(data["bottom"].min(), 0)) or 1.0
    lo = float(min(data["bottom"].min(), data["top"].min(), 0.0))
    hi = float(max(data["bottom"].max(), data["top"].max(), 0.0))
    room = (hi - lo) or 1.0
    labels = []
    for xi, (_, row) in zip(x, data.iterrows()):
        sign = "" if row["kind"] in ("start", "end") or row["amount"] < 0 else "+"
        below = row["kind"] in ("start", "end") and row["amount"] < 0  # under a bar that reaches below zero
        y = min(row["bottom"], row["top"]) - room * 0.015 if below else row["top"] + span * 0.015
        labels.append((xi, y, f"{sign}{row['amount']:,.2f}", "top" if below else "bottom"))
    levels = [  # connectors between consecutive levels
        data["top"].iloc[xi] if data["kind"].iloc[xi] in ("start", "up") else data["bottom"].iloc[xi] for xi in x[:-1]
    ]
    ylim = (lo - (0.12 * room if lo < 0 else 0.0), hi + 0.12 * room)
    return x, heights, labels, levels, ylim


def _update_waterfall(fig, bars: pd.DataFrame):
    """The amounts of ``bars`` into a figure :func:`_draw_waterfall` drew for the same :func:`_layout`."""
    (ax,) = fig.axes
    data = style.plain(bars)
    x, heights, labels, levels, ylim = _positions(data)
    for rect, bottom, height, kind in zip(
        ax.containers[0], data["bottom"].to_numpy(dtype=float), heights, data["kind"]
    ):
        rect.set_y(bottom)
        rect.set_height(height)
        rect.set_facecolor(KIND_COLORS[kind])
    for text, (xi, y, label, va) in zip(ax.texts, labels):
        text.set_position((xi, y))
        text.set_text(label)
        text.set_verticalalignment(va)
    for line, level in zip(ax.lines, levels):  # the connectors; the zero line (drawn last) stays
        line.set_ydata([level, level])
    ax.set_ylim(*ylim)
    fig.stale = True
    return fig


def _draw_waterfall(bars: pd.DataFrame, title, ax, x_label, region, on):
    data = style.plain(bars)  # its attrs (sources, dropped factors) are read from bars
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.6)) if own else (ax.figure, ax)
    x, heights, labels, levels, ylim = _positions(data)
    ax.bar(x, heights, bottom=data["bottom"], color=[KIND_COLORS[k] for k in data["kind"]], width=0.6)
    for xi, y, text, va in labels:
        ax.text(xi, y, text, ha="center", va=va, fontsize=8)
    for xi, level in zip(x, levels):
        ax.plot([xi + 0.3, xi + 0.7], [level, level], color="#a0aec0", lw=0.8)
    ax.axhline(0, color="#4a5568", lw=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels(
        data["label"], fontsize=8, rotation=20 if len(data) > 6 else 0, ha="right" if len(data) > 6 else "center"
    )
    ax.set_ylabel("金额（元）")
    dropped = bars.attrs.get("dropped") or []
    ax.set_xlabel(x_label + (f"；为 0 元、未画出：{'、'.join(map(str, dropped))}" if dropped else ""))
    style.money_axis(ax.yaxis)
    ax.set_title(title or "账户变化拆解：每一步变了多少")
    ax.set_ylim(*ylim)
    if own:
        footnotes.source_footnote(fig, bars.attrs.get("sources"), **footnotes.page(bars, region, on))
    return fig
