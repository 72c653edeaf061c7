"""Notebook 08's sliders for a province: the printed pension is the province's (its base and rules), the pension
account is called 养老保险个人账户, and the last control chooses one of the 31 provinces."""

import matplotlib

matplotlib.use("Agg")

import pytest

pytest.importorskip("ipywidgets")

from yibao_helpers.present.charts import pension as charts  # noqa: E402
from yibao_helpers.present.widgets import pension as wp  # noqa: E402
from yibao_helpers.scenarios import pension_province  # noqa: E402


def test_render_pension_for_a_province_prints_its_total(capsys):
    me = wp.render_pension(1.0, 30, 63, 0, 150000, pre_account_years=3, province="zhejiang", retire_year=2054)
    est = pension_province.province_person("zhejiang", None, 1.0, 30, 150000, 63, pre_account_years=3, retire_year=2054)
    assert me["total"] == est["total"].iloc[0]
    out = capsys.readouterr().out
    assert f"每月约 {me['total']:,.2f} 元" in out and "养老保险个人账户" in out
    if me["extra"]:
        assert f"地方加发 {me['extra']:,.2f}" in out


def test_a_bad_province_prints_a_message():
    assert wp.render_pension(1.0, 30, 63, 0, 150000, province="atlantis", retire_year=2054) is None


def test_the_explorer_offers_the_provinces():
    box = wp.pension_explorer(province="henan", retire_year=2054)
    dropdown = box.children[2].children[1]
    assert dropdown.value == "henan" and len(dropdown.options) == 31
    assert box.children[2].children[0].description == "养老保险个人账户储存额（元）"
    dropdown.value = "xizang"  # recomputes; must not raise
    assert charts.PART_ZH["account"] == "养老保险个人账户养老金"
