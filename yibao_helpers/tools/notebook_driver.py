"""Runs a notebook's code cells inside the kernel, in one request, and records their outputs as nbformat outputs.

Imported in the shared kernel (:class:`yibao_helpers.tools.kernel.SharedKernel`), never by the package itself.
nbclient sends each cell as its own request and collects its outputs message by message; for the sweep's
short notebooks that round trip was ≈ 0.4 s of a 1–2 s run. :func:`run_cells` runs the cells one after
the other with IPython's ``run_cell`` (the same transformations, magics, display formatters and
post-execute hooks a frontend gets) and records, per cell and in order, what a frontend would store:
``stream`` outputs for stdout and stderr, ``display_data`` for what is displayed, ``execute_result`` for
a cell's last expression, and an ``error`` output for the first cell that raises (the cells after it are
not run, as papermill does). It also records what the live widgets show (Output widgets' outputs, the
value of HTML and Label widgets), which nbclient keeps as the notebook's widget state.
"""

from __future__ import annotations

import json
import sys

from IPython import get_ipython
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher


class _Recorder:
    def __init__(self):
        self.outputs: list[dict] = []

    def stream(self, name: str, text: str) -> None:
        last = self.outputs[-1] if self.outputs else None
        if last and last["output_type"] == "stream" and last["name"] == name:
            last["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})

    def rich(self, kind: str, data: dict, metadata: dict | None) -> None:
        out = {"output_type": kind, "data": dict(data), "metadata": dict(metadata or {})}
        if kind == "execute_result":
            out["execution_count"] = None
        self.outputs.append(out)


class _Stream:
    """sys.stdout / sys.stderr while a cell runs: text goes into the cell's outputs."""

    def __init__(self, recorder: _Recorder, name: str):
        self.recorder, self.name = recorder, name

    def write(self, text) -> int:
        if text:
            self.recorder.stream(self.name, str(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    encoding = "utf-8"


class _Publisher(DisplayPublisher):
    """The shell's display publisher while a cell runs: ``display()`` and ``clear_output()`` act on its outputs."""

    def __init__(self, recorder: _Recorder, shell):
        super().__init__(shell=shell)
        self.recorder = recorder

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:
        self.recorder.rich("display_data", data, metadata)

    def clear_output(self, wait=False) -> None:
        self.recorder.outputs.clear()


class _DisplayHook:
    """The shell's display hook while a cell runs: a cell's last expression becomes its ``execute_result``
    (unless the cell ends with ``;``, as in IPython)."""

    def __init__(self, recorder: _Recorder, shell, source: str):
        self.recorder, self.shell = recorder, shell
        self.quiet = DisplayHook.semicolon_at_end_of_expression(source)

    def __call__(self, value) -> None:
        if value is None or self.quiet:
            return
        data, metadata = self.shell.display_formatter.format(value)
        self.recorder.rich("execute_result", data, metadata)


def _error(shell, exc: BaseException) -> dict:
    lines = shell.InteractiveTB.structured_traceback(type(exc), exc, exc.__traceback__)
    return {"output_type": "error", "ename": type(exc).__name__, "evalue": str(exc), "traceback": list(lines)}


def _widget_state() -> dict:
    """What the live widgets show, in the notebook's widget-state form (model id → model name and state)."""
    try:
        from ipywidgets.widgets.widget import _instances
    except ImportError:
        return {}
    state = {}
    for model_id, widget in list(_instances.items()):
        name = getattr(widget, "_model_name", "")
        if name == "OutputModel":
            mine = {"outputs": [dict(o) for o in widget.outputs]}
        elif name in ("HTMLModel", "HTMLMathModel", "LabelModel"):
            mine = {"value": widget.value}
        else:
            continue
        state[model_id] = {"model_name": name, "state": mine}
    return state


def run_cells(sources: list[str]) -> str:
    """Run ``sources`` (a notebook's code cells, in order) in this kernel; return the outputs as JSON:
    ``{"outputs": [[output, …] per cell run], "failed": index of the cell that raised or null, "widgets": …}``."""
    shell = get_ipython()
    cells, failed = [], None
    for index, source in enumerate(sources):
        recorder = _Recorder()
        # this request's display trap is already set, so run_cell leaves sys.displayhook alone: replace both
        trap, hook = shell.display_trap, _DisplayHook(recorder, shell, source)
        saved = sys.stdout, sys.stderr, sys.displayhook, trap.hook, shell.display_pub
        sys.stdout, sys.stderr = _Stream(recorder, "stdout"), _Stream(recorder, "stderr")
        sys.displayhook, trap.hook, shell.display_pub = hook, hook, _Publisher(recorder, shell)
        try:
            result = shell.run_cell(source, store_history=False, silent=False)
        finally:
            sys.stdout, sys.stderr, sys.displayhook, trap.hook, shell.display_pub = saved
        exc = result.error_before_exec or result.error_in_exec
        if exc is not None:
            recorder.outputs.append(_error(shell, exc))
        cells.append(recorder.outputs)
        if exc is not None:
            failed = index
            break
    return json.dumps({"outputs": cells, "failed": failed, "widgets": _widget_state()}, default=str)
