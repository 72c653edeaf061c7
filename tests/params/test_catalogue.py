"""The parameter catalogue (data/catalogue): every parameter and qualifier of the tables has a Chinese name and one
unit, and the catalogue names nothing the tables lack."""

import pytest

from yibao_helpers.core.errors import PolicyDataError
from yibao_helpers.params import catalogue, text


def test_catalogue_covers_the_tables_exactly():
    assert catalogue.coverage() == []


def test_labels_units_and_categories():
    # data/catalogue/parameters.csv
    assert catalogue.label_of("account.post.individual_credit_rate") == "改革后：在职职工只划入个人缴费"
    assert catalogue.unit_of("employee.base_floor") == "yuan/month"
    assert catalogue.unit_of("inpatient.resident.repeat_deductible_cut") == "ratio|yuan"  # rows use either
    assert catalogue.category_of("employee.base_floor") == "employee"
    assert catalogue.categories()["employee"] == "职工缴费"
    assert list(catalogue.categories())[0] == "account"  # reading order of categories.csv
    assert catalogue.statistics() == ("wage", "income")
    assert catalogue.label_of("not.a.parameter") == "not.a.parameter"  # only for ids the catalogue lacks


def test_qualifier_names_and_display_units():
    assert catalogue.qualifier_zh("level=3") == "三级医院"
    assert catalogue.qualifier_zh("relation=spouse") == "配偶"
    assert catalogue.qualifier_zh("") == ""
    # retirement.old_age is an age in years: shown as 岁, not 年
    assert text.value_text(60.0, "years", "retirement.old_age") == "60 岁"
    assert text.value_text(15.0, "years", "medical.min_years") == "15 年"
    assert text.value_text(6.0, "ratio") == "6 倍" and text.value_text(0.02, "ratio") == "2%"


def test_coverage_finds_a_parameter_without_a_label(data_copy):
    # a row of the 14 columns (source_url and retrieved_on blank: allowed for an illustrative row); the example
    # city's, since no national row is illustrative
    data_copy.insert_line(
        "wages.csv", 2, "example,wage.new_series,,,,2024-01-01,,1,yuan/year,测试来源 test source,illustrative,,,"
    )
    problems = catalogue.coverage(str(data_copy))
    assert problems == ["wage.new_series: 参数目录中没有 / not in data/catalogue/parameters.csv"]


@pytest.mark.parametrize(
    "row, column",
    [
        ("account.reform_date,重复,account,date,,来源", "parameter"),  # a second row for the same parameter
        ("wage.extra,标签,account,yuan,,来源", "category"),  # the category is not the id's first part
        ("account.extra,标签,account,percent,,来源", "unit"),
        ("account.extra,,account,yuan,,来源", "label_zh"),
    ],
)
def test_a_bad_catalogue_row_names_its_line_and_column(tmp_path, monkeypatch, row, column):
    import shutil

    from yibao_helpers.params import store

    data = tmp_path / "data"
    shutil.copytree(store.DATA_DIR, data)
    path = data / "catalogue" / "parameters.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines) + row + "\n", encoding="utf-8")
    monkeypatch.setattr(catalogue, "DATA_DIR", data)
    catalogue._catalogue.cache_clear()
    try:
        with pytest.raises(PolicyDataError) as err:
            catalogue.label_of("account.reform_date")
        assert (err.value.file, err.value.line, err.value.column) == ("parameters.csv", len(lines) + 1, column)
    finally:
        catalogue._catalogue.cache_clear()
