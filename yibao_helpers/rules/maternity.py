"""Maternity leave (产假) and maternity allowance (生育津贴); who else the insurance covers.

Rules (numbers from ``data/maternity.csv``, each row with its source and confidence):

* Leave (《女职工劳动保护特别规定》第七条, 2012): ``maternity.leave_base`` (98 days); dystocia
  + ``maternity.dystocia_extra`` (15; most regions count a caesarean as dystocia); each extra baby
  of a multiple birth + ``maternity.per_extra_baby`` (15). Miscarriage before
  ``maternity.miscarriage_threshold`` (4) months of pregnancy: ``maternity.miscarriage_early``
  (15) days, from 4 months: ``maternity.miscarriage_late`` (42).
* Provincial extensions for births within the local family-planning regulation:
  ``maternity.extension`` — Jiangsu (and Xuzhou) + 60 for every birth (158 natural / 173
  caesarean; outside the regulation 98 / 113), Zhejiang + 60 for a first child and + 90 for a
  second or third (qualifier ``child=``). A region inherits only ``national`` rows, so a city
  carries its province's rows itself.
* Allowance (社会保险法第五十六条): the employer's average monthly wage of last year ÷ 30 ×
  leave days — in data as ``wage × maternity.daily_wage_months ÷ maternity.daily_wage_days``
  (1 ÷ 30 by default; regions using ``× 12 ÷ 365`` override them; ``method=`` picks either).
  Where the region says so (Beijing, 北京市人民政府令第154号) the employer wage is first clamped
  to ``maternity.wage_floor_ratio``–``maternity.wage_ceiling_ratio`` (60 %–300 %) of the social
  average monthly wage (argument, or ``wage.avg_annual_prev_year`` ÷ 12 from the data).
* Spouse (社会保险法第五十四条, K22): an employee's non-employed spouse gets birth *medical*
  benefits (not the allowance) — :func:`spouse_birth_coverage`. Maternity insurance is merged
  with employee medical insurance (国办发〔2019〕10号, K23). Flexible workers are covered only where
  a region says so (Jiangsu, K13/K48) — :func:`flexible_worker_covered`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import checks
from ..core.errors import MissingDataError, YibaoInputError
from ..core.money import MONTHS, fen
from ..params import Policy, check_region, load_policy, region_name, resolve, sources_frame
from ..params.policy import EXAMPLE

ALL_UNITS_WAGE = "wage.avg_annual_all_units_prev_year"  # rules.account.BASE_WAGE (not imported: no rule→rule tie)

# Input plausibility limits (not policy numbers).
WAGE_MAX = 10_000_000  # yuan/month
DAYS_MAX = 1_000
BABIES_MAX = 10
CHILD_ORDER_MAX = 20
PREGNANCY_MONTHS_MAX = 11

METHODS = {"per_30": ["÷30", "/30", "30"], "per_365": ["×12÷365", "*12/365", "365"]}
LEAVE_PARAMETERS = [
    "maternity.leave_base",
    "maternity.dystocia_extra",
    "maternity.per_extra_baby",
    "maternity.extension",
]


def _scalar(*values) -> bool:
    return all(np.ndim(v) == 0 for v in values)


_bool_array = checks.as_bools


def _one_person(function: str, **values) -> None:
    """A breakdown explains one case: single values only."""
    for name, value in values.items():
        if np.ndim(value) != 0:
            raise YibaoInputError(
                name,
                value,
                f"{function} 只算一种情形：应为单个值",
                f"{function} explains one case: give a single value",
            )


# --------------------------------------------------------------------------- leave


def _extension(policy: Policy, child_order: np.ndarray) -> tuple[np.ndarray, list]:
    """Provincial extra days by child order (0 where the region has none), and the rows used."""
    out = np.zeros(child_order.size)
    rows = []
    for order in np.unique(child_order):
        q = f"child={int(order)}"
        if policy.has("maternity.extension", q):
            row = policy.row("maternity.extension", q)
        elif policy.has("maternity.extension"):
            row = policy.row("maternity.extension")
        else:
            continue
        out[child_order == order] = float(row.value)
        rows.append(row)
    return out, rows


def _leave(babies, dystocia, child_order, within_policy, region, on):
    check_region(region)
    b = checks.as_array("babies", babies, lo=1, hi=BABIES_MAX, integer=True, unit_zh="个婴儿", unit_en="babies")
    order = checks.as_array(
        "child_order",
        child_order,
        lo=1,
        hi=CHILD_ORDER_MAX,
        integer=True,
        unit_zh="（第几孩）",
        unit_en="(birth order)",
    )
    dys = _bool_array("dystocia", dystocia)
    within = _bool_array("within_policy", within_policy)
    _n, a = checks.broadcast(
        babies=b, child_order=order, dystocia=dys.astype(float), within_policy=within.astype(float)
    )
    p = load_policy(region, on)
    base = float(p["maternity.leave_base"])
    dys_days = a["dystocia"] * float(p["maternity.dystocia_extra"])
    multi = (a["babies"] - 1) * float(p["maternity.per_extra_baby"])
    ext, ext_rows = _extension(p, a["child_order"])
    ext = ext * a["within_policy"]
    rows = [
        p.row("maternity.leave_base"),
        p.row("maternity.dystocia_extra"),
        p.row("maternity.per_extra_baby"),
    ] + ext_rows
    return {"base": np.full(_n, base), "dystocia": dys_days, "multiple": multi, "extension": ext}, rows


def leave_days(*, babies=1, dystocia=False, child_order=1, within_policy=True, region: str = "national", on=None):
    """Maternity leave days for a birth: 98 (+15 dystocia/caesarean, +15 per extra baby, + the
    region's extension for a birth within its regulation). Scalars give an int, arrays an int array."""
    parts, _rows = _leave(babies, dystocia, child_order, within_policy, region, on)
    total = (parts["base"] + parts["dystocia"] + parts["multiple"] + parts["extension"]).astype(int)
    return int(total[0]) if _scalar(babies, dystocia, child_order, within_policy) else total


def leave_breakdown(
    *,
    babies: int = 1,
    dystocia: bool = False,
    child_order: int = 1,
    within_policy: bool = True,
    region: str = "national",
    on=None,
) -> pd.DataFrame:
    """How one birth's leave days add up: 步骤, 规则, 天数, 来源 (the last row is the total)."""
    _one_person(
        "leave_breakdown", babies=babies, dystocia=dystocia, child_order=child_order, within_policy=within_policy
    )
    parts, rows = _leave(babies, dystocia, child_order, within_policy, region, on)
    by_name = {r.parameter: r for r in rows}
    steps = [("基本产假", "生育享受产假（产前可休15天）", parts["base"][0], by_name["maternity.leave_base"].source)]
    if dystocia:
        steps.append(
            (
                "难产",
                "难产（含各地按难产计的剖宫产）增加",
                parts["dystocia"][0],
                by_name["maternity.dystocia_extra"].source,
            )
        )
    if babies > 1:
        steps.append(
            (
                "多胞胎",
                f"每多生育1个婴儿增加；共多 {babies - 1} 个",
                parts["multiple"][0],
                by_name["maternity.per_extra_baby"].source,
            )
        )
    if "maternity.extension" in by_name:
        rule = f"{region_name(by_name['maternity.extension'].region)}延长产假（第 {child_order} 孩）" + (
            "" if within_policy else "：不符合条例规定生育，不延长"
        )
        steps.append(("地方延长", rule, parts["extension"][0], by_name["maternity.extension"].source))
    total = sum(s[2] for s in steps)
    steps.append(("合计", "以上相加", total, ""))
    out = pd.DataFrame(steps, columns=["步骤", "规则", "天数", "来源"])
    out["天数"] = out["天数"].astype(int)
    out.attrs["sources"] = sources_frame(rows)
    return out


def miscarriage_leave_days(pregnancy_months, *, region: str = "national", on=None):
    """Leave after a miscarriage: 15 days before 4 months of pregnancy, 42 days from 4 months."""
    check_region(region)
    scalar = _scalar(pregnancy_months)
    months = checks.as_array(
        "pregnancy_months",
        pregnancy_months,
        lo=0,
        hi=PREGNANCY_MONTHS_MAX,
        unit_zh="个月（怀孕月数）",
        unit_en="months of pregnancy",
    )
    p = load_policy(region, on)
    days = np.where(
        months < float(p["maternity.miscarriage_threshold"]),
        float(p["maternity.miscarriage_early"]),
        float(p["maternity.miscarriage_late"]),
    ).astype(int)
    return int(days[0]) if scalar else days


# --------------------------------------------------------------------------- allowance


def _daily_factor(policy: Policy, method) -> tuple[float, float, list]:
    q = "" if method is None else "method=" + checks.choice("method", method, METHODS)
    months, days = policy.row("maternity.daily_wage_months", q), policy.row("maternity.daily_wage_days", q)
    return float(months.value), float(days.value), [months, days]


def _allowance_parts(avg_monthly_wage, days, region, on, social_avg_monthly_wage, method):
    check_region(region)
    if social_avg_monthly_wage is not None:  # checked in every region, also where no wage clamp uses it
        social_avg_monthly_wage = checks.as_float(
            "social_avg_monthly_wage",
            social_avg_monthly_wage,
            lo=0,
            hi=WAGE_MAX,
            lo_open=True,
            unit_zh="元/月",
            unit_en="yuan/month",
        )
    wage = checks.as_array(
        "avg_monthly_wage", avg_monthly_wage, lo=0, hi=WAGE_MAX, unit_zh="元/月", unit_en="yuan/month"
    )
    d = checks.as_array("days", days, lo=0, hi=DAYS_MAX, unit_zh="天", unit_en="days")
    _n, a = checks.broadcast(avg_monthly_wage=wage, days=d)
    p = load_policy(region, on)
    months, per_days, rows = _daily_factor(p, method)
    used = a["avg_monthly_wage"]
    social = None
    if p.has("maternity.wage_floor_ratio") or p.has("maternity.wage_ceiling_ratio"):
        if social_avg_monthly_wage is None:
            # 本市上年度职工月平均工资: the region's own published wage (北京、上海 publish it 全口径, the wage the
            # data hold for them as wage.avg_annual_all_units_prev_year); else the urban non-private series
            own = p.has(ALL_UNITS_WAGE) and p.row(ALL_UNITS_WAGE).region not in ("national", EXAMPLE)
            wage_row = p.row(ALL_UNITS_WAGE if own else "wage.avg_annual_prev_year")
            social = float(wage_row.value) / MONTHS
            rows.append(wage_row)
        else:
            social = social_avg_monthly_wage
        lo = float(p["maternity.wage_floor_ratio"]) * social if p.has("maternity.wage_floor_ratio") else 0.0
        hi = float(p["maternity.wage_ceiling_ratio"]) * social if p.has("maternity.wage_ceiling_ratio") else np.inf
        rows += [
            r
            for name in ("maternity.wage_floor_ratio", "maternity.wage_ceiling_ratio")
            if p.has(name)
            for r in p.rows(name)
        ]
        used = np.clip(used, fen(lo), fen(hi))
    daily = used * months / per_days
    return {
        "wage": a["avg_monthly_wage"],
        "wage_used": used,
        "daily": daily,
        "days": a["days"],
        "allowance": fen(daily * a["days"]),
        "social": social,
        "months": months,
        "per_days": per_days,
    }, rows


def maternity_allowance(
    avg_monthly_wage, days, *, region: str = "national", on=None, social_avg_monthly_wage=None, method=None
):
    """生育津贴 (元) = employer's average monthly wage of last year ÷ 30 × leave days.

    ``method``: None = the region's rule from the data; ``"per_30"`` or ``"per_365"`` (× 12 ÷ 365)
    to compare. Where the region clamps the wage (Beijing: 60 %–300 % of the social average),
    ``social_avg_monthly_wage`` gives the social average (default: the data's average wage ÷ 12).
    Linear in ``days``; a float for scalars, an array for arrays.
    """
    parts, _rows = _allowance_parts(avg_monthly_wage, days, region, on, social_avg_monthly_wage, method)
    return float(parts["allowance"][0]) if _scalar(avg_monthly_wage, days) else parts["allowance"]


def allowance_breakdown(
    avg_monthly_wage: float,
    days: float,
    *,
    region: str = "national",
    on=None,
    social_avg_monthly_wage: float | None = None,
    method=None,
) -> pd.DataFrame:
    """How one allowance is computed: 步骤, 规则, 金额（元）, 来源; ``.attrs["sources"]`` lists the rows."""
    _one_person("allowance_breakdown", avg_monthly_wage=avg_monthly_wage, days=days)
    parts, rows = _allowance_parts(avg_monthly_wage, days, region, on, social_avg_monthly_wage, method)
    by_name = {r.parameter: r for r in rows}
    steps = [("单位上年度职工月平均工资", "输入", parts["wage"][0], "社会保险法第五十六条")]
    if parts["social"] is not None:
        src = by_name.get("maternity.wage_floor_ratio", by_name.get("maternity.wage_ceiling_ratio"))
        steps.append(
            (
                "限定在社平工资上下限之间",
                f"社平月工资 {parts['social']:,.2f} 的上下限比例（见规则表）",
                parts["wage_used"][0],
                src.source,
            )
        )
    m, dd = parts["months"], parts["per_days"]
    rule = f"月平均工资 ÷ {dd:g}" if m == 1 else f"月平均工资 × {m:g} ÷ {dd:g}"
    steps.append(("日津贴", rule, fen(parts["daily"][0]), by_name["maternity.daily_wage_days"].source))
    steps.append(("生育津贴", f"日津贴 × {parts['days'][0]:g} 天", parts["allowance"][0], "社会保险法第五十六条"))
    out = pd.DataFrame(steps, columns=["步骤", "规则", "金额（元）", "来源"])
    out.attrs["sources"] = sources_frame(rows)
    return out


# --------------------------------------------------------------------------- coverage


def _dated_rule(name: str, region: str, on) -> tuple[bool, object]:
    p = load_policy(region, on)
    if not p.has(name):
        # the region (or its chain) may have the rule only from a later date: not yet, and from when
        try:
            return False, resolve(name, region, p.on, fallback=("later",)).row
        except MissingDataError:
            return False, None
    row = p.row(name)
    return p.on >= row.value, row


def spouse_birth_coverage(*, region: str = "national", on=None) -> dict:
    """K22: is an employee's non-employed spouse covered for birth medical costs through the employee?

    Returns ``{"covered", "benefit", "not_covered", "conditions", "source", "confidence", "since",
    "merged_with_medical", "merged_source", "claims"}`` (Chinese texts for notebooks).
    """
    check_region(region)
    covered, row = _dated_rule("maternity.spouse_medical_since", region, on)
    merged, mrow = _dated_rule("maternity.merged_with_medical_since", region, on)
    return {
        "covered": bool(covered),
        "benefit": "生育医疗费用待遇（产前检查、分娩住院等医疗费用，按当地标准支付）",
        "not_covered": "生育津贴（配偶本人没有参保就业，不发津贴）",
        "conditions": [
            "配偶未就业（通常需社区或居委会出具无工作证明）",
            "职工本人参加职工医保（含生育保险）并按当地规定连续缴费满一定月数",
            "符合生育政策；具体报销标准由各地规定",
        ],
        "source": row.source if row else "无数据",
        "confidence": row.confidence if row else "illustrative",
        "since": row.value.isoformat() if row else None,
        "note": row.note if row else "",
        "merged_with_medical": bool(merged),
        "merged_source": mrow.source if mrow else "无数据",
        "claims": ["K22", "K23"],
    }


def flexible_worker_covered(*, region: str = "national", on=None) -> dict:
    """K13/K48: do flexible workers insured in employee medical insurance get maternity benefits here?

    ``{"covered", "since", "source", "confidence", "note"}``; without a regional rule in the data
    the answer is False (the general rule: flexible workers are not in maternity insurance).
    """
    check_region(region)
    covered, row = _dated_rule("maternity.flexible_worker_since", region, on)
    if row is None:
        return {
            "covered": False,
            "since": None,
            "source": "无地方规定数据",
            "confidence": "illustrative",
            "note": "全国没有统一规定；多数地区灵活就业人员不参加生育保险，江苏等地已纳入",
        }
    return {
        "covered": bool(covered),
        "since": row.value.isoformat(),
        "source": row.source,
        "confidence": row.confidence,
        "note": row.note,
    }
