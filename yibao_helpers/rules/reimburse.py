"""Reimbursement engine (住院/门诊报销): who pays each yuan of a medical bill.

Steps, in order (each one a row of :attr:`Reimbursement.trace`; parameters from ``data/``,
looked up by :func:`yibao_helpers.benefits.benefit_table`, each with its source):

1. 目录外（丙类/自费） ``excluded_share × cost`` — outside the catalogue, the person pays all
   (国家医保局问答: 目录外医保不支付). Slip field ``fulamt_ownpay_amt``.
2. 乙类先行自付 ``partial_share × cost × catalogue.preselfpay_ratio`` (国家医保局令第1号
   第二十五条). Slip field ``preselfpay_amt``.
3. 异地转诊先行自付 — where a region makes a referred patient pay a share of the policy-range
   cost first (乌兰察布 20%); also ``preselfpay_amt``. What is left is the policy-range amount
   ``inscp_scp_amt`` (符合政策范围金额).
4. 起付线 by hospital level; from the 2nd admission of a year the region's repeat rule
   (减半 / 降低100元). Slip field ``act_pay_dedc``. Outpatient: the annual deductible.
5. 统筹基金按比例 — ratio by scheme × level (+ retirees' bonus for employees); where a region
   segments the ratio by cost (分段累进) the band edges are measured on the running
   policy-range total **including** the deductible (facts §13 A/C).
6. 异地就医降比例 — the region's percentage-point cut for registered / referred /
   unregistered cross-region care (applied to the ratio, so before the ceiling).
7. 年度最高支付限额 — the fund pays at most ``ceiling − ytd_fund_paid`` (人社部: ≈6×).
   Steps 5–7 give ``hifp_pay``.
8. 大病保险 (residents, inpatient): on the person's policy-range burden (policy-range amount −
   ``hifp_pay``, i.e. deductible + co-payment + above-ceiling part) above the threshold, by
   bands measured from 0 (山东 worked example: (100000−10000)×50% + (170000−100000)×60% =
   87000). Slip field ``hifmi_pay``.
9. 职工大额医疗补助 (employees, inpatient, where data exist): ratio × the policy-range cost
   above the point where the basic fund reached its ceiling, up to its cap. ``hifob_pay``.
10. 个人共付 — what is left of the policy-range amount is the person's.

``fund_pays = hifp_pay + hifmi_pay + hifob_pay`` and ``out_of_pocket = cost − fund_pays``
(split into ``acct_pay`` from ``account_balance`` and ``psn_cash_pay``), so
``fund_pays + out_of_pocket == cost`` to the fen. Money is counted in fen: the cost is rounded
to 0.01 元, each person-paid part is rounded, and the fund's cumulative payments are rounded
once, so that a larger bill never lowers what the person pays.

Model limits: each call is one bill; ``ytd_fund_paid`` is what the basic fund has already paid
this year (for the ceiling); the 大病 threshold and the 大额 cap are applied to this bill alone.
Outpatient bills use the annual deductible in full (use :func:`yibao_helpers.outpatient.pool_year`
for a year of visits). The personal account pays any part of the out-of-pocket amount.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from ..core import checks
from ..core.errors import YibaoInputError
from ..core.money import fen_inplace
from ..params import as_date, load_policy, sources_frame
from .banded import banded_inverse_kernel, banded_kernel
from .benefits import STEPS, BenefitTable, cached_benefit_table
from .slip import SLIP_FIELDS, SlipCheck, explain_slip

__all__ = ["Reimbursement", "SlipCheck", "explain_slip", "reimburse", "SLIP_FIELDS"]

STEP_INFO = {  # step: (name in the trace, payer, settlement-slip field)
    "excluded": ("目录外（丙类/自费）", "个人", "fulamt_ownpay_amt"),
    "preselfpay": ("乙类先行自付", "个人", "preselfpay_amt"),
    "cross_preselfpay": ("异地转诊先行自付", "个人", "preselfpay_amt"),
    "deductible": ("起付线", "个人", "act_pay_dedc"),
    "ratio": ("统筹基金按比例支付", "统筹基金", "hifp_pay"),
    "cross_cut": ("异地就医降低比例", "统筹基金", "hifp_pay"),
    "ceiling": ("年度最高支付限额", "统筹基金", "hifp_pay"),
    "catastrophic": ("大病保险", "大病保险", "hifmi_pay"),
    "supplement": ("职工大额医疗补助", "大额补助", "hifob_pay"),
    "copay": ("个人共付（政策范围内、基金未付部分）", "个人", "psn_cash_pay + acct_pay"),
}
RESULT_FIELDS = ["cost", "fund_pays", "out_of_pocket", "deductible", "catastrophic", "supplement", *SLIP_FIELDS]


def _nonzero(a) -> bool:
    return bool(np.any(a != 0))


# --------------------------------------------------------------------------- inputs


def _money(name: str, value) -> np.ndarray:
    return checks.as_array(name, value, lo=0, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan")


def _share(name: str, value) -> np.ndarray:
    return checks.as_array(name, value, lo=0, hi=1, unit_zh="（占总费用的比例）", unit_en="(share of the cost)")


KEYS = ("cost", "excluded_share", "partial_share", "ytd_fund_paid", "account_balance")


def _checked(cost, excluded_share, partial_share, ytd_fund_paid, account_balance, *, names=KEYS) -> dict:
    """Checked amounts and shares (keyed by KEYS; errors name ``names``); size-1 values become Python floats."""
    cost_name, excluded_name, partial_name, ytd_name, balance_name = names
    raw = {
        "cost": _money(cost_name, cost),
        "excluded_share": _share(excluded_name, excluded_share),
        "partial_share": _share(partial_name, partial_share),
        "ytd_fund_paid": _money(ytd_name, ytd_fund_paid),
        "account_balance": _money(balance_name, account_balance),
    }
    checks.broadcast(**{name: raw[key] for name, key in zip(names, KEYS)})
    both = raw["excluded_share"] + raw["partial_share"]
    if np.any(both > 1 + 1e-12):
        bad = float(both[both > 1 + 1e-12][0])
        raise YibaoInputError(
            partial_name,
            f"{excluded_name} + {partial_name} = {bad:g}",
            "目录外与乙类费用占比之和不能超过 1",
            f"{excluded_name} + {partial_name} must not exceed 1",
        )
    out = {k: (float(a[0]) if a.size == 1 else a) for k, a in raw.items()}
    out["cost"] = raw["cost"]
    return out


def _inputs(cost, excluded_share, partial_share, ytd_fund_paid, account_balance) -> dict:
    """Checked inputs; single numbers stay Python floats so that they cost no array pass."""
    out = _checked(cost, excluded_share, partial_share, ytd_fund_paid, account_balance)
    n = max(np.size(v) for v in out.values())
    out["cost"] = fen_inplace(np.multiply(np.broadcast_to(out["cost"], (n,)), 1.0))  # a copy, rounded in place
    return out


def _check_partial(t: BenefitTable, partial_share, name: str) -> None:
    if t.preselfpay_ratio is None and _nonzero(partial_share):
        raise YibaoInputError(
            name,
            partial_share if np.isscalar(partial_share) else "array",
            f"地区 {t.region} 在该日期没有乙类先行自付比例数据，{name} 只能为 0",
            f"region {t.region} has no 乙类 self-pay ratio on this date; {name} must be 0",
        )


# --------------------------------------------------------------------------- the engine


def _person_parts(t: BenefitTable, x, es, ps) -> dict:
    """Steps 1–4: excluded, 乙类 first self-pay, cross-region first self-pay, deductible."""
    excl = fen_inplace(x * es) if _nonzero(es) else 0.0
    pre = 0.0
    if _nonzero(ps):
        # rounded together with 丙类, so that a bill one fen larger never leaves a smaller policy-range
        # amount (two parts rounded up at once would); each part is still whole fen
        pre = fen_inplace(x * (es + ps * t.preselfpay_ratio)) - excl
        pre = fen_inplace(pre) if np.ndim(pre) == 0 else fen_inplace(np.asarray(pre, dtype=float))
    inscp = x
    if _nonzero(excl) or _nonzero(pre):
        inscp = x - excl
        inscp -= pre
        inscp = fen_inplace(inscp)  # a difference of whole-fen amounts, stated exactly in fen (0.56, not 0.5599…)
    xpre = 0.0
    if t.cross_preselfpay:
        xpre = fen_inplace(inscp * t.cross_preselfpay)
        inscp = fen_inplace(inscp - xpre)
    return {
        "excluded": excl,
        "preselfpay": pre,
        "cross_preselfpay": xpre,
        "inscp": inscp,
        "deductible": np.clip(inscp, 0.0, t.deductible),
    }


def _cap_left(t: BenefitTable, ytd):
    """What the basic fund may still pay this year (inf where the data set no ceiling)."""
    if not math.isfinite(t.ceiling):
        return math.inf
    return max(t.ceiling - ytd, 0.0) if np.ndim(ytd) == 0 else np.clip(t.ceiling - ytd, 0.0, np.inf)


def _cut_ratios(t: BenefitTable) -> np.ndarray:
    return np.clip(t.ratios - t.cross_cut, 0.0, 1.0)


def _hifp(t: BenefitTable, inscp, cap_left):
    """Steps 5–7: banded ratio less the cross-region cut, within what is left of the ceiling."""
    fund = banded_kernel(inscp, t.deductible, t.edges, _cut_ratios(t))
    if np.ndim(cap_left) == 0:
        return np.clip(fund, 0.0, cap_left, out=fund) if math.isfinite(cap_left) else fund
    return np.minimum(fund, cap_left, out=fund)


def _catastrophic(t: BenefitTable, inscp, hifp):
    """Step 8: residents' 大病保险 on the policy-range burden above the threshold."""
    if t.cat_ratios is None:
        return 0.0
    paid = banded_kernel(inscp - hifp, t.cat_threshold, t.cat_edges, t.cat_ratios, overwrite=True)
    return np.clip(paid, 0.0, t.cat_cap, out=paid) if math.isfinite(t.cat_cap) else paid


def _supplement(t: BenefitTable, inscp, cap_left):
    """Step 9: employees' 大额补助 on the policy-range cost above the point where the ceiling was reached."""
    if t.sup_ratio is None or not math.isfinite(t.ceiling):
        return 0.0
    over = inscp - banded_inverse_kernel(cap_left, t.deductible, t.edges, _cut_ratios(t))
    np.clip(over, 0.0, np.inf, out=over)
    over *= t.sup_ratio
    return np.clip(over, 0.0, t.sup_cap, out=over) if math.isfinite(t.sup_cap) else over


def settle(t: BenefitTable, x, es=0.0, ps=0.0, ytd=0.0, balance=0.0) -> dict:
    """Apply one benefit table to an array of costs ``x`` (元, in fen); every amount rounded to the fen.

    ``t``: a :class:`~yibao_helpers.benefits.BenefitTable`; ``es``/``ps``: the excluded and 乙类 shares of
    the cost (0–1, together at most 1); ``ytd``: what the fund paid this year; ``balance``: the personal
    account. Numbers or 1-D arrays of one length (as :func:`reimburse`). The fund's parts are rounded as
    cumulative sums (统筹, 统筹+大病, 统筹+大病+大额), so that they add up exactly and a larger bill never
    lowers the out-of-pocket amount.
    """
    if not isinstance(t, BenefitTable):
        raise YibaoInputError(
            "t",
            t,
            "应为 benefit_table(...) 返回的 BenefitTable",
            "must be a BenefitTable returned by benefit_table(...)",
        )
    values = _checked(x, es, ps, ytd, balance, names=("x", "es", "ps", "ytd", "balance"))
    x = np.broadcast_to(values["cost"], (max(np.size(v) for v in values.values()),)).astype(float)
    _check_partial(t, values["partial_share"], "ps")
    return _settle(
        t, x, values["excluded_share"], values["partial_share"], values["ytd_fund_paid"], values["account_balance"]
    )


def _settle(t: BenefitTable, x, es=0.0, ps=0.0, ytd=0.0, balance=0.0) -> dict:
    """:func:`settle` on checked inputs."""
    parts = _person_parts(t, x, es, ps)
    inscp = parts["inscp"]
    cap_left = _cap_left(t, ytd)
    hifp = _hifp(t, inscp, cap_left)
    hifmi = _catastrophic(t, inscp, hifp) if t.setting == "inpatient" else 0.0
    hifob = _supplement(t, inscp, cap_left) if t.setting == "inpatient" else 0.0
    hifp_r = fen_inplace(hifp.copy())
    hifmi_r = hifob_r = 0.0
    if np.ndim(hifmi) or np.ndim(hifob):  # 大病 (residents) or 大额 (employees): at most one applies
        hifp += hifmi
        hifp += hifob
        total = fen_inplace(hifp)
        # the difference of two amounts in fen, rounded again: 257367.27, not 257367.27000000002
        if np.ndim(hifmi):
            hifmi_r = fen_inplace(total - hifp_r)
        else:
            hifob_r = fen_inplace(total - hifp_r)
    else:
        total = hifp_r
    oop = fen_inplace(x - total)
    acct = (
        np.minimum(oop, fen_inplace(balance if np.ndim(balance) == 0 else balance.copy())) if _nonzero(balance) else 0.0
    )
    ded = parts["deductible"] if round(t.deductible, 2) == t.deductible else fen_inplace(parts["deductible"])
    return {
        **parts,
        "deductible": ded,
        "hifp_pay": hifp_r,
        "hifmi_pay": hifmi_r,
        "hifob_pay": hifob_r,
        "fund_pay_sumamt": total,
        "out_of_pocket": oop,
        "acct_pay": acct,
        "psn_cash_pay": fen_inplace(oop - acct) if _nonzero(acct) else oop,
    }


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class Reimbursement:
    """Breakdown of one bill (or of an array of bills): floats for a single cost, arrays otherwise.

    ``fund_pays + out_of_pocket == cost``. The settlement-slip fields use the national
    meanings (facts §13 D): ``medfee_sumamt`` 医疗费总额, ``fulamt_ownpay_amt`` 全自费,
    ``preselfpay_amt`` 先行自付, ``inscp_scp_amt`` 符合政策范围金额, ``act_pay_dedc`` 实际支付起付线,
    ``hifp_pay`` 统筹基金支出, ``hifmi_pay`` 大病保险, ``hifob_pay`` 大额补助, ``fund_pay_sumamt``
    基金支付总额, ``acct_pay`` 个人账户支出, ``psn_cash_pay`` 个人现金支出.
    """

    cost: object
    fund_pays: object
    out_of_pocket: object
    deductible: object
    catastrophic: object
    supplement: object
    medfee_sumamt: object
    fulamt_ownpay_amt: object
    preselfpay_amt: object
    inscp_scp_amt: object
    act_pay_dedc: object
    hifp_pay: object
    hifmi_pay: object
    hifob_pay: object
    fund_pay_sumamt: object
    acct_pay: object
    psn_cash_pay: object
    table: BenefitTable = field(repr=False)
    raw: dict = field(repr=False, compare=False)

    @property
    def notes(self) -> list[str]:
        return list(self.table.notes)

    @property
    def sources(self) -> pd.DataFrame:
        """The data rows behind this result (parameter, value, unit, region, effective_from, source, confidence)."""
        return sources_frame(self.table.all_rows())

    def to_frame(self) -> pd.DataFrame:
        """One row per cost with every result field; ``attrs['sources']`` lists the data rows used."""
        frame = pd.DataFrame({name: np.atleast_1d(getattr(self, name)) for name in RESULT_FIELDS})
        frame.attrs.update(sources=self.sources, region=self.table.region, as_of=self.table.on.isoformat())
        return frame

    def slip(self) -> pd.DataFrame:
        """The settlement-slip view of a single bill: field code, Chinese name, amount."""
        values = self.to_frame()
        if len(values) != 1:
            raise YibaoInputError(
                "cost", f"{len(values)} costs", "结算单视图只适用于单笔费用", "the slip view needs a single cost"
            )
        return pd.DataFrame(
            {
                "field": list(SLIP_FIELDS),
                "名称": list(SLIP_FIELDS.values()),
                "金额（元）": [float(values[f].iloc[0]) for f in SLIP_FIELDS],
            }
        )

    def summary(self) -> str:
        """One Chinese sentence for a single bill."""
        f = self.to_frame().iloc[0]
        return (
            f"总费用 {f.cost:,.2f} 元：基金支付 {f.fund_pays:,.2f} 元（统筹 {f.hifp_pay:,.2f}，大病 {f.hifmi_pay:,.2f}，"
            f"大额 {f.hifob_pay:,.2f}），个人负担 {f.out_of_pocket:,.2f} 元（其中起付线 {f.act_pay_dedc:,.2f}，"
            f"全自费 {f.fulamt_ownpay_amt:,.2f}，先行自付 {f.preselfpay_amt:,.2f}）。"
        )

    @cached_property
    def trace(self) -> pd.DataFrame:
        """How each yuan was allocated, step by step (one block of rows per cost when there are several).

        Columns: ``step, rule, payer, field, amount, remaining, source``. ``amount`` is what the step
        allocates (negative for the fund when a cut or the ceiling takes back part of the ratio step);
        ``remaining`` is the part of the cost not yet allocated to anyone after the step (0 at the end).
        Person rows add up to ``out_of_pocket``, fund rows to ``fund_pays``.
        """
        amounts = _step_amounts(self.raw, np.atleast_1d(self.cost))
        n = amounts.shape[1]
        remaining = np.atleast_1d(self.cost)[None, :] - np.cumsum(amounts, axis=0)
        t = self.table
        sources = {s: "；".join(dict.fromkeys(r.source for r in t.rows.get(s, []))) for s in STEPS}
        sources["excluded"] = (
            "《基本医疗保险用药管理暂行办法》（国家医保局令第1号）；某市医保局问答（2024-04-10）：目录外医保不支付"
        )
        sources["copay"] = "由以上各步推出"
        frame = pd.DataFrame(
            {
                "step": np.repeat([f"{i + 1} {STEP_INFO[s][0]}" for i, s in enumerate(STEPS)], n),
                "rule": np.repeat([_rule(t, s) for s in STEPS], n),
                "payer": np.repeat([STEP_INFO[s][1] for s in STEPS], n),
                "field": np.repeat([STEP_INFO[s][2] for s in STEPS], n),
                "amount": fen_inplace(amounts).ravel(),
                "remaining": fen_inplace(remaining).ravel() + 0.0,
                "source": np.repeat([sources[s] for s in STEPS], n),
            }
        )
        if n > 1:
            frame.insert(0, "item", np.tile(np.arange(n), len(STEPS)))
            frame = frame.sort_values(["item"], kind="stable").reset_index(drop=True)
        return frame


def _rule(t: BenefitTable, step: str) -> str:
    fixed = {
        "excluded": "目录外（丙类、自费）项目：费用 × 目录外项目的占比，医保不支付，个人全额负担",
        "preselfpay": (
            f"乙类项目：费用 × 乙类项目的占比 × 先行自付比例 {t.preselfpay_ratio * 100:g}%"
            if t.preselfpay_ratio is not None
            else "乙类项目：数据中没有先行自付比例（乙类项目的占比须为 0）"
        ),
        "copay": "符合政策范围金额 − 起付线 − 各项基金支付 = 个人共付",
    }
    return fixed.get(step) or t.rules.get(step, "")


def _step_amounts(raw: dict, x: np.ndarray) -> np.ndarray:
    """Rounded amount of each step (rows in STEPS order) × cost; the rows add up to the cost."""
    n = x.size

    def arr(v):
        return np.broadcast_to(np.asarray(v, dtype=float), (n,))

    inscp = arr(raw["inscp"])
    local = fen_inplace(
        arr(banded_kernel(inscp, raw["table"].deductible, raw["table"].edges, raw["table"].ratios)).copy()
    )
    cut = fen_inplace(
        arr(banded_kernel(inscp, raw["table"].deductible, raw["table"].edges, _cut_ratios(raw["table"]))).copy()
    )
    hifp = arr(raw["hifp_pay"])
    rows = [
        arr(raw["excluded"]),
        arr(raw["preselfpay"]),
        arr(raw["cross_preselfpay"]),
        arr(raw["deductible"]),
        local,
        cut - local,
        hifp - cut,
        arr(raw["hifmi_pay"]),
        arr(raw["hifob_pay"]),
    ]
    rows.append(x - np.sum(rows, axis=0))
    return np.vstack(rows)


def _value(a, n: int, scalar: bool):
    if scalar:
        return float(a) if np.ndim(a) == 0 else float(a[0])
    return np.broadcast_to(np.asarray(a, dtype=float), (n,))


def reimburse(
    cost,
    *,
    scheme,
    setting="inpatient",
    hospital_level=3,
    member="in_service",
    region="national",
    year=None,
    excluded_share=0.0,
    partial_share=0.0,
    ytd_fund_paid=0.0,
    admission=1,
    referral="local",
    account_balance=0.0,
    age=None,
) -> Reimbursement:
    """Who pays a medical bill: the basic fund, 大病保险/大额补助, and the person.

    Parameters
    ----------
    cost : 元, one number or a 1-D array of bills (e.g. a curve of costs)
    scheme : ``"employee"`` (职工医保) or ``"resident"`` (城乡居民医保)
    setting : ``"inpatient"`` (住院) or ``"outpatient"`` (普通门诊统筹)
    hospital_level : 1, 2 or 3 (一级/二级/三级)
    member : ``"in_service"`` (在职) or ``"retired"`` (退休; employees only)
    region, year : the region code and the date of the rules (a year means 1 July; None = newest data)
    excluded_share : share of the cost outside the catalogue (丙类/自费), 0–1
    partial_share : share of the cost that is 乙类 (part paid first by the person), 0–1
    ytd_fund_paid : what the basic fund has already paid this year (元), for the annual ceiling
    admission : 1 for the first admission of the year, 2+ for later ones (repeat deductible rule)
    referral : ``"local"``, ``"registered"`` (异地备案), ``"referred"`` (转诊/急诊), ``"unregistered"`` (未备案)
    account_balance : personal-account balance that pays the out-of-pocket part first (元)
    age : needed only where a parameter depends on age (e.g. 上海 resident outpatient deductible)

    Returns a :class:`Reimbursement`; ``result.trace`` is the ordered step table.
    """
    on = as_date(year, "year")
    table = cached_benefit_table(
        load_policy(region, on),
        scheme=scheme,
        setting=setting,
        hospital_level=hospital_level,
        member=member,
        admission=admission,
        referral=referral,
        age=age,
    )
    values = _inputs(cost, excluded_share, partial_share, ytd_fund_paid, account_balance)
    _check_partial(table, values["partial_share"], "partial_share")
    x = values["cost"]
    raw = _settle(
        table, x, values["excluded_share"], values["partial_share"], values["ytd_fund_paid"], values["account_balance"]
    )
    raw["table"] = table
    n = x.size
    scalar = n == 1 and np.ndim(cost) == 0
    out = {
        "cost": x,
        "fund_pays": raw["fund_pay_sumamt"],
        "out_of_pocket": raw["out_of_pocket"],
        "deductible": raw["deductible"],
        "catastrophic": raw["hifmi_pay"],
        "supplement": raw["hifob_pay"],
        "medfee_sumamt": x,
        "fulamt_ownpay_amt": raw["excluded"],
        "preselfpay_amt": raw["preselfpay"] + raw["cross_preselfpay"],
        "inscp_scp_amt": raw["inscp"],
        "act_pay_dedc": raw["deductible"],
        "hifp_pay": raw["hifp_pay"],
        "hifmi_pay": raw["hifmi_pay"],
        "hifob_pay": raw["hifob_pay"],
        "fund_pay_sumamt": raw["fund_pay_sumamt"],
        "acct_pay": raw["acct_pay"],
        "psn_cash_pay": raw["psn_cash_pay"],
    }
    return Reimbursement(**{k: _value(v, n, scalar) for k, v in out.items()}, table=table, raw=raw)
