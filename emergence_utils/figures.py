"""Regenerate the collection's static figures in ``img/``.

Run ``python -m emergence_utils.figures`` (or ``make figures``). Each figure is built from
``data/`` by a pure function of this package and saved as PNG; its alt text is written next to
it in ``img/ALT_TEXT.md`` so that the README and slides can reuse it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .style import BASELINE_STYLE, FAMILY_STYLES, thin_log_ticks

__all__ = ["family_legend", "FIGURES", "build_all"]


def family_legend(families: list[str] | None = None) -> Figure:
    """A small figure showing the marker and colour of each model family and the baseline."""
    names = families or ["LaMDA", "GPT-3", "Gopher", "Chinchilla", "PaLM", "InstructGPT", "UL2"]
    handles = [Line2D([], [], linestyle="-", marker=FAMILY_STYLES[n].marker,
                      color=FAMILY_STYLES[n].color, markeredgecolor="white",
                      label=FAMILY_STYLES[n].label, markersize=10) for n in names]
    handles.append(Line2D([], [], **{**BASELINE_STYLE, "label": "Random baseline"}))
    fig = Figure(figsize=(8, 1.1), layout="constrained")
    fig.legend(handles=handles, loc="center", ncols=4, frameon=False)
    return fig


def _fig2() -> Figure:
    from .plotting import fig2_figure

    return fig2_figure()


#: name -> (builder, alt text)
FIGURES: dict[str, tuple[Callable[[], Figure], str]] = {
    "fig2_reproduction": (
        _fig2,
        # the counts are read from data/ by emergence_utils.fewshot.fig2_alt (a test keeps the
        # two equal); written out here so that importing this module loads no data
        'Eight panels reproducing Wei et al. (2022) Figure 2: few-shot scores (accuracy in percent; '
        'BLEU in panel B) against training FLOPs for LaMDA, GPT-3, Gopher, Chinchilla and PaLM, with '
        'a dashed random baseline. Of the seventeen curves, twelve end more than 5 points above it at'
        ' their largest model; five never get that far above chance: LaMDA on Persian QA (D); GPT-3 '
        'on Persian QA (D); GPT-3 on TruthfulQA (E); GPT-3 on Word in context (H); Chinchilla on Word'
        ' in context (H).',
    ),
    "family_legend": (
        family_legend,
        "Legend: LaMDA blue circles, GPT-3 vermillion squares, Gopher green diamonds, Chinchilla "
        "orange triangles, PaLM pink pentagons, InstructGPT sky-blue triangles, UL2 black hexagons; "
        "the random baseline is a dashed grey line.",
    ),
}


def build_all(outdir: Path, names: list[str] | None = None, dpi: int = 130) -> list[Path]:
    """Build the named figures (default: all) into ``outdir``; return the written paths."""
    import matplotlib as mpl

    from . import style

    with mpl.rc_context():  # the print style for these figures only, not for the caller
        style.use("print")
        return _build_all(outdir, names, dpi)


def _build_all(outdir: Path, names: list[str] | None, dpi: int) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    alt_lines = ["# Alt text of the figures in img/ (written by python -m emergence_utils.figures)", ""]
    for name, (builder, alt) in FIGURES.items():
        alt_lines.append(f"- `{name}.png`: {alt}")
        if names and name not in names:
            continue
        fig = builder()
        path = outdir / f"{name}.png"
        thin_log_ticks(fig)  # as every figure shown in the notebooks
        fig.savefig(path, dpi=dpi, facecolor="white", metadata={"Software": None})
        written.append(path)
    (outdir / "ALT_TEXT.md").write_text("\n".join(alt_lines) + "\n", encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--outdir", type=Path,
                        default=Path(__file__).resolve().parents[1] / "img")
    parser.add_argument("names", nargs="*", help=f"figures to build (default all: {list(FIGURES)})")
    args = parser.parse_args(argv)
    unknown = set(args.names) - set(FIGURES)
    if unknown:
        parser.error(f"unknown figure(s) {sorted(unknown)}; known: {sorted(FIGURES)}")
    for p in build_all(args.outdir, args.names or None):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
