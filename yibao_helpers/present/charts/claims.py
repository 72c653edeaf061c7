"""Charts for the myth-vs-fact and policy-timeline notebooks (10, 11).

Each function draws what :mod:`yibao_helpers.content.claims`, :mod:`yibao_helpers.content.demos` and
:mod:`yibao_helpers.content.timeline` returned (no rule is computed here), uses the packaged CJK font via
:func:`yibao_helpers.present.style.setup` and ends with :func:`yibao_helpers.present.footnotes.source_footnote`
(sources and as-of date of the rows used). :func:`timeline_points` and :func:`milestones` only place and
number the timeline's markers.
"""

from __future__ import annotations

import datetime as _dt
import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ...content import timeline
from ...content.claims import CLAIM_UNITS, VERDICTS
from ...content.demos import ClaimDemo
from ...content.timeline import KINDS
from ...params.catalogue import categories
from .. import footnotes, style

style.setup()

VERDICT_COLORS = {
    "correct": "#38a169",
    "partly": "#d69e2e",
    "outdated": "#805ad5",
    "regional": "#319795",
    "wrong": "#e53e3e",
    "unverified": "#a0aec0",
}
CLAIM_COLOR = "#dd6b20"
RULE_COLOR = "#2b6cb0"
KIND_MARKERS = {"new": "o", "change": "^", "scheduled": "D", "same": "s"}
FUTURE_COLOR = "#cbd5e0"
REGION_COLOR = "#c05621"
PIVOT = 2014.0  # before this year the timeline's axis is compressed
COMPRESS = 0.25


def _unit_label(unit: str) -> str:
    return {"ratio": "比例（%）", "year": "年份（年）", "items": "类别数（项）", "years": "年数（年）"}.get(
        unit, f"金额（{CLAIM_UNITS.get(unit, unit)}）"
    )


def _scaled(value: float, unit: str) -> float:
    return float(value) * 100 if unit == "ratio" else float(value)


def _clipped(text: str, n: int = 22) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# --------------------------------------------------------------------------- claims


def plot_verdict_counts(counts: pd.DataFrame, *, title: str | None = None, as_of: str = "", ax=None):
    """Bars: how many claims have each verdict. ``counts``: :func:`yibao_helpers.content.claims.verdict_counts`."""
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.2)) if own else (ax.figure, ax)
    x = np.arange(len(counts))
    ax.bar(x, counts["count"], color=[VERDICT_COLORS[v] for v in counts["verdict"]], width=0.6)
    for xi, n in zip(x, counts["count"]):
        ax.text(xi, n + 0.3, f"{n}", ha="center", va="bottom", fontsize=10)
    ax.set_xticks(x)
    ax.set_xticklabels(counts["verdict_zh"], fontsize=10)
    ax.set_ylabel("说法条数（条）")
    ax.set_xlabel("核查结论")
    ax.set_ylim(0, max(float(counts["count"].max()), 1) * 1.2)
    ax.set_title(title or f"{int(counts['count'].sum())} 条网上常见说法的核查结论")
    if own:
        src = pd.DataFrame(
            {
                "source": ["data/claims/claims.csv（核查结论；依据见各行 source 列与 shared/domain/claims.md）"],
                "confidence": ["secondary"],
                "effective_from": [as_of],
            }
        )
        footnotes.source_footnote(fig, src, as_of, extra="“地方”只在某些地区成立；“待核”未找到原文")
    return fig


def _pair_bars(ax, demo: ClaimDemo, rows: pd.DataFrame, *, labels: bool = True, fontsize: float = 8):
    x = np.arange(len(rows))
    claim = np.array([_scaled(v, u) for v, u in zip(rows["claim"], rows["unit"])])
    rule = np.array([_scaled(v, u) for v, u in zip(rows["rule"], rows["unit"])])
    w = 0.36
    ax.bar(x - w / 2, claim, w, color=CLAIM_COLOR, label="网上说法")
    ax.bar(x + w / 2, rule, w, color=RULE_COLOR, label="规则（按数据计算）")
    top = float(max(claim.max(), rule.max(), 0))
    lo = 0.0
    if rows["unit"].iloc[0] == "year":  # calendar years: bars from 0 say nothing
        lo = float(min(claim.min(), rule.min())) - 10
        top = float(max(claim.max(), rule.max())) + 5
        ax.set_ylim(lo, top)
    else:
        ax.set_ylim(0, (top or 1) * 1.25)
    if labels:
        for xi, c, r, u in zip(x, claim, rule, rows["unit"]):
            for pos, val, raw in ((xi - w / 2, c, c), (xi + w / 2, r, r)):
                shown = f"{raw:g}%" if u == "ratio" else (f"{raw:.0f}" if u in ("year", "items") else f"{raw:,.0f}")
                ax.text(pos, val + (top - lo) * 0.02, shown, ha="center", va="bottom", fontsize=fontsize)
    fmt = "{v:.0f}" if rows["unit"].iloc[0] == "year" else "{v:,.0f}"
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: fmt.format(v=v)))
    return x


def _demo_page(demos, region=None, on=None) -> dict:
    """Freshness-warning inputs for demonstrations: the given region/date, else those the demonstrations used."""
    for d in demos:
        region = d.inputs.get("region") if region is None else region
        on = d.inputs.get("year") if on is None else on
    return footnotes.page(None, region, on)


def plot_claim_demo(demo: ClaimDemo, *, title: str | None = None, ax=None, region=None, on=None):
    """One claim: the claim's number (orange) next to the rule's number (blue), for each compared item
    with the headline's unit. ``demo``: :func:`yibao_helpers.content.demos.demonstrate` (whose region and year,
    unless ``region`` / ``on`` are given, the footnote's freshness warning checks)."""
    rows = demo.pairs[demo.pairs["unit"] == demo.unit].reset_index(drop=True)
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.2)) if own else (ax.figure, ax)
    x = _pair_bars(ax, demo, rows, fontsize=9)
    ax.set_xticks(x)
    ax.set_xticklabels([_clipped(t, 18) for t in rows["item"]], fontsize=9)
    ax.set_ylabel(_unit_label(demo.unit))
    ax.set_xlabel("比较的项目")
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    ax.set_title(title or f"{demo.claim_id}「{_clipped(demo.claim_zh, 24)}」：{demo.verdict_zh}", fontsize=10)
    if own:
        footnotes.source_footnote(fig, demo.sources, **_demo_page([demo], region, on))
    return fig


def plot_demo_grid(demos: dict, *, ncols: int = 3, title: str | None = None, region=None, on=None):
    """Small multiples: for each computable claim, the claim's number next to the rule's number.

    ``demos``: :func:`yibao_helpers.content.demos.demonstrate_all` (entries that could not be computed are
    left out). Each panel's title carries the claim ID and verdict; its y axis its own unit.
    """
    ok = {k: d for k, d in demos.items() if isinstance(d, ClaimDemo)}
    n = max(len(ok), 1)
    nrows = math.ceil(n / ncols)
    fig, axes = style.subplots(nrows, ncols, figsize=(8, 2.0 * nrows + 1.2), squeeze=False)
    for ax, (cid, d) in zip(axes.flat, ok.items()):
        head = d.pairs.iloc[[0]].reset_index(drop=True)
        _pair_bars(ax, d, head, fontsize=7)
        ax.set_xticks([])
        ax.set_title(f"{cid}（{d.verdict_zh}）\n{_clipped(d.label, 15)}", fontsize=8, color=VERDICT_COLORS[d.verdict])
        ax.set_ylabel({"ratio": "%", "year": "年份"}.get(d.unit, CLAIM_UNITS[d.unit]), fontsize=7)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(ok) :]:
        ax.axis("off")
    handles = [
        matplotlib.patches.Patch(color=CLAIM_COLOR, label="网上说法的数字"),
        matplotlib.patches.Patch(color=RULE_COLOR, label="规则（按数据计算）"),
    ]
    fig.legend(handles=handles, loc="upper right", ncol=2, fontsize=8, frameon=False)
    fig.suptitle(title or "用数字说话：说法的数字 vs 规则的数字", x=0.02, ha="left", fontsize=11)
    fig.subplots_adjust(hspace=0.85, wspace=0.45, top=1 - 1.0 / fig.get_size_inches()[1])
    sources = pd.concat([d.sources for d in ok.values()], ignore_index=True) if ok else None
    footnotes.source_footnote(fig, sources, **_demo_page(ok.values(), region, on))
    return fig


# --------------------------------------------------------------------------- timeline


def decimal_year(date) -> float:
    d = _dt.date.fromisoformat(date) if isinstance(date, str) else date
    start = _dt.date(d.year, 1, 1)
    return d.year + (d - start).days / 365.0


def warp(x):
    """Timeline axis: years before :data:`PIVOT` are compressed (× :data:`COMPRESS`)."""
    x = np.asarray(x, dtype=float)
    return np.where(x < PIVOT, PIVOT - (PIVOT - x) * COMPRESS, x)


def timeline_points(events: pd.DataFrame, *, year: int | None = None) -> pd.DataFrame:
    """Markers of :func:`plot_timeline`: one per category, date, kind and national/own rows, with the
    number of events it stands for, its position and whether it is in force by 1 July of ``year``."""
    names = categories()
    lanes = list(dict.fromkeys(names[c] for c in names if c in set(events["category"])))
    lanes += [z for z in dict.fromkeys(events["category_zh"]) if z not in lanes]
    own = events["region"] != "national"
    pts = (
        events.assign(own=own)
        .groupby(["category_zh", "date", "kind", "own"], sort=False)
        .size()
        .rename("count")
        .reset_index()
    )
    pts["lane"] = pts["category_zh"].map({z: i for i, z in enumerate(lanes)})
    pts["x"] = warp([decimal_year(d) for d in pts["date"]])
    cut = _dt.date(year, 7, 1).isoformat() if year is not None else "9999-12-31"
    pts["in_force"] = pts["date"] <= cut
    pts.attrs["lanes"] = lanes
    return pts


def plot_timeline(
    events: pd.DataFrame,
    *,
    year: int | None = None,
    region_label: str = "全国",
    title: str | None = None,
    ax=None,
    region: str | None = None,
    on=None,
):
    """Dated rule changes: one lane per kind of rule, a marker per change (circle new, triangle changed
    value, diamond a date fixed in advance), national milestones labelled, later changes in grey when
    ``year`` is given (a vertical line marks 1 July of that year).

    ``events``: :func:`yibao_helpers.content.timeline.timeline_events` (optionally :func:`~yibao_helpers.content.timeline.events_for`).
    ``region`` / ``on``: the region shown and the page's date, for the footnote's freshness warning.
    """
    pts = timeline_points(events, year=year)
    lanes = pts.attrs["lanes"]
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 0.3 * len(lanes) + 0.8)) if own else (ax.figure, ax)
    for (kind, is_own, live), g in pts.groupby(["kind", "own", "in_force"]):
        color = (REGION_COLOR if is_own else RULE_COLOR) if live else FUTURE_COLOR
        ax.scatter(
            g["x"],
            len(lanes) - 1 - g["lane"],
            s=22 + 10 * np.sqrt(g["count"] - 1) * 3,
            marker=KIND_MARKERS.get(kind, "o"),
            color=color,
            edgecolor="white",
            linewidth=0.5,
            zorder=3,
        )
    ms = timeline.milestones(events)
    lane_of = {z: i for i, z in enumerate(lanes)}
    for _, e in ms.iterrows():
        x = float(warp(decimal_year(e["date"])))
        yv = len(lanes) - 1 - lane_of[e["category_zh"]]
        ax.annotate(
            str(e["number"]),
            (x, yv),
            xytext=(0, 6.5),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=6.5,
            color="white",
            zorder=5,
            bbox={"boxstyle": "circle,pad=0.18", "fc": "#1a202c", "ec": "none"},
        )
    lo_year = min(1978, int(events["year"].min()) if len(events) else 1978)
    hi_year = max(2031, int(events["year"].max()) + 1 if len(events) else 2031)
    ax.set_xlim(float(warp(lo_year - 1)), float(warp(hi_year)))
    ax.axvspan(float(warp(lo_year - 1)), PIVOT, color="#edf2f7", alpha=0.6, zorder=0)
    ax.text(
        float(warp(lo_year - 0.5)),
        -0.6,
        f"{PIVOT:.0f} 年以前横轴压缩为 1/{1 / COMPRESS:.0f}",
        fontsize=7,
        color="#4a5568",
        va="bottom",
    )
    ticks = sorted({lo_year, 1990, 1998, 2006} | set(range(2014, hi_year + 1, 2)))
    ax.set_xticks(warp(ticks))
    ax.set_xticklabels([str(t) for t in ticks], fontsize=8)
    ax.set_yticks(range(len(lanes)))
    ax.set_yticklabels(lanes[::-1], fontsize=8.5)
    ax.set_ylim(-0.7, len(lanes) - 0.3)
    ax.set_xlabel("生效日期（年）")
    ax.grid(axis="y", alpha=0.15)
    if year is not None:
        xv = float(warp(decimal_year(_dt.date(year, 7, 1))))
        ax.axvline(xv, color="#e53e3e", lw=1.2, ls="--", zorder=2)
        ax.text(xv, -0.65, f" {year}-07-01", color="#e53e3e", fontsize=8, va="bottom")
    handles = [
        plt.Line2D([], [], marker=KIND_MARKERS[k], ls="", color=RULE_COLOR, label=KINDS[k])
        for k in ("new", "change", "scheduled")
    ]
    if pts["own"].any():
        handles.append(plt.Line2D([], [], marker="o", ls="", color=REGION_COLOR, label=f"{region_label}自己的规则"))
    if year is not None and (~pts["in_force"]).any():
        handles.append(plt.Line2D([], [], marker="o", ls="", color=FUTURE_COLOR, label=f"{year} 年 7 月以后才生效"))
    n = len(events)
    ax.set_title(title or f"{region_label}医保规则是怎么一步步变化的（data/ 中 {n} 次规则变化）", fontsize=10.5)
    if not own:
        ax.legend(handles=handles, loc="lower left", fontsize=7, frameon=False)
        return fig
    items = [f"{r.number}  {r.year} {r.milestone}" for r in ms.itertuples()]
    half = max(math.ceil(len(items) / 2), 1)
    axes_h = fig.get_size_inches()[1] - 0.0
    foot_lines = footnotes.footnote_text(events.attrs.get("sources"), events.attrs.get("as_of", "")).count("\n") + 1
    foot_lines += 2 if footnotes.freshness_warning(region, on) else 0  # the warning's two lines above the footnote
    foot_h, list_h, legend_h, axis_h, top_h = 0.12 + 0.14 * foot_lines, 0.19 * half + 0.1, 0.4, 0.6, 0.45
    height = axes_h + foot_h + list_h + legend_h + axis_h
    fig.set_size_inches(8, height)
    footnotes.source_footnote(fig, events.attrs.get("sources"), events.attrs.get("as_of", ""), region=region, on=on)
    fig.legend(
        handles=handles,
        loc="center",
        bbox_to_anchor=(0.55, (foot_h + list_h + legend_h / 2) / height),
        ncol=len(handles),
        fontsize=7.5,
        frameon=False,
        handletextpad=0.3,
        columnspacing=1.0,
    )
    for col, chunk in enumerate((items[:half], items[half:])):
        fig.text(
            0.19 + 0.4 * col,
            (foot_h + list_h) / height,
            "\n".join(chunk),
            fontsize=7.5,
            va="top",
            ha="left",
            color="#1a202c",
            linespacing=1.55,
        )
    fig.subplots_adjust(
        left=0.19, right=0.98, top=1 - top_h / height, bottom=(foot_h + list_h + legend_h + axis_h) / height
    )
    return fig


def plot_history(histories: dict[str, pd.DataFrame], *, title: str, ylabel: str, ax=None):
    """Grouped bars, one group per year, one bar per series (e.g. resident contribution and subsidy).

    ``histories``: label → :func:`yibao_helpers.content.timeline.parameter_history`. Bar heights are the values;
    a bar whose row is illustrative is hatched and pale, so a value nobody has checked does not look like the rest.
    """
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.4)) if own else (ax.figure, ax)
    years = sorted(set().union(*[set(h["year"]) for h in histories.values()]))
    x = np.arange(len(years))
    w = 0.8 / max(len(histories), 1)
    palette = [RULE_COLOR, CLAIM_COLOR, "#38a169", "#805ad5"]
    top = max(float(h["value"].max()) for h in histories.values())
    any_guess = False
    for i, (label, h) in enumerate(histories.items()):
        by = dict(zip(h["year"], h["value"]))
        guess = set(h.loc[h["confidence"] == "illustrative", "year"])
        any_guess |= bool(guess & set(by))
        vals = np.array([by.get(y, np.nan) for y in years])
        pos = x - 0.4 + w * (i + 0.5)
        bars = ax.bar(pos, vals, w, color=palette[i % len(palette)], label=label)
        for bar, y in zip(bars, years):
            if y in guess:
                bar.set_alpha(0.35)
                bar.set_hatch("///")
        for p, v in zip(pos, vals):
            if not np.isnan(v):
                ax.text(p, v + top * 0.01, f"{v:,.0f}", ha="center", va="bottom", fontsize=6.5, rotation=90)
    ax.set_xticks(x)
    ax.set_xticklabels([str(y) for y in years], fontsize=8)
    ax.set_ylim(0, top * 1.18)
    ax.set_xlabel("文件年度（年）")
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    handles, _ = ax.get_legend_handles_labels()
    if any_guess:
        handles.append(
            matplotlib.patches.Patch(facecolor="#a0aec0", alpha=0.35, hatch="///", label="斜线浅色：示例值（未核实）")
        )
    ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False)
    ax.set_title(title, fontsize=10.5)
    if own:
        src = pd.concat([h.attrs["sources"] for h in histories.values()], ignore_index=True)
        footnotes.source_footnote(fig, src)
    return fig


__all__ = [
    "plot_verdict_counts",
    "plot_claim_demo",
    "plot_demo_grid",
    "plot_timeline",
    "plot_history",
    "timeline_points",
    "warp",
    "decimal_year",
    "VERDICT_COLORS",
    "VERDICTS",
]
