"""医保明白账 helpers: sourced policy data and vectorised calculators.

Public entry points: :func:`load_policy`, :func:`regions`, and the modules
``account``, ``plotting`` (imported on first use).
"""

from .errors import PolicyDataError, YibaoInputError
from .policy import Policy, PolicyValue, data_as_of, load_policy, region_name, regions

__all__ = [
    "Policy",
    "PolicyDataError",
    "PolicyValue",
    "YibaoInputError",
    "data_as_of",
    "load_policy",
    "region_name",
    "regions",
]
__version__ = "0.1.0"


_SUBMODULES = {
    "account",
    "app",
    "balance_change",
    "benefits",
    "charts_claims",
    "charts_family",
    "charts_life",
    "charts_reimburse",
    "charts_retirement",
    "checks",
    "claims",
    "contribution",
    "family",
    "flexible",
    "gaps",
    "maternity",
    "outpatient",
    "pension",
    "plotting",
    "policy",
    "reimburse",
    "retirement",
    "runner",
    "slip",
    "widgets",
    "widgets_claims",
    "widgets_family",
    "widgets_reimburse",
    "widgets_retirement",
}


def __getattr__(name):  # lazy submodules: `yibao_helpers.account` without importing matplotlib
    import importlib

    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(name)
