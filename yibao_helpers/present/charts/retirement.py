"""Charts and small table builders for retirement, pensions and maternity (notebooks 07–09).

Every number comes from the tested calculators in :mod:`yibao_helpers.retirement`,
:mod:`yibao_helpers.pension` and :mod:`yibao_helpers.maternity` (and through them from
``data/``); the builders here only arrange their results for a chart or a trace table, and
the ``plot_*`` functions draw exactly the frame they are given. Each chart uses the packaged
CJK font (:func:`yibao_helpers.style.setup`) and ends with
:func:`yibao_helpers.footnotes.source_footnote` (sources, as-of date, illustrative flag).

Small wrappers the topic modules do not offer (kept here, not in the owners' modules):

* :func:`retirement_trace`, :func:`topup_trace` — step-by-step tables (how the delay and the
  top-up are computed), checked against ``delay_months`` / ``topup_cost`` in the tests;
* :func:`medical_years_table` — the medical-insurance minimum years of every region with data;
* :func:`resident_balance` — a resident pension account after yearly payments, with an
  *assumed* interest rate and subsidy (neither is in ``data/``);
* :func:`pension_sheet_agreement` — how many official approval sheets in
  ``shared/validation/pension_cases`` the national formula reproduces (as in
  ``tests/test_pension.py``), falling back to ``data/notes/pension_validation.md``.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ...core import checks
from ...core.paths import ROOT
from ...params import check_region, load_policy, region_name, sources_frame, tables
from ...rules import maternity, medical_years, pension, retirement
from .. import footnotes

NOTES = ROOT / "data" / "notes" / "pension_validation.md"
CASES_DIR = ROOT.parent / "shared" / "validation" / "pension_cases"

GROUP_ORDER = ["male", "female_cadre", "female_worker"]
GROUP_COLORS = {"male": "#2b6cb0", "female_cadre": "#805ad5", "female_worker": "#c05621"}
SEX_ZH = {"male": "男", "female": "女"}
SEX_COLORS = {"male": "#2b6cb0", "female": "#d53f8c"}
PART_ZH = {"basic": "基础养老金", "account": "个人账户养老金", "transitional": "过渡性养老金"}
PART_COLORS = {"basic": "#2b6cb0", "account": "#38a169", "transitional": "#d69e2e"}
LEAVE_PARTS = {
    "base": ("基本产假", "#2b6cb0"),
    "dystocia": ("难产/剖宫产", "#dd6b20"),
    "multiple": ("多胞胎", "#805ad5"),
    "extension": ("地方延长", "#38a169"),
}
LEAVE_STEP = {"基本产假": "base", "难产": "dystocia", "多胞胎": "multiple", "地方延长": "extension"}
HIGHLIGHT = "#dd6b20"
MONTHS = 12
# Input plausibility (not policy numbers).
RESIDENT_YEARS_MAX = 80
RATE_MAX = 1.0


def _money_axis(axis):
    axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))


def concat_sources(*frames) -> pd.DataFrame:
    """Distinct source rows of several results (file order kept as given)."""
    parts = [f for f in frames if f is not None and len(f)]
    if not parts:
        return sources_frame([])
    out = pd.concat(parts, ignore_index=True)
    out["_key"] = out["parameter"] + "|" + out["region"] + "|" + out["effective_from"] + "|" + out["value"].astype(str)
    return out.drop_duplicates("_key").drop(columns="_key").reset_index(drop=True)


def _ym(month_index: int) -> str:
    y, m = divmod(int(month_index), MONTHS)
    return f"{y}年{m + 1}月"


# =========================================================================== retirement age


def retirement_age_grid(
    first_year: int = 1955, last_year: int = 1995, *, include=None, groups=None, on=None
) -> pd.DataFrame:
    """Statutory retirement age of every birth month from ``first_year``-01 to ``last_year``-12, per group.

    ``include``: a birth (``"YYYY-MM"`` or date) whose year must lie in the range (the range is widened).
    Columns of :func:`retirement.retirement_table` plus ``x`` (birth as a fractional year) and
    ``age_total`` (age in years, e.g. 62.67 for 62 years 8 months). Sources in ``.attrs``.
    """
    if include is not None:
        index, _day, _ = retirement.parse_births(include)
        year = int(index[0] // MONTHS)
        first_year, last_year = min(first_year, year), max(last_year, year)
    first_year = checks.as_int(
        "first_year", first_year, lo=retirement.BIRTH_YEAR_MIN, hi=retirement.BIRTH_YEAR_MAX, unit_zh="年"
    )
    last_year = checks.as_int("last_year", last_year, lo=first_year, hi=retirement.BIRTH_YEAR_MAX, unit_zh="年")
    births = [f"{y}-{m:02d}" for y in range(first_year, last_year + 1) for m in range(1, MONTHS + 1)]
    frames, attrs = [], {}
    for g in groups or GROUP_ORDER:
        t = retirement.retirement_table(births, g, on=on)
        attrs = dict(t.attrs)
        t.attrs = {}
        frames.append(t)
    out = pd.concat(frames, ignore_index=True)
    out.attrs.update(attrs)
    ym = out["birth"].str.split("-", expand=True).astype(int)
    out["x"] = ym[0] + (ym[1] - 1) / MONTHS
    out["age_total"] = out["age_years"] + out["age_months"] / MONTHS
    return out


def plot_retirement_ages(grid: pd.DataFrame, *, person: pd.DataFrame | None = None, title: str | None = None, ax=None):
    """Step lines: statutory retirement age (岁) by birth month, one line per group; the person marked.

    ``grid``: :func:`retirement_age_grid`; ``person``: a one-row :func:`retirement.retirement_table`.
    """
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.6)) if own else (ax.figure, ax)
    for g in [g for g in GROUP_ORDER if g in set(grid["group"])]:
        part = grid[grid["group"] == g]
        ax.step(
            part["x"],
            part["age_total"],
            where="post",
            color=GROUP_COLORS[g],
            lw=2,
            label=f"{retirement.GROUP_ZH[g]}：{part['old_age'].min():g}→{part['age_total'].max():g} 岁",
        )
    if person is not None and len(person):
        row = person.iloc[0]
        y, m = (int(v) for v in row["birth"].split("-"))
        x, age = y + (m - 1) / MONTHS, row["age_years"] + row["age_months"] / MONTHS
        date = pd.Timestamp(row["retirement_date"])
        ax.plot(
            [x],
            [age],
            "o",
            ms=9,
            mfc="white",
            mec="#1a202c",
            mew=2,
            zorder=5,
            label=f"你：{y}年{m}月出生 → {row['age']}（{date.year}年{date.month}月）",
        )
    ax.set_xlabel("出生年月（年）")
    ax.set_ylabel("法定退休年龄（岁）")
    lo, hi = float(grid["age_total"].min()), float(grid["age_total"].max())
    ax.set_ylim(math.floor(lo) - 1, math.ceil(hi) + 3.5)
    ax.set_title(title or "延迟退休：出生越晚，法定退休年龄越高（2025年起逐步实施）")
    ax.legend(loc="upper left", fontsize=8, frameon=False, ncol=2)
    if own:
        footnotes.source_footnote(fig, grid.attrs.get("sources"))
    return fig


def retirement_trace(birth, group, *, contribution_years=None, on=None) -> pd.DataFrame:
    """How one person's statutory retirement age and date follow from the rules: 步骤, 规则, 结果, 来源.

    The delay equals :func:`retirement.delay_months`, the age and date :func:`retirement.retirement_table`.
    """
    g = retirement.group_code(group)
    index, _day, _ = retirement.parse_births(birth)
    table = retirement.retirement_table(birth, g, on=on).iloc[0]
    window_df = retirement.flexible_window(birth, g, contribution_years=contribution_years, on=on)
    window = window_df.iloc[0]
    p = load_policy("national", on)
    q = f"group={g}"
    old, target, step = (
        float(p.get(n, q)) for n in ("retirement.old_age", "retirement.target_age", "retirement.months_per_step")
    )
    start = p["retirement.reform_start"]
    first = start.year * MONTHS + start.month - 1 - round(old * MONTHS)
    k = int(index[0]) - first
    cap = round((target - old) * MONTHS)
    delay = int(table["delay_months"])
    if k < 0:
        delay_rule = f"出生早于 {_ym(first)}：原法定退休时间在 {start.isoformat()} 之前，不延迟"
    else:
        delay_rule = (
            f"min(⌈(k + 1) ÷ {step:g}⌉, ({target:g} − {old:g}) × 12 = {cap}) = min(⌈{k + 1} ÷ {step:g}⌉, {cap})"
        )
    stat_date, early_date, late_date = (
        pd.Timestamp(window[c]).date().isoformat() for c in ("statutory_date", "earliest_date", "latest_date")
    )
    steps = [
        ("原法定退休年龄", retirement.GROUP_ZH[g], f"{old:g}岁", p.source("retirement.old_age", q)),
        (
            "第一个受影响的出生月",
            f"{start.isoformat()} 起实施 − {old:g} 年",
            _ym(first),
            p.source("retirement.reform_start"),
        ),
        ("你的出生月序 k", f"{_ym(int(index[0]))} 距 {_ym(first)} 的月数（当月 k = 0）", f"{k}", ""),
        ("延迟月数", delay_rule, f"{delay} 个月", p.source("retirement.months_per_step", q)),
        ("法定退休年龄", f"{old:g}岁 + {delay} 个月", table["age"], p.source("retirement.target_age", q)),
        ("法定退休日期", "出生日期 + 法定退休年龄（养老金一般从次月起发）", stat_date, ""),
        (
            "弹性提前（最早）",
            f"最多提前 {float(p['retirement.flexible_early_max']):g} 年，且不早于原法定年龄；须达到最低缴费年限",
            f"{window['earliest_age']}（{early_date}）",
            p.source("retirement.flexible_early_max"),
        ),
        (
            "弹性延迟（最晚）",
            f"经单位与职工协商，最多延迟 {float(p['retirement.flexible_late_max']):g} 年",
            f"{window['latest_age']}（{late_date}）",
            p.source("retirement.flexible_late_max"),
        ),
        (
            "养老金最低缴费年限",
            f"按法定退休当年（{stat_date[:4]} 年）",
            f"{window['min_years_at_statutory']:g} 年",
            p.source("pension.min_years_base"),
        ),
    ]
    out = pd.DataFrame(steps, columns=["步骤", "规则", "结果", "来源"])
    out.attrs["delay_months"] = delay
    out.attrs["sources"] = window_df.attrs["sources"]
    return out


# =========================================================================== medical years


def medical_years_regions() -> list[str]:
    """Regions with a medical-insurance minimum-years rule in ``data/`` (there is no national number)."""
    t = tables()
    return sorted(set(t.loc[t["parameter"] == "medical.min_years", "region"]))


def medical_years_table(*, on=None) -> pd.DataFrame:
    """One row per region with data: ``region, name, male, female, local, confidence``; sources in ``.attrs``."""
    rows, sources = [], []
    rank = {"official": 0, "secondary": 1, "illustrative": 2}
    for reg in medical_years_regions():
        m = medical_years.medical_min_years(reg, "male", on=on)
        f = medical_years.medical_min_years(reg, "female", on=on)
        src = concat_sources(m["sources"], f["sources"])
        sources.append(src)
        worst = max(src["confidence"], key=lambda c: rank[c])
        rows.append(
            {
                "region": reg,
                "name": region_name(reg),
                "male": m["total_years"],
                "female": f["total_years"],
                "local": m["local_years"],
                "confidence": worst,
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["sources"] = concat_sources(*sources)
    out.attrs["as_of"] = footnotes.as_of_of(out.attrs["sources"])
    return out


def plot_medical_years(
    table: pd.DataFrame,
    *,
    years: float | None = None,
    region: str | None = None,
    title: str | None = None,
    ax=None,
    on=None,
):
    """Grouped bars: minimum cumulative years (男 / 女) by region; hatched where the rows are illustrative;
    a dashed line at ``years`` (the person's years) and the person's ``region`` in orange (whose data's
    freshness at ``on`` the footnote checks)."""
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.4)) if own else (ax.figure, ax)
    x = np.arange(len(table))
    width = 0.38
    for i, sex in enumerate(("male", "female")):
        bars = ax.bar(
            x + (i - 0.5) * width,
            table[sex],
            width=width,
            color=SEX_COLORS[sex],
            label=f"{SEX_ZH[sex]}性（累计年限）",
            hatch=None,
            edgecolor="white",
        )
        for b, conf, v in zip(bars, table["confidence"], table[sex]):
            if conf == "illustrative":
                b.set_hatch("//")
            ax.text(b.get_x() + b.get_width() / 2, v + 0.3, f"{v:g}", ha="center", va="bottom", fontsize=8)
    if years is not None:
        ax.axhline(years, color="#1a202c", ls="--", lw=1.2, label=f"你的累计年限 {years:g} 年")
    ax.set_xticks(x)
    ax.set_xticklabels(
        [f"{n}\n其中本地≥{loc:g}年" if loc > 0 else n for n, loc in zip(table["name"], table["local"])], fontsize=9
    )
    for lab, reg in zip(ax.get_xticklabels(), table["region"]):
        if reg == region:
            lab.set_color(HIGHLIGHT)
    top = max(float(table[["male", "female"]].to_numpy().max()), years or 0)
    ax.set_ylim(0, top * 1.3)
    ax.set_ylabel("最低累计缴费年限（年）")
    ax.set_xlabel("地区（斜线 = 来源质量低的示例值）")
    ax.set_title(title or "退休后享受职工医保要缴满多少年：各地不同，国家没有统一年限")
    ax.legend(loc="upper right", fontsize=8, frameon=False, ncol=3)
    if own:
        footnotes.source_footnote(fig, table.attrs.get("sources"), region=region, on=on)
    return fig


def topup_curve(region: str, sex, *, on=None) -> pd.DataFrame:
    """Top-up cost for every whole number of cumulative years from 0 to the region's requirement
    (all years paid locally): ``total_years, missing_years, cost``; ``.attrs``: ``required``, ``sources``."""
    rule = medical_years.medical_min_years(region, sex, on=on)
    grid = np.arange(0, int(math.ceil(rule["total_years"])) + 1, dtype=float)
    q = medical_years.medical_qualifies(region, sex, grid, on=on)
    cost = medical_years.topup_cost(region, q["missing_years"].to_numpy(), on=on)
    out = pd.DataFrame(
        {"total_years": grid, "missing_years": q["missing_years"].to_numpy(), "cost": cost["cost"].to_numpy()}
    )
    out.attrs.update(
        region=region,
        sex=rule["sex"],
        required=rule["total_years"],
        local=rule["local_years"],
        on=on,
        sources=concat_sources(rule["sources"], cost.attrs["sources"]),
    )
    out.attrs["as_of"] = footnotes.as_of_of(out.attrs["sources"])
    return out


def plot_topup(
    curve: pd.DataFrame,
    *,
    person: dict | None = None,
    title: str | None = None,
    ax=None,
    region: str | None = None,
    on=None,
):
    """Bars: one-time top-up cost (元) by cumulative years at retirement; the person's case marked.

    ``curve``: :func:`topup_curve`; ``person``: ``{"total_years", "missing_years", "cost"}`` (e.g. from
    :func:`topup_trace`'s attrs), drawn as a point with its label.
    """
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.4)) if own else (ax.figure, ax)
    ax.bar(
        curve["total_years"],
        curve["cost"],
        width=0.8,
        color="#a0aec0",
        label="还差的年限一次性补缴（所有年限都在本地缴）",
    )
    req = curve.attrs.get("required")
    if req is not None:
        ax.axvline(req, color="#38a169", lw=1.5, ls="--", label=f"最低年限 {req:g} 年：达到即不用补缴")
    if person is not None:
        ax.plot(
            [person["total_years"]],
            [person["cost"]],
            "o",
            ms=9,
            color=HIGHLIGHT,
            zorder=5,
            label=f"你：{person['total_years']:g} 年，差 {person['missing_years']:g} 年，补缴 {person['cost']:,.2f} 元",
        )
    ax.set_xlabel("退休时累计缴费年限（年）")
    ax.set_ylabel("一次性补缴金额（元）")
    _money_axis(ax.yaxis)
    ax.set_ylim(0, max(float(curve["cost"].max()), person["cost"] if person else 0, 1.0) * 1.3)
    sex = SEX_ZH.get(curve.attrs.get("sex"), "")
    name = region_name(curve.attrs["region"]) if "region" in curve.attrs else ""
    ax.set_title(title or f"{name}（{sex}）：退休时年限不够，一次性补缴要多少钱")
    ax.legend(loc="upper center", bbox_to_anchor=(0.6, 1.0), fontsize=8, frameon=True, framealpha=0.9, edgecolor="none")
    if own:
        footnotes.source_footnote(fig, curve.attrs.get("sources"), **footnotes.page(curve, region, on))
    return fig


def topup_trace(region: str, sex, total_years: float, local_years: float | None = None, *, on=None) -> pd.DataFrame:
    """How the missing years and the one-time top-up are computed: 步骤, 规则, 结果, 来源.

    Results equal :func:`medical_years.medical_qualifies` and :func:`medical_years.topup_cost`; ``.attrs``
    holds ``total_years, missing_years, cost, qualifies`` and the sources.
    """
    q = medical_years.medical_qualifies(region, sex, total_years, local_years, on=on)
    row = q.iloc[0]
    cost = medical_years.topup_cost(region, row["missing_years"], on=on)
    c = cost.iloc[0]
    p = load_policy(region, on)
    sex_zh = SEX_ZH[row["sex"]]
    steps = [
        (
            "最低累计缴费年限",
            f"{region_name(region)}，{sex_zh}性（含视同缴费年限）",
            f"{row['required_total']:g} 年",
            p.source("medical.min_years", f"sex={row['sex']}"),
        )
    ]
    if row["required_local"] > 0:
        steps.append(
            (
                "其中本地实际缴费",
                "本地实际缴费年限不少于",
                f"{row['required_local']:g} 年",
                p.source("medical.min_local_years"),
            )
        )
    steps += [
        ("你的年限", "累计 / 其中本地", f"{row['total_years']:g} 年 / {row['local_years']:g} 年", "输入"),
        (
            "还需补缴",
            "max(累计差额, 本地差额)（在本地补缴两项都算）",
            f"{row['missing_years']:g} 年 = {int(c['months'])} 个月",
            "",
        ),
    ]
    if p.knows("medical.topup_base"):
        base_rule = (
            "本地公布的补缴（趸缴）基数 ÷ 12"
            if p.row("medical.topup_base").unit == "yuan/year"
            else "本地公布的补缴基数"
        )
        base_src = p.source("medical.topup_base")
    else:
        ratio = float(p["medical.topup_base_ratio"])
        wage = float(p["wage.avg_annual_prev_year"])
        base_rule = f"上年职工平均工资 {wage:,.0f} 元 ÷ 12 × {ratio:g}"
        base_src = p.source("medical.topup_base_ratio")
    steps += [
        ("补缴基数", base_rule, f"{c['base_monthly']:,.2f} 元/月", base_src),
        ("补缴费率", "单位 + 个人基本医疗费率合计（示例）", f"{c['rate']:.1%}", p.source("medical.topup_rate")),
        (
            "一次性补缴",
            f"{c['base_monthly']:,.2f} × {c['rate']:.1%} × {int(c['months'])} 个月（不足一月按一月）",
            f"{c['cost']:,.2f} 元",
            "",
        ),
    ]
    out = pd.DataFrame(steps, columns=["步骤", "规则", "结果", "来源"])
    out.attrs.update(
        total_years=float(row["total_years"]),
        missing_years=float(row["missing_years"]),
        cost=float(c["cost"]),
        qualifies=bool(row["qualifies"]),
        sources=concat_sources(q.attrs["sources"], cost.attrs["sources"]),
    )
    return out


# =========================================================================== pensions


def pension_base(region: str = "national", on=None) -> tuple[float, pd.DataFrame]:
    """A default 计发基数 (元/月) when the user gives none: the data's last-year average wage ÷ 12
    (national non-private units, marked as an example base in ``data/wages.csv``), with its source row.
    Real bases are provincial (全口径) and usually lower."""
    row = load_policy(region, on).row("wage.avg_annual_prev_year")
    return round(float(row.value) / MONTHS, 2), sources_frame([row])


def pension_by_years(
    avg_wage,
    index,
    years,
    balance,
    age=60,
    *,
    extra_months=0,
    pre_account_years=0.0,
    offsets=(-10, -5, 0, 5, 10),
    region: str = "national",
    on=None,
) -> pd.DataFrame:
    """The person's pension and the same person with other contribution years, for the stacked chart.

    ``avg_wage=None`` uses :func:`pension_base` (and lists its source).

    Scenario years = ``years + offsets`` kept within 1–50; the account balance is scaled in proportion
    to the years (same yearly contribution, no interest — a model convention, stated on the chart).
    The row with offset 0 equals :func:`pension.estimate_pension` for the inputs. Columns: ``years,
    balance, basic, account, transitional, total, annuity_months, label, is_person``.
    """
    base_sources = None
    if avg_wage is None:
        avg_wage, base_sources = pension_base(region, on)
    yrs = float(checks.as_array("years", years, lo=0, hi=pension.YEARS_MAX, unit_zh="年", unit_en="years")[0])
    grid = sorted({round(yrs + o, 2) for o in offsets if 1 <= yrs + o <= 50} | {yrs})
    grid = np.array(grid, dtype=float)
    bal = float(checks.as_array("balance", balance, lo=0, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan")[0])
    balances = bal * grid / yrs if yrs > 0 else np.full(grid.size, bal)
    balances[grid == yrs] = bal
    df = pension.estimate_pension(
        avg_wage,
        index,
        grid,
        balances,
        age,
        extra_months=extra_months,
        pre_account_years=pre_account_years,
        region=region,
        on=on,
    )
    df.insert(0, "years", grid)
    df.insert(1, "balance", np.round(balances, 2))
    df["is_person"] = grid == yrs
    df["label"] = [f"{y:g}年" + ("\n（你）" if me else "") for y, me in zip(grid, df["is_person"])]
    df.attrs["sources"] = concat_sources(df.attrs["sources"], base_sources)
    df.attrs["as_of"] = footnotes.as_of_of(df.attrs["sources"])
    df.attrs["avg_wage"] = float(avg_wage)
    df.attrs["on"] = on
    return df


def plot_pension_stack(
    df: pd.DataFrame,
    *,
    title: str | None = None,
    xlabel: str = "累计缴费年限（年）",
    extra: str = "",
    ax=None,
    region: str | None = None,
    on=None,
):
    """Stacked bars per scenario: basic (blue), personal account (green), transitional (gold); total on top.

    ``df`` has ``basic, account`` and optionally ``transitional``, a ``label`` per bar and optionally
    ``is_person`` (that bar is outlined). Bar segments are exactly the frame's values.
    """
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.6)) if own else (ax.figure, ax)
    x = np.arange(len(df))
    bottom = np.zeros(len(df))
    parts = [c for c in ("basic", "account", "transitional") if c in df.columns and float(df[c].abs().sum()) > 0]
    for part in parts:
        vals = df[part].to_numpy(dtype=float)
        ax.bar(x, vals, bottom=bottom, width=0.6, color=PART_COLORS[part], label=PART_ZH[part])
        bottom = bottom + vals
    if "is_person" in df.columns:
        for xi, me, top in zip(x, df["is_person"], bottom):
            if me:
                ax.bar([xi], [top], width=0.6, fill=False, edgecolor="#1a202c", lw=2)
    for xi, top in zip(x, bottom):
        ax.text(xi, top * 1.01, f"{top:,.2f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x)
    ax.set_xticklabels(df["label"], fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("每月养老金（元/月）")
    ax.set_ylim(0, max(float(bottom.max()), 1.0) * 1.18)
    _money_axis(ax.yaxis)
    ax.set_title(title or "每月养老金 = 基础养老金 + 个人账户养老金 + 过渡性养老金")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    if own:
        footnotes.source_footnote(fig, df.attrs.get("sources"), extra=extra, **footnotes.page(df, region, on))
    return fig


def resident_balance(annual_contribution, years, *, interest_rate=0.0, subsidy=0.0):
    """Resident pension account after ``years`` yearly payments of (contribution + subsidy).

    Convention (not a policy number): each year's money is credited at the end of that year and
    earns ``interest_rate`` a year, compounded, from the next year: balance = (c + s) × Σ (1 + r)^j,
    j = 0 … years − 1 (= (c + s) × years when r = 0). ``interest_rate`` and ``subsidy`` are
    assumptions of the caller: ``data/`` holds neither the 记账利率 nor the local subsidy.
    Scalars give a float, arrays an array (rounded to the fen).
    """
    c = checks.as_array(
        "annual_contribution", annual_contribution, lo=0, hi=checks.MONEY_MAX, unit_zh="元/年", unit_en="yuan/year"
    )
    n = checks.as_array("years", years, lo=0, hi=RESIDENT_YEARS_MAX, integer=True, unit_zh="年", unit_en="years")
    r = checks.as_array(
        "interest_rate", interest_rate, lo=0, hi=RATE_MAX, unit_zh="（年利率，0.03 = 3%）", unit_en="(yearly rate)"
    )
    s = checks.as_array("subsidy", subsidy, lo=0, hi=checks.MONEY_MAX, unit_zh="元/年", unit_en="yuan/year")
    _n, a = checks.broadcast(annual_contribution=c, years=n, interest_rate=r, subsidy=s)
    rate = a["interest_rate"]
    factor = np.where(rate > 0, ((1 + rate) ** a["years"] - 1) / np.where(rate > 0, rate, 1), a["years"])
    value = np.round((a["annual_contribution"] + a["subsidy"]) * factor, 2)
    scalar = all(np.ndim(v) == 0 for v in (annual_contribution, years, interest_rate, subsidy))
    return float(value[0]) if scalar else value


def resident_scenarios(
    annual_contribution: float,
    years: int,
    *,
    claimed_basic: float,
    interest_rate: float,
    subsidy: float,
    on=None,
    region: str = "national",
) -> pd.DataFrame:
    """K11 recomputed: the claim (no interest, no subsidy, an assumed basic) and honest variants.

    Rows: ``claim`` (claimed basic), ``data_basic`` (basic = national minimum of the data),
    ``interest`` (+ assumed interest), ``interest_subsidy`` (+ assumed subsidy). Columns: ``case, label,
    balance, basic, account, transitional (0), total``; the ``total`` of each row equals
    :func:`pension.resident_pension` for its balance and basic.
    """
    bal_plain = resident_balance(annual_contribution, years)
    bal_int = resident_balance(annual_contribution, years, interest_rate=interest_rate)
    bal_both = resident_balance(annual_contribution, years, interest_rate=interest_rate, subsidy=subsidy)
    claim = pension.resident_pension(bal_plain, basic=claimed_basic, on=on, region=region)
    data = pension.resident_pension([bal_plain, bal_int, bal_both], on=on, region=region)
    basic_min = float(data["basic"].iloc[0])
    out = pd.DataFrame(
        {
            "case": ["claim", "data_basic", "interest", "interest_subsidy"],
            "label": [
                f"说法：基础{claimed_basic:g}元\n不计利息补贴",
                f"基础按数据\n{basic_min:g}元",
                f"+ 利息\n（假设年{interest_rate:.1%}）",
                f"+ 利息 + 补贴\n（假设{subsidy:g}元/年）",
            ],
            "balance": [bal_plain, bal_plain, bal_int, bal_both],
            "basic": np.r_[claim["basic"], data["basic"]],
            "account": np.r_[claim["account"], data["account"]],
            "transitional": 0.0,
            "total": np.r_[claim["total"], data["total"]],
        }
    )
    out.attrs["sources"] = data.attrs["sources"]
    out.attrs["as_of"] = data.attrs["as_of"]
    return out


def _note_counts(notes: Path) -> dict:
    text = notes.read_text(encoding="utf-8")
    agree = re.search(r"agree within 1 元[^|]*\|\s*\*\*(\d+)\*\*", text)
    comp = re.search(r"computable\)\s*\|\s*(\d+)", text)
    with_basic = re.search(r"with an expected basic pension\s*\|\s*(\d+)", text)
    return {
        "agree": int(agree.group(1)) if agree else None,
        "computable": int(comp.group(1)) if comp else None,
        "with_basic": int(with_basic.group(1)) if with_basic else None,
    }


def pension_sheet_agreement(
    cases_dir: str | Path | None = None, notes: str | Path | None = None, tolerance: float = 1.0
) -> dict:
    """How many official approval sheets the national formulas reproduce within ``tolerance`` 元.

    Same check as ``tests/test_pension.py``: basic = :func:`pension.basic_pension` (base_number,
    avg_index, total_years), account = :func:`pension.account_pension` (balance ÷ the sheet's months).
    Computed when the cases folder exists (``cases_dir``, env ``YIBAO_PENSION_CASES``, or
    ``../shared/validation/pension_cases`` beside the repository), otherwise read from the note.
    Returns ``{"agree", "computable", "with_basic", "computed", "note_agree", "matches_note"}``.
    """
    notes = Path(notes) if notes else NOTES
    noted = _note_counts(notes) if notes.is_file() else {"agree": None, "computable": None, "with_basic": None}
    folder = Path(cases_dir or os.environ.get("YIBAO_PENSION_CASES") or CASES_DIR)
    result = {
        "agree": noted["agree"],
        "computable": noted["computable"],
        "with_basic": noted["with_basic"],
        "computed": False,
        "note_agree": noted["agree"],
    }
    if folder.is_dir():
        cases = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*/*.json"))]
        with_basic = [c for c in cases if c.get("expected", {}).get("basic_pension")]
        ok = [c for c in with_basic if "base_number" in c]
        if ok:
            basic = np.atleast_1d(
                pension.basic_pension(
                    [c["base_number"] for c in ok], [c["avg_index"] for c in ok], [c["total_years"] for c in ok]
                )
            )
            account = np.atleast_1d(
                pension.account_pension([c["personal_account"] for c in ok], divisor=[c["months"] for c in ok])
            )
            exp_basic = np.array([c["expected"]["basic_pension"] for c in ok], dtype=float)
            exp_acc = np.array([c["expected"].get("personal_pension", a) for c, a in zip(ok, account)], dtype=float)
            agree = int(np.sum((np.abs(basic - exp_basic) <= tolerance) & (np.abs(account - exp_acc) <= tolerance)))
            result.update(agree=agree, computable=len(ok), with_basic=len(with_basic), computed=True)
    result["matches_note"] = result["agree"] == noted["agree"]
    return result


# =========================================================================== maternity


def maternity_scenarios(
    avg_monthly_wage: float,
    *,
    region: str = "national",
    babies: int = 1,
    dystocia: bool = False,
    child_order: int = 1,
    within_policy: bool = True,
    compare=("national", "jiangsu", "zhejiang"),
    on=None,
) -> pd.DataFrame:
    """The same birth in several regions: leave days by part and the allowance (wage ÷ 30 × days).

    One row per region of ``compare`` plus ``region`` (last, ``is_person``): ``region, name, base,
    dystocia, multiple, extension, days, allowance``. ``days`` equals :func:`maternity.leave_days`,
    ``allowance`` :func:`maternity.maternity_allowance` of that region. Sources in ``.attrs``.
    """
    check_region(region)
    regions = [r for r in dict.fromkeys([*compare, region])]
    rows, sources = [], []
    for reg in regions:
        bd = maternity.leave_breakdown(
            babies=babies, dystocia=dystocia, child_order=child_order, within_policy=within_policy, region=reg, on=on
        )
        parts = {k: 0 for k in LEAVE_PARTS}
        for step, days in zip(bd["步骤"], bd["天数"]):
            if step in LEAVE_STEP:
                parts[LEAVE_STEP[step]] = int(days)
        total = int(bd["天数"].iloc[-1])
        allowance = maternity.allowance_breakdown(avg_monthly_wage, total, region=reg, on=on)
        sources += [bd.attrs["sources"], allowance.attrs["sources"]]
        rows.append(
            {
                "region": reg,
                "name": region_name(reg),
                **parts,
                "days": total,
                "allowance": float(allowance["金额（元）"].iloc[-1]),
                "is_person": reg == region,
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["sources"] = concat_sources(*sources)
    out.attrs["as_of"] = footnotes.as_of_of(out.attrs["sources"])
    out.attrs["wage"] = float(avg_monthly_wage)
    out.attrs["region"], out.attrs["on"] = region, on
    p = load_policy(region, on)
    out.attrs["daily_rule"] = (
        f"÷ {float(p['maternity.daily_wage_days']):g}"
        if float(p["maternity.daily_wage_months"]) == 1
        else f"× {float(p['maternity.daily_wage_months']):g} ÷ {float(p['maternity.daily_wage_days']):g}"
    )
    return out


def plot_maternity(table: pd.DataFrame, *, title: str | None = None, ax=None, region: str | None = None, on=None):
    """Horizontal stacked bars: leave days by part for each region; the allowance written at the bar's end.

    ``table``: :func:`maternity_scenarios`; bar segments are its ``base/dystocia/multiple/extension``.
    """
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 1.9 + 0.6 * max(len(table), 3))) if own else (ax.figure, ax)
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for part, (label, color) in LEAVE_PARTS.items():
        vals = table[part].to_numpy(dtype=float)
        if vals.sum() > 0:
            ax.barh(y, vals, left=left, color=color, height=0.55, label=label)
            left = left + vals
    for yi, days, money in zip(y, table["days"], table["allowance"]):
        ax.text(days + 2, yi, f"{days} 天 → 津贴 {money:,.2f} 元", va="center", fontsize=8)
    ax.set_yticks(y)
    ax.set_yticklabels([f"{n}（你的地区）" if me else n for n, me in zip(table["name"], table["is_person"])])
    for lab, me in zip(ax.get_yticklabels(), table["is_person"]):
        if me:
            lab.set_color(HIGHLIGHT)
    ax.set_xlim(0, float(table["days"].max()) * 1.55)
    if own:
        fig.subplots_adjust(left=0.2)
    ax.set_xlabel("产假天数（天）")
    wage = table.attrs.get("wage")
    rule = table.attrs.get("daily_rule")
    ax.set_title(
        title
        or (
            f"产假天数与生育津贴（月平均工资 {wage:,.0f} 元 {rule} × 天数）"
            if wage is not None and rule
            else "产假天数与生育津贴"
        )
    )
    ax.set_ylim(-0.6, len(table) - 1 + 1.3)  # headroom for the legend above the top bar
    ax.legend(loc="upper right", fontsize=8, frameon=False, ncol=4)
    if own:  # freshness warning for the person's region (the table's last row)
        footnotes.source_footnote(fig, table.attrs.get("sources"), **footnotes.page(table, region, on))
    return fig


__all__ = [
    "retirement_age_grid",
    "plot_retirement_ages",
    "retirement_trace",
    "medical_years_regions",
    "medical_years_table",
    "plot_medical_years",
    "topup_curve",
    "plot_topup",
    "topup_trace",
    "pension_by_years",
    "plot_pension_stack",
    "resident_balance",
    "resident_scenarios",
    "pension_sheet_agreement",
    "maternity_scenarios",
    "plot_maternity",
]
