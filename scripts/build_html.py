"""Execute the notebooks with static figures and write offline HTML pages to ``build/html/``.

Usage::

    python scripts/build_html.py                      # every notebooks/*.ipynb
    python scripts/build_html.py notebooks/01_*.ipynb --out /tmp/html

Each notebook runs in a fresh kernel with ``EMERGENCE_STATIC=1``, so every interactive figure
(:class:`emergence_utils.widgets.LiveFigure`) and quiz is stored as a plain image or HTML instead
of a widget view. The pages use nbconvert's "lab" look through the template in
``scripts/nbconvert_templates/emergence_html``, which drops require.js, the widget manager and
mermaid (all loaded from CDNs by the stock template) and loads MathJax 3 from a copy of
``vendor/mathjax`` placed next to the pages. Images that markdown cells reference by a relative
path (the badges, figures in ``img/``) are embedded as data URIs, so a page works on its own.

The course materials in the repository root (``README.md``, ``SYLLABUS.md``, ``PROJECTS.md``,
``GLOSSARY.md``: :data:`COURSE_PAGES`) are rendered to ``README.html`` etc. in the same folder
(:func:`write_course_pages`, Markdown by mistune, the renderer nbconvert uses; headings get
GitHub's anchors, so ``SYLLABUS.md#materials`` works in both places). Links are rewritten for the
built folder (:func:`rewrite_links`): ``GLOSSARY.md#token`` and the notebooks' ``../GLOSSARY.md#token``
become ``GLOSSARY.html#token``, ``notebooks/03_x.ipynb`` and ``03_x.ipynb`` become ``03_x.html``;
a link to another file of the repository points at it on GitHub. Every notebook page starts with
a line of links to the course pages. ``make slides`` writes the same course pages next to the
decks (their notebook links lead to the decks), so a deck's glossary links work offline too.

The build fails, naming page and tag, if a page still references a script, style sheet, image or
font on another host, or a local file that is missing (:func:`offline_problems`), or if a link
leads to a missing page or to an anchor its page does not have (:func:`link_problems`).
"""

from __future__ import annotations

import argparse
import base64
import html
import mimetypes
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
VENDOR = ROOT / "vendor"
TEMPLATES = Path(__file__).resolve().parent / "nbconvert_templates"
MATHJAX_REL = "mathjax/es5/tex-svg-full.js"

#: TeX delimiters in markdown (as JupyterLab renders them): $...$, $$...$$, \(...\), \[...\].
_TEX = re.compile(r"(?<![\\$])\$[^$\n]+\$|\$\$|\\\(|\\\[|\\begin\{")

#: Cell execution limit (s) when building.
CELL_TIMEOUT = 600

__all__ = ["has_math", "execute_notebook", "embed_local_images", "offline_problems", "copy_vendor",
           "build_html", "notebook_paths", "unwrap_speaker_notes", "COURSE_PAGES",
           "render_markdown", "rewrite_links", "write_course_pages", "link_problems"]

#: Course materials (Markdown in the repository root) rendered next to the notebook pages.
COURSE_PAGES = ("README.md", "SYLLABUS.md", "PROJECTS.md", "GLOSSARY.md")
#: Titles of the course pages in the navigation line.
COURSE_TITLES = {"README.md": "Home", "SYLLABUS.md": "Syllabus", "PROJECTS.md": "Projects",
                 "GLOSSARY.md": "Glossary"}
#: The repository on GitHub (as in the notebooks' Colab badges): links to other files go there.
REPO_URL = "https://github.com/emergence-notebooks/emergence-notebooks/blob/main/"

#: A speaker-notes wrapper: ``<details><summary>Speaker notes...</summary> BODY </details>``.
_NOTES_DETAILS = re.compile(
    r"<details\b[^>]*>\s*<summary\b[^>]*>\s*(?:<[^>]+>\s*)*speaker notes\b.*?</summary>"
    r"(.*?)</details>", re.S | re.I)


def unwrap_speaker_notes(text: str) -> str:
    """Open the speaker notes of a ``notes`` cell: drop its collapsed ``<details>`` wrapper.

    In the notebook, a cell tagged ``notes`` keeps its notes collapsed under
    ``<details><summary>Speaker notes</summary> ... </details>``; the deck's speaker view and the
    instructor edition show them open. Text without such a wrapper is returned unchanged.
    """
    if not _NOTES_DETAILS.search(text):
        return text
    out = _NOTES_DETAILS.sub(lambda m: "\n\n" + m.group(1).strip() + "\n\n", text)
    return re.sub(r"\n{3,}", "\n\n", out).strip("\n")


def notebook_paths(args: Iterable[str] = ()) -> list[Path]:
    """The notebooks named in ``args`` (all of ``notebooks/*.ipynb`` when empty), checked."""
    paths = [Path(a).resolve() for a in args] or sorted(NOTEBOOKS.glob("*.ipynb"))
    missing = [str(p) for p in paths if not p.is_file() or p.suffix != ".ipynb"]
    if missing:
        raise FileNotFoundError(f"notebooks: not a notebook file: {', '.join(missing)}")
    if not paths:
        raise FileNotFoundError(f"notebooks: no *.ipynb in {NOTEBOOKS}")
    return paths


def has_math(nb: nbformat.NotebookNode) -> bool:
    """Whether any markdown cell contains TeX (then the page loads the local MathJax)."""
    return any(_TEX.search(c.source) for c in nb.cells if c.cell_type == "markdown")


def export_resources(nb: nbformat.NotebookNode, path: Path) -> dict:
    """nbconvert resources for a notebook: name, folder, and whether to load MathJax."""
    return {"metadata": {"name": path.stem, "path": str(path.parent)},
            "emergence_math": has_math(nb), "emergence_nav": course_nav(None, path.parent.parent)}


def execute_notebook(path: Path, timeout: int = CELL_TIMEOUT) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh ``python3`` kernel with static figures.

    The kernel starts in the notebook's folder with ``EMERGENCE_STATIC=1``; its ``PYTHONPATH``
    is the caller's ``PYTHONPATH`` followed by this repository, so a package named on
    ``PYTHONPATH`` (another worktree's ``emergence_utils``) wins. Widget state is not stored.
    ``timeout`` is the per-cell limit in seconds.
    A failing cell raises ``nbclient.exceptions.CellExecutionError`` (with the notebook name).
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    env = dict(os.environ, EMERGENCE_STATIC="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [env.get("PYTHONPATH"), str(ROOT)]))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            store_widget_state=False,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute(env=env)
    except CellExecutionError as exc:
        raise RuntimeError(f"{path.name}: a cell failed ({exc.ename}: {exc.evalue}); "
                           "see the traceback above") from exc
    return nb


_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=)(["\'])(.*?)\2', re.IGNORECASE | re.DOTALL)


def embed_local_images(html: str, base: Path, root: Path = ROOT) -> str:
    """Replace relative ``<img src>`` paths by data URIs (resolved from ``base``, inside ``root``).

    Raises ``FileNotFoundError`` for a relative image that does not exist or lies outside the
    repository, so a broken picture fails the build instead of shipping.
    """
    def repl(m: re.Match[str]) -> str:
        src = m.group(3)
        if re.match(r"^(data:|[a-z][a-z0-9+.-]*:|//|#)", src, re.IGNORECASE):
            return m.group(0)
        target = (base / src.split("#")[0].split("?")[0]).resolve()
        if not target.is_relative_to(root.resolve()) or not target.is_file():
            raise FileNotFoundError(f"image {src!r} (from {base}) is not a file in {root}")
        mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        data = base64.b64encode(target.read_bytes()).decode("ascii")
        return f"{m.group(1)}{m.group(2)}data:{mime};base64,{data}{m.group(2)}"

    return _IMG_SRC.sub(repl, html)


#: Tags whose URL the browser loads by itself (``<a href>`` is a link and may point anywhere).
_LOADING_ATTR = re.compile(
    r"<(script|link|img|iframe|source|video|audio|embed|object|track|input)\b[^>]*?"
    r"\b(src|href|data|srcset|poster)\s*=\s*([\"'])(.*?)\3", re.IGNORECASE | re.DOTALL)
_CSS_URL = re.compile(r"(?:url\(\s*([\"']?)([^)\"']*)\1\s*\)|@import\s+([\"'])(.*?)\3)",
                      re.IGNORECASE)
_JS_IMPORT = re.compile(r"""(?:\bimport\s*\(\s*|\bfrom\s+)(["'])((?:https?:)?//[^"']*)\1""")
_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def offline_problems(html: str, page_dir: Path | None = None, name: str = "page") -> list[str]:
    """Every remote resource a page would load, and every missing local one.

    Parameters
    ----------
    html : str
        The page.
    page_dir : Path, optional
        Folder the page is written to; when given, relative URLs must name existing files.
    name : str
        Page name used in the messages.
    """
    probs: list[str] = []

    def check(url: str, what: str) -> None:
        url = url.strip()
        if not url or url.startswith(("data:", "blob:", "#", "about:", "javascript:")):
            return
        if _REMOTE.match(url):
            probs.append(f"{name}: {what} loads a remote URL {url[:120]}")
        elif page_dir is not None:
            local = (page_dir / url.split("#")[0].split("?")[0]).resolve()
            if not local.exists():
                probs.append(f"{name}: {what} refers to a missing local file {url}")

    for m in _LOADING_ATTR.finditer(html):
        tag, attr, url = m.group(1).lower(), m.group(2).lower(), m.group(4)
        if tag == "link" and re.search(r"rel=[\"']?(?:canonical|alternate)", m.group(0)):
            continue
        urls = [u.split()[0] for u in url.split(",") if u.strip()] if attr == "srcset" else [url]
        for u in urls:
            check(u, f"<{tag} {attr}>")
    for m in _CSS_URL.finditer(html):
        url = m.group(2) if m.group(2) is not None else m.group(4)
        if url and _REMOTE.match(url.strip()):
            check(url, "CSS url()/@import")
    for m in _JS_IMPORT.finditer(html):
        check(m.group(2), "JavaScript import")
    return probs


# --- course pages and links -------------------------------------------------------------------

def github_slug(text: str, seen: dict[str, int] | None = None) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens,
    ``-1``, ``-2`` ... appended to repeats (counted in ``seen``)."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).strip().lower()
    slug = re.sub(r"[^\w\- ]", "", text, flags=re.UNICODE).replace(" ", "-")
    if seen is not None:
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        if n:
            slug = f"{slug}-{n}"
    return slug


def render_markdown(text: str) -> str:
    """Markdown to HTML with mistune (tables, strikethrough, bare URLs, footnotes; raw HTML
    kept); headings get GitHub's anchors as ``id``."""
    import mistune

    seen: dict[str, int] = {}

    class _Renderer(mistune.HTMLRenderer):
        def heading(self, text: str, level: int, **attrs) -> str:
            return f'<h{level} id="{github_slug(text, seen)}">{text}</h{level}>\n'

    md = mistune.create_markdown(renderer=_Renderer(escape=False),
                                 plugins=["table", "strikethrough", "url", "footnotes"])
    return md(text)


_A_HREF = re.compile(r"""(<a\b[^>]*?\bhref=)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_NOTEBOOK = re.compile(r"^notebooks/(\d\d_[\w\-]+)\.ipynb$")


def rewrite_links(page: str, source_dir: str, notebook_suffix: str = ".html",
                  root: Path = ROOT) -> str:
    """Point the relative ``<a href>`` links of a page built from ``source_dir`` (``""`` for the
    repository root, ``"notebooks"``) at the built folder.

    A course page (:data:`COURSE_PAGES`) becomes ``NAME.html``, a notebook
    ``<stem><notebook_suffix>``; anchors are kept. A link to any other file of the repository
    points at it on GitHub (:data:`REPO_URL`). Links with a scheme, ``#anchor`` links and links
    that leave the repository are not changed.
    """
    def repl(m: re.Match[str]) -> str:
        url = html.unescape(m.group(3))
        if not url or url.startswith(("#", "/")) or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
            return m.group(0)
        path, _, anchor = url.partition("#")
        path = path.split("?")[0]
        rel = os.path.normpath(os.path.join(source_dir, path)).replace(os.sep, "/")
        if rel.startswith("../") or rel == "..":
            return m.group(0)
        if rel in COURSE_PAGES:
            new = rel[:-3] + ".html"
        elif _NOTEBOOK.match(rel):
            new = _NOTEBOOK.match(rel).group(1) + notebook_suffix
        elif (root / rel).exists():
            new = REPO_URL + rel
        else:
            return m.group(0)
        new += f"#{anchor}" if anchor else ""
        return f"{m.group(1)}{m.group(2)}{html.escape(new, quote=True)}{m.group(2)}"

    return _A_HREF.sub(repl, page)


def course_nav(current: str | None = None, root: Path = ROOT) -> str:
    """A line of links to the course pages that exist (``current`` is not a link)."""
    items = []
    for name in COURSE_PAGES:
        if not (root / name).is_file():
            continue
        title = COURSE_TITLES[name]
        items.append(f"<strong>{title}</strong>" if name == current
                     else f'<a href="{name[:-3]}.html">{title}</a>')
    return ('<nav class="emergence-course-nav" aria-label="Course materials">Emergence Notebooks: '
            + " · ".join(items) + "</nav>")


_COURSE_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
       sans-serif; line-height: 1.55; color: #1f2328; max-width: 52rem; margin: 0 auto;
       padding: 1.5rem 1.25rem 4rem; }
nav.emergence-course-nav { font-size: 0.95rem; padding: 0.5rem 0; border-bottom: 1px solid #d0d7de;
       margin-bottom: 1.5rem; }
h1, h2, h3 { line-height: 1.25; margin-top: 1.6em; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
       font-size: 0.9em; background: #f6f8fa; }
pre { padding: 0.8em; overflow-x: auto; white-space: pre-wrap; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #d0d7de; padding: 0.3em 0.6em; vertical-align: top; }
img { max-width: 100%; height: auto; }
a { color: #0b5cad; }
:target, a:target + strong { background: #fff6d6; }
"""


def course_page(name: str, root: Path = ROOT, notebook_suffix: str = ".html") -> str:
    """The offline HTML page of the course file ``root/name`` (Markdown): navigation, rendered
    text with links rewritten (:func:`rewrite_links`) and local images embedded."""
    text = (root / name).read_text(encoding="utf-8")
    first = next((ln for ln in text.splitlines() if ln.startswith("# ")), f"# {name}")
    title = html.escape(re.sub(r"[*_`]", "", first[2:]).strip())
    body = rewrite_links(render_markdown(text), "", notebook_suffix, root)
    body = embed_local_images(body, root, root=root)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{_COURSE_CSS}</style>\n</head>\n<body>\n"
            f"{course_nav(name, root)}\n<main>\n{body}</main>\n</body>\n</html>\n")


def write_course_pages(out_dir: Path, notebook_suffix: str = ".html",
                       root: Path = ROOT) -> list[Path]:
    """Write ``README.html``, ``SYLLABUS.html``, ``PROJECTS.html`` and ``GLOSSARY.html`` (those
    whose Markdown exists) to ``out_dir``; links to notebooks end in ``notebook_suffix``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = []
    for name in COURSE_PAGES:
        if not (root / name).is_file():
            continue
        page = course_page(name, root, notebook_suffix)
        target = out_dir / f"{name[:-3]}.html"
        probs = offline_problems(page, out_dir, target.name)
        if probs:
            raise RuntimeError("page is not offline:\n" + "\n".join(probs))
        target.write_text(page, encoding="utf-8")
        pages.append(target)
    return pages


_ID_ATTR = re.compile(r"""\b(?:id|name)\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def page_anchors(page: str) -> set[str]:
    """Every ``id`` and ``name`` of a page (HTML entities decoded)."""
    return {html.unescape(m.group(2)) for m in _ID_ATTR.finditer(page)}


def link_problems(page: str, page_dir: Path, name: str = "page",
                  optional: Iterable[str] = ()) -> list[str]:
    """Relative ``<a href>`` links of a page that lead nowhere: a missing file, or an anchor
    that the target page (or the page itself, for ``#anchor``) does not define.

    ``optional`` names files whose absence is not a problem (pages of notebooks that were not
    built this time).
    """
    probs: list[str] = []
    optional = set(optional)
    cache: dict[Path, set[str]] = {}
    own = page_anchors(page)
    for m in _A_HREF.finditer(page):
        url = html.unescape(m.group(3)).strip()
        if not url or re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.I):
            continue
        path, _, anchor = url.partition("#")
        path = path.split("?")[0]
        if not path:
            if anchor and anchor not in own:
                probs.append(f"{name}: link {url} names no anchor of the page")
            continue
        target = (page_dir / path).resolve()
        if not target.is_file():
            if path not in optional:
                probs.append(f"{name}: link {url} leads to a missing file")
            continue
        if anchor and target.suffix == ".html":
            if target not in cache:
                cache[target] = page_anchors(target.read_text(encoding="utf-8"))
            if anchor not in cache[target]:
                probs.append(f"{name}: link {url}: {path} has no anchor {anchor!r}")
    return probs


def folder_link_problems(out_dir: Path, built: Iterable[Path], suffix: str) -> list[str]:
    """:func:`link_problems` of every page in ``out_dir`` written by this build (``built``);
    links to pages of notebooks in ``notebooks/`` that were not built are not problems."""
    optional = {f"{p.stem}{suffix}" for p in NOTEBOOKS.glob("*.ipynb")}
    probs = []
    for page in built:
        probs += link_problems(page.read_text(encoding="utf-8"), out_dir, page.name, optional)
    return probs


def copy_vendor(name: str, out_dir: Path) -> Path:
    """Copy ``vendor/<name>`` to ``out_dir/<name>`` (replacing an older copy); return the copy."""
    src, dst = VENDOR / name, out_dir / name
    if not src.is_dir():
        raise FileNotFoundError(f"vendor/{name} is missing; see vendor/README.md")
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    return dst


def _html_exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="emergence_html", extra_template_basedirs=[str(TEMPLATES)],
                        extra_template_paths=[str(TEMPLATES)],
                        mathjax_url=MATHJAX_REL, embed_images=False)


def write_page(body: str, out: Path, nb_path: Path) -> Path:
    """Embed local images, check the page is offline, write it; return ``out``."""
    body = embed_local_images(body, nb_path.parent, root=nb_path.parent.parent)
    probs = offline_problems(body, out.parent, out.name)
    if probs:
        raise RuntimeError("page is not offline:\n" + "\n".join(probs))
    out.write_text(body, encoding="utf-8")
    return out


def build_html(paths: Iterable[Path], out_dir: Path, verbose: bool = True) -> list[Path]:
    """Write the course pages, execute each notebook and write ``out_dir/<name>.html``; return
    the notebook pages written. Fails if a link of any page written leads nowhere."""
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_vendor("mathjax", out_dir)
    course = write_course_pages(out_dir, ".html")
    pages = export_pages(paths, out_dir, _html_exporter(), ".html", verbose)
    check_links(out_dir, course + pages, ".html")
    return pages


def check_links(out_dir: Path, built: list[Path], suffix: str) -> None:
    """Raise ``RuntimeError`` listing :func:`folder_link_problems` if there are any."""
    probs = folder_link_problems(out_dir, built, suffix)
    if probs:
        raise RuntimeError("broken links:\n" + "\n".join(probs))


def export_pages(paths: Iterable[Path], out_dir: Path, exporter, suffix: str,
                 verbose: bool = True, prepare=None) -> list[Path]:
    """Execute each notebook, export it with ``exporter`` and write ``<stem><suffix>``.

    Shared by ``make html`` and ``make slides``; every page is checked by :func:`write_page`.
    ``prepare``, if given, is called on each executed notebook (in place) before the export.
    """
    pages = []
    for path in paths:
        t0 = time.perf_counter()
        nb = execute_notebook(path)
        if prepare is not None:
            prepare(nb)
        t1 = time.perf_counter()
        body, _ = exporter.from_notebook_node(nb, resources=export_resources(nb, path))
        body = rewrite_links(body, path.parent.name, suffix, path.parent.parent)
        pages.append(write_page(body, out_dir / f"{path.stem}{suffix}", path))
        if verbose:
            print(f"{pages[-1]}  (executed in {t1 - t0:.1f} s, "
                  f"exported in {time.perf_counter() - t1:.1f} s)")
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks (default: notebooks/*.ipynb)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "html",
                        help="output folder (default: build/html)")
    args = parser.parse_args(argv)
    build_html(notebook_paths(args.notebooks), args.out.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
