"""Kernel-side time of every widget callback in every notebook (target: median < 50 ms).

Each notebook is run in-process (emergence_utils.testing), then every control of every live
figure is moved through its range (emergence_utils.widgets.sweep_controls). A move is the
callback (artists updated in place) plus the PNG render that the browser receives; the two are
also timed apart. Prints one line per widget.
"""

from __future__ import annotations

import contextlib
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    import emergence_utils as eu

    print(f"{'notebook / widget':58s} {'moves':>5s} {'update':>8s} {'+render':>8s} "
          f"{'p95':>8s}  target median < 50 ms")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        with contextlib.redirect_stdout(io.StringIO()):  # the notebooks' own prints
            run = eu.testing.run_notebook(path)
        for i, live in enumerate(run.live_figures):
            # update alone: call the update function with each value, no rendering
            upd = []
            for name, ctl in live.controls.items():
                for value in eu.widgets.control_values(ctl, 5):
                    vals = {**live.values, name: value}
                    t0 = time.perf_counter()
                    live._update(**vals)
                    upd.append(1000 * (time.perf_counter() - t0))
            live._update(**live.values)
            moves = [m["ms"] for m in eu.widgets.sweep_controls(live, 5)]
            med = statistics.median(moves)
            p95 = sorted(moves)[max(0, int(round(0.95 * len(moves))) - 1)]
            label = f"{path.stem} #{i} ({', '.join(live.controls)})"[:58]
            print(f"{label:58s} {len(moves):5d} {statistics.median(upd):8.1f} {med:8.1f} "
                  f"{p95:8.1f}  {'ok' if med < 50 else 'misses'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
