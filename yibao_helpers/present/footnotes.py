"""The footnote under every chart (sources, as-of date, illustrative values) and the data-freshness warning.

:func:`source_footnote` writes "来源：…；数据截至 …" under a chart, flags illustrative values, and — for a
region whose newest own data are more than two years older than the page's date — draws
:func:`freshness_warning` above it. :func:`no_data_message` is what a page prints where the data give no
result.
"""

from __future__ import annotations

import datetime as _dt
import functools

import pandas as pd

from ..core.dates import as_date, years_before
from ..params import CONFIDENCE, data_as_of, region_name, tables
from ..params.sources import as_of_of
from .style import WARNING_COLOR

STALE_AFTER_YEARS = 2  # warn when a region's newest data are more than this many years older than the page's date

WARNING_ATTR = "yibao_freshness_warning"  # the warning drawn on a figure, printed again by show()


def _short_source(src: str) -> str:
    head = src.split("；")[0].split("（")[0].strip() or src
    return head if len(head) <= 28 else head[:27] + "…"


def footnote_text(sources: pd.DataFrame | None, as_of: str, extra: str = "") -> str:
    """'来源：…；数据截至 …' with a flag when any value used is illustrative, wrapped for a chart."""
    parts = []
    illustrative = False
    if sources is not None and len(sources):
        seen = []
        for src, conf in zip(sources["source"], sources["confidence"]):
            short = _short_source(src)
            if short not in seen:
                seen.append(short)
            illustrative |= conf == "illustrative"
        parts.append("来源：" + "；".join(seen[:5]) + ("等" if len(seen) > 5 else ""))
    parts.append(f"数据截至 {as_of}")
    if illustrative:
        parts.append(f"部分参数为{CONFIDENCE['illustrative']}值（illustrative），仅作演示")
    if extra:
        parts.append(extra)
    width = 70  # characters per line at 7.5 pt on an 8-inch figure (CJK glyphs are wide)
    pieces = "；".join(parts).split("；")
    lines, line = [], ""
    for piece in pieces:
        candidate = f"{line}；{piece}" if line else piece
        if len(candidate) > width and line:
            lines.append(line + "；")
            line = piece
        else:
            line = candidate
    lines.append(line)
    return "\n".join(lines)


@functools.cache
def region_data_as_of(region: str) -> _dt.date | None:
    """The newest ``effective_from`` among the region's own rows (not inherited national ones); None without rows."""
    rows = tables()
    own = rows.loc[rows["region"] == region, "start"]
    return max(own) if len(own) else None


def freshness_warning(region: str | None, as_of=None) -> str:
    """A warning when ``region``'s newest data are more than two years older than ``as_of``; else "".

    ``as_of``: the date the page's rules are taken on (a date, ISO text or a year = 1 July, as
    :func:`yibao_helpers.policy.as_date`; None = the newest data date). "More than two years older"
    means the newest ``effective_from`` of the region's own rows is before the same day two years
    earlier: as of 2026-07-01, data of 2024-07-01 are fresh and data of 2024-06-30 are not.
    """
    if region is None:
        return ""
    newest = region_data_as_of(region)
    on = as_date(as_of, "as_of") or data_as_of()
    if newest is None or newest >= years_before(on, STALE_AFTER_YEARS):
        return ""
    return (
        f"⚠ {region_name(region)}的数据最新到 {newest.isoformat()}，比本页依据的日期 {on.isoformat()} "
        f"早两年以上，可能已过时 / data for this region may be outdated"
    )


def no_data_message(exc: Exception, what_zh: str = "", what_en: str = "this result", *, head_zh: str = "") -> str:
    """What a notebook prints where the data cannot give a result (a region or date without the rows it needs).

    Two lines: Chinese (``head_zh``, default 无法计算 + ``what_zh``, then the error's Chinese line, which
    names the parameter and the periods that have data) and short English, e.g.::

        无法计算门诊统筹限额：参数 on 的值 '2016-07-01' 无效：地区 national 在该日期没有参数 outpatient.ratio[level=3] 的数据…
        (the outpatient-pool limit cannot be computed: region national has no data for outpatient.ratio[level=3] on this date)
    """
    lines = str(exc).splitlines() or [type(exc).__name__]
    en = getattr(exc, "allowed_en", None) or (lines[1] if len(lines) > 1 else lines[0])
    return f"{head_zh or '无法计算' + what_zh}：{lines[0]}\n({what_en} cannot be computed: {en.split(' (')[0]})"


def source_footnote(
    fig,
    sources: pd.DataFrame | None,
    as_of: str = "",
    extra: str = "",
    *,
    region: str | None = None,
    on=None,
) -> str:
    """Write the footnote under the chart and make room for it; returns the text (for tests).

    With ``region``, a :func:`freshness_warning` for the region at the page's date ``on`` (None = the
    newest data date) is drawn in a darker colour right above the footnote, kept on the figure
    (:func:`warning_of`) and printed under the chart by :func:`show`.
    """
    from matplotlib.text import Annotation

    text = footnote_text(sources, as_of or as_of_of(sources), extra)
    warning = freshness_warning(region, on)
    lines = text.count("\n") + 1
    foot = fig.text(0.01, 0.01, text, fontsize=7.5, color="#4a5568", ha="left", va="bottom")
    if warning:
        zh, _, en = warning.partition(" / ")
        fig.add_artist(
            Annotation(
                f"{zh}\n   {en}",
                xy=(0, 1),
                xycoords=foot,
                xytext=(0, 2),
                textcoords="offset points",
                fontsize=8,
                color=WARNING_COLOR,
                ha="left",
                va="bottom",
            )
        )
        lines += 2
    setattr(fig, WARNING_ATTR, warning)
    height = fig.get_size_inches()[1]
    fig.subplots_adjust(bottom=min(0.5, (0.75 + 0.16 * lines) / height))
    return f"{warning}\n{text}" if warning else text


def warning_of(fig) -> str:
    """The freshness warning drawn on ``fig`` by :func:`source_footnote` ("" when none)."""
    return getattr(fig, WARNING_ATTR, "")


def page(data=None, region: str | None = None, on=None) -> dict:
    """``region`` and ``on`` for :func:`source_footnote`'s freshness warning: the given values, else the data's.

    ``data``: a DataFrame whose ``attrs`` carry ``region`` and ``on`` / ``year`` / ``paid_on`` (as the
    calculators and chart-data helpers set them), or an object with such attributes (e.g. a family-year
    result's ``on``). Nothing found → ``None`` (no region: no warning; no date: the newest data date).
    """
    attrs = getattr(data, "attrs", None)
    if isinstance(data, pd.DataFrame) or isinstance(attrs, dict):
        found = attrs or {}
    else:
        found = {k: getattr(data, k) for k in ("region", "on", "year", "paid_on") if hasattr(data, k)}
    if region is None:
        region = found.get("region")
    if on is None:
        on = next((found[k] for k in ("on", "year", "paid_on") if found.get(k) is not None), None)
    return {"region": region, "on": on}


def projection_page(df: pd.DataFrame, region=None, on=None) -> dict:
    """:func:`page` for a yearly projection: its region, and 1 July of its first year unless given."""
    if on is None and "year" in df and len(df):
        on = int(df["year"].iloc[0])
    return page(df, region, on)
