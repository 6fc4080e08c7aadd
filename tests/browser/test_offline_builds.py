"""``make slides`` and ``make html`` output works in a browser with the network blocked.

One notebook (the first with an interactive figure) is built with the real scripts into a
temporary folder, which is served on 127.0.0.1. The deck must initialise reveal.js, show every
image, typeset the math and navigate; the page must show every image with alt text and link the
course pages; in both, a glossary link (``../GLOSSARY.md#x`` in the notebook) must lead to an
anchor of the built ``GLOSSARY.html``; neither may request anything outside 127.0.0.1 or miss a
local file.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import labdriver as ld
import pytest

pytestmark = pytest.mark.browser

SCRIPTS = ld.REPO / "scripts"
_MATH = re.compile(r"(?<!\\)\$[^$\n]+\$|\\\(|\\\[|\$\$")


def _markdown(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "markdown"]


def _pick_notebook() -> Path | None:
    paths = sorted(ld.NOTEBOOKS.glob("*.ipynb"))
    with_figure = [p for p in paths if "LiveFigure" in p.read_text(encoding="utf-8")
                   or "_widget(" in p.read_text(encoding="utf-8")]
    return (with_figure or paths or [None])[0]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, chromium) -> Iterator[tuple[Path, str]]:
    """(notebook, base URL) with ``<stem>.slides.html`` and ``<stem>.html`` built and served."""
    nb = _pick_notebook()
    if nb is None:
        pytest.fail(f"no notebooks in {ld.NOTEBOOKS}")
    out = tmp_path_factory.mktemp("offline-build")
    for script in ("build_slides.py", "build_html.py"):
        proc = subprocess.run([sys.executable, str(SCRIPTS / script), str(nb), "--out", str(out)],
                              capture_output=True, text=True, timeout=900, cwd=ld.REPO)
        assert proc.returncode == 0, f"{script} failed:\n{proc.stdout}\n{proc.stderr[-4000:]}"
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield nb, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def _images(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.images).map(i => ({
        src: i.src.slice(0, 60), alt: i.getAttribute('alt') || '',
        ok: i.complete && i.naturalWidth > 0}))""")


def _assert_clean(rec, what: str) -> None:
    assert not rec.requests.external, f"{what}: requests outside 127.0.0.1: {rec.requests.external}"
    assert not rec.failed_responses, f"{what}: local files failed: {rec.failed_responses}"
    assert not rec.page_errors, f"{what}: uncaught page errors: {rec.page_errors}"


def _follow_glossary_link(page, base: str, what: str) -> str:
    """Open the first ``GLOSSARY.html#anchor`` link of the page; assert the anchor exists."""
    href = page.evaluate("""() => { const a = document.querySelector('a[href^="GLOSSARY.html#"]');
                                    return a ? a.getAttribute('href') : null; }""")
    assert href, f"{what}: no link to the built glossary (GLOSSARY.html#...)"
    left = page.evaluate("""() => Array.from(document.querySelectorAll('a[href]'))
        .map(a => a.getAttribute('href'))
        .filter(h => !/^[a-z][a-z0-9+.-]*:/i.test(h) && /\\.(md|ipynb)(#|$)/.test(h))""")
    assert not left, f"{what}: relative links to .md or .ipynb files are left: {left}"
    page.goto(f"{base}/{href}", wait_until="load")
    anchor = href.split("#", 1)[1]
    assert page.evaluate("(id) => document.getElementById(id) !== null", anchor), \
        f"{what}: {href} names no anchor of the built glossary"
    return href


def _math_count(page, expect: bool) -> int:
    if not expect:
        return 0
    page.wait_for_function("() => document.querySelectorAll('mjx-container').length > 0",
                           timeout=20_000)
    return page.evaluate("() => document.querySelectorAll('mjx-container').length")


def test_slides_deck_offline(built, browser_page) -> None:
    nb, base = built
    page = browser_page.page
    page.goto(f"{base}/{nb.stem}.slides.html", wait_until="load")
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=20_000)
    n_sections = page.evaluate("() => document.querySelectorAll('.reveal .slides section').length")
    n_titles = sum(1 for md in _markdown(nb) if re.match(r"#{1,2} ", md.lstrip()))
    assert n_sections >= n_titles >= 1, (f"{nb.name}: {n_sections} slide sections for "
                                         f"{n_titles} H1/H2 cells")
    assert page.evaluate("() => Reveal.getTotalSlides()") >= n_titles
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => Reveal.getIndices().h === 1", timeout=5_000)
    images = _images(page)
    assert images and all(i["ok"] for i in images), f"{nb.name} deck: broken images {images}"
    math = _math_count(page, any(_MATH.search(md) for md in _markdown(nb)))
    _assert_clean(browser_page, f"{nb.name} deck")
    ld.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = ld.SCREENSHOTS / f"{nb.stem}.slides.png"
    page.screenshot(path=str(shot))
    link = _follow_glossary_link(page, base, f"{nb.name} deck")
    _assert_clean(browser_page, f"{nb.name} deck and glossary")
    print(f"\n{nb.name} deck: {n_sections} sections, {len(images)} images, {math} formulas; "
          f"{link} resolves; screenshot: {shot}")


def test_html_page_offline(built, browser_page) -> None:
    nb, base = built
    page = browser_page.page
    page.goto(f"{base}/{nb.stem}.html", wait_until="load")
    images = _images(page)
    assert images and all(i["ok"] for i in images), f"{nb.name} page: broken images {images}"
    missing_alt = [i["src"] for i in images if not i["alt"].strip()]
    assert not missing_alt, f"{nb.name} page: images without alt text: {missing_alt}"
    assert not page.evaluate("() => document.querySelectorAll('.jupyter-widgets').length"), \
        "static page contains widget views"
    math = _math_count(page, any(_MATH.search(md) for md in _markdown(nb)))
    _assert_clean(browser_page, f"{nb.name} page")
    nav = page.evaluate("() => Array.from(document.querySelectorAll('nav.emergence-course-nav a'))"
                        ".map(a => a.getAttribute('href'))")
    assert {"README.html", "SYLLABUS.html", "PROJECTS.html", "GLOSSARY.html"} <= set(nav), nav
    link = _follow_glossary_link(page, base, f"{nb.name} page")
    _assert_clean(browser_page, f"{nb.name} page and glossary")
    print(f"\n{nb.name} page: {len(images)} images, {math} formulas; {link} resolves")
