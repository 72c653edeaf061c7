"""A class on the dashboard: bounded load test of the classroom mode, on loopback only.

Starts ``python -m yibao_helpers.tools.app_server --classroom`` on a free port of 127.0.0.1 (with a
token, a kernel cap and a pre-heated pool), then

* **students** (default 40) at once: each GETs the page, reads its kernel id, opens the kernel
  websocket as the Voilà page does (v1 protocol), asks for the widgets' state, moves the salary slider
  10 times (the comm message ``update`` with ``{"value": …}``) waiting each time for the new summary
  and chart image, then closes the websocket and leaves. A student answered "人数已满" (503) retries
  every 5 s;
* while the students move their sliders, **page loads that never connect** (default 100), at most 20
  at a time: GET the page and go away.

Reports the slider round-trip (p50/p95 over every move), page-load times, how many loads were
answered 503, peak memory (RSS of the server plus all its kernels, sampled every 0.5 s) and the number
of kernels alive ``--wait`` seconds (default 120) after the last client left, with the cull settings
used (default: the production ones, 105 s idle + 15 s interval). Target: only the pool is left.

Run: ``python benchmarks/bench_app_load.py`` (≈ 8–10 min on 2 cores: 40+ kernels start and run the
notebook; the 2-minute wait is part of it). ``--students 5 --ghosts 10 --wait 30 --cull-idle-timeout 10
--cull-interval 2`` is a quick smoke run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))
from app_client import KernelChannels, fetch_page, find_model  # noqa: E402
from browser_support import free_port  # noqa: E402

RETRY_EVERY = 5  # s between a refused student's attempts
STUDENT_DEADLINE = 900  # s: a student who is not in by then gives up (counted)


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


class Sampler:
    """RSS of the server and its descendants (its kernels), every 0.5 s; also the number of kernels."""

    def __init__(self, pid: int):
        self.proc = psutil.Process(pid)
        self.peak_rss = 0
        self.peak_kernels = 0

    def kernels(self) -> list[psutil.Process]:
        out = []
        for child in self.proc.children(recursive=True):
            try:
                if "ipykernel_launcher" in " ".join(child.cmdline()):
                    out.append(child)
            except psutil.Error:
                pass
        return out

    def sample(self) -> None:
        total = 0
        procs = [self.proc, *self.proc.children(recursive=True)]
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        self.peak_rss = max(self.peak_rss, total)
        self.peak_kernels = max(self.peak_kernels, len(self.kernels()))

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await asyncio.to_thread(self.sample)
            await asyncio.sleep(0.5)


async def student(i: int, base: str, token: str, moves: int, stats: dict, all_in: asyncio.Event, n: int) -> None:
    start = time.monotonic()
    while True:
        t = time.perf_counter()
        status, _html, kernel_id = await fetch_page(base, token, timeout=600)
        if status == 200 and kernel_id:
            stats["page_load"].append(time.perf_counter() - t)
            break
        stats["student_refused"] += 1
        if time.monotonic() - start > STUDENT_DEADLINE:
            stats["student_gave_up"] += 1
            return
        await asyncio.sleep(RETRY_EVERY)
    ch = await KernelChannels.open(base, kernel_id, token)
    try:
        states = await ch.widget_states(timeout=120)
        salary = find_model(states, "yb-salary")
        wait = {find_model(states, "yb-balance-summary"), find_model(states, "yb-balance-chart")}
        s = states[salary]["state"]
        stats["connected"] += 1
        if stats["connected"] == n:
            all_in.set()
        lo, hi, step = s["min"], s["max"], s["step"]
        for k in range(moves):
            value = lo + ((i * 7 + k * 13) % ((hi - lo) // step)) * step + step  # distinct, inside the range
            if value == s["value"]:
                value = lo
            stats["rtt"].append(await ch.move(salary, value, wait, timeout=300))
            s["value"] = value
    finally:
        ch.close()
        stats["left_at"] = time.monotonic()


async def ghost(base: str, token: str, stats: dict, gate: asyncio.Semaphore) -> None:
    async with gate:
        t = time.perf_counter()
        status, _html, _kid = await fetch_page(base, token, timeout=600)
        stats["ghost_status"][status] = stats["ghost_status"].get(status, 0) + 1
        if status == 200:
            stats["ghost_load"].append(time.perf_counter() - t)
        stats["ghost_done_at"] = time.monotonic()


async def run(args, base: str, token: str, sampler: Sampler) -> dict:
    stats = {
        "page_load": [],
        "ghost_load": [],
        "rtt": [],
        "connected": 0,
        "student_refused": 0,
        "student_gave_up": 0,
        "ghost_status": {},
        "left_at": None,
        "ghost_done_at": None,
    }
    stop = asyncio.Event()
    sampling = asyncio.create_task(sampler.run(stop))
    all_in = asyncio.Event()
    t0 = time.monotonic()
    students = [
        asyncio.create_task(student(i, base, token, args.moves, stats, all_in, args.students))
        for i in range(args.students)
    ]
    try:
        await asyncio.wait_for(all_in.wait(), STUDENT_DEADLINE)
    except TimeoutError:
        print("    (not every student got in; the page loads that never connect start anyway)")
    stats["all_in_after"] = time.monotonic() - t0
    gate = asyncio.Semaphore(20)
    ghosts = [asyncio.create_task(ghost(base, token, stats, gate)) for _ in range(args.ghosts)]
    results = await asyncio.gather(*students, *ghosts, return_exceptions=True)
    stats["errors"] = [repr(r) for r in results if isinstance(r, BaseException)]
    last = max(t for t in (stats["left_at"], stats["ghost_done_at"], time.monotonic()) if t is not None)
    stats["clients_done_after"] = last - t0
    timeline = []
    while time.monotonic() - last < args.wait:
        await asyncio.sleep(5)
        timeline.append((round(time.monotonic() - last), len(await asyncio.to_thread(sampler.kernels))))
    stats["timeline"] = timeline
    stats["kernels_after_wait"] = len(await asyncio.to_thread(sampler.kernels))
    stop.set()
    await sampling
    return stats


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--students", type=int, default=40)
    p.add_argument("--ghosts", type=int, default=100, help="page loads that never connect")
    p.add_argument("--moves", type=int, default=10)
    p.add_argument("--max-kernels", type=int, default=50)
    p.add_argument("--pool", type=int, default=2)
    p.add_argument("--wait", type=int, default=120, help="seconds after the last client left before counting kernels")
    p.add_argument("--cull-idle-timeout", type=int, default=None, help="default: the server's (105 s)")
    p.add_argument("--cull-interval", type=int, default=None, help="default: the server's (15 s)")
    args = p.parse_args(argv)

    port, token = free_port(), secrets.token_urlsafe(16)
    base = f"http://127.0.0.1:{port}/"
    cmd = [sys.executable, "-m", "yibao_helpers.tools.app_server", "--classroom", "--ip", "127.0.0.1"]
    cmd += ["--port", str(port), "--max-kernels", str(args.max_kernels), "--pool", str(args.pool)]
    for flag in ("cull_idle_timeout", "cull_interval"):
        if getattr(args, flag) is not None:
            cmd += [f"--{flag.replace('_', '-')}", str(getattr(args, flag))]
    tmp = Path(tempfile.mkdtemp(prefix="bench_app_"))
    env = {**os.environ, "YIBAO_APP_TOKEN": token, "MPLBACKEND": "Agg", "JUPYTER_RUNTIME_DIR": str(tmp / "runtime")}
    log = open(tmp / "server.log", "wb")  # noqa: SIM115 — closed below
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    print(f"==> server {' '.join(cmd[1:])} (log {tmp / 'server.log'})")
    sampler = Sampler(server.pid)
    try:
        deadline = time.monotonic() + 120
        ready = b"is filled with" if args.pool else b"running at"
        while ready not in (tmp / "server.log").read_bytes():
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((tmp / "server.log").read_text(errors="replace")[-3000:])
            time.sleep(0.5)
        t0 = time.monotonic()
        stats = asyncio.run(run(args, base, token, sampler))
        total = time.monotonic() - t0
    finally:
        kernels = sampler.kernels() if server.poll() is None else []
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
        for k in kernels:  # only this server's own kernels, should it have left any
            try:
                k.kill()
            except psutil.Error:
                pass
        log.close()

    rtt = stats["rtt"]
    culled = " + ".join(
        f"{v}" for v in (args.cull_idle_timeout or "105 (default)", args.cull_interval or "15 (default)")
    )
    print(
        f"学生 students {args.students} × {args.moves} moves; page loads that never connect {args.ghosts}; cap {args.max_kernels}; pool {args.pool}"
    )
    print(
        f"  all students had their widgets after {stats['all_in_after']:.0f} s; clients done after {stats['clients_done_after']:.0f} s; total {total:.0f} s"
    )
    print(
        f"  student page load  p50 {percentile(stats['page_load'], 0.5):6.2f} s   p95 {percentile(stats['page_load'], 0.95):6.2f} s   (n={len(stats['page_load'])})"
    )
    print(
        f"  slider round-trip  p50 {percentile(rtt, 0.5):6.2f} s   p95 {percentile(rtt, 0.95):6.2f} s   max {max(rtt, default=float('nan')):.2f} s   (n={len(rtt)})"
    )
    print(f"  students refused (503, retried) {stats['student_refused']}; gave up {stats['student_gave_up']}")
    print(f"  never-connecting page loads by status {dict(sorted(stats['ghost_status'].items()))}")
    print(
        f"  peak memory (server + kernels RSS) {sampler.peak_rss / 2**30:.2f} GiB; peak kernels {sampler.peak_kernels}"
    )
    print(
        f"  kernels alive {args.wait} s after the last client left: {stats['kernels_after_wait']} (pool {args.pool}; cull idle timeout + interval {culled} s)"
    )
    print(f"  kernels alive by seconds after the last client: {stats['timeline']}")
    if stats["errors"]:
        print(f"  client errors ({len(stats['errors'])}): {stats['errors'][:5]}")
    return 0 if not stats["errors"] and stats["kernels_after_wait"] <= args.pool else 1


if __name__ == "__main__":
    sys.exit(main())
