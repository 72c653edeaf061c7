"""A pension to the yuan in any province: basic + 养老保险个人账户 + transitional + the extras a province adds.

One formula, whose variants are data (``data/pension/rules.csv``; each row sourced; a province inherits the
national form of 国发〔2005〕38号 wherever it has no row):

* **Basic** (基础养老金) = (B₁ × a + B₂ × index) ÷ 2 × years × 1 %, where B₁ and B₂ are the retirement place's
  base or the province's (``pension.basic.flat_province_share``, ``…indexed_province_share``: 河南 uses the
  province base in the first term, 吉林 in the second); a = min(1, index ÷ threshold) under 广东's
  ``pension.basic.low_index_threshold``; years rounded up to ``pension.years_step`` (安徽 只进不退 to ½ year);
  上海 pays remaining months at ``pension.basic.month_rate`` each instead of 1/12 of a year.
* **养老保险个人账户** pension = balance ÷ 计发月数 (the sheet's, or the national table by age).
* **Transitional** (过渡性养老金) new method = base × index' × years × coefficient, with index' = s + (1 − s) ×
  index (``…flat_index_share``: 辽宁/青海/四川 ½, 上海 1), floored at ``…index_floor`` (内蒙古 1); 北京 adds the
  deemed years at index ``…deemed_part_index`` to the pre-account actual years at the person's index;
  上海 adds the notional balance ÷ ``…notional_divisor`` (120); 吉林's coefficient depends on actual years.
  Where a province phases the new method in (``…phase_in`` by retirement year: 江苏 2024–2025, 广东
  2021–2025) the sheet's old-method amount (江苏 原办法; 广东 视同账户额 ÷ ``…old_method_divisor``; 深圳 the old
  indexed wage × 享受比例) is paid plus the share of the difference, in the item (江苏) or as a separate
  adjustment (广东, ``…adjustment_separate``); 广东 adds ``…fixed_addition`` + ``…per_year_allowance`` × whole years.
* **Extras**: fixed supplements (``pension.extra.fixed``: 浙江 150, 新疆 120, 青海 12/13, 西藏 …), 浙江's
  adjustment fund, one-child awards (a share of the pension: 重庆 3 %, 贵州/海南 5 %; 云南 5 % of the average
  pension), 四川's 增发 on the indexed wage, 吉林's banded 增发, 西藏's plateau share, 深圳's local items.

Amounts are 元/月, each part rounded to ``pension.amount_step`` (the fen; 上海 the jiao), the total rounded up
to ``pension.total_step_up`` where a province says so (浙江, 广西). Everything is vectorised over people of one
province and city; :func:`~yibao_helpers.rules.pension_province_trace.trace_province_pension` explains one person.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import checks
from ..core.errors import YibaoInputError
from ..params import load_policy, sources_frame
from ..params import pension_tables as tables
from .pension import annuity_months, annuity_rows

# Input plausibility limits (not policy numbers).
BASE_MAX = 100_000  # 元/月
INDEX_MAX = 10.0
YEARS_MAX = 80.0
BALANCE_MAX = 1e8

NUMBERS = {  # column: (lo, hi, default when absent; None = required)
    "avg_index": (0.0, INDEX_MAX, None),
    "total_years": (0.0, YEARS_MAX, None),
    "personal_account": (0.0, BALANCE_MAX, None),
    "retire_year": (1996, 2100, None),
    "retire_month": (1, 12, 1),
    "base_number": (0.0, BASE_MAX, np.nan),
    "base_prov": (0.0, BASE_MAX, np.nan),
    "months": (1.0, 1000.0, np.nan),
    "retire_age": (40.0, 70.0, np.nan),
    "work_year": (1940, 2100, np.nan),
    "work_month": (1, 12, 1),
    "sight_years": (0.0, YEARS_MAX, 0.0),
    "actual_years": (0.0, YEARS_MAX, np.nan),
    "pre_account_years": (0.0, YEARS_MAX, np.nan),
    "trans_index": (0.0, INDEX_MAX, np.nan),
    "new_method_years": (0.0, YEARS_MAX * INDEX_MAX, np.nan),
    "xuzhang": (0.0, BALANCE_MAX, 0.0),
    "trans_pension_old": (0.0, BASE_MAX, np.nan),
    "old_index_salary": (0.0, BASE_MAX, np.nan),
    "enjoyment_ratio": (0.0, 1.0, np.nan),
    "extra_rate": (0.0, 0.1, np.nan),
    "extra_fixed_amount": (0.0, BASE_MAX, 0.0),
    "current_year_increase": (0.0, BASE_MAX, 0.0),
    "local_pension_years": (0.0, YEARS_MAX, 0.0),
    "tibet_work_years": (0.0, YEARS_MAX, np.nan),
    "one_child_avg_pension": (0.0, BASE_MAX, np.nan),
}
FLAGS = ("one_child", "intellectual")
PARTS = ["basic", "account", "transitional", "adjustment", "extra", "total"]
PART_ZH = {
    "basic": "基础养老金",
    "account": "养老保险个人账户养老金",
    "transitional": "过渡性养老金",
    "adjustment": "过渡期调整额",
    "extra": "地方加发（补贴、调节金、增发）",
    "total": "合计（每月）",
}


def _steps(x, step):
    """Round half up to a step (0.01 = the fen, 0.1 = the jiao), element-wise."""
    return np.round(np.floor(np.asarray(x) / step + 0.5 + 1e-7) * step, 2)


def _people(people) -> tuple[int, dict]:
    """The people's columns checked and broadcast: a dict of float arrays (absent optional columns → defaults)."""
    if isinstance(people, pd.DataFrame):
        cols = {c: people[c].to_numpy() for c in people.columns}
    elif isinstance(people, dict):
        cols = dict(people)
    else:
        raise YibaoInputError(
            "people", type(people).__name__, "应为 DataFrame 或字典（列名 → 数值）", "must be a DataFrame or a dict"
        )
    unknown = sorted(set(cols) - set(NUMBERS) - set(FLAGS))
    if unknown:
        raise YibaoInputError(
            unknown[0], cols[unknown[0]], f"不认识的列；可用：{sorted(NUMBERS) + list(FLAGS)}", "unknown column"
        )
    arrays = {}
    for name, (lo, hi, default) in NUMBERS.items():
        if name not in cols or cols[name] is None:
            if default is None:
                raise YibaoInputError(name, None, f"必须给出（{lo} 到 {hi}）", f"is required ({lo} to {hi})")
            continue
        arr = _floats(name, cols[name], lo, hi)
        missing = np.isnan(arr)
        if not missing.any():
            arrays[name] = checks.as_array(name, cols[name] if np.ndim(cols[name]) == 0 else arr, lo=lo, hi=hi)
            continue
        if default is None:
            raise YibaoInputError(name, "nan", f"必须给出，应在 {lo} 到 {hi} 之间", f"is required: {lo} to {hi}")
        if missing.all():
            continue
        checks.as_array(name, arr[~missing], lo=lo, hi=hi)
        arrays[name] = np.where(missing, default, arr)
    for name in FLAGS:  # yes / no / unknown (None, NaN): 1.0 / 0.0 / NaN
        if name in cols and cols[name] is not None:
            raw = np.atleast_1d(np.asarray(cols[name], dtype=object))
            flag = np.full(len(raw), np.nan)
            for i, v in enumerate(raw):
                if isinstance(v, (bool, np.bool_)):
                    flag[i] = float(v)
                elif not (v is None or (isinstance(v, float) and np.isnan(v))):
                    raise YibaoInputError(
                        name, v, "应为 True、False 或 None（不知道）", "must be True, False or None (unknown)"
                    )
            arrays[name] = flag
    n, out = checks.broadcast(**arrays)
    for name, (_lo, _hi, default) in NUMBERS.items():  # absent: one value that broadcasts (no n-long copy)
        if name not in out:
            out[name] = np.full(1, default, dtype=float)
    for name in FLAGS:
        if name not in out:
            out[name] = np.full(1, np.nan)
    return n, out


def _floats(name: str, value, lo, hi) -> np.ndarray:
    """A column as floats, None → NaN (an absent value); text, True/False or other objects → the bilingual error."""

    def bad(v):
        return YibaoInputError(name, v, f"应为数字，{lo} 到 {hi}", f"must be a number, {lo} to {hi}")

    if isinstance(value, (str, bytes, bool, np.bool_)):
        raise bad(value)
    arr = np.atleast_1d(np.asarray(value))
    if arr.dtype.kind in "iuf":
        return arr.astype(float, copy=False)
    if arr.dtype.kind == "b":
        raise bad(bool(arr[0]))
    out = np.empty(arr.shape, dtype=float)
    for i, v in enumerate(arr.ravel()):
        if v is None:
            out.flat[i] = np.nan
        elif isinstance(v, (bool, np.bool_, str, bytes)) or not isinstance(v, (int, float, np.number)):
            raise bad(v)
        else:
            out.flat[i] = float(v)
    return out


class _Rules:
    """The rules of one province and city for an array of retirement dates, remembering the rows it read."""

    def __init__(self, province: str, city: str, days: np.ndarray):
        self.province, self.city, self.days, self.used = province, city, days, []
        # each rule is looked up once per distinct retirement month, then spread to the people (O(n), no sort)
        months = days.astype("datetime64[M]").astype(np.int64)
        first = int(months.min())
        present = np.bincount(months - first) > 0
        self.unique = (np.flatnonzero(present) + first).astype("datetime64[M]").astype("datetime64[D]")
        self.inverse = (np.cumsum(present) - 1)[months - first] if len(self.unique) > 1 else None
        self.detail: dict[str, np.ndarray] = {}  # the intermediate amounts, for the trace

    def __call__(self, parameter: str, default: float | None = 0.0) -> np.ndarray:
        value = tables.rule(self.province, parameter, self.unique, city=self.city, default=default)
        self.used += tables.rows_used(self.province, parameter, self.unique, city=self.city)
        return self.spread(value)

    def spread(self, value: np.ndarray) -> np.ndarray:
        """Values per distinct month → per person (one value that broadcasts when every month has the same)."""
        if len(value) == 1 or (value[0] == value).all() or np.isnan(value).all():
            return value[:1]
        return value[self.inverse]

    def has(self, parameter: str) -> bool:
        return tables.has_rule(self.province, parameter, city=self.city)

    def banded(self, parameter: str, years: np.ndarray) -> np.ndarray:
        """Σ over the parameter's year bands of (years inside the band) × rate (吉林's 增发, 西藏's plateau share)."""
        total = np.zeros_like(years)
        for row in tables.band_rows(self.province, parameter, self.days, city=self.city):
            self.used.append(row)
            total += np.clip(years - row.age_from, 0, row.age_to - row.age_from) * row.number
        return total

    def band_value(self, parameter: str, years: np.ndarray) -> np.ndarray:
        """The rate of the band that ``years`` falls in (0 below the first band)."""
        out = np.zeros_like(years)
        for row in tables.band_rows(self.province, parameter, self.days, city=self.city):
            self.used.append(row)
            out = np.where((years >= row.age_from) & (years < row.age_to), row.number, out)
        return out


def _years(rules: _Rules, p: dict) -> None:
    """Years the sheet did not give, from dates (the pre-account span of ``pension.transitional.pre_account_*``),
    and every span rounded up to the province's ``pension.years_step`` (in place)."""
    if rules.has("pension.transitional.pre_account_end"):
        missing = np.isnan(p["pre_account_years"]) & ~np.isnan(p["work_year"])
        if missing.any():
            work = (p["work_year"] - 1970) * 12 + p["work_month"] - 1
            start = np.maximum(work, rules("pension.transitional.pre_account_start", -1e9))
            span = np.maximum(rules("pension.transitional.pre_account_end") - start, 0) / 12
            p["pre_account_years"] = np.where(missing, span, p["pre_account_years"])
    step = rules("pension.years_step")
    if (step > 0).any():
        for name in ("total_years", "sight_years", "pre_account_years"):
            up = np.ceil(np.round(p[name] / np.where(step > 0, step, 1), 6)) * step
            p[name] = np.where(step > 0, np.round(up, 6), p[name])


def _bases(rules: _Rules, p: dict) -> tuple[np.ndarray, np.ndarray]:
    """(retirement-place base, province base): the given ones, else the newest published base of the data at
    the retirement date (the city's where it has one); a province base not given is the place base unless
    the city has its own."""

    def looked(city: str) -> np.ndarray:
        value = tables.rule(rules.province, "pension.base_number", rules.unique, city=city, latest=True)
        rules.used += tables.rows_used(rules.province, "pension.base_number", rules.unique, city=city, latest=True)
        return rules.spread(value)

    city = rules.city if rules.city in tables.cities(rules.province) else ""
    place = p["base_number"]
    if np.isnan(place).any():
        place = np.where(np.isnan(place), looked(city), place)
    prov = p["base_prov"]
    if np.isnan(prov).any():
        prov = np.where(np.isnan(prov), looked("") if city else place, prov)
    return place, prov


def _basic(rules: _Rules, p: dict, place, prov, rate, step) -> np.ndarray:
    flat_share = rules("pension.basic.flat_province_share")
    idx_share = rules("pension.basic.indexed_province_share")
    b1 = flat_share * prov + (1 - flat_share) * place
    b2 = idx_share * prov + (1 - idx_share) * place
    index = p["avg_index"]
    threshold = rules("pension.basic.low_index_threshold")
    a = np.where((threshold > 0) & (index < threshold), index / np.where(threshold > 0, threshold, 1), 1.0)
    years = p["total_years"]
    month_rate = rules("pension.basic.month_rate")
    months = np.round(years * 12)
    share = np.where(month_rate > 0, np.floor(months / 12) * rate + (months % 12) * month_rate, years * rate)
    rules.detail.update(b1=b1, b2=b2, a=a, basic_share=share, month_rate=month_rate, rate=np.full_like(share, rate))
    return _steps((b1 * a + b2 * index) / 2 * share, step)


def _transitional(rules: _Rules, p: dict, place, prov, step) -> tuple[np.ndarray, np.ndarray]:
    """(the transitional item, the separate phase-in adjustment)."""
    base_share = rules("pension.transitional.base_province_share", 1.0)
    base = base_share * prov + (1 - base_share) * place
    uses_basic = rules("pension.transitional.uses_basic_index") > 0
    index = np.where(uses_basic | np.isnan(p["trans_index"]), p["avg_index"], p["trans_index"])
    flat = rules("pension.transitional.flat_index_share")
    index = np.maximum(flat + (1 - flat) * index, rules("pension.transitional.index_floor"))
    coef = rules("pension.transitional_coefficient")
    if rules.has("pension.transitional.short_years_max"):
        actual = np.where(np.isnan(p["actual_years"]), p["total_years"] - p["sight_years"], p["actual_years"])
        short = actual <= rules("pension.transitional.short_years_max")
        coef = np.where(short, rules("pension.transitional.coefficient_short"), coef)
    if rules.has("pension.transitional.coefficient_intellectual"):
        coef = np.where(p["intellectual"] == 1, rules("pension.transitional.coefficient_intellectual"), coef)
    pre = p["pre_account_years"]
    deemed_index = rules("pension.transitional.deemed_part_index")
    two_parts = deemed_index > 0
    # 北京: deemed years at a fixed index + the pre-account actual years at the person's; elsewhere one span
    weighted = np.where(
        two_parts,
        p["sight_years"] * deemed_index + np.nan_to_num(pre) * index,
        np.where(np.isnan(pre) | (pre <= 0), p["sight_years"], pre) * index,
    )
    weighted = np.where(np.isnan(p["new_method_years"]), weighted, p["new_method_years"])
    new = base * weighted * coef
    notional = rules("pension.transitional.notional_divisor")
    new = new + np.where(notional > 0, p["xuzhang"] / np.where(notional > 0, notional, 1), 0.0)
    new = _steps(new, step)
    per_year = rules("pension.transitional.per_year_allowance") * np.floor(p["total_years"] + 1e-9)
    allowance = rules("pension.transitional.fixed_addition") + per_year
    phase = rules("pension.transitional.phase_in", np.nan)
    divisor = rules("pension.transitional.old_method_divisor")
    old = p["trans_pension_old"]
    old = np.where(np.isnan(p["old_index_salary"]), old, p["old_index_salary"] * np.nan_to_num(p["enjoyment_ratio"]))
    old = np.where(np.isnan(old) & (divisor > 0), _steps(p["xuzhang"] / np.where(divisor > 0, divisor, 1), step), old)
    old = _steps(np.nan_to_num(old), step)
    in_phase = ~np.isnan(phase)
    separate = rules("pension.transitional.adjustment_separate") > 0
    extra_part = np.maximum(0.0, new - old - np.where(separate, per_year, 0.0)) * np.nan_to_num(phase)
    item = np.where(in_phase, np.where(separate, old + allowance, old + _steps(extra_part, step)), new + allowance)
    adjustment = np.where(in_phase & separate, _steps(extra_part, step), 0.0)
    rules.detail.update(
        t_base=base,
        t_index=index,
        t_coef=coef,
        t_weighted=weighted,
        t_new=new,
        t_old=old,
        t_phase=phase,
        t_allowance=allowance,
        t_notional=notional,
        t_two_parts=two_parts,
        t_deemed_index=deemed_index,
    )
    return _steps(item, step), adjustment


def _extras(rules: _Rules, p: dict, place, prov, basic, account, trans) -> dict:
    years = p["total_years"]
    index = p["avg_index"]
    out = {"fixed": rules("pension.extra.fixed")}
    out["adjustment_fund"] = (
        rules("pension.extra.adjustment_base") + rules("pension.extra.adjustment_per_index_year") * index * years
    )
    out["adjustment_fund"] += rules("pension.extra.adjustment_fixed")
    own = basic + account + trans
    out["one_child"] = np.where(p["one_child"] == 1, own * rules("pension.extra.one_child_share"), 0.0)
    if rules.has("pension.extra.one_child_avg_share"):
        avg = p["one_child_avg_pension"]
        out["one_child"] = out["one_child"] + np.where(
            p["one_child"] == 1,
            np.where(np.isnan(avg), rules("pension.extra.one_child_avg_pension"), avg)
            * rules("pension.extra.one_child_avg_share"),
            0.0,
        )
    if rules.has("pension.extra.indexed_wage_rate"):
        rate = np.where(np.isnan(p["extra_rate"]), rules("pension.extra.indexed_wage_rate"), p["extra_rate"])
        formula = _steps(place * index * rate * years, 0.01)  # not for a sheet that says: no one-child certificate
        out["indexed"] = np.where(p["one_child"] == 0, 0.0, formula) + p["extra_fixed_amount"]
    if rules.has("pension.extra.band_rate"):
        actual = np.where(np.isnan(p["actual_years"]), years - p["sight_years"], p["actual_years"])
        avg_base = _steps((place + prov * index) / 2, 0.01)
        banded = avg_base * rules.banded("pension.extra.band_rate", years)
        out["banded"] = np.where(actual > rules("pension.extra.band_trigger_years"), banded, 0.0)
    if rules.has("pension.extra.plateau_share"):
        tibet = np.where(
            np.isnan(p["tibet_work_years"]),
            np.where(p["sight_years"] > 0, p["sight_years"], years - p["sight_years"]),
            p["tibet_work_years"],
        )
        out["plateau"] = _steps(place * index * rules.band_value("pension.extra.plateau_share", tibet), 0.01)
    if rules.has("pension.extra.local_per_index_year"):
        local = p["local_pension_years"]
        out["local"] = np.where(
            local > 0,
            local * index * rules("pension.extra.local_per_index_year") + rules("pension.extra.local_base"),
            0.0,
        )
    if rules.has("pension.extra.intellectual"):
        out["intellectual"] = np.where(p["intellectual"] == 1, rules("pension.extra.intellectual"), 0.0)
    out["year_increase"] = p["current_year_increase"]
    return {k: _steps(v, 0.01) for k, v in out.items()}


def province_pension(province: str, people, *, city: str = "") -> pd.DataFrame:
    """Monthly pension of each person retiring in ``province`` (and ``city``, a code of data/pension/bases.csv
    such as ``luoyang`` or ``shenzhen``; blank = the province), 元/月.

    ``people``: a DataFrame (or dict of arrays) with ``avg_index``, ``total_years``, ``personal_account``,
    ``retire_year`` (and ``retire_month``) and, where known, the other columns of :data:`NUMBERS` (the sheet's
    计发基数 ``base_number``; without it the base of the retirement year from the data; ``months`` = 计发月数,
    else from ``retire_age``; ``sight_years``, ``pre_account_years``, ``trans_index``, …) and the flags
    ``one_child``, ``intellectual``.

    Returns one row per person: ``basic, account, transitional, adjustment, extra, total`` plus ``extra_*``
    details; ``.attrs["sources"]`` holds the data rows used.
    """
    province = tables.check_province(province)
    known = tables.cities(province, None)
    if not isinstance(city, str) or (city and city not in known):
        raise YibaoInputError(
            "city", city, f"应为空（全省）或 {province} 有数据的城市：{known}", f"must be blank or one of {known}"
        )
    out, _rules, _p = _compute(province, people, city)
    return out


def _compute(province: str, people, city: str):
    n, p = _people(people)
    month_number = ((p["retire_year"] - 1970) * 12 + p["retire_month"] - 1).astype(np.int64)
    days = month_number.astype("datetime64[M]").astype("datetime64[D]")
    rules = _Rules(province, city, days)
    _years(rules, p)
    nat = load_policy("national")
    rate = float(nat["pension.basic_rate_per_year"])
    rules.used += list(nat.rows("pension.basic_rate_per_year"))
    step = rules("pension.amount_step", 0.01)
    place, prov = _bases(rules, p)
    basic = _basic(rules, p, place, prov, rate, step)
    months = p["months"]
    if np.isnan(months).any():
        if np.isnan(np.broadcast_to(p["retire_age"], months.shape)[np.isnan(months)]).any():
            raise YibaoInputError(
                "months",
                None,
                "应给出计发月数 months 或退休年龄 retire_age（40 到 70 岁）",
                "give months or retire_age",
            )
        ages = np.nan_to_num(p["retire_age"], nan=60.0)
        months = np.where(np.isnan(months), np.atleast_1d(annuity_months(ages)), months)
        rules.used += annuity_rows(ages)
    account = _steps(p["personal_account"] / months, step)
    trans, adjustment = _transitional(rules, p, place, prov, step)
    extras = _extras(rules, p, place, prov, basic, account, trans)
    extra = np.zeros(1)
    for value in extras.values():
        extra = extra + value
    raw = basic + account + trans + adjustment + extra
    up = rules("pension.total_step_up")
    total = np.where(up > 0, np.ceil(raw / np.where(up > 0, up, 1) - 1e-7) * up, _steps(raw, 0.01))
    columns = {
        "basic": basic,
        "account": account,
        "transitional": trans,
        "adjustment": adjustment,
        "extra": _steps(extra, 0.01),
        "total": np.round(total, 2),
        **{f"extra_{k}": v for k, v in extras.items()},
        "base_number": place,
        "base_prov": prov,
        "months": months,
    }
    out = pd.DataFrame({k: np.broadcast_to(v, (n,)) for k, v in columns.items()})  # each part already rounded
    out.attrs["province"] = province
    out.attrs["city"] = city
    out.attrs["sources"] = sources_frame(rules.used)
    return out, rules, p
