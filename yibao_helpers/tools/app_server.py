"""Serve the dashboard (notebooks/app.ipynb) with Voilà: ``python -m yibao_helpers.tools.app_server``.

Two modes (docs/classroom.md):

* **default** (``make app``) — listens on 127.0.0.1 only, no token (only this machine can connect).
* **classroom** (``--classroom``, ``make classroom``) — may listen on another address (``--ip 0.0.0.0``
  to let a class on the same network in), but only with a token (``--token``, ``$YIBAO_APP_TOKEN`` or
  ``--token auto``) or a password (``--password-hash``, made by ``python -m jupyter_server.auth password``
  or :func:`jupyter_server.auth.passwd`): it refuses to start open to the network. It caps the kernels
  alive at once (``--max-kernels``, default 45): the 46th visitor gets a short Chinese page
  "人数已满，请稍后再试" with HTTP 503, not a crash. ``--pool N`` keeps N kernels pre-heated (the
  notebook already run) so the first pages open at once.

Both modes cull kernels: a kernel with no open page (never connected, or its page closed) that has
been idle for :data:`CULL_IDLE_TIMEOUT` seconds is stopped at the next check (every
:data:`CULL_INTERVAL` seconds), so within 2 minutes. A kernel whose page is still open is kept (a
student reading the page does not lose it), and a busy kernel is not stopped mid-calculation. Kernels
always talk over IPC sockets in Voilà's private folder, never TCP.

``--dry-run`` prints the settings and exits (what the Makefile runs is visible without starting anything).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
import sys

from ..core.paths import NOTEBOOKS

DEFAULT_PORT = 8866
LOOPBACK = "127.0.0.1"
CULL_IDLE_TIMEOUT = 105  # s without any kernel message and without an open page
CULL_INTERVAL = 15  # s between checks: a forgotten kernel is stopped at most 105 + 15 = 120 s after its last activity
CLASSROOM_MAX_KERNELS = 45  # 40 students + a pre-heated pool of 2 + 3 spare; each kernel ≈ 140 MB
CLASSROOM_POOL = 2
TOKEN_ENV = "YIBAO_APP_TOKEN"
APP_NOTEBOOK = NOTEBOOKS / "app.ipynb"


class RefusedError(SystemExit):
    """A configuration the launcher will not start (printed in Chinese and English, exit status 2)."""

    def __init__(self, message: str):
        super().__init__(2)
        self.message = message


def is_loopback(ip: str) -> bool:
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False  # a host name: treat as reachable from elsewhere


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m yibao_helpers.tools.app_server",
        description="医保明白账看板（Voilà）/ serve the dashboard; --classroom to share it with a class (docs/classroom.md)",
    )
    p.add_argument("--classroom", action="store_true", help="课堂模式 classroom mode: token/password, kernel cap, pool")
    p.add_argument(
        "--ip",
        default=LOOPBACK,
        help="监听地址 address to listen on (default 127.0.0.1; others need --classroom and a token)",
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"端口 port (default {DEFAULT_PORT})")
    p.add_argument("--token", default=None, help=f"访问口令 token; 'auto' makes one; default ${TOKEN_ENV}")
    p.add_argument("--password-hash", default=None, help="密码的哈希 hashed password (jupyter_server.auth.passwd)")
    p.add_argument(
        "--max-kernels",
        type=int,
        default=None,
        help=f"同时在线上限 kernel cap (classroom default {CLASSROOM_MAX_KERNELS}; 0 = none)",
    )
    p.add_argument(
        "--pool", type=int, default=None, help=f"预热内核数 pre-heated kernels (classroom default {CLASSROOM_POOL})"
    )
    p.add_argument(
        "--cull-idle-timeout",
        type=int,
        default=CULL_IDLE_TIMEOUT,
        help="idle seconds before a kernel with no open page is stopped",
    )
    p.add_argument("--cull-interval", type=int, default=CULL_INTERVAL, help="seconds between cull checks")
    p.add_argument("--notebook", default=str(APP_NOTEBOOK), help="the notebook to serve (default notebooks/app.ipynb)")
    p.add_argument("--dry-run", action="store_true", help="print the settings and exit")
    return p


def settings(args: argparse.Namespace, environ: dict | None = None) -> dict:
    """The checked settings of a launch; raises :class:`RefusedError` for an unsafe or invalid one."""
    environ = os.environ if environ is None else environ
    token = args.token if args.token is not None else environ.get(TOKEN_ENV) or None
    if token == "auto":
        token = secrets.token_urlsafe(24)
    if not is_loopback(args.ip):
        if not args.classroom:
            raise RefusedError(
                f"只在本机 127.0.0.1 上提供看板；要让别的电脑访问 {args.ip}，请用课堂模式 --classroom 并设口令（docs/classroom.md）。\n"
                f"Refusing to listen on {args.ip} outside classroom mode: use --classroom with a token or password."
            )
        if not (token or args.password_hash):
            raise RefusedError(
                f"课堂模式在 {args.ip} 上必须设口令（--token、--token auto 或环境变量 {TOKEN_ENV}）或密码（--password-hash），"
                "不允许无口令访问。\n"
                f"Refusing to listen on {args.ip} without a token or password (no open access): "
                f"pass --token TOKEN, --token auto, ${TOKEN_ENV} or --password-hash HASH."
            )
    max_kernels = args.max_kernels if args.max_kernels is not None else (CLASSROOM_MAX_KERNELS if args.classroom else 0)
    pool = args.pool if args.pool is not None else (CLASSROOM_POOL if args.classroom else 0)
    if max_kernels < 0 or pool < 0:
        raise RefusedError("--max-kernels 和 --pool 不能是负数 / must not be negative")
    if max_kernels and pool >= max_kernels:
        raise RefusedError(
            f"--pool {pool} 必须小于 --max-kernels {max_kernels} / the pool must be smaller than the cap"
        )
    if args.cull_idle_timeout <= 0 or args.cull_interval <= 0:
        raise RefusedError("--cull-idle-timeout 和 --cull-interval 必须是正数 / must be positive")
    if not os.path.isfile(args.notebook):
        raise RefusedError(f"找不到笔记本 notebook not found: {args.notebook}")
    return {
        "ip": args.ip,
        "port": args.port,
        "token": token,
        "password_hash": args.password_hash,
        "max_kernels": max_kernels,
        "pool": pool,
        "cull_idle_timeout": args.cull_idle_timeout,
        "cull_interval": args.cull_interval,
        "notebook": args.notebook,
        "classroom": args.classroom,
    }


def voila_config(s: dict):
    """The traitlets configuration of :class:`~yibao_helpers.tools.app_capacity.CappedVoila` for settings ``s``."""
    from traitlets.config import Config

    c = Config()
    c.Voila.ip = s["ip"]
    c.Voila.port = s["port"]
    c.Voila.port_retries = 0
    c.Voila.open_browser = False
    c.Voila.token = s["token"] or None  # None (no password either): Voilà's default, no token
    if s["password_hash"]:
        c.PasswordIdentityProvider.hashed_password = s["password_hash"]
    c.VoilaConfiguration.show_tracebacks = False
    c.VoilaConfiguration.multi_kernel_manager_class = "yibao_helpers.tools.app_capacity.CappedKernelManager"
    c.VoilaConfiguration.preheat_kernel = s["pool"] > 0
    c.VoilaConfiguration.default_pool_size = s["pool"]
    c.KernelManager.transport = "ipc"  # sockets in Voilà's private connection folder: no TCP, no warning
    c.CappedKernelManager.max_kernels = s["max_kernels"]
    c.MappingKernelManager.cull_idle_timeout = s["cull_idle_timeout"]
    c.MappingKernelManager.cull_interval = s["cull_interval"]
    c.MappingKernelManager.cull_connected = False  # an open page keeps its kernel
    c.MappingKernelManager.cull_busy = False  # a running calculation is not cut off
    return c


def describe(s: dict) -> str:
    host = "127.0.0.1" if s["ip"] in ("0.0.0.0", "::", "") else s["ip"]
    url = f"http://{host}:{s['port']}/"
    lines = [
        f"==> 医保明白账看板 dashboard: {url}" + (f"?token={s['token']}" if s["token"] else ""),
        f"    监听 listening on {s['ip']}:{s['port']}"
        + (
            "（只有本机能访问 this machine only）"
            if is_loopback(s["ip"])
            else "（同一网络的电脑可访问 reachable from the network）"
        ),
        f"    口令 token: {'已设 set' if s['token'] else '无 none'}; 密码 password: {'已设 set' if s['password_hash'] else '无 none'}",
        f"    同时在线上限 kernel cap: {s['max_kernels'] or '不限 none'}; 预热 pool: {s['pool']}",
        f"    闲置回收 culling: a kernel with no open page is stopped after {s['cull_idle_timeout']} s idle "
        f"(checked every {s['cull_interval']} s)",
        "    Ctrl-C 停止 / to stop",
    ]
    if s["ip"] in ("0.0.0.0", "::"):
        lines.insert(
            1,
            "    学生用本机的局域网地址打开 students open http://<本机地址 this machine's LAN address>:"
            + str(s["port"])
            + "/",
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        s = settings(args)
    except RefusedError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(describe(s), flush=True)
    if args.dry_run:
        shown = voila_config(
            {**s, "token": "***" if s["token"] else None, "password_hash": "***" if s["password_hash"] else None}
        )
        print(shown)
        return 0
    from .app_capacity import launch

    launch([s["notebook"]], voila_config(s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
