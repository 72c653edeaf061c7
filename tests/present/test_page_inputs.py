"""Every page parameter names itself in its error (issue 16, deliverable 7).

Before: ``-p account_balance -5`` failed as 参数 balance, ``-p group atlantis`` as 参数 sex, ``-p start_year abc``
as 参数 year, and ``-p chart_years -5`` or ``-p local_years abc`` were not caught (a chart of −5 years, a bare
TypeError). :mod:`yibao_helpers.present.inputs` checks each parameter first, under the page's own name, with
the value as the user typed it.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from notebook_run import kernel_fixture, parameters_of

from yibao_helpers import YibaoInputError
from yibao_helpers.present import inputs

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PAGES = sorted(p for p in NOTEBOOKS.glob("[01]*.ipynb"))


def bad_values(default):
    """Values a reader could type that no page accepts, by the type of the parameter's default."""
    if isinstance(default, bool):
        return ["maybe", 1, None]
    if isinstance(default, (int, float)):
        return [-5, "abc", math.nan, True]
    if isinstance(default, str):
        return ["atlantis", ""]
    if isinstance(default, dict):
        return [{"foo": 1}, {"hifp_pay": -1}, "abc"]
    if default is None:
        return ["abc", -5]
    raise AssertionError(f"no bad values for {default!r}")


CASES = [
    (path.stem[:2], name, bad)
    for path in PAGES
    for name, default in parameters_of(path).items()
    if name not in inputs.COMMON
    for bad in bad_values(default)
]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem[:2])
def test_every_parameter_of_every_page_has_its_check(path):
    names = set(parameters_of(path)) - set(inputs.COMMON)
    assert names == set(inputs.PAGES[path.stem[:2]])


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem[:2])
def test_every_page_checks_its_parameters_when_it_starts(path):
    source = path.read_text(encoding="utf-8")
    assert f'page=\\"{path.stem[:2]}\\", inputs=globals())' in source


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem[:2])
def test_the_defaults_pass(path):
    inputs.check(path.stem[:2], parameters_of(path))


@pytest.mark.parametrize(("page", "name", "bad"), CASES, ids=[f"{p}-{n}-{b!r}" for p, n, b in CASES])
def test_a_bad_value_names_the_pages_parameter_and_the_value_typed(page, name, bad):
    path = next(p for p in PAGES if p.stem.startswith(page))
    values = {**parameters_of(path), name: bad}
    with pytest.raises(YibaoInputError) as err:
        inputs.check(page, values)
    text = str(err.value)
    assert err.value.param.split("[")[0] == name, text
    head = text.splitlines()[0]
    assert head.startswith(f"参数 {name}") and ("无效" in head) and f"Invalid {name}" in text
    shown = repr(bad) if isinstance(bad, str) else ("nan" if bad != bad else str(bad))
    if not isinstance(bad, dict):
        assert shown in head, text


def test_parameters_that_must_agree_name_the_later_one():
    values = {**parameters_of(NOTEBOOKS / "07_retirement_years.ipynb"), "local_years": 20, "years_at_retirement": 18}
    with pytest.raises(YibaoInputError, match="参数 local_years 的值 20 无效：不能大于 years_at_retirement（18）"):
        inputs.check("07", values)
    values = {**parameters_of(NOTEBOOKS / "06_flexible_and_gaps.ipynb"), "gap_years": 2, "made_up_years": 3}
    with pytest.raises(YibaoInputError, match="参数 made_up_years 的值 3"):
        inputs.check("06", values)


def test_names_the_page_does_not_have_are_not_checked():
    """A variable the notebook computes later (01's ``years``) is not one of its parameters: never checked."""
    inputs.check("01", {**parameters_of(NOTEBOOKS / "01_personal_account.ipynb"), "years": -5})


kernel = kernel_fixture()


@pytest.mark.notebooks
@pytest.mark.parametrize(
    ("notebook", "name", "bad", "shown"),
    [
        ("01_personal_account", "chart_years", -5, "-5"),  # was drawn as a chart of −5 years
        ("04_family_mutual_aid", "account_balance", -5, "-5"),  # was 参数 balance
        ("07_retirement_years", "group", "atlantis", "'atlantis'"),  # was 参数 sex
        ("07_retirement_years", "local_years", "abc", "'abc'"),  # was a bare TypeError
    ],
)
def test_a_papermill_run_with_a_bad_value_stops_at_the_first_cell_naming_it(kernel, notebook, name, bad, shown):
    import papermill

    with pytest.raises(papermill.PapermillExecutionError) as err:
        kernel.run(NOTEBOOKS / f"{notebook}.ipynb", {name: bad})
    assert err.value.ename == "YibaoInputError"
    assert err.value.evalue.startswith(f"参数 {name} 的值 {shown} 无效"), err.value.evalue
    assert "kit.setup(" in err.value.source  # stopped in the set-up cell, right after the parameters
