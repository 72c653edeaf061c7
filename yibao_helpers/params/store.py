"""The validated tables of a data folder, read once per process, and the region registry.

:func:`tables` gives every parameter row; :func:`regions` the region codes with data;
:func:`region_name` a region's Chinese name; :func:`parent_of` the region a city inherits from
before ``national`` (its province, from ``regions.csv``'s ``parent`` column); :func:`data_as_of` the
newest effective date anywhere in the data (the default "as-of" date of every page).
"""

from __future__ import annotations

import datetime as _dt
import functools
from pathlib import Path

import pandas as pd

from ..core.errors import YibaoInputError
from ..core.paths import DATA_DIR
from . import schema
from .cache import cache_path, disk_cached

_USER_FILE: str | None = None  # the user's own numbers (use_policy_file), merged into the default data


@functools.cache
def load_all(data_dir: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(regions table, parameter rows) read and validated, once per process (per data directory) and
    once per data version (see :mod:`yibao_helpers.params.cache`); the default data with the user's file
    of :func:`use_policy_file` merged in."""
    base = Path(data_dir) if data_dir else DATA_DIR
    out = disk_cached("tables", sorted(base.glob("*.csv")), lambda: schema.read_and_validate(base), code=_CODE)
    if data_dir is None and _USER_FILE:
        from . import user_file

        out = user_file.merge(*out, _USER_FILE)
    return out


def use_policy_file(path) -> str | None:
    """Bring your own city's numbers: ``path`` is a CSV in the format of ``data/*.csv``
    (:mod:`yibao_helpers.params.user_file` checks it like the data); from now on every calculator reads the
    data with its rows merged in, marked 用户提供. ``None`` or ``""`` goes back to the project's data only.
    Returns the file in use (its absolute path) or None."""
    global _USER_FILE
    if path is not None and not isinstance(path, (str, Path)):
        raise YibaoInputError(
            "policy_file", path, "应为 CSV 文件路径或 None", "must be the path of a CSV file, or None"
        )
    new = str(Path(path).resolve()) if path not in (None, "") else None
    if new is not None:
        from . import user_file

        user_file.read(path)  # check it before anything changes (an error shows the path as the user typed it)
    if new != _USER_FILE:
        _USER_FILE = new
        clear_caches()
        if new is not None:
            load_all(None)  # merge errors (a unit that disagrees with the data) raise here, not in a page
    return _USER_FILE


def policy_file() -> str | None:
    """The user's file in use (:func:`use_policy_file`), or None."""
    return _USER_FILE


def clear_caches(*, results_only: bool = False) -> None:
    """Forget every in-process cache of the package that holds data or results computed from it (when the
    data change under a running process: :func:`use_policy_file`).

    ``results_only``: keep the loaded tables and Policy objects (this layer's caches, which every look-up
    still passes through) and forget only results computed above it (benefit tables, first data years, …).
    """
    import sys

    for name, module in list(sys.modules.items()):
        if not name.startswith("yibao_helpers") or module is None:
            continue
        if results_only and name.startswith("yibao_helpers.params"):
            continue
        for obj in list(vars(module).values()):
            clear = getattr(obj, "cache_clear", None)
            if callable(clear) and getattr(obj, "__module__", "").startswith("yibao_helpers"):
                clear()


_CODE = (Path(schema.__file__), Path(__file__))  # the code that reads and checks the tables: part of the cache key


def cache_file(data_dir: str | None = None) -> Path | None:
    """Where the validated tables of ``data_dir`` are cached (None when caching is off)."""
    base = Path(data_dir) if data_dir else DATA_DIR
    return cache_path("tables", sorted(base.glob("*.csv")), _CODE)


def tables(data_dir: str | None = None) -> pd.DataFrame:
    """All validated parameter rows (a copy), for integrity tests and timelines."""
    return load_all(data_dir)[1].copy()


@functools.cache
def regions(data_dir: str | None = None) -> list[str]:
    """The region codes that have data (``national`` first); codes listed in regions.csv without rows are left out."""
    with_data = set(load_all(data_dir)[1]["region"])
    return ["national"] + sorted(c for c in with_data if c != "national")  # cached: callers must not mutate


def region_name(code: str) -> str:
    """The region's Chinese name (北京, 全国, …)."""
    check_region(code, name="code")
    return _names_zh()[code]


@functools.cache
def _names_zh() -> dict[str, str]:
    """Region code → Chinese name (a page asks hundreds of times: a table look-up each was ≈ 1 ms)."""
    table = load_all(None)[0]
    return {str(c): str(n) for c, n in zip(table["code"], table["name_zh"])}


@functools.cache
def parent_of(code: str, data_dir: str | None = None) -> str | None:
    """The region whose rows ``code`` inherits before national (a city's province), or None."""
    table = load_all(data_dir)[0]
    hit = table.loc[table["code"] == code, "parent"]
    return str(hit.iloc[0]) if len(hit) and hit.iloc[0] else None


def check_region(region, data_dir: str | None = None, *, name: str = "region") -> str:
    known = regions(data_dir)
    if not isinstance(region, str) or region not in known:
        raise YibaoInputError(
            name, region, f"应为已有数据的地区之一：{known}", f"must be one of the regions with data: {known}"
        )
    return region


def check_data_dir(data_dir, name: str = "data_dir") -> str | None:
    """None (the package's data/) or the path of an existing folder, as text (the tables are cached per folder)."""
    if data_dir is None:
        return None
    if not isinstance(data_dir, (str, Path)) or not Path(data_dir).is_dir():
        raise YibaoInputError(
            name,
            data_dir,
            "应为 None（项目的 data/ 目录）或一个已存在的数据目录路径",
            "must be None (the project's data/ folder) or the path of an existing data folder",
        )
    return str(data_dir)


def data_as_of(data_dir: str | None = None) -> _dt.date:
    """The default 'as of' date of every page: 1 July of the newest year whose rules can be read without an
    illustrative national statistic.

    A year's rules lean on last year's national statistics (average wages, disposable income: the catalogue's
    statistics categories); the default year is the newest whose 1 July every such national series covers
    with a row that is not illustrative. Without statistics in the data: the newest effective date that is not
    illustrative.
    """
    return _as_of(data_dir)


@functools.cache
def _as_of(data_dir: str | None) -> _dt.date:
    from .catalogue import statistics

    t = load_all(data_dir)[1]
    known = t[t["confidence"] != "illustrative"]
    newest = max(known["start"]) if len(known) else max(t["start"])
    stats = known[(known["region"] == "national") & known["parameter"].str.split(".").str[0].isin(statistics())]
    day = newest
    for _, series in stats.groupby(["parameter", "qualifier"]):
        end = max((e or _dt.date.max) for e in series["end"])
        end = min(end, newest)
        july = _dt.date(end.year, 7, 1)
        day = min(day, july if july <= end else _dt.date(end.year - 1, 7, 1))
    return day


def rule_year(year=None, name: str = "year", data_dir: str | None = None) -> int:
    """A checked calendar year (:func:`yibao_helpers.core.dates.year`), or — for None — the newest data year."""
    from ..core.dates import year as checked_year

    data_dir = check_data_dir(data_dir)
    return data_as_of(data_dir).year if year is None else checked_year(year, name)
