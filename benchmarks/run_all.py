"""Run every benchmark script in this folder and print their numbers (``make bench``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["bench_import.py", "bench_notebooks.py", "bench_widgets.py"]


def main() -> int:
    scripts = ORDER + sorted(p.name for p in HERE.glob("bench_*.py") if p.name not in ORDER)
    failed = []
    for name in scripts:
        print(f"\n=== {name}", flush=True)
        rc = subprocess.run([sys.executable, str(HERE / name)]).returncode
        if rc:
            failed.append(name)
    if failed:
        print(f"\nfailed: {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
