"""Why the account balance changed (notebook 05): two account years of one person compared factor by factor.

* :func:`change_situations` — the two situations of the page from flat parameters (the same person,
  older by the years between);
* :func:`change_example` — :func:`~yibao_helpers.rules.balance_change.explain_change`; a side whose year
  the region lacks moves to the year :func:`~yibao_helpers.params.resolve.with_data_year` finds (the
  earlier side forward, the later side back, the age with it), said in ``notes``;
* :func:`waterfall_data` — a factor table arranged for a waterfall chart; :func:`change_summary`,
  :func:`first_data_year` (the first year a slider offers).
"""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core import checks
from ..core.errors import MissingDataError, YibaoInputError
from ..core.money import to_fen
from ..params import check_region, data_as_of, tables, with_data_year
from ..rules import balance_change
from .stand_ins import moved_note


def waterfall_data(
    table: pd.DataFrame,
    *,
    start: float | None = None,
    start_label: str | None = None,
    end_label: str | None = None,
    drop_zero: bool = True,
) -> pd.DataFrame:
    """Bars of a waterfall chart: the start bar, one floating bar per factor, the end bar.

    ``table`` is a result of :func:`explain_change` or :func:`paid_vs_credited` (or any table with
    ``因素`` and ``amount``); ``start`` defaults to ``table.attrs["start"]``. Returns
    ``label, amount, bottom, top, kind`` (``start``, ``up``, ``down``, ``end``); each floating bar
    spans ``bottom``–``top`` and the end bar's top is start + Σ amounts (exact to the fen). ``attrs["dropped"]``:
    the factors of 0 元 left out (``drop_zero``).
    """
    if not isinstance(table, pd.DataFrame) or not {"因素", "amount"} <= set(table.columns):
        raise YibaoInputError(
            "table",
            f"columns {list(table.columns)}" if isinstance(table, pd.DataFrame) else table,
            "应为 explain_change 或 paid_vs_credited 的结果（含“因素”和 amount 两列）",
            "must be a result of explain_change or paid_vs_credited (with columns 因素 and amount)",
        )
    drop_zero = checks.as_flag("drop_zero", drop_zero)
    if start is not None:
        start = checks.as_float("start", start, lo=-checks.MONEY_MAX, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan")
    if start is None:
        if "start" not in table.attrs:
            raise YibaoInputError(
                "start",
                None,
                "表中没有起点（attrs['start']），请给出 start",
                "the table has no starting value (attrs['start']); give start",
            )
        start = table.attrs["start"]
    labels = table.attrs.get("labels", ("开始", "结束"))
    checks.as_array(
        "amount", table["amount"].to_numpy(), lo=-checks.MONEY_MAX, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan"
    )
    start_fen = to_fen(start)
    rows = [(start_label or labels[0], start_fen, 0, start_fen, "start")]
    level = start_fen
    dropped = []
    for label, amount in zip(table["因素"], table["amount"]):
        fen = to_fen(amount)
        if drop_zero and fen == 0:
            dropped.append(label)
            continue
        lo, hi = sorted((level, level + fen))
        rows.append((label, fen, lo, hi, "up" if fen > 0 else "down"))
        level += fen
    rows.append((end_label or labels[1], level, 0, level, "end"))
    out = pd.DataFrame(rows, columns=["label", "amount", "bottom", "top", "kind"])
    for col in ("amount", "bottom", "top"):
        out[col] = out[col] / 100
    out.attrs["sources"] = table.attrs.get("sources")
    out.attrs["dropped"] = dropped  # the factors of 0 元 left out of the bars (a chart names them)
    return out


@dataclass
class ChangeExample:
    """A decomposition (:func:`balance_change.explain_change`) and the situations actually compared."""

    table: pd.DataFrame
    before: dict
    after: dict
    notes: list = field(default_factory=list)

    @property
    def sources(self) -> pd.DataFrame:
        return self.table.attrs["sources"]


def _at(situation: dict, year: int) -> dict:
    """The same person in another year: the year moved, the age with it."""
    return dict(situation, year=year, age=situation["age"] + (year - situation["year"]))


def _year_with_data(situation: dict, fallback: tuple) -> tuple[dict, list]:
    """``situation`` moved to a year whose data the region has (:func:`with_data_year` over the situation's
    own year: the situation compared with itself), and the resolutions that moved it."""

    def own_year(y):
        same = _at(situation, y)
        return balance_change.explain_change(same, same, measure="credit")

    _, year, moved = with_data_year(own_year, situation.get("region", "national"), situation["year"], fallback=fallback)
    return _at(situation, year), moved


def change_example(before: dict, after: dict, *, measure: str = "balance_change") -> ChangeExample:
    """:func:`balance_change.explain_change`, moving a year that has no data to a year that has.

    ``before`` / ``after``: dicts of :class:`balance_change.Situation` fields (``year`` None = newest
    data). If the region has no data for ``before['year']`` (e.g. contribution bases published only
    from a later year), the year moves forward to the year of the missing rows (``fallback=("later",)``),
    and backward for ``after`` (``("earlier",)``), never past the other side; the age moves with the
    year; each move is explained in ``notes``.
    """
    for name, s in (("before", before), ("after", after)):
        if not isinstance(s, dict):
            raise YibaoInputError(
                name, s, "应为字典（monthly_salary, age, year, …）", "must be a dict (monthly_salary, age, year, …)"
            )
    b, a = dict(before), dict(after)
    for s in (b, a):
        if s.get("year") is None:
            s["year"] = data_as_of().year
    try:
        return ChangeExample(balance_change.explain_change(b, a, measure=measure), b, a)
    except MissingDataError as exc:
        gap = exc
    try:
        b2, moved_b = _year_with_data(b, ("later",))
        a2, moved_a = _year_with_data(a, ("earlier",))
    except MissingDataError:
        raise gap from None
    if b2["year"] > a["year"] or a2["year"] < b["year"]:
        raise gap
    notes = [
        moved_note(
            s.get("region", "national"), asked["year"], s["year"], moved, what, f"（年龄相应改为 {s['age']:g} 岁）"
        )
        for asked, s, moved, what in ((b, b2, moved_b, "比较起点"), (a, a2, moved_a, "比较终点"))
        if s["year"] != asked["year"]
    ]
    return ChangeExample(balance_change.explain_change(b2, a2, measure=measure), b2, a2, notes)


def change_situations(
    monthly_salary_before,
    monthly_salary_after,
    age_before,
    year_before=None,
    year_after=None,
    *,
    spending_before=0.0,
    spending_after=0.0,
    opening_balance_before=0.0,
    opening_balance_after=0.0,
    region: str = "national",
) -> tuple[dict, dict]:
    """The two situations of notebook 05 from flat parameters: the same person, ``year_after − year_before`` years older
    (``year_after`` None: the newest data year; ``year_before`` None: the year before ``year_after``)."""
    y_after = data_as_of().year if year_after is None else year_after
    if year_before is None and isinstance(y_after, (int, np.integer)) and not isinstance(y_after, bool):
        year_before = int(y_after) - 1
    age_after = (
        age_before + (y_after - year_before)
        if all(
            isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
            for v in (age_before, year_before, y_after)
        )
        else age_before
    )
    before = dict(
        monthly_salary=monthly_salary_before,
        age=age_before,
        year=year_before,
        region=region,
        annual_spending=spending_before,
        opening_balance=opening_balance_before,
    )
    after = dict(
        monthly_salary=monthly_salary_after,
        age=age_after,
        year=y_after,
        region=region,
        annual_spending=spending_after,
        opening_balance=opening_balance_after,
    )
    return before, after


def change_summary(ex: ChangeExample) -> str:
    """One Chinese sentence: the two balance changes, the difference and the biggest factors."""
    t = ex.table
    la, lb = t.attrs["labels"]
    moved = t[t["amount"] != 0]
    moved = moved.loc[moved["amount"].abs().sort_values(ascending=False, kind="stable").index]
    parts = "，".join(f"{r['因素']} {r['amount']:+,.2f}" for _, r in moved.head(3).iterrows()) or "没有变化"
    return (
        f"{la}：当年余额变化 {t.attrs['start']:+,.2f} 元；{lb}：{t.attrs['end']:+,.2f} 元；"
        f"相差 {t.attrs['total']:+,.2f} 元（主要因素：{parts}）。"
    )


def first_data_year(region: str = "national") -> int:
    """The first calendar year (for slider ranges) whose 1 July has every parameter a year of the balance
    computation reads (:func:`yibao_helpers.rules.balance_change.year_result`): found by computing, from the
    first year of the wage statistics on, not by listing parameters."""
    check_region(region)
    return _first_data_year(region)


@functools.cache
def _first_data_year(region: str) -> int:
    from ..rules import account

    rows = tables()
    rows = rows[(rows["parameter"] == "wage.avg_annual_prev_year") & rows["region"].isin([region, "national"])]
    first = _dt.date.fromisoformat(rows["effective_from"].min())
    year = first.year if first <= _dt.date(first.year, 7, 1) else first.year + 1
    for y in range(year, data_as_of().year + 1):
        try:
            account.project_balance(8000, 40, 1, region=region, start_year=y, annual_spending=1000)
        except MissingDataError:
            continue
        return y
    return year
