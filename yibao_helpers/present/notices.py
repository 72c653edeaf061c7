"""Honest at the point of reading: what a page says next to a result that uses values not of the place it names.

* :func:`place` — the place a headline names, with what it borrowed: ``合肥（住院报销借用示例城市）``;
* :func:`notice` — the 注意 box under a one-sentence answer: each borrowed, illustrative or user-supplied value
  the result used, and where it came from ("" when every value is the place's own, its province's or national law).
"""

from __future__ import annotations

import pandas as pd

from ..params import region_name
from ..params.catalogue import categories, category_of, parameter_zh
from ..params.sources import provenance
from ..params.text import value_text

MAX_LISTED = 6  # more values than this from one place: the names only (the rules table shows the values)


def place(sources: pd.DataFrame | None, region: str) -> str:
    """The region's Chinese name, followed by the topics whose values were borrowed from another place."""
    rows = provenance(sources, region)
    borrowed = rows[rows["how"] == "borrowed"]
    if not len(borrowed):
        return region_name(region)
    names = categories()
    topics = list(dict.fromkeys(names.get(category_of(p.split("[")[0]), "规则") for p in borrowed["parameter"]))
    lenders = "、".join(dict.fromkeys(region_name(r) for r in borrowed["region"]))
    return f"{region_name(region)}（{'、'.join(topics[:3])}借用{lenders}）"


def notice(sources: pd.DataFrame | None, region: str, notes: list[str] | tuple = ()) -> str:
    """The 注意 box (Markdown) for a result of ``region`` built from ``sources``; ``notes`` adds the page's own
    stand-in sentences (e.g. a year moved by :func:`yibao_helpers.params.with_data_year`). "" when nothing to say."""
    rows = provenance(sources, region)
    place_zh = region_name(region)
    groups: dict[tuple[str, str], dict[str, list[str]]] = {}  # (how, lender) → parameter → values shown
    for r in rows.itertuples():
        if r.how not in ("borrowed", "user") and not r.illustrative:
            continue
        how = r.how if r.how in ("borrowed", "user") else "illustrative"
        values = groups.setdefault((how, r.region), {}).setdefault(r.parameter, [])
        shown = value_text(r.value, r.unit, r.parameter.split("[")[0])
        if shown not in values:
            values.append(shown)
    lines = []
    for (how, lender), params in groups.items():
        if how == "borrowed":
            where = (
                f"借用{region_name(lender)}的数字（全国没有统一数值）"
                if region == "national"
                else f"借用{region_name(lender)}的数字，不是{place_zh}的"
            )
        elif how == "user":
            where = "用户提供"
        else:
            where = f"{region_name(lender)}的示例值（illustrative），只说明量级"
        if len(params) > MAX_LISTED:
            items = "、".join(parameter_zh(p) for p in params) + f"（共 {len(params)} 项，数值见下面的规则表）"
        else:
            items = "；".join(f"{parameter_zh(p)} {'、'.join(v)}" for p, v in params.items())
        lines.append(f"{where}：{items}")
    notes = [n for n in notes if n]
    if not lines and not notes:
        return ""
    head = (
        "> **注意**：本结果用到的下列数值不是全国统一规定："
        if region == "national"
        else f"> **注意**：本结果用到的下列数值不是{place_zh}正式公布的本地数字（或全国统一规定）："
    )
    body = [f"> - {line}" for line in lines] + [f"> - {note}" for note in notes]
    return "\n".join([head, *body])
