"""Quiz of notebook 01 (natural emergence)."""

from __future__ import annotations

from ..quiz import OpenQuestion, Question

QUESTIONS = [
    Question(
        "You double the heating power under a block of ice. What happens to the melting plateau?",
        ["It moves to a higher temperature and lasts as long",
         "It stays at 0 °C and lasts twice as long",
         "It stays at 0 °C and lasts half as long",
         "It disappears, because the ice now melts all at once"],
        2,
        "The plateau temperature is set by the pressure; its duration is m L_f / P, so twice the "
        "power halves it.",
        why=["Tempting if you picture a hotter flame heating the ice 'through' its melting point; "
             "but while ice and water coexist at 1 atm the temperature stays at 0 °C.",
             "That is what doubling the mass does (m L_f / P doubles); doubling P halves it.",
             "Right: the same energy m L_f arrives twice as fast.",
             "The latent heat m L_f must still be supplied; a finite power needs a finite time."]),
    Question(
        "Why does the simulated <|m|> of a 16 x 16 Ising lattice stay near 0.1 at T = 4, where "
        "Yang's formula gives exactly 0?",
        ["A finite lattice of random spins never averages to exactly zero",
         "The Metropolis simulation has not had time to reach equilibrium at T = 4",
         "The critical temperature of a 16 x 16 lattice lies above T = 4",
         "Yang's formula is only an approximation above T_c"],
        0,
        "Yang's result is exact for the infinite lattice; for N independent-looking spins |m| is of "
        "order 1/sqrt(N) = 1/L, a finite-size effect that shrinks as L grows.",
        why=["Right: |m| of 256 nearly independent spins is of order 1/16.",
             "Tempting, since equilibrium was the problem near T_c; but at T = 4 the measured "
             "autocorrelation time is about one sweep, and thousands of sweeps were run.",
             "A finite lattice smooths the transition around T_c = 2.27; it does not move it to 4.",
             "Above T_c Yang's (and Onsager's) result m = 0 is exact for the infinite lattice."]),
    Question(
        "For L = 64 at T = 2.3, the notebook's short run (100 + 100 sweeps from all spins up) "
        "prints <|m|> = 0.552 ± 0.021, its long runs 0.410 ± 0.019. Why the difference?",
        ["The long runs used another random seed, and the seed moves <|m|> by about 0.2",
         "A 64 x 64 lattice has a higher critical temperature than Onsager's value",
         "Long runs drift away from equilibrium as rounding errors pile up",
         "Near T_c the lattice needs far more sweeps to forget its all-up start"],
        3,
        "Critical slowing down: near T_c successive configurations stay correlated for many "
        "sweeps (the notebook measures an autocorrelation time of about 140 sweeps for L = 64 at "
        "T = 2.3), so 100 sweeps from an ordered start still remember it.",
        why=["Both standard errors are about 0.02, far below the difference of 0.14; seeds do "
             "not explain it.",
             "Finite lattices smooth the transition; they do not shift T_c above 2.3 by that much, "
             "and the long runs of the same lattice disagree with the short one.",
             "Metropolis updates are exact flips of +1/-1 spins; nothing accumulates.",
             "Right: the short run was not in equilibrium."]),
    Question(
        "What is known about the site-percolation threshold p_c of the square lattice that the "
        "notebook simulates?",
        ["It is exactly 1/2, the same value as bond percolation on the same square lattice",
         "It is about 0.5927, an estimate from simulations; no formula is known",
         "It is exactly 2 / ln(1 + sqrt 2), like the Ising critical temperature",
         "It is about 0.5927, derived exactly by Newman and Ziff in 2000"],
        1,
        "Newman and Ziff (2000) estimated 0.59274621(13) by Monte Carlo; later work refines the "
        "seventh digit. Bond percolation on the same lattice is the case with the exact value 1/2.",
        why=["Tempting: 1/2 is exact for BOND percolation on the square lattice, not for sites.",
             "Right: a high-precision numerical estimate, not an exact result.",
             "2 / ln(1 + sqrt 2) = 2.269 is Onsager's critical temperature of the Ising model.",
             "Newman and Ziff's value is a Monte Carlo estimate with an error bar, not a derivation."]),
    Question(
        "Which statements describe a real difference between the Ising transition and an emergent "
        "ability in Wei et al. (2022)? (two answers)",
        ["Each point of a language-model curve is a separately trained model",
         "Only the Ising model shows a sudden change from smooth inputs",
         "No theory predicts the scale at which a language-model ability appears",
         "The Ising transition is perfectly sharp even on a 16 x 16 lattice"],
        {0, 2},
        "Both show sudden-looking changes from smooth inputs; they differ in what is varied (one "
        "system's temperature vs a family of trained models) and in what theory can predict.",
        why=["Right: there is no knob that one model moves along.",
             "Language-model plots also show sudden-looking changes; that is the shared part.",
             "Right: Onsager's T_c follows from the rule; nothing comparable exists for abilities.",
             "The notebook shows the opposite: finite lattices smooth the transition."]),
    OpenQuestion(
        "A family of language models has 5 sizes and a task's accuracy jumps between the 4th and "
        "the 5th. Using the Ising and percolation simulations, explain what a sharp threshold "
        "requires in physics, and why the 5 points alone cannot tell you whether the ability "
        "switched on abruptly.",
        "In physics a true discontinuity (or a kink such as Yang's infinite slope) exists only in "
        "the limit of an infinite system; every finite lattice shows a smooth curve that gets "
        "steeper as it grows, and we know the limit from theory (Onsager, Yang) or from "
        "simulations of many sizes. A language-model curve has a handful of separately trained "
        "models: nothing was measured between the 4th and 5th size, there is no size limit to take, "
        "and the y-axis (e.g. exact match) is chosen by people. The jump could be a steep smooth "
        "rise, a metric effect, or a genuine change; 5 points cannot distinguish them."),
]
