"""Bad-input matrix (issue "Hardening", item 3): every public calculator × every parameter × every bad class.

Each function has one entry in ``SPECS``: the keyword arguments of a valid call and, per parameter, the bad
classes that apply to it (negative, zero where not allowed, NaN, inf, wrong type, out-of-range age/year/date,
unknown choice, empty array, arrays of mismatched length). Every (function, parameter, bad class) is one
pytest id, ``<module.function>-<parameter>-<class>``. Each case must raise
:class:`yibao_helpers.errors.YibaoInputError` (a ``ValueError``) whose message names the parameter and has a
Chinese line and an English line (design.md: "one exception type for bad input") — never a bare pandas /
numpy / KeyError / TypeError traceback, never a silent number.

A bad class that is genuinely valid for a parameter is left out of that parameter's list, with a comment
saying why (e.g. a cost of 0 is a bill of 0 yuan). Parameters named ``a.b`` are fields of a dict argument
(``before.age``); ``a[0].b`` is a field of the first dict of a list argument (``relatives[0].medical``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest

from yibao_helpers.core.errors import YibaoInputError

CJK = re.compile(r"[\u4e00-\u9fff]")
NAN, INF = math.nan, math.inf


# --------------------------------------------------------------------------- values built at test time


@dataclass(frozen=True)
class Lazy:
    """A value computed when the case runs (a Policy, a result table), not at collection."""

    make: object

    def get(self):
        return self.make()


@dataclass(frozen=True)
class Over:
    """A bad class that sets several arguments at once (arrays of mismatched length)."""

    values: dict


def _policy():
    from yibao_helpers import load_policy

    return load_policy("national", 2024)


def _table():
    from yibao_helpers.rules import benefits

    return benefits.benefit_table(_policy(), scheme="employee")


def _change_table():
    from yibao_helpers.rules import balance_change

    return balance_change.explain_change(SITUATION_A, SITUATION_B)


POLICY = Lazy(_policy)
TABLE = Lazy(_table)
CHANGE_TABLE = Lazy(_change_table)
SITUATION_A = {"monthly_salary": 8000, "age": 40, "year": 2024}
SITUATION_B = {"monthly_salary": 9000, "age": 41, "year": 2025}
EDGES, RATIOS = np.array([0.0, 10_000.0]), np.array([0.6, 0.7])


# --------------------------------------------------------------------------- the bad classes

NEGATIVE = ("negative", -1)
ZERO = ("zero", 0)
IS_NAN = ("nan", NAN)
IS_INF = ("inf", INF)
MINUS_INF = ("minus_inf", -INF)
TEXT = ("str", "100")  # text that looks like a number: never coerced silently
BOOL = ("bool", True)  # True == 1 must not pass as a number or a choice
NONE = ("none", None)
LIST = ("list_for_scalar", [1, 2])
EMPTY = ("empty", [])
AGE_200 = ("age_200", 200)
AGE_MINUS_1 = ("age_-1", -1)
YEAR_1800 = ("year_1800", 1800)
YEAR_2200 = ("year_2200", 2200)
BAD_DATE = ("date_2024-13-01", "2024-13-01")
UNKNOWN = ("unknown", "atlantis")


def money(*, scalar=False, required=True, mismatch=None):
    """An amount in yuan, ≥ 0. Zero is always valid (a bill, a balance, a salary of 0: the floor applies)."""
    out = [NEGATIVE, IS_NAN, IS_INF, MINUS_INF, TEXT, BOOL]
    out += [NONE] if required else []  # optional amounts: None means "not given" (a default applies)
    out += [LIST] if scalar else [EMPTY]
    out += [("mismatched", Over(mismatch))] if mismatch else []
    return out


def number(*, lo_bad, hi_bad, scalar=True, required=True, zero_ok=True, mismatch=None, fraction=None):
    """A bounded number: ``lo_bad``/``hi_bad`` are (class, value) just outside the allowed range."""
    out = [c for c in (lo_bad, hi_bad) if c] + [IS_NAN, IS_INF, TEXT, BOOL]
    out += [NONE] if required else []
    out += [LIST] if scalar else [EMPTY]
    out += [] if zero_ok else [ZERO]
    out += [("fraction", fraction)] if fraction is not None else []
    out += [("mismatched", Over(mismatch))] if mismatch else []
    return out


def age(*, scalar=True, required=True, mismatch=None):
    return number(lo_bad=AGE_MINUS_1, hi_bad=AGE_200, scalar=scalar, required=required, mismatch=mismatch) + [
        ("age_15", 15)
    ]


def year(*, required=False, lookup=False):
    """A calendar year: one range, 1900–2200 (core.dates.YEAR_MIN/MAX), for a rule year and the first year of a
    projection alike (a projection must also end by 2200: see ``horizon``). None means the newest data where
    allowed. ``lookup`` is kept for the call sites' documentation (the range is the same)."""
    out = [YEAR_1800, ("year_2201", 2201), TEXT, ("float", 2024.5), ("list", [2024])]
    out += [BOOL, IS_NAN]
    return out + ([NONE] if required else [])


# 'on' / 'year' given as a date: a datetime.date, 'YYYY-MM-DD', 'YYYY-MM' or a year meaning 1 July of it.
# Years 1900–2200 are accepted (2200 is valid here: the data's open-ended rows are in force), so the
# out-of-range years are 1800 and 2201. None means the newest data.
ON = [YEAR_1800, ("year_2201", 2201), BAD_DATE, ("date_2024-02-30", "2024-02-30"), ("text", "tomorrow")]
ON += [("list", [2024]), ("float", 2024.5), BOOL, IS_NAN]
REGION = [UNKNOWN, ("wrong_case", "Beijing"), NONE, ("int", 5), ("list", ["beijing"])]


def choice(*, required=True, extra=()):
    out = [UNKNOWN, ("int", 99), ("list", ["x"]), BOOL] + list(extra)
    return out + ([NONE] if required else [])


FLAG = [("str", "yes"), ("int", 1), NONE, ("list", [True])]  # True / False only: "no" would be truthy
POLICY_BAD = [("str", "national"), NONE, ("dict", {"employee.individual_rate": 0.02})]
BIRTH = [
    ("date_1970-13-01", "1970-13-01"),
    ("date_1970-02-30", "1970-02-30"),
    ("year_1800", "1800-01"),
    ("year_2200", "2200-01"),
    ("int", 1970),
    ("float", 1970.5),
    ("text", "tomorrow"),
    NONE,
    ("bad_in_list", ["1970-05", "x"]),
]


# --------------------------------------------------------------------------- the functions


@dataclass
class Spec:
    valid: dict
    bad: dict
    expect: dict = field(default_factory=dict)  # 'param' or 'param/class' → the name the error carries, if another


MISMATCH_PB = {"monthly_salary": [8000, 9000], "age": [30, 40, 50]}
SLIP_VALID = dict(medfee_sumamt=10000, inscp_scp_amt=9000, act_pay_dedc=1000, hifp_pay=6400, psn_cash_pay=3600)
SLIP_FIELDS = [
    "medfee_sumamt",
    "inscp_scp_amt",
    "act_pay_dedc",
    "hifp_pay",
    "fulamt_ownpay_amt",
    "preselfpay_amt",
    "hifmi_pay",
    "hifob_pay",
    "acct_pay",
    "psn_cash_pay",
    "overlmt_selfpay",
    "cvlserv_pay",
    "hifes_pay",
    "maf_pay",
]
LEVEL = [("level_4", 4), ("level_0", 0), ("text", "四级"), BOOL, NONE, ("list", [[3]])]
TIER = [("tier_4", 4), UNKNOWN, BOOL, NONE, ("list", [[1]])]
GROUP = [UNKNOWN, NONE, ("int", 1), BOOL, ("list", [["male"]])]  # male / female_cadre / female_worker
SHARE = [NEGATIVE, ("above_1", 1.5), IS_NAN, IS_INF, TEXT, BOOL, NONE, EMPTY]
SCALAR_SHARE = [NEGATIVE, ("above_1", 1.5), IS_NAN, IS_INF, TEXT, BOOL, NONE, LIST]
REGIME = choice(required=False)  # None: the regime of the year by date
ADMISSION = number(lo_bad=NEGATIVE, hi_bad=("huge", 1000), zero_ok=False, fraction=1.5)
RETIRE_AGE = number(lo_bad=AGE_MINUS_1, hi_bad=AGE_200, required=False)  # None: the data's default
PENSION_AGE = [AGE_200, AGE_MINUS_1, ("below_table", 30), IS_NAN, TEXT, BOOL, NONE, EMPTY]
EXTRA_MONTHS = [NEGATIVE, ("month_12", 12), ("fraction", 1.5), IS_NAN, TEXT, BOOL, NONE, EMPTY]
DIVISOR = [ZERO, NEGATIVE, IS_NAN, IS_INF, TEXT, BOOL, EMPTY]  # None: computed from the age
INDEX = number(lo_bad=NEGATIVE, hi_bad=("index_20", 20), scalar=False)
YEARS80 = number(lo_bad=NEGATIVE, hi_bad=("years_200", 200), scalar=False)  # 0 years is valid: no pension yet


def situation_fields(name: str) -> dict:
    """Bad classes of each field of a Situation dict (balance_change)."""
    return {
        name: [("str", "x"), NONE, ("list", [SITUATION_A]), ("int", 5)],
        f"{name}.monthly_salary": money(scalar=True),
        f"{name}.age": age(),
        f"{name}.year": [
            ("year_1998", 1998),
            ("year_2201", 2201),
            TEXT,
            ("float", 2024.5),
            ("list", [2024]),
            BOOL,
            NONE,
        ],
        f"{name}.region": REGION,
        f"{name}.annual_spending": money(scalar=True),
        f"{name}.opening_balance": money(scalar=True),
        f"{name}.has_account": FLAG,
        f"{name}.tier": TIER,
        f"{name}.regime": REGIME,
        f"{name}.retire_age": RETIRE_AGE,
        f"{name}.monthly_pension": money(scalar=True, required=False),
        f"{name}.no_such_field": [("unknown_field", 1)],
    }


SPECS: dict[str, Spec] = {
    # ------------------------------------------------------------------ policy
    "params.policy.load_policy": Spec(
        dict(region="national", on=2024),
        {"region": REGION, "on": ON, "data_dir": [("int", 5), ("missing_dir", "/nonexistent/yibao-data")]},
    ),
    "params.store.region_name": Spec(dict(code="beijing"), {"code": REGION}),
    # the user's own CSV (issue 13, item 7); the valid call None keeps the project's data only (no state changes)
    "params.store.use_policy_file": Spec(
        dict(path=None),
        {"path": [("int", 5), BOOL, ("list", ["policy.csv"]), ("missing_file", "/nonexistent/policy.csv")]},
        expect={"path": "policy_file"},
    ),
    # ------------------------------------------------------------------ account
    "rules.account.policy_for_year": Spec(
        dict(region="national", year=2024), {"region": REGION, "year": year(required=True, lookup=True)}
    ),
    "rules.account.base_limits": Spec(dict(policy=POLICY), {"policy": POLICY_BAD}),
    "rules.account.contribution_base": Spec(
        dict(policy=POLICY, monthly_salary=8000), {"policy": POLICY_BAD, "monthly_salary": money()}
    ),
    "rules.account.regime_of": Spec(
        dict(policy=POLICY, year=2024, regime=None),
        {"policy": POLICY_BAD, "year": year(required=True, lookup=True), "regime": REGIME},
    ),
    "rules.account.monthly_credit": Spec(
        dict(policy=POLICY, regime="post_2021", base=6000.0, age=40, retired=False),
        {
            "policy": POLICY_BAD,
            "regime": choice(),  # required here: the caller knows the regime (regime_of)
            "base": money(mismatch={"base": [6000, 7000], "age": [30, 40, 50]}),
            "age": age(scalar=False, mismatch={"age": [30, 40], "base": [1, 2, 3]}),
            "retired": FLAG[:3] + [EMPTY, ("mismatched", Over({"retired": [True, False], "base": [1, 2, 3]}))],
            "monthly_pension": money(required=False, mismatch={"monthly_pension": [1, 2], "base": [1, 2, 3]}),
        },
    ),
    "rules.account.project_balance": Spec(
        dict(monthly_salary=8000, age=30, years=5, start_year=2024),
        {
            "monthly_salary": money(mismatch=MISMATCH_PB) + [("huge", 1e12)],
            "age": age(scalar=False, mismatch={"age": [30, 40], "monthly_salary": [1, 2, 3]}),
            "years": number(lo_bad=NEGATIVE, hi_bad=("past_age_100", 80), zero_ok=False, fraction=2.5),
            "region": REGION,
            "start_year": year(),
            # negative growth is valid (a salary cut) down to −50 %/year
            "salary_growth": number(lo_bad=("below_-50pct", -0.9), hi_bad=("500pct", 5)),
            "annual_spending": money(mismatch={"annual_spending": [1, 2], "monthly_salary": [1, 2, 3]}),
            "retire_age": RETIRE_AGE,
            # the group of the statutory retirement age (M3), used when retire_age is not given
            "group": GROUP,
            "interest_rate": number(lo_bad=NEGATIVE, hi_bad=("as_percent", 1.5), required=False),
            "regime": REGIME,
            "opening_balance": money(mismatch={"opening_balance": [1, 2], "monthly_salary": [1, 2, 3]}),
            "monthly_pension": money(required=False, mismatch={"monthly_pension": [1, 2], "monthly_salary": [1, 2, 3]}),
            # a single year is valid (one gap year); () means no gap; 1990–2200 (a gap after the projection is harmless)
            "gap_years": [YEAR_1800, ("year_2201", 2201), ("str", ["2025"]), ("text", "2025"), ("nan", [NAN]), NONE],
        },
    ),
    # the statutory retirement age of the 2024 reform for people of these ages in start_year (M3)
    "rules.account.statutory_retire_age": Spec(
        dict(ages=[30], start_year=2024, group="male"),
        {"ages": age(scalar=False), "start_year": year(required=True), "group": GROUP},
    ),
    "rules.account_trace.trace_year": Spec(
        dict(monthly_salary=8000, age=30, year=2024),
        {
            "monthly_salary": money(scalar=True),
            "age": age(),
            "year": year(required=True),
            "region": REGION,
            "regime": REGIME,
            "retire_age": RETIRE_AGE,
            "opening_balance": money(scalar=True),
            "annual_spending": money(scalar=True),
            "monthly_pension": money(scalar=True, required=False),
        },
    ),
    # ------------------------------------------------------------------ outpatient
    "rules.outpatient.level_code": Spec(dict(level=3), {"level": LEVEL}, expect={"level": "hospital_level"}),
    "rules.outpatient.pool_ratio": Spec(
        dict(policy=POLICY, level=3, member="in_service"),
        {"policy": POLICY_BAD, "level": LEVEL + [EMPTY], "member": choice()},
        expect={"level": "hospital_level"},
    ),
    "rules.outpatient.limit_parameter": Spec(
        dict(policy=POLICY, member="in_service"), {"policy": POLICY_BAD, "member": choice()}
    ),
    "rules.outpatient.annual_limit": Spec(
        dict(policy=POLICY, member="in_service"), {"policy": POLICY_BAD, "member": choice()}
    ),
    "rules.outpatient.pool_year": Spec(
        dict(costs=[500, 1000], on=2024),
        {
            "costs": money(),
            "region": REGION,
            "on": ON,
            "hospital_level": LEVEL[:-1]
            + [EMPTY, ("mismatched", Over({"hospital_level": [1, 2], "costs": [1, 2, 3]}))],
            "member": choice(),
        },
    ),
    "rules.outpatient.limit_by_month": Spec(
        dict(monthly_cost=500, years=2, start_year=2024),
        {
            "monthly_cost": money() + [("five_months", [100] * 5)],
            "years": number(lo_bad=NEGATIVE, hi_bad=("years_200", 200), zero_ok=False, fraction=1.5),
            "region": REGION,
            "start_year": year(),
            "hospital_level": LEVEL,
            "member": choice(),
        },
    ),
    # ------------------------------------------------------------------ benefits and reimbursement
    "rules.banded.banded": Spec(
        dict(x=5000.0, start=1000.0, edges=EDGES, ratios=RATIOS),
        {
            "x": money(),
            "start": money(scalar=True),
            "edges": [
                ("not_ascending", Over({"edges": [0, 10_000, 5_000], "ratios": [0.6, 0.7, 0.8]})),
                ("first_not_0", [100, 10_000]),
                ("nan", [0, NAN]),
                ("negative", [0, -5]),
                TEXT,
                NONE,
                EMPTY,
                ("mismatched", [0, 10_000, 50_000]),
            ],
            "ratios": [
                ("above_1", [0.6, 1.5]),
                ("negative", [0.6, -0.1]),
                ("nan", [0.6, NAN]),
                TEXT,
                NONE,
                EMPTY,
                ("mismatched", [0.6, 0.7, 0.8]),
            ],
            "overwrite": FLAG,
        },
        expect={"edges/mismatched": "ratios"},  # one ratio per edge: the error names ratios and edges' length
    ),
    "rules.banded.banded_inverse": Spec(
        dict(target=2000.0, start=1000.0, edges=EDGES, ratios=RATIOS),
        {
            "target": money(),
            "start": money(scalar=True),
            "edges": [("not_ascending", [0, -1]), ("nan", [0, NAN]), TEXT, NONE, EMPTY, ("mismatched", [0, 1, 2])],
            "ratios": [("above_1", [0.6, 1.5]), ("nan", [0.6, NAN]), TEXT, NONE, EMPTY, ("mismatched", [0.6])],
        },
        expect={"edges/mismatched": "ratios"},
    ),
}

BENEFIT_TABLE_BAD = {
    "policy": POLICY_BAD,
    "scheme": choice(),
    "setting": choice(),
    "hospital_level": LEVEL,
    "member": choice(),
    "admission": ADMISSION,
    "referral": choice(),
    "age": number(lo_bad=AGE_MINUS_1, hi_bad=AGE_200, required=False),  # None: no age-dependent parameter
}
SPECS["rules.benefits.benefit_table"] = Spec(dict(policy=POLICY, scheme="employee"), BENEFIT_TABLE_BAD)
SPECS["rules.benefits.cached_benefit_table"] = Spec(dict(policy=POLICY, scheme="employee"), BENEFIT_TABLE_BAD)
SPECS["rules.reimburse.reimburse"] = Spec(
    dict(cost=10_000, scheme="employee", year=2024),
    {
        # a cost of 0 is valid: nothing to pay
        "cost": money(mismatch={"cost": [1, 2], "excluded_share": [0.1, 0.2, 0.3]}),
        "scheme": choice(),
        "setting": choice(),
        "hospital_level": LEVEL,
        "member": choice(),
        "region": REGION,
        "year": ON,
        "excluded_share": SHARE + [("mismatched", Over({"excluded_share": [0.1, 0.2], "cost": [1, 2, 3]}))],
        "partial_share": SHARE + [("mismatched", Over({"partial_share": [0.1, 0.2], "cost": [1, 2, 3]}))],
        "ytd_fund_paid": money(mismatch={"ytd_fund_paid": [1, 2], "cost": [1, 2, 3]}),
        "admission": ADMISSION,
        "referral": choice(),
        "account_balance": money(mismatch={"account_balance": [1, 2], "cost": [1, 2, 3]}),
        "age": number(lo_bad=AGE_MINUS_1, hi_bad=AGE_200, required=False),
    },
)
SPECS["rules.reimburse.settle"] = Spec(
    dict(t=TABLE, x=np.array([10_000.0]), es=0.0, ps=0.0, ytd=0.0, balance=0.0),
    {
        "t": [("str", "employee"), NONE, ("policy", POLICY)],
        "x": money(mismatch={"x": [1, 2], "es": [0.1, 0.2, 0.3]}),
        "es": SHARE,
        "ps": SHARE,
        "ytd": money(),
        "balance": money(),
    },
)
SPECS["rules.slip.explain_slip"] = Spec(
    dict(SLIP_VALID),
    {
        **{f: money(scalar=True) for f in SLIP_FIELDS},
        "region": [c for c in REGION if c != NONE],  # None: no comparison with the data
        "year": ON,  # checked even without region, so that a typo is never ignored
        "scheme": choice(required=False),  # None: compare every scheme / setting / level / member
        "setting": choice(required=False),
        "hospital_level": [c for c in LEVEL if c != NONE],
        "member": choice(required=False),
        "age": number(lo_bad=AGE_MINUS_1, hi_bad=AGE_200, required=False),
    },
)
# ------------------------------------------------------------------ contribution and flexible employment
SPECS["rules.contribution.employee_flows"] = Spec(
    dict(monthly_salary=8000, year=2024),
    {
        "monthly_salary": money(mismatch={"monthly_salary": [1, 2], "age": [30, 40, 50]}),
        "region": REGION,
        "year": year(),
        "age": age(scalar=False, mismatch={"age": [30, 40], "monthly_salary": [1, 2, 3]}),
        "member": choice(),
        "tier": TIER,
        "regime": REGIME,
        "monthly_pension": money(required=False, mismatch={"monthly_pension": [1, 2], "monthly_salary": [1, 2, 3]}),
    },
)
SPECS["rules.contribution.resident_flows"] = Spec(
    dict(year=2024),
    {
        # a list of years is valid (one row per year)
        "year": [
            YEAR_1800,
            ("year_2201", 2201),
            TEXT,
            ("float", 2024.5),
            BOOL,
            IS_NAN,
            EMPTY,
            ("bad_in_list", [2024, 1800]),
        ],
        "region": REGION,
        "tier": [("tier_3", 3)] + TIER,
    },
)
SPECS["rules.flexible.base_range"] = Spec(dict(year=2024), {"region": REGION, "year": year()})
SPECS["rules.flexible.flexible_cost"] = Spec(
    dict(base_ratio=0.6, year=2024),
    {
        "base_ratio": [NEGATIVE, ZERO, ("above_ceiling", 5)] + money()[1:],
        "tier": TIER,
        "region": REGION,
        "year": year(),
        "age": age(scalar=False),
    },
)
# the chosen monthly base (ratio × last year's average monthly wage, to the fen): the ratio is the page's input, with
# the same bad classes as flexible_cost's base_ratio (below the floor, above the ceiling, not a number); an array is
# valid (one base per ratio)
SPECS["rules.flexible.chosen_base"] = Spec(
    dict(ratio=0.6, year=2024),
    {
        "ratio": [NEGATIVE, ZERO, ("above_ceiling", 5)] + money()[1:],
        "region": REGION,
        "year": year(),
    },
)
SPECS["rules.flexible.compare_with_resident"] = Spec(
    dict(base_ratio=0.6, year=2024),
    {
        "base_ratio": [ZERO, ("above_ceiling", 5)] + money(scalar=True),
        "tiers": [("tier_4", [4]), UNKNOWN, NONE, EMPTY, BOOL],
        "region": REGION,
        "year": year(),
        "age": age(),
    },
)
# ------------------------------------------------------------------ family mutual aid
RELATION = [UNKNOWN, NONE, ("int", 1), ("list", ["spouse"]), BOOL]
SPECS["rules.family.relation_code"] = Spec(dict(relation="spouse"), {"relation": RELATION})
for _name in ("rules.family.may_use", "rules.family.rule"):
    SPECS[_name] = Spec(
        dict(relation="spouse", on=2025),
        {"relation": RELATION, "on": ON, "cross_province": FLAG, "bound": FLAG, "region": REGION},
    )
SPECS["rules.family.scope"] = Spec(dict(on=2025), {"on": ON, "region": REGION})
SPECS["rules.family.uses"] = Spec(dict(on=2025), {"on": ON, "region": REGION})
SPECS["rules.family.timeline"] = Spec(dict(region="national"), {"region": REGION})
SPECS["rules.family_year.simulate_family_year"] = Spec(
    dict(balance=5000, yearly_credit=2160, relatives=[{"relation": "spouse", "medical": 2000}], on=2025),
    {
        "balance": money(mismatch={"balance": [1, 2], "yearly_credit": [1, 2, 3]}),
        "yearly_credit": money(mismatch={"yearly_credit": [1, 2], "balance": [1, 2, 3]}),
        "relatives": [("str", "spouse"), ("int", 5)],
        "relatives[0]": [("str_in_list", "spouse")],
        "relatives[0].relation": RELATION,
        "relatives[0].medical": money(mismatch={"relatives[0].medical": [1, 2], "balance": [1, 2, 3]}),
        "relatives[0].premium": money() + [("unknown_text", "abc")],
        "relatives[0].ltc_premium": money(),
        "relatives[0].cross_province": FLAG[:2] + [("list", [True])],  # None: not given (False)
        "relatives[0].bound": FLAG[:2] + [("list", [True])],
        "relatives[0].no_such_field": [("unknown_field", 1)],
        "on": ON,  # None: the newest data
        "order": [
            ("str", "worker"),
            ("unknown", ["worker", "premium", "boss"]),
            ("duplicate", ["worker", "worker", "medical"]),
            ("missing", ["worker", "premium"]),
            NONE,
        ],
        "worker_costs": money(mismatch={"worker_costs": [1, 2], "balance": [1, 2, 3]}),
        "region": REGION,
        "interest": FLAG,
    },
)
# ------------------------------------------------------------------ gaps
GAP_YEARS = number(lo_bad=NEGATIVE, hi_bad=("years_200", 200), scalar=False, fraction=1.5)
GAP_MONTHS = number(lo_bad=NEGATIVE, hi_bad=("months_2000", 2000), scalar=False, fraction=1.5)
SPECS["rules.gaps.restart_month"] = Spec(
    dict(paid_on=dt.date(2025, 1, 15), waiting_months=3),
    {
        "paid_on": [BAD_DATE, YEAR_1800, ("text", "tomorrow"), NONE, ("float", 2024.5), ("list", [2024])],
        "waiting_months": GAP_MONTHS,
    },
)
SPECS["rules.gaps.resident_waiting"] = Spec(
    dict(gap_years=2, made_up_years=1, paid_on=2025),
    {
        "gap_years": GAP_YEARS + [("mismatched", Over({"gap_years": [1, 2], "made_up_years": [0, 0, 0]}))],
        "made_up_years": GAP_YEARS + [("more_than_gap", 3)],
        "paid_on": ON,
        "in_enrollment_period": FLAG,
        "exempt": FLAG,
        "region": REGION,
    },
)
SPECS["rules.gaps.employee_waiting"] = Spec(
    dict(gap_months=2, paid_on=2025),
    {
        "gap_months": GAP_MONTHS,
        "paid_on": ON,
        "region": REGION,
        "employment": choice(),
        "made_up": FLAG,
        "first_enrolment": FLAG,
    },
)
SPECS["rules.gaps.restart_date"] = Spec(
    dict(scheme="resident", paid_on=2025),
    {
        "scheme": choice(),
        "paid_on": ON,
        "region": REGION,
        # one person: single numbers only; every argument is checked whichever scheme it belongs to
        "gap_years": [c for c in GAP_YEARS if c != EMPTY] + [LIST],
        "made_up_years": [NEGATIVE, IS_NAN, TEXT, NONE, LIST, ("more_than_gap", 3)],
        "gap_months": [c for c in GAP_MONTHS if c != EMPTY] + [LIST],
        "made_up": FLAG,
        "employment": choice(),
        "first_enrolment": FLAG,
        "in_enrollment_period": FLAG,
        "exempt": FLAG,
    },
)
SPECS["rules.gaps.account_during_gap"] = Spec(
    dict(monthly_salary=8000, age=30, years=3, gap_years=[2025], start_year=2024),
    {
        "monthly_salary": money(mismatch=MISMATCH_PB),
        "age": age(scalar=False),
        "years": number(lo_bad=NEGATIVE, hi_bad=("past_age_100", 80), zero_ok=False, fraction=2.5),
        "gap_years": [YEAR_1800, ("year_2201", 2201), ("text", "2025"), ("str", ["2025"]), ("nan", [NAN]), NONE],
        "region": REGION,
        "start_year": year(),
        "annual_spending": money(),
        "opening_balance": money(),
    },
)
# ------------------------------------------------------------------ why the balance changed
# a situation's region is named plain 'region' (tests/test_balance_change.py pins that), its other fields 'before.age' …
SPECS["rules.balance_change.explain_change"] = Spec(
    dict(before=SITUATION_A, after=SITUATION_B),
    {**situation_fields("before"), **situation_fields("after"), "measure": choice()},
    expect={"before.region": "region", "after.region": "region"},
)
SPECS["rules.balance_change.paid_vs_credited"] = Spec(
    dict(situation=SITUATION_A), situation_fields("situation"), expect={"situation.region": "region"}
)
SPECS["scenarios.balance.waterfall_data"] = Spec(
    dict(table=CHANGE_TABLE),
    {
        "table": [("str", "x"), NONE, ("frame_without_columns", pd.DataFrame({"a": [1]}))],
        # a negative start is valid (a year whose balance went down)
        "start": [IS_NAN, IS_INF, TEXT, BOOL, LIST],
        "drop_zero": FLAG,
    },
)
# ------------------------------------------------------------------ retirement
for _name in (
    "rules.retirement.retirement_age",
    "rules.retirement.retirement_date",
    "rules.retirement.retirement_table",
    "rules.retirement.delay_months",
):
    SPECS[_name] = Spec(
        dict(birth="1970-05", group="male"),
        {
            "birth": BIRTH + [EMPTY],
            "group": GROUP
            + [("mismatched", Over({"group": ["male", "female_cadre"], "birth": ["1970-01", "1971-01", "1972-01"]}))],
            "on": ON,
        },
    )
SPECS["rules.retirement.flexible_window"] = Spec(
    dict(birth="1970-05", group="male"),
    {
        "birth": BIRTH + [EMPTY],
        "group": GROUP,
        # None: not given (no early_allowed column); an array is valid (one per person)
        "contribution_years": [c for c in YEARS80 if c != NONE]
        + [("mismatched", Over({"contribution_years": [10, 20], "birth": ["1970-01", "1971-01", "1972-01"]}))],
        "on": ON,
    },
)
SPECS["rules.retirement.parse_births"] = Spec(dict(birth="1970-05"), {"birth": BIRTH + [EMPTY]})
SPECS["rules.retirement.group_code"] = Spec(dict(group="male"), {"group": GROUP})
SPECS["rules.retirement.sex_code"] = Spec(dict(sex="male"), {"sex": GROUP[:4]})
SPECS["rules.retirement.min_pension_years"] = Spec(
    dict(retire_year=2030),
    {
        # 1950–2200: a retirement year (2200 is the plausibility bound, valid)
        "retire_year": [YEAR_1800, ("year_2201", 2201), IS_NAN, IS_INF, TEXT, BOOL, NONE, EMPTY],
        "on": ON,
    },
)
SPECS["rules.medical_years.medical_min_years"] = Spec(
    dict(region="beijing", sex="male"),
    {"region": REGION, "sex": GROUP[:4], "on": ON},
)
SPECS["rules.medical_years.medical_qualifies"] = Spec(
    dict(region="beijing", sex="male", total_years=20),
    {
        "region": REGION,
        "sex": GROUP[:4],
        "total_years": YEARS80 + [("mismatched", Over({"total_years": [10, 20], "local_years": [1, 2, 3]}))],
        "local_years": number(lo_bad=NEGATIVE, hi_bad=("more_than_total", 25), scalar=False, required=False),
        "on": ON,
    },
)
SPECS["rules.medical_years.topup_cost"] = Spec(
    dict(region="beijing", missing_years=2), {"region": REGION, "missing_years": YEARS80, "on": ON}
)
# ------------------------------------------------------------------ pension
WAGE = money(mismatch={"avg_wage": [1, 2], "index": [1, 1, 1]}) + [("huge", 1e12)]
SPECS["rules.pension.annuity_months"] = Spec(dict(age=60), {"age": PENSION_AGE, "extra_months": EXTRA_MONTHS, "on": ON})
SPECS["rules.pension.annuity_rows"] = Spec(dict(age=60), {"age": PENSION_AGE, "extra_months": EXTRA_MONTHS, "on": ON})
SPECS["rules.pension.basic_pension"] = Spec(
    dict(avg_wage=10_000, index=1.0, years=30),
    {"avg_wage": WAGE, "index": INDEX, "years": YEARS80, "region": REGION, "on": ON},
)
SPECS["rules.pension.account_pension"] = Spec(
    dict(balance=100_000, age=60),
    {
        "balance": money(mismatch={"balance": [1, 2], "age": [60, 61, 62]}),
        "age": PENSION_AGE,
        "extra_months": EXTRA_MONTHS,
        "divisor": DIVISOR,
        "on": ON,
    },
)
SPECS["rules.pension.transitional_pension"] = Spec(
    dict(avg_wage=10_000, index=1.0, pre_account_years=5),
    {"avg_wage": WAGE, "index": INDEX, "pre_account_years": YEARS80, "region": REGION, "on": ON},
)
ESTIMATE = {
    "avg_wage": WAGE,
    "index": INDEX,
    "years": YEARS80,
    "balance": money(mismatch={"balance": [1, 2], "index": [1, 1, 1]}),
    "age": PENSION_AGE,
    "extra_months": EXTRA_MONTHS,
    "divisor": DIVISOR,
    "pre_account_years": YEARS80,
    "transitional_index": [c for c in INDEX if c != NONE],  # None: the same index
    "region": REGION,
    "on": ON,
}
SPECS["rules.pension.estimate_pension"] = Spec(dict(avg_wage=10_000, index=1.0, years=30, balance=100_000), ESTIMATE)
SPECS["rules.pension.trace_pension"] = Spec(
    dict(avg_wage=10_000, index=1.0, years=30, balance=100_000),
    {  # one person: single numbers only
        k: [(c, v) for c, v in classes if c not in ("empty", "mismatched")] + ([] if k in ("region", "on") else [LIST])
        for k, classes in ESTIMATE.items()
    },
)
SPECS["rules.pension.resident_basic_minimum"] = Spec(dict(on=2024), {"on": ON})
SPECS["rules.pension.resident_pension"] = Spec(
    dict(balance=20_000, on=2024),
    {
        "balance": money(mismatch={"balance": [1, 2], "basic": [1, 2, 3]}),
        "basic": money(required=False),  # None: the national minimum of the date
        "region": REGION,
        "on": ON,
    },
)
# ------------------------------------------------------------------ province pensions
PROVINCE = [UNKNOWN, ("wrong_case", "Henan"), NONE, ("int", 5), ("list", ["henan"])]
PERSON = dict(
    avg_index=[1.0], total_years=[30], personal_account=[100_000], retire_year=[2025], months=[139], base_number=[8000]
)
PROVINCE_PEOPLE = {
    "people": [("list", [1, 2]), ("str", "people"), NONE],
    "people.avg_index": [c for c in INDEX if c[0] not in ("empty",)],
    "people.total_years": YEARS80,
    "people.personal_account": money(),
    "people.base_number": [NEGATIVE, IS_INF, TEXT, BOOL, ("huge", 1e12)],
    "people.months": [ZERO, NEGATIVE, IS_INF, TEXT, BOOL],
    "people.retire_year": [("year_1900", 1900), TEXT, BOOL, IS_NAN, NONE],
    "people.sight_years": [NEGATIVE, ("years_200", 200), TEXT, BOOL],
    "people.one_child": [("str", "yes"), ("int", 2)],
    "province": PROVINCE,
    "city": [UNKNOWN, ("int", 1), NONE],
}
SPECS["rules.pension_province.province_pension"] = Spec(
    dict(province="hunan", people=PERSON, city=""),
    PROVINCE_PEOPLE,
    {f"people.{k}": k for k in PERSON} | {"people.sight_years": "sight_years", "people.one_child": "one_child"},
)
SPECS["rules.pension_province_trace.trace_province_pension"] = Spec(
    dict(province="hunan", person={k: v[0] for k, v in PERSON.items()}, city=""),
    {
        "person": [("list", [1, 2]), NONE],
        "person.avg_index": [NEGATIVE, ("index_20", 20), IS_NAN, TEXT, BOOL, ("list", [1, 2])],
        "person.total_years": [NEGATIVE, ("years_200", 200), TEXT],
        "province": PROVINCE,
        "city": [UNKNOWN],
    },
    {"person.avg_index": "avg_index", "person.total_years": "total_years"},
)
# ------------------------------------------------------------------ maternity
COUNT = dict(lo_bad=ZERO, scalar=False, fraction=1.5)
LEAVE = {
    "babies": number(hi_bad=("babies_20", 20), **COUNT) + [NEGATIVE],
    "dystocia": FLAG[:3] + [EMPTY],
    "child_order": number(hi_bad=("order_50", 50), **COUNT) + [NEGATIVE],
    "within_policy": FLAG[:3] + [EMPTY],
    "region": REGION,
    "on": ON,
}
SPECS["rules.maternity.leave_days"] = Spec({}, LEAVE)
SPECS["rules.maternity.leave_breakdown"] = Spec(
    {},
    {  # one birth: single values only
        k: [c for c in classes if c[0] not in ("empty", "list")] + ([] if k in ("region", "on") else [LIST])
        for k, classes in LEAVE.items()
    },
)
SPECS["rules.maternity.miscarriage_leave_days"] = Spec(
    dict(pregnancy_months=3),
    {"pregnancy_months": number(lo_bad=NEGATIVE, hi_bad=("months_12", 12), scalar=False), "region": REGION, "on": ON},
)
ALLOWANCE = {
    "avg_monthly_wage": money(mismatch={"avg_monthly_wage": [1, 2], "days": [98, 98, 98]}),
    "days": number(lo_bad=NEGATIVE, hi_bad=("days_5000", 5000), scalar=False),
    "region": REGION,
    "on": ON,
    # checked in every region, also where it is not used (national has no wage clamp)
    "social_avg_monthly_wage": [ZERO] + money(scalar=True, required=False),
    "method": choice(required=False),  # None: the region's rule
}
SPECS["rules.maternity.maternity_allowance"] = Spec(dict(avg_monthly_wage=8000, days=98), ALLOWANCE)
SPECS["rules.maternity.allowance_breakdown"] = Spec(
    dict(avg_monthly_wage=8000, days=98),
    {
        k: [c for c in classes if c[0] not in ("empty", "mismatched")]
        + ([LIST] if k in ("avg_monthly_wage", "days") else [])
        for k, classes in ALLOWANCE.items()
    },
)
SPECS["rules.maternity.spouse_birth_coverage"] = Spec({}, {"region": REGION, "on": ON})
SPECS["rules.maternity.flexible_worker_covered"] = Spec({}, {"region": REGION, "on": ON})
# ------------------------------------------------------------------ claims and the timeline
CLAIM_ID = [("unknown", "K99"), NONE, ("int", 1), ("list", ["K01"])]
SPECS["content.claims.filter_claims"] = Spec(
    dict(verdict="wrong"),
    {
        "claims": [("str", "x"), ("frame_without_columns", pd.DataFrame({"a": [1]}))],  # None: the whole table
        "verdict": [UNKNOWN, ("int", 5), ("list", ["wrong"])],  # None / 'all': any verdict
        "topic": [UNKNOWN, ("int", 5), ("list", ["account"])],
        "seed": [("page_7", 7), ("text", "abc"), ("list", [1]), BOOL],
    },
)
SPECS["content.demos.demo_inputs"] = Spec(dict(claim_id="K01"), {"claim_id": CLAIM_ID})
SPECS["content.demos.demonstrate"] = Spec(
    dict(claim_id="K01"),
    {
        "claim_id": CLAIM_ID + [("not_computable", "K03")],
        "monthly_salary": money(scalar=True),
        "age": age(),
        "region": REGION,
        "year": year(),
        "no_such_input": [("unknown_input", 1)],
    },
)
SPECS["content.demos.demonstrate[K06]"] = Spec(
    dict(claim_id="K06"),
    {"gap_years": number(lo_bad=ZERO, hi_bad=("years_11", 11), fraction=1.5)},
)
SPECS["content.demos.demonstrate[K10]"] = Spec(
    dict(claim_id="K10"), {"contribution_years": number(lo_bad=NEGATIVE, hi_bad=("years_200", 200))}
)
SPECS["content.demos.demonstrate[K11]"] = Spec(
    dict(claim_id="K11"), {"interest_rate": number(lo_bad=NEGATIVE, hi_bad=("as_percent", 1.5))}
)
SPECS["content.demos.demonstrate[K51]"] = Spec(
    dict(claim_id="K51"),
    {"years": number(lo_bad=ZERO, hi_bad=("years_200", 200), fraction=2.5), "age": age()},
)
SPECS["content.claims.load_claims"] = Spec({}, {"path": [("int", 5), ("missing_file", "/nonexistent/claims.csv")]})
RULES_YEAR = ON[:3] + [("text", "tomorrow"), ("list", [2024]), ("float", 2024.5), BOOL]
SPECS["content.timeline.rules_in_force"] = Spec(
    dict(year=2024),
    {"year": RULES_YEAR, "region": REGION, "include_statistics": FLAG[:3]},
)
SPECS["content.timeline.rules_count"] = Spec(dict(year=2024), {"year": RULES_YEAR, "region": REGION})
SPECS["content.timeline.changes_between"] = Spec(
    dict(year_a=2020, year_b=2024), {"year_a": RULES_YEAR, "year_b": RULES_YEAR, "region": REGION}
)
SPECS["content.timeline.parameter_history"] = Spec(
    dict(parameter="employee.individual_rate"),
    {
        "parameter": [("unknown", "employee.no_such_rate"), NONE, ("int", 5)],
        "region": REGION,
        "qualifier": [("int", 5), NONE],
    },
)
SPECS["content.timeline.timeline_events"] = Spec(
    {},
    {"data_dir": [("int", 5), ("missing_dir", "/nonexistent/yibao-data")], "include_statistics": FLAG[:3]},
)
SPECS["content.timeline.events_for"] = Spec(
    dict(events=Lazy(lambda: importlib.import_module("yibao_helpers.content.timeline").timeline_events())),
    {"events": [("str", "x"), NONE, ("frame_without_columns", pd.DataFrame({"a": [1]}))], "region": REGION},
)

# the one resolution rule and the one calendar-year check
SPECS["params.resolve.resolve"] = Spec(
    dict(parameter="employee.base_floor", region="shanghai", on=2024),
    {
        "parameter": [("unknown", "employee.no_such_rate"), NONE, ("int", 5)],
        "region": REGION,
        "on": ON,
        "qualifier": [("int", 5), NONE],
        "age": [AGE_MINUS_1, AGE_200, IS_NAN, TEXT, BOOL, LIST],
        "fallback": [UNKNOWN, ("int", 5), ("list_of_unknown", ["atlantis"])],
        "user": [TEXT, ("list", [1, 2]), BOOL],
        "data_dir": [("int", 5), ("missing_dir", "/nonexistent/yibao-data")],
    },
)
SPECS["params.store.rule_year"] = Spec(dict(year=2024), {"year": year(), "name": [], "data_dir": [("int", 5)]})
SPECS["core.dates.year"] = Spec(dict(year=2024), {"year": year(required=True)})
SPECS["core.dates.mid_year"] = Spec(dict(year=2024), {"year": year(required=True)})
SPECS["core.dates.year_span"] = Spec(dict(first=2024, n_years=3), {"first": [("past_2200", 2199)]})
SPECS["content.claims.claim_row"] = Spec(
    dict(claim_id="K01"),
    {
        "claim_id": [("unknown", "K99"), NONE, ("int", 5)],
        "path": [("int", 5), ("missing_file", "/nonexistent/claims.csv")],
    },
)
SPECS["content.claims.claims_table"] = Spec(
    dict(ids=["K01", "K02"]), {"ids": [("unknown", ["K99"]), ("int_in_list", [5]), ("str", "K01"), NONE]}
)
SPECS["rules.family.rule_date"] = Spec(dict(on=2025), {"on": ON})

SPECS["scenarios.balance.change_example"] = Spec(
    dict(before=SITUATION_A, after=SITUATION_B),
    {
        "before": [("str", "x"), NONE, ("int", 5)],
        "after": [("str", "x"), NONE, ("int", 5)],
        "measure": choice(),
    },
)
SPECS["scenarios.balance.first_data_year"] = Spec(dict(region="national"), {"region": REGION})
SPECS["content.timeline.milestones"] = Spec(
    dict(events=Lazy(lambda: importlib.import_module("yibao_helpers.content.timeline").timeline_events())),
    {"events": [("str", "x"), NONE, ("frame_without_columns", pd.DataFrame({"a": [1]}))]},
)

# Public functions of the calculator modules that are not in the matrix, and why.
NOT_IN_MATRIX = {
    "scenarios.balance.change_situations": "arranges the page's flat inputs into two dicts; change_example checks them",
    "scenarios.balance.change_summary": "formats a change_example result",
    "content.demos.compared": "builds the comparison table of a demonstration (no user input)",
    "content.demos.demo": "a decorator that registers a demonstration",
    "content.demos.says": "a decorator that registers a claim's sentence",
    "content.demos.module_files": "the package's own files (no user input)",
    "content.demos.registry": "the registered demonstrations (no user input)",
    "content.demos.sayings": "the registered sentences (no user input)",
    "content.demos.sentence": "by design maps a claim that cannot be computed to a message instead of raising",
    "content.demos.rows_frame": "formats data rows of a checked Policy",
    "core.dates.years_before": "date arithmetic on a checked date",
    "params.catalogue.categories": "the catalogue's categories (no user input)",
    "params.catalogue.statistics": "the catalogue's statistics categories (no user input)",
    "params.catalogue.coverage": "compares the catalogue with the tables (no user input)",
    "params.catalogue.display_unit": "text helper over a parameter name from the data",
    "params.catalogue.unit_of": "text helper over a parameter name from the data",
    "params.text.band_zh": "formats an age band from the data",
    "params.text.doc_head": "text helper over a source from the data",
    "params.policy.chain_of": "the region chain of a checked region",
    "params.policy.dates_of": "a context manager that renames data-gap errors",
    "params.store.load_all": "the validated data tables (no user input)",
    "params.store.cache_file": "where the validated tables are cached (checked data_dir)",
    "params.store.parent_of": "the region registry's parent of a checked region",
    "params.resolve.with_data_year": "runs the caller's own computation (its inputs are checked by it)",
    "params.sources.merge_sources": "combines sources frames (no user input)",
    "params.sources.as_of_of": "the newest date of a sources frame (no user input)",
    "params.sources.provenance": "how each row of a result's sources frame reached the result's region (no user input)",
    "rules.medical_years.regions_with": "the regions with rows of a parameter from the data (no user input)",
    "rules.banded.banded_kernel": "the engine's inner step, documented as taking already-checked inputs (banded is in the matrix)",
    "rules.banded.banded_inverse_kernel": "the engine's inner step, documented as taking already-checked inputs",
    "rules.family.first_date_after": "a look-up over the family timeline for a checked region",
    "rules.family.row_or_none": "a look-up on a checked Policy",
    "rules.account.project_arrays": "the vectorised core of project_balance, documented as taking already-checked arrays",
    "rules.account.summary": "totals of a project_balance result frame (no user input)",
    "rules.account.used_sources": "the data rows behind a projection (no user input)",
    "rules.balance_change.situation_dict": "formats a Situation for display",
    "rules.retirement.format_age": "formats a (years, months) result for display",
    "params.catalogue.category_of": "text helper over a parameter name from the data",
    "params.catalogue.is_parameter": "tells whether a table cell names a catalogue parameter (text helper)",
    "content.claims.claims_markdown": "formats a claims table",
    "content.demos.computable": "no arguments",
    "content.demos.demo_sources": "collects the sources of demonstration results",
    "content.demos.demo_table": "formats demonstration results",
    "content.demos.demonstrate_all": "by design maps each claim that cannot be computed to a message instead of raising",
    "content.demos.format_number": "formats a result number",
    "content.demos.origin_zh": "says whose numbers a demonstration's sources frame holds (no user input)",
    "params.catalogue.label_of": "text helper over a parameter name from the data",
    "content.claims.notebook_link": "formats a link",
    "content.claims.parse_numbers": "parses the claims table's own column (validated when the table loads)",
    "params.catalogue.qualifier_zh": "text helper over a qualifier from the data",
    "params.catalogue.parameter_zh": "text helper over a parameter name (and qualifier) from the data",
    "content.timeline.rules_display": "formats a rules_in_force result",
    "params.text.short_source": "text helper over a source from the data",
    "params.text.value_text": "formats a data value",
    "content.claims.verdict_counts": "counts a claims table",
    "core.dates.as_date": "a validator itself (used by every 'on' parameter in the matrix)",
    "params.store.check_region": "a validator itself (used by every 'region' parameter in the matrix)",
    "params.policy.check_policy": "a validator itself (used by every 'policy' parameter in the matrix)",
    "params.store.check_data_dir": "a validator itself (used by every 'data_dir' parameter in the matrix)",
    "params.store.data_as_of": "the newest date in the data (no user input)",
    "params.text.format_value": "formats a data value",
    "params.policy.policy_or_none": "load_policy that returns None before the data start (load_policy is in the matrix)",
    "params.store.regions": "the region codes with data (no user input)",
    "params.store.policy_file": "the user's file in use (no arguments)",
    "params.store.clear_caches": "no arguments",
    "params.sources.sources_frame": "formats data rows",
    "params.store.tables": "the validated data tables (no user input)",
}
# the modules whose every public function must be in the matrix (or in NOT_IN_MATRIX): core, params, rules, content
MODULES = [
    "core.dates",
    "params.policy",
    "params.store",
    "params.resolve",
    "params.sources",
    "params.catalogue",
    "params.text",
    *(
        f"rules.{m.name}"
        for m in __import__("pkgutil").iter_modules(importlib.import_module("yibao_helpers.rules").__path__)
    ),
    "scenarios.balance",
    "content.claims",
    "content.demos",
    "content.timeline",
]


# --------------------------------------------------------------------------- building and running the cases


def _resolve(value):
    return value.get() if isinstance(value, Lazy) else value


def _set(kwargs: dict, param: str, value) -> None:
    """Set ``param`` in kwargs; ``a.b`` sets field b of dict a, ``a[0].b`` field b of the first dict of list a."""
    m = re.fullmatch(r"(\w+)(?:\[(\d+)\])?(?:\.(\w+))?", param)
    head, index, key = m.group(1), m.group(2), m.group(3)
    if index is None and key is None:
        kwargs[head] = value
        return
    container = kwargs[head]
    if index is not None:
        items = [dict(x) if isinstance(x, dict) else x for x in container]
        if key is None:
            items[int(index)] = value
        else:
            items[int(index)][key] = value
        kwargs[head] = items
    else:
        kwargs[head] = {**container, key: value}


def _target(name: str):
    module, _, func = name.split("[")[0].rpartition(".")
    return getattr(importlib.import_module(f"yibao_helpers.{module}"), func)


CASES = [
    pytest.param(name, param, cls, value, id=f"{name}-{param}-{cls}")
    for name, spec in SPECS.items()
    for param, classes in spec.bad.items()
    for cls, value in classes
]


def _call(name: str, param: str, value):
    spec = SPECS[name]
    kwargs = {k: _resolve(v) for k, v in spec.valid.items()}
    if isinstance(value, Over):
        for k, v in value.values.items():
            _set(kwargs, k, v)
    else:
        _set(kwargs, param, _resolve(value))
    return _target(name)(**kwargs)


@pytest.mark.parametrize("name, param, cls, value", CASES)
def test_bad_input(name, param, cls, value):
    expect = SPECS[name].expect
    expected = expect.get(f"{param}/{cls}", expect.get(param, param))
    with pytest.raises(YibaoInputError) as err:
        _call(name, param, value)
    exc, msg = err.value, str(err.value)
    assert isinstance(exc, ValueError)
    assert exc.param == expected, msg
    assert expected in msg and param.split("[")[0].split(".")[-1] in msg, msg
    zh, _, en = msg.partition("\n")
    assert CJK.search(zh), msg  # a Chinese line …
    assert en.startswith(("Invalid", "Bad data")), msg  # … and an English line


@pytest.mark.parametrize("name", list(SPECS))
def test_valid_call_of_each_matrix_entry_succeeds(name):
    # the bad cases differ from this call only in the one bad value
    spec = SPECS[name]
    _target(name)(**{k: _resolve(v) for k, v in spec.valid.items()})


def test_every_public_calculator_is_in_the_matrix():
    public = set()
    for module in MODULES:
        mod = importlib.import_module(f"yibao_helpers.{module}")
        for fname, fn in inspect.getmembers(mod, callable):  # functions, also functools.cache-wrapped ones
            if inspect.isclass(fn) or not inspect.isfunction(inspect.unwrap(fn)):
                continue
            if not fname.startswith("_") and fn.__module__ == mod.__name__:
                public.add(f"{module}.{fname}")
    covered = {n.split("[")[0] for n in SPECS}
    assert public - covered - set(NOT_IN_MATRIX) == set()
    assert set(NOT_IN_MATRIX) <= public  # no stale entries


def test_every_parameter_of_each_function_is_in_the_matrix():
    # the parameters of each function either appear in the matrix or have no bad class
    # (free text such as labels; data_dir where a data folder is not the function's input)
    no_bad_class = {
        "scenarios.balance.waterfall_data": {"start_label", "end_label"},
        "content.timeline.rules_in_force": {"data_dir"},
        "content.timeline.rules_count": {"data_dir"},
        "content.timeline.changes_between": {"data_dir"},
        "content.timeline.parameter_history": {"data_dir"},
        "content.timeline.timeline_events": {"include_unchanged"},  # checked like include_statistics
        "rules.gaps.account_during_gap": {"kwargs"},  # passed on to project_balance (in the matrix)
        "params.policy.load_policy": set(),
        "core.dates.year": {"name"},  # the name the error gives (the caller's own argument name)
        "core.dates.mid_year": {"name"},
        "core.dates.year_span": {"n_years", "name"},  # n_years is the caller's checked count
        "params.store.rule_year": {"name"},
    }
    for name, spec in SPECS.items():
        if "[" in name:
            continue
        params = set(inspect.signature(_target(name)).parameters) - {"inputs"}
        seen = {p.split(".")[0].split("[")[0] for p in spec.bad}
        assert params - seen - no_bad_class.get(name, set()) == set(), name


def test_matrix_size():
    # every (function, parameter, bad class) is one case; the report quotes this number
    assert len(CASES) > 1000
