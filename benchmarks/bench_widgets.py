"""Kernel-side time of every widget callback in every notebook (target: median < 50 ms).

Each notebook is run in-process (emergence_utils.testing), then every control of every live
figure is moved through its range twice (emergence_utils.widgets.sweep_controls, 5 values per
slider, every option of a menu). A move is the callback (artists updated in place) plus the
PNG render that the browser receives. The whole is repeated ``--runs`` times (default 3) on
fresh runs of the notebooks, and each column gives the median over runs (timings on a shared
machine vary by 10-20 % from run to run); "range" is the lowest and highest first-sweep median.

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


def _widget_rows(path: Path) -> list[dict]:
    import emergence_utils as eu

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        run = eu.testing.run_notebook(path)  # the notebooks' own prints and progress bars
    rows = []
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
        rows.append({"label": f"{path.stem[:2]} {', '.join(live.controls)}", "moves": len(first),
                     "update": statistics.median(upd), "first": statistics.median(first),
                     "p95": _p95(first), "again": statistics.median(again),
                     "all": statistics.median(first + again), "how": how,
                     "pre": live.n_prerendered})
    return rows


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh runs of every notebook")
    args = parser.parse_args(argv)
    print(f"{'notebook / widget':50s} {'moves':>5s} {'update':>7s} {'first':>7s} {'range':>11s} "
          f"{'p95':>7s} {'again':>7s} {'all':>7s}  {'how':>9s}  target: median < 50 ms")
    n_ok_first = n_ok_all = n = 0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        runs = [_widget_rows(path) for _ in range(args.runs)]
        for i, row in enumerate(runs[0]):
            per = [r[i] for r in runs]
            med = {k: statistics.median(p[k] for p in per)
                   for k in ("update", "first", "p95", "again", "all")}
            lo, hi = min(p["first"] for p in per), max(p["first"] for p in per)
            n += 1
            n_ok_first += med["first"] < 50
            n_ok_all += med["all"] < 50
            how = row["how"] + (f" pre{row['pre']}" if row["pre"] else "")
            print(f"{row['label'][:50]:50s} {row['moves']:5d} {med['update']:7.1f} "
                  f"{med['first']:7.1f} {lo:5.0f}-{hi:<5.0f} {med['p95']:7.1f} {med['again']:7.1f} "
                  f"{med['all']:7.1f}  {how:>9s}  "
                  f"{'ok' if med['first'] < 50 else 'first visits miss'}")
    print(f"\nwidgets with median < 50 ms: first sweep {n_ok_first} of {n}; "
          f"both sweeps {n_ok_all} of {n}")
    print("how = moves of the first sweep drawn by blitting / layouts solved / pictures reused; "
          "preN = N pictures drawn when the widget was built")
    return 0


if __name__ == "__main__":
    sys.exit(main())
