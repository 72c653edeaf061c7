"""JupyterLab in Debian's Chromium: run 01_personal_account.ipynb from the UI, move a slider, no errors.

JupyterLab is started on a free port of 127.0.0.1 with the token off (for this test only), on a
temporary copy of the notebook (so autosave cannot touch notebooks/), with its own settings dir
(notebook windowing off, so every cell is in the page; no news prompt). The test runs 运行 → Run All Cells from the
menu, waits until every code cell has an execution count, checks that no cell shows an error or
stderr, drags the salary slider of the 自己试试 section and checks the widget's output shows the
balance :func:`yibao_helpers.account.project_balance` gives for the new inputs — still without errors.
"""

from __future__ import annotations

import json
import re
import shutil
import time

import pytest
from browser_support import (  # noqa: F401 (fixtures)
    BIN,
    BUILD,
    ROOT,
    browser,
    chromium_path,
    drag_slider,
    free_port,
    page,
    server_env,
    start_server,
)

from yibao_helpers.rules import account

pytestmark = pytest.mark.notebooks  # slow: left out of `make test-fast` (-m "not notebooks")
NOTEBOOK = "01_personal_account.ipynb"
RUN_TIMEOUT = 90  # s for Run All Cells


@pytest.fixture(scope="module")
def lab(tmp_path_factory, chromium_path):
    tmp = tmp_path_factory.mktemp("lab")
    work = tmp / "notebooks"
    work.mkdir()
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, work / NOTEBOOK)
    env = server_env(tmp)
    settings = tmp / "lab-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    news = tmp / "lab-settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    port = free_port()
    cmd = [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.allow_root=True",
        f"--ServerApp.root_dir={work}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    server = start_server("jupyterlab", cmd, f"http://127.0.0.1:{port}/", cwd=work, env=env, ready_path="api/status")
    try:
        yield server
    finally:
        server.stop()


ERROR_OUTPUTS = ".jp-Notebook .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"


def assert_no_errors(page) -> None:
    errors = page.locator(ERROR_OUTPUTS)
    assert errors.count() == 0, errors.first.inner_text()[:2000]
    text = page.locator(".jp-Notebook").inner_text()
    assert "Traceback" not in text and "无法计算" not in text, text[:2000]


def wait_all_executed(page, timeout: float) -> int:
    """Wait until no cell is queued or running and every code cell has an execution count."""
    deadline = time.monotonic() + timeout
    prompts = page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt")
    while time.monotonic() < deadline:
        texts = [t.strip() for t in prompts.all_inner_texts()]
        if texts and all(re.fullmatch(r"\[\d+\]:", t) for t in texts):
            return len(texts)
        time.sleep(0.5)
    raise TimeoutError(f"cells not all executed after {timeout} s: {texts}")


def test_personal_account_notebook_runs_in_jupyterlab(lab, page):
    from playwright.sync_api import expect

    page.goto(f"{lab.url}lab/tree/{NOTEBOOK}")
    expect(page.locator(".jp-Notebook .jp-Cell").first).to_be_visible(timeout=90_000)
    # the kernel is connected and ready when the status bar says "Python 3 (ipykernel) | Idle"
    expect(page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"ipykernel\) \| Idle"))).to_have_count(
        1, timeout=60_000
    )
    lab.record_descendants()

    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    n = wait_all_executed(page, RUN_TIMEOUT)
    assert n >= 10
    lab.record_descendants()
    assert_no_errors(page)

    # the 自己试试 widgets: drag the salary slider; the printed balance follows project_balance
    box = page.locator(".jp-Notebook .widget-vbox").filter(has=page.locator(".widget-slider")).first
    box.scroll_into_view_if_needed()
    salary = box.locator(".widget-slider").filter(has_text="月工资").first
    expect(salary).to_be_visible()
    out = box.locator(".widget-output")
    expect(out).to_contain_text("年末余额", timeout=30_000)
    expect(out.locator("img")).to_be_visible(timeout=30_000)
    before = out.inner_text()

    def value_of(label: str) -> int:
        widget = box.locator(".widget-slider").filter(has_text=label).first
        return int(widget.locator(".widget-readout").inner_text().strip())

    salary0 = value_of("月工资")
    salary.evaluate("el => el.classList.add('yb-test-salary')")
    drag_slider(page, ".yb-test-salary", 0.5)
    expect(salary.locator(".widget-readout")).not_to_have_text(str(salary0), timeout=10_000)
    salary1, age, years, spend = value_of("月工资"), value_of("年龄"), value_of("年数"), value_of("每年支出")
    region = box.locator("select").input_value()
    code = re.search(r"（(\w+)）", region).group(1) if "（" in region else region
    start_year = int(re.search(r"(\d{4}) 年末余额", before).group(1)) - min(years, 100 - age + 1) + 1
    df = account.project_balance(
        salary1, age, min(years, 100 - age + 1), region=code, start_year=start_year, annual_spending=spend
    )
    expect(out).to_contain_text(f"年末余额 {df['balance'].iloc[-1]:,.2f} 元", timeout=30_000)
    assert out.inner_text() != before
    expect(out.locator("img")).to_be_visible(timeout=30_000)  # the redrawn chart
    assert out.locator("img").first.evaluate("img => img.naturalWidth") > 300

    BUILD.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(BUILD / "lab-01.png"))
    assert_no_errors(page)
    assert not page.js_errors, page.js_errors
