"""One started kernel, many notebook runs: the executor of the coverage matrix, the region sweep and the freshness check.

A papermill run that starts its own kernel costs ≈ 3 s (kernel start + imports), most of the work of
a short notebook. :class:`SharedKernel` starts one kernel and runs notebook after notebook in it, for every
region and every case: papermill injects the parameters, and the cells run in the kernel in one request
(:mod:`yibao_helpers.tools.notebook_driver`); with ``images=True`` (the book) papermill executes them with the
started kernel (``execute_notebook(..., km=...)``, which nbclient then does not shut down).

Each run starts clean (:data:`RESET`, executed through a second client before the run): ``%reset -f``
empties the user namespace; open figures are closed, ipywidgets closed, and pandas options,
matplotlib rcParams and warning filters restored to what they were after the kernel's first set-up.
The package's modules stay imported (their caches hold validated data, which does not change).
YIBAO_CHART_DIR is removed from the kernel's environment, so :func:`yibao_helpers.present.figures.show`
saves no PNG. Unless ``images=True`` (the book), figures are built but not rendered (:data:`TEXT_ONLY`): their
texts are checked for glyphs the chart fonts lack and for mathtext that does not parse, which is what a
drawing could fail on for one region's data; the renders themselves are checked where images are looked at
(nbval, the book, the chart and slider tests).
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

from ..core.paths import NOTEBOOKS

CELL_TIMEOUT = 120  # seconds per cell; every cell takes < 3 s, so a stall fails instead of hanging the suite
START_TIMEOUT = 60  # seconds for a started kernel to answer kernel_info
START_RETRIES = 2  # a kernel that dies at start is started again this many times (and says so)


def local_kernel_manager(**kwargs):
    """A kernel manager whose kernel talks over IPC sockets in a private temporary folder (mode 0700), not TCP.

    Nothing here ever needs a kernel reachable over the network, and a TCP kernel without CurveZMQ keys makes
    ipykernel warn "Kernel is running over TCP without encryption" on every start, which a newcomer reads as a
    failure. The sockets are files only this user can open, in a folder removed when the kernel stops.
    Give nbclient or papermill the class instead (``kernel_manager_class=KERNEL_MANAGER``) when they should
    own — and so stop — the kernel.
    """
    return _manager_class()(kernel_name="python3", **kwargs)


KERNEL_MANAGER = "yibao_helpers.tools.kernel.LocalKernelManager"  # import string for nbclient / papermill


def __getattr__(name):  # LocalKernelManager is built on first use: importing this module stays light
    if name == "LocalKernelManager":
        return _manager_class()
    raise AttributeError(name)


@functools.cache
def _manager_class():
    import shutil
    import tempfile

    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync
    from traitlets import default

    class LocalKernelManager(AsyncKernelManager):
        """AsyncKernelManager over IPC sockets in a private folder of its own, removed when its kernel stops."""

        @default("transport")
        def _transport_default(self):
            return "ipc"

        @default("ip")
        def _ip_default(self):
            # a folder per kernel manager (mkdtemp: mode 0700), so stopping one kernel never touches another's
            return os.path.join(tempfile.mkdtemp(prefix="yibao-kernel-"), "k")

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart=restart)
            if not restart and self.transport == "ipc":  # the socket files are gone; the folder goes too
                shutil.rmtree(os.path.dirname(self.ip), ignore_errors=True)

        cleanup_resources = run_sync(_async_cleanup_resources)

    return LocalKernelManager


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


_charmaps = {}


def _chart_glyphs():
    # every character the chart fonts (rcParams font.family, matplotlib's glyph-by-glyph fallback) can draw
    from matplotlib import font_manager

    families = tuple(matplotlib.rcParams["font.family"])
    if families not in _charmaps:
        from matplotlib.ft2font import FT2Font

        paths = [font_manager.findfont(f, fallback_to_default=False) for f in families]
        _charmaps[families] = frozenset().union(*(FT2Font(p).get_charmap() for p in paths))
    return _charmaps[families]


def text_only(fig):
    # the figure as built (every chart function ran and made its artists), checked without rendering it: each
    # text's characters must be in the chart fonts (what a drawing would warn "Glyph … missing" about) and a
    # text matplotlib reads as mathtext ($…$) must parse. The sweep never looks at images; rendering them was
    # half of a notebook's time (a drawing costs the same at any dpi: it is layout, not pixels)
    import sys
    from matplotlib import mathtext
    from matplotlib.text import Text

    glyphs = _chart_glyphs()
    for artist in fig.findobj(Text):
        text = artist.get_text()
        if not text or not artist.get_visible():
            continue
        shown, math = artist._preprocess_math(text)
        if math:
            try:
                mathtext.MathTextParser("path").parse(shown, 72, artist.get_fontproperties())
            except ValueError as exc:
                print(f"chart text {text!r} is not valid mathtext: {exc}", file=sys.stderr)
            continue
        missing = sorted({c for c in shown if not c.isspace() and ord(c) not in glyphs})
        if missing:
            print(f"Glyph missing from the chart fonts: {missing} in {text!r}", file=sys.stderr)
    return {"text/plain": repr(fig)}


def text_only_png(fig):
    text_only(fig)
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
import yibao_helpers.tools.notebook_driver
_state = types.ModuleType("_yibao_sweep")
exec({STATE_MODULE!r}, _state.__dict__)
sys.modules["_yibao_sweep"] = _state
"""
# the sweep, the coverage matrix and the notebook tests never look at images: every figure is built and its
# texts checked (glyphs, mathtext), but not rendered — neither what the package shows (figures.figure_bundle)
# nor a figure left open for the inline backend
TEXT_ONLY = """
import sys
from yibao_helpers.present import figures as _figures
_figures.figure_bundle = sys.modules["_yibao_sweep"].text_only
get_ipython().display_formatter.formatters["image/png"].for_type(
    sys.modules["_yibao_sweep"].Figure, sys.modules["_yibao_sweep"].text_only_png
)
del _figures
"""

DRIVER = 'sys.modules["yibao_helpers.tools.notebook_driver"]'  # imported in the kernel by SETUP

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

    def __init__(self, cwd=NOTEBOOKS, *, images: bool = False):
        """``images=True`` keeps the PNG of every figure in the outputs (the book's galleries need them)."""
        self.cwd = cwd
        self.images = images
        self.engine = _engine()
        self.runs = self.restarts = self.start_failures = 0
        self._start()

    def _start(self) -> None:
        """Start the kernel; one that dies or does not answer ``kernel_info`` at start is stopped and started
        again, up to :data:`START_RETRIES` times, each said on stderr (a busy machine can kill a kernel that is
        still importing; the third failure is raised)."""
        for attempt in range(START_RETRIES + 1):
            try:
                self._start_once()
                return
            except (RuntimeError, TimeoutError) as exc:
                self._stop_quietly()
                if attempt == START_RETRIES:
                    raise
                self.start_failures += 1
                print(
                    f"共享内核启动失败，重启（第 {attempt + 1}/{START_RETRIES} 次） "
                    f"shared kernel failed to start ({type(exc).__name__}: {exc}); restarting",
                    file=sys.stderr,
                    flush=True,
                )

    def _start_once(self) -> None:
        from jupyter_core.utils import run_sync

        env = {k: v for k, v in os.environ.items() if k != "YIBAO_CHART_DIR"}
        env["MPLBACKEND"] = "Agg"
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        self.km = local_kernel_manager()
        run_sync(self.km.start_kernel)(cwd=str(self.cwd), env=env)
        # the client is the manager's: "is the kernel alive" asks the process, not the heartbeat. A client of
        # its own would judge by heartbeats, and on a busy machine one late beat while the kernel is still
        # importing made wait_for_ready raise "Kernel died before replying to kernel_info" for a live kernel
        self.kc = self.km.blocking_client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=START_TIMEOUT)
        self.execute(SETUP if self.images else SETUP + TEXT_ONLY)

    def _stop_quietly(self) -> None:
        """Stop whatever a failed start left behind (client channels, a half-started kernel)."""
        from jupyter_core.utils import run_sync

        kc, km = getattr(self, "kc", None), getattr(self, "km", None)
        self.kc = self.km = None
        if kc is not None:
            kc.stop_channels()
        if km is not None:
            try:
                run_sync(km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 — the kernel is already gone; nothing else to stop
                pass

    def execute(self, code: str, timeout: float = 60) -> str:
        """Run ``code`` in the kernel (outside any notebook); return what it printed; raise on an error."""
        return self._request(code, timeout)[0]

    def _request(self, code: str, timeout: float) -> tuple[str, str]:
        """Run ``code``; return what it wrote to stdout and to stderr; raise :class:`KernelCodeError` on an error."""
        printed = {"stdout": [], "stderr": []}

        def hook(msg):
            if msg["msg_type"] == "stream":
                printed[msg["content"]["name"]].append(msg["content"]["text"])

        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=hook, store_history=False)
        content = reply["content"]
        if content["status"] != "ok":
            raise KernelCodeError(f"{content.get('ename')}: {content.get('evalue')}")
        return "".join(printed["stdout"]), "".join(printed["stderr"])

    def run(self, path: Path, params: dict, *, before: str = "", timeout: int = CELL_TIMEOUT):
        """Reset the namespace, run ``before`` (e.g. start recording), then the notebook with ``params``.

        Returns the executed notebook (not written to disk); a failing cell raises papermill's
        ``PapermillExecutionError`` (cell number, error text). The parameters are injected by papermill
        (its injected-parameters cell, after the ``parameters`` cell). Without images the cells run in the
        kernel in one request (:mod:`yibao_helpers.tools.notebook_driver`, ``timeout`` for the whole
        notebook); with images (the book) papermill executes them cell by cell (``timeout`` per cell).
        A run whose kernel died or stalled restarts the kernel and is tried once more.
        """
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        for attempt in (1, 2):
            try:
                self.execute(RESET + before)
                nb = self._papermill(path, params, timeout) if self.images else self._driven(path, params, timeout)
                break
            except (CellTimeoutError, DeadKernelError, TimeoutError, RuntimeError) as exc:
                if isinstance(exc, KernelCodeError) or attempt == 2:
                    raise
                self.restart()
        self.runs += 1
        return nb

    def _papermill(self, path: Path, params: dict, timeout: int):
        import papermill

        return papermill.execute_notebook(
            str(path),
            None,
            parameters=params,
            engine_name=self.engine,
            km=self.km,
            progress_bar=False,
            kernel_name="python3",
            execution_timeout=timeout,
        )

    def _driven(self, path: Path, params: dict, timeout: int):
        import json

        import nbformat
        import papermill
        from papermill.exceptions import PapermillExecutionError

        nb = papermill.execute_notebook(
            str(path), None, parameters=params, prepare_only=True, kernel_name="python3", progress_bar=False
        )
        code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        sources = [c.source for _, c in code]
        printed, stray = self._request(f"import sys\nprint({DRIVER}.run_cells({sources!r}))", timeout)
        result = json.loads(printed)
        for (_, cell), outputs in zip(code, result["outputs"]):
            cell.outputs = [nbformat.from_dict(o) for o in outputs]
        if stray:  # written to the kernel's stderr below Python (a C library): shown where nbclient would show it
            last = code[min(len(result["outputs"]), len(code)) - 1][1]
            last.outputs.append(nbformat.v4.new_output("stream", name="stderr", text=stray))
        state = {"version_major": 2, "version_minor": 0, "state": result["widgets"]}
        nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": state}
        if result["failed"] is not None:
            index, cell = code[result["failed"]]
            error = cell.outputs[-1]
            raise PapermillExecutionError(
                index, None, cell.source, error["ename"], error["evalue"], list(error["traceback"])
            )
        return nb

    def restart(self) -> None:
        self.restarts += 1
        self.close()
        self._start()

    def close(self) -> None:
        """Stop the kernel (and its socket folder); closing twice is harmless."""
        self._stop_quietly()
