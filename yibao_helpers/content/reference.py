"""The book's reference pages: the glossary (``data/catalogue/glossary.csv``) and the questions people asked
(``data/catalogue/seed_questions.csv``: the five seed pages' questions in our own words, with the claims the
claims table took from each), and :func:`link_terms`, which links each glossary term's first use on a page.

Definitions are plain-language explanations, each naming the document it rests on; policy numbers stay in
``data/*.csv``.
"""

from __future__ import annotations

import csv
import functools
import re

from ..core.paths import DATA_DIR as DATA

GLOSSARY = DATA / "catalogue" / "glossary.csv"
QUESTIONS = DATA / "catalogue" / "seed_questions.csv"


@functools.cache
def terms() -> tuple[dict, ...]:
    """The glossary's rows (term, anchor, aliases, definition_zh, source (the documents it rests on), page), in reading order."""
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        return tuple(dict(r) for r in csv.DictReader(handle))


def label(anchor: str) -> str:
    """The Sphinx label of a glossary entry."""
    return f"g-{anchor}"


def _names() -> dict[str, str]:
    """Every name a term goes by (the term and its aliases) → its anchor."""
    out = {}
    for t in terms():
        for name in [t["term"], *[a for a in t["aliases"].split(";") if a]]:
            out[name] = t["anchor"]
    return out


# what is never rewritten: code, links, roles, HTML tags, URLs, MyST targets, headings, and bold text (a role
# right after ``**`` would end CommonMark's emphasis)
_PROTECTED = re.compile(
    r"```.*?```|\*\*[^*\n]+\*\*|`[^`\n]*`|\[[^\]\n]*\]\([^)\n]*\)|\{[a-z-]+\}`[^`]*`|<[^>\n]+>|https?://\S+|^\(.*\)=$|^#+ .*$",
    re.S | re.M,
)


def link_terms(text: str, seen: set, link) -> str:
    """``text`` with the first use on a page of each glossary term (``seen``: anchors linked earlier on the page,
    updated) replaced by ``link(words, anchor)``; the longest name wins where names overlap."""
    names = _names()
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    out, pos = [], 0
    for m in _PROTECTED.finditer(text):
        out.append(_link_plain(text[pos : m.start()], seen, link, names, pattern))
        out.append(m.group(0))
        pos = m.end()
    out.append(_link_plain(text[pos:], seen, link, names, pattern))
    return "".join(out)


def _link_plain(text: str, seen: set, link, names: dict, pattern) -> str:
    def one(m):
        anchor = names[m.group(0)]
        if anchor in seen:
            return m.group(0)
        seen.add(anchor)
        return link(m.group(0), anchor)

    return pattern.sub(one, text)


def glossary_markdown(page_title) -> str:
    """The glossary page (MyST): one entry per term with its label, definition, basis and the page that shows it
    (``page_title``: notebook stem → its title)."""
    lines = [
        "# 名词解释：统筹基金、起付线、计发月数……",
        "",
        "书里第一次出现这些词的地方都链接到这里。每条解释后面写着它依据的文件和详细讲它的那一页；"
        "具体数字（比例、限额、年限）各地不同，写在各页的“规则”表里。",
        "",
    ]
    for t in terms():
        alias = "、".join(a for a in t["aliases"].split(";") if a)
        lines += [
            f"({label(t['anchor'])})=",
            f"## {t['term']}",
            "",
            (f"（也叫{alias}）" if alias else "") + t["definition_zh"],
            "",
            f"依据：{t['source']}。详见：[{page_title(t['page'])}]({t['page']}.ipynb)",
            "",
        ]
    return "\n".join(lines)


@functools.cache
def seed_questions() -> tuple[dict, ...]:
    with QUESTIONS.open(encoding="utf-8", newline="") as handle:
        return tuple(dict(r) for r in csv.DictReader(handle))


def questions_markdown(page_title) -> str:
    """The page of the questions people asked: each seed page's question in our words, the claims the claims table
    took from it (编号, 说法, 结论) and the pages that answer it."""
    from .claims import VERDICTS, load_claims

    claims = load_claims()
    lines = [
        "# 人们问的问题",
        "",
        "这本书从五个网上答案页开始（项目里叫“种子页” 000–004）。下面是它们各自回答的问题（用我们自己的话），"
        "我们从每页里摘出的说法和核查结论，以及讲清这个问题的页面。逐条的数字见"
        "[医保常见说法，哪些对、哪些错？](10_myths_and_facts.ipynb)。",
        "",
    ]
    for q in seed_questions():
        own = claims[claims["seed"].str.split("/").map(lambda seeds, s=q["seed"]: s in seeds)]
        pages = "、".join(f"[{page_title(nb)}]({nb}.ipynb)" for nb in q["notebooks"].split(";"))
        lines += [f"## {q['question_zh']}", "", f"种子页 {q['seed']}。讲清它的页面：{pages}。", ""]
        lines += ["| 编号 | 网上的说法 | 结论 |", "|---|---|---|"]
        for r in own.itertuples():
            lines.append(f"| {r.id} | {str(r.claim_zh).replace('|', '｜')} | {VERDICTS[r.verdict]} |")
        lines.append("")
    return "\n".join(lines)
