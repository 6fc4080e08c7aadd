"""Emergence outside language models: three physical systems with a threshold.

1. **Water heated at constant power** (1 atm): the temperature rises smoothly, then stops at
   0 °C and at 100 °C while the energy goes into changing the state (latent heat).
2. **The 2D Ising model** (J = 1, k_B = 1, periodic boundaries): below the Onsager temperature
   :func:`onsager_tc` the spins order and a spontaneous magnetisation appears; Yang's formula
   :func:`yang_magnetisation` gives its exact value for an infinite lattice.
3. **Site percolation** on a square lattice: above the threshold :data:`P_C` a cluster
   crosses the whole lattice; for a finite lattice the crossing probability rises smoothly and
   gets steeper as the lattice grows.

Each part has pure computing functions (numpy arrays in, arrays out, explicit seeds), a pure
plotting function that returns a :class:`matplotlib.figure.Figure` and the artists it draws,
and a widget builder returning :class:`emergence_utils.widgets.LiveFigure` whose callback
changes those artists in place.

Units: energy in joules (J), power in watts (W), mass in kilograms (kg), time in seconds (s),
temperature of water in degrees Celsius (°C). Ising temperatures are in units of J/k_B
(dimensionless). Magnetisation and probabilities are fractions in [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .errors import EmergenceDataError, EmergenceInputError
from .style import figsize, font

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    # water
    "SPECIFIC_HEAT_ICE", "SPECIFIC_HEAT_WATER", "SPECIFIC_HEAT_STEAM",
    "LATENT_HEAT_FUSION", "LATENT_HEAT_VAPORISATION", "MELTING_POINT_C", "BOILING_POINT_C",
    "WATER_START_RANGE_C", "WATER_END_RANGE_C", "WaterHeatingCurve", "water_heating_curve",
    "plateau_minutes",
    "plot_water_curve", "water_widget",
    # Ising
    "onsager_tc", "yang_magnetisation", "ising_init", "ising_sweep", "magnetisation",
    "ising_magnetisation_curve", "ISING_CURVE_TEMPERATURES", "ising_curves", "plot_ising",
    "integrated_autocorrelation_time", "IsingRun", "ising_equilibrium_run", "ISING_REFERENCE",
    "ising_cache_path", "build_ising_reference", "ising_reference_curves",
    "ising_reference_table",
    "plot_ising_snapshots",
    "ising_widget",
    # percolation
    "P_C", "percolation_grid", "label_clusters", "largest_cluster", "spans",
    "spanning_probability", "transition_width", "PERCOLATION_CURVE_PS", "spanning_curves",
    "plot_percolation",
    "percolation_widget",
]

# Okabe-Ito colours (the palette of emergence_utils.style), named by what they show here.
_BLUE, _VERMILLION, _GREEN, _ORANGE = "#0072B2", "#D55E00", "#009E73", "#E69F00"
_SKY, _PURPLE, _GREY, _BLACK = "#56B4E9", "#CC79A7", "#7f7f7f", "#000000"
_SIZE_COLOURS = [_SKY, _BLUE, _PURPLE, _VERMILLION, _GREEN, _ORANGE]
_THRESHOLD_STYLE = {"color": _BLACK, "linestyle": "--", "linewidth": 1.2}


# --------------------------------------------------------------------------------------------
# Water
# --------------------------------------------------------------------------------------------
# Values of the international IAPWS formulations for liquid water and steam [IAPWS-95] (the
# formulation behind the water tables of the NIST Chemistry WebBook, SRD 69, "Thermophysical
# properties of fluid systems") and for ice Ih [IAPWS-06]. They were evaluated (once, offline,
# for this module) with the ``iapws`` Python package 1.5.5, which implements both formulations.
# Each heat capacity is taken CONSTANT over its phase: an approximation (the true values vary by
# a few percent over the default ranges, see each constant), good enough to show the shape of the
# heating curve, not for engineering.
#
# [IAPWS-95] W. Wagner and A. Pruss, "The IAPWS formulation 1995 for the thermodynamic
#     properties of ordinary water substance for general and scientific use",
#     J. Phys. Chem. Ref. Data 31, 387-535 (2002). doi:10.1063/1.1461829
# [IAPWS-06] R. Feistel and W. Wagner, "A new equation of state for H2O ice Ih",
#     J. Phys. Chem. Ref. Data 35, 1021-1047 (2006), adopted as IAPWS R10-06(2009).
#     doi:10.1063/1.2183324
# [CRC] W. M. Haynes (ed.), CRC Handbook of Chemistry and Physics, 97th ed., CRC Press (2016),
#     Section 6, tables "Enthalpy of fusion" (water: 6.01 kJ/mol) and "Enthalpy of
#     vaporization" (water at its normal boiling point: 40.65 kJ/mol); divided by the molar mass
#     18.015 g/mol these give 333.6 kJ/kg and 2256.4 kJ/kg, a cross-check of the values below.

#: Specific heat capacity of ice Ih, J/(kg K), at -10 °C and 101.325 kPa [IAPWS-06].
#: The true value runs from 1950 J/(kg K) at -20 °C to 2097 J/(kg K) at 0 °C.
SPECIFIC_HEAT_ICE: float = 2023.1

#: Specific heat capacity of liquid water, J/(kg K), at 25 °C and 101.325 kPa [IAPWS-95].
#: Between 0 °C and 100 °C it varies from 4178 to 4220 J/(kg K) (mean 4191 J/(kg K)).
SPECIFIC_HEAT_WATER: float = 4181.3

#: Specific heat capacity of steam (water vapour), J/(kg K), at 110 °C and 101.325 kPa
#: [IAPWS-95]. It runs from 2080 J/(kg K) (saturated vapour at 100 °C) to 2021 J/(kg K) at 120 °C.
SPECIFIC_HEAT_STEAM: float = 2043.7

#: Latent heat (specific enthalpy) of fusion of ice, J/kg, at the normal melting point
#: (0.0025 °C, 101.325 kPa): liquid enthalpy [IAPWS-95] minus ice enthalpy [IAPWS-06].
#: [CRC] gives 6.01 kJ/mol = 333.6 kJ/kg.
LATENT_HEAT_FUSION: float = 333.43e3

#: Latent heat (specific enthalpy) of vaporisation of water, J/kg, at the normal boiling point
#: (99.974 °C, 101.325 kPa): saturated vapour minus saturated liquid enthalpy [IAPWS-95].
#: [CRC] gives 40.65 kJ/mol = 2256.4 kJ/kg.
LATENT_HEAT_VAPORISATION: float = 2256.47e3

#: Melting point of ice at 1 atm used here, °C (the exact value is 0.0025 °C [IAPWS-06]).
MELTING_POINT_C: float = 0.0
#: Boiling point of water at 1 atm used here, °C (on ITS-90 it is 99.974 °C [IAPWS-95]).
BOILING_POINT_C: float = 100.0

#: Allowed start and end temperatures, °C. The constant heat capacities above are within about
#: 10 % of the true values inside these ranges; far outside them the model would mislead.
WATER_START_RANGE_C = (-40.0, MELTING_POINT_C)
WATER_END_RANGE_C = (BOILING_POINT_C, 150.0)

_PHASES = ("ice", "melting", "liquid", "boiling", "steam")


@dataclass(frozen=True)
class WaterHeatingCurve:
    """Temperature of a block of water heated at constant power, no heat losses, 1 atm.

    Attributes
    ----------
    mass_kg, power_w : float
        Mass (kg) and heating power (W).
    energy_j : ndarray
        Energy added since the start, J (increasing).
    time_s : ndarray
        Time since the start, s (``energy_j / power_w``).
    temperature_c : ndarray
        Temperature, °C.
    phase : ndarray of str
        ``"ice"``, ``"melting"``, ``"liquid"``, ``"boiling"`` or ``"steam"`` for every point
        (a point where two stages meet belongs to the later stage).
    plateau_energy_j : dict
        ``{"melting": (start, end), "boiling": (start, end)}`` in J.
    plateau_time_s : dict
        The same in seconds.
    """

    mass_kg: float
    power_w: float
    energy_j: np.ndarray
    time_s: np.ndarray
    temperature_c: np.ndarray
    phase: np.ndarray
    plateau_energy_j: dict[str, tuple[float, float]] = field(default_factory=dict)
    plateau_time_s: dict[str, tuple[float, float]] = field(default_factory=dict)


def _positive(value: Any, name: str, unit: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise EmergenceInputError(f"{name}: expected a number in {unit}, got {value!r}") from None
    if not math.isfinite(v) or v <= 0:
        raise EmergenceInputError(f"{name}: must be a finite positive number in {unit}, "
                                  f"got {value!r}")
    return v


def water_heating_curve(
    mass_kg: float = 1.0,
    power_w: float = 1000.0,
    t_start_c: float = -20.0,
    t_end_c: float = 120.0,
    n_points_per_stage: int = 50,
) -> WaterHeatingCurve:
    """Heat ice into steam at constant power and return the temperature curve.

    The model: ``dT/dE = 1 / (m c)`` within a phase (``c`` constant per phase, see the module
    constants), and ``dT/dE = 0`` while ``m L_f`` (at 0 °C) or ``m L_v`` (at 100 °C) is
    absorbed. Pressure 1 atm, no heat losses, uniform temperature.

    Parameters
    ----------
    mass_kg : float
        Mass of water, kg (> 0).
    power_w : float
        Heating power, W (J/s, > 0).
    t_start_c : float
        Initial temperature of the ice, °C, in ``[-40, 0)``.
    t_end_c : float
        Final temperature of the steam, °C, in ``(100, 150]``.
    n_points_per_stage : int
        Points per stage (5 stages), at least 2.

    Returns
    -------
    WaterHeatingCurve

    Raises
    ------
    EmergenceInputError
        For a non-positive mass or power, temperatures outside the ranges, or too few points.
    """
    m = _positive(mass_kg, "mass_kg", "kg")
    p = _positive(power_w, "power_w", "W")
    for val, name, (lo, hi), closed_lo in ((t_start_c, "t_start_c", WATER_START_RANGE_C, True),
                                           (t_end_c, "t_end_c", WATER_END_RANGE_C, False)):
        try:
            v = float(val)
        except (TypeError, ValueError):
            raise EmergenceInputError(f"{name}: expected a temperature in °C, "
                                      f"got {val!r}") from None
        ok = (lo <= v < hi) if closed_lo else (lo < v <= hi)
        if not (math.isfinite(v) and ok):
            interval = f"[{lo:g}, {hi:g})" if closed_lo else f"({lo:g}, {hi:g}]"
            raise EmergenceInputError(
                f"{name}: must be in {interval} °C (start as ice, end as steam; the constant "
                f"heat capacities are not valid further out), got {val!r}")
    t0, t1 = float(t_start_c), float(t_end_c)
    if isinstance(n_points_per_stage, bool) or not isinstance(n_points_per_stage, int | np.integer):
        raise EmergenceInputError(f"n_points_per_stage: expected an int, got {n_points_per_stage!r}")
    if n_points_per_stage < 2:
        raise EmergenceInputError(f"n_points_per_stage: need at least 2, got {n_points_per_stage}")

    # (stage, energy needed J, start temperature, end temperature)
    stages = [
        ("ice", m * SPECIFIC_HEAT_ICE * (MELTING_POINT_C - t0), t0, MELTING_POINT_C),
        ("melting", m * LATENT_HEAT_FUSION, MELTING_POINT_C, MELTING_POINT_C),
        ("liquid", m * SPECIFIC_HEAT_WATER * (BOILING_POINT_C - MELTING_POINT_C),
         MELTING_POINT_C, BOILING_POINT_C),
        ("boiling", m * LATENT_HEAT_VAPORISATION, BOILING_POINT_C, BOILING_POINT_C),
        ("steam", m * SPECIFIC_HEAT_STEAM * (t1 - BOILING_POINT_C), BOILING_POINT_C, t1),
    ]
    energy, temp, phase = [], [], []
    e_start = 0.0
    plateaus: dict[str, tuple[float, float]] = {}
    n = int(n_points_per_stage)
    for i, (name, de, ta, tb) in enumerate(stages):
        last = i == len(stages) - 1
        frac = np.linspace(0.0, 1.0, n, endpoint=last)
        energy.append(e_start + frac * de)
        temp.append(ta + frac * (tb - ta))
        phase.append(np.full(n, name, dtype=object))
        if ta == tb:
            plateaus[name] = (e_start, e_start + de)
        e_start += de
    energy_j = np.concatenate(energy)
    return WaterHeatingCurve(
        mass_kg=m, power_w=p, energy_j=energy_j, time_s=energy_j / p,
        temperature_c=np.concatenate(temp), phase=np.concatenate(phase).astype(str),
        plateau_energy_j=plateaus,
        plateau_time_s={k: (a / p, b / p) for k, (a, b) in plateaus.items()},
    )


def plateau_minutes(mass_kg: float, latent_heat_j_per_kg: float, power_w: float) -> float:
    """Duration of a plateau (melting or boiling) at constant power, in **minutes**.

    The energy ``m L`` (J) goes into changing the state at a rate ``P`` (W = J/s), so the
    plateau lasts ``m L / P`` seconds, i.e. ``m L / (60 P)`` minutes.

    Parameters
    ----------
    mass_kg : float
        Mass, kg (> 0).
    latent_heat_j_per_kg : float
        Latent heat, J/kg (> 0), e.g. :data:`LATENT_HEAT_FUSION`.
    power_w : float
        Heating power, W (> 0).
    """
    m = _positive(mass_kg, "mass_kg", "kg")
    latent = _positive(latent_heat_j_per_kg, "latent_heat_j_per_kg", "J/kg")
    p = _positive(power_w, "power_w", "W")
    return m * latent / p / 60.0


def _water_label_positions(curve: WaterHeatingCurve, x: np.ndarray) -> dict[str, tuple]:
    pos = {}
    for name in _PHASES:
        sel = curve.phase == name
        xs, ts = x[sel], curve.temperature_c[sel]
        pos[name] = (float(xs.mean()), float(ts.mean()))
    return pos


def plot_water_curve(curve: WaterHeatingCurve | None = None) -> tuple[Figure, dict[str, Any]]:
    """Plot a water heating curve: temperature vs energy added and vs time.

    Parameters
    ----------
    curve : WaterHeatingCurve, optional
        Defaults to ``water_heating_curve()`` (1 kg, 1000 W, -20 °C to 120 °C).

    Returns
    -------
    fig : Figure
    artists : dict
        ``ax_energy``, ``ax_time``, ``line_energy``, ``line_time`` (Line2D), ``spans``
        (dict of plateau Rectangles on the time axis), ``labels`` (dict of stage Texts on the
        time axis), ``title`` (Text).
    """
    c = curve if curve is not None else water_heating_curve()
    fig = Figure(figsize=figsize(10, 4.0), layout="constrained")
    # Same y range on both panels, set explicitly: shared axes make every draw measure the
    # tick labels of both panels, which slows each slider move.
    ax_e, ax_t = fig.subplots(1, 2)
    ax_t.tick_params(labelleft=False)
    # the temperature axis is drawn before the energy axis (their grid lines look the same
    # either way), so that a mass move can redraw the energy axis alone (water_widget)
    ax_e.yaxis.set_zorder(1.4)
    (line_e,) = ax_e.plot(c.energy_j / 1e3, c.temperature_c, color=_BLUE, lw=2)
    ax_e.set_xlabel("energy added (kJ)")
    ax_e.set_ylabel("temperature (°C)")
    ax_e.set_title("Temperature vs energy added")
    (line_t,) = ax_t.plot(c.time_s / 60, c.temperature_c, color=_VERMILLION, lw=2)
    ax_t.set_xlabel("time (min)")
    spans, labels = {}, {}
    for name, colour in (("melting", _SKY), ("boiling", _ORANGE)):
        a, b = c.plateau_time_s[name]
        spans[name] = ax_t.add_patch(Rectangle((a / 60, 0), (b - a) / 60, 1, color=colour,
                                               alpha=0.25, lw=0,
                                               transform=ax_t.get_xaxis_transform()))
    # (offset in points, horizontal alignment) of each stage label
    placement = {"ice": ((6, -4), "left"), "melting": ((0, 6), "center"),
                 "liquid": ((-6, 0), "right"), "boiling": ((0, 6), "center"),
                 "steam": ((-6, 4), "right")}
    for name, (x, y) in _water_label_positions(c, c.time_s / 60).items():
        offset, ha = placement[name]
        labels[name] = ax_t.annotate(name, (x, y), xytext=offset, textcoords="offset points",
                                     ha=ha, fontsize=font(0.9))
    for ax in (ax_e, ax_t):
        ax.axhline(MELTING_POINT_C, **{**_THRESHOLD_STYLE, "linewidth": 0.8, "color": _GREY})
        ax.axhline(BOILING_POINT_C, **{**_THRESHOLD_STYLE, "linewidth": 0.8, "color": _GREY})
    ax_e.set_xlim(0, c.energy_j[-1] / 1e3 * 1.02)
    ax_t.set_xlim(0, c.time_s[-1] / 60 * 1.02)
    for ax in (ax_e, ax_t):
        ax.set_ylim(min(c.temperature_c[0], -5) - 5, c.temperature_c[-1] + 10)
    title = ax_t.set_title(_water_title(c))
    return fig, {"ax_energy": ax_e, "ax_time": ax_t, "line_energy": line_e,
                 "line_time": line_t, "spans": spans, "labels": labels, "title": title}


def _water_title(c: WaterHeatingCurve) -> str:
    return f"{c.mass_kg:g} kg heated at {c.power_w:g} W"


def _water_caption(c: WaterHeatingCurve) -> str:
    m0, m1 = (t / 60 for t in c.plateau_time_s["melting"])
    b0, b1 = (t / 60 for t in c.plateau_time_s["boiling"])
    return (f"{c.mass_kg:g} kg at {c.power_w:g} W: melting from {m0:.1f} to {m1:.1f} min "
            f"({m1 - m0:.1f} min at 0 °C), boiling from {b0:.1f} to {b1:.1f} min "
            f"({b1 - b0:.1f} min at 100 °C), steam at {c.temperature_c[-1]:g} °C after "
            f"{c.time_s[-1] / 60:.1f} min.")


def water_widget(mass_kg: float = 1.0, power_w: float = 1000.0):
    """Interactive heating curve: sliders for the heating power (W) and the mass (kg).

    Returns
    -------
    emergence_utils.widgets.LiveFigure
        Controls ``power_w`` (100 to 3000 W) and ``mass_kg`` (0.1 to 2 kg).
    """
    import ipywidgets as w

    from .widgets import LiveFigure

    curve0 = water_heating_curve(mass_kg, power_w)
    fig, art = plot_water_curve(curve0)
    style = {"description_width": "initial"}
    controls = {
        "power_w": w.FloatSlider(value=power_w, min=100, max=3000, step=100,
                                 description="power (W)", style=style, continuous_update=False),
        "mass_kg": w.FloatSlider(value=mass_kg, min=0.1, max=2.0, step=0.1,
                                 description="mass (kg)", style=style, continuous_update=False),
    }

    masses = {"before": mass_kg, "now": mass_kg}  # the mass of the last two updates

    def update(power_w: float, mass_kg: float) -> str:
        masses["before"], masses["now"] = masses["now"], mass_kg
        c = water_heating_curve(mass_kg, power_w)
        art["line_energy"].set_data(c.energy_j / 1e3, c.temperature_c)
        art["line_time"].set_data(c.time_s / 60, c.temperature_c)
        art["ax_energy"].set_xlim(0, c.energy_j[-1] / 1e3 * 1.02)
        art["ax_time"].set_xlim(0, c.time_s[-1] / 60 * 1.02)
        for name, rect in art["spans"].items():
            a, b = c.plateau_time_s[name]
            rect.set_x(a / 60)
            rect.set_width((b - a) / 60)
        for name, (x, y) in _water_label_positions(c, c.time_s / 60).items():
            art["labels"][name].xy = (x, y)
        art["title"].set_text(_water_title(c))
        return _water_caption(c)

    def alt(power_w: float, mass_kg: float) -> str:
        c = water_heating_curve(mass_kg, power_w)
        return ("Two panels. Left: temperature rises in straight lines with energy added and "
                "stays flat at 0 °C and 100 °C. Right: the same against time. " + _water_caption(c))

    # Blitting: a power move changes only the time panel, which is redrawn whole over a saved
    # picture of the rest. While the mass moves, the energy panel's x axis and curve change
    # too (its temperature axis stays in the saved picture).
    def animated() -> list:
        if masses["before"] == masses["now"]:
            return [art["ax_time"]]
        return [art["ax_energy"].xaxis, art["line_energy"], art["ax_time"]]

    return LiveFigure(fig, update, controls, alt,
                      prompt="If you double the heating power, what happens to the length of "
                             "the plateaus, and to their temperatures?",
                      animated=animated)


# --------------------------------------------------------------------------------------------
# 2D Ising model
# --------------------------------------------------------------------------------------------
# References: L. Onsager, Phys. Rev. 65, 117 (1944) (critical temperature of the square-lattice
# model); C. N. Yang, Phys. Rev. 85, 808 (1952) (spontaneous magnetisation). Units: J = 1,
# k_B = 1, so temperatures are in units of J/k_B.


def onsager_tc() -> float:
    """Critical temperature of the 2D square-lattice Ising model, in units of J/k_B.

    ``T_c = 2 / ln(1 + sqrt 2) = 2.269185...`` (Onsager 1944).
    """
    return 2.0 / math.log(1.0 + math.sqrt(2.0))


def yang_magnetisation(T) -> np.ndarray | float:
    """Exact spontaneous magnetisation per spin of the infinite 2D Ising model (Yang 1952).

    ``m(T) = (1 - sinh(2/T)**-4)**(1/8)`` for ``T < T_c`` and 0 for ``T >= T_c``.

    Parameters
    ----------
    T : float or array_like
        Temperature(s) in units of J/k_B, > 0.

    Returns
    -------
    float or ndarray
        Magnetisation per spin (fraction in [0, 1]); a float for scalar input.
    """
    t = np.asarray(T, dtype=float)
    if t.size == 0:
        raise EmergenceInputError("T: no temperatures given")
    if not np.all(np.isfinite(t)) or np.any(t <= 0):
        raise EmergenceInputError(f"T: temperatures must be finite and > 0, got {T!r}")
    out = np.zeros_like(t)
    below = t < onsager_tc()
    with np.errstate(over="ignore"):
        s = np.sinh(2.0 / t[below])
    out[below] = (1.0 - s ** -4.0) ** 0.125
    return float(out) if out.ndim == 0 else out


def _check_rng(rng: Any) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise EmergenceInputError(f"rng: expected a numpy.random.Generator "
                                  f"(np.random.default_rng(seed)), got {type(rng).__name__}")
    return rng


def _check_int(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise EmergenceInputError(f"{name}: expected an int, got {value!r}")
    if value < minimum:
        raise EmergenceInputError(f"{name}: must be >= {minimum}, got {value}")
    return int(value)


def _check_L_ising(L: Any) -> int:
    L = _check_int(L, "L", 4)
    if L % 2:
        raise EmergenceInputError(f"L: the checkerboard update with periodic boundaries needs "
                                  f"an even lattice size, got {L}")
    return L


def ising_init(L: int, rng: np.random.Generator, state: str = "random") -> np.ndarray:
    """A square lattice of L x L spins (+1/-1, dtype int8).

    Parameters
    ----------
    L : int
        Side length, even and >= 4.
    rng : numpy.random.Generator
        Source of randomness (used for ``state="random"``).
    state : {"random", "up"}
        ``"random"``: each spin +1 or -1 with probability 1/2 (infinite temperature);
        ``"up"``: all spins +1 (zero temperature).
    """
    L = _check_L_ising(L)
    _check_rng(rng)
    if state == "random":
        return (2 * rng.integers(0, 2, size=(L, L), dtype=np.int8) - 1).astype(np.int8)
    if state == "up":
        return np.ones((L, L), dtype=np.int8)
    raise EmergenceInputError(f"state: must be 'random' or 'up', got {state!r}")


@lru_cache(maxsize=16)
def _checkerboard(L: int) -> tuple[np.ndarray, np.ndarray]:
    ii, jj = np.indices((L, L))
    black = (ii + jj) % 2 == 0
    white = ~black
    black.flags.writeable = False
    white.flags.writeable = False
    return black, white


def ising_sweep(spins: np.ndarray, T, rng: np.random.Generator,
                n_sweeps: int = 1) -> np.ndarray:
    """Metropolis sweeps with the checkerboard (red-black) update, in place.

    One sweep proposes one flip of every spin: first all "black" sites (i + j even), whose
    neighbours are all "white", at once, then all white sites. A flip that changes the energy
    by ``dE = 2 s h`` (``h`` the sum of the four neighbours, J = 1) is accepted with probability
    ``min(1, exp(-dE / T))``. Boundaries are periodic.

    Parameters
    ----------
    spins : ndarray of int8, shape (L, L) or (n, L, L)
        Spins +1/-1; a stack of ``n`` independent lattices is updated together. Changed in place.
    T : float or array_like of shape (n,)
        Temperature(s) in units of J/k_B (> 0), one per lattice for a stack.
    rng : numpy.random.Generator
    n_sweeps : int
        Number of sweeps (>= 0).

    Returns
    -------
    ndarray
        ``spins`` (the same object), for chaining.
    """
    _check_rng(rng)
    n_sweeps = _check_int(n_sweeps, "n_sweeps", 0)
    if not isinstance(spins, np.ndarray) or spins.dtype != np.int8 or spins.ndim not in (2, 3):
        raise EmergenceInputError("spins: expected an int8 array of shape (L, L) or (n, L, L) "
                                  "as returned by ising_init")
    L = spins.shape[-1]
    if spins.shape[-2] != L:
        raise EmergenceInputError(f"spins: lattice must be square, got shape {spins.shape}")
    _check_L_ising(L)
    if not np.all(np.abs(spins) == 1):
        raise EmergenceInputError("spins: every spin must be +1 or -1")
    t = np.asarray(T, dtype=float)
    expected = () if spins.ndim == 2 else (spins.shape[0],)
    if t.shape != expected and not (spins.ndim == 3 and t.ndim == 0):
        raise EmergenceInputError(f"T: expected shape {expected} for spins of shape "
                                  f"{spins.shape}, got {t.shape}")
    if not np.all(np.isfinite(t)) or np.any(t <= 0):
        raise EmergenceInputError(f"T: temperatures must be finite and > 0, got {T!r}")
    # Acceptance probabilities of the two uphill moves, s*h = 2 (dE = 4) and s*h = 4 (dE = 8);
    # moves with s*h <= 0 do not raise the energy and are always accepted.
    with np.errstate(over="ignore", under="ignore"):
        p2 = np.exp(-4.0 / t).astype(np.float32)
        p4 = np.exp(-8.0 / t).astype(np.float32)
    if spins.ndim == 3:
        p2 = np.broadcast_to(p2, (spins.shape[0],))[:, None, None]
        p4 = np.broadcast_to(p4, (spins.shape[0],))[:, None, None]
    masks = _checkerboard(L)
    for _ in range(n_sweeps):
        # One uniform number per site and sweep: black sites use theirs in the first half-sweep,
        # white sites in the second, so every proposal gets its own independent number.
        _sweep_core(spins, rng.random(spins.shape, dtype=np.float32), p2, p4, masks)
    return spins


def _sweep_core(spins: np.ndarray, u: np.ndarray, p2, p4, masks) -> None:
    """One checkerboard sweep with the uniform numbers ``u`` (no checks; see ising_sweep)."""
    for mask in masks:
        sh = spins * (np.roll(spins, 1, -1) + np.roll(spins, -1, -1)
                      + np.roll(spins, 1, -2) + np.roll(spins, -1, -2))
        flip = (sh <= 0) | ((sh == 2) & (u < p2)) | ((sh == 4) & (u < p4))
        flip &= mask
        # s -> s * (1 - 2 flip): much faster than a masked negation or boolean indexing.
        np.multiply(spins, np.int8(1) - np.int8(2) * flip.view(np.int8), out=spins)


def magnetisation(spins: np.ndarray) -> float | np.ndarray:
    """Magnetisation per spin ``m = mean(s)`` (signed, in [-1, 1]) of a lattice or a stack."""
    s = np.asarray(spins)
    if s.ndim not in (2, 3) or s.size == 0:
        raise EmergenceInputError(f"spins: expected shape (L, L) or (n, L, L), got {s.shape}")
    m = s.mean(axis=(-2, -1), dtype=float)
    return float(m) if np.ndim(m) == 0 else m


def _as_temperatures(temperatures: Any, name: str = "temperatures") -> np.ndarray:
    t = np.asarray(temperatures, dtype=float).ravel()
    if t.size == 0:
        raise EmergenceInputError(f"{name}: no temperatures given")
    if not np.all(np.isfinite(t)) or np.any(t <= 0):
        raise EmergenceInputError(f"{name}: temperatures must be finite and > 0")
    return t


def ising_magnetisation_curve(L: int, temperatures: Sequence[float] | np.ndarray,
                              n_equil: int = 200, n_measure: int = 200, seed: int = 0,
                              state: str = "up", n_replicas: int = 1) -> np.ndarray:
    """Mean absolute magnetisation per spin <|m|> of an L x L lattice at each temperature.

    Every temperature gets ``n_replicas`` independent lattices, started from ``state``; all
    lattices are updated together (one numpy stack), ``n_equil`` sweeps are discarded and
    ``|m|`` is averaged over the next ``n_measure`` sweeps (one measurement per sweep) and over
    the replicas.

    Parameters
    ----------
    L : int
        Lattice side (even, >= 4).
    temperatures : array_like
        Temperatures in units of J/k_B (> 0).
    n_equil, n_measure : int
        Sweeps to discard (>= 0) and to average over (>= 1).
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives the same curve.
    state : {"up", "random"}
        Starting state of every lattice. From ``"up"`` the low-temperature lattices are already
        ordered; from ``"random"`` they may stay stuck in stripes of two domains for a long time.
    n_replicas : int
        Independent lattices per temperature (>= 1); more replicas reduce the noise near T_c,
        where successive sweeps are strongly correlated.

    Returns
    -------
    ndarray
        <|m|> per temperature (fraction in [0, 1]).
    """
    L = _check_L_ising(L)
    t = _as_temperatures(temperatures)
    n_equil = _check_int(n_equil, "n_equil", 0)
    n_measure = _check_int(n_measure, "n_measure", 1)
    n_replicas = _check_int(n_replicas, "n_replicas", 1)
    rng = np.random.default_rng(seed)
    t_all = np.repeat(t, n_replicas)
    spins = np.stack([ising_init(L, rng, state) for _ in t_all])
    ising_sweep(spins, t_all, rng, n_equil)
    total = np.zeros(t_all.size)
    for _ in range(n_measure):
        ising_sweep(spins, t_all, rng, 1)
        total += np.abs(magnetisation(spins))
    return (total / n_measure).reshape(t.size, n_replicas).mean(axis=1)


#: Temperatures of the precomputed m(T) curves of the Ising widget (J/k_B), denser near T_c.
ISING_CURVE_TEMPERATURES = np.unique(np.round(np.concatenate([
    np.linspace(1.0, 1.9, 10), np.linspace(2.0, 2.55, 12), np.linspace(2.6, 4.0, 8)]), 3))


@lru_cache(maxsize=8)
def _cached_ising_curves(sizes: tuple[int, ...], temps: tuple[float, ...], n_equil: int,
                         n_measure: int, seed: int) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    out = {}
    largest = max(sizes)
    for L in sizes:
        t = np.array(temps)
        # At least two replicas; smaller lattices get more (as many spins as two of the
        # largest lattice): they cost little and their |m| fluctuates the most.
        reps = 2 * max(1, (largest // L) ** 2)
        m = ising_magnetisation_curve(L, t, n_equil, n_measure, seed, n_replicas=reps)
        t.flags.writeable = False
        m.flags.writeable = False
        out[L] = (t, m)
    return out


def ising_curves(sizes: Sequence[int] = (16, 32, 64), temperatures=None, n_equil: int = 100,
                 n_measure: int = 100, seed: int = 0) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """<|m|>(T) for several lattice sizes, computed once and cached (read-only arrays).

    Each size is simulated with :func:`ising_magnetisation_curve` from all spins up, with
    ``2 * (max(sizes) // L)**2`` replicas per temperature.

    Returns
    -------
    dict
        ``{L: (temperatures, mean_abs_m)}``.
    """
    temps = ISING_CURVE_TEMPERATURES if temperatures is None else _as_temperatures(temperatures)
    sizes_t = tuple(_check_L_ising(L) for L in sizes)
    if not sizes_t:
        raise EmergenceInputError("sizes: give at least one lattice size")
    return _cached_ising_curves(sizes_t, tuple(float(x) for x in temps), int(n_equil),
                                int(n_measure), int(seed))


def integrated_autocorrelation_time(series: np.ndarray, window_factor: float = 6.0) -> float:
    """Integrated autocorrelation time of a time series, in steps (sweeps).

    ``tau = 1/2 + sum_{k=1}^{W} rho(k)``, with the normalised autocorrelation ``rho`` averaged
    over independent series (rows) and the window ``W`` the first lag with
    ``W >= window_factor * tau`` (Sokal's automatic window). Averages of ``N`` correlated
    measurements then have the variance of ``N / (2 tau)`` independent ones.

    Parameters
    ----------
    series : array_like, shape (n_steps,) or (n_series, n_steps)
        Measurements, one per step (e.g. |m| after each sweep), at least 2 steps.
    window_factor : float
        The constant of the automatic window (> 0).

    Returns
    -------
    float
        tau in steps (>= 0.5 for positively correlated data); 0.5 for a constant series.
    """
    x = np.atleast_2d(np.asarray(series, dtype=float))
    if x.ndim != 2 or x.shape[1] < 2 or not np.all(np.isfinite(x)):
        raise EmergenceInputError("series: expected finite values, shape (n_steps,) or "
                                  "(n_series, n_steps) with n_steps >= 2")
    if not (math.isfinite(window_factor) and window_factor > 0):
        raise EmergenceInputError(f"window_factor: must be > 0, got {window_factor!r}")
    x = x - x.mean(axis=1, keepdims=True)
    n = x.shape[1]
    f = np.fft.rfft(x, 2 * n, axis=1)
    acf = np.fft.irfft(f * np.conj(f), 2 * n, axis=1)[:, :n].mean(axis=0)
    if acf[0] <= 0:
        return 0.5
    rho = acf / acf[0]
    tau = 0.5
    for k in range(1, n):
        tau += rho[k]
        if k >= window_factor * tau:
            break
    return float(tau)


@dataclass(frozen=True)
class IsingRun:
    """Result of :func:`ising_equilibrium_run` (<|m|> with its error and autocorrelation time)."""

    L: int
    T: float
    mean_abs_m: float
    sem: float
    tau_int: float
    n_equil: int
    n_measure: int
    n_replicas: int
    seed: int


def ising_equilibrium_run(L: int, T: float, n_equil: int, n_measure: int, n_replicas: int,
                          seed: int = 0) -> IsingRun:
    """<|m|> of ``n_replicas`` L x L lattices at one temperature, with error and autocorrelation.

    The lattices start from all spins up, are updated ``n_equil`` Metropolis sweeps
    (discarded), then |m| is recorded after each of ``n_measure`` more sweeps. The random
    stream depends only on ``(seed, L, T)``, so one temperature can be recomputed alone.

    Returns
    -------
    IsingRun
        ``mean_abs_m`` (fraction), ``sem`` (its standard error: the standard deviation of |m|
        times ``sqrt(2 tau / (n_measure * n_replicas))``), ``tau_int``
        (:func:`integrated_autocorrelation_time` of |m|, in sweeps) and the settings.
    """
    L = _check_L_ising(L)
    T = float(_as_temperatures([T], "T")[0])
    n_equil = _check_int(n_equil, "n_equil", 0)
    n_measure = _check_int(n_measure, "n_measure", 2)
    n_replicas = _check_int(n_replicas, "n_replicas", 1)
    return _equilibrium_runs(L, [T], n_equil, n_measure, n_replicas, int(seed))[0]


def _equilibrium_runs(L: int, temps: Sequence[float], n_equil: int, n_measure: int,
                      n_replicas: int, seed: int) -> list[IsingRun]:
    """:func:`ising_equilibrium_run` for several temperatures in one numpy stack.

    Each temperature keeps its own random stream ``(seed, L, round(1000 T))`` and draws its
    numbers exactly as a run alone would, so the results equal those of separate runs.
    """
    temps = [float(T) for T in temps]
    rngs = [np.random.default_rng([seed, L, int(round(T * 1000))]) for T in temps]
    spins = np.ones((len(temps), n_replicas, L, L), dtype=np.int8)
    with np.errstate(over="ignore", under="ignore"):
        t = np.asarray(temps)
        p2 = np.exp(-4.0 / t).astype(np.float32)[:, None, None, None]
        p4 = np.exp(-8.0 / t).astype(np.float32)[:, None, None, None]
    masks = _checkerboard(L)
    u = np.empty(spins.shape, dtype=np.float32)
    ms = np.empty((len(temps), n_replicas, n_measure))
    for k in range(n_equil + n_measure):
        for g, rng in enumerate(rngs):
            u[g] = rng.random(spins.shape[1:], dtype=np.float32)
        _sweep_core(spins, u, p2, p4, masks)
        if k >= n_equil:
            ms[:, :, k - n_equil] = np.abs(spins.mean(axis=(-2, -1), dtype=float))
    runs = []
    for g, T in enumerate(temps):
        tau = integrated_autocorrelation_time(ms[g])
        sem = float(ms[g].std() * math.sqrt(2.0 * tau / ms[g].size))
        runs.append(IsingRun(L, T, float(ms[g].mean()), sem, tau, n_equil, n_measure,
                             n_replicas, seed))
    return runs


#: Settings of the reference m(T) curves cached in ``data/nature/ising_curves.csv``
#: (:func:`ising_reference_curves`): Metropolis sweeps discarded and measured, replicas per
#: lattice size, seed. The measured integrated autocorrelation times of |m| are at most about
#: 140 sweeps (L = 64, T = 2.3), so ``n_equil`` is more than ten of them at every point.
ISING_REFERENCE = {"n_equil": 2000, "n_measure": 8000, "replicas": {16: 16, 32: 8, 64: 4},
                   "seed": 2024}

_ISING_CACHE_COLUMNS = ["L", "T", "mean_abs_m", "sem", "tau_int", "n_equil", "n_measure",
                        "n_replicas", "seed"]


def _nature_dir():
    """Folder of the cached results: ``data/nature`` in a checkout, ``_data/nature`` installed."""
    from pathlib import Path

    here = Path(__file__).resolve().parent
    for cand in (here.parent / "data" / "nature", here / "_data" / "nature"):
        if cand.is_dir():
            return cand
    return here.parent / "data" / "nature"


def ising_cache_path():
    """Path of the cached reference curves, ``data/nature/ising_curves.csv``."""
    return _nature_dir() / "ising_curves.csv"


def build_ising_reference(path=None, temperatures=None, sizes: Sequence[int] | None = None,
                          progress: bool = False):
    """Simulate the reference curves with :data:`ISING_REFERENCE` and write them as CSV.

    About 5 minutes on one core. ``python -m emergence_utils.nature --rebuild-ising-cache``.

    Returns
    -------
    pandas.DataFrame
        Columns ``L, T, mean_abs_m, sem, tau_int, n_equil, n_measure, n_replicas, seed``.
    """
    import pandas as pd

    temps = ISING_CURVE_TEMPERATURES if temperatures is None else _as_temperatures(temperatures)
    sizes = tuple(ISING_REFERENCE["replicas"]) if sizes is None else tuple(sizes)
    rows = []
    for L in sizes:
        runs = _equilibrium_runs(_check_L_ising(L), temps, ISING_REFERENCE["n_equil"],
                                 ISING_REFERENCE["n_measure"], ISING_REFERENCE["replicas"][L],
                                 ISING_REFERENCE["seed"])
        for r in runs:
            rows.append([r.L, r.T, r.mean_abs_m, r.sem, r.tau_int, r.n_equil, r.n_measure,
                         r.n_replicas, r.seed])
            if progress:
                print(f"L={L} T={r.T:.3f} <|m|>={r.mean_abs_m:.4f} +- {r.sem:.4f} "
                      f"tau={r.tau_int:.1f}", flush=True)
    table = pd.DataFrame(rows, columns=_ISING_CACHE_COLUMNS)
    if path is not None:
        table.to_csv(path, index=False, lineterminator="\n", float_format="%.17g")
    return table


@lru_cache(maxsize=1)
def _read_ising_reference():
    import pandas as pd

    path = ising_cache_path()
    if not path.is_file():
        raise EmergenceDataError("the cached Ising curves are missing; rebuild them with "
                                 "`python -m emergence_utils.nature --rebuild-ising-cache`",
                                 dataset="ising_curves", file=str(path))
    table = pd.read_csv(path)
    missing = [c for c in _ISING_CACHE_COLUMNS if c not in table.columns]
    if missing:
        raise EmergenceDataError("missing column", dataset="ising_curves", file=str(path),
                                 column=missing[0])
    return table


def ising_reference_curves():
    """The cached reference <|m|>(T) curves (simulated, seed and settings in each row).

    Simulated with :func:`ising_equilibrium_run` and :data:`ISING_REFERENCE` (2000 sweeps
    discarded and 8000 measured from all spins up, 16/8/4 replicas for L = 16/32/64, seed 2024)
    at :data:`ISING_CURVE_TEMPERATURES`; rebuilt by :func:`build_ising_reference`. A test
    recomputes a few rows and checks they agree exactly.

    Returns
    -------
    pandas.DataFrame
        Columns ``L, T, mean_abs_m, sem, tau_int`` (sweeps) and the settings (a copy).
    """
    return _read_ising_reference().copy()


def _reference_curve_dict(sizes: Sequence[int]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    table = _read_ising_reference()
    out = {}
    for L in sizes:
        sub = table[table["L"] == L].sort_values("T")
        if sub.empty:
            raise EmergenceInputError(f"sizes: the cached curves have L = "
                                      f"{sorted(set(table['L']))}, not {L}")
        out[L] = (sub["T"].to_numpy(float), sub["mean_abs_m"].to_numpy(float))
    return out


def ising_reference_table(temperatures: Sequence[float]) -> pd.DataFrame:
    """Yang's exact <|m|> and the cached simulated <|m|> with its standard error, per L.

    Parameters
    ----------
    temperatures : sequence of float
        Temperatures (J/k_B) that are in :data:`ISING_CURVE_TEMPERATURES`.

    Returns
    -------
    pandas.DataFrame
        Columns ``T``, ``Yang (L = inf)``, and for each cached L: ``L = 16`` (<|m|>),
        ``± L = 16`` (standard error), ...; last ``longest tau (sweeps)`` (the largest
        integrated autocorrelation time of |m| at that T, over the sizes).
    """
    import pandas as pd

    table = _read_ising_reference()
    temps = _as_temperatures(temperatures)
    rows = []
    for T in temps:
        sub = table[np.isclose(table["T"], T)]
        if sub.empty:
            raise EmergenceInputError(f"temperatures: {T} is not a temperature of the cached "
                                      "curves (ISING_CURVE_TEMPERATURES)")
        row = {"T": float(T), "Yang (L = inf)": yang_magnetisation(float(T))}
        for _, r in sub.sort_values("L").iterrows():
            row[f"L = {int(r['L'])}"] = r["mean_abs_m"]
            row[f"± L = {int(r['L'])}"] = r["sem"]
        row["longest tau (sweeps)"] = float(sub["tau_int"].max())
        rows.append(row)
    return pd.DataFrame(rows)


def _live_ising(L: int, T: float, seed: int, n_equil: int, n_measure: int
                ) -> tuple[np.ndarray, float]:
    """Lattice after ``n_equil`` sweeps from all-up, and <|m|> over ``n_measure`` more sweeps."""
    rng = np.random.default_rng([int(seed), int(L), int(round(T * 1000))])
    spins = ising_init(L, rng, "up")
    ising_sweep(spins, T, rng, n_equil)
    m = 0.0
    for _ in range(n_measure):
        ising_sweep(spins, T, rng, 1)
        m += abs(magnetisation(spins))
    return spins, m / max(n_measure, 1)


def plot_ising(spins: np.ndarray | None = None, temperature: float = 2.0,
               m_current: float | None = None,
               curves: dict[int, tuple[np.ndarray, np.ndarray]] | None = None,
               highlight: int | None = None) -> tuple[Figure, dict[str, Any]]:
    """Plot an Ising lattice and the magnetisation curve with Onsager's T_c and Yang's formula.

    Parameters
    ----------
    spins : ndarray, shape (L, L), optional
        The lattice to show. Default: a 32 x 32 lattice at ``temperature`` after 100 sweeps
        (seed 0).
    temperature : float
        Temperature of ``spins`` (J/k_B), marked on the m(T) panel.
    m_current : float, optional
        The <|m|> to mark; default ``|m|`` of ``spins``.
    curves : dict, optional
        ``{L: (temperatures, mean_abs_m)}`` simulated curves; default the cached reference
        curves (:func:`ising_reference_curves`) for L = 16, 32, 64.
    highlight : int, optional
        The L whose curve is drawn thicker; default the size of ``spins``.

    Returns
    -------
    fig : Figure
    artists : dict
        ``image`` (AxesImage), ``marker`` (Line2D), ``curves`` ({L: Line2D}), ``yang``
        (Line2D), ``tc`` (Line2D), ``ax_lattice``, ``ax_curve``, ``title`` (Text).
    """
    if spins is None:
        spins, m0 = _live_ising(32, temperature, 0, 100, 20)
        m_current = m0 if m_current is None else m_current
    L = spins.shape[-1]
    if m_current is None:
        m_current = abs(magnetisation(spins))
    if curves is None:
        curves = _reference_curve_dict(tuple(ISING_REFERENCE["replicas"]))
    highlight = L if highlight is None else highlight
    fig = Figure(figsize=figsize(10, 4.2), layout="constrained")
    ax_l, ax_c = fig.subplots(1, 2, width_ratios=[1, 1.35])
    image = ax_l.imshow(spins, cmap=ListedColormap(["white", _BLUE]), vmin=-1, vmax=1,
                        interpolation="nearest", extent=(0, L, L, 0))
    ax_l.set_xticks([])
    ax_l.set_yticks([])
    ax_l.grid(False)
    title = ax_l.set_title(_ising_title(L, temperature, m_current))
    tc = onsager_tc()
    tt = np.linspace(0.5, 4.2, 600)
    (yang,) = ax_c.plot(tt, yang_magnetisation(tt), color=_BLACK, lw=1.5,
                        label="Yang (1952), infinite lattice")
    lines = {}
    for i, (size, (t, m)) in enumerate(sorted(curves.items())):
        (lines[size],) = ax_c.plot(t, m, "o-", ms=3.5, color=_SIZE_COLOURS[i % len(_SIZE_COLOURS)],
                                   lw=2.5 if size == highlight else 1.0,
                                   alpha=1.0 if size == highlight else 0.55,
                                   label=f"simulation, L = {size}")
    tc_line = ax_c.axvline(tc, **_THRESHOLD_STYLE, label=f"Onsager $T_c$ = {tc:.4f}")
    (marker,) = ax_c.plot([temperature], [m_current], marker="*", ms=16, color=_ORANGE,
                          mec=_BLACK, ls="none", label="the lattice on the left", zorder=5)
    ax_c.set_xlim(0.9, 4.1)
    ax_c.set_ylim(-0.02, 1.05)
    ax_c.set_xlabel("temperature T (units of J/k$_B$)")
    ax_c.set_ylabel("mean |magnetisation| per spin")
    ax_c.legend(loc="upper right", fontsize="small")
    return fig, {"image": image, "marker": marker, "curves": lines, "yang": yang, "tc": tc_line,
                 "ax_lattice": ax_l, "ax_curve": ax_c, "title": title}


def plot_ising_snapshots(temperatures: Sequence[float] | None = None, L: int = 64,
                         n_sweeps: int = 200, seed: int = 0) -> tuple[Figure, dict[str, Any]]:
    """Lattices after ``n_sweeps`` sweeps from all spins up, one panel per temperature.

    Parameters
    ----------
    temperatures : sequence of float, optional
        Temperatures (J/k_B); default 1.5, T_c and 3.5.
    L : int
        Lattice side (even, >= 4).
    n_sweeps : int
        Metropolis sweeps before the picture is taken.
    seed : int
        Random seed (the stream also depends on L and T, as in the widget).

    Returns
    -------
    fig : Figure
    artists : dict
        ``images`` (list of AxesImage), ``titles`` (list of Text), ``alt`` (alt text).
    """
    temps = (1.5, onsager_tc(), 3.5) if temperatures is None else tuple(temperatures)
    _as_temperatures(temps)
    L = _check_L_ising(L)
    n_sweeps = _check_int(n_sweeps, "n_sweeps", 0)
    fig = Figure(figsize=figsize(3.2 * len(temps), 3.5), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(temps)))
    images, titles = [], []
    for ax, T in zip(axes, temps, strict=True):
        spins, _ = _live_ising(L, float(T), seed, n_sweeps, 0)
        images.append(ax.imshow(spins, cmap=ListedColormap(["white", _BLUE]), vmin=-1, vmax=1,
                                interpolation="nearest"))
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        where = "below" if T < onsager_tc() - 1e-9 else ("at" if T <= onsager_tc() + 1e-9
                                                         else "above")
        titles.append(ax.set_title(f"T = {T:.3f} ({where} $T_c$)\nm = "
                                   f"{magnetisation(spins):+.2f}", fontsize="medium"))
    where = ", ".join(f"T = {T:.3f}" for T in temps)
    alt = (f"{len(temps)} simulated {L} by {L} Ising lattices (Metropolis, {n_sweeps} sweeps from "
           f"all spins up, seed {seed}) at {where}, up spins blue and down spins white: nearly "
           "all up well below T_c, patches of down spins of many sizes near T_c = 2.269, and "
           "random-looking spins well above it.")
    return fig, {"images": images, "titles": titles, "alt": alt}


def _ising_title(L: int, T: float, m: float) -> str:
    # two lines in every state: one line is wider than the square lattice panel in the
    # seminar style, and the widget blits this title (its number of lines must not change)
    return f"L = {L}, T = {T:.2f}\n<|m|> = {m:.2f}"


def ising_widget(T: float = 2.0, L: int = 32, sizes: Sequence[int] = (16, 32, 64),
                 temperatures=None, n_equil: int = 100, n_measure: int = 100,
                 live_sweeps: int = 150, live_measure: int = 50, seed: int = 0,
                 reference: bool | None = None):
    """Interactive Ising model: sliders for the temperature and the lattice size.

    Moving a slider starts the chosen lattice from all spins up, runs ``live_sweeps``
    Metropolis sweeps at the chosen temperature, then averages |m| over ``live_measure`` more
    sweeps. The image shows the lattice; a star marks its <|m|> on the m(T) panel, next to the
    m(T) curves, Onsager's T_c and Yang's exact curve. The curves are the cached reference
    curves (:func:`ising_reference_curves`: 2000 + 8000 sweeps, seed 2024) when ``reference``
    is True, or simulated with :func:`ising_curves` (``temperatures``, ``n_equil``,
    ``n_measure``, ``seed``) when False; None (default) uses the cache when every size is in
    it and no ``temperatures`` are given. The random stream of the live lattice depends only
    on (seed, L, T), so the same slider position always gives the same picture.

    Returns
    -------
    emergence_utils.widgets.LiveFigure
        Controls ``T`` (1.0 to 4.0, step 0.05) and ``L`` (one of ``sizes``).
    """
    import ipywidgets as w

    from .widgets import LiveFigure

    sizes = tuple(_check_L_ising(s) for s in sizes)
    if L not in sizes:
        raise EmergenceInputError(f"L: must be one of sizes {sizes}, got {L!r}")
    live_sweeps = _check_int(live_sweeps, "live_sweeps", 0)
    live_measure = _check_int(live_measure, "live_measure", 1)
    cached = tuple(ISING_REFERENCE["replicas"])
    if reference is None:
        reference = temperatures is None and all(s in cached for s in sizes)
    if reference:
        curves = _reference_curve_dict(sizes)
    else:
        curves = ising_curves(sizes, temperatures, n_equil, n_measure, seed)
    spins, m = _live_ising(L, T, seed, live_sweeps, live_measure)
    fig, art = plot_ising(spins, T, m, curves, highlight=L)
    style = {"description_width": "initial"}
    controls = {
        "T": w.FloatSlider(value=T, min=1.0, max=4.0, step=0.05, description="temperature T",
                           style=style, continuous_update=False, readout_format=".2f"),
        "L": w.SelectionSlider(options=list(sizes), value=L, description="lattice size L",
                               style=style, continuous_update=False),
    }

    def update(T: float, L: int) -> str:
        spins, m = _live_ising(L, T, seed, live_sweeps, live_measure)
        art["image"].set_data(spins)
        art["image"].set_extent((0, L, L, 0))
        art["ax_lattice"].set_xlim(0, L)
        art["ax_lattice"].set_ylim(L, 0)
        art["marker"].set_data([T], [m])
        for size, line in art["curves"].items():
            line.set_linewidth(2.5 if size == L else 1.0)
            line.set_alpha(1.0 if size == L else 0.55)
        art["title"].set_text(_ising_title(L, T, m))
        side = "below" if T < onsager_tc() else "above"
        return (f"T = {T:.2f} is {side} T_c = {onsager_tc():.3f}; this {L} x {L} lattice has "
                f"<|m|> = {m:.3f}; Yang's infinite-lattice value is {yang_magnetisation(T):.3f}.")

    if reference:
        how = (f"Metropolis, {ISING_REFERENCE['n_equil']} + {ISING_REFERENCE['n_measure']} "
               f"sweeps, seed {ISING_REFERENCE['seed']}")
    else:
        how = f"Metropolis, {n_equil} + {n_measure} sweeps, seed {seed}"

    def alt(T: float, L: int) -> str:
        return (f"Left: a {L} by {L} grid of up (blue) and down (white) spins at temperature "
                f"{T:.2f}, simulated live ({live_sweeps} + {live_measure} sweeps from all up, "
                f"seed {seed}). Right: mean absolute magnetisation against temperature, falling "
                f"from near 1 to near 0 around the dashed Onsager line at 2.27; simulated curves "
                f"({how}) for sizes {', '.join(map(str, sizes))} are smoother than Yang's exact "
                f"curve, and a star marks the lattice on the left.")

    # A T move changes the lattice image, the star and the lattice title only (blitted); an L
    # move also changes the lattice limits and the curve widths (drawn in full).
    return LiveFigure(fig, update, controls, alt,
                      prompt="Cool the lattice from T = 4 to T = 1 in steps. Where does the "
                             "picture change, and does it change at the same T for every L?",
                      animated=[art["image"], art["marker"], art["title"]],
                      background_key=lambda T, L: L)


# --------------------------------------------------------------------------------------------
# Site percolation
# --------------------------------------------------------------------------------------------

#: Site-percolation threshold of the square lattice, p_c = 0.59274621(13): M. E. J. Newman and
#: R. M. Ziff, "Efficient Monte Carlo algorithm and high-precision results for percolation",
#: Phys. Rev. Lett. 85, 4104 (2000). doi:10.1103/PhysRevLett.85.4104
P_C: float = 0.59274621

_FOUR_NEIGHBOURS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=bool)
# For a stack of lattices: 4-neighbour links inside each layer, none between layers.
_FOUR_NEIGHBOURS_STACK = np.zeros((3, 3, 3), dtype=bool)
_FOUR_NEIGHBOURS_STACK[1] = _FOUR_NEIGHBOURS


def _check_p(p: Any, name: str = "p") -> float:
    try:
        v = float(p)
    except (TypeError, ValueError):
        raise EmergenceInputError(f"{name}: expected a probability, got {p!r}") from None
    if not (0.0 <= v <= 1.0):
        raise EmergenceInputError(f"{name}: must be a probability in [0, 1], got {p!r}")
    return v


def percolation_grid(L: int, p: float, rng: np.random.Generator) -> np.ndarray:
    """An L x L square lattice whose sites are occupied independently with probability p.

    Parameters
    ----------
    L : int
        Side length (>= 1).
    p : float
        Occupation probability (fraction in [0, 1]).
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of bool, shape (L, L)
        True where a site is occupied.
    """
    L = _check_int(L, "L", 1)
    p = _check_p(p)
    _check_rng(rng)
    return rng.random((L, L)) < p


def _check_grid(grid: Any) -> np.ndarray:
    g = np.asarray(grid)
    if g.ndim != 2 or g.size == 0:
        raise EmergenceInputError(f"grid: expected a non-empty 2D array, got shape {g.shape}")
    if g.dtype != bool:
        if not np.all((g == 0) | (g == 1)):
            raise EmergenceInputError("grid: entries must be booleans or 0/1")
        g = g.astype(bool)
    return g


def label_clusters(grid: np.ndarray) -> tuple[np.ndarray, int]:
    """Label the clusters of occupied sites (4-neighbour connectivity, open boundaries).

    Returns
    -------
    labels : ndarray of int, shape of ``grid``
        0 for empty sites, 1..n for the clusters (scipy.ndimage.label).
    n : int
        Number of clusters.
    """
    from scipy import ndimage

    labels, n = ndimage.label(_check_grid(grid), structure=_FOUR_NEIGHBOURS)
    return labels, int(n)


def largest_cluster(grid: np.ndarray) -> np.ndarray:
    """Boolean mask of the largest cluster (all False for an empty grid).

    When several clusters share the largest size, the one with the smallest label (first met
    in row-major order) is returned.
    """
    labels, n = label_clusters(grid)
    if n == 0:
        return np.zeros(labels.shape, dtype=bool)
    sizes = np.bincount(labels.ravel())
    sizes[0] = 0
    return labels == int(np.argmax(sizes))


def spans(grid: np.ndarray) -> bool:
    """True when one cluster touches both the top row and the bottom row."""
    labels, _ = label_clusters(grid)
    top = labels[0][labels[0] > 0]
    return bool(np.isin(top, labels[-1]).any())


def spanning_probability(L: int, ps: Sequence[float] | np.ndarray, n_trials: int = 200,
                         seed: int = 0) -> np.ndarray:
    """Fraction of random L x L lattices with a top-to-bottom spanning cluster, per p.

    Each trial draws one field ``u`` of uniform numbers and occupies the sites with ``u < p``
    for every p (the standard coupling): the estimates therefore never decrease with p, and
    their differences between nearby p are less noisy.

    Parameters
    ----------
    L : int
        Lattice side (>= 1).
    ps : array_like
        Occupation probabilities (fractions in [0, 1]).
    n_trials : int
        Random lattices per p (>= 1).
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    ndarray
        Spanning probability per p (fraction in [0, 1]); its binomial standard error is
        ``sqrt(P (1 - P) / n_trials)``.
    """
    from scipy import ndimage

    L = _check_int(L, "L", 1)
    n_trials = _check_int(n_trials, "n_trials", 1)
    p_arr = np.asarray(ps, dtype=float).ravel()
    if p_arr.size == 0:
        raise EmergenceInputError("ps: no probabilities given")
    for p in p_arr:
        _check_p(p, "ps")
    rng = np.random.default_rng(seed)
    u = rng.random((n_trials, L, L), dtype=np.float32)
    # Compare in float32 consistently (u is float32).
    out = np.empty(p_arr.size)
    for k, p in enumerate(p_arr):
        labels, _ = ndimage.label(u < np.float32(p), structure=_FOUR_NEIGHBOURS_STACK)
        top, bottom = labels[:, 0, :], labels[:, -1, :]
        hit = np.isin(top, bottom) & (top > 0)
        out[k] = hit.any(axis=1).mean()
    return out


def transition_width(ps: Sequence[float] | np.ndarray, prob: Sequence[float] | np.ndarray,
                     low: float = 0.1, high: float = 0.9) -> float:
    """Width of a spanning curve: p where it reaches ``high`` minus p where it reaches ``low``.

    The crossings are found by linear interpolation (``numpy.interp`` of p against the
    spanning probability, which must not decrease, as :func:`spanning_probability` ensures).

    Parameters
    ----------
    ps : array_like
        Occupation probabilities, increasing (fractions).
    prob : array_like
        Spanning probability at each p (fractions in [0, 1], non-decreasing).
    low, high : float
        The two levels, 0 <= low < high <= 1.

    Returns
    -------
    float
        Width in units of p (a fraction, >= 0).
    """
    p = np.asarray(ps, dtype=float).ravel()
    q = np.asarray(prob, dtype=float).ravel()
    if p.size != q.size or p.size < 2:
        raise EmergenceInputError(f"ps, prob: need two arrays of the same length >= 2, got "
                                  f"{p.size} and {q.size}")
    if np.any(np.diff(p) <= 0) or np.any(np.diff(q) < 0):
        raise EmergenceInputError("ps, prob: ps must increase and prob must not decrease")
    if not (0.0 <= low < high <= 1.0):
        raise EmergenceInputError(f"low, high: need 0 <= low < high <= 1, got {low}, {high}")
    p_low, p_high = np.interp([low, high], q, p)
    return float(p_high - p_low)


#: Occupation probabilities of the precomputed spanning curves of the percolation widget.
PERCOLATION_CURVE_PS = np.unique(np.round(np.concatenate([
    np.linspace(0.0, 0.35, 8), np.linspace(0.40, 0.80, 41), np.linspace(0.85, 1.0, 4)]), 3))


@lru_cache(maxsize=8)
def _cached_spanning(sizes: tuple[int, ...], ps: tuple[float, ...], n_trials: int,
                     seed: int) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    out = {}
    for L in sizes:
        p = np.array(ps)
        prob = spanning_probability(L, p, n_trials, seed)
        p.flags.writeable = False
        prob.flags.writeable = False
        out[L] = (p, prob)
    return out


def spanning_curves(sizes: Sequence[int] = (8, 16, 32, 64), ps=None, n_trials: int = 100,
                    seed: int = 0) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Spanning probability vs p for several L, computed once and cached (read-only arrays).

    Returns
    -------
    dict
        ``{L: (ps, spanning_probability)}``.
    """
    p = PERCOLATION_CURVE_PS if ps is None else np.asarray(ps, dtype=float).ravel()
    for v in p:
        _check_p(v, "ps")
    sizes_t = tuple(_check_int(L, "sizes", 1) for L in sizes)
    if not sizes_t:
        raise EmergenceInputError("sizes: give at least one lattice size")
    return _cached_spanning(sizes_t, tuple(float(v) for v in p), _check_int(n_trials, "n_trials", 1),
                            int(seed))


def _percolation_categories(grid: np.ndarray) -> tuple[np.ndarray, bool, float]:
    """0 empty, 1 occupied, 2 largest cluster; plus whether that cluster spans top to bottom
    and the fraction of all sites it covers."""
    big = largest_cluster(grid)
    cat = grid.astype(np.int8)
    cat[big] = 2
    spanning = bool(big[0].any() and big[-1].any())
    return cat, spanning, float(big.mean())


def _percolation_title(p: float, spanning: bool, frac: float) -> str:
    s = "spans top to bottom" if spanning else "does not span"
    # two lines in every state: one line is wider than the lattice panel in the seminar style
    return f"p = {p:.2f}: largest cluster ({100 * frac:.1f} % of sites)\n{s}"


def plot_percolation(grid: np.ndarray | None = None, p: float = 0.55,
                     curves: dict[int, tuple[np.ndarray, np.ndarray]] | None = None
                     ) -> tuple[Figure, dict[str, Any]]:
    """Plot a percolation lattice (largest cluster highlighted) and spanning probability vs p.

    Parameters
    ----------
    grid : ndarray of bool, shape (L, L), optional
        Occupied sites; default a 64 x 64 lattice at ``p`` (seed 0).
    p : float
        Occupation probability of ``grid``, marked on the right panel.
    curves : dict, optional
        ``{L: (ps, spanning_probability)}``; default :func:`spanning_curves`.

    Returns
    -------
    fig : Figure
    artists : dict
        ``image`` (AxesImage of categories 0 empty / 1 occupied / 2 largest cluster),
        ``p_line`` (Line2D), ``curves`` ({L: Line2D}), ``pc`` (Line2D), ``ax_lattice``,
        ``ax_curve``, ``title`` (Text).
    """
    p = _check_p(p)
    if grid is None:
        grid = np.random.default_rng(0).random((64, 64)) < p
    cat, spanning, frac = _percolation_categories(_check_grid(grid))
    if curves is None:
        curves = spanning_curves()
    fig = Figure(figsize=figsize(10, 4.2), layout="constrained")
    ax_l, ax_c = fig.subplots(1, 2, width_ratios=[1, 1.35])
    image = ax_l.imshow(cat, cmap=ListedColormap(["white", "#c8c8c8", _VERMILLION]), vmin=0,
                        vmax=2, interpolation="nearest")
    ax_l.set_xticks([])
    ax_l.set_yticks([])
    ax_l.grid(False)
    title = ax_l.set_title(_percolation_title(p, spanning, frac), fontsize=font(0.9))
    lines = {}
    for i, (size, (ps, prob)) in enumerate(sorted(curves.items())):
        (lines[size],) = ax_c.plot(ps, prob, "o-", ms=3, lw=1.5,
                                   color=_SIZE_COLOURS[i % len(_SIZE_COLOURS)],
                                   label=f"L = {size}")
    pc = ax_c.axvline(P_C, **_THRESHOLD_STYLE, label=f"$p_c$ = {P_C:.4f} (Newman & Ziff 2000)")
    p_line = ax_c.axvline(p, color=_ORANGE, lw=2.5, alpha=0.8, label="p of the lattice")
    ax_c.set_xlim(0.0, 1.0)
    ax_c.set_ylim(-0.02, 1.02)
    ax_c.set_xlabel("occupation probability p")
    ax_c.set_ylabel("probability that a cluster\nspans top to bottom")
    ax_c.legend(loc="upper left", fontsize="small")
    return fig, {"image": image, "p_line": p_line, "curves": lines, "pc": pc,
                 "ax_lattice": ax_l, "ax_curve": ax_c, "title": title}


def percolation_widget(p: float = 0.55, L: int = 100, sizes: Sequence[int] = (8, 16, 32, 64),
                       n_trials: int = 100, seed: int = 0):
    """Interactive percolation: a slider for the occupation probability p.

    The lattice uses one fixed field of uniform random numbers (seed ``seed``) and occupies the
    sites below p, so raising p only adds sites, as in filling the lattice one site at a time.

    Returns
    -------
    emergence_utils.widgets.LiveFigure
        Control ``p`` (0 to 1, step 0.01).
    """
    import ipywidgets as w

    from .widgets import LiveFigure

    L = _check_int(L, "L", 2)
    p = _check_p(p)
    u = np.random.default_rng(seed).random((L, L))
    curves = spanning_curves(sizes, None, n_trials, seed)
    fig, art = plot_percolation(u < p, p, curves)
    controls = {"p": w.FloatSlider(value=p, min=0.0, max=1.0, step=0.01,
                                   description="occupation p", continuous_update=False,
                                   style={"description_width": "initial"})}

    def update(p: float) -> str:
        cat, spanning, frac = _percolation_categories(u < p)
        art["image"].set_data(cat)
        art["p_line"].set_xdata([p, p])
        text = _percolation_title(p, spanning, frac)
        art["title"].set_text(text)
        one_line = text.replace("\n", " ")
        return f"{L} x {L} lattice, {one_line}."

    def alt(p: float) -> str:
        return (f"Left: a random {L} by {L} lattice (seed {seed}) at p = {p:.2f}, occupied sites "
                f"grey, the largest cluster red. Right: spanning probability against p, "
                f"simulated ({n_trials} random lattices per point, seed {seed}) for lattice "
                f"sizes {', '.join(map(str, sizes))}, rising from 0 to 1 around the dashed line "
                f"at p_c = 0.593 (a numerical estimate), more steeply for larger lattices; an "
                f"orange line marks p.")

    # a p move changes the lattice image, the p line and the lattice title only (blitted)
    return LiveFigure(fig, update, controls, alt, animated=[art["image"], art["p_line"],
                                                            art["title"]],
                      prompt="Raise p slowly from 0.4 to 0.7. At what p does the red cluster "
                             "first connect the top and the bottom? Would a bigger lattice "
                             "do it at a higher or lower p, or more abruptly?")


def _main(argv: list[str] | None = None) -> int:
    """``python -m emergence_utils.nature --rebuild-ising-cache``."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m emergence_utils.nature")
    ap.add_argument("--rebuild-ising-cache", action="store_true",
                    help="simulate the reference Ising curves and write data/nature/")
    args = ap.parse_args(argv)
    if not args.rebuild_ising_cache:
        ap.print_help()
        return 1
    path = ising_cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    build_ising_reference(path, progress=True)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
