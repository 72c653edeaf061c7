"""What a reader must never see in an executed notebook, for the region sweep and the freshness check.

:func:`problems` lists an error output, text on stderr, a traceback (also inside widget outputs) or
``nan``/``inf`` printed as a number. The shared kernel the sweep runs notebooks in is
:class:`yibao_helpers.tools.kernel.SharedKernel` (re-exported here).
"""

from __future__ import annotations

import re

from yibao_helpers.tools.kernel import NOTEBOOKS, SharedKernel  # noqa: F401  (re-exported for the tests)

# --------------------------------------------------------------------------- what a reader must not see

# a number printed as nan or inf: "nan", "NaN", "nan 元", "inf%", "-inf" (not inside words such as "financial")
UNEXPECTED = (
    "计算时出现意外错误"  # yibao_helpers.present.dashboard.error_message for an exception that is not bad input
)
BAD_NUMBER = re.compile(r"(?<![A-Za-z_])[-+]?(nan|NaN|NAN|inf|Inf|INF)(?![A-Za-z_])")


def _widget_outputs(nb: dict):
    """What the widgets show first: Output widgets' outputs, and HTML / Label widgets' text (the dashboard)."""
    state = nb.get("metadata", {}).get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    for model in state.get("state", {}).values():
        mine = model.get("state", {})
        yield from mine.get("outputs", []) or []
        if model.get("model_name") in ("HTMLModel", "HTMLMathModel", "LabelModel") and mine.get("value"):
            yield {"output_type": "display_data", "data": {"text/html": mine["value"]}}


def _texts(out: dict) -> list[str]:
    parts = []
    if out.get("output_type") == "stream":
        parts.append("".join(out.get("text", "")))
    if out.get("output_type") == "error":
        parts.append(out.get("ename", "") + ": " + out.get("evalue", ""))
    for key in ("text/plain", "text/markdown", "text/html"):
        value = out.get("data", {}).get(key, "")
        parts.append("".join(value) if isinstance(value, list) else value)
    return [p for p in parts if p]


def _cell_label(index: int, cell: dict) -> str:
    first = "".join(cell.get("source", "")).strip().splitlines()
    return f"cell {index} ({first[0][:70] if first else ''})"


def problems(nb: dict) -> list[str]:
    """Everything wrong with an executed notebook, each naming the cell (or widget) and the text."""
    found = []
    places = [(_cell_label(i, c), o) for i, c in enumerate(nb["cells"]) for o in c.get("outputs", [])]
    places += [("widget output", o) for o in _widget_outputs(nb)]
    for where, out in places:
        kind = out.get("output_type")
        if kind == "error":
            found.append(f"{where}: error {out.get('ename')}: {out.get('evalue')}")
        if kind == "stream" and out.get("name") == "stderr":
            found.append(f"{where}: stderr {''.join(out.get('text', ''))[:300]!r}")
        for text in _texts(out):
            plain = re.sub(r"<[^>]+>", " ", text)  # HTML tables: look at the cell text only
            if "Traceback" in plain:
                found.append(f"{where}: traceback {plain[:300]!r}")
            if UNEXPECTED in plain:  # the dashboard's stand-in for an exception it did not expect
                found.append(f"{where}: {plain[plain.index(UNEXPECTED) - 20 :][:200]!r}")
            m = BAD_NUMBER.search(plain)
            if m:
                found.append(f"{where}: {m.group(0)!r} printed: …{plain[max(0, m.start() - 80) : m.end() + 40]!r}…")
    return found


def text_of(nb: dict) -> str:
    """All text a reader sees, including what the sliders' output areas show first."""
    places = [o for c in nb["cells"] for o in c.get("outputs", [])] + list(_widget_outputs(nb))
    return "\n".join(t for o in places for t in _texts(o))


def failure_report(exc: Exception) -> str:
    """A failing run as 'cell N: ename: evalue', the line of the cell that raised, and the cell's first lines.

    N counts the executed notebook's cells (papermill inserts its injected-parameters cell after the
    parameters cell).
    """
    index = getattr(exc, "cell_index", None)
    if index is None:
        return f"{type(exc).__name__}: {exc}"
    frames = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(getattr(exc, "traceback", []) or [])).splitlines()
    raised = next((ln.strip() for ln in frames if re.match(r"\s*-+> ", ln)), "")  # "---> 14 person = …"
    source = "\n".join(str(getattr(exc, "source", "")).splitlines()[:6])
    return (
        f"cell {index} failed — {exc.ename}: {exc.evalue}\n"
        + (f"--- raised at ---\n{raised}\n" if raised else "")
        + f"--- cell source (first lines) ---\n{source}"
    )
