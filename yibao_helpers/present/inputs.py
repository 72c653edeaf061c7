"""Every page parameter checked where the page starts, under the name the reader typed.

A page's ``parameters`` cell is what a reader changes (``papermill -p cost 120000``, or by hand in
JupyterLab). The calculators check their own arguments, but under *their* names: ``-p account_balance -5``
used to fail deep inside as 参数 balance, ``-p group atlantis`` as 参数 sex, and some values (a negative
``chart_years``, a text ``local_years``) were not caught at all. :func:`check` runs first, from
:func:`yibao_helpers.present.kit.setup`, and raises the project's bilingual error that names the page's
own parameter, the value as typed and what is allowed.

:data:`PAGES` lists, for each page, the check of each parameter it has (a test keeps it equal to the
notebooks' ``parameters`` cells). The ranges are what a person can enter, not policy numbers: whether a
contribution base is inside a city's limits is still the calculator's check, against the data.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..core import checks, dates
from ..core.errors import YibaoInputError
from ..params import check_region, pension_tables
from ..rules import codes, gaps, pension_province, retirement

MONEY = checks.MONEY_MAX
WAGE_MAX = 10_000_000  # 元/月, as the calculators


# ---------------------------------------------------------------------------------------------- kinds
def money(unit_zh: str = "元", unit_en: str = "yuan", hi: float = MONEY, *, positive: bool = False):
    return lambda name, v: checks.as_float(name, v, lo=0, hi=hi, unit_zh=unit_zh, unit_en=unit_en, lo_open=positive)


def number(lo: float, hi: float, unit_zh: str = "", unit_en: str = ""):
    return lambda name, v: checks.as_float(name, v, lo=lo, hi=hi, unit_zh=unit_zh, unit_en=unit_en)


def whole(lo: int, hi: int, unit_zh: str = "", unit_en: str = ""):
    return lambda name, v: checks.as_int(name, v, lo=lo, hi=hi, unit_zh=unit_zh, unit_en=unit_en)


def optional(kind):
    """``None`` (the page's default: e.g. the newest data year) or what ``kind`` accepts."""
    return lambda name, v: None if v is None else kind(name, v)


def one_of(choices: dict):
    return lambda name, v: checks.choice(name, v, choices)


def flag(name, v):
    return checks.as_flag(name, v)


def rule_year_of(name, v):
    return dates.year(v, name)


def day(name, v):
    return dates.as_date(v, name)


def region(name, v):
    return check_region(v, name=name)


def province_code(name, v):
    """One of the 31 provinces of ``data/pension/provinces.csv`` (the pension rules are provincial)."""
    try:
        return pension_tables.check_province(v)
    except YibaoInputError as exc:
        raise YibaoInputError(name, v, exc.allowed_zh, exc.allowed_en) from None


def birth(name, v):
    if not isinstance(v, str):
        raise YibaoInputError(name, v, "应为出生年月，如 '1991-06'", "must be a birth month such as '1991-06'")
    try:
        retirement.parse_births(v)
    except YibaoInputError as exc:
        raise YibaoInputError(name, v, exc.allowed_zh, exc.allowed_en) from None
    return v


def premium(name, v):
    """``"standard"`` (the year's standard premium) or an amount in 元/年."""
    if v == "standard":
        return v
    try:
        return money("元/年", "yuan/year")(name, v)
    except YibaoInputError:
        raise YibaoInputError(
            name,
            v,
            "应为 standard（当年标准）或 0 到 1e+09 元/年的金额",
            "must be 'standard' or an amount in yuan/year",
        ) from None


SLIP_FIELDS = ("medfee_sumamt", "inscp_scp_amt", "act_pay_dedc", "hifp_pay", "acct_pay", "psn_cash_pay")


def slip(name, v):
    """A settlement slip: a dict of the slip's amounts (元), each a number ≥ 0."""
    if not isinstance(v, Mapping) or not v or not set(v) <= set(SLIP_FIELDS):
        raise YibaoInputError(
            name,
            v,
            f"应为结算单金额的字典，键只能是 {', '.join(SLIP_FIELDS)}",
            f"must be a dict of the slip's amounts with keys among {', '.join(SLIP_FIELDS)}",
        )
    for key, amount in v.items():
        checks.as_float(f"{name}['{key}']", amount, lo=0, hi=MONEY, unit_zh="元", unit_en="yuan")
    return v


def claim_filter(what: str):
    def check_filter(name, v):
        from ..content.claims import filter_claims

        try:  # an empty text is not 'all': filter_claims would take it as "any", so it is checked as typed
            filter_claims(**{what: "\u0000" if isinstance(v, str) and not v.strip() else v})
        except YibaoInputError as exc:
            raise YibaoInputError(name, v, exc.allowed_zh, exc.allowed_en) from None
        return v

    return check_filter


def claim_id(name, v):
    """A claim of the claims table (one without a calculation is shown with a sentence saying so)."""
    from ..content.claims import load_claims

    return checks.choice(name, v, {cid: cid for cid in load_claims()["id"]})


# ------------------------------------------------------------------------------------- the pages
SALARY = money("元/月", "yuan/month", WAGE_MAX)
AGE = whole(checks.AGE_MIN, checks.AGE_MAX, "岁", "years of age")
RULE_YEAR = optional(rule_year_of)
COMMON = {"region": region, "policy_file": lambda name, v: v}  # both checked by kit.setup itself
SHARE = number(0, 1, "（占总费用的比例）", "(share of the cost)")
RATE = number(0, 1, "（年利率，0.02 表示 2%）", "(a yearly rate, 0.02 = 2%)")
YEARS = number(0, 80, "年", "years")

PAGES: dict[str, dict] = {
    "00": {},
    "01": {
        "monthly_salary": SALARY,
        "age": AGE,
        "contribution_years": whole(0, 100, "年", "years"),  # the page reckons at least 1 year and says so
        "annual_spending": money("元/年", "yuan/year"),
        "start_year": RULE_YEAR,
        "chart_years": whole(1, 100, "年", "years"),
        "outpatient_monthly_cost": money("元/月", "yuan/month"),
    },
    "02": {
        "monthly_salary": SALARY,
        "year": RULE_YEAR,
        "age": AGE,
        "retiree_age": AGE,
        "hospital_level": one_of(codes.LEVELS),
        "chart_max_salary": money("元/月", "yuan/month", WAGE_MAX),  # the chart reaches max(this, monthly_salary)
    },
    "03": {
        "cost": money(),
        "hospital_level": one_of(codes.LEVELS),
        "member": one_of(codes.MEMBERS),
        "excluded_share": SHARE,
        "partial_share": SHARE,
        "year": RULE_YEAR,
        "admission": whole(1, 366, "（本年第几次住院）", "(admission number this year)"),
        "referral": one_of(codes.REFERRALS),
        "account_balance": money(),
        "monthly_salary": SALARY,
        "age": AGE,
        "chart_max_cost": money(),  # the chart reaches max(this, cost)
        "outpatient_visit_cost": money("元/次", "yuan per visit"),
        "outpatient_visits": whole(1, 366, "次", "visits"),
        "slip": slip,
        "slip_region": region,
        "slip_year": rule_year_of,
    },
    "04": {
        "monthly_salary": SALARY,
        "age": AGE,
        "account_balance": money(),
        "worker_costs": money("元/年", "yuan/year"),
        "parent_medical": money("元/年", "yuan/year"),
        "parent_premium": premium,
        "spouse_medical": money("元/年", "yuan/year"),
        "sibling_medical": money("元/年", "yuan/year"),
        "sibling_cross_province": flag,
        "sibling_bound": flag,
        "rule_date": optional(day),
        "hospital_cost": money(),
    },
    "05": {
        "monthly_salary_before": SALARY,
        "age_before": AGE,
        "year_before": RULE_YEAR,
        "opening_balance_before": money(),
        "spending_before": money("元/年", "yuan/year"),
        "monthly_salary_after": SALARY,
        "year_after": RULE_YEAR,
        "opening_balance_after": money(),
        "spending_after": money("元/年", "yuan/year"),
        "retiree_age": AGE,
        "hospital_cost": money(),
    },
    "06": {
        "base_ratio": number(0, 10, "倍上年平均工资", "× last year's average wage"),
        "age": AGE,
        "year": RULE_YEAR,
        "employment": one_of(gaps.EMPLOYMENT),
        "gap_months": whole(0, 960, "月", "months"),
        "made_up": flag,
        "gap_years": whole(0, 80, "年", "years"),
        "made_up_years": whole(0, 80, "年", "years"),
        "opening_balance": money(),
        "paid_on": optional(day),
    },
    "07": {
        "birth": birth,
        "group": one_of(retirement.GROUPS),
        "years_at_retirement": YEARS,
        "local_years": optional(YEARS),
        "chart_first_birth_year": whole(1900, 2100, "年", ""),
        "chart_last_birth_year": whole(1900, 2100, "年", ""),
    },
    "08": {
        "province": province_code,
        "retire_year": whole(2006, 2100, "年（国发〔2005〕38号的计发办法从 2006 年起）", "(the 2006 formula's years)"),
        "avg_wage": optional(money("元/月", "yuan/month", pension_province.BASE_MAX, positive=True)),
        "index": number(0, 10, "（平均缴费指数）", "(average contribution index)"),
        "contribution_years": YEARS,
        "retire_age": whole(40, 70, "岁（计发月数表的范围）", "years (the range of the 计发月数 table)"),
        "retire_extra_months": whole(0, 11, "个月", "months"),
        "account_balance": money(hi=pension_province.BALANCE_MAX),  # the province calculator's limit
        "pre_account_years": YEARS,
        "resident_annual": money("元/年", "yuan/year"),
        "resident_years": YEARS,
        "resident_interest_rate": RATE,
        "resident_subsidy": money("元/年", "yuan/year"),
    },
    "09": {
        "avg_monthly_wage": SALARY,
        "babies": whole(1, 10, "个婴儿", "babies"),
        "dystocia": flag,
        "child_order": whole(1, 20, "（第几孩）", "(birth order)"),
        "within_policy": flag,
        "pregnancy_months": whole(0, 11, "个月（怀孕月数）", "months of pregnancy"),
    },
    "10": {
        "monthly_salary": SALARY,
        "age": AGE,
        "year": RULE_YEAR,
        "pension_interest_rate": RATE,
        "verdict": claim_filter("verdict"),
        "topic": claim_filter("topic"),
        "seed": claim_filter("seed"),
        "claim_to_plot": claim_id,
    },
    "11": {"year": rule_year_of, "compare_year": RULE_YEAR},
    "12": {  # its region is one of the user's file, checked by the page against that file
        "cost": money(),
        "hospital_level": one_of(codes.LEVELS),
        "monthly_salary": SALARY,
    },
}


def check(page: str, values: Mapping) -> None:
    """Check each of ``page``'s parameters found in ``values`` (the notebook's namespace, e.g. ``globals()``).

    Raises :class:`YibaoInputError` naming the first bad parameter as the page calls it. Names the page
    does not have are ignored, so a variable computed later in the notebook is never checked by mistake.
    """
    if page not in PAGES:
        raise YibaoInputError("page", page, f"应为以下之一：{', '.join(PAGES)}", f"must be one of: {', '.join(PAGES)}")
    spec = {**COMMON, **PAGES[page]}
    for name, kind in spec.items():
        if name in values and name not in COMMON:
            kind(name, values[name])
    _check_order(page, values)


def _check_order(page: str, values: Mapping) -> None:
    """The few parameters that must agree with another one (the later one is named)."""
    pairs = {
        "06": ("made_up_years", "gap_years"),
        "07": ("local_years", "years_at_retirement"),
    }
    if page in pairs:
        small, big = pairs[page]
        if values.get(small) is not None and big in values and values[small] > values[big]:
            raise YibaoInputError(
                small, values[small], f"不能大于 {big}（{values[big]}）", f"must not be more than {big} ({values[big]})"
            )
    if page == "07" and values.get("chart_first_birth_year", 0) > values.get("chart_last_birth_year", 9999):
        raise YibaoInputError(
            "chart_last_birth_year",
            values["chart_last_birth_year"],
            f"不能早于 chart_first_birth_year（{values['chart_first_birth_year']}）",
            f"must not be before chart_first_birth_year ({values['chart_first_birth_year']})",
        )
