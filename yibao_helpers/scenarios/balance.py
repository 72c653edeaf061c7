"""Why the account balance changed (notebook 05): the factor tables of :mod:`yibao_helpers.rules.balance_change`
arranged for a waterfall chart."""

from __future__ import annotations

import pandas as pd

from ..core import checks
from ..core.errors import YibaoInputError
from ..core.money import to_fen


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
    spans ``bottom``–``top`` and the end bar's top is start + Σ amounts (exact to the fen).
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
    for label, amount in zip(table["因素"], table["amount"]):
        fen = to_fen(amount)
        if drop_zero and fen == 0:
            continue
        lo, hi = sorted((level, level + fen))
        rows.append((label, fen, lo, hi, "up" if fen > 0 else "down"))
        level += fen
    rows.append((end_label or labels[1], level, 0, level, "end"))
    out = pd.DataFrame(rows, columns=["label", "amount", "bottom", "top", "kind"])
    for col in ("amount", "bottom", "top"):
        out[col] = out[col] / 100
    out.attrs["sources"] = table.attrs.get("sources")
    return out
