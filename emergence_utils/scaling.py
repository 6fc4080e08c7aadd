"""Smooth scaling laws of the pre-training loss.

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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import EmergenceInputError

__all__ = ["PF_DAY_FLOPS", "KAPLAN", "CHINCHILLA", "KaplanLaw", "ChinchillaLaw",
           "training_flops", "kaplan_loss_n", "kaplan_loss_d", "kaplan_loss_c",
           "chinchilla_loss", "chinchilla_optimal"]

#: One petaflop/s-day in FLOPs (1e15 FLOP/s for 86,400 s), the unit of Kaplan's C.
PF_DAY_FLOPS = 1e15 * 86_400


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
    arr = np.asarray(value, dtype=float)
    if np.any(~np.isfinite(arr)) or np.any(arr <= 0):
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
