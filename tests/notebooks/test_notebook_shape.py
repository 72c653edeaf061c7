"""Every notebook is built the same way (issue 12, "a notebook kit"): it sets the page up with the kit, imports from
at most three modules, and shows its 常见误区 from the claims table (no claim rows built by hand)."""

import ast
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


def _code(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    lines = []
    for cell in cells:
        if cell["cell_type"] == "code":
            lines += [ln for ln in "".join(cell["source"]).splitlines() if not ln.lstrip().startswith("%")]
    return "\n".join(lines)


def _imported_modules(code: str) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.ImportFrom):
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_at_most_three_modules_and_the_kit(path):
    code = _code(path)
    modules = _imported_modules(code)
    assert len(modules) <= 3, modules
    assert not any(m.startswith("yibao_helpers.") and m.split(".")[1] not in ("present",) for m in modules), modules
    if path.stem != "app":
        assert "kit.setup(" in code
        assert "set_option" not in code and "region_name(region)" not in code  # the kit does it once


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_claim_rows_by_hand(path):
    code = _code(path)
    assert not re.search(r"def claim\(", code)
    topic = re.match(r"0[1-9]_", path.name)
    if topic:
        assert "page.claims([" in code
