"""Shared test set-up: every test starts from the same matplotlib settings.

Notebooks run in-process call ``setup_notebook()``, and some tests apply the seminar or print
style; without this, a style would leak into the tests that run after them.
"""

import matplotlib as mpl
import pytest


@pytest.fixture(autouse=True)
def _isolated_rcparams():
    with mpl.rc_context():
        yield
