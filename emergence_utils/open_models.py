"""A fully public model family at every size and every training step: Pythia (plus OPT, BLOOM).

Data: ``pythia_evals`` (16 Pythia models x 27 checkpoints, zero- and five-shot; final OPT and
BLOOM models) and ``pythia_mmlu_subjects`` (see ``data/datasets.toml``), from the evaluation
results of Biderman et al. (2023), github.com/EleutherAI/pythia ``evals/`` (Apache-2.0).

Four lessons, each a computation with a figure:

(a) metric choice on the same checkpoints: LAMBADA accuracy (all-or-nothing: the last word is
    right or wrong) against LAMBADA perplexity (continuous) -- :func:`metric_scores`,
    :func:`ipa_metric_scores`, :func:`metric_choice_widget`;
(b) emergence over training as well as size, and matched compute -- :func:`training_curves`,
    :func:`matched_compute`, :func:`compute_widget`;
(c) MMLU below the threshold: every Pythia, OPT and BLOOM model beside Wei et al.'s Fig. 2G
    models -- :func:`mmlu_table`, :func:`mmlu_figure`;
(d) the lab's tiny models beside Pythia as fraction of final performance against fraction of
    compute -- :func:`fraction_curves`, :func:`lab_vs_pythia_widget`.

Units: ``params`` are counts (Pythia: non-embedding parameters, derived; OPT/BLOOM: the
nominal size from the ObsScaling table), ``train_flops`` FLOPs (6 N D), ``train_tokens``
tokens; accuracies are **fractions** in [0, 1] (Wei et al.'s Fig. 2 is in percent and is
divided by 100 here); perplexity is unitless; ``-ln(perplexity)`` is in nats.

Sign convention of the emergence score for perplexity: perplexity falls as a model improves,
so it is scored as ``-ln(perplexity)`` (the mean log-likelihood of the target word, in nats;
higher is better), which makes a positive score mean "improves with scale", as for accuracy.
``-perplexity`` (no logarithm) is also reported, to show that the score depends on the
transformation.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import data as _data
from .emergence import emergence_score
from .errors import EmergenceDataError, EmergenceInputError
from .style import BASELINE_STYLE, family_style

__all__ = [
    "SIZES", "PYTHIA_FAMILIES", "FINAL_STEP", "TASK_METRICS", "evals", "lambada_curves",
    "metric_scores", "ipa_metric_scores", "metric_choice_figure", "metric_choice_widget",
    "training_curves", "steps_and_flops_figure", "value_at_compute", "matched_compute",
    "compute_figure",
    "compute_widget", "mmlu_table", "mmlu_figure", "fraction_curves", "fraction_table",
    "lab_vs_pythia_figure", "lab_vs_pythia_widget",
]

#: The eight Pythia sizes (labels of the model names), smallest first.
SIZES = ("70M", "160M", "410M", "1B", "1.4B", "2.8B", "6.9B", "12B")
#: The two Pythia families: trained on the Pile, and on the deduplicated Pile.
PYTHIA_FAMILIES = ("Pythia", "Pythia (deduped)")
#: Last checkpoint (step) of every Pythia model.
FINAL_STEP = 143_000
#: ``"task|metric"`` keys of ``pythia_evals`` (accuracy-like unless stated) and labels.
TASK_METRICS = {
    "LAMBADA|accuracy": "LAMBADA accuracy",
    "LAMBADA|perplexity": "LAMBADA perplexity",
    "PIQA|accuracy": "PIQA accuracy",
    "WinoGrande|accuracy": "WinoGrande accuracy",
    "ARC-Easy|accuracy": "ARC-Easy accuracy",
    "ARC-Challenge|accuracy": "ARC-Challenge accuracy",
    "SciQ|accuracy": "SciQ accuracy",
    "LogiQA|accuracy": "LogiQA accuracy",
    "WSC|accuracy": "WSC accuracy",
    "MMLU|accuracy": "MMLU accuracy (mean of 57 subjects)",
}
_SIZE_COLORS = ("#440154", "#46327e", "#365c8d", "#277f8e", "#1fa187", "#4ac16d", "#a0da39",
                "#d6c614")  # viridis, 8 steps (dark = small), yellow darkened for contrast


def _check(name: str, value: Any, allowed: Any) -> None:
    if value not in allowed:
        raise EmergenceInputError(f"{name}: must be one of {list(allowed)}, got {value!r}")


def _split(key: str) -> tuple[str, str]:
    _check("task", key, TASK_METRICS)
    task, metric = key.split("|")
    return task, metric


@lru_cache(maxsize=1)
def _evals() -> pd.DataFrame:
    return _data.load("pythia_evals")


def evals(family: str | None = None, task: str | None = None, metric: str | None = None,
          shots: str | None = "0") -> pd.DataFrame:
    """Rows of ``pythia_evals``, filtered (a copy).

    Parameters
    ----------
    family : {"Pythia", "Pythia (deduped)", "OPT", "BLOOM"}, optional
    task, metric : str, optional
        For example ``"LAMBADA"`` and ``"accuracy"``.
    shots : {"0", "5"} or None
        In-context examples (None: both).
    """
    df = _evals()
    sel = np.ones(len(df), dtype=bool)
    if family is not None:
        _check("family", family, (*PYTHIA_FAMILIES, "OPT", "BLOOM"))
        sel &= (df["model_family"] == family).to_numpy()
    if task is not None:
        sel &= (df["task"] == task).to_numpy()
    if metric is not None:
        sel &= (df["metric"] == metric).to_numpy()
    if shots is not None:
        _check("shots", shots, ("0", "5"))
        sel &= (df["shots"] == shots).to_numpy()
    out = df[sel].reset_index(drop=True)
    if out.empty:
        raise EmergenceInputError(f"no rows for family={family!r}, task={task!r}, "
                                  f"metric={metric!r}, shots={shots!r}")
    return out


def _curve(family: str, key: str, shots: str = "0") -> pd.DataFrame:
    """One task/metric of a Pythia family: columns size_label, params, step, train_flops,
    value, stderr, chance; steps >= 1 only (step 0 has zero compute). Cached: do not modify."""
    _split(key)
    _check("family", family, PYTHIA_FAMILIES)
    _check("shots", shots, ("0", "5"))
    return _curve_cached(family, key, shots)


@lru_cache(maxsize=64)
def _curve_cached(family: str, key: str, shots: str) -> pd.DataFrame:
    task, metric = key.split("|")
    df = evals(family, task, metric, shots)
    df = df[df["step"] > 0]
    return df.sort_values(["params", "step"]).reset_index(drop=True)


@lru_cache(maxsize=64)
def _size_arrays(family: str, key: str) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], float]:
    """Zero-shot ``{size: (train_flops, value)}`` (steps >= 1) and the chance level (NaN if
    none), as numpy arrays for the widgets (cached)."""
    cur = _curve(family, key)
    out = {}
    for size in SIZES:
        g = cur[cur["size_label"] == size].sort_values("step")
        out[size] = (g["train_flops"].to_numpy(float), g["value"].to_numpy(float))
    chance = cur["chance"].dropna()
    return out, float(chance.iloc[0]) if len(chance) else float("nan")


def _interp_log(x: np.ndarray, y: np.ndarray, at: float) -> float:
    lx = np.log10(x)
    t = np.log10(at)
    if t < lx[0] - 1e-12 or t > lx[-1] + 1e-12:
        return float("nan")
    return float(np.interp(t, lx, y))


def lambada_curves(family: str = "Pythia", shots: str = "0") -> pd.DataFrame:
    """LAMBADA accuracy and perplexity of every size and checkpoint (steps >= 1), side by side.

    Returns
    -------
    pandas.DataFrame
        ``size_label, params, step, train_tokens, train_flops, accuracy`` (fraction),
        ``perplexity``, ``neg_log_ppl`` (``-ln perplexity``, nats).
    """
    a = _curve(family, "LAMBADA|accuracy", shots)
    p = _curve(family, "LAMBADA|perplexity", shots)
    keys = ["size_label", "params", "step", "train_tokens", "train_flops"]
    m = a[keys + ["value"]].merge(p[keys + ["value"]], on=keys, suffixes=("_acc", "_ppl"),
                                  validate="one_to_one")
    if len(m) != len(a) or len(m) != len(p):
        raise EmergenceDataError("LAMBADA accuracy and perplexity rows do not pair up",
                                 dataset="pythia_evals", column="step")
    m = m.rename(columns={"value_acc": "accuracy", "value_ppl": "perplexity"})
    m["neg_log_ppl"] = -np.log(m["perplexity"].to_numpy(float))
    return m


# =============================================================================================
# (a) Metric choice on the same checkpoints
# =============================================================================================
def metric_scores(family: str = "Pythia", shots: str = "0") -> pd.DataFrame:
    """Emergence scores (Schaeffer et al. 2023, Eq. 1) of LAMBADA accuracy and perplexity.

    One row for the curve across the 8 sizes at step 143000 (x = parameters) and one per size
    for the curve over training (x = step, the 26 checkpoints from step 1; step 0 has no
    compute and cannot sit on a log scale). Perplexity is scored as ``-ln(perplexity)`` and,
    to show the effect of the transformation, as ``-perplexity``.

    Returns
    -------
    pandas.DataFrame
        ``curve, n_points, score_accuracy, score_neg_log_ppl, score_neg_ppl, higher``
        (``higher`` names the metric with the larger accuracy/log-ppl score).
    """
    lam = lambada_curves(family, shots)
    rows = []

    def add(name: str, x: np.ndarray, g: pd.DataFrame) -> None:
        sa = emergence_score(x, g["accuracy"])
        sl = emergence_score(x, g["neg_log_ppl"])
        rows.append({"curve": name, "n_points": len(g), "score_accuracy": sa,
                     "score_neg_log_ppl": sl,
                     "score_neg_ppl": emergence_score(x, -g["perplexity"].to_numpy(float)),
                     "higher": "accuracy" if sa > sl else "-ln perplexity"})

    final = lam[lam["step"] == FINAL_STEP].sort_values("params")
    add(f"across sizes (step {FINAL_STEP})", final["params"].to_numpy(float), final)
    for size in SIZES:
        g = lam[lam["size_label"] == size].sort_values("step")
        add(f"over training: {size}", g["step"].to_numpy(float), g)
    return pd.DataFrame(rows)


def ipa_metric_scores() -> pd.DataFrame:
    """IPA transliterate (2-shot) scored with exact match and with BLEU on the same open models.

    From ``obsscaling_emergent`` (Ruan et al. 2024): per family (Pythia-deduped final models,
    OPT, BLOOM) the emergence score across training FLOPs of each metric, the number of models
    and the largest value (exact match a fraction, BLEU on its 0-100 scale).
    """
    e = _data.load("obsscaling_emergent")
    e = e[e["task"] == "ipa_transliterate"]
    rows = []
    for fam in ("Pythia", "OPT", "BLOOM"):
        for metric in ("exact match", "BLEU"):
            g = e[(e["model_family"] == fam) & (e["metric"] == metric)
                  & e["train_flops"].notna()].sort_values("train_flops")
            if len(g) < 2:
                raise EmergenceDataError(f"fewer than 2 {fam} models with FLOPs for "
                                         f"ipa_transliterate / {metric}",
                                         dataset="obsscaling_emergent", column="value")
            rows.append({"family": fam, "metric": metric, "unit": g["unit"].iloc[0],
                         "n_models": len(g), "max_value": float(g["value"].max()),
                         "n_zero": int((g["value"] == 0).sum()),
                         "score": emergence_score(g["train_flops"], g["value"])})
    return pd.DataFrame(rows)


_VIEWS = ("sizes", *SIZES)
_METRIC_XLIM = (1e14, 5e22)


def _view_label(view: str) -> str:
    return f"across sizes (step {FINAL_STEP})" if view == "sizes" else f"over training: {view}"


@lru_cache(maxsize=4)
def _lambada(family: str) -> pd.DataFrame:
    return lambada_curves(family)


@lru_cache(maxsize=32)
def _metric_view(family: str, view: str) -> pd.DataFrame:
    lam = _lambada(family)
    if view == "sizes":
        return lam[lam["step"] == FINAL_STEP].sort_values("params")
    return lam[lam["size_label"] == view].sort_values("step")


@lru_cache(maxsize=32)
def _metric_state(family: str, view: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, str,
                                                   str, str]:
    g = _metric_view(family, view)
    x = g["train_flops"].to_numpy(float)
    acc = g["accuracy"].to_numpy(float)
    ppl = g["perplexity"].to_numpy(float)
    sa = emergence_score(x, acc)
    sl = emergence_score(x, -np.log(ppl))
    sp = emergence_score(x, -ppl)
    t_acc = f"LAMBADA accuracy ({'8 sizes' if view == 'sizes' else view})\nscore {sa:.1f}"
    t_cont = f"perplexity (same checkpoints)\nscore {sl:.1f} (-ln ppl); {sp:.2g} (-ppl)"
    caption = (f"{family}, {_view_label(view)}: emergence score {sa:.1f} for accuracy, {sl:.1f} "
               f"for -ln(perplexity), {sp:.3g} for -perplexity ({len(x)} points; step 0 left "
               "out).")
    return x, acc, ppl, t_acc, t_cont, caption


def _draw_metric(art: dict, family: str, view: str) -> str:
    x, acc, ppl, t_acc, t_cont, caption = _metric_state(family, view)
    art["acc"].set_data(x, acc)
    art["cont"].set_data(x, ppl)
    art["ax_acc"].set_title(t_acc, fontsize="medium")
    art["ax_cont"].set_title(t_cont, fontsize="medium")
    return caption


def metric_choice_figure(family: str = "Pythia", view: str = "sizes") -> tuple[Figure, dict]:
    """LAMBADA accuracy (left) and perplexity (right, log axis) of the same checkpoints.

    Both panels use training FLOPs as x (the emergence score depends only on the order of the
    points, so it is the same against parameters or steps). Every size's training curve is drawn
    in light grey; the selected curve in colour.

    Parameters
    ----------
    family : {"Pythia", "Pythia (deduped)"}
    view : {"sizes", "70M", ..., "12B"}
        ``"sizes"``: the 8 models at step 143000; a size: its 26 checkpoints from step 1.
    """
    _check("family", family, PYTHIA_FAMILIES)
    _check("view", view, _VIEWS)
    fig = Figure(figsize=(9.5, 4.0), layout="constrained")
    ax_acc, ax_cont = fig.subplots(1, 2)
    lam = _lambada(family)
    for size in SIZES:
        g = lam[lam["size_label"] == size]
        ax_acc.plot(g["train_flops"], g["accuracy"], "-", color="#cccccc", lw=1)
        ax_cont.plot(g["train_flops"], g["perplexity"], "-", color="#cccccc", lw=1)
    st = family_style(family)
    (acc,) = ax_acc.plot([], [], "-", marker="o", color=st.color, ms=5, zorder=5.5)
    (cont,) = ax_cont.plot([], [], "-", marker="s", color=st.color, ms=5, zorder=5.5)
    for ax in (ax_acc, ax_cont):
        ax.set_xscale("log")
        ax.set_xlim(*_METRIC_XLIM)
        ax.set_xlabel("Training FLOPs")
    ax_acc.axhline(0.0, **{**BASELINE_STYLE, "label": "chance (0)"})
    ax_acc.set_ylim(-0.03, 0.8)
    ax_acc.set_ylabel("accuracy (fraction)")
    ax_cont.set_yscale("log")
    ax_cont.set_ylim(2.0, 1e7)
    ax_cont.set_ylabel("perplexity (lower = better)")
    art = {"ax_acc": ax_acc, "ax_cont": ax_cont, "acc": acc, "cont": cont}
    art["caption"] = _draw_metric(art, family, view)
    return fig, art


def metric_choice_widget(view: str = "sizes"):
    """Widget: LAMBADA accuracy and perplexity of the same Pythia (Pile) checkpoints.

    One control, ``view``: the 8 final models, or one size over its training. The axes are
    fixed, so a move redraws only the two curves and the titles (blitting).
    """
    import ipywidgets as w

    from .widgets import LiveFigure

    fig, art = metric_choice_figure("Pythia", view)
    for v in _VIEWS:  # fill the cache: a move then only draws
        _metric_state("Pythia", v)
    controls = {
        "view": w.Dropdown(options=[(_view_label(v), v) for v in _VIEWS], value=view,
                           description="curve", style={"description_width": "initial"}),
    }

    def update(view: str) -> str:
        return _draw_metric(art, "Pythia", view)

    def alt(view: str) -> str:
        g = _metric_view("Pythia", view)
        return (f"Two panels for Pythia (Pile), {_view_label(view)}, against training FLOPs: left "
                f"LAMBADA accuracy, right LAMBADA perplexity (log axis) of the same {len(g)} "
                f"checkpoints, over light grey curves of all sizes. Accuracy goes from "
                f"{g['accuracy'].iloc[0]:.3f} to {g['accuracy'].iloc[-1]:.3f}; perplexity from "
                f"{g['perplexity'].iloc[0]:.3g} to {g['perplexity'].iloc[-1]:.3g}. "
                + _metric_state("Pythia", view)[5])

    return LiveFigure(fig, update, controls, alt,
                      prompt="Which metric will look more sudden: the all-or-nothing accuracy or "
                             "the continuous perplexity? Across sizes and over training?",
                      animated=[art["acc"], art["cont"], art["ax_acc"].title,
                                art["ax_cont"].title])


# =============================================================================================
# (b) Emergence over training; matched compute
# =============================================================================================
def training_curves(key: str = "LAMBADA|accuracy", family: str = "Pythia",
                    shots: str = "0") -> pd.DataFrame:
    """Every size's checkpoints (steps >= 1) of one task/metric: ``size_label, params, step,
    train_tokens, train_flops, value, stderr, chance``, sorted by size then step."""
    return _curve(family, key, shots)[["size_label", "params", "step", "train_tokens",
                                       "train_flops", "value", "stderr", "chance"]].copy()


def value_at_compute(curve: pd.DataFrame, flops: float) -> float:
    """One size's value at ``flops`` FLOPs, linearly interpolated in log10(FLOPs) between its
    two neighbouring checkpoints (NaN outside the checkpoints' range).

    Parameters
    ----------
    curve : DataFrame
        Rows of one size (columns ``train_flops``, ``value``).
    flops : float
        Training compute (FLOPs, > 0).
    """
    if not (np.isfinite(flops) and flops > 0):
        raise EmergenceInputError(f"flops: must be a positive number, got {flops!r}")
    c = curve.sort_values("train_flops")
    return _interp_log(c["train_flops"].to_numpy(float), c["value"].to_numpy(float), flops)


def matched_compute(key: str = "LAMBADA|accuracy", family: str = "Pythia",
                    shots: str = "0") -> pd.DataFrame:
    """A model trained to the end against the next larger model at the same training FLOPs.

    For each pair of neighbouring sizes, at the compute of the smaller model's final checkpoint
    (step 143000), the larger model's value is interpolated (see :func:`value_at_compute`)
    between its checkpoints. Perplexity is compared as ``ln(perplexity)``.

    Returns
    -------
    pandas.DataFrame
        ``small, large, flops, large_step`` (the larger model's step at that compute,
        ``flops / (6 N_large 2,097,152)``), ``small_value, large_value, difference``
        (small - large; for accuracy positive means the smaller model, trained longer, is
        better; for ln perplexity negative means it is better), ``stderr_small`` (the
        harness's standard error of the smaller model's value; for ln perplexity
        ``se_ppl / ppl``, first-order propagation).
    """
    task, metric = _split(key)
    cur = training_curves(key, family, shots)
    if metric == "perplexity":
        ppl = cur["value"].to_numpy(float)
        cur = cur.assign(value=np.log(ppl), stderr=cur["stderr"].to_numpy(float) / ppl)
    rows = []
    for small, large in zip(SIZES[:-1], SIZES[1:], strict=True):
        a = cur[cur["size_label"] == small]
        b = cur[cur["size_label"] == large]
        fin = a[a["step"] == FINAL_STEP]
        if fin.empty or b.empty:
            raise EmergenceDataError(f"no final checkpoint of {family} {small} or no {large} rows",
                                     dataset="pythia_evals", column="step")
        flops = float(fin["train_flops"].iloc[0])
        yl = value_at_compute(b, flops)
        rows.append({"small": small, "large": large, "flops": flops,
                     "large_step": flops / (6 * float(b["params"].iloc[0]) * 2_097_152),
                     "small_value": float(fin["value"].iloc[0]), "large_value": yl,
                     "difference": float(fin["value"].iloc[0]) - yl,
                     "stderr_small": float(fin["stderr"].iloc[0])})
    out = pd.DataFrame(rows)
    out.attrs["metric"] = "ln(perplexity)" if metric == "perplexity" else metric
    return out


def steps_and_flops_figure(key: str = "LAMBADA|accuracy", family: str = "Pythia") -> Figure:
    """Every size's checkpoints (steps >= 1) against training step (left) and FLOPs (right).

    Parameters
    ----------
    key : str
        ``"task|metric"`` of :data:`TASK_METRICS` (perplexity on a log y axis).
    family : {"Pythia", "Pythia (deduped)"}
    """
    task, metric = _split(key)
    cur = training_curves(key, family)
    fig = Figure(figsize=(9.5, 4.0), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    for size, color in zip(SIZES, _SIZE_COLORS, strict=True):
        g = cur[cur["size_label"] == size]
        for ax, x in zip(axes, ("step", "train_flops"), strict=True):
            ax.plot(g[x], g["value"], "-", marker=".", color=color, lw=1.3, ms=4, label=size)
    chance = cur["chance"].dropna()
    for ax, label in zip(axes, ("Training step (2,097,152 tokens each)",
                                "Training FLOPs (6 N D)"), strict=True):
        ax.set_xscale("log")
        ax.set_xlabel(label)
        if len(chance):
            ax.axhline(float(chance.iloc[0]), **{**BASELINE_STYLE, "label": "chance"})
    if metric == "perplexity":
        axes[0].set_yscale("log")
    axes[0].set_ylabel(f"{TASK_METRICS[key]}" + (" (fraction)" if metric == "accuracy" else ""))
    axes[0].set_title(f"{family}: against training step", fontsize="medium")
    axes[1].set_title("the same checkpoints against compute", fontsize="medium")
    axes[1].legend(fontsize="small", loc="upper left", ncol=2)
    fig.alt = (f"Two panels of {TASK_METRICS[key]} for the {cur['size_label'].nunique()} "
               f"{family} sizes (one line per size, dark = small), from step 1 to step "
               f"{int(cur['step'].max())}: left against training step, right against training "
               "FLOPs (6 N D), the same checkpoints on two x axes.")
    return fig


_ACC_KEYS = tuple(k for k in TASK_METRICS if k.endswith("|accuracy"))
_FLOPS_LIM = (1e14, 5e22)
_BUDGET_RANGE = (16.0, 22.3)  # log10 FLOPs of the budget slider


def _draw_compute(art: dict, key: str, family: str) -> None:
    arrays, chance = _size_arrays(family, key)
    for size, line in zip(SIZES, art["lines"], strict=True):
        line.set_data(*arrays[size])
    art["chance"].set_ydata([chance, chance])
    art["chance"].set_visible(bool(np.isfinite(chance)))
    art["ax"].set_title(f"{key.split('|')[0]}, {family}, 0-shot", fontsize="medium")


def _budget_state(key: str, family: str, budget: float) -> tuple[list[float], list[int], str]:
    arrays, _ = _size_arrays(family, key)
    vals = [_interp_log(*arrays[s], budget) for s in SIZES]
    ok = [i for i, v in enumerate(vals) if np.isfinite(v)]
    if ok:
        best = max(ok, key=lambda i: vals[i])
        text = (f"at {budget:.2g} FLOPs: best {SIZES[best]} ({vals[best]:.3f});\n"
                f"{len(ok)} of 8 sizes have reached this compute")
    else:
        text = f"at {budget:.2g} FLOPs: no size has a checkpoint\nat this compute"
    return vals, ok, text


def _draw_budget(art: dict, key: str, family: str, budget: float) -> str:
    vals, ok, text = _budget_state(key, family, budget)
    art["budget"].set_xdata([budget, budget])
    art["marks"].set_data([budget] * len(ok), [vals[i] for i in ok])
    art["readout"].set_text(text)
    return text.replace("\n", " ")


def compute_figure(key: str = "LAMBADA|accuracy", family: str = "Pythia",
                   budget: float = 1e21) -> tuple[Figure, dict]:
    """Every Pythia size's curve against training FLOPs, with a compute budget marked.

    The vertical line is the budget; the black dots are each size's value at that budget
    (interpolated between checkpoints; sizes whose checkpoints do not reach it have no dot).
    """
    _split(key)
    _check("family", family, PYTHIA_FAMILIES)
    fig = Figure(figsize=(8.0, 4.6), layout="constrained")
    ax = fig.subplots()
    ax.set_xscale("log")
    ax.set_xlim(*_FLOPS_LIM)
    ax.set_xlabel("Training FLOPs (6 N D, N = non-embedding parameters)")
    lines = [ax.plot([], [], "-", marker=".", color=c, lw=1.4, ms=4, label=s, zorder=5.5)[0]
             for s, c in zip(SIZES, _SIZE_COLORS, strict=True)]
    chance = ax.axhline(0.0, **{**BASELINE_STYLE, "label": "chance", "zorder": 5.5})
    ax.set_ylim(-0.03, 1.0)  # fixed for every task: a move redraws only the curves
    ax.set_ylabel("accuracy (fraction)")
    ax.legend(handles=[*lines, chance], fontsize="small", loc="upper left", ncol=3)
    budget_line = ax.axvline(budget, color="#E69F00", lw=1.8, ls="-.", zorder=5.5)
    (marks,) = ax.plot([], [], "o", color="black", ms=6, zorder=5.6)
    readout = ax.text(0.98, 0.04, "", transform=ax.transAxes, ha="right", va="bottom",
                      fontsize="small", zorder=5.7,
                      bbox={"facecolor": "white", "edgecolor": "#cccccc", "alpha": 0.9})
    art = {"ax": ax, "lines": lines, "chance": chance, "budget": budget_line, "marks": marks,
           "readout": readout}
    _draw_compute(art, key, family)
    art["caption"] = _draw_budget(art, key, family, budget)
    return fig, art


def compute_widget(key: str = "LAMBADA|accuracy", family: str = "Pythia", budget: float = 1e21):
    """Widget: task, family and a compute budget (FLOPs) on every size's training curve."""
    import ipywidgets as w

    from .widgets import LiveFigure

    lo, hi = _BUDGET_RANGE
    if not (isinstance(budget, (int, float)) and 10 ** lo <= budget <= 10 ** hi):
        raise EmergenceInputError(f"budget: must be between 1e{lo:g} and 1e{hi:g} FLOPs, "
                                  f"got {budget!r}")
    fig, art = compute_figure(key, family, budget)
    for k in _ACC_KEYS:  # fill the caches: a task or data move then only draws
        for fam in PYTHIA_FAMILIES:
            _size_arrays(fam, k)
    controls = {
        "key": w.Dropdown(options=[(TASK_METRICS[k], k) for k in _ACC_KEYS], value=key,
                          description="task"),
        "family": w.ToggleButtons(options=list(PYTHIA_FAMILIES), value=family,
                                  description="data"),
        "budget": w.FloatLogSlider(value=budget, base=10, min=lo, max=hi, step=0.05,
                                   description="budget (FLOPs)", readout_format=".2e",
                                   style={"description_width": "initial"},
                                   continuous_update=False),
    }

    def update(key: str, family: str, budget: float) -> str:
        _draw_compute(art, key, family)
        return _draw_budget(art, key, family, budget)

    def alt(key: str, family: str, budget: float) -> str:
        return (f"{TASK_METRICS[key]} of the eight {family} sizes (70M to 12B) against training "
                f"FLOPs, one line per size from step 1 to step 143000, with a vertical line at a "
                f"budget of {budget:.2g} FLOPs. "
                + _budget_state(key, family, budget)[2].replace("\n", " "))

    return LiveFigure(fig, update, controls, alt,
                      prompt="At a fixed compute budget, is it better to be a small model trained "
                             "long or a large model trained briefly?",
                      animated=[*art["lines"], art["chance"], art["ax"].title, art["budget"],
                                art["marks"], art["readout"]])


# =============================================================================================
# (c) MMLU below the threshold
# =============================================================================================
def mmlu_table(shots: str = "5") -> pd.DataFrame:
    """MMLU (mean of 57 subjects, fraction) of every final Pythia, OPT and BLOOM model, and
    Wei et al. Fig. 2G's models (percent / 100).

    Pythia at step 143000 with ``shots`` in-context examples; OPT and BLOOM are evaluated
    zero-shot only in the source. Wei et al. Fig. 2G: ``wei_fig2`` panel G (5-shot).

    Returns
    -------
    pandas.DataFrame
        ``model_family, model, train_flops, params, shots, value, stderr, method, source``;
        ``train_flops`` is NaN where unknown (BLOOM 1.7B).
    """
    _check("shots", shots, ("0", "5"))
    rows = []
    for fam in (*PYTHIA_FAMILIES, "OPT", "BLOOM"):
        sh = shots if fam in PYTHIA_FAMILIES else "0"
        g = evals(fam, "MMLU", "accuracy", sh)
        if fam in PYTHIA_FAMILIES:
            g = g[g["step"] == FINAL_STEP]
        rows.append(g[["model_family", "model", "train_flops", "params", "shots", "value",
                       "stderr", "method", "source"]])
    w = _data.load("wei_fig2")
    w = w[(w["panel"] == "G") & (w["model_family"] != "Random")]
    wei = pd.DataFrame({"model_family": w["model_family"] + " (Wei Fig. 2G)",
                        "model": w["model"], "train_flops": w["train_flops"],
                        "params": w["params"], "shots": w["shots"],
                        "value": w["value"].to_numpy(float) / 100.0,
                        "stderr": w["uncertainty"].to_numpy(float) / 100.0,
                        "method": w["method"], "source": w["source"]})
    units = set(w["unit"])
    if units != {"percent"}:
        raise EmergenceDataError(f"expected percent, found units {sorted(units)}",
                                 dataset="wei_fig2", column="unit")
    return pd.concat([*rows, wei], ignore_index=True)


def mmlu_figure(shots: str = "5") -> Figure:
    """MMLU against training FLOPs: Pythia, OPT, BLOOM and Wei et al.'s Fig. 2G, chance 0.25."""
    t = mmlu_table(shots)
    fig = Figure(figsize=(8.0, 4.6), layout="constrained")
    ax = fig.subplots()
    ax.set_xscale("log")
    fams = [*PYTHIA_FAMILIES, "OPT", "BLOOM"]
    for fam in fams:
        g = t[(t["model_family"] == fam) & t["train_flops"].notna()].sort_values("train_flops")
        st = family_style(fam)
        lab = f"{fam} ({'zero' if g['shots'].iloc[0] == '0' else 'five'}-shot)"
        ax.errorbar(g["train_flops"], g["value"], yerr=g["stderr"], fmt="-", marker=st.marker,
                    color=st.color, ms=5, lw=1.2, capsize=0, label=lab,
                    markerfacecolor="white" if fam == "Pythia (deduped)" else st.color)
    for fam in ("GPT-3", "Gopher", "Chinchilla"):
        g = t[t["model_family"] == f"{fam} (Wei Fig. 2G)"].sort_values("train_flops")
        if g.empty:
            continue
        st = family_style(fam)
        ax.errorbar(g["train_flops"], g["value"], yerr=g["stderr"].fillna(0.0), fmt="--",
                    marker=st.marker, color=st.color, ms=6, lw=1.0,
                    label=f"{st.label} (Wei Fig. 2G, 5-shot)")
    ax.axhline(0.25, **{**BASELINE_STYLE, "label": "chance (0.25)"})
    ax.set_xlabel("Training FLOPs")
    ax.set_ylabel("MMLU accuracy (fraction)")
    ax.set_ylim(0.15, 0.72)
    n_out = int((t["model_family"].isin(fams) & t["train_flops"].isna()).sum())
    ax.set_title("MMLU against training compute", fontsize="medium")
    ax.text(0.98, 0.03, f"not shown: {n_out} model without FLOPs (BLOOM 1.7B)",
            transform=ax.transAxes, ha="right", va="bottom", fontsize="small")
    ax.legend(fontsize="small", loc="upper left", ncol=2)
    shown = t[t["model_family"].isin(fams) & t["train_flops"].notna()]
    counts = ", ".join(f"{int((shown['model_family'] == f).sum())} {f}" for f in fams)
    wei = t[~t["model_family"].isin(fams)]
    far = wei[wei["value"] > 0.35].sort_values("train_flops")
    fig.alt = (f"MMLU accuracy (fraction) against training FLOPs (log axis) for {counts} models "
               "(Pythia five-shot, OPT and BLOOM zero-shot) and the GPT-3, Gopher and Chinchilla "
               "points of Wei et al. Fig. 2G (five-shot), with the chance line at 0.25. Every "
               f"open model lies between {shown['value'].min():.2f} and "
               f"{shown['value'].max():.2f}; only "
               + ", ".join(far["model"].astype(str)) + ", at "
               f"{far['train_flops'].min():.1e} FLOPs or more, are far above chance.")
    return fig


# =============================================================================================
# (d) The lab beside Pythia
# =============================================================================================
_LAB_METRICS = ("exact_match", "token_accuracy")
_LAB_CONFIGS = ("default", "digits2", "digits4", "digits5")
_D_TASKS = ("LAMBADA|accuracy", "SciQ|accuracy", "ARC-Easy|accuracy", "PIQA|accuracy")
_PY_VIEWS = ("sizes", "training")


@lru_cache(maxsize=1)
def _lab_summary() -> pd.DataFrame:
    from . import lab

    return lab.summarize(lab.load_cached().table)


def fraction_curves(lab_config: str = "default", lab_metric: str = "exact_match",
                    pythia_key: str = "LAMBADA|accuracy", pythia_view: str = "sizes",
                    family: str = "Pythia") -> pd.DataFrame:
    """Fraction of final performance against fraction of compute, for the lab and for Pythia.

    ``fraction_of_final = (y - chance) / (y_final - chance)`` and ``fraction_of_compute =
    FLOPs / FLOPs_final``, where "final" is the largest lab model (mean over the cached seeds
    0-2) and, for Pythia, the 12B model at step 143000 (``pythia_view="sizes"``: the 8 final
    models) or each size's own step 143000 (``"training"``: every size over its checkpoints).
    Chance: the lab's :func:`emergence_utils.lab.chance_level`; Pythia's ``chance`` column.

    Returns
    -------
    pandas.DataFrame
        ``curve, x`` (fraction of compute), ``y`` (fraction of final), ``flops, value``.
    """
    from . import lab

    _check("lab_config", lab_config, _LAB_CONFIGS)
    _check("lab_metric", lab_metric, _LAB_METRICS)
    _check("pythia_key", pythia_key, _D_TASKS)
    _check("pythia_view", pythia_view, _PY_VIEWS)
    s = _lab_summary()
    s = s[s["config_name"] == lab_config].sort_values("train_flops")
    if s.empty:
        raise EmergenceDataError(f"no cached lab results for {lab_config!r}",
                                 dataset="lab cache", column="config_name")
    ch = lab.chance_level(lab_metric, int(s["digits"].iloc[0]))
    y = s[f"{lab_metric}_mean"].to_numpy(float)
    f = s["train_flops"].to_numpy(float)
    out = [pd.DataFrame({"curve": f"lab {lab_config} ({lab_metric.replace('_', ' ')}, "
                                  f"widths {int(s['width'].min())}-{int(s['width'].max())})",
                         "x": f / f[-1], "y": (y - ch) / (y[-1] - ch), "flops": f, "value": y})]
    cur = training_curves(pythia_key, family)
    chance = float(cur["chance"].iloc[0])
    if pythia_view == "sizes":
        g = cur[cur["step"] == FINAL_STEP].sort_values("train_flops")
        f, y = g["train_flops"].to_numpy(float), g["value"].to_numpy(float)
        out.append(pd.DataFrame({"curve": f"{family} 70M-12B (step {FINAL_STEP})",
                                 "x": f / f[-1], "y": (y - chance) / (y[-1] - chance),
                                 "flops": f, "value": y}))
    else:
        for size in SIZES:
            g = cur[cur["size_label"] == size].sort_values("step")
            f, y = g["train_flops"].to_numpy(float), g["value"].to_numpy(float)
            out.append(pd.DataFrame({"curve": f"{family} {size} over training",
                                     "x": f / f[-1], "y": (y - chance) / (y[-1] - chance),
                                     "flops": f, "value": y}))
    return pd.concat(out, ignore_index=True)


def fraction_table(lab_config: str = "default", lab_metric: str = "exact_match",
                   pythia_key: str = "LAMBADA|accuracy", pythia_view: str = "sizes",
                   levels: tuple[float, ...] = (0.5, 0.9)) -> pd.DataFrame:
    """Smallest fraction of compute at which each curve first reaches each fraction of final.

    Returns ``curve`` and one column ``compute_to_<level>`` per level (NaN if never reached).
    """
    df = fraction_curves(lab_config, lab_metric, pythia_key, pythia_view)
    rows = []
    for name, g in df.groupby("curve", sort=False):
        row: dict[str, Any] = {"curve": name}
        for lv in levels:
            hit = g[g["y"] >= lv]
            row[f"compute_to_{lv:g}"] = float(hit["x"].min()) if len(hit) else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


_FRAC_XLIM = (3e-6, 2.0)


@lru_cache(maxsize=1)
def _frac_ylim() -> tuple[float, float]:
    lo, hi = 0.0, 1.0
    for c in _LAB_CONFIGS:
        for m in _LAB_METRICS:
            for k in _D_TASKS:
                for v in _PY_VIEWS:  # also fills the cache of every widget state
                    for _, _, y in _fraction_state(c, m, k, v)[0]:
                        lo, hi = min(lo, float(y.min())), max(hi, float(y.max()))
    return lo - 0.05, hi + 0.05


@lru_cache(maxsize=128)
def _fraction_state(lab_config: str, lab_metric: str, pythia_key: str,
                    pythia_view: str) -> tuple[list[tuple[str, np.ndarray, np.ndarray]], str]:
    df = fraction_curves(lab_config, lab_metric, pythia_key, pythia_view)
    curves = [(name, g["x"].to_numpy(float), g["y"].to_numpy(float))
              for name, g in df.groupby("curve", sort=False)]
    t = fraction_table(lab_config, lab_metric, pythia_key, pythia_view)
    lab_half = t["compute_to_0.5"].iloc[0]
    py_half = t["compute_to_0.5"].iloc[1:]
    caption = (f"Half of the final gain above chance: the lab reaches it at {lab_half:.3g} of its "
               f"compute, Pythia at {py_half.min():.3g}"
               + (f" to {py_half.max():.3g}" if len(py_half) > 1 else "") + " of its compute.")
    return curves, caption


def _draw_fraction(art: dict, lab_config: str, lab_metric: str, pythia_key: str,
                   pythia_view: str) -> str:
    curves, caption = _fraction_state(lab_config, lab_metric, pythia_key, pythia_view)
    lab_name, lx, ly = curves[0]
    art["lab"].set_data(lx, ly)
    for i, line in enumerate(art["py"]):
        if i + 1 < len(curves):
            line.set_data(curves[i + 1][1], curves[i + 1][2])
            line.set_visible(True)
        else:
            line.set_data([], [])
            line.set_visible(False)
    art["text"].set_text(f"black: lab '{lab_config}', {lab_metric.replace('_', ' ')}\n"
                         f"colour: Pythia {pythia_key.split('|')[0]}, "
                         + ("8 sizes" if pythia_view == "sizes" else "each size's training"))
    return caption


def lab_vs_pythia_figure(lab_config: str = "default", lab_metric: str = "exact_match",
                         pythia_key: str = "LAMBADA|accuracy", pythia_view: str = "sizes"
                         ) -> tuple[Figure, dict]:
    """The lab and Pythia on one footing: fraction of final gain against fraction of compute."""
    fig = Figure(figsize=(8.0, 4.6), layout="constrained")
    ax = fig.subplots()
    ax.set_xscale("log")
    ax.set_xlim(*_FRAC_XLIM)
    ax.set_ylim(*_frac_ylim())
    ax.axhline(0.0, **{**BASELINE_STYLE, "label": "chance"})
    ax.axhline(1.0, color="#7f7f7f", lw=0.8, ls=":")
    (lab_line,) = ax.plot([], [], "-", marker="o", color="black", lw=2.2, ms=5, zorder=5.5)
    py = [ax.plot([], [], "-", marker=".", color=c, lw=1.3, ms=4, zorder=5.5)[0]
          for c in _SIZE_COLORS]
    ax.set_xlabel("fraction of the final model's training compute")
    ax.set_ylabel("(value - chance) / (final - chance)")
    ax.set_title("Tiny lab models and Pythia on a common footing")
    text = ax.text(0.02, 0.97, "", transform=ax.transAxes, ha="left", va="top",
                   fontsize="small", zorder=5.7,
                   bbox={"facecolor": "white", "edgecolor": "#cccccc", "alpha": 0.9})
    art = {"ax": ax, "lab": lab_line, "py": py, "text": text}
    art["caption"] = _draw_fraction(art, lab_config, lab_metric, pythia_key, pythia_view)
    return fig, art


def lab_vs_pythia_widget(lab_config: str = "default", lab_metric: str = "exact_match",
                         pythia_key: str = "LAMBADA|accuracy", pythia_view: str = "sizes"):
    """Widget: lab family, lab metric, Pythia task and Pythia view on fixed axes (blitted)."""
    import ipywidgets as w

    from .widgets import LiveFigure

    fig, art = lab_vs_pythia_figure(lab_config, lab_metric, pythia_key, pythia_view)
    controls = {
        "lab_config": w.Dropdown(options=list(_LAB_CONFIGS), value=lab_config,
                                 description="lab family"),
        "lab_metric": w.ToggleButtons(options=[("exact match", "exact_match"),
                                               ("token accuracy", "token_accuracy")],
                                      value=lab_metric, description="lab metric"),
        "pythia_key": w.Dropdown(options=[(TASK_METRICS[k], k) for k in _D_TASKS],
                                 value=pythia_key, description="Pythia task"),
        "pythia_view": w.ToggleButtons(options=[("across sizes", "sizes"),
                                                ("over training", "training")],
                                       value=pythia_view, description="Pythia"),
    }

    def update(lab_config: str, lab_metric: str, pythia_key: str, pythia_view: str) -> str:
        return _draw_fraction(art, lab_config, lab_metric, pythia_key, pythia_view)

    def alt(lab_config: str, lab_metric: str, pythia_key: str, pythia_view: str) -> str:
        return ("Fraction of final gain above chance against fraction of final training compute "
                f"(log axis) for the lab family '{lab_config}' ({lab_metric}) in black and for "
                f"Pythia {TASK_METRICS[pythia_key]} "
                f"({'8 sizes' if pythia_view == 'sizes' else 'each size over training'}). "
                + _fraction_state(lab_config, lab_metric, pythia_key, pythia_view)[1])

    return LiveFigure(fig, update, controls, alt,
                      prompt="Does a tiny lab model's curve rise more abruptly than Pythia's "
                             "when both are drawn as fractions of their final values?",
                      animated=[art["lab"], *art["py"], art["text"]])
