"""Helpers of the real-browser tests: Debian's Chromium driven by the ``playwright`` Python package.

* Chromium is Debian's (``apt-get install -y chromium fonts-noto-cjk``; ``.ci/run`` installs both when
  missing), found at ``$YIBAO_CHROMIUM``, ``/usr/bin/chromium`` or on ``PATH``. When it truly cannot be
  found the tests are SKIPPED with that reason; ``playwright install`` (its own browser download) is
  never used and would not work here.
* Each server (Voilà, JupyterLab) is started on a free port of 127.0.0.1, with ``start_new_session``,
  and stopped through its own ``Popen`` handle: SIGTERM (the server shuts its kernels down), then
  SIGKILL if it hangs; any kernel it started that is still alive is then killed by its pid (recorded
  while the server ran). Nothing is stopped by name.
* Every wait has a timeout, so a test ends in bounded time; screenshots and server logs go to
  ``build/browser/``.

The fixtures (``chromium_path``, ``browser``, ``page``) live here, not in a ``conftest.py``: a second
module named ``conftest`` would shadow ``tests/conftest.py`` for the tests that import from it. The
test modules import them by name.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "browser"
BIN = Path(sys.executable).parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT = 60  # s
STOP_TIMEOUT = 15  # s


def find_chromium() -> str | None:
    """Debian's Chromium: $YIBAO_CHROMIUM, /usr/bin/chromium, or chromium / chromium-browser on PATH."""
    for candidate in (
        os.environ.get("YIBAO_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children_of(pids: set[int]) -> set[int]:
    """Processes whose parent is in ``pids`` (read from /proc; Linux)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid in pids:
            found.add(int(entry.name))
    return found


def _start_time(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except OSError:
        return None


class Server:
    """A server process of this test session: started, waited for, and stopped by its own handle."""

    def __init__(self, name: str, cmd: list[str], url: str, *, cwd: Path, env: dict):
        BUILD.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.url = url
        self.log_path = BUILD / f"{name}.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 — closed in stop()
        self.proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.descendants: dict[int, str | None] = {}

    def log_tail(self, n: int = 4000) -> str:
        self._log.flush()
        return self.log_path.read_bytes()[-n:].decode("utf-8", "replace")

    def wait_ready(self, path: str = "", timeout: float = SERVER_START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.3)
        raise TimeoutError(f"{self.name} not ready at {self.url + path} after {timeout} s:\n{self.log_tail()}")

    def record_descendants(self) -> None:
        """Remember the server's child processes (its kernels) so that none can outlive the test."""
        level = {self.proc.pid}
        while level:
            level = _children_of(level) - set(self.descendants)
            for pid in level:
                self.descendants[pid] = _start_time(pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.record_descendants()
            self.proc.send_signal(signal.SIGTERM)  # Voilà and Jupyter shut their kernels down on SIGTERM
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(STOP_TIMEOUT)
        for pid, started in self.descendants.items():  # only the very processes this server started
            if started is not None and _start_time(pid) == started:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self._log.close()


def server_env(tmp: Path) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "MPLBACKEND": "Agg",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
            "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(tmp / "lab-settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "lab-workspaces"),
            "JUPYTER_PLATFORM_DIRS": "1",
        }
    )
    return env


def start_server(name: str, cmd: list[str], url: str, *, cwd: Path, env: dict, ready_path: str = "") -> Server:
    server = Server(name, cmd, url, cwd=cwd, env=env)
    try:
        server.wait_ready(ready_path)
    except BaseException:
        server.stop()
        raise
    return server


def drag_slider(page, slider_selector: str, fraction: float) -> None:
    """Drag a noUiSlider handle (ipywidgets 8) to ``fraction`` of its track with the mouse."""
    handle = page.locator(f"{slider_selector} .noUi-handle").first
    track = page.locator(f"{slider_selector} .noUi-base").first
    handle.scroll_into_view_if_needed()
    hb = handle.bounding_box()
    tb = track.bounding_box()
    page.mouse.move(hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2)
    page.mouse.down()
    target_x = tb["x"] + tb["width"] * fraction
    page.mouse.move(target_x, hb["y"] + hb["height"] / 2, steps=8)
    page.mouse.up()


def cjk_font_installed() -> bool | None:
    """True/False when fontconfig can tell whether a Chinese font is installed; None when it cannot."""
    fc = shutil.which("fc-list")
    if fc is None:
        return None
    out = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True, timeout=30).stdout
    return bool(out.strip())


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip(
            "Debian's Chromium not found (/usr/bin/chromium, chromium on PATH, or $YIBAO_CHROMIUM): "
            "install it with `apt-get install -y chromium fonts-noto-cjk` (.ci/run does this)"
        )
    return path


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True, timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors
    try:
        yield pg
    finally:
        context.close()
