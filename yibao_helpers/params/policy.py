"""Parameters in force in one region on one date: :func:`load_policy` and the :class:`Policy` it returns.

Look-up rules:

* A parameter is identified by ``(parameter, qualifier)``; ``qualifier`` is a free ``key=value`` tag
  such as ``level=3`` or ``tier=2`` (blank = default).
* A row is in force on a date when ``effective_from <= date`` and (``effective_to`` is blank or
  ``date <= effective_to``).
* A region's chain is: the region, its parent (a city's province, ``regions.csv``), ``national`` (national
  law and statistics), and last the example city ``example`` (示例城市: illustrative values no real place
  gave us). The first region of the chain that has **any** row for a parameter answers for it. If that region
  has rows for the parameter but none in force on the date, that is a gap in the data and asking for the value
  raises :class:`~yibao_helpers.core.errors.MissingDataError`; it never falls back to another place — except
  that a date national law does not cover (a year whose national notice is not in the data) takes the example
  city's value. A value from the example city is *borrowed*: every page that uses one says so
  (:mod:`yibao_helpers.present.notices`; :func:`yibao_helpers.params.resolve.resolve` says how each was found).
* Rows may carry an age band ``[age_from, age_to)`` (blank = open).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.dates import as_date
from ..core.errors import MissingDataError, YibaoInputError, renamed
from .schema import parse_date
from .store import check_data_dir, check_region, data_as_of, load_all, parent_of


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
    source_url: str = ""  # where a secondary value was read (page URL or repository path)
    retrieved_on: str = ""  # when (ISO date)

    def covers_age(self, age: float) -> bool:
        lo = -math.inf if self.age_from is None else self.age_from
        hi = math.inf if self.age_to is None else self.age_to
        return lo <= age < hi


class Policy:
    """Parameters in force in one region on one date, with their sources.

    ``policy["employee.individual_rate"]`` returns the value; ``policy.row(name)``
    the :class:`PolicyValue` with its source (and the region of the chain that answered).
    """

    def __init__(
        self,
        region: str,
        on: _dt.date,
        rows: dict[tuple[str, str], list[PolicyValue]],
        gaps: dict[tuple[str, str], tuple[list[tuple[_dt.date, _dt.date | None]], str]],
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
            spans, claimant = self._gaps[key]
            periods = "; ".join(f"{s.isoformat()}–{e.isoformat() if e else '至今'}" for s, e in spans)
            whose = self.region if claimant == self.region else f"{self.region}（沿用 {claimant} 的数据）"
            whose_en = self.region if claimant == self.region else f"{self.region} (inheriting from {claimant})"
            raise MissingDataError(
                self.region,
                self.on.isoformat(),
                name,
                qualifier,
                spans,
                f"地区 {whose} 在该日期没有参数 {label} 的数据（已有数据的期间：{periods}）",
                f"region {whose_en} has no data for {label} on this date (periods with data: {periods})",
            )
        chain = chain_of(self.region)
        raise MissingDataError(
            self.region,
            self.on.isoformat(),
            name,
            qualifier,
            [],
            f"地区 {self.region} 在该日期没有参数 {label} 的数据（依次查过 {'、'.join(chain)}）",
            f"region {self.region} has no data for {label} on this date (looked in {', '.join(chain)})",
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

    def confidences(self, names) -> set[str]:
        return {r.confidence for key in names for r in self.rows(*((key, "") if isinstance(key, str) else key))}


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
                value=parse_date(raw) if unit == "date" else float(raw),
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
                source_url=cols["source_url"][i],
                retrieved_on=cols["retrieved_on"][i],
            )
        )
    return out


_VALUE_COLUMNS = (
    "parameter", "qualifier", "value", "unit", "region", "start", "end", "source", "confidence", "note", "file",
    "line", "age_from", "age_to", "source_url", "retrieved_on",
)  # fmt: skip


@functools.cache
def _row_index(data_dir: str | None) -> dict[str, dict[tuple[str, str], list[PolicyValue]]]:
    """Every data row as a PolicyValue, built once per process: region → (parameter, qualifier) → rows.

    Keys are sorted and each key's rows keep their file order, so a Policy lists its rows as the
    tables do; picking the rows in force on a date is then a filter over a few Python objects
    instead of a pass over the whole pandas table (≈ 100 ms per new date before, < 1 ms now).
    """
    index: dict[str, dict[tuple[str, str], list[PolicyValue]]] = {}
    for value in _rows_from_frame(load_all(data_dir)[1]):
        index.setdefault(value.region, {}).setdefault((value.parameter, value.qualifier), []).append(value)
    return {region: dict(sorted(groups.items())) for region, groups in index.items()}


EXAMPLE = "example"  # 示例城市: the illustrative values no real place has given us (regions.csv)


def chain_of(region: str, data_dir: str | None = None) -> list[str]:
    """The regions asked in turn for a parameter of ``region``: itself, its parent (if any), national, and last the
    example city (示例城市), whose values are borrowed — every page that uses one says so (``Resolution.how``)."""
    if region in ("national", EXAMPLE):
        return [region, EXAMPLE] if region == "national" else [EXAMPLE, "national"]
    parent = parent_of(region, data_dir)
    return [region, parent, "national", EXAMPLE] if parent else [region, "national", EXAMPLE]


STAND_IN = {"national": EXAMPLE, EXAMPLE: "national"}


def _in_force(group: list[PolicyValue], on: _dt.date) -> list[PolicyValue]:
    return [v for v in group if v.effective_from <= on and (v.effective_to is None or on <= v.effective_to)]


@functools.lru_cache(maxsize=4096)
def _policy_cached(region: str, on: _dt.date, data_dir: str | None) -> Policy:
    index = _row_index(data_dir)
    rows: dict[tuple[str, str], list[PolicyValue]] = {}
    gaps: dict[tuple[str, str], list] = {}
    chain = chain_of(region, data_dir)
    claimed: set[tuple[str, str]] = set()
    for reg in chain:
        for key, group in index.get(reg, {}).items():
            if key in claimed or on < min(v.effective_from for v in group):
                continue  # before a region's first row of a parameter it has no rule of its own: the next answers
            claimed.add(key)
            current = _in_force(group, on)
            if not current and reg in STAND_IN:
                # national law gives no value on this date (e.g. a year whose national notice we have not found):
                # the example city's value stands in, and every page that uses it says so (borrowed, illustrative);
                # the example city itself takes national law where it has no example value of that date
                current = _in_force(index.get(STAND_IN[reg], {}).get(key, []), on)
            if current:
                rows[key] = current
            else:
                gaps[key] = (sorted({(v.effective_from, v.effective_to) for v in group}, key=lambda p: p[0]), reg)
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


@contextlib.contextmanager
def dates_of(name: str, value):
    """Inside this block, a date without data (an error about ``on``) is reported about the caller's own
    argument ``name`` = ``value`` (e.g. the first year of a projection), still naming the date and the
    missing parameter; a missing-data error stays a :class:`MissingDataError`."""
    try:
        yield
    except YibaoInputError as exc:
        if exc.param != "on":
            raise
        zh, en = str(exc).splitlines()[:2]
        raise renamed(
            exc,
            name,
            value,
            f"从该年起的预测在 {exc.value} 缺少数据：" + zh.split("：", 1)[-1],
            f"the projection from this year lacks data on {exc.value}: " + en.split(": ", 1)[-1],
        ) from None
