"""Kernel-side time per move of the open-models widgets (target: median < 50 ms).

Each widget of :mod:`emergence_utils.open_models` is built, then every control is moved through
its range (``emergence_utils.widgets.sweep_controls``, 5 values per slider, every option of a
menu) twice: the first sweep draws new states (blitting where the widget allows it), the second
shows the same states again (kept pictures). A move is the callback plus the PNG the browser
receives. ``--runs`` fresh widgets per row (default 3); each column is the median over runs.
For scale, the same measurement is made on an existing widget of the collection
(``proxy.loss_threshold_widget``) and the load average of the machine is printed: on a shared
machine the absolute times vary with the load.

Columns: build (s), update (callback alone, ms), first (ms), p95 of first (ms), again (ms),
cpu (process CPU time per move of the first sweep, ms: less sensitive to other processes than
the wall-clock columns), blits/layouts of the first sweep.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(round(0.95 * len(values))) - 1)]


def measure(factory) -> dict[str, float | str]:
    import emergence_utils as eu

    t0 = time.perf_counter()
    live = factory()
    build = time.perf_counter() - t0
    upd = []
    for name, ctl in live.controls.items():
        for value in eu.widgets.control_values(ctl, 5):
            t = time.perf_counter()
            live._update(**{**live.values, name: value})
            upd.append(1000 * (time.perf_counter() - t))
    live._update(**live.values)
    b0, l0 = live.n_blits, live.n_layouts
    cpu0 = time.process_time()
    first = [m["ms"] for m in eu.widgets.sweep_controls(live, 5)]
    cpu = 1000 * (time.process_time() - cpu0) / max(1, len(first))
    how = f"{live.n_blits - b0}/{live.n_layouts - l0}"
    again = [m["ms"] for m in eu.widgets.sweep_controls(live, 5)]
    return {"build": build, "update": statistics.median(upd),
            "first": statistics.median(first), "p95": _p95(first),
            "again": statistics.median(again), "cpu": cpu, "moves": len(first), "how": how}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    import emergence_utils as eu

    eu.setup_notebook()
    om = eu.open_models
    rows = [("open_models.metric_choice_widget", om.metric_choice_widget),
            ("open_models.compute_widget", om.compute_widget),
            ("open_models.lab_vs_pythia_widget", om.lab_vs_pythia_widget),
            ("(reference) proxy.loss_threshold_widget", eu.proxy.loss_threshold_widget)]
    print(f"load average at start: {os.getloadavg()[0]:.2f} (cores: {os.cpu_count()})")
    print(f"{'widget':42s} {'moves':>5s} {'build':>6s} {'update':>7s} {'first':>7s} "
          f"{'p95':>7s} {'again':>7s} {'cpu':>7s}  {'blits/layouts':>13s}  target: median < 50 ms")
    n_ok = 0
    for label, factory in rows:
        per = [measure(factory) for _ in range(args.runs)]
        med = {k: statistics.median(float(p[k]) for p in per)
               for k in ("build", "update", "first", "p95", "again", "cpu")}
        ok = med["first"] < 50
        n_ok += ok and not label.startswith("(reference)")
        print(f"{label:42s} {per[0]['moves']:>5} {med['build']:6.2f} {med['update']:7.1f} "
              f"{med['first']:7.1f} {med['p95']:7.1f} {med['again']:7.1f} {med['cpu']:7.1f}  "
              f"{per[0]['how']:>13s}"
              f"  {'ok' if ok else 'SLOW'}")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    print(f"{n_ok} of {len(rows) - 1} open-models widgets under 50 ms (first-sweep median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
