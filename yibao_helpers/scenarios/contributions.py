"""Contributions (notebook 02): who pays the yearly premiums and where they go, for three people side by side.

Every amount comes from :mod:`yibao_helpers.rules.contribution` (and :mod:`~yibao_helpers.rules.benefits`
for the scheme comparison); the functions here arrange the results for a table or a chart:

* :func:`flow_table` — who pays and where it goes (职工在职 / 职工退休 / 城乡居民); :func:`flow_trace` — how
  each yuan of a worker's contribution was computed; :func:`flows_by_salary` — the same over a salary range;
  :func:`retiree_and_resident` — the yearly amounts of a retiree and a resident; :func:`scheme_comparison`
  — 职工医保 vs 城乡居民医保; :func:`resident_history` — the resident standard over the years.
* :func:`resident_flows_resolved` — the resident amounts of a year; where the region's own resident rows
  have a gap that year, the national standard stands in, found by the one resolution rule
  (:func:`yibao_helpers.params.resolve` with ``fallback=("national",)``), and the page shows the
  resolution's note.

:data:`GROUPS`, :data:`PART_ZH` and :data:`SIDES` are the groups, the parts of a flow and the two sides
(source / use) that the tables and the charts share.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..core.errors import MissingDataError, YibaoInputError
from ..core.money import MONTHS
from ..params import check_region, load_policy, merge_sources, resolve, rule_year, sources_frame, tables
from ..params.sources import as_of_of
from ..rules import contribution, outpatient
from ..rules.account import base_limits, policy_for_year
from ..rules.benefits import benefit_table
from ..rules.codes import LEVEL_ZH, MEMBER_ZH, SCHEME_ZH
from .stand_ins import value_note

GROUPS = {  # group code: (scheme, member, Chinese label)
    "employee_in_service": ("employee", "in_service", f"{SCHEME_ZH['employee']}·{MEMBER_ZH['in_service']}"),
    "employee_retired": ("employee", "retired", f"{SCHEME_ZH['employee']}·{MEMBER_ZH['retired']}"),
    "resident": ("resident", "in_service", SCHEME_ZH["resident"]),
}
PART_ZH = {
    "employer": "单位缴费",
    "individual": "个人缴费",
    "subsidy": "财政补助",
    "pool_credit": "统筹基金划入",
    "account": "进个人账户",
    "pool": "进统筹基金",
    "other": "大额互助 / 地方补充",
}
SIDES = {  # side: (Chinese label, its parts in stacking order)
    "source": ("来源：谁出钱", ["employer", "individual", "subsidy", "pool_credit"]),
    "use": ("去向：钱去哪", ["account", "pool", "other"]),
}


def resident_flows_resolved(year=None, *, region: str = "national", tier=1) -> pd.DataFrame:
    """:func:`contribution.resident_flows` for one year, with a national stand-in where the region has a gap.

    A region whose own resident contribution rows do not cover the year (重庆 has rows for 2023 only) has a
    *gap* there and ``resident_flows`` raises :class:`MissingDataError`. The missing parameter is then
    resolved with :func:`yibao_helpers.params.resolve` and ``fallback=("national",)``: the national row in
    force that year (the published minimum standard) stands in, and the amounts are the national standard
    of that year. Where national has no row either (1990), the error is raised as it is.

    ``attrs``: those of ``resident_flows`` plus ``resolutions`` (the :class:`~yibao_helpers.params.Resolution`
    of the stand-in; empty when the region's rows cover the year) and ``notes`` (for the page: the
    parameter's label and value, then :meth:`Resolution.note_zh`, by
    :func:`yibao_helpers.scenarios.stand_ins.value_note`).
    """
    y = rule_year(year)
    try:
        frame, found = contribution.resident_flows(y, region=region, tier=tier), []
    except MissingDataError as exc:
        stand_in = resolve(exc.parameter, region, exc.on, qualifier=exc.qualifier, fallback=("national",))
        frame, found = contribution.resident_flows(y, region=stand_in.answered_by, tier=tier), [stand_in]
    frame.attrs.update(
        resolutions=found,
        notes=[value_note(r) for r in found],
    )
    return frame


def resident_history(until=None, *, region: str = "national") -> pd.DataFrame:
    """:func:`contribution.resident_flows` for every year (up to ``until``) in which ``region`` has its own
    resident contribution rows: how the per-person amounts changed over the years."""
    check_region(region)
    rows = tables()
    own = rows[
        (rows["region"] == region)
        & (rows["parameter"] == "resident.individual_contribution")
        & (rows["qualifier"] == "")
    ]
    last = rule_year(until, "until")
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
    to the same total. ``attrs``: ``sources``, ``as_of``, ``region``, ``year``, ``notes`` (the resident
    stand-in's note, see :func:`resident_flows_resolved`) and the calculators' frames ``employee``,
    ``retired``, ``resident``.
    """
    if np.ndim(monthly_salary) != 0:
        raise YibaoInputError(
            "monthly_salary", "array", "这里只接受一个月工资", "a single monthly salary is needed here"
        )
    y = rule_year(year)
    emp = contribution.employee_flows(monthly_salary, region=region, year=y, age=age)
    ret = contribution.employee_flows(
        monthly_salary, region=region, year=y, age=retiree_age, member="retired", monthly_pension=monthly_pension
    )
    res = resident_flows_resolved(y, region=region)
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
    sources = merge_sources(emp.attrs["sources"], ret.attrs["sources"], res.attrs["sources"])
    table.attrs.update(
        sources=sources,
        as_of=as_of_of(sources),
        region=region,
        year=y,
        notes=list(res.attrs["notes"]),
        employee=emp,
        retired=ret,
        resident=res,
        monthly_salary=float(monthly_salary),
        age=age,
        retiree_age=retiree_age,
    )
    return table


def retiree_and_resident(flows: pd.DataFrame) -> pd.DataFrame:
    """The yearly amounts of the retiree and of a resident in :func:`flow_table`, one row each (人群, 本人缴费,
    单位缴费, 财政补助, 统筹基金划入, 进个人账户, 进统筹基金, 说明): where the money comes from, then where it goes
    (a retiree's account credit comes out of the pool: 统筹基金划入, never a negative 进统筹基金)."""
    if not isinstance(flows, pd.DataFrame) or not {"retired", "resident", "retiree_age"} <= set(flows.attrs):
        raise YibaoInputError("flows", type(flows).__name__, "应为 flow_table 的结果", "must be a result of flow_table")
    ret, res = flows.attrs["retired"].iloc[0], flows.attrs["resident"].iloc[0]
    return pd.DataFrame(
        [
            {
                "人群": f"职工退休（{flows.attrs['retiree_age']} 岁）",
                "本人缴费": ret["employee"],
                "单位缴费": ret["employer"],
                "财政补助": 0.0,
                "统筹基金划入": max(-ret["to_pool"], 0.0),
                "进个人账户": ret["to_account"],
                "进统筹基金": max(ret["to_pool"], 0.0),
                "说明": "本人不缴费；统筹基金每年按定额划入个人账户",
            },
            {
                "人群": "城乡居民",
                "本人缴费": res["individual"],
                "单位缴费": 0.0,
                "财政补助": res["subsidy"],
                "统筹基金划入": 0.0,
                "进个人账户": res["to_account"],
                "进统筹基金": res["to_pool"],
                "说明": "按人定额，全部进统筹，没有个人账户",
            },
        ]
    )


def flow_trace(monthly_salary, *, region: str = "national", year=None, age=40) -> pd.DataFrame:
    """How each yuan of an in-service worker's yearly contribution was computed (步骤, 规则, 金额（元/年）, 来源).

    The amounts are those of :func:`contribution.employee_flows` for the same inputs; the rule texts
    show the rates of the data rows it used.
    """
    y = rule_year(year)
    flows = contribution.employee_flows(monthly_salary, region=region, year=y, age=age)
    f = flows.iloc[0]
    src = flows.attrs["sources"]

    def value(name):
        hit = src[src["parameter"] == name]
        return (hit["value"].iloc[0], hit["source"].iloc[0]) if len(hit) else (None, "")

    rows = []

    def add(step, rule, amount, source):
        rows.append({"步骤": step, "规则": rule, "金额（元/年）": round(float(amount), 2), "来源": source})

    floor, ceiling = base_limits(policy_for_year(region, y))
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


def flows_by_salary(salaries, *, region: str = "national", year=None, age=40) -> pd.DataFrame:
    """:func:`contribution.employee_flows` over an array of monthly salaries, plus the resident amounts.

    Adds ``resident_individual`` and ``resident_total`` (元/年, the same for everyone; from
    :func:`resident_flows_resolved`) and ``attrs['base_floor']``/``attrs['base_ceiling']`` (元/月) so a
    chart can mark where the base is clamped.
    """
    y = rule_year(year)
    frame = contribution.employee_flows(np.asarray(salaries, dtype=float), region=region, year=y, age=age)
    res = resident_flows_resolved(y, region=region)
    frame["resident_individual"] = float(res["individual"].iloc[0])
    frame["resident_total"] = float(res["total"].iloc[0])
    floor, ceiling = base_limits(policy_for_year(region, y))
    sources = merge_sources(frame.attrs["sources"], res.attrs["sources"])
    frame.attrs.update(
        sources=sources,
        as_of=as_of_of(sources),
        base_floor=floor,
        base_ceiling=ceiling,
        notes=list(res.attrs["notes"]),
        year=y,
        region=region,
    )
    return frame


def scheme_comparison(
    *, region: str = "national", year=None, hospital_level=3, monthly_salary=8000, age=40
) -> pd.DataFrame:
    """职工医保 vs 城乡居民医保 side by side: contributions, personal account, inpatient and outpatient benefits.

    Values from :func:`flow_table` and :func:`yibao_helpers.rules.benefits.benefit_table` (a missing table
    shows '无数据'). Columns: 项目, 职工医保, 城乡居民医保.
    """
    y = rule_year(year)
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

    def outpatient_pool(t):
        return "无数据" if t is None else f"起付 {t.deductible:,.0f} 元/年，{t.ratios[0]:.0%}，年限额 {ceiling(t)}"

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
        (f"普通门诊统筹（{LEVEL_ZH[level]}）", outpatient_pool(eo), outpatient_pool(ro)),
    ]
    out = pd.DataFrame(rows, columns=["项目", "职工医保", "城乡居民医保"])
    used = [t for t in (ei, er, ri, eo, ro) if t is not None]
    out.attrs["sources"] = merge_sources([flows.attrs["sources"]] + [sources_frame(t.all_rows()) for t in used])
    return out
