"""Pension scenarios (notebook 08 and the dashboard): the person against other contribution years, the
resident example of claim K11, and how many official approval sheets the formulas reproduce.

Every number comes from :mod:`yibao_helpers.rules.pension` (and through it from ``data/``); one province's
pension (its 计发基数 and rules, :mod:`yibao_helpers.rules.pension_province`) is in
:mod:`yibao_helpers.scenarios.pension_province`:

* :func:`pension_base` — the default 计发基数 when the user gives none; :func:`person_pension` — one person's
  pension with it;
* :func:`pension_by_years` — the person's pension and the same person with other years (the stacked chart);
* :func:`resident_balance`, :func:`resident_scenarios` — a resident pension account with an *assumed*
  interest rate and subsidy (neither is in ``data/``), and claim K11 recomputed;
* :func:`load_cases`, :func:`note_counts`, :func:`sheet_agreement`, :func:`pension_sheet_agreement` — the
  official approval sheets in ``shared/validation/pension_cases`` (read from disk) checked with the national
  formulas, as in ``tests/rules/test_pension.py``, and the counts stated in ``data/notes/pension_validation.md``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..core import checks
from ..core.errors import YibaoInputError
from ..core.money import MONTHS
from ..core.paths import DATA_DIR, ROOT
from ..params import load_policy, merge_sources, sources_frame
from ..rules import pension

# Input plausibility (not policy numbers).
RESIDENT_YEARS_MAX = 80
RATE_MAX = 1.0
YEARS_SHOWN = (1, 50)  # the contribution years a scenario bar may have
OTHER_YEARS_ZH = (
    "其他年限的账户余额按年限等比例估算（同样缴费水平、不计利息）"  # pension_by_years' convention, for charts
)

NOTES = DATA_DIR / "notes" / "pension_validation.md"
CASES_DIR = ROOT.parent / "shared" / "validation" / "pension_cases"
CASES_ENV = "YIBAO_PENSION_CASES"  # overrides CASES_DIR
NOTE_ROWS = {  # the rows of the note's result table (| label | count |) that note_counts reads
    "with_basic": "with an expected basic pension",
    "computable": "of which with `base_number` (computable)",
    "agree": "agree within 1 元 (basic and account)",
}


# =========================================================================== employee pensions


def pension_base(region: str = "national", on=None) -> tuple[float, pd.DataFrame]:
    """A default 计发基数 (元/月) when the user gives none: the data's last-year average wage ÷ 12
    (national non-private units, marked as an example base in ``data/wages.csv``), with its source row.
    Real bases are provincial (全口径) and usually lower."""
    row = load_policy(region, on).row("wage.avg_annual_prev_year")
    return round(float(row.value) / MONTHS, 2), sources_frame([row])


def person_pension(
    avg_wage,
    index,
    years,
    balance,
    age=60,
    *,
    extra_months=0,
    pre_account_years=0.0,
    region: str = "national",
    on=None,
) -> pd.DataFrame:
    """A person's pension: :func:`pension.estimate_pension` with ``avg_wage``, or :func:`pension_base` for None.

    One row per person (``basic, account, transitional, total, annuity_months``); ``.attrs``: ``avg_wage`` (the
    base used), ``base_given`` (False for the data's example base), ``on`` and ``sources`` (the base's row included).
    """
    base, base_sources = pension_base(region, on) if avg_wage is None else (avg_wage, None)
    df = pension.estimate_pension(
        base,
        index,
        years,
        balance,
        age,
        extra_months=extra_months,
        pre_account_years=pre_account_years,
        region=region,
        on=on,
    )
    df.attrs["sources"] = merge_sources(df.attrs["sources"], base_sources)
    df.attrs["as_of"] = max(df.attrs["sources"]["effective_from"])
    df.attrs.update(avg_wage=float(base), base_given=avg_wage is not None, on=on)
    return df


def pension_by_years(
    avg_wage,
    index,
    years,
    balance,
    age=60,
    *,
    extra_months=0,
    pre_account_years=0.0,
    offsets=(-10, -5, 0, 5, 10),
    region: str = "national",
    on=None,
    province: str | None = None,
    retire_year: int | None = None,
) -> pd.DataFrame:
    """The person's pension and the same person with other contribution years, for the stacked chart.

    ``avg_wage=None`` uses :func:`pension_base` (and lists its source). With ``province`` (and ``retire_year``)
    each bar is :func:`~yibao_helpers.scenarios.pension_province.province_person` instead (with its
    ``adjustment`` and ``extra`` columns: the province's phase-in adjustment and extras).

    Scenario years = ``years + offsets`` kept within 1–50; the account balance is scaled in proportion
    to the years (same yearly contribution, no interest — a model convention, stated on the chart).
    The row with offset 0 equals :func:`pension.estimate_pension` for the inputs. Columns: ``years,
    balance, basic, account, transitional, total, annuity_months, label, is_person``.
    """
    yrs = float(checks.as_array("years", years, lo=0, hi=pension.YEARS_MAX, unit_zh="年", unit_en="years")[0])
    lo, hi = YEARS_SHOWN
    grid = sorted({round(yrs + o, 2) for o in offsets if lo <= yrs + o <= hi} | {yrs})
    grid = np.array(grid, dtype=float)
    bal = float(checks.as_array("balance", balance, lo=0, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan")[0])
    balances = bal * grid / yrs if yrs > 0 else np.full(grid.size, bal)
    balances[grid == yrs] = bal
    how = dict(extra_months=extra_months, pre_account_years=pre_account_years, region=region, on=on)
    if province is None:
        df = person_pension(avg_wage, index, grid, balances, age, **how)
    else:
        from .pension_province import province_person

        df = province_person(province, avg_wage, index, grid, balances, age, retire_year=retire_year, **how)
    df.insert(0, "years", grid)
    df.insert(1, "balance", np.round(balances, 2))
    df["is_person"] = grid == yrs
    df["label"] = [f"{y:g}年" + ("\n（你）" if me else "") for y, me in zip(grid, df["is_person"])]
    return df


# =========================================================================== resident pensions


def resident_balance(annual_contribution, years, *, interest_rate=0.0, subsidy=0.0):
    """Resident pension account after ``years`` yearly payments of (contribution + subsidy).

    Convention (not a policy number): each year's money is credited at the end of that year and
    earns ``interest_rate`` a year, compounded, from the next year: balance = (c + s) × Σ (1 + r)^j,
    j = 0 … years − 1 (= (c + s) × years when r = 0). ``interest_rate`` and ``subsidy`` are
    assumptions of the caller: ``data/`` holds neither the 记账利率 nor the local subsidy.
    Scalars give a float, arrays an array (rounded to the fen).
    """
    c = checks.as_array(
        "annual_contribution", annual_contribution, lo=0, hi=checks.MONEY_MAX, unit_zh="元/年", unit_en="yuan/year"
    )
    n = checks.as_array("years", years, lo=0, hi=RESIDENT_YEARS_MAX, integer=True, unit_zh="年", unit_en="years")
    r = checks.as_array(
        "interest_rate", interest_rate, lo=0, hi=RATE_MAX, unit_zh="（年利率，0.03 = 3%）", unit_en="(yearly rate)"
    )
    s = checks.as_array("subsidy", subsidy, lo=0, hi=checks.MONEY_MAX, unit_zh="元/年", unit_en="yuan/year")
    _n, a = checks.broadcast(annual_contribution=c, years=n, interest_rate=r, subsidy=s)
    rate = a["interest_rate"]
    factor = np.where(rate > 0, ((1 + rate) ** a["years"] - 1) / np.where(rate > 0, rate, 1), a["years"])
    value = np.round((a["annual_contribution"] + a["subsidy"]) * factor, 2)
    scalar = all(np.ndim(v) == 0 for v in (annual_contribution, years, interest_rate, subsidy))
    return float(value[0]) if scalar else value


def resident_scenarios(
    annual_contribution: float,
    years: int,
    *,
    claimed_basic: float,
    interest_rate: float,
    subsidy: float,
    on=None,
    region: str = "national",
) -> pd.DataFrame:
    """K11 recomputed: the claim (no interest, no subsidy, an assumed basic) and honest variants.

    Rows: ``claim`` (claimed basic), ``data_basic`` (basic = national minimum of the data),
    ``interest`` (+ assumed interest), ``interest_subsidy`` (+ assumed subsidy). Columns: ``case, label,
    balance, basic, account, transitional (0), total``; the ``total`` of each row equals
    :func:`pension.resident_pension` for its balance and basic.
    """
    bal_plain = resident_balance(annual_contribution, years)
    bal_int = resident_balance(annual_contribution, years, interest_rate=interest_rate)
    bal_both = resident_balance(annual_contribution, years, interest_rate=interest_rate, subsidy=subsidy)
    claim = pension.resident_pension(bal_plain, basic=claimed_basic, on=on, region=region)
    data = pension.resident_pension([bal_plain, bal_int, bal_both], on=on, region=region)
    basic_min = float(data["basic"].iloc[0])
    out = pd.DataFrame(
        {
            "case": ["claim", "data_basic", "interest", "interest_subsidy"],
            "label": [
                f"说法：基础{claimed_basic:g}元\n不计利息补贴",
                f"基础按数据\n{basic_min:g}元",
                f"+ 利息\n（假设年{interest_rate:.1%}）",
                f"+ 利息 + 补贴\n（假设{subsidy:g}元/年）",
            ],
            "balance": [bal_plain, bal_plain, bal_int, bal_both],
            "basic": np.r_[claim["basic"], data["basic"]],
            "account": np.r_[claim["account"], data["account"]],
            "transitional": 0.0,
            "total": np.r_[claim["total"], data["total"]],
        }
    )
    out.attrs["sources"] = data.attrs["sources"]
    out.attrs["as_of"] = data.attrs["as_of"]
    return out


# =========================================================================== official approval sheets


def _path(name: str, value) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, (str, Path)) or not str(value):
        raise YibaoInputError(name, value, "应为 None 或一个路径", "must be None or a path")
    return Path(value)


def cases_folder(cases_dir=None) -> Path:
    """The folder of official approval sheets: ``cases_dir``, else the environment variable
    ``YIBAO_PENSION_CASES``, else ``../shared/validation/pension_cases`` beside the repository."""
    return _path("cases_dir", cases_dir) or Path(os.environ.get(CASES_ENV) or CASES_DIR)


def load_cases(cases_dir=None) -> list[tuple[str, dict]]:
    """Every approval sheet of :func:`cases_folder` as (``"province/file.json"``, the case's fields), sorted by
    name; an empty list when the folder does not exist (the sheets are shared data beside the repository)."""
    folder = cases_folder(cases_dir)
    if not folder.is_dir():
        return []
    return [
        (f"{p.parent.name}/{p.name}", json.loads(p.read_text(encoding="utf-8")))
        for p in sorted(folder.glob("*/*.json"))
    ]


def note_counts(notes=None) -> dict:
    """The counts the validation note states, from its result table (``| label | count |`` rows, the count
    possibly in bold): ``{"with_basic", "computable", "agree"}`` (see :data:`NOTE_ROWS`); ``None`` for a row
    the note lacks, or for all three when the note does not exist."""
    path = _path("notes", notes) or NOTES
    cells = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = [c.strip() for c in line.strip().strip("|").split("|")]
            if line.lstrip().startswith("|") and len(row) == 2:
                cells[row[0]] = row[1].strip("*")
    return {key: int(cells[label]) if cells.get(label, "").isdigit() else None for key, label in NOTE_ROWS.items()}


def sheet_agreement(cases: list[tuple[str, dict]], tolerance: float = 1.0) -> dict:
    """How many sheets the national formulas reproduce within ``tolerance`` 元: basic =
    :func:`pension.basic_pension` (base_number, avg_index, total_years), account = :func:`pension.account_pension`
    (balance ÷ the sheet's months). ``{"with_basic", "computable", "agree"}``: sheets with an expected basic
    pension, of those with a ``base_number``, and of those where both parts agree."""
    if not isinstance(cases, list) or not all(
        isinstance(c, tuple) and len(c) == 2 and isinstance(c[1], dict) for c in cases
    ):
        raise YibaoInputError(
            "cases",
            cases,
            "应为 load_cases() 的结果（(名称, 核定表) 的列表）",
            "must be a result of load_cases() (a list of (name, case) pairs)",
        )
    tolerance = checks.as_float("tolerance", tolerance, lo=0, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan")
    with_basic = [c for _, c in cases if c.get("expected", {}).get("basic_pension")]
    ok = [c for c in with_basic if "base_number" in c]
    agree = 0
    if ok:
        basic = np.atleast_1d(
            pension.basic_pension(
                [c["base_number"] for c in ok], [c["avg_index"] for c in ok], [c["total_years"] for c in ok]
            )
        )
        account = np.atleast_1d(
            pension.account_pension([c["personal_account"] for c in ok], divisor=[c["months"] for c in ok])
        )
        exp_basic = np.array([c["expected"]["basic_pension"] for c in ok], dtype=float)
        exp_acc = np.array([c["expected"].get("personal_pension", a) for c, a in zip(ok, account)], dtype=float)
        agree = int(np.sum((np.abs(basic - exp_basic) <= tolerance) & (np.abs(account - exp_acc) <= tolerance)))
    return {"with_basic": len(with_basic), "computable": len(ok), "agree": agree}


def pension_sheet_agreement(cases_dir=None, notes=None, tolerance: float = 1.0) -> dict:
    """How many official approval sheets the national formulas reproduce within ``tolerance`` 元.

    Computed by :func:`sheet_agreement` when :func:`load_cases` finds sheets with a ``base_number``;
    otherwise the counts :func:`note_counts` reads in the note. Returns ``{"agree", "computable",
    "with_basic", "computed", "note_agree", "matches_note"}``.
    """
    noted = note_counts(notes)
    found = sheet_agreement(load_cases(cases_dir), tolerance)
    computed = found["computable"] > 0
    result = {**(found if computed else noted), "computed": computed, "note_agree": noted["agree"]}
    result["matches_note"] = result["agree"] == noted["agree"]
    return result


__all__ = [
    "OTHER_YEARS_ZH",
    "cases_folder",
    "load_cases",
    "note_counts",
    "pension_base",
    "pension_by_years",
    "pension_sheet_agreement",
    "person_pension",
    "resident_balance",
    "resident_scenarios",
    "sheet_agreement",
]
