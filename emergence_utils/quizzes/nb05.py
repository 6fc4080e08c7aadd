"""Quiz of notebook 05: partial-credit metrics and the "mirage" argument."""

from __future__ import annotations

from ..quiz import OpenQuestion, Question

QUESTIONS = [
    Question(
        "A model answers '1243' to a question whose answer is '1234'. Which metric gives it no "
        "credit at all?",
        ["token edit distance on characters (2 edits)", "exact match",
         "ROUGE-1 on characters", "BLEU on characters"],
        1,
        "Exact match is all-or-nothing. The edit distance is 2 of 4 tokens, ROUGE-1 is 100 "
        "(the same four digits, order ignored) and BLEU is about 38.",
        why=["Tempting because it counts errors, but 2 edits out of 4 tokens is partial credit: "
             "an answer with 4 wrong digits would score worse.",
             "Right: one wrong digit and the whole answer counts as wrong.",
             "ROUGE-1 ignores order, and the prediction has exactly the target's four digits, "
             "so it scores 100.",
             "BLEU finds all four digits and the bigram '12' in the target and scores about 38."]),
    Question(
        "Four options; a model puts 0.30 on the right option and 0.55 on a wrong one. Its "
        "Brier score is 0.80; a uniform guess scores 0.75. Which statement is true?",
        ["It is worse than the uniform guess: lower is better",
         "It is better than the uniform guess, since 0.30 > 0.25",
         "It ties with the uniform guess: both have grade 0",
         "They cannot be compared: Brier only scores the top option"],
        0,
        "The Brier score is a squared error, so lower is better: 0.80 > 0.75. The confident "
        "wrong favourite (0.55) costs more than the extra probability on the right option earns. "
        "It still beats a confident wrong answer (1.71), which is the partial credit.",
        why=["Right: 0.80 > 0.75, and for the Brier score lower is better.",
             "Tempting, because the right option does get more than 0.25, but the 0.55 on a wrong "
             "option is penalised more heavily.",
             "The grade is not the Brier score: the two Brier scores differ (0.80 vs 0.75) "
             "whatever the grades are.",
             "That describes the multiple-choice grade; the Brier score uses every option's "
             "probability."]),
    Question(
        "In Schaeffer et al.'s toy model each of L tokens is right with probability p, "
        "independently. What is the expected exact match?",
        ["p", "L p", "p^L", "1 - L (1 - p)"],
        2,
        "All L tokens must be right, so p^L. It is nonlinear in p, which turns a smooth rise of p "
        "into a late, steep rise of exact match.",
        why=["That is the expected per-token accuracy, which does not depend on L.",
             "L p is the expected number of right tokens, not the chance that all are right.",
             "Right: the product of L independent probabilities p.",
             "Tempting because L (1 - p) is the expected edit distance, but 1 minus it is not a "
             "probability of getting everything right (it can be negative)."]),
    Question(
        "A test set has 200 questions and a model's true accuracy is 0.1 %. What does the test "
        "set most likely report?",
        ["0.1 %", "0.5 %", "it depends on the metric", "0 %"],
        3,
        "It reports multiples of 1/200 = 0.5 %. The chance of no right answer is 0.999^200, "
        "about 82 %, so it most likely reports exactly 0.",
        why=["0.1 % is not a multiple of 1/200, so this test set cannot report it.",
             "0.5 % is the smallest non-zero value it can report (one right answer), but that "
             "happens with a probability of only about 16 %.",
             "Accuracy is the metric here; the question is about the resolution of 200 questions.",
             "Right: (1 - 0.001)^200 is about 0.82."]),
    Question(
        "Which statement does the digitized Appendix F data (Wei et al. 2022) support?",
        ["Every partial-credit series is flat until the two largest models",
         "No series puts most of its rise in the last two models",
         "IPA ROUGE-1 rises before the jump, but 77 % of its rise is in the last two steps",
         "Multiple-choice grade is hidden behind other series in the arithmetic and IPA panels"],
        2,
        "On IPA transliterate, ROUGE-1 gains 11.6 points from model 2 to model 10, steadily, and "
        "then most of its rise in the last two steps (77 %).",
        why=["Not on IPA transliterate: ROUGE-1, ROUGE-L-Sum and BLEURT rise by 12 to 18 points "
             "before the last two models.",
             "Every series that rises beyond reading noise (and shows models 10 to 12) puts more "
             "than half of its rise in the last two steps.",
             "Right: both a steady rise and a late jump are in the data.",
             "Tempting because the series is missing, but it does not exist there: those tasks "
             "have no answer options, so there is no multiple-choice grade to hide."]),
    Question(
        "To which outputs did Schaeffer et al. (2023) apply token edit distance?",
        ["InstructGPT/GPT-3 arithmetic answers they generated themselves",
         "LaMDA's outputs on BIG-bench tasks, re-scored from the BIG-bench logs",
         "the three tasks of Wei et al.'s Appendix F",
         "vision models trained on CIFAR100 and Omniglot"],
        0,
        "They queried the OpenAI API for 2-shot arithmetic (2-digit multiplication, 4-digit "
        "addition) and scored the same outputs with accuracy and with token edit distance. On "
        "BIG-bench they re-scored LaMDA with the Brier score instead.",
        why=["Right: outputs they collected themselves, scored two ways.",
             "They did re-score LaMDA on BIG-bench, but with the Brier score on multiple-choice "
             "tasks, not with edit distance.",
             "Their edit-distance analysis used arithmetic outputs they generated, not the "
             "Appendix F tasks.",
             "Their vision experiments used metrics they defined (a reconstruction cutoff, "
             "all-of-L-correct accuracy) to induce jumps, not edit distance."]),
    OpenQuestion(
        "ROUGE-1 is linear in the number of wrong tokens, like edit distance, yet on IPA "
        "transliterate it puts 77 % of its rise in the last two of twelve LaMDA models. Does this "
        "refute Schaeffer et al.? Argue both ways.",
        "Against them: a metric that is linear in token errors still jumps, so here the jump is "
        "not only a product of an all-or-nothing metric; Wei et al. make this point. For them: "
        "ROUGE's tokens are usually words (which tokeniser BIG-bench used here is not verified; if it "
        "is rouge-score's default, which keeps only a-z and 0-9, IPA answers are judged on their "
        "ASCII letters alone), and a word is right only if all its characters are, "
        "which is itself an all-or-nothing step below the word level; their argument also assumes that "
        "the per-token accuracy improves smoothly with scale, which nothing guarantees for these "
        "twelve models; and ROUGE-1 does rise steadily (11.6 points) before the jump, so small "
        "models are not at zero. The evidence is one task, one model family and digitized "
        "values, so neither reading is settled."),
    OpenQuestion(
        "Schaeffer et al. write that they do not claim large language models cannot display "
        "emergent abilities. What, then, should a claim of emergence report so that a reader can "
        "judge it?",
        "The metric (all-or-nothing or partial credit, and how it is tokenised), the axes (a log "
        "or linear y axis), the number of test examples (which sets the smallest non-zero value "
        "it can see), the models and their scales, and the same results under a metric that is "
        "linear in per-token errors. A jump that survives a linear metric and a large test set "
        "is harder to call a mirage."),
]
