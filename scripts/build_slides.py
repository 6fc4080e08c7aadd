"""Build offline reveal.js slide decks of the notebooks into ``build/slides/``.

Usage::

    python scripts/build_slides.py                    # every notebooks/*.ipynb
    python scripts/build_slides.py notebooks/03_*.ipynb --out /tmp/slides

Each notebook is executed in a fresh kernel with ``EMERGENCE_STATIC=1`` (interactive figures
become static images at their default values) and exported with nbconvert's slides exporter
through ``scripts/nbconvert_templates/emergence_slides``. Slide boundaries come from the cells'
``slideshow.slide_type`` metadata, which ``scripts/nbtool.py fix`` sets (H1/H2 start a slide, H3
a sub-slide, the setup cell is skipped, cells tagged ``notes`` or ``off-slide`` become speaker
notes: press ``S``). The collapsed ``<details><summary>Speaker notes`` wrapper of a ``notes`` cell
is removed first, so the speaker view shows the notes open.

Slides are 1280 x 720 CSS pixels (:data:`SLIDE_SIZE`). The template wraps code and output text
at the slide's edge, sets outputs and tables in a smaller font and shrinks the figures of a slide
that is taller than the screen; ``scripts/check_decks.py`` reports whatever still overflows.

The course pages (``README.md``, ``SYLLABUS.md``, ``PROJECTS.md``, ``GLOSSARY.md``) are rendered
next to the decks (``GLOSSARY.html`` ...; their links to notebooks lead to the decks), and a
deck's ``../GLOSSARY.md#token`` links become ``GLOSSARY.html#token``: the folder works on its
own, without ``make html``.

Nothing is loaded from a CDN: ``vendor/reveal.js`` and ``vendor/mathjax`` are copied into the
output folder and referenced by relative URLs (``--SlidesExporter.reveal_url_prefix=reveal.js``);
the template drops jQuery, require.js, mermaid and the widget manager. Every deck is checked
with :func:`build_html.offline_problems` and the build fails if anything remote is left.

Open ``build/slides/<name>.slides.html`` in a browser (double-click works; serving the folder,
e.g. ``python -m http.server -b 127.0.0.1 -d build/slides``, also loads the theme's font).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_html import (  # noqa: E402
    MATHJAX_REL,
    ROOT,
    TEMPLATES,
    check_links,
    copy_vendor,
    export_pages,
    notebook_paths,
    unwrap_speaker_notes,
    write_course_pages,
)

REVEAL_PREFIX = "reveal.js"
#: Width and height of a slide (CSS px): 16:9, shown 1:1 on a 1280 x 720 projector.
SLIDE_SIZE = (1280, 720)

__all__ = ["build_slides", "slides_exporter", "open_speaker_notes", "SLIDE_SIZE"]


def slides_exporter(no_input: bool = False):
    """The nbconvert SlidesExporter configured for offline decks (``no_input``: hide code)."""
    from nbconvert import SlidesExporter

    return SlidesExporter(exclude_input=no_input, exclude_input_prompt=no_input,
                          exclude_output_prompt=no_input,
                          template_name="emergence_slides",
                          extra_template_basedirs=[str(TEMPLATES)],
                          extra_template_paths=[str(TEMPLATES)],
                          reveal_url_prefix=REVEAL_PREFIX, reveal_theme="white",
                          reveal_transition="none", reveal_number="c/t",
                          reveal_width=str(SLIDE_SIZE[0]), reveal_height=str(SLIDE_SIZE[1]),
                          mathjax_url=MATHJAX_REL)


def open_speaker_notes(nb) -> None:
    """Unwrap the collapsed ``<details><summary>Speaker notes`` block of every cell tagged
    ``notes`` (in place), so that the speaker view (press ``S``) shows the notes open."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and "notes" in cell.get("metadata", {}).get("tags", []):
            src = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            cell["source"] = unwrap_speaker_notes(src)


def build_slides(paths: Iterable[Path], out_dir: Path, verbose: bool = True,
                 no_input: bool = False) -> list[Path]:
    """Execute each notebook and write ``out_dir/<name>.slides.html``; return the decks.

    ``no_input=True`` leaves the code cells out (figures, text and outputs only).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_vendor("reveal.js", out_dir)
    copy_vendor("mathjax", out_dir)
    course = write_course_pages(out_dir, ".slides.html")
    decks = export_pages(paths, out_dir, slides_exporter(no_input), ".slides.html", verbose,
                         prepare=open_speaker_notes)
    check_links(out_dir, course + decks, ".slides.html")
    return decks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks (default: notebooks/*.ipynb)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "slides",
                        help="output folder (default: build/slides)")
    parser.add_argument("--no-input", action="store_true",
                        help="leave the code out of the slides (outputs and text only)")
    args = parser.parse_args(argv)
    build_slides(notebook_paths(args.notebooks), args.out.resolve(), no_input=args.no_input)
    return 0


if __name__ == "__main__":
    sys.exit(main())
