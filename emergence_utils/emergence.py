"""Emergence as code: Holt's (2023) piecewise rule, fits of it, and emergence scores.

Holt, C. (2023). LLM_Emergence (repository README, github.com/Clint-Holt/LLM_Emergence): a
presentation of Wei et al. (2022) whose formal definition in pseudocode is the rule below.

Conventions: ``x`` is a measure of scale (training FLOPs, parameters, ...; positive), ``y`` a
score in the unit of the data (percent or fraction: every function keeps the unit it is given,
except the binomial test, which needs fractions). Inputs are validated: unsorted ``x`` is sorted
(with ``y``) rather than rejected, duplicate ``x`` values are an error (two models cannot share
one scale on one curve without an explicit choice), NaN is an error naming the parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import EmergenceInputError

__all__ = [
    "as_curve", "piecewise_rule", "PiecewiseFit", "fit_at_threshold", "fit_piecewise",
    "sigmoid_logx", "SIGMOID_WIDTH_BOUNDS", "SigmoidFit", "fit_sigmoid", "emergence_score",
    "endpoint_score", "clopper_pearson",
    "AboveChanceResult", "above_chance", "stays_above_from", "emergence_threshold_crossing",
]


def as_curve(x, y, *, name_x: str = "x", name_y: str = "y") -> tuple[np.ndarray, np.ndarray]:
    """Validate a scaling curve and return it sorted by ``x`` as float arrays.

    Raises
    ------
    EmergenceInputError
        If the arrays are empty, of different lengths, contain NaN/inf, ``x`` is not positive,
        or ``x`` has duplicates.
    """
    xa = np.asarray(x, dtype=float).ravel()
    ya = np.asarray(y, dtype=float).ravel()
    if xa.size == 0:
        raise EmergenceInputError(f"{name_x}: the curve is empty")
    if xa.shape != ya.shape:
        raise EmergenceInputError(
            f"{name_x} and {name_y} have different lengths ({xa.size} and {ya.size})")
    for arr, nm in ((xa, name_x), (ya, name_y)):
        bad = np.flatnonzero(~np.isfinite(arr))
        if bad.size:
            raise EmergenceInputError(f"{nm}: value at position {bad[0]} is {arr[bad[0]]!r} "
                                      "(NaN/inf not allowed; drop the point explicitly)")
    if np.any(xa <= 0):
        i = int(np.flatnonzero(xa <= 0)[0])
        raise EmergenceInputError(f"{name_x}: scale must be positive, position {i} is {xa[i]!r}")
    order = np.argsort(xa, kind="stable")
    xa, ya = xa[order], ya[order]
    dup = np.flatnonzero(np.diff(xa) == 0)
    if dup.size:
        raise EmergenceInputError(f"{name_x}: duplicate scale value {xa[dup[0]]!r}; "
                                  "average or pick one point per scale first")
    return xa, ya


def piecewise_rule(x, a: float, b: float, *, baseline: float = 0.0,
                   slope: float | None = None) -> np.ndarray:
    """Holt's (2023) definition of an emergent curve, as a function.

    Below the threshold ``a`` the score is the baseline, at ``a`` it is ``b``, and above ``a`` it
    keeps rising. Holt writes "y = x" above ``a``; on a log-scale x axis we read that as a
    straight rise in log10(x): ``y = b + slope * log10(x / a)``.

    Parameters
    ----------
    x : array_like
        Scale (e.g. training FLOPs), positive.
    a : float
        Emergence threshold, same unit as ``x``; positive.
    b : float
        Score reached at ``a`` (same unit as the scores, percent or fraction).
    baseline : float
        Score below ``a`` (the random baseline; 0 in Holt's pseudocode).
    slope : float, optional
        Rise per decade of ``x`` above ``a``; default ``b - baseline`` (one more decade adds as
        much again as the jump).
    """
    xa = np.asarray(x, dtype=float)
    if not np.isfinite(a) or a <= 0:
        raise EmergenceInputError(f"a: threshold must be a positive finite scale, got {a!r}")
    if np.any(~np.isfinite(xa)) or np.any(xa <= 0):
        raise EmergenceInputError("x: scale values must be positive and finite")
    s = (b - baseline) if slope is None else slope
    out = np.where(xa < a, baseline, b + s * np.log10(np.where(xa > 0, xa, 1.0) / a))
    return np.where(xa == a, b, out)


@dataclass(frozen=True)
class PiecewiseFit:
    """Least-squares fit of :func:`piecewise_rule` (threshold ``a`` in the unit of ``x``)."""

    a: float
    b: float
    slope: float
    baseline: float
    sse: float
    n_above: int

    def predict(self, x) -> np.ndarray:
        """Evaluate the fitted rule at ``x``."""
        return piecewise_rule(x, self.a, self.b, baseline=self.baseline, slope=self.slope)


def fit_at_threshold(x, y, a: float, baseline: float) -> tuple[float, float, float]:
    """Least-squares fit of the rule's level and slope for one fixed threshold ``a``.

    Points at or above ``a`` are fitted by ``b + slope * log10(x / a)`` (ordinary least
    squares); points below ``a`` are charged their squared distance to ``baseline``.

    Parameters
    ----------
    x, y : array_like
        Scale (e.g. training FLOPs) and score (percent or fraction); sorted here.
    a : float
        Threshold, same unit as ``x``; at least one point must lie at or above it.
    baseline : float
        Score below ``a`` (same unit as ``y``).

    Returns
    -------
    b, slope, sse : float
        Level at ``a`` (unit of ``y``), rise per decade of ``x`` (unit of ``y`` per decade) and
        the total squared error of the whole rule (unit of ``y`` squared). With a single point
        at or above ``a`` the slope is 0 and ``b`` is that point.
    """
    xa, ya = as_curve(x, y)
    if not np.isfinite(a) or a <= 0:
        raise EmergenceInputError(f"a: threshold must be a positive finite scale, got {a!r}")
    above = xa >= a
    if not above.any():
        raise EmergenceInputError(f"a: no point at or above the threshold {a!r}")
    dx = np.log10(xa[above] / a)
    yy = ya[above]
    if dx.size == 1 or np.allclose(dx, dx[0]):
        b, s = float(yy.mean()), 0.0
    else:
        design = np.column_stack([np.ones_like(dx), dx])
        (b, s), *_ = np.linalg.lstsq(design, yy, rcond=None)
    sse = float(np.sum((ya[~above] - baseline) ** 2) + np.sum((b + s * dx - yy) ** 2))
    return float(b), float(s), sse


def fit_piecewise(x, y, baseline: float, *, min_above: int = 2) -> PiecewiseFit:
    """Fit Holt's (2023) rule: choose the threshold ``a`` among the data's scales.

    Every scale with at least one point below it and at least ``min_above`` points at or above
    it is a candidate; :func:`fit_at_threshold` fits ``b`` and ``slope`` for each. The candidate
    with the smallest total squared error wins (ties: the smaller ``a``).

    Raises
    ------
    EmergenceInputError
        Fewer than ``min_above + 1`` points, or invalid curve (see :func:`as_curve`).
    """
    xa, ya = as_curve(x, y)
    if min_above < 1:
        raise EmergenceInputError("min_above must be at least 1")
    if xa.size < min_above + 1:
        raise EmergenceInputError(
            f"x: need at least {min_above + 1} points to fit the piecewise rule, got {xa.size}")
    best: PiecewiseFit | None = None
    for k in range(1, xa.size - min_above + 1):
        b, s, sse = fit_at_threshold(xa, ya, float(xa[k]), baseline)
        if best is None or sse < best.sse - 1e-12:
            best = PiecewiseFit(float(xa[k]), b, s, float(baseline), sse, int(xa.size - k))
    assert best is not None
    return best


def sigmoid_logx(x, floor: float, ceiling: float, midpoint: float, width: float) -> np.ndarray:
    """Logistic curve in log10(x).

    ``floor + (ceiling - floor) / (1 + exp(-(log10 x - log10 midpoint) / width))``

    ``midpoint`` is a scale (same unit as ``x``), ``width`` is in decades of ``x``.
    """
    if width <= 0:
        raise EmergenceInputError(f"width: must be positive (decades), got {width!r}")
    if midpoint <= 0:
        raise EmergenceInputError(f"midpoint: must be a positive scale, got {midpoint!r}")
    z = (np.log10(np.asarray(x, dtype=float)) - np.log10(midpoint)) / width
    return floor + (ceiling - floor) / (1.0 + np.exp(-np.clip(z, -500, 500)))


#: Bounds of the sigmoid's width in :func:`fit_sigmoid` (decades of ``x``).
SIGMOID_WIDTH_BOUNDS = (0.02, 10.0)


@dataclass(frozen=True)
class SigmoidFit:
    """Result of :func:`fit_sigmoid`; ``midpoint`` is the fitted emergence scale.

    ``at_bound`` names the fitted parameters that ended on a bound of the search
    (``"midpoint"``, ``"width"``, ``"ceiling"``): a parameter stuck at a bound is not
    determined by the data (e.g. a width at its lower bound means a step somewhere between two
    neighbouring models, with the midpoint anywhere in that gap).
    """

    floor: float
    ceiling: float
    midpoint: float
    width: float
    rmse: float
    at_bound: tuple[str, ...] = ()

    def predict(self, x) -> np.ndarray:
        """Evaluate the fitted sigmoid at ``x``."""
        return sigmoid_logx(x, self.floor, self.ceiling, self.midpoint, self.width)


def fit_sigmoid(x, y, floor: float, ceiling: float | None = None,
                *, max_ceiling: float | None = None) -> SigmoidFit:
    """Fit a logistic curve in log10(x) with a fixed floor (the random baseline).

    Parameters
    ----------
    x, y : array_like
        Scale and score.
    floor : float
        Score far below the transition (random baseline), same unit as ``y``.
    ceiling : float, optional
        Fixed upper level; fitted when None (bounded by ``max_ceiling``, default 100 if the
        scores look like percent, else 1).
    """
    from scipy.optimize import curve_fit

    xa, ya = as_curve(x, y)
    n_free = 3 if ceiling is None else 2
    if xa.size < n_free + 1:
        raise EmergenceInputError(f"x: need at least {n_free + 1} points to fit a sigmoid, "
                                  f"got {xa.size}")
    lx = np.log10(xa)
    if max_ceiling is None:
        max_ceiling = 100.0 if np.nanmax(ya) > 1.5 else 1.0
    m0 = float(np.median(lx))
    if ceiling is None:
        def f(lxv, m, w, c):
            return floor + (c - floor) / (1 + np.exp(-np.clip((lxv - m) / w, -500, 500)))
        c0 = float(max(ya.max(), floor + 1e-6))
        lo_c = min(c0, floor + 1e-9)
        p0 = [m0, 0.5, min(c0, max_ceiling)]
        bounds = ([lx.min() - 3, SIGMOID_WIDTH_BOUNDS[0], lo_c],
                  [lx.max() + 3, SIGMOID_WIDTH_BOUNDS[1], max(max_ceiling, lo_c + 1e-6)])
    else:
        def f(lxv, m, w):
            return floor + (ceiling - floor) / (1 + np.exp(-np.clip((lxv - m) / w, -500, 500)))
        p0 = [m0, 0.5]
        bounds = ([lx.min() - 3, SIGMOID_WIDTH_BOUNDS[0]], [lx.max() + 3, SIGMOID_WIDTH_BOUNDS[1]])
    best = None
    for m_start in np.linspace(lx.min(), lx.max(), 7):
        p0[0] = float(m_start)
        try:
            popt, _ = curve_fit(f, lx, ya, p0=p0, bounds=bounds, maxfev=5000)
        except RuntimeError:
            continue
        rmse = float(np.sqrt(np.mean((f(lx, *popt) - ya) ** 2)))
        if best is None or rmse < best[1]:
            best = (popt, rmse)
    if best is None:  # pragma: no cover - curve_fit failed from every start
        raise EmergenceInputError("y: the sigmoid fit did not converge for this curve")
    popt, rmse = best
    names = ("midpoint", "width", "ceiling")
    at_bound = tuple(nm for nm, v, lo, hi in zip(names, popt, bounds[0], bounds[1], strict=False)
                     if min(abs(v - lo), abs(v - hi)) <= 1e-3 * max(1.0, hi - lo))
    c = float(popt[2]) if ceiling is None else float(ceiling)
    return SigmoidFit(float(floor), c, float(10 ** popt[0]), float(popt[1]), rmse, at_bound)


def emergence_score(x, y) -> float:
    """Emergence score of a scaling curve (Schaeffer, Miranda & Koyejo 2023, Eq. 1).

    Schaeffer et al. present it as the score of Srivastava et al. (2022, BIG-bench)::

        score = sign(argmax_i y_i - argmin_i y_i) * (max_i y_i - min_i y_i)
                / sqrt(median_i((y_i - y_{i-1})^2))

    with the points sorted by scale ``x``. The numerator is the whole range of the curve over all
    models, signed positive when the best model is larger than the worst one; the denominator is
    the typical (root-median) step between neighbouring models. A curve that changes in one big
    step and is otherwise flat scores high; ``n`` equal steps of a steady rise score ``n``.

    Parameters
    ----------
    x : array_like
        Scale of each model (training FLOPs, parameters, ...; any positive unit). Sorted here.
    y : array_like
        Score of each model, in any unit (percent or fraction: the score is unit-free).

    Returns
    -------
    float
        ``0.0`` for a constant curve; ``+inf`` or ``-inf`` when the median step is 0 but the
        curve changes (all change happens in fewer than half of the steps). Needs two points.

    See Also
    --------
    endpoint_score : a variant with (last - first) in the numerator.
    """
    xa, ya = as_curve(x, y)
    if xa.size < 2:
        raise EmergenceInputError("x: emergence_score needs at least two points")
    sign = float(np.sign(int(np.argmax(ya)) - int(np.argmin(ya))))
    spread = float(ya.max() - ya.min())
    if spread == 0.0:
        return 0.0
    root_median = float(np.sqrt(np.median(np.diff(ya) ** 2)))
    if root_median == 0.0:
        return sign * float(np.inf)
    return sign * spread / root_median


def endpoint_score(x, y) -> float:
    """A variant of :func:`emergence_score` with (last - first) in the numerator.

    ``(y_largest - y_smallest) / sqrt(median((y_i - y_{i-1})^2))``, points sorted by ``x``.
    This is not the published Eq. 1: it measures the net change from the smallest to the largest
    model, so it agrees with :func:`emergence_score` on curves whose extremes are the end points
    (a monotone rise) and differs on noisy or non-monotone curves (a dip at the largest model,
    a peak in the middle). Kept to show students how much a score's definition matters.

    Returns
    -------
    float
        ``0.0`` when first and last are equal; ``+-inf`` when the median step is 0 but the
        end points differ. Needs two or more points.
    """
    xa, ya = as_curve(x, y)
    if xa.size < 2:
        raise EmergenceInputError("x: endpoint_score needs at least two points")
    total = float(ya[-1] - ya[0])
    if total == 0.0:
        return 0.0
    root_median = float(np.sqrt(np.median(np.diff(ya) ** 2)))
    if root_median == 0.0:
        return float(np.sign(total)) * float(np.inf)
    return total / root_median


def clopper_pearson(k, n, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Clopper-Pearson) two-sided confidence interval for a binomial proportion.

    Parameters
    ----------
    k : array_like of int
        Number of correct answers.
    n : array_like of int
        Number of test examples (positive).
    alpha : float
        1 - confidence level.

    Returns
    -------
    lower, upper : ndarray
        Bounds as fractions in [0, 1].
    """
    from scipy.stats import beta

    ka, na = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    if np.any(na <= 0) or np.any(na != np.round(na)):
        raise EmergenceInputError("n: number of examples must be a positive integer")
    if np.any(ka < 0) or np.any(ka > na):
        raise EmergenceInputError("k: number correct must be between 0 and n")
    if not 0 < alpha < 1:
        raise EmergenceInputError(f"alpha: must be in (0, 1), got {alpha!r}")
    lower = np.where(ka == 0, 0.0, beta.ppf(alpha / 2, ka, na - ka + 1))
    upper = np.where(ka == na, 1.0, beta.ppf(1 - alpha / 2, ka + 1, na - ka))
    return np.nan_to_num(lower), np.nan_to_num(upper, nan=1.0)


@dataclass(frozen=True)
class AboveChanceResult:
    """Outcome of :func:`above_chance` for one curve.

    ``lower``/``upper`` are the confidence bounds (fractions) per point in order of scale,
    ``near_random`` says whether the interval reaches the band chance +- ``margin``, ``above``
    whether the whole interval lies above chance + ``margin``. ``emergent`` is True when the
    smallest ``min_near`` models are all near random and some larger model is above; ``scale``
    is then the scale of the first model that is above with every later model above too.
    ``margin`` is the tolerance used (fraction).
    """

    x: np.ndarray
    accuracy: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    near_random: np.ndarray
    above: np.ndarray
    emergent: bool
    scale: float | None
    margin: float = 0.0


def above_chance(x, accuracy, n: int, chance: float, *, alpha: float = 0.05,
                 min_near: int = 2, uncertainty=None, margin: float = 0.0) -> AboveChanceResult:
    """The "near random, then well above random" test of emergence, on n test examples.

    Each accuracy is read as k = round(accuracy * n) right answers out of ``n``; the sampling
    error is the exact binomial (Clopper-Pearson) interval at level ``alpha``. A model is
    *above* when the whole interval lies above ``chance + margin`` and *near random* when the
    interval reaches the band ``chance +- margin``.

    Parameters
    ----------
    x : array_like
        Scale of each model (e.g. FLOPs).
    accuracy : array_like
        Accuracy as a **fraction** in [0, 1] (divide percent by 100 first).
    n : int
        Number of evaluation examples behind each accuracy (e.g. from ``bigbench_tasks``).
    chance : float
        Random-guess accuracy as a fraction.
    alpha : float
        1 - confidence level of the Clopper-Pearson interval.
    min_near : int
        How many of the smallest models must be near random.
    uncertainty : float or array_like, optional
        1-sigma measurement uncertainty of each accuracy (fraction), e.g. from digitizing a
        figure. It is not a sampling error: it is an error in *reading* k. The interval's lower
        bound is taken at k = round((accuracy - z u) n) and its upper bound at
        k = round((accuracy + z u) n), z = the normal quantile 1 - alpha / 2, so a model counts as
        above only if it is above for every k the reading allows.
    margin : float
        Tolerance (fraction, >= 0) that "near random" and "above" are measured against. With
        ``margin = 0`` (the strict test) a task whose chance level is 0 (exact match on free
        text) makes any correct answer "above chance" once n is large; a positive margin says
        how far from chance still counts as "near random".

    Notes
    -----
    Digitized accuracies are only approximately ``k / n``; the rounding error (at most 0.5 / n)
    is far below the binomial error. ``n`` is the task's number of examples: if an evaluation
    used fewer, the true intervals are wider than these.
    """
    from scipy.stats import norm

    xa, acc = as_curve(x, accuracy, name_y="accuracy")
    if np.any(acc < 0) or np.any(acc > 1):
        raise EmergenceInputError("accuracy: must be fractions in [0, 1] "
                                  "(got a value outside; percent? divide by 100)")
    if not 0 <= chance < 1:
        raise EmergenceInputError(f"chance: must be a fraction in [0, 1), got {chance!r}")
    if not isinstance(n, int | np.integer) or n <= 0:
        raise EmergenceInputError(f"n: number of examples must be a positive integer, got {n!r}")
    if not np.isfinite(margin) or not 0 <= margin < 1:
        raise EmergenceInputError(f"margin: must be a fraction in [0, 1), got {margin!r}")
    u = np.zeros_like(acc)
    if uncertainty is not None:
        u = np.broadcast_to(np.asarray(uncertainty, dtype=float), acc.shape)
        if np.any(~np.isfinite(u)) or np.any(u < 0):
            raise EmergenceInputError("uncertainty: must be finite and non-negative (fraction)")
        order = np.argsort(np.asarray(x, dtype=float).ravel(), kind="stable")
        u = u[order] if u.shape == order.shape else u
    z = float(norm.ppf(1 - alpha / 2))
    k_lo = np.round(np.clip(acc - z * u, 0, 1) * n)
    k_hi = np.round(np.clip(acc + z * u, 0, 1) * n)
    nn = np.full_like(acc, n)
    lo = clopper_pearson(k_lo, nn, alpha)[0]
    hi = clopper_pearson(k_hi, nn, alpha)[1]
    near = (lo <= chance + margin) & (hi >= chance - margin)
    above = lo > chance + margin
    emergent, scale = False, None
    if xa.size > min_near and near[:min_near].all():
        scale = stays_above_from(xa[min_near:], above[min_near:])
        emergent = scale is not None
    return AboveChanceResult(xa, acc, lo, hi, near, above, emergent, scale, float(margin))


def stays_above_from(x, above) -> float | None:
    """Smallest scale from which every model (in order of scale) is above chance.

    Parameters
    ----------
    x : array_like
        Scale of each model (e.g. training FLOPs); sorted here together with ``above``.
    above : array_like of bool
        Whether each model is significantly above chance (e.g. its lower confidence bound is
        above the chance level).

    Returns
    -------
    float or None
        The scale of the first model such that it and every larger model are above chance;
        None when the largest model is not above chance.
    """
    xa, flags = as_curve(x, np.asarray(above, dtype=float), name_y="above")
    ok = flags > 0.5
    scale = None
    for i in range(xa.size - 1, -1, -1):
        if not ok[i]:
            break
        scale = float(xa[i])
    return scale


def emergence_threshold_crossing(x, y, threshold: float) -> float | None:
    """Smallest scale at which the curve reaches ``threshold`` (and stays at or above it).

    Returns None when the curve never stays above the threshold. Same units as ``x``/``y``.
    """
    xa, ya = as_curve(x, y)
    ok = ya >= threshold
    for i in range(xa.size):
        if ok[i:].all():
            return float(xa[i])
    return None
