"""Unit tests of emergence_utils.scaling (published constants and the compute-optimal rule)."""

import numpy as np
import pytest

from emergence_utils import EmergenceInputError
from emergence_utils import scaling as sc


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
