"""The book build (``make book``) against a plain nbconvert HTML export of the same executed notebooks.

Both are timed in this one run, over the same notebooks (``build/notebooks/`` after ``make run``, the
outputs stored in ``notebooks/`` otherwise), each as a fresh child process so that neither profits from
the other's imports: ``jupyter nbconvert --to html`` of every notebook, and ``python -m yibao_helpers
book --no-gallery`` (sources + Sphinx; the gallery runs execute notebooks and belong to ``make run``).
Target (issue #14): book ≤ 1.5 × nbconvert. Prints both times, the ratio and a JSON line.

Run: ``python benchmarks/bench_book.py`` (from the repository root).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.5


def executed_notebooks() -> list[Path]:
    built = ROOT / "build" / "notebooks"
    stored = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    return [built / p.name if (built / p.name).exists() else p for p in stored]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    paths = executed_notebooks()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        src = out / "notebooks"
        src.mkdir()
        for p in paths:
            shutil.copy(p, src / p.name)
        nbconvert = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir", str(out / "html")]
        book = [sys.executable, "-m", "yibao_helpers", "book", "--no-gallery", "--out", str(out)]
        book += ["--executed", str(src)]
        t_nbconvert = min(timed(nbconvert + [str(p) for p in sorted(src.glob("*.ipynb"))]) for _ in range(2))
        t_book = min(timed(book) for _ in range(2))
    ratio = t_book / t_nbconvert
    print(f"nbconvert HTML export of {len(paths)} notebooks: {t_nbconvert:.1f} s")
    print(f"book build (sources + Sphinx) of the same:      {t_book:.1f} s")
    print(f"ratio {ratio:.2f} (target ≤ {TARGET})")
    print(
        json.dumps(
            {
                "notebooks": len(paths),
                "nbconvert_s": round(t_nbconvert, 2),
                "book_s": round(t_book, 2),
                "ratio": round(ratio, 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
