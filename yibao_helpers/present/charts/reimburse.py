"""Charts and small data helpers for notebooks 02 (职工 vs 居民: where the money goes) and 03 (reimbursement).

Every number comes from the tested calculators (:mod:`yibao_helpers.contribution`,
:mod:`yibao_helpers.reimburse`, :mod:`yibao_helpers.outpatient`); the functions here only
arrange their results for a table or a chart, and the ``plot_*`` functions draw exactly the
data they are given (each chart ends with :func:`yibao_helpers.footnotes.source_footnote`, which
flags illustrative values).

Notebook 02: :func:`flow_table` (who pays, where it goes), :func:`flow_trace`,
:func:`flows_by_salary`, :func:`scheme_comparison`; charts :func:`plot_contribution_flows`,
:func:`plot_flows_by_salary`.

Notebook 03: :func:`bill_comparison`, :func:`oop_curves` (with :func:`milestones`: where the fund
starts paying, where its ceiling is reached, where 大病保险 starts), :func:`referral_table`,
:func:`small_bill`; chart :func:`plot_oop_vs_cost`.

Two small wrappers cover gaps of the calculators (see their docstrings):
:func:`resident_flows_for` (a region whose own resident contributions stop before the year asked
falls back to the national standard, with a note) and :func:`first_cost` (the smallest bill at
which something happens, found by bisection over the vectorised engine).
"""

from __future__ import annotations

import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects

from ...core import checks
from ...core.errors import YibaoInputError
from ...params import CONFIDENCE, data_as_of, load_policy, region_name
from ...rules import contribution, outpatient
from ...rules.benefits import LEVEL_ZH, LEVELS, REFERRAL_ZH, REFERRALS, benefit_table
from ...rules.reimburse import reimburse
from .. import footnotes, style

style.setup()

MONTHS = 12
GROUPS = {  # group code: (scheme, member, Chinese label)
    "employee_in_service": ("employee", "in_service", "职工医保·在职"),
    "employee_retired": ("employee", "retired", "职工医保·退休"),
    "resident": ("resident", "in_service", "城乡居民医保"),
}
GROUP_COLORS = {
    "employee_in_service": style.COLORS["employee"],
    "employee_retired": "#805ad5",
    "resident": style.COLORS["resident"],
}
MEMBER_ZH = {"in_service": "在职", "retired": "退休"}
MEMBER_CHOICES = {"in_service": ["在职", "in-service"], "retired": ["退休"]}
PART_ZH = {
    "employer": "单位缴费",
    "individual": "个人缴费",
    "subsidy": "财政补助",
    "pool_credit": "统筹基金划入",
    "account": "进个人账户",
    "pool": "进统筹基金",
    "other": "大额互助 / 地方补充",
}
PART_COLORS = {
    "employer": "#2c7a7b",
    "individual": "#38a169",
    "subsidy": "#d69e2e",
    "pool_credit": "#dd6b20",
    "account": "#2b6cb0",
    "pool": "#dd6b20",
    "other": "#a0aec0",
}
SIDES = {
    "source": ("来源：谁出钱", ["employer", "individual", "subsidy", "pool_credit"]),
    "use": ("去向：钱去哪", ["account", "pool", "other"]),
}


def _year(year) -> int:
    return (
        data_as_of().year if year is None else checks.as_int("year", year, lo=1990, hi=2100, unit_zh="年", unit_en="")
    )


def _merge_sources(frames) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return pd.DataFrame(columns=["parameter", "value", "unit", "region", "effective_from", "source", "confidence"])
    both = pd.concat(frames, ignore_index=True)
    return both.drop_duplicates(subset=["parameter", "region", "effective_from", "value"]).reset_index(drop=True)


def _money_axis(axis):
    axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))


def illustrative_note(sources: pd.DataFrame | None) -> str:
    """A sentence for beside a chart when any value behind it is illustrative ('' otherwise)."""
    if sources is None or not len(sources) or not (sources["confidence"] == "illustrative").any():
        return ""
    params = sorted(set(sources.loc[sources["confidence"] == "illustrative", "parameter"]))
    shown = "、".join(params[:6]) + ("等" if len(params) > 6 else "")
    return (
        f"注意：本图用到的部分参数是{CONFIDENCE['illustrative']}值（illustrative，如 {shown}），"
        "只说明规则的结构和量级，不是当地的官方数字；图下脚注也标明了这一点。"
    )


# =========================================================================== notebook 02: contributions


def resident_flows_for(year=None, *, region: str = "national", tier=1) -> tuple[pd.DataFrame, str]:
    """:func:`contribution.resident_flows` for one year; where the region's own rows do not cover the year,
    the national standard of that year with a Chinese note (else the note is '').

    Why: a region with rows for another year only (重庆 2023) has a *gap* in other years, and
    ``resident_flows`` raises; the national amounts are the published minimum standard, so they are a
    fair stand-in as long as the reader is told.
    """
    y = _year(year)
    try:
        return contribution.resident_flows(y, region=region, tier=tier), ""
    except YibaoInputError:
        if region == "national":
            raise
        frame = contribution.resident_flows(y, region="national", tier=tier)
        return frame, f"{region_name(region)} {y} 年没有本地居民医保缴费数据，用全国标准代替"


def resident_history(until=None, *, region: str = "national") -> pd.DataFrame:
    """:func:`contribution.resident_flows` for every year (up to ``until``) in which ``region`` has its own
    resident contribution rows: how the per-person amounts changed over the years."""
    from ...params import check_region, tables

    check_region(region)
    rows = tables()
    own = rows[
        (rows["region"] == region)
        & (rows["parameter"] == "resident.individual_contribution")
        & (rows["qualifier"] == "")
    ]
    last = _year(until)
    years = sorted({d.year for d in own["start"] if d.year <= last})
    if not years:
        raise YibaoInputError(
            "region",
            region,
            f"地区 {region} 在 {last} 年以前没有自己的居民医保缴费数据",
            f"region {region} has no resident contribution rows up to {last}",
        )
    return contribution.resident_flows(years, region=region)


def flow_table(
    monthly_salary, *, region: str = "national", year=None, age=40, retiree_age=65, monthly_pension=None
) -> pd.DataFrame:
    """Who pays the yearly contributions and where they go, for three people in one region and year.

    Groups: ``employee_in_service`` (a worker with ``monthly_salary``, aged ``age``),
    ``employee_retired`` (a retiree aged ``retiree_age``: pays nothing, the pool credits the account),
    ``resident`` (城乡居民医保: individual contribution + fiscal subsidy, all to the pool).
    Returns one row per group × side × part: ``group, group_zh, side`` (``source``/``use``),
    ``part, part_zh, amount`` (元/年). For every group the ``source`` rows and the ``use`` rows add up
    to the same total. ``attrs``: ``sources``, ``as_of``, ``region``, ``year``, ``notes`` and the
    calculators' frames ``employee``, ``retired``, ``resident``.
    """
    if np.ndim(monthly_salary) != 0:
        raise YibaoInputError(
            "monthly_salary", "array", "这里只接受一个月工资", "a single monthly salary is needed here"
        )
    y = _year(year)
    emp = contribution.employee_flows(monthly_salary, region=region, year=y, age=age)
    ret = contribution.employee_flows(
        monthly_salary, region=region, year=y, age=retiree_age, member="retired", monthly_pension=monthly_pension
    )
    res, note = resident_flows_for(y, region=region)
    e, r, s = emp.iloc[0], ret.iloc[0], res.iloc[0]
    parts = [
        ("employee_in_service", "source", "employer", e["employer"]),
        ("employee_in_service", "source", "individual", e["employee"]),
        ("employee_in_service", "use", "account", e["to_account"]),
        ("employee_in_service", "use", "pool", e["to_pool"]),
        ("employee_in_service", "use", "other", e["to_other"]),
        ("employee_retired", "source", "pool_credit", r["to_account"]),
        ("employee_retired", "use", "account", r["to_account"]),
        ("resident", "source", "individual", s["individual"]),
        ("resident", "source", "subsidy", s["subsidy"]),
        ("resident", "use", "account", s["to_account"]),
        ("resident", "use", "pool", s["to_pool"]),
    ]
    table = pd.DataFrame(parts, columns=["group", "side", "part", "amount"])
    table.insert(1, "group_zh", table["group"].map(lambda g: GROUPS[g][2]))
    table.insert(4, "part_zh", table["part"].map(PART_ZH))
    table["amount"] = table["amount"].astype(float).round(2)
    sources = _merge_sources([emp.attrs["sources"], ret.attrs["sources"], res.attrs["sources"]])
    table.attrs.update(
        sources=sources,
        as_of=footnotes.as_of_of(sources),
        region=region,
        year=y,
        notes=[note] if note else [],
        employee=emp,
        retired=ret,
        resident=res,
        monthly_salary=float(monthly_salary),
        age=age,
        retiree_age=retiree_age,
    )
    return table


def flow_trace(monthly_salary, *, region: str = "national", year=None, age=40) -> pd.DataFrame:
    """How each yuan of an in-service worker's yearly contribution was computed (步骤, 规则, 金额（元/年）, 来源).

    The amounts are those of :func:`contribution.employee_flows` for the same inputs; the rule texts
    show the rates of the data rows it used.
    """
    y = _year(year)
    flows = contribution.employee_flows(monthly_salary, region=region, year=y, age=age)
    f = flows.iloc[0]
    src = flows.attrs["sources"]

    def value(name):
        hit = src[src["parameter"] == name]
        return (hit["value"].iloc[0], hit["source"].iloc[0]) if len(hit) else (None, "")

    rows = []

    def add(step, rule, amount, source):
        rows.append({"步骤": step, "规则": rule, "金额（元/年）": round(float(amount), 2), "来源": source})

    floor, ceiling = _base_limits(region, y)
    base_src = value("employee.base_floor")[1] or value("employee.base_floor_ratio")[1]
    rows.append(
        {
            "步骤": "缴费基数（元/月）",
            "规则": f"月工资 {float(monthly_salary):,.2f} 限定在下限 {floor:,.2f} 与上限 {ceiling:,.2f} 之间",
            "金额（元/年）": round(float(f["base"]), 2),
            "来源": base_src,
        }
    )
    rate, rate_src = value("employee.employer_rate")
    add(
        "单位缴费",
        f"基数 × {rate:.2%} × {MONTHS} 个月" + ("（含大额互助 / 地方补充）" if f["to_other"] else ""),
        f["employer"],
        rate_src,
    )
    rate, rate_src = value("employee.individual_rate")
    add(
        "个人缴费",
        f"基数 × {rate:.2%} × {MONTHS} 个月" + ("（含大额互助个人部分）" if f["to_other"] else ""),
        f["employee"],
        rate_src,
    )
    if f["regime"] == "post_2021":
        rate, rate_src = value("account.post.individual_credit_rate")
        rule = f"改革后：只划入本人缴费，基数 × {rate:.2%} × {MONTHS}（单位缴费全部进统筹）"
        pool_src = value("account.reform_date")[1]
    else:
        from ...rules.account import policy_for_year

        pol = policy_for_year(region, y)
        own = float(pol["account.pre.individual_credit_rate"])
        part = float(pol.by_age("account.pre.employer_credit_rate", [age])[0])
        rate_src = pol.row("account.pre.employer_credit_rate", age=age).source
        rule = f"改革前：基数 × (本人 {own:.2%} + 单位划入 {part:.2%}，按 {age:g} 岁所在年龄段) × {MONTHS}"
        pool_src = value("employee.employer_rate")[1]
    add("划入个人账户", rule, f["to_account"], rate_src)
    add("进统筹基金", "单位缴费 + 个人缴费 − 划入个人账户（不含大额互助 / 地方补充）", f["to_pool"], pool_src)
    if f["to_other"]:
        add("大额互助 / 地方补充", "单独的基金，不进个人账户", f["to_other"], "见规则表")
    add("合计", "个人账户 + 统筹基金 + 其他 = 单位 + 个人", f["total"], "由以上各步推出")
    return pd.DataFrame(rows)


def _base_limits(region: str, year: int) -> tuple[float, float]:
    from ...rules.account import base_limits, policy_for_year

    return base_limits(policy_for_year(region, year))


def flows_by_salary(salaries, *, region: str = "national", year=None, age=40) -> pd.DataFrame:
    """:func:`contribution.employee_flows` over an array of monthly salaries, plus the resident amounts.

    Adds ``resident_individual`` and ``resident_total`` (元/年, the same for everyone) and
    ``attrs['base_floor']``/``attrs['base_ceiling']`` (元/月) so a chart can mark where the base is clamped.
    """
    y = _year(year)
    frame = contribution.employee_flows(np.asarray(salaries, dtype=float), region=region, year=y, age=age)
    res, note = resident_flows_for(y, region=region)
    frame["resident_individual"] = float(res["individual"].iloc[0])
    frame["resident_total"] = float(res["total"].iloc[0])
    floor, ceiling = _base_limits(region, y)
    sources = _merge_sources([frame.attrs["sources"], res.attrs["sources"]])
    frame.attrs.update(
        sources=sources,
        as_of=footnotes.as_of_of(sources),
        base_floor=floor,
        base_ceiling=ceiling,
        notes=[note] if note else [],
        year=y,
        region=region,
    )
    return frame


def scheme_comparison(
    *, region: str = "national", year=None, hospital_level=3, monthly_salary=8000, age=40
) -> pd.DataFrame:
    """职工医保 vs 城乡居民医保 side by side: contributions, personal account, inpatient and outpatient benefits.

    Values from :func:`flow_table` and :func:`yibao_helpers.benefits.benefit_table` (a missing table
    shows '无数据'). Columns: 项目, 职工医保, 城乡居民医保.
    """
    y = _year(year)
    flows = flow_table(monthly_salary, region=region, year=y, age=age)
    amt = flows.set_index(["group", "part"])["amount"]
    policy = load_policy(region, y)
    level = outpatient.level_code(hospital_level)

    def table(scheme, setting, member="in_service"):
        try:
            return benefit_table(policy, scheme=scheme, setting=setting, hospital_level=level, member=member, age=age)
        except YibaoInputError:
            return None

    def ceiling(t):
        return "无数据" if t is None else (f"{t.ceiling:,.0f} 元/年" if math.isfinite(t.ceiling) else "数据中未设")

    ei, er, ri = (
        table("employee", "inpatient"),
        table("employee", "inpatient", "retired"),
        table("resident", "inpatient"),
    )
    eo, ro = table("employee", "outpatient"), table("resident", "outpatient")

    def inpatient_ratio(t):
        if t is None:
            return "无数据"
        return f"{t.ratios[0]:.0%}" + ("（分段累进，费用越高越高）" if len(t.ratios) > 1 else "")

    def extra(t):
        if t is None:
            return "无数据"
        return t.rules.get("catastrophic" if t.scheme == "resident" else "supplement", "")

    rows = [
        (
            "谁缴费",
            f"单位 {amt['employee_in_service', 'employer']:,.2f} + 个人 {amt['employee_in_service', 'individual']:,.2f} 元/年"
            f"（月工资 {float(monthly_salary):,.0f} 元）",
            f"个人 {amt['resident', 'individual']:,.2f} + 财政补助 {amt['resident', 'subsidy']:,.2f} 元/年（按人定额）",
        ),
        (
            "个人账户",
            f"有：在职每年划入 {amt['employee_in_service', 'account']:,.2f} 元，退休后每年 "
            f"{amt['employee_retired', 'account']:,.2f} 元（由统筹划入）",
            "没有：缴费全部进统筹，划入 0 元",
        ),
        ("退休后", "达到最低缴费年限后不再缴费", "每年照常缴费"),
        (
            f"住院起付线（{LEVEL_ZH[level]}医院）",
            "无数据" if ei is None else f"{ei.deductible:,.0f} 元",
            "无数据" if ri is None else f"{ri.deductible:,.0f} 元",
        ),
        (
            f"住院支付比例（{LEVEL_ZH[level]}医院，政策范围内）",
            inpatient_ratio(ei) + ("" if er is None else f"；退休 {er.ratios[0]:.0%}"),
            inpatient_ratio(ri),
        ),
        ("统筹基金年度最高支付", ceiling(ei), ceiling(ri)),
        ("封顶以上 / 高额费用", extra(ei), extra(ri)),
        (
            f"普通门诊统筹（{LEVEL_ZH[level]}）",
            "无数据" if eo is None else f"起付 {eo.deductible:,.0f} 元/年，{eo.ratios[0]:.0%}，年限额 {ceiling(eo)}",
            "无数据" if ro is None else f"起付 {ro.deductible:,.0f} 元/年，{ro.ratios[0]:.0%}，年限额 {ceiling(ro)}",
        ),
    ]
    out = pd.DataFrame(rows, columns=["项目", "职工医保", "城乡居民医保"])
    tables = [t for t in (ei, er, ri, eo, ro) if t is not None]
    out.attrs["sources"] = _merge_sources([flows.attrs["sources"]] + [_table_sources(t) for t in tables])
    return out


def _table_sources(t) -> pd.DataFrame:
    from ...params import sources_frame

    return sources_frame(t.all_rows())


def plot_contribution_flows(table: pd.DataFrame, *, title: str | None = None, ax=None, region=None, on=None):
    """Stacked bars, two per group: where the money comes from (单位 / 个人 / 财政补助 / 统筹划入) and where it
    goes (个人账户 / 统筹基金 / 其他). ``table`` is :func:`flow_table`; bar segments are its ``amount`` values.

    One ``ax.bar`` call per part (a container per part, in the order of ``SIDES``), so a test can read
    the heights back.
    """
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.8)) if own else (ax.figure, ax)
    groups = list(dict.fromkeys(table["group"]))
    centers = np.arange(len(groups)) * 2.6
    width = 0.9
    pivot = table.pivot_table(index=["group", "side"], columns="part", values="amount", aggfunc="sum", fill_value=0.0)
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
    _money_axis(ax.yaxis)
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
    ``frame`` is :func:`flows_by_salary`.
    """
    own = ax is None
    fig, ax = plt.subplots(figsize=(8, 4.6)) if own else (ax.figure, ax)
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
        color=style.COLORS["resident"],
        lw=1.4,
        ls="-.",
        label=f"居民医保每人每年（个人 + 财政）{frame['resident_total'].iloc[0]:,.0f}",
        gid="resident_total",
    )
    ax.plot(
        s,
        frame["resident_individual"],
        color=style.COLORS["resident"],
        lw=1.0,
        ls=":",
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
    _money_axis(ax.xaxis)
    _money_axis(ax.yaxis)
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


# =========================================================================== notebook 03: reimbursement


def member_code(member) -> str:
    """``in_service`` or ``retired`` (Chinese names accepted); raises the project's error otherwise."""
    return checks.choice("member", member, MEMBER_CHOICES)


def _bill(cost, group, **kw):
    scheme, member, _ = GROUPS[group]
    return reimburse(cost, scheme=scheme, member=member, **kw)


def bill_comparison(
    cost,
    *,
    region: str = "national",
    year=None,
    hospital_level=3,
    excluded_share=0.0,
    partial_share=0.0,
    admission=1,
    referral="local",
    account_balance=0.0,
) -> pd.DataFrame:
    """One inpatient bill under the three groups (职工在职 / 职工退休 / 居民), one row each.

    Columns: ``group, 险种, cost, fund_pays, hifp_pay, catastrophic, supplement, deductible, out_of_pocket,
    oop_share`` (NaN for a zero bill). ``attrs['results']`` holds the :class:`Reimbursement` of each
    group (for traces and slips); ``attrs['sources']`` all the data rows used.
    """
    kw = dict(
        region=region,
        year=year,
        hospital_level=hospital_level,
        excluded_share=excluded_share,
        partial_share=partial_share,
        admission=admission,
        referral=referral,
        account_balance=account_balance,
    )
    results = {g: _bill(cost, g, **kw) for g in GROUPS}
    rows = []
    for g, r in results.items():
        rows.append(
            {
                "group": g,
                "险种": GROUPS[g][2],
                "cost": r.cost,
                "fund_pays": r.fund_pays,
                "hifp_pay": r.hifp_pay,
                "catastrophic": r.catastrophic,
                "supplement": r.supplement,
                "deductible": r.deductible,
                "out_of_pocket": r.out_of_pocket,
                "oop_share": r.out_of_pocket / r.cost if r.cost > 0 else math.nan,
            }
        )
    frame = pd.DataFrame(rows)
    sources = _merge_sources([r.sources for r in results.values()])
    frame.attrs.update(
        results=results,
        sources=sources,
        as_of=footnotes.as_of_of(sources),
        notes=list(dict.fromkeys(n for r in results.values() for n in r.notes)),
    )
    return frame


def first_cost(predicate, *, hi: float = checks.MONEY_MAX):
    """The smallest bill (元, to the fen) at which ``predicate(costs) -> bool array`` turns True; None if never.

    ``predicate`` must be monotone in the cost (False … False True … True), as "the fund pays
    something", "the ceiling is reached" and "大病保险 pays" all are (the person's policy-range burden
    never falls when the bill grows). Each pass evaluates 201 costs at once with the vectorised engine.
    """
    if not bool(predicate(np.array([hi]))[0]):
        return None
    lo = 0.0
    if bool(predicate(np.array([lo]))[0]):
        return 0.0
    while hi - lo > 0.01:
        grid = np.linspace(lo, hi, 201)
        ok = np.asarray(predicate(grid), dtype=bool)
        k = int(np.argmax(ok))
        lo, hi = float(grid[k - 1]), float(grid[k])
    fen = math.floor(lo * 100) / 100  # the engine rounds a bill to the fen: test the fen just above lo
    while not bool(predicate(np.array([fen]))[0]):
        fen = round(fen + 0.01, 2)
    return fen


def milestones(
    *,
    region: str = "national",
    year=None,
    levels=LEVELS,
    excluded_share=0.0,
    partial_share=0.0,
    admission=1,
    referral="local",
) -> pd.DataFrame:
    """Where things start for each group × hospital level (first year's bill, nothing paid before):

    ``fund_starts`` (the bill passes the deductible), ``ceiling`` (the basic fund reaches its annual
    ceiling; employees' 大额补助 starts here where a region has one), ``catastrophic`` (residents'
    大病保险 pays its first fen). Columns: ``group, level, kind, cost`` (元; rows only where it happens).
    """
    kw = dict(
        region=region,
        year=year,
        excluded_share=excluded_share,
        partial_share=partial_share,
        admission=admission,
        referral=referral,
    )
    rows = []
    for level in levels:
        for g in GROUPS:
            probe = _bill(0.0, g, hospital_level=level, **kw)
            t = probe.table
            tests = {"fund_starts": lambda c, lv=level, g=g: _bill(c, g, hospital_level=lv, **kw).fund_pays > 0}
            if math.isfinite(t.ceiling) and t.ceiling > 0:
                tests["ceiling"] = lambda c, lv=level, g=g, cap=t.ceiling: (
                    _bill(c, g, hospital_level=lv, **kw).hifp_pay >= cap - 0.005
                )
            if t.cat_ratios is not None:
                tests["catastrophic"] = lambda c, lv=level, g=g: _bill(c, g, hospital_level=lv, **kw).catastrophic > 0
            for kind, test in tests.items():
                cost = first_cost(test)
                if cost is not None:
                    rows.append({"group": g, "level": int(level), "kind": kind, "cost": round(cost, 2)})
    return pd.DataFrame(rows, columns=["group", "level", "kind", "cost"])


def oop_curves(
    cost,
    *,
    region: str = "national",
    year=None,
    excluded_share=0.0,
    partial_share=0.0,
    max_cost=None,
    levels=LEVELS,
    points: int = 161,
    admission=1,
    referral="local",
    hospital_level=3,
) -> pd.DataFrame:
    """Out-of-pocket against the bill for the three groups at each hospital level (one inpatient bill, first of the year).

    Costs: ``points`` even steps from 0 to ``max(max_cost, cost)``, plus ``cost`` itself. Returns one row per
    level × group × cost: ``level, group, cost, fund_pays, hifp_pay, catastrophic, supplement, out_of_pocket``.
    ``attrs``: ``cost`` (the bill of interest, rounded to the fen), ``level`` (``hospital_level``, the level a
    chart shows by default), ``milestones`` (:func:`milestones`), ``sources``, ``as_of``, ``region``, ``notes``.
    """
    level = outpatient.level_code(hospital_level)
    c = float(checks.as_array("cost", cost, lo=0, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan")[0])
    top = max(float(max_cost or 0.0), c) or 1.0
    grid = np.union1d(np.round(np.linspace(0.0, top, int(points)), 2), [round(c, 2)])
    kw = dict(
        region=region,
        year=year,
        excluded_share=excluded_share,
        partial_share=partial_share,
        admission=admission,
        referral=referral,
    )
    frames, sources, notes = [], [], []
    for level in levels:
        for g in GROUPS:
            r = _bill(grid, g, hospital_level=level, **kw)
            f = r.to_frame()[["cost", "fund_pays", "hifp_pay", "catastrophic", "supplement", "out_of_pocket"]].copy()
            f.attrs = {}
            f.insert(0, "group", g)
            f.insert(0, "level", int(level))
            frames.append(f)
            sources.append(r.sources)
            notes += r.notes
    out = pd.concat(frames, ignore_index=True)
    src = _merge_sources(sources)
    out.attrs.update(
        cost=round(c, 2),
        level=level,
        milestones=milestones(levels=levels, **kw),
        sources=src,
        as_of=footnotes.as_of_of(src),
        region=region,
        year=year,
        notes=list(dict.fromkeys(notes)),
        shares=(float(excluded_share), float(partial_share)),
    )
    return out


def plot_oop_vs_cost(
    curves: pd.DataFrame, *, level=None, member: str = "in_service", title: str | None = None, region=None, on=None
):
    """Left: out-of-pocket (元) against the bill (元) at one hospital level, a line per group (gid = group);
    the chosen employee member is drawn bold, the other one dashed; milestones marked. Right: at the bill
    of interest (``curves.attrs['cost']``), bars per hospital level and group (gid ``bar:<group>:<level>``).
    ``level`` defaults to ``curves.attrs['level']``.
    ``curves`` is :func:`oop_curves`; every line and bar is its ``out_of_pocket`` column.
    """
    level = outpatient.level_code(curves.attrs.get("level", 3) if level is None else level)
    member = member_code(member)
    chosen = f"employee_{member}"
    cost = float(curves.attrs.get("cost", curves["cost"].max()))
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10, 5), gridspec_kw={"width_ratios": [1.9, 1]})
    here = curves[curves["level"] == level]
    span_x = float(here["cost"].max()) or 1.0
    ax.plot([0, span_x], [0, span_x], color="#a0aec0", lw=0.8, ls=":", label="全部自付（没有医保）")
    at = {}
    for g in GROUPS:
        d = here[here["group"] == g]
        if not len(d):
            continue
        bold = g in (chosen, "resident")
        ax.plot(
            d["cost"],
            d["out_of_pocket"],
            color=GROUP_COLORS[g],
            lw=2.2 if bold else 1.1,
            ls="-" if bold else "--",
            alpha=1 if bold else 0.7,
            label=GROUPS[g][2],
            gid=g,
        )
        hit = d[np.isclose(d["cost"], cost)]
        if len(hit):
            at[g] = float(hit["out_of_pocket"].iloc[0])
    ax.axvline(cost, color="#4a5568", lw=0.9)
    ymax = float(here["out_of_pocket"].max()) or 1.0
    for g, y in at.items():  # the bill of interest; its amounts are written on the bars at the right
        ax.plot([cost], [y], "o", color=GROUP_COLORS[g], ms=5)
    ax.text(cost, ymax * 0.02, f" 总费用 {cost:,.0f}", fontsize=8, color="#4a5568", va="bottom")
    ms = curves.attrs.get("milestones")
    if ms is not None and len(ms):
        show = ms[(ms["level"] == level) & (ms["cost"] <= span_x)]
        for row in show.itertuples():
            if row.kind == "catastrophic" and row.group == "resident":
                y = float(
                    np.interp(
                        row.cost,
                        here[here["group"] == "resident"]["cost"],
                        here[here["group"] == "resident"]["out_of_pocket"],
                    )
                )
                ax.plot(
                    [row.cost],
                    [y],
                    "*",
                    color="#c53030",
                    ms=11,
                    zorder=5,
                    label=f"居民大病保险开始支付（总费用约 {row.cost:,.0f} 元）",
                )
            elif row.kind == "ceiling" and row.group in (chosen, "resident"):
                d = here[here["group"] == row.group]
                y = float(np.interp(row.cost, d["cost"], d["out_of_pocket"]))
                ax.plot(
                    [row.cost],
                    [y],
                    "v",
                    color=GROUP_COLORS[row.group],
                    ms=8,
                    zorder=5,
                    label=f"{GROUPS[row.group][2]}统筹封顶（约 {row.cost:,.0f} 元）",
                )
    ax.set_xlim(0, span_x)
    ax.set_ylim(0, ymax * 1.1)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))
    ax.set_xlabel("住院总费用（元）")
    ax.set_ylabel("个人负担（元）")
    _money_axis(ax.xaxis)
    _money_axis(ax.yaxis)
    ax.set_title(f"{LEVEL_ZH[level]}医院：总费用越高，个人负担怎么涨", fontsize=10)
    ax.legend(loc="upper left", fontsize=7.5, frameon=False)
    # right: the bill of interest at every level
    levels = sorted(curves["level"].unique())
    width = 0.26
    for j, g in enumerate(GROUPS):
        heights = []
        for lv in levels:
            d = curves[(curves["level"] == lv) & (curves["group"] == g) & np.isclose(curves["cost"], cost)]
            heights.append(float(d["out_of_pocket"].iloc[0]) if len(d) else 0.0)
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
    _money_axis(bx.yaxis)
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


def referral_table(
    cost,
    *,
    region: str = "national",
    year=None,
    hospital_level=3,
    member="in_service",
    excluded_share=0.0,
    partial_share=0.0,
) -> pd.DataFrame:
    """The same inpatient bill at home and away (参保地 / 异地备案 / 转诊 / 未备案), for an employee and a resident.

    Columns: 就医方式, 险种, 基金支付, 个人负担, 比本地多付, 规则 (the cross-region rules of the data; a
    missing table is reported in 规则 with empty amounts). ``attrs['sources']``: the rows used.
    """
    groups = [f"employee_{member_code(member)}", "resident"]
    kw = dict(
        region=region,
        year=year,
        hospital_level=hospital_level,
        excluded_share=excluded_share,
        partial_share=partial_share,
    )
    rows, sources, local = [], [], {}
    for ref in REFERRALS:
        for g in groups:
            try:
                r = _bill(cost, g, referral=ref, **kw)
            except YibaoInputError as exc:
                rows.append(
                    {
                        "就医方式": REFERRAL_ZH[ref],
                        "险种": GROUPS[g][2],
                        "基金支付": math.nan,
                        "个人负担": math.nan,
                        "比本地多付": math.nan,
                        "规则": "无数据：" + getattr(exc, "allowed_zh", str(exc)),
                    }
                )
                continue
            if ref == "local":
                local[g] = r.out_of_pocket
            rules = [
                r.table.rules.get(k, "").replace(f"{REFERRAL_ZH[ref]}：", "") for k in ("cross_cut", "cross_preselfpay")
            ]
            rule = "；".join(x for x in rules if x and "无先行自付" not in x) if ref != "local" else "按参保地规则"
            rows.append(
                {
                    "就医方式": REFERRAL_ZH[ref],
                    "险种": GROUPS[g][2],
                    "基金支付": r.fund_pays,
                    "个人负担": r.out_of_pocket,
                    "比本地多付": round(r.out_of_pocket - local.get(g, math.nan), 2),
                    "规则": rule,
                }
            )
            sources.append(r.sources)
    out = pd.DataFrame(rows)
    out.attrs["sources"] = _merge_sources(sources)
    return out


def small_bill(price, *, region: str = "national", year=None, hospital_level=1, member="in_service", yi=False) -> dict:
    """A small outpatient purchase (e.g. a box of medicine) under employee outpatient pooling.

    Returns ``policy_range`` (元 inside the policy range: all of it for 甲类; for 乙类 what is left after
    the first self-pay), ``first_of_year`` (what the pool pays when it is the first bill of the year: the
    annual deductible comes first) and ``after_deductible`` (what it pays once the deductible is used up,
    via :func:`outpatient.pool_year` with a preceding bill equal to the deductible), ``deductible``, ``ratio``.
    """
    r = reimburse(
        price,
        scheme="employee",
        setting="outpatient",
        hospital_level=hospital_level,
        member=member,
        region=region,
        year=year,
        partial_share=1.0 if yi else 0.0,
    )
    inscp = float(r.inscp_scp_amt)
    year_rows = outpatient.pool_year(
        [r.table.deductible, inscp], region=region, on=year, hospital_level=hospital_level, member=member
    )
    return {
        "price": float(r.cost),
        "policy_range": inscp,
        "first_of_year": float(r.hifp_pay),
        "after_deductible": float(year_rows["fund_pays"].iloc[1]),
        "deductible": float(r.table.deductible),
        "ratio": float(r.table.ratios[0]),
        "sources": r.sources,
    }


TRACE_ZH = {
    "item": "笔",
    "step": "步骤",
    "rule": "规则",
    "payer": "谁付",
    "field": "结算单字段",
    "amount": "金额（元）",
    "remaining": "尚未分配（元）",
    "source": "来源",
}
KIND_ZH = {
    "fund_starts": "基金开始支付（费用超过起付线）",
    "ceiling": "统筹基金达到年度最高支付限额",
    "catastrophic": "居民大病保险开始支付",
}


def ratio_text(table) -> str:
    """The fund ratio of a benefit table in words: '85%', or '85% 起（分段累进）' where the ratio rises with the bill."""
    return f"{table.ratios[0]:.0%}" + ("起（分段累进）" if len(table.ratios) > 1 else "")


def trace_table(result) -> pd.DataFrame:
    """A :class:`~yibao_helpers.reimburse.Reimbursement` trace with Chinese headers, for a notebook."""
    return result.trace.rename(columns=TRACE_ZH)


def slips_side_by_side(bills: pd.DataFrame) -> pd.DataFrame:
    """The settlement-slip view (national slip fields) of every group of :func:`bill_comparison`, side by side."""
    results = bills.attrs["results"]
    first = next(iter(results.values())).slip()
    out = first[["field", "名称"]].copy()
    for g, r in results.items():
        out[GROUPS[g][2]] = r.slip()["金额（元）"].to_numpy()
    return out


def milestone_table(ms: pd.DataFrame, level) -> pd.DataFrame:
    """The rows of :func:`milestones` for one hospital level, in Chinese (险种, 从总费用多少起, 总费用（元）)."""
    level = outpatient.level_code(level)
    sel = ms[ms["level"] == level]
    return pd.DataFrame(
        {
            "险种": [GROUPS[g][2] for g in sel["group"]],
            "从总费用多少起": [KIND_ZH[k] for k in sel["kind"]],
            "总费用（元）": sel["cost"].to_numpy(),
        }
    )
