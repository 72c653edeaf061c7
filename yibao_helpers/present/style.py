"""Charts with Chinese text that renders offline, and a source footnote on every chart.

The CJK font (Noto Sans SC, SIL OFL) ships inside the ``pylopdf-fonts-zh-cn``
package from requirements.txt; it is registered with matplotlib's font manager
at import, never downloaded. ``font.family`` lists DejaVu Sans first and Noto Sans
SC second so that matplotlib falls back glyph by glyph without warnings.
"""

from __future__ import annotations

import contextlib
import contextvars
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

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


_SHARED_RENDERERS = contextvars.ContextVar("yibao_shared_renderers", default=False)
_RENDERERS: dict = {}  # (width px, height px, dpi) -> the RendererAgg every slider figure of that size draws with


class SharedRendererCanvas(FigureCanvasAgg):
    """An Agg canvas drawing with one renderer per (width, height, dpi), shared by every figure it serves.

    matplotlib caches the size of each text it lays out per renderer; a slider callback builds a new
    figure, and with a new renderer every label, tick label and footnote would be measured again on
    its first draw (about a sixth of a chart's rendering here). The renderer is cleared before each
    draw, so the pixels are exactly a fresh canvas's; only the text metrics carry over. A figure drawn
    this way must be rendered before the next one of its size is drawn (a slider's figure is turned
    into a PNG at once), since they share the pixel buffer.
    """

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = (w, h, self.figure.dpi)
        renderer = _RENDERERS.get(key)
        if renderer is None:
            renderer = _RENDERERS[key] = RendererAgg(w, h, self.figure.dpi)
        self.renderer, self._lastKey = renderer, key
        return renderer


@contextlib.contextmanager
def slider_redraw():
    """Within this block :func:`subplots` makes figures on a :class:`SharedRendererCanvas`, outside pyplot.

    For the explorers' callbacks, which render each figure to PNG at once and close it; the static
    cells keep pyplot figures (``%matplotlib inline`` shows what they do not show themselves).
    """
    token = _SHARED_RENDERERS.set(True)
    try:
        yield
    finally:
        _SHARED_RENDERERS.reset(token)


def in_slider_redraw() -> bool:
    """True within :func:`slider_redraw` (a chart may then update the figure it drew last, in place)."""
    return _SHARED_RENDERERS.get()


_KEPT: dict = {}  # chart name -> (layout, figure): the figure a chart drew last within slider_redraw()


def kept_or_drawn(name: str, layout, draw, update):
    """Within :func:`slider_redraw`: ``update(fig)`` of the figure drawn last under ``name`` when it was drawn
    for the same ``layout`` (everything the update cannot change), else ``draw()`` kept for the next call.

    Outside :func:`slider_redraw` this is just ``draw()``: a figure returned to a notebook cell is never
    touched again.
    """
    if not _SHARED_RENDERERS.get():
        return draw()
    kept = _KEPT.get(name)
    if kept is not None and kept[0] == layout:
        return update(kept[1])
    fig = draw()
    _KEPT[name] = (layout, fig)
    return fig


def subplots(*args, figsize=None, **kwargs):
    """``plt.subplots(*args, figsize=figsize, **kwargs)``; within :func:`slider_redraw`, the same figure
    and axes on a :class:`SharedRendererCanvas` instead (not registered with pyplot)."""
    if not _SHARED_RENDERERS.get():
        import matplotlib.pyplot as plt

        return plt.subplots(*args, figsize=figsize, **kwargs)
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    SharedRendererCanvas(fig)
    return fig, fig.subplots(*args, **kwargs)


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


def plain(frame):
    """``frame`` without its ``attrs``, sharing its data (no copy).

    pandas deep-copies ``attrs`` into the result of every filter, ``pivot_table`` or ``loc`` on a frame;
    the calculators' frames carry their sources and notes there, so a chart that slices its data a few
    dozen times spends a large part of a slider callback copying them. Slice ``plain(frame)`` and read the
    attrs from ``frame`` itself.
    """
    import pandas as pd

    return pd.DataFrame(frame, copy=False)


def legend_label(label: str, values) -> str:
    """``label`` for a series that draws something, or a hidden label ("_…") for one whose values are all zero
    or missing — so a legend never lists an item that no bar, area or line shows."""
    import numpy as np

    v = np.asarray(values, dtype=float)
    return label if np.any(np.nan_to_num(v) != 0) else f"_{label}"
