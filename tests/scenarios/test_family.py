"""Family mutual aid scenarios (yibao_helpers.scenarios.family) and the sentences of notebook 04's 常见误区 table.

* the example family equals the tested calculators (rules.family_year, rules.account) for the same inputs;
* where the region lacks the data of the year, the stand-ins are the ones the resolution rule gives
  (params.resolve), each said on the page (hand-checked rows and years below, data/contribution.csv);
* the sentences of K07, K08, K12, K49, K54 (content.demos.family) show hand-computed numbers.
"""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from yibao_helpers.content.claims import claims_table
from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.params import data_as_of, resolve
from yibao_helpers.rules import account, family
from yibao_helpers.rules.reimburse import reimburse
from yibao_helpers.scenarios import family as sf

NEWEST = data_as_of()
# notebook 04's default person and family (its parameters cell)
PERSON = dict(
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
)


def said(cid, **inputs) -> str:
    return claims_table([cid], **{**PERSON, **inputs})["用数字说话"].iloc[0]


# --------------------------------------------------------------------------- the resident standard (moved)


def test_resident_premium_and_its_fallback():
    value, src, note = sf.resident_premium("national", "2024-07-01")
    assert value == 400 and note == "" and "医保发〔2024〕19号" in src["source"].iloc[0]  # 2024 standard
    # 重庆's own series stops in 2023 (data/contribution.csv): the latest row of the region, with a note
    value, src, note = sf.resident_premium("chongqing", NEWEST)
    assert value == 350 and "2023" in note and src["region"].iloc[0] == "chongqing"
    ex = sf.family_example(
        8000, 35, account_balance=1000, relatives=[{"relation": "母亲", "premium": "standard"}], region="chongqing"
    )
    items = ex.result.items.set_index("item")
    assert items.loc["resident_premium", "amount"] == 350 and ex.notes == [note]
    assert "resident.individual_contribution" in set(ex.sources["parameter"])
    with pytest.raises(YibaoInputError):
        sf.resident_premium("national", "2015-01-01")  # before any resident standard in the data


def test_resident_premium_stand_ins_by_hand():
    # fallback=("earlier", "national"): 重庆 2026 has no row; its latest earlier row is 2023-01-01–2023-12-31, 350 元
    value, src, note = sf.resident_premium("chongqing", "2026-07-01")
    assert (value, src["effective_from"].iloc[0]) == (350, "2023-01-01")
    assert note == "居民医保个人缴费标准（350 元/年）：重庆 2026 年没有数据，用 2023 年的数据。"
    # 2022-07-01 is before 重庆's own series (its first row 2023-01-01, contribution.csv line 57): 重庆 had no rule of
    # its own yet, so the next region of the chain answers — no gap, no stand-in, no note: the national row of 2022,
    # 350 元 (contribution.csv line 47, secondary)
    value, src, note = sf.resident_premium("chongqing", "2022-07-01")
    assert (value, src["region"].iloc[0], src["effective_from"].iloc[0]) == (350, "national", "2022-01-01")
    assert src["confidence"].iloc[0] == "secondary" and note == ""
    # a city inheriting down its chain needs no stand-in either: 无锡 → 江苏 → national, whose 2026 date national
    # law does not cover (rows end 2024-12-31), so the example city's 400 (contribution.csv line 55) — borrowed,
    # which the page's 注意 box says, not this note
    value, src, note = sf.resident_premium("wuxi", "2026-07-01")
    assert (value, src["region"].iloc[0], src["confidence"].iloc[0], note) == (400, "example", "illustrative", "")


def test_year_credit_stand_ins_by_hand():
    # 上海 publishes bases every year from 2023-07 (contribution.csv lines 20–25, 71–72: 7310, 7384, 7460, 7546);
    # a salary of 0 pays on the floor: credit = fen(floor × 2 %) × 12 (国办发〔2021〕14号, account.csv line 6)
    assert sf.year_credit(0, 35, 2024, "shanghai") == (12 * round(7384 * 0.02, 2), 2024, [])  # 147.68 × 12
    assert sf.year_credit(0, 35, 2025, "shanghai") == (12 * round(7460 * 0.02, 2), 2025, [])  # 149.20 × 12
    # 2021 is before 上海's first base row (2023-07-01): no gap of 上海, the chain answers and the year does not move.
    # 上海 has no absolute limits then, so floor = its own 60 % (contribution.csv line 86, from 2013-12) × its own
    # 2021-07 全口径 wage 124,056 (wages.csv line 54) → fen(0.6 × 124056 / 12) = 6202.80. 2021 is before 上海's
    # account reform (2023-07-01, account.csv line 23): credit = individual 2 % (national) + the employer share, which
    # 上海 has no row for (its own was a share of the city average wage): the example city's 1.8 % (account.csv line 4,
    # borrowed) → fen(6202.80 × 3.8 %) = 235.71 × 12 = 2828.52
    wage = resolve(account.BASE_WAGE, "shanghai", 2021)
    assert (wage.how, wage.answered_by, wage.row.line, wage.value) == ("local", "shanghai", 54, 124056)
    assert sf.year_credit(0, 35, 2021, "shanghai") == (12 * 235.71, 2021, [])
    ex = sf.family_example(0, 35, account_balance=0, on="2021-03-01", region="shanghai")
    assert ex.credit == credit_2021() == 12 * 235.71 and ex.notes == []
    # a year the national data lack too (wages start 2015-07) is no gap of the region: the error stands
    with pytest.raises(YibaoInputError) as err:
        sf.year_credit(8000, 35, 2010, "beijing")
    assert err.value.param == "start_year" and "beijing" in str(err.value)


def credit_2021() -> float:
    return float(account.project_balance(0, 35, 1, region="shanghai", start_year=2021)["credited"].iloc[0])


# --------------------------------------------------------------------------- rules of the page (moved)


def test_rule_dates_scope_table_and_milestones_come_from_the_data():
    opts = sf.rule_dates()
    dates = [d for _, d in opts]
    # family.csv: the day before the first rule, 2021-04-13 (lines 2–4), 2024-07-26 (lines 5–12), 2026-01-09 (line 13);
    # the pages' default date 2025-07-01 (data_as_of) is none of them: it is an option of its own, in date order
    assert dates == [
        dt.date(2021, 4, 12),
        dt.date(2021, 4, 13),
        dt.date(2024, 7, 26),
        dt.date(2025, 7, 1),
        dt.date(2026, 1, 9),
    ]
    assert NEWEST == dt.date(2025, 7, 1) and opts[3][0] == "2025-07-01（本页默认日期）"
    # the labels name the document only (the source's head), not its notes
    assert opts[1][0] == "2021-04-13 起（国办发〔2021〕14号）" and opts[2][0] == "2024-07-26 起（国办发〔2024〕38号）"
    table = sf.scope_table()
    assert list(table.columns) == [d.isoformat() for d in dates]
    for rel, row in table.iterrows():
        code = family.relation_code(rel)
        for day, cell in row.items():
            inside = family.may_use(code, day)
            across = family.may_use(code, day, cross_province=True)
            # M9: "不跨省", not "省内" — family use began inside one 统筹区; provinces opened it on dates of their own
            assert cell == ("可以（含跨省）" if inside and across else "可以（不跨省）" if inside else "不可以")
    assert table.loc["兄弟姐妹", "2024-07-26"] == "可以（不跨省）" and table.loc["兄弟姐妹", "2021-04-13"] == "不可以"
    assert (sf.scope_table(bound=False)["2026-01-09"] == "可以（不跨省）").all()  # K54: binding first
    m = sf.milestones()
    assert m["core"] == (dt.date(2021, 4, 13), "国办发〔2021〕14号")
    assert m["near"] == (dt.date(2024, 7, 26), "国办发〔2024〕38号")
    assert m["cross"][0] == dt.date(2026, 1, 9) and m["ltc"][0] == dt.date(2026, 1, 9)
    # 国办发〔2021〕14号: spouse, parents, children; 国办发〔2024〕38号 adds the near relatives
    assert sf.scope_zh("2021-04-13") == "配偶、父母、子女" and sf.scope_zh("2021-04-12") == ""


def test_family_example_with_scenarios_matches_scalar_runs():
    costs = np.array([0.0, 3000.0, 20000.0])
    rels = sf.family_relatives(costs, 1200, 1500)
    vec = sf.family_example(8000, 35, account_balance=4000, relatives=rels, worker_costs=500)
    for i, c in enumerate(costs):
        one = sf.family_example(
            8000, 35, account_balance=4000, relatives=sf.family_relatives(c, 1200, 1500), worker_costs=500
        )
        row = vec.result.summary.iloc[i].drop("scenario")
        pd.testing.assert_series_equal(row, one.result.summary.iloc[0], check_names=False)


def test_refusals_name_the_rule():
    # on 2024-03-01 siblings are outside the circle (国办发〔2024〕38号 from 2024-07-26)
    ex = sf.family_example(8000, 35, account_balance=4000, relatives=sf.family_relatives(0, 0, 1500), on="2024-03-01")
    assert list(sf.refusals(ex)) == ["哥哥"] and "2024-07-26" in sf.refusals(ex)["哥哥"]


# --------------------------------------------------------------------------- the sentences of notebook 04


def test_k07_the_spouse_uses_the_account_but_not_the_benefits():
    # the year's money: 4000 + 8000 × 2 % × 12 = 5920; the spouse's 1200 is paid in full (order: worker 500,
    # mother's premium 400 + 3000, spouse 1200 → 5100 ≤ 5920)
    # the spouse's 10,000 at a 三级 hospital, national borrowing the example city, 起付 1000 for both (inpatient.csv
    # lines 4, 13): resident 60 % (inpatient.csv line 17: example resident level-3 ratio 0.6, was 0.7) × 9000 = 5400
    # (burden 4600, far below the 大病 起付), self-paid 10000 − 5400 = 4600; employee 85 % (inpatient.csv line 8:
    # example employee level-3 ratio 0.85, was 0.8) × 9000 = 7650; difference 7650 − 5400 = 2250
    # (were 6300 / 3700 / 7200 / 900)
    own = reimburse(10000, scheme="resident", year=NEWEST)
    worker = reimburse(10000, scheme="employee", year=NEWEST)
    assert (own.fund_pays, worker.fund_pays) == (5400, 7650)
    assert said("K07") == (
        "本例账户为配偶付了 1,200.00 元。但只共享账户里的钱、不共享报销待遇：配偶住院 10,000 元按自己的居民医保报销 5,400.00 元，"
        "自付 4,600.00 元可以用你的账户付；按你的职工医保本可报 7,650.00 元——差额 2,250.00 元不能共享"
    )
    # no spouse cost: nothing paid for the spouse
    assert said("K07", spouse_medical=0).startswith("本例账户为配偶付了 0.00 元。")


def test_k08_k12_k49_k54_by_hand():
    # the day before 国办发〔2024〕38号: 3 kinds of relatives, the brother's 1500 all in cash; 8 kinds after
    assert said("K08") == "2024-07-25 只有 3 类亲属，同一家人里哥哥的 1,500.00 元全部付现金；2024-07-26 起 8 类"
    # the mother's premium 400 (2025: national rows end 2024, so the example city's, contribution.csv line 53) + her
    # 3000 of costs, all paid from the account (5920 available)
    assert said("K12") == "可以（国办发〔2024〕38号）：本例母亲的缴费和医疗费共 3,400.00 元，账户付了 3,400.00 元"
    # on 2025-07-01 (family.csv): medical_self_paid and pharmacy (2021-04-13, lines 15–16), resident_premium
    # (2024-07-26, line 18) = 3 uses; ltc_premium only from 2026-01-09 (line 19)
    assert said("K49") == (
        f"数据里 {NEWEST:%Y-%m-%d} 有 3 类用途有文件依据；本例替母亲交居民医保 400.00 元。疫苗、体检、商业健康险由各地规定，未收录"
    )
    assert said("K49", rule_date="2026-07-01").startswith("数据里 2026-07-01 有 4 类用途有文件依据")
    # the default date 2025-07-01 is before the cross-province notice (2026-01-09, family.csv lines 13–14): a brother
    # in another province may not use it, bound or not
    assert said("K54") == (
        f"{NEWEST:%Y-%m-%d} 给外省的哥哥用：未绑定 → 不可以；已绑定 → 不可以（跨省共济 2026-01-09 起，须先建立共济关系）"
    )
    # after it: only with the family-aid relationship set up first
    assert said("K54", rule_date="2026-07-01") == (
        "2026-07-01 给外省的哥哥用：未绑定 → 不可以；已绑定 → 可以（跨省共济 2026-01-09 起，须先建立共济关系）"
    )
    # before 2021-04-13 a parent may not use the account
    assert said("K12", rule_date="2021-01-01").startswith("不可以")
