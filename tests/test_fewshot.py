"""Unit tests of emergence_utils.fewshot (on the real wei_fig2 data)."""

import numpy as np
import pytest

from emergence_utils import EmergenceInputError
from emergence_utils import fewshot as fs


def test_panel_info_uses_data_baselines_and_example_counts():
    a = fs.panel_info("A")
    assert a.n_examples == 6000  # six modified-arithmetic subtasks of 1000 examples
    assert abs(a.chance) < 0.1 and a.is_proportion
    b = fs.panel_info("B")
    assert not b.is_proportion  # BLEU
    d = fs.panel_info("D")
    assert d.chance == pytest.approx(25.0, abs=0.5)
    assert fs.panel_info("G").n_examples is None
    with pytest.raises(EmergenceInputError, match="panel"):
        fs.panel_info("Z")


def test_fig2_curve_sorted_and_complete():
    cur = fs.fig2_curve("A", "GPT-3")
    assert len(cur) == 8
    assert np.all(np.diff(cur["train_flops"].to_numpy()) > 0)
    assert fs.fig2_curve("A", "PaLM").empty


def test_explorer_callbacks_change_artists_for_every_control_value():
    lf = fs.fig2_explorer()
    ax = lf.fig.axes[0]
    for panel in "ABCDEFGH":
        lf.set(panel=panel)
        assert ax.get_title().startswith(f"({panel})")
        assert lf.caption.startswith(f"Panel {panel}:")
    lf.set(panel="A", family="GPT-3")
    visible = [ln for ln in ax.get_lines() if ln.get_visible() and len(ln.get_xdata())]
    assert {len(ln.get_xdata()) for ln in visible} == {8, 2}  # GPT-3 points + baseline
    lf.set(family="PaLM")
    assert "no data in panel A" in lf.caption
    lf.set(family="all", panel="C", xscale="linear", yscale="log")
    assert ax.get_xscale() == "linear" and ax.get_yscale() == "log"
    # every model point of panel C is positive, so nothing is reported off-axis
    assert ax._emergence_offaxis_note.get_text() == ""
    assert sum(len(xs) for xs, _ in ax._emergence_points) == 12


def test_definition_widget_error_falls_at_a_good_threshold():
    lf = fs.definition_widget("A", "GPT-3")
    lf.set(log10_a=20.5, b=1.0)
    bad = float(lf.caption.split("squared error ")[1].split()[0])
    lf.set(log10_a=22.36, b=8.0)
    good = float(lf.caption.split("squared error ")[1].split()[0])
    assert good < bad
    ctl = lf.controls["log10_a"]
    for v in (ctl.min, ctl.max, (ctl.min + ctl.max) / 2):
        lf.set(log10_a=v)
    with pytest.raises(EmergenceInputError, match="fewer than 3"):
        fs.definition_widget("A", "PaLM")


def test_fit_all_curves_places_gpt3_arithmetic_jump():
    fits = fs.fit_all_curves()
    row = fits[(fits.panel == "A") & (fits.family == "GPT-3")].iloc[0]
    # the jump of GPT-3 on modified arithmetic sits between 1e22 and 1e23 FLOPs
    assert 1e22 <= row.piecewise_a_flops <= 1e23
    assert 1e22 <= row.sigmoid_midpoint_flops <= 1e24
    assert bool(row.sigmoid_midpoint_in_data)
    flat = fits[(fits.panel == "H") & (fits.family == "GPT-3")].iloc[0]
    assert not bool(flat.sigmoid_midpoint_in_data)  # WiC stays at chance for GPT-3
    assert fits[(fits.panel == "D") & (fits.family == "PaLM")].piecewise_a_flops.isna().all()


def test_score_table_ranks_and_applies_the_binomial_test_only_where_valid():
    t = fs.score_table()
    assert len(t) == 17
    assert t.breakthroughness.is_monotonic_decreasing
    gpt_a = t[(t.panel == "A") & (t.family == "GPT-3")].iloc[0]
    assert gpt_a.emergent_binomial is True
    assert 1e22 <= gpt_a.emergence_scale_flops <= 1e23
    assert t[t.panel == "B"].emergent_binomial.isna().all()  # BLEU
    assert t[t.panel == "G"].emergent_binomial.isna().all()  # n unknown
    assert (t[t.panel == "G"].note.str.contains("not in data")).all()


def test_table1_figure_lists_every_ability():
    fig = fs.table1_figure()
    ax = fig.axes[0]
    n_with_scale = len(ax.get_yticks())
    texts = " ".join(t.get_text() for t in ax.texts)
    assert n_with_scale == 22 and "Many BIG-Bench tasks" in texts


def test_open_model_curves_units_and_widget():
    o, wei = fs.open_model_curves("word_unscrambling|exact match")
    assert o["value"].max() <= 100 and o["value"].max() > 1  # percent, not fraction
    assert set(wei.model_family) == {"LaMDA"}
    assert o.attrs["without_flops"] >= 0
    with pytest.raises(EmergenceInputError, match="key"):
        fs.open_model_curves("nope")
    lf = fs.open_models_widget()
    for key in fs.OPEN_MODEL_TASKS:
        lf.set(key=key)
        assert "open models with FLOPs" in lf.caption
    lf.set(xscale="linear")
    assert lf.fig.axes[0].get_xscale() == "linear"


def test_fit_figure_draws_both_fits():
    fig = fs.fit_figure("A", "GPT-3")
    labels = [ln.get_label() for ln in fig.axes[0].get_lines()]
    assert any(lab.startswith("piecewise rule") for lab in labels)
    assert any(lab.startswith("sigmoid") for lab in labels)
    with pytest.raises(EmergenceInputError):
        fs.fit_figure("E", "Gopher")
