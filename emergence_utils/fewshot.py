"""Few-shot emergence: Wei et al. (2022) Fig. 2, its definition, and emergence scores.

Everything notebook 03 computes: an explorer of the eight Fig. 2 panels, Holt's (2023) piecewise
definition fitted by hand (sliders) and automatically, emergence scores on every real curve,
Wei Table 1 as a chart, and the same BIG-bench tasks on today's open models (Observational
Scaling Laws data).

Units: scores are percent (as in the paper) unless a column says ``fraction``; scale is training
FLOPs.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from . import data as _data
from . import emergence as em
from .errors import EmergenceInputError
from .plotting import FIG2_FAMILIES, FIG2_PANELS, legend_follower, new_figure, set_scales
from .style import BASELINE_STYLE, family_style

__all__ = [
    "PanelInfo", "panel_info", "fig2_curve", "fig2_explorer", "definition_widget",
    "RISE_MARGIN", "rises_above_chance", "fig2_alt", "fig2_provenance", "wic_settings",
    "fit_all_curves", "score_table", "BINOMIAL_MARGIN", "binomial_test",
    "margin_sensitivity", "table1_figure", "OPEN_MODEL_TASKS", "open_model_curves",
    "open_models_widget", "fit_figure",
]

#: A curve "rises" when its best model scores more than this many percentage points (BLEU
#: points in panel B) above the panel's random baseline. Our rule of thumb: several times the
#: digitization uncertainty (0.08 to 0.13 points for clean markers, up to about 1.5 for covered
#: ones) and the binomial noise of the largest models; on Fig. 2 any margin between about 1 and
#: 12 points gives the same split.
RISE_MARGIN = 5.0

#: Tolerance (percentage points) of the binomial test in :func:`score_table`: a model is "near
#: random" when its confidence interval reaches chance +- this margin and "above" when the whole
#: interval lies above chance + margin. Wei et al. give no number; 0 is the strict test.
BINOMIAL_MARGIN = 1.0


@dataclass(frozen=True)
class PanelInfo:
    """What one Fig. 2 panel measures.

    ``chance`` is the random baseline in percent (from the digitized dashed line);
    ``n_examples`` the number of evaluation examples where the data know it (BIG-bench tasks),
    else None; ``is_proportion`` whether the score is a fraction of correct answers (so a
    binomial test applies; BLEU is not).
    """

    panel: str
    title: str
    ylabel: str
    task: str
    metric: str
    chance: float
    n_examples: int | None
    is_proportion: bool


@lru_cache(maxsize=1)
def _fig2_cached() -> pd.DataFrame:
    return _data.load("wei_fig2")


def _fig2() -> pd.DataFrame:
    return _fig2_cached().copy()


def panel_info(panel: str) -> PanelInfo:
    """Describe a Fig. 2 panel (``"A"`` to ``"H"``)."""
    return _panel_info(panel)


@lru_cache(maxsize=16)
def _panel_info(panel: str) -> PanelInfo:
    titles = {p: (t, y) for p, t, y in FIG2_PANELS}
    if panel not in titles:
        raise EmergenceInputError(f"panel: must be one of {sorted(titles)}, got {panel!r}")
    df = _fig2_cached()
    sub = df[df["panel"] == panel]
    base = sub[sub["model_family"] == "Random"]["value"]
    chance = float(base.iloc[0]) if len(base) else float("nan")
    task = sub["task"].iloc[0]
    metric = sub["metric"].iloc[0]
    n = None
    bb = sub["bigbench_task"].iloc[0] if "bigbench_task" in sub else ""
    if bb:
        meta = _data.load("bigbench_tasks")
        rows = meta[(meta["bigbench_task"] == bb) & (meta["n_examples"].fillna(0) > 0)]
        if len(rows):
            n = int(rows["n_examples"].sum())  # subtasks add up (modified arithmetic: 6 x 1000)
    return PanelInfo(panel, titles[panel][0], titles[panel][1], task, metric, chance, n,
                     is_proportion=metric != "BLEU")


def _pct(value: float) -> str:
    """``value`` percent with one decimal, never "-0.0%" (a digitized 0 % reads -0.01)."""
    return f"{round(float(value), 1) + 0.0:.1f}%"


def fig2_curve(panel: str, family: str) -> pd.DataFrame:
    """One family's points in one Fig. 2 panel, sorted by FLOPs (may be empty)."""
    return _curve(panel, family).copy()


@lru_cache(maxsize=64)
def _curve(panel: str, family: str) -> pd.DataFrame:
    panel_info(panel)  # validates the panel
    df = _fig2_cached()
    sub = df[(df["panel"] == panel) & (df["model_family"] == family)]
    return sub.sort_values("train_flops").reset_index(drop=True)


def _families_in(panel: str) -> list[str]:
    df = _fig2_cached()
    present = set(df[df["panel"] == panel]["model_family"])
    return [f for f in FIG2_FAMILIES if f in present]


# ------------------------------------------------------------------------------------------
# Explorer of the eight panels


def _explorer_figure() -> tuple[Figure, dict]:
    fig, axes = new_figure(figsize=(7.5, 4.6))
    ax = axes[0, 0]
    art: dict = {"ax": ax, "fam": {}}
    ax._emergence_points = []
    for fam in FIG2_FAMILIES:
        st = family_style(fam)
        (line,) = ax.plot([], [], "-", color=st.color, linewidth=1.2)
        (pts,) = ax.plot([], [], linestyle="none", marker=st.marker, color=st.color,
                         markeredgecolor="white", label=st.label, markersize=8)
        err = LineCollection([], colors=st.color, linewidths=1.2)
        ax.add_collection(err)
        art["fam"][fam] = (line, pts, err)
    art["base"] = ax.axhline(0, **BASELINE_STYLE)
    art["legend"] = ax.legend(fontsize="small", loc="upper left")
    ax.set_xscale("log")
    ax.set_xlabel("Model scale (training FLOPs)")
    return fig, art


def _draw_panel(art: dict, panel: str, family: str, xscale: str, yscale: str) -> str:
    info = panel_info(panel)
    ax = art["ax"]
    ax._emergence_points = []
    shown, missing = [], []
    for fam, (line, pts, err) in art["fam"].items():
        cur = _curve(panel, fam)
        visible = (family in ("all", fam)) and len(cur) > 0
        xs = cur["train_flops"].to_numpy(float) if visible else np.array([])
        ys = cur["value"].to_numpy(float) if visible else np.array([])
        line.set_data(xs, ys)
        pts.set_data(xs, ys)
        unc = cur["uncertainty"].to_numpy(float) if visible else np.array([])
        segs = [[(x, y - u), (x, y + u)] for x, y, u in zip(xs, ys, unc, strict=True)
                if np.isfinite(u)]
        err.set_segments(segs)
        for a in (line, pts, err):
            a.set_visible(visible)
        pts.set_label(family_style(fam).label if visible else f"_{fam}")
        if visible:
            ax._emergence_points.append((xs, ys))
            shown.append(fam)
        elif family == fam:
            missing.append(fam)
    art["base"].set_ydata([info.chance, info.chance])
    ax.set_title(f"({panel}) {info.title}")
    ax.set_ylabel(info.ylabel)
    handles = [art["fam"][f][1] for f in shown] + [art["base"]]
    art["legend"].remove()
    art["legend"] = ax.legend(handles=handles, labels=[h.get_label() for h in handles],
                              fontsize="small", loc="upper left")
    set_scales(ax, xscale, yscale)
    if missing:
        return f"{', '.join(missing)}: no data in panel {panel} (Wei et al. did not plot it)."
    n_dig = int(sum((_curve(panel, f)["method"] == "digitized").sum() for f in shown))
    n_pub = int(sum((_curve(panel, f)["method"] == "published").sum() for f in shown))
    return (f"Panel {panel}: {n_pub} published and {n_dig} digitized points "
            f"(error bars: digitization uncertainty); random baseline {_pct(info.chance)}.")


def fig2_explorer(panel: str = "A", family: str = "all", xscale: str = "log",
                  yscale: str = "linear"):
    """Widget: one Fig. 2 panel at a time, with family and axis-scale selectors.

    Returns an :class:`emergence_utils.widgets.LiveFigure`.
    """
    import ipywidgets as w

    from .widgets import LiveFigure

    fig, art = _explorer_figure()
    controls = {
        "panel": w.Dropdown(options=[(f"({p}) {t}", p) for p, t, _ in FIG2_PANELS],
                            value=panel, description="Panel"),
        "family": w.Dropdown(options=["all", *FIG2_FAMILIES], value=family,
                             description="Family"),
        "xscale": w.ToggleButtons(options=["log", "linear"], value=xscale, description="x axis"),
        "yscale": w.ToggleButtons(options=["linear", "log"], value=yscale, description="y axis"),
    }

    def update(panel, family, xscale, yscale):
        return _draw_panel(art, panel, family, xscale, yscale)

    def alt(panel, family, xscale, yscale):
        info = panel_info(panel)
        return (f"Wei et al. Fig. 2 panel {panel} ({info.title}): {info.ylabel} against training "
                f"FLOPs for {family if family != 'all' else 'all families'}, {xscale} x axis, "
                f"{yscale} y axis, dashed random baseline at {_pct(info.chance)}.")

    return LiveFigure(fig, update, controls, alt=alt,
                      prompt="Which panels jump at about the same compute, and does the jump "
                             "survive a linear x axis or a log y axis?")


# ------------------------------------------------------------------------------------------
# The definition, by hand and fitted


def definition_widget(panel: str = "A", family: str = "GPT-3", log10_a: float = 22.0,
                      b: float = 5.0):
    """Widget: fit Holt's (2023) piecewise rule to a real curve by hand.

    Sliders: ``log10_a`` (threshold, log10 FLOPs) and ``b`` (score at the threshold, percent).
    The rule's rise above ``a`` uses the least-squares slope for that ``a``.
    """
    import ipywidgets as w

    from .widgets import LiveFigure

    cur = fig2_curve(panel, family)
    if len(cur) < 3:
        raise EmergenceInputError(f"family: {family!r} has fewer than 3 points in panel {panel}")
    info = panel_info(panel)
    x = cur["train_flops"].to_numpy(float)
    y = cur["value"].to_numpy(float)
    fig, axes = new_figure(figsize=(7.5, 4.4))
    ax = axes[0, 0]
    from .plotting import emergence_plot

    emergence_plot(cur, ax=ax, title=f"({panel}) {info.title}: {family}", ylabel=info.ylabel,
                   baseline=info.chance, legend=False)
    grid = np.logspace(np.log10(x.min()) - 0.3, np.log10(x.max()) + 0.3, 400)
    (rule,) = ax.plot(grid, np.full_like(grid, info.chance), color="black", linewidth=2,
                      label="your rule")
    vline = ax.axvline(10**log10_a, color="black", linestyle=":", linewidth=1)
    ax.legend(fontsize="small", loc="upper left")
    lo, hi = np.log10(x.min()), np.log10(x.max())

    def update(log10_a, b):
        a = 10**log10_a
        above = x >= a
        if above.sum() >= 2:
            dx = np.log10(x[above] / a)
            slope = float(np.sum(dx * (y[above] - b)) / max(np.sum(dx**2), 1e-12))
        else:
            slope = 0.0
        pred = em.piecewise_rule(x, a, b, baseline=info.chance, slope=slope)
        rule.set_ydata(em.piecewise_rule(grid, a, b, baseline=info.chance, slope=slope))
        vline.set_xdata([a, a])
        sse = float(np.sum((pred - y) ** 2))
        return (f"a = 10^{log10_a:.2f} FLOPs, b = {b:.1f}%, rise {slope:.1f} points per decade; "
                f"squared error {sse:.1f} (lower is better)")

    controls = {
        "log10_a": w.FloatSlider(value=float(np.clip(log10_a, lo, hi)), min=round(lo, 2),
                                 max=round(hi, 2), step=0.05, description="log10 a",
                                 continuous_update=True),
        "b": w.FloatSlider(value=b, min=0.0, max=float(max(60.0, y.max())), step=0.5,
                           description="b (%)"),
    }
    # both sliders move only the rule and the threshold line: blitted
    return LiveFigure(fig, update, controls, animated=[rule, vline],
                      alt=lambda log10_a, b: (f"{family} curve of panel {panel} with the piecewise "
                                              f"rule at a = 1e{log10_a:.2f} FLOPs and b = {b:.1f}%"),
                      prompt="Where would you put the threshold a for this curve? Move a and b "
                             "until the squared error is as small as you can make it.")


def rises_above_chance(panel: str, family: str, margin: float = RISE_MARGIN) -> bool:
    """Whether a Fig. 2 curve ever rises clearly above chance.

    True when the best model of the curve scores more than ``margin`` points (percent, or BLEU
    in panel B) above the panel's random baseline. A curve that never does shows no transition
    that a fit could place.
    """
    cur = _curve(panel, family)
    if cur.empty:
        raise EmergenceInputError(f"family: {family!r} has no points in panel {panel}")
    return bool(cur["value"].max() - panel_info(panel).chance > margin)


def _curves() -> list[tuple[str, str, str]]:
    """(panel, title, family) of every curve of Fig. 2, in panel order."""
    return [(p, t, f) for p, t, _ in FIG2_PANELS for f in _families_in(p)]


_NUMBER_WORDS = {n: w for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}


def fig2_alt(margin: float = RISE_MARGIN) -> str:
    """Alt text of the Fig. 2 reproduction, with the counts read from ``data/``.

    It says how many of the curves rise more than ``margin`` points above the random baseline
    and names the ones that never do.
    """
    curves = _curves()
    flat = [(p, t, f) for p, t, f in curves if not rises_above_chance(p, f, margin)]
    n, k = len(curves), len(flat)
    names = "; ".join(f"{f} on {t} ({p})" for p, t, f in flat)
    word = _NUMBER_WORDS.get
    return (f"Eight panels reproducing Wei et al. (2022) Figure 2: few-shot scores (accuracy in "
            f"percent; BLEU in panel B) against training FLOPs for LaMDA, GPT-3, Gopher, "
            f"Chinchilla and PaLM, with a dashed random baseline. Of the {word(n, n)} curves, "
            f"{word(n - k, n - k)} end more than {margin:g} points above it at their largest "
            f"model; {word(k, k)} never get that far above chance: {names}.")


def fig2_provenance() -> pd.DataFrame:
    """Which Fig. 2 points are published numbers and which are digitized, per curve.

    Columns: panel, task, family, ``published`` and ``digitized`` (point counts), ``shots``
    (the shot settings of the points, e.g. ``"1"`` or ``"few"``) and ``published_models``.
    """
    rows = []
    for panel, title, fam in _curves():
        cur = _curve(panel, fam)
        pub = cur[cur["method"] == "published"]
        rows.append({"panel": panel, "task": title, "family": fam,
                     "published": len(pub), "digitized": int((cur["method"] == "digitized").sum()),
                     "shots": ", ".join(sorted(set(cur["shots"].astype(str)))),
                     "published_models": ", ".join(pub["model"].astype(str))})
    return pd.DataFrame(rows)


def wic_settings() -> pd.DataFrame:
    """GPT-3 and PaLM on WiC per model size, one-shot and few-shot, from the papers' tables.

    Returns one row per model: ``model_family``, ``model``, ``train_flops``, ``one_shot`` and
    ``few_shot`` accuracy (percent, dev set; Brown et al. 2020 Table H.1 with K = 32 examples
    for few-shot, Chowdhery et al. 2022 Table 40) and ``few_shot_detail``. Figure 2H plots the
    one-shot column. Zero-shot is left out (Table H.1 prints 0.00 for every GPT-3 size) and so
    is PaLM 62B trained on 1.3T tokens (not a Fig. 2 model).
    """
    frames = []
    for name in ("gpt3_per_size", "palm_per_size"):
        d = _data.load(name)
        d = d[(d["task"] == "WiC") & d["shots"].isin(["1", "few"]) & d["train_flops"].notna()]
        d = d[~d["split"].fillna("").str.startswith("test")]
        frames.append(d)
    d = pd.concat(frames, ignore_index=True)
    wide = d.pivot_table(index=["model_family", "model", "train_flops"], columns="shots",
                         values="value", aggfunc="first").reset_index()
    detail = (d[d["shots"] == "few"].set_index("model")["shots_detail"])
    wide = wide.rename(columns={"1": "one_shot", "few": "few_shot"})
    wide["few_shot_detail"] = wide["model"].map(detail)
    wide.columns.name = None
    return wide.sort_values(["model_family", "train_flops"], ascending=[False, True],
                            ignore_index=True)


def _fit_flags(x: np.ndarray, rises: bool, pw: em.PiecewiseFit, sg: em.SigmoidFit) -> str:
    """Why a fit of one curve cannot be read as an emergence scale ("" when nothing is wrong)."""
    flags = []
    if not rises:
        flags.append("no transition: the curve never rises clearly above chance, so neither "
                     "threshold means anything")
    else:
        if pw.slope <= 0:
            flags.append("piecewise: no rise above the threshold (slope <= 0)")
        if "width" in sg.at_bound and sg.width <= em.SIGMOID_WIDTH_BOUNDS[0] * 1.001:
            right = x[x > sg.midpoint]
            left = x[x <= sg.midpoint]
            gap = (f" between {left.max():.2g} and {right.min():.2g} FLOPs"
                   if len(left) and len(right) else "")
            flags.append(f"sigmoid: width stuck at its lower bound, a step{gap}; the midpoint is "
                         "anywhere in that gap")
        elif "width" in sg.at_bound:
            flags.append("sigmoid: width stuck at its upper bound")
        if not x.min() <= sg.midpoint <= x.max():
            flags.append("sigmoid: midpoint outside the models' range (extrapolated)")
        if "ceiling" in sg.at_bound:
            flags.append("sigmoid: ceiling stuck at its bound (100%)")
    return "; ".join(flags)


def fit_all_curves(min_points: int = 4) -> pd.DataFrame:
    """Fit the piecewise rule and a log-x sigmoid to every Fig. 2 curve with enough points.

    Returns one row per (panel, family): piecewise ``a`` (FLOPs), ``b`` (percent), sigmoid
    midpoint (FLOPs), width (decades), ceiling (percent) and RMSE (percentage points).
    Curves with fewer than ``min_points`` points are listed with empty fits.

    Degenerate fits are flagged, not hidden: ``rises`` is False when the curve never gets more
    than :data:`RISE_MARGIN` points above chance (no transition to place);
    ``sigmoid_midpoint_in_data`` is False when the fitted midpoint lies outside the models'
    range; ``models_on_rise`` counts the models on the steep part of the sigmoid (midpoint
    +- 2 widths, 12 % to 88 % of its rise); ``piecewise_ok`` / ``sigmoid_ok`` say whether
    that fit's scale can be read as an emergence scale (the curve rises; the rule rises above
    its threshold; the sigmoid has no parameter stuck at a bound and its midpoint lies within
    the data); ``degenerate`` is True and ``flag`` says why when either cannot.
    """
    rows = []
    for panel, title, fam in _curves():
        info = panel_info(panel)
        cur = fig2_curve(panel, fam)
        x, y = cur["train_flops"].to_numpy(float), cur["value"].to_numpy(float)
        row = {"panel": panel, "task": title, "family": fam, "points": len(cur),
               "rises": rises_above_chance(panel, fam)}
        if len(cur) >= min_points:
            pw = em.fit_piecewise(x, y, baseline=info.chance)
            sg = em.fit_sigmoid(x, y, floor=info.chance, max_ceiling=100.0)
            flag = _fit_flags(x, row["rises"], pw, sg)
            row.update(piecewise_a_flops=pw.a, piecewise_b=pw.b,
                       piecewise_rmse=float(np.sqrt(pw.sse / len(cur))),
                       sigmoid_midpoint_flops=sg.midpoint, sigmoid_width_dex=sg.width,
                       sigmoid_ceiling=sg.ceiling, sigmoid_rmse=sg.rmse,
                       sigmoid_midpoint_in_data=bool(x.min() <= sg.midpoint <= x.max()),
                       models_on_rise=int(np.sum(np.abs(np.log10(x / sg.midpoint))
                                                 <= 2 * sg.width)),
                       piecewise_ok=bool(row["rises"] and pw.slope > 0),
                       sigmoid_ok=bool(row["rises"] and not sg.at_bound
                                       and x.min() <= sg.midpoint <= x.max()),
                       degenerate=bool(flag), flag=flag)
        else:
            row.update(flag=f"not fitted: fewer than {min_points} points")
        rows.append(row)
    return pd.DataFrame(rows)


def binomial_test(panel: str, family: str, margin: float = BINOMIAL_MARGIN,
                  alpha: float = 0.05, min_near: int = 2) -> em.AboveChanceResult | None:
    """The "near random, then above" binomial test on one Fig. 2 curve.

    Uses the task's number of test examples (``panel_info(panel).n_examples``) for the binomial
    interval and the points' digitization uncertainty as an error in reading the accuracy (see
    :func:`emergence_utils.emergence.above_chance`). ``margin`` is in percentage points.
    Returns None where the test does not apply (BLEU, or the number of examples unknown).
    Digitized readings a hair below 0 % (within their uncertainty) are read as 0 %.
    """
    info = panel_info(panel)
    if not info.is_proportion or info.n_examples is None:
        return None
    cur = _curve(panel, family)
    if cur.empty:
        raise EmergenceInputError(f"family: {family!r} has no points in panel {panel}")
    if not np.isfinite(margin) or margin < 0:
        raise EmergenceInputError(f"margin: must be >= 0 percentage points, got {margin!r}")
    x = cur["train_flops"].to_numpy(float)
    acc = np.clip(cur["value"].to_numpy(float), 0, 100) / 100.0
    unc = np.nan_to_num(cur["uncertainty"].to_numpy(float), nan=0.0) / 100.0
    return em.above_chance(x, acc, info.n_examples, max(info.chance, 0.0) / 100.0, alpha=alpha,
                           min_near=min_near, uncertainty=unc, margin=margin / 100.0)


def score_table(alpha: float = 0.05, min_near: int = 2,
                margin: float = BINOMIAL_MARGIN) -> pd.DataFrame:
    """Emergence scores of every Fig. 2 curve, ranked by the emergence score (Eq. 1).

    Columns: panel, task, family, points, ``emergence_score`` (Schaeffer et al. 2023, Eq. 1,
    which they attribute to BIG-bench, Srivastava et al. 2022), ``endpoint_score`` (a variant
    with last minus first in the numerator), ``emergent_strict`` (the binomial test of
    :func:`binomial_test` with no margin: the ``min_near`` smallest models compatible with
    chance, then every model from some scale on significantly above it, level ``alpha``),
    ``emergent_binomial`` and ``emergence_scale_flops`` (the same test with a tolerance of
    ``margin`` percentage points), ``n_examples`` and a note. The test columns are None where
    the test does not apply (BLEU scores or unknown number of examples).
    """
    rows = []
    for panel, title, fam in _curves():
        info = panel_info(panel)
        cur = _curve(panel, fam)
        x, y = cur["train_flops"].to_numpy(float), cur["value"].to_numpy(float)
        row = {"panel": panel, "task": title, "family": fam, "points": len(cur),
               "emergence_score": em.emergence_score(x, y) if len(cur) >= 2 else np.nan,
               "endpoint_score": em.endpoint_score(x, y) if len(cur) >= 2 else np.nan,
               "emergent_strict": None, "emergent_binomial": None,
               "emergence_scale_flops": np.nan, "n_examples": info.n_examples, "note": ""}
        if not info.is_proportion:
            row["note"] = "BLEU is not a proportion: no binomial test"
        elif info.n_examples is None:
            row["note"] = "number of test examples not in data/: no binomial test"
        else:
            strict = binomial_test(panel, fam, 0.0, alpha, min_near)
            res = binomial_test(panel, fam, margin, alpha, min_near)
            row["emergent_strict"] = bool(strict.emergent)
            row["emergent_binomial"] = bool(res.emergent)
            row["emergence_scale_flops"] = res.scale if res.scale else np.nan
            if np.any((y < 0) | (y > 100)) or info.chance < 0:
                row["note"] = ("digitized values a hair below 0% (within their uncertainty) "
                               "read as 0% for the test")
        rows.append(row)
    out = pd.DataFrame(rows)
    return out.sort_values("emergence_score", ascending=False, na_position="last",
                           ignore_index=True)


def margin_sensitivity(margins=(0.0, 0.5, 1.0, 2.0), alpha: float = 0.05,
                       min_near: int = 2) -> pd.DataFrame:
    """The binomial test's verdict on every testable Fig. 2 curve for several margins.

    One row per curve the test applies to (panels A, C, D), one column per margin (percentage
    points): the emergence scale in FLOPs where the curve passes, NaN where it does not.
    """
    rows = []
    for panel, title, fam in _curves():
        if binomial_test(panel, fam, 0.0, alpha, min_near) is None:
            continue
        row = {"panel": panel, "task": title, "family": fam}
        for m in margins:
            res = binomial_test(panel, fam, float(m), alpha, min_near)
            row[f"margin {m:g} pp"] = res.scale if res.emergent else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------------
# Wei Table 1 as a chart


def table1_figure() -> Figure:
    """Every emergent ability of Wei et al. Table 1 at its emergence scale (training FLOPs).

    Colour and marker per model family; filled markers for few-shot prompting, open markers for
    augmented prompting. Rows without a single scale are listed in a note, not dropped. The
    figure carries its alt text in ``fig.alt``.
    """
    t = _data.load("wei_table1")
    has = t[t["train_flops"].notna()].sort_values("train_flops").reset_index(drop=True)
    missing = t[t["train_flops"].isna()]
    fig, axes = new_figure(figsize=(9, 7.5))
    ax = axes[0, 0]
    seen = {}
    for i, r in has.iterrows():
        st = family_style(r["model_family"] or "unknown")
        few = r["category"].startswith("few-shot")
        h = ax.plot(r["train_flops"], i, marker=st.marker, linestyle="none", markersize=9,
                    color=st.color, markerfacecolor=st.color if few else "white",
                    markeredgewidth=1.8)[0]
        seen.setdefault(r["model_family"], h)
    ax.set_yticks(range(len(has)), [f"{a} ({c.split()[0]})" for a, c in
                                    zip(has["ability"], has["category"], strict=True)],
                  fontsize="small")
    ax.set_xscale("log")
    ax.set_xlabel("Emergence scale\n(training FLOPs)")
    ax.set_title("Wei et al. (2022), Table 1", fontsize="medium")
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker=family_style(f or "unknown").marker, linestyle="none",
                      color=family_style(f or "unknown").color, markersize=8, label=f or "unknown")
               for f in seen]
    handles += [Line2D([], [], marker="o", linestyle="none", color="#444444", label="few-shot"),
                Line2D([], [], marker="o", linestyle="none", color="#444444",
                       markerfacecolor="white", markeredgewidth=1.8, label="augmented")]
    # legend and note under the plot, inside the layout: the long ability names on the y axis
    # take the width (beside the plot, the legend left no room in the seminar style)
    fig.legend(handles=handles, fontsize="small", loc="outside lower center",
               ncol=min(len(handles), 5))
    if len(missing):  # in the empty lower-right corner (the points rise to the right)
        ax.text(0.98, 0.02, textwrap.fill("Not shown (no single scale in Table 1): "
                                          + "; ".join(missing["ability"]), 30),
                transform=ax.transAxes, ha="right", va="bottom", fontsize="small")
    ax.grid(True, axis="x")
    first, last = has.iloc[0], has.iloc[-1]
    fig.alt = (f"Chart of the {len(has)} abilities in Wei et al. (2022) Table 1 that have a single "
               f"emergence scale, ordered by training FLOPs from {first['train_flops']:.2g} "
               f"({first['ability']}, {first['model_family']}) to {last['train_flops']:.2g} "
               f"({last['ability']}, {last['model_family']}), coloured by model family; "
               "augmented-prompting rows are open markers; "
               + (f"{len(missing)} row without a single scale is named in a note."
                  if len(missing) == 1 else
                  f"{len(missing)} rows without a single scale are named in a note."))
    return fig


# ------------------------------------------------------------------------------------------
# Same tasks on today's open models

#: Open-model task -> (Fig. 2 panel to compare with or None, label, unit note).
OPEN_MODEL_TASKS = {
    "ipa_transliterate|BLEU": ("B", "IPA transliterate (BLEU)"),
    "word_unscrambling|exact match": ("C", "Word unscramble (exact match)"),
    "parsinlu_qa|accuracy": ("D", "Persian QA (accuracy)"),
    "ipa_transliterate|exact match": (None, "IPA transliterate (exact match)"),
    "arithmetic_3da|accuracy": (None, "3-digit addition (BIG-bench 'arithmetic')"),
    "arithmetic_3ds|accuracy": (None, "3-digit subtraction (BIG-bench 'arithmetic')"),
    "arithmetic_2dm|accuracy": (None, "2-digit multiplication (BIG-bench 'arithmetic')"),
    "arithmetic_2da|accuracy": (None, "2-digit addition (BIG-bench 'arithmetic')"),
}


def open_model_curves(key: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Open models (2-shot, Ruan et al. 2024) and Wei's Fig. 2 points for the same task.

    Returns ``(open_models, wei)``, both with ``train_flops`` and ``value`` in **percent**
    (BLEU stays on its 0-100 scale). Open models without FLOPs are left out of the first frame
    (their number is in ``open_models.attrs["without_flops"]``).
    """
    if key not in OPEN_MODEL_TASKS:
        raise EmergenceInputError(f"key: must be one of {sorted(OPEN_MODEL_TASKS)}, got {key!r}")
    task, metric = key.split("|")
    o = _data.load("obsscaling_emergent")
    o = o[(o["task"] == task) & (o["metric"] == metric)].copy()
    scale = np.where(o["unit"] == "fraction", 100.0, 1.0)
    o["value"] = o["value"].to_numpy(float) * scale
    without = int(o["train_flops"].isna().sum())
    o = o[o["train_flops"].notna()].sort_values("train_flops").reset_index(drop=True)
    o.attrs["without_flops"] = without
    panel = OPEN_MODEL_TASKS[key][0]
    wei = _fig2()
    wei = wei[(wei["panel"] == panel) & (wei["model_family"] != "Random")] if panel else wei.iloc[:0]
    return o, wei.reset_index(drop=True)


def open_models_band(lo: float = 1e22, hi: float = 1e23) -> pd.DataFrame:
    """Open models (Ruan et al. 2024, 2-shot) within a band of training compute, per task.

    Parameters
    ----------
    lo, hi : float
        The band of training compute, FLOPs: ``lo <= train_flops < hi``.

    Returns
    -------
    pandas.DataFrame
        One row per task of :data:`OPEN_MODEL_TASKS`: ``task``, ``open_models`` (with FLOPs in
        the band), ``median`` and ``max`` of their scores (percent; BLEU on its 0-100 scale),
        and ``wei_max``, the largest value of Wei et al.'s Fig. 2 curves in the same band (NaN
        where Wei et al. did not plot the task or have no point there).
    """
    if not (np.isfinite(lo) and np.isfinite(hi) and 0 < lo < hi):
        raise EmergenceInputError(f"lo, hi: need 0 < lo < hi (FLOPs), got lo={lo!r}, hi={hi!r}")
    rows = []
    for key, (_, label) in OPEN_MODEL_TASKS.items():
        o, wei = open_model_curves(key)
        band = o[(o["train_flops"] >= lo) & (o["train_flops"] < hi)]["value"]
        wb = wei[(wei["train_flops"] >= lo) & (wei["train_flops"] < hi)]["value"]
        rows.append({"task": label, "open_models": len(band),
                     "median": float(band.median()) if len(band) else np.nan,
                     "max": float(band.max()) if len(band) else np.nan,
                     "wei_max": float(wb.max()) if len(wb) else np.nan})
    return pd.DataFrame(rows)


def open_models_widget(key: str = "word_unscrambling|exact match", xscale: str = "log"):
    """Widget: a BIG-bench task on ~80 open models against FLOPs, with Wei's curves on top."""
    import ipywidgets as w

    from .widgets import LiveFigure

    fig, axes = new_figure(figsize=(7.5, 4.6))
    ax = axes[0, 0]
    open_pts = ax.scatter([], [], s=22, color="#7f7f7f", alpha=0.7, label="open models (2-shot)")
    wei_art = {}
    for fam in FIG2_FAMILIES:
        st = family_style(fam)
        wei_art[fam] = ax.plot([], [], "-", marker=st.marker, color=st.color,
                               markeredgecolor="white", label=f"{st.label} (Wei Fig. 2)")[0]
    ax.set_xscale("log")
    ax.set_xlabel("Training FLOPs")
    ax._emergence_points = []
    # One legend, built once: ``update`` hides the rows of families without a curve (a legend
    # made anew on every move would be a new artist, never drawn in a picture kept for reuse).
    legend = ax.legend([open_pts, *wei_art.values()],
                       [open_pts.get_label(), *(ln.get_label() for ln in wei_art.values())],
                       fontsize="small", loc="upper left")
    follow_legend = legend_follower(legend, [open_pts, *wei_art.values()])

    def update(key, xscale):
        o, wei = open_model_curves(key)
        open_pts.set_offsets(np.column_stack([o["train_flops"], o["value"]]) if len(o)
                             else np.empty((0, 2)))
        pts = [(o["train_flops"].to_numpy(float), o["value"].to_numpy(float))]
        for fam, line in wei_art.items():
            cur = wei[wei["model_family"] == fam].sort_values("train_flops")
            line.set_data(cur["train_flops"], cur["value"])
            line.set_visible(len(cur) > 0)
            if len(cur):
                pts.append((cur["train_flops"].to_numpy(float), cur["value"].to_numpy(float)))
        ax._emergence_points = pts
        follow_legend()  # rows of families without a curve hidden
        label = OPEN_MODEL_TASKS[key][1]
        ax.set_title(label)
        ax.set_ylabel("BLEU" if "BLEU" in key else "Score (%)")
        set_scales(ax, xscale, "linear")
        note = (f"{len(o)} open models with FLOPs ({o.attrs['without_flops']} without FLOPs "
                "not shown).")
        if OPEN_MODEL_TASKS[key][0] is None:
            note += " Wei et al. did not plot this task (Fig. 2A is 'modified arithmetic')."
        return note

    controls = {
        "key": w.Dropdown(options=[(v[1], k) for k, v in OPEN_MODEL_TASKS.items()], value=key,
                          description="Task"),
        "xscale": w.ToggleButtons(options=["log", "linear"], value=xscale, description="x axis"),
    }
    return LiveFigure(fig, update, controls,
                      alt=lambda key, xscale: (f"{OPEN_MODEL_TASKS[key][1]} for open models "
                                               f"against training FLOPs ({xscale} axis), with "
                                               "Wei et al.'s curves where they exist"),
                      prompt="Do today's open models start to solve the task at the same compute "
                             "as LaMDA and GPT-3 did?",
                      prerender=True)  # a few tasks x 2 scales, drawn when it is built


def fit_figure(panel: str = "A", family: str = "GPT-3") -> Figure:
    """One real curve with both automatic fits drawn: the piecewise rule and the sigmoid.

    The sigmoid's midpoint (the fitted emergence scale) is marked by a dotted line. The figure
    carries its alt text, with the fitted values, in ``fig.alt``.
    """
    from .plotting import emergence_plot

    cur = fig2_curve(panel, family)
    if len(cur) < 4:
        raise EmergenceInputError(f"family: {family!r} has fewer than 4 points in panel {panel}")
    info = panel_info(panel)
    x, y = cur["train_flops"].to_numpy(float), cur["value"].to_numpy(float)
    pw = em.fit_piecewise(x, y, baseline=info.chance)
    sg = em.fit_sigmoid(x, y, floor=info.chance, max_ceiling=100.0)
    fig, axes = new_figure(figsize=(7.5, 4.4))
    ax = axes[0, 0]
    emergence_plot(cur, ax=ax, title=f"({panel}) {info.title}: {family}", ylabel=info.ylabel,
                   baseline=info.chance, legend=False)
    grid = np.logspace(np.log10(x.min()) - 0.3, np.log10(x.max()) + 0.3, 400)
    ax.plot(grid, pw.predict(grid), color="black", linewidth=2,
            label=f"piecewise rule, a = {pw.a:.2g} FLOPs")
    ax.plot(grid, sg.predict(grid), color="#56B4E9", linewidth=2, linestyle="-.",
            label=f"sigmoid, midpoint {sg.midpoint:.2g} FLOPs")
    ax.axvline(sg.midpoint, color="#56B4E9", linestyle=":", linewidth=1)
    ax.set_ylim(min(y.min(), info.chance) - 3, max(y.max(), 10) * 1.15)
    ax.legend(fontsize="small", loc="upper left")
    fig.alt = (f"{family} on {info.title} (Wei et al. Fig. 2{panel}, {len(cur)} points: "
               f"{info.ylabel} against training FLOPs) with the fitted piecewise rule (threshold "
               f"a = {pw.a:.2g} FLOPs) and the fitted sigmoid (midpoint {sg.midpoint:.2g} FLOPs, "
               f"dotted line); dashed random baseline at {_pct(info.chance)}.")
    return fig
