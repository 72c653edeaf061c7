"""The one resolution rule: what value parameter P has for region R on date D, and how it was found.

:func:`resolve` answers with a :class:`Resolution`: the value, the data row, and *how* it was found —

* ``local``: a row of the region itself;
* ``province``: a row of the region's parent (a city's province, ``regions.csv``), inherited;
* ``national``: a national row (national law and statistics), inherited or asked for as a stand-in;
* ``borrowed``: a row of another region, used only when the caller names that region in ``fallback``;
* ``user``: a value the user supplied (``user=``), no data row;

and two flags that can come with any of the first four: ``illustrative`` (the row's confidence is
``illustrative``: an example value, not the place's own number) and ``shifted`` (no row was in force on
the date; a row of another period was used, the *nearest-year value*, and :attr:`Resolution.year` says
which year).

Without ``fallback`` the rule is :func:`~yibao_helpers.params.policy.load_policy`'s: the region, its
parent, then national; the first that has any row for the parameter answers, and a gap in its series
raises :class:`~yibao_helpers.core.errors.MissingDataError`. A page that prefers a stand-in to an error
names it, in order, in ``fallback``:

* ``"earlier"`` / ``"later"``: the answering region's latest row before / earliest row after the date;
* ``"nearest"``: whichever of those is fewer years away (the later one on a tie);
* ``"newest"``: the answering region's newest row;
* ``"national"``: the national row in force on the date;
* a region code (``"chongqing"``): that region's row in force on the date (``borrowed``).

Every page that uses a stand-in shows :meth:`Resolution.note_zh`, so the reader sees how each number
was found. :func:`with_data_year` applies the same rule to a whole computation that needs a year.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..core import checks
from ..core.dates import as_date
from ..core.errors import MissingDataError, YibaoInputError
from . import usage
from .policy import EXAMPLE, PolicyValue, chain_of, load_policy
from .sources import sources_frame
from .store import check_data_dir, check_region, data_as_of, region_name

_SEARCHES = ("earlier", "later", "nearest", "newest", "national")
HOW_ZH = {
    "local": "本地数据",
    "province": "沿用省级数据",
    "national": "全国数据",
    "borrowed": "借用其他地区的数据",
    "user": "你填写的值",
}


@dataclass(frozen=True)
class Resolution:
    """A parameter's value for a region and date, with the row it came from and how it was found."""

    parameter: str
    qualifier: str
    region: str  # the region asked for
    on: _dt.date  # the date asked for
    value: object
    unit: str
    how: str  # local | province | national | borrowed | user
    row: PolicyValue | None  # None for a value the user supplied
    shifted: bool = False  # True: no row in force on ``on``; the row of another period was used
    gap_of: str | None = None  # the region of the chain whose own series has no row on ``on`` (a stand-in for it)

    @property
    def illustrative(self) -> bool:
        return self.row is not None and self.row.confidence == "illustrative"

    @property
    def answered_by(self) -> str | None:
        """The region of the row used (None for a user value)."""
        return None if self.row is None else self.row.region

    @property
    def year(self) -> int:
        """The calendar year the value is for: the asked year, or — for a shifted value — the year nearest to
        it whose 1 July lies in the row's period (the row's first year if no 1 July does)."""
        if not self.shifted or self.row is None:
            return self.on.year
        return _year_in(self.row, self.on.year)

    @property
    def kinds(self) -> tuple[str, ...]:
        """Every description that applies, e.g. ``("national", "illustrative")`` or ``("local", "nearest_year")``."""
        out = [self.how]
        if self.shifted:
            out.append("nearest_year")
        if self.illustrative:
            out.append("illustrative")
        return tuple(out)

    def sources(self):
        """The row as a one-line sources frame (empty for a user value)."""
        return sources_frame([] if self.row is None else [self.row])

    def note_zh(self) -> str:
        """One Chinese sentence for the page: where the value came from when it is not the region's own row
        of that date (``""`` for a local row in force)."""
        if self.how == "user":
            return f"{self.parameter} 用的是你填写的值 {self.value:g}。" if isinstance(self.value, float) else ""
        place = region_name(self.region)
        from .policy import _row_index

        index = _row_index(None)
        own = [
            r for r in chain_of(self.region) if r != EXAMPLE and (self.parameter, self.qualifier) in index.get(r, {})
        ]
        if self.gap_of is not None:
            missing = f"{region_name(self.gap_of)} {self.on.year} 年没有数据"
        elif own:  # the chain has the parameter, only not on this date (before its first row)
            missing = f"{place} {self.on.year} 年没有数据"
        else:
            missing = f"{place}没有自己的数据"
        parts = []
        if self.shifted:
            parts.append(f"{missing}，用 {self.year} 年的数据")
        if self.how == "province":
            parts.append(f"{place}没有自己的数据，沿用{region_name(self.answered_by)}的数据")
        elif self.how == "national" and self.region != "national" and not self.shifted:
            parts.append(f"{missing}，用全国的数据")
        elif self.how == "borrowed":
            parts.append(f"{missing}，借用{region_name(self.answered_by)}的数据（不是{place}的数字）")
        if self.illustrative:
            parts.append("这是示例值（illustrative），只说明量级")
        return ("；".join(parts) + "。") if parts else ""


def _year_in(row: PolicyValue, year: int) -> int:
    start, end = row.effective_from, row.effective_to
    first = start.year if start <= _dt.date(start.year, 7, 1) else start.year + 1
    last = 9999 if end is None else (end.year if end >= _dt.date(end.year, 7, 1) else end.year - 1)
    if first > last:  # a period shorter than a year that holds no 1 July
        return start.year
    return min(max(year, first), last)


def _how(region: str, row_region: str, data_dir: str | None) -> str:
    if row_region == region:
        return "national" if region == "national" else "local"
    if row_region == "national":
        return "national"
    if row_region == EXAMPLE or row_region not in chain_of(region, data_dir):
        return "borrowed"
    return "province"


def _pick(rows: list[PolicyValue], age) -> PolicyValue | None:
    if age is None:
        return rows[0] if len(rows) == 1 else None
    return next((r for r in rows if r.covers_age(age)), None)


def _series(region_rows: list[PolicyValue], on: _dt.date, search: str, age) -> list[PolicyValue]:
    """The rows of one region's series to try for ``search``, best first."""
    rows = [r for r in region_rows if age is None or r.covers_age(age)]
    before = sorted(
        (r for r in rows if r.effective_to is not None and r.effective_to < on), key=lambda r: r.effective_to
    )
    after = sorted((r for r in rows if r.effective_from > on), key=lambda r: r.effective_from)
    if search == "earlier":
        return before[-1:]
    if search == "later":
        return after[:1]
    if search == "newest":
        return sorted(rows, key=lambda r: r.effective_from)[-1:]
    # nearest: fewer years away first; a tie goes to the later row
    cands = before[-1:] + after[:1]
    return sorted(cands, key=lambda r: (abs(_year_in(r, on.year) - on.year), r.effective_from <= on))[:1]


def _chain_rows(region: str, key: tuple[str, str], on: _dt.date, index, data_dir) -> list[PolicyValue]:
    """The rows of the region's chain that the chain itself answers with on some date: a row of a region further
    up counts only for dates before the nearer region's first row (the look-up rule of
    :func:`~yibao_helpers.params.policy.load_policy`), probed on the 1 July of the row's period nearest ``on``."""
    out = []
    for reg in chain_of(region, data_dir):
        for r in index.get(reg, {}).get(key, []):
            probe = _dt.date(_year_in(r, on.year), 7, 1)
            if not (r.effective_from <= probe and (r.effective_to is None or probe <= r.effective_to)):
                probe = r.effective_from  # a period without a 1 July
            if r in load_policy(region, probe, data_dir=data_dir)._rows.get(key, []):
                out.append(r)
    return out


def resolve(
    parameter: str,
    region: str = "national",
    on=None,
    *,
    qualifier: str = "",
    age: float | None = None,
    fallback: tuple[str, ...] | list[str] = (),
    user=None,
    data_dir: str | None = None,
) -> Resolution:
    """The value of ``parameter`` (with ``qualifier``; the band covering ``age`` for age-banded rows) for
    ``region`` on ``on`` (a date, ISO text or a year = 1 July; None = the newest data date), and how it was found.

    ``user``: a value the user supplied wins (``how="user"``). ``fallback``: the stand-ins the caller
    accepts when the region's chain has no row in force (see the module's docstring), tried in order;
    without one, a gap raises :class:`MissingDataError` exactly as ``load_policy(region, on)[parameter]``.
    """
    data_dir = check_data_dir(data_dir)
    check_region(region, data_dir)
    date = as_date(on) or data_as_of(data_dir)
    from .policy import _row_index

    index = _row_index(data_dir)
    known = {name for groups in index.values() for name, _ in groups}
    if not isinstance(parameter, str) or parameter not in known:
        raise YibaoInputError(
            "parameter",
            parameter,
            "应为数据表中的参数名（见 data/catalogue/parameters.csv）",
            "must be a parameter of the data tables (see data/catalogue/parameters.csv)",
        )
    if not isinstance(qualifier, str):
        raise YibaoInputError(
            "qualifier", qualifier, "应为文字（如 'level=3'，默认 ''）", "must be text (e.g. 'level=3'; default '')"
        )
    if age is not None:
        age = checks.as_float("age", age, lo=0, hi=120, unit_zh="岁", unit_en="years of age")
    fallback = (fallback,) if isinstance(fallback, str) else fallback
    if not isinstance(fallback, (tuple, list)):
        raise YibaoInputError(
            "fallback",
            fallback,
            "应为替代办法的列表（如 ('nearest',)）",
            "must be a list of stand-ins (e.g. ('nearest',))",
        )
    for step in fallback:
        if step not in _SEARCHES:
            check_region(step, data_dir, name="fallback")
    if user is not None:
        if isinstance(user, bool) or not isinstance(user, (int, float, _dt.date)):
            raise YibaoInputError(
                "user", user, "应为一个数或日期（你自己的值）", "must be a number or a date (your own value)"
            )
        return Resolution(parameter, qualifier, region, date, user, "", "user", None)
    policy = load_policy(region, date, data_dir=data_dir)
    try:
        row = policy.row(parameter, qualifier, age)
        return Resolution(
            parameter, qualifier, region, date, row.value, row.unit, _how(region, row.region, data_dir), row
        )
    except MissingDataError as exc:
        missing = exc
    key = (parameter, qualifier)
    owner = next((reg for reg in chain_of(region, data_dir) if key in index.get(reg, {})), None)
    chain_rows = None
    for step in fallback:
        if step in ("earlier", "later", "nearest", "newest"):
            if owner is None:
                continue
            if chain_rows is None:
                chain_rows = _chain_rows(region, key, date, index, data_dir)
            found = _series(chain_rows, date, step, age)
            if found:
                row = found[0]
                usage.note_stand_in(region, date, parameter, qualifier, row)
                how = _how(region, row.region, data_dir)
                return Resolution(parameter, qualifier, region, date, row.value, row.unit, how, row, True, owner)
            continue
        try:
            row = load_policy(step, date, data_dir=data_dir).row(parameter, qualifier, age)
        except YibaoInputError:
            continue
        how = _how(region, row.region, data_dir)
        return Resolution(parameter, qualifier, region, date, row.value, row.unit, how, row, False, owner)
    raise missing


def with_data_year(compute, region: str, year: int, *, fallback=("nearest",), limit: int = 50, data_dir=None):
    """``compute(year)`` for ``year``, or — where the data lack a parameter the computation needs — for the
    year :func:`resolve` finds for the missing parameter with ``fallback``, moved by as many years as the
    missing row is away (repeated for the next missing parameter).

    Returns ``(result, year_used, resolutions)``: ``resolutions`` lists the :class:`Resolution` of each
    parameter that moved the year (empty when ``year`` had everything), so the page can say why.
    A parameter that no stand-in can give re-raises the computation's own error.
    """
    tried: list[Resolution] = []
    y = year
    for _ in range(limit):
        try:
            return compute(y), y, tried
        except MissingDataError as exc:
            failed = as_date(exc.on)
            res = resolve(
                exc.parameter, exc.region, failed, qualifier=exc.qualifier, fallback=fallback, data_dir=data_dir
            )
            step = res.year - failed.year
            if not res.shifted or step == 0 or any(r.parameter == res.parameter and r.year == res.year for r in tried):
                raise
            tried.append(res)
            y += step
    raise AssertionError("no year with data within the limit")  # pragma: no cover - every loop breaks or raises
