"""Coverage you can see: for every topic notebook and region, where the parameters it reads come from.

``python -m yibao_helpers coverage`` runs each topic notebook (01–09) for each region in one shared kernel
while :mod:`yibao_helpers.params.usage` records every parameter look-up, and counts the distinct parameters
(parameter + qualifier) the page reads for its region by where their rows came from:

* ``local`` — the region's own rows; ``province`` — its province's (``regions.csv`` parent);
* ``national_law`` — national law and statistics (``national`` rows; none is illustrative);
* ``borrowed`` — another place's rows (the example city 示例城市, or a region a page names);
* ``illustrative`` — a local / province row graded illustrative; ``user`` — a user's own file;
* ``stand_in`` — a row of another year answered a gap (``params.resolve``'s nearest-year stand-in; the page
  says so);
* ``missing`` — asked for and not in the data on any date the page asked (the page shows 未收录 / no data there).

A region is **complete** for a notebook when every parameter it reads is local, province or national law, none
is illustrative, a stand-in or missing. ``--format csv`` prints :data:`CSV_COLUMNS` (``notebook,region,local,
province,national_law,borrowed,illustrative,user,complete``; stand-ins and missing values show only through
``complete``); the table shows them as 代 and 缺. The matrix is cached per version of the data and the code (≈ 4 minutes to build).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

from ..core.paths import NOTEBOOKS, ROOT
from ..params.cache import disk_cached

COLUMNS = [
    "notebook",
    "region",
    "local",
    "province",
    "national_law",
    "borrowed",
    "illustrative",
    "user",
    "stand_in",
    "missing",
    "complete",
]
KINDS = COLUMNS[2:-1]
# the machine-readable matrix (issue 13): stand-ins and missing values count only through ``complete``
CSV_COLUMNS = [c for c in COLUMNS if c not in ("stand_in", "missing")]


def topic_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("0[1-9]_*.ipynb"))


def kind_of(lookup: dict, region: str, parent: str | None) -> str:
    """Where one look-up's row came from, for a page about ``region``."""
    by = lookup["answered_by"]
    if lookup.get("user"):
        return "user"
    if by not in (region, parent, "national"):
        return "borrowed"
    if lookup.get("stand_in"):
        return "stand_in"
    if by == "national":
        return "national_law"
    return "illustrative" if lookup.get("confidence") == "illustrative" else ("local" if by == region else "province")


# a parameter counts as its worst
WORST = ("borrowed", "stand_in", "illustrative", "user", "national_law", "province", "local")


def count(lookups: list[dict], region: str, parent: str | None) -> dict:
    """The counts of one run: each distinct parameter the page read for its region (or for national law)."""
    kinds: dict[tuple[str, str], str] = {}
    asked = set()
    for u in lookups:
        if u["region"] not in (region, "national"):
            continue  # another region the page compares with
        if u["answered_by"] is None:
            asked.add((u["parameter"], u["qualifier"]))
            continue  # a value not in force on the date asked (a stand-in may answer it next)
        key = (u["parameter"], u["qualifier"])
        kind = kind_of(u, region, parent)
        if key not in kinds or WORST.index(kind) < WORST.index(kinds[key]):
            kinds[key] = kind
    out = {k: sum(1 for v in kinds.values() if v == k) for k in KINDS if k != "missing"}
    out["missing"] = len(asked - set(kinds))
    out["complete"] = not any(out[k] for k in ("borrowed", "illustrative", "user", "stand_in", "missing"))
    return out


# run in the kernel before a notebook (start recording look-ups) and after it (print them as JSON)
START = "from yibao_helpers.params import usage as _u\n_u.start()"
STOP = (
    "from yibao_helpers.params import usage as _u\nimport json as _j\nprint(_j.dumps([u.__dict__ for u in _u.stop()]))"
)


def collected(kernel, region: str, failed: bool = False) -> dict:
    """The counts of the look-ups recorded in ``kernel`` since :data:`START` (recording stops)."""
    from ..params.store import parent_of

    counts = count(json.loads(kernel.execute(STOP)), region, parent_of(region))
    counts["complete"] = counts["complete"] and not failed
    return counts


def _record(notebooks: list[Path], regions: list[str]) -> dict:
    from .kernel import SharedKernel

    kernel = SharedKernel()
    out = {}
    try:
        for path in notebooks:
            for region in regions:
                try:
                    kernel.run(path, {"region": region}, before=START)
                    failed = False
                except Exception:  # noqa: BLE001 - a page that breaks for a region is not complete for it
                    failed = True
                out[f"{path.stem}|{region}"] = collected(kernel, region, failed)
    finally:
        kernel.close()
    return out


def matrix(regions: list[str] | None = None) -> list[dict]:
    """One row per topic notebook × region (the region codes with data, or ``regions``), as :data:`COLUMNS`."""
    from ..params import regions as all_regions
    from ..params.store import DATA_DIR

    codes = list(regions or all_regions())
    books = topic_notebooks()
    files = sorted(DATA_DIR.rglob("*.csv")) + books
    code = tuple(sorted((ROOT / "yibao_helpers").rglob("*.py")))
    key = "coverage-" + "-".join(codes) if regions else "coverage"
    counts = disk_cached(key, files, lambda: _record(books, codes), code=code)
    return [{"notebook": b.stem, "region": r, **counts[f"{b.stem}|{r}"]} for b in books for r in codes]


def to_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for row in rows:
        w.writerow({**row, "complete": "true" if row["complete"] else "false"})
    return buf.getvalue()


def to_table(rows: list[dict]) -> str:
    """notebook × region (Markdown): ✓ where complete, else the counts of borrowed (借), illustrative (示) and
    user-supplied (用户) parameters; 缺 where none of those but a value was missing or another year's stood in."""
    from ..params import region_name

    regions = list(dict.fromkeys(r["region"] for r in rows))
    books = list(dict.fromkeys(r["notebook"] for r in rows))
    cell = {(r["notebook"], r["region"]): r for r in rows}
    head = "| 地区 | " + " | ".join(b[:2] for b in books) + " | 完整 |"
    lines = [head, "|---|" + "---:|" * len(books) + "---:|"]
    for reg in regions:
        cells = []
        for b in books:
            c = cell[(b, reg)]
            parts = [f"{c[k]}{zh}" for k, zh in (("borrowed", "借"), ("illustrative", "示"), ("user", "用户")) if c[k]]
            cells.append("✓" if c["complete"] else "/".join(parts) or "缺")
        done = sum(cell[(b, reg)]["complete"] for b in books)
        lines.append(f"| {region_name(reg)}（{reg}） | " + " | ".join(cells) + f" | {done}/{len(books)} |")
    return "\n".join(lines)


COMMITTED = ROOT / "docs" / "coverage.csv"  # the matrix as of the last `coverage --write` (pinned by the sweep)


def from_csv(text: str) -> list[dict]:
    """Rows of :func:`to_csv` text (counts as ints, ``complete`` as bool)."""
    out = []
    for row in csv.DictReader(io.StringIO(text)):
        parsed = {k: int(row[k]) for k in CSV_COLUMNS[2:-1]}
        out.append(
            {"notebook": row["notebook"], "region": row["region"], **parsed, "complete": row["complete"] == "true"}
        )
    return out


def committed() -> list[dict]:
    """The committed matrix (``docs/coverage.csv``)."""
    return from_csv(COMMITTED.read_text(encoding="utf-8"))


def complete_regions(rows: list[dict]) -> list[str]:
    """The regions complete for every notebook of ``rows``."""
    books = {r["notebook"] for r in rows}
    done: dict[str, int] = {}
    for r in rows:
        done[r["region"]] = done.get(r["region"], 0) + bool(r["complete"])
    return [reg for reg, n in done.items() if n == len(books)]


README_BLOCKS = {
    "coverage": lambda: to_table(committed()),
    "own-numbers": lambda: own_numbers_markdown(),
}


def own_numbers_markdown() -> str:
    """The numbers most people need (``data/catalogue/own_numbers.csv``) as a Markdown table."""
    from ..scenarios.own_city import own_numbers

    lines = ["| # | 数字 | 参数（限定词） | 通常印在哪里 |", "|---:|---|---|---|"]
    for r in own_numbers().itertuples():
        name = f"`{r.parameter}`" + (f"（`{r.qualifier}`）" if r.qualifier else "")
        lines.append(f"| {r.order} | {r.label_zh} | {name} | {r.where_printed} |")
    return "\n".join(lines)


def readme_with_blocks(text: str) -> str:
    """The README with its generated blocks (between ``<!-- name:start -->`` and ``<!-- name:end -->``) rebuilt."""
    for name, build in README_BLOCKS.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{start}\n{build()}\n{end}{tail}"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="yibao coverage", description="各笔记本 × 各地区：参数来自哪里 / where each page's numbers come from"
    )
    parser.add_argument("--format", choices=("table", "csv"), default="table")
    parser.add_argument("--regions", default="", help="comma-separated region codes (default: all with data)")
    parser.add_argument(
        "--write", action="store_true", help="write docs/coverage.csv and the README's tables (after a data change)"
    )
    args = parser.parse_args(argv)
    rows = matrix([r for r in args.regions.split(",") if r] or None)
    if args.write:
        COMMITTED.parent.mkdir(exist_ok=True)
        COMMITTED.write_text(to_csv(rows), encoding="utf-8")
        readme = ROOT / "README.md"
        readme.write_text(readme_with_blocks(readme.read_text(encoding="utf-8")), encoding="utf-8")
    print(to_csv(rows) if args.format == "csv" else to_table(rows), end="" if args.format == "csv" else "\n")
    return 0
