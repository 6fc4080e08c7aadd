"""Checked exercises of notebook 06 (proxy axes, observational scaling, loss thresholds).

- ``predict_with_pcs``: the key code shown in the notebook (Ruan et al.'s PCA-plus-sigmoid
  prediction), checked against :func:`emergence_utils.proxy.pc_sigmoid_predict`.
- ``compute_factor`` (easy): how much more compute a lower loss threshold needs.
- ``verdict`` (easy): score a PCs-vs-FLOPs comparison without counting ties or failures as wins.
- ``flops_baseline`` (open): the log-FLOPs baseline of the hold-out, written from the parts.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import proxy
from . import Case, Exercise


# --- key code: PCA on the training models, then a sigmoid with a fitted floor --------------------
def _real_case(task: str, metric: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = proxy.obsscaling_data(task, metric)
    below = (d.flops <= proxy.ruan_cutoff(task)).to_numpy()
    b = d.matrix.loc[d.models, list(d.benchmarks)].to_numpy()
    return b[below], d.y.to_numpy()[below], b[~below]


def _synthetic_case(seed: int = 6) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    ability = np.linspace(-2.0, 2.0, 40)
    slopes = np.array([0.10, 0.08, 0.12, 0.05, 0.09])
    b = 0.5 + ability[:, None] * slopes + rng.normal(0.0, 0.005, (40, 5))
    y = 0.05 + 0.95 / (1 + np.exp(-(2.5 * ability - 2.0)))
    return b[:28], y[:28], b[28:]


def _pc_alternatives(args: tuple, kwargs: dict) -> dict[str, np.ndarray]:
    b_train, y_train, b_test = args
    k = kwargs.get("k", 3)
    out = {"std": proxy.pc_sigmoid_predict(b_train, y_train, b_test, k, standardize=True)}
    both = np.r_[b_train, b_test]
    s_all, _ = proxy.pc_scores(both, None, k)
    fit = proxy.fit_floor_sigmoid(s_all[: len(b_train)], y_train)
    out["all"] = fit.predict(s_all[len(b_train):])
    s_tr, s_te = proxy.pc_scores(b_train, b_test, k)
    out["zero"] = proxy.fit_floor_sigmoid(s_tr, y_train, (0.0, 0.0)).predict(s_te)
    return out


def _diagnose_pcs(expected: Any, got: Any, case: Case) -> str | None:
    g = np.asarray(got, dtype=float)
    if g.shape != np.shape(expected):
        return None
    alt = _pc_alternatives(case.args, case.kwargs)
    if np.allclose(g, alt["std"], atol=2e-3):
        return ("your predictions match a PCA of standardised benchmarks: Ruan et al. only "
                "centre the scores (subtract the mean), they do not divide by the spread.")
    if np.allclose(g, alt["all"], atol=2e-3):
        return ("your PCA was fitted on the training and the test models together: fit it on the "
                "training models only, then project the test models.")
    if np.allclose(g, alt["zero"], atol=2e-3):
        return "your floor stays at 0: let curve_fit fit it between 0 and 0.2."
    return None


def _wrong_standardised(b_train, y_train, b_test, k=3):
    return proxy.pc_sigmoid_predict(b_train, y_train, b_test, k, standardize=True)


def _wrong_pca_on_all(b_train, y_train, b_test, k=3):
    s_all, _ = proxy.pc_scores(np.r_[b_train, b_test], None, k)
    fit = proxy.fit_floor_sigmoid(s_all[: len(b_train)], y_train)
    return fit.predict(s_all[len(b_train):])


def _wrong_zero_floor(b_train, y_train, b_test, k=3):
    s_tr, s_te = proxy.pc_scores(b_train, b_test, k)
    return proxy.fit_floor_sigmoid(s_tr, y_train, (0.0, 0.0)).predict(s_te)


def _reference_pcs(b_train, y_train, b_test, k=3):
    return proxy.pc_sigmoid_predict(b_train, y_train, b_test, k)


PREDICT_WITH_PCS = Exercise(
    title="PCs plus a sigmoid (Ruan et al.)",
    reference=_reference_pcs,
    cases=[
        Case("synthetic: one ability behind five benchmarks", _synthetic_case(), {"k": 2},
             hint="centre with the training mean, SVD, project both sets, then curve_fit."),
        Case("word unscramble, cut-off 8.4e22 FLOPs, 3 PCs", _real_case("word_unscrambling",
                                                                      "exact match")),
        Case("Persian QA (normalised accuracy), 3 PCs", _real_case("parsinlu_qa", "accuracy")),
        Case("2-digit multiplication, cut-off 2.1e22 FLOPs, 1 PC",
             _real_case("arithmetic_2dm", "accuracy"), {"k": 1}),
    ],
    rtol=1e-3, atol=2e-3,
    diagnose=_diagnose_pcs,
    mistakes=[(_wrong_standardised, "standardised"), (_wrong_pca_on_all, "training models only"),
              (_wrong_zero_floor, "floor")],
)


# --- exercise: the price of a lower loss threshold ---------------------------------------------
def _diagnose_factor(expected: Any, got: Any, case: Case) -> str | None:
    try:
        lf, lt, e, g = case.args
        got = float(got)
    except (TypeError, ValueError):
        return None
    if np.isclose(got, ((lf - e) / (lt - e)) ** g, rtol=1e-6):
        return "the exponent is 1/gamma, not gamma: solve L - E = K (C/6)^(-gamma) for C."
    if np.isclose(got, (lf / lt) ** (1 / g), rtol=1e-6):
        return ("subtract the irreducible loss E from both losses first: only L - E falls as a "
                "power of compute.")
    return None


def _wrong_exponent(loss_from, loss_to, e, gamma):
    return ((loss_from - e) / (loss_to - e)) ** gamma


def _wrong_no_e(loss_from, loss_to, e, gamma):
    return (loss_from / loss_to) ** (1 / gamma)


def _wrong_inverted(loss_from, loss_to, e, gamma):
    return ((loss_to - e) / (loss_from - e)) ** (1 / gamma)


_G = 0.34 * 0.28 / (0.34 + 0.28)
COMPUTE_FACTOR = Exercise(
    title="Compute factor of a lower loss threshold",
    reference=proxy.threshold_compute_ratio,
    cases=[
        Case("0.1 nats below 2.1 nats on the Chinchilla frontier", (2.1, 2.0, 1.69, _G)),
        Case("0.1 nats below 2.2 nats", (2.2, 2.1, 1.69, _G)),
        Case("a made-up law: E = 1, gamma = 0.5", (3.0, 2.0, 1.0, 0.5),
             hint="with E = 1 the excess loss halves from 2 to 1; gamma = 0.5 squares the ratio."),
    ],
    diagnose=_diagnose_factor,
    mistakes=[(_wrong_exponent, "1/gamma"), (_wrong_no_e, "irreducible"),
              (_wrong_inverted, "inverse")],
)


# --- exercise: honest verdicts -----------------------------------------------------------------
def _verdict_no_fail(rmse_pc, rmse_flops, sd_test, tie=0.01):
    if abs(rmse_pc - rmse_flops) < tie:
        return "tie"
    return "PCs" if rmse_pc < rmse_flops else "log FLOPs"


def _verdict_no_tie(rmse_pc, rmse_flops, sd_test, tie=0.01):
    if rmse_pc >= sd_test and rmse_flops >= sd_test:
        return "both fail"
    return "PCs" if rmse_pc < rmse_flops else "log FLOPs"


def _verdict_one_fails(rmse_pc, rmse_flops, sd_test, tie=0.01):
    if rmse_pc >= sd_test or rmse_flops >= sd_test:
        return "both fail"
    if abs(rmse_pc - rmse_flops) < tie:
        return "tie"
    return "PCs" if rmse_pc < rmse_flops else "log FLOPs"


VERDICT = Exercise(
    title="Who wins the hold-out?",
    reference=proxy.holdout_verdict,
    cases=[
        Case("PCs clearly better", (0.078, 0.106, 0.174)),
        Case("log FLOPs clearly better", (0.20, 0.12, 0.30)),
        Case("both worse than a constant at the held-out mean", (0.43, 0.66, 0.113),
             hint="when neither RMSE is below sd_test, return 'both fail' (check this first)."),
        Case("less than one point apart", (0.186, 0.181, 0.300),
             hint="a difference below `tie` is a 'tie', not a win."),
        Case("one fit fails, the other beats the constant", (0.10, 0.50, 0.20),
             hint="'both fail' needs both RMSEs at or above sd_test."),
    ],
    mistakes=[(_verdict_no_fail, "both fail"), (_verdict_no_tie, "tie"),
              (_verdict_one_fails, "both RMSEs")],
)


# --- open exercise: the log-FLOPs baseline -----------------------------------------------------
def _flops_rmse_strict(task, metric, cutoff):
    d = proxy.obsscaling_data(task, metric)
    below = (d.flops < cutoff).to_numpy()
    x = np.log(d.flops.to_numpy() / 1e21)
    y = d.y.to_numpy()
    fit = proxy.fit_floor_sigmoid(x[below], y[below])
    return float(np.sqrt(np.mean((fit.predict(x[~below]) - y[~below]) ** 2)))


def _flops_rmse_raw(task, metric, cutoff):
    d = proxy.obsscaling_data(task, metric)
    below = (d.flops <= cutoff).to_numpy()
    x = np.log(d.flops.to_numpy() / 1e21)
    y = d.raw.to_numpy()
    fit = proxy.fit_floor_sigmoid(x[below], y[below])
    return float(np.sqrt(np.mean((fit.predict(x[~below]) - y[~below]) ** 2)))


def _diagnose_flops(expected: Any, got: Any, case: Case) -> str | None:
    try:
        got = float(got)
    except (TypeError, ValueError):
        return None
    if np.isclose(got, _flops_rmse_strict(*case.args), rtol=1e-3, atol=1e-4):
        return ("your training set uses FLOPs < cut-off: Ruan et al. keep the models at or below "
                "it (<=), so Llama-2-7B (exactly 8.4e22 FLOPs) is a training model.")
    if np.isclose(got, _flops_rmse_raw(*case.args), rtol=1e-3, atol=1e-4):
        return "use the normalised scores d.y (0 = chance), not the raw fractions d.raw."
    return None


FLOPS_BASELINE = Exercise(
    title="The log-FLOPs baseline",
    reference=proxy.flops_holdout_rmse,
    cases=[
        Case("word unscramble at 8.4e22 FLOPs", ("word_unscrambling", "exact match", 8.4e22)),
        Case("Persian QA at 8.4e22 FLOPs", ("parsinlu_qa", "accuracy", 8.4e22),
             hint="Persian QA has a chance level of about 0.25: fit the normalised scores."),
        Case("2-digit multiplication at 2.1e22 FLOPs", ("arithmetic_2dm", "accuracy", 2.1e22)),
    ],
    rtol=1e-3, atol=1e-4,
    diagnose=_diagnose_flops,
    mistakes=[(_flops_rmse_strict, "<="), (_flops_rmse_raw, "normalised")],
)


EXERCISES = {
    "predict_with_pcs": PREDICT_WITH_PCS,
    "compute_factor": COMPUTE_FACTOR,
    "verdict": VERDICT,
    "flops_baseline": FLOPS_BASELINE,
}
