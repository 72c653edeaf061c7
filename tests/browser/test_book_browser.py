"""The static book (``make book``) in Debian's Chromium, from a plain static server and from ``file://``.

The book is built once for the module from the outputs stored in ``notebooks/`` (what nbval checks),
with the gallery of notebook 03 executed (the others are left without a gallery to keep the suite
short). Every page: loads with no JavaScript error and no request outside the site, every image
loads, ``lang="zh-CN"``, the ``<title>`` starts with the page's question (the notebook's ``# ``
heading), no code is visible until 显示代码 is clicked, no parameter id of the catalogue in the
visible text. The search finds 起付线, 家庭共济 and 计发月数 on their pages.
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.parse

import pytest
from browser_support import (  # noqa: F401 (fixtures)
    ROOT,
    browser,
    chromium_path,
    free_port,
    page,
)

from yibao_helpers.content import reference
from yibao_helpers.params import catalogue
from yibao_helpers.tools import book, runner

pytestmark = pytest.mark.notebooks  # slow: left out of `make test-fast`

PAGES = [("index" if p.stem.startswith("00_") else p.stem, runner.title_of(p)) for p in runner.notebook_paths()]
# the own-city page teaches how to write a file: its table names the parameter ids the file needs, as code
IDS_ALLOWED_IN_CODE = {"12_your_own_city"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    assert book.run_galleries(out / book.GALLERY, only=["03_reimbursement"]) == 3
    book.prepare(out / book.SRC, None, out / book.GALLERY)
    book.build(out / book.SRC, out / book.OUT)
    return out / book.OUT


@pytest.fixture(scope="module")
def server(site):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import time
        import urllib.request

        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def visit(pg, url: str) -> list[str]:
    """Open ``url``; returns every URL the page requested (documents, scripts, images, fonts, …)."""
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    console = []
    pg.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    pg.goto(url, wait_until="networkidle")
    pg.console_errors = console
    return requests


PARAM_IDS = sorted(catalogue._catalogue()[0], key=len, reverse=True)  # every parameter id of the catalogue


@pytest.mark.parametrize("stem,question", PAGES, ids=[s for s, _ in PAGES])
def test_every_page_loads_offline_in_chinese_with_code_hidden(page, server, stem, question):
    requests = visit(page, server + f"{stem}.html")
    outside = [u for u in requests if not u.startswith(server) and not u.startswith("data:")]
    assert outside == [], f"{stem}: requests outside the site: {outside[:5]}"
    assert page.js_errors == [] and page.console_errors == [], (page.js_errors, page.console_errors)
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert page.title().startswith(question), (page.title(), question)
    broken = page.evaluate(
        "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
    )
    assert broken == [], broken
    if stem in IDS_ALLOWED_IN_CODE:  # the ids a user's file needs, shown as code, do not count
        page.evaluate("document.querySelectorAll('article p code, article td code').forEach(c => c.remove())")
    text = page.inner_text("article")  # before any toggle is opened: what a reader sees
    found = [pid for pid in PARAM_IDS if re.search(rf"(?<![\w.]){re.escape(pid)}(?![\w])", text)]
    assert found == [], f"{stem}: parameter ids in the visible text: {found[:8]}"
    # code: no visible input cell; every kept one sits in a closed 显示代码 toggle
    assert page.locator(".cell_input:visible").count() == 0
    toggles = page.locator("details.hide.above-input")
    if toggles.count():
        summary = toggles.first.locator("summary")
        assert "显示代码" in summary.inner_text()
        summary.click()
        assert toggles.first.locator(".cell_input").is_visible()


def test_the_pages_work_from_file_urls(page, site):
    requests = visit(page, (site / "03_reimbursement.html").as_uri())
    assert page.js_errors == []
    assert all(u.startswith("file://") or u.startswith("data:") for u in requests), requests[:5]
    assert page.locator("nav.bd-links a").count() >= len(PAGES) - 1  # the sidebar in reading order


def test_reading_order_previous_and_next(page, server):
    visit(page, server + "03_reimbursement.html")
    prev = page.locator("a.left-prev").get_attribute("href")
    nxt = page.locator("a.right-next").get_attribute("href")
    assert prev.endswith("02_employee_vs_resident.html") and nxt.endswith("04_family_mutual_aid.html")
    titles = [a.inner_text().strip() for a in page.locator("nav.bd-links a").all()]
    # the home page first, then 01–12 in file order, then the two reference pages (glossary, questions)
    assert titles == [q for _, q in PAGES] + ["名词解释：统筹基金、起付线、计发月数……", "人们问的问题"], titles


def test_the_gallery_shows_the_main_chart_for_four_inputs(page, server):
    visit(page, server + "03_reimbursement.html")
    tabs = page.locator(".yibao-gallery .sd-tab-label")
    assert [t.inner_text() for t in tabs.all()] == ["本页的例子", "一级医院", "退休职工", "北京"]
    images = page.locator(".yibao-gallery img")
    assert images.count() == 4
    tabs.nth(3).click()
    assert images.nth(3).is_visible() and not images.nth(0).is_visible()
    assert "make lab" in page.inner_text(".bd-article")


@pytest.mark.parametrize(
    "word,stem",
    [("起付线", "03_reimbursement"), ("家庭共济", "04_family_mutual_aid"), ("计发月数", "08_pension_estimate")],
)
def test_search_finds_chinese_words(page, server, word, stem):
    visit(page, server + "search.html?q=" + urllib.parse.quote(word))
    page.wait_for_selector("#search-results ul.search li", timeout=30_000)
    hits = [a.get_attribute("href") for a in page.locator("#search-results ul.search li a").all()]
    assert any(h and h.split("?")[0].split("#")[0].endswith(f"{stem}.html") for h in hits), hits


def test_a_term_links_to_its_glossary_entry_and_the_seed_pages_to_the_questions(page, server):
    """Issue 14, deliverable 4: a term's first use on a page links to the glossary entry (the anchor exists and
    the entry is the term's), and page 10 links its seed pages to the page of the questions people asked."""
    visit(page, server + "01_personal_account.html")
    links = page.locator("article a[href*='glossary.html#g-']")
    assert links.count() >= 3
    href = links.first.get_attribute("href")
    word = links.first.inner_text().strip()
    visit(page, urllib.parse.urljoin(server + "01_personal_account.html", href))
    anchor = href.split("#", 1)[1]
    entry = next(t for t in reference.terms() if reference.label(t["anchor"]) == anchor)
    assert word in [entry["term"], *entry["aliases"].split(";")], (word, entry["term"])
    assert page.title().startswith("名词解释")
    target = page.locator(f"[id='{anchor}']")
    assert target.count() == 1
    assert target.locator("h2").first.inner_text().strip().rstrip("#").strip() == entry["term"]
    visit(page, server + "10_myths_and_facts.html")
    q = page.locator("article a[href^='questions.html']")
    assert q.count() >= 1 and "种子页" in q.first.inner_text()
    visit(page, server + "questions.html")
    assert page.title().startswith("人们问的问题") and page.locator("article h2").count() == 5
