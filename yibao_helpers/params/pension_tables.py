"""The province pension tables of ``data/pension/``: each province's rules and its 计发基数 by year.

Pension rules are provincial (a province, not a medical-insurance city, sets them), so they live in their own
folder with their own region list (``data/pension/provinces.csv``: the 31 provinces) and are checked like every
other table (:func:`yibao_helpers.params.schema` — provenance, dates, overlaps, units). A look-up goes from the
city's row (qualifier ``city=…``) to the province's row to the ``national`` default: the national formula of
国发〔2005〕38号 is the default, and a province row says where that province differs.

:func:`rule` gives one parameter's value for each retirement date (vectorised); :func:`row` the data row behind
it (for the sources of a result); :func:`provinces` the province codes and names.
"""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import MissingDataError, YibaoInputError
from ..core.paths import DATA_DIR
from . import schema
from .cache import disk_cached

FOLDER = "pension"


@dataclass(frozen=True)
class Row:
    """One data row, with the attributes :func:`~yibao_helpers.params.sources.sources_frame` reads."""

    file: str
    line: int
    region: str
    parameter: str
    qualifier: str
    effective_from: _dt.date
    effective_to: _dt.date | None
    age_from: float
    age_to: float
    value: str
    unit: str
    source: str
    confidence: str
    source_url: str
    retrieved_on: str
    note: str

    @property
    def number(self) -> float:
        """The value as a float; a date as its month number (months since 1970-01, for month arithmetic)."""
        if self.unit == "date":
            return float(np.datetime64(self.value, "M").astype(int))
        return float(self.value)


@functools.cache
def provinces() -> pd.DataFrame:
    """code, name_zh, name_en, source of the 31 provinces (``data/pension/provinces.csv``)."""
    path = DATA_DIR / FOLDER / "provinces.csv"
    rows = schema.read_csv_rows(path, ["code", "name_zh", "name_en", "source"])
    return pd.DataFrame([r for _, r in rows])


@functools.cache
def _rows() -> dict[tuple[str, str, str], list[Row]]:
    """Every row of the folder's long tables, validated, keyed by (region, parameter, qualifier), by start date;
    kept on disk between processes like the other tables (:mod:`yibao_helpers.params.cache`)."""
    folder = DATA_DIR / FOLDER
    return disk_cached("pension", sorted(folder.glob("*.csv")), _read, code=(Path(schema.__file__), Path(__file__)))


def _read() -> dict[tuple[str, str, str], list[Row]]:
    known = set(provinces()["code"]) | {"national"}
    out: dict[tuple[str, str, str], list[Row]] = {}
    for path in sorted((DATA_DIR / FOLDER).glob("*.csv")):
        if path.name == "provinces.csv":
            continue
        frame = schema._validate_table(path, schema.read_csv_rows(path, schema.COLUMNS))
        for r in frame.itertuples():
            if r.region not in known:
                schema._fail(
                    path.name,
                    r.line,
                    "region",
                    r.region,
                    "未知省份（见 data/pension/provinces.csv）",
                    "unknown province",
                )
            row = Row(
                path.name,
                int(r.line),
                r.region,
                r.parameter,
                r.qualifier,
                schema.parse_date(r.effective_from),
                schema.parse_date(r.effective_to) if r.effective_to else None,
                float(r.age_from),
                float(r.age_to),
                r.value,
                r.unit,
                r.source,
                r.confidence,
                r.source_url,
                r.retrieved_on,
                r.note,
            )
            out.setdefault((r.region, r.parameter, r.qualifier), []).append(row)
    for rows in out.values():
        rows.sort(key=lambda x: x.effective_from)
    return out


def parameter_units(data_dir: str | None = None) -> list[tuple[str, str]]:
    """(parameter, unit) of every row of ``data_dir``'s pension tables (default: the project's), for the
    parameter catalogue's check (:func:`yibao_helpers.params.catalogue.coverage`)."""
    if data_dir is None:
        return [(r.parameter, r.unit) for rows in _rows().values() for r in rows]
    out = []
    for path in sorted((Path(data_dir) / FOLDER).glob("*.csv")):
        if path.name != "provinces.csv":
            out += [(r["parameter"], r["unit"]) for _, r in schema.read_csv_rows(path, schema.COLUMNS)]
    return out


def check_province(province) -> str:
    """The province code, or a bilingual error naming what was typed and the allowed codes."""
    codes = list(provinces()["code"])
    if not isinstance(province, str) or province not in codes:
        names = "、".join(f"{c}（{n}）" for c, n in zip(codes, provinces()["name_zh"]))
        raise YibaoInputError("province", province, f"应为省份代码之一：{names}", f"must be one of {codes}")
    return province


def province_name(province: str) -> str:
    table = provinces()
    return str(table.loc[table["code"] == province, "name_zh"].iloc[0])


def _chain(province: str, parameter: str, city: str) -> list[list[Row]]:
    rows = _rows()
    keys = ([(province, parameter, f"city={city}")] if city else []) + [
        (province, parameter, ""),
        ("national", parameter, ""),
    ]
    return [rows[k] for k in keys if k in rows]


def _days(on) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(on, dtype="datetime64[D]"))
    return arr


def rule(
    province: str, parameter: str, on, *, city: str = "", default: float | None = None, latest: bool = False
) -> np.ndarray:
    """The value of ``parameter`` for ``province`` (and ``city``) in force on each date of ``on`` (an array of
    dates: the retirement dates), as a float array. The first level of city → province → national that has
    any row decides; a date no row of that level covers is ``default`` (or a MissingDataError if None).

    ``latest``: a date after the newest row (or in a gap) takes the newest row that started before it — the
    计发基数 practice: until a year's base is published, pensions are paid provisionally on the last one."""
    days = _days(on)
    for rows in _chain(province, parameter, city):
        starts = np.array([r.effective_from for r in rows], dtype="datetime64[D]")
        ends = np.array([r.effective_to or _dt.date.max for r in rows], dtype="datetime64[D]")
        idx = np.searchsorted(starts, days, side="right") - 1
        ok = (idx >= 0) & (latest | (days <= ends[np.clip(idx, 0, None)]))
        values = np.array([r.number for r in rows])[np.clip(idx, 0, None)]
        if default is None and not ok.all():
            raise _missing(province, parameter, city, str(days[~ok][0]), rows)
        return np.where(ok, values, np.nan if default is None else default)
    if default is None:
        raise _missing(province, parameter, city, str(days[0]) if len(days) else "", [])
    return np.full(len(days), float(default))


def _missing(province: str, parameter: str, city: str, on: str, rows: list[Row]) -> MissingDataError:
    periods = [(r.effective_from.isoformat(), r.effective_to.isoformat() if r.effective_to else "") for r in rows]
    have = "；".join(f"{a}–{b or '今'}" for a, b in periods) or "无"
    return MissingDataError(
        province,
        on,
        parameter,
        f"city={city}" if city else "",
        periods,
        f"{province_name(province) if province != 'national' else '全国'}没有 {on} 的 {parameter} 数据（已有：{have}）",
        f"no {parameter} row for {province} on {on} (rows cover: {have})",
    )


def rows_used(province: str, parameter: str, on, *, city: str = "", latest: bool = False) -> list[Row]:
    """The data rows :func:`rule` read for these dates (the sources of a result)."""
    days = np.unique(_days(on)).tolist()
    for rows in _chain(province, parameter, city):
        if latest:
            return list(
                {
                    id(r): r
                    for d in days
                    for r in [
                        max((x for x in rows if x.effective_from <= d), key=lambda x: x.effective_from, default=None)
                    ]
                    if r
                }.values()
            )
        return [r for r in rows if any(r.effective_from <= d <= (r.effective_to or _dt.date.max) for d in days)]
    return []


def has_rule(province: str, parameter: str, *, city: str = "") -> bool:
    """Whether the province (or city) itself has rows of ``parameter`` (not only the national default)."""
    rows = _rows()
    return (province, parameter, f"city={city}") in rows or (province, parameter, "") in rows


def band_rows(province: str, parameter: str, on, *, city: str = "") -> list[Row]:
    """The banded rows (``age_from``/``age_to`` hold the band, e.g. contribution years) of the first level of
    city → province → national that has any, in force on the first date of ``on``."""
    day = _days(on)[0].astype(object) if len(_days(on)) else None
    for rows in _chain(province, parameter, city):
        return [r for r in rows if day is None or r.effective_from <= day <= (r.effective_to or _dt.date.max)]
    return []


def cities(province: str, parameter: str | None = "pension.base_number") -> list[str]:
    """The city codes that have their own rows of ``parameter`` in ``province`` (of any parameter: None)."""
    found = {q.split("=", 1)[1] for (p, par, q) in _rows() if p == province and q and parameter in (None, par)}
    return sorted(found)


def series(province: str, parameter: str = "pension.base_number", *, city: str = "") -> pd.DataFrame:
    """All rows of one parameter for a province (or city), oldest first: year, value, confidence, source."""
    key = (province, parameter, f"city={city}" if city else "")
    rows = _rows().get(key, [])
    return pd.DataFrame(
        {
            "year": [r.effective_from.year for r in rows],
            "value": [r.number for r in rows],
            "confidence": [r.confidence for r in rows],
            "source": [r.source for r in rows],
            "source_url": [r.source_url for r in rows],
        }
    )
