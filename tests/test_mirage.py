"""Tests for emergence_utils.mirage: the Schaeffer et al. (2023) toy model, sampling, figures."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from emergence_utils import EmergenceInputError
from emergence_utils import mirage as mi
from emergence_utils.widgets import figure_png


# ------------------------------------------------------------------------------- the model
def test_hand_values():
    # loss = (N / c)^(-alpha): 1 nat at N = c, 0.1 nat at N = 100 c when alpha = 0.5
    assert mi.per_token_loss(1e9, c=1e9, alpha=0.5) == pytest.approx(1.0)
    assert mi.per_token_loss(1e11, c=1e9, alpha=0.5) == pytest.approx(0.1)
    assert mi.per_token_loss(1e7, c=1e9, alpha=0.5) == pytest.approx(10.0)
    p = math.exp(-0.1)
    assert mi.per_token_probability(1e11, 1e9, 0.5) == pytest.approx(p)
    assert mi.token_accuracy_curve(1e11, 1e9, 0.5) == pytest.approx(p)
    assert mi.exact_match_curve(1e11, 5, 1e9, 0.5) == pytest.approx(p**5)
    assert mi.token_edit_distance_curve(1e11, 5, 1e9, 0.5) == pytest.approx(5 * (1 - p))


def test_defaults_are_the_documented_constants():
    assert mi.per_token_loss(mi.DEFAULT_C) == pytest.approx(1.0)
    assert mi.per_token_loss(mi.DEFAULT_C * 10) == pytest.approx(10 ** -mi.DEFAULT_ALPHA)


def test_vectorised_and_broadcast():
    n = np.logspace(7, 12, 4)
    em = mi.exact_match_curve(n, np.array([[1], [2], [5]]))
    assert em.shape == (3, 4)
    for i, L in enumerate((1, 2, 5)):
        assert np.allclose(em[i], mi.per_token_probability(n) ** L)
    assert isinstance(mi.per_token_loss(1e9), float)
    assert mi.per_token_loss(n).shape == (4,)


def test_metric_curve_dispatch():
    n = np.logspace(7, 12, 5)
    assert np.allclose(mi.metric_curve("exact match", n, 3), mi.exact_match_curve(n, 3))
    assert np.allclose(mi.metric_curve("token edit distance", n, 3),
                       mi.token_edit_distance_curve(n, 3))
    assert np.allclose(mi.metric_curve("per-token accuracy", n, 3), mi.token_accuracy_curve(n))
    with pytest.raises(EmergenceInputError, match="metric"):
        mi.metric_curve("BLEU", n, 3)


@pytest.mark.parametrize("kwargs, param", [
    ({"n_params": 0}, "n_params"),
    ({"n_params": -1e9}, "n_params"),
    ({"n_params": float("nan")}, "n_params"),
    ({"n_params": "big"}, "n_params"),
    ({"n_params": []}, "n_params"),
    ({"n_params": 1e9, "c": 0}, "c"),
    ({"n_params": 1e9, "alpha": -0.5}, "alpha"),
    ({"n_params": 1e9, "length": 0}, "length"),
    ({"n_params": 1e9, "length": 2.5}, "length"),
    ({"n_params": 1e9, "length": True}, "length"),
])
def test_bad_model_input(kwargs, param):
    with pytest.raises(EmergenceInputError, match=param):
        mi.exact_match_curve(**kwargs)


# ------------------------------------------------------------------------------ thresholds
def test_metric_threshold():
    assert mi.metric_threshold("exact match", 0.3, 5) == (0.3, True)
    assert mi.metric_threshold("per-token accuracy", 0.3, 5) == (0.3, True)
    level, hib = mi.metric_threshold("token edit distance", 0.25, 8)
    assert level == pytest.approx(6.0) and hib is False
    for bad in (0.0, 1.0, -0.1, float("nan")):
        with pytest.raises(EmergenceInputError, match="threshold"):
            mi.metric_threshold("exact match", bad, 5)


@pytest.mark.parametrize("metric", mi.METRICS)
@pytest.mark.parametrize("length", [1, 5, 20])
def test_model_emergence_point_is_where_the_curve_reaches_the_threshold(metric, length):
    t, alpha = 0.4, 0.7
    n_star = mi.model_emergence_point(metric, t, length, alpha=alpha)
    level, _ = mi.metric_threshold(metric, t, length)
    assert mi.metric_curve(metric, n_star, length, alpha=alpha) == pytest.approx(level, rel=1e-9)


def test_exact_match_emerges_later_for_longer_answers_but_edit_distance_does_not():
    em = [mi.model_emergence_point("exact match", 0.5, L) for L in (1, 2, 5, 10)]
    assert np.all(np.diff(em) > 0)
    ed = {mi.model_emergence_point("token edit distance", 0.5, L) for L in (1, 2, 5, 10)}
    assert len(ed) == 1
    assert em[0] == pytest.approx(ed.pop())


def test_emergence_point_hand_cases():
    n = [1e8, 1e9, 1e10, 1e11, 1e12]
    assert mi.emergence_point(n, [0, 0.1, 0.6, 0.4, 0.9], 0.5) == 1e10
    assert mi.emergence_point(n, [0, 0.1, 0.5, 0.4, 0.9], 0.5) == 1e10  # ">=" counts
    assert math.isnan(mi.emergence_point(n, [0, 0.1, 0.2, 0.3, 0.4], 0.5))
    assert mi.emergence_point(n, [5, 4, 3, 2, 1], 2.5, higher_is_better=False) == 1e11


def test_emergence_point_bad_input():
    with pytest.raises(EmergenceInputError, match="values"):
        mi.emergence_point([1e8, 1e9], [0.1], 0.5)
    with pytest.raises(EmergenceInputError, match="n_params"):
        mi.emergence_point([1e9, 1e8], [0.1, 0.2], 0.5)
    with pytest.raises(EmergenceInputError, match="values"):
        mi.emergence_point([1e8, 1e9], [0.1, float("nan")], 0.5)


def test_grid_rule_agrees_with_closed_form():
    n = np.logspace(7, 12, 2001)
    em = mi.exact_match_curve(n, 5)
    n_grid = mi.emergence_point(n, em, 0.5)
    n_star = mi.model_emergence_point("exact match", 0.5, 5)
    step = n[1] / n[0]
    assert n_star <= n_grid <= n_star * step


# ---------------------------------------------------------------------- finite test sets
def test_resolution_and_prob_reads_zero():
    assert mi.resolution(100) == 0.01
    assert mi.prob_reads_zero(0.01, 100) == pytest.approx(0.99**100)
    assert mi.prob_reads_zero(0.0, 100) == 1.0
    assert mi.prob_reads_zero(1.0, 1) == 0.0
    assert np.allclose(mi.prob_reads_zero([0.0, 0.5], 2), [1.0, 0.25])
    with pytest.raises(EmergenceInputError, match="n_examples"):
        mi.resolution(0)
    with pytest.raises(EmergenceInputError, match="accuracy"):
        mi.prob_reads_zero(1.5, 10)


def test_sample_measured_accuracy_statistics():
    acc = np.array([0.0, 0.002, 0.01, 0.2, 1.0])
    out = mi.sample_measured_accuracy(acc, 100, n_draws=4000, seed=1)
    se = np.sqrt(acc * (1 - acc) / 100 / 4000)
    assert np.all(np.abs(out.mean - acc) <= 5 * se + 1e-12)
    pz = out.prob_zero_exact
    assert np.allclose(pz, (1 - acc) ** 100)
    assert np.all(np.abs(out.prob_zero - pz) <= 5 * np.sqrt(pz * (1 - pz) / 4000) + 1e-12)
    assert out.prob_zero[0] == 1.0 and out.mean[0] == 0.0 and out.mean[-1] == 1.0
    assert out.resolution == 0.01
    # true accuracy 0.2 % on 100 examples: the mean is right but most test sets read 0
    assert out.prob_zero[1] > 0.8


def test_sample_measured_accuracy_seed():
    a = mi.sample_measured_accuracy(0.03, 50, n_draws=200, seed=7)
    b = mi.sample_measured_accuracy(0.03, 50, n_draws=200, seed=7)
    c = mi.sample_measured_accuracy(0.03, 50, n_draws=200, seed=8)
    assert a.mean == b.mean and a.prob_zero == b.prob_zero
    assert (a.mean, a.prob_zero) != (c.mean, c.prob_zero)
    with pytest.raises(EmergenceInputError, match="seed"):
        mi.sample_measured_accuracy(0.03, 50, seed=None)
    with pytest.raises(EmergenceInputError, match="n_draws"):
        mi.sample_measured_accuracy(0.03, 50, n_draws=0)


def test_simulate_measurements_consistent_across_metrics():
    n = np.logspace(7, 12, 9)
    kw = {"length": 4, "n_examples": 60, "seed": 3}
    em = mi.simulate_measurements("exact match", n, **kw)
    acc = mi.simulate_measurements("per-token accuracy", n, **kw)
    ed = mi.simulate_measurements("token edit distance", n, **kw)
    assert np.all(em <= acc + 1e-12)  # an exact match needs every token right
    assert np.allclose(ed, 4 * (1 - acc))  # same draws: wrong tokens = edit distance
    assert np.allclose(em * 60, np.round(em * 60))  # steps of 1/n
    assert np.all(np.diff(mi.simulate_measurements("exact match", n, 4, 3000, seed=0)) >= 0)


# ------------------------------------------------------------------------- property tests
_alpha = st.floats(0.05, 2.0)
_c = st.floats(1e6, 1e12)


@settings(max_examples=80, deadline=None)
@given(st.floats(1e5, 1e14), _c, _alpha, st.integers(1, 60))
def test_power_of_length_properties(n, c, alpha, L):
    p = mi.per_token_probability(n, c, alpha)
    em = mi.exact_match_curve(n, L, c, alpha)
    assert 0.0 <= em <= p <= 1.0  # p^L <= p for L >= 1
    assert mi.exact_match_curve(n, L + 1, c, alpha) <= em  # monotone in L
    ed = mi.token_edit_distance_curve(n, L, c, alpha)
    assert 0.0 <= ed <= L


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(1e5, 1e14), min_size=2, max_size=30), _c, _alpha,
       st.integers(1, 30))
def test_curves_monotone_in_model_size(sizes, c, alpha, L):
    n = np.sort(np.asarray(sizes))
    assert np.all(np.diff(mi.exact_match_curve(n, L, c, alpha)) >= 0)
    assert np.all(np.diff(mi.token_accuracy_curve(n, c, alpha)) >= 0)
    assert np.all(np.diff(mi.token_edit_distance_curve(n, L, c, alpha)) <= 0)


# ------------------------------------------------------------------------------- figures
def test_plot_mirage_grid():
    lengths = (1, 3, 9)
    fig, art = mi.plot_mirage_grid(lengths=lengths, alpha=0.4)
    assert isinstance(fig, Figure)
    assert len(art["axes"]) == 4 and len(art["lines"]) == 2 * 2 * len(lengths)
    n = art["n_params"]
    for (metric, yscale, L), line in art["lines"].items():
        assert np.allclose(line.get_ydata(), mi.metric_curve(metric, n, L, alpha=0.4))
        assert art["axes"][(metric, yscale)].get_yscale() == yscale
        assert art["axes"][(metric, yscale)].get_xscale() == "log"
    assert figure_png(fig)[:8] == b"\x89PNG\r\n\x1a\n"
    assert "L (1, 3, 9 tokens)" in mi.grid_alt_text(lengths)


def test_build_explorer_static_figure_at_defaults():
    ex = mi.build_mirage_explorer()
    assert ex.state["metric"] == "exact match" and ex.state["length"] == 5
    model = ex.artists["model"]
    assert np.allclose(model.get_ydata(), mi.exact_match_curve(model.get_xdata(), 5))
    assert ex.artists["threshold"].get_ydata()[0] == 0.5
    assert ex.artists["resolution"].get_ydata()[0] == pytest.approx(0.01)
    assert ex.artists["text"].get_text()
    assert figure_png(ex.fig)[:8] == b"\x89PNG\r\n\x1a\n"
    assert "exact match" in ex.alt(**ex.defaults)


def test_explorer_caption_states_seed_and_n():
    """The simulated dots are labelled with their seed and test-set size (provenance)."""
    ex = mi.build_mirage_explorer(seed=3)
    cap = ex.update(**{**ex.defaults, "n_examples": 300})
    assert "Simulated with seed 3 on n = 300 examples per size" in cap
    assert "seed 3" in ex.alt(**ex.defaults)
    assert "seed 0 on n = 100" in mi.build_mirage_explorer().update()


def test_explorer_zero_readings_sit_on_the_bottom_edge():
    ex = mi.build_mirage_explorer()
    ex.update(length=20, alpha=0.5, threshold=0.5, n_examples=10, xscale="log",
              yscale="linear", metric="exact match")
    zx, zy = ex.artists["zeros"].get_data()
    assert len(zx) == ex.state["n_zero"] > 0 and np.all(np.asarray(zy) == 0)
    ex.update(length=20, alpha=0.5, threshold=0.5, n_examples=10, xscale="log", yscale="log",
              metric="exact match")
    _, zy = ex.artists["zeros"].get_data()
    assert np.all(np.asarray(zy) > 0)  # drawable on a log axis
    assert np.all(np.asarray(zy) < ex.state["resolution"])


def test_explorer_update_rejects_bad_values():
    ex = mi.build_mirage_explorer()
    good = dict(ex.defaults)
    for name, bad in [("xscale", "symlog"), ("yscale", "logit"), ("length", 21),
                      ("n_examples", 5000), ("metric", "BLEU"), ("threshold", 1.0),
                      ("alpha", 0.0)]:
        with pytest.raises(EmergenceInputError, match=name):
            ex.update(**{**good, name: bad})


def _snapshot(ex) -> tuple:
    a, ax = ex.artists, ex.artists["ax"]
    return (tuple(np.round(a["model"].get_ydata(), 12)),
            tuple(map(tuple, np.round(np.asarray(a["measured"].get_data(), dtype=float), 12))),
            tuple(a["threshold"].get_ydata()), tuple(a["resolution"].get_ydata()),
            a["text"].get_text(), ax.get_xscale(), ax.get_yscale(), ax.get_ylabel(),
            a["token"].get_visible())


def _extremes(widget) -> list:
    if hasattr(widget, "options") and widget.options:
        opts = list(widget.options)
        values = [o[1] if isinstance(o, tuple) else o for o in opts]
        return [values[0], values[len(values) // 2], values[-1]]
    mid = widget.min + round((widget.max - widget.min) / widget.step / 2) * widget.step
    return [widget.min, mid, widget.max]


@pytest.mark.parametrize("control", ["length", "alpha", "threshold", "n_examples", "metric",
                                     "xscale", "yscale"])
def test_widget_controls_change_artists_in_place(control):
    live = mi.mirage_explorer()
    ex = live.explorer
    ax = ex.artists["ax"]
    lines_before = list(ax.lines)
    texts_before = list(ax.texts)
    snaps = []
    for value in _extremes(live.controls[control]):
        current, before = live.controls[control].value, live.n_updates
        live.set(**{control: value})
        if value != current:
            assert live.n_updates == before + 1
        assert ex.state[control] == pytest.approx(value) if control in ("alpha", "threshold") \
            else ex.state[control] == value
        assert live.caption
        snaps.append(_snapshot(ex))
    assert len(set(snaps)) > 1, f"moving {control} did not change the figure"
    # the same artists were updated; nothing was added or rebuilt
    assert list(ax.lines) == lines_before and list(ax.texts) == texts_before
    assert live.fig is ex.fig


def test_mirage_widget_is_the_explorer():
    assert mi.mirage_widget is mi.mirage_explorer
    assert "mirage_widget" in mi.__all__


def test_mirage_explorer_rejects_n_examples_off_the_slider():
    with pytest.raises(EmergenceInputError, match="n_examples"):
        mi.mirage_explorer(n_examples=123)


def test_benchmark_explorer_reports_timings():
    out = mi.benchmark_explorer(n_moves=3)
    assert out["n_moves"] == 3
    assert 0 < out["update_median_ms"] <= out["update_max_ms"]
    assert 0 < out["refresh_median_ms"] <= out["refresh_max_ms"]


# ------------------------------------------------------------------------------- layout
def _bbox_problems(fig) -> list[str]:
    """Everything drawn must lie inside the figure; the info box inside its axes; the legend
    picture below the axes' x label."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    fb = fig.bbox
    problems = []
    for i, ax in enumerate(fig.axes):
        tb = ax.get_tightbbox(renderer)
        if tb.x0 < fb.x0 - 0.5 or tb.y0 < fb.y0 - 0.5 or tb.x1 > fb.x1 + 0.5 \
                or tb.y1 > fb.y1 + 0.5:
            problems.append(f"axes {i} reaches {tb.extents} outside the figure {fb.extents}")
    return problems


def _explorer_problems(ex) -> list[str]:
    problems = _bbox_problems(ex.fig)
    renderer = ex.fig.canvas.get_renderer()
    ax, legend_ax = ex.artists["ax"], ex.artists["legend"]
    box = ex.artists["text"].get_bbox_patch().get_window_extent(renderer)
    inner = ax.get_window_extent(renderer)
    if box.x0 < inner.x0 or box.x1 > inner.x1 or box.y0 < inner.y0 or box.y1 > inner.y1:
        problems.append(f"info box {box.extents} leaves the axes {inner.extents}")
    if legend_ax.get_window_extent(renderer).y1 > ax.get_tightbbox(renderer).y0 + 0.5:
        problems.append("the legend overlaps the x axis labels")
    return problems


@pytest.mark.parametrize("style_name", ["notebook", "seminar", "print"])
def test_explorer_nothing_clipped_at_any_control_extreme(style_name):
    import matplotlib as mpl

    from emergence_utils import style

    with mpl.rc_context():
        style.use(style_name)
        live = mi.mirage_explorer()
        ex = live.explorer
        assert not _explorer_problems(ex)
        for name, ctl in live.controls.items():
            for value in _extremes(ctl):
                live.set(**{name: value})
                problems = _explorer_problems(ex)
                assert not problems, f"{style_name}, {name}={value!r}: {problems}"
            live.set(**{name: ex.defaults[name]})


def test_explorer_legend_is_a_picture_of_every_entry():
    ex = mi.build_mirage_explorer()
    assert ex.artists["legend_labels"] == [
        "expected value (model)", "per-token accuracy p (exact match only)",
        "measured on n examples", "measured exactly 0", "'emerged' threshold",
        "smallest non-zero reading"]
    # the per-token curve is hidden for edit distance, its legend entry is drawn anyway
    img = mi._legend_image([ex.artists["token"]], ex.fig.dpi, 400)
    assert img.ndim == 3 and img.shape[2] == 4 and img[..., 3].max() > 0
    layout = ex.artists["layout"]
    assert layout["legend_width"] <= ex.fig.bbox.width - 2 * layout["pad"] + 1
    # an impossible width falls back to one column (six rows, taller than three columns)
    handles = [ex.artists[k] for k in ("model", "token", "measured", "zeros", "threshold",
                                       "resolution")]
    wide = mi._legend_image(handles, ex.fig.dpi, 2000)
    narrow = mi._legend_image(handles, ex.fig.dpi, 10)
    assert narrow.shape[0] > 2 * wide.shape[0] and narrow.shape[1] < wide.shape[1]


def test_explorer_rejects_a_figure_too_small_for_its_labels():
    import matplotlib as mpl

    with mpl.rc_context({"font.size": 10, "figure.dpi": 90}):
        ex = mi.build_mirage_explorer()
        ex.fig.set_size_inches(2.0, 1.5)
        widest = [dict(ex.defaults)]
        with pytest.raises(EmergenceInputError, match="figsize"):
            mi._fit_layout(ex.fig, ex.artists["ax"], ex.artists["legend"], ex.update, widest)


def test_from_p_functions_agree_with_the_curves():
    n = np.logspace(7, 12, 9)
    p = mi.per_token_probability(n)
    for L in (1, 5, 20):
        np.testing.assert_allclose(mi.exact_match_from_p(p, L), mi.exact_match_curve(n, L))
        np.testing.assert_allclose(mi.edit_distance_from_p(p, L),
                                   mi.token_edit_distance_curve(n, L), rtol=1e-9)
    assert mi.exact_match_from_p(0.5, 5) == pytest.approx(0.03125)
    assert mi.edit_distance_from_p(0.9, 10) == pytest.approx(1.0)
    with pytest.raises(EmergenceInputError, match="p"):
        mi.exact_match_from_p(1.5, 3)
    with pytest.raises(EmergenceInputError, match="length"):
        mi.edit_distance_from_p(0.5, 0)


def test_examples_needed():
    assert mi.examples_needed(0.001, 0.05) == 2995
    for a, q in [(0.001, 0.05), (0.01, 0.05), (0.1, 0.5), (0.5, 0.25), (0.0001, 0.01)]:
        n = mi.examples_needed(a, q)
        assert mi.prob_reads_zero(a, n) <= q < mi.prob_reads_zero(a, n - 1) or n == 1
    assert mi.examples_needed(0.5, 0.5) == 1  # exact boundary: (1/2)^1 = 1/2
    with pytest.raises(EmergenceInputError, match="accuracy"):
        mi.examples_needed(5.0, 0.05)  # percent instead of a fraction
    with pytest.raises(EmergenceInputError, match="max_prob_zero"):
        mi.examples_needed(0.01, 0.0)
