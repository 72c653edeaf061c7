"""Tables for readers: the rows behind a result with Chinese headers, labels and units."""

from __future__ import annotations

import pandas as pd

from ..params import CONFIDENCE
from ..params.text import UNIT_ZH, band_zh, format_value


def sources_display(sources: pd.DataFrame) -> pd.DataFrame:
    """A sources frame with Chinese headers and readable values, for a notebook's 规则 table."""
    return pd.DataFrame(
        {
            "参数": sources["parameter"],
            "数值": [format_value(v, u) for v, u in zip(sources["value"], sources["unit"])],
            "单位": sources["unit"].map(UNIT_ZH),
            "地区": sources["region"],
            "生效": sources["effective_from"],
            "来源": sources["source"],
            "可信度": sources["confidence"].map(CONFIDENCE),
        }
    )


def policy_table(policy, names=None) -> pd.DataFrame:
    """The rows of ``policy`` (all, or the parameters in ``names``) one line per row or age band."""
    wanted = policy.names() if names is None else [(n, "") if isinstance(n, str) else n for n in names]
    out = []
    for key in wanted:
        for r in policy.rows(*key):
            out.append(
                {
                    "参数": r.parameter + (f"[{r.qualifier}]" if r.qualifier else ""),
                    "年龄段": band_zh(r.age_from, r.age_to),
                    "数值": format_value(r.value, r.unit),
                    "单位": UNIT_ZH[r.unit],
                    "生效": r.effective_from.isoformat(),
                    "地区": r.region,
                    "来源": r.source,
                    "可信度": CONFIDENCE[r.confidence],
                }
            )
    return pd.DataFrame(out)


class WholeText:
    """A reader table whose cells are shown in full (pandas cuts each cell at ``display.max_colwidth``).

    What a notebook shows of it is the frame's own HTML and text, with no cell cut; ``.frame`` is the
    DataFrame (its other attributes pass through: ``table.attrs``, ``table["编号"]``).
    """

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def _repr_html_(self) -> str:
        with pd.option_context("display.max_colwidth", None):
            return self.frame._repr_html_()

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None):
            return repr(self.frame)

    def __getattr__(self, name):
        return getattr(self.frame, name)

    def __getitem__(self, key):
        return self.frame[key]

    def __len__(self) -> int:
        return len(self.frame)
