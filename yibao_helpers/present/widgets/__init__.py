"""Widgets: sliders and drop-downs that redraw the same charts as the static cells, one module per topic."""

from ...core.lazy import submodules

__getattr__, __dir__ = submodules(__name__, __path__)
