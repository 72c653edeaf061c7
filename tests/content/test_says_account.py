"""The 常见误区 sentences about the personal account (content/demos/account.py): numbers computed by hand.

The person of notebook 01: 全国, 2026 rules, monthly salary 8,000 元, age 30, 10 years, no spending. Rules used
(all from data/, sources in the comments):

* contribution base: the salary, between 60% and 300% of the 全口径 average wage (国办发〔2019〕13号,
  contribution.csv lines 59-60; national has no 全口径 wage, the example city's 2026 value 100,516 元/年 is used,
  wages.csv line 52): 0.6 × 100,516 / 12 = 5,025.80 to 3 × 100,516 / 12 = 25,129.00 — 8,000 is inside;
* monthly credit after the reform: base × 2% = 160.00 元 (国办发〔2021〕14号); before it: 2% + 1.8% of the base
  (国发〔1998〕44号, the employer's 6% × 30%) = 304.00 元;
* interest: this year's credits at the current-account rate 0.35% for 6.5 of 12 months, the carried balance at
  the three-month rate 1.10% (国发〔1998〕44号; 人民银行 2015-10-24), once a year, rounded to the fen.
"""

import pytest

from yibao_helpers.content.claims import claims_table
from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.scenarios import account as account_scenarios

PERSON = dict(region="national", year=2026, monthly_salary=8000, age=30)


def said(cid, **inputs):
    return claims_table([cid], **{**PERSON, **inputs})["用数字说话"].iloc[0]


def balances(carried_rate, current_rate=0.0035, years=10, credit=1920.0):
    """(interest per year, balance per year) of a person crediting ``credit`` a year, by hand."""
    balance, interests, out = 0.0, [], []
    for _ in range(years):
        interest = round(balance * carried_rate + credit * current_rate * 6.5 / 12, 2)
        balance = round(balance + credit + interest, 2)
        interests.append(interest)
        out.append(balance)
    return interests, out


def test_k01_compares_the_whole_contribution_with_the_credit():
    # national: employer 6% + individual 2% (国发〔1998〕44号) = 8% of 8,000 = 640.00; credited 8,000 × 2% = 160.00
    assert said("K01") == "按 8% 算每月 640.00 元；实际每月划入 160.00 元（基数 8,000.00 × 2%）"
    # 北京: employer 9% (《北京市基本医疗保险规定》) + 2% = 11% of 8,000 = 880.00; the credit is still 2%
    assert said("K01", region="beijing") == "按 11% 算每月 880.00 元；实际每月划入 160.00 元（基数 8,000.00 × 2%）"


def test_k02_and_k26_show_the_balance_never_cleared():
    _, by_year = balances(0.011)
    assert by_year[0] == 1923.64 and by_year[-1] == 20217.07  # 1,920 + 3.64 interest the first year
    text = "10 年里年末余额最低 1,923.64 元，最后 20,217.07 元；没有一年被清零"
    assert said("K02", years=10) == said("K26", years=10) == text
    # the years are counted up to age 100 (as notebook 01 counts them): from 98, 3 years
    assert said("K02", age=98, years=10).startswith("3 年里")


def test_k15_resident_contribution_goes_to_the_pool():
    # 2026 resident standard: 400 元 — the example city's (contribution.csv line 55, illustrative: national law has
    # no 2026 row, its series ends 2024), so the sentence does not call it 全国标准; no personal account
    assert said("K15") == (
        "职工对；居民医保个人每年缴（2026 年全国标准未收录，示例值）400 元，全部进统筹，划入个人账户 0 元——没有账户可清"
    )
    # a year national law covers: contribution.csv line 51 (2024: 400), line 41 (2019: 250)
    assert said("K15", year=2024) == (
        "职工对；居民医保个人每年缴（全国标准）400 元，全部进统筹，划入个人账户 0 元——没有账户可清"
    )
    assert "（全国标准）250 元" in said("K15", year=2019)  # 医保发〔2019〕30号


def test_k30_the_credit_does_not_depend_on_age_after_the_reform():
    # 30 and 50 years old: 8,000 × 2% × 12 = 1,920.00 each (国办发〔2021〕14号); before the reform 北京's
    # employer part by age band (account.csv lines 12 and 14: <35 0.8%, ≥45 2%): (2% − 0.8%) × 8,000 × 12 = 1,152.00
    assert said("K30") == (
        "改革后 30 岁与 50 岁每年都划入 1,920.00 / 1,920.00 元，与年龄无关；只与基数有关。"
        "改革前按年龄段划入（以北京旧规定为例）相差 +1,152.00 元"
    )
    assert "2,160.00 / 2,160.00" in said("K30", monthly_salary=9000)  # 9,000 × 2% × 12


def test_k31_before_and_after_the_reform():
    # before: 8,000 × (2% + 1.8%) × 12 = 3,648.00; after: 1,920.00; the difference 1,728.00 goes to the pool
    assert said("K31") == "同一人改革前每年划入 3,648.00 元，改革后 1,920.00 元（少 1,728.00 元，单位那部分进了统筹）"


def test_reform_claims_before_the_reform_use_its_first_year():
    # 2019: no post-reform row yet (国办发〔2021〕14号 from 2021-04-13): the claims use the rules of 1 July 2021
    year, found = account_scenarios.reform_rules_year("national", 2019)
    assert year == 2021 and found.shifted and found.row.effective_from.isoformat() == "2021-04-13"
    assert account_scenarios.reform_rules_year("national", 2026)[0] == 2026
    assert said("K30", year=2019) == said("K30", year=2021)
    assert said("K31", year=2019) == said("K31", year=2021)


def test_k35_the_pool_has_no_balance_but_a_yearly_ceiling():
    # notebook 03's bill: 50,000 元 at a level-3 hospital, 5% outside the catalogue (2,500), 20% class B with 10%
    # paid first (国家医保局令第1号第二十五条: 1,000), deductible 1,000, the fund pays 85%:
    # (50,000 − 2,500 − 1,000 − 1,000) × 85% = 38,675.00 (example city: inpatient.csv line 4, deductible 1,000;
    # inpatient.csv line 8: example employee level-3 ratio 0.85 — was 80% → 36,400.00);
    # ceiling: the example city's absolute employee ceiling 150,000 (inpatient.csv line 61), which wins over
    # 6 × the wage (line 10) — was 6 × 129,441 = 776,646 before issue 13;
    # 12 outpatient visits of 300: (3,600 − 800) × 50% = 1,400 of the 2,000 limit, 600.00 left (example city values,
    # outpatient.csv lines 3, 6, 8); with the pool used up the employee's 大额 cover pays the same
    # (50,000 − 2,500 − 1,000 − 1,000) at the example city’s 90% = 40,950.00 (M4; catastrophic.csv line 21)
    assert said("K35") == (
        "统筹不是个人账户，没有余额可清；但年度封顶线 150,000 元每年重算：今年统筹已付满后再花 50,000 元，"
        "统筹付 0.00 元，大额医疗费用补助付 40,950.00 元；明年 1 月起同样的费用统筹付 38,675.00 元。"
        "门诊统筹年底剩余限额 600.00 元作废"
    )
    assert said("K35", outpatient_visits=2).endswith("剩余限额 2,000.00 元作废")  # 600 − 800 < 0: nothing paid


def test_k37_the_outpatient_limit_does_not_carry_over():
    # outpatient limit 2,000 元 a year (the example city's, outpatient.csv line 8), unused in the first year, 2,000
    # again in January
    assert said("K37") == "第一年一分没用（剩 2,000 元），第二年 1 月的限额仍是 2,000 元，没有翻倍"
    # before the outpatient pool (国办发〔2021〕14号): no limit to accumulate
    assert said("K37", year=2019).startswith("2019 年还没有门诊统筹")


def test_k50_the_balance_cannot_be_cashed():
    # one year: 1,920 + 3.64 = 1,923.64; cash withdrawal not allowed (国发〔1998〕44号, data/family.csv)
    assert said("K50") == "本例年末余额 1,923.64 元只能继续用于看病买药和缴费；能提现的金额 0 元（国发〔1998〕44号）"
    # notebook 04's worker: opening balance 4,000, spending 1,000 → 4,000 + 1,920 − 1,000 + interest
    # (4,000 × 1.1% + (1,920 − 1,000) × 0.35% × 6.5/12 = 44.00 + 1.74 = 45.74) = 4,965.74
    assert "4,965.74 元" in said("K50", account_balance=4000, annual_spending=1000)


def test_k51_interest_by_the_1998_rule_and_all_at_the_current_rate():
    rule, _ = balances(0.011)
    flat, _ = balances(0.0035)
    assert round(sum(rule), 2) == 1017.07 and round(sum(flat), 2) == 342.22
    assert said("K51", years=10) == (
        "10 年利息：按 44 号文口径（当年活期、结转三个月定期）1,017.07 元；全按活期只有 342.22 元"
    )


def test_k52_in_service_and_retired_credits():
    # in service: 8,000 × 2% = 160.00 a month; retired at 65: 2% of the average pension 3,000 (example value) = 60.00
    assert said("K52") == (
        "在职：每月按缴费划入 160.00 元（2026 年，月工资 8,000）；退休（65 岁）不再缴费，"
        "每月由统筹定额划入 60.00 元，与工资无关；划入日期各地不同"
    )
    # a 62-year-old is counted while still at work (default retirement age 60: 59), the salary's credit again
    assert said("K52", age=62).startswith("在职：每月按缴费划入 160.00 元")


def test_sentences_return_the_rows_they_used_and_never_break_the_page():
    table = claims_table(["K01", "K15", "K51"], **PERSON)
    used = set(table.attrs["sources"]["parameter"])
    assert {"employee.employer_rate", "resident.individual_contribution", "account.interest_rate_carried"} <= used
    # a year without contribution-base data: a short Chinese message in the row, not an exception
    assert said("K51", year=2005).startswith("无法计算：")
    unknown = said("K51", region="atlantis")
    assert unknown.startswith("无法计算：") and "region" in unknown and "atlantis" in unknown


def test_bad_input_names_the_parameter():
    # the sentences check their inputs through the calculators: a negative salary is refused with its name
    assert "monthly_salary" in said("K30", monthly_salary=-1)
    with pytest.raises(YibaoInputError):
        account_scenarios.reform_rules_year("national", 1800)  # years 1900–2200 (core.dates)
