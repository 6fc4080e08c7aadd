"""Timings of notebook 02 (smooth loss scaling): its two widgets and the whole notebook; also the
flat-curve screen of notebook 07 (Eq. 1 scores of up to 2,000 simulated curves per move).

Run: ``python benchmarks/bench_scaling.py [--no-notebook]``. Prints one line per measurement.
Targets: a control move (update plus the PNG render that LiveFigure sends) well under one
second; the notebook executes in under 10 s on a fresh kernel.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from emergence_utils import critique as cr  # noqa: E402
from emergence_utils import data  # noqa: E402
from emergence_utils import loss_curves as lc  # noqa: E402
from emergence_utils import scaling as sc  # noqa: E402

MOVE_TARGET_MS = 1000.0
NOTEBOOK_TARGET_S = 10.0
NOTEBOOK = ROOT / "notebooks" / "02_smooth_loss_scaling.ipynb"


def report(name: str, value: float, unit: str = "ms", target: float | None = None) -> None:
    flag = "" if target is None else ("  OK" if value < target else f"  SLOW (target {target:g})")
    print(f"{name:<62s} {value:9.1f} {unit}{flag}")


def bench_widget(name: str, build: Callable[[], object], moves: list[dict]) -> None:
    t0 = time.perf_counter()
    live = build()
    report(f"{name}: build (figure, controls, first PNG)", (time.perf_counter() - t0) * 1e3)
    update = live._update
    callback, refresh = [], []

    def timed_update(**values):  # the callback alone (artists changed in place)
        t0 = time.perf_counter()
        out = update(**values)
        callback.append((time.perf_counter() - t0) * 1e3)
        return out

    live._update = timed_update
    for values in moves:
        t0 = time.perf_counter()
        live.set(**values)  # as a student moves a control: callback + PNG render
        refresh.append((time.perf_counter() - t0) * 1e3)
    report(f"{name}: callback only, median of {len(moves)} moves", statistics.median(callback))
    report(f"{name}: move incl. PNG render, median of {len(moves)}", statistics.median(refresh),
           target=MOVE_TARGET_MS)
    report(f"{name}: move incl. PNG render, slowest", max(refresh), target=MOVE_TARGET_MS)


def law_moves() -> list[dict]:
    budgets = [float(b) for b in np.logspace(19, 26, 16)]
    moves = [{"budget": b} for b in budgets]
    moves[4:4] = [{"axes": "linear"}]
    moves[10:10] = [{"axes": "log-log"}]
    moves += [{"axes": "linear"}, {"budget": sc.GOPHER_BUDGET_FLOPS}]
    return moves[:20]


def loss_moves() -> list[dict]:
    moves = [{"threshold": t} for t in (0.5, 1.0, 2.0, 3.5, 5.0, 7.5, 10.0, 15.0, 20.0, 25.0)]
    moves += [{"task": t} for t in (lc.TASKS[1], lc.TASKS[2], lc.TASKS[0])]
    moves += [{"temperature": 1}, {"threshold": 8.0}, {"task": lc.TASKS[1]},
              {"temperature": 0}, {"threshold": 1.5}, {"task": lc.TASKS[2]}, {"threshold": 5.0}]
    return moves


def screen_moves() -> list[dict]:
    moves = [{"n_curves": n} for n in (10, 500, 1000, 2000, 200)]
    moves += [{"n_models": m} for m in (3, 6, 10, 15, 8)]
    moves += [{"seed": s} for s in (1, 5, 20, 0)] + [{"cutoff": c} for c in (2.0, 10.0, 5.0)]
    return moves


def bench_notebook() -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    report("notebook 02: execute on a fresh kernel (incl. kernel start)",
           time.perf_counter() - t0, unit="s", target=NOTEBOOK_TARGET_S)


def main(argv: list[str]) -> int:
    scales, wei = data.load("model_scales"), data.load("wei_loss")
    bench_widget("law_widget", lambda: sc.law_widget(scales), law_moves())
    bench_widget("loss_widget", lambda: lc.loss_widget(wei), loss_moves())
    bench_widget("multiple_comparisons_widget (07)", cr.multiple_comparisons_widget,
                 screen_moves())
    if "--no-notebook" not in argv:
        bench_notebook()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
