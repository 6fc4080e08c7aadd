"""Loss falls smoothly while the error rate stays near 100% (Wei et al. 2022, LaMDA).

Wei et al. (2022) show, for three BIG-bench tasks (modified arithmetic, IPA transliterate and
word unscramble) and eleven LaMDA models, the error rate at sampling temperature 0 and 1 and the
cross-entropy loss on the same task against training FLOPs. The error rate stays at about 100%
for most models and then drops for the largest ones, while the loss falls across (almost) the
whole range. The numbers here are the ``wei_loss`` dataset: points **digitized** from the
published figure, each with a reading uncertainty (``uncertainty`` in the value's unit and
``flops_uncertainty_dex`` for the x position). Only two of the eleven models are named in the
paper's tables (LaMDA 40M and LaMDA 68B); the others have no published size.

The "error rate" of the figure is not the same quantity for every task: BIG-bench scores IPA
transliterate by BLEU, and the figure's IPA values equal 100 - BLEU of Fig. 2B. The ``metric``
and ``unit`` columns of the data say what each series is (``error rate at T=0`` in percent, or
``100 - BLEU at T=0`` in BLEU points); this module reads them instead of assuming a task.

Vocabulary used below: the *score* of a point is 100 - its error value: an accuracy (percent,
exact match) for a series whose metric is an error rate, a BLEU score (0-100) for a
``100 - BLEU`` series. A task "switches on" at the first model (in FLOPs order) whose score
reaches a chosen threshold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator

from . import data as _data
from .errors import EmergenceDataError, EmergenceInputError
from .style import BASELINE_STYLE, family_style, figsize, font

__all__ = ["DATASET", "TASKS", "TEMPERATURES", "THRESHOLD_RANGE", "Series", "TaskCurves",
           "SwitchOn", "task_curves", "switch_on_index", "switch_on", "switch_on_table",
           "flat_phase_table", "score_name", "error_label", "plot_wei_loss", "LossExplorer",
           "build_loss_explorer", "loss_widget", "compare_with_fig2"]

#: Name of the dataset this module reads.
DATASET = "wei_loss"
#: The three tasks of the figure, in the paper's panel order.
TASKS = ("Modified arithmetic", "IPA transliterate", "Word unscramble")
#: Sampling temperatures of the error-rate series.
TEMPERATURES = (0, 1)
#: Range of the score-threshold slider (accuracy in percent, or BLEU).
THRESHOLD_RANGE = (0.5, 25.0)

_REQUIRED = ("task", "bigbench_task", "quantity", "temperature", "model", "train_flops",
             "flops_uncertainty_dex", "point_index", "value", "uncertainty", "metric", "unit")
_T_COLORS = {0: family_style("LaMDA").color, 1: "#009E73"}  # Okabe-Ito blue and bluish green
_T_MARKERS = {0: "o", 1: "^"}
_LOSS_COLOR = "#444444"
_MARK_COLOR = "#D55E00"


@dataclass(frozen=True)
class Series:
    """One digitized series: x in FLOPs (with dex uncertainty), y with its reading uncertainty.

    ``rows`` are the 1-based data rows of the source frame (for error messages and tracing).
    """

    flops: np.ndarray
    flops_dex: np.ndarray
    value: np.ndarray
    uncertainty: np.ndarray
    model: tuple[str, ...]
    rows: tuple[int, ...]
    metric: str = ""
    unit: str = ""

    def __len__(self) -> int:
        return len(self.value)

    def label(self, i: int) -> str:
        """Name of point ``i``: the model if the paper names it, otherwise its position."""
        if self.model[i]:
            return self.model[i]
        return f"LaMDA model {i + 1} of {len(self)} (size not published)"


def score_name(metric: str) -> str:
    """What ``100 - value`` of an error series measures, from its ``metric`` label.

    ``"BLEU"`` when the label names BLEU (``100 - BLEU at T=0``), otherwise ``"accuracy"``
    (``error rate at T=0``: 100 - error rate is the exact-match accuracy in percent).
    """
    return "BLEU" if "bleu" in str(metric).lower() else "accuracy"


def error_label(metric: str) -> str:
    """Axis label of an error series: ``"100 - BLEU"`` or ``"error rate (%)"``."""
    return "100 − BLEU" if score_name(metric) == "BLEU" else "error rate (%)"


def _score_unit(name: str) -> str:
    return "" if name == "BLEU" else "%"


@dataclass(frozen=True)
class TaskCurves:
    """The error series (by temperature), the loss series and the random baseline of one task.

    The error series are error rates in percent or ``100 - BLEU`` (BLEU points), as the data's
    ``metric`` column says; ``score`` is what 100 minus them measures (``"accuracy"`` or
    ``"BLEU"``).
    """

    task: str
    bigbench_task: str
    error: dict[int, Series]
    loss: Series
    baseline: float
    baseline_uncertainty: float

    @property
    def score(self) -> str:
        """``"accuracy"`` or ``"BLEU"`` (from the metric label of the T = 0 series)."""
        return score_name(self.error[TEMPERATURES[0]].metric)


@dataclass(frozen=True)
class SwitchOn:
    """Where a task "switches on" for a threshold (``index`` is None when no model reaches it).

    ``score`` = 100 - ``error``: accuracy in percent, or BLEU, as ``score_name`` says;
    ``loss`` in the figure's (unstated) loss unit, ``flops`` in FLOPs. ``clear`` is True when
    the score minus its reading uncertainty still reaches the threshold; ``stays_on`` when every
    larger model also reaches it. ``loss_first`` is the loss of the smallest model,
    ``max_score_before`` the best score of the models before the switch-on point.
    """

    task: str
    temperature: int
    threshold: float
    index: int | None
    model: str = ""
    flops: float = float("nan")
    error: float = float("nan")
    error_uncertainty: float = float("nan")
    score: float = float("nan")
    loss: float = float("nan")
    loss_uncertainty: float = float("nan")
    loss_first: float = float("nan")
    max_score_before: float = float("nan")
    clear: bool = False
    stays_on: bool = False
    score_name: str = "accuracy"
    metric: str = ""


# ---------------------------------------------------------------------------------------------
# Reading the dataset
# ---------------------------------------------------------------------------------------------
def _check_frame(df: Any) -> pd.DataFrame:
    return _data.require_frame(df, DATASET, _REQUIRED).reset_index(drop=True)


def _check_task(df: pd.DataFrame, task: str) -> str:
    known = list(dict.fromkeys(df["task"]))
    if task not in known:
        raise EmergenceInputError(f"task: must be one of {known}, got {task!r}")
    return task


def _check_temperature(temperature: Any) -> int:
    if temperature not in TEMPERATURES or isinstance(temperature, bool):
        raise EmergenceInputError(f"temperature: must be one of {TEMPERATURES}, got "
                                  f"{temperature!r}")
    return int(temperature)


def _check_threshold(threshold: Any) -> float:
    try:
        t = float(threshold)
    except (TypeError, ValueError):
        raise EmergenceInputError(f"threshold: must be a score (accuracy in percent or BLEU), got "
                                  f"{threshold!r}") from None
    if not np.isfinite(t) or not 0.0 < t <= 100.0:
        raise EmergenceInputError(f"threshold: must be a score in (0, 100], got "
                                  f"{threshold!r}")
    return t


def _series(df: pd.DataFrame, mask: pd.Series, what: str) -> Series:
    sub = df[mask]
    if sub.empty:
        raise EmergenceDataError(f"no rows for {what}", dataset=DATASET, column="quantity")
    sub = sub.sort_values("point_index", kind="stable")
    rows = tuple(int(i) + 1 for i in sub.index)
    idx = sub["point_index"].to_numpy(dtype=float)
    expected = np.arange(len(sub))
    if not np.array_equal(idx, expected):
        k = int(np.flatnonzero(idx != expected)[0])
        raise EmergenceDataError(f"point_index of {what} must run 0..{len(sub) - 1} without gaps "
                                 f"or repeats, got {sub['point_index'].tolist()}",
                                 dataset=DATASET, row=rows[k], column="point_index")
    labels = sub["metric"].fillna("").astype(str).unique()
    if len(labels) != 1:
        raise EmergenceDataError(f"{what}: the metric label must be the same for every point, got "
                                 f"{list(labels)}", dataset=DATASET, row=rows[0], column="metric")
    units = sub["unit"].fillna("").astype(str).unique()
    if len(units) != 1:
        raise EmergenceDataError(f"{what}: the unit must be the same for every point, got "
                                 f"{list(units)}", dataset=DATASET, row=rows[0], column="unit")
    arrays = {}
    for col in ("train_flops", "flops_uncertainty_dex", "value", "uncertainty"):
        a = sub[col].to_numpy(dtype=float)
        bad = ~np.isfinite(a) | (a <= 0 if col == "train_flops" else a < 0)
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            kind = "positive" if col == "train_flops" else "non-negative"
            raise EmergenceDataError(f"{what}: needs a finite {kind} value, got {a[k]!r}",
                                     dataset=DATASET, row=rows[k], column=col)
        arrays[col] = a
    if np.any(np.diff(arrays["train_flops"]) <= 0):
        k = int(np.flatnonzero(np.diff(arrays["train_flops"]) <= 0)[0]) + 1
        raise EmergenceDataError(f"{what}: FLOPs must increase with point_index",
                                 dataset=DATASET, row=rows[k], column="train_flops")
    return Series(arrays["train_flops"], arrays["flops_uncertainty_dex"], arrays["value"],
                  arrays["uncertainty"], tuple(str(m) for m in sub["model"].fillna("")), rows,
                  metric=str(labels[0]), unit=str(units[0]))


def task_curves(df: pd.DataFrame, task: str) -> TaskCurves:
    """Collect the series of one task and check that they describe the same models.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``wei_loss`` dataset (``eu.data.load("wei_loss")``).
    task : str
        One of :data:`TASKS` (as in the ``task`` column).

    Returns
    -------
    TaskCurves

    Raises
    ------
    EmergenceInputError
        Unknown task.
    EmergenceDataError
        Missing columns or series, gaps in ``point_index``, non-finite values, series of
        different lengths, or an error-rate point and a loss point with the same index whose
        FLOPs differ by more than their combined x uncertainty (row and column named).
    """
    df = _check_frame(df)
    task = _check_task(df, task)
    mine = df["task"] == task
    error = {t: _series(df, mine & (df["quantity"] == f"error_rate_T{t}"),
                        f"{task} error rate at T={t}") for t in TEMPERATURES}
    loss = _series(df, mine & (df["quantity"] == "cross_entropy_loss"),
                   f"{task} cross-entropy loss")
    for t, ser in error.items():
        if len(ser) != len(loss):
            raise EmergenceDataError(f"{task}: {len(ser)} error-rate points at T={t} but "
                                     f"{len(loss)} loss points; they must pair up",
                                     dataset=DATASET, row=ser.rows[-1], column="point_index")
        gap = np.abs(np.log10(ser.flops / loss.flops))
        bad = gap > ser.flops_dex + loss.flops_dex
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            raise EmergenceDataError(
                f"{task}: error-rate point {k} (T={t}) at {ser.flops[k]:.3g} FLOPs and loss point "
                f"{k} at {loss.flops[k]:.3g} FLOPs differ by {gap[k]:.2f} dex, more than their "
                f"x uncertainties", dataset=DATASET, row=ser.rows[k], column="train_flops")
    base = df[mine & (df["quantity"] == "error_rate_random_baseline")]
    if len(base) != 1:
        raise EmergenceDataError(f"{task}: expected one random-baseline row, found {len(base)}",
                                 dataset=DATASET, column="quantity")
    bigbench = str(df.loc[mine, "bigbench_task"].iloc[0])
    return TaskCurves(task, bigbench, error, loss, float(base["value"].iloc[0]),
                      float(base["uncertainty"].iloc[0]))


# ---------------------------------------------------------------------------------------------
# Switch-on points
# ---------------------------------------------------------------------------------------------
def switch_on_index(error_rate: Any, threshold: float) -> int | None:
    """Index of the first error value whose score ``100 - error`` reaches ``threshold``.

    Parameters
    ----------
    error_rate : array_like
        Error rates in percent (or 100 - BLEU), in order of increasing scale.
    threshold : float
        Score threshold (accuracy in percent, or BLEU), in (0, 100].

    Returns
    -------
    int or None
        None when no point reaches the threshold.
    """
    t = _check_threshold(threshold)
    try:
        e = np.asarray(error_rate, dtype=float)
    except (TypeError, ValueError):
        raise EmergenceInputError(f"error_rate: must be numbers in percent, got "
                                  f"{error_rate!r}") from None
    if e.ndim != 1 or e.size == 0 or not np.all(np.isfinite(e)):
        raise EmergenceInputError(f"error_rate: must be a non-empty 1-D array of finite "
                                  f"percentages, got {error_rate!r}")
    hit = np.flatnonzero(100.0 - e >= t)
    return int(hit[0]) if hit.size else None


def switch_on(curves: TaskCurves, threshold: float, temperature: int = 0) -> SwitchOn:
    """Where ``curves`` switches on at a score ``threshold`` and temperature.

    The threshold is an accuracy in percent, or a BLEU score for a ``100 - BLEU`` series.

    The loss is read off at the loss point with the same index (the same model).
    """
    t = _check_temperature(temperature)
    thr = _check_threshold(threshold)
    ser = curves.error[t]
    i = switch_on_index(ser.value, thr)
    name = score_name(ser.metric)
    if i is None:
        return SwitchOn(curves.task, t, thr, None, loss_first=float(curves.loss.value[0]),
                        max_score_before=float(np.max(100.0 - ser.value)), score_name=name,
                        metric=ser.metric)
    acc = 100.0 - ser.value
    return SwitchOn(
        task=curves.task, temperature=t, threshold=thr, index=i, model=ser.label(i),
        flops=float(ser.flops[i]), error=float(ser.value[i]),
        error_uncertainty=float(ser.uncertainty[i]), score=float(acc[i]),
        loss=float(curves.loss.value[i]), loss_uncertainty=float(curves.loss.uncertainty[i]),
        loss_first=float(curves.loss.value[0]),
        max_score_before=float(np.max(acc[:i])) if i > 0 else float("nan"),
        clear=bool(acc[i] - ser.uncertainty[i] >= thr), stays_on=bool(np.all(acc[i:] >= thr)),
        score_name=name, metric=ser.metric)


def switch_on_table(df: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """:func:`switch_on` for every task and temperature, as a table (one row each).

    Columns: ``task``, ``temperature``, ``metric`` (the data's label of the error series),
    ``score_name`` (``accuracy`` or ``BLEU``), ``model`` (empty when none switches on),
    ``flops``, ``error`` and ``score`` (= 100 - error: accuracy in percent or BLEU), ``loss``
    with ``loss_uncertainty``, ``loss_first`` (smallest model), ``clear`` and ``stays_on``.
    """
    _check_threshold(threshold)
    df = _check_frame(df)
    rows = []
    for task in dict.fromkeys(df["task"]):
        curves = task_curves(df, task)
        for t in TEMPERATURES:
            s = switch_on(curves, threshold, t)
            rows.append({"task": task, "temperature": t, "metric": s.metric,
                         "score_name": s.score_name, "model": s.model, "flops": s.flops,
                         "error": s.error, "score": s.score, "loss": s.loss,
                         "loss_uncertainty": s.loss_uncertainty, "loss_first": s.loss_first,
                         "clear": s.clear, "stays_on": s.stays_on})
    return pd.DataFrame(rows)


def flat_phase_table(df: pd.DataFrame, max_score: float = 2.0, temperature: int = 0,
                     ) -> pd.DataFrame:
    """How much the loss falls while the score stays below ``max_score``.

    The "flat phase" of a task is the run of models, starting from the smallest, whose score
    (100 - error: accuracy in percent, or BLEU for a ``100 - BLEU`` series) at ``temperature``
    stays below ``max_score``.

    Returns
    -------
    pandas.DataFrame
        One row per task: ``metric`` (the data's label of the error series), ``n_models`` in the
        flat phase, ``flops_first``/``flops_last`` (FLOPs), ``max_error``/``min_error`` (percent,
        or BLEU points) over the phase, ``loss_first`` and
        ``loss_last`` (with their uncertainties) and ``loss_drop`` (fraction,
        1 - loss_last / loss_first).
    """
    t = _check_temperature(temperature)
    try:
        cap = float(max_score)
    except (TypeError, ValueError):
        raise EmergenceInputError(f"max_score: must be a score in (0, 100], got "
                                  f"{max_score!r}") from None
    if not np.isfinite(cap) or not 0.0 < cap <= 100.0:
        raise EmergenceInputError(f"max_score: must be a score in (0, 100], got "
                                  f"{max_score!r}")
    df = _check_frame(df)
    rows = []
    for task in dict.fromkeys(df["task"]):
        c = task_curves(df, task)
        err = c.error[t].value
        first_on = switch_on_index(err, cap)
        n = len(err) if first_on is None else first_on
        if n == 0:
            rows.append({"task": task, "metric": c.error[t].metric, "n_models": 0})
            continue
        lv, lu = c.loss.value, c.loss.uncertainty
        rows.append({"task": task, "metric": c.error[t].metric, "n_models": n,
                     "flops_first": c.error[t].flops[0],
                     "flops_last": c.error[t].flops[n - 1], "max_error": float(err[:n].max()),
                     "min_error": float(err[:n].min()), "loss_first": lv[0],
                     "loss_first_unc": lu[0], "loss_last": lv[n - 1], "loss_last_unc": lu[n - 1],
                     "loss_drop": 1.0 - lv[n - 1] / lv[0]})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------
def _yerr_segments(x: np.ndarray, y: np.ndarray, u: np.ndarray) -> np.ndarray:
    return np.stack([np.column_stack([x, y - u]), np.column_stack([x, y + u])], axis=1)


def _xerr_segments(x: np.ndarray, y: np.ndarray, dex: np.ndarray) -> np.ndarray:
    f = 10.0 ** dex
    return np.stack([np.column_stack([x / f, y]), np.column_stack([x * f, y])], axis=1)


def _draw_series(ax, ser: Series, color: str, marker: str, label: str, *, base_z: float = 2.0,
                 **kw) -> dict[str, Any]:
    """Line with markers (z-order ``base_z + 1``) and x/y error bars (``base_z``)."""
    (line,) = ax.plot(ser.flops, ser.value, color=color, marker=marker, ms=5, lw=1.5,
                      label=label, zorder=base_z + 1, **kw)
    ycol = LineCollection(_yerr_segments(ser.flops, ser.value, ser.uncertainty), colors=color,
                          linewidths=1.0, zorder=base_z)
    xcol = LineCollection(_xerr_segments(ser.flops, ser.value, ser.flops_dex), colors=color,
                          linewidths=0.6, alpha=0.6, zorder=base_z)
    ax.add_collection(ycol)
    ax.add_collection(xcol)
    return {"line": line, "yerr": ycol, "xerr": xcol}


def _set_series(art: dict[str, Any], ser: Series) -> None:
    art["line"].set_data(ser.flops, ser.value)
    art["yerr"].set_segments(_yerr_segments(ser.flops, ser.value, ser.uncertainty))
    art["xerr"].set_segments(_xerr_segments(ser.flops, ser.value, ser.flops_dex))


_ERR_LIM, _LOSS_LIM, _X_LIM = (66.0, 102.5), (2.5, 16.0), (1.5e19, 1.5e24)
_LOSS_TICKS = [3, 5, 10, 15]


def _style_loss_axis(ax) -> None:
    ax.set_yscale("log")
    ax.set_ylim(*_LOSS_LIM)
    ax.set_yticks(_LOSS_TICKS, [str(t) for t in _LOSS_TICKS])
    ax.yaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_minor_locator(NullLocator())


def plot_wei_loss(df: pd.DataFrame) -> tuple[Figure, dict[str, Any]]:
    """Static reproduction of Wei et al.'s loss figure from the digitized points (2 x 3 panels).

    Top row: error rate (percent) at T = 0 and T = 1 with the random baseline (dashed), or
    100 - BLEU where the data's ``metric`` says so (each panel is labelled from the data);
    bottom row: cross-entropy loss (log axis, as in the paper). Error bars are the digitization
    uncertainties in y (1-sigma-like) and x (dex).

    Returns
    -------
    fig, artists : Figure, dict
        ``artists["axes"]`` maps ``(task, "error" | "loss")`` to the axes; ``artists["series"]``
        maps ``(task, quantity)`` to the drawn line, where quantity is ``"T0"``, ``"T1"`` or
        ``"loss"``.
    """
    df = _check_frame(df)
    tasks = list(dict.fromkeys(df["task"]))
    fig = Figure(figsize=figsize(10.0, 6.2))
    fig.subplots_adjust(left=0.07, right=0.99, bottom=0.09, top=0.9, wspace=0.24, hspace=0.1)
    axes = fig.subplots(2, len(tasks), sharex=True, squeeze=False)
    out_axes, series = {}, {}
    for j, task in enumerate(tasks):
        c = task_curves(df, task)
        ax_e, ax_l = axes[0, j], axes[1, j]
        for t in TEMPERATURES:
            art = _draw_series(ax_e, c.error[t], _T_COLORS[t], _T_MARKERS[t], f"T = {t}")
            series[(task, f"T{t}")] = art["line"]
        ax_e.axhline(c.baseline, **{**BASELINE_STYLE, "label": "Random"})
        art = _draw_series(ax_l, c.loss, _LOSS_COLOR, "o", "LaMDA")
        series[(task, "loss")] = art["line"]
        ax_e.set(xscale="log", xlim=_X_LIM, ylim=_ERR_LIM, title=task)
        ax_e.set_ylabel(error_label(c.error[TEMPERATURES[0]].metric))
        _style_loss_axis(ax_l)
        ax_l.set_xlabel("training FLOPs")
        out_axes[(task, "error")], out_axes[(task, "loss")] = ax_e, ax_l
    axes[1, 0].set_ylabel("cross-entropy loss")
    axes[0, 0].legend(fontsize="small", loc="lower left")
    fig.suptitle("Wei et al. (2022), LaMDA on three BIG-bench tasks (digitized points; bars = "
                 "reading uncertainty)", fontsize="medium")
    parts = []
    for task in tasks:
        c = task_curves(df, task)
        e0 = c.error[0].value
        what = error_label(c.error[0].metric).replace(" (%)", " in percent")
        parts.append(f"{task} ({what}): {e0[0]:.1f} at the smallest model, {e0.min():.1f} at "
                     f"best; loss {c.loss.value[0]:.1f} at the smallest model, {c.loss.value.min():.1f} at "
                     f"its lowest and {c.loss.value[-1]:.1f} at the largest")
    alt = ("Six panels reproducing Wei et al.'s loss figure from digitized points against "
           "training FLOPs, with error bars for the reading uncertainty. Top row: the error "
           "measure at T = 0 and T = 1 next to a dashed random baseline, near 100 for most "
           "models and lower for the two largest. Bottom row: the cross-entropy loss on a log "
           "axis. At T = 0: " + "; ".join(parts) + ".")
    return fig, {"axes": out_axes, "series": series, "alt": alt}


# ---------------------------------------------------------------------------------------------
# The threshold explorer (notebook 02 widget)
# ---------------------------------------------------------------------------------------------
@dataclass
class LossExplorer:
    """A built loss explorer: the figure, its artists and the in-place ``update``.

    ``update(task, temperature, threshold)`` changes the artists and returns a caption;
    ``alt(**same)`` returns alt text; ``state`` holds the last :class:`SwitchOn` and inputs;
    ``tasks`` lists the tasks of the data in their order.
    """

    fig: Figure
    artists: dict[str, Any]
    update: Callable[..., str]
    alt: Callable[..., str]
    defaults: dict[str, Any]
    state: dict[str, Any] = field(default_factory=dict)
    tasks: list[str] = field(default_factory=list)


def _fmt_flops(x: float) -> str:
    return f"{x:.2g}".replace("e+", "e") + " FLOPs"


def _caption(s: SwitchOn) -> str:
    u = _score_unit(s.score_name)
    head = f"{s.task}, T = {s.temperature}, {s.score_name} threshold {s.threshold:g}{u}"
    if s.index is None:
        return (f"{head}: no model in the figure reaches it (best {s.score_name} "
                f"{s.max_score_before:.1f}{u}). The loss still falls from {s.loss_first:.2f} "
                "at the smallest model. Values are digitized from the figure.")
    before = ("" if s.index == 0 else f" The {s.index} smaller model(s) stay at or below "
              f"{s.max_score_before:.1f}{u} {s.score_name}.")
    what = ("error" if s.score_name == "accuracy" else "100 − BLEU")
    sure = ("clearly, even after subtracting the reading uncertainty" if s.clear else
            "but only within the reading uncertainty of the digitized point")
    stays = "" if s.stays_on else " A larger model falls back below the threshold."
    return (f"{head}: switches on at {s.model} ({_fmt_flops(s.flops)}) with {what} "
            f"{s.error:.1f} ± {s.error_uncertainty:.1f}{u} ({s.score_name} {s.score:.1f}{u}, "
            f"{sure}). Its cross-entropy loss is {s.loss:.2f} ± {s.loss_uncertainty:.2f}, "
            f"down from {s.loss_first:.2f} at the smallest model.{before}{stays} "
            "Values are digitized from the figure.")


def build_loss_explorer(df: pd.DataFrame | None = None, *, task: str = TASKS[0],
                        temperature: int = 0, threshold: float = 5.0) -> LossExplorer:
    """Build the threshold explorer once (pure; a static figure at the given values).

    Top: error rate (percent) at T = 0 and T = 1 for the chosen task (100 - BLEU where the
    data's ``metric`` says so), random baseline (dashed) and the threshold line
    (100 - threshold). Bottom: the task's cross-entropy loss
    (log axis). The first model whose score at the chosen temperature reaches the threshold
    is ringed in both panels, with a vertical line at its FLOPs and a horizontal line at its
    loss. Error bars are the digitization uncertainties.

    Parameters
    ----------
    df : pandas.DataFrame, optional
        The ``wei_loss`` dataset; loaded with :func:`emergence_utils.data.load` when None.
    task : str
        One of :data:`TASKS`.
    temperature : {0, 1}
        Sampling temperature of the series the threshold applies to.
    threshold : float
        Score threshold in (0, 100]: accuracy in percent, or BLEU for a 100 - BLEU task.

    Returns
    -------
    LossExplorer
    """
    if df is None:
        from . import data

        df = data.load(DATASET)
    df = _check_frame(df)
    all_curves = {t: task_curves(df, t) for t in dict.fromkeys(df["task"])}
    _check_task(df, task)
    _check_temperature(temperature)
    _check_threshold(threshold)
    first = all_curves[task]

    # constrained layout (not fixed margins): the labels and tick labels of the seminar style
    # need wider margins than those of the notebook style
    fig = Figure(figsize=figsize(8.0, 7.0), layout="constrained")
    ax_e, ax_l = fig.subplots(2, 1, sharex=True)
    # Everything a control changes is drawn above the (frameless) legends, which sit where
    # no data point goes: a move then redraws only those artists (see loss_widget).
    err_art = {t: _draw_series(ax_e, first.error[t], _T_COLORS[t], _T_MARKERS[t],
                               f"T = {t}", base_z=5.2) for t in TEMPERATURES}
    base = ax_e.axhline(first.baseline, **{**BASELINE_STYLE, "zorder": 5.1})
    thr_line = ax_e.axhline(95.0, color="black", lw=1.2, ls="-.", zorder=5.5,
                            label="100 − threshold")
    loss_art = _draw_series(ax_l, first.loss, _LOSS_COLOR, "o", "cross-entropy loss (LaMDA)",
                            base_z=5.2)
    ring_kw = {"ls": "none", "marker": "o", "ms": 16, "mfc": "none", "mec": _MARK_COLOR,
               "mew": 2.2, "zorder": 5.6}
    (ring_e,) = ax_e.plot([], [], **ring_kw, label="first model that reaches the threshold")
    (ring_l,) = ax_l.plot([], [], **ring_kw, label="its loss")
    v_e = ax_e.axvline(1e20, color=_MARK_COLOR, lw=1, ls=":", zorder=5.5)
    v_l = ax_l.axvline(1e20, color=_MARK_COLOR, lw=1, ls=":", zorder=5.5)
    h_l = ax_l.axhline(5.0, color=_MARK_COLOR, lw=1, ls=":", zorder=5.5)
    box = ax_e.text(0.02, 0.04, "", transform=ax_e.transAxes, ha="left", va="bottom",
                    fontsize=font(0.85), bbox={"boxstyle": "round", "fc": "white", "ec": "0.7"},
                    zorder=6)
    ax_e.set(xscale="log", xlim=_X_LIM, ylim=_ERR_LIM)
    # one label for both kinds of series (it must not change with the task: fixed layout)
    ax_e.set_ylabel("error rate (%) or 100 − BLEU")
    _style_loss_axis(ax_l)
    ax_l.set(xlabel="training FLOPs", ylabel="cross-entropy loss (log axis)")
    ax_e.legend(fontsize="small", loc="center left")
    ax_l.legend(fontsize="small", loc="lower left")
    title = fig.suptitle("", fontsize=font(1.1))
    # the note under the suptitle is the top panel's title, so that the layout makes room for it
    ax_e.set_title("Points digitized from Wei et al. (2022); bars = reading uncertainty (y) and "
                   "x-position uncertainty (FLOPs).", fontsize="small", color="0.3")
    artists = {"ax_error": ax_e, "ax_loss": ax_l, "error": err_art, "loss": loss_art,
               "baseline": base, "threshold": thr_line, "ring_error": ring_e, "ring_loss": ring_l,
               "v_error": v_e, "v_loss": v_l, "h_loss": h_l, "box": box, "title": title}
    state: dict[str, Any] = {}

    def summary(task: str, temperature: int, threshold: float) -> SwitchOn:
        _check_task(df, task)
        return switch_on(all_curves[task], threshold, temperature)

    def update(task: str = task, temperature: int = temperature,
               threshold: float = threshold) -> str:
        s = summary(task, temperature, threshold)
        c = all_curves[s.task]
        for t in TEMPERATURES:
            _set_series(err_art[t], c.error[t])
            alpha = 1.0 if t == s.temperature else 0.3
            for art in err_art[t].values():
                art.set_alpha(alpha if art is err_art[t]["line"] else 0.6 * alpha)
        _set_series(loss_art, c.loss)
        base.set_ydata([c.baseline] * 2)
        thr_line.set_ydata([100.0 - s.threshold] * 2)
        on = s.index is not None
        for art in (ring_e, ring_l, v_e, v_l, h_l):
            art.set_visible(on)
        if on:
            i = s.index
            ring_e.set_data([s.flops], [s.error])
            ring_l.set_data([c.loss.flops[i]], [s.loss])
            v_e.set_xdata([s.flops] * 2)
            v_l.set_xdata([s.flops] * 2)
            h_l.set_ydata([s.loss] * 2)
            u = _score_unit(s.score_name)
            what = "error" if s.score_name == "accuracy" else "100 − BLEU"
            box.set_text(f"T = {s.temperature}: first model with {s.score_name} ≥ "
                         f"{s.threshold:g}{u}\n"
                         f"{s.model}\n{_fmt_flops(s.flops)}, {what} {s.error:.1f} ± "
                         f"{s.error_uncertainty:.1f}{u}\nloss there: {s.loss:.2f} ± "
                         f"{s.loss_uncertainty:.2f} (smallest model: {s.loss_first:.2f})"
                         + ("" if s.clear else "\n(within the reading uncertainty)"))
        else:
            u = _score_unit(s.score_name)
            box.set_text(f"T = {s.temperature}: no model reaches {s.score_name} "
                         f"{s.threshold:g}{u}\n(best: {s.max_score_before:.1f}{u})")
        # the BIG-bench task name goes in the caption: in the title it would not fit the width
        what = "error rate" if s.score_name == "accuracy" else "100 − BLEU"
        title.set_text(f"{s.task}, LaMDA: {what} vs cross-entropy loss")
        state.clear()
        state.update(task=s.task, temperature=s.temperature, threshold=s.threshold, switch=s)
        return f"{_caption(s)} BIG-bench task: {c.bigbench_task}."

    def alt(task: str = task, temperature: int = temperature,
            threshold: float = threshold) -> str:
        s = summary(task, temperature, threshold)
        what = "error rate (%)" if s.score_name == "accuracy" else "100 minus BLEU"
        return (f"Two panels against training FLOPs for {s.task} (LaMDA, digitized). Top: {what} "
                "at temperatures 0 and 1, near 100 for most models and lower only for the "
                "largest, with a dashed random baseline and a threshold line. Bottom: "
                "cross-entropy loss, which falls over most of the range. " + _caption(s))

    defaults = {"task": task, "temperature": int(temperature), "threshold": float(threshold)}
    update(**defaults)
    return LossExplorer(fig=fig, artists=artists, update=update, alt=alt, defaults=defaults,
                        state=state, tasks=list(all_curves))


def _loss_controls(defaults: dict[str, Any], tasks: list[str]) -> dict[str, Any]:
    import ipywidgets as w

    style = {"description_width": "initial"}
    lo, hi = THRESHOLD_RANGE
    thr = defaults["threshold"]
    if not lo <= thr <= hi or abs(round(thr * 2) - thr * 2) > 1e-9:
        raise EmergenceInputError(f"threshold: the slider offers {lo:g} to {hi:g}% in steps of "
                                  f"0.5, got {thr!r}")
    return {
        "task": w.ToggleButtons(options=tasks, value=defaults["task"], description="task",
                                style=style),
        "temperature": w.ToggleButtons(options=[(f"T = {t}", t) for t in TEMPERATURES],
                                       value=defaults["temperature"], description="temperature",
                                       style=style),
        "threshold": w.FloatSlider(value=thr, min=lo, max=hi, step=0.5,
                                   description="threshold (accuracy % or BLEU)", style=style,
                                   layout=w.Layout(width="420px")),
    }


def loss_widget(df: pd.DataFrame | None = None, *, task: str = TASKS[0], temperature: int = 0,
                threshold: float = 5.0, prompt: str | None = None):
    """Interactive version of :func:`build_loss_explorer` (a :class:`LiveFigure`).

    Controls: task (three toggle buttons), temperature (T = 0 / T = 1) and the score
    threshold (0.5-25, steps of 0.5: accuracy in percent, or BLEU for a 100 - BLEU task).
    The ``explorer`` attribute holds the :class:`LossExplorer`.
    """
    from .widgets import LiveFigure

    ex = build_loss_explorer(df, task=task, temperature=temperature, threshold=threshold)
    controls = _loss_controls(ex.defaults, ex.tasks)
    a = ex.artists
    # Blitting: the limits and scales are fixed, so every move redraws only the data series,
    # the baseline, the threshold marks, the text box and the suptitle (all drawn above the
    # legends) over a saved picture of the rest.
    animated = [*(art for t in TEMPERATURES for art in a["error"][t].values()),
                *a["loss"].values(), a["baseline"], a["threshold"], a["ring_error"],
                a["ring_loss"], a["v_error"], a["v_loss"], a["h_loss"], a["box"], a["title"]]
    live = LiveFigure(ex.fig, ex.update, controls, alt=ex.alt, prompt=prompt, animated=animated)
    live.explorer = ex
    return live


def compare_with_fig2(df: pd.DataFrame, fig2: pd.DataFrame, task: str = "IPA transliterate",
                      panel: str = "B", temperature: int = 0) -> pd.DataFrame:
    """Put ``100 - error`` of a task next to the LaMDA points of a Fig. 2 panel.

    Both are digitized from Wei et al. (2022): the loss figure and Fig. 2 (``wei_fig2``). The
    loss figure's LaMDA points are the 2nd to 12th of Fig. 2, so the first Fig. 2 point is
    skipped and the rest are paired in order of FLOPs. For IPA transliterate and panel B this
    shows that the loss figure's "error rate" is 100 - BLEU.

    Returns
    -------
    pandas.DataFrame
        ``flops_loss_figure``, ``flops_fig2`` (FLOPs), ``hundred_minus_error`` (from the loss
        figure), ``fig2_value`` (with its ``fig2_metric``), ``difference`` and the two reading
        uncertainties ``unc_loss_figure``, ``unc_fig2`` (same unit).
    """
    c = task_curves(df, task)
    ser = c.error[_check_temperature(temperature)]
    _data.require_frame(fig2, "wei_fig2", ("panel", "model_family", "train_flops", "value",
                                           "uncertainty", "metric"), param="fig2")
    f = fig2[(fig2["panel"] == panel) & (fig2["model_family"] == "LaMDA")]
    f = f.sort_values("train_flops").iloc[1:]
    if len(f) != len(ser):
        raise EmergenceDataError(f"panel {panel} has {len(f) + 1} LaMDA points, expected "
                                 f"{len(ser) + 1} to pair with {task}", dataset="wei_fig2",
                                 column="panel")
    score = 100.0 - ser.value
    return pd.DataFrame({"flops_loss_figure": ser.flops,
                         "flops_fig2": f["train_flops"].to_numpy(float),
                         "hundred_minus_error": score,
                         "fig2_value": f["value"].to_numpy(float),
                         "fig2_metric": f["metric"].to_numpy(),
                         "difference": score - f["value"].to_numpy(float),
                         "unc_loss_figure": ser.uncertainty,
                         "unc_fig2": f["uncertainty"].to_numpy(float)})
