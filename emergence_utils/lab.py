"""An emergence lab: a family of tiny models trained on the CPU in seconds.

The task is n-digit addition written as digit tokens (``037+045=0082``: ``digits`` input digits
per operand, leading zeros written, an answer of ``L = digits + 1`` tokens, most significant
first). The models are one-hidden-layer ReLU perceptrons that read the ``2 * digits`` input
digits as one-hot vectors and predict every answer token at once with its own 10-way softmax
head. A *family* is the same architecture at increasing hidden widths, all trained with Adam
(Kingma & Ba 2015) on the same stream of mini-batches for the same number of steps, so model
size is the only thing that changes.

Everything is numpy, float64 and seeded through :class:`numpy.random.Generator`, so the same
configuration and seed give identical numbers on the same machine. The results of the preset
configurations (:data:`PRESETS`) for seeds 0, 1 and 2 are cached in ``data/lab/`` with their
provenance; :func:`cached_or_train` reads the cache and trains only what is missing.

Rebuild the cache with ``python -m emergence_utils.lab --rebuild-cache``.

Units used throughout: parameters are counts; FLOPs are floating-point operations (one
multiply-add = 2 FLOPs); cross-entropy is in nats per answer token; accuracies and exact match
are *fractions* in [0, 1]; edit distance is in tokens.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import html
import io
import json
import math
import os
import platform
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import EmergenceDataError, EmergenceInputError

__all__ = [
    "LabConfig", "PRESETS", "CACHED_PRESETS", "CACHED_SEEDS", "LabRun", "LabCache",
    "LabCacheWarning", "METRICS", "AXES", "COLUMNS", "MAX_DIGITS",
    "problem_ids", "decode_problems", "encode_inputs", "encode_answers", "format_problem",
    "count_params", "step_flops", "train_flops", "token_edit_distance", "chance_level",
    "mlp_forward", "mlp_backward", "adam_step", "cross_entropy", "exact_match",
    "train_model", "evaluate", "train_family", "code_version", "cache_dir", "save_results",
    "load_cached", "cached_or_train", "rebuild_cache", "summarize", "curve",
    "plot_loss_and_exact_match", "plot_mirage_check", "make_explorer", "RetrainPanel", "main",
    "predicted_exact_match", "doubling_steps", "mirage_gaps", "first_width_reaching",
    "flops_table", "show_loss_and_exact_match", "show_mirage_check",
]

#: Maximum number of digits per operand (problem ids must fit in a signed 64-bit integer).
MAX_DIGITS = 8
#: Vocabulary of a token: the ten digits.
VOCAB = 10
#: Name of the cache manifest inside :func:`cache_dir`.
MANIFEST_NAME = "results.json"
#: Format tag written into the manifest.
CACHE_FORMAT = "emergence-lab-cache/1"


# --------------------------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------------------------

def _is_int(v: Any) -> bool:
    return isinstance(v, int | np.integer) and not isinstance(v, bool)


def _is_real(v: Any) -> bool:
    return isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool)


@dataclass(frozen=True)
class LabConfig:
    """Everything that defines one model family and its training budget.

    The configuration is validated when it is created (and again before training); a bad value
    raises :class:`~emergence_utils.EmergenceInputError` naming the field.

    Parameters
    ----------
    digits : int
        Digits per operand (1 to 8). The answer has ``digits + 1`` tokens.
    widths : tuple of int
        Hidden-layer widths of the family, positive and strictly increasing.
    steps : int
        Adam steps per model (the fixed training budget).
    batch_size : int
        Examples per step; every model sees ``steps * batch_size`` training examples.
    lr : float
        Adam learning rate (step size alpha of Kingma & Ba 2015).
    n_test : int
        Held-out test problems (never used for training); at most half of all
        ``10 ** (2 * digits)`` problems.
    beta1, beta2, eps : float
        Adam's moment decay rates and epsilon (Kingma & Ba 2015 defaults).
    """

    digits: int = 3
    widths: tuple[int, ...] = (2, 4, 8, 16, 32, 64, 128, 256)
    steps: int = 3000
    batch_size: int = 128
    lr: float = 0.01
    n_test: int = 2000
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8

    def __post_init__(self) -> None:
        # plain Python numbers (numpy scalars are accepted but would not serialise to JSON)
        if isinstance(self.widths, list | tuple | np.ndarray):
            object.__setattr__(self, "widths",
                               tuple(int(w) if _is_int(w) else w for w in self.widths))
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if f.name != "widths" and _is_int(v) and f.type == "int":
                object.__setattr__(self, f.name, int(v))
            elif f.type == "float" and _is_real(v):
                object.__setattr__(self, f.name, float(v))
        self.validate()

    def validate(self) -> None:
        """Raise :class:`EmergenceInputError` naming the first invalid field."""
        if not _is_int(self.digits) or not 1 <= self.digits <= MAX_DIGITS:
            raise EmergenceInputError(
                f"digits: must be an integer from 1 to {MAX_DIGITS}, got {self.digits!r}")
        if not isinstance(self.widths, tuple) or len(self.widths) == 0:
            raise EmergenceInputError(
                f"widths: must be a non-empty tuple of hidden widths, got {self.widths!r}")
        for i, w in enumerate(self.widths):
            if not _is_int(w) or w <= 0:
                raise EmergenceInputError(
                    f"widths: entry {i} must be a positive integer, got {w!r}")
        for i in range(1, len(self.widths)):
            if self.widths[i] <= self.widths[i - 1]:
                raise EmergenceInputError(
                    f"widths: must be strictly increasing, entry {i} ({self.widths[i]}) "
                    f"is not larger than entry {i - 1} ({self.widths[i - 1]})")
        for name in ("steps", "batch_size", "n_test"):
            v = getattr(self, name)
            if not _is_int(v) or v <= 0:
                raise EmergenceInputError(f"{name}: must be a positive integer, got {v!r}")
        total = 10 ** (2 * self.digits)
        if self.n_test > total // 2:
            raise EmergenceInputError(
                f"n_test: at most half of the {total} possible {self.digits}-digit problems "
                f"({total // 2}) can be held out, got {self.n_test}")
        if not _is_real(self.lr) or not math.isfinite(self.lr) or self.lr <= 0:
            raise EmergenceInputError(f"lr: must be a positive finite number, got {self.lr!r}")
        for name in ("beta1", "beta2"):
            v = getattr(self, name)
            if not _is_real(v) or not 0 <= v < 1:
                raise EmergenceInputError(f"{name}: must be in [0, 1), got {v!r}")
        if not _is_real(self.eps) or not math.isfinite(self.eps) or self.eps <= 0:
            raise EmergenceInputError(f"eps: must be a positive finite number, got {self.eps!r}")

    @property
    def answer_tokens(self) -> int:
        """Tokens in the answer, ``L = digits + 1``."""
        return self.digits + 1

    @property
    def input_size(self) -> int:
        """Length of the one-hot input vector: ``2 * digits * 10``."""
        return 2 * self.digits * VOCAB

    @property
    def output_size(self) -> int:
        """Number of logits: ``answer_tokens * 10``."""
        return self.answer_tokens * VOCAB

    @property
    def train_examples(self) -> int:
        """Training examples each model sees: ``steps * batch_size``."""
        return self.steps * self.batch_size

    def params(self, width: int) -> int:
        """Parameters (count, weights and biases) of the model of hidden width ``width``."""
        return count_params(self.digits, width)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (``widths`` as a list)."""
        d = dataclasses.asdict(self)
        d["widths"] = list(self.widths)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LabConfig:
        """Inverse of :meth:`to_dict`; unknown or missing keys raise EmergenceInputError."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(d) - names
        if unknown:
            raise EmergenceInputError(f"config: unknown field(s) {sorted(unknown)}")
        kw = dict(d)
        if "widths" in kw:
            kw["widths"] = tuple(kw["widths"])
        return cls(**kw)

    def replace(self, **changes: Any) -> LabConfig:
        """A copy with some fields changed (validated)."""
        return dataclasses.replace(self, **changes)

    def _without_widths(self) -> dict[str, Any]:
        d = self.to_dict()
        d.pop("widths")
        return d


#: Named configurations. ``default`` is the one the notebook opens with; ``digitsN`` change only
#: the task difficulty; ``tiny`` trains in well under a second (used for demos and tests).
PRESETS: dict[str, LabConfig] = {
    "default": LabConfig(),
    "digits2": LabConfig(digits=2),
    "digits4": LabConfig(digits=4),
    "digits5": LabConfig(digits=5),
    "tiny": LabConfig(digits=2, widths=(4, 16, 64), steps=300, batch_size=64, n_test=500),
}


def _preset_name(config: LabConfig) -> str:
    for name, cfg in PRESETS.items():
        if cfg == config:
            return name
    return "custom"


# --------------------------------------------------------------------------------------------
# The task
# --------------------------------------------------------------------------------------------

def problem_ids(digits: int, n: int, rng: np.random.Generator,
                exclude: np.ndarray | None = None) -> np.ndarray:
    """Draw ``n`` problem ids uniformly from all ``10 ** (2 * digits)`` problems.

    A problem id ``i`` encodes the operands ``a = i // 10**digits`` and ``b = i % 10**digits``.
    Ids found in the sorted array ``exclude`` (the held-out test set) are redrawn, so training
    never sees a test problem.
    """
    total = 10 ** (2 * digits)
    ids = rng.integers(0, total, size=n, dtype=np.int64)
    if exclude is not None and exclude.size:
        while True:
            pos = np.searchsorted(exclude, ids)
            hit = (pos < exclude.size) & (exclude[np.minimum(pos, exclude.size - 1)] == ids)
            k = int(hit.sum())
            if k == 0:
                break
            ids[hit] = rng.integers(0, total, size=k, dtype=np.int64)
    return ids


def decode_problems(ids: np.ndarray, digits: int) -> tuple[np.ndarray, np.ndarray]:
    """Operands ``(a, b)`` of problem ids (see :func:`problem_ids`)."""
    ids = np.asarray(ids, dtype=np.int64)
    base = 10 ** digits
    return ids // base, ids % base


def _digit_matrix(values: np.ndarray, n_digits: int) -> np.ndarray:
    """Digits of non-negative integers, most significant first, shape (len(values), n_digits)."""
    powers = 10 ** np.arange(n_digits - 1, -1, -1, dtype=np.int64)
    return (np.asarray(values, dtype=np.int64)[:, None] // powers) % 10


def encode_inputs(a: np.ndarray, b: np.ndarray, digits: int) -> np.ndarray:
    """One-hot inputs, float64 of shape (n, 2 * digits * 10).

    Position ``p`` (the digits of ``a`` then of ``b``, most significant first) holding digit
    ``d`` sets column ``10 * p + d``.
    """
    toks = np.concatenate([_digit_matrix(a, digits), _digit_matrix(b, digits)], axis=1)
    n = toks.shape[0]
    x = np.zeros((n, 2 * digits * VOCAB))
    x[np.arange(n)[:, None], toks + VOCAB * np.arange(2 * digits)] = 1.0
    return x


def encode_answers(a: np.ndarray, b: np.ndarray, digits: int) -> np.ndarray:
    """Answer tokens ``a + b`` written with ``digits + 1`` digits, int64 of shape (n, L)."""
    return _digit_matrix(np.asarray(a, dtype=np.int64) + np.asarray(b, dtype=np.int64),
                         digits + 1)


def format_problem(a: int, b: int, digits: int, answer: Sequence[int] | None = None) -> str:
    """Text form of a problem as the model sees it, e.g. ``037+045=0082``.

    With ``answer`` (tokens, e.g. a model's prediction) the given tokens are written after ``=``
    instead of the true sum.
    """
    if answer is None:
        answer = encode_answers(np.array([a]), np.array([b]), digits)[0]
    return f"{a:0{digits}d}+{b:0{digits}d}=" + "".join(str(int(t)) for t in answer)


# --------------------------------------------------------------------------------------------
# The model and its cost
# --------------------------------------------------------------------------------------------

def count_params(digits: int, width: int) -> int:
    """Parameters of the model: ``din * H + H + H * dout + dout``.

    ``din = 20 * digits`` (one-hot inputs), ``H = width``, ``dout = 10 * (digits + 1)``.
    """
    din, dout = 2 * digits * VOCAB, (digits + 1) * VOCAB
    return din * width + width + width * dout + dout


def step_flops(digits: int, width: int, batch_size: int) -> int:
    """FLOPs of the matrix products of one training step (forward + backward).

    With batch ``B``, ``din = 20 * digits``, ``H = width`` and ``dout = 10 * (digits + 1)``, a step
    executes five dense products, each costing ``2 * m * k * n`` FLOPs (one multiply-add = 2 FLOPs):

    - forward: ``X @ W1`` (B x din x H) and ``h @ W2`` (B x H x dout);
    - backward: ``h.T @ g`` (H x B x dout), ``g @ W2.T`` (B x dout x H) and ``X.T @ dh``
      (din x B x H). No gradient is computed for the input, which is data.

    Total: ``2 * B * (2 * din * H + 3 * H * dout)``. The usual estimate ``6 * params * B``
    (Kaplan et al. 2020) is well above it, by the ratio ``3 * params / (2 * din * H + 3 * H *
    dout)``: it charges the first layer an input gradient (6 instead of 4 FLOPs per weight and
    example), which is the larger part for large widths, and charges biases as if they were
    weights, which matters for small widths. For 3-digit sums (``din = 60``, ``dout = 40``) the
    ratio is ``1.2625 + 0.5 / H``: 6ND is 51 % above the count at ``H = 2`` and 26 % above it
    at ``H = 256``. Element-wise work (bias adds, ReLU, softmax, the Adam update, about
    ``10 * params`` per step) is not counted, as in the papers' estimates.
    """
    din, dout = 2 * digits * VOCAB, (digits + 1) * VOCAB
    return 2 * batch_size * (2 * din * width + 3 * width * dout)


def train_flops(config: LabConfig, width: int) -> int:
    """Training FLOPs of one model: ``steps * step_flops(...)`` (see :func:`step_flops`)."""
    return config.steps * step_flops(config.digits, width, config.batch_size)


class _FlopCounter:
    """Dense matrix products that count their own FLOPs (2 per multiply-add)."""

    def __init__(self) -> None:
        self.flops = 0

    def mm(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        m, k = a.shape
        k2, n = b.shape
        assert k == k2
        self.flops += 2 * m * k * n
        return a @ b


def _init_params(config: LabConfig, width: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    din, dout = config.input_size, config.output_size
    return {
        "W1": rng.normal(0.0, math.sqrt(2.0 / din), size=(din, width)),
        "b1": np.zeros(width),
        "W2": rng.normal(0.0, math.sqrt(1.0 / width), size=(width, dout)),
        "b2": np.zeros(dout),
    }


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


Params = dict[str, np.ndarray]
MatMul = Callable[[np.ndarray, np.ndarray], np.ndarray]


def mlp_forward(params: Params, x: np.ndarray, matmul: MatMul = np.matmul,
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Forward pass of the lab's MLP.

    Parameters
    ----------
    params : dict
        ``W1`` (din x H), ``b1`` (H), ``W2`` (H x dout), ``b2`` (dout), with ``din = 20 * digits``
        and ``dout = 10 * L``.
    x : ndarray
        One-hot inputs, shape (n, din) (see :func:`encode_inputs`).
    matmul : callable
        The matrix product (training passes one that counts its FLOPs).

    Returns
    -------
    z : ndarray
        Pre-activations of the hidden layer, (n, H).
    h : ndarray
        ReLU activations, (n, H).
    logits : ndarray
        Unnormalised log-probabilities of every answer token, (n, L, 10).
    """
    z = matmul(x, params["W1"]) + params["b1"]
    h = np.maximum(z, 0.0)
    logits = (matmul(h, params["W2"]) + params["b2"]).reshape(len(x), -1, VOCAB)
    return z, h, logits


def mlp_backward(params: Params, x: np.ndarray, z: np.ndarray, h: np.ndarray,
                 logits: np.ndarray, y: np.ndarray, matmul: MatMul = np.matmul) -> Params:
    """Gradients of the mean per-token cross-entropy (nats) with respect to every parameter.

    ``x``, ``z``, ``h`` and ``logits`` are the input and outputs of :func:`mlp_forward`;
    ``y`` holds the answer tokens, int array of shape (n, L). The loss is averaged over the
    ``n * L`` answer tokens, so every gradient is divided by ``n * L``. Three matrix products:
    ``h.T @ g``, ``g @ W2.T`` and ``x.T @ dh`` (no gradient for the input, which is data).

    Returns
    -------
    dict
        ``W1``, ``b1``, ``W2``, ``b2``: arrays of the parameters' shapes (nats per unit).
    """
    n, n_tok, _ = logits.shape
    g = np.exp(_log_softmax(logits))  # softmax probabilities
    g[np.arange(n)[:, None], np.arange(n_tok)[None, :], y] -= 1.0  # minus the one-hot target
    g = g.reshape(n, n_tok * VOCAB) / (n * n_tok)
    grads = {"W2": matmul(h.T, g), "b2": g.sum(axis=0)}
    dh = matmul(g, params["W2"].T) * (z > 0.0)  # back through the ReLU
    grads["W1"] = matmul(x.T, dh)
    grads["b1"] = dh.sum(axis=0)
    return grads


def adam_step(params: Params, grads: Params, m: Params, v: Params, t: int, lr: float,
              beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
              ) -> tuple[Params, Params, Params]:
    """One Adam update of every parameter (Kingma & Ba 2015, Algorithm 1).

    Parameters
    ----------
    params, grads, m, v : dict
        Parameters, their gradients, and Adam's first and second moment estimates (same keys
        and shapes).
    t : int
        Step number, starting at 1 (for the bias corrections ``1 - beta ** t``).
    lr, beta1, beta2, eps : float
        Step size alpha and Adam's constants.

    Returns
    -------
    (params, m, v) : tuple of dict
        New arrays; the inputs are not changed.
    """
    new_p, new_m, new_v = {}, {}, {}
    for k in params:
        new_m[k] = beta1 * m[k] + (1.0 - beta1) * grads[k]
        new_v[k] = beta2 * v[k] + (1.0 - beta2) * (grads[k] * grads[k])
        m_hat = new_m[k] / (1.0 - beta1 ** t)
        v_hat = new_v[k] / (1.0 - beta2 ** t)
        new_p[k] = params[k] - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_p, new_m, new_v


def cross_entropy(logits: np.ndarray, y: np.ndarray) -> float:
    """Mean per-token cross-entropy in nats: ``-mean(log softmax(logits)[y])``.

    ``logits`` of shape (n, L, 10), ``y`` int tokens of shape (n, L). Uniform guessing gives
    ``ln 10 = 2.303`` nats.
    """
    logp = _log_softmax(np.asarray(logits, dtype=float))
    ce = -np.take_along_axis(logp, np.asarray(y)[..., None], axis=-1)[..., 0]
    return float(ce.mean())


def exact_match(pred: np.ndarray, target: np.ndarray) -> float:
    """Fraction of answers (rows) whose every token equals the target's (a fraction in [0, 1]).

    Compare the per-token accuracy ``mean(pred == target)``, which gives partial credit.
    """
    right = np.asarray(pred) == np.asarray(target)
    return float(right.all(axis=-1).mean())


def _seed_sequence(seed: int, *key: int) -> np.random.SeedSequence:
    return np.random.SeedSequence(seed, spawn_key=key)


def _test_ids(config: LabConfig, seed: int) -> np.ndarray:
    """The held-out test problems of a seed (sorted ids; independent of the widths)."""
    rng = np.random.default_rng(_seed_sequence(seed, 0, config.digits))
    total = 10 ** (2 * config.digits)
    return np.sort(rng.choice(total, size=config.n_test, replace=False).astype(np.int64))


_BLAS_SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
                 "openblas_set_num_threads64_", "openblas_set_num_threads")


def _openblas_thread_functions() -> tuple[Callable[[int], None], Callable[[], int]] | None:
    """``(set, get)`` thread-count functions of the OpenBLAS numpy loaded, or None.

    Found through ``/proc/self/maps`` (Linux); on other systems, or with another BLAS, None.
    """
    import ctypes

    try:
        with open("/proc/self/maps", encoding="utf-8") as fh:
            paths = {ln.split()[-1] for ln in fh if "openblas" in ln.lower() and "/" in ln}
    except OSError:
        return None
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in _BLAS_SETTERS:
            if hasattr(lib, name):
                getter = getattr(lib, name.replace("set_num_threads", "get_num_threads"), None)
                if getter is not None:
                    return getattr(lib, name), getter
    return None


class _SingleThreadBLAS:
    """Run OpenBLAS on one thread inside the ``with`` block (best effort, then restored).

    The products here are small (at most 128 x 256 x 60): a second BLAS thread brings no
    speed-up and, on a machine shared with other jobs, costs a lot of waiting. Results are
    identical with one or more threads (checked on the project machine), so this only changes
    the speed. Does nothing when numpy does not use OpenBLAS or the functions are not found.
    """

    _lock = threading.Lock()
    _depth = 0
    _saved: int | None = None

    def __enter__(self) -> _SingleThreadBLAS:
        with self._lock:
            fns = _openblas_thread_functions() if _SingleThreadBLAS._depth == 0 else None
            if fns is not None:
                set_n, get_n = fns
                _SingleThreadBLAS._saved = int(get_n())
                set_n(1)
            _SingleThreadBLAS._depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            _SingleThreadBLAS._depth -= 1
            if _SingleThreadBLAS._depth == 0 and _SingleThreadBLAS._saved is not None:
                fns = _openblas_thread_functions()
                if fns is not None:
                    fns[0](_SingleThreadBLAS._saved)
                _SingleThreadBLAS._saved = None


def _check_seed(seed: Any) -> int:
    if not _is_int(seed) or seed < 0:
        raise EmergenceInputError(f"seed: must be a non-negative integer, got {seed!r}")
    return int(seed)


def _stop_requested(stop: threading.Event | Callable[[], bool] | None) -> bool:
    if stop is None:
        return False
    if isinstance(stop, threading.Event):
        return stop.is_set()
    return bool(stop())


def train_model(config: LabConfig, width: int, seed: int = 0, *,
                stop: threading.Event | Callable[[], bool] | None = None,
                on_step: Callable[[int], None] | None = None,
                ) -> tuple[dict[str, np.ndarray], int, int]:
    """Train one model of the family.

    The initial weights come from ``SeedSequence(seed, spawn_key=(1, width))`` (He-normal first
    layer, ``N(0, 1/H)`` second layer, zero biases) and the mini-batches from
    ``SeedSequence(seed, spawn_key=(2, digits))``, so every width sees the same batches and a
    model's result does not depend on which other widths are trained.

    Returns
    -------
    params : dict of str to ndarray
        ``W1`` (din x H), ``b1``, ``W2`` (H x dout), ``b2``.
    flops : int
        FLOPs counted on the matrix products actually executed (see :func:`step_flops`).
    steps_done : int
        Steps completed (``config.steps`` unless ``stop`` fired).
    """
    config.validate()
    seed = _check_seed(seed)
    if not _is_int(width) or width <= 0:
        raise EmergenceInputError(f"width: must be a positive integer, got {width!r}")
    test = _test_ids(config, seed)
    init_rng = np.random.default_rng(_seed_sequence(seed, 1, int(width)))
    data_rng = np.random.default_rng(_seed_sequence(seed, 2, config.digits))
    p = _init_params(config, int(width), init_rng)
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(val) for k, val in p.items()}
    counter = _FlopCounter()
    steps_done = 0
    for t in range(1, config.steps + 1):
        if _stop_requested(stop):
            break
        a, b = decode_problems(problem_ids(config.digits, config.batch_size, data_rng, test),
                               config.digits)
        x = encode_inputs(a, b, config.digits)
        y = encode_answers(a, b, config.digits)
        z, h, logits = mlp_forward(p, x, counter.mm)
        grads = mlp_backward(p, x, z, h, logits, y, counter.mm)
        p, m, v = adam_step(p, grads, m, v, t, config.lr, config.beta1, config.beta2, config.eps)
        steps_done = t
        if on_step is not None:
            on_step(t)
    return p, counter.flops, steps_done


def token_edit_distance(pred: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Levenshtein distance between token sequences, row by row (tokens, int array).

    Insertions, deletions and substitutions cost 1. ``pred`` and ``target`` are integer arrays of
    shape (n, Lp) and (n, Lt).
    """
    pred, target = np.asarray(pred), np.asarray(target)
    if pred.ndim != 2 or target.ndim != 2 or pred.shape[0] != target.shape[0]:
        raise EmergenceInputError(
            f"pred, target: need 2-D arrays with the same number of rows, got shapes "
            f"{pred.shape} and {target.shape}")
    n, lp = pred.shape
    lt = target.shape[1]
    prev = np.tile(np.arange(lt + 1, dtype=np.int64), (n, 1))
    for i in range(1, lp + 1):
        cur = np.empty_like(prev)
        cur[:, 0] = i
        for j in range(1, lt + 1):
            sub = prev[:, j - 1] + (pred[:, i - 1] != target[:, j - 1])
            cur[:, j] = np.minimum(np.minimum(prev[:, j] + 1, cur[:, j - 1] + 1), sub)
        prev = cur
    return prev[:, lt]


def evaluate(params: dict[str, np.ndarray], config: LabConfig, seed: int = 0,
             ) -> dict[str, Any]:
    """Evaluate a model on the held-out test problems of ``seed``.

    Returns
    -------
    dict
        ``cross_entropy`` (nats per answer token), ``token_accuracy`` (fraction),
        ``exact_match`` (fraction of answers with every token right), ``exact_match_count``,
        ``edit_distance`` (mean Levenshtein distance in tokens), ``n_test``, and
        ``position_accuracy`` (tuple of fractions, most significant answer token first).
        Also, not stored in the cache: ``pred`` and ``target`` token arrays and the per-example
        ``edit_distances``.
    """
    test = _test_ids(config, _check_seed(seed))
    a, b = decode_problems(test, config.digits)
    x = encode_inputs(a, b, config.digits)
    y = encode_answers(a, b, config.digits)
    logits = mlp_forward(params, x)[2]
    pred = np.argmax(logits, axis=-1)
    right = pred == y
    exact = right.all(axis=1)
    dist = token_edit_distance(pred, y)
    return {
        "cross_entropy": cross_entropy(logits, y),
        "token_accuracy": float(right.mean()),
        "exact_match": exact_match(pred, y),
        "exact_match_count": int(exact.sum()),
        "edit_distance": float(dist.mean()),
        "n_test": int(len(test)),
        "position_accuracy": tuple(float(v) for v in right.mean(axis=0)),
        "pred": pred, "target": y, "edit_distances": dist, "a": a, "b": b,
    }


# --------------------------------------------------------------------------------------------
# Families and their results
# --------------------------------------------------------------------------------------------

#: Result columns: name -> (unit, description). One row per model.
COLUMNS: dict[str, tuple[str, str]] = {
    "config_name": ("", "preset name (see PRESETS) or 'custom'"),
    "digits": ("digits", "digits per operand"),
    "answer_tokens": ("tokens", "answer length L = digits + 1"),
    "seed": ("", "seed of initialisation, batches and test set"),
    "width": ("units", "hidden-layer width"),
    "params": ("parameters", "weights and biases (count)"),
    "steps": ("steps", "Adam steps"),
    "batch_size": ("examples", "examples per step"),
    "train_examples": ("examples", "examples seen in training (steps x batch)"),
    "train_flops": ("FLOPs", "counted on the executed matrix products (see step_flops)"),
    "flops_6nd": ("FLOPs", "the usual 6 x params x train_examples estimate, for comparison"),
    "cross_entropy": ("nats", "mean per-token cross-entropy on the test set"),
    "token_accuracy": ("fraction", "mean per-token accuracy on the test set"),
    "exact_match": ("fraction", "fraction of test answers with every token right"),
    "exact_match_count": ("examples", "test answers with every token right"),
    "edit_distance": ("tokens", "mean Levenshtein distance between predicted and true answer"),
    "n_test": ("examples", "held-out test problems"),
    "position_accuracy": ("fraction", "per-position token accuracy, most significant first, "
                                      "';'-separated"),
}

#: Metrics that can be plotted: column -> (label, higher is better).
METRICS: dict[str, tuple[str, bool]] = {
    "exact_match": ("exact match (fraction)", True),
    "token_accuracy": ("per-token accuracy (fraction)", True),
    "cross_entropy": ("per-token cross-entropy (nats)", False),
    "edit_distance": ("token edit distance (tokens)", False),
}

#: Scale axes: column -> label.
AXES: dict[str, str] = {"params": "parameters", "train_flops": "training FLOPs"}

_METRIC_COLUMNS = ("cross_entropy", "token_accuracy", "exact_match", "exact_match_count",
                   "edit_distance", "n_test", "position_accuracy")


def _row(config: LabConfig, name: str, seed: int, width: int, flops: int,
         metrics: dict[str, Any]) -> dict[str, Any]:
    return {
        "config_name": name, "digits": config.digits, "answer_tokens": config.answer_tokens,
        "seed": seed, "width": int(width), "params": config.params(width),
        "steps": config.steps, "batch_size": config.batch_size,
        "train_examples": config.train_examples, "train_flops": int(flops),
        "flops_6nd": 6 * config.params(width) * config.train_examples,
        **{k: metrics[k] for k in _METRIC_COLUMNS},
    }


def _table(rows: list[dict[str, Any]]):
    import pandas as pd

    df = pd.DataFrame(rows, columns=list(COLUMNS))
    return df


@dataclass
class LabRun:
    """The results of one family for one seed.

    Attributes
    ----------
    config : LabConfig
    seed : int
    table : pandas.DataFrame
        One row per finished model, columns :data:`COLUMNS`.
    complete : bool
        False when training was stopped: ``table`` then holds only the models that finished.
    source : {"trained", "cache"}
    seconds : float or None
        Wall time of training (None for cached runs).
    stopped_at_width : int or None
        Width of the model that was being trained when ``stop`` fired.
    """

    config: LabConfig
    seed: int
    table: Any
    complete: bool = True
    source: str = "trained"
    seconds: float | None = None
    stopped_at_width: int | None = None

    @property
    def config_name(self) -> str:
        return _preset_name(self.config)

    def curve(self, metric: str = "exact_match", x: str = "params") -> tuple[np.ndarray,
                                                                             np.ndarray]:
        """``(x, y)`` arrays of this run, sorted by scale (see :func:`curve`)."""
        return curve(self.table, metric, x)


def train_family(config: LabConfig | None = None, seed: int = 0,
                 progress: Callable[[int, int], None] | None = None,
                 stop: threading.Event | Callable[[], bool] | None = None,
                 *, on_model: Callable[[dict[str, Any]], None] | None = None,
                 progress_every: int | None = None) -> LabRun:
    """Train and evaluate every width of a family.

    Parameters
    ----------
    config : LabConfig, optional
        Defaults to ``PRESETS["default"]``. Validated before anything is trained.
    seed : int
        Seed of the test set, the initial weights and the mini-batches.
    progress : callable, optional
        ``progress(done, total)`` with steps done and total steps over the whole family, called
        every ``progress_every`` steps (default: 1/100 of a model's steps) and after each model.
        Works with ``tqdm`` (``lambda d, t: bar.update(d - bar.n)``) or an ipywidgets IntProgress.
    stop : threading.Event or callable, optional
        Checked before every step; when set (or returning True) training stops, the unfinished
        model is dropped and the finished ones are returned with ``complete=False``.
    on_model : callable, optional
        Called with each finished model's result row (a dict of :data:`COLUMNS`).

    Returns
    -------
    LabRun
    """
    config = PRESETS["default"] if config is None else config
    if not isinstance(config, LabConfig):
        raise EmergenceInputError(f"config: must be a LabConfig, got {type(config).__name__}")
    config.validate()
    seed = _check_seed(seed)
    if progress_every is None:
        progress_every = max(1, config.steps // 100)
    elif not _is_int(progress_every) or progress_every <= 0:
        raise EmergenceInputError(f"progress_every: must be a positive integer, "
                                  f"got {progress_every!r}")
    name = _preset_name(config)
    total = config.steps * len(config.widths)
    rows: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    stopped_at = None
    for i, width in enumerate(config.widths):
        base = i * config.steps

        def on_step(t: int, base: int = base) -> None:
            if progress is not None and t % progress_every == 0:
                progress(base + t, total)

        with _SingleThreadBLAS():
            params, flops, done = train_model(config, width, seed, stop=stop, on_step=on_step)
        if done < config.steps:
            stopped_at = int(width)
            break
        row = _row(config, name, seed, width, flops, evaluate(params, config, seed))
        rows.append(row)
        if progress is not None:
            progress(base + config.steps, total)
        if on_model is not None:
            on_model(row)
        if i + 1 < len(config.widths) and _stop_requested(stop):
            stopped_at = int(config.widths[i + 1])
            break
    return LabRun(config, seed, _table(rows), complete=stopped_at is None, source="trained",
                  seconds=time.perf_counter() - t0, stopped_at_width=stopped_at)


def curve(table, metric: str = "exact_match", x: str = "params") -> tuple[np.ndarray,
                                                                          np.ndarray]:
    """Scale and metric of a one-seed results table, sorted by scale.

    Raises
    ------
    EmergenceInputError
        Unknown ``metric``/``x``, or the table holds several rows per width (pass one seed, or
        :func:`summarize` first).
    """
    if metric not in METRICS:
        raise EmergenceInputError(f"metric: must be one of {sorted(METRICS)}, got {metric!r}")
    if x not in AXES:
        raise EmergenceInputError(f"x: must be one of {sorted(AXES)}, got {x!r}")
    if table["width"].duplicated().any():
        raise EmergenceInputError("table: several rows per width; select one seed and one "
                                  "configuration, or use summarize()")
    t = table.sort_values("width")
    return t[x].to_numpy(dtype=float), t[metric].to_numpy(dtype=float)


def summarize(table):
    """Mean, minimum and maximum over seeds of each metric, per configuration and width.

    Returns a DataFrame with columns ``config_name, digits, answer_tokens, width, params,
    train_flops, n_seeds`` and ``<metric>_mean/_min/_max`` for every metric in :data:`METRICS`.
    """
    keys = ["config_name", "digits", "answer_tokens", "width", "params", "train_flops"]
    g = table.groupby(keys, sort=True)
    out = g.size().rename("n_seeds").reset_index()
    for mname in METRICS:
        agg = g[mname].agg(["mean", "min", "max"]).reset_index(drop=True)
        for stat in ("mean", "min", "max"):
            out[f"{mname}_{stat}"] = agg[stat].to_numpy()
    return out


def chance_level(metric: str, digits: int) -> float:
    """Score of a guesser that picks every answer token uniformly at random.

    ``token_accuracy``: 1/10; ``exact_match``: ``10 ** -L``; ``cross_entropy``: ``ln 10`` nats;
    ``edit_distance``: expected Levenshtein distance between two independent uniform random
    L-token strings, estimated from 20,000 seeded random pairs (standard error below 0.01 tokens).
    """
    if metric not in METRICS:
        raise EmergenceInputError(f"metric: must be one of {sorted(METRICS)}, got {metric!r}")
    if not _is_int(digits) or not 1 <= digits <= MAX_DIGITS:
        raise EmergenceInputError(f"digits: must be an integer from 1 to {MAX_DIGITS}, "
                                  f"got {digits!r}")
    n_tok = digits + 1
    if metric == "token_accuracy":
        return 1.0 / VOCAB
    if metric == "exact_match":
        return float(VOCAB ** -n_tok)
    if metric == "cross_entropy":
        return math.log(VOCAB)
    return _random_edit_distance(n_tok)


_EDIT_CHANCE: dict[int, float] = {}


def _random_edit_distance(n_tok: int) -> float:
    if n_tok not in _EDIT_CHANCE:
        rng = np.random.default_rng(_seed_sequence(0, 3, n_tok))
        u = rng.integers(0, VOCAB, size=(20000, n_tok))
        v = rng.integers(0, VOCAB, size=(20000, n_tok))
        _EDIT_CHANCE[n_tok] = float(token_edit_distance(u, v).mean())
    return _EDIT_CHANCE[n_tok]


# --------------------------------------------------------------------------------------------
# Cache
# --------------------------------------------------------------------------------------------

class LabCacheWarning(UserWarning):
    """The cache was written by a different version of this module's code."""


#: The line that ends the numerical part of this file (task, models, training, evaluation).
_NUMERICAL_END = b"# " + b"-" * 92 + b"\n# Cache\n"


def code_version() -> dict[str, str]:
    """``emergence_utils.__version__`` and the sha256 of the code that produces the numbers.

    ``lab_py_sha256`` hashes this file's source (LF line endings) up to the "Cache" section:
    the task, the models, training and evaluation. Changes below it (cache handling, figures,
    widgets) do not change the numbers and do not make the cache stale.
    """
    from . import __version__

    src = Path(__file__).read_bytes().replace(b"\r\n", b"\n")
    head, sep, _ = src.partition(_NUMERICAL_END)
    if not sep:  # pragma: no cover - the marker is part of this file
        raise RuntimeError("lab.py: the Cache section marker is missing")
    return {"emergence_utils": __version__, "lab_py_sha256": hashlib.sha256(head).hexdigest()}


def cache_dir() -> Path:
    """Folder of the cached results: ``data/lab`` in a checkout, ``_data/lab`` when installed."""
    here = Path(__file__).resolve().parent
    for cand in (here.parent / "data" / "lab", here / "_data" / "lab"):
        if cand.is_dir():
            return cand
    return here.parent / "data" / "lab"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _csv_bytes(table) -> bytes:
    t = table.copy()
    t["position_accuracy"] = [";".join(repr(float(v)) for v in pa)
                              for pa in t["position_accuracy"]]
    buf = io.StringIO()
    t.to_csv(buf, index=False, lineterminator="\n", float_format=None)
    return buf.getvalue().encode("utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temp file in ``path``'s folder, flush it, then ``os.replace``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; the cache is shared, read-only data
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _package_versions() -> dict[str, str]:
    import matplotlib
    import pandas

    return {"python": platform.python_version(), "numpy": np.__version__,
            "pandas": pandas.__version__, "matplotlib": matplotlib.__version__}


def save_results(runs: Iterable[LabRun], directory: str | Path | None = None, *,
                 overwrite: bool = False) -> Path:
    """Write runs to the cache folder atomically and return the manifest's path.

    The table goes to ``results-<first 12 hex of its sha256>.csv`` and the manifest
    ``results.json`` (configurations, seeds, code version, package versions, the CSV's name and
    sha256) is written last; both are written to a temporary file in the same folder and moved
    into place with :func:`os.replace`. The manifest is the commit point: if writing is
    interrupted at any moment, the previous manifest still names the previous, untouched CSV.
    The previous CSV is deleted only after the new manifest is in place.

    Parameters
    ----------
    runs : iterable of LabRun
        Complete runs only; one per (configuration, seed).
    directory : str or Path, optional
        Defaults to :func:`cache_dir`.
    overwrite : bool
        An existing cache is replaced only when True.
    """
    import pandas as pd

    runs = list(runs)
    if not runs:
        raise EmergenceInputError("runs: nothing to save")
    seen = set()
    for r in runs:
        if not isinstance(r, LabRun):
            raise EmergenceInputError(f"runs: expected LabRun objects, got {type(r).__name__}")
        if not r.complete:
            raise EmergenceInputError(
                f"runs: the run of {r.config_name!r} seed {r.seed} was stopped early; "
                "only complete runs can be cached")
        key = (json.dumps(r.config.to_dict(), sort_keys=True), r.seed)
        if key in seen:
            raise EmergenceInputError(
                f"runs: configuration {r.config_name!r} seed {r.seed} appears twice")
        seen.add(key)
    folder = Path(directory) if directory is not None else cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / MANIFEST_NAME
    old_csv = None
    if manifest_path.exists():
        if not overwrite:
            raise EmergenceInputError(
                f"overwrite: a cache already exists at {manifest_path}; pass overwrite=True "
                "to replace it")
        try:
            old_csv = json.loads(manifest_path.read_text(encoding="utf-8")).get("csv")
        except (OSError, ValueError, AttributeError):
            old_csv = None
    table = pd.concat([r.table for r in runs], ignore_index=True)
    data = _csv_bytes(table)
    digest = _sha256(data)
    csv_name = f"results-{digest[:12]}.csv"
    _write_atomic(folder / csv_name, data)
    manifest = {
        "format": CACHE_FORMAT,
        "description": "Results of the emergence lab (emergence_utils.lab): tiny MLP families "
                       "trained on n-digit addition. Regenerate with "
                       "`python -m emergence_utils.lab --rebuild-cache`.",
        "csv": csv_name,
        "csv_sha256": digest,
        "code_version": code_version(),
        "packages": _package_versions(),
        "platform": {"system": platform.system(), "machine": platform.machine()},
        "created_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "columns": {k: {"unit": u, "description": d} for k, (u, d) in COLUMNS.items()},
        "runs": [{"config_name": r.config_name, "config": r.config.to_dict(), "seed": r.seed,
                  "train_seconds": None if r.seconds is None else round(r.seconds, 3)}
                 for r in runs],
    }
    _write_atomic(manifest_path, (json.dumps(manifest, indent=1) + "\n").encode("utf-8"))
    if old_csv and old_csv != csv_name and "/" not in old_csv and "\\" not in old_csv:
        old = folder / old_csv
        if old.exists():
            old.unlink()
    return manifest_path


@dataclass
class LabCache:
    """The validated cache: the results table and its manifest.

    Attributes
    ----------
    table : pandas.DataFrame
        Every cached model, columns :data:`COLUMNS` (``position_accuracy`` as tuples).
    manifest : dict
        The parsed ``results.json``.
    path : Path
        The manifest's path.
    code_matches : bool
        Whether the cache was written by the current source of this module.
    """

    table: Any
    manifest: dict[str, Any]
    path: Path
    code_matches: bool

    @property
    def runs(self) -> list[tuple[str, LabConfig, int]]:
        """``(config_name, config, seed)`` of every cached run."""
        return [(r["config_name"], LabConfig.from_dict(r["config"]), int(r["seed"]))
                for r in self.manifest["runs"]]

    def configs(self) -> dict[str, LabConfig]:
        """Cached configurations by name."""
        out: dict[str, LabConfig] = {}
        for name, cfg, _ in self.runs:
            out.setdefault(name, cfg)
        return out

    def seeds(self, config: LabConfig) -> list[int]:
        """Seeds cached for exactly this configuration."""
        return sorted(s for _, c, s in self.runs if c == config)

    def get(self, config: LabConfig, seed: int) -> LabRun | None:
        """The cached run of ``config`` and ``seed``, or None.

        A configuration that differs from a cached one only by a subset of its widths is served
        from the cache too: each model's result does not depend on the other widths.
        """
        want = config._without_widths()
        for name, cfg, s in self.runs:
            if s != seed or cfg._without_widths() != want:
                continue
            if not set(config.widths) <= set(cfg.widths):
                continue
            t = self.table
            sel = t[(t["config_name"] == name) & (t["seed"] == seed)
                    & (t["width"].isin(config.widths))].sort_values("width")
            sel = sel.reset_index(drop=True).copy()
            sel["config_name"] = _preset_name(config)
            return LabRun(config, seed, sel, complete=True, source="cache")
        return None


def _data_error(msg: str, file: Path, row: int | None = None, column: str | None = None):
    return EmergenceDataError(msg, dataset="lab cache", file=str(file), row=row, column=column)


def load_cached(directory: str | Path | None = None) -> LabCache:
    """Read and validate the cache written by :func:`save_results`.

    Checks: the manifest parses and has every field; the CSV exists and matches its sha256;
    every column is present; every row is consistent (parameters and FLOPs recomputed from the
    configuration, fractions in [0, 1], exact-match count = fraction x test size, one row per
    width of each run). A cache written by other code (different sha256 of ``lab.py``) loads,
    with ``code_matches=False``.

    Raises
    ------
    EmergenceDataError
        Naming the file, row and column of the first problem.
    """
    import pandas as pd

    folder = Path(directory) if directory is not None else cache_dir()
    mpath = folder / MANIFEST_NAME
    if not mpath.exists():
        raise _data_error("the cache manifest is missing; rebuild it with "
                          "`python -m emergence_utils.lab --rebuild-cache`", mpath)
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _data_error(f"the manifest is not valid JSON ({exc})", mpath) from exc
    if not isinstance(manifest, dict):
        raise _data_error("the manifest must be a JSON object", mpath)
    for key in ("format", "csv", "csv_sha256", "code_version", "packages", "runs", "columns"):
        if key not in manifest:
            raise _data_error(f"the manifest has no {key!r} field", mpath, column=key)
    if manifest["format"] != CACHE_FORMAT:
        raise _data_error(f"unknown format {manifest['format']!r} (expected {CACHE_FORMAT!r})",
                          mpath, column="format")
    cv = manifest["code_version"]
    if not isinstance(cv, dict) or not {"emergence_utils", "lab_py_sha256"} <= set(cv):
        raise _data_error("code_version must give emergence_utils and lab_py_sha256", mpath,
                          column="code_version")
    csv_name = manifest["csv"]
    if not isinstance(csv_name, str) or "/" in csv_name or "\\" in csv_name:
        raise _data_error(f"csv must be a file name in the cache folder, got {csv_name!r}",
                          mpath, column="csv")
    cpath = folder / csv_name
    if not cpath.exists():
        raise _data_error("the results table named by the manifest is missing", cpath)
    data = cpath.read_bytes()
    if _sha256(data) != manifest["csv_sha256"]:
        raise _data_error("sha256 does not match the manifest (file changed or corrupt)", cpath)
    try:
        # the floats must read back bit for bit: pandas 3 parses them so by default (and
        # deprecates the option); older versions need float_precision="round_trip"
        exact = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
        table = pd.read_csv(io.BytesIO(data), dtype={"config_name": str,
                                                    "position_accuracy": str}, **exact)
    except (ValueError, pd.errors.ParserError) as exc:
        raise _data_error(f"cannot parse CSV ({exc})", cpath) from exc
    for col in COLUMNS:
        if col not in table.columns:
            raise _data_error("column missing", cpath, column=col)
    runs = manifest["runs"]
    if not isinstance(runs, list) or not runs:
        raise _data_error("runs must be a non-empty list", mpath, column="runs")
    configs: dict[str, LabConfig] = {}
    for i, r in enumerate(runs):
        try:
            cfg = LabConfig.from_dict(r["config"])
            name, seed = str(r["config_name"]), int(r["seed"])
        except (KeyError, TypeError, EmergenceInputError) as exc:
            raise _data_error(f"run {i}: bad configuration or seed ({exc})", mpath,
                              column="runs") from exc
        configs.setdefault(name, cfg)
        if configs[name] != cfg:
            raise _data_error(f"run {i}: two different configurations named {name!r}", mpath,
                              column="runs")
        rows = table[(table["config_name"] == name) & (table["seed"] == seed)]
        if sorted(rows["width"].tolist()) != list(cfg.widths):
            raise _data_error(f"run {name!r} seed {seed}: widths in the table "
                              f"{sorted(rows['width'].tolist())} differ from the configuration "
                              f"{list(cfg.widths)}", cpath, column="width")
    if len(table) != sum(len(configs[str(r["config_name"])].widths) for r in runs):
        raise _data_error("the table has rows that belong to no run of the manifest", cpath)
    pos = []
    for i, rec in enumerate(table.to_dict("records"), start=1):
        cfg = configs.get(rec["config_name"])
        if cfg is None:  # pragma: no cover - excluded by the row count check above
            raise _data_error("unknown configuration", cpath, row=i, column="config_name")
        expect = {"digits": cfg.digits, "answer_tokens": cfg.answer_tokens,
                  "params": cfg.params(int(rec["width"])), "steps": cfg.steps,
                  "batch_size": cfg.batch_size, "train_examples": cfg.train_examples,
                  "train_flops": train_flops(cfg, int(rec["width"])), "n_test": cfg.n_test}
        for col, val in expect.items():
            if rec[col] != val:
                raise _data_error(f"value {rec[col]!r} differs from {val!r} implied by the "
                                  "configuration", cpath, row=i, column=col)
        for col in ("cross_entropy", "token_accuracy", "exact_match", "edit_distance"):
            v = rec[col]
            if not isinstance(v, float | int) or not math.isfinite(v) or v < 0:
                raise _data_error(f"value {v!r} is not a finite non-negative number", cpath,
                                  row=i, column=col)
        for col in ("token_accuracy", "exact_match"):
            if rec[col] > 1:
                raise _data_error(f"fraction {rec[col]!r} above 1", cpath, row=i, column=col)
        if rec["edit_distance"] > cfg.answer_tokens:
            raise _data_error(f"{rec['edit_distance']!r} exceeds the answer length", cpath,
                              row=i, column="edit_distance")
        if rec["exact_match_count"] != round(rec["exact_match"] * rec["n_test"]):
            raise _data_error("exact_match_count differs from exact_match x n_test", cpath,
                              row=i, column="exact_match_count")
        try:
            pa = tuple(float(s) for s in str(rec["position_accuracy"]).split(";"))
        except ValueError as exc:
            raise _data_error(f"cannot parse {rec['position_accuracy']!r}", cpath, row=i,
                              column="position_accuracy") from exc
        if len(pa) != cfg.answer_tokens or not all(0 <= v <= 1 for v in pa):
            raise _data_error(f"needs {cfg.answer_tokens} fractions in [0, 1], got {pa!r}",
                              cpath, row=i, column="position_accuracy")
        if abs(sum(pa) / len(pa) - rec["token_accuracy"]) > 1e-9:
            raise _data_error("mean of position_accuracy differs from token_accuracy", cpath,
                              row=i, column="position_accuracy")
        pos.append(pa)
    table["position_accuracy"] = pos
    matches = cv["lab_py_sha256"] == code_version()["lab_py_sha256"]
    return LabCache(table, manifest, mpath, matches)


def cached_or_train(config: LabConfig | None = None, seed: int = 0,
                    progress: Callable[[int, int], None] | None = None,
                    stop: threading.Event | Callable[[], bool] | None = None, *,
                    cache: LabCache | None = None, directory: str | Path | None = None,
                    ) -> LabRun:
    """The cached run of ``config`` and ``seed`` if there is one, otherwise train it.

    A cache written by a different version of ``lab.py`` is still used, with a
    :class:`LabCacheWarning` (its numbers may differ from a fresh run). A missing or corrupt
    cache is not an error here: the family is trained (see :func:`train_family`).
    """
    config = PRESETS["default"] if config is None else config
    if not isinstance(config, LabConfig):
        raise EmergenceInputError(f"config: must be a LabConfig, got {type(config).__name__}")
    config.validate()
    seed = _check_seed(seed)
    if cache is None:
        try:
            cache = load_cached(directory)
        except EmergenceDataError as exc:
            warnings.warn(f"lab cache unavailable ({exc}); training instead", LabCacheWarning,
                          stacklevel=2)
            cache = None
    if cache is not None:
        run = cache.get(config, seed)
        if run is not None:
            if not cache.code_matches:
                warnings.warn("the lab cache was written by a different version of "
                              "emergence_utils/lab.py; rebuild it with "
                              "`python -m emergence_utils.lab --rebuild-cache`",
                              LabCacheWarning, stacklevel=2)
            return run
    return train_family(config, seed, progress=progress, stop=stop)


#: What ``--rebuild-cache`` trains by default.
CACHED_PRESETS = ("default", "digits2", "digits4", "digits5", "tiny")
CACHED_SEEDS = (0, 1, 2)


def rebuild_cache(presets: Sequence[str] = CACHED_PRESETS, seeds: Sequence[int] = CACHED_SEEDS,
                  directory: str | Path | None = None, *, verbose: bool = True) -> Path:
    """Train every preset for every seed and replace the cache (atomic, see save_results)."""
    unknown = [p for p in presets if p not in PRESETS]
    if unknown:
        raise EmergenceInputError(f"presets: unknown name(s) {unknown}; known: {sorted(PRESETS)}")
    runs = []
    for name in presets:
        for seed in seeds:
            run = train_family(PRESETS[name], seed)
            if verbose:
                print(f"{name:8s} seed {seed}: {run.seconds:6.1f} s", flush=True)
            runs.append(run)
    return save_results(runs, directory, overwrite=True)


# --------------------------------------------------------------------------------------------
# Figures and widgets
# --------------------------------------------------------------------------------------------

def _lab_style():
    from .style import family_style

    return family_style("Tiny MLP")


def _seed_rows(table, config_name: str):
    return table[table["config_name"] == config_name]


def plot_loss_and_exact_match(table, config_name: str = "default"):
    """Two panels against parameters: per-token loss (left) and exact match (right).

    Every seed is a small marker; the line joins the means over seeds. The random baseline
    (uniform guessing) is dashed. Returns a :class:`matplotlib.figure.Figure`.
    """
    from matplotlib.figure import Figure

    from .style import BASELINE_STYLE

    rows = _seed_rows(table, config_name)
    if rows.empty:
        raise EmergenceInputError(f"config_name: no rows for {config_name!r} in the table")
    st = _lab_style()
    s = summarize(rows)
    digits = int(rows["digits"].iloc[0])
    fig = Figure(figsize=(10, 3.9))
    axes = fig.subplots(1, 2)
    for ax, metric in zip(axes, ("cross_entropy", "exact_match"), strict=True):
        ax.plot(rows["params"], rows[metric], st.marker, color=st.color, alpha=0.35,
                markersize=5, linestyle="none", label="one seed")
        ax.plot(s["params"], s[f"{metric}_mean"], marker=st.marker, color=st.color,
                label=f"mean of {int(s['n_seeds'].min())} seeds")
        ax.axhline(chance_level(metric, digits), **BASELINE_STYLE)
        ax.set_xscale("log")
        ax.set_xlabel("parameters (log scale)")
        ax.set_ylabel(METRICS[metric][0])
    axes[0].set_title("Per-token loss: a wide S-curve")
    axes[1].set_title("Exact match: a steep S-curve")
    axes[1].set_ylim(-0.03, 1.03)
    axes[1].legend(loc="upper left")
    fig.suptitle(f"{digits}-digit addition, answer of {digits + 1} tokens")
    fig.tight_layout()
    return fig


def _series_styles():
    from .style import FamilyStyle

    # Okabe-Ito colours, one marker each: distinguishable in colour and in grey.
    return [FamilyStyle(c, m, "") for c, m in (("#0072B2", "o"), ("#D55E00", "s"),
                                                 ("#009E73", "D"), ("#CC79A7", "^"),
                                                 ("#E69F00", "v"), ("#000000", "P"))]


_SERIES_STYLES = _series_styles()


def plot_mirage_check(table, config_names: Sequence[str] | None = None):
    """Measured exact match against two predictions from per-token accuracy.

    Left: ``(mean token accuracy) ** L`` (Schaeffer et al. 2023: if each of the L tokens is right
    independently with probability p, the whole answer is right with probability p ** L).
    Right: the product of the per-position accuracies (same independence, but each position keeps
    its own accuracy). Points on the diagonal agree with the prediction. One colour per answer
    length. Returns a Figure.
    """
    from matplotlib.figure import Figure

    if config_names is None:
        config_names = [c for c in dict.fromkeys(table["config_name"]) if c != "tiny"]
    for name in config_names:
        if _seed_rows(table, name).empty:
            raise EmergenceInputError(f"config_names: no rows for {name!r}")
    config_names = sorted(config_names,
                          key=lambda n: int(_seed_rows(table, n)["answer_tokens"].iloc[0]))
    fig = Figure(figsize=(10, 4.2))
    axes = fig.subplots(1, 2, sharey=True)
    for k, name in enumerate(config_names):
        rows = _seed_rows(table, name)
        n_tok = int(rows["answer_tokens"].iloc[0])
        st = _SERIES_STYLES[k % len(_SERIES_STYLES)]
        pred_mean = rows["token_accuracy"].to_numpy() ** n_tok
        pred_pos = np.array([np.prod(pa) for pa in rows["position_accuracy"]])
        for ax, pred in zip(axes, (pred_mean, pred_pos), strict=True):
            ax.plot(pred, rows["exact_match"], st.marker, color=st.color, linestyle="none",
                    alpha=0.8, label=f"{n_tok - 1}-digit sums (L = {n_tok})")
    for ax in axes:
        ax.plot([0, 1], [0, 1], color="black", linewidth=1, label="prediction = measurement")
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.set_aspect("equal")
    axes[0].set_xlabel("(per-token accuracy) ** L")
    axes[1].set_xlabel("product of per-position accuracies")
    axes[0].set_ylabel("measured exact match (fraction)")
    axes[0].set_title("Same accuracy at every position")
    axes[1].set_title("Each position its own accuracy")
    axes[0].legend(loc="upper left", fontsize="small")
    fig.tight_layout()
    return fig


def _default_rows(table, config_name: str):
    rows = _seed_rows(table, config_name)
    if rows.empty:
        raise EmergenceInputError(f"config_name: no rows for {config_name!r} in the table")
    return rows


def show_loss_and_exact_match(table, config_name: str = "default"):
    """:func:`plot_loss_and_exact_match` with an alt text built from the plotted numbers.

    Returns an :class:`emergence_utils.widgets.StaticFigure` (display it as a cell's last line).
    """
    from .widgets import show

    rows = _default_rows(table, config_name)
    s = summarize(rows)
    ce, em = s["cross_entropy_mean"].to_numpy(), s["exact_match_mean"].to_numpy()
    steps = doubling_steps(table, config_name, ("exact_match",))
    big = steps["exact_match share (%)"].nlargest(2)
    seeds = sorted(int(v) for v in rows["seed"].unique())
    digits = int(rows["digits"].iloc[0])
    alt = (f"Two panels against parameters on a log axis for the tiny MLP family on {digits}-digit "
           f"addition, trained here (seeds {', '.join(map(str, seeds))}; "
           f"{int(rows['steps'].iloc[0])} Adam steps of {int(rows['batch_size'].iloc[0])} "
           "examples), one light marker per seed and a line through the means, random guessing "
           f"dashed. Left: the per-token cross-entropy falls from {ce[0]:.2f} nats at the "
           f"smallest model to {ce[-1]:.3f} at the largest along a wide S-curve, below the "
           f"random-guessing line at {math.log(VOCAB):.2f} nats. Right: exact match rises from "
           f"{em[0]:.3f} to {em[-1]:.3f} along a steep S-curve: the two largest steps "
           f"({' and '.join(big.index)}) hold {big.sum():.0f} % of the rise; the spread between "
           "seeds is largest in the middle of the rise.")
    return show(plot_loss_and_exact_match(table, config_name), alt=alt)


def show_mirage_check(table, config_names: Sequence[str] | None = None):
    """:func:`plot_mirage_check` with an alt text built from :func:`mirage_gaps`."""
    from .widgets import show

    gaps = mirage_gaps(table, config_names)
    lengths = ", ".join(str(int(v)) for v in gaps["answer tokens L"])
    alt = (f"Two scatter plots of measured exact match against a prediction from per-token "
           f"accuracy, one marker per model and seed (trained here, seeds 0 to 2), one colour per "
           f"answer length ({lengths} tokens), with the diagonal drawn. Left, prediction (mean "
           "token accuracy) to the power L: the mid-sized models lie below the diagonal, by up "
           f"to {gaps['largest gap, mean ** L'].abs().max():.2f}; the models with high exact "
           "match lie on it. Right, prediction as the product of the per-position accuracies: "
           f"every point lies within {gaps['largest gap, product'].abs().max():.3f} of the "
           "diagonal.")
    return show(plot_mirage_check(table, config_names), alt=alt)


def predicted_exact_match(position_accuracy) -> np.ndarray | float:
    """Exact match predicted from per-position accuracies, if positions fail independently.

    The product of the ``L`` accuracies along the last axis (fractions in [0, 1]): the
    probability that every token of an answer is right when token ``i`` is right with
    probability ``p_i``, independently of the others (Schaeffer et al. 2023 use one ``p`` for all
    tokens, ``p ** L``). A float for one model (shape (L,)), an array for several (shape (n, L)).
    """
    pa = np.asarray(position_accuracy, dtype=float)
    if pa.ndim == 0 or pa.shape[-1] == 0:
        raise EmergenceInputError(f"position_accuracy: needs one accuracy per answer position, "
                                  f"got shape {pa.shape}")
    if np.any((pa < 0) | (pa > 1)) or not np.all(np.isfinite(pa)):
        raise EmergenceInputError("position_accuracy: accuracies must be fractions in [0, 1]")
    out = np.prod(pa, axis=-1)
    return float(out) if out.ndim == 0 else out


def doubling_steps(table, config_name: str = "default",
                   metrics: Sequence[str] = ("cross_entropy", "token_accuracy", "exact_match")):
    """Change of each metric's mean over seeds from one width to the next (one doubling).

    Returns a DataFrame indexed by ``"a -> b"`` (widths), with per metric the change (metric's
    unit; negative for a falling loss) and ``<metric> share (%)``: the step's share of the
    metric's whole range (max - min of the means), in percent.
    """
    import pandas as pd

    s = summarize(_default_rows(table, config_name))
    widths = s["width"].tolist()
    out = pd.DataFrame(index=pd.Index([f"{a} -> {b}" for a, b in zip(widths, widths[1:],
                                                                      strict=False)],
                                      name="widths"))
    for metric in metrics:
        if metric not in METRICS:
            raise EmergenceInputError(f"metrics: {metric!r} is not one of {sorted(METRICS)}")
        y = s[f"{metric}_mean"].to_numpy(dtype=float)
        d = np.diff(y)
        out[metric] = d
        out[f"{metric} share (%)"] = 100 * np.abs(d) / (y.max() - y.min())
    return out


def mirage_gaps(table, config_names: Sequence[str] | None = None):
    """How far measured exact match is from the two independence predictions, per task.

    For every model and seed: ``measured - (mean token accuracy) ** L`` and ``measured -
    product of the per-position accuracies``. Returns a DataFrame indexed by digits with ``answer
    tokens L``, the number of models, the signed gap of largest size for each prediction
    (fractions of exact match), the measured exact match of the model where the first gap
    is largest, and the largest first gap among the models with exact match of 0.5 or more.
    """
    import pandas as pd

    if config_names is None:
        config_names = [c for c in dict.fromkeys(table["config_name"]) if c != "tiny"]
    rows = []
    for name in config_names:
        r = _default_rows(table, name)
        n_tok = int(r["answer_tokens"].iloc[0])
        em = r["exact_match"].to_numpy(dtype=float)
        g_mean = em - r["token_accuracy"].to_numpy(dtype=float) ** n_tok
        g_prod = em - predicted_exact_match(np.array([list(pa) for pa in r["position_accuracy"]]))
        i, j = int(np.argmax(np.abs(g_mean))), int(np.argmax(np.abs(g_prod)))
        good = em >= 0.5
        k = int(np.argmax(np.where(good, np.abs(g_mean), -1.0)))
        rows.append({"digits": int(r["digits"].iloc[0]), "answer tokens L": n_tok,
                     "models": len(r), "largest gap, mean ** L": g_mean[i],
                     "exact match there": em[i],
                     "largest gap, mean ** L, exact match >= 0.5": g_mean[k] if good.any()
                     else float("nan"),
                     "largest gap, product": g_prod[j]})
    return pd.DataFrame(rows).sort_values("digits").set_index("digits")


def first_width_reaching(table, config_name: str = "default", level: float = 0.9):
    """Per seed and answer position, the smallest width whose accuracy there reaches ``level``.

    Returns a DataFrame (rows: seeds; columns: answer positions, most significant first) of
    widths; ``NaN`` where no width of the family reaches ``level`` (a fraction).
    """
    import pandas as pd

    if not _is_real(level) or not 0 < level <= 1:
        raise EmergenceInputError(f"level: must be a fraction in (0, 1], got {level!r}")
    rows = _default_rows(table, config_name)
    n_tok = int(rows["answer_tokens"].iloc[0])
    out = {}
    for seed, r in rows.sort_values("width").groupby("seed"):
        pa = np.array([list(v) for v in r["position_accuracy"]])
        w = r["width"].to_numpy()
        out[int(seed)] = [float(w[np.argmax(pa[:, k] >= level)]) if (pa[:, k] >= level).any()
                          else float("nan") for k in range(n_tok)]
    cols = [f"token {k + 1}" for k in range(n_tok)]
    return pd.DataFrame.from_dict(out, orient="index", columns=cols).rename_axis("seed")


def flops_table(table, config_name: str = "default", seed: int = 0):
    """Counted training FLOPs next to the 6ND estimate, per model of one seed.

    Columns ``width, params, train_examples, train_flops, flops_6nd`` and ``6ND above count
    (%)`` = ``100 * (flops_6nd / train_flops - 1)``.
    """
    r = _default_rows(table, config_name)
    r = r[r["seed"] == seed].sort_values("width")
    if r.empty:
        raise EmergenceInputError(f"seed: no rows for seed {seed} of {config_name!r}")
    out = r[["width", "params", "train_examples", "train_flops", "flops_6nd"]].reset_index(
        drop=True)
    out["6ND above count (%)"] = 100 * (out["flops_6nd"] / out["train_flops"] - 1)
    return out


def _fit_rule(x: np.ndarray, y: np.ndarray, a: float, baseline: float
              ) -> tuple[float, float, float, int]:
    """Least-squares ``b`` and ``slope`` of the piecewise rule for a fixed threshold ``a``.

    Returns ``(b, slope, sse, n_above)``; ``b`` is NaN when no point is at or above ``a``.
    """
    above = x >= a
    sse_below = float(np.sum((y[~above] - baseline) ** 2))
    n_above = int(above.sum())
    if n_above == 0:
        return float("nan"), 0.0, sse_below, 0
    dx = np.log10(x[above] / a)
    yy = y[above]
    if n_above == 1:
        b, s = float(yy[0]), 0.0
    else:
        design = np.column_stack([np.ones_like(dx), dx])
        (b, s), *_ = np.linalg.lstsq(design, yy, rcond=None)
    sse = sse_below + float(np.sum((b + s * dx - yy) ** 2))
    return float(b), float(s), sse, n_above


def make_explorer(cache: LabCache | None = None, config_names: Sequence[str] | None = None):
    """The notebook's explorer: one set of runs seen through different metrics and axes.

    Controls: the task (cached configurations), the metric, the scale axis (parameters or
    training FLOPs), log/linear x and y, and the threshold ``a`` of the piecewise rule (set in
    parameters; on the FLOPs axis it is drawn at the FLOPs of a model of that size, interpolated
    between the family's models in log-log). The rule's ``b`` and slope are least-squares fits on
    the models at or above ``a``; its baseline is the metric's random-guess level. The caption
    gives the emergence score of the mean curve (Schaeffer et al. 2023, Eq. 1, which they present
    as BIG-bench's score, Srivastava et al. 2022), computed with
    :func:`emergence_utils.emergence.emergence_score`.

    Returns an :class:`emergence_utils.widgets.LiveFigure`.
    """
    import ipywidgets as w
    from matplotlib.figure import Figure

    from . import emergence
    from .style import BASELINE_STYLE
    from .widgets import LiveFigure

    cache = load_cached() if cache is None else cache
    table = cache.table
    if config_names is None:
        config_names = [c for c in dict.fromkeys(table["config_name"]) if c != "tiny"]
    configs = cache.configs()
    summaries = {n: summarize(_seed_rows(table, n)) for n in config_names}
    seeds_rows = {n: _seed_rows(table, n) for n in config_names}
    options = sorted(((f"{configs[n].digits}-digit sums (L = {configs[n].answer_tokens})", n)
                      for n in config_names), key=lambda o: configs[o[1]].digits)
    default_name = "default" if "default" in config_names else config_names[0]
    all_params = table[table["config_name"].isin(config_names)]["params"]
    controls = {
        "task": w.Dropdown(options=options, value=default_name, description="task"),
        "metric": w.Dropdown(options=[(v[0], k) for k, v in METRICS.items()],
                             value="exact_match", description="metric"),
        "x": w.Dropdown(options=[(v, k) for k, v in AXES.items()], value="params",
                        description="x axis"),
        "xscale": w.ToggleButtons(options=["log", "linear"], value="log",
                                  description="x scale", style={"button_width": "64px"}),
        "yscale": w.ToggleButtons(options=["linear", "log"], value="linear",
                                  description="y scale", style={"button_width": "64px"}),
        "a": w.FloatLogSlider(value=5000.0, base=10,
                              min=math.floor(math.log10(all_params.min()) * 4) / 4,
                              max=math.ceil(math.log10(all_params.max()) * 4) / 4,
                              step=0.05, description="a (params)", readout_format=".3g"),
    }
    st = _lab_style()
    # constrained layout: the fixed default margins cut off the x label in the seminar style
    fig = Figure(figsize=(7.5, 4.4), layout="constrained")
    ax = fig.subplots()
    (pts,) = ax.plot([], [], st.marker, color=st.color, alpha=0.35, markersize=5,
                     linestyle="none", label="one seed")
    (mean_line,) = ax.plot([], [], marker=st.marker, color=st.color, label="mean over seeds")
    (base_line,) = ax.plot([], [], **BASELINE_STYLE)
    (rule_line,) = ax.plot([], [], color="#D55E00", linewidth=2, alpha=0.8,
                           label="piecewise rule")
    a_line = ax.axvline(1.0, color="#D55E00", linestyle=":", linewidth=1.5, label="threshold a")
    note = ax.text(0.99, 0.02, "", transform=ax.transAxes, ha="right", va="bottom",
                   fontsize="small", color="#444444")
    ax.legend(loc="best", fontsize="small")  # placed at each draw, away from the data

    # One x range per x variable for every task (the tasks' models span similar sizes): tasks
    # are then compared on the same axis, and a task change keeps the x axis.
    x_range = {col: (min(summaries[n][col].min() for n in config_names) / 1.6,
                     max(summaries[n][col].max() for n in config_names) * 1.6) for col in AXES}

    def update(task, metric, x, xscale, yscale, a):
        s = summaries[task]
        rows = seeds_rows[task]
        digits = configs[task].digits
        xs = s[x].to_numpy(dtype=float)
        ys = s[f"{metric}_mean"].to_numpy(dtype=float)
        pts.set_data(rows[x].to_numpy(dtype=float), rows[metric].to_numpy(dtype=float))
        mean_line.set_data(xs, ys)
        base = chance_level(metric, digits)
        lo_x, hi_x = x_range[x]
        base_line.set_data([lo_x, hi_x], [base, base])
        # the threshold, in the unit of the x axis
        px = s["params"].to_numpy(dtype=float)
        a_x = float(10 ** np.interp(np.log10(a), np.log10(px), np.log10(xs),
                                    left=np.nan, right=np.nan))
        if not math.isfinite(a_x):  # outside the family: extrapolate with the end ratio
            i = 0 if a < px[0] else -1
            a_x = a * xs[i] / px[i]
        a_line.set_xdata([a_x, a_x])
        b, slope, sse, n_above = _fit_rule(xs, ys, a_x, base)
        grid = np.geomspace(lo_x, hi_x, 400)
        if n_above:
            rule = emergence.piecewise_rule(grid, a_x, b, baseline=base, slope=slope)
        else:
            rule = np.full_like(grid, base)
        rule_line.set_data(grid, rule)
        ax.set_xscale(xscale)
        ax.set_yscale(yscale)
        ax.set_xlim(lo_x if xscale == "log" else 0.0, hi_x)
        vals = np.concatenate([rows[metric].to_numpy(dtype=float), [base]])
        if yscale == "log":
            pos = vals[vals > 0]
            ax.set_ylim(pos.min() / 2, pos.max() * 2)
        else:
            pad = 0.05 * (vals.max() - vals.min() or 1.0)
            ax.set_ylim(min(0.0, vals.min()) - pad, vals.max() + pad)
        ax.set_xlabel(AXES[x] + f" ({xscale} scale)")
        ax.set_ylabel(METRICS[metric][0])
        ax.set_title(f"{digits}-digit addition: {METRICS[metric][0].split(' (')[0]}")
        hidden = int((rows[metric] <= 0).sum()) if yscale == "log" else 0
        note.set_text(f"{hidden} seed point(s) with value 0 cannot be drawn on a log axis"
                      if hidden else "")
        score = emergence.emergence_score(xs, ys)
        rule_txt = (f"rule: b = {b:.3g}, slope = {slope:.3g} per decade, "
                    f"squared error = {sse:.3g} ({n_above} models at or above a)"
                    if n_above else "rule: no model at or above a, the rule is the baseline")
        return (f"Emergence score (Eq. 1) of the mean curve: {score:.2f}. a = {a:.3g} parameters"
                f"{'' if x == 'params' else f' (= {a_x:.3g} FLOPs)'}. {rule_txt}.")

    def alt(task, metric, x, xscale, yscale, a):
        n_seeds = int(seeds_rows[task]["seed"].nunique())
        return (f"{METRICS[metric][0]} against {AXES[x]} on a {xscale} x axis and {yscale} y "
                f"axis for the tiny MLP family on {configs[task].digits}-digit addition (trained "
                f"in this lab, {n_seeds} seeds), one marker per seed and a line through the "
                f"means, the random baseline dashed, and the piecewise emergence rule with "
                f"threshold a = {a:.3g} parameters.")

    # Blitting: the x axis stays in a saved picture while the task, x variable and x scale
    # stay (moves of ``a`` and of the metric); the data, the y axis (its limits follow the
    # metric), the title, the note and the legend (placed "best", away from the data) are
    # redrawn over it. Any other move draws the whole figure.
    return LiveFigure(fig, update, controls, alt,
                      prompt="Which metric makes the ability look sudden? Does the jump survive "
                             "a linear y axis, a log y axis, a linear x axis?",
                      animated=[pts, mean_line, base_line, rule_line, a_line, ax.yaxis, ax.title,
                                note, ax.get_legend()])


class RetrainPanel:
    """Retrain a family live, with a progress bar and a stop button.

    Training runs in a background thread so the Stop button stays responsive; each finished
    model is drawn at once (filled markers) over the cached numbers of the same configuration
    and seed (hollow markers), and the status line says whether they agree.

    Parameters
    ----------
    config : LabConfig, optional
        Defaults to ``PRESETS["default"]``.
    seed : int
    cache : LabCache, optional
        Source of the reference numbers (default: :func:`load_cached`; none if that fails).
    """

    def __init__(self, config: LabConfig | None = None, seed: int = 0,
                 cache: LabCache | None = None) -> None:
        import ipywidgets as w
        from matplotlib.figure import Figure

        from .style import BASELINE_STYLE

        self.config = PRESETS["default"] if config is None else config
        self.config.validate()
        self.seed = _check_seed(seed)
        if cache is None:
            try:
                cache = load_cached()
            except EmergenceDataError:
                cache = None
        self.reference = cache.get(self.config, self.seed) if cache is not None else None
        self.run: LabRun | None = None
        self._rows: list[dict[str, Any]] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        total = self.config.steps * len(self.config.widths)
        self.train_button = w.Button(description="Retrain", button_style="primary",
                                     icon="play")
        self.stop_button = w.Button(description="Stop", button_style="warning", icon="stop",
                                    disabled=True)
        self.bar = w.IntProgress(value=0, min=0, max=total, description="steps")
        self.status = w.HTML(value=self._idle_text())
        self.image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.train_button.on_click(lambda _b: self.start())
        self.stop_button.on_click(lambda _b: self.stop())
        st = _lab_style()
        self.fig = Figure(figsize=(9, 3.4))
        axes = self.fig.subplots(1, 2)
        self._axes = axes
        self._live = {}
        for ax, metric in zip(axes, ("cross_entropy", "exact_match"), strict=True):
            if self.reference is not None:
                t = self.reference.table
                ax.plot(t["params"], t[metric], st.marker, markerfacecolor="none",
                        color=st.color, markersize=9, linestyle="none",
                        label=f"cached (seed {self.seed})")
            (line,) = ax.plot([], [], st.marker, color="#D55E00", markersize=5,
                              linestyle="-", label="this run")
            self._live[metric] = line
            ax.set_xscale("log")
            ax.set_xlim(self.config.params(self.config.widths[0]) / 1.6,
                        self.config.params(self.config.widths[-1]) * 1.6)
            ax.axhline(chance_level(metric, self.config.digits), **BASELINE_STYLE)
            ax.set_xlabel("parameters (log scale)")
            ax.set_ylabel(METRICS[metric][0])
        axes[0].set_ylim(0, math.log(VOCAB) * 1.05)
        axes[1].set_ylim(-0.03, 1.03)
        axes[1].legend(loc="upper left", fontsize="small")
        self.fig.tight_layout()
        self._render()
        self.widget = w.VBox([w.HBox([self.train_button, self.stop_button, self.bar]),
                              self.status, self.image])

    @property
    def alt(self) -> str:
        n = len(self._rows)
        return (f"Per-token loss and exact match against parameters for the retrained family "
                f"({n} of {len(self.config.widths)} models finished) over the cached numbers "
                f"of seed {self.seed}.")

    def _idle_text(self) -> str:
        ref = "cached numbers for comparison" if self.reference is not None else \
            "no cached numbers for this configuration"
        return (f"{self.config.digits}-digit sums, {len(self.config.widths)} models, "
                f"{self.config.steps} steps each, seed {self.seed} ({ref}). Press Retrain.")

    def _render(self) -> None:
        from .widgets import figure_png

        self.image.value = figure_png(self.fig)

    def _on_progress(self, done: int, total: int) -> None:
        self.bar.value = done

    def _on_model(self, row: dict[str, Any]) -> None:
        with self._lock:
            self._rows.append(row)
            for metric, line in self._live.items():
                line.set_data([r["params"] for r in self._rows], [r[metric] for r in self._rows])
            self._render()
        self.status.value = html.escape(
            f"width {row['width']} ({row['params']} parameters) done: exact match "
            f"{row['exact_match']:.3f}, loss {row['cross_entropy']:.3f} nats/token")

    def _work(self) -> None:
        try:
            run = train_family(self.config, self.seed, progress=self._on_progress,
                               stop=self._stop, on_model=self._on_model)
            self.run = run
            self.status.value = html.escape(self.summary())
        except Exception as exc:  # shown to the student instead of lost in a thread
            self.status.value = html.escape(f"Training failed: {exc!r}")
            raise
        finally:
            self.train_button.disabled = False
            self.stop_button.disabled = True

    def start(self) -> threading.Thread:
        """Start training in a background thread (returns it; ``join()`` it to wait)."""
        if self._thread is not None and self._thread.is_alive():
            return self._thread
        self._stop.clear()
        self._rows = []
        self.run = None
        for line in self._live.values():
            line.set_data([], [])
        self.bar.value = 0
        self.train_button.disabled = True
        self.stop_button.disabled = False
        self.status.value = "Training..."
        self._thread = threading.Thread(target=self._work, name="emergence-lab-retrain",
                                        daemon=True)
        self._thread.start()
        return self._thread

    def stop(self) -> None:
        """Ask the training thread to stop after the current step."""
        self._stop.set()

    def summary(self) -> str:
        """One line on the last run: time, completeness and agreement with the cache."""
        run = self.run
        if run is None:
            return "No run yet."
        done = f"{len(run.table)} of {len(self.config.widths)} models"
        head = (f"Finished in {run.seconds:.1f} s: {done}." if run.complete else
                f"Stopped after {run.seconds:.1f} s while training width "
                f"{run.stopped_at_width}: {done} kept (partial results).")
        if self.reference is None or run.table.empty:
            return head
        ref = self.reference.table.set_index("width").loc[run.table["width"]]
        same = all(np.array_equal(ref[c].to_numpy(), run.table[c].to_numpy())
                   for c in ("cross_entropy", "token_accuracy", "exact_match", "edit_distance"))
        diff = float(np.max(np.abs(ref["exact_match"].to_numpy()
                                   - run.table["exact_match"].to_numpy())))
        close = all(np.allclose(ref[c].to_numpy(), run.table[c].to_numpy(), rtol=1e-6, atol=1e-9)
                    for c in ("cross_entropy", "token_accuracy", "exact_match", "edit_distance"))
        if same:
            return head + " Identical to the cached numbers."
        if close:
            return head + (" Agrees with the cached numbers to 1e-6 (the last bits differ: "
                           "another machine or numpy/BLAS version).")
        return head + (f" Differs from the cached numbers (largest exact-match difference "
                       f"{diff:.3g}; another machine or library version?).")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        import base64

        from .widgets import _img_html, figure_png

        png = figure_png(self.fig)
        bundle: dict[str, Any] = {"text/plain": f"<Retrain panel: {self.alt}>",
                                  "image/png": base64.b64encode(png).decode("ascii")}
        if os.environ.get("EMERGENCE_STATIC") == "1":
            bundle["text/html"] = _img_html(png, self.alt)
        else:
            bundle["application/vnd.jupyter.widget-view+json"] = {
                "version_major": 2, "version_minor": 0, "model_id": self.widget.model_id}
        return bundle


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    """``python -m emergence_utils.lab --rebuild-cache [--presets ...] [--seeds ...]``."""
    ap = argparse.ArgumentParser(prog="python -m emergence_utils.lab", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rebuild-cache", action="store_true",
                    help="train the cached presets and replace data/lab/")
    ap.add_argument("--presets", nargs="+", default=list(CACHED_PRESETS),
                    help=f"presets to train (default: {' '.join(CACHED_PRESETS)})")
    ap.add_argument("--seeds", nargs="+", type=int, default=list(CACHED_SEEDS))
    ap.add_argument("--dir", default=None, help="cache folder (default: data/lab)")
    args = ap.parse_args(argv)
    if not args.rebuild_cache:
        cache = load_cached(args.dir)
        print(f"{cache.path}: {len(cache.manifest['runs'])} runs, {len(cache.table)} models, "
              f"code {'current' if cache.code_matches else 'OUT OF DATE'}")
        return 0
    path = rebuild_cache(args.presets, args.seeds, args.dir)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
