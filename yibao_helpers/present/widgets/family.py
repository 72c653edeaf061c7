"""Sliders for notebooks 04–06 (family mutual aid, why the balance changed, flexible employment and gaps).

Each ``render_*`` callback computes one example with the tested calculators
(:mod:`~yibao_helpers.family`, :mod:`~yibao_helpers.balance_change`, :mod:`~yibao_helpers.flexible`,
:mod:`~yibao_helpers.gaps`), prints a one-line summary with the key numbers, draws the same chart
function as the notebook's static cell and returns the example (``None`` after bad input, when it
prints a short Chinese message instead of a traceback). Each ``*_explorer`` builds the ipywidgets
controls around one callback.

The ``*_example`` functions are thin wrappers the notebooks share with the callbacks. They add only
what the calculators leave to the caller, each with a Chinese note saying what was done:

* :func:`resident_premium` — the resident individual contribution of a date, when a region's own
  series stops before that date (a data gap such as 重庆, whose data end in 2023): the region's
  latest earlier value (else the national one), instead of an error.
* :func:`change_example` — :func:`~yibao_helpers.balance_change.explain_change` when a region has
  no data for the years asked (e.g. 北京 has contribution bases only from 2021-07): the nearest
  year with data, the age shifted with it.
* :func:`flexible_example` — :func:`~yibao_helpers.flexible.compare_with_resident` with the tiers
  the region has; when the year lacks data, the latest earlier year that has it.
* :func:`gap_example` — :func:`~yibao_helpers.gaps.account_during_gap`; when a year inside the
  projection lacks the region's data (上海 2025-07 – 2026-06 bases), the projection starts in the
  newest data year.

Small read-outs for the notebooks' texts and tables: :func:`milestones`, :func:`scope_table`,
:func:`rule_dates`, :func:`values_of`, :func:`flexible_trace`, :func:`employee_gap_regions`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...core import checks
from ...core.errors import MissingDataError, YibaoInputError
from ...params import as_date, check_region, data_as_of, load_policy, region_name, sources_frame, tables
from ...rules import account, balance_change, family, family_year, flexible, gaps
from .. import figures
from .common import STYLE, explorer, message, region_dropdown, slider

RESIDENT_PREMIUM = "resident.individual_contribution"
MAX_MONEY_SLIDER = 60000  # slider ranges (UI choices, not policy numbers)


def _show(build, summary, chart, draw: bool = True):
    """What every ``render_*`` callback does: ``build()`` the example (bad input → the short Chinese
    :func:`message`, ``None``), print ``summary(example)`` and the example's notes, then show ``chart(example)``."""
    try:
        ex = build()
    except YibaoInputError as exc:
        print(message(exc))
        return None
    print(summary(ex))
    for note in ex.notes:
        print("注：" + note)
    if draw:
        figures.show(chart(ex))
    return ex


def _money(value, description: str, hi: int = MAX_MONEY_SLIDER, step: int = 500):
    return slider(value, 0, hi, description, step=step)


def _date(on) -> _dt.date:
    return as_date(on, "on") or data_as_of()


def _merge(*frames) -> pd.DataFrame:
    parts = [f for f in frames if f is not None and len(f)]
    if not parts:
        return sources_frame([])
    return pd.concat(parts, ignore_index=True).drop_duplicates().reset_index(drop=True)


# =========================================================================== 04 family mutual aid


def resident_premium(region: str = "national", on=None) -> tuple[float, pd.DataFrame, str]:
    """(yuan per year, sources, note) of the resident individual contribution in force on ``on``.

    Where the region's own series has no row for the date (its data stop earlier), the latest
    earlier row of the region is used, else the national one; ``note`` says so (blank otherwise).
    """
    check_region(region)
    date = _date(on)
    pol = load_policy(region, date)
    if pol.has(RESIDENT_PREMIUM):
        row = pol.row(RESIDENT_PREMIUM)
        return float(row.value), sources_frame([row]), ""
    rows = tables()
    rows = rows[
        (rows["parameter"] == RESIDENT_PREMIUM)
        & (rows["qualifier"] == "")
        & (rows["effective_from"] <= date.isoformat())
    ]
    for code in (region, "national"):
        mine = rows[rows["region"] == code]
        if len(mine):
            start = mine.sort_values("effective_from")["effective_from"].iloc[-1]
            row = load_policy(code, start).row(RESIDENT_PREMIUM)
            note = (
                f"{region_name(region)} {date.year} 年的居民医保个人缴费标准未收录，"
                f"按{'本地' if code == region else '全国'}已有的最近一年（{row.effective_from.year} 年）"
                f"{float(row.value):,.0f} 元计算。"
            )
            return float(row.value), sources_frame([row]), note
    raise YibaoInputError(
        "on",
        date.isoformat(),
        f"{date.isoformat()} 之前没有居民医保个人缴费标准数据",
        f"no resident contribution standard in the data up to {date.isoformat()}",
    )


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
    year of ``on`` (None = newest data). A relative's ``premium="standard"`` is resolved by
    :func:`resident_premium` where the region lacks the year's standard. ``relatives`` as in
    :func:`family_year.simulate_family_year` (money values may be arrays of scenarios).
    """
    check_region(region)
    date = _date(on)
    credit, credit_year = _year_credit(monthly_salary, age, date.year, region)
    notes, extra = [], []
    if credit_year != date.year:
        notes.append(
            f"{region_name(region)} {date.year} 年缺少计算当年划入的参数数据（如缴费基数上下限），"
            f"当年划入按有数据的最近一年（{credit_year} 年）的规则计算。"
        )
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
        result.sources = _merge(result.sources, *extra)
    return FamilyExample(result, credit, date, notes)


def _year_credit(monthly_salary, age, year: int, region: str) -> tuple[float, int]:
    """(the year's account credit, the year it was computed for): ``year``, or — when the region lacks data
    for that year although the national data have it (上海 publishes bases only from 2023-07) — the
    nearest year the region has data for (later ones first). A year before all data stays an error."""

    def credit(y: int, code: str) -> float:
        return float(account.project_balance(monthly_salary, age, 1, region=code, start_year=y)["credited"].iloc[0])

    try:
        return credit(year, region), year
    except YibaoInputError as exc:
        if exc.param not in ("on", "start_year") or region == "national":
            raise
        try:
            credit(year, "national")
        except YibaoInputError:
            raise exc from None  # no data for that year anywhere: not a gap of this region
        newest = data_as_of().year
        for step in range(1, newest - 1990 + 1):
            for y in (year + step, year - step):
                if 1990 <= y <= newest:
                    try:
                        return credit(y, region), y
                    except YibaoInputError:
                        continue
        raise


def family_summary(ex: FamilyExample, scenario: int = 0) -> str:
    """One Chinese sentence with the year's numbers."""
    s = ex.result.summary.iloc[scenario]
    return (
        f"账户当年可用 {s['available']:,.2f} 元（年初 {s['opening_balance']:,.2f} + 划入 {s['credit']:,.2f}）："
        f"为全家支付 {s['paid_from_account']:,.2f} 元，现金支付 {s['cash']:,.2f} 元，"
        f"利息 {s['interest']:,.2f} 元，年末余额 {s['year_end_balance']:,.2f} 元。"
    )


def render_family(
    monthly_salary,
    age,
    account_balance,
    worker_costs,
    parent_medical,
    spouse_medical,
    sibling_medical,
    region: str = "national",
    *,
    rule_date=None,
    parent_premium="standard",
    sibling_cross_province: bool = False,
    sibling_bound: bool = True,
    draw: bool = True,
):
    """Callback: simulate the example family's year and draw :func:`charts_family.plot_family_year`."""
    from ..charts import family as charts_family

    def build():
        rels = family_relatives(
            parent_medical,
            spouse_medical,
            sibling_medical,
            parent_premium=parent_premium,
            sibling_cross_province=sibling_cross_province,
            sibling_bound=sibling_bound,
        )
        return family_example(
            monthly_salary,
            age,
            account_balance=account_balance,
            relatives=rels,
            worker_costs=worker_costs,
            on=rule_date,
            region=region,
        )

    def summary(ex):
        items = ex.result.items
        refused = items[~items["allowed"] & (items["amount"] > 0)]
        return "\n".join(
            [
                family_summary(ex),
                *(f"{who}：{why}" for who, why in dict(zip(refused["who"], refused["reason"])).items()),
            ]
        )

    return _show(build, summary, lambda ex: charts_family.plot_family_year(ex.result, region=region), draw)


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
        src = rows[rows["effective_from"] == d.isoformat()]["source"].iloc[0].split("《")[0].strip()
        out.append((f"{d.isoformat()} 起（{src}）", d))
    newest = data_as_of()
    if not starts or newest > starts[-1]:
        out.append((f"{newest.isoformat()}（数据最新日期）", newest))
    return out


def family_explorer(
    *,
    region: str = "national",
    monthly_salary: float = 8000,
    age: int = 35,
    account_balance: float = 4000,
    worker_costs: float = 500,
    parent_medical: float = 3000,
    spouse_medical: float = 1200,
    sibling_medical: float = 1500,
    rule_date=None,
    parent_premium="standard",
    sibling_cross_province: bool = True,
    sibling_bound: bool = True,
):
    """Sliders (salary, age, balance, each family member's costs), rule date, cross-province switches."""
    import functools

    import ipywidgets as w

    options = rule_dates(region)
    default = _date(rule_date)
    if default not in [d for _, d in options]:
        options.append((default.isoformat(), default))
    controls = {
        "monthly_salary": _money(monthly_salary, "月工资（元）"),
        "age": slider(age, 16, 100, "年龄（岁）"),
        "account_balance": _money(account_balance, "年初账户余额（元）"),
        "worker_costs": _money(worker_costs, "本人医疗费（元/年）", hi=20000, step=100),
        "parent_medical": _money(parent_medical, "母亲医疗费（元/年）", step=100),
        "spouse_medical": _money(spouse_medical, "配偶医疗费（元/年）", step=100),
        "sibling_medical": _money(sibling_medical, "哥哥医疗费（元/年）", step=100),
        "rule_date": w.Dropdown(options=options, value=default, description="规则日期", style=STYLE),
        "sibling_cross_province": w.Checkbox(
            value=bool(sibling_cross_province), description="哥哥在外省参保（跨省共济）", style=STYLE
        ),
        "sibling_bound": w.Checkbox(value=bool(sibling_bound), description="已建立共济关系（绑定）", style=STYLE),
        "region": region_dropdown(region),
    }
    rows = [
        ["monthly_salary", "age"],
        ["account_balance", "worker_costs"],
        ["parent_medical", "spouse_medical"],
        ["sibling_medical", "rule_date"],
        ["sibling_cross_province", "sibling_bound"],
        ["region"],
    ]
    return explorer(functools.partial(render_family, parent_premium=parent_premium), controls, rows)


# =========================================================================== 05 why the balance changed


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


def _gap_param(exc: YibaoInputError, side: str, year=None) -> bool:
    """True when ``exc`` is a data gap of the ``before`` / ``after`` situation (whose year is ``year``).

    ``explain_change`` names the side (``before.on``); a retiree's gap in the contribution base comes
    without it (a bare ``on`` dated in that year; /work/notes/sweep_findings.md §1), so that counts too.
    """
    if exc.param in (f"{side}.on", f"{side}.start_year"):
        return True
    if isinstance(exc, MissingDataError) and exc.param == f"{side}.year":
        return True
    return exc.param in ("on", "start_year") and year is not None and str(exc.value).startswith(str(year))


def change_example(before: dict, after: dict, *, measure: str = "balance_change") -> ChangeExample:
    """:func:`balance_change.explain_change`, moving a year that has no data to the nearest year that has.

    ``before`` / ``after``: dicts of :class:`balance_change.Situation` fields (``year`` None = newest
    data). If the region has no data for ``before['year']`` (e.g. contribution bases published only
    from a later year), the year moves forward (towards ``after``), and backward for ``after``; the
    age moves with the year; each move is explained in ``notes``.
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
    asked = {"before": b["year"], "after": a["year"]}
    for _ in range(200):
        try:
            table = balance_change.explain_change(b, a, measure=measure)
            break
        except YibaoInputError as exc:
            year_ok = all(isinstance(s["year"], (int, np.integer)) and not isinstance(s["year"], bool) for s in (b, a))
            if year_ok and _gap_param(exc, "before", b["year"]) and b["year"] < a["year"]:
                b = dict(b, year=b["year"] + 1, age=b["age"] + 1)
            elif year_ok and _gap_param(exc, "after", a["year"]) and a["year"] > b["year"]:
                a = dict(a, year=a["year"] - 1, age=a["age"] - 1)
            else:
                raise
    else:  # pragma: no cover - the loop always ends by a break or a raise
        raise AssertionError("no year with data")
    notes = []
    for key, s in (("before", b), ("after", a)):
        if s["year"] != asked[key]:
            notes.append(
                f"{region_name(s.get('region', 'national'))} {asked[key]} 年缺少参数数据（如缴费基数上下限），"
                f"{'比较起点' if key == 'before' else '比较终点'}改为 {s['year']} 年（年龄相应改为 {s['age']:g} 岁）。"
            )
    return ChangeExample(table, b, a, notes)


def change_situations(
    monthly_salary_before,
    monthly_salary_after,
    age_before,
    year_before,
    year_after=None,
    *,
    spending_before=0.0,
    spending_after=0.0,
    opening_balance_before=0.0,
    opening_balance_after=0.0,
    region: str = "national",
) -> tuple[dict, dict]:
    """The two situations of notebook 05 from flat parameters: the same person, ``year_after − year_before`` years older."""
    y_after = data_as_of().year if year_after is None else year_after
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


def render_change(
    monthly_salary_before,
    monthly_salary_after,
    age_before,
    year_before,
    year_after=None,
    spending_before=0.0,
    spending_after=0.0,
    opening_balance_before=0.0,
    opening_balance_after=0.0,
    region: str = "national",
    *,
    draw: bool = True,
):
    """Callback: decompose the change between two account years and draw :func:`charts_life.plot_waterfall`."""
    from ..charts import life as charts_life

    def build():
        before, after = change_situations(
            monthly_salary_before,
            monthly_salary_after,
            age_before,
            year_before,
            year_after,
            spending_before=spending_before,
            spending_after=spending_after,
            opening_balance_before=opening_balance_before,
            opening_balance_after=opening_balance_after,
            region=region,
        )
        return change_example(before, after)

    def chart(ex):
        title = "余额变化拆解：每个因素各变了多少（元/年）"
        return charts_life.plot_waterfall(ex.table, title=title, region=region, on=ex.after["year"])

    return _show(build, change_summary, chart, draw)


def first_data_year(region: str = "national") -> int:
    """The first calendar year whose 1 July has the wage data behind a contribution base (for slider ranges)."""
    rows = tables()
    rows = rows[(rows["parameter"] == "wage.avg_annual_prev_year") & rows["region"].isin([region, "national"])]
    first = _dt.date.fromisoformat(rows["effective_from"].min())
    return first.year if first <= _dt.date(first.year, 7, 1) else first.year + 1


def change_explorer(
    *,
    region: str = "national",
    monthly_salary_before: float = 8000,
    monthly_salary_after: float = 9000,
    age_before: int = 44,
    year_before: int = 2020,
    year_after: int | None = None,
    spending_before: float = 1000,
    spending_after: float = 4000,
    opening_balance_before: float = 5000,
    opening_balance_after: float = 8000,
):
    """Sliders for the two years (salary, age, years, spending, opening balance) → waterfall chart."""
    newest = data_as_of().year
    lo = first_data_year(region)
    controls = {
        "monthly_salary_before": _money(monthly_salary_before, "以前月工资（元）"),
        "monthly_salary_after": _money(monthly_salary_after, "现在月工资（元）"),
        "age_before": slider(age_before, 16, 100, "以前年龄（岁）"),
        "region": region_dropdown(region),
        "year_before": slider(year_before, lo, newest, "以前年份（年）"),
        "year_after": slider(newest if year_after is None else year_after, lo, newest, "现在年份（年）"),
        "spending_before": _money(spending_before, "以前年支出（元/年）", hi=20000, step=100),
        "spending_after": _money(spending_after, "现在年支出（元/年）", hi=20000, step=100),
        "opening_balance_before": _money(opening_balance_before, "以前年初余额（元）"),
        "opening_balance_after": _money(opening_balance_after, "现在年初余额（元）"),
    }
    rows = [
        ["monthly_salary_before", "monthly_salary_after"],
        ["age_before", "region"],
        ["year_before", "year_after"],
        ["spending_before", "spending_after"],
        ["opening_balance_before", "opening_balance_after"],
    ]
    return explorer(render_change, controls, rows)


# =========================================================================== 06 flexible employment and gaps


def available_tiers(region: str = "national", year: int | None = None) -> tuple:
    """The employee tiers a region has in a year: (1,) plus 2 and 3 where the data have them (深圳)."""
    pol = account.policy_for_year(region, data_as_of().year if year is None else year)
    return (1,) + tuple(t for t in (2, 3) if pol.has("employee.tier_base", f"tier={t}"))


@dataclass
class FlexibleExample:
    """Flexible employment at one base ratio next to resident insurance, and the cost over all base ratios."""

    compare: pd.DataFrame  # flexible.compare_with_resident
    by_base: pd.DataFrame  # flexible.flexible_cost over the grid of ratios
    base_ratio: float
    year: int
    notes: list = field(default_factory=list)

    @property
    def sources(self) -> pd.DataFrame:
        return _merge(self.compare.attrs["sources"], self.by_base.attrs["sources"])


def base_grid(region: str = "national", year: int | None = None, step: float = 0.05) -> np.ndarray:
    """Base ratios from the data's floor to its ceiling ratio, every ``step`` (for charts and sliders)."""
    lo, hi, _ = flexible.base_range(region=region, year=year)
    n = int(round((hi - lo) / step)) + 1
    return np.round(np.linspace(lo, hi, n), 4)


def flexible_example(base_ratio, *, region: str = "national", year: int | None = None, age=40) -> FlexibleExample:
    """:func:`flexible.compare_with_resident` (every tier the region has) and :func:`flexible.flexible_cost` over
    the ratio grid; a year whose data are incomplete for the region moves to the latest earlier year that has them."""
    check_region(region)
    asked = data_as_of().year if year is None else year
    y = asked
    notes = []
    while True:
        try:
            tiers = available_tiers(region, y)
            compare = flexible.compare_with_resident(base_ratio, tiers=tiers, region=region, year=y, age=age)
            by_base = flexible.flexible_cost(base_grid(region, y), region=region, year=y, age=age)
            break
        except YibaoInputError as exc:
            if exc.param != "on" or not isinstance(y, (int, np.integer)) or y <= first_data_year(region):
                raise
            y -= 1
    if y != asked:
        notes.append(f"{region_name(region)} {asked} 年缺少参数数据（如居民医保个人缴费标准），本节改用 {y} 年的数据。")
    return FlexibleExample(compare, by_base, float(base_ratio), int(y), notes)


def flexible_summary(ex: FlexibleExample) -> str:
    c = ex.compare.set_index("option")
    t1, res = c.loc["tier1"], c.loc["resident"]
    text = (
        f"{ex.year} 年，按 {ex.base_ratio:.0%} 基数（{t1['base']:,.2f} 元/月）参加职工医保：每年缴 {t1['cost']:,.2f} 元，"
        f"其中进个人账户 {t1['to_account']:,.2f} 元、进统筹 {t1['to_pool']:,.2f} 元；"
        f"城乡居民医保个人每年缴 {res['cost']:,.2f} 元，没有个人账户。"
    )
    for opt in ("tier2", "tier3"):
        if opt in c.index:
            text += f"{c.loc[opt, '选项'].split('（')[0]}每年 {c.loc[opt, 'cost']:,.2f} 元，进个人账户 {c.loc[opt, 'to_account']:,.2f} 元。"
    return text


def render_flexible(base_percent, age=40, region: str = "national", *, year: int | None = None, draw: bool = True):
    """Callback: a flexible worker at ``base_percent`` % of the average wage vs resident insurance
    (:func:`charts_family.plot_flexible_vs_resident`)."""
    from ..charts import family as charts_family

    def build():
        if isinstance(base_percent, bool) or not isinstance(base_percent, (int, float, np.integer, np.floating)):
            raise YibaoInputError(
                "base_percent",
                base_percent,
                "应为数字（缴费基数占平均工资的百分数，如 60）",
                "must be a number (the base as a percentage of the average wage, e.g. 60)",
            )
        return flexible_example(base_percent / 100, region=region, year=year, age=age)

    return _show(build, flexible_summary, lambda ex: charts_family.plot_flexible_vs_resident(ex.compare), draw)


def flexible_explorer(*, region: str = "national", base_percent: int = 60, age: int = 40, year: int | None = None):
    """A base-percentage slider (the data's floor to ceiling), age and region → flexible vs resident chart."""
    import functools

    lo, hi, _ = flexible.base_range(region=region, year=year)
    controls = {
        "base_percent": slider(round(base_percent), round(lo * 100), round(hi * 100), "缴费基数（% 平均工资）", step=5),
        "age": slider(age, 16, 100, "年龄（岁）"),
        "region": region_dropdown(region),
    }
    return explorer(functools.partial(render_flexible, year=year), controls, [["base_percent", "age"], ["region"]])


@dataclass
class GapExample:
    """After a gap: when each scheme's benefits restart, and the personal account during the gap."""

    employee: gaps.Restart
    resident: gaps.Restart
    account: pd.DataFrame  # gaps.account_during_gap
    gap_years: list
    notes: list = field(default_factory=list)

    @property
    def sources(self) -> pd.DataFrame:
        return _merge(self.employee.sources, self.resident.sources, self.account.attrs["sources"])


def gap_example(
    *,
    gap_months=0,
    gap_years=0,
    made_up_years=0,
    monthly_salary,
    age,
    opening_balance=0.0,
    region: str = "national",
    employment: str = "flexible",
    made_up: bool = True,
    paid_on=None,
    start_year: int | None = None,
) -> GapExample:
    """Restart dates (:func:`gaps.restart_date`, employee after ``gap_months``, resident after ``gap_years``)
    and :func:`gaps.account_during_gap` for ``gap_years`` calendar years starting the year after
    ``start_year`` (None = newest data), drawn over one year before and two after (up to age 100).
    If a year of that projection lacks the region's data, the projection starts in the newest data
    year instead (with a note)."""
    employee = gaps.restart_date(
        "employee", paid_on, region=region, gap_months=gap_months, made_up=made_up, employment=employment
    )
    resident = gaps.restart_date("resident", paid_on, region=region, gap_years=gap_years, made_up_years=made_up_years)
    g = int(gap_years)
    first = data_as_of().year if start_year is None else start_year
    age_ok = checks.as_array("age", age, lo=checks.AGE_MIN, hi=checks.AGE_MAX, unit_zh="岁", unit_en="years of age")[0]
    years = int(min(g + 3, checks.AGE_MAX - age_ok + 1))
    gap_list = [first + 1 + i for i in range(g) if 1 + i < years]
    notes = []
    if len(gap_list) < g:
        notes.append(f"年龄所限，账户只算到 {checks.AGE_MAX} 岁：断缴的 {g} 年中只画出 {len(gap_list)} 年。")
    try:
        df = gaps.account_during_gap(
            monthly_salary,
            age,
            years,
            gap_years=gap_list,
            region=region,
            start_year=first,
            opening_balance=opening_balance,
        )
    except YibaoInputError as exc:
        newest = data_as_of().year
        if exc.param != "start_year" or first >= newest:
            raise
        # a year inside the projection lacks data for the region (e.g. 上海 2025-07 – 2026-06 bases):
        # draw the same gap from the newest data year instead, and say so
        notes.append(
            f"{region_name(region)} {first}–{first + years - 1} 年间缺少参数数据（如缴费基数上下限），"
            f"个人账户一节改从 {newest} 年算起。"
        )
        gap_list = [y - first + newest for y in gap_list]
        df = gaps.account_during_gap(
            monthly_salary,
            age,
            years,
            gap_years=gap_list,
            region=region,
            start_year=newest,
            opening_balance=opening_balance,
        )
    return GapExample(employee, resident, df, gap_list, notes)


def gap_summary(ex: GapExample) -> str:
    df = ex.account
    gap = df[df["in_gap"]]
    text = f"职工医保：{ex.employee.summary_zh}居民医保：{ex.resident.summary_zh}"
    if len(gap):
        text += (
            f"个人账户：断缴 {len(gap)} 年少划入 {gap['credit_lost'].sum():,.2f} 元，其间利息 {gap['interest'].sum():,.2f} 元照常计入；"
            f"{int(df['year'].iloc[-1])} 年末余额 {df['balance'].iloc[-1]:,.2f} 元"
            f"（不断缴为 {df['balance_without_gap'].iloc[-1]:,.2f} 元）。"
        )
    else:
        text += f"个人账户：没有断缴年份，{int(df['year'].iloc[-1])} 年末余额 {df['balance'].iloc[-1]:,.2f} 元。"
    return text


def render_gap(
    gap_months,
    gap_years,
    made_up_years,
    monthly_salary,
    age,
    opening_balance=0.0,
    region: str = "national",
    *,
    employment: str = "flexible",
    made_up: bool = True,
    paid_on=None,
    draw: bool = True,
):
    """Callback: restart dates after a gap and the account during it (:func:`charts_life.plot_gap_account`)."""
    from ..charts import life as charts_life

    def build():
        return gap_example(
            gap_months=gap_months,
            gap_years=gap_years,
            made_up_years=made_up_years,
            monthly_salary=monthly_salary,
            age=age,
            opening_balance=opening_balance,
            region=region,
            employment=employment,
            made_up=made_up,
            paid_on=paid_on,
        )

    return _show(build, gap_summary, lambda ex: charts_life.plot_gap_account(ex.account), draw)


def gap_explorer(
    *,
    region: str = "national",
    gap_months: int = 5,
    gap_years: int = 2,
    made_up_years: int = 0,
    monthly_salary: float = 6500,
    age: int = 40,
    opening_balance: float = 3000,
    employment: str = "flexible",
    paid_on=None,
):
    """Sliders for months of gap (employee), years of gap and years made up (resident, account), salary,
    age and balance; employment and region dropdowns → account-during-gap chart and restart dates."""
    import functools

    import ipywidgets as w

    controls = {
        "gap_months": slider(gap_months, 0, 36, "职工医保中断（月）"),
        "gap_years": slider(gap_years, 0, 10, "断保/断缴（年）"),
        "made_up_years": slider(made_up_years, 0, 10, "居民医保补缴（年）"),
        "monthly_salary": _money(monthly_salary, "缴费基数（元/月）"),
        "age": slider(age, 16, 100, "年龄（岁）"),
        "opening_balance": _money(opening_balance, "年初账户余额（元）"),
        "employment": w.Dropdown(
            options=[("灵活就业", "flexible"), ("单位参保", "unit")],
            value=employment,
            description="参保方式",
            style=STYLE,
        ),
        "region": region_dropdown(region),
    }
    rows = [
        ["gap_months", "gap_years"],
        ["made_up_years", "monthly_salary"],
        ["age", "opening_balance"],
        ["employment", "region"],
    ]
    return explorer(functools.partial(render_gap, paid_on=paid_on), controls, rows)


# =========================================================================== small read-outs for the notebooks' texts


def values_of(sources: pd.DataFrame) -> dict:
    """``{parameter: value}`` of a sources frame (qualified names keep their ``[qualifier]``), to quote rules in text."""
    if sources is None or not len(sources):
        return {}
    return dict(zip(sources["parameter"], sources["value"]))


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

    One row per relation, one column per date; cells ``不可以``, ``省内可以`` or ``省内、跨省都可以``
    (across provinces with the family-aid relationship set up when ``bound``).
    """
    data = {}
    for _, d in rule_dates(region):
        cells = []
        for code in family.RELATIONS:
            inside = family.may_use(code, d, region=region)
            across = family.may_use(code, d, cross_province=True, bound=bound, region=region)
            cells.append(
                "省内、跨省都可以"
                if inside and across
                else "省内可以"
                if inside
                else "仅跨省可以"
                if across
                else "不可以"
            )
        data[d.isoformat()] = cells
    out = pd.DataFrame(data, index=[family.RELATION_ZH[c] for c in family.RELATIONS])
    out.index.name = "关系 \\ 日期"
    return out


def flexible_trace(ex: FlexibleExample) -> pd.DataFrame:
    """How each yuan of the flexible worker's tier-1 year was computed (步骤, 规则, 金额（元）, 来源)."""
    from ...rules import contribution

    pol = account.policy_for_year(ex.compare.attrs["region"], ex.year)
    lo, hi, avg = flexible.base_range(region=ex.compare.attrs["region"], year=ex.year)
    r = ex.compare.set_index("option").loc["tier1"]
    flows = contribution.employee_flows(
        round(ex.base_ratio * avg, 2), region=ex.compare.attrs["region"], year=ex.year
    ).iloc[0]
    emp_rate, ind_rate = float(pol["employee.employer_rate"]), float(pol["employee.individual_rate"])
    steps = [
        (
            "缴费基数（月）",
            f"上年月平均工资 {avg:,.2f} × {ex.base_ratio:.0%}（可选 {lo:.0%}–{hi:.0%}），再限定在当地基数上下限之间",
            r["base"],
            pol.source("employee.base_floor_ratio"),
        ),
        (
            "单位部分（灵活就业自己缴）",
            f"基数 × {emp_rate:.1%} × 12 个月",
            round(12 * round(r["base"] * emp_rate, 2), 2),
            pol.source("employee.employer_rate"),
        ),
        (
            "个人部分",
            f"基数 × {ind_rate:.1%} × 12 个月",
            round(12 * round(r["base"] * ind_rate, 2), 2),
            pol.source("employee.individual_rate"),
        ),
    ]
    if r["to_other"]:
        steps.append(("大额互助 / 地方补充", "按当地规定另缴，进其他基金", r["to_other"], "见规则表"))
    steps += [
        ("全年缴费合计", "以上各项之和", r["cost"], ""),
        (
            "其中划入个人账户",
            "改革后只划入个人缴费部分（每月划入 × 12）",
            r["to_account"],
            pol.source("account.post.individual_credit_rate")
            if flows["regime"] == "post_2021"
            else pol.source("account.pre.individual_credit_rate"),
        ),
        ("其中进统筹基金", "其余部分（用于全体参保人的报销）", r["to_pool"], pol.source("employee.employer_rate")),
    ]
    return pd.DataFrame(steps, columns=["步骤", "规则", "金额（元）", "来源"])


def employee_gap_regions() -> list:
    """Region codes with their own employee gap rules in ``data/gaps.csv`` (plus ``national``), in data order."""
    rows = tables()
    rows = rows[rows["parameter"].str.startswith("gap.employee.")]
    return list(dict.fromkeys(["national"] + list(rows["region"])))
