"""Link the first use of each glossary term in a notebook to ``GLOSSARY.md``.

:data:`TERMS` maps each anchor of ``GLOSSARY.md`` (``<a id="...">``) to the pattern of the words
that name it in the notebooks. In every notebook the first use of a term in the prose a student
reads must be a link ``[word](../GLOSSARY.md#anchor)``. Prose here means markdown outside
headings, reference lists, code, math, HTML tags, other links, images and ``<details>`` blocks
(answers, left out of the student edition), in cells not tagged ``notes`` (speaker notes).

``scripts/nbtool.py fix`` calls :func:`link_first_uses`; ``check`` calls :func:`problems`.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["TERMS", "GLOSSARY", "LINK_PREFIX", "anchors", "first_uses", "link_first_uses",
           "problems"]

GLOSSARY = Path(__file__).resolve().parents[1] / "GLOSSARY.md"
#: How a notebook in ``notebooks/`` links to the glossary.
LINK_PREFIX = "../GLOSSARY.md#"

#: Anchor in GLOSSARY.md -> pattern of the words that name the term (matched case-insensitively
#: unless the pattern starts with ``(?-i)``).
TERMS: dict[str, str] = {
    "bleu": r"(?-i:BLEU)",
    "brier-score": r"Brier scores?",
    "chain-of-thought": r"chain[- ]of[- ]thought",
    "chance": r"chance level|random baselines?",
    "checkpoint": r"checkpoints?",
    "cross-entropy": r"cross-entropy",
    "dex": r"(?-i:dex)",
    "digitized": r"digiti[sz]ed",
    "edit-distance": r"edit distance|Levenshtein distance",
    "emergence-score": r"emergence scores?",
    "emergent-ability": r"emergent abilit(?:y|ies)",
    "exact-match": r"exact[- ]match",
    "few-shot": r"few-shot|k-shot",
    "flops": r"(?-i:FLOPs)",
    "hold-out": r"hold-out|held-out",
    "lambada": r"(?-i:LAMBADA)",
    "loss-threshold": r"loss thresholds?",
    "multiple-choice-grade": r"multiple-choice grade",
    "nats": r"(?-i:nats)",
    "normalised-score": r"normali[sz]ed scores?",
    "parameters": r"(?-i:parameter count|model parameters)",
    "pca": r"(?-i:PCA)|principal component analysis",
    "per-token-accuracy": r"per-token accuracy",
    "perplexity": r"perplexit(?:y|ies)",
    "pf-day": r"PF-days?|petaflop/s-days?",
    "rmse": r"(?-i:RMSE)",
    "rouge": r"(?-i:ROUGE(?:-L)?)",
    "scaling-law": r"scaling laws?",
    "sigmoid": r"sigmoids?",
    "temperature": r"sampling temperature|temperature 0|temperature of 0",
    "token": r"tokens?",
}

_MASKS = [
    re.compile(r"```.*?```", re.S),                      # fenced code
    re.compile(r"<details\b.*?</details>", re.S | re.I),  # answers (not in the student edition)
    re.compile(r"<!--.*?-->", re.S),                     # comments
    re.compile(r"`[^`\n]*`"),                            # inline code
    re.compile(r"\$\$.*?\$\$", re.S),                    # display math
    re.compile(r"(?<![\\$])\$[^$\n]+\$"),                # inline math
    re.compile(r"!?\[[^\]]*\]\([^)]*\)"),                # links and images (whole)
    re.compile(r"<[^>]+>"),                              # HTML tags
    re.compile(r"^#{1,6} .*$", re.M),                    # headings
    re.compile(r"^#{1,6} +(?:\d+\.? *)?(?:References|Further reading|Sources|Reading)\b.*\Z",
               re.M | re.S | re.I),                      # reference lists (paper titles)
]
_GLOSSARY_LINK = re.compile(r"\[[^\]]*\]\(\.\./GLOSSARY\.md#([\w-]+)\)")


def _src(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def anchors(path: Path = GLOSSARY) -> list[str]:
    """The anchors (``<a id="...">``) defined in the glossary."""
    return re.findall(r'<a id="([\w-]+)"></a>', path.read_text(encoding="utf-8"))


def _masked(text: str) -> list[bool]:
    out = [False] * len(text)
    for rx in _MASKS:
        for m in rx.finditer(text):
            out[m.start():m.end()] = [True] * (m.end() - m.start())
    return out


def _prose_cells(nb: dict) -> list[int]:
    return [i for i, c in enumerate(nb["cells"]) if c.get("cell_type") == "markdown"
            and "notes" not in c.get("metadata", {}).get("tags", [])]


def first_uses(nb: dict) -> dict[str, tuple[int, int, int, bool]]:
    """For each term used in the notebook: (cell, start, end, already linked) of its first use."""
    found: dict[str, tuple[int, int, int, bool]] = {}
    for i in _prose_cells(nb):
        text = _src(nb["cells"][i])
        mask = _masked(text)
        hits: list[tuple[int, int, str, bool]] = []
        details = [m.span() for m in _MASKS[1].finditer(text)]
        for m in _GLOSSARY_LINK.finditer(text):
            if not any(a <= m.start() < b for a, b in details):
                hits.append((m.start(), m.end(), m.group(1), True))
        for anchor, pattern in TERMS.items():
            for m in re.finditer(rf"(?i)(?<![\w-])(?:{pattern})(?![\w-])", text):
                if not any(mask[m.start():m.end()]):
                    hits.append((m.start(), m.end(), anchor, False))
                    break
        for start, end, anchor, linked in sorted(hits):
            if anchor not in found:
                found[anchor] = (i, start, end, linked)
    return found


def link_first_uses(nb: dict) -> dict:
    """Turn the first use of every term into a glossary link (in place); return ``nb``."""
    while True:
        todo = [(a, u) for a, u in first_uses(nb).items() if not u[3]]
        if not todo:
            return nb
        anchor, (i, start, end, _) = todo[0]
        cell = nb["cells"][i]
        text = _src(cell)
        cell["source"] = f"{text[:start]}[{text[start:end]}]({LINK_PREFIX}{anchor}){text[end:]}"


def problems(nb: dict, name: str) -> list[str]:
    """First uses of glossary terms that are not linked, and links to unknown anchors."""
    probs = []
    known = set(anchors())
    for anchor, (i, start, end, linked) in first_uses(nb).items():
        if not linked:
            word = _src(nb["cells"][i])[start:end]
            probs.append(f"{name}: cell {i}: first use of {word!r} is not linked to "
                         f"GLOSSARY.md#{anchor} (run scripts/nbtool.py fix)")
    for i in _prose_cells(nb):
        for m in _GLOSSARY_LINK.finditer(_src(nb["cells"][i])):
            if m.group(1) not in known:
                probs.append(f"{name}: cell {i} links to GLOSSARY.md#{m.group(1)}, "
                             "which the glossary does not define")
    return probs
