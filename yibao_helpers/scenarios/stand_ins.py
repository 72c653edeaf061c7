"""What a page says when an example uses a stand-in for missing data (:mod:`yibao_helpers.params.resolve`).

* :func:`value_note` — one value found by :func:`~yibao_helpers.params.resolve.resolve` with a stand-in:
  the parameter's label and value, then :meth:`~yibao_helpers.params.resolve.Resolution.note_zh`;
* :func:`moved_note` — a whole example that moved to another year
  (:func:`~yibao_helpers.params.resolve.with_data_year`): which data the asked year lacks (from the
  resolutions) and which year the example uses instead.
"""

from __future__ import annotations

from ..params import Resolution, region_name
from ..params.catalogue import label_of
from ..params.text import value_text


def value_note(res: Resolution) -> str:
    """'居民医保个人缴费标准（350 元/年）：重庆 2026 年没有数据，用 2023 年的数据。' (``""`` when the value is the
    region's own row in force)."""
    note = res.note_zh()
    if not note:
        return ""
    return f"{label_of(res.parameter)}（{value_text(res.value, res.unit, res.parameter)}）：{note}"


def moved_note(region: str, asked, used: int, resolutions, what_zh: str, extra_zh: str = "") -> str:
    """'北京 2020 年没有缴费基数下限的数据，比较起点改用 2021 年的数据（年龄相应改为 45 岁）。'

    ``asked``: the year asked for, or ``(first, last)`` for the years of a projection; ``resolutions``:
    the :class:`Resolution` of each missing parameter that moved the year; ``what_zh``: the part of the
    page that moved (比较起点, 本节 …); ``extra_zh``: a remark in brackets after the year.
    """
    labels = "、".join(dict.fromkeys(label_of(r.parameter) for r in resolutions)) or "参数"
    when = f"{asked[0]}–{asked[1]} 年间" if isinstance(asked, tuple) else f"{asked} 年"
    return f"{region_name(region)} {when}没有{labels}的数据，{what_zh}改用 {used} 年的数据{extra_zh}。"
