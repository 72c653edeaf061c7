"""Charts: plot functions only, one module per topic; each draws exactly the data it is given and names its sources."""

from ...core.lazy import submodules

__getattr__, __dir__ = submodules(__name__, __path__)
