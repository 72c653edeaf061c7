"""What the book writes into a page: the parameters cell as a Chinese box (本页的例子) and the links — "详见 NN
号笔记本" to that page by its question, the seed pages to the questions page, each glossary term's first use to its
entry (used by :mod:`yibao_helpers.tools.book`)."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

from ..core.paths import NOTEBOOKS


# ---------------------------------------------------------------------------------------------- the box
def _value_labels() -> dict:
    from ..rules.codes import MEMBER_ZH, REFERRAL_ZH, SCHEME_ZH
    from ..rules.retirement import GROUP_ZH, SEX_ZH

    out = {}
    for table in (MEMBER_ZH, REFERRAL_ZH, SCHEME_ZH, GROUP_ZH, SEX_ZH):
        out.update({str(k): str(v) for k, v in table.items()})
    return out


_LABEL_END = re.compile(r"[，,]|  | 见| --|——| [A-Za-z]|[（(](?!元|岁|年|月)")
_UNIT = re.compile(r"[（(]\s*((?:元|岁|年|月)[^)）]*)[)）]")


def _label(comment: str) -> str:
    """'月工资 (元/月)' → '月工资（元/月）'; '人员类别 male 男职工 / …' → '人员类别'."""
    comment = comment.strip()
    m = _LABEL_END.search(comment)
    head = (comment[: m.start()] if m else comment).strip()
    head = _UNIT.sub("", head).strip()
    unit = _UNIT.search(comment)
    return f"{head}（{unit.group(1).strip()}）" if unit and head else head


# labels of the common parameters (the parameters cells' comments name the rest)
LABELS = {
    "region": "地区",
    "slip_region": "对照结算单的地区",
    "hospital_level": "医院级别",
    "member": "职工身份",
    "referral": "就医地",
    "group": "人员类别",
    "employment": "参保方式",
    "birth": "出生年月",
}


def _format_value(name: str, value, labels: dict) -> str | None:
    from ..params import regions
    from ..params.store import region_name

    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if name == "hospital_level":
        from ..rules.codes import LEVEL_ZH

        return f"{LEVEL_ZH.get(value, value)}医院"
    if name == "region" or name.endswith("_region"):
        return region_name(value) if value in regions() else str(value)
    if value == "all":  # a filter left open (notebook 10's verdict, topic, seed)
        return "全部"
    if isinstance(value, float) and (name.endswith("_rate") or name.endswith("_share")) and 0 < value < 1:
        return f"{value * 100:g}%"  # 0.02 → 2%
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return f"{value:,.2f}".rstrip("0").rstrip(".")
        return str(int(value)) if "year" in name and 1900 <= value <= 2100 else f"{int(value):,}"
    return labels.get(str(value), str(value))


HOME_EXAMPLE = (
    '<div class="yibao-example">\n\n**全书的例子**：{person}。每一页都先用这个人算，'
    "需要另一个例子的页面会在它的“本页的例子”里说明为什么。\n\n</div>"
)


def example_box(source: str, meta: dict | None = None) -> str:
    """The parameters cell as a short Chinese box: 本页的例子：地区 南昌；月工资（元/月） 8,000；…… — and, from the
    notebook's ``yibao`` metadata, what the page's example adds to the collection's one example person
    (``example_note``) and why a value differs from it (``example_differs``: {parameter: reason})."""
    from ..content.example import describe

    meta = meta or {}
    labels = _value_labels()
    comments = {}
    for line in source.splitlines():
        m = re.match(r"^(\w+)\s*=.*?#\s*(.+)$", line)
        if m:
            comments[m.group(1)] = m.group(2)
    items = []
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            continue
        name = node.targets[0].id
        if name.startswith("chart_") or name == "policy_file":
            continue
        try:
            value = ast.literal_eval(node.value)
        except ValueError:
            continue
        text = _format_value(name, value, labels)
        label = LABELS.get(name) or _label(comments.get(name, ""))
        if text is None or not label:
            continue
        items.append(f"{label} **{text}**")
    body = "；".join(items) if items else "见下文"
    why = [meta["example_note"]] if meta.get("example_note") else []
    why += [f"{reason}" for reason in (meta.get("example_differs") or {}).values()]
    why_text = "".join(f"{w}\n\n" for w in why)
    return (
        f'<div class="yibao-example">\n\n**本页的例子**：{body}。\n\n{why_text}'
        f"（全书用同一个例子：{describe()}。在 JupyterLab 或用 papermill 可以换成你自己的数字；"
        "没写的项目按数据中最新的年份。）\n\n</div>"
    )


def page_titles() -> dict[str, str]:
    """Notebook stem → its question (the first heading), for links between pages (read once per version of the
    notebooks: every markdown cell of the book asks)."""
    from .runner import notebook_paths

    paths = notebook_paths(NOTEBOOKS)
    return dict(_titles(tuple((str(p), p.stat().st_mtime_ns) for p in paths)))


@functools.lru_cache(maxsize=4)
def _titles(versions: tuple) -> tuple:
    import nbformat

    out = []
    for path, _mtime in versions:
        nb = nbformat.read(path, as_version=4)
        first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
        m = re.search(r"^#\s+(.+)$", first, re.M)
        out.append((Path(path).stem, m.group(1).strip() if m else Path(path).stem))
    return tuple(out)


_PAGE_REF = re.compile(r"(详见|见|参见)\s*(\d\d)\s*号?笔记本")
# the seed pages the claims come from ("种子页 000–004", "种子页 001"): the first mention links to the questions page
_SEED_REF = re.compile(r"(?<![\[`])种子页(?:\s?\d{3}(?:[–-]\d{3})?)?")


def with_links(text: str, seen: set) -> str:
    """A page's Markdown as the book links it: "详见 07 号笔记本" → a link to that page (by its question), the
    first mention of the seed pages (种子页 000–004) → the page of the questions people asked, and the first use
    on the page of each glossary term → its entry in the glossary."""
    from ..content import reference

    titles = page_titles()

    def page_ref(m):
        stem = next((s for s in titles if s.startswith(m.group(2))), None)
        return f"{m.group(1)}[{titles[stem]}]({stem}.ipynb)" if stem else m.group(0)

    text = _PAGE_REF.sub(page_ref, text)
    if "questions" not in seen and (m := _SEED_REF.search(text)):
        seen.add("questions")
        text = f"{text[: m.start()]}[{m.group(0)}](questions.md){text[m.end() :]}"
    return reference.link_terms(text, seen, lambda words, anchor: f"{{ref}}`{words} <{reference.label(anchor)}>`")
