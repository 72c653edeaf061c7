"""Nothing a user relies on breaks: every import path documented before the layering (README, CONTRIBUTING,
issue 12) still works, and gives the very module that now holds the code."""

import importlib
import subprocess
import sys

import yibao_helpers as yb


def test_top_level_names():
    assert callable(yb.load_policy) and callable(yb.regions) and callable(yb.resolve)
    assert issubclass(yb.YibaoInputError, ValueError) and issubclass(yb.MissingDataError, yb.YibaoInputError)
    assert yb.regions()[0] == "national"


def test_old_module_paths_are_the_new_modules():
    import yibao_helpers.account
    import yibao_helpers.family
    import yibao_helpers.pension
    import yibao_helpers.reimburse
    import yibao_helpers.retirement
    from yibao_helpers import outpatient
    from yibao_helpers.reimburse import explain_slip

    rules = importlib.import_module("yibao_helpers.rules")
    assert yibao_helpers.account is rules.account
    assert yibao_helpers.account.__spec__.name == "yibao_helpers.rules.account"  # its own spec, not the alias's
    assert outpatient is rules.outpatient
    assert explain_slip is rules.slip.explain_slip
    assert callable(yibao_helpers.account.project_balance)
    assert callable(yibao_helpers.reimburse.reimburse)
    assert callable(yibao_helpers.pension.annuity_months)
    assert callable(yibao_helpers.family.may_use)
    assert callable(yibao_helpers.retirement.retirement_age)
    assert yb.account is rules.account  # attribute access too


def test_readme_examples_run():
    from yibao_helpers import account, outpatient

    p = yb.load_policy("beijing", "2024-09-01")
    assert p.source("employee.base_floor")
    assert len(account.project_balance(8000, 30, 10, region="national")) == 10
    assert len(outpatient.pool_year([300, 600, 1000], hospital_level=2)) == 3


def test_old_runner_path_and_the_command_line_start():
    for argv in (["-m", "yibao_helpers.runner", "--help"], ["-m", "yibao_helpers", "run", "--help"]):
        done = subprocess.run([sys.executable, *argv], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "--in-place" in done.stdout
    done = subprocess.run([sys.executable, "-m", "yibao_helpers"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "run" in done.stdout
