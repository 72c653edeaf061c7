"""Charts of notebook 03 (reimbursement): plot functions only, plus the sentence beside a chart with illustrative values.

The data come from :mod:`yibao_helpers.scenarios.reimburse` (:func:`~yibao_helpers.scenarios.reimburse.oop_curves`
with its milestones); :func:`plot_oop_vs_cost` draws exactly the data it is given and ends with
:func:`yibao_helpers.present.footnotes.source_footnote` (which flags illustrative values).
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd

from ...params import CONFIDENCE, region_name
from ...params.catalogue import parameter_zh
from ...rules import outpatient
from ...rules.codes import LEVEL_ZH, MEMBER_ZH
from ...scenarios.contributions import GROUPS
from ...scenarios.reimburse import member_code
from .. import footnotes, style
from ..style import money_axis

style.setup()

GROUP_COLORS = {
    "employee_in_service": style.COLORS["employee"],
    "employee_retired": "#805ad5",
    "resident": style.COLORS["resident"],
}


def illustrative_note(sources: pd.DataFrame | None) -> str:
    """A sentence for beside a chart when any value behind it is illustrative ('' otherwise)."""
    if sources is None or not len(sources) or not (sources["confidence"] == "illustrative").any():
        return ""
    rows = sources.loc[sources["confidence"] == "illustrative"]
    quals = rows["qualifier"] if "qualifier" in rows else [""] * len(rows)
    params = list(dict.fromkeys(parameter_zh(p, q or "") for p, q in zip(rows["parameter"], quals, strict=True)))
    shown = "、".join(params[:6]) + ("等" if len(params) > 6 else "")
    return (
        f"注意：本图用到的部分参数是{CONFIDENCE['illustrative']}值（如{shown}），"
        "只说明规则的结构和量级，不是当地的官方数字；图下脚注也标明了这一点。"
    )


def plot_oop_vs_cost(
    curves: pd.DataFrame, *, level=None, member: str = "in_service", title: str | None = None, region=None, on=None
):
    """Left: out-of-pocket (元) against the bill (元) at one hospital level, a line per group (gid = group);
    the chosen employee member is drawn bold, the other one dashed; milestones marked. Right: at the bill
    of interest (``curves.attrs['cost']``), bars per hospital level and group (gid ``bar:<group>:<level>``).
    ``level`` defaults to ``curves.attrs['level']``.
    ``curves`` is :func:`~yibao_helpers.scenarios.reimburse.oop_curves`; every line and bar is its ``out_of_pocket`` column.

    Within :func:`~yibao_helpers.present.style.slider_redraw` (a slider's callback) the figure of the previous
    call is updated in place when its layout is the same (:func:`_oop_layout`: the groups, milestones shown,
    labels and footnote); the picture is the one a new figure would give.
    """
    level = outpatient.level_code(curves.attrs.get("level", 3) if level is None else level)
    member = member_code(member)
    v = _oop_values(curves, level, member)
    if style.in_slider_redraw():
        return style.kept_or_drawn(
            "oop_vs_cost",
            _oop_layout(curves, v, level, member, title, region, on),
            lambda: _draw_oop(curves, v, level, member, title, region, on),
            lambda fig: _update_oop(fig, v),
        )
    return _draw_oop(curves, v, level, member, title, region, on)


def _oop_values(curves: pd.DataFrame, level: int, member: str) -> dict:
    """Every number the chart shows, computed once for a new figure and for an update in place."""
    chosen = f"employee_{member}"
    cost = float(curves.attrs.get("cost", curves["cost"].max()))
    data = style.plain(curves)  # sliced below; the attrs are read from curves
    here = data[data["level"] == level]
    span_x = float(here["cost"].max()) or 1.0
    lines, at = {}, {}
    for g in GROUPS:
        d = here[here["group"] == g]
        if not len(d):
            continue
        lines[g] = (d["cost"].to_numpy(), d["out_of_pocket"].to_numpy())
        hit = d[np.isclose(d["cost"], cost)]
        if len(hit):
            at[g] = float(hit["out_of_pocket"].iloc[0])
    marks = []  # (marker, color, size, label, x, y) of each milestone shown
    ms = curves.attrs.get("milestones")
    if ms is not None and len(ms):
        for row in ms[(ms["level"] == level) & (ms["cost"] <= span_x)].itertuples():
            if row.kind == "catastrophic" and row.group == "resident" and "resident" in lines:
                x, y = lines["resident"]
                label = f"居民大病保险开始支付（总费用约 {row.cost:,.0f} 元）"
                marks.append(("*", "#c53030", 11, label, row.cost, float(np.interp(row.cost, x, y))))
            elif row.kind == "ceiling" and row.group in (chosen, "resident") and row.group in lines:
                x, y = lines[row.group]
                label = f"{GROUPS[row.group][2]}统筹封顶（约 {row.cost:,.0f} 元）"
                marks.append(("v", GROUP_COLORS[row.group], 8, label, row.cost, float(np.interp(row.cost, x, y))))
    levels = sorted(data["level"].unique())
    heights = {}
    for g in GROUPS:
        heights[g] = []
        for lv in levels:
            d = data[(data["level"] == lv) & (data["group"] == g) & np.isclose(data["cost"], cost)]
            heights[g].append(float(d["out_of_pocket"].iloc[0]) if len(d) else 0.0)
    ymax = float(here["out_of_pocket"].max()) or 1.0
    return dict(
        chosen=chosen,
        cost=cost,
        span_x=span_x,
        lines=lines,
        at=at,
        marks=marks,
        levels=levels,
        heights=heights,
        ymax=ymax,
    )


def _oop_layout(curves: pd.DataFrame, v: dict, level, member, title, region, on) -> tuple:
    """What :func:`_update_oop` cannot change: the groups drawn and hit, the milestones shown (their labels),
    the levels, the titles, the footnote and the page (freshness warning)."""
    page = footnotes.page(curves, region, on)
    return (
        tuple(v["lines"]),
        tuple(v["at"]),
        tuple(m[:4] for m in v["marks"]),
        tuple(v["levels"]),
        level,
        member,
        title,
        curves.attrs.get("region", "national"),
        tuple(curves.attrs.get("shares", (0.0, 0.0))),
        tuple(curves.attrs.get("notes", [])),
        footnotes.footnote_text(curves.attrs.get("sources"), curves.attrs.get("as_of")),
        tuple(sorted((k, str(val)) for k, val in page.items())),
    )


def _update_oop(fig, v: dict):
    """The numbers of ``v`` into a figure :func:`_draw_oop` drew for the same :func:`_oop_layout`: each artist
    gets the values a new figure would give it (lines in the order they were drawn)."""
    ax, bx = fig.axes[:2]
    cost, span_x = v["cost"], v["span_x"]
    lines = list(ax.lines)
    lines[0].set_data([0, span_x], [0, span_x])
    k = 1
    for x, y in v["lines"].values():
        lines[k].set_data(x, y)
        k += 1
    lines[k].set_xdata([cost, cost])  # the bill of interest (axvline)
    k += 1
    for y in v["at"].values():
        lines[k].set_data([cost], [y])
        k += 1
    for m in v["marks"]:
        lines[k].set_data([m[4]], [m[5]])
        k += 1
    ax.texts[0].set_position((cost, v["ymax"] * 0.02))
    ax.texts[0].set_text(f" 总费用 {cost:,.0f}")
    ax.set_xlim(0, span_x)
    ax.set_ylim(0, v["ymax"] * 1.1)
    for bar, text, h in zip(bx.patches, bx.texts, [h for g in GROUPS for h in v["heights"][g]]):
        bar.set_height(h)
        text.set_position((bar.get_x() + bar.get_width() / 2, h))
        text.set_text(f"{h:,.0f}")
    top = max([p.get_height() for p in bx.patches] + [1.0])
    bx.set_ylim(0, top * 1.6)
    bx.set_title(f"总费用 {cost:,.0f} 元时：各级医院比一比", fontsize=10)
    fig.stale = True
    return fig


def _draw_oop(curves: pd.DataFrame, v: dict, level, member, title, region, on):
    chosen, cost, span_x = v["chosen"], v["cost"], v["span_x"]
    fig, (ax, bx) = style.subplots(1, 2, figsize=(10, 5), gridspec_kw={"width_ratios": [1.9, 1]})
    ax.plot([0, span_x], [0, span_x], color="#a0aec0", lw=0.8, ls=":", label="全部自付（没有医保）")
    for g, (x, y) in v["lines"].items():
        bold = g in (chosen, "resident")
        ax.plot(
            x,
            y,
            color=GROUP_COLORS[g],
            lw=2.2 if bold else 1.1,
            ls="-" if bold else "--",
            alpha=1 if bold else 0.7,
            label=GROUPS[g][2],
            gid=g,
        )
    ax.axvline(cost, color="#4a5568", lw=0.9)
    for g, y in v["at"].items():  # the bill of interest; its amounts are written on the bars at the right
        ax.plot([cost], [y], "o", color=GROUP_COLORS[g], ms=5)
    ax.text(cost, v["ymax"] * 0.02, f" 总费用 {cost:,.0f}", fontsize=8, color="#4a5568", va="bottom")
    for marker, color, size, label, x, y in v["marks"]:
        ax.plot([x], [y], marker, color=color, ms=size, zorder=5, label=label)
    ax.set_xlim(0, span_x)
    ax.set_ylim(0, v["ymax"] * 1.1)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))
    ax.set_xlabel("住院总费用（元）")
    ax.set_ylabel("个人负担（元）")
    money_axis(ax.xaxis)
    money_axis(ax.yaxis)
    ax.set_title(f"{LEVEL_ZH[level]}医院：总费用越高，个人负担怎么涨", fontsize=10)
    ax.legend(loc="upper left", fontsize=7.5, frameon=False)
    # right: the bill of interest at every level
    levels = v["levels"]
    width = 0.26
    for j, g in enumerate(GROUPS):
        heights = v["heights"][g]
        x = np.arange(len(levels)) + (j - 1) * width
        faded = g.startswith("employee") and g != chosen
        bars = bx.bar(
            x, heights, width=width * 0.95, color=GROUP_COLORS[g], alpha=0.35 if faded else 1.0, label=GROUPS[g][2]
        )
        for b, lv, h in zip(bars, levels, heights):
            b.set_gid(f"bar:{g}:{lv}")
            bx.text(b.get_x() + b.get_width() / 2, h, f"{h:,.0f}", ha="center", va="bottom", fontsize=6.5, rotation=90)
    bx.set_xticks(np.arange(len(levels)))
    bx.set_xticklabels([f"{LEVEL_ZH[lv]}医院" for lv in levels])
    bx.set_ylabel("个人负担（元）")
    bx.set_xlabel("医院级别")
    money_axis(bx.yaxis)
    top = max([p.get_height() for p in bx.patches] + [1.0])
    bx.set_ylim(0, top * 1.6)  # room for the rotated labels and the legend above the tallest bar
    bx.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    bx.set_title(f"总费用 {cost:,.0f} 元时：各级医院比一比", fontsize=10)
    bx.legend(loc="upper left", fontsize=7, frameon=False)
    name = region_name(curves.attrs.get("region", "national"))
    es, ps = curves.attrs.get("shares", (0.0, 0.0))
    fig.suptitle(
        title or f"{name}：住院花多少，自己掏多少（丙类 {es:.0%}、乙类 {ps:.0%}；{MEMBER_ZH[member]}职工加粗）",
        fontsize=11,
    )
    fig.subplots_adjust(wspace=0.28, top=0.86)
    footnotes.source_footnote(
        fig,
        curves.attrs.get("sources"),
        extra="；".join(curves.attrs.get("notes", [])),
        **footnotes.page(curves, region, on),
    )
    return fig
