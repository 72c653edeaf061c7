"""The dashboard (notebooks/app.ipynb) served by Voilà, driven in Debian's Chromium.

Starts Voilà on a free loopback port, waits for the widgets, drags the salary slider and checks the
displayed balance becomes what :func:`yibao_helpers.account.project_balance` gives for the new
salary; visits the two other tabs (chart, trace and sources appear; the out-of-pocket amounts equal
:func:`yibao_helpers.reimburse.reimburse`); saves screenshots into build/browser/; checks the page
shows Chinese text; then picks a region and a year its own rows do not reach (上海 2020) and checks the
注意 box names the 示例城市 values it borrowed, with no error and no Python traceback.
"""

from __future__ import annotations

import re
import warnings

import pytest
from browser_support import (  # noqa: F401 (fixtures)
    BIN,
    BUILD,
    ROOT,
    browser,
    chromium_path,
    cjk_font_installed,
    drag_slider,
    free_port,
    page,
    server_env,
    start_server,
)

from yibao_helpers.rules import account, reimburse

pytestmark = pytest.mark.notebooks  # slow: left out of `make test-fast` (-m "not notebooks")


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory, chromium_path):
    tmp = tmp_path_factory.mktemp("voila")
    port = free_port()
    cmd = [
        str(BIN / "voila"),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        "--Voila.port_retries=0",
        "--VoilaConfiguration.show_tracebacks=False",
        "--KernelManager.transport=ipc",  # as `make app`
        str(ROOT / "notebooks" / "app.ipynb"),
    ]
    server = start_server("voila", cmd, f"http://127.0.0.1:{port}/", cwd=ROOT, env=server_env(tmp))
    try:
        yield server
    finally:
        server.stop()


def readout(page, cls: str) -> int:
    return int(page.locator(f".{cls} .widget-readout").inner_text().replace(",", "").strip())


def money(x: float) -> str:
    return f"{x:,.2f}"


def open_tab(page, title: str) -> None:
    page.locator(".yb-tabs .lm-TabBar-tab", has_text=title).click()


def test_dashboard_in_chromium(voila_url, page):
    from playwright.sync_api import expect

    page.goto(voila_url.url)
    value = page.locator(".yb-balance-value")
    expect(value).to_be_visible(timeout=90_000)  # kernel start + first computation
    voila_url.record_descendants()

    region = page.locator(".yb-region select").input_value()
    code = re.search(r"（(\w+)）", region).group(1) if "（" in region else region
    year, age, years = readout(page, "yb-year"), readout(page, "yb-age"), readout(page, "yb-years")
    salary0 = readout(page, "yb-salary")

    def expected_balance(salary):
        n = min(years, 100 - age + 1)
        df = account.project_balance(salary, age, n, region=code, start_year=year)
        return money(df["balance"].iloc[-1])

    expect(value).to_have_text(expected_balance(salary0))

    # move the salary slider with the mouse; the balance becomes project_balance's for the new salary
    drag_slider(page, ".yb-salary", 0.4)
    expect(page.locator(".yb-salary .widget-readout")).not_to_have_text(str(salary0), timeout=10_000)
    salary1 = readout(page, "yb-salary")
    assert salary1 != salary0
    expect(value).to_have_text(expected_balance(salary1), timeout=30_000)
    expect(page.locator(".yb-balance-chart")).to_be_visible()
    expect(page.locator(".yb-balance-trace table")).to_contain_text("缴费基数")
    expect(page.locator(".yb-balance-sources table")).to_contain_text("国发")
    assert page.locator(".yb-balance-chart").evaluate("img => img.naturalWidth") > 300

    BUILD.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(BUILD / "app.png"))
    body = page.locator("body").inner_text()
    for text in ("医保明白账", "个人账户余额", "住院报销对比", "养老金估算", "计算过程", "年末余额"):
        assert text in body, text
    if cjk_font_installed() is False:
        warnings.warn(
            "no Chinese font installed (apt-get install fonts-noto-cjk): the screenshot shows boxes", stacklevel=1
        )

    # 住院报销对比: chart, both traces, sources; amounts equal reimburse() for the cost and level shown
    open_tab(page, "住院报销对比")
    expect(page.locator(".yb-reimburse-chart")).to_be_visible(timeout=30_000)
    cost = readout(page, "yb-cost")
    level = {"一级医院": 1, "二级医院": 2, "三级医院": 3}[
        page.locator(".yb-level button.mod-active").inner_text().strip()
    ]
    for scheme in ("employee", "resident"):
        res = reimburse.reimburse(cost, scheme=scheme, hospital_level=level, region=code, year=year)
        expect(page.locator(f".yb-oop-{scheme}")).to_have_text(money(res.out_of_pocket))
    expect(page.locator(".yb-reimburse-trace")).to_contain_text("职工医保")
    expect(page.locator(".yb-reimburse-trace")).to_contain_text("城乡居民医保")
    expect(page.locator(".yb-reimburse-trace")).to_contain_text("起付线")
    expect(page.locator(".yb-reimburse-sources table")).to_be_visible()
    page.screenshot(path=str(BUILD / "app-reimburse.png"))

    # 养老金估算: stacked chart, trace, sources
    open_tab(page, "养老金估算")
    expect(page.locator(".yb-pension-chart")).to_be_visible(timeout=30_000)
    expect(page.locator(".yb-pension-value")).to_be_visible()
    expect(page.locator(".yb-pension-trace")).to_contain_text("基础养老金")
    expect(page.locator(".yb-pension-sources table")).to_contain_text("国发〔2005〕38号")
    page.screenshot(path=str(BUILD / "app-pension.png"))

    # a region whose own rows do not reach back to the chosen year: the result is computed with borrowed
    # values (上海 has no 2020 rows for the account rules), and the 注意 box under it says so
    open_tab(page, "个人账户余额")
    page.locator(".yb-region select").select_option(label="上海（shanghai）")
    expect(page.locator(".yb-balance-summary")).to_contain_text("上海", timeout=30_000)
    year_box = page.locator(".yb-year .widget-readout")
    year_box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("2020")
    page.keyboard.press("Enter")
    notice = page.locator(".yb-balance-notice")
    expect(notice).to_contain_text("注意", timeout=30_000)
    expect(notice).to_contain_text("示例城市")
    expect(page.locator(".yb-balance-error")).to_be_hidden()
    expect(page.locator("body")).not_to_contain_text("Traceback")
    page.screenshot(path=str(BUILD / "app-borrowed.png"))
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "Error" not in body, body[:2000]
    assert not page.js_errors, page.js_errors
