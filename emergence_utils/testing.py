"""Run a notebook's code in this Python process (for tests and benchmarks).

nbval runs each notebook in a real kernel; this module runs the same code cells in-process so
that tests can reach the objects a notebook creates (its live figures and their controls), run
it twice and compare, run it from another working directory, or with the network blocked.
"""

from __future__ import annotations

import ast
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["code_cells", "fingerprint", "NotebookRun", "run_notebook", "texts_outside",
           "visible_texts", "texts_smaller_than", "smallest_text"]


def code_cells(path: str | Path) -> list[str]:
    """The notebook's code cells as plain Python (IPython magics turned into calls)."""
    from IPython.core.inputtransformer2 import TransformerManager

    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    tm = TransformerManager()
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        out.append(tm.transform_cell(src))
    return out


def fingerprint(obj: Any) -> str:
    """A stable digest of what a cell shows (PNG, HTML, a table's CSV or the repr)."""
    if obj is None:
        return "None"
    bundle = None
    if hasattr(obj, "_repr_mimebundle_"):
        bundle = obj._repr_mimebundle_()
    if bundle:
        key = next((k for k in ("image/png", "text/html", "text/plain") if k in bundle), None)
        payload = str(bundle[key]) if key else ""
        return f"{key}:{hashlib.sha256(payload.encode()).hexdigest()[:16]}"
    if hasattr(obj, "to_csv"):
        return "csv:" + hashlib.sha256(obj.to_csv().encode()).hexdigest()[:16]
    return "repr:" + hashlib.sha256(repr(obj).encode()).hexdigest()[:16]


@dataclass
class NotebookRun:
    """What :func:`run_notebook` returns: per-cell fingerprints and timings, the namespace and
    the live figures the notebook created."""

    path: Path
    fingerprints: list[str]
    seconds: list[float]
    namespace: dict[str, Any]
    live_figures: list[Any] = field(default_factory=list)


def run_notebook(path: str | Path, namespace: dict[str, Any] | None = None) -> NotebookRun:
    """Execute every code cell of a notebook in order, in-process.

    The value of each cell's last expression is fingerprinted (see :func:`fingerprint`), as a
    notebook front end would display it. Exceptions propagate with the cell number added.
    """
    from IPython.display import display  # noqa: F401  (notebooks may call display())

    from . import widgets

    before = set(map(id, widgets.live_figures()))
    ns: dict[str, Any] = {"__name__": "__main__", "display": display} if namespace is None \
        else namespace
    fps, secs = [], []
    for i, src in enumerate(code_cells(path)):
        tree = ast.parse(src)
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        t0 = time.perf_counter()
        try:
            exec(compile(tree, f"<{Path(path).name} cell {i}>", "exec"), ns)
            value = eval(compile(last, f"<{Path(path).name} cell {i}>", "eval"), ns) \
                if last is not None else None
            fps.append(fingerprint(value))
        except Exception as exc:
            raise RuntimeError(f"{Path(path).name}: code cell {i} failed: {exc!r}") from exc
        secs.append(time.perf_counter() - t0)
    live = [lf for lf in widgets.live_figures() if id(lf) not in before]
    return NotebookRun(Path(path), fps, secs, ns, live)


def visible_texts(fig: Any) -> list[Any]:
    """Every text a drawn figure shows: titles, labels, drawn tick labels, legends, notes...

    Tick labels are taken from the ticks drawn now (axes keep spare tick labels that are not
    drawn); other texts from ``fig.findobj``. Hidden texts, empty texts and texts of hidden
    axes are left out.
    """
    from matplotlib.text import Text

    found: list[Any] = []
    pool: set[int] = set()  # every tick label, drawn or not (axes keep spare ticks)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            pool |= {id(label) for tick in axis.get_major_ticks() + axis.get_minor_ticks()
                     for label in (tick.label1, tick.label2)}
            if ax.get_visible() and ax.axison and axis.get_visible():
                # the ticks drawn now (inside the view limits)
                found += [label for tick in axis._update_ticks()
                          for label in (tick.label1, tick.label2)]
    found += [t for t in fig.findobj(Text) if id(t) not in pool]
    out = []
    for text in found:
        if not text.get_visible() or not text.get_text().strip():
            continue
        if text.axes is not None and not text.axes.get_visible():
            continue
        out.append(text)
    return out


def texts_smaller_than(fig: Any, min_pt: float) -> list[tuple[float, str]]:
    """Visible texts of a figure whose font is smaller than ``min_pt`` points.

    Returns ``(size in points, text)`` pairs, smallest first; an empty list when every text
    is at least ``min_pt`` points (see :func:`visible_texts` for which texts count).
    """
    small = {(float(t.get_fontsize()), t.get_text()[:60]) for t in visible_texts(fig)
             if t.get_fontsize() < min_pt - 1e-9}
    return sorted(small)


def smallest_text(fig: Any) -> tuple[float, str] | None:
    """``(size in points, text)`` of the smallest visible text of a figure (None if none)."""
    texts = visible_texts(fig)
    if not texts:
        return None
    t = min(texts, key=lambda t: t.get_fontsize())
    return float(t.get_fontsize()), t.get_text()[:60]


def texts_outside(fig: Any, tolerance: float = 1.0) -> list[str]:
    """Visible texts of a drawn figure that stick out of it (would be cut off in the picture).

    Looks at titles, axis labels, tick labels, legends and every other text. A text clipped to
    its axes counts only if its visible part sticks out. Returns a description of each, naming
    the text and by how many pixels it leaves the figure; an empty list when everything fits.
    """
    from matplotlib.transforms import Bbox

    renderer = fig.canvas.get_renderer()
    frame = fig.bbox
    out = []
    for text in visible_texts(fig):
        box = text.get_window_extent(renderer)
        clip = text.get_clip_box() if text.get_clip_on() else None
        if clip is not None:
            box = Bbox.intersection(box, clip)
            if box is None:
                continue
        over = max(frame.x0 - box.x0, box.x1 - frame.x1, frame.y0 - box.y0, box.y1 - frame.y1)
        if over > tolerance:
            out.append(f"{text.get_text()[:40]!r} leaves the figure by {over:.0f} px")
    return out
