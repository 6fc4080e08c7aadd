"""Wei et al. (2022) Appendix F: does emergence survive partial credit?

Exact match gives no credit for an answer that is almost right, so a reader may suspect that the
jumps in Wei et al.'s Figure 2 come from that all-or-nothing metric. Wei et al. answer this in
their Appendix F with one figure: the same twelve LaMDA models on three BIG-bench tasks
(modified arithmetic, IPA transliterate, periodic elements), each scored with up to eight
metrics, several of which give partial credit (ROUGE, BLEU, BLEURT, sequence F1). This module
draws that figure from the repository's digitized copy (dataset ``wei_appendix_f``), says which
series are missing from it (hidden in the figure, or not defined for the task), and scores every
series with the emergence score of Schaeffer et al. (2023, Eq. 1) and with simpler measures of
where the rise happens (the share of the rise in the last two steps, the slope before them).

What the data can and cannot say
--------------------------------
- Every value is **digitized** from an image of the published figure: a reading of a plotted
  marker with a stated uncertainty (1-sigma-like half-width, percent points), not the authors'
  number. Near 0 up to six series sit on top of each other in the paper's figure; the series
  and models that are not visible there are **absent** from the data (listed in
  ``data/README.md``; :func:`missing_series` derives the same list from the data). Some
  series do not exist at all: multiple-choice grade needs answer options, and the modified
  arithmetic and IPA transliterate tasks of BIG-bench have none (:data:`NOT_APPLICABLE`).
- Only two of the twelve LaMDA models are named in the source (LaMDA 40M and 68B); the others
  are identified here by their position, 1 to 12, in order of training FLOPs
  (:func:`assign_positions`).
- Values slightly below 0 are reading noise around 0, kept as read.

Units: ``value`` and ``uncertainty`` in percent (0-100); ``train_flops`` in FLOPs;
``flops_uncertainty_dex`` in dex (uncertainty of log10 FLOPs).

References
----------
Wei, J., Tay, Y., Bommasani, R., et al. (2022). Emergent abilities of large language models.
*Transactions on Machine Learning Research*. arXiv:2206.07682. (Appendix F figure.)

Srivastava, A., et al. (2023). Beyond the imitation game: quantifying and extrapolating the
capabilities of language models. *TMLR* (BIG-bench).

Schaeffer, R., Miranda, B., & Koyejo, S. (2023). Are emergent abilities of large language models
a mirage? *NeurIPS 2023* (the emergence score, their Eq. 1, which they attribute to BIG-bench).
"""

from __future__ import annotations

import math
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, NullLocator

from . import data as _data
from .errors import EmergenceDataError, EmergenceInputError
from .style import FamilyStyle

__all__ = [
    "DATASET", "PANELS", "METRICS", "METRIC_STYLES", "N_MODELS", "SHORT_NAMES", "ALL",
    "XLIM", "YLIM_LINEAR",
    "NOT_APPLICABLE", "load_appendix_f", "assign_positions", "missing_series",
    "not_applicable_series", "absent_note", "emergence_score_many", "pre_jump_slope",
    "emergence_score_table", "AppendixFExplorer",
    "build_appendix_f_explorer", "plot_appendix_f", "appendix_f_widget", "benchmark_explorer",
]

#: Name of the dataset in ``data/``.
DATASET = "wei_appendix_f"
#: The figure's three panels: (panel letter, task as the data names it, panel title).
PANELS: tuple[tuple[str, str, str], ...] = (
    ("A", "Modified arithmetic", "(A) Mod. arithmetic"),
    ("B", "IPA transliterate", "(B) IPA transliterate"),
    ("C", "Periodic elements", "(C) Periodic elements"),
)
#: The eight metrics (series) in the order of the paper's legend.
METRICS: tuple[str, ...] = ("Exact match", "ROUGE1", "ROUGE2", "ROUGE L-Sum", "BLEURT", "BLEU",
                            "Sequence F1", "Multiple choice grade")
#: Short names for notes inside the figure.
SHORT_NAMES: dict[str, str] = {m: m for m in METRICS} | {"Multiple choice grade": "MC grade"}
#: Number of LaMDA models in the paper's figure (the twelve of Wei et al.'s Fig. 2).
N_MODELS = 12
#: Series that cannot exist, with the reason: multiple-choice grade needs answer options, and
#: the BIG-bench tasks of panels A and B have none (their task files list only generative
#: metrics: ``exact_str_match`` for modified arithmetic; ``bleu``, ``rouge``,
#: ``exact_str_match`` for IPA transliterate; see the dataset ``bigbench_tasks``).
NOT_APPLICABLE: dict[tuple[str, str], str] = {
    ("A", "Multiple choice grade"): "the task has no answer options",
    ("B", "Multiple choice grade"): "the task has no answer options",
}

# Okabe-Ito colours (the palette of emergence_utils.style) with markers that echo the paper's
# legend. Every series in this figure is the same model family (LaMDA), so the series are
# told apart by metric; style.family_style would give every series LaMDA's blue circle.
_OI = {"black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
       "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#595959"}
#: Colour and marker of each metric (open markers: ROUGE2 and BLEU, as in the paper).
METRIC_STYLES: dict[str, FamilyStyle] = {
    "Exact match": FamilyStyle(_OI["black"], "o", "Exact match"),
    "ROUGE1": FamilyStyle(_OI["green"], "x", "ROUGE1"),
    "ROUGE2": FamilyStyle(_OI["orange"], "s", "ROUGE2"),
    "ROUGE L-Sum": FamilyStyle(_OI["sky"], "^", "ROUGE L-Sum"),
    "BLEURT": FamilyStyle(_OI["vermillion"], "D", "BLEURT"),
    "BLEU": FamilyStyle(_OI["purple"], "p", "BLEU"),
    "Sequence F1": FamilyStyle(_OI["blue"], "o", "Sequence F1"),
    "Multiple choice grade": FamilyStyle(_OI["grey"], "X", "Multiple choice grade"),
}
_OPEN_MARKERS = {"ROUGE2", "BLEU"}

#: Axis limits of the paper's panels: x in FLOPs, y in percent.
XLIM: tuple[float, float] = (10**17.8, 10**24.2)
YLIM_LINEAR: tuple[float, float] = (-3.0, 83.0)

_GAP_DEX = 0.1  # two readings of one model differ by < 0.05 dex; neighbouring models by > 0.19


# --------------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------------
_REQUIRED = ("panel", "task", "metric", "train_flops", "value", "uncertainty")


def _check_frame(data: Any) -> pd.DataFrame:
    _data.require_frame(data, DATASET, _REQUIRED, param="data")
    for col in ("train_flops", "value", "uncertainty"):
        vals = pd.to_numeric(data[col], errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero(~np.isfinite(vals))
        if bad.size:
            raise EmergenceDataError(f"value {data[col].iloc[bad[0]]!r} is not a finite number",
                                     dataset=DATASET, row=int(bad[0]) + 1, column=col)
    flops = data["train_flops"].to_numpy(dtype=float)
    if np.any(flops <= 0):
        i = int(np.flatnonzero(flops <= 0)[0])
        raise EmergenceDataError(f"training FLOPs must be positive, got {flops[i]!r}",
                                 dataset=DATASET, row=i + 1, column="train_flops")
    unknown = sorted(set(data["metric"]) - set(METRICS))
    if unknown:
        i = int(np.flatnonzero(data["metric"].isin(unknown).to_numpy())[0])
        raise EmergenceDataError(f"unknown metric {unknown[0]!r}; expected one of {METRICS}",
                                 dataset=DATASET, row=i + 1, column="metric")
    panels = {p for p, _, _ in PANELS}
    bad_panel = ~data["panel"].isin(panels).to_numpy()
    if bad_panel.any():
        i = int(np.flatnonzero(bad_panel)[0])
        raise EmergenceDataError(f"unknown panel {data['panel'].iloc[i]!r}; expected one of "
                                 f"{sorted(panels)}", dataset=DATASET, row=i + 1, column="panel")
    return data


def load_appendix_f() -> pd.DataFrame:
    """Load ``wei_appendix_f`` and add each point's model position (:func:`assign_positions`).

    Returns
    -------
    pandas.DataFrame
        The dataset's columns (``value`` and ``uncertainty`` in percent, ``train_flops`` in
        FLOPs) plus ``position`` (1-12, the LaMDA model in order of training FLOPs).
    """
    from . import data as _data

    return assign_positions(_data.load(DATASET))


def assign_positions(data: pd.DataFrame) -> pd.DataFrame:
    """Number the twelve LaMDA models 1-12 by training FLOPs, panel by panel.

    The digitized x positions of one model agree across series to a few hundredths of a dex,
    while neighbouring models are at least 0.19 dex apart, so the readings of a panel fall into
    clusters separated by gaps larger than 0.1 dex; cluster ``k`` (by increasing FLOPs) is
    model ``k``.

    Parameters
    ----------
    data : pandas.DataFrame
        Rows of ``wei_appendix_f`` (columns ``panel``, ``task``, ``metric``, ``train_flops``,
        ``value``, ``uncertainty``).

    Returns
    -------
    pandas.DataFrame
        A copy with an integer column ``position`` (1 = smallest model).

    Raises
    ------
    EmergenceDataError
        A panel does not have exactly :data:`N_MODELS` clusters, or one series has two
        readings of the same model (the message names the row).
    """
    data = _check_frame(data).copy()
    log_x = np.log10(data["train_flops"].to_numpy(dtype=float))
    position = np.zeros(len(data), dtype=int)
    for panel in sorted(set(data["panel"])):
        idx = np.flatnonzero((data["panel"] == panel).to_numpy())
        order = idx[np.argsort(log_x[idx], kind="stable")]
        starts = np.concatenate([[True], np.diff(log_x[order]) > _GAP_DEX])
        cluster = np.cumsum(starts)
        if cluster[-1] != N_MODELS:
            raise EmergenceDataError(f"panel {panel}: the training FLOPs fall into "
                                     f"{cluster[-1]} groups, expected one per LaMDA model "
                                     f"({N_MODELS})", dataset=DATASET, column="train_flops")
        position[order] = cluster
    data["position"] = position
    dup = data.duplicated(["panel", "metric", "position"], keep="first").to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise EmergenceDataError(
            f"panel {data['panel'].iloc[i]}, {data['metric'].iloc[i]}: two readings of LaMDA "
            f"model {position[i]}", dataset=DATASET, row=i + 1, column="train_flops")
    return data


def _positions(data: pd.DataFrame | None) -> pd.DataFrame:
    if data is None:
        return load_appendix_f()
    if isinstance(data, pd.DataFrame) and "position" in data.columns:
        return _check_frame(data)
    return assign_positions(data)


def _ranges(positions: list[int]) -> str:
    """``[1, 2, 3, 6]`` -> ``"1-3, 6"`` (with an en dash)."""
    parts: list[str] = []
    for p in positions:
        if parts and p == parts[-1][1] + 1:
            parts[-1] = (parts[-1][0], p)
        else:
            parts.append((p, p))
    return ", ".join(f"{a}" if a == b else (f"{a}, {b}" if b == a + 1 else f"{a}\u2013{b}")
                     for a, b in parts)


def missing_series(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which series and models are hidden in the paper's figure, panel by panel.

    Every metric of the legend is expected in every panel except the series that cannot exist
    (:data:`NOT_APPLICABLE`: multiple-choice grade on tasks without answer options); those are
    listed by :func:`not_applicable_series`, not here. Where a series is hidden behind others
    no marker could be read, and the value is absent from the data (not zero).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        ``wei_appendix_f`` rows (loaded when None).

    Returns
    -------
    pandas.DataFrame
        One row per (panel, metric) with at least one model missing: ``panel``, ``task``,
        ``metric``, ``n_visible`` and ``n_missing`` (models), ``missing_positions`` (tuple of
        1-based model positions), ``whole_series`` (bool: no model visible).
    """
    d = _positions(data)
    rows = []
    for panel, task, _ in PANELS:
        sub = d[d["panel"] == panel]
        for metric in METRICS:
            seen = set(sub.loc[sub["metric"] == metric, "position"].astype(int))
            if (panel, metric) in NOT_APPLICABLE and not seen:
                continue
            miss = tuple(p for p in range(1, N_MODELS + 1) if p not in seen)
            if miss:
                rows.append({"panel": panel, "task": task, "metric": metric,
                             "n_visible": len(seen), "n_missing": len(miss),
                             "missing_positions": miss, "whole_series": not seen})
    return pd.DataFrame(rows, columns=["panel", "task", "metric", "n_visible", "n_missing",
                                       "missing_positions", "whole_series"])


def not_applicable_series() -> pd.DataFrame:
    """The (panel, metric) series that do not exist, with the reason (:data:`NOT_APPLICABLE`).

    Returns
    -------
    pandas.DataFrame
        Columns ``panel``, ``task``, ``metric``, ``reason``.
    """
    tasks = {p: t for p, t, _ in PANELS}
    return pd.DataFrame([{"panel": p, "task": tasks[p], "metric": m, "reason": r}
                         for (p, m), r in NOT_APPLICABLE.items()],
                        columns=["panel", "task", "metric", "reason"])


def absent_note(panel: str, data: pd.DataFrame | None = None, width: int = 48) -> str:
    """Text for a panel: which series (and which models) the data lacks, and why.

    Parameters
    ----------
    panel : {"A", "B", "C"}
        The panel.
    data : pandas.DataFrame, optional
        ``wei_appendix_f`` rows (loaded when None).
    width : int
        Wrap the text at this many characters per line (>= 20).

    Returns
    -------
    str
        For example ``"Hidden in the paper's figure, so absent here: Exact match, ROUGE1 (all
        models); ROUGE2 models 3, 4, 7; ... No MC grade: the task has no answer options."``,
        wrapped; ``"All eight series visible."`` when nothing is missing.
    """
    if panel not in {p for p, _, _ in PANELS}:
        raise EmergenceInputError(f"panel: must be one of {[p for p, _, _ in PANELS]}, "
                                  f"got {panel!r}")
    if isinstance(width, bool) or not isinstance(width, int) or width < 20:
        raise EmergenceInputError(f"width: expected a whole number of characters >= 20, got "
                                  f"{width!r}")
    miss = missing_series(data)
    miss = miss[miss["panel"] == panel]
    na = [(m, r) for (p, m), r in NOT_APPLICABLE.items() if p == panel]
    na_text = " ".join(f"No {SHORT_NAMES[m]}: {r}." for m, r in na)
    if miss.empty:
        return textwrap.fill(na_text, width=width) if na else "All eight series visible."
    whole = [SHORT_NAMES[m] for m in miss.loc[miss["whole_series"], "metric"]]
    parts = []
    if whole:
        parts.append(", ".join(whole) + " (all models)")
    for _, r in miss[~miss["whole_series"]].iterrows():
        word = "model" if r["n_missing"] == 1 else "models"
        parts.append(f"{SHORT_NAMES[r['metric']]} {word} {_ranges(list(r['missing_positions']))}")
    text = "Hidden in the paper's figure, so absent here: " + "; ".join(parts) + "."
    if na:
        text += " " + na_text
    return textwrap.fill(text, width=width)


# --------------------------------------------------------------------------------------------
# emergence score (Schaeffer et al. 2023, Eq. 1) and where the rise happens
# --------------------------------------------------------------------------------------------
def emergence_score_many(y: Any) -> np.ndarray:
    """Emergence score (Schaeffer et al. 2023, Eq. 1) of many curves at once (rows of ``y``).

    The formula of :func:`emergence_utils.emergence.emergence_score`, vectorised over curves
    that share their x values (columns already sorted by increasing scale): for each row,
    ``sign(argmax - argmin) * (max - min) / sqrt(median(diff(y) ** 2))``.

    Parameters
    ----------
    y : array_like, shape (n_curves, n_points)
        Scores in any unit, columns in order of increasing scale; ``n_points >= 2``; finite.

    Returns
    -------
    numpy.ndarray, shape (n_curves,)
        Emergence score per row (dimensionless, signed: positive when the best model is larger
        than the worst); 0 for a constant row, +-inf when the median step is 0 but the row
        changes.
    """
    arr = np.asarray(y, dtype=float)
    if arr.ndim != 2 or arr.shape[1] < 2:
        raise EmergenceInputError(f"y: expected shape (n_curves, n_points >= 2), got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise EmergenceInputError("y: every value must be finite")
    # the sign compares the *positions* of the maximum and the minimum (x is sorted)
    sign = np.sign(np.argmax(arr, axis=1) - np.argmin(arr, axis=1)).astype(float)
    spread = arr.max(axis=1) - arr.min(axis=1)
    root_median = np.sqrt(np.median(np.diff(arr, axis=1) ** 2, axis=1))
    zero_step = root_median == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        out = sign * spread / root_median
        out[zero_step] = sign[zero_step] * np.inf  # sign 0 only for a constant row (set next)
    out[spread == 0] = 0.0
    return out


def pre_jump_slope(train_flops: Any, values: Any, n_last: int = 2) -> float:
    """Least-squares slope of a scaling curve before its last ``n_last`` models.

    Sort the points by training FLOPs, drop the ``n_last`` largest models and fit a straight
    line to the rest: value against log10(FLOPs). A slope clearly above 0 means the metric
    was already rising before the jump at the end.

    Parameters
    ----------
    train_flops : array_like
        Training compute of each model, in FLOPs (> 0); any order.
    values : array_like
        The metric of each model, in percent (0-100).
    n_last : int
        How many of the largest models to leave out (>= 0).

    Returns
    -------
    float
        Slope in **percent points per decade** of training FLOPs. Needs at least two points
        after dropping.
    """
    x = np.asarray(train_flops, dtype=float).ravel()
    y = np.asarray(values, dtype=float).ravel()
    if x.shape != y.shape:
        raise EmergenceInputError(f"values: has {y.size} entries but train_flops has {x.size}")
    if not (np.all(np.isfinite(x)) and np.all(x > 0)):
        raise EmergenceInputError("train_flops: every value must be a positive finite number")
    if not np.all(np.isfinite(y)):
        raise EmergenceInputError("values: every value must be finite")
    if isinstance(n_last, bool) or not isinstance(n_last, int | np.integer) or n_last < 0:
        raise EmergenceInputError(f"n_last: expected a whole number >= 0, got {n_last!r}")
    order = np.argsort(x, kind="stable")
    keep = order[: x.size - int(n_last)]
    if keep.size < 2:
        raise EmergenceInputError(f"n_last: leaves {keep.size} point(s); the slope needs two")
    lx = np.log10(x[keep])
    if np.ptp(lx) == 0:
        raise EmergenceInputError("train_flops: the points left all have the same FLOPs")
    return float(np.polyfit(lx, y[keep], 1)[0])


def emergence_score_table(data: pd.DataFrame | None = None, *, n_draws: int = 400,
                          seed: int = 0) -> pd.DataFrame:
    """Emergence score of every digitized series, with its sensitivity to reading error.

    For each (panel, metric) series: the emergence score ``S`` of Schaeffer et al. (2023,
    Eq. 1; :func:`emergence_utils.emergence.emergence_score`, x = training FLOPs) of the values
    as read, and how much ``S`` moves when every reading is shifted by a normal error with its
    stated digitization uncertainty (16th and 84th percentile over ``n_draws`` draws). This
    range is a sensitivity check of the reading, not a confidence interval for the paper's
    numbers. Also where the rise happens: its share in the last two steps and the slope before
    them.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        ``wei_appendix_f`` rows (loaded when None).
    n_draws : int
        Simulated re-readings per series (>= 10).
    seed : int
        Seed of the random re-readings.

    Returns
    -------
    pandas.DataFrame
        One row per series present, in panel and legend order: ``panel``, ``task``,
        ``metric``, ``n_points`` (models visible, of :data:`N_MODELS`), ``complete`` (all
        visible), ``first`` and ``last`` (value at the smallest and largest visible model,
        percent), ``rise`` (largest minus smallest value, percent points), ``noise`` (median
        reading uncertainty, percent points), ``flat`` (rise below twice the noise: the series
        does not change beyond reading error, and ``S`` only measures noise),
        ``emergence_score`` (as read), ``s_low``, ``s_high`` (16th and 84th percentile when
        re-read; dimensionless), ``last_two_share`` (the change in the last two steps, from
        model 10 to model 12, as a fraction of the change from the smallest to the largest
        visible model; NaN unless models 10-12 are visible) with ``share_low`` and
        ``share_high`` (re-read percentiles), ``pre_rise`` (model 10 minus the smallest
        visible model, percent points; NaN unless model 10 is visible), ``pre_slope`` and
        ``last_slope`` (percent points per decade of FLOPs: :func:`pre_jump_slope` over the
        visible models up to model 10, and the straight slope from model 10 to model 12; NaN
        when those models are not visible), and ``rises_before`` (``pre_rise`` above twice the
        noise: the metric already rose before the last two steps).

    Notes
    -----
    ``S`` divides the whole range by the typical step between neighbouring models. For a
    curve that is flat and then jumps, the typical step is a step of the flat part, so ``S``
    as read depends on how precisely the near-0 markers were read (flat steps of a few
    hundredths to a few tenths of a percent point, about the size of the stated uncertainty:
    0.13 points for a clean marker, calibrated against published values, and 0.67 to 2.3 points
    for a partly hidden one); re-reading with that uncertainty makes the flat steps larger and
    ``S`` much smaller. The last-two-steps share
    does not have this problem. For reference, a rise in 11 equal steps (12 models) has
    ``S = 11`` and a last-two-steps share of 2/11 = 0.18.
    """
    from .emergence import emergence_score

    if isinstance(n_draws, bool) or not isinstance(n_draws, int) or n_draws < 10:
        raise EmergenceInputError(f"n_draws: expected a whole number >= 10, got {n_draws!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise EmergenceInputError(f"seed: expected an int, got {seed!r}")
    d = _positions(data)
    rng = np.random.default_rng(seed)
    rows = []
    for panel, task, _ in PANELS:
        for metric in METRICS:
            s = d[(d["panel"] == panel) & (d["metric"] == metric)].sort_values("train_flops")
            if s.empty:
                continue
            x = s["train_flops"].to_numpy(dtype=float)
            y = s["value"].to_numpy(dtype=float)
            unc = s["uncertainty"].to_numpy(dtype=float)
            pos = s["position"].to_numpy(dtype=int)
            rise = float(y.max() - y.min())
            noise = float(np.median(unc))
            reread = y + rng.normal(size=(n_draws, y.size)) * unc
            if len(s) >= 2:
                score = emergence_score(x, y)
                lo, hi = (float(v) for v in np.percentile(emergence_score_many(reread),
                                                          [16, 84]))
            else:
                score = lo = hi = math.nan
            share = s_lo = s_hi = math.nan
            if {10, 11, 12} <= set(pos.tolist()) and y[-1] != y[0]:
                # the change from model 10 to model 12 over the change from the smallest to the
                # largest visible model (endpoints, not max - min, which noise inflates)
                i10 = int(np.flatnonzero(pos == 10)[0])
                share = float((y[-1] - y[i10]) / (y[-1] - y[0]))
                with np.errstate(divide="ignore", invalid="ignore"):
                    shares = (reread[:, -1] - reread[:, i10]) / (reread[:, -1] - reread[:, 0])
                s_lo, s_hi = (float(v) for v in np.nanpercentile(shares, [16, 84]))
            pre_rise = pre_slope = last_slope = math.nan
            if 10 in set(pos.tolist()):
                i10 = int(np.flatnonzero(pos == 10)[0])
                if i10 >= 1:
                    pre_rise = float(y[i10] - y[0])
                    pre_slope = pre_jump_slope(x[: i10 + 1], y[: i10 + 1], n_last=0)
                if pos[-1] == 12:
                    last_slope = float((y[-1] - y[i10]) / np.log10(x[-1] / x[i10]))
            rows.append({"panel": panel, "task": task, "metric": metric, "n_points": len(s),
                         "complete": len(s) == N_MODELS, "first": float(y[0]),
                         "last": float(y[-1]), "rise": rise, "noise": noise,
                         "flat": rise < 2 * noise, "emergence_score": float(score),
                         "s_low": lo, "s_high": hi, "last_two_share": share,
                         "share_low": s_lo, "share_high": s_hi, "pre_rise": pre_rise,
                         "pre_slope": pre_slope, "last_slope": last_slope,
                         "rises_before": bool(pre_rise > 2 * noise)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# the figure and its explorer
# --------------------------------------------------------------------------------------------
@dataclass
class AppendixFExplorer:
    """A built Appendix F figure: the figure, its artists and the in-place ``update`` function.

    ``update(metric, uncertainty)`` changes the artists and returns a caption;
    ``alt(**same)`` returns alt text; ``defaults`` holds the starting values; ``state`` records
    what the last update showed. ``artists["series"][(panel, metric)]`` holds the artists of
    one series (``"markers"``, ``"line"``, ``"errorbars"``: lists of matplotlib artists);
    ``artists["axes"][panel]`` the axes, ``artists["info"][panel]`` the text that reports the
    selected metric, ``artists["absent"][panel]`` the note on missing series.
    """

    fig: Figure
    artists: dict[str, Any]
    update: Callable[..., str]
    alt: Callable[..., str]
    defaults: dict[str, Any]
    table: pd.DataFrame
    state: dict[str, Any] = field(default_factory=dict)


#: Choices of the metric selector: every metric, or one highlighted.
ALL = "all metrics"


def _restyle(artists: dict[str, list[Any]], st: FamilyStyle, metric: str) -> None:
    for line in artists["line"]:
        line.set_color(st.color)
    for art in artists["errorbars"]:
        art.set_color(st.color)
    for mk in artists["markers"]:
        mk.set_marker(st.marker)
        mk.set_color(st.color)
        mk.set_markeredgecolor(st.color)
        mk.set_markerfacecolor("white" if metric in _OPEN_MARKERS else st.color)
        mk.set_markeredgewidth(1.4 if metric in _OPEN_MARKERS or st.marker == "x" else 0.6)


def _draw_series(ax: Any, sub: pd.DataFrame, metric: str) -> dict[str, list[Any]]:
    """Draw one metric's series with plotting.emergence_plot and restyle it by metric."""
    from .plotting import emergence_plot

    before_points = list(getattr(ax, "_emergence_points", []))
    n_lines, n_coll = len(ax.lines), len(ax.collections)
    emergence_plot(sub, ax=ax, family_col="metric", families=[metric], yerr="uncertainty",
                   legend=False, xlabel="", connect=True)
    ax._emergence_points = before_points + ax._emergence_points
    new_lines = ax.lines[n_lines:]
    markers = [ln for ln in new_lines if ln.get_label() == metric]
    caps = [ln for ln in new_lines if ln not in markers and ln.get_marker() not in (None, "None", "")]
    line = [ln for ln in new_lines if ln not in markers and ln not in caps]
    # a connecting line must not bridge models that are missing from the data: break it there
    s = sub.sort_values("train_flops")
    pos = s["position"].to_numpy(dtype=int)
    xs, ys = s["train_flops"].to_numpy(dtype=float), s["value"].to_numpy(dtype=float)
    gap = np.flatnonzero(np.diff(pos) > 1) + 1
    for ln in line:
        ln.set_data(np.insert(xs, gap, np.nan), np.insert(ys, gap, np.nan))
    arts = {"markers": markers, "line": line,
            "errorbars": [*caps, *ax.collections[n_coll:]]}
    _restyle(arts, METRIC_STYLES[metric], metric)
    return arts


def _flops_label(x: float, pos: int | None = None) -> str:
    """Tick label ``1e18``-style FLOPs as plain text (cheaper to draw than mathtext)."""
    e = math.log10(x) if x > 0 else math.nan
    return f"1e{round(e)}" if math.isfinite(e) and abs(e - round(e)) < 1e-9 else ""


def _below_xlabel() -> float:
    """Distance in points from the bottom of an axes to below its x label (current style)."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    rc = mpl.rcParams
    tick_pt = FontProperties(size=rc["xtick.labelsize"]).get_size_in_points()
    label_pt = FontProperties(size=rc["axes.labelsize"]).get_size_in_points()
    return (rc["xtick.major.size"] + rc["xtick.major.pad"] + 1.3 * tick_pt
            + rc["axes.labelpad"] + 1.3 * label_pt + 2.0)


def _info_text(row: pd.Series | None, metric: str, panel: str | None = None) -> str:
    """What the info box of a panel says about the selected metric."""
    if metric == ALL:
        return ""
    if row is None:
        if panel is not None and (panel, metric) in NOT_APPLICABLE:
            return f"{SHORT_NAMES[metric]}: does not exist here\n({NOT_APPLICABLE[(panel, metric)]})"
        return f"{SHORT_NAMES[metric]}: hidden in the paper's\nfigure, so absent here"
    head = f"{SHORT_NAMES[metric]}: {row['n_points']} of {N_MODELS} models visible"
    if row["flat"]:
        return (head + f"\nflat within reading noise: rise {row['rise']:.1f} pp\n"
                f"< 2 \u00d7 {row['noise']:.1f} pp, so S means nothing")
    lines = [head]
    if np.isfinite(row["last_two_share"]):
        lines.append(f"last two steps: {100 * row['last_two_share']:.0f}% of the rise "
                     f"({100 * row['share_low']:.0f}\u2013{100 * row['share_high']:.0f}%)")
    else:
        lines.append("last two steps: model 10 not visible")
    if np.isfinite(row["pre_rise"]):
        lines.append(f"up to model 10: {row['pre_rise']:+.1f} pp, "
                     f"{row['pre_slope']:.1f} pp/decade")
    lines.append(f"S = {row['emergence_score']:.0f} as read "
                 f"({row['s_low']:.0f}\u2013{row['s_high']:.0f} re-read)")
    return "\n".join(lines)


class _Picture(Artist):
    """An RGBA picture the size of the figure (bottom row first), composited at its origin.

    Unlike a FigureImage it hands its pixels to the renderer as they are (no resampling, no
    masked arrays), which makes it almost free to draw; it draws nothing when the renderer's
    canvas has another size (another dpi), where it would not fit.
    """

    def __init__(self, rgba: np.ndarray) -> None:
        super().__init__()
        self.rgba = rgba
        self.set_zorder(10)

    def set_data(self, rgba: np.ndarray) -> None:
        self.rgba = rgba
        self.stale = True

    def draw(self, renderer: Any) -> None:
        if not self.get_visible():
            return
        width, height = renderer.get_canvas_width_height()
        if (int(round(height)), int(round(width))) != self.rgba.shape[:2]:
            return
        gc = renderer.new_gc()
        renderer.draw_image(gc, 0, 0, self.rgba)
        gc.restore()
        self.stale = False


class _TextOverlay:
    """Text that never changes between slider moves, drawn once and shown as one picture.

    Drawing text is most of the cost of rendering this figure (tick labels, titles, legend,
    notes: about a thousand glyphs), and none of it changes when the metric selection or the
    error bars change. So the figure is rendered twice, with and without that text; the pixels
    that differ are kept in a transparent picture the size of the figure, drawn on top, and the
    text artists themselves are hidden. The text lies outside the axes, on the white figure
    background, so the composite is pixel for pixel the same at the figure's dpi. ``savefig``
    (used for any other dpi, and for tight bounding boxes) draws the real text instead. If the
    figure is resized, the picture no longer fits and is skipped, and the hidden text is
    missing: call :meth:`build` again, or use ``savefig``.
    """

    def __init__(self, fig: Figure, axes: list[Any], texts: list[Any]) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.fig, self.axes, self.texts = fig, axes, texts
        self.canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        self.tick_params = [
            {k: v for k, v in ax.xaxis.get_tick_params(which="major").items()
             if k == "labelbottom"}
            | {k: v for k, v in ax.yaxis.get_tick_params(which="major").items()
               if k == "labelleft"} for ax in axes]
        width, height = (int(round(v)) for v in fig.bbox.size)
        self.image = _Picture(np.zeros((height, width, 4), dtype=np.uint8))
        fig.add_artist(self.image)
        # savefig (any dpi, tight bounding box) draws the real text instead of the picture
        plain_savefig = fig.savefig

        def savefig(*args: Any, **kwargs: Any) -> Any:
            self.image.set_visible(False)
            self._text_visible(True)
            try:
                return plain_savefig(*args, **kwargs)
            finally:
                self._text_visible(False)
                self.image.set_visible(True)

        fig.savefig = savefig
        self.build()

    def _text_visible(self, on: bool) -> None:
        for t in self.texts:
            t.set_visible(on)
        for ax, params in zip(self.axes, self.tick_params, strict=True):
            ax.tick_params(**({k: v and on for k, v in params.items()}
                              if not on else params))

    def _render(self) -> np.ndarray:
        self.canvas.draw()
        return np.asarray(self.canvas.buffer_rgba()).copy()

    def build(self) -> None:
        """Render with and without the text and keep the difference as the picture."""
        self.image.set_visible(False)
        self._text_visible(True)
        with_text = self._render()
        self._text_visible(False)
        without = self._render()
        self.image.set_visible(True)
        overlay = with_text.copy()
        overlay[..., 3] = np.where(np.any(with_text != without, axis=2), 255, 0)
        # the renderer takes the rows bottom first
        self.image.set_data(np.ascontiguousarray(overlay[::-1]))


def build_appendix_f_explorer(data: pd.DataFrame | None = None, *, metric: str = ALL,
                              uncertainty: bool = True,
                              figsize: tuple[float, float] | None = None,
                              n_draws: int = 400, seed: int = 0,
                              fast_text: bool = True) -> AppendixFExplorer:
    """Build the three-panel Appendix F figure once (pure; a static figure at these values).

    Each panel is one task; each series one metric, drawn with
    :func:`emergence_utils.plotting.emergence_plot` (error bars: digitization uncertainty) and
    coloured by :data:`METRIC_STYLES`; axes as in the paper (training FLOPs on a log axis,
    evaluation metric in percent on a linear axis from 0 to 80). Under each panel a note lists
    the series and models that are hidden in the paper's figure and therefore absent. A
    connecting line is broken where a model is missing. The layout is solved once (constrained
    layout) and then frozen, so updates only change artists.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        ``wei_appendix_f`` rows (loaded when None).
    metric : str
        :data:`ALL` or one of :data:`METRICS`: the series to highlight (the others fade), with
        its numbers (:func:`emergence_score_table`) written in each panel.
    uncertainty : bool
        Show the digitization uncertainty as error bars.
    figsize : (float, float), optional
        Figure size in inches; default 12 x 4.9 at a 10-point base font, scaled with the
        style's ``font.size`` (the seminar style's 16-point text gets a larger figure).
    n_draws, seed : int
        Passed to :func:`emergence_score_table`.
    fast_text : bool
        Draw the text that no control changes (titles, tick labels, legend, notes) once, as a
        picture (:class:`_TextOverlay`), so that a control change renders in about half the
        time. The figure must then keep its size; ``savefig`` still draws real text.

    Returns
    -------
    AppendixFExplorer
    """
    import matplotlib as mpl

    from .plotting import new_figure, scale_label

    if figsize is None:
        scale = max(1.0, float(mpl.rcParams["font.size"]) / 10.0)
        figsize = (12.0 * scale, 4.9 * scale)
    d = _positions(data)
    table = emergence_score_table(d, n_draws=n_draws, seed=seed)
    fig, axes = new_figure(1, 3, figsize=figsize, sharey=True)
    series: dict[tuple[str, str], dict[str, list[Any]]] = {}
    panel_axes, info, absent = {}, {}, {}
    for ax, (panel, _task, title) in zip(axes[0], PANELS, strict=True):
        panel_axes[panel] = ax
        sub = d[d["panel"] == panel]
        for m in METRICS:
            rows = sub[sub["metric"] == m]
            if not rows.empty:
                series[(panel, m)] = _draw_series(ax, rows, m)
        # an explicit y: the title is not re-placed on every draw (and not moved while hidden)
        ax.set_title(title, loc="left", fontweight="bold", y=1.0)
        ax.set_xlabel(scale_label("train_flops"))
        ax.set_xlim(*XLIM)
        ax.set_ylim(*YLIM_LINEAR)
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_formatter(FuncFormatter(_flops_label))
        info[panel] = ax.text(0.03, 0.97, "", transform=ax.transAxes, va="top", ha="left",
                              fontsize="small", linespacing=1.3, zorder=6,
                              bbox={"boxstyle": "round", "fc": "white", "ec": "0.7",
                                    "alpha": 0.9})
        info[panel].set_in_layout(False)
        absent[panel] = ax.annotate(absent_note(panel, d), xy=(0.0, 0.0),
                                    xycoords="axes fraction", xytext=(0, -_below_xlabel()),
                                    textcoords="offset points", va="top", ha="left",
                                    fontsize="small", color="#444444")
    axes[0, 0].set_ylabel("Evaluation metric (%)")
    handles = [Line2D([], [], color=METRIC_STYLES[m].color, marker=METRIC_STYLES[m].marker,
                      mfc="white" if m in _OPEN_MARKERS else METRIC_STYLES[m].color,
                      mec=METRIC_STYLES[m].color, label=m) for m in METRICS]
    fig.legend(handles=handles, loc="outside right center", fontsize="small",
               title="LaMDA, scored with", title_fontsize="small")
    fig.suptitle("Wei et al. (2022) Appendix F: the same LaMDA models under partial-credit "
                 "metrics (digitized from the paper's figure)", fontsize="medium")
    # solve the layout once, then stop re-solving it on every draw
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    axes_list = list(panel_axes.values())
    overlay = None if not fast_text else _TextOverlay(fig, axes_list, [
        fig._suptitle, fig.legends[0], *absent.values(),
        *[t for ax in axes_list for t in (ax._left_title, ax.xaxis.label, ax.yaxis.label)]])
    state: dict[str, Any] = {}
    by_key = {(r.panel, r.metric): pd.Series(r._asdict())
              for r in table.itertuples(index=False)}

    def _check(metric: str, uncertainty: bool) -> None:
        if metric != ALL and metric not in METRICS:
            raise EmergenceInputError(f"metric: must be {ALL!r} or one of {METRICS}, "
                                      f"got {metric!r}")
        if not isinstance(uncertainty, bool | np.bool_):
            raise EmergenceInputError(f"uncertainty: expected True or False, got {uncertainty!r}")

    def caption(metric: str) -> str:
        if metric == ALL:
            return ("All metrics shown. Select one to see, in each panel, how much of its rise "
                    "comes in the last two steps, how much it rose before, and its emergence "
                    "score S.")
        parts = []
        for panel, _task, _title in PANELS:
            r = by_key.get((panel, metric))
            if r is None:
                if (panel, metric) in NOT_APPLICABLE:
                    parts.append(f"{panel}: does not exist ({NOT_APPLICABLE[(panel, metric)]})")
                else:
                    parts.append(f"{panel}: not visible in the paper's figure")
            elif r["flat"]:
                parts.append(f"{panel}: flat within reading noise")
            else:
                bits = []
                if np.isfinite(r["last_two_share"]):
                    bits.append(f"{100 * r['last_two_share']:.0f}% of the rise in the last two "
                                "steps")
                if np.isfinite(r["pre_rise"]):
                    bits.append(f"{r['pre_rise']:+.1f} pp before them")
                bits.append(f"S = {r['emergence_score']:.0f} as read ({r['s_low']:.0f} to "
                            f"{r['s_high']:.0f} re-read)")
                parts.append(f"{panel}: " + ", ".join(bits))
        return f"{metric}: " + "; ".join(parts) + "."

    def update(metric: str = metric, uncertainty: bool = uncertainty) -> str:
        _check(metric, uncertainty)
        for (_panel, m), arts in series.items():
            on = metric in (ALL, m)
            alpha = 1.0 if on else 0.12
            for mk in arts["markers"]:
                mk.set_alpha(alpha)
                mk.set_zorder(4 if on and metric != ALL else 3)
            for ln in arts["line"]:
                ln.set_alpha(0.8 * alpha)
            for eb in arts["errorbars"]:
                eb.set_visible(bool(uncertainty) and on)
        for panel in panel_axes:
            info[panel].set_text(_info_text(by_key.get((panel, metric)), metric, panel))
            info[panel].set_visible(metric != ALL)
        state.update(metric=metric, uncertainty=bool(uncertainty))
        return caption(metric)

    def alt(metric: str = metric, uncertainty: bool = uncertainty) -> str:
        _check(metric, uncertainty)
        focus = "all eight metrics" if metric == ALL else f"{metric} highlighted"
        return ("Three panels (modified arithmetic, IPA transliterate, periodic elements) of "
                "evaluation metric in percent against training FLOPs from 1e18 to 1e24 for the "
                f"twelve LaMDA models, {focus}"
                f"{', with digitization error bars' if uncertainty else ''}. Most series stay "
                "near 0 up to about 1e22 FLOPs and rise steeply at the two largest models; "
                "BLEURT starts higher (6 to 17 percent) but also jumps at the end. On IPA "
                "transliterate, ROUGE1, ROUGE L-Sum and BLEURT already rise over the smaller "
                "models before the jump. "
                + caption(metric))

    defaults = {"metric": metric, "uncertainty": uncertainty}
    artists = {"axes": panel_axes, "series": series, "info": info, "absent": absent,
               "legend": fig.legends[0], "overlay": overlay}
    update(**defaults)
    return AppendixFExplorer(fig=fig, artists=artists, update=update, alt=alt,
                             defaults=defaults, table=table, state=state)


def plot_appendix_f(data: pd.DataFrame | None = None, *, metric: str = ALL,
                    uncertainty: bool = True) -> Figure:
    """The Appendix F figure as a plain static figure (see :func:`build_appendix_f_explorer`).

    All text is drawn as text (no picture), so the figure may be resized or saved freely.
    """
    return build_appendix_f_explorer(data, metric=metric, uncertainty=uncertainty,
                                     fast_text=False).fig


def _controls(defaults: dict[str, Any]) -> dict[str, Any]:
    import ipywidgets as w

    style = {"description_width": "initial"}
    return {
        "metric": w.Dropdown(options=[ALL, *METRICS], value=defaults["metric"],
                             description="metric", style=style),
        "uncertainty": w.Checkbox(value=defaults["uncertainty"],
                                  description="digitization uncertainty", style=style),
    }


def appendix_f_widget(*, metric: str = ALL, uncertainty: bool = True,
                        prompt: str | None = None):
    """Interactive Appendix F figure: a metric selector and error bars on/off.

    Returns
    -------
    emergence_utils.widgets.LiveFigure
        Display it as the last expression of a cell; ``.explorer`` holds the
        :class:`AppendixFExplorer` (its ``table`` is :func:`emergence_score_table`).
    """
    from .widgets import LiveFigure

    ex = build_appendix_f_explorer(metric=metric, uncertainty=uncertainty)
    # 16 states (metric x error bars): all drawn when the widget is built
    live = LiveFigure(ex.fig, ex.update, _controls(ex.defaults), alt=ex.alt, prompt=prompt,
                      prerender=True)
    live.explorer = ex
    return live


def benchmark_explorer(n_moves: int = 30) -> dict[str, float]:
    """Time ``n_moves`` control changes of :func:`appendix_f_widget` (for ``benchmarks/``).

    Returns
    -------
    dict of str to float
        ``"build_ms"``, ``"update_median_ms"``, ``"refresh_median_ms"``, ``"refresh_max_ms"``,
        ``"refresh_cpu_median_ms"`` (process CPU time; milliseconds) and ``"n_moves"``.
    """
    from .widgets import LiveFigure

    if isinstance(n_moves, bool) or not isinstance(n_moves, int) or n_moves < 1:
        raise EmergenceInputError(f"n_moves: expected a whole number >= 1, got {n_moves!r}")
    t0 = time.perf_counter()
    ex = build_appendix_f_explorer()
    build_ms = (time.perf_counter() - t0) * 1e3
    update_times: list[float] = []

    def timed(**values: Any) -> str:
        t = time.perf_counter()
        out = ex.update(**values)
        update_times.append(time.perf_counter() - t)
        return out

    live = LiveFigure(ex.fig, timed, _controls(ex.defaults), alt=ex.alt)
    plan = [("metric", m) for m in (*METRICS, ALL)] + [("uncertainty", False),
                                                       ("uncertainty", True)]
    refresh: list[float] = []
    cpu: list[float] = []
    for i in range(n_moves):
        name, value = plan[i % len(plan)]
        t, c = time.perf_counter(), time.process_time()
        live.set(**{name: value})
        refresh.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    up = np.array(update_times[-n_moves:]) * 1e3
    rf = np.array(refresh) * 1e3
    return {"build_ms": build_ms, "update_median_ms": float(np.median(up)),
            "refresh_median_ms": float(np.median(rf)), "refresh_max_ms": float(rf.max()),
            "refresh_cpu_median_ms": float(np.median(cpu) * 1e3), "n_moves": float(n_moves)}
