"""Charts with Chinese text that renders offline, and a source footnote on every chart.

The CJK font (Noto Sans SC, SIL OFL) ships inside the ``pylopdf-fonts-zh-cn``
package from requirements.txt; it is registered with matplotlib's font manager
at import, never downloaded. ``font.family`` lists DejaVu Sans first and Noto Sans
SC second so that matplotlib falls back glyph by glyph without warnings.
"""

from __future__ import annotations

import base64
import datetime as _dt
import functools
import io
import os
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager

from .policy import CONFIDENCE, as_date, data_as_of, region_name, tables

CJK_FAMILY = "Noto Sans SC"
STATUS_ZH = {"in_service": "在职", "retired": "退休"}
COLORS = {
    "balance": "#2b6cb0",
    "credited": "#38a169",
    "spent": "#dd6b20",
    "limit": "#805ad5",
    "retired": "#718096",
    "employee": "#2b6cb0",
    "resident": "#c05621",
}
WARNING_COLOR = "#9c4221"
STALE_AFTER_YEARS = 2  # warn when a region's newest data are more than this many years older than the page's date
WARNING_ATTR = "yibao_freshness_warning"  # the warning drawn on a figure, printed again by show()


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


def _short_source(src: str) -> str:
    head = src.split("；")[0].split("（")[0].strip() or src
    return head if len(head) <= 28 else head[:27] + "…"


def as_of_of(sources: pd.DataFrame | None, default: str = "") -> str:
    """The as-of date of the data behind a result: the newest effective date among the rows used."""
    if sources is None or not len(sources):
        return default
    return str(max(sources["effective_from"]))


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


def _years_before(day: _dt.date, years: int) -> _dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year - years, day=28)


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
    if newest is None or newest >= _years_before(on, STALE_AFTER_YEARS):
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


def _years_axis(ax, years, ages=None):
    ax.set_xlabel("年份（年）" if ages is None else "年份（年）/ 年龄（岁）")
    if ages is not None:
        step = max(1, len(years) // 10)
        ticks = list(years[::step])
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"{y}\n{a}岁" for y, a in zip(years[::step], ages[::step])], fontsize=8)


def plot_balance(df: pd.DataFrame, *, title: str | None = None, ax=None, region: str | None = None, on=None):
    """Year-end account balance (bars) with yearly credit and spending; retirement shaded.

    ``df`` is one person's :func:`yibao_helpers.account.project_balance` result. The freshness warning
    (:func:`source_footnote`) is for ``region`` (default: the projection's) at ``on`` (default: 1 July
    of the projection's first year).
    """
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.4)) if own else (ax.figure, ax)
    years = df["year"].to_numpy()
    ax.bar(years, df["balance"], color=COLORS["balance"], alpha=0.85, label="年末余额（结转，不清零）")
    ax.plot(years, df["credited"], "o-", color=COLORS["credited"], ms=3, lw=1.5, label="当年划入")
    if df["spent"].sum() > 0:
        ax.plot(years, df["spent"], "s--", color=COLORS["spent"], ms=3, lw=1.2, label="当年支出")
    retired = df["status"].astype(str).to_numpy() == "retired"
    if retired.any():
        first = years[retired][0]
        ax.axvspan(first - 0.5, years[-1] + 0.5, color=COLORS["retired"], alpha=0.12, label="退休后")
    ax.set_ylabel("金额（元）")
    _years_axis(ax, years, df["age"].to_numpy())
    ax.set_title(title or "个人账户余额逐年累积：年底不清零")
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.legend(loc="upper left", fontsize=8, frameon=False)
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
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 5.6), sharex=True)
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
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    source_footnote(
        fig, sources if sources is not None else balance.attrs.get("sources"), **projection_page(balance, region, on)
    )
    return fig


def figure_bundle(fig) -> dict:
    """The figure as a display bundle: a PNG at the figure's dpi and the figure's text repr.

    This is what ``%matplotlib inline`` shows, rendered in one pass: the inline backend's default
    ``bbox_inches="tight"`` measures every artist in an extra pass first (≈ 45 % of the time of a
    chart here). The charts keep everything inside the figure (the footnote makes room with
    ``subplots_adjust``), as the PNGs saved for review (``YIBAO_CHART_DIR``) show, so nothing is lost.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, metadata={"Software": None})
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
