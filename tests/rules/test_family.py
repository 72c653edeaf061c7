"""Family mutual aid (家庭共济): who may use the account on which date, what it pays, and the family year.

Hand-computed expectations cite the rule (data/family.csv):
- 国办发〔2021〕14号 (2021-04-13 in the data): spouse, parents, children;
- 国办发〔2024〕38号 (2024-07-26): near relatives (近亲属), eight relations;
- 国家医保局、财政部 跨省共济通知 (2026-01-09): across provinces, after a binding (K54).
"""

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yibao_helpers.core.errors import YibaoInputError
from yibao_helpers.rules import account, family, family_year

CJK = re.compile(r"[\u4e00-\u9fff]")
NEAR = [
    "spouse",
    "parent",
    "child",
    "sibling",
    "grandparent",
    "maternal_grandparent",
    "grandchild",
    "maternal_grandchild",
]
CORE = ["spouse", "parent", "child"]


# --------------------------------------------------------------------------- who, when


@pytest.mark.parametrize(
    "relation, on, expected",
    [
        # 国办发〔2024〕38号 widened the circle on 2024-07-26 (K08): siblings not before
        ("sibling", "2024-01-01", False),
        ("sibling", "2024-07-25", False),
        ("sibling", "2024-07-26", True),
        ("sibling", "2024-08-01", True),
        ("grandparent", "2023-06-01", False),  # "2023年扩至近亲属" has no source (facts §4, X)
        ("maternal_grandchild", "2025-01-01", True),
        # 国办发〔2021〕14号: spouse, parents, children from 2021-04-13; nobody before
        ("spouse", "2021-04-12", False),
        ("spouse", "2021-04-13", True),
        ("parent", "2022-01-01", True),
        ("child", "2019-07-01", False),
        ("spouse", dt.date(1990, 1, 1), False),  # before any family rule
        ("spouse", 2023, True),  # a year means 1 July
    ],
)
def test_may_use_by_date(relation, on, expected):
    assert family.may_use(relation, on) is expected


def test_scope_is_three_relations_then_eight():
    assert family.scope("2020-12-31") == []
    assert family.scope("2023-01-01") == CORE  # 国办发〔2021〕14号
    assert family.scope("2024-07-26") == NEAR  # 国办发〔2024〕38号


@pytest.mark.parametrize(
    "name, code",
    [
        ("配偶", "spouse"),
        ("父母", "parent"),
        ("父亲", "parent"),
        ("母亲", "parent"),
        ("子女", "child"),
        ("兄弟姐妹", "sibling"),
        ("祖父母", "grandparent"),
        ("外祖父母", "maternal_grandparent"),
        ("孙子女", "grandchild"),
        ("外孙子女", "maternal_grandchild"),
        ("外孙女", "maternal_grandchild"),
    ],
)
def test_chinese_names(name, code):
    assert family.relation_code(name) == code
    assert family.may_use(name, "2025-01-01") is True


def test_cross_province_from_2026_01_09_and_only_when_bound():
    # 跨省共济通知 2026-01-09; a prior binding is required (K54)
    assert family.may_use("spouse", "2026-01-08", cross_province=True) is False
    assert family.may_use("spouse", "2026-01-09", cross_province=True) is True
    assert family.may_use("sibling", "2026-03-01", cross_province=True) is True
    assert family.may_use("sibling", "2026-03-01", cross_province=True, bound=False) is False
    # within the province the 2024 circle applies regardless of the cross-province date
    assert family.may_use("sibling", "2025-06-01", cross_province=False) is True
    # a relation outside the circle stays outside across provinces too
    assert family.may_use("sibling", "2024-01-01", cross_province=True) is False


def test_rule_names_its_source_and_date():
    r = family.rule("sibling", "2025-01-01")
    assert r.allowed and r.relation == "sibling" and r.relation_zh == "兄弟姐妹"
    assert "国办发〔2024〕38号" in r.source and r.effective_from == dt.date(2024, 7, 26)
    # family.csv line 8: 国办发〔2024〕38号 read from a repository's check notes, no article named → secondary
    assert r.confidence == "secondary" and CJK.search(r.rule_zh) and r.reason_zh == ""
    r = family.rule("配偶", "2022-05-01")
    assert "国办发〔2021〕14号" in r.source and r.effective_from == dt.date(2021, 4, 13)
    assert "配偶、父母、子女" in r.rule_zh and "兄弟姐妹" not in r.rule_zh
    r = family.rule("sibling", "2024-01-01")
    assert not r.allowed and "2024-07-26" in r.reason_zh and "国办发〔2024〕38号" in r.reason_zh
    r = family.rule("spouse", "2026-02-01", cross_province=True)
    assert r.allowed and "跨省共济" in r.source and r.effective_from == dt.date(2026, 1, 9)
    assert "须先建立共济关系" in r.rule_zh
    r = family.rule("spouse", "2025-12-01", cross_province=True)
    assert not r.allowed and "2026-01-09" in r.reason_zh
    r = family.rule("spouse", "2026-02-01", cross_province=True, bound=False)
    assert not r.allowed and "绑定" in r.reason_zh
    assert set(r.as_dict()) >= {"allowed", "规则", "来源", "生效"}
    assert len(r.sources) >= 2 and set(r.sources["source"]) >= {family.rule("spouse", "2026-02-01").source}


def test_uses_lists_what_it_may_and_may_not_pay_with_sources():
    u = family.uses("2025-06-01")
    assert set(u["kind"]) == {"may_pay", "may_not"}
    pays = set(u.loc[u["kind"] == "may_pay", "item"])
    assert pays == {"medical_self_paid", "pharmacy", "resident_premium"}  # LTC only from 2026-01-09
    assert set(u.loc[u["kind"] == "may_not", "item"]) == {"pool_benefits", "cash_withdrawal"}  # K07, K50
    # every use names its own source: a page shows each row alone, so a bare "同上" (“as above”) says nothing
    assert u["source"].str.len().min() > 2 and u["说明"].map(lambda s: bool(CJK.search(s))).all()
    assert "ltc_premium" in set(family.uses("2026-02-01")["item"])
    assert "pool_benefits" not in set(family.uses("2020-01-01")["item"])


def test_timeline_rows_are_dated_and_sourced():
    t = family.timeline()
    rel = t[t["rule"] == "relation"]
    assert len(rel) == 11  # 3 (2021) + 8 (2024)
    assert set(rel["relation"]) == set(NEAR)
    assert (t["source"].str.len() > 2).all()  # no bare "同上": each row is shown alone (see uses above)
    assert t["effective_from"].is_monotonic_increasing


# --------------------------------------------------------------------------- family year, by hand


def test_family_year_by_hand_before_2024_07_26():
    # on 2024-03-01 siblings are outside the circle (国办发〔2021〕14号 only); 2024 resident premium 400 (医保发〔2024〕19号)
    res = family_year.simulate_family_year(
        1000,
        1200,
        [
            {"relation": "父母", "medical": 1500, "premium": "standard"},
            {"relation": "sibling", "medical": 800, "premium": 400},
        ],
        on="2024-03-01",
        worker_costs=300,
    )
    items = res.items
    # default order: worker 300, then premiums (parent 400 paid, sibling 400 not allowed), then medical
    assert list(items["item"]) == ["worker_medical", "resident_premium", "resident_premium", "medical", "medical"]
    assert list(items["from_account"]) == [300, 400, 0, 1500, 0]
    assert list(items["cash"]) == [0, 0, 400, 0, 800]
    assert list(items["allowed"]) == [True, True, False, True, False]
    assert "2024-07-26" in items["reason"].iloc[2]
    s = res.summary.iloc[0]
    assert (s["available"], s["paid_from_account"], s["cash"], s["interest"], s["year_end_balance"]) == (
        2200,
        2200,
        1200,
        0,
        0,
    )
    assert res.year_end_balance == 0.0
    assert "resident.individual_contribution" in set(res.sources["parameter"])


def test_family_year_with_interest_equals_project_balance():
    # salary 9000 in 2025 (national): credit 9000 × 2% × 12 = 2160 (国办发〔2021〕14号)
    # spend 1000 (self) + 2000 (spouse) = 3000: 2160 from this year's credit, 840 from the carried 5000
    # interest = (5000 − 840) × 1.10% (3-month rate, 国发〔1998〕44号) = 45.76 → 5000 + 2160 − 3000 + 45.76 = 4205.76
    res = family_year.simulate_family_year(
        5000, 2160, [{"relation": "spouse", "medical": 2000}], on="2025-07-01", worker_costs=1000
    )
    assert res.summary.iloc[0]["interest"] == pytest.approx(45.76, abs=1e-9)
    assert res.year_end_balance == pytest.approx(4205.76, abs=1e-9)
    pb = account.project_balance(9000, 40, 1, start_year=2025, opening_balance=5000, annual_spending=3000)
    assert pb["credited"].iloc[0] == 2160 and pb["balance"].iloc[0] == pytest.approx(res.year_end_balance, abs=1e-9)


def test_order_changes_who_is_paid():
    rel = [{"relation": "spouse", "medical": 700, "premium": 400}]
    default = family_year.simulate_family_year(0, 1000, rel, on="2025-03-01", worker_costs=500)
    assert list(default.items["from_account"]) == [500, 400, 100]  # worker, premium, medical
    medical_first = family_year.simulate_family_year(
        0, 1000, rel, on="2025-03-01", worker_costs=500, order=("medical", "worker", "premium")
    )
    assert list(medical_first.items["item"]) == ["medical", "worker_medical", "resident_premium"]
    assert list(medical_first.items["from_account"]) == [700, 300, 0]
    assert "余额不足" in medical_first.items["reason"].iloc[1]
    chinese = family_year.simulate_family_year(
        0, 1000, rel, on="2025-03-01", worker_costs=500, order=["医疗费", "本人", "缴费"]
    )
    pd.testing.assert_frame_equal(chinese.items, medical_first.items)


def test_cross_province_and_ltc_premium_by_date():
    rel = [{"relation": "grandparent", "medical": 300, "ltc_premium": 100, "cross_province": True}]
    before = family_year.simulate_family_year(5000, 0, rel, on="2025-10-01", interest=False)
    assert before.items["from_account"].sum() == 0 and before.items["cash"].sum() == 400
    after = family_year.simulate_family_year(5000, 0, rel, on="2026-02-01", interest=False)
    assert after.items["from_account"].sum() == 400 and after.year_end_balance == 4600
    unbound = family_year.simulate_family_year(5000, 0, [dict(rel[0], bound=False)], on="2026-02-01", interest=False)
    assert unbound.items["from_account"].sum() == 0
    # the long-term-care contribution is payable only from the 2026 notice
    local = family_year.simulate_family_year(
        5000, 0, [{"relation": "spouse", "ltc_premium": 100}], on="2025-10-01", interest=False
    )
    assert local.items.set_index("item").loc["ltc_premium", "allowed"] == False  # noqa: E712
    assert "2026-01-09" in local.items.set_index("item").loc["ltc_premium", "reason"]


def test_per_person_and_duplicate_relations():
    res = family_year.simulate_family_year(
        0,
        5000,
        [
            {"relation": "父亲", "medical": 100},
            {"relation": "母亲", "medical": 200},
            {"relation": "parent", "medical": 50},
            {"relation": "parent", "medical": 25},
        ],
        on="2025-03-01",
    )
    per = res.per_person()
    assert list(per["who"]) == ["本人", "父亲", "母亲", "父母", "父母2"]
    assert list(per["from_account"]) == [0, 100, 200, 50, 25]


def test_dataframe_input_equals_list_input():
    rows = [
        {"relation": "spouse", "medical": 1200.5, "premium": 400},
        {"relation": "child", "medical": 99.99, "premium": 0},
    ]
    a = family_year.simulate_family_year(800, 1000, rows, on="2025-03-01")
    b = family_year.simulate_family_year(800, 1000, pd.DataFrame(rows), on="2025-03-01")
    pd.testing.assert_frame_equal(a.items, b.items)
    pd.testing.assert_frame_equal(a.summary, b.summary)


def test_dataframe_blank_cells_mean_not_given():
    table = pd.DataFrame(
        [
            {"relation": "spouse", "medical": 100.0, "premium": 400.0, "name": "王芳"},
            {"relation": "child", "medical": 50.0},
        ]
    )
    res = family_year.simulate_family_year(0, 1000, table, on="2025-03-01")
    assert list(res.per_person()["who"]) == ["本人", "王芳", "子女"]
    assert res.summary["paid_from_account"].iloc[0] == 550


def test_vector_of_balances_equals_scalar_runs():
    balances = np.array([0, 250.5, 1000, 3000, 12000])
    rel = [{"relation": "spouse", "medical": 1500, "premium": 400}, {"relation": "sibling", "medical": 900}]
    vec = family_year.simulate_family_year(balances, 600, rel, on="2025-03-01", worker_costs=800)
    assert vec.vector and list(vec.summary["scenario"]) == list(range(5))
    for i, b in enumerate(balances):
        one = family_year.simulate_family_year(float(b), 600, rel, on="2025-03-01", worker_costs=800)
        got = vec.items[vec.items["scenario"] == i].drop(columns="scenario").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, one.items)
        assert vec.year_end_balance[i] == one.year_end_balance


# --------------------------------------------------------------------------- properties

money = st.floats(min_value=0, max_value=50_000, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 2))
relative = st.fixed_dictionaries(
    {
        "relation": st.sampled_from(NEAR + ["配偶", "外祖父母"]),
        "medical": money,
        "premium": st.sampled_from([0, 380, 400, "standard"]),
        "ltc_premium": st.sampled_from([0, 0, 120]),
        "cross_province": st.booleans(),
    }
)
dates = st.sampled_from(["2020-06-01", "2021-06-01", "2024-03-01", "2024-08-01", "2025-07-01", "2026-03-01"])
orders = st.permutations(["worker", "premium", "medical"])


def _fen(x):
    return np.round(np.asarray(x, dtype=float) * 100).astype(np.int64)


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(
    balance=st.lists(money, min_size=1, max_size=4),
    credit=money,
    worker=money,
    relatives=st.lists(relative, max_size=4),
    on=dates,
    order=orders,
)
def test_money_conserved_never_negative_order_respected(balance, credit, worker, relatives, on, order):
    res = family_year.simulate_family_year(balance, credit, relatives, on=on, order=tuple(order), worker_costs=worker)
    items, summary = res.items, res.summary
    # every item: amount = from account + cash, to the fen; nothing negative
    assert (_fen(items["amount"]) == _fen(items["from_account"]) + _fen(items["cash"])).all()
    assert (items[["amount", "from_account", "cash"]] >= 0).all().all()
    assert not items.loc[~items["allowed"], "from_account"].any()
    # the year: opening + credit + interest = paid from account + year-end balance, exactly
    lhs = _fen(summary["opening_balance"]) + _fen(summary["credit"]) + _fen(summary["interest"])
    rhs = _fen(summary["paid_from_account"]) + _fen(summary["year_end_balance"])
    assert (lhs == rhs).all()
    assert (summary["year_end_balance"] >= 0).all() and (summary["interest"] >= 0).all()
    assert (_fen(summary["paid_from_account"]) <= _fen(summary["available"])).all()
    # priority: once an allowed item is not fully paid, no later item gets anything from the account
    for _, grp in items.groupby("scenario"):
        short = grp["allowed"] & (grp["cash"] > 0)
        if short.any():
            first = int(np.argmax(short.to_numpy()))
            assert grp["from_account"].iloc[first + 1 :].sum() == 0
        else:  # everything allowed was paid
            assert (grp.loc[grp["allowed"], "cash"] == 0).all()
    # category order follows `order`
    rank = {
        "worker_medical": order.index("worker"),
        "resident_premium": order.index("premium"),
        "ltc_premium": order.index("premium"),
        "medical": order.index("medical"),
    }
    ranks = items[items["scenario"] == 0]["item"].map(rank).to_numpy()
    assert (np.diff(ranks) >= 0).all()


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(
    balance=st.lists(money, min_size=2, max_size=4),
    credit=money,
    worker=money,
    relatives=st.lists(relative, max_size=3),
    on=dates,
)
def test_vector_equals_scalar(balance, credit, worker, relatives, on):
    vec = family_year.simulate_family_year(balance, credit, relatives, on=on, worker_costs=worker)
    for i, b in enumerate(balance):
        one = family_year.simulate_family_year(b, credit, relatives, on=on, worker_costs=worker)
        assert vec.summary.drop(columns="scenario").iloc[i].to_dict() == one.summary.iloc[0].to_dict()
        got = vec.items[vec.items["scenario"] == i].drop(columns="scenario").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, one.items)


@settings(deadline=None)  # examples: the hypothesis profile (tests/conftest.py)
@given(
    salary=st.floats(min_value=0, max_value=60_000).map(lambda x: round(x, 2)),
    age=st.integers(18, 59),
    year=st.integers(2016, 2027),
    opening=money,
    spend=money,
)
def test_matches_account_project_balance(salary, age, year, opening, spend):
    """With the year's credit from account.project_balance, the family year ends where the projection ends."""
    pb = account.project_balance(
        salary, age, 1, start_year=year, opening_balance=opening, annual_spending=spend, retire_age=60
    )
    res = family_year.simulate_family_year(
        opening, float(pb["credited"].iloc[0]), on=f"{year}-07-01", worker_costs=spend
    )
    assert res.year_end_balance == pytest.approx(float(pb["balance"].iloc[0]), abs=1e-9)
    assert res.summary["paid_from_account"].iloc[0] == pytest.approx(float(pb["spent"].iloc[0]), abs=1e-9)


# --------------------------------------------------------------------------- bad input


def assert_bilingual(exc, param):
    msg = str(exc.value)
    assert isinstance(exc.value, ValueError)
    assert f"参数 {param} " in msg and f"Invalid {param} = " in msg, msg
    assert CJK.search(msg.splitlines()[0]) and not CJK.search(msg.splitlines()[1].split("=")[0])


@pytest.mark.parametrize(
    "call, param",
    [
        (lambda: family.may_use("cousin", "2025-01-01"), "relation"),
        (lambda: family.may_use("表兄弟", "2025-01-01"), "relation"),
        (lambda: family.may_use(None, "2025-01-01"), "relation"),
        (lambda: family.may_use("spouse", "2024-13-01"), "on"),
        (lambda: family.may_use("spouse", "2024/08/01"), "on"),
        (lambda: family.may_use("spouse", "yesterday"), "on"),
        (lambda: family.may_use("spouse", 1850), "on"),
        (lambda: family.may_use("spouse", "2025-01-01", cross_province="yes"), "cross_province"),
        (lambda: family.rule("spouse", "2025-01-01", region="atlantis"), "region"),
        (lambda: family_year.simulate_family_year(-1, 0, on="2025-01-01"), "balance"),
        (lambda: family_year.simulate_family_year(0, float("nan"), on="2025-01-01"), "yearly_credit"),
        (lambda: family_year.simulate_family_year(0, 0, on="2025-01-01", worker_costs=-5), "worker_costs"),
        (
            lambda: family_year.simulate_family_year(0, 0, [{"relation": "spouse", "medical": -100}], on="2025-01-01"),
            "relatives[0].medical",
        ),
        (
            lambda: family_year.simulate_family_year(
                0, 0, [{"relation": "spouse"}, {"relation": "child", "premium": -1}], on="2025-01-01"
            ),
            "relatives[1].premium",
        ),
        (
            lambda: family_year.simulate_family_year(0, 0, [{"relation": "cousin"}], on="2025-01-01"),
            "relatives[0].relation",
        ),
        (lambda: family_year.simulate_family_year(0, 0, [{"medical": 5}], on="2025-01-01"), "relatives[0].relation"),
        (
            lambda: family_year.simulate_family_year(0, 0, [{"relation": "spouse", "cost": 5}], on="2025-01-01"),
            "relatives[0].cost",
        ),
        (lambda: family_year.simulate_family_year(0, 0, ["spouse"], on="2025-01-01"), "relatives[0]"),
        (lambda: family_year.simulate_family_year(0, 0, "spouse", on="2025-01-01"), "relatives"),
        (lambda: family_year.simulate_family_year(0, 0, on="2025-01-01", order=("worker", "medical")), "order"),
        (
            lambda: family_year.simulate_family_year(0, 0, on="2025-01-01", order=("worker", "worker", "medical")),
            "order",
        ),
        (lambda: family_year.simulate_family_year(0, 0, on="2025-01-01", order="worker"), "order"),
        (lambda: family_year.simulate_family_year(0, 0, on="2025-02-30"), "on"),
        (lambda: family_year.simulate_family_year([1, 2], [1, 2, 3], on="2025-01-01"), "balance"),
        (
            lambda: family_year.simulate_family_year(
                [1, 2], 0, [{"relation": "spouse", "medical": [1, 2, 3]}], on="2025-01-01"
            ),
            "balance",
        ),
        (
            lambda: family_year.simulate_family_year(
                1,
                0,
                [{"relation": "spouse", "medical": [1, 2]}, {"relation": "child", "medical": [1, 2, 3]}],
                on="2025-01-01",
            ),
            "relatives[0].medical",
        ),
        (
            lambda: family_year.simulate_family_year(
                0, 0, [{"relation": "spouse", "premium": "standard"}], on="2015-01-01"
            ),
            "relatives[0].premium",
        ),
    ],
)
def test_bad_input_is_bilingual_and_names_the_parameter(call, param):
    with pytest.raises(YibaoInputError) as exc:
        call()
    assert_bilingual(exc, param)


def test_relative_amounts_may_be_scenarios():
    # three scenarios of a parent's medical costs; the worker's account (1000 + 600) pays the premium first
    res = family_year.simulate_family_year(
        1000, 600, [{"relation": "parent", "medical": [0, 1000, 5000], "premium": 400}], on="2025-03-01", interest=False
    )
    assert list(res.summary["paid_from_account"]) == [400, 1400, 1600]
    assert list(res.summary["cash"]) == [0, 0, 3800]  # 5000 − (1600 − 400)
    assert list(res.year_end_balance) == [1200, 200, 0]


def test_charts_show_the_data():
    import warnings

    from yibao_helpers.present.charts import family as charts_family

    res = family_year.simulate_family_year(
        1000,
        1200,
        [{"relation": "母亲", "medical": 1500, "premium": 400}, {"relation": "sibling", "medical": 800}],
        on="2024-03-01",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing CJK glyph is a UserWarning
        fig = charts_family.plot_family_year(res)
        fig.canvas.draw()
    ax = fig.axes[0]
    per = res.per_person()
    widths = [round(p.get_width(), 2) for p in ax.patches]
    assert widths == list(per["from_account"]) + list(per["cash"])
    assert [t.get_text() for t in ax.get_yticklabels()] == list(per["who"])
    assert "国办发〔2021〕14号" in fig.texts[-1].get_text()
    fig = charts_family.plot_family_timeline()
    ax = fig.axes[0]
    assert len(ax.patches) == 11  # 3 relations under the 2021 rule + 8 under the 2024 rule
    assert [t.get_text() for t in ax.get_yticklabels()][::-1][:3] == ["配偶", "父母", "子女"]
