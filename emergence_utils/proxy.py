"""Proxy x-axes for predicting emergence.

- Wei et al. (2022), discussion of other measures of scale: the same models against training
  FLOPs, parameters and WikiText-103 perplexity (:func:`proxy_axes_table`,
  :func:`plot_proxy_axes`), with only the values ``data/`` has (Gopher and Chinchilla on MMLU
  and WiC).
- Observational scaling (Ruan, Maddison and Hashimoto 2024, arXiv 2405.10938): a few principal
  components of standard benchmark scores form a low-dimensional "capability" space shared by
  model families; a sigmoid of a linear combination of them predicts harder, "emergent" tasks.
  Following their method (PCA fitted on the training models only, centred and not
  standardised; sigmoid with a fitted floor; cut-off 8.4e22 FLOPs, inclusive), we fit on the
  models at or below a compute cut-off and check on the models above it
  (:func:`pc_sigmoid_predict`, :func:`compare_holdout`, :func:`obsscaling_widget`), compare with
  the same sigmoid of log training FLOPs, score the comparison without counting ties or
  failures as wins (:func:`holdout_verdict`) and test how the verdict moves with the choices of
  the method (:func:`verdict_robustness`).
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
from .style import BASELINE_STYLE, family_style, figsize, font

__all__ = ["benchmark_matrix", "CapabilityPCA", "fit_capability_pca", "LinearSigmoidFit",
           "HoldoutResult",
           "loss_threshold_performance", "PROXY_TASKS", "PROXY_FAMILIES", "PROXY_AXES",
           "proxy_axes_table", "plot_proxy_axes", "OBS_BENCHMARKS", "task_chance",
           "emergent_tasks", "ObsScalingData", "obsscaling_data", "HoldoutComparison",
           "compare_holdout", "holdout_error_table", "plot_capability_vs_flops",
           "RUAN_CUTOFF", "ARITHMETIC_TASKS", "FLOOR_RANGE", "ruan_cutoff", "ruan_benchmarks",
           "task_source", "RUAN_FIG4_MSE", "compare_with_ruan_fig4",
           "pc_scores", "floor_sigmoid", "fit_floor_sigmoid", "pc_sigmoid_predict",
           "holdout_verdict", "VERDICTS", "flops_holdout_rmse", "ROBUSTNESS_VARIANTS", "verdict_robustness",
           "threshold_compute_ratio", "frontier_gamma",
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
    """Principal components of benchmark scores (centred; standardised only if asked).

    ``scores`` (models x components) are the coordinates of each model; ``loadings``
    (components x benchmarks) the weight of each benchmark; ``explained`` the fraction of
    variance per component. PC1's sign is chosen so that higher = better on average.
    ``std`` is 1 for every benchmark unless the PCA was fitted on standardised scores.
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


def fit_capability_pca(matrix: pd.DataFrame, n_components: int = 3, *,
                       standardize: bool = False) -> CapabilityPCA:
    """PCA of a complete models x benchmarks matrix.

    By default each benchmark is only centred, as in Ruan et al. (2024, App. B.3; ObsScaling
    ``perform_pca(standardize=False)``): the scores are already fractions in [0, 1].
    ``standardize=True`` also divides each benchmark by its standard deviation.
    """
    if matrix.isna().any().any():
        raise EmergenceInputError("matrix: has missing scores; use benchmark_matrix() first")
    n, k = matrix.shape
    if not 1 <= n_components <= min(n, k):
        raise EmergenceInputError(f"n_components: must be between 1 and {min(n, k)}, "
                                  f"got {n_components}")
    mean = matrix.mean()
    if standardize:
        std = matrix.std(ddof=0)
        if (std == 0).any():
            raise EmergenceInputError(f"matrix: constant benchmark(s) {list(std.index[std == 0])}")
    else:
        std = pd.Series(1.0, index=matrix.columns)
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
    """``y = floor + (ceiling - floor) * sigmoid(X @ weights + bias)`` (see :func:`fit_floor_sigmoid`)."""

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


@dataclass(frozen=True)
class HoldoutResult:
    """Fit at or below a compute cut-off, prediction above it, for one predictor set."""

    fit: LinearSigmoidFit
    train: pd.Index
    test: pd.Index
    predicted: pd.Series
    observed: pd.Series
    rmse_test: float


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
#: Smallest y range (percentage points) of a row of the proxy figure: a row whose points lie
#: closer together (WiC, all near chance) is drawn on this range centred on the random baseline.
PROXY_MIN_YSPAN = 30.0

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
        ``alt`` (str: alt text built from the plotted values),
        ``note`` (Text under the figure).
    """
    for t in tasks:
        if t not in PROXY_TASKS:
            raise EmergenceInputError(f"tasks: {t!r} is not one of {list(PROXY_TASKS)}")
    fig = Figure(figsize=figsize(11.0, 3.5 * len(tasks) + 0.5), layout="constrained")
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
                                textcoords="offset points", fontsize="small", color=st.color)
            ax.axhline(base, **BASELINE_STYLE)
            if col == "wikitext103_ppl":
                ax.set_xlim(8.0, 7.0)  # lower perplexity to the right, like larger scale
            else:
                ax.set_xscale("log")
            ax.set_xlabel(label)
            n_ok = int(tab[col].notna().sum())
            titles[(task, col)] = ax.set_title(
                f"{task}: {n_ok} of {len(tab)} points have {what[col]}", fontsize=font(0.85),
                color="black" if n_ok == len(tab) else "#7a0000")
            axes[(task, col)] = ax
        grid[i, 0].set_ylabel(f"{task} accuracy (%)")
        lo, hi = grid[i, 0].get_ylim()
        if hi - lo < PROXY_MIN_YSPAN:  # a row near chance: a fixed wide range, no false "dip"
            grid[i, 0].set_ylim(base - PROXY_MIN_YSPAN / 2, base + PROXY_MIN_YSPAN / 2)
    grid[0, 0].legend(fontsize="small", loc="upper left")
    text = ("Missing in data/: WikiText-103 perplexity exists only for Chinchilla 70B (7.16) and "
            "Gopher 280B (7.75) (Hoffmann et al. 2022, Sec. 4.2.1); parameter counts only for the "
            "models Wei et al.'s figure identifies; the smaller Gopher/Chinchilla points are "
            "digitized readings." + (" " + "; ".join(absent) + " in Fig. 2H." if absent else "")
            + " Rows whose points span less than 30 points are drawn on a fixed 30-point range "
            "around chance, so that reading scatter near chance does not look like a trend.")
    # supxlabel: inside the figure, and constrained layout makes room for it
    note = fig.supxlabel(textwrap.fill(text, 190), x=0.01, ha="left", fontsize="small")
    fig.suptitle("Proxy axes (after Wei et al. 2022): the same points against three measures "
                 "of scale", fontsize="medium")
    return fig, {"axes": axes, "titles": titles, "note": note, "alt": _proxy_axes_alt(tasks)}


def _proxy_axes_alt(tasks: Sequence[str]) -> str:
    parts = [f"{len(tasks)} row(s) by three panels: accuracy of Gopher and Chinchilla against "
             "training FLOPs, parameters and WikiText-103 perplexity."]
    for task in tasks:
        tab = proxy_axes_table(task)
        named = tab[tab["model"] != ""]
        vals = ", ".join(f"{r['model']} {r['value']:.1f} % ({r['method']})"
                         for _, r in named.iterrows())
        counts = ", ".join(f"{int(tab[c].notna().sum())} of {len(tab)} with {c}"
                           for c in PROXY_AXES)
        parts.append(f"{task} (random baseline {_proxy_baseline(task):.0f} %): named points "
                     f"{vals or 'none'}; {counts}; the other points are digitized readings.")
    return " ".join(parts) + " A note under the figure lists what is missing."


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
    """The (task, metric) pairs of ``obsscaling_emergent``: description, model count, source."""
    from . import data

    e = data.load("obsscaling_emergent")
    g = e.groupby(["task", "metric"], sort=False).agg(
        description=("task_description", "first"), unit=("unit", "first"),
        n_models=("model", "nunique")).reset_index()
    g["key"] = g["task"] + "|" + g["metric"]
    g["source"] = g["task"].map(task_source)
    return g


#: Ruan et al.'s default hold-out cut-off (FLOPs): the training compute of Llama-2-7B, 8.4e22.
#: Models at or below it are fitted (ObsScaling README ``"cutoff_threshold": 84`` in units of
#: 1e21 FLOPs; ``utils/data.py`` ``split_data`` keeps ``FLOPs <= cutoff`` for training).
RUAN_CUTOFF = 8.4e22
#: GPT-3's arithmetic tasks (Brown et al. 2020) as run by EleutherAI's LM Evaluation Harness
#: (``arithmetic_3ds`` = 3-digit subtraction, ...). For them Ruan et al. (Sec. 4.1) use a quarter
#: of the default cut-off and leave GSM8K out of the PCA.
ARITHMETIC_TASKS = ("arithmetic_3ds", "arithmetic_3da", "arithmetic_2dm", "arithmetic_2da")
#: Range of the fitted floor b of ``y = b + (1 - b) sigmoid(w . x + c)`` (ObsScaling
#: ``fit_multivariate_regression_model``: ``sigmoid_param_range_width=0.2``, height fixed so
#: that the top is 1).
FLOOR_RANGE = (0.0, 0.2)


def task_source(task: str) -> str:
    """Where a task of ``obsscaling_emergent`` comes from (the table's keys say little).

    The four ``arithmetic_*`` tasks are GPT-3's arithmetic tests (Brown et al. 2020) in
    EleutherAI's LM Evaluation Harness (``arithmetic_3ds`` etc.), not a BIG-bench task; the
    others are BIG-bench tasks (Srivastava et al. 2022) that Wei et al. (2022) list as emergent.
    """
    if task in ARITHMETIC_TASKS:
        return ("GPT-3 arithmetic (Brown et al. 2020), EleutherAI LM Evaluation Harness task "
                f"{task}")
    known = {"parsinlu_qa", "word_unscrambling", "ipa_transliterate"}
    if task not in known:
        raise EmergenceInputError(f"task: unknown {task!r}; see emergent_tasks()")
    return f"BIG-bench (Srivastava et al. 2022) task {task}"


#: Held-out MSE printed in the panels of Ruan et al. (2024, arXiv 2405.10938v3) Fig. 4, for the
#: four tasks they show: (PC fit, training-FLOPs fit). Published values; their test sets are
#: not ours (their model list, PCA imputation of missing scores, Persian QA normalised by them).
RUAN_FIG4_MSE = {
    ("word_unscrambling", "exact match"): (4.0e-3, 1.3e-2),
    ("parsinlu_qa", "accuracy"): (3.2e-3, 2.1e-2),
    ("arithmetic_3ds", "accuracy"): (1.3e-2, 6.3e-2),
    ("arithmetic_2dm", "accuracy"): (9.9e-3, 1.2e-1),
}


def compare_with_ruan_fig4() -> pd.DataFrame:
    """Our held-out MSE (RMSE squared, Ruan et al.'s method) next to the MSE of their Fig. 4.

    Returns
    -------
    DataFrame
        ``task``, ``metric``, ``mse_pc``, ``mse_flops`` (ours, derived), ``ruan_mse_pc``,
        ``ruan_mse_flops`` (published, Fig. 4), ``n_train``, ``n_test``.
    """
    tab = holdout_error_table()
    rows = []
    for (task, metric), (pc, fl) in RUAN_FIG4_MSE.items():
        r = tab[(tab["task"] == task) & (tab["metric"] == metric)].iloc[0]
        rows.append({"task": task, "metric": metric, "mse_pc": r["rmse_pc"] ** 2,
                     "mse_flops": r["rmse_flops"] ** 2, "ruan_mse_pc": pc,
                     "ruan_mse_flops": fl, "n_train": r["n_train"], "n_test": r["n_test"]})
    return pd.DataFrame(rows)


def ruan_cutoff(task: str) -> float:
    """Ruan et al.'s hold-out cut-off (FLOPs) for a task: 8.4e22, a quarter of it for arithmetic."""
    return RUAN_CUTOFF / 4 if task in ARITHMETIC_TASKS else RUAN_CUTOFF


def ruan_benchmarks(task: str) -> tuple[str, ...]:
    """Standard benchmarks of the PCA for a task: all eight, without GSM8K for arithmetic."""
    if task in ARITHMETIC_TASKS:
        return tuple(b for b in OBS_BENCHMARKS if b != "GSM8K")
    return OBS_BENCHMARKS


def pc_scores(b_train, b_test=None, n_components: int = 3, *,
              standardize: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
    """Principal-component scores with the PCA fitted on the training models only.

    Parameters
    ----------
    b_train : array_like, shape (n_train, n_benchmarks)
        Benchmark scores (fractions) of the models the PCA is fitted on.
    b_test : array_like, shape (n_test, n_benchmarks), optional
        Models projected with the training models' mean (and scale) and components.
    n_components : int
        Number of components K.
    standardize : bool
        Divide each benchmark by its training standard deviation (Ruan et al. do not).

    Returns
    -------
    train, test : ndarray
        Scores, shape (n, K); ``test`` is None without ``b_test``. Each component's sign is
        chosen so that its loadings sum to a positive number (higher = better on average).
    """
    bt = np.asarray(b_train, dtype=float)
    if bt.ndim != 2 or not np.isfinite(bt).all():
        raise EmergenceInputError("b_train: expected a finite 2-D array (models x benchmarks)")
    if not 1 <= n_components <= min(bt.shape):
        raise EmergenceInputError(f"n_components: must be between 1 and {min(bt.shape)}, "
                                  f"got {n_components}")
    mean = bt.mean(axis=0)
    scale = bt.std(axis=0) if standardize else np.ones(bt.shape[1])
    if np.any(scale == 0):
        raise EmergenceInputError("b_train: a benchmark is constant; it cannot be standardised")
    _, _, vt = np.linalg.svd((bt - mean) / scale, full_matrices=False)
    vt = vt[:n_components]
    vt = vt * np.where(vt.sum(axis=1) < 0, -1.0, 1.0)[:, None]
    train = (bt - mean) / scale @ vt.T
    if b_test is None:
        return train, None
    te = np.asarray(b_test, dtype=float)
    if te.ndim != 2 or te.shape[1] != bt.shape[1] or not np.isfinite(te).all():
        raise EmergenceInputError(f"b_test: expected a finite array with {bt.shape[1]} columns")
    return train, (te - mean) / scale @ vt.T


def floor_sigmoid(x, bias: float, *params: float) -> np.ndarray:
    """``floor + (1 - floor) * sigmoid(x @ weights + bias)``; ``params = (*weights, floor)``.

    The parameter order is Ruan et al.'s (bias, weights, floor), so that it can be passed to
    :func:`scipy.optimize.curve_fit` as is.
    """
    from scipy.special import expit

    xa = np.asarray(x, dtype=float)
    xa = xa[:, None] if xa.ndim == 1 else xa
    weights, floor = np.asarray(params[:-1], dtype=float), params[-1]
    return floor + (1.0 - floor) * expit(xa @ weights + bias)


def fit_floor_sigmoid(x, y, floor_range: tuple[float, float] = FLOOR_RANGE) -> LinearSigmoidFit:
    """Least-squares fit of :func:`floor_sigmoid` with the floor in ``floor_range``, top at 1.

    Follows ObsScaling's ``sigmoid-parametric`` fit: ``scipy.optimize.curve_fit`` from the
    start (bias 0, weights 0.03, floor 0), floor bounded to [0, 0.2] by default. A range
    ``(f, f)`` fixes the floor at ``f``.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, k)
        Predictors (PC scores, or ln of training FLOPs in units of 1e21).
    y : array_like, shape (n,)
        Scores normalised so that 0 is chance and 1 is perfect.
    floor_range : (float, float)
        Bounds of the floor.
    """
    from scipy.optimize import curve_fit

    xa = np.asarray(x, dtype=float)
    xa = xa[:, None] if xa.ndim == 1 else xa
    ya = np.asarray(y, dtype=float)
    if xa.shape[0] != ya.size:
        raise EmergenceInputError(f"x and y: {xa.shape[0]} rows vs {ya.size} values")
    if not np.isfinite(xa).all() or not np.isfinite(ya).all():
        raise EmergenceInputError("x, y: NaN or inf present; drop those models explicitly")
    lo, hi = floor_range
    if not 0 <= lo <= hi < 1:
        raise EmergenceInputError(f"floor_range: need 0 <= low <= high < 1, got {floor_range}")
    k = xa.shape[1]
    if ya.size < k + 3:
        raise EmergenceInputError(f"x: need at least {k + 3} models, got {ya.size}")
    from scipy.special import expit

    design = np.c_[np.ones(len(xa)), xa]

    def jac(x_, bias, *params):  # exact derivatives (bias, weights, floor): fast and stable
        s = expit(x_ @ np.asarray(params[:-1]) + bias)
        return np.c_[((1.0 - params[-1]) * s * (1.0 - s))[:, None] * design, 1.0 - s]

    p0 = np.r_[0.0, np.full(k, 0.03)]
    if hi > lo:
        popt, _ = curve_fit(floor_sigmoid, xa, ya, p0=np.r_[p0, lo], maxfev=10000, jac=jac,
                            bounds=(np.r_[np.full(k + 1, -np.inf), lo],
                                    np.r_[np.full(k + 1, np.inf), hi]))
    else:
        def fixed(x_, bias, *w):
            return floor_sigmoid(x_, bias, *w, lo)

        def fixed_jac(x_, bias, *w):
            return jac(x_, bias, *w, lo)[:, :-1]

        popt, _ = curve_fit(fixed, xa, ya, p0=p0, maxfev=10000, jac=fixed_jac)
        popt = np.r_[popt, lo]
    resid = floor_sigmoid(xa, *popt) - ya
    return LinearSigmoidFit(np.asarray(popt[1:-1]), float(popt[0]), float(popt[-1]), 1.0,
                            float(np.sqrt(np.mean(resid**2))))


def pc_sigmoid_predict(b_train, y_train, b_test, n_components: int = 3, *,
                       standardize: bool = False) -> np.ndarray:
    """Ruan et al.'s prediction: PCA of the training models, then a sigmoid with a fitted floor.

    Parameters
    ----------
    b_train, b_test : array_like, shape (n, n_benchmarks)
        Standard-benchmark scores (fractions) of the training and test models.
    y_train : array_like, shape (n_train,)
        Task scores of the training models, normalised (0 = chance, 1 = perfect).
    n_components : int
        Number of principal components.
    standardize : bool
        Standardise the benchmarks before the PCA (Ruan et al. do not).

    Returns
    -------
    ndarray, shape (n_test,)
        Predicted normalised scores of the test models.
    """
    s_train, s_test = pc_scores(b_train, b_test, n_components, standardize=standardize)
    fit = fit_floor_sigmoid(s_train, y_train)
    return fit.predict(s_test)


@dataclass(frozen=True)
class ObsScalingData:
    """Everything a hold-out fit of one emergent task needs.

    ``matrix``: complete scores (fractions) on ``benchmarks`` of every model that has them;
    ``pca``: its principal components (centred, all models: a description of the table, not
    used in the hold-out, which fits its own PCA on the training models); ``y``: the task
    score normalised as ``(score - chance) / (1 - chance)`` (BLEU first divided by 100);
    ``raw``: the score before normalisation (fraction); ``chance``: chance level (fraction);
    ``flops``: training FLOPs; ``models``: the models usable in a hold-out (complete
    benchmarks, a task score and FLOPs); ``excluded``: models with a task score left out, by
    reason.
    """

    task: str
    metric: str
    description: str
    benchmarks: tuple[str, ...]
    matrix: pd.DataFrame
    pca: CapabilityPCA
    y: pd.Series
    raw: pd.Series
    chance: float
    flops: pd.Series
    family: pd.Series
    models: pd.Index
    excluded: dict[str, list[str]]
    n_components: int


@lru_cache(maxsize=64)
def obsscaling_data(task: str = "word_unscrambling", metric: str = "exact match",
                    benchmarks: tuple[str, ...] | None = None,
                    n_components: int = 3) -> ObsScalingData:
    """Assemble the observational-scaling inputs for one emergent task (cached).

    Parameters
    ----------
    task, metric : str
        A pair from :func:`emergent_tasks`.
    benchmarks : tuple of str, optional
        Standard benchmarks of the PCA; default :func:`ruan_benchmarks` (all eight, no GSM8K
        for arithmetic).
    n_components : int
        Number of principal components.
    """
    from . import data

    tasks = emergent_tasks()
    sel = tasks[(tasks["task"] == task) & (tasks["metric"] == metric)]
    if sel.empty:
        raise EmergenceInputError(f"task/metric: {task!r} / {metric!r} not in obsscaling_emergent;"
                                  f" choose from {list(tasks['key'])}")
    benchmarks = ruan_benchmarks(task) if benchmarks is None else tuple(benchmarks)
    bench = data.load("obsscaling_benchmarks")
    matrix, _ = benchmark_matrix(bench, list(benchmarks))
    pca = fit_capability_pca(matrix, n_components)
    em = data.load("obsscaling_emergent")
    em = em[(em["task"] == task) & (em["metric"] == metric)]
    if em["model"].duplicated().any():
        dup = em.loc[em["model"].duplicated(), "model"].iloc[0]
        raise EmergenceDataError(f"two values for model {dup!r}, task {task!r}, metric {metric!r}",
                                 dataset="obsscaling_emergent", column="value")
    unit = str(sel["unit"].iloc[0])
    raw = em.set_index("model")["value"].astype(float)
    if unit == "score":  # BLEU on a 0-100 scale
        raw = raw / 100.0
    elif unit != "fraction":
        raise EmergenceDataError(f"unexpected unit {unit!r} for {task}/{metric}",
                                 dataset="obsscaling_emergent", column="unit")
    chance = task_chance(task, metric)
    meta = pd.concat([bench[["model", "model_family", "train_flops"]],
                      em[["model", "model_family", "train_flops"]]]).drop_duplicates("model")
    meta = meta.set_index("model")
    flops = meta["train_flops"].astype(float)
    with_y = raw.dropna().index
    no_bench = sorted(m for m in with_y if m not in matrix.index)
    no_flops = sorted(m for m in with_y if m in matrix.index and not np.isfinite(flops.get(m, np.nan)))
    models = pd.Index([m for m in with_y if m in matrix.index and np.isfinite(flops.get(m, np.nan))])
    excluded = {"missing standard-benchmark score(s)": no_bench,
                "no training FLOPs in the table": no_flops}
    y = (raw.loc[models] - chance) / (1.0 - chance)
    return ObsScalingData(task, metric, str(sel["description"].iloc[0]), benchmarks,
                          matrix, pca, y, raw.loc[models], chance, flops.loc[models],
                          meta["model_family"].reindex(models), models, excluded, n_components)


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
        ``ax``, ``others`` (Line2D), ``families`` (dict family -> Line2D), ``alt`` (str).
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
    fig = Figure(figsize=figsize(7.0, 4.4), layout="constrained")
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
                 fontsize=font(0.9))
    ax.legend(fontsize="small")
    alt = (f"Scatter of PC1 (centred PCA of {len(data.benchmarks)} standard benchmarks, "
           f"{data.pca.explained[0]:.0%} of the variance) against training FLOPs for "
           f"{int(ok.sum())} open models, with {', '.join(highlight)} drawn as lines. "
           f"{int((~ok).sum())} models of the PCA have no training FLOPs and are not shown.")
    return fig, {"ax": ax, "others": others, "families": lines, "alt": alt}


def _flops_x(flops) -> np.ndarray:
    """The FLOPs predictor of Ruan et al.'s baseline: ln(FLOPs / 1e21), one column."""
    return np.log(np.asarray(flops, dtype=float) / 1e21)[:, None]


@dataclass(frozen=True)
class HoldoutComparison:
    """The same train/test split fitted against PC scores and against log training FLOPs.

    ``options``: the choices of the fit (``standardize``, ``pca_fit``, ``floor``).
    ``sd_test``: standard deviation of the held-out normalised scores (the RMSE of a constant
    prediction at their mean).
    """

    data: ObsScalingData
    cutoff: float
    pc: HoldoutResult
    flops: HoldoutResult
    options: dict
    sd_test: float

    def table(self) -> pd.DataFrame:
        """Held-out models: FLOPs, observed and both predictions (normalised scores), errors."""
        d = self.data
        t = pd.DataFrame({"model_family": d.family[self.pc.test],
                          "train_flops": d.flops[self.pc.test],
                          "observed": self.pc.observed, "pred_pc": self.pc.predicted,
                          "pred_flops": self.flops.predicted.reindex(self.pc.test)})
        t["err_pc"] = t["pred_pc"] - t["observed"]
        t["err_flops"] = t["pred_flops"] - t["observed"]
        return t.sort_values("train_flops")

    @property
    def verdict(self) -> str:
        """:func:`holdout_verdict` of the two held-out RMSEs."""
        return holdout_verdict(self.pc.rmse_test, self.flops.rmse_test, self.sd_test)


def compare_holdout(data: ObsScalingData, cutoff: float | None = None, *,
                    standardize: bool = False, pca_fit: str = "train",
                    floor: str = "fitted") -> HoldoutComparison:
    """Fit the task on models at or below ``cutoff`` FLOPs, against PCs and against log FLOPs.

    The defaults follow Ruan et al. (2024): cut-off :func:`ruan_cutoff`, training models
    ``FLOPs <= cutoff``; PCA fitted on the training models only, centred and not standardised;
    sigmoid with a fitted floor in [0, 0.2] and top 1 (:func:`fit_floor_sigmoid`); the FLOPs
    baseline is the same sigmoid of ln(FLOPs). Both fits use the same models and split, so
    their held-out RMSEs (normalised scores) are comparable.

    Parameters
    ----------
    data : ObsScalingData
    cutoff : float, optional
        FLOPs; default :func:`ruan_cutoff` of the task.
    standardize : bool
        Standardise the benchmarks before the PCA.
    pca_fit : {"train", "all"}
        Fit the PCA on the training models only, or on every model of ``data.matrix``
        (test models included: a leak of information about the test set).
    floor : {"fitted", "chance"}
        Fit the floor in [0, 0.2], or fix it at chance (0 on the normalised scale).
    """
    cutoff = ruan_cutoff(data.task) if cutoff is None else cutoff
    if not (isinstance(cutoff, (int, float, np.floating)) and np.isfinite(cutoff) and cutoff > 0):
        raise EmergenceInputError(f"cutoff: must be a positive number of FLOPs, got {cutoff!r}")
    if pca_fit not in ("train", "all"):
        raise EmergenceInputError(f"pca_fit: 'train' or 'all', got {pca_fit!r}")
    if floor not in ("fitted", "chance"):
        raise EmergenceInputError(f"floor: 'fitted' or 'chance', got {floor!r}")
    k = data.n_components
    below = (data.flops <= cutoff).to_numpy()
    train, test = data.models[below], data.models[~below]
    if len(train) < k + 3:
        raise EmergenceInputError(f"cutoff: only {len(train)} model(s) at or below {cutoff:.3g} "
                                  f"FLOPs; the {k}-component fit needs at least {k + 3}")
    if len(test) == 0:
        raise EmergenceInputError(f"cutoff: no model above {cutoff:.3g} FLOPs to test on")
    b = data.matrix.loc[data.models, list(data.benchmarks)].to_numpy()
    if pca_fit == "train":
        s_tr, s_te = pc_scores(b[below], b[~below], k, standardize=standardize)
    else:
        s_all, s_models = pc_scores(data.matrix[list(data.benchmarks)].to_numpy(), b, k,
                                    standardize=standardize)
        s_tr, s_te = s_models[below], s_models[~below]
    y = data.y.to_numpy()
    rng = FLOOR_RANGE if floor == "fitted" else (0.0, 0.0)
    x_fl = _flops_x(data.flops)

    def result(x_tr, x_te) -> HoldoutResult:
        fit = fit_floor_sigmoid(x_tr, y[below], rng)
        pred = pd.Series(fit.predict(x_te), index=test)
        obs = pd.Series(y[~below], index=test, name=data.y.name)
        rmse = float(np.sqrt(np.mean((pred.to_numpy() - obs.to_numpy()) ** 2)))
        return HoldoutResult(fit, train, test, pred, obs, rmse)

    options = {"standardize": standardize, "pca_fit": pca_fit, "floor": floor}
    return HoldoutComparison(data, float(cutoff), result(s_tr, s_te),
                             result(x_fl[below], x_fl[~below]), options,
                             float(np.std(y[~below])))


def holdout_verdict(rmse_pc: float, rmse_flops: float, sd_test: float, tie: float = 0.01) -> str:
    """Which predictor did better on the held-out models, honestly scored.

    Parameters
    ----------
    rmse_pc, rmse_flops : float
        Held-out RMSE of the PC fit and of the log-FLOPs fit (normalised scores).
    sd_test : float
        Standard deviation of the held-out scores: the RMSE of predicting every held-out model
        at their mean, a bar that a useful prediction must beat.
    tie : float
        RMSE difference below which neither wins (0.01 = one point on the normalised scale).

    Returns
    -------
    str
        ``"both fail"`` when neither RMSE is below ``sd_test``; else ``"tie"`` when they differ
        by less than ``tie``; else ``"PCs"`` or ``"log FLOPs"``.
    """
    vals = (rmse_pc, rmse_flops, sd_test, tie)
    if not all(isinstance(v, (int, float, np.floating)) and np.isfinite(v) and v >= 0
               for v in vals):
        raise EmergenceInputError(f"rmse_pc, rmse_flops, sd_test, tie: need finite numbers >= 0, "
                                  f"got {vals}")
    if rmse_pc >= sd_test and rmse_flops >= sd_test:
        return "both fail"
    if abs(rmse_pc - rmse_flops) < tie:
        return "tie"
    return "PCs" if rmse_pc < rmse_flops else "log FLOPs"


def flops_holdout_rmse(task: str, metric: str, cutoff: float | None = None) -> float:
    """Held-out RMSE (normalised scores) of the log-FLOPs sigmoid alone (Ruan et al.'s baseline).

    Fits :func:`fit_floor_sigmoid` of ln(FLOPs / 1e21) on the models of
    :func:`obsscaling_data` with FLOPs at or below ``cutoff`` (default :func:`ruan_cutoff`)
    and returns the RMSE on the others.
    """
    return compare_holdout(obsscaling_data(task, metric), cutoff).flops.rmse_test


#: The verdicts of :func:`holdout_verdict`, in table order.
VERDICTS = ("PCs", "log FLOPs", "tie", "both fail")


def holdout_error_table(cutoffs: Sequence[float] | None = None, n_components: int = 3, *,
                        standardize: bool = False, pca_fit: str = "train",
                        floor: str = "fitted",
                        benchmarks: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Held-out RMSE (normalised scores) of the PC fit and the log-FLOPs fit, per task.

    Parameters
    ----------
    cutoffs : sequence of float, optional
        FLOPs cut-offs applied to every task; default: each task's :func:`ruan_cutoff`.
    n_components, standardize, pca_fit, floor
        As in :func:`obsscaling_data` and :func:`compare_holdout`.
    benchmarks : tuple of str, optional
        Benchmarks of the PCA for every task; default :func:`ruan_benchmarks` per task.

    Returns
    -------
    DataFrame
        ``task``, ``metric``, ``description``, ``cutoff_flops``, ``n_train``, ``n_test``,
        ``rmse_pc``, ``rmse_flops``, ``sd_test``, ``verdict`` (:func:`holdout_verdict`).
    """
    cutoffs = None if cutoffs is None else tuple(float(c) for c in cutoffs)
    benchmarks = None if benchmarks is None else tuple(benchmarks)
    return _error_table(cutoffs, n_components, standardize, pca_fit, floor, benchmarks).copy()


@lru_cache(maxsize=32)
def _error_table(cutoffs: tuple[float, ...] | None, n_components: int, standardize: bool,
                 pca_fit: str, floor: str, benchmarks: tuple[str, ...] | None) -> pd.DataFrame:
    rows = []
    for _, t in emergent_tasks().iterrows():
        d = obsscaling_data(t["task"], t["metric"], benchmarks, n_components)
        for c in (cutoffs if cutoffs is not None else (ruan_cutoff(t["task"]),)):
            r = compare_holdout(d, c, standardize=standardize, pca_fit=pca_fit, floor=floor)
            rows.append({"task": t["task"], "metric": t["metric"],
                         "description": t["description"], "cutoff_flops": c,
                         "n_train": len(r.pc.train), "n_test": len(r.pc.test),
                         "rmse_pc": r.pc.rmse_test, "rmse_flops": r.flops.rmse_test,
                         "sd_test": r.sd_test, "verdict": r.verdict})
    return pd.DataFrame(rows)


#: Variants of the hold-out for :func:`verdict_robustness`: label -> arguments of
#: :func:`holdout_error_table` (the first is Ruan et al.'s method).
ROBUSTNESS_VARIANTS: dict[str, dict[str, Any]] = {
    "Ruan et al.'s method": {},
    "benchmarks standardised before the PCA": {"standardize": True},
    "PCA fitted on all models (test included)": {"pca_fit": "all"},
    "GSM8K kept for arithmetic": {"benchmarks": OBS_BENCHMARKS},
    "floor fixed at chance": {"floor": "chance"},
    "cut-off 1e22 FLOPs for every task": {"cutoffs": (1e22,)},
    "cut-off 1e23 FLOPs for every task": {"cutoffs": (1e23,)},
}


def verdict_robustness(variants: dict[str, dict[str, Any]] | None = None,
                       n_components: int = 3) -> pd.DataFrame:
    """How many of the 8 task/metric pairs each predictor wins under each variant of the method.

    Returns
    -------
    DataFrame
        One row per variant (index), one column per verdict of :data:`VERDICTS` (counts).
    """
    variants = ROBUSTNESS_VARIANTS if variants is None else variants
    rows = {}
    for label, kw in variants.items():
        tab = holdout_error_table(n_components=n_components, **kw)
        rows[label] = tab["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)
    out = pd.DataFrame(rows).T
    out.index.name = "variant"
    return out


#: Cut-off slider: log10 steps of log10(4) / 12 (about 0.05), placed so that both of Ruan et
#: al.'s cut-offs (8.4e22 FLOPs and a quarter of it) are slider positions; about 10^21.47 to 10^24.03.
_OBS_CUTOFF_STEP = float(np.log10(4.0) / 12)
_OBS_CUTOFF_LOG = (float(np.log10(RUAN_CUTOFF)) - 29 * _OBS_CUTOFF_STEP,
                   float(np.log10(RUAN_CUTOFF)) + 22 * _OBS_CUTOFF_STEP)
_OBS_CUTOFF_RANGE = (10 ** _OBS_CUTOFF_LOG[0], 10 ** _OBS_CUTOFF_LOG[1])


def _obs_title(d: ObsScalingData) -> str:
    return f"{d.description} ({d.metric}), 2-shot, {len(d.models)} open models"


def _obs_split_text(d: ObsScalingData, cutoff: float, r: HoldoutComparison | None) -> str:
    if r is None:
        return f"cut-off {cutoff:.2g} FLOPs: no fit"
    return (f"cut-off {cutoff:.2g} FLOPs\nfitted on {len(r.pc.train)} models at or below,\n"
            f"tested on {len(r.pc.test)} above")


def _obs_caption(r: HoldoutComparison) -> str:
    d = r.data
    exc = "; ".join(f"{why}: {len(ms)} ({', '.join(m.split('/')[-1] for m in ms)})"
                    for why, ms in d.excluded.items() if ms)
    return (f"Held-out RMSE on {len(r.pc.test)} models above {r.cutoff:.2g} FLOPs: "
            f"{r.pc.rmse_test:.3f} with {d.n_components} PC(s), "
            f"{r.flops.rmse_test:.3f} with log FLOPs (normalised scores, 0 = chance; a constant "
            f"at the held-out mean: {r.sd_test:.3f}; verdict: {r.verdict}; fitted on "
            f"{len(r.pc.train)} models; PCA of {len(d.benchmarks)} benchmarks on those models). "
            f"Excluded models with a task score: {exc or 'none'}.")


def _draw_obs(art: dict[str, Any], r: HoldoutComparison | None, d: ObsScalingData,
              cutoff: float) -> None:
    ax, par = art["ax"], art["parity"]
    below = (d.flops <= cutoff).to_numpy()
    tr, te = d.models[below], d.models[~below]
    art["train"].set_data(d.flops[tr], d.y[tr])
    art["test"].set_data(d.flops[te], d.y[te])
    art["cut"].set_xdata([cutoff, cutoff])
    grid = np.logspace(19.5, 26.0, 200)
    if r is None:
        for k in ("fit_in", "fit_out", "pred_pc", "par_pc", "par_fl"):
            art[k].set_data([], [])
    else:
        yfit = r.flops.fit.predict(_flops_x(grid))
        inside = grid <= cutoff
        art["fit_in"].set_data(grid[inside], yfit[inside])
        art["fit_out"].set_data(grid[~inside], yfit[~inside])
        art["pred_pc"].set_data(d.flops[r.pc.test], r.pc.predicted)
        art["par_pc"].set_data(r.pc.observed, r.pc.predicted)
        art["par_fl"].set_data(r.flops.observed, r.flops.predicted)
        art["par_pc"].set_label(f"{d.n_components} PC(s): RMSE {r.pc.rmse_test:.3f}")
        art["par_fl"].set_label(f"log FLOPs: RMSE {r.flops.rmse_test:.3f}")
    from matplotlib.font_manager import FontProperties

    legend = art.get("par_legend")
    texts = legend.get_texts() if legend is not None else []
    # (matplotlib 3.7 gives a legend of unlabelled handles no texts at all: rebuild it then)
    if legend is not None and legend.axes is par and len(texts) == 2 \
            and texts[0].get_fontsize() == FontProperties(size="small").get_size_in_points():
        # update the labels in place (the widget redraws this legend alone on a cut-off move)
        for text, line in zip(legend.get_texts(), (art["par_pc"], art["par_fl"]), strict=True):
            text.set_text(line.get_label())
    else:
        if legend is not None:
            legend.remove()
        art["par_legend"] = par.legend(handles=[art["par_pc"], art["par_fl"]], fontsize="small",
                                       loc="upper left")
    # The title changes only with the task (a changing title would re-run the layout on every
    # slider move); the split is written inside the axes.
    ax.set_title(_obs_title(d), fontsize=font(0.9))
    art["split"].set_text(_obs_split_text(d, cutoff, r))
    lo = min(-0.05, float(d.y.min()) - 0.03)
    top = max(1.0, float(d.y.max()) * 1.05)
    ax.set_ylim(lo, top)
    par.set_xlim(lo, top)
    par.set_ylim(lo, top)
    # the title names the task and metric; a fixed y label keeps a task change from moving
    # the layout (and fits the panel in the seminar style)
    ax.set_ylabel("normalised score (0 = chance)")


def plot_obsscaling(data: ObsScalingData, cutoff: float | None = None
                    ) -> tuple[Figure, dict[str, Any]]:
    """Hold-out prediction of an emergent task from PCs and from log FLOPs (Ruan et al.'s method).

    Left: the normalised task score against training FLOPs (models at or below the cut-off
    filled blue, above it vermillion), the log-FLOPs sigmoid fitted below the cut-off (solid,
    dashed where it extrapolates) and the PC fit's predictions for the held-out models (purple
    crosses). Right: predicted against observed for the held-out models, both fits, with the
    diagonal.

    Returns
    -------
    fig : Figure
    artists : dict
        ``ax``, ``parity`` (Axes); ``train``, ``test``, ``fit_in``, ``fit_out``, ``pred_pc``,
        ``par_pc``, ``par_fl``, ``cut``, ``chance`` (Line2D); ``split`` (Text: the cut-off and
        the numbers of models on each side); ``par_legend``; ``result``
        (:class:`HoldoutComparison`).
    """
    cutoff = ruan_cutoff(data.task) if cutoff is None else cutoff
    fig = Figure(figsize=figsize(10.5, 4.3), layout="constrained")
    ax, par = fig.subplots(1, 2, width_ratios=[1.6, 1])
    ax.set_xscale("log")
    ax.set_xlim(10**19.8, 10**25.8)
    (train,) = ax.plot([], [], "o", color="#0072B2", ms=5, label="fitted (at or below cut-off)")
    (test,) = ax.plot([], [], "o", color="#D55E00", ms=5, markerfacecolor="white",
                      label="held out (above)")
    (fit_in,) = ax.plot([], [], "-", color="black", lw=1.5, label="sigmoid of log FLOPs")
    (fit_out,) = ax.plot([], [], "--", color="black", lw=1.5)
    (pred_pc,) = ax.plot([], [], "x", color="#CC79A7", ms=6, mew=1.8,
                         label="PC-fit prediction (held out)")
    # drawn above the (frameless) legend, so that moving it does not redraw the legend
    cut = ax.axvline(cutoff, color="#E69F00", lw=1.8, linestyle="-.", label="FLOPs cut-off",
                     zorder=5.5)
    chance = ax.axhline(0.0, **{**BASELINE_STYLE, "label": "chance"})
    ax.set_xlabel("Training FLOPs")
    # above the panels, where no moving marker reaches it (a slider move then never redraws it)
    fig.legend(handles=[train, test, fit_in, pred_pc, cut, chance], fontsize="small", ncol=6,
               loc="outside upper center")
    split = ax.text(0.98, 0.04, "", transform=ax.transAxes, ha="right", va="bottom", fontsize="small",
                    bbox={"facecolor": "white", "edgecolor": "#cccccc", "alpha": 0.9})
    par.plot([-1, 1.5], [-1, 1.5], color="#7f7f7f", lw=1)
    (par_pc,) = par.plot([], [], "x", color="#CC79A7", ms=6, mew=1.8, label="PC fit")
    (par_fl,) = par.plot([], [], "s", color="black", ms=4, markerfacecolor="white",
                         label="log FLOPs fit")
    par.set_xlabel("observed (held-out models)")
    par.set_ylabel("predicted")
    par.set_title("Prediction vs observation", fontsize=font(0.9))
    art = {"ax": ax, "parity": par, "train": train, "test": test, "fit_in": fit_in,
           "fit_out": fit_out, "pred_pc": pred_pc, "par_pc": par_pc, "par_fl": par_fl,
           "cut": cut, "chance": chance, "split": split,
           "par_legend": par.legend(handles=[par_pc, par_fl])}
    r = compare_holdout(data, cutoff)
    _draw_obs(art, r, data, cutoff)
    art["result"] = r
    return fig, art


def obsscaling_widget(task: str = "word_unscrambling|exact match", cutoff: float = RUAN_CUTOFF,
                      n_components: int = 3):
    """Explorer of the observational-scaling hold-out: task, FLOPs cut-off, number of PCs.

    The fits follow Ruan et al.'s method (:func:`compare_holdout` defaults) at the cut-off of
    the slider; the PCA uses :func:`ruan_benchmarks` of the task (no GSM8K for arithmetic).

    Returns
    -------
    emergence_utils.widgets.LiveFigure
        Controls ``task`` (``"task|metric"`` keys of :func:`emergent_tasks`), ``cutoff``
        (FLOPs, about 10^21.47 to 10^24.03, with 8.4e22 and 2.1e22 on the slider's grid) and
        ``n_components`` (1 to 3).
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
        return obsscaling_data(t, m, None, k)

    fig, art = plot_obsscaling(get(task, n_components), cutoff)
    style = {"description_width": "initial"}
    options = [(f"{r['description']} ({r['metric']})", r["key"]) for _, r in tasks.iterrows()]
    controls = {
        "task": w.Dropdown(options=options, value=task, description="emergent task", style=style,
                           layout=w.Layout(width="360px")),
        "cutoff": w.FloatLogSlider(value=cutoff, base=10, min=_OBS_CUTOFF_LOG[0],
                                   max=_OBS_CUTOFF_LOG[1], step=_OBS_CUTOFF_STEP,
                                   description="FLOPs cut-off", style=style,
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
        head = (f"Left: {d.description} score (normalised, 0 = chance) against training FLOPs "
                f"for open models, split at {cutoff:.2g} FLOPs, with a sigmoid of log FLOPs "
                f"fitted at or below the cut-off and the PC fit's predictions above it. Right: "
                f"predicted against observed. ")
        return head + (_obs_caption(r) if r is not None else "No fit at this cut-off.")

    # Every move changes only markers, fits, the split text, the parity legend and (task) the
    # title: those are redrawn over a saved picture of the rest. A task whose scores reach
    # above 0.95 or below -0.02 widens the y range; then the whole figure is drawn.
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


def frontier_gamma(law=None) -> float:
    """Exponent gamma = alpha beta / (alpha + beta) of the compute-optimal Chinchilla loss."""
    from . import scaling

    law = law or scaling.CHINCHILLA
    return float(law.alpha * law.beta / (law.alpha + law.beta))


def threshold_compute_ratio(loss_from: float, loss_to: float, e: float, gamma: float) -> float:
    """Factor of compute needed to bring the frontier loss from ``loss_from`` down to ``loss_to``.

    On the frontier ``L(C) = E + K (C/6)^(-gamma)``, so
    ``C(loss_to) / C(loss_from) = ((loss_from - E) / (loss_to - E))^(1/gamma)``.

    Parameters
    ----------
    loss_from, loss_to : float
        Losses (nats/token), both above ``e``.
    e : float
        Irreducible loss E (nats/token).
    gamma : float
        Exponent of the frontier (:func:`frontier_gamma`), > 0.
    """
    vals = (loss_from, loss_to, e, gamma)
    if not all(isinstance(v, (int, float, np.floating)) and np.isfinite(v) for v in vals):
        raise EmergenceInputError(f"loss_from, loss_to, e, gamma: need finite numbers, got {vals}")
    if gamma <= 0:
        raise EmergenceInputError(f"gamma: must be positive, got {gamma}")
    if min(loss_from, loss_to) <= e:
        raise EmergenceInputError(f"loss_from, loss_to: must be above E = {e} nats")
    return float(((loss_from - e) / (loss_to - e)) ** (1.0 / gamma))


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
    fig = Figure(figsize=figsize(11.0, 3.7), layout="constrained")
    a0, a1, a2 = fig.subplots(1, 3)
    (loss_line,) = a0.plot(curve["flops"], curve["loss"], color="#0072B2", lw=2)
    thr_h = a0.axhline(threshold, color="#E69F00", lw=1.6, linestyle="-.", label="threshold")
    c_v_loss = a0.axvline(c, color="#7f7f7f", lw=1, linestyle=":")
    a0.set_xscale("log")
    a0.set_xlabel("Training FLOPs\n(compute-optimal N, D)")
    a0.set_ylabel("Chinchilla loss (nats/token)")
    a0.set_title("Loss falls smoothly", fontsize=font(0.9))
    a0.legend(fontsize="small")
    (score_loss,) = a1.plot(curve["loss"], score, color="#009E73", lw=2)
    thr_v = a1.axvline(threshold, color="#E69F00", lw=1.6, linestyle="-.")
    chance_loss = a1.axhline(chance, **{**BASELINE_STYLE, "label": "chance"})
    a1.set_xlim(curve["loss"].max(), curve["loss"].min())
    a1.set_xlabel("Chinchilla loss\n(nats/token, decreasing)")
    a1.set_ylabel("task score (fraction)")
    a1.set_title("Score vs loss: flat, then rising", fontsize=font(0.9))
    a1.set_ylim(-0.03, 1.03)
    (score_flops,) = a2.plot(curve["flops"], score, color="#D55E00", lw=2)
    c_v_score = a2.axvline(c, color="#E69F00", lw=1.6, linestyle="-.", label="C* (loss = threshold)")
    chance_flops = a2.axhline(chance, **{**BASELINE_STYLE, "label": "chance"})
    a2.set_xscale("log")
    a2.set_ylim(-0.03, 1.03)
    a2.set_xlabel("Training FLOPs")
    a2.set_title("Score vs compute: looks emergent", fontsize=font(0.9))
    a2.legend(fontsize="small", loc="upper left")
    title = fig.suptitle(_loss_title(threshold, chance, scale), fontsize="medium")
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
