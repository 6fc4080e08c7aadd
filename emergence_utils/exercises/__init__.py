"""Checked coding exercises (Neuromatch style): a stub, a check, a solution to reveal.

A notebook shows a stub that the student completes::

    def exact_match(prediction, target):
        # Student exercise: return 1.0 when the strings are equal, else 0.0
        raise NotImplementedError("Student exercise: write exact_match")

    eu.exercises.check("05.exact_match", exact_match)

:func:`check` runs the student's function on every case of the exercise, compares each result
with the package's tested reference, and prints one line: "not done yet" while the stub still
raises ``NotImplementedError``, the first failing case (expected vs got, and a hint that names
the likely mistake), or a success message. It never raises for a student's mistake, so "Run
All" works on the notebook as shipped. A full worked solution follows the stub in a
``<details><summary>Solution</summary>`` block of the next markdown cell.

Exercises are defined per notebook in ``emergence_utils/exercises/nbNN.py`` as a module-level
``EXERCISES`` dict that maps a short name to an :class:`Exercise`; ids are ``"NN.name"``.
"""

from __future__ import annotations

import copy
import importlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import EmergenceInputError

__all__ = ["Case", "Exercise", "CaseResult", "check", "run_cases", "get", "all_ids", "RESULTS",
           "diagnose", "message", "CheckResult"]

#: Outcome of the last :func:`check` of each exercise id in this kernel:
#: ``"passed"``, ``"failed"`` or ``"not done"`` (used by the notebook tests).
RESULTS: dict[str, str] = {}

#: Notebooks that have an exercise module (``nbNN.py``).
NOTEBOOKS = ("01", "02", "03", "04", "05", "06", "07", "08")


@dataclass(frozen=True)
class Case:
    """One test case: the arguments given to the student's function and to the reference.

    Parameters
    ----------
    label : str
        What the case is, in words ("a curve that jumps at the largest model").
    args : tuple
        Positional arguments (copied before each call, so a function that changes its input
        cannot affect the next case).
    kwargs : dict
        Keyword arguments.
    hint : str
        Shown when this case fails, after the automatic diagnosis.
    """

    label: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    hint: str = ""


@dataclass(frozen=True)
class Exercise:
    """An exercise: a title, the reference solution and the cases that check a student's answer.

    Parameters
    ----------
    title : str
        Short title shown in messages.
    reference : callable
        The tested solution (usually a function of the package).
    cases : sequence of Case
        At least one.
    rtol, atol : float
        Tolerances for numbers and arrays (``numpy.allclose``; NaN equals NaN).
    compare : callable, optional
        ``compare(expected, got) -> str | None``: a custom comparison that returns a message
        when they differ (None when they agree). Replaces the numeric comparison.
    diagnose : callable, optional
        ``diagnose(expected, got, case) -> str | None``: exercise-specific hints for typical
        mistakes, tried before the generic ones.
    mistakes : sequence of (callable, str)
        Typical wrong answers and a piece of the message each must produce (the tests run
        them through :func:`check`: every one must fail, with that text in its message).
    """

    title: str
    reference: Callable[..., Any]
    cases: Sequence[Case]
    rtol: float = 1e-6
    atol: float = 1e-9
    compare: Callable[[Any, Any], str | None] | None = None
    diagnose: Callable[[Any, Any, Case], str | None] | None = None
    mistakes: Sequence[tuple[Callable[..., Any], str]] = ()

    def __post_init__(self) -> None:
        if not self.cases:
            raise EmergenceInputError(f"cases: exercise {self.title!r} needs at least one case")


@dataclass
class CaseResult:
    """Result of one case: ``status`` is ``"ok"``, ``"wrong"``, ``"error"`` or ``"not done"``."""

    case: Case
    status: str
    expected: Any = None
    got: Any = None
    message: str = ""


def get(exercise_id: str) -> Exercise:
    """Return the exercise ``"NN.name"`` (e.g. ``"03.emergence_score"``)."""
    if not isinstance(exercise_id, str) or "." not in exercise_id:
        raise EmergenceInputError(f"exercise_id: expected 'NN.name', got {exercise_id!r}")
    nb, name = exercise_id.split(".", 1)
    if nb not in NOTEBOOKS:
        raise EmergenceInputError(f"exercise_id: no notebook {nb!r} in {exercise_id!r}")
    try:
        module = importlib.import_module(f".nb{nb}", __name__)
    except ModuleNotFoundError as exc:
        raise EmergenceInputError(f"exercise_id: notebook {nb} has no exercises yet") from exc
    table: dict[str, Exercise] = module.EXERCISES
    if name not in table:
        raise EmergenceInputError(f"exercise_id: notebook {nb} has no exercise {name!r} "
                                  f"(it has {', '.join(sorted(table))})")
    return table[name]


def all_ids() -> list[str]:
    """Every exercise id of every notebook that has an exercise module."""
    ids = []
    for nb in NOTEBOOKS:
        try:
            module = importlib.import_module(f".nb{nb}", __name__)
        except ModuleNotFoundError:
            continue
        ids += [f"{nb}.{name}" for name in module.EXERCISES]
    return ids


def _short(value: Any, limit: int = 160) -> str:
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=6, threshold=12, edgeitems=3):
            text = repr(value)
    elif isinstance(value, float):
        text = f"{value:.6g}"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _as_array(value: Any) -> np.ndarray | None:
    if isinstance(value, (bool, str, bytes, dict)) or value is None:
        return None
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return arr


def _numeric_mismatch(expected: Any, got: Any, rtol: float, atol: float) -> str | None:
    """A message when ``got`` differs from ``expected`` (None when they agree)."""
    if got is None and expected is not None:
        return "your function returned None: did you forget the `return` statement?"
    e, g = _as_array(expected), _as_array(got)
    if e is None or g is None:
        if isinstance(expected, float) and isinstance(got, float) and math.isnan(expected) \
                and math.isnan(got):
            return None
        return None if expected == got else "the values differ"
    if e.shape != g.shape:
        return f"expected shape {e.shape}, got shape {g.shape}"
    if np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True):
        return None
    return "the values differ"


def diagnose(expected: Any, got: Any, rtol: float = 1e-6, atol: float = 1e-9) -> str:
    """Name a typical mistake that turns ``expected`` into ``got``, or return ``""``.

    Recognised: percent vs fraction (a factor of 100), a flipped sign, an answer off by one,
    a reversed array, an inverse (1/x), and a log in the wrong base (natural vs base 10).
    """
    e, g = _as_array(expected), _as_array(got)
    if e is None or g is None or e.shape != g.shape or not np.all(np.isfinite(e)) \
            or not np.all(np.isfinite(g)):
        return ""

    def close(a: np.ndarray, b: np.ndarray) -> bool:
        return bool(np.allclose(a, b, rtol=max(rtol, 1e-9), atol=atol))

    if np.any(e != 0):
        if close(g, 100 * e):
            return "your answer is 100 times the expected one: percent instead of a fraction?"
        if close(g, e / 100):
            return "your answer is 1/100 of the expected one: a fraction instead of percent?"
        if close(g, -e):
            return "your answer has the wrong sign."
        with np.errstate(divide="ignore"):
            if np.all(e != 0) and close(g, 1 / e):
                return "your answer is the inverse (1/x) of the expected one."
        if close(g * np.log(10), e) or close(g, e * np.log(10)):
            return "your answer is off by a factor ln(10): natural log vs log10?"
    if close(g, e + 1) or close(g, e - 1):
        return "your answer is off by one."
    if e.ndim == 1 and e.size > 1 and close(g, e[::-1]):
        return "your array is in reverse order."
    return ""


def run_cases(exercise_id: str | Exercise, func: Callable[..., Any]) -> list[CaseResult]:
    """Run ``func`` on every case of an exercise; stop at the first case that is not ``"ok"``."""
    ex = exercise_id if isinstance(exercise_id, Exercise) else get(exercise_id)
    if not callable(func):
        raise EmergenceInputError(f"func: expected the function you wrote, got {type(func).__name__}")
    results: list[CaseResult] = []
    for case in ex.cases:
        expected = ex.reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        try:
            got = func(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        except NotImplementedError as exc:
            results.append(CaseResult(case, "not done", expected, None, str(exc)))
            return results
        except Exception as exc:  # noqa: BLE001 - any student error is reported, not raised
            results.append(CaseResult(case, "error", expected, None,
                                      f"{type(exc).__name__}: {exc}"))
            return results
        if ex.compare is not None:
            problem = ex.compare(expected, got)
        else:
            problem = _numeric_mismatch(expected, got, ex.rtol, ex.atol)
        if problem is None:
            results.append(CaseResult(case, "ok", expected, got))
            continue
        hints = []
        if ex.diagnose is not None:
            specific = ex.diagnose(expected, got, case)
            if specific:
                hints.append(specific)
        if not hints and problem == "the values differ":
            generic = diagnose(expected, got, ex.rtol, ex.atol)
            if generic:
                hints.append(generic)
        elif problem != "the values differ":
            hints.append(problem)
        if case.hint:
            hints.append(f"Hint: {case.hint}")
        results.append(CaseResult(case, "wrong", expected, got, " ".join(hints)))
        return results
    return results


def message(exercise_id: str | Exercise, func: Callable[..., Any]) -> tuple[str, str]:
    """``(status, text)`` of checking ``func``: status ``"passed"``, ``"failed"`` or ``"not done"``."""
    ex = exercise_id if isinstance(exercise_id, Exercise) else get(exercise_id)
    results = run_cases(ex, func)
    last = results[-1]
    n = len(ex.cases)
    if last.status == "ok":
        return "passed", f"✔ {ex.title}: all {n} cases pass. Well done!"
    if last.status == "not done":
        return "not done", (f"… {ex.title}: not done yet (the function still raises "
                            "NotImplementedError). Write it, run its cell, then run this check again.")
    head = f"✘ {ex.title}: case {len(results)} of {n} ({last.case.label}) "
    if last.status == "error":
        return "failed", head + f"raised {last.message}."
    text = head + f"expected {_short(last.expected)}, got {_short(last.got)}."
    if last.message:
        text += " " + last.message
    return "failed", text


class CheckResult:
    """What :func:`check` returns: true when every case passed.

    It shows nothing when it is the last line of a cell (the check has printed its message
    already), so the notebook does not add a bare ``True`` or ``False`` under it.
    """

    def __init__(self, exercise_id: str, status: str, text: str) -> None:
        self.exercise_id, self.status, self.text = exercise_id, status, text

    def __bool__(self) -> bool:
        return self.status == "passed"

    def __repr__(self) -> str:
        return f"CheckResult({self.exercise_id!r}, {self.status!r})"

    def _ipython_display_(self) -> None:
        """Display nothing: the message was printed by :func:`check`."""


def check(exercise_id: str, func: Callable[..., Any], *, quiet: bool = False) -> CheckResult:
    """Check a student's function against an exercise's cases and print what happened.

    Parameters
    ----------
    exercise_id : str
        ``"NN.name"``, e.g. ``"03.emergence_score"``.
    func : callable
        The student's function.
    quiet : bool
        Do not print (tests).

    Returns
    -------
    CheckResult
        True (in an ``if``) when every case passes. Never raises for a mistake in ``func``: a
        stub that still raises ``NotImplementedError`` is reported as "not done yet".
    """
    status, text = message(exercise_id, func)
    RESULTS[exercise_id] = status
    if not quiet:
        print(text)
    return CheckResult(exercise_id, status, text)
