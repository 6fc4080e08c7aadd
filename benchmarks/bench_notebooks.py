"""Wall time to execute each notebook in a fresh kernel, and all of them (targets: each < 10 s,
all < 60 s on a 2-core machine). Prints a table; exits 0 (numbers, not a test)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    total = 0.0
    print(f"{'notebook':40s} {'seconds':>8s}  target")
    for p in paths:
        nb = nbformat.read(p, as_version=4)
        client = NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(p.parent)}})
        t0 = time.perf_counter()
        client.execute()
        dt = time.perf_counter() - t0
        total += dt
        print(f"{p.name:40s} {dt:8.2f}  {'ok' if dt < 10 else 'MISSES < 10 s'}")
    print(f"{'all notebooks':40s} {total:8.2f}  {'ok' if total < 60 else 'MISSES < 60 s'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
