"""ipywidgets controls for the myth-vs-fact (10) and policy-timeline (11) notebooks.

Each control redraws the same function as the notebook's static cells; a bad combination (e.g. a
region without data for the chosen year) prints a short Chinese message instead of a traceback.
"""

from __future__ import annotations

from ...core.errors import YibaoInputError
from .. import figures
from .common import STYLE, explorer, message, region_dropdown, slider

ALL = "全部"


# --------------------------------------------------------------------------- claims table


def render_claims_table(verdict=ALL, topic=ALL, seed=ALL, *, numbers: dict | None = None):
    """Show the claims with this verdict, topic and seed page as a Markdown table with notebook links.

    Returns the filtered rows (or None after printing a Chinese message for a bad choice).
    """
    from IPython.display import Markdown, display

    from ...content import claims

    try:
        rows = claims.filter_claims(verdict=verdict, topic=topic, seed=seed)
    except YibaoInputError as exc:
        print(message(exc))
        return None
    print(f"共 {len(rows)} 条说法（结论：{verdict}；主题：{topic}；种子页：{seed}）")
    if len(rows):
        display(Markdown(claims.claims_markdown(rows, numbers)))
    return rows


def claims_browser(*, verdict=ALL, topic=ALL, seed=ALL, numbers: dict | None = None):
    """Three dropdowns (结论, 主题, 种子页) filtering the claims table."""
    import ipywidgets as w

    from ...content import claims

    def dropdown(value, description, choices):
        return w.Dropdown(options=[(ALL, ALL), *choices], value=value, description=description, style=STYLE)

    controls = {
        "verdict": dropdown(verdict, "结论", [(zh, code) for code, zh in claims.VERDICTS.items()]),
        "topic": dropdown(topic, "主题", [(zh, code) for code, zh in claims.TOPICS.items()]),
        "seed": dropdown(seed, "种子页", [(f"{i:03d}", f"{i:03d}") for i in range(5)]),
    }

    def draw(verdict, topic, seed):
        render_claims_table(verdict, topic, seed, numbers=numbers)

    return explorer(draw, controls, [["verdict", "topic", "seed"]])


# --------------------------------------------------------------------------- one claim


def render_claim(claim_id: str, **inputs):
    """Compute and draw one claim's numbers (claim vs rule); a bad input prints a short Chinese message."""
    from ...content import demos
    from ..charts import claims as claims_charts

    try:
        mine = {k: v for k, v in inputs.items() if k in demos.demo_inputs(claim_id)}
        demo = demos.demonstrate(claim_id, **mine)
    except YibaoInputError as exc:
        print(message(exc))
        return None
    print(f"{demo.claim_id}（{demo.verdict_zh}）{demo.claim_zh}")
    print(f"{demo.label}：{demo.summary()}。{demo.explanation}")
    figures.show(claims_charts.plot_claim_demo(demo))
    return demo


def claim_explorer(
    *,
    claim_id: str = "K01",
    region: str = "national",
    monthly_salary: float = 8000,
    age: int = 30,
    year: int | None = None,
    interest_rate: float = 0.0,
):
    """A dropdown of the computable claims plus salary, age and region → the claim-vs-rule chart."""
    import ipywidgets as w

    from ...content import claims, demos

    table = claims.load_claims().set_index("id")
    options = demos.computable()
    if claim_id not in options:  # the notebook's cell above already said that this claim cannot be computed
        claim_id = options[0]
    controls = {
        "claim_id": w.Dropdown(
            options=[(f"{c} {table.at[c, 'claim_zh'][:24]}", c) for c in options],
            value=claim_id,
            description="说法",
            style=STYLE,
            layout=w.Layout(width="95%"),
        ),
        "monthly_salary": slider(int(monthly_salary), 0, 60000, "月工资（元）", step=500),
        "age": slider(int(age), 16, 100, "年龄（岁）"),
        "region": region_dropdown(region),
    }

    def draw(claim_id, monthly_salary, age, region):
        render_claim(
            claim_id, monthly_salary=monthly_salary, age=age, region=region, year=year, interest_rate=interest_rate
        )

    return explorer(draw, controls, [["claim_id"], ["monthly_salary", "age"], ["region"]])


# --------------------------------------------------------------------------- timeline


def render_timeline(year: int, region: str = "national", *, events=None, show_table: bool = True):
    """Draw the timeline with 1 July of ``year`` marked and list the changes of that year and the count of
    rules in force; a year or region without data prints a short Chinese message."""
    from IPython.display import display

    from ...content import timeline
    from ...params import region_name
    from ..charts import claims as claims_charts

    try:
        rules = timeline.rules_in_force(year, region)
    except YibaoInputError as exc:
        print(message(exc))
        return None
    all_events = timeline.timeline_events() if events is None else events
    mine = timeline.events_for(all_events, region)
    that_year = mine[mine["year"] == int(year)]
    print(
        f"{year} 年 7 月 1 日，{region_name(region)}有 {len(rules)} 条规则数值在生效；"
        f"这一年 data/ 中记录了 {len(that_year)} 次规则变化。"
    )
    figures.show(claims_charts.plot_timeline(mine, year=int(year), region_label=region_name(region), region=region))
    if show_table and len(that_year):
        display(
            that_year[["date", "category_zh", "label_zh", "kind_zh", "value_text", "source"]]
            .rename(
                columns={
                    "date": "日期",
                    "category_zh": "类别",
                    "label_zh": "规则",
                    "kind_zh": "变化",
                    "value_text": "数值",
                    "source": "来源",
                }
            )
            .reset_index(drop=True)
        )
    return rules


def timeline_explorer(*, year: int = 2021, region: str = "national"):
    """A year slider and a region dropdown → the timeline chart and the rules in force that year."""
    import ipywidgets as w

    from ...content import timeline

    events = timeline.timeline_events()
    lo, hi = int(events["year"].min()), int(events["year"].max())
    controls = {
        "year": slider(int(year), lo, hi, "年份（年）", layout=w.Layout(width="60%")),
        "region": region_dropdown(region),
    }

    def draw(year, region):
        render_timeline(year, region, events=events)

    return explorer(draw, controls, [["year", "region"]])
