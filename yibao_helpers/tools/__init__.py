"""Tools: the notebook runner and the command line (``python -m yibao_helpers <command>``, console script ``yibao``)."""

from ..core.lazy import submodules

__getattr__, __dir__ = submodules(__name__, __path__)
