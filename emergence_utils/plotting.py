"""Paper-style emergence plots from tidy frames.

One function, :func:`emergence_plot`, draws any scaling curve in the collection's visual language
(fixed colour and marker per model family, dashed random baseline, optional error bars from the
digitization uncertainty, log or linear axes). Points that a log axis cannot show (zero or
negative values) are never dropped silently: the axes carry a note that counts them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .errors import EmergenceInputError
from .style import BASELINE_STYLE, family_style

__all__ = ["new_figure", "emergence_plot", "set_scales", "scale_label", "X_LABELS",
           "fig2_figure", "FIG2_PANELS", "FIG2_LIMITS", "FIG2_FAMILIES", "legend_follower"]

#: Axis labels for the usual x columns (units in brackets).
X_LABELS = {
    "train_flops": "Training FLOPs",
    "params": "Parameters",
    "train_tokens": "Training tokens",
}

_VALID_SCALES = ("log", "linear")


def scale_label(column: str) -> str:
    """Human label of an x column (falls back to the column name)."""
    return X_LABELS.get(column, column.replace("_", " "))


def new_figure(nrows: int = 1, ncols: int = 1, *, figsize=None, **kw) -> tuple[Figure, np.ndarray]:
    """Create a :class:`~matplotlib.figure.Figure` (not registered with pyplot) and its axes.

    Returns the figure and a 2-D array of axes (``squeeze=False``).
    """
    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, **kw)
    return fig, axes


def _quiet_minor_labels(ax: Axes) -> None:
    """No labels on minor ticks of log axes: they are rarely readable and costly to draw."""
    from matplotlib.ticker import NullFormatter

    for axis, scale in ((ax.xaxis, ax.get_xscale()), (ax.yaxis, ax.get_yscale())):
        if scale == "log":
            axis.set_minor_formatter(NullFormatter())


def _check_scale(name: str, value: str) -> None:
    if value not in _VALID_SCALES:
        raise EmergenceInputError(f"{name}: must be 'log' or 'linear', got {value!r}")


def _update_offaxis_note(ax: Axes) -> int:
    """Count plotted points a log axis cannot show and write/clear the note on ``ax``."""
    pts = getattr(ax, "_emergence_points", [])
    n_off = 0
    for xs, ys in pts:
        bad = np.zeros(len(xs), dtype=bool)
        if ax.get_xscale() == "log":
            bad |= ~(xs > 0)
        if ax.get_yscale() == "log":
            bad |= ~(ys > 0)
        n_off += int(bad.sum())
    note = getattr(ax, "_emergence_offaxis_note", None)
    text = (f"{n_off} point{'s' if n_off != 1 else ''} at or below 0 not shown on the log axis"
            if n_off else "")
    if note is None:
        note = ax.text(0.99, 0.01, text, transform=ax.transAxes, ha="right", va="bottom",
                       fontsize="small", color="#444444")
        ax._emergence_offaxis_note = note
    else:
        note.set_text(text)
    return n_off


def set_scales(ax: Axes, xscale: str | None = None, yscale: str | None = None) -> int:
    """Change an emergence plot's axis scales in place and refresh its off-axis note.

    Returns the number of points the new scales cannot show.
    """
    import warnings

    with warnings.catch_warnings():
        # matplotlib warns when a log axis has no positive data; the off-axis note says so.
        warnings.simplefilter("ignore", UserWarning)
        if xscale is not None:
            _check_scale("xscale", xscale)
            ax.set_xscale(xscale)
        if yscale is not None:
            _check_scale("yscale", yscale)
            ax.set_yscale(yscale)
        ax.relim()
        ax.autoscale_view()
    _quiet_minor_labels(ax)
    return _update_offaxis_note(ax)


def emergence_plot(
    data: pd.DataFrame,
    *,
    x: str = "train_flops",
    y: str = "value",
    ax: Axes | None = None,
    xscale: str = "log",
    yscale: str = "linear",
    family_col: str = "model_family",
    yerr: str | None = "uncertainty",
    baseline: float | None = None,
    baseline_family: str = "Random",
    families: Sequence[str] | None = None,
    connect: bool = True,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    legend: bool = True,
    legend_kw: dict | None = None,
) -> Axes:
    """Draw a scaling curve per model family in the collection's visual language.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy rows (see CONTRIBUTING.md): one per model and value. Rows whose family is
        ``baseline_family`` are the random baseline and are drawn as a dashed line, not points.
    x, y : str
        Columns for the axes: ``x`` in its own unit (e.g. training FLOPs, parameters, tokens),
        ``y`` the score (percent or fraction, as in the data).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when None.
    xscale, yscale : {"log", "linear"}
        Axis scales. Points a log axis cannot show are counted in a note on the axes.
    yerr : str or None
        Column with the (digitization) uncertainty, drawn as error bars where present.
    baseline : float, optional
        Random-baseline value; taken from the baseline rows when None (if any).
    families : sequence of str, optional
        Families to draw, in legend order (default: all, in order of appearance).
    connect : bool
        Join each family's points with a thin line, as in Wei et al. (2022).

    Returns
    -------
    matplotlib.axes.Axes
        The axes; ``ax._emergence_points`` keeps the plotted arrays for :func:`set_scales`.

    Raises
    ------
    EmergenceInputError
        Missing columns, or no plottable rows.
    """
    _check_scale("xscale", xscale)
    _check_scale("yscale", yscale)
    if not isinstance(data, pd.DataFrame):
        raise EmergenceInputError("data: expected a pandas DataFrame")
    for col in (x, y, family_col):
        if col not in data.columns:
            raise EmergenceInputError(f"data: missing column {col!r}; has {list(data.columns)}")
    is_base = data[family_col] == baseline_family
    points = data[~is_base]
    if baseline is None and is_base.any():
        vals = pd.to_numeric(data.loc[is_base, y], errors="coerce").dropna().unique()
        if len(vals) > 1:
            raise EmergenceInputError(f"data: {len(vals)} different {baseline_family} baselines in "
                                      "one plot; filter to one task and metric first")
        baseline = float(vals[0]) if len(vals) else None
    points = points[points[x].notna() & points[y].notna()]
    if points.empty:
        raise EmergenceInputError(f"data: no rows with both {x!r} and {y!r} to plot")
    if ax is None:
        _, axes = new_figure()
        ax = axes[0, 0]
    ax._emergence_points = []
    order = list(families) if families is not None else list(dict.fromkeys(points[family_col]))
    for fam in order:
        sub = points[points[family_col] == fam].sort_values(x)
        if sub.empty:
            continue
        st = family_style(fam)
        xs = sub[x].to_numpy(dtype=float)
        ys = sub[y].to_numpy(dtype=float)
        ax._emergence_points.append((xs, ys))
        err = None
        if yerr and yerr in sub.columns:
            e = pd.to_numeric(sub[yerr], errors="coerce").to_numpy(dtype=float)
            if np.isfinite(e).any():
                err = np.where(np.isfinite(e), e, 0.0)
        if connect and len(sub) > 1:
            ax.plot(xs, ys, "-", color=st.color, linewidth=1.2, alpha=0.8)
        if err is not None:
            ax.errorbar(xs, ys, yerr=err, fmt="none", ecolor=st.color, elinewidth=1, capsize=2)
        ax.plot(xs, ys, linestyle="none", marker=st.marker, color=st.color,
                markeredgecolor="white", markeredgewidth=0.6, label=st.label)
    if baseline is not None:
        ax.axhline(baseline, **BASELINE_STYLE)
    ax.set_xscale(xscale)
    ax.set_yscale(yscale)
    _quiet_minor_labels(ax)
    ax.set_xlabel(xlabel if xlabel is not None else scale_label(x))
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    _update_offaxis_note(ax)
    if legend:
        ax.legend(**(legend_kw or {"fontsize": "small"}))
    return ax


#: The eight panels of Wei et al. (2022) Fig. 2, in order: (panel, title, y label).
FIG2_PANELS = [
    ("A", "Mod. arithmetic", "Accuracy (%)"),
    ("B", "IPA transliterate", "BLEU (%)"),
    ("C", "Word unscramble", "Exact match (%)"),
    ("D", "Persian QA", "Exact match (%)"),
    ("E", "TruthfulQA", "Accuracy (%)"),
    ("F", "Grounded mappings", "Accuracy (%)"),
    ("G", "Multi-task NLU", "Accuracy (%)"),
    ("H", "Word in context", "Accuracy (%)"),
]

#: Axis limits of the paper's panels (top row 0-50 %, bottom row 0-70 %), used on linear axes.
FIG2_LIMITS = {
    "top": {"x": (10**17.7, 10**24.4), "y": (-2.5, 52.0)},
    "bottom": {"x": (10**19.6, 10**24.6), "y": (-3.0, 72.0)},
}

#: Legend order of the paper.
FIG2_FAMILIES = ["LaMDA", "GPT-3", "Gopher", "Chinchilla", "PaLM"]


def fig2_figure(data: pd.DataFrame | None = None, *, xscale: str = "log",
                yscale: str = "linear", errorbars: bool = True,
                figsize=(15, 7)) -> Figure:
    """Reproduce Wei et al. (2022) Fig. 2 as eight small multiples from ``data/``.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        The ``wei_fig2`` dataset (loaded when None).
    xscale, yscale : {"log", "linear"}
        Axis scales for every panel.
    errorbars : bool
        Draw the digitization uncertainty of digitized points.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; ``fig.panel_axes`` maps panel letters to axes.
    """
    if data is None:
        from . import data as _data

        data = _data.load("wei_fig2")
    fig, axes = new_figure(2, 4, figsize=figsize)
    fig.panel_axes = {}
    seen: dict[str, object] = {}
    for ax, (panel, title, ylabel) in zip(axes.ravel(), FIG2_PANELS, strict=True):
        sub = data[data["panel"] == panel]
        fig.panel_axes[panel] = ax
        if sub.empty:
            ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center")
            continue
        emergence_plot(sub, ax=ax, xscale=xscale, yscale=yscale,
                       yerr="uncertainty" if errorbars else None, families=FIG2_FAMILIES,
                       title=f"({panel}) {title}", ylabel=ylabel, xlabel="", legend=False)
        lim = FIG2_LIMITS["top" if panel in "ABCD" else "bottom"]
        if xscale == "log":
            ax.set_xlim(*lim["x"])
        if yscale == "linear":
            ax.set_ylim(*lim["y"])
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(lab, h)
    for ax in axes[1]:
        ax.set_xlabel("Model scale (training FLOPs)")
    order = [f for f in [*FIG2_FAMILIES, "Random"] if f in seen]
    fig.legend([seen[k] for k in order], order, loc="outside upper center",
               ncols=len(order), fontsize="medium")
    return fig


def legend_follower(legend: Any, handles: Sequence[Any]) -> Callable[[], None]:
    """A function that shows exactly the rows of ``legend`` whose artist is visible.

    Widgets build one legend with every entry they may need (``handles``, in legend order)
    and call the function after changing which artists are visible: a hidden row takes no
    room, since the legend packs only its visible rows, and the legend stays the same artist
    (so a saved picture or blitting background never holds a legend that no longer exists).
    """
    from matplotlib.offsetbox import HPacker, TextArea

    row_of = {}  # legend text -> the packed row (its handle and text)
    for box in legend.findobj(HPacker):
        for child in box.get_children():
            if isinstance(child, TextArea):
                row_of.update({id(t): box for t in child.get_children()})
    entries = [(artist, (handle, text, row_of[id(text)])) for artist, handle, text in
               zip(handles, legend.legend_handles, legend.get_texts(), strict=True)]

    def follow() -> None:
        for artist, parts in entries:
            for part in parts:
                part.set_visible(artist.get_visible())

    return follow
