"""One started kernel, many papermill runs: the executor of the region sweep and the freshness check.

A papermill run that starts its own kernel costs ≈ 3 s (kernel start + imports), most of the work of
a short notebook. :class:`SharedKernel` starts one kernel and hands it to
``papermill.execute_notebook(..., km=...)``; nbclient then does not shut it down (``owns_km`` is
False), so one kernel runs a notebook for every region and every extreme case.

Each run starts clean (:data:`RESET`, executed through a second client before the run): ``%reset -f``
empties the user namespace; open figures are closed, ipywidgets closed, and pandas options,
matplotlib rcParams and warning filters restored to what they were after the kernel's first set-up.
The package's modules stay imported (their caches hold validated data, which does not change).
YIBAO_CHART_DIR is removed from the kernel's environment, so :func:`yibao_helpers.figures.show`
saves no PNG.

:func:`problems` lists what a reader must never see in an executed notebook: an error output, text on
stderr, a traceback (also inside widget outputs) or ``nan``/``inf`` printed as a number.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
CELL_TIMEOUT = 120  # seconds per cell; every cell takes < 3 s, so a stall fails instead of hanging the suite

# a small module living in the kernel (outside the user namespace, which the reset empties): the state every
# run starts from, and the reset itself
STATE_MODULE = """
import gc
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from IPython import get_ipython
from matplotlib.figure import Figure

rc = matplotlib.rcParams.copy()
filters = list(warnings.filters)


def draw_only(fig):
    # what the inline backend's PNG needs (every artist laid out and rendered with the fonts), without
    # encoding the PNG: the sweep never looks at images, and encoding was a third of a notebook's time
    fig.canvas.draw()
    return None


def reset():
    shell = get_ipython()
    collect = gc.collect
    gc.collect = lambda *args, **kwargs: 0  # IPython's reset forces a full collection (0.1-0.2 s); automatic gc suffices
    try:
        shell.reset(new_session=False)  # what %reset -f does: the user namespace, Out, _ and the aliases
    finally:
        gc.collect = collect
    plt.close("all")
    try:
        import ipywidgets

        ipywidgets.Widget.close_all()
    except ImportError:
        pass
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pd.reset_option("all")
        matplotlib.rcParams.update(rc)
    warnings.filters[:] = filters
"""

# run once after the kernel starts: the inline backend (its figure formats are chosen once per kernel, so the
# draw-only formatter stays) and the package's fonts, then the state module
SETUP = f"""
%matplotlib inline
import sys, types
from yibao_helpers.present import figures
_state = types.ModuleType("_yibao_sweep")
exec({STATE_MODULE!r}, _state.__dict__)
sys.modules["_yibao_sweep"] = _state
get_ipython().display_formatter.formatters["image/png"].for_type(_state.Figure, _state.draw_only)
"""

# run before every notebook
RESET = """
import sys
sys.modules["_yibao_sweep"].reset()
"""


class KernelCodeError(RuntimeError):
    pass


def _engine():
    """A papermill engine that closes its kernel client's channels after each run (the kernel stays)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class SharedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            km=None,
            **_,
        ):
            import logging

            client = PapermillNotebookClient(
                nb_man,
                km=km,
                kernel_name=kernel_name,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                log=logging.getLogger("papermill"),
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            try:
                return client.execute()
            finally:
                if client.kc is not None:  # nbclient leaves the client open when it does not own the kernel
                    client.kc.stop_channels()
                    client.kc = None

    papermill_engines.register("yibao-shared-kernel", SharedKernelEngine)
    return "yibao-shared-kernel"


class SharedKernel:
    """A python3 kernel started once in ``notebooks/`` that runs notebook after notebook.

    A run whose kernel died or stalled (nbclient's cell timeout; a known nbclient hang under load, see
    :func:`yibao_helpers.widgets.live_output`) restarts the kernel and is tried once more.
    """

    def __init__(self, cwd: Path = NOTEBOOKS):
        self.cwd = cwd
        self.engine = _engine()
        self.runs = self.restarts = 0
        self._start()

    def _start(self) -> None:
        from jupyter_client.blocking import BlockingKernelClient
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        env = {k: v for k, v in os.environ.items() if k != "YIBAO_CHART_DIR"}
        env["MPLBACKEND"] = "Agg"
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        self.km = AsyncKernelManager(kernel_name="python3")
        run_sync(self.km.start_kernel)(cwd=str(self.cwd), env=env)
        self.kc = BlockingKernelClient()
        self.kc.load_connection_info(self.km.get_connection_info())
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        self.execute(SETUP)

    def execute(self, code: str, timeout: float = 60) -> str:
        """Run ``code`` in the kernel (outside any notebook); return what it printed; raise on an error."""
        printed = []

        def hook(msg):
            if msg["msg_type"] == "stream":
                printed.append(msg["content"]["text"])

        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=hook, store_history=False)
        content = reply["content"]
        if content["status"] != "ok":
            raise KernelCodeError(f"{content.get('ename')}: {content.get('evalue')}")
        return "".join(printed)

    def run(self, path: Path, params: dict, *, before: str = "", timeout: int = CELL_TIMEOUT):
        """Reset the namespace, run ``before`` (e.g. start recording), then the notebook with ``params``.

        Returns the executed notebook (not written to disk: papermill would rewrite the whole file after
        every cell); a failing cell raises papermill's ``PapermillExecutionError`` (cell number, error text).
        """
        import papermill
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        for attempt in (1, 2):
            try:
                self.execute(RESET + before)
                nb = papermill.execute_notebook(
                    str(path),
                    None,
                    parameters=params,
                    engine_name=self.engine,
                    km=self.km,
                    progress_bar=False,
                    kernel_name="python3",
                    execution_timeout=timeout,
                )
                break
            except (CellTimeoutError, DeadKernelError, TimeoutError, RuntimeError) as exc:
                if isinstance(exc, KernelCodeError) or attempt == 2:
                    raise
                self.restart()
        self.runs += 1
        return nb

    def restart(self) -> None:
        self.restarts += 1
        self.close()
        self._start()

    def close(self) -> None:
        from jupyter_core.utils import run_sync

        self.kc.stop_channels()
        run_sync(self.km.shutdown_kernel)(now=True)


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
