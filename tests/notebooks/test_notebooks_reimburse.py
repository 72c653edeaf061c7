"""Notebooks 02 (职工 vs 居民) and 03 (reimbursement) run headless with non-default parameters.

Each run: another region, extreme but valid inputs (a salary of 0 and far above the base ceiling, a
pre-reform year, a bill of 0 and of 5 million, a retiree, a second admission away from home). The
executed copy must hold no error and no stderr output, and the answer must show the same numbers as
the helpers give for the same inputs.

Widget cells sometimes leave nbclient waiting for ever for a reply the kernel already sent (upstream
jupyter/nbclient#312, seen here about once in ten runs when two notebooks run at once; the kernel is
idle). Runs therefore have a cell timeout, and a run that times out restarts the shared kernel and is
tried once more (``sweep_kernel.SharedKernel.run``), so a hang costs time, not a stuck test run.
"""

from pathlib import Path

import pytest

papermill = pytest.importorskip("papermill")
from notebook_run import assert_clean, kernel_fixture, run, text_of  # noqa: E402

import yibao_helpers as yb  # noqa: E402
from yibao_helpers.rules import contribution  # noqa: E402
from yibao_helpers.rules.reimburse import reimburse  # noqa: E402
from yibao_helpers.scenarios.contributions import resident_flows_resolved  # noqa: E402

pytestmark = pytest.mark.notebooks
ROOT = Path(__file__).resolve().parents[2]
NB02 = ROOT / "notebooks" / "02_employee_vs_resident.ipynb"
NB03 = ROOT / "notebooks" / "03_reimbursement.ipynb"
CELL_TIMEOUT = 120  # seconds; a whole notebook takes about 4 s
kernel = kernel_fixture()


NB02_CASES = {
    "nanchang_salary_0": {"region": "nanchang", "monthly_salary": 0, "age": 30},
    "chongqing_far_above_ceiling": {"region": "chongqing", "monthly_salary": 200000, "retiree_age": 85},
    "national_before_reform": {
        "region": "national",
        "year": 2019,
        "monthly_salary": 9000,
        "age": 50,
        "hospital_level": 1,
    },
}


@pytest.mark.parametrize("case", sorted(NB02_CASES))
def test_employee_vs_resident_notebook_other_inputs(case, kernel):
    params = NB02_CASES[case]
    nb = run(NB02, params, kernel, timeout=CELL_TIMEOUT)
    assert_clean(nb)
    text = text_of(nb)
    year = params.get("year") or yb.data_as_of().year
    emp = contribution.employee_flows(
        params["monthly_salary"], region=params["region"], year=year, age=params.get("age", 40)
    ).iloc[0]
    assert f"一年共缴 **{emp['total']:,.2f} 元**" in text
    assert f"**{emp['to_account']:,.2f} 元进你的个人账户**" in text
    try:
        res = contribution.resident_flows(year, region=params["region"]).iloc[0]
    except yb.YibaoInputError:  # 重庆 outside 2023: the notebook uses the national stand-in and says so
        res = contribution.resident_flows(year).iloc[0]
        (note,) = resident_flows_resolved(year, region=params["region"]).attrs["notes"]  # the resolution's note
        # 2025: national's rows end 2024 (contribution.csv line 51), so the example city's 400 answers (line 53)
        assert "借用示例城市的数据" in note and f"说明：{note}" in text
    assert f"个人缴 **{res['individual']:,.2f} 元**" in text
    assert f"region: {params['region']}" in text


NB03_CASES = {
    "wulanchabu_5_million_retired": {
        "region": "wulanchabu",
        "cost": 5_000_000,
        "member": "retired",
        "hospital_level": 2,
    },
    "nanchang_cost_0": {"region": "nanchang", "cost": 0},
    "shanghai_second_admission_away": {
        "region": "shanghai",
        "cost": 120000,
        "referral": "unregistered",
        "admission": 2,
        "age": 65,
        "excluded_share": 0.0,
        "partial_share": 0.5,
    },
}


@pytest.mark.parametrize("case", sorted(NB03_CASES))
def test_reimbursement_notebook_other_inputs(case, kernel):
    params = NB03_CASES[case]
    nb = run(NB03, params, kernel, timeout=CELL_TIMEOUT)
    assert_clean(nb)
    text = text_of(nb)
    kw = dict(
        region=params["region"],
        year=yb.data_as_of().year,
        hospital_level=params.get("hospital_level", 3),
        excluded_share=params.get("excluded_share", 0.05),
        partial_share=params.get("partial_share", 0.2),
        admission=params.get("admission", 1),
        referral=params.get("referral", "local"),
    )
    emp = reimburse(params["cost"], scheme="employee", member=params.get("member", "in_service"), **kw)
    res = reimburse(params["cost"], scheme="resident", **kw)
    assert f"基金支付 {emp.fund_pays:,.2f} 元，自己负担 {emp.out_of_pocket:,.2f} 元" in text
    assert f"基金支付 {res.fund_pays:,.2f} 元，自己负担 {res.out_of_pocket:,.2f} 元" in text
    if params["cost"] == 0:
        assert "自己负担 0.00 元（—）" in text
    assert f"region: {params['region']}" in text
