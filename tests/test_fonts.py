"""Every text of every figure the package draws is readable in the seminar style (issue 15).

In the seminar style (``eu.style.use("seminar")``, font.size 16 pt) each figure the package
draws is rendered: the static figures (``python -m emergence_utils.figures`` and the public
plotting functions of the per-topic modules, with the arguments the notebooks use) and every
widget in every state of its controls (every option of a menu or toggle; each slider at its
minimum, its default and its maximum, one control at a time as
:func:`emergence_utils.widgets.sweep_controls` moves them). Every visible text (titles, axis
labels, drawn tick labels, legends, notes, annotations) must be at least
:data:`emergence_utils.style.SEMINAR_MIN_FONT_PT` points. A source scan keeps numbers out of
the package's font sizes.

Run ``python tests/test_fonts.py`` for the smallest seminar font size per notebook.
"""

from __future__ import annotations

import ast
import importlib
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib as mpl
import pytest
from matplotlib.figure import Figure

from emergence_utils import style
from emergence_utils.testing import code_cells, smallest_text, texts_smaller_than

ROOT = Path(__file__).resolve().parents[1]
MIN_PT = style.SEMINAR_MIN_FONT_PT


# ------------------------------------------------------------------------------ what is drawn
def _fig(obj: Any) -> Figure:
    """The figure of a plotting function's result (a figure, a tuple starting with one,
    an Axes, or a StaticFigure)."""
    if isinstance(obj, tuple):
        obj = obj[0]
    if hasattr(obj, "fig"):
        obj = obj.fig
    if not isinstance(obj, Figure) and hasattr(obj, "figure"):
        obj = obj.figure
    assert isinstance(obj, Figure), f"not a figure: {type(obj).__name__}"
    return obj


def _call(module: str, name: str, *args: Any, **kw: Any) -> Callable[[], Any]:
    def build() -> Any:
        return getattr(importlib.import_module(f"emergence_utils.{module}"), name)(*args, **kw)
    return build


def _data(name: str) -> Any:
    from emergence_utils import data

    return data.load(name)


def _emergence_plot() -> Any:
    """Panel A of Wei et al. Fig. 2 on a log y axis: also draws the off-axis note."""
    from emergence_utils import plotting

    fig2 = _data("wei_fig2")
    return plotting.emergence_plot(fig2[fig2["panel"] == "A"], yscale="log",
                                   title="Wei et al. (2022) Figure 2A")


def _flops_ratio() -> Any:
    from emergence_utils import scaling

    return scaling.plot_flops_ratio(scaling.flops_vs_6nd(_data("model_scales")))


def _capability_vs_flops() -> Any:
    from emergence_utils import proxy

    return proxy.plot_capability_vs_flops(proxy.obsscaling_data("word_unscrambling",
                                                                "exact match"))


def _lab_table() -> Any:
    from emergence_utils import lab

    return lab.load_cached().table


#: Static figures: name -> (builder, function names a notebook calls to show it). The figures
#: that a widget below is built from (plot_water_curve, plot_ising, plot_percolation,
#: plot_gain, plot_appendix_f, plot_obsscaling, plot_loss_threshold, compute_figure,
#: metric_choice_figure, lab_vs_pythia_figure, views_figure and the build_*_explorer
#: functions) are covered by the widget's states and not drawn twice.
STATIC: dict[str, tuple[Callable[[], Any], tuple[str, ...]]] = {
    # python -m emergence_utils.figures (fig2_reproduction is plotting.fig2_figure)
    "figures.fig2_reproduction": (_call("plotting", "fig2_figure"), ("fig2_figure",)),
    "figures.family_legend": (_call("figures", "family_legend"), ("family_legend",)),
    "plotting.emergence_plot": (_emergence_plot, ("emergence_plot",)),
    "nature.plot_ising_snapshots": (_call("nature", "plot_ising_snapshots", L=64, n_sweeps=200,
                                          seed=0), ("plot_ising_snapshots",)),
    "scaling.plot_model_scales": (lambda: _call("scaling", "plot_model_scales",
                                                _data("model_scales"))(),
                                  ("plot_model_scales",)),
    "scaling.plot_flops_ratio": (_flops_ratio, ("plot_flops_ratio",)),
    "loss_curves.plot_wei_loss": (lambda: _call("loss_curves", "plot_wei_loss",
                                                _data("wei_loss"))(), ("plot_wei_loss",)),
    "fewshot.fit_figure": (_call("fewshot", "fit_figure", "A", "GPT-3"), ("fit_figure",)),
    "fewshot.table1_figure": (_call("fewshot", "table1_figure"), ("table1_figure",)),
    "prompting.plot_table1_augmented": (_call("prompting", "plot_table1_augmented"),
                                        ("plot_table1_augmented",)),
    "prompting.plot_prompting_curves": (_call("prompting", "plot_prompting_curves",
                                              "chain of thought", "GSM8K"),
                                        ("plot_prompting_curves",)),
    "mirage.plot_mirage_grid": (_call("mirage", "plot_mirage_grid"), ("plot_mirage_grid",)),
    "open_models.mmlu_figure": (_call("open_models", "mmlu_figure"), ("mmlu_figure",)),
    "open_models.steps_and_flops_figure": (_call("open_models", "steps_and_flops_figure"),
                                           ("steps_and_flops_figure",)),
    "proxy.plot_proxy_axes": (_call("proxy", "plot_proxy_axes"), ("plot_proxy_axes",)),
    "proxy.plot_capability_vs_flops": (_capability_vs_flops, ("plot_capability_vs_flops",)),
    "critique.truthfulqa_figure": (_call("critique", "truthfulqa_figure"),
                                   ("truthfulqa_figure",)),
    "lab.plot_loss_and_exact_match": (lambda: _call("lab", "plot_loss_and_exact_match",
                                                    _lab_table())(),
                                      ("plot_loss_and_exact_match", "show_loss_and_exact_match")),
    "lab.plot_mirage_check": (lambda: _call("lab", "plot_mirage_check", _lab_table())(),
                              ("plot_mirage_check", "show_mirage_check")),
}

#: Widgets: name -> function names a notebook calls to show it (the factory, and the plotting
#: function the widget is built from).
WIDGETS: dict[str, tuple[str, ...]] = {
    "nature.water_widget": ("water_widget", "plot_water_curve"),
    "nature.ising_widget": ("ising_widget", "plot_ising"),
    "nature.percolation_widget": ("percolation_widget", "plot_percolation"),
    "scaling.law_widget": ("law_widget", "build_law_explorer"),
    "loss_curves.loss_widget": ("loss_widget", "build_loss_explorer"),
    "fewshot.definition_widget": ("definition_widget",),
    "fewshot.fig2_explorer": ("fig2_explorer",),
    "fewshot.open_models_widget": ("open_models_widget",),
    "prompting.gain_widget": ("gain_widget", "plot_gain"),
    "partial_credit.appendix_f_widget": ("appendix_f_widget", "plot_appendix_f",
                                         "build_appendix_f_explorer"),
    "mirage.mirage_widget": ("mirage_widget", "mirage_explorer", "build_mirage_explorer"),
    "open_models.metric_choice_widget": ("metric_choice_widget", "metric_choice_figure"),
    "open_models.compute_widget": ("compute_widget", "compute_figure"),
    "open_models.lab_vs_pythia_widget": ("lab_vs_pythia_widget", "lab_vs_pythia_figure"),
    "proxy.loss_threshold_widget": ("loss_threshold_widget", "plot_loss_threshold"),
    "proxy.obsscaling_widget": ("obsscaling_widget", "plot_obsscaling"),
    "critique.multiple_comparisons_widget": ("multiple_comparisons_widget",),
    "critique.scale_axes_widget": ("scale_axes_widget",),
    "critique.views_widget": ("views_widget", "views_figure"),
    "lab.make_explorer": ("make_explorer",),
}


# ------------------------------------------------------------------------------- rendering
#: name -> list of (state, smallest (pt, text) or None, texts under MIN_PT); filled once per
#: session so that the table and the tests share the renders.
_RESULTS: dict[str, list[tuple[str, tuple[float, str] | None, list[tuple[float, str]]]]] = {}


def _check(fig: Figure) -> tuple[tuple[float, str] | None, list[tuple[float, str]]]:
    return smallest_text(fig), texts_smaller_than(fig, MIN_PT)


def _render_static(name: str) -> list:
    from emergence_utils.widgets import figure_png

    fig = _fig(STATIC[name][0]())
    figure_png(fig, tight=True)  # drawn as eu.widgets.show draws it in a notebook
    return [("as built", *_check(fig))]


def _render_widget(name: str) -> list:
    """The widget's first state, then one control at a time: every option of a menu, each
    slider at its minimum and maximum (its default is the first state); every move is drawn
    by the widget itself (a new picture, or a kept picture of a state drawn before)."""
    from emergence_utils.widgets import sweep_controls

    module, factory = name.split(".")
    live = getattr(importlib.import_module(f"emergence_utils.{module}"), factory)()
    out = [("default " + ", ".join(f"{k}={v!r}" for k, v in live.values.items()),
            *_check(live.fig))]
    for move in sweep_controls(live, 2, after=lambda lf: _check(lf.fig)):
        out.append((f"{move['control']}={move['value']!r}", *move["check"]))
    return out


def results(name: str) -> list:
    """Render ``name`` (a key of :data:`STATIC` or :data:`WIDGETS`) in the seminar style once."""
    if name not in _RESULTS:
        with mpl.rc_context():
            style.use("seminar")
            _RESULTS[name] = _render_static(name) if name in STATIC else _render_widget(name)
    return _RESULTS[name]


def _failures(name: str) -> list[str]:
    return [f"{name} [{state}]: {pt:.1f} pt {text!r}"
            for state, _, small in results(name) for pt, text in small]


@pytest.mark.parametrize("name", list(STATIC))
def test_static_figure_texts_reach_the_seminar_minimum(name):
    bad = _failures(name)
    assert not bad, f"texts under {MIN_PT} pt in the seminar style:\n" + "\n".join(bad)


@pytest.mark.parametrize("name", list(WIDGETS))
def test_widget_texts_reach_the_seminar_minimum_in_every_state(name):
    states = results(name)
    assert len(states) > 1, f"{name}: no control moved"
    bad = _failures(name)
    assert not bad, f"texts under {MIN_PT} pt in the seminar style:\n" + "\n".join(bad)


def test_check_reports_a_planted_small_text():
    """The walker must see a 7 pt text anywhere in a figure (legend, note, tick labels)."""
    from emergence_utils.widgets import figure_png

    with mpl.rc_context():
        style.use("seminar")
        fig = Figure(layout="constrained")
        ax = fig.subplots()
        ax.plot([1, 2, 3], label="a curve")
        ax.set_title("big enough")
        ax.legend(fontsize=7)  # the defect the test plants
        ax.text(0.5, 0.5, "note", fontsize=7.5, transform=ax.transAxes)
        ax.text(0.5, 0.2, "hidden", fontsize=6, visible=False)
        figure_png(fig)
        small, bad = _check(fig)
    assert bad == [(7.0, "a curve"), (7.5, "note")]
    assert small == (7.0, "a curve")
    assert texts_smaller_than(fig, 7.0) == []  # the style's own sizes: 14 pt ticks, 18 pt title


# ------------------------------------------------------------------- no numbers as font sizes
_SIZE_KEYWORDS = {"fontsize", "size", "labelsize", "title_fontsize", "font_size"}


_RC_FONT = re.compile(r"(font\.size|fontsize|labelsize)$")


def numeric_font_sizes(source: str, filename: str = "<source>", rc: bool = True) -> list[str]:
    """Calls in ``source`` that pass a number as a font size (``fontsize=8``,
    ``size=7.5``, ``labelsize=9``, ``prop={"size": 8}``, ``set_fontsize(8)``) and, with
    ``rc``, rcParams font sizes set to a number (``{"legend.fontsize": 7}``,
    ``rcParams["font.size"] = 8``); size keywords of array functions
    (``rng.normal(size=...)``) are not font sizes and are left alone."""
    out = []

    def number(node: ast.AST) -> bool:
        return isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool) or (
                isinstance(node, ast.UnaryOp) and number(node.operand)) or (
                isinstance(node, ast.BinOp) and number(node.left) and number(node.right))

    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func.attr if isinstance(node.func, ast.Attribute) else \
            getattr(node.func, "id", "")
        for kw in node.keywords:
            if kw.arg in {"fontsize", "labelsize", "title_fontsize", "font_size"} \
                    and number(kw.value):
                out.append(f"{filename}:{node.lineno}: {func}({kw.arg}={ast.unparse(kw.value)})")
            elif kw.arg == "size" and number(kw.value) and func in {
                    "text", "annotate", "set_title", "set_xlabel", "set_ylabel", "suptitle",
                    "supxlabel", "supylabel", "figtext", "FontProperties", "Text", "table"}:
                out.append(f"{filename}:{node.lineno}: {func}(size={ast.unparse(kw.value)})")
            elif kw.arg in {"prop", "fontdict", "fontproperties"} and isinstance(kw.value, ast.Dict):
                for k, v in zip(kw.value.keys, kw.value.values, strict=True):
                    if isinstance(k, ast.Constant) and k.value in _SIZE_KEYWORDS and number(v):
                        out.append(f"{filename}:{node.lineno}: {func}({kw.arg}={{{k.value!r}: "
                                   f"{ast.unparse(v)}}})")
        if func in {"set_fontsize", "set_size"} and node.args and number(node.args[0]):
            out.append(f"{filename}:{node.lineno}: {func}({ast.unparse(node.args[0])})")
    if rc:  # rcParams overrides: {"legend.fontsize": 7} in rc_context/update, rcParams[...] = 7
        for node in ast.walk(ast.parse(source, filename)):
            pairs = []
            if isinstance(node, ast.Dict):
                pairs = list(zip(node.keys, node.values, strict=True))
            elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
                pairs = [(node.targets[0].slice, node.value)]
            for k, v in pairs:
                if isinstance(k, ast.Constant) and isinstance(k.value, str) \
                        and _RC_FONT.search(k.value) and number(v):
                    out.append(f"{filename}:{node.lineno}: rcParams {k.value!r} = "
                               f"{ast.unparse(v)}")
    return out


def test_package_passes_no_number_as_a_font_size():
    found = []
    for path in sorted((ROOT / "emergence_utils").glob("*.py")):
        # style.py defines the styles: its rcParams font sizes are the style parameters
        found += numeric_font_sizes(path.read_text(encoding="utf-8"), path.name,
                                    rc=path.name != "style.py")
    assert not found, "font sizes must scale with the style (\"small\", rcParams keys, " \
                      "style.font(rel)):\n" + "\n".join(found)


def test_source_scan_finds_numeric_font_sizes():
    src = ("ax.legend(fontsize=7)\nax.text(0, 0, 's', size=8.5)\nt.set_fontsize(9)\n"
           "ax.tick_params(labelsize=6)\nax.legend(prop={'size': 7})\n"
           "rng.normal(size=3)\nax.legend(fontsize='small')\nax.text(0, 0, 's', fontsize=f)\n"
           "mpl.rc_context({'legend.fontsize': 7})\nmpl.rcParams['font.size'] = 8\n"
           "mpl.rcParams['legend.fontsize'] = 'small'\n")
    found = numeric_font_sizes(src)
    assert [f.split(": ", 1)[1] for f in found] == [
        "legend(fontsize=7)", "text(size=8.5)", "set_fontsize(9)", "tick_params(labelsize=6)",
        "legend(prop={'size': 7})", "rcParams 'font.size' = 8", "rcParams 'legend.fontsize' = 7"]


def test_seminar_minimum_is_above_x_small():
    """Why "x-small" is not used: it would be 11.1 pt at the seminar font size."""
    from matplotlib.font_manager import FontProperties

    with mpl.rc_context():
        style.use("seminar")
        assert FontProperties(size="x-small").get_size_in_points() < MIN_PT
        assert FontProperties(size="small").get_size_in_points() >= MIN_PT
        assert style.font(0.8) == pytest.approx(12.8)
    with pytest.raises(Exception, match="rel"):
        style.font(0)


# ------------------------------------------------------------------------ per-notebook table
def notebook_uses() -> dict[str, list[str]]:
    """Notebook stem -> the figures and widgets (keys of STATIC and WIDGETS) it shows, found
    by the function names in its code cells."""
    names = {**{k: v[1] for k, v in STATIC.items()}, **WIDGETS}
    out: dict[str, list[str]] = {}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        src = "\n".join(code_cells(path))
        out[path.stem] = [key for key, fns in names.items()
                          if any(re.search(rf"\b{fn}\s*\(", src) for fn in fns)]
    return out


def seminar_font_table() -> list[dict[str, Any]]:
    """Per notebook: figure states rendered in the seminar style, the smallest font size
    (points) and its text and figure."""
    rows = []
    for nb, keys in notebook_uses().items():
        states = [(key, state, small) for key in keys for state, small, _ in results(key)
                  if small is not None]
        if not states:
            rows.append({"notebook": nb, "states": 0, "min_pt": None, "text": "", "where": ""})
            continue
        key, state, (pt, text) = min(states, key=lambda s: s[2][0])
        rows.append({"notebook": nb, "states": len(states), "min_pt": pt, "text": text,
                     "where": f"{key} [{state}]"})
    return rows


def main() -> int:
    t0 = time.perf_counter()
    rows = seminar_font_table()
    print(f"Smallest font in the seminar style (minimum {MIN_PT:g} pt), per notebook")
    print(f"{'notebook':32s} {'states':>6s} {'min pt':>7s}  text / where")
    for r in rows:
        pt = f"{r['min_pt']:.1f}" if r["min_pt"] is not None else "-"
        print(f"{r['notebook']:32s} {r['states']:6d} {pt:>7s}  {r['text']!r} / {r['where']}")
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
