"""Your own city (notebook 12): the ≈13 numbers most people need, where each is printed, and what a region has.

:func:`own_numbers` is ``data/catalogue/own_numbers.csv`` (which parameter, where on an official notice it is
printed — not policy values); :func:`numbers_table` resolves each for a region with
:func:`yibao_helpers.params.resolve` and says where the value came from (本地 / 省级 / 全国 / 借用 / 用户提供;
示例值; or 未收录); :func:`user_rows` is a user's file as a table with Chinese labels.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.errors import MissingDataError, YibaoInputError
from ..core.paths import DATA_DIR
from ..params import check_region, region_name, resolve, sources_frame
from ..params.catalogue import parameter_zh
from ..params.schema import CONFIDENCE, read_csv_rows
from ..params.text import band_zh, value_text

TEMPLATE = DATA_DIR / "templates" / "my_city_example.csv"  # a user's file in the format of data/*.csv
OWN_COLUMNS = ["order", "parameter", "qualifier", "label_zh", "where_printed", "source"]


def own_numbers() -> pd.DataFrame:
    """The numbers most people need (``data/catalogue/own_numbers.csv``), in reading order."""
    rows = [r for _, r in read_csv_rows(DATA_DIR / "catalogue" / "own_numbers.csv", OWN_COLUMNS)]
    out = pd.DataFrame(rows, columns=OWN_COLUMNS)
    out["order"] = out["order"].astype(int)
    return out.sort_values("order", kind="stable").reset_index(drop=True)


def _where(res) -> str:
    how = {
        "local": "本地",
        "province": f"省级（{region_name(res.answered_by)}）",
        "national": "全国统一规定",
        "borrowed": f"借用{region_name(res.answered_by)}",
        "user": "用户提供",
    }[res.how]
    if res.row is not None and res.row.source.startswith("用户提供"):
        how = "用户提供"
    if res.illustrative:
        how += "（示例值）"
    return how


def _by_age(parameter: str, region: str, on, qualifier: str) -> list[tuple[str, object]]:
    """The resolution of one number, or of each of its age bands (a number a region sets by age, e.g. 上海's
    退休人员定额划入 under and from 75), as (band, resolution), youngest band first."""
    try:
        return [("", resolve(parameter, region, on, qualifier=qualifier))]
    except YibaoInputError as exc:
        if exc.param != "age":
            raise
    out, age = [], 0.0
    while age is not None:
        res = resolve(parameter, region, on, qualifier=qualifier, age=age)
        out.append((band_zh(res.row.age_from, res.row.age_to), res))
        age = res.row.age_to
    return out


def numbers_table(region: str = "national", on=None) -> pd.DataFrame:
    """One row per number of :func:`own_numbers`: 数字, 本页的值, 来自哪里, 在通知的哪里找. ``attrs["sources"]``:
    the rows behind the values."""
    check_region(region)
    out, used = [], []
    for r in own_numbers().itertuples():
        try:
            found = _by_age(r.parameter, region, on, r.qualifier)
        except MissingDataError:
            value, where = "—", "未收录（本项目没有这个数字）"
        else:
            value = "；".join(
                (band and band + "：") + value_text(res.value, res.unit, r.parameter) for band, res in found
            )
            where = "；".join(dict.fromkeys(_where(res) for _, res in found))
            used.extend(res.row for _, res in found)
        out.append({"数字": r.label_zh, "本页的值": value, "来自哪里": where, "在通知的哪里找": r.where_printed})
    table = pd.DataFrame(out)
    table.index = range(1, len(table) + 1)
    table.attrs["sources"] = sources_frame([u for u in used if u is not None])
    return table


def user_rows(path) -> pd.DataFrame:
    """A user's file (checked like the data) as a table: 地区, 参数, 值, 生效日期, 可信度, 来源."""
    from ..params import user_file

    rows = user_file.read(path)
    return pd.DataFrame(
        {
            "地区": rows["region"],
            "参数": [parameter_zh(p, q) for p, q in zip(rows["parameter"], rows["qualifier"])],
            "值": [value_text(v, u, p) for v, u, p in zip(rows["value"], rows["unit"], rows["parameter"])],
            "生效日期": rows["effective_from"],
            "可信度": rows["confidence"].map(CONFIDENCE),
            "来源": rows["source"],
        }
    ).set_axis(range(1, len(rows) + 1))


def file_regions(path) -> list[str]:
    """The region codes a user's file has rows for, in file order."""
    from ..params import user_file

    return list(dict.fromkeys(user_file.read(Path(path))["region"]))
