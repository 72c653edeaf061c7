"""The provenance standard (issue 13; CONTRIBUTING, "数据的可信度"), over every row of data/*.csv, read with the
csv module independently of the loader, and the loader's errors for rows that break it.

* ``official``: the source names the document that sets the value — its number (文号) or the title of a law or
  regulation (:data:`yibao_helpers.params.schema.DOC_NUMBER`) — and the article, clause, annex or table
  (:data:`~yibao_helpers.params.schema.DOC_PART`);
* ``secondary``: ``source_url`` (the page URL or repository path where the value was read) is not empty and
  ``retrieved_on`` is an ISO date;
* ``illustrative``: anything recalled, inferred or borrowed; never a ``national`` row (national is national law
  and national statistics only; the illustrative composite is the example city ``example``);
* every region listed in regions.csv has at least one row (a region without rows would give other places'
  values under its name).
"""

import csv
import datetime as dt
import re

import pytest

from tests.conftest import DATA
from tests.params.test_data_integrity import assert_names, edit_cell, load_error  # one copy of the error checks
from yibao_helpers import params as policy
from yibao_helpers.params import schema

TABLES = sorted(p.name for p in DATA.glob("*.csv") if p.name != "regions.csv")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read(name):
    """(line number, row dict) for every data row of a file; header = line 1."""
    with open(DATA / name, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return [(reader.line_num, row) for row in reader]


ROWS = [(name, line, row) for name in TABLES for line, row in read(name)]


def where(name, line, row):
    return f"{name}:{line} ({row['region']} {row['parameter']})"


def is_iso_date(text):
    if not ISO.match(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- the real data


def test_every_row_has_the_provenance_columns():
    for name in TABLES:
        with open(DATA / name, encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        assert {"source", "confidence", "source_url", "retrieved_on"} <= set(header), name
    assert {row["confidence"] for _, _, row in ROWS} <= set(schema.CONFIDENCE)
    assert len(ROWS) > 300


@pytest.mark.parametrize("name", TABLES)
def test_official_rows_name_the_document_and_the_article(name):
    official = [(line, row) for line, row in read(name) if row["confidence"] == "official"]
    no_document = [where(name, ln, r) for ln, r in official if not re.search(schema.DOC_NUMBER, r["source"])]
    no_article = [where(name, ln, r) for ln, r in official if not re.search(schema.DOC_PART, r["source"])]
    assert no_document == [], "official rows without a 文号 or a law's title"
    assert no_article == [], "official rows without an article / clause / annex / table"


def test_there_are_official_rows_and_the_patterns_match_them():
    official = [row for _, _, row in ROWS if row["confidence"] == "official"]
    assert len(official) >= 20
    # maternity.csv line 2: 《女职工劳动保护特别规定》（国务院令第619号）第七条 — a regulation's title, its 令 number and
    # the article; gaps.csv line 17: 沪医保规〔2025〕7号 … 第三部分第（四）项 — a 文号 and a part/item
    line2 = dict(read("maternity.csv"))[2]
    assert line2["confidence"] == "official" and "国务院令第619号" in line2["source"]
    assert re.search(schema.DOC_NUMBER, line2["source"]) and re.search(schema.DOC_PART, line2["source"])
    line17 = dict(read("gaps.csv"))[17]
    assert line17["confidence"] == "official" and "沪医保规〔2025〕7号" in line17["source"]
    assert "第三部分第（四）项" in line17["source"] and re.search(schema.DOC_PART, line17["source"])
    # what the patterns reject: a site name, an undated page, a document without its article
    assert not re.search(schema.DOC_NUMBER, "bsy.sz.bendibao.com（2022-07）")
    assert not re.search(schema.DOC_NUMBER, "人社部 mohrss.gov.cn 2017-07-29")
    assert not re.search(schema.DOC_PART, "国办发〔2021〕14号")


@pytest.mark.parametrize("name", TABLES)
def test_secondary_rows_record_where_and_when_the_value_was_read(name):
    secondary = [(line, row) for line, row in read(name) if row["confidence"] == "secondary"]
    no_url = [where(name, ln, r) for ln, r in secondary if not r["source_url"].strip()]
    no_date = [where(name, ln, r) for ln, r in secondary if not is_iso_date(r["retrieved_on"].strip())]
    assert no_url == [], "secondary rows without source_url"
    assert no_date == [], "secondary rows without an ISO retrieved_on"


def test_a_retrieved_on_date_is_an_iso_date_wherever_it_is_given():
    bad = [where(n, ln, r) for n, ln, r in ROWS if r["retrieved_on"].strip() and not is_iso_date(r["retrieved_on"])]
    assert bad == []


def test_no_national_row_is_illustrative():
    # national is national law and national statistics only; illustrative values belong to the example city
    bad = [where(n, ln, r) for n, ln, r in ROWS if r["region"] == "national" and r["confidence"] == "illustrative"]
    assert bad == []
    example = [r for _, _, r in ROWS if r["region"] == "example"]
    assert example and {r["confidence"] for r in example} == {"illustrative"}


def test_every_region_in_regions_csv_has_at_least_one_row():
    with open(DATA / "regions.csv", encoding="utf-8", newline="") as f:
        listed = [r["code"] for r in csv.DictReader(f)]
    used = {row["region"] for _, _, row in ROWS}
    assert [code for code in listed if code not in used] == []


# --------------------------------------------------------------------------- the loader enforces the standard


def cell(file: str, line: int, column: str) -> str:
    with open(DATA / file, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[line - 1][rows[0].index(column)]


# maternity.csv line 2: national maternity.leave_base 98 days, official,
# 《女职工劳动保护特别规定》（国务院令第619号）第七条
OFFICIAL = ("maternity.csv", 2)
# contribution.csv line 3: national employee.individual_rate 0.02, secondary, read at http://tiku818.com/… on 2026-12-02
SECONDARY = ("contribution.csv", 3)


def test_the_rows_the_loader_tests_break_are_as_described():
    assert cell(*OFFICIAL, "confidence") == "official"
    assert cell(*OFFICIAL, "source") == "《女职工劳动保护特别规定》（国务院令第619号）第七条"
    assert cell(*SECONDARY, "confidence") == "secondary"
    assert cell(*SECONDARY, "source_url") == "http://tiku818.com/tiku/1260917.html"
    assert cell(*SECONDARY, "retrieved_on") == "2026-12-02"


@pytest.mark.parametrize(
    "source",
    [
        "女职工劳动保护特别规定第七条",  # the title without 《》 and without the 令 number: no document named
        "国务院文件第七条",  # no number, no title
        "《女职工劳动保护特别规定》（国务院令第619号）",  # the document, but no article
        "国务院令第619号",  # a number alone, no article
    ],
)
def test_an_official_row_without_document_or_article_fails(data_copy, source):
    edit_cell(data_copy, *OFFICIAL, "source", source)
    exc = load_error(data_copy)
    assert_names(exc, *OFFICIAL, "source")
    assert "官方（official）" in str(exc) and "an official row names" in str(exc)


def test_the_same_text_graded_illustrative_loads(data_copy):
    # no document and no URL: allowed for an illustrative row (and a row of a province, not of national)
    edit_cell(data_copy, *OFFICIAL, "region", "jiangsu")
    edit_cell(data_copy, *OFFICIAL, "source", "国务院文件（记忆值）")
    edit_cell(data_copy, *OFFICIAL, "confidence", "illustrative")
    rows = policy.tables(data_dir=str(data_copy))
    row = rows[(rows["file"] == OFFICIAL[0]) & (rows["line"] == OFFICIAL[1])].iloc[0]
    assert (row["region"], row["confidence"], row["source"]) == ("jiangsu", "illustrative", "国务院文件（记忆值）")


@pytest.mark.parametrize("url", ["", "   "])
def test_a_secondary_row_without_a_url_fails(data_copy, url):
    edit_cell(data_copy, *SECONDARY, "source_url", url)
    exc = load_error(data_copy)
    assert_names(exc, *SECONDARY, "source_url")
    assert "二手（secondary）" in str(exc) and "URL" in str(exc)


def test_a_secondary_row_without_a_date_fails(data_copy):
    edit_cell(data_copy, *SECONDARY, "retrieved_on", "")
    exc = load_error(data_copy)
    assert_names(exc, *SECONDARY, "retrieved_on")
    assert "二手（secondary）" in str(exc) and "YYYY-MM-DD" in str(exc)


@pytest.mark.parametrize("date", ["2026/12/02", "20261202", "December 2026"])
def test_a_retrieved_on_that_is_not_an_iso_date_fails(data_copy, date):
    edit_cell(data_copy, *SECONDARY, "retrieved_on", date)
    assert_names(load_error(data_copy), *SECONDARY, "retrieved_on")


def test_an_official_row_with_a_url_but_no_document_still_fails(data_copy):
    # a URL does not make a row official: the document and its article are what the grade claims
    edit_cell(data_copy, *SECONDARY, "confidence", "official")
    assert_names(load_error(data_copy), *SECONDARY, "source")


def test_the_first_bad_row_of_a_file_is_named(data_copy):
    # two broken rows of contribution.csv: the earlier one (line 2, its URL removed) is reported
    edit_cell(data_copy, "contribution.csv", 5, "source_url", "")
    edit_cell(data_copy, "contribution.csv", 2, "source_url", "")
    assert cell("contribution.csv", 2, "confidence") == cell("contribution.csv", 5, "confidence") == "secondary"
    assert_names(load_error(data_copy), "contribution.csv", 2, "source_url")
