"""Why did my balance change? Exact decompositions of a personal account's year, with sources.

:func:`explain_change` compares one calendar year of the account in two situations (two years
of one person, or two people) and splits the difference of the year's balance change
(credited + interest − spent = year-end balance − opening balance) into factors, by
**sequential substitution in a fixed order**: starting from situation A, one input at a time is
switched to its value in situation B and the credit recomputed with the crediting rules of
:mod:`yibao_helpers.account` (``contribution_base``, ``monthly_credit``, ``regime_of``); each
factor is the change of the credit at its step. The order is:

1. ``base`` — contribution base (salary, or the floor/ceiling of the year);
2. ``age_band`` — age (before the 2021 reform the employer part was credited by age band; after it
   the credit of an in-service worker no longer depends on age, K30);
3. ``retirement`` — in service ↔ retired;
4. ``parameters`` — the other parameters of the region and year (credit rates, average wage or
   pension behind a retiree credit);
5. ``reform`` — the 2021 reform (国办发〔2021〕14号: the employer share is no longer credited, K31);
   steps 4 and 5 swap when A is after the reform and B before it, so that every intermediate
   state is one the data defines (post-reform parameters do not exist before 2021);
6. ``no_account`` — a tier or scheme without a personal account (e.g. 深圳 二、三档, K29);
7. ``spending`` — minus the change of what the account paid (capped by the balance);
8. ``interest`` — the change of the interest posted on 31 December (rates and the balance it is paid on).

The factors are computed in whole fen and sum exactly to the total. A different order gives
different factor amounts for interacting changes (e.g. base × reform); the order above is fixed
and documented, not a unique truth.

:func:`paid_vs_credited` splits one year's contributions (employer + individual, basic medical
insurance only; 大额互助 is left out) into what reached the account and what went to the pool.
:func:`waterfall_data` turns either table into bars for a waterfall chart
(:func:`yibao_helpers.present.charts.balance.plot_waterfall`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import numpy as np
import pandas as pd

from ..core import checks
from ..core.dates import year as calendar_year
from ..core.errors import YibaoInputError, renamed
from ..core.money import MONTHS, from_fen, to_fen
from ..params import Policy, check_region, merge_sources, region_name, sources_frame
from . import account
from .codes import TIERS

FACTORS = {
    "base": "缴费基数",
    "age_band": "年龄段",
    "retirement": "退休",
    "parameters": "地区与年度参数",
    "reform": "门诊共济改革",
    "no_account": "无个人账户的档次",
    "spending": "账户支出",
    "interest": "利息",
}


@dataclass(frozen=True)
class Situation:
    """One person's account year: the inputs of :func:`yibao_helpers.account.project_balance` for one year.

    ``has_account=False`` means a tier or scheme without a personal account (深圳 二、三档, 居民医保):
    nothing is credited, the balance stays, earns interest and can be spent (as in a gap year).
    ``tier`` 2 or 3 looks the account up in the data (``account.credit_rate[tier=…]``, e.g. 深圳).
    """

    monthly_salary: float
    age: float
    year: int
    region: str = "national"
    annual_spending: float = 0.0
    opening_balance: float = 0.0
    has_account: bool = True
    tier: int = 1
    regime: str | None = None
    retire_age: float | None = None
    monthly_pension: float | None = None
    label: str = ""

    @classmethod
    def of(cls, value, name: str) -> Situation:
        if isinstance(value, Situation):
            return value
        if isinstance(value, dict):
            allowed = {f.name for f in fields(cls)}
            unknown = set(value) - allowed
            if unknown:
                key = sorted(unknown)[0]
                raise YibaoInputError(
                    f"{name}.{key}",
                    value[key],
                    f"未知字段；可用字段：{sorted(allowed)}",
                    f"unknown field; allowed fields: {sorted(allowed)}",
                )
            missing = {"monthly_salary", "age", "year"} - set(value)
            if missing:
                key = sorted(missing)[0]
                raise YibaoInputError(
                    f"{name}.{key}",
                    None,
                    "必须给出 monthly_salary、age、year",
                    "monthly_salary, age and year are required",
                )
            return cls(**value)
        raise YibaoInputError(
            name,
            value,
            "应为 Situation 或字典（monthly_salary, age, year, …）",
            "must be a Situation or a dict (monthly_salary, age, year, …)",
        )


@dataclass
class _State:
    """The inputs of one year's credit, as switched one by one."""

    policy: Policy
    regime: str
    base: float
    age: float
    retired: bool
    has_account: bool
    pension: float | None


def _one_year(s: Situation, name: str) -> dict:
    """project_balance for one year of a situation, plus the credit inputs."""
    check_region(s.region)  # named 'region' (tests/test_balance_change.py pins it), unlike the other fields
    if not isinstance(s.has_account, (bool, np.bool_)):
        raise YibaoInputError(f"{name}.has_account", s.has_account, "应为 True 或 False", "must be True or False")
    for field_name in ("monthly_salary", "age", "annual_spending", "opening_balance", "retire_age", "monthly_pension"):
        value = getattr(s, field_name)
        if value is not None and np.ndim(value) != 0:  # one person's year: single numbers
            raise YibaoInputError(
                f"{name}.{field_name}", value, "一个人的一年：应为单个数", "one person's year: give a single number"
            )
    year = calendar_year(s.year, f"{name}.year")
    try:
        pol = account.policy_for_year(s.region, year)
    except YibaoInputError as exc:
        raise renamed(exc, f"{name}.year", s.year, exc.allowed_zh, exc.allowed_en) from None
    tier = checks.choice(f"{name}.tier", s.tier, TIERS)
    tier_row = None
    if tier != 1:
        if not pol.has("account.credit_rate", f"tier={tier}"):
            raise YibaoInputError(
                f"{name}.tier",
                s.tier,
                f"地区 {s.region} 在 {year} 年没有第{tier}档的数据",
                f"region {s.region} has no tier-{tier} data in {year}",
            )
        tier_row = pol.row("account.credit_rate", f"tier={tier}")
    has_account = bool(s.has_account) and (tier_row is None or float(tier_row.value) > 0)
    try:
        df = account.project_balance(
            s.monthly_salary,
            s.age,
            1,
            region=s.region,
            start_year=year,
            annual_spending=s.annual_spending,
            opening_balance=s.opening_balance,
            regime=s.regime,
            retire_age=s.retire_age,
            monthly_pension=s.monthly_pension,
            gap_years=() if has_account else (year,),
        )
        base = float(account.contribution_base(pol, s.monthly_salary))  # a data gap here is this side's too
    except YibaoInputError as exc:
        param = "year" if exc.param == "start_year" else exc.param  # the situation's field is its year
        raise renamed(exc, f"{name}.{param}", exc.value, exc.allowed_zh, exc.allowed_en) from None
    row = df.iloc[0]
    retire_age = float(account.statutory_retire_age([s.age], year)[0]) if s.retire_age is None else float(s.retire_age)
    retired = float(s.age) >= retire_age
    state = _State(
        pol,
        str(row["regime"]),
        base,
        float(s.age),
        retired,
        has_account,
        s.monthly_pension,
    )
    sources = df.attrs["sources"] if tier_row is None else merge_sources(df.attrs["sources"], sources_frame([tier_row]))
    return {
        "row": row,
        "state": state,
        "sources": sources,
        "year": year,
        "tier_row": tier_row,
        "opening": to_fen(s.opening_balance),
        "credited": to_fen(row["credited"]),
        "interest": to_fen(row["interest"]),
        "spent": to_fen(row["spent"]),
        "balance": to_fen(row["balance"]),
    }


def _credit(st: _State) -> int:
    """The year's credit (fen) of a state, by account.monthly_credit."""
    if not st.has_account:
        return 0
    monthly = account.monthly_credit(
        st.policy, st.regime, np.array([st.base]), np.array([st.age]), np.array([st.retired]), st.pension
    )
    return to_fen(MONTHS * float(monthly[0]))


def _label(s: Situation, year: int) -> str:
    return s.label or f"{region_name(s.region)} {year}年 {s.age:g}岁"


def explain_change(before, after, *, measure: str = "balance_change") -> pd.DataFrame:
    """Decompose the change between two account years into factors that sum exactly to the total.

    before, after : :class:`Situation` or dicts with ``monthly_salary, age, year`` and optionally
        ``region, annual_spending, opening_balance, has_account, regime, retire_age, monthly_pension, label``
    measure : ``"balance_change"`` (credited + interest − spent; all eight factors) or ``"credit"``
        (the year's credit only; factors 1–6)

    Returns a DataFrame, one row per factor in the fixed order of the module docstring:
    ``factor, 因素, amount (元), explanation (Chinese), source``. ``attrs``: ``start`` and ``end``
    (the measure in A and B), ``total`` (= end − start = sum of amounts, to the fen), ``before`` and
    ``after`` (credited, interest, spent, opening and closing balance of each), ``labels``, ``sources``.
    """
    measure = checks.choice("measure", measure, {"balance_change": ["余额变化", "net"], "credit": ["划入", "credited"]})
    a_s, b_s = Situation.of(before, "before"), Situation.of(after, "after")
    A, B = _one_year(a_s, "before"), _one_year(b_s, "after")
    sa, sb = A["state"], B["state"]
    if sb.retired:  # a retiree's salary is not a base: the retirement step carries the whole change
        sb.base = sa.base

    steps = ["base", "age_band", "retirement"]
    steps += (
        ["reform", "parameters"] if (sa.regime == "post_2021" and sb.regime == "pre_2021") else ["parameters", "reform"]
    )
    steps += ["no_account"]
    st = _State(**{f.name: getattr(sa, f.name) for f in fields(_State)})
    credits = {"start": _credit(st)}
    prev = credits["start"]
    amounts = {}
    switch = {
        "base": ("base",),
        "age_band": ("age",),
        "retirement": ("retired",),
        "parameters": ("policy", "pension"),
        "reform": ("regime",),
        "no_account": ("has_account",),
    }
    for step in steps:
        for attr in switch[step]:
            setattr(st, attr, getattr(sb, attr))
        now = _credit(st)
        amounts[step] = now - prev
        prev = now
    if credits["start"] != A["credited"] or prev != B["credited"]:  # pragma: no cover - guards the reuse of account.py
        raise AssertionError("credit chain does not reproduce project_balance")
    if measure == "balance_change":
        amounts["spending"] = -(B["spent"] - A["spent"])
        amounts["interest"] = B["interest"] - A["interest"]
        start = A["credited"] + A["interest"] - A["spent"]
        end = B["credited"] + B["interest"] - B["spent"]
    else:
        start, end = A["credited"], B["credited"]

    texts = _explanations(a_s, b_s, A, B)
    order = [k for k in FACTORS if k in amounts]
    table = pd.DataFrame(
        {
            "factor": order,
            "因素": [FACTORS[k] for k in order],
            "amount": [from_fen(amounts[k]) for k in order],
            "explanation": [texts[k][0] for k in order],
            "source": [texts[k][1] for k in order],
        }
    )
    assert sum(amounts.values()) == end - start
    summary = {}
    for key, side in (("before", A), ("after", B)):
        summary[key] = {
            "credited": from_fen(side["credited"]),
            "interest": from_fen(side["interest"]),
            "spent": from_fen(side["spent"]),
            "opening_balance": from_fen(side["opening"]),
            "year_end_balance": from_fen(side["balance"]),
            "balance_change": from_fen(side["credited"] + side["interest"] - side["spent"]),
        }
    table.attrs.update(
        {
            "measure": measure,
            "start": from_fen(start),
            "end": from_fen(end),
            "total": from_fen(end - start),
            "before": summary["before"],
            "after": summary["after"],
            "labels": (_label(a_s, A["year"]), _label(b_s, B["year"])),
            "sources": merge_sources(A["sources"], B["sources"]),
        }
    )
    return table


def _src(pol: Policy, name: str, age: float | None = None) -> str:
    try:
        return pol.row(name, age=age).source if age is not None else pol.source(name)
    except YibaoInputError:
        return ""


def _val(pol: Policy, name: str):
    try:
        return pol[name]
    except YibaoInputError:
        return float("nan")


def _explanations(a: Situation, b: Situation, A: dict, B: dict) -> dict:
    """(Chinese explanation, source) of every factor; 'unchanged' factors say so."""
    sa, sb = A["state"], B["state"]
    pa, pb = sa.policy, sb.policy
    status = {False: "在职", True: "退休"}
    regime_zh = {"pre_2021": "改革前", "post_2021": "改革后"}
    out = {}
    if sa.retired and sb.retired:
        out["base"] = ("退休人员不缴费，缴费基数不影响划入", "")
    elif sb.retired:
        out["base"] = ("退休后不再缴费：划入的变化都算在“退休”一项", "")
    else:
        same = "（未变）" if sa.base == sb.base else "（工资变化，或基数上下限随上年平均工资调整）"
        out["base"] = (
            f"月缴费基数 {sa.base:,.2f} → {sb.base:,.2f} 元{same}",
            _src(pb, "employee.base_floor") or _src(pb, "employee.base_floor_ratio"),
        )
    if sa.regime == "pre_2021" and not sa.retired:
        ra = float(pa.by_age("account.pre.employer_credit_rate", [sa.age])[0])
        rb = float(pa.by_age("account.pre.employer_credit_rate", [sb.age])[0])
        out["age_band"] = (
            f"改革前单位缴费按年龄段划入：{sa.age:g} 岁 {ra:.1%} → {sb.age:g} 岁 {rb:.1%}（本人基数）",
            _src(pa, "account.pre.employer_credit_rate", sb.age),
        )
    elif sa.retired:
        out["age_band"] = (f"年龄 {sa.age:g} → {sb.age:g} 岁：退休人员按年龄段的定额或比例（如有）", "")
    else:
        out["age_band"] = (
            f"年龄 {sa.age:g} → {sb.age:g} 岁：改革后在职人员的划入与年龄无关（K30）",
            "国办发〔2021〕14号",
        )
    if sa.retired == sb.retired:
        out["retirement"] = (f"都是{status[sa.retired]}人员（未变）", "")
    else:
        src = (
            _src(pb, "account.post.retiree_credit_fixed", sb.age)
            or _src(pb, "account.post.retiree_credit_rate_of_avg_pension")
            if sb.regime == "post_2021"
            else _src(pb, "account.pre.retiree_credit_rate_of_avg_wage", sb.age)
        )
        out["retirement"] = (
            f"{status[sa.retired]} → {status[sb.retired]}：退休人员不缴费，个人账户由统筹基金按定额或比例划入",
            src if sb.retired else _src(pb, "retirement.reform_start"),
        )
    same_place = a.region == b.region and A["year"] == B["year"]
    rate = "account.pre.individual_credit_rate" if sb.regime == "pre_2021" else "account.post.individual_credit_rate"
    out["parameters"] = (
        (
            "同一地区、同一年份（未变）"
            if same_place
            else f"{region_name(a.region)} {A['year']} 年 → {region_name(b.region)} {B['year']} 年的其他参数"
            "（划入比例、平均工资或平均养老金等）"
        ),
        "" if same_place else _src(pb, rate),
    )
    if sa.regime == sb.regime:
        out["reform"] = (f"都按{regime_zh[sa.regime]}的规则（未变）", "")
    else:
        out["reform"] = (
            f"{regime_zh[sa.regime]} → {regime_zh[sb.regime]}：国办发〔2021〕14号后单位缴费全部进统筹基金，"
            f"在职人员只划入本人缴费（基数的 {float(_val(pb if sb.regime == 'post_2021' else pa, 'account.post.individual_credit_rate')):.1%}）（K31）",
            _src(pb if sb.regime == "post_2021" else pa, "account.post.individual_credit_rate") or "国办发〔2021〕14号",
        )
    acc = {True: "有个人账户", False: "不建个人账户"}
    if sa.has_account == sb.has_account:
        out["no_account"] = (f"都{acc[sa.has_account]}（未变）", "")
    else:
        tier_row = B["tier_row"] if not sb.has_account else A["tier_row"]
        out["no_account"] = (
            f"{acc[sa.has_account]} → {acc[sb.has_account]}：有的档次或险种不设个人账户"
            "（如深圳二、三档、居民医保），当年不划入，原有余额仍可使用并计息（K29）",
            tier_row.source if tier_row is not None else "",
        )
    out["spending"] = (
        f"当年从账户支出 {from_fen(A['spent']):,.2f} → {from_fen(B['spent']):,.2f} 元"
        "（含家庭共济；支出以余额为限，不足部分付现金）",
        "国办发〔2021〕14号（个人账户使用范围）",
    )
    out["interest"] = (
        f"利息 {from_fen(A['interest']):,.2f} → {from_fen(B['interest']):,.2f} 元："
        "计息余额和利率变化（当年划入按活期、结转按三个月定期）",
        _src(pb, "account.interest_rate_carried"),
    )
    return out


def paid_vs_credited(situation) -> pd.DataFrame:
    """Where one year's basic medical-insurance contributions went: to the personal account or to the pool.

    Starts from the year's contributions (employer + individual, ``employee.employer_rate`` and
    ``employee.individual_rate`` of ``data/contribution.csv`` × the base × 12; for ``tier`` 2/3 the
    tier's rates and base from ``data/contribution_tiers.csv``) and ends at the year's
    credit (from :mod:`yibao_helpers.account`). Rows: ``employer_to_pool`` (employer contributions not
    credited), ``individual_to_pool`` (individual contributions not credited), ``retiree_credit``
    (a retiree pays nothing and is credited by the pool). Columns as :func:`explain_change`;
    ``attrs``: ``start`` (paid), ``end`` (credited), ``total``, ``paid_employer``, ``paid_individual``.
    """
    s = Situation.of(situation, "situation")
    Y = _one_year(s, "situation")
    st, pol = Y["state"], Y["state"].policy
    credited = Y["credited"]
    q = "" if Y["tier_row"] is None else Y["tier_row"].qualifier
    base = st.base if not q else float(pol.get("employee.tier_base", q))
    if st.retired:
        paid_emp = paid_ind = 0
    else:
        paid_emp = to_fen(MONTHS * np.round(base * float(pol.get("employee.employer_rate", q)), 2))
        paid_ind = to_fen(MONTHS * np.round(base * float(pol.get("employee.individual_rate", q)), 2))
    if st.retired or not st.has_account:
        cred_ind = 0
    else:
        rate = pol[
            "account.pre.individual_credit_rate" if st.regime == "pre_2021" else "account.post.individual_credit_rate"
        ]
        cred_ind = min(to_fen(MONTHS * np.round(st.base * float(rate), 2)), credited)
    cred_emp = credited - cred_ind
    if st.regime == "pre_2021" and not st.retired:
        emp_rate = float(pol.by_age("account.pre.employer_credit_rate", [st.age])[0])
        regime_zh = f"改革前：单位缴费中按年龄段划入本人基数的 {emp_rate:.1%}，其余进统筹"
    else:
        regime_zh = "改革后：单位缴费全部进统筹（国办发〔2021〕14号）"
    if st.retired:
        rows = [
            ("employer_to_pool", "单位缴费进统筹", 0, "退休人员不再缴费", ""),
            ("individual_to_pool", "个人缴费未划入", 0, "退休人员不再缴费", ""),
            (
                "retiree_credit",
                "退休人员由统筹划入",
                credited,
                "退休人员个人账户由统筹基金按定额或比例划入",
                _src(pol, "account.post.retiree_credit_rate_of_avg_pension")
                if st.regime == "post_2021"
                else _src(pol, "account.pre.retiree_credit_rate_of_avg_wage", st.age),
            ),
        ]
    else:
        no_acc = "" if st.has_account else "（该档次不建个人账户，全部进统筹，K29）"
        rows = [
            (
                "employer_to_pool",
                "单位缴费进统筹",
                cred_emp - paid_emp,
                f"单位缴费 {from_fen(paid_emp):,.2f} 元中划入账户 {from_fen(cred_emp):,.2f} 元；" + regime_zh + no_acc,
                pol.row("employee.employer_rate", q).source,
            ),
            (
                "individual_to_pool",
                "个人缴费未划入",
                cred_ind - paid_ind,
                f"个人缴费 {from_fen(paid_ind):,.2f} 元中划入账户 {from_fen(cred_ind):,.2f} 元" + no_acc,
                pol.row("employee.individual_rate", q).source,
            ),
            ("retiree_credit", "退休人员由统筹划入", 0, "在职人员：无", ""),
        ]
    table = pd.DataFrame(rows, columns=["factor", "因素", "fen", "explanation", "source"])
    assert int(table["fen"].sum()) == credited - (paid_emp + paid_ind)
    table.insert(2, "amount", [from_fen(f) for f in table.pop("fen")])
    table.attrs.update(
        {
            "start": from_fen(paid_emp + paid_ind),
            "end": from_fen(credited),
            "total": from_fen(credited - paid_emp - paid_ind),
            "paid_employer": from_fen(paid_emp),
            "paid_individual": from_fen(paid_ind),
            "labels": ("全年缴费（单位+个人）", "划入个人账户"),
            "sources": merge_sources(
                Y["sources"],
                sources_frame([pol.row(n, q) for n in ("employee.employer_rate", "employee.individual_rate")]),
            ),
        }
    )
    return table


def situation_dict(s: Situation) -> dict:
    """A situation as a plain dict (for papermill parameters and display)."""
    return asdict(s)
