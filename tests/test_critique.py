"""Unit tests of emergence_utils.critique."""

import numpy as np
import pytest

from emergence_utils import EmergenceInputError
from emergence_utils import critique as cr


def test_curves_are_gpt3_in_order_of_scale():
    for key in cr.CURVES:
        cur = cr.curve(key)
        assert len(cur) == 8
        assert np.all(np.diff(cur["params"].to_numpy()) > 0)
    assert (cr.curve("gpt3_3d+")["method"] == "published").all()
    assert cr.curve("gpt3_3d+")["value"].iloc[-1] == pytest.approx(80.4)  # Table H.1, 175B
    with pytest.raises(EmergenceInputError, match="key"):
        cr.curve("nope")


def test_four_views_use_error_rate_and_update_in_place():
    lf = cr.four_views_widget()
    lines = [ax.get_lines()[0] for ax in lf.fig.axes]
    acc = np.asarray(lines[0].get_ydata())
    np.testing.assert_allclose(lines[2].get_ydata(), 100 - acc)
    assert lf.fig.axes[1].get_xscale() == "linear" and lf.fig.axes[3].get_yscale() == "log"
    lf.set(key="gpt3_2dx", x="train_flops")
    assert lines[0].get_xdata()[0] == pytest.approx(2.25e20)
    assert "multiplication" in lf.caption
    with pytest.raises(EmergenceInputError, match="x:"):
        cr.four_views_figure(x="tokens")


def test_scale_axes_widget_reports_models_without_flops():
    lf = cr.scale_axes_widget()
    for x in ("params", "train_tokens", "train_flops"):
        lf.set(x=x)
    assert "PaLM 62B (trained to 1325B tokens)" in lf.caption  # no FLOPs published for it
    lf.set(key="gpt3_3d+", x="train_tokens")
    gpt = lf.fig.axes[0].get_lines()[0]
    assert len(set(gpt.get_xdata())) == 1  # every GPT-3 model saw 300B tokens
    with pytest.raises(EmergenceInputError):
        cr.scale_points("x")


def test_jackknife_spread_is_non_negative_and_contains_the_full_fit():
    jk = cr.jackknife_thresholds()
    assert (jk.spread_dex >= 0).all()
    assert ((jk.a_min <= jk.a_all * (1 + 1e-12)) & (jk.a_all <= jk.a_max * (1 + 1e-12))).all()
    assert (jk.points >= 5).all()


def test_resolution_table():
    res = cr.resolution_table()
    assert set(res.panel) == {"A", "B", "C", "D"}
    np.testing.assert_allclose(res.one_over_n_percent, 100 / res.n_examples)


def test_flat_curves_and_multiple_comparisons_widget():
    b = cr.simulate_flat_breakthroughness(500, 8, 1.0, seed=1)
    assert b.shape == (500,) and np.isfinite(b).all()
    np.testing.assert_array_equal(b, cr.simulate_flat_breakthroughness(500, 8, 1.0, seed=1))
    # the vectorised version equals the reference implementation
    rng = np.random.default_rng(1)
    y = rng.normal(0.0, 1.0, size=(500, 8))
    from emergence_utils.emergence import breakthroughness

    assert b[3] == pytest.approx(breakthroughness(np.arange(1, 9), y[3]))
    # pure noise: breakthroughness does not depend on the noise level (a ratio)
    b5 = cr.simulate_flat_breakthroughness(500, 8, 5.0, seed=1)
    np.testing.assert_allclose(b5, b)
    with pytest.raises(EmergenceInputError, match="n_models"):
        cr.simulate_flat_breakthroughness(10, 2, 1.0)
    with pytest.raises(EmergenceInputError, match="noise"):
        cr.simulate_flat_breakthroughness(10, 5, 0.0)
    lf = cr.multiple_comparisons_widget()
    for name, ctl in lf.controls.items():
        for v in (ctl.min, ctl.max, ctl.value):
            lf.set(**{name: v})
            assert "curves with no ability" in lf.caption
    heights = [r.get_height() for r in lf.fig.axes[0].patches]
    assert sum(heights) == lf.controls["n_curves"].value
