"""Charts for family mutual aid (家庭共济, notebook 04).

Each function draws what a calculator returned (no rule is computed here) and ends with
:func:`~yibao_helpers.present.footnotes.source_footnote` (sources and as-of date of the rows used):

* :func:`plot_family_year` — one :func:`~yibao_helpers.rules.family_year.simulate_family_year`: per person,
  what the account paid and what was paid in cash;
* :func:`plot_family_cost_curve` — a vector simulation against the relative's cost that varies;
* :func:`plot_family_timeline` — which relatives may use the account, and since when
  (:func:`~yibao_helpers.rules.family.timeline`).
"""

from __future__ import annotations

import datetime as _dt

import matplotlib
import numpy as np

from ...rules.family import RELATION_ZH, RELATIONS, timeline
from .. import footnotes, style

style.setup()

PAY_COLORS = {"from_account": "#2b6cb0", "cash": "#c05621"}


def plot_family_year(result, *, scenario: int = 0, title: str | None = None, ax=None, region: str | None = None):
    """Horizontal bars per person: paid from the account (blue) and in cash (orange), for one scenario.

    ``result``: :func:`yibao_helpers.family_year.simulate_family_year`; ``region``: the worker's region (for the
    footnote's freshness warning at the result's rule date).
    """
    per = result.per_person()
    summary = result.summary
    if result.vector:
        per = per[per["scenario"] == scenario]
        summary = summary[summary["scenario"] == scenario]
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 0.9 + 0.55 * max(len(per), 2))) if own else (ax.figure, ax)
    y = np.arange(len(per))[::-1]
    ax.barh(y, per["from_account"], color=PAY_COLORS["from_account"], label="个人账户支付")
    ax.barh(y, per["cash"], left=per["from_account"], color=PAY_COLORS["cash"], label="现金支付")
    ax.set_yticks(y)
    ax.set_yticklabels(per["who"])
    ax.set_xlabel("金额（元/年）")
    style.money_axis(ax.xaxis)
    # each bar's amounts written at its end, and room for them (and the legend) so no bar is cut at the edge
    totals = (per["from_account"] + per["cash"]).to_numpy(dtype=float)
    for yi, acc, cash, total in zip(y, per["from_account"], per["cash"], totals):
        ax.text(total, yi, f" 账户 {acc:,.0f} ＋ 现金 {cash:,.0f}", va="center", fontsize=8, color="#2d3748")
    ax.set_xlim(0, float(totals.max() if len(totals) else 0) * 1.75 or 1.0)
    ax.set_ylim(-0.7, len(per) - 0.3)
    s = summary.iloc[0]
    ax.set_title(
        title
        or f"家庭共济一年：账户付 {s['paid_from_account']:,.2f} 元，现金 {s['cash']:,.2f} 元，"
        f"年末余额 {s['year_end_balance']:,.2f} 元",
        fontsize=10,
    )
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    if own:
        footnotes.source_footnote(
            fig, result.sources, extra=f"规则日期 {result.on.isoformat()}", **footnotes.page(result, region)
        )
    return fig


def plot_family_cost_curve(
    result,
    x,
    *,
    x_label: str = "亲属的个人负担医疗费（元/年）",
    title: str | None = None,
    ax=None,
    region: str | None = None,
):
    """Stacked areas against a varying cost: paid from the account (blue) and in cash (orange), whole family.

    ``result``: a vector :func:`yibao_helpers.family_year.simulate_family_year` (one scenario per value of ``x``);
    ``x``: the varying amount (元/年), same length as the scenarios. The dashed line is the money the
    account had in the year (opening balance + credit): the blue area never rises above it.
    """
    x = np.asarray(x, dtype=float)
    summary = result.summary
    if len(summary) != x.size:
        raise ValueError(f"x has {x.size} values but the result has {len(summary)} scenarios")
    paid = summary["paid_from_account"].to_numpy(dtype=float)
    cash = summary["cash"].to_numpy(dtype=float)
    available = summary["available"].to_numpy(dtype=float)
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.4)) if own else (ax.figure, ax)
    ax.stackplot(
        x,
        paid,
        cash,
        colors=[PAY_COLORS["from_account"], PAY_COLORS["cash"]],
        alpha=0.85,
        labels=["个人账户支付（全家）", "现金支付（全家）"],
    )
    ax.plot(x, available, "--", color="#1a202c", lw=1.2, label="当年账户可用的钱（年初余额 + 当年划入）")
    out = np.flatnonzero(paid >= available - 0.005)
    if out.size and available[out[0]] > 0:
        ax.axvline(x[out[0]], color="#4a5568", lw=0.8, ls=":")
        ax.annotate(
            f"约 {x[out[0]]:,.0f} 元起账户用完，\n再多的费用全部付现金",
            (x[out[0]], available[out[0]]),
            xytext=(8, 18),
            textcoords="offset points",
            fontsize=8,
            color="#2d3748",
            bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="none", alpha=0.85),
        )
    ax.set_xlabel(x_label)
    ax.set_ylabel("金额（元/年）")
    style.money_axis(ax.xaxis)
    style.money_axis(ax.yaxis)
    ax.set_xlim(float(x.min()), float(x.max()))
    ax.set_ylim(0, float((paid + cash).max()) * 1.15 or 1.0)
    ax.set_title(title or "亲属看病花得越多，账户付多少、现金付多少")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    if own:
        footnotes.source_footnote(
            fig, result.sources, extra=f"规则日期 {result.on.isoformat()}", **footnotes.page(result, region)
        )
    return fig


def plot_family_timeline(region: str = "national", *, until: str | None = None, ax=None, on=None):
    """Which relatives may use the account, and since when: one bar per relation, the cross-province date marked.

    The data is :func:`yibao_helpers.family.timeline`; ``on``: the page's rule date (freshness warning).
    """
    rows = timeline(region)
    rel = rows[rows["rule"] == "relation"]
    end = (
        _dt.date.fromisoformat(until)
        if until
        else _dt.date.fromisoformat(rows["effective_from"].max()).replace(month=12, day=31)
    )
    own = ax is None
    fig, ax = style.subplots(figsize=(8, 4.2)) if own else (ax.figure, ax)
    codes = list(RELATIONS)
    docs = list(dict.fromkeys(rel["source"].str.split("《").str[0].str.strip()))
    palette = ["#2b6cb0", "#38a169", "#805ad5", "#d69e2e"]
    labelled = set()
    for i, code in enumerate(codes):
        y = len(codes) - 1 - i
        for _, r in rel[rel["relation"] == code].iterrows():
            a = matplotlib.dates.date2num(_dt.date.fromisoformat(r["effective_from"]))
            b = matplotlib.dates.date2num(_dt.date.fromisoformat(r["effective_to"]) if r["effective_to"] else end)
            doc = r["source"].split("《")[0].strip()
            ax.barh(
                y,
                b - a,
                left=a,
                color=palette[docs.index(doc) % len(palette)],
                height=0.6,
                label=None if doc in labelled else f"{doc}（{r['effective_from']} 起）",
            )
            labelled.add(doc)
    cross = rows[rows["parameter"] == "family.cross_province"]
    if len(cross):
        d = matplotlib.dates.date2num(_dt.date.fromisoformat(cross["effective_from"].iloc[0]))
        ax.axvline(
            d, color="#c05621", ls="--", lw=1.2, label=f"{cross['effective_from'].iloc[0]} 起可跨省共济（须先绑定）"
        )
    ax.legend(loc="lower left", fontsize=8, frameon=True, framealpha=0.9)
    ax.set_yticks(range(len(codes)))
    ax.set_yticklabels([RELATION_ZH[c] for c in codes][::-1])
    ax.xaxis.set_major_locator(matplotlib.dates.YearLocator())
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%Y"))
    ax.set_xlim(matplotlib.dates.date2num(_dt.date(2020, 1, 1)), matplotlib.dates.date2num(end))
    ax.set_xlabel("时间（年）")
    ax.set_title("谁可以用我的职工医保个人账户：家庭共济范围的变化")
    if own:
        src = rows[["source", "confidence", "effective_from"]].copy()
        src["source"] = src["source"].str.split("《").str[0]
        footnotes.source_footnote(fig, src, region=region, on=on)
    return fig
