"""Rules: the pure calculators, one module per topic; vectorised, each returning the rows it used and a trace.

No module here imports matplotlib, ipywidgets or IPython; every policy number comes from :mod:`yibao_helpers.params`.
"""

from ..core.lazy import submodules

__getattr__, __dir__ = submodules(__name__, __path__)
