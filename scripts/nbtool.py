"""Keep the notebooks in the house format.

Usage::

    python scripts/nbtool.py fix notebooks/*.ipynb     # normalise in place
    python scripts/nbtool.py check notebooks/*.ipynb   # exit 1 and list problems
    python scripts/nbtool.py from-percent SRC.py OUT.ipynb

``fix`` strips outputs and execution counts, makes the first code cell the identical setup cell,
puts the Colab/Binder badges (inline SVG images) right under the H1 title and sets ``slideshow.slide_type`` on
every cell from the rules of ``scripts/slide_rules.py`` (H1/H2 start a slide, H3 a sub-slide, a
slide never grows past 120 visible words, the setup cell and cells tagged ``skip-slide`` are
skipped, cells tagged ``notes`` or ``off-slide`` become speaker notes). It also links the first
use of each glossary term to ``GLOSSARY.md`` (``scripts/glossary_links.py``). ``check`` reports
what ``fix`` would change, slides over the word limit and unlinked first uses.

``from-percent`` turns a script in the "percent" format (cells separated by ``# %%`` and
``# %% [markdown]`` lines, markdown lines commented with ``# ``) into a notebook, then fixes it.
"""

from __future__ import annotations

import base64
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(Path(__file__).resolve().parent))

import glossary_links  # noqa: E402
import slide_rules  # noqa: E402

from emergence_utils import REPO_URL  # noqa: E402

_GH = REPO_URL.removeprefix("https://github.com/")

SETUP_SOURCE = f'''# Setup (the same cell opens every notebook): on Google Colab, install the helper package.
import sys

if "google.colab" in sys.modules:
    %pip install --quiet "emergence-notebooks @ git+{REPO_URL}"

try:
    import emergence_utils as eu
except ImportError:
    raise SystemExit("The helper package is missing: on Colab, check that the runtime is "
                     "connected to the internet and run this cell again; on your own machine, "
                     "run `make lab` in the repository.") from None

eu.setup_notebook()'''

BADGE_MARK = "<!-- badges -->"


def _svg_data_uri(file: str) -> str:
    """A badge image inlined as a data URI: it shows offline and on Colab, where the
    repository's relative ``../img`` paths do not resolve."""
    svg = (ROOT / "img" / "badges" / file).read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def badges(name: str) -> str:
    """Markdown for the Colab and Binder badges of a notebook (inline SVG, no network)."""
    colab = f"https://colab.research.google.com/github/{_GH}/blob/main/notebooks/{name}"
    binder = f"https://mybinder.org/v2/gh/{_GH}/main?urlpath=lab/tree/notebooks/{name}"
    return (f"{BADGE_MARK}\n[![Open in Colab]({_svg_data_uri('colab.svg')})]({colab}) "
            f"[![Launch on Binder]({_svg_data_uri('binder.svg')})]({binder})")


def _src(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _set_src(cell, text: str) -> None:
    cell["source"] = text


def fix(nb: dict, name: str) -> dict:
    cells = nb["cells"]
    # 1. header badges under the H1 title (first markdown cell)
    md = next((c for c in cells if c["cell_type"] == "markdown"), None)
    if md is not None:
        text = _src(md)
        text = re.sub(rf"\n*{re.escape(BADGE_MARK)}\n[^\n]*", "", text)
        lines = text.split("\n")
        if lines and lines[0].startswith("# "):
            lines.insert(1, "\n" + badges(name) + "\n")
        _set_src(md, "\n".join(lines).replace("\n\n\n", "\n\n"))
    # 2. identical setup cell as the first code cell
    code = [c for c in cells if c["cell_type"] == "code"]
    if code and "google.colab" in _src(code[0]):
        _set_src(code[0], SETUP_SOURCE)
        setup = code[0]
    else:
        setup = {"cell_type": "code", "metadata": {}, "source": SETUP_SOURCE,
                 "outputs": [], "execution_count": None}
        cells.insert(1 if md is cells[0] else 0, setup)
    setup.setdefault("metadata", {})["tags"] = sorted(
        set(setup["metadata"].get("tags", [])) | {"setup"})
    # 3. outputs, counts, slide metadata, ids
    seen: set[str] = set()
    for i, c in enumerate(cells):
        c.setdefault("metadata", {})
        # ids must be unique (nbformat 4.5): keep an id unless an earlier cell has it already
        cid = c.get("id")
        if not cid or cid in seen:
            n, cid = i, f"cell-{i:03d}"
            while cid in seen or any(o.get("id") == cid for o in cells[i + 1:]):
                n += 1000
                cid = f"cell-{n:03d}"
        c["id"] = cid
        seen.add(cid)
        if c["cell_type"] == "code":
            c["outputs"], c["execution_count"] = [], None
        c["metadata"].pop("execution", None)
        if isinstance(c.get("source"), list):
            c["source"] = "".join(c["source"])
    # 4. slide types (scripts/slide_rules.py) and glossary links (scripts/glossary_links.py)
    types = slide_rules.slide_types(cells, cells.index(setup))
    for c, kind in zip(cells, types, strict=True):
        c["metadata"]["slideshow"] = {"slide_type": kind}
    glossary_links.link_first_uses(nb)
    nb["metadata"] = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nb["nbformat"], nb["nbformat_minor"] = 4, 5
    return nb


def check(nb: dict, name: str) -> list[str]:
    """Return the list of house-format problems of a notebook (empty when it is fine)."""
    probs = []
    cells = nb["cells"]
    h1 = [c for c in cells if c["cell_type"] == "markdown"
          and any(ln.startswith("# ") for ln in _src(c).splitlines())]
    if len(h1) != 1:
        probs.append(f"{name}: needs exactly one H1 title, found {len(h1)}")
    if cells and cells[0]["cell_type"] != "markdown":
        probs.append(f"{name}: first cell must be the markdown title")
    text = "\n".join(_src(c) for c in cells if c["cell_type"] == "markdown")
    if "learning objectives" not in text.lower():
        probs.append(f"{name}: no 'Learning objectives' section")
    if badges(name) not in _src(cells[0]):
        probs.append(f"{name}: badges missing or stale under the title")
    code = [c for c in cells if c["cell_type"] == "code"]
    if not code or _src(code[0]) != SETUP_SOURCE:
        probs.append(f"{name}: first code cell is not the identical setup cell")
    ids = [c.get("id") for c in cells]
    dupes = sorted({i for i in ids if i and ids.count(i) > 1})
    if dupes:
        probs.append(f"{name}: cell ids are not unique: {dupes}")
    for i, c in enumerate(cells):
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count")):
            probs.append(f"{name}: cell {i} has stored outputs or an execution count")
        if any(o.get("output_type") == "error" for o in c.get("outputs", [])):
            probs.append(f"{name}: cell {i} stores an error output")
        if "slide_type" not in c.get("metadata", {}).get("slideshow", {}):
            probs.append(f"{name}: cell {i} has no slideshow.slide_type")
        if c["cell_type"] == "markdown":
            src = _src(c)
            for m in re.finditer(r"!\[([^\]]*)\]\(([^)]*)\)", src):
                if not m.group(1).strip():
                    probs.append(f"{name}: cell {i} image {m.group(2)} has no alt text")
                if re.match(r"https?://", m.group(2)):
                    probs.append(f"{name}: cell {i} image {m.group(2)} is remote (offline rule)")
            for m in re.finditer(r"<img\b[^>]*>", src):
                if not re.search(r'alt="[^"]+"', m.group(0)):
                    probs.append(f"{name}: cell {i} <img> without alt text")
    setup = code[0] if code else None
    want = slide_rules.slide_types(cells, cells.index(setup) if setup is not None else None)
    for i, (c, kind) in enumerate(zip(cells, want, strict=True)):
        have = c.get("metadata", {}).get("slideshow", {}).get("slide_type")
        if have is not None and have != kind:
            probs.append(f"{name}: cell {i} has slide_type {have!r}, the rules give {kind!r} "
                         "(run scripts/nbtool.py fix)")
    probs += slide_rules.problems(nb, name)
    probs += glossary_links.problems(nb, name)
    return probs


def from_percent(text: str) -> dict:
    """Parse a percent-format script into a notebook dict."""
    cells, kind, buf = [], None, []

    def flush():
        if kind is None:
            return
        body = "\n".join(buf).strip("\n")
        if kind == "markdown":
            body = "\n".join(ln[2:] if ln.startswith("# ") else ln.lstrip("#")
                             for ln in body.split("\n"))
        cell = {"cell_type": kind, "metadata": {}, "source": body}
        if kind == "code":
            cell.update(outputs=[], execution_count=None)
        if tags:
            cell["metadata"]["tags"] = tags
        cells.append(cell)

    tags: list[str] = []
    for line in text.split("\n"):
        m = re.match(r"^# %%(.*)$", line)
        if m:
            flush()
            rest = m.group(1)
            kind = "markdown" if "[markdown]" in rest else "code"
            tm = re.search(r'tags=\[([^\]]*)\]', rest)
            tags = [t.strip().strip("\"'") for t in tm.group(1).split(",")] if tm else []
            buf = []
        else:
            buf.append(line)
    flush()
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _write(nb: dict, path: Path) -> None:
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    cmd, args = argv[0], [Path(a) for a in argv[1:]]
    if cmd == "from-percent":
        src, out = args
        nb = fix(from_percent(src.read_text(encoding="utf-8")), out.name)
        _write(nb, out)
        return 0
    problems = []
    for p in args:
        nb = json.loads(p.read_text(encoding="utf-8"))
        if cmd == "fix":
            _write(fix(nb, p.name), p)
        elif cmd == "check":
            problems += check(nb, p.name)
        else:
            print(f"unknown command {cmd!r}")
            return 2
    for prob in problems:
        print(prob)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
