"""Proxy x-axes for predicting emergence.

- Wei et al. (2022), discussion of other measures of scale: the same models against training
  FLOPs, parameters and WikiText-103 perplexity (:func:`proxy_axes_table`,
  :func:`plot_proxy_axes`), with only the values ``data/`` has (Gopher and Chinchilla on MMLU
  and WiC).
- Observational scaling (Ruan, Maddison and Hashimoto 2024, arXiv 2405.10938): a few principal
  components of standard benchmark scores form a low-dimensional "capability" space shared by
  model families; a sigmoid of a linear combination of them predicts harder, "emergent" tasks.
  We fit on the models below a compute cut-off and check on the models above it
  (:func:`obsscaling_data`, :func:`compare_holdout`, :func:`obsscaling_widget`), and compare with
  the same sigmoid of log10 training FLOPs.
- Loss-threshold view (Du, Zeng, Dong and Tang 2024, "Understanding Emergent Abilities of Language
  Models from the Loss Perspective", arXiv 2403.15796): a task stays at chance until the
  pre-training loss falls below a threshold, then improves as the loss keeps falling. Composed with
  the Chinchilla loss of compute-optimal models (:func:`compute_optimal_loss`,
  :func:`threshold_compute`, :func:`loss_threshold_widget`), the hinge in loss becomes an
  "emergent" curve in compute.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .errors import EmergenceDataError, EmergenceInputError
from .style import BASELINE_STYLE, family_style

__all__ = ["benchmark_matrix", "CapabilityPCA", "fit_capability_pca", "LinearSigmoidFit",
           "fit_linear_sigmoid", "HoldoutResult", "holdout_prediction",
           "loss_threshold_performance", "PROXY_TASKS", "PROXY_FAMILIES", "PROXY_AXES",
           "proxy_axes_table", "plot_proxy_axes", "OBS_BENCHMARKS", "task_chance",
           "emergent_tasks", "ObsScalingData", "obsscaling_data", "HoldoutComparison",
           "compare_holdout", "holdout_error_table", "plot_capability_vs_flops",
           "plot_obsscaling", "obsscaling_widget",
           "compute_optimal_loss", "threshold_compute", "plot_loss_threshold",
           "loss_threshold_widget"]


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

    span = ceiling - floor
    design = np.c_[xs, np.ones(len(xs))]

    def resid(p):
        z = xs @ p[:-1] + p[-1]
        return floor + span / (1 + np.exp(-np.clip(z, -500, 500))) - ya

    def jac(p):  # d resid / d p, exact: span * s(1 - s) times the predictors (and 1 for bias)
        s = 1 / (1 + np.exp(-np.clip(xs @ p[:-1] + p[-1], -500, 500)))
        return (span * s * (1 - s))[:, None] * design

    best = None
    for b0 in (-3.0, 0.0, 3.0):
        p0 = np.r_[np.ones(xa.shape[1]), b0]
        r = least_squares(resid, p0, jac=jac)
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
    # one lookup per frame, then numpy masks (a slider move calls this twice)
    xs, ys, fs = x.loc[idx].to_numpy(), y.loc[idx].to_numpy(), flops.loc[idx].to_numpy()
    below = fs < cutoff
    train, test = idx[below], idx[~below]
    if len(test) == 0:
        raise EmergenceInputError(f"cutoff: no model at or above {cutoff:.3g} FLOPs to test on")
    fit = fit_linear_sigmoid(xs[below], ys[below], floor, ceiling)
    observed = pd.Series(ys[~below], index=test, name=y.name)
    pred = pd.Series(fit.predict(xs[~below]), index=test)
    rmse = float(np.sqrt(np.mean((pred.to_numpy() - ys[~below]) ** 2)))
    return HoldoutResult(fit, train, test, pred, observed, rmse)


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


# =============================================================================================
# Wei et al.'s proxy axes: MMLU and WiC against FLOPs, parameters and WikiText-103 perplexity
# =============================================================================================
#: Fig. 2 panel of each proxy task.
PROXY_TASKS = {"MMLU": "G", "WiC": "H"}
#: Families Wei et al. compare on the proxy axes (Chinchilla vs Gopher).
PROXY_FAMILIES = ("Gopher", "Chinchilla")
#: Scale axes of the proxy figure, with labels.
PROXY_AXES = {"train_flops": "Training FLOPs", "params": "Parameters",
              "wikitext103_ppl": "WikiText-103 perplexity (lower is better)"}


def proxy_axes_table(task: str = "MMLU",
                     families: Sequence[str] = PROXY_FAMILIES) -> pd.DataFrame:
    """Scores of Gopher and Chinchilla models with every scale axis ``data/`` has for them.

    Rows are the points of Wei et al. Fig. 2 (panel G for MMLU, H for WiC) of the requested
    families. For models the figure identifies, ``train_flops`` is the published value from
    ``model_scales`` (see :func:`emergence_utils.prompting.flops_lookup`); for the unnamed points
    it is the x position read from the figure (``flops_source`` says which).
    ``wikitext103_ppl`` comes from ``chinchilla_gopher`` (Hoffmann et al. 2022, Sec. 4.2.1): only
    Chinchilla 70B and Gopher 280B have one. Nothing is filled in where the data have nothing.

    Returns
    -------
    DataFrame
        ``model_family``, ``model`` (empty when not named), ``params`` (parameters),
        ``train_flops`` (FLOPs), ``flops_source``, ``wikitext103_ppl`` (perplexity), ``value``
        (percent), ``uncertainty`` (percent; digitized points only), ``method``.
    """
    from . import data
    from .prompting import flops_lookup

    if task not in PROXY_TASKS:
        raise EmergenceInputError(f"task: must be one of {list(PROXY_TASKS)}, got {task!r}")
    fig2 = data.load("wei_fig2")
    rows = fig2[(fig2["panel"] == PROXY_TASKS[task]) & fig2["model_family"].isin(list(families))]
    out = rows[["model_family", "model", "params", "train_flops", "value", "uncertainty",
                "method"]].copy().reset_index(drop=True)
    out["flops_source"] = "read from Wei et al. Fig. 2 (digitized x position)"
    named = out["model"] != ""
    pub = flops_lookup(out.loc[named, "model"])
    has = named & out["model"].map(pub["train_flops"]).notna()
    out.loc[has, "train_flops"] = out.loc[has, "model"].map(pub["train_flops"])
    out.loc[has, "flops_source"] = out.loc[has, "model"].map(pub["flops_source"])
    cg = data.load("chinchilla_gopher")
    ppl = cg[cg["task"] == "WikiText-103"].set_index("model")["value"]
    out["wikitext103_ppl"] = out["model"].map(ppl).astype(float)
    cols = ["model_family", "model", "params", "train_flops", "flops_source", "wikitext103_ppl",
            "value", "uncertainty", "method"]
    return out[cols].sort_values(["model_family", "train_flops"], kind="stable",
                                 ignore_index=True)


def _proxy_baseline(task: str) -> float:
    from . import data

    fig2 = data.load("wei_fig2")
    base = fig2[(fig2["panel"] == PROXY_TASKS[task]) & (fig2["model_family"] == "Random")]
    return float(base["value"].iloc[0])


def plot_proxy_axes(tasks: Sequence[str] = ("MMLU", "WiC")) -> tuple[Figure, dict[str, Any]]:
    """Gopher and Chinchilla on MMLU / WiC against training FLOPs, parameters and perplexity.

    One row per task, one column per axis of :data:`PROXY_AXES`. Filled markers are published
    values, open markers with error bars digitized readings of Wei et al. Fig. 2. Each panel's
    title says how many of the task's points it can show (the others lack that axis in data/).

    Returns
    -------
    fig : Figure
    artists : dict
        ``axes`` (dict (task, axis) -> Axes), ``titles`` (dict (task, axis) -> Text),
        ``note`` (Text under the figure).
    """
    for t in tasks:
        if t not in PROXY_TASKS:
            raise EmergenceInputError(f"tasks: {t!r} is not one of {list(PROXY_TASKS)}")
    fig = Figure(figsize=(11.0, 3.5 * len(tasks) + 0.5), layout="constrained")
    grid = fig.subplots(len(tasks), len(PROXY_AXES), squeeze=False, sharey="row")
    axes, titles, absent = {}, {}, []
    what = {"train_flops": "known training FLOPs", "params": "a known parameter count",
            "wikitext103_ppl": "a WikiText-103 perplexity"}
    for i, task in enumerate(tasks):
        tab = proxy_axes_table(task)
        base = _proxy_baseline(task)
        missing_fams = [f for f in PROXY_FAMILIES if f not in set(tab["model_family"])]
        if missing_fams:
            absent.append(f"{task}: no {', '.join(missing_fams)} values")
        for j, (col, label) in enumerate(PROXY_AXES.items()):
            ax = grid[i, j]
            for fam in PROXY_FAMILIES:
                st = family_style(fam)
                sub = tab[(tab["model_family"] == fam) & tab[col].notna()].sort_values(col)
                if sub.empty:
                    continue
                ax.plot(sub[col], sub["value"], "-", color=st.color, lw=1, alpha=0.7)
                pub = sub[sub["method"] == "published"]
                dig = sub[sub["method"] != "published"]
                if not dig.empty:
                    ax.errorbar(dig[col], dig["value"], yerr=dig["uncertainty"], fmt=st.marker,
                                color=st.color, markerfacecolor="white", capsize=2,
                                label=f"{st.label} (digitized)")
                if not pub.empty:
                    ax.plot(pub[col], pub["value"], st.marker, color=st.color, ms=8,
                            label=f"{st.label} (published)")
                for _, r in sub[sub["model"] != ""].iterrows():
                    ax.annotate(r["model"].split()[-1], (r[col], r["value"]), xytext=(5, -10),
                                textcoords="offset points", fontsize=7, color=st.color)
            ax.axhline(base, **BASELINE_STYLE)
            if col == "wikitext103_ppl":
                ax.set_xlim(8.0, 7.0)  # lower perplexity to the right, like larger scale
            else:
                ax.set_xscale("log")
            ax.set_xlabel(label)
            n_ok = int(tab[col].notna().sum())
            titles[(task, col)] = ax.set_title(
                f"{task}: {n_ok} of {len(tab)} points have {what[col]}", fontsize=8.5,
                color="black" if n_ok == len(tab) else "#7a0000")
            axes[(task, col)] = ax
        grid[i, 0].set_ylabel(f"{task} accuracy (%)")
    grid[0, 0].legend(fontsize=7, loc="upper left")
    text = ("Missing in data/: WikiText-103 perplexity exists only for Chinchilla 70B (7.16) and "
            "Gopher 280B (7.75) (Hoffmann et al. 2022, Sec. 4.2.1); parameter counts only for the "
            "models Wei et al.'s figure identifies; the smaller Gopher/Chinchilla points are "
            "digitized readings." + (" " + "; ".join(absent) + " in Fig. 2H." if absent else ""))
    # supxlabel: inside the figure, and constrained layout makes room for it
    note = fig.supxlabel(textwrap.fill(text, 190), x=0.01, ha="left", fontsize=8)
    fig.suptitle("Proxy axes (after Wei et al. 2022): the same points against three measures "
                 "of scale", fontsize=10)
    return fig, {"axes": axes, "titles": titles, "note": note}


# =============================================================================================
# Observational scaling on the real open-model tables
# =============================================================================================
#: The standard benchmarks of Ruan, Maddison and Hashimoto (2024) in ``obsscaling_benchmarks``.
OBS_BENCHMARKS = ("MMLU", "ARC-C", "HellaSwag", "Winograd", "TruthfulQA", "GSM8K", "XWinograd",
                  "HumanEval")


def task_chance(task: str, metric: str) -> float:
    """Chance level (fraction) of an ``obsscaling_emergent`` task and metric.

    ``parsinlu_qa`` accuracy (multiple choice): the expected multiple-choice grade of random
    guessing from ``bigbench_tasks`` (``random_mc_grade``, derived from the task's numbers of
    answer options). Exact match, generated arithmetic answers and BLEU: 0 (guessing earns no
    credit).
    """
    from . import data

    if task == "parsinlu_qa" and metric == "accuracy":
        bt = data.load("bigbench_tasks")
        v = bt.loc[bt["bigbench_task"] == "parsinlu_qa", "random_mc_grade"].dropna()
        if v.empty:
            raise EmergenceDataError("no random_mc_grade for parsinlu_qa", dataset="bigbench_tasks",
                                     column="random_mc_grade")
        return float(v.iloc[0])
    tasks = emergent_tasks()
    if not ((tasks["task"] == task) & (tasks["metric"] == metric)).any():
        raise EmergenceInputError(f"task/metric: {task!r} / {metric!r} is not in "
                                  f"obsscaling_emergent; see emergent_tasks()")
    return 0.0


def emergent_tasks() -> pd.DataFrame:
    """The (task, metric) pairs of ``obsscaling_emergent`` with a description and model count."""
    from . import data

    e = data.load("obsscaling_emergent")
    g = e.groupby(["task", "metric"], sort=False).agg(
        description=("task_description", "first"), unit=("unit", "first"),
        n_models=("model", "nunique")).reset_index()
    g["key"] = g["task"] + "|" + g["metric"]
    return g


@dataclass(frozen=True)
class ObsScalingData:
    """Everything a hold-out fit of one emergent task needs.

    ``matrix``: complete standard-benchmark scores (fractions) of every model with all of
    ``benchmarks``; ``pca``: its principal components; ``y``: the task score (fraction; BLEU
    divided by 100); ``flops``: training FLOPs; ``models``: the models usable in a hold-out
    (complete benchmarks, a task score and FLOPs); ``excluded``: models with a task score left
    out, by reason.
    """

    task: str
    metric: str
    description: str
    benchmarks: tuple[str, ...]
    matrix: pd.DataFrame
    pca: CapabilityPCA
    y: pd.Series
    flops: pd.Series
    family: pd.Series
    floor: float
    ceiling: float
    models: pd.Index
    excluded: dict[str, list[str]]


@lru_cache(maxsize=64)
def obsscaling_data(task: str = "word_unscrambling", metric: str = "exact match",
                    benchmarks: tuple[str, ...] = OBS_BENCHMARKS,
                    n_components: int = 3) -> ObsScalingData:
    """Assemble the observational-scaling inputs for one emergent task (cached).

    The PCA is fitted on every model that has all ``benchmarks`` (not only on models with the
    task): in observational scaling the standard benchmark scores of new models are cheap to
    obtain, only the emergent task is predicted.

    Parameters
    ----------
    task, metric : str
        A pair from :func:`emergent_tasks`.
    benchmarks : tuple of str
        Standard benchmarks for the capability PCA (default: all eight of the table).
    n_components : int
        Number of principal components.
    """
    from . import data

    tasks = emergent_tasks()
    sel = tasks[(tasks["task"] == task) & (tasks["metric"] == metric)]
    if sel.empty:
        raise EmergenceInputError(f"task/metric: {task!r} / {metric!r} not in obsscaling_emergent;"
                                  f" choose from {list(tasks['key'])}")
    bench = data.load("obsscaling_benchmarks")
    matrix, incomplete = benchmark_matrix(bench, list(benchmarks))
    pca = fit_capability_pca(matrix, n_components)
    em = data.load("obsscaling_emergent")
    em = em[(em["task"] == task) & (em["metric"] == metric)]
    if em["model"].duplicated().any():
        dup = em.loc[em["model"].duplicated(), "model"].iloc[0]
        raise EmergenceDataError(f"two values for model {dup!r}, task {task!r}, metric {metric!r}",
                                 dataset="obsscaling_emergent", column="value")
    unit = str(sel["unit"].iloc[0])
    y = em.set_index("model")["value"].astype(float)
    if unit == "score":  # BLEU on a 0-100 scale
        y = y / 100.0
    elif unit != "fraction":
        raise EmergenceDataError(f"unexpected unit {unit!r} for {task}/{metric}",
                                 dataset="obsscaling_emergent", column="unit")
    meta = pd.concat([bench[["model", "model_family", "train_flops"]],
                      em[["model", "model_family", "train_flops"]]]).drop_duplicates("model")
    meta = meta.set_index("model")
    flops = meta["train_flops"].astype(float)
    with_y = y.dropna().index
    no_bench = sorted(m for m in with_y if m not in matrix.index)
    no_flops = sorted(m for m in with_y if m in matrix.index and not np.isfinite(flops.get(m, np.nan)))
    models = pd.Index([m for m in with_y if m in matrix.index and np.isfinite(flops.get(m, np.nan))])
    excluded = {"missing standard-benchmark score(s)": no_bench,
                "no training FLOPs in the table": no_flops}
    del incomplete  # models without the task are irrelevant here; with it they are in no_bench
    return ObsScalingData(task, metric, str(sel["description"].iloc[0]), tuple(benchmarks),
                          matrix, pca, y.loc[models], flops.loc[models],
                          meta["model_family"].reindex(models), task_chance(task, metric), 1.0,
                          models, excluded)


def plot_capability_vs_flops(data: ObsScalingData,
                             highlight: Sequence[str] = ("Pythia", "OPT", "Qwen1.5", "Llama-2")
                             ) -> tuple[Figure, dict[str, Any]]:
    """PC1 (capability) against training FLOPs for every model of the PCA that has FLOPs.

    Models of the ``highlight`` families are coloured (one line per family, in FLOPs order);
    the others are grey. Models of the PCA without training FLOPs cannot be placed and are
    counted in the title.

    Returns
    -------
    fig : Figure
    artists : dict
        ``ax``, ``others`` (Line2D), ``families`` (dict family -> Line2D).
    """
    from . import data as _data

    fams = _data.load("obsscaling_benchmarks").drop_duplicates("model").set_index("model")
    flops = fams["train_flops"].reindex(data.pca.scores.index)
    family = fams["model_family"].reindex(data.pca.scores.index)
    unknown = [f for f in highlight if f not in set(family)]
    if unknown:
        raise EmergenceInputError(f"highlight: unknown famil(y/ies) {unknown}")
    ok = flops.notna()
    pc1 = data.pca.scores["PC1"]
    fig = Figure(figsize=(7.0, 4.4), layout="constrained")
    ax = fig.subplots()
    rest = ok & ~family.isin(list(highlight))
    (others,) = ax.plot(flops[rest], pc1[rest], "o", color="#bbbbbb", ms=4, label="other families")
    lines = {}
    for fam in highlight:
        sel = (ok & (family == fam)).to_numpy()
        order = np.argsort(flops[sel].to_numpy())
        st = family_style(fam)
        (lines[fam],) = ax.plot(flops[sel].to_numpy()[order], pc1[sel].to_numpy()[order], "-",
                                marker=st.marker, color=st.color, label=fam)
    ax.set_xscale("log")
    ax.set_xlabel("Training FLOPs")
    ax.set_ylabel(f"PC1 of {len(data.benchmarks)} standard benchmarks "
                  f"({data.pca.explained[0]:.0%} of variance)")
    ax.set_title(f"Capability (PC1) vs compute: {int(ok.sum())} models "
                 f"({int((~ok).sum())} of the PCA have no training FLOPs and are not shown)",
                 fontsize=9)
    ax.legend(fontsize=8)
    return fig, {"ax": ax, "others": others, "families": lines}


@dataclass(frozen=True)
class HoldoutComparison:
    """The same train/test split fitted against PC scores and against log10 training FLOPs."""

    data: ObsScalingData
    cutoff: float
    pc: HoldoutResult
    flops: HoldoutResult

    def table(self) -> pd.DataFrame:
        """Held-out models: FLOPs, observed and both predictions (fractions), errors."""
        d = self.data
        t = pd.DataFrame({"model_family": d.family[self.pc.test],
                          "train_flops": d.flops[self.pc.test],
                          "observed": self.pc.observed, "pred_pc": self.pc.predicted,
                          "pred_flops": self.flops.predicted.reindex(self.pc.test)})
        t["err_pc"] = t["pred_pc"] - t["observed"]
        t["err_flops"] = t["pred_flops"] - t["observed"]
        return t.sort_values("train_flops")


def compare_holdout(data: ObsScalingData, cutoff: float) -> HoldoutComparison:
    """Fit the task on models below ``cutoff`` FLOPs against PCs and against log10(FLOPs).

    Both fits use the same models (:attr:`ObsScalingData.models`) and the same split, so their
    held-out RMSEs (fractions) are comparable.
    """
    if not (isinstance(cutoff, (int, float, np.floating)) and np.isfinite(cutoff) and cutoff > 0):
        raise EmergenceInputError(f"cutoff: must be a positive number of FLOPs, got {cutoff!r}")
    x_pc = data.pca.scores.loc[data.models]
    x_fl = pd.DataFrame({"log10_flops": np.log10(data.flops)}, index=data.models)
    n_train = int((data.flops < cutoff).sum())
    need = x_pc.shape[1] + 2
    if n_train < need:
        raise EmergenceInputError(f"cutoff: only {n_train} model(s) below {cutoff:.3g} FLOPs; the "
                                  f"{x_pc.shape[1]}-component fit needs at least {need}")
    pc = holdout_prediction(x_pc, data.y, data.flops, cutoff, data.floor, data.ceiling)
    fl = holdout_prediction(x_fl, data.y, data.flops, cutoff, data.floor, data.ceiling)
    return HoldoutComparison(data, float(cutoff), pc, fl)


def holdout_error_table(cutoffs: Sequence[float] = (1e22, 1e23), n_components: int = 3,
                        benchmarks: tuple[str, ...] = OBS_BENCHMARKS) -> pd.DataFrame:
    """Held-out RMSE (fraction) of the PC fit and the log-FLOPs fit, per task and cut-off."""
    rows = []
    for _, t in emergent_tasks().iterrows():
        d = obsscaling_data(t["task"], t["metric"], tuple(benchmarks), n_components)
        for c in cutoffs:
            r = compare_holdout(d, c)
            rows.append({"task": t["task"], "metric": t["metric"], "cutoff_flops": c,
                         "n_train": len(r.pc.train), "n_test": len(r.pc.test),
                         "rmse_pc": r.pc.rmse_test, "rmse_flops": r.flops.rmse_test,
                         "better": "PCs" if r.pc.rmse_test < r.flops.rmse_test else "log FLOPs"})
    return pd.DataFrame(rows)


_OBS_CUTOFF_RANGE = (10**21.5, 10**24.0)


def _obs_title(d: ObsScalingData) -> str:
    return f"{d.description} ({d.metric}), 2-shot, {len(d.models)} open models"


def _obs_split_text(d: ObsScalingData, cutoff: float, r: HoldoutComparison | None) -> str:
    if r is None:
        return f"cut-off {cutoff:.2g} FLOPs: no fit"
    return (f"cut-off {cutoff:.2g} FLOPs\nfitted on {len(r.pc.train)} models below,\n"
            f"tested on {len(r.pc.test)} at or above")


def _obs_caption(r: HoldoutComparison) -> str:
    d = r.data
    exc = "; ".join(f"{why}: {len(ms)} ({', '.join(m.split('/')[-1] for m in ms)})"
                    for why, ms in d.excluded.items() if ms)
    return (f"Held-out RMSE on {len(r.pc.test)} models at or above {r.cutoff:.2g} FLOPs: "
            f"{r.pc.rmse_test:.3f} with {d.pca.loadings.shape[0]} PC(s), "
            f"{r.flops.rmse_test:.3f} with log10 FLOPs (fractions; fitted on {len(r.pc.train)} "
            f"models). Excluded models with a task score: {exc or 'none'}.")


def _draw_obs(art: dict[str, Any], r: HoldoutComparison | None, d: ObsScalingData,
              cutoff: float) -> None:
    ax, par = art["ax"], art["parity"]
    tr = d.models[d.flops < cutoff]
    te = d.models[d.flops >= cutoff]
    art["train"].set_data(d.flops[tr], d.y[tr])
    art["test"].set_data(d.flops[te], d.y[te])
    art["cut"].set_xdata([cutoff, cutoff])
    art["chance"].set_ydata([d.floor, d.floor])
    grid = np.logspace(19.5, 26.0, 200)
    if r is None:
        for k in ("fit_in", "fit_out", "pred_pc", "par_pc", "par_fl"):
            art[k].set_data([], [])
    else:
        yfit = r.flops.fit.predict(np.log10(grid)[:, None])
        inside = grid < cutoff
        art["fit_in"].set_data(grid[inside], yfit[inside])
        art["fit_out"].set_data(grid[~inside], yfit[~inside])
        art["pred_pc"].set_data(d.flops[r.pc.test], r.pc.predicted)
        art["par_pc"].set_data(r.pc.observed, r.pc.predicted)
        art["par_fl"].set_data(r.flops.observed, r.flops.predicted)
        art["par_pc"].set_label(f"{d.pca.loadings.shape[0]} PC(s): RMSE {r.pc.rmse_test:.3f}")
        art["par_fl"].set_label(f"log10 FLOPs: RMSE {r.flops.rmse_test:.3f}")
    legend = art.get("par_legend")
    texts = legend.get_texts() if legend is not None else []
    # (matplotlib 3.7 gives a legend of unlabelled handles no texts at all: rebuild it then)
    if legend is not None and legend.axes is par and len(texts) == 2 \
            and texts[0].get_fontsize() == 7:
        # update the labels in place (the widget redraws this legend alone on a cut-off move)
        for text, line in zip(legend.get_texts(), (art["par_pc"], art["par_fl"]), strict=True):
            text.set_text(line.get_label())
    else:
        if legend is not None:
            legend.remove()
        art["par_legend"] = par.legend(handles=[art["par_pc"], art["par_fl"]], fontsize=7,
                                       loc="upper left")
    # The title changes only with the task (a changing title would re-run the layout on every
    # slider move); the split is written inside the axes.
    ax.set_title(_obs_title(d), fontsize=9)
    art["split"].set_text(_obs_split_text(d, cutoff, r))
    top = max(1.0, float(d.y.max()) * 1.05)
    ax.set_ylim(-0.03, top)
    par.set_xlim(-0.03, top)
    par.set_ylim(-0.03, top)
    # the title names the task and metric; a fixed y label keeps a task change from moving
    # the layout (and fits the panel in the seminar style)
    ax.set_ylabel("task score (fraction)")


def plot_obsscaling(data: ObsScalingData, cutoff: float = 1e23) -> tuple[Figure, dict[str, Any]]:
    """Hold-out prediction of an emergent task from PCs and from log FLOPs.

    Left: the task score against training FLOPs (models below the cut-off filled blue, above it
    vermillion), the log-FLOPs sigmoid fitted below the cut-off (solid, dashed where it
    extrapolates) and the PC fit's predictions for the held-out models (purple crosses).
    Right: predicted against observed for the held-out models, both fits, with the diagonal.

    Returns
    -------
    fig : Figure
    artists : dict
        ``ax``, ``parity`` (Axes); ``train``, ``test``, ``fit_in``, ``fit_out``, ``pred_pc``,
        ``par_pc``, ``par_fl``, ``cut``, ``chance`` (Line2D); ``split`` (Text: the cut-off and
        the numbers of models on each side); ``par_legend``; ``result``
        (:class:`HoldoutComparison`).
    """
    fig = Figure(figsize=(10.5, 4.3), layout="constrained")
    ax, par = fig.subplots(1, 2, width_ratios=[1.6, 1])
    ax.set_xscale("log")
    ax.set_xlim(10**19.8, 10**25.8)
    (train,) = ax.plot([], [], "o", color="#0072B2", ms=5, label="fitted (below cut-off)")
    (test,) = ax.plot([], [], "o", color="#D55E00", ms=5, markerfacecolor="white",
                      label="held out (at or above)")
    (fit_in,) = ax.plot([], [], "-", color="black", lw=1.5, label="sigmoid of log10 FLOPs")
    (fit_out,) = ax.plot([], [], "--", color="black", lw=1.5)
    (pred_pc,) = ax.plot([], [], "x", color="#CC79A7", ms=6, mew=1.8,
                         label="PC-fit prediction (held out)")
    # drawn above the (frameless) legend, so that moving it does not redraw the legend
    cut = ax.axvline(cutoff, color="#E69F00", lw=1.8, linestyle="-.", label="FLOPs cut-off",
                     zorder=5.5)
    chance = ax.axhline(data.floor, **{**BASELINE_STYLE, "label": "chance"})
    ax.set_xlabel("Training FLOPs")
    # above the panels, where no moving marker reaches it (a slider move then never redraws it)
    fig.legend(handles=[train, test, fit_in, pred_pc, cut, chance], fontsize=7, ncol=6,
               loc="outside upper center")
    split = ax.text(0.98, 0.04, "", transform=ax.transAxes, ha="right", va="bottom", fontsize=8,
                    bbox={"facecolor": "white", "edgecolor": "#cccccc", "alpha": 0.9})
    par.plot([0, 1.5], [0, 1.5], color="#7f7f7f", lw=1)
    (par_pc,) = par.plot([], [], "x", color="#CC79A7", ms=6, mew=1.8, label="PC fit")
    (par_fl,) = par.plot([], [], "s", color="black", ms=4, markerfacecolor="white",
                         label="log10 FLOPs fit")
    par.set_xlabel("observed (held-out models)")
    par.set_ylabel("predicted")
    par.set_title("Prediction vs observation", fontsize=9)
    art = {"ax": ax, "parity": par, "train": train, "test": test, "fit_in": fit_in,
           "fit_out": fit_out, "pred_pc": pred_pc, "par_pc": par_pc, "par_fl": par_fl,
           "cut": cut, "chance": chance, "split": split,
           "par_legend": par.legend(handles=[par_pc, par_fl])}
    r = compare_holdout(data, cutoff)
    _draw_obs(art, r, data, cutoff)
    art["result"] = r
    return fig, art


def obsscaling_widget(task: str = "word_unscrambling|exact match", cutoff: float = 1e23,
                      n_components: int = 3):
    """Explorer of the observational-scaling hold-out: task, FLOPs cut-off, number of PCs.

    Returns
    -------
    emergence_utils.widgets.LiveFigure
        Controls ``task`` (``"task|metric"`` keys of :func:`emergent_tasks`), ``cutoff``
        (FLOPs, 10^21.5 to 10^24) and ``n_components`` (1 to 3).
    """
    import ipywidgets as w

    from .widgets import LiveFigure

    tasks = emergent_tasks()
    if task not in set(tasks["key"]):
        raise EmergenceInputError(f"task: must be one of {list(tasks['key'])}, got {task!r}")
    lo, hi = _OBS_CUTOFF_RANGE
    if not (isinstance(cutoff, (int, float)) and lo <= cutoff <= hi):
        raise EmergenceInputError(f"cutoff: must be between {lo:.3g} and {hi:.3g} FLOPs, "
                                  f"got {cutoff!r}")
    if n_components not in (1, 2, 3):
        raise EmergenceInputError(f"n_components: must be 1, 2 or 3, got {n_components!r}")

    def get(key: str, k: int) -> ObsScalingData:
        t, m = key.split("|")
        return obsscaling_data(t, m, OBS_BENCHMARKS, k)

    fig, art = plot_obsscaling(get(task, n_components), cutoff)
    style = {"description_width": "initial"}
    options = [(f"{r['description']} ({r['metric']})", r["key"]) for _, r in tasks.iterrows()]
    controls = {
        "task": w.Dropdown(options=options, value=task, description="emergent task", style=style,
                           layout=w.Layout(width="360px")),
        "cutoff": w.FloatLogSlider(value=cutoff, base=10, min=np.log10(lo), max=np.log10(hi),
                                   step=0.05, description="FLOPs cut-off", style=style,
                                   readout_format=".2e", continuous_update=False),
        "n_components": w.IntSlider(value=n_components, min=1, max=3, description="PCs",
                                    style=style, continuous_update=False),
    }

    fits: dict[tuple, HoldoutComparison] = {}  # fits already made in this widget

    def update(task: str, cutoff: float, n_components: int) -> str:
        d = get(task, n_components)
        try:
            if (task, n_components, cutoff) not in fits:
                fits[task, n_components, cutoff] = compare_holdout(d, cutoff)
            r = fits[task, n_components, cutoff]
        except EmergenceInputError as exc:
            _draw_obs(art, None, d, cutoff)
            art["result"] = None
            return f"No fit at this cut-off: {exc}"
        _draw_obs(art, r, d, cutoff)
        art["result"] = r
        return _obs_caption(r)

    def alt(task: str, cutoff: float, n_components: int) -> str:
        r = art["result"]
        d = get(task, n_components)
        head = (f"Left: {d.description} score against training FLOPs for open models, split at "
                f"{cutoff:.2g} FLOPs, with a sigmoid of log FLOPs fitted below the cut-off and the "
                f"PC fit's predictions above it. Right: predicted against observed. ")
        return head + (_obs_caption(r) if r is not None else "No fit at this cut-off.")

    # Every move changes only markers, fits, the split text, the parity legend and (task) the
    # title: those are redrawn over a saved picture of the rest. A task whose scores reach
    # above 0.95 widens the y range; then the whole figure is drawn.
    animated = [*(art[k] for k in ("train", "test", "fit_in", "fit_out", "pred_pc", "cut",
                                   "split", "par_pc", "par_fl", "par_legend")),
                art["ax"].title]
    return LiveFigure(fig, update, controls, alt,
                      prompt="Will the benchmark PCs predict the large models better than training "
                             "FLOPs do? Move the cut-off down: when do both predictions fail?",
                      animated=animated)


# =============================================================================================
# Loss-threshold view composed with the Chinchilla scaling law
# =============================================================================================
def compute_optimal_loss(flops, law=None) -> pd.DataFrame:
    """Loss of compute-optimal models under the Chinchilla fit (Hoffmann et al. 2022).

    Parameters
    ----------
    flops : array_like
        Training compute budgets (FLOPs, > 0).
    law : emergence_utils.scaling.ChinchillaLaw, optional
        Defaults to the published fit (``scaling.CHINCHILLA``).

    Returns
    -------
    DataFrame
        ``flops`` (FLOPs), ``params`` (N_opt, parameters), ``tokens`` (D_opt, tokens),
        ``loss`` (nats/token on MassiveText; the fit's scale, not any model in data/).
    """
    from . import scaling

    law = law or scaling.CHINCHILLA
    c = np.atleast_1d(np.asarray(flops, dtype=float))
    n, d = scaling.chinchilla_optimal(c, law)
    return pd.DataFrame({"flops": c, "params": n, "tokens": d,
                         "loss": scaling.chinchilla_loss(n, d, law)})


def threshold_compute(threshold: float, law=None) -> float:
    """Compute (FLOPs) at which a compute-optimal model's Chinchilla loss equals ``threshold``.

    Along the compute-optimal frontier both terms of ``A/N^alpha + B/D^beta`` scale as
    ``(C/6)^(-gamma)`` with ``gamma = alpha beta / (alpha + beta)``, so
    ``L(C) = E + K (C/6)^(-gamma)`` and ``C = 6 (K / (threshold - E))^(1/gamma)``,
    with ``K = L(6) - E``.

    Raises
    ------
    EmergenceInputError
        If ``threshold`` is not above the irreducible loss ``E`` (it is never reached).
    """
    from . import scaling

    law = law or scaling.CHINCHILLA
    if not (isinstance(threshold, (int, float, np.floating)) and np.isfinite(threshold)):
        raise EmergenceInputError(f"threshold: must be a finite loss in nats, got {threshold!r}")
    if threshold <= law.e:
        raise EmergenceInputError(f"threshold: {threshold} nats is not above the irreducible loss "
                                  f"E = {law.e}; no amount of compute reaches it")
    gamma = law.alpha * law.beta / (law.alpha + law.beta)
    k = float(compute_optimal_loss(6.0, law)["loss"].iloc[0]) - law.e
    return float(6.0 * (k / (threshold - law.e)) ** (1.0 / gamma))


_LOSS_FLOPS = np.logspace(18, 26, 321)
_LOSS_THRESHOLD_RANGE = (1.85, 3.2)


def _loss_caption(threshold: float, chance: float, scale: float) -> str:
    c = threshold_compute(threshold)
    row = compute_optimal_loss(c).iloc[0]
    s10, s100 = loss_threshold_performance(
        compute_optimal_loss([10 * c, 100 * c])["loss"], threshold, chance, scale=scale)
    where = ("inside" if _LOSS_FLOPS[0] <= c <= _LOSS_FLOPS[-1] else "outside")
    return (f"The compute-optimal loss falls below {threshold:.2f} nats at C* = {c:.2g} FLOPs "
            f"(N_opt = {row['params']:.2g} parameters, D_opt = {row['tokens']:.2g} tokens; "
            f"{where} the plotted range). Score: {chance:g} (chance) below C*, {s10:.2f} at "
            f"10 x C*, {s100:.2f} at 100 x C* (fractions; illustrative curve).")


def plot_loss_threshold(threshold: float = 2.1, chance: float = 0.25,
                        scale: float = 0.3) -> tuple[Figure, dict[str, Any]]:
    """The loss-threshold view (Du et al. 2024) on compute-optimal Chinchilla models.

    Three panels: the Chinchilla loss against compute with the threshold; the score against the
    loss (a hinge at the threshold); the score against compute (what looks "emergent").
    The score curve is :func:`loss_threshold_performance` (an illustrative shape).

    Returns
    -------
    fig : Figure
    artists : dict
        ``axes`` (3 Axes), ``loss_line``, ``score_loss``, ``score_flops``, ``thr_h``, ``thr_v``,
        ``c_v_loss``, ``c_v_score``, ``chance_loss``, ``chance_flops`` (Line2D), ``title`` (Text).
    """
    _check_loss_controls(threshold, chance, scale)
    curve = compute_optimal_loss(_LOSS_FLOPS)
    score = loss_threshold_performance(curve["loss"], threshold, chance, scale=scale)
    c = threshold_compute(threshold)
    fig = Figure(figsize=(11.0, 3.7), layout="constrained")
    a0, a1, a2 = fig.subplots(1, 3)
    (loss_line,) = a0.plot(curve["flops"], curve["loss"], color="#0072B2", lw=2)
    thr_h = a0.axhline(threshold, color="#E69F00", lw=1.6, linestyle="-.", label="threshold")
    c_v_loss = a0.axvline(c, color="#7f7f7f", lw=1, linestyle=":")
    a0.set_xscale("log")
    a0.set_xlabel("Training FLOPs\n(compute-optimal N, D)")
    a0.set_ylabel("Chinchilla loss (nats/token)")
    a0.set_title("Loss falls smoothly", fontsize=9)
    a0.legend(fontsize=7)
    (score_loss,) = a1.plot(curve["loss"], score, color="#009E73", lw=2)
    thr_v = a1.axvline(threshold, color="#E69F00", lw=1.6, linestyle="-.")
    chance_loss = a1.axhline(chance, **{**BASELINE_STYLE, "label": "chance"})
    a1.set_xlim(curve["loss"].max(), curve["loss"].min())
    a1.set_xlabel("Chinchilla loss\n(nats/token, decreasing)")
    a1.set_ylabel("task score (fraction)")
    a1.set_title("Score vs loss: flat, then rising", fontsize=9)
    a1.set_ylim(-0.03, 1.03)
    (score_flops,) = a2.plot(curve["flops"], score, color="#D55E00", lw=2)
    c_v_score = a2.axvline(c, color="#E69F00", lw=1.6, linestyle="-.", label="C* (loss = threshold)")
    chance_flops = a2.axhline(chance, **{**BASELINE_STYLE, "label": "chance"})
    a2.set_xscale("log")
    a2.set_ylim(-0.03, 1.03)
    a2.set_xlabel("Training FLOPs")
    a2.set_title("Score vs compute: looks emergent", fontsize=9)
    a2.legend(fontsize=7, loc="upper left")
    title = fig.suptitle(_loss_title(threshold, chance, scale), fontsize=10)
    return fig, {"axes": (a0, a1, a2), "loss_line": loss_line, "score_loss": score_loss,
                 "score_flops": score_flops, "thr_h": thr_h, "thr_v": thr_v,
                 "c_v_loss": c_v_loss, "c_v_score": c_v_score, "chance_loss": chance_loss,
                 "chance_flops": chance_flops, "title": title}


def _loss_title(threshold: float, chance: float, scale: float) -> str:
    return (f"Loss threshold {threshold:.2f} nats, chance {chance:g}, rise scale {scale:.2f} nats "
            "(illustrative shape on the Chinchilla loss fit)")


def _check_loss_controls(threshold: float, chance: float, scale: float) -> None:
    lo, hi = _LOSS_THRESHOLD_RANGE
    if not (isinstance(threshold, (int, float, np.floating)) and lo <= threshold <= hi):
        raise EmergenceInputError(f"threshold: must be between {lo} and {hi} nats, got {threshold!r}")
    if not (isinstance(chance, (int, float, np.floating)) and 0 <= chance < 1):
        raise EmergenceInputError(f"chance: must be a fraction in [0, 1), got {chance!r}")
    if not (isinstance(scale, (int, float, np.floating)) and scale > 0):
        raise EmergenceInputError(f"scale: must be positive (nats), got {scale!r}")


def loss_threshold_widget(threshold: float = 2.1, chance: float = 0.25, scale: float = 0.3):
    """Sliders for the loss threshold (nats), the chance level and the rise scale (nats).

    Returns
    -------
    emergence_utils.widgets.LiveFigure
        Controls ``threshold`` (1.85 to 3.2 nats), ``chance`` (0, 0.25, 0.5) and ``scale``
        (0.05 to 0.6 nats).
    """
    import ipywidgets as w

    from .widgets import LiveFigure

    if chance not in (0.0, 0.25, 0.5):
        raise EmergenceInputError(f"chance: the widget offers 0, 0.25 and 0.5, got {chance!r}")
    if not (isinstance(scale, (int, float)) and 0.05 <= scale <= 0.6):
        raise EmergenceInputError(f"scale: must be between 0.05 and 0.6 nats, got {scale!r}")
    fig, art = plot_loss_threshold(threshold, chance, scale)
    style = {"description_width": "initial"}
    lo, hi = _LOSS_THRESHOLD_RANGE
    controls = {
        "threshold": w.FloatSlider(value=threshold, min=lo, max=hi, step=0.01,
                                   description="loss threshold (nats)", style=style,
                                   continuous_update=False),
        "chance": w.Dropdown(options=[("0 (exact match)", 0.0), ("0.25 (4-way choice)", 0.25),
                                      ("0.5 (2-way choice)", 0.5)], value=chance,
                             description="chance", style=style),
        "scale": w.FloatSlider(value=scale, min=0.05, max=0.6, step=0.01,
                               description="rise scale (nats)", style=style,
                               continuous_update=False),
    }
    flops = _LOSS_FLOPS
    loss = compute_optimal_loss(flops)["loss"].to_numpy()

    def update(threshold: float, chance: float, scale: float) -> str:
        score = loss_threshold_performance(loss, threshold, chance, scale=scale)
        c = threshold_compute(threshold)
        art["score_loss"].set_ydata(score)
        art["score_flops"].set_ydata(score)
        art["thr_h"].set_ydata([threshold, threshold])
        art["thr_v"].set_xdata([threshold, threshold])
        art["c_v_loss"].set_xdata([c, c])
        art["c_v_score"].set_xdata([c, c])
        art["chance_loss"].set_ydata([chance, chance])
        art["chance_flops"].set_ydata([chance, chance])
        art["title"].set_text(_loss_title(threshold, chance, scale))
        return _loss_caption(threshold, chance, scale)

    def alt(threshold: float, chance: float, scale: float) -> str:
        return ("Three panels: Chinchilla loss falling smoothly with compute, the task score "
                "flat at chance until the loss passes the threshold and then rising, and the same "
                "score against compute, which looks like a sudden jump. "
                + _loss_caption(threshold, chance, scale))

    # every control only moves lines and the one-line suptitle: blit them (no limit changes)
    animated = [art[k] for k in ("score_loss", "score_flops", "thr_h", "thr_v", "c_v_loss",
                                 "c_v_score", "chance_loss", "chance_flops", "title")]
    return LiveFigure(fig, update, controls, alt,
                      prompt="If the loss threshold were lower, how much more compute would the "
                             "ability need? Does the jump against compute get sharper or softer?",
                      animated=animated)
