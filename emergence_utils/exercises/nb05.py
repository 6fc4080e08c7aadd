"""Checked code of notebook 05 (partial-credit metrics and the "mirage" argument).

Key code shown in the notebook and checked against the package: ``exact_match``,
``edit_distance`` (token Levenshtein distance), ``expected_exact_match`` (p ** L) and
``expected_edit_distance`` (L (1 - p)). Student exercises: ``brier_score`` (easy), ``rouge1``
(medium), ``examples_needed`` (medium) and ``pre_jump_slope`` (open, on Wei et al.'s Appendix F
data).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import metrics, mirage, partial_credit
from . import Case, Exercise

__all__ = ["EXERCISES"]


# --- references (the package's tested functions, with the notebook's signatures) ---------------
def exact_match(prediction: str, target: str) -> float:
    """1.0 when the strings agree after NFC and stripping surrounding whitespace, else 0.0."""
    return metrics.exact_match(prediction, target)


def edit_distance(prediction: Sequence[str], target: Sequence[str]) -> int:
    """Token Levenshtein distance between two token lists (tokens)."""
    return metrics.edit_distance(list(prediction), list(target))


def expected_exact_match(p: float, length: int) -> float:
    """Expected exact match ``p ** L`` (fraction)."""
    return mirage.exact_match_from_p(p, length)


def expected_edit_distance(p: float, length: int) -> float:
    """Expected token edit distance ``L (1 - p)`` (tokens)."""
    return mirage.edit_distance_from_p(p, length)


def brier_score(probabilities: Sequence[float], correct: int) -> float:
    """Multi-option Brier score, the sum over options (lower is better)."""
    return metrics.brier_score(probabilities, correct)


def rouge1(prediction: Sequence[str], reference: Sequence[str]) -> float:
    """ROUGE-1 F-measure of two token lists (fraction)."""
    return metrics.rouge1_tokens(list(prediction), list(reference))


def examples_needed(accuracy: float, max_prob_zero: float) -> int:
    """Smallest n with (1 - accuracy) ** n <= max_prob_zero."""
    return mirage.examples_needed(accuracy, max_prob_zero)


def pre_jump_slope(train_flops: Any, values: Any, n_last: int = 2) -> float:
    """Slope (percent points per decade of FLOPs) before the last ``n_last`` models."""
    return partial_credit.pre_jump_slope(train_flops, values, n_last)


# --- data for the open exercise (loaded once, from the repository's dataset) -----------------
@functools.lru_cache(maxsize=8)
def _series(panel: str, metric: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    d = partial_credit.load_appendix_f()
    s = d[(d["panel"] == panel) & (d["metric"] == metric)].sort_values("train_flops")
    return tuple(s["train_flops"].astype(float)), tuple(s["value"].astype(float))


class _Series(Sequence):
    """A digitized series, read from ``wei_appendix_f`` the first time it is used."""

    def __init__(self, panel: str, metric: str, part: int, order: str = "sorted") -> None:
        self.panel, self.metric, self.part, self.order = panel, metric, part, order

    def _values(self) -> list[float]:
        vals = list(_series(self.panel, self.metric)[self.part])
        return vals[::-1] if self.order == "reversed" else vals

    def __getitem__(self, i):  # type: ignore[override]
        return self._values()[i]

    def __len__(self) -> int:
        return len(self._values())

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self._values(), dtype=dtype)

    def __deepcopy__(self, memo):
        return np.asarray(self._values(), dtype=float)

    def __repr__(self) -> str:
        return f"wei_appendix_f panel {self.panel} {self.metric} ({self.order})"


def _appf_case(label: str, panel: str, metric: str, order: str = "sorted", n_last: int = 2,
               hint: str = "") -> Case:
    return Case(label, (_Series(panel, metric, 0, order), _Series(panel, metric, 1, order),
                        n_last), hint=hint)


# --- typical mistakes ------------------------------------------------------------------------
def _em_no_strip(prediction, target):
    return float(prediction == target)


def _em_substring(prediction, target):
    return float(target.strip() in prediction)


def _ed_positions(prediction, target):
    # counts positions that differ (plus the length difference): not an edit distance
    diff = sum(a != b for a, b in zip(prediction, target, strict=False))
    return diff + abs(len(prediction) - len(target))


def _ed_no_substitution(prediction, target):
    # insertions and deletions only (substitution costs 2)
    a, b = list(prediction), list(target)
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        row = [i]
        for j, y in enumerate(b, start=1):
            row.append(min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (0 if x == y else 2)))
        prev = row
    return prev[-1]


def _em_linear(p, length):
    return length * p


def _em_ignores_length(p, length):
    return p


def _ed_forgot_length(p, length):
    return 1 - p


def _ed_right_tokens(p, length):
    return length * p


def _brier_only_correct(probabilities, correct):
    return (1 - probabilities[correct]) ** 2


def _brier_mean(probabilities, correct):
    y = np.zeros(len(probabilities))
    y[correct] = 1.0
    return float(np.mean((np.asarray(probabilities) - y) ** 2))


def _brier_abs(probabilities, correct):
    y = np.zeros(len(probabilities))
    y[correct] = 1.0
    return float(np.sum(np.abs(np.asarray(probabilities) - y)))


def _rouge_recall(prediction, reference):
    from collections import Counter

    overlap = sum((Counter(prediction) & Counter(reference)).values())
    return overlap / len(reference) if reference else 0.0


def _rouge_unclipped(prediction, reference):
    matches = sum(1 for t in prediction if t in reference)
    if matches == 0:
        return 0.0
    p, r = matches / len(prediction), min(1.0, matches / len(reference))
    return 2 * p * r / (p + r)


def _rouge_percent(prediction, reference):
    return 100 * metrics.rouge1_tokens(list(prediction), list(reference))


def _needed_floor(accuracy, max_prob_zero):
    return math.floor(math.log(max_prob_zero) / math.log(1 - accuracy))


def _needed_rule_of_thumb(accuracy, max_prob_zero):
    return math.ceil(1 / accuracy)


def _slope_ln(train_flops, values, n_last=2):
    x, y = np.asarray(train_flops, float), np.asarray(values, float)
    order = np.argsort(x)[: len(x) - n_last]
    return float(np.polyfit(np.log(x[order]), y[order], 1)[0])


def _slope_all_points(train_flops, values, n_last=2):
    x, y = np.asarray(train_flops, float), np.asarray(values, float)
    return float(np.polyfit(np.log10(x), y, 1)[0])


def _slope_unsorted(train_flops, values, n_last=2):
    x, y = np.asarray(train_flops, float), np.asarray(values, float)
    keep = slice(0, len(x) - n_last)
    return float(np.polyfit(np.log10(x[keep]), y[keep], 1)[0])


def _diagnose_brier(expected, got, case):
    k = len(case.args[0])
    if isinstance(got, float) and math.isclose(got * k, expected, rel_tol=1e-9, abs_tol=1e-12) \
            and expected != 0:
        return ("your answer is the sum divided by the number of options: that is the "
                "per-option average that BIG-bench's code reports; here we want the sum.")
    return None


EXERCISES = {
    "exact_match": Exercise(
        title="Exact match",
        reference=exact_match,
        cases=[
            Case("the right answer", ("1234", "1234")),
            Case("two digits swapped", ("1243", "1234")),
            Case("a trailing newline", ("1234\n", "1234"),
                 hint="strip surrounding whitespace from both strings before comparing."),
            Case("the answer inside a longer output", ("1234 apples", "1234"),
                 hint="the whole stripped prediction must equal the target, not contain it."),
            Case("é typed as e + combining accent", ("caf\u0065\u0301", "caf\u00e9"),
                 hint="put both strings in Unicode NFC (unicodedata.normalize) first."),
        ],
        mistakes=[(_em_no_strip, "strip surrounding whitespace"),
                  (_em_substring, "not contain it")],
    ),
    "edit_distance": Exercise(
        title="Token edit distance",
        reference=edit_distance,
        cases=[
            Case("identical", (list("1234"), list("1234"))),
            Case("one digit wrong", (list("1235"), list("1234")),
                 hint="a substitution costs 1, like an insertion or a deletion."),
            Case("two digits swapped", (list("1243"), list("1234"))),
            Case("one digit missing at the front", (list("234"), list("1234")),
                 hint="one deletion shifts every later token: compare with the best alignment, "
                      "not position by position."),
            Case("empty prediction", ([], list("1234"))),
            Case("IPA: nasal vowel written as two symbols", (["b", "ɔ", "n", "ʒ", "u", "ʁ"],
                                                             ["b", "ɔ̃", "ʒ", "u", "ʁ"])),
        ],
        mistakes=[(_ed_positions, "best alignment"),
                  (_ed_no_substitution, "a substitution costs 1")],
    ),
    "expected_exact_match": Exercise(
        title="Expected exact match, p ** L",
        reference=expected_exact_match,
        cases=[
            Case("p = 0.5, L = 5", (0.5, 5), hint="all L tokens must be right: multiply L "
                 "probabilities p."),
            Case("p = 0.9, L = 1", (0.9, 1)),
            Case("p = 0.99, L = 20", (0.99, 20)),
            Case("p = 0, L = 3", (0.0, 3)),
        ],
        mistakes=[(_em_linear, "multiply L probabilities"),
                  (_em_ignores_length, "multiply L probabilities")],
    ),
    "expected_edit_distance": Exercise(
        title="Expected token edit distance, L (1 - p)",
        reference=expected_edit_distance,
        cases=[
            Case("p = 0.8, L = 5", (0.8, 5),
                 hint="count the expected number of wrong tokens: L tokens, each wrong with "
                      "probability 1 - p."),
            Case("p = 0.9, L = 10", (0.9, 10)),
            Case("p = 1, L = 4", (1.0, 4)),
        ],
        mistakes=[(_ed_forgot_length, "each wrong with probability 1 - p"),
                  (_ed_right_tokens, "each wrong with probability 1 - p")],
    ),
    "brier_score": Exercise(
        title="Brier score of one multiple-choice question",
        reference=brier_score,
        diagnose=_diagnose_brier,
        cases=[
            Case("confident and right", ([0.7, 0.2, 0.1], 0),
                 hint="sum (p_k - y_k)^2 over all options, with y = 1 for the correct option "
                      "and 0 for the others."),
            Case("uniform guess on four options", ([0.25, 0.25, 0.25, 0.25], 2)),
            Case("right answer second", ([0.30, 0.55, 0.10, 0.05], 0),
                 hint="the wrong options count too: each adds p_k^2."),
            Case("confident and wrong", ([0.05, 0.90, 0.03, 0.02], 0)),
            Case("two options, certain and right", ([0.0, 1.0], 1)),
        ],
        mistakes=[(_brier_only_correct, "over all options"),
                  (_brier_mean, "per-option average"),
                  (_brier_abs, "sum (p_k - y_k)^2")],
    ),
    "rouge1": Exercise(
        title="ROUGE-1 F-measure",
        reference=rouge1,
        cases=[
            Case("same tokens, another order", (list("1243"), list("1234")),
                 hint="ROUGE-1 ignores order: count the tokens the two lists share."),
            Case("one wrong token of five", ("the cat sat on mat".split(),
                                             "the cat sat on the".split())),
            Case("a longer prediction", ("the cat sat on the mat today".split(),
                                         "the cat sat on the mat".split()),
                 hint="F = 2 P R / (P + R): precision divides the overlap by the prediction's "
                      "length, recall by the reference's."),
            Case("a repeated token", ("the the the".split(), "the cat".split()),
                 hint="clip the counts: a token matches at most as often as it occurs in the "
                      "reference (collections.Counter and & do this)."),
            Case("nothing in common", (["a"], ["b"])),
            Case("empty prediction", ([], ["b"])),
        ],
        mistakes=[(_rouge_recall, "F = 2 P R / (P + R)"),
                  (_rouge_unclipped, "clip the counts"),
                  (_rouge_percent, "percent instead of a fraction")],
    ),
    "examples_needed": Exercise(
        title="How many test examples to see a small accuracy",
        reference=examples_needed,
        cases=[
            Case("accuracy 0.1 %, at most 5 % chance of reading 0", (0.001, 0.05),
                 hint="solve (1 - accuracy)^n <= max_prob_zero for the smallest whole n: "
                      "n = ceil(ln q / ln(1 - a))."),
            Case("accuracy 1 %, at most 5 %", (0.01, 0.05)),
            Case("accuracy 10 %, at most 50 %", (0.1, 0.5)),
            Case("accuracy 0.01 %, at most 1 %", (0.0001, 0.01)),
        ],
        mistakes=[(_needed_floor, "off by one"),
                  (_needed_rule_of_thumb, "n = ceil(ln q / ln(1 - a))")],
    ),
    "pre_jump_slope": Exercise(
        title="Slope before the jump (percent points per decade of FLOPs)",
        reference=pre_jump_slope,
        cases=[
            _appf_case("IPA transliterate, ROUGE1", "B", "ROUGE1",
                       hint="fit value against log10(FLOPs) (np.polyfit(..., 1)[0]) over all "
                            "but the n_last largest models."),
            _appf_case("IPA transliterate, BLEU", "B", "BLEU"),
            _appf_case("periodic elements, sequence F1, largest model first", "C",
                       "Sequence F1", order="reversed",
                       hint="sort the points by FLOPs before dropping the n_last largest."),
            _appf_case("modified arithmetic, BLEURT, keep every model", "A", "BLEURT",
                       n_last=0),
        ],
        mistakes=[(_slope_ln, "ln(10)"),
                  (_slope_all_points, "all but the n_last largest"),
                  (_slope_unsorted, "sort the points")],
    ),
}
