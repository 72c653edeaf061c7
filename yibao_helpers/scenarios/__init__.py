"""Scenarios: analyses built from several calculator calls (bill comparisons, milestones, example persons, traces).

One module per topic; each returns tables (with their sources) that a chart, a widget or a page shows as they are.
"""

from ..core.lazy import submodules

__getattr__, __dir__ = submodules(__name__, __path__)
