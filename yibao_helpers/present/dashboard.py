"""The 医保明白账 dashboard (``notebooks/app.ipynb``, served by ``make app`` with Voilà).

One page, Chinese UI: a region dropdown, a year slider and the person's monthly salary, age and
contribution years; three tabs:

* 个人账户余额 — :func:`yibao_helpers.rules.account.project_balance` drawn by
  :func:`yibao_helpers.present.charts.account.plot_balance`, the first year's
  :func:`~yibao_helpers.rules.account_trace.trace_year`;
* 住院报销对比 — :func:`yibao_helpers.rules.reimburse.reimburse` for ``scheme="employee"`` and
  ``"resident"`` at a cost slider and a hospital level, with both ``.trace`` tables; chart
  :func:`yibao_helpers.present.charts.reimburse.plot_oop_vs_cost` of
  :func:`yibao_helpers.scenarios.reimburse.oop_curves`;
* 养老金估算 — :func:`yibao_helpers.scenarios.pension.pension_by_years` (i.e.
  :func:`yibao_helpers.rules.pension.estimate_pension` over contribution years) as stacked bars
  (:func:`yibao_helpers.present.charts.pension.plot_pension_stack`), with
  :func:`~yibao_helpers.rules.pension.trace_pension`; the shared monthly-salary slider becomes the
  contribution index the pension formula takes with :func:`yibao_helpers.scenarios.account.contribution_index`.

Every result shows its "how it was computed" table and the data rows behind it (source, date,
confidence; the HTML pieces are in :mod:`yibao_helpers.present.dashboard_html`). No rule and no
computation live here: the ``*_view`` functions only call the calculators, scenarios and chart
functions and show what they return.

The user never sees a traceback: :func:`safe_view` turns the project's bad-input error
(:class:`~yibao_helpers.core.errors.YibaoInputError`, e.g. a region without data for the chosen year)
into a short Chinese message shown in place of the result, and any other exception into a
generic Chinese message (the details go to the server log, not to the page).
"""

from __future__ import annotations

import html
import logging
import sys
from dataclasses import dataclass, field

import pandas as pd

from ..core import checks
from ..core.dates import mid_year
from ..core.errors import YibaoInputError
from ..params import check_region, data_as_of, merge_sources, region_name, regions, use_policy_file
from ..rules import account, account_trace, pension, reimburse
from ..rules.codes import LEVEL_ZH, LEVELS
from . import footnotes, notices, style
from .charts import account as account_charts
from .dashboard_html import CSS, notice_html, png, sources_html, trace_html
from .dashboard_upload import UploadControls
from .labels import SCHEME_ZH

log = logging.getLogger("yibao_helpers.present.dashboard")
if not log.handlers:  # to the real stderr (the server log), never into a cell's output in the page
    _handler = logging.StreamHandler(sys.__stderr__)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    log.addHandler(_handler)
    log.propagate = False

TITLE = "医保明白账 · 交互看板"
TAB_TITLES = ["个人账户余额", "住院报销对比", "养老金估算"]
LEVEL_OPTIONS = [(f"{name}医院", level) for level, name in LEVEL_ZH.items()]  # the 医院等级 buttons
FIRST_YEAR = 2016  # the slider's first year; years without data for a region show a message
# each slider's (min, max, step, unit): what a reader can choose, and what the page's parameters are checked against
RANGES = {
    "monthly_salary": (0, 60_000, 500, "元/月", "yuan/month"),
    "age": (16, 100, 1, "岁", "years of age"),
    "years": (1, 50, 1, "年", "years"),
    "cost": (0, 500_000, 1_000, "元", "yuan"),
    "retire_age": (50, 65, 1, "岁", "years of age"),
    "pension_balance": (0, 1_000_000, 5_000, "元", "yuan"),
}


def _span(name: str) -> dict:
    lo, hi, step, _, _ = RANGES[name]
    return {"min": lo, "max": hi, "step": step}


def check_defaults(region, year, hospital_level, **values) -> None:
    """The page's starting values, checked under their own names before any control is built (a slider would
    silently clamp 80,000 to its 60,000; a dropdown would fail with a bare TraitError)."""
    check_region(region, name="region")
    if year is not None:
        first, last = _year_range()
        checks.as_int("year", year, lo=first, hi=last, unit_zh="（日历年）", unit_en="(calendar year)")
    checks.choice("hospital_level", hospital_level, LEVELS)
    for name, value in values.items():
        lo, hi, _, unit_zh, unit_en = RANGES[name]
        checks.as_int(name, value, lo=lo, hi=hi, unit_zh=unit_zh, unit_en=unit_en)


MESSAGE_MAX = 140  # characters of an error message shown in the page

# --------------------------------------------------------------------------- views (no widgets)


@dataclass
class View:
    """What one tab shows: a summary (HTML), a chart (PNG), trace tables, sources — or an error message."""

    summary: str = ""
    chart: bytes | None = None
    traces: dict[str, pd.DataFrame] = field(default_factory=dict)
    sources: pd.DataFrame | None = None
    value: float | None = None  # the key number (final balance, out-of-pocket, pension)
    data: dict = field(default_factory=dict)  # the calculators' results, for tests
    error: str | None = None
    notice: str = ""  # the 注意 box (HTML): borrowed, illustrative or user-supplied values behind the result


def _money(x: float) -> str:
    return f"{x:,.2f}"


def _place(region: str) -> str:
    return f"{region_name(region)}（{region}）"


def _freshness(region: str, year: int) -> str:
    """The chart's freshness warning (:func:`yibao_helpers.footnotes.freshness_warning`) as a line of the summary."""
    warning = footnotes.freshness_warning(region, int(year))
    return f"<br><span class='yb-warn'>{html.escape(warning)}</span>" if warning else ""


def balance_view(region: str, monthly_salary: float, age: int, years: int, year: int) -> View:
    """Personal-account balance from ``year`` for ``years`` years (up to age 100)."""
    years = max(1, min(int(years), 100 - int(age) + 1))
    df = account.project_balance(monthly_salary, age, years, region=region, start_year=year)
    trace = account_trace.trace_year(monthly_salary, age, year, region=region)
    last = df.iloc[-1]
    totals = account.summary(df)
    summary = (
        f"{_place(region)}，月工资 {monthly_salary:,.0f} 元、{age} 岁，从 {year} 年起 {years} 年："
        f"<b>{int(last['year'])} 年末余额 <span class='yb-balance-value'>{_money(last['balance'])}</span> 元</b>；"
        f"累计划入 {_money(totals['credited'])} 元，利息 {_money(totals['interest'])} 元。"
        f"余额每年结转，不清零。" + _freshness(region, year)
    )
    title = f"{region_name(region)}：月工资 {monthly_salary:,.0f} 元、{age} 岁起的个人账户余额"
    return View(
        summary=summary,
        chart=png(account_charts.plot_balance(df, title=title)),
        traces={f"{year} 年每一元是怎么来的": trace},
        sources=df.attrs["sources"],
        value=float(last["balance"]),
        data={"balance": df},
    )


def reimburse_view(region: str, cost: float, hospital_level: int, year: int) -> View:
    """Inpatient bill of ``cost`` at ``hospital_level``: employee vs resident out-of-pocket.

    Numbers and traces: :func:`yibao_helpers.rules.reimburse.reimburse`; chart:
    :func:`yibao_helpers.present.charts.reimburse.plot_oop_vs_cost` of
    :func:`yibao_helpers.scenarios.reimburse.oop_curves`.
    """
    from ..scenarios import reimburse as reimburse_scenarios
    from .charts import reimburse as reimburse_charts

    on = mid_year(year)
    chosen = {
        scheme: reimburse.reimburse(cost, scheme=scheme, hospital_level=hospital_level, region=region, year=on)
        for scheme in SCHEME_ZH
    }
    curves = reimburse_scenarios.oop_curves(
        cost, region=region, year=on, max_cost=max(2.0 * float(cost), 100_000.0), hospital_level=hospital_level
    )
    emp, res = chosen["employee"], chosen["resident"]
    level = dict((v, k) for k, v in LEVEL_OPTIONS)[int(hospital_level)]
    diff = res.out_of_pocket - emp.out_of_pocket
    summary = (
        f"{_place(region)} {year} 年规则，{level}住院总费用 {cost:,.0f} 元："
        f"职工医保（在职）个人负担 <b><span class='yb-oop-employee'>{_money(emp.out_of_pocket)}</span> 元</b>，"
        f"城乡居民医保个人负担 <b><span class='yb-oop-resident'>{_money(res.out_of_pocket)}</span> 元</b>"
        f"（{'居民多付' if diff >= 0 else '居民少付'} {_money(abs(diff))} 元）。" + _freshness(region, year)
    )
    return View(
        summary=summary,
        chart=png(reimburse_charts.plot_oop_vs_cost(curves, level=hospital_level)),
        traces={f"{SCHEME_ZH[s]}：每一元由谁付": chosen[s].trace for s in SCHEME_ZH},
        sources=curves.attrs["sources"],
        value=float(emp.out_of_pocket),
        data={**chosen, "curves": curves},
    )


PENSION_NOTE = "其他缴费年限的养老保险个人账户储存额按年限等比例折算（示意）"


def pension_view(
    region: str, monthly_salary: float, years: int, year: int, retire_age: int, pension_balance: float
) -> View:
    """Monthly employee pension for the person, and for other contribution years as stacked bars.

    Inputs: :func:`yibao_helpers.scenarios.account.contribution_index` (计发基数 and the salary's index);
    numbers: :func:`yibao_helpers.rules.pension.estimate_pension` / :func:`~yibao_helpers.rules.pension.trace_pension`;
    chart: :func:`yibao_helpers.present.charts.pension.plot_pension_stack` of
    :func:`yibao_helpers.scenarios.pension.pension_by_years`.
    """
    from ..scenarios import account as account_scenarios
    from ..scenarios import pension as pension_scenarios
    from .charts import pension as pension_charts

    inputs = account_scenarios.contribution_index(monthly_salary, region=region, year=year)
    on = mid_year(year)
    table = pension_scenarios.pension_by_years(
        inputs["avg_wage"], inputs["index"], years, pension_balance, retire_age, region=region, on=on
    )
    trace = pension.trace_pension(
        inputs["avg_wage"], inputs["index"], years, pension_balance, retire_age, region=region, on=on
    )
    sources = merge_sources(table.attrs["sources"], inputs["sources"])
    table.attrs["sources"] = sources
    mine = table[table["is_person"]].iloc[0]
    summary = (
        f"{_place(region)}，{year} 年计发基数 {_money(inputs['avg_wage'])} 元/月，月工资 {monthly_salary:,.0f} 元"
        f"（缴费指数 {inputs['index']:.2f}），缴费 {years} 年、{retire_age} 岁退休、养老保险个人账户储存额 "
        f"{pension_balance:,.0f} 元：每月养老金约 <b><span class='yb-pension-value'>{_money(mine['total'])}</span> 元</b>"
        f"（基础 {_money(mine['basic'])} + 养老保险个人账户 {_money(mine['account'])} + 过渡性 {_money(mine['transitional'])}）。"
        + _freshness(region, year)
    )
    title = f"{region_name(region)}：缴费年限不同，每月养老金（{retire_age} 岁退休）"
    chart = pension_charts.plot_pension_stack(table, title=title, extra=PENSION_NOTE)
    return View(
        summary=summary,
        chart=png(chart),
        traces={"每月养老金是怎么算的": trace},
        sources=sources,
        value=float(mine["total"]),
        data={"table": table, "inputs": inputs},
    )


def error_message(exc: BaseException, region: str | None = None, year: int | None = None) -> str:
    """A short Chinese message for the page (no traceback)."""
    where = ""
    if region is not None:
        try:
            where = f"（{region_name(region)}" + (f"，{year} 年）" if year is not None else "）")
        except YibaoInputError:
            where = f"（{region}）"
    if isinstance(exc, YibaoInputError):
        param = getattr(exc, "param", None)
        text = getattr(exc, "allowed_zh", None) or str(exc).splitlines()[0]
        if param not in ("on", "start_year", "year"):
            text = f"参数 {param} = {exc.value}：{text}"
        hint = "请换一个年份或地区再试。" if param in ("on", "start_year", "year") else "请调整输入再试。"
        text = text.rstrip("。")
        if len(text) > MESSAGE_MAX:
            text = text[: MESSAGE_MAX - 1] + "…"
        return f"无法计算{where}：{text}。{hint}"
    return f"计算时出现意外错误{where}（{type(exc).__name__}），请换一组输入再试；详细信息已记入服务器日志。"


def safe_view(fn, **kwargs) -> View:
    """Call a ``*_view`` function; any exception becomes a :class:`View` with a Chinese ``error``."""
    try:
        return fn(**kwargs)
    except YibaoInputError as exc:
        log.info("bad input %s(%s): %s", fn.__name__, kwargs, str(exc).splitlines()[0])
        return View(error=error_message(exc, kwargs.get("region"), kwargs.get("year")))
    except Exception as exc:  # noqa: BLE001 — the page must never show a traceback
        log.exception("unexpected error in %s(%s)", fn.__name__, kwargs)
        return View(error=error_message(exc, kwargs.get("region"), kwargs.get("year")))


# --------------------------------------------------------------------------- widgets


def _widgets():
    import ipywidgets as w

    return w


class Panel:
    """The widgets of one tab: extra controls, an error box, summary, chart, trace and sources."""

    def __init__(self, key: str, controls=()):
        w = _widgets()
        self.key = key
        self.error = w.HTML(layout=w.Layout(display="none")).add_class("yb-error").add_class(f"yb-{key}-error")
        self.summary = w.HTML().add_class("yb-summary").add_class(f"yb-{key}-summary")
        self.notice = w.HTML().add_class(f"yb-{key}-notice")
        self.chart = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto")).add_class(
            f"yb-{key}-chart"
        )
        self.trace = w.HTML().add_class("yb-table").add_class(f"yb-{key}-trace")
        self.sources = w.HTML().add_class("yb-table").add_class(f"yb-{key}-sources")
        self.results = w.VBox([self.summary, self.notice, self.chart, self.trace, self.sources])
        self.box = w.VBox([*controls, self.error, self.results]).add_class(f"yb-{key}")
        self.view: View | None = None
        self.dirty = True

    def show(self, view: View) -> None:
        self.view = view
        if view.error:
            self.error.value = html.escape(view.error)
            self.error.layout.display = None
            self.results.layout.display = "none"
            return
        self.error.value = ""
        self.error.layout.display = "none"
        self.summary.value = view.summary
        self.notice.value = view.notice
        self.chart.value = view.chart or b""
        self.trace.value = trace_html(view.traces)
        self.sources.value = sources_html(view.sources)
        self.results.layout.display = None


def _year_range() -> tuple[int, int]:
    return FIRST_YEAR, data_as_of().year


class Dashboard(UploadControls):
    """The whole page: shared controls, three tabs, lazy redraw of the visible tab.

    Changing a control marks every tab stale and redraws the visible one; switching to a stale tab
    redraws it. ``.widget`` is the root to display.
    """

    def __init__(
        self,
        *,
        region: str = "national",
        monthly_salary: int = 8000,
        age: int = 30,
        years: int = 20,
        year: int | None = None,
        cost: int = 50_000,
        hospital_level: int = 3,
        retire_age: int = 60,
        pension_balance: int = 100_000,
        policy_file=None,
    ):
        use_policy_file(policy_file)  # the user's own numbers (a CSV like data/*.csv), or the project's data only
        check_defaults(
            region,
            year,
            hospital_level,
            monthly_salary=monthly_salary,
            age=age,
            years=years,
            cost=cost,
            retire_age=retire_age,
            pension_balance=pension_balance,
        )
        w = _widgets()
        style = {"description_width": "initial"}
        first, last = _year_range()
        slider = dict(style=style, continuous_update=False, layout=w.Layout(width="360px"))
        self.region = w.Dropdown(
            options=[(f"{region_name(c)}（{c}）", c) for c in regions()], value=region, description="地区", style=style
        ).add_class("yb-region")
        self.year = w.IntSlider(
            value=last if year is None else int(year),
            min=first,
            max=last,
            step=1,
            description="年份（当年7月1日的规则）",
            **slider,
        ).add_class("yb-year")
        self.salary = w.IntSlider(
            value=int(monthly_salary), **_span("monthly_salary"), description="月工资（元）", **slider
        ).add_class("yb-salary")
        self.age = w.IntSlider(value=int(age), **_span("age"), description="年龄（岁）", **slider).add_class("yb-age")
        self.years = w.IntSlider(value=int(years), **_span("years"), description="缴费年数（年）", **slider).add_class(
            "yb-years"
        )
        self.cost = w.IntSlider(value=int(cost), **_span("cost"), description="住院总费用（元）", **slider).add_class(
            "yb-cost"
        )
        self.level = w.ToggleButtons(
            options=LEVEL_OPTIONS,
            value=int(hospital_level),
            description="医院等级",
            style={"description_width": "initial", "button_width": "90px"},
        ).add_class("yb-level")
        self.retire_age = w.IntSlider(
            value=int(retire_age), **_span("retire_age"), description="退休年龄（岁）", **slider
        ).add_class("yb-retire-age")
        self.pension_balance = w.IntSlider(
            value=int(pension_balance),
            **_span("pension_balance"),
            description="养老保险个人账户储存额（元）",
            **slider,
        ).add_class("yb-pension-balance")
        self._build_upload(w)
        self.panels = {
            "balance": Panel("balance"),
            "reimburse": Panel("reimburse", [w.HBox([self.cost, self.level])]),
            "pension": Panel(
                "pension",
                [
                    w.HBox([self.retire_age, self.pension_balance]),
                    w.HTML(
                        "<span class='yb-note'>养老保险个人账户储存额见社保个人权益记录；"
                        "过渡性养老金按视同缴费年限 0 年计。</span>"
                    ),
                ],
            ),
        }
        self.tabs = w.Tab(children=[p.box for p in self.panels.values()], titles=TAB_TITLES).add_class("yb-tabs")
        header = w.HTML(
            CSS + f"<h2>{TITLE}</h2><p class='yb-note'>选择地区和年份，拖动滑块，"
            "每个结果下面都有“计算过程”表和数据来源。所有数字由经过测试的 yibao_helpers 计算器给出。</p>"
        )
        controls = w.VBox(
            [
                w.HBox([self.region, self.year]),
                w.HBox([self.salary, self.age, self.years]),
                w.HBox([self.upload, self.clear_upload, self.upload_status]),
            ]
        )
        self.widget = w.VBox([header, controls, self.tabs]).add_class("yb-app")
        for control in (self.region, self.year, self.salary, self.age, self.years):
            control.observe(self._changed_all, names="value")
        for control in (self.cost, self.level):
            control.observe(lambda _change: self._changed("reimburse"), names="value")
        for control in (self.retire_age, self.pension_balance):
            control.observe(lambda _change: self._changed("pension"), names="value")
        self.tabs.observe(lambda _change: self.refresh(), names="selected_index")
        self.refresh()

    # what each tab computes, from the controls' current values
    def compute(self, key: str) -> View:
        view = self._compute(key)
        if not view.error:
            view.notice = notice_html(notices.notice(view.sources, self.region.value))
        return view

    def _compute(self, key: str) -> View:
        common = {"region": self.region.value, "year": self.year.value}
        if key == "balance":
            return safe_view(
                balance_view, monthly_salary=self.salary.value, age=self.age.value, years=self.years.value, **common
            )
        if key == "reimburse":
            return safe_view(reimburse_view, cost=self.cost.value, hospital_level=self.level.value, **common)
        return safe_view(
            pension_view,
            monthly_salary=self.salary.value,
            years=self.years.value,
            retire_age=self.retire_age.value,
            pension_balance=self.pension_balance.value,
            **common,
        )

    @property
    def selected(self) -> str:
        return list(self.panels)[self.tabs.selected_index or 0]

    def refresh(self) -> None:
        """Redraw the visible tab if its inputs changed since it was last drawn."""
        panel = self.panels[self.selected]
        if panel.dirty:
            try:
                with style.slider_redraw():  # its chart reuses the text measurements of the previous one
                    view = self.compute(panel.key)
                panel.show(view)
            except Exception as exc:  # noqa: BLE001 — drawing failed: still no traceback in the page
                log.exception("could not show %s", panel.key)
                panel.show(View(error=error_message(exc)))
            panel.dirty = False

    def _changed_all(self, _change=None) -> None:
        for panel in self.panels.values():
            panel.dirty = True
        self.refresh()

    def _changed(self, key: str) -> None:
        self.panels[key].dirty = True
        self.refresh()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def dashboard(**defaults):
    """Build and display the dashboard (the one call in ``notebooks/app.ipynb``); returns it.

    If even building it fails, a short Chinese message is displayed instead of a traceback.
    """
    from IPython.display import HTML, display

    try:
        board = Dashboard(**defaults)
    except Exception as exc:  # noqa: BLE001
        log.exception("could not build the dashboard")
        display(HTML(f"<div class='yb-error'>{html.escape(error_message(exc))}</div>"))
        return None
    bundle = board.widget._repr_mimebundle_()
    if bundle:  # a short plain-text stand-in for viewers without widgets (and for the stored notebook)
        bundle["text/plain"] = f"{TITLE}（交互界面：用 make app 以 Voilà 打开，或在 JupyterLab 中运行）"
        display(bundle, raw=True)
    else:
        display(board.widget)
    return board
