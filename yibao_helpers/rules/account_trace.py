"""One year of the personal account, step by step: how each yuan was computed (计入、利息、支出).

:func:`trace_year` recomputes one calendar year of :func:`yibao_helpers.rules.account.project_balance`
as a table of steps in the words of a settlement statement, each with the data row it used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.dates import year as calendar_year
from ..core.errors import YibaoInputError
from ..core.money import MONTHS
from .account import MEAN_HOLDING_YEARS, base_limits, contribution_base, policy_for_year, project_balance


def trace_year(
    monthly_salary: float,
    age: float,
    year: int,
    *,
    region: str = "national",
    regime: str | None = None,
    retire_age: float | None = None,
    opening_balance: float = 0.0,
    annual_spending: float = 0.0,
    monthly_pension: float | None = None,
) -> pd.DataFrame:
    """How each yuan of one year was computed, step by step (步骤, 规则, 金额, 来源), for one person.

    The amounts equal the corresponding row of :func:`project_balance` for the same inputs.
    """
    for name, value in (
        ("monthly_salary", monthly_salary),
        ("age", age),
        ("opening_balance", opening_balance),
        ("annual_spending", annual_spending),
        ("retire_age", retire_age),
        ("monthly_pension", monthly_pension),
    ):
        if value is not None and np.ndim(value) != 0:  # one person, one year: single numbers
            raise YibaoInputError(
                name, value, "trace_year 只算一个人：应为单个数", "trace_year is for one person: give a single number"
            )
    # the year itself is checked under its own name; a year the data do not cover is reported by
    # project_balance as 'start_year' (callers such as the property tests rely on that name)
    year = calendar_year(year)
    row = project_balance(
        monthly_salary,
        age,
        1,
        region=region,
        start_year=year,
        regime=regime,
        retire_age=retire_age,
        opening_balance=opening_balance,
        annual_spending=annual_spending,
        monthly_pension=monthly_pension,
    ).iloc[0]
    pol = policy_for_year(region, year)
    reg = str(row["regime"])
    retired = row["status"] == "retired"
    steps = []

    def add(step, rule, amount, source):
        steps.append({"步骤": step, "规则": rule, "金额（元）": round(float(amount), 2), "来源": source})

    if not retired:
        floor, ceiling = base_limits(pol)
        base = float(contribution_base(pol, monthly_salary))
        add(
            "缴费基数（月）",
            f"月工资 {monthly_salary:,.2f} 限定在下限 {floor:,.2f} 与上限 {ceiling:,.2f} 之间",
            base,
            pol.source("employee.base_floor")
            if pol.has("employee.base_floor")
            else pol.source("employee.base_floor_ratio"),
        )
        if reg == "pre_2021":
            ind = pol["account.pre.individual_credit_rate"]
            emp = float(pol.by_age("account.pre.employer_credit_rate", [age])[0])
            rule = f"改革前：基数 × (个人 {ind:.1%} + 单位划入 {emp:.1%}，按 {age:g} 岁所在年龄段)"
            src = pol.row("account.pre.employer_credit_rate", age=age).source
        else:
            ind = pol["account.post.individual_credit_rate"]
            rule = f"改革后：基数 × 个人缴费 {ind:.1%}（单位缴费全部进统筹）"
            src = pol.source("account.post.individual_credit_rate")
        add("每月划入", rule, row["credited"] / MONTHS, src)
    else:
        add(
            "每月划入",
            "退休人员：按定额划入（见规则表）",
            row["credited"] / MONTHS,
            pol.source("account.post.retiree_credit_fixed", age=age)
            if reg == "post_2021" and pol.has("account.post.retiree_credit_fixed")
            else pol.source("account.post.retiree_credit_rate_of_avg_pension")
            if reg == "post_2021"
            else pol.row("account.pre.retiree_credit_rate_of_avg_wage", age=age).source,
        )
    add("全年划入", f"每月划入 × {MONTHS} 个月", row["credited"], "按月划入")
    if opening_balance:
        add("上年结转", "年初余额（历年账户）", opening_balance, "国发〔1998〕44号：本息归个人所有，可结转使用")
    if annual_spending:
        add(
            "当年支出",
            f"先用当年划入，再用结转余额；不足 {row['unpaid']:,.2f} 元自付现金",
            -row["spent"],
            "各地个人账户使用规定",
        )
    r_cur, r_car = pol["account.interest_rate_current"], pol["account.interest_rate_carried"]
    add(
        "利息",
        f"当年划入剩余 × 活期 {r_cur:.2%} × 平均存期 {MEAN_HOLDING_YEARS:.4f} 年 + 结转剩余 × 三个月定期 {r_car:.2%}",
        row["interest"],
        pol.source("account.interest_rate_current"),
    )
    add("年末余额", "年初余额 + 全年划入 − 支出 + 利息（不清零，结转下一年）", row["balance"], "国发〔1998〕44号")
    return pd.DataFrame(steps)
