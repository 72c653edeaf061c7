"""The house rules of the package's layout (issue 12): small modules, and each helper written once.

The one-way imports themselves are checked by import-linter (``make lint``; contracts in pyproject.toml).
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "yibao_helpers"
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))
MAX_LINES = 500

# helpers that exist once, where they are defined; a second definition anywhere is a copy
ONCE = {
    "fen": "core/money.py",
    "to_fen": "core/money.py",
    "year": "core/dates.py",
    "as_date": "core/dates.py",
    "merge_sources": "params/sources.py",
    "sources_frame": "params/sources.py",
    "money_axis": "present/style.py",
    "years_axis": "present/style.py",
    "short_source": "params/text.py",
    "doc_head": "params/text.py",
    "format_value": "params/text.py",
    "band_zh": "params/text.py",
    "source_footnote": "present/footnotes.py",
    "show": "present/figures.py",
    "plot_waterfall": None,  # one, wherever the charts keep it
}
COPIED_NAMES = {"_fen", "_year", "_money_axis", "_merge_sources", "_merge", "concat_sources", "_yuan", "_short"}
ONCE_CONSTANTS = {
    "MONTHS": "core/money.py",
    "LEVEL_ZH": "rules/codes.py",
    "SCHEME_ZH": "rules/codes.py",
    "MEMBER_ZH": "rules/codes.py",
    "LEVELS": "rules/codes.py",
    "MEMBERS": "rules/codes.py",
    "UNIT_ZH": "params/text.py",
}


def _defs(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield "def", node.name
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value, (ast.Dict, ast.Constant, ast.List)):
                    yield "const", target.id


def test_no_module_over_500_lines():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in MODULES
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_each_helper_is_written_once():
    found: dict[str, list[str]] = {}
    for path in MODULES:
        rel = str(path.relative_to(PACKAGE))
        for kind, name in _defs(path):
            if (kind == "def" and (name in ONCE or name in COPIED_NAMES)) or (
                kind == "const" and name in ONCE_CONSTANTS
            ):
                found.setdefault(name, []).append(rel)
    copies = {name: places for name, places in found.items() if name in COPIED_NAMES}
    assert copies == {}, "a private copy of a shared helper"
    for name, home in {**ONCE, **ONCE_CONSTANTS}.items():
        places = found.get(name, [])
        assert len(places) <= 1, (name, places)
        if home is not None and places:
            assert places == [home], (name, places)


def test_layers_are_subpackages_with_a_docstring():
    for layer in ("core", "params", "rules", "scenarios", "content", "present", "tools"):
        init = PACKAGE / layer / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), layer
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert flat == ["__init__.py", "__main__.py", "_legacy.py"]
