"""The Voilà pieces behind ``python -m yibao_helpers.tools.app_server``: a kernel cap and its "full" page.

* :class:`CappedKernelManager` — jupyter_server's ``AsyncMappingKernelManager`` (the class Voilà uses by
  default, so its culling settings ``cull_idle_timeout``, ``cull_interval``, ``cull_connected`` and
  ``cull_busy`` apply unchanged) that refuses to start a kernel for a page once ``max_kernels`` kernels
  are alive or starting: it raises :class:`KernelCapReached` instead of starting one more. A kernel for
  the pre-heated pool (Voilà's ``preheat_kernel``) waits for a free place instead; a pooled kernel counts
  toward the cap like any other, and Voilà never culls pooled kernels.
* :class:`CappedVoilaHandler` — the page handler: when no place is free (and no pre-heated kernel is
  ready) it answers **HTTP 503** with :data:`FULL_PAGE` (a short Chinese page, ``Retry-After`` header),
  never a traceback and never a half-written page.
* :class:`CappedVoila` — ``voila.app.Voila`` with that handler in place of Voilà's own.

Voilà's websocket only forwards the comm and kernel-info messages a dashboard needs
(``allowed_message_types``); an ``execute_request`` sent by a visitor is dropped before it reaches the
kernel (``tests/browser/test_app_server.py`` proves it).
"""

from __future__ import annotations

import asyncio
import os

import tornado.web
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float, Integer
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler, WebsocketHandler
from voila.utils import ENV_VARIABLE

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
MAX_WS_PARTS = 64  # a kernel message has channel, 4 dicts and a few buffers; more is not a message
RETRY_AFTER = 30  # seconds, sent in the Retry-After header of the "full" page

FULL_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>人数已满，请稍后再试 · 医保明白账</title>
<style>body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:36em;
margin:4em auto;padding:0 1em;color:#333;line-height:1.7}h1{font-size:1.4em}.en{color:#777}</style></head>
<body><h1>人数已满，请稍后再试</h1>
<p>看板同时打开的人数已经到了上限（{max_kernels} 个）。请过一两分钟再刷新本页：有人关掉页面或闲置两分钟后，位置就会空出来。</p>
<p class="en">The dashboard is full ({max_kernels} open sessions), please try again later: reload this page in a minute or two.</p>
</body></html>
"""


class KernelCapReached(RuntimeError):
    """Raised instead of starting a kernel for a page when ``max_kernels`` kernels are alive or starting."""


class CappedKernelManager(AsyncMappingKernelManager):
    """At most ``max_kernels`` kernels at a time (0 = no cap); culling as configured on the parent class."""

    max_kernels = Integer(0, config=True, help="Most kernels alive at once, pool included; 0 means no cap.")
    pool_wait_interval = Float(1.0, config=True, help="Seconds between checks while a pool kernel waits for a place.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting = 0
        self._stopping = False

    @property
    def kernels_alive(self) -> int:
        """Kernels running plus kernels being started (the number the cap applies to)."""
        return len(self._kernels) + self._starting

    def has_room(self) -> bool:
        return self.max_kernels <= 0 or self.kernels_alive < self.max_kernels

    def ready_pool_kernel(self, notebook_path: str) -> bool:
        """Whether Voilà's pre-heated pool holds a kernel that has finished starting (a page can take it)."""
        pools = getattr(self, "_pools", {})
        for task in pools.get(notebook_path, ()):
            if task.done() and not task.cancelled() and task.exception() is None:
                return True
        return False

    async def start_kernel(self, *args, **kwargs):
        for_pool = (kwargs.get("env") or {}).get(ENV_VARIABLE.VOILA_PREHEAT) == "True"
        while not self.has_room():
            if not for_pool:
                raise KernelCapReached(f"{self.kernels_alive} kernels alive (max_kernels={self.max_kernels})")
            if self._stopping:
                raise KernelCapReached("server stopping")
            await asyncio.sleep(self.pool_wait_interval)  # a pool kernel waits for a culled or closed one
        self._starting += 1  # counted before the first await: two pages at once cannot both take the last place
        try:
            return await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1

    async def cull_kernels(self):
        """Check every kernel at once: jupyter_server checks (and stops) them one after another, ≈ 2.5 s each,
        so after a class of 40 left, the last idle kernel was stopped minutes late (bench_app_load.py)."""
        ids = list(self._kernels)
        results = await asyncio.gather(*(self.cull_kernel_if_idle(k) for k in ids), return_exceptions=True)
        for kernel_id, result in zip(ids, results):
            if isinstance(result, Exception) and kernel_id in self._kernels:
                self.log.warning("culling kernel %s failed: %r", kernel_id, result)

    async def shutdown_all(self, *args, **kwargs):
        self._stopping = True
        return await super().shutdown_all(*args, **kwargs)


class CappedVoilaHandler(TornadoVoilaHandler):
    """Voilà's page handler, answering 503 with :data:`FULL_PAGE` when the kernel cap is reached."""

    def _write_full(self) -> None:
        km = self.kernel_manager
        self.log.warning("dashboard full: %s kernels alive (max %s); answered 503", km.kernels_alive, km.max_kernels)
        self.clear()
        self.set_status(503)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-cache, no-store, must-revalidate")
        self.set_header("Retry-After", str(RETRY_AFTER))
        self.finish(FULL_PAGE.replace("{max_kernels}", str(km.max_kernels)))

    @tornado.web.authenticated
    async def get(self, path=None):
        km = self.kernel_manager
        notebook_path = self.notebook_path or path
        if isinstance(km, CappedKernelManager) and not (km.has_room() or km.ready_pool_kernel(notebook_path)):
            self._write_full()
            return
        try:
            async for html in self.get_generator(path=path):
                self.write(html)
                self.flush()
        except KernelCapReached:
            if self._headers_written:  # cannot happen: the kernel starts before the first byte is sent
                raise
            self._write_full()


def _v1_frame_ok(frame: bytes) -> bool:
    """Whether a binary frame's v1 header (8-byte little-endian count, then offsets) is within the frame."""
    if len(frame) < 8:
        return False
    n = int.from_bytes(frame[:8], "little")
    return 2 <= n <= MAX_WS_PARTS and 8 * (n + 1) <= len(frame)


class SafeKernelWebsocketHandler(VoilaKernelWebsocketHandler):
    """Voilà's kernel websocket, with two freezes of the whole server (voila 0.5.13, jupyter_server 2.x) closed.

    * Outgoing: Voilà reads the header of *every* binary message as the v1 framing. With a client that
      speaks the legacy protocol (no subprotocol), a message with buffers (the chart image) is framed
      with big-endian 4-byte counts, read as an 8-byte little-endian count of ~10^18: the server loops
      in a list comprehension and stops answering anyone. Legacy binary messages are passed on unread
      (they carry buffers; ``execute_input``, which Voilà hides, never does).
    * Incoming: jupyter_server trusts the count of a v1 frame sent by the visitor; a frame claiming
      2^60 parts freezes the server the same way. Such a frame closes the socket instead.
    """

    def write_message(self, message, binary=False):
        if isinstance(message, bytes) and self.selected_subprotocol != V1_PROTOCOL:
            return WebsocketHandler.write_message(self, message, binary)
        return super().write_message(message, binary)

    def on_message(self, ws_message):
        if isinstance(ws_message, bytes) and self.selected_subprotocol == V1_PROTOCOL and not _v1_frame_ok(ws_message):
            self.log.warning(
                "malformed binary websocket frame (%d bytes) from %s: closed", len(ws_message), self.request.remote_ip
            )
            self.close(1003)
            return None
        return super().on_message(ws_message)


class CappedVoila(Voila):
    """Voilà whose page handler is :class:`CappedVoilaHandler` and kernel websocket :class:`SafeKernelWebsocketHandler`."""

    def init_handlers(self):
        replace = {TornadoVoilaHandler: CappedVoilaHandler, VoilaKernelWebsocketHandler: SafeKernelWebsocketHandler}
        handlers = []
        for spec in super().init_handlers():
            if len(spec) >= 2 and spec[1] in replace:
                spec = (spec[0], replace[spec[1]], *spec[2:])
            handlers.append(spec)
        return handlers


def launch(argv: list[str], config) -> None:
    """Run :class:`CappedVoila` with ``argv`` (the notebook) and the traitlets ``config``; returns when it stops."""
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    CappedVoila.launch_instance(argv=argv, config=config)
