"""Claims about 家庭共济与断缴 settled with numbers (registered with :mod:`yibao_helpers.content.demos`)."""

from __future__ import annotations

import datetime as _dt

from ...core.errors import YibaoInputError
from ...params import data_as_of, load_policy, rule_year
from . import compared, demo, rows_frame


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
