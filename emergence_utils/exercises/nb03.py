"""Checked exercises of notebook 03 (few-shot emergence).

Code shown in view and checked against the package: ``emergence_score`` (Schaeffer et al. 2023,
Eq. 1), ``piecewise_rule`` and ``fit_at_threshold`` (Holt's 2023 rule and its least-squares fit).
Student exercises: ``endpoint_score`` (a variant of Eq. 1), ``best_threshold`` (the fit's search
over thresholds), ``significantly_above`` (a binomial test against chance) and
``emergence_scale`` (the scale from which a curve stays above chance).
"""

from __future__ import annotations

import numpy as np

from .. import emergence as em
from . import Case, Exercise

__all__ = ["EXERCISES"]

_X6 = [1e20, 1e21, 1e22, 1e23, 1e24, 1e25]
_GPT3_FLOPS = [2.2482e20, 6.6471e20, 1.4059e21, 2.3878e21, 4.7694e21, 1.1988e22, 2.309e22, 3.1396e23]
_GPT3_ARITH = [0.591, 0.595, 0.656, 0.506, 0.600, 1.587, 8.696, 33.0]  # Fig. 2A, digitized
_GPT3_PERSIAN = [24.986, 24.113, 24.298, 24.406, 25.989, 24.708, 24.991, 24.201]  # Fig. 2D


# --- references (the package's tested functions, with the exercise's signature) ---------------

def _piecewise_rule(x, a, b, baseline, slope):
    return em.piecewise_rule(x, a, b, baseline=baseline, slope=slope)


def _best_threshold(x, y, baseline):
    return em.fit_piecewise(x, y, baseline).a


def _significantly_above(k, n, chance, alpha=0.05):
    return bool(em.clopper_pearson(k, n, alpha)[0] > chance)


# --- typical mistakes (each must fail its check with the text given) -------------------------

def _sorted(x, y):
    order = np.argsort(np.asarray(x, dtype=float))
    return np.asarray(x, dtype=float)[order], np.asarray(y, dtype=float)[order]


def _score_last_minus_first(x, y):
    x, y = _sorted(x, y)
    return float((y[-1] - y[0]) / np.sqrt(np.median(np.diff(y) ** 2)))


def _score_mean_step(x, y):
    x, y = _sorted(x, y)
    sign = np.sign(np.argmax(y) - np.argmin(y))
    return float(sign * (y.max() - y.min()) / np.sqrt(np.mean(np.diff(y) ** 2)))


def _score_unsorted(x, y):
    y = np.asarray(y, dtype=float)
    sign = np.sign(np.argmax(y) - np.argmin(y))
    return float(sign * (y.max() - y.min()) / np.sqrt(np.median(np.diff(y) ** 2)))


def _score_unsigned(x, y):
    x, y = _sorted(x, y)
    return float((y.max() - y.min()) / np.sqrt(np.median(np.diff(y) ** 2)))


def _endpoint_max_minus_min(x, y):
    return abs(em.emergence_score(x, y))


def _endpoint_unsorted(x, y):
    y = np.asarray(y, dtype=float)
    return float((y[-1] - y[0]) / np.sqrt(np.median(np.diff(y) ** 2)))


def _rule_natural_log(x, a, b, baseline, slope):
    x = np.asarray(x, dtype=float)
    return np.where(x < a, baseline, b + slope * np.log(x / a))


def _rule_baseline_at_a(x, a, b, baseline, slope):
    x = np.asarray(x, dtype=float)
    return np.where(x <= a, baseline, b + slope * np.log10(x / a))


def _fit_without_below(x, y, a, baseline):
    b, s, _ = em.fit_at_threshold(x, y, a, baseline)
    x, y = _sorted(x, y)
    above = x >= a
    return b, s, float(np.sum((b + s * np.log10(x[above] / a) - y[above]) ** 2))


def _fit_log_x_not_relative(x, y, a, baseline):
    x, y = _sorted(x, y)
    above = x >= a
    dx = np.log10(x[above])
    (b, s), *_ = np.linalg.lstsq(np.column_stack([np.ones_like(dx), dx]), y[above], rcond=None)
    sse = np.sum((y[~above] - baseline) ** 2) + np.sum((b + s * dx - y[above]) ** 2)
    return float(b), float(s), float(sse)


def _threshold_from_smallest(x, y, baseline):
    x, y = _sorted(x, y)
    errors = [em.fit_at_threshold(x, y, a, baseline)[2] for a in x[:-1]]
    return float(x[int(np.argmin(errors))])


def _threshold_largest_error(x, y, baseline):
    x, y = _sorted(x, y)
    errors = [em.fit_at_threshold(x, y, a, baseline)[2] for a in x[1:-1]]
    return float(x[1 + int(np.argmax(errors))])


def _above_point_estimate(k, n, chance, alpha=0.05):
    return bool(k / n > chance)


def _above_one_sided(k, n, chance, alpha=0.05):
    return bool(em.clopper_pearson(k, n, 2 * alpha)[0] > chance)


def _scale_first_above(x, above):
    x, a = _sorted(x, np.asarray(above, dtype=float))
    hits = np.flatnonzero(a > 0.5)
    return float(x[hits[0]]) if hits.size else None


def _scale_last_above(x, above):
    x, a = _sorted(x, np.asarray(above, dtype=float))
    return float(x[-1]) if a[-1] > 0.5 else None


# --- exercise-specific hints -------------------------------------------------------------------

def _diagnose_score(expected, got, case):
    if not isinstance(got, (int, float, np.floating)) or not np.isfinite(got):
        return None
    if np.isclose(abs(got), abs(expected)) and np.sign(got) != np.sign(expected):
        return ("the sign is wrong: Eq. 1 is positive when the best model (argmax) is larger "
                "than the worst (argmin), negative otherwise.")
    return None


def _diagnose_above(expected, got, case):
    if expected is False and got is True:
        return ("you called a model significantly above chance when its confidence interval "
                "still reaches chance: compare the interval's lower bound (two-sided, alpha/2), "
                "not the accuracy k/n itself.")
    if expected is True and got is False:
        return "the lower bound is above chance here: check the beta quantile you used."
    return None


def _diagnose_scale(expected, got, case):
    if expected is None or got is None or not isinstance(got, (int, float, np.floating)):
        return None
    if got < expected:
        return ("you returned a model that is followed by one at chance: only the run of "
                "models above chance that lasts to the largest model counts.")
    if got > expected:
        return "you returned a later model than the first of that run."
    return None


EXERCISES = {
    "emergence_score": Exercise(
        title="Emergence score (Eq. 1)",
        reference=em.emergence_score,
        cases=[
            Case("a jump at the largest model", (_X6, [0, 0, 1, 0, 10, 30]),
                 hint="steps 0, 1, -1, 10, 20; the median of their squares is 1"),
            Case("a steady rise in five equal steps", (_X6, [0, 1, 2, 3, 4, 5]),
                 hint="the range is 5 steps of 1, so the score is 5"),
            Case("GPT-3, modified arithmetic (Fig. 2A, digitized)", (_GPT3_FLOPS, _GPT3_ARITH),
                 hint="the numerator is max minus min over all models: the worst GPT-3 model "
                      "here is the XL, not the smallest"),
            Case("a curve whose best model is in the middle (GPT-3, Persian QA)",
                 (_GPT3_FLOPS, _GPT3_PERSIAN),
                 hint="the numerator is max minus min over all models, not last minus first"),
            Case("a falling curve", (_X6, [30, 10, 0, 1, 0, 0]),
                 hint="the best model is the smallest one: the score is negative"),
            Case("points given out of order", ([1e22, 1e20, 1e24, 1e21, 1e23],
                                               [10.0, 0.0, 40.0, 1.0, 12.0]),
                 hint="sort the points by scale x before taking steps"),
        ],
        diagnose=_diagnose_score,
        mistakes=[(_score_last_minus_first, "max minus min over all models"),
                  (_score_mean_step, "median of their squares"),
                  (_score_unsorted, "sort the points by scale"),
                  (_score_unsigned, "the sign is wrong")],
    ),
    "piecewise_rule": Exercise(
        title="The piecewise rule",
        reference=_piecewise_rule,
        cases=[
            Case("five models, threshold between two of them", (np.logspace(20, 24, 5), 3e21,
                                                               5.0, 0.0, 20.0),
                 hint="above a the rule rises `slope` points per decade, b + slope * "
                      "log10(x / a): use log10, not the natural log"),
            Case("a model exactly at the threshold", ([1e21, 1e22, 1e23], 1e22, 8.0, 25.0, 10.0),
                 hint="at x = a the rule gives b, not the baseline"),
            Case("a 50 % baseline (WiC-like)", ([3e20, 3e21, 3e22, 3e23], 2e22, 52.0, 50.0, 6.0)),
        ],
        mistakes=[(_rule_natural_log, "use log10, not the natural log"),
                  (_rule_baseline_at_a, "not the baseline")],
    ),
    "fit_at_threshold": Exercise(
        title="Least-squares fit at one threshold",
        reference=em.fit_at_threshold,
        cases=[
            Case("a clean rise above 1e22", (np.logspace(20, 24, 5), [1.0, 0.0, 10.0, 20.0, 30.0],
                                             1e22, 0.0),
                 hint="b = 10 at a, slope = 10 per decade of log10(x / a); the error is 1 (the "
                      "first point is 1 above the baseline)"),
            Case("GPT-3, modified arithmetic, a = 1.2e22 FLOPs",
                 (_GPT3_FLOPS, _GPT3_ARITH, 1.1988e22, 0.0),
                 hint="measure the rise in decades above a: log10(x / a)"),
        ],
        mistakes=[(_fit_without_below, "the first point is 1 above the baseline"),
                  (_fit_log_x_not_relative, "log10(x / a)")],
    ),
    "endpoint_score": Exercise(
        title="The last-minus-first variant",
        reference=em.endpoint_score,
        cases=[
            Case("a jump at the largest model", (_X6, [0, 0, 1, 0, 10, 30])),
            Case("GPT-3, Persian QA (Fig. 2D, digitized)", (_GPT3_FLOPS, _GPT3_PERSIAN),
                 hint="largest model minus smallest model: 24.201 - 24.986, a small negative "
                      "number; no sign from argmax or argmin"),
            Case("points given out of order", ([1e22, 1e20, 1e24, 1e21, 1e23],
                                               [10.0, 0.0, 40.0, 1.0, 12.0]),
                 hint="sort the points by scale x first"),
        ],
        mistakes=[(_endpoint_max_minus_min, "no sign from argmax or argmin"),
                  (_endpoint_unsorted, "sort the points by scale x first")],
    ),
    "best_threshold": Exercise(
        title="The fit's threshold search",
        reference=_best_threshold,
        cases=[
            Case("GPT-3, modified arithmetic (Fig. 2A)", (_GPT3_FLOPS, _GPT3_ARITH, 0.0),
                 hint="keep the candidate with the smallest total squared error"),
            Case("a straight rise from the smallest model", (np.logspace(20, 24, 5),
                                                              [5.0, 15.0, 25.0, 35.0, 45.0], 0.0),
                 hint="candidates start at the second model (one point must sit on the baseline) "
                      "and end at the second largest (two points must define the rise)"),
            Case("a flat curve at chance (Fig. 2D, GPT-3)", (_GPT3_FLOPS, _GPT3_PERSIAN, 25.0),
                 hint="a threshold is found even on a flat curve: the search cannot say 'none'"),
        ],
        mistakes=[(_threshold_from_smallest, "candidates start at the second model"),
                  (_threshold_largest_error, "smallest total squared error")],
    ),
    "significantly_above": Exercise(
        title="Significantly above chance",
        reference=_significantly_above,
        cases=[
            Case("330 of 600 right on a two-way task", (330, 600, 0.5)),
            Case("52 of 100 right on a two-way task", (52, 100, 0.5),
                 hint="52 % is above 50 %, but 100 examples cannot tell them apart"),
            Case("0 of 6000 right, chance 0", (0, 6000, 0.0),
                 hint="no correct answer: the lower bound is 0, which is not above chance"),
            Case("60 of 100 right on a two-way task", (60, 100, 0.5),
                 hint="a 95 % interval leaves 2.5 % in each tail: use alpha / 2"),
            Case("12 of 1000 right, chance 0, alpha 0.01", (12, 1000, 0.0), {"alpha": 0.01}),
        ],
        compare=lambda e, g: None if (isinstance(g, (bool, np.bool_)) and bool(g) == e)
        else "the values differ",
        diagnose=_diagnose_above,
        mistakes=[(_above_point_estimate, "compare the interval's lower bound"),
                  (_above_one_sided, "alpha/2")],
    ),
    "emergence_scale": Exercise(
        title="Scale from which a curve stays above chance",
        reference=em.stays_above_from,
        cases=[
            Case("above from the fourth model on", ([1e20, 1e21, 1e22, 1e23, 1e24],
                                                   [False, False, False, True, True]),
                 hint="return the first model of the run of models above chance that lasts to "
                      "the largest model"),
            Case("a lucky small model", ([1e20, 1e21, 1e22, 1e23, 1e24],
                                         [False, True, False, True, True]),
                 hint="the second model is above chance but the third is not: the curve "
                      "stays above only from the fourth"),
            Case("the largest model falls back", ([1e20, 1e21, 1e22], [False, True, False]),
                 hint="the largest model is not above chance: return None"),
            Case("points given out of order", ([1e23, 1e20, 1e22, 1e21],
                                               [True, False, True, False]),
                 hint="sort by scale first"),
        ],
        diagnose=_diagnose_scale,
        mistakes=[(_scale_first_above, "stays above only from the fourth"),
                  (_scale_last_above, "the run of models above chance")],
    ),
}
