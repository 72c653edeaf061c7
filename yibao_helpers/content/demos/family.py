"""Claims about 家庭共济 and the account year (notebooks 04 and 05) settled with numbers (registered with
:mod:`yibao_helpers.content.demos`): the numeric demonstrations K06 and K08, and the sentences of the
常见误区 tables of notebook 04 (K07, K08, K12, K49, K54) and of the claims routed to 04/05 that other pages show
(K34 in notebook 05, K40 in notebook 07).
"""

from __future__ import annotations

import datetime as _dt
import functools
import inspect

from ...core.errors import YibaoInputError
from ...core.money import MONTHS
from ...params import data_as_of, load_policy, merge_sources, region_name, rule_year
from . import compared, demo, rows_frame, says


@demo("K06", needs=("balance_after_gap", "gap_interest"))
def _k06(numbers, monthly_salary=8000, age=30, region="national", year=None, gap_years=2):
    from ...rules import gaps

    y = rule_year(year)
    n = int(gap_years)
    if not 1 <= n <= 10:
        raise YibaoInputError("gap_years", gap_years, "应为 1 到 10 年", "must be 1 to 10 years")
    a = min(float(age), 100 - n)
    df = gaps.account_during_gap(
        monthly_salary, a, n + 1, gap_years=list(range(y + 1, y + 1 + n)), region=region, start_year=y
    )
    before = float(df["balance"].iloc[0])
    after = float(df["balance"].iloc[-1])
    interest = round(float(df.loc[df["in_gap"], "interest"].sum()), 2)
    expl = (
        f"{y} 年末余额 {before:,.2f} 元；之后断缴 {n} 年，没有新的划入（少进 {float(df['credit_lost'].sum()):,.2f} 元），"
        f"但余额没有清零，断缴期间照常计息 {interest:,.2f} 元，断缴结束时余额 {after:,.2f} 元。"
    )
    pairs = compared(
        (f"断缴 {n} 年后的余额", numbers["balance_after_gap"], after, "yuan"),
        ("断缴期间的利息", numbers["gap_interest"], interest, "yuan"),
    )
    return f"断缴 {n} 年后的余额", numbers["balance_after_gap"], after, "yuan", expl, df.attrs["sources"], pairs


@demo("K08", needs=("relatives",))
def _k08(numbers, year=None):
    from ...rules import family

    on = load_policy("national", year).on if year is not None else data_as_of()
    now = family.scope(on)
    before = family.scope(_dt.date(2023, 7, 1)) if on >= _dt.date(2023, 7, 1) else now
    pol = load_policy("national", on)
    src = rows_frame(pol, *[("family.relation", f"relation={c}") for c in now])
    names = "、".join(family.RELATION_ZH[c] for c in now)
    claim = numbers["relatives"]
    expl = f"{on.isoformat()} 可以共济的亲属有 {len(now)} 类：{names}。"
    if len(before) != len(now):
        expl += f"2023 年时只有 {len(before)} 类（{'、'.join(family.RELATION_ZH[c] for c in before)}）。"
    pairs = compared((f"{on.year} 年可共济的亲属类别", claim, float(len(now)), "items"))
    return "可共济的亲属类别", claim, float(len(now)), "items", expl, src, pairs


# =========================================================================== sentences for the 常见误区 tables
# Each takes the page's inputs as keywords (``claims_table`` passes the ones it accepts): notebook 04's example
# family (the worker, the mother, the spouse, the brother and the rule date) and recomputes the numbers with
# :func:`yibao_helpers.scenarios.family.family_example` and the family rules.

K40_REGION = "liaoning"  # K40 is said of 辽宁
K40_AGES = (65, 75, 85)  # retirees before, between and after the claim's 70 / 80 (an example, not a rule)
K40_SAID_EXTRA = {70: 40, 80: 80}  # the claim's own numbers (claims.csv claim_zh of K40: 满70岁、80岁再多给40元、80元)


FAMILY = dict(  # notebook 04's parameters cell: the worker, the family and the rule date
    region="national",
    monthly_salary=8000,
    age=35,
    account_balance=4000,
    worker_costs=500,
    parent_medical=3000,
    parent_premium="standard",
    spouse_medical=1200,
    sibling_medical=1500,
    sibling_cross_province=True,
    sibling_bound=True,
    rule_date=None,
)


@functools.lru_cache(maxsize=32)
def _family(**person):
    """Notebook 04's example family for the page's inputs (cached: each sentence of the page reads it)."""
    from ...scenarios import family

    relatives = family.family_relatives(
        person["parent_medical"],
        person["spouse_medical"],
        person["sibling_medical"],
        parent_premium=person["parent_premium"],
        sibling_cross_province=person["sibling_cross_province"],
        sibling_bound=person["sibling_bound"],
    )
    return family.family_example(
        person["monthly_salary"],
        person["age"],
        account_balance=person["account_balance"],
        relatives=relatives,
        worker_costs=person["worker_costs"],
        on=person["rule_date"],
        region=person["region"],
    )


def _says_of_family(*ids: str):
    """Register ``func(ex, person, **own)`` as the sentence of ``ids``: ``ex`` is notebook 04's example family
    for the page's inputs (:data:`FAMILY`, each with its default), ``person`` those inputs, ``own`` the
    function's other keywords. The registered sentence takes every input of :data:`FAMILY` and ``own``."""

    def register(func):
        own = [p for name, p in inspect.signature(func).parameters.items() if name not in ("ex", "person")]

        def sentence(**inputs):
            person = {key: inputs.get(key, default) for key, default in FAMILY.items()}
            return func(_family(**person), person, **{p.name: inputs.get(p.name, p.default) for p in own})

        kw = inspect.Parameter.KEYWORD_ONLY
        sentence.__signature__ = inspect.Signature(
            [inspect.Parameter(k, kw, default=v) for k, v in FAMILY.items()] + own
        )
        sentence.__name__ = sentence.__qualname__ = func.__name__
        says(*ids)(sentence)
        return func

    return register


def _allowed(rule) -> str:
    return "可以" if rule.allowed else "不可以"


@_says_of_family("K07")
def _k07_says(ex, person, *, hospital_cost=10000):
    from ...rules.reimburse import reimburse

    region = person["region"]
    per = ex.result.per_person().set_index("who")
    spouse_paid = per.loc["配偶", "from_account"] if "配偶" in per.index else 0.0
    try:  # the spouse's own resident insurance against the worker's employee rules: benefits are not shared
        own = reimburse(hospital_cost, scheme="resident", region=region, year=ex.on)
        worker = reimburse(hospital_cost, scheme="employee", region=region, year=ex.on)
        compared_zh = (
            f"配偶住院 {hospital_cost:,} 元按自己的居民医保报销 {own.fund_pays:,.2f} 元，自付 {own.out_of_pocket:,.2f} 元"
            f"可以用你的账户付；按你的职工医保本可报 {worker.fund_pays:,.2f} 元——差额 "
            f"{worker.fund_pays - own.fund_pays:,.2f} 元不能共享"
        )
        sources = merge_sources(ex.sources, own.sources, worker.sources)
    except YibaoInputError:
        compared_zh = (
            f"本例配偶 {person['spouse_medical']:,} 元个人负担中账户付了 {spouse_paid:,.2f} 元"
            f"（{region_name(region)}缺少住院报销数据，未比较报销待遇）"
        )
        sources = ex.sources
    return f"本例账户为配偶付了 {spouse_paid:,.2f} 元。但只共享账户里的钱、不共享报销待遇：" + compared_zh, sources


@_says_of_family("K08")
def _k08_says(ex, person):
    from ...rules import family
    from ...scenarios.family import milestones

    region = person["region"]
    near = milestones(region)["near"][0]  # the day the circle widened to the near relatives
    before = near - _dt.timedelta(days=1)
    early = _family(**{**person, "rule_date": before})  # the same family the day before
    brother = early.result.per_person().set_index("who").loc["哥哥"]
    return (
        f"{before:%Y-%m-%d} 只有 {len(family.scope(before, region=region))} 类亲属，同一家人里哥哥的 "
        f"{brother['amount']:,.2f} 元全部付现金；{near:%Y-%m-%d} 起 {len(family.scope(near, region=region))} 类"
    ), early.sources


@_says_of_family("K12")
def _k12_says(ex, person):
    from ...params.text import doc_head
    from ...rules import family

    per = ex.result.per_person().set_index("who")
    rule = family.rule("parent", ex.on, region=person["region"])
    if "母亲" not in per.index:
        return rule.rule_zh
    mother = per.loc["母亲"]
    return (
        f"{_allowed(rule)}（{doc_head(rule.source)}）：本例母亲的缴费和医疗费共 {mother['amount']:,.2f} 元，"
        f"账户付了 {mother['from_account']:,.2f} 元"
    ), ex.sources


@says("K34")
def _k34_says(*, region="national", year=None, monthly_salary=9000, age=50, hospital_cost=10000):
    from ...rules import account
    from ...rules.reimburse import reimburse

    y = rule_year(year)
    working_age = min(age, int(account.statutory_retire_age([age], y)[0]) - 1)  # the same person while at work
    credit = account.project_balance(monthly_salary, working_age, 1, region=region, start_year=y)
    sources = credit.attrs["sources"]
    try:
        bill = reimburse(hospital_cost, scheme="employee", region=region, year=y, account_balance=0)
        pool_zh = f"账户余额为 0 时住院 {hospital_cost:,} 元，统筹等基金照样支付 {bill.fund_pays:,.2f} 元"
        sources = merge_sources(sources, bill.sources)
    except YibaoInputError:
        pool_zh = f"{region_name(region)}缺少住院报销数据；统筹报销与账户余额无关"
    monthly = credit["credited"].iloc[0] / MONTHS
    return f"在职职工下个月会再划入 {monthly:,.2f} 元；但家人的账户可以共济，而且{pool_zh}", sources


@says("K40")
def _k40_says(*, year=None):
    from ...rules import account

    pol = account.policy_for_year(K40_REGION, rule_year(year))
    n = len(K40_AGES)
    credit = account.monthly_credit(pol, "post_2021", [0] * n, list(K40_AGES), [True] * n)
    shown = "/".join(str(a) for a in K40_AGES)
    after = [credit[i] + K40_SAID_EXTRA[limit] for i, limit in ((1, 70), (2, 80))]
    return (
        f"2% 与国办发〔2021〕14号一致（数据 {pol['account.post.retiree_credit_rate_of_avg_pension']:.0%}）："
        f"按示例平均养老金 {pol['account.post.avg_pension_monthly']:,.0f} 元，{shown} 岁每月都划入 "
        f"{'/'.join(f'{c:,.2f}' for c in credit)} 元；说法的加额会变成 {after[0]:,.2f}/{after[1]:,.2f} 元，"
        "数据和原文里都没有这项加额"
    ), rows_frame(pol, "account.post.retiree_credit_rate_of_avg_pension", "account.post.avg_pension_monthly")


@_says_of_family("K49")
def _k49_says(ex, person):
    from ...rules import family

    items = ex.result.items
    premium = items.loc[items["item"] == "resident_premium", "from_account"].sum()
    uses = family.uses(ex.on, region=person["region"])
    return (
        f"数据里 {ex.on:%Y-%m-%d} 有 {int((uses['kind'] == 'may_pay').sum())} 类用途有文件依据；本例替母亲交居民医保 "
        f"{premium:,.2f} 元。疫苗、体检、商业健康险由各地规定，未收录"
    ), ex.sources


@says("K54")
def _k54_says(*, region="national", rule_date=None):
    from ...rules import family
    from ...scenarios.family import milestones

    on = family.rule_date(rule_date)
    unbound, bound = (family.rule("sibling", on, cross_province=True, bound=b, region=region) for b in (False, True))
    cross = milestones(region)["cross"][0]
    return (
        f"{on:%Y-%m-%d} 给外省的哥哥用：未绑定 → {_allowed(unbound)}；已绑定 → {_allowed(bound)}"
        f"（跨省共济 {cross:%Y-%m-%d} 起，须先建立共济关系）"
    )
