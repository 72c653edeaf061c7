"""Chart of notebook 09: maternity leave days by part in several regions, with the allowance of each.

``plot_maternity`` draws exactly the frame it is given (:func:`yibao_helpers.scenarios.maternity.maternity_scenarios`)
and ends with the source footnote.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import footnotes
from ..style import COLORS

LEAVE_PARTS = {  # scenarios.maternity.LEAVE_PARTS: (label, colour)
    "base": ("基本产假", "#2b6cb0"),
    "dystocia": ("难产/剖宫产", "#dd6b20"),
    "multiple": ("多胞胎", "#805ad5"),
    "extension": ("地方延长", "#38a169"),
}


def plot_maternity(table: pd.DataFrame, *, title: str | None = None, ax=None, region: str | None = None, on=None):
    """Horizontal stacked bars: leave days by part for each region; the allowance written at the bar's end.

    ``table``: :func:`~yibao_helpers.scenarios.maternity.maternity_scenarios`; bar segments are its
    ``base/dystocia/multiple/extension``.
    """
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 1.9 + 0.6 * max(len(table), 3))) if own else (ax.figure, ax)
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for part, (label, color) in LEAVE_PARTS.items():
        vals = table[part].to_numpy(dtype=float)
        if vals.sum() > 0:
            ax.barh(y, vals, left=left, color=color, height=0.55, label=label)
            left = left + vals
    for yi, days, money in zip(y, table["days"], table["allowance"]):
        ax.text(days + 2, yi, f"{days} 天 → 津贴 {money:,.2f} 元", va="center", fontsize=8)
    ax.set_yticks(y)
    ax.set_yticklabels([f"{n}（你的地区）" if me else n for n, me in zip(table["name"], table["is_person"])])
    for lab, me in zip(ax.get_yticklabels(), table["is_person"]):
        if me:
            lab.set_color(COLORS["highlight"])
    ax.set_xlim(0, float(table["days"].max()) * 1.55)
    if own:
        fig.subplots_adjust(left=0.2)
    ax.set_xlabel("产假天数（天）")
    wage = table.attrs.get("wage")
    rule = table.attrs.get("daily_rule")
    ax.set_title(
        title
        or (
            f"产假天数与生育津贴（月平均工资 {wage:,.0f} 元 {rule} × 天数）"
            if wage is not None and rule
            else "产假天数与生育津贴"
        )
    )
    ax.set_ylim(-0.6, len(table) - 1 + 1.3)  # headroom for the legend above the top bar
    ax.legend(loc="upper right", fontsize=8, frameon=False, ncol=4)
    if own:  # freshness warning for the person's region (the table's last row)
        footnotes.source_footnote(fig, table.attrs.get("sources"), **footnotes.page(table, region, on))
    return fig


__all__ = ["LEAVE_PARTS", "plot_maternity"]
