"""``make test-stress``: the whole test suite while every core is kept busy by a bounded CPU hog.

A suite that passes on a quiet machine but fails on a busy one is flaky (issue 16: the region sweep's kernel
"died" before answering ``kernel_info`` while the machine was busy). This runs ``make test`` with one busy loop
per core (``--hogs``, default: the number of cores) at normal priority, each stopped after ``--limit`` seconds at
the latest (bounded: a hog never outlives the run, even if this script is killed, because each hog checks its
deadline), and ``--runs`` times in a row. It prints one line per run and exits non-zero if any run failed.

Run: ``make test-stress`` (``STRESS_RUNS=3`` by default) or ``python tests/support/stress.py --runs 1``.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def hog(deadline: float) -> None:
    """Keep one core busy until ``deadline`` (time.monotonic) or until the parent is gone."""
    parent = os.getppid()
    x = 0
    while time.monotonic() < deadline:
        for _ in range(200_000):
            x = (x * 1_103_515_245 + 12_345) & 0xFFFFFFFF
        if os.getppid() != parent:  # the run was killed: stop too
            return


def one_run(hogs: int, limit: float, command: list[str]) -> tuple[int, float, str]:
    deadline = time.monotonic() + limit
    workers = [mp.Process(target=hog, args=(deadline,), daemon=True) for _ in range(hogs)]
    for p in workers:
        p.start()
    start = time.monotonic()
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=limit)
        rc, out = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as exc:
        rc, out = 124, f"timed out after {limit:.0f} s\n{exc.stdout or ''}"
    finally:
        for p in workers:
            p.terminate()
        for p in workers:
            p.join(5)
    return rc, time.monotonic() - start, out


def summary(out: str) -> str:
    """pytest's last line ('5,280 passed in 660.12s'), or the last line printed."""
    lines = [ln.strip("= ") for ln in out.splitlines() if re.search(r"\b(passed|failed|error)", ln)]
    return lines[-1] if lines else (out.strip().splitlines() or ["(no output)"])[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("STRESS_RUNS", "3")))
    parser.add_argument("--hogs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--limit", type=float, default=3600, help="seconds: the most one run (and its hogs) may take")
    parser.add_argument("command", nargs="*", default=["make", "--no-print-directory", "test"])
    args = parser.parse_args()
    failures = 0
    for i in range(1, args.runs + 1):
        rc, seconds, out = one_run(args.hogs, args.limit, args.command)
        failures += rc != 0
        state = "通过 passed" if rc == 0 else f"失败 FAILED (rc {rc})"
        print(
            f"压力测试 stress run {i}/{args.runs} ({args.hogs} 个忙循环 busy loops): {state}, "
            f"{seconds / 60:.1f} min — {summary(out)}",
            flush=True,
        )
        if rc != 0:
            log = ROOT / "build" / f"stress-run-{i}.log"
            log.parent.mkdir(exist_ok=True)
            log.write_text(out, encoding="utf-8")
            print(f"    输出 output: {log}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
