"""Showing a chart in a notebook: one-pass PNG rendering, the freshness warning printed under it, PNGs kept for review."""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path

import matplotlib.pyplot as plt

from .footnotes import warning_of

PNG_OPTIONS = {"metadata": {"Software": None}, "pil_kwargs": {"compress_level": 3}}  # deterministic bytes, fast zlib


def figure_bundle(fig) -> dict:
    """The figure as a display bundle: a PNG at the figure's dpi and the figure's text repr.

    This is what ``%matplotlib inline`` shows, rendered in one pass: the inline backend's default
    ``bbox_inches="tight"`` measures every artist in an extra pass first (≈ 45 % of the time of a
    chart here). The charts keep everything inside the figure (the footnote makes room with
    ``subplots_adjust``), as the PNGs saved for review (``YIBAO_CHART_DIR``) show, so nothing is lost.
    The PNG is compressed at zlib level 3 (:data:`PNG_OPTIONS`): about 2.5× faster to encode than the
    default level 6 for these charts, and no larger (a chart is mostly flat colour).
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, **PNG_OPTIONS)
    return {"image/png": base64.b64encode(buf.getvalue()).decode("ascii"), "text/plain": repr(fig)}


def show(fig, name: str | None = None):
    """Display a figure in a notebook (and its freshness warning, if any, as a line of text right under it);
    also save it as PNG when YIBAO_CHART_DIR is set (for review)."""
    out_dir = os.environ.get("YIBAO_CHART_DIR")
    if out_dir and name:
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        fig.savefig(Path(out_dir) / f"{name}.png", metadata={"Software": None})
    try:
        from IPython.display import display

        display(figure_bundle(fig), raw=True)
        warning = warning_of(fig)
        if warning:
            print(warning)
    finally:
        plt.close(fig)
