"""One province's pension for notebook 08: the person with the province's 计发基数 and rules, the rows behind it,
and the province's official sheets against the calculator.

* :func:`province_of` — a medical region's pension province (南昌 → 江西); :func:`province_note` — the sentence
  a page shows when its region is not in the province it computes;
* :func:`province_base` — the province's 计发基数 for a retirement year (``data/pension/bases.csv``);
  :func:`base_history` — all its years, with their rows (for the chart);
* :func:`province_person` — :func:`yibao_helpers.rules.pension_province.province_pension` for the page's inputs,
  with that base (or the user's, or the example of :func:`yibao_helpers.scenarios.pension.pension_base`);
* :func:`province_trace` — how each yuan of it is computed; :func:`extra_items` — its local extras by name;
* :func:`province_sheet_table` — each official sheet of the province: the sheet's amounts and the calculator's;
* :func:`public_repo` — the public repository a secondary row was read from.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import checks
from ..params import chain_of, merge_sources, region_name, sources_frame
from ..params import pension_tables as tables
from ..rules import pension, pension_province
from .pension import pension_base

RETIRE_YEARS = (1996, 2100)  # the retirement years the province tables cover (the calculator's range)
SHEET_PARTS = (("basic", "基础养老金"), ("transitional", "过渡性养老金"), ("total", "合计"))


def province_of(region: str) -> str | None:
    """The pension province of a medical region (nanchang → jiangxi, beijing → beijing); None for
    ``national`` and the example city."""
    codes = set(tables.provinces()["code"])
    return next((r for r in chain_of(region) if r in codes), None)


def province_note(region: str, province: str) -> str:
    """One sentence when the page's medical region is not in the pension province ("" when it is)."""
    home = province_of(region)
    if home == tables.check_province(province):
        return ""
    how = (
        f"要按{tables.province_name(home)}的规则，运行时加 `-p province {home}`"
        if home
        else "换省份时加 `-p province 省份代码`"
    )
    return (
        f'医保地区是{region_name(region)}，养老金按省份 `province = "{province}"`'
        f"（{tables.province_name(province)}）算；{how}。"
    )


def province_base(province: str, retire_year) -> dict | None:
    """The province's 计发基数 for a retirement in ``retire_year``: the newest row of
    :func:`~yibao_helpers.params.pension_tables.series` whose year is not after it (``year, value, confidence,
    source, source_url``), or None when the data have no such row."""
    province = tables.check_province(province)
    year = checks.as_int("retire_year", retire_year, lo=RETIRE_YEARS[0], hi=RETIRE_YEARS[1], unit_zh="年")
    rows = tables.series(province)
    rows = rows[rows["year"] <= year]
    return None if rows.empty else {k: (v.item() if hasattr(v, "item") else v) for k, v in rows.iloc[-1].items()}


def base_history(province: str) -> pd.DataFrame:
    """The province's 计发基数 by year of use (``year, value, confidence, source, source_url``; empty when the data
    have none), with the rows in ``.attrs["sources"]``."""
    province = tables.check_province(province)
    out = tables.series(province)
    days = np.array([f"{int(y):04d}-12-31" for y in out["year"]], dtype="datetime64[D]")
    out.attrs["sources"] = sources_frame(tables.rows_used(province, "pension.base_number", days) if len(out) else [])
    out.attrs["province"] = province
    return out


def public_repo(source_url: str) -> str:
    """``owner/name`` of a ``github:owner/name:path@commit`` address ("" for any other address)."""
    url = str(source_url or "")
    return url.split(":")[1] if url.startswith("github:") and url.count(":") >= 2 else ""


def province_person(
    province: str,
    avg_wage,
    index,
    years,
    balance,
    age=60,
    *,
    extra_months=0,
    pre_account_years=0.0,
    retire_year,
    region: str = "national",
    on=None,
) -> pd.DataFrame:
    """A person's pension in ``province`` (:func:`~yibao_helpers.rules.pension_province.province_pension`).

    The 计发基数 is ``avg_wage`` when given, else the province's base for ``retire_year`` (:func:`province_base`),
    else — the data have none — the example of :func:`~yibao_helpers.scenarios.pension.pension_base` for
    ``region``. ``pre_account_years``: the 视同缴费年限 before the 养老保险个人账户 existed; 计发月数 from the
    national table by ``age`` (+ ``extra_months``). Vectorised over ``index``, ``years`` and ``balance``.

    Columns ``basic, account, transitional, adjustment, extra, total, annuity_months`` (+ the ``extra_*``
    details); ``.attrs``: ``avg_wage`` (the base used), ``base_kind`` (``given``, ``province`` or ``example``),
    ``base_row`` (the province's row, or None), ``person`` (the first person's inputs, for
    :func:`~yibao_helpers.rules.pension_province_trace.trace_province_pension`), ``transitional_coefficient``,
    ``sources``.
    """
    province = tables.check_province(province)
    row = province_base(province, retire_year)
    base_sources = None
    if avg_wage is not None:
        limit = pension_province.BASE_MAX
        base = checks.as_float(
            "avg_wage", avg_wage, lo=0, hi=limit, unit_zh="元/月", unit_en="yuan/month", lo_open=True
        )
        kind = "given"
    elif row is not None:
        base, kind = row["value"], "province"
        day = np.array([f"{row['year']:04d}-12-31"], dtype="datetime64[D]")
        base_sources = sources_frame(tables.rows_used(province, "pension.base_number", day))
    else:
        (base, base_sources), kind = pension_base(region, on), "example"
    n, a = checks.broadcast(
        index=checks.as_array("index", index, lo=0, hi=pension_province.INDEX_MAX),
        years=checks.as_array("years", years, lo=0, hi=pension_province.YEARS_MAX, unit_zh="年", unit_en="years"),
        balance=checks.as_array(
            "balance", balance, lo=0, hi=pension_province.BALANCE_MAX, unit_zh="元", unit_en="yuan"
        ),
        months=np.atleast_1d(pension.annuity_months(age, extra_months, on=on)),
    )
    sight = checks.as_array("pre_account_years", pre_account_years, lo=0, hi=pension_province.YEARS_MAX, unit_zh="年")
    people = {
        "avg_index": a["index"],
        "total_years": a["years"],
        "personal_account": a["balance"],
        "retire_year": np.full(n, float(retire_year)),
        "base_number": np.full(n, float(base)),
        "months": a["months"],
        "sight_years": np.broadcast_to(sight, n) if sight.size == 1 else sight,
    }
    out = pension_province.province_pension(province, people)
    out["annuity_months"] = out.pop("months")
    sources = merge_sources(
        out.attrs["sources"], sources_frame(pension.annuity_rows(age, extra_months, on=on)), base_sources
    )
    day = np.array([f"{int(retire_year):04d}-07-01"], dtype="datetime64[D]")
    out.attrs.update(
        province=province,
        province_name=tables.province_name(province),
        region=region,
        on=on,
        avg_wage=float(base),
        base_given=kind == "given",
        base_kind=kind,
        base_row=row if kind == "province" else None,
        person={k: float(v[0]) for k, v in people.items()},
        transitional_coefficient=float(tables.rule(province, "pension.transitional_coefficient", day, default=0.0)[0]),
        sources=sources,
        as_of=max(sources["effective_from"]),
    )
    return out


def province_trace(est: pd.DataFrame) -> pd.DataFrame:
    """How each yuan of the first person of :func:`province_person` is computed (步骤, 规则, 金额（元）, 来源):
    :func:`~yibao_helpers.rules.pension_province_trace.trace_province_pension` for the same inputs."""
    from ..rules.pension_province_trace import trace_province_pension

    return trace_province_pension(est.attrs["province"], est.attrs["person"])


def extra_items(row: pd.Series) -> list[tuple[str, float]]:
    """The province's extras in one row of :func:`province_person` as (Chinese name, 元/月), those not zero."""
    from ..rules.pension_province_trace import EXTRA_ZH

    return [(label, float(row[f"extra_{key}"])) for key, label in EXTRA_ZH.items() if row.get(f"extra_{key}")]


def _sheet_label(number: int, sheet: dict) -> str:
    when = (
        f"{int(sheet['retire_year'])} 年 {int(sheet['retire_month'])} 月退休"
        if sheet.get("retire_year") and sheet.get("retire_month")
        else "退休时间未写"
    )
    who = "".join(str(sheet.get(k) or "") for k in ("city", "gender"))
    return f"核定表 {number}：{who + '，' if who else ''}{when}"


def _pair(want, got) -> str:
    """表 / 算: the sheet's amount and the calculator's (— where one is missing)."""
    return " / ".join(f"{v:,.2f}" if v is not None and v == v else "—" for v in (want, got))


def province_sheet_table(province: str, agreement: pd.DataFrame, cases: list[tuple[str, dict]]) -> pd.DataFrame:
    """The province's official sheets against the calculator, one row per sheet: 核定表 (place, sex,
    retirement), 基础养老金 / 过渡性养老金 / 合计 as 表 / 算, 相差 (the total, 算 − 表) and 一致 (✓ when every part
    the sheet gives — the 养老保险个人账户养老金 too — is within 1 元).

    ``agreement``: :func:`yibao_helpers.tools.validate_pensions.agreement` (case, part, computed, expected,
    difference, agrees); ``cases``: :func:`yibao_helpers.scenarios.pension.load_cases` (the sheets, for labels).
    """
    province = tables.check_province(province)
    sheets = dict(cases)
    mine = agreement[agreement["case"].str.startswith(f"{province}/")]
    columns = ["核定表", *(f"{label}（表 / 算）" for _, label in SHEET_PARTS), "相差（元）", "一致"]
    rows = []
    for number, (case, group) in enumerate(mine.groupby("case", sort=False), start=1):
        part = group.set_index("part")
        given = part[part["expected"].notna()]
        diff = part.loc["total", "difference"]
        pairs = [_pair(part.loc[key, "expected"], part.loc[key, "computed"]) for key, _ in SHEET_PARTS]
        agrees = len(given) > 0 and bool(given["agrees"].all())
        shown = "—" if diff is None or diff != diff else f"{diff:+,.2f}" if abs(diff) >= 0.005 else "0.00"
        rows.append([_sheet_label(number, sheets.get(case, {})), *pairs, shown, "✓" if agrees else "✗"])
    return pd.DataFrame(rows, columns=columns)


__all__ = [
    "base_history",
    "extra_items",
    "province_base",
    "province_note",
    "province_of",
    "province_person",
    "province_sheet_table",
    "province_trace",
    "public_repo",
]
