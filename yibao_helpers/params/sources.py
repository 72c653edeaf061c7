"""The rows behind a result, as a small table: one ``sources_frame`` and one ``merge_sources`` for everybody.

Every calculator returns the data rows it used (``attrs["sources"]`` or a ``sources`` field) as a frame
with the columns of :data:`SOURCE_COLUMNS`; pages show them (:mod:`yibao_helpers.present.tables`) and
footnote them (:mod:`yibao_helpers.present.footnotes`).
"""

from __future__ import annotations

import pandas as pd

SOURCE_COLUMNS = [
    "parameter",
    "value",
    "unit",
    "region",
    "effective_from",
    "source",
    "confidence",
    "source_url",
    "retrieved_on",
]


def sources_frame(rows) -> pd.DataFrame:
    """The distinct rows behind a result, in file order: parameter, value, unit, region, effective_from, source,
    confidence, source_url, retrieved_on."""
    unique = {(r.file, r.line): r for r in rows}
    ordered = [unique[k] for k in sorted(unique)]
    return pd.DataFrame(
        [
            {
                "parameter": r.parameter + (f"[{r.qualifier}]" if r.qualifier else ""),
                "value": r.value,
                "unit": r.unit,
                "region": r.region,
                "effective_from": r.effective_from.isoformat(),
                "source": r.source,
                "confidence": r.confidence,
                "source_url": r.source_url,
                "retrieved_on": r.retrieved_on,
            }
            for r in ordered
        ],
        columns=SOURCE_COLUMNS,
    )


def merge_sources(*frames) -> pd.DataFrame:
    """The distinct rows of several sources frames, in the order given (``None`` and empty frames are skipped;
    a list of frames may be passed as one argument)."""
    if len(frames) == 1 and isinstance(frames[0], (list, tuple)):
        frames = tuple(frames[0])
    parts = [f for f in frames if f is not None and len(f)]
    if not parts:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    return pd.concat(parts, ignore_index=True).drop_duplicates().reset_index(drop=True)


def as_of_of(sources: pd.DataFrame | None, default: str = "") -> str:
    """The as-of date of the data behind a result: the newest effective date among the rows used."""
    if sources is None or not len(sources):
        return default
    return str(max(sources["effective_from"]))


HOW_ZH = {"local": "本地", "province": "省级", "national": "全国统一规定", "borrowed": "借用", "user": "用户提供"}


def provenance(sources: pd.DataFrame | None, region: str) -> pd.DataFrame:
    """``sources`` with how each row reached a result for ``region``: ``how`` (local / province / national /
    borrowed, as :func:`yibao_helpers.params.resolve.resolve` says it; ``user`` for rows of a user's own file,
    whose ``source`` starts with 用户提供) and ``illustrative`` (the row's grade)."""
    from .policy import EXAMPLE, chain_of

    if sources is None or not len(sources):
        return pd.DataFrame(columns=[*SOURCE_COLUMNS, "how", "illustrative"])
    chain = chain_of(region)

    def how(row_region: str, source: str) -> str:
        if str(source).startswith("用户提供"):
            return "user"
        if row_region == region:
            return "national" if region == "national" else "local"
        if row_region == "national":
            return "national"
        if row_region == EXAMPLE or row_region not in chain:
            return "borrowed"
        return "province"

    out = sources.copy()
    out["how"] = [how(r, s) for r, s in zip(out["region"], out["source"])]
    out["illustrative"] = out["confidence"] == "illustrative"
    return out
