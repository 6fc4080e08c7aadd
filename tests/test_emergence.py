"""Unit tests of emergence_utils.emergence."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emergence_utils import EmergenceInputError
from emergence_utils import emergence as em

X = np.logspace(18, 24, 12)


def test_piecewise_rule_follows_the_seed_definition():
    y = em.piecewise_rule(X, a=X[6], b=10.0, baseline=0.0, slope=5.0)
    assert np.all(y[:6] == 0.0)
    assert y[6] == 10.0
    # above a: rises by `slope` per decade
    np.testing.assert_allclose(y[7:], 10.0 + 5.0 * np.log10(X[7:] / X[6]))


def test_piecewise_rule_default_slope_and_errors():
    y = em.piecewise_rule([1.0, 10.0, 100.0], a=10.0, b=3.0, baseline=1.0)
    np.testing.assert_allclose(y, [1.0, 3.0, 5.0])  # slope defaults to b - baseline per decade
    with pytest.raises(EmergenceInputError, match="a:"):
        em.piecewise_rule(X, a=-1.0, b=1.0)
    with pytest.raises(EmergenceInputError, match="x:"):
        em.piecewise_rule([0.0, 1.0], a=1.0, b=1.0)


def test_fit_piecewise_recovers_a_known_threshold():
    truth = em.piecewise_rule(X, a=X[7], b=8.0, baseline=2.0, slope=12.0)
    fit = em.fit_piecewise(X, truth, baseline=2.0)
    assert fit.a == pytest.approx(X[7])
    assert fit.b == pytest.approx(8.0)
    assert fit.slope == pytest.approx(12.0)
    assert fit.sse == pytest.approx(0.0, abs=1e-9)
    np.testing.assert_allclose(fit.predict(X), truth)


def test_fit_piecewise_sorts_unsorted_input_and_rejects_bad_curves():
    truth = em.piecewise_rule(X, a=X[5], b=5.0, slope=3.0)
    perm = np.random.default_rng(0).permutation(X.size)
    assert em.fit_piecewise(X[perm], truth[perm], 0.0).a == pytest.approx(X[5])
    with pytest.raises(EmergenceInputError, match="duplicate"):
        em.fit_piecewise([1.0, 1.0, 2.0, 3.0], [0, 0, 1, 2], 0.0)
    with pytest.raises(EmergenceInputError, match="NaN"):
        em.fit_piecewise([1.0, 2.0, 3.0, 4.0], [0, np.nan, 1, 2], 0.0)
    with pytest.raises(EmergenceInputError, match="at least"):
        em.fit_piecewise([1.0, 2.0], [0, 1], 0.0)
    with pytest.raises(EmergenceInputError, match="different lengths"):
        em.fit_piecewise([1.0, 2.0, 3.0], [0, 1], 0.0)


def test_fit_sigmoid_recovers_midpoint():
    y = em.sigmoid_logx(X, 25.0, 80.0, 1e22, 0.3)
    fit = em.fit_sigmoid(X, y, floor=25.0)
    assert np.log10(fit.midpoint) == pytest.approx(22.0, abs=0.02)
    assert fit.width == pytest.approx(0.3, abs=0.02)
    assert fit.ceiling == pytest.approx(80.0, abs=0.5)
    fixed = em.fit_sigmoid(X, y, floor=25.0, ceiling=80.0)
    assert fixed.rmse < 1e-3


def test_emergence_score_values():
    # a steady rise with n equal steps scores n
    assert em.emergence_score(X, np.arange(12.0)) == pytest.approx(11.0)
    # Eq. 1 is signed: the best model smaller than the worst gives a negative score
    assert em.emergence_score(X, -np.arange(12.0)) == pytest.approx(-11.0)
    # constant curve: no change, defined as 0
    assert em.emergence_score(X, np.full(12, 3.0)) == 0.0
    # one jump among small noisy steps scores far more than the steady rise
    rng = np.random.default_rng(1)
    jump = np.r_[np.zeros(8), np.full(4, 50.0)] + rng.normal(0, 0.5, 12)
    assert em.emergence_score(X, jump) > 30
    # one jump and exactly flat elsewhere: median step 0 -> inf
    assert em.emergence_score(X, np.r_[np.zeros(8), np.full(4, 50.0)]) == np.inf
    with pytest.raises(EmergenceInputError):
        em.emergence_score([1.0], [1.0])


def test_emergence_score_is_eq1_not_last_minus_first():
    # peak in the middle, last model back at the start: Eq. 1 uses max - min over all models
    x = [1e20, 1e21, 1e22, 1e23, 1e24]
    y = [10.0, 11.0, 30.0, 12.0, 10.0]
    steps = np.sqrt(np.median(np.diff(y) ** 2))  # root median of 1, 19, 18, 2 -> sqrt(90.5)
    assert em.emergence_score(x, y) == pytest.approx(20.0 / steps)
    assert em.endpoint_score(x, y) == 0.0
    # the worst model is the largest: the sign flips, and the endpoint variant disagrees in sign
    y2 = [20.0, 25.0, 22.0, 24.0, 18.0]  # argmax 1, argmin 4 -> negative
    assert em.emergence_score(x, y2) < 0
    assert em.endpoint_score(x, y2) < 0
    y3 = [20.0, 18.0, 22.0, 30.0, 21.0]  # argmax 3 > argmin 1 -> positive; last - first = +1
    assert em.emergence_score(x, y3) == pytest.approx(12.0 / np.sqrt(np.median(np.diff(y3) ** 2)))
    # unsorted input is sorted by x first
    order = [4, 2, 0, 3, 1]
    assert em.emergence_score(np.array(x)[order], np.array(y)[order]) == em.emergence_score(x, y)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=2, max_size=15))
def test_monotone_curves_score_by_direction(values):
    y = np.sort(np.asarray(values))
    x = np.logspace(18, 24, y.size)
    assert em.emergence_score(x, y) >= 0
    assert em.emergence_score(x, y[::-1]) <= 0
    # on a monotone curve the two variants agree
    assert em.endpoint_score(x, y) == pytest.approx(em.emergence_score(x, y))


def test_clopper_pearson_known_values():
    lo, hi = em.clopper_pearson(0, 10)
    assert lo == 0.0 and hi == pytest.approx(0.30850, abs=1e-4)
    lo, hi = em.clopper_pearson(5, 10)
    assert lo == pytest.approx(0.18709, abs=1e-4) and hi == pytest.approx(0.81291, abs=1e-4)
    with pytest.raises(EmergenceInputError, match="k:"):
        em.clopper_pearson(11, 10)
    with pytest.raises(EmergenceInputError, match="n:"):
        em.clopper_pearson(1, 0)


def test_above_chance_flags_emergence_and_its_scale():
    acc = np.r_[np.full(8, 0.25), [0.27, 0.4, 0.6, 0.7]]
    res = em.above_chance(X, acc, n=1000, chance=0.25)
    assert res.emergent
    assert res.scale == pytest.approx(X[8]) or res.scale == pytest.approx(X[9])
    assert res.near_random[:8].all()
    # with only 20 examples, 0.27 is not distinguishable from chance
    small = em.above_chance(X, acc, n=20, chance=0.25)
    assert small.scale is None or small.scale > X[8]
    # never leaving chance: not emergent
    flat = em.above_chance(X, np.full(12, 0.25), n=1000, chance=0.25)
    assert not flat.emergent and flat.scale is None
    with pytest.raises(EmergenceInputError, match="percent"):
        em.above_chance(X, acc * 100, n=1000, chance=0.25)
    with pytest.raises(EmergenceInputError, match="n:"):
        em.above_chance(X, acc, n=0, chance=0.25)


def test_above_chance_reads_the_digitization_error_into_k_not_onto_the_bounds():
    # 30 % of 1000 examples against 25 % chance: significant without a reading error
    x = [1e20, 1e21, 1e22]
    acc = [0.25, 0.25, 0.30]
    assert em.above_chance(x, acc, n=1000, chance=0.25).above[-1]
    # a 1-sigma reading error of 2 points: the lower bound is taken at the smallest k the
    # reading allows, k = round((0.30 - 1.96 * 0.02) * 1000) = 261, whose interval reaches 25 %
    # (subtracting 0.02 from the bound of k = 300, as the old test did, gave 0.2517 > 0.25)
    res = em.above_chance(x, acc, n=1000, chance=0.25, uncertainty=0.02)
    assert res.lower[-1] == pytest.approx(em.clopper_pearson(261, 1000)[0][()])
    assert res.upper[-1] == pytest.approx(em.clopper_pearson(339, 1000)[1][()])
    assert not res.above[-1] and not res.emergent
    with pytest.raises(EmergenceInputError, match="uncertainty"):
        em.above_chance(x, acc, n=1000, chance=0.25, uncertainty=-0.01)


def test_above_chance_margin_against_a_zero_baseline():
    # exact match on free text: chance is 0, and 0.5 % of 6000 answers (30) is significantly
    # above it, so the strict test calls the smallest models "not near random"
    x = np.logspace(20, 23, 6)
    acc = np.array([0.005, 0.005, 0.006, 0.005, 0.08, 0.30])
    strict = em.above_chance(x, acc, n=6000, chance=0.0)
    assert not strict.near_random[:2].any() and not strict.emergent and strict.margin == 0.0
    # with a 1-point tolerance they are near random and the curve is above from the 5th model
    tol = em.above_chance(x, acc, n=6000, chance=0.0, margin=0.01)
    assert tol.near_random[:4].all() and not tol.above[:4].any()
    assert tol.emergent and tol.scale == pytest.approx(x[4])
    # a model must clear chance + margin with its whole interval: 1.2 % of 6000 does not clear 1 %
    edge = em.above_chance(x[:3], [0.0, 0.0, 0.012], n=6000, chance=0.0, margin=0.01)
    assert not edge.above[-1] and edge.near_random[-1]
    with pytest.raises(EmergenceInputError, match="margin"):
        em.above_chance(x, acc, n=6000, chance=0.0, margin=-0.01)


def test_threshold_crossing():
    y = np.r_[np.zeros(6), np.arange(1.0, 7.0)]
    assert em.emergence_threshold_crossing(X, y, 3.0) == pytest.approx(X[8])
    assert em.emergence_threshold_crossing(X, y, 100.0) is None


def test_fit_at_threshold_is_least_squares_above_and_baseline_below():
    x = np.logspace(20, 24, 5)
    y = np.array([1.0, 0.0, 10.0, 20.0, 30.0])
    b, slope, sse = em.fit_at_threshold(x, y, 1e22, baseline=0.0)
    assert b == pytest.approx(10.0) and slope == pytest.approx(10.0)
    assert sse == pytest.approx(1.0)  # only the first point, 1 above the baseline
    # one point at or above the threshold: level = that point, no slope
    assert em.fit_at_threshold(x, y, 1e24, 0.0)[:2] == pytest.approx((30.0, 0.0))
    with pytest.raises(EmergenceInputError, match="a: no point"):
        em.fit_at_threshold(x, y, 1e25, 0.0)
    # fit_piecewise picks the candidate with the smallest error of fit_at_threshold
    best = em.fit_piecewise(x, y, baseline=0.0)
    errors = {a: em.fit_at_threshold(x, y, a, 0.0)[2] for a in x[1:4]}
    assert best.a == min(errors, key=errors.get) and best.sse == pytest.approx(min(errors.values()))


def test_stays_above_from():
    x = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert em.stays_above_from(x, [False, True, False, True, True]) == 4.0
    assert em.stays_above_from(x, [True] * 5) == 1.0
    assert em.stays_above_from(x, [True, True, True, True, False]) is None
    assert em.stays_above_from([5.0, 1.0, 3.0], [True, False, True]) == 3.0  # sorted by x


def test_sigmoid_reports_parameters_stuck_at_a_bound():
    x = np.logspace(20, 24, 5)
    step = np.array([0.0, 0.0, 0.0, 50.0, 50.0])  # a step between two models: width -> bound
    fit = em.fit_sigmoid(x, step, floor=0.0)
    assert "width" in fit.at_bound and fit.width == pytest.approx(em.SIGMOID_WIDTH_BOUNDS[0], rel=0.01)
    smooth = em.sigmoid_logx(x, 0.0, 40.0, 1e22, 0.5)
    assert em.fit_sigmoid(x, smooth, floor=0.0).at_bound == ()
