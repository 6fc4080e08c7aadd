"""Quiz of notebook 03 (few-shot emergence). Every number matches what the notebook prints."""

from __future__ import annotations

from ..quiz import OpenQuestion, Question

QUESTIONS = [
    Question(
        "In the piecewise rule, what does the threshold a measure?",
        ["The accuracy at which an ability counts as present",
         "The scale (FLOPs) below which the score stays at the baseline",
         "The number of solved examples shown in the few-shot prompt",
         "The score the curve reaches at the largest model"],
        correct=1,
        explanation="a lives on the x axis (scale); b is the score reached at a.",
        why=["Tempting, but that is b, the level at the threshold: a is on the scale axis.",
             "Right: below a the rule returns the baseline; a is a scale such as FLOPs.",
             "The number of shots is fixed by the evaluation, not fitted by the rule.",
             "The largest model's score is just a data point; the rule does not fit it as a "
             "parameter."],
    ),
    Question(
        "A curve rises steadily in 11 equal steps (12 models). What is its emergence score "
        "(Eq. 1)?",
        ["0", "1", "11", "It depends on whether the x axis is log or linear"],
        correct=2,
        explanation="The range is 11 steps; the root-median step is one step; 11 / 1 = 11.",
        why=["0 would need a flat curve (max = min).",
             "1 would need the whole range to be a single typical step.",
             "Right: range 11 steps divided by a typical step of 1.",
             "Eq. 1 uses only the order of the models along x, never the x values, so the axis "
             "scale does not matter."],
    ),
    Question(
        "Why is the binomial above-chance test not applied to panel B (IPA transliterate)?",
        ["The panel has too few models for a test",
         "BLEU is not a proportion of right answers",
         "The random baseline of the panel is 0 %",
         "Its points are digitized, so they carry extra uncertainty"],
        correct=1,
        explanation="The test counts k right answers out of n; BLEU is an n-gram overlap score.",
        why=["LaMDA has 12 models in panel B, the most of any panel.",
             "Right: a binomial test needs k correct out of n; BLEU is not such a count.",
             "Panels A and C also have a 0 % baseline and are tested.",
             "Digitized points are tested in panels A, C and D: their reading error only "
             "widens the range of right answers k the interval is computed for."],
    ),
    Question(
        "Figure 2H plots WiC one-shot for GPT-3 and PaLM. What do the papers' tables add?",
        ["No GPT-3 or PaLM model below PaLM 540B beats 51 % in any setting",
         "PaLM 540B is at chance one-shot and rises only with more examples",
         "GPT-3 175B beats PaLM 540B once both are given few-shot prompts",
         "Few-shot, PaLM 62B reaches 57.5 % and GPT-3 175B 55.3 %"],
        correct=3,
        explanation="One-shot, only PaLM 540B (63.2 %) is clearly above 50 %; few-shot, smaller "
                    "models reach 55-58 %, so 'above chance only at 540B' depends on the setting.",
        why=["True one-shot, but the few-shot rows of the same tables contradict it.",
             "PaLM 540B reads 63.2 % one-shot, the point that makes the panel 'emergent'.",
             "GPT-3 175B reads 55.3 % few-shot, PaLM 540B 64.6 %.",
             "Right: Brown et al. Table H.1 (K = 32) and Chowdhery et al. Table 40."],
    ),
    Question(
        "On GPT-3 Persian QA the emergence score (Eq. 1) is +2.4 but the last-minus-first "
        "variant is -1.0. Why do they disagree?",
        ["The best model (2.7B) sits mid-curve and the largest one scores below the smallest",
         "Eq. 1 divides by the mean step, while the variant divides by the median step",
         "The variant divides the change by the number of models on the curve",
         "The curve has a real jump at 175B that only Eq. 1 is able to detect"],
        correct=0,
        explanation="Eq. 1 uses max minus min, signed by where they occur; the variant uses "
                    "the largest minus the smallest model. On a flat, noisy curve they differ.",
        why=["Right: argmax (2.7B) is after argmin (Medium), so Eq. 1 is positive; 175B reads "
             "24.2 % and Small 25.0 %, so last minus first is negative.",
             "Both divide by the root-median squared step.",
             "Neither divides by the number of models.",
             "The curve stays within 2 points of the 25 % baseline: there is no jump."],
    ),
    Question(
        "The sigmoid fit to Chinchilla on MMLU has its midpoint at 1.4e22 FLOPs, inside the "
        "data, yet the table flags it. Why?",
        ["The midpoint lies outside the range of the models' training compute",
         "MMLU has no random baseline that could serve as the floor",
         "Its width sits at the lower bound: any step in the gap fits",
         "Chinchilla has fewer than four points on this benchmark"],
        correct=2,
        explanation="A sigmoid stuck at its narrowest width is a step; the data only say the "
                    "step lies between the models at 1.3e22 and 5.5e23 FLOPs.",
        why=["It is inside the range, so a check of the midpoint alone would pass it.",
             "MMLU has four choices: the baseline is 25 %.",
             "Right: the fit cannot place the midpoint within the gap between two models.",
             "Chinchilla has four points on MMLU, enough to fit."],
    ),
    Question(
        "None of the six Figure 2 curves that can be tested (panels A, C, D) passes the strict "
        "'near random, then above' binomial test (no margin). Why?",
        ["The smallest models get tens of right answers out of thousands, above a 0 % chance",
         "The 0.08-point reading uncertainty is added to the binomial error and swamps it",
         "The number of test examples is unknown for the BIG-bench tasks of panels A, C and D",
         "The largest models of panels A and C are not significantly above their 0 % baseline level"],
        correct=0,
        explanation="Exact match on free text has a chance level of 0 %, so any right answer "
                    "beats it: GPT-3 Small's 0.59 % is 35 of 6,000 problems, and LaMDA's "
                    "smallest model on word unscramble reads 0.87 % (77 of 8,917). 'Near random' "
                    "needs a stated margin; with 1 point, arithmetic and word unscramble pass.",
        why=["Right: with n in the thousands, 0.3 to 0.9 % is significantly above 0 %, so the "
             "smallest models are not 'near random' in the strict sense.",
             "The reading error only widens the range of k; at 0.08 points it is smaller than "
             "the binomial interval, and a wider interval would make passing easier, not harder.",
             "data/ has them from BIG-bench: 6,000 (arithmetic), 8,917 (unscramble), 1,050 "
             "(Persian QA).",
             "GPT-3 175B reads 33.0 % and the largest LaMDA 15.7 % and 12.3 %: far above 0 %."],
    ),
    OpenQuestion(
        "The automatic fit returns a threshold a for GPT-3 on WiC (one-shot), a curve that "
        "never leaves 50 %. Explain why that number is not an emergence scale, and what a "
        "careful table should do with it.",
        "The search always picks the candidate with the smallest error, so it returns some a "
        "even when no transition exists; on a flat curve the choice is driven by noise of a "
        "point or so. An emergence scale needs a curve that actually rises above chance. The "
        "table should keep the number (so the reader sees what the method does) but flag it "
        "as 'no transition', as it should flag a sigmoid whose width or ceiling is stuck at a "
        "bound or whose midpoint lies outside the models' range.",
    ),
    OpenQuestion(
        "Is word-in-context emergent? Argue both sides with the one-shot and few-shot numbers.",
        "One-shot (the panel), no GPT-3, Chinchilla or PaLM model below 540B is above chance, "
        "and PaLM 540B reaches 63.2 %: emergent in Wei et al.'s sense. Few-shot, PaLM 62B reads "
        "57.5 % and GPT-3 175B 55.3 % (GPT-3 Medium 55.0 %), so smaller models are already "
        "above 50 % and the 'jump' at 540B is smaller. Whether these few-shot gains are "
        "significant depends on the number of test examples, which data/ does not hold. The "
        "verdict depends on the prompting setting, which a claim of emergence must state.",
    ),
    OpenQuestion(
        "Strictly, GPT-3 Small's 0.59 % on modified arithmetic (35 of 6,000 problems) is "
        "significantly above the 0 % baseline, so the curve fails 'near random, then above'. "
        "Is GPT-3 Small 'near random'? What should a claim of emergence state so that the "
        "verdict can be checked?",
        "Statistically it is above chance: against a chance level of exactly 0 %, 35 right "
        "answers out of 6,000 cannot be luck. Practically it is near random: 0.6 % is far from "
        "the 33 % of GPT-3 175B. The binomial test settles the first question (it needs the "
        "number of test examples); the second needs a tolerance that the definition does not "
        "give. A claim should state the setting, the number of examples, the margin it counts "
        "as 'near random' (e.g. 1 point) and show that the verdict holds for nearby margins; on "
        "Figure 2 the emergence scales move with the margin (GPT-3 arithmetic 1.2e22 at 1 "
        "point, 2.3e22 at 2 points) and word unscramble passes at 1 point but not at 0.5. A "
        "reading error from a figure must not be passed off as sampling error: half a point of "
        "reading uncertainty subtracted from the lower bounds would make these curves pass "
        "for the wrong reason.",
    ),
]
