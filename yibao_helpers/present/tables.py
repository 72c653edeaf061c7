"""Tables for readers: the rows behind a result with Chinese headers, labels and units."""

from __future__ import annotations

import functools
import html
import unicodedata

import numpy as np
import pandas as pd

from ..params import CONFIDENCE, pension_tables, region_name, regions
from ..params.catalogue import parameter_zh
from ..params.text import UNIT_ZH, band_zh, format_value


def _place(code: str) -> str:
    """A source row's region by its Chinese name: a medical region, or a pension province (data/pension)."""
    return region_name(code) if code in regions() else pension_tables.province_name(code)


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
            "地区": [_place(r) for r in sources["region"]],
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


# ------------------------------------------------------------------------------------------- reader tables
def _code_labels() -> dict:
    """The Chinese label of every code a result frame may carry in a cell (在职, 改革后, 二手, …)."""
    from ..rules.account import REGIMES
    from ..rules.codes import MEMBER_ZH, SCHEME_ZH, SETTING_ZH
    from ..rules.retirement import GROUP_ZH

    out = {code: zh for code, (zh, _) in REGIMES.items()}
    for table in (MEMBER_ZH, SCHEME_ZH, SETTING_ZH, GROUP_ZH, CONFIDENCE):
        out.update({str(k): str(v) for k, v in table.items()})
    return out


# header of a code column → how its cells read in Chinese (codes that mean different things in different
# columns, such as a region code or a parameter id, are translated only under their column's header)
_HEADER_ZH = {"field": "结算单字段", "code": "代码", "region": "地区", "confidence": "可信度"}


def _cell_text(value, column_codes: dict) -> object:
    if isinstance(value, (bool, np.bool_)):
        return "是" if value else "否"
    if isinstance(value, str):
        return column_codes.get(value, value)
    return value


def _is_region_column(name) -> bool:
    return str(name) in ("地区", "region")


def _is_parameter_column(name) -> bool:
    return str(name) in ("参数", "规则", "parameter")


def _translate(values: pd.Series, name, codes: dict) -> pd.Series:
    from ..params import regions as known_regions

    column_codes = dict(codes)
    if _is_region_column(name):
        region_codes = set(known_regions()) | {"national", "example"}
        column_codes.update({c: region_name(c) for c in set(values.dropna().astype(str)) if c in region_codes})
    if _is_parameter_column(name):
        from ..params.catalogue import is_parameter

        column_codes.update({c: parameter_zh(c) for c in set(values.dropna().astype(str)) if is_parameter(c)})
    return values.astype(object).map(lambda v: _cell_text(v, column_codes))


def reader_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as a reader reads it: 是/否 for True/False, Chinese for the codes (在职, 改革后, 二手, a region's
    name, a parameter's Chinese name), Chinese headers for the few English ones; numbers stay numbers."""
    codes = _code_labels()
    out = frame.copy()
    for i, name in enumerate(frame.columns):
        col = frame.iloc[:, i]
        if not _numeric(col):
            out.isetitem(i, _translate(col, name, codes))
    out.columns = [_HEADER_ZH.get(str(c), c) if isinstance(c, str) else c for c in frame.columns]
    if not isinstance(frame.index, pd.MultiIndex) and not pd.api.types.is_numeric_dtype(frame.index):
        out.index = _translate(pd.Series(frame.index), frame.index.name, codes).values
        out.index.name = frame.index.name
    return out


def _shows_index(frame: pd.DataFrame) -> bool:
    """A frame's index is shown only when it carries labels (a row header), not row numbers."""
    index = frame.index
    return bool(index.name) or isinstance(index, pd.MultiIndex) or not pd.api.types.is_integer_dtype(index)


def _number_format(col: pd.Series):
    """How a numeric column is written: integers as they are (years, ages), amounts with a thousands separator —
    to the fen when any value of the column has fen, whole yuan when none has."""
    values = pd.to_numeric(col, errors="coerce")
    if pd.api.types.is_integer_dtype(col):
        return lambda v: str(v)
    finite = values[np.isfinite(values)]
    whole = bool(len(finite)) and bool(np.all(np.isclose(finite, np.round(finite), rtol=0, atol=1e-9)))
    spec = "{:,.0f}" if whole else "{:,.2f}"
    return lambda v: "" if pd.isna(v) else spec.format(0.0 if v == 0 else v)


def _numeric(col: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)


def _cells(frame: pd.DataFrame) -> tuple[list[str], list[list[str]], list[bool], list[str] | None]:
    """A reader table laid out once for both its forms: headers, rows of cell texts, which columns are numbers
    (right-aligned), and the row labels (None when the index is only row numbers)."""
    shown = reader_frame(frame)
    right = [_numeric(frame.iloc[:, i]) for i in range(frame.shape[1])]
    columns = []
    for i in range(frame.shape[1]):
        col = shown.iloc[:, i]
        fmt = _number_format(col) if right[i] else (lambda v: "" if v is None or v is pd.NA or v != v else str(v))
        columns.append([fmt(v) for v in col])
    rows = [list(r) for r in zip(*columns)] if columns else [[] for _ in range(len(frame))]
    index = [str(i) for i in shown.index] if _shows_index(frame) else None
    return [str(c) for c in shown.columns], rows, right, index


_WIDE = frozenset("WF")  # East Asian Width classes a terminal draws two columns wide (pandas' rule, ambiguous = 1)


@functools.lru_cache(maxsize=1 << 16)
def _width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in _WIDE else 1 for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    n = width - _width(text) + len(text)
    return text.rjust(n) if right else text.ljust(n)


def _text_columns(head: list[str], rows: list[list[str]]) -> str:
    """What ``DataFrame(rows, columns=head).to_string(index=False)`` prints with East Asian widths on and nothing
    cut, computed directly: pandas measured every character of every cell several times (a sixth of a notebook's
    run). Each column is right-aligned to its widest cell or header, columns one space apart; the last column is
    padded (left-aligned) only to its longest text in characters, as pandas does."""
    escape = str.maketrans({"\t": "\\t", "\r": "\\r", "\n": "\\n"})  # pandas' pprint_thing escapes
    columns = []
    for j, name in enumerate(head):
        cells = [r[j].translate(escape) for r in rows]
        width = max(_width(name), *(_width(c) for c in cells))
        columns.append([_pad(name, width, True)] + [_pad(c, width, True) for c in cells])
    widths = [max(_width(x) for x in col) + 1 for col in columns[:-1]] + [max(len(x) for x in columns[-1])]
    lines = zip(*([_pad(x, w, False) for x in col] for col, w in zip(columns, widths)))
    return "\n".join("".join(line) for line in lines)


def reader_text(frame: pd.DataFrame, laid=None) -> str:
    """The plain-text form of a reader table (what papermill, nbval and a terminal show): no row numbers, Chinese
    values, every cell in full. ``laid``: the frame's :func:`_cells`, when already computed."""
    head, rows, right, index = laid or _cells(frame)
    if index is None and rows and head and not isinstance(frame.columns, pd.MultiIndex):
        return _text_columns(head, rows)
    table = pd.DataFrame(rows, columns=head, index=None if index is None else pd.Index(index, name=frame.index.name))
    wide = (
        "display.max_colwidth",
        None,
        "display.width",
        10_000,
        "display.max_columns",
        None,
        "display.max_rows",
        None,
    )
    with pd.option_context(*wide, "display.unicode.east_asian_width", True):
        return table.to_string(index=index is not None)


def reader_html(frame: pd.DataFrame, laid=None) -> str:
    """The HTML of a reader table, the same in JupyterLab, the HTML export and the book: no row numbers, Chinese
    values, numbers right-aligned and text left-aligned (inline, so no stylesheet can undo it), nothing cut.
    ``laid``: the frame's :func:`_cells`, when already computed."""
    head, rows, right, index = laid or _cells(frame)
    index = None if index is None else [html.escape(i) for i in index]
    num = 'style="text-align:right;white-space:nowrap"'
    short = 'style="text-align:left;white-space:nowrap"'  # a short label (单位, 地区, 可信度) stays on one line
    width = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(head)]
    # a long text column gets room to wrap in (a narrow page must not squeeze it to a character a line), and a
    # long word (a URL) may break anywhere rather than run out of the page
    wide = 'style="text-align:left;overflow-wrap:anywhere;min-width:{}em"'
    styles = [
        num if right[i] else (short if width[i] <= 8 else wide.format(min(14, max(5, width[i] // 4))))
        for i in range(len(head))
    ]
    out = ['<table class="yibao-table">', "<thead><tr>"]
    if index is not None:
        out.append(f"<th {short}>{html.escape(str(frame.index.name or ''))}</th>")
    for i, h in enumerate(head):
        out.append(f"<th {styles[i]}>{html.escape(h)}</th>")
    out.append("</tr></thead><tbody>")
    for k, r in enumerate(rows):
        out.append("<tr>")
        if index is not None:
            out.append(f"<th {short}>{index[k]}</th>")
        for i, cell in enumerate(r):
            out.append(f"<td {styles[i]}>{html.escape(cell)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def reader_bundle(frame: pd.DataFrame) -> dict:
    """Both forms of a reader table (``text/plain``, ``text/html``) from one layout of its cells."""
    laid = _cells(frame)
    return {"text/plain": reader_text(frame, laid), "text/html": reader_html(frame, laid)}


def register_formatters(shell=None) -> bool:
    """Show every DataFrame of the running notebook as a reader table (:func:`reader_bundle`: :func:`reader_text`
    and :func:`reader_html`, laid out once). Returns False outside IPython."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython is a dependency
            return False
        shell = get_ipython()
    if shell is None:
        return False
    display = shell.display_formatter
    for mime in ("text/html", "text/plain"):  # a per-type formatter would take precedence over the bundle
        display.formatters[mime].type_printers.pop(pd.DataFrame, None)
    display.mimebundle_formatter.for_type(pd.DataFrame, reader_bundle)
    return True
