"""Print, per notebook, what a student reads and does, and how long working through it takes.

Usage: ``python scripts/notebook_stats.py [--run]``

Columns: words of prose, lines of code a student reads (code cells without the setup cell and
blank lines), checked coding exercises (stubs with ``eu.exercises.check``), code shown in view
and checked against the package, written exercises (``### Exercise`` headings without a stub),
widgets (interactive figures; counted from the run with ``--run``), quiz questions,
the stated time (title cell) and an estimate of the time to work
through the notebook once.

The estimate is a model, not a stopwatch: prose at 150 words per minute (technical reading),
5 s per line of code read, the minutes each exercise heading states ("(easy, 5 min)"), 2 min
per widget (predict, move, explain), 1 min per quiz question, plus the kernel's run time of the
notebook (measured with ``--run``, in-process).
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STUB = 'raise NotImplementedError("Student exercise'
CHECK = re.compile(r"eu\.exercises\.check\(")
WIDGET = re.compile(r"LiveFigure|\w_widget\s*\(|\bwidget\s*\(")
EXERCISE_HEAD = re.compile(r"^###\s+Exercise\b.*?\((?:[^)]*?,\s*)?(\d+)\s*min\)", re.M)
EXERCISE_ANY = re.compile(r"^###\s+Exercise\b", re.M)
STATED = re.compile(r"about (\d+) minutes(?:, plus (\d+) minutes of bonus)?")


def _src(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def stats(path: Path, run: bool = False) -> dict:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    md = [_src(c) for c in cells if c["cell_type"] == "markdown"]
    code = [_src(c) for c in cells if c["cell_type"] == "code"]
    code = [c for c in code if not c.lstrip().startswith("# Setup")]
    prose = "\n".join(re.sub(r"\(data:image[^)]*\)", "", m) for m in md)
    words = len(re.findall(r"[A-Za-z0-9][\w'.-]*", prose))
    lines = sum(1 for c in code for ln in c.splitlines() if ln.strip())
    stubs = sum(1 for c in code if STUB in c and CHECK.search(c))
    in_view = sum(1 for c in code if STUB not in c and CHECK.search(c))
    heads = [m for m in md for _ in EXERCISE_ANY.finditer(m)]
    written = max(0, sum(len(EXERCISE_ANY.findall(m)) for m in md) - stubs)
    ex_minutes = sum(int(x) for m in md for x in EXERCISE_HEAD.findall(m))
    widgets = sum(1 for c in code if WIDGET.search(c) and "quiz" not in c)
    quiz_n = 0
    if any("eu.quiz.show(" in c for c in code):
        from emergence_utils import quiz
        quiz_n = len(quiz.load(path.name[:2]))
    stated = STATED.search(md[0]) if md else None
    seconds = None
    if run:
        from emergence_utils import testing
        t0 = time.perf_counter()
        result = testing.run_notebook(path)
        seconds = time.perf_counter() - t0
        widgets = len(result.live_figures)  # counted from the run: every interactive figure
    estimate = words / 150 + lines * 5 / 60 + ex_minutes + 2 * widgets + quiz_n + (seconds or 0) / 60
    return {"notebook": path.stem, "words": words, "code_lines": lines, "coding_ex": stubs,
            "in_view": in_view, "written_ex": written, "widgets": widgets, "quiz": quiz_n,
            "stated_min": int(stated.group(1)) if stated else None,
            "bonus_min": int(stated.group(2) or 0) if stated else None,
            "run_s": None if seconds is None else round(seconds, 1),
            "estimate_min": round(estimate), "exercise_headings": len(heads)}


def main(argv: list[str]) -> int:
    run = "--run" in argv
    rows = [stats(p, run) for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
    cols = ["notebook", "words", "code_lines", "coding_ex", "in_view", "written_ex", "widgets",
            "quiz", "stated_min", "bonus_min", "run_s", "estimate_min"]
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(str(r[c]) for c in cols))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
