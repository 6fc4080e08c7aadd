"""Checked exercises of notebook 02 (smooth loss scaling).

Code shown in view and checked against the package: ``chinchilla_loss`` (Hoffmann et al. 2022,
approach 3). Student exercises: ``attention_flops_per_token`` (PaLM's Appendix B formula),
``compute_optimal_params`` (the minimum of the Chinchilla loss at a fixed budget) and
``switch_on_index`` (the first model whose score reaches a threshold, on Wei et al.'s data).
"""

from __future__ import annotations

import numpy as np

from .. import loss_curves as lc
from .. import scaling as sc
from . import Case, Exercise

__all__ = ["EXERCISES"]


# --- references (the package's tested functions, with the exercise's signature) ---------------

def _chinchilla_loss(n_params, n_tokens):
    return sc.chinchilla_loss(n_params, n_tokens)


def _attention_flops(n_layers, n_heads, head_dim, seq_len):
    return float(sc.attention_flops_per_token(n_layers, n_heads, head_dim, seq_len))


def _n_opt(flops, alpha=0.34, beta=0.28, a=406.4, b=410.7):
    law = sc.ChinchillaLaw(e=1.69, a=a, b=b, alpha=alpha, beta=beta)
    return float(sc.chinchilla_optimal(flops, law)[0])


def _switch_on_index(error_rate, threshold):
    return lc.switch_on_index(error_rate, threshold)


# --- typical mistakes -------------------------------------------------------------------------

def _loss_without_floor(n_params, n_tokens):
    return 406.4 / np.asarray(n_params, float) ** 0.34 + 410.7 / np.asarray(n_tokens, float) ** 0.28


def _loss_swapped_exponents(n_params, n_tokens):
    return (1.69 + 406.4 / np.asarray(n_params, float) ** 0.28
            + 410.7 / np.asarray(n_tokens, float) ** 0.34)


def _attention_forward_only(n_layers, n_heads, head_dim, seq_len):
    return 4.0 * n_layers * n_heads * head_dim * seq_len


def _attention_half(n_layers, n_heads, head_dim, seq_len):
    return 6.0 * n_layers * n_heads * head_dim * seq_len


def _attention_d_model(n_layers, n_heads, head_dim, seq_len):
    # the old explanation: head size d_model / H (= 18432 / 48 = 384 for PaLM 540B), not 256
    return 12.0 * n_layers * (384 * n_heads) * seq_len


def _n_opt_wrong_exponent(flops, alpha=0.34, beta=0.28, a=406.4, b=410.7):
    g = (alpha * a / (beta * b)) ** (1 / (alpha + beta))
    return float(g * (flops / 6) ** (alpha / (alpha + beta)))


def _n_opt_no_six(flops, alpha=0.34, beta=0.28, a=406.4, b=410.7):
    g = (alpha * a / (beta * b)) ** (1 / (alpha + beta))
    return float(g * flops ** (beta / (alpha + beta)))


def _switch_strict(error_rate, threshold):
    score = 100.0 - np.asarray(error_rate, float)
    hit = np.flatnonzero(score > threshold)
    return int(hit[0]) if hit.size else None


def _switch_on_error(error_rate, threshold):
    hit = np.flatnonzero(np.asarray(error_rate, float) >= threshold)
    return int(hit[0]) if hit.size else None


def _switch_last(error_rate, threshold):
    hit = np.flatnonzero(100.0 - np.asarray(error_rate, float) >= threshold)
    return int(hit[-1]) if hit.size else None


def _diagnose_attention(expected, got, case):
    if got is None or expected == 0:
        return None
    ratio = float(got) / float(expected)
    if np.isclose(ratio, 0.5):
        return ("half the expected value: the 6 in App. B multiplies 2QT (the score and the "
                "weighted-sum matmuls), so the total is 12 L H Q T.")
    if np.isclose(ratio, 1 / 3):
        return ("a third of the expected value: that is the forward pass only; the backward "
                "pass costs twice as much again.")
    return ("check that you multiply by the number of heads times the head size (H x Q), "
            "not by d_model.")


def _diagnose_loss(expected, got, case):
    e, g = np.asarray(expected, float), np.asarray(got, float)
    if e.shape == g.shape and np.allclose(e - g, 1.69):
        return "you left out the irreducible loss E = 1.69."
    return ("check which exponent goes with N (alpha = 0.34, with A = 406.4) and which with D "
            "(beta = 0.28, with B = 410.7).")


def _diagnose_n_opt(expected, got, case):
    if got is None:
        return None
    return ("N_opt = G (C/6)^(beta/(alpha+beta)) with G = (alpha A / (beta B))^(1/(alpha+beta)): "
            "check the exponent (beta on top) and that you divide C by 6 (C = 6 N D).")


def _diagnose_switch(expected, got, case):
    if (expected is not None and got is not None and got > expected
            and np.isclose(100.0 - case.args[0][expected], case.args[1])):
        return "this point's score equals the threshold, and reaching it counts: use >= threshold."
    if expected is None and got is not None:
        return "no point reaches the threshold here: return None."
    if expected is not None and got is None:
        return "a point does reach the threshold: compare 100 - error with the threshold."
    if got is not None and expected is not None and got > expected:
        return "the first point that reaches the threshold, not the last one."
    if got is not None and expected is not None and got < expected:
        return ("that point's score is still below the threshold: compare 100 - error (the "
                "score) with the threshold, not the error itself.")
    return None


_ERR = [99.8, 99.5, 98.0, 95.0, 91.0, 96.0, 80.0]

EXERCISES = {
    "chinchilla_loss": Exercise(
        title="The Chinchilla loss L(N, D)",
        reference=_chinchilla_loss,
        cases=[
            Case("Chinchilla 70B on 1.4T tokens", (70e9, 1.4e12)),
            Case("GPT-3 175B on 300B tokens", (175e9, 3e11)),
            Case("a small model on few tokens", (1e8, 1e9)),
            Case("arrays of models", (np.array([1e9, 1e10, 1e11]), np.array([2e10, 2e11, 2e12])),
                 hint="use numpy operations so arrays work too"),
        ],
        rtol=1e-9,
        diagnose=_diagnose_loss,
        mistakes=[(_loss_without_floor, "E = 1.69"), (_loss_swapped_exponents, "alpha = 0.34")],
    ),
    "attention_flops_per_token": Exercise(
        title="Attention FLOPs per training token (PaLM, App. B)",
        reference=_attention_flops,
        cases=[
            Case("PaLM 540B: 118 layers, 48 heads of size 256, 2048 tokens", (118, 48, 256, 2048)),
            Case("PaLM 8B: 32 layers, 16 heads", (32, 16, 256, 2048)),
            Case("a toy model", (2, 4, 64, 128)),
        ],
        diagnose=_diagnose_attention,
        mistakes=[(_attention_half, "12 L H Q T"), (_attention_forward_only, "forward pass"),
                  (_attention_d_model, "head size")],
    ),
    "compute_optimal_params": Exercise(
        title="Compute-optimal parameters of the Chinchilla fit",
        reference=_n_opt,
        cases=[
            Case("Gopher's budget, 5.76e23 FLOPs", (5.76e23,)),
            Case("GPT-3's budget, 3.14e23 FLOPs", (3.14e23,)),
            Case("a small budget, 1e19 FLOPs", (1e19,)),
            Case("equal exponents", (1e22,), {"alpha": 0.3, "beta": 0.3},
                 hint="with alpha = beta, N_opt grows as C^0.5"),
        ],
        rtol=1e-9,
        diagnose=_diagnose_n_opt,
        mistakes=[(_n_opt_wrong_exponent, "beta on top"), (_n_opt_no_six, "divide C by 6")],
    ),
    "switch_on_index": Exercise(
        title="Where does a task switch on?",
        reference=_switch_on_index,
        cases=[
            Case("a curve that crosses 4 at the fourth model", (_ERR, 4.0)),
            Case("a score exactly at the threshold counts", (_ERR, 9.0),
                 hint="'reaches' means score >= threshold"),
            Case("a curve that never reaches 25", (_ERR, 25.0)),
            Case("the first model already reaches it", ([40.0, 30.0], 10.0)),
        ],
        diagnose=_diagnose_switch,
        mistakes=[(_switch_strict, "use >= threshold"), (_switch_on_error, "100 - error"),
                  (_switch_last, "not the last one")],
    ),
}
