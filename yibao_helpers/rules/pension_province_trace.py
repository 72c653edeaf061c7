"""One person's province pension step by step: how each yuan was computed (基础、养老保险个人账户、过渡性、加发).

:func:`trace_province_pension` recomputes :func:`yibao_helpers.rules.pension_province.province_pension` for one
person as a table of steps in the words of a 养老金核定表, each with the data rows it used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import YibaoInputError
from ..params import pension_tables as tables
from .pension_province import PART_ZH, _compute, _Rules, province_pension

EXTRA_ZH = {
    "fixed": "固定补贴",
    "adjustment_fund": "调节金",
    "one_child": "独生子女父母加发",
    "indexed": "增发养老金（指数化工资 × 比例 × 年限）",
    "banded": "增发养老金（按年限分段）",
    "plateau": "高原补贴",
    "local": "地方补助",
    "intellectual": "知识分子补贴",
    "year_increase": "当年增加养老金（核定表给出）",
}


def _source_of(rules: _Rules, *parameters: str) -> str:
    names = set(parameters)
    texts = list(
        dict.fromkeys(
            f"{r.source}（{'二手' if r.confidence == 'secondary' else r.confidence}）"
            for r in rules.used
            if r.parameter in names
        )
    )
    return "；".join(texts) or "国发〔2005〕38号（全国公式）"


def trace_province_pension(province: str, person: dict, *, city: str = "") -> pd.DataFrame:
    """How each yuan of one person's pension in ``province`` is computed: 步骤, 规则, 金额（元）, 来源.

    ``person`` is one row of :func:`province_pension`'s input (a dict of single values); the amounts equal
    :func:`province_pension`'s for the same inputs.
    """
    if not isinstance(person, dict):
        raise YibaoInputError(
            "person", person, "应为一个人的字典（列名 → 单个数）", "must be one person's dict (column → one value)"
        )
    for name, value in person.items():
        if np.ndim(value) != 0:
            raise YibaoInputError(
                name, value, "trace_province_pension 只算一个人：应为单个数", "one person: give single values"
            )
    province = tables.check_province(province)
    frame = province_pension(province, {k: [v] for k, v in person.items()}, city=city)
    row = frame.iloc[0]
    _out, rules, p = _compute(province, {k: [v] for k, v in person.items()}, city)
    d = {k: (float(v[0]) if np.ndim(v) else float(v)) for k, v in rules.detail.items()}
    idx, years = float(p["avg_index"][0]), float(p["total_years"][0])
    a_text = f" × a {d['a']:.4f}" if d["a"] != 1 else ""
    if d["month_rate"] > 0:
        months = int(round(years * 12))
        share_text = f"({months // 12} 年 × {d['rate']:.0%} + {months % 12} 个月 × {d['month_rate']:.3%})"
    else:
        share_text = f"{years:g} 年 × {d['rate']:.0%}"
    steps = [
        {
            "步骤": PART_ZH["basic"],
            "规则": f"(计发基数 {d['b1']:,.2f}{a_text} + 基数 {d['b2']:,.2f} × 平均缴费指数 {idx:g}) ÷ 2 × {share_text}",
            "金额（元）": row["basic"],
            "来源": _source_of(
                rules,
                "pension.basic_rate_per_year",
                "pension.basic.flat_province_share",
                "pension.basic.indexed_province_share",
                "pension.basic.low_index_threshold",
                "pension.years_step",
                "pension.basic.month_rate",
                "pension.base_number",
            ),
        },
        {
            "步骤": PART_ZH["account"],
            "规则": f"养老保险个人账户储存额 {float(p['personal_account'][0]):,.2f} ÷ 计发月数 {row['months']:g}",
            "金额（元）": row["account"],
            "来源": "国发〔2005〕38号（账户储存额 ÷ 计发月数）",
        },
    ]
    if d["t_two_parts"]:
        t_rule = (
            f"计发基数 {d['t_base']:,.2f} × (视同年限 {float(p['sight_years'][0]):g} × {d['t_deemed_index']:g} + 建账前实际缴费年限 "
            f"{np.nan_to_num(float(p['pre_account_years'][0])):g} × 指数 {d['t_index']:g}) × 系数 {d['t_coef']:.2%}"
        )
    elif not np.isnan(float(p["new_method_years"][0])):
        t_rule = f"计发基数 {d['t_base']:,.2f} × 加权年限 {d['t_weighted']:g} × 系数 {d['t_coef']:.2%}"
    else:
        t_rule = f"计发基数 {d['t_base']:,.2f} × 指数 {d['t_index']:g} × 年限 {d['t_weighted'] / d['t_index'] if d['t_index'] else 0:g} × 系数 {d['t_coef']:.2%}"
    if d["t_notional"] > 0:
        t_rule += f" + 虚账实记 {float(p['xuzhang'][0]):,.2f} ÷ {d['t_notional']:g}"
    t_rule = f"新办法 {d['t_new']:,.2f} = " + t_rule
    if not np.isnan(d["t_phase"]):
        t_rule += f"；过渡期：原办法 {d['t_old']:,.2f}，差额按 {d['t_phase']:.0%} 计"
    if d["t_allowance"]:
        t_rule += f"；另加 {d['t_allowance']:,.2f}（加发与年限津贴）"
    steps.append(
        {
            "步骤": PART_ZH["transitional"],
            "规则": t_rule,
            "金额（元）": row["transitional"],
            "来源": _source_of(
                rules, *[r.parameter for r in rules.used if r.parameter.startswith("pension.transitional")]
            ),
        }
    )
    if row["adjustment"]:
        steps.append(
            {
                "步骤": PART_ZH["adjustment"],
                "规则": "(新办法 − 原办法 − 年限津贴) × 过渡期比例，单列",
                "金额（元）": row["adjustment"],
                "来源": _source_of(rules, "pension.transitional.phase_in", "pension.transitional.adjustment_separate"),
            }
        )
    for key, label in EXTRA_ZH.items():
        amount = float(row.get(f"extra_{key}", 0.0))
        if amount:
            steps.append(
                {
                    "步骤": label,
                    "规则": "地方规定",
                    "金额（元）": amount,
                    "来源": _source_of(
                        rules, *[r.parameter for r in rules.used if r.parameter.startswith("pension.extra")]
                    )
                    if key != "year_increase"
                    else "核定表",
                }
            )
    steps.append(
        {
            "步骤": PART_ZH["total"],
            "规则": "以上各项相加",
            "金额（元）": row["total"],
            "来源": _source_of(rules, "pension.total_step_up", "pension.amount_step"),
        }
    )
    return pd.DataFrame(steps)
