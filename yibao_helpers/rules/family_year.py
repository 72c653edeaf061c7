"""One year of a family using the worker's personal account (家庭共济): who is paid, in which order, and what is left.

:func:`simulate_family_year` takes the worker's own spending and each relative's bills and premiums,
applies the rules in force (:func:`yibao_helpers.rules.family.rule`) and returns what the account paid
for whom, what was paid in cash and the balance at year end.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core import checks
from ..core.errors import YibaoInputError
from ..params import Policy, check_region, policy_or_none, sources_frame
from ..params.text import doc_head
from .account import MEAN_HOLDING_YEARS
from .family import (
    DEFAULT_ORDER,
    ITEM_RULE,
    ITEM_ZH,
    ORDER_CHOICES,
    RELATION_ZH,
    RELATIONS,
    RELATIVE_KEYS,
    STANDARD_PREMIUM,
    FamilyRule,
    first_date_after,
    relation_code,
    row_or_none,
    rule,
    rule_date,
)


@dataclass
class FamilyYear:
    """Result of :func:`simulate_family_year`.

    ``items``: one row per payment (and scenario), in priority order: ``priority, who, relation,
    relation_zh, item, item_zh, amount, allowed, from_account, cash, reason``.
    ``summary``: one row per scenario: ``opening_balance, credit, available, paid_from_account, cash,
    interest, year_end_balance``. ``sources``: the data rows used.
    """

    items: pd.DataFrame
    summary: pd.DataFrame
    sources: pd.DataFrame
    order: tuple
    on: _dt.date
    vector: bool

    @property
    def year_end_balance(self):
        values = self.summary["year_end_balance"].to_numpy()
        return values if self.vector else float(values[0])

    def per_person(self) -> pd.DataFrame:
        """Totals per person (the holder and each relative): amount, from_account, cash."""
        keys = (["scenario"] if self.vector else []) + ["who"]
        grouped = self.items.groupby(keys, sort=False)[["amount", "from_account", "cash"]].sum().round(2)
        return grouped.reset_index()


def _money(name: str, value) -> np.ndarray:
    """A money amount (scalar or 1-D array, ≥ 0) as whole fen (int64)."""
    arr = checks.as_array(name, value, lo=0, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan")
    return np.round(arr * 100).astype(np.int64)


def _relatives_list(relatives) -> list[dict]:
    if relatives is None:
        return []
    if isinstance(relatives, pd.DataFrame):  # a blank cell (NaN/None) means "not given"
        return [
            {k: v for k, v in rec.items() if not (v is None or (isinstance(v, float) and np.isnan(v)))}
            for rec in relatives.to_dict("records")
        ]
    if isinstance(relatives, dict):
        return [relatives]
    if isinstance(relatives, (list, tuple)):
        for i, r in enumerate(relatives):
            if not isinstance(r, dict):
                raise YibaoInputError(
                    f"relatives[{i}]",
                    r,
                    "每位亲属应为一个字典，如 {'relation': '父母', 'medical': 3000}",
                    "each relative must be a dict such as {'relation': 'parent', 'medical': 3000}",
                )
        return list(relatives)
    raise YibaoInputError(
        "relatives",
        relatives,
        "应为字典列表或 DataFrame（列：relation, medical, premium, …）",
        "must be a list of dicts or a DataFrame (columns relation, medical, premium, …)",
    )


def _order(order) -> tuple:
    if isinstance(order, str) or not isinstance(order, (list, tuple)):
        raise YibaoInputError(
            "order", order, f"应为 {list(ORDER_CHOICES)} 的一个排列", f"must be a permutation of {list(ORDER_CHOICES)}"
        )
    codes = tuple(checks.choice("order", o, ORDER_CHOICES) for o in order)
    if sorted(codes) != sorted(ORDER_CHOICES):
        raise YibaoInputError(
            "order",
            order,
            f"应为 {list(ORDER_CHOICES)} 的一个排列（每项恰好一次）",
            f"must be a permutation of {list(ORDER_CHOICES)} (each exactly once)",
        )
    return codes


def simulate_family_year(
    balance,
    yearly_credit,
    relatives=(),
    *,
    on,
    order=DEFAULT_ORDER,
    worker_costs=0.0,
    region: str = "national",
    interest: bool = True,
) -> FamilyYear:
    """One year of a worker's personal account paying for the worker and relatives.

    Parameters
    ----------
    balance : opening balance (元), a number or a 1-D array of scenarios
    yearly_credit : the year's credit to the account (元/年), number or array (e.g. from
        :func:`yibao_helpers.account.project_balance`)
    relatives : list of dicts (or a DataFrame) with ``relation`` (required), ``medical`` (self-paid
        medical and pharmacy costs, 元/年), ``premium`` (resident-insurance individual contribution,
        元/年; ``"standard"``/``"标准"`` = the national standard in ``data/contribution.csv``),
        ``ltc_premium`` (long-term-care contribution), ``cross_province`` (bool), ``bound`` (bool),
        ``name``; money values may be numbers or arrays of scenarios
    on : date whose rules apply (date, ISO string or year)
    order : priority of ``"worker"``, ``"premium"``, ``"medical"`` (default worker, premium, medical)
    worker_costs : the holder's own self-paid costs (元/年), number or array
    region : region code
    interest : post interest on 31 December (国发〔1998〕44号 rates from ``data/account.csv``)

    Returns
    -------
    :class:`FamilyYear` (``items``, ``summary``, ``per_person()``, ``year_end_balance``, ``sources``).
    """
    check_region(region)
    date = rule_date(on)
    prio = _order(order)
    interest = checks.as_flag("interest", interest)
    pol = policy_or_none(region, date)
    opening = _money("balance", balance)
    credit = _money("yearly_credit", yearly_credit)
    worker = _money("worker_costs", worker_costs)
    vector = any(np.ndim(v) > 0 for v in (balance, yearly_credit, worker_costs))
    used_rows = []

    people = []
    for i, rel in enumerate(_relatives_list(relatives)):
        unknown = set(rel) - RELATIVE_KEYS
        if unknown:
            key = sorted(unknown)[0]
            raise YibaoInputError(
                f"relatives[{i}].{key}",
                rel[key],
                f"未知字段；可用字段：{sorted(RELATIVE_KEYS)}",
                f"unknown field; allowed fields: {sorted(RELATIVE_KEYS)}",
            )
        if "relation" not in rel:
            raise YibaoInputError(
                f"relatives[{i}].relation",
                None,
                f"必须给出关系：{list(RELATIONS)}",
                f"a relation is required: {list(RELATIONS)}",
            )
        try:
            code = relation_code(rel["relation"])
        except YibaoInputError as exc:
            raise YibaoInputError(f"relatives[{i}].relation", rel["relation"], exc.allowed_zh, exc.allowed_en) from None
        cross = checks.as_flag(f"relatives[{i}].cross_province", rel.get("cross_province", False))
        bound_ = checks.as_flag(f"relatives[{i}].bound", rel.get("bound", True))
        premium = rel.get("premium", 0.0)
        if isinstance(premium, str) and premium in STANDARD_PREMIUM:
            row = row_or_none(pol, "resident.individual_contribution")
            if row is None:
                raise YibaoInputError(
                    f"relatives[{i}].premium",
                    premium,
                    f"{date.isoformat()} 没有居民医保个人缴费标准数据",
                    f"no resident contribution standard in the data on {date.isoformat()}",
                )
            used_rows.append(row)
            premium = float(row.value)
        vector |= any(np.ndim(v) > 0 for v in (rel.get("medical", 0.0), premium, rel.get("ltc_premium", 0.0)))
        verdict = rule(code, date, cross_province=cross, bound=bound_, region=region)
        if verdict.allowed:
            used_rows.extend(r for r in _rows_of(pol, verdict))
        given = rel["relation"]
        name = str(rel.get("name") or (given if isinstance(given, str) and given != code else RELATION_ZH[code]))
        taken = {p["who"] for p in people} | {"本人"}
        if name in taken:
            name = next(f"{name}{j}" for j in range(2, len(people) + 3) if f"{name}{j}" not in taken)
        people.append(
            {
                "who": name,
                "relation": code,
                "verdict": verdict,
                "index": i,
                "medical": _money(f"relatives[{i}].medical", rel.get("medical", 0.0)),
                "resident_premium": _money(f"relatives[{i}].premium", premium),
                "ltc_premium": _money(f"relatives[{i}].ltc_premium", rel.get("ltc_premium", 0.0)),
            }
        )

    # items in priority order: (who, relation, item, amount in fen, allowed, reason, input name)
    items = []
    for cat in prio:
        if cat == "worker":
            items.append(("本人", "self", "worker_medical", worker, True, "", "worker_costs"))
            continue
        kinds = ["resident_premium", "ltc_premium"] if cat == "premium" else ["medical"]
        for person in people:
            for kind in kinds:
                amount = person[kind]
                if kind == "ltc_premium" and not amount.any():
                    continue
                verdict = person["verdict"]
                item_row = row_or_none(pol, ITEM_RULE[kind])
                if not verdict.allowed:
                    ok, why = False, verdict.reason_zh
                elif item_row is None:
                    nxt = first_date_after(region, ITEM_RULE[kind], "", date)
                    ok, why = (
                        False,
                        f"{date.isoformat()} 时个人账户还不能支付{ITEM_ZH[kind]}"
                        + (f"（自 {nxt[0]} 起可以，{doc_head(nxt[1])}）" if nxt else "")
                        + "。",
                    )
                else:
                    ok, why = True, ""
                    used_rows.append(item_row)
                key = "premium" if kind == "resident_premium" else kind
                items.append(
                    (person["who"], person["relation"], kind, amount, ok, why, f"relatives[{person['index']}].{key}")
                )

    sizes = {"balance": opening, "yearly_credit": credit, "worker_costs": worker}
    sizes.update({it[6]: it[3] for it in items})
    n, arr = checks.broadcast(**sizes)
    opening, credit = arr["balance"].astype(np.int64), arr["yearly_credit"].astype(np.int64)
    k = len(items)
    amounts = np.zeros((n, k), dtype=np.int64)
    for j, it in enumerate(items):
        amounts[:, j] = arr[it[6]]
    allowed = np.array([it[4] for it in items], dtype=bool)
    eligible = amounts * allowed[None, :]
    available = opening + credit
    before = np.cumsum(eligible, axis=1) - eligible
    paid = np.clip(available[:, None] - before, 0, eligible)
    cash = amounts - paid
    spent = paid.sum(axis=1)

    from_current = np.minimum(spent, credit)
    current_left = credit - from_current
    carried_left = opening - (spent - from_current)
    if interest and pol is not None:
        r_cur_row, r_car_row = pol.row("account.interest_rate_current"), pol.row("account.interest_rate_carried")
        used_rows += [r_cur_row, r_car_row]
        gain_yuan = np.round(
            current_left / 100 * r_cur_row.value * MEAN_HOLDING_YEARS + carried_left / 100 * r_car_row.value, 2
        )
        gain = np.round(gain_yuan * 100).astype(np.int64)
    else:
        gain = np.zeros(n, dtype=np.int64)
    closing = opening + credit - spent + gain

    def yuan(x):
        return np.asarray(x, dtype=np.int64) / 100

    short = np.array(["" if it[4] else it[5] for it in items], dtype=object)
    reason = np.where(allowed[None, :] & (cash > 0), "个人账户余额不足，差额用现金支付", short[None, :])
    reason = np.where(allowed[None, :] & (amounts == 0), "", reason)
    item_codes = [it[2] for it in items]
    items_df = pd.DataFrame(
        {
            "priority": np.tile(np.arange(1, k + 1), n),
            "who": np.tile([it[0] for it in items], n),
            "relation": np.tile([it[1] for it in items], n),
            "relation_zh": np.tile([RELATION_ZH.get(it[1], "本人") for it in items], n),
            "item": np.tile(item_codes, n),
            "item_zh": np.tile([ITEM_ZH[c] for c in item_codes], n),
            "amount": yuan(amounts).ravel(),
            "allowed": np.tile(allowed, n),
            "from_account": yuan(paid).ravel(),
            "cash": yuan(cash).ravel(),
            "reason": reason.ravel(),
        }
    )
    summary = pd.DataFrame(
        {
            "opening_balance": yuan(opening),
            "credit": yuan(credit),
            "available": yuan(available),
            "paid_from_account": yuan(spent),
            "cash": yuan(cash.sum(axis=1)),
            "interest": yuan(gain),
            "year_end_balance": yuan(closing),
        }
    )
    if vector:
        items_df.insert(0, "scenario", np.repeat(np.arange(n), k))
        summary.insert(0, "scenario", np.arange(n))
    sources = sources_frame(used_rows)
    items_df.attrs["sources"] = summary.attrs["sources"] = sources
    return FamilyYear(items_df, summary, sources, prio, date, vector)


def _rows_of(pol: Policy | None, verdict: FamilyRule):
    """The data rows behind an allowed verdict."""
    out = [row_or_none(pol, "family.relation", f"relation={verdict.relation}")]
    if verdict.cross_province:
        out += [row_or_none(pol, "family.cross_province"), row_or_none(pol, "family.cross_province_binding_required")]
    return [r for r in out if r is not None]
