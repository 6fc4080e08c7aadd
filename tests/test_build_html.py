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


# --- course pages and links ----------------------------------------------------------------------

def test_render_markdown_github_anchors_tables_and_raw_html() -> None:
    out = bh.render_markdown("# Plan A: a 90-minute seminar\n\n## Reading\n\n## Reading\n\n"
                             '<a id="token"></a>**Token.** A piece of text.\n\n'
                             "| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert '<h1 id="plan-a-a-90-minute-seminar">' in out
    assert '<h2 id="reading">' in out and '<h2 id="reading-1">' in out
    assert '<a id="token"></a><strong>Token.</strong>' in out
    assert "<table>" in out and "<td>1</td>" in out


@pytest.mark.parametrize(("source_dir", "href", "expected"), [
    ("notebooks", "../GLOSSARY.md#token", "GLOSSARY.html#token"),
    ("notebooks", "../SYLLABUS.md", "SYLLABUS.html"),
    ("notebooks", "03_few_shot_emergence.ipynb", "03_few_shot_emergence.html"),
    ("notebooks", "03_few_shot_emergence.ipynb#Quiz", "03_few_shot_emergence.html#Quiz"),
    ("", "notebooks/05_partial_credit_metrics.ipynb", "05_partial_credit_metrics.html"),
    ("", "GLOSSARY.md#pf-day", "GLOSSARY.html#pf-day"),
    ("", "PROJECTS.md", "PROJECTS.html"),
    ("", "#materials", "#materials"),
    ("", "https://arxiv.org/abs/2206.07682", "https://arxiv.org/abs/2206.07682"),
    ("", "CONTRIBUTING.md", bh.REPO_URL + "CONTRIBUTING.md"),
    ("", "no/such/file.md", "no/such/file.md"),
])
def test_rewrite_links(source_dir: str, href: str, expected: str) -> None:
    page = f'<p><a href="{href}">x</a></p>'
    assert bh.rewrite_links(page, source_dir) == f'<p><a href="{expected}">x</a></p>'


def test_rewrite_links_in_decks_lead_to_decks() -> None:
    page = '<a href="../GLOSSARY.md#nats">nats</a> <a href="08_emergence_lab.ipynb">lab</a>'
    out = bh.rewrite_links(page, "notebooks", ".slides.html")
    assert 'href="GLOSSARY.html#nats"' in out and 'href="08_emergence_lab.slides.html"' in out


def test_link_problems(tmp_path: Path) -> None:
    (tmp_path / "GLOSSARY.html").write_text('<p><a id="token"></a>Token</p>', encoding="utf-8")
    page = ('<h2 id="top">T</h2><a href="#top">up</a> <a href="GLOSSARY.html#token">token</a> '
            '<a href="https://example.org/#x">web</a> <a href="03_x.html">later</a>')
    assert bh.link_problems(page, tmp_path, "p.html", optional={"03_x.html"}) == []
    bad = ('<a href="#nowhere">a</a> <a href="GLOSSARY.html#tokens">b</a> '
           '<a href="SYLLABUS.html">c</a>')
    assert bh.link_problems(bad, tmp_path, "p.html") == [
        "p.html: link #nowhere names no anchor of the page",
        "p.html: link GLOSSARY.html#tokens: GLOSSARY.html has no anchor 'tokens'",
        "p.html: link SYLLABUS.html leads to a missing file",
    ]


def test_course_pages_are_offline_and_every_link_resolves(tmp_path: Path) -> None:
    pages = bh.write_course_pages(tmp_path)
    names = {p.name for p in pages}
    assert names == {"README.html", "SYLLABUS.html", "PROJECTS.html", "GLOSSARY.html"}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert bh.offline_problems(text, tmp_path, page.name) == []
        assert 'class="emergence-course-nav"' in text and ".md\"" not in text
    assert bh.folder_link_problems(tmp_path, pages, ".html") == []
    glossary = (tmp_path / "GLOSSARY.html").read_text(encoding="utf-8")
    from glossary_links import TERMS  # every term the notebooks link to has its anchor

    assert set(TERMS) <= bh.page_anchors(glossary)
    readme = (tmp_path / "README.html").read_text(encoding="utf-8")
    assert 'href="00_index.html"' in readme and 'href="SYLLABUS.html"' in readme


def test_notebook_page_glossary_link_resolves(tmp_path: Path) -> None:
    """A notebook's ``../GLOSSARY.md#token`` leads to an anchor of the built glossary, in the
    HTML page and in the deck (whose folder gets its own copy of the course pages)."""
    nb_dir = tmp_path / "repo" / "notebooks"
    nb_dir.mkdir(parents=True)
    (tmp_path / "repo" / "GLOSSARY.md").write_text('# Glossary\n\n<a id="token"></a>**Token.** x\n',
                                                   encoding="utf-8")
    nb = new_notebook(cells=[new_markdown_cell(
        "# T\n\nA [token](../GLOSSARY.md#token), a [bad one](../GLOSSARY.md#tokn) and "
        "[notebook 02](02_smooth_loss_scaling.ipynb).")])
    path = nb_dir / "01_t.ipynb"
    nbformat.write(nb, path)
    for exporter, suffix in ((bh._html_exporter(), ".html"), (bs.slides_exporter(), ".slides.html")):
        out = tmp_path / suffix.strip(".")
        course = bh.write_course_pages(out, suffix, root=tmp_path / "repo")
        body, _ = exporter.from_notebook_node(nb, resources=bh.export_resources(nb, path))
        body = bh.rewrite_links(body, "notebooks", suffix, tmp_path / "repo")
        assert 'href="GLOSSARY.html#token"' in body
        assert f'href="02_smooth_loss_scaling{suffix}"' in body
        page = out / f"01_t{suffix}"
        page.write_text(body, encoding="utf-8")
        assert bh.folder_link_problems(out, course + [page], suffix) == [
            f"01_t{suffix}: link GLOSSARY.html#tokn: GLOSSARY.html has no anchor 'tokn'"]
    html_page = (tmp_path / "html" / "01_t.html").read_text(encoding="utf-8")
    assert 'class="emergence-course-nav"' in html_page and 'href="GLOSSARY.html"' in html_page
