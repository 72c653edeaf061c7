"""Reader tables: the rows behind a result with Chinese headers, values and units (present.tables)."""

import yibao_helpers as yb
from yibao_helpers.present.tables import policy_table, sources_display
from yibao_helpers.rules.reimburse import reimburse


def test_table_columns_and_rows():
    pol = yb.load_policy("beijing", 2024)
    table = policy_table(
        pol, ["account.pre.employer_credit_rate", "employee.base_floor", "account.post.individual_credit_rate"]
    )
    assert list(table.columns) == ["参数", "年龄段", "数值", "单位", "生效", "地区", "来源", "可信度"]
    assert len(table) == 3 + 1 + 1  # three age bands, one floor row, one inherited row
    # the parameter column shows the catalogue's Chinese name (parameters.csv line 4: account.pre.employer_credit_rate
    # = 改革前：单位缴费划入比例); account.csv lines 11–13: beijing's three age bands 0.8 % / 1 % / 2 %
    bands = table[table["参数"] == "改革前：单位缴费划入比例"]
    assert list(bands["年龄段"]) == ["<35岁", "35–45岁", "≥45岁"]
    assert list(bands["数值"]) == ["0.8%", "1%", "2%"]
    # parameters.csv line 17: employee.base_floor = 缴费基数下限
    floor = table[table["参数"] == "缴费基数下限"].iloc[0]
    # contribution.csv line 14: beijing 2024-07-01..2025-06-30: 6821 yuan/month, secondary; the region column shows
    # the region's Chinese name (regions.csv line 4: beijing = 北京)
    assert (floor["数值"], floor["单位"], floor["生效"], floor["地区"], floor["可信度"]) == (
        "6821",
        "元/月",
        "2024-07-01",
        "北京",
        "二手",
    )
    # parameters.csv line 6: account.post.individual_credit_rate = 改革后：在职职工只划入个人缴费
    inherited = table[table["参数"] == "改革后：在职职工只划入个人缴费"].iloc[0]
    # account.csv line 6: national 2% (国办发〔2021〕14号, read from a 新华社 report; the source column says so);
    # regions.csv line 2: national = 全国
    assert inherited["地区"] == "全国" and inherited["可信度"] == "二手"
    assert inherited["来源"] == "国办发〔2021〕14号（国务院常务会议2021-04-07报道，新华社；14号原文未见）"


def test_whole_table_has_one_line_per_row_in_force():
    pol = yb.load_policy("national", 2024)
    table = policy_table(pol)
    assert len(table) == sum(len(pol.rows(*key)) for key in pol.names())
    # outpatient.ratio[level=1] shown as its Chinese name: parameters.csv line 27 (门诊统筹支付比例) + qualifiers.csv
    # line 2 (level=1 = 一级医院)
    assert "门诊统筹支付比例（一级医院）" in set(table["参数"])
    level1 = table[table["参数"] == "门诊统筹支付比例（一级医院）"]
    # national has no outpatient ratio rows of its own: outpatient.csv line 4, the example city's 60 % from
    # 2021-04-13, illustrative
    # (regions.csv line 3: example = 示例城市)
    assert len(level1) == 1
    assert (level1["数值"].iloc[0], level1["生效"].iloc[0], level1["地区"].iloc[0], level1["可信度"].iloc[0]) == (
        "60%",
        "2021-04-13",
        "示例城市",
        "示例",
    )


def test_sources_display_names_the_parameter_the_region_and_the_page_read():
    # national resident bill, 1 July 2026: the 大病 threshold uses income.csv line 14 (national, 43377 元/年 from
    # 2026-01-01, secondary, read at http://appb.8w.lol/article/appb/4678736.html on 2026-12-02); the ratio is
    # inpatient.csv line 17 (example resident level-3 ratio 0.6, illustrative, no URL or date)
    shown = sources_display(reimburse(50000, scheme="resident", year=2026).sources)
    assert list(shown.columns) == ["参数", "数值", "单位", "地区", "生效", "来源", "可信度", "读到的网址（日期）"]
    rows = shown.set_index("参数")
    # parameters.csv line 113: income.disposable_prev_year = 上年居民人均可支配收入; regions.csv line 2: 全国
    income = rows.loc["上年居民人均可支配收入"]
    assert (income["数值"], income["单位"], income["地区"], income["生效"], income["可信度"]) == (
        "43377",
        "元/年",
        "全国",
        "2026-01-01",
        "二手",
    )
    assert income["读到的网址（日期）"] == "http://appb.8w.lol/article/appb/4678736.html（2026-12-02）"
    # parameters.csv line 97 (居民住院支付比例) + qualifiers.csv line 4 (level=3 = 三级医院); regions.csv line 3: 示例城市
    ratio = rows.loc["居民住院支付比例（三级医院）"]
    assert (ratio["数值"], ratio["单位"], ratio["地区"], ratio["生效"], ratio["可信度"]) == (
        "60%",
        "比例",
        "示例城市",
        "2017-07-29",
        "示例",
    )
    assert ratio["读到的网址（日期）"] == ""  # an illustrative row has no page read


def test_text_table_prints_what_pandas_prints_without_measuring_every_character_again():
    # reader_text's fast path must give pandas' to_string(index=False) with East Asian widths, byte for byte:
    # the stored notebook outputs (nbval) were written by it. Wide (CJK, full-width ％), ambiguous (·, —: one
    # column, pandas' default), ASCII, empty cells, an escaped newline, a last column narrower and wider than others
    import pandas as pd

    from yibao_helpers.present.tables import _text_columns

    head = ["地区", "数值", "note", "来源 source"]
    rows = [
        ["北京", "1,300.00", "", "国发〔1998〕44号"],
        ["national", "0.35%", "a\nb", "—"],
        ["示例城市", "85％", "·x·", "https://example.org/very/long/path"],
    ]
    with pd.option_context(
        "display.max_colwidth", None, "display.width", 10_000, "display.unicode.east_asian_width", True
    ):
        theirs = pd.DataFrame(rows, columns=head).to_string(index=False)
        one = pd.DataFrame([["长长的中文"]], columns=["x"]).to_string(index=False)
    assert _text_columns(head, rows) == theirs
    assert _text_columns(["x"], [["长长的中文"]]) == one


def test_a_displayed_frame_is_laid_out_once_for_both_its_forms(monkeypatch):
    # IPython asked the text and the HTML formatter in turn, and each translated every cell again
    import pandas as pd
    from IPython.core.interactiveshell import InteractiveShell

    from yibao_helpers.present import tables

    shell = InteractiveShell.instance()
    assert tables.register_formatters(shell)
    frame = pd.DataFrame({"region": ["beijing", "national"], "金额": [1300.0, 0.5]})
    calls = []
    real = tables.reader_frame
    monkeypatch.setattr(tables, "reader_frame", lambda f: calls.append(1) or real(f))
    data, _ = shell.display_formatter.format(frame)
    assert len(calls) == 1
    # regions.csv: beijing = 北京, national = 全国; amounts to the fen because one has fen
    assert data["text/plain"] == "地区     金额\n北京 1,300.00\n全国     0.50"
    assert data["text/html"] == tables.reader_html(frame)
