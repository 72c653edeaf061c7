"""Retirement age and the medical-insurance years at retirement (notebook 07), arranged for charts and traces.

Every number comes from :mod:`yibao_helpers.rules.retirement` and :mod:`yibao_helpers.rules.medical_years`
(and through them from ``data/``):

* :func:`retirement_age_grid` — the statutory age of every birth month of a range, per group (the step chart);
* :func:`retirement_trace` — how one person's age and date follow from the rules (checked against
  ``delay_months`` / ``retirement_table`` in the tests);
* :func:`medical_years_regions`, :func:`medical_years_table` — the minimum years of every region with data;
* :func:`topup_curve`, :func:`topup_trace` — what a one-time top-up of the missing years costs.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..core import checks
from ..core.money import MONTHS
from ..params import load_policy, merge_sources, region_name
from ..rules import medical_years, retirement
from ..rules.retirement import SEX_ZH  # noqa: F401  (re-exported for pages)

_CONFIDENCE_RANK = {"official": 0, "secondary": 1, "illustrative": 2}


def _ym(month_index: int) -> str:
    y, m = divmod(int(month_index), MONTHS)
    return f"{y}年{m + 1}月"


# =========================================================================== retirement age


def retirement_age_grid(
    first_year: int = 1955, last_year: int = 1995, *, include=None, groups=None, on=None
) -> pd.DataFrame:
    """Statutory retirement age of every birth month from ``first_year``-01 to ``last_year``-12, per group.

    ``include``: a birth (``"YYYY-MM"`` or date) whose year must lie in the range (the range is widened).
    ``groups``: the groups (default: every group of :data:`retirement.GROUP_ZH`, in its order).
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
    for g in groups or list(retirement.GROUP_ZH):
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
    return medical_years.regions_with("medical.min_years")


def medical_years_table(*, on=None) -> pd.DataFrame:
    """One row per region with data: ``region, name, male, female, local, confidence`` (the lowest grade of
    the region's rows); sources in ``.attrs``."""
    rows, sources = [], []
    for reg in medical_years_regions():
        m = medical_years.medical_min_years(reg, "male", on=on)
        f = medical_years.medical_min_years(reg, "female", on=on)
        src = merge_sources(m["sources"], f["sources"])
        sources.append(src)
        rows.append(
            {
                "region": reg,
                "name": region_name(reg),
                "male": m["total_years"],
                "female": f["total_years"],
                "local": m["local_years"],
                "confidence": max(src["confidence"], key=_CONFIDENCE_RANK.__getitem__),
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["sources"] = merge_sources(sources)
    out.attrs["as_of"] = max(out.attrs["sources"]["effective_from"])
    return out


def topup_curve(region: str, sex, *, on=None) -> pd.DataFrame:
    """Top-up cost for every whole number of cumulative years from 0 to the region's requirement
    (all years paid locally): ``total_years, missing_years, cost``; ``.attrs``: ``region, sex, required,
    local, on, sources``."""
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
        sources=merge_sources(rule["sources"], cost.attrs["sources"]),
    )
    out.attrs["as_of"] = max(out.attrs["sources"]["effective_from"])
    return out


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
    steps = [
        (
            "最低累计缴费年限",
            f"{region_name(region)}，{SEX_ZH[row['sex']]}性（含视同缴费年限）",
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
    if p.knows("medical.topup_base"):  # the rule of topup_cost: the local base where published, else a wage ratio
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
        sources=merge_sources(q.attrs["sources"], cost.attrs["sources"]),
    )
    return out


__all__ = [
    "SEX_ZH",
    "medical_years_regions",
    "medical_years_table",
    "retirement_age_grid",
    "retirement_trace",
    "topup_curve",
    "topup_trace",
]
