"""The coverage matrix (issue 13, deliverable 5): how a page's look-ups are counted, the committed matrix
(docs/coverage.csv) and the README's tables.

Each cell of the committed matrix is pinned by the region sweep (tests/support/sweep_cases.check runs every topic
notebook for every region with the look-ups recorded, exactly as ``python -m yibao_helpers coverage`` does, and
compares the counts); here: the counting rule on hand-made look-ups, and that what the README and notebook 00
show is the committed matrix.
"""

from __future__ import annotations

import csv
import io

from yibao_helpers import params
from yibao_helpers.core.paths import ROOT
from yibao_helpers.tools import coverage


def lookup(parameter, answered_by, *, region="nanchang", qualifier="", confidence="secondary", **extra):
    return {
        "region": region,
        "on": "2025-07-01",
        "parameter": parameter,
        "qualifier": qualifier,
        "answered_by": answered_by,
        "confidence": confidence,
        "user": False,
        "stand_in": False,
        **extra,
    }


def test_each_lookup_is_counted_by_where_its_row_came_from():
    looks = [
        lookup("inpatient.employee.ratio", "nanchang", qualifier="level=3"),  # local
        lookup("employee.base_floor", "jiangxi"),  # province (nanchang's parent, regions.csv)
        lookup("employee.individual_rate", "national", region="national"),  # national law
        lookup("inpatient.employee.retiree_bonus", "example", confidence="illustrative"),  # borrowed
        lookup("supplement.employee.ratio", "nanchang", confidence="illustrative"),  # local but illustrative
        lookup("outpatient.annual_limit", "nanchang", user=True),  # a user's own file
        lookup("wage.avg_annual_all_units_prev_year", "jiangxi", stand_in=True),  # another year's row
        lookup("medical.min_years", None, qualifier="sex=male"),  # asked for, in force nowhere
        lookup("inpatient.employee.ratio", "beijing", region="beijing", qualifier="level=3"),  # another region: ignored
    ]
    c = coverage.count(looks, "nanchang", "jiangxi")
    assert {k: c[k] for k in coverage.COLUMNS[2:-1]} == {
        "local": 1,
        "province": 1,
        "national_law": 1,
        "borrowed": 1,
        "illustrative": 1,
        "user": 1,
        "stand_in": 1,
        "missing": 1,
    }
    assert c["complete"] is False


def test_a_parameter_counts_as_its_worst_lookup_and_a_page_of_local_rows_is_complete():
    looks = [
        lookup("employee.base_floor", "nanchang"),
        lookup("employee.base_floor", "example", confidence="illustrative"),  # the same parameter, another date
        lookup("employee.individual_rate", "national"),
    ]
    assert coverage.count(looks, "nanchang", "jiangxi")["borrowed"] == 1
    good = coverage.count(looks[:1] + looks[2:], "nanchang", "jiangxi")
    assert good["complete"] is True and good["local"] == 1 and good["national_law"] == 1
    # a value missing on one date but answered on another is not missing
    answered_later = [lookup("medical.min_years", None), lookup("medical.min_years", "nanchang")]
    assert coverage.count(answered_later, "nanchang", "jiangxi")["missing"] == 0


def test_the_committed_matrix_has_the_issues_columns_and_every_notebook_and_region():
    text = coverage.COMMITTED.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    assert header == ["notebook", "region", "local", "province", "national_law", "borrowed", "illustrative", "user",
                      "complete"]  # fmt: skip
    rows = coverage.committed()
    books = [p.stem for p in coverage.topic_notebooks()]
    assert len(books) == 9 and books[0].startswith("01_") and books[-1].startswith("09_")
    assert {(r["notebook"], r["region"]) for r in rows} == {(b, r) for b in books for r in params.regions()}
    assert coverage.to_csv(rows) == text  # the file is what --format csv prints for these counts
    # complete ⇔ nothing borrowed, illustrative or user-supplied (and nothing missing, which the file folds in)
    assert all(not r["complete"] or r["borrowed"] == r["illustrative"] == r["user"] == 0 for r in rows)


def test_the_readme_shows_the_committed_matrix_and_the_numbers_list():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert coverage.readme_with_blocks(readme) == readme, "run: python -m yibao_helpers coverage --write"
    table = coverage.to_table(coverage.committed())
    assert table in readme and "| 南昌（nanchang） |" in table
    assert "| 13 | 退休人员个人账户每月划入（元/月） |" in readme


def test_table_marks():
    rows = [
        {"notebook": "01_a", "region": "nanchang", "local": 3, "province": 1, "national_law": 5, "borrowed": 0,
         "illustrative": 0, "user": 0, "complete": True},
        {"notebook": "02_b", "region": "nanchang", "local": 3, "province": 1, "national_law": 5, "borrowed": 2,
         "illustrative": 4, "user": 0, "complete": False},
        {"notebook": "03_c", "region": "nanchang", "local": 3, "province": 1, "national_law": 5, "borrowed": 0,
         "illustrative": 0, "user": 0, "complete": False},
    ]  # fmt: skip
    line = coverage.to_table(rows).splitlines()[-1]
    assert line == "| 南昌（nanchang） | ✓ | 2借/4示 | 缺 | 1/3 |"
    assert coverage.complete_regions(rows) == []
    assert coverage.complete_regions(rows[:1]) == ["nanchang"]
