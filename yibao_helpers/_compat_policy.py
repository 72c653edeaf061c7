"""TEMPORARY during the layering move: the old ``yibao_helpers.policy`` names. Removed before the move lands."""

# ruff: noqa: F401, F403
from .params import *
from .params.cache import cache_path as _cache_path
from .params.cache import disk_cached as _disk_cached
from .params.schema import MIXED_UNITS
from .params.store import load_all as _load_all
from .params.text import UNIT_ZH, format_value
from .present.tables import sources_display
