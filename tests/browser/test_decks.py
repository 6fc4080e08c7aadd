"""Every ``make slides`` deck fits a 1280 x 720 screen (issue 15), checked in Chromium.

Once per session every notebook is executed and built into a deck (``scripts/build_slides.py``,
into a temporary folder; this is the slow part: it runs every notebook), the folder is served on
127.0.0.1, and ``scripts/check_decks.py`` visits every slide and fragment of each deck. A deck
fails when

- its slide count differs from the one ``scripts/slide_rules.py`` reads from the notebook;
- a slide shows more than ``slide_rules.WORD_LIMIT`` words of rendered markdown;
- any element of a slide reaches beyond the slide's box, or is cut by its own scroll box.

The self-test builds a small deck here (no kernel: the outputs are written into the notebook)
with one of each fault planted, and checks that each is reported, and that a slide that fits,
a long code line (wrapped by the template) and a figure on a full slide (shrunk) are not.

Select one deck with ``-k 03``.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import labdriver as ld
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

pytestmark = pytest.mark.browser

SCRIPTS = ld.REPO / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))
check_decks = importlib.import_module("check_decks")
build_html = importlib.import_module("build_html")
build_slides = importlib.import_module("build_slides")
slide_rules = importlib.import_module("slide_rules")

NOTEBOOKS = sorted(ld.NOTEBOOKS.glob("*.ipynb"))


@pytest.fixture(scope="session")
def built_decks(tmp_path_factory: pytest.TempPathFactory, chromium) -> Iterator[tuple[Path, str]]:
    """(folder, base URL): every notebook's deck, built once and served on 127.0.0.1."""
    out = tmp_path_factory.mktemp("decks")
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(SCRIPTS / "build_slides.py"), "--out", str(out)]
                          + [str(p) for p in NOTEBOOKS],
                          capture_output=True, text=True, timeout=3600, cwd=ld.REPO)
    assert proc.returncode == 0, f"build_slides.py failed:\n{proc.stdout}\n{proc.stderr[-4000:]}"
    print(f"\nbuilt {len(NOTEBOOKS)} decks in {time.perf_counter() - t0:.0f} s")
    with check_decks.serve(out) as base:
        yield out, base


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_deck_fits_1280x720(path: Path, built_decks, chromium) -> None:
    _, base = built_decks
    with check_decks.new_page(chromium) as page:
        report = check_decks.check_deck(page, f"{base}/{path.stem}.slides.html", path)
    print("\n" + check_decks.format_report(report))
    assert report.slides and report.slide_info, f"{path.name}: the deck shows no slides"
    problems = report.problems()
    assert not problems, (f"{path.name}: {len(problems)} problems at 1280 x 720 "
                          "(scripts/check_decks.py):\n" + "\n".join(problems))


# --- the harness can fail --------------------------------------------------------------------

LONG_CODE = ("result = some_function(" + ", ".join(f"argument_{i}={i}" for i in range(30)) + ")")
WIDE_TEXT = "x" * 40 + " " + "".join(f"column_{i:02d} " for i in range(40))


def _html_output(html: str):
    return new_output("display_data", data={"text/html": html, "text/plain": "html"})


def _png_output(width: int, height: int):
    """A display_data output with an image of the given size (an SVG rendered as <img>)."""
    import base64

    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}'>"
           f"<rect width='{width}' height='{height}' fill='#88a'/></svg>")
    data = base64.b64encode(svg.encode()).decode()
    html = f'<img alt="planted figure" src="data:image/svg+xml;base64,{data}">'
    return _html_output(html)


def _slide(kind: str, text: str, **meta) -> nbformat.NotebookNode:
    return new_markdown_cell(text, metadata={"slideshow": {"slide_type": kind}, **meta})


def _code(source: str, outputs=(), kind: str = "-") -> nbformat.NotebookNode:
    cell = new_code_cell(source, metadata={"slideshow": {"slide_type": kind}})
    cell.outputs = list(outputs)
    cell.execution_count = 1
    return cell


def _planted_notebook() -> nbformat.NotebookNode:
    words = " ".join(f"word{i}" for i in range(130))
    items = "\n".join(f"- item {i} of a list that is far too long for one slide" for i in range(40))
    cells = [
        _slide("slide", "# FITS\n\nA short slide that fits."),
        _slide("slide", f"## TOO-TALL\n\n{items}"),
        _slide("slide", f"## TOO-MANY-WORDS\n\n{words}"),
        _slide("slide", "## LONG-CODE\n\nThe template wraps this code line."),
        _code(LONG_CODE),
        _slide("slide", "## SCROLL-BOX\n\nAn output cut by its own scroll bar."),
        _code("wide()", [_html_output(
            f'<div style="overflow-x: auto; width: 400px"><pre style="white-space: pre">'
            f"{WIDE_TEXT}</pre></div>")]),
        _slide("slide", "## RUNS-RIGHT\n\nText that cannot wrap."),
        _code("wide_table()", [_html_output(
            '<table style="white-space: nowrap"><tr>'
            + "".join(f"<td>column_value_{i:02d}</td>" for i in range(40)) + "</tr></table>")]),
        _slide("slide", "## FIGURE-SHRINKS\n\nA tall figure on a slide with some text."),
        _code("figure()", [_png_output(800, 900)]),
        _slide("slide", "## MD-OUTPUT\n\nA long markdown output is an output, not prose."),
        _code("summary()", [new_output("display_data", data={"text/markdown": words,
                                                             "text/plain": "md"})]),
        _slide("slide", "## NOTES\n\nThe notes below are long but not on the slide."),
        _slide("notes", "<details><summary>Speaker notes</summary>\n\n" + words * 3
               + "\n\n</details>", tags=["notes"]),
    ]
    return new_notebook(cells=cells)


@pytest.fixture(scope="module")
def planted_deck(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(deck URL, notebook path) of the planted deck, served on 127.0.0.1."""
    out = tmp_path_factory.mktemp("planted")
    nb = _planted_notebook()
    nb_dir = out / "notebooks"
    nb_dir.mkdir()
    path = nb_dir / "planted.ipynb"
    nbformat.write(nb, path)
    build_html.copy_vendor("reveal.js", out)
    build_slides.open_speaker_notes(nb)
    body, _ = build_slides.slides_exporter().from_notebook_node(
        nb, resources=build_html.export_resources(nb, path))
    assert build_html.offline_problems(body, out, "planted") == []
    (out / "planted.slides.html").write_text(body, encoding="utf-8")
    with check_decks.serve(out) as base:
        yield f"{base}/planted.slides.html", path


@pytest.fixture(scope="module")
def planted_report(planted_deck, chromium):
    url, path = planted_deck
    with check_decks.new_page(chromium) as page:
        report = check_decks.check_deck(page, url, path)
    print("\n" + check_decks.format_report(report, every=True))
    return report


def _by_title(report, title: str) -> list:
    return [o for o in report.overflows if title in o.title]


def test_check_counts_slides_and_words(planted_report) -> None:
    rep = planted_report
    assert rep.slides == rep.expected_slides == len(slide_rules.slides(_planted_notebook())) == 9
    words = {s.title: s.words for s in rep.slide_info}
    assert words["TOO-MANY-WORDS"] == 130 + 1  # the heading counts as one word
    assert [s.title for s in rep.over_limit()] == ["TOO-TALL", "TOO-MANY-WORDS"]
    # on slides of markdown only, the browser counts what slide_rules counts from the source
    static = slide_rules.slides(_planted_notebook())
    for info in rep.slide_info[:3]:
        assert info.words == static[info.slide - 1].words, info
    assert words["NOTES"] < 20, "speaker notes must not count as slide words"
    assert words["MD-OUTPUT"] < 20, "a markdown output must not count as slide words"
    assert any("TOO-MANY-WORDS" in p and "131 words" in p for p in rep.problems())


def test_check_catches_a_slide_too_tall(planted_report) -> None:
    tall = _by_title(planted_report, "TOO-TALL")
    assert tall and all(o.kind == "bottom" for o in tall)
    assert max(o.pixels for o in tall) > 300
    assert any(o.text.startswith("item 39") for o in tall)
    assert not any(o.text.startswith("item 0 ") for o in tall), "the first items fit"


def test_check_catches_text_cut_by_a_scroll_box(planted_report) -> None:
    cut = _by_title(planted_report, "SCROLL-BOX")
    assert [o.kind for o in cut] == ["scroll-x"] and cut[0].pixels > 100
    assert cut[0].element.split(".")[0] in ("div", "pre") and cut[0].text.startswith("xxxx")


def test_check_catches_content_beyond_the_right_edge(planted_report) -> None:
    right = _by_title(planted_report, "RUNS-RIGHT")
    assert any(o.kind in ("right", "scroll-x") and o.pixels > 200 for o in right), right


def test_template_wraps_long_code_and_shrinks_figures(planted_report) -> None:
    assert not _by_title(planted_report, "LONG-CODE"), "a long code line must wrap, not overflow"
    assert not _by_title(planted_report, "FIGURE-SHRINKS"), "the figure must shrink to fit"
    assert not _by_title(planted_report, "FITS") and not _by_title(planted_report, "NOTES")
    assert not _by_title(planted_report, "MD-OUTPUT")


def test_check_reports_a_slide_count_mismatch(planted_deck, chromium) -> None:
    url, _ = planted_deck
    nb = _planted_notebook()
    nb.cells[3].metadata["slideshow"]["slide_type"] = "-"  # metadata now says one slide fewer
    with check_decks.new_page(chromium) as page:
        rep = check_decks.check_deck(page, url, nb, name="planted")
    assert rep.slides == 9 and rep.expected_slides == 8
    assert ("planted: the deck has 9 slides, the notebook's metadata 8 (scripts/slide_rules.py)"
            in rep.problems())
