"""Your own city's numbers (issue 13, deliverable 7): a CSV in the format of data/*.csv, checked like the data,
merged into it and marked 用户提供 wherever a result uses it.

The demonstration file is ``data/templates/my_city_example.csv`` (region ``mycity``, the example city's values,
graded illustrative). Every test leaves the project's data as it found them (``use_policy_file(None)``).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from yibao_helpers import params
from yibao_helpers.core.errors import PolicyDataError, YibaoInputError
from yibao_helpers.params import user_file
from yibao_helpers.present import notices
from yibao_helpers.rules import account
from yibao_helpers.rules.reimburse import reimburse
from yibao_helpers.scenarios import own_city

TEMPLATE = own_city.TEMPLATE


@pytest.fixture(autouse=True)
def project_data_only():
    params.use_policy_file(None)
    yield
    params.use_policy_file(None)


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return path


def _edited(tmp_path: Path, line: int, column: str, value: str) -> Path:
    rows = _rows(TEMPLATE)
    rows[line - 1][rows[0].index(column)] = value
    return _write(tmp_path / "mine.csv", rows)


def test_a_new_region_from_the_file_computes_with_its_numbers():
    assert "mycity" not in params.regions()
    assert params.use_policy_file(TEMPLATE) == str(TEMPLATE.resolve())
    assert "mycity" in params.regions() and params.region_name("mycity") == "用户地区 mycity"
    # template lines 6 and 9: 三级 起付 1,000, 80 %; a 50,000 bill with 5 % 丙类 and 20 % 乙类 (10 % first, the
    # example city's catalogue.preselfpay_ratio, borrowed): (50,000 − 2,500 − 1,000 − 1,000) × 80 % = 36,400
    r = reimburse(50000, scheme="employee", region="mycity", year=2025, excluded_share=0.05, partial_share=0.2)
    assert r.hifp_pay == 36400
    # template line 2: the base floor 5,025.80 元/月; a salary of 3,000 is raised to it; 2 % to the account:
    # fen(100.516) = 100.52 × 12 = 1,206.24 a year
    df = account.project_balance(3000, 30, 1, region="mycity", start_year=2025)
    assert df["credited"].iloc[0] == 1206.24
    params.use_policy_file(None)
    assert "mycity" not in params.regions()


def test_every_row_it_used_is_marked_user_supplied():
    params.use_policy_file(TEMPLATE)
    r = reimburse(50000, scheme="employee", region="mycity", year=2025)
    used = r.sources
    mine = used[used["region"] == "mycity"]
    assert len(mine) and mine["source"].str.startswith("用户提供：").all()
    how = set(params.sources.provenance(used, "mycity")["how"])
    assert "user" in how
    box = notices.notice(used, "mycity")
    assert "用户提供：" in box and "职工住院支付比例（三级医院）" in box


def test_an_existing_region_takes_the_users_series_for_the_parameters_in_the_file(tmp_path):
    # the template's rows renamed to 合肥: 合肥 has no inpatient table of its own (it borrows the example city's 85 %
    # at level 3, inpatient.csv line 8); the user's 80 % (template line 9) replaces it. A 50,000 bill, no 丙类 or
    # 乙类 share (reimburse's defaults), 起付 1,000 in both: 49,000 × 85 % = 41,650 before, × 80 % = 39,200 after
    rows = _rows(TEMPLATE)
    for row in rows[1:]:
        row[0] = "hefei"
    path = _write(tmp_path / "hefei.csv", rows)
    before = reimburse(50000, scheme="employee", region="hefei", year=2025).hifp_pay
    params.use_policy_file(path)
    after = reimburse(50000, scheme="employee", region="hefei", year=2025)
    assert before == 41650 and after.hifp_pay == 39200
    assert params.region_name("hefei") == "合肥"  # a known region keeps its name


@pytest.mark.parametrize(
    ("line", "column", "value", "problem"),
    [
        (7, "unit", "yuan", "单位应为 ratio"),  # a ratio row given in 元 (parameter catalogue)
        (3, "parameter", "employee.base_floor_typo", "不是本项目认识的参数"),
        (4, "qualifier", "level=9", "不是本项目认识的限定词"),
        (5, "effective_from", "2025-13-01", "effective_from"),
        (5, "confidence", "secondary", "source_url"),  # secondary without where it was read (provenance standard)
        (5, "confidence", "official", "文件号"),  # official without the document that sets it
        (2, "region", "Hangzhou", "列 region"),  # region codes are lowercase letters (the data's schema)
    ],
)
def test_a_bad_row_names_the_file_the_line_and_the_column(tmp_path, line, column, value, problem):
    path = _edited(tmp_path, line, column, value)
    with pytest.raises(PolicyDataError) as err:
        params.use_policy_file(path)
    text = str(err.value)
    assert "mine.csv" in text and f"第 {line} 行" in text and problem in text
    assert params.policy_file() is None  # nothing changed


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(YibaoInputError) as err:
        params.use_policy_file("/no/such/my_city.csv")
    assert err.value.param == "policy_file" and "找不到这个文件" in str(err.value)
    with pytest.raises(YibaoInputError):
        params.use_policy_file(42)


def test_overlapping_periods_in_the_users_file_are_refused(tmp_path):
    rows = _rows(TEMPLATE)
    rows.append(list(rows[1]))  # line 2 again: the same region, parameter and period
    with pytest.raises(PolicyDataError) as err:
        params.use_policy_file(_write(tmp_path / "mine.csv", rows))
    assert "重叠" in str(err.value) and f"第 {len(rows)} 行" in str(err.value)


def test_the_numbers_table_says_where_each_number_came_from():
    # nanchang on 2025-07-01: the 三级 employee ratio is 南昌's own (inpatient.csv line 25), the base floor 江西's
    table = own_city.numbers_table("nanchang", "2025-07-01").set_index("数字")
    assert table.loc["职工住院报销比例（三级医院）", "本页的值"] == "85%"
    assert table.loc["职工住院报销比例（三级医院）", "来自哪里"] == "本地"
    assert table.loc["职工医保缴费基数下限（元/月）", "来自哪里"] == "省级（江西）"
    params.use_policy_file(TEMPLATE)
    mine = own_city.numbers_table("mycity", "2025-07-01").set_index("数字")
    assert mine.loc["职工住院报销比例（三级医院）", "来自哪里"] == "用户提供（示例值）"
    assert len(own_city.own_numbers()) == 13


def test_a_number_set_by_age_shows_each_band_not_an_error():
    # 上海 退休人员定额划入 (data/account.csv lines 24–25, the 门诊共济 实施办法 第二条第一项): 1680 元/年 under 75 and
    # 1890 元/年 from 75, ÷ 12 = 140 and 157.5 元/月; notebook 12 with `-p region shanghai` raised "需要给出年龄"
    table = own_city.numbers_table("shanghai", "2025-07-01").set_index("数字")
    row = table.loc["退休人员个人账户每月划入（元/月）"]
    assert row["本页的值"] == "<75岁：140 元/月；≥75岁：157.5 元/月"
    assert row["来自哪里"] == "本地"
    # 北京's two illustrative bands (lines 16–17: 100 under 70, 110 from 70) say so once, not per band
    row = own_city.numbers_table("beijing", "2025-07-01").set_index("数字").loc["退休人员个人账户每月划入（元/月）"]
    assert row["本页的值"] == "<70岁：100 元/月；≥70岁：110 元/月"
    assert row["来自哪里"] == "本地（示例值）"


def test_user_rows_table_has_chinese_labels():
    table = own_city.user_rows(TEMPLATE)
    assert list(table.columns) == ["地区", "参数", "值", "生效日期", "可信度", "来源"]
    assert table["参数"].iloc[0] == "缴费基数下限" and table["可信度"].iloc[0] == "示例"
    assert not table["参数"].str.contains(r"\.", regex=True).any()  # no parameter ids


def test_merge_keeps_the_data_rows_of_other_regions():
    regions, table = params.store.load_all(None)
    merged_regions, merged = user_file.merge(regions, table, TEMPLATE)
    assert len(merged) == len(table) + len(_rows(TEMPLATE)) - 1
    assert set(merged_regions["code"]) == set(regions["code"]) | {"mycity"}
