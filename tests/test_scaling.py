"""Unit tests of emergence_utils.scaling (published constants and the compute-optimal rule)."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from emergence_utils import EmergenceDataError, EmergenceInputError, data
from emergence_utils import scaling as sc
from emergence_utils.widgets import figure_png


def test_published_constants():
    # Hoffmann et al. (2022) approach-3 fit and Kaplan et al. (2020) Eqs. 1.1-1.3
    assert (sc.CHINCHILLA.e, sc.CHINCHILLA.a, sc.CHINCHILLA.b) == (1.69, 406.4, 410.7)
    assert (sc.CHINCHILLA.alpha, sc.CHINCHILLA.beta) == (0.34, 0.28)
    assert (sc.KAPLAN.alpha_n, sc.KAPLAN.n_c) == (0.076, 8.8e13)
    assert (sc.KAPLAN.alpha_d, sc.KAPLAN.d_c) == (0.095, 5.4e13)
    assert (sc.KAPLAN.alpha_c, sc.KAPLAN.c_c_pf_days) == (0.050, 3.1e8)
    assert sc.PF_DAY_FLOPS == pytest.approx(8.64e19)


def test_laws_are_decreasing_power_laws():
    n = np.logspace(6, 12, 7)
    ln = sc.kaplan_loss_n(n)
    assert np.all(np.diff(ln) < 0)
    # a power law is a straight line on log-log axes with slope -alpha
    slope = np.polyfit(np.log(n), np.log(ln), 1)[0]
    assert slope == pytest.approx(-0.076)
    assert sc.kaplan_loss_n(sc.KAPLAN.n_c) == pytest.approx(1.0)
    assert sc.kaplan_loss_d(sc.KAPLAN.d_c) == pytest.approx(1.0)
    assert sc.kaplan_loss_c(sc.KAPLAN.c_c_pf_days * sc.PF_DAY_FLOPS) == pytest.approx(1.0)


def test_chinchilla_loss_value_and_limit():
    # hand computation for N = D = 1e9
    expected = 1.69 + 406.4 / 1e9**0.34 + 410.7 / 1e9**0.28
    assert sc.chinchilla_loss(1e9, 1e9) == pytest.approx(expected)
    assert sc.chinchilla_loss(1e30, 1e30) == pytest.approx(1.69, abs=1e-3)


def test_chinchilla_optimal_is_the_constrained_minimum():
    for c in (1e20, 5.76e23, 1e25):
        n_opt, d_opt = sc.chinchilla_optimal(c)
        assert 6 * n_opt * d_opt == pytest.approx(c)
        # brute force over N along the constraint
        n = np.logspace(np.log10(n_opt) - 1, np.log10(n_opt) + 1, 4001)
        losses = sc.chinchilla_loss(n, c / (6 * n))
        assert n[np.argmin(losses)] == pytest.approx(n_opt, rel=0.01)


def test_training_flops_and_errors():
    assert sc.training_flops(175e9, 300e9) == pytest.approx(3.15e23)
    with pytest.raises(EmergenceInputError, match="params"):
        sc.training_flops(0, 1e9)
    with pytest.raises(EmergenceInputError, match="tokens"):
        sc.chinchilla_loss(1e9, -1)
    with pytest.raises(EmergenceInputError, match="flops"):
        sc.chinchilla_optimal(np.nan)


# ------------------------------------------------------------------ additions for notebook 02
@pytest.fixture(scope="module")
def scales() -> pd.DataFrame:
    return data.load("model_scales")


def test_published_allocation_constants():
    # Hoffmann et al. (2022) Fig. 2 / Fig. 4 captions, Table 2, Table 3
    assert sc.GOPHER_BUDGET_FLOPS == 5.76e23
    assert sc.APPROACH3_GOPHER_PARAMS == 40e9
    assert sc.APPROACH1_ANCHOR == (5.76e23, 67e9)
    assert sc.ALLOCATION_EXPONENTS["Hoffmann approach 3 (parametric fit)"] == (0.46, 0.54)
    assert sc.ALLOCATION_EXPONENTS["Kaplan et al. 2020"] == (0.73, 0.27)
    for a, b in sc.ALLOCATION_EXPONENTS.values():
        assert a + b == pytest.approx(1.0)


def test_chinchilla_optimal_loss_is_the_loss_at_the_optimum_and_falls_with_compute():
    c = np.logspace(19, 26, 15)
    n, d = sc.chinchilla_optimal(c)
    assert np.allclose(sc.chinchilla_optimal_loss(c), sc.chinchilla_loss(n, d))
    assert np.all(np.diff(sc.chinchilla_optimal_loss(c)) < 0)
    assert np.all(sc.chinchilla_optimal_loss(c) > sc.CHINCHILLA.e)
    # the exponent of N_opt is beta / (alpha + beta), close to Table 2's a = 0.46
    slope = np.polyfit(np.log(c), np.log(n), 1)[0]
    assert slope == pytest.approx(0.28 / 0.62)
    assert round(slope, 2) in (0.45, 0.46)
    with pytest.raises(EmergenceInputError, match="flops"):
        sc.chinchilla_optimal_loss(-1.0)


def test_rounded_constants_give_a_smaller_gopher_optimum_than_the_paper_prints():
    n_opt, d_opt = sc.chinchilla_optimal(sc.GOPHER_BUDGET_FLOPS)
    # the formula with the printed (rounded) constants lands below the 40B of Fig. 4's caption
    assert 25e9 < float(n_opt) < sc.APPROACH3_GOPHER_PARAMS
    assert 6 * n_opt * d_opt == pytest.approx(sc.GOPHER_BUDGET_FLOPS)


def test_iso_flop_tokens_spend_the_budget():
    n = np.logspace(7, 12, 6)
    d = sc.iso_flop_tokens(n, 1e22)
    assert np.allclose(sc.training_flops(n, d), 1e22)
    with pytest.raises(EmergenceInputError, match="params"):
        sc.iso_flop_tokens(0.0, 1e22)
    with pytest.raises(EmergenceInputError, match="flops"):
        sc.iso_flop_tokens(1e9, np.inf)


def test_approach1_reproduces_table3_of_hoffmann():
    # Hoffmann et al. (2022) Table 3 rows (parameters, FLOPs)
    for params, flops in [(10e9, 1.23e22), (175e9, 3.85e24), (520e9, 3.43e25), (1e12, 1.27e26)]:
        n_opt, d_opt = sc.approach1_optimal(flops)
        assert float(n_opt) == pytest.approx(params, rel=0.03)
        assert float(6 * n_opt * d_opt) == pytest.approx(flops)
    # approach 1 recommends larger models than approach 3 at every budget
    c = np.logspace(19, 26, 8)
    assert np.all(sc.approach1_optimal(c)[0] > sc.chinchilla_optimal(c)[0])
    with pytest.raises(EmergenceInputError, match="flops"):
        sc.approach1_optimal([1e20, 0.0])


def test_format_count():
    assert sc.format_count(175e9) == "175B"
    assert sc.format_count(1.4e12, "tokens") == "1.4T tokens"
    assert sc.format_count(4e7) == "40M"
    assert sc.format_count(3.14e23) == "3.1e23"
    assert sc.format_count(512) == "512"
    assert sc.format_count(float("nan")) == "n/a"


def test_flops_vs_6nd_on_the_model_table(scales):
    out = sc.flops_vs_6nd(scales)
    assert len(out) == len(scales) and list(out["model"]) == list(scales["model"])
    both = out["flops_ratio"].notna()
    expected = out.loc[both, "train_flops"] / (6 * out.loc[both, "params"]
                                               * out.loc[both, "tokens_used"])
    assert np.allclose(out.loc[both, "flops_ratio"], expected)
    # GPT-3 (Brown et al. Table D.1 counts 6 FLOPs per parameter and token): within 2% of 6ND
    gpt3 = out[out["source"].str.startswith("Brown") & both]
    assert len(gpt3) == 8 and np.all(np.abs(gpt3["flops_ratio"] - 1) < 0.02)
    # PaLM Table 22 includes attention FLOPs: above 6ND for every size
    palm = out[out["source"].str.contains("Table 22") & both]
    assert len(palm) == 3 and np.all(palm["flops_ratio"] > 1.0)
    # Chung et al. Table 2 gives no tokens: taken from the PaLM paper's row of the same model
    row = out[(out["model"] == "PaLM 8B") & out["source"].str.startswith("Chung")].iloc[0]
    palm8 = scales[(scales["model"] == "PaLM 8B") & scales["train_tokens"].notna()].iloc[0]
    assert row["tokens_used"] == palm8["train_tokens"]
    assert row["tokens_source"].startswith("Chowdhery")
    # rows that cannot be checked are kept and say why
    t5 = out[out["model"] == "T5-XXL 11B"].iloc[0]
    assert np.isnan(t5["flops_ratio"]) and "tokens" in t5["check_note"]
    no_flops = out[scales["train_flops"].isna()]
    assert no_flops["flops_ratio"].isna().all()
    assert (no_flops["check_note"] == "no published FLOPs in this row").all()


def test_flops_vs_6nd_lists_disagreeing_token_counts():
    df = pd.DataFrame({
        "model_family": ["X"] * 3, "model": ["X 1B"] * 3, "params": [1e9, 1e9, 1e9],
        "train_tokens": [1e11, 2e11, np.nan], "train_flops": [np.nan, np.nan, 7e20],
        "flops_kind": ["none", "none", "wei2022_table1"], "paper": ["A", "B", "C"],
        "table": ["T1", "T2", "T3"]})
    out = sc.flops_vs_6nd(df)
    last = out.iloc[2]
    assert last["tokens_used"] == 1e11 and last["tokens_source"] == "A T1"
    assert "200B (B T2)" in last["check_note"]
    assert last["flops_ratio"] == pytest.approx(7e20 / 6e20)


def test_model_table_errors(scales):
    with pytest.raises(EmergenceInputError, match="model_scales"):
        sc.flops_vs_6nd(scales.to_dict())
    with pytest.raises(EmergenceDataError, match="'train_tokens'") as err:
        sc.flops_vs_6nd(scales.drop(columns="train_tokens"))
    assert err.value.dataset == "model_scales"
    bad = scales.copy()
    bad.loc[4, "params"] = -1.0
    with pytest.raises(EmergenceDataError, match="row 5") as err:
        sc.allocation_table(bad)
    assert err.value.column == "params"
    with pytest.raises(EmergenceInputError, match="rel_tol"):
        sc.flops_disagreements(scales, rel_tol=-0.1)


def test_flops_disagreements(scales):
    out = sc.flops_disagreements(scales)
    assert set(out["model"]) == {"GPT-3 13B", "GPT-3 175B", "PaLM 8B", "PaLM 62B", "PaLM 540B"}
    for _model, grp in out.groupby("model"):
        assert len(grp) >= 2  # both (all) sources kept
        assert grp["spread"].iloc[0] == pytest.approx(grp["train_flops"].max()
                                                      / grp["train_flops"].min())
    big = sc.flops_disagreements(scales, rel_tol=0.05)
    assert set(big["model"]) == {"PaLM 8B", "PaLM 62B"}


def test_allocation_table(scales):
    out = sc.allocation_table(scales)
    assert list(out["model"]).count("GPT-3 175B") == 1  # Brown and Hoffmann rows agree
    assert np.all(np.diff(out["flops_6nd"]) >= 0)
    assert np.allclose(out["flops_6nd"], 6 * out["params"] * out["train_tokens"])
    n_opt, _ = sc.chinchilla_optimal(out["flops_6nd"].to_numpy())
    assert np.allclose(out["params_over_opt"], out["params"] / n_opt)
    chin = out[out["model"] == "Chinchilla 70B"].iloc[0]
    assert chin["tokens_per_param"] == pytest.approx(20.0)
    gpt3 = out[out["model"] == "GPT-3 175B"].iloc[0]
    # GPT-3 175B is further from the fit's optimum than Chinchilla, and its predicted loss
    # exceeds the optimum at its budget
    assert gpt3["params_over_opt"] > 3 * chin["params_over_opt"]
    assert gpt3["loss_fit"] > gpt3["loss_opt"]
    assert np.all(out["loss_fit"] >= out["loss_opt"] - 1e-12)
    empty = sc.allocation_table(scales[scales["train_tokens"].isna()])
    assert empty.empty and "params_over_opt" in empty.columns


def test_plot_model_scales(scales):
    fig, art = sc.plot_model_scales(scales)
    assert isinstance(fig, Figure)
    ax_c, ax_d = art["axes"]
    n_c = int((scales["train_flops"].notna() & scales["params"].notna()).sum())
    n_d = int((scales["train_tokens"].notna() & scales["params"].notna()).sum())
    assert art["counts"] == {"flops": n_c, "tokens": n_d}
    assert sum(len(v) for v in art["points"].values()) == n_c + n_d
    assert ax_c.get_xscale() == ax_c.get_yscale() == "log"
    assert figure_png(fig)[:4] == b"\x89PNG"
    with pytest.raises(EmergenceInputError, match="model_scales"):
        sc.plot_model_scales([1, 2, 3])


def test_plot_flops_ratio(scales):
    check = sc.flops_vs_6nd(scales)
    fig, art = sc.plot_flops_ratio(check)
    assert len(art["points"]) == int(check["flops_ratio"].notna().sum())
    xs = [ln.get_xdata()[0] for ln in art["points"]]
    assert np.allclose(xs, check["flops_ratio"].dropna())
    assert "T5-XXL 11B" in art["missing"] and "GPT-3 Small" not in art["missing"]
    assert figure_png(fig)[:4] == b"\x89PNG"
    with pytest.raises(EmergenceInputError, match="check"):
        sc.plot_flops_ratio(check.drop(columns="flops_ratio"))


# ------------------------------------------------------------------ the law explorer widget
def test_law_explorer_static_figure_at_defaults(scales):
    ex = sc.build_law_explorer(scales)
    a, s = ex.artists, ex.state
    assert ex.defaults == {"budget": sc.GOPHER_BUDGET_FLOPS, "axes": "log-log"}
    n_opt, d_opt = sc.chinchilla_optimal(sc.GOPHER_BUDGET_FLOPS)
    assert s["n_opt"] == pytest.approx(float(n_opt)) and s["d_opt"] == pytest.approx(float(d_opt))
    assert a["v_n"].get_xdata()[0] == pytest.approx(float(n_opt))
    assert a["v_c"].get_xdata()[0] == sc.GOPHER_BUDGET_FLOPS
    x, y = a["iso_line"].get_data()
    assert np.allclose(y, sc.chinchilla_loss(x, sc.GOPHER_BUDGET_FLOPS / (6 * x)))
    assert x[np.argmin(y)] == pytest.approx(float(n_opt), rel=0.05)
    assert a["opt_dot"].get_ydata()[0] == pytest.approx(float(np.min(y)), abs=1e-4)
    assert any("Chinchilla 70B" in m for m in s["near"])
    assert any("Gopher 280B" in m for m in s["near"])
    shown = [t.get_text() for t in a["model_texts"] if t.get_visible()]
    assert len(shown) == len(s["near"])
    assert all(ax.get_xscale() == "log" for ax in a["axes"].values())
    assert "Chinchilla 70B" in a["box"].get_text()
    assert "different datasets" in ex.alt(**ex.defaults)
    assert figure_png(ex.fig)[:4] == b"\x89PNG"


def test_law_explorer_merges_models_with_the_same_n_and_d(scales):
    ex = sc.build_law_explorer(scales, budget=3.14e23)
    assert "GPT-3 175B / Jurassic 178B" in ex.state["near"]
    assert not any(m == "Jurassic 178B" for m in ex.state["near"])
    ex.update(budget=1e19, axes="log-log")
    assert ex.state["near"] == [] and "no model" in ex.artists["box"].get_text()
    assert not any(t.get_visible() for t in ex.artists["model_texts"])


def test_law_explorer_rejects_bad_values(scales):
    ex = sc.build_law_explorer(scales)
    for name, bad in [("budget", 1e18), ("budget", 1e27), ("budget", "lots"),
                      ("axes", "semilog")]:
        with pytest.raises(EmergenceInputError, match=name):
            ex.update(**{**ex.defaults, name: bad})
    with pytest.raises(EmergenceInputError, match="budget"):
        sc.build_law_explorer(scales, budget=1e30)


def _law_snapshot(ex) -> tuple:
    a = ex.artists
    return (tuple(np.round(a["iso_line"].get_ydata(), 9)), a["v_n"].get_xdata()[0],
            a["box"].get_text(), a["axes"]["n"].get_xscale(), a["axes"]["iso"].get_xlim(),
            tuple(t.get_visible() for t in a["model_texts"]))


def _extremes(widget) -> list:
    if hasattr(widget, "options") and widget.options:
        values = [o[1] if isinstance(o, tuple) else o for o in widget.options]
        return [values[0], values[len(values) // 2], values[-1]]
    lo, hi = widget.min, widget.max
    if type(widget).__name__ == "FloatLogSlider":
        return [widget.base ** lo, widget.base ** ((lo + hi) / 2), widget.base ** hi]
    return [lo, lo + round((hi - lo) / widget.step / 2) * widget.step, hi]


@pytest.mark.parametrize("control", ["budget", "axes"])
def test_law_widget_controls_change_artists_in_place(scales, control):
    live = sc.law_widget(scales, prompt="Where is the minimum?")
    ex = live.explorer
    lines_before = {k: list(ax.lines) for k, ax in ex.artists["axes"].items()}
    snaps = [_law_snapshot(ex)]
    for value in _extremes(live.controls[control]):
        before, current = live.n_updates, live.controls[control].value
        live.set(**{control: value})
        assert live.n_updates == before + (value != current)
        assert live.caption.startswith("Budget C")
        if control == "budget":
            assert ex.state["budget"] == pytest.approx(value)
        else:
            assert ex.state["axes"] == value
            want = "linear" if value == "linear" else "log"
            assert all(ax.get_xscale() == want for ax in ex.artists["axes"].values())
        snaps.append(_law_snapshot(ex))
    assert len(set(snaps)) == len(set(map(str, _extremes(live.controls[control])))
                                  | {str(ex.defaults[control])}), f"{control}: figure unchanged"
    assert {k: list(ax.lines) for k, ax in ex.artists["axes"].items()} == lines_before
    assert live.fig is ex.fig


# ------------------------------------------------------------------ issue 11: PaLM, U-PaLM, Table 2
def test_attention_flops_use_heads_times_head_size_and_reproduce_palm_table22(scales):
    # Chowdhery et al. 2022 App. B: 6N + 12 L H Q T per token, with Q = 256 (Table 1 caption) and
    # T = 2048 (Sec. 5); Table 22 prints 0.0550 / 0.388 / 3.28 TFLOPs per token
    assert (sc.PALM_HEAD_DIM, sc.PALM_SEQ_LEN) == (256, 2048)
    assert sc.attention_flops_per_token(118, 48, 256, 2048) == pytest.approx(12 * 118 * 48 * 256
                                                                            * 2048)
    tab = sc.palm_flops_per_token(scales).set_index("model")
    assert list(tab.index) == ["PaLM 8B", "PaLM 62B", "PaLM 540B"]
    for model, printed in sc.PALM_TABLE22_TFLOPS_PER_TOKEN.items():
        # the formula rounds to the printed value (3 significant digits)
        assert float(f"{tab.loc[model, 'formula_tflops']:.3g}") == printed
        # and the published train FLOPs / tokens agree with the printed per-token value
        assert tab.loc[model, "from_train_flops_tflops"] == pytest.approx(printed, rel=0.01)
        # the data's note quotes the same per-token value
        note = scales.loc[(scales["model"] == model)
                          & scales["paper"].str.startswith("Chowdhery"), "note"].iloc[0]
        assert f"TFLOPs/token {printed:g}" in note.replace("0.0550", "0.055")
    # the old explanation (attention scales with d_model, Q = d_model / H) misses 540B: 3.30
    wrong = (tab.loc["PaLM 540B", "six_n"] + tab.loc["PaLM 540B",
                                                     "attention_if_q_is_d_model_over_h"]) / 1e12
    assert float(f"{wrong:.3g}") == 3.30 != sc.PALM_TABLE22_TFLOPS_PER_TOKEN["PaLM 540B"]
    # for 8B and 62B, d_model / H happens to be 256: the two readings agree there
    assert tab.loc["PaLM 8B", "d_model"] / tab.loc["PaLM 8B", "n_heads"] == 256
    with pytest.raises(EmergenceInputError, match="n_heads"):
        sc.attention_flops_per_token(1, 0, 256, 2048)


def test_suspect_rows_are_read_from_the_note_and_circled(scales):
    flagged = sc.suspect_rows(scales)
    assert list(flagged["model"]) == ["U-PaLM 540B"]
    assert flagged["train_flops"].iloc[0] == 2.5e23  # as printed, ten times below PaLM 540B
    # the data engineer's wording is recognised too, and the GPT-3 notes about architecture
    # typos in Brown et al.'s Table 2.1 are not flags of the value
    new = scales.copy()
    k = flagged.index[0]
    new.loc[k, "note"] = "suspected typo in source: 2.5E+23 for U-PaLM 540B (PaLM 540B: 2.56E+24)"
    assert list(sc.suspect_rows(new)["model"]) == ["U-PaLM 540B"]
    fig, art = sc.plot_model_scales(new)
    ring = art["suspect"]["U-PaLM 540B"]
    assert ring.get_ydata()[0] == 2.5e23
    texts = [t.get_text() for t in art["axes"][0].texts]
    assert any("U-PaLM 540B: 2.5e23 as printed" in t and "suspected typo" in t for t in texts)
    # until the note lands (or without a note column), nothing is flagged and nothing breaks
    none = scales.copy()
    none.loc[k, "note"] = ""
    assert sc.suspect_rows(none).empty and sc.plot_model_scales(none)[1]["suspect"] == {}
    assert sc.suspect_rows(scales.drop(columns="note")).empty


def test_table2_exponents_and_the_rounded_constants():
    # Hoffmann et al. 2022 Table 2: approach 3 gives a = 0.46, b = 0.54 (not 0.45 / 0.55)
    assert sc.ALLOCATION_EXPONENTS["Hoffmann approach 3 (parametric fit)"] == (0.46, 0.54)
    a, b = sc.optimal_exponents()
    assert (round(a, 3), round(b, 3)) == (0.452, 0.548) and a + b == pytest.approx(1.0)
    n1, _ = sc.chinchilla_optimal(1e22)
    n2, _ = sc.chinchilla_optimal(1e23)
    assert float(n2 / n1) == pytest.approx(10 ** a)


def test_notebook_02_quotes_table2_and_the_palm_head_size():
    import json
    from pathlib import Path

    nb = Path(__file__).resolve().parents[1] / "notebooks" / "02_smooth_loss_scaling.ipynb"
    text = "".join("".join(c["source"]) for c in json.loads(nb.read_text())["cells"])
    assert "C<sup>0.46</sup>" in text and "C<sup>0.54</sup>" in text
    assert "C<sup>0.45</sup> (×2.8" not in text
    assert "48 × 256" in text
    assert "n_layers × d_model" not in text


def test_notebook_02_prints_the_whole_suspect_note(scales):
    """The U-PaLM note is printed in full (a DataFrame cell would cut it at 50 characters)."""
    import json
    from pathlib import Path

    nb = Path(__file__).resolve().parents[1] / "notebooks" / "02_smooth_loss_scaling.ipynb"
    cells = json.loads(nb.read_text())["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    cell = [s for s in code if "suspect_rows(scales)" in s]
    assert len(cell) == 1 and 'row["note"]' in cell[0] and "print(" in cell[0]
    note = sc.suspect_rows(scales)["note"].iloc[0]
    assert len(note) > 50 and note.startswith("suspected typo in source: Chung et al. 2022")


def test_notebook_02_review_fixes_flops_sources_and_quiz(scales):
    """Review findings on notebook 02: which source gives which FLOPs, the d_model / H column,
    the disagreement table's scope, and the quiz's facts on Kaplan/Hoffmann and Du et al."""
    import json
    from pathlib import Path

    from emergence_utils import quiz

    nb = Path(__file__).resolve().parents[1] / "notebooks" / "02_smooth_loss_scaling.ipynb"
    cells = json.loads(nb.read_text())["cells"]
    text = " ".join(" ".join("".join(c["source"]) for c in cells
                             if c["cell_type"] == "markdown").split())
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    # the last column of the PaLM table is 6N + attention in TFLOPs, as the prose says
    tab = sc.palm_flops_per_token(scales).set_index("model")
    assert '"tflops_if_q_is_d_model_over_h"]]' in code
    assert float(f"{tab.loc['PaLM 540B', 'tflops_if_q_is_d_model_over_h']:.3g}") == 3.30
    for m in ("PaLM 8B", "PaLM 62B"):  # d_model / H = 256 there: the column repeats the formula
        assert tab.loc[m, "tflops_if_q_is_d_model_over_h"] == pytest.approx(
            tab.loc[m, "formula_tflops"])
    assert "which gives 3.30 TFLOPs per token" in text
    # Wei et al. Table 1 has no PaLM 8B; 2.9e23 for 62B is 6ND with 780B tokens, not 795B
    wei = scales[scales["flops_kind"] == "wei2022_table1"]
    assert "PaLM 8B" not in set(wei["model"]) and "PaLM 62B" in set(wei["model"])
    assert "Wei et al. (2022, Table 1)** list no PaLM 8B" in text
    assert float(f"{6 * 62e9 * 780e9:.2g}") == 2.9e23 != float(f"{6 * 62e9 * 795e9:.2g}")
    chk = sc.flops_vs_6nd(scales)
    wei62 = chk[(chk["model"] == "PaLM 62B") & chk["source"].str.startswith("Wei")]
    assert f"those rows read {wei62['flops_ratio'].iloc[0]:.3f}" in text
    assert f"would read {2.9e23 / (6 * 62e9 * 780e9):.3f}" in text
    assert "Chung et al. (2022) and Wei et al. (2022)** give PaLM 3.7e22" not in text
    # the disagreement table covers model_scales only; Gopher's two published values in words
    assert "Gopher 280B" not in set(sc.flops_disagreements(scales)["model"])
    assert "every model for which two sources publish different FLOPs" not in text
    assert "5.0e23 in Wei et al. (Table 1) and 5.76e23 in Hoffmann et al." in text
    # quiz: Hoffmann fit training losses (tokens seen about once); Du et al.'s scope
    qs = quiz.load("02")
    assert "Both are losses on held-out text" not in " ".join(qs[2].why)
    assert "final training losses" in qs[2].why[3]
    answer = qs[-1].model_answer
    assert "across families" not in answer and "one corpus with one tokenizer" in answer
    assert "does not make emergence predictable" in answer
