"""Tests for emergence_utils.metrics: hand-computed cases, library agreement, Unicode, properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sacrebleu
from hypothesis import given, settings
from hypothesis import strategies as st
from rouge_score import rouge_scorer

from emergence_utils import EmergenceInputError
from emergence_utils import metrics as m

BONJOUR_IPA = "b\u0254\u0303\u0292u\u0281"  # bɔ̃ʒuʁ, nasal vowel = ɔ + combining tilde
FA_CAPITAL = "پایتخت ایران تهران است"  # "The capital of Iran is Tehran"
FA_WORD_ZWNJ = "می\u200cخواهم"  # "I want", with a zero-width non-joiner


def _levenshtein_reference(a: list[str], b: list[str]) -> int:
    """Textbook O(len(a) * len(b)) dynamic programme, for checking the NumPy version."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
    return d[-1][-1]


# ---------------------------------------------------------------------------------- tokenisers
def test_char_tokens_keep_combining_marks_with_their_base():
    assert m.char_tokens(BONJOUR_IPA) == ["b", "\u0254\u0303", "\u0292", "u", "\u0281"]
    assert len(BONJOUR_IPA) == 6  # six code points, five characters


def test_char_tokens_apply_nfc():
    decomposed = "cafe\u0301"
    assert m.char_tokens(decomposed) == ["c", "a", "f", "\u00e9"]
    assert m.char_tokens(decomposed) == m.char_tokens("caf\u00e9")


def test_char_tokens_agree_with_regex_grapheme_clusters():
    regex = pytest.importorskip("regex")
    for text in [BONJOUR_IPA, FA_CAPITAL, FA_WORD_ZWNJ, "t\u032aa\u02d0", "1234", "ˈtʃɪkɪn"]:
        import unicodedata

        nfc = unicodedata.normalize("NFC", text)
        assert m.char_tokens(text) == regex.findall(r"\X", nfc), text


def test_whitespace_tokens_unicode():
    assert m.whitespace_tokens(FA_CAPITAL) == ["پایتخت", "ایران", "تهران", "است"]
    # the ZWNJ stays inside the word; no-break and ideographic spaces separate tokens
    assert m.whitespace_tokens(FA_WORD_ZWNJ) == [FA_WORD_ZWNJ]
    assert m.whitespace_tokens("a\u00a0b\u3000c") == ["a", "b", "c"]
    assert m.whitespace_tokens("") == []
    assert m.whitespace_tokens("   ") == []


def test_tokenize_accepts_token_lists_and_callables():
    assert m.tokenize(["a", "b"]) == ["a", "b"]
    assert m.tokenize("a-b", tokenizer=lambda s: s.split("-")) == ["a", "b"]
    with pytest.raises(EmergenceInputError, match="tokenizer"):
        m.tokenize("ab", tokenizer="bpe")
    with pytest.raises(EmergenceInputError, match=r"text\[1\]"):
        m.tokenize(["a", 3])


# ------------------------------------------------------------------------------- exact match
def test_exact_match_hand_cases():
    assert m.exact_match("1234", "1234") == 1.0
    assert m.exact_match("1243", "1234") == 0.0
    assert m.exact_match("", "") == 1.0
    assert m.exact_match("", "1234") == 0.0


def test_exact_match_normalisations():
    assert m.exact_match(" 1234\n", "1234") == 1.0  # default "strip"
    assert m.exact_match(" 1234\n", "1234", normalize="none") == 0.0
    assert m.exact_match("cafe\u0301", "caf\u00e9", normalize="nfc") == 1.0
    assert m.exact_match("cafe\u0301", "caf\u00e9", normalize="none") == 0.0
    assert m.exact_match("Tehran.", "tehran", normalize="lenient") == 1.0
    assert m.exact_match("Tehran.", "tehran") == 0.0
    assert m.exact_match("تهران؟", "تهران", normalize="lenient") == 1.0  # Arabic question mark
    with pytest.raises(EmergenceInputError, match="normalize"):
        m.exact_match("a", "a", normalize="squad")


def test_exact_match_several_references():
    assert m.exact_match("Teheran", ["Tehran", "Teheran"]) == 1.0
    assert m.exact_match("Tabriz", ["Tehran", "Teheran"]) == 0.0
    with pytest.raises(EmergenceInputError, match="reference"):
        m.exact_match("a", [])


def test_mean_exact_match():
    assert m.mean_exact_match(["1", "2", "3", "4"], ["1", "2", "x", ["y", "4"]]) == 0.75
    with pytest.raises(EmergenceInputError, match="references"):
        m.mean_exact_match(["1", "2"], ["1"])
    with pytest.raises(EmergenceInputError, match="predictions"):
        m.mean_exact_match([], [])


@pytest.mark.parametrize("bad", [None, 1234, b"1234", ["1234"]])
def test_exact_match_rejects_non_strings(bad):
    with pytest.raises(EmergenceInputError, match="prediction"):
        m.exact_match(bad, "1234")


# --------------------------------------------------------------------------- token accuracy
def test_token_accuracy_hand_cases():
    assert m.token_accuracy("1243", "1234", tokenizer="char") == 0.5
    assert m.token_accuracy("a b c", "a x c") == pytest.approx(2 / 3)
    # length rule: positions past the shorter sequence are wrong, denominator = longer length
    assert m.token_accuracy("a b", "a b c") == pytest.approx(2 / 3)
    assert m.token_accuracy("a b c", "a b") == pytest.approx(2 / 3)
    assert m.token_accuracy("a b c d", "a b") == pytest.approx(2 / 4)
    assert m.token_accuracy("", "") == 1.0
    assert m.token_accuracy("", "a b") == 0.0
    assert m.token_accuracy(["1", "2"], ["1", "3"]) == 0.5


def test_token_accuracy_unicode():
    # ɔ̃ vs ɔ is one differing character, not a match on the base letter
    assert m.token_accuracy("b\u0254\u0292u\u0281", BONJOUR_IPA, tokenizer="char") == 0.8
    assert m.token_accuracy("تهران پایتخت ایران است", FA_CAPITAL) == 0.25


# ---------------------------------------------------------------------------- edit distance
def test_edit_distance_hand_cases():
    assert m.edit_distance("kitten", "sitting", tokenizer="char") == 3
    assert m.edit_distance(list("kitten"), list("sitting")) == 3
    assert m.edit_distance("the cat sat on the mat", "the cat is on a mat") == 2
    assert m.edit_distance("1243", "1234", tokenizer="char") == 2
    assert m.edit_distance("", "a b c") == 3
    assert m.edit_distance("a b c", "") == 3
    assert m.edit_distance("", "") == 0
    assert m.normalized_edit_distance("kitten", "sitting", tokenizer="char") == pytest.approx(3 / 7)
    assert m.normalized_edit_distance("", "") == 0.0
    assert m.normalized_edit_distance("", "x") == 1.0


def test_edit_distance_unicode():
    # bɔnʒuʁ -> bɔ̃ʒuʁ: substitute ɔ -> ɔ̃, delete n
    assert m.edit_distance("bɔnʒuʁ", BONJOUR_IPA, tokenizer="char") == 2
    assert m.edit_distance("تهران پایتخت ایران است", FA_CAPITAL) == 2


# ------------------------------------------------------------------------ multiple choice
def test_multiple_choice_grade_hand_cases():
    logprobs = [-1.2, -0.3, -2.0]
    assert m.multiple_choice_grade(logprobs, 1) == 1.0
    assert m.multiple_choice_grade(logprobs, 0) == 0.0
    assert m.multiple_choice_grade(np.array(logprobs), np.int64(1)) == 1.0


def test_multiple_choice_grade_ties():
    tied = [0.0, 0.0, -1.0]
    assert m.multiple_choice_grade(tied, 0) == 0.5
    assert m.multiple_choice_grade(tied, 2) == 0.0
    assert m.multiple_choice_grade(tied, 0, ties="first") == 1.0
    assert m.multiple_choice_grade(tied, 1, ties="first") == 0.0
    # all options equal: "split" gives exactly the random baseline 1/K
    assert m.multiple_choice_grade([-2.0] * 4, 3) == 0.25
    with pytest.raises(EmergenceInputError, match="scores"):
        m.multiple_choice_grade(tied, 0, ties="raise")
    with pytest.raises(EmergenceInputError, match="ties"):
        m.multiple_choice_grade(tied, 0, ties="random")


@pytest.mark.parametrize("scores, correct, param", [
    ([0.1, float("nan")], 0, "scores"),
    ([0.1], 0, "scores"),
    ([[0.1, 0.2]], 0, "scores"),
    ("ab", 0, "scores"),
    ([0.1, 0.2], 2, "correct"),
    ([0.1, 0.2], -1, "correct"),
    ([0.1, 0.2], True, "correct"),
    ([0.1, 0.2], 1.0, "correct"),
])
def test_multiple_choice_grade_bad_input(scores, correct, param):
    with pytest.raises(EmergenceInputError, match=param):
        m.multiple_choice_grade(scores, correct)


def test_mean_multiple_choice_grade_ragged():
    assert m.mean_multiple_choice_grade([[0, 1], [3, 2, 1], [0, 0, 0, 0]], [1, 1, 2]) == \
        pytest.approx((1 + 0 + 0.25) / 3)
    with pytest.raises(EmergenceInputError, match="correct"):
        m.mean_multiple_choice_grade([[0, 1]], [1, 0])


def test_brier_score_hand_cases():
    assert m.brier_score([0.7, 0.2, 0.1], 0) == pytest.approx(0.09 + 0.04 + 0.01)
    assert m.brier_score([0.7, 0.2, 0.1], 0, average_over_options=True) == \
        pytest.approx(0.14 / 3)
    assert m.brier_score([1.0, 0.0, 0.0], 0) == 0.0
    assert m.brier_score([0.0, 1.0, 0.0], 0) == 2.0
    assert m.brier_score([0.25] * 4, 2) == pytest.approx(1 - 1 / 4)
    assert m.mean_brier_score([[1.0, 0.0], [0.5, 0.5, 0.0]], [0, 2]) == \
        pytest.approx((0 + 0.25 + 0.25 + 1) / 2)


@pytest.mark.parametrize("probs, match", [
    ([0.5, 0.4], "sum to 1"),
    ([1.2, -0.2], r"\[0, 1\]"),
    ([0.5, float("inf")], "finite"),
])
def test_brier_score_rejects_non_distributions(probs, match):
    with pytest.raises(EmergenceInputError, match="probabilities") as err:
        m.brier_score(probs, 0)
    assert err.match(match)


def test_probabilities_from_logprobs():
    p = m.probabilities_from_logprobs([-1000.0, -1001.0, -1003.0])
    assert p.sum() == pytest.approx(1.0)
    assert np.all(np.diff(p) < 0)
    assert p[0] / p[1] == pytest.approx(math.e)
    # the grade is unchanged by the softmax; the Brier score then accepts the result
    lp = [-2.3, -0.4, -1.9]
    assert m.multiple_choice_grade(m.probabilities_from_logprobs(lp), 1) == \
        m.multiple_choice_grade(lp, 1)
    assert 0 <= m.brier_score(m.probabilities_from_logprobs(lp), 1) <= 2


# ------------------------------------------------------------------------------------ BLEU
def test_sentence_bleu_matches_sacrebleu():
    hyp, ref = "the cat sat on the mat", "the cat is sitting on the mat"
    assert m.sentence_bleu(hyp, ref) == sacrebleu.sentence_bleu(hyp, [ref]).score
    refs = [ref, "a cat sat on a mat"]
    assert m.sentence_bleu(hyp, refs) == sacrebleu.sentence_bleu(hyp, refs).score
    assert m.sentence_bleu("1243", "1234", tokenize="char") == \
        sacrebleu.sentence_bleu("1243", ["1234"], tokenize="char").score


@pytest.mark.parametrize("text", ["the cat sat on the mat", FA_CAPITAL, "5678"])
def test_bleu_identical_is_100(text):
    assert m.sentence_bleu(text, text) == pytest.approx(100.0)


def test_corpus_bleu_identical_and_short_answers():
    text = "the cat sat on the mat"
    assert m.corpus_bleu([text, text], [text, text]) == pytest.approx(100.0)
    # corpus BLEU has no effective order: a corpus without any 4-gram scores 0 (sacrebleu)
    assert m.corpus_bleu(["5678"], ["5678"]) == sacrebleu.corpus_bleu(["5678"], [["5678"]]).score
    assert m.corpus_bleu(["5678"], ["5678"]) == 0.0
    assert m.corpus_bleu(["5678"], ["5678"], tokenize="char") == pytest.approx(100.0)


def test_bleu_empty_prediction_matches_sacrebleu():
    assert m.sentence_bleu("", "1234") == sacrebleu.sentence_bleu("", ["1234"]).score == 0.0
    assert m.sentence_bleu("", "") == sacrebleu.sentence_bleu("", [""]).score


def test_corpus_bleu_matches_sacrebleu():
    hyps = ["the cat sat on the mat", "there is a dog", FA_CAPITAL]
    refs1 = ["the cat is on the mat", "a dog is there", "تهران پایتخت ایران است"]
    refs2 = ["a cat sat on the mat", "there is one dog", FA_CAPITAL]
    assert m.corpus_bleu(hyps, refs1) == sacrebleu.corpus_bleu(hyps, [refs1]).score
    both = [[a, b] for a, b in zip(refs1, refs2, strict=True)]
    assert m.corpus_bleu(hyps, both) == sacrebleu.corpus_bleu(hyps, [refs1, refs2]).score


def test_corpus_bleu_bad_input():
    with pytest.raises(EmergenceInputError, match="references"):
        m.corpus_bleu(["a", "b"], ["a"])
    with pytest.raises(EmergenceInputError, match="references"):
        m.corpus_bleu(["a", "b"], [["a"], ["b", "c"]])
    with pytest.raises(EmergenceInputError, match="predictions"):
        m.corpus_bleu("ab", ["a", "b"])


# ----------------------------------------------------------------------------------- ROUGE
def test_rouge_matches_rouge_score():
    pred = "the cat sat on the mat\nit was happy"
    ref = "the cat is on the mat\nthe cat was happy"
    direct = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"]).score(ref, pred)
    ours = m.rouge(pred, ref)
    assert set(ours) == {"rouge1", "rouge2", "rougeLsum"}
    for key, score in direct.items():
        assert ours[key] == pytest.approx(100 * score.fmeasure)
    stem = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True).score(ref, pred)
    assert m.rouge(pred, ref, rouge_types=["rougeL"], use_stemmer=True)["rougeL"] == \
        pytest.approx(100 * stem["rougeL"].fmeasure)


def test_rouge_several_references_matches_score_multi():
    pred, refs = "the cat sat", ["a dog sat", "the cat sat down"]
    direct = rouge_scorer.RougeScorer(["rouge1"]).score_multi(refs, pred)
    assert m.rouge(pred, refs, rouge_types=["rouge1"])["rouge1"] == \
        pytest.approx(100 * direct["rouge1"].fmeasure)


def test_rouge_identical_is_100():
    for v in m.rouge("the cat sat on the mat", "the cat sat on the mat").values():
        assert v == pytest.approx(100.0)


def test_rouge_unicode_tokenizer_keeps_persian_that_default_drops():
    default = m.rouge(FA_CAPITAL, FA_CAPITAL)
    assert default == {"rouge1": 0.0, "rouge2": 0.0, "rougeLsum": 0.0}  # documented pitfall
    uni = m.rouge(FA_CAPITAL, FA_CAPITAL, tokenizer="unicode")
    assert all(v == pytest.approx(100.0) for v in uni.values())
    # same words in another order: all unigrams shared, one of three bigrams shared
    reordered = m.rouge("تهران پایتخت ایران است", FA_CAPITAL, tokenizer="unicode")
    assert reordered["rouge1"] == pytest.approx(100.0)
    assert reordered["rouge2"] == pytest.approx(100 / 3)
    # punctuation (here the Arabic question mark) is not a token
    assert m.rouge("تهران؟", "تهران", tokenizer="unicode")["rouge1"] == pytest.approx(100.0)


def test_rouge_char_tokenizer_ipa():
    # bɔnʒuʁ vs bɔ̃ʒuʁ as characters: 4 shared of 6 and 5 -> F1 = 2*4/(6+5)
    r = m.rouge("bɔnʒuʁ", BONJOUR_IPA, rouge_types=["rouge1"], tokenizer="char")
    assert r["rouge1"] == pytest.approx(100 * 8 / 11)


def test_rouge_empty_strings():
    assert m.rouge("", "the cat")["rouge1"] == 0.0
    assert m.rouge("", "", tokenizer="unicode")["rouge1"] == 0.0


def test_rouge_bad_input():
    with pytest.raises(EmergenceInputError, match="rouge_types"):
        m.rouge("a", "a", rouge_types=["rouge3"])
    with pytest.raises(EmergenceInputError, match="tokenizer"):
        m.rouge("a", "a", tokenizer="ascii")
    with pytest.raises(EmergenceInputError, match="use_stemmer"):
        m.rouge("a", "a", tokenizer="unicode", use_stemmer=True)
    with pytest.raises(EmergenceInputError, match="reference"):
        m.rouge("a", None)


def test_corpus_rouge_is_mean_of_examples():
    preds, refs = ["the cat sat", "a dog"], ["the cat sat", "the dog barked"]
    per = [m.rouge(p, r) for p, r in zip(preds, refs, strict=True)]
    got = m.corpus_rouge(preds, refs)
    for key in got:
        assert got[key] == pytest.approx((per[0][key] + per[1][key]) / 2)


# --------------------------------------------------------------------------- example table
def test_metric_table_agrees_with_the_functions():
    table = m.metric_table()
    examples = m.example_outputs()
    assert list(table["example"]) == [e.name for e in examples]
    for ex, (_, row) in zip(examples, table.iterrows(), strict=True):
        assert row["exact_match"] == m.exact_match(ex.prediction, ex.reference)
        assert row["edit_distance"] == m.edit_distance(ex.prediction, ex.reference, ex.tokenizer)
        assert 0 <= row["token_accuracy"] <= 1
        assert 0 <= row["bleu"] <= 100 + 1e-9  # sacrebleu may return 100.00000000000004
        assert math.isnan(row["brier_score"]) == (ex.options is None)
    swap = table.set_index("example").loc["arith-swap"]
    assert (swap["exact_match"], swap["token_accuracy"], swap["edit_distance"]) == (0.0, 0.5, 2)
    mc = table.set_index("example").loc[["fa-mc-right", "fa-mc-wrong"]]
    assert list(mc["multiple_choice_grade"]) == [1.0, 0.0]
    assert mc["brier_score"].iloc[0] == pytest.approx(0.3**2 + 0.15**2 + 0.1**2 + 0.05**2)


def test_metric_table_rejects_other_objects():
    with pytest.raises(EmergenceInputError, match="examples"):
        m.metric_table([("a", "b")])


# ------------------------------------------------------------------------ property tests
_tok = st.sampled_from(["a", "b", "c", "ɔ̃", "ت"])
_seq = st.lists(_tok, max_size=12)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 10).flatmap(lambda n: st.tuples(st.lists(_tok, min_size=n, max_size=n),
                                                      st.lists(_tok, min_size=n, max_size=n))))
def test_exact_match_at_most_token_accuracy(pair):
    a, b = pair
    em = m.exact_match(" ".join(a), " ".join(b))
    assert em <= m.token_accuracy(a, b)


@settings(max_examples=120, deadline=None)
@given(_seq, _seq)
def test_edit_distance_properties(a, b):
    d = m.edit_distance(a, b)
    assert d == _levenshtein_reference(a, b)
    assert abs(len(a) - len(b)) <= d <= max(len(a), len(b))
    assert d == m.edit_distance(b, a)
    assert (d == 0) == (a == b)
    assert 0.0 <= m.normalized_edit_distance(a, b) <= 1.0


@settings(max_examples=60, deadline=None)
@given(_seq, _seq, _seq)
def test_edit_distance_triangle_inequality(a, b, c):
    assert m.edit_distance(a, c) <= m.edit_distance(a, b) + m.edit_distance(b, c)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=8), st.data())
def test_brier_score_range(weights, data):
    w = np.asarray(weights) + 1e-3
    p = w / w.sum()
    c = data.draw(st.integers(0, len(p) - 1))
    bs = m.brier_score(p, c)
    assert 0.0 <= bs <= 2.0
    assert m.brier_score(p, c, average_over_options=True) == pytest.approx(bs / len(p))


# ------------------------------------------------------------------------------- edit table/script
def test_edit_distance_table_hand_case():
    t = m.edit_distance_table("1243", "1234", tokenizer="char")
    assert list(t.index) == ["(start)", "1", "2", "4", "3"]
    assert list(t.columns) == ["(start)", "1", "2", "3", "4"]
    assert t.iloc[0].tolist() == [0, 1, 2, 3, 4] and t.iloc[:, 0].tolist() == [0, 1, 2, 3, 4]
    # two swapped digits: two substitutions (a swap is not one edit in Levenshtein distance)
    assert t.iloc[-1, -1] == 2 == m.edit_distance("1243", "1234", tokenizer="char")
    assert m.edit_distance_table("", "").shape == (1, 1)
    with pytest.raises(EmergenceInputError, match="prediction"):
        m.edit_distance_table(12, "12")


def _apply(script):
    """Rebuild both sequences from an edit script."""
    pred = [p for op, p, _ in script if op != "insert"]
    ref = [r for op, _, r in script if op != "delete"]
    return pred, ref


def test_edit_script_hand_cases():
    assert m.edit_script("kitten", "sitting", tokenizer="char") == [
        ("substitute", "k", "s"), ("keep", "i", "i"), ("keep", "t", "t"), ("keep", "t", "t"),
        ("substitute", "e", "i"), ("keep", "n", "n"), ("insert", "", "g")]
    assert m.edit_script("123", "1234", tokenizer="char")[-1] == ("insert", "", "4")
    assert m.edit_script("12345", "1234", tokenizer="char")[-1] == ("delete", "5", "")
    assert m.edit_script("", "") == []
    with pytest.raises(EmergenceInputError, match="reference"):
        m.edit_script("12", None)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="abc", max_size=8), st.text(alphabet="abc", max_size=8))
def test_edit_table_and_script_agree_with_edit_distance(a, b):
    d = m.edit_distance(a, b, tokenizer="char")
    assert m.edit_distance_table(a, b, tokenizer="char").iloc[-1, -1] == d
    script = m.edit_script(a, b, tokenizer="char")
    assert sum(op != "keep" for op, _, _ in script) == d
    pred, ref = _apply(script)
    assert pred == list(a) and ref == list(b)
    assert all((op == "keep") == (p == r) for op, p, r in script if op in ("keep", "substitute"))


# ------------------------------------------------------------------- issue 11: graphemes, Brier
def test_grapheme_bleu_counts_user_perceived_characters():
    """sacrebleu's own "char" tokeniser splits ɔ̃ into ɔ + U+0303 (two tokens); "grapheme" keeps
    it one token, like every other metric of the notebook."""
    from sacrebleu.tokenizers.tokenizer_char import TokenizerChar

    assert TokenizerChar()(BONJOUR_IPA).split() == ["b", "\u0254", "\u0303", "\u0292", "u",
                                                    "\u0281"]
    joined_p, joined_r = " ".join(m.char_tokens("bɔnʒuʁ")), " ".join(m.char_tokens(BONJOUR_IPA))
    grapheme = m.sentence_bleu("bɔnʒuʁ", BONJOUR_IPA, tokenize="grapheme")
    assert grapheme == sacrebleu.sentence_bleu(joined_p, [joined_r], tokenize="none").score
    codepoints = m.sentence_bleu("bɔnʒuʁ", BONJOUR_IPA, tokenize="char")
    assert grapheme == pytest.approx(32.47, abs=0.01)
    assert codepoints == pytest.approx(37.99, abs=0.01)
    # digits have no combining marks: both tokenisers agree
    assert m.sentence_bleu("1243", "1234", tokenize="grapheme") == \
        pytest.approx(m.sentence_bleu("1243", "1234", tokenize="char"))
    table = m.metric_table().set_index("example")
    assert table.loc["ipa-nasal", "bleu"] == pytest.approx(grapheme)
    assert table.loc["ipa-nasal", "bleu_codepoints"] == pytest.approx(codepoints)
    assert math.isnan(table.loc["fa-order", "bleu_codepoints"])


def test_rouge1_tokens_matches_rouge_score_and_is_linear_in_token_errors():
    pairs = [("1243", "1234"), ("bɔnʒuʁ", BONJOUR_IPA), ("112", "12"), ("", "12"), ("9", "1")]
    for p, r in pairs:
        got = m.rouge1_tokens(m._CharRougeTokenizer().tokenize(p),
                              m._CharRougeTokenizer().tokenize(r))
        want = m.rouge(p, r, rouge_types=["rouge1"], tokenizer="char")["rouge1"] / 100
        assert got == pytest.approx(want)
    ref = list("abcdefghij")  # ten distinct tokens
    for k in range(11):  # k substitutions by tokens not in the reference
        pred = ["X"] * k + ref[k:]
        assert m.rouge1_tokens(pred, ref) == pytest.approx(1 - k / 10)
    with pytest.raises(EmergenceInputError, match="prediction"):
        m.rouge1_tokens("abc", ref)


def test_brier_lower_is_better_partial_credit_example():
    """The notebook's Brier example (issue 11): the model that prefers a wrong option but gives
    the right one 0.30 scores worse than a uniform guess (lower is better), and better than a
    confident wrong answer; more probability on the right option lowers the score."""
    right_second = m.brier_score([0.30, 0.55, 0.10, 0.05], 0)
    confident_wrong = m.brier_score([0.05, 0.90, 0.03, 0.02], 0)
    uniform = m.brier_score([0.25] * 4, 0)
    closer = m.brier_score([0.45, 0.50, 0.03, 0.02], 0)
    assert round(right_second, 2) == 0.80 and uniform == pytest.approx(0.75)
    assert right_second > uniform  # worse than a uniform guess
    assert confident_wrong > right_second > closer
    assert closer < uniform
    for probs in ([0.30, 0.55, 0.10, 0.05], [0.05, 0.90, 0.03, 0.02], [0.45, 0.50, 0.03, 0.02]):
        assert m.multiple_choice_grade(probs, 0) == 0.0  # the grade sees none of this


def test_first_example_partial_credit_numbers_of_notebook_05():
    """Notebook 05 cell 6 quotes these: BLEU 38, ROUGE-2 33, ROUGE-L-Sum 75, ROUGE-1 100."""
    assert round(m.sentence_bleu("1243", "1234", tokenize="grapheme")) == 38
    r = m.rouge("1243", "1234", tokenizer="char")
    assert (round(r["rouge1"]), round(r["rouge2"]), round(r["rougeLsum"])) == (100, 33, 75)


def test_uniform_tie_grade_is_the_expected_grade_not_a_single_grade():
    """Notebook 05 cell 9: 0.25 is the expected grade of a random pick; argmax would give 1."""
    assert m.multiple_choice_grade([0.25] * 4, 0) == 0.25
    assert m.multiple_choice_grade([0.25] * 4, 0, ties="first") == 1.0
