"""Tables for readers: the rows behind a result with Chinese headers, labels and units."""

from __future__ import annotations

import pandas as pd

from ..params import CONFIDENCE, region_name
from ..params.catalogue import parameter_zh
from ..params.text import UNIT_ZH, band_zh, format_value


def sources_display(sources: pd.DataFrame) -> pd.DataFrame:
    """A sources frame with Chinese headers and readable values, for a notebook's 规则 table: the parameter's
    Chinese name, the region's Chinese name, and where a secondary value was read (网址, 读取日期)."""
    urls = sources["source_url"] if "source_url" in sources else pd.Series([""] * len(sources), index=sources.index)
    dates = sources["retrieved_on"] if "retrieved_on" in sources else urls.map(lambda _: "")
    return pd.DataFrame(
        {
            "参数": [parameter_zh(p) for p in sources["parameter"]],
            "数值": [format_value(v, u) for v, u in zip(sources["value"], sources["unit"])],
            "单位": sources["unit"].map(UNIT_ZH),
            "地区": [region_name(r) for r in sources["region"]],
            "生效": sources["effective_from"],
            "来源": sources["source"],
            "可信度": sources["confidence"].map(CONFIDENCE),
            "读到的网址（日期）": [f"{u}（{d}）" if u and d else u for u, d in zip(urls, dates)],
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
                    "参数": parameter_zh(r.parameter, r.qualifier),
                    "年龄段": band_zh(r.age_from, r.age_to),
                    "数值": format_value(r.value, r.unit),
                    "单位": UNIT_ZH[r.unit],
                    "生效": r.effective_from.isoformat(),
                    "地区": region_name(r.region),
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
