"""Region sweep, part 1 of 3: notebooks 00–04 for every region and for extreme but valid inputs.

Each (notebook, region) and (notebook, extreme case) is its own test (cases: ``sweep_cases.py``). One
kernel per file runs them all (``sweep_kernel.SharedKernel``: papermill's parameters, the cells run in the
kernel in one request, the namespace reset before each run, figures built and their texts checked, not drawn).
A run fails on an error (the cell and its Chinese message are shown), a traceback, text on stderr, nan printed
as a number, or a missing freshness warning. The sweep is split into three files
so that ``pytest -n 2 --dist loadfile`` gives both workers a share.
"""

import pytest

pytest.importorskip("papermill")

import sweep_cases  # noqa: E402
from sweep_kernel import SharedKernel  # noqa: E402

pytestmark = pytest.mark.notebooks
NOTEBOOKS = [
    "00_index.ipynb",
    "01_personal_account.ipynb",
    "02_employee_vs_resident.ipynb",
    "03_reimbursement.ipynb",
    "04_family_mutual_aid.ipynb",
]


@pytest.fixture(scope="module")
def kernel():
    k = SharedKernel()
    yield k
    k.close()


@sweep_cases.parametrize(NOTEBOOKS)
def test_notebook_runs_clean(kernel, notebook, case):
    sweep_cases.check(kernel, notebook, case)
