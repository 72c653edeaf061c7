"""Slider latency in a real browser: mouse release → the new chart image, p95 over 20 moves.

Each page is served by Voilà the way ``make app`` serves the dashboard (127.0.0.1 only, a free port,
kernels over IPC, no tracebacks): the dashboard (``notebooks/app.ipynb``) and notebooks 01 and 03
rendered by Voilà too. Debian's Chromium (driven by the ``playwright`` package, never a downloaded
browser) opens the page, waits for every cell's output, and drags the page's first slider with the
mouse 20 times, back and forth between two positions, so that every move changes the value. In the
page, a ``pointerup`` listener records the time of the release and a ``MutationObserver`` the time an
``<img>`` gets a new ``src`` (or a new ``<img>`` appears, as when an Output widget is rewritten); the
latency of a move is the difference, measured by the browser's own clock (``performance.now()``).
It covers the whole round trip: the comm message to the kernel, the callback (compute + PNG), the
message back and the DOM update.

Run: ``python benchmarks/bench_slider_browser.py`` (a Markdown table) or ``--json`` (a JSON list of
``{"page", "moves", "p50_ms", "p95_ms", "max_ms"}``). Without Chromium or playwright it says so and
exits 0 (``make bench`` goes on). Server logs and a screenshot per page go to ``build/browser/``.
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))

from browser_support import (  # noqa: E402
    BIN,
    BUILD,
    CHROMIUM_ARGS,
    drag_slider,
    find_chromium,
    free_port,
    server_env,
    start_server,
)

MOVES = 20
POSITIONS = (0.3, 0.55)  # fractions of the slider's track, alternately
PAGES = [  # (label, notebook)
    ("01 个人账户（Voilà）", "notebooks/01_personal_account.ipynb"),
    ("03 住院报销（Voilà）", "notebooks/03_reimbursement.ipynb"),
    ("看板 dashboard（app.ipynb）", "notebooks/app.ipynb"),
]
READY_TIMEOUT = 300_000  # ms: kernel start and every cell of the notebook
MOVE_TIMEOUT = 30_000  # ms: one move's new image

# installed once per page: release times and image-change times, by the page's clock
WATCH_JS = """
() => {
  window.__yb = {releases: [], images: []};
  window.addEventListener('pointerup', () => window.__yb.releases.push(performance.now()), true);
  const seen = (node) => node.nodeName === 'IMG' || (node.querySelector && node.querySelector('img'));
  new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) {
      if ((r.type === 'attributes' && r.target.nodeName === 'IMG') ||
          (r.type === 'childList' && [...r.addedNodes].some(seen))) {
        window.__yb.images.push(now);
        return;
      }
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
}
"""

# the first slider of the page gets a class so that drag_slider can find it
MARK_FIRST_SLIDER_JS = """
() => {
  const s = document.querySelector('.widget-slider');
  s.classList.add('yb-bench-slider');
  return s.querySelector('.widget-label') ? s.querySelector('.widget-label').innerText : '';
}
"""


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def measure_page(browser, label: str, notebook: str, tmp: Path) -> dict:
    port = free_port()
    cmd = [
        str(BIN / "voila"),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        "--Voila.port_retries=0",
        "--VoilaConfiguration.show_tracebacks=False",
        "--KernelManager.transport=ipc",  # as `make app`
        str(ROOT / notebook),
    ]
    name = "bench-voila-" + Path(notebook).stem
    server = start_server(name, cmd, f"http://127.0.0.1:{port}/", cwd=ROOT, env=server_env(tmp / name))
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    try:
        page = context.new_page()
        page.set_default_timeout(READY_TIMEOUT)
        page.goto(server.url, timeout=READY_TIMEOUT)
        page.locator(".widget-slider").first.wait_for(state="visible", timeout=READY_TIMEOUT)
        page.locator("img").first.wait_for(state="attached", timeout=READY_TIMEOUT)
        page.wait_for_load_state("networkidle", timeout=READY_TIMEOUT)
        server.record_descendants()
        slider = page.evaluate(MARK_FIRST_SLIDER_JS)
        page.evaluate(WATCH_JS)
        latencies, missed = [], 0
        for i in range(MOVES):
            before = page.evaluate("window.__yb.images.length")
            drag_slider(page, ".yb-bench-slider", POSITIONS[i % 2])
            try:
                page.wait_for_function(f"window.__yb.images.length > {before}", timeout=MOVE_TIMEOUT)
            except Exception:  # noqa: BLE001 — no new image for this move: count it, go on
                missed += 1
                continue
            page.wait_for_timeout(300)  # let the rest of the move's messages land before the next drag
            release = page.evaluate("window.__yb.releases[window.__yb.releases.length - 1]")
            first = page.evaluate(f"window.__yb.images.slice({before}).find(t => t >= {release})")
            if first is None:
                missed += 1
                continue
            latencies.append(first - release)
        BUILD.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(BUILD / f"{name}.png"))
    finally:
        context.close()
        server.stop()
    row = {"page": label, "slider": slider, "moves": len(latencies), "missed": missed}
    if latencies:
        row.update(
            p50_ms=round(percentile(latencies, 50), 1),
            p95_ms=round(percentile(latencies, 95), 1),
            max_ms=round(max(latencies), 1),
        )
    return row


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of the Markdown table")
    args = parser.parse_args(argv)
    # stopped with SIGTERM (e.g. `timeout`): unwind, so that each Voilà server and its kernels are stopped too
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    chromium = find_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if chromium is None or sync_playwright is None:
        print("跳过 skipped: Debian's Chromium or the playwright package is missing (apt-get install -y chromium)")
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="yibao-bench-browser-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True, timeout=60_000)
        try:
            for label, notebook in PAGES:
                try:
                    rows.append(measure_page(browser, label, notebook, Path(tmp)))
                except Exception as exc:  # noqa: BLE001 — the page did not come up: report it, go on
                    rows.append({"page": label, "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:80]}"})
        finally:
            browser.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print(f"| 页面 page | 拖动的滑块 | 有效次数 | 中位数 p50 | p95 | 最慢 max |  （松开鼠标 → 新图，{MOVES} 次）")
    print("|---|---|---:|---:|---:|---:|")
    for r in rows:
        if "error" in r:
            print(f"| {r['page']} | 出错 {r['error']}（见 build/browser/） | | | | |")
            continue
        if "p95_ms" not in r:
            print(f"| {r['page']} | {r['slider']} | 0（{r['missed']} 次没有新图） | | | |")
            continue
        moves = f"{r['moves']}" + (f"（{r['missed']} 次没有新图）" if r["missed"] else "")
        print(
            f"| {r['page']} | {r['slider']} | {moves} | {r['p50_ms']:.0f} ms | {r['p95_ms']:.0f} ms "
            f"| {r['max_ms']:.0f} ms |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
