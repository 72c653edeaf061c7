"""Which parameters a computation reads: a recorder of :class:`~yibao_helpers.params.policy.Policy` look-ups.

Every value a calculator takes from ``data/`` goes through :meth:`Policy.rows` (``policy[name]``,
``.row``, ``.get``, ``.source``, ``.by_age``, ``.table`` all call it). While recording, each call is
noted as a :class:`Lookup`: the region and date of the policy, the parameter and qualifier, the region
whose row answered (the region itself, or ``national`` when inherited) and whether a row was in force::

    from yibao_helpers import usage

    with usage.recording() as used:
        account.project_balance(8000, 30, 5, region="beijing")
    {(u.region, u.parameter) for u in used}

:func:`start` / :func:`stop` do the same without a ``with`` block (the freshness test starts recording
in a notebook's kernel before the run and collects the look-ups after it, as JSON). Recording costs a
list append per look-up; when not recording, :meth:`Policy.rows` is the original method.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
from dataclasses import asdict, dataclass

from .policy import Policy

_ORIGINAL = Policy.rows
_records: list[Lookup] | None = None


@dataclass(frozen=True)
class Lookup:
    region: str  # the policy's region
    on: str  # the policy's date (ISO)
    parameter: str
    qualifier: str
    answered_by: str | None  # region of the row in force (own or national); None when there was none (a gap)
    confidence: str | None = None  # the grade of the row in force (the lowest when several age bands answer)
    user: bool = False  # the row came from a user's own file (source 用户提供…)
    stand_in: bool = False  # a row of another period answered (params.resolve's earlier/later/nearest/newest)

    @property
    def found(self) -> bool:
        return self.answered_by is not None

    @property
    def date(self) -> _dt.date:
        return _dt.date.fromisoformat(self.on)


def _recording_rows(self: Policy, name: str, qualifier: str = ""):
    try:
        rows = _ORIGINAL(self, name, qualifier)
    except Exception:
        if _records is not None:
            _records.append(Lookup(self.region, self.on.isoformat(), name, qualifier, None))
        raise
    if _records is not None:
        grades = [r.confidence for r in rows]
        lowest = min(grades, key=("illustrative", "secondary", "official").index) if grades else None
        user = any(r.source.startswith("用户提供") for r in rows)
        _records.append(
            Lookup(self.region, self.on.isoformat(), name, qualifier, rows[0].region if rows else None, lowest, user)
        )
    return rows


def note_stand_in(policy_region: str, on: _dt.date, parameter: str, qualifier: str, row) -> None:
    """Record that :func:`yibao_helpers.params.resolve.resolve` answered a gap with ``row`` of another period."""
    if _records is not None:
        user = row.source.startswith("用户提供")
        _records.append(
            Lookup(policy_region, on.isoformat(), parameter, qualifier, row.region, row.confidence, user, True)
        )


def note_missing(policy: Policy, parameter: str, qualifier: str = "") -> None:
    """Record a parameter a calculator needed and found nowhere in the region's chain (it then raises its own
    'no data for this region' error without reading :meth:`Policy.rows`)."""
    if _records is not None:
        _records.append(Lookup(policy.region, policy.on.isoformat(), parameter, qualifier, None))


def start() -> None:
    """Start recording (again: earlier records are dropped).

    The results cached above this layer are forgotten first: a result cached by an earlier computation (a
    benefit table, the first year with data) would otherwise answer without a look-up, and what is recorded
    would depend on what ran before (the coverage matrix and the region sweep run a page in different orders).
    The loaded tables stay: every look-up passes through :meth:`Policy.rows`, cached Policy or not.
    """
    from .store import clear_caches

    global _records
    clear_caches(results_only=True)
    _records = []
    Policy.rows = _recording_rows


def stop() -> list[Lookup]:
    """Stop recording; return the look-ups in the order they happened."""
    global _records
    out, _records = (_records or []), None
    Policy.rows = _ORIGINAL
    return out


@contextlib.contextmanager
def recording():
    """``with recording() as used:`` — ``used`` (a list) fills with the block's look-ups."""
    start()
    used: list[Lookup] = _records
    try:
        yield used
    finally:
        stop()


def to_json(lookups: list[Lookup]) -> str:
    """The distinct look-ups as a JSON list (for passing them out of a notebook's kernel)."""
    return json.dumps([asdict(u) for u in dict.fromkeys(lookups)], ensure_ascii=False)


def from_json(text: str) -> list[Lookup]:
    return [Lookup(**d) for d in json.loads(text)]
