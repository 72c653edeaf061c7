"""Notebooks run headless with papermill for non-default parameters, without errors or stderr.

nbval (``make test`` runs ``pytest --nbval notebooks``) checks the stored outputs match a fresh run;
these tests check the notebooks also work for other inputs: another region, a salary at the
base floor and at the ceiling, an older person.
"""

import json
from pathlib import Path

import pytest

papermill = pytest.importorskip("papermill")

from notebook_run import kernel_fixture, outputs, run, text_of  # noqa: E402

from yibao_helpers.content.claims import claims_table  # noqa: E402
from yibao_helpers.params import data_as_of  # noqa: E402
from yibao_helpers.rules import account  # noqa: E402
from yibao_helpers.tools.runner import notebook_paths  # noqa: E402

pytestmark = pytest.mark.notebooks
ROOT = Path(__file__).resolve().parents[2]
NB01 = ROOT / "notebooks" / "01_personal_account.ipynb"
kernel = kernel_fixture()


def _limits(region):
    # the notebook's default year: that of the default date (data_as_of: 2025-07-01), e.g. 上海's floor 7460
    # (contribution.csv line 71) and national's ceiling 3 × 96,793 / 12 = 24198.25 (the example city's 全口径
    # wage, wages.csv line 51)
    pol = account.policy_for_year(region, data_as_of().year)
    return account.base_limits(pol)


CASES = {
    "beijing_age45": {"region": "beijing", "monthly_salary": 12000, "age": 45, "contribution_years": 15},
    "shanghai_floor": {"region": "shanghai", "monthly_salary": _limits("shanghai")[0], "age": 25},
    "national_ceiling": {
        "region": "national",
        "monthly_salary": _limits("national")[1],
        "age": 40,
        "annual_spending": 5000,
    },
    "shenzhen_age59": {"region": "shenzhen", "monthly_salary": 9000, "age": 59, "contribution_years": 10},
    "chongqing_age100": {"region": "chongqing", "monthly_salary": 0, "age": 100},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_personal_account_notebook_other_inputs(case, kernel):
    params = CASES[case]
    nb = run(NB01, params, kernel)
    for cell, out in outputs(nb):
        assert out["output_type"] != "error", "".join(cell["source"])[:200]
        assert not (out["output_type"] == "stream" and out["name"] == "stderr"), "".join(out["text"])
    text = text_of(nb)
    # the answer names the region and the final balance computed by the helper for the same inputs
    years = min(params.get("contribution_years", 10), 101 - params["age"])
    df = account.project_balance(
        params["monthly_salary"],
        params["age"],
        years,
        region=params["region"],
        annual_spending=params.get("annual_spending", 0),
    )
    assert f"{df['balance'].iloc[-1]:,.2f} 元" in text
    assert f"region: {params['region']}" in text
    # the 常见误区 rows come from the claims table with the page's person (sentences up to the 70 characters
    # a table cell shows)
    table = claims_table(
        ["K01", "K02", "K15", "K30", "K31", "K37", "K51"],
        region=params["region"],
        monthly_salary=params["monthly_salary"],
        age=params["age"],
        years=years,
        annual_spending=params.get("annual_spending", 0),
    )
    for cid, verdict, sentence in zip(table["编号"], table["结论"], table["用数字说话"]):
        assert cid in text and verdict in text
        if len(sentence) <= 70:
            assert sentence in text, cid


def test_every_notebook_has_a_parameters_cell_and_stored_outputs():
    paths = notebook_paths()
    assert [p.name for p in paths][:2] == ["00_index.ipynb", "01_personal_account.ipynb"]
    for path in paths:
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert "parameters" in code[0].get("metadata", {}).get("tags", []), path.name
        assert all(c.get("execution_count") for c in code), f"{path.name} stored without outputs"
        first_md = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        assert "".join(first_md["source"]).startswith("# "), path.name


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_stored_outputs_have_no_stderr_or_errors(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for _, out in outputs(nb):
        assert out["output_type"] != "error"
        assert not (out["output_type"] == "stream" and out["name"] == "stderr")
