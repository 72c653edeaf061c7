"""Charts of notebook 02 (职工 vs 居民: where the money goes): plot functions only.

The data come from :mod:`yibao_helpers.scenarios.contributions` (:func:`~yibao_helpers.scenarios.contributions.flow_table`,
:func:`~yibao_helpers.scenarios.contributions.flows_by_salary`); each ``plot_*`` function draws exactly the
data it is given and ends with :func:`yibao_helpers.present.footnotes.source_footnote` (which flags
illustrative values).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib import patheffects

from ...params import region_name
from ...scenarios.contributions import GROUPS, PART_ZH, SIDES
from .. import footnotes, style
from ..style import money_axis

style.setup()

PART_COLORS = {
    "employer": "#2c7a7b",
    "individual": "#38a169",
    "subsidy": "#d69e2e",
    "pool_credit": "#805ad5",  # money out of the pool into a retiree's account: not the pool's orange
    "account": "#2b6cb0",
    "pool": "#dd6b20",
    "other": "#a0aec0",
}
# the resident lines are drawn over the pool's orange area: a dark magenta that stays visible on it
RESIDENT_LINE = "#97266d"


def plot_contribution_flows(table: pd.DataFrame, *, title: str | None = None, ax=None, region=None, on=None):
    """Stacked bars, two per group: where the money comes from (单位 / 个人 / 财政补助 / 统筹划入) and where it
    goes (个人账户 / 统筹基金 / 其他). ``table`` is :func:`~yibao_helpers.scenarios.contributions.flow_table`; bar segments are its ``amount`` values.

    One ``ax.bar`` call per part (a container per part, in the order of ``SIDES``), so a test can read
    the heights back.
    """
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.8)) if own else (ax.figure, ax)
    groups = list(dict.fromkeys(table["group"]))
    centers = np.arange(len(groups)) * 2.6
    width = 0.9
    pivot = style.plain(table).pivot_table(
        index=["group", "side"], columns="part", values="amount", aggfunc="sum", fill_value=0.0
    )
    tops = {}
    span = float(pivot.sum(axis=1).max()) or 1.0
    for offset, (side, (_side_zh, parts)) in zip((-0.5, 0.5), SIDES.items()):
        x = centers + offset * (width + 0.08)
        bottom = np.zeros(len(groups))
        for part in parts:
            h = np.array(
                [
                    pivot.loc[(g, side), part] if (g, side) in pivot.index and part in pivot.columns else 0.0
                    for g in groups
                ]
            )
            if not h.any():
                continue
            ax.bar(
                x,
                h,
                bottom=bottom,
                width=width,
                color=PART_COLORS[part],
                label=PART_ZH[part],
                hatch="//" if side == "use" and part == "pool" else None,
                edgecolor="white",
                linewidth=0.6,
                gid=f"{side}:{part}",
            )
            for xi, b, hi in zip(x, bottom, h):
                if hi >= span * 0.03:
                    ax.text(
                        xi,
                        b + hi / 2,
                        f"{hi:,.0f}",
                        ha="center",
                        va="center",
                        fontsize=7.5,
                        color="white",
                        path_effects=[patheffects.withStroke(linewidth=2.2, foreground=PART_COLORS[part])],
                    )
            bottom = bottom + h
        for xi, g, total in zip(x, groups, bottom):
            ax.text(xi, total + span * 0.015, f"{total:,.0f}", ha="center", va="bottom", fontsize=8)
            ax.text(xi, -span * 0.02, "来源" if side == "source" else "去向", ha="center", va="top", fontsize=8)
            tops[g] = max(tops.get(g, 0.0), total)
    ax.set_xticks(centers)
    labels = []
    for g in groups:
        label = GROUPS[g][2]
        if g == "employee_in_service" and "monthly_salary" in table.attrs:
            label += f"\n（月工资 {table.attrs['monthly_salary']:,.0f} 元）"
        elif g == "employee_retired" and "retiree_age" in table.attrs:
            label += f"\n（{table.attrs['retiree_age']} 岁，本人不缴费）"
        elif g == "resident":
            label += "\n（按人定额，无个人账户）"
        labels.append(label)
    ax.set_xticklabels(labels, fontsize=9)
    ax.tick_params(axis="x", length=0, pad=16)
    ax.set_ylim(-span * 0.02, span * 1.32)
    ax.set_ylabel("金额（元/年）")
    money_axis(ax.yaxis)
    ax.grid(axis="x", visible=False)
    name = region_name(table.attrs.get("region", "national"))
    ax.set_title(
        title or f"{name} {table.attrs.get('year', '')} 年：医保费从哪里来（左柱）、到哪里去（右柱）", fontsize=11
    )
    ax.legend(loc="upper right", fontsize=8, frameon=False, ncol=2)
    if own:
        extra = "；".join(table.attrs.get("notes", []))
        footnotes.source_footnote(fig, table.attrs.get("sources"), extra=extra, **footnotes.page(table, region, on))
    return fig


def plot_flows_by_salary(frame: pd.DataFrame, *, salary=None, title: str | None = None, ax=None, region=None, on=None):
    """Yearly 职工医保 contributions against the monthly salary: areas for 个人账户 / 统筹 / 其他, the
    total as a line (gid ``total``), the person's own part (gid ``employee``), the resident amounts as
    flat lines (gids ``resident_total``, ``resident_individual``) and the base floor and ceiling marked.
    ``frame`` is :func:`~yibao_helpers.scenarios.contributions.flows_by_salary`.
    """
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.6)) if own else (ax.figure, ax)
    s = frame["monthly_salary"].to_numpy()
    acc, pool, other = (frame[c].to_numpy(dtype=float) for c in ("to_account", "to_pool", "to_other"))
    ax.fill_between(s, 0, acc, color=PART_COLORS["account"], alpha=0.85, label=PART_ZH["account"], lw=0)
    ax.fill_between(s, acc, acc + pool, color=PART_COLORS["pool"], alpha=0.55, label=PART_ZH["pool"], lw=0)
    if other.any():
        ax.fill_between(
            s, acc + pool, acc + pool + other, color=PART_COLORS["other"], alpha=0.8, label=PART_ZH["other"], lw=0
        )
    ax.plot(s, frame["total"], color="#1a202c", lw=1.6, label="职工每年缴费合计（单位 + 个人）", gid="total")
    ax.plot(
        s, frame["employee"], color=PART_COLORS["individual"], lw=1.6, ls="--", label="其中个人缴费", gid="employee"
    )
    ax.plot(
        s,
        frame["resident_total"],
        color=RESIDENT_LINE,
        lw=1.8,
        ls="-.",
        zorder=4,
        label=f"居民医保每人每年（个人 + 财政）{frame['resident_total'].iloc[0]:,.0f}",
        gid="resident_total",
    )
    ax.plot(
        s,
        frame["resident_individual"],
        color=RESIDENT_LINE,
        lw=1.8,
        ls=":",
        zorder=4,
        label=f"其中居民个人缴费 {frame['resident_individual'].iloc[0]:,.0f}",
        gid="resident_individual",
    )
    top = float(frame["total"].max()) or 1.0
    for x, text in ((frame.attrs.get("base_floor"), "基数下限"), (frame.attrs.get("base_ceiling"), "基数上限")):
        if x is not None and s.min() <= x <= s.max():
            ax.axvline(x, color="#718096", lw=0.9, ls=":")
            ax.text(
                x,
                top * 0.04,
                f"{text} {x:,.0f}",
                rotation=90,
                ha="right",
                va="bottom",
                fontsize=7.5,
                color="#2d3748",
                bbox=dict(facecolor="white", alpha=0.75, edgecolor="none", pad=1.5),
            )
    if salary is not None:
        ax.axvline(salary, color="#c53030", lw=1.0)
        ax.text(salary, top * 0.5, f" 月工资 {salary:,.0f}", color="#c53030", fontsize=8, va="center")
    ax.set_ylim(0, top * 1.22)
    ax.set_xlim(s.min(), s.max() if s.max() > s.min() else s.min() + 1.0)  # one salary only: a 1-yuan axis
    ax.set_xlabel("月工资（元/月）")
    ax.set_ylabel("每年缴费（元/年）")
    money_axis(ax.xaxis)
    money_axis(ax.yaxis)
    name = region_name(frame.attrs.get("region", "national"))
    post = (frame["regime"] == "post_2021").all()
    ax.set_title(
        title
        or (
            f"{name} {frame.attrs.get('year', '')} 年：工资越高缴得越多，但只有本人缴的那部分进账户"
            if post
            else f"{name} {frame.attrs.get('year', '')} 年（改革前）：本人缴费和单位缴费的一部分进账户"
        ),
        fontsize=11,
    )
    ax.legend(
        loc="upper left", bbox_to_anchor=(0.24, 1.0), fontsize=7.5, frameon=True, framealpha=0.92, edgecolor="none"
    )
    if own:
        footnotes.source_footnote(
            fig,
            frame.attrs.get("sources"),
            extra="；".join(frame.attrs.get("notes", [])),
            **footnotes.page(frame, region, on),
        )
    return fig
