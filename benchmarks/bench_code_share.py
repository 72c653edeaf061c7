"""How much of each page a reader scrolls through as code: a plain nbconvert HTML export against the book.

Issue #14 measured the nbconvert pages at 30–44 % code (share of the page height taken by input cells) for
01–09. This script renders, in Debian's Chromium at 1280 px wide, the nbconvert HTML of the executed notebooks
and the book's page of each, and reports for each page the height of the visible code (nbconvert: the input
areas; book: any rendered ``.cell_input`` plus the closed 显示代码 toggle lines) ÷ the height of the page's content.

Both exports are built here from the same notebooks (``build/notebooks/`` after ``make run``, the outputs
stored in ``notebooks/`` otherwise; the book without the gallery). Prints a table and a JSON line.

Run: ``python benchmarks/bench_code_share.py`` (from the repository root; needs Chromium, as the browser tests).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))

from bench_book import executed_notebooks  # noqa: E402
from browser_support import CHROMIUM_ARGS, find_chromium  # noqa: E402

NBCONVERT_JS = """() => {
  const h = e => e.getBoundingClientRect().height;
  const code = Array.from(document.querySelectorAll('.jp-Cell-inputWrapper')).reduce((s, e) => s + h(e), 0);
  return [code, document.body.scrollHeight];
}"""
BOOK_JS = """() => {
  const h = e => e.getBoundingClientRect().height;
  // code a reader sees: input cells that are rendered (a closed 显示代码 toggle renders none of its content),
  // counted with the one-line toggles themselves, so the share is not flattered
  const seen = Array.from(document.querySelectorAll('article .cell_input')).filter(e => e.checkVisibility());
  const toggles = Array.from(document.querySelectorAll('article details.hide.above-input > summary'));
  const code = seen.reduce((s, e) => s + h(e), 0) + toggles.reduce((s, e) => s + h(e), 0);
  return [code, h(document.querySelector('article'))];
}"""


def main() -> int:
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        print("Chromium not found (apt-get install chromium)")
        return 1
    paths = [p for p in executed_notebooks() if p.stem[:2] not in ("00",)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        src = out / "notebooks"
        src.mkdir()
        for p in executed_notebooks():
            shutil.copy(p, src / p.name)
        subprocess.run(
            [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir", str(out / "html")]
            + [str(src / p.name) for p in paths],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [sys.executable, "-m", "yibao_helpers", "book", "--no-gallery", "--out", str(out), "--executed", str(src)],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        rows = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for p in paths:
                page.goto((out / "html" / f"{p.stem}.html").as_uri(), wait_until="load")
                c0, h0 = page.evaluate(NBCONVERT_JS)
                page.goto((out / "book" / f"{p.stem}.html").as_uri(), wait_until="load")
                c1, h1 = page.evaluate(BOOK_JS)
                rows.append(
                    {
                        "page": p.stem[:2],
                        "nbconvert": round(c0 / h0, 3),
                        "book": round(c1 / h1, 3),
                        "nbconvert_px": int(h0),
                        "book_px": int(h1),
                    }
                )
            browser.close()
    print("页  nbconvert 代码占比  book 代码占比  (页面高度 px: nbconvert → book)")
    for r in rows:
        print(f"{r['page']}  {r['nbconvert']:>8.1%}  {r['book']:>12.1%}   ({r['nbconvert_px']:,} → {r['book_px']:,})")
    print(json.dumps(rows, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
