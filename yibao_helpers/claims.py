"""Myths and facts (常见说法核查) and the dated timeline of the rules in ``data/``.

Claims table
------------
``data/claims/claims.csv`` holds one row per claim K01–K54 found on the seed pages
(``shared/domain/claims.md``), in our own words, with its verdict, the rule that settles it, the
source, the date the rule changed, the topic notebook that demonstrates it and the claim's own
numbers (``claim_numbers``, ``key=value`` pairs such as ``credit_rate=0.08``). It lives in a
subfolder so that the policy loader (which reads ``data/*.csv`` as parameter tables) does not
see it; it has its own pandera schema here and fails like :mod:`yibao_helpers.policy` does, with
:class:`~yibao_helpers.errors.PolicyDataError` naming file, line and column.

* :func:`load_claims` → the validated table (cached per file).
* :func:`demonstrate` ``(claim_id, **inputs)`` → a :class:`ClaimDemo` for the claims that can be
  computed: the claim's number (from the table's ``claim_numbers``, or what the claim's own logic
  gives), the rule's number (from the project's calculators and ``data/``), unit, a Chinese
  explanation and the data rows used. :func:`computable` lists those claim IDs;
  :func:`demonstrate_all` runs every demonstration with shared inputs.

Timeline
--------
* :func:`timeline_events` builds the dated rule changes **from the parameter tables**: each
  ``effective_from`` where a parameter appears or changes value (grouped per region, parameter and
  date), plus the dates that date-valued rows announce (e.g. ``retirement.reform_start`` =
  2025-01-01, decided on 2024-09-13). Statistical bases (average wage, disposable income) are
  left out unless asked for. Nothing is typed by hand: a new dated row in a table is a new point.
* :func:`rules_in_force` ``(year, region)`` → the parameters in force on 1 July of ``year``;
  :func:`changes_between` compares two years; :func:`parameter_history` gives one parameter's
  values over time.
"""

from __future__ import annotations

import csv  # noqa: F401  (documented dependency of the reader used below)
import datetime as _dt
import functools
import inspect
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import checks
from .errors import PolicyDataError, YibaoInputError
from .policy import (
    CONFIDENCE,
    DATA_DIR,
    UNIT_ZH,
    _disk_cached,
    _read_csv_rows,
    as_date,
    check_data_dir,
    check_region,
    data_as_of,
    format_value,
    load_policy,
    sources_frame,
    tables,
)

CLAIMS_PATH = DATA_DIR / "claims" / "claims.csv"
CLAIM_COLUMNS = [
    "id",
    "topic",
    "seed",
    "claim_zh",
    "verdict",
    "rule_zh",
    "source",
    "changed_on",
    "notebook",
    "confidence",
    "claim_numbers",
    "claim_unit",
    "note",
]
VERDICTS = {
    "correct": "对",
    "partly": "部分对",
    "outdated": "过时",
    "regional": "地方",
    "wrong": "错",
    "unverified": "待核",
}
VERDICT_EN = {
    "correct": "correct",
    "partly": "partly correct",
    "outdated": "outdated",
    "regional": "regional only",
    "wrong": "wrong",
    "unverified": "not verified",
}
TOPICS = {
    "account": "个人账户",
    "contribution": "缴费",
    "resident": "居民医保",
    "reimbursement": "报销",
    "family": "家庭共济",
    "flexible": "灵活就业与断缴",
    "retirement": "退休与缴费年限",
    "pension": "养老金",
    "maternity": "生育",
    "general": "制度与服务",
}
NOTEBOOKS = {  # topic notebooks (notebooks/<name>.ipynb) and what each is about
    "01_personal_account": "个人账户",
    "02_employee_vs_resident": "职工医保与居民医保",
    "03_reimbursement": "看病报销",
    "04_family_mutual_aid": "家庭共济",
    "05_why_balance_changed": "余额为什么变了",
    "06_flexible_and_gaps": "灵活就业与断缴",
    "07_retirement_years": "退休与医保缴费年限",
    "08_pension_estimate": "养老金估算",
    "09_maternity": "生育保险",
}
CLAIM_UNITS = {
    "ratio": "比例",
    "yuan": "元",
    "yuan/month": "元/月",
    "yuan/year": "元/年",
    "years": "年",
    "items": "项",
    "year": "年份",
}
SEED_RE = r"^00[0-4](/00[0-4])*$"
NUMBERS_RE = r"^$|^[a-z_]+=-?[0-9]+(\.[0-9]+)?(;[a-z_]+=-?[0-9]+(\.[0-9]+)?)*$"


# =========================================================================== claims table


def _claims_schema():
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "id": pa.Column(str, pa.Check.str_matches(r"^K\d{2}$")),
            "topic": pa.Column(str, pa.Check.isin(list(TOPICS))),
            "seed": pa.Column(str, pa.Check.str_matches(SEED_RE)),
            "claim_zh": pa.Column(str, pa.Check.str_length(min_value=4)),
            "verdict": pa.Column(str, pa.Check.isin(list(VERDICTS))),
            "rule_zh": pa.Column(str, pa.Check.str_length(min_value=4)),
            "source": pa.Column(str, pa.Check.str_length(min_value=2)),
            "changed_on": pa.Column(str, pa.Check.str_matches(r"^$|^\d{4}-\d{2}-\d{2}$")),
            "notebook": pa.Column(str, pa.Check.isin(list(NOTEBOOKS))),
            "confidence": pa.Column(str, pa.Check.isin(list(CONFIDENCE))),
            "claim_numbers": pa.Column(str, pa.Check.str_matches(NUMBERS_RE)),
            "claim_unit": pa.Column(str, pa.Check.isin([""] + list(CLAIM_UNITS))),
            "note": pa.Column(str),
        },
        strict=True,
        coerce=False,
    )


def parse_numbers(text: str) -> dict[str, float]:
    """``"a=1;b=0.5"`` → ``{"a": 1.0, "b": 0.5}`` (the ``claim_numbers`` column)."""
    out = {}
    for part in filter(None, (p.strip() for p in str(text).split(";"))):
        key, _, value = part.partition("=")
        out[key.strip()] = float(value)
    return out


@functools.lru_cache(maxsize=8)
def _load_claims_cached(path: str) -> pd.DataFrame:
    """Read and validate once per process, and once per version of the file (see policy._disk_cached)."""
    return _disk_cached("claims", [Path(path)], lambda: _read_claims(path), code=(Path(__file__),))


def _read_claims(path: str) -> pd.DataFrame:
    import pandera.errors as pe

    file = Path(path)
    name = file.name
    rows = _read_csv_rows(file, CLAIM_COLUMNS)
    if not rows:
        raise PolicyDataError(name, 2, "id", "", "没有任何说法行", "the table has no claim rows")
    lines = [ln for ln, _ in rows]
    frame = pd.DataFrame.from_records([r for _, r in rows])
    extra = [c for c in frame.columns if c not in CLAIM_COLUMNS]
    if extra:
        raise PolicyDataError(
            name,
            1,
            extra[0],
            extra[0],
            f"未知列（允许的列：{CLAIM_COLUMNS}）",
            f"unknown column (allowed: {CLAIM_COLUMNS})",
        )
    frame = frame[CLAIM_COLUMNS]
    try:
        _claims_schema().validate(frame, lazy=True)
    except pe.SchemaErrors as exc:
        cases = exc.failure_cases
        cases = cases[cases["index"].notna()] if "index" in cases else cases
        if len(cases):
            first = cases.sort_values("index", kind="stable").iloc[0]
            idx, col = int(first["index"]), str(first["column"])
            raise PolicyDataError(
                name,
                lines[idx],
                col,
                frame.at[idx, col],
                f"不符合规则 {first['check']}",
                f"fails check {first['check']}",
            ) from None
        first = exc.failure_cases.iloc[0]
        raise PolicyDataError(
            name,
            1,
            str(first.get("column")),
            first.get("failure_case"),
            f"表结构错误：{first.get('check')}",
            f"schema error: {first.get('check')}",
        ) from None
    seen: dict[str, int] = {}
    for i, line in enumerate(lines):
        cid = frame.at[i, "id"]
        if cid in seen:
            raise PolicyDataError(name, line, "id", cid, f"与第 {seen[cid]} 行重复", f"duplicates line {seen[cid]}")
        seen[cid] = line
        text = frame.at[i, "changed_on"]
        if text:
            try:
                _dt.date.fromisoformat(text)
            except ValueError:
                raise PolicyDataError(name, line, "changed_on", text, "不是有效日期", "is not a valid date") from None
        numbers = parse_numbers(frame.at[i, "claim_numbers"])
        demo = _DEMOS.get(cid)
        if demo is not None:
            missing = [k for k in demo.needs if k not in numbers]
            if missing:
                raise PolicyDataError(
                    name,
                    line,
                    "claim_numbers",
                    frame.at[i, "claim_numbers"],
                    f"该说法有演示计算，需要说法的数字 {missing}",
                    f"the claim has a demonstration that needs the claim's numbers {missing}",
                )
            if not frame.at[i, "claim_unit"]:
                raise PolicyDataError(
                    name,
                    line,
                    "claim_unit",
                    "",
                    "有演示计算的说法需要单位",
                    "a claim with a demonstration needs a unit",
                )
    frame["verdict_zh"] = frame["verdict"].map(VERDICTS)
    frame["topic_zh"] = frame["topic"].map(TOPICS)
    frame["computable"] = frame["id"].isin(list(_DEMOS))
    frame["file"] = name
    frame["line"] = lines
    return frame


def load_claims(path=None) -> pd.DataFrame:
    """The validated claims table (a copy): one row per claim, plus ``verdict_zh``, ``topic_zh``,
    ``computable``, ``file`` and ``line``. ``path`` defaults to ``data/claims/claims.csv``.

    A malformed row raises :class:`~yibao_helpers.errors.PolicyDataError` naming file, line and column.
    """
    if path is not None and (not isinstance(path, (str, Path)) or (str(path) and not Path(path).is_file())):
        raise YibaoInputError(
            "path",
            path,
            "应为 None（data/claims/claims.csv）或一个已存在的 CSV 文件路径",
            "must be None (data/claims/claims.csv) or the path of an existing CSV file",
        )
    return _load_claims_cached(str(Path(path) if path else CLAIMS_PATH)).copy()


def _claim_row(claim_id: str, path=None) -> pd.Series:
    table = load_claims(path)
    hit = table[table["id"] == str(claim_id).upper()]
    if not len(hit):
        raise YibaoInputError(
            "claim_id",
            claim_id,
            f"应为 {table['id'].iloc[0]}–{table['id'].iloc[-1]} 之一",
            f"must be one of {table['id'].iloc[0]}–{table['id'].iloc[-1]}",
        )
    return hit.iloc[0]


def _choice(name: str, value, mapping: dict[str, str]):
    """None / 'all' / '全部' → None; an English code or its Chinese name → the code."""
    if value is None or (isinstance(value, str) and value in ("all", "全部", "")):
        return None
    if isinstance(value, str) and value in mapping:
        return value
    back = {v: k for k, v in mapping.items()}
    if isinstance(value, str) and value in back:
        return back[value]
    raise YibaoInputError(
        name,
        value,
        f"应为 all 或 {list(mapping)} 之一（也可写中文：{list(mapping.values())}）",
        f"must be 'all' or one of {list(mapping)} (or their Chinese names)",
    )


def filter_claims(claims: pd.DataFrame | None = None, *, verdict=None, topic=None, seed=None) -> pd.DataFrame:
    """Rows of the claims table with this verdict, topic and seed page (None / 'all' = any).

    ``verdict`` and ``topic`` accept the English code or the Chinese name (错, 个人账户);
    ``seed`` a page number 0–4 or '000'–'004' (a claim found on several pages matches each of them).
    """
    if claims is not None and (
        not isinstance(claims, pd.DataFrame) or not {"verdict", "topic", "seed"} <= set(claims.columns)
    ):
        raise YibaoInputError(
            "claims",
            f"columns {list(claims.columns)}" if isinstance(claims, pd.DataFrame) else claims,
            "应为 None（整张说法表）或 load_claims() 的结果（含 verdict、topic、seed 列）",
            "must be None (the whole table) or a result of load_claims() (columns verdict, topic, seed)",
        )
    table = load_claims() if claims is None else claims
    v = _choice("verdict", verdict, VERDICTS)
    t = _choice("topic", topic, TOPICS)
    keep = pd.Series(True, index=table.index)
    if v:
        keep &= table["verdict"] == v
    if t:
        keep &= table["topic"] == t
    if seed is not None and seed not in ("all", "全部", ""):
        try:
            page = "" if isinstance(seed, (bool, np.bool_)) else f"{int(seed):03d}"
        except (TypeError, ValueError):
            page = ""
        if not re.fullmatch(r"00[0-4]", page):
            raise YibaoInputError(
                "seed",
                seed,
                "应为种子页编号 0–4（或 '000'–'004'）或 all",
                "must be a seed page number 0–4 ('000'–'004') or 'all'",
            )
        keep &= table["seed"].str.split("/").map(lambda pages: page in pages)
    return table[keep]


def verdict_counts(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """How many claims have each verdict, in a fixed order (zeros kept): ``verdict, verdict_zh, count``."""
    table = load_claims() if claims is None else claims
    counts = table["verdict"].value_counts()
    return pd.DataFrame(
        {
            "verdict": list(VERDICTS),
            "verdict_zh": list(VERDICTS.values()),
            "count": [int(counts.get(v, 0)) for v in VERDICTS],
        }
    )


def notebook_link(notebook: str) -> str:
    """A Markdown link to a topic notebook (relative to ``notebooks/``)."""
    return f"[{notebook}]({notebook}.ipynb)"


def claims_markdown(claims: pd.DataFrame, numbers: dict[str, str] | None = None) -> str:
    """A Markdown table of claims with a link to each claim's topic notebook.

    ``numbers`` maps a claim ID to a short "用数字说话" text (e.g. from :func:`demo_table`); claims
    without one show their rule in words.
    """
    numbers = numbers or {}
    lines = [
        "| 编号 | 种子页 | 主题 | 说法 | 结论 | 规则 / 用数字说话 | 看哪本笔记本 |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in claims.itertuples():
        said = numbers.get(r.id) or r.rule_zh
        cell = lambda s: str(s).replace("|", "｜").replace("\n", " ")  # noqa: E731
        lines.append(
            f"| {r.id} | {r.seed} | {TOPICS[r.topic]} | {cell(r.claim_zh)} | **{VERDICTS[r.verdict]}** | "
            f"{cell(said)} | {notebook_link(r.notebook)} |"
        )
    return "\n".join(lines)


# =========================================================================== demonstrations


@dataclass
class ClaimDemo:
    """One claim settled with numbers: the claim's number next to the rule's number.

    ``pairs`` has one row per number compared (``item, claim, rule, unit``); the first row is the
    headline (``claim_value``/``rule_value``). ``sources`` lists the data rows behind the rule's
    numbers (parameter, value, unit, region, effective_from, source, confidence).
    """

    claim_id: str
    claim_zh: str
    verdict: str
    label: str
    claim_value: float
    rule_value: float
    unit: str
    explanation: str
    sources: pd.DataFrame
    pairs: pd.DataFrame
    claim_source: str = ""
    inputs: dict = field(default_factory=dict)

    @property
    def verdict_zh(self) -> str:
        return VERDICTS[self.verdict]

    @property
    def unit_zh(self) -> str:
        return CLAIM_UNITS[self.unit]

    @property
    def difference(self) -> float:
        return float(self.claim_value) - float(self.rule_value)

    @property
    def differs(self) -> bool:
        return not math.isclose(float(self.claim_value), float(self.rule_value), rel_tol=1e-9, abs_tol=0.005)

    def text(self, which: str = "claim") -> str:
        return format_number(self.claim_value if which == "claim" else self.rule_value, self.unit)

    @property
    def as_of(self) -> str:
        return str(max(self.sources["effective_from"])) if len(self.sources) else ""

    def summary(self) -> str:
        """'说法 640.00 元/月，规则 160.00 元/月' — one line for tables."""
        return f"说法 {self.text('claim')}，规则 {self.text('rule')}"


def format_number(value: float, unit: str) -> str:
    """A number with its unit for text: 8% / 1,229.00 元/月 / 8 项 / 1998 年."""
    value = float(value)
    if unit == "ratio":
        return f"{value * 100:g}%"
    if unit == "year":
        return f"{value:.0f} 年"
    if unit in ("items", "years"):
        return f"{value:g} {CLAIM_UNITS[unit]}"
    return f"{value:,.2f} {CLAIM_UNITS[unit]}"


@dataclass(frozen=True)
class _Demo:
    func: object
    needs: tuple[str, ...]

    @property
    def accepts(self) -> tuple[str, ...]:
        sig = inspect.signature(self.func)
        return tuple(p for p in sig.parameters if p != "numbers")


_DEMOS: dict[str, _Demo] = {}


def _demo(*ids: str, needs: tuple[str, ...] = ()):
    def register(func):
        for cid in ids:
            _DEMOS[cid] = _Demo(func, needs)
        return func

    return register


def _year(year) -> int:
    if year is None:
        return data_as_of().year
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)) or not 1990 <= int(year) <= 2100:
        raise YibaoInputError(
            "year",
            year,
            "应为 1990 到 2100 之间的年份（或 None = 数据中最新的年份）",
            "must be a year between 1990 and 2100 (or None = the newest data)",
        )
    return int(year)


def _pairs(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["item", "claim", "rule", "unit"])


def _rows_frame(policy, *keys) -> pd.DataFrame:
    rows = []
    for key in keys:
        name, qualifier = (key, "") if isinstance(key, str) else key
        rows += policy.rows(name, qualifier)
    return sources_frame(rows)


def _merge_sources(*frames) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return sources_frame([])
    return pd.concat(frames, ignore_index=True).drop_duplicates(ignore_index=True)


@_demo("K01", needs=("credit_rate",))
def _k01(numbers, monthly_salary=8000, age=30, region="national", year=None):
    from . import account

    y = _year(year)
    pol = account.policy_for_year(region, y)
    regime = account.regime_of(pol, y)
    df = account.project_balance(monthly_salary, age, 1, region=region, start_year=y)
    pre = account.project_balance(monthly_salary, age, 1, region=region, start_year=y, regime="pre_2021")
    rate = numbers["credit_rate"]
    claim = round(float(monthly_salary) * rate, 2)
    rule = round(float(df["credited"].iloc[0]) / 12, 2)
    base = float(account.contribution_base(pol, monthly_salary))
    regime_zh = "改革后（单位缴费全部进统筹）" if regime == "post_2021" else "改革前（个人缴费加单位缴费的一部分）"
    status = df["status"].iloc[0]
    who = "退休人员按定额划入" if status == "retired" else f"缴费基数 {base:,.2f} 元"
    expl = (
        f"按“工资的 {rate:.0%}”算，月工资 {float(monthly_salary):,.0f} 元每月应进账 {claim:,.2f} 元；"
        f"{y} 年的规则是{regime_zh}，{who}，每月实际划入 {rule:,.2f} 元。"
    )
    pairs = _pairs(
        (f"{y} 年规则：每月划入", claim, rule, "yuan/month"),
        ("改革前口径（参考）", claim, round(float(pre["credited"].iloc[0]) / 12, 2), "yuan/month"),
    )
    return (
        "每月划入个人账户",
        claim,
        rule,
        "yuan/month",
        expl,
        _merge_sources(df.attrs["sources"], pre.attrs["sources"]),
        pairs,
    )


@_demo("K02", "K26")
def _k02(numbers, monthly_salary=8000, age=30, region="national", year=None):
    from . import account

    y = _year(year)
    a = min(float(age), 99)
    df = account.project_balance(monthly_salary, a, 2, region=region, start_year=y)
    end1 = float(df["balance"].iloc[0])
    r2 = df.iloc[1]
    opening2 = round(float(r2["balance"] - r2["credited"] - r2["interest"] + r2["spent"]), 2)
    expl = (
        f"{y} 年末余额 {end1:,.2f} 元；{y + 1} 年初账户里仍是 {opening2:,.2f} 元，一分没有被清零，"
        f"{y + 1} 年末又涨到 {float(r2['balance']):,.2f} 元。"
    )
    pairs = _pairs((f"{y} 年末余额 → {y + 1} 年初余额", end1, opening2, "yuan"))
    return "年末余额 → 次年初余额", end1, opening2, "yuan", expl, df.attrs["sources"], pairs


@_demo("K05", needs=("contribution",))
def _k05(numbers, year=None):
    from . import contribution

    y = _year(year)
    flows = contribution.resident_flows(y)
    rule = float(flows["individual"].iloc[0])
    claim = numbers["contribution"]
    to_account = float(flows["to_account"].iloc[0])
    expl = (
        f"说法里的 {claim:,.0f} 元只是某一年的标准；{y} 年全国城乡居民医保个人缴费标准为 {rule:,.0f} 元"
        f"（另有财政补助 {float(flows['subsidy'].iloc[0]):,.0f} 元），划入个人账户 {to_account:,.0f} 元——"
        f"“不设个人账户”这一半是对的。"
    )
    pairs = _pairs(("个人缴费（元/年）", claim, rule, "yuan/year"), ("划入个人账户", 0.0, to_account, "yuan/year"))
    return f"{y} 年居民医保个人缴费", claim, rule, "yuan/year", expl, flows.attrs["sources"], pairs


@_demo("K06", needs=("balance_after_gap", "gap_interest"))
def _k06(numbers, monthly_salary=8000, age=30, region="national", year=None, gap_years=2):
    from . import gaps

    y = _year(year)
    n = int(gap_years)
    if not 1 <= n <= 10:
        raise YibaoInputError("gap_years", gap_years, "应为 1 到 10 年", "must be 1 to 10 years")
    a = min(float(age), 100 - n)
    df = gaps.account_during_gap(
        monthly_salary, a, n + 1, gap_years=list(range(y + 1, y + 1 + n)), region=region, start_year=y
    )
    before = float(df["balance"].iloc[0])
    after = float(df["balance"].iloc[-1])
    interest = round(float(df.loc[df["in_gap"], "interest"].sum()), 2)
    expl = (
        f"{y} 年末余额 {before:,.2f} 元；之后断缴 {n} 年，没有新的划入（少进 {float(df['credit_lost'].sum()):,.2f} 元），"
        f"但余额没有清零，断缴期间照常计息 {interest:,.2f} 元，断缴结束时余额 {after:,.2f} 元。"
    )
    pairs = _pairs(
        (f"断缴 {n} 年后的余额", numbers["balance_after_gap"], after, "yuan"),
        ("断缴期间的利息", numbers["gap_interest"], interest, "yuan"),
    )
    return f"断缴 {n} 年后的余额", numbers["balance_after_gap"], after, "yuan", expl, df.attrs["sources"], pairs


@_demo("K08", needs=("relatives",))
def _k08(numbers, year=None):
    from . import family

    on = load_policy("national", year).on if year is not None else data_as_of()
    now = family.scope(on)
    before = family.scope(_dt.date(2023, 7, 1)) if on >= _dt.date(2023, 7, 1) else now
    pol = load_policy("national", on)
    src = _rows_frame(pol, *[("family.relation", f"relation={c}") for c in now])
    names = "、".join(family.RELATION_ZH[c] for c in now)
    claim = numbers["relatives"]
    expl = f"{on.isoformat()} 可以共济的亲属有 {len(now)} 类：{names}。"
    if len(before) != len(now):
        expl += f"2023 年时只有 {len(before)} 类（{'、'.join(family.RELATION_ZH[c] for c in before)}）。"
    pairs = _pairs((f"{on.year} 年可共济的亲属类别", claim, float(len(now)), "items"))
    return "可共济的亲属类别", claim, float(len(now)), "items", expl, src, pairs


@_demo("K10", needs=("rate_per_year",))
def _k10(numbers, monthly_salary=8000, region="national", year=None, contribution_years=30):
    from . import account, pension

    y = _year(year)
    pol = account.policy_for_year(region, y)
    avg = float(pol["wage.avg_annual_prev_year"]) / 12
    base = float(account.contribution_base(pol, monthly_salary))
    index = round(base / avg, 4)
    years = float(contribution_years)
    rate = numbers["rate_per_year"]
    claim = round((avg + avg * index) / 2 * years * rate, 2)
    rule = float(pension.basic_pension(avg, index, years, region=region, on=y))
    src = _rows_frame(pol, "pension.basic_rate_per_year", "wage.avg_annual_prev_year")
    expl = (
        f"计发基数 {avg:,.2f} 元/月、平均缴费指数 {index:g}（月工资 {float(monthly_salary):,.0f} 元对应的缴费基数 ÷ 平均工资）、"
        f"缴费 {years:g} 年：按说法的公式得 {claim:,.2f} 元/月，项目计算器按国发〔2005〕38号得 {rule:,.2f} 元/月。"
    )
    pairs = _pairs(("基础养老金", claim, rule, "yuan/month"))
    return "基础养老金", claim, rule, "yuan/month", expl, src, pairs


@_demo("K11", needs=("yearly_payment", "years", "annuity_months", "basic", "monthly"))
def _k11(numbers, year=None, interest_rate=0.0):
    from . import pension

    y = _year(year)
    r = float(interest_rate)
    if not 0 <= r <= 0.2:
        raise YibaoInputError(
            "interest_rate",
            interest_rate,
            "应在 0 到 0.2 之间（年利率，0.02 表示 2%）",
            "must be between 0 and 0.2 (a yearly rate, 0.02 = 2%)",
        )
    pay, n = numbers["yearly_payment"], int(numbers["years"])
    plain = pay * n
    grown = round(float(sum(pay * (1 + r) ** (n - k) for k in range(n))), 2)  # paid at the start of each year
    no_int = pension.resident_pension(plain, on=y)
    with_int = pension.resident_pension(grown, on=y)
    claim = numbers["monthly"]
    rule = float(with_int["total"].iloc[0])
    basic = float(no_int["basic"].iloc[0])
    expl = (
        f"说法：{plain:,.0f} 元 ÷ {numbers['annuity_months']:g} + {numbers['basic']:g} 元 ≈ {claim:,.0f} 元/月。"
        f"按 {y} 年的数据：基础养老金全国最低标准 {basic:g} 元/月；不计利息每月 {float(no_int['total'].iloc[0]):,.2f} 元"
    )
    if r > 0:
        expl += (
            f"，按假设年利率 {r:.2%} 计息，15 年后账户约 {grown:,.2f} 元，每月 {rule:,.2f} 元。"
            "两者都还没算政府缴费补贴，地方基础养老金通常也高于全国最低标准。"
        )
    else:
        expl += "。这里也没算利息和政府缴费补贴。"
    pairs = _pairs(
        ("每月养老金（不计利息）", claim, float(no_int["total"].iloc[0]), "yuan/month"),
        ("其中基础养老金", numbers["basic"], basic, "yuan/month"),
    )
    if r > 0:
        pairs = pd.concat(
            [_pairs((f"每月养老金（年利率 {r:.2%}）", claim, rule, "yuan/month")), pairs], ignore_index=True
        )
    label = "每月养老金" + ("（按假设利率计息）" if r > 0 else "（不计利息）")
    return label, claim, rule, "yuan/month", expl, with_int.attrs["sources"], pairs


@_demo("K17", needs=("employee_ratio", "resident_ratio"))
def _k17(numbers, region="national", year=None):
    from .benefits import benefit_table

    y = _year(year)
    pol = load_policy(region, y)
    emp = benefit_table(pol, scheme="employee", hospital_level=3)
    res = benefit_table(pol, scheme="resident", hospital_level=3)
    e, r = float(emp.ratios[0]), float(res.ratios[0])
    src = sources_frame(emp.rows.get("ratio", []) + res.rows.get("ratio", []))
    expl = (
        f"{y} 年三级医院住院、政策范围内（起付线以上）统筹基金支付比例：职工 {e:.0%}，居民 {r:.0%}"
        f"（地区 {region}）；说法给的是全国总体水平。"
    )
    pairs = _pairs(
        ("职工住院支付比例（三级）", numbers["employee_ratio"], e, "ratio"),
        ("居民住院支付比例（三级）", numbers["resident_ratio"], r, "ratio"),
    )
    return "职工住院支付比例", numbers["employee_ratio"], e, "ratio", expl, src, pairs


@_demo("K32", needs=("employer_rate", "individual_rate", "large_amount_individual"))
def _k32(numbers, year=None):
    y = _year(year)
    pol = load_policy("beijing", y)
    employer = round(float(pol["employee.employer_rate"]) + float(pol["employee.large_amount_employer_rate"]), 6)
    individual = float(pol["employee.individual_rate"])
    extra = float(pol["employee.large_amount_individual"])
    src = _rows_frame(
        pol,
        "employee.employer_rate",
        "employee.large_amount_employer_rate",
        "employee.individual_rate",
        "employee.large_amount_individual",
    )
    expl = (
        f"北京：单位缴 {employer:.0%}（基本医疗 {float(pol['employee.employer_rate']):.0%} + 大额互助 "
        f"{float(pol['employee.large_amount_employer_rate']):.0%}），个人缴 {individual:.0%} 再加每月 {extra:g} 元大额互助，"
        f"不是每月 {numbers['large_amount_individual']:g} 元。"
    )
    pairs = _pairs(
        ("个人大额互助（元/月）", numbers["large_amount_individual"], extra, "yuan/month"),
        ("单位费率（含大额互助）", numbers["employer_rate"], employer, "ratio"),
        ("个人费率", numbers["individual_rate"], individual, "ratio"),
    )
    return "个人每月另缴的大额互助", numbers["large_amount_individual"], extra, "yuan/month", expl, src, pairs


@_demo("K37", needs=("carry_over_share",))
def _k37(numbers, region="national", year=None):
    from . import outpatient

    y = _year(year)
    lim = outpatient.limit_by_month(0, 2, region=region, start_year=y)
    left1 = float(lim["limit_left"].iloc[11])
    jan2 = float(lim["limit_left"].iloc[12])
    claim = round(float(lim["limit"].iloc[12]) + numbers["carry_over_share"] * left1, 2)
    expl = (
        f"{y} 年一分门诊统筹额度都没用（年底剩 {left1:,.0f} 元）。如果额度能累计，{y + 1} 年 1 月应有 {claim:,.0f} 元；"
        f"实际 {y + 1} 年 1 月仍是 {jan2:,.0f} 元——没用完的部分作废，不结转。"
    )
    pairs = _pairs((f"{y + 1} 年 1 月的门诊统筹额度", claim, jan2, "yuan/year"))
    return "次年 1 月的门诊统筹额度", claim, jan2, "yuan/year", expl, lim.attrs["sources"], pairs


@_demo("K41", needs=("floor_ratio", "ceiling_ratio"))
def _k41(numbers, region="national", year=None):
    y = _year(year)
    pol = load_policy(region, y)
    lo, hi = float(pol["employee.base_floor_ratio"]), float(pol["employee.base_ceiling_ratio"])
    emp = float(pol["employee.employer_rate"])
    src = _rows_frame(pol, "employee.base_floor_ratio", "employee.base_ceiling_ratio", "employee.employer_rate")
    expl = (
        f"缴费基数按上年平均工资的 {lo:.0%} 封底、{hi:.0%} 封顶，与说法一致；地区 {region} 单位费率为 {emp:.1%}，"
        f"在说法的 6%–12% 之间。"
    )
    pairs = _pairs(
        ("基数下限（占平均工资）", numbers["floor_ratio"], lo, "ratio"),
        ("基数上限（占平均工资）", numbers["ceiling_ratio"], hi, "ratio"),
    )
    return "基数下限占平均工资", numbers["floor_ratio"], lo, "ratio", expl, src, pairs


@_demo("K42", needs=("year", "floor", "ceiling"))
def _k42(numbers):
    y = int(numbers["year"])  # the year the claim is about
    pol = load_policy("shanghai", f"{y}-07-01")
    lo, hi = float(pol["employee.base_floor"]), float(pol["employee.base_ceiling"])
    src = _rows_frame(pol, "employee.base_floor", "employee.base_ceiling")
    since = pol.row("employee.base_ceiling").effective_from.isoformat()
    expl = (
        f"上海 {y} 年 7 月起（{since} 生效）的缴费基数为每月 {lo:,.0f}–{hi:,.0f} 元；"
        f"说法的 {numbers['floor']:,.0f}–{numbers['ceiling']:,.0f} 元是旧数。"
    )
    pairs = _pairs(("基数上限", numbers["ceiling"], hi, "yuan/month"), ("基数下限", numbers["floor"], lo, "yuan/month"))
    return f"上海 {y} 年缴费基数上限", numbers["ceiling"], hi, "yuan/month", expl, src, pairs


@_demo("K45", needs=("year",))
def _k45(numbers):
    pol = load_policy("national")
    row = pol.row("employee.employer_rate")
    rule = float(row.effective_from.year)
    expl = (
        f"数据中全国职工医保缴费规则的最早生效日期是 {row.effective_from.isoformat()}（{row.source}），"
        f"即 {rule:.0f} 年。"
    )
    pairs = _pairs(("统筹制度开始的年份", numbers["year"], rule, "year"))
    return "统筹制度开始的年份", numbers["year"], rule, "year", expl, sources_frame([row]), pairs


@_demo("K51")
def _k51(numbers, monthly_salary=8000, age=30, region="national", year=None, years=10):
    from . import account

    y = _year(year)
    n = int(min(int(years), 101 - float(age)))
    if n < 1:
        raise YibaoInputError(
            "years", years, "至少 1 年（且最后一年不超过 100 岁）", "at least 1 year (last age ≤ 100)"
        )
    pol = account.policy_for_year(region, y)
    rule_df = account.project_balance(monthly_salary, age, n, region=region, start_year=y)
    flat = account.project_balance(
        monthly_salary, age, n, region=region, start_year=y, interest_rate=pol["account.interest_rate_current"]
    )
    claim = round(float(flat["interest"].sum()), 2)
    rule = round(float(rule_df["interest"].sum()), 2)
    expl = (
        f"{n} 年的利息：全部按活期利率 {pol['account.interest_rate_current']:.2%} 计为 {claim:,.2f} 元；"
        f"按国发〔1998〕44号口径（当年划入按活期、上年结转按三个月定期 {pol['account.interest_rate_carried']:.2%}）"
        f"为 {rule:,.2f} 元。两者都是一年结一次息。"
    )
    pairs = _pairs(
        (f"{n} 年利息合计", claim, rule, "yuan"),
        (f"{n} 年后余额", float(flat["balance"].iloc[-1]), float(rule_df["balance"].iloc[-1]), "yuan"),
    )
    return f"{n} 年利息合计", claim, rule, "yuan", expl, rule_df.attrs["sources"], pairs


def computable() -> list[str]:
    """The claim IDs that :func:`demonstrate` can compute, in order."""
    return sorted(_DEMOS)


def demo_inputs(claim_id: str) -> tuple[str, ...]:
    """The keyword inputs a claim's demonstration accepts (e.g. ``monthly_salary, age, region, year``)."""
    return _demo_of(claim_id).accepts


def _demo_of(claim_id: str) -> _Demo:
    cid = str(claim_id).upper()
    if cid not in _DEMOS:
        raise YibaoInputError(
            "claim_id",
            claim_id,
            f"没有可计算的演示；可计算的说法：{computable()}",
            f"has no demonstration; computable claims: {computable()}",
        )
    return _DEMOS[cid]


# the inputs a demonstration may take, each checked before the demonstration runs (one person: single numbers)
_INPUT_CHECKS = {
    "monthly_salary": lambda v: checks.as_float(
        "monthly_salary", v, lo=0, hi=10_000_000, unit_zh="元/月", unit_en="yuan/month"
    ),
    "age": lambda v: checks.as_float(
        "age", v, lo=checks.AGE_MIN, hi=checks.AGE_MAX, unit_zh="岁", unit_en="years of age"
    ),
    "region": check_region,
    "year": _year,
    "gap_years": lambda v: checks.as_int("gap_years", v, lo=1, hi=10, unit_zh="年", unit_en="years"),
    "contribution_years": lambda v: checks.as_float(
        "contribution_years", v, lo=0, hi=80, unit_zh="年", unit_en="years"
    ),
    "interest_rate": lambda v: checks.as_float(
        "interest_rate", v, lo=0, hi=0.2, unit_zh="（年利率，0.02 表示 2%）", unit_en="(a yearly rate, 0.02 = 2%)"
    ),
    "years": lambda v: checks.as_int("years", v, lo=1, hi=100, unit_zh="年", unit_en="years"),
}


def demonstrate(claim_id: str, **inputs) -> ClaimDemo:
    """Settle one claim with numbers: its own number against the rule's number from the data.

    ``inputs`` are the person's numbers the demonstration uses (see :func:`demo_inputs`), e.g.
    ``demonstrate("K01", monthly_salary=8000, age=30, region="beijing", year=2026)``; omitted ones
    take the defaults of the example (year: the newest data). Unknown inputs raise
    :class:`~yibao_helpers.errors.YibaoInputError`.
    """
    demo = _demo_of(claim_id)
    unknown = [k for k in inputs if k not in demo.accepts]
    if unknown:
        raise YibaoInputError(
            unknown[0],
            inputs[unknown[0]],
            f"{claim_id} 的演示只接受 {list(demo.accepts)}",
            f"the demonstration of {claim_id} accepts only {list(demo.accepts)}",
        )
    for name, value in inputs.items():
        check = _INPUT_CHECKS.get(name)
        if check is not None:
            check(value)  # the inputs themselves are passed on unchanged
    row = _claim_row(claim_id)
    numbers = parse_numbers(row["claim_numbers"])
    label, claim, rule, unit, expl, sources, pairs = demo.func(numbers, **inputs)
    return ClaimDemo(
        claim_id=row["id"],
        claim_zh=row["claim_zh"],
        verdict=row["verdict"],
        label=label,
        claim_value=float(claim),
        rule_value=float(rule),
        unit=unit,
        explanation=expl,
        sources=sources.reset_index(drop=True),
        pairs=pairs,
        claim_source=row["source"],
        inputs=dict(inputs),
    )


def demonstrate_all(**inputs) -> dict[str, ClaimDemo | str]:
    """Every demonstration with shared inputs (each gets the ones it accepts).

    A claim that cannot be computed for these inputs (e.g. a region without data for the year) maps
    to a short Chinese message instead of a result.
    """
    out: dict[str, ClaimDemo | str] = {}
    for cid in computable():
        mine = {k: v for k, v in inputs.items() if k in _DEMOS[cid].accepts}
        try:
            out[cid] = demonstrate(cid, **mine)
        except YibaoInputError as exc:
            out[cid] = "无法计算：" + str(exc).splitlines()[0]
    return out


def demo_table(demos: dict[str, ClaimDemo | str]) -> pd.DataFrame:
    """One row per demonstration: 编号, 结论, 比较的数字, 说法, 规则, 单位, 差额 (说法 − 规则)."""
    rows = []
    for cid, d in demos.items():
        if isinstance(d, str):
            rows.append(
                {"编号": cid, "结论": "", "比较的数字": d, "说法": np.nan, "规则": np.nan, "单位": "", "差额": np.nan}
            )
            continue
        scale = 100.0 if d.unit == "ratio" else 1.0
        rows.append(
            {
                "编号": cid,
                "结论": d.verdict_zh,
                "比较的数字": d.label,
                "说法": round(d.claim_value * scale, 2),
                "规则": round(d.rule_value * scale, 2),
                "单位": "%" if d.unit == "ratio" else d.unit_zh,
                "差额": round(d.difference * scale, 2),
            }
        )
    return pd.DataFrame(rows, columns=["编号", "结论", "比较的数字", "说法", "规则", "单位", "差额"])


def demo_sources(demos: dict[str, ClaimDemo | str]) -> pd.DataFrame:
    """The data rows behind all demonstrations (distinct), for a notebook's 规则 table."""
    return _merge_sources(*[d.sources for d in demos.values() if not isinstance(d, str)])


# =========================================================================== timeline

CATEGORIES = {
    "account": "个人账户",
    "employee": "职工缴费",
    "resident": "居民医保缴费",
    "outpatient": "门诊统筹",
    "inpatient": "住院报销",
    "catastrophic": "大病保险",
    "supplement": "大病保险",
    "catalogue": "目录与先行自付",
    "crossregion": "异地就医",
    "family": "家庭共济",
    "gap": "断缴与等待期",
    "maternity": "生育",
    "medical": "退休医保年限",
    "pension": "养老金",
    "retirement": "退休年龄",
    "wage": "统计基数",
    "income": "统计基数",
}
STATISTICS = ("wage", "income")
KINDS = {"new": "新规则（或数据起点）", "change": "数值改变", "scheduled": "定于此日实施", "same": "沿用"}
LABELS = {
    "account.reform_date": "个人账户划入规则改革日期",
    "account.pre.individual_credit_rate": "改革前：个人缴费划入比例",
    "account.pre.employer_credit_rate": "改革前：单位缴费划入比例",
    "account.pre.retiree_credit_rate_of_avg_wage": "改革前：退休人员划入比例",
    "account.post.individual_credit_rate": "改革后：在职职工只划入个人缴费",
    "account.post.retiree_credit_rate_of_avg_pension": "改革后：退休人员按平均养老金定额划入",
    "account.post.avg_pension_monthly": "平均养老金（示例）",
    "account.post.retiree_credit_fixed": "改革后：退休人员定额划入",
    "account.interest_rate_current": "当年划入部分利率（活期）",
    "account.interest_rate_carried": "结转部分利率（三个月定期）",
    "account.default_retire_age": "默认退休年龄",
    "account.credit_rate": "档次划入比例（不建账户为0）",
    "employee.employer_rate": "单位费率",
    "employee.individual_rate": "个人费率",
    "employee.base_floor_ratio": "基数下限（占平均工资）",
    "employee.base_ceiling_ratio": "基数上限（占平均工资）",
    "employee.base_floor": "缴费基数下限",
    "employee.base_ceiling": "缴费基数上限",
    "employee.large_amount_employer_rate": "大额互助（单位）",
    "employee.large_amount_individual": "大额互助（个人每月）",
    "employee.local_supplement_employer_rate": "地方补充医疗（单位）",
    "employee.tier_base": "档次缴费基数",
    "resident.individual_contribution": "居民医保个人缴费标准",
    "resident.fiscal_subsidy": "居民医保人均财政补助",
    "outpatient.min_ratio": "门诊统筹最低支付比例",
    "outpatient.deductible": "门诊统筹起付线",
    "outpatient.ratio": "门诊统筹支付比例",
    "outpatient.retiree_bonus": "门诊统筹退休加成",
    "outpatient.annual_limit": "门诊统筹年度限额",
    "outpatient.annual_limit_retired": "门诊统筹年度限额（退休）",
    "outpatient.resident.deductible": "居民门诊起付线",
    "outpatient.resident.ratio": "居民门诊支付比例",
    "family.relation": "可共济的亲属",
    "family.cross_province": "跨省共济",
    "family.cross_province_binding_required": "跨省共济须先绑定",
    "family.may_pay.medical_self_paid": "可付亲属就医自付费用",
    "family.may_pay.pharmacy": "可付亲属药店购药",
    "family.may_pay.resident_premium": "可付亲属居民医保缴费",
    "family.may_pay.ltc_premium": "可付亲属长护险缴费",
    "family.may_not.pool_benefits": "亲属不共享报销待遇",
    "family.may_not.cash_withdrawal": "账户不能提现",
    "gap.resident.fixed_waiting_months": "居民医保固定等待期",
    "gap.resident.variable_months_per_gap_year": "每断保1年加等待期",
    "gap.resident.reduction_months_per_made_up_year": "每补缴1年减等待期",
    "gap.resident.long_gap_years": "长期断保年数",
    "gap.resident.min_total_after_long_gap_months": "长期断保后最短等待期",
    "gap.employee.grace_months": "职工断缴补缴宽限期",
    "gap.employee.waiting_months": "职工断缴后等待期",
    "gap.employee.first_enrol_waiting_months": "灵活就业首次参保等待期",
    "maternity.leave_base": "产假天数",
    "maternity.dystocia_extra": "难产增加产假",
    "maternity.per_extra_baby": "多胞胎增加产假",
    "maternity.miscarriage_threshold": "流产假分界（怀孕月数）",
    "maternity.miscarriage_early": "早期流产假",
    "maternity.miscarriage_late": "晚期流产假",
    "maternity.extension": "地方延长产假",
    "maternity.daily_wage_months": "生育津贴日工资口径（月数）",
    "maternity.daily_wage_days": "生育津贴日工资口径（天数）",
    "maternity.wage_floor_ratio": "生育津贴工资下限",
    "maternity.wage_ceiling_ratio": "生育津贴工资上限",
    "maternity.spouse_medical_since": "未就业配偶生育医疗待遇",
    "maternity.merged_with_medical_since": "生育保险与职工医保合并",
    "maternity.flexible_worker_since": "灵活就业人员纳入生育保险",
    "medical.min_years": "退休享受医保最低缴费年限",
    "medical.min_local_years": "其中本地实际缴费年限",
    "medical.topup_base_ratio": "一次性补缴基数比例",
    "medical.topup_base": "一次性补缴基数",
    "medical.topup_rate": "一次性补缴费率",
    "pension.annuity_months": "个人账户养老金计发月数",
    "pension.annuity_months_precision": "计发月数细化到月",
    "pension.basic_rate_per_year": "基础养老金每年1%",
    "pension.transitional_coefficient": "过渡性养老金系数",
    "pension.resident_annuity_months": "居民养老金计发月数",
    "pension.resident_basic_min": "居民基础养老金最低标准",
    "pension.min_years_base": "养老金最低缴费年限",
    "pension.min_years_step_from": "最低缴费年限开始提高",
    "pension.min_years_step": "最低缴费年限每年提高",
    "pension.min_years_target": "最低缴费年限目标",
    "retirement.old_age": "原法定退休年龄",
    "retirement.reform_start": "渐进式延迟退休实施",
    "retirement.target_age": "延迟后的退休年龄",
    "retirement.months_per_step": "每几个月延迟1个月",
    "retirement.flexible_early_max": "弹性提前退休最长",
    "retirement.flexible_late_max": "弹性延迟退休最长",
    "catalogue.preselfpay_ratio": "乙类先行自付比例",
    "inpatient.employee.deductible": "职工住院起付线",
    "inpatient.employee.repeat_deductible_cut": "职工再次住院起付线降低",
    "inpatient.employee.ratio": "职工住院支付比例",
    "inpatient.employee.retiree_bonus": "职工住院退休加成",
    "inpatient.employee.ceiling_ratio": "职工统筹封顶（平均工资倍数）",
    "inpatient.employee.ceiling": "职工统筹年度封顶",
    "inpatient.employee.band_from": "职工住院分段起点",
    "inpatient.employee.band_bonus": "职工住院分段加成",
    "inpatient.resident.deductible": "居民住院起付线",
    "inpatient.resident.repeat_deductible_cut": "居民再次住院起付线降低",
    "inpatient.resident.ratio": "居民住院支付比例",
    "inpatient.resident.ceiling_ratio": "居民统筹封顶（可支配收入倍数）",
    "inpatient.resident.ceiling": "居民统筹年度封顶",
    "inpatient.resident.band_from": "居民住院分段起点",
    "inpatient.resident.band_bonus": "居民住院分段加成",
    "catastrophic.resident.threshold_ratio": "大病保险起付线（占可支配收入）",
    "catastrophic.resident.threshold": "大病保险起付线",
    "catastrophic.resident.ratio": "大病保险支付比例",
    "catastrophic.resident.band_from": "大病保险分段起点",
    "catastrophic.resident.band_bonus": "大病保险分段加成",
    "catastrophic.resident.cap": "大病保险年度最高支付",
    "supplement.employee.ratio": "职工大额补助支付比例",
    "supplement.employee.cap": "职工大额补助年度最高",
    "crossregion.cut": "异地就医降低比例",
    "crossregion.preselfpay": "转外就医先行自付",
    "wage.avg_annual_prev_year": "上年平均工资",
    "income.disposable_prev_year": "上年居民人均可支配收入",
}
# (parameter, kind) → short text of a milestone, annotated on the national timeline (dates come from data)
MILESTONES = {
    ("account.pre.individual_credit_rate", "new"): "统账结合，建立个人账户",
    ("account.reform_date", "scheduled"): "门诊共济改革",
    ("family.relation", "change"): "共济扩至近亲属",
    ("gap.resident.fixed_waiting_months", "new"): "居民断保设等待期",
    ("retirement.reform_start", "scheduled"): "延迟退休实施",
    ("family.cross_province", "new"): "跨省共济",
    ("pension.min_years_step_from", "scheduled"): "养老最低年限开始提高",
    ("maternity.merged_with_medical_since", "new"): "生育保险并入医保",
    ("pension.basic_rate_per_year", "new"): "养老金新计发办法",
}
QUALIFIER_ZH = {
    "sex": {"male": "男", "female": "女"},
    "group": {"male": "男", "female_cadre": "女干部", "female_worker": "女工人"},
    "method": {"per_30": "÷30", "per_365": "×12÷365"},
    "employment": {"unit": "单位参保", "flexible": "灵活就业"},
    "referral": {"registered": "已备案", "referred": "转诊", "unregistered": "未备案"},
}
_CONF_RANK = {"illustrative": 0, "secondary": 1, "official": 2}
AGE_PARAMETERS = {"retirement.old_age", "retirement.target_age", "account.default_retire_age"}
_LEVEL_ZH = {"1": "一", "2": "二", "3": "三"}


def short_source(source: str) -> str:
    """The document part of a source text: '国办发〔2021〕14号', '国务院关于渐进式延迟法定退休年龄的办法',
    '国家医保局、财政部《关于做好…的通知》'."""
    text = str(source).strip()
    number = re.match(r"^[^《（；，]*?〔\d{4}〕\d+号", text)
    if number:
        return number.group(0)
    if text.startswith("《") and "》" in text:
        return text[1 : text.index("》")]
    m = re.match(r"^[^《（；，]*《[^》]*》", text)
    if m:
        return m.group(0)
    for sep in ("（", "；", " http", "，"):
        text = text.split(sep)[0]
    return text.strip() or str(source)[:20]


def category_of(parameter: str) -> str:
    return parameter.split(".", 1)[0]


def label_of(parameter: str) -> str:
    """The Chinese name of a parameter (the parameter itself when it has none yet)."""
    return LABELS.get(parameter, parameter)


def qualifier_zh(qualifier: str) -> str:
    if not qualifier:
        return ""
    key, _, value = qualifier.partition("=")
    if key == "relation":
        from .family import RELATION_ZH

        return RELATION_ZH.get(value, value)
    if key == "level":
        return f"{_LEVEL_ZH.get(value, value)}级医院"
    if key == "tier":
        return f"{value}档"
    if key == "child":
        return f"第{value}孩"
    if key == "band":
        return f"第{value}段"
    return QUALIFIER_ZH.get(key, {}).get(value, qualifier)


def _band_zh(lo: float, hi: float) -> str:
    if (lo is None or math.isnan(lo)) and (hi is None or math.isnan(hi)):
        return ""
    if lo is None or math.isnan(lo):
        return f"<{hi:g}岁"
    if hi is None or math.isnan(hi):
        return f"≥{lo:g}岁"
    return f"{lo:g}–{hi:g}岁"


def value_text(value, unit: str, parameter: str = "") -> str:
    """A data value with its Chinese unit: '2%', '400 元/年', '2025-01-01', '3 月', '60 岁', '6 倍'."""
    if unit == "ratio" and float(value) > 3:
        return f"{float(value):g} 倍"
    shown = format_value(value, unit)
    if unit in ("ratio", "date"):
        return shown
    if parameter in AGE_PARAMETERS:
        return f"{shown} 岁"
    return f"{shown} {UNIT_ZH[unit]}"


def _norm(value: str, unit: str):
    return value if unit == "date" else float(value)


def _dir(data_dir) -> str | None:
    return check_data_dir(data_dir)


def timeline_events(
    data_dir=None, *, include_statistics: bool = False, include_unchanged: bool = False
) -> pd.DataFrame:
    """Dated rule changes built from the parameter tables in ``data_dir`` (default ``data/``).

    One event per region, parameter and ``effective_from`` where the parameter first appears
    (``new``: a new rule, or the start of the data) or takes another value (``change``); rows that
    repeat the previous value are dropped (``include_unchanged=True`` keeps them as ``same``).
    Date-valued rows announcing a later date (``retirement.reform_start`` = 2025-01-01, decided
    2024-09-13) add a ``scheduled`` event on that date. Average wage and disposable income are
    statistics, not rules: left out unless ``include_statistics=True``.

    Columns: ``date`` (ISO), ``year``, ``region``, ``category``, ``category_zh``, ``parameter``,
    ``label_zh``, ``kind``, ``kind_zh``, ``value_text``, ``rows``, ``source``, ``confidence``,
    ``file``, ``line``, ``milestone`` (a short text for the national milestones, else '').
    ``attrs['sources']`` (source, confidence, effective_from) and ``attrs['as_of']`` are set for charts.
    """
    data_dir = _dir(data_dir)
    include_statistics = checks.as_flag("include_statistics", include_statistics)
    include_unchanged = checks.as_flag("include_unchanged", include_unchanged)
    t = tables(data_dir)
    t["category"] = t["parameter"].map(category_of)
    if not include_statistics:
        t = t[~t["category"].isin(STATISTICS)]
    t = t.assign(
        band_lo=t["age_from"].fillna(-1.0),
        band_hi=t["age_to"].fillna(-1.0),
        norm=[_norm(v, u) for v, u in zip(t["value"], t["unit"])],
    )
    keys = ["region", "parameter", "qualifier", "band_lo", "band_hi"]
    t = t.sort_values(keys + ["start"], kind="stable").reset_index(drop=True)
    prev_norm = t.groupby(keys, sort=False)["norm"].shift()
    prev_value = t.groupby(keys, sort=False)["value"].shift()
    t["kind"] = np.where(prev_norm.isna(), "new", np.where(t["norm"] != prev_norm, "change", "same"))
    t["previous"] = prev_value
    events = []
    for (region, parameter, start), g in t.groupby(["region", "parameter", "effective_from"], sort=False):
        kinds = set(g["kind"])
        kind = "change" if "change" in kinds else ("new" if "new" in kinds else "same")
        if kind == "same" and not include_unchanged:
            continue
        g = g.sort_values("line", kind="stable")
        first = g.iloc[0]
        if len(g) == 1:
            text = value_text(first["value"], first["unit"], parameter)
            if first["kind"] == "change" and first["unit"] != "date":
                text += f"（此前 {value_text(first['previous'], first['unit'], parameter)}）"
            qual = qualifier_zh(first["qualifier"]) or _band_zh(first["age_from"], first["age_to"])
            if qual:
                text = f"{qual}：{text}"
        elif g["qualifier"].ne("").any() and (g["unit"] == "date").all():
            names = [qualifier_zh(q) for q in g["qualifier"]]
            text = f"{len(g)} 项：" + "、".join(names)
        elif g["qualifier"].ne("").any():
            parts = [
                f"{qualifier_zh(q) or _band_zh(lo, hi)} {value_text(v, u, parameter)}"
                for q, lo, hi, v, u in zip(g["qualifier"], g["age_from"], g["age_to"], g["value"], g["unit"])
            ]
            text = "；".join(parts[:4]) + (f" 等 {len(g)} 项" if len(parts) > 4 else "")
        else:
            vals = [value_text(v, u, parameter) for v, u in zip(g["value"], g["unit"])]
            text = f"{len(g)} 个年龄段：{vals[0]} … {vals[-1]}"
        conf = min(g["confidence"], key=_CONF_RANK.get)
        base = {
            "region": region,
            "category": first["category"],
            "category_zh": CATEGORIES.get(first["category"], first["category"]),
            "parameter": parameter,
            "label_zh": label_of(parameter),
            "rows": len(g),
            "source": first["source"],
            "confidence": conf,
            "file": first["file"],
            "line": int(first["line"]),
        }
        events.append({"date": start, "kind": kind, "value_text": text, **base})
        if (g["unit"] == "date").all():
            for day in sorted(set(g["value"])):
                if day > start:
                    events.append(
                        {
                            "date": day,
                            "kind": "scheduled",
                            "value_text": f"定于 {day} 起实施（{start} 起的规则所定）",
                            **base,
                        }
                    )
    cols = [
        "date",
        "year",
        "region",
        "category",
        "category_zh",
        "parameter",
        "label_zh",
        "kind",
        "kind_zh",
        "value_text",
        "rows",
        "source",
        "confidence",
        "file",
        "line",
        "milestone",
    ]
    if not events:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(events)
    out["year"] = out["date"].str[:4].astype(int)
    out["kind_zh"] = out["kind"].map(KINDS)
    out["milestone"] = [
        MILESTONES.get((p, k), "") if r == "national" else ""
        for p, k, r in zip(out["parameter"], out["kind"], out["region"])
    ]
    order = {c: i for i, c in enumerate(CATEGORIES)}
    out = out.assign(_r=(out["region"] != "national").astype(int), _c=out["category"].map(order).fillna(99))
    out = out.sort_values(["date", "_r", "region", "_c", "parameter", "kind"], kind="stable").drop(columns=["_r", "_c"])
    out = out[cols].reset_index(drop=True)
    out.attrs["sources"] = pd.DataFrame(
        {"source": out["source"], "confidence": out["confidence"], "effective_from": out["date"]}
    )
    out.attrs["as_of"] = data_as_of(_dir(data_dir)).isoformat()
    return out


def events_for(events: pd.DataFrame, region: str = "national") -> pd.DataFrame:
    """National events plus the region's own events (what shapes the rules a region applies)."""
    if not isinstance(events, pd.DataFrame) or "region" not in events.columns:
        raise YibaoInputError(
            "events",
            f"columns {list(events.columns)}" if isinstance(events, pd.DataFrame) else events,
            "应为 timeline_events() 的结果",
            "must be a result of timeline_events()",
        )
    if not isinstance(region, str) or region not in set(events["region"]):
        check_region(region)  # a region without events of its own is fine; an unknown one is not
    keep = events["region"].isin({"national", region})
    out = events[keep].reset_index(drop=True)
    out.attrs.update(events.attrs)
    out.attrs["sources"] = pd.DataFrame(
        {"source": out["source"], "confidence": out["confidence"], "effective_from": out["date"]}
    )
    return out


def rules_in_force(year, region: str = "national", *, data_dir=None, include_statistics: bool = False) -> pd.DataFrame:
    """The rules (parameters) in force in ``region`` on 1 July of ``year`` (or on a date), one row per value.

    National rules the region does not override are included (``region`` column = ``national``).
    Columns: ``category``, ``category_zh``, ``parameter``, ``label_zh``, ``qualifier``, ``detail``
    (qualifier or age band in Chinese), ``value_text``, ``effective_from``, ``effective_to``,
    ``region``, ``source``, ``confidence``. Raises :class:`~yibao_helpers.errors.YibaoInputError`
    for a year before any data of the region.
    """
    on = as_date(year, "year")
    include_statistics = checks.as_flag("include_statistics", include_statistics)
    pol = load_policy(region, on, data_dir=_dir(data_dir))
    rows = []
    for name, qualifier in pol.names():
        cat = category_of(name)
        if cat in STATISTICS and not include_statistics:
            continue
        for r in pol.rows(name, qualifier):
            rows.append(
                {
                    "category": cat,
                    "category_zh": CATEGORIES.get(cat, cat),
                    "parameter": name,
                    "label_zh": label_of(name),
                    "qualifier": qualifier,
                    "detail": qualifier_zh(qualifier)
                    or _band_zh(
                        r.age_from if r.age_from is not None else math.nan,
                        r.age_to if r.age_to is not None else math.nan,
                    ),
                    "value_text": value_text(r.value if r.unit != "date" else r.value.isoformat(), r.unit, name),
                    "effective_from": r.effective_from.isoformat(),
                    "effective_to": r.effective_to.isoformat() if r.effective_to else "",
                    "region": r.region,
                    "source": r.source,
                    "confidence": r.confidence,
                }
            )
    out = pd.DataFrame(
        rows,
        columns=[
            "category",
            "category_zh",
            "parameter",
            "label_zh",
            "qualifier",
            "detail",
            "value_text",
            "effective_from",
            "effective_to",
            "region",
            "source",
            "confidence",
        ],
    )
    order = {c: i for i, c in enumerate(CATEGORIES)}
    out = (
        out.assign(_c=out["category"].map(order).fillna(99))
        .sort_values(["_c", "parameter", "qualifier"], kind="stable")
        .drop(columns="_c")
        .reset_index(drop=True)
    )
    out.attrs["on"] = pol.on.isoformat()
    out.attrs["region"] = region
    return out


def rules_display(rules: pd.DataFrame) -> pd.DataFrame:
    """:func:`rules_in_force` with Chinese headers, for a notebook."""
    return pd.DataFrame(
        {
            "类别": rules["category_zh"],
            "规则": rules["label_zh"],
            "细分": rules["detail"],
            "数值": rules["value_text"],
            "生效": rules["effective_from"],
            "地区": rules["region"],
            "来源": rules["source"],
            "可信度": rules["confidence"].map(CONFIDENCE),
        }
    )


def rules_count(year, region: str = "national", *, data_dir=None) -> pd.DataFrame:
    """How many rule values are in force per category on 1 July of ``year``: ``category_zh, count``."""
    rules = rules_in_force(year, region, data_dir=data_dir)
    counts = rules.groupby("category_zh", sort=False).size()
    return pd.DataFrame({"类别": counts.index, "条数": counts.to_numpy()})


def changes_between(year_a, year_b, region: str = "national", *, data_dir=None) -> pd.DataFrame:
    """Rules that differ between 1 July of ``year_a`` and of ``year_b``: added, removed or changed values.

    Columns: 类别, 规则, 细分, ``year_a`` 的值, ``year_b`` 的值, 变化, 来源 (of the newer row).
    """
    a = rules_in_force(as_date(year_a, "year_a"), region, data_dir=data_dir)
    b = rules_in_force(as_date(year_b, "year_b"), region, data_dir=data_dir)
    key = ["category_zh", "label_zh", "parameter", "qualifier", "detail"]
    m = a.merge(b, on=key, how="outer", suffixes=("_a", "_b"), indicator=True)
    m = m[(m["_merge"] != "both") | (m["value_text_a"] != m["value_text_b"])]
    status = m["_merge"].map({"left_only": "取消或到期", "right_only": "新增", "both": "改变"})
    ya, yb = a.attrs["on"][:4], b.attrs["on"][:4]
    out = pd.DataFrame(
        {
            "类别": m["category_zh"],
            "规则": m["label_zh"],
            "细分": m["detail"],
            f"{ya}年": m["value_text_a"].fillna("—"),
            f"{yb}年": m["value_text_b"].fillna("—"),
            "变化": status,
            "来源": m["source_b"].fillna(m["source_a"]),
        }
    )
    order = {c: i for i, c in enumerate(dict.fromkeys(CATEGORIES.values()))}
    out = out.assign(_c=out["类别"].map(order)).sort_values(["_c", "规则", "细分"], kind="stable").drop(columns="_c")
    return out.reset_index(drop=True)


def parameter_history(parameter: str, region: str = "national", qualifier: str = "", *, data_dir=None) -> pd.DataFrame:
    """Every dated value of one parameter in one region: ``effective_from, effective_to, year, value, unit,
    source, confidence`` (numbers as floats). ``attrs['sources']`` for a chart footnote."""
    data_dir = _dir(data_dir)
    check_region(region, data_dir)
    for name, value in (("parameter", parameter), ("qualifier", qualifier)):
        if not isinstance(value, str):
            raise YibaoInputError(
                name,
                value,
                "应为文字（如 employee.individual_rate、level=3）",
                "must be text (e.g. employee.individual_rate, level=3)",
            )
    t = tables(data_dir)
    g = t[(t["parameter"] == parameter) & (t["region"] == region) & (t["qualifier"] == qualifier)]
    if not len(g):
        raise YibaoInputError(
            "parameter", parameter, f"地区 {region} 没有该参数的数据", f"region {region} has no data for this parameter"
        )
    g = g.sort_values("start")
    out = pd.DataFrame(
        {
            "effective_from": g["effective_from"],
            "effective_to": g["effective_to"],
            "year": g["effective_from"].str[:4].astype(int),
            "value": [float(v) if u != "date" else np.nan for v, u in zip(g["value"], g["unit"])],
            "unit": g["unit"],
            "source": g["source"],
            "confidence": g["confidence"],
        }
    ).reset_index(drop=True)
    out.attrs["sources"] = out[["source", "confidence", "effective_from"]].copy()
    out.attrs["parameter"] = parameter
    out.attrs["label_zh"] = label_of(parameter)
    return out
