"""The dashboard's callbacks (yibao_helpers/present/dashboard.py), without a browser.

Every number the dashboard shows must be the calculators' number for the same inputs; a bad
combination (a region without data for the chosen year) or any unexpected exception must give a
short Chinese message in the page, never a traceback. The widgets are ipywidgets objects that work
without a kernel, so the callbacks are driven here by setting the controls' values.
"""

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("ipywidgets")

from yibao_helpers.core.errors import YibaoInputError  # noqa: E402
from yibao_helpers.params import data_as_of  # noqa: E402
from yibao_helpers.present import dashboard as app  # noqa: E402
from yibao_helpers.present import dashboard_html  # noqa: E402
from yibao_helpers.rules import account, account_trace, pension, reimburse  # noqa: E402
from yibao_helpers.scenarios import account as account_scenarios  # noqa: E402
from yibao_helpers.scenarios import pension as pension_scenarios  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
YEAR = data_as_of().year
# 2014 precedes every row shanghai's chain (shanghai → national → example) has of a parameter each view needs:
# balance — the 全口径 wage (wages.csv line 41: the example city's from 2015-07-01; shanghai's, line 31, from
# 2023-07-01); reimbursement — the inpatient table (inpatient.csv lines 2-18: the example city's from 2017-07-29);
# pension — the average wage (wages.csv line 2: national from 2015-07-01). (Was shanghai 2020, a gap before
# shanghai's own base rows; now the next region of the chain answers before a region's first row.)
BAD = {"region": "shanghai", "year": 2014}
# the dashboard's year slider starts at 2016 (dashboard.FIRST_YEAR): there only the reimbursement tab lacks data
# (the inpatient table starts 2017-07-29)
BAD_ON_THE_SLIDER = {"region": "shanghai", "year": 2016}


def money(x):
    return f"{x:,.2f}"


def shown_value(panel, cls):
    m = re.search(rf"class='{cls}'>([\d,\.]+)<", panel.summary.value)
    assert m, panel.summary.value
    return m.group(1)


def is_hidden(widget):
    return widget.layout.display == "none"


# --------------------------------------------------------------------------- views = calculators


def test_balance_view_is_project_balance():
    v = app.balance_view("beijing", 12000, 45, 15, YEAR)
    df = account.project_balance(12000, 45, 15, region="beijing", start_year=YEAR)
    assert v.value == df["balance"].iloc[-1]
    assert f"<span class='yb-balance-value'>{money(df['balance'].iloc[-1])}</span>" in v.summary
    trace = next(iter(v.traces.values()))
    assert trace.equals(account_trace.trace_year(12000, 45, YEAR, region="beijing"))
    assert v.sources.equals(df.attrs["sources"])
    assert v.chart[:8] == b"\x89PNG\r\n\x1a\n"


def test_balance_view_stops_at_age_100():
    v = app.balance_view("national", 8000, 95, 30, YEAR)
    df = v.data["balance"]
    assert len(df) == 6 and df["age"].iloc[-1] == 100


@pytest.mark.parametrize("level", [1, 2, 3])
def test_reimburse_view_is_reimburse(level):
    v = app.reimburse_view("national", 80_000, level, YEAR)
    for scheme in ("employee", "resident"):
        r = reimburse.reimburse(80_000, scheme=scheme, hospital_level=level, region="national", year=YEAR)
        assert v.data[scheme].out_of_pocket == r.out_of_pocket
        assert f"<span class='yb-oop-{scheme}'>{money(r.out_of_pocket)}</span>" in v.summary
    assert list(v.traces) == ["职工医保：每一元由谁付", "城乡居民医保：每一元由谁付"]
    assert all(len(t) == 10 for t in v.traces.values())
    assert set(v.data["employee"].sources["parameter"]) <= set(v.sources["parameter"])
    curves = v.data["curves"]  # the chart's lines hold the same out-of-pocket at the chosen bill
    at = curves[(curves["level"] == level) & (curves["cost"] == 80_000)].set_index("group")["out_of_pocket"]
    assert at["employee_in_service"] == v.data["employee"].out_of_pocket
    assert at["resident"] == v.data["resident"].out_of_pocket


def test_pension_view_is_estimate_pension():
    # the salary's pension inputs (computed by scenarios.account.contribution_index, once the dashboard's own
    # pension_inputs): 计发基数 = last year's average wage ÷ 12, index = contribution base ÷ 计发基数
    # (国发〔2005〕38号: 基础养老金以上年度在岗职工月平均工资和本人指数化月平均缴费工资的平均值为基数)
    inputs = account_scenarios.contribution_index(9000, region="national", year=YEAR)
    pol = account.policy_for_year("national", YEAR)
    avg = round(pol["wage.avg_annual_prev_year"] / 12, 2)
    assert inputs["avg_wage"] == avg == pension_scenarios.pension_base("national", f"{YEAR}-07-01")[0]
    assert inputs["index"] == round(float(account.contribution_base(pol, 9000)) / avg, 4)
    assert inputs["base"] == float(account.contribution_base(pol, 9000))
    assert list(inputs["sources"]["parameter"]) == ["wage.avg_annual_prev_year"]
    v = app.pension_view("national", 9000, 22, YEAR, 60, 150_000)
    assert v.data["inputs"]["index"] == inputs["index"] and v.data["inputs"]["avg_wage"] == avg
    expected = pension.estimate_pension(avg, inputs["index"], 22, 150_000, 60, region="national", on=f"{YEAR}-07-01")
    assert v.value == expected["total"].iloc[0]
    assert f"<span class='yb-pension-value'>{money(expected['total'].iloc[0])}</span>" in v.summary
    table = v.data["table"]  # the chart's bars: the person's years and ±5, ±10 years
    assert list(table["years"]) == [12, 17, 22, 27, 32] and list(table["is_person"]) == [0, 0, 1, 0, 0]
    trace = next(iter(v.traces.values()))
    assert trace["金额（元）"].iloc[-1] == expected["total"].iloc[0]
    assert "wage.avg_annual_prev_year" in set(v.sources["parameter"])
    # the salary's index is clamped by the base limits: a salary of 0 pays on the floor
    assert account_scenarios.contribution_index(0, region="national", year=YEAR)["index"] == pytest.approx(
        float(account.base_limits(pol)[0]) / avg, abs=1e-4
    )


# --------------------------------------------------------------------------- Chinese messages, no tracebacks


@pytest.mark.parametrize(
    "view, kwargs",
    [
        (app.balance_view, {"monthly_salary": 8000, "age": 30, "years": 10}),
        (app.reimburse_view, {"cost": 50_000, "hospital_level": 3}),
        (app.pension_view, {"monthly_salary": 8000, "years": 20, "retire_age": 60, "pension_balance": 1e5}),
    ],
)
def test_region_without_data_for_the_year_gives_a_short_chinese_message(view, kwargs):
    with pytest.raises(YibaoInputError):
        view(**BAD, **kwargs)
    v = app.safe_view(view, **BAD, **kwargs)
    assert v.error.startswith("无法计算（上海，2014 年）：")
    assert v.error.endswith("请换一个年份或地区再试。")
    assert "Traceback" not in v.error and "Invalid" not in v.error and "\n" not in v.error
    assert len(v.error) <= app.MESSAGE_MAX + 40
    assert v.chart is None and v.value is None


def test_unexpected_exception_gives_a_generic_chinese_message(monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(account, "project_balance", broken)
    v = app.safe_view(app.balance_view, region="national", monthly_salary=8000, age=30, years=10, year=YEAR)
    assert v.error.startswith("计算时出现意外错误（全国，") and "ZeroDivisionError" in v.error
    assert "Traceback" not in v.error and "division by zero" not in v.error


def test_other_bad_input_names_the_parameter():
    v = app.safe_view(app.balance_view, region="national", monthly_salary=-5, age=30, years=10, year=YEAR)
    assert v.error.startswith("无法计算（全国，") and "monthly_salary" in v.error and "请调整输入再试。" in v.error
    v = app.safe_view(app.balance_view, region="atlantis", monthly_salary=8000, age=30, years=10, year=YEAR)
    assert v.error.startswith("无法计算（atlantis）：")


# --------------------------------------------------------------------------- the widgets' callbacks


@pytest.fixture
def board():
    return app.Dashboard(region="national", monthly_salary=8000, age=30, years=20, year=YEAR)


def test_dashboard_first_shows_the_balance_tab_only(board):
    panel = board.panels["balance"]
    df = account.project_balance(8000, 30, 20, region="national", start_year=YEAR)
    assert shown_value(panel, "yb-balance-value") == money(df["balance"].iloc[-1])
    assert panel.chart.value[:4] == b"\x89PNG" and "<table>" in panel.trace.value and "国发" in panel.sources.value
    assert "计算过程" in panel.trace.value and "数据来源" in panel.sources.value
    assert board.panels["reimburse"].dirty and board.panels["pension"].dirty  # drawn when first shown
    assert [board.tabs.get_title(i) for i in range(3)] == app.TAB_TITLES


def test_salary_slider_redraws_the_balance(board):
    board.salary.value = 15000
    df = account.project_balance(15000, 30, 20, region="national", start_year=YEAR)
    assert shown_value(board.panels["balance"], "yb-balance-value") == money(df["balance"].iloc[-1])
    board.age.value, board.years.value = 50, 10
    df = account.project_balance(15000, 50, 10, region="national", start_year=YEAR)
    assert shown_value(board.panels["balance"], "yb-balance-value") == money(df["balance"].iloc[-1])


def test_tabs_are_drawn_when_shown_and_follow_the_controls(board):
    board.tabs.selected_index = 1
    panel = board.panels["reimburse"]
    assert not panel.dirty and "起付线" in panel.trace.value and "城乡居民医保" in panel.trace.value
    board.cost.value, board.level.value = 120_000, 2
    r = reimburse.reimburse(120_000, scheme="resident", hospital_level=2, region="national", year=YEAR)
    assert shown_value(panel, "yb-oop-resident") == money(r.out_of_pocket)
    board.salary.value = 20000  # marks every tab stale; only the visible one is redrawn now
    assert board.panels["balance"].dirty and not panel.dirty
    board.tabs.selected_index = 2
    p = board.panels["pension"]
    assert "基础养老金" in p.trace.value and p.chart.value[:4] == b"\x89PNG"
    before = shown_value(p, "yb-pension-value")
    board.pension_balance.value = 300_000
    assert shown_value(p, "yb-pension-value") != before
    board.tabs.selected_index = 0
    df = account.project_balance(20000, 30, 20, region="national", start_year=YEAR)
    assert shown_value(board.panels["balance"], "yb-balance-value") == money(df["balance"].iloc[-1])


def test_bad_combination_in_the_dashboard_shows_a_message_then_recovers(board):
    # REWRITTEN for issue 13: on the slider (2016–) only the reimbursement tab has a year without data
    # (BAD_ON_THE_SLIDER); the balance and pension tabs of 上海 2016 are computed with national / example rows
    # (before shanghai's own rows, the next region of its chain answers)
    assert app.FIRST_YEAR == BAD_ON_THE_SLIDER["year"] == board.year.min
    board.region.value = BAD_ON_THE_SLIDER["region"]
    board.year.value = BAD_ON_THE_SLIDER["year"]
    for index, key in enumerate(["balance", "reimburse", "pension"]):
        board.tabs.selected_index = index
        panel = board.panels[key]
        if key == "reimburse":
            assert not is_hidden(panel.error) and is_hidden(panel.results), key
            assert panel.error.value.startswith("无法计算（上海，2016 年）"), panel.error.value
            assert "inpatient." in panel.error.value and "Traceback" not in panel.error.value
        else:
            assert is_hidden(panel.error) and not is_hidden(panel.results), key
    board.year.value = YEAR  # a year with data: the results come back (a tab is redrawn when shown)
    board.tabs.selected_index = 1
    panel = board.panels["reimburse"]
    assert is_hidden(panel.error) and not is_hidden(panel.results) and panel.error.value == ""


def test_a_crash_while_drawing_still_shows_a_message(board, monkeypatch):
    monkeypatch.setattr(app, "trace_html", lambda traces: 1 / 0)
    board.salary.value = 9000
    panel = board.panels["balance"]
    assert not is_hidden(panel.error) and "计算时出现意外错误" in panel.error.value


def test_dashboard_builder_failure_displays_a_message(monkeypatch):
    import IPython.display

    def broken(**kwargs):
        raise YibaoInputError("region", "atlantis", "应为已有数据的地区之一", "must be a region with data")

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append(obj))
    monkeypatch.setattr(app, "Dashboard", broken)
    assert app.dashboard(region="atlantis") is None
    (html,) = [obj.data for obj in shown]
    assert "yb-error" in html and "无法计算" in html and "Traceback" not in html


def test_dashboard_displays_the_widget_with_a_short_text_fallback(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append((obj, kw)))
    board = app.dashboard()
    ((bundle, kw),) = shown
    assert kw == {"raw": True} and bundle["text/plain"].startswith(app.TITLE)
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == board.widget.model_id


def test_trace_table_html_escapes_and_formats_money():
    import pandas as pd

    html = dashboard_html.table_html(pd.DataFrame({"步骤": ["<b>x</b>"], "金额（元）": [12345.6]}))
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "12,345.60" in html


# --------------------------------------------------------------------------- the notebook and make app


def test_app_notebook_only_calls_the_package():
    nb = json.loads((ROOT / "notebooks" / "app.ipynb").read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    # a parameters cell (papermill) holding only plain assignments, then the one call into the package
    params, code = code[0], code[1:]
    assert "parameters" in params["metadata"].get("tags", [])
    assert all(ln.startswith("#") or " = " in ln for ln in "".join(params["source"]).splitlines() if ln.strip())
    assert len(code) == 1
    src = "".join(code[0]["source"])
    lines = [ln for ln in src.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert lines[0] == "from yibao_helpers.present.dashboard import dashboard" and lines[1].startswith(
        "board = dashboard("
    )
    assert "nbval-ignore-output" in code[0]["metadata"].get("tags", [])  # widget ids change every run
    for out in code[0].get("outputs", []):
        assert out["output_type"] != "error" and out.get("name") != "stderr"


def test_make_app_binds_loopback_only():
    """`make app` runs the launcher in its default mode, which serves notebooks/app.ipynb on 127.0.0.1 only."""
    from yibao_helpers.tools import app_server

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\napp:", 1)[1].split("\n\n", 1)[0]
    assert "yibao_helpers.tools.app_server" in recipe and "--classroom" not in recipe and "0.0.0.0" not in recipe
    served = app_server.settings(app_server.parser().parse_args(["--port=8866"]), environ={})
    assert served["ip"] == "127.0.0.1" and app_server.APP_NOTEBOOK.name == "app.ipynb"


def test_year_slider_covers_the_data():
    first, last = app._year_range()
    assert first == app.FIRST_YEAR < last == YEAR


@pytest.mark.parametrize(
    ("name", "typed", "allowed"),
    [
        ("region", "atlantis", "应为已有数据的地区之一"),  # was a bare TraitError from the dropdown
        ("monthly_salary", 80_000, "应在 0 到 60000 元/月之间"),  # the slider would have clamped it to 60,000
        ("monthly_salary", -5, "应在 0 到 60000 元/月之间"),
        ("age", 15, "16 到 100 岁"),
        ("years", 0, "1 到 50 年"),
        ("years", "20", "应为整数"),
        ("hospital_level", 7, "应为以下之一"),
        ("year", 1990, "（日历年）"),
    ],
)
def test_the_dashboards_starting_values_are_named_as_typed(name, typed, allowed):
    """issue 16, deliverable 7: every dashboard input names itself (and its allowed range) in its error."""
    with pytest.raises(YibaoInputError) as err:
        app.Dashboard(**{name: typed})
    head = str(err.value).splitlines()[0]
    assert head.startswith(f"参数 {name} 的值 {typed!r} 无效") and allowed in head, head


def test_the_dashboard_shows_a_bad_starting_value_as_a_sentence_not_a_traceback(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append(obj))
    board = app.dashboard(region="nanchang", monthly_salary=-5)
    assert board is None and len(shown) == 1
    page = shown[0].data
    assert "参数 monthly_salary = -5" in page and "0 到 60000 元/月" in page and "Traceback" not in page
