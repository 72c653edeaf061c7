"""Reader tables: the rows behind a result with Chinese headers, values and units (present.tables)."""

import yibao_helpers as yb
from yibao_helpers.present.tables import policy_table


def test_table_columns_and_rows():
    pol = yb.load_policy("beijing", 2024)
    table = policy_table(
        pol, ["account.pre.employer_credit_rate", "employee.base_floor", "account.post.individual_credit_rate"]
    )
    assert list(table.columns) == ["参数", "年龄段", "数值", "单位", "生效", "地区", "来源", "可信度"]
    assert len(table) == 3 + 1 + 1  # three age bands, one floor row, one inherited row
    bands = table[table["参数"] == "account.pre.employer_credit_rate"]
    assert list(bands["年龄段"]) == ["<35岁", "35–45岁", "≥45岁"]
    assert list(bands["数值"]) == ["0.8%", "1%", "2%"]
    floor = table[table["参数"] == "employee.base_floor"].iloc[0]
    # contribution.csv beijing 2024-07-01..2025-06-30: 6821 yuan/month, secondary
    assert (floor["数值"], floor["单位"], floor["生效"], floor["地区"], floor["可信度"]) == (
        "6821",
        "元/月",
        "2024-07-01",
        "beijing",
        "二手",
    )
    inherited = table[table["参数"] == "account.post.individual_credit_rate"].iloc[0]
    assert inherited["地区"] == "national" and inherited["来源"] == "国办发〔2021〕14号"


def test_whole_table_has_one_line_per_row_in_force():
    pol = yb.load_policy("national", 2024)
    table = policy_table(pol)
    assert len(table) == sum(len(pol.rows(*key)) for key in pol.names())
    assert "outpatient.ratio[level=1]" in set(table["参数"])
