"""`python -m yibao_helpers validate-pensions`: all official sheets recomputed from their inputs by province_pension.

The sheets (../shared/validation/pension_cases, transcribed 养老金核定表 nobody here wrote) are the check; the
targets are those of issue 15: within 1 元, basic and account for ≥ 98 % of computable sheets, transitional for
≥ 95 % and the total for ≥ 95 % of all 175; every other sheet is listed with its reason in
data/notes/pension_validation.md, which also prints the agreement table.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil

import pytest

from yibao_helpers.core.paths import DATA_DIR
from yibao_helpers.tools import validate_pensions as vp

NOTE = DATA_DIR / "notes" / "pension_validation.md"


@pytest.fixture(scope="module")
def results():
    if not vp.case_files():
        pytest.skip("validation sheets not found (../shared/validation/pension_cases)")
    return vp.compute()


@pytest.fixture(scope="module")
def table(results):
    return vp.agreement(results)


def test_json_lists_one_object_per_case_file(results):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert vp.main(["--json"]) == 0
    printed = json.loads(out.getvalue())
    assert len(printed) == len(vp.case_files()) == 175
    assert all(list(o) == ["case", "basic", "account", "transitional", "total"] for o in printed)
    assert [o["case"] for o in printed] == [f"{p.parent.name}/{p.name}" for p in vp.case_files()]
    assert all(o[k] is None or isinstance(o[k], float) for o in printed for k in vp.PARTS)


def test_targets(table):
    summary = vp.summary(table).set_index("part")
    for part in ("basic", "account"):
        row = summary.loc[part]
        assert row["agree"] >= 0.98 * row["computable"], (part, row.to_dict())
    assert summary.loc["transitional", "agree"] >= 0.95 * summary.loc["transitional", "computable"]
    assert summary.loc["total", "agree"] >= 0.95 * 175


def test_every_other_sheet_is_listed_with_its_reason(table):
    text = NOTE.read_text(encoding="utf-8")
    section = text.split("## Province rules", 1)[1]
    listed = dict(re.findall(r"^- ([a-z]+/[\w.-]+\.json) — (.+)$", section, flags=re.M))
    wrong = set(table[~table["agrees"] & table["expected"].notna()]["case"])
    assert wrong <= set(listed), sorted(wrong - set(listed))
    assert all(len(reason) > 20 for case, reason in listed.items() if case in wrong)
    stale = set(listed) - wrong  # a listed sheet that now agrees: the note must be updated
    assert not stale, sorted(stale)


def test_note_prints_the_current_agreement_table(table):
    text = NOTE.read_text(encoding="utf-8").split("## Province rules", 1)[1]
    for row in vp.summary(table).itertuples():
        assert re.search(rf"\| {row.part} \| {row.sheets} \| {row.computable} \| \*\*{row.agree}\*\* \|", text), row


def test_inputs_only_never_the_expected_amounts(tmp_path, results):
    """The same results from copies of the sheets with every expected amount removed."""
    for path in vp.case_files():
        sheet = json.loads(path.read_text(encoding="utf-8"))
        sheet.pop("expected", None)
        target = tmp_path / path.parent.name / path.name
        target.parent.mkdir(exist_ok=True)
        target.write_text(json.dumps(sheet, ensure_ascii=False), encoding="utf-8")
    stripped = vp.compute(tmp_path)
    assert [{k: r[k] for k in ("case", *vp.PARTS)} for r in stripped] == [
        {k: r[k] for k in ("case", *vp.PARTS)} for r in results
    ]
    shutil.rmtree(tmp_path)


def test_no_rule_is_keyed_to_a_case_file():
    """Rules name provinces and cities, never a case file: no sheet's name in the rules or in the code."""
    assert not re.search(r"[a-z]+/[\w-]+\.json", (DATA_DIR / "pension" / "rules.csv").read_text(encoding="utf-8"))
    for file in (vp.__file__, vp.province_pension.__code__.co_filename):
        assert not re.search(r"['\"][a-z]+/[\w-]+\.json['\"]", open(file, encoding="utf-8").read()), file
