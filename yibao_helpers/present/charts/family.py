"""Charts for family mutual aid, balance changes and contribution gaps (notebooks 04–06).

Each function draws what a calculator returned (no rule is computed here), uses the packaged
CJK font via :func:`yibao_helpers.style.setup` and ends with
:func:`yibao_helpers.footnotes.source_footnote` (sources and as-of date of the rows used).
"""

from __future__ import annotations

import datetime as _dt

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ...scenarios.balance import waterfall_data
from .. import footnotes, style

style.setup()

KIND_COLORS = {"start": "#2b6cb0", "end": "#2b6cb0", "up": "#38a169", "down": "#dd6b20"}
PAY_COLORS = {"from_account": "#2b6cb0", "cash": "#c05621"}


def _money_axis(axis):
    axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))


def plot_waterfall(
    table: pd.DataFrame,
    *,
    title: str | None = None,
    ax=None,
    start_label: str | None = None,
    end_label: str | None = None,
    drop_zero: bool = True,
    region: str | None = None,
    on=None,
):
    """Waterfall of a decomposition: start bar, one floating bar per factor (green up, orange down), end bar.

    ``table``: a result of :func:`yibao_helpers.balance_change.explain_change` or ``paid_vs_credited``
    (or already :func:`~yibao_helpers.balance.waterfall_data`). Bar heights are the data's amounts.
    ``region`` / ``on``: the region and date of the page, for the footnote's freshness warning.
    """
    bars = (
        table
        if "kind" in table.columns
        else waterfall_data(table, start_label=start_label, end_label=end_label, drop_zero=drop_zero)
    )
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.6)) if own else (ax.figure, ax)
    x = np.arange(len(bars))
    heights = (bars["top"] - bars["bottom"]).to_numpy()
    ax.bar(x, heights, bottom=bars["bottom"], color=[KIND_COLORS[k] for k in bars["kind"]], width=0.6)
    span = float(max(bars["top"].max(), 0) - min(bars["bottom"].min(), 0)) or 1.0
    for xi, (_, row) in zip(x, bars.iterrows()):
        sign = "" if row["kind"] in ("start", "end") or row["amount"] < 0 else "+"
        ax.text(xi, row["top"] + span * 0.015, f"{sign}{row['amount']:,.2f}", ha="center", va="bottom", fontsize=8)
    for xi in x[:-1]:  # connectors between consecutive levels
        level = bars["top"].iloc[xi] if bars["kind"].iloc[xi] in ("start", "up") else bars["bottom"].iloc[xi]
        ax.plot([xi + 0.3, xi + 0.7], [level, level], color="#a0aec0", lw=0.8)
    ax.axhline(0, color="#4a5568", lw=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels(
        bars["label"], fontsize=8, rotation=20 if len(bars) > 6 else 0, ha="right" if len(bars) > 6 else "center"
    )
    ax.set_ylabel("金额（元）")
    ax.set_xlabel("因素（按固定顺序依次替换）")
    _money_axis(ax.yaxis)
    ax.set_title(title or "账户变化拆解：每一步变了多少")
    if own:
        footnotes.source_footnote(fig, bars.attrs.get("sources"), **footnotes.page(bars, region, on))
    return fig


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
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.55 * max(len(per), 2))) if own else (ax.figure, ax)
    y = np.arange(len(per))[::-1]
    ax.barh(y, per["from_account"], color=PAY_COLORS["from_account"], label="个人账户支付")
    ax.barh(y, per["cash"], left=per["from_account"], color=PAY_COLORS["cash"], label="现金支付")
    ax.set_yticks(y)
    ax.set_yticklabels(per["who"])
    ax.set_xlabel("金额（元/年）")
    _money_axis(ax.xaxis)
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


def plot_family_timeline(region: str = "national", *, until: str | None = None, ax=None, on=None):
    """Which relatives may use the account, and since when: one bar per relation, the cross-province date marked.

    The data is :func:`yibao_helpers.family.timeline`; ``on``: the page's rule date (freshness warning).
    """
    from ...rules.family import RELATION_ZH, RELATIONS, timeline

    rows = timeline(region)
    rel = rows[rows["rule"] == "relation"]
    end = (
        _dt.date.fromisoformat(until)
        if until
        else _dt.date.fromisoformat(rows["effective_from"].max()).replace(month=12, day=31)
    )
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.2)) if own else (ax.figure, ax)
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


def plot_resident_waiting(
    table: pd.DataFrame, *, title: str | None = None, ax=None, region: str | None = None, on=None
):
    """Stacked bars of a resident waiting period by case: fixed, variable, minus make-up, floor top-up.

    ``table``: :func:`yibao_helpers.gaps.resident_waiting` (one row per case, e.g. gaps 0…8 years);
    ``region`` / ``on`` (default: the table's payment date): for the footnote's freshness warning.
    """
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.2)) if own else (ax.figure, ax)
    x = np.arange(len(table))
    fixed = table["fixed"].to_numpy()
    kept = (table["variable"] - table["reduction"]).to_numpy()
    top = table["floor_top_up"].to_numpy()
    ax.bar(x, fixed, color="#2b6cb0", label="固定等待期")
    ax.bar(x, kept, bottom=fixed, color="#dd6b20", label="变动等待期（断保年数 − 补缴年数）")
    ax.bar(x, top, bottom=fixed + kept, color="#805ad5", label="长期断保下限补足")
    for xi, w in zip(x, table["waiting_months"]):
        ax.text(xi, w + 0.1, f"{w}", ha="center", va="bottom", fontsize=8)
    ax.set_ylim(0, max(float(table["waiting_months"].max()), 1.0) * 1.2)
    ax.set_xticks(x)
    ax.set_xticklabels([f"断{g}年\n补{m}年" for g, m in zip(table["gap_years"], table["made_up_years"])], fontsize=8)
    ax.set_ylabel("等待期（月）")
    ax.set_xlabel("断保年数 / 补缴年数")
    ax.set_title(title or f"居民医保断保后的待遇等待期（{table.attrs.get('paid_on', '')} 缴费）")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    if own:
        footnotes.source_footnote(fig, table.attrs.get("sources"), **footnotes.page(table, region, on))
    return fig


def plot_flexible_vs_resident(
    table: pd.DataFrame, *, title: str | None = None, ax=None, region: str | None = None, on=None
):
    """Stacked bars per option: what goes to the personal account, to the pool and to other funds (元/年).

    ``table``: :func:`yibao_helpers.flexible.compare_with_resident`. For resident insurance the pool
    part includes the fiscal subsidy; the dot marks what the person pays (``cost``).
    """
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.4)) if own else (ax.figure, ax)
    x = np.arange(len(table))
    acc, pool, other = (table[c].to_numpy(dtype=float) for c in ("to_account", "to_pool", "to_other"))
    ax.bar(x, acc, color="#2b6cb0", width=0.55, label="进个人账户")
    ax.bar(x, pool, bottom=acc, color="#dd6b20", width=0.55, label="进统筹基金（居民含财政补助）")
    ax.bar(x, other, bottom=acc + pool, color="#a0aec0", width=0.55, label="大额互助 / 地方补充")
    ax.plot(x, table["cost"], "o", color="#1a202c", ms=6, label="本人每年缴费")
    for xi, c in zip(x, table["cost"]):
        ax.text(xi + 0.3, c, f"{c:,.0f}", va="center", fontsize=8)
    ax.set_xticks(x)
    ax.set_xticklabels([s.split("（")[0] for s in table["选项"]], fontsize=9)
    ax.set_ylabel("金额（元/年）")
    _money_axis(ax.yaxis)
    ax.set_title(title or f"灵活就业参加职工医保 vs 城乡居民医保（{table.attrs.get('year', '')}年）")
    ax.legend(loc="upper right", fontsize=8, frameon=False)
    if own:  # freshness warning for the table's region and year unless given
        footnotes.source_footnote(fig, table.attrs.get("sources"), **footnotes.page(table, region, on))
    return fig
