"""Unit tests of emergence_utils.proxy on synthetic data with known structure."""

import numpy as np
import pandas as pd
import pytest

from emergence_utils import EmergenceInputError, proxy


def _long(n=40, seed=0):
    rng = np.random.default_rng(seed)
    ability = np.linspace(-2, 2, n)
    rows = []
    for i, a in enumerate(ability):
        for j, b in enumerate(["A", "B", "C", "D"]):
            rows.append({"model": f"m{i:02d}", "benchmark": b,
                         "value": 0.5 + 0.1 * (j + 1) * a + rng.normal(0, 0.01)})
    return pd.DataFrame(rows), pd.Series(ability, index=[f"m{i:02d}" for i in range(n)])


def test_benchmark_matrix_reports_incomplete_models():
    df, _ = _long()
    df = df[~((df.model == "m03") & (df.benchmark == "B"))]
    mat, excluded = proxy.benchmark_matrix(df)
    assert excluded == ["m03"]
    assert "m03" not in mat.index and mat.shape == (39, 4)
    with pytest.raises(EmergenceInputError, match="unknown"):
        proxy.benchmark_matrix(df, ["Z"])


def test_pca_recovers_one_dominant_ability():
    df, ability = _long()
    mat, _ = proxy.benchmark_matrix(df)
    pca = proxy.fit_capability_pca(mat, n_components=2)
    assert pca.explained[0] > 0.95
    corr = np.corrcoef(pca.scores["PC1"], ability[mat.index])[0, 1]
    assert corr > 0.99  # sign fixed so that higher = better
    np.testing.assert_allclose(pca.transform(mat).to_numpy(), pca.scores.to_numpy(), atol=1e-9)
    with pytest.raises(EmergenceInputError, match="n_components"):
        proxy.fit_capability_pca(mat, n_components=9)


def test_linear_sigmoid_fit_and_holdout():
    x = np.linspace(-3, 3, 30)
    y = 0.1 + 0.8 / (1 + np.exp(-(2 * x - 1)))
    fit = proxy.fit_linear_sigmoid(x, y, floor=0.1, ceiling=0.9)
    assert fit.weights[0] == pytest.approx(2.0, rel=1e-3) and fit.bias == pytest.approx(-1.0, abs=1e-3)
    idx = [f"m{i}" for i in range(30)]
    res = proxy.holdout_prediction(pd.DataFrame({"x": x}, index=idx), pd.Series(y, index=idx),
                                   pd.Series(10 ** np.linspace(20, 24, 30), index=idx),
                                   cutoff=1e23, floor=0.1, ceiling=0.9)
    assert len(res.train) + len(res.test) == 30 and res.rmse_test < 1e-3
    with pytest.raises(EmergenceInputError, match="cutoff"):
        proxy.holdout_prediction(pd.DataFrame({"x": x}, index=idx), pd.Series(y, index=idx),
                                 pd.Series(np.ones(30), index=idx), cutoff=10.0, floor=0.1)


def test_loss_threshold_performance():
    loss = np.array([3.0, 2.5, 2.2, 2.0, 1.8])
    perf = proxy.loss_threshold_performance(loss, threshold=2.2, chance=0.25)
    assert np.all(perf[:3] == 0.25)
    assert np.all(np.diff(perf[2:]) > 0) and np.all(perf < 1.0)
    with pytest.raises(EmergenceInputError, match="scale"):
        proxy.loss_threshold_performance(loss, 2.2, 0.25, scale=0)
