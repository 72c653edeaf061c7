"""Family mutual aid (家庭共济): who may use an employee's personal account, for what, and a family year.

Rules (dated rows of ``data/family.csv``; every answer carries the row's source):

* Before 国办发〔2021〕14号 (the data's start date 2021-04-13) nobody but the account holder
  could use the personal account.
* 国办发〔2021〕14号: the account may pay the self-paid costs (个人负担费用) of the holder's
  spouse, parents and children at designated hospitals and pharmacies, and — "探索" — their
  resident-insurance contributions.
* 国办发〔2024〕38号 (from 2024-07-26): the circle widens to near relatives (近亲属): spouse,
  parents, children, siblings, grandparents on both sides, grandchildren on both sides (K08).
* Across provinces from 2026-01-09 (国家医保局、财政部 通知 on 跨省共济): near relatives, after
  the family-aid relationship has been set up (a prior binding is required, K54); the account
  may then also pay long-term-care insurance contributions.
* What the account cannot do: relatives do not share the holder's reimbursement benefits —
  the pool pays them under their own scheme, only their self-paid part may come from the
  account (K07); the balance cannot be withdrawn as cash (K50).

Family-year simulation (:func:`simulate_family_year`), model conventions (not policy numbers):

* The money available in the year is the opening balance plus the year's credit. Payments are
  made in a stated priority order; the default ``("worker", "premium", "medical")`` pays the
  holder's own self-paid costs first (the account's first purpose), then relatives'
  contributions (resident insurance, then long-term care; a missed contribution leaves a
  relative uninsured and, from 2025, triggers waiting periods — see :mod:`gaps`), then
  relatives' self-paid medical costs. Within a category relatives are paid in table order.
* What the account cannot pay (not allowed on the date, or balance used up) is paid in cash;
  a payment may be split between account and cash. The balance never goes below zero.
* Spending comes from this year's credit first, then from the carried balance; interest on
  what remains follows :mod:`yibao_helpers.account` (国发〔1998〕44号: demand rate on this
  year's credit for its average holding time, 3-month rate on the carried balance), posted on
  31 December. All amounts are whole fen, so money is conserved exactly:
  ``opening + credit + interest == paid_from_account + year_end_balance`` and
  ``amount == from_account + cash`` for every item.
"""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core import checks
from ..params import Policy, as_date, check_region, data_as_of, policy_or_none, sources_frame, tables
from ..params.text import doc_head

RELATIONS = {
    "spouse": ["配偶", "夫妻", "丈夫", "妻子"],
    "parent": ["父母", "父亲", "母亲"],
    "child": ["子女", "儿子", "女儿"],
    "sibling": ["兄弟姐妹", "兄弟", "姐妹", "哥哥", "弟弟", "姐姐", "妹妹"],
    "grandparent": ["祖父母", "祖父", "祖母", "爷爷", "奶奶"],
    "maternal_grandparent": ["外祖父母", "外祖父", "外祖母", "外公", "外婆"],
    "grandchild": ["孙子女", "孙子", "孙女"],
    "maternal_grandchild": ["外孙子女", "外孙", "外孙女"],
}
RELATION_ZH = {code: names[0] for code, names in RELATIONS.items()}

# what the account may / may not pay for relatives (labels; the dates and sources are data rows)
MAY_PAY = {
    "medical_self_paid": "近亲属在定点医疗机构就医的个人负担费用（起付线、自付、自费部分）",
    "pharmacy": "近亲属在定点药店购买药品、医疗器械和医用耗材的个人负担费用",
    "resident_premium": "近亲属参加城乡居民医保的个人缴费",
    "ltc_premium": "近亲属参加长期护理保险的个人缴费",
}
MAY_NOT = {
    "pool_benefits": "被共济人不共享本人的职工医保报销待遇：统筹基金按其本人的参保类别报销，账户只付其个人负担部分",
    "cash_withdrawal": "不能提现，也不能把余额转成现金给亲属（出国定居、死亡等情形按规定支取或继承）",
}

ORDER_CHOICES = {
    "worker": ["本人", "self", "worker_medical"],
    "premium": ["缴费", "保费", "premiums"],
    "medical": ["医疗费", "近亲属医疗费"],
}
DEFAULT_ORDER = ("worker", "premium", "medical")
ITEM_ZH = {
    "worker_medical": "本人个人负担医疗费",
    "resident_premium": "居民医保个人缴费",
    "ltc_premium": "长期护理保险个人缴费",
    "medical": "个人负担医疗费（定点医药机构）",
}
ITEM_RULE = {
    "resident_premium": "family.may_pay.resident_premium",
    "ltc_premium": "family.may_pay.ltc_premium",
    "medical": "family.may_pay.medical_self_paid",
}
RELATIVE_KEYS = {"relation", "medical", "premium", "ltc_premium", "cross_province", "bound", "name"}
STANDARD_PREMIUM = ("standard", "标准")


# --------------------------------------------------------------------------- look-ups


def relation_code(relation) -> str:
    """The English code of a relation given in English or Chinese (配偶, 父母, 母亲, 兄弟姐妹, …)."""
    return checks.choice("relation", relation, RELATIONS)


def rule_date(on) -> _dt.date:
    """The date a family rule is asked for: ``on`` (date, ISO text or year), or the newest data date."""
    return as_date(on, "on") or data_as_of()


def row_or_none(policy: Policy | None, name: str, qualifier: str = ""):
    """The row in force, or None (no policy before any data, or no such row)."""
    if policy is None or not policy.has(name, qualifier):
        return None
    return policy.row(name, qualifier)


def timeline(region: str = "national") -> pd.DataFrame:
    """Every dated family-aid rule of a region (national rows where the region has none), in date order.

    Columns: ``rule, relation, relation_zh, effective_from, effective_to, source, confidence, note``;
    ``rule`` is ``relation`` (who may benefit), ``cross_province``, ``may_pay`` or ``may_not``.
    """
    check_region(region)
    return _timeline(region).copy()


@functools.cache
def _timeline(region: str) -> pd.DataFrame:
    rows = tables()
    rows = rows[rows["parameter"].str.startswith("family.")]
    mine = rows[rows["region"] == region]
    own_keys = set(zip(mine["parameter"], mine["qualifier"]))
    national = rows[
        (rows["region"] == "national")
        & np.array([k not in own_keys for k in zip(rows["parameter"], rows["qualifier"])], dtype=bool)
    ]
    picked = pd.concat([mine, national]) if region != "national" else mine
    out = pd.DataFrame(
        {
            "rule": picked["parameter"]
            .str.split(".")
            .str[1]
            .map(lambda s: "cross_province" if s.startswith("cross_province") else s),
            "item": picked["parameter"].str.split(".").str[2].fillna(""),
            "relation": picked["qualifier"].str.replace("relation=", "", regex=False),
            "effective_from": picked["effective_from"],
            "effective_to": picked["effective_to"],
            "source": picked["source"],
            "confidence": picked["confidence"],
            "note": picked["note"],
            "parameter": picked["parameter"],
        }
    )
    out["relation_zh"] = out["relation"].map(RELATION_ZH).fillna("")
    cols = [
        "rule",
        "item",
        "relation",
        "relation_zh",
        "effective_from",
        "effective_to",
        "source",
        "confidence",
        "note",
        "parameter",
    ]
    return out[cols].sort_values(["effective_from", "rule", "parameter"], kind="stable").reset_index(drop=True)


def scope(on=None, *, region: str = "national") -> list[str]:
    """Relation codes the account may be shared with on a date (within the province), in the order of RELATIONS."""
    check_region(region)
    pol = policy_or_none(region, rule_date(on))
    return [code for code in RELATIONS if row_or_none(pol, "family.relation", f"relation={code}") is not None]


def first_date_after(region: str, parameter: str, qualifier: str, after: _dt.date):
    """(date, source) of the first row of ``parameter`` starting after ``after``, or None."""
    rows = _timeline(region)
    rows = rows[
        (rows["parameter"] == parameter)
        & (rows["relation"] == qualifier.replace("relation=", ""))
        & (rows["effective_from"] > after.isoformat())
    ]
    if not len(rows):
        return None
    first = rows.iloc[0]
    return first["effective_from"], first["source"]


@dataclass(frozen=True)
class FamilyRule:
    """The answer of :func:`rule`: whether the account may be used for a relative on a date, and why."""

    relation: str
    relation_zh: str
    on: _dt.date
    cross_province: bool
    allowed: bool
    rule_zh: str  # the rule in force, in Chinese
    reason_zh: str  # why not (blank when allowed)
    source: str  # source of the deciding row ('' when no row exists)
    effective_from: _dt.date | None
    confidence: str
    sources: pd.DataFrame = field(repr=False, compare=False, default=None)

    def as_dict(self) -> dict:
        return {
            "relation": self.relation,
            "关系": self.relation_zh,
            "on": self.on.isoformat(),
            "cross_province": self.cross_province,
            "allowed": self.allowed,
            "规则": self.rule_zh,
            "原因": self.reason_zh,
            "来源": self.source,
            "生效": self.effective_from.isoformat() if self.effective_from else "",
            "可信度": self.confidence,
        }


def rule(
    relation, on=None, *, cross_province: bool = False, bound: bool = True, region: str = "national"
) -> FamilyRule:
    """Whether an employee's personal account may pay for ``relation`` on ``on``, with the rule and its source.

    relation : spouse, parent, child, sibling, grandparent, maternal_grandparent, grandchild,
        maternal_grandchild (or 配偶, 父母/父亲/母亲, 子女, 兄弟姐妹, 祖父母, 外祖父母, 孙子女, 外孙子女)
    on : the date (``datetime.date``, ``'YYYY-MM-DD'``, ``'YYYY-MM'`` or a year = 1 July); None = newest data
    cross_province : the relative is insured in another province
    bound : the family-aid relationship has been set up (绑定); required for cross-province use
    region : region code (the rules are national unless a region overrides them)
    """
    code = relation_code(relation)
    cross = checks.as_flag("cross_province", cross_province)
    bound = checks.as_flag("bound", bound)
    check_region(region)
    date = rule_date(on)
    pol = policy_or_none(region, date)
    zh = RELATION_ZH[code]
    circle = [RELATION_ZH[c] for c in RELATIONS if row_or_none(pol, "family.relation", f"relation={c}") is not None]
    rel_row = row_or_none(pol, "family.relation", f"relation={code}")
    used = [rel_row] if rel_row is not None else []
    if circle:
        scope_zh = f"{date.isoformat()} 时，职工医保个人账户可用于本人及其{'、'.join(circle)}"
    else:
        scope_zh = f"{date.isoformat()} 时还没有家庭共济：个人账户只能本人使用"
    if rel_row is None:
        nxt = first_date_after(region, "family.relation", f"relation={code}", date)
        why = f"{zh}在 {date.isoformat()} 不在共济范围内"
        why += f"；自 {nxt[0]} 起才可共济（{doc_head(nxt[1])}）" if nxt else ""
        return FamilyRule(code, zh, date, cross, False, scope_zh + "。", why + "。", "", None, "", sources_frame(used))
    rule_zh = (
        f"{scope_zh}（{doc_head(rel_row.source)}，{rel_row.effective_from.isoformat()} 起）：可支付其在定点医药机构"
        f"就医购药的个人负担费用和居民医保个人缴费；被共济人不共享本人的报销待遇。"
    )
    allowed, why, deciding = True, "", rel_row
    if cross:
        cp = row_or_none(pol, "family.cross_province")
        if cp is None:
            nxt = first_date_after(region, "family.cross_province", "", date)
            allowed = False
            why = (
                "跨省共济在该日期尚未开通"
                + (f"，自 {nxt[0]} 起可用（{doc_head(nxt[1])}）" if nxt else "")
                + "；此前只能在省内共济。"
            )
        else:
            used.append(cp)
            deciding = cp
            rule_zh += f"跨省共济自 {cp.effective_from.isoformat()} 起可用（{doc_head(cp.source)}）。"
            need = row_or_none(pol, "family.cross_province_binding_required")
            if need is not None:
                used.append(need)
                rule_zh += "须先建立共济关系（一人可与多人建立）。"
                if not bound:
                    allowed = False
                    deciding = need
                    why = "跨省共济须先建立（绑定）共济关系，未绑定不能直接使用。"
    return FamilyRule(
        code,
        zh,
        date,
        cross,
        allowed,
        rule_zh,
        why,
        deciding.source,
        deciding.effective_from,
        deciding.confidence,
        sources_frame(used),
    )


def may_use(relation, on=None, *, cross_province: bool = False, bound: bool = True, region: str = "national") -> bool:
    """True when the employee's personal account may pay for ``relation`` on ``on`` (see :func:`rule` for why)."""
    return rule(relation, on, cross_province=cross_province, bound=bound, region=region).allowed


def uses(on=None, *, region: str = "national") -> pd.DataFrame:
    """What the account may pay for relatives on a date, and what it cannot, with sources.

    Columns: ``kind`` (``may_pay`` / ``may_not``), ``item``, ``说明``, ``effective_from``,
    ``source``, ``confidence``. Items not yet in force on the date are left out.
    """
    check_region(region)
    date = rule_date(on)
    pol = policy_or_none(region, date)
    out = []
    for kind, labels in (("may_pay", MAY_PAY), ("may_not", MAY_NOT)):
        for item, text in labels.items():
            row = row_or_none(pol, f"family.{kind}.{item}")
            if row is None:
                continue
            out.append(
                {
                    "kind": kind,
                    "item": item,
                    "说明": text,
                    "effective_from": row.effective_from.isoformat(),
                    "source": row.source,
                    "confidence": row.confidence,
                }
            )
    return pd.DataFrame(out, columns=["kind", "item", "说明", "effective_from", "source", "confidence"])


# --------------------------------------------------------------------------- family year
