"""``python -m yibao_helpers validate-pensions [--json] [--cases DIR]``: every official pension sheet recomputed.

Each case file of ``../shared/validation/pension_cases/<province>/*.json`` (transcribed 养老金核定表) is read for
its *inputs* only — the base, indices, years, balance, 计发月数 and the sheet's own input items (视同账户额,
原办法过渡性养老金, 享受比例, …) — and passed to :func:`yibao_helpers.rules.pension_province.province_pension`.
The sheet's expected amounts are never read here except by :func:`agreement`, which compares.

``--json`` prints a JSON list, one object per case file:
``{"case": "<province>/<file>.json", "basic": …, "account": …, "transitional": …, "total": …}`` (元/月; ``null``
where the sheet's inputs are not enough). Without ``--json`` it prints the agreement table.
"""

from __future__ import annotations

import argparse
import copy
import functools
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..params import pension_tables as tables
from ..rules.pension_province import NUMBERS, province_pension
from ..scenarios.pension import cases_folder

TOLERANCE = 1.0  # 元: a part agrees when it is within this of the sheet
PARTS = ("basic", "account", "transitional", "total")
EXPECTED = {
    "basic": "basic_pension",
    "account": "personal_pension",
    "transitional": "transitional_pension",
    "total": "total",
}
# the sheets' spellings of a city that has its own rows in data/pension (pinyin codes)
CITY_ALIASES = {"sz": "shenzhen", "cc": "changchun", "荆州": "jingzhou", "prov": ""}


def case_files(root: Path | None = None) -> list[Path]:
    """The sheets' files (``root``, else ``$YIBAO_PENSION_CASES``, else ``../shared/validation/pension_cases``)."""
    return sorted(cases_folder(root).glob("*/*.json"))


def _number(value):
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _year_month(text) -> tuple[float, float] | None:
    """(year, month) of '2025-07', '2025-07-31' or '1964年12月'."""
    if not isinstance(text, str):
        return None
    import re

    m = re.match(r"^\s*(\d{4})\s*[-年/.]\s*(\d{1,2})", text)
    return (float(m.group(1)), float(m.group(2))) if m else None


def case_inputs(sheet: dict, province: str) -> tuple[str, dict]:
    """(city code, one person's inputs) from a sheet's input fields."""
    raw_city = sheet.get("city_type") or sheet.get("cityType") or ""
    city = CITY_ALIASES.get(raw_city, raw_city)
    city = city if city in tables.cities(province, None) else ""
    person = {name: _number(sheet.get(name)) for name in NUMBERS}
    for prefix, fields in (
        ("retire", ("retire_date",)),
        ("work", ("work_date", "work_start")),
        ("birth", ("birth_date", "birth")),
    ):
        if person.get(f"{prefix}_year") is None and prefix != "birth":
            for field in fields:
                ym = _year_month(sheet.get(field))
                if ym:
                    person[f"{prefix}_year"], person[f"{prefix}_month"] = ym
                    break
    start = sheet.get("account_start")
    if person["sight_years"] is None and isinstance(start, dict) and person.get("work_year") is not None:
        # 视同缴费年限 = the months from starting work to the sheet's own account start (建账时间)
        months = (start["year"] - person["work_year"]) * 12 + start["month"] - person["work_month"]
        person["sight_years"] = max(months, 0) / 12
    if person["pre_account_years"] is None and _number(sheet.get("pre_1996_years")) is not None:
        person["pre_account_years"] = _number(sheet["pre_1996_years"])
    two_bases = any(tables.has_rule(province, f"pension.basic.{which}_province_share") for which in ("flat", "indexed"))
    one_base = person["base_prov"] is None or person["base_prov"] == person["base_number"]
    if city and city in tables.cities(province) and two_bases and one_base:
        # a two-base province's sheet that shows one base shows the province's: the city's comes from the data
        person["base_prov"] = person["base_number"]
        person["base_number"] = None
    for flag in ("one_child", "intellectual"):
        value = sheet.get(flag)
        person[flag] = value if isinstance(value, bool) else None
    return city, {k: v for k, v in person.items() if v is not None}


def _one(province: str, city: str, people: list[dict]) -> list[dict | str]:
    """Each person's parts, or the reason they cannot be computed: one vectorised call per province and city
    (one call per person only to find who lacks an input)."""
    try:
        frame = province_pension(province, pd.DataFrame(people), city=city)
    except Exception as exc:
        if len(people) == 1:
            return [str(exc).splitlines()[0]]
        return [r for person in people for r in _one(province, city, [person])]
    return [{k: round(float(v), 2) for k, v in row.items()} for row in frame[list(PARTS)].to_dict("records")]


def compute(root: Path | None = None) -> list[dict]:
    """One result per case file, in file order: case, basic, account, transitional, total (``None`` where not
    computable) and ``why`` (the reason it is not).

    Kept in the process per version of the sheets (each file's path, size and modification time) and of the data
    (:func:`yibao_helpers.params.store.clear_caches` forgets it): notebook 08 shows the check on every run."""
    files = case_files(root)
    key = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    return copy.deepcopy(_compute(key))


@functools.cache
def _compute(files: tuple[tuple[str, int, int], ...]) -> list[dict]:
    groups: dict[tuple[str, str], list[tuple[int, dict]]] = {}
    out = []
    for i, path in enumerate(Path(f[0]) for f in files):
        province = path.parent.name
        out.append({"case": f"{province}/{path.name}", **{k: None for k in PARTS}})
        sheet = json.loads(path.read_text(encoding="utf-8"))
        try:
            city, person = case_inputs(sheet, province)
        except Exception as exc:
            out[i]["why"] = str(exc).splitlines()[0]
            continue
        groups.setdefault((province, city), []).append((i, person))
    for (province, city), members in groups.items():
        for (i, _person), result in zip(members, _one(province, city, [m for _, m in members])):
            if isinstance(result, str):
                out[i]["why"] = result
            else:
                out[i].update(result)
    return out


def agreement(results: list[dict], root: Path | None = None) -> pd.DataFrame:
    """Per case and part: computed, expected (the sheet's), difference, agrees (within :data:`TOLERANCE`)."""
    sheets = {f"{p.parent.name}/{p.name}": json.loads(p.read_text(encoding="utf-8")) for p in case_files(root)}
    rows = []
    for r in results:
        expected = sheets[r["case"]].get("expected") or {}
        for part in PARTS:
            want = _number(expected.get(EXPECTED[part]))
            got = r[part]
            rows.append(
                {
                    "case": r["case"],
                    "part": part,
                    "computed": got,
                    "expected": want,
                    "difference": None if got is None or want is None else round(got - want, 2),
                    "agrees": got is not None and want is not None and abs(got - want) <= TOLERANCE + 1e-9,
                }
            )
    return pd.DataFrame(rows)


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per part: sheets with an expected amount, computable, agreeing, and the share of all 175."""
    rows = []
    n = table["case"].nunique()
    for part in PARTS:
        t = table[table["part"] == part]
        with_expected = int(t["expected"].notna().sum())
        agree = int(t["agrees"].sum())
        rows.append(
            {
                "part": part,
                "sheets": with_expected,
                "computable": int((t["expected"].notna() & t["computed"].notna()).sum()),
                "agree": agree,
                "share_of_sheets": round(agree / with_expected, 4) if with_expected else np.nan,
                "share_of_all": round(agree / n, 4),
            }
        )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="yibao validate-pensions", description="重算全部官方养老金核定表")
    parser.add_argument("--json", action="store_true", help="print one JSON object per case file")
    parser.add_argument("--cases", default=None, help="the cases folder (default: ../shared/validation/pension_cases)")
    args = parser.parse_args(argv)
    results = compute(args.cases)
    if args.json:
        print(json.dumps([{k: r[k] for k in ("case", *PARTS)} for r in results], ensure_ascii=False, indent=1))
        return 0
    table = agreement(results, args.cases)
    print(summary(table).to_string(index=False))
    bad = table[~table["agrees"] & table["expected"].notna()]
    for case, group in bad.groupby("case", sort=True):
        parts = "；".join(f"{r.part} {r.computed} vs {r.expected}" for r in group.itertuples())
        print(f"- {case} — {parts}")
    return 0
