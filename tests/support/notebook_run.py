"""Shared helpers for the papermill tests: run a notebook, walk its outputs, check it is clean."""

from __future__ import annotations

import ast
import json
from pathlib import Path

CELL_TIMEOUT = 600  # seconds per cell: a stalled run fails instead of hanging the suite


def kernel_fixture():
    """A module-scoped pytest fixture: one started kernel (:class:`sweep_kernel.SharedKernel`) that runs all
    of a test file's notebooks, each from a clean namespace. Use as ``kernel = kernel_fixture()``."""
    import pytest

    @pytest.fixture(scope="module")
    def kernel():
        from sweep_kernel import SharedKernel

        k = SharedKernel()
        yield k
        k.close()

    return kernel


def run(path: Path, params: dict, kernel, *, timeout: int = CELL_TIMEOUT) -> dict:
    """Execute ``path`` with ``params`` (injected by papermill) in ``kernel`` (see :func:`kernel_fixture`); return the
    executed notebook. Charts are built and their texts checked, not rendered, and not saved (no YIBAO_CHART_DIR)."""
    return kernel.run(path, params, timeout=timeout)


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


def parameters_of(path: Path) -> dict:
    """The literal values of a notebook's ``parameters`` cell (what papermill replaces): the page's defaults."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    out = {}
    for node in ast.parse("".join(cell["source"])).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            out[node.targets[0].id] = ast.literal_eval(node.value)
    return out
