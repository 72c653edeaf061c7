"""The parameter catalogue: each parameter's Chinese label, unit and category, kept as data.

``data/catalogue/parameters.csv`` (``parameter, label_zh, category, unit, display_unit, source``) names
every parameter the tables use (``display_unit``: how a value is shown when not by its unit, e.g. 岁 for
an age in years); ``data/catalogue/categories.csv`` (``category, name_zh, statistics, source``) names the
categories (the part of a parameter id before the first dot) in reading order;
``data/catalogue/qualifiers.csv`` (``qualifier, name_zh, source``) names every qualifier (``level=3`` →
三级医院). :func:`coverage` lists
every disagreement between the catalogue and the tables (a parameter without a label, a label without
data, a unit the tables do not use); ``tests/params/test_catalogue.py`` requires none.
"""

from __future__ import annotations

import functools

from ..core.errors import PolicyDataError
from .schema import UNITS, read_csv_rows
from .store import DATA_DIR, load_all

PARAMETER_COLUMNS = ["parameter", "label_zh", "category", "unit", "display_unit", "source"]
QUALIFIER_COLUMNS = ["qualifier", "name_zh", "source"]
CATEGORY_COLUMNS = ["category", "name_zh", "statistics", "source"]


@functools.cache
def _catalogue() -> tuple[dict[str, dict], dict[str, dict], dict[str, str]]:
    folder = DATA_DIR / "catalogue"
    categories: dict[str, dict] = {}
    for line, row in read_csv_rows(folder / "categories.csv", CATEGORY_COLUMNS):
        if row["category"] in categories or row["statistics"] not in ("yes", "no"):
            raise PolicyDataError(
                "categories.csv",
                line,
                "category",
                row["category"],
                "类别重复或 statistics 不是 yes/no",
                "duplicate category, or statistics not yes/no",
            )
        categories[row["category"]] = row
    parameters: dict[str, dict] = {}
    for line, row in read_csv_rows(folder / "parameters.csv", PARAMETER_COLUMNS):
        name = row["parameter"]
        problem = _parameter_problem(row, parameters, categories)
        if problem:
            raise PolicyDataError("parameters.csv", line, problem[0], row[problem[0]], problem[1], problem[2])
        parameters[name] = row
    qualifiers: dict[str, str] = {}
    for line, row in read_csv_rows(folder / "qualifiers.csv", QUALIFIER_COLUMNS):
        if row["qualifier"] in qualifiers or not row["name_zh"]:
            raise PolicyDataError(
                "qualifiers.csv",
                line,
                "qualifier",
                row["qualifier"],
                "限定词重复或缺中文名",
                "duplicate qualifier or no Chinese name",
            )
        qualifiers[row["qualifier"]] = row["name_zh"]
    return parameters, categories, qualifiers


def _parameter_problem(row: dict, seen: dict, categories: dict):
    """None, or (column, problem in Chinese, in English) for one catalogue row."""
    if row["parameter"] in seen:
        return "parameter", "参数重复", "duplicate parameter"
    if row["category"] not in categories or row["parameter"].split(".", 1)[0] != row["category"]:
        return (
            "category",
            "类别应为参数名的第一段，且在 categories.csv 中",
            "the category must be the id's first part, listed in categories.csv",
        )
    if not set(row["unit"].split("|")) <= set(UNITS):
        return (
            "unit",
            f"单位应为 {list(UNITS)} 之一（多个用 | 分隔）",
            f"units must be among {list(UNITS)} (several: a|b)",
        )
    if not row["label_zh"]:
        return "label_zh", "中文名不能为空", "the Chinese label must not be empty"
    return None


def label_of(parameter: str) -> str:
    """The Chinese name of a parameter (the id itself only for a parameter the catalogue lacks)."""
    row = _catalogue()[0].get(parameter)
    return row["label_zh"] if row else parameter


def is_parameter(parameter: str) -> bool:
    """Whether ``parameter`` (``inpatient.employee.ratio`` or ``…ratio[level=3]``) is in the catalogue."""
    return parameter.partition("[")[0] in _catalogue()[0]


def qualifier_zh(qualifier: str) -> str:
    """The Chinese name of a qualifier ('level=3' → '三级医院'; '' → ''; one the catalogue lacks: itself)."""
    return _catalogue()[2].get(qualifier, qualifier) if qualifier else ""


def parameter_zh(parameter: str, qualifier: str = "") -> str:
    """A parameter as a reader sees it: ``inpatient.employee.ratio[level=3]`` (or the id and ``level=3``) →
    ``职工住院支付比例（三级医院）``."""
    base, _, qual = parameter.partition("[")
    qual = qualifier or qual.rstrip("]")
    return label_of(base) + (f"（{qualifier_zh(qual)}）" if qual else "")


def display_unit(parameter: str) -> str:
    """How the parameter's values are shown when not by their unit ('岁' for an age in years), else ''."""
    row = _catalogue()[0].get(parameter)
    return row["display_unit"] if row else ""


def unit_of(parameter: str) -> str:
    """The catalogue's unit of a parameter ('a|b' where rows may use either)."""
    return _catalogue()[0][parameter]["unit"]


def category_of(parameter: str) -> str:
    """The category code of a parameter: the part of its id before the first dot."""
    return parameter.split(".", 1)[0]


def categories() -> dict[str, str]:
    """Category code → Chinese name, in reading order."""
    return {code: row["name_zh"] for code, row in _catalogue()[1].items()}


def statistics() -> tuple[str, ...]:
    """The categories that hold statistics (average wage, income) rather than rules."""
    return tuple(code for code, row in _catalogue()[1].items() if row["statistics"] == "yes")


def coverage(data_dir: str | None = None) -> list[str]:
    """Every disagreement between the catalogue and the tables of ``data_dir``, one line each ([] = none)."""
    from . import pension_tables

    table = load_all(data_dir)[1]
    params = _catalogue()[0]
    used: dict[str, set[str]] = {}
    pairs = list(zip(table["parameter"], table["unit"])) + pension_tables.parameter_units(data_dir)
    for name, unit in pairs:
        used.setdefault(name, set()).add(unit)
    out = [f"{p}: 参数目录中没有 / not in data/catalogue/parameters.csv" for p in sorted(set(used) - set(params))]
    out += [f"{p}: 数据表中没有这个参数 / no data row uses it" for p in sorted(set(params) - set(used))]
    for p in sorted(set(used) & set(params)):
        if used[p] != set(params[p]["unit"].split("|")):
            out.append(f"{p}: 目录单位 {params[p]['unit']}，数据表用 {'|'.join(sorted(used[p]))}")
    named = _catalogue()[2]
    out += [
        f"{q}: 限定词目录中没有 / not in data/catalogue/qualifiers.csv"
        for q in sorted(set(table["qualifier"]) - set(named) - {""})
    ]
    return out
