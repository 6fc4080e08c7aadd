"""Checked coding exercises: the checker itself, and every exercise of every notebook.

For each notebook 01-08:
- at least three checked coding exercises (four in 03, 05 and 08): a code cell with a stub that
  raises ``NotImplementedError("Student exercise: ...")`` and calls ``eu.exercises.check``;
- each stub is followed by a markdown cell with ``<details><summary>Solution`` and the full
  solution in a ```python block; run through the check, the solution passes;
- every exercise defines typical mistakes, and each fails with the message it is meant to give.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import emergence_utils as eu
from emergence_utils import exercises as ex
from emergence_utils.errors import EmergenceInputError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = {p.name[:2]: p for p in sorted((ROOT / "notebooks").glob("0[1-8]_*.ipynb"))}
MINIMUM = {"01": 3, "02": 3, "03": 4, "04": 3, "05": 4, "06": 3, "07": 3, "08": 4}
CHECK_CALL = re.compile(r"eu\.exercises\.check\(\s*[\"'](\d\d\.\w+)[\"']\s*,\s*(\w+)")
STUB = 'raise NotImplementedError("Student exercise'
SOLUTION = re.compile(r"<details>\s*<summary>\s*Solution.*?```python\n(.*?)```", re.S)


def _src(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def notebook_exercises(path: Path) -> list[dict]:
    """Every ``eu.exercises.check`` call of a notebook: id, function name, stub?, solution code."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        for m in CHECK_CALL.finditer(_src(cell)):
            stub = STUB in _src(cell)
            solution = None
            for nxt in cells[i + 1:i + 3]:
                if nxt["cell_type"] == "markdown":
                    s = SOLUTION.search(_src(nxt))
                    if s:
                        solution = s.group(1)
                        break
            found.append({"id": m.group(1), "func": m.group(2), "stub": stub,
                          "solution": solution, "cell": i})
    return found


# --- the checker ------------------------------------------------------------------------------

def _square_fraction(values):
    """Reference used by the checker's own tests: share of values above 0.5 (a fraction)."""
    return float(np.mean(np.asarray(values) > 0.5))


TOY = ex.Exercise("Share above one half", _square_fraction,
                  [ex.Case("three values", ([0.2, 0.7, 0.9],)),
                   ex.Case("all below", ([0.1, 0.2],), hint="no value is above 0.5 here")])


def test_check_reports_success_not_done_and_mistakes():
    assert ex.message(TOY, _square_fraction)[0] == "passed"

    def stub(values):
        raise NotImplementedError("Student exercise: share above one half")

    status, text = ex.message(TOY, stub)
    assert status == "not done" and "not done yet" in text

    status, text = ex.message(TOY, lambda v: 100 * _square_fraction(v))
    assert status == "failed" and "case 1 of 2 (three values)" in text
    assert "percent instead of a fraction" in text and "expected 0.666667, got 66.6667" in text

    status, text = ex.message(TOY, lambda v: -_square_fraction(v))
    assert "wrong sign" in text

    status, text = ex.message(TOY, lambda v: None)
    assert "forget the `return`" in text

    status, text = ex.message(TOY, lambda v: 1 / 0)
    assert status == "failed" and "ZeroDivisionError" in text

    # a mistake that shows only in the second case gets that case's hint
    status, text = ex.message(TOY, lambda v: 0.6666666666666666 if len(v) == 3 else 0.5)
    assert "case 2 of 2 (all below)" in text and "Hint: no value is above 0.5 here" in text


def test_check_never_changes_the_callers_arguments():
    def mutating(values):
        values.append(1.0)
        return _square_fraction(values[:-1])

    assert ex.message(TOY, mutating)[0] == "passed"
    assert TOY.cases[0].args == ([0.2, 0.7, 0.9],)


def test_diagnose_names_typical_mistakes():
    assert "off by one" in ex.diagnose(5.0, 6.0)
    assert "reverse order" in ex.diagnose(np.array([1.0, 2.0, 3.0]), np.array([3.0, 2.0, 1.0]))
    assert "ln(10)" in ex.diagnose(np.log10(50.0), np.log(50.0))
    assert "1/100" in ex.diagnose(40.0, 0.4)
    assert ex.diagnose(2.0, 7.0) == ""


def test_bad_ids_are_named():
    with pytest.raises(EmergenceInputError, match="exercise_id"):
        ex.get("nonsense")
    with pytest.raises(EmergenceInputError, match="exercise_id"):
        ex.get("99.x")


def test_check_prints_and_records(capsys):
    ids = ex.all_ids()
    if not ids:
        pytest.skip("no notebook exercise module yet")
    exercise_id = ids[0]
    reference = ex.get(exercise_id).reference
    result = ex.check(exercise_id, reference)
    assert result and result.status == "passed"
    assert "Well done" in capsys.readouterr().out
    assert result._ipython_display_() is None  # no bare True under the message
    assert ex.RESULTS[exercise_id] == "passed"


# --- every notebook's exercises ---------------------------------------------------------------

@pytest.mark.parametrize("nb", sorted(MINIMUM))
def test_notebook_has_checked_exercises_with_solutions(nb):
    path = NOTEBOOKS[nb]
    found = notebook_exercises(path)
    stubs = [f for f in found if f["stub"]]
    assert len(stubs) >= MINIMUM[nb], (
        f"{path.name}: {len(stubs)} checked coding exercises (stub + check), "
        f"needs at least {MINIMUM[nb]}")
    for f in found:
        assert f["id"].startswith(nb + "."), f"{path.name}: exercise {f['id']} belongs elsewhere"
        ex.get(f["id"])  # exists
    for f in stubs:
        assert f["solution"], f"{path.name}: exercise {f['id']} has no <details> Solution block"
        namespace = {"np": np, "pd": pd, "eu": eu}
        exec(compile(f["solution"], f"<{path.name} solution {f['id']}>", "exec"), namespace)
        assert f["func"] in namespace, (
            f"{path.name}: the solution of {f['id']} does not define {f['func']}()")
        status, text = ex.message(f["id"], namespace[f["func"]])
        assert status == "passed", f"{path.name}: the solution of {f['id']} fails its check: {text}"


@pytest.mark.parametrize("exercise_id", ex.all_ids() or ["none"])
def test_reference_passes_and_typical_mistakes_fail_with_their_message(exercise_id):
    if exercise_id == "none":
        pytest.skip("no exercise modules yet")
    exercise = ex.get(exercise_id)
    assert ex.message(exercise_id, exercise.reference)[0] == "passed"
    assert exercise.mistakes, f"{exercise_id}: define at least one typical mistake"
    for wrong, expected_text in exercise.mistakes:
        status, text = ex.message(exercise_id, wrong)
        assert status == "failed", f"{exercise_id}: mistake {wrong.__name__} passes the check"
        assert expected_text in text, (
            f"{exercise_id}: mistake {wrong.__name__} gave {text!r}, expected it to mention "
            f"{expected_text!r}")


def test_every_exercise_is_used_by_its_notebook():
    used = {f["id"] for path in NOTEBOOKS.values() for f in notebook_exercises(path)}
    unused = sorted(set(ex.all_ids()) - used)
    assert not unused, f"exercises defined but used in no notebook: {unused}"
