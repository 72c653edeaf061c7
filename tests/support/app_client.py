"""A simulated visitor of the Voilà dashboard, speaking the Jupyter kernel protocol as the Voilà page does.

Used by ``tests/browser/test_app_server.py`` and ``benchmarks/bench_app_load.py`` (loopback only).

* :func:`fetch_page` — GET the dashboard page (token in the ``Authorization`` header), read the kernel id
  from the page config in the HTML (``"kernelId": "…"``).
* :class:`KernelChannels` — the page's websocket ``/api/kernels/<id>/channels`` (jupyter_server's JSON
  protocol; binary frames carry the buffers of an image). :meth:`KernelChannels.widget_states` asks the
  kernel for every widget's state the way ipywidgets' front end does (a ``comm_open`` on the
  ``jupyter.widget.control`` target, ``request_states``); :meth:`KernelChannels.move` sends the comm
  message a slider sends when it is moved (``{"method": "update", "state": {"value": …}}``) and waits
  until the kernel has sent the new outputs (here: the summary text and the chart image).

Every wait has a timeout.
"""

from __future__ import annotations

import asyncio
import json
import re
import struct
import time
import uuid

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
PROTOCOL_VERSION = "5.3"
CONTROL_PROTOCOL = "1.0.0"  # ipywidgets 8's widget-control protocol (checked by the kernel)
AsyncHTTPClient.configure(None, max_clients=500)  # many simulated visitors at once


def _headers(token: str | None) -> dict:
    return {"Authorization": f"token {token}"} if token else {}


async def fetch_page(base_url: str, token: str | None = None, timeout: float = 180) -> tuple[int, str, str | None]:
    """``(status, html, kernel_id)`` of one page load (``kernel_id`` None when the page carries none)."""
    request = HTTPRequest(base_url, headers=_headers(token), request_timeout=timeout, follow_redirects=False)
    try:
        resp = await AsyncHTTPClient().fetch(request)
        status, body = resp.code, resp.body
    except HTTPClientError as exc:
        status, body = exc.code, (exc.response.body if exc.response is not None else b"")
    html = (body or b"").decode("utf-8", "replace")
    found = KERNEL_ID.search(html)
    return status, html, found.group(1) if found else None


V1 = "v1.kernel.websocket.jupyter.org"  # the subprotocol the Voilà page (JupyterLab's services) speaks


def encode_v1(msg: dict) -> bytes:
    """A message in the v1 framing: 8-byte little-endian part count and offsets, channel, header, parent, metadata, content."""
    parts = [msg["channel"].encode()] + [
        json.dumps(msg[k]).encode() for k in ("header", "parent_header", "metadata", "content")
    ]
    offsets = [8 * (1 + len(parts) + 1)]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + b"".join(parts)


def _decode_v1(frame: bytes) -> dict:
    n = int.from_bytes(frame[:8], "little")
    offsets = [int.from_bytes(frame[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(n)] + [len(frame)]
    parts = [frame[offsets[i] : offsets[i + 1]] for i in range(n)]
    msg = {k: json.loads(parts[i + 1]) for i, k in enumerate(("header", "parent_header", "metadata", "content"))}
    msg.update(channel=parts[0].decode(), msg_type=msg["header"].get("msg_type"), buffers=parts[5:])
    return msg


def _decode(frame: str | bytes, v1: bool) -> dict:
    """One websocket frame: v1 framing, or the legacy JSON text / binary framing (count, offsets, JSON, buffers)."""
    if v1:
        return _decode_v1(frame)
    if isinstance(frame, str):
        return json.loads(frame)
    (n,) = struct.unpack("!I", frame[:4])
    offsets = [*struct.unpack(f"!{n}I", frame[4 : 4 + 4 * n]), len(frame)]
    msg = json.loads(frame[offsets[0] : offsets[1]].decode("utf-8"))
    msg["buffers"] = [frame[offsets[i] : offsets[i + 1]] for i in range(1, n)]
    return msg


class KernelChannels:
    """The websocket of one page's kernel."""

    def __init__(self, conn, session: str, v1: bool):
        self.conn = conn
        self.session = session
        self.v1 = v1
        self.received: list[dict] = []

    @classmethod
    async def open(
        cls, base_url: str, kernel_id: str, token: str | None = None, timeout: float = 30, legacy: bool = False
    ) -> KernelChannels:
        """Connect as the Voilà page does (v1 subprotocol), or with the legacy JSON protocol (``legacy=True``)."""
        session = uuid.uuid4().hex
        ws_url = (
            base_url.replace("http://", "ws://").rstrip("/") + f"/api/kernels/{kernel_id}/channels?session_id={session}"
        )
        request = HTTPRequest(ws_url, headers=_headers(token), request_timeout=timeout)
        conn = await asyncio.wait_for(websocket_connect(request, subprotocols=None if legacy else [V1]), timeout)
        v1 = conn.selected_subprotocol == V1
        if not legacy and not v1:
            raise ConnectionError("the server did not accept the v1 kernel websocket protocol")
        return cls(conn, session, v1)

    def close(self) -> None:
        self.conn.close()

    def send(self, msg_type: str, content: dict, channel: str = "shell", metadata: dict | None = None) -> str:
        msg_id = uuid.uuid4().hex
        msg = {
            "header": {
                "msg_id": msg_id,
                "msg_type": msg_type,
                "username": "student",
                "session": self.session,
                "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "version": PROTOCOL_VERSION,
            },
            "parent_header": {},
            "metadata": metadata or {},
            "content": content,
            "buffers": [],
            "channel": channel,
        }
        self.conn.write_message(encode_v1(msg) if self.v1 else json.dumps(msg), binary=self.v1)
        return msg_id

    async def recv(self, timeout: float) -> dict | None:
        """The next message, or None when the server closed the websocket. Raises TimeoutError."""
        frame = await asyncio.wait_for(self.conn.read_message(), timeout)
        if frame is None:
            return None
        msg = _decode(frame, self.v1)
        self.received.append(msg)
        return msg

    async def wait_for(self, pred, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no matching kernel message")
            msg = await self.recv(left)
            if msg is None:
                raise ConnectionError("the server closed the websocket")
            if pred(msg):
                return msg

    async def kernel_info(self, timeout: float = 30) -> dict:
        msg_id = self.send("kernel_info_request", {})
        return await self.wait_for(
            lambda m: m.get("parent_header", {}).get("msg_id") == msg_id and m["msg_type"] == "kernel_info_reply",
            timeout,
        )

    async def widget_states(self, timeout: float = 60) -> dict[str, dict]:
        """Every widget's state, by model id (ipywidgets 8's ``jupyter.widget.control`` comm)."""
        comm_id = uuid.uuid4().hex
        self.send(
            "comm_open",
            {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
            metadata={"version": CONTROL_PROTOCOL},
        )
        self.send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})

        def is_states(m):
            c = m.get("content", {})
            return (
                m["msg_type"] == "comm_msg"
                and c.get("comm_id") == comm_id
                and c.get("data", {}).get("method") == "update_states"
            )

        reply = await self.wait_for(is_states, timeout)
        self.send("comm_close", {"comm_id": comm_id, "data": {}})
        return reply["content"]["data"]["states"]

    async def move(self, model_id: str, value, wait_for: set[str], timeout: float = 60) -> float:
        """Set a slider's value as its front end does; seconds until every model in ``wait_for`` was updated."""
        start = time.perf_counter()
        self.send(
            "comm_msg",
            {"comm_id": model_id, "data": {"method": "update", "state": {"value": value}, "buffer_paths": []}},
        )
        waiting = set(wait_for)

        def is_update(m):
            c = m.get("content", {})
            if (
                m["msg_type"] == "comm_msg"
                and c.get("data", {}).get("method") == "update"
                and c.get("comm_id") in waiting
            ):
                waiting.discard(c["comm_id"])
            return not waiting

        await self.wait_for(is_update, timeout)
        return time.perf_counter() - start


def find_model(states: dict[str, dict], dom_class: str) -> str:
    """The model id of the widget carrying CSS class ``dom_class`` (set by ``add_class`` in the dashboard)."""
    for model_id, entry in states.items():
        if dom_class in entry.get("state", {}).get("_dom_classes", ()):
            return model_id
    raise KeyError(dom_class)
