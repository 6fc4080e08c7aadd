"""Unit tests of the offline checks and helpers in scripts/build_html.py (no kernel, no browser)."""

from __future__ import annotations

import base64
import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str):
    sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bh = _load("build_html")
bs = _load("build_slides")


@pytest.mark.parametrize("html", [
    '<script src="https://cdn.example.org/require.js"></script>',
    "<script src='//unpkg.com/reveal.js/dist/reveal.js'></script>",
    '<link rel="stylesheet" href="http://cdn.example.org/x.css">',
    '<img alt="a" src="https://example.org/a.png">',
    '<style>@import url(https://fonts.googleapis.com/css?family=Lato);</style>',
    '<style>@import "https://example.org/theme.css";</style>',
    '<style>.x { background: url("https://example.org/bg.png") }</style>',
    '<script type="module">import mermaid from "https://cdn.example.org/m.mjs";</script>',
    '<iframe src="https://www.youtube.com/embed/x"></iframe>',
])
def test_offline_problems_finds_remote_resources(html: str) -> None:
    probs = bh.offline_problems(html, name="p.html")
    assert len(probs) == 1 and probs[0].startswith("p.html: ") and "remote" in probs[0]


def test_offline_problems_allows_links_data_and_existing_local_files(tmp_path: Path) -> None:
    (tmp_path / "reveal.js").mkdir()
    (tmp_path / "reveal.js" / "reveal.css").write_text("")
    html = ('<a href="https://arxiv.org/abs/2206.07682">Wei et al.</a>'
            '<img alt="x" src="data:image/png;base64,AAAA">'
            '<link rel="stylesheet" href="reveal.js/reveal.css">'
            '<script>var u = "https://example.org";</script>')
    assert bh.offline_problems(html, tmp_path) == []
    missing = bh.offline_problems('<script src="mathjax/tex.js"></script>', tmp_path, "d")
    assert missing == ["d: <script src> refers to a missing local file mathjax/tex.js"]


def test_embed_local_images(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "img").mkdir(parents=True)
    (root / "notebooks").mkdir()
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    (root / "img" / "b.svg").write_bytes(svg)
    html = ('<p><img alt="badge" src="../img/b.svg"/> <img src="data:image/png;base64,AA" '
            'alt="x"/></p>')
    out = bh.embed_local_images(html, root / "notebooks", root=root)
    expected = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    assert f'src="{expected}"' in out and 'src="data:image/png;base64,AA"' in out
    with pytest.raises(FileNotFoundError, match="missing.png"):
        bh.embed_local_images('<img src="../img/missing.png">', root / "notebooks", root=root)
    (tmp_path / "outside.png").write_bytes(b"\x89PNG")  # exists, but outside the repository
    with pytest.raises(FileNotFoundError, match="outside.png"):
        bh.embed_local_images('<img src="../../outside.png">', root / "notebooks", root=root)


@pytest.mark.parametrize(("text", "expected"), [
    ("Loss $L(N) = (N_c/N)^{\\alpha}$ falls.", True),
    ("$$E = mc^2$$", True),
    ("inline \\(x^2\\)", True),
    ("It costs \\$5 per model.", False),
    ("No formulas, only <sub>c</sub>.", False),
])
def test_has_math(text: str, expected: bool) -> None:
    assert bh.has_math(new_notebook(cells=[new_markdown_cell(text)])) is expected


def test_notebook_paths_rejects_non_notebooks(tmp_path: Path) -> None:
    bad = tmp_path / "x.txt"
    bad.write_text("")
    with pytest.raises(FileNotFoundError, match="x.txt"):
        bh.notebook_paths([str(bad)])


def test_templates_render_offline_without_a_kernel(tmp_path: Path) -> None:
    """Export an unexecuted notebook with both templates: no remote resource, MathJax local."""
    nb = new_notebook(cells=[new_markdown_cell("# T\n\nA formula $x^2$.")])
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    path = nb_dir / "t.ipynb"
    nbformat.write(nb, path)
    for exporter, out in ((bh._html_exporter(), "t.html"),
                          (bs.slides_exporter(), "t.slides.html")):
        body, _ = exporter.from_notebook_node(nb, resources=bh.export_resources(nb, path))
        assert bh.offline_problems(body, name=out) == []
        assert f'src="{bh.MATHJAX_REL}"' in body
    assert 'src="reveal.js/dist/reveal.js"' in body and "Reveal.initialize" in body


@pytest.mark.parametrize(("text", "expected"), [
    ("<details><summary>Speaker notes</summary>\n\nAsk the room.\n\n</details>", "Ask the room."),
    ("<details open>\n<summary><strong>Speaker notes</strong> (2 min)</summary>\nAsk.\n</details>",
     "Ask."),
    ("Before.\n\n<details><summary>Speaker Notes</summary>Ask.</details>", "Before.\n\nAsk."),
    ("<details><summary>Discussion</summary>Kept.</details>",
     "<details><summary>Discussion</summary>Kept.</details>"),
    ("No wrapper.", "No wrapper."),
])
def test_unwrap_speaker_notes(text: str, expected: str) -> None:
    assert bh.unwrap_speaker_notes(text) == expected


def test_deck_shows_speaker_notes_open_and_slides_are_1280x720(tmp_path: Path) -> None:
    """A ``notes`` cell's collapsed wrapper is removed before the export: the speaker view
    (``<aside class="notes">``) shows the notes themselves, not a closed <details>."""
    nb = new_notebook(cells=[
        new_markdown_cell("# T", metadata={"slideshow": {"slide_type": "slide"}}),
        new_markdown_cell("<details><summary>Speaker notes</summary>\n\nASK-THE-ROOM\n\n</details>",
                          metadata={"tags": ["notes"], "slideshow": {"slide_type": "notes"}}),
        new_markdown_cell("Collapsed for readers. <details><summary>Discussion</summary>D"
                          "</details>", metadata={"slideshow": {"slide_type": "-"}}),
    ])
    bs.open_speaker_notes(nb)
    body, _ = bs.slides_exporter().from_notebook_node(
        nb, resources=bh.export_resources(nb, tmp_path / "t.ipynb"))
    aside = body[body.index('<aside class="notes">'):]
    aside = aside[:aside.index("</aside>")]
    assert "ASK-THE-ROOM" in aside and "<details" not in aside and "Speaker notes" not in aside
    assert "<summary>Discussion</summary>" in body  # other collapsed blocks stay collapsed
    assert f"width: {bs.SLIDE_SIZE[0]}," in body and f"height: {bs.SLIDE_SIZE[1]}," in body
    assert "emergenceScrollTallSlides" not in body and "overflowY" not in body
