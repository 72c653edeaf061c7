"""Charts for why the balance changed (notebook 05): the waterfall of a factor decomposition.

:func:`plot_waterfall` draws :func:`~yibao_helpers.scenarios.balance.waterfall_data` of an
:func:`~yibao_helpers.rules.balance_change.explain_change` or ``paid_vs_credited`` table (no rule is
computed here) and ends with :func:`~yibao_helpers.present.footnotes.source_footnote`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

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
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.6)) if own else (ax.figure, ax)
    x = np.arange(len(bars))
    heights = (bars["top"] - bars["bottom"]).to_numpy()
    ax.bar(x, heights, bottom=bars["bottom"], color=[KIND_COLORS[k] for k in bars["kind"]], width=0.6)
    span = float(max(bars["top"].max(), 0) - min(bars["bottom"].min(), 0)) or 1.0
    lo = float(min(bars["bottom"].min(), bars["top"].min(), 0.0))
    hi = float(max(bars["bottom"].max(), bars["top"].max(), 0.0))
    room = (hi - lo) or 1.0
    for xi, (_, row) in zip(x, bars.iterrows()):
        sign = "" if row["kind"] in ("start", "end") or row["amount"] < 0 else "+"
        below = row["kind"] in ("start", "end") and row["amount"] < 0  # under a bar that reaches below zero
        y = min(row["bottom"], row["top"]) - room * 0.015 if below else row["top"] + span * 0.015
        text = f"{sign}{row['amount']:,.2f}"
        ax.text(xi, y, text, ha="center", va="top" if below else "bottom", fontsize=8)
    for xi in x[:-1]:  # connectors between consecutive levels
        level = bars["top"].iloc[xi] if bars["kind"].iloc[xi] in ("start", "up") else bars["bottom"].iloc[xi]
        ax.plot([xi + 0.3, xi + 0.7], [level, level], color="#a0aec0", lw=0.8)
    ax.axhline(0, color="#4a5568", lw=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels(
        bars["label"], fontsize=8, rotation=20 if len(bars) > 6 else 0, ha="right" if len(bars) > 6 else "center"
    )
    ax.set_ylabel("金额（元）")
    dropped = bars.attrs.get("dropped") or []
    ax.set_xlabel(x_label + (f"；为 0 元、未画出：{'、'.join(map(str, dropped))}" if dropped else ""))
    style.money_axis(ax.yaxis)
    ax.set_title(title or "账户变化拆解：每一步变了多少")
    ax.set_ylim(lo - (0.12 * room if lo < 0 else 0.0), hi + 0.12 * room)
    if own:
        footnotes.source_footnote(fig, bars.attrs.get("sources"), **footnotes.page(bars, region, on))
    return fig
