"""Statutory retirement age (法定退休年龄), pension minimum years and medical-insurance years at retirement.

Rules (every number comes from ``data/retirement.csv`` and ``data/medical_years.csv``, each row
with its source; the citations below say where each rule is written):

* Gradual raise of the retirement age (全国人大常委会关于实施渐进式延迟法定退休年龄的决定,
  2024-09-13, in force from ``retirement.reform_start`` = 2025-01-01): men 60 → 63 and women
  cadres 55 → 58, one month later for every 4 months of birth; women workers 50 → 55, one month
  later for every 2 months of birth (``retirement.old_age``, ``retirement.target_age``,
  ``retirement.months_per_step`` by ``group=``).
  Algorithm (facts §8, community form, checked on the official comparison table's points): the
  first birth month affected is ``reform_start − old_age`` (1965-01 for men, 1970-01 for women
  cadres, 1975-01 for women workers); a person born k months after it (k = 0 for that month) is
  delayed ``min(ceil((k + 1) ÷ months_per_step), (target_age − old_age) × 12)`` months; nobody
  born earlier is delayed. So a man born 1965-01 retires at 60 years 1 month, one born 1976-09 or
  later at 63; a woman worker born 1975-01 at 50 years 1 month.
* Flexible retirement (《国务院关于渐进式延迟法定退休年龄的办法》第二、三条): with the minimum
  contribution years a person may retire up to ``retirement.flexible_early_max`` years early but
  never before the old statutory age, or up to ``retirement.flexible_late_max`` years late.
* Minimum contribution years for a monthly pension (同办法第四条): ``pension.min_years_base``
  (15) up to 2029; from ``pension.min_years_step_from`` (2030-01-01) + ``pension.min_years_step``
  (6 months) per calendar year up to ``pension.min_years_target`` (20, reached in 2039).
* Medical insurance after retirement (社会保险法第二十七条; the years are local): a retiree keeps
  employee medical insurance without paying if the cumulative years reach the region's
  ``medical.min_years`` (by ``sex=``) and, where the region says so, the local actual years reach
  ``medical.min_local_years``. Missing years can be bought in one go: cost = monthly base × rate ×
  missing months, the base being ``medical.topup_base`` where the region publishes one, else
  ``medical.topup_base_ratio`` × last year's average monthly wage (``wage.avg_annual_prev_year``),
  and the rate ``medical.topup_rate``. Outside the listed regions the years are not in the data
  (no national number exists) and the functions say so. Most of these rows are secondary or
  illustrative: the sources frame of each result carries the confidence.

Model conventions (not policy numbers): a birth given as ``"YYYY-MM"`` is taken as the 1st of
the month; the retirement date is the day the person reaches the statutory age (the pension
normally starts the following month); a top-up of a fraction of a month is charged a whole month.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from ..core import checks
from ..core.errors import YibaoInputError
from ..core.money import MONTHS
from ..params import Policy, load_policy, sources_frame

# Input plausibility (what a person can enter), not policy numbers.
BIRTH_YEAR_MIN, BIRTH_YEAR_MAX = 1900, 2100
RETIRE_YEAR_MIN, RETIRE_YEAR_MAX = 1950, 2200
YEARS_MAX = 80

GROUPS = {
    "male": ["男", "男性", "男职工", "man", "m"],
    "female_cadre": ["女干部", "女性干部", "女管理岗", "女职工（原55岁）", "female cadre"],
    "female_worker": ["女工人", "女工", "女职工（原50岁）", "female worker"],
}
SEXES = {
    "male": ["男", "男性", "男职工", "m"],
    "female": ["女", "女性", "女职工", "f", "female_cadre", "female_worker", "女干部", "女工人"],
}
GROUP_ZH = {"male": "男职工", "female_cadre": "女干部（原55岁）", "female_worker": "女工人（原50岁）"}
SEX_ZH = {"male": "男", "female": "女"}

PARAMETERS = [
    "retirement.old_age",
    "retirement.reform_start",
    "retirement.target_age",
    "retirement.months_per_step",
    "retirement.flexible_early_max",
    "retirement.flexible_late_max",
    "pension.min_years_base",
    "pension.min_years_step_from",
    "pension.min_years_step",
    "pension.min_years_target",
]


# --------------------------------------------------------------------------- inputs

_BIRTH_ZH = (
    f"应为出生日期：datetime.date，或 'YYYY-MM' / 'YYYY-MM-DD' 字符串，年份在 {BIRTH_YEAR_MIN} 到 {BIRTH_YEAR_MAX} 之间"
)
_BIRTH_EN = (
    f"must be a birth date: a datetime.date or a 'YYYY-MM' / 'YYYY-MM-DD' string, "
    f"year between {BIRTH_YEAR_MIN} and {BIRTH_YEAR_MAX}"
)


def _one_birth(value) -> tuple[int, int, int]:
    """(year, month, day) of one birth date; a 'YYYY-MM' string means the 1st of the month."""
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value).date() if not np.isnat(value) else None
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        y, m, d = value.year, value.month, value.day
    elif isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 7 and text[4] == "-":
                parsed = _dt.date.fromisoformat(text + "-01")
            elif len(text) == 10 and text[4] == "-" and text[7] == "-":
                parsed = _dt.date.fromisoformat(text)
            else:
                raise ValueError(text)
        except ValueError:
            raise YibaoInputError("birth", value, _BIRTH_ZH, _BIRTH_EN) from None
        y, m, d = parsed.year, parsed.month, parsed.day
    else:
        raise YibaoInputError("birth", value, _BIRTH_ZH, _BIRTH_EN)
    if not BIRTH_YEAR_MIN <= y <= BIRTH_YEAR_MAX:
        raise YibaoInputError("birth", value, _BIRTH_ZH, _BIRTH_EN)
    return y, m, d


def parse_births(birth) -> tuple[np.ndarray, np.ndarray, bool]:
    """Births as (month index = year × 12 + month − 1, day of month, scalar?) arrays."""
    scalar = isinstance(birth, (str, _dt.date, np.datetime64))
    if scalar:
        items = [birth]
    else:
        if isinstance(birth, (pd.Series, pd.Index)):
            items = list(birth)
        elif isinstance(birth, (list, tuple)):
            items = list(birth)
        elif isinstance(birth, np.ndarray) and birth.ndim == 1 and birth.dtype.kind == "M" and birth.size:
            return _parse_datetime64(birth) + (False,)  # datetime64: no Python loop
        elif isinstance(birth, np.ndarray) and birth.ndim == 1:
            items = list(birth.astype(object))
        else:
            raise YibaoInputError("birth", birth, _BIRTH_ZH, _BIRTH_EN)
        if not items:
            raise YibaoInputError("birth", "[]", "数组不能为空", "the array must not be empty")
    # each distinct birth is parsed once (a million people share a few hundred birth months)
    codes, distinct = pd.factorize(pd.Series(items, dtype=object), use_na_sentinel=False)
    parts = np.array([_one_birth(v) for v in distinct], dtype=np.int64).reshape(-1, 3)[codes]
    index = parts[:, 0] * MONTHS + parts[:, 1] - 1
    return index, parts[:, 2], scalar


def _parse_datetime64(birth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(month index, day) of a datetime64 array, without a Python loop; NaT or a year out of range is an error."""
    days = birth.astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    index = months.astype(np.int64) + 1970 * MONTHS  # months since year 0, as year × 12 + month − 1
    years = index // MONTHS
    bad = np.isnat(days) | (years < BIRTH_YEAR_MIN) | (years > BIRTH_YEAR_MAX)
    if bad.any():
        raise YibaoInputError("birth", birth[bad][0], _BIRTH_ZH, _BIRTH_EN)
    return index, (days - months).astype(np.int64) + 1


def _codes(name: str, value, mapping: dict, n: int) -> np.ndarray:
    """Map a scalar or a sequence of names (English or Chinese) to codes, length n."""
    if isinstance(value, (str, bytes)) or np.ndim(value) == 0:
        return np.full(n, checks.choice(name, value, mapping), dtype=object)
    values = list(value)
    if len(values) not in (1, n):
        checks.broadcast(**{name: np.zeros(len(values)), "birth": np.zeros(n)})
    codes = np.array([checks.choice(name, v, mapping) for v in values], dtype=object)
    return np.broadcast_to(codes, (n,)) if codes.size == 1 else codes


def group_code(group) -> str:
    """``male``, ``female_cadre`` or ``female_worker`` for an English or Chinese group name."""
    return checks.choice("group", group, GROUPS)


def sex_code(sex) -> str:
    return checks.choice("sex", sex, SEXES)


def _policy(on=None, region: str = "national") -> Policy:
    return load_policy(region, on)


# --------------------------------------------------------------------------- retirement age


def _group_params(policy: Policy, codes: np.ndarray) -> dict[str, np.ndarray]:
    """Old age, target age (months) and months per step of each person's group, read once per group."""
    if codes.ndim == 1 and codes.size > 1 and codes.strides == (0,):  # one group broadcast to everybody
        inverse, distinct = np.zeros(codes.size, dtype=np.intp), codes[:1]
    else:
        inverse, distinct = pd.factorize(codes)  # hashing: no sort of a million strings
    old, target, step = [], [], []
    for g in distinct:
        q = f"group={g}"
        old.append(round(float(policy.get("retirement.old_age", q)) * MONTHS))
        target.append(round(float(policy.get("retirement.target_age", q)) * MONTHS))
        step.append(float(policy.get("retirement.months_per_step", q)))
    return {
        "old": np.array(old, dtype=np.int64)[inverse],
        "target": np.array(target, dtype=np.int64)[inverse],
        "step": np.array(step, dtype=float)[inverse],
    }


def _inputs(birth, group):
    """Month indices, days, group codes (broadcast to one length) and whether the call was scalar."""
    index, day, scalar = parse_births(birth)
    if isinstance(group, (str, bytes)) or np.ndim(group) == 0:  # one group for everybody: a view, no copy
        codes = np.broadcast_to(np.array([checks.choice("group", group, GROUPS)], dtype=object), (index.size,))
    else:
        codes = _codes("group", group, GROUPS, index.size)
    if index.size == 1 and codes.size > 1:
        index, day = np.repeat(index, codes.size), np.repeat(day, codes.size)
    return index, day, np.asarray(codes), scalar and np.ndim(group) == 0


def _delay(policy: Policy, index: np.ndarray, par: dict) -> np.ndarray:
    start = policy["retirement.reform_start"]
    start_index = start.year * MONTHS + start.month - 1
    k = index - (start_index - par["old"])  # 0 for the first affected birth month
    steps = np.ceil((k + 1) / par["step"] - 1e-12).astype(np.int64)
    return np.where(k < 0, 0, np.minimum(steps, par["target"] - par["old"]))


def delay_months(birth, group, *, on=None) -> np.ndarray | int:
    """Months by which the reform delays retirement (0 for births before the first affected month)."""
    index, _day, codes, scalar = _inputs(birth, group)
    policy = _policy(on)
    delay = _delay(policy, index, _group_params(policy, codes))
    return int(delay[0]) if scalar else delay


def _age_months(birth, group, on=None):
    index, day, codes, scalar = _inputs(birth, group)
    policy = _policy(on)
    par = _group_params(policy, codes)
    total = par["old"] + _delay(policy, index, par)
    return index, day, codes, par, total, scalar


def retirement_age(birth, group, *, on=None):
    """Statutory retirement age as ``(years, months)`` for a birth date and group.

    ``birth``: a ``datetime.date``, ``"YYYY-MM"`` or ``"YYYY-MM-DD"`` (or a sequence of them);
    ``group``: ``male``, ``female_cadre``, ``female_worker`` (or 男, 女干部, 女工人).
    Returns ``(int, int)`` for one person, ``(years_array, months_array)`` for a sequence.
    """
    *_, total, scalar = _age_months(birth, group, on)
    years, months = np.divmod(total, MONTHS)
    return (int(years[0]), int(months[0])) if scalar else (years, months)


def _add_months(index: np.ndarray, day: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Dates (datetime64[D]) ``months`` after (month index, day); the day is clipped to the month's end."""
    target = (index + months - 1970 * MONTHS).astype("datetime64[M]")  # datetime64[M] counts from 1970-01
    month_len = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    return target.astype("datetime64[D]") + (np.minimum(day, month_len) - 1)


def _out_dates(dates: np.ndarray, scalar: bool):
    return dates[0].astype(_dt.date) if scalar else dates


def retirement_date(birth, group, *, on=None):
    """The day the person reaches the statutory retirement age (``datetime.date``; datetime64 array for a sequence)."""
    index, day, _codes_, _par, total, scalar = _age_months(birth, group, on)
    return _out_dates(_add_months(index, day, total), scalar)


def format_age(years, months) -> str:
    """'60岁1个月' / '63岁'."""
    years, months = int(years), int(months)
    return f"{years}岁{months}个月" if months else f"{years}岁"


def retirement_table(birth, group, *, on=None) -> pd.DataFrame:
    """One row per person: birth month, group, old age, delay, new age and date, with sources."""
    index, day, codes, par, total, _ = _age_months(birth, group, on)
    dates = _add_months(index, day, total)
    years, months = np.divmod(total, MONTHS)
    out = pd.DataFrame(
        {
            "birth": (index - 1970 * MONTHS).astype("datetime64[M]").astype(str),
            "group": codes,
            "old_age": par["old"] / MONTHS,
            "delay_months": total - par["old"],
            "age_years": years,
            "age_months": months,
            "age": [format_age(y, m) for y, m in zip(years, months)],
            "retirement_date": dates,
        }
    )
    _attach(out, [_policy(on)], PARAMETERS[:4])
    return out


def _attach(frame: pd.DataFrame, policies: list[Policy], names: list[str]) -> None:
    rows = [r for p in policies for key in p.names() if key[0] in names for r in p.rows(*key)]
    frame.attrs["sources"] = sources_frame(rows)
    frame.attrs["as_of"] = max(frame.attrs["sources"]["effective_from"]) if len(rows) else None


# --------------------------------------------------------------------------- minimum pension years


def min_pension_years(retire_year, *, on=None):
    """Minimum cumulative contribution years for a monthly basic pension when retiring in ``retire_year``.

    15 up to 2029, then + 6 months per calendar year from 2030, 20 from 2039 (data: ``pension.min_years_*``).
    """
    scalar = np.ndim(retire_year) == 0
    years = checks.as_array(
        "retire_year",
        retire_year,
        lo=RETIRE_YEAR_MIN,
        hi=RETIRE_YEAR_MAX,
        integer=True,
        unit_zh="年",
        unit_en="(calendar year)",
    )
    p = _policy(on)
    base, step, target = (
        float(p["pension.min_years_base"]),
        float(p["pension.min_years_step"]),
        float(p["pension.min_years_target"]),
    )
    first = p["pension.min_years_step_from"].year
    steps = np.clip(years - first + 1, 0, None)
    value = np.minimum(base + step * steps, target)
    return float(value[0]) if scalar else value


# --------------------------------------------------------------------------- flexible window


def flexible_window(birth, group, *, contribution_years=None, on=None) -> pd.DataFrame:
    """Earliest and latest retirement under the flexible rule, one row per person.

    Columns: ``statutory_age``, ``statutory_date``, ``earliest_age``, ``earliest_date``,
    ``latest_age``, ``latest_date`` (ages as '60岁1个月'; ``*_months_total`` as whole months),
    ``min_years_at_earliest`` / ``min_years_at_statutory`` (the minimum pension years in force in the
    year of the earliest / statutory date) and, when
    ``contribution_years`` (cumulative years by the earliest date) is given, ``early_allowed``.
    Early retirement is never before the old statutory age; late retirement at most the data's maximum.
    """
    index, day, codes, par, total, _ = _age_months(birth, group, on)
    p = _policy(on)
    early = round(float(p["retirement.flexible_early_max"]) * MONTHS)
    late = round(float(p["retirement.flexible_late_max"]) * MONTHS)
    earliest = np.maximum(total - early, par["old"])
    latest = total + late
    d_stat, d_early, d_late = (_add_months(index, day, t) for t in (total, earliest, latest))
    early_year = d_early.astype("datetime64[Y]").astype(np.int64) + 1970
    stat_year = d_stat.astype("datetime64[Y]").astype(np.int64) + 1970
    min_years = np.asarray(min_pension_years(early_year, on=on), dtype=float).reshape(-1)
    min_years_stat = np.asarray(min_pension_years(stat_year, on=on), dtype=float).reshape(-1)
    out = pd.DataFrame(
        {
            "birth": (index - 1970 * MONTHS).astype("datetime64[M]").astype(str),
            "group": codes,
            "statutory_months_total": total,
            "statutory_age": [format_age(*divmod(int(t), MONTHS)) for t in total],
            "statutory_date": d_stat,
            "earliest_months_total": earliest,
            "earliest_age": [format_age(*divmod(int(t), MONTHS)) for t in earliest],
            "earliest_date": d_early,
            "latest_months_total": latest,
            "latest_age": [format_age(*divmod(int(t), MONTHS)) for t in latest],
            "latest_date": d_late,
            "min_years_at_earliest": min_years,
            "min_years_at_statutory": min_years_stat,
        }
    )
    if contribution_years is not None:
        years = checks.as_array(
            "contribution_years", contribution_years, lo=0, hi=YEARS_MAX, unit_zh="年", unit_en="years"
        )
        if years.size not in (1, len(out)):  # one number for everybody, or one per person
            raise YibaoInputError(
                "contribution_years",
                f"长度 length {years.size}",
                f"应为一个数，或每人一个（{len(out)} 人）",
                f"must be one number, or one per person ({len(out)} people)",
            )
        n, arr = checks.broadcast(contribution_years=years, birth=np.zeros(len(out)))
        out["contribution_years"] = arr["contribution_years"]
        out["early_allowed"] = (arr["contribution_years"] >= min_years) & (earliest < total)
    _attach(out, [p], PARAMETERS)
    return out


# --------------------------------------------------------------------------- medical-insurance years
