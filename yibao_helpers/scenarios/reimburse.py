"""Reimbursement (notebook 03): one inpatient bill under the three groups, and where things start as the bill grows.

Every amount comes from :func:`yibao_helpers.rules.reimburse.reimburse` and
:mod:`yibao_helpers.rules.outpatient`; the functions here arrange the results:

* :func:`bill_comparison` — one bill for 职工在职 / 职工退休 / 居民; :func:`slips_side_by_side`,
  :func:`trace_table` — its settlement slips and traces in Chinese;
* :func:`oop_curves` — out-of-pocket against the bill at each hospital level, with :func:`milestones`
  (where the fund starts paying, where its ceiling is reached, where 大病保险 starts; found by
  :func:`first_cost`, a bisection over the vectorised engine) and :func:`milestone_table`;
* :func:`referral_table` — the same bill at home and away; :func:`small_bill` — a box of medicine under
  outpatient pooling; :func:`account_balance_bills` — the bill with an empty and a half-full account;
  :func:`ratio_text` — a benefit table's ratio in words.

The groups are :data:`yibao_helpers.scenarios.contributions.GROUPS`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import checks
from ..core.errors import YibaoInputError
from ..params import merge_sources, rule_year
from ..params.sources import as_of_of, sources_frame
from ..rules import outpatient
from ..rules.codes import LEVELS, MEMBERS, REFERRAL_ZH, REFERRALS
from ..rules.reimburse import reimburse
from .contributions import GROUPS

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


def member_code(member) -> str:
    """``in_service`` or ``retired`` (Chinese names accepted); raises the project's error otherwise."""
    return checks.choice("member", member, MEMBERS)


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
    sources = merge_sources([r.sources for r in results.values()])
    frame.attrs.update(
        results=results,
        sources=sources,
        as_of=as_of_of(sources),
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

    The search (≈ 30 bills per milestone) does not depend on the bill a reader is looking at, so its result is
    kept per set of inputs (:func:`_milestones`): a slider moving the bill redraws without searching again. The
    cache is emptied whenever the data change (``params.clear_caches``, e.g. a new ``policy_file``).
    """
    try:
        key = (region, year, tuple(levels), excluded_share, partial_share, admission, referral)
        hash(key)
    except TypeError:  # an unhashable input (e.g. a list of levels inside a list): search without the cache
        return _search_milestones(region, year, levels, excluded_share, partial_share, admission, referral)
    return _milestones(*key).copy()


@functools.lru_cache(maxsize=64)
def _milestones(region, year, levels, excluded_share, partial_share, admission, referral) -> pd.DataFrame:
    return _search_milestones(region, year, levels, excluded_share, partial_share, admission, referral)


def _search_milestones(region, year, levels, excluded_share, partial_share, admission, referral) -> pd.DataFrame:
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


CURVE_FIELDS = ["cost", "fund_pays", "hifp_pay", "catastrophic", "supplement", "out_of_pocket"]


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
    # the result's arrays are stacked directly and the rows behind them read once per benefit table (the
    # sliders move the bill, so this runs on every move: no DataFrame per bill, no sources frame per bill)
    cols = {"level": [], "group": [], **{name: [] for name in CURVE_FIELDS}}
    tables, notes = {}, []
    for lv in levels:
        for g in GROUPS:
            r = _bill(grid, g, hospital_level=lv, **kw)
            cols["level"].append(np.full(len(grid), int(lv)))
            cols["group"].append(np.full(len(grid), g, dtype=object))
            for name in CURVE_FIELDS:
                cols[name].append(np.atleast_1d(getattr(r, name)))
            tables.setdefault(id(r.table), r.table)
            notes += r.notes
    out = pd.DataFrame({name: np.concatenate(parts) for name, parts in cols.items()})
    src = merge_sources([sources_frame(t.all_rows()) for t in tables.values()])
    out.attrs.update(
        cost=round(c, 2),
        level=level,
        milestones=milestones(levels=levels, **kw),
        sources=src,
        as_of=as_of_of(src),
        region=region,
        year=year,
        notes=list(dict.fromkeys(notes)),
        shares=(float(excluded_share), float(partial_share)),
    )
    return out


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
    out.attrs["sources"] = merge_sources(sources)
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


def account_balance_bills(cost, *, member="in_service", **bill) -> dict:
    """The same employee bill paid with an empty personal account (``empty``) and with an account holding half
    of the person's share (``half``): :class:`Reimbursement` results that show the fund pays the same.

    ``bill``: the other inputs of :func:`reimburse` (region, year, hospital_level, shares, admission, referral).
    """
    kw = dict(scheme="employee", member=member_code(member), **bill)
    empty = reimburse(cost, account_balance=0, **kw)
    half = reimburse(cost, account_balance=round(empty.out_of_pocket / 2, 2), **kw)
    return {"empty": empty, "half": half}


def ratio_text(table) -> str:
    """The fund ratio of a benefit table in words: '85%', or '85% 起（分段累进）' where the ratio rises with the bill."""
    return f"{table.ratios[0]:.0%}" + ("起（分段累进）" if len(table.ratios) > 1 else "")


def trace_table(result) -> pd.DataFrame:
    """A :class:`~yibao_helpers.rules.reimburse.Reimbursement` trace with Chinese headers, for a notebook."""
    return result.trace.rename(columns=TRACE_ZH)


def slips_side_by_side(bills: pd.DataFrame) -> pd.DataFrame:
    """The settlement-slip view (national slip fields) of every group of :func:`bill_comparison`, side by side."""
    results = bills.attrs["results"]
    first = next(iter(results.values())).slip()
    out = first[["名称", "field"]].rename(columns={"field": TRACE_ZH["field"]})
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


@dataclass(frozen=True)
class Bill:
    """The hospital bill of an example page (notebook 03's inputs, with its defaults), as the claims' sentences
    receive it; :meth:`of` ignores the page's other inputs."""

    region: str = "national"
    year: int | None = None
    cost: float = 50000
    hospital_level: int = 3
    member: str = "in_service"
    excluded_share: float = 0.05
    partial_share: float = 0.2
    admission: int = 1
    referral: str = "local"

    @classmethod
    def of(cls, page: dict) -> Bill:
        return cls(**{k: v for k, v in page.items() if k in cls.__dataclass_fields__})

    def keywords(self) -> dict:
        """The bill as keywords of :mod:`yibao_helpers.scenarios.reimburse` (year and level checked)."""
        return dict(
            region=self.region,
            year=rule_year(self.year),
            hospital_level=outpatient.level_code(self.hospital_level),
            excluded_share=self.excluded_share,
            partial_share=self.partial_share,
            admission=self.admission,
            referral=self.referral,
        )
