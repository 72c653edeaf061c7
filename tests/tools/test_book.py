"""How the book links a page's Markdown (issue 14, deliverable 4): "详见 NN 号笔记本" becomes a link to that page
by its question, the first mention of the seed pages links to the questions page, and each glossary term's first
use on a page links to its glossary entry."""

from __future__ import annotations

from yibao_helpers.tools import book, runner


def test_page_titles_are_the_notebooks_questions():
    titles = book.page_titles()
    assert titles["07_retirement_years"] == runner.title_of(runner.notebook_paths()[7])
    assert all(t and not t.startswith("#") for t in titles.values())


def test_see_notebook_becomes_a_link_by_title():
    title = book.page_titles()["07_retirement_years"]
    out = book.with_links("年限详见 07 号笔记本。", set())
    assert out == f"年限详见[{title}](07_retirement_years.ipynb)。"
    assert book.with_links("见 99 号笔记本", set()) == "见 99 号笔记本"  # no such page: left as it is


def test_the_seed_pages_link_to_the_questions_page_once():
    seen: set = set()
    out = book.with_links("五个典型答案页（种子页 000–004）", seen)
    assert out == "五个典型答案页（[种子页 000–004](questions.md)）"
    assert book.with_links("种子页 001 说", seen) == "种子页 001 说"  # later mentions stay plain


def test_glossary_terms_link_once_per_page_with_a_ref_role():
    seen: set = set()
    out = book.with_links("起付线以上、起付线以下", seen)
    assert out == "{ref}`起付线 <g-qifuxian>`以上、起付线以下"


def test_the_example_box_reads_as_chinese():
    """The parameters cell as the 本页的例子 box: region names, 2% not 0.02, 全部 not all, nothing in code form."""
    source = (
        'region = "nanchang"            # 地区代码\n'
        "monthly_salary = 8000          # 演示用的月工资（元/月）\n"
        "pension_interest_rate = 0.02   # K11 演示的假设年利率\n"
        'verdict = "all"                # 表格只看一种结论\n'
    )
    box = book.example_box(source, {})
    assert "地区 **南昌**" in box and "**8,000**" in box
    assert "**2%**" in box and "0.02" not in box
    assert "**全部**" in box and "all" not in box
