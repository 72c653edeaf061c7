"""Shared fixtures: a writable copy of data/ for malformed-file tests; hypothesis profiles.

Hypothesis profiles (choose with ``HYPOTHESIS_PROFILE``): ``ci`` (the default, used by ``make test``)
runs 100 examples per property (a fixed seed: the same examples every run; hypothesis's default, so that
``make test`` stays within 6 minutes on a 2-core machine: 200 took ≈ 110 s of its test time); ``long`` (``make test-long``) runs 10,000;
``dev`` runs 50 for a quick local loop. Property tests must not set ``max_examples`` themselves, so the profile decides.
"""

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

_COMMON = dict(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])  # no .hypothesis/
settings.register_profile("ci", max_examples=100, derandomize=True, **_COMMON)
settings.register_profile("long", max_examples=10_000, **_COMMON)
settings.register_profile("dev", max_examples=50, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


class DataCopy:
    """A copy of ``data/`` under ``tmp_path`` whose files a test may break line by line."""

    def __init__(self, path: Path):
        self.path = path

    def __str__(self) -> str:
        return str(self.path)

    def lines(self, file: str) -> list[str]:
        return (self.path / file).read_text(encoding="utf-8").splitlines(keepends=True)

    def write(self, file: str, lines: list[str]) -> None:
        (self.path / file).write_text("".join(lines), encoding="utf-8")

    def replace_in_line(self, file: str, line: int, old: str, new: str) -> str:
        """Replace ``old`` by ``new`` in 1-based ``line`` (header = line 1); return the new line."""
        lines = self.lines(file)
        assert old in lines[line - 1], f"{old!r} not in line {line} of {file}: {lines[line - 1]!r}"
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        self.write(file, lines)
        return lines[line - 1]

    def insert_line(self, file: str, line: int, text: str) -> None:
        """Insert ``text`` so that it becomes 1-based ``line``."""
        lines = self.lines(file)
        lines.insert(line - 1, text if text.endswith("\n") else text + "\n")
        self.write(file, lines)


@pytest.fixture
def data_copy(tmp_path) -> DataCopy:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return DataCopy(target)


# the longest test files (60–90 s each of a ≈ 6-minute run), started first: `--dist loadfile` hands files out in
# collection order, and one of them started last kept a worker busy while the other had nothing left
FIRST = ("tests/notebooks/test_region_sweep", "tests/browser/")


def _start_order(item) -> int:
    path = item.nodeid.split("::", 1)[0]
    return next((i for i, prefix in enumerate(FIRST) if path.startswith(prefix)), len(FIRST))


def pytest_collection_modifyitems(items):
    """Mark every hypothesis test ``properties`` so ``make test-long`` can select them (``-m properties``); put
    the longest files first (:data:`FIRST`; otherwise the collection order is kept)."""
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.properties)
    items.sort(key=_start_order)  # stable


@pytest.fixture(autouse=True)
def _close_figures():
    """Chart tests inspect the figures they build; close them afterwards so none piles up in the worker."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
