"""Claims settled with numbers: the demonstrations registry and its framework.

Two kinds of demonstration, registered by the topic modules of this package (``account``,
``contribution``, ``reimburse``, ``family``, ``pension`` …):

* :func:`demo` — a *numeric* demonstration: the claim's own number (``claim_numbers`` in the claims
  table) against the rule's number from the calculators; :func:`demonstrate` returns a
  :class:`ClaimDemo` (notebook 10 compares them in a chart);
* :func:`says` — the *sentence* a topic notebook shows in its 常见误区 table: the claim checked with
  the page's own person (``claims_table(ids, **inputs)`` in :mod:`yibao_helpers.content.claims`).

A claim's text, verdict and notebook live once, in ``data/claims/claims.csv``; these functions only
compute numbers.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import math
import pkgutil
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...core import checks
from ...core.errors import YibaoInputError
from ...params import check_region, merge_sources, rule_year, sources_frame
from ..claims import CLAIM_UNITS, VERDICTS, claim_row, parse_numbers


@dataclass
class ClaimDemo:
    """One claim settled with numbers: the claim's number next to the rule's number.

    ``pairs`` has one row per number compared (``item, claim, rule, unit``); the first row is the
    headline (``claim_value``/``rule_value``). ``sources`` lists the data rows behind the rule's
    numbers (parameter, value, unit, region, effective_from, source, confidence).
    """

    claim_id: str
    claim_zh: str
    verdict: str
    label: str
    claim_value: float
    rule_value: float
    unit: str
    explanation: str
    sources: pd.DataFrame
    pairs: pd.DataFrame
    claim_source: str = ""
    inputs: dict = field(default_factory=dict)

    @property
    def verdict_zh(self) -> str:
        return VERDICTS[self.verdict]

    @property
    def unit_zh(self) -> str:
        return CLAIM_UNITS[self.unit]

    @property
    def difference(self) -> float:
        return float(self.claim_value) - float(self.rule_value)

    @property
    def differs(self) -> bool:
        return not math.isclose(float(self.claim_value), float(self.rule_value), rel_tol=1e-9, abs_tol=0.005)

    def text(self, which: str = "claim") -> str:
        return format_number(self.claim_value if which == "claim" else self.rule_value, self.unit)

    @property
    def as_of(self) -> str:
        return str(max(self.sources["effective_from"])) if len(self.sources) else ""

    def summary(self) -> str:
        """'说法 640.00 元/月，规则 160.00 元/月' — one line for tables."""
        return f"说法 {self.text('claim')}，规则 {self.text('rule')}"


def format_number(value: float, unit: str) -> str:
    """A number with its unit for text: 8% / 1,229.00 元/月 / 8 项 / 1998 年."""
    value = float(value)
    if unit == "ratio":
        return f"{value * 100:g}%"
    if unit == "year":
        return f"{value:.0f} 年"
    if unit in ("items", "years"):
        return f"{value:g} {CLAIM_UNITS[unit]}"
    return f"{value:,.2f} {CLAIM_UNITS[unit]}"


@dataclass(frozen=True)
class _Demo:
    func: object
    needs: tuple[str, ...]

    @property
    def accepts(self) -> tuple[str, ...]:
        sig = inspect.signature(self.func)
        return tuple(p for p, v in sig.parameters.items() if p != "numbers" and v.kind is not v.VAR_KEYWORD)

    def mine(self, inputs: dict) -> dict:
        """The ``inputs`` this function takes: those it names, or all of them when it takes ``**page``."""
        if any(v.kind is v.VAR_KEYWORD for v in inspect.signature(self.func).parameters.values()):
            return dict(inputs)
        return {k: v for k, v in inputs.items() if k in self.accepts}


_DEMOS: dict[str, _Demo] = {}  # claim id → numeric demonstration (this package's topic modules register them)
_SAYS: dict[str, _Demo] = {}  # claim id → one sentence with the numbers (for a topic notebook's 常见误区 table)


def demo(*ids: str, needs: tuple[str, ...] = ()):
    """Register a numeric demonstration: ``func(numbers, **inputs)`` → (label, claim, rule, unit, explanation,
    sources, pairs); ``needs``: the keys it reads from the claim's ``claim_numbers``."""

    def register(func):
        for cid in ids:
            _DEMOS[cid] = _Demo(func, needs)
        return func

    return register


def says(*ids: str):
    """Register the "用数字说话" sentence of claims: ``func(**inputs)`` → the sentence (text), or
    (text, sources)."""

    def register(func):
        for cid in ids:
            _SAYS[cid] = _Demo(func, ())
        return func

    return register


@functools.cache
def _load() -> None:
    """Import every topic module of this package (each registers its demonstrations)."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


def module_files() -> list:
    """The source files of this package (part of the cache key of the validated claims table)."""
    from pathlib import Path

    return sorted(Path(__path__[0]).glob("*.py"))


def registry() -> dict[str, _Demo]:
    """Claim id → numeric demonstration (every topic module loaded)."""
    _load()
    return _DEMOS


def sayings() -> dict[str, _Demo]:
    """Claim id → sentence function (every topic module loaded)."""
    _load()
    return _SAYS


def computable() -> list[str]:
    """The claim IDs that :func:`demonstrate` can compute, in order."""
    return sorted(registry())


def demo_inputs(claim_id: str) -> tuple[str, ...]:
    """The keyword inputs a claim's demonstration accepts (e.g. ``monthly_salary, age, region, year``)."""
    return _demo_of(claim_id).accepts


def _demo_of(claim_id: str) -> _Demo:
    cid = str(claim_id).upper()
    if cid not in registry():
        raise YibaoInputError(
            "claim_id",
            claim_id,
            f"没有可计算的演示；可计算的说法：{computable()}",
            f"has no demonstration; computable claims: {computable()}",
        )
    return _DEMOS[cid]


# the inputs a demonstration may take, each checked before the demonstration runs (one person: single numbers)
_INPUT_CHECKS = {
    "monthly_salary": lambda v: checks.as_float(
        "monthly_salary", v, lo=0, hi=10_000_000, unit_zh="元/月", unit_en="yuan/month"
    ),
    "age": lambda v: checks.as_float(
        "age", v, lo=checks.AGE_MIN, hi=checks.AGE_MAX, unit_zh="岁", unit_en="years of age"
    ),
    "region": check_region,
    "year": rule_year,
    "gap_years": lambda v: checks.as_int("gap_years", v, lo=1, hi=10, unit_zh="年", unit_en="years"),
    "contribution_years": lambda v: checks.as_float(
        "contribution_years", v, lo=0, hi=80, unit_zh="年", unit_en="years"
    ),
    "interest_rate": lambda v: checks.as_float(
        "interest_rate", v, lo=0, hi=0.2, unit_zh="（年利率，0.02 表示 2%）", unit_en="(a yearly rate, 0.02 = 2%)"
    ),
    "years": lambda v: checks.as_int("years", v, lo=1, hi=100, unit_zh="年", unit_en="years"),
}


def demonstrate(claim_id: str, **inputs) -> ClaimDemo:
    """Settle one claim with numbers: its own number against the rule's number from the data.

    ``inputs`` are the person's numbers the demonstration uses (see :func:`demo_inputs`), e.g.
    ``demonstrate("K01", monthly_salary=8000, age=30, region="beijing", year=2026)``; omitted ones
    take the defaults of the example (year: the newest data). Unknown inputs raise
    :class:`~yibao_helpers.errors.YibaoInputError`.
    """
    demo = _demo_of(claim_id)
    unknown = [k for k in inputs if k not in demo.accepts]
    if unknown:
        raise YibaoInputError(
            unknown[0],
            inputs[unknown[0]],
            f"{claim_id} 的演示只接受 {list(demo.accepts)}",
            f"the demonstration of {claim_id} accepts only {list(demo.accepts)}",
        )
    for name, value in inputs.items():
        check = _INPUT_CHECKS.get(name)
        if check is not None:
            check(value)  # the inputs themselves are passed on unchanged
    row = claim_row(claim_id)
    numbers = parse_numbers(row["claim_numbers"])
    label, claim, rule, unit, expl, sources, pairs = demo.func(numbers, **inputs)
    return ClaimDemo(
        claim_id=row["id"],
        claim_zh=row["claim_zh"],
        verdict=row["verdict"],
        label=label,
        claim_value=float(claim),
        rule_value=float(rule),
        unit=unit,
        explanation=expl,
        sources=sources.reset_index(drop=True),
        pairs=pairs,
        claim_source=row["source"],
        inputs=dict(inputs),
    )


def demonstrate_all(**inputs) -> dict[str, ClaimDemo | str]:
    """Every demonstration with shared inputs (each gets the ones it accepts).

    A claim that cannot be computed for these inputs (e.g. a region without data for the year) maps
    to a short Chinese message instead of a result.
    """
    out: dict[str, ClaimDemo | str] = {}
    for cid in computable():
        mine = {k: v for k, v in inputs.items() if k in registry()[cid].accepts}
        try:
            out[cid] = demonstrate(cid, **mine)
        except YibaoInputError as exc:
            out[cid] = "无法计算：" + str(exc).splitlines()[0]
    return out


def demo_table(demos: dict[str, ClaimDemo | str]) -> pd.DataFrame:
    """One row per demonstration: 编号, 结论, 比较的数字, 说法, 规则, 单位, 差额 (说法 − 规则)."""
    rows = []
    for cid, d in demos.items():
        if isinstance(d, str):
            rows.append(
                {"编号": cid, "结论": "", "比较的数字": d, "说法": np.nan, "规则": np.nan, "单位": "", "差额": np.nan}
            )
            continue
        scale = 100.0 if d.unit == "ratio" else 1.0
        rows.append(
            {
                "编号": cid,
                "结论": d.verdict_zh,
                "比较的数字": d.label,
                "说法": round(d.claim_value * scale, 2),
                "规则": round(d.rule_value * scale, 2),
                "单位": "%" if d.unit == "ratio" else d.unit_zh,
                "差额": round(d.difference * scale, 2),
            }
        )
    return pd.DataFrame(rows, columns=["编号", "结论", "比较的数字", "说法", "规则", "单位", "差额"])


def demo_sources(demos: dict[str, ClaimDemo | str]) -> pd.DataFrame:
    """The data rows behind all demonstrations (distinct), for a notebook's 规则 table."""
    return merge_sources(*[d.sources for d in demos.values() if not isinstance(d, str)])


def compared(*rows) -> pd.DataFrame:
    """The numbers a demonstration compares: one row per (item, claim, rule, unit)."""
    return pd.DataFrame(rows, columns=["item", "claim", "rule", "unit"])


def origin_zh(sources: pd.DataFrame | None, region: str = "national") -> str:
    """Whose numbers a sentence used, said so: ``北京的数据``, ``全国数据``, or — when any row is the example
    city's — ``示例城市的示例值（不是北京的数字）``; rows of the region's province count as the region's."""
    from ...params import region_name
    from ...params.policy import EXAMPLE, chain_of

    regions = set() if sources is None or not len(sources) else set(sources["region"])
    if EXAMPLE in regions and region != EXAMPLE:
        whose = "全国的" if region == "national" else f"{region_name(region)}的"
        return f"{region_name(EXAMPLE)}的示例值，不是{whose}数字"
    if regions and regions <= {"national"}:
        return "全国数据"
    if regions and not regions <= set(chain_of(region)):
        return "、".join(region_name(r) for r in sorted(regions - {"national"})) + "的数据"
    return f"{region_name(region)}的数据"


def rows_frame(policy, *keys) -> pd.DataFrame:
    """The sources frame of ``policy``'s rows for parameters (or (parameter, qualifier) pairs) ``keys``."""
    rows = []
    for key in keys:
        name, qualifier = (key, "") if isinstance(key, str) else key
        rows += policy.rows(name, qualifier)
    return sources_frame(rows)


def sentence(row, inputs: dict) -> tuple[str, pd.DataFrame | None]:
    """(用数字说话 text, sources or None) of one claims-table row for a page's ``inputs``.

    The claim's :func:`says` sentence, else its numeric demonstration's explanation, else the rule in
    words; bad or missing data for these inputs give "无法计算：…" with the error's first line.
    """
    cid = row["id"]
    said = sayings().get(cid)
    demo = said if said is not None else registry().get(cid)
    if demo is None:
        return row["rule_zh"], None
    mine = tuple(sorted(demo.mine(inputs).items()))
    try:
        try:
            text, sources = _settled(cid, said is not None, mine)
        except TypeError:  # an input that cannot be a cache key (a list): computed as it is
            text, sources = _settle(cid, said is not None, mine)
    except YibaoInputError as exc:
        return "无法计算：" + str(exc).splitlines()[0], None
    return text, None if sources is None else sources.copy()


def _settle(cid: str, is_saying: bool, mine: tuple) -> tuple[str, pd.DataFrame | None]:
    if is_saying:
        out = sayings()[cid].func(**dict(mine))
        return out if isinstance(out, tuple) else (out, None)
    shown = demonstrate(cid, **dict(mine))
    return shown.explanation, shown.sources


# a claim's sentence for the inputs it takes: the same on every page and every region it does not take (18 of the
# 46 sentences take no region); per data version (params.store.clear_caches forgets it), bad input never kept
_settled = functools.lru_cache(maxsize=4096)(_settle)
