"""Unit tests of emergence_utils.loss_curves (Wei et al.'s loss vs error-rate figure)."""

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from emergence_utils import EmergenceDataError, EmergenceInputError, data
from emergence_utils import loss_curves as lc
from emergence_utils.widgets import figure_png


@pytest.fixture(scope="module")
def wei() -> pd.DataFrame:
    return data.load("wei_loss")


@pytest.fixture(scope="module")
def wei_bleu(wei) -> pd.DataFrame:
    """The shipped data: its IPA rows are labelled 100 - BLEU (checked below)."""
    return wei


def test_shipped_data_label_the_ipa_series_100_minus_bleu(wei):
    """The figure's IPA values are 100 - BLEU of Fig. 2B; the data must say so, not "error"."""
    ipa = wei[wei["task"] == "IPA transliterate"]
    labels = dict(ipa.groupby("quantity")["metric"].unique().apply(tuple))
    assert labels["error_rate_T0"] == ("100 - BLEU at T=0",)
    assert labels["error_rate_T1"] == ("100 - BLEU at T=1",)
    assert labels["error_rate_random_baseline"] == ("100 - BLEU",)
    assert set(ipa.loc[ipa["quantity"] != "cross_entropy_loss", "unit"]) == {"BLEU points"}
    other = wei[(wei["task"] != "IPA transliterate") & wei["quantity"].str.startswith("error")]
    assert not other["metric"].str.contains("BLEU").any()
    assert lc.task_curves(wei, "IPA transliterate").score == "BLEU"
    assert lc.task_curves(wei, "Word unscramble").score == "accuracy"


# ------------------------------------------------------------------------------ reading the data
def test_task_curves_pair_error_and_loss_points(wei):
    assert list(dict.fromkeys(wei["task"])) == list(lc.TASKS)
    for task in lc.TASKS:
        c = lc.task_curves(wei, task)
        n = len(c.loss)
        assert n == 11 and all(len(c.error[t]) == n for t in lc.TEMPERATURES)
        sub = wei[(wei["task"] == task) & (wei["quantity"] == "cross_entropy_loss")]
        assert np.allclose(c.loss.value, sub.sort_values("point_index")["value"])
        for t in lc.TEMPERATURES:
            assert np.all(np.diff(c.error[t].flops) > 0)
            gap = np.abs(np.log10(c.error[t].flops / c.loss.flops))
            assert np.all(gap <= c.error[t].flops_dex + c.loss.flops_dex)
        # only two of the eleven models are named in the paper's tables
        assert [m for m in c.loss.model if m] == ["LaMDA 40M", "LaMDA 68B"]
        assert c.loss.label(1) == "LaMDA 40M"
        assert c.loss.label(0) == "LaMDA model 1 of 11 (size not published)"
        assert c.baseline == pytest.approx(100.0, abs=0.1) and c.baseline_uncertainty > 0
        # rows point back into the frame (1-based)
        assert all(wei.loc[r - 1, "quantity"] == "cross_entropy_loss" for r in c.loss.rows)


def test_task_curves_errors(wei):
    with pytest.raises(EmergenceInputError, match="task"):
        lc.task_curves(wei, "Persian QA")
    with pytest.raises(EmergenceInputError, match="df"):
        lc.task_curves(wei.to_dict(), lc.TASKS[0])
    with pytest.raises(EmergenceDataError, match="'uncertainty'") as err:
        lc.task_curves(wei.drop(columns="uncertainty"), lc.TASKS[0])
    assert err.value.dataset == "wei_loss"


def _row(wei, task, quantity, point):
    m = (wei["task"] == task) & (wei["quantity"] == quantity) & (wei["point_index"] == point)
    return int(np.flatnonzero(m)[0])


def test_task_curves_data_errors_name_row_and_column(wei):
    task = lc.TASKS[1]
    gap = wei.drop(index=_row(wei, task, "error_rate_T0", 4)).reset_index(drop=True)
    with pytest.raises(EmergenceDataError, match="point_index") as err:
        lc.task_curves(gap, task)
    assert err.value.column == "point_index" and err.value.row is not None

    moved = wei.copy()
    k = _row(wei, task, "cross_entropy_loss", 6)
    moved.loc[k, "train_flops"] *= 1.9  # still increasing, but off its error-rate partner
    with pytest.raises(EmergenceDataError, match="dex") as err:
        lc.task_curves(moved, task)
    assert err.value.column == "train_flops"

    nan = wei.copy()
    k = _row(wei, task, "error_rate_T1", 2)
    nan.loc[k, "value"] = np.nan
    with pytest.raises(EmergenceDataError, match="finite") as err:
        lc.task_curves(nan, task)
    assert (err.value.row, err.value.column) == (k + 1, "value")

    short = wei.drop(index=_row(wei, task, "cross_entropy_loss", 10)).reset_index(drop=True)
    with pytest.raises(EmergenceDataError, match="pair up"):
        lc.task_curves(short, task)

    base = wei[(wei["task"] == task) & (wei["quantity"] == "error_rate_random_baseline")]
    two = pd.concat([wei, base], ignore_index=True)
    with pytest.raises(EmergenceDataError, match="random-baseline"):
        lc.task_curves(two, task)

    unsorted = wei.copy()
    k = _row(wei, task, "error_rate_T0", 3)
    unsorted.loc[k, "train_flops"] = unsorted.loc[_row(wei, task, "error_rate_T0", 2),
                                                  "train_flops"]
    with pytest.raises(EmergenceDataError, match="increase"):
        lc.task_curves(unsorted, task)


# ------------------------------------------------------------------------------ switch-on points
def test_switch_on_index_hand_cases():
    err = [100.0, 99.0, 96.0, 90.0, 93.0]
    assert lc.switch_on_index(err, 5.0) == 3
    assert lc.switch_on_index(err, 1.0) == 1  # accuracy exactly at the threshold counts
    assert lc.switch_on_index(err, 4.0) == 2
    assert lc.switch_on_index(err, 10.0) == 3
    assert lc.switch_on_index(err, 10.5) is None
    assert lc.switch_on_index([50.0], 50.0) == 0


@pytest.mark.parametrize("bad", [0.0, -1.0, 100.5, float("nan"), "five", None])
def test_switch_on_index_rejects_bad_thresholds(bad):
    with pytest.raises(EmergenceInputError, match="threshold"):
        lc.switch_on_index([99.0, 90.0], bad)


@pytest.mark.parametrize("bad", [[], [[99.0, 90.0]], [99.0, np.nan], "abc"])
def test_switch_on_index_rejects_bad_error_rates(bad):
    with pytest.raises(EmergenceInputError, match="error_rate"):
        lc.switch_on_index(bad, 5.0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=1, max_size=15), st.floats(0.5, 50),
       st.floats(0.5, 50))
def test_switch_on_moves_later_as_the_threshold_rises(err, t1, t2):
    lo, hi = sorted((t1, t2))
    i_lo, i_hi = lc.switch_on_index(err, lo), lc.switch_on_index(err, hi)
    if i_hi is not None:
        assert i_lo is not None and i_lo <= i_hi
    if i_lo is not None:
        assert 100 - err[i_lo] >= lo and all(100 - e < lo for e in err[:i_lo])


def test_switch_on_on_the_real_curves(wei):
    for task in lc.TASKS:
        c = lc.task_curves(wei, task)
        for t in lc.TEMPERATURES:
            acc = 100 - c.error[t].value
            for thr in (0.5, 1.0, 2.5, 5.0, 10.0, 15.0, 25.0):
                s = lc.switch_on(c, thr, t)
                hits = np.flatnonzero(acc >= thr)
                if hits.size == 0:
                    assert s.index is None and np.isnan(s.loss)
                    assert s.max_score_before == pytest.approx(acc.max())
                    continue
                i = int(hits[0])
                assert s.index == i and s.flops == c.error[t].flops[i]
                assert s.loss == c.loss.value[i] and s.loss_first == c.loss.value[0]
                assert s.score == pytest.approx(acc[i])
                assert s.clear == bool(acc[i] - c.error[t].uncertainty[i] >= thr)
                assert s.stays_on == bool(np.all(acc[i:] >= thr))
                assert s.model == c.error[t].label(i)
    with pytest.raises(EmergenceInputError, match="temperature"):
        lc.switch_on(lc.task_curves(wei, lc.TASKS[0]), 5.0, temperature=0.5)


def test_loss_falls_while_the_error_rate_stays_near_100(wei):
    # the point of the figure, checked on the digitized data: in the flat phase the loss drops
    # by more than the reading uncertainty
    flat = lc.flat_phase_table(wei, max_score=2.0)
    assert list(flat["task"]) == list(lc.TASKS)
    for _, row in flat.iterrows():
        assert row["n_models"] >= 5 and row["max_error"] <= 100.1 and row["min_error"] > 98.0
        assert row["loss_first"] - row["loss_last"] > row["loss_first_unc"] + row["loss_last_unc"]
        assert row["loss_drop"] == pytest.approx(1 - row["loss_last"] / row["loss_first"])
        c = lc.task_curves(wei, row["task"])
        assert row["n_models"] == lc.switch_on_index(c.error[0].value, 2.0)


def test_flat_phase_table_edge_cases_and_errors(wei):
    everything = lc.flat_phase_table(wei, max_score=100.0, temperature=1)
    assert (everything["n_models"] == 11).all()
    for bad in (0.0, 101.0, "x"):
        with pytest.raises(EmergenceInputError, match="max_score"):
            lc.flat_phase_table(wei, max_score=bad)
    with pytest.raises(EmergenceInputError, match="temperature"):
        lc.flat_phase_table(wei, temperature=2)
    # a task whose smallest model is already above the threshold has an empty flat phase
    easy = wei.copy()
    k = _row(wei, lc.TASKS[0], "error_rate_T0", 0)
    easy.loc[k, "value"] = 50.0
    assert lc.flat_phase_table(easy).iloc[0]["n_models"] == 0


def test_switch_on_table(wei):
    tab = lc.switch_on_table(wei, 5.0)
    assert len(tab) == len(lc.TASKS) * len(lc.TEMPERATURES)
    for _, row in tab.iterrows():
        s = lc.switch_on(lc.task_curves(wei, row["task"]), 5.0, row["temperature"])
        assert row["model"] == s.model and (np.isnan(row["loss"]) if s.index is None
                                            else row["loss"] == s.loss)
    # the loss at which the tasks switch on is not one common value
    t0 = tab[tab["temperature"] == 0]
    assert t0["loss"].max() - t0["loss"].min() > 1.0
    with pytest.raises(EmergenceInputError, match="threshold"):
        lc.switch_on_table(wei, 0)


# ------------------------------------------------------------------------------ figures
def test_plot_wei_loss(wei):
    fig, art = lc.plot_wei_loss(wei)
    assert isinstance(fig, Figure) and len(art["axes"]) == 6
    for task in lc.TASKS:
        c = lc.task_curves(wei, task)
        assert np.allclose(art["series"][(task, "loss")].get_ydata(), c.loss.value)
        assert np.allclose(art["series"][(task, "T1")].get_ydata(), c.error[1].value)
        assert art["axes"][(task, "loss")].get_yscale() == "log"
        # error bars: one vertical and one horizontal segment per point and series
        ax = art["axes"][(task, "error")]
        assert sum(len(col.get_segments()) for col in ax.collections) == 2 * 2 * 11
    assert figure_png(fig)[:4] == b"\x89PNG"
    with pytest.raises(EmergenceInputError, match="df"):
        lc.plot_wei_loss(None)


def test_loss_explorer_static_figure_at_defaults(wei):
    ex = lc.build_loss_explorer(wei)
    s = ex.state["switch"]
    assert ex.defaults == {"task": lc.TASKS[0], "temperature": 0, "threshold": 5.0}
    assert s.model == "LaMDA 68B"
    a = ex.artists
    assert a["threshold"].get_ydata()[0] == pytest.approx(95.0)
    assert a["ring_error"].get_data()[1][0] == s.error
    assert a["ring_loss"].get_data()[1][0] == s.loss
    assert a["h_loss"].get_ydata()[0] == s.loss and a["v_error"].get_xdata()[0] == s.flops
    segs = a["loss"]["yerr"].get_segments()
    c = lc.task_curves(wei, lc.TASKS[0])
    assert np.allclose([sg[1, 1] - sg[0, 1] for sg in segs], 2 * c.loss.uncertainty)
    assert "digitized" in ex.alt(**ex.defaults)
    assert ex.tasks == list(lc.TASKS)
    assert figure_png(ex.fig)[:4] == b"\x89PNG"


def test_loss_explorer_hides_the_marks_when_nothing_switches_on(wei):
    ex = lc.build_loss_explorer(wei)
    caption = ex.update(task="IPA transliterate", temperature=1, threshold=25.0)
    assert "no model" in caption
    assert not ex.artists["ring_error"].get_visible() and not ex.artists["h_loss"].get_visible()
    ex.update(task="IPA transliterate", temperature=0, threshold=20.0)
    assert ex.artists["ring_error"].get_visible()


def test_loss_explorer_rejects_bad_values(wei):
    ex = lc.build_loss_explorer(wei)
    for name, bad in [("task", "BoolQ"), ("temperature", 2), ("threshold", 0.0),
                      ("threshold", 120.0)]:
        with pytest.raises(EmergenceInputError, match=name):
            ex.update(**{**ex.defaults, name: bad})
    with pytest.raises(EmergenceInputError, match="threshold"):
        lc.loss_widget(wei, threshold=3.3)  # not a position of the slider
    with pytest.raises(EmergenceInputError, match="task"):
        lc.build_loss_explorer(wei, task="nope")


def _snapshot(ex) -> tuple:
    a = ex.artists
    return (tuple(a["loss"]["line"].get_ydata()), tuple(a["threshold"].get_ydata()),
            a["box"].get_text(), a["ring_error"].get_visible(),
            a["error"][0]["line"].get_alpha(), a["title"].get_text())


def _extremes(widget) -> list:
    if hasattr(widget, "options") and widget.options:
        values = [o[1] if isinstance(o, tuple) else o for o in widget.options]
        return [values[0], values[len(values) // 2], values[-1]]
    lo, hi = widget.min, widget.max
    return [lo, lo + round((hi - lo) / widget.step / 2) * widget.step, hi]


@pytest.mark.parametrize("control", ["task", "temperature", "threshold"])
def test_loss_widget_controls_change_artists_in_place(wei, control):
    live = lc.loss_widget(wei, prompt="Where does it switch on?")
    ex = live.explorer
    ax_e, ax_l = ex.artists["ax_error"], ex.artists["ax_loss"]
    before_artists = (list(ax_e.lines), list(ax_l.lines), list(ax_e.collections))
    snaps = {_snapshot(ex)}
    values = _extremes(live.controls[control])
    for value in values:
        before, current = live.n_updates, live.controls[control].value
        live.set(**{control: value})
        assert live.n_updates == before + (value != current)
        assert ex.state[control] == value and live.caption
        snaps.add(_snapshot(ex))
    assert len(snaps) == len(set(values) | {ex.defaults[control]}), f"{control}: no change"
    assert (list(ax_e.lines), list(ax_l.lines), list(ax_e.collections)) == before_artists
    assert live.fig is ex.fig


# ------------------------------------------------------------------------------ BLEU, not accuracy
def test_ipa_is_read_as_bleu_from_the_data_labels(wei, wei_bleu):
    """IPA transliterate's "error rate" is 100 - BLEU: every table and label says so, read from
    the data's ``metric`` column (not from the task name)."""
    c = lc.task_curves(wei_bleu, "IPA transliterate")
    assert c.score == "BLEU" and c.error[0].metric == "100 - BLEU at T=0"
    assert c.error[1].unit == "BLEU points"
    for task in ("Modified arithmetic", "Word unscramble"):
        assert lc.task_curves(wei_bleu, task).score == "accuracy"
    tab = lc.switch_on_table(wei_bleu, 5.0).set_index(["task", "temperature"])
    assert tab.loc[("IPA transliterate", 0), "score_name"] == "BLEU"
    assert tab.loc[("IPA transliterate", 1), "metric"] == "100 - BLEU at T=1"
    assert tab.loc[("Modified arithmetic", 0), "score_name"] == "accuracy"
    assert "accuracy" not in tab.columns  # the column is the score, whatever it measures
    flat = lc.flat_phase_table(wei_bleu).set_index("task")
    assert flat.loc["IPA transliterate", "metric"] == "100 - BLEU at T=0"
    assert flat.loc["Word unscramble", "metric"] == "error rate at T=0"
    # the same numbers as with the old labels: only the names change
    old = lc.switch_on_table(wei, 5.0)
    assert np.allclose(old["score"], tab["score"].to_numpy(), equal_nan=True)
    # the label follows the data, not the task: relabelling another task moves it
    other = wei_bleu.copy()
    other.loc[other["task"] == "Word unscramble", "metric"] = "100 - BLEU at T=0"
    assert lc.task_curves(other, "Word unscramble").score == "BLEU"


def test_bleu_labels_in_the_figure_and_the_explorer(wei_bleu):
    fig, art = lc.plot_wei_loss(wei_bleu)
    assert art["axes"][("IPA transliterate", "error")].get_ylabel() == "100 − BLEU"
    assert art["axes"][("Word unscramble", "error")].get_ylabel() == "error rate (%)"
    ex = lc.build_loss_explorer(wei_bleu)
    caption = ex.update(task="IPA transliterate", temperature=0, threshold=5.0)
    assert "BLEU threshold 5" in caption and "BLEU 15.2" in caption and "accuracy" not in caption
    assert "100 − BLEU" in ex.artists["title"].get_text()
    assert "BLEU ≥ 5" in ex.artists["box"].get_text()
    caption = ex.update(task="Modified arithmetic", temperature=0, threshold=5.0)
    assert "accuracy threshold 5%" in caption and "BLEU" not in caption.split("BIG-bench")[0]


def test_mixed_metric_labels_in_one_series_are_a_data_error(wei_bleu):
    bad = wei_bleu.copy()
    k = _row(wei_bleu, "IPA transliterate", "error_rate_T0", 3)
    bad.loc[k, "metric"] = "error rate at T=0"
    with pytest.raises(EmergenceDataError, match="metric label") as err:
        lc.task_curves(bad, "IPA transliterate")
    assert err.value.column == "metric"


def test_ipa_error_equals_100_minus_the_fig2_bleu(wei):
    """The evidence for the relabel: 100 - error of the loss figure matches Fig. 2B's BLEU."""
    fig2 = data.load("wei_fig2")
    t = lc.compare_with_fig2(wei, fig2, "IPA transliterate", "B")
    assert len(t) == 11 and (t["fig2_metric"] == "BLEU").all()
    assert np.all(np.abs(np.log10(t["flops_loss_figure"] / t["flops_fig2"])) < 0.01)
    assert t["difference"].abs().max() < 0.05  # BLEU points
    # each pair agrees far inside its combined (calibrated) reading uncertainty, 0.11-1.8
    combined = np.hypot(t["unc_loss_figure"], t["unc_fig2"])
    assert np.all(t["difference"].abs() < 0.2 * combined)
    with pytest.raises(EmergenceDataError, match="LaMDA points"):
        lc.compare_with_fig2(wei, fig2, "IPA transliterate", "F")


def test_static_figure_alt_texts_come_from_the_data(wei_bleu):
    _, art = lc.plot_wei_loss(wei_bleu)
    assert "IPA transliterate (100 − BLEU)" in art["alt"]
    assert "Modified arithmetic (error rate in percent)" in art["alt"]


def test_notebook_02_calls_the_ipa_series_bleu():
    import json
    from pathlib import Path

    nb = Path(__file__).resolve().parents[1] / "notebooks" / "02_smooth_loss_scaling.ipynb"
    cells = json.loads(nb.read_text())["cells"]
    md = " ".join(" ".join("".join(c["source"]).split()) for c in cells
                  if c["cell_type"] == "markdown")
    md = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)  # glossary links read as their text
    assert "BIG-bench scores IPA transliterate by **BLEU**" in md
    assert "IPA transliterate reaches a BLEU score of 10" in md
    # reading uncertainties as the calibrated data give them (old: 0.6-1.2 and 0.1-0.2)
    assert "0.6 to 1.2 BLEU points" not in md and "(about 0.1-0.2)" not in md
    wei = data.load("wei_loss")
    t = lc.compare_with_fig2(wei, data.load("wei_fig2"))
    combined = np.hypot(t["unc_loss_figure"], t["unc_fig2"])
    assert f"reading uncertainty ({combined.min():.1f} to {combined.max():.1f} BLEU points)" in md
    ten = lc.switch_on_table(wei, threshold=10.0)
    unc = ten.loc[ten["temperature"] == 0, "loss_uncertainty"]
    assert unc.max() < 0.025 and "reading uncertainties (about 0.02)" in md
    code = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "max_accuracy" not in code and "flat_phase_table(wei, max_score=2.0)" in code
