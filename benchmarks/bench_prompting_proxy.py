"""Timings of notebooks 04 (augmented prompting) and 06 (proxy metrics).

Run: ``python benchmarks/bench_prompting_proxy.py [--notebooks]``. Prints one line per
measurement: data preparation, widget construction, widget callbacks (median of many control
moves, with and without the PNG render that LiveFigure does) and, with ``--notebooks``, the
execution time of each notebook on a fresh kernel (nbclient, no network). Targets: a control move
well under one second; a notebook in under ten seconds.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MOVE_TARGET_MS = 1000.0
NOTEBOOK_TARGET_S = 10.0


def report(name: str, value: float, unit: str = "ms", target: float | None = None) -> None:
    flag = "" if target is None else ("  OK" if value < target else f"  SLOW (target {target:g} {unit})")
    print(f"{name:<66s} {value:9.1f} {unit}{flag}")


def once_ms(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1e3


def bench_widget(name: str, build: Callable[[], object], moves: list[dict]) -> None:
    t0 = time.perf_counter()
    live = build()
    report(f"{name}: build (first draw incl. PNG)", (time.perf_counter() - t0) * 1e3)
    moves_ms, update_ms = [], []
    for values in moves:
        t0 = time.perf_counter()
        live.set(**values)
        moves_ms.append((time.perf_counter() - t0) * 1e3)
        t0 = time.perf_counter()
        live._update(**live.values)          # callback alone: artists changed in place
        update_ms.append((time.perf_counter() - t0) * 1e3)
    report(f"{name}: callback only, median of {len(moves)}", statistics.median(update_ms))
    report(f"{name}: control move (callback + PNG), median of {len(moves)}",
           statistics.median(moves_ms), target=MOVE_TARGET_MS)
    report(f"{name}: control move, slowest", max(moves_ms), target=MOVE_TARGET_MS)


def bench_notebook(path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    report(f"notebook {path.name}: fresh-kernel execution", time.perf_counter() - t0, "s",
           NOTEBOOK_TARGET_S)


def main(argv: list[str]) -> None:
    import numpy as np

    import emergence_utils as eu
    from emergence_utils import prompting, proxy

    eu.setup_notebook()
    report("prompting: first gain_table (loads 4 datasets)",
           once_ms(lambda: prompting.gain_table()))
    report("prompting: gain_summary over 20 CoT benchmarks", once_ms(prompting.gain_summary))
    report("proxy: obsscaling_data (first, uncached)", once_ms(proxy.obsscaling_data))
    report("proxy: holdout_error_table, Ruan et al.'s method (8 tasks, uncached)",
           once_ms(proxy.holdout_error_table))
    report("proxy: verdict_robustness (7 variants, first uncached)",
           once_ms(proxy.verdict_robustness))

    techs = prompting.technique_names()
    moves = ([{"a_params": a} for a in np.logspace(8, 12, 7)]
             + [{"benchmark": b} for b in prompting.benchmarks("chain of thought")[:6]]
             + [{"family": f} for f in ("LaMDA", "PaLM", "all")]
             + [{"x": "train_flops"}] + [{"a_flops": a} for a in np.logspace(20, 25, 5)]
             + [{"family": "UL2"}, {"family": "all"}]  # an empty frame that says why
             + [{"x": "params"}] + [{"technique": t} for t in (techs[2], techs[1], techs[0])])
    bench_widget("prompting.gain_widget", prompting.gain_widget, moves)
    keys = list(proxy.emergent_tasks()["key"])
    moves = ([{"cutoff": c} for c in np.logspace(21.5, 24, 8)]
             + [{"n_components": k} for k in (1, 2, 3)] + [{"task": k} for k in keys])
    bench_widget("proxy.obsscaling_widget", proxy.obsscaling_widget, moves)
    moves = ([{"threshold": t} for t in np.linspace(1.85, 3.2, 8)]
             + [{"chance": c} for c in (0.0, 0.5, 0.25)]
             + [{"scale": s} for s in (0.05, 0.3, 0.6)])
    bench_widget("proxy.loss_threshold_widget", proxy.loss_threshold_widget, moves)

    if "--notebooks" in argv:
        for name in ("04_augmented_prompting.ipynb", "06_proxy_metrics.ipynb"):
            bench_notebook(ROOT / "notebooks" / name)


if __name__ == "__main__":
    main(sys.argv[1:])
