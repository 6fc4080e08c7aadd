"""emergence_utils.open_models: computations checked against independent recomputation from the
datasets, widgets checked for moving controls, alt text, static render and blitting."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import emergence_utils as eu
from emergence_utils import open_models as om
from emergence_utils.emergence import emergence_score

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def df():
    return eu.data.load("pythia_evals")


# ---------------------------------------------------------------------------------------------
# (a) metric choice
# ---------------------------------------------------------------------------------------------
def _lambada(df, family, size=None, step=None):
    g = df[(df["model_family"] == family) & (df["task"] == "LAMBADA") & (df["shots"] == "0")
           & (df["step"] > 0)]
    if size is not None:
        g = g[g["size_label"] == size]
    if step is not None:
        g = g[g["step"] == step]
    acc = g[g["metric"] == "accuracy"].sort_values(["params", "step"])
    ppl = g[g["metric"] == "perplexity"].sort_values(["params", "step"])
    return acc, ppl


@pytest.mark.parametrize("family", om.PYTHIA_FAMILIES)
def test_metric_scores_recomputed_independently(df, family):
    t = om.metric_scores(family)
    assert len(t) == 9 and list(t["n_points"]) == [8] + [26] * 8
    acc, ppl = _lambada(df, family, step=143000)
    row = t.iloc[0]
    assert row["score_accuracy"] == emergence_score(acc["params"], acc["value"])
    assert row["score_neg_log_ppl"] == emergence_score(ppl["params"], -np.log(ppl["value"]))
    for size in ("70M", "12B"):
        acc, ppl = _lambada(df, family, size=size)
        r = t[t["curve"] == f"over training: {size}"].iloc[0]
        assert r["score_accuracy"] == emergence_score(acc["step"], acc["value"])
        assert r["score_neg_log_ppl"] == emergence_score(ppl["step"], -np.log(ppl["value"]))
        assert r["score_neg_ppl"] == emergence_score(ppl["step"], -ppl["value"])
    # sign convention: both metrics improve with scale, so both scores are positive
    assert (t["score_accuracy"] > 0).all() and (t["score_neg_log_ppl"] > 0).all()
    assert set(t["higher"]) <= {"accuracy", "-ln perplexity"}


def test_score_is_the_same_against_params_steps_or_flops(df):
    """The widget plots against FLOPs; Eq. 1 only uses the order of the points."""
    acc, _ = _lambada(df, "Pythia", step=143000)
    assert emergence_score(acc["train_flops"], acc["value"]) == \
        emergence_score(acc["params"], acc["value"])


def test_ipa_metric_scores():
    t = om.ipa_metric_scores().set_index(["family", "metric"])
    e = eu.data.load("obsscaling_emergent")
    e = e[(e["task"] == "ipa_transliterate") & (e["model_family"] == "Pythia")]
    em = e[e["metric"] == "exact match"]
    assert t.loc[("Pythia", "exact match"), "n_models"] == len(em)
    assert t.loc[("Pythia", "exact match"), "n_zero"] == int((em["value"] == 0).sum())
    bleu = e[e["metric"] == "BLEU"].sort_values("train_flops")
    assert t.loc[("Pythia", "BLEU"), "score"] == emergence_score(bleu["train_flops"], bleu["value"])
    assert t.loc[("Pythia", "BLEU"), "unit"] == "score"


# ---------------------------------------------------------------------------------------------
# (b) matched compute
# ---------------------------------------------------------------------------------------------
def test_value_at_compute_interpolates_in_log_flops():
    c = pd.DataFrame({"train_flops": [1e18, 1e20], "value": [0.2, 0.6]})
    assert om.value_at_compute(c, 1e19) == pytest.approx(0.4)
    assert om.value_at_compute(c, 1e18) == pytest.approx(0.2)
    assert math.isnan(om.value_at_compute(c, 1e21))
    with pytest.raises(eu.EmergenceInputError, match="flops"):
        om.value_at_compute(c, -1.0)


@pytest.mark.parametrize("key", ["LAMBADA|accuracy", "LAMBADA|perplexity"])
def test_matched_compute(df, key):
    t = om.matched_compute(key)
    assert list(zip(t["small"], t["large"], strict=True)) == list(
        zip(om.SIZES[:-1], om.SIZES[1:], strict=True))
    task, metric = key.split("|")
    g = df[(df["model_family"] == "Pythia") & (df["task"] == task) & (df["metric"] == metric)
           & (df["shots"] == "0") & (df["step"] > 0)]
    for r in t.itertuples():
        small = g[(g["size_label"] == r.small) & (g["step"] == 143000)].iloc[0]
        large = g[g["size_label"] == r.large].sort_values("train_flops")
        assert r.flops == small["train_flops"]
        assert r.large_step == pytest.approx(r.flops / (6 * large["params"].iloc[0] * 2097152))
        # the large model's step lies between two of its checkpoints; the value between theirs
        lo = large[large["train_flops"] <= r.flops].iloc[-1]
        hi = large[large["train_flops"] >= r.flops].iloc[0]
        f = (lambda v: np.log(v)) if metric == "perplexity" else (lambda v: v)
        assert min(f(lo["value"]), f(hi["value"])) - 1e-12 <= r.large_value <= \
            max(f(lo["value"]), f(hi["value"])) + 1e-12
        assert r.difference == pytest.approx(f(small["value"]) - r.large_value)


def test_steps_and_flops_figure_plots_every_checkpoint(df):
    fig = om.steps_and_flops_figure("LAMBADA|perplexity", "Pythia (deduped)")
    left, right = fig.axes
    curves = [ln for ln in left.get_lines() if ln.get_label() in om.SIZES]
    assert [ln.get_label() for ln in curves] == list(om.SIZES)
    g = df[(df["model"] == "Pythia 12B (deduped)") & (df["metric"] == "perplexity")
           & (df["shots"] == "0") & (df["step"] > 0)].sort_values("step")
    np.testing.assert_array_equal(curves[-1].get_xdata(), g["step"].to_numpy(float))
    np.testing.assert_array_equal(curves[-1].get_ydata(), g["value"].to_numpy(float))
    assert left.get_yscale() == "log" and right.get_xscale() == "log"
    assert eu.widgets.figure_png(fig, tight=True)[:4] == b"\x89PNG"


# ---------------------------------------------------------------------------------------------
# (c) MMLU
# ---------------------------------------------------------------------------------------------
def test_mmlu_table_units_and_families():
    t = om.mmlu_table("5")
    fams = t["model_family"].value_counts()
    assert fams["Pythia"] == 8 and fams["Pythia (deduped)"] == 8
    assert fams["OPT"] == 8 and fams["BLOOM"] == 5
    w = eu.data.load("wei_fig2")
    w = w[(w["panel"] == "G") & (w["model_family"] != "Random")]
    wei = t[t["model_family"].str.endswith("(Wei Fig. 2G)")]
    np.testing.assert_allclose(np.sort(wei["value"]), np.sort(w["value"]) / 100.0)
    opt = t[t["model_family"] == "OPT"]
    assert set(opt["shots"]) == {"0"}
    assert t.loc[t["model"] == "BLOOM 1.7B", "train_flops"].isna().all()
    with pytest.raises(eu.EmergenceInputError, match="shots"):
        om.mmlu_table("3")


def test_mmlu_figure_renders():
    fig = om.mmlu_figure("5")
    png = eu.widgets.figure_png(fig, tight=True)
    assert png[:4] == b"\x89PNG"
    assert "chance (0.25)" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


# ---------------------------------------------------------------------------------------------
# (d) lab vs Pythia
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("view", ["sizes", "training"])
def test_fraction_curves_end_at_one(view):
    d = om.fraction_curves("default", "exact_match", "LAMBADA|accuracy", view)
    assert d["curve"].nunique() == (2 if view == "sizes" else 9)
    for _, g in d.groupby("curve"):
        last = g.sort_values("x").iloc[-1]
        assert last["x"] == 1.0 and last["y"] == pytest.approx(1.0)
    lab = d[d["curve"].str.startswith("lab")]
    chance = eu.lab.chance_level("exact_match", 3)
    v = lab["value"].to_numpy()
    np.testing.assert_allclose(lab["y"], (v - chance) / (v[-1] - chance))


def test_fraction_table():
    t = om.fraction_table(levels=(0.5,))
    d = om.fraction_curves()
    for r in t.itertuples():
        g = d[d["curve"] == r.curve]
        assert r._2 == g.loc[g["y"] >= 0.5, "x"].min()


def test_bad_parameters_are_named():
    with pytest.raises(eu.EmergenceInputError, match="family"):
        om.metric_scores("GPT-3")
    with pytest.raises(eu.EmergenceInputError, match="task"):
        om.training_curves("LAMBADA|bleu")
    with pytest.raises(eu.EmergenceInputError, match="lab_config"):
        om.fraction_curves("nope")
    with pytest.raises(eu.EmergenceInputError, match="budget"):
        om.compute_widget(budget=1e30)


# ---------------------------------------------------------------------------------------------
# Widgets
# ---------------------------------------------------------------------------------------------
WIDGETS = [om.metric_choice_widget, om.compute_widget, om.lab_vs_pythia_widget]


def _decode(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


@pytest.mark.parametrize("factory", WIDGETS, ids=lambda f: f.__name__)
def test_widget_controls_alt_static_and_blitting(factory):
    live = factory()
    moves = eu.widgets.sweep_controls(live, 4, after=lambda lf: eu.testing.texts_outside(lf.fig))
    for name in live.controls:
        assert any(m["changed"] for m in moves if m["control"] == name), name
    assert not [m for m in moves if m["check"]], "text cut off at the figure edge"
    assert live.alt.strip() and live.caption.strip()
    bundle = live._repr_mimebundle_()
    assert "image/png" in bundle or "text/html" in bundle
    # blitting draws the same picture as a full redraw
    for name, ctl in live.controls.items():
        start = ctl.value
        for value in [*eu.widgets.control_values(ctl, 3), start]:
            live.set(**{name: value})
            np.testing.assert_array_equal(_decode(live._image.value), _decode(live.render_full()),
                                          err_msg=f"{name}={value!r}")
    assert live.n_blits > 0


def test_widgets_fit_in_seminar_style():
    import matplotlib as mpl

    with mpl.rc_context():
        eu.style.use("seminar")
        for factory in WIDGETS:
            live = factory()
            moves = eu.widgets.sweep_controls(live, 3,
                                              after=lambda lf: eu.testing.texts_outside(lf.fig))
            assert not [m for m in moves if m["check"]], factory.__name__
        assert not eu.testing.texts_outside(_drawn(om.mmlu_figure()))


def _drawn(fig):
    eu.widgets.figure_png(fig)
    return fig


# ---------------------------------------------------------------------------------------------
# Notebook sections: every code cell runs, in order
# ---------------------------------------------------------------------------------------------
LESSONS = {
    "03_few_shot_emergence.ipynb": ["Below the threshold: MMLU on every Pythia, OPT and BLOOM",
                                    "emergence over training, not only over size: Pythia"],
    "05_partial_credit_metrics.ipynb": ["Real checkpoints, two metrics: Pythia on LAMBADA"],
    "08_emergence_lab.ipynb": ["The lab beside a real model family: Pythia"],
}


@pytest.mark.parametrize("name", sorted(LESSONS))
def test_notebooks_teach_the_open_model_lessons(name):
    """The lessons of issue 13 are sections of the notebooks where they belong, and their code
    uses this module (the notebooks themselves run in tests/test_notebooks_inprocess.py)."""
    import json

    cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells)
    for heading in LESSONS[name]:
        assert re.search(r"^## .*" + re.escape(heading), text, flags=re.M), (name, heading)
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "eu.open_models" in code, name


def test_pythia_piqa_does_not_separate_160m_from_410m_like_the_other_tasks():
    # notebook 03: ARC-Easy and SciQ repeat LAMBADA's pattern, PIQA does not
    def gaps(key):
        t = om.matched_compute(key, "Pythia")
        return t["difference"].iloc[1], t["difference"].iloc[2:].abs().max()
    for key in ("LAMBADA|accuracy", "ARC-Easy|accuracy", "SciQ|accuracy"):
        small, rest = gaps(key)
        assert abs(small) > rest
    small, rest = gaps("PIQA|accuracy")
    assert round(abs(small), 3) <= round(rest, 3)


def test_training_curves_leave_step_0_off_the_flops_axis():
    cur = om.training_curves("LAMBADA|accuracy", "Pythia")
    assert cur["step"].min() == 1 and (cur["train_flops"] > 0).all()
    assert (cur.groupby("size_label").size() == 26).all()
    every = om.evals("Pythia", "LAMBADA", "accuracy", "0")
    assert (every["step"] == 0).any()  # the 27th checkpoint exists in the data


def test_lambada_over_training_flat_accuracy_and_shared_rise():
    """Pins notebook 05, section 7: accuracy is exactly 0 up to step 512 while -ln ppl rises,
    and both metrics gain 44-61 % of their range between steps 512 and 3000 (Pile models)."""
    lam = om.lambada_curves("Pythia")
    acc_share, ppl_share = [], []
    for size in om.SIZES:
        g = lam[lam["size_label"] == size].set_index("step").sort_index()
        early = g.loc[:512]
        assert len(early) == 10 and (early["accuracy"] == 0).all()
        assert early["neg_log_ppl"].iloc[-1] - early["neg_log_ppl"].iloc[0] > 2.0  # nats
        for key, out in (("accuracy", acc_share), ("neg_log_ppl", ppl_share)):
            out.append((g.loc[3000, key] - g.loc[512, key]) / (g[key].max() - g[key].min()))
    assert round(min(acc_share), 2) == 0.44 and round(max(acc_share), 2) == 0.57
    assert round(min(ppl_share), 2) == 0.44 and round(max(ppl_share), 2) == 0.61
    # step 0 (zero FLOPs) is rejected by the score's input check
    with pytest.raises(eu.EmergenceInputError, match="positive"):
        emergence_score([0.0, 1.0, 2.0], [0.0, 0.1, 0.2])
