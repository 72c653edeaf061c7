"""ipywidgets controls for the myth-vs-fact (10) and policy-timeline (11) notebooks.

Each control redraws the same function as the notebook's static cells; a bad combination (e.g. a
region without data for the chosen year) prints a short Chinese message instead of a traceback.
"""

from __future__ import annotations

from ...core.errors import YibaoInputError
from .. import figures
from .common import STYLE, live_output

ALL = "全部"


def _short_error(exc: Exception) -> str:
    return "无法计算：" + str(exc).splitlines()[0]


# --------------------------------------------------------------------------- claims table


def render_claims_table(verdict=ALL, topic=ALL, seed=ALL, *, numbers: dict | None = None):
    """Show the claims with this verdict, topic and seed page as a Markdown table with notebook links.

    Returns the filtered rows (or None after printing a Chinese message for a bad choice).
    """
    from IPython.display import Markdown, display

    from ... import _compat_claims as claims

    try:
        rows = claims.filter_claims(verdict=verdict, topic=topic, seed=seed)
    except YibaoInputError as exc:
        print(_short_error(exc))
        return None
    print(f"共 {len(rows)} 条说法（结论：{verdict}；主题：{topic}；种子页：{seed}）")
    if len(rows):
        display(Markdown(claims.claims_markdown(rows, numbers)))
    return rows


def claims_browser(*, verdict=ALL, topic=ALL, seed=ALL, numbers: dict | None = None):
    """Three dropdowns (结论, 主题, 种子页) filtering the claims table."""
    import ipywidgets as w
    from IPython.display import display

    from ... import _compat_claims as claims

    v = w.Dropdown(
        options=[(ALL, ALL)] + [(zh, code) for code, zh in claims.VERDICTS.items()],
        value=verdict,
        description="结论",
        style=STYLE,
    )
    t = w.Dropdown(
        options=[(ALL, ALL)] + [(zh, code) for code, zh in claims.TOPICS.items()],
        value=topic,
        description="主题",
        style=STYLE,
    )
    s = w.Dropdown(
        options=[(ALL, ALL)] + [(f"{i:03d}", f"{i:03d}") for i in range(5)],
        value=seed,
        description="种子页",
        style=STYLE,
    )

    def draw(verdict, topic, seed):
        render_claims_table(verdict, topic, seed, numbers=numbers)

    out = live_output(draw, {"verdict": v, "topic": t, "seed": s})
    box = w.VBox([w.HBox([v, t, s]), out])
    display(box)
    return box


# --------------------------------------------------------------------------- one claim


def render_claim(claim_id: str, **inputs):
    """Compute and draw one claim's numbers (claim vs rule); a bad input prints a short Chinese message."""
    from ... import _compat_claims as claims
    from ..charts import claims as charts_claims

    try:
        mine = {k: v for k, v in inputs.items() if k in claims.demo_inputs(claim_id)}
        demo = claims.demonstrate(claim_id, **mine)
    except YibaoInputError as exc:
        print(_short_error(exc))
        return None
    print(f"{demo.claim_id}（{demo.verdict_zh}）{demo.claim_zh}")
    print(f"{demo.label}：{demo.summary()}。{demo.explanation}")
    figures.show(charts_claims.plot_claim_demo(demo))
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
    from IPython.display import display

    from ... import _compat_claims as claims
    from .common import region_dropdown, slider

    table = claims.load_claims().set_index("id")
    options = claims.computable()
    if claim_id not in options:  # the notebook's cell above already said that this claim cannot be computed
        claim_id = options[0]
    pick = w.Dropdown(
        options=[(f"{c} {table.at[c, 'claim_zh'][:24]}", c) for c in options],
        value=claim_id,
        description="说法",
        style=STYLE,
        layout=w.Layout(width="95%"),
    )
    salary = slider(int(monthly_salary), 0, 60000, "月工资（元）", step=500)
    age_w = slider(int(age), 16, 100, "年龄（岁）")
    reg = region_dropdown(region)

    def draw(claim_id, monthly_salary, age, region):
        render_claim(
            claim_id, monthly_salary=monthly_salary, age=age, region=region, year=year, interest_rate=interest_rate
        )

    out = live_output(draw, {"claim_id": pick, "monthly_salary": salary, "age": age_w, "region": reg})
    box = w.VBox([pick, w.HBox([salary, age_w]), reg, out])
    display(box)
    return box


# --------------------------------------------------------------------------- timeline


def render_timeline(year: int, region: str = "national", *, events=None, show_table: bool = True):
    """Draw the timeline with 1 July of ``year`` marked and list the changes of that year and the count of
    rules in force; a year or region without data prints a short Chinese message."""
    from IPython.display import display

    from ... import _compat_claims as claims
    from ...params import region_name
    from ..charts import claims as charts_claims

    try:
        rules = claims.rules_in_force(year, region)
    except YibaoInputError as exc:
        print(_short_error(exc))
        return None
    all_events = claims.timeline_events() if events is None else events
    mine = claims.events_for(all_events, region)
    that_year = mine[mine["year"] == int(year)]
    print(
        f"{year} 年 7 月 1 日，{region_name(region)}有 {len(rules)} 条规则数值在生效；"
        f"这一年 data/ 中记录了 {len(that_year)} 次规则变化。"
    )
    figures.show(charts_claims.plot_timeline(mine, year=int(year), region_label=region_name(region), region=region))
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
    from IPython.display import display

    from ... import _compat_claims as claims
    from .common import region_dropdown

    events = claims.timeline_events()
    lo, hi = int(events["year"].min()), int(events["year"].max())
    slider = w.IntSlider(
        value=int(year),
        min=lo,
        max=hi,
        step=1,
        description="年份（年）",
        style=STYLE,
        continuous_update=False,
        layout=w.Layout(width="60%"),
    )
    reg = region_dropdown(region)

    def draw(year, region):
        render_timeline(year, region, events=events)

    out = live_output(draw, {"year": slider, "region": reg})
    box = w.VBox([w.HBox([slider, reg]), out])
    display(box)
    return box
