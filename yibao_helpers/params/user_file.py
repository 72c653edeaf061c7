"""Your own city's numbers: a CSV in the format of ``data/*.csv``, checked like the data and marked 用户提供.

:func:`merge` reads a user's file, validates every row with the checks the data tables pass (columns, dates,
units, overlapping periods, the provenance standard of :func:`yibao_helpers.params.schema.provenance_problem`)
plus the parameter catalogue (a parameter, unit and qualifier the project knows), and merges it into the
tables: a user's row replaces the data's rows of the same region, parameter and qualifier (the whole
series — a user's published number wins over the project's), and its ``source`` is prefixed ``用户提供：`` so
every page that uses it says so (:func:`yibao_helpers.params.sources.provenance`: ``how = "user"``).

A region code the data do not have (``hangzhou``) is added with the name ``用户地区 hangzhou`` and national
law above it. The file is brought in by :func:`yibao_helpers.params.store.use_policy_file` (papermill
parameter ``policy_file`` of every notebook; the dashboard's upload button).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.errors import PolicyDataError, YibaoInputError
from . import schema

PREFIX = "用户提供"


def _fail(name: str, line: int, column: str, value, zh: str, en: str):
    raise PolicyDataError(name, line, column, value, zh, en)


def read(path) -> pd.DataFrame:
    """The user's rows of ``path``, validated like a data table (the first bad row raises, naming its line)."""
    p = Path(path)
    if not p.is_file():
        raise YibaoInputError(
            "policy_file",
            str(path),
            "找不到这个文件（应为与 data/*.csv 同样格式的 CSV 文件路径）",
            "no such file (give the path of a CSV in the format of data/*.csv)",
        )
    rows = schema.read_csv_rows(p, schema.COLUMNS)
    if not rows:
        _fail(p.name, 2, "region", "", "文件里没有数据行", "the file has no data rows")
    frame = schema._validate_table(p, rows)
    _check_catalogue(p.name, frame)
    return frame


def _check_catalogue(name: str, frame: pd.DataFrame) -> None:
    from .catalogue import _catalogue

    parameters, _, qualifiers = _catalogue()
    for r in frame.itertuples():
        if r.parameter not in parameters:
            _fail(
                name,
                r.line,
                "parameter",
                r.parameter,
                "不是本项目认识的参数（参数名见 data/catalogue/parameters.csv）",
                "not a parameter this project knows (see data/catalogue/parameters.csv)",
            )
        units = parameters[r.parameter]["unit"].split("|")
        if r.unit not in units:
            _fail(
                name,
                r.line,
                "unit",
                r.unit,
                f"参数 {r.parameter} 的单位应为 {'|'.join(units)}",
                f"parameter {r.parameter} is in {'|'.join(units)}",
            )
        if r.qualifier and r.qualifier not in qualifiers:
            _fail(
                name,
                r.line,
                "qualifier",
                r.qualifier,
                "不是本项目认识的限定词（见 data/catalogue/qualifiers.csv）",
                "not a qualifier this project knows (see data/catalogue/qualifiers.csv)",
            )


def merge(regions: pd.DataFrame, table: pd.DataFrame, path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(regions, rows) of the data with the user's file merged in (see the module docstring)."""
    user = read(path)
    user["file"] = f"{PREFIX}文件 {Path(path).name}"
    user["source"] = [s if s.startswith(PREFIX) else f"{PREFIX}：{s}" for s in user["source"]]
    new = sorted(set(user["region"]) - set(regions["code"]))
    if new:
        added = pd.DataFrame(
            [
                {
                    "code": code,
                    "name_zh": f"用户地区 {code}",
                    "name_en": code,
                    "province": "",
                    "parent": "",
                    "source": f"{PREFIX}文件 {Path(path).name}",
                    "note": "",
                }
                for code in new
            ]
        )
        regions = pd.concat([regions, added], ignore_index=True)
    keys = set(zip(user["region"], user["parameter"], user["qualifier"]))
    kept = table[[k not in keys for k in zip(table["region"], table["parameter"], table["qualifier"])]]
    user["start"] = user["effective_from"].map(schema.parse_date)
    user["end"] = user["effective_to"].map(lambda t: schema.parse_date(t) if t else None)
    merged = pd.concat([kept, user[kept.columns]], ignore_index=True)
    schema._check_units(merged)
    return regions, merged
