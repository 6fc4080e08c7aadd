"""Checked exercises of notebook 07 (critiques and conclusions).

Code shown in view and checked against the package: ``leave_one_out_thresholds`` (the jackknife
of the piecewise rule's threshold). Student exercises: ``spread_dex`` (how far the threshold
moves, in decades), ``emergence_scores`` (Schaeffer et al.'s Eq. 1 for many curves at once) and
``share_above`` (the share of a screen that passes a cut-off), used on simulated flat curves.
"""

from __future__ import annotations

import numpy as np

from .. import critique as cr
from .. import emergence as em
from . import Case, Exercise

__all__ = ["EXERCISES"]

# GPT-3 on modified arithmetic, Wei et al. Fig. 2A (digitized; training FLOPs and percent)
_GPT3_FLOPS = [2.2482e20, 6.6471e20, 1.4059e21, 2.3878e21, 4.7694e21, 1.1988e22, 2.309e22,
               3.1396e23]
_GPT3_ARITH = [0.591, 0.595, 0.656, 0.506, 0.600, 1.587, 8.696, 33.0]
_X9 = list(np.logspace(20, 24, 9))
_Y9 = [0.0, 0.0, 0.0, 0.0, 0.0, 5.0, 20.0, 40.0, 60.0]


# --- references -------------------------------------------------------------------------------

def _loo(x, y, baseline):
    return cr.leave_one_out_thresholds(x, y, baseline)


def _spread(values):
    return cr.spread_dex(values)


def _scores(y):
    return cr.emergence_scores(y)


def _share(scores, cutoff):
    return cr.share_above(scores, cutoff)


# --- typical mistakes -------------------------------------------------------------------------

def _loo_all_points(x, y, baseline):
    a = em.fit_piecewise(x, y, baseline).a
    return np.full(len(x), a)


def _loo_drops_next(x, y, baseline):
    n = len(x)
    return np.array([em.fit_piecewise(np.delete(x, (i + 1) % n), np.delete(y, (i + 1) % n),
                                      baseline).a for i in range(n)])


def _spread_ln(values):
    v = np.asarray(values, float)
    return float(np.log(v.max() / v.min()))


def _spread_linear(values):
    v = np.asarray(values, float)
    return float(v.max() - v.min())


def _spread_min_over_max(values):
    v = np.asarray(values, float)
    return float(np.log10(v.min() / v.max()))


def _scores_endpoint(y):
    y = np.asarray(y, float)
    sign = np.sign(np.argmax(y, axis=1) - np.argmin(y, axis=1))
    return sign * np.abs(y[:, -1] - y[:, 0]) / np.sqrt(np.median(np.diff(y, axis=1) ** 2, axis=1))


def _scores_mean(y):
    y = np.asarray(y, float)
    sign = np.sign(np.argmax(y, axis=1) - np.argmin(y, axis=1))
    return sign * (y.max(axis=1) - y.min(axis=1)) / np.sqrt(np.mean(np.diff(y, axis=1) ** 2,
                                                                    axis=1))


def _scores_unsigned(y):
    y = np.asarray(y, float)
    return (y.max(axis=1) - y.min(axis=1)) / np.sqrt(np.median(np.diff(y, axis=1) ** 2, axis=1))


def _share_percent(scores, cutoff):
    return 100.0 * float(np.mean(np.asarray(scores, float) > cutoff))


def _share_at_or_above(scores, cutoff):
    return float(np.mean(np.asarray(scores, float) >= cutoff))


def _share_two_sided(scores, cutoff):
    return float(np.mean(np.abs(np.asarray(scores, float)) > cutoff))


def _diagnose_loo(expected, got, case):
    g = np.asarray(got, float)
    if g.shape == np.asarray(expected).shape and np.allclose(g, g.flat[0]):
        return "every entry is the same: did you fit all the points each time instead of leaving one out?"
    return "entry i must be fitted without model i (np.delete(x, i), np.delete(y, i))."


def _diagnose_spread(expected, got, case):
    if got is not None and np.isfinite(got) and got > 10:
        return "take the log10 of the ratio max/min: a spread in decades, not in FLOPs."
    return None


def _diagnose_scores(expected, got, case):
    e, g = np.asarray(expected, float), np.asarray(got, float)
    if e.shape != g.shape:
        return None
    if np.allclose(np.abs(g), np.abs(e)) and not np.allclose(g, e):
        return "the sign is missing: sign(argmax - argmin) makes a falling curve negative."
    return ("Eq. 1 divides max - min over all models (not last - first) by the square root of "
            "the median (not the mean) of the squared steps.")


def _diagnose_share(expected, got, case):
    if got is None:
        return None
    if np.isclose(got, 100 * expected) and expected != 0:
        return None  # the generic percent/fraction message says it
    scores = np.asarray(case.args[0], float)
    if np.any(np.isclose(scores, case.args[1])):
        return "a score equal to the cut-off does not pass it: use > cutoff."
    if np.any(scores < -case.args[1]):
        return ("a large negative score is a curve that gets worse with scale: a screen for "
                "emergence counts only scores above +cutoff.")
    return None


_Y_ROWS = np.array([[0.0, 0.0, 0.0, 0.0, 5.0, 30.0],
                    [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
                    [30.0, 5.0, 0.0, 0.0, 0.0, 0.0],
                    [2.0, 9.0, 1.0, 3.0, 0.0, 4.0]])

EXERCISES = {
    "leave_one_out_thresholds": Exercise(
        title="Leave-one-model-out thresholds",
        reference=_loo,
        cases=[
            Case("GPT-3 on modified arithmetic (Fig. 2A)", (_GPT3_FLOPS, _GPT3_ARITH, 0.0)),
            Case("a made-up curve of nine models", (_X9, _Y9, 0.0)),
        ],
        diagnose=_diagnose_loo,
        mistakes=[(_loo_all_points, "leaving one out"), (_loo_drops_next, "without model i")],
    ),
    "spread_dex": Exercise(
        title="Spread of the thresholds in decades",
        reference=_spread,
        cases=[
            Case("three thresholds, 1e21 to 1e23", ([1e22, 1e21, 1e23],)),
            Case("all the same", ([3e22, 3e22],)),
            Case("IPA transliterate, GPT-3 (a_min, a_max)", ([1.4019e21, 2.3097e22],)),
        ],
        diagnose=_diagnose_spread,
        mistakes=[(_spread_ln, "ln(10)"), (_spread_linear, "log10 of the ratio"),
                  (_spread_min_over_max, "wrong sign")],
    ),
    "emergence_scores": Exercise(
        title="Emergence scores (Eq. 1) of many curves",
        reference=_scores,
        cases=[
            Case("four curves of six models", (_Y_ROWS,)),
            Case("flat noisy curves (seed 0)", (np.random.default_rng(0).normal(size=(5, 8)),)),
        ],
        diagnose=_diagnose_scores,
        mistakes=[(_scores_endpoint, "not last - first"), (_scores_mean, "not the mean"),
                  (_scores_unsigned, "sign is missing")],
    ),
    "share_above": Exercise(
        title="Share of a screen above the cut-off",
        reference=_share,
        cases=[
            Case("ten scores, cut-off 5", ([0.5, 6.0, -2.0, 7.5, 1.0, 3.0, 12.0, 4.9, 0.0, 2.0],
                                           5.0)),
            Case("a score exactly at the cut-off", ([5.0, 1.0, 6.0, 2.0], 5.0)),
            Case("large negative scores", ([-8.0, -6.0, 1.0, 7.0], 5.0)),
        ],
        diagnose=_diagnose_share,
        mistakes=[(_share_percent, "percent instead of a fraction"),
                  (_share_at_or_above, "use > cutoff"), (_share_two_sided, "gets worse")],
    ),
}
