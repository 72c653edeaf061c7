"""Charts: the packaged CJK font is used (no missing glyphs), each chart shows the data it was given
and carries a footnote with its sources and as-of date."""

import warnings

import numpy as np
import pytest
from matplotlib import font_manager

from yibao_helpers.present import footnotes, style
from yibao_helpers.present.charts import account as account_charts
from yibao_helpers.present.widgets import account as account_widgets
from yibao_helpers.rules import account, outpatient


def test_cjk_font_is_packaged_and_registered():
    path = style.cjk_font_path()
    assert path.is_file() and path.suffix in {".otf", ".ttf"}
    assert any(f.fname == str(path) for f in font_manager.fontManager.ttflist)
    assert style.CJK_FAMILY in [f.name for f in font_manager.fontManager.ttflist]


def test_chinese_text_renders_without_glyph_warnings(tmp_path):
    df = account.project_balance(8000, 55, 10, annual_spending=2500)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" is a UserWarning
        fig = account_charts.plot_balance(df, title="个人账户余额（元）：年底不清零")
        fig.savefig(tmp_path / "balance.png")
    assert (tmp_path / "balance.png").stat().st_size > 10_000


def test_balance_chart_shows_the_projection():
    df = account.project_balance(8000, 30, 12)
    fig = account_charts.plot_balance(df)
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches if p.get_width() < 1.5][: len(df)]
    np.testing.assert_allclose(heights, df["balance"].to_numpy())
    # the balance bars on the left axis; the year's credit and spending on a right axis of their own
    assert ax.get_ylabel() == "年末余额（元）" and len(fig.axes) == 2
    assert "岁" in ax.get_xlabel() and "年" in ax.get_xlabel()
    footer = fig.texts[-1].get_text()
    # sources named and as-of date = newest effective date of the rows used
    assert "国办发〔2021〕14号" in footer and f"数据截至 {df.attrs['as_of']}" in footer
    assert "示例" in footer  # the retiree credit rests on an illustrative average pension (data/account.csv)


def test_balance_vs_limit_chart_resets_every_january():
    bal = account.project_balance(8000, 30, 3)
    lim = outpatient.limit_by_month(400, 3)
    fig = account_charts.plot_balance_vs_limit(bal, lim)
    top, bottom = fig.axes
    step = bottom.get_lines()[0]
    y = step.get_ydata()
    # the remaining limit is back at the full limit each January (months 0, 12, 24)
    assert y[0] == y[12] == y[24] == lim["limit"].iloc[0]
    assert min(y) == 0
    assert top.get_ylabel() == "账户余额（元）" and bottom.get_ylabel() == "剩余限额（元）"


def test_footnote_marks_illustrative_and_wraps():
    import pandas as pd

    src = pd.DataFrame(
        {
            "source": ["国办发〔2021〕14号", "示例值：测试"],
            "confidence": ["official", "illustrative"],
            "effective_from": ["2021-04-13", "2024-01-01"],
        }
    )
    text = footnotes.footnote_text(src, footnotes.as_of_of(src))
    assert "数据截至 2024-01-01" in text and "illustrative" in text
    long = pd.DataFrame(
        {
            "source": [f"文件{i}号很长的来源说明文字" for i in range(9)],
            "confidence": ["official"] * 9,
            "effective_from": ["2020-01-01"] * 9,
        }
    )
    assert all(len(line) <= 72 for line in footnotes.footnote_text(long, "2020-01-01").splitlines())


def test_slider_callback_draws_the_helper_result(capsys):
    df = account_widgets.render_balance(12000, 40, 5, 0, "national")
    expected = account.project_balance(12000, 40, 5)
    assert df["balance"].iloc[-1] == expected["balance"].iloc[-1]
    assert f"{expected['balance'].iloc[-1]:,.2f} 元" in capsys.readouterr().out


def test_slider_callback_shows_chinese_message_not_traceback(capsys):
    # national wage data start in 2015 (data/wages.csv): 2005 has no contribution base
    assert account_widgets.render_balance(8000, 30, 5, 0, "national", start_year=2005) is None
    out = capsys.readouterr().out
    assert out.startswith("无法计算：") and "Traceback" not in out and "2005" in out


def test_explorer_builds_and_recomputes_on_slider_change():
    pytest.importorskip("ipywidgets")
    box = account_widgets.balance_explorer(monthly_salary=9000, age=40, years=5)
    salary = box.children[0].children[0]
    assert salary.value == 9000 and salary.description == "月工资（元）"
    salary.value = 12000  # triggers the callback; must not raise
    assert [o[0] for o in box.children[2].options][0].startswith("全国")
