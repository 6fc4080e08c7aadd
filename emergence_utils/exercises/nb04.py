"""Exercises of notebook 04 (augmented prompting): gains, thresholds, noise."""

from __future__ import annotations

import numpy as np

from .. import prompting
from . import Case, Exercise

__all__ = ["EXERCISES"]


def _gsm8k(family: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(params, baseline %, chain of thought %, gain pp) of the GSM8K models with parameters."""
    tab = prompting.gain_table("chain of thought", "GSM8K", family)
    tab = tab[tab["params"].notna()]
    return (tab["params"].to_numpy(float), tab["baseline"].to_numpy(float),
            tab["technique"].to_numpy(float), tab["gain_pp"].to_numpy(float))


# --- in view: emergence scale of one family -------------------------------------------------
def _first_positive(scale, gains_pp, min_gain_pp=0.0):
    """Mistake: the first model (by scale) that gains, whatever the larger ones do."""
    x, g = np.asarray(scale, float), np.asarray(gains_pp, float)
    order = np.argsort(x)
    for i in order:
        if g[i] > min_gain_pp:
            return float(x[i])
    return np.nan


def _unsorted(scale, gains_pp, min_gain_pp=0.0):
    """Mistake: walks the models in the given order instead of sorting them by scale."""
    result = np.nan
    for x, g in zip(scale[::-1], gains_pp[::-1], strict=True):
        if not g > min_gain_pp:
            break
        result = float(x)
    return result


def _scale_cases() -> list[Case]:
    p, _, _, g = _gsm8k("LaMDA")
    pa, _, _, ga = _gsm8k("PaLM")
    aqua = prompting.gain_table("chain of thought", "AQuA", "PaLM")
    return [
        Case("GSM8K, LaMDA (420M to 137B)", (p, g)),
        Case("GSM8K, LaMDA, models listed largest first", (p[::-1].copy(), g[::-1].copy()),
             hint="sort the models by scale before walking down from the largest"),
        Case("GSM8K, PaLM", (pa, ga)),
        Case("AQuA, PaLM: gains +2.4, -3.2, +10.6 pp (a gain that comes and goes)",
             (aqua["params"].to_numpy(float), aqua["gain_pp"].to_numpy(float)),
             hint="every model from the answer up must gain, not just one of them"),
        Case("no model gains", (np.array([1e9, 1e10]), np.array([-1.0, 0.0]))),
        Case("a gain exactly at min_gain_pp does not count",
             (np.array([1e9, 1e10, 1e11]), np.array([0.5, 1.0, 3.0])), {"min_gain_pp": 1.0},
             hint="the gain must be strictly larger than min_gain_pp"),
    ]


# --- exercise 1: the gain -----------------------------------------------------------------
def _gain_reversed(baseline_pct, technique_pct):
    return np.asarray(baseline_pct, float) - np.asarray(technique_pct, float)


def _gain_ratio(baseline_pct, technique_pct):
    return np.asarray(technique_pct, float) / np.asarray(baseline_pct, float)


def _gain_fraction(baseline_pct, technique_pct):
    return (np.asarray(technique_pct, float) - np.asarray(baseline_pct, float)) / 100


def _gain_cases() -> list[Case]:
    _, b, t, _ = _gsm8k()
    return [Case("one model: LaMDA 420M on GSM8K, 2.6 % -> 0.4 %",
                 (np.array([2.6]), np.array([0.4]))),
            Case("every GSM8K model with a parameter count", (b, t)),
            Case("a technique that doubles a 10 % score", (np.array([10.0]), np.array([20.0])),
                 hint="10 % -> 20 % is a gain of 10 percentage points, not 100 %")]


# --- exercise 2: does everything above a gain? -----------------------------------------------
def _above_strict(scale, gains_pp, a):
    x, g = np.asarray(scale, float), np.asarray(gains_pp, float)
    above = x > a
    return None if not above.any() else bool(np.all(g[above] > 0))


def _above_nonneg(scale, gains_pp, a):
    x, g = np.asarray(scale, float), np.asarray(gains_pp, float)
    above = x >= a
    return None if not above.any() else bool(np.all(g[above] >= 0))


def _above_false_when_empty(scale, gains_pp, a):
    x, g = np.asarray(scale, float), np.asarray(gains_pp, float)
    above = x >= a
    return bool(above.any() and np.all(g[above] > 0))


def _above_cases() -> list[Case]:
    p, _, _, g = _gsm8k()
    return [
        Case("GSM8K, all families, a = 1e9 parameters", (p, g, 1e9)),
        Case("GSM8K, all families, a = 1e10 parameters", (p, g, 1e10)),
        Case("GSM8K, a = 8e9: the 8B models sit exactly at a", (p, g, 8e9),
             hint="'at or above a' includes a model whose scale equals a"),
        Case("a gain of exactly 0 pp at the largest model",
             (np.array([1e9, 1e10]), np.array([-1.0, 0.0]), 5e9),
             hint="a gain of 0 pp is no gain: the test is gain > 0"),
        Case("a above every model", (p, g, 1e13),
             hint="with no model at or above a the claim is untested: return None"),
    ]


# --- exercise 3: noise of a gain ----------------------------------------------------------------
def _se_no_root(baseline_pct, technique_pct, n_questions):
    pb, pt = np.asarray(baseline_pct, float) / 100, np.asarray(technique_pct, float) / 100
    return 100 * (pb * (1 - pb) / n_questions + pt * (1 - pt) / n_questions)


def _se_sum(baseline_pct, technique_pct, n_questions):
    pb, pt = np.asarray(baseline_pct, float) / 100, np.asarray(technique_pct, float) / 100
    return 100 * (np.sqrt(pb * (1 - pb) / n_questions) + np.sqrt(pt * (1 - pt) / n_questions))


def _se_fraction(baseline_pct, technique_pct, n_questions):
    pb, pt = np.asarray(baseline_pct, float) / 100, np.asarray(technique_pct, float) / 100
    return np.sqrt(pb * (1 - pb) / n_questions + pt * (1 - pt) / n_questions)


def _se_cases() -> list[Case]:
    _, b, t, _ = _gsm8k()
    return [Case("50 % vs 50 % on 100 questions", (np.array([50.0]), np.array([50.0]), 100)),
            Case("LaMDA 420M on GSM8K's 1,319 test problems", (np.array([2.6]),
                                                               np.array([0.4]), 1319)),
            Case("every GSM8K model, 1,319 problems", (b, t, 1319))]


EXERCISES = {
    "emergence_scale_1d": Exercise(
        title="Emergence scale of one family",
        reference=prompting.emergence_scale_1d,
        cases=_scale_cases(),
        mistakes=[(_first_positive, "every model from the answer up"),
                  (_unsorted, "sort the models by scale")],
    ),
    "gain_pp": Exercise(
        title="Gain of a technique in percentage points",
        reference=prompting.gain_pp,
        cases=_gain_cases(),
        mistakes=[(_gain_reversed, "wrong sign"), (_gain_fraction, "fraction instead of percent"),
                  (_gain_ratio, "case 1 of 3")],
    ),
    "all_above_gain": Exercise(
        title="Does every model at or above a gain?",
        reference=prompting.all_above_gain,
        cases=_above_cases(),
        mistakes=[(_above_strict, "includes a model whose scale equals a"),
                  (_above_nonneg, "the test is gain > 0"),
                  (_above_false_when_empty, "return None")],
    ),
    "gain_standard_error_pp": Exercise(
        title="Standard error of a gain",
        reference=prompting.gain_standard_error_pp,
        cases=_se_cases(),
        mistakes=[(_se_fraction, "fraction instead of percent"),
                  (_se_sum, "case 1 of 3"), (_se_no_root, "case 1 of 3")],
    ),
}
