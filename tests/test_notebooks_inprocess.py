"""Every notebook, run in-process: offline, from another folder, twice with the same results,
and with every control of every widget moved through its range.

nbval (``pytest --nbval-lax notebooks``) runs the same notebooks in a real kernel.
"""

import re
import socket
from pathlib import Path

import pytest

from emergence_utils import exercises, testing, widgets

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.fixture
def no_network(monkeypatch):
    """Refuse every outgoing connection (rule: offline at run time)."""
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError(f"network access blocked in tests: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_offline_elsewhere_twice_and_every_control(path, tmp_path, monkeypatch,
                                                             no_network):
    monkeypatch.chdir(tmp_path)  # any working directory
    exercises.RESULTS.clear()
    first = testing.run_notebook(path)
    # code shown in view and checked against the package passes; a student stub is "not done"
    for cell in testing.code_cells(path):
        for exercise_id in re.findall(r"eu\.exercises\.check\(\s*[\"'](\d\d\.\w+)", cell):
            stub = 'raise NotImplementedError("Student exercise' in cell
            want = "not done" if stub else "passed"
            assert exercises.RESULTS.get(exercise_id) == want, (
                f"{path.name}: check {exercise_id} gave {exercises.RESULTS.get(exercise_id)!r}, "
                f"expected {want!r}")
    second = testing.run_notebook(path)
    assert first.fingerprints == second.fingerprints, "a second run showed different outputs"
    assert no_network == [], f"the notebook tried to reach the network: {no_network}"
    for live in second.live_figures:
        n0 = live.n_updates
        moves = widgets.sweep_controls(live, n_values=4,
                                       after=lambda lf: testing.texts_outside(lf.fig))
        assert moves, f"{path.name}: a widget with controls {list(live.controls)} never updated"
        assert live.n_updates > n0
        assert live.alt.strip()
        for name in live.controls:
            assert any(m["changed"] for m in moves if m["control"] == name), (
                f"{path.name}: moving control {name!r} never changed the figure")
        # the layout is solved only when its key changes (LiveFigure._layout_key): in every
        # state reached, no text may be cut off at the edge of the picture
        cut = [f"{m['control']}={m['value']!r}: {c}" for m in moves for c in m["check"]]
        assert not cut, f"{path.name}: texts cut off at the figure edge: {cut}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_in_seminar_style_cuts_no_text(path, tmp_path, monkeypatch):
    """An instructor presents with EMERGENCE_STYLE=seminar (large fonts): every widget state
    must still fit its picture."""
    import matplotlib as mpl

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EMERGENCE_STYLE", "seminar")
    with mpl.rc_context():
        run = testing.run_notebook(path)
        assert mpl.rcParams["font.size"] == 16, "EMERGENCE_STYLE=seminar was not applied"
        for live in run.live_figures:
            moves = widgets.sweep_controls(live, n_values=3,
                                           after=lambda lf: testing.texts_outside(lf.fig))
            cut = [f"{m['control']}={m['value']!r}: {c}" for m in moves for c in m["check"]]
            assert not cut, f"{path.name} (seminar): texts cut off at the figure edge: {cut}"
