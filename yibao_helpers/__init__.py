"""医保明白账 helpers: sourced policy data and vectorised calculators, in one-way layers.

====================  ===========================================================================
``core``              the one error type, input checks, money (``fen``, ``MONTHS``) and dates
``params``            the tables in ``data/``: ``load_policy``, ``regions``, ``resolve`` (how a value was found)
``rules``             the pure calculators (account, contribution, reimburse, pension, …)
``scenarios``         analyses built from several calculator calls (bill comparisons, examples, traces)
``content``           the claims table with its demonstrations, the policy timeline
``present``           what a reader sees: style, tables, charts, widgets, the dashboard, the notebook kit
``tools``             the notebook runner and the command line (``python -m yibao_helpers``)
====================  ===========================================================================

Each layer imports only the layers below it (``make lint`` checks this). Subpackages and their
modules load on first use, so ``import yibao_helpers`` costs about what ``import pandas`` does.
"""

from ._legacy import install as _install_legacy_paths
from .core.errors import MissingDataError, PolicyDataError, YibaoInputError
from .params import Policy, PolicyValue, Resolution, data_as_of, load_policy, region_name, regions, resolve

__all__ = [
    "MissingDataError",
    "Policy",
    "PolicyDataError",
    "PolicyValue",
    "Resolution",
    "YibaoInputError",
    "data_as_of",
    "load_policy",
    "region_name",
    "regions",
    "resolve",
]
__version__ = "0.2.0"

LAYERS = ("core", "params", "rules", "scenarios", "content", "present", "tools")
_install_legacy_paths(__name__)


def __getattr__(name):  # lazy: `yibao_helpers.rules` or an old path such as `yibao_helpers.account`
    import importlib

    from ._legacy import LEGACY

    if name in LAYERS:
        return importlib.import_module(f".{name}", __name__)
    if name in LEGACY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(name)
