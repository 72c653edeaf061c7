"""The shared dashboard (``python -m yibao_helpers.tools.app_server``): safety, culling and the kernel cap.

One classroom server on a free loopback port (token, cap of 3 kernels, a pool of 1, a 10-second cull
timeout for the test), driven by websocket clients speaking the kernel protocol as the Voilà page does
(``tests/support/app_client.py``):

* an ``execute_request`` sent over the page's websocket runs nothing (the cell would create a file);
* a kernel whose page never connected is culled;
* when the cap is reached the page answers 503 with the Chinese "请稍后再试" page, and the server keeps working;
* a client speaking the legacy websocket protocol gets the chart image without freezing the server;
* classroom mode refuses a non-loopback address without a token or password (nothing is started).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from app_client import KernelChannels, fetch_page, find_model
from browser_support import ROOT, free_port, server_env, start_server

pytestmark = pytest.mark.notebooks  # starts kernels: left out of `make test-fast`

TOKEN = "test-token-for-loopback"
CAP = 3
CULL = 10  # s, this test only (the server's default is 105 s + a 15 s interval)
LAUNCHER = [sys.executable, "-m", "yibao_helpers.tools.app_server"]


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("classroom")
    port = free_port()
    cmd = [
        *LAUNCHER,
        "--classroom",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--token={TOKEN}",
        f"--max-kernels={CAP}",
        "--pool=1",
        f"--cull-idle-timeout={CULL}",
        "--cull-interval=1",
    ]
    url = f"http://127.0.0.1:{port}/"
    server = start_server("app_server", cmd, url, cwd=ROOT, env=server_env(tmp), ready_path="voila/static/voila.js")
    try:
        yield server
    finally:
        server.stop()
        log = server.log_path.read_text(errors="replace")
        at = log.find("Traceback")
        assert at < 0, log[max(0, at - 1500) : at + 3000]  # the traceback itself, not the log's tail


def run(coro):
    return asyncio.run(coro)


async def page_with_kernel(url: str, timeout: float = 120) -> str:
    """A page load that got a kernel (retried while the test's own earlier kernels are being culled)."""
    deadline = time.monotonic() + timeout
    while True:
        status, _html, kernel_id = await fetch_page(url, TOKEN)
        if status == 200 and kernel_id:
            return kernel_id
        assert status == 503, status
        assert time.monotonic() < deadline, "no free kernel"
        await asyncio.sleep(1)


def kernel_status(url: str, kernel_id: str) -> int:
    request = urllib.request.Request(f"{url}api/kernels/{kernel_id}", headers={"Authorization": f"token {TOKEN}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_execute_request_runs_nothing(classroom, tmp_path):
    marker = tmp_path / "ran.txt"
    code = f"open({str(marker)!r}, 'w').write('ran')"

    async def scenario():
        kernel_id = await page_with_kernel(classroom.url)
        ch = await KernelChannels.open(classroom.url, kernel_id, TOKEN)
        try:
            ch.send(
                "execute_request",
                {
                    "code": code,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
            )
            # shell requests are answered in order: had the execute_request reached the kernel, its reply would come first
            await ch.kernel_info()
            await asyncio.sleep(2)
            return [m["msg_type"] for m in ch.received]
        finally:
            ch.close()

    seen = run(scenario())
    assert "kernel_info_reply" in seen
    assert not {"execute_reply", "execute_input", "execute_result", "error"} & set(seen), seen
    time.sleep(1)
    assert not marker.exists(), "the execute_request ran"


def test_never_connected_kernel_is_culled(classroom):
    kernel_id = run(page_with_kernel(classroom.url))  # page loaded, websocket never opened
    assert kernel_status(classroom.url, kernel_id) == 200
    deadline = time.monotonic() + CULL + 30
    while kernel_status(classroom.url, kernel_id) == 200:
        assert time.monotonic() < deadline, "the never-connected kernel was not culled"
        time.sleep(1)
    assert kernel_status(classroom.url, kernel_id) == 404


def test_full_page_is_503_in_chinese(classroom):
    async def burst():
        return await asyncio.gather(*(fetch_page(classroom.url, TOKEN) for _ in range(CAP + 3)))

    results = run(burst())
    statuses = sorted(status for status, _html, _kid in results)
    assert 503 in statuses and set(statuses) <= {200, 503}, statuses
    full = next(html for status, html, _kid in results if status == 503)
    assert "人数已满，请稍后再试" in full and "please try again later" in full
    assert "Traceback" not in full
    # the server still serves, and once the idle kernels are culled a page gets a kernel again
    assert run(page_with_kernel(classroom.url, timeout=CULL + 90))


def test_legacy_websocket_client_does_not_freeze_the_server(classroom):
    async def scenario():
        kernel_id = await page_with_kernel(classroom.url)
        ch = await KernelChannels.open(classroom.url, kernel_id, TOKEN, legacy=True)
        try:
            states = await ch.widget_states()  # carries the chart image as a binary buffer
            salary = find_model(states, "yb-salary")
            chart = find_model(states, "yb-balance-chart")
            value = states[salary]["state"]["min"] + states[salary]["state"]["step"]
            return await ch.move(salary, value, {chart})
        finally:
            ch.close()

    assert run(scenario()) < 60
    with urllib.request.urlopen(classroom.url + "voila/static/voila.js", timeout=10) as resp:
        assert resp.status == 200


@pytest.mark.parametrize(
    "flags",
    [["--classroom", "--ip=0.0.0.0"], ["--classroom", "--ip=192.168.1.20"], ["--ip=0.0.0.0", "--token=abc"]],
)
def test_refuses_network_address_without_token(flags, tmp_path):
    env = server_env(tmp_path)
    env.pop("YIBAO_APP_TOKEN", None)
    out = subprocess.run(
        [*LAUNCHER, *flags, f"--port={free_port()}"], capture_output=True, text=True, timeout=60, env=env, cwd=ROOT
    )
    assert out.returncode == 2, out
    assert "Refusing" in out.stderr and ("口令" in out.stderr or "课堂模式" in out.stderr)


def test_classroom_with_token_would_start(tmp_path):
    env = server_env(tmp_path)
    out = subprocess.run(
        [*LAUNCHER, "--classroom", "--ip=0.0.0.0", "--token=auto", "--dry-run"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
    )
    assert out.returncode == 0, out
    assert "?token=" in out.stdout and "同时在线上限 kernel cap: 45" in out.stdout
