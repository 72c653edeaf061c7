"""Reading the data tables and checking every row: a bad row fails with its file, line and column.

Every table in ``data/`` (except ``regions.csv``) is a long CSV with the columns of :data:`COLUMNS`.
Tables are read with the csv module (so that every error can name its line), then checked with a
pandera schema and a few cross-field and table-level checks (dates, age bands, overlapping periods,
one unit per parameter, known regions).
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
import re
from pathlib import Path

import pandas as pd

from ..core.errors import PolicyDataError

COLUMNS = [
    "region",
    "parameter",
    "qualifier",
    "age_from",
    "age_to",
    "effective_from",
    "effective_to",
    "value",
    "unit",
    "source",
    "confidence",
    "source_url",
    "retrieved_on",
    "note",
]
# parent: the region whose rows this one inherits before national (a city's province); blank = national directly
REGION_COLUMNS = ["code", "name_zh", "name_en", "province", "parent", "source", "note"]
UNITS = {
    "ratio": "比例 ratio (0.02 = 2%)",
    "yuan": "元 yuan",
    "yuan/month": "元/月 yuan per month",
    "yuan/year": "元/年 yuan per year",
    "years": "年 years",
    "months": "月 months",
    "days": "天 days",
    "date": "日期 date (YYYY-MM-DD)",
}
CONFIDENCE = {"official": "官方", "secondary": "二手", "illustrative": "示例"}  # grades of evidence (see CONTRIBUTING)

# The provenance standard (CONTRIBUTING, "数据的可信度"): an official row names the document that sets the value —
# its number (文号) or the title of a law or regulation — and the article, clause, annex or table; a secondary row
# records where the value was read (a URL or a repository path) and the date it was read.
DOC_NUMBER = r"〔\d{4}〕\d+号|令第\d+号|《[^》]*(法|条例|规定|办法|决定)》|(关于|实施)[^，；（]{2,40}(决定|办法|条例)"
DOC_PART = (  # 第十六条 / 第三部分第（四）项 / 附件 / 表2 / an 意见's numbered item 二、…（一）
    r"第[（(]?[一二三四五六七八九十百零〇\d]+[）)]?[条款项章节部分]|附件|附表|表\s*\d|（[一二三四五六七八九十]+）"
)


def read_csv_rows(path: Path, expected: list[str]) -> list[tuple[int, dict]]:
    """Read a CSV with the csv module so that every error can name its line."""
    name = path.name
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:  # pragma: no cover - a missing file is a packaging error
        raise PolicyDataError(name, None, None, str(path), "文件无法打开", f"cannot open file ({exc})") from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise PolicyDataError(name, 1, None, "", "文件为空，缺少表头", "the file is empty (no header)") from None
        header = [h.strip() for h in header]
        missing = [c for c in expected if c not in header]
        if missing:
            raise PolicyDataError(
                name, 1, missing[0], ",".join(header), f"表头缺少列 {missing}", f"the header lacks column(s) {missing}"
            )
        rows = []
        for fields in reader:
            line = reader.line_num
            if not fields or all(not f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                # name the first column without a field, or (too many fields) the last column the row runs past
                column = header[len(fields)] if len(fields) < len(header) else header[-1]
                raise PolicyDataError(
                    name,
                    line,
                    column,
                    ",".join(fields),
                    f"字段数为 {len(fields)}，表头有 {len(header)} 列",
                    f"the row has {len(fields)} fields, the header has {len(header)}",
                )
            rows.append((line, {h: f.strip() for h, f in zip(header, fields)}))
    return rows


def _schema():
    import pandera.pandas as pa

    iso = r"^\d{4}-\d{2}-\d{2}$"
    return pa.DataFrameSchema(
        {
            "region": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
            "parameter": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")),
            "qualifier": pa.Column(str, pa.Check.str_matches(r"^$|^[a-z_]+=[A-Za-z0-9_.-]+$")),
            "age_from": pa.Column(float, pa.Check.in_range(0, 120), nullable=True),
            "age_to": pa.Column(float, pa.Check.in_range(0, 120), nullable=True),
            "effective_from": pa.Column(str, pa.Check.str_matches(iso)),
            "effective_to": pa.Column(str, pa.Check.str_matches(r"^$|" + iso)),
            "value": pa.Column(str, pa.Check.str_length(min_value=1)),
            "unit": pa.Column(str, pa.Check.isin(list(UNITS))),
            "source": pa.Column(str, pa.Check.str_length(min_value=2)),
            "confidence": pa.Column(str, pa.Check.isin(list(CONFIDENCE))),
            "source_url": pa.Column(str),
            "retrieved_on": pa.Column(str, pa.Check.str_matches(r"^$|" + iso)),
            "note": pa.Column(str),
        },
        strict=True,
        coerce=False,
    )


def parse_date(text: str) -> _dt.date:
    return _dt.date.fromisoformat(text)


def _fail(file: str, line: int, column: str, value, zh: str, en: str):
    raise PolicyDataError(file, line, column, value, zh, en)


def _validate_table(path: Path, rows: list[tuple[int, dict]]) -> pd.DataFrame:
    import pandera.errors as pe

    name = path.name
    lines = [ln for ln, _ in rows]
    records = [r for _, r in rows]
    frame = pd.DataFrame.from_records(
        records, columns=[c for c in COLUMNS if c in (records[0] if records else COLUMNS)]
    )
    extra = [c for c in (records[0].keys() if records else []) if c not in COLUMNS]
    if extra:
        _fail(name, 1, extra[0], extra[0], f"未知列（允许的列：{COLUMNS}）", f"unknown column (allowed: {COLUMNS})")
    # numeric age columns: a non-number becomes NaN for the schema and a row problem below
    bad_age: dict[int, tuple] = {}
    for col in ("age_from", "age_to"):
        parsed = []
        for i, text in enumerate(frame[col]):
            try:
                parsed.append(float(text) if text != "" else math.nan)
            except ValueError:
                parsed.append(math.nan)
                bad_age.setdefault(i, (col, text, "应为数字（岁）或留空", "must be a number (age in years) or blank"))
        frame[col] = pd.Series(parsed, dtype="float64")
    # the first bad row wins, whichever check finds it: the schema's or a row-level check
    problems = []  # (row index, column, value, zh, en)
    try:
        _schema().validate(frame, lazy=True)
    except pe.SchemaErrors as exc:
        cases = exc.failure_cases
        located = cases[cases["index"].notna()] if "index" in cases else cases.iloc[0:0]
        if not len(located):
            first = cases.iloc[0]
            _fail(
                name,
                1,
                str(first.get("column")),
                first.get("failure_case"),
                f"表结构错误：{first.get('check')}",
                f"schema error: {first.get('check')}",
            )
        first = located.sort_values("index", kind="stable").iloc[0]
        idx, col = int(first["index"]), str(first["column"])
        problems.append(
            (
                idx,
                col,
                frame.at[idx, col] if col in frame else first["failure_case"],
                f"不符合规则 {first['check']}",
                f"fails check {first['check']}",
            )
        )
    limit = problems[0][0] if problems else len(lines)
    for i in range(limit):
        found = bad_age.get(i) or _row_problem(frame, i)
        if found:
            problems.append((i, *found))
            break
    if problems:
        idx, col, value, zh, en = min(problems, key=lambda p: p[0])
        _fail(name, lines[idx], col, value, zh, en)
    _check_overlaps(name, frame, lines)
    frame["file"] = name
    frame["line"] = lines
    return frame


def provenance_problem(confidence: str, source: str, source_url: str, retrieved_on: str):
    """None, or (column, value, problem in Chinese, in English) for a row that does not meet the provenance standard."""
    if confidence == "official":
        if not re.search(DOC_NUMBER, source):
            return (
                "source",
                source,
                "官方（official）行应写出设定该数值的文件号或法规名称",
                "an official row names the document (its number, or the law's title)",
            )
        if not re.search(DOC_PART, source):
            return (
                "source",
                source,
                "官方（official）行应写出条款（第X条、附件、表X）",
                "an official row names the article, clause, annex or table",
            )
    if confidence == "secondary":
        if not source_url.strip():
            return (
                "source_url",
                source_url,
                "二手（secondary）行应记下读到该数值的网址或仓库路径",
                "a secondary row records the page URL or repository path",
            )
        if not retrieved_on:
            return (
                "retrieved_on",
                retrieved_on,
                "二手（secondary）行应记下读取日期（YYYY-MM-DD）",
                "a secondary row records the date read (YYYY-MM-DD)",
            )
    return None


def _row_problem(frame: pd.DataFrame, i: int):
    """Cross-field checks of one row: None, or (column, value, problem in Chinese, in English)."""
    found = provenance_problem(
        frame.at[i, "confidence"], frame.at[i, "source"], frame.at[i, "source_url"], frame.at[i, "retrieved_on"]
    )
    if found:
        return found
    start_text, end_text = frame.at[i, "effective_from"], frame.at[i, "effective_to"]
    try:
        start = parse_date(start_text)
    except ValueError:
        return "effective_from", start_text, "不是有效日期", "is not a valid date"
    if end_text:
        try:
            end = parse_date(end_text)
        except ValueError:
            return "effective_to", end_text, "不是有效日期", "is not a valid date"
        if end < start:
            return (
                "effective_to",
                end_text,
                f"早于 effective_from {start_text}",
                f"is before effective_from {start_text}",
            )
    lo, hi = frame.at[i, "age_from"], frame.at[i, "age_to"]
    if not (math.isnan(lo) or math.isnan(hi)) and hi <= lo:
        return "age_to", hi, f"应大于 age_from {lo}", f"must be greater than age_from {lo}"
    unit, value = frame.at[i, "unit"], frame.at[i, "value"]
    if unit == "date":
        try:
            parse_date(value)
        except ValueError:
            return "value", value, "单位为 date，值应为 YYYY-MM-DD", "unit is date; value must be YYYY-MM-DD"
        return None
    try:
        number = float(value)
    except ValueError:
        return "value", value, f"单位为 {unit}，值应为数字", f"unit is {unit}; value must be a number"
    if not math.isfinite(number) or number < 0:
        return "value", value, "应为有限的非负数", "must be a finite, non-negative number"
    if unit == "ratio" and number > 10:
        return (
            "value",
            value,
            "比例应写成小数（0.02 表示 2%），不应大于 10",
            "a ratio is a fraction (0.02 = 2%) and cannot exceed 10",
        )
    return None


def _check_overlaps(name: str, frame: pd.DataFrame, lines: list[int]) -> None:
    key_cols = ["region", "parameter", "qualifier", "age_from", "age_to"]
    keyed = frame.assign(line_no=lines, band_lo=frame["age_from"].fillna(-1), band_hi=frame["age_to"].fillna(-1))
    for _, group in keyed.groupby(["region", "parameter", "qualifier", "band_lo", "band_hi"], sort=False):
        if len(group) < 2:
            continue
        spans = sorted(
            (parse_date(r.effective_from), parse_date(r.effective_to) if r.effective_to else _dt.date.max, r.line_no)
            for r in group.itertuples()
        )
        for (_s1, e1, l1), (s2, _e2, l2) in zip(spans, spans[1:]):
            if s2 <= e1:
                _fail(
                    name,
                    l2,
                    "effective_from",
                    s2.isoformat(),
                    f"与第 {l1} 行的有效期重叠（同一 {', '.join(key_cols)}）",
                    f"overlaps the effective period of line {l1} (same {', '.join(key_cols)})",
                )


def region_table(base: Path) -> pd.DataFrame:
    path = base / "regions.csv"
    rows = read_csv_rows(path, REGION_COLUMNS)
    seen = {}
    for line, row in rows:
        code = row["code"]
        if not code or not code.replace("_", "").isalnum() or code != code.lower():
            _fail(path.name, line, "code", code, "地区代码应为小写字母", "a region code is lowercase letters")
        if code in seen:
            _fail(path.name, line, "code", code, f"与第 {seen[code]} 行重复", f"duplicates line {seen[code]}")
        if not row["source"]:
            _fail(path.name, line, "source", "", "来源不能为空", "source must not be empty")
        seen[code] = line
    parent_of = {row["code"]: row["parent"] for _, row in rows}
    for line, row in rows:
        parent = row["parent"]
        if parent and (parent not in seen or parent in ("national", row["code"])):
            _fail(
                path.name,
                line,
                "parent",
                parent,
                "上级地区应为 regions.csv 中的另一个地区代码（不是 national，也不是自己；留空 = 直接沿用 national）",
                "the parent must be another region code of regions.csv (not national, not itself; blank = national)",
            )
        if parent and parent_of[parent]:
            _fail(
                path.name,
                line,
                "parent",
                parent,
                f"上级地区 {parent} 自己还有上级：只支持 城市 → 省 → national 一层",
                f"the parent {parent} has a parent itself: only city → province → national is supported",
            )
    return pd.DataFrame([r for _, r in rows])


def read_and_validate(base: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read every CSV of ``base`` and validate it; the first bad row raises PolicyDataError."""
    regions = region_table(base)
    frames = []
    for path in sorted(base.glob("*.csv")):
        if path.name == "regions.csv":
            continue
        rows = read_csv_rows(path, COLUMNS)
        if rows:
            frames.append(_validate_table(path, rows))
    table = pd.concat(frames, ignore_index=True)
    known = set(regions["code"])
    for row in table.itertuples():
        if row.region not in known:
            _fail(
                row.file,
                row.line,
                "region",
                row.region,
                f"未知地区（regions.csv 中有：{sorted(known)}）",
                f"unknown region (regions.csv has {sorted(known)})",
            )
    _check_units(table)
    table["start"] = table["effective_from"].map(parse_date)
    table["end"] = table["effective_to"].map(lambda t: parse_date(t) if t else None)
    return regions, table


# parameters whose rows may use either unit: the code reads each row's unit (a cut by a share or by yuan;
# a top-up base per month or per year)
MIXED_UNITS = {
    "inpatient.employee.repeat_deductible_cut": {"ratio", "yuan"},
    "inpatient.resident.repeat_deductible_cut": {"ratio", "yuan"},
    "medical.topup_base": {"yuan/month", "yuan/year"},
}


def _check_units(table: pd.DataFrame) -> None:
    """One parameter, one unit, in every file and region: a known unit on the wrong row (a base floor in
    yuan/year where the others are yuan/month) would silently scale every result. The parameter's unit is
    the one most of its rows use (a tie: the first row's); the first row with another unit fails."""
    for parameter, group in table.groupby("parameter", sort=False):
        units = list(group["unit"])
        if len(set(units)) == 1 or set(units) <= MIXED_UNITS.get(parameter, set()):
            continue
        expected = max(dict.fromkeys(units), key=units.count)  # most rows; a tie goes to the first seen
        bad = group[group["unit"] != expected].iloc[0]
        ref = group[group["unit"] == expected].iloc[0]
        _fail(
            bad["file"],
            int(bad["line"]),
            "unit",
            bad["unit"],
            f"参数 {parameter} 的单位应为 {expected}（与 {ref['file']} 第 {ref['line']} 行等一致）",
            f"parameter {parameter} is in {expected} elsewhere (e.g. {ref['file']}, line {ref['line']})",
        )
