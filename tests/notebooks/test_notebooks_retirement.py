"""Notebooks 07–09 run headless with papermill for non-default parameters, without errors or stderr,
and show the helper's numbers for the same inputs (another region, extreme but valid inputs:
births 1960 and 1990, contribution index 0.6 and 3.0, 15 and 40 years, triplets, a wage below
Beijing's floor), and their 常见误区 tables the claims table's sentences for those inputs."""

from pathlib import Path

import pandas as pd
import pytest

papermill = pytest.importorskip("papermill")

import notebook_run  # noqa: E402

from yibao_helpers.content.claims import claims_table  # noqa: E402
from yibao_helpers.rules import maternity, medical_years, retirement  # noqa: E402
from yibao_helpers.scenarios import pension as pension_scen  # noqa: E402
from yibao_helpers.scenarios import pension_province  # noqa: E402
from yibao_helpers.scenarios import retirement as scen  # noqa: E402

pytestmark = pytest.mark.notebooks
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NB07 = NOTEBOOKS / "07_retirement_years.ipynb"
NB08 = NOTEBOOKS / "08_pension_estimate.ipynb"
NB09 = NOTEBOOKS / "09_maternity.ipynb"
kernel = notebook_run.kernel_fixture()


def run(path: Path, params: dict, kernel) -> str:
    """Execute with papermill in the file's kernel; assert no error and no stderr; return all text outputs."""
    nb = notebook_run.run(path, params, kernel)
    parts = []
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            assert o["output_type"] != "error", "".join(cell["source"])[:200]
            assert not (o["output_type"] == "stream" and o["name"] == "stderr"), "".join(o["text"])
            if o["output_type"] == "stream":
                parts.append("".join(o["text"]))
            for key in ("text/plain", "text/markdown", "text/html"):
                parts.append("".join(o.get("data", {}).get(key, "")))
    return "\n".join(parts)


def shows_claims(text: str, ids: list, **inputs) -> None:
    """The notebook's 常见误区 table shows each claim's sentence for the notebook's inputs."""
    for cid, sentence in zip(ids, claims_table(ids, **inputs)["用数字说话"]):
        assert sentence in text, (cid, sentence)


# --------------------------------------------------------------------------- 07 retirement and medical years

CASES_07 = {
    "beijing_1960_female_worker": {
        "region": "beijing",
        "birth": "1960-03",
        "group": "female_worker",
        "years_at_retirement": 10,
    },
    "shanghai_1990_male_40y": {"region": "shanghai", "birth": "1990-12", "group": "male", "years_at_retirement": 40},
    "chongqing_local_years": {
        "region": "chongqing",
        "birth": "1970-01",
        "group": "female_cadre",
        "years_at_retirement": 26,
        "local_years": 5,
    },
    "national_without_medical_data": {
        "region": "national",
        "birth": "1990-01",
        "group": "female_cadre",
        "years_at_retirement": 15,
    },
}


@pytest.mark.parametrize("case", sorted(CASES_07))
def test_retirement_notebook_other_inputs(case, kernel):
    p = CASES_07[case]
    text = run(NB07, p, kernel)
    row = retirement.retirement_table(p["birth"], p["group"]).iloc[0]
    assert f"法定退休年龄是 **{row['age']}**" in text
    assert f"**{pd.Timestamp(row['retirement_date']).date().isoformat()}**" in text
    if p["region"] in scen.medical_years_regions():
        sex = retirement.sex_code(p["group"])
        q = medical_years.medical_qualifies(p["region"], sex, p["years_at_retirement"], p.get("local_years")).iloc[0]
        if q["qualifies"]:
            assert "已经够了" in text
        else:
            cost = medical_years.topup_cost(p["region"], q["missing_years"])["cost"].iloc[0]
            assert f"还差 **{q['missing_years']:g} 年**，一次性补缴约 **{cost:,.2f} 元**" in text
    else:
        assert "本项目数据里没有" in text and "画不出补缴图" in text
    assert f"region: {p['region']}" in text
    shows_claims(text, ["K38", "K39"], **p)


# --------------------------------------------------------------------------- 08 pension

CASES_08 = {
    "low_index_15y_age50": {
        "region": "national",
        "index": 0.6,
        "contribution_years": 15,
        "retire_age": 50,
        "account_balance": 20000,
        "pre_account_years": 0,
        "resident_annual": 200,
        "resident_years": 15,
        "resident_interest_rate": 0.0,
        "resident_subsidy": 0,
    },
    "high_index_40y_shenyang": {
        "region": "shenyang",
        "province": "liaoning",
        "avg_wage": 8500,
        "index": 3.0,
        "contribution_years": 40,
        "retire_age": 65,
        "retire_extra_months": 11,
        "account_balance": 600000,
        "pre_account_years": 8,
        "resident_annual": 3000,
        "resident_years": 40,
    },
    "guangdong_63y4m": {
        "region": "guangdong",
        "province": "guangdong",
        "index": 1.4,
        "contribution_years": 36,
        "retire_age": 63,
        "retire_extra_months": 4,
        "account_balance": 180000,
    },
    "zhejiang_extras_other_region": {"province": "zhejiang", "index": 0.8, "retire_year": 2030},
    "anhui_before_its_bases": {"province": "anhui", "retire_year": 2019},  # no base row yet: the example base
}


@pytest.mark.parametrize("case", sorted(CASES_08))
def test_pension_notebook_other_inputs(case, kernel):
    text = run(NB08, CASES_08[case], kernel)
    p = {
        **notebook_run.parameters_of(NB08),
        **CASES_08[case],
    }  # what the page computes with: its defaults, then the case
    p.pop("policy_file")
    est = pension_province.province_person(
        p["province"],
        p["avg_wage"],
        p["index"],
        p["contribution_years"],
        p["account_balance"],
        p["retire_age"],
        extra_months=p["retire_extra_months"],
        pre_account_years=p["pre_account_years"],
        retire_year=p["retire_year"],
        region=p["region"],
    )
    row = est.iloc[0]
    assert f"**每月约 {row['total']:,.2f} 元**" in text
    assert f"**基础养老金 {row['basic']:,.2f} 元**" in text and f"计发月数 {row['annuity_months']:g}" in text
    assert f"**养老保险个人账户养老金 {row['account']:,.2f} 元**" in text
    if row["extra"]:
        assert f"**地方加发 {row['extra']:,.2f} 元**" in text
    base = est.attrs["base_row"]
    if p["avg_wage"] is not None:
        assert "你输入的 avg_wage" in text
    elif base is None:
        assert "本项目还没有该省的计发基数" in text
    else:
        assert base["year"] <= p["retire_year"]
        assert f"计发基数用{est.attrs['province_name']} {base['year']} 年的 {base['value']:,.2f} 元/月" in text
        assert "二手数据" in text and "读自公开仓库" in text
    res = pension_scen.resident_scenarios(
        p["resident_annual"],
        p["resident_years"],
        claimed_basic=150,
        interest_rate=p["resident_interest_rate"],
        subsidy=p["resident_subsidy"],
    )
    assert f"不计利息约 **{res['total'].iloc[1]:,.2f} 元/月**" in text
    if pension_scen.load_cases():
        sheets = pension_scen.pension_sheet_agreement()
        assert f"相差不超过 1 元的：{sheets['agree']} 份" in text and "本省核定表核对" in text
        sheet_rows = [line for line in text.splitlines() if line.strip().startswith("核定表 ")]
        assert sheet_rows and not any("True" in line or "False" in line for line in sheet_rows)
    else:
        assert "本机没有官方养老金核定表文件夹" in text
    assert f"region: {p['region']}" in text and f"province: {p['province']}" in text
    shows_claims(text, ["K09", "K10", "K11"], **{**p, "avg_wage": est.attrs["avg_wage"]})


def test_pension_notebook_names_a_bad_province(kernel):
    with pytest.raises(papermill.PapermillExecutionError) as err:
        notebook_run.run(NB08, {"province": "atlantis"}, kernel)
    assert err.value.ename == "YibaoInputError"
    assert err.value.evalue.startswith("参数 province 的值 'atlantis' 无效") and "jiangxi（江西）" in err.value.evalue


# --------------------------------------------------------------------------- 09 maternity

CASES_09 = {
    "zhejiang_triplets_second_child": {
        "region": "zhejiang",
        "avg_monthly_wage": 50000,
        "babies": 3,
        "dystocia": True,
        "child_order": 2,
    },
    "beijing_wage_below_floor": {"region": "beijing", "avg_monthly_wage": 3000},
    "xuzhou_outside_regulation": {"region": "xuzhou", "dystocia": True, "within_policy": False, "pregnancy_months": 5},
    "national_zero_wage": {"region": "national", "avg_monthly_wage": 0},
}


@pytest.mark.parametrize("case", sorted(CASES_09))
def test_maternity_notebook_other_inputs(case, kernel):
    p = CASES_09[case]
    text = run(NB09, p, kernel)
    birth = {k: p[k] for k in ("babies", "dystocia", "child_order", "within_policy") if k in p}
    days = maternity.leave_days(region=p["region"], **birth)
    amount = maternity.maternity_allowance(p.get("avg_monthly_wage", 9000), days, region=p["region"])
    assert f"产假 **{days} 天**" in text and f"生育津贴约 **{amount:,.2f} 元**" in text
    misc = maternity.miscarriage_leave_days(p.get("pregnancy_months", 3), region=p["region"])
    assert f"产假 {misc} 天" in text
    assert f"region: {p['region']}" in text
    shows_claims(text, ["K22", "K23", "K24", "K46", "K47", "K48"], **p)
