"""One example person runs through the collection (issue 14, deliverable 3).

Each page's ``parameters`` cell holds literal values (papermill replaces them); here every page's values for
the shared inputs must be the collection's (:mod:`yibao_helpers.content.example`), unless the notebook's
metadata ``yibao.example_differs`` says why that page needs another value.
"""

import json

import pytest
from notebook_run import parameters_of as notebook_parameters

from yibao_helpers.content import example
from yibao_helpers.core.paths import NOTEBOOKS


def parameters_of(path) -> tuple[dict, dict]:
    """The page's parameters cell values and its ``yibao`` metadata."""
    meta = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("yibao", {})
    return notebook_parameters(path), meta


def page(prefix):
    return next(p for p in sorted(NOTEBOOKS.glob("*.ipynb")) if p.stem.startswith(prefix))


@pytest.mark.parametrize("prefix", sorted(example.PAGE_NAMES))
def test_every_page_starts_from_the_same_person(prefix):
    values, meta = parameters_of(page(prefix))
    differs = meta.get("example_differs", {})
    for shared, name in example.PAGE_NAMES[prefix].items():
        assert name in values, f"{prefix}: no parameter {name}"
        if name in differs:
            assert differs[name].strip(), f"{prefix}: {name} differs without a reason"
            continue
        assert values[name] == example.shared(shared), f"{prefix}: {name} = {values[name]!r}"


def test_the_person_is_consistent():
    # 35 on 1 July 2026 (the date whose rules count for 2026) when born in June 1991
    year, month = (int(v) for v in example.PERSON["birth"].split("-"))
    assert 2026 - year - (month > 7) == example.PERSON["age"] == 35
    # 05 compares last year with this year: the person one year younger
    values, _ = parameters_of(page("05"))
    assert values["year_before"] is None and values["age_before"] == example.PERSON["age"] - 1
    # 08 retires the person at the statutory age of a man born in 1991-06 under the 2025 reform (63; see 07)
    from yibao_helpers.rules import retirement

    me = retirement.retirement_table(example.PERSON["birth"], example.PERSON["group"]).iloc[0]
    assert parameters_of(page("08"))[0]["retire_age"] == me["age_years"] == 63 and me["age_months"] == 0


def test_the_shared_interest_rate_is_one_rate():
    # K11's assumed yearly rate of the resident pension account: the same on 08 and 10
    rate = example.ASSUMPTIONS["resident_pension_interest_rate"]
    assert parameters_of(page("08"))[0]["resident_interest_rate"] == rate
    assert parameters_of(page("10"))[0]["pension_interest_rate"] == rate
