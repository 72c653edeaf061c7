"""Sourced, dated policy parameters: loading, validation and look-up.

Every table in ``data/`` (except ``regions.csv``) is a long CSV with the columns
``region, parameter, qualifier, age_from, age_to, effective_from, effective_to,
value, unit, source, confidence, note``. Tables are read and validated once per
process (pandera schema + a few table-level checks); a bad row fails with the
file, line and column.

Look-up rules (:func:`load_policy`):

* A parameter is identified by ``(parameter, qualifier)``; ``qualifier`` is a
  free ``key=value`` tag such as ``level=3`` or ``tier=2`` (blank = default).
* A row is in force on a date when ``effective_from <= date`` and
  (``effective_to`` is blank or ``date <= effective_to``).
* A region inherits ``national`` rows for a parameter it has **no rows at all**
  for. If the region has rows for the parameter but none in force on the date,
  that is a gap in the data and asking for the value raises an error; it never
  silently falls back to the national value.
* Rows may carry an age band ``[age_from, age_to)`` (blank = open).
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import hashlib
import math
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import PolicyDataError, YibaoInputError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

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
    "note",
]
REGION_COLUMNS = ["code", "name_zh", "name_en", "province", "source", "note"]
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
CONFIDENCE = {"official": "官方", "secondary": "二手", "illustrative": "示例"}
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


@dataclass(frozen=True)
class PolicyValue:
    """One sourced value, as read from a data row."""

    parameter: str
    qualifier: str
    value: object
    unit: str
    region: str  # region the row belongs to (may be ``national`` when inherited)
    effective_from: _dt.date
    effective_to: _dt.date | None
    source: str
    confidence: str
    note: str
    file: str
    line: int
    age_from: float | None = None
    age_to: float | None = None

    def covers_age(self, age: float) -> bool:
        lo = -math.inf if self.age_from is None else self.age_from
        hi = math.inf if self.age_to is None else self.age_to
        return lo <= age < hi


# --------------------------------------------------------------------------- reading


def _read_csv_rows(path: Path, expected: list[str]) -> list[tuple[int, dict]]:
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
            "note": pa.Column(str),
        },
        strict=True,
        coerce=False,
    )


def _parse_date(text: str) -> _dt.date:
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


def _row_problem(frame: pd.DataFrame, i: int):
    """Cross-field checks of one row: None, or (column, value, problem in Chinese, in English)."""
    start_text, end_text = frame.at[i, "effective_from"], frame.at[i, "effective_to"]
    try:
        start = _parse_date(start_text)
    except ValueError:
        return "effective_from", start_text, "不是有效日期", "is not a valid date"
    if end_text:
        try:
            end = _parse_date(end_text)
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
            _parse_date(value)
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
            (_parse_date(r.effective_from), _parse_date(r.effective_to) if r.effective_to else _dt.date.max, r.line_no)
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


def _region_table(base: Path) -> pd.DataFrame:
    path = base / "regions.csv"
    rows = _read_csv_rows(path, REGION_COLUMNS)
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
    return pd.DataFrame([r for _, r in rows])


@functools.cache
def _load_all(data_dir: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every table read and validated, once per process (per data directory) and once per data version.

    Reading and validating (pandera) costs ≈ 0.4 s, paid by every notebook kernel. So the validated
    tables are also kept in a small pickle under the user's cache folder, named by a SHA-256 of every
    CSV's bytes and of this module's source: any edit to a data file or to the checks gives a new name,
    and the tables are validated again before they are used. ``YIBAO_CACHE=0`` turns the cache off;
    ``YIBAO_CACHE_DIR`` moves it (default ``$XDG_CACHE_HOME/yibao_helpers`` or ``~/.cache/yibao_helpers``).
    """
    base = Path(data_dir) if data_dir else DATA_DIR
    return _disk_cached("tables", sorted(base.glob("*.csv")), lambda: _read_and_validate(base))


CACHE_KEEP = 16  # cached versions kept per kind (tests build many valid variants of data/)


def _disk_cached(kind: str, files: list[Path], build, code: tuple[Path, ...] = ()):
    """``build()``'s result, kept in a pickle named by a SHA-256 of ``files``' names and bytes, of this
    module's source (plus ``code``) and of the pandas version; built and written when missing or unreadable."""
    cache = _cache_path(kind, files, code)
    if cache is not None:
        try:
            with cache.open("rb") as handle:
                return pickle.load(handle)
        except Exception:  # noqa: BLE001 - missing, partial or unreadable: build from the CSVs
            pass
    result = build()
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache)  # atomic: a parallel process sees the old file or the whole new one
            old = sorted(cache.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime)[:-CACHE_KEEP]
            for path in old:  # earlier versions of the data or the code
                path.unlink(missing_ok=True)
        except OSError:  # a read-only home: just no cache
            pass
    return result


def _cache_path(kind: str, files: list[Path], code: tuple[Path, ...] = ()) -> Path | None:
    """Where a cached result lives, or None when caching is off (``YIBAO_CACHE=0``)."""
    if os.environ.get("YIBAO_CACHE", "1") == "0":
        return None
    root = os.environ.get("YIBAO_CACHE_DIR") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "yibao_helpers"
    )
    digest = hashlib.sha256(pd.__version__.encode())
    for path in (Path(__file__), *code):
        digest.update(path.read_bytes())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return Path(root) / f"{kind}-{digest.hexdigest()[:32]}.pickle"


def _read_and_validate(base: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read every CSV of ``base`` and validate it; the first bad row raises PolicyDataError."""
    region_table = _region_table(base)
    frames = []
    for path in sorted(base.glob("*.csv")):
        if path.name == "regions.csv":
            continue
        rows = _read_csv_rows(path, COLUMNS)
        if rows:
            frames.append(_validate_table(path, rows))
    table = pd.concat(frames, ignore_index=True)
    known = set(region_table["code"])
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
    table["start"] = table["effective_from"].map(_parse_date)
    table["end"] = table["effective_to"].map(lambda t: _parse_date(t) if t else None)
    return region_table, table


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


def tables(data_dir: str | None = None) -> pd.DataFrame:
    """All validated parameter rows (a copy), for integrity tests and timelines."""
    return _load_all(data_dir)[1].copy()


@functools.cache
def regions(data_dir: str | None = None) -> list[str]:
    """The region codes that have data (``national`` first); codes listed in regions.csv without rows are left out."""
    with_data = set(_load_all(data_dir)[1]["region"])
    return ["national"] + sorted(c for c in with_data if c != "national")  # cached: callers must not mutate


def region_name(code: str) -> str:
    table = _load_all(None)[0]
    check_region(code, name="code")
    return str(table.loc[table["code"] == code, "name_zh"].iloc[0])


def check_region(region, data_dir: str | None = None, *, name: str = "region") -> str:
    known = regions(data_dir)
    if not isinstance(region, str) or region not in known:
        raise YibaoInputError(
            name, region, f"应为已有数据的地区之一：{known}", f"must be one of the regions with data: {known}"
        )
    return region


def check_policy(policy, name: str = "policy") -> Policy:
    """``policy`` must be a :class:`Policy` (from :func:`load_policy`), not a region code or a dict."""
    if not isinstance(policy, Policy):
        raise YibaoInputError(
            name,
            policy,
            "应为 load_policy(地区, 日期) 返回的 Policy 对象",
            "must be a Policy returned by load_policy(region, on)",
        )
    return policy


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


# --------------------------------------------------------------------------- dates


def as_date(on, param: str = "on") -> _dt.date | None:
    """Accept a date, an ISO string ('2024-07-01' or '2024-07'), or a year (meaning 1 July)."""
    if on is None:
        return None
    if isinstance(on, _dt.datetime):
        return on.date()
    if isinstance(on, _dt.date):
        return on
    if isinstance(on, (int, np.integer)) and not isinstance(on, bool):
        if 1900 <= int(on) <= 2200:
            return _dt.date(int(on), 7, 1)
        raise YibaoInputError(param, on, "年份应在 1900 到 2200 之间", "a year must be between 1900 and 2200")
    if isinstance(on, str):
        text = on.strip()
        try:
            if len(text) == 7:
                return _dt.date.fromisoformat(text + "-01")
            if len(text) == 4 and text.isdigit():
                return as_date(int(text), param)
            return _dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise YibaoInputError(
        param,
        on,
        "应为日期（datetime.date 或 'YYYY-MM-DD'）或年份",
        "must be a date (datetime.date or 'YYYY-MM-DD') or a year",
    )


def data_as_of(data_dir: str | None = None) -> _dt.date:
    """The newest effective date anywhere in the data: the default 'as-of' date."""
    return max(_load_all(data_dir)[1]["start"])


# --------------------------------------------------------------------------- policy


class Policy:
    """Parameters in force in one region on one date, with their sources.

    ``policy["employee.individual_rate"]`` returns the value; ``policy.row(name)``
    the :class:`PolicyValue` with its source; ``policy.table()`` a DataFrame for
    a notebook's 规则 section.
    """

    def __init__(
        self,
        region: str,
        on: _dt.date,
        rows: dict[tuple[str, str], list[PolicyValue]],
        gaps: dict[tuple[str, str], list[tuple[_dt.date, _dt.date | None]]],
    ):
        self.region = region
        self.on = on
        self._rows = rows
        self._gaps = gaps

    def __repr__(self) -> str:
        return f"Policy(region={self.region!r}, on={self.on.isoformat()}, {len(self._rows)} parameters)"

    def __contains__(self, name) -> bool:
        key = name if isinstance(name, tuple) else (name, "")
        return key in self._rows

    def has(self, name: str, qualifier: str = "") -> bool:
        """True when a value is in force on this date (the region's own or inherited from national)."""
        return (name, qualifier) in self._rows

    def has_gap(self, name: str, qualifier: str = "") -> bool:
        """True when the region has rows for the parameter but none in force on this date (a data gap)."""
        return (name, qualifier) in self._gaps

    def knows(self, name: str, qualifier: str = "") -> bool:
        """True when the parameter exists for this region at all: in force now, or a gap that must raise."""
        return self.has(name, qualifier) or self.has_gap(name, qualifier)

    def rows(self, name: str, qualifier: str = "") -> list[PolicyValue]:
        key = (name, qualifier)
        if key in self._rows:
            return self._rows[key]
        label = name + (f"[{qualifier}]" if qualifier else "")
        if key in self._gaps:
            periods = "; ".join(f"{s.isoformat()}–{e.isoformat() if e else '至今'}" for s, e in self._gaps[key])
            raise YibaoInputError(
                "on",
                self.on.isoformat(),
                f"地区 {self.region} 在该日期没有参数 {label} 的数据（已有数据的期间：{periods}）",
                f"region {self.region} has no data for {label} on this date (periods with data: {periods})",
            )
        raise YibaoInputError(
            "on",
            self.on.isoformat(),
            f"地区 {self.region} 及 national 在该日期都没有参数 {label} 的数据",
            f"neither {self.region} nor national has data for {label} on this date",
        )

    def row(self, name: str, qualifier: str = "", age: float | None = None) -> PolicyValue:
        rows = self.rows(name, qualifier)
        if age is None:
            if len(rows) == 1:
                return rows[0]
            raise YibaoInputError(
                "age", age, f"参数 {name} 按年龄分段，需要给出年龄", f"{name} depends on age; give an age"
            )
        for r in rows:
            if r.covers_age(age):
                return r
        raise YibaoInputError("age", age, f"参数 {name} 没有覆盖该年龄的分段", f"no age band of {name} covers this age")

    def get(self, name: str, qualifier: str = "", age: float | None = None):
        return self.row(name, qualifier, age).value

    def __getitem__(self, name):
        if isinstance(name, tuple):
            return self.get(*name)
        return self.get(name)

    def source(self, name: str, qualifier: str = "", age: float | None = None) -> str:
        return self.row(name, qualifier, age).source

    def age_bands(self, name: str, qualifier: str = "") -> tuple[np.ndarray, np.ndarray]:
        """Band lower edges and values, sorted, for vectorised look-up by age."""
        rows = sorted(self.rows(name, qualifier), key=lambda r: -math.inf if r.age_from is None else r.age_from)
        edges = np.array([-math.inf if r.age_from is None else r.age_from for r in rows])
        values = np.array([float(r.value) for r in rows])
        return edges, values

    def by_age(self, name: str, age, qualifier: str = "") -> np.ndarray:
        """Vectorised value look-up for an array of ages."""
        edges, values = self.age_bands(name, qualifier)
        ages = np.asarray(age)
        if ages.dtype.kind in "iu" and ages.size > 256:
            # whole-year ages (e.g. 1,000,000 retirement ages): look each distinct age up once, then index
            lo, hi = int(ages.min()), int(ages.max())
            lut = np.searchsorted(edges, np.arange(lo, hi + 1, dtype=float), side="right") - 1
            idx = lut[ages - lo]
        else:
            idx = np.searchsorted(edges, ages.astype(float), side="right") - 1
        if np.any(idx < 0):
            raise YibaoInputError(
                "age",
                ages[idx < 0][0],
                f"参数 {name} 没有覆盖该年龄的分段",
                f"no age band of {name} covers this age",
            )
        return values[idx]

    def names(self) -> list[tuple[str, str]]:
        return sorted(self._rows)

    def table(self, names=None) -> pd.DataFrame:
        """A table of the values used (one line per row/age band), for notebooks."""
        wanted = self.names() if names is None else [(n, "") if isinstance(n, str) else n for n in names]
        out = []
        for key in wanted:
            for r in self.rows(*key):
                band = ""
                if r.age_from is not None or r.age_to is not None:
                    lo = "" if r.age_from is None else f"{r.age_from:g}"
                    hi = "" if r.age_to is None else f"{r.age_to:g}"
                    band = f"{lo}–{hi}岁" if lo and hi else (f"<{hi}岁" if hi else f"≥{lo}岁")
                out.append(
                    {
                        "参数": r.parameter + (f"[{r.qualifier}]" if r.qualifier else ""),
                        "年龄段": band,
                        "数值": format_value(r.value, r.unit),
                        "单位": UNIT_ZH[r.unit],
                        "生效": r.effective_from.isoformat(),
                        "地区": r.region,
                        "来源": r.source,
                        "可信度": CONFIDENCE[r.confidence],
                    }
                )
        return pd.DataFrame(out)

    def confidences(self, names) -> set[str]:
        return {r.confidence for key in names for r in self.rows(*((key, "") if isinstance(key, str) else key))}


def sources_frame(rows) -> pd.DataFrame:
    """The distinct rows behind a result, in file order: parameter, value, unit, region, effective_from, source, confidence."""
    unique = {(r.file, r.line): r for r in rows}
    ordered = [unique[k] for k in sorted(unique)]
    return pd.DataFrame(
        [
            {
                "parameter": r.parameter + (f"[{r.qualifier}]" if r.qualifier else ""),
                "value": r.value,
                "unit": r.unit,
                "region": r.region,
                "effective_from": r.effective_from.isoformat(),
                "source": r.source,
                "confidence": r.confidence,
            }
            for r in ordered
        ],
        columns=["parameter", "value", "unit", "region", "effective_from", "source", "confidence"],
    )


def sources_display(sources: pd.DataFrame) -> pd.DataFrame:
    """A sources frame with Chinese headers and readable values, for a notebook's 规则 table."""
    return pd.DataFrame(
        {
            "参数": sources["parameter"],
            "数值": [format_value(v, u) for v, u in zip(sources["value"], sources["unit"])],
            "单位": sources["unit"].map(UNIT_ZH),
            "地区": sources["region"],
            "生效": sources["effective_from"],
            "来源": sources["source"],
            "可信度": sources["confidence"].map(CONFIDENCE),
        }
    )


def format_value(value, unit: str) -> str:
    if unit == "ratio":
        return f"{float(value) * 100:g}%"
    if unit == "date":
        return value if isinstance(value, str) else value.isoformat()
    return f"{float(value):g}"


def _rows_from_frame(frame: pd.DataFrame) -> list[PolicyValue]:
    cols = {c: frame[c].tolist() for c in _VALUE_COLUMNS}  # plain lists: much faster than itertuples
    out = []
    for i in range(len(frame)):
        unit, raw = cols["unit"][i], cols["value"][i]
        age_from, age_to = cols["age_from"][i], cols["age_to"][i]
        out.append(
            PolicyValue(
                parameter=cols["parameter"][i],
                qualifier=cols["qualifier"][i],
                value=_parse_date(raw) if unit == "date" else float(raw),
                unit=unit,
                region=cols["region"][i],
                effective_from=cols["start"][i],
                effective_to=cols["end"][i],
                source=cols["source"][i],
                confidence=cols["confidence"][i],
                note=cols["note"][i],
                file=cols["file"][i],
                line=int(cols["line"][i]),
                age_from=None if math.isnan(age_from) else float(age_from),
                age_to=None if math.isnan(age_to) else float(age_to),
            )
        )
    return out


_VALUE_COLUMNS = (
    "parameter", "qualifier", "value", "unit", "region", "start", "end", "source", "confidence", "note", "file",
    "line", "age_from", "age_to",
)  # fmt: skip


@functools.cache
def _row_index(data_dir: str | None) -> dict[str, dict[tuple[str, str], list[PolicyValue]]]:
    """Every data row as a PolicyValue, built once per process: region → (parameter, qualifier) → rows.

    Keys are sorted and each key's rows keep their file order, so a Policy lists its rows as the
    tables do; picking the rows in force on a date is then a filter over a few Python objects
    instead of a pass over the whole pandas table (≈ 100 ms per new date before, < 1 ms now).
    """
    index: dict[str, dict[tuple[str, str], list[PolicyValue]]] = {}
    for value in _rows_from_frame(_load_all(data_dir)[1]):
        index.setdefault(value.region, {}).setdefault((value.parameter, value.qualifier), []).append(value)
    return {region: dict(sorted(groups.items())) for region, groups in index.items()}


@functools.lru_cache(maxsize=4096)
def _policy_cached(region: str, on: _dt.date, data_dir: str | None) -> Policy:
    index = _row_index(data_dir)
    rows: dict[tuple[str, str], list[PolicyValue]] = {}
    gaps: dict[tuple[str, str], list] = {}
    chain = [region] if region == "national" else [region, "national"]
    claimed: set[tuple[str, str]] = set()
    for reg in chain:
        for key, group in index.get(reg, {}).items():
            if key in claimed:
                continue
            claimed.add(key)
            current = [v for v in group if v.effective_from <= on and (v.effective_to is None or on <= v.effective_to)]
            if current:
                rows[key] = current
            else:
                gaps[key] = sorted({(v.effective_from, v.effective_to) for v in group}, key=lambda p: p[0])
    if not rows:
        raise YibaoInputError(
            "on",
            on.isoformat(),
            f"地区 {region} 在该日期没有任何参数数据",
            f"region {region} has no parameter data on this date",
        )
    return Policy(region, on, rows, gaps)


def policy_or_none(region: str, on) -> Policy | None:
    """The policy in force, or None when the date precedes all data for the region (no rule existed yet)."""
    try:
        return load_policy(region, on)
    except YibaoInputError as exc:
        if exc.param == "on":
            return None
        raise


def load_policy(region: str = "national", on=None, *, data_dir: str | None = None) -> Policy:
    """Parameters in force in ``region`` on ``on`` (date, ISO string, or a year = 1 July; None = newest)."""
    data_dir = check_data_dir(data_dir)
    check_region(region, data_dir)
    date = as_date(on) or data_as_of(data_dir)
    return _policy_cached(region, date, data_dir)
