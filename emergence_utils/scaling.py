"""Smooth scaling laws of the pre-training loss, and the three measures of scale.

Constants are the published fits, quoted with their source:

- Kaplan et al. (2020), "Scaling Laws for Neural Language Models", arXiv 2001.08361, Eqs. (1.1)-(1.3):
  ``L(N) = (N_c / N)^alpha_N`` with ``alpha_N = 0.076``, ``N_c = 8.8e13`` non-embedding parameters;
  ``L(D) = (D_c / D)^alpha_D`` with ``alpha_D = 0.095``, ``D_c = 5.4e13`` tokens;
  ``L(C_min) = (C_c / C_min)^alpha_C`` with ``alpha_C = 0.050``, ``C_c = 3.1e8`` PF-days.
  Loss in nats per token on their WebText2 test set.
- Hoffmann et al. (2022), "Training Compute-Optimal Large Language Models" (Chinchilla),
  arXiv 2203.15556, Sec. 3.3 (approach 3) / App. D.2:
  ``L(N, D) = E + A / N^alpha + B / D^beta`` with ``E = 1.69``, ``A = 406.4``, ``B = 410.7``,
  ``alpha = 0.34``, ``beta = 0.28`` (nats per token on MassiveText).

The two fits use different data, tokenizers and definitions of N, so their losses are not on one
scale: compare shapes, not levels.

Besides the laws, this module checks the rule of thumb ``C ~ 6 N D`` against the training FLOPs
the papers publish (:func:`flops_vs_6nd`, :func:`flops_disagreements`), places real models
relative to the compute-optimal allocation (:func:`allocation_table`) and draws the figures and
the interactive explorer of notebook 02 (:func:`plot_model_scales`, :func:`plot_flops_ratio`,
:func:`build_law_explorer`, :func:`law_widget`).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator

from . import data as _data
from .errors import EmergenceDataError, EmergenceInputError
from .style import family_style, figsize

__all__ = ["PF_DAY_FLOPS", "KAPLAN", "CHINCHILLA", "KaplanLaw", "ChinchillaLaw",
           "training_flops", "kaplan_loss_n", "kaplan_loss_d", "kaplan_loss_c",
           "chinchilla_loss", "chinchilla_optimal",
           # added for notebook 02
           "GOPHER_BUDGET_FLOPS", "APPROACH3_GOPHER_PARAMS", "APPROACH1_ANCHOR",
           "ALLOCATION_EXPONENTS", "BUDGET_RANGE", "AXES_OPTIONS",
           "chinchilla_optimal_loss", "iso_flop_tokens", "approach1_optimal",
           "format_count", "flops_vs_6nd", "flops_disagreements", "allocation_table",
           "PALM_HEAD_DIM", "PALM_SEQ_LEN", "PALM_TABLE22_TFLOPS_PER_TOKEN",
           "attention_flops_per_token", "palm_flops_per_token", "optimal_exponents",
           "suspect_rows",
           "plot_model_scales", "plot_flops_ratio", "LawExplorer", "build_law_explorer",
           "law_widget"]

#: One petaflop/s-day in FLOPs (1e15 FLOP/s for 86,400 s), the unit of Kaplan's C.
PF_DAY_FLOPS = 1e15 * 86_400

#: Gopher's training budget in FLOPs as quoted by Hoffmann et al. (2022), Fig. 2 caption
#: ("the number of FLOPs used to train Gopher (5.76 x 10^23)"); Chinchilla used the same budget.
GOPHER_BUDGET_FLOPS = 5.76e23

#: Hoffmann et al. (2022), Fig. 4 caption: the approach-3 fit projects "the optimal model size
#: given the Gopher FLOP budget to be 40B parameters".
APPROACH3_GOPHER_PARAMS = 40e9

#: Hoffmann et al. (2022), Table 3 (approach 1): a 67 billion parameter model is compute-optimal
#: at 5.76e23 FLOPs (the table prints 1.5 trillion tokens for it). ``(flops, params)``.
APPROACH1_ANCHOR = (5.76e23, 67e9)

#: Exponents ``(a, b)`` of ``N_opt ~ C^a`` and ``D_opt ~ C^b``, Hoffmann et al. (2022) Table 2;
#: the Kaplan et al. (2020) row is as quoted in that table.
ALLOCATION_EXPONENTS: dict[str, tuple[float, float]] = {
    "Hoffmann approach 1 (training-curve minima)": (0.50, 0.50),
    "Hoffmann approach 2 (IsoFLOP profiles)": (0.49, 0.51),
    "Hoffmann approach 3 (parametric fit)": (0.46, 0.54),
    "Kaplan et al. 2020": (0.73, 0.27),
}

#: PaLM's attention head size Q (Chowdhery et al. 2022, Table 1 caption: "the attention head
#: size is always 256"). It is not d_model / n_heads: PaLM 540B has 48 heads and d_model 18432.
PALM_HEAD_DIM = 256
#: PaLM's training sequence length T in tokens (Chowdhery et al. 2022, Sec. 5: 2048 for all
#: models).
PALM_SEQ_LEN = 2048
#: Chowdhery et al. (2022) Table 22, "TFLOPs per token (non-attn + attn)", without the
#: re-materialization FLOPs (published; 1 TFLOP = 1e12 FLOPs).
PALM_TABLE22_TFLOPS_PER_TOKEN = {"PaLM 8B": 0.0550, "PaLM 62B": 0.388, "PaLM 540B": 3.28}

#: Range of the compute-budget slider (FLOPs).
BUDGET_RANGE = (1e19, 1e26)
#: Options of the axes toggle.
AXES_OPTIONS = ("log-log", "linear")


@dataclass(frozen=True)
class KaplanLaw:
    """Kaplan et al. (2020) single-variable power laws (N non-embedding params, D tokens, C PF-days)."""

    alpha_n: float = 0.076
    n_c: float = 8.8e13
    alpha_d: float = 0.095
    d_c: float = 5.4e13
    alpha_c: float = 0.050
    c_c_pf_days: float = 3.1e8


@dataclass(frozen=True)
class ChinchillaLaw:
    """Hoffmann et al. (2022) parametric loss ``E + A/N^alpha + B/D^beta``."""

    e: float = 1.69
    a: float = 406.4
    b: float = 410.7
    alpha: float = 0.34
    beta: float = 0.28


KAPLAN = KaplanLaw()
CHINCHILLA = ChinchillaLaw()


def _positive(name: str, value) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise EmergenceInputError(f"{name}: must be positive and finite, got {value!r}") from None
    if arr.size == 0 or np.any(~np.isfinite(arr)) or np.any(arr <= 0):
        raise EmergenceInputError(f"{name}: must be positive and finite, got {value!r}")
    return arr


def training_flops(params, tokens):
    """Training compute ``C ~ 6 N D`` in FLOPs (Kaplan et al. 2020, Sec. 2.1).

    Parameters
    ----------
    params : array_like
        Parameters N (count).
    tokens : array_like
        Training tokens D (count).
    """
    return 6.0 * _positive("params", params) * _positive("tokens", tokens)


def kaplan_loss_n(params, law: KaplanLaw = KAPLAN):
    """Loss (nats/token) of a model of ``params`` non-embedding parameters trained to convergence."""
    return (law.n_c / _positive("params", params)) ** law.alpha_n


def kaplan_loss_d(tokens, law: KaplanLaw = KAPLAN):
    """Loss (nats/token) of a large model trained with early stopping on ``tokens`` tokens."""
    return (law.d_c / _positive("tokens", tokens)) ** law.alpha_d


def kaplan_loss_c(flops, law: KaplanLaw = KAPLAN):
    """Loss (nats/token) at compute-efficient training with ``flops`` FLOPs (converted to PF-days)."""
    pf_days = _positive("flops", flops) / PF_DAY_FLOPS
    return (law.c_c_pf_days / pf_days) ** law.alpha_c


def chinchilla_loss(params, tokens, law: ChinchillaLaw = CHINCHILLA):
    """Chinchilla parametric loss (nats/token) for ``params`` parameters and ``tokens`` tokens."""
    n = _positive("params", params)
    d = _positive("tokens", tokens)
    return law.e + law.a / n**law.alpha + law.b / d**law.beta


def chinchilla_optimal(flops, law: ChinchillaLaw = CHINCHILLA) -> tuple[np.ndarray, np.ndarray]:
    """Compute-optimal parameters and tokens for a budget of ``flops`` FLOPs under ``C = 6 N D``.

    Minimising ``E + A/N^alpha + B/D^beta`` subject to ``6 N D = C`` gives (Hoffmann et al.
    2022, Eq. 4) ``N_opt = G (C/6)^(beta/(alpha+beta))`` and ``D_opt = (C/6) / N_opt`` with
    ``G = (alpha A / (beta B))^(1/(alpha+beta))``.

    Returns
    -------
    n_opt, d_opt : ndarray
        Parameters (count) and training tokens (count).
    """
    c = _positive("flops", flops)
    g = (law.alpha * law.a / (law.beta * law.b)) ** (1.0 / (law.alpha + law.beta))
    n_opt = g * (c / 6.0) ** (law.beta / (law.alpha + law.beta))
    return n_opt, (c / 6.0) / n_opt


def chinchilla_optimal_loss(flops, law: ChinchillaLaw = CHINCHILLA) -> np.ndarray:
    """Loss (nats/token, MassiveText) of the compute-optimal model for ``flops`` FLOPs.

    ``L(N_opt(C), D_opt(C))`` with :func:`chinchilla_optimal`; the Chinchilla counterpart of
    Kaplan's ``L(C)``.
    """
    n_opt, d_opt = chinchilla_optimal(flops, law)
    return chinchilla_loss(n_opt, d_opt, law)


def iso_flop_tokens(params, flops) -> np.ndarray:
    """Training tokens D that spend a budget of ``flops`` FLOPs on ``params`` parameters.

    ``D = C / (6 N)``: along this curve (an "IsoFLOP" slice) every model costs the same.
    """
    return _positive("flops", flops) / (6.0 * _positive("params", params))


def optimal_exponents(law: ChinchillaLaw = CHINCHILLA) -> tuple[float, float]:
    """Exponents ``(a, b)`` of ``N_opt ~ C^a`` and ``D_opt ~ C^b`` implied by a fitted law.

    ``a = beta / (alpha + beta)``, ``b = alpha / (alpha + beta)``. With the constants as printed
    (alpha = 0.34, beta = 0.28) this gives 0.452 and 0.548; Hoffmann et al.'s Table 2 lists 0.46
    and 0.54 for approach 3 (:data:`ALLOCATION_EXPONENTS`), computed from unrounded constants.
    """
    total = law.alpha + law.beta
    return law.beta / total, law.alpha / total


def attention_flops_per_token(n_layers, n_heads, head_dim, seq_len):
    """Training FLOPs per token of the attention matmuls: ``12 L H Q T`` (forward + backward).

    Chowdhery et al. (2022, App. B) add ``6 L H (2 Q T)`` FLOPs per token for dense
    self-attention to the ``6 N`` of the parameter matmuls (L layers, H heads, Q head size,
    T sequence length). The cost grows with the number of heads times the head size, not with
    d_model (PaLM uses a head size of 256 at every scale, :data:`PALM_HEAD_DIM`).

    Parameters
    ----------
    n_layers, n_heads, head_dim, seq_len : array_like
        L, H, Q (dimensions per head) and T (tokens per sequence); positive.

    Returns
    -------
    ndarray
        FLOPs per training token.
    """
    return (12.0 * _positive("n_layers", n_layers) * _positive("n_heads", n_heads)
            * _positive("head_dim", head_dim) * _positive("seq_len", seq_len))


def palm_flops_per_token(model_scales: pd.DataFrame, head_dim: float = PALM_HEAD_DIM,
                         seq_len: float = PALM_SEQ_LEN) -> pd.DataFrame:
    """``6N + 12 L H Q T`` for the PaLM rows of the model table, next to Table 22.

    Returns
    -------
    pandas.DataFrame
        One row per PaLM model of Chowdhery et al. (Table 1 / Table 22): ``model``, ``params``,
        ``n_layers``, ``n_heads``, ``d_model``, ``six_n`` and ``attention`` (FLOPs per token),
        ``formula_tflops`` (their sum in TFLOPs per token), ``table22_tflops`` (published),
        ``from_train_flops_tflops`` (published train FLOPs / tokens), and
        ``attention_if_q_is_d_model_over_h`` (the attention term with Q = d_model / H, which
        is not PaLM's head size, in FLOPs per token) and ``tflops_if_q_is_d_model_over_h``
        (6N plus that term, in TFLOPs per token, to compare with ``table22_tflops``).
    """
    df = _check_scales(model_scales)
    sel = df[(df["model_family"] == "PaLM") & df["paper"].astype(str).str.startswith("Chowdhery")
             & df["train_flops"].notna() & df["n_heads"].notna()]
    if sel.empty:
        raise EmergenceDataError("no PaLM row with train_flops and n_heads from Chowdhery et al.",
                                 dataset="model_scales", column="n_heads")
    rows = []
    for _, r in sel.iterrows():
        n, layers, heads, width = (float(r[c]) for c in ("params", "n_layers", "n_heads",
                                                          "d_model"))
        attn = float(attention_flops_per_token(layers, heads, head_dim, seq_len))
        attn_alt = float(attention_flops_per_token(layers, heads, width / heads, seq_len))
        rows.append({"model": r["model"], "params": n, "n_layers": layers, "n_heads": heads,
                     "d_model": width, "six_n": 6.0 * n, "attention": attn,
                     "formula_tflops": (6.0 * n + attn) / 1e12,
                     "table22_tflops": PALM_TABLE22_TFLOPS_PER_TOKEN.get(r["model"], np.nan),
                     "from_train_flops_tflops": float(r["train_flops"]) / float(r["train_tokens"])
                     / 1e12,
                     "attention_if_q_is_d_model_over_h": attn_alt,
                     "tflops_if_q_is_d_model_over_h": (6.0 * n + attn_alt) / 1e12})
    return pd.DataFrame(rows)


#: A row's ``note`` flags its value as a suspected error of the source when it matches this
#: (case-insensitive): "suspected typo in source: ..." (the data's wording), or the older
#: "... is likely intended". Notes about typos elsewhere in a paper's table do not match.
SUSPECT_NOTE = re.compile(r"suspected typo|likely intended", re.IGNORECASE)


def suspect_rows(model_scales: pd.DataFrame) -> pd.DataFrame:
    """Rows whose ``note`` flags a value as a suspected error of the source (e.g. a typo).

    Read from the data: a row is listed when its ``note`` matches :data:`SUSPECT_NOTE`. A
    table without a ``note`` column has no flagged row.

    Returns
    -------
    pandas.DataFrame
        ``model``, ``paper``, ``table``, ``train_flops`` and ``note`` of the flagged rows
        (their index is the row's position in the table).
    """
    df = _check_scales(model_scales)
    cols = ["model", "paper", "table", "train_flops", "note"]
    if "note" not in df.columns:
        return pd.DataFrame(columns=cols)
    hit = df["note"].fillna("").astype(str).str.contains(SUSPECT_NOTE)
    return df.loc[hit, cols]


def approach1_optimal(flops) -> tuple[np.ndarray, np.ndarray]:
    """Compute-optimal N and D from Hoffmann et al.'s approach 1 (training-curve minima).

    ``N_opt = 67e9 (C / 5.76e23)^0.50``: the exponent ``a = 0.50`` of Table 2 anchored at the
    Table 3 row "67 billion parameters, 5.76e+23 FLOPs" (:data:`APPROACH1_ANCHOR`); it reproduces
    the other rows of Table 3 to within 3% (e.g. 173e9 vs the printed 175e9 at 3.85e24 FLOPs).
    ``D_opt = C / (6 N_opt)``.

    Returns
    -------
    n_opt, d_opt : ndarray
        Parameters (count) and tokens (count).
    """
    c = _positive("flops", flops)
    c0, n0 = APPROACH1_ANCHOR
    a = ALLOCATION_EXPONENTS["Hoffmann approach 1 (training-curve minima)"][0]
    n_opt = n0 * (c / c0) ** a
    return n_opt, c / (6.0 * n_opt)


def format_count(x: float, unit: str = "") -> str:
    """Short human form of a count: ``175B``, ``1.4T``, ``40M`` (``unit`` appended after a space).

    Values of 1e15 and more are written in scientific notation (``3.1e+23``).
    """
    if x is None or not np.isfinite(x):
        return "n/a"
    ax = abs(float(x))
    if ax >= 1e15:
        s = f"{x:.2g}".replace("e+", "e")
    else:
        for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"), (1.0, "")):
            if ax >= scale or scale == 1.0:
                s = f"{x / scale:.3g}{suffix}"
                break
    return f"{s} {unit}".strip()


# ---------------------------------------------------------------------------------------------
# The model table: 6ND against the published FLOPs
# ---------------------------------------------------------------------------------------------
_SCALE_COLUMNS = ("model_family", "model", "params", "train_tokens", "train_flops", "flops_kind",
                  "paper", "table")


def _check_scales(df: Any, dataset: str = "model_scales") -> pd.DataFrame:
    _data.require_frame(df, dataset, _SCALE_COLUMNS, param="model_scales")
    for col in ("params", "train_tokens", "train_flops"):
        vals = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero(~np.isnan(vals) & ~(vals > 0) | np.isinf(vals))
        if bad.size:
            raise EmergenceDataError(f"must be positive, got {df[col].iloc[bad[0]]!r}",
                                     dataset=dataset, row=int(bad[0]) + 1, column=col)
    return df.reset_index(drop=True)


def _source(row: pd.Series) -> str:
    return f"{row['paper']} {row['table']}".strip()


def flops_vs_6nd(model_scales: pd.DataFrame) -> pd.DataFrame:
    """Compare every published training-FLOPs figure with ``6 N D``.

    For each row of ``model_scales`` that gives ``train_flops``, ``6 N D`` is computed with the
    row's own parameter count N and its training tokens D. When the row does not give D (Chung et
    al. 2022 Table 2 and Wei et al. 2022 Table 1 list only N and C), D is taken from another row
    of the same model (same ``model`` name) that gives it; ``tokens_source`` says which, and if
    such rows disagree the first one in file order is used and the others are listed in
    ``check_note``. Rows without published FLOPs are kept with an explanation.

    Parameters
    ----------
    model_scales : pandas.DataFrame
        The ``model_scales`` dataset (``eu.data.load("model_scales")``).

    Returns
    -------
    pandas.DataFrame
        One row per input row (same order), columns ``model_family``, ``model``, ``source``
        (paper and table), ``flops_kind``, ``params``, ``train_flops`` (published, FLOPs),
        ``tokens_used`` (tokens), ``tokens_source``, ``flops_6nd`` (derived, FLOPs),
        ``flops_ratio`` (published / 6ND; NaN where either is missing) and ``check_note``.
    """
    df = _check_scales(model_scales)
    tokens_by_model: dict[str, list[tuple[float, str]]] = {}
    for _, row in df.iterrows():
        if pd.notna(row["train_tokens"]):
            tokens_by_model.setdefault(row["model"], []).append((float(row["train_tokens"]),
                                                                 _source(row)))
    out = []
    for _, row in df.iterrows():
        flops = row["train_flops"]
        tokens, tsrc, note = np.nan, "", ""
        if pd.notna(row["train_tokens"]):
            tokens, tsrc = float(row["train_tokens"]), "this row"
        else:
            cands = tokens_by_model.get(row["model"], [])
            if cands:
                tokens, tsrc = cands[0][0], cands[0][1]
                others = {f"{format_count(t)} ({s})" for t, s in cands[1:] if t != cands[0][0]}
                if others:
                    note = "other rows give " + "; ".join(sorted(others))
        if pd.isna(flops):
            note = note or "no published FLOPs in this row"
        elif np.isnan(tokens):
            note = note or "training tokens not given for this model"
        elif pd.isna(row["params"]):
            note = note or "parameters not given"
        c6 = (6.0 * float(row["params"]) * tokens
              if pd.notna(row["params"]) and np.isfinite(tokens) else np.nan)
        ratio = float(flops) / c6 if pd.notna(flops) and np.isfinite(c6) else np.nan
        out.append({"model_family": row["model_family"], "model": row["model"],
                    "source": _source(row), "flops_kind": row["flops_kind"],
                    "params": row["params"], "train_flops": flops, "tokens_used": tokens,
                    "tokens_source": tsrc, "flops_6nd": c6, "flops_ratio": ratio,
                    "check_note": note})
    return pd.DataFrame(out)


def flops_disagreements(model_scales: pd.DataFrame, rel_tol: float = 0.0) -> pd.DataFrame:
    """Models for which two sources publish different training FLOPs (both rows kept).

    Parameters
    ----------
    model_scales : pandas.DataFrame
        The ``model_scales`` dataset.
    rel_tol : float
        Relative difference (fraction, >= 0) below which two values count as equal. The default
        0 lists every printed difference, including rounding (3.14e23 vs 3.1e23).

    Returns
    -------
    pandas.DataFrame
        Rows of the models concerned, sorted by model: ``model``, ``source``, ``params``,
        ``train_flops`` (FLOPs) and ``spread`` (largest / smallest FLOPs of the model).
    """
    df = _check_scales(model_scales)
    tol = float(rel_tol)
    if not np.isfinite(tol) or tol < 0:
        raise EmergenceInputError(f"rel_tol: must be a finite fraction >= 0, got {rel_tol!r}")
    have = df[df["train_flops"].notna()].copy()
    have["source"] = [_source(r) for _, r in have.iterrows()]
    spread = have.groupby("model")["train_flops"].agg(lambda s: s.max() / s.min())
    models = spread[spread > 1.0 + tol].index
    sel = have[have["model"].isin(models)].copy()
    sel["spread"] = sel["model"].map(spread)
    cols = ["model_family", "model", "source", "params", "train_flops", "spread"]
    return sel.sort_values(["model", "train_flops"], kind="stable")[cols].reset_index(drop=True)


def allocation_table(model_scales: pd.DataFrame, law: ChinchillaLaw = CHINCHILLA) -> pd.DataFrame:
    """Where real models sit relative to the compute-optimal allocation.

    Uses every row that gives both N and D (duplicates of the same model, N and D from several
    sources are listed once, the first source named). ``C = 6 N D`` is the model's budget.

    Returns
    -------
    pandas.DataFrame
        ``model_family``, ``model``, ``source``, ``params``, ``train_tokens``, ``flops_6nd``
        (FLOPs), ``tokens_per_param``, ``n_opt`` and ``d_opt`` (approach-3 fit at the same
        budget), ``params_over_opt`` (N / N_opt), ``n_opt_approach1`` (Table 3 anchor, see
        :func:`approach1_optimal`), ``loss_fit`` (the fit's L(N, D), nats/token on
        MassiveText) and ``loss_opt`` (the fit's loss at the optimum), sorted by budget.
        The losses are what the Chinchilla fit predicts, not measured losses of these models
        (most were trained on other data with other tokenizers).
    """
    df = _check_scales(model_scales)
    both = df[df["params"].notna() & df["train_tokens"].notna()].copy()
    both["source"] = [_source(r) for _, r in both.iterrows()]
    both = both.drop_duplicates(subset=["model", "params", "train_tokens"], keep="first")
    n = both["params"].to_numpy(dtype=float)
    d = both["train_tokens"].to_numpy(dtype=float)
    c = training_flops(n, d) if len(both) else np.array([])
    n_opt, d_opt = chinchilla_optimal(c, law) if len(both) else (c, c)
    out = pd.DataFrame({
        "model_family": both["model_family"].to_numpy(), "model": both["model"].to_numpy(),
        "source": both["source"].to_numpy(), "params": n, "train_tokens": d, "flops_6nd": c,
        "tokens_per_param": d / n if len(both) else c, "n_opt": n_opt, "d_opt": d_opt,
        "params_over_opt": n / n_opt if len(both) else c,
        "n_opt_approach1": approach1_optimal(c)[0] if len(both) else c,
        "loss_fit": chinchilla_loss(n, d, law) if len(both) else c,
        "loss_opt": chinchilla_loss(n_opt, d_opt, law) if len(both) else c,
    })
    return out.sort_values("flops_6nd", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Static figures
# ---------------------------------------------------------------------------------------------
_KIND_FILL = {"model_paper": "full", "chung2022_table2": "none", "wei2022_table1": "top",
              "none": "full"}
_KIND_LABEL = {"model_paper": "model's own paper", "chung2022_table2": "Chung et al. 2022 Tab. 2",
               "wei2022_table1": "Wei et al. 2022 Tab. 1"}
#: Models named on the model-scale figure, with label offsets in points (FLOPs panel, tokens panel).
_LABELLED = {
    "GPT-3 Small": ((5, -10), (0, 6)), "GPT-3 175B": ((0, -42), (-62, 6)),
    "Chinchilla 70B": ((-25, 9), (6, 3)), "Gopher 280B": ((6, -2), (6, 5)),
    "PaLM 540B": ((6, -9), (6, 3)), "LaMDA 137B": (None, (6, -9)),
    "MT-NLG 530B": (None, (-30, -13)), "LaMDA 68B": ((0, -15), None), "LaMDA 40M": ((6, -9), None),
}
# compute panel: labels centred under their point, or hanging below it on a leader line
_LABEL_KW = {"LaMDA 68B": {"ha": "center"},
             "GPT-3 175B": {"ha": "right", "arrowprops": {"arrowstyle": "-", "lw": 0.5,
                                                         "color": "0.4", "relpos": (1.0, 1.0),
                                                         "shrinkB": 4}}}


def _label_once(seen: set, label: str) -> str:
    if label in seen:
        return "_nolegend_"
    seen.add(label)
    return label


def plot_model_scales(model_scales: pd.DataFrame, law: ChinchillaLaw = CHINCHILLA,
                      ) -> tuple[Figure, dict[str, Any]]:
    """Two panels: published training FLOPs vs parameters, and training tokens vs parameters.

    Left: every row with published FLOPs, colour and marker by family, fill by source (filled =
    the model's own paper, open = Chung et al. 2022 Table 2, half = Wei et al. 2022 Table 1);
    rows of the same model from different sources are joined by a thin grey line; dotted guides
    show ``C = 6 N D`` for D = 1e11 and 1e12 tokens. Right: every row giving both N and D,
    with the compute-optimal frontier of the approach-3 fit (:func:`chinchilla_optimal`) and of
    approach 1 (:func:`approach1_optimal`). Rows whose ``note`` flags the value as a suspected
    error of the source (:func:`suspect_rows`, e.g. U-PaLM 540B printed at 2.5e23 FLOPs) are
    circled in red and labelled "as printed; suspected typo".

    Returns
    -------
    fig, artists : Figure, dict
        ``artists`` holds ``"axes"`` (the two axes), ``"points"`` (family -> list of Line2D),
        ``"counts"`` (rows drawn per panel) and ``"suspect"`` (model -> the red ring).
    """
    df = _check_scales(model_scales)
    # fixed margins and no minor ticks: the log axes span many decades, and a layout engine
    # would measure hundreds of tick labels
    fig = Figure(figsize=figsize(11.0, 6.4))
    # (the left panel's legend goes under it: at a readable size it would cover the points)
    fig.subplots_adjust(left=0.07, right=0.99, bottom=0.33, top=0.95, wspace=0.2)
    ax_c, ax_d = fig.subplots(1, 2)
    points: dict[str, list] = {}
    fam_seen: set = set()
    labelled: set = set()
    have_c = df[df["train_flops"].notna() & df["params"].notna()]
    for _model, grp in have_c.groupby("model", sort=False):
        if len(grp) > 1:
            ax_c.plot(grp["params"], grp["train_flops"], color="0.6", lw=0.8, zorder=1)
    for _, row in have_c.iterrows():
        st = family_style(row["model_family"])
        if st.label not in fam_seen:  # legend entry with a filled marker
            fam_seen.add(st.label)
            ax_c.plot([], [], ls="none", marker=st.marker, color=st.color, label=st.label)
        (ln,) = ax_c.plot([row["params"]], [row["train_flops"]], ls="none", marker=st.marker,
                          color=st.color, mec=st.color, ms=7,
                          fillstyle=_KIND_FILL.get(row["flops_kind"], "full"), zorder=3)
        points.setdefault(row["model_family"], []).append(ln)
        offset = _LABELLED.get(row["model"], (None, None))[0]
        if offset is not None and row["model"] not in labelled:
            labelled.add(row["model"])
            ax_c.annotate(row["model"], (row["params"], row["train_flops"]), fontsize="small",
                          xytext=offset, textcoords="offset points",
                          **_LABEL_KW.get(row["model"], {}))
    suspect = {}
    for _, row in suspect_rows(df).iterrows():
        k = df.index[df["model"] == row["model"]]
        params = float(df.loc[k[0], "params"]) if len(k) else np.nan
        if not (np.isfinite(params) and pd.notna(row["train_flops"])):
            continue
        (ring,) = ax_c.plot([params], [row["train_flops"]], ls="none", marker="o", ms=15,
                            mfc="none", mec="#D55E00", mew=1.8, zorder=4,
                            label=_label_once(fam_seen, "value flagged in the data's note"))
        suspect[row["model"]] = ring
        ax_c.annotate(f"{row['model']}: {row['train_flops']:.2g} as printed\n"
                      "(suspected typo, see note)".replace("e+", "e"),
                      (params, row["train_flops"]), fontsize="small", color="#D55E00",
                      xytext=(30, -75), textcoords="offset points", ha="right",
                      arrowprops={"arrowstyle": "-", "color": "#D55E00", "lw": 0.8})
    n_grid = np.logspace(7, 12.2, 50)
    for d, ls in ((1e11, ":"), (1e12, "-.")):
        ax_c.plot(n_grid, training_flops(n_grid, d), color="0.45", lw=1, ls=ls,
                  label=f"6ND with D = {format_count(d)} tokens", zorder=0)
    for kind, label in _KIND_LABEL.items():  # legend entries for the fill styles
        ax_c.plot([], [], ls="none", marker="o", color="0.3", fillstyle=_KIND_FILL[kind],
                  label=f"FLOPs from {label}")
    ax_c.set(xscale="log", yscale="log", xlabel="parameters N",
             ylabel="training FLOPs C (published)",
             title="Published training compute vs parameters")
    ax_c.legend(fontsize="small", ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.13))

    have_d = df[df["train_tokens"].notna() & df["params"].notna()]
    fam_seen = set()
    for _, row in have_d.iterrows():
        st = family_style(row["model_family"])
        (ln,) = ax_d.plot([row["params"]], [row["train_tokens"]], ls="none", marker=st.marker,
                          color=st.color, ms=7, label=_label_once(fam_seen, st.label),
                          zorder=3)
        points.setdefault(row["model_family"], []).append(ln)
    labelled = set()
    for _, row in have_d.iterrows():
        offset = _LABELLED.get(row["model"], (None, None))[1]
        if offset is not None and row["model"] not in labelled:
            labelled.add(row["model"])
            ax_d.annotate(row["model"], (row["params"], row["train_tokens"]), fontsize="small",
                          xytext=offset, textcoords="offset points")
    c_grid = np.logspace(19, 26, 60)
    n3, d3 = chinchilla_optimal(c_grid, law)
    n1, d1 = approach1_optimal(c_grid)
    ax_d.plot(n3, d3, color="black", lw=1.5, label="compute-optimal, approach-3 fit", zorder=2)
    ax_d.plot(n1, d1, color="black", lw=1.2, ls="--", label="compute-optimal, approach 1",
              zorder=2)
    ax_d.set(xscale="log", yscale="log", xlabel="parameters N", ylabel="training tokens D",
             title="Training tokens vs parameters", xlim=(5e7, 2e12), ylim=(1e10, 1e14))
    ax_d.legend(fontsize="small", loc="upper left")
    for ax in (ax_c, ax_d):
        ax.xaxis.set_minor_locator(NullLocator())
        ax.yaxis.set_minor_locator(NullLocator())
    flagged = "; ".join(f"{m} is circled in red: its FLOPs as printed ({format_count(r.get_ydata()[0])}) "
                        "are flagged as a suspected typo in the data's note"
                        for m, r in suspect.items())
    alt = ("Two log-log scatter plots of published values, one marker per model and source. "
           "Left: training FLOPs against parameters for "
           f"{', '.join(dict.fromkeys(have_c['model_family']))}; FLOPs rise roughly in "
           "proportion to parameters within a family, the same model from different sources "
           "is joined by a grey line, and dotted guides show 6ND for 100 billion and 1 "
           "trillion tokens. " + (flagged + ". " if flagged else "") +
           "Right: training tokens against parameters with the compute-optimal lines of "
           "Hoffmann et al.'s approaches 1 and 3: all GPT-3 models share 300 billion tokens, "
           "the large models of 2020-2021 sit far below the lines, Chinchilla 70B close to "
           "them.")
    return fig, {"axes": (ax_c, ax_d), "points": points, "suspect": suspect, "alt": alt,
                 "counts": {"flops": len(have_c), "tokens": len(have_d)}}


def plot_flops_ratio(check: pd.DataFrame) -> tuple[Figure, dict[str, Any]]:
    """Dot chart of published FLOPs / 6ND for each row of :func:`flops_vs_6nd` that has both.

    Rows that publish FLOPs but whose ratio cannot be computed (no training tokens known for the
    model) are named in a note under the axes, not dropped silently.

    Returns
    -------
    fig, artists : Figure, dict
        ``artists["points"]`` holds one Line2D per dot (bottom to top), ``artists["labels"]``
        the row labels and ``artists["missing"]`` the models without a ratio.
    """
    if not isinstance(check, pd.DataFrame):
        raise EmergenceInputError("check: expected the frame returned by flops_vs_6nd()")
    for col in ("model", "model_family", "source", "train_flops", "flops_ratio"):
        if col not in check.columns:
            raise EmergenceInputError(f"check: expected the frame of flops_vs_6nd() with a "
                                      f"{col!r} column")
    ok = check[check["flops_ratio"].notna()].reset_index(drop=True)
    missing = check.loc[check["flops_ratio"].isna() & check["train_flops"].notna(),
                        "model"].tolist()
    fig = Figure(figsize=figsize(7.5, 0.26 * len(ok) + 1.9), layout="constrained")
    ax = fig.add_subplot()
    labels = [f"{m}  [{re.sub(r' [(][^)]*[)]', '', s)}]"
              for m, s in zip(ok["model"], ok["source"], strict=True)]
    points = []
    for i, row in ok.iterrows():
        st = family_style(row["model_family"])
        (ln,) = ax.plot([row["flops_ratio"]], [i], ls="none", marker=st.marker, color=st.color,
                        ms=6)
        points.append(ln)
    ax.axvline(1.0, color="black", lw=1)
    ax.axvspan(0.95, 1.05, color="0.9", zorder=0, label="within 5% of 6ND")
    ax.set_yticks(np.arange(len(ok)), labels, fontsize="small")
    ax.set_xlabel("published training FLOPs / 6ND")
    ax.set_title("Published training FLOPs vs C = 6ND", fontsize="medium")
    ax.legend(fontsize="small", loc="lower right")
    if missing:
        note = textwrap.fill("No ratio (training tokens not given): " + ", ".join(missing), 70)
        ax.set_xlabel("published training FLOPs / 6ND\n" + note, fontsize="small")
    fam = ok.groupby("model_family")["flops_ratio"].agg(["min", "max"])
    alt = ("Dot chart of published training FLOPs divided by 6ND (derived), one row per model "
           "and source, with a band for within 5 percent of 1. Range by family: "
           + "; ".join(f"{f} {r['min']:.2f} to {r['max']:.2f}" for f, r in fam.iterrows())
           + "." + (f" Without a ratio (no token count): {', '.join(missing)}." if missing
                    else ""))
    return fig, {"ax": ax, "points": points, "labels": labels, "missing": missing, "alt": alt}


# ---------------------------------------------------------------------------------------------
# The law explorer (notebook 02 widget)
# ---------------------------------------------------------------------------------------------
_KAPLAN_COLOR, _CHIN_COLOR, _BUDGET_COLOR = "#0072B2", "#E69F00", "#D55E00"
_LOG_LIMITS = {"n": (1e6, 1e13), "d": (1e8, 1e14), "c": (1e17, 1e27), "iso": (1e7, 1e13)}
_LIN_LIMITS = {"n": (0.0, 6e11), "d": (0.0, 3e12), "c": (0.0, 3e24)}
_LOSS_LIMITS = {"log-log": (1.0, 8.0), "linear": (0.0, 6.0)}
_ISO_LOSS_LIMITS = (1.65, 3.5)  # nats/token, panel (d)
_BOX_LABELS = ("budget C     ", "N_opt        ", "D_opt        ", "D_opt/N_opt  ",
               "loss at min  ", "approach 1   ")
_ISO_LOSS_TICKS = (1.8, 2.0, 2.2, 2.4, 2.6, 2.8, 3.0, 3.2, 3.4)
_LOSS_TICKS = {"log-log": [1, 1.5, 2, 3, 4, 6, 8], "linear": [0, 1, 2, 3, 4, 5, 6]}
#: Real models are shown on the IsoFLOP panel when their 6ND is within this many dex of the budget.
ISO_WINDOW_DEX = 0.3


@dataclass
class LawExplorer:
    """A built law-explorer figure: the figure, its artists and the in-place ``update``.

    ``update(budget, axes)`` changes the artists and returns a caption; ``alt(**same)`` returns
    alt text; ``defaults`` holds the starting values; ``state`` records the last update.
    """

    fig: Figure
    artists: dict[str, Any]
    update: Callable[..., str]
    alt: Callable[..., str]
    defaults: dict[str, Any]
    state: dict[str, Any] = field(default_factory=dict)


def _check_budget(budget: float) -> float:
    try:
        b = float(budget)
    except (TypeError, ValueError):
        raise EmergenceInputError(f"budget: must be a number of FLOPs, got {budget!r}") from None
    lo, hi = BUDGET_RANGE
    if not np.isfinite(b) or not lo * (1 - 1e-9) <= b <= hi * (1 + 1e-9):
        raise EmergenceInputError(f"budget: must be between {lo:.0e} and {hi:.0e} FLOPs, got "
                                  f"{budget!r}")
    return b


def _check_axes(axes: str) -> str:
    if axes not in AXES_OPTIONS:
        raise EmergenceInputError(f"axes: must be one of {AXES_OPTIONS}, got {axes!r}")
    return axes


def _merge_close_models(alloc: pd.DataFrame, rel: float = 0.05) -> pd.DataFrame:
    """One point per distinct (N, D): rows within ``rel`` of an earlier row's N and D are merged
    into it and their names joined with " / " (e.g. GPT-3 175B / Jurassic 178B)."""
    keep: list[int] = []
    names: dict[int, list[str]] = {}
    n = alloc["params"].to_numpy(dtype=float)
    d = alloc["train_tokens"].to_numpy(dtype=float)
    for i in range(len(alloc)):
        for j in keep:
            if abs(n[i] / n[j] - 1) <= rel and abs(d[i] / d[j] - 1) <= rel:
                names[j].append(alloc["model"].iloc[i])
                break
        else:
            keep.append(i)
            names[i] = [alloc["model"].iloc[i]]
    out = alloc.iloc[keep].copy()
    out["label"] = [" / ".join(names[i]) for i in keep]
    return out.reset_index(drop=True)


def build_law_explorer(model_scales: pd.DataFrame | None = None, *,
                       budget: float = GOPHER_BUDGET_FLOPS, axes: str = "log-log",
                       law: ChinchillaLaw = CHINCHILLA, kaplan: KaplanLaw = KAPLAN,
                       ) -> LawExplorer:
    """Build the law explorer once (pure; a static figure at the given values).

    Four panels: (a) loss vs parameters N, (b) loss vs tokens D, (c) loss vs compute C, each
    with Kaplan et al.'s power law (solid) and the Chinchilla fit's counterpart (dashed:
    ``E + A/N^alpha`` for unlimited data, ``E + B/D^beta`` for an unlimited model, and the
    compute-optimal ``L(N_opt(C), D_opt(C))``); vertical lines mark the budget's ``N_opt``,
    ``D_opt`` and ``C``. (d) The IsoFLOP slice ``L(N, C/(6N))`` of the Chinchilla fit at the
    budget with its minimum, approach 1's optimum and the real models whose ``6ND`` is within
    a factor 2 (:data:`ISO_WINDOW_DEX`) of the budget, drawn at the fit's ``L(N, D)`` for their
    own N and D (models with the same N and D within 5% share one point).

    Parameters
    ----------
    model_scales : pandas.DataFrame, optional
        The ``model_scales`` dataset; loaded with :func:`emergence_utils.data.load` when None.
    budget : float
        Compute budget in FLOPs, within :data:`BUDGET_RANGE`.
    axes : {"log-log", "linear"}
        Axis scales of all four panels.
    law, kaplan : ChinchillaLaw, KaplanLaw
        The fitted constants (published values by default).

    Returns
    -------
    LawExplorer
    """
    if model_scales is None:
        from . import data

        model_scales = data.load("model_scales")
    alloc = _merge_close_models(allocation_table(model_scales, law))
    alloc_n = alloc["params"].to_numpy(dtype=float)
    alloc_c = alloc["flops_6nd"].to_numpy(dtype=float)
    alloc_loss = alloc["loss_fit"].to_numpy(dtype=float)
    alloc_fam = alloc["model_family"].to_numpy()
    _check_budget(budget)
    _check_axes(axes)

    grids = {k: np.logspace(np.log10(lo), np.log10(hi), 400) for k, (lo, hi) in
             _LOG_LIMITS.items()}
    fig = Figure(figsize=figsize(11.5, 8.6))
    fig.subplots_adjust(left=0.07, right=0.99, bottom=0.14, top=0.88, wspace=0.28, hspace=0.4)
    gs = fig.add_gridspec(2, 3)
    ax_n, ax_d, ax_c = (fig.add_subplot(gs[0, k]) for k in range(3))
    ax_i = fig.add_subplot(gs[1, :2])
    ax_t = fig.add_subplot(gs[1, 2])
    ax_t.set_axis_off()
    kw_k = {"color": _KAPLAN_COLOR, "lw": 2}
    kw_c = {"color": _CHIN_COLOR, "lw": 2, "ls": "--"}
    ax_n.plot(grids["n"], kaplan_loss_n(grids["n"], kaplan), **kw_k,
              label="Kaplan L(N) (WebText2)")
    ax_n.plot(grids["n"], law.e + law.a / grids["n"] ** law.alpha, **kw_c,
              label="Chinchilla E + A/N^α")
    ax_d.plot(grids["d"], kaplan_loss_d(grids["d"], kaplan), **kw_k, label="Kaplan L(D)")
    ax_d.plot(grids["d"], law.e + law.b / grids["d"] ** law.beta, **kw_c,
              label="Chinchilla E + B/D^β")
    ax_c.plot(grids["c"], kaplan_loss_c(grids["c"], kaplan), **kw_k, label="Kaplan L(C_min)")
    ax_c.plot(grids["c"], chinchilla_optimal_loss(grids["c"], law), **kw_c,
              label="Chinchilla L(N_opt, D_opt)")
    for ax in (ax_n, ax_d, ax_c, ax_i):
        ax.axhline(law.e, color=_CHIN_COLOR, lw=0.8, ls=":", label=f"Chinchilla E = {law.e}")
    # The budget markers move with the slider; drawn above the (frameless) legends, a move
    # redraws only them, not the legends they cross.
    v_n = ax_n.axvline(1.0, color=_BUDGET_COLOR, lw=1.2, ls="-.", label="N_opt at budget",
                       zorder=5.5)
    v_d = ax_d.axvline(1.0, color=_BUDGET_COLOR, lw=1.2, ls="-.", label="D_opt at budget",
                       zorder=5.5)
    v_c = ax_c.axvline(1.0, color=_BUDGET_COLOR, lw=1.2, ls="-.", label="budget C", zorder=5.5)
    (dots_c,) = ax_c.plot([], [], ls="none", marker="o", color=_BUDGET_COLOR, ms=6, zorder=5.6)
    (iso_line,) = ax_i.plot(grids["iso"], np.ones_like(grids["iso"]), **kw_c,
                            label="Chinchilla fit: every N at this budget (D = C/6N)")
    (opt_dot,) = ax_i.plot([], [], ls="none", marker="*", ms=14, color=_BUDGET_COLOR,
                           label="minimum of the approach-3 fit", zorder=5)
    v_a1 = ax_i.axvline(1.0, color="0.3", lw=1.0, ls=":",
                        label="N_opt of approach 1 (Table 3 anchor)")
    fam_lines = {}
    for fam in dict.fromkeys(alloc_fam):
        st = family_style(fam)
        (fam_lines[fam],) = ax_i.plot([], [], ls="none", marker=st.marker, color=st.color, ms=8,
                                      mec="black", mew=0.6, zorder=4,
                                      label="real models within a factor 2 of the budget "
                                            "(fit's loss at their own N, D)"
                                      if not fam_lines else "_nolegend_")
    model_texts = [ax_i.text(1.0, 1.0, "", fontsize="small", fontweight="bold", visible=False,
                             ha="left", va="bottom", clip_on=True) for _ in range(len(alloc))]
    # the row labels of the box never change: drawn once, apart from the values (a budget move
    # then redraws only the values)
    ax_t.text(0.0, 1.0, "\n".join(_BOX_LABELS), transform=ax_t.transAxes, ha="left", va="top",
              fontsize="small", family="DejaVu Sans Mono", linespacing=1.35)
    box = ax_t.text(0.0, 1.0, "", transform=ax_t.transAxes, ha="left", va="top", fontsize="small",
                    family="DejaVu Sans Mono", linespacing=1.35)
    ax_n.set_title("(a) loss vs parameters N")
    ax_d.set_title("(b) loss vs training tokens D")
    ax_c.set_title("(c) loss vs compute C")
    # (the budget's value is in the text box and on the slider)
    title_i = ax_i.set_title("(d) IsoFLOP slice: loss vs N at the chosen budget C")
    ax_n.set_ylabel("loss (nats/token; datasets differ)")
    ax_i.set_ylabel("Chinchilla-fit loss (nats/token)")
    for ax in (ax_n, ax_d, ax_c):
        ax.legend(fontsize="small", loc="upper right")
    ax_i.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=2)
    suptitle = fig.suptitle("")
    fig.text(0.5, 0.935, "Kaplan et al. (2020): WebText2; Hoffmann et al. (2022): MassiveText. "
             "Different data and tokenizers: compare the shapes of the curves, not their "
             "levels.", ha="center", fontsize="small", color="0.3")
    artists = {"axes": {"n": ax_n, "d": ax_d, "c": ax_c, "iso": ax_i}, "v_n": v_n, "v_d": v_d,
               "v_c": v_c, "dots_c": dots_c, "iso_line": iso_line, "opt_dot": opt_dot,
               "v_a1": v_a1, "families": fam_lines, "model_texts": model_texts, "box": box,
               "title_iso": title_i, "suptitle": suptitle}
    current = {"axes": None}
    state: dict[str, Any] = {}

    def summary(budget: float, axes: str) -> dict[str, Any]:
        c = _check_budget(budget)
        _check_axes(axes)
        n_opt, d_opt = (float(v) for v in chinchilla_optimal(c, law))
        n1, d1 = (float(v) for v in approach1_optimal(c))
        near = np.abs(np.log10(alloc_c / c)) <= ISO_WINDOW_DEX
        return {"budget": c, "axes": axes, "n_opt": n_opt, "d_opt": d_opt,
                "loss_opt": float(chinchilla_loss(n_opt, d_opt, law)),
                "loss_kaplan_c": float(kaplan_loss_c(c, kaplan)), "n_opt_approach1": n1,
                "d_opt_approach1": d1, "near_mask": near,
                "near": alloc.loc[near, "label"].tolist(),
                "near_ratio": (alloc_n[near] / n_opt).tolist()}

    def caption(s: dict[str, Any]) -> str:
        near = (", ".join(f"{m} (N = {r:.2g} x N_opt)" for m, r in
                          zip(s["near"], s["near_ratio"], strict=True))
                or "none of the models in the table")
        return (f"Budget C = {s['budget']:.2e} FLOPs. Chinchilla approach-3 fit: N_opt = "
                f"{format_count(s['n_opt'])} parameters, D_opt = {format_count(s['d_opt'])} "
                f"tokens ({s['d_opt'] / s['n_opt']:.0f} tokens per parameter), loss "
                f"{s['loss_opt']:.3f} nats/token; approach 1 (Table 3): N_opt = "
                f"{format_count(s['n_opt_approach1'])}. Models within a factor 2 of this "
                f"budget: {near}. The two fits' losses are on different datasets.")

    def update(budget: float = budget, axes: str = axes) -> str:
        s = summary(budget, axes)
        c, near = s["budget"], s["near_mask"]
        lin = axes == "linear"
        xmax = max([4.0 * s["n_opt"], *(1.15 * alloc_n[near])])
        v_n.set_xdata([s["n_opt"]] * 2)
        v_d.set_xdata([s["d_opt"]] * 2)
        v_c.set_xdata([c] * 2)
        dots_c.set_data([c, c], [s["loss_kaplan_c"], s["loss_opt"]])
        iso_line.set_ydata(chinchilla_loss(grids["iso"], iso_flop_tokens(grids["iso"], c), law))
        opt_dot.set_data([s["n_opt"]], [s["loss_opt"]])
        v_a1.set_xdata([s["n_opt_approach1"]] * 2)
        for fam, ln in fam_lines.items():
            sel = near & (alloc_fam == fam)
            ln.set_data(alloc_n[sel], alloc_loss[sel])
        pad = " " * len(_BOX_LABELS[0])  # the labels are a text of their own (static)
        lines = [f"{pad}{c:.2e} FLOPs",
                 f"{pad}{format_count(s['n_opt'])} parameters",
                 f"{pad}{format_count(s['d_opt'])} tokens",
                 f"{pad}{s['d_opt'] / s['n_opt']:.0f} tokens/parameter",
                 f"{pad}{s['loss_opt']:.3f} nats/token",
                 f"{pad}N_opt = {format_count(s['n_opt_approach1'])}", "",
                 "models within a factor 2:" if near.any() else
                 "no model of the table within a\nfactor 2 of this budget"]
        number = 0
        for k, txt in enumerate(model_texts):
            txt.set_visible(bool(near[k]))
            if near[k]:
                number += 1
                txt.set_text(str(number))
                txt.set_position((alloc_n[k] * (1.0 + 0.06 * (not lin)) + 0.006 * lin * xmax,
                                  alloc_loss[k] + 0.006))
                # one line per model (its loss is the marker's height; the caption has it)
                name = textwrap.shorten(alloc["label"].iloc[k], 26, placeholder="...")
                lines.append(f"{number:>2} {name:<26} {alloc_n[k] / s['n_opt']:.2g} x N_opt")
        box.set_text("\n".join(lines))
        suptitle.set_text(f"Smooth power laws ({axes} axes)")
        if current["axes"] != axes:
            scale = "linear" if lin else "log"
            for key, ax in artists["axes"].items():
                ax.set_xscale(scale)
                ax.set_yscale(scale)
                ax.xaxis.set_minor_locator(NullLocator())
                ax.yaxis.set_minor_locator(NullLocator())
                if key == "c" and not lin:  # keep the last tick label inside the figure
                    ax.set_xticks(10.0 ** np.arange(18, 27, 2))
                if key != "iso":
                    ax.set_xlim(*(_LIN_LIMITS[key] if lin else _LOG_LIMITS[key]))
                    ax.set_ylim(*_LOSS_LIMITS[axes])
                    ax.set_yticks(_LOSS_TICKS[axes], [f"{t:g}" for t in _LOSS_TICKS[axes]])
                else:
                    # One loss range for every budget (the fit's minimum runs from about 3.0
                    # nats/token at 1e19 FLOPs to 1.8 at 1e26, above E = 1.69): the valley
                    # visibly moves as the budget changes.
                    ax.set_ylim(*_ISO_LOSS_LIMITS)
                    ax.set_yticks(_ISO_LOSS_TICKS, [f"{t:.1f}" for t in _ISO_LOSS_TICKS])
            current["axes"] = axes
        if lin:
            ax_i.set_xlim(0.0, xmax)
        else:
            ax_i.set_xlim(*_LOG_LIMITS["iso"])
        ax_n.set_xlabel(f"parameters N ({'linear' if lin else 'log'} axis)")
        ax_d.set_xlabel(f"training tokens D ({'linear' if lin else 'log'} axis)")
        ax_c.set_xlabel(f"FLOPs C ({'linear' if lin else 'log'} axis)")
        ax_i.set_xlabel(f"parameters N, with D = C / 6N ({'linear' if lin else 'log'} axis)")
        state.clear()
        state.update({k: v for k, v in s.items() if k != "near_mask"})
        return caption(s)

    def alt(budget: float = budget, axes: str = axes) -> str:
        s = summary(budget, axes)
        return ("Four line charts on " + s["axes"] + " axes. Loss falls smoothly with "
                "parameters, tokens and compute under both Kaplan et al.'s power laws and the "
                f"Chinchilla fit, which levels off at its irreducible loss {law.e}. The fourth "
                "panel shows loss against parameters at a fixed compute budget, a valley with "
                "its minimum marked. " + caption(s))

    defaults = {"budget": float(budget), "axes": axes}
    update(**defaults)
    return LawExplorer(fig=fig, artists=artists, update=update, alt=alt, defaults=defaults,
                       state=state)


def _law_controls(defaults: dict[str, Any]) -> dict[str, Any]:
    import ipywidgets as w

    style = {"description_width": "initial"}
    lo, hi = BUDGET_RANGE
    return {
        "budget": w.FloatLogSlider(value=defaults["budget"], base=10, min=np.log10(lo),
                                   max=np.log10(hi), step=0.05, readout_format=".2e",
                                   description="compute budget C (FLOPs)", style=style,
                                   layout=w.Layout(width="420px")),
        "axes": w.ToggleButtons(options=list(AXES_OPTIONS), value=defaults["axes"],
                                description="axes", style=style),
    }


def law_widget(model_scales: pd.DataFrame | None = None, *, budget: float = GOPHER_BUDGET_FLOPS,
               axes: str = "log-log", prompt: str | None = None):
    """Interactive version of :func:`build_law_explorer` (a :class:`LiveFigure`).

    Controls: compute budget (log slider, 1e19 to 1e26 FLOPs) and axes (log-log / linear).
    Returns the :class:`~emergence_utils.widgets.LiveFigure`; its ``explorer`` attribute holds
    the :class:`LawExplorer`.
    """
    from .widgets import LiveFigure

    ex = build_law_explorer(model_scales, budget=budget, axes=axes)
    a = ex.artists
    # A budget move changes the budget markers of (a)-(c), the IsoFLOP panel's lines and
    # labels (and, on linear axes, its x limits) and the text box; only those are redrawn
    # (blitting). The IsoFLOP legend, below the panel, is kept.
    # On log axes the IsoFLOP x limits are fixed, so its x axis stays in the saved picture.
    iso = a["axes"]["iso"]
    controls = _law_controls(ex.defaults)

    def animated() -> list:
        lin = controls["axes"].value == "linear"
        return [a["v_n"], a["v_d"], a["v_c"], a["dots_c"], *([iso.xaxis] if lin else []),
                *iso.get_lines(), *iso.texts, a["box"]]

    live = LiveFigure(ex.fig, ex.update, controls, alt=ex.alt, prompt=prompt,
                      animated=animated)
    live.explorer = ex
    return live
