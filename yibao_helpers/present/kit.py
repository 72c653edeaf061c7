"""The notebook kit: one call sets up a page, and the page does what every notebook needs.

A teacher's notebook starts with its ``parameters`` cell (papermill), then::

    %matplotlib inline
    from yibao_helpers import rules, scenarios
    from yibao_helpers.present import charts, kit, widgets

    page = kit.setup(region, year)        # region name, rule year, display options, fonts

and then uses the page: ``page.name`` (北京), ``page.year`` (the rule year: ``year`` or the newest data
year), ``page.policy`` (the rules in force), ``page.md(text)``, ``page.show(fig, "name")``,
``page.rules(sources)`` (the 规则 table), ``page.no_data(exc, "门诊统筹")`` (the message where the data
give no result), ``page.claims(["K01", …], **inputs)`` (the 常见误区 table from the claims table),
``page.place(sources)`` / ``page.notice(sources)`` (the headline's place and the 注意 box naming every borrowed or
illustrative value a result used) and ``page.footer(...)`` (the closing lines). Nothing here computes a policy number.
"""

from __future__ import annotations

import datetime as _dt
import functools
from pathlib import Path

import pandas as pd

from ..params import check_region, data_as_of, load_policy, region_name, regions, rule_year, use_policy_file
from . import figures, footnotes, notices, tables


class Page:
    """One notebook page: its region and rule year, and the display helpers every page uses."""

    def __init__(self, region: str, year: int, as_of: _dt.date):
        self.region = region
        self.name = region_name(region)
        self.year = year
        self.as_of = as_of

    def __repr__(self) -> str:
        return f"Page(region={self.region!r}, year={self.year})"

    @property
    def on(self) -> _dt.date:
        """1 July of the rule year: the date whose rules count for the year."""
        return _dt.date(self.year, 7, 1)

    @functools.cached_property
    def policy(self):
        """The rules in force in the page's region on :attr:`on`."""
        return load_policy(self.region, self.on)

    def md(self, text: str) -> None:
        """Show Markdown (an answer sentence, a list) in the page; nothing for empty text."""
        from IPython.display import Markdown, display

        if not text:
            return
        display(Markdown(text))

    def place(self, sources: pd.DataFrame | None) -> str:
        """The page's place for a headline about a result built from ``sources``: ``北京``, or
        ``合肥（住院报销借用示例城市）`` when some of its values were borrowed."""
        return notices.place(sources, self.region)

    def notice(self, sources: pd.DataFrame | None, notes=()) -> None:
        """The 注意 box under an answer: each borrowed, illustrative or user-supplied value the result used (and the
        page's own stand-in ``notes``); shows nothing when every value is the place's own or national law."""
        text = notices.notice(sources, self.region, list(notes))
        if text:
            self.md(text)

    def show(self, fig, name: str | None = None) -> None:
        """Show a chart (and its freshness warning); saved as ``<name>.png`` when YIBAO_CHART_DIR is set."""
        figures.show(fig, name)

    def rules(self, sources: pd.DataFrame) -> pd.DataFrame:
        """The 规则 table of a result: each data row used, with its value, date, source and confidence."""
        return tables.sources_display(sources)

    def no_data(self, exc: Exception, what_zh: str = "", what_en: str = "this result", *, head_zh: str = "") -> str:
        """The two-line message (Chinese, then short English) a page prints where the data give no result."""
        return footnotes.no_data_message(exc, what_zh, what_en, head_zh=head_zh)

    def claims(self, ids, **inputs) -> pd.DataFrame:
        """The page's 常见误区 table: each claim's text and verdict from ``data/claims/claims.csv`` and a sentence
        with this page's numbers (``inputs``; the page's region and year unless given)."""
        from ..content.claims import claims_table

        return claims_table(ids, **{"region": self.region, "year": self.year, **inputs})

    def footer(self, *details: str, as_of=None, list_regions: bool = True) -> None:
        """The closing lines: the data's as-of date, the page's region, ``details`` ('规则年份: 2026', …), and
        (``list_regions``) the regions with data."""
        when = as_of if as_of is not None else self.as_of
        when = when.isoformat() if isinstance(when, _dt.date) else str(when)
        print("；".join([f"数据截至 as of: {when}", f"地区 region: {self.region}（{self.name}）", *details]))
        if list_regions:
            print("已有数据的地区：", "、".join(f"{region_name(c)}({c})" for c in regions()))


def setup(region: str = "national", year=None, *, policy_file=None, page: str | None = None, inputs=None) -> Page:
    """Set up a notebook page: bring in the user's own numbers (``policy_file``: a CSV in the format of
    ``data/*.csv``, marked 用户提供 wherever used; None = the project's data only), check the region and every
    other parameter of the page (``page``: its number, e.g. ``"03"``; ``inputs``: the notebook's namespace,
    ``globals()``; see :mod:`.inputs` — a bad value is named as the page's parameter), fix the rule year
    (``year``, or the newest data year), show every table as a reader table (:func:`tables.reader_html`:
    no row numbers, Chinese values, nothing cut) and register the Chinese font for charts."""
    from . import inputs as page_inputs
    from . import style  # noqa: F401  (registers the packaged CJK font with matplotlib)

    use_policy_file(policy_file)
    if policy_file:
        from IPython.display import Markdown, display

        display(
            Markdown(
                f"> **用户提供的数据**：本页使用你的文件 `{Path(policy_file).name}` 中的数字（页面上标为“用户提供”），"
                "其余沿用本项目的数据。"
            )
        )
    tables.register_formatters()
    check_region(region, name="region")  # the error names the page's parameter, as the user typed it
    if page is not None:
        page_inputs.check(page, inputs or {})
    return Page(region, rule_year(year), data_as_of())
