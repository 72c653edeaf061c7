"""Charts with Chinese text that renders offline, and a source footnote on every chart.

The CJK font (Noto Sans SC, SIL OFL) ships inside the ``pylopdf-fonts-zh-cn``
package from requirements.txt; it is registered with matplotlib's font manager
at import, never downloaded. ``font.family`` lists DejaVu Sans first and Noto Sans
SC second so that matplotlib falls back glyph by glyph without warnings.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib import font_manager

CJK_FAMILY = "Noto Sans SC"
WARNING_COLOR = "#9c4221"  # the freshness warning under a chart
COLORS = {
    "balance": "#2b6cb0",
    "credited": "#38a169",
    "spent": "#dd6b20",
    "limit": "#805ad5",
    "retired": "#718096",
    "employee": "#2b6cb0",
    "resident": "#c05621",
    "highlight": "#dd6b20",  # the page's own region or case among others
}


def cjk_font_path() -> Path:
    import pylopdf_fonts_zh_cn

    return Path(pylopdf_fonts_zh_cn.sans_path())


def setup() -> None:
    """Register the packaged CJK font and set a readable default style (idempotent)."""
    path = str(cjk_font_path())
    if not any(f.fname == path for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)
    matplotlib.rcParams.update(
        {
            "font.family": ["DejaVu Sans", CJK_FAMILY],
            "axes.unicode_minus": False,
            "figure.dpi": 100,
            "savefig.dpi": 110,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "svg.hashsalt": "yibao",
        }
    )


setup()


def yuan(x: float, digits: int = 0) -> str:
    """Format an amount of money the Chinese way: 12,345 元."""
    return f"{x:,.{digits}f} 元"


def money_axis(axis) -> None:
    """Tick labels in whole yuan with thousands separators (12,345) on a matplotlib axis (``ax.yaxis``)."""
    axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))


def years_axis(ax, years, ages=None):
    """Calendar years on the x axis, with the person's age under each (every tenth) year when ``ages`` is given."""
    ax.set_xlabel("年份（年）" if ages is None else "年份（年）/ 年龄（岁）")
    if ages is not None:
        step = max(1, len(years) // 10)
        ticks = list(years[::step])
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"{y}\n{a}岁" for y, a in zip(years[::step], ages[::step])], fontsize=8)


def legend_label(label: str, values) -> str:
    """``label`` for a series that draws something, or a hidden label ("_…") for one whose values are all zero
    or missing — so a legend never lists an item that no bar, area or line shows."""
    import numpy as np

    v = np.asarray(values, dtype=float)
    return label if np.any(np.nan_to_num(v) != 0) else f"_{label}"
