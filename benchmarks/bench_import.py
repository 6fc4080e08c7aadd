"""Time of ``import emergence_utils`` in a fresh interpreter (target < 1 s), median of 7,
minus the interpreter's own start-up."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def _run(code: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - t0


def main() -> int:
    base = statistics.median(_run("pass") for _ in range(7))
    pkg = statistics.median(_run("import emergence_utils") for _ in range(7))
    first = statistics.median(
        _run("import emergence_utils as eu; eu.setup_notebook()") for _ in range(5))
    data = statistics.median(
        _run("import emergence_utils as eu; eu.data.load('wei_fig2')") for _ in range(5))
    print(f"import emergence_utils            {1000 * (pkg - base):7.1f} ms  (target < 1000 ms)")
    print(f"  + setup_notebook() (matplotlib) {1000 * (first - base):7.1f} ms")
    print(f"  + data.load('wei_fig2') (pandas) {1000 * (data - base):7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
