"""Chart of notebook 09: maternity leave days by part in several regions, with the allowance of each.

``plot_maternity`` draws exactly the frame it is given (:func:`yibao_helpers.scenarios.maternity.maternity_scenarios`)
and ends with the source footnote.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...params.sources import as_of_of
from .. import footnotes, style
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
    if ax is None and style.in_slider_redraw():
        return style.kept_or_drawn(
            "maternity",
            _layout(table, region, on),
            lambda: _draw_maternity(table, title, None, region, on),
            lambda fig: _update_maternity(fig, table, title),
        )
    return _draw_maternity(table, title, ax, region, on)


def _title(table: pd.DataFrame, title) -> str:
    wage = table.attrs.get("wage")
    rule = table.attrs.get("daily_rule")
    if title:
        return title
    if wage is not None and rule:
        return f"产假天数与生育津贴（月平均工资 {wage:,.0f} 元 {rule} × 天数）"
    return "产假天数与生育津贴"


def _layout(table: pd.DataFrame, region, on) -> tuple:
    """What :func:`_update_maternity` cannot change: the regions and their leave days by part (the bars),
    the footnote and the freshness warning. A new wage changes only the allowances and the title."""
    page = footnotes.page(table, region, on)
    sources = table.attrs.get("sources")
    data = style.plain(table)
    return (
        tuple(map(tuple, data[["name", "is_person", "days", *LEAVE_PARTS]].to_numpy().tolist())),
        footnotes.footnote_text(sources, as_of_of(sources)),
        footnotes.freshness_warning(page["region"], page["on"]),
    )


def _label(days, money) -> str:
    return f"{days} 天 → 津贴 {money:,.2f} 元"


def _update_maternity(fig, table: pd.DataFrame, title):
    """The allowances and the title of ``table`` into a figure drawn for the same :func:`_layout`."""
    (ax,) = fig.axes
    data = style.plain(table)
    for text, days, money in zip(ax.texts, data["days"], data["allowance"]):
        text.set_text(_label(days, money))
    ax.set_title(_title(table, title))
    fig.stale = True
    return fig


def _draw_maternity(table: pd.DataFrame, title, ax, region, on):
    data = style.plain(table)  # sliced below; its attrs are read from table
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 1.9 + 0.6 * max(len(table), 3))) if own else (ax.figure, ax)
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for part, (label, color) in LEAVE_PARTS.items():
        vals = data[part].to_numpy(dtype=float)
        if vals.sum() > 0:
            ax.barh(y, vals, left=left, color=color, height=0.55, label=label)
            left = left + vals
    for yi, days, money in zip(y, data["days"], data["allowance"]):
        ax.text(days + 2, yi, _label(days, money), va="center", fontsize=8)
    ax.set_yticks(y)
    ax.set_yticklabels([f"{n}（你的地区）" if me else n for n, me in zip(data["name"], data["is_person"])])
    for lab, me in zip(ax.get_yticklabels(), data["is_person"]):
        if me:
            lab.set_color(COLORS["highlight"])
    ax.set_xlim(0, float(data["days"].max()) * 1.55)
    if own:
        fig.subplots_adjust(left=0.2)
    ax.set_xlabel("产假天数（天）")
    ax.set_title(_title(table, title))
    ax.set_ylim(-0.6, len(table) - 1 + 1.3)  # headroom for the legend above the top bar
    ax.legend(loc="upper right", fontsize=8, frameon=False, ncol=4)
    if own:  # freshness warning for the person's region (the table's last row)
        footnotes.source_footnote(fig, table.attrs.get("sources"), **footnotes.page(table, region, on))
    return fig


__all__ = ["LEAVE_PARTS", "plot_maternity"]
