"""The claims table (常见说法核查): what people say online about medical insurance, each with one verdict.

``data/claims/claims.csv`` holds one row per claim K01–K54 found on the seed pages
(``shared/domain/claims.md``), in our own words, with its verdict, the rule that settles it, the
source, the date the rule changed, the topic notebook that demonstrates it and the claim's own
numbers (``claim_numbers``, ``key=value`` pairs such as ``credit_rate=0.08``). It lives in a
subfolder so that the parameter loader (which reads ``data/*.csv``) does not see it; it has its own
pandera schema here and fails like the parameter tables do, with
:class:`~yibao_helpers.core.errors.PolicyDataError` naming file, line and column.

* :func:`load_claims` → the validated table (cached per file); :func:`filter_claims`,
  :func:`verdict_counts`, :func:`claims_markdown`;
* :func:`claims_table` ``(ids, **inputs)`` → a topic notebook's 常见误区 table: each claim's text and
  verdict from the table, and a sentence with the page's own numbers (:mod:`.demos`).

A claim's text, verdict and notebook exist only here; notebooks never restate them.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import PolicyDataError, YibaoInputError
from ..params import CONFIDENCE, DATA_DIR, merge_sources
from ..params.cache import disk_cached
from ..params.schema import read_csv_rows

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
            # the topic page whose 常见误区 table lists the claim ("" = no topic page: settled on page 10 only)
            "notebook": pa.Column(str, pa.Check.isin([*NOTEBOOKS, ""])),
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
    """Read and validate once per process, and once per version of the file (see :mod:`yibao_helpers.params.cache`)."""
    from . import demos

    code = (Path(__file__), *demos.module_files())
    return disk_cached("claims", [Path(path)], lambda: _read_claims(path), code=code)


def _read_claims(path: str) -> pd.DataFrame:
    import pandera.errors as pe

    file = Path(path)
    name = file.name
    from .demos import registry

    rows = read_csv_rows(file, CLAIM_COLUMNS)
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
        demo = registry().get(cid)
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
    frame["computable"] = frame["id"].isin(list(registry()))
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


def claim_row(claim_id: str, path=None) -> pd.Series:
    """One claim's row of the table (``K01`` or ``k01``)."""
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
    """A Markdown link to a topic notebook (relative to ``notebooks/``), labelled with its number and topic
    ("[01 个人账户](01_personal_account.ipynb)"); "" (a claim no topic page lists) → 只在本页."""
    if not notebook:
        return "只在本页"
    return f"[{notebook[:2]} {NOTEBOOKS[notebook]}]({notebook}.ipynb)"


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


def claims_table(ids, **inputs) -> pd.DataFrame:
    """A topic notebook's 常见误区 table: 编号, 说法, 结论 (from the claims table) and 用数字说话.

    ``ids``: claim IDs in the order to show. ``inputs``: the page's person and choices (``region``,
    ``year``, ``monthly_salary``, ``cost`` …); each claim's sentence function (:func:`.demos.says`)
    takes the inputs it accepts. A claim without a sentence shows its numeric demonstration's
    explanation, else the rule in words; a claim whose numbers cannot be computed for these inputs
    shows a short Chinese message instead (the page never breaks).
    """
    from . import demos

    if isinstance(ids, str) or not isinstance(ids, (list, tuple)):
        raise YibaoInputError(
            "ids", ids, "应为说法编号的列表，如 ['K01', 'K02']", "must be a list of claim IDs, e.g. ['K01', 'K02']"
        )
    known = set(load_claims()["id"])
    for cid in ids:
        if not isinstance(cid, str) or cid.upper() not in known:
            raise YibaoInputError(
                "ids",
                cid,
                f"应为说法编号（{min(known)}–{max(known)}）",
                f"must be claim IDs ({min(known)}–{max(known)})",
            )
    rows, sources = [], []
    for cid in ids:
        row = claim_row(cid)
        text, used = demos.sentence(row, inputs)
        rows.append({"编号": row["id"], "说法": row["claim_zh"], "结论": VERDICTS[row["verdict"]], "用数字说话": text})
        sources.append(used)
    out = pd.DataFrame(rows, columns=["编号", "说法", "结论", "用数字说话"])
    out.attrs["sources"] = merge_sources(*sources)
    return out
