"""The collection's visual language: one colour and one marker per model family.

Colours are the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies);
markers follow Wei et al. (2022): LaMDA circle, GPT-3 square, Gopher diamond, Chinchilla
triangle, PaLM pentagon. Random baselines are drawn as a dashed grey line. Figures have a white
background so they stay readable in a dark JupyterLab theme.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib as mpl

__all__ = ["FamilyStyle", "FAMILY_STYLES", "BASELINE_STYLE", "family_style", "use", "STYLES",
           "thin_log_ticks", "MINOR_TICK_MAX_DECADES", "SEMINAR_MIN_FONT_PT", "font",
           "figsize"]


@dataclass(frozen=True)
class FamilyStyle:
    """How one model family is drawn: matplotlib colour, marker and a display label."""

    color: str
    marker: str
    label: str


_OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "skyblue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

#: Fixed styles for the families the papers discuss. Keys are matched case-insensitively.
FAMILY_STYLES: dict[str, FamilyStyle] = {
    "LaMDA": FamilyStyle(_OKABE_ITO["blue"], "o", "LaMDA"),
    "GPT-3": FamilyStyle(_OKABE_ITO["vermillion"], "s", "GPT-3"),
    "Gopher": FamilyStyle(_OKABE_ITO["green"], "D", "Gopher"),
    "Chinchilla": FamilyStyle(_OKABE_ITO["orange"], "^", "Chinchilla"),
    "PaLM": FamilyStyle(_OKABE_ITO["purple"], "p", "PaLM"),
    "InstructGPT": FamilyStyle(_OKABE_ITO["skyblue"], "v", "InstructGPT (GPT API)"),
    "UL2": FamilyStyle(_OKABE_ITO["black"], "h", "UL2"),
    "Codex": FamilyStyle(_OKABE_ITO["black"], "X", "Codex"),
    "T5": FamilyStyle(_OKABE_ITO["black"], "P", "T5"),
    "BIG-G": FamilyStyle(_OKABE_ITO["yellow"], "*", "BIG-G"),
    "Tiny MLP": FamilyStyle(_OKABE_ITO["blue"], "o", "tiny MLP (this lab)"),
    # other families named in the papers' tables (Wei Table 1, Chinchilla Table 1, FLAN)
    "cont-PaLM": FamilyStyle(_OKABE_ITO["purple"], "h", "cont-PaLM"),
    "U-PaLM": FamilyStyle(_OKABE_ITO["purple"], "H", "U-PaLM"),
    "FLAN": FamilyStyle(_OKABE_ITO["skyblue"], "<", "FLAN"),
    "MT-NLG": FamilyStyle(_OKABE_ITO["black"], "d", "MT-NLG"),
    "Jurassic": FamilyStyle(_OKABE_ITO["orange"], "8", "Jurassic"),
    "EleutherAI": FamilyStyle(_OKABE_ITO["green"], ">", "EleutherAI"),
    "Anthropic": FamilyStyle(_OKABE_ITO["vermillion"], "P", "Anthropic"),
}

#: Style of the random-baseline line.
BASELINE_STYLE = {"color": "#7f7f7f", "linestyle": "--", "linewidth": 1.5, "label": "Random"}

_FALLBACK_MARKERS = ["o", "s", "D", "^", "p", "v", "h", "<", ">", "P", "X", "*", "d", "8"]
_FALLBACK_COLORS = [_OKABE_ITO[k] for k in
                    ("blue", "vermillion", "green", "orange", "purple", "skyblue", "black", "yellow")]


def family_style(family: str) -> FamilyStyle:
    """Return the fixed style of a model family.

    Families not in :data:`FAMILY_STYLES` (for example the open models of the Observational
    Scaling Laws tables) get a style derived deterministically from their name, so the same
    family always looks the same in every notebook.
    """
    if not isinstance(family, str) or not family:
        from .errors import EmergenceInputError

        raise EmergenceInputError(f"family must be a non-empty string, got {family!r}")
    for key, st in FAMILY_STYLES.items():
        if key.lower() == family.lower():
            return st
    h = sum((i + 1) * ord(c) for i, c in enumerate(family))
    return FamilyStyle(
        _FALLBACK_COLORS[h % len(_FALLBACK_COLORS)],
        _FALLBACK_MARKERS[(h // len(_FALLBACK_COLORS)) % len(_FALLBACK_MARKERS)],
        family,
    )


_BASE = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.bbox": "tight",
    "axes.edgecolor": "black",
    "axes.labelcolor": "black",
    "text.color": "black",
    "xtick.color": "black",
    "ytick.color": "black",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "lines.markersize": 7,
    "font.family": "DejaVu Sans",
}

#: Named styles for :func:`use`.
STYLES: dict[str, dict] = {
    "notebook": {**_BASE, "font.size": 10, "figure.dpi": 90, "figure.figsize": (6.4, 4.2)},
    "seminar": {**_BASE, "font.size": 16, "axes.titlesize": 18, "axes.labelsize": 17,
                "legend.fontsize": 14, "xtick.labelsize": 14, "ytick.labelsize": 14,
                "lines.linewidth": 2.5, "lines.markersize": 11, "figure.dpi": 110,
                "figure.figsize": (10, 6.5)},
    "print": {**_BASE, "font.size": 9, "figure.dpi": 150, "figure.figsize": (6.4, 4.2)},
}


#: Smallest font size (points) of any text in a figure drawn in the seminar style, so that
#: the back row of a lecture hall can read legends, notes and tick labels on a projector.
#: The package never passes a number as a font size: every text uses a size relative to
#: ``font.size`` ("small" = 0.833, "medium" = 1, "large" = 1.2 times it) or an rcParams key,
#: so it grows with the style. At the seminar ``font.size`` of 16 pt, "small" is 13.3 pt;
#: "x-small" (11.1 pt) is too small there and is not used. :func:`font` gives other factors.
SEMINAR_MIN_FONT_PT = 12.0


def font(rel: float = 1.0) -> float:
    """A font size (points) ``rel`` times the active style's ``font.size``.

    For texts that need a size between matplotlib's named relative sizes (a size computed
    here is fixed when the text is created, as every matplotlib font size is).

    Parameters
    ----------
    rel : float
        Factor applied to ``rcParams["font.size"]`` (points); must be positive.
    """
    if not rel > 0:
        from .errors import EmergenceInputError

        raise EmergenceInputError(f"rel must be a positive factor, got {rel!r}")
    return float(mpl.rcParams["font.size"]) * float(rel)


def figsize(width: float, height: float) -> tuple[float, float]:
    """A figure size (inches) given at a 10-point ``font.size``, grown with the active font.

    Multiplied by ``font.size / 10`` when the font is larger (the seminar style: 1.6), never
    shrunk, so that a figure whose texts scale with the font keeps the proportions of text and
    plot of the notebook style (as the styles' own ``figure.figsize`` does) and long titles,
    legends and notes still fit.

    Parameters
    ----------
    width, height : float
        Size in inches at a 10-point font.
    """
    scale = max(1.0, float(mpl.rcParams["font.size"]) / 10.0)
    return width * scale, height * scale


def use(name: str = "notebook") -> None:
    """Apply a named style to matplotlib's global settings.

    Parameters
    ----------
    name : {"notebook", "seminar", "print"}
        ``"seminar"`` enlarges fonts, markers and figures for a projector.
    """
    if name not in STYLES:
        from .errors import EmergenceInputError

        raise EmergenceInputError(f"style name must be one of {sorted(STYLES)}, got {name!r}")
    mpl.rcParams.update(STYLES[name])


#: Log axes that span at least this many decades get no minor ticks (see :func:`thin_log_ticks`).
MINOR_TICK_MAX_DECADES = 2.0


def thin_log_ticks(fig) -> None:
    """No minor ticks on log axes that span many decades, as in Wei et al.'s figures.

    Called before every figure the package renders. On an axis spanning
    :data:`MINOR_TICK_MAX_DECADES` decades or more, the eight minor ticks per decade are too
    dense to read and are the costliest part of drawing a figure; they are removed. Shorter
    log axes keep (or get back) matplotlib's minor ticks, which then carry the only marks
    between powers of ten; on an axis that shows fewer than two powers of ten the minor ticks
    are labelled too (in the style of the major labels), so that the axis can be read.
    """
    import math

    from matplotlib.ticker import (
        LogFormatterSciNotation,
        LogLocator,
        NullFormatter,
        NullLocator,
        ScalarFormatter,
    )

    for ax in fig.axes:
        for axis, scale in ((ax.xaxis, ax.get_xscale()), (ax.yaxis, ax.get_yscale())):
            if scale != "log":
                continue
            lo, hi = sorted(axis.get_view_interval())
            base = getattr(axis.get_transform(), "base", 10.0)
            wide = lo > 0 and math.log10(hi / lo) >= MINOR_TICK_MAX_DECADES
            minor = axis.get_minor_locator()
            if wide and type(minor) is LogLocator:
                axis.set_minor_locator(NullLocator())
                axis._emergence_thinned = True  # so that it can be given back
            elif not wide and getattr(axis, "_emergence_thinned", False) \
                    and isinstance(minor, NullLocator):
                axis.set_minor_locator(LogLocator(base=base, subs="auto"))
                axis._emergence_thinned = False
            # fewer than two powers of ten in view: label the minor ticks
            few = lo > 0 and math.floor(math.log(hi, base)) - math.ceil(math.log(lo, base)) < 1
            fmt = axis.get_minor_formatter()
            if few and type(fmt) is NullFormatter:
                major = axis.get_major_formatter()
                axis.set_minor_formatter(ScalarFormatter() if isinstance(major, ScalarFormatter)
                                         else LogFormatterSciNotation(base, labelOnlyBase=False))
                axis._emergence_minor_labels = True
            elif not few and getattr(axis, "_emergence_minor_labels", False):
                axis.set_minor_formatter(NullFormatter())
                axis._emergence_minor_labels = False
