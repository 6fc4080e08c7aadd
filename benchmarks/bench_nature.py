"""Timings of emergence_utils.nature: simulation kernels and widget callbacks.

Run: ``python benchmarks/bench_nature.py``. Prints one line per measurement (median of
several repeats). Target: a slider move of every widget (callback plus the PNG render that
LiveFigure does) responds well under one second.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from emergence_utils import nature as nat  # noqa: E402

TARGET_MS = 1000.0


def median_ms(fn: Callable[[], object], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def once_ms(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1e3


def report(name: str, ms: float, target: float | None = None) -> None:
    flag = "" if target is None else ("  OK" if ms < target else f"  SLOW (target {target:g} ms)")
    print(f"{name:<58s} {ms:9.1f} ms{flag}")


def bench_kernels() -> None:
    rng = np.random.default_rng(0)
    for L in (32, 64, 128):
        s = nat.ising_init(L, rng, "up")
        report(f"ising_sweep L={L}, 100 sweeps", median_ms(lambda s=s: nat.ising_sweep(
            s, 2.3, rng, 100)))
    temps = nat.ISING_CURVE_TEMPERATURES
    report(f"ising_magnetisation_curve L=64, {temps.size} T, 100+100 sweeps",
           median_ms(lambda: nat.ising_magnetisation_curve(64, temps, 100, 100, 0), 3))
    nat._cached_ising_curves.cache_clear()
    report("ising_curves() default (first call, L=16,32,64)", once_ms(nat.ising_curves))
    report("ising_curves() default (cached)", median_ms(nat.ising_curves))
    nat._read_ising_reference.cache_clear()
    report("ising_reference_curves() (read the cached CSV)", once_ms(nat.ising_reference_curves))
    s = nat.ISING_REFERENCE
    report("ising_equilibrium_run L=16, T=2.3, reference settings (the recompute test)",
           once_ms(lambda: nat.ising_equilibrium_run(16, 2.3, s["n_equil"], s["n_measure"],
                                                     s["replicas"][16], s["seed"])))
    report("spanning_probability L=64, 53 p, 100 trials",
           median_ms(lambda: nat.spanning_probability(64, nat.PERCOLATION_CURVE_PS, 100, 0), 3))
    nat._cached_spanning.cache_clear()
    report("spanning_curves() default (first call, L=8..64)", once_ms(nat.spanning_curves))
    report("water_heating_curve", median_ms(nat.water_heating_curve, 20))


def bench_widget(name: str, build: Callable[[], object], moves: list[dict]) -> None:
    t0 = time.perf_counter()
    live = build()
    report(f"{name}: build (incl. precompute if not cached)", (time.perf_counter() - t0) * 1e3)
    times, callback = [], []
    for values in moves:
        t0 = time.perf_counter()
        live.set(**values)
        times.append((time.perf_counter() - t0) * 1e3)
        # the update function alone (artists changed in place, no PNG render)
        t0 = time.perf_counter()
        live._update(**live.values)
        callback.append((time.perf_counter() - t0) * 1e3)
    report(f"{name}: update function only, median of {len(moves)}", statistics.median(callback))
    report(f"{name}: slider move, median of {len(moves)} (update + PNG)",
           statistics.median(times), TARGET_MS)
    report(f"{name}: slider move, slowest", max(times), TARGET_MS)


def main() -> None:
    import emergence_utils as eu

    eu.setup_notebook()
    bench_kernels()
    bench_widget("water_widget", nat.water_widget,
                 [{"power_w": p} for p in (100, 500, 1500, 3000)]
                 + [{"mass_kg": m} for m in (0.1, 0.7, 2.0)])
    bench_widget("ising_widget", nat.ising_widget,
                 [{"T": t} for t in (1.0, 2.25, 2.3, 3.0, 4.0)]
                 + [{"L": L} for L in (16, 64)] + [{"T": t} for t in (2.2, 2.5)])
    bench_widget("percolation_widget", nat.percolation_widget,
                 [{"p": p} for p in (0.0, 0.3, 0.55, 0.6, 0.65, 1.0)])


if __name__ == "__main__":
    main()
