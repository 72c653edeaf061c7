"""Claims about 退休与医保缴费年限 (notebook 07): the sentences of its 常见误区 table (registered with
:mod:`yibao_helpers.content.demos`).

Each function takes the page's inputs as keywords (``claims_table`` passes the ones it accepts) and recomputes
the numbers with :mod:`yibao_helpers.scenarios.retirement` and the calculators.
"""

from __future__ import annotations

from ...core.errors import YibaoInputError
from ...core.money import MONTHS
from ...params import merge_sources, region_name, rule_year
from . import origin_zh, says

# The claims' own numbers (claims.csv, claim_zh of K38 and K39), not data: nothing in data/ says so.
K38_SAID_YEARS = {"male": 30, "female": 25}  # 辽宁：男 30 年、女 25 年
K38_PLACES = ("liaoning", "shenyang")  # the claim's province and its capital
K39_SAID_BASE, K39_SAID_RATE = 5480, 0.07  # 辽宁 2025 年补缴基数 5480 元、比例 7%
K39_REGION = "liaoning"


@says("K38")
def _k38_says(*, region="national", year=None, group="male", years_at_retirement=15, local_years=None):
    from ...rules import retirement
    from ...scenarios import retirement as scen

    on = rule_year(year)
    sex = retirement.sex_code(group)
    table = scen.medical_years_table(on=on)
    ln = table[table["region"].isin(K38_PLACES)]
    ln_text = (
        "数据里没有辽宁/沈阳的年限（未找到原文）"
        if ln.empty
        else f"数据中{ln['name'].iloc[0]}为 {ln['male'].iloc[0]:g}/{ln['female'].iloc[0]:g} 年"
    )
    male, female = K38_SAID_YEARS["male"], K38_SAID_YEARS["female"]
    same = table[(table["male"] == male) & (table["female"] == female)]
    other = table.drop(same.index)
    try:
        trace = scen.topup_trace(region, sex, years_at_retirement, local_years, on=on)
        ours, sources = f"{trace.attrs['missing_years']:g} 年", trace.attrs["sources"]
    except YibaoInputError:  # no minimum years for this region in the data (there is no national number)
        ours, sources = "无数据", None
    said_missing = max(K38_SAID_YEARS[sex] - years_at_retirement, 0)
    text = (
        f"{ln_text}；同样的 {male}/{female} 年见于{'、'.join(same['name']) or '无'}，"
        f"其他地区男性 {other['male'].min():g}–{other['male'].max():g} 年。"
        f"你（{scen.SEX_ZH[sex]}，{years_at_retirement:g} 年）按说法差 {said_missing:g} 年，"
        f"按{region_name(region)}数据差 {ours}"
    )
    return text, merge_sources(table.attrs["sources"], sources)


@says("K39")
def _k39_says(*, year=None):
    from ...rules import medical_years

    one = medical_years.topup_cost(K39_REGION, 1, on=rule_year(year))
    row = one.iloc[0]
    said = K39_SAID_BASE * K39_SAID_RATE * MONTHS
    # 辽宁 has no top-up rows of its own: load_policy's chain answers (national law, then the example city)
    whose = f"按{origin_zh(one.attrs['sources'], K39_REGION)}"
    text = (
        f"按说法补 1 年 = {K39_SAID_BASE:,} × {K39_SAID_RATE:.0%} × {MONTHS} = {said:,.2f} 元；"
        f"{whose}（基数 {row['base_monthly']:,.2f} 元/月 × {row['rate']:.0%}）补 1 年 {row['cost']:,.2f} 元；原文未找到"
    )
    return text, one.attrs["sources"]
