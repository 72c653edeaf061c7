"""The book's reference pages and links (issue 14, deliverable 4): the glossary, the questions people asked,
the first-use links to the glossary and the "详见 NN 号笔记本" links."""

from __future__ import annotations

import re

import pytest

from yibao_helpers.content import claims, reference
from yibao_helpers.core.paths import NOTEBOOKS

# the terms the issue names, each of which must have an entry (issue 14, deliverable 4)
REQUIRED = [
    "统筹基金",
    "个人账户",
    "起付线",
    "封顶线",
    "大病保险",
    "大额补助",
    "门诊统筹",
    "视同缴费",
    "计发基数",
    "缴费指数",
    "计发月数",
    "全口径平均工资",
]


def link(words, anchor):
    return f"<{words}|{anchor}>"


def test_the_glossary_has_every_required_term_with_a_source_and_an_existing_page():
    t = reference.terms()
    names = [r["term"] for r in t]
    assert set(REQUIRED) <= set(names)
    assert len({r["anchor"] for r in t}) == len(t)  # anchors are unique
    for r in t:
        assert len(r["definition_zh"]) >= 20 and r["source"], r["term"]
        assert (NOTEBOOKS / f"{r['page']}.ipynb").exists(), r["page"]
        assert re.fullmatch(r"[a-z][a-z-]*", r["anchor"]), r["anchor"]


def test_only_the_first_use_on_a_page_is_linked():
    seen: set = set()
    out = reference.link_terms("起付线以上按比例报销；起付线每年重算。", seen, link)
    assert out == "<起付线|qifuxian>以上按比例报销；起付线每年重算。"
    # the same page goes on: a later paragraph does not link the term again
    assert reference.link_terms("超过起付线的部分", seen, link) == "超过起付线的部分"
    assert seen == {"qifuxian"}


def test_the_longest_name_wins_and_aliases_link_to_their_term():
    out = reference.link_terms("养老保险个人账户和个人账户不是一回事；平均缴费指数为 1。", set(), link)
    assert (
        out
        == "<养老保险个人账户|yanglao-zhanghu>和<个人账户|geren-zhanghu>不是一回事；<平均缴费指数|jiaofei-zhishu>为 1。"
    )


@pytest.mark.parametrize(
    "text",
    [
        "`起付线`",  # code
        "**起付线 800 元**",  # bold: a role inside ** would end the emphasis
        "[起付线](03_reimbursement.ipynb)",  # already a link
        "## 起付线",  # a heading
        "```\n起付线 = 800\n```",  # a code block
    ],
)
def test_protected_text_is_never_rewritten(text):
    seen: set = set()
    assert reference.link_terms(text, seen, link) == text and seen == set()


def test_the_questions_page_lists_every_seed_page_and_its_claims():
    md = reference.questions_markdown(lambda stem: f"标题{stem[:2]}")
    table = claims.load_claims()
    for q in reference.seed_questions():
        assert f"## {q['question_zh']}" in md and f"种子页 {q['seed']}。" in md
    # every claim appears under each of its seed pages (K02 comes from 000, 001 and 004)
    for r in table.itertuples():
        assert md.count(f"| {r.id} |") == len(r.seed.split("/")), r.id
    assert [q["seed"] for q in reference.seed_questions()] == ["000", "001", "002", "003", "004"]
    assert "[医保常见说法，哪些对、哪些错？](10_myths_and_facts.ipynb)" in md


def test_glossary_page_has_a_target_for_every_term():
    md = reference.glossary_markdown(lambda stem: stem)
    for r in reference.terms():
        assert f"({reference.label(r['anchor'])})=\n## {r['term']}" in md


def test_each_seed_question_names_the_seed_page_it_restates():
    from yibao_helpers.core.paths import ROOT

    for q in reference.seed_questions():
        path = q["source"].split("（")[0]
        assert path.startswith(f"shared/seeds/{q['seed']}_") and (ROOT.parent / path).is_file(), path
