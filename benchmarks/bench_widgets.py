"""Kernel-side time of every widget callback in every notebook (target: median < 50 ms).

Each notebook is run in-process (emergence_utils.testing), then every control of every live
figure is moved through its range twice (emergence_utils.widgets.sweep_controls, 5 values per
slider, every option of a menu). A move is the callback (artists updated in place) plus the
PNG render that the browser receives.

Columns:
  update   median time of the update function alone (no rendering)
  first    median of the first sweep: every state is new (the layout may be solved, the
           picture is drawn; blitting where the widget allows it)
  p95      95th percentile of the first sweep
  again    median of the second sweep: the same states again (their pictures are reused)
  all      median over both sweeps
  how      moves of the first sweep drawn by blitting / layouts solved / pictures reused
"""

from __future__ import annotations

import contextlib
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(round(0.95 * len(values))) - 1)]


def main() -> int:
    import emergence_utils as eu

    print(f"{'notebook / widget':54s} {'moves':>5s} {'update':>7s} {'first':>7s} {'p95':>7s} "
          f"{'again':>7s} {'all':>7s}  {'how':>10s}  target: median < 50 ms")
    n_ok_first = n_ok_all = n = 0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            run = eu.testing.run_notebook(path)  # the notebooks' own prints and progress bars
        for live in sorted(run.live_figures, key=lambda lf: list(lf.controls)):
            upd = []
            for name, ctl in live.controls.items():
                for value in eu.widgets.control_values(ctl, 5):
                    vals = {**live.values, name: value}
                    t0 = time.perf_counter()
                    live._update(**vals)
                    upd.append(1000 * (time.perf_counter() - t0))
            live._update(**live.values)
            b0, l0, r0 = live.n_blits, live.n_layouts, live.n_reused
            first = [m["ms"] for m in eu.widgets.sweep_controls(live, 5)]
            how = f"{live.n_blits - b0}/{live.n_layouts - l0}/{live.n_reused - r0}"
            again = [m["ms"] for m in eu.widgets.sweep_controls(live, 5)]
            med_first, med_all = statistics.median(first), statistics.median(first + again)
            n += 1
            n_ok_first += med_first < 50
            n_ok_all += med_all < 50
            label = f"{path.stem[:2]} {', '.join(live.controls)}"[:54]
            print(f"{label:54s} {len(first):5d} {statistics.median(upd):7.1f} {med_first:7.1f} "
                  f"{_p95(first):7.1f} {statistics.median(again):7.1f} {med_all:7.1f}  "
                  f"{how:>10s}  {'ok' if med_first < 50 else 'first visits miss'}")
    print(f"\nwidgets with median < 50 ms: first sweep {n_ok_first} of {n}; "
          f"both sweeps {n_ok_all} of {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
