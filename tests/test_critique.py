"""Unit tests of emergence_utils.critique."""

import numpy as np
import pytest

from emergence_utils import EmergenceInputError, data
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


def test_six_views_include_accuracy_on_a_log_axis_and_update_in_place():
    lf = cr.views_widget()
    axes = lf.fig.axes
    lines = [ax.get_lines()[0] for ax in axes]
    acc = np.asarray(lines[0].get_ydata())
    assert [v[1:3] for v in cr.VIEWS] == [("accuracy", "linear"), ("accuracy", "linear"),
                                          ("accuracy", "log"), ("error", "linear"),
                                          ("error", "linear"), ("error", "log")]
    np.testing.assert_allclose(lines[2].get_ydata(), acc)  # accuracy on a log y axis
    np.testing.assert_allclose(lines[3].get_ydata(), 100 - acc)
    assert axes[2].get_yscale() == "log" and axes[5].get_yscale() == "log"
    assert axes[1].get_xscale() == "linear" and axes[4].get_xscale() == "linear"
    # a log y axis compresses the top of its range: on the error-rate panel, the decline of the
    # small models (99.85 -> 91.6 % for 3-digit addition) takes a smaller share of the axis than
    # on a linear axis; on the accuracy panel their climb (0.15 -> 0.9 %) takes a larger one
    lf.set(key="gpt3_3d+")
    err = 100 - np.asarray(cr.curve("gpt3_3d+")["value"])
    share_lin = (err[0] - err[6]) / (err.max() - err.min())
    share_log = np.log10(err[0] / err[6]) / np.log10(err.max() / err.min())
    assert share_log < share_lin
    a = np.asarray(cr.curve("gpt3_3d+")["value"])
    assert (np.log10(a[5] / a[0]) / np.log10(a.max() / a.min())
            > (a[5] - a[0]) / (a.max() - a.min()))
    lf.set(key="gpt3_2dx", x="train_flops")
    assert lines[0].get_xdata()[0] == pytest.approx(2.25e20)
    assert "multiplication" in lf.caption
    with pytest.raises(EmergenceInputError, match="x:"):
        cr.views_figure(x="tokens")


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


def test_leave_one_out_thresholds_by_hand():
    from emergence_utils import emergence as em

    x = np.logspace(20, 24, 9)
    y = np.array([0, 0, 0, 0, 0, 5, 20, 40, 60], float)
    loo = cr.leave_one_out_thresholds(x, y, 0.0)
    assert loo.shape == (9,)
    for i in (0, 4, 8):
        assert loo[i] == em.fit_piecewise(np.delete(x, i), np.delete(y, i), 0.0).a
    with pytest.raises(EmergenceInputError, match="at least 4"):
        cr.leave_one_out_thresholds(x[:3], y[:3], 0.0)


def test_resolution_table():
    res = cr.resolution_table()
    assert set(res.panel) == {"A", "B", "C", "D"}
    np.testing.assert_allclose(res.one_over_n_percent, 100 / res.n_examples)


def test_emergence_scores_equal_eq1_row_by_row():
    from emergence_utils.emergence import emergence_score

    y = np.random.default_rng(3).normal(size=(300, 8))
    y[0] = 2.0  # a constant curve scores 0
    got = cr.emergence_scores(y)
    want = [emergence_score(np.arange(1, 9), row) for row in y]
    np.testing.assert_allclose(got, want)
    with pytest.raises(EmergenceInputError, match="y:"):
        cr.emergence_scores([1.0, 2.0])


def test_flat_curves_are_scored_with_eq1_not_the_endpoint_variant():
    from emergence_utils.emergence import emergence_score, endpoint_score

    b = cr.simulate_flat_emergence_scores(500, 8, 1.0, seed=1)
    assert b.shape == (500,) and np.isfinite(b).all()
    np.testing.assert_array_equal(b, cr.simulate_flat_emergence_scores(500, 8, 1.0, seed=1))
    y = np.random.default_rng(1).normal(0.0, 1.0, size=(500, 8))
    x = np.arange(1, 9)
    np.testing.assert_allclose(b, [emergence_score(x, r) for r in y])
    # (the old screen used the endpoint variant, which differs on most curves)
    assert np.mean(~np.isclose(b, [endpoint_score(x, r) for r in y])) > 0.5
    # pure noise: the score does not depend on the noise level (a ratio)
    np.testing.assert_allclose(cr.simulate_flat_emergence_scores(500, 8, 5.0, seed=1), b)
    with pytest.raises(EmergenceInputError, match="n_models"):
        cr.simulate_flat_emergence_scores(10, 2, 1.0)
    with pytest.raises(EmergenceInputError, match="noise"):
        cr.simulate_flat_emergence_scores(10, 5, 0.0)


def test_share_of_flat_curves_above_5_rises_with_the_number_of_models_under_eq1():
    """Issue 11: with Eq. 1 about 5 % of flat curves pass 5 at eight models and the share grows
    with the number of models; the old endpoint score gave about 2 % and a share that fell."""
    t = cr.flat_screen_table(n_models=(6, 8, 10, 12, 15), n_curves=2000, seeds=range(21))
    share = t.set_index("n_models")
    assert 0.04 < share.loc[8, "share_mean"] < 0.06
    assert 0.015 < share.loc[8, "share_endpoint_mean"] < 0.03
    assert np.all(np.diff(t["share_mean"]) > -0.002)  # rises (up to screen noise)
    assert share.loc[15, "share_mean"] > share.loc[6, "share_mean"] + 0.015
    assert np.all(np.diff(t["share_endpoint_mean"]) < 0)  # the old trend: falls
    assert (t["share_min"] <= t["share_mean"]).all() and (t["share_mean"] <= t["share_max"]).all()


def test_multiple_comparisons_widget():
    lf = cr.multiple_comparisons_widget()
    assert "8 models" in lf.caption and "emergence score" in lf.caption
    # the default screen: 9 of 200 flat curves pass 5 (seed 0, eight models)
    assert lf.caption.startswith("9 of 200 ")
    for name, ctl in lf.controls.items():
        for v in (ctl.min, ctl.max, ctl.value):
            lf.set(**{name: v})
            assert "curves with no ability" in lf.caption
    heights = [r.get_height() for r in lf.fig.axes[0].patches]
    assert sum(heights) == lf.controls["n_curves"].value


def test_default_screens_pass_between_6_and_15_of_200():
    # the discussion in notebook 07 quotes these counts (8 models, cut-off 5, seeds 0-20)
    counts = [int(np.sum(cr.simulate_flat_emergence_scores(200, 8, 1.0, s) > 5))
              for s in range(21)]
    assert counts[0] == 9 and (min(counts), max(counts)) == (6, 15)
    # three models: no flat curve can pass 5 (the score is at most 2)
    assert cr.simulate_flat_emergence_scores(2000, 3, 1.0, 0).max() <= 2.0


def test_spread_and_share_helpers():
    assert cr.spread_dex([1e21, 1e23, 1e22]) == pytest.approx(2.0)
    assert cr.spread_dex([3e22, 3e22]) == 0.0
    assert cr.share_above([5.0, 6.0, -9.0, 1.0], 5.0) == 0.25
    with pytest.raises(EmergenceInputError, match="values"):
        cr.spread_dex([0.0, 1.0])
    with pytest.raises(EmergenceInputError, match="scores"):
        cr.share_above([], 5.0)


def test_truthfulqa_figure_alt_text_from_the_data():
    fig, alt = cr.truthfulqa_figure()
    assert "4 GPT-3 models stay between 20.0 and 21.0 percent" in alt
    # Gopher 280B: the calibrated reading 43.0 (Hoffmann et al.'s 10-shot 43.7 lies 0.7 away,
    # outside 2 x 0.108, so the data keep the digitized value)
    assert "22.6" in alt and "Gopher reaches 43.0 percent" in alt


def test_notebook_07_prose_matches_the_sources():
    """Issue 11 items of notebook 07, pinned on its text."""
    import json
    from pathlib import Path

    nb = Path(__file__).resolve().parents[1] / "notebooks" / "07_critiques_and_conclusions.ipynb"
    text = " ".join("".join(c["source"]) for c in json.loads(nb.read_text())["cells"]
                    if c["cell_type"] == "markdown")
    text = " ".join(text.split())
    # a log y axis compresses the top of the error scale (it does not stretch it)
    assert "stretches the top of the scale" not in text
    assert "compresses the top" in text and "accuracy" in text
    # Wei et al. do not say the ability is "being prepared"
    assert "being prepared before it shows" not in text
    assert "rises again at the largest model" in text
    # a small test set makes zeros likely, not certain
    assert "any accuracy below 1 % reads as exactly zero" not in text
    assert "nine times out of ten" in text
    # Du et al. argue for emergence in pre-training loss, not for predictability
    assert "(metrics, capability axes, loss thresholds)" not in text
    assert "Du et al. (2024), for:" in text
    # the flat-curve screen speaks of the emergence score (Eq. 1), not breakthroughness
    assert "breakthroughness" not in text.lower()
    # after the calibration of the digitized uncertainties (clean markers about 0.08 points)
    fig2 = data.load("wei_fig2")
    gopher = fig2[(fig2["panel"] == "E") & (fig2["model"] == "Gopher 280B")]["value"].iloc[0]
    assert "280B reaches 43.7 % (10-shot)" not in text
    assert f"280B reaches {gopher:.1f} % in our reading" in text and "43.7 % for Gopher" in text
    assert "a model at 0.05 % and one at 0.5 % look the same" not in text
    med = cr.resolution_table()["median_digitization_uncertainty"]
    assert f"median reading uncertainty of {med.max():.2f} points" in text
    assert "within a reading uncertainty of about 0.6 points" not in text
    a = fig2[(fig2["panel"] == "A") & (fig2["model_family"] == "GPT-3")].sort_values("train_flops")
    small = a.iloc[:5]
    clean = small.loc[small["flag"] == "ok", "uncertainty"]
    assert f"between {small['value'].min():.2f} % and {small['value'].max():.2f} %" in text
    assert f"reading uncertainty of the clean markers ({clean.max():.2f}" in text


def test_notebook_07_review_fixes_scale_sources_and_quiz():
    """Review findings on notebook 07: cont-PaLM's FLOPs, Wei's perplexity axis, the quiz."""
    import json
    from pathlib import Path

    from emergence_utils import quiz

    nb = Path(__file__).resolve().parents[1] / "notebooks" / "07_critiques_and_conclusions.ipynb"
    text = " ".join("".join(c["source"]) for c in json.loads(nb.read_text())["cells"]
                    if c["cell_type"] == "markdown")
    text = " ".join(text.split())
    # cont-PaLM 62B has published FLOPs (Chung et al. Table 2); only the MMLU table lacks them
    assert "its FLOPs are not published in our data" not in text
    cont = data.load("model_scales").set_index("model").loc["cont-PaLM 62B", "train_flops"]
    assert f"give {cont / 1e23:.1f} x 10^23 for this continued model" in text
    mmlu = data.load("mmlu")
    assert mmlu.loc[mmlu["model"] == "PaLM 62B (trained to 1325B tokens)", "train_flops"].isna().all()
    assert "The MMLU table does not carry that value" in text
    # Wei et al. plot against WikiText-103 perplexity; they claim no better prediction
    assert "may predict it better than FLOPs" not in text
    assert "which for Gopher and Chinchilla tracks training FLOPs" in text
    # the quiz: Du et al.'s scope, the noise question, the 0.3 % distractor
    qs = quiz.load("07")
    flat = " ".join(str(vars(q)) for q in qs)
    assert "across families" not in flat and "for any metric" not in flat
    assert "one corpus with one tokenizer" in qs[-1].model_answer
    assert "does not make emergence predictable" in qs[-1].model_answer
    du = qs[5]
    assert du.options[du.correct].startswith("Some abilities stay at chance")
    zero = qs[1]
    assert "0.0003" not in " ".join(zero.why)
    assert zero.options[0] == f"About {round(100 * 0.97 ** 100)} %"  # reads 0.3 % as 0.03
    assert zero.options[zero.correct] == f"About {round(100 * 0.997 ** 100)} %"
    noise = qs[4]
    assert "changes how many pass the cut-off how" not in noise.text
    assert "Scaling every score" not in noise.explanation
    # the explanation's claim: same seed, doubled noise, identical scores
    a = cr.simulate_flat_emergence_scores(200, 8, noise=1.0, seed=0)
    b = cr.simulate_flat_emergence_scores(200, 8, noise=2.0, seed=0)
    np.testing.assert_allclose(a, b)
