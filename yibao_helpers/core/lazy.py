"""Lazy submodules for a package: ``rules.account`` imports ``rules/account.py`` on first use."""

from __future__ import annotations

import importlib
import pkgutil


def submodules(package: str, path) -> tuple:
    """``(__getattr__, __dir__)`` for a package ``__init__``: every module in ``path`` loads when first asked for."""
    names = sorted(m.name for m in pkgutil.iter_modules(path) if not m.name.startswith("_"))

    def __getattr__(name: str):
        if name in names:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return names

    return __getattr__, __dir__
