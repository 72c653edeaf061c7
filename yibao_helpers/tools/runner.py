"""Execute every notebook headless and write HTML: ``python -m yibao_helpers run`` (or ``yibao run``).

* ``--out build`` (default): papermill runs ``notebooks/*.ipynb`` into
  ``build/notebooks/``, nbconvert writes ``build/html/<name>.html`` and
  ``build/html/index.html``; charts are also saved as PNG in ``build/charts/``.
* ``--in-place``: re-execute the notebooks in ``notebooks/`` and store their
  outputs there (what nbval compares); run it after changing a notebook or data.
* ``-p name value`` passes a parameter to every notebook (as papermill does).

Notebooks run two at a time (the machine has two cores), each in its own worker process so that
its environment (the chart folder) is its own; progress is printed per notebook.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import html
import json
import os
import re
import sys
import time
from pathlib import Path

from ..core.paths import NOTEBOOKS, ROOT


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def title_of(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def _parse_value(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


CELL_TIMEOUT = 600  # seconds; a cell that runs longer fails the notebook instead of hanging the run


def execute(src: Path, dst: Path, parameters: dict, chart_dir: Path | None) -> float:
    """Run one notebook with papermill (in its own worker process); returns the seconds it took."""
    import papermill as pm

    if chart_dir is not None:  # this process's environment only: the kernel inherits it
        os.environ["YIBAO_CHART_DIR"] = str(chart_dir / src.stem)
    from .kernel import KERNEL_MANAGER

    start = time.perf_counter()
    pm.execute_notebook(
        str(src),
        str(dst),
        parameters=parameters,
        cwd=str(src.parent),
        progress_bar=False,
        kernel_name="python3",
        kernel_manager_class=KERNEL_MANAGER,  # IPC, not TCP: no "running over TCP without encryption" warning
        log_output=False,
        execution_timeout=CELL_TIMEOUT,
    )
    return time.perf_counter() - start


def execute_in_place(src: Path) -> float:
    """Re-execute a notebook and store its outputs in the same file (no papermill metadata)."""
    import nbformat
    from nbclient import NotebookClient

    from .kernel import KERNEL_MANAGER

    start = time.perf_counter()
    nb = nbformat.read(src, as_version=4)
    NotebookClient(
        nb,
        kernel_manager_class=KERNEL_MANAGER,  # IPC sockets; the client owns the kernel and stops it
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(src.parent)}},
    ).execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, src)
    return time.perf_counter() - start


def to_html(executed: Path, html_dir: Path) -> Path:
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    body, _ = HTMLExporter().from_notebook_node(nb)
    body = re.sub(r'href="(\d\d_[\w-]+)\.ipynb"', r'href="\1.html"', body)  # links between notebooks
    target = html_dir / (executed.stem + ".html")
    target.write_text(body, encoding="utf-8")
    return target


def write_index(html_dir: Path, entries: list[tuple[Path, str]]) -> Path:
    items = "\n".join(
        f'  <li><a href="{html.escape(p.name)}">{html.escape(t)}</a> <small>({html.escape(p.stem)})</small></li>'
        for p, t in entries
    )
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>医保明白账 · 笔记本</title>
<style>body{{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.6}}</style></head>
<body><h1>医保明白账：笔记本目录</h1>
<p>每个笔记本回答一个常见问题，先给答案，再讲规则和数字。Each notebook answers one question.</p>
<ol>
{items}
</ol></body></html>
"""
    target = html_dir / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="执行所有笔记本并生成 HTML / run every notebook headless")
    parser.add_argument("--out", default="build", help="output folder (default: build)")
    parser.add_argument("--in-place", action="store_true", help="refresh the outputs stored in notebooks/")
    parser.add_argument(
        "-p", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"), help="parameter for every notebook"
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("notebooks", nargs="*", help="only these notebooks (default: all)")
    args = parser.parse_args(argv)
    paths = [Path(p).resolve() for p in args.notebooks] or notebook_paths()
    params = {k: _parse_value(v) for k, v in args.p}
    out = (ROOT / args.out).resolve()
    nb_dir, html_dir, chart_dir = out / "notebooks", out / "html", out / "charts"
    if not args.in_place:
        for d in (nb_dir, html_dir, chart_dir):
            d.mkdir(parents=True, exist_ok=True)
    total = len(paths)
    failures = []
    print(f"==> 执行 {total} 个笔记本 / running {total} notebooks", flush=True)
    with cf.ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {}
        for src in paths:
            if args.in_place:
                futures[pool.submit(execute_in_place, src)] = src
            else:
                futures[pool.submit(execute, src, nb_dir / src.name, params, chart_dir)] = src
        for done, fut in enumerate(cf.as_completed(futures), 1):
            src = futures[fut]
            try:
                seconds = fut.result()
                print(f"[{done}/{total}] {src.name} ✓ {seconds:.1f} s", flush=True)
            except Exception as exc:  # report every failing notebook, then fail
                failures.append(src.name)
                first = str(exc).strip().splitlines()
                print(f"[{done}/{total}] {src.name} ✗ {first[-1] if first else type(exc).__name__}", flush=True)
    if failures:
        print(f"失败 failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    if args.in_place:
        print("==> 已更新 notebooks/ 中保存的输出 / stored outputs refreshed")
        return 0
    entries = []
    for src in paths:
        to_html(nb_dir / src.name, html_dir)
        entries.append((html_dir / (src.stem + ".html"), title_of(src)))
    index = write_index(html_dir, entries)
    print(f"==> 执行结果 executed notebooks: {nb_dir}")
    print(f"==> 网页 HTML: {index}")
    print(f"==> 图表 charts (PNG): {chart_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
