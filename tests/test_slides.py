"""Slides that can be presented: words per slide, speaker notes and glossary links.

The slide boundaries are read from each cell's ``slideshow.slide_type`` metadata (written by
``scripts/nbtool.py fix`` with the rules of ``scripts/slide_rules.py``); the built decks are
checked in a browser by ``tests/browser/test_decks.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import REPO, cell_source, load_script, widget_cells

slide_rules = load_script("slide_rules")
glossary_links = load_script("glossary_links")

NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
IDS = [p.stem[:2] for p in NOTEBOOKS]


def _nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _md(text: str, tags: list[str] | None = None, slide: str | None = None) -> dict:
    meta: dict = {"tags": tags or []}
    if slide:
        meta["slideshow"] = {"slide_type": slide}
    return {"cell_type": "markdown", "metadata": meta, "source": text}


def _code(text: str, slide: str | None = None) -> dict:
    meta = {"slideshow": {"slide_type": slide}} if slide else {}
    return {"cell_type": "code", "metadata": meta, "source": text, "outputs": []}


# ---------------------------------------------------------------- the rules themselves

def test_markdown_words_counts_what_a_reader_sees() -> None:
    text = ("## A title\n\nSee [the glossary](../GLOSSARY.md#token) and ![alt text here](x.png)."
            "\n<details><summary>Solution</summary>\n\nmany hidden words here\n</details>\n"
            "<!-- a comment --> `code` 10^{9}")
    # A, title, See, the, glossary, and, Solution, code, 10, 9
    assert slide_rules.markdown_words(text) == 10


def test_code_words_are_whitespace_tokens() -> None:
    assert slide_rules.visible_words(_code("x = f(a, b)  # add\nprint(x)")) == 7


def test_slide_types_start_a_subslide_before_the_limit() -> None:
    words = " ".join(["word"] * 70)
    cells = [_md("# Title"), _code("import x"), _md(f"## One\n{words}"), _md(words),
             _md(words, tags=["off-slide"]), _md("### Three"), _md("x", tags=["new-slide"]),
             _md("y", tags=["notes"])]
    assert slide_rules.slide_types(cells, 1) == [
        "slide", "skip", "slide", "subslide", "notes", "subslide", "subslide", "notes"]


def test_problems_name_the_slide_over_the_limit() -> None:
    nb = {"cells": [_md("## Big\n" + "w " * 130, slide="slide"), _md("note", slide="notes"),
                    _md("## Small\nw", slide="slide")]}
    probs = slide_rules.problems(nb, "x.ipynb")
    assert len(probs) == 1 and "slide 1" in probs[0] and "131 words" in probs[0], probs
    decks = slide_rules.slides(nb)
    assert [s.cells for s in decks] == [[0], [2]] and decks[0].notes == [1]


def test_glossary_links_first_use_only_and_skip_answers_code_and_references() -> None:
    nb = {"cells": [
        _md("# The `tokens` title about tokens\n\n<details><summary>Answer</summary>"
            "a token</details>\n\nEach token counts; another token."),
        _md("Speaker: tokens.", tags=["notes"]),
        _md("More tokens.\n\n## References\n\n- Scaling laws for models."),
    ]}
    glossary_links.link_first_uses(nb)
    first = nb["cells"][0]["source"]
    assert "Each [token](../GLOSSARY.md#token) counts; another token." in first
    assert first.count("GLOSSARY") == 1
    assert nb["cells"][1]["source"] == "Speaker: tokens."
    assert "GLOSSARY" not in nb["cells"][2]["source"]
    assert glossary_links.problems(nb, "x") == []


def test_glossary_problems_report_unlinked_and_unknown_anchors() -> None:
    nb = {"cells": [_md("FLOPs and [x](../GLOSSARY.md#no-such-term).")]}
    probs = glossary_links.problems(nb, "x")
    assert any("'FLOPs' is not linked" in p for p in probs), probs
    assert any("no-such-term" in p for p in probs), probs


def test_every_glossary_term_has_an_anchor() -> None:
    assert set(glossary_links.TERMS) == set(glossary_links.anchors())


# ---------------------------------------------------------------- the notebooks

@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_slide_over_the_word_limit(path: Path) -> None:
    assert slide_rules.problems(_nb(path), path.name) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_slide_metadata_follows_the_rules(path: Path) -> None:
    nb = _nb(path)
    cells = nb["cells"]
    setup = next(i for i, c in enumerate(cells) if "setup" in c["metadata"].get("tags", []))
    have = [c["metadata"].get("slideshow", {}).get("slide_type") for c in cells]
    assert have == slide_rules.slide_types(cells, setup), "run scripts/nbtool.py fix"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_first_use_of_every_glossary_term_is_linked(path: Path) -> None:
    assert glossary_links.problems(_nb(path), path.name) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_interactive_figure_has_speaker_notes(path: Path) -> None:
    """Each slide that shows an interactive figure carries speaker notes for it: what to ask
    the room, what the figure should show and the expected answer."""
    nb = _nb(path)
    cells = nb["cells"]
    widgets = set(widget_cells(nb))
    missing = []
    for s in slide_rules.slides(nb):
        live = any(i in widgets for i in s.cells)
        notes = [i for i in s.notes if "notes" in cells[i]["metadata"].get("tags", [])]
        if live and not notes:
            missing.append(f"slide {s.number} ({s.title(nb)!r})")
    assert not missing, f"{path.name}: interactive slides without speaker notes: {missing}"
    notes = [cell_source(c) for c in cells if "notes" in c["metadata"].get("tags", [])]
    assert len(notes) >= 3, f"{path.name}: {len(notes)} speaker notes; its main slides need them"
    for text in notes:
        assert text.lstrip().startswith("<details><summary>Speaker notes"), (
            f"{path.name}: speaker notes must open with <details><summary>Speaker notes..."
            f" (collapsed for students reading the notebook): {text[:80]!r}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_predict_prompt_is_shown_with_its_widget(path: Path) -> None:
    """On the deck, each interactive figure's "Predict" prompt is on the figure's slide or on the
    slide just before it (a tall figure gets a slide of its own), never in the speaker notes."""
    nb = _nb(path)
    cells = nb["cells"]
    slide_of = {i: s.number for s in slide_rules.slides(nb) for i in s.cells}
    problems = []
    for i in widget_cells(nb):
        if i not in slide_of:
            continue
        j = next((k for k in range(i - 1, -1, -1) if cells[k]["cell_type"] == "markdown"
                  and "Predict" in cell_source(cells[k])), None)
        if j is None or j not in slide_of:
            problems.append(f"cell {i}: its Predict prompt is not on a slide")
        elif slide_of[i] - slide_of[j] not in (0, 1):
            problems.append(f"cell {i}: Predict on slide {slide_of[j]}, figure on {slide_of[i]}")
    assert not problems, f"{path.name}: " + "; ".join(problems)
