"""Quiz of notebook 06 (proxy axes, observational scaling, the loss-threshold view)."""

from ..quiz import OpenQuestion, Question

QUESTIONS = [
    Question(
        "Chinchilla 70B and Gopher 280B were trained with about the same compute (5.0e23 FLOPs in "
        "Wei et al.'s Table 1). On MMLU Chinchilla scores 67.5 % and Gopher 60.0 %. What does "
        "this pair show?",
        ["Training FLOPs alone do not fix the MMLU score",
         "Larger models are always the better models here",
         "MMLU is not one of the emergent tasks",
         "Perplexity is proven to be the best x-axis"],
        0,
        "Same x, different y: how the compute is split between parameters and tokens matters.",
        why=["Right: two models at the same FLOPs differ by 7.5 points, so FLOPs cannot be the "
             "whole story.",
             "Tempting because of the scaling plots, but here the smaller model (70B) is better.",
             "Wei et al. do show MMLU rising sharply; this pair says nothing about that.",
             "Two points always lie on a monotone line: an anecdote, not a proof."]),
    Question(
        "In Ruan et al.'s hold-out, how is the PCA of the standard benchmarks fitted?",
        ["On every model in the table, test models included",
         "On standardised scores of the training models",
         "On the training models only, centred, not scaled",
         "Separately for the training and for the test models"],
        2,
        "Their code fits the PCA after the split and passes standardize=False; the test models "
        "are projected with the training mean and components.",
        why=["That leaks information about the test models into the predictor; it is one of the "
             "variants of the robustness table, not their method.",
             "Their PCA imputation standardises internally, but the PCA itself does not.",
             "Right: mean-centred scores of the training models, no division by the spread.",
             "Then the two sets would live in different coordinate systems and a fit on one could "
             "not be applied to the other."]),
    Question(
        "Where do Du, Zeng, Dong and Tang (2024) stand on the claim that emergence is an artefact "
        "of discontinuous metrics?",
        ["They agree: with continuous metrics every sudden jump vanishes",
         "They do not discuss the choice of metric at all",
         "They find no threshold in the pre-training loss",
         "They disagree: the threshold holds with continuous metrics"],
        3,
        "Their abstract reports emergence below a loss threshold regardless of whether the metric "
        "is continuous, and they redefine emergent abilities in terms of the loss.",
        why=["That is Schaeffer et al.'s position (2023), which Du et al. argue against.",
             "Metric continuity is central to their paper: they test it explicitly.",
             "The threshold in the pre-training loss is their main finding.",
             "Right: performance stays at chance above the threshold even with continuous "
             "metrics, so they argue against a pure metric explanation."]),
    Question(
        "On IPA transliteration (exact match) at Ruan et al.'s cut-off, both held-out RMSEs are "
        "larger than the spread of the held-out scores. How does the notebook score the pair?",
        ["As a win for the fit with the smaller RMSE",
         "As 'both fail': neither beats a constant guess",
         "As a tie, because both errors are large",
         "As a win for the PCs, since they are the method"],
        1,
        "A prediction that is worse than predicting every held-out model at their mean has no "
        "skill; counting it as a win would inflate the score of either method.",
        why=["Tempting, but being less bad than a useless fit is not skill: it would count a "
             "prediction worse than a constant guess as a success.",
             "Right: both RMSEs are at or above sd_test, so neither prediction is useful here.",
             "A tie is for two useful predictions less than one point apart.",
             "The verdict must not depend on which method we hope wins."]),
    Question(
        "On the Chinchilla compute-optimal frontier, lowering a loss threshold of 2.1 nats by "
        "0.1 nats multiplies the compute the ability needs by about:",
        ["1.1 times", "2 times", "6 times", "26 times"],
        2,
        "((2.1 - 1.69) / (2.0 - 1.69))^(1/gamma) with gamma = 0.154 gives about 6.2.",
        why=["That would hold if the loss fell in proportion to compute; it falls far more "
             "slowly.",
             "Doubling the compute lowers the frontier loss by much less than 0.1 nats here.",
             "Right: the excess loss over E drops from 0.41 to 0.31 nats, and the exponent "
             "1/gamma = 6.5 turns that into a factor of about 6.",
             "That is the factor for 0.2 nats, from 2.2 down to 2.0."]),
    Question(
        "Where do the four arithmetic tasks of the observational-scaling table come from?",
        ["BIG-bench's modified arithmetic task (Wei et al. Fig. 2A)",
         "GPT-3's arithmetic tests, run with EleutherAI's harness",
         "The GSM8K benchmark of grade-school word problems",
         "BIG-bench's arithmetic task with multiple choice"],
        1,
        "Their keys (arithmetic_3ds, arithmetic_2dm, ...) are LM Evaluation Harness tasks built "
        "on the arithmetic data of Brown et al. (2020).",
        why=["Wei et al.'s Fig. 2A task is a different one; the names only look alike.",
             "Right: the GPT-3 paper's two- and three-digit problems, evaluated with EleutherAI's "
             "LM Evaluation Harness.",
             "GSM8K is one of the standard benchmarks (and is left out of the PCA for arithmetic).",
             "The keys and the free-form answers are those of the harness tasks, not BIG-bench."]),
    OpenQuestion(
        "Explain why a capability axis built from standard benchmarks can predict an 'emergent' "
        "task of large models better than training FLOPs can, and why this alone does not settle "
        "whether the ability is emergent.",
        "FLOPs measure the cost of training, not what it produced: families convert compute into "
        "capability with very different efficiency (data, recipe, architecture), so at equal "
        "FLOPs the models differ, and a FLOPs sigmoid fitted on some families misplaces others. "
        "Benchmark PCs measure the models themselves and share that information with the task. "
        "But a good prediction shows only that the rise is smooth on the new axis: it can still "
        "be abrupt on a compute axis, the fit still needs some training models that already "
        "move, the verdict depends on choices (cut-off, standardisation, where the PCA is "
        "fitted), and on some tasks both predictions fail. Emergence is a statement about an "
        "axis, and changing the axis changes the statement."),
]
