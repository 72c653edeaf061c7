"""TEMPORARY during the layering move: the old ``yibao_helpers.claims`` names. Removed before the move lands."""

# ruff: noqa: F401, F403
from .content.claims import *
from .content.claims import claim_row as _claim_row
from .content.demos import *
from .content.demos import (
    CLAIM_UNITS,
    ClaimDemo,
    computable,
    demo_inputs,
    demo_sources,
    demo_table,
    demonstrate,
    demonstrate_all,
    format_number,
)
from .content.timeline import *
from .params.catalogue import categories, category_of, label_of, qualifier_zh
from .params.text import short_source, value_text

CATEGORIES = categories()
