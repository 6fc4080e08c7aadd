"""Scoring model outputs: the metrics behind the emergence plots.

Wei et al. (2022) report most emergent abilities with *exact match* (generation tasks) or
*multiple-choice grade* (argmax over answer options). Schaeffer, Miranda & Koyejo (2023) argue
that such all-or-nothing metrics can make smooth improvements look abrupt, and compare them with
"continuous" metrics: token edit distance and the Brier score. This module implements all of
them, plus BLEU and ROUGE (the generation metrics BIG-bench reports), so the same outputs can be
scored every way.

Units
-----
- :func:`exact_match`, :func:`token_accuracy`, :func:`multiple_choice_grade`,
  :func:`normalized_edit_distance`: **fractions** in [0, 1].
- :func:`edit_distance`: a **count of tokens** (insertions + deletions + substitutions).
- :func:`brier_score`: squared probability error, in [0, 2] (or [0, 2/K] when averaged over the
  K options); lower is better.
- :func:`sentence_bleu`, :func:`corpus_bleu`, :func:`rouge`, :func:`corpus_rouge`: **0-100**
  (the scale of Wei et al.'s BLEU plots and of BIG-bench's ROUGE).

Tokens and Unicode
------------------
Every text is first put in Unicode NFC (canonical composition), so ``"e" + U+0301`` and the
single code point ``"é"`` are the same token. Two tokenisers are built in:

- ``"whitespace"``: split on runs of Unicode whitespace (``str.split()``), so Persian words
  separated by spaces are tokens and the zero-width non-joiner inside a Persian word
  (U+200C) stays inside its word;
- ``"char"``: user-perceived characters: a base character together with the combining marks
  that follow it (Unicode categories Mn, Mc, Me) and any zero-width (non-)joiner. IPA ``ɔ̃``
  (``ɔ`` + U+0303) is one token, not two. This approximates the extended grapheme clusters of
  Unicode UAX #29 for alphabetic scripts and IPA; it does not join emoji sequences or Hangul
  jamo (NFC already composes modern Hangul). Spaces are tokens too.

Any function that takes a ``tokenizer`` also accepts a callable ``str -> list[str]``, and the
token functions accept already tokenised input (a list or tuple of strings).

References
----------
Brier, G. W. (1950). Verification of forecasts expressed in terms of probability.
*Monthly Weather Review* 78(1), 1-3.

Levenshtein, V. I. (1966). Binary codes capable of correcting deletions, insertions, and
reversals. *Soviet Physics Doklady* 10(8), 707-710.

Lin, C.-Y. (2004). ROUGE: A package for automatic evaluation of summaries. *Text Summarization
Branches Out*, ACL Workshop.

Papineni, K., Roukos, S., Ward, T., & Zhu, W.-J. (2002). BLEU: a method for automatic evaluation
of machine translation. *ACL 2002*.

Post, M. (2018). A call for clarity in reporting BLEU scores. *WMT 2018* (sacrebleu).

Schaeffer, R., Miranda, B., & Koyejo, S. (2023). Are emergent abilities of large language models
a mirage? *NeurIPS 2023*.

Srivastava, A. et al. (2023). Beyond the imitation game: quantifying and extrapolating the
capabilities of language models. *TMLR* (BIG-bench).

Wei, J. et al. (2022). Emergent abilities of large language models. *TMLR*.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from .errors import EmergenceInputError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "NORMALIZATIONS", "TOKENIZERS", "ROUGE_TOKENIZERS",
    "normalize_text", "whitespace_tokens", "char_tokens", "tokenize",
    "exact_match", "mean_exact_match", "token_accuracy", "edit_distance",
    "edit_distance_table", "edit_script", "normalized_edit_distance", "multiple_choice_grade",
    "mean_multiple_choice_grade",
    "probabilities_from_logprobs", "brier_score", "mean_brier_score",
    "sentence_bleu", "corpus_bleu", "rouge", "corpus_rouge", "rouge1_tokens",
    "Example", "example_outputs", "metric_table",
]

Tokenizer = str | Callable[[str], list[str]]
Normalization = Literal["none", "nfc", "strip", "lenient"]

#: Text normalisations accepted by :func:`normalize_text` and :func:`exact_match`.
NORMALIZATIONS: tuple[str, ...] = ("none", "nfc", "strip", "lenient")

_JOINERS = frozenset({"\u200c", "\u200d"})  # zero-width non-joiner, zero-width joiner


# --------------------------------------------------------------------------------------------
# input checks
# --------------------------------------------------------------------------------------------
def _check_str(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise EmergenceInputError(f"{name}: expected a str, got {type(value).__name__} "
                                  f"({value!r:.60})")
    return value


def _check_str_list(name: str, values: object) -> list[str]:
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise EmergenceInputError(f"{name}: expected a list of str, got {type(values).__name__}")
    out = list(values)
    for i, v in enumerate(out):
        if not isinstance(v, str):
            raise EmergenceInputError(f"{name}[{i}]: expected a str, got {type(v).__name__} "
                                      f"({v!r:.60})")
    return out


def _references(name: str, reference: object) -> list[str]:
    """One reference (str) or several acceptable references (non-empty list of str)."""
    if isinstance(reference, str):
        return [reference]
    refs = _check_str_list(name, reference)
    if not refs:
        raise EmergenceInputError(f"{name}: needs at least one reference string")
    return refs


# --------------------------------------------------------------------------------------------
# normalisation and tokenisers
# --------------------------------------------------------------------------------------------
def normalize_text(text: str, mode: Normalization = "strip") -> str:
    """Normalise a string before comparing it.

    Parameters
    ----------
    text : str
        The string.
    mode : {"none", "nfc", "strip", "lenient"}
        ``"none"``: unchanged. ``"nfc"``: Unicode NFC only (canonically equivalent spellings,
        such as ``"é"`` and ``"e" + U+0301``, become identical). ``"strip"`` (default): NFC and
        leading/trailing whitespace removed. ``"lenient"``: NFC, case folded
        (:meth:`str.casefold`), every punctuation character (Unicode category P*, e.g. ``.``,
        ``،``, ``؟``) replaced by a space, whitespace runs collapsed to one space, stripped.
        ``"lenient"`` does not remove English articles (as SQuAD's normaliser does), so it
        treats every language alike.

    Returns
    -------
    str
    """
    _check_str("text", text)
    if mode == "none":
        return text
    if mode not in NORMALIZATIONS:
        raise EmergenceInputError(f"normalize: must be one of {NORMALIZATIONS}, got {mode!r}")
    out = unicodedata.normalize("NFC", text)
    if mode == "nfc":
        return out
    if mode == "strip":
        return out.strip()
    out = "".join(" " if unicodedata.category(ch).startswith("P") else ch
                  for ch in out.casefold())
    return " ".join(out.split())


def whitespace_tokens(text: str) -> list[str]:
    """Split a string (after NFC) on runs of Unicode whitespace.

    Examples
    --------
    >>> whitespace_tokens("  the  cat\\tsat ")
    ['the', 'cat', 'sat']
    """
    return unicodedata.normalize("NFC", _check_str("text", text)).split()


def char_tokens(text: str) -> list[str]:
    """Split a string (after NFC) into user-perceived characters.

    A token is a character followed by any combining marks (Unicode categories Mn, Mc, Me) and
    zero-width (non-)joiners (U+200C, U+200D). A mark at the very start of the string is a token
    of its own. Whitespace characters are tokens.

    Examples
    --------
    >>> char_tokens("bɔ\\u0303ʒuʁ")   # IPA for French "bonjour", nasal vowel ɔ̃
    ['b', 'ɔ̃', 'ʒ', 'u', 'ʁ']
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", _check_str("text", text)):
        if out and (ch in _JOINERS or unicodedata.category(ch) in ("Mn", "Mc", "Me")):
            out[-1] += ch
        else:
            out.append(ch)
    return out


#: Built-in tokenisers by name.
TOKENIZERS: dict[str, Callable[[str], list[str]]] = {
    "whitespace": whitespace_tokens,
    "char": char_tokens,
}


def _tokenizer_fn(tokenizer: Tokenizer) -> Callable[[str], list[str]]:
    if callable(tokenizer):
        return tokenizer
    if tokenizer not in TOKENIZERS:
        raise EmergenceInputError(f"tokenizer: must be one of {sorted(TOKENIZERS)} or a callable, "
                                  f"got {tokenizer!r}")
    return TOKENIZERS[tokenizer]


def tokenize(text: str | Sequence[str], tokenizer: Tokenizer = "whitespace",
             *, name: str = "text") -> list[str]:
    """Tokenise a string, or check and return an already tokenised sequence.

    Parameters
    ----------
    text : str or sequence of str
        A string (tokenised with ``tokenizer``) or a list/tuple of tokens (returned as a list,
        each token put in NFC).
    tokenizer : {"whitespace", "char"} or callable
        How to split a string.
    name : str
        Parameter name used in error messages.
    """
    if isinstance(text, str):
        toks = _tokenizer_fn(tokenizer)(text)
        return _check_str_list(f"{name} (tokenised)", toks)
    toks = _check_str_list(name, text)
    return [unicodedata.normalize("NFC", t) for t in toks]


# --------------------------------------------------------------------------------------------
# exact match and token metrics
# --------------------------------------------------------------------------------------------
def exact_match(prediction: str, reference: str | Sequence[str],
                normalize: Normalization = "strip") -> float:
    """Exact string match (BIG-bench ``exact_str_match`` style).

    Parameters
    ----------
    prediction : str
        The model output.
    reference : str or sequence of str
        The target, or several acceptable targets (a match with any of them counts).
    normalize : {"none", "nfc", "strip", "lenient"}
        Applied to both sides first; see :func:`normalize_text`. Default ``"strip"``: NFC and
        surrounding whitespace removed, otherwise strict (case and punctuation count).

    Returns
    -------
    float
        1.0 on a match, else 0.0 (a fraction). Two empty strings match.

    Examples
    --------
    >>> exact_match("1243", "1234")
    0.0
    >>> exact_match(" 1234\\n", "1234")
    1.0
    """
    pred = normalize_text(_check_str("prediction", prediction), normalize)
    refs = [normalize_text(r, normalize) for r in _references("reference", reference)]
    return float(pred in refs)


def mean_exact_match(predictions: Sequence[str], references: Sequence[str | Sequence[str]],
                     normalize: Normalization = "strip") -> float:
    """Fraction of predictions that exactly match their reference(s).

    Parameters
    ----------
    predictions : sequence of str
        Model outputs, one per example.
    references : sequence of (str or sequence of str)
        One target (or a list of acceptable targets) per example, same length as
        ``predictions``.
    normalize : {"none", "nfc", "strip", "lenient"}
        See :func:`exact_match`.

    Returns
    -------
    float
        Mean exact match, a fraction in [0, 1]. Multiply by 100 for the percent of the plots.
    """
    preds = _check_str_list("predictions", predictions)
    if isinstance(references, str) or not isinstance(references, Sequence):
        raise EmergenceInputError("references: expected a list with one entry per prediction")
    if len(references) != len(preds):
        raise EmergenceInputError(f"references: has {len(references)} entries but predictions "
                                  f"has {len(preds)}")
    if not preds:
        raise EmergenceInputError("predictions: needs at least one example")
    return float(np.mean([exact_match(p, r, normalize) for p, r in zip(preds, references, strict=True)]))


def token_accuracy(prediction: str | Sequence[str], reference: str | Sequence[str],
                   tokenizer: Tokenizer = "whitespace") -> float:
    """Position-wise token accuracy.

    Token ``i`` of the prediction is compared with token ``i`` of the reference. Length rule:
    positions beyond the end of the shorter sequence count as **wrong**, and the denominator
    is the **longer** length, ``max(len(prediction), len(reference))``. So both truncated and
    over-long answers are penalised, the score is symmetric in its arguments, and it is 1.0
    only when the token sequences are identical. Two empty sequences score 1.0.

    Parameters
    ----------
    prediction, reference : str or sequence of str
        Strings (tokenised with ``tokenizer``) or token lists.
    tokenizer : {"whitespace", "char"} or callable
        See the module docstring.

    Returns
    -------
    float
        Fraction of positions that agree, in [0, 1].

    Examples
    --------
    >>> token_accuracy("1243", "1234", tokenizer="char")
    0.5
    >>> token_accuracy("a b", "a b c")   # the missing third token counts as wrong
    0.6666666666666666
    """
    a = tokenize(prediction, tokenizer, name="prediction")
    b = tokenize(reference, tokenizer, name="reference")
    longest = max(len(a), len(b))
    if longest == 0:
        return 1.0
    same = sum(x == y for x, y in zip(a, b, strict=False))  # extra positions count as wrong
    return same / longest


def _levenshtein(a: list[str], b: list[str]) -> int:
    """Levenshtein distance with a NumPy dynamic programme (one vectorised row at a time)."""
    if len(a) < len(b):  # loop over the shorter sequence
        a, b = b, a
    if not b:
        return len(a)
    vocab: dict[str, int] = {}
    ia = np.array([vocab.setdefault(t, len(vocab)) for t in a], dtype=np.int64)
    ib = np.array([vocab.setdefault(t, len(vocab)) for t in b], dtype=np.int64)
    # rows index b (short), columns index a (long)
    ramp = np.arange(len(a) + 1, dtype=np.int64)
    prev = ramp.copy()
    row = np.empty(len(a) + 1, dtype=np.int64)
    for i, tok in enumerate(ib, start=1):
        row[0] = i
        # substitution (or match) and deletion
        np.minimum(prev[:-1] + (ia != tok), prev[1:] + 1, out=row[1:])
        # insertion: row[j] = min_k<=j (row[k] + j - k), a running minimum
        prev = np.minimum.accumulate(row - ramp) + ramp
    return int(prev[-1])


def edit_distance(prediction: str | Sequence[str], reference: str | Sequence[str],
                  tokenizer: Tokenizer = "whitespace") -> int:
    """Levenshtein distance between two token sequences.

    Parameters
    ----------
    prediction, reference : str or sequence of str
        Strings (tokenised with ``tokenizer``) or token lists.
    tokenizer : {"whitespace", "char"} or callable
        See the module docstring.

    Returns
    -------
    int
        Minimum number of token insertions, deletions and substitutions (each costs 1) that turn
        one sequence into the other, in tokens. Symmetric; between
        ``abs(len(a) - len(b))`` and ``max(len(a), len(b))``.

    Examples
    --------
    >>> edit_distance("kitten", "sitting", tokenizer="char")
    3
    """
    a = tokenize(prediction, tokenizer, name="prediction")
    b = tokenize(reference, tokenizer, name="reference")
    return _levenshtein(a, b)


def normalized_edit_distance(prediction: str | Sequence[str], reference: str | Sequence[str],
                             tokenizer: Tokenizer = "whitespace") -> float:
    """Edit distance divided by the longer length.

    Returns
    -------
    float
        ``edit_distance / max(len(prediction), len(reference))``, a fraction in [0, 1]
        (0 = identical). Two empty sequences give 0.0.
    """
    a = tokenize(prediction, tokenizer, name="prediction")
    b = tokenize(reference, tokenizer, name="reference")
    longest = max(len(a), len(b))
    return 0.0 if longest == 0 else _levenshtein(a, b) / longest


def edit_distance_table(prediction: str | Sequence[str], reference: str | Sequence[str],
                        tokenizer: Tokenizer = "whitespace") -> pd.DataFrame:
    """The Levenshtein table, as computed by hand: cell (i, j) is the distance between the
    first ``i`` prediction tokens and the first ``j`` reference tokens.

    ``D[i, 0] = i``, ``D[0, j] = j``, and ``D[i, j] = min(D[i-1, j] + 1`` (delete a prediction
    token), ``D[i, j-1] + 1`` (insert a reference token), ``D[i-1, j-1] + [a_i != b_j]``
    (keep or substitute)). The bottom-right cell is :func:`edit_distance`.

    Parameters
    ----------
    prediction, reference : str or sequence of str
        Strings (tokenised with ``tokenizer``) or token lists.
    tokenizer : {"whitespace", "char"} or callable
        See the module docstring.

    Returns
    -------
    pandas.DataFrame
        Integer counts of tokens, shape ``(len(prediction) + 1, len(reference) + 1)``. Rows are
        labelled ``"(start)"`` then the prediction tokens, columns ``"(start)"`` then the
        reference tokens (labels may repeat when tokens do).
    """
    import pandas as pd

    a = tokenize(prediction, tokenizer, name="prediction")
    b = tokenize(reference, tokenizer, name="reference")
    table = _levenshtein_table(a, b)
    return pd.DataFrame(table, index=["(start)", *a], columns=["(start)", *b])


def _levenshtein_table(a: list[str], b: list[str]) -> np.ndarray:
    table = np.zeros((len(a) + 1, len(b) + 1), dtype=np.int64)
    table[:, 0] = np.arange(len(a) + 1)
    table[0, :] = np.arange(len(b) + 1)
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i, j] = min(table[i - 1, j] + 1, table[i, j - 1] + 1,
                              table[i - 1, j - 1] + (a[i - 1] != b[j - 1]))
    return table


def edit_script(prediction: str | Sequence[str], reference: str | Sequence[str],
                tokenizer: Tokenizer = "whitespace") -> list[tuple[str, str, str]]:
    """One shortest list of edits that turns the prediction into the reference.

    Read from :func:`edit_distance_table` backwards, preferring keep/substitute, then delete,
    then insert, so the result is deterministic (several scripts can be equally short).

    Returns
    -------
    list of (operation, prediction token, reference token)
        In order along the sequences. ``operation`` is ``"keep"``, ``"substitute"``,
        ``"delete"`` (the prediction token is dropped; reference token ``""``) or ``"insert"``
        (the reference token is added; prediction token ``""``). The number of entries that are
        not ``"keep"`` equals :func:`edit_distance`.

    Examples
    --------
    >>> edit_script("1243", "1234", tokenizer="char")
    [('keep', '1', '1'), ('keep', '2', '2'), ('substitute', '4', '3'), ('substitute', '3', '4')]
    """
    a = tokenize(prediction, tokenizer, name="prediction")
    b = tokenize(reference, tokenizer, name="reference")
    table = _levenshtein_table(a, b)
    ops: list[tuple[str, str, str]] = []
    i, j = len(a), len(b)
    while i > 0 or j > 0:
        if i > 0 and j > 0 and table[i, j] == table[i - 1, j - 1] + (a[i - 1] != b[j - 1]):
            ops.append(("keep" if a[i - 1] == b[j - 1] else "substitute", a[i - 1], b[j - 1]))
            i, j = i - 1, j - 1
        elif i > 0 and table[i, j] == table[i - 1, j] + 1:
            ops.append(("delete", a[i - 1], ""))
            i -= 1
        else:
            ops.append(("insert", "", b[j - 1]))
            j -= 1
    return ops[::-1]


# --------------------------------------------------------------------------------------------
# multiple choice: grade and Brier score
# --------------------------------------------------------------------------------------------
def _option_vector(name: str, values: object, min_options: int = 2) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise EmergenceInputError(f"{name}: expected a list of numbers, got {values!r:.80}") from exc
    if arr.ndim != 1:
        raise EmergenceInputError(f"{name}: expected one number per option (1-D), got shape "
                                  f"{arr.shape}")
    if arr.size < min_options:
        raise EmergenceInputError(f"{name}: a multiple-choice question needs at least "
                                  f"{min_options} options, got {arr.size}")
    if not np.all(np.isfinite(arr)):
        raise EmergenceInputError(f"{name}: every value must be finite, got {arr.tolist()}")
    return arr


def _check_correct(correct: object, n_options: int) -> int:
    if isinstance(correct, bool) or not isinstance(correct, int | np.integer):
        raise EmergenceInputError(f"correct: expected an option index (int), got {correct!r}")
    if not 0 <= int(correct) < n_options:
        raise EmergenceInputError(f"correct: index {correct} is outside 0..{n_options - 1}")
    return int(correct)


def multiple_choice_grade(scores: Sequence[float], correct: int,
                          ties: Literal["split", "first", "raise"] = "split") -> float:
    """Multiple-choice grade of one question (BIG-bench ``multiple_choice_grade`` style).

    The model "chooses" the option with the highest score (usually the log-probability it
    gives each option's text); the grade is 1 when that option is the correct one.

    Parameters
    ----------
    scores : sequence of float
        One score per option, higher = preferred (log-probabilities in nats, probabilities or
        any monotone score). At least 2 options; all finite.
    correct : int
        Index of the correct option (0-based).
    ties : {"split", "first", "raise"}
        When several options share the top score: ``"split"`` (default) gives ``1/k`` if the
        correct option is among the ``k`` tied ones, the expected grade under a uniformly random
        tie-break, so a model that scores every option equally gets exactly the random baseline
        ``1/K``; ``"first"`` picks the lowest index among them (what ``numpy.argmax`` does);
        ``"raise"`` raises :class:`EmergenceInputError`.

    Returns
    -------
    float
        A fraction in [0, 1]: 1.0 or 0.0 without ties.
    """
    s = _option_vector("scores", scores)
    c = _check_correct(correct, s.size)
    top = np.flatnonzero(s == s.max())
    if top.size == 1 or ties == "first":
        return float(top[0] == c)
    if ties == "split":
        return float(c in top) / top.size
    if ties == "raise":
        raise EmergenceInputError(f"scores: options {top.tolist()} tie for the top score "
                                  f"{s.max()} (ties='raise')")
    raise EmergenceInputError(f"ties: must be 'split', 'first' or 'raise', got {ties!r}")


def _rows(name: str, rows: object) -> list:
    if isinstance(rows, str) or not isinstance(rows, Sequence | np.ndarray):
        raise EmergenceInputError(f"{name}: expected one row per question")
    out = list(rows)
    if not out:
        raise EmergenceInputError(f"{name}: needs at least one question")
    return out


def mean_multiple_choice_grade(scores: Sequence[Sequence[float]], correct: Sequence[int],
                               ties: Literal["split", "first", "raise"] = "split") -> float:
    """Mean :func:`multiple_choice_grade` over questions (rows may have different option counts).

    Returns
    -------
    float
        A fraction in [0, 1] (multiply by 100 for the percent in Wei et al.'s plots).
    """
    rows = _rows("scores", scores)
    corr = _rows("correct", correct)
    if len(rows) != len(corr):
        raise EmergenceInputError(f"correct: has {len(corr)} entries but scores has {len(rows)} rows")
    return float(np.mean([multiple_choice_grade(r, c, ties) for r, c in zip(rows, corr, strict=True)]))


def probabilities_from_logprobs(logprobs: Sequence[float]) -> np.ndarray:
    """Turn per-option log-probabilities into a distribution over the options (softmax).

    This is how a probability for each answer option is obtained from a language model that
    scores each option's text: the option log-likelihoods are renormalised over the options.

    Parameters
    ----------
    logprobs : sequence of float
        Log-probability (nats) of each option; finite.

    Returns
    -------
    numpy.ndarray
        Probabilities (fractions) summing to 1, in option order.
    """
    lp = _option_vector("logprobs", logprobs, min_options=1)
    z = np.exp(lp - lp.max())
    return z / z.sum()


def brier_score(probabilities: Sequence[float], correct: int,
                average_over_options: bool = False, atol: float = 1e-6) -> float:
    """Multi-class Brier score of one question (Brier, 1950).

    ``BS = sum_k (p_k - y_k)^2`` over the K options, where ``y`` is 1 for the correct option and
    0 otherwise. This is Brier's original definition (range [0, 2]); the same sum is used for
    multiple-choice tasks by BIG-bench-style evaluation harnesses. With
    ``average_over_options=True`` the sum is divided by K (range [0, 2/K]); implementations
    differ on this, so state which one you report. Lower is better; a perfectly confident
    correct answer scores 0, a uniform guess scores ``1 - 1/K``.

    Parameters
    ----------
    probabilities : sequence of float
        Probability of each option (fractions), each in [0, 1], summing to 1 within ``atol``.
        Not renormalised for you: use :func:`probabilities_from_logprobs` on log-probabilities.
    correct : int
        Index of the correct option.
    average_over_options : bool
        Divide by the number of options K.
    atol : float
        Tolerance on the sum of probabilities.

    Returns
    -------
    float
        Squared probability error (dimensionless).

    Examples
    --------
    >>> round(brier_score([0.7, 0.2, 0.1], correct=0), 6)
    0.14
    """
    p = _option_vector("probabilities", probabilities)
    if np.any(p < 0) or np.any(p > 1):
        raise EmergenceInputError(f"probabilities: each must be in [0, 1], got {p.tolist()}")
    if abs(p.sum() - 1.0) > atol:
        raise EmergenceInputError(f"probabilities: must sum to 1 (got {p.sum():.6g}); use "
                                  "probabilities_from_logprobs for log-probabilities")
    c = _check_correct(correct, p.size)
    y = np.zeros_like(p)
    y[c] = 1.0
    total = float(np.sum((p - y) ** 2))
    return total / p.size if average_over_options else total


def mean_brier_score(probabilities: Sequence[Sequence[float]], correct: Sequence[int],
                     average_over_options: bool = False, atol: float = 1e-6) -> float:
    """Mean :func:`brier_score` over questions (rows may have different option counts)."""
    rows = _rows("probabilities", probabilities)
    corr = _rows("correct", correct)
    if len(rows) != len(corr):
        raise EmergenceInputError(f"correct: has {len(corr)} entries but probabilities has "
                                  f"{len(rows)} rows")
    return float(np.mean([brier_score(r, c, average_over_options, atol)
                          for r, c in zip(rows, corr, strict=True)]))


# --------------------------------------------------------------------------------------------
# BLEU (sacrebleu) and ROUGE (rouge_score)
# --------------------------------------------------------------------------------------------
def sentence_bleu(prediction: str, references: str | Sequence[str], *, tokenize: str = "13a",
                  smooth_method: str = "exp", lowercase: bool = False) -> float:
    """Sentence-level BLEU via :func:`sacrebleu.sentence_bleu`, on the 0-100 scale.

    Parameters
    ----------
    prediction : str
        Model output.
    references : str or sequence of str
        One reference or several.
    tokenize : str
        sacrebleu tokeniser: ``"13a"`` (default, the WMT standard), ``"intl"`` (splits on all
        Unicode punctuation and symbols), ``"char"`` (sacrebleu's: one token per Unicode
        **code point**, so IPA ``ɔ̃`` = ``ɔ`` + U+0303 counts as two tokens), ``"none"``...;
        or ``"grapheme"`` (this package's): one token per user-perceived character
        (:func:`char_tokens`, whitespace dropped), the tokens of every other metric here,
        given to sacrebleu with ``tokenize="none"``.
    smooth_method : {"exp", "floor", "add-k", "none"}
        sacrebleu's smoothing; sentence BLEU without smoothing is 0 whenever one n-gram order
        has no match.
    lowercase : bool
        Case-insensitive BLEU.

    Returns
    -------
    float
        BLEU in **percent points** (0-100). sacrebleu scores an empty prediction 0, also
        against an empty reference. Identical non-empty strings score 100 (up to floating-point
        rounding: sacrebleu may return 100.00000000000004; the value is passed on unchanged).
    """
    import sacrebleu

    pred = _check_str("prediction", prediction)
    refs = _references("references", references)
    if tokenize == "grapheme":
        pred, refs, tokenize = _grapheme_join(pred), [_grapheme_join(r) for r in refs], "none"
    return float(sacrebleu.sentence_bleu(pred, refs, smooth_method=smooth_method,
                                         lowercase=lowercase, tokenize=tokenize).score)


def _grapheme_join(text: str) -> str:
    """User-perceived characters of ``text`` (whitespace dropped), joined by single spaces."""
    return " ".join(t for t in char_tokens(text) if not t.isspace())


def corpus_bleu(predictions: Sequence[str], references: Sequence[str | Sequence[str]], *,
                tokenize: str = "13a", lowercase: bool = False) -> float:
    """Corpus-level BLEU via :func:`sacrebleu.corpus_bleu`, on the 0-100 scale.

    Corpus BLEU pools n-gram counts over all examples before taking the geometric mean; it is
    not the mean of sentence BLEU scores. sacrebleu's corpus BLEU does not shorten the n-gram
    order for short texts, so a corpus of one- to three-token answers (such as ``"5678"`` with
    the ``"13a"`` tokeniser) scores 0 even when every answer is right; use ``tokenize="char"``
    for such answers, or exact match.

    Parameters
    ----------
    predictions : sequence of str
        One model output per example.
    references : sequence of (str or sequence of str)
        One reference per example, or the same number of references for every example.
    tokenize, lowercase
        As in :func:`sentence_bleu`.

    Returns
    -------
    float
        BLEU in percent points (0-100).
    """
    import sacrebleu

    preds = _check_str_list("predictions", predictions)
    if isinstance(references, str) or not isinstance(references, Sequence):
        raise EmergenceInputError("references: expected one entry per prediction")
    if len(references) != len(preds):
        raise EmergenceInputError(f"references: has {len(references)} entries but predictions "
                                  f"has {len(preds)}")
    if not preds:
        raise EmergenceInputError("predictions: needs at least one example")
    per_example = [_references(f"references[{i}]", r) for i, r in enumerate(references)]
    n_refs = {len(r) for r in per_example}
    if len(n_refs) != 1:
        raise EmergenceInputError(f"references: every example needs the same number of "
                                  f"references, got counts {sorted(n_refs)}")
    streams = [list(s) for s in zip(*per_example, strict=True)]  # sacrebleu wants one stream per reference
    return float(sacrebleu.corpus_bleu(preds, streams, lowercase=lowercase,
                                       tokenize=tokenize).score)


class _UnicodeRougeTokenizer:
    """ROUGE tokeniser that keeps every script: NFC, casefold, punctuation -> space, split."""

    def tokenize(self, text: str) -> list[str]:
        return normalize_text(text, "lenient").split()


class _CharRougeTokenizer:
    """ROUGE tokeniser over user-perceived characters (whitespace dropped)."""

    def tokenize(self, text: str) -> list[str]:
        return [t for t in char_tokens(text) if not t.isspace()]


#: Tokenisers for :func:`rouge`.
ROUGE_TOKENIZERS: tuple[str, ...] = ("default", "unicode", "char")
_ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")


@functools.lru_cache(maxsize=16)
def _rouge_scorer(rouge_types: tuple[str, ...], tokenizer: str, use_stemmer: bool):
    from rouge_score import rouge_scorer

    tok = {"default": None, "unicode": _UnicodeRougeTokenizer(),
           "char": _CharRougeTokenizer()}[tokenizer]
    return rouge_scorer.RougeScorer(list(rouge_types), use_stemmer=use_stemmer, tokenizer=tok)


def _check_rouge_args(rouge_types: Sequence[str], tokenizer: str,
                      use_stemmer: bool) -> tuple[str, ...]:
    types = tuple(_check_str_list("rouge_types", rouge_types))
    bad = [t for t in types if t not in _ROUGE_TYPES]
    if bad or not types:
        raise EmergenceInputError(f"rouge_types: each must be one of {_ROUGE_TYPES}, got "
                                  f"{list(types)}")
    if tokenizer not in ROUGE_TOKENIZERS:
        raise EmergenceInputError(f"tokenizer: must be one of {ROUGE_TOKENIZERS}, got "
                                  f"{tokenizer!r}")
    if use_stemmer and tokenizer != "default":
        raise EmergenceInputError("use_stemmer: the (English) Porter stemmer only applies with "
                                  "tokenizer='default'")
    return types


def rouge(prediction: str, reference: str | Sequence[str], *,
          rouge_types: Sequence[str] = ("rouge1", "rouge2", "rougeLsum"),
          tokenizer: str = "default", use_stemmer: bool = False) -> dict[str, float]:
    """ROUGE F-measures via ``rouge_score``, on the 0-100 scale.

    Parameters
    ----------
    prediction : str
        Model output.
    reference : str or sequence of str
        Target; with several, each ROUGE type takes the best-matching one
        (``RougeScorer.score_multi``).
    rouge_types : sequence of {"rouge1", "rouge2", "rougeL", "rougeLsum"}
        Unigram overlap, bigram overlap, longest common subsequence, and LCS over sentences
        (sentences are separated by newlines ``"\\n"`` for ``rougeLsum``).
    tokenizer : {"default", "unicode", "char"}
        ``"default"`` is rouge_score's own tokeniser, as used by BIG-bench: it lowercases and
        replaces every character outside ``[a-z0-9]`` by a space, so **text in Persian, IPA or
        any non-ASCII script is dropped entirely** (a Persian answer scores 0 even against
        itself). ``"unicode"`` keeps every script: NFC, casefold, Unicode punctuation (category
        P*) turned into spaces, split on whitespace. ``"char"`` uses :func:`char_tokens`
        (whitespace dropped), for digits or IPA strings without spaces.
    use_stemmer : bool
        rouge_score's English Porter stemmer; only with ``tokenizer="default"``.

    Returns
    -------
    dict of str to float
        F-measure of each type in **percent points** (0-100). An empty prediction or reference
        scores 0, and so does ``rouge2`` for texts shorter than two tokens (no bigrams).
    """
    pred = _check_str("prediction", prediction)
    refs = _references("reference", reference)
    types = _check_rouge_args(rouge_types, tokenizer, use_stemmer)
    scorer = _rouge_scorer(types, tokenizer, bool(use_stemmer))
    scores = scorer.score(refs[0], pred) if len(refs) == 1 else scorer.score_multi(refs, pred)
    return {t: 100.0 * float(scores[t].fmeasure) for t in types}


def corpus_rouge(predictions: Sequence[str], references: Sequence[str | Sequence[str]], *,
                 rouge_types: Sequence[str] = ("rouge1", "rouge2", "rougeLsum"),
                 tokenizer: str = "default", use_stemmer: bool = False) -> dict[str, float]:
    """Mean per-example ROUGE F-measure over a set of examples (0-100).

    This is the plain mean of :func:`rouge` over examples (rouge_score's
    ``BootstrapAggregator`` reports the same mean as its mid estimate).
    """
    preds = _check_str_list("predictions", predictions)
    if isinstance(references, str) or not isinstance(references, Sequence):
        raise EmergenceInputError("references: expected one entry per prediction")
    if len(references) != len(preds):
        raise EmergenceInputError(f"references: has {len(references)} entries but predictions "
                                  f"has {len(preds)}")
    if not preds:
        raise EmergenceInputError("predictions: needs at least one example")
    rows = [rouge(p, r, rouge_types=rouge_types, tokenizer=tokenizer, use_stemmer=use_stemmer)
            for p, r in zip(preds, references, strict=True)]
    return {t: float(np.mean([row[t] for row in rows])) for t in rows[0]}


def rouge1_tokens(prediction: Sequence[str], reference: Sequence[str]) -> float:
    """ROUGE-1 F-measure of two token lists, as a fraction (the formula, without rouge_score).

    ``overlap = sum over tokens t of min(count_pred(t), count_ref(t))`` (clipped unigram
    matches, order ignored); ``precision = overlap / len(prediction)``, ``recall = overlap /
    len(reference)``, ``F = 2 P R / (P + R)``. On the same tokens this equals
    :func:`rouge`'s ``rouge1`` divided by 100. For an answer of the right length with ``k``
    wrong tokens that do not occur elsewhere in the reference, ``F = 1 - k / L``: linear in
    the number of token errors, like the edit distance.

    Parameters
    ----------
    prediction, reference : sequence of str
        Token lists.

    Returns
    -------
    float
        F-measure in [0, 1]; 0.0 when either list is empty or nothing overlaps.
    """
    from collections import Counter

    a = _check_str_list("prediction", prediction)
    b = _check_str_list("reference", reference)
    overlap = sum((Counter(a) & Counter(b)).values())
    if overlap == 0:
        return 0.0
    precision, recall = overlap / len(a), overlap / len(b)
    return 2 * precision * recall / (precision + recall)


# --------------------------------------------------------------------------------------------
# demonstration examples
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Example:
    """One invented model output with its reference, for demonstrating the metrics.

    The strings (and, for multiple-choice examples, the option probabilities) were written by
    hand for teaching; they are **not** outputs of any language model.

    Attributes
    ----------
    name : str
        Short identifier.
    description : str
        What the example shows (English).
    prediction, reference : str
        Invented model output and target.
    tokenizer : {"whitespace", "char"}
        Tokeniser that suits the example (``"char"`` for digits and IPA).
    options : tuple of str, optional
        Answer options of a multiple-choice question; ``prediction`` is then the option with the
        highest probability.
    probabilities : tuple of float, optional
        Invented probability of each option (fractions, summing to 1).
    correct : int, optional
        Index of the correct option.
    """

    name: str
    description: str
    prediction: str
    reference: str
    tokenizer: str
    options: tuple[str, ...] | None = None
    probabilities: tuple[float, ...] | None = None
    correct: int | None = None


_PERSIAN_OPTIONS = ("تهران", "اصفهان", "شیراز", "تبریز")  # Tehran, Isfahan, Shiraz, Tabriz

_EXAMPLES: tuple[Example, ...] = (
    Example("arith-correct", "4-digit arithmetic answer, correct", "5678", "5678", "char"),
    Example("arith-swap", "arithmetic answer with two digits swapped", "1243", "1234", "char"),
    Example("arith-short", "arithmetic answer missing its last digit", "123", "1234", "char"),
    Example("arith-empty", "empty output for an arithmetic question", "", "1234", "char"),
    Example("ipa-nasal", "IPA transliteration of French 'bonjour': nasal vowel ɔ̃ written as ɔn",
            "bɔnʒuʁ", "b\u0254\u0303\u0292u\u0281", "char"),
    Example("fa-order", "Persian, a correct paraphrase: 'Tehran is the capital of Iran' vs the "
            "reference 'The capital of Iran is Tehran' (same words, other order)",
            "تهران پایتخت ایران است", "پایتخت ایران تهران است", "whitespace"),
    Example("en-one-word", "English sentence with one word changed",
            "a cat sat on the mat", "the cat sat on the mat", "whitespace"),
    Example("fa-mc-right", "Persian multiple-choice question 'Which city is the capital of "
            "Iran?': invented probabilities favour the right option",
            _PERSIAN_OPTIONS[0], _PERSIAN_OPTIONS[0], "whitespace",
            _PERSIAN_OPTIONS, (0.70, 0.15, 0.10, 0.05), 0),
    Example("fa-mc-wrong", "the same question: invented probabilities favour a wrong option",
            _PERSIAN_OPTIONS[1], _PERSIAN_OPTIONS[0], "whitespace",
            _PERSIAN_OPTIONS, (0.30, 0.55, 0.10, 0.05), 0),
)


def example_outputs() -> tuple[Example, ...]:
    """The invented demonstration examples (see :class:`Example`)."""
    return _EXAMPLES


def metric_table(examples: Sequence[Example] | None = None) -> pd.DataFrame:
    """Score every example with every metric (the notebook's demonstration table).

    Parameters
    ----------
    examples : sequence of Example, optional
        Defaults to :func:`example_outputs`.

    Returns
    -------
    pandas.DataFrame
        One row per example. Columns: ``example``, ``description``, ``prediction``,
        ``reference``, ``tokenizer``; ``exact_match``, ``token_accuracy``,
        ``normalized_edit_distance`` (fractions); ``edit_distance`` (tokens); ``bleu``,
        ``rouge1``, ``rouge2``, ``rougeLsum`` (0-100; for char examples BLEU uses the
        ``"grapheme"`` tokens and ROUGE the ``"char"`` tokeniser, the same user-perceived
        characters as the other metrics, otherwise ``"13a"`` and ``"unicode"``);
        ``bleu_codepoints`` (0-100, sacrebleu's own ``"char"`` tokeniser, which splits a letter
        from its combining marks; char examples only, NaN otherwise);
        ``rouge1_default_tokenizer`` (0-100, rouge_score's ASCII-only tokeniser, to show what it
        drops); ``multiple_choice_grade`` (fraction) and
        ``brier_score`` (Brier 1950 sum, [0, 2]) for multiple-choice examples, NaN otherwise.
    """
    import pandas as pd

    rows = []
    for ex in (_EXAMPLES if examples is None else examples):
        if not isinstance(ex, Example):
            raise EmergenceInputError(f"examples: expected Example objects, got {type(ex).__name__}")
        char = ex.tokenizer == "char"
        rg = rouge(ex.prediction, ex.reference, tokenizer="char" if char else "unicode")
        mc = bs = math.nan
        if ex.options is not None:
            if ex.probabilities is None or ex.correct is None:
                raise EmergenceInputError(f"examples: {ex.name!r} has options but no "
                                          "probabilities or correct index")
            mc = multiple_choice_grade(ex.probabilities, ex.correct)
            bs = brier_score(ex.probabilities, ex.correct)
        rows.append({
            "example": ex.name,
            "description": ex.description,
            "prediction": ex.prediction,
            "reference": ex.reference,
            "tokenizer": ex.tokenizer,
            "exact_match": exact_match(ex.prediction, ex.reference),
            "token_accuracy": token_accuracy(ex.prediction, ex.reference, ex.tokenizer),
            "edit_distance": edit_distance(ex.prediction, ex.reference, ex.tokenizer),
            "normalized_edit_distance": normalized_edit_distance(ex.prediction, ex.reference,
                                                                 ex.tokenizer),
            "bleu": sentence_bleu(ex.prediction, ex.reference,
                                  tokenize="grapheme" if char else "13a"),
            "bleu_codepoints": (sentence_bleu(ex.prediction, ex.reference, tokenize="char")
                                if char else math.nan),
            "rouge1": rg["rouge1"],
            "rouge2": rg["rouge2"],
            "rougeLsum": rg["rougeLsum"],
            "rouge1_default_tokenizer": rouge(ex.prediction, ex.reference,
                                              rouge_types=("rouge1",))["rouge1"],
            "multiple_choice_grade": mc,
            "brier_score": bs,
        })
    return pd.DataFrame(rows)
