"""Notebooks 10 (myths and facts) and 11 (policy timeline) run headless with non-default parameters.

No error or stderr output; the key numbers in the output equal the helpers' values for the same inputs.
"""

from pathlib import Path

import pytest

papermill = pytest.importorskip("papermill")

from notebook_run import assert_clean, kernel_fixture, run, text_of  # noqa: E402

from yibao_helpers import YibaoInputError, data_as_of  # noqa: E402
from yibao_helpers.content import claims, timeline  # noqa: E402
from yibao_helpers.content import demos as claim_demos  # noqa: E402

pytestmark = pytest.mark.notebooks
ROOT = Path(__file__).resolve().parents[2]
NB10 = ROOT / "notebooks" / "10_myths_and_facts.ipynb"
NB11 = ROOT / "notebooks" / "11_policy_timeline.ipynb"
kernel = kernel_fixture()


CASES10 = {
    "beijing_wrong_only": {
        "region": "beijing",
        "monthly_salary": 30000,
        "age": 59,
        "year": 2024,
        "verdict": "wrong",
        "claim_to_plot": "K42",
        "pension_interest_rate": 0.0,
    },
    "chongqing_age100_seed3": {
        "region": "chongqing",
        "monthly_salary": 0,
        "age": 100,
        "seed": 3,
        "topic": "all",
        "claim_to_plot": "K51",
    },
    "shanghai_gap_year": {
        "region": "shanghai",
        "monthly_salary": 50000,
        "age": 16,
        "year": 2025,
        "topic": "家庭共济",
        "claim_to_plot": "K01",
    },
}


@pytest.mark.parametrize("case", sorted(CASES10))
def test_myths_notebook_other_inputs(case, kernel):
    p = CASES10[case]
    nb = run(NB10, p, kernel)
    assert_clean(nb)
    text = text_of(nb)
    year = p.get("year") or data_as_of().year  # the notebook's default year: that of the default date (2025-07-01)
    inputs = dict(
        region=p["region"],
        monthly_salary=p["monthly_salary"],
        age=p["age"],
        year=year,
        interest_rate=p.get("pension_interest_rate", 0.02),
    )
    demos = claim_demos.demonstrate_all(**inputs)
    # every demonstration's numbers (or its Chinese note) appear as the helper computes them
    for cid, d in demos.items():
        if isinstance(d, str):
            assert d in text, cid
        else:
            assert d.explanation in text, cid
    if not isinstance(demos["K01"], str):
        assert f"按规则是 **{demos['K01'].text('rule')}**" in text
    # the filtered table has the helper's count
    shown = claims.filter_claims(
        verdict=p.get("verdict", "all"), topic=p.get("topic", "all"), seed=p.get("seed", "all")
    )
    assert f"共 {len(shown)} 条" in text
    assert f"region: {p['region']}" in text


CASES11 = {
    "beijing_2012": {"region": "beijing", "year": 2012, "compare_year": 2024},
    "shanghai_1978": {"region": "shanghai", "year": 1978},
    "national_before_data": {"region": "national", "year": 1970},
    "chongqing_2030": {"region": "chongqing", "year": 2030, "compare_year": 2016},
}


@pytest.mark.parametrize("case", sorted(CASES11))
def test_timeline_notebook_other_inputs(case, kernel):
    p = CASES11[case]
    nb = run(NB11, p, kernel)
    assert_clean(nb)
    text = text_of(nb)
    events = timeline.events_for(timeline.timeline_events(), p["region"])
    assert f"**{len(events)} 次**" in text
    try:
        rules = timeline.rules_in_force(p["year"], p["region"])
    except YibaoInputError:
        assert "无法列出该年的规则" in text
    else:
        # the default comparison year is the default date's (data_as_of: 2025-07-01)
        changes = timeline.changes_between(p["year"], p.get("compare_year") or data_as_of().year, p["region"])
        assert f"在生效的规则数字有 **{len(rules)} 个**" in text
        assert f"新增、改变或取消的有 **{len(changes)} 个**" in text
    assert f"region: {p['region']}" in text
