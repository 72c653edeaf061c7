"""Notebooks 04–06 run headless with papermill for non-default parameters, without errors or stderr,
and show the numbers the helpers compute for the same inputs.

Cases: other regions (including a data gap: 重庆's resident standard only for 2023; and a year before
any account interest rate, 2015), rules of an earlier and a later date, extreme but valid inputs (a gap of
0 and of 10 years, a base at 60 % and 300 %, a worker with zero salary and zero balance, age near 100).
"""

from pathlib import Path

import pytest

papermill = pytest.importorskip("papermill")

from notebook_run import kernel_fixture, outputs, parameters_of, run, text_of  # noqa: E402

from yibao_helpers.rules import gaps  # noqa: E402
from yibao_helpers.scenarios import balance, family, flexible  # noqa: E402
from yibao_helpers.scenarios import gaps as scenario_gaps  # noqa: E402

pytestmark = pytest.mark.notebooks
ROOT = Path(__file__).resolve().parents[2]
NB = ROOT / "notebooks"
NB04, NB05, NB06 = (
    NB / "04_family_mutual_aid.ipynb",
    NB / "05_why_balance_changed.ipynb",
    NB / "06_flexible_and_gaps.ipynb",
)
kernel = kernel_fixture()

# defaults of the parameters cells (the notebooks' own values)
D04, D05, D06 = (parameters_of(nb) for nb in (NB04, NB05, NB06))


def checked(path: Path, params: dict, kernel) -> str:
    # a cell timeout (each cell takes < 2 s) bounds the rare nbclient stall under load; the kernel restarts and
    # the run is tried once more (sweep_kernel.SharedKernel.run)
    nb = run(path, params, kernel, timeout=60)
    for cell, out in outputs(nb):
        assert out["output_type"] != "error", "".join(cell["source"])[:200]
        assert not (out["output_type"] == "stream" and out["name"] == "stderr"), "".join(out["text"])
    text = text_of(nb)
    assert f"region: {params.get('region', parameters_of(path)['region'])}" in text
    return text


# --------------------------------------------------------------------------- 04 family mutual aid

CASES04 = {
    # before 国办发〔2024〕38号: the brother is outside the circle; a big bill for the mother
    "beijing_2024_rules": dict(
        region="beijing", rule_date="2024-03-01", parent_medical=20000, sibling_cross_province=False
    ),
    # 重庆: resident standard only up to 2023 in the data (the notebook says so and goes on)
    "chongqing_data_gap": dict(region="chongqing"),
    # a retired worker with no salary and an empty account; cross-province without binding (K54), on a date
    # after the cross-province notice of 2026-01-09 (family.csv lines 13–14; the default date 2025-07-01 is before it)
    "zero_balance_retiree": dict(
        region="shenzhen",
        monthly_salary=0,
        age=70,
        account_balance=0,
        worker_costs=0,
        sibling_bound=False,
        rule_date="2026-07-01",
    ),
    # the oldest age and a large balance; rules before any family aid
    "age100_before_2021": dict(region="shanghai", age=100, account_balance=50000, rule_date="2021-01-01"),
}


@pytest.mark.parametrize("case", sorted(CASES04))
def test_family_notebook_other_inputs(case, kernel):
    p = dict(D04, **CASES04[case])
    text = checked(NB04, CASES04[case], kernel)
    ex = family.family_example(
        p["monthly_salary"],
        p["age"],
        account_balance=p["account_balance"],
        relatives=family.family_relatives(
            p["parent_medical"],
            p["spouse_medical"],
            p["sibling_medical"],
            parent_premium=p["parent_premium"],
            sibling_cross_province=p["sibling_cross_province"],
            sibling_bound=p["sibling_bound"],
        ),
        worker_costs=p["worker_costs"],
        on=p["rule_date"],
        region=p["region"],
    )
    s = ex.result.summary.iloc[0]
    assert f"为本人和家人支付了 **{s['paid_from_account']:,.2f} 元**" in text
    assert (
        f"另有 **{s['cash']:,.2f} 元** 只能付现金" in text and f"年末余额 **{s['year_end_balance']:,.2f} 元**" in text
    )
    for note in ex.notes:
        assert note in text
    if case == "beijing_2024_rules":
        assert ex.result.per_person().set_index("who").loc["哥哥", "cash"] == 1500
    if case == "zero_balance_retiree":
        assert "未绑定 → 不可以；已绑定 → 可以" in text
    if case == "age100_before_2021":
        assert s["paid_from_account"] == p["worker_costs"] and "那时还没有家庭共济" in text  # only own costs


# --------------------------------------------------------------------------- 05 why the balance changed

CASES05 = {
    # no account interest rate before 2015-10-24 (account.csv line 9): a comparison from 2015 starts in 2016, with
    # a note (北京's 2020 needs no move any more: before its first base row the chain answers, contribution.csv line 8)
    "beijing_moves_to_2016": dict(region="beijing", year_before=2015),
    "shanghai_no_spending": dict(region="shanghai", year_before=2023, spending_after=0, monthly_salary_after=40000),
    # zero salary (the base floor applies) and zero balances
    "zero_balance": dict(
        monthly_salary_before=0,
        monthly_salary_after=0,
        opening_balance_before=0,
        opening_balance_after=0,
        spending_before=0,
        spending_after=0,
        year_before=2016,
    ),
    # retires in between: in service at 58 in 2022, retired at 61 in 2025 — born 1964, before the first birth month
    # the 2024 reform delays (1965-01), so the statutory age is 60 (retirement.csv lines 2, 5–9)
    "retirement": dict(region="chongqing", age_before=58, year_before=2022),
}


@pytest.mark.parametrize("case", sorted(CASES05))
def test_balance_change_notebook_other_inputs(case, kernel):
    p = dict(D05, **CASES05[case])
    text = checked(NB05, CASES05[case], kernel)
    before, after = balance.change_situations(
        p["monthly_salary_before"],
        p["monthly_salary_after"],
        p["age_before"],
        p["year_before"],
        p["year_after"],
        spending_before=p["spending_before"],
        spending_after=p["spending_after"],
        opening_balance_before=p["opening_balance_before"],
        opening_balance_after=p["opening_balance_after"],
        region=p["region"],
    )
    ex = balance.change_example(before, after)
    t = ex.table
    assert f"相差 **{t.attrs['total']:+,.2f} 元**" in text
    assert f"当年 **{t.attrs['after']['balance_change']:+,.2f} 元**" in text
    for note in ex.notes:
        assert note in text
    if case == "beijing_moves_to_2016":
        # the page's age_before (34 in 2015) moves with the year: 35 in 2016
        assert ex.before["year"] == 2016 and ex.before["age"] == D05["age_before"] + 1 == 35
        assert "比较起点改用 2016 年的数据" in text
    if case == "retirement":
        assert dict(zip(t["factor"], t["amount"]))["retirement"] < 0 and "退休 " in text


# --------------------------------------------------------------------------- 06 flexible employment and gaps

CASES06 = {
    "no_gap_base60": dict(gap_months=0, gap_years=0, made_up_years=0, base_ratio=0.6),
    "ten_years_base300": dict(gap_months=120, gap_years=10, made_up_years=10, base_ratio=3.0, region="shenzhen"),
    "zero_balance_chongqing": dict(region="chongqing", opening_balance=0, gap_years=4, made_up_years=1),
    "hefei_unit_short_break": dict(region="hefei", employment="unit", gap_months=1, made_up=True, age=99),
    "before_resident_rule": dict(region="shanghai", paid_on="2024-06-01", year=2024, gap_years=3),
}


@pytest.mark.parametrize("case", sorted(CASES06))
def test_flexible_gaps_notebook_other_inputs(case, kernel):
    p = dict(D06, **CASES06[case])
    text = checked(NB06, CASES06[case], kernel)
    flex = flexible.flexible_example(p["base_ratio"], region=p["region"], year=p["year"], age=p["age"])
    t1 = flex.compare.set_index("option").loc["tier1"]
    gap = scenario_gaps.gap_example(
        gap_months=p["gap_months"],
        gap_years=p["gap_years"],
        made_up_years=p["made_up_years"],
        monthly_salary=float(t1["base"]),
        age=p["age"],
        opening_balance=p["opening_balance"],
        region=p["region"],
        employment=p["employment"],
        made_up=p["made_up"],
        paid_on=p["paid_on"],
        start_year=flex.year,
    )
    assert f"每年缴 **{t1['cost']:,.2f} 元**" in text and f"其中 {t1['to_account']:,.2f} 元进自己的个人账户" in text
    assert gap.employee.summary_zh.rstrip("。") in text and gap.resident.summary_zh.rstrip("。") in text
    in_gap = gap.account[gap.account["in_gap"]]
    if len(in_gap):
        assert f"账户少划入 **{in_gap['credit_lost'].sum():,.2f} 元**" in text
    else:
        assert "没有断缴的年份" in text
    for note in flex.notes + gap.notes:
        assert note in text
    if case == "ten_years_base300":
        assert gap.resident.waiting_months == 6 and len(in_gap) == 10  # 3 + 10 − 10 → at least 6
    if case == "hefei_unit_short_break":
        assert gap.employee.waiting_months == 0 and "没有等待期" in text
    if case == "before_resident_rule":
        assert not gaps.resident_waiting(3, paid_on="2024-06-01")["rule_in_force"].all()
        assert "尚未施行" in text
