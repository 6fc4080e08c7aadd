"""Augmented prompting: techniques that help only above some scale (Wei et al. 2022, Sec. 4).

Wei et al. (2022) call a prompting or fine-tuning technique *emergent* when it does not help,
or even hurts, below some model scale and helps above it. This module turns the per-size tables
in ``data/`` into **gains**: the technique's score minus the baseline's score on the same model
and benchmark, in **percentage points** (pp).

Which techniques have per-size values here (everything else in Wei et al. Table 1 only has the
scale at which it starts to help, see :func:`table1_augmented`):

- ``"chain of thought"``: chain-of-thought minus standard few-shot prompting, CoT paper
  (Wei et al. 2022b) Appendix B Tables 2-5 (UL2, LaMDA, the InstructGPT API engines, Codex,
  PaLM). The paper's "GPT" rows are the OpenAI API engines text-ada-001, text-babbage-001,
  text-curie-001 and text-davinci-002 (InstructGPT, sizes as the CoT paper presumes them), not
  the GPT-3 models of Brown et al. (2020).
- ``"chain of thought + calculator"``: chain of thought with an external calculator minus
  standard prompting, CoT paper Appendix B Table 1 (one size per family only).
- ``"few-shot vs zero-shot"``: few-shot minus zero-shot prompting, GPT-3 Table H.1 (Brown et al.
  2020) and PaLM Table 40 (Chowdhery et al. 2022). In-context examples are Wei et al.'s *first*
  kind of emergence (few-shot prompting), shown here as a contrast, not a Table 1 technique.

Scale: ``params`` (parameters, as printed in the source table) or ``train_flops`` (training
FLOPs from ``model_scales``; see :func:`flops_lookup` for which value is used). Models without
a known scale are never dropped silently: plots and captions list them.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .errors import EmergenceDataError, EmergenceInputError
from .plotting import legend_follower
from .style import family_style, figsize, font

__all__ = [
    "Technique", "TECHNIQUES", "FAMILY_ORDER", "X_COLUMNS", "FLOPS_PREFERENCE",
    "clear_caches", "technique_names", "benchmarks", "families", "flops_lookup", "gain_table",
    "unplaced_models", "ThresholdReport", "threshold_report", "emergence_scale",
    "gain_pp", "emergence_scale_1d", "all_above_gain", "gain_standard_error_pp",
    "gain_summary", "table1_augmented", "table1_comparison", "plot_table1_augmented",
    "empty_reason", "set_empty_reason",
    "plot_prompting_curves", "plot_gain", "gain_widget",
]


@dataclass(frozen=True)
class Technique:
    """A technique with per-size values in ``data/``.

    Attributes
    ----------
    name, baseline : str
        Display names of the technique and of what it is compared with.
    label : str
        Short phrase for captions ("chain of thought minus standard prompting").
    source : str
        Where the numbers come from (paper and table).
    """

    name: str
    baseline: str
    label: str
    source: str


#: Techniques with per-size values, in menu order.
TECHNIQUES: dict[str, Technique] = {
    "chain of thought": Technique(
        "chain of thought", "standard prompting", "chain of thought minus standard prompting",
        "Wei et al. 2022b (chain of thought), Appendix B Tables 2-5"),
    "chain of thought + calculator": Technique(
        "chain of thought + calculator", "standard prompting",
        "chain of thought with an external calculator minus standard prompting",
        "Wei et al. 2022b (chain of thought), Appendix B Table 1 (largest model per family)"),
    "few-shot vs zero-shot": Technique(
        "few-shot vs zero-shot", "zero-shot prompting", "few-shot minus zero-shot prompting",
        "Brown et al. 2020 (GPT-3) Table H.1; Chowdhery et al. 2022 (PaLM) Table 40"),
}

#: Order (and legend order) of the model families this module can draw.
FAMILY_ORDER = ["UL2", "LaMDA", "InstructGPT", "Codex", "GPT-3", "PaLM"]

#: Scale columns and their axis labels.
X_COLUMNS = {"params": "Parameters", "train_flops": "Training FLOPs"}

#: Order in which ``model_scales`` rows are preferred for a model's training FLOPs: Wei et al.
#: Table 1, then Chung et al. (2022) Table 2 (the values Wei et al.'s figures use), then the
#: model's own paper (GPT-3 Table D.1, PaLM Table 22).
FLOPS_PREFERENCE = ("wei2022_table1", "chung2022_table2", "model_paper")

def _figure_note(fig: Figure, text: str, **kw: Any):
    """A left-aligned note at the bottom of a figure, inside it (the figure's ``supxlabel``, so
    constrained layout makes room for it and a PNG of the figure's canvas never cuts it)."""
    return fig.supxlabel(text, x=0.01, ha="left", **kw)


def _listing(unplaced: pd.DataFrame) -> str:
    """``"reason: model, model; reason: model"`` for an :func:`unplaced_models` frame."""
    groups = unplaced.groupby("reason", sort=False)["model"].agg(", ".join)
    return "; ".join(f"{reason}: {models}" for reason, models in groups.items())


def _check_choice(name: str, value: Any, options: Iterable[str]) -> str:
    opts = list(options)
    if value not in opts:
        raise EmergenceInputError(f"{name}: must be one of {opts}, got {value!r}")
    return value


# ---------------------------------------------------------------------------------------------
# Long table of (technique, benchmark, model, arm, value)
# ---------------------------------------------------------------------------------------------
_ARM_COLUMNS = ["technique", "benchmark", "model_family", "model", "engine", "params", "arm",
                "value", "unit", "dataset", "table", "shots", "note"]


def _require_percent(df: pd.DataFrame, dataset: str) -> None:
    bad = df.index[df["unit"] != "percent"]
    if len(bad):
        i = bad[0]
        raise EmergenceDataError(f"expected unit 'percent', got {df.at[i, 'unit']!r}",
                                 dataset=dataset, row=int(i) + 1, column="unit")


#: Display names for ``chain_of_thought`` model labels that name the wrong model. The data
#: label "GPT-3 175B (text-davinci-002)" is an InstructGPT API engine (Wei et al. 2022b,
#: Appendix B), not GPT-3; it is shown like the smaller engines ("GPT 350M" etc.). The data
#: file is unchanged.
COT_DISPLAY_NAMES = {"GPT-3 175B (text-davinci-002)": "GPT 175B (text-davinci-002)"}


def _cot_rows() -> pd.DataFrame:
    from . import data

    cot = data.load("chain_of_thought").copy()
    cot["model"] = cot["model"].replace(COT_DISPLAY_NAMES)
    parts = []
    specs = [("chain of thought", ("Table 2", "Table 3", "Table 4", "Table 5"),
              {"chain of thought": "technique", "standard": "baseline"}),
             ("chain of thought + calculator", ("Table 1",),
              {"chain of thought + external calculator": "technique", "standard": "baseline"})]
    for tech, tables, arms in specs:
        sub = cot[cot["table"].isin(tables) & cot["prompting"].isin(list(arms))]
        _require_percent(sub, "chain_of_thought")
        parts.append(pd.DataFrame({
            "technique": tech, "benchmark": sub["task"], "model_family": sub["model_family"],
            "model": sub["model"], "engine": sub["engine"], "params": sub["params"],
            "arm": sub["prompting"].map(arms), "value": sub["value"], "unit": sub["unit"],
            "dataset": "chain_of_thought", "table": sub["table"], "shots": sub["shots"],
            "note": sub["note"]}))
    return pd.concat(parts, ignore_index=True)


def _fewshot_rows() -> pd.DataFrame:
    from . import data

    parts = []
    gpt = data.load("gpt3_per_size")
    # Table 3.9 repeats the 175B column of Table H.1; the 175B test-server rows are another split.
    gpt = gpt[(gpt["table"] == "Table H.1") & ~gpt["split"].str.startswith("test (175B")
              & gpt["shots"].isin(["0", "few"])]
    multi = gpt.groupby("task")["metric"].transform("nunique") > 1
    bench = gpt["task"].where(~multi, gpt["task"] + " (" + gpt["metric"] + ")")
    palm = data.load("palm_per_size")
    palm = palm[(palm["task"] == "WiC") & palm["shots"].isin(["0", "few"])]
    for df, name in ((gpt, "gpt3_per_size"), (palm, "palm_per_size")):
        _require_percent(df, name)
        parts.append(pd.DataFrame({
            "technique": "few-shot vs zero-shot",
            "benchmark": bench if name == "gpt3_per_size" else df["task"],
            "model_family": df["model_family"], "model": df["model"], "engine": "",
            "params": df["params"],
            "arm": df["shots"].map({"few": "technique", "0": "baseline"}),
            "value": df["value"], "unit": df["unit"], "dataset": name, "table": df["table"],
            "shots": df["shots_detail"].where(df["shots_detail"] != "", df["shots"]),
            "note": df["note"]}))
    return pd.concat(parts, ignore_index=True)


@lru_cache(maxsize=1)
def _all_rows() -> pd.DataFrame:
    rows = pd.concat([_cot_rows(), _fewshot_rows()], ignore_index=True)[_ARM_COLUMNS]
    dup = rows.duplicated(["technique", "benchmark", "model", "arm"], keep=False)
    if dup.any():
        r = rows[dup].iloc[0]
        raise EmergenceDataError(
            f"two values for {r['model']!r} / {r['benchmark']!r} / {r['arm']} "
            f"({r['technique']}); the table filter no longer isolates one series",
            dataset=str(r["dataset"]), column="value")
    return rows


def clear_caches() -> None:
    """Forget the cached tables (after the data files changed, e.g. in tests)."""
    for fn in (_all_rows, _best_flops, _gain_table):
        fn.cache_clear()


def technique_names() -> list[str]:
    """Names of the techniques with per-size values (keys of :data:`TECHNIQUES`)."""
    return list(TECHNIQUES)


def benchmarks(technique: str = "chain of thought") -> list[str]:
    """Benchmarks with per-size values for ``technique``, in the order of the source tables."""
    _check_choice("technique", technique, TECHNIQUES)
    rows = _all_rows()
    return list(dict.fromkeys(rows.loc[rows["technique"] == technique, "benchmark"]))


def families(technique: str = "chain of thought", benchmark: str = "GSM8K") -> list[str]:
    """Model families with values for ``technique`` on ``benchmark`` (in :data:`FAMILY_ORDER`)."""
    _check_choice("benchmark", benchmark, benchmarks(technique))
    rows = _all_rows()
    present = set(rows.loc[(rows["technique"] == technique) & (rows["benchmark"] == benchmark),
                           "model_family"])
    return [f for f in FAMILY_ORDER if f in present] + sorted(present - set(FAMILY_ORDER))


# ---------------------------------------------------------------------------------------------
# Scale of each model
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _best_flops() -> pd.DataFrame:
    from . import data

    ms = data.load("model_scales")
    ms = ms[ms["train_flops"].notna()].copy()
    rank = {k: i for i, k in enumerate(FLOPS_PREFERENCE)}
    ms["_rank"] = ms["flops_kind"].map(rank).fillna(len(rank))
    best = ms.sort_values(["model", "_rank"], kind="stable").drop_duplicates("model")
    best = best.set_index("model")
    best["flops_source"] = "model_scales: " + best["flops_kind"] + " (" + best["table"] + ")"
    return best[["train_flops", "flops_source"]]


def flops_lookup(models: Iterable[str]) -> pd.DataFrame:
    """Training FLOPs of models by exact name from ``model_scales``.

    A model gets FLOPs only when ``model_scales`` has a row with exactly its name and a value;
    among several rows the first ``flops_kind`` in :data:`FLOPS_PREFERENCE` wins. Names are never
    matched loosely: the CoT paper's "GPT 6.7B" (InstructGPT engine text-curie-001) is not
    "GPT-3 6.7B", and no FLOPs are guessed for it.

    Parameters
    ----------
    models : iterable of str
        Model names as printed in the data.

    Returns
    -------
    DataFrame
        Index ``model`` (every requested name, once), columns ``train_flops`` (FLOPs; NaN when
        unknown) and ``flops_source`` (e.g. ``"model_scales: wei2022_table1 (Table 1)"``; empty
        when unknown).
    """
    names = pd.Index(list(dict.fromkeys(models)), name="model")
    best = _best_flops()
    out = pd.DataFrame(index=names)
    out["train_flops"] = best["train_flops"].reindex(names).astype(float).to_numpy()
    out["flops_source"] = best["flops_source"].reindex(names).fillna("").to_numpy()
    return out


def gain_table(technique: str = "chain of thought", benchmark: str = "GSM8K",
               family: str | None = None) -> pd.DataFrame:
    """Per-model gain of a technique over its baseline on one benchmark.

    Parameters
    ----------
    technique : str
        A key of :data:`TECHNIQUES`.
    benchmark : str
        One of :func:`benchmarks` ``(technique)``.
    family : str or None
        Keep one model family; ``None`` or ``"all"`` keeps every family.

    Returns
    -------
    DataFrame
        One row per model, sorted by family (:data:`FAMILY_ORDER`) and parameters: ``model_family``,
        ``model``, ``engine`` (OpenAI API engine, else empty), ``params`` (parameters; NaN when
        not published, e.g. Codex), ``train_flops`` (FLOPs; NaN when ``model_scales`` has none),
        ``flops_source``, ``baseline`` and ``technique`` (percent), ``gain_pp`` (technique minus
        baseline, percentage points; NaN when one of the two is missing), ``dataset``, ``table``.
    """
    _check_choice("technique", technique, TECHNIQUES)
    _check_choice("benchmark", benchmark, benchmarks(technique))
    fams = families(technique, benchmark)
    if family not in (None, "all"):
        _check_choice("family", family, fams)
    out = _gain_table(technique, benchmark)
    if family not in (None, "all"):
        out = out[out["model_family"] == family]
    return out.reset_index(drop=True).copy()  # the cached frame is never handed out


@lru_cache(maxsize=128)
def _gain_table(technique: str, benchmark: str) -> pd.DataFrame:
    rows = _all_rows()
    sub = rows[(rows["technique"] == technique) & (rows["benchmark"] == benchmark)]
    keys = ["model_family", "model", "engine", "dataset", "table"]
    info = sub.drop_duplicates("model").set_index("model")
    wide = sub.pivot_table(index="model", columns="arm", values="value", aggfunc="first")
    wide = wide.reindex(columns=["baseline", "technique"])
    notes = sub.groupby("model")["note"].agg(
        lambda v: "; ".join(dict.fromkeys(n for n in v if n)))
    out = info[[k for k in keys if k != "model"] + ["params"]].join(wide).join(notes)
    out = out.reset_index()
    out["gain_pp"] = gain_pp(out["baseline"], out["technique"])
    out = out.join(flops_lookup(out["model"]), on="model")
    order = {f: i for i, f in enumerate(FAMILY_ORDER)}
    out["_f"] = out["model_family"].map(order).fillna(len(order))
    out = out.sort_values(["_f", "params"], na_position="last", kind="stable").drop(columns="_f")
    cols = ["model_family", "model", "engine", "params", "train_flops", "flops_source",
            "baseline", "technique", "gain_pp", "dataset", "table", "note"]
    return out[cols].reset_index(drop=True)


def unplaced_models(table: pd.DataFrame, x: str = "params") -> pd.DataFrame:
    """Models of a :func:`gain_table` that cannot be drawn against ``x``, with the reason.

    Returns
    -------
    DataFrame
        Columns ``model``, ``reason`` (e.g. "parameter count not published",
        "no training FLOPs in model_scales", "baseline or technique value missing").
    """
    _check_choice("x", x, X_COLUMNS)
    reasons = []
    for _, r in table.iterrows():
        if pd.isna(r["gain_pp"]):
            reasons.append((r["model"], "baseline or technique value missing"))
        elif pd.isna(r[x]):
            reasons.append((r["model"], "parameter count not published" if x == "params"
                            else "no training FLOPs in model_scales"))
    return pd.DataFrame(reasons, columns=["model", "reason"])


# ---------------------------------------------------------------------------------------------
# Threshold a and emergence scale
# ---------------------------------------------------------------------------------------------
def _fmt_scale(v: float, x: str) -> str:
    if x == "params":
        for div, suf in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
            if v >= div:
                return f"{v / div:.3g}{suf}"
        return f"{v:.3g}"
    return f"{v:.2g} FLOPs"


@dataclass(frozen=True)
class ThresholdReport:
    """Which models lie at or above a scale threshold ``a`` and whether the gain is positive there.

    ``above`` and ``below`` are slices of the gain table (models with a known scale and gain);
    ``unplaced`` lists the models that have no value on this axis.
    """

    a: float
    x: str
    above: pd.DataFrame
    below: pd.DataFrame
    unplaced: pd.DataFrame

    @property
    def n_above_positive(self) -> int:
        """Number of models at or above ``a`` whose gain is > 0 pp."""
        return int((self.above["gain_pp"] > 0).sum())

    @property
    def all_above_positive(self) -> bool | None:
        """True when every model at or above ``a`` gains; None when there is none."""
        return None if self.above.empty else bool((self.above["gain_pp"] > 0).all())

    def text(self, max_models: int = 6) -> str:
        """One-paragraph summary for a caption."""
        unit = "parameters" if self.x == "params" else ""
        head = f"a = {_fmt_scale(self.a, self.x)} {unit}".rstrip() + ": "
        if self.above.empty:
            s = head + "no model at or above a."
        else:
            items = [f"{m} {g:+.1f} pp" for m, g in
                     zip(self.above["model"], self.above["gain_pp"], strict=True)]
            more = f" and {len(items) - max_models} more" if len(items) > max_models else ""
            verdict = ("the gain is positive for all of them" if self.all_above_positive else
                       f"the gain is positive for {self.n_above_positive} of {len(items)}")
            s = (head + f"{len(items)} model(s) at or above a ({', '.join(items[:max_models])}"
                 f"{more}); {verdict}.")
        if not self.below.empty:
            nb = int((self.below["gain_pp"] > 0).sum())
            s += (f" Below a: {len(self.below)} model(s), gain positive for {nb}, "
                  f"mean {self.below['gain_pp'].mean():+.1f} pp.")
        if not self.unplaced.empty:
            s += " Not on this axis: " + _listing(self.unplaced) + "."
        return s


def threshold_report(table: pd.DataFrame, a: float, x: str = "params") -> ThresholdReport:
    """Split a :func:`gain_table` at the scale threshold ``a``.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`gain_table`.
    a : float
        Threshold, in parameters (``x="params"``) or training FLOPs (``x="train_flops"``); > 0.
    x : {"params", "train_flops"}
    """
    _check_choice("x", x, X_COLUMNS)
    if not (isinstance(a, (int, float, np.floating, np.integer)) and math.isfinite(a) and a > 0):
        raise EmergenceInputError(f"a: must be a positive finite scale, got {a!r}")
    for col in ("model", "gain_pp", x):
        if col not in table.columns:
            raise EmergenceInputError(f"table: missing column {col!r}; pass a gain_table()")
    placed = table[table[x].notna() & table["gain_pp"].notna()]
    return ThresholdReport(float(a), x, placed[placed[x] >= a].reset_index(drop=True),
                           placed[placed[x] < a].reset_index(drop=True),
                           unplaced_models(table, x))


def gain_pp(baseline_pct, technique_pct) -> np.ndarray:
    """Gain of a technique over its baseline on the same models, in percentage points.

    ``gain = technique - baseline``, element by element; both scores in **percent**, so the
    difference is in percentage points (pp), not a ratio or a percent change.

    Parameters
    ----------
    baseline_pct, technique_pct : array_like
        Scores in percent, one per model (same length).

    Returns
    -------
    ndarray of float
        Gains in pp (NaN where a score is missing).
    """
    b = np.asarray(baseline_pct, dtype=float)
    t = np.asarray(technique_pct, dtype=float)
    if b.shape != t.shape:
        raise EmergenceInputError(f"baseline_pct, technique_pct: shapes differ, {b.shape} and "
                                  f"{t.shape}")
    return t - b


def emergence_scale_1d(scale, gains_pp, min_gain_pp: float = 0.0) -> float:
    """The smallest scale from which every model gains more than ``min_gain_pp``.

    Sort the models by scale; walk down from the largest model while its gain exceeds
    ``min_gain_pp``; the answer is the scale of the last model passed. NaN when the largest
    model does not gain that much.

    Parameters
    ----------
    scale : array_like
        Parameters or training FLOPs of the models of one family (any order; no NaN).
    gains_pp : array_like
        Their gains, percentage points.
    min_gain_pp : float
        Gains must be strictly larger than this (pp).

    Returns
    -------
    float
        A scale in the unit of ``scale``, or NaN.
    """
    x = np.asarray(scale, dtype=float).ravel()
    g = np.asarray(gains_pp, dtype=float).ravel()
    if x.shape != g.shape:
        raise EmergenceInputError(f"scale, gains_pp: lengths differ, {x.size} and {g.size}")
    order = np.argsort(x, kind="stable")
    result = np.nan
    for i in order[::-1]:
        if not g[i] > min_gain_pp:
            break
        result = float(x[i])
    return result


def all_above_gain(scale, gains_pp, a: float) -> bool | None:
    """Does every model at or above the threshold ``a`` gain (gain > 0 pp)?

    Parameters
    ----------
    scale : array_like
        Scales of the models (parameters or training FLOPs).
    gains_pp : array_like
        Their gains, percentage points.
    a : float
        Threshold in the unit of ``scale``; a model with ``scale >= a`` is "at or above".

    Returns
    -------
    bool or None
        True when all of them gain, False when at least one does not, None when no model is at
        or above ``a`` (the claim is then untested).
    """
    x = np.asarray(scale, dtype=float).ravel()
    g = np.asarray(gains_pp, dtype=float).ravel()
    if x.shape != g.shape:
        raise EmergenceInputError(f"scale, gains_pp: lengths differ, {x.size} and {g.size}")
    above = x >= a
    if not above.any():
        return None
    return bool(np.all(g[above] > 0))


def gain_standard_error_pp(baseline_pct, technique_pct, n_questions) -> np.ndarray:
    """Binomial standard error of a gain, in percentage points.

    Each arm's accuracy ``p`` (a fraction) measured on ``n`` questions has a standard error
    ``sqrt(p (1 - p) / n)``; treating the two arms as independent, the error of their
    difference is ``100 sqrt(pb (1 - pb) / n + pt (1 - pt) / n)`` pp. (The two arms answer the
    same questions, so the true error of the difference is usually somewhat smaller.)

    Parameters
    ----------
    baseline_pct, technique_pct : array_like
        Accuracies in percent.
    n_questions : int or array_like
        Questions scored in each arm (> 0).

    Returns
    -------
    ndarray of float
        Standard errors in pp.
    """
    pb = np.asarray(baseline_pct, dtype=float) / 100.0
    pt = np.asarray(technique_pct, dtype=float) / 100.0
    n = np.asarray(n_questions, dtype=float)
    if np.any(n <= 0):
        raise EmergenceInputError(f"n_questions: must be > 0, got {n_questions!r}")
    return 100.0 * np.sqrt(pb * (1 - pb) / n + pt * (1 - pt) / n)


def emergence_scale(table: pd.DataFrame, x: str = "params",
                    min_gain_pp: float = 0.0) -> pd.Series:
    """Per family, the smallest scale from which the gain stays above ``min_gain_pp``.

    The scale of the smallest model such that it and every larger model of the same family
    gain more than ``min_gain_pp`` percentage points. NaN when the largest model does not (the
    technique has not "emerged" in this family), or when the family has no placeable model.
    When even the smallest model tested gains, the result is that model's scale: the data then
    only bound the emergence scale from above (see the ``pattern`` of :func:`gain_summary`).

    Returns
    -------
    Series
        Index: model family; values in the unit of ``x``.
    """
    _check_choice("x", x, X_COLUMNS)
    if not math.isfinite(min_gain_pp):
        raise EmergenceInputError(f"min_gain_pp: must be finite, got {min_gain_pp!r}")
    out = {}
    for fam, sub in table.groupby("model_family", sort=False):
        s = sub[sub[x].notna() & sub["gain_pp"].notna()]
        out[fam] = emergence_scale_1d(s[x], s["gain_pp"], min_gain_pp)
    return pd.Series(out, name=f"emergence scale ({x})", dtype=float)


def gain_summary(technique: str = "chain of thought", x: str = "params") -> pd.DataFrame:
    """One row per benchmark and family: gain of the smallest and the largest model, the
    :func:`emergence_scale` (in the unit of ``x``) and a ``pattern``: "no gain below, gain
    above" (the emergent pattern), "mixed below the emergence scale" (some smaller model gains,
    a larger one does not, then the largest ones gain), "helps at every size tested" (the
    emergence scale is then just the smallest model tested), "no gain at the largest model" or
    "one model only". Gains in percentage points."""
    _check_choice("technique", technique, TECHNIQUES)
    _check_choice("x", x, X_COLUMNS)
    rows = []
    for bench in benchmarks(technique):
        tab = gain_table(technique, bench)
        scales = emergence_scale(tab, x)
        for fam, sub in tab.groupby("model_family", sort=False):
            s = sub[sub[x].notna() & sub["gain_pp"].notna()].sort_values(x)
            if s.empty:
                continue
            g = s["gain_pp"].to_numpy(float)
            if len(s) == 1:
                pattern = "one model only"
            elif g[-1] <= 0:
                pattern = "no gain at the largest model"
            elif np.all(g > 0):
                pattern = "helps at every size tested"
            else:
                below = g[: int(np.flatnonzero(g <= 0)[-1]) + 1]  # up to the last non-gain
                pattern = ("no gain below, gain above" if np.all(below <= 0)
                           else "mixed below the emergence scale")
            rows.append({"benchmark": bench, "model_family": fam, "n_models": len(s),
                         "smallest": s["model"].iloc[0],
                         "gain_smallest_pp": float(s["gain_pp"].iloc[0]),
                         "largest": s["model"].iloc[-1],
                         "gain_largest_pp": float(s["gain_pp"].iloc[-1]),
                         "emergence_scale": scales[fam], "pattern": pattern})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Wei et al. Table 1 (augmented prompting half)
# ---------------------------------------------------------------------------------------------
#: Table 1 abilities for which ``data/`` has per-size values: (technique, benchmarks, family).
TABLE1_PER_SIZE = {
    "Chain-of-thought: Math word problems": (
        "chain of thought", ("GSM8K", "SVAMP", "ASDiv", "AQuA", "MAWPS"), "LaMDA"),
    "Chain-of-thought: StrategyQA": ("chain of thought", ("StrategyQA",), "PaLM"),
}


def table1_augmented() -> pd.DataFrame:
    """The augmented-prompting rows of Wei et al. Table 1, with where per-size values exist.

    Returns
    -------
    DataFrame
        ``ability``, ``model_family``, ``model``, ``params``, ``train_flops`` (the emergence
        scale as printed), ``reference``, ``per_size_in_data`` (bool) and ``per_size_source``
        (what in ``data/`` has per-size values, or why nothing does).
    """
    from . import data

    t1 = data.load("wei_table1")
    aug = t1[t1["category"] == "augmented prompting"].copy()
    aug["per_size_in_data"] = aug["ability"].isin(list(TABLE1_PER_SIZE))
    aug["per_size_source"] = [
        (f"chain_of_thought ({TABLE1_PER_SIZE[a][2]}: {', '.join(TABLE1_PER_SIZE[a][1])})"
         if a in TABLE1_PER_SIZE else "only the emergence scale (per-size values not in data/)")
        for a in aug["ability"]]
    cols = ["ability", "model_family", "model", "params", "train_flops", "reference",
            "per_size_in_data", "per_size_source"]
    return aug[cols].reset_index(drop=True)


def table1_comparison(min_gain_pp: float = 0.0) -> pd.DataFrame:
    """Compare Table 1's emergence scale with the one the per-size CoT tables give.

    For every Table 1 ability in :data:`TABLE1_PER_SIZE` and each of its benchmarks:
    the parameters Table 1 prints, and :func:`emergence_scale` of the same family (parameters).
    """
    t1 = table1_augmented().set_index("ability")
    rows = []
    for ability, (tech, benches, fam) in TABLE1_PER_SIZE.items():
        for bench in benches:
            tab = gain_table(tech, bench, fam)
            rows.append({"ability": ability, "benchmark": bench, "model_family": fam,
                         "table1_model": t1.at[ability, "model"],
                         "table1_params": float(t1.at[ability, "params"]),
                         "data_emergence_params": float(
                             emergence_scale(tab, "params", min_gain_pp).get(fam, np.nan)),
                         "gains_pp": ", ".join(f"{m.split()[-1]} {g:+.1f}" for m, g in
                                               zip(tab["model"], tab["gain_pp"], strict=True))})
    return pd.DataFrame(rows)


def plot_table1_augmented() -> tuple[Figure, dict[str, Any]]:
    """Dot chart of the augmented-prompting rows of Wei et al. Table 1 (emergence scale only).

    Each ability is a point at the training FLOPs where Wei et al. say it starts to help,
    labelled with the model. The figure says that per-size values are not in ``data/`` except
    for the chain-of-thought rows (filled markers).

    Returns
    -------
    fig : Figure
    artists : dict
        ``ax``, ``points`` (list of Line2D, one per ability), ``note`` (Text), ``alt`` (alt
        text).
    """
    tab = table1_augmented().sort_values("train_flops", kind="stable").reset_index(drop=True)
    fig = Figure(figsize=figsize(8.6, 5.4), layout="constrained")
    ax = fig.subplots()
    points, seen = [], set()
    for i, r in tab.iterrows():
        st = family_style(r["model_family"])
        filled = bool(r["per_size_in_data"])
        label = st.label if st.label not in seen else None
        seen.add(st.label)
        (pt,) = ax.plot([r["train_flops"]], [i], linestyle="none", marker=st.marker, ms=9,
                        color=st.color, markerfacecolor=st.color if filled else "white",
                        markeredgewidth=1.6, label=label)
        points.append(pt)
        ax.annotate(f"{r['model']}" + ("  (per-size values in data/)" if filled else ""),
                    (r["train_flops"], i), xytext=(8, 0), textcoords="offset points",
                    va="center", fontsize="small", fontweight="bold" if filled else "normal")
    ax.set_yticks(range(len(tab)), tab["ability"], fontsize="small")
    ax.set_xscale("log")
    ax.set_xlim(3e19, 3e26)  # room for the labels right of the points
    ax.set_ylim(-0.8, len(tab) - 0.2)
    ax.set_xlabel("Training FLOPs at which the technique starts to help (Wei et al. Table 1)")
    ax.set_title("Augmented prompting: emergence scale from Wei et al. (2022) Table 1")
    ax.legend(fontsize="small", loc="upper left", ncols=2)
    note = _figure_note(fig, "Only the emergence scale is in Table 1. Per-size values are NOT "
                        "in data/ for these techniques,\nexcept the two chain-of-thought rows "
                        "(filled markers; see the gain explorer).", fontsize=font(0.85), color="#7a0000")
    cot = tab[tab["per_size_in_data"]]
    first, last = tab.iloc[0], tab.iloc[-1]
    alt = (f"Dot chart of the {len(tab)} augmented-prompting rows of Wei et al. (2022) Table 1 "
           f"(published): each technique at the training FLOPs where it starts to help, from "
           f"{first['ability']} at {first['model']} ({first['train_flops']:.2g} FLOPs) to "
           f"{last['ability']} at {last['model']} ({last['train_flops']:.2g} FLOPs). Only the "
           f"rows with per-size values in data/ are filled ({', '.join(cot['model'])}); a note "
           "says that the other techniques have only this single emergence scale here.")
    return fig, {"ax": ax, "points": points, "note": note, "alt": alt}


# ---------------------------------------------------------------------------------------------
# Plots of the per-size data
# ---------------------------------------------------------------------------------------------
def plot_prompting_curves(technique: str = "chain of thought", benchmark: str = "GSM8K",
                          x: str = "params") -> tuple[Figure, dict[str, Any]]:
    """Baseline and technique accuracy against scale, one panel per model family.

    Families whose models have no value on ``x`` are not drawn and are named in the figure.

    Returns
    -------
    fig : Figure
    artists : dict
        ``axes`` (dict family -> Axes), ``note`` (Text listing models not shown), ``alt``
        (alt text for :func:`emergence_utils.widgets.show`).
    """
    _check_choice("x", x, X_COLUMNS)
    tab = gain_table(technique, benchmark)
    tech = TECHNIQUES[technique]
    placed = tab[tab[x].notna()]
    fams = [f for f in dict.fromkeys(placed["model_family"])]
    if not fams:
        raise EmergenceInputError(f"x: no model of {benchmark!r} has a value of {x!r}")
    fig = Figure(figsize=figsize(3.0 * len(fams) + 0.6, 3.4), layout="constrained")
    axs = fig.subplots(1, len(fams), sharex=True, sharey=True, squeeze=False)[0]
    axes = {}
    for ax, fam in zip(axs, fams, strict=True):
        s = placed[placed["model_family"] == fam].sort_values(x)
        st = family_style(fam)
        ax.plot(s[x], s["baseline"], "--", marker=st.marker, color="#7f7f7f",
                markerfacecolor="white", label=tech.baseline)
        ax.plot(s[x], s["technique"], "-", marker=st.marker, color=st.color, label=tech.name)
        ax.set_xscale("log")
        ax.set_title(st.label, fontsize="medium")
        ax.set_xlabel(X_COLUMNS[x])
        axes[fam] = ax
    lo, hi = placed[x].min(), placed[x].max()
    axs[0].set_xlim(lo / 3, hi * 3)
    axs[0].set_ylabel(f"{benchmark} accuracy (%)")
    axs[0].legend(fontsize="small")
    un = unplaced_models(tab, x)
    text = textwrap.fill("Not shown: " + _listing(un), 40 * len(fams)) if len(un) else ""
    note = _figure_note(fig, text, fontsize="small")
    fig.suptitle(f"{benchmark}: {tech.name} vs {tech.baseline} ({tech.source})", fontsize="medium")
    tops = []
    for fam in fams:
        top = placed[placed["model_family"] == fam].sort_values(x).iloc[-1]
        tops.append(f"{top['model']} {top['technique']:.1f} % vs {top['baseline']:.1f} %")
    alt = (f"{len(fams)} panels, {benchmark} accuracy (published) against "
           f"{X_COLUMNS[x].lower()} for {', '.join(fams)}: {tech.baseline} dashed grey, "
           f"{tech.name} in colour. Largest model of each family, {tech.name} vs "
           f"{tech.baseline}: {'; '.join(tops)}."
           + (f" Not shown: {_listing(un)}." if len(un) else ""))
    return fig, {"axes": axes, "note": note, "alt": alt}


_X_LIMITS = {"params": (5e7, 2e12), "train_flops": (5e19, 1e25)}
_EMPTY_GAINS = pd.DataFrame({c: pd.Series(dtype=float if c in ("params", "train_flops", "gain_pp")
                                                    else object)
                             for c in ("model_family", "model", "params", "train_flops",
                                       "gain_pp")})


def _gain_title(technique: str, benchmark: str, family: str | None) -> str:
    fam = "" if family in (None, "all") else f", {family}"
    return f"{benchmark}{fam}: {TECHNIQUES[technique].label}"


def empty_reason(table: pd.DataFrame, x: str) -> str:
    """Why a gain plot against ``x`` has nothing to draw ("" when some model can be placed).

    Lists every model of ``table`` with the reason it cannot be placed (e.g. "UL2 20B: no
    training FLOPs in model_scales"), so an empty frame always says why it is empty.
    """
    _check_choice("x", x, X_COLUMNS)
    if len(table) and (table[x].notna() & table["gain_pp"].notna()).any():
        return ""
    if not len(table):
        return "Nothing to plot: this selection has no models."
    un = unplaced_models(table, x)
    items = [f"{m}: {r}" for m, r in zip(un["model"], un["reason"], strict=True)]
    return "Nothing to plot on this axis.\n" + "\n".join(items)


def set_empty_reason(art: dict[str, Any], text: str) -> None:
    """Show ``text`` in the middle of an empty gain plot, or hide it (``""``)."""
    lines = text.splitlines()
    if len(lines) > 5:  # long lists (a whole family without FLOPs) stay inside the axes
        lines = lines[:4] + [f"... and {len(lines) - 4} more (listed in the caption)"]
    art["empty"].set_text("\n".join(textwrap.fill(ln, 60) for ln in lines) if text else "")
    art["empty"].set_visible(bool(text))


def _draw_gain(art: dict[str, Any], table: pd.DataFrame, x: str, a: float,
               title: str) -> ThresholdReport:
    ax = art["ax"]
    placed = table[table[x].notna() & table["gain_pp"].notna()]
    for fam, line in art["lines"].items():
        s = placed[placed["model_family"] == fam].sort_values(x)
        line.set_data(s[x].to_numpy(float), s["gain_pp"].to_numpy(float))
        line.set_visible(not s.empty)
    rep = threshold_report(table, a, x)
    for key, sel in (("above_pos", rep.above["gain_pp"] > 0), ("above_neg", rep.above["gain_pp"] <= 0)):
        sub = rep.above[sel]
        art[key].set_data(sub[x].to_numpy(float), sub["gain_pp"].to_numpy(float))
    art["a_line"].set_xdata([a, a])
    ax.set_xlim(*_X_LIMITS[x])
    ax.set_xlabel(X_COLUMNS[x] + (" (model_scales; see flops_source)" if x == "train_flops" else
                                  " (as printed in the source table)"))
    g = placed["gain_pp"].to_numpy(float)
    lo, hi = (min(g.min(), 0.0), max(g.max(), 0.0)) if g.size else (-1.0, 1.0)
    pad = max(0.08 * (hi - lo), 1.0)
    ax.set_ylim(lo - pad, hi + pad)
    ax.set_title(title, fontsize="medium")
    art["follow_legend"]()  # one legend for every family: rows of families not shown hidden
    un = rep.unplaced
    msg = f"Not on this axis ({len(un)}): " + _listing(un) if len(un) else ""
    if placed.empty:
        msg = "No model of this selection has a value on this axis. " + msg
    set_empty_reason(art, empty_reason(table, x) if placed.empty else "")
    # one line always (the layout stays put); the caption has the whole list
    art["note"].set_text(textwrap.shorten(msg, 125, placeholder=" ... (all in the caption)")
                         if msg else " ")
    return rep


def plot_gain(table: pd.DataFrame, x: str = "params", a: float = 1e11, *,
              title: str = "") -> tuple[Figure, dict[str, Any]]:
    """Gain (percentage points) of a technique against scale, with a zero line and threshold ``a``.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`gain_table`.
    x : {"params", "train_flops"}
        Scale axis: parameters or training FLOPs (from ``model_scales``).
    a : float
        Threshold drawn as a vertical line, in the unit of ``x``; models at or above it are
        ringed (green: gain > 0, vermillion: gain <= 0).

    Returns
    -------
    fig : Figure
    artists : dict
        ``ax``, ``lines`` (family -> Line2D), ``above_pos``, ``above_neg`` (Line2D rings),
        ``a_line`` (Line2D), ``zero`` (Line2D), ``note`` (Text), ``legend``, ``empty`` (Text
        in the axes saying why nothing is drawn, hidden otherwise), ``alt`` (alt text at the
        defaults), ``report``
        (:class:`ThresholdReport` at the defaults).
    """
    _check_choice("x", x, X_COLUMNS)
    fig = Figure(figsize=figsize(7.6, 4.6), layout="constrained")
    ax = fig.subplots()
    ax.set_xscale("log")
    ax.set_xlim(*_X_LIMITS[x])
    zero = ax.axhline(0.0, color="black", linewidth=1.0, zorder=1.6)  # above the grid
    lines = {}
    for fam in FAMILY_ORDER:
        st = family_style(fam)
        (lines[fam],) = ax.plot([], [], "-", marker=st.marker, color=st.color, label=st.label,
                                markeredgecolor="white", markeredgewidth=0.6, ms=8, zorder=3)
    (above_pos,) = ax.plot([], [], "o", ms=15, markerfacecolor="none", markeredgecolor="#009E73",
                           markeredgewidth=2, zorder=2, label="at/above a, gain > 0")
    (above_neg,) = ax.plot([], [], "o", ms=15, markerfacecolor="none", markeredgecolor="#D55E00",
                           markeredgewidth=2, zorder=2, label="at/above a, gain <= 0")
    a_line = ax.axvline(a, color="#E69F00", linestyle="-.", linewidth=1.8, label="threshold a")
    ax.set_ylabel("gain (percentage points)")
    note = _figure_note(fig, "", fontsize="small")
    # says in the axes why the frame is empty (a model without a value on this axis)
    empty = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center",
                    fontsize=font(0.9), color="#7a0000", zorder=6, visible=False,
                    bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "#7a0000"})
    handles = [*lines.values(), a_line]
    legend = ax.legend(handles=handles, loc="upper left", fontsize="small")
    art = {"ax": ax, "lines": lines, "above_pos": above_pos, "above_neg": above_neg,
           "a_line": a_line, "zero": zero, "note": note, "legend": legend, "empty": empty,
           "follow_legend": legend_follower(legend, handles)}
    art["report"] = _draw_gain(art, table, x, a, title)
    art["alt"] = (f"Gain in percentage points (derived: technique minus baseline, published "
                  f"scores) against {X_COLUMNS[x].lower()} on a log axis, with a zero line and a "
                  f"threshold line at a. " + art["report"].text())
    return fig, art


def _log_limits(x: str) -> tuple[float, float]:
    lo, hi = _X_LIMITS[x]
    return math.log10(lo), math.log10(hi)


def gain_widget(technique: str = "chain of thought", benchmark: str = "GSM8K",
                family: str = "all", x: str = "params", a_params: float = 1e11,
                a_flops: float = 1e23):
    """Explorer of the gain of a technique against scale, with a threshold ``a``.

    Controls: technique, benchmark (its options follow the technique), model family, x-axis
    (parameters or training FLOPs) and the threshold ``a`` in the unit of the x-axis. Switching
    the axis switches the slider's range and unit and restores the last threshold used on that
    axis (``a_params`` and ``a_flops`` are the starting values). The caption says which models
    lie at or above ``a``, whether the gain is positive there, and which models cannot be placed
    on the axis.

    Returns
    -------
    emergence_utils.widgets.LiveFigure
        Controls ``technique``, ``benchmark``, ``family``, ``x`` and two threshold sliders:
        ``a_params`` (parameters), shown while ``x == "params"``, and ``a_flops`` (training
        FLOPs), shown while ``x == "train_flops"``. Each keeps its value while hidden, so
        switching the axis back restores that axis's threshold.
    """
    import ipywidgets as w

    from .widgets import LiveFigure

    _check_choice("technique", technique, TECHNIQUES)
    _check_choice("benchmark", benchmark, benchmarks(technique))
    _check_choice("x", x, X_COLUMNS)
    fam_options = ["all", *FAMILY_ORDER]
    _check_choice("family", family, fam_options)
    for name, val, (lo, hi) in (("a_params", a_params, _X_LIMITS["params"]),
                                ("a_flops", a_flops, _X_LIMITS["train_flops"])):
        if not (isinstance(val, (int, float)) and lo <= val <= hi):
            raise EmergenceInputError(f"{name}: must be between {lo:g} and {hi:g}, got {val!r}")

    def table_for(technique, benchmark, family):
        if benchmark not in benchmarks(technique):
            return None
        if family != "all" and family not in families(technique, benchmark):
            return None
        return gain_table(technique, benchmark, family)

    tab0 = table_for(technique, benchmark, family)
    if tab0 is None:
        raise EmergenceInputError(f"family: {family!r} has no values for {technique!r} on "
                                  f"{benchmark!r}; families: {families(technique, benchmark)}")
    a0 = float(a_params) if x == "params" else float(a_flops)
    fig, art = plot_gain(tab0, x, a0, title=_gain_title(technique, benchmark, family))
    style = {"description_width": "initial"}
    lay = w.Layout(width="330px")

    def a_slider(axis: str, value: float, label: str):
        lo, hi = _log_limits(axis)
        return w.FloatLogSlider(value=value, base=10, min=lo, max=hi, step=0.05,
                                description=label, style=style, readout_format=".2e",
                                continuous_update=False)

    controls = {
        "technique": w.Dropdown(options=technique_names(), value=technique,
                                description="technique", style=style, layout=lay),
        "benchmark": w.Dropdown(options=benchmarks(technique), value=benchmark,
                                description="benchmark", style=style, layout=lay),
        "family": w.Dropdown(options=fam_options, value=family, description="model family",
                             style=style, layout=lay),
        "x": w.ToggleButtons(options=[("parameters", "params"), ("training FLOPs", "train_flops")],
                             value=x, description="x-axis", style=style),
        # one slider per axis (ranges differ by ten powers of ten); LiveFigure shows the one
        # that matches the x-axis. Changing one slider's range instead would leave its Home
        # and End keys on the first range in ipywidgets 8.
        "a_params": a_slider("params", float(a_params), "a (parameters)"),
        "a_flops": a_slider("train_flops", float(a_flops), "a (training FLOPs)"),
    }

    live: list[LiveFigure] = []  # filled below; lets on_technique pause the redraw

    class _Paused:
        """Detach LiveFigure's redraw from a control while its menu is swapped."""

        def __init__(self, ctl):
            self.ctl = ctl

        def __enter__(self):
            if live:
                self.ctl.unobserve(live[0]._on_change, names="value")

        def __exit__(self, *exc):
            if live:
                self.ctl.observe(live[0]._on_change, names="value")

    # This observer is registered before LiveFigure's own ones, so it runs first: it updates
    # the benchmark menu silently, then LiveFigure redraws once for the change.
    def on_technique(change: dict) -> None:
        opts = benchmarks(change["new"])
        bench = controls["benchmark"]
        old = bench.value
        with _Paused(bench):
            bench.options = opts
            bench.value = old if old in opts else opts[0]

    controls["technique"].observe(on_technique, names="value")

    selections = {"before": None, "now": None}  # (technique, benchmark, family, x) per update

    def update(technique, benchmark, family, x, a_params, a_flops) -> str:
        selections["before"], selections["now"] = selections["now"], (technique, benchmark,
                                                                      family, x)
        a = a_params if x == "params" else a_flops
        tab = table_for(technique, benchmark, family)
        if tab is None:
            _draw_gain(art, _EMPTY_GAINS, x, a, _gain_title(technique, benchmark, family))
            have = (families(technique, benchmark) if benchmark in benchmarks(technique)
                    else [])
            msg = (f"No values for family {family!r} on {benchmark!r} with {technique!r}; "
                   f"families with values: {', '.join(have) or 'none'}.")
            art["note"].set_text(textwrap.fill(msg, 125))
            set_empty_reason(art, "Nothing to plot.\n" + msg)
            art["report"] = threshold_report(_EMPTY_GAINS, a, x)
            return msg
        rep = _draw_gain(art, tab, x, a, _gain_title(technique, benchmark, family))
        art["report"] = rep
        return rep.text()

    def alt(technique, benchmark, family, x, a_params, a_flops) -> str:
        fam = "all families" if family == "all" else family
        return (f"Gain in percentage points of {TECHNIQUES[technique].label} on {benchmark} "
                f"({fam}) against {X_COLUMNS[x].lower()} on a log axis, with a zero line and a "
                f"vertical threshold line. " + art["report"].text())

    # Blitting. A move of a threshold slider redraws only the threshold line and the rings.
    # A new selection (technique, benchmark, family) redraws what it can change: the data
    # lines, rings, threshold and zero lines, the y axis (its limits follow the gains), the
    # title, legend and note; the x axis stays in the saved picture. The x-axis toggle, or a
    # note or y numbers that need another layout, draw the whole figure.
    def animated() -> list:
        rings = [art["above_pos"], art["above_neg"], art["a_line"]]
        if selections["before"] == selections["now"]:
            return rings
        ax = art["ax"]
        return [*art["lines"].values(), *rings, art["zero"], ax.yaxis, ax.title,
                art["legend"], art["note"], art["empty"]]

    live.append(LiveFigure(fig, update, controls, alt,
                           prompt="Where does the gain cross zero? Put the threshold a there: are "
                                  "all models above it helped, and in every family?",
                           animated=animated,
                           shown_when={"a_params": ("x", "params"),
                                       "a_flops": ("x", "train_flops")}))
    return live[0]
