"""Critiques of the emergence claim, as computations (notebook 07).

- :func:`views_widget`: one curve in six views (accuracy or error rate; log or linear x; linear
  or log y), as in Holt's (2023) "same results on a linear scale" critique.
- :func:`scale_axes_widget`: the same published results against parameters, training tokens or
  training FLOPs.
- :func:`leave_one_out_thresholds`, :func:`jackknife_thresholds`: how much a fitted emergence
  threshold moves when one model is left out (few points per family).
- :func:`resolution_table`: the smallest non-zero score each test set can show (1/n).
- :func:`emergence_scores`, :func:`simulate_flat_emergence_scores`, :func:`flat_screen_table`,
  :func:`multiple_comparisons_widget`: how often flat, noisy curves pass an emergence-score
  cut-off (Schaeffer et al. 2023, Eq. 1) when many task-metric pairs are screened.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import data as _data
from . import emergence as em
from .errors import EmergenceInputError
from .plotting import FIG2_PANELS, new_figure, set_scales
from .style import BASELINE_STYLE, family_style

__all__ = ["CURVES", "VIEWS", "curve", "views_figure", "views_widget", "SCALE_DATASETS",
           "scale_points", "scale_axes_widget", "leave_one_out_thresholds",
           "spread_dex", "jackknife_thresholds", "resolution_table", "emergence_scores",
           "share_above",
           "simulate_flat_emergence_scores", "flat_screen_table", "multiple_comparisons_widget",
           "truthfulqa_figure"]

#: Curves offered by :func:`views_widget`: key -> label.
CURVES = {
    "wei_fig2A": "Modified arithmetic, BIG-bench (Wei et al. Fig. 2A, digitized)",
    "gpt3_3d+": "3-digit addition, few-shot (Brown et al. Table H.1, published)",
    "gpt3_2dx": "2-digit multiplication, few-shot (Brown et al. Table H.1, published)",
}


def curve(key: str) -> pd.DataFrame:
    """GPT-3 points of one curve with ``params``, ``train_flops`` and ``value`` (percent)."""
    if key == "wei_fig2A":
        d = _data.load("wei_fig2")
        out = d[(d["panel"] == "A") & (d["model_family"] == "GPT-3")]
    elif key in ("gpt3_3d+", "gpt3_2dx"):
        task = "3D+ (3 digit addition)" if key == "gpt3_3d+" else "2Dx (2 digit multiplication)"
        d = _data.load("gpt3_per_size")
        out = d[(d["task"] == task) & (d["shots"] == "few") & (d["table"] == "Table H.1")]
        out = out.drop_duplicates("model")
    else:
        raise EmergenceInputError(f"key: must be one of {sorted(CURVES)}, got {key!r}")
    out = out[["model", "params", "train_flops", "value", "method", "source"]]
    return out.sort_values("train_flops").reset_index(drop=True)


#: The six views: (x scale, quantity, y scale, panel title). Row 1 accuracy, row 2 error rate;
#: columns: log x and linear y, linear x and linear y, log x and log y.
VIEWS = [
    ("log", "accuracy", "linear", "accuracy: log x, linear y"),
    ("linear", "accuracy", "linear", "accuracy: linear x, linear y"),
    ("log", "accuracy", "log", "accuracy: log x, log y"),
    ("log", "error", "linear", "error rate: log x, linear y"),
    ("linear", "error", "linear", "error rate: linear x, linear y"),
    ("log", "error", "log", "error rate: log x, log y"),
]


def views_figure(key: str = "wei_fig2A", x: str = "params") -> tuple[Figure, dict]:
    """The same curve in the six :data:`VIEWS`; returns the figure and the artists to update.

    A log y axis compresses the top of its range and stretches the bottom: accuracy on a log
    axis spreads the small accuracies of the small models over decades (the jump becomes a
    steady climb), error rate on a log axis squeezes 90-100 % error into a thin band.
    """
    if x not in ("params", "train_flops"):
        raise EmergenceInputError(f"x: must be 'params' or 'train_flops', got {x!r}")
    fig, axes = new_figure(2, 3, figsize=(11, 6.5))
    st = family_style("GPT-3")
    art = {"lines": [], "axes": axes.ravel()}
    for ax, (xs, yk, ys, title) in zip(axes.ravel(), VIEWS, strict=True):
        (ln,) = ax.plot([], [], "-", marker=st.marker, color=st.color, markeredgecolor="white")
        ax.set_title(title, fontsize="medium")
        ax.set_xscale(xs)
        ax.set_yscale(ys)
        ax.set_ylabel("accuracy (%)" if yk == "accuracy" else "error rate (%)")
        if ys == "log":
            from matplotlib.ticker import FixedLocator, NullFormatter, ScalarFormatter

            if yk == "error":  # labelled ticks, or a log axis over 20-100 % shows only "100"
                ax.yaxis.set_major_locator(FixedLocator([10, 20, 30, 50, 70, 100]))
            ax.yaxis.set_major_formatter(ScalarFormatter())
            ax.yaxis.set_minor_formatter(NullFormatter())
        art["lines"].append(ln)
    _update_views(art, key, x)
    return fig, art


def _update_views(art: dict, key: str, x: str) -> str:
    cur = curve(key)
    xs = cur[x].to_numpy(float)
    acc = cur["value"].to_numpy(float)
    for ln, ax, (_, yk, _, _) in zip(art["lines"], art["axes"], VIEWS, strict=True):
        ys = acc if yk == "accuracy" else 100.0 - acc
        ln.set_data(xs, ys)
        ax._emergence_points = [(xs, ys)]
        ax.set_xlabel("parameters" if x == "params" else "training FLOPs")
        set_scales(ax)
    missing = int(np.isnan(xs).sum())
    note = f" ({missing} point(s) without a known {x} not shown)" if missing else ""
    return f"{CURVES[key]}; x = {'parameters' if x == 'params' else 'training FLOPs'}{note}."


def views_widget(key: str = "wei_fig2A", x: str = "params"):
    """Widget: choose the curve and the x variable; the six views update in place."""
    import ipywidgets as w

    from .widgets import LiveFigure

    fig, art = views_figure(key, x)
    controls = {
        "key": w.Dropdown(options=[(v, k) for k, v in CURVES.items()], value=key,
                          description="Curve", layout=w.Layout(width="520px")),
        "x": w.ToggleButtons(options=[("parameters", "params"), ("FLOPs", "train_flops")],
                             value=x, description="x axis"),
    }
    return LiveFigure(fig, lambda key, x: _update_views(art, key, x), controls,
                      alt=lambda key, x: (f"{CURVES[key]} for GPT-3 in six views: accuracy "
                                          "(top row) and error rate (bottom row), each on log x "
                                          "with a linear y axis, linear x with a linear y axis, "
                                          "and log x with a log y axis"),
                      prompt="In which of the six views does the ability look emergent, and "
                             "in which does it look like steady improvement?",
                      prerender=True)  # 6 states, drawn when the widget is built


#: Datasets offered by :func:`scale_axes_widget`: key -> label.
SCALE_DATASETS = {
    "mmlu": "MMLU, 5-shot average (published)",
    "gpt3_3d+": "GPT-3 3-digit addition, few-shot (published)",
}

_SCALE_X = {"params": "parameters", "train_tokens": "training tokens",
            "train_flops": "training FLOPs"}


def scale_points(key: str) -> pd.DataFrame:
    """Published results with all three scale columns (``params``, ``train_tokens``, ``train_flops``)."""
    if key == "mmlu":
        d = _data.load("mmlu")
        d = d[(d["subset"] == "average") & (d["shots"] == "5") & (d["model_family"] != "reference")]
        d = d.drop_duplicates("model")
    elif key == "gpt3_3d+":
        d = curve("gpt3_3d+").merge(
            _data.load("gpt3_per_size")[["model", "train_tokens"]].drop_duplicates("model"),
            on="model")
        d["model_family"] = "GPT-3"
    else:
        raise EmergenceInputError(f"key: must be one of {sorted(SCALE_DATASETS)}, got {key!r}")
    cols = ["model_family", "model", "params", "train_tokens", "train_flops", "value"]
    return d[cols].sort_values(["model_family", "params"]).reset_index(drop=True)


def scale_axes_widget(key: str = "mmlu", x: str = "train_flops"):
    """Widget: the same published results against parameters, tokens or FLOPs."""
    import ipywidgets as w

    from .widgets import LiveFigure

    fig, axes = new_figure(figsize=(7.5, 4.6))
    ax = axes[0, 0]
    fams = ["GPT-3", "Gopher", "Chinchilla", "PaLM"]
    lines = {}
    for f in fams:
        st = family_style(f)
        lines[f] = ax.plot([], [], "-", marker=st.marker, color=st.color, markersize=9,
                           markeredgecolor="white", label=st.label)[0]
    base = ax.axhline(25.0, **BASELINE_STYLE)
    ax.set_xscale("log")
    ax.legend(fontsize="small", loc="upper left")

    def update(key, x):
        d = scale_points(key)
        pts, missing = [], []
        for f, ln in lines.items():
            sub = d[d["model_family"] == f]
            ok = sub[x].notna()
            missing += list(sub.loc[~ok, "model"])
            sub = sub[ok].sort_values("params")  # join models in order of size, whatever x is
            ln.set_data(sub[x], sub["value"])
            ln.set_visible(len(sub) > 0)
            if len(sub):
                pts.append((sub[x].to_numpy(float), sub["value"].to_numpy(float)))
        ax._emergence_points = pts
        base.set_visible(key == "mmlu")
        ax.set_xlabel(_SCALE_X[x])
        ax.set_ylabel("MMLU accuracy (%)" if key == "mmlu" else "accuracy (%)")
        ax.set_title(SCALE_DATASETS[key], fontsize="medium")
        set_scales(ax)
        if key == "mmlu":
            ax.set_ylim(15, 80)
        cap = f"x = {_SCALE_X[x]}."
        if missing:
            cap += (f" Not shown (no {_SCALE_X[x]} in this results table): "
                    f"{', '.join(missing)}.")
        return cap

    controls = {
        "key": w.Dropdown(options=[(v, k) for k, v in SCALE_DATASETS.items()], value=key,
                          description="Results"),
        "x": w.ToggleButtons(options=[(v, k) for k, v in _SCALE_X.items()], value=x,
                             description="x axis"),
    }
    return LiveFigure(fig, update, controls,
                      alt=lambda key, x: f"{SCALE_DATASETS[key]} against {_SCALE_X[x]} by family",
                      prompt="Which x axis puts Chinchilla and Gopher at the same place, and "
                             "which separates them? What happens to GPT-3 on the token axis?",
                      prerender=True)  # 6 states, drawn when the widget is built


def leave_one_out_thresholds(x, y, baseline: float) -> np.ndarray:
    """Threshold ``a`` of the piecewise rule fitted with each model left out in turn.

    Parameters
    ----------
    x : array_like
        Scale of each model (training FLOPs), sorted or not.
    y : array_like
        Score of each model (percent).
    baseline : float
        Chance level of the task (percent), passed to :func:`emergence.fit_piecewise`.

    Returns
    -------
    ndarray
        ``len(x)`` thresholds (FLOPs): element ``i`` is fitted without model ``i``.
    """
    xa, ya = em.as_curve(x, y)
    if xa.size < 4:
        raise EmergenceInputError(f"x: leaving one model out needs at least 4 models, got "
                                  f"{xa.size}")
    return np.array([em.fit_piecewise(np.delete(xa, i), np.delete(ya, i), baseline).a
                     for i in range(xa.size)])


def spread_dex(values) -> float:
    """Spread of positive values in decades: ``log10(max / min)`` (0 when all are equal)."""
    v = np.asarray(values, dtype=float)
    if v.size == 0 or not np.all(np.isfinite(v)) or np.any(v <= 0):
        raise EmergenceInputError(f"values: must be positive and finite, got {values!r}")
    return float(np.log10(v.max() / v.min()))


def jackknife_thresholds(min_points: int = 5) -> pd.DataFrame:
    """Leave-one-model-out range of the fitted threshold ``a`` for every Fig. 2 curve.

    For each curve with at least ``min_points`` points, :func:`emergence.fit_piecewise` is run on
    all points and once with each model left out (:func:`leave_one_out_thresholds`). Columns:
    ``a_all`` (FLOPs), ``a_min``, ``a_max`` and ``spread_dex`` = log10(a_max / a_min).
    """
    from .fewshot import _families_in, fig2_curve, panel_info

    rows = []
    for panel, title, _ in FIG2_PANELS:
        chance = panel_info(panel).chance
        for fam in _families_in(panel):
            cur = fig2_curve(panel, fam)
            if len(cur) < min_points:
                continue
            x, y = cur["train_flops"].to_numpy(float), cur["value"].to_numpy(float)
            a_all = em.fit_piecewise(x, y, chance).a
            loo = leave_one_out_thresholds(x, y, chance)
            rows.append({"panel": panel, "task": title, "family": fam, "points": len(x),
                         "a_all": a_all, "a_min": min(loo), "a_max": max(loo),
                         "spread_dex": spread_dex(loo)})
    return pd.DataFrame(rows)


def resolution_table() -> pd.DataFrame:
    """Smallest non-zero score (1/n, percent) of the BIG-bench tasks of Fig. 2 vs the plotted values.

    Columns: panel, task, ``n_examples``, ``one_over_n_percent``, the smallest plotted value and
    the median digitization uncertainty (percent) of that panel.
    """
    from .fewshot import panel_info

    d = _data.load("wei_fig2")
    rows = []
    for panel, title, _ in FIG2_PANELS:
        info = panel_info(panel)
        if info.n_examples is None:
            continue
        sub = d[(d["panel"] == panel) & (d["model_family"] != "Random")]
        rows.append({"panel": panel, "task": title, "n_examples": info.n_examples,
                     "one_over_n_percent": 100.0 / info.n_examples,
                     "smallest_plotted_percent": float(sub["value"].min()),
                     "median_digitization_uncertainty": float(sub["uncertainty"].median())})
    return pd.DataFrame(rows)


def emergence_scores(y) -> np.ndarray:
    """Emergence score (Schaeffer et al. 2023, Eq. 1) of every row of ``y`` at once.

    Row ``k`` holds one curve, its points already in order of scale. Equals
    :func:`emergence.emergence_score` applied row by row (tested)::

        sign(argmax - argmin) * (max - min) / sqrt(median of squared steps)

    Parameters
    ----------
    y : array_like, shape (n_curves, n_models)
        Scores (any unit; the result is unit-free). At least two models.

    Returns
    -------
    ndarray, shape (n_curves,)
    """
    ya = np.asarray(y, dtype=float)
    if ya.ndim != 2 or ya.shape[1] < 2 or not np.all(np.isfinite(ya)):
        raise EmergenceInputError(f"y: must be a finite 2-D array with at least two columns "
                                  f"(models), got shape {ya.shape}")
    sign = np.sign(np.argmax(ya, axis=1) - np.argmin(ya, axis=1)).astype(float)
    spread = ya.max(axis=1) - ya.min(axis=1)
    root_median = np.sqrt(np.median(np.diff(ya, axis=1) ** 2, axis=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        out = sign * spread / root_median
    out[spread == 0] = 0.0
    return out


def _endpoint_scores(y: np.ndarray) -> np.ndarray:
    """The (last - first) variant, row by row (see :func:`emergence.endpoint_score`)."""
    sign = np.sign(np.argmax(y, axis=1) - np.argmin(y, axis=1)).astype(float)
    oriented = y * sign[:, None]
    return (oriented[:, -1] - oriented[:, 0]) / np.sqrt(
        np.median(np.diff(oriented, axis=1) ** 2, axis=1))


def share_above(scores, cutoff: float) -> float:
    """Fraction (0-1) of ``scores`` strictly above ``cutoff`` (a screen counts only gains)."""
    v = np.asarray(scores, dtype=float)
    if v.ndim != 1 or v.size == 0:
        raise EmergenceInputError(f"scores: must be a non-empty 1-D array, got {scores!r}")
    return float(np.mean(v > float(cutoff)))


def simulate_flat_emergence_scores(n_curves: int, n_models: int, noise: float = 1.0,
                                   seed: int = 0) -> np.ndarray:
    """Emergence scores (Eq. 1) of ``n_curves`` simulated curves with **no** ability.

    Every curve is a constant score plus independent Gaussian noise at each of ``n_models``
    models (simulated: ``numpy.random.default_rng(seed).normal(0, noise, (n_curves,
    n_models))``).

    Parameters
    ----------
    n_curves : int
        Number of task-metric pairs screened.
    n_models : int
        Models per curve (points), at least 3.
    noise : float
        Standard deviation of the score noise (percentage points), positive. The score is a
        ratio of differences, so it does not depend on this value.
    seed : int
        Seed of the random generator (the result is reproducible).
    """
    if not isinstance(n_curves, int | np.integer) or n_curves < 1:
        raise EmergenceInputError(f"n_curves: must be a positive integer, got {n_curves!r}")
    if not isinstance(n_models, int | np.integer) or n_models < 3:
        raise EmergenceInputError(f"n_models: must be an integer >= 3, got {n_models!r}")
    if not noise > 0:
        raise EmergenceInputError(f"noise: must be positive (percentage points), got {noise!r}")
    rng = np.random.default_rng(seed)
    return emergence_scores(rng.normal(0.0, noise, size=(n_curves, n_models)))


def flat_screen_table(n_models=(4, 5, 6, 8, 10, 12, 15), n_curves: int = 2000,
                      cutoff: float = 5.0, seeds=range(21)) -> pd.DataFrame:
    """Share of flat noisy curves whose score exceeds ``cutoff``, by number of models.

    For each number of models, :func:`simulate_flat_emergence_scores` is run once per seed
    (simulated: ``n_curves`` curves per screen, noise 1). The same draws are also scored with
    the endpoint variant (:func:`emergence.endpoint_score`: last minus first model in the
    numerator), to show how much the numerator matters.

    Returns
    -------
    pandas.DataFrame
        One row per number of models: ``n_models``, ``share_mean`` / ``share_min`` /
        ``share_max`` (fraction of curves above the cut-off under Eq. 1, over the screens) and
        ``share_endpoint_mean`` (the same draws under the endpoint variant).
    """
    rows = []
    for m in n_models:
        eq1, endpoint = [], []
        for seed in seeds:
            y = np.random.default_rng(seed).normal(0.0, 1.0, size=(n_curves, int(m)))
            eq1.append(float(np.mean(emergence_scores(y) > cutoff)))
            endpoint.append(float(np.mean(_endpoint_scores(y) > cutoff)))
        rows.append({"n_models": int(m), "share_mean": float(np.mean(eq1)),
                     "share_min": float(np.min(eq1)), "share_max": float(np.max(eq1)),
                     "share_endpoint_mean": float(np.mean(endpoint))})
    return pd.DataFrame(rows)


def multiple_comparisons_widget(n_curves: int = 200, n_models: int = 8, noise: float = 1.0,
                                cutoff: float = 5.0, seed: int = 0):
    """Widget: how many flat curves pass an emergence-score cut-off when many are screened.

    Controls: number of curves, models per curve, the screen (random seed: another draw of the
    same experiment) and the cut-off. The noise level is fixed: the emergence score is a ratio
    of changes, so it does not depend on it (see the tests). Simulated values.
    """
    import ipywidgets as w

    from .widgets import LiveFigure

    fig, axes = new_figure(figsize=(7.5, 4.2))
    ax = axes[0, 0]
    bins = np.linspace(-15, 15, 61)
    counts0 = np.zeros(len(bins) - 1)
    bars = ax.bar(bins[:-1], counts0, width=np.diff(bins), align="edge", color="#56B4E9",
                  edgecolor="white")
    cut_line = ax.axvline(cutoff, color="#D55E00", linestyle="--", linewidth=2,
                          label="cut-off: 'emergent' above")
    # "(chance + noise)" is in the caption: the longer label was wider than the seminar figure
    ax.set_xlabel("emergence score of a simulated curve with no ability")
    ax.set_ylabel("number of curves")
    ax.legend(fontsize="small", loc="upper left")

    def update(n_curves, n_models, seed, cutoff):
        b = simulate_flat_emergence_scores(int(n_curves), int(n_models), noise, int(seed))
        counts, _ = np.histogram(np.clip(b, bins[0], bins[-1] - 1e-9), bins=bins)
        for rect, c in zip(bars, counts, strict=True):
            rect.set_height(c)
        ax.set_ylim(0, max(counts.max() * 1.15, 1))
        cut_line.set_xdata([cutoff, cutoff])
        hits = int(np.sum(b > cutoff))
        return (f"{hits} of {int(n_curves)} simulated curves with no ability at all (chance + "
                f"Gaussian noise, {int(n_models)} models, seed {int(seed)}) have an emergence "
                f"score (Schaeffer et al. Eq. 1) above {cutoff:g} ({100 * hits / n_curves:.1f}%)."
                " Values beyond +-15 are counted in the outer bars.")

    controls = {
        "n_curves": w.IntSlider(value=n_curves, min=10, max=2000, step=10,
                                description="curves"),
        "n_models": w.IntSlider(value=n_models, min=3, max=15, description="models"),
        "seed": w.IntSlider(value=seed, min=0, max=20, description="screen #"),
        "cutoff": w.FloatSlider(value=cutoff, min=1.0, max=15.0, step=0.5,
                                description="cut-off"),
    }
    return LiveFigure(fig, update, controls,
                      alt=lambda **v: ("Histogram of the emergence scores of simulated flat "
                                       f"curves (seed {v['seed']}, {v['n_models']} models) with "
                                       f"the cut-off at {v['cutoff']:g}"),
                      prompt="If 200 task-metric pairs with no ability at all are screened, how "
                             "many will look emergent? How much does that number vary from one "
                             "screen to the next?")


def truthfulqa_figure() -> tuple[Figure, str]:
    """Wei et al.'s Fig. 2E (TruthfulQA, digitized) as a static figure, with its alt text."""
    from .plotting import emergence_plot

    d = _data.load("wei_fig2")
    d = d[d["panel"] == "E"]
    ax = emergence_plot(d, title="TruthfulQA (Wei et al. Fig. 2E, digitized)",
                        ylabel="Accuracy (%)")
    models = d[d["model_family"] != "Random"]
    gpt3 = models[models["model_family"] == "GPT-3"]["value"]
    base = d[d["model_family"] == "Random"]["value"]
    gopher = models[models["model_family"] == "Gopher"]["value"]
    alt = ("TruthfulQA accuracy against training FLOPs (digitized): the "
           f"{len(gpt3)} GPT-3 models stay between {gpt3.min():.1f} and {gpt3.max():.1f} percent"
           + (f", below the dashed random baseline at {base.iloc[0]:.1f} percent" if len(base)
              else "")
           + (f", while Gopher reaches {gopher.max():.1f} percent at its largest model"
              if len(gopher) else "") + ".")
    return ax.figure, alt
