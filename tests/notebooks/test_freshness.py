"""Data freshness: every parameter a notebook uses has a row in force on the notebook's as-of date.

What each notebook uses is recorded, not listed by hand: every notebook runs once with its default
parameters while :mod:`yibao_helpers.usage` records the :class:`~yibao_helpers.policy.Policy` look-ups
(region, date, parameter). With the defaults (``year=None``) a notebook takes its rules on the default
date, :func:`yibao_helpers.data_as_of` (1 July of the newest year whose national statistics are not
illustrative: 2025-07-01); the look-ups made on or after that date are the notebook's current rules and
projections (earlier ones are deliberate comparisons with past years, e.g. 2020 in notebook 05).
:func:`stale` checks each (region, parameter) of those against the data in force on the as-of date — the
real data here, and a copy broken on purpose below, which the check must report with the notebook, the
parameter and the region.

The freshness *warning* beside the charts (a region whose newest data are more than two years older
than the page's date) is :func:`yibao_helpers.footnotes.freshness_warning`; its unit tests are at the end.
"""

from __future__ import annotations

import datetime as dt

import pytest
from notebook_run import parameters_of  # noqa: E402
from sweep_kernel import NOTEBOOKS  # noqa: E402

from yibao_helpers import load_policy, regions
from yibao_helpers.params import data_as_of, tables, usage
from yibao_helpers.present import figures, footnotes
from yibao_helpers.present.charts import account as account_charts


def current(lookups: list[usage.Lookup], as_of: dt.date) -> dict[tuple[str, str, str], bool]:
    """(region, parameter, qualifier) read on or after ``as_of`` (the notebook's rules of its as-of date) →
    whether a row answered at least once (False: every look-up found none and the notebook went on)."""
    out: dict[tuple[str, str, str], bool] = {}
    known = set(regions())
    for u in lookups:
        # a region from a user's own file (notebook 12's 用户地区) is not project data: its freshness is the user's
        if u.date >= as_of and u.region in known:
            key = (u.region, u.parameter, u.qualifier)
            out[key] = out.get(key, False) or u.found
    return out


def stale(used: dict[str, list[usage.Lookup]], data_dir: str | None = None) -> list[str]:
    """One line per (notebook, region, parameter) without a row in force on the as-of date of ``data_dir``'s data.

    Stale is a gap: a region of the chain has rows for the parameter from before the as-of date, but none in
    force on it (params/policy.py: the region claims the parameter from its first row on). It is reported even
    when the notebook coped. A parameter with no row in force and no gap has no row on or before the as-of date
    anywhere in the region's chain (before a region's first row the next region answers): either the notebook
    only probed it (the look-up found nothing and the code went on, e.g. a region's own base floor where the
    chain has ratios) or it is a rule still to come that the notebook reads on its own later date (notebook
    04's column for the cross-province rule of 2026-01-09, family.csv lines 13–14). Neither is stale data.
    """
    as_of = data_as_of(data_dir)
    found = []
    for notebook, lookups in sorted(used.items()):
        for region, parameter, qualifier in sorted(current(lookups, as_of)):
            policy = load_policy(region, as_of, data_dir=data_dir)
            if policy.has(parameter, qualifier):
                continue
            gap = policy.has_gap(parameter, qualifier)
            if not gap:
                continue
            label = parameter + (f"[{qualifier}]" if qualifier else "")
            found.append(
                f"{notebook}: {region} 的参数 {label} 在 {as_of.isoformat()} 没有生效的数据行"
                f" / no row of {label} for {region} in force on {as_of.isoformat()}"
                + (" (a gap: the region has rows for it at other dates)" if gap else "")
            )
    return found


@pytest.fixture(scope="module")
def used() -> dict[str, list[usage.Lookup]]:
    """notebook → the Policy look-ups of one run with its default parameters (one shared kernel)."""
    pytest.importorskip("papermill")
    from sweep_kernel import NOTEBOOKS, SharedKernel

    kernel = SharedKernel()
    out = {}
    try:
        for path in sorted(NOTEBOOKS.glob("*.ipynb")):
            kernel.run(path, {}, before="from yibao_helpers import usage as _u\n_u.start()")
            out[path.name] = usage.from_json(
                kernel.execute("from yibao_helpers import usage as _u\nprint(_u.to_json(_u.stop()))")
            )
    finally:
        kernel.close()
    return out


@pytest.mark.notebooks
def test_every_notebook_reads_parameters_on_its_as_of_date(used):
    as_of = data_as_of()
    assert len(used) == 14  # 00–12 and app
    # 00 reads no rule; 12 reads the user's own region (its template file), which is not project data
    quiet = {"00_index.ipynb", "12_your_own_city.ipynb"}
    silent = [nb for nb, lookups in used.items() if nb not in quiet and not current(lookups, as_of)]
    assert not silent, f"no look-ups recorded on the as-of date for {silent}"
    # the recording sees the regions the notebooks name: the parameters cell's and the hard-coded comparisons
    regions_read = {nb: {u.region for u in lookups} for nb, lookups in used.items()}
    assert "xuzhou" in regions_read["07_retirement_years.ipynb"]
    assert {"jiangsu", "zhejiang"} <= regions_read["09_maternity.ipynb"]
    assert "beijing" in regions_read["05_why_balance_changed.ipynb"]  # K32: 北京's own rates


@pytest.mark.notebooks
def test_every_parameter_used_has_a_row_in_force_on_the_as_of_date(used):
    assert stale(used) == []


def _end_row(data_copy, row, end: str | None = None) -> None:
    """Give a data row (a ``tables()`` record) an end date in the copy: ``…,effective_from,,…`` → ``…,from,end,…``;
    by default the day before the as-of date (2025-06-30), so the row no longer covers it."""
    end = end or (data_as_of() - dt.timedelta(days=1)).isoformat()
    data_copy.replace_in_line(row.file, row.line, f",{row.effective_from},,", f",{row.effective_from},{end},")


@pytest.mark.notebooks
def test_a_parameter_that_ends_before_the_as_of_date_is_reported(used, data_copy):
    """Break a copy of the data: end, the day before the as-of date, the national row that answers notebook 01's
    look-ups for its region (contribution.csv line 3; the example city has no such row to stand in) and one of 北京's own rows that notebook
    05 reads (contribution.csv line 7; 北京 then has rows for it, none in force). Both are gaps; the check names
    the notebook, the parameter and the region."""
    rows = tables()
    as_of = data_as_of()
    # notebook 01's example person lives in 南昌, whose own row starts 2026-04-01 (contribution.csv line 62): on the
    # as-of date the national row answers for 南昌, so ending it leaves 南昌 a gap
    home = parameters_of(NOTEBOOKS / "01_personal_account.ipynb")["region"]
    assert (home, "employee.individual_rate", "") in current(used["01_personal_account.ipynb"], as_of)
    national = rows[
        (rows["region"] == "national")
        & (rows["parameter"] == "employee.individual_rate")
        & (rows["effective_to"] == "")
    ]
    assert len(national) == 1
    _end_row(data_copy, next(national.itertuples()))
    assert ("beijing", "employee.large_amount_individual", "") in current(used["05_why_balance_changed.ipynb"], as_of)
    beijing = rows[
        (rows["region"] == "beijing")
        & (rows["parameter"] == "employee.large_amount_individual")
        & (rows["effective_to"] == "")
    ]
    assert len(beijing) == 1  # K32: 北京's own large-amount contribution (one row, no age bands)
    beijing = next(beijing.itertuples())
    _end_row(data_copy, beijing)

    assert stale(used) == []  # the real data are untouched
    found = stale(used, str(data_copy))
    day = as_of.isoformat()
    assert f"01_personal_account.ipynb: {home} 的参数 employee.individual_rate 在 {day} 没有生效的数据行" in "\n".join(
        found
    ), found
    label = beijing.parameter + (f"[{beijing.qualifier}]" if beijing.qualifier else "")
    mine = [line for line in found if line.startswith(f"05_why_balance_changed.ipynb: beijing 的参数 {label} ")]
    assert mine and "gap" in mine[0], found
    # nothing but the two broken parameters is reported
    assert all("employee.individual_rate" in line or f" {label} " in line for line in found), found


# --------------------------------------------------------------------------- the warning beside the charts


@pytest.mark.parametrize(
    ("newest", "as_of", "warned"),
    [
        ("2024-07-01", "2026-07-01", False),  # exactly two years older: not more than two years
        ("2024-06-30", "2026-07-01", True),  # one day more
        ("2026-07-01", "2026-07-01", False),
        ("2030-01-01", "2026-07-01", False),  # data newer than the page's date
        ("2022-02-28", "2024-02-29", False),  # 29 February: two years earlier is 28 February
        ("2022-02-27", "2024-02-29", True),
    ],
)
def test_freshness_warning_is_due_after_more_than_two_years(monkeypatch, newest, as_of, warned):
    monkeypatch.setattr(footnotes, "region_data_as_of", lambda region: dt.date.fromisoformat(newest))
    text = footnotes.freshness_warning("beijing", as_of)
    assert bool(text) is warned
    if warned:
        assert text == (
            f"⚠ 北京的数据最新到 {newest}，比本页依据的日期 {as_of} 早两年以上，可能已过时 / "
            "data for this region may be outdated"
        )


def test_freshness_warning_by_hand_for_the_real_data():
    # data/: 乌兰察布's newest own row is 2018-01-01 (inpatient.csv lines 34–50), 南昌's 2026-04-01 (contribution.csv
    # line 61), 重庆's 2023-01-01
    assert footnotes.region_data_as_of("wulanchabu") == dt.date(2018, 1, 1)
    assert footnotes.freshness_warning("wulanchabu", "2026-07-01") == (
        "⚠ 乌兰察布的数据最新到 2018-01-01，比本页依据的日期 2026-07-01 早两年以上，可能已过时 / "
        "data for this region may be outdated"
    )
    # a year means 1 July: 2019 → 2019-07-01, two years earlier 2017-07-01 ≤ 2018-01-01 → fresh
    assert footnotes.freshness_warning("wulanchabu", 2019) == ""
    assert footnotes.freshness_warning("wulanchabu", 2020) != ""  # 2018-07-01 > 2018-01-01
    assert footnotes.freshness_warning("nanchang", "2026-07-01") == ""  # 2024-07-01 ≤ 2026-04-01
    assert footnotes.freshness_warning("chongqing", 2024) == ""  # 2022-07-01 ≤ 2023-01-01
    assert "重庆的数据最新到 2023-01-01" in footnotes.freshness_warning("chongqing", 2025)  # 2023-07-01 > 2023-01-01
    # the default date 2025-07-01; national's newest own row is 2026-01-09 (family.csv line 13)
    assert footnotes.freshness_warning("national") == ""
    assert footnotes.freshness_warning(None) == ""


def test_every_region_with_data_has_a_newest_date():
    for code in regions():
        assert isinstance(footnotes.region_data_as_of(code), dt.date), code


def test_a_chart_of_a_stale_region_carries_the_warning_and_show_prints_it(capsys):
    from yibao_helpers.rules import account

    df = account.project_balance(8000, 30, 5, region="wulanchabu", start_year=2026)
    fig = account_charts.plot_balance(df)
    expected = footnotes.freshness_warning("wulanchabu", 2026)
    assert footnotes.warning_of(fig) == expected != ""
    drawn = [a.get_text() for a in fig.artists if hasattr(a, "get_text")]
    assert drawn == [expected.replace(" / ", "\n   ")]  # drawn above the footnote, Chinese then English
    assert fig.texts[-1].get_text().startswith("来源：")  # the footnote itself is unchanged
    figures.show(fig)
    assert capsys.readouterr().out.strip().endswith(expected)
    fresh = account_charts.plot_balance(account.project_balance(8000, 30, 5, region="beijing", start_year=2026))
    assert footnotes.warning_of(fresh) == ""
    assert not fresh.artists
    figures.show(fresh)
    assert "outdated" not in capsys.readouterr().out


def test_source_footnote_returns_the_warning_with_the_footnote():
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(8, 4))
    text = footnotes.source_footnote(fig, None, "2026-07-01", region="chongqing", on=2025)
    assert text.splitlines()[0] == footnotes.freshness_warning("chongqing", 2025)
    assert text.splitlines()[1] == "数据截至 2026-07-01"
    assert (
        footnotes.source_footnote(plt.figure(), None, "2026-07-01", region="chongqing", on=2024)
        == "数据截至 2026-07-01"
    )
    plt.close("all")


def test_page_takes_region_and_date_from_the_data_unless_given():
    import pandas as pd

    df = pd.DataFrame({"year": [2024, 2025]})
    df.attrs.update(region="hefei", year=2024)
    assert footnotes.page(df) == {"region": "hefei", "on": 2024}
    assert footnotes.page(df, "beijing", "2020-01-01") == {"region": "beijing", "on": "2020-01-01"}
    # a projection: its first year (1 July), not the attrs' year
    assert footnotes.projection_page(df.assign(year=[2030, 2031])) == {"region": "hefei", "on": 2030}

    class Result:  # e.g. a family-year result: a date, no region
        on = dt.date(2024, 3, 1)

    assert footnotes.page(Result(), "wuxi") == {"region": "wuxi", "on": dt.date(2024, 3, 1)}
    assert footnotes.page(None) == {"region": None, "on": None}


def test_no_data_message_is_chinese_then_short_english():
    from yibao_helpers import YibaoInputError
    from yibao_helpers.rules import outpatient

    # 门诊统筹 from 2021-04-13: national's minimum ratio (outpatient.csv line 2) and the example city's tables (lines
    # 3–8) start then, so on 2016-07-01 no region of national's chain has a row yet (not a gap: nothing to stand in)
    with pytest.raises(YibaoInputError) as info:
        outpatient.pool_year([400], on=2016)
    zh, en = footnotes.no_data_message(info.value, "门诊统筹限额", "the outpatient-pool limit").splitlines()
    assert zh.startswith("无法计算门诊统筹限额：参数 on 的值 '2016-07-01' 无效：") and "outpatient.ratio" in zh
    assert en == (
        "(the outpatient-pool limit cannot be computed: region national has no data for "
        "outpatient.ratio[level=3] on this date)"
    )
    head = footnotes.no_data_message(info.value, what_en="x", head_zh="无法列出该年的规则")
    assert head.startswith("无法列出该年的规则：参数 on")


def test_usage_records_each_policy_lookup_and_restores_the_method():
    from yibao_helpers import YibaoInputError
    from yibao_helpers.params import Policy
    from yibao_helpers.rules import account

    original = Policy.rows
    with usage.recording() as used:
        account.project_balance(8000, 30, 1, region="beijing", start_year=2026)
    assert Policy.rows is original
    pairs = {(u.region, u.parameter, u.answered_by) for u in used}
    assert ("beijing", "employee.base_floor", "beijing") in pairs  # 北京's own floor
    assert ("beijing", "account.post.individual_credit_rate", "national") in pairs  # inherited
    assert ("beijing", "account.reform_date", "example") in pairs  # borrowed (account.csv line 2)
    # the projection's rules are read on its first year's 1 July; the statutory retirement age (M3) from the
    # national retirement rows (retirement.csv lines 2–11), read on the default date data_as_of() = 2025-07-01
    account_dates = {u.on for u in used if u.region == "beijing"}
    retirement_dates = {u.on for u in used if u.parameter.startswith("retirement.")}
    assert account_dates == {"2026-07-01"} and retirement_dates == {data_as_of().isoformat()} == {"2025-07-01"}
    assert {u.region for u in used if u.parameter.startswith("retirement.")} == {"national"}
    assert {u.region for u in used} == {"beijing", "national"}
    assert usage.from_json(usage.to_json(used)) == list(dict.fromkeys(used))
    count = len(used)
    account.project_balance(8000, 30, 1, region="beijing", start_year=2026)
    assert len(used) == count  # nothing recorded after the block
    # 江西's 全口径 wage rows end 2025-12-31 (wages.csv lines 26–30): 2026-07-01 is a gap, not a stand-in
    with usage.recording() as gaps, pytest.raises(YibaoInputError):
        load_policy("jiangxi", "2026-07-01")["wage.avg_annual_all_units_prev_year"]
    assert [(u.region, u.parameter, u.found) for u in gaps] == [
        ("jiangxi", "wage.avg_annual_all_units_prev_year", False)
    ]
