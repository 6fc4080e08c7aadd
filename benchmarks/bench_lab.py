"""Benchmark of the emergence lab: the live retrain and notebook 08 under nbval.

Prints the median time of one training step of the widest default model, split into the
forward pass, backward pass and Adam step (the functions notebook 08 shows), and, for the
default configuration (the whole family, one seed):

- wall time and CPU time of ``train_family`` (target: under 20 s on the project's 2-core
  machine while other jobs run; the 1-minute load average is printed to show how busy it was);
- peak memory: the process's peak resident set size (``ru_maxrss``), and the largest
  Python/numpy allocation footprint seen by ``tracemalloc`` while training the widest model
  (a separate pass: tracing slows training about threefold);
- whether the retrained numbers are identical to the cached ones for the same seed;

and the wall time of ``pytest --nbval-lax notebooks/08_emergence_lab.ipynb`` (target < 10 s).

Usage::

    python benchmarks/bench_lab.py [--seed 0] [--no-notebook]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from emergence_utils import EmergenceDataError, lab  # noqa: E402


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:  # pragma: no cover - not on every platform
        return "load average unavailable"
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def bench_retrain(seed: int) -> None:
    cfg = lab.PRESETS["default"]
    print(f"default configuration: {cfg.digits}-digit addition, widths {cfg.widths}, "
          f"{cfg.steps} steps x {cfg.batch_size} examples, seed {seed}")
    print(f"before: {_load()}")
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    wall0, cpu0 = time.perf_counter(), time.process_time()
    run = lab.train_family(cfg, seed)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"after:  {_load()}")
    print(f"retrain wall time: {wall:.2f} s (CPU time {cpu:.2f} s, "
          f"{run.table['train_flops'].sum() / 1e9:.1f} GFLOP counted)")
    print(f"peak RSS of the process (ru_maxrss): {rss1 / 1024:.1f} MiB "
          f"({rss0 / 1024:.1f} MiB after imports, before training)")
    # tracemalloc slows numpy-heavy code about threefold, so it gets its own pass on the widest
    # model, which sets the peak (models are trained one after the other).
    widest = cfg.replace(widths=(cfg.widths[-1],))
    tracemalloc.start()
    lab.train_family(widest, seed)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak traced allocation (tracemalloc) training width {cfg.widths[-1]}: "
          f"{peak / 2**20:.1f} MiB")
    try:
        cached = lab.load_cached().get(cfg, seed)
    except EmergenceDataError as exc:
        print(f"cache unavailable: {exc}")
        return
    if cached is None:
        print("no cached run for this seed")
        return
    cols = ["cross_entropy", "token_accuracy", "exact_match", "edit_distance"]
    same = all(np.array_equal(cached.table[c].to_numpy(), run.table[c].to_numpy())
               for c in cols)
    print(f"identical to the cached numbers: {same}")


def bench_step(repeats: int = 200) -> None:
    """Median time of the forward pass, backward pass and Adam step at the widest width."""
    cfg = lab.PRESETS["default"]
    width = cfg.widths[-1]
    rng = np.random.default_rng(0)
    p = lab._init_params(cfg, width, rng)
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(val) for k, val in p.items()}
    a, b = lab.decode_problems(lab.problem_ids(cfg.digits, cfg.batch_size, rng), cfg.digits)
    x, y = lab.encode_inputs(a, b, cfg.digits), lab.encode_answers(a, b, cfg.digits)
    times: dict[str, list[float]] = {"forward": [], "backward": [], "adam": []}
    with lab._SingleThreadBLAS():
        for t in range(1, repeats + 1):
            t0 = time.perf_counter()
            z, h, logits = lab.mlp_forward(p, x)
            t1 = time.perf_counter()
            grads = lab.mlp_backward(p, x, z, h, logits, y)
            t2 = time.perf_counter()
            p, m, v = lab.adam_step(p, grads, m, v, t, cfg.lr)
            t3 = time.perf_counter()
            times["forward"].append(t1 - t0)
            times["backward"].append(t2 - t1)
            times["adam"].append(t3 - t2)
    parts = ", ".join(f"{k} {1e3 * float(np.median(val)):.3f} ms" for k, val in times.items())
    total = 1e3 * sum(float(np.median(val)) for val in times.values())
    print(f"one step at width {width}, batch {cfg.batch_size} (median of {repeats}): {parts}; "
          f"total {total:.3f} ms, so about {total * cfg.steps / 1e3:.1f} s for {cfg.steps} steps")


def bench_notebook() -> None:
    nb = ROOT / "notebooks" / "08_emergence_lab.ipynb"
    cmd = [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q",
           str(nb)]
    t0 = time.perf_counter()
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    last = (res.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(f"nbval-lax {nb.name}: {wall:.2f} s wall including kernel start "
          f"(exit code {res.returncode}; {last})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-notebook", action="store_true", help="skip the nbval timing")
    args = ap.parse_args(argv)
    bench_step()
    bench_retrain(args.seed)
    if not args.no_notebook:
        bench_notebook()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
