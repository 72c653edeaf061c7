"""Family mutual aid (家庭共济, notebook 04): the example family's year and the read-outs of the family rules.

* :func:`family_example` — a worker's account paying for the family for one year
  (:func:`~yibao_helpers.rules.family_year.simulate_family_year`) with the year's credit
  (:func:`~yibao_helpers.rules.account.project_balance`). Where the region lacks the data of the year:
  the credit comes from the year :func:`~yibao_helpers.params.resolve.with_data_year` finds (the
  nearest year with data, the later one on a tie), and a relative's ``premium="standard"`` from
  :func:`resident_premium`; each stand-in is said in ``notes``.
* :func:`resident_premium` — the resident individual contribution of a date by
  :func:`~yibao_helpers.params.resolve.resolve` with ``fallback=("earlier", "national")``.
* read-outs of the rules for the page: :func:`family_relatives`, :func:`rule_dates`, :func:`milestones`,
  :func:`scope_table`, :func:`scope_zh`, :func:`family_summary`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import pandas as pd

from ..core.errors import MissingDataError
from ..params import as_date, check_region, data_as_of, merge_sources, resolve, with_data_year
from ..params.text import doc_head
from ..rules import account, family, family_year
from .stand_ins import moved_note, value_note

RESIDENT_PREMIUM = "resident.individual_contribution"


def _date(on) -> _dt.date:
    return as_date(on, "on") or data_as_of()


def resident_premium(region: str = "national", on=None) -> tuple[float, pd.DataFrame, str]:
    """(yuan per year, sources, note) of the resident individual contribution in force on ``on``.

    The region's chain (the region, its province, national) answers as :func:`load_policy` does, with no
    note. Where that chain has no row on the date (重庆's own series stops in 2023), :func:`resolve` with
    ``fallback=("earlier", "national")`` gives the latest earlier row of the series, else the national row
    of the date; ``note`` says which (:func:`~yibao_helpers.scenarios.stand_ins.value_note`).
    """
    check_region(region)
    date = _date(on)
    try:
        res, note = resolve(RESIDENT_PREMIUM, region, date), ""
    except MissingDataError:
        res = resolve(RESIDENT_PREMIUM, region, date, fallback=("earlier", "national"))
        note = value_note(res)
    return float(res.value), res.sources(), note


def family_relatives(
    parent_medical=0.0,
    spouse_medical=0.0,
    sibling_medical=0.0,
    *,
    parent_premium="standard",
    sibling_cross_province: bool = False,
    sibling_bound: bool = True,
) -> list[dict]:
    """The notebook's example family: 母亲 (resident-insured), 配偶, 哥哥 (maybe insured in another province)."""
    return [
        {"relation": "母亲", "medical": parent_medical, "premium": parent_premium},
        {"relation": "配偶", "medical": spouse_medical},
        {
            "relation": "哥哥",
            "medical": sibling_medical,
            "cross_province": sibling_cross_province,
            "bound": sibling_bound,
        },
    ]


@dataclass
class FamilyExample:
    """One family year: the simulation, the worker's credit of that year, and notes on data gaps."""

    result: family_year.FamilyYear
    credit: float
    on: _dt.date
    notes: list = field(default_factory=list)

    @property
    def sources(self) -> pd.DataFrame:
        return self.result.sources


def family_example(
    monthly_salary, age, *, account_balance, relatives=(), worker_costs=0.0, on=None, region: str = "national"
) -> FamilyExample:
    """A worker's account paying for the family for one year (:func:`family_year.simulate_family_year`).

    The year's credit is :func:`account.project_balance` for ``monthly_salary`` and ``age`` in the
    year of ``on`` (None = newest data; a year the region lacks: see :func:`year_credit`). A relative's
    ``premium="standard"`` is resolved by :func:`resident_premium` where the region lacks the year's
    standard. ``relatives`` as in :func:`family_year.simulate_family_year` (money values may be arrays
    of scenarios).
    """
    check_region(region)
    date = _date(on)
    credit, credit_year, moved = year_credit(monthly_salary, age, date.year, region)
    notes, extra = [], []
    if credit_year != date.year:
        notes.append(moved_note(region, date.year, credit_year, moved, "当年划入"))
    rels = []
    for rel in relatives:
        rel = dict(rel)
        if isinstance(rel.get("premium"), str) and rel["premium"] in family.STANDARD_PREMIUM:
            value, src, note = resident_premium(region, date)
            if note:
                rel["premium"] = value
                extra.append(src)
                if note not in notes:
                    notes.append(note)
        rels.append(rel)
    result = family_year.simulate_family_year(
        account_balance, credit, rels, on=date, worker_costs=worker_costs, region=region
    )
    if extra:
        result.sources = merge_sources(result.sources, *extra)
    return FamilyExample(result, credit, date, notes)


def year_credit(monthly_salary, age, year: int, region: str = "national") -> tuple[float, int, list]:
    """(the year's account credit, the year it was computed for, the resolutions that moved the year).

    ``year``, or — when the region lacks data for that year although the national data have it (上海
    publishes bases only from 2023-07) — the year :func:`with_data_year` finds with ``fallback=("nearest",)``
    (the nearest year with the missing rows, the later one on a tie). A year the national data lack too
    is not a gap of the region: its error stands.
    """

    def credit(y: int, code: str = region) -> float:
        return float(account.project_balance(monthly_salary, age, 1, region=code, start_year=y)["credited"].iloc[0])

    try:
        return credit(year), year, []
    except MissingDataError as exc:
        if region == "national":
            raise
        try:
            credit(year, "national")
        except MissingDataError:
            raise exc from None
    return with_data_year(credit, region, year, fallback=("nearest",))


def family_summary(ex: FamilyExample, scenario: int = 0) -> str:
    """One Chinese sentence with the year's numbers."""
    s = ex.result.summary.iloc[scenario]
    return (
        f"账户当年可用 {s['available']:,.2f} 元（年初 {s['opening_balance']:,.2f} + 划入 {s['credit']:,.2f}）："
        f"为全家支付 {s['paid_from_account']:,.2f} 元，现金支付 {s['cash']:,.2f} 元，"
        f"利息 {s['interest']:,.2f} 元，年末余额 {s['year_end_balance']:,.2f} 元。"
    )


def refusals(ex: FamilyExample) -> dict:
    """``{who: reason}`` for each person whose cost the account could not pay under the rules."""
    items = ex.result.items
    refused = items[~items["allowed"] & (items["amount"] > 0)]
    return dict(zip(refused["who"], refused["reason"]))


def scope_zh(on, region: str = "national") -> str:
    """The relatives who may use the account on ``on``, in Chinese (配偶、父母、子女), ``""`` for none."""
    return "、".join(family.RELATION_ZH[c] for c in family.scope(on, region=region))


def rule_dates(region: str = "national") -> list[tuple[str, _dt.date]]:
    """(label, date) options for the rule-date dropdown: the day before the first family rule and every
    date on which the circle of relatives or the cross-province rule changed (from the data)."""
    rows = family.timeline(region)
    rows = rows[rows["rule"].isin(["relation", "cross_province"])]
    starts = sorted({_dt.date.fromisoformat(d) for d in rows["effective_from"]})
    out = []
    if starts:
        before = starts[0] - _dt.timedelta(days=1)
        out.append((f"{before.isoformat()}（还没有家庭共济）", before))
    for d in starts:
        src = doc_head(rows[rows["effective_from"] == d.isoformat()]["source"].iloc[0])
        out.append((f"{d.isoformat()} 起（{src}）", d))
    default = data_as_of()
    if default not in starts:  # the pages' default date, in its place among the rule dates
        out.append((f"{default.isoformat()}（本页默认日期）", default))
        out.sort(key=lambda option: option[1])
    return out


def milestones(region: str = "national") -> dict:
    """Dates and short sources of the family-aid steps in the data: ``core`` (spouse, parents, children),
    ``near`` (near relatives), ``cross`` (across provinces, binding first) and ``ltc`` (long-term-care
    contributions). Each value is ``(date, short source)`` or ``None``."""
    rows = family.timeline(region)

    def first(mask):
        picked = rows[mask]
        if not len(picked):
            return None
        r = picked.iloc[0]
        return _dt.date.fromisoformat(r["effective_from"]), r["source"].split("《")[0].split("（")[0].strip()

    rel = rows["rule"] == "relation"
    return {
        "core": first(rel & (rows["relation"] == "spouse")),
        "near": first(rel & (rows["relation"] == "sibling")),
        "cross": first(rows["parameter"] == "family.cross_province"),
        "ltc": first(rows["parameter"] == "family.may_pay.ltc_premium"),
    }


def scope_table(region: str = "national", *, bound: bool = True) -> pd.DataFrame:
    """Who may use the account on each rule date of :func:`rule_dates` (from :func:`family.may_use`).

    One row per relation, one column per date; cells ``不可以``, ``可以（不跨省）`` or ``可以（含跨省）``
    (across provinces with the family-aid relationship set up when ``bound``). "不跨省" and not "省内": from 2021
    family use began inside one 统筹区 and the provinces opened it across their 统筹区 on dates of their own
    (reviews/data-truth.md M9), which the data do not hold province by province.
    """
    data = {}
    for _, d in rule_dates(region):
        cells = []
        for code in family.RELATIONS:
            inside = family.may_use(code, d, region=region)
            across = family.may_use(code, d, cross_province=True, bound=bound, region=region)
            cells.append(
                "可以（含跨省）"
                if inside and across
                else "可以（不跨省）"
                if inside
                else "仅跨省可以"
                if across
                else "不可以"
            )
        data[d.isoformat()] = cells
    out = pd.DataFrame(data, index=[family.RELATION_ZH[c] for c in family.RELATIONS])
    out.index.name = "关系 \\ 日期"
    return out
