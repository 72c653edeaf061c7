"""Basic pension of employees (企业职工基本养老金) and of urban-rural residents (城乡居民养老金).

Rules (numbers from ``data/pension.csv``, each row with its source and confidence):

* Basic pension (国发〔2005〕38号): ``avg_wage × (1 + index) ÷ 2 × years × pension.basic_rate_per_year``
  (1 % per year) — the mean of last year's average wage (计发基数) and the person's indexed
  average wage (avg_wage × average contribution index), times the contribution years
  (including deemed years).
* Personal-account pension (同上): ``balance ÷ 计发月数``. 计发月数 by retirement age 40–70
  is the table of the same document (``pension.annuity_months`` age bands; 139 at 60; 47 → 208,
  the 207/208 dispute is in the row's note). For a retirement age with extra months (after the
  2025 reform) the table is refined by month, ``M(y, m) = M(y) − (M(y) − M(y+1)) × m ÷ 12``
  rounded half-up to ``pension.annuity_months_precision`` (0.1 month; facts §14: 济南 12345
  reply; reproduces 60y1m → 138.4, 60y3m → 137.3, 60y4m → 136.7, 50y1m → 194.6, 50y6m → 192.5).
* Transitional pension (过渡性养老金, provincial rules): the common form
  ``avg_wage × index × pre_account_years × pension.transitional_coefficient`` (1.0 %–1.4 % by
  province; national 1.2 % is illustrative). Provinces with another form (Jiangsu: a notional
  pre-1996 balance ÷ 120) are not modelled.
* Resident pension (国发〔2014〕8号): basic pension (at least the national minimum
  ``pension.resident_basic_min`` of the year; local standards are higher) + account balance ÷
  ``pension.resident_annuity_months`` (139).

Amounts are monthly yuan rounded to the fen. Checked against 167 official approval sheets in
``/work/shared/validation/pension_cases`` (see ``data/notes/pension_validation.md``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import checks
from ..core.errors import YibaoInputError
from ..core.money import MONTHS, fen
from ..params import Policy, check_region, load_policy, sources_frame

# Input plausibility limits (not policy numbers).
WAGE_MAX = 1_000_000  # yuan/month
INDEX_MAX = 10.0  # average contribution index (the cap in practice is 3)
YEARS_MAX = 80
DIVISOR_MAX = 1_000  # 计发月数

PARAMETERS = [
    "pension.basic_rate_per_year",
    "pension.annuity_months",
    "pension.annuity_months_precision",
    "pension.transitional_coefficient",
]
RESIDENT_PARAMETERS = ["pension.resident_basic_min", "pension.resident_annuity_months"]


def _out(arr: np.ndarray, scalar: bool):
    return float(arr[0]) if scalar else arr


def _scalar(*values) -> bool:
    return all(np.ndim(v) == 0 for v in values)


def _money(name, value, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan"):
    return checks.as_array(name, value, lo=0, hi=hi, unit_zh=unit_zh, unit_en=unit_en)


# --------------------------------------------------------------------------- 计发月数


def _table_range(policy: Policy) -> tuple[int, int]:
    edges, _ = policy.age_bands("pension.annuity_months")
    rows = policy.rows("pension.annuity_months")
    top = max(r.age_from for r in rows)
    return int(min(edges)), int(top)


def _total_months(policy: Policy, age, extra_months) -> np.ndarray:
    lo, hi = _table_range(policy)
    ages = checks.as_array(
        "age", age, lo=lo, hi=hi, unit_zh="岁（计发月数表的范围）", unit_en="years (the range of the 计发月数 table)"
    )
    extra = checks.as_array(
        "extra_months", extra_months, lo=0, hi=MONTHS - 1, integer=True, unit_zh="个月", unit_en="months"
    )
    n, arr = checks.broadcast(age=ages, extra_months=extra)
    total = np.round(arr["age"] * MONTHS).astype(np.int64) + arr["extra_months"].astype(np.int64)
    if np.any(total > hi * MONTHS):
        bad = total[total > hi * MONTHS][0]
        raise YibaoInputError(
            "age",
            f"{bad // MONTHS}岁{bad % MONTHS}个月",
            f"应在 {lo} 到 {hi} 岁之间（计发月数表的范围）",
            f"must be between {lo} and {hi} years (the range of the 计发月数 table)",
        )
    return total


def annuity_months(age, extra_months=0, *, on=None):
    """计发月数 for a retirement age (139 at 60).

    ``age``: years (40–70), a fractional age is rounded to whole months (60.25 = 60 years 3 months);
    ``extra_months``: months beyond ``age`` (0–11). Whole years give the table value; extra months
    refine it linearly towards the next year, rounded half-up to the data's precision (0.1: 60y3m → 137.3).
    """
    policy = load_policy("national", on)
    total = _total_months(policy, age, extra_months)
    years, months = np.divmod(total, MONTHS)
    this = policy.by_age("pension.annuity_months", years)
    if not months.any():  # whole years: the table value itself
        return _out(this, _scalar(age, extra_months))
    nxt = policy.by_age("pension.annuity_months", np.where(months > 0, years + 1, years))
    exact = this - (this - nxt) * months / MONTHS
    step = float(policy["pension.annuity_months_precision"])
    decimals = max(0, -int(np.floor(np.log10(step) + 1e-9)))
    value = np.where(months > 0, np.round(np.floor(exact / step + 0.5 + 1e-9) * step, decimals), this)
    return _out(value, _scalar(age, extra_months))


def annuity_rows(age, extra_months=0, *, on=None) -> list:
    """The rows of the national 计发月数 table behind :func:`annuity_months` for these ages (each whole year's
    row; for an age with extra months also the next year's and the precision row)."""
    nat = load_policy("national", on)
    rows = []
    for y, m in zip(*np.divmod(np.unique(_total_months(nat, age, extra_months)), MONTHS)):
        rows.append(nat.row("pension.annuity_months", age=float(y)))
        if m:
            rows += [nat.row("pension.annuity_months", age=float(y + 1)), nat.row("pension.annuity_months_precision")]
    return rows


def _divisor(divisor) -> np.ndarray:
    """An explicit 计发月数 (> 0), e.g. 137.3."""
    return checks.as_array(
        "divisor", divisor, lo=0, hi=DIVISOR_MAX, lo_open=True, unit_zh="个月（计发月数）", unit_en="months"
    )


# --------------------------------------------------------------------------- components


def _index(value, name: str = "index") -> np.ndarray:
    return checks.as_array(
        name, value, lo=0, hi=INDEX_MAX, unit_zh="（平均缴费指数）", unit_en="(average contribution index)"
    )


def _wage_index_years(avg_wage, index, years, *, years_name: str = "years") -> dict:
    """Checked wage, index and years broadcast to one length (the basic and the transitional pension)."""
    wage = _money("avg_wage", avg_wage, WAGE_MAX, "元/月", "yuan/month")
    idx = _index(index)
    yrs = checks.as_array(years_name, years, lo=0, hi=YEARS_MAX, unit_zh="年", unit_en="years")
    _n, a = checks.broadcast(**{"avg_wage": wage, "index": idx, years_name: yrs})
    return {"avg_wage": a["avg_wage"], "index": a["index"], "years": a[years_name]}


def basic_pension(avg_wage, index, years, *, region: str = "national", on=None):
    """基础养老金, 元/月: avg_wage × (1 + index) ÷ 2 × years × 1 % (rate from data)."""
    check_region(region)
    a = _wage_index_years(avg_wage, index, years)
    rate = float(load_policy(region, on)["pension.basic_rate_per_year"])
    value = fen(a["avg_wage"] * (1.0 + a["index"]) / 2.0 * a["years"] * rate)
    return _out(value, _scalar(avg_wage, index, years))


def account_pension(balance, age=None, *, extra_months=0, divisor=None, on=None):
    """个人账户养老金, 元/月: balance ÷ 计发月数 (of ``age``, or an explicit ``divisor`` such as 137.3)."""
    bal = _money("balance", balance)
    if divisor is None:
        if age is None:
            raise YibaoInputError(
                "age",
                None,
                "应给出退休年龄 age（40 到 70 岁）或计发月数 divisor",
                "give the retirement age (40 to 70) or the divisor (计发月数)",
            )
        div = np.atleast_1d(annuity_months(age, extra_months, on=on))
        scalar = _scalar(balance, age, extra_months)
    else:
        div = _divisor(divisor)
        scalar = _scalar(balance, divisor)
    _n, a = checks.broadcast(balance=bal, divisor=div)
    return _out(fen(a["balance"] / a["divisor"]), scalar)


def transitional_pension(avg_wage, index, pre_account_years, *, region: str = "national", on=None):
    """过渡性养老金, 元/月, common form: avg_wage × index × pre_account_years × coefficient (by province)."""
    check_region(region)
    a = _wage_index_years(avg_wage, index, pre_account_years, years_name="pre_account_years")
    coef = float(load_policy(region, on)["pension.transitional_coefficient"])
    value = fen(a["avg_wage"] * a["index"] * a["years"] * coef)
    return _out(value, _scalar(avg_wage, index, pre_account_years))


# --------------------------------------------------------------------------- estimate


def estimate_pension(
    avg_wage,
    index,
    years,
    balance,
    age=60,
    *,
    extra_months=0,
    divisor=None,
    pre_account_years=0.0,
    transitional_index=None,
    region: str = "national",
    on=None,
) -> pd.DataFrame:
    """Monthly employee pension = basic + personal account + transitional, one row per person.

    Parameters
    ----------
    avg_wage : 计发基数, last year's average monthly wage (元/月)
    index : the person's average contribution index (平均缴费指数)
    years : cumulative contribution years including deemed years
    balance : personal-account balance at retirement (元)
    age, extra_months : retirement age (years, plus months) for 计发月数; or ``divisor`` directly
    pre_account_years : deemed years before personal accounts (视同缴费年限) for the transitional part
    transitional_index : index used by the transitional part (default: ``index``)

    Returns a DataFrame with ``basic, account, transitional, total, annuity_months``; the rows used
    (sources, confidence) are in ``.attrs["sources"]``; :func:`trace_pension` explains one person.
    """
    check_region(region)
    basic = np.atleast_1d(basic_pension(avg_wage, index, years, region=region, on=on))
    bal = _money("balance", balance)
    rows = []
    if divisor is None:
        div = np.atleast_1d(annuity_months(age, extra_months, on=on))
        rows += annuity_rows(age, extra_months, on=on)
    else:
        div = _divisor(divisor)
    t_index = index if transitional_index is None else _index(transitional_index, "transitional_index")
    trans = np.atleast_1d(transitional_pension(avg_wage, t_index, pre_account_years, region=region, on=on))
    _n, a = checks.broadcast(basic=basic, balance=bal, transitional=trans, annuity_months=div)
    account = fen(a["balance"] / a["annuity_months"])
    out = pd.DataFrame(
        {
            "basic": a["basic"],
            "account": account,
            "transitional": a["transitional"],
            "total": fen(a["basic"] + account + a["transitional"]),
            "annuity_months": a["annuity_months"],
        }
    )
    policy = load_policy(region, on)
    rows += list(policy.rows("pension.basic_rate_per_year")) + list(policy.rows("pension.transitional_coefficient"))
    out.attrs["region"] = region
    out.attrs["sources"] = sources_frame(rows)
    out.attrs["as_of"] = max(out.attrs["sources"]["effective_from"])
    return out


def trace_pension(
    avg_wage: float,
    index: float,
    years: float,
    balance: float,
    age: float = 60,
    *,
    extra_months: int = 0,
    divisor: float | None = None,
    pre_account_years: float = 0.0,
    transitional_index: float | None = None,
    region: str = "national",
    on=None,
) -> pd.DataFrame:
    """How each yuan of one person's pension is computed: 步骤, 规则, 金额（元）, 来源.

    The amounts equal :func:`estimate_pension` for the same inputs.
    """
    for name, value in (
        ("avg_wage", avg_wage),
        ("index", index),
        ("years", years),
        ("balance", balance),
        ("age", age),
        ("extra_months", extra_months),
        ("divisor", divisor),
        ("pre_account_years", pre_account_years),
        ("transitional_index", transitional_index),
    ):
        if value is not None and np.ndim(value) != 0:
            raise YibaoInputError(
                name,
                value,
                "trace_pension 只算一个人：应为单个数",
                "trace_pension is for one person: give a single number",
            )
    row = estimate_pension(
        avg_wage,
        index,
        years,
        balance,
        age,
        extra_months=extra_months,
        divisor=divisor,
        pre_account_years=pre_account_years,
        transitional_index=transitional_index,
        region=region,
        on=on,
    ).iloc[0]
    p = load_policy(region, on)
    rate = float(p["pension.basic_rate_per_year"])
    coef = float(p["pension.transitional_coefficient"])
    t_index = index if transitional_index is None else transitional_index
    months_rule = (
        f"给定计发月数 {row['annuity_months']:g}"
        if divisor is not None
        else f"退休年龄 {age:g} 岁{'' if not extra_months else f'{extra_months}个月'} 的计发月数 {row['annuity_months']:g}"
    )
    steps = [
        {
            "步骤": "基础养老金",
            "规则": f"计发基数 {avg_wage:,.2f} × (1 + 平均缴费指数 {index:g}) ÷ 2 × 缴费年限 {years:g} × {rate:.0%}",
            "金额（元）": row["basic"],
            "来源": p.source("pension.basic_rate_per_year"),
        },
        {
            "步骤": "养老保险个人账户养老金",
            "规则": f"养老保险个人账户储存额 {balance:,.2f} ÷ {months_rule}",
            "金额（元）": row["account"],
            "来源": load_policy("national", on).source("pension.annuity_months", age=60),
        },
        {
            "步骤": "过渡性养老金",
            "规则": f"计发基数 {avg_wage:,.2f} × 指数 {t_index:g} × 视同缴费年限 {pre_account_years:g} × 系数 {coef:.1%}",
            "金额（元）": row["transitional"],
            "来源": p.source("pension.transitional_coefficient"),
        },
        {
            "步骤": "合计（每月）",
            "规则": "基础 + 养老保险个人账户 + 过渡性",
            "金额（元）": row["total"],
            "来源": "国发〔2005〕38号",
        },
    ]
    return pd.DataFrame(steps)


# --------------------------------------------------------------------------- residents


def resident_basic_minimum(on=None) -> float:
    """National minimum basic pension of urban-rural residents (元/月) in force on ``on`` (a year = 1 July)."""
    return float(load_policy("national", on)["pension.resident_basic_min"])


def resident_pension(balance, *, on=None, basic=None, region: str = "national") -> pd.DataFrame:
    """Resident pension per month: basic (national minimum of the date unless ``basic`` gives the local
    standard) + account balance ÷ 139. One row per balance: ``basic, account, total``."""
    check_region(region)
    bal = _money("balance", balance)
    p = load_policy(region, on)
    rows = list(p.rows("pension.resident_annuity_months"))
    if basic is None:
        base = np.atleast_1d(float(p["pension.resident_basic_min"]))
        rows += p.rows("pension.resident_basic_min")
    else:
        base = checks.as_array("basic", basic, lo=0, hi=WAGE_MAX, unit_zh="元/月", unit_en="yuan/month")
    _n, a = checks.broadcast(balance=bal, basic=base)
    account = fen(a["balance"] / float(p["pension.resident_annuity_months"]))
    out = pd.DataFrame({"basic": a["basic"].astype(float), "account": account, "total": fen(a["basic"] + account)})
    out.attrs["region"] = region
    out.attrs["sources"] = sources_frame(rows)
    out.attrs["as_of"] = max(out.attrs["sources"]["effective_from"])
    return out
