"""The shared kernel's one-request notebook runner (yibao_helpers.tools.notebook_driver) records what papermill
records: the same outputs per cell, the first error as papermill's exception, stderr, quiet ``;`` cells, the
widgets' outputs; and its figures are checked for what a drawing could fail on (issue 16, deliverable 8)."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

pytestmark = pytest.mark.notebooks  # starts a kernel: left out of `make test-fast`


def _notebook(tmp_path, *sources: str, parameters: str = "x = 1"):
    cells = [nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]})]
    cells += [nbformat.v4.new_code_cell(s) for s in sources]
    nb = nbformat.v4.new_notebook(
        cells=cells, metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}
    )
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def kernel():
    from yibao_helpers.tools.kernel import SharedKernel

    k = SharedKernel()
    yield k
    k.close()


def _outputs(nb):
    return [[{k: v for k, v in o.items() if k != "execution_count"} for o in c.get("outputs", [])] for c in nb.cells]


def test_the_same_outputs_as_papermill_cell_by_cell(kernel, tmp_path):
    from yibao_helpers.tools.kernel import RESET

    path = _notebook(
        tmp_path,
        "print('a'); print('b')\nimport sys; print('warn', file=sys.stderr)\nx * 2",
        "import pandas as pd\npd.DataFrame({'金额': [1.5, 2]})",
        "x + 1;",  # quiet: no execute_result
        "from IPython.display import display, Markdown, clear_output\ndisplay(Markdown('**1**'))\nclear_output()\n"
        "display(Markdown('**2**'))\nprint('after')",
    )
    kernel.execute(RESET)
    theirs = kernel._papermill(path, {"x": 20}, 60)
    kernel.execute(RESET)
    mine = kernel._driven(path, {"x": 20}, 60)
    assert [c.source for c in mine.cells] == [c.source for c in theirs.cells]  # papermill's injected cell
    assert "x = 20" in mine.cells[1].source
    assert _outputs(mine) == _outputs(theirs)
    # the values themselves, worked out from the cells above: 20 × 2, stderr kept apart, nothing for `x + 1;`
    first = mine.cells[2].outputs
    assert [o.get("name") for o in first[:2]] == ["stdout", "stderr"] and first[0]["text"] == "a\nb\n"
    assert first[2]["data"]["text/plain"] == "40"
    assert mine.cells[4].outputs == []
    assert [o["data"]["text/markdown"] for o in mine.cells[5].outputs if "data" in o] == ["**2**"]


def test_the_first_error_is_papermills_exception_and_later_cells_do_not_run(kernel, tmp_path):
    from papermill.exceptions import PapermillExecutionError

    path = _notebook(tmp_path, "print('ran')", "raise ValueError('坏的值 bad value')", "print('never')")
    with pytest.raises(PapermillExecutionError) as caught:
        kernel.run(path, {})
    exc = caught.value
    assert (exc.cell_index, exc.ename, exc.evalue) == (2, "ValueError", "坏的值 bad value")
    assert exc.source == "raise ValueError('坏的值 bad value')"
    plain = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(exc.traceback))
    assert re.search(r"-+> 1 raise ValueError", plain), plain  # IPython's traceback, the line that raised
    assert kernel.execute("print('never' in dir())").strip() == "False"


def test_widget_outputs_are_recorded_like_the_notebooks_widget_state(kernel, tmp_path):
    path = _notebook(
        tmp_path,
        "import ipywidgets as w\nout = w.Output()\nout.outputs = ({'output_type': 'stream', 'name': 'stdout', "
        "'text': '划入 160.00 元'},)\nlabel = w.HTML('<b>余额</b>')\nw.VBox([out, label])",
    )
    nb = kernel.run(path, {})
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    shown = {m["model_name"]: m["state"] for m in state.values()}
    assert shown["OutputModel"]["outputs"][0]["text"] == "划入 160.00 元"
    assert shown["HTMLModel"]["value"] == "<b>余额</b>"
    json.dumps(state)  # stored in a notebook: JSON all through


def test_a_figure_is_checked_for_missing_glyphs_and_bad_mathtext_without_being_drawn(kernel, tmp_path):
    path = _notebook(
        tmp_path,
        "from yibao_helpers.present import figures, style\n"
        "fig, ax = style.subplots(figsize=(4, 3))\n"
        "ax.set_title('北京 余额 ¥1,000')\n"  # DejaVu Sans + Noto Sans SC have every one of these
        "ax.set_xlabel('$x^2$')\n"
        "figures.show(fig)",
        "fig, ax = style.subplots()\nax.set_title('\\u0F00 \\uA000')\nfigures.show(fig)",  # Tibetan ༀ, Yi ꀀ: in neither font
        "fig, ax = style.subplots()\nax.set_title('$\\\\frac{1}{$')\nfigures.show(fig)",
    )
    nb = kernel.run(path, {})
    good, glyphs, math = (c.outputs for c in nb.cells[1:4])  # no parameters passed: nothing injected
    assert [o["output_type"] for o in good] == ["display_data"]
    assert "image/png" not in good[0]["data"] and good[0]["data"]["text/plain"].startswith("<Figure size 400x300")
    stderr = [o["text"] for o in glyphs if o.get("name") == "stderr"]
    assert stderr and "Glyph missing" in stderr[0] and "'\u0f00'" in stderr[0] and "'\ua000'" in stderr[0]
    stderr = [o["text"] for o in math if o.get("name") == "stderr"]
    assert stderr and "not valid mathtext" in stderr[0]
