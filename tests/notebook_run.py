"""Shared helpers for the papermill tests: run a notebook, walk its outputs, check it is clean."""

from __future__ import annotations

import json
from pathlib import Path

CELL_TIMEOUT = 600  # seconds per cell: a stalled run fails instead of hanging the suite


def run(path: Path, params: dict, tmp_path: Path, *, timeout: int = CELL_TIMEOUT) -> dict:
    """Execute ``path`` with papermill and ``params`` into ``tmp_path``; return the executed notebook."""
    import papermill

    out = tmp_path / path.name
    papermill.execute_notebook(
        str(path),
        str(out),
        parameters=params,
        cwd=str(path.parent),
        progress_bar=False,
        kernel_name="python3",
        execution_timeout=timeout,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def outputs(nb: dict):
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            yield cell, out


def text_of(nb: dict) -> str:
    """All text a reader sees: streams, plain text and Markdown outputs."""
    parts = []
    for _, out in outputs(nb):
        if out["output_type"] == "stream":
            parts.append("".join(out["text"]))
        for key in ("text/plain", "text/markdown"):
            parts.append("".join(out.get("data", {}).get(key, "")))
    return "\n".join(parts)


def assert_clean(nb: dict) -> None:
    """No error output and nothing on stderr (warnings would change nbval's comparison)."""
    for cell, out in outputs(nb):
        assert out["output_type"] != "error", "".join(cell["source"])[:200] + "\n" + out.get("evalue", "")
        assert not (out["output_type"] == "stream" and out["name"] == "stderr"), "".join(out["text"])
