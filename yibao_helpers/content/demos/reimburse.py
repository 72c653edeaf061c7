"""Claims about 报销 settled with numbers (registered with :mod:`yibao_helpers.content.demos`)."""

from __future__ import annotations

from ...params import load_policy, rule_year, sources_frame
from . import compared, demo


@demo("K17", needs=("employee_ratio", "resident_ratio"))
def _k17(numbers, region="national", year=None):
    from ...rules.benefits import benefit_table

    y = rule_year(year)
    pol = load_policy(region, y)
    emp = benefit_table(pol, scheme="employee", hospital_level=3)
    res = benefit_table(pol, scheme="resident", hospital_level=3)
    e, r = float(emp.ratios[0]), float(res.ratios[0])
    src = sources_frame(emp.rows.get("ratio", []) + res.rows.get("ratio", []))
    expl = (
        f"{y} 年三级医院住院、政策范围内（起付线以上）统筹基金支付比例：职工 {e:.0%}，居民 {r:.0%}"
        f"（地区 {region}）；说法给的是全国总体水平。"
    )
    pairs = compared(
        ("职工住院支付比例（三级）", numbers["employee_ratio"], e, "ratio"),
        ("居民住院支付比例（三级）", numbers["resident_ratio"], r, "ratio"),
    )
    return "职工住院支付比例", numbers["employee_ratio"], e, "ratio", expl, src, pairs
