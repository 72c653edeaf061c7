"""What the region sweep runs: every notebook for every region, plus extreme but valid inputs.

``EXTREMES[notebook]`` maps a case name to the parameters passed with papermill (the notebook's own
parameters cell gives the rest). Each case is at an end of what the notebook's parameters cell and the
calculators accept: a salary at the region's contribution-base floor and ceiling, zero and the largest
salary, ages 16 and 100, zero and very large costs (10,000,000 元), zero and the most contribution years,
the earliest and latest rule dates, every choice of the drop-down parameters.
"""

from __future__ import annotations

from functools import cache

from sweep_kernel import NOTEBOOKS

import yibao_helpers as yb
from yibao_helpers.rules import account, flexible
from yibao_helpers.scenarios.balance import first_data_year
from yibao_helpers.tools import coverage

BIG = 10_000_000  # 元: "a very large cost"
NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))  # 00 … 11 and app.ipynb


@cache
def limits(region: str) -> tuple[float, float]:
    """The region's contribution-base floor and ceiling (元/月) in the newest data year."""
    lo, hi = account.base_limits(account.policy_for_year(region, yb.data_as_of().year))
    return round(float(lo), 2), round(float(hi), 2)


def base_ratios(region: str) -> tuple[float, float]:
    lo, hi, _ = flexible.base_range(region=region)
    return float(lo), float(hi)


def extremes() -> dict[str, dict[str, dict]]:
    floor_bj, ceil_bj = limits("beijing")
    floor_sh, ceil_sh = limits("shanghai")
    floor_sz, ceil_sz = limits("shenzhen")
    lo_ratio, hi_ratio = base_ratios("national")
    # the first year whose 1 July has every national series (wages from 2015-07; the account interest rate from
    # 2015-10 and the resident standard from 2016 start later)
    first = first_data_year("national") + 1
    return {
        "00_index.ipynb": {},  # region is its only parameter
        "01_personal_account.ipynb": {
            "beijing_floor_age16_max_years": dict(
                region="beijing", monthly_salary=floor_bj, age=16, contribution_years=85, chart_years=85
            ),
            "shanghai_ceiling_age100": dict(region="shanghai", monthly_salary=ceil_sh, age=100, contribution_years=85),
            "zero_salary_huge_costs": dict(
                monthly_salary=0, annual_spending=BIG, outpatient_monthly_cost=BIG, contribution_years=0
            ),
            "max_salary_no_outpatient": dict(
                region="shenzhen", monthly_salary=BIG, age=59, outpatient_monthly_cost=0, chart_years=1
            ),
            "earliest_start_year": dict(region="national", start_year=first, age=16),
        },
        "02_employee_vs_resident.ipynb": {
            "shenzhen_floor_age16": dict(region="shenzhen", monthly_salary=floor_sz, age=16, hospital_level=1),
            "shenzhen_ceiling_age100": dict(
                region="shenzhen", monthly_salary=ceil_sz, age=100, retiree_age=100, hospital_level=2
            ),
            "zero_salary": dict(monthly_salary=0, chart_max_salary=0),
            "max_salary": dict(region="beijing", monthly_salary=BIG, chart_max_salary=BIG),
            "earliest_year": dict(region="national", year=first),
        },
        "03_reimbursement.ipynb": {
            "zero_cost": dict(cost=0, outpatient_visit_cost=0, outpatient_visits=1),
            "huge_cost_retired_level1": dict(
                region="beijing", cost=BIG, member="retired", hospital_level=1, chart_max_cost=BIG
            ),
            "all_excluded_unregistered": dict(
                region="wulanchabu", excluded_share=1.0, partial_share=0.0, referral="unregistered", admission=5
            ),
            "all_partial_referred": dict(
                region="nanchang", excluded_share=0.0, partial_share=1.0, referral="referred", hospital_level=2
            ),
            "registered_huge_balance_age100": dict(
                region="shanghai", referral="registered", account_balance=BIG, age=100, monthly_salary=BIG
            ),
            "age16_zero_salary_many_visits": dict(
                region="chongqing", age=16, monthly_salary=0, outpatient_visits=365, outpatient_visit_cost=BIG
            ),
        },
        "04_family_mutual_aid.ipynb": {
            "age16_zero_everything": dict(
                monthly_salary=0,
                age=16,
                account_balance=0,
                worker_costs=0,
                parent_medical=0,
                spouse_medical=0,
                sibling_medical=0,
                hospital_cost=0,
            ),
            "age100_huge_amounts": dict(
                region="beijing",
                monthly_salary=BIG,
                age=100,
                account_balance=BIG,
                worker_costs=BIG,
                parent_medical=BIG,
                spouse_medical=BIG,
                sibling_medical=BIG,
                hospital_cost=BIG,
                parent_premium=BIG,
            ),
            "rules_before_family_aid": dict(region="shanghai", rule_date="2020-01-01", sibling_cross_province=False),
            "unbound_numeric_premium": dict(region="nanchang", sibling_bound=False, parent_premium=0),
        },
        "05_why_balance_changed.ipynb": {
            "zero_salaries_and_balances": dict(
                monthly_salary_before=0,
                monthly_salary_after=0,
                opening_balance_before=0,
                opening_balance_after=0,
                spending_before=0,
                spending_after=0,
                hospital_cost=0,
            ),
            "huge_amounts_age16": dict(
                region="shanghai",
                monthly_salary_before=BIG,
                monthly_salary_after=BIG,
                age_before=16,
                opening_balance_before=BIG,
                opening_balance_after=BIG,
                spending_before=BIG,
                spending_after=BIG,
                hospital_cost=BIG,
            ),
            "age_near_100_retiree_100": dict(region="beijing", age_before=94, year_before=2020, retiree_age=100),
            "same_year": dict(region="national", year_before=2026, year_after=2026),
            "earliest_year": dict(region="shenzhen", year_before=2000),
        },
        "06_flexible_and_gaps.ipynb": {
            "lowest_base_age16_no_gap": dict(
                base_ratio=lo_ratio, age=16, gap_months=0, gap_years=0, opening_balance=0, made_up=False
            ),
            "highest_base_age100_long_gap": dict(
                region="shanghai", base_ratio=hi_ratio, age=100, gap_months=120, gap_years=20, made_up_years=20
            ),
            "unit_huge_balance": dict(region="shenzhen", employment="unit", opening_balance=BIG, gap_months=1),
            "earliest_paid_on": dict(region="hefei", paid_on=f"{first}-07-01", year=first),
        },
        "07_retirement_years.ipynb": {
            "born_1940_female_worker_zero_years": dict(
                region="beijing", birth="1940-01", group="female_worker", years_at_retirement=0, local_years=0
            ),
            "born_2008_male_max_years": dict(region="chongqing", birth="2008-12", group="male", years_at_retirement=80),
            "female_cadre_no_medical_data": dict(region="national", group="female_cadre", years_at_retirement=25),
            "one_birth_year_chart": dict(chart_first_birth_year=1975, chart_last_birth_year=1975),
        },
        "08_pension_estimate.ipynb": {
            "zero_years_zero_balance": dict(
                contribution_years=0, account_balance=0, pre_account_years=0, resident_annual=0, resident_years=0
            ),
            "max_index_years_age70": dict(
                region="shenyang",
                avg_wage=100_000,  # the province calculator's plausibility limit (rules.pension_province.BASE_MAX)
                index=3.0,
                contribution_years=80,
                retire_age=70,
                retire_extra_months=0,
                account_balance=BIG,
                pre_account_years=80,
            ),
            "age40_eleven_months": dict(region="beijing", retire_age=40, retire_extra_months=11, index=0.6),
            "zero_interest_huge_resident": dict(
                resident_annual=BIG, resident_years=80, resident_interest_rate=0.0, resident_subsidy=0
            ),
            "tiny_wage": dict(region="guangdong", avg_wage=1, index=0.0),
        },
        "09_maternity.ipynb": {
            "zero_wage_dystocia_ten_babies": dict(avg_monthly_wage=0, babies=10, dystocia=True),
            "huge_wage_third_child": dict(region="zhejiang", avg_monthly_wage=BIG, child_order=3),
            "outside_regulation_zero_months": dict(region="beijing", within_policy=False, pregnancy_months=0),
            "eleven_months_twentieth_child": dict(region="national", pregnancy_months=11, child_order=20),
        },
        "10_myths_and_facts.ipynb": {
            "floor_age16_wrong_only": dict(
                region="beijing", monthly_salary=floor_bj, age=16, verdict="wrong", claim_to_plot="K30"
            ),
            "ceiling_age100": dict(region="beijing", monthly_salary=ceil_bj, age=100, claim_to_plot="K11"),
            "zero_salary_earliest_year": dict(monthly_salary=0, year=first, pension_interest_rate=0.0),
            "max_salary_high_rate": dict(
                region="shanghai", monthly_salary=BIG, pension_interest_rate=0.2, topic="family", seed=4
            ),
            "floor_shanghai_unverified": dict(region="shanghai", monthly_salary=floor_sh, verdict="unverified"),
        },
        "11_policy_timeline.ipynb": {
            "before_any_data": dict(year=1950, compare_year=1960),
            "far_future": dict(region="beijing", year=2100, compare_year=2100),
            "compare_backwards": dict(region="shanghai", year=2026, compare_year=1998),
        },
        "12_your_own_city.ipynb": {
            "zero_cost_level1_zero_salary": dict(cost=0, hospital_level=1, monthly_salary=0),
            "huge_cost_shanghai_level2": dict(region="shanghai", cost=BIG, monthly_salary=BIG, hospital_level=2),
        },
        "app.ipynb": {
            "age16_zero_salary_one_year": dict(monthly_salary=0, age=16, years=1),
            "age100_max_salary_max_years": dict(region="shanghai", monthly_salary=BIG, age=100, years=85),
            "floor_beijing": dict(region="beijing", monthly_salary=floor_bj, years=50),
        },
    }


@cache
def cases() -> dict[str, dict[str, dict]]:
    """notebook → case id → parameters: one case per region, then the extremes."""
    out = {}
    ext = extremes()
    for name in NAMES:
        mine = {region: {"region": region} for region in yb.regions()}
        for case, params in ext.get(name, {}).items():
            mine[f"extreme-{case}"] = params
        out[name] = mine
    return out


def _pinned() -> dict[str, dict[str, dict]]:
    """notebook file → region → the committed coverage counts (docs/coverage.csv)."""
    out: dict[str, dict[str, dict]] = {}
    for row in coverage.committed():
        out.setdefault(row["notebook"] + ".ipynb", {})[row["region"]] = {k: row[k] for k in coverage.CSV_COLUMNS[2:]}
    return out


PINNED = _pinned()

# notebooks whose charts take the region: each must show the region's freshness warning (when due) in its output
# (the dashboard in its summary, the numbered notebooks under the charts; these also echo "region: …")
# (12 has no chart: it shows the numbers of the user's own file, or of the region it is given, in tables)
REGION_CHARTS = [n for n in NAMES if n not in ("00_index.ipynb", "12_your_own_city.ipynb")]


def parametrize(names: list[str]):
    """``@pytest.mark.parametrize("notebook, case")`` over ``names``: one test id per (notebook, case)."""
    import pytest

    pairs = [(name, case) for name in names for case in cases()[name]]
    return pytest.mark.parametrize(
        ("notebook", "case"), pairs, ids=[f"{name.removesuffix('.ipynb')}-{case}" for name, case in pairs]
    )


def check(kernel, notebook: str, case: str) -> None:
    """Run one (notebook, case) in ``kernel`` and fail with the cell, the error text and the parameters if
    it errs, prints a traceback, writes to stderr or prints nan; check the region's freshness warning."""
    import pytest
    from papermill.exceptions import PapermillExecutionError
    from sweep_kernel import failure_report, problems, text_of

    from yibao_helpers.present import footnotes

    params = cases()[notebook][case]
    where = f"{notebook} [{case}] with {params}"
    pinned = case == params.get("region") and notebook in PINNED  # a cell of the coverage matrix
    try:
        nb, failed = kernel.run(NOTEBOOKS / notebook, params, before=coverage.START if pinned else ""), None
    except PapermillExecutionError as exc:
        nb, failed = None, failure_report(exc)
    if failed:  # outside the except: the report is the message, without papermill's chained traceback
        pytest.fail(f"{where}: {failed}", pytrace=False)
    if pinned:  # the same run as `python -m yibao_helpers coverage`: its counts must be the committed ones
        counts = coverage.collected(kernel, case)
        mine = {k: counts[k] for k in coverage.CSV_COLUMNS[2:]}
        theirs = PINNED[notebook].get(case)
        assert mine == theirs, (
            f"{where}: the coverage of this page changed — now {mine}, docs/coverage.csv says {theirs}; "
            "after a data change run `python -m yibao_helpers coverage --write` and commit docs/coverage.csv and README.md"
        )
    found = problems(nb)
    if found:
        pytest.fail(f"{where}:\n" + "\n".join(found), pytrace=False)
    if notebook not in REGION_CHARTS:
        return
    text = text_of(nb)
    region = params.get("region")
    if region is None:  # an extreme case on the notebook's default region
        return
    if notebook != "app.ipynb":
        assert f"region: {region}" in text, f"{where}: the notebook does not say which region it used"
    if case != region:  # an extreme case may move the page's date (year=…): the warning is checked per region
        return
    warning = footnotes.freshness_warning(region)
    if warning:
        assert warning in text, f"{where}: no freshness warning next to the charts ({warning})"
    else:
        assert "may be outdated" not in text, f"{where}: a freshness warning for a region whose data are recent"
