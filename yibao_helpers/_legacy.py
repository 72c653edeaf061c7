"""Old import paths that keep working: ``yibao_helpers.account`` is ``yibao_helpers.rules.account``.

Until 0.2 the package was flat. Each name in :data:`LEGACY` is an alias for the module that now holds the
same code: ``import yibao_helpers.reimburse``, ``from yibao_helpers.reimburse import explain_slip`` and
``python -m yibao_helpers.runner`` all give the new module (the very same module object, not a copy).
``tests/tools/test_documented_paths.py`` imports every documented path.
"""

from __future__ import annotations

import importlib
import sys
from importlib.machinery import ModuleSpec

_RULES = "account balance_change benefits contribution family flexible gaps maternity outpatient pension reimburse retirement slip"
LEGACY = {
    **{name: f"rules.{name}" for name in _RULES.split()},
    "errors": "core.errors",
    "checks": "core.checks",
    "policy": "params",
    "usage": "params.usage",
    "runner": "tools.runner",
}


class _AliasFinder:
    """Finds ``<package>.<old name>`` and loads it as the module it now lives in (a meta-path finder and its
    loader; duck-typed, so that importing the package does not import importlib.abc)."""

    def __init__(self, package: str):
        self.package = package

    def _target(self, fullname: str) -> str | None:
        head, _, name = fullname.rpartition(".")
        return f"{self.package}.{LEGACY[name]}" if head == self.package and name in LEGACY else None

    def find_spec(self, fullname, path=None, target=None):
        new = self._target(fullname)
        return None if new is None else ModuleSpec(fullname, self, origin=new)

    def create_module(self, spec):
        module = importlib.import_module(self._target(spec.name))
        self._real_spec = module.__spec__
        return module

    def exec_module(self, module):
        module.__spec__ = self._real_spec  # the import machinery set the alias's spec; keep the module's own

    def get_code(self, fullname):
        """``python -m <package>.<old name>``: run the new module as ``__main__``."""
        new = self._target(fullname)
        return compile(
            f"import runpy\nrunpy.run_module({new!r}, run_name='__main__', alter_sys=True)", fullname, "exec"
        )


def install(package: str) -> None:
    if not any(isinstance(f, _AliasFinder) and f.package == package for f in sys.meta_path):
        sys.meta_path.append(_AliasFinder(package))
