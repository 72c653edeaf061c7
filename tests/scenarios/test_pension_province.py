"""Notebook 08 for any province (scenarios.pension_province): the province's own 计发基数 for the retirement year,
its rules through province_pension, the rows behind the result as a reader table, and its official sheets as a
small table of 表 / 算 with ✓ / ✗."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from yibao_helpers import YibaoInputError
from yibao_helpers.params import pension_tables as tables
from yibao_helpers.rules import pension
from yibao_helpers.rules.pension_province import province_pension
from yibao_helpers.scenarios import pension as scen
from yibao_helpers.scenarios import pension_province as pp

PERSON = dict(index=1.0, years=30, balance=150000, age=63, pre_account_years=3)


def person(province, avg_wage=None, retire_year=2054, **over):
    p = {**PERSON, **over}
    return pp.province_person(
        province, avg_wage, p["index"], p["years"], p["balance"], p["age"],
        pre_account_years=p["pre_account_years"], retire_year=retire_year, region="nanchang",
    )  # fmt: skip


def test_a_medical_region_has_its_pension_province():
    assert pp.province_of("nanchang") == "jiangxi" and pp.province_of("shenzhen") == "guangdong"
    assert pp.province_of("beijing") == "beijing" and pp.province_of("national") is None
    assert pp.province_note("nanchang", "jiangxi") == ""
    note = pp.province_note("shenyang", "jiangxi")
    assert "沈阳" in note and "江西" in note and "-p province liaoning" in note


def test_the_base_is_the_newest_row_not_after_the_retirement_year():
    rows = tables.series("jiangxi")
    if rows.empty:
        pytest.skip("no 计发基数 rows for jiangxi")
    first, last = int(rows["year"].min()), int(rows["year"].max())
    assert pp.province_base("jiangxi", 2100)["year"] == last
    assert pp.province_base("jiangxi", first)["value"] == float(rows["value"].iloc[0])
    assert pp.province_base("jiangxi", first - 1) is None
    with pytest.raises(YibaoInputError, match="retire_year"):
        pp.province_base("jiangxi", "2054")
    with pytest.raises(YibaoInputError, match="province"):
        pp.province_base("atlantis", 2054)


@pytest.mark.parametrize("province", ["jiangxi", "henan", "guangdong", "shanghai", "xizang", "zhejiang"])
def test_the_example_is_province_pension_with_the_provinces_base(province):
    est = person(province)
    row = est.iloc[0]
    base = pp.province_base(province, 2054)
    assert est.attrs["base_kind"] == ("province" if base else "example")
    people = {k: [v] for k, v in est.attrs["person"].items()}
    direct = province_pension(province, people).iloc[0]
    for part in ("basic", "account", "transitional", "adjustment", "extra", "total"):
        assert row[part] == direct[part], part
    assert row["annuity_months"] == pension.annuity_months(63)
    assert row["total"] == pytest.approx(
        row[["basic", "account", "transitional", "adjustment", "extra"]].sum(), abs=0.1
    )
    trace = pp.province_trace(est)
    assert trace["金额（元）"].iloc[-1] == row["total"] and trace["步骤"].iloc[1] == "养老保险个人账户养老金"
    assert sum(amount for _, amount in pp.extra_items(row)) == pytest.approx(row["extra"], abs=0.01)
    used = est.attrs["sources"]
    assert used["parameter"].str.startswith("pension.annuity_months").any()
    if base:
        assert est.attrs["avg_wage"] == base["value"]
        assert ((used["parameter"] == "pension.base_number") & (used["region"] == province)).sum() == 1


def test_a_given_wage_or_no_row_keeps_the_old_base():
    assert person("jiangxi", avg_wage=8000).attrs["base_kind"] == "given"
    assert person("jiangxi", avg_wage=8000).iloc[0]["basic"] == 2400.0  # 8000 × (1 + 1) ÷ 2 × 30 × 1 %
    rows = tables.series("anhui")
    early = int(rows["year"].min()) - 1 if len(rows) else 2019
    est = person("anhui", retire_year=early)
    assert est.attrs["base_kind"] == "example" and est.attrs["base_row"] is None
    assert est.attrs["avg_wage"] == scen.pension_base("nanchang")[0]


def test_by_years_with_a_province_has_the_person_as_the_example():
    df = scen.pension_by_years(None, 1.0, 30, 150000, 63, pre_account_years=3, province="zhejiang", retire_year=2054)
    me = df[df["is_person"]].iloc[0]
    assert me["total"] == person("zhejiang").iloc[0]["total"]
    assert {"adjustment", "extra"} <= set(df.columns) and np.all(np.diff(df["basic"]) > 0)


def test_the_rules_table_names_provinces_and_the_pension_account():
    est = person("henan")
    from yibao_helpers.present.tables import sources_display

    table = sources_display(est.attrs["sources"])  # the page's 规则 table (page.rules)
    assert not table["参数"].str.startswith("pension.").any()
    assert "河南" in set(table["地区"]) and "全国" in set(table["地区"])
    assert not any(("个人账户" in name and "养老保险个人账户" not in name) for name in table["参数"])
    assert pp.public_repo("github:owner/name:path/file.js@abc") == "owner/name" and pp.public_repo("http://x.cn") == ""


def test_base_history_has_a_row_behind_every_year():
    history = pp.base_history("xizang")
    assert len(history) == len(tables.series("xizang")) == len(history.attrs["sources"])
    from yibao_helpers.present.charts import pension as charts

    if len(history):
        fig = charts.plot_base_history(history, used_year=int(history["year"].iloc[-1]))
        assert fig.axes[0].get_ylabel() == "计发基数（元/月）"
        assert any("来源" in t.get_text() for t in fig.texts)


def test_the_sheet_table_is_one_row_per_sheet_in_chinese():
    folder = scen.cases_folder()
    cases = scen.load_cases(folder)
    if not cases:
        pytest.skip("validation sheets not found (../shared/validation/pension_cases)")
    from yibao_helpers.tools import validate_pensions

    checked = validate_pensions.agreement(validate_pensions.compute(folder), folder)
    for province in ("jiangxi", "henan"):
        table = pp.province_sheet_table(province, checked, cases)
        assert len(table) == sum(name.startswith(f"{province}/") for name, _ in cases)
        assert list(table.columns) == [
            "核定表",
            "基础养老金（表 / 算）",
            "过渡性养老金（表 / 算）",
            "合计（表 / 算）",
            "相差（元）",
            "一致",
        ]
        assert set(table["一致"]) <= {"✓", "✗"} and table["核定表"].str.startswith("核定表 ").all()
        assert not table.map(lambda v: ".json" in str(v) or str(v) in ("True", "False")).any().any()
    mine = checked[checked["case"].str.startswith("jiangxi/")]
    ok = mine.dropna(subset=["expected"]).groupby("case")["agrees"].all()
    assert (pp.province_sheet_table("jiangxi", checked, cases)["一致"] == "✓").sum() == int(ok.sum())
    empty = pp.province_sheet_table("jiangxi", checked.iloc[0:0], cases)
    assert isinstance(empty, pd.DataFrame) and empty.empty
