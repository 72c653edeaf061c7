"""TEMPORARY during the layering move: the old ``yibao_helpers.plotting`` names. Removed before the move lands."""

# ruff: noqa: F401, F403
from .present.charts.account import *
from .present.figures import *
from .present.footnotes import *
from .present.footnotes import _short_source
from .present.labels import STATUS_ZH
from .present.style import *
