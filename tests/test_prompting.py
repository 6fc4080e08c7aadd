"""Unit tests of emergence_utils.prompting (gains of augmented prompting from the published tables)."""

import math

import numpy as np
import pandas as pd
import pytest

import emergence_utils as eu
from emergence_utils import EmergenceDataError, EmergenceInputError
from emergence_utils import prompting as P


# --------------------------------------------------------------------------------------------
# Menus
# --------------------------------------------------------------------------------------------
def test_menus_follow_the_data():
    cot = eu.data.load("chain_of_thought")
    per_size = cot[cot["table"].isin(["Table 2", "Table 3", "Table 4", "Table 5"])]
    assert set(P.benchmarks("chain of thought")) == set(per_size["task"])
    calc = cot[cot["prompting"] == "chain of thought + external calculator"]
    assert set(P.benchmarks("chain of thought + calculator")) == set(calc["task"])
    few = P.benchmarks("few-shot vs zero-shot")
    assert "WiC" in few and "SQuADv2 (F1)" in few and "SQuADv2 (exact match)" in few
    assert P.technique_names() == list(P.TECHNIQUES)
    fams = P.families("chain of thought", "GSM8K")
    assert fams == [f for f in P.FAMILY_ORDER if f in set(per_size["model_family"])]
    assert P.families("few-shot vs zero-shot", "WiC") == ["GPT-3", "PaLM"]


@pytest.mark.parametrize("call, match", [
    (lambda: P.benchmarks("tree of thought"), "technique"),
    (lambda: P.families("chain of thought", "MMLU"), "benchmark"),
    (lambda: P.gain_table("chain of thought", "GSM8K", "Gopher"), "family"),
    (lambda: P.gain_table("few-shot vs zero-shot", "GSM8K"), "benchmark"),
])
def test_menu_errors_name_the_parameter(call, match):
    with pytest.raises(EmergenceInputError, match=match):
        call()


# --------------------------------------------------------------------------------------------
# Gain tables
# --------------------------------------------------------------------------------------------
def test_cot_gains_equal_table_differences():
    cot = eu.data.load("chain_of_thought").copy()
    cot["model"] = cot["model"].replace(P.COT_DISPLAY_NAMES)  # display labels, same values
    t2 = cot[(cot["table"] == "Table 2") & (cot["task"] == "GSM8K")]
    tab = P.gain_table("chain of thought", "GSM8K")
    assert len(tab) == t2["model"].nunique()
    for _, r in tab.iterrows():
        rows = t2[t2["model"] == r["model"]].set_index("prompting")["value"]
        assert r["baseline"] == rows["standard"]
        assert r["technique"] == rows["chain of thought"]
        assert r["gain_pp"] == pytest.approx(rows["chain of thought"] - rows["standard"])
    # one family at a time gives the same rows
    lamda = P.gain_table("chain of thought", "GSM8K", "LaMDA")
    pd.testing.assert_frame_equal(lamda, tab[tab["model_family"] == "LaMDA"].reset_index(drop=True))
    assert P.gain_table("chain of thought", "GSM8K", "all").equals(tab)


def test_instructgpt_engines_are_not_gpt3_models():
    tab = P.gain_table("chain of thought", "GSM8K", "InstructGPT")
    assert set(tab["engine"]) == {"text-ada-001", "text-babbage-001", "text-curie-001",
                                  "text-davinci-002"}
    # "GPT 6.7B" is not "GPT-3 6.7B": no FLOPs borrowed from the GPT-3 paper models
    assert tab["train_flops"].isna().all() and (tab["flops_source"] == "").all()
    assert tab["note"].str.contains("InstructGPT").all()
    # every engine is shown as "GPT <size>", none as a GPT-3 model (the data label of
    # text-davinci-002 says "GPT-3 175B"; prompting maps it for display)
    assert not tab["model"].str.startswith("GPT-3").any()
    assert "GPT 175B (text-davinci-002)" in set(tab["model"])
    rows = P._all_rows()
    assert not rows["model"].eq("GPT-3 175B (text-davinci-002)").any()


def test_flops_lookup_prefers_wei_then_chung_then_model_paper():
    ms = eu.data.load("model_scales")
    models = ["PaLM 8B", "PaLM 62B", "GPT-3 Small", "GPT-3 13B", "LaMDA 137B", "no such model"]
    got = P.flops_lookup(models)
    assert list(got.index) == models
    for m in models:
        rows = ms[(ms["model"] == m) & ms["train_flops"].notna()]
        if rows.empty:
            assert math.isnan(got.at[m, "train_flops"]) and got.at[m, "flops_source"] == ""
            continue
        kinds = list(rows["flops_kind"])
        best = next(k for k in P.FLOPS_PREFERENCE if k in kinds)
        assert got.at[m, "train_flops"] == rows.loc[rows["flops_kind"] == best, "train_flops"].iloc[0]
        assert best in got.at[m, "flops_source"]


def test_fewshot_gains_use_dev_split_and_table_h1():
    g = eu.data.load("gpt3_per_size")
    dev = g[(g["table"] == "Table H.1") & (g["task"] == "WiC") & (g["split"] == "dev")]
    tab = P.gain_table("few-shot vs zero-shot", "WiC", "GPT-3")
    assert len(tab) == 8 and tab["model"].is_unique
    for _, r in tab.iterrows():
        rows = dev[dev["model"] == r["model"]].set_index("shots")["value"]
        assert r["technique"] == rows["few"] and r["baseline"] == rows["0"]
    # SQuADv2 has two metrics, kept as two benchmarks
    f1 = P.gain_table("few-shot vs zero-shot", "SQuADv2 (F1)")
    em = P.gain_table("few-shot vs zero-shot", "SQuADv2 (exact match)")
    assert not np.allclose(f1["technique"], em["technique"])


def test_calculator_table_has_one_model_per_family():
    tab = P.gain_table("chain of thought + calculator", "GSM8K")
    assert tab["model_family"].is_unique
    assert (tab["gain_pp"] > 0).all()


def test_unplaced_models_give_reasons():
    tab = P.gain_table("chain of thought", "GSM8K")
    by_params = P.unplaced_models(tab, "params")
    assert list(by_params["model"]) == list(tab.loc[tab["params"].isna(), "model"])
    assert (by_params["reason"] == "parameter count not published").all()
    by_flops = P.unplaced_models(tab, "train_flops")
    assert set(by_flops["model"]) == set(tab.loc[tab["train_flops"].isna(), "model"])
    broken = tab.copy()
    broken.loc[0, "gain_pp"] = np.nan
    assert "missing" in P.unplaced_models(broken, "params")["reason"].iloc[0]
    with pytest.raises(EmergenceInputError, match="x"):
        P.unplaced_models(tab, "tokens")


def test_data_errors_name_dataset_and_column(monkeypatch):
    real = eu.data.load

    def bad_unit(name):
        df = real(name)
        if name == "chain_of_thought":
            df.loc[df.index[df["table"] == "Table 2"][0], "unit"] = "fraction"
        return df

    def duplicated(name):
        df = real(name)
        if name == "chain_of_thought":
            df = pd.concat([df, df[df["table"] == "Table 2"].head(1)], ignore_index=True)
        return df

    for fake, match in ((bad_unit, "unit"), (duplicated, "two values")):
        P.clear_caches()
        monkeypatch.setattr(eu.data, "load", fake)
        with pytest.raises(EmergenceDataError, match=match) as err:
            P.gain_table()
        assert "chain_of_thought" in str(err.value)
        monkeypatch.setattr(eu.data, "load", real)
    P.clear_caches()
    assert len(P.gain_table()) > 0


# --------------------------------------------------------------------------------------------
# Threshold and emergence scale (synthetic tables: behaviour, not the data)
# --------------------------------------------------------------------------------------------
def _table(gains, params=None, fam="F"):
    n = len(gains)
    params = params if params is not None else [10.0 ** (8 + i) for i in range(n)]
    return pd.DataFrame({"model_family": fam, "model": [f"{fam}{i}" for i in range(n)],
                         "params": params, "train_flops": np.nan, "gain_pp": gains})


def test_threshold_report_splits_and_summarises():
    tab = _table([-2.0, -1.0, 3.0, 5.0])
    rep = P.threshold_report(tab, 1e10)
    assert list(rep.above["model"]) == ["F2", "F3"] and list(rep.below["model"]) == ["F0", "F1"]
    assert rep.n_above_positive == 2 and rep.all_above_positive is True
    assert "positive for all" in rep.text() and "Below a: 2" in rep.text()
    rep = P.threshold_report(tab, 1e9)
    assert rep.n_above_positive == 2 and rep.all_above_positive is False
    assert "positive for 2 of 3" in rep.text()
    rep = P.threshold_report(tab, 1e12)
    assert rep.above.empty and rep.all_above_positive is None
    assert "no model at or above" in rep.text()
    flops = P.threshold_report(tab, 1e22, "train_flops")
    assert len(flops.unplaced) == 4 and "no training FLOPs" in flops.text()
    long = P.threshold_report(_table([1.0] * 9), 1.0)
    assert "and 3 more" in long.text(max_models=6)


@pytest.mark.parametrize("a", [0, -1.0, float("nan"), float("inf"), "1e10"])
def test_threshold_report_rejects_bad_a(a):
    with pytest.raises(EmergenceInputError, match="a:"):
        P.threshold_report(_table([1.0]), a)


def test_threshold_report_rejects_bad_table_and_axis():
    with pytest.raises(EmergenceInputError, match="table"):
        P.threshold_report(pd.DataFrame({"model": ["m"], "params": [1.0]}), 1.0)
    with pytest.raises(EmergenceInputError, match="x"):
        P.threshold_report(_table([1.0]), 1.0, "loss")


def test_emergence_scale_rules():
    tab = pd.concat([_table([-2.0, -1.0, 3.0, 5.0], fam="A"),   # emerges at A2
                     _table([1.0, 2.0], fam="B"),                 # helps at every size
                     _table([-1.0, 2.0, -0.5], fam="C"),          # largest does not gain
                     _table([1.0, 2.0], params=[np.nan, np.nan], fam="D")])
    s = P.emergence_scale(tab)
    assert s["A"] == 1e10 and s["B"] == 1e8
    assert math.isnan(s["C"]) and math.isnan(s["D"])
    assert P.emergence_scale(tab, min_gain_pp=4.0)["A"] == 1e11
    with pytest.raises(EmergenceInputError, match="min_gain_pp"):
        P.emergence_scale(tab, min_gain_pp=float("nan"))


def test_gain_summary_patterns_match_gains():
    summ = P.gain_summary("chain of thought")
    assert set(summ["benchmark"]) == set(P.benchmarks("chain of thought"))
    for _, r in summ.iterrows():
        tab = P.gain_table("chain of thought", r["benchmark"], r["model_family"])
        g = tab.dropna(subset=["params", "gain_pp"]).sort_values("params")["gain_pp"].to_numpy()
        assert r["n_models"] == len(g)
        assert r["gain_smallest_pp"] == g[0] and r["gain_largest_pp"] == g[-1]
        last_loss = np.flatnonzero(g <= 0)[-1] if (g <= 0).any() else -1
        if r["pattern"] == "no gain below, gain above":
            assert g[-1] > 0 and (g[: last_loss + 1] <= 0).all() and last_loss >= 0
        elif r["pattern"] == "mixed below the emergence scale":
            assert g[-1] > 0 and (g[:last_loss] > 0).any()
        elif r["pattern"] == "helps at every size tested":
            assert (g > 0).all() and len(g) > 1
        elif r["pattern"] == "no gain at the largest model":
            assert g[-1] <= 0 and math.isnan(r["emergence_scale"])
        else:
            assert r["pattern"] == "one model only" and len(g) == 1
    with pytest.raises(EmergenceInputError, match="technique"):
        P.gain_summary("nope")


# --------------------------------------------------------------------------------------------
# Wei et al. Table 1
# --------------------------------------------------------------------------------------------
def test_table1_augmented_flags_only_the_cot_rows():
    t1 = eu.data.load("wei_table1")
    tab = P.table1_augmented()
    assert len(tab) == int((t1["category"] == "augmented prompting").sum())
    assert set(tab.loc[tab["per_size_in_data"], "ability"]) == set(P.TABLE1_PER_SIZE)
    assert tab.loc[~tab["per_size_in_data"], "per_size_source"].str.contains("not in data").all()


def test_table1_comparison_uses_the_per_size_gains():
    comp = P.table1_comparison()
    assert len(comp) == sum(len(b) for _, b, _ in P.TABLE1_PER_SIZE.values())
    for _, r in comp.iterrows():
        tab = P.gain_table("chain of thought", r["benchmark"], r["model_family"])
        expect = P.emergence_scale(tab)[r["model_family"]]
        assert (math.isnan(expect) and math.isnan(r["data_emergence_params"])) or \
            r["data_emergence_params"] == expect
        assert r["table1_params"] > 0


# --------------------------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------------------------
def test_plot_table1_augmented_marks_per_size_rows():
    fig, art = P.plot_table1_augmented()
    tab = P.table1_augmented()
    assert len(art["points"]) == len(tab)
    filled = [p for p in art["points"] if p.get_markerfacecolor() != "white"]
    assert len(filled) == int(tab["per_size_in_data"].sum())
    assert "NOT" in art["note"].get_text()


def test_plot_prompting_curves_draws_each_placeable_family():
    fig, art = P.plot_prompting_curves("chain of thought", "GSM8K")
    tab = P.gain_table("chain of thought", "GSM8K")
    assert set(art["axes"]) == set(tab.loc[tab["params"].notna(), "model_family"])
    lamda = art["axes"]["LaMDA"].lines
    sub = tab[tab["model_family"] == "LaMDA"].sort_values("params")
    np.testing.assert_allclose(lamda[0].get_ydata(), sub["baseline"])
    np.testing.assert_allclose(lamda[1].get_ydata(), sub["technique"])
    assert "Codex" in art["note"].get_text()
    with pytest.raises(EmergenceInputError, match="x"):
        P.plot_prompting_curves("chain of thought", "GSM8K", x="loss")
    fig, art = P.plot_prompting_curves("few-shot vs zero-shot", "WiC", x="train_flops")
    assert set(art["axes"]) == {"GPT-3", "PaLM"} and art["note"].get_text() == ""


def test_plot_gain_lines_rings_and_note():
    tab = P.gain_table("chain of thought", "GSM8K")
    fig, art = P.plot_gain(tab, "params", 1e11)
    pal = tab[tab["model_family"] == "PaLM"].sort_values("params")
    np.testing.assert_allclose(art["lines"]["PaLM"].get_ydata(), pal["gain_pp"])
    assert not art["lines"]["GPT-3"].get_visible()
    above = tab[tab["params"] >= 1e11]
    assert len(art["above_pos"].get_xdata()) == int((above["gain_pp"] > 0).sum())
    assert len(art["above_neg"].get_xdata()) == int((above["gain_pp"] <= 0).sum())
    assert list(art["a_line"].get_xdata()) == [1e11, 1e11]
    assert "Codex" in art["note"].get_text()
    lo, hi = art["ax"].get_ylim()
    placed = tab.dropna(subset=["params"])["gain_pp"]
    assert lo < placed.min() and hi > placed.max()
    with pytest.raises(EmergenceInputError, match="x"):
        P.plot_gain(tab, "loss")


# --------------------------------------------------------------------------------------------
# Widget
# --------------------------------------------------------------------------------------------
def _values(ctl):
    if hasattr(ctl, "options"):
        opts = [o[1] if isinstance(o, tuple) else o for o in ctl.options]
        return [opts[0], opts[-1], opts[len(opts) // 2]]
    if type(ctl).__name__ == "FloatLogSlider":
        mid = (ctl.min + ctl.max) / 2
        return [ctl.base ** ctl.min, ctl.base ** ctl.max, ctl.base ** mid]
    return [ctl.min, ctl.max, (ctl.min + ctl.max) / 2]


def _snapshot(live):
    ax = live.fig.axes[0]
    data = [ln.get_xydata().copy() for ln in ax.lines]
    vis = [ln.get_visible() for ln in ax.lines]
    return data, vis, ax.get_xlim(), ax.get_title(), live.caption


def _changed(a, b):
    return (a[1:] != b[1:]) or any(x.shape != y.shape or not np.array_equal(x, y)
                                   for x, y in zip(a[0], b[0], strict=True))


def test_gain_widget_every_control_min_max_middle():
    live = P.gain_widget()
    fig = live.fig
    for axis, slider in (("params", "a_params"), ("train_flops", "a_flops")):
        for name in ("technique", "benchmark", "family", "x", slider):
            live.set(technique="chain of thought", benchmark="GSM8K", family="all", x=axis)
            for value in _values(live.controls[name]):
                prev, before, n = live.controls[name].value, _snapshot(live), live.n_updates
                live.set(**{name: value})
                assert live.controls[name].value == pytest.approx(value)
                assert live.caption
                if value != prev:
                    assert live.n_updates == n + 1, f"{name}={value}: expected one redraw"
                    assert _changed(before, _snapshot(live)), f"{name}={value}: figure unchanged"
    assert live.fig is fig  # never rebuilt


def test_gain_widget_one_threshold_slider_per_axis():
    live = P.gain_widget(a_params=1e11, a_flops=1e23)
    by_params, by_flops = live.controls["a_params"], live.controls["a_flops"]
    ranges = (by_params.min, by_params.max, by_flops.min, by_flops.max)
    a_line = next(ln for ln in live.fig.axes[0].lines if ln.get_label() == "threshold a")
    assert (10 ** by_params.min, 10 ** by_params.max) == pytest.approx(P._X_LIMITS["params"])
    assert (10 ** by_flops.min, 10 ** by_flops.max) == pytest.approx(
        P._X_LIMITS["train_flops"])
    assert "parameters" in by_params.description and "FLOPs" in by_flops.description
    assert live.is_shown("a_params") and not live.is_shown("a_flops")
    for value in _values(by_params):
        live.set(a_params=value)
        assert a_line.get_xdata()[0] == pytest.approx(value)
        assert live.caption == P.threshold_report(P.gain_table(), value).text()
    live.set(a_params=1e11, a_flops=1e24)  # the hidden FLOPs slider keeps its value ...
    assert a_line.get_xdata()[0] == pytest.approx(1e11)
    live.set(x="train_flops")  # ... and takes over when its axis is chosen
    assert live.is_shown("a_flops") and not live.is_shown("a_params")
    assert by_params.layout.display == "none" and by_flops.layout.display != "none"
    assert a_line.get_xdata()[0] == pytest.approx(1e24)
    for value in _values(by_flops):
        live.set(a_flops=value)
        assert a_line.get_xdata()[0] == pytest.approx(value)
        assert live.caption == P.threshold_report(P.gain_table(), value, "train_flops").text()
    live.set(x="params")  # back: the parameter threshold is where it was
    assert a_line.get_xdata()[0] == pytest.approx(1e11)
    # no slider changes its range after it is displayed (ipywidgets 8 sliders would keep the
    # first range for their Home and End keys)
    assert (by_params.min, by_params.max, by_flops.min, by_flops.max) == ranges


def test_gain_widget_family_and_benchmark_changes_redraw():
    live = P.gain_widget()
    lines = {ln.get_label(): ln for ln in live.fig.axes[0].lines}
    live.set(family="PaLM")
    assert lines["PaLM"].get_visible() and not lines["LaMDA"].get_visible()
    live.set(benchmark="StrategyQA")
    tab = P.gain_table("chain of thought", "StrategyQA", "PaLM").sort_values("params")
    np.testing.assert_allclose(lines["PaLM"].get_ydata(), tab["gain_pp"])
    assert "StrategyQA" in live.fig.axes[0].get_title()
    live.set(family="GPT-3")  # no GPT-3 rows in the CoT tables: said, not an exception
    assert "No values" in live.caption and not lines["PaLM"].get_visible()
    n = live.n_updates
    live.set(technique="few-shot vs zero-shot")
    assert live.n_updates == n + 1  # the benchmark menu is swapped without extra redraws
    assert live.controls["benchmark"].value in P.benchmarks("few-shot vs zero-shot")
    assert lines["GPT-3"].get_visible()
    assert "few-shot" in live.alt


@pytest.mark.parametrize("kw, match", [
    ({"technique": "x"}, "technique"), ({"benchmark": "MMLU"}, "benchmark"),
    ({"x": "tokens"}, "x"), ({"family": "Gopher"}, "family"),
    ({"family": "GPT-3"}, "family"), ({"a_params": 1.0}, "a_params"), ({"a_flops": 1e30}, "a_flops"),
    ({"a_params": "1e11"}, "a_params"),
])
def test_gain_widget_rejects_bad_arguments(kw, match):
    with pytest.raises(EmergenceInputError, match=match):
        P.gain_widget(**kw)


def test_gain_table_returns_independent_copies():
    a = P.gain_table("chain of thought", "GSM8K")
    a.loc[0, "gain_pp"] = 999.0
    b = P.gain_table("chain of thought", "GSM8K")
    assert b.loc[0, "gain_pp"] != 999.0
    f = P.flops_lookup(["PaLM 8B"])
    f.loc["PaLM 8B", "train_flops"] = 1.0
    assert P.flops_lookup(["PaLM 8B"]).loc["PaLM 8B", "train_flops"] != 1.0


# --------------------------------------------------------------------------------------------
# The functions students write (notebook 04 exercises and the code in view)
# --------------------------------------------------------------------------------------------
def test_gain_pp_is_technique_minus_baseline_in_points():
    np.testing.assert_allclose(P.gain_pp([2.6, 10.0], [0.4, 20.0]), [-2.2, 10.0])
    tab = P.gain_table("chain of thought", "GSM8K")
    np.testing.assert_allclose(tab["gain_pp"], tab["technique"] - tab["baseline"])
    with pytest.raises(EmergenceInputError, match="baseline_pct"):
        P.gain_pp([1.0, 2.0], [1.0])


def test_emergence_scale_1d_walks_down_from_the_largest_model():
    x = np.array([1e9, 1e10, 1e11, 1e12])
    assert P.emergence_scale_1d(x, [-1.0, 2.0, 3.0, 4.0]) == 1e10
    assert P.emergence_scale_1d(x, [2.0, -1.0, 3.0, 4.0]) == 1e11  # a gain that comes and goes
    assert P.emergence_scale_1d(x[::-1], [4.0, 3.0, -1.0, 2.0]) == 1e11  # order does not matter
    assert math.isnan(P.emergence_scale_1d(x, [1.0, 2.0, 3.0, 0.0]))  # largest does not gain
    assert P.emergence_scale_1d(x, [5.0, 1.0, 3.0, 4.0], min_gain_pp=1.0) == 1e11  # strict >
    assert math.isnan(P.emergence_scale_1d([], []))
    # the family-wise version is this rule per family (LaMDA crosses between 8B and 68B)
    tab = P.gain_table("chain of thought", "GSM8K")
    assert P.emergence_scale(tab)["LaMDA"] == 68e9


def test_all_above_gain_agrees_with_the_threshold_report():
    tab = P.gain_table("chain of thought", "GSM8K")
    placed = tab[tab["params"].notna()]
    for a in (1e8, 1e9, 8e9, 1e10, 2e10, 1e11, 1e12, 1e13):
        want = P.threshold_report(tab, a).all_above_positive
        assert P.all_above_gain(placed["params"], placed["gain_pp"], a) is want, a
    assert P.all_above_gain([1e9, 1e10], [-1.0, 0.0], 5e9) is False  # 0 pp is no gain
    assert P.all_above_gain([1e9], [5.0], 1e9) is True  # "at or above"


def test_gain_standard_error_matches_the_binomial_formula():
    # 50 % vs 50 % on 100 questions: sqrt(0.25/100 + 0.25/100) = 0.0707 -> 7.07 pp
    assert P.gain_standard_error_pp(50.0, 50.0, 100) == pytest.approx(100 * math.sqrt(0.005))
    # LaMDA 420M on GSM8K (2.6 % -> 0.4 %, 1319 problems): about 0.47 pp, so -2.2 pp is ~ -4.7 SE
    se = float(P.gain_standard_error_pp(2.6, 0.4, 1319))
    assert se == pytest.approx(0.4716, abs=1e-3)
    assert -2.2 / se == pytest.approx(-4.67, abs=0.01)
    with pytest.raises(EmergenceInputError, match="n_questions"):
        P.gain_standard_error_pp(50.0, 50.0, 0)


# --------------------------------------------------------------------------------------------
# Issue 14: an empty plot says why it is empty (UL2 on the training-FLOPs axis)
# --------------------------------------------------------------------------------------------
def _ul2(tab: pd.DataFrame, flops: float) -> pd.DataFrame:
    out = tab.copy()
    out.loc[out["model"] == "UL2 20B", "train_flops"] = flops
    return out


def test_empty_gain_plot_names_the_missing_value_and_follows_the_data():
    ul2 = P.gain_table("chain of thought", "GSM8K", "UL2")
    missing = _ul2(ul2, np.nan)
    fig, art = P.plot_gain(missing, "train_flops", 1e23)
    assert art["empty"].get_visible()
    assert "UL2 20B: no training FLOPs in model_scales" in art["empty"].get_text()
    assert not art["lines"]["UL2"].get_visible()
    assert P.empty_reason(missing, "train_flops").startswith("Nothing to plot")
    # the same family once a value is known: the point is drawn and the message is gone
    present = _ul2(ul2, 1e23)
    P._draw_gain(art, present, "train_flops", 1e23, "t")
    assert not art["empty"].get_visible() and art["empty"].get_text() == ""
    assert art["lines"]["UL2"].get_visible()
    np.testing.assert_allclose(art["lines"]["UL2"].get_xdata(), [1e23])
    assert P.empty_reason(present, "train_flops") == ""
    # and back: the message returns
    P._draw_gain(art, missing, "train_flops", 1e23, "t")
    assert art["empty"].get_visible()


def test_empty_reason_shortens_long_lists_inside_the_axes():
    tab = P.gain_table("chain of thought", "GSM8K")
    none = tab.assign(train_flops=np.nan)
    fig, art = P.plot_gain(none, "train_flops", 1e23)
    text = art["empty"].get_text()
    assert "Nothing to plot" in text and "more (listed in the caption)" in text
    assert P.empty_reason(tab.iloc[0:0], "params").startswith("Nothing to plot")


@pytest.mark.parametrize("flops", [np.nan, 1e23])
def test_gain_widget_ul2_on_flops_axis_with_and_without_a_value(monkeypatch, flops):
    real = P.flops_lookup

    def lookup(models):
        out = real(models)
        if "UL2 20B" in out.index:
            out.loc["UL2 20B", "train_flops"] = flops
            out.loc["UL2 20B", "flops_source"] = "" if np.isnan(flops) else "test"
        return out

    monkeypatch.setattr(P, "flops_lookup", lookup)
    P.clear_caches()
    try:
        live = P.gain_widget()
        ax = live.fig.axes[0]
        empty = next(t for t in ax.texts if t.get_zorder() == 6)
        live.set(family="UL2", x="train_flops")
        line = next(ln for ln in ax.lines if ln.get_label() == "UL2")
        if np.isnan(flops):
            assert empty.get_visible() and "UL2 20B" in empty.get_text()
            assert not line.get_visible()
        else:
            assert not empty.get_visible()
            assert line.get_visible() and list(line.get_xdata()) == [1e23]
        live.set(x="params")  # UL2 20B has parameters: drawn, no message
        assert line.get_visible() and not empty.get_visible()
        live.set(family="GPT-3")  # no GPT-3 rows in the CoT tables: said in the axes too
        assert empty.get_visible() and "No values for family 'GPT-3'" in empty.get_text()
    finally:
        monkeypatch.undo()
        P.clear_caches()


def test_plot_alt_texts_come_from_the_data():
    fig, art = P.plot_prompting_curves("chain of thought", "GSM8K")
    assert "PaLM 540B 56.9 % vs 17.9 %" in art["alt"] and "Codex" in art["alt"]
    fig, art = P.plot_table1_augmented()
    assert "13 augmented-prompting rows" in art["alt"] and "LaMDA 68B" in art["alt"]
    add3 = P.gain_table("few-shot vs zero-shot", "3D+ (3 digit addition)")
    fig, art = P.plot_gain(add3, "train_flops", 2e22)
    assert art["report"].text() in art["alt"]


def test_gain_widget_empty_frame_blits_like_a_full_redraw():
    """On the FLOPs axis several families have nothing to draw: the blitted picture (with the
    reason in the axes) must equal a full redraw, in both directions."""
    import io

    import matplotlib.image as mpimg

    def decode(png: bytes) -> np.ndarray:
        return mpimg.imread(io.BytesIO(png), format="png")

    live = P.gain_widget()
    live.set(x="train_flops")
    blits = live.n_blits
    for fam in ("UL2", "PaLM", "InstructGPT", "GPT-3", "all", "UL2", "LaMDA"):
        live.set(family=fam)
        np.testing.assert_array_equal(decode(live._image.value), decode(live.render_full()),
                                      err_msg=f"family={fam}")
        for a in (3e23, 5e23):  # the second threshold move is blitted
            live.set(a_flops=a)
            np.testing.assert_array_equal(decode(live._image.value), decode(live.render_full()),
                                          err_msg=f"family={fam}, a={a:g}")
        live.set(a_flops=1e23)
    assert live.n_blits > blits
