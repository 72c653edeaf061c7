"""Benefit tables: the scalar parameters of one reimbursement, looked up with their sources.

This module turns the long tables in ``data/`` (``inpatient.csv``, ``catastrophic.csv``,
``cross_region.csv``, ``outpatient*.csv``, ``income.csv``, ``wages.csv``) into one
:class:`BenefitTable` for a scheme × setting × hospital level × member × admission ×
referral, in one region on one date. :mod:`yibao_helpers.reimburse` applies it to costs.

Parameter names (scheme and member are part of the name; a qualifier is one ``key=value``):

* ``inpatient.<scheme>.deductible`` [``level=L``] — 起付线 per admission (元).
* ``inpatient.<scheme>.repeat_deductible_cut`` — from the 2nd admission of a year the
  deductible is lowered: unit ``ratio`` = by that fraction (北京旧规、多地 "减半"),
  unit ``yuan`` = by that amount (乌兰察布 "降低100元"). Not compounded.
* ``inpatient.<scheme>.ratio`` [``level=L``] — fund ratio within the policy range;
  ``inpatient.employee.retiree_bonus`` is added for retired employees.
* ``inpatient.<scheme>.band_from`` / ``band_bonus`` [``band=K``], K = 2, 3, … —
  分段累进: from ``band_from`` 元 on, the ratio is the level ratio + ``band_bonus``.
  Band edges are measured on the running total of the policy-range cost
  **including** the deductible (山东 大病保险 worked example, facts §13 A; 乌兰察布
  "起付线–3万 65%", facts §13 C).
* Annual fund ceiling: ``inpatient.<scheme>.ceiling`` (元/年) where a region has an
  absolute value, else ``inpatient.<scheme>.ceiling_ratio`` × the base of the scheme
  (employee: ``wage.avg_annual_prev_year``; resident: ``income.disposable_prev_year``;
  人社部 2017: about 6 times).
* ``catalogue.preselfpay_ratio`` — 乙类先行自付 ratio (国家医保局令第1号 第二十五条).
* ``crossregion.cut`` [``referral=…``] — percentage points taken off the ratio for
  cross-region care; ``crossregion.preselfpay`` [``referral=…``] — a share of the
  policy-range cost the person pays first (乌兰察布 转外就医).
* Residents' 大病保险: ``catastrophic.resident.threshold`` (元) or ``threshold_ratio`` ×
  ``income.disposable_prev_year``; ``ratio``; optional bands as above; optional ``cap``.
* Employees' 大额医疗补助: ``supplement.employee.ratio`` of the policy-range cost above
  the point where the basic fund reached its ceiling, up to ``supplement.employee.cap``.
* Ordinary outpatient pooling (setting ``outpatient``): employees use the parameters of
  :mod:`yibao_helpers.outpatient` (``outpatient.deductible``/``ratio``/``retiree_bonus``/
  ``annual_limit``/``annual_limit_retired``); residents ``outpatient.resident.deductible``
  (may depend on age), ``outpatient.resident.ratio`` [``level=L``] and, where a region has
  one, ``outpatient.resident.annual_limit``. The deductible is annual; 大病/大额 do not apply.

A region inherits each ``(parameter, qualifier)`` it lacks from ``national``
(:func:`yibao_helpers.load_policy`); the sources of every row used are kept per step.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from ..core import checks
from ..core.errors import PolicyDataError, YibaoInputError
from ..params import Policy, PolicyValue, check_policy
from . import outpatient
from .banded import banded, banded_inverse  # noqa: F401  (public here too: benefits.banded)
from .codes import LEVEL_ZH, LEVELS, MEMBERS, REFERRAL_ZH, REFERRALS, SCHEME_ZH, SCHEMES, SETTINGS  # noqa: F401

INCOME_BASE = {
    "employee": ("wage.avg_annual_prev_year", "上年职工年平均工资"),
    "resident": ("income.disposable_prev_year", "上年居民人均可支配收入"),
}
STEPS = [
    "excluded",
    "preselfpay",
    "cross_preselfpay",
    "deductible",
    "ratio",
    "cross_cut",
    "ceiling",
    "catastrophic",
    "supplement",
    "copay",
]


class _Recorder:
    """Looks values up in a Policy and remembers, per step, the rows used."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.used: dict[str, list[PolicyValue]] = defaultdict(list)

    def row(self, step: str, name: str, qualifier: str = "", age: float | None = None) -> PolicyValue:
        row = self.policy.row(name, qualifier, age)
        self.used[step].append(row)
        return row

    def get(self, step: str, name: str, qualifier: str = "", age: float | None = None) -> float:
        return float(self.row(step, name, qualifier, age).value)

    def has(self, name: str, qualifier: str = "") -> bool:
        return self.policy.has(name, qualifier)


@dataclass
class BenefitTable:
    """Scalar parameters of one reimbursement (one region, date, scheme, setting, level, member…).

    ``edges``/``ratios``: band lower edges (first 0) on the running policy-range total and the
    fund ratio in each band (before the cross-region cut). ``ceiling``: the annual fund ceiling
    (``inf`` where the data have none). ``cat_*``: residents' 大病保险 (``cat_ratios`` is None when
    it does not apply); ``sup_*``: employees' 大额医疗补助 (``sup_ratio`` None when it does not apply).
    ``rules``: the Chinese rule text of each step; ``rows``: the data rows behind each step.
    """

    region: str
    on: _dt.date
    scheme: str
    setting: str
    level: int
    member: str
    admission: int
    referral: str
    deductible: float
    edges: np.ndarray
    ratios: np.ndarray
    ceiling: float
    preselfpay_ratio: float | None
    cross_cut: float = 0.0
    cross_preselfpay: float = 0.0
    cat_threshold: float = 0.0
    cat_edges: np.ndarray | None = None
    cat_ratios: np.ndarray | None = None
    cat_cap: float = math.inf
    sup_ratio: float | None = None
    sup_cap: float = math.inf
    rules: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[PolicyValue]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def all_rows(self) -> list[PolicyValue]:
        return [r for step in STEPS for r in self.rows.get(step, [])]


# --------------------------------------------------------------------------- look-ups


def _pct(x: float) -> str:
    return f"{x * 100:g}%"


def _amount_text(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".") + " 元"


def _bands(rec: _Recorder, step: str, prefix: str) -> tuple[np.ndarray, np.ndarray]:
    """Band lower edges (first 0) and bonuses (first 0) of ``<prefix>.band_from/band_bonus``."""
    quals = [q for name, q in rec.policy.names() if name == prefix + ".band_from"]
    numbers = sorted(int(q.split("=", 1)[1]) for q in quals if q.startswith("band=") and q[5:].isdigit())
    edges, bonus = [0.0], [0.0]
    for k in numbers:
        edges.append(rec.get(step, prefix + ".band_from", f"band={k}"))
        bonus.append(rec.get(step, prefix + ".band_bonus", f"band={k}"))
    if numbers != list(range(2, len(numbers) + 2)) or np.any(np.diff(edges) <= 0):
        bad = rec.used[step][-1] if rec.used[step] else None
        raise PolicyDataError(
            bad.file if bad else "data",
            bad.line if bad else None,
            "qualifier",
            prefix,
            "分段应编号为 band=2,3,… 且起点递增",
            "bands must be numbered band=2,3,… with increasing edges",
        )
    return np.array(edges), np.array(bonus)


def _band_text(edges: np.ndarray, ratios: np.ndarray, start_label: str) -> str:
    parts = []
    for k, ratio in enumerate(ratios):
        lo = start_label if k == 0 else _amount_text(edges[k])
        hi = f"–{_amount_text(edges[k + 1])}" if k + 1 < len(edges) else "以上"
        parts.append(f"{lo}{hi} {_pct(ratio)}")
    return "分段累进（按含起付线的累计金额分段）：" + "；".join(parts)


def _capped(ratios) -> np.ndarray:
    return np.minimum(np.asarray(ratios, dtype=float), 1.0)


def _inpatient_deductible(rec: _Recorder, scheme: str, level: int, admission: int) -> tuple[float, str]:
    first = rec.get("deductible", f"inpatient.{scheme}.deductible", f"level={level}")
    text = f"{LEVEL_ZH[level]}医院起付线 {_amount_text(first)}"
    if admission == 1:
        return first, text + "（本年第1次住院）"
    cut = rec.row("deductible", f"inpatient.{scheme}.repeat_deductible_cut")
    if cut.unit == "ratio":
        value = first * (1 - float(cut.value))
        how = f"减少 {_pct(float(cut.value))}"
    else:
        value = max(first - float(cut.value), 0.0)
        how = f"减少 {_amount_text(float(cut.value))}"
    return value, text + f"；本年第{admission}次住院{how} → {_amount_text(value)}"


def _ceiling(rec: _Recorder, prefix: str, scheme: str) -> tuple[float, str]:
    if rec.has(prefix + ".ceiling"):
        value = rec.get("ceiling", prefix + ".ceiling")
        return value, f"统筹基金年度最高支付限额 {_amount_text(value)}"
    multiple = rec.get("ceiling", prefix + ".ceiling_ratio")
    base_name, base_zh = INCOME_BASE[scheme]
    base = rec.get("ceiling", base_name)
    value = round(multiple * base, 2)
    return value, f"统筹基金年度最高支付限额 = {base_zh} {_amount_text(base)} × {multiple:g} = {_amount_text(value)}"


def _inpatient(rec: _Recorder, t: dict) -> None:
    scheme, level, member = t["scheme"], t["level"], t["member"]
    prefix = f"inpatient.{scheme}"
    t["deductible"], t["rules"]["deductible"] = _inpatient_deductible(rec, scheme, level, t["admission"])
    base = rec.get("ratio", prefix + ".ratio", f"level={level}")
    label = f"{SCHEME_ZH[scheme]}{LEVEL_ZH[level]}医院 {_pct(base)}"
    if scheme == "employee" and member == "retired":
        bonus = rec.get("ratio", prefix + ".retiree_bonus")
        base, label = base + bonus, label + f" + 退休 {bonus * 100:g} 个百分点"
    edges, extra = _bands(rec, "ratio", prefix)
    t["edges"], t["ratios"] = edges, _capped(base + extra)
    t["rules"]["ratio"] = (
        "政策范围内起付线以上：" + label if len(edges) == 1 else label + "；" + _band_text(edges, t["ratios"], "起付线")
    )
    t["ceiling"], t["rules"]["ceiling"] = _ceiling(rec, prefix, scheme)


def _outpatient(rec: _Recorder, t: dict, age) -> None:
    scheme, level, member = t["scheme"], t["level"], t["member"]
    if scheme == "employee":
        ded = rec.get("deductible", "outpatient.deductible")
        ratio = float(outpatient.pool_ratio(rec.policy, level, member)[0])
        rec.row("ratio", "outpatient.ratio", f"level={level}")
        if member == "retired":
            rec.row("ratio", "outpatient.retiree_bonus")
        limit = float(outpatient.annual_limit(rec.policy, member))
        rec.row("ceiling", outpatient.limit_parameter(rec.policy, member))
    else:
        ded = rec.get("deductible", "outpatient.resident.deductible", age=age)
        ratio = rec.get("ratio", "outpatient.resident.ratio", f"level={level}")
        limit = (
            rec.get("ceiling", "outpatient.resident.annual_limit")
            if rec.has("outpatient.resident.annual_limit")
            else math.inf
        )
    t["deductible"], t["edges"], t["ratios"], t["ceiling"] = ded, np.array([0.0]), _capped([ratio]), limit
    t["rules"]["deductible"] = f"普通门诊年度起付线 {_amount_text(ded)}（按本年第一笔门诊费用计，已付部分未扣除）"
    t["rules"]["ratio"] = f"{SCHEME_ZH[scheme]}普通门诊{LEVEL_ZH[level]}医疗机构 {_pct(ratio)}" + (
        "（含退休加成）" if scheme == "employee" and member == "retired" else ""
    )
    t["rules"]["ceiling"] = (
        f"普通门诊年度统筹限额 {_amount_text(limit)}（每年1月1日重新计算）"
        if math.isfinite(limit)
        else "数据中没有居民门诊年度限额：不设封顶"
    )


def _cross_region(rec: _Recorder, t: dict) -> None:
    ref = t["referral"]
    if ref == "local":
        t["rules"]["cross_preselfpay"] = t["rules"]["cross_cut"] = "参保地就医：不适用"
        return
    q = f"referral={ref}"
    t["cross_cut"] = rec.get("cross_cut", "crossregion.cut", q)
    t["rules"]["cross_cut"] = f"{REFERRAL_ZH[ref]}：支付比例降低 {t['cross_cut'] * 100:g} 个百分点"
    if rec.has("crossregion.preselfpay", q):
        t["cross_preselfpay"] = rec.get("cross_preselfpay", "crossregion.preselfpay", q)
    t["rules"]["cross_preselfpay"] = (
        f"{REFERRAL_ZH[ref]}：政策范围内费用先由个人自付 {_pct(t['cross_preselfpay'])}"
        if t["cross_preselfpay"]
        else f"{REFERRAL_ZH[ref]}：无先行自付规定"
    )


def _try(rec: _Recorder, t: dict, step: str, fn) -> None:
    """Run an optional look-up; a gap in the data becomes a note instead of an error."""
    try:
        fn(rec, t)
    except YibaoInputError as exc:
        t["rules"][step] = f"未计算：{getattr(exc, 'allowed_zh', str(exc))}"
        t["notes"].append(f"{t['rules'][step]}")
        rec.used.pop(step, None)


def _catastrophic(rec: _Recorder, t: dict) -> None:
    prefix = "catastrophic.resident"
    if rec.has(prefix + ".threshold"):
        threshold = rec.get("catastrophic", prefix + ".threshold")
        label = f"起付线 {_amount_text(threshold)}"
    else:
        share = rec.get("catastrophic", prefix + ".threshold_ratio")
        income = rec.get("catastrophic", "income.disposable_prev_year")
        threshold = round(share * income, 2)
        label = f"起付线 = 上年居民人均可支配收入 {_amount_text(income)} × {_pct(share)} = {_amount_text(threshold)}"
    ratio = rec.get("catastrophic", prefix + ".ratio")
    edges, extra = _bands(rec, "catastrophic", prefix)
    cap = rec.get("catastrophic", prefix + ".cap") if rec.has(prefix + ".cap") else math.inf
    t.update(cat_threshold=threshold, cat_edges=edges, cat_ratios=_capped(ratio + extra), cat_cap=cap)
    bands = f"{_pct(ratio)}" if len(edges) == 1 else _band_text(edges, t["cat_ratios"], "起付线")
    t["rules"]["catastrophic"] = f"政策范围内个人负担（含起付线、共付段与超封顶部分）超过{label}的部分：{bands}" + (
        f"；年度限额 {_amount_text(cap)}" if math.isfinite(cap) else "；数据中无年度限额"
    )


def _supplement(rec: _Recorder, t: dict) -> None:
    ratio = rec.get("supplement", "supplement.employee.ratio")
    cap = rec.get("supplement", "supplement.employee.cap") if rec.has("supplement.employee.cap") else math.inf
    t.update(sup_ratio=ratio, sup_cap=cap)
    t["rules"]["supplement"] = f"超过统筹基金封顶线后的政策范围内费用 × {_pct(ratio)}" + (
        f"；年度限额 {_amount_text(cap)}" if math.isfinite(cap) else ""
    )


def _extras(rec: _Recorder, t: dict) -> None:
    """大病保险 (residents) or 大额医疗补助 (employees), inpatient only, where data exist."""
    t["rules"]["catastrophic"] = t["rules"]["supplement"] = "不适用"
    if t["setting"] != "inpatient":
        t["rules"]["catastrophic"] = t["rules"]["supplement"] = "普通门诊不适用"
    elif t["scheme"] == "resident":
        _try(rec, t, "catastrophic", _catastrophic)
    elif rec.has("supplement.employee.ratio"):
        _supplement(rec, t)
    else:
        t["rules"]["supplement"] = "数据中没有该地区职工大额医疗补助参数：未计算"


def benefit_table(
    policy: Policy,
    *,
    scheme: str,
    setting: str = "inpatient",
    hospital_level=3,
    member: str = "in_service",
    admission: int = 1,
    referral: str = "local",
    age=None,
) -> BenefitTable:
    """Look up every scalar parameter of one reimbursement (inputs are checked here)."""
    check_policy(policy)
    scheme, setting, level, member, admission, referral, age = _table_key(
        scheme, setting, hospital_level, member, admission, referral, age
    )
    rec = _Recorder(policy)
    t = dict(
        region=policy.region,
        on=policy.on,
        scheme=scheme,
        setting=setting,
        level=level,
        member=member,
        admission=admission,
        referral=referral,
        rules={},
        notes=[],
        preselfpay_ratio=None,
        cross_cut=0.0,
        cross_preselfpay=0.0,
    )
    (_inpatient(rec, t) if setting == "inpatient" else _outpatient(rec, t, age))
    if rec.has("catalogue.preselfpay_ratio"):
        t["preselfpay_ratio"] = rec.get("preselfpay", "catalogue.preselfpay_ratio")
    _cross_region(rec, t)
    _extras(rec, t)
    if scheme == "resident" and member == "retired":
        t["notes"].append("城乡居民医保不区分在职/退休：member 未影响计算")
    return BenefitTable(rows=dict(rec.used), **t)


def _table_key(scheme, setting, hospital_level, member, admission, referral, age) -> tuple:
    """The checked arguments of a benefit table, as codes (also the cache key: 三级 and 3 are one table)."""
    return (
        checks.choice("scheme", scheme, SCHEMES),
        checks.choice("setting", setting, SETTINGS),
        outpatient.level_code(hospital_level),
        checks.choice("member", member, MEMBERS),
        checks.as_int(
            "admission", admission, lo=1, hi=366, unit_zh="（本年第几次住院）", unit_en="(admission number this year)"
        ),
        checks.choice("referral", referral, REFERRALS),
        None if age is None else checks.as_float("age", age, lo=0, hi=120, unit_zh="岁", unit_en="years of age"),
    )


@functools.lru_cache(maxsize=2048)
def _cached_table(policy: Policy, *key) -> BenefitTable:
    scheme, setting, hospital_level, member, admission, referral, age = key
    return benefit_table(
        policy,
        scheme=scheme,
        setting=setting,
        hospital_level=hospital_level,
        member=member,
        admission=admission,
        referral=referral,
        age=age,
    )


def cached_benefit_table(
    policy: Policy,
    *,
    scheme,
    setting="inpatient",
    hospital_level=3,
    member="in_service",
    admission=1,
    referral="local",
    age=None,
) -> BenefitTable:
    """:func:`benefit_table`, remembered per policy and arguments (policies are cached by load_policy).

    The table is shared between calls: treat it as read-only. The arguments are checked before the
    cache is asked, so that True never finds the table of 1 (True == 1 in a cache key).
    """
    check_policy(policy)
    return _cached_table(policy, *_table_key(scheme, setting, hospital_level, member, admission, referral, age))
