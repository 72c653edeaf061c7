"""The dashboard's page pieces (:mod:`yibao_helpers.present.dashboard`): its CSS, a chart as PNG bytes and
the trace and source tables as plain HTML (money with thousands separators, every text escaped)."""

from __future__ import annotations

import html
import io

import numpy as np
import pandas as pd

from . import footnotes
from .figures import PNG_OPTIONS
from .tables import sources_display

TRACE_COLUMNS_ZH = {
    "step": "步骤",
    "rule": "规则",
    "payer": "支付方",
    "field": "结算单字段",
    "amount": "金额（元）",
    "remaining": "尚未分摊（元）",
    "source": "来源",
}

CSS = """
<style>
.yb-app { max-width: 1100px; }
.yb-app h2 { margin: 4px 0 2px 0; }
.yb-note { color: #4a5568; font-size: 13px; }
.yb-summary { font-size: 15px; line-height: 1.6; }
.yb-summary b { color: #2b6cb0; }
.yb-warn { color: #9c4221; font-size: 13px; }
.yb-notice { color: #744210; background: #fffff0; border: 1px solid #f6e05e; border-radius: 4px;
             padding: 6px 12px; font-size: 13px; margin: 4px 0; }
.yb-notice ul { margin: 2px 0 2px 18px; padding: 0; }
.yb-error { color: #9b2c2c; background: #fff5f5; border: 1px solid #feb2b2; border-radius: 4px;
            padding: 8px 12px; font-size: 14px; }
.yb-table table { border-collapse: collapse; font-size: 12px; margin: 2px 0 10px 0; }
.yb-table th, .yb-table td { border: 1px solid #cbd5e0; padding: 3px 6px; text-align: left; vertical-align: top; }
.yb-table th { background: #edf2f7; white-space: nowrap; }
.yb-table td.num { text-align: right; white-space: nowrap; }
</style>
"""


def png(fig) -> bytes:
    """The figure as PNG bytes (the figure is closed)."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", **PNG_OPTIONS)  # as the notebooks' charts: deterministic bytes, fast zlib
    finally:
        plt.close(fig)
    return buf.getvalue()


def _cell(value) -> str:
    if isinstance(value, (float, np.floating)):
        return f"<td class='num'>{value:,.2f}</td>"
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return f"<td class='num'>{value}</td>"
    return f"<td>{html.escape(str(value))}</td>"


def table_html(frame: pd.DataFrame) -> str:
    """A DataFrame as a plain HTML table (money with thousands separators)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def trace_html(traces: dict[str, pd.DataFrame]) -> str:
    """Each "how it was computed" table under its caption."""
    parts = []
    for caption, frame in traces.items():
        parts.append(f"<h4>计算过程 · {html.escape(caption)}</h4>" + table_html(frame.rename(columns=TRACE_COLUMNS_ZH)))
    return "".join(parts)


def sources_html(sources: pd.DataFrame | None) -> str:
    """The data rows behind a result (with their as-of date and a note when any value is illustrative)."""
    if sources is None or not len(sources):
        return ""
    note = ""
    if (sources["confidence"] == "illustrative").any():
        note = "<p class='yb-note'>可信度为“示例”的参数只用于演示量级，请以当地医保/社保部门公布的数值为准。</p>"
    return (
        f"<h4>数据来源（数据截至 {html.escape(footnotes.as_of_of(sources))}）</h4>"
        + note
        + table_html(sources_display(sources))
    )


def notice_html(markdown: str) -> str:
    """The 注意 box of :func:`yibao_helpers.present.notices.notice` (Markdown quote with a list) as HTML; "" for ""."""
    if not markdown:
        return ""
    lines = [line.removeprefix(">").strip() for line in markdown.splitlines()]
    head = html.escape(lines[0]).replace("**注意**", "<b>注意</b>")
    items = "".join(f"<li>{html.escape(line.removeprefix('- '))}</li>" for line in lines[1:] if line)
    return f"<div class='yb-notice'>{head}<ul>{items}</ul></div>"
