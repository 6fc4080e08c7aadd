"""Check that every slide of the reveal.js decks fits a 1280 x 720 screen (issue 15).

Usage::

    python scripts/check_decks.py                             # every notebooks/*.ipynb
    python scripts/check_decks.py notebooks/03_*.ipynb --out /tmp/decks --json /tmp/decks.json
    python scripts/check_decks.py notebooks/03_*.ipynb --no-build --out build/slides
    python scripts/check_decks.py --markdown deck_report.md     # every problem, as Markdown

The decks are built with ``scripts/build_slides.py`` (each notebook is executed with the
``emergence_utils`` found first on ``PYTHONPATH``, so ``PYTHONPATH=$PWD python
/work/main/scripts/check_decks.py notebooks/03_*.ipynb`` checks your own worktree's notebook and
package), the folder is served on 127.0.0.1, and each deck is opened in headless Chromium
(Debian's ``/usr/bin/chromium``; ``EMERGENCE_CHROMIUM`` overrides) at a 1280 x 720 viewport.
Requests to any other host are blocked. Every slide and every fragment is visited
(``Reveal.slide(h, v, f)``) once the images are loaded and MathJax has typeset the page, and
the check reports, per deck:

- the number of slides (``Reveal.getTotalSlides()``), which must equal the number of slides
  :func:`slide_rules.slides` reads from the notebook's metadata;
- every **overflow**: a visible element of the current slide (heading, paragraph, list item,
  code block, table, image, formula, output) whose box, or whose text, reaches beyond the
  slide's box at the bottom, right, top or left by more than :data:`TOLERANCE_PX`; and every
  element **cut by its own scroll box** (``overflow`` not ``visible`` and ``scrollWidth >
  clientWidth``, e.g. a code line hidden behind a horizontal scroll bar), with the slide
  (``h/v``, its number and first heading), the element (tag, classes, first 60 characters) and
  the amount in screen pixels at 1280 x 720;
- the **words** of visible rendered markdown on each slide (speaker notes, code, outputs,
  formulas and closed ``<details>`` bodies not counted), checked against
  :data:`slide_rules.WORD_LIMIT`.

``make check-slides`` runs it on every notebook and writes ``build/slides/check.md``. The exit
status is 1 when any deck has a problem. The functions are importable:
``tests/browser/test_decks.py`` builds every deck once and calls :func:`check_deck` on each.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import shutil
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import slide_rules  # noqa: E402
from build_html import notebook_paths  # noqa: E402

__all__ = ["VIEWPORT", "TOLERANCE_PX", "Overflow", "SlideInfo", "DeckReport", "build_decks",
           "serve", "launch_chromium", "new_page", "check_deck", "check_decks", "format_report",
           "markdown_report"]

#: Screen size the decks must fit (a 720p projector), in CSS pixels.
VIEWPORT = {"width": 1280, "height": 720}
#: Overflow smaller than this (screen pixels) is rounding, not a cut.
TOLERANCE_PX = 2.0
#: Chromium flags (as ``tests/browser/labdriver.py``): no sandbox, GPU or background requests.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic",
                 "--no-first-run"]


@dataclass
class Overflow:
    """One element that does not fit its slide.

    Attributes
    ----------
    h, v, f : int
        reveal.js indices of the slide (horizontal, vertical) and fragment (-1: none shown).
    slide : int
        The slide's number in the deck (1-based, as :func:`slide_rules.slides` counts).
    title : str
        The slide's first heading, or its first words.
    kind : str
        ``"bottom"``, ``"right"``, ``"top"`` or ``"left"`` (beyond the slide's box), or
        ``"scroll-x"`` / ``"scroll-y"`` (cut by the element's own scroll box).
    element : str
        Tag and classes, e.g. ``"pre.jp-RenderedText"``.
    text : str
        First 60 characters of the element's text (an image's alt text).
    pixels : float
        By how much, in screen pixels at the 1280 x 720 viewport.
    """

    h: int
    v: int
    f: int
    slide: int
    title: str
    kind: str
    element: str
    text: str
    pixels: float

    def __str__(self) -> str:
        frag = f" fragment {self.f}" if self.f >= 0 else ""
        where = ("beyond the slide's " + self.kind if self.kind in ("bottom", "right", "top", "left")
                 else "cut by its own " + ("horizontal" if self.kind == "scroll-x" else "vertical")
                 + " scroll box")
        return (f"slide {self.slide} ({self.h}/{self.v}{frag}, {self.title!r}): {self.element} "
                f"{self.text!r} {where} by {self.pixels:.0f} px")


@dataclass
class SlideInfo:
    """What one slide shows: indices, number, title and visible markdown words."""

    h: int
    v: int
    slide: int
    title: str
    words: int


@dataclass
class DeckReport:
    """The result of checking one deck (see the module docstring)."""

    name: str
    slides: int | None = None
    expected_slides: int | None = None
    slide_info: list[SlideInfo] = field(default_factory=list)
    overflows: list[Overflow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def max_words(self) -> int:
        """Most visible markdown words on one slide (0 for an empty deck)."""
        return max((s.words for s in self.slide_info), default=0)

    def over_limit(self) -> list[SlideInfo]:
        """Slides over :data:`slide_rules.WORD_LIMIT` visible words."""
        return [s for s in self.slide_info if s.words > slide_rules.WORD_LIMIT]

    def problems(self) -> list[str]:
        """Every problem as a line naming the deck and the slide; empty when the deck fits."""
        out = [f"{self.name}: {e}" for e in self.errors]
        if self.expected_slides is not None and self.slides != self.expected_slides:
            out.append(f"{self.name}: the deck has {self.slides} slides, the notebook's "
                       f"metadata {self.expected_slides} (scripts/slide_rules.py)")
        out += [f"{self.name}: slide {s.slide} ({s.h}/{s.v}, {s.title!r}) shows {s.words} words "
                f"of text; the limit is {slide_rules.WORD_LIMIT}" for s in self.over_limit()]
        out += [f"{self.name}: {o}" for o in self.overflows]
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (``--json``)."""
        d = asdict(self)
        d.update(max_words=self.max_words, word_limit=slide_rules.WORD_LIMIT,
                 problems=self.problems())
        return d


# --- building and serving ---------------------------------------------------------------------

def build_decks(paths: Iterable[Path], out_dir: Path, verbose: bool = True,
                no_input: bool = False) -> list[Path]:
    """Build the decks of ``paths`` into ``out_dir`` with ``scripts/build_slides.py``."""
    from build_slides import build_slides

    return build_slides(list(paths), out_dir, verbose=verbose, no_input=no_input)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free 127.0.0.1 port; yield the base URL (no trailing slash)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str | None:
    """The system Chromium (``EMERGENCE_CHROMIUM`` overrides), or None."""
    env = os.environ.get("EMERGENCE_CHROMIUM")
    for cand in ([env] if env else ["/usr/bin/chromium", "/usr/bin/chromium-browser",
                                    shutil.which("chromium")]):
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK):
            return cand
    return None


@contextlib.contextmanager
def launch_chromium() -> Iterator[Any]:
    """A headless system Chromium (playwright ``Browser``); never ``playwright install``."""
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    if exe is None:
        raise RuntimeError("no Chromium at /usr/bin/chromium (install Debian's 'chromium' or set "
                           "EMERGENCE_CHROMIUM)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def new_page(browser: Any) -> Iterator[Any]:
    """A 1280 x 720 page whose requests to hosts other than 127.0.0.1 are aborted."""
    context = browser.new_context(viewport=VIEWPORT)

    def route(r: Any) -> None:
        host = urlsplit(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


# --- measuring in the browser -----------------------------------------------------------------

#: Wait until every image is decoded and MathJax has typeset, then lay the deck out again.
_READY_JS = """async () => {
  await Promise.all(Array.from(document.images).map(i => i.complete ? null :
      new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  if (document.fonts && document.fonts.ready) { await document.fonts.ready; }
  Reveal.layout();
  return Reveal.getSlides().map(s => { const i = Reveal.getIndices(s); return [i.h, i.v || 0]; });
}"""

#: Go to slide (h, v, f) and wait two frames for the layout.
_GOTO_JS = """async ([h, v, f]) => {
  Reveal.slide(h, v, f);
  if (window.emergenceFitFigures) { emergenceFitFigures(); }
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const s = Reveal.getCurrentSlide();
  return {n: s.querySelectorAll('.fragment').length, idx: Reveal.getIndices()};
}"""

#: Measure the current slide: title, visible markdown words, overflowing elements.
_MEASURE_JS = """(tol) => {
  const slide = Reveal.getCurrentSlide();
  const box = document.querySelector('.reveal .slides').getBoundingClientRect();
  // The slide's box: the .slides element has the configured width/height, scaled to the screen.
  const scale = Reveal.getScale();
  const W = Reveal.getConfig().width * scale, H = Reveal.getConfig().height * scale;
  const left = box.left + (box.width - W) / 2, top = box.top + (box.height - H) / 2;
  const right = left + W, bottom = top + H;
  const shown = el => !el.closest('aside.notes') && (el.checkVisibility
      ? el.checkVisibility({checkOpacity: false, checkVisibilityCSS: true})
      : el.getClientRects().length > 0);
  const describe = el => {
    const cls = (el.getAttribute('class') || '').split(/\\s+/).filter(Boolean).slice(0, 2);
    const text = el.tagName === 'IMG' ? (el.getAttribute('alt') || el.getAttribute('src') || '')
        : (el.innerText || el.textContent || '');
    return [el.tagName.toLowerCase() + cls.map(c => '.' + c).join(''),
            text.replace(/\\s+/g, ' ').trim().slice(0, 60)];
  };
  const heading = slide.querySelector('h1, h2, h3, h4');
  const first = heading || slide.querySelector('.jp-RenderedMarkdown, .jp-InputArea-editor, pre');
  let title = first ? first.textContent.replace(/¶$/, '') : (slide.innerText || '');
  title = title.replace(/\\s+/g, ' ').trim().slice(0, 60);

  // Visible words of rendered markdown (not notes, code, outputs, formulas or anchors).
  const WORD = /[\\p{L}\\p{N}]+(?:['’.\\-][\\p{L}\\p{N}]+)*/gu;
  let words = 0;
  slide.querySelectorAll('.jp-RenderedMarkdown').forEach(md => {
    if (!shown(md) || md.closest('.jp-OutputArea')) return;  // outputs are not prose
    const walker = document.createTreeWalker(md, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const p = t.parentElement;
      if (!p || p.closest('mjx-container, a.anchor-link, aside.notes, script, style')) continue;
      if (!shown(p)) continue;
      words += (t.textContent.match(WORD) || []).length;
    }
  });

  // Elements beyond the slide's box (innermost only) and elements cut by their scroll box.
  const SEL = 'h1, h2, h3, h4, h5, h6, p, li, dt, dd, pre, table, img, svg, video, canvas, ' +
      'mjx-container, blockquote, summary, .jp-OutputArea-output, .jp-RenderedHTMLCommon > div';
  const TEXTY = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'P', 'LI', 'DT', 'DD', 'PRE',
                         'SUMMARY', 'BLOCKQUOTE']);
  const cands = Array.from(slide.querySelectorAll(SEL)).filter(el =>
      shown(el) && !(el.tagName.toLowerCase() === 'svg' && el.closest('mjx-container')));
  const over = new Map();
  for (const el of cands) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    let ext = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
    const cs = getComputedStyle(el);
    if (TEXTY.has(el.tagName) && cs.overflowX === 'visible' && cs.overflowY === 'visible') {
      const range = document.createRange();
      range.selectNodeContents(el);
      for (const q of range.getClientRects()) {
        if (q.width === 0 && q.height === 0) continue;
        ext = {left: Math.min(ext.left, q.left), top: Math.min(ext.top, q.top),
               right: Math.max(ext.right, q.right), bottom: Math.max(ext.bottom, q.bottom)};
      }
    }
    const d = {bottom: ext.bottom - bottom, right: ext.right - right,
               top: top - ext.top, left: left - ext.left};
    const kind = Object.keys(d).reduce((a, b) => d[a] >= d[b] ? a : b);
    if (d[kind] > tol) over.set(el, [kind, d[kind]]);
  }
  const out = [];
  for (const [el, [kind, px]] of over) {
    const inner = Array.from(over.keys()).some(o => o !== el && el.contains(o));
    if (!inner) out.push([kind, ...describe(el), px]);
  }
  for (const el of slide.querySelectorAll('*')) {
    if (el.closest('mjx-container') && el.tagName !== 'MJX-CONTAINER') continue;
    if (!shown(el)) continue;
    const cs = getComputedStyle(el);
    const dx = (el.scrollWidth - el.clientWidth) * scale;
    const dy = (el.scrollHeight - el.clientHeight) * scale;
    if (cs.overflowX !== 'visible' && el.clientWidth > 0 && dx > tol) {
      out.push(['scroll-x', ...describe(el), dx]);
    }
    if (cs.overflowY !== 'visible' && el.clientHeight > 0 && dy > tol) {
      out.push(['scroll-y', ...describe(el), dy]);
    }
  }
  return {title, words, overflows: out};
}"""


def _wait_ready(page: Any, url: str, timeout_ms: float) -> list[tuple[int, int]]:
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.Reveal && Reveal.isReady && Reveal.isReady()",
                           timeout=timeout_ms)
    return [tuple(hv) for hv in page.evaluate(_READY_JS)]


def check_deck(page: Any, url: str, notebook: Path | dict | None = None, name: str | None = None,
               timeout_ms: float = 60_000) -> DeckReport:
    """Open the deck at ``url`` in ``page`` and check every slide and fragment.

    Parameters
    ----------
    page : playwright Page
        A page with a 1280 x 720 viewport (:func:`new_page`).
    url : str
        The deck's URL (served over http, see :func:`serve`).
    notebook : Path or dict, optional
        The source notebook (path or parsed JSON); when given, its slide count from
        :func:`slide_rules.slides` is compared with the deck's.
    name : str, optional
        Name used in the messages (default: the notebook's or the URL's file name).
    timeout_ms : float
        How long (ms) to wait for reveal.js to start.
    """
    t0 = time.perf_counter()
    if isinstance(notebook, Path):
        name = name or notebook.name
        notebook = json.loads(notebook.read_text(encoding="utf-8"))
    report = DeckReport(name or url.rsplit("/", 1)[-1])
    if notebook is not None:
        report.expected_slides = len(slide_rules.slides(notebook))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    try:
        order = _wait_ready(page, url, timeout_ms)
    except Exception as exc:  # playwright timeout or navigation error: the deck did not start
        report.errors.append(f"the deck did not start: {type(exc).__name__}: {exc}"[:500])
        return report
    report.slides = page.evaluate("() => Reveal.getTotalSlides()")
    seen: set[tuple] = set()
    for number, (h, v) in enumerate(order, start=1):
        state = page.evaluate(_GOTO_JS, [h, v, -1])
        n_frag = state["n"]
        info = None
        for f in range(-1, n_frag):
            if f >= 0:
                page.evaluate(_GOTO_JS, [h, v, f])
            m = page.evaluate(_MEASURE_JS, TOLERANCE_PX)
            if info is None:
                info = SlideInfo(h, v, number, m["title"], m["words"])
            info.words = max(info.words, m["words"])
            for kind, element, text, px in m["overflows"]:
                key = (h, v, kind, element, text)
                if key in seen:
                    continue
                seen.add(key)
                report.overflows.append(Overflow(h, v, f, number, info.title, kind, element,
                                                 text, round(float(px), 1)))
        report.slide_info.append(info)
    report.errors += errors
    report.seconds = round(time.perf_counter() - t0, 2)
    return report


def check_decks(browser: Any, base_url: str, decks: Iterable[tuple[str, Path | None]],
                verbose: bool = True, every: bool = False) -> list[DeckReport]:
    """Check each ``(deck file name, notebook)`` served under ``base_url``; one page per deck."""
    reports = []
    for deck, nb in decks:
        with new_page(browser) as page:
            rep = check_deck(page, f"{base_url}/{deck}", nb, name=deck)
        reports.append(rep)
        if verbose:
            print(format_report(rep, every), flush=True)
    return reports


def format_report(rep: DeckReport, every: bool = False) -> str:
    """A text report of one deck: counts, then its problems.

    With ``every=False`` the overflows of one slide and kind are folded into one line when there
    are more than three (the first two elements, the count and the largest amount);
    ``every=True`` lists every element, as :meth:`DeckReport.problems` does.
    """
    head = (f"{rep.name}: {rep.slides} slides (notebook metadata: {rep.expected_slides}), "
            f"most words on a slide {rep.max_words} (limit {slide_rules.WORD_LIMIT}), "
            f"{len(rep.over_limit())} slides over the word limit, {len(rep.overflows)} "
            f"overflows on {len({(o.h, o.v) for o in rep.overflows})} slides, "
            f"checked in {rep.seconds:.1f} s")
    if every:
        return "\n".join([head] + ["  " + p for p in rep.problems()])
    lines = [head] + ["  " + p for p in DeckReport(rep.name, rep.slides, rep.expected_slides,
                                                     rep.slide_info, [], rep.errors).problems()]
    groups: dict[tuple, list[Overflow]] = {}
    for o in rep.overflows:
        groups.setdefault((o.slide, o.kind), []).append(o)
    for group in groups.values():
        if len(group) <= 3:
            lines += [f"  {rep.name}: {o}" for o in group]
            continue
        o, worst = group[0], max(group, key=lambda x: x.pixels)
        names = "; ".join(f"{x.element} {x.text[:40]!r}" for x in group[:2])
        lines.append(f"  {rep.name}: slide {o.slide} ({o.h}/{o.v}, {o.title!r}): {len(group)} "
                     f"elements {o.kind} ({names}; ...), up to {worst.pixels:.0f} px "
                     f"({worst.element} {worst.text[:40]!r})")
    return "\n".join(lines)


def markdown_report(reports: list[DeckReport]) -> str:
    """All decks as Markdown: a summary table, then per deck its slides over the word limit and
    every overflow (slide, where, element, pixels)."""
    lines = ["| deck | slides (deck / notebook) | most words on a slide | slides over "
             f"{slide_rules.WORD_LIMIT} words | overflows (slides) |", "|---|---|---|---|---|"]
    for r in reports:
        lines.append(f"| {r.name} | {r.slides} / {r.expected_slides} | {r.max_words} | "
                     f"{len(r.over_limit())} | {len(r.overflows)} "
                     f"({len({(o.h, o.v) for o in r.overflows})}) |")
    for r in reports:
        lines += ["", f"## {r.name}", ""]
        lines += [f"- {e}" for e in r.errors]
        if r.expected_slides is not None and r.slides != r.expected_slides:
            lines.append(f"- slide count: deck {r.slides}, notebook metadata {r.expected_slides}")
        for s in r.over_limit():
            lines.append(f"- slide {s.slide} ({s.h}/{s.v}, {s.title!r}): {s.words} words")
        by_slide: dict[int, list[Overflow]] = {}
        for o in r.overflows:
            by_slide.setdefault(o.slide, []).append(o)
        for number, group in by_slide.items():
            o = group[0]
            lines.append(f"- slide {number} ({o.h}/{o.v}, {o.title!r}): {len(group)} overflowing "
                         f"element(s), up to {max(x.pixels for x in group):.0f} px")
            lines += [f"  - {x.element} {x.text!r}: {x.kind} by {x.pixels:.0f} px" for x in group]
        if not r.problems():
            lines.append("- fits: no problem")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks (default: notebooks/*.ipynb)")
    parser.add_argument("--out", type=Path, default=Path("build") / "slides",
                        help="folder the decks are built into (default: build/slides under the "
                             "current folder)")
    parser.add_argument("--json", type=Path, help="also write the reports to this JSON file")
    parser.add_argument("--markdown", type=Path,
                        help="also write a Markdown report (table and every problem) to this file")
    parser.add_argument("--no-build", action="store_true",
                        help="check the decks already in --out instead of building them")
    parser.add_argument("--no-input", action="store_true",
                        help="build the decks without code cells (as build_slides --no-input)")
    parser.add_argument("-v", "--every", action="store_true",
                        help="list every overflowing element (default: fold long lists)")
    args = parser.parse_args(argv)
    paths = notebook_paths(args.notebooks)
    out = args.out.resolve()
    t0 = time.perf_counter()
    if not args.no_build:
        build_decks(paths, out, no_input=args.no_input)
    t1 = time.perf_counter()
    decks = [(f"{p.stem}.slides.html", p) for p in paths]
    missing = [d for d, _ in decks if not (out / d).is_file()]
    if missing:
        print(f"error: no deck {', '.join(missing)} in {out}", file=sys.stderr)
        return 1
    with serve(out) as base, launch_chromium() as browser:
        reports = check_decks(browser, base, decks, every=args.every)
    t2 = time.perf_counter()
    if args.json:
        args.json.write_text(json.dumps([r.to_dict() for r in reports], indent=1,
                                        ensure_ascii=False), encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(markdown_report(reports), encoding="utf-8")
    bad = sum(bool(r.problems()) for r in reports)
    print(f"{len(reports)} decks, {bad} with problems; built in {t1 - t0:.0f} s, checked in "
          f"{t2 - t1:.0f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
