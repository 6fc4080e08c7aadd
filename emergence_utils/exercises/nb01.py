"""Exercises of notebook 01 (natural emergence): water, the Ising model, percolation."""

from __future__ import annotations

import numpy as np

from .. import nature
from . import Case, Exercise

__all__ = ["EXERCISES"]


# --- in view: one Metropolis sweep (checkerboard), checked against nature.ising_sweep --------
def _sweep_case(L: int, T: float, seed: int, state: str = "random") -> tuple:
    rng = np.random.default_rng(seed)
    spins = nature.ising_init(L, rng, state)
    return (spins, T, np.random.default_rng(seed + 1))


def _all_at_once(spins, T, rng):
    """Mistake: every spin decides at the same time (neighbours flip together)."""
    u = rng.random(spins.shape, dtype=np.float32)
    h = (np.roll(spins, 1, 0) + np.roll(spins, -1, 0) + np.roll(spins, 1, 1)
         + np.roll(spins, -1, 1))
    d_e = 2 * spins * h
    accept = (d_e <= 0) | (u < np.exp(-d_e / T))
    spins[accept] *= -1
    return spins


def _no_factor_two(spins, T, rng):
    """Mistake: dE = s h instead of 2 s h (flips accepted too often)."""
    L = spins.shape[0]
    black = (np.add.outer(np.arange(L), np.arange(L)) % 2) == 0
    u = rng.random(spins.shape, dtype=np.float32)
    for mask in (black, ~black):
        h = (np.roll(spins, 1, 0) + np.roll(spins, -1, 0) + np.roll(spins, 1, 1)
             + np.roll(spins, -1, 1))
        d_e = spins * h
        accept = (d_e <= 0) | (u < np.exp(-d_e / T))
        spins[mask & accept] *= -1
    return spins


def _same_spins(expected, got) -> str | None:
    g = np.asarray(got)
    if g.shape != expected.shape:
        return f"expected a lattice of shape {expected.shape}, got shape {g.shape}"
    if np.array_equal(g, expected):
        return None
    n = int((g != expected).sum())
    return (f"{n} of {expected.size} spins differ from ising_sweep: update the black sites "
            "(i + j even) first, then the white ones, with dE = 2 s h and the same uniform "
            "number u per site")


def _sweep_ref(spins, T, rng):
    return nature.ising_sweep(spins, T, rng, 1)


# --- exercise 1: plateau duration ---------------------------------------------------------
def _plateau_seconds(mass_kg, latent_heat_j_per_kg, power_w):
    return mass_kg * latent_heat_j_per_kg / power_w


def _plateau_inverse(mass_kg, latent_heat_j_per_kg, power_w):
    return power_w / (mass_kg * latent_heat_j_per_kg) / 60


def _plateau_diagnose(expected, got, case):
    try:
        g, e = float(got), float(expected)
    except (TypeError, ValueError):
        return None
    if e and abs(g / e - 60) < 1e-6:
        return "your answer is 60 times too large: seconds instead of minutes?"
    if e and abs(g / e - 1000) < 1e-6:
        return "your answer is 1000 times too large: kJ instead of J?"
    return None


# --- exercise 2: spanning -----------------------------------------------------------------
def _spans_any_row(grid):
    """Mistake: some site occupied in the top row and some in the bottom row."""
    g = np.asarray(grid, dtype=bool)
    return bool(g[0].any() and g[-1].any())


def _spans_with_empty(grid):
    """Mistake: label 0 (empty sites) counted as a cluster."""
    from scipy import ndimage

    labels, _ = ndimage.label(np.asarray(grid, dtype=bool))
    return bool(set(labels[0]) & set(labels[-1]))


def _spans_left_right(grid):
    """Mistake: columns instead of rows (left to right)."""
    from scipy import ndimage

    labels, _ = ndimage.label(np.asarray(grid, dtype=bool))
    return bool((set(labels[:, 0]) - {0}) & set(labels[:, -1]))


def _grid(rows: list[str]) -> np.ndarray:
    return np.array([[c == "#" for c in r] for r in rows])


_SPAN_CASES = [
    Case("a straight column from top to bottom", (_grid([".#..", ".#..", ".#..", ".#.."]),)),
    Case("top and bottom rows occupied by two different clusters",
         (_grid(["####", "....", "....", "####"]),),
         hint="a site in the top row and one in the bottom row must belong to the SAME cluster"),
    Case("a winding path", (_grid(["#...", "##..", ".##.", "..#."]),)),
    Case("empty sites at the top and bottom only", (_grid(["....", "####", "####", "...."]),),
         hint="label 0 marks empty sites: it is not a cluster"),
    Case("a row crossing left to right but not top to bottom",
         (_grid(["#...", "####", "...#", "...."]),),
         hint="the question is top to bottom (rows 0 and -1), not left to right"),
    Case("diagonal neighbours do not connect", (_grid(["#...", ".#..", "..#.", "...#"]),),
         hint="only the four nearest neighbours (up, down, left, right) connect sites"),
    Case("an empty grid", (np.zeros((5, 5), dtype=bool),)),
    Case("a random 30 x 30 grid at p = 0.6",
         (np.random.default_rng(3).random((30, 30)) < 0.6,)),
]


# --- exercise 3: width of the transition -----------------------------------------------------
def _width_90_only(ps, prob):
    return float(np.interp(0.9, prob, ps) - np.interp(0.5, prob, ps))


def _width_reversed(ps, prob):
    p10, p90 = np.interp([0.1, 0.9], prob, ps)
    return float(p10 - p90)


def _width_wrong_axes(ps, prob):
    p10, p90 = np.interp([0.1, 0.9], ps, prob)
    return float(p90 - p10)


def _width_cases() -> list[Case]:
    ps = np.linspace(0.4, 0.8, 41)
    smooth = 1 / (1 + np.exp(-(ps - 0.6) / 0.03))
    curves = nature.spanning_curves()  # the notebook's curves (cached): L = 8, 16, 32, 64
    return [
        Case("a smooth logistic curve centred at p = 0.6", (ps, smooth)),
        Case("a straight ramp from 0 at p = 0.5 to 1 at p = 0.7",
             (np.array([0.4, 0.5, 0.7, 0.8]), np.array([0.0, 0.0, 1.0, 1.0]))),
        Case("the simulated curve for L = 8", curves[8]),
        Case("the simulated curve for L = 32", curves[32]),
    ]


EXERCISES = {
    "metropolis_sweep": Exercise(
        title="One Metropolis sweep (checkerboard)",
        reference=_sweep_ref,
        cases=[Case("16 x 16 random start at T = 2.5", _sweep_case(16, 2.5, 0)),
               Case("16 x 16 all up at T = 2.0", _sweep_case(16, 2.0, 1, "up")),
               Case("8 x 8 random start at T = 1.0", _sweep_case(8, 1.0, 2))],
        compare=_same_spins,
        mistakes=[(_all_at_once, "spins differ"), (_no_factor_two, "spins differ")],
    ),
    "plateau_minutes": Exercise(
        title="How long a plateau lasts",
        reference=nature.plateau_minutes,
        cases=[Case("1 kg of ice melting at 1000 W",
                    (1.0, nature.LATENT_HEAT_FUSION, 1000.0)),
               Case("0.5 kg of water boiling at 2000 W",
                    (0.5, nature.LATENT_HEAT_VAPORISATION, 2000.0)),
               Case("3 kg melting at 500 W", (3.0, nature.LATENT_HEAT_FUSION, 500.0))],
        diagnose=_plateau_diagnose,
        mistakes=[(_plateau_seconds, "seconds instead of minutes"),
                  (_plateau_inverse, "case 1 of 3")],
    ),
    "spans": Exercise(
        title="Does a cluster span top to bottom?",
        reference=nature.spans,
        cases=_SPAN_CASES,
        mistakes=[(_spans_any_row, "SAME cluster"), (_spans_with_empty, "label 0"),
                  (_spans_left_right, "a straight column")],
    ),
    "transition_width": Exercise(
        title="Width of the percolation transition",
        reference=nature.transition_width,
        cases=_width_cases(),
        rtol=1e-9,
        mistakes=[(_width_reversed, "wrong sign"), (_width_90_only, "case 1 of 4"),
                  (_width_wrong_axes, "case 1 of 4")],
    ),
}
