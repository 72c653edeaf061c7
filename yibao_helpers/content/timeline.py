"""The policy timeline, built from the parameter tables: when each rule started or changed.

* :func:`timeline_events` builds the dated rule changes **from the parameter tables**: each
  ``effective_from`` where a parameter appears or changes value (grouped per region, parameter and
  date), plus the dates that date-valued rows announce (e.g. ``retirement.reform_start`` =
  2025-01-01, decided on 2024-09-13). Statistical bases (average wage, disposable income) are
  left out unless asked for. Nothing is typed by hand: a new dated row in a table is a new point.
* :func:`rules_in_force` ``(year, region)`` → the parameters in force on 1 July of ``year``;
  :func:`changes_between` compares two years; :func:`parameter_history` gives one parameter's
  values over time.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

from ..core import checks
from ..core.dates import as_date
from ..core.errors import YibaoInputError
from ..params import CONFIDENCE, check_data_dir, check_region, data_as_of, load_policy, tables
from ..params.catalogue import categories, category_of, label_of, qualifier_zh, statistics
from ..params.text import band_zh, value_text

KINDS = {"new": "新规则（或数据起点）", "change": "数值改变", "scheduled": "定于此日实施", "same": "沿用"}
MILESTONES = {
    ("account.pre.individual_credit_rate", "new"): "统账结合，建立个人账户",
    ("account.reform_date", "scheduled"): "门诊共济改革",
    ("family.relation", "change"): "共济扩至近亲属",
    ("gap.resident.fixed_waiting_months", "new"): "居民断保设等待期",
    ("retirement.reform_start", "scheduled"): "延迟退休实施",
    ("family.cross_province", "new"): "跨省共济",
    ("pension.min_years_step_from", "scheduled"): "养老最低年限开始提高",
    ("maternity.merged_with_medical_since", "new"): "生育保险并入医保",
    ("pension.basic_rate_per_year", "new"): "养老金新计发办法",
}
_CONF_RANK = {"illustrative": 0, "secondary": 1, "official": 2}


def _norm(value: str, unit: str):
    return value if unit == "date" else float(value)


def timeline_events(
    data_dir=None, *, include_statistics: bool = False, include_unchanged: bool = False
) -> pd.DataFrame:
    """Dated rule changes built from the parameter tables in ``data_dir`` (default ``data/``).

    One event per region, parameter and ``effective_from`` where the parameter first appears
    (``new``: a new rule, or the start of the data) or takes another value (``change``); rows that
    repeat the previous value are dropped (``include_unchanged=True`` keeps them as ``same``).
    Date-valued rows announcing a later date (``retirement.reform_start`` = 2025-01-01, decided
    2024-09-13) add a ``scheduled`` event on that date. Average wage and disposable income are
    statistics, not rules: left out unless ``include_statistics=True``.

    Columns: ``date`` (ISO), ``year``, ``region``, ``category``, ``category_zh``, ``parameter``,
    ``label_zh``, ``kind``, ``kind_zh``, ``value_text``, ``rows``, ``source``, ``confidence``,
    ``file``, ``line``, ``milestone`` (a short text for the national milestones, else '').
    ``attrs['sources']`` (source, confidence, effective_from) and ``attrs['as_of']`` are set for charts.
    """
    data_dir = check_data_dir(data_dir)
    include_statistics = checks.as_flag("include_statistics", include_statistics)
    include_unchanged = checks.as_flag("include_unchanged", include_unchanged)
    return _events(data_dir, include_statistics, include_unchanged).copy()  # a copy: callers may change theirs


@functools.cache  # per data version: store.clear_caches() forgets it when a user's file changes the data
def _events(data_dir, include_statistics: bool, include_unchanged: bool) -> pd.DataFrame:
    t = tables(data_dir)
    t["category"] = t["parameter"].map(category_of)
    if not include_statistics:
        t = t[~t["category"].isin(statistics())]
    t = t.assign(
        band_lo=t["age_from"].fillna(-1.0),
        band_hi=t["age_to"].fillna(-1.0),
        norm=[_norm(v, u) for v, u in zip(t["value"], t["unit"])],
    )
    keys = ["region", "parameter", "qualifier", "band_lo", "band_hi"]
    t = t.sort_values(keys + ["start"], kind="stable").reset_index(drop=True)
    prev_norm = t.groupby(keys, sort=False)["norm"].shift()
    prev_value = t.groupby(keys, sort=False)["value"].shift()
    t["kind"] = np.where(prev_norm.isna(), "new", np.where(t["norm"] != prev_norm, "change", "same"))
    t["previous"] = prev_value
    events = []
    for (region, parameter, start), g in t.groupby(["region", "parameter", "effective_from"], sort=False):
        kinds = set(g["kind"])
        kind = "change" if "change" in kinds else ("new" if "new" in kinds else "same")
        if kind == "same" and not include_unchanged:
            continue
        g = g.sort_values("line", kind="stable")
        first = g.iloc[0]
        if len(g) == 1:
            text = value_text(first["value"], first["unit"], parameter)
            if first["kind"] == "change" and first["unit"] != "date":
                text += f"（此前 {value_text(first['previous'], first['unit'], parameter)}）"
            qual = qualifier_zh(first["qualifier"]) or band_zh(first["age_from"], first["age_to"])
            if qual:
                text = f"{qual}：{text}"
        elif g["qualifier"].ne("").any() and (g["unit"] == "date").all():
            names = [qualifier_zh(q) for q in g["qualifier"]]
            text = f"{len(g)} 项：" + "、".join(names)
        elif g["qualifier"].ne("").any():
            parts = [
                f"{qualifier_zh(q) or band_zh(lo, hi)} {value_text(v, u, parameter)}"
                for q, lo, hi, v, u in zip(g["qualifier"], g["age_from"], g["age_to"], g["value"], g["unit"])
            ]
            text = "；".join(parts[:4]) + (f" 等 {len(g)} 项" if len(parts) > 4 else "")
        else:
            vals = [value_text(v, u, parameter) for v, u in zip(g["value"], g["unit"])]
            text = f"{len(g)} 个年龄段：{vals[0]} … {vals[-1]}"
        conf = min(g["confidence"], key=_CONF_RANK.get)
        base = {
            "region": region,
            "category": first["category"],
            "category_zh": categories().get(first["category"], first["category"]),
            "parameter": parameter,
            "label_zh": label_of(parameter),
            "rows": len(g),
            "source": first["source"],
            "confidence": conf,
            "file": first["file"],
            "line": int(first["line"]),
        }
        events.append({"date": start, "kind": kind, "value_text": text, **base})
        if (g["unit"] == "date").all():
            for day in sorted(set(g["value"])):
                if day > start:
                    events.append(
                        {
                            "date": day,
                            "kind": "scheduled",
                            "value_text": f"{day} 起实施（{start} 决定）",
                            **base,
                        }
                    )
    cols = [
        "date",
        "year",
        "region",
        "category",
        "category_zh",
        "parameter",
        "label_zh",
        "kind",
        "kind_zh",
        "value_text",
        "rows",
        "source",
        "confidence",
        "file",
        "line",
        "milestone",
    ]
    if not events:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(events)
    out["year"] = out["date"].str[:4].astype(int)
    out["kind_zh"] = out["kind"].map(KINDS)
    out["milestone"] = [
        MILESTONES.get((p, k), "") if r == "national" else ""
        for p, k, r in zip(out["parameter"], out["kind"], out["region"])
    ]
    order = {c: i for i, c in enumerate(categories())}
    out = out.assign(_r=(out["region"] != "national").astype(int), _c=out["category"].map(order).fillna(99))
    out = out.sort_values(["date", "_r", "region", "_c", "parameter", "kind"], kind="stable").drop(columns=["_r", "_c"])
    out = out[cols].reset_index(drop=True)
    out.attrs["sources"] = pd.DataFrame(
        {"source": out["source"], "confidence": out["confidence"], "effective_from": out["date"]}
    )
    out.attrs["as_of"] = data_as_of(check_data_dir(data_dir)).isoformat()
    return out


def _check_events(events, columns=("region",)) -> None:
    if not isinstance(events, pd.DataFrame) or not set(columns) <= set(events.columns):
        raise YibaoInputError(
            "events",
            f"columns {list(events.columns)}" if isinstance(events, pd.DataFrame) else events,
            "应为 timeline_events() 的结果",
            "must be a result of timeline_events()",
        )


def events_for(events: pd.DataFrame, region: str = "national") -> pd.DataFrame:
    """National events plus the region's own events (what shapes the rules a region applies)."""
    _check_events(events)
    if not isinstance(region, str) or region not in set(events["region"]):
        check_region(region)  # a region without events of its own is fine; an unknown one is not
    keep = events["region"].isin({"national", region})
    out = events[keep].reset_index(drop=True)
    out.attrs.update(events.attrs)
    out.attrs["sources"] = pd.DataFrame(
        {"source": out["source"], "confidence": out["confidence"], "effective_from": out["date"]}
    )
    return out


def rules_in_force(year, region: str = "national", *, data_dir=None, include_statistics: bool = False) -> pd.DataFrame:
    """The rules (parameters) in force in ``region`` on 1 July of ``year`` (or on a date), one row per value.

    National rules the region does not override are included (``region`` column = ``national``).
    Columns: ``category``, ``category_zh``, ``parameter``, ``label_zh``, ``qualifier``, ``detail``
    (qualifier or age band in Chinese), ``value_text``, ``effective_from``, ``effective_to``,
    ``region``, ``source``, ``confidence``. Raises :class:`~yibao_helpers.errors.YibaoInputError`
    for a year before any data of the region.
    """
    on = as_date(year, "year")
    include_statistics = checks.as_flag("include_statistics", include_statistics)
    pol = load_policy(region, on, data_dir=check_data_dir(data_dir))
    rows = []
    for name, qualifier in pol.names():
        cat = category_of(name)
        if cat in statistics() and not include_statistics:
            continue
        for r in pol.rows(name, qualifier):
            rows.append(
                {
                    "category": cat,
                    "category_zh": categories().get(cat, cat),
                    "parameter": name,
                    "label_zh": label_of(name),
                    "qualifier": qualifier,
                    "detail": qualifier_zh(qualifier)
                    or band_zh(
                        r.age_from if r.age_from is not None else math.nan,
                        r.age_to if r.age_to is not None else math.nan,
                    ),
                    "value_text": value_text(r.value if r.unit != "date" else r.value.isoformat(), r.unit, name),
                    "effective_from": r.effective_from.isoformat(),
                    "effective_to": r.effective_to.isoformat() if r.effective_to else "",
                    "region": r.region,
                    "source": r.source,
                    "confidence": r.confidence,
                }
            )
    out = pd.DataFrame(
        rows,
        columns=[
            "category",
            "category_zh",
            "parameter",
            "label_zh",
            "qualifier",
            "detail",
            "value_text",
            "effective_from",
            "effective_to",
            "region",
            "source",
            "confidence",
        ],
    )
    order = {c: i for i, c in enumerate(categories())}
    out = (
        out.assign(_c=out["category"].map(order).fillna(99))
        .sort_values(["_c", "parameter", "qualifier"], kind="stable")
        .drop(columns="_c")
        .reset_index(drop=True)
    )
    out.attrs["on"] = pol.on.isoformat()
    out.attrs["region"] = region
    return out


def rules_display(rules: pd.DataFrame) -> pd.DataFrame:
    """:func:`rules_in_force` with Chinese headers, for a notebook."""
    return pd.DataFrame(
        {
            "类别": rules["category_zh"],
            "规则": rules["label_zh"],
            "细分": rules["detail"],
            "数值": rules["value_text"],
            "生效": rules["effective_from"],
            "地区": rules["region"],
            "来源": rules["source"],
            "可信度": rules["confidence"].map(CONFIDENCE),
        }
    )


def rules_count(year, region: str = "national", *, data_dir=None) -> pd.DataFrame:
    """How many rule values are in force per category on 1 July of ``year``: ``category_zh, count``."""
    rules = rules_in_force(year, region, data_dir=data_dir)
    counts = rules.groupby("category_zh", sort=False).size()
    return pd.DataFrame({"类别": counts.index, "条数": counts.to_numpy()})


def changes_between(year_a, year_b, region: str = "national", *, data_dir=None) -> pd.DataFrame:
    """Rules that differ between 1 July of ``year_a`` and of ``year_b``: added, removed or changed values.

    Columns: 类别, 规则, 细分, ``year_a`` 的值, ``year_b`` 的值, 变化, 来源 (of the newer row).
    """
    a = rules_in_force(as_date(year_a, "year_a"), region, data_dir=data_dir)
    b = rules_in_force(as_date(year_b, "year_b"), region, data_dir=data_dir)
    key = ["category_zh", "label_zh", "parameter", "qualifier", "detail"]
    m = a.merge(b, on=key, how="outer", suffixes=("_a", "_b"), indicator=True)
    m = m[(m["_merge"] != "both") | (m["value_text_a"] != m["value_text_b"])]
    status = m["_merge"].map({"left_only": "取消或到期", "right_only": "新增", "both": "改变"})
    ya, yb = a.attrs["on"][:4], b.attrs["on"][:4]
    out = pd.DataFrame(
        {
            "类别": m["category_zh"],
            "规则": m["label_zh"],
            "细分": m["detail"],
            f"{ya}年": m["value_text_a"].fillna("—"),
            f"{yb}年": m["value_text_b"].fillna("—"),
            "变化": status,
            "来源": m["source_b"].fillna(m["source_a"]),
        }
    )
    order = {c: i for i, c in enumerate(dict.fromkeys(categories().values()))}
    out = out.assign(_c=out["类别"].map(order)).sort_values(["_c", "规则", "细分"], kind="stable").drop(columns="_c")
    return out.reset_index(drop=True)


def parameter_history(parameter: str, region: str = "national", qualifier: str = "", *, data_dir=None) -> pd.DataFrame:
    """Every dated value of one parameter in one region: ``effective_from, effective_to, year, value, unit,
    source, confidence`` (numbers as floats). ``attrs['sources']`` for a chart footnote."""
    data_dir = check_data_dir(data_dir)
    check_region(region, data_dir)
    for name, value in (("parameter", parameter), ("qualifier", qualifier)):
        if not isinstance(value, str):
            raise YibaoInputError(
                name,
                value,
                "应为文字（如 employee.individual_rate、level=3）",
                "must be text (e.g. employee.individual_rate, level=3)",
            )
    t = tables(data_dir)
    g = t[(t["parameter"] == parameter) & (t["region"] == region) & (t["qualifier"] == qualifier)]
    if not len(g):
        raise YibaoInputError(
            "parameter", parameter, f"地区 {region} 没有该参数的数据", f"region {region} has no data for this parameter"
        )
    g = g.sort_values("start")
    out = pd.DataFrame(
        {
            "effective_from": g["effective_from"],
            "effective_to": g["effective_to"],
            "year": g["effective_from"].str[:4].astype(int),
            "value": [float(v) if u != "date" else np.nan for v, u in zip(g["value"], g["unit"])],
            "unit": g["unit"],
            "source": g["source"],
            "confidence": g["confidence"],
        }
    ).reset_index(drop=True)
    out.attrs["sources"] = out[["source", "confidence", "effective_from"]].copy()
    out.attrs["parameter"] = parameter
    out.attrs["label_zh"] = label_of(parameter)
    return out


def milestones(events: pd.DataFrame) -> pd.DataFrame:
    """The national milestones among ``events`` (rows with a ``milestone`` text), numbered 1… in date order."""
    _check_events(events, ("milestone", "date"))
    ms = events[events["milestone"] != ""].sort_values("date", kind="stable").reset_index(drop=True)
    return ms.assign(number=np.arange(1, len(ms) + 1))
