"""Reading a settlement slip (医保结算单): do the parts add up, and what ratio did the fund apply?

The keyword names are the national settlement-slip fields (国家医保信息平台结算接口; facts §13 D).
Two identities hold on a complete slip:

* payers:     medfee_sumamt = hifp_pay + hifmi_pay + hifob_pay + cvlserv_pay + hifes_pay + maf_pay
                              + acct_pay + psn_cash_pay
* categories: medfee_sumamt = fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt

``adds_up`` is the payer identity (every yuan has a payer); the category identity is reported
separately because slips often leave 全自费/先行自付 unprinted. The implied fund ratio is
``hifp_pay ÷ (inscp_scp_amt − act_pay_dedc)``. With ``region`` (and ``year``) the implied ratio is
compared with the region's tables in ``data/`` (band-1 ratio of every scheme × setting × level ×
member the data cover); ``scheme``/``setting``/``hospital_level``/``member`` narrow the comparison.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import product

import pandas as pd

from ..core import checks
from ..core.errors import YibaoInputError
from ..params import CONFIDENCE, as_date, check_region, load_policy, region_name
from .banded import banded_kernel
from .benefits import LEVEL_ZH, LEVELS, MEMBERS, SCHEME_ZH, SCHEMES, SETTINGS, benefit_table
from .codes import MEMBER_ZH, SETTING_ZH

SLIP_FIELDS = {
    "medfee_sumamt": "医疗费总额",
    "fulamt_ownpay_amt": "全自费金额",
    "preselfpay_amt": "先行自付金额",
    "inscp_scp_amt": "符合政策范围金额",
    "act_pay_dedc": "实际支付起付线",
    "hifp_pay": "统筹基金支出",
    "hifmi_pay": "居民大病保险资金支出",
    "hifob_pay": "职工大额医疗费用补助基金支出",
    "fund_pay_sumamt": "基金支付总额",
    "acct_pay": "个人账户支出",
    "psn_cash_pay": "个人现金支出",
}
OTHER_FUNDS = {"cvlserv_pay": "公务员医疗补助", "hifes_pay": "企业补充医疗保险", "maf_pay": "医疗救助"}
FEN = 0.005  # two amounts are equal "to the fen" when they differ by less than half a fen
RATIO_TOLERANCE = 0.005  # an implied ratio "matches" a table ratio within half a percentage point


@dataclass
class SlipCheck:
    """What a settlement slip says: ``implied_ratio``, ``adds_up``, and Chinese ``findings``.

    ``gap``: total − the payers' sum; ``category_gap``: total − the categories' sum;
    ``candidates``: the table ratios compared (empty without ``region``).
    """

    implied_ratio: float
    adds_up: bool
    gap: float
    categories_add_up: bool
    category_gap: float
    fund_total: float
    person_total: float
    findings: list[str]
    fields: pd.DataFrame
    candidates: pd.DataFrame = field(default_factory=pd.DataFrame)


def _amount(name: str, value) -> float:
    return checks.as_float(name, value, lo=0, hi=checks.MONEY_MAX, unit_zh="元", unit_en="yuan")


def _y(x: float) -> str:
    return f"{x:,.2f}"


def _payers(v: dict) -> tuple[float, float, str]:
    funds = v["hifp_pay"] + v["hifmi_pay"] + v["hifob_pay"] + sum(v[k] for k in OTHER_FUNDS)
    person = v["acct_pay"] + v["psn_cash_pay"]
    names = {
        "hifp_pay": "统筹",
        "hifmi_pay": "大病",
        "hifob_pay": "大额",
        **OTHER_FUNDS,
        "acct_pay": "个人账户",
        "psn_cash_pay": "个人现金",
    }
    text = " + ".join(f"{label} {_y(v[k])}" for k, label in names.items() if v[k] or k in ("hifp_pay", "psn_cash_pay"))
    return funds, person, text


def _adds_up_finding(v: dict, gap: float, text: str) -> str:
    total = v["medfee_sumamt"]
    if abs(gap) < FEN:
        return f"各支付方合计：{text} = {_y(total)} 元，与医疗费总额一致（每一元都有支付方）。"
    side = "少" if gap > 0 else "多"
    return (
        f"各支付方合计：{text} = {_y(total - gap)} 元，比医疗费总额 {_y(total)} 元{side} {_y(abs(gap))} 元："
        "可能有未填写的支付项（如公务员补助、医疗救助）或单据识别错误。"
    )


def _category_finding(v: dict, gap: float) -> str:
    parts = (
        f"全自费 {_y(v['fulamt_ownpay_amt'])} + 超限价 {_y(v['overlmt_selfpay'])} + 先行自付 {_y(v['preselfpay_amt'])}"
        f" + 符合政策范围 {_y(v['inscp_scp_amt'])}"
    )
    if abs(gap) < FEN:
        return f"费用分类：{parts} = 医疗费总额，分类完整。"
    if gap > 0:
        return (
            f"费用分类：{parts} 比医疗费总额少 {_y(gap)} 元：这部分是单据未列出的全自费、超限价或乙类先行自付，"
            "由个人负担。"
        )
    return f"费用分类：{parts} 比医疗费总额多 {_y(-gap)} 元：分类金额超过总额，请核对单据。"


def _ratio_finding(v: dict, ratio: float) -> str:
    base = v["inscp_scp_amt"] - v["act_pay_dedc"]
    if math.isnan(ratio):
        return "符合政策范围金额不高于实际支付起付线：本单没有统筹报销的部分，无法推算支付比例。"
    return (
        f"推算统筹支付比例 = 统筹基金支出 {_y(v['hifp_pay'])} ÷（符合政策范围金额 {_y(v['inscp_scp_amt'])} − "
        f"实际支付起付线 {_y(v['act_pay_dedc'])} = {_y(base)}）= {ratio:.2%}。"
    )


def _candidates(region: str, on, filters: dict) -> pd.DataFrame:
    policy = load_policy(region, on)
    rows = []
    for scheme, setting, level, member in product(
        filters["scheme"], filters["setting"], filters["level"], filters["member"]
    ):
        if scheme == "resident" and member == "retired":
            continue
        try:
            t = benefit_table(
                policy, scheme=scheme, setting=setting, hospital_level=level, member=member, age=filters["age"]
            )
        except YibaoInputError:
            continue
        label = f"{SCHEME_ZH[scheme]}{SETTING_ZH[setting]}{LEVEL_ZH[level]}" + (
            f"（{MEMBER_ZH[member]}）" if scheme == "employee" else ""
        )
        src = "；".join(dict.fromkeys(r.source for r in t.rows.get("ratio", [])))
        conf = "/".join(sorted({r.confidence for r in t.rows.get("ratio", [])}))
        origin = "/".join(sorted({r.region for r in t.rows.get("ratio", [])}))
        rows.append(
            {
                "label": label,
                "scheme": scheme,
                "setting": setting,
                "level": level,
                "member": member,
                "ratio": float(t.ratios[0]),
                "banded": len(t.edges) > 1,
                "deductible": t.deductible,
                "source": src,
                "confidence": conf,
                "data_region": origin,
                "table": t,
            }
        )
    return pd.DataFrame(rows)


def _lent(data_region: str, region: str) -> str:
    """ "（示例城市的值）" when a table's rows came from other places than ``region`` ("example/nanchang": a table
    mixing rows of two places names the other one), "" when they are all the region's own."""
    lenders = [r for r in str(data_region).split("/") if r != region]
    return f"（{'、'.join(region_name(r) for r in lenders)}的值）" if lenders else ""


def _compare_findings(ratio: float, cands: pd.DataFrame, region: str) -> list[str]:
    if cands.empty:
        return [f"{region_name(region)}在该日期没有可比较的报销比例数据。"]
    if math.isnan(ratio):
        return []
    diff = (cands["ratio"] - ratio).abs()
    hits = cands[diff < RATIO_TOLERANCE]
    if len(hits):
        names = "、".join(f"{r.label} {r.ratio:.0%}{_lent(r.data_region, region)}" for r in hits.itertuples())
        grades = set("/".join(hits["confidence"]).split("/"))
        conf = "、".join(CONFIDENCE.get(g, g) for g in CONFIDENCE if g in grades)
        return [f"推算比例与{region_name(region)}数据中的 {names} 一致（数据可信度：{conf}）。"]
    best = cands.loc[diff.idxmin()]
    gap_pp = (ratio - best["ratio"]) * 100
    origin = _lent(best["data_region"], region)
    return [
        f"推算比例与{region_name(region)}数据中的比例都不一致；最接近的是 {best['label']} {best['ratio']:.0%}{origin}"
        f"（相差 {gap_pp:+.1f} 个百分点）。可能原因：分段累进比例、异地就医降比例、年度封顶、退休或特殊人群政策，"
        "或数据与单据年份不同。"
    ]


def _expected_findings(v: dict, cands: pd.DataFrame) -> list[str]:
    """When the comparison is narrowed to one table: the fund payment and deductible the table gives."""
    if len(cands) != 1:
        return []
    c = cands.iloc[0]
    t = c["table"]
    expected = round(float(banded_kernel(v["inscp_scp_amt"], v["act_pay_dedc"], t.edges, t.ratios)), 2)
    out = [
        f"按 {c['label']} 的数据表（起付线按单据 {_y(v['act_pay_dedc'])} 元，不计封顶与异地）统筹应付 {_y(expected)} 元，"
        f"单据为 {_y(v['hifp_pay'])} 元，相差 {_y(v['hifp_pay'] - expected)} 元。"
    ]
    if abs(v["act_pay_dedc"] - t.deductible) >= FEN:
        out.append(
            f"单据实际支付起付线 {_y(v['act_pay_dedc'])} 元与数据表起付线 {_y(t.deductible)} 元不同："
            "本年已付过起付线、再次住院减免或单据来自另一年度时会这样。"
        )
    return out


def _filters(scheme, setting, hospital_level, member, age) -> dict:
    def pick(name, value, choices):
        return list(choices) if value is None else [checks.choice(name, value, choices)]

    return {
        "scheme": pick("scheme", scheme, SCHEMES),
        "setting": pick("setting", setting, SETTINGS),
        "level": pick("hospital_level", hospital_level, LEVELS),
        "member": pick("member", member, MEMBERS),
        "age": None if age is None else checks.as_float("age", age, lo=0, hi=120, unit_zh="岁", unit_en="years of age"),
    }


def explain_slip(
    *,
    medfee_sumamt,
    inscp_scp_amt,
    act_pay_dedc=0.0,
    hifp_pay,
    fulamt_ownpay_amt=0.0,
    preselfpay_amt=0.0,
    hifmi_pay=0.0,
    hifob_pay=0.0,
    acct_pay=0.0,
    psn_cash_pay=0.0,
    region=None,
    year=None,
    overlmt_selfpay=0.0,
    cvlserv_pay=0.0,
    hifes_pay=0.0,
    maf_pay=0.0,
    scheme=None,
    setting=None,
    hospital_level=None,
    member=None,
    age=None,
) -> SlipCheck:
    """Check a 医保结算单: do the parts add up, which ratio did the fund apply, does it match the tables?

    Keyword names are the national slip fields (facts §13 D); amounts in 元. ``region``/``year``
    compare the implied ratio with the data; ``scheme``, ``setting``, ``hospital_level``, ``member``
    narrow that comparison (one table → the expected fund payment is shown too).
    """
    given = dict(
        medfee_sumamt=medfee_sumamt,
        inscp_scp_amt=inscp_scp_amt,
        act_pay_dedc=act_pay_dedc,
        hifp_pay=hifp_pay,
        fulamt_ownpay_amt=fulamt_ownpay_amt,
        preselfpay_amt=preselfpay_amt,
        hifmi_pay=hifmi_pay,
        hifob_pay=hifob_pay,
        acct_pay=acct_pay,
        psn_cash_pay=psn_cash_pay,
        overlmt_selfpay=overlmt_selfpay,
        cvlserv_pay=cvlserv_pay,
        hifes_pay=hifes_pay,
        maf_pay=maf_pay,
    )
    v = {k: _amount(k, x) for k, x in given.items()}
    # the comparison arguments are checked even without region, so that a typo is never silently ignored
    on = as_date(year, "year")
    filters = _filters(scheme, setting, hospital_level, member, age)
    funds, person, text = _payers(v)
    gap = round(v["medfee_sumamt"] - funds - person, 2)
    category_gap = round(
        v["medfee_sumamt"] - v["fulamt_ownpay_amt"] - v["overlmt_selfpay"] - v["preselfpay_amt"] - v["inscp_scp_amt"], 2
    )
    base = v["inscp_scp_amt"] - v["act_pay_dedc"]
    ratio = v["hifp_pay"] / base if base > 0 else math.nan
    findings = [
        _adds_up_finding(v, gap, text),
        _category_finding(v, category_gap),
        _ratio_finding(v, ratio),
        f"个人负担 = 个人账户 {_y(v['acct_pay'])} + 个人现金 {_y(v['psn_cash_pay'])} = {_y(person)} 元；"
        f"基金支付合计 {_y(funds)} 元。",
    ]
    if v["inscp_scp_amt"] > v["medfee_sumamt"] + FEN:
        findings.append("符合政策范围金额大于医疗费总额，这不可能：请核对单据。")
    cands = pd.DataFrame()
    if region is not None:
        check_region(region)
        cands = _candidates(region, on, filters)
        findings += _compare_findings(ratio, cands, region) + _expected_findings(v, cands)
    table = pd.DataFrame(
        {
            "field": list(given),
            "名称": [SLIP_FIELDS.get(k) or OTHER_FUNDS.get(k) or "超限价自费" for k in given],
            "金额（元）": list(v.values()),
        }
    )
    return SlipCheck(
        implied_ratio=ratio,
        adds_up=abs(gap) < FEN,
        gap=gap,
        categories_add_up=abs(category_gap) < FEN,
        category_gap=category_gap,
        fund_total=round(funds, 2),
        person_total=round(person, 2),
        findings=findings,
        fields=table,
        candidates=cands.drop(columns="table") if len(cands) else cands,
    )
