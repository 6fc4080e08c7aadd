"""Helper package for the Emergence Notebooks.

Submodules are imported lazily so that ``import emergence_utils`` stays fast:

- :mod:`emergence_utils.data`: tidy datasets with provenance (``load``, ``list_datasets``, ``citation``)
- :mod:`emergence_utils.style`: the collection's visual language (family colours and markers)
- :mod:`emergence_utils.plotting`: paper-style emergence plots
- :mod:`emergence_utils.emergence`: the piecewise emergence rule, fits and emergence scores
- :mod:`emergence_utils.scaling`: Kaplan and Chinchilla scaling laws
- :mod:`emergence_utils.nature`: emergence outside language models (water, Ising, percolation)
- :mod:`emergence_utils.metrics`: exact match, token accuracy, edit distance, BLEU, ROUGE, ...
- :mod:`emergence_utils.mirage`: the Schaeffer et al. (2023) metric argument as a model
- :mod:`emergence_utils.proxy`: proxy axes (observational scaling, loss thresholds)
- :mod:`emergence_utils.fewshot`: Wei et al. Fig. 2, the definition fitted, emergence scores
- :mod:`emergence_utils.loss_curves`: Wei et al.'s loss and error-rate figure
- :mod:`emergence_utils.prompting`: augmented prompting (chain of thought ...) gains by size
- :mod:`emergence_utils.partial_credit`: Wei et al. Appendix F (partial-credit metrics)
- :mod:`emergence_utils.critique`: axes, scale measures, resolution, multiple comparisons
- :mod:`emergence_utils.testing`: run a notebook's code in-process (tests, benchmarks)
- :mod:`emergence_utils.lab`: tiny models trained on the CPU
- :mod:`emergence_utils.open_models`: Pythia, OPT and BLOOM by size and training step
- :mod:`emergence_utils.exercises`: checked coding exercises (stub, check, solution)
- :mod:`emergence_utils.quiz`: quizzes (questions and keys in :mod:`emergence_utils.quizzes`)
- :mod:`emergence_utils.widgets`: interactive figures that also render statically
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import EmergenceDataError, EmergenceError, EmergenceInputError

__version__ = "0.1.0"

#: Repository URL, kept in one place (Colab setup cell, badges, CITATION.cff read it from here).
REPO_URL = "https://github.com/emergence-notebooks/emergence-notebooks"

_SUBMODULES = {
    "data", "style", "plotting", "emergence", "scaling", "nature", "metrics", "mirage",
    "proxy", "lab", "widgets", "quiz", "figures", "fewshot", "loss_curves", "prompting", "critique",
    "partial_credit", "testing", "exercises", "open_models",
}

__all__ = [
    "EmergenceDataError", "EmergenceError", "EmergenceInputError", "REPO_URL", "__version__",
    "setup_notebook", *sorted(_SUBMODULES),
]

if TYPE_CHECKING:  # pragma: no cover
    from . import data, emergence, plotting, style, widgets  # noqa: F401


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'emergence_utils' has no attribute {name!r}")


def setup_notebook(style: str | None = None) -> None:
    """Prepare a notebook: apply the collection's plot style and check the environment.

    Parameters
    ----------
    style : {"notebook", "seminar", "print"}, optional
        ``"seminar"`` enlarges fonts and figures for a projector. By default the environment
        variable ``EMERGENCE_STYLE`` decides (so ``EMERGENCE_STYLE=seminar jupyter lab``
        presents every notebook in seminar style), else ``"notebook"``.
    """
    import os

    from . import style as _style

    _style.use(style or os.environ.get("EMERGENCE_STYLE") or "notebook")
