"""Why the balance changed (yibao_helpers.scenarios.balance) and the sentences of the claims routed to notebook 05.

* change_example equals rules.balance_change.explain_change for the same situations; a side whose year the
  region lacks moves to the year the resolution rule gives (params.with_data_year), said on the page;
* the sentences of K34 (shown in notebook 05) and K40 (shown in notebook 07) show hand-computed numbers.
"""

import pandas as pd
import pytest

from yibao_helpers.content.claims import claims_table
from yibao_helpers.core.errors import MissingDataError, YibaoInputError
from yibao_helpers.params import data_as_of
from yibao_helpers.rules import account, balance_change
from yibao_helpers.rules.reimburse import reimburse
from yibao_helpers.scenarios import balance

NEWEST = data_as_of()


def test_change_example_moves_a_year_without_data():
    # no region of 北京's chain has an account interest rate on 2015-07-01: the first row is national, from
    # 2015-10-24 (account.csv line 9), so 2015 cannot be computed; its first 1 July is 2016's
    before, after = balance.change_situations(8000, 9000, 44, 2015, 2025, region="beijing")
    with pytest.raises(YibaoInputError):
        balance_change.explain_change(before, after)
    ex = balance.change_example(before, after)
    assert ex.before["year"] == 2016 and ex.before["age"] == 45 and "2015" in ex.notes[0] and "2016" in ex.notes[0]
    pd.testing.assert_frame_equal(ex.table, balance_change.explain_change(dict(before, year=2016, age=45), after))
    # 上海's 2025-07 – 2026-06 base is in the data now (contribution.csv lines 71–72): an after-year of 2025 stays
    before, after = balance.change_situations(8000, 9000, 44, 2023, 2025, region="shanghai")
    ex = balance.change_example(before, after)
    assert (ex.before["year"], ex.after["year"], ex.after["age"], ex.notes) == (2023, 2025, 46, [])


def test_change_example_stand_ins_by_hand():
    # 2020 is before the first base row of 北京 (2021-07-01), 深圳 (2022-07-01) and 上海 (2023-07-01)
    # (contribution.csv lines 8, 29, 20): none of them had a rule of its own yet, so the chain answers — no move, no
    # note. No region of the chains has absolute limits then: floor = 60 % (北京's own, contribution.csv line 75;
    # 上海's own from 2013-12, line 86; national for 深圳, line 59) × the 全口径 wage of 2020-07: 北京's own 106,168
    # (wages.csv line 57) → fen(0.6 × 106168 / 12) = 5308.40; 上海's own 114,962 (line 53) → 5748.10; 深圳 has none:
    # the example city's 72,052 (line 46, borrowed) → fen(0.6 × 72052 / 12) = 3602.60. 2020 is before each reform
    # date (example 2021-04-13, account.csv line 2; 上海 2023-07-01, line 23): credit = base × (2 % individual,
    # account.csv line 3 + the employer share at age 44: 北京 1 % for 35–45 (line 12), elsewhere the example city's
    # 1.8 % (line 4)). Salary 0 pays on the floor; the later side (2025, age 49) credits its 2025 floor × 2 % (line 6).
    hand = {  # region: (2020 credit, 2025 credit), each fen(base × rate) × 12
        "beijing": (1911.00, 1718.88),  # fen(5308.40 × 3 %) = 159.25; 2025 floor 7162 (line 16) × 2 % = 143.24
        "shenzhen": (1642.80, 1340.40),  # fen(3602.60 × 3.8 %) = 136.90; 2025 floor 5585 (line 29) × 2 % = 111.70
        "shanghai": (2621.16, 1790.40),  # fen(5748.10 × 3.8 %) = 218.43; 2025 floor 7460 (line 71) × 2 % = 149.20
    }
    for region, (credit_2020, credit_2025) in hand.items():
        before, after = balance.change_situations(0, 0, 44, 2020, None, region=region)
        ex = balance.change_example(before, after)
        assert (ex.before["year"], ex.before["age"], ex.after["year"], ex.notes) == (2020, 44, NEWEST.year, [])
        assert ex.table.attrs["before"]["credited"] == credit_2020
        assert ex.table.attrs["after"]["credited"] == credit_2025
    # fallback=("later",) for the earlier side: 2015 lacks the interest rate (first row 2015-10-24, account.csv
    # line 9) in every chain → 2016, the age with it
    for region in hand:
        before, after = balance.change_situations(0, 0, 44, 2015, None, region=region)
        ex = balance.change_example(before, after)
        assert (ex.before["year"], ex.before["age"], ex.after["year"]) == (2016, 45, NEWEST.year)
        name = {"beijing": "北京", "shenzhen": "深圳", "shanghai": "上海"}[region]
        assert ex.notes == [
            f"{name} 2015 年没有当年划入部分利率（活期）的数据，比较起点改用 2016 年的数据（年龄相应改为 45 岁）。"
        ]
    # a side never moves past the other: 上海 2015 → 2015 would need the earlier side in 2016, after the later side
    # (whose 2015 has no earlier row to move back to)
    with pytest.raises(YibaoInputError):
        balance.change_example(*balance.change_situations(8000, 9000, 44, 2015, 2015, region="shanghai"))
    # the national data have every year from 2016: nothing moves
    assert balance.change_example(*balance.change_situations(8000, 9000, 44, 2016, 2026)).notes == []


def test_first_data_year_is_the_first_year_the_balance_computes():
    # national wages (wages.csv line 2) start 2015-07-01, as do the example city's 全口径 wages behind the bases
    # (line 41), but the account's interest rate starts 2015-10-24 (account.csv line 9): 2015's 1 July lacks it, so
    # the first year a slider can offer is 2016 (beijing and shanghai: their own rows start later, the chain
    # answers before them)
    assert (
        balance.first_data_year() == 2016 == balance.first_data_year("beijing") == balance.first_data_year("shanghai")
    )
    with pytest.raises(MissingDataError):
        account.project_balance(8000, 40, 1, start_year=2015)


def test_change_summary_names_the_biggest_factors():
    before, after = balance.change_situations(8000, 9000, 44, 2020, 2026, spending_before=1000, spending_after=4000,
                                              opening_balance_before=5000, opening_balance_after=8000)  # fmt: skip
    text = balance.change_summary(balance.change_example(before, after))
    assert "账户支出 -3,000.00" in text and "门诊共济改革 -1,944.00" in text  # 1000 → 4000; 9000 × 1.8 % × 12


# --------------------------------------------------------------------------- sentences


def said(cid, **inputs) -> str:
    return claims_table([cid], **inputs)["用数字说话"].iloc[0]


def test_k34_the_pool_pays_with_an_empty_account():
    # notebook 05's later year: 9000 元 × 2 % = 180 元 a month (国办发〔2021〕14号); national 职工 三级 borrows the
    # example city: 起付 1000 (inpatient.csv line 4), inpatient.csv line 8: example employee level-3 ratio 0.85
    # (was 0.8) → the pool pays 85 % × (10000 − 1000) = 7650 of 10000 (was 7200)
    bill = reimburse(10000, scheme="employee", year=NEWEST.year, account_balance=0)
    assert bill.fund_pays == 7650
    assert said("K34", monthly_salary=9000, age=50, year=NEWEST.year, hospital_cost=10000) == (
        "在职职工下个月会再划入 180.00 元；但家人的账户可以共济，而且账户余额为 0 时住院 10,000 元，统筹等基金照样支付 7,650.00 元"
    )
    # a retiree is shown as the same person while at work (the default retirement age − 1)
    assert said("K34", monthly_salary=9000, age=70).startswith("在职职工下个月会再划入 180.00 元")


def test_k40_retiree_credit_without_the_claimed_extras():
    # 2 % of the illustrative average pension 3000 = 60 元 a month at every age; the claim's +40 / +80 → 100 / 140
    assert said("K40") == (
        "2% 与国办发〔2021〕14号一致（数据 2%）：按示例平均养老金 3,000 元，65/75/85 岁每月都划入 60.00/60.00/60.00 元；"
        "说法的加额会变成 100.00/140.00 元，数据和原文里都没有这项加额"
    )
