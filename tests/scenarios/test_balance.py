"""Why the balance changed (yibao_helpers.scenarios.balance) and the sentences of the claims routed to notebook 05.

* change_example equals rules.balance_change.explain_change for the same situations; a side whose year the
  region lacks moves to the year the resolution rule gives (params.with_data_year), said on the page;
* the sentences of K34 (shown in notebook 05) and K40 (shown in notebook 07) show hand-computed numbers.
"""

import pandas as pd
import pytest

from yibao_helpers.content.claims import claims_table
from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.params import data_as_of
from yibao_helpers.rules import balance_change
from yibao_helpers.rules.reimburse import reimburse
from yibao_helpers.scenarios import balance

NEWEST = data_as_of()


def test_change_example_moves_a_year_without_data():
    # 北京 publishes contribution bases only from 2021-07 (data/contribution.csv)
    before, after = balance.change_situations(8000, 9000, 44, 2019, 2026, region="beijing")
    with pytest.raises(YibaoInputError):
        balance_change.explain_change(before, after)
    ex = balance.change_example(before, after)
    assert ex.before["year"] == 2021 and ex.before["age"] == 46 and "2019" in ex.notes[0] and "2021" in ex.notes[0]
    pd.testing.assert_frame_equal(ex.table, balance_change.explain_change(dict(before, year=2021, age=46), after))
    # 上海 has no 2025 base (2025-07 – 2026-06 not found): an after-year of 2025 moves back to 2024
    before, after = balance.change_situations(8000, 9000, 44, 2023, 2025, region="shanghai")
    ex = balance.change_example(before, after)
    assert ex.after["year"] == 2024 and ex.after["age"] == 45 and ex.before["year"] == 2023


def test_change_example_stand_ins_by_hand():
    # fallback=("later",) for the earlier side: 北京's first base row starts 2021-07-01 (5360 元), 深圳's 2022-07-01
    for region, year, age in (("beijing", 2021, 45), ("shenzhen", 2022, 46), ("shanghai", 2023, 47)):
        before, after = balance.change_situations(8000, 9000, 44, 2020, None, region=region)
        ex = balance.change_example(before, after)
        assert (ex.before["year"], ex.before["age"], ex.after["year"]) == (year, age, NEWEST.year)
        name = {"beijing": "北京", "shenzhen": "深圳", "shanghai": "上海"}[region]
        assert ex.notes == [
            f"{name} 2020 年没有缴费基数下限的数据，比较起点改用 {year} 年的数据（年龄相应改为 {age} 岁）。"
        ]
    # fallback=("earlier",) for the later side: 上海 2025 → its row of 2024-07-01 – 2025-06-30 (7384 元)
    before, after = balance.change_situations(0, 0, 44, 2023, 2025, region="shanghai")
    ex = balance.change_example(before, after)
    assert ex.notes == ["上海 2025 年没有缴费基数下限的数据，比较终点改用 2024 年的数据（年龄相应改为 45 岁）。"]
    assert ex.table.attrs["after"]["credited"] == round(7384 * 0.02 * 12, 2)  # the floor × 2 % × 12
    # a side never moves past the other: 上海 2019 → 2021 would need 2023
    with pytest.raises(YibaoInputError):
        balance.change_example(*balance.change_situations(8000, 9000, 44, 2019, 2021, region="shanghai"))
    # the national data have every year from 2016: nothing moves
    assert balance.change_example(*balance.change_situations(8000, 9000, 44, 2016, 2026)).notes == []


def test_first_data_year_is_the_first_wage_year():
    # national wages (data/wages.csv) start 2015-07-01: 2015 is the first year whose 1 July has them
    assert balance.first_data_year() == 2015 == balance.first_data_year("beijing")


def test_change_summary_names_the_biggest_factors():
    before, after = balance.change_situations(8000, 9000, 44, 2020, 2026, spending_before=1000, spending_after=4000,
                                              opening_balance_before=5000, opening_balance_after=8000)  # fmt: skip
    text = balance.change_summary(balance.change_example(before, after))
    assert "账户支出 -3,000.00" in text and "门诊共济改革 -1,944.00" in text  # 1000 → 4000; 9000 × 1.8 % × 12


# --------------------------------------------------------------------------- sentences


def said(cid, **inputs) -> str:
    return claims_table([cid], **inputs)["用数字说话"].iloc[0]


def test_k34_the_pool_pays_with_an_empty_account():
    # notebook 05's later year: 9000 元 × 2 % = 180 元 a month (国办发〔2021〕14号); the pool pays 7200 of 10000
    bill = reimburse(10000, scheme="employee", year=NEWEST.year, account_balance=0)
    assert bill.fund_pays == 7200
    assert said("K34", monthly_salary=9000, age=50, year=NEWEST.year, hospital_cost=10000) == (
        "在职职工下个月会再划入 180.00 元；但家人的账户可以共济，而且账户余额为 0 时住院 10,000 元，统筹等基金照样支付 7,200.00 元"
    )
    # a retiree is shown as the same person while at work (the default retirement age − 1)
    assert said("K34", monthly_salary=9000, age=70).startswith("在职职工下个月会再划入 180.00 元")


def test_k40_retiree_credit_without_the_claimed_extras():
    # 2 % of the illustrative average pension 3000 = 60 元 a month at every age; the claim's +40 / +80 → 100 / 140
    assert said("K40") == (
        "2% 与国办发〔2021〕14号一致（数据 2%）：按示例平均养老金 3,000 元，65/75/85 岁每月都划入 60.00/60.00/60.00 元；"
        "说法的加额会变成 100.00/140.00 元，数据和原文里都没有这项加额"
    )
