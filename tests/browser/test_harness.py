"""The browser harness can fail: a planted error, a dead slider and a remote image are caught.

A throw-away notebook is written under ``build/browser-selftest/`` (inside the server root,
ignored by git) with a remote image in markdown, an interactive figure with one slider that
changes the figure and one that does not, a cell that raises, and a cell after it.
"""

from __future__ import annotations

import labdriver as ld
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

pytestmark = pytest.mark.browser

REMOTE_IMAGE = "https://example.invalid/remote.png"

FIGURE_CODE = '''import ipywidgets as w
import numpy as np
from matplotlib.figure import Figure

import emergence_utils as eu

x = np.linspace(0, 1, 20)
fig = Figure(figsize=(3, 2))
ax = fig.add_subplot()
(line,) = ax.plot(x, x)
ax.set_ylim(0, 4)


def update(live, dead):
    line.set_ydata(live * x)  # 'dead' is ignored on purpose


eu.widgets.LiveFigure(fig, update, {
    "live": w.FloatSlider(value=1, min=0, max=3, step=0.5, description="live"),
    "dead": w.IntSlider(value=1, min=0, max=3, description="dead"),
}, alt="self-test line")'''


LONG = "an option text long enough to need two lines in any notebook " * 3

CLIPPED_CODE = f'''import ipywidgets as w

import emergence_utils as eu

w.VBox([w.Checkbox(description={LONG!r}, indent=False),
        w.FloatSlider(description="a slider description far too long for its label box"),
        w.Dropdown(options=["short", {LONG!r}])])'''

QUIZ_CODE = f'''eu.quiz.Quiz([eu.quiz.Question("Which?", [{LONG!r}, "short"], correct={{0, 1}},
                                why=["a", "b"])])'''


def _write_selftest() -> str:
    folder = ld.REPO / "build" / "browser-selftest"
    folder.mkdir(parents=True, exist_ok=True)
    nb = new_notebook(cells=[
        new_markdown_cell(f"# Harness self-test\n\n![remote]({REMOTE_IMAGE})"),
        new_code_cell(FIGURE_CODE),
        new_code_cell(CLIPPED_CODE),
        new_code_cell(QUIZ_CODE),
        new_code_cell('raise ValueError("planted error")'),
        new_code_cell('print("never runs")'),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}})
    path = folder / "harness_selftest.ipynb"
    nbformat.write(nb, path)
    return path.relative_to(ld.REPO).as_posix()


def test_harness_reports_errors_dead_controls_and_remote_requests(fresh_lab, browser_page):
    page = browser_page.page
    rel = _write_selftest()
    ld.open_notebook(page, fresh_lab, rel)
    ld.run_all_cells(page)
    state = ld.wait_run_finished(page, 120)

    cells = state["cells"]
    assert cells[0]["errors"] == [] and cells[0]["widgets"] == 1
    assert cells[3]["errors"] == ["ValueError: planted error"]
    assert cells[4]["count"] is None, "Run All must stop at the failing cell"
    assert any("planted error" in e for e in ld.dom_output_errors(page))

    assert ld.wait_widgets_rendered(page, 3, timeout=30) == 3
    # cut-off texts are found: a long checkbox label, slider label and dropdown entry (cell 2);
    # the quiz's long option wraps instead (cell 3)
    clipped = ld.clipped_texts(page)
    assert any(c.startswith("cell 2: \"an option text") for c in clipped), clipped
    assert any("a slider description" in c for c in clipped), clipped
    assert any("dropdown entry" in c for c in clipped), clipped
    assert not [c for c in clipped if c.startswith("cell 3")], clipped
    figures = ld.live_figures(page)
    assert [c["label"] for c in figures[0]["controls"]] == ["live", "dead"]
    assert ld.exercise_control(page, 0, 0, "slider", timeout=10) is True
    attempts: list[str] = []
    assert ld.exercise_control(page, 0, 1, "slider", timeout=1.5, log=attempts) is False
    # every failed attempt is described for the failure message
    assert [a.split(":")[0] for a in attempts] == ["key 'ArrowRight'", "key 'End'", "key 'Home'"]
    assert all("no new image within 1.5 s" in a for a in attempts)
    assert "kernel settled before: True" in attempts[0]

    assert REMOTE_IMAGE in browser_page.requests.external
    assert all(ld.RequestLog.is_local(u) for u in browser_page.requests.sockets)
