"""Myths and facts (data/claims/claims.csv, yibao_helpers.content) and the policy timeline built from data/.

Hand-computed values cite their rule; the claim's numbers come from the claims table, the rule's from
data/ through the project's calculators.
"""

import csv
import math
import shutil
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pytest

import yibao_helpers as yb
from yibao_helpers.content import claims, timeline
from yibao_helpers.content import demos as claim_demos
from yibao_helpers.core.errors import PolicyDataError, YibaoInputError
from yibao_helpers.params import text

ROOT = Path(__file__).resolve().parents[2]
CLAIMS_CSV = ROOT / "data" / "claims" / "claims.csv"
SHARED = Path(__file__).resolve().parents[3] / "shared"  # the shared/ folder beside the repository


# --------------------------------------------------------------------------- the table


def test_table_covers_exactly_k01_to_k54_and_every_row_is_sourced():
    t = claims.load_claims()
    assert list(t["id"]) == [f"K{i:02d}" for i in range(1, 55)]
    assert t["source"].str.len().min() >= 2
    assert t["rule_zh"].str.len().min() >= 4
    assert set(t["verdict"]) <= set(claims.VERDICTS)
    assert set(t["notebook"]) <= {*claims.NOTEBOOKS, ""}
    assert set(t["confidence"]) <= {"official", "secondary", "illustrative"}
    assert t["seed"].str.fullmatch(claims.SEED_RE[1:-1]).all()


def test_the_csv_has_its_own_folder_and_is_not_a_policy_table():
    # data/*.csv are parameter tables; the claims table must not be picked up by the policy loader
    assert CLAIMS_CSV.parent.name == "claims" and CLAIMS_CSV.parent.parent == ROOT / "data"
    assert "claims.csv" not in set(yb.policy.tables()["file"])


def test_outdated_claims_carry_the_date_the_rule_changed():
    t = claims.load_claims()
    assert (t.loc[t["verdict"] == "outdated", "changed_on"] != "").all()
    dated = t[t["changed_on"] != ""]
    assert dated["changed_on"].map(lambda d: "1990-01-01" <= d <= "2030-12-31").all()
    assert t.set_index("id").at["K08", "changed_on"] == "2024-07-26"  # 国办发〔2024〕38号
    assert t.set_index("id").at["K01", "changed_on"] == "2021-04-13"  # 国办发〔2021〕14号


def test_verdicts_follow_claims_md():
    v = claims.load_claims().set_index("id")["verdict"]
    assert v["K01"] == "wrong" and v["K32"] == "wrong" and v["K42"] == "wrong" and v["K37"] == "wrong"
    assert v["K05"] == "partly" and v["K11"] == "partly" and v["K51"] == "partly"
    assert v["K30"] == "outdated"
    assert v["K02"] == "correct" and v["K08"] == "correct" and v["K45"] == "correct"
    assert v["K18"] == "regional" and v["K19"] == "unverified"


@pytest.mark.skipif(not (SHARED / "domain" / "claims.md").is_file(), reason="shared/domain not available")
def test_claims_are_in_our_own_words():
    md = (SHARED / "domain" / "claims.md").read_text(encoding="utf-8")
    seeds = "".join(p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt")))
    paraphrases = {}
    for line in md.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 3 and cells[1].startswith("K"):
            paraphrases[cells[1]] = cells[3]
    t = claims.load_claims().set_index("id")
    for cid, row in t.iterrows():
        assert row["claim_zh"] != paraphrases.get(cid), cid
        assert row["claim_zh"] not in seeds, cid
        assert row["rule_zh"] not in md, cid


def test_filter_by_verdict_topic_and_seed():
    t = claims.load_claims()
    wrong = claims.filter_claims(t, verdict="wrong")
    assert len(wrong) == (t["verdict"] == "wrong").sum() and set(wrong["verdict"]) == {"wrong"}
    assert list(claims.filter_claims(t, verdict="错")["id"]) == list(wrong["id"])
    assert set(claims.filter_claims(t, topic="家庭共济")["topic"]) == {"family"}
    # K02 appears on pages 000, 001 and 004: each page filter finds it
    for page in (0, "001", "004"):
        assert "K02" in set(claims.filter_claims(t, seed=page)["id"])
    assert "K02" not in set(claims.filter_claims(t, seed=2)["id"])
    assert len(claims.filter_claims(t, verdict="all", topic="全部", seed="all")) == 54
    for kwargs in ({"verdict": "maybe"}, {"topic": "tax"}, {"seed": 7}, {"seed": "x"}):
        with pytest.raises(YibaoInputError):
            claims.filter_claims(t, **kwargs)


def test_verdict_counts_add_up():
    counts = claims.verdict_counts()
    assert list(counts["verdict"]) == list(claims.VERDICTS)
    assert counts["count"].sum() == 54


def test_markdown_table_links_each_claim_to_its_notebook():
    t = claims.load_claims()
    text = claims.claims_markdown(t, {"K01": "说法 640，规则 160"})
    lines = text.splitlines()
    assert len(lines) == 2 + 54
    for row, line in zip(t.itertuples(), lines[2:]):
        assert line.startswith(f"| {row.id} |")
        if row.notebook:  # labelled with the page's number and topic, not its file name
            assert f"[{row.notebook[:2]} {claims.NOTEBOOKS[row.notebook]}]({row.notebook}.ipynb)" in line
        else:
            assert line.endswith("| 只在本页 |")
    assert "说法 640，规则 160" in lines[2]


# --------------------------------------------------------------------------- malformed rows


@pytest.fixture
def claims_copy(tmp_path):
    path = tmp_path / "claims.csv"
    shutil.copy(CLAIMS_CSV, path)
    return path


def _edit(path: Path, line: int, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def _assert_names(exc: PolicyDataError, line: int, column: str):
    assert (exc.file, exc.line, exc.column) == ("claims.csv", line, column)
    msg = str(exc)
    assert "数据文件错误" in msg and "Bad data" in msg  # bilingual
    assert f"第 {line} 行" in msg and f"line {line}" in msg and column in msg
    assert isinstance(exc, YibaoInputError) and isinstance(exc, ValueError)


@pytest.mark.parametrize(
    "line,column,value",
    [
        (5, "verdict", "maybe"),  # K04: not a verdict
        (9, "source", ""),  # K08: no source
        (10, "changed_on", "2021-02-30"),  # K09: not a date
        (12, "changed_on", "2021/04/13"),  # K11: not ISO
        (3, "seed", "005"),  # K02: no such seed page
        (20, "notebook", "99_nothing"),  # K19: unknown notebook
        (30, "topic", "tax"),  # K29: unknown topic
        (44, "confidence", "sure"),  # K43
        (2, "claim_numbers", "credit_rate=eight"),
        (2, "claim_numbers", ""),  # K01 has a demonstration that needs credit_rate
        (43, "claim_unit", ""),  # K42 has a demonstration: a unit is required
        (7, "id", "K5"),  # K06: malformed id
        (8, "id", "K06"),  # K07 → duplicates line 7
        (4, "claim_zh", "错"),  # K03: too short to be a claim
    ],
)
def test_malformed_row_names_file_line_and_column(claims_copy, line, column, value):
    _edit(claims_copy, line, column, value)
    with pytest.raises(PolicyDataError) as info:
        claims.load_claims(claims_copy)
    _assert_names(info.value, line, column)


def test_wrong_field_count_and_missing_column(claims_copy):
    lines = claims_copy.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[6] = lines[6].rstrip("\n") + ",extra\n"
    claims_copy.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(PolicyDataError) as info:
        claims.load_claims(claims_copy)
    assert (info.value.file, info.value.line) == ("claims.csv", 7)
    header = lines[0].replace(",verdict", ",verdikt")
    claims_copy.write_text("".join([header] + lines[1:6]), encoding="utf-8")
    with pytest.raises(PolicyDataError) as info:
        claims.load_claims(claims_copy)
    assert (info.value.line, info.value.column) == (1, "verdict")


def test_claim_numbers_come_from_the_table(claims_copy, monkeypatch):
    _edit(claims_copy, 2, "claim_numbers", "credit_rate=0.1")
    monkeypatch.setattr(claims, "CLAIMS_PATH", claims_copy)
    d = claim_demos.demonstrate("K01", monthly_salary=8000, region="national", year=2026)
    assert d.claim_value == pytest.approx(800.0)


# --------------------------------------------------------------------------- demonstrations

EXPECTED_COMPUTABLE = [
    "K01",
    "K02",
    "K05",
    "K06",
    "K08",
    "K10",
    "K11",
    "K17",
    "K26",
    "K32",
    "K37",
    "K41",
    "K42",
    "K45",
    "K51",
]


def test_computable_lists_the_demonstrations():
    assert claim_demos.computable() == EXPECTED_COMPUTABLE
    t = claims.load_claims().set_index("id")
    assert list(t.index[t["computable"]]) == EXPECTED_COMPUTABLE


# A correct claim that gives a floor ("八成以上": at least 80%) and a region whose own number is above it: the
# numbers differ, the verdict stands. inpatient.csv line 59: beijing's level-3 employee ratio 85%
# (《北京市基本医疗保险规定》第三十六条); before issue 13 beijing had no ratio of its own and got 80%.
AT_LEAST = {("K17", "beijing"): 0.85}

# A correct claim about the national level ("八成以上…大约七成", claims.csv line 18: employee_ratio=0.8;
# resident_ratio=0.7) that national, and 重庆 (regions.csv line 7: no province parent, no inpatient rows of its
# own), can only show with the example city's illustrative numbers: inpatient.csv line 8, example employee level-3
# ratio 0.85, and line 17, example resident level-3 ratio 0.6 (since [M4] 南昌's magnitude, no longer the 人社部 2017
# averages 0.8/0.7). So the numbers no longer confirm the claim: they differ from it, and the sentence says they are
# the example city's, not the region's; the verdict (about the national level) stands.
EXAMPLE_VALUES = {("K17", "national"): [0.85, 0.6], ("K17", "chongqing"): [0.85, 0.6]}


@pytest.mark.parametrize("cid", EXPECTED_COMPUTABLE)
@pytest.mark.parametrize("region", ["national", "beijing", "chongqing"])
def test_each_demonstration_returns_two_numbers_that_differ_when_wrong_or_outdated(cid, region):
    inputs = {
        k: v
        for k, v in dict(region=region, monthly_salary=9000, age=45, year=2026).items()
        if k in claim_demos.demo_inputs(cid)
    }
    d = claim_demos.demonstrate(cid, **inputs)
    row = claims.load_claims().set_index("id").loc[cid]
    assert math.isfinite(d.claim_value) and math.isfinite(d.rule_value)
    assert d.unit == row["claim_unit"] and d.verdict == row["verdict"]
    assert d.explanation and all("\u4e00" <= ch <= "\u9fff" for ch in d.explanation[:1] if ch.isalpha())
    assert len(d.sources) and (d.sources["source"].str.len() > 1).all()
    assert {"item", "claim", "rule", "unit"} <= set(d.pairs.columns)
    assert d.pairs["claim"].iloc[0] == d.claim_value and d.pairs["rule"].iloc[0] == d.rule_value
    if d.verdict in ("wrong", "outdated"):
        assert d.differs, cid
    if d.verdict == "correct":
        if (cid, region) in AT_LEAST:
            assert d.differs and d.rule_value == AT_LEAST[cid, region] > d.claim_value, cid
        elif (cid, region) in EXAMPLE_VALUES:
            assert d.differs and list(d.pairs["rule"]) == EXAMPLE_VALUES[cid, region] != list(d.pairs["claim"]), cid
            assert set(d.sources["region"]) == {"example"} and "示例城市的示例值" in d.explanation, cid
        else:
            assert not d.differs, cid


def test_k17_in_beijing_compares_its_own_employee_ratio_with_the_claims_floor():
    # inpatient.csv line 59: beijing employee level 3 = 0.85 (beijing's own row); line 17: resident level 3 = 0.6
    # (was 0.7), the example city's (beijing has no resident inpatient rows), borrowed; the claim: 0.8 and 0.7
    # (claims.csv line 18). The resident number now differs from the claim's 七成, and the sentence says so: any
    # example row makes it "示例城市的示例值，不是北京的数字"
    d = claim_demos.demonstrate("K17", region="beijing", year=2026)
    assert list(d.pairs["claim"]) == [0.8, 0.7] and list(d.pairs["rule"]) == [0.85, 0.6]
    assert d.explanation == (
        "2026 年三级医院住院、政策范围内（起付线以上）统筹基金支付比例：职工 85%，居民 60%"
        "（示例城市的示例值，不是北京的数字）；说法给的是全国总体水平。"
    )
    assert set(zip(d.sources["parameter"], d.sources["region"])) == {
        ("inpatient.employee.ratio[level=3]", "beijing"),
        ("inpatient.resident.ratio[level=3]", "example"),
    }


def test_k17_nationally_shows_the_example_citys_numbers_not_the_claims():
    # national has no inpatient ratio rows: its chain ends in the example city, inpatient.csv line 8 (example employee
    # level-3 ratio 0.85) and line 17 (example resident level-3 ratio 0.6). The claim's 0.8 / 0.7 (claims.csv line 18)
    # differ from them by −0.05 (employee, the headline number) and +0.1 (resident); the sentence labels the numbers
    # as the example city's, not national ones
    d = claim_demos.demonstrate("K17", region="national", year=2026)
    assert (d.claim_value, d.rule_value) == (0.8, 0.85) and d.differs
    assert d.difference == pytest.approx(0.8 - 0.85)
    assert list(d.pairs["claim"]) == [0.8, 0.7] and list(d.pairs["rule"]) == [0.85, 0.6]
    assert set(zip(d.sources["parameter"], d.sources["region"])) == {
        ("inpatient.employee.ratio[level=3]", "example"),
        ("inpatient.resident.ratio[level=3]", "example"),
    }
    assert d.explanation == (
        "2026 年三级医院住院、政策范围内（起付线以上）统筹基金支付比例：职工 85%，居民 60%"
        "（示例城市的示例值，不是全国的数字）；说法给的是全国总体水平。"
    )


def test_k01_eight_percent_against_the_2021_rule():
    # 国办发〔2021〕14号: the in-service credit is the person's own 2 % of the base; 8000 is within 60–300 %
    d = claim_demos.demonstrate("K01", monthly_salary=8000, age=30, year=2026)
    assert d.claim_value == pytest.approx(640.0)  # 8000 × 8 % (claim_numbers credit_rate=0.08)
    assert d.rule_value == pytest.approx(160.0)  # 8000 × 2 %
    # before the reform (国发〔1998〕44号 national example: 2 % + 1.8 %): 8000 × 3.8 % = 304
    assert d.pairs["rule"].iloc[1] == pytest.approx(304.0)


def test_k05_350_against_the_yearly_standard():
    assert claim_demos.demonstrate("K05", year=2024).rule_value == 400.0  # 医保发〔2024〕19号
    assert claim_demos.demonstrate("K05", year=2021).rule_value == 320.0
    same = claim_demos.demonstrate("K05", year=2022)  # the year 350 was the standard
    assert same.rule_value == same.claim_value == 350.0


def test_k11_resident_pension_with_and_without_interest():
    d0 = claim_demos.demonstrate("K11", year=2025)
    # 国发〔2014〕8号: 150000 ÷ 139 = 1079.14 (pension.csv line 38); minimum basic pension 2025: 143, the example
    # city's (pension.csv line 45, illustrative; national's series ends 2024) → 1222.14
    assert d0.claim_value == 1229.0
    assert d0.rule_value == pytest.approx(1222.14)
    d2 = claim_demos.demonstrate("K11", year=2025, interest_rate=0.02)
    balance = sum(10000 * 1.02 ** (15 - k) for k in range(15))  # paid at the start of each year
    assert d2.rule_value == pytest.approx(143 + round(balance / 139, 2), abs=0.011)
    assert d2.pairs["rule"].iloc[1] == pytest.approx(1222.14)  # without interest, still listed
    with pytest.raises(YibaoInputError):
        claim_demos.demonstrate("K11", interest_rate=0.5)


def test_k32_and_k42_local_numbers():
    k32 = claim_demos.demonstrate("K32", year=2026)
    assert (k32.claim_value, k32.rule_value) == (120.0, 3.0)  # 北京 大额互助 3 元/月
    assert k32.pairs.set_index("item").loc["单位费率（含大额互助）", "rule"] == pytest.approx(0.10)
    k42 = claim_demos.demonstrate("K42")
    p = k42.pairs.set_index("item")
    assert (p.loc["基数上限", "claim"], p.loc["基数上限", "rule"]) == (25912.0, 36921.0)  # 上海 2024-07 起
    assert (p.loc["基数下限", "claim"], p.loc["基数下限", "rule"]) == (5182.0, 7384.0)
    assert set(k42.sources["region"]) == {"shanghai"}


def test_k06_k08_k37_k45():
    k06 = claim_demos.demonstrate("K06", monthly_salary=8000, age=30, year=2026)
    interest = k06.pairs.set_index("item").loc["断缴期间的利息", "rule"]
    assert interest > 0 and k06.rule_value > 0 and k06.claim_value == 0
    assert claim_demos.demonstrate("K08", year=2023).rule_value == 3.0  # spouse, parents, children
    assert claim_demos.demonstrate("K08", year=2025).rule_value == 8.0  # 国办发〔2024〕38号
    k37 = claim_demos.demonstrate("K37", region="national", year=2026)
    assert (k37.claim_value, k37.rule_value) == (4000.0, 2000.0)
    assert claim_demos.demonstrate("K45").rule_value == 1998.0


def test_demonstrate_rejects_bad_input():
    with pytest.raises(YibaoInputError):
        claim_demos.demonstrate("K99")
    with pytest.raises(YibaoInputError):
        claim_demos.demonstrate("K03")  # no numbers to compute
    with pytest.raises(YibaoInputError) as info:
        claim_demos.demonstrate("K05", monthly_salary=1)  # K05 takes only a year
    assert "monthly_salary" in str(info.value)
    with pytest.raises(YibaoInputError):
        claim_demos.demonstrate("K01", year=1800)


def test_demonstrate_all_reports_gaps_in_chinese():
    # REWRITTEN for issue 13: shanghai's 2025-07 base (the old gap, K01) is now in the data. jiangxi's resident 大病
    # threshold is 50% of jiangxi's income (catastrophic.csv line 19), and jiangxi's income has only the 2025 row
    # (income.csv line 15): on 2026-07-01 that is a gap, so K17 (the resident table) cannot be computed
    demos = claim_demos.demonstrate_all(region="jiangxi", year=2026, monthly_salary=8000, age=30)
    assert isinstance(demos["K17"], str) and demos["K17"].startswith("无法计算")
    assert "income.disposable_prev_year" in demos["K17"]
    assert isinstance(demos["K01"], claim_demos.ClaimDemo) and isinstance(demos["K42"], claim_demos.ClaimDemo)
    table = claim_demos.demo_table(demos)
    assert list(table["编号"]) == claim_demos.computable()
    assert math.isnan(table.set_index("编号").at["K17", "说法"])


# --------------------------------------------------------------------------- timeline


def test_timeline_has_the_dated_reforms_from_data():
    e = timeline.timeline_events()
    nat = e[e["region"] == "national"]

    def has(date, parameter, kind):
        return ((nat["date"] == date) & (nat["parameter"] == parameter) & (nat["kind"] == kind)).any()

    assert has("1998-12-14", "account.pre.individual_credit_rate", "new")  # 国发〔1998〕44号
    assert has("2021-04-13", "account.post.individual_credit_rate", "new")  # 国办发〔2021〕14号
    assert has("2024-07-26", "family.relation", "change")  # 国办发〔2024〕38号
    assert has("2025-01-01", "gap.resident.fixed_waiting_months", "new")
    assert has("2025-01-01", "retirement.reform_start", "scheduled")  # decided 2024-09-13
    assert has("2026-01-09", "family.cross_province", "new")
    assert has("2030-01-01", "pension.min_years_step_from", "scheduled")
    contrib = nat[nat["parameter"] == "resident.individual_contribution"]
    assert list(contrib["year"]) == list(range(2016, 2025))  # 2025/2026 repeat 400: not changes
    assert contrib.iloc[-1]["value_text"] == "400 元/年（此前 380 元/年）"
    assert not e["parameter"].str.startswith(("wage.", "income.")).any()
    assert "wage.avg_annual_prev_year" in set(timeline.timeline_events(include_statistics=True)["parameter"])
    assert (e["source"].str.len() > 1).all() and e["date"].is_monotonic_increasing


def test_every_event_points_at_its_data_row():
    e = timeline.timeline_events()
    rows = yb.policy.tables()
    for ev in e.sample(25, random_state=1).itertuples():
        row = rows[(rows["file"] == ev.file) & (rows["line"] == ev.line)].iloc[0]
        assert row["parameter"] == ev.parameter and row["region"] == ev.region
        assert ev.kind == "scheduled" or row["effective_from"] == ev.date


def test_timeline_is_built_from_the_data_folder(data_copy):
    before = timeline.timeline_events()  # the copy is identical to data/ (tables are cached per folder: read it once)
    lines = data_copy.lines("outpatient.csv")
    # a row of the 14 columns that meets the provenance standard (secondary: a URL and the date it was read)
    lines.append(
        "national,outpatient.annual_limit_retired,,,,2027-01-01,,2500,yuan/year,测试：新增一行,secondary,"
        "https://example.org/test,2026-12-02,\n"
    )
    data_copy.write("outpatient.csv", lines)
    after = timeline.timeline_events(data_dir=str(data_copy))
    assert len(after) == len(before) + 1
    new = after[after["date"] == "2027-01-01"]
    assert list(new["parameter"]) == ["outpatient.annual_limit_retired"] and new["kind"].iloc[0] == "new"
    assert new["line"].iloc[0] == len(lines) and new["file"].iloc[0] == "outpatient.csv"
    # the new row is in force in 2027 (and only from then)
    r2027 = timeline.rules_in_force(2027, data_dir=str(data_copy))
    assert "outpatient.annual_limit_retired" in set(r2027["parameter"])
    assert "outpatient.annual_limit_retired" not in set(
        timeline.rules_in_force(2026, data_dir=str(data_copy))["parameter"]
    )


def test_a_changed_value_becomes_a_change_event(data_copy):
    # contribution.csv line 55: the example city's 2026 resident contribution repeats its 2025 400 (line 53): no
    # event (上海's own 2026 row, 995 → 1040, is a change of another region); make it 450
    before = timeline.timeline_events()
    assert not (
        (before["parameter"] == "resident.individual_contribution")
        & (before["date"] == "2026-01-01")
        & (before["region"] == "example")
    ).any()
    data_copy.replace_in_line(
        "contribution.csv",
        55,
        "example,resident.individual_contribution,,,,2026-01-01,,400,",
        "example,resident.individual_contribution,,,,2026-01-01,,450,",
    )
    e = timeline.timeline_events(data_dir=str(data_copy))
    hit = e[
        (e["parameter"] == "resident.individual_contribution")
        & (e["date"] == "2026-01-01")
        & (e["region"] == "example")
    ]
    assert len(hit) == 1 and hit["kind"].iloc[0] == "change" and hit["region"].iloc[0] == "example"
    assert hit["value_text"].iloc[0] == "450 元/年（此前 400 元/年）"
    assert len(timeline.timeline_events(include_unchanged=True)) > len(timeline.timeline_events())


def test_rules_in_force_by_year_and_region():
    r2020 = timeline.rules_in_force(2020)
    r2021 = timeline.rules_in_force(2021)
    assert "account.post.individual_credit_rate" not in set(r2020["parameter"])
    assert "account.post.individual_credit_rate" in set(r2021["parameter"])
    assert r2021.attrs["on"] == "2021-07-01"
    family = r2021[r2021["parameter"] == "family.relation"]
    assert set(family["detail"]) == {"配偶", "父母", "子女"}
    bj = timeline.rules_in_force(2024, "beijing")
    assert {"beijing", "national"} <= set(bj["region"])  # own rows and inherited national rows
    assert bj.set_index("parameter").loc["employee.large_amount_individual", "value_text"] == "3 元/月"
    assert (bj["source"].str.len() > 1).all()
    with pytest.raises(YibaoInputError):
        timeline.rules_in_force(1970)
    assert timeline.rules_count(2021)["条数"].sum() == len(r2021)


def test_changes_between_two_years():
    ch = timeline.changes_between(2020, 2026)
    row = ch[ch["规则"] == "居民医保个人缴费标准"].iloc[0]
    assert (row["2020年"], row["2026年"], row["变化"]) == ("280 元/年", "400 元/年", "改变")
    assert (ch[ch["规则"] == "改革后：在职职工只划入个人缴费"]["变化"] == "新增").all()
    assert len(timeline.changes_between(2026, 2026)) == 0


def test_parameter_history_matches_the_table():
    # contribution.csv lines 35-51 (odd): national 2016..2024 (150 … 400); lines 53, 55: the example city's 2025, 2026
    h = timeline.parameter_history("resident.individual_contribution")
    assert list(h["year"]) == list(range(2016, 2025))
    assert h.set_index("year").at[2024, "value"] == 400.0 and h.set_index("year").at[2016, "value"] == 150.0
    assert (h["confidence"] != "illustrative").all()
    example = timeline.parameter_history("resident.individual_contribution", region="example")
    assert list(example["year"]) == [2025, 2026] and list(example["value"]) == [400.0, 400.0]
    with pytest.raises(YibaoInputError):
        timeline.parameter_history("resident.individual_contribution", region="beijing")


def test_short_source_keeps_the_document():
    assert text.short_source("国办发〔2024〕38号《关于…》 https://x") == "国办发〔2024〕38号"
    assert (
        text.short_source("《国务院关于渐进式延迟法定退休年龄的办法》第四条")
        == "国务院关于渐进式延迟法定退休年龄的办法"
    )


# --------------------------------------------------------------------------- charts


@pytest.fixture
def charts():
    matplotlib.use("Agg")
    from yibao_helpers.present.charts import claims as charts_claims

    yield charts_claims
    import matplotlib.pyplot as plt

    plt.close("all")


def test_verdict_chart_shows_the_counts(charts, tmp_path):
    counts = claims.verdict_counts()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = charts.plot_verdict_counts(counts, as_of="2026-07-01")
        fig.savefig(tmp_path / "v.png")
    ax = fig.axes[0]
    assert [p.get_height() for p in ax.patches] == list(counts["count"])
    assert [t.get_text() for t in ax.get_xticklabels()] == list(counts["verdict_zh"])
    assert ax.get_ylabel() == "说法条数（条）"
    assert "数据截至 2026-07-01" in fig.texts[-1].get_text()


def test_claim_chart_shows_the_claim_and_the_rule(charts):
    d = claim_demos.demonstrate("K42")
    fig = charts.plot_claim_demo(d)
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    rows = d.pairs[d.pairs["unit"] == d.unit]
    assert heights == list(rows["claim"]) + list(rows["rule"])
    assert "元/月" in ax.get_ylabel() and "K42" in ax.get_title()
    footer = fig.texts[-1].get_text()
    # contribution.csv lines 22-23: shanghai 2024-07 base floor and ceiling, read from 公开仓库 jiabin-xu/salary-calculator
    assert "jiabin-xu" in footer and f"数据截至 {d.as_of}" in footer and d.as_of == "2024-07-01"


def test_grid_has_one_panel_per_demonstration(charts, tmp_path):
    demos = claim_demos.demonstrate_all(interest_rate=0.02)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = charts.plot_demo_grid(demos)
        fig.savefig(tmp_path / "g.png")
    panels = [ax for ax in fig.axes if ax.axison]
    assert len(panels) == len(demos)
    k01 = panels[0]
    assert [p.get_height() for p in k01.patches] == [demos["K01"].claim_value, demos["K01"].rule_value]
    ratio = panels[claim_demos.computable().index("K17")]
    # ratios drawn in %: the claim's 80 % (claims.csv line 18: employee_ratio=0.8) and the national page's 85 %,
    # the example city's (inpatient.csv line 8: example employee level-3 ratio 0.85, was 0.8 → [80, 80])
    assert [p.get_height() for p in ratio.patches] == [80.0, 85.0]


def test_timeline_chart_draws_one_marker_per_group(charts, tmp_path):
    ev = timeline.events_for(timeline.timeline_events(), "beijing")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = charts.plot_timeline(ev, year=2015, region_label="北京")
        fig.savefig(tmp_path / "t.png")
    ax = fig.axes[0]
    pts = charts.timeline_points(ev, year=2015)
    offsets = np.concatenate([c.get_offsets() for c in ax.collections])
    assert len(offsets) == len(pts)
    assert sorted(offsets[:, 0]) == pytest.approx(sorted(pts["x"]))
    assert pts["count"].sum() == len(ev)
    assert (pts.loc[~pts["in_force"], "date"] > "2015-07-01").all()
    assert f"{len(ev)} 次规则变化" in ax.get_title()
    assert [t.get_text() for t in ax.get_yticklabels()][::-1] == pts.attrs["lanes"]
    # the milestones listed under the chart are numbered in date order
    ms = timeline.milestones(ev)
    assert list(ms["number"]) == list(range(1, len(ms) + 1)) and ms["date"].is_monotonic_increasing
    assert any("统账结合" in t.get_text() for t in fig.texts)


def test_history_chart_shows_the_values(charts):
    h = {
        "个人缴费": timeline.parameter_history("resident.individual_contribution"),
        "财政补助": timeline.parameter_history("resident.fiscal_subsidy"),
    }
    fig = charts.plot_history(h, title="测试", ylabel="金额（元/年）")
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights == list(h["个人缴费"]["value"]) + list(h["财政补助"]["value"])
    assert not any(p.get_hatch() for p in fig.axes[0].patches)  # every row is secondary: no bar marked


def test_history_chart_marks_an_illustrative_bar(charts):
    """A value nobody checked (confidence illustrative) is drawn hatched and pale and the legend says why
    (review reading.md, notebook 11: the illustrative 2026 bar was drawn like the others)."""
    own = timeline.parameter_history("resident.individual_contribution")
    guess = own.copy()
    guess.loc[guess.index[-1], "confidence"] = "illustrative"
    guess.attrs = own.attrs
    fig = charts.plot_history({"个人缴费": guess}, title="测试", ylabel="金额（元/年）")
    bars = fig.axes[0].patches
    assert [b.get_hatch() for b in bars] == [None] * (len(guess) - 1) + ["///"]
    assert bars[-1].get_alpha() == 0.35 and bars[0].get_alpha() is None
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["个人缴费", "斜线浅色：示例值（未核实）"]


# --------------------------------------------------------------------------- widgets


def test_widget_callbacks_print_chinese_messages_on_bad_input(charts, capsys):
    from yibao_helpers.present.widgets import claims as widgets_claims

    assert widgets_claims.render_claims_table("maybe") is None
    assert "无法计算" in capsys.readouterr().out
    rows = widgets_claims.render_claims_table("wrong", "all", "all")
    assert len(rows) == (claims.load_claims()["verdict"] == "wrong").sum()
    assert f"共 {len(rows)} 条说法" in capsys.readouterr().out
    assert widgets_claims.render_claim("K03") is None
    assert "无法计算" in capsys.readouterr().out
    demo = widgets_claims.render_claim(
        "K01", monthly_salary=8000, age=30, region="national", year=2026, interest_rate=0.0
    )
    assert "160.00 元/月" in capsys.readouterr().out and demo.rule_value == 160.0
    assert widgets_claims.render_timeline(1970) is None
    assert "无法计算" in capsys.readouterr().out
    rules = widgets_claims.render_timeline(2021, "national", show_table=False)
    assert f"有 {len(rules)} 条规则数值在生效" in capsys.readouterr().out


def test_widget_builders_run(charts):
    pytest.importorskip("ipywidgets")
    from yibao_helpers.present.widgets import claims as widgets_claims

    assert widgets_claims.claims_browser() is not None
    assert widgets_claims.claim_explorer(claim_id="K42") is not None
    assert widgets_claims.timeline_explorer(year=2024, region="beijing") is not None


def test_each_claim_routes_to_the_topic_page_that_lists_it():
    """The 看哪本笔记本 column names a topic page only if that page's 常见误区 table (its page.claims([...]) call)
    lists the claim; a claim listed by a topic page is routed to one of them (review reading.md, notebook 10)."""
    import re

    import nbformat

    from yibao_helpers.core.paths import NOTEBOOKS

    listed: dict[str, set] = {}
    for name in claims.NOTEBOOKS:
        src = "\n".join(c.source for c in nbformat.read(NOTEBOOKS / f"{name}.ipynb", 4).cells)
        for call in re.findall(r"page\.claims\(\[([^\]]*)\]", src):
            for cid in re.findall(r"K\d\d", call):
                listed.setdefault(cid, set()).add(name)
    t = claims.load_claims()
    for row in t.itertuples():
        if row.notebook:
            assert row.notebook in listed.get(row.id, set()), (row.id, row.notebook)
        else:
            assert row.id not in listed, (row.id, listed.get(row.id))
    # the claims no topic page lists today (page 10 settles them alone)
    assert list(t.loc[t["notebook"] == "", "id"]) == ["K16", "K19", "K36", "K41", "K42", "K43", "K44", "K45"]
