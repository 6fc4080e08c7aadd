"""Checked exercises of notebook 08 (the emergence lab).

Code in view (the notebook shows it and checks it against the package): the lab's forward pass,
backward pass and Adam step (:func:`emergence_utils.lab.mlp_forward`, ``mlp_backward``,
``adam_step``). Student exercises: the per-token cross-entropy, the FLOPs of a training step
(against 6ND), exact match against per-token accuracy, and exact match predicted from
per-position accuracies (the mirage check).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .. import lab
from . import Case, Exercise
from . import diagnose as generic_diagnose

# --- inputs of the cases (seeded, small) --------------------------------------------------------


def _model(digits: int, width: int, n: int, seed: int) -> dict[str, Any]:
    """Parameters, one-hot inputs, answer tokens and the forward results of a small model."""
    rng = np.random.default_rng(seed)
    din, dout = 2 * digits * lab.VOCAB, (digits + 1) * lab.VOCAB
    params = {"W1": rng.normal(0, math.sqrt(2 / din), (din, width)),
              "b1": rng.normal(0, 0.1, width),
              "W2": rng.normal(0, math.sqrt(1 / width), (width, dout)),
              "b2": rng.normal(0, 0.1, dout)}
    ids = lab.problem_ids(digits, n, rng)
    a, b = lab.decode_problems(ids, digits)
    x, y = lab.encode_inputs(a, b, digits), lab.encode_answers(a, b, digits)
    z, h, logits = lab.mlp_forward(params, x)
    return {"params": params, "x": x, "y": y, "z": z, "h": h, "logits": logits}


_SMALL = _model(digits=2, width=5, n=6, seed=1)
_LAB = _model(digits=3, width=16, n=32, seed=2)


def _adam_inputs(seed: int, t: int) -> tuple:
    rng = np.random.default_rng(seed)
    shapes = {"W1": (4, 3), "b1": (3,), "W2": (3, 2), "b2": (2,)}
    params = {k: rng.normal(0, 1, s) for k, s in shapes.items()}
    grads = {k: rng.normal(0, 0.1, s) for k, s in shapes.items()}
    m = {k: rng.normal(0, 0.05, s) if t > 1 else np.zeros(s) for k, s in shapes.items()}
    v = {k: rng.uniform(0, 0.01, s) if t > 1 else np.zeros(s) for k, s in shapes.items()}
    return params, grads, m, v, t


# --- comparing tuples and dicts of arrays -------------------------------------------------------

def _compare_arrays(expected: np.ndarray, got: Any) -> str | None:
    try:
        g = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"expected an array, got {type(got).__name__}"
    e = np.asarray(expected, dtype=float)
    if e.shape != g.shape:
        return f"expected shape {e.shape}, got shape {g.shape}"
    if np.allclose(g, e, rtol=1e-6, atol=1e-9, equal_nan=True):
        return None
    worst = float(np.nanmax(np.abs(g - e))) if np.all(np.isfinite(g)) else float("nan")
    text = f"values differ (largest difference {worst:.3g})"
    hint = generic_diagnose(e, g)
    return f"{text}: {hint}" if hint else text


def _nested(names: Sequence[str] | None = None) -> Callable[[Any, Any], str | None]:
    """A ``compare`` for a tuple of results (named ``names``) or a dict of arrays."""

    def compare(expected: Any, got: Any) -> str | None:
        if got is None:
            return "your function returned None: did you forget the `return` statement?"
        if isinstance(expected, dict):
            if not isinstance(got, dict):
                return f"expected a dict with keys {sorted(expected)}, got {type(got).__name__}"
            if set(got) != set(expected):
                return f"expected the keys {sorted(expected)}, got {sorted(got)}"
            for k in expected:
                problem = compare(expected[k], got[k])
                if problem:
                    return f"{k}: {problem}"
            return None
        if isinstance(expected, tuple):
            if not isinstance(got, tuple | list) or len(got) != len(expected):
                what = len(got) if isinstance(got, tuple | list) else type(got).__name__
                return f"expected a tuple of {len(expected)} results ({', '.join(names or [])}), " \
                       f"got {what}"
            for i, (e, g) in enumerate(zip(expected, got, strict=True)):
                problem = compare(e, g)
                if problem:
                    label = names[i] if names else f"result {i + 1}"
                    return f"{label}: {problem}"
            return None
        return _compare_arrays(expected, got)

    return compare


# --- the forward pass (code in view) ------------------------------------------------------------

def _forward_diagnose(expected: Any, got: Any, case: Case) -> str | None:
    if isinstance(got, tuple | list) and len(got) == 3:
        z, h = np.asarray(got[0]), np.asarray(got[1])
        if h.shape == z.shape and np.allclose(h, z) and np.any(z < 0):
            return "h equals z: apply the ReLU, h = max(z, 0)."
        if np.asarray(got[2]).ndim == 2:
            return "reshape the logits to (n, L, 10): one 10-way softmax per answer token."
    return None


def _forward_no_relu(params, x):
    z = x @ params["W1"] + params["b1"]
    logits = (z @ params["W2"] + params["b2"]).reshape(len(x), -1, 10)
    return z, z, logits


def _forward_flat(params, x):
    z = x @ params["W1"] + params["b1"]
    h = np.maximum(z, 0.0)
    return z, h, h @ params["W2"] + params["b2"]


# --- the backward pass (code in view) -----------------------------------------------------------

def _backward_diagnose(expected: Any, got: Any, case: Case) -> str | None:
    if not isinstance(got, dict) or set(got) != set(expected):
        return None
    n, n_tok = case.args[5].shape
    try:
        ratio = np.asarray(got["W2"], dtype=float) / np.where(expected["W2"] == 0, np.nan,
                                                              expected["W2"])
    except (TypeError, ValueError):
        return None
    r = np.nanmedian(ratio)
    if np.isfinite(r) and abs(r - n * n_tok) < 1e-6 * n * n_tok:
        return (f"your gradients are n * L = {n * n_tok} times too large: the loss is the mean "
                "over examples and answer tokens, so divide by n * L.")
    if np.isfinite(r) and abs(r - n) < 1e-6 * n:
        return f"your gradients are L = {n_tok} times too small or n = {n} times too large: " \
               "divide by n * L once."
    if np.allclose(got["W2"], expected["W2"]) and not np.allclose(got["W1"], expected["W1"]):
        return ("the output layer is right but W1/b1 are not: multiply the hidden gradient by "
                "the ReLU's derivative, (z > 0).")
    return None


def _backward_no_mean(params, x, z, h, logits, y):
    n, n_tok, _ = logits.shape
    g = np.exp(logits - logits.max(axis=-1, keepdims=True))
    g /= g.sum(axis=-1, keepdims=True)
    g[np.arange(n)[:, None], np.arange(n_tok), y] -= 1.0
    g = g.reshape(n, -1)
    dh = (g @ params["W2"].T) * (z > 0)
    return {"W1": x.T @ dh, "b1": dh.sum(axis=0), "W2": h.T @ g, "b2": g.sum(axis=0)}


def _backward_no_relu_mask(params, x, z, h, logits, y):
    n, n_tok, _ = logits.shape
    g = np.exp(logits - logits.max(axis=-1, keepdims=True))
    g /= g.sum(axis=-1, keepdims=True)
    g[np.arange(n)[:, None], np.arange(n_tok), y] -= 1.0
    g = g.reshape(n, -1) / (n * n_tok)
    dh = g @ params["W2"].T
    return {"W1": x.T @ dh, "b1": dh.sum(axis=0), "W2": h.T @ g, "b2": g.sum(axis=0)}


# --- the Adam step (code in view) ---------------------------------------------------------------

def _adam_diagnose(expected: Any, got: Any, case: Case) -> str | None:
    if not isinstance(got, tuple | list) or len(got) != 3 or not isinstance(got[1], dict):
        return None
    params, lr = case.args[0], case.args[5]
    eps = 1e-8
    try:
        m_ok = all(np.allclose(got[1][k], expected[1][k]) for k in expected[1])
        v_ok = all(np.allclose(got[2][k], expected[2][k]) for k in expected[2])
        if m_ok and not v_ok:
            return "v is wrong: it averages the squared gradient, g * g."
        if m_ok and v_ok:
            k = next(iter(params))
            raw = params[k] - lr * expected[1][k] / (np.sqrt(expected[2][k]) + eps)
            if np.allclose(got[0][k], raw):
                return ("m and v are right but the update is not: divide m by (1 - beta1 ** t) "
                        "and v by (1 - beta2 ** t) (bias correction) before the update.")
            if np.allclose(got[0][k], 2 * params[k] - expected[0][k]):
                return "the parameters move uphill: subtract the update (params - lr * ...)."
    except (TypeError, ValueError, KeyError):
        return None
    return None


def _adam_no_bias_correction(params, grads, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    new_p, new_m, new_v = {}, {}, {}
    for k in params:
        new_m[k] = beta1 * m[k] + (1 - beta1) * grads[k]
        new_v[k] = beta2 * v[k] + (1 - beta2) * grads[k] ** 2
        new_p[k] = params[k] - lr * new_m[k] / (np.sqrt(new_v[k]) + eps)
    return new_p, new_m, new_v


def _adam_uphill(params, grads, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    new_p, new_m, new_v = lab.adam_step(params, grads, m, v, t, lr, beta1, beta2, eps)
    return {k: 2 * params[k] - new_p[k] for k in params}, new_m, new_v


def _adam_grad_not_squared(params, grads, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    new_p, new_m, new_v = {}, {}, {}
    for k in params:
        new_m[k] = beta1 * m[k] + (1 - beta1) * grads[k]
        new_v[k] = beta2 * v[k] + (1 - beta2) * np.abs(grads[k])
        m_hat, v_hat = new_m[k] / (1 - beta1 ** t), new_v[k] / (1 - beta2 ** t)
        new_p[k] = params[k] - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new_p, new_m, new_v


# --- exercise: cross-entropy --------------------------------------------------------------------

def _ce_diagnose(expected: Any, got: Any, case: Case) -> str | None:
    try:
        e, g = float(expected), float(got)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(g):
        return ("your loss is not finite: exp() of a large logit overflows. Subtract each "
                "row's largest logit before exp (it does not change the softmax).")
    if e != 0 and math.isclose(g, e / math.log(2), rel_tol=1e-6):
        return "your loss is in bits (log2): use the natural log for nats."
    n_tok = np.asarray(case.args[1]).shape[-1]
    if e != 0 and math.isclose(g, e * n_tok, rel_tol=1e-6):
        return f"your loss is {n_tok} times too large: average over the tokens too, not a sum."
    return None


def _ce_bits(logits, y):
    return lab.cross_entropy(logits, y) / math.log(2)


def _ce_sum_over_tokens(logits, y):
    return lab.cross_entropy(logits, y) * np.asarray(y).shape[-1]


def _ce_naive(logits, y):
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        p = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
        return float(-np.log(np.take_along_axis(p, y[..., None], axis=-1)).mean())


_rng = np.random.default_rng(8)
_CE_LOGITS = _rng.normal(0, 2, (5, 3, 10))
_CE_Y = _rng.integers(0, 10, (5, 3))
_CONFIDENT = np.full((2, 4, 10), -5.0)
_CONFIDENT_Y = np.array([[0, 1, 2, 3], [4, 5, 6, 7]])
_CONFIDENT[np.arange(2)[:, None], np.arange(4), _CONFIDENT_Y] = 5.0

# --- exercise: exact match ----------------------------------------------------------------------


def _em_diagnose(expected: Any, got: Any, case: Case) -> str | None:
    pred, target = (np.asarray(a) for a in case.args)
    try:
        g = float(got)
    except (TypeError, ValueError):
        return None
    if math.isclose(g, float((pred == target).mean()), abs_tol=1e-12) and \
            not math.isclose(g, float(expected), abs_tol=1e-12):
        return ("that is the per-token accuracy (partial credit): exact match counts an answer "
                "only when every token is right.")
    if math.isclose(g, float((pred == target).any(axis=1).mean()), abs_tol=1e-12):
        return "you count answers with at least one right token: every token must be right."
    return None


_PRED = np.array([[0, 8, 9, 0], [1, 1, 2, 0], [0, 4, 4, 4], [0, 0, 1, 2], [0, 9, 9, 9]])
_TARGET = np.array([[0, 8, 9, 0], [1, 1, 2, 1], [0, 4, 4, 4], [0, 7, 7, 7], [1, 0, 0, 0]])
_ONE_WRONG = _TARGET.copy()
_ONE_WRONG[np.arange(5), np.arange(5) % 4] = (_TARGET[np.arange(5), np.arange(5) % 4] + 1) % 10


def _em_token_accuracy(pred, target):
    return float((np.asarray(pred) == np.asarray(target)).mean())


def _em_percent(pred, target):
    return 100 * lab.exact_match(pred, target)


def _em_any(pred, target):
    return float((np.asarray(pred) == np.asarray(target)).any(axis=1).mean())


# --- exercise: FLOPs of a training step ---------------------------------------------------------

def _flops_diagnose(expected: Any, got: Any, case: Case) -> str | None:
    digits, width, bsz = case.args
    din, dout = 20 * digits, 10 * (digits + 1)
    try:
        g = float(got)
    except (TypeError, ValueError):
        return None
    known = {
        6 * lab.count_params(digits, width) * bsz:
            "that is the 6ND estimate (6 x params x examples): count the five products instead.",
        2 * bsz * (3 * din * width + 3 * width * dout):
            "you counted a sixth product, the gradient of the input (X's gradient): the input "
            "is data, training never computes it.",
        2 * bsz * (din * width + width * dout):
            "that is the forward pass only: add the three products of the backward pass.",
        bsz * (2 * din * width + 3 * width * dout):
            "half the answer: one multiply-add is 2 FLOPs.",
    }
    for value, text in known.items():
        if math.isclose(g, value, rel_tol=1e-9):
            return text
    return None


def _flops_6nd(digits, width, batch_size):
    return 6 * lab.count_params(digits, width) * batch_size


def _flops_input_gradient(digits, width, batch_size):
    din, dout = 20 * digits, 10 * (digits + 1)
    return 2 * batch_size * (3 * din * width + 3 * width * dout)


def _flops_forward_only(digits, width, batch_size):
    din, dout = 20 * digits, 10 * (digits + 1)
    return 2 * batch_size * (din * width + width * dout)


def _flops_no_factor_two(digits, width, batch_size):
    return lab.step_flops(digits, width, batch_size) // 2


# --- exercise: exact match predicted from per-position accuracies -------------------------------

def _pred_diagnose(expected: Any, got: Any, case: Case) -> str | None:
    pa = np.asarray(case.args[0], dtype=float)
    g = np.asarray(got, dtype=float) if got is not None else None
    if g is None or g.shape != np.asarray(expected).shape:
        return None
    if np.allclose(g, pa.mean(axis=-1) ** pa.shape[-1]):
        return ("that is (mean accuracy) ** L, one accuracy for every position: multiply each "
                "position's own accuracy instead.")
    if np.allclose(g, pa.mean(axis=-1)):
        return "that is the mean accuracy: every position must be right, so multiply them."
    if np.allclose(g, pa.min(axis=-1)):
        return "that is the weakest position only: multiply all the positions' accuracies."
    return None


def _pred_mean_power(position_accuracy):
    pa = np.asarray(position_accuracy, dtype=float)
    return pa.mean(axis=-1) ** pa.shape[-1]


def _pred_mean(position_accuracy):
    return np.asarray(position_accuracy, dtype=float).mean(axis=-1)


def _pred_min(position_accuracy):
    return np.asarray(position_accuracy, dtype=float).min(axis=-1)


# Per-position accuracies of the lab's 3-digit family, seed 0 (widths 2, 8, 16, 32 and 256 of
# the cache, rounded to 3 decimals): test inputs only, the check compares with the reference.
_POSITIONS = np.array([[0.990, 0.370, 0.110, 0.100], [0.993, 0.342, 0.139, 0.972],
                       [0.996, 0.703, 0.370, 0.748], [0.994, 0.907, 0.801, 1.000],
                       [0.999, 0.967, 0.997, 1.000]])


EXERCISES: dict[str, Exercise] = {
    "mlp_forward": Exercise(
        title="The MLP's forward pass",
        reference=lab.mlp_forward,
        cases=[Case("a 2-digit model of width 5 on 6 problems",
                    (_SMALL["params"], _SMALL["x"])),
               Case("a 3-digit model of width 16 on 32 problems", (_LAB["params"], _LAB["x"]),
                    hint="logits must have shape (n, L, 10) with L = digits + 1.")],
        compare=_nested(("z", "h", "logits")),
        diagnose=_forward_diagnose,
        mistakes=[(_forward_no_relu, "apply the ReLU"), (_forward_flat, "(n, L, 10)")],
    ),
    "mlp_backward": Exercise(
        title="The MLP's backward pass",
        reference=lab.mlp_backward,
        cases=[Case("a 2-digit model of width 5 on 6 problems",
                    tuple(_SMALL[k] for k in ("params", "x", "z", "h", "logits", "y"))),
               Case("a 3-digit model of width 16 on 32 problems",
                    tuple(_LAB[k] for k in ("params", "x", "z", "h", "logits", "y")))],
        compare=_nested(),
        diagnose=_backward_diagnose,
        mistakes=[(_backward_no_mean, "divide by n * L"),
                  (_backward_no_relu_mask, "ReLU's derivative")],
    ),
    "adam_step": Exercise(
        title="One Adam step",
        reference=lab.adam_step,
        cases=[Case("the first step (t = 1, moments start at zero)",
                    (*_adam_inputs(3, 1), 0.01),
                    hint="at t = 1 the bias correction divides m by 0.1 and v by 0.001."),
               Case("step t = 50 with non-zero moments", (*_adam_inputs(4, 50), 0.003))],
        compare=_nested(("params", "m", "v")),
        diagnose=_adam_diagnose,
        mistakes=[(_adam_no_bias_correction, "bias correction"),
                  (_adam_uphill, "uphill"),
                  (_adam_grad_not_squared, "squared gradient")],
    ),
    "cross_entropy": Exercise(
        title="Per-token cross-entropy",
        reference=lab.cross_entropy,
        cases=[Case("uniform logits (random guessing)", (np.zeros((3, 4, 10)),
                                                         np.zeros((3, 4), dtype=int)),
                    hint="equal logits give probability 1/10 to every digit: ln 10 = 2.303 nats."),
               Case("random logits, 5 answers of 3 tokens", (_CE_LOGITS, _CE_Y)),
               Case("confident and right", (_CONFIDENT, _CONFIDENT_Y)),
               Case("very large logits (exp overflows without care)",
                    (1000 * _CE_LOGITS, _CE_Y))],
        diagnose=_ce_diagnose,
        mistakes=[(_ce_bits, "bits"), (_ce_sum_over_tokens, "average over the tokens"),
                  (_ce_naive, "Subtract each row's largest logit"),
                  (lambda logits, y: -lab.cross_entropy(logits, y), "wrong sign")],
    ),
    "exact_match": Exercise(
        title="Exact match",
        reference=lab.exact_match,
        cases=[Case("five 4-token answers, two fully right", (_PRED, _TARGET)),
               Case("every token right", (_TARGET, _TARGET.copy())),
               Case("one wrong token in every answer", (_TARGET, _ONE_WRONG))],
        diagnose=_em_diagnose,
        mistakes=[(_em_token_accuracy, "per-token accuracy"),
                  (_em_percent, "percent instead of a fraction"),
                  (_em_any, "at least one right token")],
    ),
    "step_flops": Exercise(
        title="FLOPs of one training step",
        reference=lab.step_flops,
        cases=[Case("3-digit sums, width 2, batch 128", (3, 2, 128)),
               Case("3-digit sums, width 256, batch 128", (3, 256, 128)),
               Case("5-digit sums, width 64, batch 1", (5, 64, 1))],
        diagnose=_flops_diagnose,
        mistakes=[(_flops_6nd, "6ND estimate"), (_flops_input_gradient, "input is data"),
                  (_flops_forward_only, "forward pass only"),
                  (_flops_no_factor_two, "multiply-add is 2 FLOPs")],
    ),
    "predicted_exact_match": Exercise(
        title="Exact match predicted from per-position accuracies",
        reference=lab.predicted_exact_match,
        cases=[Case("five models of the 3-digit family (seed 0)", (_POSITIONS,)),
               Case("every position equally good", (np.full((2, 4), 0.8),),
                    hint="0.8 ** 4 = 0.4096"),
               Case("6-token answers", (np.array([[1.0, 0.9, 0.5, 0.5, 0.9, 1.0]]),))],
        diagnose=_pred_diagnose,
        mistakes=[(_pred_mean_power, "(mean accuracy) ** L"), (_pred_mean, "the mean accuracy"),
                  (_pred_min, "weakest position")],
    ),
}
