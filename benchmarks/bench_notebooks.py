"""Each notebook's headless run time against its floor: a notebook that only imports the same libraries.

For every notebook in notebooks/, the *floor* notebook holds the same ``%matplotlib inline`` line and
the same import statements (taken from the notebook's code cells) and nothing else. Both are run the
same way as ``make run`` does (papermill, python3 kernel, cwd notebooks/), one at a time so they do not
compete for the two cores, best of 3, interleaved. Target (issue #8): notebook ≤ 1.5 × its floor.
All numbers come from this one run. Also prints the floor of an empty notebook (kernel start alone).

Run: ``make bench`` or ``python benchmarks/bench_notebooks.py [name-substring ...]``.
"""

from __future__ import annotations

import ast
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill as pm

from yibao_helpers.tools.kernel import KERNEL_MANAGER

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
REPEAT = 3
TARGET = 1.5


def import_lines(nb) -> list[str]:
    """The notebook's top-level import statements and its %matplotlib line, in order, without duplicates."""
    lines: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        magics = [ln for ln in source.splitlines() if ln.strip().startswith("%matplotlib")]
        python = "\n".join(ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(python)
        except SyntaxError:
            continue
        found = magics + [
            ast.get_source_segment(python, n) for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)
        ]
        for line in found:
            if line not in lines:
                lines.append(line)
    return lines


def floor_notebook(nb, folder: Path, name: str) -> Path:
    floor = nbformat.v4.new_notebook()
    floor.metadata = nb.metadata
    floor.cells = [nbformat.v4.new_code_cell("\n".join(import_lines(nb)))]
    path = folder / f"floor_{name}"
    nbformat.write(floor, path)
    return path


def run(path: Path, out: Path) -> float:
    start = time.perf_counter()
    pm.execute_notebook(
        str(path),
        str(out),
        cwd=str(NOTEBOOKS),
        progress_bar=False,
        kernel_name="python3",
        log_output=False,
        kernel_manager_class=KERNEL_MANAGER,  # IPC sockets: no TCP-without-encryption warning
    )
    return time.perf_counter() - start


def main(filters: list[str]) -> int:
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if filters:
        paths = [p for p in paths if any(f in p.name for f in filters)]
    print("| 笔记本 notebook | 无界面运行 | 地板（只导入） | 比值 | 目标 ≤ 1.5× |")
    print("|---|---:|---:|---:|:--:|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        empty = folder / "empty.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")]), empty)
        t_empty = min(run(empty, folder / "out_empty.ipynb") for _ in range(REPEAT))
        missed = 0
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            floor = floor_notebook(nb, folder, path.name)
            t_nb, t_floor = [], []
            for _ in range(REPEAT):  # interleaved: both see the same machine state
                t_floor.append(run(floor, folder / "out_floor.ipynb"))
                t_nb.append(run(path, folder / "out_nb.ipynb"))
            ratio = min(t_nb) / min(t_floor)
            ok = ratio <= TARGET
            missed += not ok
            print(f"| `{path.name}` | {min(t_nb):.2f} s | {min(t_floor):.2f} s | {ratio:.2f}× | {'✓' if ok else '✗'} |")
    print()
    print(
        f"空笔记本（只有 pass，即启动内核）: {t_empty:.2f} s; {len(paths) - missed} of {len(paths)} within {TARGET:g}×"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
