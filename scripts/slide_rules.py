"""How a notebook becomes slides, and how many words each slide shows.

The deck (``make slides``) is cut from the cells' ``slideshow.slide_type`` metadata, which
``scripts/nbtool.py fix`` writes with :func:`slide_types`:

- the setup cell and cells tagged ``skip-slide`` are left out of the deck (``skip``);
- cells tagged ``notes`` (speaker notes for the presenter) and ``off-slide`` (prose that readers of
  the notebook need but the slide does not show) become speaker notes (``notes``);
- an H1 or H2 heading starts a slide, an H3 heading or a cell tagged ``new-slide`` a sub-slide;
- any other cell joins the current slide, unless its words would take the slide over
  :data:`WORD_LIMIT`: then it starts a sub-slide of its own (a single cell over the limit is
  reported by :func:`problems`; split it or move part of it off the slide).

"Visible words" are counted by :func:`visible_words`: for markdown, the words a reader sees once
the markdown is rendered (link and emphasis syntax, HTML tags, images and the bodies of closed
``<details>`` blocks are not counted; their summaries are); for code, the whitespace-separated
tokens of the source (comments included). Outputs are not counted here: they exist only after a
run, and the browser test of the built decks checks that they fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["WORD_LIMIT", "Slide", "visible_words", "slide_types", "slides", "problems"]

#: Most visible words one slide may carry (issue 15: "no slide over 120 words").
WORD_LIMIT = 120

_DETAILS = re.compile(r"<details\b[^>]*>(.*?)</details>", re.S | re.I)
_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary>", re.S | re.I)
_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")


def _src(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def markdown_words(text: str) -> int:
    """Words of rendered markdown ``text`` (see the module docstring for what counts)."""
    def summary_only(m: re.Match[str]) -> str:
        s = _SUMMARY.search(m.group(1))
        return f" {s.group(1)} " if s else " "

    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = _DETAILS.sub(summary_only, text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)          # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)       # links keep their text
    text = re.sub(r"<[^>]+>", " ", text)                        # HTML tags
    return len(_WORD.findall(text))


def visible_words(cell: dict) -> int:
    """Words a cell shows on a slide: rendered markdown words, or code tokens."""
    if cell.get("cell_type") == "markdown":
        return markdown_words(_src(cell))
    if cell.get("cell_type") == "code":
        return len(_src(cell).split())
    return 0


def _base_type(cell: dict, is_setup: bool) -> str:
    tags = _tags(cell)
    if is_setup or "skip-slide" in tags:
        return "skip"
    if tags & {"notes", "off-slide"}:
        return "notes"
    if cell.get("cell_type") == "markdown":
        text = _src(cell).lstrip()
        first = text.splitlines()[0] if text else ""
        if re.match(r"^#{1,2} ", first):
            return "slide"
        if first.startswith("### "):
            return "subslide"
    if "new-slide" in tags:
        return "subslide"
    return "-"


def slide_types(cells: list[dict], setup_index: int | None) -> list[str]:
    """The ``slideshow.slide_type`` of every cell (rules in the module docstring)."""
    out, words = [], 0
    for i, cell in enumerate(cells):
        kind = _base_type(cell, i == setup_index)
        if kind in ("skip", "notes"):
            out.append(kind)
            continue
        n = visible_words(cell)
        if kind == "-" and words and words + n > WORD_LIMIT:
            kind = "subslide"
        words = n if kind in ("slide", "subslide") else words + n
        out.append(kind)
    return out


@dataclass
class Slide:
    """One slide of a deck: its cells (indices into the notebook) and visible words."""

    number: int
    cells: list[int] = field(default_factory=list)
    words: int = 0
    notes: list[int] = field(default_factory=list)

    def title(self, nb: dict) -> str:
        """The first line of the slide's first cell (for messages)."""
        first = _src(nb["cells"][self.cells[0]]).strip().splitlines() if self.cells else []
        return first[0][:70] if first else "(empty)"


def slides(nb: dict) -> list[Slide]:
    """The slides of a notebook, read from its ``slideshow.slide_type`` metadata."""
    out: list[Slide] = []
    for i, cell in enumerate(nb["cells"]):
        kind = cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")
        if kind == "skip":
            continue
        if kind == "notes":
            if out:
                out[-1].notes.append(i)
            continue
        if kind in ("slide", "subslide") or not out:
            out.append(Slide(len(out) + 1))
        out[-1].cells.append(i)
        out[-1].words += visible_words(cell)
    return out


def problems(nb: dict, name: str) -> list[str]:
    """Slides over :data:`WORD_LIMIT` visible words, named by slide number, cell and title."""
    probs = []
    for s in slides(nb):
        if s.words > WORD_LIMIT:
            probs.append(f"{name}: slide {s.number} (cells {s.cells[0]}-{s.cells[-1]}, "
                         f"{s.title(nb)!r}) shows {s.words} words; the limit is {WORD_LIMIT}: "
                         "split the cell or tag part of it 'off-slide' (it becomes speaker notes)")
    return probs
