"""Tests of emergence_utils.nature: water heating curve, 2D Ising model, site percolation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from emergence_utils import EmergenceInputError
from emergence_utils import nature as nat

# --------------------------------------------------------------------------------------------
# Water
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mass, power", [(1.0, 1000.0), (0.25, 350.0), (2.0, 3000.0)])
def test_water_plateau_energies_are_latent_heats(mass, power):
    c = nat.water_heating_curve(mass, power, -20.0, 120.0)
    a, b = c.plateau_energy_j["melting"]
    assert b - a == pytest.approx(mass * nat.LATENT_HEAT_FUSION, rel=1e-12)
    a, b = c.plateau_energy_j["boiling"]
    assert b - a == pytest.approx(mass * nat.LATENT_HEAT_VAPORISATION, rel=1e-12)
    # plateau times are the plateau energies divided by the power
    for name in ("melting", "boiling"):
        (ea, eb), (ta, tb) = c.plateau_energy_j[name], c.plateau_time_s[name]
        assert tb - ta == pytest.approx((eb - ea) / power, rel=1e-12)
    # temperatures on the plateaus are the transition temperatures
    assert np.all(c.temperature_c[c.phase == "melting"] == nat.MELTING_POINT_C)
    assert np.all(c.temperature_c[c.phase == "boiling"] == nat.BOILING_POINT_C)


@pytest.mark.parametrize("mass", [0.3, 1.0, 1.7])
def test_water_slopes_are_one_over_mc(mass):
    c = nat.water_heating_curve(mass, 800.0, -30.0, 140.0, n_points_per_stage=20)
    heat_caps = {"ice": nat.SPECIFIC_HEAT_ICE, "liquid": nat.SPECIFIC_HEAT_WATER,
                 "steam": nat.SPECIFIC_HEAT_STEAM}
    for phase, cap in heat_caps.items():
        idx = np.flatnonzero(c.phase == phase)
        # include the next point (start of the following stage) for the last phase segment
        e, t = c.energy_j[idx], c.temperature_c[idx]
        slopes = np.diff(t) / np.diff(e)
        np.testing.assert_allclose(slopes, 1.0 / (mass * cap), rtol=1e-9)
    # total energy is the sum of the five stages
    total = mass * (nat.SPECIFIC_HEAT_ICE * 30 + nat.LATENT_HEAT_FUSION
                    + nat.SPECIFIC_HEAT_WATER * 100 + nat.LATENT_HEAT_VAPORISATION
                    + nat.SPECIFIC_HEAT_STEAM * 40)
    assert c.energy_j[-1] == pytest.approx(total, rel=1e-12)
    assert c.temperature_c[0] == -30.0 and c.temperature_c[-1] == 140.0
    np.testing.assert_allclose(c.time_s, c.energy_j / 800.0)
    assert np.all(np.diff(c.energy_j) > 0)
    assert np.all(np.diff(c.temperature_c) >= 0)
    assert list(dict.fromkeys(c.phase)) == ["ice", "melting", "liquid", "boiling", "steam"]


def test_water_constants_are_in_reference_ranges():
    # Cross-check with the CRC molar values quoted in the module (6.01 and 40.65 kJ/mol,
    # molar mass 18.015 g/mol): agreement within 0.1 %.
    assert nat.LATENT_HEAT_FUSION == pytest.approx(6.01e3 / 18.015e-3, rel=1e-3)
    assert nat.LATENT_HEAT_VAPORISATION == pytest.approx(40.65e3 / 18.015e-3, rel=1e-3)
    assert 1900 < nat.SPECIFIC_HEAT_ICE < 2150
    assert 4170 < nat.SPECIFIC_HEAT_WATER < 4230
    assert 1950 < nat.SPECIFIC_HEAT_STEAM < 2100


def test_double_power_halves_the_times_but_not_the_temperatures():
    c1 = nat.water_heating_curve(1.0, 500.0)
    c2 = nat.water_heating_curve(1.0, 1000.0)
    np.testing.assert_allclose(c2.time_s, c1.time_s / 2)
    np.testing.assert_array_equal(c1.temperature_c, c2.temperature_c)


@pytest.mark.parametrize("kwargs, name", [
    ({"mass_kg": 0.0}, "mass_kg"), ({"mass_kg": -1.0}, "mass_kg"),
    ({"mass_kg": float("nan")}, "mass_kg"), ({"mass_kg": "heavy"}, "mass_kg"),
    ({"power_w": 0.0}, "power_w"), ({"power_w": float("inf")}, "power_w"),
    ({"t_start_c": 0.0}, "t_start_c"), ({"t_start_c": 20.0}, "t_start_c"),
    ({"t_start_c": -100.0}, "t_start_c"), ({"t_end_c": 100.0}, "t_end_c"),
    ({"t_end_c": 90.0}, "t_end_c"), ({"t_end_c": 500.0}, "t_end_c"),
    ({"n_points_per_stage": 1}, "n_points_per_stage"),
    ({"n_points_per_stage": 2.5}, "n_points_per_stage"),
])
def test_water_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(EmergenceInputError, match=name):
        nat.water_heating_curve(**kwargs)


# --------------------------------------------------------------------------------------------
# Ising
# --------------------------------------------------------------------------------------------


def test_onsager_tc():
    tc = nat.onsager_tc()
    assert tc == pytest.approx(2.0 / math.asinh(1.0), abs=1e-12)
    assert math.sinh(2.0 / tc) == pytest.approx(1.0, abs=1e-12)  # self-dual point
    assert abs(tc - 2.269185314213022) < 1e-12


def test_yang_magnetisation_shape():
    tc = nat.onsager_tc()
    above = np.array([tc, tc + 1e-9, 2.5, 4.0, 100.0])
    np.testing.assert_array_equal(nat.yang_magnetisation(above), 0.0)
    assert nat.yang_magnetisation(0.05) == pytest.approx(1.0, abs=1e-12)
    assert 1.0 - nat.yang_magnetisation(1.0) < 1e-3
    t = np.linspace(0.05, tc - 1e-6, 400)
    m = nat.yang_magnetisation(t)
    assert np.all(np.diff(m) <= 0)                  # monotone (saturates at 1.0 in floats)
    assert np.all(np.diff(m[t > 0.6]) < 0)          # strictly decreasing where m < 1
    assert np.all((m > 0) & (m <= 1))
    assert m[-1] < 0.2  # it falls steeply to 0 at T_c (exponent 1/8)
    assert isinstance(nat.yang_magnetisation(1.5), float)
    for bad in (0.0, -1.0, float("nan"), []):
        with pytest.raises(EmergenceInputError, match="T"):
            nat.yang_magnetisation(bad)


def test_simulation_matches_yang_below_tc_and_is_small_above():
    m = nat.ising_magnetisation_curve(32, [1.5, 3.5], n_equil=200, n_measure=200, seed=3)
    assert abs(m[0] - nat.yang_magnetisation(1.5)) < 0.05
    assert m[1] < 0.15
    # from a random start the high temperature result is the same kind of small number
    m_rand = nat.ising_magnetisation_curve(32, [3.5], 100, 200, seed=4, state="random")
    assert m_rand[0] < 0.15


def test_ising_curve_is_reproducible_and_seed_dependent():
    a = nat.ising_magnetisation_curve(8, [2.3, 2.6], 10, 20, seed=1)
    b = nat.ising_magnetisation_curve(8, [2.3, 2.6], 10, 20, seed=1)
    c = nat.ising_magnetisation_curve(8, [2.3, 2.6], 10, 20, seed=2)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_sweep_limits_are_exact():
    rng = np.random.default_rng(0)
    # infinite temperature: every proposed flip is accepted, so one sweep flips every spin
    s = nat.ising_init(8, rng, "random")
    before = s.copy()
    out = nat.ising_sweep(s, 1e12, rng, 1)
    assert out is s
    np.testing.assert_array_equal(s, -before)
    # near zero temperature: an all-up lattice never changes...
    up = nat.ising_init(8, rng, "up")
    nat.ising_sweep(up, 1e-3, rng, 5)
    assert np.all(up == 1)
    # ...and a single flipped spin (energy +8 above the ground state) always flips back
    up[3, 4] = -1
    nat.ising_sweep(up, 1e-3, rng, 1)
    assert np.all(up == 1)


def test_stacked_sweep_uses_one_temperature_per_lattice():
    rng = np.random.default_rng(5)
    stack = np.stack([nat.ising_init(8, rng, "up") for _ in range(2)])
    nat.ising_sweep(stack, np.array([1e-3, 1e12]), rng, 1)
    assert np.all(stack[0] == 1)     # frozen
    assert np.all(stack[1] == -1)    # every spin flipped
    m = nat.magnetisation(stack)
    np.testing.assert_array_equal(m, [1.0, -1.0])


def test_ising_init_and_magnetisation():
    rng = np.random.default_rng(0)
    s = nat.ising_init(64, rng, "random")
    assert s.dtype == np.int8 and s.shape == (64, 64)
    assert set(np.unique(s)) == {-1, 1}
    assert abs(nat.magnetisation(s)) < 0.1
    assert nat.magnetisation(nat.ising_init(4, rng, "up")) == 1.0


@pytest.mark.parametrize("call, name", [
    (lambda: nat.ising_init(7, np.random.default_rng(0)), "L"),
    (lambda: nat.ising_init(2, np.random.default_rng(0)), "L"),
    (lambda: nat.ising_init(8, np.random.default_rng(0), state="down"), "state"),
    (lambda: nat.ising_init(8, 42), "rng"),
    (lambda: nat.ising_sweep(np.ones((8, 8), np.int8), 0.0, np.random.default_rng(0)), "T"),
    (lambda: nat.ising_sweep(np.ones((8, 8)), 1.0, np.random.default_rng(0)), "spins"),
    (lambda: nat.ising_sweep(np.zeros((8, 8), np.int8), 1.0, np.random.default_rng(0)), "spins"),
    (lambda: nat.ising_sweep(np.ones((8, 8), np.int8), 1.0, np.random.default_rng(0), -1),
     "n_sweeps"),
    (lambda: nat.ising_sweep(np.ones((2, 8, 8), np.int8), [1.0, 2.0, 3.0],
                             np.random.default_rng(0)), "T"),
    (lambda: nat.ising_magnetisation_curve(8, [], 1, 1), "temperatures"),
    (lambda: nat.ising_magnetisation_curve(8, [1.0], 1, 0), "n_measure"),
])
def test_ising_bad_input(call, name):
    with pytest.raises(EmergenceInputError, match=name):
        call()


# --------------------------------------------------------------------------------------------
# Percolation
# --------------------------------------------------------------------------------------------


def test_p_c_constant():
    assert nat.P_C == pytest.approx(0.592746, abs=1e-6)


def test_extreme_p():
    rng = np.random.default_rng(0)
    for L in (1, 5, 20):
        assert not spans_any(L, 0.0, rng)
        assert nat.spans(nat.percolation_grid(L, 1.0, rng))
    np.testing.assert_array_equal(nat.spanning_probability(16, [0.0, 1.0], 20, seed=1), [0, 1])


def spans_any(L, p, rng, n=10):
    return any(nat.spans(nat.percolation_grid(L, p, rng)) for _ in range(n))


def test_spanning_probability_increases_and_sharpens():
    ps = [0.45, 0.55, 0.6, 0.65, 0.75]
    small = nat.spanning_probability(16, ps, 300, seed=0)
    large = nat.spanning_probability(64, ps, 300, seed=0)
    for prob in (small, large):
        assert np.all(np.diff(prob) >= 0)
        assert prob[-1] - prob[0] > 0.8
    assert large[1] < small[1] - 0.05   # p = 0.55, below p_c: the larger lattice spans less
    assert large[3] > small[3] + 0.05   # p = 0.65, above p_c: the larger lattice spans more


def test_clusters_on_a_hand_made_grid():
    grid = np.array([
        [1, 1, 0, 0, 1],
        [0, 1, 0, 1, 1],
        [0, 0, 0, 0, 1],
        [1, 0, 1, 0, 1],
        [1, 0, 0, 1, 0],
    ], dtype=bool)
    labels, n = nat.label_clusters(grid)
    # clusters: {(0,0),(0,1),(1,1)}, {(0,4),(1,3),(1,4),(2,4),(3,4)}, {(3,0),(4,0)},
    # {(3,2)}, {(4,3)}; (3,4) and (4,3) touch only diagonally, so they are separate.
    assert n == 5
    expected = np.zeros_like(grid)
    expected[[0, 1, 1, 2, 3], [4, 3, 4, 4, 4]] = True
    np.testing.assert_array_equal(nat.largest_cluster(grid), expected)
    assert not nat.spans(grid)
    assert not nat.largest_cluster(np.zeros((3, 3), bool)).any()


def test_spans_on_hand_made_grids():
    snake = np.array([
        [0, 1, 0, 0],
        [0, 1, 1, 1],
        [0, 0, 0, 1],
        [1, 1, 1, 1],
        [1, 0, 0, 0],
    ])
    assert nat.spans(snake)
    diagonal = np.eye(4, dtype=bool)          # only diagonal contacts: no 4-neighbour path
    assert not nat.spans(diagonal)
    horizontal = np.zeros((4, 4), bool)
    horizontal[2] = True                      # spans left-right, not top-bottom
    assert not nat.spans(horizontal)
    with pytest.raises(EmergenceInputError, match="grid"):
        nat.spans(np.array([[0, 2], [1, 1]]))


@pytest.mark.parametrize("call, name", [
    (lambda: nat.percolation_grid(8, 1.5, np.random.default_rng(0)), "p"),
    (lambda: nat.percolation_grid(0, 0.5, np.random.default_rng(0)), "L"),
    (lambda: nat.percolation_grid(8, 0.5, None), "rng"),
    (lambda: nat.spanning_probability(8, [0.5, -0.1], 5), "ps"),
    (lambda: nat.spanning_probability(8, [], 5), "ps"),
    (lambda: nat.spanning_probability(8, [0.5], 0), "n_trials"),
])
def test_percolation_bad_input(call, name):
    with pytest.raises(EmergenceInputError, match=name):
        call()


# --------------------------------------------------------------------------------------------
# Plots and widgets
# --------------------------------------------------------------------------------------------


def test_plot_functions_return_figures_and_artists():
    fig, art = nat.plot_water_curve(nat.water_heating_curve(0.5, 500.0))
    assert art["line_time"].get_xdata()[-1] == pytest.approx(
        nat.water_heating_curve(0.5, 500.0).time_s[-1] / 60)
    curves = {8: (np.array([1.0, 3.0]), np.array([0.99, 0.2]))}
    spins = nat.ising_init(8, np.random.default_rng(0), "up")
    fig, art = nat.plot_ising(spins, 1.5, None, curves)
    assert art["marker"].get_ydata()[0] == 1.0
    assert art["tc"].get_xdata()[0] == pytest.approx(nat.onsager_tc())
    fig, art = nat.plot_percolation(np.ones((6, 6), bool), 1.0, {6: (np.array([0.5, 1.0]),
                                                                     np.array([0.1, 1.0]))})
    assert np.all(np.asarray(art["image"].get_array()) == 2)  # whole lattice is one cluster
    assert "spans top to bottom" in art["title"].get_text()


def _control_values(ctl):
    """Minimum, maximum and a middle value of a control (each differs from the one before)."""
    if hasattr(ctl, "options"):
        opts = list(ctl.options)
        return [opts[0], opts[-1], opts[len(opts) // 2]]
    middle = ctl.min + round((ctl.max - ctl.min) / 2 / ctl.step) * ctl.step
    return [ctl.min, ctl.max, middle]


def _exercise(live, snapshot):
    """Move every control to min, max and middle; each move must run the callback and change
    the figure's artists (compared through ``snapshot``)."""
    for name, ctl in live.controls.items():
        for value in _control_values(ctl):
            before, n_before = snapshot(), live.n_updates
            live.set(**{name: value})
            assert ctl.value == pytest.approx(value)
            assert live.n_updates == n_before + 1, f"{name}={value}: callback did not run"
            assert live.caption
            assert _differs(before, snapshot()), f"{name}={value}: artists did not change"


def _differs(a, b):
    return any(not np.array_equal(np.asarray(x), np.asarray(y)) for x, y in zip(a, b, strict=True))


def test_water_widget_updates_artists():
    live = nat.water_widget(mass_kg=1.0, power_w=1000.0)
    art_fig = live.fig
    line = art_fig.axes[1].lines[0]
    _exercise(live, lambda: (line.get_xdata().copy(), art_fig.axes[1].get_xlim()))
    assert live.fig is art_fig
    assert "kg" in live.alt


def test_ising_widget_updates_artists():
    live = nat.ising_widget(T=2.0, L=16, sizes=(8, 16, 32), n_equil=10, n_measure=10,
                            live_sweeps=10, live_measure=2, seed=0)
    img = live.fig.axes[0].images[0]
    marker = [ln for ln in live.fig.axes[1].lines if ln.get_marker() == "*"][0]
    _exercise(live, lambda: (np.asarray(img.get_array()).copy(), marker.get_xdata(),
                             img.get_extent()))
    # low temperature: ordered; high temperature: disordered
    live.set(L=32, T=1.0)
    assert abs(np.asarray(img.get_array()).mean()) > 0.9
    live.set(T=4.0)
    assert abs(np.asarray(img.get_array()).mean()) < 0.5
    assert "32" in live.alt


def test_percolation_widget_updates_artists():
    live = nat.percolation_widget(p=0.55, L=40, sizes=(8, 16), n_trials=20, seed=0)
    img = live.fig.axes[0].images[0]
    p_line = live.fig.axes[1].lines[-1]
    _exercise(live, lambda: (np.asarray(img.get_array()).copy(), p_line.get_xdata()))
    live.set(p=0.0)
    assert np.all(np.asarray(img.get_array()) == 0)
    live.set(p=1.0)
    assert np.all(np.asarray(img.get_array()) == 2)
    assert "does not span" not in live.caption


# --------------------------------------------------------------------------------------------
# Equilibrium of the Ising curves (issue 11: the table near T_c was not in equilibrium)
# --------------------------------------------------------------------------------------------
def test_autocorrelation_time_of_an_ar1_process():
    # x_t = phi x_{t-1} + noise has rho(k) = phi^k and tau_int = (1 + phi) / (2 (1 - phi))
    rng = np.random.default_rng(0)
    phi, n = 0.9, 200_000
    x = np.empty((4, n))
    x[:, 0] = rng.normal(size=4)
    noise = rng.normal(size=(4, n))
    for t in range(1, n):
        x[:, t] = phi * x[:, t - 1] + noise[:, t]
    assert nat.integrated_autocorrelation_time(x) == pytest.approx((1 + phi) / (2 * (1 - phi)),
                                                                   rel=0.1)
    assert nat.integrated_autocorrelation_time(rng.normal(size=10_000)) == pytest.approx(0.5,
                                                                                        abs=0.1)
    assert nat.integrated_autocorrelation_time(np.ones(10)) == 0.5
    with pytest.raises(EmergenceInputError, match="series"):
        nat.integrated_autocorrelation_time([1.0])


def test_equilibrium_run_is_reproducible_and_one_temperature_can_be_recomputed():
    a = nat.ising_equilibrium_run(8, 2.3, 20, 50, 3, seed=5)
    b = nat.ising_equilibrium_run(8, 2.3, 20, 50, 3, seed=5)
    assert a == b
    # a temperature simulated together with others gives the same numbers as alone
    together = nat._equilibrium_runs(8, [1.5, 2.3, 3.0], 20, 50, 3, 5)
    assert together[1] == a
    assert a.sem > 0 and a.tau_int >= 0.5 and 0 < a.mean_abs_m <= 1


def test_cached_reference_curves_were_run_long_enough():
    table = nat.ising_reference_curves()
    settings = nat.ISING_REFERENCE
    assert set(table["L"]) == set(settings["replicas"])
    for L, sub in table.groupby("L"):
        np.testing.assert_allclose(np.sort(sub["T"]), nat.ISING_CURVE_TEMPERATURES)
        assert (sub["n_replicas"] == settings["replicas"][L]).all()
    assert (table["n_equil"] == settings["n_equil"]).all()
    assert (table["n_measure"] == settings["n_measure"]).all()
    assert (table["seed"] == settings["seed"]).all()
    # every point discarded at least five autocorrelation times and measured over 10 or more
    assert (table["n_equil"] >= 5 * table["tau_int"]).all()
    assert (table["n_measure"] >= 10 * table["tau_int"]).all()
    assert (table["sem"] < 0.025).all()
    # the notebook's short run (100 + 100 sweeps at L = 64, T = 2.3) is far from equilibrium
    row = table[(table["L"] == 64) & np.isclose(table["T"], 2.3)].iloc[0]
    short = nat.ising_equilibrium_run(64, 2.3, 100, 100, 2)
    assert short.mean_abs_m > row["mean_abs_m"] + 5 * row["sem"]
    # the quiz quotes both runs as the notebook prints them, and no earlier version
    from emergence_utils.quizzes.nb01 import QUESTIONS
    stem = next(q.text for q in QUESTIONS if "short run" in q.text)
    assert f"{short.mean_abs_m:.3f} ± {short.sem:.3f}" in stem
    assert f"{row['mean_abs_m']:.3f} ± {row['sem']:.3f}" in stem
    assert "earlier version" not in stem
    # far from T_c the simulation agrees with Yang's exact result within a few errors
    low = table[np.isclose(table["T"], 1.5)]
    assert np.all(np.abs(low["mean_abs_m"] - nat.yang_magnetisation(1.5)) < 0.01)


def test_cached_reference_curves_recompute_exactly():
    """Recompute one cached point (L = 16, T = 2.3) with the documented settings."""
    s = nat.ISING_REFERENCE
    table = nat.ising_reference_curves()
    row = table[(table["L"] == 16) & np.isclose(table["T"], 2.3)].iloc[0]
    run = nat.ising_equilibrium_run(16, 2.3, s["n_equil"], s["n_measure"], s["replicas"][16],
                                    s["seed"])
    assert run.mean_abs_m == pytest.approx(row["mean_abs_m"], rel=1e-12)
    assert run.sem == pytest.approx(row["sem"], rel=1e-9)
    assert run.tau_int == pytest.approx(row["tau_int"], rel=1e-9)


def test_reference_table_shows_values_errors_and_tau():
    tab = nat.ising_reference_table([1.5, 2.3, 4.0])
    assert list(tab.columns) == ["T", "Yang (L = inf)", "L = 16", "± L = 16", "L = 32",
                                 "± L = 32", "L = 64", "± L = 64", "longest tau (sweeps)"]
    assert tab["Yang (L = inf)"].iloc[1] == 0.0
    with pytest.raises(EmergenceInputError, match="temperatures"):
        nat.ising_reference_table([2.31])


def test_ising_widget_uses_the_cached_curves_by_default():
    live = nat.ising_widget(T=2.0, L=32)
    ref = nat.ising_reference_curves()
    line = [ln for ln in live.fig.axes[1].lines if ln.get_label() == "simulation, L = 64"][0]
    sub = ref[ref["L"] == 64].sort_values("T")
    np.testing.assert_array_equal(line.get_ydata(), sub["mean_abs_m"])


# --------------------------------------------------------------------------------------------
# Functions students write in notebook 01
# --------------------------------------------------------------------------------------------
def test_plateau_minutes_matches_the_heating_curve():
    c = nat.water_heating_curve(mass_kg=0.5, power_w=2000.0)
    a, b = c.plateau_time_s["boiling"]
    assert nat.plateau_minutes(0.5, nat.LATENT_HEAT_VAPORISATION, 2000.0) == pytest.approx(
        (b - a) / 60)
    with pytest.raises(EmergenceInputError, match="power_w"):
        nat.plateau_minutes(1.0, 1.0, 0.0)


def test_transition_width_of_a_ramp_and_of_the_simulated_curves():
    assert nat.transition_width([0.4, 0.5, 0.7, 0.8], [0, 0, 1, 1]) == pytest.approx(0.16)
    widths = [nat.transition_width(ps, prob) for ps, prob in nat.spanning_curves().values()]
    assert widths == sorted(widths, reverse=True)  # larger lattices: sharper transitions
    with pytest.raises(EmergenceInputError, match="ps, prob"):
        nat.transition_width([0.5, 0.4], [0.0, 1.0])
    with pytest.raises(EmergenceInputError, match="low, high"):
        nat.transition_width([0.4, 0.5], [0.0, 1.0], low=0.9, high=0.1)
