"""Every notebook follows the house skeleton (CONTRIBUTING.md) and is listed in the README.

Checks, per ``notebooks/*.ipynb``:

- ``scripts/nbtool.py check`` finds nothing (one H1, learning objectives, identical setup cell,
  badges, slide metadata, alt text on every image, no stored outputs or execution counts);
- the title cell gives a time estimate and a contents list;
- sections ``## Quiz`` (with an ``emergence_utils.quiz.Quiz``), ``## Summary`` and
  ``## References`` (non-empty), in this order;
- every code cell that builds a widget has a markdown cell just above it with a "Predict"
  prompt, and a ``<details>`` discussion above or right below it;
- markdown images point to files that exist;
- no code cell reaches the network;
- the README and the index notebook link every notebook.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import widget_cells

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
IDS = [p.name for p in NOTEBOOKS]
INDEX = NOTEBOOK_DIR / "00_index.ipynb"

#: Code that builds a widget (heuristic): a LiveFigure, or a call such as ``water_widget(`` or
#: ``.widget(``; quizzes are checked separately.
#: Code that would reach the network at run time.
NETWORK_CODE = re.compile(
    r"urlopen|urllib\.request|\brequests\.(get|post|put|head|request|Session)\b|http\.client"
    r"|\bsocket\.|(read_csv|read_json|read_parquet|read_table|load)\(\s*[rbf]?[\"']https?://"
    r"|\bwget\b|\bcurl\b|%pip|!pip")
TIME_ESTIMATE = re.compile(r"\b\d+\s*(?:-\s*\d+\s*)?(?:min|minutes|h|hours?)\b", re.IGNORECASE)


def _load_nbtool() -> Any:
    spec = importlib.util.spec_from_file_location("nbtool", ROOT / "scripts" / "nbtool.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


nbtool = _load_nbtool()


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _src(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _headings(nb: dict) -> list[tuple[int, str]]:
    """(cell index, heading line) of every markdown heading outside code fences."""
    out = []
    for i, c in enumerate(nb["cells"]):
        if c["cell_type"] != "markdown":
            continue
        fenced = False
        for line in _src(c).splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
            elif not fenced and re.match(r"#{1,6} ", line):
                out.append((i, line.strip()))
    return out


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_nbtool_check_passes(path: Path) -> None:
    problems = nbtool.check(_read(path), path.name)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_title_cell_has_time_estimate_and_contents(path: Path) -> None:
    first = _src(_read(path)["cells"][0])
    assert re.search(r"learning objectives", first, re.IGNORECASE), \
        f"{path.name}: the title cell has no 'Learning objectives'"
    assert TIME_ESTIMATE.search(first), f"{path.name}: no time estimate (e.g. '30 minutes')"
    # the contents list may follow on the next cell (its own sub-slide when the title is long)
    nxt = next((_src(c) for c in _read(path)["cells"][1:] if c["cell_type"] == "markdown"), "")
    assert re.search(r"\bcontents\b", first + nxt, re.IGNORECASE), \
        f"{path.name}: no Contents list in the title cell or the cell after it"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_quiz_summary_references_sections(path: Path) -> None:
    nb = _read(path)
    heads = _headings(nb)
    where = {}
    for name in ("Quiz", "Summary", "References"):
        found = [i for i, h in heads if re.fullmatch(rf"## (?:\d+\.\s*)?{name}\b.*", h)]
        assert found, f"{path.name}: no '## {name}' section"
        where[name] = found[0]
    assert where["Quiz"] <= where["Summary"] <= where["References"], \
        f"{path.name}: sections out of order (Quiz, Summary, References): {where}"
    following = [c for c in nb["cells"][where["Quiz"]:where["Summary"] + 1]
                 if c["cell_type"] == "code"]
    assert any("Quiz(" in _src(c) or "quiz.show(" in _src(c) for c in following), \
        f"{path.name}: the Quiz section has no code cell showing its quiz (eu.quiz.show)"
    refs = _src(nb["cells"][where["References"]]).split("## References", 1)[1]
    later = "".join(_src(c) for c in nb["cells"][where["References"] + 1:]
                    if c["cell_type"] == "markdown")
    assert re.search(r"\(\d{4}\)|\b(19|20)\d{2}\b", refs + later), \
        f"{path.name}: the References section lists no dated reference"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_widget_has_predict_prompt_and_discussion(path: Path) -> None:
    nb = _read(path)
    cells = nb["cells"]
    problems = []
    for i in widget_cells(nb):
        above = cells[i - 1] if i > 0 else None
        if above is None or above["cell_type"] != "markdown" or "Predict" not in _src(above):
            problems.append(f"code cell {i}: the cell just above has no 'Predict' prompt")
        below = []
        for c in cells[i + 1:]:
            if c["cell_type"] != "markdown":
                break
            below.append(_src(c))
        near = (_src(above) if above else "") + "".join(below)
        if "<details" not in near:
            problems.append(f"code cell {i}: no <details> discussion above or right below")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_markdown_images_exist(path: Path) -> None:
    missing = []
    for i, c in enumerate(_read(path)["cells"]):
        if c["cell_type"] != "markdown":
            continue
        srcs = re.findall(r"!\[[^\]]*\]\(([^)\s]+)", _src(c))
        srcs += re.findall(r"<img\b[^>]*\bsrc=[\"']([^\"']+)", _src(c))
        for src in srcs:
            if re.match(r"^(data:|attachment:)", src):
                continue
            if not (path.parent / src).resolve().is_file():
                missing.append(f"cell {i}: {src}")
    assert not missing, f"{path.name}: images not found:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_code_does_not_reach_the_network(path: Path) -> None:
    hits = []
    for i, c in enumerate(_read(path)["cells"]):
        src = _src(c)
        if c["cell_type"] != "code" or src == nbtool.SETUP_SOURCE:
            continue
        for m in NETWORK_CODE.finditer(src):
            hits.append(f"cell {i}: {m.group(0)!r}")
    assert not hits, f"{path.name}: network access in code cells:\n" + "\n".join(hits)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_readme_links_notebook(path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"\]\(\s*(?:\./)?notebooks/{re.escape(path.name)}\s*\)", readme), \
        f"README.md has no link to notebooks/{path.name}"


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p != INDEX],
                         ids=[p.name for p in NOTEBOOKS if p != INDEX])
def test_index_links_notebook(path: Path) -> None:
    assert INDEX.is_file(), "notebooks/00_index.ipynb is missing"
    text = "".join(_src(c) for c in _read(INDEX)["cells"] if c["cell_type"] == "markdown")
    assert re.search(rf"\]\(\s*(?:\./)?{re.escape(path.name)}\s*\)", text), \
        f"00_index.ipynb has no link to {path.name}"


def test_widget_heuristic_on_examples() -> None:
    nb = {"cells": [
        {"cell_type": "code", "source": nbtool.SETUP_SOURCE},
        {"cell_type": "code", "source": "eu.nature.water_widget(mass_kg=1.0)"},
        {"cell_type": "code", "source": "eu.widgets.LiveFigure(fig, update, controls, alt='x')"},
        {"cell_type": "code", "source": "eu.quiz.Quiz([q]).widget()"},
        {"cell_type": "code", "source": "eu.widgets.show(fig, alt='x')"},
        {"cell_type": "code", "source": "eu.fewshot.fig2_explorer()"},
        {"cell_type": "code", "source": "def my_widget(x):\n    return LiveFigure(x)"},
    ]}
    assert widget_cells(nb) == [1, 2, 5]
