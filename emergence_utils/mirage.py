"""The metric argument of Schaeffer, Miranda & Koyejo (2023) as a small, explorable model.

Schaeffer et al. ask whether emergent abilities are "a mirage": whether the sharp jumps in
Wei et al.'s plots come from the *metric* rather than from the models. Their toy argument
(Section 2 of the paper) has four steps, each a function here:

1. the per-token cross-entropy loss falls as a power law in the number of parameters ``N``:
   ``loss(N) = (N / c) ** (-alpha)`` (:func:`per_token_loss`; nats per token);
2. the probability of producing one target token correctly is ``p = exp(-loss)``
   (:func:`per_token_probability`);
3. a **nonlinear** metric, exact match over an answer of ``L`` tokens (all must be right),
   behaves like ``p ** L`` (:func:`exact_match_curve`): it stays near 0 and then rises
   steeply, the shape that is read as "emergence";
4. a **linear** metric, token edit distance, behaves like ``L * (1 - p)``
   (:func:`token_edit_distance_curve`), which improves smoothly and predictably.

They add a second point: a test set with ``n`` examples can only measure accuracy in steps
of ``1/n``, so a true accuracy well below ``1/n`` usually reads as exactly zero
(:func:`resolution`, :func:`prob_reads_zero`, :func:`sample_measured_accuracy`). Whether
something has "emerged" then depends on a threshold rule (:func:`emergence_point`).

Notation. The paper writes ``L_CE(N) = (N / c) ** alpha`` with ``alpha < 0``; here the exponent
is written ``-alpha`` with ``alpha > 0``, so a larger ``alpha`` means a faster-falling loss.
The independence of tokens (``p ** L``) is the paper's simplifying assumption, not a property of
real models.

The defaults :data:`DEFAULT_C` and :data:`DEFAULT_ALPHA` are **illustrative values chosen for
teaching** (the interesting range falls between 10 million and 1 trillion parameters); they are
not fitted to any model or taken from any paper.

Reference
---------
Schaeffer, R., Miranda, B., & Koyejo, S. (2023). Are emergent abilities of large language models
a mirage? *Advances in Neural Information Processing Systems 36 (NeurIPS 2023)*.
arXiv:2304.15004.

Wei, J., Tay, Y., Bommasani, R., et al. (2022). Emergent abilities of large language models.
*Transactions on Machine Learning Research*.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullLocator

from .errors import EmergenceInputError

__all__ = [
    "DEFAULT_C", "DEFAULT_ALPHA", "N_RANGE", "METRICS", "N_EXAMPLES_OPTIONS",
    "per_token_loss", "per_token_probability", "exact_match_from_p", "edit_distance_from_p",
    "examples_needed", "exact_match_curve", "token_accuracy_curve",
    "token_edit_distance_curve", "metric_curve", "metric_threshold", "model_emergence_point",
    "emergence_point", "resolution", "prob_reads_zero", "MeasuredAccuracy",
    "sample_measured_accuracy", "simulate_measurements", "plot_mirage_grid", "grid_alt_text",
    "MirageExplorer", "build_mirage_explorer", "mirage_explorer", "mirage_widget",
    "benchmark_explorer",
]

#: Scale constant ``c`` of the loss power law, in parameters. Illustrative, not fitted.
DEFAULT_C: float = 1e9
#: Power-law exponent ``alpha`` (dimensionless, > 0). Illustrative, not fitted.
DEFAULT_ALPHA: float = 0.5
#: Range of model sizes drawn by the plots, in parameters.
N_RANGE: tuple[float, float] = (1e7, 1e12)
#: Metrics the model can report.
METRICS: tuple[str, ...] = ("exact match", "per-token accuracy", "token edit distance")
#: Test-set sizes offered by the explorer's slider.
N_EXAMPLES_OPTIONS: tuple[int, ...] = (10, 30, 100, 300, 1000, 3000)

# Okabe-Ito colours (the palette of emergence_utils.style), assigned to roles in these plots.
_BLUE, _VERMILLION, _SKY, _PURPLE, _BLACK = "#0072B2", "#D55E00", "#56B4E9", "#CC79A7", "#000000"


# --------------------------------------------------------------------------------------------
# input checks
# --------------------------------------------------------------------------------------------
def _positive(name: str, value: Any) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise EmergenceInputError(f"{name}: expected positive numbers, got {value!r:.80}") from exc
    if arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise EmergenceInputError(f"{name}: every value must be finite and > 0, got {value!r:.80}")
    return arr


def _lengths(value: Any) -> np.ndarray:
    if isinstance(value, bool):
        raise EmergenceInputError(f"length: expected a whole number of tokens >= 1, got {value!r}")
    arr = _positive("length", value)
    if np.any(arr != np.round(arr)) or np.any(arr < 1):
        raise EmergenceInputError(f"length: expected a whole number of tokens >= 1, got {value!r}")
    return arr


def _fractions(name: str, value: Any, *, open_interval: bool = False) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise EmergenceInputError(f"{name}: expected fractions, got {value!r:.80}") from exc
    ok = (arr > 0) & (arr < 1) if open_interval else (arr >= 0) & (arr <= 1)
    if arr.size == 0 or not np.all(ok):
        interval = "(0, 1)" if open_interval else "[0, 1]"
        raise EmergenceInputError(f"{name}: every value must be a fraction in {interval}, "
                                  f"got {value!r:.80}")
    return arr


def _count(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise EmergenceInputError(f"{name}: expected a whole number >= 1, got {value!r}")
    return int(value)


def _metric(metric: str) -> str:
    if metric not in METRICS:
        raise EmergenceInputError(f"metric: must be one of {METRICS}, got {metric!r}")
    return metric


def _out(arr: np.ndarray) -> np.ndarray | float:
    return float(arr) if np.ndim(arr) == 0 else arr


# --------------------------------------------------------------------------------------------
# the model
# --------------------------------------------------------------------------------------------
def per_token_loss(n_params: Any, c: float = DEFAULT_C,
                   alpha: float = DEFAULT_ALPHA) -> np.ndarray | float:
    """Per-token cross-entropy loss as a power law in model size.

    ``loss(N) = (N / c) ** (-alpha)``: 1 nat at ``N = c``, falling by a factor ``10 ** alpha``
    for every factor of 10 in ``N``.

    Parameters
    ----------
    n_params : float or array_like
        Model sizes ``N``, in parameters (> 0).
    c : float
        Scale constant, in parameters (> 0): the size at which the loss is 1 nat.
    alpha : float
        Power-law exponent (> 0, dimensionless).

    Returns
    -------
    float or numpy.ndarray
        Loss in nats per token, shaped like ``n_params``.
    """
    n = _positive("n_params", n_params)
    c_ = float(_positive("c", c))
    a = float(_positive("alpha", alpha))
    return _out((n / c_) ** (-a))


def per_token_probability(n_params: Any, c: float = DEFAULT_C,
                          alpha: float = DEFAULT_ALPHA) -> np.ndarray | float:
    """Probability of producing one target token correctly, ``p = exp(-loss(N))`` (fraction)."""
    return _out(np.exp(-np.asarray(per_token_loss(n_params, c, alpha))))


def exact_match_from_p(p: Any, length: Any) -> np.ndarray | float:
    """Expected exact match of an ``L``-token answer whose tokens are each right with
    probability ``p``, independently: ``p ** L`` (fraction).

    Parameters
    ----------
    p : float or array_like
        Per-token probability of a right token (fraction in [0, 1]).
    length : int or array_like of int
        Answer length ``L`` in tokens (>= 1); broadcast against ``p``.
    """
    return _out(_fractions("p", p) ** _lengths(length))


def edit_distance_from_p(p: Any, length: Any) -> np.ndarray | float:
    """Expected token edit distance of an ``L``-token answer, ``L * (1 - p)``, in tokens.

    Under the model each wrong token is one substitution, so this is the expected number of
    wrong tokens, linear in ``p``.

    Parameters
    ----------
    p : float or array_like
        Per-token probability of a right token (fraction in [0, 1]).
    length : int or array_like of int
        Answer length ``L`` in tokens (>= 1); broadcast against ``p``.
    """
    return _out(_lengths(length) * (1.0 - _fractions("p", p)))


def token_accuracy_curve(n_params: Any, c: float = DEFAULT_C,
                         alpha: float = DEFAULT_ALPHA) -> np.ndarray | float:
    """Expected per-token accuracy, ``p`` (fraction); independent of the answer length."""
    return per_token_probability(n_params, c, alpha)


def exact_match_curve(n_params: Any, length: Any = 5, c: float = DEFAULT_C,
                      alpha: float = DEFAULT_ALPHA) -> np.ndarray | float:
    """Expected exact match of an ``L``-token answer, ``p ** L = exp(-L * loss)`` (fraction).

    Parameters
    ----------
    n_params : float or array_like
        Model sizes, in parameters.
    length : int or array_like of int
        Answer length ``L`` in tokens (>= 1); broadcast against ``n_params``.
    c, alpha : float
        See :func:`per_token_loss`.
    """
    loss = np.asarray(per_token_loss(n_params, c, alpha))
    return _out(np.exp(-_lengths(length) * loss))


def token_edit_distance_curve(n_params: Any, length: Any = 5, c: float = DEFAULT_C,
                              alpha: float = DEFAULT_ALPHA) -> np.ndarray | float:
    """Expected token edit distance of an ``L``-token answer, ``L * (1 - p)``, in tokens.

    Under the model every wrong token is one substitution, so this is the expected number of
    wrong tokens; it lies in [0, L].
    """
    loss = np.asarray(per_token_loss(n_params, c, alpha))
    return _out(_lengths(length) * -np.expm1(-loss))


def metric_curve(metric: str, n_params: Any, length: Any = 5, c: float = DEFAULT_C,
                 alpha: float = DEFAULT_ALPHA) -> np.ndarray | float:
    """Expected value of ``metric`` (one of :data:`METRICS`) at model sizes ``n_params``.

    Units: fractions for ``"exact match"`` and ``"per-token accuracy"``, tokens for
    ``"token edit distance"``.
    """
    metric = _metric(metric)
    if metric == "exact match":
        return exact_match_curve(n_params, length, c, alpha)
    if metric == "token edit distance":
        return token_edit_distance_curve(n_params, length, c, alpha)
    _lengths(length)
    return token_accuracy_curve(n_params, c, alpha)


# --------------------------------------------------------------------------------------------
# thresholds: when has an ability "emerged"?
# --------------------------------------------------------------------------------------------
def metric_threshold(metric: str, threshold: float, length: int = 5) -> tuple[float, bool]:
    """Translate a threshold fraction into a level on the metric's own axis.

    Parameters
    ----------
    metric : str
        One of :data:`METRICS`.
    threshold : float
        Fraction in (0, 1). For ``"exact match"`` and ``"per-token accuracy"`` the ability
        counts as emerged when the metric is **at least** ``threshold``. For
        ``"token edit distance"`` (lower is better) it counts as emerged when the edit distance
        is **at most** ``(1 - threshold) * L`` tokens, i.e. when at least a fraction
        ``threshold`` of the answer's tokens is right.
    length : int
        Answer length ``L`` in tokens.

    Returns
    -------
    level : float
        The threshold in the metric's unit (fraction, or tokens).
    higher_is_better : bool
        Whether the metric must reach the level from below (True) or from above (False).
    """
    metric = _metric(metric)
    t = float(_fractions("threshold", threshold, open_interval=True))
    L = float(_lengths(length))
    if metric == "token edit distance":
        return (1.0 - t) * L, False
    return t, True


def model_emergence_point(metric: str, threshold: float, length: int = 5, c: float = DEFAULT_C,
                          alpha: float = DEFAULT_ALPHA) -> float:
    """Model size at which the *expected* metric reaches the threshold (closed form).

    Exact match reaches ``t`` when ``exp(-L * loss) >= t``, i.e. at
    ``N* = c * (-ln(t) / L) ** (-1 / alpha)``. Per-token accuracy is the case ``L = 1``. With
    the threshold rule of :func:`metric_threshold`, token edit distance reaches its level when
    ``p >= t``, the same ``N*`` as per-token accuracy, whatever the answer length.

    Returns
    -------
    float
        ``N*`` in parameters.
    """
    _metric(metric)
    t = float(_fractions("threshold", threshold, open_interval=True))
    L = float(_lengths(length))
    c_ = float(_positive("c", c))
    a = float(_positive("alpha", alpha))
    eff_len = L if metric == "exact match" else 1.0
    return c_ * (-math.log(t) / eff_len) ** (-1.0 / a)


def emergence_point(n_params: Any, values: Any, threshold: float,
                    higher_is_better: bool = True) -> float:
    """The threshold rule: the first model size whose metric reaches ``threshold``.

    Parameters
    ----------
    n_params : array_like
        Model sizes in parameters, strictly increasing.
    values : array_like
        Metric value at each size (any unit; same length as ``n_params``; finite).
    threshold : float
        Level in the metric's unit (see :func:`metric_threshold` to convert a fraction).
    higher_is_better : bool
        True: first size with ``value >= threshold``; False: first with ``value <= threshold``.

    Returns
    -------
    float
        That model size in parameters, or ``nan`` when no size reaches the threshold. The rule
        looks only at the first crossing; it does not check that later sizes stay above.
    """
    n = _positive("n_params", n_params)
    v = np.asarray(values, dtype=float)
    if n.ndim != 1 or v.shape != n.shape:
        raise EmergenceInputError(f"values: expected one value per model size ({n.shape}), "
                                  f"got shape {v.shape}")
    if np.any(np.diff(n) <= 0):
        raise EmergenceInputError("n_params: model sizes must be strictly increasing")
    if not np.all(np.isfinite(v)):
        raise EmergenceInputError("values: every value must be finite")
    if not np.isfinite(threshold):
        raise EmergenceInputError(f"threshold: must be finite, got {threshold!r}")
    hit = v >= threshold if higher_is_better else v <= threshold
    idx = np.flatnonzero(hit)
    return float(n[idx[0]]) if idx.size else math.nan


# --------------------------------------------------------------------------------------------
# finite test sets: resolution and sampling
# --------------------------------------------------------------------------------------------
def resolution(n_examples: int) -> float:
    """Smallest non-zero accuracy a test set of ``n_examples`` can report, ``1 / n`` (fraction)."""
    return 1.0 / _count("n_examples", n_examples)


def prob_reads_zero(accuracy: Any, n_examples: int) -> np.ndarray | float:
    """Probability that a test set of ``n`` examples measures an accuracy of exactly 0.

    Each example is right with probability ``accuracy`` independently, so the count of right
    answers is binomial and reads 0 with probability ``(1 - accuracy) ** n``.

    Parameters
    ----------
    accuracy : float or array_like
        True accuracy (fraction in [0, 1]).
    n_examples : int
        Test-set size.

    Returns
    -------
    float or numpy.ndarray
        Probability (fraction), shaped like ``accuracy``.
    """
    a = _fractions("accuracy", accuracy)
    return _out((1.0 - a) ** _count("n_examples", n_examples))


def examples_needed(accuracy: float, max_prob_zero: float) -> int:
    """Smallest test set on which a model of true ``accuracy`` reads exactly 0 with
    probability at most ``max_prob_zero``.

    Solves ``(1 - accuracy) ** n <= max_prob_zero`` for the smallest whole ``n``:
    ``n = ceil(ln(max_prob_zero) / ln(1 - accuracy))``.

    Parameters
    ----------
    accuracy : float
        True accuracy, a fraction in (0, 1) (not percent).
    max_prob_zero : float
        Largest acceptable probability of reading 0, a fraction in (0, 1).

    Returns
    -------
    int
        Number of test examples.
    """
    a = float(_fractions("accuracy", accuracy, open_interval=True))
    q = float(_fractions("max_prob_zero", max_prob_zero, open_interval=True))
    n = math.ceil(math.log(q) / math.log1p(-a))
    # guard against rounding at an exact boundary
    while n > 1 and (1.0 - a) ** (n - 1) <= q:
        n -= 1
    return int(n)


@dataclass(frozen=True)
class MeasuredAccuracy:
    """Summary of simulated measurements of an accuracy on a finite test set.

    All fields are fractions except ``n_examples`` (count); arrays are shaped like the input
    accuracy.

    Attributes
    ----------
    accuracy : numpy.ndarray
        The true accuracy that was measured.
    n_examples : int
        Test-set size.
    mean : numpy.ndarray
        Mean measured accuracy over the simulated test sets (close to ``accuracy``: the
        measurement is unbiased, it is only coarse).
    std : numpy.ndarray
        Standard deviation of the measured accuracy over test sets.
    prob_zero : numpy.ndarray
        Fraction of simulated test sets that read exactly 0.
    prob_zero_exact : numpy.ndarray
        The exact probability of reading 0, ``(1 - accuracy) ** n``.
    resolution : float
        ``1 / n``.
    """

    accuracy: np.ndarray
    n_examples: int
    mean: np.ndarray
    std: np.ndarray
    prob_zero: np.ndarray
    prob_zero_exact: np.ndarray
    resolution: float


def sample_measured_accuracy(accuracy: Any, n_examples: int, n_draws: int = 2000, *,
                             seed: int = 0) -> MeasuredAccuracy:
    """Simulate measuring an accuracy with ``n_examples`` test examples, ``n_draws`` times.

    Each simulated test set counts ``k ~ Binomial(n, accuracy)`` right answers and reports
    ``k / n``.

    Parameters
    ----------
    accuracy : float or array_like
        True accuracy (fraction in [0, 1]); vectorised.
    n_examples : int
        Test examples per test set.
    n_draws : int
        Number of simulated test sets.
    seed : int
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same result.

    Returns
    -------
    MeasuredAccuracy
    """
    a = _fractions("accuracy", accuracy)
    n = _count("n_examples", n_examples)
    draws = _count("n_draws", n_draws)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise EmergenceInputError(f"seed: expected an int, got {seed!r}")
    rng = np.random.default_rng(seed)
    k = rng.binomial(n, a, size=(draws, *a.shape))
    measured = k / n
    return MeasuredAccuracy(accuracy=a, n_examples=n, mean=measured.mean(axis=0),
                            std=measured.std(axis=0), prob_zero=(k == 0).mean(axis=0),
                            prob_zero_exact=(1.0 - a) ** n, resolution=1.0 / n)


class _TokenDraws:
    """Common random numbers: one uniform draw per (model size, example, token).

    Token ``j`` of example ``i`` is right for a model of size ``s`` when ``U[s, i, j] < p_s``.
    Reusing the same draws when a slider moves makes the measured points change smoothly
    instead of jumping to new noise, and keeps exact match consistent with the token-level
    metrics: an example is an exact match when all of its ``L`` tokens are right.
    """

    def __init__(self, n_sizes: int, n_examples: int, length: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.u = rng.random((n_sizes, n_examples, length), dtype=np.float32)

    def measure(self, metric: str, p: np.ndarray, n_examples: int, length: int) -> np.ndarray:
        right = self.u[:, :n_examples, :length] < p.astype(np.float32)[:, None, None]
        if metric == "exact match":
            return right.all(axis=2).mean(axis=1)
        if metric == "per-token accuracy":
            return right.mean(axis=(1, 2))
        return length - right.sum(axis=2).mean(axis=1)


def simulate_measurements(metric: str, n_params: Any, length: int = 5, n_examples: int = 100,
                          c: float = DEFAULT_C, alpha: float = DEFAULT_ALPHA, *,
                          seed: int = 0) -> np.ndarray:
    """One simulated measurement of ``metric`` per model size, on ``n_examples`` examples.

    Every token of every example is right independently with probability ``p(N)``; exact match
    is the fraction of examples with all ``L`` tokens right, per-token accuracy the fraction of
    right tokens, token edit distance the mean number of wrong tokens.

    Parameters
    ----------
    metric : str
        One of :data:`METRICS`.
    n_params : array_like
        Model sizes in parameters (1-D).
    length : int
        Answer length ``L`` in tokens.
    n_examples : int
        Test examples per model.
    c, alpha : float
        See :func:`per_token_loss`.
    seed : int
        Random seed.

    Returns
    -------
    numpy.ndarray
        Measured values (fractions; tokens for edit distance), one per model size.
    """
    metric = _metric(metric)
    p = np.atleast_1d(np.asarray(per_token_probability(n_params, c, alpha)))
    if p.ndim != 1:
        raise EmergenceInputError("n_params: expected a 1-D array of model sizes")
    L = int(_lengths(length))
    n = _count("n_examples", n_examples)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise EmergenceInputError(f"seed: expected an int, got {seed!r}")
    return _TokenDraws(p.size, n, L, int(seed)).measure(metric, p, n, L)


def _zero_reading_probability(metric: str, p: np.ndarray, n: int, L: int) -> np.ndarray:
    """Probability that a measurement reads exactly 0, under the token model."""
    if metric == "exact match":
        return (1.0 - p**L) ** n
    if metric == "per-token accuracy":
        return (1.0 - p) ** (n * L)
    return p ** (n * L)  # edit distance 0: every token of every example right


def _params_label(x: float, pos: int | None = None) -> str:
    """Tick label for a parameter count: 10M, 1B, 1T (plain text, no mathtext)."""
    for value, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= value:
            return f"{x / value:g}{suffix}"
    return f"{x:g}"


def _plain_label(y: float, pos: int | None = None) -> str:
    """Tick label for a log axis without mathtext: 0.001, 0.01, 1, 10."""
    return f"{y:g}"


def _fmt_n(n: float) -> str:
    """A parameter count for text: 2.1B, 52B, 300B, 1T; "never" for nan."""
    if not np.isfinite(n):
        return "never"
    for value, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"), (1.0, "")):
        if n >= value:
            mant = n / value
            return f"{round(mant, 1 if mant < 10 else 0):g}{suffix}"
    return f"{n:.2g}"


# --------------------------------------------------------------------------------------------
# static 2 x 2 figure
# --------------------------------------------------------------------------------------------
def _grid(n_range: tuple[float, float], num: int = 240) -> np.ndarray:
    lo, hi = (float(x) for x in _positive("n_range", n_range))
    if not lo < hi:
        raise EmergenceInputError(f"n_range: expected (smallest, largest) model size, got {n_range}")
    return np.logspace(np.log10(lo), np.log10(hi), num)


def plot_mirage_grid(lengths: tuple[int, ...] = (1, 2, 4, 8, 16), c: float = DEFAULT_C,
                     alpha: float = DEFAULT_ALPHA,
                     n_range: tuple[float, float] = N_RANGE) -> tuple[Figure, dict[str, Any]]:
    """The same per-token model scored two ways, on linear and logarithmic y axes.

    Columns: exact match (nonlinear metric) and token edit distance (linear metric); rows:
    linear y axis and log y axis; x axis: parameters on a log scale. One curve per answer
    length ``L``. This reproduces the *argument* of Schaeffer et al. (2023, Fig. 2) with the
    illustrative constants of this module, not their numbers.

    Parameters
    ----------
    lengths : tuple of int
        Answer lengths ``L`` in tokens, one curve each.
    c, alpha : float
        See :func:`per_token_loss`.
    n_range : (float, float)
        Smallest and largest model size, in parameters.

    Returns
    -------
    fig : matplotlib.figure.Figure
    artists : dict
        ``"axes"``: ``{(metric, yscale): Axes}``; ``"lines"``:
        ``{(metric, yscale, L): Line2D}``; ``"n_params"``: the x grid (parameters).
    """
    from matplotlib import colormaps

    ls = [int(x) for x in np.atleast_1d(_lengths(lengths))]
    n = _grid(n_range)
    colors = colormaps["viridis"](np.linspace(0.0, 0.85, len(ls)))
    fig = Figure(figsize=(9.6, 6.8), layout="constrained")
    axs = fig.subplots(2, 2, sharex=True)
    panels = {("exact match", "linear"): axs[0, 0], ("token edit distance", "linear"): axs[0, 1],
              ("exact match", "log"): axs[1, 0], ("token edit distance", "log"): axs[1, 1]}
    lines = {}
    for (metric, yscale), ax in panels.items():
        for L, col in zip(ls, colors, strict=True):
            y = metric_curve(metric, n, L, c, alpha)
            (lines[(metric, yscale, L)],) = ax.plot(n, y, color=col, lw=2, label=f"L = {L}")
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(_params_label))
        ax.set_yscale(yscale)
        if metric == "exact match":
            ax.set_ylabel("exact match (fraction)")
            ax.set_title(f"Exact match, {yscale} y axis: nonlinear metric")
            if yscale == "log":
                ax.set_ylim(1e-6, 2.0)
            else:
                ax.set_ylim(-0.03, 1.03)
        else:
            ax.set_ylabel("token edit distance (tokens)")
            ax.set_title(f"Token edit distance, {yscale} y axis: linear metric")
            if yscale == "linear":
                ax.set_ylim(-0.03 * max(ls), 1.03 * max(ls))
        if yscale == "log":
            ax.set_xlabel("parameters N (log scale)")
    axs[0, 0].legend(title="answer length", loc="upper left")
    fig.suptitle(f"One smooth per-token model, loss = (N / c)^(-α) with α = {alpha:g}, "
                 f"c = {_fmt_n(c)} (illustrative, not fitted), scored two ways")
    return fig, {"axes": panels, "lines": lines, "n_params": n}


def grid_alt_text(lengths: tuple[int, ...] = (1, 2, 4, 8, 16), alpha: float = DEFAULT_ALPHA,
                  c: float = DEFAULT_C) -> str:
    """Alt text for :func:`plot_mirage_grid`."""
    ls = ", ".join(str(int(x)) for x in np.atleast_1d(_lengths(lengths)))
    return ("Four panels against model parameters on a log axis, one curve per answer length L "
            f"({ls} tokens), from the illustrative power law loss = (N/c)^-alpha with alpha "
            f"{alpha:g} and c {_fmt_n(c)}. Left: exact match stays near zero and then rises "
            "steeply, later and more steeply for longer answers; on a log y axis the same curves "
            "rise steadily. Right: token edit distance falls smoothly for every length, on both "
            "linear and log y axes.")


# --------------------------------------------------------------------------------------------
# interactive explorer
# --------------------------------------------------------------------------------------------
@dataclass
class MirageExplorer:
    """A built explorer figure: the figure, its artists and the in-place ``update`` function.

    ``update(length, alpha, threshold, n_examples, xscale, yscale, metric)`` changes the
    artists and returns a caption; ``alt(**same)`` returns alt text; ``defaults`` holds the
    starting values. ``state`` records what the last update computed (for tests and captions).
    ``artists`` names the changing artists (``"ax"``, ``"model"``, ``"token"``, ``"measured"``,
    ``"zeros"``, ``"threshold"``, ``"resolution"``, ``"crossing"``, ``"text"``, ``"title"``),
    the legend picture's axes (``"legend"``) with its ``"legend_labels"``, and the measured
    margins in pixels (``"layout"``).
    """

    fig: Figure
    artists: dict[str, Any]
    update: Callable[..., str]
    alt: Callable[..., str]
    defaults: dict[str, Any]
    state: dict[str, Any] = field(default_factory=dict)


def _explorer_figsize() -> tuple[float, float]:
    """Explorer size in inches: 7.2 x 5.0 at a 10-point base font, scaled with the font.

    Scaling with ``font.size`` keeps the proportions of text and plot the same in every style
    of :mod:`emergence_utils.style` (the seminar style uses 16-point text).
    """
    scale = max(1.0, float(mpl.rcParams["font.size"]) / 10.0)
    return 7.2 * scale, 5.0 * scale


def _legend_image(handles: list[Any], dpi: float, max_width_px: float) -> np.ndarray:
    """Draw a legend of ``handles`` once and return it as an RGBA array (top row first).

    Three columns when they fit in ``max_width_px`` pixels, else two, else one. The handles are
    copied into visible proxies, so a hidden artist (the per-token curve) still gets an entry.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.lines import Line2D

    proxies = []
    for h in handles:
        proxy = Line2D([], [])
        proxy.update_from(h)
        proxy.set_visible(True)
        proxy.set_label(h.get_label())
        proxies.append(proxy)
    labels = [h.get_label() for h in handles]
    font = float(mpl.rcParams["font.size"])
    for ncol in (3, 2, 1):
        rows = -(-len(proxies) // ncol)
        lfig = Figure(figsize=(max_width_px / dpi * 2.0, (rows + 2) * font * 2.0 / 72.0),
                      dpi=dpi, facecolor="none")
        legend = lfig.legend(proxies, labels, loc="center", ncol=ncol, fontsize="small",
                             frameon=False, borderaxespad=0.0, borderpad=0.3,
                             columnspacing=1.5, handlelength=2.2)
        canvas = FigureCanvasAgg(lfig)
        canvas.draw()
        bb = legend.get_window_extent(canvas.get_renderer())
        if bb.width <= max_width_px or ncol == 1:
            break
    rgba = np.asarray(canvas.buffer_rgba())
    height = rgba.shape[0]
    x0, x1 = max(0, math.floor(bb.x0)), min(rgba.shape[1], math.ceil(bb.x1))
    y0, y1 = max(0, height - math.ceil(bb.y1)), min(height, height - math.floor(bb.y0))
    return rgba[y0:y1, x0:x1].copy()


def _legend_axes(fig: Figure, handles: list[Any]):
    """An axes at the bottom of ``fig`` showing the legend of ``handles`` as a picture.

    A legend is the most expensive artist of the explorer to draw (about a quarter of a slider
    move); its content never changes, so it is drawn once (:func:`_legend_image`) and shown as
    an image. The axes is placed by :func:`_fit_layout`.
    """
    pad = 0.5 * float(mpl.rcParams["font.size"]) * fig.dpi / 72.0
    img = _legend_image(handles, fig.dpi, fig.bbox.width - 2 * pad)
    lax = fig.add_axes((0.0, 0.0, 0.1, 0.1))
    lax.imshow(img, interpolation="antialiased")
    lax.set_axis_off()
    lax.set_in_layout(False)
    lax._legend_image_shape = img.shape[:2]
    return lax


def _fit_layout(fig: Figure, ax: Any, legend_ax: Any, update: Callable[..., Any],
                states: list[dict[str, Any]]) -> dict[str, float]:
    """Place ``ax`` and the legend so that no text leaves the figure, whatever the controls say.

    Draws the tick labels, axis labels and title of every state in ``states`` (the widest ones
    the controls can produce) and keeps the largest overhang beyond the axes box on each side;
    then puts the legend picture at the bottom centre and the axes in the remaining space. Done
    twice, because the number of linear ticks depends on the axes size. Text inside the axes
    (the information box) is placed by ``update`` and is not measured here.

    Returns
    -------
    dict of str to float
        The margins in pixels: ``"left"``, ``"bottom"``, ``"right"``, ``"top"`` (overhangs),
        ``"pad"`` and the legend picture's ``"legend_width"`` and ``"legend_height"``.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    pad = 0.5 * float(mpl.rcParams["font.size"]) * fig.dpi / 72.0
    leg_h, leg_w = legend_ax._legend_image_shape
    legend_ax.set_position(((width - leg_w) / 2 / width, pad / height, leg_w / width,
                            leg_h / height))
    need = np.zeros(4)
    for _ in range(2):
        for st in states:
            update(**st)
            box = ax.get_window_extent(renderer)
            xb = ax.xaxis.get_tightbbox(renderer)
            yb = ax.yaxis.get_tightbbox(renderer)
            tb = ax.title.get_window_extent(renderer)
            need = np.maximum(need, [box.x0 - yb.x0, box.y0 - xb.y0, xb.x1 - box.x1,
                                     tb.y1 - box.y1])
        x0 = pad + need[0]
        x1 = width - pad - need[2]
        y0 = pad + leg_h + pad + need[1]
        y1 = height - pad - need[3]
        if x1 - x0 < 0.3 * width or y1 - y0 < 0.3 * height:
            raise EmergenceInputError("figsize: the explorer's labels leave no room for the plot "
                                      "in this style; use a larger figure or smaller fonts")
        ax.set_position(((x0) / width, y0 / height, (x1 - x0) / width, (y1 - y0) / height))
    return {"left": float(need[0]), "bottom": float(need[1]), "right": float(need[2]),
            "top": float(need[3]), "pad": pad, "legend_width": float(leg_w),
            "legend_height": float(leg_h)}


def build_mirage_explorer(*, length: int = 5, alpha: float = DEFAULT_ALPHA,
                          threshold: float = 0.5, n_examples: int = 100,
                          xscale: str = "log", yscale: str = "linear",
                          metric: str = "exact match", c: float = DEFAULT_C,
                          n_range: tuple[float, float] = N_RANGE, n_sizes: int = 15,
                          max_length: int = 20, max_examples: int = max(N_EXAMPLES_OPTIONS),
                          seed: int = 0) -> MirageExplorer:
    """Build the explorer figure once (pure; a static figure at the given values).

    One axes: the expected metric against parameters (line), one simulated measurement per
    model size on ``n_examples`` examples (dots; measurements that read exactly 0 are drawn as
    open triangles on the bottom edge), the per-token accuracy for comparison (exact match
    only), the "emerged" threshold, the smallest non-zero reading, and a vertical line where
    the expected metric crosses the threshold. The legend sits under the axes; it is drawn once
    into a picture, and the margins are measured once from the widest labels the controls can
    produce, so that no text is clipped in any state and a slider move stays cheap. The figure
    size scales with the style's font size.

    Parameters
    ----------
    length : int
        Answer length ``L`` in tokens (1..``max_length``).
    alpha : float
        Power-law exponent (> 0).
    threshold : float
        "Emerged" threshold, a fraction in (0, 1); see :func:`metric_threshold`.
    n_examples : int
        Test examples per model (1..``max_examples``).
    xscale, yscale : {"log", "linear"}
        Axis scales.
    metric : str
        One of :data:`METRICS`.
    c : float
        Scale constant of the loss law, in parameters.
    n_range : (float, float)
        Model sizes shown, in parameters.
    n_sizes : int
        Number of simulated model sizes (log-spaced over ``n_range``).
    max_length, max_examples : int
        Largest answer length and test-set size the update will be asked for (the random draws
        are made once, at this size).
    seed : int
        Seed for the simulated measurements.

    Returns
    -------
    MirageExplorer
    """
    c_ = float(_positive("c", c))
    n_grid = _grid(n_range)
    n_sz = _count("n_sizes", n_sizes)
    max_L = _count("max_length", max_length)
    max_n = _count("max_examples", max_examples)
    sizes = np.logspace(np.log10(n_grid[0]), np.log10(n_grid[-1]), n_sz)
    draws = _TokenDraws(n_sz, max_n, max_L, int(seed))

    # No layout engine: every slider move re-renders the figure, and constrained layout would
    # re-solve the layout on each render. The margins are measured once, below, from the widest
    # tick labels any control can produce (_fit_layout), and the legend is drawn once into a
    # picture (_legend_image), so nothing is clipped and a slider move stays cheap.
    fig = Figure(figsize=_explorer_figsize())
    ax = fig.add_subplot()
    (model_line,) = ax.plot(n_grid, np.zeros_like(n_grid), color=_BLUE, lw=2.2,
                            label="expected value (model)", zorder=3)
    (token_line,) = ax.plot(n_grid, np.zeros_like(n_grid), color=_SKY, lw=1.5, ls=":",
                            label="per-token accuracy p (exact match only)", zorder=2)
    (measured,) = ax.plot([], [], ls="none", marker="o", ms=6, color=_VERMILLION,
                          label="measured on n examples", zorder=4)
    (zeros,) = ax.plot([], [], ls="none", marker="v", ms=7, mfc="white", mec=_VERMILLION,
                       mew=1.5, label="measured exactly 0", zorder=4, clip_on=False)
    # drawn on the bottom edge, inside the tick-label margin; an empty Line2D would otherwise
    # report a bounding box at the figure's origin to layout code
    zeros.set_in_layout(False)
    thr_line = ax.axhline(0.5, color=_BLACK, lw=1.2, ls="-.", label="'emerged' threshold")
    res_line = ax.axhline(0.01, color=_PURPLE, lw=1.2, ls=(0, (1, 2)),
                          label="smallest non-zero reading")
    cross_line = ax.axvline(c_, color=_BLACK, lw=1.0, ls=":", alpha=0.8)
    text = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", ha="left",
                   fontsize=0.9 * mpl.rcParams["font.size"],
                   bbox={"boxstyle": "round", "fc": "white", "ec": "0.7", "alpha": 0.9},
                   zorder=5)
    ax.set_xlabel("parameters N")
    # an explicit y keeps matplotlib from re-placing the title above the ticks on every draw
    title = ax.set_title("", y=1.0)
    legend_handles = [model_line, token_line, measured, zeros, thr_line, res_line]
    legend_ax = _legend_axes(fig, legend_handles)
    artists = {"ax": ax, "model": model_line, "token": token_line, "measured": measured,
               "zeros": zeros, "threshold": thr_line, "resolution": res_line,
               "crossing": cross_line, "text": text, "title": title, "legend": legend_ax,
               "legend_labels": [h.get_label() for h in legend_handles]}
    scales = {"x": None, "y": None}
    state: dict[str, Any] = {}

    def summary(length: int, alpha: float, threshold: float, n_examples: int, metric: str,
                **_: Any) -> dict[str, Any]:
        metric = _metric(metric)
        L = int(_lengths(length))
        n = _count("n_examples", n_examples)
        if L > max_L:
            raise EmergenceInputError(f"length: at most {max_L} tokens in this explorer, got {L}")
        if n > max_n:
            raise EmergenceInputError(f"n_examples: at most {max_n} in this explorer, got {n}")
        level, hib = metric_threshold(metric, threshold, L)
        y = metric_curve(metric, n_grid, L, c_, alpha)
        p_sizes = np.asarray(per_token_probability(sizes, c_, alpha))
        meas = draws.measure(metric, p_sizes, n, L)
        res = 1.0 / (n * L) if metric == "per-token accuracy" else 1.0 / n
        n_star = model_emergence_point(metric, threshold, L, c_, alpha)
        return {"metric": metric, "length": L, "alpha": float(alpha), "threshold": float(threshold),
                "n_examples": n, "level": level, "higher_is_better": hib, "curve": y,
                "p_grid": np.exp(-np.asarray(per_token_loss(n_grid, c_, alpha))),
                "sizes": sizes, "measured": meas, "resolution": res, "model_crossing": n_star,
                "measured_crossing": emergence_point(sizes, meas, level, hib),
                "n_zero": int(np.count_nonzero(meas == 0)),
                "expected_zero": float(_zero_reading_probability(metric, p_sizes, n, L).sum())}

    def caption(s: dict[str, Any]) -> str:
        rule = "at least" if s["higher_is_better"] else "at most"
        level = f"{s['level']:.3g}" + (" tokens" if s["metric"] == "token edit distance" else "")
        inside = n_grid[0] <= s["model_crossing"] <= n_grid[-1]
        where = (f"at N ≈ {_fmt_n(s['model_crossing'])} parameters" if inside else
                 f"only outside the plotted range (at N ≈ {_fmt_n(s['model_crossing'])})")
        return (f"{s['metric'].capitalize()} with L = {s['length']} tokens and α = "
                f"{s['alpha']:.2f}: the expected value reaches {rule} {level} {where}. "
                f"Simulated with seed {seed} on n = {s['n_examples']} examples per size, the "
                f"first of {n_sz} model sizes "
                f"to reach it is N ≈ {_fmt_n(s['measured_crossing'])}; {s['n_zero']} of {n_sz} "
                f"sizes measure exactly 0 (expected {s['expected_zero']:.1f}).")

    def update(length: int = length, alpha: float = alpha, threshold: float = threshold,
               n_examples: int = n_examples, xscale: str = xscale, yscale: str = yscale,
               metric: str = metric) -> str:
        if xscale not in ("log", "linear"):
            raise EmergenceInputError(f"xscale: must be 'log' or 'linear', got {xscale!r}")
        if yscale not in ("log", "linear"):
            raise EmergenceInputError(f"yscale: must be 'log' or 'linear', got {yscale!r}")
        s = summary(length, alpha, threshold, n_examples, metric)
        L, meas, res = s["length"], s["measured"], s["resolution"]
        is_ed = s["metric"] == "token edit distance"
        top = float(L) if is_ed else 1.0
        if yscale == "log":
            bottom = min(res, top * 1e-3) / 3.0
            ylim = (bottom / 1.5, top * 1.6)
        else:
            bottom = 0.0
            ylim = (-0.03 * top, 1.05 * top)
        model_line.set_ydata(s["curve"])
        token_line.set_ydata(s["p_grid"])
        token_line.set_visible(s["metric"] == "exact match")
        zero = meas == 0
        measured.set_data(sizes[~zero], meas[~zero])
        zeros.set_data(sizes[zero], np.full(int(zero.sum()), bottom))
        thr_line.set_ydata([s["level"], s["level"]])
        res_line.set_ydata([res, res])
        x_star = s["model_crossing"]
        cross_line.set_xdata([x_star, x_star])
        cross_line.set_visible(bool(n_grid[0] <= x_star <= n_grid[-1]))
        rule = "≤" if is_ed else "≥"
        # put the text box in a corner the curve leaves free
        top_left, top_right = (0.02, 0.97, "left", "top"), (0.98, 0.97, "right", "top")
        bottom_right = (0.98, 0.1, "right", "bottom")  # above the zero markers
        if is_ed:
            corner = top_right if yscale == "linear" else bottom_right
        else:
            corner = top_left if (xscale, yscale) == ("log", "linear") else bottom_right
        text.set_position(corner[:2])
        text.set_horizontalalignment(corner[2])
        text.set_verticalalignment(corner[3])
        text.set_text(f"threshold: {s['metric']} {rule} {s['level']:.3g}"
                      f"{' tokens' if is_ed else ''}\n"
                      f"reached at N ≈ {_fmt_n(x_star)} (expected), "
                      f"{_fmt_n(s['measured_crossing'])} (measured)\n"
                      f"{s['n_zero']} of {n_sz} sizes measure exactly 0 (n = {s['n_examples']})")
        title.set_text(f"{s['metric'].capitalize()}, L = {L} tokens, "
                       f"α = {s['alpha']:.2f} (illustrative model)")
        # Plain-text tick labels ("10M", "1B", "0.01") instead of mathtext powers of ten: easier
        # to read, and much cheaper to render on every slider move.
        if scales["x"] != xscale:
            ax.set_xscale(xscale)
            ax.xaxis.set_minor_locator(NullLocator())
            ax.xaxis.set_major_formatter(FuncFormatter(_params_label))
            scales["x"] = xscale
        ax.set_xlim((n_grid[0] / 1.5, n_grid[-1] * 1.5) if xscale == "log"
                    else (0.0, n_grid[-1] * 1.03))
        if scales["y"] != yscale:
            ax.set_yscale(yscale)
            if yscale == "log":
                ax.yaxis.set_major_formatter(FuncFormatter(_plain_label))
            scales["y"] = yscale
        ax.set_ylim(*ylim)
        ax.set_xlabel(f"parameters N ({xscale} scale)")
        ax.set_ylabel("token edit distance (tokens)" if is_ed
                      else f"{s['metric']} (fraction)")
        state.clear()
        state.update(s, xscale=xscale, yscale=yscale)
        return caption(s)

    def alt(length: int = length, alpha: float = alpha, threshold: float = threshold,
            n_examples: int = n_examples, xscale: str = xscale, yscale: str = yscale,
            metric: str = metric) -> str:
        s = summary(length, alpha, threshold, n_examples, metric)
        return (f"Line chart of {s['metric']} against model parameters ({xscale} x axis, "
                f"{yscale} y axis) for an answer of {s['length']} tokens under the illustrative "
                f"power law with alpha {s['alpha']:.2f}, with one simulated measurement on "
                f"{s['n_examples']} examples for each of {n_sz} model sizes. " + caption(s))

    defaults = {"length": length, "alpha": alpha, "threshold": threshold,
                "n_examples": n_examples, "xscale": xscale, "yscale": yscale, "metric": metric}
    widest = [{**defaults, "length": max_L, "n_examples": max_n, "metric": m, "xscale": sc,
               "yscale": sc} for m in METRICS for sc in ("log", "linear")]
    artists["layout"] = _fit_layout(fig, ax, legend_ax, update, widest)
    update(**defaults)
    return MirageExplorer(fig=fig, artists=artists, update=update, alt=alt, defaults=defaults,
                          state=state)


def _controls(defaults: dict[str, Any], max_length: int) -> dict[str, Any]:
    import ipywidgets as w

    style = {"description_width": "initial"}
    wide = w.Layout(width="320px")
    opts = list(N_EXAMPLES_OPTIONS)
    n0 = defaults["n_examples"]
    if n0 not in opts:
        raise EmergenceInputError(f"n_examples: the explorer's slider offers {opts}, got {n0!r}")
    return {
        "length": w.IntSlider(value=defaults["length"], min=1, max=max_length, step=1,
                              description="answer length L (tokens)", style=style, layout=wide),
        "alpha": w.FloatSlider(value=defaults["alpha"], min=0.1, max=1.0, step=0.05,
                               description="power-law exponent α", style=style, layout=wide),
        "threshold": w.FloatSlider(value=defaults["threshold"], min=0.05, max=0.95, step=0.05,
                                   description="'emerged' threshold", style=style, layout=wide),
        "n_examples": w.SelectionSlider(options=opts, value=n0, description="test examples n",
                                        style=style, layout=wide),
        "metric": w.ToggleButtons(options=list(METRICS), value=defaults["metric"],
                                  description="metric", style=style),
        "xscale": w.ToggleButtons(options=["log", "linear"], value=defaults["xscale"],
                                  description="x axis", style=style),
        "yscale": w.ToggleButtons(options=["linear", "log"], value=defaults["yscale"],
                                  description="y axis", style=style),
    }


def mirage_explorer(*, length: int = 5, alpha: float = DEFAULT_ALPHA, threshold: float = 0.5,
                    n_examples: int = 100, metric: str = "exact match", xscale: str = "log",
                    yscale: str = "linear", c: float = DEFAULT_C, seed: int = 0,
                    prompt: str | None = None):
    """Interactive version of :func:`build_mirage_explorer` (a :class:`LiveFigure`).

    Controls: answer length ``L`` (1-20 tokens), power-law exponent ``alpha`` (0.1-1.0),
    "emerged" threshold (0.05-0.95), test examples ``n`` (10-3000), metric, and x/y axis scales.
    Every control changes the existing artists in place.

    Returns
    -------
    emergence_utils.widgets.LiveFigure
        Display it as the last expression of a cell. Its ``explorer`` attribute holds the
        :class:`MirageExplorer`.
    """
    from .widgets import LiveFigure

    max_length = 20
    ex = build_mirage_explorer(length=length, alpha=alpha, threshold=threshold,
                               n_examples=n_examples, xscale=xscale, yscale=yscale,
                               metric=metric, c=c, seed=seed, max_length=max_length)
    controls = _controls(ex.defaults, max_length)
    # Blitting: the sliders change only the curves, markers, reference lines, text box and
    # title; the axes (limits, ticks, labels) stay in a saved picture until a metric, scale or
    # (edit distance) length change moves the limits, which draws the whole figure.
    a = ex.artists
    animated = [a[k] for k in ("model", "token", "measured", "zeros", "threshold", "resolution",
                               "crossing", "text", "title")]
    live = LiveFigure(ex.fig, ex.update, controls, alt=ex.alt, prompt=prompt, animated=animated)
    live.explorer = ex
    return live


#: The same function under the collection's naming pattern for widgets (``*_widget``), which
#: the notebook checks (tests/test_structure.py) use to find interactive cells.
mirage_widget = mirage_explorer


def benchmark_explorer(n_moves: int = 30) -> dict[str, float]:
    """Time ``n_moves`` slider moves of :func:`mirage_explorer` (for ``benchmarks/``).

    Each move sets one control to a new value through the widget, as a student would; the
    controls are visited in turn. Two timings are reported per move: the ``update`` call alone
    (artists changed in place) and the whole kernel-side refresh that :class:`LiveFigure`
    does (update plus rendering the PNG that is sent to the browser).

    Returns
    -------
    dict of str to float
        ``"update_median_ms"``, ``"update_max_ms"``, ``"refresh_median_ms"``,
        ``"refresh_max_ms"``, ``"refresh_cpu_median_ms"`` (process CPU time of a refresh,
        less sensitive to other load on the machine), ``"build_ms"`` (building the figure once,
        including the layout measurement; milliseconds), and ``"n_moves"``. Uses the current matplotlib style
        (apply :func:`emergence_utils.style.use` first to time what a notebook sees).
    """
    from .widgets import LiveFigure

    n_moves = _count("n_moves", n_moves)
    t_build = time.perf_counter()
    ex = build_mirage_explorer()
    build_ms = (time.perf_counter() - t_build) * 1e3
    update_times: list[float] = []

    def timed_update(**values: Any) -> str:
        t0 = time.perf_counter()
        out = ex.update(**values)
        update_times.append(time.perf_counter() - t0)
        return out

    live = LiveFigure(ex.fig, timed_update, _controls(ex.defaults, 20), alt=ex.alt)
    plan = [("length", [8, 12, 20, 3]), ("alpha", [0.3, 0.8, 1.0, 0.45]),
            ("threshold", [0.2, 0.8, 0.5]), ("n_examples", [1000, 3000, 10, 300]),
            ("metric", ["token edit distance", "per-token accuracy", "exact match"]),
            ("yscale", ["log", "linear"]), ("xscale", ["linear", "log"])]
    moves = [(name, v) for name, vals in plan for v in vals]
    refresh_times: list[float] = []
    cpu_times: list[float] = []
    for i in range(n_moves):
        name, value = moves[i % len(moves)]
        t0, c0 = time.perf_counter(), time.process_time()
        live.set(**{name: value})
        refresh_times.append(time.perf_counter() - t0)
        cpu_times.append(time.process_time() - c0)
    up = np.array(update_times[-n_moves:]) * 1e3
    rf = np.array(refresh_times) * 1e3
    return {"update_median_ms": float(np.median(up)), "update_max_ms": float(up.max()),
            "refresh_median_ms": float(np.median(rf)), "refresh_max_ms": float(rf.max()),
            "refresh_cpu_median_ms": float(np.median(cpu_times) * 1e3),
            "build_ms": build_ms, "n_moves": float(n_moves)}
