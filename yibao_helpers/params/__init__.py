"""Params: the sourced, dated policy parameters in ``data/`` and the one rule for looking them up.

* :mod:`.schema` reads and checks the CSV tables; :mod:`.cache` keeps the validated tables on disk;
  :mod:`.store` holds them per process with the region registry;
* :mod:`.policy` — :func:`load_policy` / :class:`Policy`: the rows in force in a region on a date;
* :mod:`.resolve` — :func:`resolve`: one parameter's value and *how* it was found (local, province,
  national, borrowed, user; illustrative; nearest year);
* :mod:`.sources` — the rows behind a result as a table; :mod:`.catalogue` — each parameter's Chinese
  label, unit and category; :mod:`.usage` — a recorder of which parameters a computation reads.
"""

from ..core.dates import as_date
from .policy import Policy, PolicyValue, chain_of, check_policy, dates_of, load_policy, policy_or_none
from .resolve import Resolution, resolve, with_data_year
from .schema import CONFIDENCE, UNITS
from .sources import merge_sources, sources_frame
from .store import (
    DATA_DIR,
    check_data_dir,
    check_region,
    data_as_of,
    parent_of,
    policy_file,
    region_name,
    regions,
    rule_year,
    tables,
    use_policy_file,
)

__all__ = [
    "CONFIDENCE",
    "DATA_DIR",
    "UNITS",
    "Policy",
    "PolicyValue",
    "Resolution",
    "as_date",
    "chain_of",
    "check_data_dir",
    "check_policy",
    "check_region",
    "data_as_of",
    "dates_of",
    "load_policy",
    "merge_sources",
    "parent_of",
    "policy_file",
    "policy_or_none",
    "region_name",
    "regions",
    "resolve",
    "rule_year",
    "sources_frame",
    "tables",
    "use_policy_file",
    "with_data_year",
]
