"""Present: what a reader sees: style (fonts, colours, footnotes), Chinese labels, reader tables, ``charts/<topic>``,
``widgets/<topic>``, the dashboard and the notebook kit."""

from ..core.lazy import submodules

__getattr__, __dir__ = submodules(__name__, __path__)
