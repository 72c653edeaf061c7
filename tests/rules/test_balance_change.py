"""Why the balance changed: exact decompositions (fixed order of substitution) and waterfall data.

Hand-computed values use data/account.csv and data/contribution.csv:
- before the reform (国发〔1998〕44号, national example): credit = base × (2% + 1.8%);
- after the reform (国办发〔2021〕14号): in-service credit = base × 2%; retirees 2% × 3000 (illustrative average pension);
- 北京 age bands (《北京市基本医疗保险规定》): employer part <35 0.8%, 35–45 1%, ≥45 2%;
- interest (国发〔1998〕44号): this year's credit left × 0.35% × 78/144, carried balance left × 1.10%.
"""

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.rules import account
from yibao_helpers.rules import balance_change as bc
from yibao_helpers.scenarios import balance

CJK = re.compile(r"[\u4e00-\u9fff]")
ORDER = ["base", "age_band", "retirement", "parameters", "reform", "no_account", "spending", "interest"]


def fen(x):
    return int(round(float(x) * 100))


def assert_exact(table):
    amounts = sum(fen(a) for a in table["amount"])
    assert amounts == fen(table.attrs["total"]) == fen(table.attrs["end"]) - fen(table.attrs["start"])


A2019 = dict(monthly_salary=8000, age=44, year=2019, opening_balance=5000, annual_spending=1000)
B2024 = dict(monthly_salary=9000, age=47, year=2024, opening_balance=9000, annual_spending=3000)


def test_2019_to_2024_by_hand():
    t = bc.explain_change(A2019, B2024)
    assert list(t["factor"]) == ORDER
    got = dict(zip(t["factor"], t["amount"]))
    # A: 8000 × 3.8% × 12 = 3648; spent 1000; interest (3648 − 1000) × 0.35% × 78/144 + 5000 × 1.1% = 5.02 + 55 = 60.02
    assert t.attrs["before"] == {
        "credited": 3648.0,
        "interest": 60.02,
        "spent": 1000.0,
        "opening_balance": 5000.0,
        "year_end_balance": 7708.02,
        "balance_change": 2708.02,
    }
    # B: 9000 × 2% × 12 = 2160; spent 3000 (2160 + 840 carried); interest (9000 − 840) × 1.1% = 89.76
    assert t.attrs["after"]["credited"] == 2160.0 and t.attrs["after"]["interest"] == 89.76
    assert got["base"] == 456.0  # (9000 − 8000) × 3.8% × 12
    assert got["age_band"] == 0.0  # the national example has one employer rate for all ages
    assert got["reform"] == -1944.0  # 9000 × 1.8% × 12 no longer credited (K31)
    assert got["spending"] == -2000.0 and got["interest"] == 29.74
    assert got["retirement"] == got["parameters"] == got["no_account"] == 0.0
    assert (t.attrs["start"], t.attrs["end"], t.attrs["total"]) == (2708.02, -750.24, -3458.26)
    assert_exact(t)
    assert t["explanation"].map(lambda s: bool(CJK.search(s))).all()
    assert "国办发〔2021〕14号" in t.set_index("factor").loc["reform", "source"]


def test_age_band_in_beijing_before_the_reform():
    # Beijing, pre-reform rules (regime forced): 10000 × (2% − 0.8%) × 12 = 1440 from age 34 → 46
    a = dict(monthly_salary=10000, age=34, year=2022, region="beijing", regime="pre_2021")
    b = dict(a, age=46)
    t = bc.explain_change(a, b, measure="credit")
    got = dict(zip(t["factor"], t["amount"]))
    assert got["age_band"] == 1440.0 and sum(abs(v) for k, v in got.items() if k != "age_band") == 0
    assert "0.8%" in t.set_index("factor").loc["age_band", "explanation"]
    assert list(t["factor"]) == ORDER[:6]
    assert_exact(t)


def test_after_the_reform_age_does_not_matter():
    # K30: after 国办发〔2021〕14号 the in-service credit does not depend on age
    t = bc.explain_change(
        dict(monthly_salary=10000, age=34, year=2023, region="beijing"),
        dict(monthly_salary=10000, age=46, year=2023, region="beijing"),
        measure="credit",
    )
    assert (t["amount"] == 0).all() and t.attrs["total"] == 0


def test_retirement_and_no_account():
    # in service 2026 (9000 × 2% × 12 = 2160; account.csv line 6) → retired 2028 (2% × 3000 × 12 = 720; lines 7-8):
    # −1440. M3: age 59 in 2026 is born 1967-07, statutory age 60 years 8 months (k = 30 months after 1965-01 →
    # ceil(31/4) = 8, retirement.csv lines 2, 6, 9), so at 60 in 2027 he still works; at 61 in 2028 he is retired
    t = bc.explain_change(dict(monthly_salary=9000, age=59, year=2026), dict(monthly_salary=0, age=61, year=2028))
    got = dict(zip(t["factor"], t["amount"]))
    assert got["retirement"] == -1440.0 and got["base"] == 0.0
    assert_exact(t)
    # a tier without a personal account (K29): the credit disappears, the balance keeps earning interest
    t = bc.explain_change(
        dict(monthly_salary=9000, age=47, year=2026, opening_balance=3000),
        dict(monthly_salary=9000, age=47, year=2026, opening_balance=3000, has_account=False),
    )
    got = dict(zip(t["factor"], t["amount"]))
    assert got["no_account"] == -2160.0
    assert t.attrs["after"]["credited"] == 0 and t.attrs["after"]["interest"] == 33.0  # 3000 × 1.1%
    assert_exact(t)


def test_reverse_direction_after_to_before_the_reform():
    # post → pre: the reform step comes before the parameters step (post-2021 rows do not exist in 2019)
    t = bc.explain_change(
        dict(monthly_salary=9000, age=47, year=2024, region="beijing"),
        dict(monthly_salary=8000, age=44, year=2019),
        measure="credit",
    )
    assert_exact(t)
    assert t.attrs["before"]["credited"] == 2160.0 and t.attrs["after"]["credited"] == 3648.0
    assert dict(zip(t["factor"], t["amount"]))["base"] == -240.0  # (8000 − 9000) × 2% × 12 under the reform rules


def test_credit_measure_leaves_out_spending_and_interest():
    t = bc.explain_change(A2019, B2024, measure="credit")
    assert list(t["factor"]) == ORDER[:6]
    assert t.attrs["start"] == 3648.0 and t.attrs["end"] == 2160.0
    assert_exact(t)


def test_paid_vs_credited():
    # after the reform: paid 9000 × (6% + 2%) × 12 = 8640; credited 2160; the employer's 6480 goes to the pool
    t = bc.paid_vs_credited(dict(monthly_salary=9000, age=47, year=2024))
    got = dict(zip(t["factor"], t["amount"]))
    assert (t.attrs["start"], t.attrs["end"]) == (8640.0, 2160.0)
    assert got == {"employer_to_pool": -6480.0, "individual_to_pool": 0.0, "retiree_credit": 0.0}
    assert_exact(t)
    # before the reform: 1.8% of the base of the employer's 6% was credited → 6480 − 1944 = 4536 to the pool
    t = bc.paid_vs_credited(dict(monthly_salary=9000, age=47, year=2019))
    assert dict(zip(t["factor"], t["amount"]))["employer_to_pool"] == -4536.0 and t.attrs["end"] == 4104.0
    assert_exact(t)
    # a retiree pays nothing and is credited by the pool
    t = bc.paid_vs_credited(dict(monthly_salary=0, age=65, year=2025))
    assert t.attrs["start"] == 0 and dict(zip(t["factor"], t["amount"]))["retiree_credit"] == 720.0
    # no account: everything paid goes to the pool
    t = bc.paid_vs_credited(dict(monthly_salary=9000, age=47, year=2024, has_account=False))
    assert t.attrs["end"] == 0 and t.attrs["total"] == -8640.0
    assert_exact(t)


def test_waterfall_data():
    t = bc.explain_change(A2019, B2024)
    w = balance.waterfall_data(t)
    assert w["kind"].iloc[0] == "start" and w["kind"].iloc[-1] == "end"
    assert w["top"].iloc[0] == 2708.02 and w["amount"].iloc[-1] == -750.24
    assert fen(w["amount"].iloc[0]) + sum(fen(a) for a in w["amount"].iloc[1:-1]) == fen(w["amount"].iloc[-1])
    assert set(w["label"].iloc[1:-1]) == {"缴费基数", "门诊共济改革", "账户支出", "利息"}  # zero factors dropped
    levels = fen(w["amount"].iloc[0])
    for _, row in w.iloc[1:-1].iterrows():  # each floating bar spans the level before and after its step
        new = levels + fen(row["amount"])
        assert (fen(row["bottom"]), fen(row["top"])) == tuple(sorted((levels, new)))
        levels = new
    # the chart of this table: tests/present/test_charts_family.py::test_waterfall_chart_of_a_balance_change


def test_tier_without_account_from_the_data():
    # 深圳 二档 (data/contribution_tiers.csv: account.credit_rate[tier=2] = 0): no credit, K29
    a = dict(monthly_salary=9000, age=40, year=2025, region="shenzhen")
    t = bc.explain_change(a, dict(a, tier=2))
    got = dict(zip(t["factor"], t["amount"]))
    assert got["no_account"] == -2160.0 and "bendibao" in t.set_index("factor").loc["no_account", "source"]
    assert_exact(t)
    # paid vs credited at tier 2 uses the tier's base and rates (the same numbers as contribution.employee_flows)
    from yibao_helpers.rules import contribution

    p = bc.paid_vs_credited(dict(a, tier=2))
    flows = contribution.employee_flows(9000, region="shenzhen", year=2025, tier=2).iloc[0]
    assert p.attrs["start"] == pytest.approx(flows["total"] - flows["to_other"], abs=1e-9) and p.attrs["end"] == 0
    assert_exact(p)


# --------------------------------------------------------------------------- flexible employment


def test_flexible_cost_by_hand():
    from yibao_helpers.rules import flexible

    # national 2026 (rows of 2026-07-01): the 全口径 wage (M1) borrowed from the example city, 100516 (wages.csv
    # line 52) / 12 = 8376.33 元/月 (stated to the fen by flexible.base_range); base 60 % = 0.6 × 8376.33 = 5025.798
    # → 5025.80 (= the floor 0.6 × 100516 / 12). The flexible worker pays both shares (contribution.csv lines 2-3):
    # 12 × (6% → 301.548 → 301.55 + 2% → 100.516 → 100.52) = 4824.84; account 12 × 100.52 = 1206.24
    # (国办发〔2021〕14号, account.csv line 6), pool 3618.60; resident individual 400 (2026, example city,
    # contribution.csv line 55, illustrative)
    df = flexible.flexible_cost([0.6, 1.0, 3.0], year=2026)
    r = df.iloc[0]
    assert (r["base"], r["cost"], r["to_account"], r["to_pool"], r["pooled_cost"]) == (
        5025.80,
        4824.84,
        1206.24,
        3618.60,
        3618.60,
    )
    # ratio × the monthly wage 100516 / 12 (unrounded): 1.0 → 8376.33; 3.0 → 25129.00 = the ceiling
    # 3 × 100516 / 12 (not 3 × the stated 8376.33 = 25128.99, a fen short of the ceiling)
    assert list(df["base"]) == [5025.80, 8376.33, 25129.00]
    assert (df["resident_cost"] == 400).all()
    assert (df["cost"].diff().dropna() > 0).all()
    assert {"employee.base_floor_ratio", "resident.individual_contribution"} <= set(
        df.attrs["sources"]["parameter"].str.split("[").str[0]
    )


def test_flexible_compared_with_resident():
    from yibao_helpers.rules import flexible

    t = flexible.compare_with_resident(1.0, year=2026)
    assert list(t["option"]) == ["tier1", "resident"]
    res = t.set_index("option").loc["resident"]
    # resident: the person pays 400, the pool gets 400 + the fiscal subsidy 724 (2026), no account (K05, K14)
    assert (res["cost"], res["to_account"], res["to_pool"]) == (400, 0, 1124)
    assert t.attrs["subsidy"] == 724
    sz = flexible.compare_with_resident(0.6, tiers=(1, 2, 3), region="shenzhen", year=2025).set_index("option")
    assert sz.loc["tier2", "to_account"] == 0 and sz.loc["tier3", "to_account"] == 0  # K29: no account
    assert sz.loc["tier1", "to_account"] > 0
    # 二档: (0.5 % + 0.2 %) × 9309 × 12 ≈ 781.96 to the pool, 0.1 % 地方补充 to another fund
    assert sz.loc["tier2", "to_pool"] == pytest.approx(0.007 * 9309 * 12, abs=0.12)
    assert sz.loc["tier3", "cost"] < sz.loc["tier2", "cost"] < sz.loc["tier1", "cost"]
    # the chart of this table: tests/present/test_charts_family.py::test_flexible_vs_resident_chart


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(
    ratio=st.floats(min_value=0.6, max_value=3.0),
    year=st.integers(2016, 2027),
    region=st.sampled_from(["national", "beijing", "shenzhen", "chongqing"]),
)
def test_flexible_money_adds_up(ratio, year, region):
    from yibao_helpers.rules import flexible

    try:
        df = flexible.flexible_cost([ratio, min(ratio + 0.1, 3.0)], region=region, year=year)
    except YibaoInputError as exc:  # a year the region's data do not cover: a named data gap, not a crash
        assert "on" in exc.param or "year" in exc.param
        return
    assert (fen_all(df["cost"]) == fen_all(df["to_account"]) + fen_all(df["to_pool"]) + fen_all(df["to_other"])).all()
    assert (df["to_account"] <= df["cost"]).all() and (df["to_account"] >= 0).all()
    assert df["cost"].iloc[1] >= df["cost"].iloc[0]


def fen_all(series):
    return np.round(series.to_numpy() * 100).astype(np.int64)


# --------------------------------------------------------------------------- properties

salaries = st.floats(min_value=0, max_value=60_000, allow_nan=False).map(lambda x: round(x, 2))
money = st.floats(min_value=0, max_value=30_000, allow_nan=False).map(lambda x: round(x, 2))
situations = st.fixed_dictionaries(
    {
        "monthly_salary": salaries,
        "age": st.integers(18, 75),
        "year": st.integers(2016, 2027),
        "annual_spending": money,
        "opening_balance": money,
        "has_account": st.booleans(),
    }
)


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(a=situations, b=situations, measure=st.sampled_from(["balance_change", "credit"]))
def test_decomposition_sums_exactly_and_reproduces_project_balance(a, b, measure):
    t = bc.explain_change(a, b, measure=measure)
    assert_exact(t)
    for key, s in (("before", a), ("after", b)):
        pb = account.project_balance(
            s["monthly_salary"],
            s["age"],
            1,
            start_year=s["year"],
            annual_spending=s["annual_spending"],
            opening_balance=s["opening_balance"],
            gap_years=() if s["has_account"] else (s["year"],),
        ).iloc[0]
        got = t.attrs[key]
        assert [fen(got[k]) for k in ("credited", "interest", "spent", "year_end_balance")] == [
            fen(pb[k]) for k in ("credited", "interest", "spent", "balance")
        ]
    w = balance.waterfall_data(t)
    assert fen(w["amount"].iloc[-1]) == fen(t.attrs["end"])


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(s=situations)
def test_paid_vs_credited_sums_exactly(s):
    t = bc.paid_vs_credited(s)
    assert_exact(t)
    assert t.attrs["end"] >= 0 and t.attrs["start"] >= 0


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, param",
    [
        (lambda: bc.explain_change(dict(A2019, monthly_salary=-1), B2024), "before.monthly_salary"),
        (lambda: bc.explain_change(A2019, dict(B2024, age=150)), "after.age"),
        (lambda: bc.explain_change(A2019, dict(B2024, annual_spending=-5)), "after.annual_spending"),
        (lambda: bc.explain_change(A2019, dict(B2024, year=1850)), "after.year"),
        (lambda: bc.explain_change(A2019, dict(B2024, region="atlantis")), "region"),
        (lambda: bc.explain_change(A2019, dict(B2024, salary=5)), "after.salary"),
        (lambda: bc.explain_change(dict(age=30, year=2024), B2024), "before.monthly_salary"),
        (lambda: bc.explain_change(A2019, dict(B2024, has_account="no")), "after.has_account"),
        (lambda: bc.explain_change(A2019, B2024, measure="pension"), "measure"),
        (lambda: bc.explain_change(A2019, "2024"), "after"),
        (lambda: bc.paid_vs_credited(dict(monthly_salary=float("nan"), age=30, year=2024)), "situation.monthly_salary"),
        (lambda: balance.waterfall_data(pd.DataFrame({"因素": ["x"], "amount": [1.0]})), "start"),
        (lambda: bc.explain_change(A2019, dict(B2024, tier=2)), "after.tier"),
        (lambda: bc.explain_change(A2019, dict(B2024, tier=7)), "after.tier"),
        (lambda: __import__("yibao_helpers.flexible").flexible.flexible_cost(0.5), "base_ratio"),
        (lambda: __import__("yibao_helpers.flexible").flexible.flexible_cost(3.5), "base_ratio"),
        (lambda: __import__("yibao_helpers.flexible").flexible.flexible_cost(-1), "base_ratio"),
        (lambda: __import__("yibao_helpers.flexible").flexible.flexible_cost(1.0, tier=2), "tier"),
        (lambda: __import__("yibao_helpers.flexible").flexible.compare_with_resident([0.6, 1.0]), "base_ratio"),
    ],
)
def test_bad_input_is_bilingual_and_names_the_parameter(call, param):
    with pytest.raises(YibaoInputError) as exc:
        call()
    msg = str(exc.value)
    assert f"参数 {param} " in msg and f"Invalid {param} = " in msg, msg
    assert CJK.search(msg.splitlines()[0])
