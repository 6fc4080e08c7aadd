"""Tests for emergence_utils.partial_credit: Wei et al. (2022) Appendix F from the digitized data."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emergence_utils import EmergenceDataError, EmergenceInputError, emergence
from emergence_utils import data as eudata
from emergence_utils import partial_credit as pc
from emergence_utils.widgets import figure_png

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def appf() -> pd.DataFrame:
    return pc.load_appendix_f()


@pytest.fixture(scope="module")
def explorer():
    return pc.build_appendix_f_explorer(n_draws=50)


# ------------------------------------------------------------------------------- data
def test_positions_number_the_twelve_models(appf):
    assert set(appf["position"]) == set(range(1, 13))
    for panel, _, _ in pc.PANELS:
        sub = appf[appf["panel"] == panel]
        # positions increase with FLOPs, and the series with all 12 models has each position once
        order = sub.sort_values("train_flops")["position"].to_numpy()
        assert np.all(np.diff(order) >= 0)
        bleurt = sub[sub["metric"] == "BLEURT"]
        assert sorted(bleurt["position"]) == list(range(1, 13))
    # Wei et al. Table 1: LaMDA 40M at 8.9e19 FLOPs, LaMDA 68B at 1.3e23 FLOPs
    log_x = np.log10(appf["train_flops"].to_numpy())
    assert set(appf.loc[np.abs(log_x - np.log10(8.9e19)) < 0.05, "position"]) == {3}
    assert set(appf.loc[appf["model"] == "LaMDA 68B", "position"]) == {11}


def test_assign_positions_errors(appf):
    raw = eudata.load(pc.DATASET)
    with pytest.raises(EmergenceInputError, match="data"):
        pc.assign_positions([1, 2, 3])
    with pytest.raises(EmergenceDataError, match="'value'"):
        pc.assign_positions(raw.drop(columns=["value"]))
    bad = raw.copy()
    bad.loc[5, "value"] = np.nan
    with pytest.raises(EmergenceDataError, match=r"row 6.*'value'"):
        pc.assign_positions(bad)
    bad = raw.copy()
    bad.loc[3, "train_flops"] = -1.0
    with pytest.raises(EmergenceDataError, match=r"row 4.*'train_flops'"):
        pc.assign_positions(bad)
    bad = raw.copy()
    bad.loc[7, "metric"] = "METEOR"
    with pytest.raises(EmergenceDataError, match=r"row 8.*'metric'"):
        pc.assign_positions(bad)
    bad = raw.copy()
    bad.loc[0, "panel"] = "D"
    with pytest.raises(EmergenceDataError, match=r"row 1.*'panel'"):
        pc.assign_positions(bad)
    # a thirteenth model position in panel A
    bad = raw.copy()
    bad.loc[0, "train_flops"] = 1e25
    with pytest.raises(EmergenceDataError, match="13 groups"):
        pc.assign_positions(bad)
    # two readings of one model in one series (a duplicated row)
    bad = pd.concat([raw, raw.iloc[[20]]], ignore_index=True)
    with pytest.raises(EmergenceDataError, match=rf"row {len(raw) + 1}.*two readings"):
        pc.assign_positions(bad)
    # the input frame is not changed
    assert "position" not in raw.columns


def _readme_missing() -> dict[tuple[str, str], tuple[int, ...]]:
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = text.split("## Appendix F: series not visible", 1)[1].split("\n## ", 1)[0]
    section = section.split("Series that do not exist", 1)[0]  # the hidden ones only
    out = {}
    for line in section.splitlines():
        m = re.match(r"- ([ABC]) [^:]+: (.*)\.$", line.strip())
        if not m:
            continue
        for item in m.group(2).split("; "):
            metric, what = item.split(": ")
            nums = tuple(range(1, 13)) if what == "all 12" else tuple(
                int(v) for v in re.findall(r"\d+", what))
            out[(m.group(1), metric)] = nums
    return out


def test_missing_series_agrees_with_the_data_readme(appf):
    expected = _readme_missing()
    # data/README.md lists every series without a visible marker as hidden; the series that
    # cannot exist (multiple-choice grade on tasks without answer options) are listed apart
    hidden = expected
    assert len(hidden) == 13 and not set(hidden) & set(pc.NOT_APPLICABLE)
    miss = pc.missing_series(appf)
    got = {(r.panel, r.metric): r.missing_positions for r in miss.itertuples()}
    assert got == hidden
    whole = miss[miss["whole_series"]]
    assert set(zip(whole["panel"], whole["metric"], strict=True)) == {
        ("A", "Exact match"), ("A", "ROUGE1"), ("B", "Sequence F1"), ("C", "Exact match"),
        ("C", "ROUGE1")}
    assert (miss["n_visible"] + miss["n_missing"] == pc.N_MODELS).all()
    # multiple-choice grade is not called hidden where it does not exist (issue 11)
    assert not ((miss["metric"] == "Multiple choice grade") & miss["panel"].isin(["A", "B"])).any()


def test_not_applicable_series_agree_with_the_bigbench_task_files():
    """MC grade needs answer options: the task files of panels A and B list no such metric."""
    bb = eudata.load("bigbench_tasks")
    na = pc.not_applicable_series()
    assert set(zip(na["panel"], na["metric"], strict=True)) == set(pc.NOT_APPLICABLE)
    for task in ("modified_arithmetic", "international_phonetic_alphabet_transliterate"):
        rows = bb[bb["bigbench_task"] == task]
        assert not rows.empty
        metrics = ";".join(rows["metrics"].fillna("").astype(str))
        assert "multiple_choice_grade" not in metrics
        assert "exact_str_match" in metrics
    periodic = ";".join(bb.loc[bb["bigbench_task"] == "periodic_elements", "metrics"]
                        .fillna("").astype(str))
    assert "multiple_choice_grade" in periodic  # panel C has it, and the data has the series


def _complete_panel() -> pd.DataFrame:
    """Synthetic rows (not data): panel A with every metric at every model position."""
    rows = [{"panel": "A", "task": "Modified arithmetic", "metric": m,
             "train_flops": 10.0 ** (18 + 0.5 * k), "value": float(k), "uncertainty": 1.0}
            for m in pc.METRICS for k in range(12)]
    return pd.DataFrame(rows)


def test_absent_note(appf):
    a = pc.absent_note("A", appf, width=1000)
    assert a == ("Hidden in the paper's figure, so absent here: Exact match, ROUGE1 "
                 "(all models); ROUGE2 models 3, 4, 7; ROUGE L-Sum models 6\u20138; BLEU models "
                 "1\u20136. No MC grade: the task has no answer options.")
    b = pc.absent_note("B", appf, width=1000)
    assert "Sequence F1 (all models)" in b and "Exact match model 1;" in b
    assert "No MC grade: the task has no answer options." in b
    c = pc.absent_note("C", appf, width=1000)
    assert "ROUGE L-Sum models 1, 3, 6\u201310, 12" in c
    wrapped = pc.absent_note("A", appf, width=30)
    assert max(len(line) for line in wrapped.splitlines()) <= 30
    assert pc.absent_note("A", _complete_panel()) == "No MC grade: the task has no answer options."
    assert "MC grade" not in pc.absent_note("C", appf)
    with pytest.raises(EmergenceInputError, match="panel"):
        pc.absent_note("D", appf)
    with pytest.raises(EmergenceInputError, match="width"):
        pc.absent_note("A", appf, width=5)


def test_ranges_helper():
    assert pc._ranges([1, 2, 3, 6]) == "1\u20133, 6"
    assert pc._ranges([6, 7]) == "6, 7"
    assert pc._ranges([3, 4, 7]) == "3, 4, 7"
    assert pc._ranges([5]) == "5"


# ------------------------------------------------------------------------------- emergence score
@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.floats(-50, 100, allow_nan=False), min_size=5, max_size=5),
                min_size=1, max_size=6))
def test_emergence_score_many_matches_the_scalar_function(rows):
    y = np.array(rows)
    x = np.logspace(18, 24, y.shape[1])
    got = pc.emergence_score_many(y)
    for row, b in zip(y, got, strict=True):
        want = emergence.emergence_score(x, row)
        if np.isinf(want):
            assert b == want
        else:
            assert b == pytest.approx(want, rel=1e-9, abs=1e-9)


def test_emergence_score_many_is_eq1_not_last_minus_first():
    """Schaeffer et al.'s Eq. 1 takes max - min over all models, signed by argmax - argmin; the
    old breakthroughness_many took last - first (issue 11)."""
    peak = [0.0, 1.0, 2.0, 10.0, 3.0]  # best model in the middle, last is not the maximum
    s = pc.emergence_score_many([peak])[0]
    steps = np.sqrt(np.median(np.diff(peak) ** 2))
    assert s == pytest.approx(10.0 / steps)
    assert s != pytest.approx(3.0 / steps)  # the last-minus-first value
    assert s == pytest.approx(emergence.emergence_score(np.arange(5) + 1.0, peak))
    assert emergence.endpoint_score(np.arange(5) + 1.0, peak) == pytest.approx(3.0 / steps)
    assert not hasattr(pc, "breakthroughness_many")
    assert not hasattr(pc, "breakthroughness_table")


def test_emergence_score_many_hand_cases_and_errors():
    steady = np.arange(12.0)
    jump = np.r_[np.zeros(10), 5.0, 10.0]
    b = pc.emergence_score_many([steady, jump, np.full(12, 3.0), steady[::-1]])
    assert b[0] == pytest.approx(11.0)  # 11 equal steps
    assert b[1] == np.inf  # median step 0, all change in two steps
    assert b[2] == 0.0
    assert b[3] == pytest.approx(-11.0)  # a falling curve: the worst model is the largest
    with pytest.raises(EmergenceInputError, match="shape"):
        pc.emergence_score_many([1.0, 2.0])
    with pytest.raises(EmergenceInputError, match="shape"):
        pc.emergence_score_many([[1.0]])
    with pytest.raises(EmergenceInputError, match="finite"):
        pc.emergence_score_many([[1.0, np.nan]])


def test_pre_jump_slope():
    x = 10.0 ** np.arange(18, 24)  # six models one decade apart
    y = np.array([1.0, 3.0, 5.0, 7.0, 30.0, 60.0])
    assert pc.pre_jump_slope(x, y) == pytest.approx(2.0)  # 2 points per decade before the jump
    assert pc.pre_jump_slope(x[::-1], y[::-1]) == pytest.approx(2.0)  # any order
    assert pc.pre_jump_slope(x, y, n_last=0) == pytest.approx(np.polyfit(np.arange(6), y, 1)[0])
    with pytest.raises(EmergenceInputError, match="n_last"):
        pc.pre_jump_slope(x, y, n_last=5)
    with pytest.raises(EmergenceInputError, match="n_last"):
        pc.pre_jump_slope(x, y, n_last=-1)
    with pytest.raises(EmergenceInputError, match="train_flops"):
        pc.pre_jump_slope(-x, y)
    with pytest.raises(EmergenceInputError, match="values"):
        pc.pre_jump_slope(x, y[:3])


def test_emergence_score_table(appf):
    t = pc.emergence_score_table(appf, n_draws=200)
    counts = appf.groupby(["panel", "metric"]).size()
    assert len(t) == len(counts) == 17
    for r in t.itertuples():
        s = appf[(appf["panel"] == r.panel) & (appf["metric"] == r.metric)]
        s = s.sort_values("train_flops")
        assert r.n_points == len(s) and r.complete == (len(s) == 12)
        assert r.emergence_score == pytest.approx(
            emergence.emergence_score(s["train_flops"], s["value"]))
        assert r.rise == pytest.approx(s["value"].max() - s["value"].min())
        assert r.flat == (r.rise < 2 * s["uncertainty"].median())
        assert r.s_low <= r.s_high
        v = dict(zip(s["position"], s["value"], strict=True))
        if {10, 11, 12} <= set(s["position"]):
            first = s["value"].iloc[0]
            assert r.last_two_share == pytest.approx((v[12] - v[10]) / (v[12] - first))
            assert r.share_low <= r.share_high
            if not r.flat:  # re-reading scatters around the value as read
                assert r.share_low - 0.05 <= r.last_two_share <= r.share_high + 0.05
        else:
            assert np.isnan(r.last_two_share)
        if 10 in v and s["position"].iloc[0] < 10:
            assert r.pre_rise == pytest.approx(v[10] - s["value"].iloc[0])
            upto = s[s["position"] <= 10]
            assert r.pre_slope == pytest.approx(
                np.polyfit(np.log10(upto["train_flops"]), upto["value"], 1)[0])
        else:
            assert np.isnan(r.pre_rise) and np.isnan(r.pre_slope)
    flat = set(zip(t.loc[t["flat"], "panel"], t.loc[t["flat"], "metric"], strict=True))
    assert flat == {("A", "ROUGE2"), ("A", "BLEU"), ("B", "Exact match"), ("C", "ROUGE2"),
                    ("C", "BLEU")}
    # Wei et al.'s point, in numbers: every series that rises gains most of it at the end
    rising = t[~t["flat"] & t["last_two_share"].notna()]
    assert (rising["last_two_share"] > 0.5).all()
    # ...but not every partial-credit series is flat before that (issue 11): on IPA
    # transliterate, ROUGE1 and ROUGE L-Sum rise steadily over the smaller models
    ipa = t[t["panel"] == "B"].set_index("metric")
    for metric, least in (("ROUGE1", 10.0), ("ROUGE L-Sum", 15.0)):
        row = ipa.loc[metric]
        assert row["rises_before"] and row["pre_rise"] > least
        assert row["pre_rise"] > 5 * row["noise"] and row["pre_slope"] > 3.0
        assert row["last_slope"] > 5 * row["pre_slope"]  # and the jump is steeper still
    assert ipa.loc["ROUGE1", "last_two_share"] == pytest.approx(0.77, abs=0.01)
    assert ipa.loc["ROUGE L-Sum", "last_two_share"] == pytest.approx(0.68, abs=0.01)
    # the noise is the calibrated digitization uncertainty (data/README.md): 0.13 pp for the
    # clean IPA ROUGE1 / ROUGE L-Sum markers (0.48 and 1.15 pp before the calibration), so two
    # small pre-jump rises (BLEU on IPA, 1.0 pp; sequence F1 on modified arithmetic, 0.7 pp)
    # now exceed twice the noise, while the almost hidden ROUGE L-Sum of panel A (2.3 pp) does not
    for metric in ("ROUGE1", "ROUGE L-Sum"):
        assert ipa.loc[metric, "noise"] == pytest.approx(0.13, abs=0.005)
    before = set(zip(t.loc[t["rises_before"], "panel"], t.loc[t["rises_before"], "metric"],
                     strict=True))
    assert before == {("A", "BLEURT"), ("A", "Sequence F1"), ("B", "ROUGE1"), ("B", "ROUGE2"),
                      ("B", "ROUGE L-Sum"), ("B", "BLEURT"), ("B", "BLEU"), ("C", "BLEURT"),
                      ("C", "Sequence F1"), ("C", "Multiple choice grade")}
    # reproducible with a seed, different with another
    t2 = pc.emergence_score_table(appf, n_draws=200)
    pd.testing.assert_frame_equal(t, t2)
    t3 = pc.emergence_score_table(appf, n_draws=200, seed=1)
    assert not np.allclose(t["s_low"], t3["s_low"])


def test_emergence_score_table_errors(appf):
    with pytest.raises(EmergenceInputError, match="n_draws"):
        pc.emergence_score_table(appf, n_draws=3)
    with pytest.raises(EmergenceInputError, match="seed"):
        pc.emergence_score_table(appf, seed=1.5)


# ------------------------------------------------------------------------------- figure
def _overlay_matches_real_text(ex) -> bool:
    ov = ex.artists["overlay"]
    fast = ov._render()
    ov.image.set_visible(False)
    ov._text_visible(True)
    slow = ov._render()
    ov._text_visible(False)
    ov.image.set_visible(True)
    return bool(np.array_equal(fast, slow))


def _problems(fig) -> list[str]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    r = canvas.get_renderer()
    fb = fig.bbox
    out = []
    boxes = [("suptitle", fig._suptitle.get_window_extent(r)),
             ("legend", fig.legends[0].get_window_extent(r))]
    for i, ax in enumerate(fig.axes):
        boxes.append((f"axes {i}", ax.get_tightbbox(r)))
    for name, bb in boxes:
        if bb.x0 < -0.5 or bb.y0 < -0.5 or bb.x1 > fb.x1 + 0.5 or bb.y1 > fb.y1 + 0.5:
            out.append(f"{name} {bb.extents} outside {fb.extents}")
    return out


def test_static_figure_at_defaults(explorer):
    ex = explorer
    ex.update(**ex.defaults)
    assert set(ex.artists["axes"]) == {"A", "B", "C"}
    assert len(ex.artists["series"]) == 17
    # every series is drawn from the data, with its own style and error bars
    appf = pc.load_appendix_f()
    for (panel, metric), arts in ex.artists["series"].items():
        s = appf[(appf["panel"] == panel) & (appf["metric"] == metric)].sort_values("train_flops")
        (mk,) = arts["markers"]
        np.testing.assert_allclose(mk.get_xdata(), s["train_flops"])
        np.testing.assert_allclose(mk.get_ydata(), s["value"])
        assert mk.get_marker() == pc.METRIC_STYLES[metric].marker
        assert arts["errorbars"] and all(e.get_visible() for e in arts["errorbars"])
        # the connecting line breaks (NaN) exactly where models are missing
        if arts["line"]:
            n_gaps = int(np.sum(np.diff(s["position"].to_numpy()) > 1))
            assert int(np.isnan(arts["line"][0].get_ydata()).sum()) == n_gaps
    for panel in "ABC":
        assert ex.artists["absent"][panel].get_text() == pc.absent_note(panel, appf)
    assert [t.get_text() for t in ex.artists["legend"].get_texts()] == list(pc.METRICS)
    assert figure_png(ex.fig)[:8] == b"\x89PNG\r\n\x1a\n"
    assert "twelve LaMDA models" in ex.alt(**ex.defaults)
    assert not _problems(ex.fig)
    assert _overlay_matches_real_text(ex)


@pytest.mark.parametrize("metric", [pc.ALL, "Exact match", "BLEURT", "Multiple choice grade",
                                    "ROUGE L-Sum"])
def test_update_highlights_one_metric(explorer, metric):
    ex = explorer
    caption = ex.update(metric=metric, uncertainty=True)
    for (_panel, m), arts in ex.artists["series"].items():
        on = metric in (pc.ALL, m)
        assert arts["markers"][0].get_alpha() == (1.0 if on else pytest.approx(0.12))
        assert all(e.get_visible() == on for e in arts["errorbars"])
    for panel in ex.artists["axes"]:
        info = ex.artists["info"][panel]
        if metric == pc.ALL:
            assert not info.get_visible()
            continue
        assert info.get_visible() and info.get_text().startswith(pc.SHORT_NAMES[metric])
        row = ex.table[(ex.table["panel"] == panel) & (ex.table["metric"] == metric)]
        if row.empty:
            if (panel, metric) in pc.NOT_APPLICABLE:
                assert "does not exist here" in info.get_text()
            else:
                assert "absent" in info.get_text()
        elif row["flat"].iloc[0]:
            assert "S means nothing" in info.get_text()
        elif np.isfinite(row["last_two_share"].iloc[0]):
            assert f"{100 * row['last_two_share'].iloc[0]:.0f}% of the rise" in info.get_text()
        else:
            assert "model 10 not visible" in info.get_text()
    if metric == "Exact match":
        assert "A: not visible in the paper's figure" in caption
        assert "B: flat within reading noise" in caption
    if metric == "Multiple choice grade":
        assert "A: does not exist (the task has no answer options)" in caption
        assert "B: does not exist" in caption and "not visible" not in caption
    assert ex.state["metric"] == metric
    assert not _problems(ex.fig)
    assert _overlay_matches_real_text(ex)


def test_update_error_bars_off_and_bad_values(explorer):
    ex = explorer
    ex.update(metric=pc.ALL, uncertainty=False)
    assert not any(e.get_visible() for arts in ex.artists["series"].values()
                   for e in arts["errorbars"])
    assert "digitization error bars" not in ex.alt(metric=pc.ALL, uncertainty=False)
    for kwargs, name in [({"metric": "METEOR"}, "metric"), ({"uncertainty": "yes"}, "uncertainty")]:
        with pytest.raises(EmergenceInputError, match=name):
            ex.update(**{**ex.defaults, **kwargs})
        with pytest.raises(EmergenceInputError, match=name):
            ex.alt(**{**ex.defaults, **kwargs})


def test_savefig_draws_the_real_text(explorer, tmp_path):
    ex = explorer
    ex.update(**ex.defaults)
    ov = ex.artists["overlay"]
    hi = figure_png(ex.fig, dpi=2 * ex.fig.dpi)  # goes through savefig
    assert hi[:8] == b"\x89PNG\r\n\x1a\n"
    ex.fig.savefig(tmp_path / "appf.png")
    # afterwards the fast state is back: text hidden, picture shown
    assert not ex.fig._suptitle.get_visible() and ov.image.get_visible()
    # a plain static figure (real text, no picture) renders the same pixels
    plain = pc.plot_appendix_f()
    assert not any(isinstance(a, pc._Picture) for a in plain.artists)
    assert figure_png(plain) == figure_png(ex.fig)


def test_picture_is_skipped_at_another_canvas_size_until_rebuilt():
    from matplotlib.backends.backend_agg import RendererAgg

    ex = pc.build_appendix_f_explorer(n_draws=20)
    ov = ex.artists["overlay"]
    small = RendererAgg(100, 50, 72)
    ov.image.draw(small)  # wrong size: draws nothing, no error
    assert np.asarray(small.buffer_rgba())[..., 3].max() == 0  # still fully transparent
    ex.fig.set_size_inches(10, 4.5)
    ov.build()
    assert ov.image.rgba.shape[:2] == (round(ex.fig.bbox.height), round(ex.fig.bbox.width))
    assert _overlay_matches_real_text(ex)


def _values(ctl) -> list:
    if hasattr(ctl, "options") and ctl.options:
        opts = list(ctl.options)
        return [opts[0], opts[len(opts) // 2], opts[-1]]
    return [False, True, False]  # checkbox


@pytest.mark.parametrize("control", ["metric", "uncertainty"])
def test_widget_controls_change_artists_in_place(control):
    live = pc.appendix_f_widget(prompt="Which metric jumps least?")
    ex = live.explorer
    fig = ex.fig
    children_before = [list(ax.get_children()) for ax in fig.axes]
    images = []
    for value in _values(live.controls[control]):
        current, before = live.controls[control].value, live.n_updates
        live.set(**{control: value})
        assert live.n_updates == before + (value != current)
        assert ex.state[control] == value
        assert live.caption
        images.append(live._image.value)
    assert len(set(images)) > 1, f"moving {control} did not change the picture"
    assert [list(ax.get_children()) for ax in fig.axes] == children_before
    assert live.fig is fig


def test_benchmark_explorer_reports_timings():
    out = pc.benchmark_explorer(n_moves=3)
    assert out["n_moves"] == 3
    assert out["build_ms"] > 0 and 0 < out["update_median_ms"]
    assert 0 < out["refresh_median_ms"] <= out["refresh_max_ms"]
    assert out["refresh_cpu_median_ms"] > 0
    with pytest.raises(EmergenceInputError, match="n_moves"):
        pc.benchmark_explorer(n_moves=0)


@pytest.mark.parametrize("style_name", ["notebook", "seminar", "print"])
def test_nothing_clipped_in_every_style(style_name):
    import warnings

    import matplotlib as mpl

    from emergence_utils import style

    with mpl.rc_context(), warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. "constrained_layout not applied"
        style.use(style_name)
        ex = pc.build_appendix_f_explorer(metric="BLEURT", n_draws=20)
        assert not _problems(ex.fig)
        assert _overlay_matches_real_text(ex)


def test_flops_tick_labels():
    assert pc._flops_label(1e18) == "1e18" and pc._flops_label(1e24) == "1e24"
    assert pc._flops_label(3e20) == "" and pc._flops_label(0.0) == ""


# ------------------------------------------------------------------------------- notebook prose
def _nb05_markdown() -> str:
    import json

    path = ROOT / "notebooks" / "05_partial_credit_metrics.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join(c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                     for c in cells if c["cell_type"] == "markdown")


def test_notebook_05_prose_carries_the_corrections():
    """Issue 11 items that live in the notebook's prose (the numbers are pinned above)."""
    text = _nb05_markdown()
    flat = " ".join(text.split())
    # the old score and the old false statements are gone
    assert "breakthroughness" not in flat.lower()
    assert "No partial-credit metric here rises steadily" not in flat
    assert "are not linear in the per-token error rate either" not in flat
    # the Brier example teaches lower is better: 0.80 is worse than the uniform guess
    assert "0.80 is worse than the uniform guess" in flat
    # Schaeffer et al. in full, with their stated limit
    for needle in ("InstructGPT/GPT-3", "92 %", "hand-annotated", "Brier score", "LaMDA",
                   "CIFAR100", "Omniglot", "MNIST", "cannot* display emergent abilities"):
        assert needle in flat, needle
    # IPA ROUGE: a steady rise before the jump is stated
    assert "not every partial-credit series is flat before the jump" in flat.lower()
    # graphemes vs code points for BLEU
    assert "code point" in flat and 'tokenize="grapheme"' in flat
    # the reading noise quoted is the calibrated one, not the digitizer's old 0.5 / 1.2 points
    assert "reading noise of about 0.5 and 1.2" not in flat
    assert "error bars of about 1 point" not in flat
    # MC grade on arithmetic and IPA: does not exist, not "hidden"
    assert "do not exist" in flat.lower()
    assert "multiple-choice grade on IPA" not in flat


def test_reread_ranges_quoted_in_notebook_05(appf):
    """The numbers the emergence-score Bonus quotes (default draws and seed, as in the notebook).

    With the calibrated uncertainties the re-read ranges of the rising series span 4 to 78
    (75 before the calibration), and BLEU on IPA goes from 111 as read to 32-78 re-read.
    """
    t = pc.emergence_score_table(appf)
    rising = t[~t["flat"]]
    assert round(rising["s_low"].min()) == 4 and round(rising["s_high"].max()) == 78
    bleu = t[(t["panel"] == "B") & (t["metric"] == "BLEU")].iloc[0]
    assert (round(bleu["emergence_score"]), round(bleu["s_low"]), round(bleu["s_high"])) == (
        111, 32, 78)
    f1 = t[(t["panel"] == "C") & (t["metric"] == "Sequence F1")].iloc[0]
    assert (round(f1["emergence_score"]), round(f1["s_low"]), round(f1["s_high"])) == (
        863, 22, 43)


def test_data_readme_says_mc_grade_does_not_exist_on_a_and_b():
    """data/README.md: MC grade of panels A and B is listed as non-existent, not as hidden."""
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = text.split("## Appendix F: series not visible", 1)[1].split("\n## ", 1)[0]
    hidden, _, missing = section.partition("Series that do not exist (not hidden)")
    assert "Multiple choice grade" not in hidden
    for panel, task in (("A", "Modified arithmetic"), ("B", "IPA transliterate")):
        assert f"- {panel} {task}: Multiple choice grade" in missing
    assert "- C Periodic elements: Multiple choice grade" not in missing


def test_notebook_05_cell_ids_are_unique():
    import json
    path = Path(__file__).resolve().parents[1] / "notebooks" / "05_partial_credit_metrics.ipynb"
    ids = [c["id"] for c in json.loads(path.read_text(encoding="utf-8"))["cells"]]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
