"""Unit tests of emergence_utils.plotting and emergence_utils.style."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from emergence_utils import EmergenceInputError, style
from emergence_utils import plotting as pl


def _frame():
    rows = []
    for fam, xs, ys in [("GPT-3", [1e20, 1e21, 1e22, 1e23], [0.0, 0.5, 8.0, 33.0]),
                        ("LaMDA", [1e19, 1e21, 1e23], [0.3, 0.2, 20.0])]:
        for x, y in zip(xs, ys, strict=True):
            rows.append({"model_family": fam, "train_flops": x, "value": y, "uncertainty": 0.5})
    rows.append({"model_family": "Random", "train_flops": np.nan, "value": 0.0,
                 "uncertainty": np.nan})
    return pd.DataFrame(rows)


def test_emergence_plot_uses_family_style_and_baseline():
    ax = pl.emergence_plot(_frame())
    labels = [ln.get_label() for ln in ax.get_lines()]
    assert "GPT-3" in labels and "LaMDA" in labels and "Random" in labels
    gpt = next(ln for ln in ax.get_lines() if ln.get_label() == "GPT-3")
    assert gpt.get_marker() == style.family_style("GPT-3").marker
    assert to_hex(gpt.get_color()) == style.family_style("GPT-3").color.lower()
    base = next(ln for ln in ax.get_lines() if ln.get_label() == "Random")
    assert base.get_linestyle() == "--"
    assert ax.get_xscale() == "log" and ax.get_yscale() == "linear"


def test_log_axis_counts_points_it_cannot_show():
    ax = pl.emergence_plot(_frame(), yscale="log")
    note = ax._emergence_offaxis_note.get_text()
    assert note.startswith("1 point")  # GPT-3's 0.0
    assert pl.set_scales(ax, yscale="linear") == 0
    assert ax._emergence_offaxis_note.get_text() == ""
    assert pl.set_scales(ax, xscale="linear", yscale="log") == 1


def test_single_point_plots_and_empty_input_raises():
    one = _frame().iloc[[0]]
    ax = pl.emergence_plot(one)
    assert len(ax._emergence_points) == 1
    with pytest.raises(EmergenceInputError, match="no rows"):
        pl.emergence_plot(_frame().iloc[[-1]])  # only the baseline row
    with pytest.raises(EmergenceInputError, match="missing column"):
        pl.emergence_plot(_frame().drop(columns="value"))
    with pytest.raises(EmergenceInputError, match="xscale"):
        pl.emergence_plot(_frame(), xscale="logit")


def test_two_baselines_in_one_plot_is_an_error():
    df = pd.concat([_frame(), _frame().iloc[[-1]].assign(value=25.0)])
    with pytest.raises(EmergenceInputError, match="baselines"):
        pl.emergence_plot(df)


def test_family_styles_are_fixed_and_distinct():
    paper = ["LaMDA", "GPT-3", "Gopher", "Chinchilla", "PaLM"]
    styles = [style.family_style(f) for f in paper]
    assert len({(s.color, s.marker) for s in styles}) == 5
    assert len({s.marker for s in styles}) == 5
    assert style.family_style("gpt-3") == style.family_style("GPT-3")
    # unknown families get a deterministic style
    assert style.family_style("Llama-2") == style.family_style("Llama-2")
    with pytest.raises(EmergenceInputError):
        style.family_style("")


def test_style_use_and_unknown_name():
    import matplotlib as mpl

    style.use("seminar")
    assert mpl.rcParams["font.size"] >= 16
    style.use("notebook")
    assert mpl.rcParams["figure.facecolor"] == "white"
    with pytest.raises(EmergenceInputError, match="style name"):
        style.use("neon")
