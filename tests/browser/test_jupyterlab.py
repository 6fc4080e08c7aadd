"""Every notebook, run in JupyterLab in headless Chromium like a student would.

For each ``notebooks/*.ipynb``: open it in a private JupyterLab, run all cells from the Run menu,
wait until every code cell has an execution count, then check that

- no cell shows an error (read from the notebook model and from the rendered output);
- every widget the kernel sent is rendered, none shows "Error displaying widget";
- every quiz answers its first question when "Check" is pressed;
- no visible widget text (slider label, readout, checkbox or radio label, toggle button,
  button, dropdown entry) is wider than its box, before and after the controls move;
- every control of every interactive figure (a widget holding an image and sliders, toggle
  buttons or dropdowns) changes the figure when operated like a user would (keyboard for
  sliders, clicks for toggle buttons); a figure driven by push buttons only (the lab's
  "Retrain" panel) must change after its first button is clicked, and is then stopped;
- the page requested nothing outside 127.0.0.1 and no local resource failed (e.g. a badge);
- the notebook file is not saved by Lab (autosave is off; outputs must never be committed).

Screenshots go to ``build/browser-screenshots/``.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import labdriver as ld
import pytest

pytestmark = pytest.mark.browser

NOTEBOOK_PATHS = sorted(ld.NOTEBOOKS.glob("*.ipynb"))

#: Seconds allowed for "Run All Cells" of one notebook.
RUN_TIMEOUT = 180.0
#: Seconds allowed for a figure to change after a control is operated (first update of a cell
#: can include imports and JIT warm-up; the latency target is checked by the benchmark).
UPDATE_TIMEOUT = 20.0
#: Seconds allowed for a button-driven figure (e.g. "Retrain") to show its first new picture.
BUTTON_TIMEOUT = 90.0

_WIDGET_CODE = re.compile(r"LiveFigure|\w_widget\s*\(|\bwidget\s*\(")


def _code_sources(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]


def _expects_live_figure(path: Path) -> bool:
    return any(_WIDGET_CODE.search(src) and "Quiz(" not in src and "quiz.show(" not in src
               for src in _code_sources(path))


def _screenshot(page, name: str) -> Path:
    ld.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = ld.SCREENSHOTS / name
    page.screenshot(path=str(out))
    return out


def test_notebooks_exist() -> None:
    assert NOTEBOOK_PATHS, f"no notebooks found in {ld.NOTEBOOKS}"


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=[p.name for p in NOTEBOOK_PATHS])
def test_notebook_in_jupyterlab(path: Path, fresh_lab: ld.LabServer, browser_page) -> None:
    lab = fresh_lab
    page, t0 = browser_page.page, time.perf_counter()
    digest = ld.file_digest(path)
    rel = path.relative_to(lab.root).as_posix()

    ld.open_notebook(page, lab, rel)
    t_open = time.perf_counter()
    ld.run_all_cells(page)
    state = ld.wait_run_finished(page, RUN_TIMEOUT)
    t_run = time.perf_counter()

    errors = [f"cell {c['index']}: {e}" for c in state["cells"] for e in c["errors"]]
    assert not errors, f"{path.name}: cells raised errors:\n" + "\n".join(errors)
    counts = [c["count"] for c in state["cells"]]
    assert all(isinstance(n, int) for n in counts), f"{path.name}: unexecuted cells: {counts}"
    assert counts == sorted(counts), f"{path.name}: cells ran out of order: {counts}"

    n_views = sum(c["widgets"] for c in state["cells"])
    rendered = ld.wait_widgets_rendered(page, n_views, timeout=30)
    dom_errors = ld.dom_output_errors(page)
    assert not dom_errors, f"{path.name}: rendered errors:\n" + "\n".join(dom_errors)
    assert rendered >= n_views, (f"{path.name}: the kernel sent {n_views} widget views but only "
                                 f"{rendered} rendered")
    summary = ld.widget_summary(page)
    clipped = ld.clipped_texts(page)
    assert not clipped, (f"{path.name}: widget texts cut off (wider than their box):\n  "
                         + "\n  ".join(clipped))

    figures = ld.live_figures(page)
    if _expects_live_figure(path):
        assert figures, (f"{path.name}: code builds interactive figures but none rendered "
                         f"(widgets: {summary})")
    shots = [_screenshot(page, f"{path.stem}.png")]
    moved = []
    for fig in figures:
        where = f"{path.name}: figure {fig['index']} (cell {fig['cell']})"
        controls = fig["controls"]
        assert controls, f"{where} has no slider, toggle, dropdown or button"
        if {c["kind"] for c in controls} == {"button"}:
            changed = ld.exercise_buttons(page, fig["index"], len(controls), BUTTON_TIMEOUT)
            assert changed, f"{where}: clicking {controls[0]['label']!r} did not change the image"
            moved.append(f"button {controls[0]['label']!r}")
        # visible controls only, found again before each move (the gain explorer shows the
        # threshold slider of the chosen x-axis)
        for index, ctl in ld.iter_controls(page, fig["index"]):
            if ctl["kind"] == "button":
                continue
            attempts: list[str] = []
            changed = ld.exercise_control(page, fig["index"], index, ctl["kind"],
                                          UPDATE_TIMEOUT, log=attempts)
            assert changed, (f"{where}: operating {ctl['kind']} {ctl['label']!r} did not "
                             "change the image\n  " + "\n  ".join(attempts)
                             + f"\n  caption: {ld.figure_caption(page, fig['index'])!r}"
                             + f"\n  console errors: {browser_page.console_errors[-5:]}"
                             + f"\n  lab log:\n{lab.log_tail(20)}")
            moved.append(f"{ctl['kind']} {ctl['label']!r}")
            if ctl["kind"] == "slider":
                # End and Home must reach the ends of the range shown now (they would not if a
                # slider's range were changed after display: ipywidgets 8 keeps the first one)
                ends = ld.slider_key_ends(page, fig["index"], index)
                assert ends["End"] == ends["max"] and ends["Home"] == ends["min"], (
                    f"{where}: slider {ctl['label']!r}: End/Home gave {ends}")
        locator = page.locator(f'[data-live-figure="{fig["index"]}"]')
        locator.scroll_into_view_if_needed()
        out = ld.SCREENSHOTS / f"{path.stem}-figure{fig['index']}.png"
        locator.screenshot(path=str(out))
        shots.append(out)

    n_quiz = ld.quiz_outputs(page)
    if any("Quiz(" in src or "quiz.show(" in src for src in _code_sources(path)):
        assert n_quiz, f"{path.name}: the notebook builds a Quiz but no quiz widget rendered"
    feedback = [ld.answer_first_question(page, q) for q in range(n_quiz)]
    # after every move and answer (readouts and feedback change): still nothing cut off
    clipped = ld.clipped_texts(page)
    assert not clipped, (f"{path.name}: widget texts cut off after the controls moved:\n  "
                         + "\n  ".join(clipped))

    assert not browser_page.requests.external, (
        f"{path.name}: requests outside 127.0.0.1 (blocked): {browser_page.requests.external}")
    assert not browser_page.failed_responses, (
        f"{path.name}: local resources failed to load: {browser_page.failed_responses}")
    assert not browser_page.page_errors, f"{path.name}: uncaught page errors: " \
                                         f"{browser_page.page_errors}"
    if ld.file_digest(path) != digest:
        # Changed while the test ran: acceptable only as someone's edit, never as a Lab save
        # (which would store the outputs and execution counts of this run).
        saved = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                 if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
        assert not saved, f"{path.name} was saved with outputs while the test ran"
        print(f"\nnote: {path.name} changed on disk during the test (edited, not saved by Lab)")

    stderr = [f"cell {c['index']}: {s}" for c in state["cells"] for s in c["stderr"]]
    print(f"\n{path.name}: open {t_open - t0:.1f} s, run all {t_run - t_open:.1f} s, "
          f"widgets {time.perf_counter() - t_run:.1f} s, total {time.perf_counter() - t0:.1f} s; "
          f"{len(state['cells'])} code cells, {n_views} widget views, {len(figures)} interactive "
          f"figures, controls moved: {', '.join(moved) or 'none'}; {n_quiz} quizzes answered; "
          f"widgets {summary}")
    for q, text in enumerate(feedback):
        print(f"quiz {q}, first question, first option: {text[:100]}")
    if stderr:
        print(f"{path.name}: stderr output (warnings):\n  " + "\n  ".join(stderr))
    for shot in shots:
        print(f"screenshot: {shot}")
