"""Unit tests of emergence_utils.widgets and emergence_utils.quiz."""

import base64

import ipywidgets as w
import numpy as np
import pytest
from matplotlib.figure import Figure

from emergence_utils import EmergenceInputError
from emergence_utils.quiz import Question, Quiz
from emergence_utils.widgets import LiveFigure, show


def _live():
    fig = Figure()
    ax = fig.subplots()
    x = np.linspace(0, 1, 50)
    (line,) = ax.plot(x, x)

    def update(k):
        line.set_ydata(x**k)
        return f"k = {k:.1f}"

    ctl = {"k": w.FloatSlider(value=1.0, min=0.5, max=4.0)}
    return LiveFigure(fig, update, ctl, alt=lambda k: f"curve x^{k}", prompt="Guess."), line


def test_live_figure_updates_artists_in_place():
    lf, line = _live()
    before = lf._image.value
    lf.set(k=3.0)
    np.testing.assert_allclose(line.get_ydata(), np.linspace(0, 1, 50) ** 3)
    assert lf.caption == "k = 3.0"
    assert lf._image.value != before
    assert lf.n_updates == 2  # initial draw + one change
    assert lf.alt == "curve x^3.0"


def test_live_figure_bundle_has_widget_and_static_png(monkeypatch):
    lf, _ = _live()
    bundle = lf._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == lf.widget.model_id
    assert base64.b64decode(bundle["image/png"])[:4] == b"\x89PNG"
    monkeypatch.setenv("EMERGENCE_STATIC", "1")
    static = lf._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in static
    assert 'alt="curve x^1.0"' in static["text/html"]


def test_live_figure_rejects_unknown_controls_and_empty_controls():
    lf, _ = _live()
    with pytest.raises(EmergenceInputError, match="unknown control"):
        lf.set(q=1)
    with pytest.raises(EmergenceInputError, match="controls"):
        LiveFigure(Figure(), lambda: None, {}, alt="x")


def test_show_requires_alt_text():
    fig = Figure()
    fig.subplots().plot([0, 1])
    assert 'alt="a line"' in show(fig, "a line")._repr_mimebundle_()["text/html"]
    with pytest.raises(EmergenceInputError, match="alt"):
        show(fig, " ")


def test_quiz_feedback_and_widget():
    q = Question("2 + 2?", ["3", "4"], correct=1, explanation="Arithmetic.")
    assert q.check(1) and not q.check(0)
    assert q.feedback(0).startswith("Not quite.")
    multi = Question("Which are emergent?", ["a", "b", "c"], correct={0, 1})
    assert multi.check({0, 1}) and not multi.check({0})
    quiz = Quiz([q, multi])
    assert quiz.answer(0, 1).startswith("Correct.")
    box = quiz.widget()
    picker = box.children[0].children[1]
    picker.children[1].children[0].value = True
    box.children[0].children[2].click()
    assert "Correct" in box.children[0].children[3].value
    html = quiz.to_html()
    assert "<details>" in html and "2 + 2?" in html
    with pytest.raises(EmergenceInputError, match="correct"):
        Question("bad", ["a", "b"], correct=2)
    with pytest.raises(EmergenceInputError, match="questions"):
        Quiz([])


def test_control_values_cover_each_kind_of_control():
    from emergence_utils.widgets import control_values

    assert control_values(w.IntSlider(value=3, min=1, max=9), 3) == [1, 5, 9]
    vals = control_values(w.FloatLogSlider(value=100, base=10, min=1, max=4), 4)
    assert vals[0] == pytest.approx(10) and vals[-1] == pytest.approx(1e4)
    assert control_values(w.Dropdown(options=[("a", 1), ("b", 2)], value=1)) == [1, 2]
    assert control_values(w.ToggleButtons(options=["log", "linear"])) == ["log", "linear"]
    assert control_values(w.Checkbox(value=False)) == [False, True]


def test_static_bundle_keeps_the_caption(monkeypatch):
    lf, _ = _live()
    monkeypatch.setenv("EMERGENCE_STATIC", "1")
    assert "<p>k = 1.0</p>" in lf._repr_mimebundle_()["text/html"]


def _decode(png: bytes) -> np.ndarray:
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


@pytest.mark.parametrize("facecolor", ["white", "#e0f0ff", (1.0, 1.0, 1.0, 0.0), (0.2, 0.4, 0.6, 0.5)])
def test_figure_png_matches_pillow_composited_on_white(facecolor):
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    from emergence_utils.widgets import figure_png

    fig = Figure(figsize=(3, 2), dpi=80, facecolor=facecolor)
    ax = fig.subplots()
    ax.plot(np.linspace(0, 1, 30), np.linspace(0, 1, 30) ** 2, alpha=0.6)
    ax.set_title("a title")
    png = figure_png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # reference: Pillow's RGBA image pasted on white, as figure_png did before
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(physical=True),
                             canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    ref = Image.new("RGB", image.size, "white")
    ref.paste(image, mask=image.getchannel("A"))
    buf = io.BytesIO()
    ref.save(buf, format="png")
    np.testing.assert_array_equal(_decode(png), _decode(buf.getvalue()))


def assert_blit_matches_full_redraw(live, n_values: int = 5) -> None:
    """Move every control; each blitted picture must equal a full redraw pixel for pixel."""
    from emergence_utils.widgets import control_values

    blits = live.n_blits
    for name, ctl in live.controls.items():
        start = ctl.value
        for value in [*control_values(ctl, n_values), start]:
            live.set(**{name: value})
            np.testing.assert_array_equal(
                _decode(live._image.value), _decode(live.render_full()),
                err_msg=f"{name}={value!r}: blitted picture differs from a full redraw")
    assert live.n_blits > blits, "no move was blitted"


def test_blitting_matches_full_redraw_and_keeps_static_output():
    fig = Figure(figsize=(4, 3), dpi=72)
    ax = fig.subplots()
    x = np.linspace(0, 1, 60)
    (line,) = ax.plot(x, x, lw=3, label="curve")
    ax.plot(x, 1 - x, zorder=3, label="above the curve")  # drawn over it in a full redraw
    ax.legend(loc="center")  # overlaps the curve
    ax.set_title("a title")
    ax.set_ylim(0, 1)
    marker = ax.axhline(0.5, color="k", alpha=0.5)

    def update(k, ymax):
        line.set_ydata(x**k)
        marker.set_ydata([x[30] ** k] * 2)
        ax.set_ylim(0, ymax)  # a limit change must force a full redraw

    ctl = {"k": w.FloatSlider(value=1.0, min=0.5, max=4.0),
           "ymax": w.FloatSlider(value=1.0, min=1.0, max=2.0, step=0.5)}
    live = LiveFigure(fig, update, ctl, alt="curve", animated=[line, marker])
    assert_blit_matches_full_redraw(live)
    # after blitting, nothing stays animated: savefig / static bundles show every artist
    assert not line.get_animated() and not marker.get_animated()
    full = _decode(live.render_full())
    live.set(k=2.5)
    assert not np.array_equal(_decode(live._image.value), full)
    bundle = show(fig, "curve")._repr_mimebundle_()
    static = _decode(base64.b64decode(bundle["image/png"]))
    line.set_visible(False)
    hidden = _decode(base64.b64decode(show(fig, "curve")._repr_mimebundle_()["image/png"]))
    line.set_visible(True)
    assert static.shape == hidden.shape
    assert not np.array_equal(static, hidden)  # the curve is in the static picture


BLITTED = [("scaling", "law_widget"), ("proxy", "loss_threshold_widget"),
           ("proxy", "obsscaling_widget"), ("loss_curves", "loss_widget"),
           ("nature", "percolation_widget"), ("nature", "ising_widget"),
           ("prompting", "gain_widget"), ("fewshot", "definition_widget"),
           ("nature", "water_widget"), ("mirage", "mirage_widget"), ("lab", "make_explorer")]


@pytest.mark.parametrize("style_name", ["notebook", "seminar"])
@pytest.mark.parametrize(("module", "factory"), BLITTED)
def test_blitted_widgets_match_a_full_redraw(module, factory, style_name):
    """Under the styles notebooks really use (setup_notebook, seminar mode)."""
    import importlib

    import matplotlib as mpl

    from emergence_utils import style

    with mpl.rc_context():
        style.use(style_name)
        live = getattr(importlib.import_module(f"emergence_utils.{module}"), factory)()
        assert_blit_matches_full_redraw(live)


# ------------------------------------------------------------ layout kept per key, pictures kept
@pytest.fixture
def notebook_style():
    """The collection's notebook style, whatever earlier tests left in rcParams."""
    import matplotlib as mpl

    from emergence_utils import style

    with mpl.rc_context():
        style.use("notebook")
        yield


def _scales_live():
    """A constrained-layout figure whose controls change scale, title wording and y numbers."""
    fig = Figure(figsize=(5, 3.5), dpi=72, layout="constrained")
    ax = fig.subplots()
    x = np.logspace(0, 6, 40)
    (line,) = ax.plot(x, np.sqrt(x))
    ax.set_xlabel("parameters")

    def update(scale, name):
        ax.set_xscale(scale)
        ax.set_yscale(scale)
        ax.set_title(f"{name} on {scale} axes")
        ax.set_ylabel(f"{name} score")
        ax.relim()
        ax.autoscale_view()

    controls = {"scale": w.ToggleButtons(options=["log", "linear"], value="log"),
                "name": w.Dropdown(options=["accuracy", "a much longer task name"],
                                   value="accuracy")}
    return LiveFigure(fig, update, controls, alt="test")


def test_layout_is_solved_once_per_key_and_titles_do_not_trigger_it(notebook_style):
    lf = _scales_live()
    assert lf.n_layouts == 1
    lf.set(name="a much longer task name")  # same number of lines: same layout
    assert lf.n_layouts == 1
    lf.set(scale="linear")  # other scales and tick labels: solved again
    assert lf.n_layouts == 2
    lf.set(name="accuracy")
    lf.set(scale="log")  # back to the first key: the kept layout is used
    assert lf.n_layouts <= 3
    np.testing.assert_array_equal(_decode(lf._image.value), _decode(lf.render_full()))


def test_revisited_state_reuses_its_picture_exactly(notebook_style):
    lf = _scales_live()
    first = lf._image.value
    lf.set(scale="linear")
    lf.set(name="a much longer task name")
    reused = lf.n_reused
    lf.set(name="accuracy")  # (linear, accuracy) again
    lf.set(scale="log")  # the starting state again
    assert lf.n_reused == reused + 2
    assert lf._image.value == first
    # the figure itself is back in that state too (same picture when drawn afresh)
    np.testing.assert_array_equal(_decode(lf._image.value), _decode(lf.render_full()))
    assert lf.caption == "" and lf.alt == "test"


def test_texts_outside_finds_a_cut_label_and_layout_avoids_it(notebook_style):
    from emergence_utils.testing import texts_outside
    from emergence_utils.widgets import figure_png

    fig = Figure(figsize=(4, 3), dpi=72, layout="constrained")
    ax = fig.subplots()
    ax.set_title("a title far too long for so small a figure, it must stick out")
    figure_png(fig)
    out = texts_outside(fig)
    assert len(out) == 1 and out[0].startswith("'a title far too long")
    lf = _scales_live()
    lf.set(scale="linear")
    assert texts_outside(lf.fig) == []


def test_thin_log_ticks_drops_minor_ticks_only_on_wide_log_axes():
    from matplotlib.ticker import LogLocator, NullLocator

    from emergence_utils.style import thin_log_ticks

    fig = Figure()
    ax = fig.subplots()
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(1e18, 1e25)  # 7 decades: minor ticks dropped
    ax.set_ylim(2, 8)  # under one decade: minor ticks kept (the only marks)
    thin_log_ticks(fig)
    assert isinstance(ax.xaxis.get_minor_locator(), NullLocator)
    assert type(ax.yaxis.get_minor_locator()) is LogLocator
    ax.set_xlim(10, 200)  # narrower again: given back
    thin_log_ticks(fig)
    assert type(ax.xaxis.get_minor_locator()) is LogLocator


def _menu_live(prerender=True, n_names=2):
    fig = Figure(figsize=(4, 3), dpi=60)
    ax = fig.subplots()
    (line,) = ax.plot([0, 1], [0, 1])
    names = [f"curve {i}" for i in range(n_names)]

    def update(name, flip):
        k = names.index(name) + 1
        line.set_ydata([k, 0] if flip else [0, k])
        ax.set_ylim(0, n_names + 1)

    controls = {"name": w.Dropdown(options=names, value=names[0]),
                "flip": w.Checkbox(value=False)}
    return LiveFigure(fig, update, controls, alt="test", prerender=prerender)


def test_prerender_draws_every_state_once_and_moves_reuse_them():
    lf = _menu_live()
    assert lf.n_prerendered == 4  # 2 names x 2 checkbox states
    start = lf._image.value
    reused = lf.n_reused
    lf.set(name="curve 1")
    lf.set(flip=True)
    assert lf.n_reused == reused + 2
    np.testing.assert_array_equal(_decode(lf._image.value), _decode(lf.render_full()))
    lf.set(name="curve 0", flip=False)
    assert lf._image.value == start
    # the same pictures as a widget that draws each state when it is reached
    plain = _menu_live(prerender=False)
    plain.set(name="curve 1", flip=True)
    lf.set(name="curve 1", flip=True)
    assert plain._image.value == lf._image.value


def test_prerender_refuses_sliders_and_too_many_states():
    fig = Figure()
    fig.subplots()
    with pytest.raises(EmergenceInputError, match="'k' is not a menu"):
        LiveFigure(fig, lambda k: None, {"k": w.FloatSlider(value=1.0)}, alt="x", prerender=True)
    with pytest.raises(EmergenceInputError, match="combinations"):
        _menu_live(n_names=LiveFigure.KEPT_PICTURES)


def _two_range_live():
    """A curve whose exponent comes from one of two sliders, chosen by a toggle."""
    fig = Figure()
    ax = fig.subplots()
    x = np.linspace(0, 1, 50)
    (line,) = ax.plot(x, x)

    def update(which, small, large):
        k = small if which == "small" else large
        line.set_ydata(x**k)
        return f"k = {k:.1f}"

    controls = {"which": w.ToggleButtons(options=["small", "large"], value="small"),
                "small": w.FloatSlider(value=1.0, min=0.5, max=2.0),
                "large": w.FloatSlider(value=5.0, min=4.0, max=8.0)}
    lf = LiveFigure(fig, update, controls, alt="curve", shown_when={
        "small": ("which", "small"), "large": ("which", "large")})
    return lf, line


def test_shown_when_shows_one_slider_per_state_and_keeps_hidden_values():
    lf, line = _two_range_live()
    small, large = lf.controls["small"], lf.controls["large"]
    assert lf.is_shown("small") and not lf.is_shown("large")
    assert large.layout.display == "none" and small.layout.display != "none"
    lf.set(large=6.0)  # hidden: keeps its value, the curve still follows "small"
    np.testing.assert_allclose(line.get_ydata(), np.linspace(0, 1, 50) ** 1.0)
    lf.set(which="large")
    assert small.layout.display == "none" and large.layout.display != "none"
    np.testing.assert_allclose(line.get_ydata(), np.linspace(0, 1, 50) ** 6.0)
    assert lf.caption == "k = 6.0"
    lf.set(which="small")
    assert lf.caption == "k = 1.0"
    # the ranges never change (ipywidgets 8 sliders keep their first range for Home/End)
    assert (small.min, small.max, large.min, large.max) == (0.5, 2.0, 4.0, 8.0)


def test_sweep_moves_a_hidden_control_while_it_is_shown():
    from emergence_utils.widgets import sweep_controls

    lf, _ = _two_range_live()
    moves = sweep_controls(lf, n_values=3)
    for name in ("small", "large"):
        mine = [m for m in moves if m["control"] == name]
        assert mine and all(m["changed"] for m in mine), name
    assert lf.values == {"which": "small", "small": 1.0, "large": 5.0}  # all put back
    assert lf.is_shown("small") and not lf.is_shown("large")


@pytest.mark.parametrize(("shown_when", "match"), [
    ({"nope": ("which", "small")}, "unknown control 'nope'"),
    ({"small": ("nope", "small")}, "must be another control"),
    ({"small": ("small", 1.0)}, "must be another control"),
    ({"small": "which"}, "expected \\(control name, value\\)"),
    ({"small": ("large", 5.0), "large": ("which", "large")}, "one level only"),
])
def test_shown_when_rejects_bad_conditions(shown_when, match):
    fig = Figure()
    fig.subplots()
    controls = {"which": w.ToggleButtons(options=["small", "large"], value="small"),
                "small": w.FloatSlider(value=1.0), "large": w.FloatSlider(value=5.0)}
    with pytest.raises(EmergenceInputError, match=match):
        LiveFigure(fig, lambda **v: None, controls, alt="x", shown_when=shown_when)
    with pytest.raises(EmergenceInputError, match="unknown control"):
        _two_range_live()[0].is_shown("nope")


def test_fit_dropdown_makes_room_for_the_longest_entry():
    import ipywidgets as w

    from emergence_utils.widgets import fit_dropdown

    long = "2-digit multiplication (BIG-bench 'arithmetic')"
    d = w.Dropdown(options=["a", long], description="task")
    fit_dropdown(d)
    assert int(d.layout.width[:-2]) >= 80 + len(long) * 7
    short = w.Dropdown(options=["a", "b"], description="x")
    fit_dropdown(short)
    assert short.layout.width == "300px"  # never narrower than JupyterLab's default
    wide = w.Dropdown(options=["a"], layout=w.Layout(width="500px"))
    fit_dropdown(wide)
    assert wide.layout.width == "500px"  # a wide enough width set by the caller is kept
    slider = w.FloatSlider()
    fit_dropdown(slider)
    assert not slider.layout.width
