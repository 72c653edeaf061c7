"""Charts of notebook 08 and the dashboard: the monthly pension as stacked parts, one bar per scenario.

``plot_pension_stack`` draws exactly the frame it is given (:func:`yibao_helpers.scenarios.pension.pension_by_years`
or :func:`~yibao_helpers.scenarios.pension.resident_scenarios`) and ends with the source footnote.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import footnotes
from ..style import money_axis

PART_ZH = {"basic": "基础养老金", "account": "个人账户养老金", "transitional": "过渡性养老金"}
PART_COLORS = {"basic": "#2b6cb0", "account": "#38a169", "transitional": "#d69e2e"}


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
    """Stacked bars per scenario: basic (blue), personal account (green), transitional (gold); total on top.

    ``df`` has ``basic, account`` and optionally ``transitional``, a ``label`` per bar and optionally
    ``is_person`` (that bar is outlined). Bar segments are exactly the frame's values.
    """
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.6)) if own else (ax.figure, ax)
    x = np.arange(len(df))
    bottom = np.zeros(len(df))
    parts = [c for c in ("basic", "account", "transitional") if c in df.columns and float(df[c].abs().sum()) > 0]
    for part in parts:
        vals = df[part].to_numpy(dtype=float)
        ax.bar(x, vals, bottom=bottom, width=0.6, color=PART_COLORS[part], label=PART_ZH[part])
        bottom = bottom + vals
    if "is_person" in df.columns:
        for xi, me, top in zip(x, df["is_person"], bottom):
            if me:
                ax.bar([xi], [top], width=0.6, fill=False, edgecolor="#1a202c", lw=2)
    for xi, top in zip(x, bottom):
        ax.text(xi, top * 1.01, f"{top:,.2f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x)
    ax.set_xticklabels(df["label"], fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("每月养老金（元/月）")
    ax.set_ylim(0, max(float(bottom.max()), 1.0) * 1.18)
    money_axis(ax.yaxis)
    ax.set_title(title or "每月养老金 = 基础养老金 + 个人账户养老金 + 过渡性养老金")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    if own:
        footnotes.source_footnote(fig, df.attrs.get("sources"), extra=extra, **footnotes.page(df, region, on))
    return fig


__all__ = ["PART_COLORS", "PART_ZH", "plot_pension_stack"]
