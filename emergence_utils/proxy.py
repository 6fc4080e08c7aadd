"""Proxy x-axes for predicting emergence.

- Observational scaling (Ruan, Maddison and Hashimoto 2024, arXiv 2405.10938): a few principal
  components of standard benchmark scores form a low-dimensional "capability" space shared by
  model families; a sigmoid of a linear combination of them predicts harder, "emergent" tasks.
  We fit on the models below a compute cut-off and check on the models above it.
- Loss-threshold view (Du, Zeng, Dong and Tang 2024, "Understanding Emergent Abilities of Language
  Models from the Loss Perspective", arXiv 2403.15796): a task stays at chance until the
  pre-training loss falls below a threshold, then improves as the loss keeps falling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import EmergenceInputError

__all__ = ["benchmark_matrix", "CapabilityPCA", "fit_capability_pca", "LinearSigmoidFit",
           "fit_linear_sigmoid", "HoldoutResult", "holdout_prediction",
           "loss_threshold_performance"]


def benchmark_matrix(df: pd.DataFrame, benchmarks: Sequence[str] | None = None, *,
                     model_col: str = "model", benchmark_col: str = "benchmark",
                     value_col: str = "value") -> tuple[pd.DataFrame, list[str]]:
    """Pivot a long benchmark table to models x benchmarks.

    Models with a missing score on any requested benchmark are left out of the matrix (PCA needs
    complete rows); they are returned, never dropped silently.

    Returns
    -------
    matrix : DataFrame
        One row per complete model (index = model), one column per benchmark (fractions).
    excluded : list of str
        Models left out because a score was missing.
    """
    for col in (model_col, benchmark_col, value_col):
        if col not in df.columns:
            raise EmergenceInputError(f"df: missing column {col!r}")
    wide = df.pivot_table(index=model_col, columns=benchmark_col, values=value_col,
                          aggfunc="first")
    if benchmarks is not None:
        missing = [b for b in benchmarks if b not in wide.columns]
        if missing:
            raise EmergenceInputError(f"benchmarks: unknown {missing}; known {list(wide.columns)}")
        wide = wide[list(benchmarks)]
    complete = wide.notna().all(axis=1)
    return wide[complete], sorted(wide.index[~complete])


@dataclass(frozen=True)
class CapabilityPCA:
    """Principal components of standardised benchmark scores.

    ``scores`` (models x components) are the coordinates of each model; ``loadings``
    (components x benchmarks) the weight of each benchmark; ``explained`` the fraction of
    variance per component. PC1's sign is chosen so that higher = better on average.
    """

    mean: pd.Series
    std: pd.Series
    loadings: pd.DataFrame
    explained: np.ndarray
    scores: pd.DataFrame

    def transform(self, matrix: pd.DataFrame) -> pd.DataFrame:
        """Project other models (same benchmark columns) onto the components."""
        z = (matrix[self.mean.index] - self.mean) / self.std
        return pd.DataFrame(z.to_numpy() @ self.loadings.to_numpy().T, index=matrix.index,
                            columns=self.loadings.index)


def fit_capability_pca(matrix: pd.DataFrame, n_components: int = 3) -> CapabilityPCA:
    """PCA of a complete models x benchmarks matrix (each benchmark standardised)."""
    if matrix.isna().any().any():
        raise EmergenceInputError("matrix: has missing scores; use benchmark_matrix() first")
    n, k = matrix.shape
    if not 1 <= n_components <= min(n, k):
        raise EmergenceInputError(f"n_components: must be between 1 and {min(n, k)}, "
                                  f"got {n_components}")
    mean, std = matrix.mean(), matrix.std(ddof=0)
    if (std == 0).any():
        raise EmergenceInputError(f"matrix: constant benchmark(s) {list(std.index[std == 0])}")
    z = ((matrix - mean) / std).to_numpy()
    _, s, vt = np.linalg.svd(z, full_matrices=False)
    vt = vt[:n_components]
    signs = np.where(vt.sum(axis=1) < 0, -1.0, 1.0)
    vt = vt * signs[:, None]
    names = [f"PC{i + 1}" for i in range(n_components)]
    loadings = pd.DataFrame(vt, index=names, columns=matrix.columns)
    scores = pd.DataFrame(z @ vt.T, index=matrix.index, columns=names)
    explained = (s**2 / np.sum(s**2))[:n_components]
    return CapabilityPCA(mean, std, loadings, explained, scores)


@dataclass(frozen=True)
class LinearSigmoidFit:
    """``y = floor + (ceiling - floor) * sigmoid(X @ weights + bias)`` fitted by least squares."""

    weights: np.ndarray
    bias: float
    floor: float
    ceiling: float
    rmse: float

    def predict(self, x) -> np.ndarray:
        xa = np.atleast_2d(np.asarray(x, dtype=float))
        if xa.shape[0] == 1 and self.weights.size != xa.shape[1]:
            xa = xa.T
        z = xa @ self.weights + self.bias
        return self.floor + (self.ceiling - self.floor) / (1 + np.exp(-np.clip(z, -500, 500)))


def fit_linear_sigmoid(x, y, floor: float, ceiling: float = 1.0) -> LinearSigmoidFit:
    """Fit a sigmoid of a linear combination of the columns of ``x`` (fixed floor and ceiling).

    Parameters
    ----------
    x : array_like, shape (n,) or (n, k)
        Predictors, e.g. PC scores or log10(FLOPs).
    y : array_like, shape (n,)
        Scores as fractions.
    floor, ceiling : float
        Chance level and maximum score (fractions).
    """
    from scipy.optimize import least_squares

    xa = np.asarray(x, dtype=float)
    if xa.ndim == 1:
        xa = xa[:, None]
    ya = np.asarray(y, dtype=float)
    if xa.shape[0] != ya.size:
        raise EmergenceInputError(f"x and y: {xa.shape[0]} rows vs {ya.size} values")
    if not np.isfinite(xa).all() or not np.isfinite(ya).all():
        raise EmergenceInputError("x, y: NaN or inf present; drop those models explicitly")
    if ya.size < xa.shape[1] + 2:
        raise EmergenceInputError(f"x: need at least {xa.shape[1] + 2} models, got {ya.size}")
    if not ceiling > floor:
        raise EmergenceInputError(f"ceiling ({ceiling}) must be above floor ({floor})")
    mu, sd = xa.mean(axis=0), xa.std(axis=0)
    sd = np.where(sd == 0, 1.0, sd)
    xs = (xa - mu) / sd

    def resid(p):
        z = xs @ p[:-1] + p[-1]
        return floor + (ceiling - floor) / (1 + np.exp(-np.clip(z, -500, 500))) - ya

    best = None
    for b0 in (-3.0, 0.0, 3.0):
        p0 = np.r_[np.ones(xa.shape[1]), b0]
        r = least_squares(resid, p0)
        if best is None or r.cost < best.cost:
            best = r
    w_std, b_std = best.x[:-1], best.x[-1]
    weights = w_std / sd
    bias = float(b_std - np.sum(w_std * mu / sd))
    rmse = float(np.sqrt(np.mean(best.fun**2)))
    return LinearSigmoidFit(weights, bias, float(floor), float(ceiling), rmse)


@dataclass(frozen=True)
class HoldoutResult:
    """Fit below a compute cut-off, prediction above it, for one predictor set."""

    fit: LinearSigmoidFit
    train: pd.Index
    test: pd.Index
    predicted: pd.Series
    observed: pd.Series
    rmse_test: float


def holdout_prediction(x: pd.DataFrame, y: pd.Series, flops: pd.Series, cutoff: float,
                       floor: float, ceiling: float = 1.0) -> HoldoutResult:
    """Fit on models with ``flops < cutoff`` and report the error on the others.

    ``x``, ``y`` and ``flops`` share the model index. ``cutoff`` in FLOPs.
    """
    idx = x.index.intersection(y.dropna().index).intersection(flops.dropna().index)
    train = idx[flops[idx] < cutoff]
    test = idx[flops[idx] >= cutoff]
    if len(test) == 0:
        raise EmergenceInputError(f"cutoff: no model at or above {cutoff:.3g} FLOPs to test on")
    fit = fit_linear_sigmoid(x.loc[train].to_numpy(), y[train].to_numpy(), floor, ceiling)
    pred = pd.Series(fit.predict(x.loc[test].to_numpy()), index=test)
    rmse = float(np.sqrt(np.mean((pred - y[test]) ** 2)))
    return HoldoutResult(fit, train, test, pred, y[test], rmse)


def loss_threshold_performance(loss, threshold: float, chance: float, *,
                               ceiling: float = 1.0, scale: float = 0.3) -> np.ndarray:
    """Task score as a function of pre-training loss in the loss-threshold view.

    At or above ``threshold`` (nats/token) the score is ``chance``; below it the score rises
    towards ``ceiling`` as ``chance + (ceiling - chance) * (1 - exp(-(threshold - loss) / scale))``.
    An illustrative shape (Du et al. 2024 describe the threshold, not this exact curve).
    """
    la = np.asarray(loss, dtype=float)
    if scale <= 0:
        raise EmergenceInputError(f"scale: must be positive (nats), got {scale!r}")
    if not ceiling > chance:
        raise EmergenceInputError(f"ceiling ({ceiling}) must be above chance ({chance})")
    gap = np.maximum(threshold - la, 0.0)
    return chance + (ceiling - chance) * (1.0 - np.exp(-gap / scale))
