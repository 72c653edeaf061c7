"""Gaps in contribution (断缴): when benefits restart, and what happens to the personal account meanwhile.

Rules (dated rows of ``data/gaps.csv``, each with its source):

* Resident insurance, from 2025 (国办发〔2024〕38号): a person who enrols outside the
  concentrated enrolment period, or after a break, waits a fixed 3 months; each year of break
  adds 1 month of variable waiting; each year made up (补缴) removes 1 month of the variable
  part (never the fixed part); after a break of 4 years or more the total after repair is at
  least 6 months. Newborns and other special groups are exempt (``exempt=True``). Before 2025
  no national waiting rule is in the data (local rules then are not modelled).
* Employees, national transfer rule (《基本医疗保险关系转移接续暂行办法》): a break of at most
  3 months that is made up → benefits the same month, the gap covered retroactively; a longer
  break → a waiting period of up to 6 months (the data uses the upper bound; 江苏 ≤ 3 months).
* Employee local rules (facts §12, secondary): 合肥 — unit employees' break ≤ 1 month and flexible
  workers' ≤ 3 months made up count as continuous, otherwise benefits from the month after 3
  months of contributions; 武汉 — flexible workers' first enrolment: benefits from the 7th month;
  无锡 — flexible workers wait 6 months on first enrolment and again after a break > 3 months;
  上海 — flexible workers wait 6 months, a break within 3 months renewed without waiting
  (沪医保规〔2025〕7号, from 2025-09-10).
* Look-up: a rule for the person's ``employment`` (``employment=unit`` / ``employment=flexible``)
  is used where the region (or national) has one, otherwise the region's general rule,
  otherwise the national one. A region's row that is not yet in force leaves the national rule.
* The personal account keeps its balance during a gap, earns interest and can still be used
  (K06); only credits stop (:func:`account_during_gap`, which reuses
  :func:`yibao_helpers.account.project_balance` with ``gap_years``).

Model conventions (not policy numbers): waiting periods are whole calendar months counted from
the month of (re)payment, which counts as the first month; benefits restart on the first day of
the month after the waiting period (合肥 "连续缴费3个月后次月"、武汉 "第7个月起"). With no
waiting, benefits restart on the payment date itself (for employees with the gap covered
retroactively). Some places count from the day after payment instead.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core import checks
from ..core.dates import year as calendar_year
from ..core.errors import YibaoInputError
from ..params import Policy, as_date, check_region, data_as_of, policy_or_none, sources_frame

SCHEMES = {"resident": ["居民", "居民医保", "城乡居民"], "employee": ["职工", "职工医保"]}
EMPLOYMENT = {"unit": ["单位", "单位职工", "employer"], "flexible": ["灵活就业", "flexible_employment"]}
GAP_YEARS_MAX = 80
GAP_MONTHS_MAX = 960
R = "gap.resident."
E = "gap.employee."


def _date(on, param: str = "paid_on") -> _dt.date:
    return as_date(on, param) or data_as_of()


def _lookup(pol: Policy | None, name: str, employment: str | None = None):
    """The row for ``name``: the employment-specific one first, then the general one; None if neither."""
    if pol is None:
        return None
    if employment and pol.has(name, f"employment={employment}"):
        return pol.row(name, f"employment={employment}")
    if pol.has(name):
        return pol.row(name)
    return None


def _int_array(name: str, value, hi: int, unit_zh: str, unit_en: str) -> np.ndarray:
    return checks.as_array(name, value, lo=0, hi=hi, unit_zh=unit_zh, unit_en=unit_en, integer=True).astype(np.int64)


def restart_month(paid_on: _dt.date, waiting_months) -> np.ndarray:
    """Restart dates (datetime64[D]) for an array of waiting months: the first day of the month
    ``waiting`` months after the payment month, or the payment date itself when there is no waiting.

    ``paid_on``: the payment date (a date, 'YYYY-MM-DD', or a year = 1 July); ``waiting_months``: whole
    months (0–960), a number or an array."""
    paid_on = as_date(paid_on, "paid_on")
    if paid_on is None:
        raise YibaoInputError("paid_on", None, "应给出缴费日期", "give the date of the payment")
    checked = _int_array("waiting_months", waiting_months, GAP_MONTHS_MAX, "个月", "months")
    return _restart_month(paid_on, checks.same_shape(checked, waiting_months))


def _restart_month(paid_on: _dt.date, waiting_months) -> np.ndarray:
    """:func:`restart_month` on checked inputs."""
    waiting = np.asarray(waiting_months, dtype=np.int64)
    month = np.datetime64(paid_on, "M") + waiting.astype("timedelta64[M]")
    return np.where(waiting == 0, np.datetime64(paid_on, "D"), month.astype("datetime64[D]"))


# --------------------------------------------------------------------------- resident rule


def resident_waiting(
    gap_years=0,
    made_up_years=0,
    *,
    paid_on=None,
    in_enrollment_period: bool = False,
    exempt: bool = False,
    region: str = "national",
) -> pd.DataFrame:
    """Resident-insurance waiting period (国办发〔2024〕38号, from 2025), vectorised over gaps.

    gap_years : whole years without resident insurance before re-enrolling (0 = none), number or array
    made_up_years : years of the gap made up by paying them (补缴), 0 … gap_years
    paid_on : date of the payment (rules in force on it apply); None = newest data
    in_enrollment_period : enrolled within the concentrated enrolment period (no waiting if also no gap)
    exempt : newborns and other special groups the rule exempts

    Returns a DataFrame, one row per case: ``gap_years, made_up_years, fixed, variable, reduction,
    floor_top_up, waiting_months, restart, rule_in_force``; ``fixed + variable − reduction + floor_top_up
    == waiting_months``; ``attrs["sources"]`` the rows used.
    """
    check_region(region)
    date = _date(paid_on)
    gap = _int_array("gap_years", gap_years, GAP_YEARS_MAX, "年", "years")
    made = _int_array("made_up_years", made_up_years, GAP_YEARS_MAX, "年", "years")
    in_period = checks.as_flag("in_enrollment_period", in_enrollment_period)
    exempt = checks.as_flag("exempt", exempt)
    n, arr = checks.broadcast(gap_years=gap, made_up_years=made)
    gap, made = arr["gap_years"], arr["made_up_years"]
    if np.any(made > gap):
        bad = int(made[made > gap][0])
        raise YibaoInputError(
            "made_up_years", bad, "补缴年数不能超过断保年数 gap_years", "cannot exceed the years of gap (gap_years)"
        )
    pol = policy_or_none(region, date)
    names = [
        "fixed_waiting_months",
        "variable_months_per_gap_year",
        "reduction_months_per_made_up_year",
        "long_gap_years",
        "min_total_after_long_gap_months",
    ]
    rows = {k: _lookup(pol, R + k) for k in names}
    in_force = all(r is not None for r in rows.values())
    zeros = np.zeros(n, dtype=np.int64)
    if not in_force:
        fixed = variable = reduction = top_up = zeros
        used = []
    else:
        v = {k: int(r.value) for k, r in rows.items()}
        none = (exempt | ((gap == 0) & in_period)) * np.ones(n, dtype=bool)
        fixed = np.where(none, 0, v["fixed_waiting_months"])
        variable = np.where(none, 0, gap * v["variable_months_per_gap_year"])
        reduction = np.minimum(np.where(none, 0, made * v["reduction_months_per_made_up_year"]), variable)
        subtotal = fixed + variable - reduction
        long_gap = (gap >= v["long_gap_years"]) & ~none
        top_up = np.where(long_gap, np.maximum(v["min_total_after_long_gap_months"] - subtotal, 0), 0)
        used = list(rows.values())
    waiting = fixed + variable - reduction + top_up
    out = pd.DataFrame(
        {
            "gap_years": gap,
            "made_up_years": made,
            "fixed": fixed,
            "variable": variable,
            "reduction": reduction,
            "floor_top_up": top_up,
            "waiting_months": waiting,
            "restart": _restart_month(date, waiting),
            "rule_in_force": np.full(n, in_force),
        }
    )
    out.attrs["sources"] = sources_frame(used)
    out.attrs["paid_on"] = date.isoformat()
    return out


# --------------------------------------------------------------------------- employee rules


def employee_waiting(
    gap_months=0,
    *,
    paid_on=None,
    region: str = "national",
    employment: str = "unit",
    made_up: bool = True,
    first_enrolment: bool = False,
) -> pd.DataFrame:
    """Employee-insurance waiting period after a gap (national transfer rule and local rules), vectorised.

    gap_months : whole months without contributions before paying again (0 = none), number or array
    paid_on : date of the (re)payment; None = newest data
    employment : ``unit`` (单位参保) or ``flexible`` (灵活就业)
    made_up : the gap months were made up (补缴); a short gap counts as continuous only if made up
    first_enrolment : first enrolment (no earlier contributions): the region's first-enrolment waiting

    Returns a DataFrame: ``gap_months, grace_months, within_grace, waiting_months, restart``;
    ``attrs["sources"]`` the rows used.
    """
    check_region(region)
    date = _date(paid_on)
    gap = _int_array("gap_months", gap_months, GAP_MONTHS_MAX, "月", "months")
    emp = checks.choice("employment", employment, EMPLOYMENT)
    made_up = checks.as_flag("made_up", made_up)
    first = checks.as_flag("first_enrolment", first_enrolment)
    pol = policy_or_none(region, date)
    used = []
    if first:
        row = _lookup(pol, E + "first_enrol_waiting_months", emp)
        wait = int(row.value) if row is not None else 0
        used += [row] if row is not None else []
        grace = np.zeros_like(gap)
        within = np.zeros(gap.size, dtype=bool)
        waiting = np.full(gap.size, wait, dtype=np.int64)
    else:
        g_row = _lookup(pol, E + "grace_months", emp)
        w_row = _lookup(pol, E + "waiting_months", emp)
        grace_v = int(g_row.value) if g_row is not None else 0
        wait_v = int(w_row.value) if w_row is not None else 0
        used += [r for r in (g_row, w_row) if r is not None]
        grace = np.full(gap.size, grace_v, dtype=np.int64)
        within = (gap == 0) | ((gap <= grace_v) & made_up)
        waiting = np.where(within, 0, wait_v)
    out = pd.DataFrame(
        {
            "gap_months": gap,
            "grace_months": grace,
            "within_grace": within,
            "waiting_months": waiting,
            "restart": _restart_month(date, waiting),
        }
    )
    out.attrs["sources"] = sources_frame(used)
    out.attrs["paid_on"] = date.isoformat()
    return out


# --------------------------------------------------------------------------- one person, explained


@dataclass
class Restart:
    """When benefits restart after a (re)payment, with the waiting months explained step by step."""

    scheme: str
    paid_on: _dt.date
    waiting_months: int
    restart: _dt.date
    breakdown: pd.DataFrame = field(repr=False)  # 步骤, 月数, 规则, 来源
    sources: pd.DataFrame = field(repr=False)

    @property
    def summary_zh(self) -> str:
        if self.waiting_months == 0:
            return f"{self.paid_on.isoformat()} 缴费后没有等待期，待遇从缴费时起即可享受。"
        return (
            f"{self.paid_on.isoformat()} 缴费后等待 {self.waiting_months} 个月，"
            f"{self.restart.isoformat()} 起恢复医保待遇。"
        )


def restart_date(
    scheme,
    paid_on=None,
    *,
    region: str = "national",
    gap_years=0,
    made_up_years=0,
    gap_months=0,
    made_up: bool = True,
    employment: str = "unit",
    first_enrolment: bool = False,
    in_enrollment_period: bool = False,
    exempt: bool = False,
) -> Restart:
    """The date benefits restart for one person and the waiting months with a breakdown.

    scheme : ``resident`` (居民医保; uses ``gap_years``, ``made_up_years``, ``in_enrollment_period``, ``exempt``)
        or ``employee`` (职工医保; uses ``gap_months``, ``made_up``, ``employment``, ``first_enrolment``)
    paid_on : the date of the (re)payment (its rules apply); None = newest data
    """
    code = checks.choice("scheme", scheme, SCHEMES)
    date = _date(paid_on)
    check_region(region)
    # one person: single numbers; every argument is checked, also those the other scheme uses
    for name, value, hi, unit_zh, unit_en in (
        ("gap_years", gap_years, GAP_YEARS_MAX, "年", "years"),
        ("made_up_years", made_up_years, GAP_YEARS_MAX, "年", "years"),
        ("gap_months", gap_months, GAP_MONTHS_MAX, "月", "months"),
    ):
        if np.ndim(value) != 0 and not isinstance(value, str):
            raise YibaoInputError(
                name,
                value,
                "restart_date 只算一个人：应为单个数（多人请用 resident_waiting / employee_waiting）",
                "restart_date is for one person: give single numbers (use resident_waiting / employee_waiting for arrays)",
            )
        checks.as_int(name, value, lo=0, hi=hi, unit_zh=unit_zh, unit_en=unit_en)
    for name, value in (
        ("made_up", made_up),
        ("first_enrolment", first_enrolment),
        ("in_enrollment_period", in_enrollment_period),
        ("exempt", exempt),
    ):
        checks.as_flag(name, value)
    checks.choice("employment", employment, EMPLOYMENT)
    steps = []

    def add(step, months, text, source=""):
        steps.append({"步骤": step, "月数": int(months), "规则": text, "来源": source})

    if code == "resident":
        df = resident_waiting(
            gap_years,
            made_up_years,
            paid_on=date,
            in_enrollment_period=in_enrollment_period,
            exempt=exempt,
            region=region,
        )
        if len(df) != 1:
            raise YibaoInputError(
                "gap_years",
                gap_years,
                "restart_date 只算一个人：应为单个数（多人请用 resident_waiting）",
                "restart_date is for one person: give single numbers (use resident_waiting for arrays)",
            )
        r = df.iloc[0]
        src = df.attrs["sources"]
        s = src["source"].iloc[0] if len(src) else ""
        v = {p.split(".")[-1].split("[")[0]: float(x) for p, x in zip(src["parameter"], src["value"])}
        if not r["rule_in_force"]:
            add(
                "全国规则",
                0,
                f"{date.isoformat()} 时国家统一的居民医保待遇等待期（国办发〔2024〕38号，2025年起）尚未施行；"
                "各地此前的规定未收录",
                "",
            )
        elif exempt:
            add("豁免", 0, "新生儿等特殊群体不设待遇等待期", s)
        elif r["gap_years"] == 0 and in_enrollment_period:
            add("连续参保", 0, "在集中参保期内连续参保，没有等待期", s)
        else:
            gy, my = int(r["gap_years"]), int(r["made_up_years"])
            add("固定等待期", r["fixed"], "未在集中参保期参保或未连续参保：固定等待期", s)
            add("变动等待期", r["variable"], f"断保 {gy} 年，每断保1年加 {v['variable_months_per_gap_year']:g} 个月", s)
            if my:
                add(
                    "补缴修复",
                    -int(r["reduction"]),
                    f"补缴 {my} 年，每补缴1年减 "
                    f"{v['reduction_months_per_made_up_year']:g} 个月（最多减到变动等待期为 0）",
                    s,
                )
            if r["floor_top_up"]:
                add(
                    "长期断保下限",
                    r["floor_top_up"],
                    f"连续断保 {v['long_gap_years']:g} 年及以上，修复后等待期合计不少于 "
                    f"{v['min_total_after_long_gap_months']:g} 个月",
                    s,
                )
        waiting = int(r["waiting_months"])
    else:
        df = employee_waiting(
            gap_months,
            paid_on=date,
            region=region,
            employment=employment,
            made_up=made_up,
            first_enrolment=first_enrolment,
        )
        if len(df) != 1:
            raise YibaoInputError(
                "gap_months",
                gap_months,
                "restart_date 只算一个人：应为单个数（多人请用 employee_waiting）",
                "restart_date is for one person: give single numbers (use employee_waiting for arrays)",
            )
        r = df.iloc[0]
        src = df.attrs["sources"]
        waiting = int(r["waiting_months"])
        emp_zh = EMPLOYMENT[checks.choice("employment", employment, EMPLOYMENT)][0]
        if first_enrolment:
            if len(src):
                add("新参保等待期", waiting, f"{emp_zh}人员首次参保的待遇等待期（{region}）", src["source"].iloc[0])
            else:
                add("新参保", 0, f"{region} 未收录{emp_zh}人员首次参保的等待期：从参保缴费当月起享受待遇", "")
        elif r["gap_months"] == 0:
            add("连续参保", 0, "没有中断，待遇不受影响", "")
        elif r["within_grace"]:
            add(
                "短期中断",
                0,
                f"中断 {int(r['gap_months'])} 个月（不超过 {int(r['grace_months'])} 个月）并已补缴："
                "补缴当月享受待遇，中断期间待遇可追溯",
                src["source"].iloc[0] if len(src) else "",
            )
        else:
            why = (
                f"中断 {int(r['gap_months'])} 个月，超过 {int(r['grace_months'])} 个月"
                if r["gap_months"] > r["grace_months"]
                else f"中断 {int(r['gap_months'])} 个月未补缴"
            )
            add(
                "待遇等待期",
                waiting,
                f"{why}：设待遇等待期（{region}，{emp_zh}）",
                src["source"].iloc[-1] if len(src) else "",
            )
    add("合计", waiting, "等待期合计（从缴费当月算起，等待期满后的次月1日起享受）" if waiting else "无等待期", "")
    restart = pd.Timestamp(df["restart"].iloc[0]).date()
    return Restart(code, date, waiting, restart, pd.DataFrame(steps), df.attrs["sources"])


# --------------------------------------------------------------------------- the account meanwhile


def account_during_gap(
    monthly_salary,
    age,
    years,
    *,
    gap_years,
    region: str = "national",
    start_year: int | None = None,
    annual_spending=0.0,
    opening_balance=0.0,
    **kwargs,
) -> pd.DataFrame:
    """The personal account with and without a gap (K06): credits stop, the balance stays, earns interest, can be spent.

    Calls :func:`yibao_helpers.account.project_balance` twice (with and without ``gap_years``) and
    returns its columns plus ``in_gap``, ``balance_without_gap`` and ``credit_lost`` (the credit the
    gap years did not receive). Extra keyword arguments go to ``project_balance``.
    """
    from .account import project_balance

    years_list = list(gap_years) if isinstance(gap_years, (list, tuple, set, range, np.ndarray)) else [gap_years]
    for y in years_list:
        calendar_year(y, "gap_years")
    with_gap = project_balance(
        monthly_salary,
        age,
        years,
        region=region,
        start_year=start_year,
        annual_spending=annual_spending,
        opening_balance=opening_balance,
        gap_years=years_list,
        **kwargs,
    )
    without = project_balance(
        monthly_salary,
        age,
        years,
        region=region,
        start_year=start_year,
        annual_spending=annual_spending,
        opening_balance=opening_balance,
        **kwargs,
    )
    out = with_gap.copy()
    out.insert(out.columns.get_loc("credited"), "in_gap", out["year"].isin(years_list).to_numpy())
    out["balance_without_gap"] = without["balance"].to_numpy()
    out["credit_lost"] = np.round(without["credited"].to_numpy() - with_gap["credited"].to_numpy(), 2)
    out.attrs.update(with_gap.attrs)
    return out
