"""Chinese text for data values: units, age bands, values with their units, the document part of a source.

Used wherever a value from ``data/`` is written out in Chinese: rules' traces, the timeline, pages.
Labels and qualifier names come from the catalogue (:mod:`.catalogue`).
"""

from __future__ import annotations

import math
import re

from .catalogue import display_unit

UNIT_ZH = {
    "ratio": "比例",
    "yuan": "元",
    "yuan/month": "元/月",
    "yuan/year": "元/年",
    "years": "年",
    "months": "月",
    "days": "天",
    "date": "日期",
}


def format_value(value, unit: str) -> str:
    """A data value without its unit: '2%' for a ratio, '2021-04-13' for a date, '6821' otherwise."""
    if unit == "ratio":
        return f"{float(value) * 100:g}%"
    if unit == "date":
        return value if isinstance(value, str) else value.isoformat()
    return f"{float(value):g}"


def value_text(value, unit: str, parameter: str = "") -> str:
    """A data value with its Chinese unit: '2%', '400 元/年', '2025-01-01', '3 月', '60 岁', '6 倍'."""
    if unit == "ratio" and float(value) > 3:
        return f"{float(value):g} 倍"
    shown = format_value(value, unit)
    if unit in ("ratio", "date"):
        return shown
    return f"{shown} {display_unit(parameter) or UNIT_ZH[unit]}"


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def band_zh(lo, hi) -> str:
    """An age band [lo, hi) in Chinese: '35–45岁', '<35岁', '≥45岁'; '' for no band (None or NaN ends)."""
    if _missing(lo) and _missing(hi):
        return ""
    if _missing(lo):
        return f"<{hi:g}岁"
    if _missing(hi):
        return f"≥{lo:g}岁"
    return f"{lo:g}–{hi:g}岁"


def short_source(source: str) -> str:
    """The document part of a source text: '国办发〔2021〕14号', '国务院关于渐进式延迟法定退休年龄的办法',
    '国家医保局、财政部《关于做好…的通知》'."""
    text = str(source).strip()
    number = re.match(r"^[^《（；，]*?〔\d{4}〕\d+号", text)
    if number:
        return number.group(0)
    if text.startswith("《") and "》" in text:
        return text[1 : text.index("》")]
    m = re.match(r"^[^《（；，]*《[^》]*》", text)
    if m:
        return m.group(0)
    for sep in ("（", "；", " http", "，"):
        text = text.split(sep)[0]
    return text.strip() or str(source)[:20]


def doc_head(source: str) -> str:
    """The first words of a source text, before any 《, （ or space: '国办发〔2021〕14号'; a source that
    starts with a title gives the title ('《基本医疗保险关系转移接续暂行办法》')."""
    return source.split("《")[0].split("（")[0].split(" ")[0].strip() or source.split("（")[0]
