"""Small helpers shared by test modules (not collected: no ``test_`` prefix)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]


def load_script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` as a module (the scripts folder is not a package)."""
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while executing
    spec.loader.exec_module(module)
    return module


#: Code that builds an interactive figure: a ``LiveFigure``, a ``*_widget(...)`` or an
#: ``*_explorer(...)`` call.
WIDGET_CODE = re.compile(r"LiveFigure|\w_widget\s*\(|\bwidget\s*\(|\w_explorer\s*\(")


def cell_source(cell: dict) -> str:
    """A notebook cell's source as one string (nbformat allows a list of lines)."""
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def widget_cells(nb: dict) -> list[int]:
    """Indices of the code cells that show an interactive figure (not a quiz, not the setup
    cell, not a cell that only defines functions)."""
    out = []
    for i, c in enumerate(nb["cells"]):
        src = cell_source(c)
        if (c["cell_type"] == "code" and WIDGET_CODE.search(src) and "Quiz(" not in src
                and "quiz.show(" not in src and not src.lstrip().startswith("# Setup")
                and not re.search(r"^\s*def ", src, re.M)):
            out.append(i)
    return out
